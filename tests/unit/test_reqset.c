/*
 * Unit tests for requirement sets of the model stage (src/model/reqset.c):
 * the -r/-c include graph across files of a real directory (targets
 * relative to the including file, cycles, missing files, the depth limit)
 * and the default requirements file of a folder.
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

#include "deploylint/limits.h"
#include "deploylint/repo.h"
#include "deploylint/reqset.h"
#include "deploylint/requirements.h"

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_true(n > 0 && (size_t)n < sizeof(path));
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_include_graph(void **state)
{
	char tmpl[] = "/tmp/dl_req_XXXXXX";
	char *dir = mkdtemp(tmpl), sub[600];
	struct dl_repo repo;
	struct dl_req_set set;
	char *err = NULL;
	struct dl_file *start;
	size_t k;
	int saw_cycle = 0, saw_missing = 0;
	(void)state;

	assert_non_null(dir);
	snprintf(sub, sizeof(sub), "%s/requirements", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	write_file(dir, "requirements.txt",
		   "-c constraints.txt\nflask\n-r requirements/base.txt\n-r missing.txt\n");
	write_file(dir, "constraints.txt", "flask==3.0.0\nsqlalchemy==2.0.23\n");
	/* relative to the including file: base.txt includes its sibling */
	write_file(sub, "base.txt", "sqlalchemy\n-r common.txt\n");
	write_file(sub, "common.txt", "psycopg2-binary==2.9.10\n-r base.txt\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	start = dl_repo_find(&repo, "requirements.txt");
	assert_non_null(start);
	dl_req_set_collect(&set, &repo, start, NULL, NULL);

	assert_int_equal(set.files_nr, 4);
	assert_string_equal(set.files[0]->path, "requirements.txt");
	assert_non_null(dl_requirements_provides(&set, "flask", NULL));
	assert_non_null(dl_requirements_provides(&set, "sqlalchemy", NULL));
	assert_non_null(dl_requirements_provides(&set, "psycopg2-binary", NULL));
	assert_null(dl_requirements_provides(&set, "psycopg2-binary", "x"));
	/* a constraint alone installs nothing, but it applies */
	assert_null(dl_requirements_provides(&set, "gunicorn", NULL));
	assert_non_null(dl_req_set_constraint(&set, "sqlalchemy"));
	assert_true(dl_req_set_constraint(&set, "sqlalchemy")->constraint);
	assert_null(dl_req_set_constraint(&set, "psycopg2-binary"));
	/* depth-first in line order: flask (0), sqlalchemy (1) ... */
	for (k = 0; k < set.nr; k++)
		if (strcmp(set.entries[k].req->normalised, "sqlalchemy") == 0 &&
		    !set.entries[k].constraint)
			assert_int_equal(set.entries[k].depth, 1);
	for (k = 0; k < set.problems_nr; k++) {
		if (set.problems[k].kind == DL_REQ_INC_CYCLE)
			saw_cycle = 1;
		if (set.problems[k].kind == DL_REQ_INC_MISSING) {
			saw_missing = 1;
			assert_string_equal(set.problems[k].resolved, "missing.txt");
		}
	}
	assert_true(saw_cycle);
	assert_true(saw_missing);
	assert_non_null(dl_requirements_default(&repo, ""));
	assert_null(dl_requirements_default(&repo, "requirements"));
	dl_req_set_release(&set);

	/* cleanup */
	{
		static const char *const files[] = {
			"requirements.txt", "constraints.txt", "requirements/base.txt",
			"requirements/common.txt"
		};
		char path[700];
		for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
			snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
			unlink(path);
		}
		rmdir(sub);
		rmdir(dir);
	}
	dl_repo_release(&repo);
}

/* A chain of -r includes: the starting file and DL_MAX_REQ_INCLUDE_DEPTH
 * nested includes are read; the next include is DL_REQ_INC_TOO_DEEP. */
static void
test_include_depth_limit(void **state)
{
	char tmpl[] = "/tmp/dl_req_XXXXXX";
	char *dir = mkdtemp(tmpl), name[32], text[64], path[600];
	struct dl_repo repo;
	struct dl_req_set set;
	char *err = NULL;
	struct dl_file *start;
	size_t k, n = DL_MAX_REQ_INCLUDE_DEPTH + 3, too_deep = 0;
	(void)state;

	assert_non_null(dir);
	for (k = 0; k < n; k++) {
		snprintf(name, sizeof(name), "d%02zu.txt", k);
		snprintf(text, sizeof(text), "-r d%02zu.txt\npkg%zu\n", k + 1, k);
		write_file(dir, name, text);
	}
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	start = dl_repo_find(&repo, "d00.txt");
	assert_non_null(start);
	dl_req_set_collect(&set, &repo, start, NULL, NULL);
	assert_int_equal(set.files_nr, DL_MAX_REQ_INCLUDE_DEPTH + 1);
	snprintf(name, sizeof(name), "pkg%d", DL_MAX_REQ_INCLUDE_DEPTH);
	assert_non_null(dl_requirements_provides(&set, name, NULL));
	snprintf(name, sizeof(name), "pkg%d", DL_MAX_REQ_INCLUDE_DEPTH + 1);
	assert_null(dl_requirements_provides(&set, name, NULL));
	snprintf(name, sizeof(name), "d%02d.txt", DL_MAX_REQ_INCLUDE_DEPTH + 1);
	for (k = 0; k < set.problems_nr; k++) {
		assert_int_equal(set.problems[k].kind, DL_REQ_INC_TOO_DEEP);
		assert_string_equal(set.problems[k].resolved, name);
		too_deep++;
	}
	assert_int_equal(too_deep, 1);
	dl_req_set_release(&set);
	dl_repo_release(&repo);
	for (k = 0; k < n; k++) {
		snprintf(path, sizeof(path), "%s/d%02zu.txt", dir, k);
		unlink(path);
	}
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_include_graph),
		cmocka_unit_test(test_include_depth_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
