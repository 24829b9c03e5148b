/*
 * deploylint: the one judge of "is this a secret?" that every secret rule
 * (SEC001-SEC005, ENV's masking, RND003/RND006, --fix's masking) asks:
 * what a key's name says, what a value's shape says, and what a file's
 * path says about how much a generic assignment in it counts.
 *
 * The heuristics are our own, written after reading the documented ones of
 * gitleaks' generic-api-key rule (keyword + entropy + stop words) and of
 * detect-secrets' filters (is_indirect_reference, is_templated_secret,
 * is_likely_id_string, is_sequential_string, is_lock_file); rules/SEC004.md
 * says which of ours matches or improves on which of theirs.
 *
 * Everything here is pure (no I/O, no allocation, ASCII only, locale
 * independent) and thread-safe.
 */
#ifndef DEPLOYLINT_SECRETCLASS_H
#define DEPLOYLINT_SECRETCLASS_H

#include <stddef.h>

struct dl_secrets;

/* What a key's name says about its value. */
enum dl_secret_key_kind {
	DL_SECRET_KEY_NONE = 0, /* nothing secret in the name (or public:
				 * PUBLIC_KEY, STRIPE_PUBLISHABLE_KEY) */
	DL_SECRET_KEY_SETTING,  /* a setting about a secret, not one:
				 * JWT_ALGORITHM, TOKEN_EXPIRE_MINUTES,
				 * PASSWORD_MIN_LENGTH, SECRET_NAME, *_ID */
	DL_SECRET_KEY_WEAK,     /* may hold one (KEY, PRIVATE, SALT,
				 * JWT words): enough to mask, not to
				 * report */
	DL_SECRET_KEY_SECRET    /* names a secret: SECRET, PASSWORD, PASSWD,
				 * PASSPHRASE, PWD, PASS, TOKEN, APIKEY, AUTH,
				 * CREDENTIAL(S), DSN, PRIVATEKEY words; API
				 * KEY, PRIVATE KEY, ACCESS KEY, SIGNING KEY,
				 * SECRET KEY, AUTH KEY, ENCRYPTION KEY,
				 * MASTER KEY, DATABASE URL, DB URL, CLIENT
				 * SECRET pairs; a trailing API word
				 * (OPENWEATHER_API) */
};

/*
 * Classifies key[0 .. len): split into words at '_', '-', '.', other
 * non-alphanumerics and lower-to-upper case changes ("apiKey"), compared
 * ASCII case-insensitively. A last word naming a setting (algorithm,
 * expire(s), ttl, lifetime, issuer, audience, header, length, path, file,
 * enabled, name, prefix, type, minutes, seconds, hours, days, rounds,
 * scheme, url except after DATABASE/DB, uri, host, port, user, username,
 * id, dir, timeout, mode, version, field, format, size, count, limit,
 * cookie, location, backend, class, policy) makes it a SETTING whatever
 * the other words; a word PUBLIC or PUBLISHABLE makes it NONE.
 */
enum dl_secret_key_kind dl_secret_key_classify(const char *key, size_t len);

/*
 * Whether a context line should mask the whole value of `key`: its kind is
 * DL_SECRET_KEY_WEAK or DL_SECRET_KEY_SECRET, except a URL key
 * (DATABASE_URL), whose password alone the URL masking hides. The
 * masking callers (ENV context lines, --fix diffs) use this.
 */
int dl_secret_key_masks(const char *key, size_t len);

/*
 * What a caller asks a key's name for. The one predicate,
 * dl_secret_key_is(), answers each from dl_secret_key_classify(); the
 * uses differ on purpose:
 *  - REPORT: the name alone is enough to report a literal value (SEC,
 *    RND003/RND006, ENV's .env checks): kind DL_SECRET_KEY_SECRET.
 *  - MASK: a context line or --fix diff hides the whole value: kind
 *    DL_SECRET_KEY_WEAK or DL_SECRET_KEY_SECRET, except a key whose last
 *    word is URL or URI (DATABASE_URL), whose password alone the URL
 *    masking hides.
 *  - HIDE: the last-resort masking of a line of a file of no known kind
 *    (report/mask.c "key = value" lines): REPORT, or the key contains,
 *    ASCII case-insensitively and anywhere (not only as a word), one of
 *    pass, secret, token, key, auth, credential, private, salt,
 *    signature, cert, dsn, pwd. Wider on purpose: it only decides what
 *    output hides, never what is reported (so PUBLIC_KEY, monkey and
 *    DATABASE_URL_PATH are hidden there).
 *  - SETTING: the opposite question, for a value the name does not make
 *    secret (SEC's entropy fallback on .env values): the key names a
 *    setting whose value is no secret however random it looks
 *    (S3_FILES_BUCKET_NAME, AWS_REGION, APP_HOST). Its last part after
 *    the last '_', '-' or '.' is, ASCII case-insensitively, one of name,
 *    bucket, region, id, host, hostname, url, uri, path, dir, file,
 *    endpoint, domain, env, user, username, email, port, and REPORT is
 *    false. (The part is cut at those three bytes only, not at case
 *    changes: "bucketName" is not a setting here.)
 */
enum dl_secret_key_use {
	DL_SECRET_KEY_USE_REPORT = 0,
	DL_SECRET_KEY_USE_MASK,
	DL_SECRET_KEY_USE_HIDE,
	DL_SECRET_KEY_USE_SETTING
};

/* Whether key[0 .. len) counts as secret-named for `use` (see above). */
int dl_secret_key_is(const char *key, size_t len, enum dl_secret_key_use use);

/* What a candidate value is, best reason first. */
enum dl_secret_value_kind {
	DL_SECRET_VALUE_LITERAL = 0, /* a literal that passes the shape
				      * test: report it */
	DL_SECRET_VALUE_EMPTY,
	DL_SECRET_VALUE_REFERENCE,   /* an expression or template: an
				      * identifier or dotted name (unquoted
				      * in code), a call, var./local./
				      * process.env./os.environ/os.getenv/
				      * settings./config., ${..}, $VAR,
				      * SQL :name / :'name' / @name,
				      * $(..), {{..}}, {%..%}, %(x)s, #{..},
				      * <%..%> */
	DL_SECRET_VALUE_NAME,        /* the name of a variable (UPPER_SNAKE
				      * with a '_', or the key itself) */
	DL_SECRET_VALUE_PLACEHOLDER, /* rules/placeholders.txt */
	DL_SECRET_VALUE_PUBLIC,      /* a token meant to be public: Mapbox
				      * pk., Stripe pk_ */
	DL_SECRET_VALUE_PATH,        /* a URL, a path, a file name */
	DL_SECRET_VALUE_WEAK         /* fails the shape test: too short, a
				      * phrase of words, sequential or
				      * repeated, under the entropy floor */
};

/* How dl_secret_value_classify() reads a value (OR-ed). */
enum dl_secret_value_flags {
	DL_SECRET_QUOTED = 1u << 0,   /* the value was quoted in the file */
	DL_SECRET_CODE = 1u << 1,     /* source code: an unquoted value is
				       * an expression */
	DL_SECRET_PASSWORD = 1u << 2, /* a password: people choose them, so
				       * words and short lengths count
				       * (shortest 8 bytes, entropy floor
				       * 2.5); a token otherwise (shortest
				       * 16, floors 3.0 for hex, 3.3 for
				       * the rest) */
	DL_SECRET_IN_TESTS = 1u << 3, /* the file is test code: the
				       * [tests] placeholders apply */
	DL_SECRET_MASKING = 1u << 4   /* deciding what output masks, not what
				       * to report: a chosen word
				       * ("admin123") or an identifier
				       * phrase still counts as a value */
};

/*
 * Classifies value[0 .. len) (without its quotes) assigned to key[0 ..
 * key_len) (key may be NULL). `s` supplies the placeholder list (NULL:
 * the built-in catalogue). The shape test (DL_SECRET_VALUE_WEAK) is,
 * in order: shorter than the floor; only letters and separators
 * ([-_. /:]) for a token, or two or more such words for a password (a
 * phrase, an enum member, a header name: "forget_password",
 * "Access-Control-Allow-Credentials"); a run of one repeated byte or of
 * consecutive bytes ("abcdef", "123456") over half the value; unless
 * DL_SECRET_MASKING, a password that is one word of three or more
 * letters of one case (or Capitalized) with at most four digits after it
 * ("admin123", "Summer2024"; without digits, ten bytes at most:
 * "localpass"), or any value that is three or more lower-case words
 * joined by '_' or '-' with digits at most one byte in ten (an
 * identifier: "acme_cl_e2e_test_link"); Shannon entropy under the floor
 * of its character set.
 */
enum dl_secret_value_kind dl_secret_value_classify(const struct dl_secrets *s,
						   const char *key, size_t key_len,
						   const char *value, size_t len,
						   unsigned flags);

/* Stable lower-case name of a value kind ("reference", ...), for tests
 * and --verbose notes. */
const char *dl_secret_value_kind_name(enum dl_secret_value_kind kind);

/* What a file's path says about the secrets in it. */
enum dl_file_role {
	DL_ROLE_CONFIG = 0, /* deploy and config files, scripts, app code */
	DL_ROLE_TEST,       /* tests/, test/, __tests__/, spec/, fixtures/,
			     * testdata/ folders; test_*.py, *_test.py,
			     * conftest.py, tests.py, test_*.sh, *_test.sh,
			     * *.test.{js,ts,jsx,tsx}, *.spec.{js,ts} */
	DL_ROLE_DOCS,       /* *.md, *.mdx, *.rst, *.adoc, *.patch,
			     * *.diff; docs/, doc/ and
			     * translation catalogues (locales/, locale/,
			     * i18n/, lang/, translations/) */
	DL_ROLE_VENDORED    /* under site-packages/, dist-packages/ or
			     * node_modules/: never scanned */
};

/*
 * The role of a '/'-separated relative path. A folder holding pyvenv.cfg
 * (a virtualenv) is vendored too, but only the file list can tell: see
 * dl_secrets_venv_prefix(). Vendored wins over test, test over docs.
 */
enum dl_file_role dl_secrets_path_role(const char *path);

/*
 * When path[0 .. len) is a pyvenv.cfg below the root, the length of its
 * folder prefix including the trailing '/' ("venv/pyvenv.cfg" gives 5):
 * every path starting with that prefix is vendored. 0 otherwise (a
 * pyvenv.cfg at the root does not make the whole repository vendored).
 */
size_t dl_secrets_venv_prefix(const char *path, size_t len);

#endif
