/*
 * deploylint: an INI reader that splits lines, values and sections exactly as
 * Python 3.11's configparser does with default options, plus its interpolation.
 */
#include "deploylint/parse.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"

/* configparser's MAX_INTERPOLATION_DEPTH */
#define INTERP_MAX_DEPTH 10
/* Work units (bytes appended or scanned, entries compared) one
 * dl_ini_interpolate call may spend before giving up: references can nest
 * and repeat, so the expansion of a small file can be exponential. */
#define INTERP_BUDGET ((size_t)16 * DL_MAX_INI_VALUE)

/* ---- Python's notion of whitespace (str.isspace, re's \s) ------------- */

/*
 * Length in bytes of the whitespace character (as str.isspace() sees it,
 * the UTF-8 text decoded) starting at p, or 0.
 */
static size_t
pyspace_at(const unsigned char *p, const unsigned char *end)
{
	size_t n = (size_t)(end - p);

	if (!n)
		return 0;
	if ((p[0] >= 0x09 && p[0] <= 0x0d) || (p[0] >= 0x1c && p[0] <= 0x20))
		return 1;
	if (n >= 2 && p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
		return 2;
	if (n < 3)
		return 0;
	if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
		return 3; /* U+1680 */
	if (p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] <= 0x8a || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf) &&
	    p[2] >= 0x80)
		return 3; /* U+2000..200A, U+2028, U+2029, U+202F */
	if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
		return 3; /* U+205F */
	if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return 3; /* U+3000 */
	return 0;
}

/* Length of the whitespace character ending just before `end`, or 0. */
static size_t
pyspace_before(const unsigned char *start, const unsigned char *end)
{
	size_t n = (size_t)(end - start);

	if (n >= 1 && pyspace_at(end - 1, end) == 1)
		return 1;
	if (n >= 2 && pyspace_at(end - 2, end) == 2)
		return 2;
	if (n >= 3 && pyspace_at(end - 3, end) == 3)
		return 3;
	return 0;
}

static const unsigned char *
lstrip(const unsigned char *p, const unsigned char *end)
{
	size_t n;

	while ((n = pyspace_at(p, end)) != 0)
		p += n;
	return p;
}

static const unsigned char *
rstrip(const unsigned char *start, const unsigned char *end)
{
	size_t n;

	while ((n = pyspace_before(start, end)) != 0)
		end -= n;
	return end;
}

static int
key_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++)
		if (dl_tolower((unsigned char)a[i]) != dl_tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* FNV-1a over the bytes, ASCII-lower-cased when `fold` */
static uint32_t
hash_bytes(uint32_t h, const char *s, size_t n, int fold)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		h ^= (uint32_t)(fold ? dl_tolower(c) : c);
		h *= 16777619u;
	}
	return h;
}

/* ---- the parser's working state --------------------------------------- */

struct bentry {
	struct dl_ini_entry e;
	size_t key_len; /* keys may hold NUL bytes */
};

struct bsection {
	const char *name;
	size_t name_len;
	struct dl_pos pos;
	struct bentry *entries;
	size_t nr, alloc;
};

/* One open-addressing slot; `a` indexes sections, `b` entries (or SIZE_MAX
 * in the section table). */
struct slot {
	size_t a, b;
	uint32_t hash;
	int used;
};

struct table {
	struct slot *slots;
	size_t size, nr; /* size is a power of two */
};

struct ini_parser {
	struct dl_ini *out;
	struct dl_arena *arena;
	struct bsection *secs;
	size_t secs_nr, secs_alloc;
	struct table sec_table, key_table;

	size_t cursect;   /* SIZE_MAX: no section yet */
	int have_opt;     /* configparser's `optname` is truthy */
	size_t cur_entry; /* index in secs[cursect] of that option */
	int cur_open;     /* an entry is being built in `value` */
	struct dl_strbuf value;
	size_t pending_blank; /* empty lines seen since the last piece */
	int value_full;       /* DL_MAX_INI_VALUE reached: drop pieces */
	size_t indent_level;
};

static void
set_error(struct ini_parser *ps, unsigned line, unsigned col,
	  struct dl_strbuf *msg)
{
	struct dl_parse_error *e = &ps->out->error;

	if (!e->set) {
		e->set = 1;
		e->pos.line = line;
		e->pos.col = col;
		e->message = dl_arena_strndup(ps->arena, msg->buf, msg->len);
	}
	dl_strbuf_release(msg);
}

static void
set_error_str(struct ini_parser *ps, unsigned line, unsigned col,
	      const char *msg)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;

	if (ps->out->error.set)
		return;
	dl_strbuf_puts(&sb, msg);
	set_error(ps, line, col, &sb);
}

static void
table_grow(struct table *t)
{
	struct table nt;
	size_t i;

	nt.size = t->size ? dl_st_mult(t->size, 2) : 64;
	nt.nr = t->nr;
	nt.slots = dl_xcalloc(nt.size, sizeof(*nt.slots));
	for (i = 0; i < t->size; i++) {
		const struct slot *s = &t->slots[i];
		size_t j;
		if (!s->used)
			continue;
		/* rehash by stored hash: no key comparison needed */
		j = s->hash & (nt.size - 1);
		while (nt.slots[j].used)
			j = (j + 1) & (nt.size - 1);
		nt.slots[j] = *s;
	}
	free(t->slots);
	*t = nt;
}

/*
 * Looks up (sec, name) in t; a section table is keyed by the name alone
 * (sec == SIZE_MAX). Returns the slot: used when found, else free.
 */
static struct slot *
table_find(struct table *t, struct ini_parser *ps, size_t sec,
	   const char *name, size_t len, uint32_t h)
{
	size_t i = h & (t->size - 1);

	for (;;) {
		struct slot *s = &t->slots[i];
		if (!s->used)
			return s;
		if (s->hash == h) {
			if (sec == SIZE_MAX) {
				const struct bsection *b = &ps->secs[s->a];
				if (b->name_len == len &&
				    !memcmp(b->name, name, len))
					return s;
			} else if (s->a == sec) {
				const struct bentry *e =
					&ps->secs[s->a].entries[s->b];
				if (key_eq(e->e.key, e->key_len, name, len))
					return s;
			}
		}
		i = (i + 1) & (t->size - 1);
	}
}

static uint32_t
section_hash(const char *name, size_t len)
{
	return hash_bytes(2166136261u, name, len, 0);
}

static uint32_t
key_hash(size_t sec, const char *key, size_t len)
{
	unsigned char sb[sizeof(sec)];
	uint32_t h;

	memcpy(sb, &sec, sizeof(sec));
	h = hash_bytes(2166136261u, (const char *)sb, sizeof(sb), 0);
	return hash_bytes(h, key, len, 1);
}

static void
table_insert(struct table *t, struct ini_parser *ps, size_t a, size_t b,
	     const char *name, size_t len, uint32_t h)
{
	struct slot *s;

	if ((t->nr + 1) * 2 > t->size)
		table_grow(t);
	s = table_find(t, ps, b == SIZE_MAX ? SIZE_MAX : a, name, len, h);
	s->used = 1;
	s->a = a;
	s->b = b;
	s->hash = h;
	t->nr++;
}

/* ---- building the document --------------------------------------------- */

static void
finish_entry(struct ini_parser *ps)
{
	struct dl_ini_entry *e;

	if (!ps->cur_open)
		return;
	e = &ps->secs[ps->cursect].entries[ps->cur_entry].e;
	/* configparser: '\n'.join(pieces).rstrip(); the pieces are stripped,
	 * so only trailing empty pieces (pending_blank) go */
	e->value = dl_arena_strndup(ps->arena, ps->value.buf, ps->value.len);
	e->value_len = ps->value.len;
	dl_strbuf_reset(&ps->value);
	ps->cur_open = 0;
	ps->pending_blank = 0;
	ps->value_full = 0;
}

static void
open_section(struct ini_parser *ps, const char *name, size_t len,
	     unsigned line, unsigned col)
{
	uint32_t h = section_hash(name, len);
	struct slot *s;

	if (!ps->sec_table.size)
		table_grow(&ps->sec_table);
	s = table_find(&ps->sec_table, ps, SIZE_MAX, name, len, h);
	if (s->used) {
		/* configparser: DEFAULT may be reopened; any other section
		 * is DuplicateSectionError in strict mode. Either way later
		 * options go into the existing section. */
		if (!(len == 7 && !memcmp(name, "DEFAULT", 7))) {
			struct dl_strbuf msg = DL_STRBUF_INIT;
			dl_strbuf_puts(&msg, "section '");
			dl_strbuf_put(&msg, name, len);
			dl_strbuf_puts(&msg, "' already exists");
			set_error(ps, line, col, &msg);
		}
		ps->cursect = s->a;
		return;
	}
	DL_ALLOC_GROW(ps->secs, ps->secs_nr + 1, ps->secs_alloc);
	memset(&ps->secs[ps->secs_nr], 0, sizeof(ps->secs[0]));
	ps->secs[ps->secs_nr].name = dl_arena_strndup(ps->arena, name, len);
	ps->secs[ps->secs_nr].name_len = len;
	ps->secs[ps->secs_nr].pos.line = line;
	ps->secs[ps->secs_nr].pos.col = col;
	table_insert(&ps->sec_table, ps, ps->secs_nr, SIZE_MAX, name, len, h);
	ps->cursect = ps->secs_nr++;
}

static void
open_entry(struct ini_parser *ps, const char *key, size_t klen,
	   struct dl_pos key_pos, struct dl_pos value_pos, unsigned line)
{
	struct bsection *sec = &ps->secs[ps->cursect];
	uint32_t h = key_hash(ps->cursect, key, klen);
	struct slot *s;
	struct dl_ini_entry *e;
	size_t idx;

	if (!ps->key_table.size)
		table_grow(&ps->key_table);
	s = table_find(&ps->key_table, ps, ps->cursect, key, klen, h);
	if (s->used) {
		struct dl_strbuf msg = DL_STRBUF_INIT;
		dl_strbuf_puts(&msg, "option '");
		dl_strbuf_put(&msg, sec->entries[s->b].e.key, klen);
		dl_strbuf_puts(&msg, "' in section '");
		dl_strbuf_put(&msg, sec->name, sec->name_len);
		dl_strbuf_puts(&msg, "' already exists");
		set_error(ps, key_pos.line, key_pos.col, &msg);
		/* as without strict mode: the value is replaced in place */
		idx = s->b;
	} else {
		char *k;
		size_t i;
		DL_ALLOC_GROW(sec->entries, sec->nr + 1, sec->alloc);
		idx = sec->nr++;
		memset(&sec->entries[idx], 0, sizeof(sec->entries[0]));
		k = dl_arena_strndup(ps->arena, key, klen);
		for (i = 0; i < klen; i++)
			k[i] = (char)dl_tolower((unsigned char)k[i]);
		sec->entries[idx].e.key = k;
		sec->entries[idx].key_len = klen;
		table_insert(&ps->key_table, ps, ps->cursect, idx, key, klen, h);
	}
	e = &sec->entries[idx].e;
	e->key_pos = key_pos;
	e->value_pos = value_pos;
	e->value_end_line = line;
	e->value = NULL;
	e->value_len = 0;
	ps->cur_entry = idx;
	ps->cur_open = 1;
	ps->have_opt = klen != 0;
	dl_strbuf_reset(&ps->value);
	ps->pending_blank = 0;
	ps->value_full = 0;
}

/* Appends one stripped piece of the current value (the first one when
 * `first`), with the empty lines before it. */
static void
add_piece(struct ini_parser *ps, const char *p, size_t n, int first,
	  unsigned line, unsigned col)
{
	size_t need = n + (first ? 0 : ps->pending_blank + 1);

	if (ps->value_full)
		return;
	if (ps->value.len > DL_MAX_INI_VALUE ||
	    need > DL_MAX_INI_VALUE - ps->value.len) {
		struct dl_strbuf msg = DL_STRBUF_INIT;
		dl_strbuf_addf(&msg, "value longer than the limit (%u bytes)", DL_MAX_INI_VALUE);
		set_error(ps, line, col, &msg);
		ps->value_full = 1;
		if (!first)
			return;
		n = DL_MAX_INI_VALUE;
	}
	if (!first) {
		size_t i;
		for (i = 0; i <= ps->pending_blank; i++)
			dl_strbuf_putc(&ps->value, '\n');
	}
	ps->pending_blank = 0;
	dl_strbuf_put(&ps->value, p, n);
	if (ps->cur_open)
		ps->secs[ps->cursect].entries[ps->cur_entry].e.value_end_line =
			line;
}

/* Handles one physical line [p, end) (no line terminator), numbered `line`,
 * whose first byte is at column `col0`. */
static void
parse_line(struct ini_parser *ps, const unsigned char *lp,
	   const unsigned char *end, unsigned line)
{
	const unsigned char *s, *e, *q;
	size_t indent = 0, n;
	unsigned col;

	/* the indent, counted in characters as re's \S finds it */
	s = lp;
	while ((n = pyspace_at(s, end)) != 0) {
		s += n;
		indent++;
	}
	e = rstrip(s, end);
	col = (unsigned)(s - lp) + 1;

	if (s == e) {
		/* an empty line: kept inside a value (dropped at its end) */
		if (ps->cur_open && ps->have_opt)
			ps->pending_blank++;
		return;
	}
	if (*s == '#' || *s == ';')
		return; /* a whole-line comment: not even a value's end */

	if (ps->cursect != SIZE_MAX && ps->have_opt &&
	    indent > ps->indent_level) {
		if (ps->cur_open)
			add_piece(ps, (const char *)s, (size_t)(e - s), 0, line,
				  col);
		return;
	}
	ps->indent_level = indent;

	/* SECTCRE: '[' then .+ then the last ']' on the line */
	if (*s == '[' && e - s >= 3) {
		const unsigned char *close = NULL;
		for (q = e - 1; q >= s + 2; q--) {
			if (*q == ']') {
				close = q;
				break;
			}
		}
		if (close) {
			finish_entry(ps);
			open_section(ps, (const char *)s + 1,
				     (size_t)(close - s - 1), line, col);
			ps->have_opt = 0;
			return;
		}
	}
	if (ps->cursect == SIZE_MAX) {
		set_error_str(ps, line, col, "File contains no section headers");
		return;
	}
	/* OPTCRE: the option runs up to the first delimiter */
	for (q = s; q < e && *q != '=' && *q != ':'; q++)
		;
	if (q == e) {
		/* neither header, option nor continuation: configparser
		 * keeps `optname`, so a deeper line still continues it */
		set_error_str(ps, line, col, "Source contains parsing errors");
		return;
	} else {
		const unsigned char *kend = rstrip(s, q);
		const unsigned char *v = lstrip(q + 1, e);
		struct dl_pos kpos, vpos;

		if (kend == s)
			set_error_str(ps, line, col,
				      "Source contains parsing errors");
		finish_entry(ps);
		kpos.line = line;
		kpos.col = col;
		vpos.line = line;
		vpos.col = v == e ? (unsigned)(q + 1 - lp) + 1
				  : (unsigned)(v - lp) + 1;
		open_entry(ps, (const char *)s, (size_t)(kend - s), kpos, vpos,
			   line);
		add_piece(ps, (const char *)v, (size_t)(e - v), 1, line,
			  vpos.col);
	}
}

void
dl_ini_parse(struct dl_ini *out, struct dl_arena *arena, const char *data,
	     size_t len)
{
	struct ini_parser ps;
	/* no arithmetic on a null `data` (undefined even when len is 0) */
	const unsigned char *p = (const unsigned char *)(data ? data : "");
	const unsigned char *end = p + (data ? len : 0);
	unsigned line = 0;
	size_t i, j;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	ps.out = out;
	ps.arena = arena;
	ps.cursect = SIZE_MAX;
	dl_strbuf_init(&ps.value, 0);

	if (end - p >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3;
	/* lines end at \n, \r\n or \r (Python's universal newlines) */
	while (p < end) {
		const unsigned char *eol = p;
		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		if (line < UINT_MAX)
			line++;
		parse_line(&ps, p, eol, line);
		if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n')
			eol++;
		p = eol < end ? eol + 1 : end;
	}
	finish_entry(&ps);

	if (ps.secs_nr) {
		out->sections = dl_arena_alloc(arena, dl_st_mult(ps.secs_nr,
								 sizeof(*out->sections)));
		out->nr = ps.secs_nr;
	}
	for (i = 0; i < ps.secs_nr; i++) {
		struct dl_ini_section *d = &out->sections[i];
		struct bsection *b = &ps.secs[i];
		d->name = b->name;
		d->pos = b->pos;
		d->nr = b->nr;
		if (b->nr) {
			d->entries = dl_arena_alloc(arena,
						    dl_st_mult(b->nr, sizeof(*d->entries)));
			for (j = 0; j < b->nr; j++)
				d->entries[j] = b->entries[j].e;
		}
		free(b->entries);
	}
	free(ps.secs);
	free(ps.sec_table.slots);
	free(ps.key_table.slots);
	dl_strbuf_release(&ps.value);
}

/* ---- lookups ----------------------------------------------------------- */

const struct dl_ini_section *
dl_ini_section(const struct dl_ini *ini, const char *name)
{
	size_t i;

	if (!ini || !name)
		return NULL;
	for (i = 0; i < ini->nr; i++)
		if (!strcmp(ini->sections[i].name, name))
			return &ini->sections[i];
	return NULL;
}

static const struct dl_ini_entry *
section_get(const struct dl_ini_section *sec, const char *key, size_t klen,
	    size_t *work)
{
	size_t i;

	if (!sec)
		return NULL;
	for (i = 0; i < sec->nr; i++) {
		const char *k = sec->entries[i].key;
		if (work)
			++*work;
		if (key_eq(k, strlen(k), key, klen))
			return &sec->entries[i];
	}
	return NULL;
}

const struct dl_ini_entry *
dl_ini_get(const struct dl_ini *ini, const char *section, const char *key)
{
	if (!key)
		return NULL;
	return section_get(dl_ini_section(ini, section), key, strlen(key),
			   NULL);
}

/* ---- BasicInterpolation ------------------------------------------------ */

struct interp {
	struct dl_strbuf *out;
	const struct dl_ini_section *sec;
	const struct dl_ini_section *defsec; /* the file's [DEFAULT] */
	const char *const *defaults;
	size_t work;
};

/*
 * Finds the value `name` names: the caller's defaults, then the section,
 * then the file's [DEFAULT] section (configparser's ChainMap also holds it).
 */
static int
interp_lookup(struct interp *st, const char *name, size_t n, const char **v,
	      size_t *vlen)
{
	const struct dl_ini_entry *e;
	size_t i;

	/* configparser's ChainMap: the section, then [DEFAULT] (where the
	 * file's own keys override the defaults the caller passes). */
	e = section_get(st->sec, name, n, &st->work);
	if (!e && st->defsec != st->sec)
		e = section_get(st->defsec, name, n, &st->work);
	if (!e && st->defaults) {
		for (i = 0; st->defaults[i]; i += 2) {
			const char *k = st->defaults[i];
			st->work++;
			if (!st->defaults[i + 1])
				break;
			if (key_eq(k, strlen(k), name, n)) {
				*v = st->defaults[i + 1];
				*vlen = strlen(*v);
				return 0;
			}
		}
	}
	if (!e)
		return -1;
	*v = e->value ? e->value : "";
	*vlen = e->value ? e->value_len : 0;
	return 0;
}

/* configparser's _interpolate_some(); returns -1 with *bad the offset in
 * `v` of the '%' that failed (directly or in what it references). */
static int
interp_some(struct interp *st, const char *v, size_t len, int depth,
	    size_t *bad)
{
	size_t i = 0;

	while (i < len) {
		const char *pct = memchr(v + i, '%', len - i);
		size_t p, j, sub_bad;
		const char *name, *val;
		size_t vlen;

		if (!pct) {
			st->work += len - i;
			dl_strbuf_put(st->out, v + i, len - i);
			break;
		}
		p = (size_t)(pct - v);
		st->work += p - i + 1;
		dl_strbuf_put(st->out, v + i, p - i);
		if (st->work > INTERP_BUDGET) {
			*bad = p;
			return -1;
		}
		if (p + 1 < len && v[p + 1] == '%') {
			dl_strbuf_putc(st->out, '%');
			i = p + 2;
			continue;
		}
		if (p + 1 >= len || v[p + 1] != '(') {
			*bad = p;
			return -1;
		}
		/* _KEYCRE: %\(([^)]+)\)s */
		for (j = p + 2; j < len && v[j] != ')'; j++)
			;
		if (j == p + 2 || j + 1 >= len || v[j + 1] != 's') {
			*bad = p;
			return -1;
		}
		name = v + p + 2;
		if (interp_lookup(st, name, j - p - 2, &val, &vlen) < 0) {
			*bad = p;
			return -1;
		}
		i = j + 2;
		if (memchr(val, '%', vlen)) {
			if (depth + 1 > INTERP_MAX_DEPTH ||
			    interp_some(st, val, vlen, depth + 1, &sub_bad) < 0) {
				*bad = p;
				return -1;
			}
		} else {
			st->work += vlen;
			dl_strbuf_put(st->out, val, vlen);
		}
	}
	return 0;
}

int
dl_ini_interpolate(struct dl_strbuf *out, const struct dl_ini *ini,
		   const char *section, const char *value, size_t len,
		   const char *const *defaults, size_t *bad_offset)
{
	struct interp st;
	size_t start = out->len, bad = 0;

	st.out = out;
	st.sec = dl_ini_section(ini, section);
	st.defsec = dl_ini_section(ini, "DEFAULT");
	st.defaults = defaults;
	st.work = 0;
	if (interp_some(&st, value, len, 1, &bad) < 0) {
		if (out->alloc) {
			out->len = start;
			out->buf[start] = '\0';
		}
		if (bad_offset)
			*bad_offset = bad;
		return -1;
	}
	return 0;
}
