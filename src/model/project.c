/*
 * deploylint: pyproject, Poetry, uv and pipenv projects in the service
 * model (include/deploylint/model.h, struct dl_model_project). For each
 * backend: reads the project files of its folder once
 * (include/deploylint/depsource.h), decides what its build installs with
 * (the buildCommand, else the files present, docs/dependency-sources.md),
 * and adds the dependencies that tool installs to the backend's
 * dependency set, with the lock's version where a lock resolves one. Each
 * such dependency is also given as a pip requirement in a one-file
 * struct dl_req_set, so that the families reading requirement sets
 * (REQ001, REQ007) judge these projects without change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/model.h"

const char *
dl_pkg_tool_name(enum dl_pkg_tool tool)
{
	switch (tool) {
	case DL_PKG_NONE: return "nothing";
	case DL_PKG_PIP_REQUIREMENTS: return "pip install -r";
	case DL_PKG_PIP_PROJECT: return "pip install .";
	case DL_PKG_POETRY: return "poetry install";
	case DL_PKG_UV_SYNC: return "uv sync";
	case DL_PKG_PIPENV: return "pipenv install";
	}
	return "?";
}

const struct dl_model_project *
dl_model_backend_project(const struct dl_model *m, const struct dl_backend *be)
{
	if (!m->projects || be < m->backends.items || be >= m->backends.items + m->backends.nr)
		return NULL;
	return &m->projects[be - m->backends.items];
}

/* ---- reading the files ----------------------------------------------------- */

static const char *const source_names[] = { NULL, "pyproject.toml", "poetry.lock", "uv.lock",
					    "Pipfile", "Pipfile.lock" };

static void
read_files(struct dl_model *m, const struct dl_backend *be, struct dl_model_project *pj)
{
	int k;

	for (k = DL_DEPSRC_PYPROJECT; k <= DL_DEPSRC_PIPFILE_LOCK; k++) {
		char *path = dl_path_join(be->dir, source_names[k]);
		struct dl_file *f = dl_repo_find(m->repo, path);
		struct dl_depsource *src;

		free(path);
		if (!f || !dl_file_lintable(f) || dl_repo_load(m->repo, f) < 0)
			continue;
		src = dl_arena_alloc(&m->arena, sizeof(*src));
		dl_depsource_read(src, &m->arena, (enum dl_depsource_kind)k, f->path, f->data,
				  f->len);
		pj->files[k] = f;
		pj->srcs[k] = src;
	}
}

/* ---- the build command ----------------------------------------------------- */

static const struct dl_model_service *
service_of(const struct dl_model *m, const struct dl_backend *be)
{
	size_t i, j;

	if (!be->service_node)
		return NULL;
	for (i = 0; i < m->blueprints_nr; i++)
		for (j = 0; j < m->blueprints[i].bp.services_nr; j++)
			if (m->blueprints[i].bp.services[j].node == be->service_node)
				return &m->blueprints[i].services[j];
	return NULL;
}

/* The program word's base name: "uv" for "/usr/local/bin/uv". */
static const char *
program(const struct dl_model_step *s)
{
	const struct dl_cmd_simple *c = s->call.cmd;
	if (!c || !c->argc)
		return "";
	return dl_path_basename(c->argv[0].text);
}

static const char *
arg(const struct dl_model_step *s, size_t i)
{
	const struct dl_cmd_simple *c = s->call.cmd;
	return c && i < c->argc ? c->argv[i].text : NULL;
}

static int
has_arg(const struct dl_model_step *s, size_t from, const char *opt)
{
	const struct dl_cmd_simple *c = s->call.cmd;
	size_t i, n = strlen(opt);

	for (i = from; c && i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if (!strcmp(a, "--"))
			break;
		if (!strcmp(a, opt) || (opt[1] == '-' && !strncmp(a, opt, n) && a[n] == '='))
			return 1;
	}
	return 0;
}

/* The index of the first word after argv[0] that is no option of the
 * program's own (uv --directory x sync: "sync"). */
static size_t
subcommand(const struct dl_model_step *s)
{
	const struct dl_cmd_simple *c = s->call.cmd;
	size_t i;
	for (i = 1; c && i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if (a[0] != '-')
			return i;
		if (!strcmp(a, "--directory") || !strcmp(a, "--project") || !strcmp(a, "-C") ||
		    !strcmp(a, "--python"))
			i++;
	}
	return c ? c->argc : 0;
}

/* pip install ARGS: a project folder (".", "-e .", "./x", ".[extra]") */
static int
pip_installs_project(const struct dl_model_step *s, size_t from)
{
	const struct dl_cmd_simple *c = s->call.cmd;
	size_t i;
	for (i = from; c && i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if (!strcmp(a, "-r") || !strcmp(a, "-c") || !strcmp(a, "--requirement") ||
		    !strcmp(a, "--constraint") || !strcmp(a, "-i") || !strcmp(a, "--index-url"))
			i++;
		else if (a[0] == '.' && (a[1] == '\0' || a[1] == '/' || a[1] == '['))
			return 1;
	}
	return 0;
}

static int
pip_installs_name(const struct dl_model_step *s, size_t from, const char *name)
{
	const struct dl_cmd_simple *c = s->call.cmd;
	size_t i, n = strlen(name);
	for (i = from; c && i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if (!strncmp(a, name, n) && strchr("=<>~![ ", a[n] ? a[n] : ' '))
			return 1;
	}
	return 0;
}

static void
read_command(struct dl_model *m, const struct dl_backend *be, struct dl_model_project *pj)
{
	const struct dl_model_service *ms = service_of(m, be);
	const struct dl_deploy_cmd *cmds[DL_PHASE_PROCFILE] = { NULL };
	int ph;
	size_t i;

	if (ms) {
		for (ph = DL_PHASE_BUILD; ph <= DL_PHASE_START; ph++)
			cmds[ph] = ms->cmds[ph];
	} else {
		/* no Blueprint: a Render build script set in the Dashboard */
		for (i = 0; i < m->dashboard_builds_nr && !cmds[DL_PHASE_BUILD]; i++)
			if (!strcmp(m->dashboard_builds[i].cwd, be->dir))
				cmds[DL_PHASE_BUILD] = &m->dashboard_builds[i];
	}
	for (ph = DL_PHASE_BUILD; ph <= DL_PHASE_START; ph++) {
		const struct dl_deploy_cmd *cmd = cmds[ph];
		for (i = 0; cmd && i < cmd->steps_nr; i++) {
			const struct dl_model_step *s = &cmd->steps[i];
			const char *prog = program(s), *sub;
			size_t at;

			if (!strcmp(prog, "uv") && !pj->uv_step)
				pj->uv_step = s;
			if (ph != DL_PHASE_BUILD)
				continue;
			if (strstr(prog, "curl") || strstr(prog, "wget")) {
				/* curl -LsSf https://astral.sh/uv/install.sh | sh */
				size_t k;
				for (k = 1; k < s->call.cmd->argc; k++)
					if (strstr(s->call.cmd->argv[k].text, "astral.sh/uv"))
						pj->installs_uv = 1;
			}
			if (s->call.tool == DL_TOOL_PIP) {
				size_t a = s->call.arg;
				while (arg(s, a) && strcmp(arg(s, a), "install"))
					a++;
				if (!arg(s, a))
					continue;
				if (pip_installs_name(s, a + 1, "uv") && !pj->uv_step)
					pj->installs_uv = 1;
				if (!pj->install && pip_installs_project(s, a + 1)) {
					pj->install = s;
					pj->tool = DL_PKG_PIP_PROJECT;
				}
				continue;
			}
			at = subcommand(s);
			sub = arg(s, at);
			if (!sub || pj->install)
				continue;
			if (!strcmp(prog, "poetry") && (!strcmp(sub, "install") || !strcmp(sub, "sync"))) {
				pj->install = s;
				pj->tool = DL_PKG_POETRY;
				pj->no_root = has_arg(s, at + 1, "--no-root");
				if (has_arg(s, at + 1, "--no-dev")) {
					pj->no_dev = 1;
					pj->no_dev_step = s;
				}
			} else if (!strcmp(prog, "uv") && !strcmp(sub, "sync")) {
				pj->install = s;
				pj->tool = DL_PKG_UV_SYNC;
				pj->uv_locked = has_arg(s, at + 1, "--locked");
				pj->uv_frozen = has_arg(s, at + 1, "--frozen");
			} else if (!strcmp(prog, "uv") && !strcmp(sub, "pip") && arg(s, at + 1) &&
				   !strcmp(arg(s, at + 1), "install") && pip_installs_project(s, at + 2)) {
				pj->install = s;
				pj->tool = DL_PKG_PIP_PROJECT;
			} else if (!strcmp(prog, "pipenv") &&
				   (!strcmp(sub, "install") || !strcmp(sub, "sync"))) {
				pj->install = s;
				pj->tool = DL_PKG_PIPENV;
				pj->pipenv_deploy = has_arg(s, at + 1, "--deploy");
			}
		}
	}
	if (ms) {
		size_t k;
		for (k = 0; k < ms->bs->env_vars.nr; k++) {
			const struct dl_bp_envvar *ev = &ms->bs->env_vars.items[k];
			const struct dl_yaml_node *v = ev->value ? dl_yaml_resolve(ev->value) : NULL;
			if (ev->name && !strcmp(ev->name, "POETRY_VERSION") && v &&
			    v->type == DL_YAML_SCALAR) {
				pj->poetry_version = v->scalar;
				pj->poetry_version_node = v;
			}
		}
	}
}

/* ---- the dependencies the tool installs ---------------------------------- */

/* Whether the install step selects group `g` (Poetry: main always, other
 * non-optional groups unless --without/--only leave them out; uv: dev by
 * default; pipenv: dev with --dev). */
static int
word_list_has(const struct dl_model_step *s, const char *opt, const char *g)
{
	const struct dl_cmd_simple *c = s->call.cmd;
	size_t i, n = strlen(opt), gl = strlen(g);
	for (i = 1; c && i < c->argc; i++) {
		const char *a = c->argv[i].text, *v = NULL;
		if (!a)
			continue;
		if (!strcmp(a, opt) && i + 1 < c->argc)
			v = c->argv[i + 1].text;
		else if (!strncmp(a, opt, n) && a[n] == '=')
			v = a + n + 1;
		while (v && *v) {
			size_t l = strcspn(v, ",");
			if (l == gl && !strncmp(v, g, l))
				return 1;
			v += l;
			if (*v == ',')
				v++;
		}
	}
	return 0;
}

static int
installs(const struct dl_model_project *pj, const struct dl_dependency *d)
{
	const struct dl_model_step *s = pj->install;
	const char *g = d->group ? d->group : "";

	switch (d->section) {
	case DL_DEP_MAIN:
		if (pj->tool == DL_PKG_POETRY && s && has_arg(s, 1, "--only"))
			return word_list_has(s, "--only", "main");
		return 1;
	case DL_DEP_GROUP:
		if (pj->tool == DL_PKG_POETRY) {
			if (!s)
				return 1;
			if (has_arg(s, 1, "--only"))
				return word_list_has(s, "--only", g);
			return !pj->no_dev && !word_list_has(s, "--without", g);
		}
		if (pj->tool == DL_PKG_UV_SYNC) {
			if (s && (word_list_has(s, "--group", g) || has_arg(s, 1, "--all-groups")))
				return 1;
			return !strcmp(g, "dev") &&
			       !(s && (has_arg(s, 1, "--no-dev") || has_arg(s, 1, "--only-group") ||
				       has_arg(s, 1, "--no-default-groups")));
		}
		if (pj->tool == DL_PKG_PIPENV)
			return !strcmp(g, "dev") && s && has_arg(s, 1, "--dev");
		return 0;
	case DL_DEP_OPTIONAL:
		if (!s)
			return 0;
		if (pj->tool == DL_PKG_POETRY)
			return has_arg(s, 1, "--all-extras") || word_list_has(s, "--extras", g) ||
			       word_list_has(s, "-E", g);
		if (pj->tool == DL_PKG_UV_SYNC)
			return has_arg(s, 1, "--all-extras") || word_list_has(s, "--extra", g);
		return 0;
	case DL_DEP_LOCKED:
		return 0;
	}
	return 0;
}

/* The locked entry of normalised name n (workspace projects skipped). */
static const struct dl_dependency *
locked(const struct dl_depsource *lock, const char *n)
{
	size_t i;
	if (!lock || lock->error.set)
		return NULL;
	for (i = 0; i < lock->nr; i++)
		if (!lock->deps[i].is_project && lock->deps[i].version &&
		    !strcmp(lock->deps[i].normalised, n))
			return &lock->deps[i];
	return NULL;
}

/* A pip requirement for dependency d, with the version of l (an entry of
 * the lock at lock_path) when l. */
static const struct dl_requirement *
as_requirement(struct dl_arena *a, const struct dl_dependency *d, const struct dl_dependency *l,
	       const char *lock_path)
{
	struct dl_requirement *r = dl_arena_alloc(a, sizeof(*r));

	r->kind = d->origin == DL_DEP_INDEX ? DL_REQ_NAMED : DL_REQ_URL;
	r->name = d->name;
	r->normalised = d->normalised;
	r->name_pos = d->name_pos;
	r->name_len = (unsigned)strlen(d->name);
	r->extras = d->extras;
	r->marker = d->marker;
	r->marker_pos = d->marker_pos;
	r->url = d->url;
	r->line = r->end_line = d->name_pos.line;
	r->spec_pos = d->spec_pos;
	r->spec_len = d->written ? (unsigned)strcspn(d->written, "\n") : 0;
	if (d->spec_pos.line != d->name_pos.line)
		r->spec_len = 1;
	if (l && r->kind == DL_REQ_NAMED) {
		size_t n = strlen(l->version) + 3;
		char *spec = dl_arena_alloc(a, n);
		snprintf(spec, n, "==%s", l->version);
		r->specifier = spec;
		if (dl_pep440_specset_parse(&r->specs, a, spec, strlen(spec), NULL) != 0)
			memset(&r->specs, 0, sizeof(r->specs));
		r->lock_path = lock_path;
		r->lock_pos = l->spec_pos;
		r->lock_len = l->written ? (unsigned)strlen(l->written) + 2 : 1;
	} else if (d->specifier && !d->spec_invalid && r->kind == DL_REQ_NAMED) {
		r->specifier = d->specifier;
		r->specs = d->specs;
	}
	if (r->specifier && !r->spec_len) {
		r->spec_pos = d->name_pos;
		r->spec_len = r->name_len;
	}
	return r;
}

/* The declaring file (pyproject.toml or Pipfile) as a dependency source. */
static const struct dl_dep_source *
project_source(struct dl_model *m, const struct dl_model_project *pj, int decl, int lockk)
{
	const struct dl_depsource *src = pj->srcs[decl];
	const struct dl_depsource *lock = lockk ? pj->srcs[lockk] : NULL;
	struct dl_dep_source *out = dl_arena_alloc(&m->arena, sizeof(*out));
	struct dl_req_set *set = dl_arena_alloc(&m->arena, sizeof(*set));
	size_t i, n = src->nr ? src->nr : 1;

	out->kind = decl == DL_DEPSRC_PIPFILE ? DL_DEP_PIPFILE : DL_DEP_PYPROJECT;
	out->file = pj->files[decl];
	out->deps = dl_arena_alloc(&m->arena, n * sizeof(*out->deps));
	set->entries = dl_arena_alloc(&m->arena, n * sizeof(*set->entries));
	set->files = dl_arena_alloc(&m->arena, sizeof(*set->files)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	set->files[0] = pj->files[decl];
	set->files_nr = set->files_alloc = 1;
	for (i = 0; i < src->nr; i++) {
		const struct dl_dependency *d = &src->deps[i];
		const struct dl_dependency *l;
		struct dl_dep *dd;
		struct dl_req_entry *e;

		if (!installs(pj, d))
			continue;
		l = locked(lock, d->normalised);
		dd = &out->deps[out->deps_nr++];
		dd->name = d->normalised;
		dd->specifier = d->specifier;
		dd->version = l ? l->version : NULL;
		dd->extras = d->extras;
		dd->marker = d->marker;
		dd->file = pj->files[decl];
		dd->pos = d->name_pos;
		dd->req = as_requirement(&m->arena, d, l, lock ? lock->file : NULL);
		e = &set->entries[set->nr++];
		e->req = dd->req;
		e->file = pj->files[decl];
	}
	set->alloc = set->nr;
	out->reqs = set;
	return out;
}

static int
usable(const struct dl_depsource *s)
{
	return s && !s->error.set;
}

void
dl_model_project_deps(struct dl_model *m, size_t index, struct dl_model_deps *out)
{
	const struct dl_backend *be = &m->backends.items[index];
	struct dl_model_project *pj = &m->projects[index];
	const struct dl_dep_source *add = NULL;
	const struct dl_dep_source **grown;
	const struct dl_depsource *py;
	int from_command;

	memset(pj, 0, sizeof(*pj));
	if (!be->python || be->docker)
		return;
	read_files(m, be, pj);
	read_command(m, be, pj);
	py = pj->srcs[DL_DEPSRC_PYPROJECT];
	from_command = pj->install != NULL;
	if (!from_command && !out->nr) {
		/* no install named, no requirements file: the files decide
		 * (docs/dependency-sources.md) */
		if (pj->srcs[DL_DEPSRC_UV_LOCK] && py)
			pj->tool = DL_PKG_UV_SYNC;
		else if (py && (py->has_poetry || pj->srcs[DL_DEPSRC_POETRY_LOCK]))
			pj->tool = DL_PKG_POETRY;
		else if (pj->srcs[DL_DEPSRC_PIPFILE])
			pj->tool = DL_PKG_PIPENV;
		else if (py && py->has_project)
			pj->tool = DL_PKG_PIP_PROJECT;
	} else if (!from_command && out->nr) {
		pj->tool = DL_PKG_PIP_REQUIREMENTS;
	}
	switch (pj->tool) {
	case DL_PKG_POETRY:
		if (usable(py))
			add = project_source(m, pj, DL_DEPSRC_PYPROJECT, DL_DEPSRC_POETRY_LOCK);
		break;
	case DL_PKG_UV_SYNC:
		if (usable(py))
			add = project_source(m, pj, DL_DEPSRC_PYPROJECT, DL_DEPSRC_UV_LOCK);
		break;
	case DL_PKG_PIP_PROJECT:
		if (usable(py))
			add = project_source(m, pj, DL_DEPSRC_PYPROJECT, 0);
		break;
	case DL_PKG_PIPENV:
		if (usable(pj->srcs[DL_DEPSRC_PIPFILE]))
			add = project_source(m, pj, DL_DEPSRC_PIPFILE, DL_DEPSRC_PIPFILE_LOCK);
		break;
	case DL_PKG_NONE:
	case DL_PKG_PIP_REQUIREMENTS:
		break;
	}
	if (!add)
		return;
	/* a build that installs with the project tool and names no -r file
	 * does not install the default requirements file */
	if (from_command && out->nr == 1 && out->sources[0]->file == be->requirements)
		out->nr = 0;
	grown = dl_arena_alloc(&m->arena, (out->nr + 1) * sizeof(*grown)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	if (out->nr)
		memcpy(grown, out->sources, out->nr * sizeof(*grown)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	grown[out->nr++] = add;
	out->sources = grown;
}
