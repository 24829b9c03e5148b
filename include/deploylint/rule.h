/*
 * deploylint: the rule registry. Each rule is a const struct carrying its
 * public id (stable, from RULES.md), name, default level and one-line
 * summary; its long documentation is rules/<ID>.md, embedded at build time.
 * --list-rules, --explain and SARIF's tool.driver.rules are all derived
 * from this table.
 */
#ifndef DEPLOYLINT_RULE_H
#define DEPLOYLINT_RULE_H

#include <stddef.h>

/* SARIF levels, ordered so that a larger value is more severe. */
enum dl_level {
	DL_LEVEL_NONE = 0,
	DL_LEVEL_NOTE = 1,
	DL_LEVEL_WARNING = 2,
	DL_LEVEL_ERROR = 3
};

/* "error", "warning", "note" or "none". */
const char *dl_level_name(enum dl_level level);
/* Parses a level name; returns 0 and sets *out, or -1 when unknown. */
int dl_level_parse(enum dl_level *out, const char *name);

enum dl_rule_flags {
	DL_RULE_NEEDS_GIT = 1 << 0 /* reads the git index */
};

struct dl_rule {
	const char *id;      /* public id, e.g. "ALM001" */
	const char *name;    /* SARIF rule name, e.g. "alembic/multiple-heads" */
	enum dl_level level; /* default level */
	unsigned flags;      /* enum dl_rule_flags */
	const char *summary; /* one sentence: SARIF shortDescription */
};

/* The registry, sorted by id. The array is static and never freed. */
const struct dl_rule *dl_rules(size_t *count_out);
/* Finds a rule by id, ignoring ASCII case ("alm001" finds ALM001); NULL
 * when none. */
const struct dl_rule *dl_rule_find(const char *id);
/* The rule id nearest to `id` for a "did you mean" hint (as
 * dl_nearest_word(): within max(2, strlen(id) / 3) edits, case-insensitive),
 * or NULL. The string is static. */
const char *dl_rule_suggest(const char *id);
/* How often a rule's findings are right (SARIF properties.precision, as
 * GitHub code scanning ranks results). */
enum dl_precision {
	DL_PRECISION_VERY_HIGH = 0,
	DL_PRECISION_HIGH,
	DL_PRECISION_MEDIUM,
	DL_PRECISION_LOW
};

/* Code-scanning metadata of a rule (src/rules/meta.def). */
struct dl_rule_meta {
	const char *id;
	enum dl_precision precision;
	const char *security_severity; /* "0.1" .. "10.0", or NULL when the
					* rule is not about security */
};

/* The metadata row of `rule`, or NULL when meta.def lacks it (a unit test
 * checks that none does). */
const struct dl_rule_meta *dl_rule_meta(const struct dl_rule *rule);
/* "very-high", "high", "medium" or "low". */
const char *dl_precision_name(enum dl_precision p);

/* Index of `rule` in dl_rules() (SARIF ruleIndex). */
size_t dl_rule_index(const struct dl_rule *rule);
/*
 * The embedded Markdown documentation of rule `id` (rules/<ID>.md), or NULL.
 * The first paragraph after the title is its SARIF fullDescription.
 */
const char *dl_rule_doc(const char *id);
/*
 * Writes into *out (malloc'd, caller frees) the first paragraph of the
 * rule's documentation after its "# " title line, joined into one line.
 * Returns 0, or -1 when the rule has no documentation.
 */
int dl_rule_full_description(char **out, const char *id);

/*
 * A rule selector is a comma-separated list of ids or family prefixes
 * ("ALM,ENV001"; ASCII case is ignored: "alm,env001" is the same list).
 * Returns 1 when `id` matches an entry of `list`, else 0. An empty or NULL
 * list matches nothing.
 */
int dl_rule_selector_matches(const char *list, const char *id);
/*
 * Checks that every entry of `list` names a rule or a family prefix of at
 * least one rule. Returns 0, or -1 with *bad_out pointing at a malloc'd copy
 * of the first bad entry (caller frees).
 */
int dl_rule_selector_validate(const char *list, char **bad_out);

#endif
