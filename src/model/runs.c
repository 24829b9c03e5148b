/*
 * deploylint: the deploy's commands (render.yaml services, Procfile) and
 * the `alembic` commands among them, with the folders they run in.
 */
#include "model/runs.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/blueprint.h"
#include "deploylint/parse.h"

struct walk {
	struct dl_deploy_origin origin;
	dl_deploy_visit_fn fn;
	void *payload;
};

static void
forward(const struct dl_cmd_visit *v, void *payload)
{
	struct walk *w = payload;
	w->fn(&w->origin, v, w->payload);
}

static void
walk_yaml(struct walk *w, struct dl_repo *repo, struct dl_arena *arena,
	  const struct dl_cmd_lines *lines, const struct dl_yaml_node *n,
	  const char *cwd)
{
	struct dl_cmdline cl;
	struct dl_cmd_posmap map;

	n = dl_yaml_resolve(n);
	if (!n || n->type != DL_YAML_SCALAR)
		return;
	dl_cmd_parse(&cl, arena, n->scalar, n->scalar_len);
	dl_cmd_posmap_yaml(&map, arena, lines, n);
	dl_cmd_walk(repo, arena, &cl, &map, w->origin.file, cwd, NULL, forward, w);
}

static void
walk_render(struct walk *w, struct dl_repo *repo, struct dl_file *f)
{
	struct dl_arena arena;
	struct dl_yaml_doc doc;
	struct dl_blueprint bp;
	struct dl_cmd_lines lines;
	size_t i;

	dl_arena_init(&arena);
	dl_yaml_parse(&doc, &arena, f->data, f->len);
	if (doc.error.set) {
		dl_arena_release(&arena);
		return;
	}
	dl_blueprint_build(&bp, f, &doc);
	dl_cmd_lines_init(&lines, &arena, f->data, f->len);
	for (i = 0; i < bp.services_nr; i++) {
		const struct dl_bp_service *s = &bp.services[i];
		if (s->root_dir_outside)
			continue;
		w->origin.file = f;
		w->origin.service = s->name_s ? s->name_s : "(unnamed)";
		w->origin.phase = "buildCommand";
		walk_yaml(w, repo, &arena, &lines, s->build_command, s->work_dir);
		w->origin.phase = "preDeployCommand";
		walk_yaml(w, repo, &arena, &lines, s->pre_deploy_command, s->work_dir);
		w->origin.phase = "startCommand";
		walk_yaml(w, repo, &arena, &lines, s->start_command, s->work_dir);
	}
	dl_blueprint_release(&bp);
	dl_arena_release(&arena);
}

/* Every `name: command` line of a Procfile, run in its folder. */
static void
walk_procfile(struct walk *w, struct dl_repo *repo, struct dl_file *f)
{
	const char *p = f->data, *end = f->data + f->len;
	unsigned line = 1;
	char *dir = dl_path_dirname(f->path);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (colon && colon > p && *p != '#') {
			struct dl_arena arena;
			struct dl_cmdline cl;
			struct dl_cmd_posmap map;
			const char *cmd = colon + 1;
			struct dl_pos start;
			size_t n;
			while (cmd < le && (*cmd == ' ' || *cmd == '\t'))
				cmd++;
			n = (size_t)(le - cmd);
			if (n && cmd[n - 1] == '\r')
				n--;
			start.line = line;
			start.col = (unsigned)(cmd - p) + 1;
			dl_arena_init(&arena);
			w->origin.file = f;
			w->origin.service = dl_arena_strndup(&arena, p, (size_t)(colon - p));
			w->origin.phase = "Procfile";
			dl_cmd_parse(&cl, &arena, cmd, n);
			dl_cmd_posmap_text(&map, &arena, cmd, n, start);
			dl_cmd_walk(repo, &arena, &cl, &map, f, dir, NULL, forward, w);
			dl_arena_release(&arena);
		}
		line++;
		p = nl ? nl + 1 : end;
	}
	free(dir);
}

void
dl_deploy_walk(struct dl_repo *repo, dl_deploy_visit_fn fn, void *payload)
{
	struct walk w;
	size_t i;
	int pass;

	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.payload = payload;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < repo->nr; i++) {
			struct dl_file *f = &repo->files[i];
			enum dl_kind want = pass ? DL_KIND_PROCFILE : DL_KIND_RENDER_YAML;
			if (f->kind != want || !dl_file_lintable(f) ||
			    dl_repo_load(repo, f) < 0)
				continue;
			if (pass)
				walk_procfile(&w, repo, f);
			else
				walk_render(&w, repo, f);
		}
}

/* ---- alembic commands ---- */

/* alembic's global options that take a value (alembic/config.py). */
static const char *const valued[] = { "-c", "--config", "-n", "--name", "-x",
				      NULL };

static void
collect(const struct dl_deploy_origin *o, const struct dl_cmd_visit *v,
	void *payload)
{
	struct dl_runs *runs = payload;
	const struct dl_cmd_call *call = v->call;
	const struct dl_cmd_simple *c = call->cmd;
	const struct dl_cmd_word *cw = NULL, *sub;
	const char *cfg = NULL;
	struct dl_alembic_run *r;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int outside = 0;
	size_t k;

	if (call->tool != DL_TOOL_ALEMBIC || !v->cwd)
		return;
	DL_ALLOC_GROW(runs->items, runs->nr + 1, runs->alloc);
	r = &runs->items[runs->nr++];
	memset(r, 0, sizeof(*r));
	r->file = v->file;
	r->pos = dl_cmd_pos(v->map, call->word ? call->word->offset : c->offset);
	r->cwd = dl_xstrdup(v->cwd);
	if (dl_cmd_option(c, call->arg, "--config", "-c", &cfg, &cw) && cfg) {
		int expands = 0;
		for (k = call->arg; k < c->argc; k++)
			if (&c->argv[k] == cw)
				expands = cw->expands;
		r->ini = dl_cmd_resolve(v->cwd, cfg, expands, &outside);
		if (outside) {
			free(r->ini);
			r->ini = NULL;
		}
	} else {
		r->ini = dl_path_join(v->cwd, "alembic.ini");
	}
	sub = dl_cmd_positional(c, call->arg, valued);
	if (sub && !strcmp(sub->text, "upgrade")) {
		static const char *const up_valued[] = { "--tag", NULL };
		const struct dl_cmd_word *t =
			dl_cmd_positional(c, (size_t)(sub - c->argv) + 1, up_valued);
		if (t)
			r->target = dl_xstrdup(t->text);
	}
	if (!strcmp(o->phase, "Procfile"))
		dl_strbuf_addf(&sb, "%s `%s` process", o->file->path, o->service);
	else
		dl_strbuf_addf(&sb, "service `%s` %s", o->service, o->phase);
	r->origin = dl_strbuf_detach(&sb, NULL);
}

void
dl_runs_collect(struct dl_runs *out, struct dl_repo *repo)
{
	memset(out, 0, sizeof(*out));
	dl_deploy_walk(repo, collect, out);
}

void
dl_runs_release(struct dl_runs *r)
{
	size_t i;
	for (i = 0; i < r->nr; i++) {
		free(r->items[i].cwd);
		free(r->items[i].ini);
		free(r->items[i].target);
		free(r->items[i].origin);
	}
	free(r->items);
	memset(r, 0, sizeof(*r));
}
