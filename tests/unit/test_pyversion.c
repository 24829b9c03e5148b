/*
 * Unit tests for Python version sources: version strings, the embedded
 * Render default table, the pyproject.toml reader, and backends with their
 * effective version resolved in Render's precedence (PYTHON_VERSION, then
 * .python-version, then Render's default).
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

#include "deploylint/parse.h"
#include "deploylint/pyversion.h"

static void
test_pyver_parse(void **state)
{
	struct dl_pyver v;
	(void)state;
	assert_int_equal(dl_pyver_parse(&v, "3.12", 4), 0);
	assert_int_equal(v.major, 3);
	assert_int_equal(v.minor, 12);
	assert_int_equal(v.patch, -1);
	assert_int_equal(dl_pyver_parse(&v, "3.11.9", 6), 0);
	assert_int_equal(v.patch, 9);
	assert_int_equal(dl_pyver_parse(&v, "3", 1), -1);
	assert_int_equal(dl_pyver_parse(&v, "3.", 2), -1);
	assert_int_equal(dl_pyver_parse(&v, "3.11.9 ", 7), -1);
	assert_int_equal(dl_pyver_parse(&v, "python-3.11", 11), -1);
	assert_int_equal(dl_pyver_parse(&v, "3.11.9.1", 8), -1);
	assert_int_equal(dl_pyver_parse(&v, "3.1000", 6), -1);
}

static void
test_tables(void **state)
{
	struct dl_pyver d = dl_pyver_render_default();
	(void)state;
	/* the newest row of rules/data/render-default-python.tsv */
	assert_int_equal(d.major, 3);
	assert_int_equal(d.minor, 14);
	assert_int_equal(d.patch, 3);
	assert_true(dl_pyver_latest_patch(3, 12) >= 13);
	assert_int_equal(dl_pyver_latest_patch(3, 99), -1);
}

static void
test_pyproject(void **state)
{
	static const char text[] =
		"[build-system]\nrequires-python = \">=9\"\n"
		"[ project ]\nname = \"x\"\n  requires-python = '>=3.10,<3.13'  # comment\n"
		"[tool.x]\nrequires-python = \">=1\"\n";
	static const char none[] = "[project]\nname = \"x\"\n[tool.poetry.dependencies]\npython = \"^3.11\"\n";
	char *out = NULL;
	struct dl_pos pos;
	(void)state;
	assert_int_equal(dl_pyproject_requires_python(&out, &pos, text, sizeof(text) - 1), 1);
	assert_string_equal(out, ">=3.10,<3.13");
	assert_int_equal(pos.line, 5);
	assert_int_equal(pos.col, 21);
	free(out);
	assert_int_equal(dl_pyproject_requires_python(&out, &pos, none, sizeof(none) - 1), 0);
}

/* ---- backends on a real directory ------------------------------------------ */

/* The test's render.yaml, parsed once by the test itself. */
struct yaml_cache {
	struct dl_arena arena;
	struct dl_yaml_doc doc;
};

static const void *
get_yaml(struct dl_file *f, void *payload)
{
	struct yaml_cache *c = payload;
	return strcmp(f->path, "render.yaml") == 0 ? &c->doc : NULL;
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static const char blueprint[] =
	"services:\n"
	"  - type: web\n"
	"    name: api\n"
	"    runtime: python\n"
	"    rootDir: ./backend/\n"
	"    envVars:\n"
	"      - key: PYTHON_VERSION\n"
	"        value: \"3.12.4\"\n"
	"  - type: worker\n"
	"    name: jobs\n"
	"    runtime: python\n"
	"    rootDir: worker\n"
	"    envVars:\n"
	"      - fromGroup: shared\n"
	"  - type: web\n"
	"    name: site\n"
	"    runtime: static\n"
	"  - type: keyvalue\n"
	"    name: cache\n"
	"  - type: web\n"
	"    name: box\n"
	"    runtime: docker\n"
	"    rootDir: box\n"
	"envVarGroups:\n"
	"  - name: shared\n"
	"    envVars:\n"
	"      - key: PYTHON_VERSION\n"
	"        value: 3.10\n";

static const struct dl_backend *
find_backend(const struct dl_backends *b, const char *dir)
{
	size_t k;
	for (k = 0; k < b->nr; k++)
		if (strcmp(b->items[k].dir, dir) == 0)
			return &b->items[k];
	fail_msg("no backend for '%s'", dir);
	return NULL;
}

static void
test_backends(void **state)
{
	char tmpl[] = "/tmp/dl_pyv_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	static const char *const subdirs[] = { "backend", "worker", "box", "tools" };
	static const char *const files[] = {
		"render.yaml", ".python-version", "backend/.python-version",
		"backend/runtime.txt", "backend/pyproject.toml", "backend/Dockerfile",
		"backend/requirements.txt", "worker/requirements.txt", "box/Dockerfile",
		"tools/requirements.txt"
	};
	struct dl_repo repo;
	struct dl_backends b;
	struct yaml_cache yc;
	const struct dl_backend *be;
	char *err = NULL;
	size_t k;
	(void)state;

	assert_non_null(dir);
	for (k = 0; k < 4; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	write_file(dir, "render.yaml", blueprint);
	write_file(dir, ".python-version", "3.13\n");
	write_file(dir, "backend/.python-version", "3.11\n");
	write_file(dir, "backend/runtime.txt", "python-3.11.9\n");
	write_file(dir, "backend/pyproject.toml", "[project]\nrequires-python = \">=3.11\"\n");
	write_file(dir, "backend/Dockerfile", "# dev image\nFROM --platform=linux/amd64 docker.io/library/python:3.12-slim AS base\n");
	write_file(dir, "backend/requirements.txt", "flask\n");
	write_file(dir, "worker/requirements.txt", "celery\n");
	write_file(dir, "box/Dockerfile", "FROM python:3.9.18\n");
	write_file(dir, "tools/requirements.txt", "click\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);

	memset(&yc, 0, sizeof(yc));
	dl_arena_init(&yc.arena);
	dl_yaml_parse(&yc.doc, &yc.arena, blueprint, sizeof(blueprint) - 1);
	assert_false(yc.doc.error.set);
	dl_backends_build(&b, &repo, get_yaml, &yc);

	/* api, jobs, box (static site and key-value store skipped), tools */
	assert_int_equal(b.nr, 4);
	be = find_backend(&b, "backend");
	assert_string_equal(be->service, "api");
	assert_true(be->python);
	assert_int_equal(be->eff_from, DL_PYEFF_ENV);
	assert_int_equal(be->eff.minor, 12);
	assert_int_equal(be->eff.patch, 4);
	assert_false(be->src[DL_PYSRC_ENV].yaml_plain);
	assert_int_equal(be->src[DL_PYSRC_ENV].region.line, 8);
	assert_int_equal(be->src[DL_PYSRC_ENV].region.col, 16);
	assert_string_equal(be->src[DL_PYSRC_FILE].file->path, "backend/.python-version");
	assert_int_equal(be->src[DL_PYSRC_FILE].shadowed_nr, 1);
	assert_int_equal(be->src[DL_PYSRC_FILE].version.minor, 11);
	assert_int_equal(be->src[DL_PYSRC_RUNTIME_TXT].version.patch, 9);
	assert_true(be->src[DL_PYSRC_PYPROJECT].specs_valid);
	assert_string_equal(be->src[DL_PYSRC_PYPROJECT].text, ">=3.11");
	assert_int_equal(be->src[DL_PYSRC_DOCKERFILE].version.minor, 12);
	assert_int_equal(be->src[DL_PYSRC_DOCKERFILE].region.line, 2);
	assert_int_equal(be->src[DL_PYSRC_DOCKERFILE].region.col, 54);
	assert_string_equal(be->requirements->path, "backend/requirements.txt");

	/* PYTHON_VERSION from the fromGroup group, unquoted */
	be = find_backend(&b, "worker");
	assert_int_equal(be->eff_from, DL_PYEFF_ENV);
	assert_int_equal(be->eff.minor, 10);
	assert_true(be->src[DL_PYSRC_ENV].yaml_plain);
	assert_string_equal(be->src[DL_PYSRC_ENV].text, "3.10");
	assert_string_equal(be->src[DL_PYSRC_FILE].file->path, ".python-version");

	be = find_backend(&b, "box");
	assert_true(be->docker);
	assert_int_equal(be->src[DL_PYSRC_DOCKERFILE].version.minor, 9);

	/* a folder outside every service: the root's .python-version */
	be = find_backend(&b, "tools");
	assert_null(be->service);
	assert_int_equal(be->eff_from, DL_PYEFF_FILE);
	assert_int_equal(be->eff.minor, 13);

	assert_string_equal(dl_backends_for_path(&b, "backend/requirements.txt")->dir, "backend");
	assert_string_equal(dl_backends_for_path(&b, "tools/requirements.txt")->dir, "tools");
	assert_null(dl_backends_for_path(&b, "docs/requirements.txt"));

	dl_backends_release(&b);
	dl_arena_release(&yc.arena);
	dl_repo_release(&repo);
	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
		unlink(path);
	}
	for (k = 0; k < 4; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		rmdir(path);
	}
	rmdir(dir);
}

static void
test_default_when_unpinned(void **state)
{
	char tmpl[] = "/tmp/dl_pyv_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	struct dl_repo repo;
	struct dl_backends b;
	char *err = NULL;
	(void)state;

	assert_non_null(dir);
	write_file(dir, "requirements.txt", "flask\n");
	write_file(dir, "runtime.txt", "python-3.11.9\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	dl_backends_build(&b, &repo, NULL, NULL);
	assert_int_equal(b.nr, 1);
	assert_string_equal(b.items[0].dir, "");
	/* runtime.txt is not one of Render's sources */
	assert_int_equal(b.items[0].eff_from, DL_PYEFF_DEFAULT);
	assert_int_equal(b.items[0].eff.minor, 14);
	assert_false(b.items[0].render_targeted);
	dl_backends_release(&b);
	dl_repo_release(&repo);
	snprintf(path, sizeof(path), "%s/requirements.txt", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/runtime.txt", dir);
	unlink(path);
	rmdir(dir);
}

/* Folders holding only a pyproject.toml or a Pipfile: backends when their
 * main dependencies name a web framework or server, not otherwise. */
static void
test_project_folders(void **state)
{
	char tmpl[] = "/tmp/dl_pyv_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	static const char *const subdirs[] = { "api", "web", "lib", "tool", "both", "st" };
	static const char *const files[] = { "api/pyproject.toml", "api/.python-version",
					     "web/Pipfile", "lib/pyproject.toml",
					     "tool/Pipfile", "both/requirements.txt",
					     "both/pyproject.toml", "st/pyproject.toml",
					     "st/render-build.sh" };
	struct dl_repo repo;
	struct dl_backends b;
	const struct dl_backend *be;
	char *err = NULL;
	size_t k;
	(void)state;

	assert_non_null(dir);
	for (k = 0; k < DL_ARRAY_SIZE(subdirs); k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	/* uv/PEP 621: fastapi with an extra is a web project */
	write_file(dir, "api/pyproject.toml",
		   "[project]\nname = \"api\"\nrequires-python = \">=3.12\"\n"
		   "dependencies = [\"fastapi[standard]>=0.115\"]\n");
	write_file(dir, "api/.python-version", "3.12\n");
	/* pipenv: gunicorn among [packages] */
	write_file(dir, "web/Pipfile", "[packages]\nFlask = \"*\"\ngunicorn = \"*\"\n"
				       "[requires]\npython_version = \"3.13\"\n");
	/* a library: fastapi only as an extra, Poetry group uvicorn */
	write_file(dir, "lib/pyproject.toml",
		   "[project]\nname = \"lib\"\ndependencies = [\"httpx\"]\n"
		   "[project.optional-dependencies]\nserver = [\"fastapi\"]\n"
		   "[tool.poetry.group.dev.dependencies]\nuvicorn = \"*\"\n");
	/* a tool: uvicorn only in [dev-packages] */
	write_file(dir, "tool/Pipfile", "[packages]\nclick = \"*\"\n[dev-packages]\nuvicorn = \"*\"\n");
	/* a requirements folder stays one backend, with no project file */
	write_file(dir, "both/requirements.txt", "flask\n");
	write_file(dir, "both/pyproject.toml", "[project]\ndependencies = [\"flask\"]\n");
	/* no web dependency, but Render's Dashboard build script */
	write_file(dir, "st/pyproject.toml", "[project]\ndependencies = [\"streamlit\"]\n");
	write_file(dir, "st/render-build.sh", "pip install .\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	dl_backends_build(&b, &repo, NULL, NULL);

	assert_int_equal(b.nr, 4);
	/* requirements folders first, then project folders in path order */
	assert_string_equal(b.items[0].dir, "both");
	assert_null(b.items[0].project);
	assert_non_null(b.items[0].requirements);
	be = find_backend(&b, "api");
	assert_true(be->python);
	assert_false(be->docker);
	assert_null(be->requirements);
	assert_string_equal(be->project->path, "api/pyproject.toml");
	assert_int_equal(be->eff_from, DL_PYEFF_FILE);
	assert_int_equal(be->eff.minor, 12);
	assert_string_equal(be->src[DL_PYSRC_PYPROJECT].text, ">=3.12");
	be = find_backend(&b, "web");
	assert_string_equal(be->project->path, "web/Pipfile");
	assert_int_equal(be->eff_from, DL_PYEFF_DEFAULT);
	assert_string_equal(find_backend(&b, "st")->project->path, "st/pyproject.toml");
	assert_null(dl_backends_for_path(&b, "lib/pyproject.toml"));
	assert_null(dl_backends_for_path(&b, "tool/Pipfile"));

	dl_backends_release(&b);
	dl_repo_release(&repo);
	for (k = 0; k < DL_ARRAY_SIZE(files); k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
		unlink(path);
	}
	for (k = 0; k < DL_ARRAY_SIZE(subdirs); k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		rmdir(path);
	}
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pyver_parse),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_pyproject),
		cmocka_unit_test(test_backends),
		cmocka_unit_test(test_default_when_unpinned),
		cmocka_unit_test(test_project_folders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
