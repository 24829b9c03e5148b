/*
 * deploylint: what the commands share with the pipeline in src/run.c
 * (private to the program). The commands themselves are in src/cmd/
 * (cmd/cmd.h); each is a function taking the options and the two streams
 * and returning an enum dl_exit value.
 */
#ifndef DEPLOYLINT_RUN_H
#define DEPLOYLINT_RUN_H

#include <stdio.h>

#include "cmd/cmd.h"
#include "deploylint/config.h"
#include "deploylint/deploylint.h"
#include "deploylint/finding.h"
#include "deploylint/fix.h"
#include "deploylint/repo.h"
#include "deploylint/util.h"

/*
 * Loads the configuration for `root`: --config FILE, else .deploylint.yaml
 * in root or its nearest parent up to the repository root; none with
 * --no-config. Returns 0, or -1 after printing the error to err
 * (src/cmd/root.c; dl_root_open() calls it).
 */
int dl_run_load_config(struct dl_config *cfg, const char *root,
		       const struct dl_options *opts, FILE *err);

/*
 * The lint pipeline over every PATH of opts: each root opened
 * (dl_root_open), read, checked, its findings settled (levels, filters,
 * inline suppressions, sorted, context lines, fingerprints) and appended
 * to `report`. `files` counts the files read; `fail_on` starts as
 * opts->fail_on and takes the configuration's fail-on unless --fail-on
 * was given. With `plan` (--fix) the fixes of the findings kept are
 * registered with it. Returns DL_EXIT_OK, or DL_EXIT_USAGE /
 * DL_EXIT_INTERNAL after the error was printed to `err`.
 */
int dl_run_lint(struct dl_report *report, const struct dl_options *opts, FILE *err,
		size_t *files, enum dl_level *fail_on, struct dl_fix_plan *plan);

/*
 * Settles r->findings[from ..] as a lint run does: the configured levels,
 * --select/--ignore and the configuration's excludes, sorted, messages
 * masked (dl_secrets_redact_message), context lines from `repo`'s files
 * (repo may be NULL; a finding whose context a rule set keeps it) and
 * fingerprints.
 */
void dl_run_settle(struct dl_report *r, size_t from, const struct dl_config *cfg,
		   const struct dl_options *opts, struct dl_repo *repo);

/*
 * Reports a settled report as a lint run does: sorted, --baseline applied,
 * emitted in opts->format to opts->output or `out` (and --sarif FILE).
 * `files` is the number of files read (text summary). Returns
 * DL_EXIT_FINDINGS when a finding is at or above fail_on, else
 * DL_EXIT_OK, DL_EXIT_USAGE or DL_EXIT_INTERNAL.
 */
int dl_run_report(const struct dl_options *opts, struct dl_report *report,
		  size_t files, enum dl_level fail_on, FILE *out, FILE *err);

/*
 * --baseline FILE on a sorted report: drops the findings it records and
 * says on `err` how many were hidden and how many of its entries no
 * longer match anything (unless `quiet`). Returns 0, or -1 after printing
 * why the file cannot be used.
 */
int dl_run_apply_baseline(const char *file, struct dl_report *r, FILE *err, int quiet);

/* Whether opts->format names an emitter; if not, says so on `err`. */
int dl_run_check_format(const struct dl_options *opts, FILE *err);

/*
 * Writes sb to the file `path`, or to `out` when path is NULL. Returns 0,
 * or -1 after printing the error to `err`.
 */
int dl_run_write(const char *path, const struct dl_strbuf *sb, FILE *out, FILE *err);

#endif
