/*
 * deploylint: the rule registry, sorted by id. Adding a rule is one row in
 * its family's src/rules/<family>.def plus rules/<ID>.md; its checks live in
 * the family's .c file.
 */
#include "deploylint/rule.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/util.h"
#include "rules/docs.h"
#include "rules/rule_id.h"

/*
 * One .def file per rule family, included in id order (rules/all.def) so
 * that the table is sorted (a unit test checks it) and row i is the rule
 * whose enum dl_rule_id (rules/rule_id.h) is i. A family adds rows only to
 * its own file.
 */
#define DL_RULE(id, name, level, flags, summary) \
	[DL_RULE_##id] = { #id, name, level, flags, summary },
static const struct dl_rule rules[] = {
#include "rules/all.def"
};
#undef DL_RULE

#define DL_RULE_META(id, precision, severity) { #id, precision, severity },
static const struct dl_rule_meta metas[] = {
#include "rules/meta.def"
};
#undef DL_RULE_META

const struct dl_rule_meta *
dl_rule_meta(const struct dl_rule *rule)
{
	size_t lo = 0, hi = DL_ARRAY_SIZE(metas);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(metas[mid].id, rule->id);
		if (!c)
			return &metas[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
dl_precision_name(enum dl_precision p)
{
	switch (p) {
	case DL_PRECISION_VERY_HIGH: return "very-high";
	case DL_PRECISION_HIGH: return "high";
	case DL_PRECISION_MEDIUM: return "medium";
	case DL_PRECISION_LOW: return "low";
	}
	return "high";
}

_Static_assert(DL_ARRAY_SIZE(rules) == DL_RULE_COUNT, "one registry row per enum dl_rule_id");

const struct dl_rule *
dl_rule_get(enum dl_rule_id id)
{
	return &rules[id];
}

const struct dl_rule *
dl_rules(size_t *count_out)
{
	*count_out = DL_ARRAY_SIZE(rules);
	return rules;
}

/* strncmp ignoring ASCII case: rule ids are read as typed ("alm001"). */
static int
ncasecmp(const char *a, const char *b, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		int ca = dl_toupper((unsigned char)a[i]), cb = dl_toupper((unsigned char)b[i]);
		if (ca != cb)
			return ca - cb;
		if (!ca)
			break;
	}
	return 0;
}

const struct dl_rule *
dl_rule_find(const char *id)
{
	size_t i, n = strlen(id);
	for (i = 0; i < DL_ARRAY_SIZE(rules); i++)
		if (strlen(rules[i].id) == n && ncasecmp(rules[i].id, id, n) == 0)
			return &rules[i];
	return NULL;
}

const char *
dl_rule_suggest(const char *id)
{
	const char *ids[DL_ARRAY_SIZE(rules) + 1];
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(rules); i++)
		ids[i] = rules[i].id;
	ids[i] = NULL;
	return dl_nearest_word(ids, id);
}

size_t
dl_rule_index(const struct dl_rule *rule)
{
	return (size_t)(rule - rules);
}

const char *
dl_level_name(enum dl_level level)
{
	switch (level) {
	case DL_LEVEL_ERROR: return "error";
	case DL_LEVEL_WARNING: return "warning";
	case DL_LEVEL_NOTE: return "note";
	case DL_LEVEL_NONE: break;
	}
	return "none";
}

int
dl_level_parse(enum dl_level *out, const char *name)
{
	static const struct {
		const char *name;
		enum dl_level level;
	} map[] = {
		{ "error", DL_LEVEL_ERROR },
		{ "warning", DL_LEVEL_WARNING },
		{ "note", DL_LEVEL_NOTE },
		{ "none", DL_LEVEL_NONE },
	};
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(map); i++)
		if (strcmp(map[i].name, name) == 0) {
			*out = map[i].level;
			return 0;
		}
	return -1;
}

const char *
dl_rule_doc(const char *id)
{
	size_t i;
	for (i = 0; i < dl_rule_docs_count; i++)
		if (strcmp(dl_rule_docs[i].id, id) == 0)
			return dl_rule_docs[i].markdown;
	return NULL;
}

int
dl_rule_full_description(char **out, const char *id)
{
	const char *md = dl_rule_doc(id), *p;
	struct dl_strbuf sb = DL_STRBUF_INIT;

	if (!md)
		return -1;
	p = md;
	/* skip the title and blank lines */
	if (*p == '#')
		p += strcspn(p, "\n");
	while (*p == '\n')
		p++;
	while (*p && *p != '#') {
		size_t n = strcspn(p, "\n");
		if (n == 0)
			break;
		if (sb.len)
			dl_strbuf_putc(&sb, ' ');
		dl_strbuf_put(&sb, p, n);
		p += n;
		if (*p == '\n')
			p++;
	}
	*out = dl_strbuf_detach(&sb, NULL);
	return 0;
}

static int
entry_matches(const char *entry, size_t n, const char *id)
{
	size_t idlen = strlen(id);
	if (n == 0 || n > idlen)
		return 0;
	if (ncasecmp(entry, id, n) != 0)
		return 0;
	/* exact id, or a family prefix made of letters only */
	if (n == idlen)
		return 1;
	return !dl_isdigit((unsigned char)id[n - 1]) && dl_isdigit((unsigned char)id[n]);
}

int
dl_rule_selector_matches(const char *list, const char *id)
{
	const char *p = list;
	if (!list)
		return 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		const char *e = p;
		size_t m = n;
		while (m && dl_isblank((unsigned char)*e))
			e++, m--;
		while (m && dl_isblank((unsigned char)e[m - 1]))
			m--;
		if (entry_matches(e, m, id))
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
dl_rule_selector_validate(const char *list, char **bad_out)
{
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ","), i, m = n;
		const char *e = p;
		int ok = 0;
		while (m && dl_isblank((unsigned char)*e))
			e++, m--;
		while (m && dl_isblank((unsigned char)e[m - 1]))
			m--;
		for (i = 0; i < DL_ARRAY_SIZE(rules) && !ok; i++)
			ok = entry_matches(e, m, rules[i].id);
		if (!ok) {
			*bad_out = dl_xstrndup(e, m);
			return -1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}
