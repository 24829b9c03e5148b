/*
 * deploylint: inline suppressions (# deploylint: ignore[...] / ignore-file).
 */
#include "deploylint/suppress.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/util.h"
#include "rules/rule_id.h"

struct suppression {
	struct dl_file *file;
	unsigned line, col; /* of the '#' */
	unsigned end_col;
	int whole_file;
	int own_line; /* the comment is alone on its line */
	char *ids;    /* comma-separated, as written */
	int has_reason;
	int used;
	int bad_id; /* names no rule */
};

struct state {
	struct suppression *s;
	size_t nr, alloc;
};

static const char marker[] = "deploylint:";

/* Parses the suppressions of one file. */
static void
scan_file(struct state *st, struct dl_file *f)
{
	const char *p = f->data, *end = f->data + f->len;
	unsigned line = 1;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end, *h = p;
		int own = 1;
		while (h < le) {
			const char *q;
			h = memchr(h, '#', (size_t)(le - h));
			if (!h)
				break;
			{
				const char *b;
				for (b = p; b < h && own; b++)
					own = dl_isblank((unsigned char)*b);
			}
			q = h + 1;
			while (q < le && dl_isblank((unsigned char)*q))
				q++;
			if ((size_t)(le - q) > sizeof(marker) - 1 &&
			    !memcmp(q, marker, sizeof(marker) - 1)) {
				struct suppression s;
				const char *ob, *cb;
				int whole = 0;
				q += sizeof(marker) - 1;
				while (q < le && dl_isblank((unsigned char)*q))
					q++;
				if ((size_t)(le - q) >= 12 && !memcmp(q, "ignore-file[", 12)) {
					whole = 1;
					ob = q + 11;
				} else if ((size_t)(le - q) >= 7 && !memcmp(q, "ignore[", 7)) {
					ob = q + 6;
				} else {
					h++;
					continue;
				}
				cb = memchr(ob, ']', (size_t)(le - ob));
				if (!cb) {
					h++;
					continue;
				}
				memset(&s, 0, sizeof(s));
				s.file = f;
				s.line = line;
				s.col = (unsigned)(h - p) + 1;
				s.end_col = (unsigned)(cb - p) + 2;
				s.whole_file = whole;
				s.own_line = own;
				s.ids = dl_xstrndup(ob + 1, (size_t)(cb - ob - 1));
				{
					const char *r = cb + 1;
					while (r < le && dl_isspace((unsigned char)*r))
						r++;
					s.has_reason = r < le;
				}
				DL_ALLOC_GROW(st->s, st->nr + 1, st->alloc);
				st->s[st->nr++] = s;
				break;
			}
			h++;
		}
		line++;
		p = eol ? eol + 1 : end;
	}
}

static int
matches(const struct suppression *s, const struct dl_finding *f)
{
	if (s->file->path != f->path && strcmp(s->file->path, f->path) != 0)
		return 0;
	if (!dl_rule_selector_matches(s->ids, f->rule->id))
		return 0;
	if (s->whole_file)
		return 1;
	return f->region.line == s->line ||
	       (s->own_line && f->region.line == s->line + 1);
}

static int
cmp_supp(const void *pa, const void *pb)
{
	const struct suppression *a = pa, *b = pb;
	int c = strcmp(a->file->path, b->file->path);
	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Whether some id of s names an enabled rule. */
static int
any_enabled(const struct suppression *s, const struct dl_suppress_opts *opts)
{
	size_t n, i;
	const struct dl_rule *rules = dl_rules(&n);
	for (i = 0; i < n; i++)
		if (dl_rule_selector_matches(s->ids, rules[i].id) &&
		    (!opts->enabled || opts->enabled(&rules[i], opts->payload)))
			return 1;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
keep_unsuppressed(const struct dl_finding *f, void *payload)
{
	struct state *st = payload;
	size_t j;
	int hit = 0;
	for (j = 0; j < st->nr; j++)
		if (!st->s[j].bad_id && matches(&st->s[j], f)) {
			st->s[j].used = 1;
			hit = 1;
		}
	return !hit;
}

static int
has_marker(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t m = sizeof(marker) - 1;
	while ((size_t)(end - p) >= m) {
		p = memchr(p, 'd', (size_t)(end - p) - m + 1);
		if (!p)
			return 0;
		if (!memcmp(p, marker, m))
			return 1;
		p++;
	}
	return 0;
}

void
dl_suppress_apply(struct dl_report *r, size_t from, struct dl_repo *repo,
		  const struct dl_suppress_opts *opts)
{
	struct state st;
	size_t i, j, paths_nr = 0;
	const char **paths;
	const struct dl_rule *sup001 = dl_rule_get(DL_RULE_SUP001);
	const struct dl_rule *sup002 = dl_rule_get(DL_RULE_SUP002);

	memset(&st, 0, sizeof(st));
	/* the paths holding findings, sorted, to ask once per file */
	paths = dl_xmalloc(dl_st_mult(r->nr - from + 1, sizeof(*paths)));
	for (j = from; j < r->nr; j++)
		paths[paths_nr++] = r->findings[j]->path;
	if (paths_nr > 1)
		qsort(paths, paths_nr, sizeof(*paths), cmp_str);
	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		const char *key = f->path;
		if (!f->data && paths_nr &&
		    bsearch(&key, paths, paths_nr, sizeof(*paths), cmp_str))
			dl_repo_load(repo, f);
		if (f->data && has_marker(f->data, f->len))
			scan_file(&st, f);
	}
	free(paths);
	if (!st.nr)
		return;
	if (st.nr > 1)
		qsort(st.s, st.nr, sizeof(*st.s), cmp_supp);
	for (i = 0; i < st.nr; i++) {
		char *bad = NULL;
		if (dl_rule_selector_validate(st.s[i].ids, &bad) < 0 || !*st.s[i].ids)
			st.s[i].bad_id = 1;
		free(bad);
	}

	/* drop suppressed findings (none to drop when r->findings is still
	 * NULL: NULL + 0 is undefined) */
	if (r->nr > from) {
		struct dl_report tail;
		dl_report_tail(&tail, r, from);
		dl_report_filter(&tail, keep_unsuppressed, &st);
		r->nr = from + tail.nr;
	}

	for (i = 0; i < st.nr; i++) {
		struct suppression *s = &st.s[i];
		struct dl_region reg = dl_region_span(s->line, s->col, s->end_col - s->col);
		if (s->bad_id && sup001)
			dl_report_add(r, sup001, s->file->path, reg,
				      "suppression ignore%s[%s] names no rule; write rule ids such as ALM001 or families such as ALM",
				      s->whole_file ? "-file" : "", s->ids);
		else if (!s->used && sup001 && any_enabled(s, opts))
			dl_report_add(r, sup001, s->file->path, reg,
				      "suppression ignore%s[%s] matches no finding; remove it",
				      s->whole_file ? "-file" : "", s->ids);
		if (opts->require_reason && !s->has_reason && sup002)
			dl_report_add(r, sup002, s->file->path, reg,
				      "suppression ignore%s[%s] gives no reason; add one after the ']'",
				      s->whole_file ? "-file" : "", s->ids);
		free(s->ids);
	}
	free(st.s);
}
