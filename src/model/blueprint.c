/*
 * deploylint: the render.yaml Blueprint model: services, databases, env
 * groups and their envVars read from the YAML tree, plus the key sets of
 * Render's Blueprint spec and nearest-key suggestions for typos.
 */
#include "deploylint/blueprint.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "rules/data.h"

/* ---- key sets (render.com/docs/blueprint-spec, field-reference) ------- */

static const char *const keys_top[] = {
	"services", "databases", "envVarGroups", "previews", "projects",
	"ungrouped", "previewsEnabled", "previewsExpireAfterDays", NULL
};

static const char *const keys_service[] = {
	"name", "type", "runtime", "env", "region", "plan", "previewPlan",
	"repo", "branch", "rootDir", "buildCommand", "startCommand",
	"preDeployCommand", "healthCheckPath", "autoDeploy",
	"autoDeployTrigger", "numInstances", "scaling",
	"maxShutdownDelaySeconds", "domains", "envVars", "buildFilter",
	"disk", "dockerfilePath", "dockerContext", "dockerCommand",
	"registryCredential", "image", "schedule", "staticPublishPath",
	"headers", "routes", "ipAllowList", "maxmemoryPolicy", "previews",
	"pullRequestPreviewsEnabled", "previewsEnabled",
	"previewsExpireAfterDays", "buildPlan", NULL
};

static const char *const keys_database[] = {
	"name", "plan", "region", "databaseName", "user",
	"postgresMajorVersion", "diskSizeGB", "storageAutoscalingEnabled",
	"ipAllowList", "readReplicas", "highAvailability", "previewPlan",
	"previewDiskSizeGB", NULL
};

static const char *const keys_group[] = { "name", "envVars", NULL };

static const char *const keys_envvar[] = {
	"key", "value", "generateValue", "sync", "fromDatabase",
	"fromService", "fromGroup", "previewValue", NULL
};

static const char *const keys_from_database[] = { "name", "property", NULL };

static const char *const keys_from_service[] = {
	"name", "type", "property", "envVarKey", NULL
};

static const char *const keys_previews[] = {
	"generation", "expireAfterDays", "plan", "numInstances", NULL
};

static const char *const keys_project[] = { "name", "environments", NULL };

static const char *const keys_environment[] = {
	"name", "services", "databases", "envVarGroups", "networkIsolated",
	"protected", NULL
};

static const char *const keys_scaling[] = {
	"minInstances", "maxInstances", "targetCPUPercent",
	"targetMemoryPercent", NULL
};

static const char *const keys_disk[] = { "name", "mountPath", "sizeGB", NULL };

static const char *const keys_build_filter[] = { "paths", "ignoredPaths", NULL };

static const char *const *const keysets[DL_BP_KEYS__COUNT] = {
	keys_top, keys_service, keys_database, keys_group, keys_envvar,
	keys_from_database, keys_from_service, keys_previews, keys_project,
	keys_environment, keys_scaling, keys_disk, keys_build_filter
};

const char *const *
dl_bp_keys(enum dl_bp_keyset set)
{
	return (unsigned)set < DL_BP_KEYS__COUNT ? keysets[set] : keys_top;
}

int
dl_bp_key_known(enum dl_bp_keyset set, const char *key)
{
	const char *const *k;
	for (k = dl_bp_keys(set); *k; k++)
		if (!strcmp(*k, key))
			return 1;
	return 0;
}

const char *
dl_bp_key_suggest(enum dl_bp_keyset set, const char *key)
{
	return dl_nearest_word(dl_bp_keys(set), key);
}

/* ---- value sets (rules/data/render-*.tsv, embedded) ---------------------- */

static const struct {
	enum dl_bp_valueset set;
	const char *file;
	const char *field; /* render-field-values.tsv: the first column */
} tables[] = {
	{ DL_BP_VAL_SERVICE_TYPE, "render-service-types.tsv", NULL },
	{ DL_BP_VAL_RUNTIME, "render-runtimes.tsv", NULL },
	{ DL_BP_VAL_REGION, "render-regions.tsv", NULL },
	{ DL_BP_VAL_SERVICE_PLAN, "render-service-plans.tsv", NULL },
	{ DL_BP_VAL_DATABASE_PLAN, "render-database-plans.tsv", NULL },
	{ DL_BP_VAL_KEYVALUE_PLAN, "render-keyvalue-plans.tsv", NULL },
	{ DL_BP_VAL_AUTO_DEPLOY_TRIGGER, "render-field-values.tsv", "autoDeployTrigger" },
	{ DL_BP_VAL_PREVIEWS_GENERATION, "render-field-values.tsv", "previews.generation" },
	{ DL_BP_VAL_FROM_DATABASE_PROPERTY, "render-field-values.tsv", "fromDatabase.property" },
	{ DL_BP_VAL_FROM_SERVICE_PROPERTY, "render-field-values.tsv", "fromService.property" },
};

/* Read once from the embedded tables (under pthread_once, so any thread
 * may ask first); kept for the life of the process, like the rule
 * registry, and read-only after that. */
static pthread_once_t values_once = PTHREAD_ONCE_INIT;
static struct dl_bp_value *values;
static size_t values_nr, values_alloc;

static enum dl_bp_value_status
status_of(const struct dl_data_row *row, size_t i)
{
	if (dl_data_field_is(row, i, "legacy"))
		return DL_BP_LEGACY;
	if (dl_data_field_is(row, i, "deprecated"))
		return DL_BP_DEPRECATED;
	return DL_BP_CURRENT;
}

static void
read_values(void)
{
	size_t t;

	for (t = 0; t < DL_ARRAY_SIZE(tables); t++) {
		const char *text = dl_rule_data_get(tables[t].file), *cur = NULL;
		struct dl_data_row row;
		while (dl_data_next_row(text, &cur, &row)) {
			struct dl_bp_value *v;
			size_t col = tables[t].field ? 1 : 0;
			if (tables[t].field && !dl_data_field_is(&row, 0, tables[t].field))
				continue;
			if (row.nr <= col || !row.lens[col])
				continue;
			DL_ALLOC_GROW(values, values_nr + 1, values_alloc);
			v = &values[values_nr++];
			v->set = tables[t].set;
			v->value = dl_xstrndup(row.fields[col], row.lens[col]);
			v->status = tables[t].field ? DL_BP_CURRENT : status_of(&row, 1);
		}
	}
}

static void
load_values(void)
{
	pthread_once(&values_once, read_values);
}

const struct dl_bp_value *
dl_bp_values(size_t *count_out)
{
	load_values();
	*count_out = values_nr;
	return values;
}

enum dl_bp_value_status
dl_bp_value_status(enum dl_bp_valueset set, const char *value)
{
	size_t i;
	load_values();
	for (i = 0; i < values_nr; i++)
		if (values[i].set == set && !strcmp(values[i].value, value))
			return values[i].status;
	return DL_BP_UNKNOWN;
}

const char *
dl_bp_value_suggest(enum dl_bp_valueset set, const char *value)
{
	const char **words;
	const char *best;
	size_t i, n = 0;

	load_values();
	words = dl_xcalloc(values_nr + 1, sizeof(*words));
	for (i = 0; i < values_nr; i++)
		if (values[i].set == set && values[i].status == DL_BP_CURRENT)
			words[n++] = values[i].value;
	words[n] = NULL;
	best = dl_nearest_word(words, value);
	free(words);
	return best;
}

/* ---- mappings ----------------------------------------------------------- */

const char *
dl_bp_scalar(const struct dl_yaml_node *n)
{
	n = dl_yaml_resolve(n);
	return n && n->type == DL_YAML_SCALAR ? n->scalar : NULL;
}

static int
is_merge_key(const struct dl_yaml_node *k)
{
	k = dl_yaml_resolve(k);
	return k && k->type == DL_YAML_SCALAR && k->style == DL_YAML_PLAIN &&
	       !strcmp(k->scalar, "<<") &&
	       (!k->tag || !strcmp(k->tag, "tag:yaml.org,2002:merge"));
}

struct pairs {
	const struct dl_yaml_pair **v;
	size_t nr, alloc;
	const struct dl_yaml_node *seen[DL_MAX_YAML_DEPTH];
	size_t seen_nr;
	/* the keys taken so far (borrowed from the document) */
	struct dl_hashmap keys;
};

static void
keyset_add(struct pairs *p, const char *k)
{
	dl_hashmap_add(&p->keys, k, strlen(k), NULL);
}

static int
has_key(const struct pairs *p, const char *k)
{
	return dl_hashmap_get(&p->keys, k, strlen(k), NULL);
}

static void
collect_pairs(struct pairs *p, const struct dl_yaml_node *map, size_t depth)
{
	size_t i, j;

	map = dl_yaml_resolve(map);
	if (!map || map->type != DL_YAML_MAPPING || depth >= DL_MAX_YAML_DEPTH)
		return;
	for (i = 0; i < p->seen_nr; i++)
		if (p->seen[i] == map)
			return;
	if (p->seen_nr == DL_ARRAY_SIZE(p->seen))
		return;
	p->seen[p->seen_nr++] = map;
	/* own keys first (a later duplicate replaces an earlier one) */
	for (i = 0; i < map->pairs_nr && p->nr < DL_MAX_YAML_NODES; i++) {
		const struct dl_yaml_pair *pr = &map->pairs[i];
		const char *k = dl_bp_scalar(pr->key);
		if (is_merge_key(pr->key))
			continue;
		if (depth > 0 && k && has_key(p, k))
			continue;
		DL_ALLOC_GROW(p->v, p->nr + 1, p->alloc);
		p->v[p->nr++] = pr;
	}
	/* the keys of this mapping hide those of the mappings it merges */
	for (i = 0; i < map->pairs_nr; i++) {
		const char *k = dl_bp_scalar(map->pairs[i].key);
		if (k && !is_merge_key(map->pairs[i].key))
			keyset_add(p, k);
	}
	for (i = 0; i < map->pairs_nr; i++) {
		const struct dl_yaml_node *v;
		if (!is_merge_key(map->pairs[i].key))
			continue;
		v = dl_yaml_resolve(map->pairs[i].value);
		if (!v)
			continue;
		if (v->type == DL_YAML_MAPPING)
			collect_pairs(p, v, depth + 1);
		else if (v->type == DL_YAML_SEQUENCE)
			for (j = 0; j < v->items_nr; j++)
				collect_pairs(p, v->items[j], depth + 1);
	}
}

size_t
dl_bp_pairs(const struct dl_yaml_node *map, const struct dl_yaml_pair ***out)
{
	struct pairs *p = dl_xcalloc(1, sizeof(*p));
	size_t nr;

	collect_pairs(p, map, 0);
	*out = p->v;
	nr = p->nr;
	dl_hashmap_release(&p->keys);
	free(p);
	return nr;
}

/* ---- building ----------------------------------------------------------- */

static const struct dl_yaml_node *
get(const struct dl_yaml_node *map, const char *key)
{
	return dl_yaml_get(map, key);
}

static const struct dl_yaml_node *
seq(const struct dl_yaml_node *n)
{
	n = dl_yaml_resolve(n);
	return n && n->type == DL_YAML_SEQUENCE ? n : NULL;
}

static const struct dl_yaml_node *
map_item(const struct dl_yaml_node *n)
{
	n = dl_yaml_resolve(n);
	return n && n->type == DL_YAML_MAPPING ? n : NULL;
}

static const char *const source_keys[DL_BP_SRC__COUNT] = {
	NULL, "value", "generateValue", "sync", "fromDatabase", "fromService",
	"fromGroup"
};

static void
read_envvars(struct dl_bp_envvars *out, const struct dl_yaml_node *list)
{
	const struct dl_yaml_node *s;
	size_t i, alloc = 0;

	memset(out, 0, sizeof(*out));
	out->node = dl_yaml_resolve(list);
	s = seq(list);
	if (!s)
		return;
	for (i = 0; i < s->items_nr; i++) {
		const struct dl_yaml_node *it = map_item(s->items[i]);
		struct dl_bp_envvar *ev;
		int src;

		if (!it)
			continue;
		DL_ALLOC_GROW(out->items, out->nr + 1, alloc);
		ev = &out->items[out->nr++];
		memset(ev, 0, sizeof(*ev));
		ev->node = it;
		ev->key = get(it, "key");
		ev->name = dl_bp_scalar(ev->key);
		for (src = DL_BP_SRC_VALUE; src < DL_BP_SRC__COUNT; src++) {
			const struct dl_yaml_node *v = get(it, source_keys[src]);
			if (!dl_yaml_get_key(it, source_keys[src]))
				continue;
			ev->sources |= 1u << src;
			if (ev->source == DL_BP_SRC_NONE) {
				ev->source = (enum dl_bp_source)src;
				ev->value = v;
				ev->source_key = dl_yaml_get_key(it, source_keys[src]);
			}
		}
		switch (ev->source) {
		case DL_BP_SRC_DATABASE:
			ev->from_name = get(ev->value, "name");
			ev->from_property = get(ev->value, "property");
			break;
		case DL_BP_SRC_SERVICE:
			ev->from_name = get(ev->value, "name");
			ev->from_type = get(ev->value, "type");
			ev->from_property = get(ev->value, "property");
			ev->from_env_key = get(ev->value, "envVarKey");
			break;
		case DL_BP_SRC_GROUP:
			ev->from_name = ev->value;
			break;
		default:
			break;
		}
	}
}

static char *
normalise_root_dir(const char *raw, int *outside)
{
	char *joined;

	while (*raw == '/')
		raw++;
	joined = dl_path_join("", raw);
	*outside = !dl_path_is_under(joined, "");
	return joined;
}

static void
add_list(struct dl_blueprint *bp, size_t scope, const struct dl_yaml_node *map,
	 const char *key)
{
	const struct dl_yaml_node *k = dl_yaml_get_key(map, key);
	struct dl_bp_list *l;

	if (!k)
		return;
	DL_ALLOC_GROW(bp->lists, bp->lists_nr + 1, bp->lists_alloc);
	l = &bp->lists[bp->lists_nr++];
	l->scope = scope;
	l->key = k;
	l->value = get(map, key);
}

static void
read_scope(struct dl_blueprint *bp, const struct dl_yaml_node *map, size_t scope)
{
	const struct dl_yaml_node *s;
	size_t i;

	add_list(bp, scope, map, "services");
	add_list(bp, scope, map, "databases");
	add_list(bp, scope, map, "envVarGroups");

	if ((s = seq(get(map, "services"))))
		for (i = 0; i < s->items_nr; i++) {
			const struct dl_yaml_node *it = map_item(s->items[i]);
			struct dl_bp_service *sv;
			if (!it)
				continue;
			DL_ALLOC_GROW(bp->services, bp->services_nr + 1, bp->services_alloc);
			sv = &bp->services[bp->services_nr++];
			memset(sv, 0, sizeof(*sv));
			sv->node = it;
			sv->scope = scope;
			sv->type = get(it, "type");
			sv->runtime = get(it, "runtime");
			sv->env = get(it, "env");
			sv->name = get(it, "name");
			sv->plan = get(it, "plan");
			sv->region = get(it, "region");
			sv->root_dir = get(it, "rootDir");
			sv->build_command = get(it, "buildCommand");
			sv->start_command = get(it, "startCommand");
			sv->pre_deploy_command = get(it, "preDeployCommand");
			sv->health_check_path = get(it, "healthCheckPath");
			sv->dockerfile_path = get(it, "dockerfilePath");
			sv->docker_context = get(it, "dockerContext");
			sv->docker_command = get(it, "dockerCommand");
			sv->num_instances = get(it, "numInstances");
			sv->auto_deploy = get(it, "autoDeploy");
			sv->auto_deploy_trigger = get(it, "autoDeployTrigger");
			sv->repo = get(it, "repo");
			sv->image = get(it, "image");
			sv->type_s = dl_bp_scalar(sv->type);
			sv->name_s = dl_bp_scalar(sv->name);
			sv->plan_s = dl_bp_scalar(sv->plan);
			sv->region_s = dl_bp_scalar(sv->region);
			sv->runtime_s = dl_bp_scalar(sv->runtime);
			if (!sv->runtime_s)
				sv->runtime_s = dl_bp_scalar(sv->env);
			if (dl_bp_scalar(sv->root_dir))
				sv->work_dir = normalise_root_dir(dl_bp_scalar(sv->root_dir),
								  &sv->root_dir_outside);
			else
				sv->work_dir = dl_xstrdup("");
			read_envvars(&sv->env_vars, get(it, "envVars"));
		}

	if ((s = seq(get(map, "databases"))))
		for (i = 0; i < s->items_nr; i++) {
			const struct dl_yaml_node *it = map_item(s->items[i]);
			struct dl_bp_database *db;
			if (!it)
				continue;
			DL_ALLOC_GROW(bp->databases, bp->databases_nr + 1, bp->databases_alloc);
			db = &bp->databases[bp->databases_nr++];
			memset(db, 0, sizeof(*db));
			db->node = it;
			db->scope = scope;
			db->name = get(it, "name");
			db->plan = get(it, "plan");
			db->region = get(it, "region");
			db->database_name = get(it, "databaseName");
			db->user = get(it, "user");
			db->postgres_major_version = get(it, "postgresMajorVersion");
			db->name_s = dl_bp_scalar(db->name);
			db->plan_s = dl_bp_scalar(db->plan);
		}

	if ((s = seq(get(map, "envVarGroups"))))
		for (i = 0; i < s->items_nr; i++) {
			const struct dl_yaml_node *it = map_item(s->items[i]);
			struct dl_bp_group *g;
			if (!it)
				continue;
			DL_ALLOC_GROW(bp->groups, bp->groups_nr + 1, bp->groups_alloc);
			g = &bp->groups[bp->groups_nr++];
			memset(g, 0, sizeof(*g));
			g->node = it;
			g->scope = scope;
			g->name = get(it, "name");
			g->name_s = dl_bp_scalar(g->name);
			read_envvars(&g->env_vars, get(it, "envVars"));
		}
}

void
dl_blueprint_build(struct dl_blueprint *out, struct dl_file *file,
		   const struct dl_yaml_doc *doc)
{
	const struct dl_yaml_node *root, *projects;
	size_t i, j;

	memset(out, 0, sizeof(*out));
	out->file = file;
	out->doc = doc;
	out->dir = dl_path_dirname(file ? file->path : "");
	out->scopes = 1;
	root = doc ? dl_yaml_resolve(doc->root) : NULL;
	if (root && root->type != DL_YAML_MAPPING) {
		/* an empty document ("" or only comments) has no root at all;
		 * a lone null scalar counts as empty too */
		if (!(root->type == DL_YAML_SCALAR && root->style == DL_YAML_PLAIN &&
		      (root->scalar_len == 0 || !strcmp(root->scalar, "~") ||
		       !strcmp(root->scalar, "null"))))
			out->root_not_mapping = 1;
		root = NULL;
	}
	out->root = root;
	if (!root)
		return;
	out->previews = get(root, "previews");
	read_scope(out, root, 0);
	projects = seq(get(root, "projects"));
	if (!projects)
		return;
	for (i = 0; i < projects->items_nr; i++) {
		const struct dl_yaml_node *envs = seq(get(projects->items[i], "environments"));
		if (!envs)
			continue;
		for (j = 0; j < envs->items_nr; j++) {
			const struct dl_yaml_node *e = map_item(envs->items[j]);
			if (!e)
				continue;
			read_scope(out, e, out->scopes);
			out->scopes++;
		}
	}
}

void
dl_blueprint_release(struct dl_blueprint *bp)
{
	size_t i;

	for (i = 0; i < bp->services_nr; i++) {
		free(bp->services[i].work_dir);
		free(bp->services[i].env_vars.items);
	}
	for (i = 0; i < bp->groups_nr; i++)
		free(bp->groups[i].env_vars.items);
	free(bp->services);
	free(bp->databases);
	free(bp->groups);
	free(bp->lists);
	free(bp->dir);
	memset(bp, 0, sizeof(*bp));
}

int
dl_bp_service_is_static(const struct dl_bp_service *s)
{
	return s->runtime_s && !strcmp(s->runtime_s, "static");
}

int
dl_bp_service_is_python(const struct dl_bp_service *s)
{
	return s->runtime_s && !strcmp(s->runtime_s, "python");
}
