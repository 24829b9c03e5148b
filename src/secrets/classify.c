/*
 * deploylint: the secret classifier (include/deploylint/secretclass.h):
 * key names, value shapes and file roles, shared by every secret rule.
 */
#include "deploylint/secretclass.h"

#include <string.h>

#include "secrets/internal.h"

/* ---- keys ------------------------------------------------------------ */

#define MAX_WORDS 16
#define WORD_BYTES 16

/* Splits a key into lower-case words at non-alphanumerics and at
 * lower-to-upper case changes ("apiKey", "DB_PASSWORD"); at most
 * MAX_WORDS words, each cut to WORD_BYTES - 1 bytes. */
static size_t
key_words(const char *key, size_t len, char words[][WORD_BYTES])
{
	size_t i, n = 0, w = 0;
	for (i = 0; i <= len && n < MAX_WORDS; i++) {
		int c = i < len ? (unsigned char)key[i] : 0;
		int brk = !dl_isalnum(c) ||
			  (w && dl_isupper(c) && i && dl_islower((unsigned char)key[i - 1]));
		if (brk && w) {
			words[n++][w] = '\0';
			w = 0;
		}
		if (dl_isalnum(c) && n < MAX_WORDS && w < WORD_BYTES - 1)
			words[n][w++] = (char)dl_tolower(c);
	}
	return n;
}

static int
in_list(const char *w, const char *const *list, size_t nr)
{
	size_t i;
	for (i = 0; i < nr; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

enum dl_secret_key_kind
dl_secret_key_classify(const char *key, size_t len)
{
	static const char *const single[] = {
		"secret", "secrets", "password", "passwords", "passwd", "passphrase",
		"pwd", "pass", "token", "tokens", "apikey", "credential",
		"credentials", "dsn", "privatekey", "secretkey", "accesskey", "auth"
	};
	static const char *const weak[] = {
		"key", "private", "salt", "jwt", "cred", "creds", "pw"
	};
	static const char *const settings[] = {
		"algorithm", "algorithms", "alg", "expire", "expires", "expiry",
		"expiration", "ttl", "lifetime", "issuer", "audience", "header",
		"length", "path", "file", "filename", "enabled", "enable", "name",
		"prefix", "type", "minutes", "seconds", "hours", "days", "rounds",
		"scheme", "uri", "host", "port", "user", "username", "id", "dir",
		"timeout", "mode", "version", "field", "format", "size", "count",
		"limit", "cookie", "location", "backend", "class", "policy",
		"min", "max", "regex", "pattern", "label", "placeholder",
		"required", "hint", "env", "var"
	};
	static const char *const public_words[] = { "public", "publishable" };
	/* clang-format off */
	static const char *const pairs[][2] = {
		{ "api", "key" }, { "private", "key" }, { "access", "key" },
		{ "signing", "key" }, { "secret", "key" }, { "auth", "key" },
		{ "encryption", "key" }, { "master", "key" }, { "app", "key" },
		{ "database", "url" }, { "db", "url" }, { "db", "pass" },
		{ "client", "secret" }, { "api", "token" }
	};
	/* clang-format on */
	char words[MAX_WORDS][WORD_BYTES];
	size_t n = key_words(key, len, words), i, k;
	int secret = 0, maybe = 0;

	if (!n)
		return DL_SECRET_KEY_NONE;
	for (i = 0; i < n; i++)
		if (in_list(words[i], public_words, DL_ARRAY_SIZE(public_words)))
			return DL_SECRET_KEY_NONE;
	/* DATABASE_URL is a secret; SOME_URL a setting */
	if (!strcmp(words[n - 1], "url")) {
		if (n >= 2 && (!strcmp(words[n - 2], "database") || !strcmp(words[n - 2], "db")))
			return DL_SECRET_KEY_SECRET;
	}
	for (i = 0; i < n; i++) {
		if (in_list(words[i], single, DL_ARRAY_SIZE(single)))
			secret = 1;
		else if (in_list(words[i], weak, DL_ARRAY_SIZE(weak)))
			maybe = 1;
		for (k = 0; i + 1 < n && k < DL_ARRAY_SIZE(pairs); k++)
			if (!strcmp(words[i], pairs[k][0]) && !strcmp(words[i + 1], pairs[k][1]))
				secret = 1;
	}
	/* OPENWEATHER_API: a key named after the API it opens */
	if (n >= 2 && !strcmp(words[n - 1], "api"))
		secret = 1;
	if ((secret || maybe || !strcmp(words[n - 1], "url")) &&
	    in_list(words[n - 1], settings, DL_ARRAY_SIZE(settings)))
		return DL_SECRET_KEY_SETTING;
	if ((secret || maybe) && !strcmp(words[n - 1], "url"))
		return DL_SECRET_KEY_SETTING;
	if (secret)
		return DL_SECRET_KEY_SECRET;
	return maybe ? DL_SECRET_KEY_WEAK : DL_SECRET_KEY_NONE;
}

int
dl_secret_key_is(const char *key, size_t len, enum dl_secret_key_use use)
{
	static const char *const hide_parts[] = { "pass", "secret", "token", "key",
						  "auth", "credential", "private", "salt",
						  "signature", "cert", "dsn", "pwd" };
	static const char *const setting_words[] = {
		"name", "bucket", "region", "id", "host", "hostname", "url",
		"uri", "path", "dir", "file", "endpoint", "domain", "env",
		"user", "username", "email", "port"
	};
	enum dl_secret_key_kind kind = dl_secret_key_classify(key, len);
	size_t i;

	switch (use) {
	case DL_SECRET_KEY_USE_REPORT:
		return kind == DL_SECRET_KEY_SECRET;
	case DL_SECRET_KEY_USE_MASK: {
		char words[MAX_WORDS][WORD_BYTES];
		size_t n = key_words(key, len, words);
		if (n && (!strcmp(words[n - 1], "url") || !strcmp(words[n - 1], "uri")))
			return 0;
		return kind >= DL_SECRET_KEY_WEAK;
	}
	case DL_SECRET_KEY_USE_HIDE:
		if (kind == DL_SECRET_KEY_SECRET)
			return 1;
		for (i = 0; i < DL_ARRAY_SIZE(hide_parts); i++)
			if (dl_contains_ci(key, len, hide_parts[i]))
				return 1;
		return 0;
	case DL_SECRET_KEY_USE_SETTING: {
		size_t start = len;
		while (start && key[start - 1] != '_' && key[start - 1] != '-' &&
		       key[start - 1] != '.')
			start--;
		if (kind == DL_SECRET_KEY_SECRET)
			return 0;
		for (i = 0; i < DL_ARRAY_SIZE(setting_words); i++)
			if (dl_eq_ci(key + start, len - start, setting_words[i]))
				return 1;
		return 0;
	}
	}
	return 0;
}

int
dl_secret_key_masks(const char *key, size_t len)
{
	return dl_secret_key_is(key, len, DL_SECRET_KEY_USE_MASK);
}

int
dl_secrets_key_is_secret(const char *key, size_t len)
{
	return dl_secret_key_is(key, len, DL_SECRET_KEY_USE_REPORT);
}

/* ---- values ---------------------------------------------------------- */

static const void *
find_bytes(const char *h, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;
	for (i = 0; i + m <= n; i++)
		if (!memcmp(h + i, needle, m))
			return h + i;
	return NULL;
}

static int
starts_ci(const char *v, size_t n, const char *p)
{
	size_t m = strlen(p), i;
	if (m > n)
		return 0;
	for (i = 0; i < m; i++)
		if (dl_tolower((unsigned char)v[i]) != p[i])
			return 0;
	return 1;
}

static int
ident_start(int c)
{
	return dl_isalpha(c) || c == '_' || c == '$';
}

static int
ident_byte(int c)
{
	return dl_isalnum(c) || c == '_' || c == '$';
}

/* Templating of any kind anywhere in the value: ${x}, $(x), {{ x }},
 * {% x %}, %(x)s, #{x}, <% x %>, or a leading $VAR. */
static int
templated(const char *v, size_t n)
{
	static const char *const marks[] = { "${", "$(", "{{", "{%", "%(", "#{", "<%" };
	size_t i;
	if (n > 1 && v[0] == '$' && ident_start((unsigned char)v[1]))
		return 1;
	for (i = 0; i < DL_ARRAY_SIZE(marks); i++)
		if (find_bytes(v, n, marks[i]))
			return 1;
	return 0;
}

/* An expression: a dotted name ("var.x", "settings.SECRET_KEY",
 * "process.env.X!"), a call or subscript ("get_token()", "env['X']"), or
 * a well-known way of reading the environment. */
static int
expression(const char *v, size_t n)
{
	static const char *const readers[] = {
		"var.", "local.", "process.env", "os.environ", "os.getenv",
		"environ.get", "environ[", "settings.", "config.", "env.",
		"import.meta.env", "secrets.", "vars.", "self.", "this."
	};
	size_t i = 0, dots = 0;
	for (size_t k = 0; k < DL_ARRAY_SIZE(readers); k++)
		if (starts_ci(v, n, readers[k]))
			return 1;
	if (!n || !ident_start((unsigned char)v[0]))
		return 0;
	while (i < n) {
		if (!ident_start((unsigned char)v[i]))
			return 0;
		while (i < n && ident_byte((unsigned char)v[i]))
			i++;
		if (i < n && (v[i] == '(' || v[i] == '['))
			return 1;
		if (i < n && v[i] == '.') {
			dots++;
			i++;
			continue;
		}
		break;
	}
	/* a trailing TypeScript '!' or '?' */
	if (i + 1 == n && (v[i] == '!' || v[i] == '?'))
		i++;
	return i == n && dots > 0;
}

/* UPPER_SNAKE with at least one '_' and a word of 2+ letters: the name of
 * an environment variable ("GOOGLE_REFRESH_TOKEN"). */
static int
env_name(const char *v, size_t n)
{
	size_t i, run = 0, best = 0;
	int underscore = 0;
	if (n < 3 || !dl_isupper((unsigned char)v[0]))
		return 0;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)v[i];
		if (c == '_') {
			underscore = 1;
			run = 0;
		} else if (dl_isupper(c)) {
			if (++run > best)
				best = run;
		} else if (dl_isdigit(c)) {
			run = 0;
		} else {
			return 0;
		}
	}
	return underscore && best >= 2;
}

/* Equal to the key, ignoring case and '-' / '_' / '.' differences. */
static int
same_as_key(const char *v, size_t n, const char *key, size_t kn)
{
	size_t i = 0, j = 0;
	if (!key || !kn)
		return 0;
	for (;;) {
		while (i < n && (v[i] == '-' || v[i] == '_' || v[i] == '.'))
			i++;
		while (j < kn && (key[j] == '-' || key[j] == '_' || key[j] == '.'))
			j++;
		if (i == n || j == kn)
			return i == n && j == kn;
		if (dl_tolower((unsigned char)v[i]) != dl_tolower((unsigned char)key[j]))
			return 0;
		i++;
		j++;
	}
}

static int
separator(int c)
{
	return c == '-' || c == '_' || c == '.' || c == ' ' || c == '/' || c == ':';
}

/* Only letters and separators; *words counts the letter runs (a change
 * from lower to upper case starts a word: "ForgetPassword" has 2). */
static int
letters_only(const char *v, size_t n, size_t *words)
{
	size_t i;
	*words = 0;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)v[i];
		if (dl_isalpha(c)) {
			if (!i || separator((unsigned char)v[i - 1]) ||
			    (dl_isupper(c) && dl_islower((unsigned char)v[i - 1])))
				(*words)++;
		} else if (!separator(c)) {
			return 0;
		}
	}
	return 1;
}

/* The longest run of one repeated byte or of consecutive bytes (in
 * either direction: "abcdef", "987654"), as detect-secrets'
 * is_sequential_string looks for "0123456789" and "abcdef...". */
static size_t
sequential_run(const char *v, size_t n)
{
	size_t i, run = 1, best = n ? 1 : 0;
	int step = 2; /* none yet */
	for (i = 1; i < n; i++) {
		int d = dl_tolower((unsigned char)v[i]) - dl_tolower((unsigned char)v[i - 1]);
		if (d >= -1 && d <= 1 && (run == 1 || d == step)) {
			run++;
			step = d;
		} else if (d >= -1 && d <= 1) {
			run = 2;
			step = d;
		} else {
			run = 1;
		}
		if (run > best)
			best = run;
	}
	return best;
}

static int
all_lower(const char *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!dl_islower((unsigned char)v[i]))
			return 0;
	return 1;
}

static int
all_hex(const char *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!dl_isxdigit((unsigned char)v[i]))
			return 0;
	return n > 0;
}

/* A file name: letters, digits, '-', '_' then .json/.pem/... */
static int
file_name(const char *v, size_t n)
{
	static const char *const exts[] = {
		".json", ".pem", ".key", ".crt", ".cer", ".p12", ".pfx", ".txt",
		".yaml", ".yml", ".env", ".py", ".js", ".ts", ".cfg", ".ini",
		".toml", ".html", ".jks"
	};
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(exts); i++) {
		size_t m = strlen(exts[i]);
		if (n > m && starts_ci(v + n - m, m, exts[i]))
			return 1;
	}
	return 0;
}

/* A word people pick as a password, with at most a few digits after it:
 * letters of one case (or Capitalized), three or more, then 0-4 digits,
 * ten bytes at most without digits ("admin123", "Summer2024",
 * "localpass"). Generated passwords mix classes or are longer. */
static int
word_password(const char *v, size_t n)
{
	size_t i = 0, letters, digits;
	int upper = 0, lowr = 0;
	while (i < n && dl_isalpha((unsigned char)v[i])) {
		if (dl_isupper((unsigned char)v[i]) && i > 0)
			upper = 1;
		if (dl_islower((unsigned char)v[i]))
			lowr = 1;
		i++;
	}
	letters = i;
	while (i < n && dl_isdigit((unsigned char)v[i]))
		i++;
	digits = i - letters;
	if (i != n || letters < 3 || digits > 4 || (upper && lowr))
		return 0;
	return digits > 0 || n <= 10;
}

/* An identifier phrase: three or more lower-case words joined by '_' or
 * '-', digits at most one in ten bytes ("acme_cl_e2e_test_checkout"). A
 * generated token mixes case or digits far more. */
static int
snake_phrase(const char *v, size_t n)
{
	size_t i, parts = 1, digits = 0;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)v[i];
		if (c == '_' || c == '-') {
			if (!i || i + 1 == n || v[i - 1] == '_' || v[i - 1] == '-')
				return 0;
			parts++;
		} else if (dl_isdigit(c)) {
			digits++;
		} else if (!dl_islower(c)) {
			return 0;
		}
	}
	return parts >= 3 && digits * 10 <= n;
}

enum dl_secret_value_kind
dl_secret_value_classify(const struct dl_secrets *s, const char *key,
			 size_t key_len, const char *v, size_t n, unsigned flags)
{
	int password = (flags & DL_SECRET_PASSWORD) != 0;
	size_t words, minlen = password ? 8 : 16;
	double floor;

	if (!s)
		s = dl_secrets_builtin();
	while (n && dl_isblank((unsigned char)v[n - 1]))
		n--;
	while (n && dl_isblank((unsigned char)v[0])) {
		v++;
		n--;
	}
	if (!n)
		return DL_SECRET_VALUE_EMPTY;
	if (templated(v, n))
		return DL_SECRET_VALUE_REFERENCE;
	/* SQL bind parameters and psql variables: :name, :'name', @name */
	if (n > 1 && (v[0] == ':' || v[0] == '@') &&
	    (ident_start((unsigned char)v[1]) || v[1] == '\'' || v[1] == '"'))
		return DL_SECRET_VALUE_REFERENCE;
	if (!(flags & DL_SECRET_QUOTED)) {
		if (flags & DL_SECRET_CODE)
			return DL_SECRET_VALUE_REFERENCE;
		if (expression(v, n))
			return DL_SECRET_VALUE_REFERENCE;
	}
	if (same_as_key(v, n, key, key_len) || env_name(v, n))
		return DL_SECRET_VALUE_NAME;
	if (dl_secrets_is_placeholder(s, v, n, 0, (flags & DL_SECRET_IN_TESTS) != 0))
		return DL_SECRET_VALUE_PLACEHOLDER;
	if (starts_ci(v, n, "pk.") || starts_ci(v, n, "pk_live_") ||
	    starts_ci(v, n, "pk_test_"))
		return DL_SECRET_VALUE_PUBLIC;
	if (v[0] == '/' || v[0] == '~' || v[0] == '\\' || starts_ci(v, n, "./") ||
	    starts_ci(v, n, "../") || find_bytes(v, n, "://") || file_name(v, n))
		return DL_SECRET_VALUE_PATH;
	if (n < minlen)
		return DL_SECRET_VALUE_WEAK;
	/* generated secrets are ASCII: UTF-8 text is a message, a label */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] >= 0x80)
			return DL_SECRET_VALUE_WEAK;
	if (letters_only(v, n, &words) &&
	    (!password || words >= 2 || (dl_isupper((unsigned char)v[0]) && all_lower(v + 1, n - 1))))
		return DL_SECRET_VALUE_WEAK; /* a phrase, a label ("Passwort") */
	if (sequential_run(v, n) * 2 > n)
		return DL_SECRET_VALUE_WEAK;
	if (!(flags & DL_SECRET_MASKING) &&
	    ((password && word_password(v, n)) || snake_phrase(v, n)))
		return DL_SECRET_VALUE_WEAK; /* "admin123", "acme_e2e_seed_link" */
	if (password)
		floor = 2.5;
	else
		floor = all_hex(v, n) ? 3.0 : 3.3;
	if (dl_secrets_entropy(v, n) < floor)
		return DL_SECRET_VALUE_WEAK;
	return DL_SECRET_VALUE_LITERAL;
}

const char *
dl_secret_value_kind_name(enum dl_secret_value_kind kind)
{
	switch (kind) {
	case DL_SECRET_VALUE_LITERAL:
		return "literal";
	case DL_SECRET_VALUE_EMPTY:
		return "empty";
	case DL_SECRET_VALUE_REFERENCE:
		return "reference";
	case DL_SECRET_VALUE_NAME:
		return "name";
	case DL_SECRET_VALUE_PLACEHOLDER:
		return "placeholder";
	case DL_SECRET_VALUE_PUBLIC:
		return "public";
	case DL_SECRET_VALUE_PATH:
		return "path";
	case DL_SECRET_VALUE_WEAK:
		return "weak";
	}
	return "?";
}

/* ---- file roles ------------------------------------------------------ */

static int
seg_eq(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(p, w, n);
}

/* ASCII case-insensitive equality of n bytes, as sec_glob_match compares
 * (the subject byte lowered, the pattern byte as written). */
static int
lower_eq(const char *s, const char *pat, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (unsigned char)pat[i])
			return 0;
	}
	return 1;
}

/* Whether `name` matches one of `globs`, each "PREFIX*SUFFIX" or a plain
 * name (no '?', '\\', nor a second '*'): what sec_glob_match answers for
 * these globs, without its backtracking (this runs for every file). */
static int
name_glob(const char *name, const char *const *globs, size_t nr)
{
	size_t i, n = strlen(name);
	for (i = 0; i < nr; i++) {
		const char *g = globs[i], *star = strchr(g, '*');
		size_t gl = strlen(g);
		if (!star) {
			if (gl == n && lower_eq(name, g, n))
				return 1;
		} else {
			size_t pre = (size_t)(star - g), suf = gl - pre - 1;
			if (n >= pre + suf && lower_eq(name, g, pre) &&
			    lower_eq(name + n - suf, star + 1, suf))
				return 1;
		}
	}
	return 0;
}

enum dl_file_role
dl_secrets_path_role(const char *path)
{
	static const char *const vendored[] = { "site-packages", "dist-packages",
						"node_modules" };
	static const char *const test_names[] = {
		"test_*.py", "*_test.py", "conftest.py", "tests.py", "test_*.sh",
		"*_test.sh", "*.test.js", "*.test.ts", "*.test.jsx", "*.test.tsx",
		"*.spec.js", "*.spec.ts", "*.spec.jsx", "*.spec.tsx", "*_spec.rb"
	};
	static const char *const doc_names[] = { "*.md", "*.mdx", "*.rst", "*.adoc",
						 "*.patch", "*.diff" };
	const char *p = path, *name;
	int docs = 0;
	size_t i;

	if (!path)
		return DL_ROLE_CONFIG;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n;
		if (!slash)
			break;
		n = (size_t)(slash - p);
		for (i = 0; i < DL_ARRAY_SIZE(vendored); i++)
			if (seg_eq(p, n, vendored[i]))
				return DL_ROLE_VENDORED;
		if (seg_eq(p, n, "docs") || seg_eq(p, n, "doc") || seg_eq(p, n, "locales") ||
		    seg_eq(p, n, "locale") || seg_eq(p, n, "i18n") || seg_eq(p, n, "lang") ||
		    seg_eq(p, n, "translations"))
			docs = 1;
		p = slash + 1;
	}
	name = strrchr(path, '/');
	name = name ? name + 1 : path;
	if (dl_secrets_path_in_tests(path) ||
	    name_glob(name, test_names, DL_ARRAY_SIZE(test_names)))
		return DL_ROLE_TEST;
	if (docs || name_glob(name, doc_names, DL_ARRAY_SIZE(doc_names)))
		return DL_ROLE_DOCS;
	return DL_ROLE_CONFIG;
}

size_t
dl_secrets_venv_prefix(const char *path, size_t len)
{
	static const char cfg[] = "/pyvenv.cfg";
	size_t m = sizeof(cfg) - 1;
	if (len <= m || memcmp(path + len - m, cfg, m))
		return 0;
	return len - m + 1;
}
