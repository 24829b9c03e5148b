/*
 * deploylint: the deploy's commands (render.yaml services, Procfile) and
 * the `alembic` commands among them, with the folders they run in.
 */
#include "model/runs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/blueprint.h"
#include "deploylint/parse.h"

/* Where a deploy command comes from. */
struct origin {
	struct dl_file *file; /* render.yaml or Procfile */
	const char *service;  /* the service's name, or the Procfile process */
	const char *phase;    /* "buildCommand", ..., or "Procfile" */
	size_t blueprint;     /* indexes of the service, SIZE_MAX for a
			       * Procfile */
	size_t service_index;
};

/* ---- alembic commands ---- */

/* alembic's global options that take a value (alembic/config.py). */
static const char *const valued[] = { "-c", "--config", "-n", "--name", "-x",
				      NULL };

static void
collect(struct dl_runs *runs, const struct origin *o, const struct dl_cmd_visit *v)
{
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
	r->blueprint = o->blueprint;
	r->service = o->service_index;
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

static void
collect_cmd(struct dl_runs *runs, const struct origin *o, const struct dl_deploy_cmd *cmd)
{
	size_t i;
	for (i = 0; cmd && i < cmd->steps_nr; i++)
		collect(runs, o, &cmd->steps[i].visit);
}

void
dl_runs_collect(struct dl_runs *out, const struct dl_model *m)
{
	size_t b, s, i;
	int ph;

	memset(out, 0, sizeof(*out));
	if (!m)
		return;
	for (b = 0; b < m->blueprints_nr; b++) {
		const struct dl_model_blueprint *mb = &m->blueprints[b];
		for (s = 0; s < mb->bp.services_nr; s++) {
			const struct dl_model_service *ms = &mb->services[s];
			struct origin o;
			o.file = mb->bp.file;
			o.service = ms->bs->name_s ? ms->bs->name_s : "(unnamed)";
			o.blueprint = b;
			o.service_index = s;
			for (ph = DL_PHASE_BUILD; ph < DL_PHASE_PROCFILE; ph++) {
				o.phase = dl_phase_name((enum dl_phase)ph);
				collect_cmd(out, &o, ms->any_cmds[ph]);
			}
		}
	}
	for (i = 0; i < m->procfile_nr; i++) {
		const struct dl_deploy_cmd *cmd = &m->procfile[i];
		struct origin o;
		if (cmd->process[0] == '#')
			continue;
		o.file = cmd->file;
		o.service = cmd->process;
		o.phase = "Procfile";
		o.blueprint = o.service_index = SIZE_MAX;
		collect_cmd(out, &o, cmd);
	}
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
