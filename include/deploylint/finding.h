/*
 * deploylint: findings and the report that collects them. Rules call
 * dl_report_add(); the run then fills in context lines and fingerprints,
 * sorts, and hands the report to an emitter. Findings own every string
 * they hold (they outlive the documents they came from).
 */
#ifndef DEPLOYLINT_FINDING_H
#define DEPLOYLINT_FINDING_H

#include <stddef.h>

#include "deploylint/rule.h"

/* A region of a file: 1-based lines and columns, columns count bytes.
 * end_line/end_col point one past the last byte (SARIF's endColumn), and
 * are 0 when unknown. */
struct dl_region {
	unsigned line, col;
	unsigned end_line, end_col;
};

struct dl_related {
	char *path;      /* '/'-separated, relative to the scanned root */
	struct dl_region region;
	char *message;
};

struct dl_finding {
	const struct dl_rule *rule;
	enum dl_level level;      /* effective level */
	char *path;               /* relative to the scanned root; "" = repo-wide */
	struct dl_region region;
	char *message;
	struct dl_related *related;
	size_t related_nr, related_alloc;
	char *context;            /* the source line at region.line, or NULL;
				   * filled by the run unless the rule set a
				   * redacted one (malloc'd, owned) */
	char *fingerprint;        /* 16 hex chars, stable across line shifts;
				   * computed by the run unless the rule set
				   * it (malloc'd, owned) */
};

struct dl_report {
	struct dl_finding **findings;
	size_t nr, alloc;
};

void dl_report_init(struct dl_report *r);
void dl_report_release(struct dl_report *r);

/*
 * Adds a finding for `rule` at `path`/`region` with a printf-style message
 * at the rule's default level. Returns the new finding (owned by the
 * report) so the caller may add related locations.
 */
struct dl_finding *dl_report_add(struct dl_report *r, const struct dl_rule *rule,
				 const char *path, struct dl_region region,
				 const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* As dl_report_add() with an explicit level. */
struct dl_finding *dl_report_add_level(struct dl_report *r,
				       const struct dl_rule *rule,
				       enum dl_level level, const char *path,
				       struct dl_region region, const char *fmt,
				       ...)
	__attribute__((format(printf, 6, 7)));
void dl_finding_add_related(struct dl_finding *f, const char *path,
			    struct dl_region region, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sorts by path, line, column, rule id, then message (byte order). */
void dl_report_sort(struct dl_report *r);
/* Removes findings for which keep(f, payload) returns 0. */
void dl_report_filter(struct dl_report *r,
		      int (*keep)(const struct dl_finding *f, void *payload),
		      void *payload);
/* Counts findings at `level`. */
size_t dl_report_count(const struct dl_report *r, enum dl_level level);

/* A region covering line:col for `len` bytes on one line; with len 0 the
 * end is unknown (end_line and end_col 0). */
struct dl_region dl_region_span(unsigned line, unsigned col, unsigned len);

#endif
