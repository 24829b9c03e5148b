/*
 * deploylint: what the commands share with the pipeline in src/run.c
 * (private to the program). Each command is a function taking the
 * options and the two streams and returning an enum dl_exit value.
 */
#ifndef DEPLOYLINT_RUN_H
#define DEPLOYLINT_RUN_H

#include <stdio.h>

#include "deploylint/config.h"
#include "deploylint/deploylint.h"
#include "deploylint/finding.h"
#include "deploylint/repo.h"

/*
 * Loads the configuration for `root`: --config FILE, else .deploylint.yaml
 * in root or its nearest parent up to the repository root; none with
 * --no-config. Returns 0, or -1 after printing the error to err.
 */
int dl_run_load_config(struct dl_config *cfg, const char *root,
		       const struct dl_options *opts, FILE *err);

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
 * Reports a settled report as a lint run does: sorted, --baseline applied
 * (or the baseline written for `deploylint baseline`), emitted in
 * opts->format to opts->output or `out` (and --sarif FILE). `files` is the
 * number of files read (text summary). Returns DL_EXIT_FINDINGS when a
 * finding is at or above fail_on, else DL_EXIT_OK, DL_EXIT_USAGE or
 * DL_EXIT_INTERNAL.
 */
int dl_run_report(const struct dl_options *opts, struct dl_report *report,
		  size_t files, enum dl_level fail_on, FILE *out, FILE *err);

/* deploylint env (src/cmd/env.c). */
int dl_cmd_env(const struct dl_options *opts, FILE *out, FILE *err);

#endif
