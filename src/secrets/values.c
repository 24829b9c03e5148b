/*
 * deploylint: judging candidate values: placeholders, entropy, secret-named
 * keys, which files are source code or tests, and salted fingerprints.
 */
#include <math.h>
#include <string.h>

#include "secrets/internal.h"

/*
 * Iterative glob match with one backtrack point (the classic '*' strategy:
 * linear in len for each star, so at most len * stars steps). '\' makes
 * the next glob byte literal.
 */
int
sec_glob_match(const char *glob, const char *s, size_t len)
{
	const char *star = NULL;
	size_t i = 0, mark = 0;
	while (i < len) {
		int lit = glob[0] == '\\' && glob[1];
		if (*glob == '*') {
			star = ++glob;
			mark = i;
		} else if (*glob && ((!lit && *glob == '?') ||
				     glob[lit] == dl_tolower((unsigned char)s[i]))) {
			glob += 1 + lit;
			i++;
		} else if (star) {
			glob = star;
			i = ++mark;
		} else {
			return 0;
		}
	}
	while (*glob == '*')
		glob++;
	return *glob == '\0';
}

int
dl_secrets_is_placeholder(const struct dl_secrets *s, const char *value,
			  size_t len, size_t prefix_len, int in_tests)
{
	size_t i;
	if (prefix_len > len)
		prefix_len = len;
	for (i = 0; i < s->placeholders_nr; i++) {
		const struct sec_placeholder *p = &s->placeholders[i];
		if (p->tests) {
			if (in_tests && sec_glob_match(p->glob, value + prefix_len,
						       len - prefix_len))
				return 1;
			continue;
		}
		if (sec_glob_match(p->glob, value, len))
			return 1;
		if (prefix_len && sec_glob_match(p->glob, value + prefix_len,
						 len - prefix_len))
			return 1;
	}
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int
dl_secrets_path_in_tests(const char *path)
{
	static const char *const dirs[] = {
		"test", "tests", "__tests__", "spec", "fixtures", "testdata",
		"test-data", "test_data", "mocks", "__mocks__"
	};
	const char *p = path;
	while (p && *p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p), i;
		if (!slash)
			break; /* the last segment is the file itself */
		for (i = 0; i < DL_ARRAY_SIZE(dirs); i++)
			if (strlen(dirs[i]) == n && !memcmp(dirs[i], p, n))
				return 1;
		p = slash + 1;
	}
	return 0;
}

int
sec_path_is_code(const char *path)
{
	static const char *const exts[] = {
		"py", "pyi", "pyx", "js", "jsx", "mjs", "cjs", "ts", "tsx", "go",
		"rb", "java", "kt", "kts", "scala", "php", "cs", "rs", "c", "h",
		"cc", "cpp", "hpp", "swift", "dart", "vue", "svelte", "lua",
		"ex", "exs", "groovy", "tf", "hcl"
	};
	const char *name, *dot;
	size_t i;
	if (!path)
		return 0;
	name = base_name(path);
	dot = strrchr(name, '.');
	if (!dot || dot == name)
		return 0;
	for (i = 0; i < DL_ARRAY_SIZE(exts); i++)
		if (!strcmp(dot + 1, exts[i]))
			return 1;
	return 0;
}

double
dl_secrets_entropy(const char *s, size_t len)
{
	size_t counts[256], i;
	double h = 0;
	if (!len)
		return 0;
	memset(counts, 0, sizeof(counts));
	for (i = 0; i < len; i++)
		counts[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++)
		if (counts[i]) {
			double p = (double)counts[i] / (double)len;
			h -= p * log2(p);
		}
	return h;
}

/* Rounds of SHA-256 over the previous digest: makes guessing a weak
 * password from its fingerprint about this many times slower. */
#define FINGERPRINT_ROUNDS 512

void
dl_secrets_fingerprint(char out[17], const char *rule_id, const char *path,
		       const char *secret, size_t len, unsigned occurrence)
{
	static const char salt[] = "deploylint secret fingerprint v1";
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32], occ[4];
	struct sec_sha256 c;
	size_t i;

	occ[0] = (unsigned char)(occurrence >> 24);
	occ[1] = (unsigned char)(occurrence >> 16);
	occ[2] = (unsigned char)(occurrence >> 8);
	occ[3] = (unsigned char)occurrence;
	sec_sha256_init(&c);
	sec_sha256_update(&c, salt, sizeof(salt));
	sec_sha256_update(&c, rule_id, strlen(rule_id) + 1);
	sec_sha256_update(&c, path, strlen(path) + 1);
	sec_sha256_update(&c, secret, len);
	sec_sha256_update(&c, occ, sizeof(occ));
	sec_sha256_final(&c, d);
	for (i = 1; i < FINGERPRINT_ROUNDS; i++) {
		sec_sha256_init(&c);
		sec_sha256_update(&c, salt, sizeof(salt));
		sec_sha256_update(&c, d, sizeof(d));
		sec_sha256_final(&c, d);
	}
	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[16] = '\0';
}
