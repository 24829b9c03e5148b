/*
 * deploylint: what the report stage adds to findings before they are
 * emitted: the masked source line under each finding (context) and a
 * fingerprint that names a finding across edits that only move it
 * (baselines, SARIF partialFingerprints). src/report/context.c and
 * src/report/fingerprint.c.
 */
#ifndef DEPLOYLINT_FINGERPRINT_H
#define DEPLOYLINT_FINGERPRINT_H

#include <stddef.h>

#include "deploylint/finding.h"
#include "deploylint/repo.h"

/*
 * Masks findings[from ..] for output and gives them their source line:
 * a context a rule set goes through dl_mask_line() all the same; else the
 * line of region.line is read from `repo`'s file of the finding's path
 * (repo may be NULL: no context lines), masked on the whole line, cut to
 * DL_MAX_CONTEXT_LINE bytes. Messages and related notes are masked with
 * dl_mask_message(). The findings must be sorted by path and line (one
 * linear pass over each file).
 */
void dl_report_add_context(struct dl_report *r, size_t from, struct dl_repo *repo);

/*
 * Gives findings[from ..] a fingerprint (16 lower-case hex digits, FNV-1a
 * 64): the rule id, the path, the context line (else the message) with
 * white space folded, and how many findings with those three came before
 * it in report order. A fingerprint a rule set (secrets hash the secret)
 * is kept. Call after dl_report_add_context().
 */
void dl_report_fingerprint(struct dl_report *r, size_t from);

#endif
