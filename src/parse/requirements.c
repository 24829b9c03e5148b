/*
 * deploylint: pip requirements files (pip 24.x req_file.py and
 * req/constructors.py). Following -r/-c includes across files is the
 * model's (src/model/reqset.c).
 */
#include "deploylint/requirements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"

/* ---- logical lines ----------------------------------------------------- */

/* A logical line: text plus the file position of each of its bytes. */
struct lline {
	struct dl_strbuf text;
	struct dl_pos *pos;
	size_t pos_nr, pos_alloc;
	unsigned first_line, last_line;
};

struct parser {
	struct dl_requirements *out;
	struct dl_arena *arena;
	struct dl_requirement *reqs;
	size_t reqs_nr, reqs_alloc;
	struct dl_req_include *incs;
	size_t incs_nr, incs_alloc;
	struct dl_req_option *opts;
	size_t opts_nr, opts_alloc;
};

static void
lline_put(struct lline *l, const char *s, size_t n, unsigned line, unsigned col)
{
	size_t k;
	dl_strbuf_put(&l->text, s, n);
	DL_ALLOC_GROW(l->pos, dl_st_add(l->pos_nr, n + 1), l->pos_alloc);
	for (k = 0; k < n; k++) {
		l->pos[l->pos_nr].line = line;
		l->pos[l->pos_nr].col = col + (unsigned)k;
		l->pos_nr++;
	}
}

/* Position of byte i of the logical line (the end maps past the last). */
static struct dl_pos
lpos(const struct lline *l, size_t i)
{
	struct dl_pos p;
	if (i < l->pos_nr)
		return l->pos[i];
	if (l->pos_nr) {
		p = l->pos[l->pos_nr - 1];
		p.col++;
		return p;
	}
	p.line = l->first_line;
	p.col = 1;
	return p;
}

void
dl_requirements_redact(struct dl_strbuf *out, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		if (c == ':' && i + 2 < len && text[i + 1] == '/' && text[i + 2] == '/') {
			size_t a = i + 3, e = a, at = (size_t)-1, colon = (size_t)-1;
			while (e < len && text[e] != '/' && text[e] != ' ' && text[e] != '#' &&
			       text[e] != '?') {
				if (text[e] == '@')
					at = e;
				e++;
			}
			dl_strbuf_put(out, "://", 3);
			if (at != (size_t)-1) {
				size_t k;
				for (k = a; k < at; k++)
					if (text[k] == ':') {
						colon = k;
						break;
					}
				if (colon != (size_t)-1)
					dl_strbuf_put(out, text + a, colon + 1 - a);
				dl_strbuf_puts(out, "***");
				i = at;
			} else {
				i = a;
			}
			continue;
		}
		dl_strbuf_putc(out, c < 0x20 || c == 0x7f ? '?' : c);
		i++;
	}
}

static void
set_error(struct parser *p, struct dl_pos pos, const char *fmt, const char *arg,
	  size_t arg_len)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;

	if (p->out->error.set)
		return;
	p->out->error.set = 1;
	p->out->error.pos = pos;
	/* the argument is file text: short, printable, without credentials */
	for (; *fmt; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 's') {
			dl_requirements_redact(&sb, arg, arg_len > 80 ? 80 : arg_len);
			if (arg_len > 80)
				dl_strbuf_puts(&sb, "...");
			fmt++;
		} else {
			dl_strbuf_putc(&sb, *fmt);
		}
	}
	p->out->error.message = dl_arena_strndup(p->arena, sb.buf, sb.len);
	dl_strbuf_release(&sb);
}

/* ASCII white space as Python's str.strip()/\s see it (the non-ASCII ones
 * never appear in requirement syntax). */
static int
pyspace(int c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
}

/* ---- names -------------------------------------------------------------- */

void
dl_requirements_normalise(struct dl_strbuf *out, const char *name, size_t len)
{
	size_t k;
	int in_run = 0;

	for (k = 0; k < len; k++) {
		int c = (unsigned char)name[k];
		if (c == '-' || c == '_' || c == '.') {
			if (!in_run)
				dl_strbuf_putc(out, '-');
			in_run = 1;
			continue;
		}
		in_run = 0;
		dl_strbuf_putc(out, (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
	}
}

static const char *
normalise_arena(struct dl_arena *arena, const char *name, size_t len)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const char *r;
	dl_requirements_normalise(&sb, name, len);
	r = dl_arena_strndup(arena, sb.buf, sb.len);
	dl_strbuf_release(&sb);
	return r;
}

static int
name_char(int c)
{
	return dl_isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* PEP 508 name at s: returns its length (0 when none). */
static size_t
read_name(const char *s, size_t len)
{
	size_t n = 0;
	if (!len || !dl_isalnum((unsigned char)s[0]))
		return 0;
	while (n < len && name_char((unsigned char)s[n]))
		n++;
	while (n > 1 && !dl_isalnum((unsigned char)s[n - 1]))
		n--;
	return n;
}

int
dl_requirements_has_extra(const char *extras, const char *extra)
{
	struct dl_strbuf want = DL_STRBUF_INIT, got = DL_STRBUF_INIT;
	const char *p = extras;
	int found = 0;

	if (!extras || !extra)
		return 0;
	dl_requirements_normalise(&want, extra, strlen(extra));
	while (*p && !found) {
		size_t n = strcspn(p, ","), a = 0, b = n;
		while (a < b && pyspace((unsigned char)p[a]))
			a++;
		while (b > a && pyspace((unsigned char)p[b - 1]))
			b--;
		dl_strbuf_reset(&got);
		dl_requirements_normalise(&got, p + a, b - a);
		found = got.len == want.len && memcmp(got.buf, want.buf, got.len) == 0;
		p += n;
		if (*p == ',')
			p++;
	}
	dl_strbuf_release(&want);
	dl_strbuf_release(&got);
	return found;
}

/* ---- URLs and paths ----------------------------------------------------- */

static int
has_prefix_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix), k;
	if (len < n)
		return 0;
	for (k = 0; k < n; k++) {
		int c = (unsigned char)s[k];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != prefix[k])
			return 0;
	}
	return 1;
}

int
dl_requirements_is_url(const char *s, size_t len)
{
	static const char *const schemes[] = {
		"http:", "https:", "file:", "ftp:", "git:", "git+", "hg+",
		"svn:", "svn+", "bzr+"
	};
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(schemes); k++)
		if (has_prefix_ci(s, len, schemes[k]))
			return 1;
	return 0;
}

static int
has_suffix_ci(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && has_prefix_ci(s + len - n, n, suffix);
}

/* pip's is_archive_file() (by extension). */
static int
is_archive(const char *s, size_t len)
{
	static const char *const exts[] = {
		".whl", ".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz",
		".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma"
	};
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(exts); k++)
		if (has_suffix_ci(s, len, exts[k]))
			return 1;
	return 0;
}

/* pip's _looks_like_path() on Linux, plus Windows paths (which pip on a
 * Linux build machine cannot use either way). */
static int
looks_like_path(const char *s, size_t len)
{
	if (memchr(s, '/', len) || memchr(s, '\\', len))
		return 1;
	if (len && s[0] == '.')
		return 1;
	if (len >= 2 && dl_isalpha((unsigned char)s[0]) && s[1] == ':')
		return 1;
	return 0;
}

/* The project name a URL or path names: "#egg=name" or a wheel file name.
 * Returns its offset and length in *off and *n, or 0. */
static int
url_name(const char *s, size_t len, size_t *off, size_t *n)
{
	size_t k, end = len;

	for (k = 0; k + 5 <= len; k++)
		if (memcmp(s + k, "#egg=", 5) == 0 || memcmp(s + k, "&egg=", 5) == 0) {
			size_t m = read_name(s + k + 5, len - k - 5);
			if (m) {
				*off = k + 5;
				*n = m;
				return 1;
			}
		}
	for (k = 0; k < len; k++)
		if (s[k] == '#' || s[k] == '?') {
			end = k;
			break;
		}
	if (has_suffix_ci(s, end, ".whl")) {
		size_t b = end;
		while (b > 0 && s[b - 1] != '/' && s[b - 1] != '\\')
			b--;
		k = b;
		while (k < end && s[k] != '-')
			k++;
		if (k > b && k < end) {
			*off = b;
			*n = k - b;
			return 1;
		}
	}
	return 0;
}

/* ---- requirement lines -------------------------------------------------- */

static struct dl_requirement *
new_req(struct parser *p)
{
	struct dl_requirement *r;
	DL_ALLOC_GROW(p->reqs, p->reqs_nr + 1, p->reqs_alloc);
	r = &p->reqs[p->reqs_nr++];
	memset(r, 0, sizeof(*r));
	return r;
}

static void
set_name(struct parser *p, struct dl_requirement *r, const struct lline *l,
	 size_t off, size_t n)
{
	r->name = dl_arena_strndup(p->arena, l->text.buf + off, n);
	r->normalised = normalise_arena(p->arena, l->text.buf + off, n);
	r->name_pos = lpos(l, off);
	r->name_len = (unsigned)n;
}

static void
set_url(struct parser *p, struct dl_requirement *r, const struct lline *l,
	size_t off, size_t n)
{
	size_t noff, nn;
	r->url = dl_arena_strndup(p->arena, l->text.buf + off, n);
	r->url_pos = lpos(l, off);
	r->url_len = (unsigned)n;
	if (!r->name && url_name(l->text.buf + off, n, &noff, &nn))
		set_name(p, r, l, off + noff, nn);
}

static void
set_marker(struct parser *p, struct dl_requirement *r, const struct lline *l,
	   size_t off, size_t end)
{
	while (off < end && pyspace((unsigned char)l->text.buf[off]))
		off++;
	while (end > off && pyspace((unsigned char)l->text.buf[end - 1]))
		end--;
	r->marker = dl_arena_strndup(p->arena, l->text.buf + off, end - off);
	r->marker_pos = lpos(l, off);
}

/*
 * The requirement part of a line: text [a, b) of the logical line.
 * `editable` is set for -e targets.
 */
static void
parse_requirement(struct parser *p, const struct lline *l, size_t a, size_t b,
		  int editable, size_t hashes)
{
	const char *s = l->text.buf;
	struct dl_requirement *r;
	size_t semi, i, n;

	if (p->reqs_nr >= DL_MAX_REQ_LINES) {
		if (!p->out->cut_line)
			p->out->cut_line = lpos(l, a).line;
		return;
	}
	while (a < b && pyspace((unsigned char)s[a]))
		a++;
	while (b > a && pyspace((unsigned char)s[b - 1]))
		b--;
	if (a >= b)
		return;
	r = new_req(p);
	r->line = lpos(l, a).line;
	r->end_line = l->last_line;
	r->hashes = hashes;

	if (editable) {
		r->kind = DL_REQ_EDITABLE;
		set_url(p, r, l, a, b - a);
		return;
	}
	if (dl_requirements_is_url(s + a, b - a)) {
		/* pip splits a URL's marker on "; " only */
		semi = b;
		for (i = a; i + 1 < b; i++)
			if (s[i] == ';' && s[i + 1] == ' ') {
				semi = i;
				break;
			}
		if (semi < b)
			set_marker(p, r, l, semi + 1, b);
		while (semi > a && pyspace((unsigned char)s[semi - 1]))
			semi--;
		r->kind = DL_REQ_PATH;
		set_url(p, r, l, a, semi - a);
		return;
	}
	semi = a;
	while (semi < b && s[semi] != ';')
		semi++;
	if (semi < b)
		set_marker(p, r, l, semi + 1, b);
	b = semi;
	while (b > a && pyspace((unsigned char)s[b - 1]))
		b--;
	if (a == b) {
		set_error(p, lpos(l, a), "Invalid requirement: a marker without a name", "", 0);
		p->reqs_nr--;
		return;
	}
	if (looks_like_path(s + a, b - a) || is_archive(s + a, b - a)) {
		/* "name @ URL" stays a requirement when the part before '@'
		 * does not look like a path */
		const char *at = memchr(s + a, '@', b - a);
		if (!at || looks_like_path(s + a, (size_t)(at - (s + a)))) {
			r->kind = DL_REQ_PATH;
			set_url(p, r, l, a, b - a);
			return;
		}
	}
	/* PEP 508: name [extras] (@ url | specifiers | (specifiers)) */
	n = read_name(s + a, b - a);
	if (!n) {
		set_error(p, lpos(l, a), "Invalid requirement: '%s'", s + a, b - a);
		p->reqs_nr--;
		return;
	}
	r->kind = DL_REQ_NAMED;
	set_name(p, r, l, a, n);
	i = a + n;
	while (i < b && pyspace((unsigned char)s[i]))
		i++;
	if (i < b && s[i] == '[') {
		size_t e = i + 1;
		while (e < b && s[e] != ']')
			e++;
		if (e == b) {
			set_error(p, lpos(l, i), "Invalid requirement: unclosed extras in '%s'",
				  s + a, b - a);
			return;
		}
		r->extras = dl_arena_strndup(p->arena, s + i + 1, e - i - 1);
		i = e + 1;
		while (i < b && pyspace((unsigned char)s[i]))
			i++;
	}
	if (i == b)
		return;
	if (s[i] == '@') {
		i++;
		while (i < b && pyspace((unsigned char)s[i]))
			i++;
		if (i == b) {
			set_error(p, lpos(l, i), "Invalid requirement: '@' without a URL in '%s'",
				  s + a, b - a);
			return;
		}
		r->kind = DL_REQ_URL;
		set_url(p, r, l, i, b - i);
		return;
	}
	{
		size_t ss = i, se = b, bad = 0;
		if (s[i] == '(') {
			if (s[b - 1] != ')') {
				set_error(p, lpos(l, i), "Invalid requirement: unclosed '(' in '%s'",
					  s + a, b - a);
				return;
			}
			ss = i + 1;
			se = b - 1;
			while (ss < se && pyspace((unsigned char)s[ss]))
				ss++;
			while (se > ss && pyspace((unsigned char)s[se - 1]))
				se--;
		}
		r->specifier = dl_arena_strndup(p->arena, s + ss, se - ss);
		r->spec_pos = lpos(l, ss);
		r->spec_len = (unsigned)(se - ss);
		if (!strchr("<>=!~", s[ss]) ||
		    dl_pep440_specset_parse(&r->specs, p->arena, s + ss, se - ss, &bad) < 0) {
			r->spec_invalid = 1;
			r->specs.nr = 0;
			set_error(p, lpos(l, ss + bad), "Invalid requirement: bad version specifier in '%s'",
				  s + a, b - a);
		}
	}
}

/* ---- option lines ------------------------------------------------------- */

struct token {
	char *text; /* malloc'd, unquoted */
	size_t off; /* offset of its first byte in the logical line */
	size_t end; /* one past its last byte as written */
};

/* Splits [a, b) as shlex.split (POSIX mode, no comments) does. */
static size_t
tokenize(struct token **out, size_t *alloc, const char *s, size_t a, size_t b,
	 int *unterminated)
{
	size_t nr = 0, i = a;
	struct dl_strbuf sb = DL_STRBUF_INIT;

	*unterminated = 0;
	while (i < b) {
		int started = 0;
		size_t start;
		while (i < b && pyspace((unsigned char)s[i]))
			i++;
		if (i >= b)
			break;
		start = i;
		dl_strbuf_reset(&sb);
		while (i < b && !pyspace((unsigned char)s[i])) {
			char c = s[i];
			started = 1;
			if (c == '\'') {
				i++;
				while (i < b && s[i] != '\'')
					dl_strbuf_putc(&sb, s[i++]);
				if (i >= b)
					*unterminated = 1;
				else
					i++;
			} else if (c == '"') {
				i++;
				while (i < b && s[i] != '"') {
					if (s[i] == '\\' && i + 1 < b &&
					    strchr("\\\"$`", s[i + 1]))
						i++;
					dl_strbuf_putc(&sb, s[i++]);
				}
				if (i >= b)
					*unterminated = 1;
				else
					i++;
			} else if (c == '\\' && i + 1 < b) {
				dl_strbuf_putc(&sb, s[i + 1]);
				i += 2;
			} else {
				dl_strbuf_putc(&sb, c);
				i++;
			}
		}
		if (!started)
			break;
		DL_ALLOC_GROW(*out, nr + 1, *alloc);
		(*out)[nr].text = dl_xstrndup(sb.buf, sb.len);
		(*out)[nr].off = start;
		(*out)[nr].end = i;
		nr++;
	}
	dl_strbuf_release(&sb);
	return nr;
}

enum optkind {
	OPT_REQUIREMENT = 1,
	OPT_CONSTRAINT,
	OPT_EDITABLE,
	OPT_HASH,
	OPT_OTHER
};

static const struct {
	const char *lng;
	char shrt;
	int takes_value;
	enum optkind kind;
} options[] = {
	{ "--requirement", 'r', 1, OPT_REQUIREMENT },
	{ "--constraint", 'c', 1, OPT_CONSTRAINT },
	{ "--editable", 'e', 1, OPT_EDITABLE },
	{ "--index-url", 'i', 1, OPT_OTHER },
	{ "--extra-index-url", 0, 1, OPT_OTHER },
	{ "--no-index", 0, 0, OPT_OTHER },
	{ "--find-links", 'f', 1, OPT_OTHER },
	{ "--pre", 0, 0, OPT_OTHER },
	{ "--prefer-binary", 0, 0, OPT_OTHER },
	{ "--only-binary", 0, 1, OPT_OTHER },
	{ "--no-binary", 0, 1, OPT_OTHER },
	{ "--require-hashes", 0, 0, OPT_OTHER },
	{ "--trusted-host", 0, 1, OPT_OTHER },
	{ "--use-feature", 0, 1, OPT_OTHER },
	{ "--hash", 0, 1, OPT_HASH },
	{ "--config-settings", 0, 1, OPT_OTHER },
	{ "--global-option", 0, 1, OPT_OTHER },
	{ "--install-option", 0, 1, OPT_OTHER },
	{ "--dry-run", 0, 0, OPT_OTHER },
};

/* optparse's long-option lookup: exact, else a unique prefix. */
static int
find_long(const char *name, size_t n)
{
	size_t k;
	int found = -1;
	for (k = 0; k < DL_ARRAY_SIZE(options); k++)
		if (strlen(options[k].lng) == n && memcmp(options[k].lng, name, n) == 0)
			return (int)k;
	for (k = 0; k < DL_ARRAY_SIZE(options); k++)
		if (strlen(options[k].lng) > n && memcmp(options[k].lng, name, n) == 0) {
			if (found >= 0)
				return -2; /* ambiguous */
			found = (int)k;
		}
	return found;
}

static int
find_short(char c)
{
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(options); k++)
		if (options[k].shrt == c)
			return (int)k;
	return -1;
}

/*
 * Reads the options part [a, b). Records includes and global options;
 * returns the number of --hash values, and in *editable_off/_end the -e
 * target (offsets into the logical line; *editable_off == SIZE_MAX when
 * none).
 */
static size_t
parse_options(struct parser *p, const struct lline *l, size_t a, size_t b,
	      int per_requirement, size_t *ed_off, size_t *ed_end)
{
	struct token *toks = NULL;
	size_t alloc = 0, nr, k, hashes = 0;
	int unterminated;
	const char *s = l->text.buf;

	*ed_off = (size_t)-1;
	*ed_end = 0;
	nr = tokenize(&toks, &alloc, s, a, b, &unterminated);
	if (unterminated)
		set_error(p, lpos(l, a), "No closing quotation in '%s'", s + a, b - a);
	for (k = 0; k < nr; k++) {
		const char *t = toks[k].text;
		const char *value = NULL;
		size_t voff = 0, vend = 0;
		int idx;

		if (strcmp(t, "--") == 0)
			break;
		if (t[0] != '-' || t[1] == '\0')
			continue; /* optparse leaves positional arguments alone */
		if (t[1] == '-') {
			const char *eq = strchr(t, '=');
			size_t n = eq ? (size_t)(eq - t) : strlen(t);
			idx = find_long(t, n);
			if (idx < 0) {
				set_error(p, lpos(l, toks[k].off),
					  idx == -2 ? "ambiguous option: %s" : "no such option: %s",
					  t, n);
				continue;
			}
			if (eq) {
				if (!options[idx].takes_value) {
					set_error(p, lpos(l, toks[k].off),
						  "option %s takes no value", t, n);
					continue;
				}
				value = eq + 1;
				voff = toks[k].off + (size_t)(eq + 1 - t);
				vend = toks[k].end;
			}
		} else {
			idx = find_short(t[1]);
			if (idx < 0) {
				set_error(p, lpos(l, toks[k].off), "no such option: %s", t, 2);
				continue;
			}
			if (t[2]) {
				value = t + 2;
				voff = toks[k].off + 2;
				vend = toks[k].end;
			}
		}
		if (options[idx].takes_value && !value) {
			if (k + 1 >= nr) {
				set_error(p, lpos(l, toks[k].off), "%s option requires an argument",
					  options[idx].lng, strlen(options[idx].lng));
				continue;
			}
			k++;
			value = toks[k].text;
			voff = toks[k].off;
			vend = toks[k].end;
		}
		if (per_requirement && options[idx].kind != OPT_HASH &&
		    strcmp(options[idx].lng, "--config-settings") != 0 &&
		    strcmp(options[idx].lng, "--global-option") != 0 &&
		    strcmp(options[idx].lng, "--install-option") != 0)
			continue; /* pip ignores global options after a requirement */
		switch (options[idx].kind) {
		case OPT_REQUIREMENT:
		case OPT_CONSTRAINT: {
			struct dl_req_include *inc;
			DL_ALLOC_GROW(p->incs, p->incs_nr + 1, p->incs_alloc);
			inc = &p->incs[p->incs_nr++];
			inc->constraint = options[idx].kind == OPT_CONSTRAINT;
			inc->target = dl_arena_strdup(p->arena, value);
			inc->pos = lpos(l, voff);
			inc->len = (unsigned)(vend - voff);
			break;
		}
		case OPT_EDITABLE:
			if (*ed_off == (size_t)-1) {
				*ed_off = voff;
				*ed_end = vend;
			}
			break;
		case OPT_HASH:
			hashes++;
			break;
		case OPT_OTHER: {
			struct dl_req_option *o;
			if (per_requirement)
				break;
			DL_ALLOC_GROW(p->opts, p->opts_nr + 1, p->opts_alloc);
			o = &p->opts[p->opts_nr++];
			o->name = options[idx].lng;
			o->value = value ? dl_arena_strdup(p->arena, value) : NULL;
			o->pos = lpos(l, toks[k].off);
			break;
		}
		}
	}
	if (unterminated)
		*ed_off = (size_t)-1; /* pip rejects the line: nothing to install */
	for (k = 0; k < nr; k++)
		free(toks[k].text);
	free(toks);
	return hashes;
}

static void
handle_line(struct parser *p, struct lline *l)
{
	const char *s = l->text.buf;
	size_t len = l->text.len, a = 0, b, k, args_end, opt_start;
	size_t ed_off, ed_end, hashes;

	/* COMMENT_RE = (^|\s+)#.*$ : cut at the first '#' at the start or
	 * after white space */
	for (k = 0; k < len; k++)
		if (s[k] == '#' && (k == 0 || pyspace((unsigned char)s[k - 1]))) {
			len = k;
			break;
		}
	while (a < len && pyspace((unsigned char)s[a]))
		a++;
	b = len;
	while (b > a && pyspace((unsigned char)s[b - 1]))
		b--;
	if (a == b)
		return;
	/* break_args_options: space-separated tokens up to the first one
	 * starting with '-' are the requirement */
	args_end = a;
	opt_start = b;
	k = a;
	while (k < b) {
		size_t e = k;
		while (e < b && s[e] != ' ')
			e++;
		if (s[k] == '-') {
			opt_start = k;
			break;
		}
		args_end = e;
		k = e + 1;
	}
	if (args_end > a) {
		hashes = 0;
		if (opt_start < b)
			hashes = parse_options(p, l, opt_start, b, 1, &ed_off, &ed_end);
		parse_requirement(p, l, a, args_end, 0, hashes);
		return;
	}
	parse_options(p, l, opt_start, b, 0, &ed_off, &ed_end);
	if (ed_off != (size_t)-1) {
		/* the -e value as written (unquoted tokens are the common case) */
		size_t ea = ed_off, eb = ed_end;
		if (eb - ea >= 2 && (s[ea] == '"' || s[ea] == '\'') && s[eb - 1] == s[ea]) {
			ea++;
			eb--;
		}
		parse_requirement(p, l, ea, eb, 1, 0);
	}
}

/* ---- the file ------------------------------------------------------------ */

/* Line breaks as Python's str.splitlines() sees them (ASCII ones). */
static int
is_break(int c)
{
	return c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       (c >= 0x1c && c <= 0x1e);
}

static int
line_is_comment(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && pyspace((unsigned char)s[k]))
		k++;
	return k < n && s[k] == '#';
}

static void *
copy_out(struct dl_arena *arena, const void *src, size_t nr, size_t size)
{
	void *dst;
	if (!nr)
		return NULL;
	dst = dl_arena_alloc(arena, dl_st_mult(nr, size));
	memcpy(dst, src, nr * size);
	return dst;
}

void
dl_requirements_parse(struct dl_requirements *out, struct dl_arena *arena,
		      const char *data, size_t len)
{
	struct parser p;
	struct lline l;
	size_t i = 0;
	unsigned line = 0;
	int open = 0;
	char max_line[16];

	(void)snprintf(max_line, sizeof(max_line), "%u", DL_MAX_REQ_LINE);
	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	memset(&l, 0, sizeof(l));
	dl_strbuf_init(&l.text, 0);
	p.out = out;
	p.arena = arena;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		size_t start = i, end, next, trail, line_start;
		unsigned col;
		const char *s;

		while (i < len && !is_break((unsigned char)data[i]))
			i++;
		end = i;
		next = i;
		if (next < len) {
			if (data[next] == '\r' && next + 1 < len && data[next + 1] == '\n')
				next += 2;
			else
				next++;
		}
		i = next;
		line++;
		line_start = line == 1 ? 0 : start; /* a BOM keeps its columns */
		col = (unsigned)(start - line_start) + 1;
		s = data + start;
		trail = end - start;
		if (trail && s[trail - 1] == '\\' && !line_is_comment(s, trail)) {
			/* a continued line: pip strips '\\' on both ends */
			size_t a = 0, b = trail;
			while (a < b && s[a] == '\\')
				a++;
			while (b > a && s[b - 1] == '\\')
				b--;
			if (!open) {
				dl_strbuf_reset(&l.text);
				l.pos_nr = 0;
				l.first_line = line;
				open = 1;
			}
			if (l.text.len + (b - a) > DL_MAX_REQ_LINE) {
				set_error(&p, lpos(&l, 0), "a logical line longer than %s bytes",
					  max_line, strlen(max_line));
				open = 0;
				continue;
			}
			lline_put(&l, s + a, b - a, line, col + (unsigned)a);
			l.last_line = line;
			continue;
		}
		if (!open) {
			dl_strbuf_reset(&l.text);
			l.pos_nr = 0;
			l.first_line = line;
		}
		open = 0;
		if (l.text.len + trail > DL_MAX_REQ_LINE) {
			set_error(&p, lpos(&l, 0), "a logical line longer than %s bytes",
				  max_line, strlen(max_line));
			continue;
		}
		if (line_is_comment(s, trail))
			lline_put(&l, " ", 1, line, col); /* pip prefixes a space */
		lline_put(&l, s, trail, line, col);
		l.last_line = line;
		handle_line(&p, &l);
	}
	if (open)
		handle_line(&p, &l);
	out->reqs = copy_out(arena, p.reqs, p.reqs_nr, sizeof(*p.reqs));
	out->nr = p.reqs_nr;
	out->includes = copy_out(arena, p.incs, p.incs_nr, sizeof(*p.incs));
	out->includes_nr = p.incs_nr;
	out->options = copy_out(arena, p.opts, p.opts_nr, sizeof(*p.opts));
	out->options_nr = p.opts_nr;
	free(p.reqs);
	free(p.incs);
	free(p.opts);
	dl_strbuf_release(&l.text);
	free(l.pos);
}

void *
dl_requirements_parse_doc(struct dl_arena *arena, const char *data, size_t len)
{
	struct dl_requirements *doc = dl_arena_alloc(arena, sizeof(*doc));
	dl_requirements_parse(doc, arena, data, len);
	return doc;
}
