/*
 * deploylint: the SEC family (see src/rules/sec.def and rules/SEC*.md):
 * tracked .env files (SEC001) and the credentials (SEC002-SEC005) the read
 * pass (src/pass/pass.c) found in every lintable file, in path order. A
 * .env git ignores (DL_FILE_LOCAL_DOTENV), or one outside git, is the
 * developer's local settings: linted by the ENV and DB rules, never
 * secret-scanned, so no SEC rule reports it.
 */
#include "rules/check.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/secretclass.h"
#include "deploylint/secrets.h"
#include "deploylint/util.h"

/* ---- messages ------------------------------------------------------------ */

static void
report_hit(struct dl_check_ctx *ctx, const struct dl_file *f,
	   const struct dl_secret_hit *h, char *context)
{
	const struct dl_secret_format *fmt = h->format;
	const struct dl_rule *rule = fmt->rule;
	struct dl_region reg = dl_region_span(h->line, h->col, h->end_col - h->col);
	struct dl_finding *fd;
	const char *where, *rotate;

	/* git history keeps a committed secret: only rotating it helps */
	if (f->flags & DL_FILE_TRACKED) {
		where = "committed to git";
		rotate = "rotate it now (git history keeps it) and";
	} else if (ctx->repo->in_git) {
		where = "in a file git would commit";
		rotate = "before committing,";
	} else {
		where = "in plain text";
		rotate = "rotate it if it was ever shared and";
	}
	if (rule == dl_rule_get(DL_RULE_SEC002))
		fd = dl_report_add_level(ctx->report, fmt->rule, h->level, f->path, reg,
					 "database URL with an inline password (%s) %s: %s read the URL from an environment variable such as DATABASE_URL (on Render: fromDatabase or a secret env var)",
					 h->label ? h->label : "***", where, rotate);
	else if (rule == dl_rule_get(DL_RULE_SEC004))
		fd = dl_report_add_level(ctx->report, fmt->rule, h->level, f->path, reg,
					 "%s for '%s' %s: %s read it from the environment (on Render: generateValue: true or sync: false)",
					 fmt->name, h->label ? h->label : "a secret-named key", where,
					 rotate);
	else if (rule == dl_rule_get(DL_RULE_SEC005))
		fd = dl_report_add_level(ctx->report, fmt->rule, h->level, f->path, reg,
					 "Render deploy hook URL with its key %s (anyone holding it can trigger deploys): regenerate the hook in the Render dashboard and keep the URL in a CI secret",
					 where);
	else
		fd = dl_report_add_level(ctx->report, fmt->rule, h->level, f->path, reg,
					 "%s %s: %s load it from an environment variable instead",
					 fmt->name, where, rotate);
	free(fd->context);
	fd->context = context;
	free(fd->fingerprint);
	fd->fingerprint = dl_xstrdup(h->fingerprint);
}

/* ---- render.yaml: `- key: SECRET_KEY` then `value: ...` --------------- */

/* Offset of the first byte of line `line` (1-based) in data. */
static size_t
line_offset(const char *data, size_t len, unsigned line)
{
	size_t i = 0;
	unsigned cur = 1;
	while (cur < line && i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		if (!nl)
			return len;
		i = (size_t)(nl - data) + 1;
		cur++;
	}
	return i;
}

static int
overlaps_hit(const struct dl_pass_file *r, unsigned line, unsigned col)
{
	size_t i;
	for (i = 0; r && i < r->hits.nr; i++)
		if (r->hits.v[i].line == line && col >= r->hits.v[i].col &&
		    col < r->hits.v[i].end_col)
			return 1;
	return 0;
}

/* Runs the SEC004 formats on "KEY=VALUE" for one envVars item. */
static void
check_env_item(struct dl_check_ctx *ctx, struct dl_file *f,
	       const struct dl_secrets *secrets, struct dl_secret_scratch *scratch,
	       const struct dl_yaml_node *item, const struct dl_pass_file *r)
{
	const struct dl_yaml_node *k = dl_yaml_get(item, "key");
	const struct dl_yaml_node *v = dl_yaml_get(item, "value");
	struct dl_strbuf line = DL_STRBUF_INIT;
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	size_t i;

	if (!k || !v || k->type != DL_YAML_SCALAR || v->type != DL_YAML_SCALAR ||
	    !v->scalar_len || memchr(v->scalar, '\n', v->scalar_len) ||
	    v->start.line != v->end.line)
		return;
	dl_strbuf_put(&line, k->scalar, k->scalar_len);
	dl_strbuf_putc(&line, '=');
	dl_strbuf_put(&line, v->scalar, v->scalar_len);
	dl_secrets_scan(secrets, scratch, f->path, line.buf, line.len, &hits);
	for (i = 0; i < hits.nr; i++) {
		struct dl_secret_hit h = hits.v[i];
		unsigned col = v->start.col + (v->style == DL_YAML_SINGLE_QUOTED ||
					       v->style == DL_YAML_DOUBLE_QUOTED);
		size_t lo;
		if (h.format->rule != dl_rule_get(DL_RULE_SEC004) ||
		    h.off != k->scalar_len + 1 || overlaps_hit(r, v->start.line, col))
			continue;
		lo = line_offset(f->data, f->len, v->start.line);
		h.line = v->start.line;
		h.line_off = lo;
		h.col = col;
		h.end_col = col + (unsigned)h.len;
		h.off = lo + col - 1;
		if (h.off + h.len > f->len)
			continue;
		report_hit(ctx, f, &h, dl_secrets_hit_context(secrets, f->path, f->data, f->len, &h));
	}
	dl_secret_hits_release(&hits);
	dl_strbuf_release(&line);
}

static void
check_env_list(struct dl_check_ctx *ctx, struct dl_file *f,
	       const struct dl_secrets *secrets, struct dl_secret_scratch *scratch,
	       const struct dl_yaml_node *owner, const struct dl_pass_file *r)
{
	const struct dl_yaml_node *list = dl_yaml_get(owner, "envVars");
	size_t i;
	if (!list || list->type != DL_YAML_SEQUENCE)
		return;
	for (i = 0; i < list->items_nr; i++) {
		const struct dl_yaml_node *item = dl_yaml_resolve(list->items[i]);
		if (item && item->type == DL_YAML_MAPPING)
			check_env_item(ctx, f, secrets, scratch, item, r);
	}
}

static void
check_render_yaml(struct dl_check_ctx *ctx, struct dl_file *f,
		  const struct dl_secrets *secrets, const struct dl_pass_file *r)
{
	static const char *const lists[] = { "services", "envVarGroups" };
	const struct dl_yaml_doc *doc = dl_ctx_doc(ctx, f);
	struct dl_secret_scratch *scratch;
	size_t l, i;

	if (!doc || !doc->root || !f->data)
		return;
	scratch = dl_secret_scratch_new(secrets);
	if (!scratch)
		return;
	for (l = 0; l < DL_ARRAY_SIZE(lists); l++) {
		const struct dl_yaml_node *seq = dl_yaml_get(doc->root, lists[l]);
		if (!seq || seq->type != DL_YAML_SEQUENCE)
			continue;
		for (i = 0; i < seq->items_nr; i++) {
			const struct dl_yaml_node *owner = dl_yaml_resolve(seq->items[i]);
			if (owner && owner->type == DL_YAML_MAPPING)
				check_env_list(ctx, f, secrets, scratch, owner, r);
		}
	}
	dl_secret_scratch_free(scratch);
}

/* ---- SEC001: a tracked .env ---------------------------------------------- */

/* Whether one binding holds a real secret rather than configuration. */
static int
binding_is_secret(const struct dl_secrets *secrets, struct dl_secret_scratch *scratch,
		  const char *path, const struct dl_env_binding *b)
{
	struct dl_strbuf line = DL_STRBUF_INIT;
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	int secret;

	if (!b->value || !b->value_len || b->value[0] == '$' ||
	    dl_secrets_is_placeholder(secrets, b->value, b->value_len, 0, 0))
		return 0;
	if (dl_secrets_key_is_secret(b->key, b->key_len)) {
		/* a .env value is a literal: only its shape can clear it */
		unsigned flags = DL_SECRET_QUOTED;
		enum dl_secret_value_kind vk;
		if (dl_contains_ci(b->key, b->key_len, "pass") || dl_contains_ci(b->key, b->key_len, "pwd"))
			flags |= DL_SECRET_PASSWORD;
		vk = dl_secret_value_classify(secrets, b->key, b->key_len, b->value,
					      b->value_len, flags);
		if (vk == DL_SECRET_VALUE_LITERAL)
			return 1;
		if (vk != DL_SECRET_VALUE_PATH)
			return 0;
		/* a URL: secret when the scan finds its password */
	}
	dl_strbuf_put(&line, b->key, b->key_len);
	dl_strbuf_putc(&line, '=');
	dl_strbuf_put(&line, b->value, b->value_len);
	dl_secrets_scan(secrets, scratch, path, line.buf, line.len, &hits);
	/* a setting's value (a bucket name, a region) is not a secret
	 * however random it looks: only a known format counts there */
	secret = hits.nr > 0 ||
		 (!dl_secret_key_is(b->key, b->key_len, DL_SECRET_KEY_USE_SETTING) &&
		  b->value_len >= 16 && !memchr(b->value, ' ', b->value_len) &&
		  dl_secrets_entropy(b->value, b->value_len) >= 3.5 &&
		  !memchr(b->value, '/', b->value_len));
	dl_secret_hits_release(&hits);
	dl_strbuf_release(&line);
	return secret;
}

/* .env.test, .env.testing, test.env, .env.ci: the settings of a test
 * run (dummy values against local services), at most a note. */
static int
dotenv_for_tests(const char *path)
{
	static const char *const names[] = { ".env.test", ".env.testing", ".env.tests",
					     "test.env", "testing.env", ".env.ci" };
	const char *base = dl_path_basename(path);
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(names); i++)
		if (!strcmp(base, names[i]))
			return 1;
	return 0;
}

static void
check_tracked_dotenv(struct dl_check_ctx *ctx, struct dl_file *f,
		     const struct dl_secrets *secrets)
{
	const struct dl_rule *sec001 = dl_rule_get(DL_RULE_SEC001);
	const struct dl_dotenv *env;
	const struct dl_env_binding *first = NULL;
	struct dl_secret_scratch *scratch;
	struct dl_finding *fd;
	size_t i, n = 0;

	if (!ctx->repo->in_git || !(f->flags & DL_FILE_TRACKED) ||
	    dl_dotenv_is_example(f->path))
		return;
	env = dl_ctx_doc(ctx, f);
	if (!env || !f->data)
		return;
	scratch = dl_secret_scratch_new(secrets);
	if (!scratch)
		return;
	for (i = 0; i < env->nr; i++)
		if (binding_is_secret(secrets, scratch, f->path, &env->bindings[i])) {
			if (!first)
				first = &env->bindings[i];
			n++;
		}
	dl_secret_scratch_free(scratch);
	if (!first)
		return;
	fd = dl_report_add_level(ctx->report, sec001,
				 dotenv_for_tests(f->path) ? DL_LEVEL_NOTE : sec001->level, f->path,
				 dl_region_span(first->value_pos.line, first->value_pos.col,
						first->value_pos.line == first->value_end.line &&
								first->value_end.col > first->value_pos.col
							? first->value_end.col - first->value_pos.col
							: 1),
				 "%s is tracked by git and holds %zu secret value%s (first: %.*s): run `git rm --cached %s`, add it to .gitignore and rotate every value in it",
				 dl_path_basename(f->path), n, n == 1 ? "" : "s",
				 (int)(first->key_len > 64 ? 64 : first->key_len), first->key,
				 f->path);
	{
		/* the first secret's line with its value masked */
		struct dl_secret_hit h;
		memset(&h, 0, sizeof(h));
		h.line_off = line_offset(f->data, f->len, first->value_pos.line);
		h.off = first->value_off;
		h.len = first->value_end_off > first->value_off
				? first->value_end_off - first->value_off
				: 0;
		h.format = NULL;
		free(fd->context);
		fd->context = dl_secrets_hit_context(secrets, f->path, f->data, f->len, &h);
	}
	{
		char fp[17];
		dl_secrets_fingerprint(fp, dl_rule_id_str(DL_RULE_SEC001), f->path, "", 0, 0);
		free(fd->fingerprint);
		fd->fingerprint = dl_xstrdup(fp);
	}
}

/* ---- the family ---------------------------------------------------------- */

/* Folders holding a pyvenv.cfg (virtualenvs, tracked or not): third-party
 * code, never the user's secrets. */
struct venvs {
	const char **v; /* borrowed paths; the first `len[i]` bytes are the folder */
	size_t *len;
	size_t nr, alloc, len_alloc;
};

static void
find_venvs(const struct dl_repo *repo, struct venvs *out)
{
	size_t i;
	for (i = 0; i < repo->nr; i++) {
		const char *p = repo->files[i].path;
		size_t n = dl_secrets_venv_prefix(p, strlen(p));
		if (!n)
			continue;
		DL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		DL_ALLOC_GROW(out->len, out->nr + 1, out->len_alloc);
		out->v[out->nr] = p;
		out->len[out->nr++] = n;
	}
}

static int
in_venv(const struct venvs *vs, const char *path)
{
	size_t i;
	for (i = 0; i < vs->nr; i++)
		if (!strncmp(path, vs->v[i], vs->len[i]))
			return 1;
	return 0;
}

void
dl_check_sec(struct dl_check_ctx *ctx)
{
	const struct dl_secrets *secrets = ctx->pass->secrets;
	struct dl_repo *repo = ctx->repo;
	struct venvs venvs = { NULL, NULL, 0, 0, 0 };
	size_t i, k;

	find_venvs(repo, &venvs);
	for (i = 0; i < repo->nr; i++)
		if (repo->files[i].kind == DL_KIND_DOTENV && dl_file_lintable(&repo->files[i]) &&
		    dl_secrets_path_role(repo->files[i].path) != DL_ROLE_VENDORED &&
		    !in_venv(&venvs, repo->files[i].path))
			check_tracked_dotenv(ctx, &repo->files[i], secrets);

	/* binaries met by the read pass or by other families */
	for (i = 0; i < repo->nr; i++)
		if ((repo->files[i].flags & DL_FILE_BINARY) &&
		    (!(repo->files[i].flags & DL_FILE_IGNORED) ||
		     (repo->files[i].flags & DL_FILE_LOCAL_DOTENV)))
			dl_strbuf_addf(&repo->notes, "skipped %s: binary (a NUL byte in the first %u bytes)\n",
				       repo->files[i].path, DL_BINARY_SNIFF_BYTES);

	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		struct dl_pass_file *r = dl_ctx_pass_file(ctx, f);
		if (!r || !r->scanned || in_venv(&venvs, f->path))
			continue;
		if (r->hits.truncated)
			dl_strbuf_addf(&repo->notes,
				       "%s: more than %u secrets; only the first are reported\n",
				       f->path, DL_MAX_SECRET_HITS);
		if (r->hits.truncated)
			dl_report_limit(ctx->report, f->path, dl_region_span(0, 0, 0),
					"DL_MAX_SECRET_HITS",
					"more than %u secrets in this file: only the first are reported",
					DL_MAX_SECRET_HITS);
		if (r->gave_up)
			dl_report_add_level(ctx->report, r->gave_up->rule, DL_LEVEL_NOTE, f->path,
					    dl_region_span(0, 0, 0),
					    "secret pattern %s was not searched for in the rest of this file: its regular expression gave up %u times (pcre2's match limit; a pattern with nested repeats backtracks catastrophically): simplify it",
					    r->gave_up->id, DL_MAX_SECRET_GIVEUPS);
		for (k = 0; k < r->hits.nr; k++) {
			report_hit(ctx, f, &r->hits.v[k], r->contexts[k]);
			r->contexts[k] = NULL;
		}
		if (f->kind == DL_KIND_RENDER_YAML && r->status == DL_READ_OK)
			check_render_yaml(ctx, f, secrets, r);
	}
	free(venvs.v);
	free(venvs.len);
}
