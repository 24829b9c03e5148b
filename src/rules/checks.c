/*
 * deploylint: the registry of rule families and helpers shared by them.
 */
#include "rules/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/dotenv.h"
#include "deploylint/model.h"
#include "deploylint/parse.h"
#include "deploylint/util.h"

/* The rules each family adds findings of (rule-id prefixes). */
static const char *const parse_rules[] = { "PARSE001", NULL };
static const char *const alembic_rules[] = { "ALM", "PARSE001", NULL };
static const char *const env_rules[] = { "ENV", NULL };
static const char *const db_rules[] = { "DB", NULL };
static const char *const req_driver_rules[] = { "REQ003", NULL };
static const char *const py_rules[] = { "PY", NULL };
static const char *const req_rules[] = { "REQ001", "REQ002", "REQ004", "REQ005", "REQ006",
					 "REQ007", "REQ008", "REQ020", "PARSE001", NULL };
static const char *const pkg_rules[] = { "REQ009", "REQ010", "REQ011", "REQ012", "REQ013",
					 "REQ014", "REQ021", "REQ022", "PY007", "PY008", "PARSE001", NULL };
static const char *const rnd_rules[] = { "RND", NULL };
static const char *const cmd_rules[] = { "CMD", NULL };
static const char *const git_rules[] = { "GIT", NULL };
static const char *const sec_rules[] = { "SEC", NULL };

/* The visitors each family has the read pass run. */
static const struct dl_visitor *const env_visitors[] = { &dl_env_reads, NULL };
static const struct dl_visitor *const py_visitors[] = { &dl_py_imports, NULL };

/* The families, in the order they run (the read pass runs before them:
 * src/pass/). */
static const struct dl_checker checkers[] = {
	{ "parse", dl_check_parse, parse_rules, NULL, 0 },
	{ "alembic", dl_check_alembic, alembic_rules, NULL, 0 },
	{ "env", dl_check_env, env_rules, env_visitors, 0 },
	{ "db", dl_check_db, db_rules, NULL, DL_CHECKER_SECRET_SCAN },
	/* REQ003 reads the model's database URLs, whose Python part the
	 * secret scan's DL_FEAT_DB words select */
	{ "req-driver", dl_check_req_driver, req_driver_rules, NULL, DL_CHECKER_SECRET_SCAN },
	{ "py", dl_check_py, py_rules, py_visitors, 0 },
	{ "req", dl_check_req, req_rules, NULL, 0 },
	{ "pkg", dl_check_pkg, pkg_rules, NULL, 0 },
	{ "rnd", dl_check_rnd, rnd_rules, NULL, DL_CHECKER_SECRET_SCAN },
	{ "cmd", dl_check_cmd, cmd_rules, NULL, 0 },
	{ "git", dl_check_git, git_rules, NULL, 0 },
	{ "sec", dl_check_sec, sec_rules, NULL, DL_CHECKER_SECRET_SCAN },
};

const struct dl_checker *
dl_checkers(size_t *count_out)
{
	*count_out = DL_ARRAY_SIZE(checkers);
	return checkers;
}

/* Whether rule id `id` starts with `prefix`. */
static int
has_prefix(const char *id, const char *prefix)
{
	return !strncmp(id, prefix, strlen(prefix));
}

int
dl_checker_needed(const struct dl_checker *c,
		  int (*enabled)(const struct dl_rule *rule, void *payload), void *payload)
{
	size_t n, i, k;
	const struct dl_rule *rules = dl_rules(&n);

	for (i = 0; i < n; i++) {
		int mine = 0;
		for (k = 0; c->rules && c->rules[k] && !mine; k++)
			mine = has_prefix(rules[i].id, c->rules[k]);
		if (mine && enabled(&rules[i], payload))
			return 1;
	}
	return 0;
}

/* Whether a rule whose id starts with `prefix` is enabled. */
static int
rules_enabled(const char *prefix, int (*enabled)(const struct dl_rule *rule, void *payload),
	      void *payload)
{
	size_t n, i;
	const struct dl_rule *rules = dl_rules(&n);

	for (i = 0; i < n; i++)
		if (has_prefix(rules[i].id, prefix) && enabled(&rules[i], payload))
			return 1;
	return 0;
}

void
dl_checkers_select(struct dl_checker_set *out,
		   int (*enabled)(const struct dl_rule *rule, void *payload), void *payload)
{
	size_t n, i, k, m;
	const struct dl_checker *all = dl_checkers(&n);

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		const struct dl_checker *c = &all[i];
		if (!dl_checker_needed(c, enabled, payload))
			continue;
		if (out->nr == DL_MAX_CHECKERS) {
			fprintf(stderr, "BUG: more than %u rule families\n", DL_MAX_CHECKERS);
			abort();
		}
		out->v[out->nr++] = c;
		if (c->flags & DL_CHECKER_SECRET_SCAN)
			out->work.secrets = 1;
		for (k = 0; c->visitors && c->visitors[k]; k++) {
			const struct dl_visitor *v = c->visitors[k];
			if (v->rules && !rules_enabled(v->rules, enabled, payload))
				continue;
			/* its files are picked by the scan's DL_FEAT_* words */
			if (v->features)
				out->work.secrets = 1;
			for (m = 0; m < out->work.nr; m++)
				if (out->work.v[m] == c->visitors[k])
					break;
			if (m < out->work.nr)
				continue;
			if (out->work.nr == DL_PASS_MAX_VISITORS) {
				fprintf(stderr, "BUG: more than %u visitors\n", DL_PASS_MAX_VISITORS);
				abort();
			}
			out->work.v[out->work.nr++] = c->visitors[k];
		}
	}
}

void
dl_checkers_run(const struct dl_checker_set *set, struct dl_check_ctx *ctx)
{
	size_t n, i, k = 0;
	const struct dl_checker *all = dl_checkers(&n);

	/* --verbose says which families the selection left out */
	for (i = 0; i < n; i++) {
		if (k < set->nr && set->v[k] == &all[i]) {
			k++;
			continue;
		}
		dl_strbuf_puts(&ctx->repo->notes,
			       k == i ? "rule families not run (none of their rules is selected):" : "");
		dl_strbuf_addf(&ctx->repo->notes, " %s", all[i].name);
	}
	if (set->nr < n)
		dl_strbuf_putc(&ctx->repo->notes, '\n');
	/* the model stage: the service model every family reads, built once
	 * after the read pass and before the first family */
	if (set->nr)
		dl_check_model(ctx);
	for (i = 0; i < set->nr; i++)
		set->v[i]->run(ctx);
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
	dl_pass_free(ctx->pass, ctx->report ? &ctx->report->mask : NULL);
	ctx->pass = NULL;
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

/* The read pass saw a URL or driver word in f (or did not scan it). */
static int
may_mention_db(const struct dl_file *f, void *ctx)
{
	return (dl_ctx_features(ctx, f) & DL_FEAT_DB) != 0;
}

const struct dl_model_db *
dl_ctx_db(struct dl_check_ctx *ctx)
{
	return dl_model_db(dl_ctx_model(ctx), ctx->alembic, may_mention_db, ctx);
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

unsigned
dl_ctx_features(const struct dl_check_ctx *ctx, const struct dl_file *f)
{
	return dl_pass_features(ctx->pass, f);
}

void *
dl_ctx_visit(const struct dl_check_ctx *ctx, const struct dl_visitor *v,
	     const struct dl_file *f)
{
	return dl_pass_visit(ctx->pass, v, f);
}

struct dl_pass_file *
dl_ctx_pass_file(const struct dl_check_ctx *ctx, const struct dl_file *f)
{
	return dl_pass_file_of(ctx->pass, f);
}

int
dl_env_var_dburl(struct dl_model_dburl *u, const struct dl_env_var *v)
{
	int at = v->file && v->binding;
	struct dl_pos pos;

	memset(&pos, 0, sizeof(pos));
	if (at)
		pos = v->binding->value_pos;
	if (!v->value || dl_model_dburl_init(u, v->file, v->path, v->key, v->value, v->value_len,
					     pos, at && v->binding->quote != DL_ENV_UNQUOTED, at) < 0)
		return -1;
	u->example = u->production = 0;
	return 0;
}
