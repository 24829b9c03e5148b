/*
 * Unit tests for the read pass (src/pass/): it runs the secret scan only
 * when the work asks for it (a family that uses it is selected), reads
 * and flags every lintable file either way, runs the visitors it is given
 * and hands each family its visitor's result by pointer. The credential
 * below is assembled at run time, so that this file holds none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/mask.h"
#include "pass/pass.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan_and_visit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_visitor, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	dl_secrets_builtin_release();
	return rc;
}
