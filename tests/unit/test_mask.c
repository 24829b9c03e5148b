/*
 * Unit tests for the masking layer (src/report/mask.c): issue 13 items
 * 1-4 and 6, each a case that printed a secret before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "deploylint/mask.h"
#include "deploylint/secrets.h"
#include "deploylint/util.h"

static void
check_line(const char *path, const char *in, const char *want)
{
	char *r = dl_mask_line(path, in, strlen(in));
	if (strcmp(r, want) != 0)
		fail_msg("%s: '%s': expected '%s', got '%s'", path, in, want, r);
	assert_int_equal(strlen(r), strlen(in));
	free(r);
}

/* item 1: any catalogue format under a neutral key, and any value of an
 * env file, is masked */
static void
test_env_neutral_keys(void **state)
{
	(void)state;
	check_line(".env", "X1 = ghp_JBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLK",
		   "X1 = ****************************************");
	check_line("app/.env.production", "NEUTRAL=Qw3rTy7uIo9pAs2dFg",
		   "NEUTRAL=******************");
	check_line("deploy/prod.env", "X=Qw3rTy7uIo9pAs2dFg", "X=******************");
	/* plain values stay readable */
	check_line(".env", "PORT=8000", "PORT=8000");
	check_line(".env", "DEBUG = \"true\"", "DEBUG = \"true\"");
	check_line(".env", "URL=${BASE}", "URL=${BASE}");
	/* a URL keeps its host and path, not its user, password or tokens */
	check_line(".env", "DATABASE_URL=postgresql://app:pw12@db.internal:5432/app?sslmode=require",
		   "DATABASE_URL=postgresql://***:****@db.internal:5432/app?sslmode=require");
	check_line(".env", "HOOK=https://example.com/hooks/Ab3dEf6hIj9k",
		   "HOOK=https://example.com/hooks/************");
}

/* item 2: comment tails and ${...} prefixes */
static void
test_env_partial_values(void **state)
{
	(void)state;
	check_line(".env", "API_TOKEN=Hx4Jk8Lp #Mv6Nq9Rs2Tw5", "API_TOKEN=******** *************");
	check_line(".env", "SESSION_SALT=${UNSET}Yb7Cd3Fg8Hj2Kl5M",
		   "SESSION_SALT=************************");
	check_line(".env", "PORT=8000 # Mv6Nq9Rs2Tw5", "PORT=**** * ************");
	/* malformed lines: `export KEY VALUE`, a pasted token, a key with
	 * junk before '=' */
	check_line(".env", "export PAYMENT_KEY Zq7Xv2Lm9Np4Rt6Wb3Ks",
		   "export PAYMENT_KEY ********************");
	check_line(".env", "Zq7Xv2Lm9Np4Rt6Wb3Ks", "********************");
	check_line(".env", "KEY Zq7Xv2Lm9Np4=1", "KEY ************=1");
	check_line(".env", "\xef\xbb\xbfPORT=1", "\xef\xbb\xbfPORT=1");
	check_line(".env", "# old: Zq7Xv2Lm9Np4Rt6Wb3Ks", "# old: ********************");
}

/* secret-named keys in other files mask their value */
static void
test_secret_keys(void **state)
{
	(void)state;
	check_line("render.yaml", "  api_token: Zq7Xv2Lm9Np4", "  api_token: ************");
	check_line("deploy.sh", "export DB_PASSWORD=hunter2", "export DB_PASSWORD=*******");
	check_line("render.yaml", "  name: api", "  name: api");
}

/* item 4: the user's secret-patterns mask every output once adopted */
static void
test_user_patterns(void **state)
{
	static const char extra[] = "formats:\n"
				    "  - id: acme\n"
				    "    name: ACME key\n"
				    "    rule: SEC003\n"
				    "    level: error\n"
				    "    keywords: [acme_]\n"
				    "    pattern: 'acme_[a-z]{12}'\n"
				    "    group: 0\n"
				    "    source: test\n";
	const char *line = "startCommand: run --with acme_qwertyuiopas";
	struct dl_secrets *s = NULL;
	struct dl_mask m = { NULL, 0, 0 };
	char *err = NULL, *r;
	(void)state;

	r = dl_mask_line("render.yaml", line, strlen(line));
	assert_string_equal(r, line); /* unknown before */
	free(r);
	assert_int_equal(dl_secrets_load_extra(&s, dl_secrets_yaml_text(), dl_secrets_yaml_len(),
					       extra, strlen(extra), dl_placeholders_text(),
					       dl_placeholders_len(), &err),
			 0);
	dl_mask_adopt(&m, s);
	r = dl_mask_line_with(&m, "render.yaml", line, strlen(line));
	assert_null(strstr(r, "qwertyuiop"));
	free(r);
	r = dl_mask_message_with(&m, "found acme_qwertyuiopas here");
	assert_null(strstr(r, "qwertyuiop"));
	free(r);
	/* no global state: a mask without it still shows the line */
	r = dl_mask_line("render.yaml", line, strlen(line));
	assert_string_equal(r, line);
	free(r);
	dl_mask_clear(&m);
	assert_int_equal(m.nr, 0);
}

/* item 6: a quote is bounded and masked */
static void
test_quote(void **state)
{
	char *r;
	(void)state;
	r = dl_mask_quote("3.11.4", 6, 40);
	assert_string_equal(r, "3.11.4");
	free(r);
	r = dl_mask_quote("python Zq7Xv2Lm9Np4Rt6", 22, 40);
	assert_string_equal(r, "python ***************");
	free(r);
	r = dl_mask_quote("abcdefghijklmnopqrstuvwxyz", 26, 10);
	assert_string_equal(r, "abcdefghij...");
	free(r);
	r = dl_mask_quote("ghp_JBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLK", 40, 200);
	assert_null(strstr(r, "JBd0Kh8o"));
	free(r);
}

/* item 3: the escaping the text report, the diff and github share */
static void
test_put_safe(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const char *in = "a\x1b]8;;x\x07\xe2\x80\xae"
			 "b\xe2\x81\xa6\xc2\x9b\xd8\x9c\t\xc3\xa9\xff";
	(void)state;
	dl_mask_put_safe(&sb, in, strlen(in));
	assert_string_equal(sb.buf, "a\\x1b]8;;x\\x07\\xe2\\x80\\xaeb\\xe2\\x81\\xa6\\xc2\\x9b"
				    "\\xd8\\x9c\t\xc3\xa9\\xff");
	dl_strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_neutral_keys),
		cmocka_unit_test(test_env_partial_values),
		cmocka_unit_test(test_secret_keys),
		cmocka_unit_test(test_user_patterns),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_put_safe),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	dl_secrets_builtin_release();
	return rc;
}
