/*
 * deploylint: the masking layer (mask.h): what is secret on a line, and
 * the escaping of what reaches a terminal.
 */
#include "deploylint/mask.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/kind.h"
#include "deploylint/pytok.h"
#include "deploylint/secretclass.h"
#include "deploylint/utf8.h"

/* ---- the runs' catalogues -------------------------------------------------- */

void
dl_mask_adopt(struct dl_mask *m, struct dl_secrets *s)
{
	if (!s)
		return;
	DL_ALLOC_GROW(m->catalogues, m->nr + 1, m->alloc);
	m->catalogues[m->nr++] = s;
}

void
dl_mask_clear(struct dl_mask *m)
{
	size_t i;
	for (i = 0; i < m->nr; i++)
		dl_secrets_free(m->catalogues[i]);
	free(m->catalogues);
	memset(m, 0, sizeof(*m));
}

/* ---- helpers ----------------------------------------------------------------- */

static int
eq_ci(const char *a, size_t n, const char *word)
{
	size_t i;
	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)a[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != word[i])
			return 0;
	}
	return 1;
}

static int
key_char(int c)
{
	return dl_isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* Masks every byte of r[from .. to) but blanks and quotes. */
static void
mask_span(char *r, size_t from, size_t to)
{
	for (; from < to; from++)
		if (!dl_isspace((unsigned char)r[from]) && r[from] != '"' &&
		    r[from] != '\'')
			r[from] = '*';
}

static int
token_char(int c, int url)
{
	if (url) /* in a URL '/', '+' and '=' separate words */
		return dl_isalnum(c) || c == '_' || c == '-';
	return dl_isalnum(c) || c == '_' || c == '+' || c == '/' || c == '=' ||
	       c == '-';
}

/* Masks every run of 8+ token bytes in r[from .. to) that mixes letters
 * and digits (with `url`, runs of letters, digits, '_' and '-' only). */
static void
mask_tokens(char *r, size_t from, size_t to, int url)
{
	size_t i = from;
	while (i < to) {
		size_t e = i, k;
		int alpha = 0, digit = 0;
		while (e < to && token_char((unsigned char)r[e], url))
			e++;
		for (k = i; k < e; k++) {
			alpha |= dl_isalpha((unsigned char)r[k]);
			digit |= dl_isdigit((unsigned char)r[k]);
		}
		if (e - i >= 8 && alpha && digit)
			for (k = i; k < e; k++)
				r[k] = '*';
		i = e < to ? e + 1 : e;
	}
}

/* Masks the tokens mask_tokens() would in r[s .. e), but for hex of at
 * most 12 digits (an Alembic revision id). */
static void
mask_quoted(char *r, size_t s, size_t e)
{
	size_t t;
	for (t = s; t < e;) {
		size_t u = t, k;
		int hex = 1;
		while (u < e && token_char((unsigned char)r[u], 0))
			u++;
		for (k = t; k < u; k++)
			hex &= dl_isxdigit((unsigned char)r[k]);
		if (!(hex && u - t <= 12))
			mask_tokens(r, t, u, 0);
		t = u < e ? u + 1 : u;
	}
}

/* Python: the text of the line's string literals and comment, as the one
 * tokenizer (deploylint/pytok.h) reads the line alone (a string left open
 * runs to the end of the line), through mask_quoted(). */
static void
mask_python_strings(char *r, size_t n)
{
	struct dl_pytok tz;
	struct dl_pytoken tok;

	dl_pytok_init(&tz, r, n);
	for (;;) {
		dl_pytok_next(&tz, &tok);
		if (tok.kind == DL_PYTOK_ENDMARKER)
			break;
		if (tok.kind == DL_PYTOK_STRING)
			mask_quoted(r, tok.body, tok.body_end);
		else if (tok.kind == DL_PYTOK_COMMENT)
			mask_quoted(r, tok.start + 1, tok.end);
	}
}

/* Whether the base name of path reads like an env file: .env, .env.*,
 * .envrc, *.env (docker env_file). */
static int
is_env_path(const char *path)
{
	const char *base;
	size_t n;
	if (!path)
		return 0;
	if (dl_classify_path(path) == DL_KIND_DOTENV)
		return 1;
	base = dl_path_basename(path);
	n = strlen(base);
	return !strncmp(base, ".env", 4) || (n > 4 && !strcmp(base + n - 4, ".env"));
}

/* A value nobody would call a secret: a boolean or log-level word, a
 * number of at most 6 digits, or references ${NAME} / $NAME alone. */
static int
value_plain(const char *v, size_t n)
{
	static const char *const words[] = {
		"true",
		"false",
		"yes",
		"no",
		"on",
		"off",
		"none",
		"null",
		"debug",
		"info",
		"warning",
		"error",
		"production",
		"development",
		"staging",
		"test",
		"local",
	};
	size_t i;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	if (!n)
		return 1;
	for (i = 0; i < DL_ARRAY_SIZE(words); i++)
		if (eq_ci(v, n, words[i]))
			return 1;
	for (i = 0; i < n && dl_isdigit((unsigned char)v[i]); i++)
		;
	if (i == n)
		return n <= 6;
	/* only references */
	i = 0;
	while (i < n) {
		size_t s;
		if (v[i] != '$')
			return 0;
		i++;
		if (i < n && v[i] == '{') {
			s = ++i;
			while (i < n && (dl_isalnum((unsigned char)v[i]) || v[i] == '_'))
				i++;
			if (i == s || i >= n || v[i] != '}')
				return 0;
			i++;
		} else {
			s = i;
			while (i < n && (dl_isalnum((unsigned char)v[i]) || v[i] == '_'))
				i++;
			if (i == s)
				return 0;
		}
	}
	return 1;
}

/*
 * A URL value (scheme://...) of an env file, r[vs .. n): the URL token
 * keeps what reads like a host, a path and query words (DB rules point
 * there), but its userinfo (user and password), every token of 8+ bytes
 * mixing letters and digits, and everything after the URL are masked.
 * Returns 0 when the value is no URL (nothing done).
 */
static int
mask_env_url(char *r, size_t vs, size_t n)
{
	size_t p = vs, s, e, at = 0, k;
	if (p < n && (r[p] == '"' || r[p] == '\''))
		p++;
	s = p;
	while (p < n && (dl_isalnum((unsigned char)r[p]) || r[p] == '+' || r[p] == '.' ||
			 r[p] == '-'))
		p++;
	if (p == s || !dl_isalpha((unsigned char)r[s]) || n - p < 3 || memcmp(r + p, "://", 3) != 0)
		return 0;
	p += 3;
	for (e = p; e < n && !dl_isspace((unsigned char)r[e]) && r[e] != '"' && r[e] != '\'';
	     e++)
		if (r[e] == '@')
			at = e;
	for (k = p; k < e && k < at; k++)
		if (r[k] != ':' && r[k] != '@')
			r[k] = '*';
	mask_tokens(r, p, e, 1);
	mask_span(r, e, n);
	return 1;
}

/*
 * An env-file line: everything after the first '=' is the value (comment
 * tail included) and is masked unless plain. A line without '=' (which
 * python-dotenv cannot parse, or `export KEY VALUE`) keeps `export` and
 * an upper-case name, and masks the rest; a comment line masks its tokens.
 */
static void
mask_env_line(char *r, size_t n)
{
	size_t p = 0, k, eq, ve;
	/* a UTF-8 byte order mark before the first name */
	if (n >= 3 && !memcmp(r, "\xef\xbb\xbf", 3))
		p = 3;
	while (p < n && dl_isspace((unsigned char)r[p]))
		p++;
	if (p < n && r[p] == '#') {
		mask_tokens(r, p, n, 0);
		return;
	}
	if (n - p > 7 && !memcmp(r + p, "export", 6) && dl_isblank((unsigned char)r[p + 6])) {
		p += 7;
		while (p < n && dl_isblank((unsigned char)r[p]))
			p++;
	}
	eq = p;
	while (eq < n && r[eq] != '=')
		eq++;
	k = p;
	while (k < eq && key_char((unsigned char)r[k]))
		k++;
	if (eq < n) {
		/* anything but blanks between the name and '=' is suspect */
		mask_span(r, k, eq);
		ve = n;
		{
			size_t vs = eq + 1, vend = n;
			while (vs < n && dl_isblank((unsigned char)r[vs]))
				vs++;
			while (vend > vs && dl_isspace((unsigned char)r[vend - 1]))
				vend--;
			if (value_plain(r + vs, vend - vs) || mask_env_url(r, vs, n))
				return;
		}
		mask_span(r, eq + 1, ve);
		return;
	}
	/* no '=': keep an upper-case name, mask the rest */
	for (ve = p; ve < k; ve++)
		if (dl_islower((unsigned char)r[ve]))
			break;
	if (ve < k || k == p)
		k = p;
	mask_span(r, k, n);
}

/*
 * Any other line: the value after `key =` or `key:` when the key (after
 * blanks, `export`, a YAML "- " and quotes) names a secret.
 */
static void
mask_secret_key(char *r, size_t n)
{
	size_t p = 0, ks, ke, s;
	while (p < n && (dl_isspace((unsigned char)r[p]) || r[p] == '-'))
		p++;
	if (n - p > 7 && !memcmp(r + p, "export", 6) && dl_isblank((unsigned char)r[p + 6]))
		p += 7;
	while (p < n && dl_isblank((unsigned char)r[p]))
		p++;
	if (p < n && (r[p] == '"' || r[p] == '\''))
		p++;
	ks = p;
	while (p < n && key_char((unsigned char)r[p]))
		p++;
	ke = p;
	if (ke == ks)
		return;
	if (p < n && (r[p] == '"' || r[p] == '\''))
		p++;
	while (p < n && dl_isblank((unsigned char)r[p]))
		p++;
	if (p >= n || (r[p] != '=' && r[p] != ':'))
		return;
	s = p + 1;
	if (s < n && r[s] == '=') /* == is a comparison */
		return;
	if (dl_secret_key_is(r + ks, ke - ks, DL_SECRET_KEY_USE_HIDE))
		mask_span(r, s, n);
}

/* ---- the one masking function ---------------------------------------------- */

char *
dl_mask_line_with(const struct dl_mask *m, const char *path, const char *line, size_t len)
{
	char *r = dl_secrets_redact_line_with(NULL, path, line, len);
	size_t i, n;
	enum dl_kind kind;
	for (i = 0; m && i < m->nr; i++) {
		char *t = dl_secrets_redact_line_with(m->catalogues[i], path, r, strlen(r));
		free(r);
		r = t;
	}
	n = strlen(r);
	kind = dl_classify_path(path ? path : "");
	if (is_env_path(path))
		mask_env_line(r, n);
	else if (kind == DL_KIND_PYTHON_VERSION || kind == DL_KIND_RUNTIME_TXT)
		mask_tokens(r, 0, n, 0); /* one version; anything else may be pasted */
	else if (kind == DL_KIND_PYTHON || kind == DL_KIND_ALEMBIC_ENV_PY)
		mask_python_strings(r, n);
	else
		mask_secret_key(r, n);
	return r;
}

char *
dl_mask_line(const char *path, const char *line, size_t len)
{
	return dl_mask_line_with(NULL, path, line, len);
}

char *
dl_mask_message_with(const struct dl_mask *m, const char *msg)
{
	char *r = dl_secrets_redact_message_with(NULL, msg);
	size_t i;
	for (i = 0; m && i < m->nr; i++) {
		char *t = dl_secrets_redact_message_with(m->catalogues[i], r);
		free(r);
		r = t;
	}
	return r;
}

char *
dl_mask_message(const char *msg)
{
	return dl_mask_message_with(NULL, msg);
}

char *
dl_mask_quote(const char *s, size_t len, size_t max)
{
	size_t n = 0, i;
	char *cut, *r;
	struct dl_strbuf sb = DL_STRBUF_INIT;

	while (n < len && n < max && s[n]) {
		size_t u = dl_utf8_seq_len(s + n, len - n);
		if (!u)
			u = 1;
		if (n + u > max)
			break;
		n += u;
	}
	cut = dl_xstrndup(s, n);
	r = dl_mask_message(cut);
	free(cut);
	for (i = 0; r[i]; i++)
		;
	mask_tokens(r, 0, i, 0);
	dl_strbuf_puts(&sb, r);
	free(r);
	if (n < len)
		dl_strbuf_puts(&sb, "...");
	return dl_strbuf_detach(&sb, NULL);
}

/* ---- escaping -------------------------------------------------------------------- */

size_t
dl_mask_unit(const char *s, size_t len, int *escape)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = dl_utf8_seq_len(s, len);

	*escape = 0;
	if (n == 0 || (n == 1 && ((u[0] < 0x20 && u[0] != '\t') || u[0] == 0x7f))) {
		*escape = 1;
		return 1;
	}
	if (n == 2 && u[0] == 0xc2 && u[1] < 0xa0) {
		*escape = 1; /* C1 control */
		return 1;
	}
	if ((n == 2 && u[0] == 0xd8 && u[1] == 0x9c) || /* U+061C */
	    (n == 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	     (u[2] == 0x8e || u[2] == 0x8f || (u[2] >= 0xaa && u[2] <= 0xae))) ||
	    (n == 3 && u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9)) {
		*escape = 1; /* bidi control */
		return 1;
	}
	return n;
}

void
dl_mask_put_safe(struct dl_strbuf *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		int esc;
		size_t n = dl_mask_unit(s + i, len - i, &esc);
		if (!esc) {
			dl_strbuf_put(out, s + i, n);
		} else if (s[i] == '\n') {
			dl_strbuf_puts(out, "\\n");
		} else if (s[i] == '\r') {
			dl_strbuf_puts(out, "\\r");
		} else {
			dl_strbuf_addf(out, "\\x%02x", (unsigned char)s[i]);
		}
		i += n;
	}
}
