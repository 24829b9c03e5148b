/*
 * deploylint: the one Python tokenizer (include/deploylint/pytok.h), after
 * Python 3.11's tokenize module.
 */
#include "deploylint/pytok.h"

#include <limits.h>
#include <string.h>

#include "deploylint/util.h"

static int
ident_start(unsigned char c)
{
	return dl_isalpha(c) || c == '_' || c >= 0x80;
}

static int
ident_char(unsigned char c)
{
	return dl_isalnum(c) || c == '_' || c >= 0x80;
}

size_t
dl_pytok_newline_len(const char *src, size_t len, size_t off)
{
	if (off >= len)
		return 0;
	if (src[off] == '\n')
		return 1;
	if (src[off] == '\r')
		return off + 1 < len && src[off + 1] == '\n' ? 2 : 1;
	return 0;
}

void
dl_pytok_init(struct dl_pytok *tz, const char *src, size_t len)
{
	memset(tz, 0, sizeof(*tz));
	tz->src = src;
	tz->len = len;
	tz->line = 1;
	/* a UTF-8 BOM, as tokenize: not a token; columns count after it */
	if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3))
		tz->off = tz->line_start = 3;
}

/* Moves past the line break of n bytes at tz->off. */
static void
take_newline(struct dl_pytok *tz, size_t n)
{
	tz->off += n;
	if (tz->line < UINT_MAX)
		tz->line++;
	tz->line_start = tz->off;
	tz->phys_code = tz->phys_comment = 0;
}

static unsigned
col_of(const struct dl_pytok *tz, size_t off)
{
	size_t c = off - tz->line_start + 1;
	return c > UINT_MAX ? UINT_MAX : (unsigned)c;
}

/* Whether the n bytes at s are a string prefix Python accepts; sets *flags. */
static int
string_prefix(const char *s, size_t n, unsigned *flags)
{
	unsigned f = 0, bit;
	size_t i;

	if (n > 2)
		return 0;
	for (i = 0; i < n; i++) {
		switch (dl_tolower((unsigned char)s[i])) {
		case 'r': bit = DL_PYTOK_RAW; break;
		case 'b': bit = DL_PYTOK_BYTES; break;
		case 'f': bit = DL_PYTOK_FSTRING; break;
		case 'u': bit = DL_PYTOK_UNICODE; break;
		default: return 0;
		}
		if (f & bit)
			return 0;
		f |= bit;
	}
	if ((f & DL_PYTOK_UNICODE) && n != 1)
		return 0;
	if ((f & DL_PYTOK_BYTES) && (f & DL_PYTOK_FSTRING))
		return 0;
	*flags = f;
	return 1;
}

/* A string whose quote is at q; moves tz->off past it. */
static void
scan_string(struct dl_pytok *tz, struct dl_pytoken *t, size_t q)
{
	const char *p = tz->src;
	char quote = p[q];
	int triple = q + 2 < tz->len && p[q + 1] == quote && p[q + 2] == quote;
	size_t i = q + (triple ? 3 : 1), nl;

	if (triple)
		t->flags |= DL_PYTOK_TRIPLE;
	t->body = i;
	for (;;) {
		if (i >= tz->len) {
			t->flags |= DL_PYTOK_UNTERMINATED;
			t->body_end = i = tz->len;
			break;
		}
		if (p[i] == '\\') {
			nl = dl_pytok_newline_len(p, tz->len, i + 1);
			if (nl) {
				tz->off = i + 1;
				take_newline(tz, nl);
				i = tz->off;
			} else {
				i += i + 1 < tz->len ? 2 : 1;
			}
			continue;
		}
		if (p[i] == quote &&
		    (!triple || (i + 2 < tz->len && p[i + 1] == quote && p[i + 2] == quote))) {
			t->body_end = i;
			i += triple ? 3 : 1;
			break;
		}
		nl = dl_pytok_newline_len(p, tz->len, i);
		if (nl) {
			if (!triple) {
				t->flags |= DL_PYTOK_UNTERMINATED;
				t->body_end = i;
				break;
			}
			tz->off = i;
			take_newline(tz, nl);
			i = tz->off;
			continue;
		}
		i++;
	}
	tz->off = i;
}

/* Length of the operator at off (0: none). */
static size_t
op_len(const char *p, size_t len, size_t off)
{
	static const char *const three[] = { "**=", "//=", ">>=", "<<=", "..." };
	static const char *const two[] = { "->", ":=", "==", "!=", "<=", ">=", "**", "//",
					   "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=",
					   "|=", "^=", "@=" };
	static const char one[] = "()[]{},;:.=+-*/%@&|^~<>";
	size_t i, left = len - off;

	for (i = 0; left >= 3 && i < DL_ARRAY_SIZE(three); i++)
		if (!memcmp(p + off, three[i], 3))
			return 3;
	for (i = 0; left >= 2 && i < DL_ARRAY_SIZE(two); i++)
		if (!memcmp(p + off, two[i], 2))
			return 2;
	return p[off] && strchr(one, p[off]) ? 1 : 0;
}

static void
scan_number(struct dl_pytok *tz)
{
	const char *p = tz->src;
	size_t s = tz->off;
	int radix = p[s] == '0' && s + 1 < tz->len && strchr("xXoObB", p[s + 1]) && p[s + 1];

	while (tz->off < tz->len) {
		unsigned char c = (unsigned char)p[tz->off];
		if (ident_char(c) || c == '.') {
			tz->off++;
			if (!radix && (c == 'e' || c == 'E') && tz->off + 1 < tz->len &&
			    (p[tz->off] == '+' || p[tz->off] == '-') &&
			    dl_isdigit((unsigned char)p[tz->off + 1]))
				tz->off++;
			continue;
		}
		break;
	}
}

/*
 * The token a last line without a line break ends with, as tokenize:
 * NEWLINE after code on it (or after blanks that continue a line of
 * code), NL after a comment that starts a logical line, nothing
 * (ENDMARKER) after blanks or after a comment on a continued line, or
 * when the raw line starts with '#' (inside a string ending on it).
 */
static enum dl_pytok_kind
end_of_input(const struct dl_pytok *tz)
{
	size_t i = tz->line_start;

	if (tz->phys_comment && !tz->phys_code)
		return tz->continued ? DL_PYTOK_ENDMARKER : DL_PYTOK_NL;
	while (i < tz->len && (tz->src[i] == ' ' || tz->src[i] == '\t' || tz->src[i] == '\f'))
		i++;
	/* tokenize.py looks at the raw line: one that starts with '#', even
	 * inside a string that ends on it, gets no NEWLINE */
	if (i < tz->len && tz->src[i] == '#')
		return DL_PYTOK_ENDMARKER;
	if (tz->phys_code)
		return DL_PYTOK_NEWLINE;
	return tz->continued && tz->line_has_token ? DL_PYTOK_NEWLINE : DL_PYTOK_ENDMARKER;
}

static void
finish(struct dl_pytok *tz, struct dl_pytoken *t)
{
	if (t->kind == DL_PYTOK_COMMENT)
		tz->phys_comment = 1;
	else if (t->kind != DL_PYTOK_ENDMARKER && t->kind != DL_PYTOK_NEWLINE &&
		 t->kind != DL_PYTOK_NL)
		tz->phys_code = 1;
	t->end = tz->off;
	t->end_line = tz->line;
	t->end_col = col_of(tz, tz->off);
}

void
dl_pytok_next(struct dl_pytok *tz, struct dl_pytoken *t)
{
	const char *p = tz->src;

	memset(t, 0, sizeof(*t));
	for (;;) {
		unsigned char c;
		size_t nl;

		while (tz->off < tz->len &&
		       (p[tz->off] == ' ' || p[tz->off] == '\t' || p[tz->off] == '\f'))
			tz->off++;
		t->start = tz->off;
		t->line = tz->line;
		t->col = col_of(tz, tz->off);
		t->depth = tz->depth;
		if (tz->off >= tz->len) {
			t->kind = DL_PYTOK_ENDMARKER;
			if (!tz->ended && !tz->depth)
				t->kind = end_of_input(tz);
			tz->ended = 1;
			break;
		}
		c = (unsigned char)p[tz->off];
		if (c == '#') {
			while (tz->off < tz->len && p[tz->off] != '\n' && p[tz->off] != '\r')
				tz->off++;
			t->kind = DL_PYTOK_COMMENT;
			break;
		}
		nl = dl_pytok_newline_len(p, tz->len, tz->off);
		if (nl) {
			t->kind = tz->line_has_token && !tz->depth ? DL_PYTOK_NEWLINE : DL_PYTOK_NL;
			if (!tz->depth)
				tz->line_has_token = 0;
			tz->continued = 0;
			tz->off += nl;
			t->end = tz->off;
			t->end_line = t->line;
			t->end_col = col_of(tz, tz->off);
			take_newline(tz, 0);
			return;
		}
		tz->line_has_token = 1;
		if (c == '\\') {
			nl = dl_pytok_newline_len(p, tz->len, tz->off + 1);
			tz->off++;
			if (nl) {
				take_newline(tz, nl);
				tz->continued = 1;
				continue;
			}
			t->kind = DL_PYTOK_ERRORTOKEN;
			break;
		}
		if (ident_start(c)) {
			size_t s = tz->off;
			while (tz->off < tz->len && ident_char((unsigned char)p[tz->off]))
				tz->off++;
			if (tz->off < tz->len && (p[tz->off] == '\'' || p[tz->off] == '"') &&
			    string_prefix(p + s, tz->off - s, &t->flags)) {
				t->kind = DL_PYTOK_STRING;
				scan_string(tz, t, tz->off);
				break;
			}
			t->kind = DL_PYTOK_NAME;
			break;
		}
		if (c == '\'' || c == '"') {
			t->kind = DL_PYTOK_STRING;
			scan_string(tz, t, tz->off);
			break;
		}
		if (dl_isdigit(c) ||
		    (c == '.' && tz->off + 1 < tz->len && dl_isdigit((unsigned char)p[tz->off + 1]))) {
			scan_number(tz);
			t->kind = DL_PYTOK_NUMBER;
			break;
		}
		nl = op_len(p, tz->len, tz->off);
		if (!nl) {
			tz->off++;
			t->kind = DL_PYTOK_ERRORTOKEN;
			break;
		}
		t->kind = DL_PYTOK_OP;
		if (c == '(' || c == '[' || c == '{') {
			if (!tz->depth) {
				tz->open_char = (char)c;
				tz->open_line = t->line;
				tz->open_col = t->col;
			}
			if (tz->depth < UINT_MAX)
				tz->depth++;
		} else if (c == ')' || c == ']' || c == '}') {
			if (tz->depth)
				tz->depth--;
			t->depth = tz->depth;
		}
		tz->off += nl;
		break;
	}
	finish(tz, t);
}

enum dl_pytok_kind
dl_pytok_kind_at(const char *src, size_t len, size_t off)
{
	struct dl_pytok tz;
	struct dl_pytoken t;

	dl_pytok_init(&tz, src, len);
	for (;;) {
		dl_pytok_next(&tz, &t);
		if (t.kind == DL_PYTOK_ENDMARKER || t.start > off)
			return DL_PYTOK_ENDMARKER;
		if (off < t.end)
			return t.kind;
	}
}

void
dl_pytok_blank_comments(char *dst, const char *src, size_t len)
{
	struct dl_pytok tz;
	struct dl_pytoken t;

	dl_pytok_init(&tz, src, len);
	for (;;) {
		dl_pytok_next(&tz, &t);
		if (t.kind == DL_PYTOK_ENDMARKER)
			return;
		if (t.kind == DL_PYTOK_COMMENT)
			memset(dst + t.start, ' ', t.end - t.start);
	}
}

const char *
dl_pytok_kind_name(enum dl_pytok_kind kind)
{
	static const char *const names[] = { "ENDMARKER", "NAME", "NUMBER",
					     "STRING", "OP", "COMMENT",
					     "NEWLINE", "NL", "ERRORTOKEN" };
	return (unsigned)kind < DL_ARRAY_SIZE(names) ? names[kind] : "?";
}
