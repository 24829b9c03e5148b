/*
 * Unit tests for the read pass (src/pass/): it runs the secret scan only
 * when the work asks for it (a family that uses it is selected), reads
 * and flags every lintable file either way, runs the visitors it is given
 * and hands each family its visitor's result by pointer; .env files git
 * ignores (or any outside git) are read but never secret-scanned. The
 * credentials below are assembled at run time, so that this file holds
 * none.
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

#include "deploylint/mask.h"
#include "pass/pass.h"
#include "rules/check.h"

struct tree {
	char dir[64];
};

static void
put(const struct tree *t, const char *rel, const char *body, size_t len)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(body, 1, len, f), len);
	fclose(f);
}

static int
setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	struct dl_strbuf py = DL_STRBUF_INIT;
	snprintf(t->dir, sizeof(t->dir), "/tmp/dlpass.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	/* a database URL with an inline password (SEC002) */
	dl_strbuf_puts(&py, "DB = \"postgresql://app:");
	dl_strbuf_puts(&py, "Qz7v");
	dl_strbuf_puts(&py, "Lm2x9Kp4@db.internal:5432/app\"\n");
	put(t, "settings.py", py.buf, py.len);
	put(t, "blob.dat", "a\0b\n", 4);
	dl_strbuf_release(&py);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

static struct dl_file *
file(struct dl_repo *repo, const char *path)
{
	size_t i;
	for (i = 0; i < repo->nr; i++)
		if (!strcmp(repo->files[i].path, path))
			return &repo->files[i];
	fail_msg("no file %s", path);
	return NULL;
}

/* A visitor that counts the bytes of the Python files it sees. */
static int
always(const struct dl_repo *repo)
{
	(void)repo;
	return 1;
}

static int
wants_python(const struct dl_file *f)
{
	return f->kind == DL_KIND_PYTHON;
}

static void *
count_bytes(const struct dl_file *f, const char *data, size_t len, unsigned features)
{
	size_t *n = malloc(sizeof(*n));
	(void)f;
	(void)data;
	(void)features;
	*n = len;
	return n;
}

static const struct dl_visitor counter = { "count", NULL, always, wants_python, 0, count_bytes, free };
static const struct dl_visitor other = { "other", NULL, always, wants_python, 0, count_bytes, free };

static void
run(const struct tree *t, int secrets, int with_visitor)
{
	struct dl_repo repo;
	struct dl_config cfg;
	struct dl_pass_work work;
	struct dl_pass *pass;
	struct dl_pass_file *r;
	struct dl_prepass *pp;
	char *err = NULL;
	size_t *n;

	memset(&work, 0, sizeof(work));
	work.secrets = secrets;
	if (with_visitor)
		work.v[work.nr++] = &counter;
	dl_config_init(&cfg);
	/* once with a pre-read (no hook: it only builds the catalogue), as
	 * the lint sequence runs it */
	pp = dl_prepass_start(t->dir, &cfg, &work);
	assert_int_equal(dl_repo_scan(&repo, t->dir, &err), 0);
	dl_prepass_finish(pp);
	pass = dl_pass_run(&repo, &cfg, pp, &work);

	r = dl_pass_file_of(pass, file(&repo, "settings.py"));
	assert_non_null(r);
	assert_int_equal(r->status, DL_READ_OK);
	assert_int_equal(r->scanned, secrets);
	assert_int_equal(r->hits.nr, secrets ? 1 : 0);
	if (secrets)
		assert_string_equal(r->hits.v[0].format->rule->id, "SEC002");
	else /* not scanned: the families must look at the bytes themselves */
		assert_int_equal(dl_pass_features(pass, file(&repo, "settings.py")), DL_FEAT_ALL);
	/* read either way: the binary file is flagged for every family */
	assert_int_equal(dl_pass_file_of(pass, file(&repo, "blob.dat"))->status, DL_READ_BINARY);
	assert_true(file(&repo, "blob.dat")->flags & DL_FILE_BINARY);

	n = dl_pass_visit(pass, &counter, file(&repo, "settings.py"));
	if (with_visitor) {
		assert_non_null(n);
		assert_int_equal(*n, file(&repo, "settings.py")->size);
	} else {
		assert_null(n);
	}
	assert_null(dl_pass_visit(pass, &other, file(&repo, "settings.py")));
	assert_null(dl_pass_visit(pass, &counter, file(&repo, "blob.dat")));

	dl_pass_free(pass, NULL);
	dl_prepass_free(pp);
	dl_repo_release(&repo);
	dl_config_release(&cfg);
}

static void
test_scan_and_visit(void **state)
{
	run(*state, 1, 1);
}

static void
test_no_scan(void **state)
{
	run(*state, 0, 1);
}

static void
test_no_visitor(void **state)
{
	run(*state, 1, 0);
}

/*
 * Ignored .env files (issue #15): the scan lists a .env git ignores as the
 * developer's local settings (DL_FILE_LOCAL_DOTENV), lintable, and the pass
 * reads it without the secret scan (an ignored file is not a leak), while
 * an untracked .env git would commit is scanned. An ignored .env in a
 * vendored tree (node_modules/ entered for a tracked file, a folder
 * holding pyvenv.cfg) or in an ignored folder entered for a tracked file,
 * and other ignored files, stay unread; an ignored folder is not entered
 * at all.
 */
static void
test_ignored_dotenv(void **state)
{
	struct tree *t = *state;
	struct dl_strbuf url = DL_STRBUF_INIT, cmd = DL_STRBUF_INIT;
	struct dl_repo repo;
	struct dl_config cfg;
	struct dl_pass_work work;
	struct dl_pass *pass;
	struct dl_pass_file *r;
	struct dl_file *f;
	char *err = NULL;

	dl_strbuf_puts(&url, "DATABASE_URL=postgresql://app:");
	dl_strbuf_puts(&url, "Qz7v");
	dl_strbuf_puts(&url, "Lm2x9Kp4@db.internal:5432/app\n");
	dl_strbuf_addf(&cmd,
		       "cd '%s' && mkdir -p node_modules/dep venv/lib build sub instance && "
		       "printf '.env\\nnode_modules/\\nbuild/\\ninstance/\\n*.log\\n' >.gitignore && "
		       "printf 'home = /usr/bin\\n' >venv/pyvenv.cfg && "
		       "printf '{}\\n' >node_modules/dep/package.json && "
		       "printf 'X = 1\\n' >instance/config.py && "
		       "git init -q . && git add .gitignore && "
		       "git add -f node_modules/dep/package.json instance/config.py",
		       t->dir);
	assert_int_equal(system(cmd.buf), 0);
	put(t, ".env", url.buf, url.len);
	put(t, "sub/.env", url.buf, url.len);
	put(t, "node_modules/dep/.env", url.buf, url.len);
	put(t, "venv/lib/.env", url.buf, url.len);
	put(t, "build/.env", url.buf, url.len);
	put(t, "instance/.env", url.buf, url.len);
	put(t, "run.log", url.buf, url.len);
	/* sub/.env is ignored too (the pattern has no slash), but not sub2's
	 * .env.local: git would commit it */
	dl_strbuf_reset(&cmd);
	dl_strbuf_addf(&cmd, "mkdir -p '%s/sub2'", t->dir);
	assert_int_equal(system(cmd.buf), 0);
	put(t, "sub2/.env.local", url.buf, url.len);

	memset(&work, 0, sizeof(work));
	work.secrets = 1;
	dl_config_init(&cfg);
	assert_int_equal(dl_repo_scan(&repo, t->dir, &err), 0);
	assert_int_equal(repo.in_git, 1);

	f = file(&repo, ".env");
	assert_int_equal(f->flags & (DL_FILE_IGNORED | DL_FILE_LOCAL_DOTENV),
			 DL_FILE_IGNORED | DL_FILE_LOCAL_DOTENV);
	assert_true(dl_file_lintable(f));
	assert_true(file(&repo, "sub/.env")->flags & DL_FILE_LOCAL_DOTENV);
	/* vendored: ignored and unread */
	f = file(&repo, "node_modules/dep/.env");
	assert_true(f->flags & DL_FILE_IGNORED);
	assert_false(f->flags & DL_FILE_LOCAL_DOTENV);
	assert_false(dl_file_lintable(f));
	f = file(&repo, "venv/lib/.env");
	assert_false(f->flags & DL_FILE_LOCAL_DOTENV);
	assert_false(dl_file_lintable(f));
	/* an ignored folder entered for the tracked file in it: the rest of
	 * it stays as unread as an ignored folder */
	f = file(&repo, "instance/.env");
	assert_true(f->flags & DL_FILE_IGNORED);
	assert_false(f->flags & DL_FILE_LOCAL_DOTENV);
	assert_false(dl_file_lintable(f));
	/* other ignored files stay unread; an ignored folder is not entered */
	assert_false(dl_file_lintable(file(&repo, "run.log")));
	assert_null(dl_repo_find(&repo, "build/.env"));
	/* git would commit this one: no local settings */
	f = file(&repo, "sub2/.env.local");
	assert_int_equal(f->flags & (DL_FILE_IGNORED | DL_FILE_TRACKED | DL_FILE_LOCAL_DOTENV), 0);
	assert_non_null(strstr(repo.notes.buf, "linted .env as local settings"));
	assert_null(strstr(repo.notes.buf, "node_modules/dep/.env as local"));

	pass = dl_pass_run(&repo, &cfg, NULL, &work);
	r = dl_pass_file_of(pass, file(&repo, ".env"));
	assert_int_equal(r->scanned, 0); /* never read by the SEC rules */
	assert_int_equal(r->hits.nr, 0);
	assert_int_equal(dl_pass_features(pass, file(&repo, ".env")), DL_FEAT_ALL);
	/* but loaded for the ENV and DB rules */
	assert_int_equal(dl_repo_load(&repo, file(&repo, ".env")), 0);
	r = dl_pass_file_of(pass, file(&repo, "sub2/.env.local"));
	assert_int_equal(r->scanned, 1);
	assert_int_equal(r->hits.nr, 1);
	assert_int_equal(dl_pass_file_of(pass, file(&repo, "node_modules/dep/.env"))->status,
			 DL_READ_NONE);
	assert_int_equal(dl_pass_file_of(pass, file(&repo, "run.log"))->status, DL_READ_NONE);

	dl_pass_free(pass, NULL);
	dl_repo_release(&repo);
	dl_config_release(&cfg);
	dl_strbuf_release(&url);
	dl_strbuf_release(&cmd);
}

/* Outside git every .env is local settings: read, never secret-scanned
 * (an example is scanned: it is meant to be shared). */
static void
test_plain_walk_dotenv(void **state)
{
	struct tree *t = *state;
	struct dl_strbuf url = DL_STRBUF_INIT;
	struct dl_repo repo;
	struct dl_config cfg;
	struct dl_pass_work work;
	struct dl_pass *pass;
	struct dl_pass_file *r;
	char *err = NULL;

	dl_strbuf_puts(&url, "DATABASE_URL=postgresql://app:");
	dl_strbuf_puts(&url, "Qz7v");
	dl_strbuf_puts(&url, "Lm2x9Kp4@db.internal:5432/app\n");
	put(t, ".env", url.buf, url.len);
	put(t, ".env.example", url.buf, url.len);
	memset(&work, 0, sizeof(work));
	work.secrets = 1;
	dl_config_init(&cfg);
	assert_int_equal(dl_repo_scan(&repo, t->dir, &err), 0);
	if (repo.in_git) /* /tmp inside a work tree: nothing to test here */
		skip();
	assert_int_equal(file(&repo, ".env")->flags & DL_FILE_LOCAL_DOTENV, 0);
	assert_non_null(strstr(repo.notes.buf,
			       "linted .env as local settings: outside git nothing is committed"));
	assert_null(strstr(repo.notes.buf, "linted .env.example"));
	pass = dl_pass_run(&repo, &cfg, NULL, &work);
	r = dl_pass_file_of(pass, file(&repo, ".env"));
	assert_int_equal(r->scanned, 0);
	assert_int_equal(dl_repo_load(&repo, file(&repo, ".env")), 0);
	r = dl_pass_file_of(pass, file(&repo, ".env.example"));
	assert_int_equal(r->scanned, 1);
	dl_pass_free(pass, NULL);
	dl_repo_release(&repo);
	dl_config_release(&cfg);
	dl_strbuf_release(&url);
}

/*
 * The py-imports visitor (PY010, PY011) runs only on the Python files whose
 * bytes hold a removed module's name as a whole identifier, or
 * "basesettings" (the keyword pass's DL_FEAT_PY_REMOVED and
 * DL_FEAT_BASESETTINGS): a name in a string or a comment lets the file
 * through and the tokenizer then finds no import; a file without the words
 * is not tokenized at all (a regression that tokenizes every file fails
 * here, without timing anything).
 */
static void
test_py_imports_prefilter(void **state)
{
	const struct tree *t = *state;
	static const char *const plain =
		"import os\nimport important\nfrom importlib import util\n"
		"_imp = IMP = imp_x = x.imp2 = 0  # no word here\n"
		"def chunks(cgi_x, pipes_):\n    return 'uuid'\n";
	static const char *const mentions = "NOTE = 'imp'\n# distutils is gone\n"
					    "s = \"\"\"\nimport telnetlib\n\"\"\"\n";
	struct dl_repo repo;
	struct dl_config cfg;
	struct dl_pass_work work;
	struct dl_pass *pass;
	char *err = NULL;

	put(t, "imports.py", "import os, imp\n", 15);
	put(t, "mentions.py", mentions, strlen(mentions));
	put(t, "plain.py", plain, strlen(plain));
	put(t, "config.py", "from pydantic import BaseSettings\n", 34);
	memset(&work, 0, sizeof(work));
	work.secrets = 1; /* as dl_checkers_select sets it for this visitor */
	work.v[work.nr++] = &dl_py_imports;
	dl_config_init(&cfg);
	assert_int_equal(dl_repo_scan(&repo, t->dir, &err), 0);
	pass = dl_pass_run(&repo, &cfg, NULL, &work);

	assert_true(dl_pass_features(pass, file(&repo, "imports.py")) & DL_FEAT_PY_REMOVED);
	assert_non_null(dl_pass_visit(pass, &dl_py_imports, file(&repo, "imports.py")));
	assert_non_null(dl_pass_visit(pass, &dl_py_imports, file(&repo, "config.py")));
	/* through the prefilter, but the tokenizer finds no import */
	assert_true(dl_pass_features(pass, file(&repo, "mentions.py")) & DL_FEAT_PY_REMOVED);
	assert_true(dl_pass_file_of(pass, file(&repo, "mentions.py"))->visited & 1u);
	assert_null(dl_pass_visit(pass, &dl_py_imports, file(&repo, "mentions.py")));
	/* no whole word: never tokenized */
	assert_false(dl_pass_features(pass, file(&repo, "plain.py")) & DL_FEAT_PY_REMOVED);
	assert_false(dl_pass_file_of(pass, file(&repo, "plain.py"))->visited & 1u);
	/* settings.py (from setup) holds none of the words either */
	assert_int_equal(dl_pass_visited(pass, &dl_py_imports), 3);

	dl_pass_free(pass, NULL);
	dl_repo_release(&repo);
	dl_config_release(&cfg);
}

/*
 * The pass keeps the bytes of the files the models load (deploy and config
 * kinds, Alembic revisions) and hands them to the files, exactly as
 * dl_repo_load() reads them; other files are not kept in memory.
 */
static void
test_keeps_model_files(void **state)
{
	const struct tree *t = *state;
	static const char *const blueprint = "services:\n  - type: web\n    name: api\n";
	static const char *const rev = "revision = \"a1\"\ndown_revision = None\n";
	struct dl_repo repo;
	struct dl_config cfg;
	struct dl_pass_work work;
	struct dl_pass *pass;
	struct dl_file *f;
	char *err = NULL;
	char dir[128];

	snprintf(dir, sizeof(dir), "%s/versions", t->dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	put(t, "render.yaml", blueprint, strlen(blueprint));
	put(t, "versions/001_init.py", rev, strlen(rev));
	memset(&work, 0, sizeof(work));
	dl_config_init(&cfg);
	assert_int_equal(dl_repo_scan(&repo, t->dir, &err), 0);
	pass = dl_pass_run(&repo, &cfg, NULL, &work);

	f = file(&repo, "render.yaml");
	assert_true(f->loaded);
	assert_non_null(f->data);
	assert_int_equal(f->len, strlen(blueprint));
	assert_memory_equal(f->data, blueprint, f->len);
	f = file(&repo, "versions/001_init.py");
	assert_true(f->loaded);
	assert_string_equal(f->data, rev);
	assert_int_equal(dl_repo_load(&repo, f), 0); /* no second read */
	/* an application module is read and scanned, not kept */
	f = file(&repo, "settings.py");
	assert_false(f->loaded);
	assert_null(f->data);

	dl_pass_free(pass, NULL);
	dl_repo_release(&repo);
	dl_config_release(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan_and_visit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_visitor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ignored_dotenv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_walk_dotenv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_imports_prefilter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keeps_model_files, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	dl_secrets_builtin_release();
	return rc;
}
