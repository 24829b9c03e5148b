/*
 * deploylint: the registry of rule families and helpers shared by them.
 */
#include "rules/check.h"

#include <stdio.h>
#include <stdlib.h>

#include "deploylint/model.h"
#include "deploylint/parse.h"
#include "deploylint/util.h"

static const struct dl_checker checkers[] = {
	{ "pass", dl_check_pass },
	/* a stage, not a family: the service model every family reads */
	{ "model", dl_check_model },
	{ "parse", dl_check_parse },
	{ "alembic", dl_check_alembic },
	{ "env", dl_check_env },
	{ "db", dl_check_db },
	{ "py", dl_check_py },
	{ "req", dl_check_req },
	{ "rnd", dl_check_rnd },
	{ "cmd", dl_check_cmd },
	{ "git", dl_check_git },
	{ "sec", dl_check_sec },
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

struct dl_doc_cache {
	struct dl_arena *arenas; /* one per file, indexed like repo->files */
	const void **docs;
	unsigned char *done;
};

void
dl_ctx_init(struct dl_check_ctx *ctx)
{
	size_t n = ctx->repo->nr ? ctx->repo->nr : 1;
	ctx->docs = dl_xcalloc(1, sizeof(*ctx->docs));
	ctx->docs->arenas = dl_xcalloc(n, sizeof(*ctx->docs->arenas));
	ctx->docs->docs = dl_xcalloc(n, sizeof(*ctx->docs->docs));
	ctx->docs->done = dl_xcalloc(n, 1);
}

void
dl_ctx_release(struct dl_check_ctx *ctx)
{
	size_t i;
	dl_pass_release(ctx);
	if (ctx->model) {
		dl_model_release(ctx->model);
		free(ctx->model);
		ctx->model = NULL;
	}
	if (!ctx->docs)
		return;
	for (i = 0; i < ctx->repo->nr; i++)
		dl_arena_release(&ctx->docs->arenas[i]);
	free(ctx->docs->arenas);
	free((void *)ctx->docs->docs);
	free(ctx->docs->done);
	free(ctx->docs);
	ctx->docs = NULL;
}

static const void *
model_doc(struct dl_file *f, void *ctx)
{
	return dl_ctx_doc(ctx, f);
}

void
dl_check_model(struct dl_check_ctx *ctx)
{
	if (ctx->model)
		return;
	ctx->model = dl_xcalloc(1, sizeof(*ctx->model));
	dl_model_build(ctx->model, ctx->repo, model_doc, ctx);
}

struct dl_model *
dl_ctx_model(struct dl_check_ctx *ctx)
{
	dl_check_model(ctx);
	return ctx->model;
}

const void *
dl_ctx_doc(struct dl_check_ctx *ctx, struct dl_file *f)
{
	size_t i = (size_t)(f - ctx->repo->files);
	const struct dl_parser *p;

	if (i >= ctx->repo->nr)
		return NULL;
	if (ctx->docs->done[i])
		return ctx->docs->docs[i];
	ctx->docs->done[i] = 1;
	/* the Alembic model has parsed every alembic.ini already */
	if (f->kind == DL_KIND_ALEMBIC_INI && ctx->alembic) {
		size_t k;
		for (k = 0; k < ctx->alembic->inis_nr; k++)
			if (ctx->alembic->inis[k].file == f)
				return ctx->docs->docs[i] = &ctx->alembic->inis[k].ini;
	}
	p = dl_parser_for(f->kind);
	if (!p || !dl_file_lintable(f) || dl_repo_load(ctx->repo, f) < 0)
		return NULL;
	dl_arena_init(&ctx->docs->arenas[i]);
	ctx->docs->docs[i] = p->parse(&ctx->docs->arenas[i], f->data, f->len);
	return ctx->docs->docs[i];
}

struct dl_region
dl_region_at(struct dl_pos pos, unsigned len)
{
	return dl_region_span(pos.line, pos.col, len ? len : 1);
}
