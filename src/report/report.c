/*
 * deploylint: the findings store: add, sort, filter, count.
 */
#include "deploylint/finding.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/util.h"
#include "rules/rule_id.h"

void
dl_report_init(struct dl_report *r)
{
	memset(r, 0, sizeof(*r));
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

static void
caps_clear(struct dl_report *r)
{
	size_t i;
	for (i = 0; i < r->caps_nr; i++)
		free(r->caps[i].path);
	free(r->caps);
	r->caps = NULL;
	r->caps_nr = r->caps_alloc = 0;
	dl_hashmap_release(&r->caps_index);
	r->dropped = 0;
	r->dropped_rule = NULL;
}

void
dl_report_release(struct dl_report *r)
{
	size_t i;
	for (i = 0; i < r->nr; i++)
		finding_free(r->findings[i]);
	free(r->findings);
	caps_clear(r);
	finding_free(r->sink);
	dl_mask_clear(&r->mask);
	dl_report_init(r);
}

/* ---- the cap ----------------------------------------------------------------- */

/* The count slot of (rule, path), created on first use. */
static struct dl_report_cap *
cap_slot(struct dl_report *r, const struct dl_rule *rule, const char *path)
{
	struct dl_strbuf key = DL_STRBUF_INIT;
	struct dl_hashmap_slot *slot;
	uintptr_t rule_key = (uintptr_t)rule; /* the rule pointer's value as bytes */
	int is_new;

	if (!r->caps_index.cap)
		dl_hashmap_init(&r->caps_index, DL_HASHMAP_COPY_KEYS);
	dl_strbuf_put(&key, (const char *)&rule_key, sizeof(rule_key));
	dl_strbuf_puts(&key, path);
	slot = dl_hashmap_slot(&r->caps_index, key.buf, key.len, &is_new);
	dl_strbuf_release(&key);
	if (is_new) {
		DL_ALLOC_GROW(r->caps, r->caps_nr + 1, r->caps_alloc);
		r->caps[r->caps_nr].rule = rule;
		r->caps[r->caps_nr].path = dl_xstrdup(path);
		r->caps[r->caps_nr].seen = 0;
		slot->value = DL_HASHMAP_VAL(r->caps_nr);
		r->caps_nr++;
	}
	return &r->caps[DL_HASHMAP_IDX(slot->value)];
}

static int
cap_cmp(const void *pa, const void *pb)
{
	const struct dl_report_cap *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	return c ? c : strcmp(a->rule->id, b->rule->id);
}

void
dl_report_cap_notes(struct dl_report *r)
{
	struct dl_report_cap *v;
	size_t i, n = 0, dropped = r->dropped;
	const struct dl_rule *total_rule = r->dropped_rule;

	v = dl_xmalloc(dl_st_mult(r->caps_nr ? r->caps_nr : 1, sizeof(*v)));
	for (i = 0; i < r->caps_nr; i++)
		if (r->caps[i].seen > DL_MAX_FINDINGS_PER_FILE)
			v[n++] = r->caps[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), cap_cmp);
	/* the notes themselves are not counted */
	for (i = 0; i < n; i++) {
		struct dl_finding *f = dl_xcalloc(1, sizeof(*f));
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_addf(&sb, "and %zu more %s findings in this file, not reported: deploylint reports at most %u per rule and file (fix these and run it again)",
			       v[i].seen - DL_MAX_FINDINGS_PER_FILE, v[i].rule->id,
			       DL_MAX_FINDINGS_PER_FILE);
		f->rule = v[i].rule;
		f->level = DL_LEVEL_NOTE;
		f->path = dl_xstrdup(v[i].path);
		f->message = dl_strbuf_detach(&sb, NULL);
		DL_ALLOC_GROW(r->findings, r->nr + 1, r->alloc);
		r->findings[r->nr++] = f;
	}
	free(v);
	if (total_rule && dropped) {
		struct dl_finding *f = dl_xcalloc(1, sizeof(*f));
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_addf(&sb, "and %zu more findings, not reported: deploylint reports at most %u per run (fix these and run it again)",
			       dropped, DL_MAX_FINDINGS);
		f->rule = total_rule;
		f->level = DL_LEVEL_NOTE;
		f->path = dl_xstrdup("");
		f->message = dl_strbuf_detach(&sb, NULL);
		DL_ALLOC_GROW(r->findings, r->nr + 1, r->alloc);
		r->findings[r->nr++] = f;
	}
	caps_clear(r);
}

static struct dl_finding *
vadd(struct dl_report *r, const struct dl_rule *rule, enum dl_level level,
     const char *path, struct dl_region region, const char *fmt, va_list ap)
{
	struct dl_finding *f;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_report_cap *cap = cap_slot(r, rule, path ? path : "");

	/* past the cap: a finding the caller may fill in, never reported
	 * (the counts of the files capped stay: dl_report_cap_notes) */
	if (++cap->seen > DL_MAX_FINDINGS_PER_FILE || r->nr >= DL_MAX_FINDINGS) {
		if (cap->seen <= DL_MAX_FINDINGS_PER_FILE) {
			cap->seen--; /* counted in the total instead */
			r->dropped++;
			if (!r->dropped_rule)
				r->dropped_rule = rule;
		}
		finding_free(r->sink);
		r->sink = dl_xcalloc(1, sizeof(*r->sink));
		f = r->sink;
		f->rule = rule;
		f->level = level;
		f->path = dl_xstrdup("");
		f->region = region;
		f->message = dl_xstrdup("");
		return f;
	}
	f = dl_xcalloc(1, sizeof(*f));
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
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PARSE002);
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
dl_report_tail(struct dl_report *view, struct dl_report *r, size_t from)
{
	memset(view, 0, sizeof(*view));
	view->findings = r->findings + from;
	view->nr = view->alloc = r->nr - from;
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
