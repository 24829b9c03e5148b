/*
 * deploylint: rules on Docker services (runtime: docker), read from the
 * service model's dl_model_docker: CMD005 (dockerCommand/preDeployCommand
 * relying on a shell that is not there, run by the CMD family) and REQ020
 * (psycopg 3 without libpq on a slim/alpine image, run by the REQ family).
 */
#include "rules/check.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deploylint/blueprint.h"
#include "deploylint/command.h"
#include "deploylint/dockerfile.h"
#include "deploylint/model.h"
#include "deploylint/requirements.h"
#include "deploylint/util.h"

/* ---- CMD005 ------------------------------------------------------------ */

enum syntax {
	SYN_NONE = 0,
	SYN_OPERATOR, /* && || ; | & */
	SYN_REDIRECT, /* > >> < 2>&1 */
	SYN_EXPAND,   /* $VAR ${...} $(...) `...` */
	SYN_ASSIGN    /* VAR=value before the program */
};

/* The first piece of shell syntax of text (len bytes) outside single
 * quotes (and for operators and redirections outside double quotes);
 * sets *at and *n to its bytes. */
static enum syntax
first_syntax(const char *t, size_t len, size_t *at, size_t *n)
{
	size_t i;
	int sq = 0, dq = 0;

	for (i = 0; i < len; i++) {
		char c = t[i];
		if (sq) {
			sq = c != '\'';
			continue;
		}
		if (c == '\\') {
			i++;
			continue;
		}
		if (c == '\'' && !dq) {
			sq = 1;
			continue;
		}
		if (c == '"') {
			dq = !dq;
			continue;
		}
		if (c == '`' || (c == '$' && i + 1 < len &&
				 (dl_isalpha((unsigned char)t[i + 1]) || t[i + 1] == '_' ||
				  t[i + 1] == '{' || t[i + 1] == '('))) {
			size_t e = i + 1;
			if (c == '$' && t[e] != '{' && t[e] != '(')
				while (e < len && (dl_isalnum((unsigned char)t[e]) || t[e] == '_'))
					e++;
			else if (c == '$') {
				char close = t[e] == '{' ? '}' : ')';
				while (e < len && t[e] != close)
					e++;
				if (e < len)
					e++;
			}
			*at = i;
			*n = e - i;
			return SYN_EXPAND;
		}
		if (dq)
			continue;
		if (c == '&' || c == '|' || c == ';') {
			*at = i;
			*n = i + 1 < len && t[i + 1] == c && c != ';' ? 2 : 1;
			return SYN_OPERATOR;
		}
		if (c == '>' || c == '<') {
			size_t s = i;
			/* 2>&1, 2> file: the fd digit belongs to it */
			if (s > 0 && dl_isdigit((unsigned char)t[s - 1]) &&
			    (s == 1 || t[s - 2] == ' ' || t[s - 2] == '\t'))
				s--;
			*at = s;
			*n = i + 1 - s;
			while (s + *n < len && (t[s + *n] == '>' || t[s + *n] == '&' ||
						dl_isdigit((unsigned char)t[s + *n])))
				(*n)++;
			return SYN_REDIRECT;
		}
	}
	return SYN_NONE;
}

static void
cmd005_one(struct dl_check_ctx *ctx, const struct dl_bp_service *bs,
	   const struct dl_deploy_cmd *raw, const char *field)
{
	const struct dl_cmd_simple *c;
	const char *t;
	size_t len, at = 0, n = 0;
	enum syntax syn;
	struct dl_pos a, b;
	struct dl_region reg;
	const char *prog;
	char *tok;

	if (!raw || !raw->cl.nr || !raw->node)
		return;
	c = &raw->cl.cmds[0];
	if (c->argc && dl_cmd_shell_c(c->argv, c->argc) >= 0)
		return; /* `sh -c '...'`: the shell reads it */
	t = raw->node->scalar;
	len = raw->node->scalar_len;
	if (c->assigns_nr) {
		syn = SYN_ASSIGN;
		at = c->assigns[0].offset;
		n = c->assigns[0].end - at;
	} else {
		syn = first_syntax(t, len, &at, &n);
	}
	if (syn == SYN_NONE || !n)
		return;
	a = dl_cmd_pos(&raw->map, at);
	b = dl_cmd_pos(&raw->map, at + n - 1);
	reg = dl_region_span(a.line, a.col, 1);
	if (b.line == a.line && b.col >= a.col)
		reg.end_col = b.col + 1;
	prog = c->argc ? c->argv[0].text : "the program";
	tok = dl_xstrndup(t + at, n);
	switch (syn) {
	case SYN_OPERATOR:
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_CMD005), raw->file->path, reg,
			      "Render runs %s of Docker service `%s` without a shell, so `%s` reaches `%s` as an argument instead of joining two commands; wrap the whole command: /bin/sh -c '...'",
			      field, bs->name_s ? bs->name_s : "(unnamed)", tok, prog);
		break;
	case SYN_REDIRECT:
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_CMD005), raw->file->path, reg,
			      "Render runs %s of Docker service `%s` without a shell, so the redirection `%s` reaches `%s` as an argument; wrap the whole command: /bin/sh -c '...'",
			      field, bs->name_s ? bs->name_s : "(unnamed)", tok, prog);
		break;
	case SYN_EXPAND:
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_CMD005), raw->file->path, reg,
			      "Render runs %s of Docker service `%s` without a shell, so `%s` reaches `%s` as that literal text, never expanded; wrap the whole command: /bin/sh -c '...'",
			      field, bs->name_s ? bs->name_s : "(unnamed)", tok, prog);
		break;
	case SYN_ASSIGN:
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_CMD005), raw->file->path, reg,
			      "Render runs %s of Docker service `%s` without a shell, so `%s` is taken as the program to run (\"executable file not found\"); set it in envVars or wrap the whole command: /bin/sh -c '...'",
			      field, bs->name_s ? bs->name_s : "(unnamed)", tok);
		break;
	default:
		break;
	}
	free(tok);
}

void
dl_check_docker_commands(struct dl_check_ctx *ctx)
{
	const struct dl_model *m = dl_ctx_model(ctx);
	size_t i, j;

	for (i = 0; i < m->blueprints_nr; i++) {
		const struct dl_model_blueprint *mb = &m->blueprints[i];
		if (mb->parse_error)
			continue;
		for (j = 0; j < mb->bp.services_nr; j++) {
			const struct dl_model_docker *d = mb->services[j].docker;
			if (!d)
				continue;
			cmd005_one(ctx, &mb->bp.services[j], d->docker_command_raw, "dockerCommand");
			cmd005_one(ctx, &mb->bp.services[j], d->pre_deploy_raw, "preDeployCommand");
		}
	}
}

/* ---- CMD006 ------------------------------------------------------------ */

/* Whether the shell-form text t (len bytes, starting with '[') is meant as
 * an exec-form JSON array rather than a shell command that starts with
 * the test program `[` (or bash's `[[`): the test program is a word of its
 * own, and a JSON attempt separates its items with commas before the
 * closing bracket. */
static int
json_attempt(const char *t, size_t len)
{
	size_t i = 1;
	char q = 0;

	if (i < len && t[i] == '[')
		i++;
	if (i < len && !dl_isspace((unsigned char)t[i]))
		return 1; /* `["uvicorn", ...` or `['uvicorn', ...` */
	for (; i < len; i++) {
		if (q) {
			if (t[i] == q)
				q = 0;
			continue;
		}
		if (t[i] == '\'' || t[i] == '"')
			q = t[i];
		else if (t[i] == ']')
			return 0;
		else if (t[i] == ',')
			return 1;
	}
	return 0;
}

/* The JSON text a user meant: t with single quotes made double (when it
 * holds no double quote) and anything after the closing bracket dropped;
 * NULL when that is not a JSON array of strings either. */
static char *
meant_json(const char *t, size_t len)
{
	json_error_t je;
	json_t *doc;
	char *c = dl_xstrndup(t, len), *out = NULL;
	size_t i, k, n;

	if (!memchr(c, '"', len))
		for (i = 0; i < len; i++)
			if (c[i] == '\'')
				c[i] = '"';
	doc = json_loadb(c, len, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &je);
	if (doc && json_is_array(doc)) {
		n = json_array_size(doc);
		for (k = 0; k < n && json_is_string(json_array_get(doc, k)); k++)
			;
		if (k == n && je.position > 0 && (size_t)je.position <= len)
			out = dl_xstrndup(c, (size_t)je.position);
	}
	json_decref(doc);
	free(c);
	return out;
}

/* The bytes after the JSON array that starts t (len bytes), trimmed;
 * NULL when t is not a JSON array followed by more text. */
static const char *
after_array(const char *t, size_t len, size_t *n)
{
	json_error_t je;
	json_t *doc = json_loadb(t, len, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &je);
	size_t at;

	if (!doc)
		return NULL;
	json_decref(doc);
	at = (size_t)je.position;
	while (at < len && dl_isspace((unsigned char)t[at]))
		at++;
	if (at >= len)
		return NULL;
	*n = len - at;
	return t + at;
}

static void
cmd006_one(struct dl_check_ctx *ctx, const struct dl_file *f, const struct dl_dockerfile *df,
	   const struct dl_df_instr *in)
{
	struct dl_arena arena;
	struct dl_cmdline cl;
	const char *kw = dl_df_kind_name(in->kind), *tail;
	char *meant, *first = NULL;
	size_t line_len = 0, tail_len = 0;
	struct dl_strbuf why = DL_STRBUF_INIT, effect = DL_STRBUF_INIT, msg = DL_STRBUF_INIT;
	int behind_entrypoint = 0;
	char qc;
	size_t i;

	if (in->form != DL_DF_FORM_SHELL || !in->rest_len || in->rest[0] != '[' ||
	    !json_attempt(in->rest, in->rest_len))
		return;
	while (line_len < in->rest_len && in->rest[line_len] != '\n')
		line_len++;
	dl_arena_init(&arena);
	dl_cmd_parse(&cl, &arena, in->rest, in->rest_len);
	if (cl.nr && cl.cmds[0].argc)
		first = dl_xstrdup(cl.cmds[0].argv[0].text);
	dl_arena_release(&arena);
	tail = after_array(in->rest, in->rest_len, &tail_len);
	if (tail && tail[0] == '#')
		dl_strbuf_addf(&why, "the text after `]` (`%.*s`) is not a comment: Docker reads `#` as a comment only at the start of a line",
			       (int)(tail_len > 40 ? 40 : tail_len), tail);
	else if (tail)
		dl_strbuf_addf(&why, "text follows the closing `]` (`%.*s`)",
			       (int)(tail_len > 40 ? 40 : tail_len), tail);
	else if (memchr(in->rest, '\'', in->rest_len) && !memchr(in->rest, '"', in->rest_len))
		dl_strbuf_puts(&why, "JSON strings take double quotes, not single quotes");
	else
		dl_strbuf_puts(&why, "it is not valid JSON (check the quotes and commas)");
	/* CMD after an exec-form ENTRYPOINT of its stage becomes that
	 * program's arguments: /bin/sh -c TEXT */
	if (in->kind == DL_DF_CMD)
		for (i = 0; i < df->nr && &df->instrs[i] != in; i++)
			if (df->instrs[i].kind == DL_DF_ENTRYPOINT && df->instrs[i].stage == in->stage)
				behind_entrypoint = df->instrs[i].form == DL_DF_FORM_EXEC;
	if (in->kind == DL_DF_RUN)
		dl_strbuf_puts(&effect, "the build step fails");
	else if (behind_entrypoint)
		dl_strbuf_puts(&effect, "the ENTRYPOINT receives `/bin/sh -c` and that text as its arguments instead of the words");
	else
		dl_strbuf_puts(&effect, "the container exits at start");
	meant = meant_json(in->rest, in->rest_len);
	qc = memchr(in->rest, '"', line_len) ? '\'' : '"';
	dl_strbuf_addf(&msg, "This %s is not a JSON array (%s), so Docker runs it in shell form, `/bin/sh -c %c%.*s%s%c`, ",
		       kw, why.buf, qc, (int)(line_len > 60 ? 60 : line_len), in->rest,
		       line_len > 60 ? "..." : "", qc);
	if (first && first[0] == '[' && first[1] && first[1] != '[')
		dl_strbuf_addf(&msg, "where the shell looks for a program named `%s` (\"not found\")", first);
	else
		dl_strbuf_puts(&msg, "which runs the test program `[` instead of the command");
	dl_strbuf_addf(&msg, ", and %s: ", effect.buf);
	if (meant)
		dl_strbuf_addf(&msg, "write it as %s %s", kw, meant);
	else
		dl_strbuf_puts(&msg, "write a JSON array of double-quoted strings");
	dl_report_add(ctx->report, dl_rule_get(DL_RULE_CMD006), f->path,
		      dl_region_span(in->rest_pos.line, in->rest_pos.col, (unsigned)line_len), "%s",
		      msg.buf);
	free(meant);
	free(first);
	dl_strbuf_release(&why);
	dl_strbuf_release(&effect);
	dl_strbuf_release(&msg);
}

/* Whether path names a Dockerfile by Docker's conventions: Dockerfile,
 * Dockerfile.<suffix>, <prefix>.Dockerfile (any case of "dockerfile"). */
static int
dockerfile_name(const char *path)
{
	const char *b = dl_path_basename(path);
	size_t n = strlen(b);
	return !strncasecmp(b, "dockerfile", 10) ? (!b[10] || b[10] == '.')
						 : n > 11 && !strcasecmp(b + n - 11, ".dockerfile");
}

void
dl_check_dockerfiles(struct dl_check_ctx *ctx)
{
	size_t i, k;

	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_file *f = &ctx->repo->files[i];
		struct dl_arena arena;
		struct dl_dockerfile df;

		if (!dockerfile_name(f->path) || !dl_file_lintable(f) || dl_repo_load(ctx->repo, f) < 0)
			continue;
		dl_arena_init(&arena);
		dl_dockerfile_parse(&df, &arena, f->data, f->len);
		for (k = 0; k < df.nr; k++)
			if (df.instrs[k].kind == DL_DF_CMD || df.instrs[k].kind == DL_DF_ENTRYPOINT ||
			    df.instrs[k].kind == DL_DF_RUN)
				cmd006_one(ctx, f, &df, &df.instrs[k]);
		dl_arena_release(&arena);
	}
}

/* ---- REQ020 ------------------------------------------------------------ */

/* The stages from the final one up to the one FROM an image, final first. */
static size_t
stage_chain(const struct dl_dockerfile *df, int st, int *out, size_t max)
{
	size_t nr = 0, k;
	while (st >= 0 && nr < max) {
		for (k = 0; k < nr; k++)
			if (out[k] == st)
				return nr;
		out[nr++] = st;
		st = df->stages[st].parent;
	}
	return nr;
}

/* Whether the RUN text installs libpq with a system package manager. */
static int
installs_libpq(const char *t, size_t len)
{
	static const char *const managers[] = { "apt-get", "apt ", "apk ", "yum ", "dnf ",
						"microdnf " };
	static const char *const pkgs[] = { "libpq", "postgresql" };
	size_t k, i;
	int pm = 0;

	for (k = 0; k < DL_ARRAY_SIZE(managers) && !pm; k++)
		pm = dl_contains_ci(t, len, managers[k]);
	if (!pm)
		return 0;
	for (k = 0; k < DL_ARRAY_SIZE(pkgs); k++) {
		size_t n = strlen(pkgs[k]);
		for (i = 0; i + n <= len; i++)
			if (!memcmp(t + i, pkgs[k], n) &&
			    (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n'))
				return 1;
	}
	return 0;
}

/* A psycopg 3 requirement that brings no libpq: not [binary]/[c]. */
static int
bare_psycopg(const struct dl_dep *d)
{
	return d->name && !strcmp(d->name, "psycopg") && !d->constraint &&
	       !dl_requirements_has_extra(d->extras, "binary") &&
	       !dl_requirements_has_extra(d->extras, "c");
}

static void
req020_service(struct dl_check_ctx *ctx, const struct dl_model_service *ms,
	       struct dl_strset *seen)
{
	struct dl_model *m = dl_ctx_model(ctx);
	const struct dl_model_docker *d = ms->docker;
	const struct dl_dockerfile *df = d->df;
	const struct dl_df_stage *base;
	const struct dl_model_deps *deps = NULL;
	const struct dl_dep *bare = NULL;
	const char *img, *name, *tag, *digest;
	size_t nl, tl, dgl, k, i, chain_nr;
	int chain[64], alpine;

	if (!df || d->final_stage < 0)
		return;
	chain_nr = stage_chain(df, d->final_stage, chain, DL_ARRAY_SIZE(chain));
	if (!chain_nr)
		return;
	base = &df->stages[chain[chain_nr - 1]];
	if (!base->image)
		return;
	img = base->image_expanded ? base->image_expanded : base->image->text;
	dl_dockerfile_image_split(img, strlen(img), &name, &nl, &tag, &tl, &digest, &dgl);
	alpine = (nl == 6 && !memcmp(name, "alpine", 6)) ||
		 (tag && dl_contains_ci(tag, tl, "alpine"));
	if (!alpine && !(tag && dl_contains_ci(tag, tl, "slim")))
		return; /* full images (buildpack-deps) ship libpq */
	/* libpq installed in the final stage chain */
	for (k = 0; k < chain_nr; k++)
		for (i = df->stages[chain[k]].instr; i < df->nr && df->instrs[i].stage == chain[k]; i++)
			if (df->instrs[i].kind == DL_DF_RUN &&
			    installs_libpq(df->instrs[i].rest, df->instrs[i].rest_len))
				return;
	for (k = 0; k < m->backends.nr; k++)
		if (m->backends.items[k].service_node == ms->bs->node)
			deps = dl_model_backend_deps(m, &m->backends.items[k]);
	if (!deps)
		return;
	for (k = 0; k < deps->nr; k++) {
		const struct dl_dep_source *src = deps->sources[k];
		for (i = 0; i < src->deps_nr; i++) {
			const struct dl_dep *dep = &src->deps[i];
			if (dep->constraint || !dep->name)
				continue;
			if (!strcmp(dep->name, "psycopg-binary") || !strcmp(dep->name, "psycopg-c"))
				return;
			if (!bare && bare_psycopg(dep))
				bare = dep;
		}
	}
	if (bare) {
		struct dl_strbuf key = DL_STRBUF_INIT;
		struct dl_finding *f;
		/* services sharing one requirements file: one finding */
		dl_strbuf_addf(&key, "%s:%u:%u", bare->file->path, bare->pos.line, bare->pos.col);
		if (!dl_strset_add(seen, dl_strbuf_detach(&key, NULL)))
			return;
		f = dl_report_add(
			ctx->report, dl_rule_get(DL_RULE_REQ020), bare->file->path,
			dl_region_span(bare->pos.line, bare->pos.col, (unsigned)strlen(bare->name)),
			"psycopg (3) is installed without its `binary` extra into `%s`, an image without libpq, so `import psycopg` fails with \"ImportError: no pq wrapper available\": require `psycopg[binary]`, or install libpq in the Dockerfile (%s)",
			img, alpine ? "`apk add --no-cache libpq`" : "`apt-get install -y libpq5`");
		dl_finding_add_related(f, d->dockerfile->path,
				       dl_region_span(base->image->pos.line, base->image->pos.col,
						      (unsigned)base->image->len),
				       "the image is built FROM %s", img);
	}
}

void
dl_check_docker_deps(struct dl_check_ctx *ctx)
{
	const struct dl_model *m = dl_ctx_model(ctx);
	struct dl_strset seen;
	size_t i, j;

	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < m->blueprints_nr; i++) {
		const struct dl_model_blueprint *mb = &m->blueprints[i];
		if (mb->parse_error)
			continue;
		for (j = 0; j < mb->bp.services_nr; j++)
			if (mb->services[j].docker)
				req020_service(ctx, &mb->services[j], &seen);
	}
	dl_strset_release(&seen);
}

/* ---- REQ009 in a Dockerfile's RUN lines ------------------------------------- */

/* What the Poetry a Dockerfile installs is, as far as it can be told. */
enum poetry_pin {
	POETRY_NONE = 0, /* not installed here (or not known) */
	POETRY_LATEST,   /* unpinned: today's release, Poetry 2 */
	POETRY_1,        /* pinned to 1.x */
	POETRY_OTHER     /* pinned otherwise, or a spec not read */
};

/* The pin a requirement word `poetry[spec]` names; POETRY_NONE when the
 * word names another package. */
static enum poetry_pin
poetry_word(const char *w)
{
	const char *s;
	if (strncmp(w, "poetry", 6) != 0 || (w[6] && !strchr("=<>~! ", w[6])))
		return POETRY_NONE;
	s = w + 6;
	if (!*s)
		return POETRY_LATEST;
	if (!strncmp(s, "==1.", 4) || !strncmp(s, "<2", 2) || !strncmp(s, "~=1.", 4) ||
	    strstr(s, ",<2") || strstr(s, "<2.0"))
		return POETRY_1;
	return POETRY_OTHER;
}

/* The value of ENV/ARG POETRY_VERSION (quotes dropped) as a pin. */
static enum poetry_pin
poetry_version_value(const struct dl_df_word *v)
{
	const char *t = v->text;
	if (!t)
		return POETRY_OTHER; /* `ARG POETRY_VERSION`: set at build time */
	if (*t == '"' || *t == '\'')
		t++;
	return t[0] == '1' && t[1] == '.' ? POETRY_1 : POETRY_OTHER;
}

/* The index of `install` in a pip command (pip, pip3, pip3.12, python -m
 * pip, uv pip), or 0 when c is none. */
static size_t
pip_install_at(const struct dl_cmd_simple *c)
{
	size_t i = 0;
	const char *p;

	if (!c->argc)
		return 0;
	p = dl_path_basename(c->argv[0].text);
	if (!strncmp(p, "python", 6) && c->argc > 2 && !strcmp(c->argv[1].text, "-m") &&
	    !strcmp(c->argv[2].text, "pip"))
		i = 3;
	else if (!strcmp(p, "uv") && c->argc > 1 && !strcmp(c->argv[1].text, "pip"))
		i = 2;
	else if (!strcmp(p, "pipx") ||
		 (!strncmp(p, "pip", 3) && (!p[3] || dl_isdigit((unsigned char)p[3]))))
		i = 1;
	else
		return 0;
	return i < c->argc && !strcmp(c->argv[i].text, "install") ? i : 0;
}

/* Reads one shell-form RUN: updates *pin from pip/pipx/installer lines and
 * reports `poetry install --no-dev` when the Poetry there is Poetry 2. */
static void
req009_run(struct dl_check_ctx *ctx, const struct dl_file *f, const struct dl_df_instr *in,
	   enum poetry_pin *pin, int env_pin, struct dl_strset *seen)
{
	struct dl_arena arena;
	struct dl_cmdline cl;
	struct dl_cmd_posmap map;
	size_t k, i, len;

	if (in->form != DL_DF_FORM_SHELL || in->rest_off > in->end_off || in->end_off > f->len)
		return;
	len = in->end_off - in->rest_off;
	dl_arena_init(&arena);
	dl_cmd_parse(&cl, &arena, f->data + in->rest_off, len);
	dl_cmd_posmap_text(&map, &arena, f->data + in->rest_off, len, in->rest_pos);
	for (k = 0; k < cl.nr; k++) {
		const struct dl_cmd_simple *c = &cl.cmds[k];
		size_t at = pip_install_at(c);
		const char *p = c->argc ? dl_path_basename(c->argv[0].text) : "";

		for (i = at + 1; at && i < c->argc; i++) {
			enum poetry_pin w = poetry_word(c->argv[i].text);
			if (w != POETRY_NONE)
				*pin = w;
		}
		/* curl -sSL https://install.python-poetry.org | python3 - */
		if (!strcmp(p, "curl") || !strcmp(p, "wget"))
			for (i = 1; i < c->argc; i++)
				if (strstr(c->argv[i].text, "install.python-poetry.org"))
					*pin = POETRY_LATEST;
		if (strcmp(p, "poetry") != 0 || c->argc < 2 || strcmp(c->argv[1].text, "install"))
			continue;
		if (*pin != POETRY_LATEST || env_pin == POETRY_1)
			continue;
		for (i = 2; i < c->argc; i++) {
			const struct dl_cmd_word *w = &c->argv[i];
			struct dl_strbuf key = DL_STRBUF_INIT;
			struct dl_pos pos;
			if (strcmp(w->text, "--no-dev") != 0)
				continue;
			pos = dl_cmd_pos(&map, w->offset);
			dl_strbuf_addf(&key, "%s|%u|%u", f->path, pos.line, pos.col);
			if (!dl_strset_add(seen, dl_strbuf_detach(&key, NULL)))
				break;
			dl_report_add(ctx->report, dl_rule_get(DL_RULE_REQ009), f->path,
				      dl_region_span(pos.line, pos.col, (unsigned)(w->end - w->offset)),
				      "`poetry install --no-dev` stops with 'The option \"--no-dev\" does not exist' on Poetry 2, which this image installs (Poetry is installed unpinned, so today's release): use `--without dev` (or `--only main`), or pin `poetry==1.8.5`");
			break;
		}
	}
	dl_arena_release(&arena);
}

/* The final stage chain of one Docker build, in build order. */
static void
req009_docker(struct dl_check_ctx *ctx, const struct dl_model_docker *d, struct dl_strset *seen)
{
	const struct dl_dockerfile *df = d->df;
	int chain[64];
	size_t nr, i;
	enum poetry_pin pin = POETRY_NONE;
	int env_pin = POETRY_NONE;

	if (!df || d->final_stage < 0)
		return;
	nr = stage_chain(df, d->final_stage, chain, DL_ARRAY_SIZE(chain));
	while (nr--) {
		int st = chain[nr];
		for (i = df->stages[st].instr; i < df->nr && df->instrs[i].stage == st; i++) {
			const struct dl_df_instr *in = &df->instrs[i];
			size_t k;
			if (in->kind == DL_DF_ENV || in->kind == DL_DF_ARG) {
				for (k = 0; k < in->kvs_nr; k++)
					if (in->kvs[k].key.text &&
					    !strcmp(in->kvs[k].key.text, "POETRY_VERSION"))
						env_pin = poetry_version_value(&in->kvs[k].value);
			} else if (in->kind == DL_DF_RUN) {
				req009_run(ctx, d->dockerfile, in, &pin, env_pin, seen);
			}
		}
	}
}

/* ---- REQ021, REQ022: an install before its lock is in the image ---------------- */

/* The tools whose install reads a lock next to the manifest. */
static const struct lock_tool {
	const char *prog, *manifest, *lock;
} lock_tools[] = {
	{ "poetry", "pyproject.toml", "poetry.lock" },
	{ "uv", "pyproject.toml", "uv.lock" },
	{ "pipenv", "Pipfile", "Pipfile.lock" },
};

/* Whether c is an install of `t` that reads its lock when there is one:
 * `poetry install|sync`, `uv sync`, `pipenv install|sync` without package
 * arguments; *strict is set for uv's --locked/--frozen. 0 also when the
 * command names another project folder (-C, --directory, --project). */
static int
lock_install(const struct dl_cmd_simple *c, const struct lock_tool *t, int *strict)
{
	size_t i;
	const char *sub;

	if (c->argc < 2 || strcmp(dl_path_basename(c->argv[0].text), t->prog) != 0)
		return 0;
	sub = c->argv[1].text;
	if (!strcmp(t->prog, "poetry") ? strcmp(sub, "install") && strcmp(sub, "sync")
	    : !strcmp(t->prog, "uv")   ? strcmp(sub, "sync") != 0
				       : strcmp(sub, "install") && strcmp(sub, "sync"))
		return 0;
	for (i = 2; i < c->argc; i++) {
		const char *w = c->argv[i].text;
		if (!strcmp(w, "-C") || !strncmp(w, "--directory", 11) || !strncmp(w, "--project", 9) ||
		    !strncmp(w, "--file", 6) || !strncmp(w, "-r", 2) || c->argv[i].expands)
			return 0;
		if (w[0] != '-' && !strcmp(t->prog, "pipenv"))
			return 0; /* pipenv install PACKAGE */
		if (!strcmp(w, "--locked") || !strcmp(w, "--frozen"))
			*strict = 1;
	}
	return 1;
}

/* Whether a --mount of `in` binds something at or above `path`
 * (absolute; relative targets are under wd). */
static int
mount_covers(const struct dl_df_instr *in, const char *wd, const char *path)
{
	size_t f;
	for (f = 0; f < in->flags_nr; f++) {
		const char *v = in->flags[f].value, *p;
		int bind = 1, covers = 0;
		if (strcmp(in->flags[f].name, "mount") != 0 || !v)
			continue;
		for (p = v; *p;) {
			const char *e = strchr(p, ',');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			if (n > 5 && !strncmp(p, "type=", 5))
				bind = n == 9 && !strncmp(p + 5, "bind", 4);
			else if ((n > 7 && !strncmp(p, "target=", 7)) || (n > 4 && !strncmp(p, "dst=", 4)) ||
				 (n > 12 && !strncmp(p, "destination=", 12))) {
				const char *eq = memchr(p, '=', n);
				char *t = dl_xstrndup(eq + 1, n - (size_t)(eq + 1 - p));
				char *c = dl_docker_path_clean(wd, t);
				size_t cl = strlen(c);
				covers = !strcmp(c, "/") ||
					 (!strncmp(path, c, cl) && (path[cl] == '/' || !path[cl]));
				free(c);
				free(t);
			}
			p += n;
			if (*p == ',')
				p++;
		}
		if (bind && covers)
			return 1;
	}
	return 0;
}

/* Whether ENV/ARG of the stage chain before `upto` sets UV_LOCKED or
 * UV_FROZEN to a true value. */
static int
uv_env_strict(const struct dl_dockerfile *df, int st, size_t upto)
{
	int chain[64];
	size_t nr = stage_chain(df, st, chain, DL_ARRAY_SIZE(chain)), k, i, j;
	for (k = 0; k < nr; k++)
		for (i = df->stages[chain[k]].instr; i < df->nr && df->instrs[i].stage == chain[k]; i++) {
			const struct dl_df_instr *in = &df->instrs[i];
			if (chain[k] == st && i >= upto)
				break;
			if (in->kind != DL_DF_ENV)
				continue;
			for (j = 0; j < in->kvs_nr; j++) {
				const char *key = in->kvs[j].key.text, *v = in->kvs[j].value.text;
				if (key && v && (!strcmp(key, "UV_LOCKED") || !strcmp(key, "UV_FROZEN")) &&
				    (v[0] == '1' || !strncasecmp(v, "true", 4) || !strncasecmp(v, "\"1", 2)))
					return 1;
			}
		}
	return 0;
}

/* Whether COPY/ADD i names no source called `name` (it copies a folder
 * that holds it). */
static int
copies_folder(const struct dl_dockerfile *df, size_t i, const char *name)
{
	const struct dl_df_instr *in = &df->instrs[i];
	size_t a;
	for (a = 0; a + 1 < in->args_nr; a++)
		if (!strcmp(dl_path_basename(in->args[a].text), name))
			return 0;
	return 1;
}

static void
lock_run(struct dl_check_ctx *ctx, const struct dl_model_docker *d, size_t ri,
	 struct dl_strset *seen)
{
	const struct dl_dockerfile *df = d->df;
	const struct dl_df_instr *in = &df->instrs[ri];
	const struct dl_file *file = d->dockerfile;
	struct dl_arena arena;
	struct dl_cmdline cl;
	char *wd;
	size_t k, t;

	if (in->form != DL_DF_FORM_SHELL || in->rest_off > in->end_off || in->end_off > file->len)
		return;
	wd = dl_docker_workdir(df, in->stage, ri);
	if (!wd)
		return;
	dl_arena_init(&arena);
	dl_cmd_parse(&cl, &arena, file->data + in->rest_off, in->end_off - in->rest_off);
	for (k = 0; k < cl.nr; k++) {
		const struct dl_cmd_simple *c = &cl.cmds[k];
		if (c->argc && !strcmp(c->argv[0].text, "cd"))
			break; /* another folder: not followed */
		for (t = 0; t < DL_ARRAY_SIZE(lock_tools); t++) {
			const struct lock_tool *lt = &lock_tools[t];
			int strict = 0;
			char *mpath, *lpath, *mrel = NULL, *lock_repo, *mdir, *mfull;
			size_t mcopy = 0;
			struct dl_file *lockf;
			struct dl_strbuf key = DL_STRBUF_INIT;
			const struct dl_df_instr *cp;

			if (!lock_install(c, lt, &strict))
				continue;
			if (!strcmp(lt->prog, "uv") && uv_env_strict(df, in->stage, ri))
				strict = 1;
			mpath = dl_path_join(wd, lt->manifest);
			lpath = dl_path_join(wd, lt->lock);
			if (dl_docker_image_source(ctx->repo, file->path, d->context, df, in->stage, ri,
						   mpath, &mrel, &mcopy) != DL_DOCKER_SRC_CONTEXT ||
			    mount_covers(in, wd, lpath) ||
			    dl_docker_image_source(ctx->repo, file->path, d->context, df, in->stage, ri,
						   lpath, NULL, NULL) != DL_DOCKER_SRC_NONE) {
				free(mpath);
				free(lpath);
				free(mrel);
				continue;
			}
			mfull = dl_path_join(d->context, mrel);
			mdir = dl_path_dirname(mfull);
			lock_repo = dl_path_join(mdir, lt->lock);
			lockf = dl_repo_find(ctx->repo, lock_repo);
			cp = &df->instrs[mcopy];
			dl_strbuf_addf(&key, "%s|%zu|%s", file->path, ri, lt->lock);
			if ((lockf || strict) && dl_strset_add(seen, dl_strbuf_detach(&key, NULL))) {
				struct dl_finding *fd;
				struct dl_region at = dl_region_span(cp->keyword.pos.line, cp->keyword.pos.col,
								     (unsigned)cp->keyword.len);
				if (strict)
					fd = dl_report_add(ctx->report, dl_rule_get(DL_RULE_REQ022), file->path, at,
							   "The image has %s but no %s when `uv sync` runs with --locked/--frozen (line %u), so the build stops with \"Unable to find lockfile at `uv.lock`\": %s",
							   lt->manifest, lt->lock, in->keyword.pos.line,
							   lockf ? "COPY uv.lock next to pyproject.toml before it" : "commit uv.lock (run `uv lock`) and COPY it next to pyproject.toml");
				else
					fd = dl_report_add(ctx->report, dl_rule_get(DL_RULE_REQ021), file->path, at,
							   "%s is copied into the image without %s, which the repository has (%s)%s, so `%s %s` (line %u) ignores the lock and resolves the dependencies again at build time: the image may get other versions than the lock pins; COPY %s next to %s",
							   lt->manifest, lt->lock, lock_repo,
							   copies_folder(df, mcopy, lt->manifest) ? ": .dockerignore keeps it out of this folder copy" : "",
							   lt->prog, c->argv[1].text, in->keyword.pos.line, lt->lock,
							   lt->manifest);
				dl_finding_add_related(fd, file->path,
						       dl_region_span(in->keyword.pos.line, in->keyword.pos.col,
								      (unsigned)in->keyword.len),
						       "the install runs here, in %s", wd);
			}
			dl_strbuf_release(&key);
			free(lock_repo);
			free(mdir);
			free(mfull);
			free(mpath);
			free(lpath);
			free(mrel);
		}
	}
	dl_arena_release(&arena);
	free(wd);
}

static void
lock_docker(struct dl_check_ctx *ctx, const struct dl_model_docker *d, struct dl_strset *seen)
{
	size_t i;
	if (!d || !d->df || !d->dockerfile || !d->dockerfile->data)
		return;
	for (i = 0; i < d->df->nr; i++)
		if (d->df->instrs[i].kind == DL_DF_RUN && d->df->instrs[i].stage >= 0)
			lock_run(ctx, d, i, seen);
}

void
dl_check_docker_poetry(struct dl_check_ctx *ctx)
{
	const struct dl_model *m = dl_ctx_model(ctx);
	struct dl_strset seen;
	size_t i, j;

	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < m->blueprints_nr; i++) {
		const struct dl_model_blueprint *mb = &m->blueprints[i];
		if (mb->parse_error)
			continue;
		for (j = 0; j < mb->bp.services_nr; j++)
			if (mb->services[j].docker) {
				req009_docker(ctx, mb->services[j].docker, &seen);
				lock_docker(ctx, mb->services[j].docker, &seen);
			}
	}
	for (i = 0; i < m->dashboard_nr; i++) {
		req009_docker(ctx, m->dashboard[i], &seen);
		lock_docker(ctx, m->dashboard[i], &seen);
	}
	dl_strset_release(&seen);
}
