/*
 * Unit tests for the dependency sources (include/deploylint/depsource.h)
 * on the projects of fixtures/deps/ (uv, Poetry, pipenv and PEP 621
 * layouts), Poetry's constraint conversion, and malformed files (a
 * PARSE001-ready error, never a crash).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/depsource.h"

struct fixture {
	struct dl_arena arena;
	struct dl_depsource src;
	struct dl_strbuf text;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	dl_arena_init(&f->arena);
	dl_strbuf_init(&f->text, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	dl_arena_release(&f->arena);
	dl_strbuf_release(&f->text);
	free(f);
	return 0;
}

/* Reads fixtures/deps/<rel> (kind from its name unless given). */
static const struct dl_depsource *
load(struct fixture *f, const char *rel, enum dl_depsource_kind kind)
{
	const char *root = getenv("DL_SOURCE_DIR");
	struct dl_strbuf path = DL_STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *fp;

	dl_strbuf_addf(&path, "%s/fixtures/deps/%s", root ? root : ".", rel);
	fp = fopen(path.buf, "rb");
	if (!fp)
		fail_msg("cannot open %s", path.buf);
	dl_strbuf_reset(&f->text);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		dl_strbuf_put(&f->text, buf, n);
	fclose(fp);
	if (!kind)
		kind = dl_depsource_kind_for(rel);
	assert_int_not_equal(kind, 0);
	dl_depsource_read(&f->src, &f->arena, kind, rel, f->text.buf, f->text.len);
	dl_strbuf_release(&path);
	return &f->src;
}

static const struct dl_depsource *
read_text(struct fixture *f, enum dl_depsource_kind kind, const char *text)
{
	dl_depsource_read(&f->src, &f->arena, kind, "t", text, strlen(text));
	return &f->src;
}

static const struct dl_dependency *
dep(const struct dl_depsource *s, const char *normalised)
{
	const struct dl_dependency *d = dl_depsource_find(s, normalised);
	if (!d)
		fail_msg("no dependency %s", normalised);
	return d;
}

static void
assert_pos(struct dl_pos p, unsigned line, unsigned col)
{
	assert_int_equal(p.line, line);
	assert_int_equal(p.col, col);
}

static void
assert_str(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got ? got : "(null)", want);
}

/* ---- Poetry constraints ------------------------------------------------- */

static void
test_poetry_constraints(void **state)
{
	static const struct {
		const char *in, *out;
		int rc;
	} cases[] = {
		{ "^3.0", ">=3.0,<4.0", 0 },
		{ "^1.2.3", ">=1.2.3,<2.0.0", 0 },
		{ "^1", ">=1,<2", 0 },
		{ "^0.2.3", ">=0.2.3,<0.3.0", 0 },
		{ "^0.0.3", ">=0.0.3,<0.0.4", 0 },
		{ "^0.0", ">=0.0,<0.1", 0 },
		{ "^0", ">=0,<1", 0 },
		{ "^2.0.0b1", ">=2.0.0b1,<3.0.0", 0 },
		{ "~1.2.3", ">=1.2.3,<1.3.0", 0 },
		{ "~1.2", ">=1.2,<1.3", 0 },
		{ "~1", ">=1,<2", 0 },
		{ "~=1.4", "~=1.4", 0 },
		{ "*", "", 0 },
		{ "", "", -1 },
		{ "  ", "", -1 },
		{ "x", "", 0 },
		{ "<1.*", "<1", 0 },
		{ ">= 1.2.*", ">=1.2", 0 },
		{ "=1.*", "==1", 0 },
		{ "=1.2.x", "", -1 },
		{ "^1.2.*", "", -1 },
		{ "~=1", "", -1 },
		{ "^ 1.2", "", -1 },
		{ "~ 1.2", ">=1.2,<1.3", 0 },
		{ "1.0,,2.0", "", -1 },
		{ ", 1.0", "", -1 },
		{ "1.0,", "==1.0", 0 },
		{ "1.2.*", "==1.2.*", 0 },
		{ "1.2.x", "==1.2.*", 0 },
		{ "==1.*", "==1.*", 0 },
		{ "!=1.2.*", "!=1.2.*", 0 },
		{ "2.0.20", "==2.0.20", 0 },
		{ "=2.0.20", "==2.0.20", 0 },
		{ "v2.0", "==2.0", 0 },
		{ ">=1.12,<2.0", ">=1.12,<2.0", 0 },
		{ ">= 1.12, < 2.0", ">=1.12,<2.0", 0 },
		{ ">=3.10 <3.12", ">=3.10,<3.12", 0 },
		{ "^1.2 !=1.5.0", ">=1.2,<2.0,!=1.5.0", 0 },
		{ "^1.0 || ^2.0", "", 1 },
		{ ">=1|<0.5", "", 1 },
		{ "^^1", "", -1 },
		{ "latest", "", -1 },
		{ ">>1", "", -1 },
		{ "^", "", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		int rc = dl_poetry_constraint(&sb, cases[i].in, strlen(cases[i].in));
		if (rc != cases[i].rc || (rc == 0 && strcmp(sb.buf, cases[i].out)))
			fail_msg("%s: got %d [%s], want %d [%s]", cases[i].in, rc, sb.buf,
				 cases[i].rc, cases[i].out);
		dl_strbuf_release(&sb);
	}
	/* appends after what the buffer holds, without a leading comma */
	{
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_puts(&sb, "x:");
		assert_int_equal(dl_poetry_constraint(&sb, "^1", 2), 0);
		assert_string_equal(sb.buf, "x:>=1,<2");
		dl_strbuf_release(&sb);
	}
}

static void
test_kind_for(void **state)
{
	(void)state;
	assert_int_equal(dl_depsource_kind_for("a/b/pyproject.toml"), DL_DEPSRC_PYPROJECT);
	assert_int_equal(dl_depsource_kind_for("poetry.lock"), DL_DEPSRC_POETRY_LOCK);
	assert_int_equal(dl_depsource_kind_for("backend/uv.lock"), DL_DEPSRC_UV_LOCK);
	assert_int_equal(dl_depsource_kind_for("Pipfile"), DL_DEPSRC_PIPFILE);
	assert_int_equal(dl_depsource_kind_for("x/Pipfile.lock"), DL_DEPSRC_PIPFILE_LOCK);
	assert_int_equal(dl_depsource_kind_for("pipfile"), 0);
	assert_int_equal(dl_depsource_kind_for("requirements.txt"), 0);
}

/* ---- uv ----------------------------------------------------------------- */

static void
test_uv_pyproject(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s = load(f, "uv-fastapi/backend/pyproject.toml", 0);
	const struct dl_dependency *d;
	struct dl_pep440_version v;

	assert_false(s->error.set);
	assert_int_equal(s->problems_nr, 0);
	assert_true(s->has_project);
	assert_true(s->has_uv);
	assert_false(s->has_poetry);
	assert_int_equal(s->package_mode, -1);
	assert_str(s->project_name, "app");
	assert_str(s->requires_python, ">=3.10,<4.0");
	assert_pos(s->requires_python_pos, 5, 19);
	assert_int_equal(s->python_specs.nr, 2);
	/* 9 main + 2 [tool.uv] + ruff and types-passlib ({include-group} is
	 * not a dependency) */
	assert_int_equal(s->nr, 13);

	d = dep(s, "fastapi");
	assert_int_equal(d->section, DL_DEP_MAIN);
	assert_null(d->group);
	assert_str(d->extras, "standard");
	assert_str(d->specifier, "<1.0.0,>=0.114.2");
	assert_pos(d->name_pos, 7, 6);
	assert_pos(d->spec_pos, 7, 23);
	assert_non_null(d->req);
	assert_int_equal(d->specs.nr, 2);
	assert_int_equal(dl_pep440_parse_str(&v, "0.115.0"), 0);
	assert_true(dl_pep440_specset_admits(&d->specs, &v, -1));
	assert_str(d->file, "uv-fastapi/backend/pyproject.toml");

	d = dep(s, "tenacity");
	assert_null(d->specifier);
	assert_str(d->marker, "python_version < '3.12'");
	assert_pos(d->marker_pos, 15, 17);

	d = dep(s, "pytest");
	assert_int_equal(d->section, DL_DEP_GROUP);
	assert_str(d->group, "dev");
	d = dep(s, "ruff");
	assert_str(d->group, "lint");
	assert_pos(d->name_pos, 25, 10);
	assert_str(dep(s, "types-passlib")->group, "typing");
	/* file order */
	assert_string_equal(s->deps[0].normalised, "fastapi");
	assert_string_equal(s->deps[s->nr - 1].normalised, "types-passlib");
}

static void
test_uv_lock(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s = load(f, "uv-fastapi/backend/uv.lock", 0);
	const struct dl_dependency *d;
	struct dl_pep440_version v;

	assert_false(s->error.set);
	assert_str(s->lock_version, "1");
	assert_str(s->requires_python, ">=3.10, <4.0");
	assert_int_equal(s->python_specs.nr, 2);
	assert_int_equal(s->nr, 6);

	d = dep(s, "sqlalchemy");
	assert_str(d->name, "SQLAlchemy");
	assert_int_equal(d->section, DL_DEP_LOCKED);
	assert_str(d->version, "2.0.31");
	assert_str(d->specifier, "==2.0.31");
	assert_true(dl_pep440_specset_pinned(&d->specs, &v));
	assert_pos(d->name_pos, 54, 8);
	assert_pos(d->spec_pos, 55, 11);
	assert_int_equal(d->origin, DL_DEP_INDEX);

	d = dep(s, "app");
	assert_true(d->is_project);
	assert_true(d->editable);
	assert_int_equal(d->origin, DL_DEP_PATH);
	assert_false(dep(s, "fastapi")->is_project);

	d = dep(s, "sqlmodel");
	assert_int_equal(d->origin, DL_DEP_VCS);
	assert_non_null(d->url);
}

/* ---- Poetry ------------------------------------------------------------- */

static void
test_poetry_pyproject(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s = load(f, "poetry-flask/pyproject.toml", 0);
	const struct dl_dependency *d;

	assert_false(s->error.set);
	assert_int_equal(s->problems_nr, 0);
	assert_true(s->has_poetry);
	assert_false(s->has_project);
	assert_str(s->project_name, "flask-shop");
	assert_pos(s->project_name_pos, 2, 8);
	assert_int_equal(s->package_mode, 0);
	assert_pos(s->package_mode_pos, 6, 16);
	assert_str(s->requires_python_written, ">=3.10,<3.12");
	assert_str(s->requires_python, ">=3.10,<3.12");
	assert_pos(s->requires_python_pos, 9, 10);
	assert_null(s->poetry_python);
	assert_null(dl_depsource_find(s, "python"));

	d = dep(s, "flask");
	assert_str(d->written, "^3.0");
	assert_str(d->specifier, ">=3.0,<4.0");
	assert_pos(d->name_pos, 10, 1);
	assert_pos(d->spec_pos, 10, 9);
	assert_null(d->req);
	assert_str(dep(s, "sqlalchemy")->specifier, "==2.0.20");
	assert_str(dep(s, "psycopg2-binary")->specifier, ">=2.9.9,<2.10.0");
	assert_null(dep(s, "gunicorn")->specifier);
	assert_str(dep(s, "gunicorn")->written, "*");

	d = dep(s, "requests");
	assert_str(d->extras, "socks");
	assert_str(d->specifier, ">=2.31,<3.0");
	assert_pos(d->spec_pos, 15, 24);

	d = dep(s, "celery");
	assert_int_equal(d->section, DL_DEP_OPTIONAL);
	assert_str(d->group, "tasks");

	/* a multiple-constraints dependency: one entry per table */
	d = dep(s, "numpy");
	assert_str(d->specifier, ">=1.24,<2.0");
	assert_str(d->marker, "python_version < \"3.11\"");
	assert_string_equal(d[1].normalised, "numpy");
	assert_str(d[1].specifier, ">=1.26,<2.0");
	assert_str(d[1].marker, "python_version >= \"3.11\"");

	d = dep(s, "mylib");
	assert_int_equal(d->origin, DL_DEP_VCS);
	assert_null(d->specifier);
	d = dep(s, "tomli");
	assert_str(d->marker, "python_version < '3.11'");
	assert_pos(d->marker_pos, 22, 41);
	assert_str(dep(s, "legacy")->specifier, ">=0.0.3,<0.0.4");

	d = dep(s, "either");
	assert_true(d->spec_union);
	assert_null(d->specifier);
	assert_str(d->written, "^1.0 || ^2.0");

	d = dep(s, "pytest");
	assert_int_equal(d->section, DL_DEP_GROUP);
	assert_str(d->group, "dev");
	assert_str(dep(s, "black")->specifier, "==23.*");
	d = dep(s, "mkdocs");
	assert_str(d->group, "docs");
	assert_str(d->specifier, ">=1,<2");
}

static void
test_poetry_lock(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s = load(f, "poetry-flask/poetry.lock", 0);
	const struct dl_dependency *d;

	assert_false(s->error.set);
	assert_str(s->lock_version, "2.1");
	assert_str(s->requires_python, ">=3.10,<3.12");
	assert_pos(s->requires_python_pos, 57, 19);
	assert_int_equal(s->nr, 5);

	d = dep(s, "sqlalchemy");
	assert_str(d->version, "2.0.20");
	assert_str(d->group, "main");
	assert_pos(d->name_pos, 37, 8);
	assert_str(dep(s, "pytest")->group, "dev");
	d = dep(s, "tomli");
	/* Poetry 2's markers table: the main group's */
	assert_str(d->marker, "python_version < \"3.11\"");
	assert_pos(d->marker_pos, 52, 19);
	/* [package.dependencies] of a package are not dependencies of the
	 * project */
	assert_null(dl_depsource_find(s, "mako"));
}

/* Poetry 2 with [project]: requires-python wins, Poetry's python is kept
 * beside it. */
static void
test_poetry2_with_project(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s = read_text(f, DL_DEPSRC_PYPROJECT,
						 "[project]\n"
						 "name = \"p\"\n"
						 "requires-python = \">=3.10\"\n"
						 "dependencies = [\"flask (>=3.0)\", \"x[a,b]==1; sys_platform == 'linux'\"]\n"
						 "[tool.poetry.dependencies]\n"
						 "python = \"^3.10\"\n"
						 "flask = { python = \"~3.11\", markers = \"os_name == 'posix'\" }\n");
	const struct dl_dependency *d;

	assert_false(s->error.set);
	assert_str(s->requires_python, ">=3.10");
	assert_str(s->poetry_python, "^3.10");
	assert_pos(s->poetry_python_pos, 6, 10);
	assert_true(s->has_project && s->has_poetry);

	d = dep(s, "flask");
	assert_int_equal(d->section, DL_DEP_MAIN);
	assert_str(d->specifier, ">=3.0");
	assert_pos(d->spec_pos, 4, 25);
	d = dep(s, "x");
	assert_str(d->extras, "a,b");
	assert_str(d->specifier, "==1");
	assert_str(d->marker, "sys_platform == 'linux'");
	assert_pos(d->marker_pos, 4, 46);
	/* the Poetry entry: python becomes markers */
	d = &s->deps[s->nr - 1];
	assert_string_equal(d->normalised, "flask");
	assert_pos(d->name_pos, 7, 1);
	assert_str(d->marker, "(os_name == 'posix') and python_version >= \"3.11\" and python_version < \"3.12\"");
}

/* ---- pipenv ------------------------------------------------------------- */

static void
test_pipfile(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s = load(f, "pipenv-fastapi/Pipfile", 0);
	const struct dl_dependency *d;

	assert_false(s->error.set);
	assert_str(s->requires_python, "==3.11.*");
	assert_str(s->requires_python_written, "3.11");
	assert_pos(s->requires_python_pos, 18, 18);
	assert_int_equal(s->nr, 7);

	d = dep(s, "fastapi");
	assert_null(d->specifier);
	assert_str(d->written, "*");
	assert_str(dep(s, "sqlalchemy")->specifier, "==2.0.20");
	assert_str(dep(s, "alembic")->specifier, "==1.13.1");
	d = dep(s, "psycopg");
	assert_str(d->extras, "binary");
	assert_str(d->specifier, ">=3.1");
	assert_pos(d->name_pos, 9, 1);
	d = dep(s, "mylib");
	assert_int_equal(d->origin, DL_DEP_PATH);
	assert_true(d->editable);
	d = dep(s, "pytest");
	assert_int_equal(d->section, DL_DEP_GROUP);
	assert_str(d->group, "dev");

	/* python_full_version wins over python_version */
	s = read_text(f, DL_DEPSRC_PIPFILE, "[requires]\npython_version = \"3.11\"\npython_full_version = \"3.11.4\"\n");
	assert_str(s->requires_python, "==3.11.4");
	assert_pos(s->requires_python_pos, 3, 23);
}

static void
test_pipfile_lock(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s = load(f, "pipenv-fastapi/Pipfile.lock", 0);
	const struct dl_dependency *d;

	assert_false(s->error.set);
	assert_str(s->lock_version, "6");
	assert_str(s->requires_python, "==3.11.*");
	assert_pos(s->requires_python_pos, 8, 31);
	assert_int_equal(s->nr, 5);

	d = dep(s, "alembic");
	assert_int_equal(d->section, DL_DEP_MAIN);
	assert_str(d->version, "1.13.1");
	assert_str(d->specifier, "==1.13.1");
	assert_pos(d->name_pos, 19, 10);
	assert_pos(d->spec_pos, 25, 24);
	assert_str(d->marker, "python_version >= '3.8'");
	assert_pos(d->marker_pos, 24, 24);
	assert_str(dep(s, "psycopg")->extras, "binary");
	d = dep(s, "mylib");
	assert_null(d->version);
	assert_int_equal(d->origin, DL_DEP_PATH);
	d = dep(s, "pytest");
	assert_int_equal(d->section, DL_DEP_GROUP);
	assert_str(d->group, "dev");
	assert_pos(d->name_pos, 46, 10);
}

/* ---- PEP 621 ------------------------------------------------------------ */

static void
test_pep621(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s = load(f, "pep621-hatch/pyproject.toml", 0);
	const struct dl_dependency *d;

	assert_false(s->error.set);
	assert_false(s->dynamic_deps);
	assert_str(s->requires_python, ">=3.11");
	d = dep(s, "gunicorn");
	assert_pos(d->name_pos, 9, 30);
	assert_pos(d->spec_pos, 9, 38);
	d = dep(s, "sqlalchemy");
	assert_int_equal(d->origin, DL_DEP_URL);
	assert_str(d->extras, "asyncio");
	assert_non_null(d->url);
	d = dep(s, "psycopg2-binary");
	assert_int_equal(d->section, DL_DEP_OPTIONAL);
	assert_str(d->group, "postgres");

	/* escapes: positions fall back to the string's start */
	s = read_text(f, DL_DEPSRC_PYPROJECT, "[project]\ndynamic = [\"dependencies\"]\ndependencies = [\"fl\\u0061sk>=3\"]\n");
	assert_true(s->dynamic_deps);
	d = dep(s, "flask");
	assert_pos(d->name_pos, 3, 17);
	assert_pos(d->spec_pos, 3, 17);
}

/* ---- malformed files ------------------------------------------------------ */

static void
test_malformed(void **state)
{
	struct fixture *f = *state;
	const struct dl_depsource *s;

	s = load(f, "malformed/pyproject.toml", 0);
	assert_true(s->error.set);
	assert_pos(s->error.pos, 6, 5);
	assert_non_null(strstr(s->error.message, "expected comma"));
	assert_int_equal(s->nr, 0);

	s = load(f, "malformed/Pipfile.lock", 0);
	assert_true(s->error.set);
	assert_pos(s->error.pos, 4, 40);
	assert_null(strstr(s->error.message, "near"));

	s = load(f, "malformed/bom-pyproject.toml", DL_DEPSRC_PYPROJECT);
	assert_true(s->error.set);
	assert_pos(s->error.pos, 1, 1);

	s = load(f, "malformed/poetry.lock", 0);
	assert_false(s->error.set);
	assert_int_equal(s->nr, 1);
	assert_int_equal(s->problems_nr, 1);
	assert_pos(s->problems[0].pos, 5, 1);

	s = load(f, "malformed/wrong-shapes.toml", DL_DEPSRC_PYPROJECT);
	assert_false(s->error.set);
	assert_int_equal(s->problems_nr, 7);
	assert_pos(s->problems[0].pos, 3, 19); /* requires-python = 3.11 */
	assert_pos(s->problems[1].pos, 6, 5);  /* 42 */
	assert_pos(s->problems[2].pos, 7, 5);  /* not a requirement */
	assert_int_equal(s->package_mode, -1);
	assert_int_equal(s->nr, 2);
	assert_true(dep(s, "httpx")->spec_invalid);
	assert_null(s->requires_python);

	/* the top level of a Pipfile.lock must be an object; empty input */
	s = read_text(f, DL_DEPSRC_PIPFILE_LOCK, "[1, 2]");
	assert_true(s->error.set);
	s = read_text(f, DL_DEPSRC_PIPFILE_LOCK, "");
	assert_true(s->error.set);
	assert_pos(s->error.pos, 1, 1);
	s = read_text(f, DL_DEPSRC_UV_LOCK, "");
	assert_false(s->error.set);
	assert_int_equal(s->nr, 0);
	s = read_text(f, DL_DEPSRC_UV_LOCK, "package = 1\n");
	assert_int_equal(s->problems_nr, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poetry_constraints),
		cmocka_unit_test(test_kind_for),
		cmocka_unit_test_setup_teardown(test_uv_pyproject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uv_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poetry_pyproject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poetry_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poetry2_with_project, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipfile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipfile_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pep621, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
