/*
 * deploylint: the deploy's commands (render.yaml services, Procfile) and
 * the `alembic` commands among them, with the folders they run in; the
 * step of a service's commands that runs its database migrations.
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

/* ---- migrations ---- */

/* Whether word w is `upgrade` or `downgrade`. */
static int
migrates_word(const struct dl_cmd_word *w)
{
	return w && (!strcmp(w->text, "upgrade") || !strcmp(w->text, "downgrade"));
}

/* Whether `name` (a script's word) names a Python file. */
static int
python_file(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n > 3 && !strcmp(name + n - 3, ".py");
}

static int step_migrates(const struct dl_cmd_call *call, int depth);

/* `sh -c SCRIPT` (bash, dash ...): whether a command of SCRIPT migrates;
 * a `sh -c` inside it is read too, up to three levels. */
static int
shell_c_migrates(const struct dl_cmd_call *call, int depth)
{
	const struct dl_cmd_simple *c = call->cmd;
	struct dl_arena arena;
	struct dl_cmdline cl;
	size_t at, i;
	int k, found = 0;

	if (!call->word || depth >= 3)
		return 0;
	at = (size_t)(call->word - c->argv);
	k = dl_cmd_shell_c(call->word, c->argc - at);
	if (k < 0)
		return 0;
	dl_arena_init(&arena);
	dl_cmd_parse(&cl, &arena, call->word[k].text, call->word[k].len);
	for (i = 0; i < cl.nr && !found; i++) {
		struct dl_cmd_call sub;
		dl_cmd_classify(&sub, &cl.cmds[i]);
		found = step_migrates(&sub, depth + 1);
	}
	dl_arena_release(&arena);
	return found;
}

int
dl_step_migrates(const struct dl_cmd_call *call)
{
	return step_migrates(call, 0);
}

static int
step_migrates(const struct dl_cmd_call *call, int depth)
{
	/* flask's group options that take a value (flask/cli.py) */
	static const char *const flask_valued[] = { "-A", "--app", "-e", "--env-file", NULL };
	const struct dl_cmd_simple *c = call->cmd;
	const struct dl_cmd_word *group, *sub;

	switch (call->tool) {
	case DL_TOOL_ALEMBIC:
		return migrates_word(dl_cmd_positional(c, call->arg, valued));
	case DL_TOOL_FLASK:
		group = dl_cmd_positional(c, call->arg, flask_valued);
		break;
	case DL_TOOL_PYTHON_FILE:
	case DL_TOOL_SCRIPT:
		if (!call->script || !python_file(call->script->text))
			return 0;
		group = dl_cmd_positional(c, call->arg, NULL);
		break;
	default:
		return shell_c_migrates(call, depth);
	}
	if (!group || strcmp(group->text, "db") != 0)
		return 0;
	sub = dl_cmd_positional(c, (size_t)(group - c->argv) + 1, NULL);
	return migrates_word(sub);
}

const struct dl_model_step *
dl_model_service_migration(const struct dl_model *m, size_t blueprint, size_t service)
{
	const struct dl_model_service *ms;
	const struct dl_deploy_cmd *cmds[3];
	size_t i, k;

	if (!m || blueprint >= m->blueprints_nr ||
	    service >= m->blueprints[blueprint].bp.services_nr)
		return NULL;
	ms = &m->blueprints[blueprint].services[service];
	if (ms->docker) {
		/* Render runs no buildCommand or startCommand for a Docker
		 * service: its preDeployCommand as Render splits it, then what
		 * the container runs */
		cmds[0] = ms->docker->pre_deploy;
		cmds[1] = ms->docker->start;
		cmds[2] = NULL;
	} else {
		cmds[0] = ms->any_cmds[DL_PHASE_BUILD];
		cmds[1] = ms->any_cmds[DL_PHASE_PRE_DEPLOY];
		cmds[2] = ms->any_cmds[DL_PHASE_START];
	}
	for (k = 0; k < DL_ARRAY_SIZE(cmds); k++) {
		const struct dl_deploy_cmd *cmd = cmds[k];
		for (i = 0; cmd && i < cmd->steps_nr; i++)
			if (dl_step_migrates(&cmd->steps[i].call))
				return &cmd->steps[i];
	}
	return NULL;
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
