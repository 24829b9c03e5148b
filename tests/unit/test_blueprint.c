/*
 * Unit tests for the render.yaml Blueprint model: services, databases, env
 * groups and envVars sources, aliases and merge keys, projects, rootDir,
 * key suggestions, and the value tables against rules/data/render-*.tsv.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/blueprint.h"
#include "deploylint/parse.h"
#include "deploylint/util.h"

static struct dl_arena arena;
static struct dl_yaml_doc doc;
static struct dl_file file;
static struct dl_blueprint bp;

static int
setup(void **state)
{
	(void)state;
	dl_arena_init(&arena);
	memset(&bp, 0, sizeof(bp));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	dl_blueprint_release(&bp);
	dl_arena_release(&arena);
	return 0;
}

static void
build(const char *path, const char *yaml)
{
	memset(&file, 0, sizeof(file));
	file.path = (char *)(uintptr_t)path;
	dl_yaml_parse(&doc, &arena, yaml, strlen(yaml));
	assert_false(doc.error.set);
	dl_blueprint_release(&bp);
	dl_blueprint_build(&bp, &file, &doc);
}

static void
test_services_and_env_vars(void **state)
{
	const struct dl_bp_service *s;
	const struct dl_bp_envvar *ev;
	(void)state;

	build("backend/render.yaml",
	      "services:\n"
	      "  - type: web\n"
	      "    name: api\n"
	      "    env: python\n"
	      "    plan: free\n"
	      "    rootDir: ./backend/\n"
	      "    buildCommand: ./build.sh\n"
	      "    startCommand: uvicorn app.main:app --host 0.0.0.0 --port $PORT\n"
	      "    envVars:\n"
	      "      - key: DATABASE_URL\n"
	      "        fromDatabase:\n"
	      "          name: db\n"
	      "          property: connectionString\n"
	      "      - key: SECRET_KEY\n"
	      "        generateValue: true\n"
	      "      - key: BOTH\n"
	      "        value: x\n"
	      "        sync: false\n"
	      "      - fromGroup: shared\n"
	      "      - just a string\n"
	      "  - type: web\n"
	      "    name: site\n"
	      "    runtime: static\n"
	      "databases:\n"
	      "  - name: db\n"
	      "    plan: basic-256mb\n"
	      "envVarGroups:\n"
	      "  - name: shared\n"
	      "    envVars:\n"
	      "      - key: A\n"
	      "        value: b\n");
	assert_string_equal(bp.dir, "backend");
	assert_int_equal(bp.services_nr, 2);
	s = &bp.services[0];
	assert_string_equal(s->name_s, "api");
	assert_string_equal(s->type_s, "web");
	assert_string_equal(s->runtime_s, "python"); /* from the old `env` */
	assert_null(s->runtime);
	assert_non_null(s->env);
	assert_string_equal(s->plan_s, "free");
	assert_string_equal(s->work_dir, "backend");
	assert_false(s->root_dir_outside);
	assert_true(dl_bp_service_is_python(s));
	assert_false(dl_bp_service_is_static(s));
	assert_int_equal(s->start_command->start.line, 8);
	assert_int_equal(s->start_command->start.col, 19);

	/* the scalar item is not a mapping: four items are kept */
	assert_int_equal(s->env_vars.nr, 4);
	ev = &s->env_vars.items[0];
	assert_string_equal(ev->name, "DATABASE_URL");
	assert_int_equal(ev->source, DL_BP_SRC_DATABASE);
	assert_string_equal(dl_bp_scalar(ev->from_name), "db");
	assert_string_equal(dl_bp_scalar(ev->from_property), "connectionString");
	ev = &s->env_vars.items[1];
	assert_int_equal(ev->source, DL_BP_SRC_GENERATE);
	ev = &s->env_vars.items[2];
	assert_int_equal(ev->source, DL_BP_SRC_VALUE);
	assert_int_equal(ev->sources, (1u << DL_BP_SRC_VALUE) | (1u << DL_BP_SRC_SYNC));
	ev = &s->env_vars.items[3];
	assert_null(ev->key);
	assert_int_equal(ev->source, DL_BP_SRC_GROUP);
	assert_string_equal(dl_bp_scalar(ev->from_name), "shared");

	assert_true(dl_bp_service_is_static(&bp.services[1]));
	assert_string_equal(bp.services[1].work_dir, "");
	assert_int_equal(bp.databases_nr, 1);
	assert_string_equal(bp.databases[0].plan_s, "basic-256mb");
	assert_int_equal(bp.groups_nr, 1);
	assert_int_equal(bp.groups[0].env_vars.nr, 1);
	assert_int_equal(bp.lists_nr, 3);
}

static void
test_aliases_and_merges(void **state)
{
	const struct dl_yaml_pair **pairs = NULL;
	size_t n;
	(void)state;

	build("render.yaml",
	      "services:\n"
	      "  - &base\n"
	      "    type: worker\n"
	      "    name: one\n"
	      "    runtime: python\n"
	      "    envVars: &vars\n"
	      "      - key: A\n"
	      "        value: '1'\n"
	      "  - <<: *base\n"
	      "    name: two\n"
	      "    startCommand: celery -A app worker\n"
	      "  - *base\n");
	assert_int_equal(bp.services_nr, 3);
	assert_string_equal(bp.services[1].name_s, "two");    /* own key wins */
	assert_string_equal(bp.services[1].type_s, "worker"); /* merged */
	assert_int_equal(bp.services[1].env_vars.nr, 1);
	/* merged nodes are the anchor's, not copies */
	assert_ptr_equal(bp.services[1].env_vars.items[0].node,
			 bp.services[0].env_vars.items[0].node);
	/* an alias item is the same service node */
	assert_ptr_equal(bp.services[2].node, bp.services[0].node);

	n = dl_bp_pairs(bp.services[1].node, &pairs);
	/* name, startCommand, then type, runtime, envVars from the merge */
	assert_int_equal(n, 5);
	assert_string_equal(dl_bp_scalar(pairs[0]->key), "name");
	assert_string_equal(dl_bp_scalar(pairs[1]->key), "startCommand");
	assert_string_equal(dl_bp_scalar(pairs[2]->key), "type");
	assert_int_equal(pairs[2]->key->start.line, 3);
	free(pairs);
	assert_int_equal(dl_bp_pairs(NULL, &pairs), 0);
	assert_null(pairs);
}

static void
test_projects_and_root_dirs(void **state)
{
	(void)state;

	build("render.yaml",
	      "projects:\n"
	      "  - name: shop\n"
	      "    environments:\n"
	      "      - name: production\n"
	      "        services:\n"
	      "          - type: pserv\n"
	      "            name: db\n"
	      "            runtime: docker\n"
	      "            rootDir: ../outside\n"
	      "        databases:\n"
	      "          - name: db\n"
	      "      - name: staging\n"
	      "        services:\n"
	      "          - type: web\n"
	      "            name: api\n"
	      "            runtime: python\n"
	      "            rootDir: /services/api/../api\n"
	      "services:\n"
	      "  - type: web\n"
	      "    name: root-api\n"
	      "    runtime: python\n");
	assert_int_equal(bp.scopes, 3);
	assert_int_equal(bp.services_nr, 3);
	assert_string_equal(bp.services[0].name_s, "root-api");
	assert_int_equal(bp.services[0].scope, 0);
	/* a pserv and a database may share a name */
	assert_string_equal(bp.services[1].name_s, "db");
	assert_int_equal(bp.services[1].scope, 1);
	assert_true(bp.services[1].root_dir_outside);
	assert_int_equal(bp.databases_nr, 1);
	assert_int_equal(bp.databases[0].scope, 1);
	assert_int_equal(bp.services[2].scope, 2);
	assert_string_equal(bp.services[2].work_dir, "services/api");
	assert_false(bp.services[2].root_dir_outside);
}

static void
test_empty_and_odd_documents(void **state)
{
	(void)state;

	build("render.yaml", "# only a comment\n\n# another\n");
	assert_null(bp.root);
	assert_false(bp.root_not_mapping);
	assert_int_equal(bp.services_nr, 0);

	build("render.yaml", "~\n");
	assert_null(bp.root);
	assert_false(bp.root_not_mapping);

	build("render.yaml", "- type: web\n");
	assert_null(bp.root);
	assert_true(bp.root_not_mapping);

	build("render.yaml", "services: web\ndatabases:\n");
	assert_non_null(bp.root);
	assert_int_equal(bp.services_nr, 0);
	assert_int_equal(bp.lists_nr, 2);
	assert_int_equal(bp.lists[0].value->type, DL_YAML_SCALAR);

	/* building without a document is harmless */
	dl_blueprint_release(&bp);
	dl_blueprint_build(&bp, NULL, NULL);
	assert_null(bp.root);
	assert_string_equal(bp.dir, "");
}

static void
test_keys_and_suggestions(void **state)
{
	(void)state;

	assert_true(dl_bp_key_known(DL_BP_KEYS_SERVICE, "startCommand"));
	assert_false(dl_bp_key_known(DL_BP_KEYS_SERVICE, "startcommand"));
	assert_string_equal(dl_bp_key_suggest(DL_BP_KEYS_SERVICE, "startcommand"), "startCommand");
	assert_string_equal(dl_bp_key_suggest(DL_BP_KEYS_SERVICE, "startComand"), "startCommand");
	assert_string_equal(dl_bp_key_suggest(DL_BP_KEYS_SERVICE, "buildComamnd"), "buildCommand");
	assert_string_equal(dl_bp_key_suggest(DL_BP_KEYS_SERVICE, "rootdir"), "rootDir");
	assert_string_equal(dl_bp_key_suggest(DL_BP_KEYS_TOP, "service"), "services");
	assert_string_equal(dl_bp_key_suggest(DL_BP_KEYS_ENVVAR, "vaule"), "value");
	assert_null(dl_bp_key_suggest(DL_BP_KEYS_SERVICE, "kubernetes"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_TOP, "services"));

	assert_int_equal(dl_edit_distance("", ""), 0);
	assert_int_equal(dl_edit_distance("abc", ""), 3);
	assert_int_equal(dl_edit_distance("ab", "ba"), 1); /* transposition */
	assert_int_equal(dl_edit_distance("Plan", "plan"), 0);
	assert_int_equal(dl_edit_distance("kitten", "sitting"), 3);
	{
		char big[200];
		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(dl_edit_distance(big, "a"), SIZE_MAX);
	}
}

static void
test_value_sets(void **state)
{
	(void)state;

	assert_int_equal(dl_bp_value_status(DL_BP_VAL_SERVICE_TYPE, "web"), DL_BP_CURRENT);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_SERVICE_TYPE, "redis"), DL_BP_DEPRECATED);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_SERVICE_TYPE, "Web"), DL_BP_UNKNOWN);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_REGION, "frankfurt"), DL_BP_CURRENT);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_REGION, "eu-central-1"), DL_BP_UNKNOWN);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_DATABASE_PLAN, "starter"), DL_BP_LEGACY);
	assert_string_equal(dl_bp_value_suggest(DL_BP_VAL_RUNTIME, "pyhton"), "python");
	assert_string_equal(dl_bp_value_suggest(DL_BP_VAL_REGION, "frankfort"), "frankfurt");
	/* deprecated values are never suggested */
	assert_null(dl_bp_value_suggest(DL_BP_VAL_SERVICE_TYPE, "redi"));
	assert_string_equal(dl_bp_value_suggest(DL_BP_VAL_SERVICE_TYPE, "keyvalu"), "keyvalue");
}

/* The key sets come from rules/data/render-blueprint-fields.tsv: every
 * row there names a known object, a date ("-" or YYYY-MM-DD), a source
 * and the date it was last checked against that source ("-" or
 * YYYY-MM-DD), no field is listed twice for one object, and each is
 * known; lines starting with '#' are comments; the
 * advice for invented fields comes from render-invented-fields.tsv, and
 * no invented field is a real one. */
/* "-" or a YYYY-MM-DD date */
static int
is_date_or_dash(const char *s)
{
	size_t i;
	if (!strcmp(s, "-"))
		return 1;
	if (strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !dl_isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
test_field_tables(void **state)
{
	static const char *const objects[] = {
		"top", "service", "database", "envVarGroup", "envVar", "fromDatabase",
		"fromService", "previews", "project", "environment", "scaling", "disk",
		"buildFilter"
	};
	const char *src = getenv("DL_SOURCE_DIR");
	char path[1024], line[2048];
	FILE *fp;
	size_t rows = 0, k;
	(void)state;

	if (!src)
		src = ".";
	snprintf(path, sizeof(path), "%s/rules/data/render-blueprint-fields.tsv", src);
	fp = fopen(path, "r");
	if (!fp)
		fail_msg("cannot open %s (set DL_SOURCE_DIR)", path);
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_string_equal(line, "object\tfield\tadded\tsource\tchecked\n");
	while (fgets(line, sizeof(line), fp)) {
		char *f[5], *p = line;
		size_t n = 0, set = DL_ARRAY_SIZE(objects);
		const char *const *keys;
		size_t seen = 0;
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		while (n < 5 && p) {
			f[n++] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		assert_int_equal(n, 5);
		assert_null(p);
		for (k = 0; k < DL_ARRAY_SIZE(objects); k++)
			if (!strcmp(f[0], objects[k]))
				set = k;
		if (set == DL_ARRAY_SIZE(objects))
			fail_msg("unknown object %s", f[0]);
		assert_true(!strcmp(f[2], "-") || (strlen(f[2]) == 10 && f[2][4] == '-'));
		assert_true(strlen(f[3]) > 10);
		assert_true(is_date_or_dash(f[4]));
		assert_true(dl_bp_key_known((enum dl_bp_keyset)set, f[1]));
		for (keys = dl_bp_keys((enum dl_bp_keyset)set); *keys; keys++)
			seen += !strcmp(*keys, f[1]);
		assert_int_equal(seen, 1);
		rows++;
	}
	fclose(fp);
	assert_true(rows > 80);
	/* what the issue names, as of this year */
	assert_true(dl_bp_key_known(DL_BP_KEYS_SERVICE, "maxShutdownDelaySeconds"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_SERVICE, "autoDeployTrigger"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_SERVICE, "buildFilter"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_SERVICE, "previews"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_SERVICE, "maxmemoryPolicy"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_TOP, "previews"));
	/* no Blueprint source shows these (Dashboard and API settings only) */
	assert_false(dl_bp_key_known(DL_BP_KEYS_ENVIRONMENT, "networkIsolated"));
	assert_false(dl_bp_key_known(DL_BP_KEYS_ENVIRONMENT, "protected"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_ENVIRONMENT, "envVarGroups"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_PROJECT, "envVarGroups"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_DATABASE, "readReplicas"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_DATABASE, "highAvailability"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_DATABASE, "diskSizeGB"));
	assert_true(dl_bp_key_known(DL_BP_KEYS_FROM_SERVICE, "envVarKey"));
	assert_false(dl_bp_key_known(DL_BP_KEYS_SERVICE, "pythonVersion"));
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_SERVICE_TYPE, "workflow"), DL_BP_CURRENT);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_POSTGRES_MAJOR_VERSION, "11"), DL_BP_CURRENT);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_POSTGRES_MAJOR_VERSION, "18"), DL_BP_CURRENT);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_POSTGRES_MAJOR_VERSION, "10"), DL_BP_UNKNOWN);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_SERVICE_PLAN, "starter_plus"), DL_BP_CURRENT);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_SERVICE_PLAN, "pro_plus_legacy"), DL_BP_LEGACY);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_SERVICE_PLAN, "0.5c-512mb"), DL_BP_CURRENT);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_KEYVALUE_PLAN, "256mb"), DL_BP_CURRENT);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_DATABASE_PLAN, "starter"), DL_BP_LEGACY);
	assert_int_equal(dl_bp_value_status(DL_BP_VAL_DATABASE_PLAN, "accelerated-1024gb"), DL_BP_CURRENT);

	/* invented fields: advice, never for a real field */
	assert_string_equal(dl_bp_key_hint(DL_BP_KEYS_SERVICE, "pythonVersion"),
			    "set PYTHON_VERSION in envVars or a .python-version file");
	assert_null(dl_bp_key_hint(DL_BP_KEYS_DATABASE, "pythonVersion"));
	assert_null(dl_bp_key_hint(DL_BP_KEYS_SERVICE, "startCommand"));
	snprintf(path, sizeof(path), "%s/rules/data/render-invented-fields.tsv", src);
	fp = fopen(path, "r");
	if (!fp)
		fail_msg("cannot open %s", path);
	assert_non_null(fgets(line, sizeof(line), fp));
	while (fgets(line, sizeof(line), fp)) {
		char *obj = line, *field, *hint;
		size_t set = DL_ARRAY_SIZE(objects);
		field = strchr(obj, '\t');
		assert_non_null(field);
		*field++ = '\0';
		hint = strchr(field, '\t');
		assert_non_null(hint);
		*hint++ = '\0';
		assert_non_null(strchr(hint, '\t')); /* a source column */
		for (k = 0; k < DL_ARRAY_SIZE(objects); k++)
			if (!strcmp(obj, objects[k]))
				set = k;
		assert_true(set < DL_ARRAY_SIZE(objects));
		assert_false(dl_bp_key_known((enum dl_bp_keyset)set, field));
		assert_non_null(dl_bp_key_hint((enum dl_bp_keyset)set, field));
	}
	fclose(fp);
}

/* Every row of rules/data/render-*.tsv on disk is in the embedded table
 * with its status, every row names a source, and the table holds nothing
 * else (no duplicates, no rows lost by the reader). */
static void
test_tables_match_tsv(void **state)
{
	static const struct {
		const char *file;
		const char *field; /* render-field-values.tsv's first column */
		enum dl_bp_valueset set;
	} files[] = {
		{ "render-service-types.tsv", NULL, DL_BP_VAL_SERVICE_TYPE },
		{ "render-runtimes.tsv", NULL, DL_BP_VAL_RUNTIME },
		{ "render-regions.tsv", NULL, DL_BP_VAL_REGION },
		{ "render-service-plans.tsv", NULL, DL_BP_VAL_SERVICE_PLAN },
		{ "render-database-plans.tsv", NULL, DL_BP_VAL_DATABASE_PLAN },
		{ "render-keyvalue-plans.tsv", NULL, DL_BP_VAL_KEYVALUE_PLAN },
		{ "render-field-values.tsv", "autoDeployTrigger", DL_BP_VAL_AUTO_DEPLOY_TRIGGER },
		{ "render-field-values.tsv", "previews.generation", DL_BP_VAL_PREVIEWS_GENERATION },
		{ "render-field-values.tsv", "fromDatabase.property", DL_BP_VAL_FROM_DATABASE_PROPERTY },
		{ "render-field-values.tsv", "fromService.property", DL_BP_VAL_FROM_SERVICE_PROPERTY },
		{ "render-field-values.tsv", "postgresMajorVersion", DL_BP_VAL_POSTGRES_MAJOR_VERSION },
	};
	const char *src = getenv("DL_SOURCE_DIR");
	const struct dl_bp_value *vals;
	size_t nvals, i, k, rows = 0;
	(void)state;

	if (!src)
		src = ".";
	vals = dl_bp_values(&nvals);
	for (i = 0; i < DL_ARRAY_SIZE(files); i++) {
		char path[1024], line[1024];
		FILE *fp;
		int header = 1;
		snprintf(path, sizeof(path), "%s/rules/data/%s", src, files[i].file);
		fp = fopen(path, "r");
		if (!fp)
			fail_msg("cannot open %s (set DL_SOURCE_DIR)", path);
		while (fgets(line, sizeof(line), fp)) {
			char *f1 = line, *f2, *f3, *value;
			const char *status;
			enum dl_bp_value_status want;
			if (header) {
				header = 0;
				continue;
			}
			f2 = strchr(f1, '\t');
			assert_non_null(f2);
			*f2++ = '\0';
			f3 = strchr(f2, '\t');
			assert_non_null(f3);
			*f3++ = '\0';
			/* every row names its source, then the date it was checked */
			assert_true(strlen(f3) > 5);
			{
				char *chk = strrchr(f3, '\t');
				assert_non_null(chk);
				chk[strcspn(chk, "\n")] = '\0';
				assert_true(is_date_or_dash(chk + 1));
			}
			if (files[i].field) {
				if (strcmp(f1, files[i].field))
					continue;
				value = f2;
				status = "current";
			} else {
				value = f1;
				status = f2;
			}
			want = !strcmp(status, "current") ? DL_BP_CURRENT : !strcmp(status, "legacy") ? DL_BP_LEGACY
												      : DL_BP_DEPRECATED;
			if (dl_bp_value_status(files[i].set, value) != want)
				fail_msg("%s: %s is not %s in the embedded table", files[i].file,
					 value, status);
			rows++;
		}
		fclose(fp);
	}
	/* no embedded value without a row (rows are unique per set) */
	assert_int_equal(rows, nvals);
	for (i = 0; i < nvals; i++)
		for (k = 0; k < i; k++)
			if (vals[k].set == vals[i].set && !strcmp(vals[k].value, vals[i].value))
				fail_msg("duplicate value %s", vals[i].value);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_services_and_env_vars, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases_and_merges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_projects_and_root_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_odd_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_and_suggestions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_sets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tables_match_tsv, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
