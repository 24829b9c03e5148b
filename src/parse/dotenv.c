/*
 * deploylint: a .env reader that follows python-dotenv's parse_stream()
 * (src/dotenv/parser.py) statement by statement, with byte positions, and
 * its ${NAME} expansion (src/dotenv/variables.py).
 */
#include "deploylint/dotenv.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"

/* ---- Python's notion of white space (str.isspace, re's \s) ------------ */

/*
 * Length in bytes of the white-space character (as Python's str.isspace()
 * sees the UTF-8 text decoded) at d[i], or 0.
 */
static size_t
ws_at(const unsigned char *d, size_t i, size_t len)
{
	size_t n = len - i;

	if (i >= len)
		return 0;
	if ((d[i] >= 0x09 && d[i] <= 0x0d) || (d[i] >= 0x1c && d[i] <= 0x20))
		return 1;
	if (n >= 2 && d[i] == 0xc2 && (d[i + 1] == 0x85 || d[i + 1] == 0xa0))
		return 2;
	if (n < 3)
		return 0;
	if (d[i] == 0xe1 && d[i + 1] == 0x9a && d[i + 2] == 0x80)
		return 3; /* U+1680 */
	if (d[i] == 0xe2 && d[i + 1] == 0x80 &&
	    ((d[i + 2] >= 0x80 && d[i + 2] <= 0x8a) || d[i + 2] == 0xa8 ||
	     d[i + 2] == 0xa9 || d[i + 2] == 0xaf))
		return 3; /* U+2000..200A, U+2028, U+2029, U+202F */
	if (d[i] == 0xe2 && d[i + 1] == 0x81 && d[i + 2] == 0x9f)
		return 3; /* U+205F */
	if (d[i] == 0xe3 && d[i + 1] == 0x80 && d[i + 2] == 0x80)
		return 3; /* U+3000 */
	return 0;
}

/* Horizontal white space: regex [^\S\r\n]. */
static size_t
hws_at(const unsigned char *d, size_t i, size_t len)
{
	if (i < len && (d[i] == '\r' || d[i] == '\n'))
		return 0;
	return ws_at(d, i, len);
}

static size_t
skip_ws(const unsigned char *d, size_t i, size_t len)
{
	size_t n;
	while ((n = ws_at(d, i, len)) != 0)
		i += n;
	return i;
}

static size_t
skip_hws(const unsigned char *d, size_t i, size_t len)
{
	size_t n;
	while ((n = hws_at(d, i, len)) != 0)
		i += n;
	return i;
}

/* Length of the UTF-8 sequence at d[i] as Python's strict decoder accepts
 * it, or 0 when the bytes there are not UTF-8. */
static size_t
utf8_len(const unsigned char *d, size_t i, size_t len)
{
	unsigned char c = d[i];
	size_t n, k;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0; /* overlong */
	else if (c == 0xed)
		hi = 0x9f; /* surrogates */
	else if (c == 0xf0)
		lo = 0x90; /* overlong */
	else if (c == 0xf4)
		hi = 0x8f; /* past U+10FFFF */
	if (len - i < n)
		return 0;
	if (d[i + 1] < lo || d[i + 1] > hi)
		return 0;
	for (k = 2; k < n; k++)
		if (d[i + k] < 0x80 || d[i + k] > 0xbf)
			return 0;
	return n;
}

/* ---- the reader ------------------------------------------------------- */

/*
 * The next position >= from holding a quote that ends a quoted value (see
 * find_close), cached because the reader asks with growing `from`: the
 * whole file is scanned at most once per quote character.
 */
struct quote_cache {
	size_t from;  /* the last search started here */
	size_t found; /* and found this (len when none) */
	int valid;
};

struct reader {
	const unsigned char *d;
	size_t len;
	size_t pos;
	unsigned pyline; /* python-dotenv's Position.line */
	size_t *lines;   /* offsets where physical lines start */
	size_t lines_nr;
	struct quote_cache hard[2];    /* ' and " not preceded by a backslash */
	size_t last_soft[2];           /* the quote of the file's last
					* backslash-quote pair, or len when none */
	struct quote_cache any_squote; /* any ' (single-quoted keys) */
};

/* Counts line breaks as python-dotenv's Position.advance does: every match
 * of (\r\n|\n|\r) in the consumed chunk. */
static void
advance(struct reader *r, size_t to)
{
	size_t i = r->pos;

	while (i < to) {
		if (r->d[i] == '\r') {
			r->pyline++;
			i += (i + 1 < to && r->d[i + 1] == '\n') ? 2 : 1;
		} else {
			if (r->d[i] == '\n')
				r->pyline++;
			i++;
		}
	}
	r->pos = to;
}

static struct dl_pos
pos_of(const struct reader *r, size_t off)
{
	size_t lo = 0, hi = r->lines_nr;
	struct dl_pos p;

	/* the last line start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	p.line = (unsigned)(lo + 1);
	p.col = (unsigned)(off - r->lines[lo] + 1);
	return p;
}

static int
is_hard_quote(const struct reader *r, size_t i, unsigned char q)
{
	return r->d[i] == q && (i == 0 || r->d[i - 1] != '\\');
}

static size_t
cached_find(struct reader *r, struct quote_cache *c, size_t from,
	    unsigned char q, int hard)
{
	size_t i;

	if (c->valid && from >= c->from && from <= c->found)
		return c->found;
	for (i = from; i < r->len; i++)
		if (hard ? is_hard_quote(r, i, q) : r->d[i] == q)
			break;
	c->valid = 1;
	c->from = from;
	c->found = i;
	return i;
}

/*
 * Where the quoted value opened at `open` closes, as Python's regex
 * '((?:\\'|[^'])*)' (or its '"' twin) matches: greedily, a backslash-quote
 * pair is content, so the value ends at the first quote not preceded by a
 * backslash; when there is none, the regex backtracks to the last
 * backslash-quote pair in the rest of the text and closes there. Returns
 * the closing quote's offset, or len when the regex fails.
 */
static size_t
find_close(struct reader *r, size_t open)
{
	unsigned char q = r->d[open];
	int t = q == '"';
	size_t h = cached_find(r, &r->hard[t], open + 1, q, 1);

	if (h < r->len)
		return h;
	/* the backslash must lie inside the value: at open + 1 or later */
	if (r->last_soft[t] < r->len && r->last_soft[t] >= open + 2)
		return r->last_soft[t];
	return r->len;
}

/* Decodes a quoted value's content as python-dotenv's decode_escapes does
 * (the matched escapes through codecs "unicode-escape"). */
static char *
decode(struct dl_arena *arena, const unsigned char *s, size_t n, int dbl,
       size_t *out_len)
{
	char *out = dl_arena_alloc(arena, dl_st_add(n, 1));
	size_t i = 0, o = 0;

	while (i < n) {
		if (s[i] == '\\' && i + 1 < n) {
			unsigned char e = s[i + 1];
			int c = -1;
			/* clang-format off */
			switch (e) {
			case '\\': case '\'': c = e; break;
			case '"': if (dbl) c = e; break;
			case 'a': if (dbl) c = '\a'; break;
			case 'b': if (dbl) c = '\b'; break;
			case 'f': if (dbl) c = '\f'; break;
			case 'n': if (dbl) c = '\n'; break;
			case 'r': if (dbl) c = '\r'; break;
			case 't': if (dbl) c = '\t'; break;
			case 'v': if (dbl) c = '\v'; break;
			default: break;
			}
			/* clang-format on */
			if (c >= 0) {
				out[o++] = (char)c;
				i += 2;
				continue;
			}
		}
		out[o++] = (char)s[i++];
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

static const char *const messages[] = {
	NULL,
	"the statement starts with '=' and has no key",
	"`export` is followed by no key on its line",
	"the single-quoted key is empty or never closed",
	"the quoted value is never closed",
	"the quoted value closes on a later line and text follows the closing quote",
	"text follows the closing quote",
	"text follows the key where '=' or the end of the line was expected",
};

struct growing {
	struct dl_env_binding *b;
	size_t nr, alloc;
	struct dl_env_error *e;
	size_t e_nr, e_alloc;
};

struct stmt {
	size_t start; /* first byte that is not white space */
	unsigned pyline;
	const unsigned char *key;
	size_t key_len;
	size_t quote_open; /* quoted value's opening quote, or len */
	size_t quote_close;
};

static void
add_error(struct reader *r, struct dl_arena *arena, struct growing *g,
	  const struct stmt *st, size_t at, enum dl_env_error_kind kind)
{
	struct dl_env_error *e;
	size_t end;

	DL_ALLOC_GROW(g->e, g->e_nr + 1, g->e_alloc);
	e = &g->e[g->e_nr++];
	memset(e, 0, sizeof(*e));
	e->pos = pos_of(r, st->start);
	e->at = pos_of(r, at);
	e->kind = kind;
	e->message = messages[kind];
	e->unterminated = kind == DL_ENV_ERR_UNTERMINATED ||
			  kind == DL_ENV_ERR_SWALLOWED;
	if (st->quote_open < r->len)
		e->quote_pos = pos_of(r, st->quote_open);
	if (st->key) {
		e->key = dl_arena_strndup(arena, (const char *)st->key,
					  st->key_len);
		e->key_len = st->key_len;
	}
	e->dotenv_line = st->pyline;
	/* _rest_of_line: [^\r\n]*(?:\r|\n|\r\n)? -- a lone \r wins */
	end = r->pos;
	while (end < r->len && r->d[end] != '\r' && r->d[end] != '\n')
		end++;
	if (end < r->len)
		end++;
	advance(r, end);
}

/* Reads an unquoted value from r->pos: [^\r\n]*, then re.sub(r"\s+#.*",
 * "") and rstrip(). */
static void
unquoted_value(struct reader *r, struct dl_arena *arena,
	       struct dl_env_binding *b)
{
	const unsigned char *d = r->d;
	size_t start = r->pos, end = start, cut, keep_end, i, n;

	while (end < r->len && d[end] != '\r' && d[end] != '\n')
		end++;
	/* the first run of white space followed by '#' */
	cut = end;
	for (i = start; i < end;) {
		n = ws_at(d, i, end);
		if (n) {
			size_t run = i;
			while ((n = ws_at(d, i, end)) != 0)
				i += n;
			if (i < end && d[i] == '#') {
				cut = run;
				b->comment = dl_arena_strndup(
					arena, (const char *)d + i, end - i);
				b->comment_len = end - i;
				b->comment_pos = pos_of(r, i);
				break;
			}
			continue;
		}
		i++;
	}
	/* rstrip: one past the last byte that is not white space */
	keep_end = start;
	for (i = start; i < cut;) {
		n = ws_at(d, i, cut);
		if (n) {
			i += n;
		} else {
			i++;
			keep_end = i;
		}
	}
	b->value = dl_arena_strndup(arena, (const char *)d + start,
				    keep_end - start);
	b->value_len = keep_end - start;
	b->value_end_off = keep_end;
	advance(r, end);
}

/* One parse_binding() call. Returns 0 when the statement bound nothing
 * (blank, comment) or failed, 1 when *b holds a binding. */
static int
parse_statement(struct reader *r, struct dl_arena *arena, struct growing *g,
		struct dl_env_binding *b)
{
	const unsigned char *d = r->d;
	size_t len = r->len, i, h;
	struct stmt st;
	int have_key = 0;

	memset(b, 0, sizeof(*b));
	memset(&st, 0, sizeof(st));
	st.pyline = r->pyline;
	st.quote_open = len;
	/* _multiline_whitespace */
	advance(r, skip_ws(d, r->pos, len));
	if (r->pos >= len)
		return 0;
	st.start = r->pos;
	/* _export: (?:export[^\S\r\n]+)? */
	if (len - r->pos >= 6 && !memcmp(d + r->pos, "export", 6)) {
		h = skip_hws(d, r->pos + 6, len);
		if (h > r->pos + 6) {
			b->exported = 1;
			advance(r, h);
		}
	}
	/* parse_key */
	i = r->pos;
	if (i < len && d[i] == '#') {
		/* no key: a comment line */
	} else if (i < len && d[i] == '\'') {
		size_t c = cached_find(r, &r->any_squote, i + 1, '\'', 0);
		if (c >= len || c == i + 1) {
			add_error(r, arena, g, &st, i, DL_ENV_ERR_QUOTED_KEY);
			return 0;
		}
		b->key_pos = pos_of(r, i);
		b->key_off = i;
		st.key = d + i + 1;
		st.key_len = c - i - 1;
		advance(r, c + 1);
		b->key_end = pos_of(r, c + 1);
		have_key = 1;
	} else {
		size_t k = i;
		while (k < len && d[k] != '=' && d[k] != '#' && !ws_at(d, k, len))
			k++;
		if (k == i) {
			add_error(r, arena, g, &st, i,
				  i < len && d[i] == '=' ? DL_ENV_ERR_NO_KEY_EQ
							 : DL_ENV_ERR_NO_KEY);
			return 0;
		}
		b->key_pos = pos_of(r, i);
		b->key_off = i;
		st.key = d + i;
		st.key_len = k - i;
		advance(r, k);
		b->key_end = pos_of(r, k);
		have_key = 1;
	}
	/* _whitespace, then '=' */
	h = skip_hws(d, r->pos, len);
	b->space_before_eq = h > r->pos;
	advance(r, h);
	if (have_key && r->pos < len && d[r->pos] == '=') {
		size_t v;
		b->eq_pos = pos_of(r, r->pos);
		v = skip_hws(d, r->pos + 1, len);
		b->space_after_eq = v > r->pos + 1;
		advance(r, v);
		b->value_pos = pos_of(r, v);
		b->value_off = v;
		if (v < len && (d[v] == '\'' || d[v] == '"')) {
			size_t c = find_close(r, v);
			st.quote_open = v;
			if (c >= len) {
				add_error(r, arena, g, &st, v,
					  DL_ENV_ERR_UNTERMINATED);
				return 0;
			}
			st.quote_close = c;
			b->quote = d[v] == '"' ? DL_ENV_DOUBLE : DL_ENV_SINGLE;
			b->value = decode(arena, d + v + 1, c - v - 1,
					  d[v] == '"', &b->value_len);
			b->value_end_off = c + 1;
			advance(r, c + 1);
		} else if (v >= len || d[v] == '\r' || d[v] == '\n') {
			b->value = dl_arena_strndup(arena, "", 0);
			b->value_len = 0;
			b->value_end_off = v;
		} else {
			unquoted_value(r, arena, b);
		}
		b->value_end = pos_of(r, b->value_end_off);
	} else {
		b->space_before_eq = 0;
	}
	/* _comment: (?:[^\S\r\n]*#[^\r\n]*)? */
	h = skip_hws(d, r->pos, len);
	if (h < len && d[h] == '#') {
		size_t e = h;
		while (e < len && d[e] != '\r' && d[e] != '\n')
			e++;
		b->comment = dl_arena_strndup(arena, (const char *)d + h, e - h);
		b->comment_len = e - h;
		b->comment_pos = pos_of(r, h);
		advance(r, e);
	}
	/* _end_of_line: [^\S\r\n]*(?:\r\n|\n|\r|$) */
	h = skip_hws(d, r->pos, len);
	if (h < len && d[h] != '\r' && d[h] != '\n') {
		enum dl_env_error_kind kind = DL_ENV_ERR_NO_EQ;
		if (st.quote_open < len)
			kind = pos_of(r, st.quote_close).line >
					       pos_of(r, st.quote_open).line
				       ? DL_ENV_ERR_SWALLOWED
				       : DL_ENV_ERR_AFTER_QUOTE;
		add_error(r, arena, g, &st, h, kind);
		return 0;
	}
	b->stmt_end = pos_of(r, h);
	if (h < len)
		h += (d[h] == '\r' && h + 1 < len && d[h + 1] == '\n') ? 2 : 1;
	advance(r, h);
	if (!have_key)
		return 0;
	b->key = dl_arena_strndup(arena, (const char *)st.key, st.key_len);
	b->key_len = st.key_len;
	b->first_line = pos_of(r, st.start).line;
	b->last_line = b->stmt_end.line;
	b->dotenv_line = st.pyline;
	return 1;
}

void
dl_dotenv_parse(struct dl_dotenv *out, struct dl_arena *arena,
		const char *data, size_t len)
{
	struct reader r;
	struct growing g;
	size_t i, lines_alloc = 0;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	memset(&g, 0, sizeof(g));
	r.d = (const unsigned char *)data;
	r.len = len;

	/* physical lines ('\n' only), line endings, UTF-8 validity */
	DL_ALLOC_GROW(r.lines, 1, lines_alloc);
	r.lines[r.lines_nr++] = 0;
	r.last_soft[0] = r.last_soft[1] = len;
	for (i = 0; i < len;) {
		size_t n;
		unsigned char c = r.d[i];
		if (c == '\n') {
			DL_ALLOC_GROW(r.lines, r.lines_nr + 1, lines_alloc);
			r.lines[r.lines_nr++] = i + 1;
		}
		if ((c == '\'' || c == '"') && i > 0 && r.d[i - 1] == '\\')
			r.last_soft[c == '"'] = i;
		n = utf8_len(r.d, i, len);
		if (!n) {
			if (!out->invalid_utf8) {
				out->invalid_utf8 = 1;
				out->first_invalid = pos_of(&r, i);
			}
			n = 1;
		}
		i += n;
	}
	for (i = 0; i < len; i++) {
		if (r.d[i] != '\r')
			continue;
		if (!out->crlf_lines && !out->cr_lines)
			out->first_crlf = pos_of(&r, i);
		if (i + 1 < len && r.d[i + 1] == '\n')
			out->crlf_lines++;
		else
			out->cr_lines++;
	}

	r.pyline = 1;
	if (len >= 3 && r.d[0] == 0xef && r.d[1] == 0xbb && r.d[2] == 0xbf) {
		out->has_bom = 1;
		r.pos = 3;
	}
	while (r.pos < len) {
		struct dl_env_binding b;
		size_t before = r.pos;
		if (parse_statement(&r, arena, &g, &b)) {
			DL_ALLOC_GROW(g.b, g.nr + 1, g.alloc);
			g.b[g.nr++] = b;
		}
		if (r.pos <= before)
			break; /* cannot happen: every statement consumes */
	}

	if (g.nr) {
		out->bindings = dl_arena_alloc(arena, dl_st_mult(g.nr, sizeof(*g.b)));
		memcpy(out->bindings, g.b, g.nr * sizeof(*g.b));
		out->nr = g.nr;
	}
	if (g.e_nr) {
		out->errors = dl_arena_alloc(arena, dl_st_mult(g.e_nr, sizeof(*g.e)));
		memcpy(out->errors, g.e, g.e_nr * sizeof(*g.e));
		out->errors_nr = g.e_nr;
	}
	free(g.b);
	free(g.e);
	free(r.lines);
}

void *
dl_dotenv_parse_doc(struct dl_arena *arena, const char *data, size_t len)
{
	struct dl_dotenv *env = dl_arena_alloc(arena, sizeof(*env));
	dl_dotenv_parse(env, arena, data, len);
	return env;
}

/* ---- ${NAME} expansion (variables.py) ---------------------------------- */

struct expand {
	const struct dl_dotenv *env;
	size_t work;
};

static void
expand_rec(struct expand *x, struct dl_strbuf *out, size_t upto,
	   const char *v, size_t len, unsigned depth)
{
	size_t i = 0;

	while (i < len) {
		size_t j, name_end, def = 0, def_len = 0, end;
		int has_def = 0;

		if (x->work > DL_MAX_DOTENV_EXPAND_WORK)
			return;
		if (v[i] != '$' || i + 1 >= len || v[i + 1] != '{') {
			size_t k = i + 1;
			while (k < len && v[k] != '$')
				k++;
			dl_strbuf_put(out, v + i, k - i);
			x->work += k - i;
			i = k;
			continue;
		}
		/* \$\{ (?P<name>[^\}:]*) (?::- (?P<default>[^\}]*))? \} */
		j = i + 2;
		while (j < len && v[j] != '}' && v[j] != ':')
			j++;
		name_end = j;
		if (j < len && v[j] == ':') {
			if (j + 1 < len && v[j + 1] == '-') {
				size_t k = j + 2;
				while (k < len && v[k] != '}')
					k++;
				if (k < len) {
					has_def = 1;
					def = j + 2;
					def_len = k - def;
					j = k;
				}
			}
		}
		if (j >= len || v[j] != '}') {
			dl_strbuf_putc(out, '$');
			x->work++;
			i++;
			continue;
		}
		end = j + 1;
		{
			const char *name = v + i + 2;
			size_t name_len = name_end - (i + 2), k = upto, found = upto;
			while (k > 0) {
				const struct dl_env_binding *b = &x->env->bindings[k - 1];
				k--;
				x->work++;
				if (b->key_len == name_len &&
				    !memcmp(b->key, name, name_len)) {
					found = k;
					break;
				}
			}
			if (found < upto) {
				const struct dl_env_binding *b = &x->env->bindings[found];
				if (b->value && depth < DL_MAX_DOTENV_EXPAND_DEPTH)
					expand_rec(x, out, found, b->value,
						   b->value_len, depth + 1);
			} else if (has_def) {
				dl_strbuf_put(out, v + def, def_len);
				x->work += def_len;
			}
		}
		i = end;
	}
}

void
dl_dotenv_expand(struct dl_strbuf *out, const struct dl_dotenv *env,
		 size_t upto, const char *value, size_t len)
{
	struct expand x;

	x.env = env;
	x.work = 0;
	if (upto > env->nr)
		upto = env->nr;
	expand_rec(&x, out, upto, value, len, 0);
}

/* ---- example files ------------------------------------------------------ */

static int
part_is(const char *s, size_t n, const char *word)
{
	size_t i;
	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

static int
ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && part_is(s + n - m, m, suffix);
}

int
dl_dotenv_is_example(const char *path)
{
	static const char *const words[] = {
		"example", "sample", "template", "dist", "tmpl"
	};
	const char *base = dl_path_basename(path);
	const char *p;

	if (ends_with_ci(base, ".example") || ends_with_ci(base, ".sample"))
		return 1;
	if (strncmp(base, ".env.", 5) != 0)
		return 0;
	p = base + 5;
	while (*p) {
		size_t n = strcspn(p, ".");
		size_t k;
		for (k = 0; k < DL_ARRAY_SIZE(words); k++)
			if (part_is(p, n, words[k]))
				return 1;
		p += n;
		if (*p == '.')
			p++;
	}
	return 0;
}

int
dl_dotenv_is_backup(const char *path)
{
	static const char *const words[] = {
		"backup", "bak", "bkp", "old", "orig", "save", "saved", "swp", "copy"
	};
	const char *base = dl_path_basename(path);
	const char *p;
	size_t n = strlen(base);

	if (strncmp(base, ".env.", 5) != 0 || dl_dotenv_is_example(path))
		return 0;
	if (n && base[n - 1] == '~')
		return 1;
	p = base + 5;
	while (*p) {
		size_t m = strcspn(p, "."), w = m, k;
		while (w > 0 && p[w - 1] >= '0' && p[w - 1] <= '9')
			w--;
		for (k = 0; k < DL_ARRAY_SIZE(words); k++)
			if (part_is(p, w, words[k]))
				return 1;
		p += m;
		if (*p == '.')
			p++;
	}
	return 0;
}
