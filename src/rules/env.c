/*
 * deploylint: the ENV family: .env files read as python-dotenv reads them
 * (ENV001-ENV009), the envVars values of render.yaml (ENV001, ENV002,
 * ENV008), and ENV010 (variables the code reads that no Blueprint
 * declares). See src/rules/env.def and rules/ENV*.md.
 */
#include "rules/check.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/dotenv.h"
#include "deploylint/fix.h"
#include "deploylint/limits.h"
#include "deploylint/model.h"
#include "deploylint/pytok.h"
#include "deploylint/secretclass.h"
#include "deploylint/secrets.h"
#include "deploylint/util.h"

/* ---- small string helpers ---------------------------------------------- */

static int
is_word(int c)
{
	return dl_isalnum(c) || c == '_';
}

/* Offset of the first ASCII case-insensitive occurrence of `needle` in
 * s[0 .. n), or n. */
static size_t
find_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;
	if (m > n)
		return n;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (dl_tolower((unsigned char)s[i + j]) != dl_tolower((unsigned char)needle[j]))
				break;
		if (j == m)
			return i;
	}
	return n;
}

/* Whether `word` occurs at s[i] (ASCII case-insensitively). */
static int
at_ci(const char *s, size_t n, size_t i, const char *word)
{
	size_t m = strlen(word);
	return i <= n && n - i >= m && find_ci(s + i, m, word) == 0;
}

/* ---- a file's lines, for context lines ---------------------------------- */

struct lines {
	const char *data;
	size_t len;
	size_t *start;
	size_t nr;
};

static void
lines_init(struct lines *l, const char *data, size_t len)
{
	size_t i, alloc = 0;
	memset(l, 0, sizeof(*l));
	l->data = data;
	l->len = len;
	DL_ALLOC_GROW(l->start, 1, alloc);
	l->start[l->nr++] = 0;
	for (i = 0; i < len; i++)
		if (data[i] == '\n') {
			DL_ALLOC_GROW(l->start, l->nr + 1, alloc);
			l->start[l->nr++] = i + 1;
		}
}

static void
lines_release(struct lines *l)
{
	free(l->start);
	memset(l, 0, sizeof(*l));
}

/*
 * Sets the finding's context to its source line (as the run would, cut at
 * '\r', '\n' or DL_MAX_CONTEXT_LINE bytes) with secrets masked byte for
 * byte (so the caret still lines up): the password of every "scheme://"
 * URL (between the first ':' after "://" and the token's last '@'), and,
 * when the text before the line's first '=' or ':' names a secret-looking
 * key (or `secret` says the value on this line is one), everything after
 * it outside the finding's own region; on a line with neither, every token
 * of 16 or more bytes mixing letters and digits.
 */
static void
set_context(struct dl_finding *f, const struct lines *l, int secret)
{
	size_t s, e, n, i, key_end;
	char *line;
	unsigned keep_from = 0, keep_to = 0;

	if (!f || !l || !f->region.line || f->region.line > l->nr)
		return;
	s = l->start[f->region.line - 1];
	e = s;
	while (e < l->len && l->data[e] != '\n' && l->data[e] != '\r' &&
	       e - s < DL_MAX_CONTEXT_LINE)
		e++;
	n = e - s;
	line = dl_xstrndup(l->data + s, n);
	if (f->region.col) {
		keep_from = f->region.col - 1;
		keep_to = f->region.end_line == f->region.line && f->region.end_col
				  ? f->region.end_col - 1
				  : keep_from;
	}
	/* URL passwords */
	for (i = 0; i + 3 <= n; i++) {
		size_t a, t, colon = 0, at = 0, k;
		if (memcmp(line + i, "://", 3) != 0)
			continue;
		a = i + 3;
		for (t = a; t < n && !dl_isspace((unsigned char)line[t]) &&
			    line[t] != '"' && line[t] != '\'';
		     t++)
			;
		for (k = a; k < t; k++) {
			if (line[k] == ':' && !colon)
				colon = k + 1;
			if (line[k] == '@')
				at = k;
		}
		if (colon && at > colon)
			for (k = colon; k < at; k++)
				line[k] = '*';
		i = t ? t - 1 : 0;
	}
	/* the value of a secret-looking key */
	key_end = strcspn(line, "=:");
	if (key_end < n) {
		size_t ks = 0, ke = key_end;
		while (ks < ke && dl_isspace((unsigned char)line[ks]))
			ks++;
		if (ke - ks >= 7 && !memcmp(line + ks, "export", 6) &&
		    dl_isblank((unsigned char)line[ks + 6]))
			ks += 7;
		while (ke > ks && dl_isspace((unsigned char)line[ke - 1]))
			ke--;
		if (secret || dl_secret_key_is(line + ks, ke - ks, DL_SECRET_KEY_USE_MASK)) {
			for (i = key_end + 1; i < n; i++) {
				unsigned char c = (unsigned char)line[i];
				if ((i >= keep_from && i < keep_to) ||
				    dl_isspace(c) || c == '"' || c == '\'')
					continue;
				line[i] = '*';
			}
		}
	}
	/* a line with no assignment (one python-dotenv cannot parse): a
	 * pasted token may stand alone on it */
	if (key_end >= n) {
		for (i = 0; i < n;) {
			size_t t = i, k;
			int alpha = 0, digit = 0;
			while (t < n && !dl_isspace((unsigned char)line[t]) &&
			       line[t] != '"' && line[t] != '\'')
				t++;
			for (k = i; k < t; k++) {
				alpha |= dl_isalpha((unsigned char)line[k]);
				digit |= dl_isdigit((unsigned char)line[k]);
			}
			if (t - i >= 16 && alpha && digit)
				for (k = i; k < t; k++)
					line[k] = '*';
			i = t < n ? t + 1 : t;
		}
	}
	free(f->context);
	f->context = line;
}

/* ---- values from .env files and render.yaml, seen alike ------------------ */

struct val {
	struct dl_file *file;      /* the file holding it, or NULL */
	const char *path;          /* where findings go: file->path, or a
				    * logical name ("env:KEY") */
	const struct lines *lines; /* the file's lines (context), or NULL */
	const char *key;
	size_t key_len;
	const char *value;
	size_t value_len;
	/* value byte k sits at (line, col + k) when `mapped` */
	unsigned line, col;
	int mapped;
	struct dl_region token; /* the value as written */
	int production;         /* render.yaml, .env.production ... */
	int yaml;
	const struct dl_env_binding *b; /* NULL for render.yaml */
};

static struct dl_region
val_region(const struct val *v, size_t off, size_t n)
{
	if (v->mapped && off <= v->value_len)
		return dl_region_span(v->line, v->col + (unsigned)off,
				      (unsigned)(n ? n : 1));
	return v->token;
}

static struct dl_finding *
add(struct dl_check_ctx *ctx, enum dl_rule_id id, int level, const struct val *v,
    struct dl_region reg, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static struct dl_finding *
add(struct dl_check_ctx *ctx, enum dl_rule_id id, int level, const struct val *v,
    struct dl_region reg, const char *fmt, ...)
{
	const struct dl_rule *rule = dl_rule_get(id);
	struct dl_strbuf msg = DL_STRBUF_INIT;
	struct dl_finding *f;
	va_list ap;

	va_start(ap, fmt);
	dl_strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	f = dl_report_add_level(ctx->report, rule,
				level ? (enum dl_level)level : rule->level,
				v->path, reg, "%s", msg.buf);
	dl_strbuf_release(&msg);
	set_context(f, v->lines, v->yaml && v->key && dl_secret_key_is(v->key, v->key_len, DL_SECRET_KEY_USE_MASK));
	return f;
}

static void
val_from_binding(struct val *v, struct dl_file *file, const struct lines *l,
		 const struct dl_env_binding *b, int production)
{
	memset(v, 0, sizeof(*v));
	v->file = file;
	v->path = file->path;
	v->lines = l;
	v->key = b->key;
	v->key_len = b->key_len;
	v->value = b->value;
	v->value_len = b->value_len;
	v->b = b;
	v->production = production;
	v->token = dl_region_span(b->value_pos.line, b->value_pos.col, 1);
	if (b->value_end.line == b->value_pos.line &&
	    b->value_end.col > b->value_pos.col)
		v->token.end_col = b->value_end.col;
	if (b->value_end.line != b->value_pos.line)
		return;
	if (b->quote == DL_ENV_UNQUOTED) {
		v->mapped = 1;
		v->line = b->value_pos.line;
		v->col = b->value_pos.col;
	} else if (b->value_end_off - b->value_off == b->value_len + 2) {
		/* no escapes: the decoded value is the raw text */
		v->mapped = 1;
		v->line = b->value_pos.line;
		v->col = b->value_pos.col + 1;
	}
}

static void
val_from_yaml(struct val *v, struct dl_file *file, const struct lines *l,
	      const struct dl_yaml_node *k, const struct dl_yaml_node *n)
{
	unsigned width = n->end.col > n->start.col ? n->end.col - n->start.col : 0;

	memset(v, 0, sizeof(*v));
	v->file = file;
	v->path = file->path;
	v->lines = l;
	v->key = k->scalar;
	v->key_len = k->scalar_len;
	v->value = n->scalar;
	v->value_len = n->scalar_len;
	v->production = 1;
	v->yaml = 1;
	v->token = dl_region_span(n->start.line, n->start.col, 1);
	if (n->end.line == n->start.line && width)
		v->token.end_col = n->end.col;
	if (n->end.line != n->start.line)
		return;
	if (n->style == DL_YAML_PLAIN && width == n->scalar_len) {
		v->mapped = 1;
		v->line = n->start.line;
		v->col = n->start.col;
	} else if ((n->style == DL_YAML_SINGLE_QUOTED ||
		    n->style == DL_YAML_DOUBLE_QUOTED) &&
		   width == n->scalar_len + 2) {
		v->mapped = 1;
		v->line = n->start.line;
		v->col = n->start.col + 1;
	}
}

/* ---- ENV001: KEY=KEY=value ---------------------------------------------- */

/* Whether s starts with a URL whose scheme names an SQLAlchemy dialect
 * (the part before '+'). */
static int
sqlalchemy_url(const char *s, size_t n)
{
	static const char *const dialects[] = {
		"postgresql",
		"postgres",
		"mysql",
		"mariadb",
		"sqlite",
		"mssql",
		"oracle",
		"cockroachdb",
	};
	size_t i = 0, d, k;
	while (i < n && (is_word((unsigned char)s[i]) || s[i] == '+'))
		i++;
	if (!i || n - i < 3 || memcmp(s + i, "://", 3) != 0)
		return 0;
	for (d = 0; d < i && s[d] != '+'; d++)
		;
	for (k = 0; k < DL_ARRAY_SIZE(dialects); k++)
		if (dl_eq_ci(s, d, dialects[k]))
			return 1;
	return 0;
}

/*
 * --fix for ENV001: delete the repeated `KEY=` at the start of a .env value,
 * only where that is certain: no `export ` before it, the value written
 * as its decoded bytes (unquoted, or quoted without escapes) on one line,
 * and, unquoted, a rest that does not start with a quote, a blank or '#'
 * (the rest would then read differently).
 */
static void
fix_repeated_key(struct dl_finding *f, const struct val *v, size_t skip)
{
	const struct dl_env_binding *b = v->b;
	const char *data = v->file ? v->file->data : NULL;
	size_t off, n = v->key_len + 1;
	char c;

	if (!f || !b || skip || !v->mapped || !data)
		return;
	off = b->value_off + (b->quote != DL_ENV_UNQUOTED);
	if (off > v->file->len || v->file->len - off < n + (b->quote == DL_ENV_UNQUOTED) ||
	    memcmp(data + off, v->key, v->key_len) != 0 || data[off + v->key_len] != '=')
		return;
	c = '\0';
	if (v->value_len > n)
		c = v->value[n];
	if (b->quote == DL_ENV_UNQUOTED &&
	    (!c || c == '"' || c == '\'' || c == '#' || dl_isspace((unsigned char)c)))
		return;
	dl_finding_fix_edit(f, v->file->path, off, n, NULL, 0);
}

static void
check_repeated_key(struct dl_check_ctx *ctx, const struct val *v)
{
	struct dl_finding *f;
	size_t skip = 0, rest;

	if (!v->value || !v->key_len)
		return;
	if (v->value_len > 7 && !memcmp(v->value, "export", 6) &&
	    dl_isblank((unsigned char)v->value[6]))
		skip = 7;
	if (v->value_len < skip + v->key_len + 1 ||
	    memcmp(v->value + skip, v->key, v->key_len) != 0 ||
	    v->value[skip + v->key_len] != '=')
		return;
	rest = skip + v->key_len + 1;
	if (sqlalchemy_url(v->value + rest, v->value_len - rest))
		f = add(ctx, DL_RULE_ENV001, 0, v, val_region(v, 0, rest),
			"the value of %.*s starts with '%.*s' (a whole KEY=value line pasted as the value); SQLAlchemy fails with \"Could not parse SQLAlchemy URL from string '%.*s...'\": drop the '%.*s' prefix",
			(int)v->key_len, v->key, (int)rest, v->value, (int)rest,
			v->value, (int)rest, v->value);
	else
		f = add(ctx, DL_RULE_ENV001, 0, v, val_region(v, 0, rest),
			"the value of %.*s starts with '%.*s' (a whole KEY=value line pasted as the value), so the app reads that prefix as part of the value: drop the '%.*s' prefix",
			(int)v->key_len, v->key, (int)rest, v->value, (int)rest,
			v->value);
	fix_repeated_key(f, v, skip);
}

/* ---- ENV002: CORS origins -------------------------------------------------- */

static int
cors_key(const char *k, size_t n)
{
	size_t i;
	/* allow_origin_regex settings hold patterns, not origins */
	if (dl_contains_ci(k, n, "REGEX") || dl_contains_ci(k, n, "PATTERN"))
		return 0;
	for (i = 0; i < n; i++) {
		size_t m = 0, j;
		if (n - i >= 4 && dl_eq_ci(k + i, 4, "CORS"))
			m = 4;
		else if (n - i >= 7 && dl_eq_ci(k + i, 7, "ALLOWED"))
			m = 7;
		if (!m)
			continue;
		j = i + m;
		if (j < n && k[j] == '_')
			j++;
		if (n - j >= 6 && dl_eq_ci(k + j, 6, "ORIGIN"))
			return 1;
	}
	return 0;
}

static int
credentials_key(const char *k, size_t n)
{
	return dl_contains_ci(k, n, "ALLOW_CREDENTIALS") ||
	       dl_contains_ci(k, n, "SUPPORTS_CREDENTIALS");
}

static int
truthy(const char *s, size_t n)
{
	return dl_eq_ci(s, n, "true") || dl_eq_ci(s, n, "1") || dl_eq_ci(s, n, "yes") ||
	       dl_eq_ci(s, n, "on");
}

static int
local_origin(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 7 && dl_eq_ci(s, 7, "http://"))
		i = 7;
	else if (n >= 8 && dl_eq_ci(s, 8, "https://"))
		i = 8;
	else
		return 0;
	return (n - i >= 9 && dl_eq_ci(s + i, 9, "localhost")) ||
	       (n - i >= 9 && !memcmp(s + i, "127.0.0.1", 9)) ||
	       (n - i >= 7 && !memcmp(s + i, "0.0.0.0", 7));
}

/* Checks one origin (value bytes [off, off + n)); returns 1 when it is a
 * real origin (counted for the localhost-only test). */
static int
check_origin(struct dl_check_ctx *ctx, const struct val *v, size_t off,
	     size_t n, int credentials, int in_json)
{
	const char *s = v->value + off;
	size_t a = 0, b = n, i, host;

	while (a < b && dl_isspace((unsigned char)s[a]))
		a++;
	while (b > a && dl_isspace((unsigned char)s[b - 1]))
		b--;
	if (a == b)
		return 0;
	/* templates and placeholders are ENV008's and ENV009's business */
	if (memchr(s + a, '$', b - a) || memchr(s + a, '<', b - a))
		return 0;
	if (a > 0 || b < n) {
		size_t at = a > 0 ? 0 : b;
		add(ctx, DL_RULE_ENV002, 0, v, val_region(v, off + at, a > 0 ? a : n - b),
		    "the origin '%.*s' in %.*s has %s white space; the browser's Origin header never does and CORS middleware compares strings exactly: %s",
		    (int)(b - a), s + a, (int)v->key_len, v->key,
		    a > 0 ? "leading" : "trailing",
		    in_json ? "remove the space inside the quotes"
			    : "remove the space (write origins separated by ',' alone)");
	}
	if (b - a == 1 && s[a] == '*') {
		if (credentials)
			add(ctx, DL_RULE_ENV002, 0, v, val_region(v, off + a, 1),
			    "%.*s allows every origin ('*') while credentials are allowed: browsers refuse a literal '*' with credentials, and middleware that echoes the origin instead (Starlette) lets any site send your users' cookies: list the exact origins",
			    (int)v->key_len, v->key);
		return 1;
	}
	for (i = a; i + 3 <= b; i++)
		if (!memcmp(s + i, "://", 3))
			break;
	if (i + 3 > b) {
		add(ctx, DL_RULE_ENV002, 0, v, val_region(v, off + a, b - a),
		    "the origin '%.*s' in %.*s has no scheme; browsers send 'https://%.*s' and CORS middleware compares strings exactly: write the scheme",
		    (int)(b - a), s + a, (int)v->key_len, v->key, (int)(b - a),
		    s + a);
		return 1;
	}
	host = i + 3;
	for (i = host; i < b && s[i] != '/' && s[i] != '?' && s[i] != '#'; i++)
		;
	if (i == b)
		return 1;
	if (i + 1 == b && s[i] == '/')
		add(ctx, DL_RULE_ENV002, 0, v, val_region(v, off + i, 1),
		    "the origin '%.*s' in %.*s ends with '/'; the browser's Origin header never does and CORS middleware compares strings exactly: remove the trailing slash",
		    (int)(b - a), s + a, (int)v->key_len, v->key);
	else
		add(ctx, DL_RULE_ENV002, 0, v, val_region(v, off + i, b - i),
		    "the origin '%.*s' in %.*s has a path, query or fragment; an Origin is only scheme://host[:port] and CORS middleware compares strings exactly: write '%.*s'",
		    (int)(b - a), s + a, (int)v->key_len, v->key, (int)(i - a),
		    s + a);
	return 1;
}

static void
check_cors(struct dl_check_ctx *ctx, const struct val *v, int credentials)
{
	const char *s = v->value;
	size_t n = v->value_len, a = 0, b = n, i, origins = 0, local = 0;

	if (!s || !cors_key(v->key, v->key_len))
		return;
	while (a < b && dl_isspace((unsigned char)s[a]))
		a++;
	while (b > a && dl_isspace((unsigned char)s[b - 1]))
		b--;
	if (a == b)
		return;
	if (s[a] == '[' && s[b - 1] == ']') {
		/* a JSON list, as pydantic-settings reads List[str] fields */
		for (i = a + 1; i < b - 1; i++) {
			size_t j;
			if (s[i] != '"')
				continue;
			for (j = i + 1; j < b - 1 && s[j] != '"'; j++)
				if (s[j] == '\\')
					j++;
			if (j >= b - 1)
				break;
			if (check_origin(ctx, v, i + 1, j - i - 1, credentials, 1)) {
				origins++;
				local += local_origin(s + i + 1, j - i - 1);
			}
			i = j;
		}
	} else {
		for (i = 0; i <= n;) {
			size_t j = i;
			while (j < n && s[j] != ',')
				j++;
			if (check_origin(ctx, v, i, j - i, credentials, 0)) {
				size_t x = i, y = j;
				while (x < y && dl_isspace((unsigned char)s[x]))
					x++;
				origins++;
				local += local_origin(s + x, y - x);
			}
			i = j + 1;
		}
	}
	if (v->production && origins && origins == local)
		add(ctx, DL_RULE_ENV002, 0, v, v->token,
		    "%.*s allows only localhost origins in a deploy configuration; the deployed frontend's requests fail CORS: add its https:// origin",
		    (int)v->key_len, v->key);
}

/* ---- ENV008: placeholders ------------------------------------------------------ */

/*
 * Finds a placeholder in s[0 .. n) (skipping ${...} references). Returns a
 * short description of the pattern and sets *off and *len to its span, or
 * NULL.
 */
static const char *
placeholder(const char *s, size_t n, size_t *off, size_t *len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int word_start = i == 0 || !dl_isalnum((unsigned char)s[i - 1]);
		size_t j;

		if (c == '$' && i + 1 < n && s[i + 1] == '{') {
			const char *close = memchr(s + i, '}', n - i);
			if (close) {
				i = (size_t)(close - s);
				continue;
			}
		}
		if (c == '<') {
			for (j = i + 1; j < n && j - i <= 64 &&
					(dl_isalnum((unsigned char)s[j]) ||
					 strchr("_-. ", s[j]));
			     j++)
				;
			if (j < n && s[j] == '>' && j > i + 1) {
				*off = i;
				*len = j + 1 - i;
				return "a <...> placeholder";
			}
		}
		if (word_start && n - i >= 5 &&
		    (dl_eq_ci(s + i, 5, "your-") || dl_eq_ci(s + i, 5, "your_") ||
		     dl_eq_ci(s + i, 5, "your."))) {
			for (j = i; j < n && (is_word((unsigned char)s[j]) ||
					      s[j] == '-' || s[j] == '.');
			     j++)
				;
			*off = i;
			*len = j - i;
			return "a your-... placeholder";
		}
		if (at_ci(s, n, i, "changeme") || at_ci(s, n, i, "change-me") ||
		    at_ci(s, n, i, "change_me")) {
			*off = i;
			*len = at_ci(s, n, i, "changeme") ? 8 : 9;
			return "'changeme'";
		}
		if ((c == 'x' || c == 'X') && word_start) {
			for (j = i; j < n && (s[j] == 'x' || s[j] == 'X'); j++)
				;
			if (j - i >= 3 && (j == n || !dl_isalnum((unsigned char)s[j]))) {
				*off = i;
				*len = j - i;
				return "an xxx placeholder";
			}
		}
		if (n - i >= 7 && dl_eq_ci(s + i, 7, "example")) {
			*off = i;
			*len = 7;
			return "'example'";
		}
		if (word_start && at_ci(s, n, i, "replace") &&
		    (n - i == 7 || !dl_isalpha((unsigned char)s[i + 7]))) {
			*off = i;
			*len = 7;
			return "'replace'";
		}
		if (word_start && n - i >= 4 && !memcmp(s + i, "TODO", 4) &&
		    (n - i == 4 || !dl_isalnum((unsigned char)s[i + 4]))) {
			*off = i;
			*len = 4;
			return "'TODO'";
		}
		if (n - i >= 3 && !memcmp(s + i, "...", 3)) {
			*off = i;
			*len = 3;
			return "'...'";
		}
		if (n - i >= 9 && !memcmp(s + i, "driver://", 9)) {
			*off = i;
			*len = 9;
			return "the template URL 'driver://'";
		}
	}
	return NULL;
}

static void
check_placeholder(struct dl_check_ctx *ctx, const struct val *v)
{
	size_t off = 0, len = 0;
	const char *what;

	if (!v->value || !v->value_len)
		return;
	/* KEY=  # comment: python-dotenv < 1.2.4 reads the comment (ENV009) */
	if (v->b && v->b->quote == DL_ENV_UNQUOTED && v->b->space_after_eq &&
	    v->value[0] == '#')
		return;
	what = placeholder(v->value, v->value_len, &off, &len);
	if (!what)
		return;
	add(ctx, DL_RULE_ENV008, 0, v, val_region(v, off, len),
	    "%.*s still holds %s in a deploy configuration, so the service starts with that literal value: set the real value (in the Render dashboard for secrets, with `sync: false` in render.yaml)",
	    (int)v->key_len, v->key, what);
}

/*
 * The rules that judge one variable's value, wherever it is set: a .env
 * file, render.yaml envVars, or the environment `deploylint env` reads
 * (ENV001, ENV002; ENV008 where the value is deployed). `credentials`:
 * the same set allows CORS credentials.
 */
static void
check_value(struct dl_check_ctx *ctx, const struct val *v, int credentials)
{
	check_repeated_key(ctx, v);
	check_cors(ctx, v, credentials);
	if (v->production)
		check_placeholder(ctx, v);
}

/* ---- render.yaml envVars ---------------------------------------------------------- */

static void
check_env_list(struct dl_check_ctx *ctx, struct dl_file *file,
	       const struct lines *l, const struct dl_yaml_node *list)
{
	size_t i;
	int credentials = 0;

	list = list ? dl_yaml_resolve(list) : NULL;
	if (!list || list->type != DL_YAML_SEQUENCE)
		return;
	for (i = 0; i < list->items_nr; i++) {
		const struct dl_yaml_node *item = dl_yaml_resolve(list->items[i]);
		const struct dl_yaml_node *k = dl_yaml_get(item, "key");
		const struct dl_yaml_node *v = dl_yaml_get(item, "value");
		if (k && v && k->type == DL_YAML_SCALAR && v->type == DL_YAML_SCALAR &&
		    credentials_key(k->scalar, k->scalar_len) &&
		    truthy(v->scalar, v->scalar_len))
			credentials = 1;
	}
	for (i = 0; i < list->items_nr; i++) {
		const struct dl_yaml_node *item = dl_yaml_resolve(list->items[i]);
		const struct dl_yaml_node *k = dl_yaml_get(item, "key");
		const struct dl_yaml_node *v = dl_yaml_get(item, "value");
		struct val val;
		if (!k || !v || k->type != DL_YAML_SCALAR || v->type != DL_YAML_SCALAR)
			continue;
		val_from_yaml(&val, file, l, k, v);
		check_value(ctx, &val, credentials);
	}
}

static void
check_render_yaml(struct dl_check_ctx *ctx, struct dl_file *file)
{
	const struct dl_yaml_doc *doc = dl_ctx_doc(ctx, file);
	const struct dl_yaml_node *root, *seq;
	struct lines l;
	size_t i;
	int pass;

	if (!doc || !doc->root)
		return;
	root = dl_yaml_resolve(doc->root);
	lines_init(&l, file->data, file->len);
	for (pass = 0; pass < 2; pass++) {
		seq = dl_yaml_get(root, pass ? "envVarGroups" : "services");
		if (!seq || seq->type != DL_YAML_SEQUENCE)
			continue;
		for (i = 0; i < seq->items_nr; i++)
			check_env_list(ctx, file, &l,
				       dl_yaml_get(dl_yaml_resolve(seq->items[i]),
						   "envVars"));
	}
	lines_release(&l);
}

/* ---- .env files ------------------------------------------------------------------------ */

/* .env.production, .env.prod, .env.staging, .env.render ... */
static int
production_name(const char *path)
{
	static const char *const words[] = {
		"production",
		"prod",
		"staging",
		"live",
		"render",
		"deploy",
	};
	const char *p = dl_path_basename(path);
	if (strncmp(p, ".env.", 5) != 0)
		return 0;
	p += 5;
	while (*p) {
		size_t n = strcspn(p, "."), k;
		for (k = 0; k < DL_ARRAY_SIZE(words); k++)
			if (dl_eq_ci(p, n, words[k]))
				return 1;
		p += n;
		if (*p == '.')
			p++;
	}
	return 0;
}

/*
 * How a tool other than python-dotenv loads a .env file. python-dotenv
 * (and pydantic-settings, which uses it) and Docker Compose's env_file,
 * project .env and `docker compose --env-file` (compose-go's dotenv
 * parser: the key's trailing and the value's leading blanks are trimmed)
 * read `KEY = value` as KEY=value; these do not.
 */
enum loader_how {
	LOADER_NONE = 0,
	LOADER_SOURCE,     /* `source F`, `. F` (with or without set -a) */
	LOADER_ENV_FILE,   /* `docker run --env-file F` (docker/cli kvfile) */
	LOADER_WORD_SPLIT, /* `export $(cat F | xargs)` and the like */
};

struct loader {
	enum loader_how how;
	const char *path; /* the file that loads it (borrowed) */
	unsigned line;    /* 1-based */
};

/* Scope of find_loader: shell scripts and Procfiles only (which makes a
 * .env "production" for ENV002/ENV004, as before), or also render.yaml
 * commands, CI workflows, Makefiles/Justfiles and Dockerfiles. */
enum loader_scope {
	LOADER_SCRIPTS,
	LOADER_EVERYWHERE
};

static int
loader_file(const struct dl_file *f, enum loader_scope scope)
{
	const char *b = dl_path_basename(f->path);
	size_t n = strlen(b);

	if (f->kind == DL_KIND_SHELL || f->kind == DL_KIND_PROCFILE)
		return 1;
	if (scope == LOADER_SCRIPTS)
		return 0;
	if (f->kind == DL_KIND_RENDER_YAML)
		return 1;
	if (f->kind == DL_KIND_YAML)
		return !strncmp(f->path, ".github/workflows/", 18);
	return !strcmp(b, "Makefile") || !strcmp(b, "makefile") || !strcmp(b, "GNUmakefile") ||
	       !strcmp(b, "Justfile") || !strcmp(b, "justfile") ||
	       (n > 3 && !strcmp(b + n - 3, ".mk")) || !strncmp(b, "Dockerfile", 10) ||
	       !strcmp(b, "dockerfile") || (n > 11 && !strcmp(b + n - 11, ".dockerfile"));
}

/* Whether bytes [a, b) of s hold `needle`. */
static int
span_has(const char *s, size_t a, size_t b, const char *needle)
{
	return b > a && dl_memmem(s + a, b - a, needle, strlen(needle)) != NULL;
}

/*
 * Finds a file of the repository that loads the .env file at `path` with
 * a shell (`source F`, `. F`), with `docker run --env-file F` (not `docker
 * compose --env-file`), or, in LOADER_EVERYWHERE scope, by word splitting
 * (a line naming F with `xargs`, `export $(` or `env $(`: `export $(cat F
 * | xargs)`, `xargs < F`). F is read relative to the
 * loading file's folder or to the repository root; in LOADER_EVERYWHERE
 * scope a word holding `$` (`"$DIR/.env"`) whose last part is the file's
 * name counts too. Returns 1 and fills *out for the first one found.
 */
static int
find_loader(struct dl_check_ctx *ctx, const char *path, enum loader_scope scope,
	    struct loader *out)
{
	const char *base = dl_path_basename(path);
	size_t i, blen = strlen(base);

	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_file *f = &ctx->repo->files[i];
		char *dir;
		size_t j;
		if (!loader_file(f, scope) || !dl_file_lintable(f) ||
		    dl_repo_load(ctx->repo, f) < 0)
			continue;
		dir = dl_path_dirname(f->path);
		for (j = 0; j + blen <= f->len; j++) {
			size_t w, e, k, ps, ls, le;
			char *word, *p1, *p2;
			enum loader_how how = LOADER_NONE;
			int hit;
			if (memcmp(f->data + j, base, blen) != 0)
				continue;
			e = j + blen;
			if (e < f->len && !dl_isspace((unsigned char)f->data[e]) &&
			    !strchr(";&|\"')`", f->data[e]))
				continue;
			/* the word holding it, and the word before */
			w = j;
			while (w > 0 && !dl_isspace((unsigned char)f->data[w - 1]) &&
			       !strchr(";&|\"'(`<", f->data[w - 1]))
				w--;
			k = w;
			while (k > 0 && strchr("\"'", f->data[k - 1]))
				k--;
			while (k > 0 && dl_isblank((unsigned char)f->data[k - 1]))
				k--;
			ps = k;
			while (ps > 0 && !dl_isspace((unsigned char)f->data[ps - 1]) &&
			       !strchr(";&|(`", f->data[ps - 1]))
				ps--;
			ls = j;
			while (ls > 0 && f->data[ls - 1] != '\n')
				ls--;
			le = e;
			while (le < f->len && f->data[le] != '\n')
				le++;
			if ((k - ps == 6 && !memcmp(f->data + ps, "source", 6)) ||
			    (k - ps == 1 && f->data[ps] == '.')) {
				how = LOADER_SOURCE;
			} else if ((k - ps == 10 && !memcmp(f->data + ps, "--env-file", 10)) ||
				   (e - w > 11 && !memcmp(f->data + w, "--env-file=", 11))) {
				if (!memcmp(f->data + w, "--env-file=", 11))
					w += 11;
				/* Compose reads it with its own dotenv parser */
				if (scope == LOADER_SCRIPTS || !span_has(f->data, ls, j, "compose"))
					how = LOADER_ENV_FILE;
			} else if (scope == LOADER_EVERYWHERE &&
				   (span_has(f->data, ls, le, "xargs") ||
				    span_has(f->data, ls, le, "export $(") ||
				    span_has(f->data, ls, le, "export $$(") ||
				    span_has(f->data, ls, le, "env $("))) {
				how = LOADER_WORD_SPLIT;
			}
			if (how == LOADER_NONE)
				continue;
			word = dl_xstrndup(f->data + w, e - w);
			p1 = dl_path_join(dir, word);
			p2 = dl_path_join("", word);
			hit = !strcmp(p1, path) || !strcmp(p2, path) ||
			      (scope == LOADER_EVERYWHERE && strchr(word, '$') &&
			       !strcmp(dl_path_basename(word), base));
			free(word);
			free(p1);
			free(p2);
			if (hit) {
				size_t m;
				out->how = how;
				out->path = f->path;
				out->line = 1;
				for (m = 0; m < j; m++)
					out->line += f->data[m] == '\n';
				free(dir);
				return 1;
			}
		}
		free(dir);
	}
	return 0;
}

/* Whether a shell script or Procfile of the repository runs `source F`,
 * `. F` or `--env-file F` for this .env file (F relative to the script's
 * folder or to the repository root). */
static int
sourced_by_script(struct dl_check_ctx *ctx, const struct dl_file *env)
{
	struct loader l;
	return find_loader(ctx, env->path, LOADER_SCRIPTS, &l);
}

/*
 * What loads this .env file with shell rules (ENV005's warning): the file
 * itself, or, for an example/template (.env.example, .env.prod.template),
 * the file it is copied to (the same name without the example part).
 */
static int
shell_loader(struct dl_check_ctx *ctx, const struct dl_file *env, struct loader *out)
{
	char *dir, *target;
	const char *base = dl_path_basename(env->path), *p;
	struct dl_strbuf name = DL_STRBUF_INIT;
	int r;

	memset(out, 0, sizeof(*out));
	if (find_loader(ctx, env->path, LOADER_EVERYWHERE, out))
		return 1;
	if (!dl_dotenv_is_example(env->path) || strncmp(base, ".env", 4) != 0)
		return 0;
	/* drop every example part: .env.example -> .env,
	 * .env.production.sample -> .env.production */
	dl_strbuf_puts(&name, ".env");
	for (p = base + 4; *p == '.';) {
		size_t n = strcspn(p + 1, ".");
		struct dl_strbuf probe = DL_STRBUF_INIT;
		dl_strbuf_puts(&probe, ".env");
		dl_strbuf_put(&probe, p, n + 1);
		if (n && !dl_dotenv_is_example(probe.buf))
			dl_strbuf_put(&name, p, n + 1);
		dl_strbuf_release(&probe);
		p += n + 1;
	}
	dir = dl_path_dirname(env->path);
	target = dl_path_join(dir, name.buf);
	r = find_loader(ctx, target, LOADER_EVERYWHERE, out);
	free(target);
	free(dir);
	dl_strbuf_release(&name);
	return r;
}

/* The byte at a position of the file, or 0. */
static int
byte_at(const struct lines *l, struct dl_pos p)
{
	size_t off;
	if (!p.line || p.line > l->nr || !p.col)
		return 0;
	off = l->start[p.line - 1] + p.col - 1;
	return off < l->len ? (unsigned char)l->data[off] : 0;
}

static const char *
quote_name(enum dl_env_quote q)
{
	return q == DL_ENV_SINGLE ? "single" : "double";
}

/* Whether physical line text looks like `NAME=` (an upper-case variable
 * assignment), for the swallowed-lines check; sets the name's span. */
static int
assignment_line(const char *s, size_t n, size_t *ns, size_t *nl)
{
	size_t i = 0, k;
	while (i < n && dl_isblank((unsigned char)s[i]))
		i++;
	if (n - i > 7 && !memcmp(s + i, "export", 6) && dl_isblank((unsigned char)s[i + 6])) {
		i += 7;
		while (i < n && dl_isblank((unsigned char)s[i]))
			i++;
	}
	k = i;
	if (k >= n || !((s[k] >= 'A' && s[k] <= 'Z') || s[k] == '_'))
		return 0;
	while (k < n && ((s[k] >= 'A' && s[k] <= 'Z') || s[k] == '_' || dl_isdigit((unsigned char)s[k])))
		k++;
	if (k >= n || s[k] != '=' || k - i > 40)
		return 0;
	*ns = i;
	*nl = k - i;
	return 1;
}

static void
check_errors(struct dl_check_ctx *ctx, struct dl_file *file,
	     const struct lines *l, const struct dl_dotenv *env)
{
	struct val v;
	size_t i;

	memset(&v, 0, sizeof(v));
	v.file = file;
	v.path = file->path;
	v.lines = l;
	if (env->invalid_utf8) {
		v.token = dl_region_at(env->first_invalid, 1);
		add(ctx, DL_RULE_ENV004, DL_LEVEL_ERROR, &v, v.token,
		    "this byte is not UTF-8, so load_dotenv() raises UnicodeDecodeError and the app does not start: save the file as UTF-8");
	}
	for (i = 0; i < env->errors_nr; i++) {
		const struct dl_env_error *e = &env->errors[i];
		int klen = (int)e->key_len;
		const char *key = e->key ? e->key : "";

		switch (e->kind) {
		case DL_ENV_ERR_UNTERMINATED:
			add(ctx, DL_RULE_ENV004, DL_LEVEL_ERROR, &v, dl_region_at(e->quote_pos, 1),
			    "the %s quote opening the value of %.*s is never closed, so python-dotenv skips the statement (\"could not parse statement starting at line %u\") and %.*s is unset: close the quote",
			    byte_at(l, e->quote_pos) == '\'' ? "single" : "double",
			    klen, key, e->dotenv_line, klen, key);
			break;
		case DL_ENV_ERR_SWALLOWED:
			add(ctx, DL_RULE_ENV004, DL_LEVEL_ERROR, &v, dl_region_at(e->quote_pos, 1),
			    "the quote opening the value of %.*s is closed only by a quote on line %u, so python-dotenv skips lines %u-%u and every variable set there (\"could not parse statement starting at line %u\"): close the quote on line %u",
			    klen, key, e->at.line, e->pos.line, e->at.line,
			    e->dotenv_line, e->quote_pos.line);
			break;
		case DL_ENV_ERR_NO_EQ:
			add(ctx, DL_RULE_ENV004, 0, &v, dl_region_at(e->at, 1),
			    "python-dotenv cannot parse this statement (text follows the first word where '=' was expected) and skips it (\"could not parse statement starting at line %u\"): write KEY=value with no space inside the key, or comment the line out with '#'",
			    e->dotenv_line);
			break;
		case DL_ENV_ERR_AFTER_QUOTE:
			add(ctx, DL_RULE_ENV004, 0, &v, dl_region_at(e->at, 1),
			    "python-dotenv cannot parse this statement (text follows the closing quote of %.*s) and skips it, so %.*s is unset (\"could not parse statement starting at line %u\"): quote the whole value or put ' #' before a comment",
			    klen, key, klen, key, e->dotenv_line);
			break;
		case DL_ENV_ERR_NO_KEY_EQ:
			add(ctx, DL_RULE_ENV004, 0, &v, dl_region_at(e->at, 1),
			    "python-dotenv cannot parse this statement (it starts with '=' and has no key) and skips it (\"could not parse statement starting at line %u\"): add the key or remove the line",
			    e->dotenv_line);
			break;
		case DL_ENV_ERR_NO_KEY:
			add(ctx, DL_RULE_ENV004, 0, &v, dl_region_at(e->pos, 6),
			    "python-dotenv cannot parse this statement (`export` with no key) and skips it (\"could not parse statement starting at line %u\"): put the assignment on the same line or remove it",
			    e->dotenv_line);
			break;
		case DL_ENV_ERR_QUOTED_KEY:
			add(ctx, DL_RULE_ENV004, 0, &v, dl_region_at(e->at, 1),
			    "python-dotenv cannot parse this statement (the single-quoted key is empty or never closed) and skips it (\"could not parse statement starting at line %u\"): remove the quotes around the key",
			    e->dotenv_line);
			break;
		}
	}
}

/* A quoted value that runs over lines looking like assignments: the quote
 * was never meant to span them (ENV004, error). */
static void
check_swallowed(struct dl_check_ctx *ctx, const struct val *v)
{
	const struct dl_env_binding *b = v->b;
	const struct lines *l = v->lines;
	struct dl_strbuf names = DL_STRBUF_INIT;
	unsigned line, found = 0;

	if (b->quote == DL_ENV_UNQUOTED || b->value_end.line <= b->value_pos.line)
		return;
	for (line = b->value_pos.line + 1; line <= b->value_end.line && line <= l->nr; line++) {
		size_t s = l->start[line - 1], e = s, ns, nl;
		while (e < l->len && l->data[e] != '\n')
			e++;
		if (!assignment_line(l->data + s, e - s, &ns, &nl))
			continue;
		if (found < 3) {
			if (found)
				dl_strbuf_puts(&names, ", ");
			dl_strbuf_put(&names, l->data + s + ns, nl);
		} else if (found == 3) {
			dl_strbuf_puts(&names, ", ...");
		}
		found++;
	}
	if (found)
		add(ctx, DL_RULE_ENV004, DL_LEVEL_ERROR, v,
		    dl_region_span(b->value_pos.line, b->value_pos.col, 1),
		    "the %s quote opening the value of %.*s closes only on line %u, so python-dotenv reads lines %u-%u into %.*s and never sets %s: close the quote on line %u",
		    quote_name(b->quote), (int)b->key_len, b->key, b->value_end.line,
		    b->value_pos.line, b->value_end.line, (int)b->key_len, b->key,
		    names.buf, b->value_pos.line);
	dl_strbuf_release(&names);
}

/*
 * --fix for ENV005: replace the reported span (the blanks before '=', the
 * '=', and the blanks after it when they were reported) by "=". Only on a
 * statement whose key, '=' and value start on one line, when the span
 * holds exactly blanks and one '='.
 */
static void
fix_spaces(struct dl_finding *f, const struct val *v, struct dl_pos from,
	   struct dl_pos to)
{
	const struct dl_env_binding *b = v->b;
	const char *data = v->file->data;
	size_t start, end, i, eqs = 0;

	if (!f || !data || b->key_pos.line != from.line || to.line != from.line ||
	    b->value_pos.line != from.line || from.col < b->key_pos.col ||
	    to.col <= from.col)
		return;
	start = b->key_off + (from.col - b->key_pos.col);
	end = b->key_off + (to.col - b->key_pos.col);
	if (end > v->file->len)
		return;
	for (i = start; i < end; i++) {
		if (data[i] == '=')
			eqs++;
		else if (!dl_isblank((unsigned char)data[i]))
			return;
	}
	if (eqs == 1)
		dl_finding_fix_edit(f, v->file->path, start, end - start, "=", 1);
}

/* ENV005's view of what loads the file, found once per file when the
 * first spaced binding is met. */
struct spaces_ctx {
	int looked;
	int found;
	struct loader l;
};

static void
check_spaces(struct dl_check_ctx *ctx, const struct val *v, struct spaces_ctx *sc)
{
	const struct dl_env_binding *b = v->b;
	struct dl_finding *f;
	int after, k = (int)b->key_len;
	const char *key = b->key;
	struct dl_pos from, to;
	struct dl_region reg;

	if (!b->value || (!b->space_before_eq && !b->space_after_eq))
		return;
	/* `KEY=  ` and `KEY=  # comment` set KEY to "" in a shell too */
	after = b->space_after_eq && b->value_len &&
		!(b->quote == DL_ENV_UNQUOTED && b->value[0] == '#');
	if (!b->space_before_eq && !after)
		return;
	if (!sc->looked) {
		sc->looked = 1;
		sc->found = shell_loader(ctx, v->file, &sc->l);
	}
	from = b->space_before_eq ? b->key_end : b->eq_pos;
	to = after ? b->value_pos : b->eq_pos;
	if (!after)
		to.col++;
	reg = dl_region_span(from.line, from.col, to.col - from.col);
	if (!sc->found)
		f = add(ctx, DL_RULE_ENV005, DL_LEVEL_NOTE, v, reg,
			b->space_before_eq
				? "white space around '=' after %.*s: python-dotenv and Docker Compose read it as %.*s=value, and nothing in this repository loads the file with a shell or `docker run --env-file`, where it breaks (`source` runs a command named %.*s): write %.*s=value"
				: "white space after '=' of %.*s: python-dotenv and Docker Compose read it as %.*s=value, and nothing in this repository loads the file with a shell or `docker run --env-file`, where it breaks (`source` sets %.*s to an empty string): write %.*s=value",
			k, key, k, key, k, key, k, key);
	else if (sc->l.how == LOADER_SOURCE)
		f = add(ctx, DL_RULE_ENV005, 0, v, reg,
			b->space_before_eq
				? "white space around '=' after %.*s: %s:%u loads this file with the shell (`source`/`.`), which runs a command named %.*s instead of setting it (python-dotenv alone would accept it): write %.*s=value"
				: "white space after '=' of %.*s: %s:%u loads this file with the shell (`source`/`.`), which sets %.*s to an empty string and runs the value as a command (python-dotenv alone would accept it): write %.*s=value",
			k, key, sc->l.path, sc->l.line, k, key, k, key);
	else if (sc->l.how == LOADER_ENV_FILE && b->space_before_eq)
		f = add(ctx, DL_RULE_ENV005, 0, v, reg,
			"white space around '=' after %.*s: `docker run --env-file` in %s:%u refuses this file (\"variable '%.*s ' contains whitespaces\"): write %.*s=value",
			k, key, sc->l.path, sc->l.line, k, key, k, key);
	else if (sc->l.how == LOADER_ENV_FILE)
		f = add(ctx, DL_RULE_ENV005, 0, v, reg,
			"white space after '=' of %.*s: `docker run --env-file` in %s:%u keeps it, so the value of %.*s starts with a space: write %.*s=value",
			k, key, sc->l.path, sc->l.line, k, key, k, key);
	else
		f = add(ctx, DL_RULE_ENV005, 0, v, reg,
			"white space around '=' of %.*s: %s:%u splits this file into shell words (`export $(... | xargs)`), so `%.*s`, `=` and the value become separate words and %.*s is not set to the value: write %.*s=value",
			k, key, sc->l.path, sc->l.line, k, key, k, key, k, key);
	fix_spaces(f, v, from, to);
}

struct keyref {
	const char *key;
	size_t len;
	size_t index;
};

static int
keyref_cmp(const void *pa, const void *pb)
{
	const struct keyref *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->key, b->key, n);
	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int
same_value(const struct dl_env_binding *a, const struct dl_env_binding *b)
{
	if (!a->value || !b->value)
		return !a->value && !b->value;
	return a->value_len == b->value_len &&
	       !memcmp(a->value, b->value, a->value_len);
}

static struct dl_region
key_region(const struct dl_env_binding *b)
{
	unsigned n = 1;
	if (b->key_end.line == b->key_pos.line && b->key_end.col > b->key_pos.col)
		n = b->key_end.col - b->key_pos.col;
	return dl_region_span(b->key_pos.line, b->key_pos.col, n);
}

/* Whether a key may be named in a message: one followed by '=' is a
 * variable name; a word alone on its line (value None) could be a pasted
 * secret, so only an UPPER_SNAKE word is named. */
static int
nameable(const struct dl_env_binding *b)
{
	size_t i;
	if (b->value)
		return 1;
	if (!b->key_len || b->key_len > 64)
		return 0;
	for (i = 0; i < b->key_len; i++) {
		char c = b->key[i];
		if (!((c >= 'A' && c <= 'Z') || c == '_' || (i && dl_isdigit((unsigned char)c))))
			return 0;
	}
	return 1;
}

static void
check_duplicates(struct dl_check_ctx *ctx, struct dl_file *file,
		 const struct lines *l, const struct dl_dotenv *env)
{
	struct keyref *refs;
	size_t i, j, k;

	if (env->nr < 2)
		return;
	refs = dl_xmalloc(dl_st_mult(env->nr, sizeof(*refs)));
	for (i = 0; i < env->nr; i++) {
		refs[i].key = env->bindings[i].key;
		refs[i].len = env->bindings[i].key_len;
		refs[i].index = i;
	}
	qsort(refs, env->nr, sizeof(*refs), keyref_cmp);
	for (i = 0; i < env->nr; i = j) {
		const struct dl_env_binding *first = &env->bindings[refs[i].index];
		const struct dl_env_binding *last;
		for (j = i + 1; j < env->nr && refs[j].len == refs[i].len &&
				!memcmp(refs[j].key, refs[i].key, refs[i].len);
		     j++)
			;
		last = &env->bindings[refs[j - 1].index];
		for (k = i + 1; k < j; k++) {
			const struct dl_env_binding *b = &env->bindings[refs[k].index];
			int named = nameable(b) && nameable(first);
			struct val v;
			struct dl_finding *f;
			val_from_binding(&v, file, l, b, 0);
			f = add(ctx, DL_RULE_ENV006, 0, &v, key_region(b),
				"%.*s%s is set again here (first on line %u, %s); python-dotenv keeps the last one (line %u) while readers see the first: keep one",
				named ? (int)b->key_len : 0, b->key,
				named ? "" : "this key", first->key_pos.line,
				same_value(first, b) ? "same value" : "different value",
				last->key_pos.line);
			dl_finding_add_related(f, file->path, key_region(first),
					       "first %.*s%s",
					       named ? (int)first->key_len : 0,
					       first->key, named ? "" : "setting");
		}
	}
	free(refs);
}

/*
 * --fix for ENV007's line endings: delete the CR of every CR LF, when the
 * file has no lone CR (turning one into LF would add a line; that is left
 * to the user) and at most DL_FIX_MAX_EDITS of them. python-dotenv reads
 * the file in universal-newline mode, so no value changes.
 */
static void
fix_crlf(struct dl_finding *f, struct dl_file *file, const struct dl_dotenv *env)
{
	size_t i;

	if (!f || !file->data || env->cr_lines || !env->crlf_lines ||
	    env->crlf_lines > DL_FIX_MAX_EDITS)
		return;
	for (i = 0; i + 1 < file->len; i++)
		if (file->data[i] == '\r' && file->data[i + 1] == '\n')
			dl_finding_fix_edit(f, file->path, i, 1, NULL, 0);
}

static void
check_line_endings(struct dl_check_ctx *ctx, struct dl_file *file,
		   const struct lines *l, const struct dl_dotenv *env)
{
	struct val v;

	memset(&v, 0, sizeof(v));
	v.file = file;
	v.path = file->path;
	v.lines = l;
	/* python-dotenv reads a BOM before a comment or blank first line as
	 * a key of its own with no value (checked with python3-dotenv
	 * 0.21): nothing is lost, so only a BOM before a binding counts */
	if (env->has_bom && env->nr && env->bindings[0].key_pos.line == 1) {
		const char *first = env->bindings[0].key;
		struct dl_finding *f;
		f = add(ctx, DL_RULE_ENV007, 0, &v, dl_region_span(1, 1, 3),
			"the file starts with a UTF-8 byte order mark; python-dotenv before 1.2.3 reads it as part of the first key, so %s is silently unset: save the file as UTF-8 without BOM",
			first);
		/* --fix: delete the three bytes */
		if (file->data && file->len >= 3 && !memcmp(file->data, "\xef\xbb\xbf", 3))
			dl_finding_fix_edit(f, file->path, 0, 3, NULL, 0);
	}
	if (env->crlf_lines || env->cr_lines) {
		unsigned len = env->crlf_lines ? 2 : 1;
		struct dl_finding *f;
		f = add(ctx, DL_RULE_ENV007, 0, &v,
			dl_region_span(env->first_crlf.line, env->first_crlf.col, len),
			"%u line%s end%s in %s; python-dotenv copes, but `source .env` keeps the '\\r' at the end of every value (a URL or port ending in '\\r'): convert the file to LF (dos2unix) and add `.env* text eol=lf` to .gitattributes",
			env->crlf_lines + env->cr_lines,
			env->crlf_lines + env->cr_lines == 1 ? "" : "s",
			env->crlf_lines + env->cr_lines == 1 ? "s" : "",
			env->crlf_lines && env->cr_lines ? "CR LF or a lone CR"
			: env->crlf_lines                ? "CR LF"
							 : "a lone CR");
		fix_crlf(f, file, env);
	}
}

static void
check_altered(struct dl_check_ctx *ctx, const struct val *v)
{
	const struct dl_env_binding *b = v->b;
	const char *dollar;
	int k = (int)b->key_len;

	if (!b->value)
		return;
	if (b->quote == DL_ENV_UNQUOTED && b->space_after_eq && b->value_len &&
	    b->value[0] == '#') {
		add(ctx, DL_RULE_ENV009, 0, v, val_region(v, 0, b->value_len),
		    "%.*s= is followed only by a comment: python-dotenv before 1.2.4 reads the comment text as the value (1.2.4 reads an empty one): remove the comment or quote the intended value",
		    k, b->key);
		return;
	}
	if (b->quote == DL_ENV_UNQUOTED && b->comment)
		add(ctx, DL_RULE_ENV009, 0, v,
		    dl_region_span(b->comment_pos.line, b->comment_pos.col,
				   (unsigned)b->comment_len),
		    "python-dotenv drops this ' #...' tail from the unquoted value of %.*s (it reads it as a comment): if the '#' is part of the value, quote the value",
		    k, b->key);
	else if (b->quote == DL_ENV_UNQUOTED &&
		 dl_secret_key_is(b->key, b->key_len, DL_SECRET_KEY_USE_REPORT) &&
		 memchr(b->value, '#', b->value_len)) {
		size_t at = (size_t)((const char *)memchr(b->value, '#', b->value_len) - b->value);
		add(ctx, DL_RULE_ENV009, 0, v, val_region(v, at, 1),
		    "the unquoted value of %.*s holds a '#': python-dotenv keeps it, but readers that cut comments at any '#' (Node's dotenv, some shells' tools) lose the rest of the secret: quote the value",
		    k, b->key);
	}
	dollar = b->value_len >= 2 ? strstr(b->value, "${") : NULL;
	if (dollar && (size_t)(dollar - b->value) < b->value_len)
		add(ctx, DL_RULE_ENV009, 0, v, val_region(v, (size_t)(dollar - b->value), 2),
		    "python-dotenv expands ${...} in %.*s, but Render's dashboard and render.yaml take the value literally: give Render the expanded value",
		    k, b->key);
}

static void
check_dotenv(struct dl_check_ctx *ctx, struct dl_file *file)
{
	const struct dl_dotenv *env = dl_ctx_doc(ctx, file);
	struct lines l;
	size_t i;
	int example, production, credentials = 0;
	struct spaces_ctx sc;

	memset(&sc, 0, sizeof(sc));
	if (!env)
		return;
	/* a backup (.env.bak, .env.old, .env.local~) that nothing loads:
	 * its format does not matter (SEC rules still scan it) */
	if (dl_dotenv_is_backup(file->path)) {
		struct loader by;
		if (!find_loader(ctx, file->path, LOADER_EVERYWHERE, &by))
			return;
	}
	example = dl_dotenv_is_example(file->path);
	production = !example && (production_name(file->path) ||
				  sourced_by_script(ctx, file));
	lines_init(&l, file->data, file->len);
	check_errors(ctx, file, &l, env);
	check_duplicates(ctx, file, &l, env);
	check_line_endings(ctx, file, &l, env);
	for (i = 0; i < env->nr; i++) {
		const struct dl_env_binding *b = &env->bindings[i];
		if (b->value && credentials_key(b->key, b->key_len) &&
		    truthy(b->value, b->value_len))
			credentials = 1;
	}
	for (i = 0; i < env->nr; i++) {
		struct val v;
		val_from_binding(&v, file, &l, &env->bindings[i], production);
		if (!v.value)
			continue;
		check_value(ctx, &v, credentials);
		check_swallowed(ctx, &v);
		check_spaces(ctx, &v, &sc);
		check_altered(ctx, &v);
	}
	lines_release(&l);
}

/* ---- ENV003: .env files git would pick up ------------------------------------------------- */

static void
check_not_ignored(struct dl_check_ctx *ctx)
{
	size_t i;

	if (!ctx->repo->in_git)
		return;
	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_file *f = &ctx->repo->files[i];
		const char *base = dl_path_basename(f->path);
		struct dl_file *gi;
		struct dl_finding *fd;

		if (f->kind != DL_KIND_DOTENV || dl_dotenv_is_example(f->path) ||
		    !strcmp(base, ".env.vault"))
			continue;
		/* ignored: fine; tracked: already committed, SEC001's finding */
		if (f->flags & (DL_FILE_IGNORED | DL_FILE_TRACKED))
			continue;
		fd = dl_report_add(ctx->report, dl_rule_get(DL_RULE_ENV003), f->path,
				   dl_region_span(1, 1, 0),
				   "%s is neither ignored nor tracked by git, so the next `git add .` commits its secrets: add `%s` to .gitignore",
				   f->path, base);
		gi = dl_repo_find(ctx->repo, ".gitignore");
		if (gi)
			dl_finding_add_related(fd, gi->path, dl_region_span(1, 1, 0),
					       "the repository's .gitignore");
		if (f->data) {
			struct lines l;
			lines_init(&l, f->data, f->len);
			set_context(fd, &l, 0);
			lines_release(&l);
		}
	}
}

/* ---- ENV010 ---- */

struct declared {
	const char **keys;
	size_t nr, alloc;
	int unknown_groups; /* a fromGroup names a group defined elsewhere */
};

static void
declare(struct declared *d, const char *k)
{
	DL_ALLOC_GROW(d->keys, d->nr + 1, d->alloc);
	d->keys[d->nr++] = k;
}

/* ASCII case-insensitive order of NUL-terminated a and b[0..n). */
static int
cmp_ci(const char *a, const char *b, size_t n)
{
	size_t i;
	for (i = 0; i < n && a[i]; i++)
		if (dl_toupper((unsigned char)a[i]) != dl_toupper((unsigned char)b[i]))
			return dl_toupper((unsigned char)a[i]) - dl_toupper((unsigned char)b[i]);
	if (i < n)
		return -1; /* a is shorter */
	return a[i] ? 1 : 0;
}

static int
declared_cmp(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	int c = cmp_ci(a, b, strlen(b));
	return c ? c : strcmp(a, b);
}

/* d->keys sorted with declared_cmp: whether k[0..n) is declared (exactly,
 * or ignoring case when nocase). */
static int
is_declared(const struct declared *d, const char *k, size_t n, int nocase)
{
	size_t lo = 0, hi = d->nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_ci(d->keys[mid], k, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->nr && !cmp_ci(d->keys[lo], k, n); lo++)
		if (nocase || (strlen(d->keys[lo]) == n && !memcmp(d->keys[lo], k, n)))
			return 1;
	return 0;
}

/* Variables Render (or the OS) sets for every service. */
static int
platform_variable(const char *k, size_t n)
{
	static const char *const names[] = {
		"PORT", "RENDER", "IS_PULL_REQUEST", "HOME", "PATH", "PWD", "USER",
		"HOSTNAME", "LANG", "TZ", "SHELL", "TERM", "PYTHONPATH", "CI",
		"WEB_CONCURRENCY", "PYTHON_VERSION"
	};
	size_t i;
	if (n > 7 && !strncmp(k, "RENDER_", 7))
		return 1;
	for (i = 0; i < DL_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && !strncmp(names[i], k, n))
			return 1;
	return 0;
}

struct use {
	char *key;
	char *path;
	struct dl_region region;
	int nocase; /* a pydantic settings field (case-insensitive) */
};

struct uses {
	struct use *v;
	size_t nr, alloc;
};

static void
add_use(struct uses *u, const char *k, size_t n, const char *path,
	struct dl_region reg, int nocase)
{
	struct use *x;
	DL_ALLOC_GROW(u->v, u->nr + 1, u->alloc);
	x = &u->v[u->nr++];
	x->key = dl_xstrndup(k, n);
	x->path = dl_xstrdup(path);
	x->region = reg;
	x->nocase = nocase;
}

static int
env_name(const char *s, size_t n)
{
	size_t i;
	if (!n || n > 128 || !(dl_isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 0; i < n; i++)
		if (!dl_isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

/*
 * Scans Python source for os.environ["K"], os.environ.get("K"),
 * os.getenv("K") (and the same through `environ`/`getenv` imported by
 * name) without a default, outside comments and other strings: the names
 * come from the Python tokenizer (deploylint/pytok.h).
 */
static void
scan_python(struct uses *u, const char *path, const char *d, size_t n)
{
	struct dl_pytok tz;
	struct dl_pytoken t;

	dl_pytok_init(&tz, d, n);
	for (dl_pytok_next(&tz, &t); t.kind != DL_PYTOK_ENDMARKER; dl_pytok_next(&tz, &t)) {
		size_t s = t.start, i = t.end, k;
		int get = 0, sub = 0;

		if (t.kind != DL_PYTOK_NAME)
			continue;
		if (i - s == 7 && !memcmp(d + s, "environ", 7)) {
			k = i;
			if (k < n && d[k] == '[')
				sub = 1, k++;
			else if (k + 5 <= n && !memcmp(d + k, ".get(", 5))
				get = 1, k += 5;
			else
				continue;
		} else if (i - s == 6 && !memcmp(d + s, "getenv", 6)) {
			k = i;
			if (k < n && d[k] == '(')
				get = 1, k++;
			else
				continue;
		} else {
			continue;
		}
		while (k < n && (d[k] == ' ' || d[k] == '\t'))
			k++;
		if (k < n && (d[k] == '"' || d[k] == '\'')) {
			char q = d[k];
			size_t ks = k + 1, ke = ks;
			while (ke < n && d[ke] != q && d[ke] != '\n')
				ke++;
			if (ke < n && d[ke] == q && env_name(d + ks, ke - ks)) {
				size_t after = ke + 1;
				while (after < n && (d[after] == ' ' || d[after] == '\t'))
					after++;
				size_t eq = after + 1;
				while (eq < n && (d[eq] == ' ' || d[eq] == '\t'))
					eq++;
				/* os.environ["X"] = ... sets X: not a read */
				if (sub && after < n && d[after] == ']' && eq < n && d[eq] == '=' &&
				    (eq + 1 >= n || d[eq + 1] != '='))
					continue;
				/* k is on the name's line: only blanks, '[' or
				 * ".get(" lie between them */
				if ((sub && after < n && d[after] == ']') ||
				    (get && after < n && d[after] == ')'))
					add_use(u, d + ks, ke - ks, path,
						dl_region_span(t.line, t.col + (unsigned)(k - s),
							       (unsigned)(ke - k + 1)),
						0);
			}
		}
	}
}

static const char *
find_bytes(const char *h, size_t hn, const char *needle)
{
	size_t nn = strlen(needle), i;
	for (i = 0; i + nn <= hn; i++)
		if (!memcmp(h + i, needle, nn))
			return h + i;
	return NULL;
}

/* pydantic BaseSettings fields without a default. */
static void
scan_settings(struct uses *u, const char *path, const char *d, size_t len)
{
	const char *p = d, *end = d + len;
	unsigned line = 1;
	int in_class = 0, skip_class = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *q = p;
		size_t indent = 0;
		while (q < le && (*q == ' ' || *q == '\t'))
			q++, indent++;
		if (q < le && *q != '#') {
			if (indent == 0) {
				in_class = 0;
				if ((size_t)(le - q) > 6 && !memcmp(q, "class ", 6)) {
					const char *lp = memchr(q, '(', (size_t)(le - q));
					in_class = lp && find_bytes(lp, (size_t)(le - lp),
								    "BaseSettings") != NULL;
					skip_class = 0;
				}
			} else if (in_class && !skip_class) {
				const char *s = q;
				const char *w;
				while (s < le && (dl_isalnum((unsigned char)*s) || *s == '_'))
					s++;
				w = s;
				while (w < le && (*w == ' ' || *w == '\t'))
					w++;
				if (find_bytes(q, (size_t)(le - q), "env_prefix"))
					skip_class = 1;
				else if (s > q && w < le && *w == ':' && !memchr(w, '=', (size_t)(le - w)) &&
					 env_name(q, (size_t)(s - q)) && indent == 4 &&
					 !find_bytes(w, (size_t)(le - w), "ClassVar"))
					add_use(u, q, (size_t)(s - q), path,
						dl_region_span(line, (unsigned)indent + 1,
							       (unsigned)(s - q)),
						1);
			}
		}
		line++;
		p = nl ? nl + 1 : end;
	}
	if (skip_class) {
		/* a prefix changes every name: drop this file's settings fields */
		size_t i, k = 0;
		for (i = 0; i < u->nr; i++) {
			if (u->v[i].nocase && !strcmp(u->v[i].path, path)) {
				free(u->v[i].key);
				free(u->v[i].path);
				continue;
			}
			u->v[k++] = u->v[i];
		}
		u->nr = k;
	}
}

/* Tests, tooling and docs: not the code a service runs. */
static int
is_test_file(const char *path)
{
	static const char *const dirs[] = {
		"tests", "test", "scripts", "tools", "docs", "examples", "bin", ".github"
	};
	static const char *const files[] = {
		"setup.py", "noxfile.py", "fabfile.py"
	};
	const char *b = dl_path_basename(path), *p = path;
	size_t i;

	if (!strncmp(b, "test_", 5) || !strcmp(b, "conftest.py"))
		return 1;
	for (i = 0; i < DL_ARRAY_SIZE(files); i++)
		if (!strcmp(b, files[i]) && b == path)
			return 1;
	while (p && *p) {
		size_t n = strcspn(p, "/");
		if (!p[n])
			break; /* the file name itself */
		for (i = 0; i < DL_ARRAY_SIZE(dirs); i++)
			if (strlen(dirs[i]) == n && !strncmp(p, dirs[i], n))
				return 1;
		p += n + 1;
	}
	return 0;
}

/* ---- the read pass's visitor: environment reads in Python modules ---- */

static int
env010_active(const struct dl_repo *repo)
{
	size_t i;
	for (i = 0; i < repo->nr; i++)
		if (repo->files[i].kind == DL_KIND_RENDER_YAML &&
		    dl_file_lintable(&repo->files[i]))
			return 1;
	return 0; /* no Blueprint declares anything: ENV010 is silent */
}

static int
env010_wants(const struct dl_file *f)
{
	return f->kind == DL_KIND_PYTHON && !is_test_file(f->path);
}

static void
uses_release(void *p)
{
	struct uses *u = p;
	size_t i;
	for (i = 0; i < u->nr; i++) {
		free(u->v[i].key);
		free(u->v[i].path);
	}
	free(u->v);
	free(u);
}

/* Runs on a worker thread: the module's reads, or NULL. */
static void *
env010_visit(const struct dl_file *f, const char *data, size_t len, unsigned features)
{
	struct uses *u = dl_xcalloc(1, sizeof(*u));
	if (features & DL_FEAT_ENV_READ)
		scan_python(u, f->path, data, len);
	if (features & DL_FEAT_BASESETTINGS)
		scan_settings(u, f->path, data, len);
	if (!u->nr) {
		uses_release(u);
		return NULL;
	}
	return u;
}

/* ENV010's reads of the environment in Python modules (declared on the
 * family's row, src/rules/checks.c) */
const struct dl_visitor dl_env_reads = {
	"env-reads", "ENV010", env010_active, env010_wants,
	DL_FEAT_ENV_READ | DL_FEAT_BASESETTINGS, env010_visit, uses_release
};

/* An example file belongs to a service folder: inside a service's rootDir
 * (below it), or right in the repository root for a root service. */
static int
example_in_service(const char *path, char **dirs, size_t n)
{
	char *dir = dl_path_dirname(path);
	size_t i;
	int r = 0;
	for (i = 0; i < n && !r; i++)
		r = *dirs[i] ? dl_path_is_under(dir, dirs[i]) : !*dir;
	free(dir);
	return r;
}

static int
under_any(const char *path, char **dirs, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (dl_path_is_under(path, dirs[i]))
			return 1;
	return 0;
}

static int
use_cmp(const void *a, const void *b)
{
	const struct use *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	c = strcmp(x->path, y->path);
	if (c)
		return c;
	return (int)x->region.line - (int)y->region.line;
}

static void
check_env010(struct dl_check_ctx *ctx, const struct dl_model *model)
{
	struct declared decl;
	struct uses uses;
	char **app_dirs = NULL, **all_dirs = NULL;
	size_t app_nr = 0, all_nr = 0, app_alloc = 0, all_alloc = 0, i, j, k;

	memset(&decl, 0, sizeof(decl));
	memset(&uses, 0, sizeof(uses));
	for (i = 0; i < model->blueprints_nr; i++) {
		const struct dl_blueprint *bp = &model->blueprints[i].bp;
		if (model->blueprints[i].parse_error)
			continue;
		for (j = 0; j < bp->services_nr; j++) {
			const struct dl_bp_service *s = &bp->services[j];
			for (k = 0; k < s->env_vars.nr; k++) {
				const struct dl_bp_envvar *ev = &s->env_vars.items[k];
				if (ev->name)
					declare(&decl, ev->name);
				if (ev->source == DL_BP_SRC_GROUP) {
					const char *g = dl_bp_scalar(ev->from_name);
					size_t m;
					int found = 0;
					for (m = 0; g && m < bp->groups_nr; m++)
						if (bp->groups[m].name_s && !strcmp(bp->groups[m].name_s, g))
							found = 1;
					if (!found)
						decl.unknown_groups = 1;
				}
			}
			if (s->type_s && (!strcmp(s->type_s, "keyvalue") || !strcmp(s->type_s, "redis")))
				continue;
			DL_ALLOC_GROW(all_dirs, all_nr + 1, all_alloc);
			all_dirs[all_nr++] = s->work_dir;
			if (!dl_bp_service_is_static(s)) {
				DL_ALLOC_GROW(app_dirs, app_nr + 1, app_alloc);
				app_dirs[app_nr++] = s->work_dir;
			}
		}
		for (j = 0; j < bp->groups_nr; j++)
			for (k = 0; k < bp->groups[j].env_vars.nr; k++)
				if (bp->groups[j].env_vars.items[k].name)
					declare(&decl, bp->groups[j].env_vars.items[k].name);
	}
	if (decl.unknown_groups || !all_nr)
		goto done;
	if (decl.nr > 1)
		qsort(decl.keys, decl.nr, sizeof(*decl.keys), declared_cmp);

	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_file *f = &ctx->repo->files[i];
		/* an example git ignores documents nothing for the repository */
		if (!dl_file_lintable(f) || (f->flags & DL_FILE_IGNORED))
			continue;
		if (f->kind == DL_KIND_DOTENV && dl_dotenv_is_example(f->path) &&
		    example_in_service(f->path, all_dirs, all_nr)) {
			const struct dl_dotenv *env = dl_ctx_doc(ctx, f);
			for (k = 0; env && k < env->nr; k++) {
				const struct dl_env_binding *b = &env->bindings[k];
				if (env_name(b->key, b->key_len))
					add_use(&uses, b->key, b->key_len, f->path,
						dl_region_span(b->key_pos.line, b->key_pos.col,
							       (unsigned)b->key_len),
						0);
			}
		} else if (env010_wants(f) && under_any(f->path, app_dirs, app_nr)) {
			/* the read pass scanned the module (env010_visit) */
			struct uses *pu = dl_ctx_visit(ctx, &dl_env_reads, f);
			for (k = 0; pu && k < pu->nr; k++) {
				DL_ALLOC_GROW(uses.v, uses.nr + 1, uses.alloc);
				uses.v[uses.nr++] = pu->v[k];
			}
			if (pu)
				pu->nr = 0; /* moved */
		}
	}

	if (uses.nr > 1)
		qsort(uses.v, uses.nr, sizeof(*uses.v), use_cmp);
	for (i = 0; i < uses.nr; i = j) {
		const struct use *u = &uses.v[i];
		struct dl_finding *f;
		size_t rel = 0;
		j = i + 1;
		while (j < uses.nr && !strcmp(uses.v[j].key, u->key))
			j++;
		if (platform_variable(u->key, strlen(u->key)) ||
		    is_declared(&decl, u->key, strlen(u->key), u->nocase))
			continue;
		f = dl_report_add(ctx->report, dl_rule_get(DL_RULE_ENV010), u->path, u->region,
				  "`%s` is %s here but no render.yaml envVars entry declares it, so the service starts without it; add `- key: %s` with `sync: false` (or a value) to the service's envVars",
				  u->key,
				  dl_classify_path(u->path) == DL_KIND_DOTENV ? "listed" : "read",
				  u->key);
		for (k = i + 1; k < j && rel < 5; k++, rel++)
			dl_finding_add_related(f, uses.v[k].path, uses.v[k].region,
					       "`%s` also %s here", u->key,
					       dl_classify_path(uses.v[k].path) == DL_KIND_DOTENV ? "listed" : "read");
	}
	for (i = 0; i < uses.nr; i++) {
		free(uses.v[i].key);
		free(uses.v[i].path);
	}
	free(uses.v);
done:
	free(decl.keys);
	free(app_dirs);
	free(all_dirs);
}

void
dl_check_env(struct dl_check_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_file *f = &ctx->repo->files[i];
		if (f->kind == DL_KIND_DOTENV)
			check_dotenv(ctx, f);
		else if (f->kind == DL_KIND_RENDER_YAML)
			check_render_yaml(ctx, f);
	}
	check_not_ignored(ctx);
	/* ENV010: variables the code reads that no Blueprint declares */
	{
		const struct dl_model *m = dl_ctx_model(ctx);
		int blueprint = 0;
		for (i = 0; i < m->blueprints_nr; i++)
			blueprint |= !m->blueprints[i].parse_error;
		if (blueprint)
			check_env010(ctx, m);
	}
}

/* ---- deploylint env ------------------------------------------------------------------- */

void
dl_env_check_vars(struct dl_check_ctx *ctx, const struct dl_env_var *vars, size_t n)
{
	struct lines l;
	struct dl_file *lines_of = NULL;
	size_t i;
	int credentials = 0;

	memset(&l, 0, sizeof(l));
	for (i = 0; i < n; i++)
		if (vars[i].value && credentials_key(vars[i].key, vars[i].key_len) &&
		    truthy(vars[i].value, vars[i].value_len))
			credentials = 1;
	for (i = 0; i < n; i++) {
		const struct dl_env_var *e = &vars[i];
		struct val v;

		if (!e->value)
			continue;
		if (e->file && e->binding) {
			if (lines_of != e->file) {
				lines_release(&l);
				lines_init(&l, e->file->data, e->file->len);
				lines_of = e->file;
			}
			val_from_binding(&v, e->file, &l, e->binding, 1);
		} else {
			memset(&v, 0, sizeof(v));
			v.key = e->key;
			v.key_len = e->key_len;
			v.value = e->value;
			v.value_len = e->value_len;
			v.production = 1;
		}
		v.path = e->path;
		check_value(ctx, &v, credentials);
	}
	if (lines_of)
		lines_release(&l);
}

void
dl_env_check_parse(struct dl_check_ctx *ctx, struct dl_file *file,
		   const struct dl_dotenv *env)
{
	struct lines l;

	lines_init(&l, file->data, file->len);
	check_errors(ctx, file, &l, env);
	lines_release(&l);
}

void
dl_env_set_context(struct dl_finding *f, const char *key, size_t key_len,
		   const char *data, size_t len)
{
	struct lines l;
	struct dl_region keep = f->region;
	char *red;

	if (key) {
		/* one line KEY=value, cut at the value's first line end */
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_put(&sb, key, key_len);
		dl_strbuf_putc(&sb, '=');
		dl_strbuf_put(&sb, data, len);
		lines_init(&l, sb.buf, sb.len);
		f->region = dl_region_span(1, 0, 0);
		set_context(f, &l, dl_secret_key_is(key, key_len, DL_SECRET_KEY_USE_MASK));
		f->region = keep;
		lines_release(&l);
		dl_strbuf_release(&sb);
	} else {
		lines_init(&l, data, len);
		set_context(f, &l, 0);
		lines_release(&l);
	}
	if (f->context) {
		red = dl_secrets_redact_line(f->path, f->context, strlen(f->context));
		free(f->context);
		f->context = red;
	}
}
