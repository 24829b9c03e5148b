/*
 * deploylint: fingerprints (deploylint/fingerprint.h). A fingerprint
 * hashes the rule id, the path, the finding's source line with white
 * space folded, and how many identical (rule, path, line) triples came
 * before it: it survives edits that only move the line.
 */
#include "deploylint/fingerprint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/util.h"

static uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;
	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

struct fp_key {
	uint64_t hash;
	size_t index;
};

static int
key_cmp(const void *pa, const void *pb)
{
	const struct fp_key *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

void
dl_report_fingerprint(struct dl_report *r, size_t from)
{
	struct fp_key *keys;
	size_t i, n = r->nr - from;
	unsigned occurrence = 0;

	keys = dl_xmalloc(dl_st_mult(n ? n : 1, sizeof(*keys)));
	for (i = 0; i < n; i++) {
		struct dl_finding *f = r->findings[from + i];
		struct dl_strbuf norm = DL_STRBUF_INIT;
		const char *c = f->context ? f->context : f->message;
		uint64_t h = 1469598103934665603ULL;
		int space = 0;

		for (; *c; c++) {
			if (dl_isspace((unsigned char)*c)) {
				space = norm.len > 0;
				continue;
			}
			if (space)
				dl_strbuf_putc(&norm, ' ');
			space = 0;
			dl_strbuf_putc(&norm, *c);
		}
		h = fnv1a(h, f->rule->id, strlen(f->rule->id) + 1);
		h = fnv1a(h, f->path, strlen(f->path) + 1);
		h = fnv1a(h, norm.buf, norm.len + 1);
		keys[i].hash = h;
		keys[i].index = i;
		dl_strbuf_release(&norm);
	}
	/* the n-th finding with the same key (in report order) gets occurrence n */
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i++) {
		struct dl_finding *f = r->findings[from + keys[i].index];
		struct dl_strbuf hex = DL_STRBUF_INIT;
		uint64_t h;
		if (i && keys[i].hash == keys[i - 1].hash)
			occurrence++;
		else
			occurrence = 0;
		if (f->fingerprint)
			continue; /* set by the rule (secrets hash the secret) */
		h = fnv1a(keys[i].hash, &occurrence, sizeof(occurrence));
		dl_strbuf_addf(&hex, "%016llx", (unsigned long long)h);
		f->fingerprint = dl_strbuf_detach(&hex, NULL);
	}
	free(keys);
}
