/*
 * deploylint: baselines: written by `deploylint baseline`, read by
 * --baseline FILE (deploylint/baseline.h).
 */
#include "deploylint/baseline.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "deploylint/limits.h"
#include "deploylint/utf8.h"

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct dl_baseline_entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	if (!c)
		c = strcmp(a->rule, b->rule);
	if (!c)
		c = strcmp(a->fingerprint, b->fingerprint);
	return c;
}

/* A finding's entry; the path made valid UTF-8 as JSON carries it. */
static void
entry_of(struct dl_baseline_entry *e, const struct dl_finding *f)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	dl_utf8_sanitize(&sb, f->path, strlen(f->path));
	e->path = dl_strbuf_detach(&sb, NULL);
	e->rule = dl_xstrdup(f->rule->id);
	e->fingerprint = dl_xstrdup(f->fingerprint ? f->fingerprint : "");
	e->used = 0;
}

static void
entries_free(struct dl_baseline_entry *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i].rule);
		free(v[i].path);
		free(v[i].fingerprint);
	}
	free(v);
}

int
dl_baseline_format(struct dl_strbuf *out, const struct dl_report *r)
{
	struct dl_baseline_entry *v = dl_xcalloc(r->nr ? r->nr : 1, sizeof(*v));
	size_t i;
	int rc = 0;

	for (i = 0; i < r->nr; i++)
		entry_of(&v[i], r->findings[i]);
	if (r->nr > 1)
		qsort(v, r->nr, sizeof(*v), entry_cmp);
	dl_strbuf_puts(out, "{\n  \"version\": \"1\",\n  \"tool\": \"deploylint\",\n"
			    "  \"findings\": [");
	for (i = 0; i < r->nr && rc == 0; i++) {
		json_t *o = json_object();
		char *s = NULL;
		if (o && !json_object_set_new(o, "rule", json_string(v[i].rule)) &&
		    !json_object_set_new(o, "path", json_string(v[i].path)) &&
		    !json_object_set_new(o, "fingerprint", json_string(v[i].fingerprint)))
			s = json_dumps(o, JSON_PRESERVE_ORDER);
		if (!s)
			rc = -1;
		else
			dl_strbuf_addf(out, "%s\n    %s", i ? "," : "", s);
		free(s);
		json_decref(o);
	}
	dl_strbuf_puts(out, r->nr ? "\n  ]\n}\n" : "]\n}\n");
	entries_free(v, r->nr);
	return rc;
}

static int
read_error(char **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
read_error(char **err, const char *fmt, ...)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	dl_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	*err = dl_strbuf_detach(&sb, NULL);
	return -1;
}

int
dl_baseline_read(struct dl_baseline *b, const char *file, char **err)
{
	struct stat st;
	json_error_t je;
	json_t *root, *arr, *ver;
	size_t i;

	memset(b, 0, sizeof(*b));
	*err = NULL;
	if (stat(file, &st) < 0)
		return read_error(err, "--baseline %s: %s", file, strerror(errno));
	if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size > DL_MAX_BASELINE_SIZE)
		return read_error(err, "--baseline %s: not a regular file of at most %u bytes",
				  file, DL_MAX_BASELINE_SIZE);
	root = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		/* jansson's text without what it quotes of the input: a
		 * baseline may be any file, secrets included */
		char text[JSON_ERROR_TEXT_LENGTH];
		char *near;
		snprintf(text, sizeof(text), "%s", je.text);
		near = strstr(text, " near ");
		if (near)
			*near = '\0';
		return read_error(err, "--baseline %s:%d:%d: %s", file, je.line, je.column, text);
	}
	ver = json_object_get(root, "version");
	arr = json_object_get(root, "findings");
	if (!json_is_string(ver) || strcmp(json_string_value(ver), "1") != 0 ||
	    !json_is_array(arr) || json_array_size(arr) > DL_MAX_BASELINE_ENTRIES) {
		json_decref(root);
		return read_error(err, "--baseline %s: not a deploylint baseline (version \"1\" and a findings list expected; write one with `deploylint baseline`)",
				  file);
	}
	b->v = dl_xcalloc(json_array_size(arr) ? json_array_size(arr) : 1, sizeof(*b->v));
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i);
		json_t *rule = json_object_get(e, "rule"), *path = json_object_get(e, "path");
		json_t *fp = json_object_get(e, "fingerprint");
		if (!json_is_string(rule) || !json_is_string(path) || !json_is_string(fp)) {
			dl_baseline_release(b);
			json_decref(root);
			return read_error(err, "--baseline %s: entry %zu needs string rule, path and fingerprint",
					  file, i + 1);
		}
		b->v[b->nr].rule = dl_xstrdup(json_string_value(rule));
		b->v[b->nr].path = dl_xstrdup(json_string_value(path));
		b->v[b->nr].fingerprint = dl_xstrdup(json_string_value(fp));
		b->nr++;
	}
	json_decref(root);
	if (b->nr > 1)
		qsort(b->v, b->nr, sizeof(*b->v), entry_cmp);
	return 0;
}

/* Keeps a finding unless an unused baseline entry matches it. */
static int
keep_unbaselined(const struct dl_finding *f, void *payload)
{
	struct dl_baseline *b = payload;
	struct dl_baseline_entry key;
	size_t lo = 0, hi = b->nr;
	int found = 0;

	entry_of(&key, f);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (entry_cmp(&b->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < b->nr && entry_cmp(&b->v[lo], &key) == 0; lo++)
		if (!b->v[lo].used) {
			b->v[lo].used = 1;
			found = 1;
			break;
		}
	free(key.rule);
	free(key.path);
	free(key.fingerprint);
	b->hidden += found;
	return !found;
}

void
dl_baseline_apply(struct dl_baseline *b, struct dl_report *r)
{
	dl_report_filter(r, keep_unbaselined, b);
}

size_t
dl_baseline_stale(const struct dl_baseline *b)
{
	size_t i, stale = 0;
	for (i = 0; i < b->nr; i++)
		stale += !b->v[i].used;
	return stale;
}

void
dl_baseline_release(struct dl_baseline *b)
{
	entries_free(b->v, b->nr);
	memset(b, 0, sizeof(*b));
}
