/*
 * deploylint: what a rule family's check function receives. Families are
 * listed in rules/checks.c; each reads the models and adds findings.
 */
#ifndef DEPLOYLINT_RULES_CHECK_H
#define DEPLOYLINT_RULES_CHECK_H

#include <stddef.h>

#include "deploylint/finding.h"
#include "deploylint/parse.h"
#include "deploylint/repo.h"
#include "model/alembic.h"

struct dl_check_ctx {
	struct dl_repo *repo;
	struct dl_report *report;
	struct dl_alembic *alembic;
};

struct dl_checker {
	const char *name;
	void (*run)(struct dl_check_ctx *ctx);
};

/* The families, in the order they run. */
const struct dl_checker *dl_checkers(size_t *count_out);

/* dl_rule_find() for ids the code itself names: aborts if unknown. */
const struct dl_rule *dl_rule_must(const char *id);

/* Region of a parser position (one byte wide when len is 0). */
struct dl_region dl_region_at(struct dl_pos pos, unsigned len);

void dl_check_alembic(struct dl_check_ctx *ctx);
void dl_check_parse(struct dl_check_ctx *ctx);

#endif
