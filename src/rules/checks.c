/*
 * deploylint: the registry of rule families and helpers shared by them.
 */
#include "rules/check.h"

#include <stdio.h>
#include <stdlib.h>

#include "deploylint/util.h"

static const struct dl_checker checkers[] = {
	{ "parse", dl_check_parse },
	{ "alembic", dl_check_alembic },
};

const struct dl_checker *
dl_checkers(size_t *count_out)
{
	*count_out = DL_ARRAY_SIZE(checkers);
	return checkers;
}

const struct dl_rule *
dl_rule_must(const char *id)
{
	const struct dl_rule *r = dl_rule_find(id);
	if (!r) {
		fprintf(stderr, "BUG: rule %s is not registered\n", id);
		abort();
	}
	return r;
}

struct dl_region
dl_region_at(struct dl_pos pos, unsigned len)
{
	return dl_region_span(pos.line, pos.col, len ? len : 1);
}
