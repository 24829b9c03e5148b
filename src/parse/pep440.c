/*
 * deploylint: PEP 440 versions and specifiers, parsed, ordered and matched
 * as Python's `packaging` (23.x/24.x) does.
 */
#include "deploylint/pep440.h"

#include <string.h>

#include "deploylint/limits.h"

#define NUM_MAX 1000000000000000000ull /* 10^18 */

/* ---- versions ---------------------------------------------------------- */

struct cursor {
	const char *s;
	size_t len, i;
};

static int
at(const struct cursor *c, size_t off)
{
	return c->i + off < c->len ? (unsigned char)c->s[c->i + off] : -1;
}

static int
is_sep(int ch)
{
	return ch == '-' || ch == '_' || ch == '.';
}

/* Reads digits; returns 1 with the value, 0 when there are none, -1 on
 * overflow. */
static int
read_num(struct cursor *c, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t start = c->i;

	while (c->i < c->len && dl_isdigit((unsigned char)c->s[c->i])) {
		v = v * 10 + (unsigned)(c->s[c->i] - '0');
		if (v > NUM_MAX)
			return -1;
		c->i++;
	}
	if (c->i == start)
		return 0;
	*out = v;
	return 1;
}

/* Matches `word` case-insensitively at the cursor (without consuming). */
static int
word_at(const struct cursor *c, const char *word)
{
	size_t n = strlen(word), k;
	if (c->i + n > c->len)
		return 0;
	for (k = 0; k < n; k++)
		if (dl_tolower((unsigned char)c->s[c->i + k]) != word[k])
			return 0;
	return 1;
}

/* The first of `words` that matches at the cursor (regex alternation
 * order); returns its index or -1 and the length in *n. */
static int
match_words(const struct cursor *c, const char *const *words, size_t nr, size_t *n)
{
	size_t k;
	for (k = 0; k < nr; k++)
		if (word_at(c, words[k])) {
			*n = strlen(words[k]);
			return (int)k;
		}
	return -1;
}

static const char *const pre_words[] = {
	"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"
};
static const enum dl_pep440_pre pre_kinds[] = {
	DL_PEP440_PRE_A, DL_PEP440_PRE_A, DL_PEP440_PRE_B, DL_PEP440_PRE_B,
	DL_PEP440_PRE_RC, DL_PEP440_PRE_RC, DL_PEP440_PRE_RC, DL_PEP440_PRE_RC
};
static const char *const post_words[] = { "post", "rev", "r" };

/* [-_.]? label [-_.]? digits? ; returns 1 when matched (cursor advanced),
 * 0 when not (cursor unchanged), -1 on overflow. */
static int
read_labelled(struct cursor *c, const char *const *words, size_t nr, int *which,
	      unsigned long long *num)
{
	size_t save = c->i, n;
	int w, r;

	if (is_sep(at(c, 0)))
		c->i++;
	w = match_words(c, words, nr, &n);
	if (w < 0) {
		c->i = save;
		return 0;
	}
	c->i += n;
	/* the separator before the number, or the regex's optional separator
	 * before an absent number */
	if (is_sep(at(c, 0)))
		c->i++;
	*num = 0;
	r = read_num(c, num);
	if (r < 0)
		return -1;
	*which = w;
	return 1;
}

/* Numeric segments of a local label print as integers ("01" -> "1"). */
static void
strip_local_zeros(char *local)
{
	char *r = local, *w = local;

	while (*r) {
		size_t n = strcspn(r, "."), k;
		int digits = 1;
		for (k = 0; k < n; k++)
			if (!dl_isdigit((unsigned char)r[k]))
				digits = 0;
		if (digits)
			while (n > 1 && *r == '0')
				r++, n--;
		memmove(w, r, n);
		w += n;
		r += n;
		if (*r == '.')
			*w++ = *r++;
	}
	*w = '\0';
}

int
dl_pep440_parse(struct dl_pep440_version *out, const char *s, size_t len)
{
	struct cursor c = { s, len, 0 };
	unsigned long long n;
	int r, w;
	size_t save;

	memset(out, 0, sizeof(*out));
	while (c.i < c.len && dl_isspace((unsigned char)s[c.i]))
		c.i++;
	while (c.len > c.i && dl_isspace((unsigned char)s[c.len - 1]))
		c.len--;
	if (at(&c, 0) == 'v' || at(&c, 0) == 'V')
		c.i++;
	/* epoch */
	save = c.i;
	r = read_num(&c, &n);
	if (r <= 0)
		return -1;
	if (at(&c, 0) == '!') {
		out->epoch = n;
		c.i++;
		if (read_num(&c, &n) <= 0)
			return -1;
	} else {
		c.i = save;
		if (read_num(&c, &n) <= 0)
			return -1;
	}
	out->release[out->release_nr++] = n;
	while (at(&c, 0) == '.' && at(&c, 1) >= 0 && dl_isdigit(at(&c, 1))) {
		if (out->release_nr == DL_PEP440_MAX_RELEASE)
			return -1;
		c.i++;
		if (read_num(&c, &n) < 0)
			return -1;
		out->release[out->release_nr++] = n;
	}
	/* pre-release */
	r = read_labelled(&c, pre_words, DL_ARRAY_SIZE(pre_words), &w, &n);
	if (r < 0)
		return -1;
	if (r > 0) {
		out->pre = pre_kinds[w];
		out->pre_n = n;
	}
	/* post-release: "-N" or [-_.]? (post|rev|r) [-_.]? N? */
	if (at(&c, 0) == '-' && at(&c, 1) >= 0 && dl_isdigit(at(&c, 1))) {
		c.i++;
		if (read_num(&c, &n) < 0)
			return -1;
		out->has_post = 1;
		out->post = n;
	} else {
		r = read_labelled(&c, post_words, DL_ARRAY_SIZE(post_words), &w, &n);
		if (r < 0)
			return -1;
		if (r > 0) {
			out->has_post = 1;
			out->post = n;
		}
	}
	/* dev-release */
	{
		static const char *const dev_words[] = { "dev" };
		r = read_labelled(&c, dev_words, 1, &w, &n);
		if (r < 0)
			return -1;
		if (r > 0) {
			out->has_dev = 1;
			out->dev = n;
		}
	}
	/* local label */
	if (at(&c, 0) == '+') {
		size_t k = 0;
		int need_alnum = 1;
		c.i++;
		while (c.i < c.len) {
			int ch = (unsigned char)s[c.i];
			if (dl_isalnum(ch)) {
				need_alnum = 0;
				ch = dl_tolower(ch);
			} else if (is_sep(ch)) {
				if (need_alnum)
					return -1;
				need_alnum = 1;
				ch = '.';
			} else {
				break;
			}
			if (k + 1 >= sizeof(out->local))
				return -1;
			out->local[k++] = (char)ch;
			c.i++;
		}
		if (need_alnum)
			return -1;
		out->local[k] = '\0';
		strip_local_zeros(out->local);
	}
	return c.i == c.len ? 0 : -1;
}

int
dl_pep440_parse_str(struct dl_pep440_version *out, const char *s)
{
	return dl_pep440_parse(out, s, strlen(s));
}

int
dl_pep440_is_prerelease(const struct dl_pep440_version *v)
{
	return v->pre != DL_PEP440_PRE_NONE || v->has_dev;
}

static int
cmp_ull(unsigned long long a, unsigned long long b)
{
	return a < b ? -1 : a > b;
}

static int
cmp_release(const struct dl_pep440_version *a, const struct dl_pep440_version *b)
{
	size_t n = a->release_nr > b->release_nr ? a->release_nr : b->release_nr, k;
	for (k = 0; k < n; k++) {
		unsigned long long x = k < a->release_nr ? a->release[k] : 0;
		unsigned long long y = k < b->release_nr ? b->release[k] : 0;
		if (x != y)
			return cmp_ull(x, y);
	}
	return 0;
}

/* Ranks of the pre-release key: dev-only releases sort before every
 * pre-release; finals (and post-releases) after. */
static int
pre_rank(const struct dl_pep440_version *v)
{
	if (v->pre == DL_PEP440_PRE_NONE && !v->has_post && v->has_dev)
		return 0;
	if (v->pre == DL_PEP440_PRE_NONE)
		return 4;
	return (int)v->pre; /* A=1, B=2, RC=3 */
}

static int
is_all_digits(const char *s, size_t n)
{
	size_t k;
	for (k = 0; k < n; k++)
		if (!dl_isdigit((unsigned char)s[k]))
			return 0;
	return n > 0;
}

/* Compares local labels segment by segment (packaging: a numeric segment
 * sorts above an alphanumeric one; numbers by value, others as strings). */
static int
cmp_local(const char *a, const char *b)
{
	if (!*a || !*b)
		return (*a != 0) - (*b != 0);
	for (;;) {
		size_t na = strcspn(a, "."), nb = strcspn(b, ".");
		int da = is_all_digits(a, na), db = is_all_digits(b, nb), r;

		if (da && db) {
			size_t za = 0, zb = 0;
			while (za + 1 < na && a[za] == '0')
				za++;
			while (zb + 1 < nb && b[zb] == '0')
				zb++;
			if (na - za != nb - zb)
				return na - za < nb - zb ? -1 : 1;
			r = memcmp(a + za, b + zb, na - za);
			if (r)
				return r < 0 ? -1 : 1;
		} else if (da != db) {
			return da ? 1 : -1;
		} else {
			size_t m = na < nb ? na : nb;
			r = memcmp(a, b, m);
			if (r)
				return r < 0 ? -1 : 1;
			if (na != nb)
				return na < nb ? -1 : 1;
		}
		a += na;
		b += nb;
		if (!*a || !*b)
			return (*a != 0) - (*b != 0);
		a++;
		b++;
	}
}

int
dl_pep440_cmp(const struct dl_pep440_version *a, const struct dl_pep440_version *b)
{
	int r;

	if ((r = cmp_ull(a->epoch, b->epoch)))
		return r;
	if ((r = cmp_release(a, b)))
		return r;
	if ((r = pre_rank(a) - pre_rank(b)))
		return r < 0 ? -1 : 1;
	if (a->pre != DL_PEP440_PRE_NONE && (r = cmp_ull(a->pre_n, b->pre_n)))
		return r;
	if (a->has_post != b->has_post)
		return a->has_post ? 1 : -1;
	if (a->has_post && (r = cmp_ull(a->post, b->post)))
		return r;
	if (a->has_dev != b->has_dev)
		return a->has_dev ? -1 : 1;
	if (a->has_dev && (r = cmp_ull(a->dev, b->dev)))
		return r;
	return cmp_local(a->local, b->local);
}

void
dl_pep440_format(struct dl_strbuf *out, const struct dl_pep440_version *v)
{
	static const char *const pre_names[] = { "", "a", "b", "rc" };
	size_t k;

	if (v->epoch)
		dl_strbuf_addf(out, "%llu!", v->epoch);
	for (k = 0; k < v->release_nr; k++)
		dl_strbuf_addf(out, k ? ".%llu" : "%llu", v->release[k]);
	if (v->pre != DL_PEP440_PRE_NONE)
		dl_strbuf_addf(out, "%s%llu", pre_names[v->pre], v->pre_n);
	if (v->has_post)
		dl_strbuf_addf(out, ".post%llu", v->post);
	if (v->has_dev)
		dl_strbuf_addf(out, ".dev%llu", v->dev);
	if (v->local[0])
		dl_strbuf_addf(out, "+%s", v->local);
}

void
dl_pep440_minor(const struct dl_pep440_version *v, unsigned long long *major,
		unsigned long long *minor)
{
	*major = v->release[0];
	*minor = v->release_nr > 1 ? v->release[1] : 0;
}

/* ---- specifiers -------------------------------------------------------- */

static const struct {
	const char *text;
	enum dl_pep440_op op;
} ops[] = {
	/* longest first */
	{ "===", DL_PEP440_ARBITRARY },
	{ "~=", DL_PEP440_COMPAT },
	{ "==", DL_PEP440_EQ },
	{ "!=", DL_PEP440_NE },
	{ "<=", DL_PEP440_LE },
	{ ">=", DL_PEP440_GE },
	{ "<", DL_PEP440_LT },
	{ ">", DL_PEP440_GT },
};

static void
public_of(struct dl_pep440_version *out, const struct dl_pep440_version *v)
{
	*out = *v;
	out->local[0] = '\0';
}

static void
base_of(struct dl_pep440_version *out, const struct dl_pep440_version *v)
{
	memset(out, 0, sizeof(*out));
	out->epoch = v->epoch;
	memcpy(out->release, v->release, sizeof(out->release));
	out->release_nr = v->release_nr;
}

static int
parse_one(struct dl_pep440_spec *sp, struct dl_arena *arena, const char *s, size_t len)
{
	size_t i = 0, k, vstart;
	const char *vtext;
	size_t vlen;

	while (i < len && dl_isspace((unsigned char)s[i]))
		i++;
	while (len > i && dl_isspace((unsigned char)s[len - 1]))
		len--;
	for (k = 0; k < DL_ARRAY_SIZE(ops); k++) {
		size_t n = strlen(ops[k].text);
		if (len - i >= n && memcmp(s + i, ops[k].text, n) == 0) {
			sp->op = ops[k].op;
			i += n;
			break;
		}
	}
	if (k == DL_ARRAY_SIZE(ops))
		return -1;
	while (i < len && dl_isspace((unsigned char)s[i]))
		i++;
	vstart = i;
	vtext = s + vstart;
	vlen = len - vstart;
	if (vlen == 0)
		return -1;
	sp->text = dl_arena_strndup(arena, vtext, vlen);
	if (sp->op == DL_PEP440_ARBITRARY) {
		for (k = 0; k < vlen; k++)
			if (dl_isspace((unsigned char)vtext[k]) || vtext[k] == ';' || vtext[k] == ')')
				return -1;
		if (dl_pep440_parse(&sp->version, vtext, vlen) < 0)
			sp->version.release_nr = 0; /* not a version: string only */
		return 0;
	}
	if (vlen >= 2 && vtext[vlen - 2] == '.' && vtext[vlen - 1] == '*') {
		struct dl_pep440_version *v = &sp->version;
		if (sp->op != DL_PEP440_EQ && sp->op != DL_PEP440_NE)
			return -1;
		if (dl_pep440_parse(v, vtext, vlen - 2) < 0)
			return -1;
		if (v->pre || v->has_post || v->has_dev || v->local[0])
			return -1;
		/* the prefix must be written as plain numbers (no "1.0a") */
		for (k = 0; k < vlen - 2; k++)
			if (!dl_isdigit((unsigned char)vtext[k]) && vtext[k] != '.' &&
			    vtext[k] != '!' && vtext[k] != 'v' && vtext[k] != 'V')
				return -1;
		sp->wildcard = 1;
		return 0;
	}
	if (dl_pep440_parse(&sp->version, vtext, vlen) < 0)
		return -1;
	for (k = 0; k < vlen; k++)
		if (dl_isspace((unsigned char)vtext[k]))
			return -1;
	switch (sp->op) {
	case DL_PEP440_COMPAT:
		if (sp->version.release_nr < 2 || sp->version.local[0])
			return -1;
		break;
	case DL_PEP440_LT:
	case DL_PEP440_LE:
	case DL_PEP440_GT:
	case DL_PEP440_GE:
		if (sp->version.local[0])
			return -1;
		break;
	default:
		break;
	}
	return 0;
}

int
dl_pep440_specset_parse(struct dl_pep440_specset *out, struct dl_arena *arena,
			const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0, count = 0, nitems = 0;

	out->items = NULL;
	out->nr = 0;
	/* count items first */
	for (i = 0; i <= len; i++)
		if (i == len || s[i] == ',')
			count++;
	if (count > DL_MAX_PEP440_SPECS) {
		if (bad_offset)
			*bad_offset = 0;
		return -1;
	}
	out->items = dl_arena_alloc(arena, dl_st_mult(count, sizeof(*out->items)));
	i = 0;
	while (i <= len) {
		size_t n = 0, a, b;
		while (i + n < len && s[i + n] != ',')
			n++;
		a = i;
		b = i + n;
		while (a < b && dl_isspace((unsigned char)s[a]))
			a++;
		while (b > a && dl_isspace((unsigned char)s[b - 1]))
			b--;
		if (b > a) {
			struct dl_pep440_spec *sp = &out->items[nitems];
			memset(sp, 0, sizeof(*sp));
			if (parse_one(sp, arena, s + a, b - a) < 0) {
				if (bad_offset)
					*bad_offset = a;
				out->nr = nitems;
				return -1;
			}
			sp->offset = a;
			sp->len = b - a;
			nitems++;
		}
		i += n + 1;
	}
	out->nr = nitems;
	return 0;
}

/* ==X.* against v: equal epochs and v's release, padded with zeros,
 * starting with the prefix. */
static int
prefix_match(const struct dl_pep440_version *prefix, const struct dl_pep440_version *v)
{
	size_t k;
	if (prefix->epoch != v->epoch)
		return 0;
	for (k = 0; k < prefix->release_nr; k++) {
		unsigned long long x = k < v->release_nr ? v->release[k] : 0;
		if (x != prefix->release[k])
			return 0;
	}
	return 1;
}

static int
arbitrary_equal(const struct dl_pep440_spec *spec, const struct dl_pep440_version *v)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t k;
	int eq;

	dl_pep440_format(&sb, v);
	eq = sb.len == strlen(spec->text);
	for (k = 0; eq && k < sb.len; k++)
		eq = dl_tolower((unsigned char)sb.buf[k]) == dl_tolower((unsigned char)spec->text[k]);
	dl_strbuf_release(&sb);
	return eq;
}

int
dl_pep440_spec_admits(const struct dl_pep440_spec *spec, const struct dl_pep440_version *v)
{
	struct dl_pep440_version pub, vb, sb;
	const struct dl_pep440_version *sv = &spec->version;

	public_of(&pub, v);
	switch (spec->op) {
	case DL_PEP440_EQ:
	case DL_PEP440_NE: {
		int eq;
		if (spec->wildcard)
			eq = prefix_match(sv, v);
		else
			eq = dl_pep440_cmp(sv->local[0] ? v : &pub, sv) == 0;
		return spec->op == DL_PEP440_EQ ? eq : !eq;
	}
	case DL_PEP440_LE:
		return dl_pep440_cmp(&pub, sv) <= 0;
	case DL_PEP440_GE:
		return dl_pep440_cmp(&pub, sv) >= 0;
	case DL_PEP440_LT:
		if (dl_pep440_cmp(v, sv) >= 0)
			return 0;
		if (!dl_pep440_is_prerelease(sv) && dl_pep440_is_prerelease(v)) {
			base_of(&vb, v);
			base_of(&sb, sv);
			if (dl_pep440_cmp(&vb, &sb) == 0)
				return 0;
		}
		return 1;
	case DL_PEP440_GT:
		if (dl_pep440_cmp(v, sv) <= 0)
			return 0;
		base_of(&vb, v);
		base_of(&sb, sv);
		if (!sv->has_post && v->has_post && dl_pep440_cmp(&vb, &sb) == 0)
			return 0;
		if (v->local[0] && dl_pep440_cmp(&vb, &sb) == 0)
			return 0;
		return 1;
	case DL_PEP440_COMPAT: {
		struct dl_pep440_version prefix;
		if (dl_pep440_cmp(&pub, sv) < 0)
			return 0;
		base_of(&prefix, sv);
		prefix.release_nr = sv->release_nr - 1;
		return prefix_match(&prefix, v);
	}
	case DL_PEP440_ARBITRARY:
		return arbitrary_equal(spec, v);
	}
	return 0;
}

/* packaging's Specifier.prereleases for an item without an explicit
 * setting. */
static int
spec_wants_prereleases(const struct dl_pep440_spec *spec)
{
	switch (spec->op) {
	case DL_PEP440_EQ:
	case DL_PEP440_GE:
	case DL_PEP440_LE:
	case DL_PEP440_COMPAT:
	case DL_PEP440_ARBITRARY:
		return spec->version.release_nr && dl_pep440_is_prerelease(&spec->version);
	default:
		return 0;
	}
}

int
dl_pep440_specset_admits(const struct dl_pep440_specset *set,
			 const struct dl_pep440_version *v, int prereleases)
{
	size_t k;

	if (prereleases < 0) {
		prereleases = 0;
		for (k = 0; k < set->nr; k++)
			if (spec_wants_prereleases(&set->items[k]))
				prereleases = 1;
	}
	if (!prereleases && dl_pep440_is_prerelease(v))
		return 0;
	for (k = 0; k < set->nr; k++)
		if (!dl_pep440_spec_admits(&set->items[k], v))
			return 0;
	return 1;
}

int
dl_pep440_specset_pinned(const struct dl_pep440_specset *set,
			 struct dl_pep440_version *out)
{
	size_t k;
	const struct dl_pep440_spec *pin = NULL;

	for (k = 0; k < set->nr; k++) {
		const struct dl_pep440_spec *s = &set->items[k];
		if (((s->op == DL_PEP440_EQ && !s->wildcard) ||
		     (s->op == DL_PEP440_ARBITRARY && s->version.release_nr)) &&
		    !pin)
			pin = s;
	}
	if (!pin)
		return 0;
	if (!dl_pep440_specset_admits(set, &pin->version, 1))
		return 0;
	*out = pin->version;
	return 1;
}

/* Whether every version with prefix `prefix` (release components, padded)
 * is below min. */
static int
prefix_below(const struct dl_pep440_version *prefix, const struct dl_pep440_version *min)
{
	size_t k;
	if (prefix->epoch != min->epoch)
		return prefix->epoch < min->epoch;
	for (k = 0; k < prefix->release_nr; k++) {
		unsigned long long x = k < min->release_nr ? min->release[k] : 0;
		if (prefix->release[k] != x)
			return prefix->release[k] < x;
	}
	return 0; /* min itself has the prefix */
}

int
dl_pep440_specset_caps_below(const struct dl_pep440_specset *set,
			     const struct dl_pep440_version *min)
{
	size_t k;

	for (k = 0; k < set->nr; k++) {
		const struct dl_pep440_spec *s = &set->items[k];
		const struct dl_pep440_version *v = &s->version;
		switch (s->op) {
		case DL_PEP440_EQ:
			if (s->wildcard ? prefix_below(v, min) : dl_pep440_cmp(v, min) < 0)
				return 1;
			break;
		case DL_PEP440_ARBITRARY:
			if (v->release_nr && dl_pep440_cmp(v, min) < 0)
				return 1;
			break;
		case DL_PEP440_LT:
			if (dl_pep440_cmp(v, min) <= 0)
				return 1;
			break;
		case DL_PEP440_LE:
			if (dl_pep440_cmp(v, min) < 0)
				return 1;
			break;
		case DL_PEP440_COMPAT: {
			struct dl_pep440_version prefix;
			base_of(&prefix, v);
			prefix.release_nr = v->release_nr - 1;
			if (prefix_below(&prefix, min))
				return 1;
			break;
		}
		default:
			break;
		}
	}
	return 0;
}

int
dl_pep440_specset_lower_bound(const struct dl_pep440_specset *set,
			      struct dl_pep440_version *out, int *exclusive)
{
	size_t k;
	int found = 0;

	memset(out, 0, sizeof(*out)); /* read only once found, but defined */

	for (k = 0; k < set->nr; k++) {
		const struct dl_pep440_spec *s = &set->items[k];
		struct dl_pep440_version cand;
		int excl = 0;

		switch (s->op) {
		case DL_PEP440_GE:
		case DL_PEP440_COMPAT:
			cand = s->version;
			break;
		case DL_PEP440_GT:
			cand = s->version;
			excl = 1;
			break;
		case DL_PEP440_EQ:
			cand = s->version; /* a wildcard prefix reads padded */
			break;
		case DL_PEP440_ARBITRARY:
			if (!s->version.release_nr)
				continue;
			cand = s->version;
			break;
		default:
			continue;
		}
		if (!found || dl_pep440_cmp(&cand, out) > 0 ||
		    (dl_pep440_cmp(&cand, out) == 0 && excl)) {
			*out = cand;
			if (exclusive)
				*exclusive = excl;
			found = 1;
		}
	}
	return found;
}

/* Adds v and its neighbours to the candidate list. */
static void
add_candidates(struct dl_pep440_version *c, size_t *n, size_t max,
	       const struct dl_pep440_version *v)
{
	struct dl_pep440_version w;
	size_t depth;

	if (*n < max)
		c[(*n)++] = *v;
	for (depth = 1; depth <= 4; depth++) {
		base_of(&w, v);
		while (w.release_nr < depth)
			w.release[w.release_nr++] = 0;
		w.release_nr = depth;
		if (w.release[depth - 1] < NUM_MAX)
			w.release[depth - 1]++;
		if (*n < max)
			c[(*n)++] = w;
	}
	base_of(&w, v);
	if (w.release_nr < DL_PEP440_MAX_RELEASE) {
		w.release[w.release_nr++] = 1;
		if (*n < max)
			c[(*n)++] = w;
	}
}

int
dl_pep440_specsets_conflict(const struct dl_pep440_specset *a,
			    const struct dl_pep440_specset *b)
{
	struct dl_pep440_version cands[2 * DL_MAX_PEP440_SPECS * 6 + 2];
	size_t n = 0, k;
	const size_t max = DL_ARRAY_SIZE(cands);

	if (a->nr == 0 || b->nr == 0)
		return 0;
	for (k = 0; k < a->nr; k++)
		if (a->items[k].version.release_nr)
			add_candidates(cands, &n, max, &a->items[k].version);
	for (k = 0; k < b->nr; k++)
		if (b->items[k].version.release_nr)
			add_candidates(cands, &n, max, &b->items[k].version);
	if (n < max) {
		memset(&cands[n], 0, sizeof(cands[n]));
		cands[n].release_nr = 1;
		n++;
	}
	if (n < max) {
		memset(&cands[n], 0, sizeof(cands[n]));
		cands[n].release[0] = NUM_MAX;
		cands[n].release_nr = 1;
		n++;
	}
	for (k = 0; k < n; k++)
		if (dl_pep440_specset_admits(a, &cands[k], 1) &&
		    dl_pep440_specset_admits(b, &cands[k], 1))
			return 0;
	return 1;
}
