/*
 * deploylint: Dockerfiles read as BuildKit's Dockerfile frontend reads
 * them (see include/deploylint/dockerfile.h for the sources and rules).
 */
#include "deploylint/dockerfile.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "deploylint/limits.h"

/* ---- characters --------------------------------------------------------- */

/* Length of the Unicode white-space character (Go's unicode.IsSpace) that
 * starts at p (n bytes left), or 0. */
static size_t
uspace_len(const unsigned char *p, size_t n)
{
	if (!n)
		return 0;
	if (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r'))
		return 1;
	if (n >= 2 && p[0] == 0xC2 && (p[1] == 0x85 || p[1] == 0xA0))
		return 2;
	if (n >= 3 && p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80)
		return 3; /* U+1680 */
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
		return 3; /* U+2000-200A, U+2028, U+2029, U+202F */
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
		return 3; /* U+205F */
	if (n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3; /* U+3000 */
	return 0;
}

/* Length of the Unicode white-space character that ends at p + n. */
static size_t
uspace_len_back(const unsigned char *p, size_t n)
{
	size_t k;
	for (k = 1; k <= 3 && k <= n; k++)
		if (uspace_len(p + n - k, k) == k)
			return k;
	return 0;
}

/* Go's unicode.IsSpace(rune(b)) of one byte (split_command.go,
 * parseHealthConfig): ASCII white space, and 0x85 and 0xA0 read as
 * Latin-1. */
static int
byte_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0;
}

/* reWhitespace: [\t\v\f\r ] */
static int
re_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* RE2's \s: [\t\n\f\r ] */
static int
re2_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* ---- the logical line and its map to the file --------------------------- */

struct seg {
	size_t loff; /* offset in the logical line */
	size_t off;  /* offset in the file */
	unsigned line, col;
};

struct lline {
	struct dl_strbuf text;
	struct seg *segs;
	size_t nr, alloc;
};

struct reader {
	struct dl_dockerfile *out;
	struct dl_arena *arena;
	const char *data;
	size_t len;
	size_t pos;    /* next physical line */
	unsigned line; /* lines read */
	size_t bom;    /* bytes of the BOM */
	struct lline l;
	size_t instrs_alloc, stages_alloc;
};

static void
seg_add(struct reader *r, size_t off, size_t n, unsigned line, unsigned col)
{
	struct lline *l = &r->l;
	if (!n)
		return;
	DL_ALLOC_GROW(l->segs, l->nr + 1, l->alloc);
	l->segs[l->nr].loff = l->text.len;
	l->segs[l->nr].off = off;
	l->segs[l->nr].line = line;
	l->segs[l->nr].col = col;
	l->nr++;
	dl_strbuf_put(&l->text, r->data + off, n);
}

/* Maps offset `lo` of the logical line to the file. */
static void
map(const struct reader *r, size_t lo, struct dl_pos *pos, size_t *off)
{
	const struct lline *l = &r->l;
	size_t a = 0, b = l->nr;

	if (!l->nr) {
		pos->line = r->line ? r->line : 1;
		pos->col = 1;
		*off = r->pos;
		return;
	}
	while (b - a > 1) { /* the last segment starting at or before lo */
		size_t m = a + (b - a) / 2;
		if (l->segs[m].loff <= lo)
			a = m;
		else
			b = m;
	}
	pos->line = l->segs[a].line;
	pos->col = l->segs[a].col + (unsigned)(lo - l->segs[a].loff);
	*off = l->segs[a].off + (lo - l->segs[a].loff);
}

static void
set_error(struct reader *r, struct dl_pos pos, const char *fmt, ...)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	va_list ap;

	if (r->out->error.set)
		return;
	va_start(ap, fmt);
	dl_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->out->error.set = 1;
	r->out->error.pos = pos;
	r->out->error.message = dl_arena_strndup(r->arena, sb.buf, sb.len);
	dl_strbuf_release(&sb);
}

static void
set_error_at(struct reader *r, size_t lo, const char *fmt, const char *arg)
{
	struct dl_pos pos;
	size_t off;
	map(r, lo, &pos, &off);
	set_error(r, pos, fmt, arg);
}

/* A physical line: [start, end) without its trailing '\r'/'\n' bytes (and
 * without the BOM on line 1); line_off is where the line starts in the
 * file (columns count from there). */
struct pline {
	size_t start, end, line_off;
	unsigned line;
};

/* Reads the next physical line (split at '\n', trimNewline applied). */
static int
read_line(struct reader *r, struct pline *pl)
{
	size_t i = r->pos;

	if (i >= r->len)
		return 0;
	pl->line_off = i;
	while (i < r->len && r->data[i] != '\n')
		i++;
	pl->end = i;
	r->pos = i < r->len ? i + 1 : i;
	r->line++;
	pl->line = r->line;
	pl->start = pl->line_off + (r->line == 1 ? r->bom : 0);
	if (pl->start > pl->end)
		pl->start = pl->end;
	while (pl->end > pl->start &&
	       (r->data[pl->end - 1] == '\r' || r->data[pl->end - 1] == '\n'))
		pl->end--;
	return 1;
}

static size_t
skip_uspace(const char *d, size_t i, size_t end)
{
	size_t k;
	while (i < end && (k = uspace_len((const unsigned char *)d + i, end - i)))
		i += k;
	return i;
}

static int
is_comment(const struct reader *r, const struct pline *pl)
{
	size_t i = skip_uspace(r->data, pl->start, pl->end);
	return i < pl->end && r->data[i] == '#';
}

/* trimContinuationCharacter: whether [start, *end) ends with the escape
 * character not preceded by another one (or alone on the line), and if
 * so, *end drops it and the blanks after it. */
static int
trim_continuation(const struct reader *r, size_t start, size_t *end)
{
	const char *d = r->data;
	size_t e = *end;
	char esc = r->out->escape;

	while (e > start && (d[e - 1] == ' ' || d[e - 1] == '\t'))
		e--;
	if (e == start || d[e - 1] != esc)
		return 0;
	if (e - 1 > start && d[e - 2] == esc)
		return 0;
	*end = e - 1;
	return 1;
}

/* ---- parser directives (directives.go) ---------------------------------- */

struct directives {
	int done;
	int seen_syntax, seen_escape, seen_check;
};

static void
directive(struct reader *r, struct directives *dv, const struct pline *pl, size_t s)
{
	const char *d = r->data;
	size_t i = s, ks, ke, vs, ve;
	int *seen;
	const char *name;

	if (dv->done)
		return;
	if (i >= pl->end || d[i] != '#') {
		dv->done = 1;
		return;
	}
	i = skip_uspace(d, i + 1, pl->end);
	ks = i;
	if (i >= pl->end || !dl_isalpha((unsigned char)d[i])) {
		dv->done = 1;
		return;
	}
	while (i < pl->end && dl_isalnum((unsigned char)d[i]))
		i++;
	ke = i;
	while (i < pl->end && re2_space((unsigned char)d[i]))
		i++;
	if (i >= pl->end || d[i] != '=') {
		dv->done = 1;
		return;
	}
	i++;
	vs = i;
	while (vs < pl->end && re2_space((unsigned char)d[vs]))
		vs++;
	ve = pl->end;
	while (ve > vs && re2_space((unsigned char)d[ve - 1]))
		ve--;
	if (vs == ve) {
		/* (.+?) takes one white-space byte back when nothing else is left */
		if (i == pl->end) {
			dv->done = 1;
			return;
		}
		vs = pl->end - 1;
		ve = pl->end;
	}
	if (dl_eq_ci(d + ks, ke - ks, "syntax")) {
		seen = &dv->seen_syntax;
		name = "syntax";
	} else if (dl_eq_ci(d + ks, ke - ks, "escape")) {
		seen = &dv->seen_escape;
		name = "escape";
	} else if (dl_eq_ci(d + ks, ke - ks, "check")) {
		seen = &dv->seen_check;
		name = "check";
	} else {
		dv->done = 1;
		return;
	}
	{
		struct dl_pos pos = { pl->line, (unsigned)(ks - pl->line_off) + 1 };
		if (*seen) {
			set_error(r, pos, "only one %s parser directive can be used", name);
			return;
		}
		*seen = 1;
		if (seen == &dv->seen_syntax) {
			r->out->syntax = dl_arena_strndup(r->arena, d + vs, ve - vs);
			r->out->syntax_pos = pos;
		} else if (seen == &dv->seen_escape) {
			r->out->escape_pos = pos;
			if (ve - vs == 1 && (d[vs] == '`' || d[vs] == '\\')) {
				r->out->escape = d[vs];
			} else {
				char *v = dl_arena_strndup(r->arena, d + vs, ve - vs);
				set_error(r, pos, "invalid escape token '%s' does not match ` or \\", v);
			}
		}
	}
}

/* ---- words (line_parsers.go) -------------------------------------------- */

static struct dl_df_word
word_at(struct reader *r, size_t lo, const char *text, size_t n)
{
	struct dl_df_word w;
	w.text = dl_arena_strndup(r->arena, text, n);
	w.len = n;
	map(r, lo, &w.pos, &w.off);
	return w;
}

struct wordv {
	struct dl_df_word *v;
	size_t nr, alloc;
};

static void
wordv_add(struct wordv *wv, struct dl_df_word w)
{
	DL_ALLOC_GROW(wv->v, wv->nr + 1, wv->alloc);
	wv->v[wv->nr++] = w;
}

/* Moves a word vector into the arena. */
static struct dl_df_word *
wordv_finish(struct reader *r, struct wordv *wv, size_t *nr)
{
	struct dl_df_word *v = NULL;
	*nr = wv->nr;
	if (wv->nr) {
		v = dl_arena_alloc(r->arena, dl_st_mult(wv->nr, sizeof(*v)));
		memcpy(v, wv->v, wv->nr * sizeof(*v));
	}
	free(wv->v);
	memset(wv, 0, sizeof(*wv));
	return v;
}

/* parseWords: words of [a, b) of the logical line, quotes and escapes
 * kept, split at unquoted Unicode white space. */
static void
parse_words(struct reader *r, size_t a, size_t b, struct wordv *wv)
{
	const char *t = r->l.text.buf;
	char esc = r->out->escape;
	size_t i = a, ws = 0;
	int in_word = 0, blank_ok = 0;
	char quote = 0;
	struct dl_strbuf w = DL_STRBUF_INIT;

	while (i <= b) {
		size_t k = i < b ? uspace_len((const unsigned char *)t + i, b - i) : 0;
		if (!in_word) {
			if (i == b)
				break;
			if (k) {
				i += k;
				continue;
			}
			in_word = 1;
			ws = i;
			dl_strbuf_reset(&w);
			blank_ok = 0;
			quote = 0;
		}
		if (i == b) {
			if (blank_ok || w.len)
				wordv_add(wv, word_at(r, ws, w.buf, w.len));
			break;
		}
		if (!quote) {
			if (k) {
				if (blank_ok || w.len)
					wordv_add(wv, word_at(r, ws, w.buf, w.len));
				in_word = 0;
				i += k;
				continue;
			}
			if (t[i] == '\'' || t[i] == '"') {
				quote = t[i];
				blank_ok = 1;
			} else if (t[i] == esc) {
				if (i + 1 == b) {
					i++;
					continue;
				}
				dl_strbuf_putc(&w, t[i]);
				i++;
			}
			dl_strbuf_putc(&w, t[i]);
			i++;
			continue;
		}
		/* in a quote */
		if (t[i] == quote) {
			dl_strbuf_putc(&w, t[i]);
			quote = 0;
			i++;
			continue;
		}
		if (t[i] == esc && quote != '\'') {
			if (i + 1 == b) {
				quote = 0;
				i++;
				continue;
			}
			dl_strbuf_putc(&w, t[i]);
			i++;
		}
		dl_strbuf_putc(&w, t[i]);
		i++;
	}
	dl_strbuf_release(&w);
}

/* parseStringsWhitespaceDelimited: [a, b) split at runs of [\t\v\f\r ]. */
static void
split_ws(struct reader *r, size_t a, size_t b, struct wordv *wv)
{
	const char *t = r->l.text.buf;
	size_t i = a;

	if (a == b)
		return;
	for (;;) {
		size_t s = i;
		while (i < b && !re_ws((unsigned char)t[i]))
			i++;
		wordv_add(wv, word_at(r, s, t + s, i - s));
		if (i >= b)
			break;
		while (i < b && re_ws((unsigned char)t[i]))
			i++;
		if (i >= b) {
			wordv_add(wv, word_at(r, b, "", 0));
			break;
		}
	}
}

/* parseJSON: 1 for a JSON array of strings (args filled), 0 for text
 * that is not a JSON array (shell form), -1 for an array holding
 * something else than strings (an error). */
static int
parse_json(struct reader *r, size_t a, size_t b, struct wordv *wv)
{
	const char *t = r->l.text.buf;
	json_t *doc;
	json_error_t je;
	size_t i, k, n;

	a = skip_uspace(t, a, b);
	if (a >= b || t[a] != '[')
		return 0;
	doc = json_loadb(t + a, b - a, JSON_ALLOW_NUL, &je);
	if (!doc)
		return 0;
	if (!json_is_array(doc)) {
		json_decref(doc);
		return 0;
	}
	n = json_array_size(doc);
	for (k = 0; k < n; k++)
		if (!json_is_string(json_array_get(doc, k))) {
			json_decref(doc);
			return -1;
		}
	/* the positions: the opening quote of each string, in order */
	i = a + 1;
	for (k = 0; k < n && i < b; k++) {
		json_t *s = json_array_get(doc, k);
		while (i < b && t[i] != '"')
			i++;
		wordv_add(wv, word_at(r, i, json_string_value(s), json_string_length(s)));
		for (i++; i < b && t[i] != '"'; i++)
			if (t[i] == '\\')
				i++;
		i++;
	}
	json_decref(doc);
	return 1;
}

/* ---- instructions -------------------------------------------------------- */

static const struct {
	const char *name;
	enum dl_df_kind kind;
} kinds[] = {
	{ "add", DL_DF_ADD },
	{ "arg", DL_DF_ARG },
	{ "cmd", DL_DF_CMD },
	{ "copy", DL_DF_COPY },
	{ "entrypoint", DL_DF_ENTRYPOINT },
	{ "env", DL_DF_ENV },
	{ "expose", DL_DF_EXPOSE },
	{ "from", DL_DF_FROM },
	{ "healthcheck", DL_DF_HEALTHCHECK },
	{ "label", DL_DF_LABEL },
	{ "maintainer", DL_DF_MAINTAINER },
	{ "onbuild", DL_DF_ONBUILD },
	{ "run", DL_DF_RUN },
	{ "shell", DL_DF_SHELL },
	{ "stopsignal", DL_DF_STOPSIGNAL },
	{ "user", DL_DF_USER },
	{ "volume", DL_DF_VOLUME },
	{ "workdir", DL_DF_WORKDIR },
};

static enum dl_df_kind
kind_of(const char *w, size_t n)
{
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(kinds); i++)
		if (dl_eq_ci(w, n, kinds[i].name))
			return kinds[i].kind;
	return DL_DF_UNKNOWN;
}

const char *
dl_df_kind_name(enum dl_df_kind kind)
{
	static const char *const names[] = {
		"", "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
		"FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN",
		"SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"
	};
	return (unsigned)kind < DL_ARRAY_SIZE(names) ? names[kind] : "";
}

/* extractBuilderFlags: the leading `--` words of [a, b); returns where the
 * arguments start. */
static size_t
builder_flags(struct reader *r, size_t a, size_t b, struct dl_df_instr *in)
{
	const char *t = r->l.text.buf;
	char esc = r->out->escape;
	size_t i = a, ws = 0;
	struct dl_df_flag *v = NULL;
	size_t nr = 0, alloc = 0;
	struct dl_strbuf w = DL_STRBUF_INIT;
	int done = 0;

	while (!done) {
		int blank_ok = 0;
		char quote = 0;
		while (i < b && byte_space((unsigned char)t[i]))
			i++;
		if (i >= b || t[i] != '-' || i + 1 >= b || t[i + 1] != '-')
			break;
		ws = i;
		dl_strbuf_reset(&w);
		for (; i <= b; i++) {
			if (i == b) {
				done = 1;
				break;
			}
			if (!quote && byte_space((unsigned char)t[i]))
				break;
			if (!quote && (t[i] == '\'' || t[i] == '"')) {
				quote = t[i];
				blank_ok = 1;
				continue;
			}
			if (quote && t[i] == quote) {
				quote = 0;
				continue;
			}
			if (t[i] == esc) {
				if (i + 1 == b) {
					quote = 0;
					continue;
				}
				i++;
			}
			dl_strbuf_putc(&w, t[i]);
		}
		if (w.len == 2 && !memcmp(w.buf, "--", 2)) {
			if (done)
				i = b;
			break;
		}
		if (blank_ok || w.len) {
			struct dl_df_flag f;
			const char *eq = memchr(w.buf, '=', w.len);
			size_t nlen = eq ? (size_t)(eq - w.buf) : w.len;
			size_t skip = w.len >= 2 && w.buf[0] == '-' && w.buf[1] == '-' ? 2 : 0;
			f.name = dl_arena_strndup(r->arena, w.buf + skip, nlen > skip ? nlen - skip : 0);
			f.value = eq ? dl_arena_strndup(r->arena, eq + 1, w.len - nlen - 1) : NULL;
			map(r, ws, &f.pos, &f.off);
			DL_ALLOC_GROW(v, nr + 1, alloc);
			v[nr++] = f;
		}
		if (done)
			i = b;
	}
	dl_strbuf_release(&w);
	if (nr) {
		in->flags = dl_arena_alloc(r->arena, dl_st_mult(nr, sizeof(*v)));
		memcpy(in->flags, v, nr * sizeof(*v));
		in->flags_nr = nr;
	}
	free(v);
	return i > b ? b : i;
}

/* TrimSpace of [*a, *b) of the logical line. */
static void
trim(const struct reader *r, size_t *a, size_t *b)
{
	const unsigned char *t = (const unsigned char *)r->l.text.buf;
	size_t k;
	while (*a < *b && (k = uspace_len(t + *a, *b - *a)))
		*a += k;
	while (*b > *a && (k = uspace_len_back(t + *a, *b - *a)))
		*b -= k;
}

/* ENV/LABEL (parseNameVal) and ARG (parseNameOrNameVal). */
static void
name_values(struct reader *r, struct dl_df_instr *in, size_t a, size_t b)
{
	struct wordv wv = { NULL, 0, 0 };
	struct dl_df_kv *kv = NULL;
	size_t i, nr = 0;
	int is_arg = in->kind == DL_DF_ARG;

	parse_words(r, a, b, &wv);
	if (!wv.nr)
		goto out;
	kv = dl_arena_alloc(r->arena, dl_st_mult(wv.nr, sizeof(*kv)));
	if (!is_arg && !memchr(wv.v[0].text, '=', wv.v[0].len)) {
		/* the legacy form: KEY name value */
		const char *t = r->l.text.buf;
		size_t e = a, vs;
		in->legacy_env = 1;
		while (e < b && !re_ws((unsigned char)t[e]))
			e++;
		vs = e;
		while (vs < b && re_ws((unsigned char)t[vs]))
			vs++;
		if (vs == e) {
			set_error_at(r, a, "%s must have two arguments", dl_df_kind_name(in->kind));
			goto out;
		}
		kv[0].key = word_at(r, a, t + a, e - a);
		kv[0].value = word_at(r, vs, t + vs, b - vs);
		nr = 1;
		goto out;
	}
	for (i = 0; i < wv.nr; i++) {
		const struct dl_df_word *w = &wv.v[i];
		const char *eq = memchr(w->text, '=', w->len);
		size_t kl;
		if (!eq && !is_arg) {
			set_error(r, w->pos,
				  "Syntax error - can't find = in \"%s\". Must be of the form: name=value",
				  w->text);
			break;
		}
		kl = eq ? (size_t)(eq - w->text) : w->len;
		kv[nr].key.text = dl_arena_strndup(r->arena, w->text, kl);
		kv[nr].key.len = kl;
		kv[nr].key.pos = w->pos;
		kv[nr].key.off = w->off;
		if (eq) {
			kv[nr].value.text = eq + 1;
			kv[nr].value.len = w->len - kl - 1;
			kv[nr].value.pos = w->pos;
			kv[nr].value.pos.col += (unsigned)kl + 1;
			kv[nr].value.off = w->off + kl + 1;
		} else {
			memset(&kv[nr].value, 0, sizeof(kv[nr].value));
		}
		nr++;
	}
out:
	in->kvs = nr ? kv : NULL;
	in->kvs_nr = nr;
	free(wv.v);
}

/* The arguments of one instruction, from [a, b) of the logical line (after
 * the flags, trimmed). */
static void
dispatch(struct reader *r, struct dl_df_instr *in, size_t a, size_t b)
{
	struct wordv wv = { NULL, 0, 0 };
	int j;

	switch (in->kind) {
	case DL_DF_ADD:
	case DL_DF_COPY:
	case DL_DF_VOLUME:
		j = parse_json(r, a, b, &wv);
		if (j < 0)
			set_error_at(r, a, "%s", "when using JSON array syntax, arrays must be comprised of strings only");
		else if (j == 0)
			split_ws(r, a, b, &wv);
		in->form = j > 0 ? DL_DF_FORM_EXEC : (wv.nr ? DL_DF_FORM_SHELL : DL_DF_FORM_NONE);
		break;
	case DL_DF_CMD:
	case DL_DF_ENTRYPOINT:
	case DL_DF_RUN:
	case DL_DF_SHELL:
	case DL_DF_HEALTHCHECK: {
		size_t c = a;
		if (in->kind == DL_DF_HEALTHCHECK) {
			/* parseHealthConfig: a type word, then parseMaybeJSON */
			while (c < b && !byte_space((unsigned char)r->l.text.buf[c]))
				c++;
			if (c == a)
				break;
			wordv_add(&wv, word_at(r, a, r->l.text.buf + a, c - a));
			while (c < b && byte_space((unsigned char)r->l.text.buf[c]))
				c++;
		}
		if (c == b) {
			in->form = DL_DF_FORM_NONE;
			break;
		}
		j = parse_json(r, c, b, &wv);
		if (j < 0)
			set_error_at(r, c, "%s", "when using JSON array syntax, arrays must be comprised of strings only");
		else if (j == 0)
			wordv_add(&wv, word_at(r, c, r->l.text.buf + c, b - c));
		in->form = j > 0 ? DL_DF_FORM_EXEC : DL_DF_FORM_SHELL;
		break;
	}
	case DL_DF_ENV:
	case DL_DF_LABEL:
	case DL_DF_ARG:
		name_values(r, in, a, b);
		in->form = in->kvs_nr ? DL_DF_FORM_SHELL : DL_DF_FORM_NONE;
		break;
	case DL_DF_EXPOSE:
	case DL_DF_FROM:
		split_ws(r, a, b, &wv);
		in->form = wv.nr ? DL_DF_FORM_SHELL : DL_DF_FORM_NONE;
		break;
	default: /* parseString, ONBUILD, unknown */
		if (a < b)
			wordv_add(&wv, word_at(r, a, r->l.text.buf + a, b - a));
		in->form = wv.nr ? DL_DF_FORM_SHELL : DL_DF_FORM_NONE;
		break;
	}
	in->args = wordv_finish(r, &wv, &in->args_nr);
}

/* ---- heredocs ------------------------------------------------------------ */

/* Whether the instruction may hold heredocs (canContainHeredoc): RUN, COPY
 * and ADD not in exec form, also after ONBUILD. */
static int
heredoc_capable(const struct dl_df_instr *in)
{
	if (in->kind == DL_DF_ONBUILD && in->args_nr) {
		/* parseSubCommand: the sub-instruction's word, then its arguments */
		const char *t = in->args[0].text;
		size_t n = in->args[0].len, w = 0, k;
		enum dl_df_kind sub;
		json_error_t je;
		json_t *doc;
		int exec = 0;

		while (w < n && !re_ws((unsigned char)t[w]))
			w++;
		sub = kind_of(t, w);
		if (sub != DL_DF_RUN && sub != DL_DF_COPY && sub != DL_DF_ADD)
			return 0;
		while (w < n && (k = uspace_len((const unsigned char *)t + w, n - w)))
			w += k;
		if (w < n && t[w] == '[' && (doc = json_loadb(t + w, n - w, JSON_ALLOW_NUL, &je))) {
			exec = json_is_array(doc);
			json_decref(doc);
		}
		return !exec;
	}
	return (in->kind == DL_DF_RUN || in->kind == DL_DF_COPY || in->kind == DL_DF_ADD) &&
	       in->form != DL_DF_FORM_EXEC;
}

/* The heredoc terminator of one word of the line (reHeredoc:
 * ^(\d*)<<(-?)\s*([^<]*)$ with a non-empty rest), quotes and escapes
 * removed; 0 when the word is none. */
static int
heredoc_word(const char *w, size_t n, struct dl_strbuf *name, int *chomp)
{
	size_t i = 0, k;
	char quote = 0;

	while (i < n && dl_isdigit((unsigned char)w[i]))
		i++;
	if (n - i < 2 || w[i] != '<' || w[i + 1] != '<')
		return 0;
	i += 2;
	*chomp = i < n && w[i] == '-';
	if (*chomp)
		i++;
	while (i < n && re2_space((unsigned char)w[i]))
		i++;
	if (i == n)
		return 0;
	for (k = i; k < n; k++)
		if (w[k] == '<')
			return 0;
	dl_strbuf_reset(name);
	for (k = i; k < n; k++) {
		char c = w[k];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (quote == '"' && c == '\\' && k + 1 < n &&
				 (w[k + 1] == '"' || w[k + 1] == '\\' || w[k + 1] == '$'))
				dl_strbuf_putc(name, w[++k]);
			else
				dl_strbuf_putc(name, c);
			continue;
		}
		if (c == '\'' || c == '"')
			quote = c;
		else if (c == '\\' && k + 1 < n)
			dl_strbuf_putc(name, w[++k]);
		else if (c != '\\')
			dl_strbuf_putc(name, c);
	}
	return name->len > 0 && name->len <= DL_MAX_HEREDOC_DELIM;
}

/* heredocsFromLine then the bodies: every word of the logical line that
 * names a heredoc, each body read up to its terminator line. */
static void
heredocs(struct reader *r, struct dl_df_instr *in)
{
	const char *t = r->l.text.buf;
	size_t n = r->l.text.len, i = 0;
	struct dl_df_heredoc *v = NULL;
	size_t nr = 0, alloc = 0, k;
	struct dl_strbuf name = DL_STRBUF_INIT;

	if (!dl_memmem(t, n, "<<", 2))
		return;
	while (i < n) {
		size_t s, sk;
		char quote = 0;
		int chomp;
		while (i < n && (sk = uspace_len((const unsigned char *)t + i, n - i)))
			i += sk;
		if (i >= n)
			break;
		s = i;
		while (i < n) {
			if (quote) {
				if (t[i] == quote)
					quote = 0;
				else if (t[i] == '\\' && quote == '"' && i + 1 < n)
					i++;
				i++;
				continue;
			}
			if (uspace_len((const unsigned char *)t + i, n - i))
				break;
			if (t[i] == '\'' || t[i] == '"')
				quote = t[i];
			else if (t[i] == '\\' && i + 1 < n)
				i++;
			i++;
		}
		if (i > n)
			i = n;
		if (heredoc_word(t + s, i - s, &name, &chomp)) {
			struct dl_df_heredoc h;
			h.name = dl_arena_strndup(r->arena, name.buf, name.len);
			h.name_len = name.len;
			h.first_line = r->line + 1;
			h.last_line = r->line;
			h.terminated = chomp; /* remembered until the body is read */
			DL_ALLOC_GROW(v, nr + 1, alloc);
			v[nr++] = h;
		}
	}
	for (k = 0; k < nr; k++) {
		int chomp = v[k].terminated;
		struct pline pl;
		size_t tl = v[k].name_len;
		v[k].terminated = 0;
		v[k].first_line = r->line + 1;
		while (read_line(r, &pl)) {
			size_t s = pl.start;
			if (chomp)
				while (s < pl.end && r->data[s] == '\t')
					s++;
			if (pl.end - s == tl && !memcmp(r->data + s, v[k].name, tl)) {
				v[k].terminated = 1;
				break;
			}
		}
		v[k].last_line = r->line;
		if (!v[k].terminated) {
			struct dl_pos pos = in->keyword.pos;
			set_error(r, pos, "unterminated heredoc %s", v[k].name);
		}
	}
	dl_strbuf_release(&name);
	if (nr) {
		in->heredocs = dl_arena_alloc(r->arena, dl_st_mult(nr, sizeof(*v)));
		memcpy(in->heredocs, v, nr * sizeof(*v));
		in->heredocs_nr = nr;
	}
	free(v);
}

/* ---- stages ------------------------------------------------------------- */

static void
add_stage(struct reader *r, size_t idx)
{
	struct dl_dockerfile *df = r->out;
	struct dl_df_instr *in = &df->instrs[idx];
	struct dl_df_stage st;
	size_t k;

	memset(&st, 0, sizeof(st));
	st.instr = idx;
	st.parent = -1;
	if (in->args_nr >= 1)
		st.image = &in->args[0];
	if (in->args_nr == 3 && dl_eq_ci(in->args[1].text, in->args[1].len, "as")) {
		char *nm = dl_arena_strndup(r->arena, in->args[2].text, in->args[2].len);
		for (k = 0; nm[k]; k++)
			nm[k] = (char)dl_tolower((unsigned char)nm[k]);
		st.name = nm;
	} else if (in->args_nr != 1) {
		set_error(r, in->keyword.pos, "%s", "FROM requires either one or three arguments");
	}
	for (k = 0; k < in->flags_nr; k++)
		if (!strcmp(in->flags[k].name, "platform"))
			st.platform = in->flags[k].value;
	DL_ALLOC_GROW(df->stages, df->stages_nr + 1, r->stages_alloc);
	df->stages[df->stages_nr++] = st;
}

/* Fills image_expanded and parent once every instruction is read (the
 * expansion needs the global ARGs). */
static void
finish_stages(struct reader *r)
{
	struct dl_dockerfile *df = r->out;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t s, p;

	for (s = 0; s < df->stages_nr; s++) {
		struct dl_df_stage *st = &df->stages[s];
		if (!st->image)
			continue;
		dl_strbuf_reset(&sb);
		if (dl_dockerfile_expand(&sb, df, st->instr, st->image->text, st->image->len))
			st->image_expanded = dl_arena_strndup(r->arena, sb.buf, sb.len);
		for (p = 0; st->image_expanded && p < s; p++)
			if (df->stages[p].name && dl_eq_ci(st->image_expanded, strlen(st->image_expanded),
							   df->stages[p].name)) {
				st->parent = (int)p;
				break;
			}
	}
	dl_strbuf_release(&sb);
}

/* ---- the reader ----------------------------------------------------------- */

/* newNodeFromLine: the logical line in r->l becomes an instruction. */
static void
instruction(struct reader *r, unsigned first_line)
{
	struct dl_dockerfile *df = r->out;
	struct dl_df_instr in;
	const char *t = r->l.text.buf;
	size_t a = 0, b = r->l.text.len, kw, ra, rb;

	memset(&in, 0, sizeof(in));
	trim(r, &a, &b);
	kw = a;
	while (kw < b && !re_ws((unsigned char)t[kw]))
		kw++;
	in.keyword = word_at(r, a, t + a, kw - a);
	in.kind = kind_of(t + a, kw - a);
	in.first_line = first_line;
	ra = kw;
	while (ra < b && re_ws((unsigned char)t[ra]))
		ra++;
	ra = builder_flags(r, ra, b, &in);
	rb = b;
	trim(r, &ra, &rb);
	in.rest = dl_arena_strndup(r->arena, t + ra, rb - ra);
	in.rest_len = rb - ra;
	map(r, ra, &in.rest_pos, &in.rest_off);
	dispatch(r, &in, ra, rb);
	if (in.kind == DL_DF_UNKNOWN)
		set_error(r, in.keyword.pos, "unknown instruction: %s", in.keyword.text);
	in.stage = (int)df->stages_nr - 1;
	if (in.kind == DL_DF_FROM)
		in.stage = (int)df->stages_nr;
	if (heredoc_capable(&in))
		heredocs(r, &in);
	in.last_line = r->line;
	in.end_off = r->pos;
	while (in.end_off > 0 && in.end_off > in.keyword.off &&
	       (r->data[in.end_off - 1] == '\n' || r->data[in.end_off - 1] == '\r'))
		in.end_off--;
	DL_ALLOC_GROW(df->instrs, df->nr + 1, r->instrs_alloc);
	df->instrs[df->nr++] = in;
	if (in.kind == DL_DF_FROM)
		add_stage(r, df->nr - 1);
}

void
dl_dockerfile_parse(struct dl_dockerfile *out, struct dl_arena *arena,
		    const char *data, size_t len)
{
	struct reader r;
	struct directives dv;
	struct pline pl;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	memset(&dv, 0, sizeof(dv));
	out->escape = '\\';
	r.out = out;
	r.arena = arena;
	r.data = data ? data : "";
	r.len = data ? len : 0;
	dl_strbuf_init(&r.l.text, 0);
	if (r.len >= 3 && !memcmp(r.data, "\xef\xbb\xbf", 3)) {
		r.bom = 3;
		out->has_bom = 1;
	}
	while (read_line(&r, &pl)) {
		size_t s = skip_uspace(r.data, pl.start, pl.end), e = pl.end;
		unsigned first = pl.line;
		int cont;

		directive(&r, &dv, &pl, s);
		if (s < e && r.data[s] == '#')
			continue; /* a comment (or a directive) */
		cont = trim_continuation(&r, s, &e);
		if (!cont && s == e)
			continue; /* an empty line */
		dl_strbuf_reset(&r.l.text);
		r.l.nr = 0;
		seg_add(&r, s, e - s, pl.line, (unsigned)(s - pl.line_off) + 1);
		while (cont && read_line(&r, &pl)) {
			size_t ls = pl.start, le = pl.end;
			if (is_comment(&r, &pl))
				continue;
			if (skip_uspace(r.data, ls, le) == le) {
				if (!out->empty_continuation_line)
					out->empty_continuation_line = pl.line;
				continue;
			}
			cont = trim_continuation(&r, ls, &le);
			seg_add(&r, ls, le - ls, pl.line, (unsigned)(ls - pl.line_off) + 1);
		}
		instruction(&r, first);
	}
	if (!out->nr) {
		struct dl_pos pos = { r.line ? r.line : 1, 1 };
		set_error(&r, pos, "%s", "file with no instructions");
	}
	finish_stages(&r);
	dl_strbuf_release(&r.l.text);
	free(r.l.segs);
	/* the arrays move into the arena */
	if (out->nr) {
		struct dl_df_instr *v = dl_arena_alloc(arena, dl_st_mult(out->nr, sizeof(*v)));
		memcpy(v, out->instrs, out->nr * sizeof(*v));
		free(out->instrs);
		out->instrs = v;
	}
	if (out->stages_nr) {
		struct dl_df_stage *v = dl_arena_alloc(arena, dl_st_mult(out->stages_nr, sizeof(*v)));
		size_t k;
		memcpy(v, out->stages, out->stages_nr * sizeof(*v));
		free(out->stages);
		out->stages = v;
		for (k = 0; k < out->stages_nr; k++)
			if (v[k].image)
				v[k].image = &out->instrs[v[k].instr].args[0];
	}
}

void *
dl_dockerfile_parse_doc(struct dl_arena *arena, const char *data, size_t len)
{
	struct dl_dockerfile *df = dl_arena_alloc(arena, sizeof(*df));
	dl_dockerfile_parse(df, arena, data, len);
	return df;
}

/* ---- variable substitution (Environment replacement) -------------------- */

enum var_state {
	VAR_UNSET = 0,
	VAR_SET,
	VAR_UNKNOWN
};

struct var {
	const char *name;
	size_t name_len;
	char *value; /* malloc'd; NULL when VAR_UNKNOWN */
	size_t value_len;
	enum var_state state;
};

struct vars {
	struct var *v;
	size_t nr, alloc;
};

struct scope {
	struct vars env, arg;
	const struct vars *global; /* the global ARGs (for `ARG name` in a
				    * stage), or NULL */
	size_t work;               /* bindings made, up to
				    * DL_MAX_DOCKERFILE_VARS */
	int overflow;
};

struct lex {
	const struct scope *sc;
	char esc;
	int unknown; /* the result depends on what is not known */
};

static void
vars_release(struct vars *vs)
{
	size_t i;
	for (i = 0; i < vs->nr; i++)
		free(vs->v[i].value);
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

static void
vars_set(struct vars *vs, const char *name, size_t n, const char *value,
	 size_t vlen, enum var_state st)
{
	struct var *v = NULL;
	size_t i;
	for (i = vs->nr; i-- > 0;)
		if (vs->v[i].name_len == n && !memcmp(vs->v[i].name, name, n)) {
			v = &vs->v[i];
			free(v->value);
			break;
		}
	if (!v) {
		DL_ALLOC_GROW(vs->v, vs->nr + 1, vs->alloc);
		v = &vs->v[vs->nr++];
		v->name = name;
		v->name_len = n;
	}
	v->state = st;
	v->value = st == VAR_SET ? dl_xstrndup(value, vlen) : NULL;
	v->value_len = st == VAR_SET ? vlen : 0;
}

static const struct var *
vars_get(const struct vars *vs, const char *name, size_t n)
{
	size_t i;
	for (i = vs->nr; vs && i-- > 0;)
		if (vs->v[i].name_len == n && !memcmp(vs->v[i].name, name, n))
			return &vs->v[i];
	return NULL;
}

static void lex_word(struct lex *lx, struct dl_strbuf *out, const char *t, size_t n,
		     size_t *i, int stop, int depth);

static int
name_char(unsigned char c)
{
	return dl_isalnum(c) || c == '_';
}

/* processDollar: t[*i] is the character after '$'. */
static void
lex_dollar(struct lex *lx, struct dl_strbuf *out, const char *t, size_t n, size_t *i,
	   int depth)
{
	size_t ns, ne;
	const struct var *v;
	enum var_state st;
	char op = 0;
	int colon = 0;

	if (*i >= n) {
		dl_strbuf_putc(out, '$');
		return;
	}
	if (t[*i] != '{') {
		ns = *i;
		while (*i < n && name_char((unsigned char)t[*i]))
			(*i)++;
		if (*i == ns) {
			dl_strbuf_putc(out, '$');
			return;
		}
		ne = *i;
	} else {
		(*i)++;
		ns = *i;
		while (*i < n && name_char((unsigned char)t[*i]))
			(*i)++;
		ne = *i;
		if (*i >= n) {
			lx->unknown = 1; /* "missing '}'": BuildKit fails */
			return;
		}
		if (t[*i] == ':') {
			colon = 1;
			(*i)++;
			if (*i >= n) {
				lx->unknown = 1;
				return;
			}
		}
		op = t[*i];
		if (op != '}' && op != '-' && op != '+') {
			/* ${v:?msg}, ${v#p}, ${v%p}, ${v/p/r}: not evaluated here */
			int d = 1;
			lx->unknown = 1;
			while (*i < n && d) {
				if (t[*i] == '{')
					d++;
				else if (t[*i] == '}')
					d--;
				(*i)++;
			}
			return;
		}
		(*i)++;
		if (ns == ne) {
			lx->unknown = 1; /* "${}" is a bad substitution */
			if (op != '}') {
				struct dl_strbuf skip = DL_STRBUF_INIT;
				lex_word(lx, &skip, t, n, i, '}', depth + 1);
				dl_strbuf_release(&skip);
			}
			return;
		}
	}
	v = vars_get(&lx->sc->env, t + ns, ne - ns);
	if (!v)
		v = vars_get(&lx->sc->arg, t + ns, ne - ns);
	st = v ? v->state : VAR_UNSET;
	if (op == '-' || op == '+') {
		struct dl_strbuf word = DL_STRBUF_INIT;
		int use_word;
		lex_word(lx, &word, t, n, i, '}', depth + 1);
		if (st == VAR_UNKNOWN) {
			lx->unknown = 1;
		} else {
			int set = st == VAR_SET && (!colon || v->value_len > 0);
			use_word = op == '-' ? !set : set;
			if (use_word)
				dl_strbuf_put(out, word.buf, word.len);
			else if (op == '-')
				dl_strbuf_put(out, v->value, v->value_len);
		}
		dl_strbuf_release(&word);
		return;
	}
	if (st == VAR_UNKNOWN)
		lx->unknown = 1;
	else if (st == VAR_SET)
		dl_strbuf_put(out, v->value, v->value_len);
}

/* processStopOn: the text up to `stop` (or its end), quotes and escapes
 * removed, variables substituted. */
static void
lex_word(struct lex *lx, struct dl_strbuf *out, const char *t, size_t n, size_t *i,
	 int stop, int depth)
{
	if (depth > DL_MAX_DOCKERFILE_NESTING) {
		lx->unknown = 1;
		*i = n;
		return;
	}
	while (*i < n) {
		char c = t[*i];
		if (stop && c == stop) {
			(*i)++;
			return;
		}
		(*i)++;
		if (c == '\'') {
			while (*i < n && t[*i] != '\'')
				dl_strbuf_putc(out, t[(*i)++]);
			if (*i >= n)
				lx->unknown = 1; /* unmatched quote: BuildKit fails */
			else
				(*i)++;
		} else if (c == '"') {
			while (*i < n && t[*i] != '"') {
				char d = t[(*i)++];
				if (d == lx->esc && *i < n &&
				    (t[*i] == '"' || t[*i] == '$' || t[*i] == lx->esc))
					dl_strbuf_putc(out, t[(*i)++]);
				else if (d == '$')
					lex_dollar(lx, out, t, n, i, depth);
				else
					dl_strbuf_putc(out, d);
			}
			if (*i >= n)
				lx->unknown = 1;
			else
				(*i)++;
		} else if (c == lx->esc) {
			if (*i < n)
				dl_strbuf_putc(out, t[(*i)++]);
		} else if (c == '$') {
			lex_dollar(lx, out, t, n, i, depth);
		} else {
			dl_strbuf_putc(out, c);
		}
	}
	if (stop)
		lx->unknown = 1; /* no closing '}' */
}

/* Expands `text` in scope `sc`; the value's state. */
static enum var_state
expand_in(const struct scope *sc, char esc, const char *text, size_t len,
	  struct dl_strbuf *out)
{
	struct lex lx;
	size_t i = 0;
	lx.sc = sc;
	lx.esc = esc;
	lx.unknown = sc->overflow;
	lex_word(&lx, out, text, len, &i, 0, 0);
	return lx.unknown ? VAR_UNKNOWN : VAR_SET;
}

static int
spend(struct scope *sc)
{
	if (++sc->work > DL_MAX_DOCKERFILE_VARS)
		sc->overflow = 1;
	return !sc->overflow;
}

/* The global ARGs declared before instruction `upto` (before the first
 * FROM). */
static void
global_scope(const struct dl_dockerfile *df, size_t upto, struct scope *sc)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t i, k;

	for (i = 0; i < upto && i < df->nr && df->instrs[i].stage < 0; i++) {
		const struct dl_df_instr *in = &df->instrs[i];
		if (in->kind != DL_DF_ARG)
			continue;
		for (k = 0; k < in->kvs_nr && spend(sc); k++) {
			const struct dl_df_kv *kv = &in->kvs[k];
			enum var_state st = VAR_UNKNOWN;
			dl_strbuf_reset(&sb);
			if (kv->value.text)
				st = expand_in(sc, df->escape, kv->value.text, kv->value.len, &sb);
			vars_set(&sc->arg, kv->key.text, kv->key.len, sb.buf, sb.len, st);
		}
	}
	dl_strbuf_release(&sb);
}

/* The stage's bindings before instruction `upto`; `global` holds every
 * global ARG. */
static void
stage_scope(const struct dl_dockerfile *df, int stage, size_t upto, struct scope *sc,
	    int depth)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const struct dl_df_stage *st = &df->stages[stage];
	size_t i, k;

	if (st->parent >= 0 && st->parent < stage && depth < 16) {
		/* FROM <stage>: the image of that stage, so its ENV */
		struct scope ps;
		size_t end = (size_t)stage < df->stages_nr ? st->instr : df->nr;
		memset(&ps, 0, sizeof(ps));
		ps.global = sc->global;
		stage_scope(df, st->parent, end, &ps, depth + 1);
		for (k = 0; k < ps.env.nr; k++)
			vars_set(&sc->env, ps.env.v[k].name, ps.env.v[k].name_len,
				 ps.env.v[k].value, ps.env.v[k].value_len, ps.env.v[k].state);
		sc->work += ps.work;
		sc->overflow |= ps.overflow;
		vars_release(&ps.env);
		vars_release(&ps.arg);
	}
	for (i = st->instr + 1; i < upto && i < df->nr; i++) {
		const struct dl_df_instr *in = &df->instrs[i];
		if (in->stage != stage)
			break;
		if (in->kind == DL_DF_ENV) {
			/* every value of one ENV sees the bindings before it */
			struct dl_strbuf *vals = dl_xcalloc(in->kvs_nr ? in->kvs_nr : 1, sizeof(*vals));
			enum var_state *sts = dl_xcalloc(in->kvs_nr ? in->kvs_nr : 1, sizeof(*sts));
			for (k = 0; k < in->kvs_nr && spend(sc); k++) {
				dl_strbuf_init(&vals[k], 0);
				sts[k] = expand_in(sc, df->escape, in->kvs[k].value.text,
						   in->kvs[k].value.len, &vals[k]);
			}
			for (k = 0; k < in->kvs_nr; k++) {
				if (vals[k].buf)
					vars_set(&sc->env, in->kvs[k].key.text, in->kvs[k].key.len,
						 vals[k].buf, vals[k].len, sts[k]);
				dl_strbuf_release(&vals[k]);
			}
			free(vals);
			free(sts);
		} else if (in->kind == DL_DF_ARG) {
			for (k = 0; k < in->kvs_nr && spend(sc); k++) {
				const struct dl_df_kv *kv = &in->kvs[k];
				enum var_state s2 = VAR_UNKNOWN;
				dl_strbuf_reset(&sb);
				if (kv->value.text) {
					s2 = expand_in(sc, df->escape, kv->value.text, kv->value.len, &sb);
				} else if (sc->global) {
					const struct var *g = vars_get(sc->global, kv->key.text, kv->key.len);
					if (g && g->state == VAR_SET) {
						s2 = VAR_SET;
						dl_strbuf_put(&sb, g->value, g->value_len);
					}
				}
				vars_set(&sc->arg, kv->key.text, kv->key.len, sb.buf, sb.len, s2);
			}
		}
	}
	dl_strbuf_release(&sb);
}

int
dl_dockerfile_expand(struct dl_strbuf *out, const struct dl_dockerfile *df,
		     size_t instr, const char *text, size_t len)
{
	struct scope global, sc;
	enum var_state st;

	memset(&global, 0, sizeof(global));
	memset(&sc, 0, sizeof(sc));
	if (instr >= df->nr || df->instrs[instr].kind == DL_DF_FROM ||
	    df->instrs[instr].stage < 0) {
		global_scope(df, instr, &global);
		st = expand_in(&global, df->escape, text, len, out);
	} else {
		global_scope(df, df->nr, &global);
		sc.global = &global.arg;
		sc.overflow = global.overflow;
		stage_scope(df, df->instrs[instr].stage, instr, &sc, 0);
		st = expand_in(&sc, df->escape, text, len, out);
		vars_release(&sc.env);
		vars_release(&sc.arg);
	}
	vars_release(&global.env);
	vars_release(&global.arg);
	return st == VAR_SET;
}

void
dl_dockerfile_image_split(const char *ref, size_t len, const char **name,
			  size_t *name_len, const char **tag, size_t *tag_len,
			  const char **digest, size_t *digest_len)
{
	const char *at = memchr(ref, '@', len);
	size_t end = at ? (size_t)(at - ref) : len, slash = 0, colon = end, i;

	*digest = at ? at + 1 : NULL;
	*digest_len = at ? len - end - 1 : 0;
	for (i = 0; i < end; i++)
		if (ref[i] == '/')
			slash = i + 1;
	for (i = slash; i < end; i++)
		if (ref[i] == ':') {
			colon = i;
			break;
		}
	*name = ref + slash;
	*name_len = colon - slash;
	*tag = colon < end ? ref + colon + 1 : NULL;
	*tag_len = colon < end ? end - colon - 1 : 0;
}
