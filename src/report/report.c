/*
 * deploylint: the findings store: add, sort, filter, count.
 */
#include "deploylint/finding.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/util.h"

void
dl_report_init(struct dl_report *r)
{
	r->findings = NULL;
	r->nr = r->alloc = 0;
}

static void
fix_free(struct dl_fix *fix)
{
	size_t i;
	if (!fix)
		return;
	for (i = 0; i < fix->edits_nr; i++)
		free(fix->edits[i].text);
	free(fix->edits);
	free(fix->path);
	free(fix);
}

static void
finding_free(struct dl_finding *f)
{
	size_t i;
	if (!f)
		return;
	fix_free(f->fix);
	for (i = 0; i < f->related_nr; i++) {
		free(f->related[i].path);
		free(f->related[i].message);
	}
	free(f->related);
	free(f->path);
	free(f->message);
	free(f->context);
	free(f->fingerprint);
	free(f);
}

void
dl_report_release(struct dl_report *r)
{
	size_t i;
	for (i = 0; i < r->nr; i++)
		finding_free(r->findings[i]);
	free(r->findings);
	dl_report_init(r);
}

static struct dl_finding *
vadd(struct dl_report *r, const struct dl_rule *rule, enum dl_level level,
     const char *path, struct dl_region region, const char *fmt, va_list ap)
{
	struct dl_finding *f = dl_xcalloc(1, sizeof(*f));
	struct dl_strbuf sb = DL_STRBUF_INIT;

	dl_strbuf_vaddf(&sb, fmt, ap);
	f->rule = rule;
	f->level = level;
	f->path = dl_xstrdup(path ? path : "");
	f->region = region;
	f->message = dl_strbuf_detach(&sb, NULL);
	DL_ALLOC_GROW(r->findings, r->nr + 1, r->alloc);
	r->findings[r->nr++] = f;
	return f;
}

struct dl_finding *
dl_report_add(struct dl_report *r, const struct dl_rule *rule,
	      const char *path, struct dl_region region, const char *fmt, ...)
{
	struct dl_finding *f;
	va_list ap;
	va_start(ap, fmt);
	f = vadd(r, rule, rule->level, path, region, fmt, ap);
	va_end(ap);
	return f;
}

struct dl_finding *
dl_report_add_level(struct dl_report *r, const struct dl_rule *rule,
		    enum dl_level level, const char *path,
		    struct dl_region region, const char *fmt, ...)
{
	struct dl_finding *f;
	va_list ap;
	va_start(ap, fmt);
	f = vadd(r, rule, level, path, region, fmt, ap);
	va_end(ap);
	return f;
}

struct dl_finding *
dl_report_limit(struct dl_report *r, const char *path, struct dl_region region,
		const char *limit, const char *fmt, ...)
{
	const struct dl_rule *rule = dl_rule_find("PARSE002");
	struct dl_strbuf what = DL_STRBUF_INIT;
	struct dl_finding *f;
	va_list ap;

	va_start(ap, fmt);
	dl_strbuf_vaddf(&what, fmt, ap);
	va_end(ap);
	f = dl_report_add(r, rule, path, region,
			  "%s: limit %s reached, findings may be missing", what.buf,
			  limit);
	dl_strbuf_release(&what);
	return f;
}

void
dl_finding_add_related(struct dl_finding *f, const char *path,
		       struct dl_region region, const char *fmt, ...)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_related *rel;
	va_list ap;

	va_start(ap, fmt);
	dl_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	DL_ALLOC_GROW(f->related, f->related_nr + 1, f->related_alloc);
	rel = &f->related[f->related_nr++];
	rel->path = dl_xstrdup(path);
	rel->region = region;
	rel->message = dl_strbuf_detach(&sb, NULL);
	rel->logical = 0;
}

/* f's fix for `path`, created on first use; NULL once void. */
static struct dl_fix *
fix_for(struct dl_finding *f, const char *path)
{
	size_t i;
	if (!f->fix) {
		f->fix = dl_xcalloc(1, sizeof(*f->fix));
		f->fix->path = dl_xstrdup(path);
	} else if (strcmp(f->fix->path, path) != 0 && !f->fix->void_fix) {
		for (i = 0; i < f->fix->edits_nr; i++)
			free(f->fix->edits[i].text);
		free(f->fix->edits);
		f->fix->edits = NULL;
		f->fix->edits_nr = f->fix->edits_alloc = 0;
		f->fix->set_exec = 0;
		f->fix->void_fix = 1;
	}
	return f->fix->void_fix ? NULL : f->fix;
}

void
dl_finding_fix_edit(struct dl_finding *f, const char *path, size_t offset,
		    size_t len, const char *text, size_t text_len)
{
	struct dl_fix *fix = fix_for(f, path);
	struct dl_edit *e;
	if (!fix)
		return;
	DL_ALLOC_GROW(fix->edits, fix->edits_nr + 1, fix->edits_alloc);
	e = &fix->edits[fix->edits_nr++];
	e->offset = offset;
	e->len = len;
	e->text = NULL;
	if (text_len) {
		e->text = dl_xmalloc(dl_st_add(text_len, 1));
		memcpy(e->text, text, text_len);
		e->text[text_len] = '\0';
	}
	e->text_len = text_len;
}

void
dl_finding_fix_exec(struct dl_finding *f, const char *path)
{
	struct dl_fix *fix = fix_for(f, path);
	if (fix)
		fix->set_exec = 1;
}

void
dl_finding_fix_drop(struct dl_finding *f)
{
	fix_free(f->fix);
	f->fix = NULL;
}

static int
cmp_unsigned(unsigned a, unsigned b)
{
	return a < b ? -1 : a > b;
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct dl_finding *a = *(const struct dl_finding *const *)pa;
	const struct dl_finding *b = *(const struct dl_finding *const *)pb;
	int c;

	if ((c = strcmp(a->path, b->path)) != 0)
		return c;
	if ((c = cmp_unsigned(a->region.line, b->region.line)) != 0)
		return c;
	if ((c = cmp_unsigned(a->region.col, b->region.col)) != 0)
		return c;
	if ((c = strcmp(a->rule->id, b->rule->id)) != 0)
		return c;
	return strcmp(a->message, b->message);
}

void
dl_report_sort(struct dl_report *r)
{
	if (r->nr > 1)
		qsort(r->findings, r->nr, sizeof(*r->findings), finding_cmp); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
}

void
dl_report_filter(struct dl_report *r,
		 int (*keep)(const struct dl_finding *f, void *payload),
		 void *payload)
{
	size_t i, j = 0;
	for (i = 0; i < r->nr; i++) {
		if (keep(r->findings[i], payload))
			r->findings[j++] = r->findings[i];
		else
			finding_free(r->findings[i]);
	}
	r->nr = j;
}

size_t
dl_report_count(const struct dl_report *r, enum dl_level level)
{
	size_t i, n = 0;
	for (i = 0; i < r->nr; i++)
		n += r->findings[i]->level == level;
	return n;
}

struct dl_region
dl_region_span(unsigned line, unsigned col, unsigned len)
{
	struct dl_region reg;
	reg.line = line;
	reg.col = col;
	reg.end_line = len ? line : 0;
	reg.end_col = len ? col + len : 0;
	return reg;
}
