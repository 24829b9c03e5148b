/*
 * deploylint: findings and the report that collects them. Rules call
 * dl_report_add(); the run then fills in context lines and fingerprints,
 * sorts, and hands the report to an emitter. Findings own every string
 * they hold (they outlive the documents they came from).
 */
#ifndef DEPLOYLINT_FINDING_H
#define DEPLOYLINT_FINDING_H

#include <stddef.h>

#include "deploylint/hashmap.h"
#include "deploylint/mask.h"
#include "deploylint/rule.h"

/* A region of a file: 1-based lines and columns, columns count bytes.
 * end_line/end_col point one past the last byte (SARIF's endColumn), and
 * are 0 when unknown. */
struct dl_region {
	unsigned line, col;
	unsigned end_line, end_col;
};

struct dl_related {
	char *path; /* '/'-separated, relative to the scanned root */
	struct dl_region region;
	char *message;
	int logical; /* path is a logical name, no file (dl_finding.logical) */
};

/*
 * One byte edit of a file, as a fix carries it: replace the `len` bytes at
 * byte offset `offset` (0-based, from the start of the file as the rules
 * read it) with text[0 .. text_len). len 0 inserts; text_len 0 deletes.
 */
struct dl_edit {
	size_t offset, len; /* bytes */
	char *text;         /* malloc'd, owned; NULL when text_len is 0 */
	size_t text_len;    /* bytes */
};

/*
 * The mechanical fix of a finding, set only where the right edit is
 * certain (see `deploylint --fix` and src/fix/). It changes one file,
 * which need not be the finding's own (GIT001 reports the command in
 * render.yaml and fixes the script it runs): byte edits of its contents,
 * and/or the executable bit in the git index and the work tree.
 */
struct dl_fix {
	char *path;            /* the file changed, named like dl_finding.path
				* (relative to the scanned root; the run
				* prefixes it with several PATHs) */
	struct dl_edit *edits; /* in the order the rule added them */
	size_t edits_nr, edits_alloc;
	int set_exec; /* set mode 100755 in the index (it is
		       * 100644) and chmod +x the work-tree file */
	int void_fix; /* a rule named two files: not applied */
};

struct dl_finding {
	const struct dl_rule *rule;
	enum dl_level level; /* effective level */
	char *path;          /* relative to the scanned root; "" = repo-wide */
	struct dl_region region;
	char *message;
	struct dl_related *related;
	size_t related_nr, related_alloc;
	char *context;      /* the source line at region.line, or NULL;
			     * filled by the run unless the rule set a
			     * redacted one (malloc'd, owned) */
	char *fingerprint;  /* 16 hex chars, stable across line shifts;
			     * computed by the run unless the rule set
			     * it (malloc'd, owned) */
	struct dl_fix *fix; /* the certain fix, or NULL (owned) */
	int logical;        /* path is a logical name such as
			     * "env:DATABASE_URL" or "render-api:KEY" (a
			     * variable, no file; `deploylint env`): region
			     * is 0, text and github print the name without
			     * line, SARIF gives a logicalLocation */
};

/* How many findings of one (rule, path) pair dl_report_add() was asked
 * for since the last dl_report_cap_notes() (see DL_MAX_FINDINGS_PER_FILE). */
struct dl_report_cap {
	const struct dl_rule *rule;
	char *path;
	size_t seen;
};

struct dl_report {
	struct dl_finding **findings;
	size_t nr, alloc;
	/* the cap on findings (DL_MAX_FINDINGS_PER_FILE, DL_MAX_FINDINGS):
	 * the (rule, path) counts (caps[0 .. caps_nr), found through
	 * caps_index: key the rule pointer's bytes then the path, value the
	 * index), the findings not kept, and the finding handed back for them
	 * (reused, never reported) */
	struct dl_report_cap *caps;
	size_t caps_nr, caps_alloc;
	struct dl_hashmap caps_index;
	size_t dropped;
	const struct dl_rule *dropped_rule; /* of the first one past DL_MAX_FINDINGS */
	struct dl_finding *sink;
	/* the catalogues of the runs whose findings it holds (the user's
	 * secret-patterns): every context line, message and --fix diff of
	 * these findings is masked with them (dl_report_add_context);
	 * dl_report_release frees them */
	struct dl_mask mask;
};

void dl_report_init(struct dl_report *r);
void dl_report_release(struct dl_report *r);

/*
 * Adds a finding for `rule` at `path`/`region` with a printf-style message
 * at the rule's default level. Returns the new finding (owned by the
 * report) so the caller may add related locations.
 *
 * Bounded: past DL_MAX_FINDINGS_PER_FILE findings of one rule in one file,
 * or DL_MAX_FINDINGS in the report, the finding is not kept (memory and
 * output stay bounded by the limits, not by the input: a 2 MiB .env of
 * `X = 1` lines would make a million). The caller still gets a finding to
 * fill in, which is dropped; dl_report_cap_notes() then says how many
 * were left out.
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
/*
 * Reports that a limit on untrusted input was reached (rule PARSE002,
 * level note): the one mechanism every stage uses, so that a limit never
 * hides findings without a word, in every output format. `path` is the
 * file concerned ("" for the whole run), `region` where the limit was hit
 * (line 0 when it concerns the whole file), `limit` the constant of
 * limits.h (e.g. "DL_MAX_FILE_SIZE"), and fmt says what was not checked.
 * The message reads "<what>: limit <limit> reached, findings may be
 * missing". Returns the finding (owned by the report).
 */
struct dl_finding *dl_report_limit(struct dl_report *r, const char *path,
				   struct dl_region region, const char *limit,
				   const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void dl_finding_add_related(struct dl_finding *f, const char *path,
			    struct dl_region region, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Adds to f's fix (creating it) one edit of the file `path` (relative to
 * the scanned root, as f->path): replace `len` bytes at byte `offset` with
 * text[0 .. text_len) (copied). A rule calls this only for an edit whose
 * bytes it has checked. All edits of one fix change one file: an edit of
 * another path voids the fix (void_fix; it is never applied), since it is
 * no longer one certain change. Never fails.
 */
void dl_finding_fix_edit(struct dl_finding *f, const char *path, size_t offset,
			 size_t len, const char *text, size_t text_len);
/* Adds to f's fix (creating it) "set the executable bit of `path` in the
 * git index and the work tree" (GIT001); `path` as above, and another path
 * than the fix's voids it the same way. */
void dl_finding_fix_exec(struct dl_finding *f, const char *path);
/* Frees f's fix, if any, and sets f->fix to NULL. */
void dl_finding_fix_drop(struct dl_finding *f);

/*
 * Adds, for every (rule, path) pair with findings left out by the cap
 * since the last call, one note finding of that rule on that file (no
 * line): "... and N more RULE findings in this file ...", and one
 * repository-wide note when DL_MAX_FINDINGS was reached. Then forgets the
 * counts (call it once per scanned root, after the rules ran).
 */
void dl_report_cap_notes(struct dl_report *r);

/*
 * Sets *view to the findings of r from index `from` on, as a report of
 * their own that borrows r's array (every other field zero): sorting or
 * filtering the view sorts or filters that tail of r in place; after a
 * filter, r->nr = from + view->nr. Nothing to release.
 */
void dl_report_tail(struct dl_report *view, struct dl_report *r, size_t from);
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
