/*
 * deploylint: rule ids as compile-time constants. DL_RULE_<ID> (e.g.
 * DL_RULE_ENV001) is the index of rule <ID> in the registry table
 * (dl_rules()), generated from the same .def rows as the table: an id the
 * code names that no .def row declares is a compile error, and naming a
 * rule costs an array index, not a string search. User input (--select,
 * --explain, configuration, suppressions) still goes through
 * dl_rule_find().
 */
#ifndef DL_RULES_RULE_ID_H
#define DL_RULES_RULE_ID_H

#include "deploylint/rule.h"

#define DL_RULE(id, name, level, flags, summary) DL_RULE_##id,
enum dl_rule_id {
#include "rules/all.def"
	DL_RULE_COUNT /* number of rules: the length of dl_rules() */
};
#undef DL_RULE

/* The registry row of `id` (static, never NULL for a valid enumerator). */
const struct dl_rule *dl_rule_get(enum dl_rule_id id);
/* Its public id string, e.g. "ENV001" (static). */
static inline const char *
dl_rule_id_str(enum dl_rule_id id)
{
	return dl_rule_get(id)->id;
}

#endif
