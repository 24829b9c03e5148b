/*
 * deploylint: baselines (src/report/baseline.c). `deploylint baseline`
 * records the findings of a run as JSON naming only rule, path and
 * fingerprint (deploylint/fingerprint.h); `--baseline FILE` then reports
 * only the findings it does not record. Format:
 *
 *   {
 *     "version": "1",
 *     "tool": "deploylint",
 *     "findings": [
 *       {"rule": "ENV001", "path": ".env", "fingerprint": "0123..."},
 *       ...
 *     ]
 *   }
 *
 * sorted by path, rule and fingerprint, one entry a line so that merges
 * stay clean; no lines, messages or timestamps.
 */
#ifndef DEPLOYLINT_BASELINE_H
#define DEPLOYLINT_BASELINE_H

#include <stddef.h>

#include "deploylint/finding.h"
#include "deploylint/util.h"

/* One entry: a finding named by rule, path and fingerprint. */
struct dl_baseline_entry {
	char *rule, *path, *fingerprint; /* malloc'd; path valid UTF-8 */
	int used;                        /* matched a finding already */
};

/* A baseline read from a file. */
struct dl_baseline {
	struct dl_baseline_entry *v; /* sorted (path, rule, fingerprint) */
	size_t nr;
	size_t hidden; /* findings dl_baseline_apply() dropped */
};

/*
 * Appends the baseline of r's findings to `out` (each entry serialised
 * by jansson). Returns 0, or -1 when jansson failed (out then holds part
 * of it).
 */
int dl_baseline_format(struct dl_strbuf *out, const struct dl_report *r);

/*
 * Reads the baseline `file` (a regular file of at most
 * DL_MAX_BASELINE_SIZE bytes and DL_MAX_BASELINE_ENTRIES entries).
 * Returns 0, or -1 with *err set to a malloc'd message naming the file
 * ("--baseline FILE: ...", never quoting its bytes); `out` is then empty.
 */
int dl_baseline_read(struct dl_baseline *out, const char *file, char **err);

/*
 * Drops from r every finding an unused entry of b matches (one entry
 * hides one finding), marking the entry used and counting b->hidden.
 */
void dl_baseline_apply(struct dl_baseline *b, struct dl_report *r);

/* The entries no finding matched. */
size_t dl_baseline_stale(const struct dl_baseline *b);

void dl_baseline_release(struct dl_baseline *b);

#endif
