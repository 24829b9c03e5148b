/*
 * Unit tests for the shared secret classifier (deploylint/secretclass.h):
 * key names, value shapes and file roles. Random-looking values are built
 * at run time so that this file holds no credential-shaped literal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "deploylint/secretclass.h"
#include "deploylint/secrets.h"

static enum dl_secret_key_kind
key(const char *k)
{
	return dl_secret_key_classify(k, strlen(k));
}

static enum dl_secret_value_kind
val(const char *k, const char *v, unsigned flags)
{
	return dl_secret_value_classify(NULL, k, k ? strlen(k) : 0, v, strlen(v), flags);
}

/* A value of n bytes from a fixed pseudo-random walk over `set`. */
static void
random_value(char *out, size_t n, const char *set, unsigned seed)
{
	size_t i, m = strlen(set);
	uint32_t x = seed * 2654435761u + 1;
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		out[i] = set[x % m];
	}
	out[n] = '\0';
}

static void
test_keys(void **state)
{
	(void)state;
	assert_int_equal(key("SECRET_KEY"), DL_SECRET_KEY_SECRET);
	assert_int_equal(key("apiKey"), DL_SECRET_KEY_SECRET);
	assert_int_equal(key("DB_PASS"), DL_SECRET_KEY_SECRET);
	assert_int_equal(key("DATABASE_URL"), DL_SECRET_KEY_SECRET);
	assert_int_equal(key("OPENWEATHER_API"), DL_SECRET_KEY_SECRET);
	assert_int_equal(key("client_secret"), DL_SECRET_KEY_SECRET);
	assert_int_equal(key("BASIC_AUTH"), DL_SECRET_KEY_SECRET);
	assert_int_equal(key("JWT_ALGORITHM"), DL_SECRET_KEY_SETTING);
	assert_int_equal(key("ACCESS_TOKEN_EXPIRE_MINUTES"), DL_SECRET_KEY_SETTING);
	assert_int_equal(key("PASSWORD_MIN_LENGTH"), DL_SECRET_KEY_SETTING);
	assert_int_equal(key("SECRET_NAME"), DL_SECRET_KEY_SETTING);
	assert_int_equal(key("AWS_ACCESS_KEY_ID"), DL_SECRET_KEY_SETTING);
	assert_int_equal(key("TOKEN_URL"), DL_SECRET_KEY_SETTING);
	assert_int_equal(key("STRIPE_PUBLISHABLE_KEY"), DL_SECRET_KEY_NONE);
	assert_int_equal(key("PUBLIC_KEY"), DL_SECRET_KEY_NONE);
	assert_int_equal(key("STRIPE_KEY"), DL_SECRET_KEY_WEAK);
	assert_int_equal(key("SALT"), DL_SECRET_KEY_WEAK);
	assert_int_equal(key("GIT_AUTHOR_NAME"), DL_SECRET_KEY_NONE);
	assert_int_equal(key("monkey"), DL_SECRET_KEY_NONE);
	assert_int_equal(key(""), DL_SECRET_KEY_NONE);
	/* the compatibility wrapper agrees */
	assert_true(dl_secrets_key_is_secret("SECRET_KEY", 10));
	assert_false(dl_secrets_key_is_secret("STRIPE_KEY", 10));
	/* masking: weak names too, but not URL keys (their password alone) */
	assert_true(dl_secret_key_masks("STRIPE_KEY", 10));
	assert_false(dl_secret_key_masks("DATABASE_URL", 12));
	assert_false(dl_secret_key_masks("LOG_LEVEL", 9));
}

#define IS(k, use) dl_secret_key_is(k, sizeof(k) - 1, DL_SECRET_KEY_USE_##use)

/* The one predicate: each use keeps what its callers decided before. */
static void
test_key_uses(void **state)
{
	(void)state;
	/* REPORT: a secret name only */
	assert_true(IS("DB_PASSWORD", REPORT));
	assert_true(IS("DATABASE_URL", REPORT));
	assert_false(IS("JWT_KEY", REPORT));
	assert_false(IS("PUBLIC_KEY", REPORT));
	/* MASK: weak names too, never a URL/URI key */
	assert_true(IS("JWT_KEY", MASK));
	assert_true(IS("DB_PASSWORD", MASK));
	assert_false(IS("DATABASE_URL", MASK));
	assert_false(IS("REDIS_URI", MASK));
	assert_false(IS("PUBLIC_KEY", MASK));
	assert_false(IS("TOKEN_EXPIRE_MINUTES", MASK));
	/* HIDE: REPORT, or a credential word anywhere, case-insensitively */
	assert_true(IS("DATABASE_URL", HIDE));
	assert_true(IS("PUBLIC_KEY", HIDE));
	assert_true(IS("monkey", HIDE));
	assert_true(IS("ssl.Cert", HIDE));
	assert_true(IS("x-Signature", HIDE));
	assert_true(IS("TOKEN_EXPIRE_MINUTES", HIDE));
	assert_false(IS("LOG_LEVEL", HIDE));
	assert_false(IS("REDIS_URI", HIDE));
	assert_false(IS("", HIDE));
	/* SETTING: the last part after _ - . names a setting, unless the
	 * name is a secret's (SEC001's entropy fallback) */
	assert_true(IS("S3_FILES_BUCKET_NAME", SETTING));
	assert_true(IS("AWS_REGION", SETTING));
	assert_true(IS("app.Host", SETTING));
	assert_true(IS("SENTRY-ENDPOINT", SETTING));
	assert_true(IS("JWT_KEY_ID", SETTING));
	assert_false(IS("DATABASE_URL", SETTING)); /* REPORT wins */
	assert_false(IS("bucketName", SETTING));   /* cut at _ - . only */
	assert_false(IS("SIGNING_SALT", SETTING));
	assert_false(IS("HOSTNAMES", SETTING));
	assert_false(IS("", SETTING));
	/* the wrappers agree with the predicate */
	assert_int_equal(dl_secret_key_masks("JWT_KEY", 7), IS("JWT_KEY", MASK));
	assert_int_equal(dl_secrets_key_is_secret("JWT_KEY", 7), IS("JWT_KEY", REPORT));
}

/* The one entropy function (RND006's looks_generated used its own). */
static void
test_entropy(void **state)
{
	(void)state;
	assert_true(dl_secrets_entropy("", 0) == 0.0);
	assert_true(dl_secrets_entropy("aaaa", 4) == 0.0);
	assert_true(dl_secrets_entropy("abababab", 8) == 1.0);
	assert_true(dl_secrets_entropy("0123456789abcdef", 16) == 4.0);
	/* 8 symbols each 4 times: exactly 3.0, RND006's hex floor */
	assert_true(dl_secrets_entropy("01234567012345670123456701234567", 32) == 3.0);
	assert_true(dl_secrets_entropy("abc", 3) > 1.58 && dl_secrets_entropy("abc", 3) < 1.59);
}

static void
test_references(void **state)
{
	const unsigned q = DL_SECRET_QUOTED;
	(void)state;
	assert_int_equal(val("api_key", "var.stripe_key", 0), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("x", "local.db_password", 0), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("t", "process.env.APP_ACCESS_TOKEN!", 0), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("t", "settings.SECRET_KEY", 0), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("t", "create_access_token(data)", 0), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("t", "os.getenv(\"X\")", 0), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("t", "plaintext", DL_SECRET_CODE), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("p", "${DB_PASSWORD:?Variable not set}", q), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("p", "{{ .Values.password }}", q), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("p", "%(here)s/secret", q), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("p", "$VAR_NAME", 0), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("p", "#{secret}", q), DL_SECRET_VALUE_REFERENCE);
	assert_int_equal(val("p", ":new_password", 0), DL_SECRET_VALUE_REFERENCE);
	/* quoted, a dotted word is text, not an expression */
	assert_int_not_equal(val("p", "settings.SECRET_KEY", q), DL_SECRET_VALUE_REFERENCE);
}

static void
test_names_and_phrases(void **state)
{
	const unsigned q = DL_SECRET_QUOTED, pw = DL_SECRET_QUOTED | DL_SECRET_PASSWORD;
	(void)state;
	assert_int_equal(val("refresh_token", "GOOGLE_REFRESH_TOKEN", q), DL_SECRET_VALUE_NAME);
	assert_int_equal(val("SECRET_KEY", "secret-key", q), DL_SECRET_VALUE_NAME);
	assert_int_equal(val("webhookSecret", "APP_WEBHOOK_SECRET", 0), DL_SECRET_VALUE_NAME);
	assert_int_equal(val("user_session_token", "app_session_cookie", q), DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("ForgetPassword", "forget_password_flow", pw), DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("ACL_CREDENTIALS", "Access-Control-Allow-Credentials", q),
			 DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("password", "Passwort", pw), DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("password", "Benutzerpasswort", pw), DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("t", "dev-secret-key-change-in-production", q), DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("t", "zyxwvutsrqponm5813", q), DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("t", "aaaaaaaaaaaaaaaaaaaa", q), DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("t", "short1", q), DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("t", "\xe7\x94\xa8\xe6\x88\xb7\xe5\xaf\x86\xe7\xa0\x81Qm7z9Lp2", pw),
			 DL_SECRET_VALUE_WEAK);
	assert_int_equal(val("t", "pk.eyJ1IjoibWFwIn0.abcdefghijkl", q), DL_SECRET_VALUE_PUBLIC);
	assert_int_equal(val("t", "https://api.stripe.com/v1", q), DL_SECRET_VALUE_PATH);
	assert_int_equal(val("t", "service-account.json", q), DL_SECRET_VALUE_PATH);
	assert_int_equal(val("t", "your-api-key-here", q), DL_SECRET_VALUE_PLACEHOLDER);
	assert_int_equal(val("t", "", q), DL_SECRET_VALUE_EMPTY);
	assert_string_equal(dl_secret_value_kind_name(DL_SECRET_VALUE_NAME), "name");
}

static void
test_literals(void **state)
{
	char v[64];
	(void)state;
	random_value(v, 32, "0123456789abcdef", 7);
	assert_int_equal(val("SECRET_KEY", v, DL_SECRET_QUOTED), DL_SECRET_VALUE_LITERAL);
	random_value(v, 24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 11);
	assert_int_equal(val("API_TOKEN", v, DL_SECRET_QUOTED), DL_SECRET_VALUE_LITERAL);
	/* unquoted in a config file: a literal; in code: an expression */
	assert_int_equal(val("API_TOKEN", v, 0), DL_SECRET_VALUE_LITERAL);
	assert_int_equal(val("API_TOKEN", v, DL_SECRET_CODE), DL_SECRET_VALUE_REFERENCE);
	/* a person's password: shorter and wordier, with a digit */
	assert_int_equal(val("DB_PASSWORD", "Hunter42Blue", DL_SECRET_QUOTED | DL_SECRET_PASSWORD),
			 DL_SECRET_VALUE_LITERAL);
	/* the same as a token is too short */
	assert_int_equal(val("API_TOKEN", "Hunter42Blue", DL_SECRET_QUOTED), DL_SECRET_VALUE_WEAK);
}

static void
test_roles(void **state)
{
	(void)state;
	assert_int_equal(dl_secrets_path_role("render.yaml"), DL_ROLE_CONFIG);
	assert_int_equal(dl_secrets_path_role("app/settings.py"), DL_ROLE_CONFIG);
	assert_int_equal(dl_secrets_path_role("tests/api/test_x.py"), DL_ROLE_TEST);
	assert_int_equal(dl_secrets_path_role("test_users.py"), DL_ROLE_TEST);
	assert_int_equal(dl_secrets_path_role("app/users_test.py"), DL_ROLE_TEST);
	assert_int_equal(dl_secrets_path_role("conftest.py"), DL_ROLE_TEST);
	assert_int_equal(dl_secrets_path_role("scripts/test_api.sh"), DL_ROLE_TEST);
	assert_int_equal(dl_secrets_path_role("web/src/login.spec.ts"), DL_ROLE_TEST);
	assert_int_equal(dl_secrets_path_role("README.md"), DL_ROLE_DOCS);
	assert_int_equal(dl_secrets_path_role("docs/guide/setup.py"), DL_ROLE_DOCS);
	assert_int_equal(dl_secrets_path_role("site/page.mdx"), DL_ROLE_DOCS);
	assert_int_equal(dl_secrets_path_role("frontend/lang/de.json"), DL_ROLE_DOCS);
	assert_int_equal(dl_secrets_path_role("venv/lib/python3.12/site-packages/x.py"),
			 DL_ROLE_VENDORED);
	assert_int_equal(dl_secrets_path_role("web/node_modules/p/index.js"), DL_ROLE_VENDORED);
	assert_int_equal(dl_secrets_path_role("tests/node_modules/p/i.js"), DL_ROLE_VENDORED);
	assert_int_equal(dl_secrets_venv_prefix("env/pyvenv.cfg", 14), 4);
	assert_int_equal(dl_secrets_venv_prefix("a/b/pyvenv.cfg", 14), 4);
	assert_int_equal(dl_secrets_venv_prefix("pyvenv.cfg", 10), 0);
	assert_int_equal(dl_secrets_venv_prefix("env/notpyvenv.cfg", 17), 0);
}

static int
teardown(void **state)
{
	(void)state;
	dl_secrets_builtin_release();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_key_uses),
		cmocka_unit_test(test_entropy),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_names_and_phrases),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_roles),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
