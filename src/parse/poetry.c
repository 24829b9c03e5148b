/*
 * deploylint: Poetry version constraints as PEP 440 specifier sets
 * (include/deploylint/depsource.h, dl_poetry_constraint), after
 * poetry-core 2.x, src/poetry/core/constraints/version/parser.py
 * (parse_constraint, parse_single_constraint) and version/pep440
 * (next_major, next_minor, next_patch, next_breaking).
 */
#include <string.h>

#include "deploylint/depsource.h"

static int
is_op(int c)
{
	return c == '<' || c == '>' || c == '=' || c == '!' || c == '~' || c == '^';
}

/* The release numbers of a version text (digits and dots up to anything
 * else); returns how many. */
static size_t
release_of(const char *v, size_t n, unsigned long long *rel, size_t max)
{
	size_t i = 0, nr = 0;

	while (i < n && nr < max && dl_isdigit((unsigned char)v[i])) {
		unsigned long long x = 0;
		while (i < n && dl_isdigit((unsigned char)v[i])) {
			if (x < 100000000000000000ull)
				x = x * 10 + (unsigned long long)(v[i] - '0');
			i++;
		}
		rel[nr++] = x;
		if (i + 1 < n && v[i] == '.' && dl_isdigit((unsigned char)v[i + 1]))
			i++;
		else
			break;
	}
	return nr;
}

static void
put_release(struct dl_strbuf *out, const unsigned long long *rel, size_t nr)
{
	size_t i;
	for (i = 0; i < nr; i++)
		dl_strbuf_addf(out, "%s%llu", i ? "." : "", rel[i]);
}

/* Whether v (n bytes) ends in wildcard parts (".*", ".x", ".X"); sets
 * *keep to the bytes before them. */
static int
wildcard(const char *v, size_t n, size_t *keep)
{
	size_t k = n;
	int found = 0;

	while (k >= 2 && v[k - 2] == '.' &&
	       (v[k - 1] == '*' || v[k - 1] == 'x' || v[k - 1] == 'X')) {
		k -= 2;
		found = 1;
	}
	*keep = k;
	return found;
}

/* One "op version" item appended to the empty `out`; returns 0 or -1. */
static int
single(struct dl_strbuf *out, const char *op, size_t oplen, const char *v,
       size_t n)
{
	unsigned long long rel[DL_PEP440_MAX_RELEASE];
	struct dl_pep440_version ver;
	size_t nr, keep, i;

	if (n > 1 && (v[0] == 'v' || v[0] == 'V') && dl_isdigit((unsigned char)v[1]))
		v++, n--;
	if (!oplen && n == 1 && (v[0] == '*' || v[0] == 'x' || v[0] == 'X'))
		return 0;
	if (wildcard(v, n, &keep)) {
		if (keep == 0 || dl_pep440_parse(&ver, v, keep) < 0)
			return -1;
		if (!oplen || (oplen == 2 && (!memcmp(op, "==", 2) || !memcmp(op, "!=", 2)))) {
			/* "1.2.*", "==1.2.x", "!=1.*" */
			dl_strbuf_puts(out, oplen == 2 && op[0] == '!' ? "!=" : "==");
			dl_strbuf_put(out, v, keep);
			dl_strbuf_puts(out, ".*");
			return 0;
		}
		/* "<1.*", ">=1.2.*", "=1.*": poetry-core drops a ".*"
		 * (not ".x") after <, <=, >, >=, =; refuses the others */
		if (v[n - 1] != '*' || op[0] == '^' || op[0] == '~')
			return -1;
		if (oplen == 1 && op[0] == '=')
			oplen = 0;
		n = keep;
	}
	if (!n || dl_pep440_parse(&ver, v, n) < 0)
		return -1;
	nr = release_of(v, n, rel, DL_PEP440_MAX_RELEASE);
	if (!nr)
		return -1;
	if (oplen == 2 && !memcmp(op, "~=", 2) && nr == 1)
		return -1; /* "~=1": not PEP 440 (poetry-core versions differ) */
	if ((oplen == 1 && op[0] == '^') || (oplen == 1 && op[0] == '~')) {
		unsigned long long hi[DL_PEP440_MAX_RELEASE];
		size_t at;

		memcpy(hi, rel, nr * sizeof(*hi));
		if (op[0] == '^')
			/* next_breaking */
			at = (rel[0] > 0 || nr == 1) ? 0 : (rel[1] > 0 || nr == 2) ? 1
										   : 2;
		else
			/* tilde: next_minor, next_major with one component */
			at = nr == 1 ? 0 : 1;
		hi[at]++;
		for (i = at + 1; i < nr; i++)
			hi[i] = 0;
		dl_strbuf_puts(out, ">=");
		dl_strbuf_put(out, v, n);
		dl_strbuf_puts(out, ",<");
		put_release(out, hi, nr);
		return 0;
	}
	if (!oplen || (oplen == 1 && op[0] == '='))
		dl_strbuf_puts(out, "==");
	else if ((oplen == 1 && (op[0] == '<' || op[0] == '>')) ||
		 (oplen == 2 && op[1] == '=' && strchr("<>=!~", op[0])) ||
		 (oplen == 3 && !memcmp(op, "===", 3)))
		dl_strbuf_put(out, op, oplen);
	else
		return -1;
	dl_strbuf_put(out, v, n);
	return 0;
}

int
dl_poetry_constraint(struct dl_strbuf *out, const char *s, size_t len)
{
	size_t i, start = out->len;

	for (i = 0; i < len; i++)
		if (s[i] == '|')
			return 1;
	i = 0;
	while (i < len && dl_isspace((unsigned char)s[i]))
		i++;
	if (i == len || s[i] == ',')
		return -1; /* "" and ", x": poetry-core refuses them */
	while (i < len) {
		size_t op, oplen, v, vlen, commas = 0;
		struct dl_strbuf one = DL_STRBUF_INIT;
		int rc;

		while (i < len && (dl_isspace((unsigned char)s[i]) || s[i] == ','))
			commas += s[i++] == ',';
		if (commas > 1)
			return -1; /* "a,,b": poetry-core refuses it ("a," is fine) */
		if (i >= len)
			break;
		op = i;
		while (i < len && is_op((unsigned char)s[i]))
			i++;
		oplen = i - op;
		/* "^ 1.2": poetry-core refuses the space ("~ 1.2" is fine) */
		if (oplen == 1 && s[op] == '^' && i < len &&
		    dl_isblank((unsigned char)s[i]))
			return -1;
		while (i < len && dl_isblank((unsigned char)s[i]))
			i++;
		v = i;
		while (i < len && !dl_isspace((unsigned char)s[i]) && s[i] != ',')
			i++;
		vlen = i - v;
		if (!vlen)
			return -1;
		rc = single(&one, s + op, oplen, s + v, vlen);
		if (rc < 0) {
			dl_strbuf_release(&one);
			return -1;
		}
		if (one.len) {
			if (out->len > start)
				dl_strbuf_putc(out, ',');
			dl_strbuf_put(out, one.buf, one.len);
		}
		dl_strbuf_release(&one);
	}
	return 0;
}
