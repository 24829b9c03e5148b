/*
 * deploylint: `--fix`. Collects the certain fixes findings carry (struct
 * dl_fix, finding.h), applies them file by file, and writes a unified diff.
 */
#ifndef DEPLOYLINT_FIX_H
#define DEPLOYLINT_FIX_H

#include <stddef.h>
#include <stdio.h>

#include "deploylint/finding.h"
#include "deploylint/limits.h"
#include "deploylint/util.h"

/* Lines of context around each change in the diff (as `diff -u`). */
#define DL_FIX_CONTEXT 3u

enum dl_fix_mode {
	DL_FIX_OFF = 0, /* lint only */
	DL_FIX_APPLY,   /* --fix: apply, print the diff, then lint again */
	DL_FIX_DRY_RUN  /* --fix --dry-run: print the diff only */
};

/*
 * Applies edits[0 .. nr) to data[0 .. len) and appends the result to
 * `out`. The edits must be sorted by offset, lie within the data
 * (offset + len <= data length) and not overlap (an edit starting where
 * another ends is fine; two edits at one offset are not). Returns 0, or
 * -1 (out unchanged) when they break those rules.
 */
int dl_fix_apply_edits(struct dl_strbuf *out, const char *data, size_t len,
		       const struct dl_edit *edits, size_t nr);

/* Masks the secrets of one diff line: line[0 .. len), no line break, from
 * the file `path`. Returns a malloc'd NUL-terminated string. */
typedef char *(*dl_fix_redact_fn)(const char *path, const char *line, size_t len);

/*
 * The masking every diff line goes through: dl_mask_line() (mask.h), the
 * one that masks context lines: credential formats and the user's
 * secret-patterns, URL passwords, the values of secret-named keys and, in
 * .env files, every value that is not plainly harmless (comment tails
 * and `export KEY VALUE` lines included). Byte for byte: the masked line
 * has len bytes (up to a NUL). Returns a malloc'd NUL-terminated string.
 */
char *dl_fix_redact_line(const char *path, const char *line, size_t len);

/*
 * Appends to `out` the diff of one file in git's format: a
 * `diff --git a/PATH b/PATH` line; `old mode OOOOOO` / `new mode NNNNNN`
 * when old_mode != new_mode (both nonzero); then, when nr > 0,
 * `--- a/PATH`, `+++ b/PATH` and unified hunks (`@@ -l,n +l,n @@`, 1-based
 * lines, DL_FIX_CONTEXT lines of context, changes closer than twice that
 * joined into one hunk, `\ No newline at end of file` after a last line
 * without one). Lines are split at '\n' only; a '\r' before it is shown
 * as the two characters "\\r", and control characters, bytes that are not
 * UTF-8 and bidi controls are escaped as dl_mask_put_safe() escapes them. `path` is the '/'-separated name to print (quoted as git quotes
 * names holding control characters, '"' or '\\'); data[0 .. len) the old
 * contents; edits as for dl_fix_apply_edits(). Every printed line (context,
 * removed, added) goes through `redact` (a trailing '\r' excluded) when
 * it is not NULL, then through the escaping. Returns 0, or -1 (out unchanged)
 * when the edits are invalid.
 */
int dl_fix_diff(struct dl_strbuf *out, const char *path, const char *data,
		size_t len, const struct dl_edit *edits, size_t nr,
		unsigned old_mode, unsigned new_mode, dl_fix_redact_fn redact);

/* A file some fix changes. */
struct dl_fix_file {
	char *path;    /* as findings name it (display, diff) */
	char *fs_path; /* the path to open, relative to the current
			* directory or absolute */
	char *data;    /* the contents the rules read (malloc'd), or
			* NULL when only the mode changes */
	size_t len;    /* bytes */
	int have_data;
	unsigned git_mode;     /* the index mode the rules read, or 0 */
	struct dl_edit *edits; /* accepted edits, sorted by offset, no two
				* overlapping; texts borrowed from the
				* findings' fixes */
	size_t edits_nr, edits_alloc;
	int set_exec; /* some accepted fix sets the executable bit */
	size_t fixes; /* accepted fixes (findings) for this file */
	int failed;   /* not changed (see dl_fix_plan_run) */
};

/* The fixes of one run, grouped by file. */
struct dl_fix_plan {
	struct dl_fix_file *files; /* sorted by path after dl_fix_plan_run */
	size_t nr, alloc;
	size_t accepted, rejected; /* fixes taken / refused by dl_fix_plan_add */
	size_t applied;            /* fixes whose file was written (or, in a
				    * dry run, would be) */
	/* the catalogues the diff is masked with besides the built-in one
	 * (the report's: struct dl_report.mask), or NULL */
	const struct dl_mask *mask;
};

void dl_fix_plan_init(struct dl_fix_plan *p);
/* Frees the plan (not the findings whose edit texts it borrowed). */
void dl_fix_plan_release(struct dl_fix_plan *p);

/*
 * Registers the file `path` (display name) at `fs_path` with the contents
 * the rules read (data may be NULL when the fixes only change the mode;
 * copied) and its git index mode (0 outside git). Registering a path again
 * adds the data when it was missing. Call it before dl_fix_plan_add() for
 * that path.
 */
void dl_fix_plan_add_file(struct dl_fix_plan *p, const char *path,
			  const char *fs_path, const char *data, size_t len,
			  unsigned git_mode);

/*
 * Adds a finding's fix (fix->path names a registered file). All of its
 * edits are taken, or none: none when the file was not registered (or has
 * no data while the fix has edits), the fix is void, an edit lies outside
 * the data, or an edit overlaps one taken earlier (the first fix added
 * wins). An edit equal to one already taken (the same fix reported twice)
 * is not added again. Returns 1 when taken, 0 when refused. The plan
 * borrows the edit texts: the finding must outlive the plan's use.
 */
int dl_fix_plan_add(struct dl_fix_plan *p, const struct dl_fix *fix);

/*
 * Sorts the files by path and, for each file with accepted fixes, writes
 * its changes when `apply`, then appends its diff (as dl_fix_diff, every
 * line masked by dl_mask_line_with() with the plan's mask) to `diff`. Applying a file: opened without following
 * symbolic links, it must be a regular file whose bytes are still those
 * the rules read; the new contents are written to a temporary file in the
 * same folder with the old file's permission bits, then renamed over it.
 * Setting the executable bit: the entry in the git index (GIT_INDEX_FILE
 * when set, as the scan reads it) must still have mode 100644; it gets
 * 100755 and the index is written, then the work-tree file gets +x where
 * it has r. A file that cannot be changed gets `failed`, no diff, and one
 * line in `errors` ("PATH: not fixed: why\n"). Returns 0, or -1 when some
 * file failed on an I/O or git error (a file that changed since it was
 * read is not such an error).
 */
int dl_fix_plan_run(struct dl_fix_plan *p, int apply, struct dl_strbuf *diff,
		    struct dl_strbuf *errors);

#endif
