/*
 * Unit tests for the Alembic model: script-location discovery and the
 * revision graph (heads, bases, labels, dangling references, cycles).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploylint/repo.h"
#include "model/alembic.h"
#include "rules/check.h"

struct tree {
	char dir[64];
	struct dl_repo repo;
	struct dl_alembic a;
	struct dl_check_ctx ctx; /* its document cache and service model */
	int built;
};

/* The Alembic model reads where `alembic` runs from the service model,
 * built as a lint run builds it (rules/check.h). */
static void
build_models(struct tree *t)
{
	memset(&t->ctx, 0, sizeof(t->ctx));
	t->ctx.repo = &t->repo;
	dl_ctx_init(&t->ctx);
	dl_alembic_build(&t->a, &t->repo, dl_ctx_model(&t->ctx));
}

static void
release_models(struct tree *t)
{
	dl_ctx_release(&t->ctx);
	dl_alembic_release(&t->a);
}

static void
mkdirs(const char *path)
{
	char buf[512];
	size_t i, n = strlen(path);
	assert_true(n < sizeof(buf));
	memcpy(buf, path, n + 1);
	for (i = 1; i < n; i++)
		if (buf[i] == '/') {
			buf[i] = '\0';
			mkdir(buf, 0755);
			buf[i] = '/';
		}
}

static void
put(struct tree *t, const char *rel, const char *content)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	mkdirs(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void
rev(struct tree *t, const char *dir, const char *id, const char *down)
{
	char rel[256], body[512];
	snprintf(rel, sizeof(rel), "%s/%s_m.py", dir, id);
	snprintf(body, sizeof(body),
		 "\"\"\"m\n\nrevision = 'fake'\n\"\"\"\nrevision = '%s'\ndown_revision = %s\n",
		 id, down);
	put(t, rel, body);
}

static int
setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/dltest.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];
	if (t->built) {
		release_models(t);
		dl_repo_release(&t->repo);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

static void
build(struct tree *t)
{
	char *err = NULL;
	assert_int_equal(dl_repo_scan(&t->repo, t->dir, &err), 0);
	build_models(t);
	t->built = 1;
}

static const struct dl_revision *
find_rev(const struct dl_script_location *loc, const char *id)
{
	size_t i;
	for (i = 0; i < loc->revs_nr; i++)
		if (loc->revs[i].id && !strcmp(loc->revs[i].id, id))
			return &loc->revs[i];
	fail_msg("no revision %s", id);
	return NULL;
}

static size_t
count_heads(const struct dl_script_location *loc)
{
	size_t i, n = 0;
	for (i = 0; i < loc->revs_nr; i++)
		n += loc->revs[i].is_head && loc->revs[i].duplicate_of < 0 &&
		     loc->revs[i].id;
	return n;
}

static void
std_layout(struct tree *t)
{
	put(t, "alembic.ini", "[alembic]\nscript_location = alembic\n");
	put(t, "alembic/env.py", "import os\n");
}

static void
test_linear_chain(void **state)
{
	struct tree *t = *state;
	std_layout(t);
	rev(t, "alembic/versions", "aaaaaaaaaaa1", "None");
	rev(t, "alembic/versions", "aaaaaaaaaaa2", "'aaaaaaaaaaa1'");
	rev(t, "alembic/versions", "aaaaaaaaaaa3", "\"aaaaaaaaaaa2\"");
	build(t);
	assert_int_equal(t->a.locs_nr, 1);
	assert_string_equal(t->a.locs[0].dir, "alembic");
	assert_int_equal(t->a.locs[0].problem, DL_LOC_OK);
	assert_int_equal(t->a.locs[0].revs_nr, 3);
	assert_int_equal(count_heads(&t->a.locs[0]), 1);
	assert_true(find_rev(&t->a.locs[0], "aaaaaaaaaaa3")->is_head);
	assert_true(find_rev(&t->a.locs[0], "aaaaaaaaaaa1")->is_base);
	assert_false(find_rev(&t->a.locs[0], "aaaaaaaaaaa2")->in_cycle);
	/* the docstring's look-alike assignment does not count */
	assert_string_equal(find_rev(&t->a.locs[0], "aaaaaaaaaaa2")->id, "aaaaaaaaaaa2");
}

static void
test_branch_and_merge(void **state)
{
	struct tree *t = *state;
	std_layout(t);
	rev(t, "alembic/versions", "b0", "None");
	rev(t, "alembic/versions", "b1", "'b0'");
	rev(t, "alembic/versions", "b2", "'b0'");
	build(t);
	assert_int_equal(count_heads(&t->a.locs[0]), 2);
	release_models(t);
	dl_repo_release(&t->repo);
	t->built = 0;
	rev(t, "alembic/versions", "b3", "('b1',\n    # merge\n    'b2',\n)");
	build(t);
	assert_int_equal(count_heads(&t->a.locs[0]), 1);
	assert_true(find_rev(&t->a.locs[0], "b3")->is_head);
	assert_int_equal(find_rev(&t->a.locs[0], "b3")->down_nr, 2);
}

static void
test_branch_label_reference_and_dangling(void **state)
{
	struct tree *t = *state;
	std_layout(t);
	put(t, "alembic/versions/l1.py",
	    "revision = 'l1'\ndown_revision = None\nbranch_labels = ('feature',)\n");
	rev(t, "alembic/versions", "l2", "'l1'");
	/* depends_on may name a branch label; down_revision may not (alembic
	 * raises KeyError), so 'feature' there dangles */
	put(t, "alembic/versions/l3.py",
	    "revision = 'l3'\ndown_revision = 'feature'\ndepends_on = 'feature'\n");
	rev(t, "alembic/versions", "l4", "'gone'");
	build(t);
	{
		const struct dl_script_location *loc = &t->a.locs[0];
		const struct dl_revision *l1 = find_rev(loc, "l1");
		const struct dl_revision *l2 = find_rev(loc, "l2");
		const struct dl_revision *l3 = find_rev(loc, "l3");
		const struct dl_revision *l4 = find_rev(loc, "l4");
		assert_false(l1->is_head);
		assert_true(l2->is_head);
		assert_int_equal(l3->down_nr, 1);
		assert_true(l3->down[0] == SIZE_MAX);
		assert_int_equal(l3->deps_nr, 1);
		assert_int_equal(l3->deps[0], (size_t)(l1 - loc->revs));
		assert_true(l4->down[0] == SIZE_MAX);
		assert_true(l4->is_head);
		assert_int_equal(l1->label_owner, (long)(l1 - loc->revs));
		assert_int_equal(l2->label_owner, l1->label_owner);
		assert_int_equal(l3->label_owner, -1);
	}
}

static void
test_cycles(void **state)
{
	struct tree *t = *state;
	std_layout(t);
	rev(t, "alembic/versions", "self", "'self'");
	rev(t, "alembic/versions", "c1", "'c3'");
	rev(t, "alembic/versions", "c2", "'c1'");
	rev(t, "alembic/versions", "c3", "'c2'");
	rev(t, "alembic/versions", "ok", "None");
	build(t);
	{
		const struct dl_script_location *loc = &t->a.locs[0];
		int in_cycle = find_rev(loc, "c1")->in_cycle + find_rev(loc, "c2")->in_cycle +
			       find_rev(loc, "c3")->in_cycle;
		assert_true(find_rev(loc, "self")->in_cycle);
		assert_int_equal(find_rev(loc, "self")->cycle_item, 0);
		assert_int_equal(in_cycle, 1); /* exactly the edge closing the loop */
		assert_false(find_rev(loc, "ok")->in_cycle);
	}
}

static void
test_duplicates(void **state)
{
	struct tree *t = *state;
	std_layout(t);
	put(t, "alembic/versions/a_first.py", "revision = 'd1'\ndown_revision = None\n");
	put(t, "alembic/versions/b_second.py", "revision = 'd1'\ndown_revision = None\n");
	build(t);
	assert_int_equal(t->a.locs[0].revs_nr, 2);
	/* Alembic keeps the file it loads last (sorted names) */
	assert_int_equal(t->a.locs[0].revs[0].duplicate_of, 1);
	assert_int_equal(t->a.locs[0].revs[1].duplicate_of, -1);
	assert_int_equal(count_heads(&t->a.locs[0]), 1);
	/* and never takes the overridden one out of its head set */
	assert_true(t->a.locs[0].revs[0].alembic_head);
	assert_int_equal(t->a.locs[0].alembic_error, DL_ALEMBIC_LOADS);
}

static void
test_duplicate_closes_cycle(void **state)
{
	struct tree *t = *state;
	std_layout(t);
	put(t, "alembic/versions/a_base.py", "revision = 'r1'\ndown_revision = None\n");
	put(t, "alembic/versions/b_two.py", "revision = 'r2'\ndown_revision = 'r1'\n");
	/* loaded last, so kept: r1 now comes after r2, a loop */
	put(t, "alembic/versions/c_reused.py", "revision = 'r1'\ndown_revision = 'r2'\n");
	build(t);
	assert_int_equal(t->a.locs[0].alembic_error, DL_ALEMBIC_CYCLE);
	assert_string_equal(t->a.locs[0].alembic_message,
			    "CycleDetected: Cycle is detected in revisions (r2)");
}

static void
test_runs_and_command_folder(void **state)
{
	struct tree *t = *state;
	/* the ini names a root-relative folder; the service runs alembic
	 * from its rootDir through a script that cds back to the root */
	put(t, "svc/alembic.ini", "[alembic]\nscript_location = db/migrations\n");
	put(t, "db/migrations/env.py", "x\n");
	rev(t, "db/migrations/versions", "m1", "None");
	put(t, "render.yaml", "services:\n  - type: web\n    name: api\n"
			      "    runtime: python\n    rootDir: svc\n"
			      "    preDeployCommand: sh migrate.sh\n"
			      "    startCommand: gunicorn app:app\n");
	put(t, "svc/migrate.sh", "set -e\ncd ..\nalembic -c svc/alembic.ini upgrade head\n");
	build(t);
	assert_int_equal(t->a.runs.nr, 1);
	assert_string_equal(t->a.runs.items[0].cwd, "");
	assert_string_equal(t->a.runs.items[0].ini, "svc/alembic.ini");
	assert_string_equal(t->a.runs.items[0].target, "head");
	assert_string_equal(t->a.runs.items[0].origin, "service `api` preDeployCommand");
	assert_int_equal(t->a.locs_nr, 1);
	assert_string_equal(t->a.locs[0].dir, "db/migrations");
	assert_int_equal(t->a.locs[0].base, DL_BASE_COMMAND);
	assert_int_equal(t->a.locs[0].problem, DL_LOC_OK);
	assert_int_equal(t->a.locs[0].revs_nr, 1);
}

/* The runs come from the service model's commands: a docker service's
 * preDeployCommand (Render runs it) and every Procfile process count, a
 * Procfile line starting with '#' does not, and services come before
 * Procfiles. */
static void
test_runs_from_model(void **state)
{
	struct tree *t = *state;
	put(t, "alembic.ini", "[alembic]\nscript_location = alembic\n");
	put(t, "alembic/env.py", "x\n");
	rev(t, "alembic/versions", "m1", "None");
	put(t, "Procfile", "#old: alembic -c old.ini upgrade head\n"
			   "release: alembic upgrade heads\n");
	put(t, "render.yaml", "services:\n  - type: web\n    name: box\n"
			      "    runtime: docker\n"
			      "    preDeployCommand: alembic -c alembic.ini upgrade head\n");
	build(t);
	assert_int_equal(t->a.runs.nr, 2);
	assert_string_equal(t->a.runs.items[0].origin, "service `box` preDeployCommand");
	assert_string_equal(t->a.runs.items[0].ini, "alembic.ini");
	assert_string_equal(t->a.runs.items[0].target, "head");
	assert_string_equal(t->a.runs.items[1].origin, "Procfile `release` process");
	assert_string_equal(t->a.runs.items[1].cwd, "");
	assert_string_equal(t->a.runs.items[1].target, "heads");
}

static void
test_load_order_walk(void **state)
{
	struct tree *t = *state;
	put(t, "alembic.ini", "[alembic]\nscript_location = alembic\n"
			      "recursive_version_locations = true\n");
	put(t, "alembic/env.py", "x\n");
	/* os.walk: the folder's own files first, then subfolders */
	put(t, "alembic/versions/a/x.py", "revision = 'd'\ndown_revision = None\n");
	put(t, "alembic/versions/b.py", "revision = 'd'\ndown_revision = None\n");
	build(t);
	assert_int_equal(t->a.locs[0].revs_nr, 2);
	/* revs are by path: a/x.py first; Alembic loads b.py first */
	assert_int_equal(t->a.locs[0].revs[0].duplicate_of, -1);
	assert_int_equal(t->a.locs[0].revs[1].duplicate_of, 0);
}

static void
test_discovery(void **state)
{
	struct tree *t = *state;
	/* %(here)s, a subfolder ini, a package:path location, a missing one,
	 * one outside the root, and a Flask-Migrate layout */
	put(t, "svc/alembic.ini", "[alembic]\nscript_location = %(here)s/db\n");
	put(t, "svc/db/env.py", "x\n");
	rev(t, "svc/db/versions", "s1", "None");
	put(t, "pkg/alembic.ini", "[alembic]\nscript_location = app.sub:mig\n");
	put(t, "pkg/app/sub/mig/env.py", "x\n");
	rev(t, "pkg/app/sub/mig/versions", "p1", "None");
	put(t, "gone/alembic.ini", "[alembic]\nscript_location = nowhere\n");
	put(t, "out/alembic.ini", "[alembic]\nscript_location = ../../etc\n");
	put(t, "flask/migrations/env.py", "x\n");
	rev(t, "flask/migrations/versions", "f1", "None");
	put(t, "stray/versions/x1_m.py", "revision = 'x1'\ndown_revision = None\n");
	build(t);
	assert_int_equal(t->a.locs_nr, 5);
	/* sorted by folder; unresolved (NULL) folders first */
	assert_null(t->a.locs[0].dir);
	assert_int_equal(t->a.locs[0].problem, DL_LOC_OUTSIDE);
	assert_string_equal(t->a.locs[1].dir, "flask/migrations");
	assert_null(t->a.locs[1].ini);
	assert_int_equal(t->a.locs[1].revs_nr, 1);
	assert_string_equal(t->a.locs[2].dir, "gone/nowhere");
	assert_int_equal(t->a.locs[2].problem, DL_LOC_MISSING);
	assert_string_equal(t->a.locs[3].dir, "pkg/app/sub/mig");
	assert_int_equal(t->a.locs[3].revs_nr, 1);
	assert_string_equal(t->a.locs[4].dir, "svc/db");
	assert_int_equal(t->a.locs[4].revs_nr, 1);
	assert_int_equal(t->a.strays_nr, 1);
	assert_string_equal(t->a.strays[0].dir, "stray/versions");
}

static void
test_version_locations(void **state)
{
	struct tree *t = *state;
	put(t, "alembic.ini",
	    "[alembic]\nscript_location = alembic\n"
	    "version_locations = %(here)s/alembic/v1 %(here)s/alembic/v2, alembic/v3\n");
	put(t, "alembic/env.py", "x\n");
	rev(t, "alembic/v1", "v1", "None");
	rev(t, "alembic/v2", "v2", "'v1'");
	rev(t, "alembic/v2/nested", "v9", "'v2'");
	build(t);
	{
		const struct dl_script_location *loc = &t->a.locs[0];
		assert_int_equal(loc->versions_nr, 3);
		assert_string_equal(loc->versions[0].dir, "alembic/v1");
		assert_string_equal(loc->versions[1].dir, "alembic/v2");
		assert_string_equal(loc->versions[2].dir, "alembic/v3");
		assert_true(loc->versions[2].missing);
		assert_int_equal(loc->revs_nr, 2); /* not recursive */
		assert_int_equal(count_heads(loc), 1);
	}
	release_models(t);
	dl_repo_release(&t->repo);
	t->built = 0;
	put(t, "alembic.ini",
	    "[alembic]\nscript_location = alembic\npath_separator = ;\n"
	    "version_locations = alembic/v1;alembic/v2\nrecursive_version_locations = true\n");
	build(t);
	assert_int_equal(t->a.locs[0].versions_nr, 2);
	assert_int_equal(t->a.locs[0].revs_nr, 3);
	assert_int_equal(count_heads(&t->a.locs[0]), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_linear_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_branch_and_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_branch_label_reference_and_dangling,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_closes_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_order_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs_and_command_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs_from_model, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discovery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_locations, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
