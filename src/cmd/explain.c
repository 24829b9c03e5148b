/*
 * deploylint --explain ID: print a rule's documentation (rules/ID.md,
 * embedded in the binary).
 */
#include "cmd/cmd.h"
#include "deploylint/rule.h"

int
dl_cmd_explain(const struct dl_options *opts, FILE *out, FILE *err)
{
	const char *doc;
	const struct dl_rule *rule = dl_rule_find(opts->explain_id);
	if (!rule) {
		const char *near = dl_rule_suggest(opts->explain_id);
		if (near)
			fprintf(err, "deploylint: --explain: unknown rule '%s' (did you mean %s? see --list-rules)\n",
				opts->explain_id, near);
		else
			fprintf(err, "deploylint: --explain: unknown rule '%s' (see --list-rules)\n",
				opts->explain_id);
		return DL_EXIT_USAGE;
	}
	doc = dl_rule_doc(rule->id);
	if (!doc) {
		fprintf(err, "deploylint: rule %s has no documentation\n", rule->id);
		return DL_EXIT_INTERNAL;
	}
	fputs(doc, out);
	return DL_EXIT_OK;
}
