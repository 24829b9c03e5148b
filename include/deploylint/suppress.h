/*
 * deploylint: inline suppressions. A comment
 *     # deploylint: ignore[ID,ID] reason
 * on a finding's line, or alone on the line before it, drops findings of
 * those rules (ids or family prefixes) there; a comment
 *     # deploylint: ignore-file[ID] reason
 * anywhere in a file drops them in the whole file. Unused suppressions are
 * reported as SUP001 (note); with require_reason, one without a reason is
 * SUP002 (warning).
 */
#ifndef DEPLOYLINT_SUPPRESS_H
#define DEPLOYLINT_SUPPRESS_H

#include <stddef.h>

#include "deploylint/finding.h"
#include "deploylint/repo.h"

struct dl_suppress_opts {
	int require_reason;
	/* Whether a rule is enabled (select/ignore/config): suppressions of
	 * disabled rules are never reported as unused. */
	int (*enabled)(const struct dl_rule *rule, void *payload);
	void *payload;
};

/*
 * Applies the suppressions written in the files of `repo` to the findings
 * r->findings[from .. r->nr): suppressed findings are removed; SUP001 and
 * SUP002 findings are appended. Suppression comments are read from every
 * file the rules loaded (f->data set) and from every file holding a
 * finding. Matching is textual: the marker "deploylint:" after a '#'.
 */
void dl_suppress_apply(struct dl_report *r, size_t from, struct dl_repo *repo,
		       const struct dl_suppress_opts *opts);

#endif
