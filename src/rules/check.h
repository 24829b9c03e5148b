/*
 * deploylint: what a rule family's check function receives. Families are
 * listed in rules/checks.c; each reads the models and adds findings.
 */
#ifndef DEPLOYLINT_RULES_CHECK_H
#define DEPLOYLINT_RULES_CHECK_H

#include <stddef.h>

#include "deploylint/config.h"
#include "deploylint/finding.h"
#include "deploylint/parse.h"
#include "deploylint/repo.h"
#include "model/alembic.h"

struct dl_doc_cache;

struct dl_check_ctx {
	struct dl_repo *repo;
	struct dl_report *report;
	struct dl_alembic *alembic;
	struct dl_doc_cache *docs;   /* see dl_ctx_doc() */
	const struct dl_config *config; /* rule options; never NULL in a run */
};

/* Sets up ctx's document cache (after repo is set); dl_ctx_release frees it. */
void dl_ctx_init(struct dl_check_ctx *ctx);
void dl_ctx_release(struct dl_check_ctx *ctx);

/*
 * The parsed document of `f` (a file of ctx->repo), parsed once per run
 * with the parser registered for f->kind (dl_parser_for), so that families
 * sharing a file never parse it twice. NULL when f is not lintable, cannot
 * be loaded, or its kind has no parser. The document lives until
 * dl_ctx_release(); its type is the one the parser registry names.
 */
const void *dl_ctx_doc(struct dl_check_ctx *ctx, struct dl_file *f);

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
void dl_check_env(struct dl_check_ctx *ctx);
void dl_check_db(struct dl_check_ctx *ctx);
void dl_check_py(struct dl_check_ctx *ctx);
void dl_check_req(struct dl_check_ctx *ctx);
void dl_check_rnd(struct dl_check_ctx *ctx);
void dl_check_cmd(struct dl_check_ctx *ctx);
void dl_check_git(struct dl_check_ctx *ctx);
void dl_check_sec(struct dl_check_ctx *ctx);

#endif
