/*
 * deploylint: the service model (include/deploylint/model.h): Blueprints,
 * deploy commands walked once, backends with their Python versions, and
 * dependency sources, built once per run for every rule family.
 */
#include "deploylint/model.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "model/dburls.h"
#include "model/docker.h"

static const char *const phase_names[DL_PHASE__COUNT] = {
	"buildCommand", "preDeployCommand", "startCommand", "Procfile"
};

const char *
dl_phase_name(enum dl_phase phase)
{
	return (unsigned)phase < DL_PHASE__COUNT ? phase_names[phase] : "?";
}

struct dl_region
dl_step_region(const struct dl_cmd_visit *v, const struct dl_cmd_word *w)
{
	struct dl_pos a = dl_cmd_pos(v->map, w->offset);
	struct dl_pos b = dl_cmd_pos(v->map, w->end ? w->end - 1 : w->end);
	struct dl_region reg = dl_region_span(a.line, a.col, 1);
	if (b.line == a.line && b.col >= a.col)
		reg.end_col = b.col + 1;
	return reg;
}

struct build {
	struct dl_model *m;
	dl_model_doc_fn get;
	void *payload;
};

/* ---- deploy commands ----------------------------------------------------- */

/* The payload of one walk (dl_cmd_walk hands it to both callbacks). */
struct rec {
	struct build *b;
	struct dl_arena *arena;
	struct dl_model_step *steps; /* malloc'd while walking */
	size_t nr, alloc;
};

static void
record(const struct dl_cmd_visit *v, void *payload)
{
	struct rec *r = payload;
	struct dl_model_step *s;

	DL_ALLOC_GROW(r->steps, r->nr + 1, r->alloc);
	s = &r->steps[r->nr++];
	s->call = *v->call;
	s->visit = *v;
	s->visit.cwd = v->cwd ? dl_arena_strdup(r->arena, v->cwd) : NULL;
	s->visit.target = v->target ? dl_arena_strdup(r->arena, v->target) : NULL;
}

static const struct dl_cmdline *
shell_doc(struct dl_file *f, void *payload)
{
	struct rec *r = payload;
	if (f->kind != DL_KIND_SHELL)
		return NULL;
	return r->b->get(f, r->b->payload);
}

/* Walks cmd (cl and map set) and keeps every visit in the arena. */
static void
walk(struct build *b, struct dl_deploy_cmd *cmd)
{
	struct dl_model *m = b->m;
	struct rec r;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.b = b;
	r.arena = &m->arena;
	dl_cmd_walk(m->repo, &m->arena, &cmd->cl, &cmd->map, cmd->file, cmd->cwd, shell_doc,
		    record, &r);
	if (r.nr) {
		cmd->steps = dl_arena_alloc(&m->arena, r.nr * sizeof(*cmd->steps));
		memcpy(cmd->steps, r.steps, r.nr * sizeof(*cmd->steps));
		for (i = 0; i < r.nr; i++)
			cmd->steps[i].visit.call = &cmd->steps[i].call;
	}
	cmd->steps_nr = r.nr;
	free(r.steps);
}

static struct dl_deploy_cmd *
yaml_cmd(struct build *b, struct dl_model_blueprint *mb, const struct dl_bp_service *s,
	 const struct dl_yaml_node *n, enum dl_phase phase)
{
	struct dl_model *m = b->m;
	struct dl_deploy_cmd *cmd;

	n = dl_yaml_resolve(n);
	if (!n || n->type != DL_YAML_SCALAR || !mb->bp.file->data)
		return NULL;
	cmd = dl_arena_alloc(&m->arena, sizeof(*cmd));
	cmd->phase = phase;
	cmd->file = mb->bp.file;
	cmd->node = n;
	cmd->cwd = s->work_dir;
	dl_cmd_parse(&cmd->cl, &m->arena, n->scalar, n->scalar_len);
	dl_cmd_posmap_yaml(&cmd->map, &m->arena, &mb->lines, n);
	walk(b, cmd);
	return cmd;
}

static void
add_blueprint(struct build *b, struct dl_file *f, const struct dl_yaml_doc *doc, size_t *alloc)
{
	struct dl_model *m = b->m;
	struct dl_model_blueprint *mb;
	size_t j;

	DL_ALLOC_GROW(m->blueprints, m->blueprints_nr + 1, *alloc);
	mb = &m->blueprints[m->blueprints_nr++];
	memset(mb, 0, sizeof(*mb));
	dl_blueprint_build(&mb->bp, f, doc);
	mb->parse_error = doc->error.set;
	dl_cmd_lines_init(&mb->lines, &m->arena, f->data, f->len);
	mb->services = dl_arena_alloc(&m->arena,
				      (mb->bp.services_nr ? mb->bp.services_nr : 1) *
					      sizeof(*mb->services));
	for (j = 0; j < mb->bp.services_nr; j++) {
		const struct dl_bp_service *s = &mb->bp.services[j];
		struct dl_model_service *ms = &mb->services[j];

		ms->bs = s;
		if (mb->parse_error)
			continue; /* Render cannot read it: nothing runs */
		/* a rootDir outside the repository leaves nothing to read */
		if (s->root_dir_outside)
			continue;
		ms->any_cmds[DL_PHASE_BUILD] =
			yaml_cmd(b, mb, s, s->build_command, DL_PHASE_BUILD);
		ms->any_cmds[DL_PHASE_PRE_DEPLOY] =
			yaml_cmd(b, mb, s, s->pre_deploy_command, DL_PHASE_PRE_DEPLOY);
		ms->any_cmds[DL_PHASE_START] =
			yaml_cmd(b, mb, s, s->start_command, DL_PHASE_START);
		/* a Docker service runs its image: the Dockerfile's
		 * ENTRYPOINT/CMD or dockerCommand (src/model/docker.c); its
		 * commands stay out of cmds[], which the native-build rules
		 * read */
		if (s->runtime_s && !strcmp(s->runtime_s, "docker")) {
			ms->docker = dl_model_docker_read(b->m, mb, s);
			continue;
		}
		/* image services run no build/start shell here */
		if (!s->runtime_s || !strcmp(s->runtime_s, "image"))
			continue;
		memcpy(ms->cmds, ms->any_cmds, sizeof(ms->cmds));
	}
}

/* Every `name: command` line of a Procfile, run in its folder. */
static void
add_procfile(struct build *b, struct dl_file *f, size_t *alloc)
{
	struct dl_model *m = b->m;
	const char *p, *end;
	unsigned line = 1;
	char *dir;

	if (!dl_file_lintable(f) || dl_repo_load(m->repo, f) < 0)
		return;
	{
		char *d = dl_path_dirname(f->path);
		dir = dl_arena_strdup(&m->arena, d);
		free(d);
	}
	p = f->data;
	end = f->data + f->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *colon = memchr(p, ':', (size_t)(le - p));
		if (colon && colon > p) {
			struct dl_deploy_cmd *cmd;
			const char *text = colon + 1;
			struct dl_pos start;
			size_t n;
			while (text < le && (*text == ' ' || *text == '\t'))
				text++;
			n = (size_t)(le - text);
			if (n && text[n - 1] == '\r')
				n--;
			start.line = line;
			start.col = (unsigned)(text - p) + 1;
			DL_ALLOC_GROW(m->procfile, m->procfile_nr + 1, *alloc);
			cmd = &m->procfile[m->procfile_nr++];
			memset(cmd, 0, sizeof(*cmd));
			cmd->phase = DL_PHASE_PROCFILE;
			cmd->file = f;
			cmd->process = dl_arena_strndup(&m->arena, p, (size_t)(colon - p));
			cmd->cwd = dir;
			dl_cmd_parse(&cmd->cl, &m->arena, text, n);
			dl_cmd_posmap_text(&cmd->map, &m->arena, text, n, start);
			walk(b, cmd);
		}
		line++;
		p = nl ? nl + 1 : end;
	}
}

/* The folder Render runs build script f from when its name says it is
 * Render's build (model.h: dashboard_builds), malloc'd; else NULL. */
static char *
dashboard_build_dir(const struct dl_file *f)
{
	const char *base = dl_path_basename(f->path);
	char *dir, *up;

	if (!strcmp(base, "render-build.sh") || !strcmp(base, "render_build.sh"))
		return dl_path_dirname(f->path);
	if (strcmp(base, "build.sh"))
		return NULL;
	dir = dl_path_dirname(f->path);
	if (strcmp(dl_path_basename(dir), "render")) {
		free(dir);
		return NULL;
	}
	up = dl_path_dirname(dir);
	free(dir);
	return up;
}

/* Build scripts set in the Dashboard, when no Blueprint names commands. */
static void
add_dashboard_builds(struct build *b)
{
	struct dl_model *m = b->m;
	size_t i, alloc = 0;

	if (m->blueprints_nr)
		return;
	for (i = 0; i < m->repo->nr; i++) {
		struct dl_file *f = &m->repo->files[i];
		struct dl_deploy_cmd *cmd;
		struct dl_pos one = { 1, 1 };
		char *dir = dashboard_build_dir(f);

		if (!dir)
			continue;
		if (!dl_file_lintable(f) || dl_repo_load(m->repo, f) < 0) {
			free(dir);
			continue;
		}
		DL_ALLOC_GROW(m->dashboard_builds, m->dashboard_builds_nr + 1, alloc);
		cmd = &m->dashboard_builds[m->dashboard_builds_nr++];
		memset(cmd, 0, sizeof(*cmd));
		cmd->phase = DL_PHASE_BUILD;
		cmd->file = f;
		cmd->cwd = dl_arena_strdup(&m->arena, dir);
		free(dir);
		dl_cmd_parse(&cmd->cl, &m->arena, f->data, f->len);
		dl_cmd_posmap_text(&cmd->map, &m->arena, f->data, f->len, one);
		walk(b, cmd);
	}
}

/* ---- dependency sources ---------------------------------------------------- */

/*
 * The parsed requirements of f: requirements*.txt through the document
 * cache, other files that -r/-c name ("base.txt", "constraints.txt")
 * parsed into the model's arena once.
 */
struct reqdoc {
	const struct dl_requirements *doc;
	int done;
};

static struct reqdoc *req_docs_of(struct dl_model *m);

static const struct dl_requirements *
req_doc(struct dl_file *f, void *payload)
{
	struct build *b = payload;
	struct dl_model *m = b->m;
	size_t i = (size_t)(f - m->repo->files);
	struct reqdoc *rd = req_docs_of(m);

	if (f->kind == DL_KIND_REQUIREMENTS)
		return b->get(f, b->payload);
	if (i >= m->repo->nr)
		return NULL;
	if (!rd[i].done) {
		rd[i].done = 1;
		if (dl_file_lintable(f) && dl_repo_load(m->repo, f) == 0)
			rd[i].doc = dl_requirements_parse_doc(&m->arena, f->data, f->len);
	}
	return rd[i].doc;
}

/* private state after the public fields */
struct model_private {
	struct reqdoc *req_docs;  /* indexed like repo->files */
	struct dl_req_set **sets; /* indexed like repo->files */
	struct build b;           /* the getter, for later queries */
	/* each file's slices of m->envs and m->dburls, indexed like
	 * repo->files */
	size_t *env_first, *env_nr, *url_first, *url_nr;
	struct dl_model_db *db; /* the database part (dburls.c), or NULL */
};

static struct model_private *
priv(const struct dl_model *m)
{
	return m->priv;
}

static struct reqdoc *
req_docs_of(struct dl_model *m)
{
	return priv(m)->req_docs;
}

static struct dl_dep_source *
requirements_source(struct dl_model *m, struct dl_file *f)
{
	struct model_private *p = priv(m);
	size_t i = (size_t)(f - m->repo->files), k;
	struct dl_dep_source *src;
	struct dl_req_set *set;

	if (i >= m->repo->nr)
		return NULL;
	if (m->req_sources[i])
		return m->req_sources[i];
	set = dl_xcalloc(1, sizeof(*set));
	dl_req_set_collect(set, m->repo, f, req_doc, &p->b);
	p->sets[i] = set;
	src = dl_arena_alloc(&m->arena, sizeof(*src));
	src->kind = DL_DEP_REQUIREMENTS;
	src->file = f;
	src->reqs = set;
	src->deps = dl_arena_alloc(&m->arena, (set->nr ? set->nr : 1) * sizeof(*src->deps));
	for (k = 0; k < set->nr; k++) {
		const struct dl_req_entry *e = &set->entries[k];
		struct dl_dep *d = &src->deps[src->deps_nr++];
		d->name = e->req->normalised;
		d->specifier = e->req->specifier;
		d->extras = e->req->extras;
		d->marker = e->req->marker;
		d->file = e->file;
		d->pos = e->req->name_pos;
		d->constraint = e->constraint;
		d->req = e->req;
	}
	m->req_sources[i] = src;
	return src;
}

/* ---- which files a backend installs (its dependency set) ------------------ */

static void
add_file(struct dl_file ***files, size_t *nr, size_t *alloc, struct dl_file *f)
{
	size_t k;
	for (k = 0; k < *nr; k++)
		if ((*files)[k] == f)
			return;
	DL_ALLOC_GROW(*files, *nr + 1, *alloc);
	(*files)[(*nr)++] = f;
}

/* "-r FILE", "--requirement FILE" and "--requirement=FILE" in a command. */
static void
command_requirements(struct dl_repo *repo, const char *dir, const char *cmd,
		     struct dl_file ***files, size_t *nr, size_t *alloc)
{
	const char *p = cmd;

	while (*p) {
		size_t n;
		const char *arg = NULL;
		while (*p && dl_isspace((unsigned char)*p))
			p++;
		n = strcspn(p, " \t\r\n;&|");
		if ((n == 2 && memcmp(p, "-r", 2) == 0) ||
		    (n == 13 && memcmp(p, "--requirement", 13) == 0)) {
			p += n;
			while (*p == ' ' || *p == '\t')
				p++;
			arg = p;
			n = strcspn(p, " \t\r\n;&|");
		} else if (n > 14 && memcmp(p, "--requirement=", 14) == 0) {
			arg = p + 14;
			n -= 14;
		} else if (n > 2 && memcmp(p, "-r", 2) == 0 && p[2] != '-') {
			arg = p + 2;
			n -= 2;
		}
		if (arg && n) {
			char *t = dl_xstrndup(arg, n), *path;
			struct dl_file *f;
			size_t tl = strlen(t);
			if (tl >= 2 && (t[0] == '"' || t[0] == '\'') && t[tl - 1] == t[0]) {
				memmove(t, t + 1, tl - 2);
				t[tl - 2] = '\0';
			}
			path = dl_path_join(dir, t);
			f = dl_repo_find(repo, path);
			if (f && dl_file_lintable(f))
				add_file(files, nr, alloc, f);
			free(path);
			free(t);
			p = arg + n;
			continue;
		}
		p += n;
		if (*p)
			p++;
	}
}

static int
looks_dev_only(const char *path)
{
	static const char *const words[] = { "dev", "test", "lint", "doc", "local", "ci" };
	const char *base = dl_path_basename(path);
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(words); k++)
		if (strstr(base, words[k]))
			return 1;
	return 0;
}

/* The requirements files Render installs for a backend: those its
 * buildCommand names with -r, else its default requirements file, else the
 * requirements*.txt of its folder that do not look like dev/test files. */
static size_t
installed_files(struct dl_file ***out, struct dl_repo *repo, const struct dl_backend *be)
{
	struct dl_file **files = NULL;
	size_t nr = 0, alloc = 0, k;

	if (be->service_node) {
		const struct dl_yaml_node *bc = dl_yaml_get(be->service_node, "buildCommand");
		if (bc && bc->type == DL_YAML_SCALAR)
			command_requirements(repo, be->dir, bc->scalar, &files, &nr, &alloc);
	}
	if (!nr && be->requirements)
		add_file(&files, &nr, &alloc, be->requirements);
	if (!nr) {
		/* the paths that begin with dir/requirements follow each other */
		char *prefix = dl_path_join(be->dir, "requirements");
		size_t plen = strlen(prefix);
		for (k = dl_repo_prefix_start(repo, prefix);
		     k < repo->nr && !strncmp(repo->files[k].path, prefix, plen); k++) {
			struct dl_file *f = &repo->files[k];
			char *dir;
			if (!(f->kind == DL_KIND_REQUIREMENTS && dl_file_lintable(f)) || looks_dev_only(f->path))
				continue;
			dir = dl_path_dirname(f->path);
			if (strcmp(dir, be->dir) == 0 &&
			    strncmp(dl_path_basename(f->path), "requirements", 12) == 0)
				add_file(&files, &nr, &alloc, f);
			free(dir);
		}
		free(prefix);
	}
	*out = files;
	return nr;
}

/* The backend's dependency set: one requirements source per file its build
 * installs. */
static void
backend_deps(struct dl_model *m, const struct dl_backend *be, struct dl_model_deps *out)
{
	struct dl_file **files;
	size_t nr = installed_files(&files, m->repo, be), i;
	size_t size = (nr ? nr : 1) * sizeof(*out->sources); /* NOLINT(bugprone-sizeof-expression): an array of pointers */

	out->sources = dl_arena_alloc(&m->arena, size);
	for (i = 0; i < nr; i++)
		out->sources[out->nr++] = requirements_source(m, files[i]);
	free(files);
}

/* ---- build ------------------------------------------------------------------ */

static const void *
backend_doc(struct dl_file *f, void *payload)
{
	struct build *b = payload;
	return b->get(f, b->payload);
}

/* ---- environment variables and database URLs ------------------------------ */

static const char *
yaml_str(const struct dl_yaml_node *n)
{
	n = n ? dl_yaml_resolve(n) : NULL;
	return n && n->type == DL_YAML_SCALAR ? n->scalar : NULL;
}

static void
add_yaml_envs(struct dl_model *m, size_t *alloc, size_t bi, const struct dl_yaml_node *list,
	      enum dl_env_source src, size_t index)
{
	struct dl_model_blueprint *mb = &m->blueprints[bi];
	size_t i;

	list = list ? dl_yaml_resolve(list) : NULL;
	if (!list || list->type != DL_YAML_SEQUENCE)
		return;
	for (i = 0; i < list->items_nr && i < DL_MAX_YAML_NODES; i++) {
		const struct dl_yaml_node *it = dl_yaml_resolve(list->items[i]);
		const struct dl_yaml_node *v;
		struct dl_model_env *e;
		const char *key;

		if (!it || it->type != DL_YAML_MAPPING)
			continue;
		key = yaml_str(dl_yaml_get(it, "key"));
		v = dl_yaml_get(it, "value");
		if (!key || !v || v->type != DL_YAML_SCALAR)
			continue;
		DL_ALLOC_GROW(m->envs, m->envs_nr + 1, *alloc);
		e = &m->envs[m->envs_nr++];
		memset(e, 0, sizeof(*e));
		e->source = src;
		e->file = mb->bp.file;
		e->key = key;
		e->key_len = strlen(key);
		e->value = v->scalar;
		e->value_len = v->scalar_len;
		e->value_pos = v->start;
		e->quoted = v->style == DL_YAML_SINGLE_QUOTED || v->style == DL_YAML_DOUBLE_QUOTED;
		e->in_place = e->quoted || v->style == DL_YAML_PLAIN;
		e->blueprint = bi;
		e->service = src == DL_ENV_SRC_SERVICE ? index : SIZE_MAX;
		e->group = src == DL_ENV_SRC_GROUP ? index : SIZE_MAX;
		e->node = v;
	}
}

static void
add_dotenv_envs(struct dl_model *m, size_t *alloc, struct dl_file *f, const struct dl_dotenv *env)
{
	size_t i;

	for (i = 0; i < env->nr; i++) {
		const struct dl_env_binding *b = &env->bindings[i];
		struct dl_model_env *e;

		DL_ALLOC_GROW(m->envs, m->envs_nr + 1, *alloc);
		e = &m->envs[m->envs_nr++];
		memset(e, 0, sizeof(*e));
		e->source = DL_ENV_SRC_DOTENV;
		e->file = f;
		e->key = dl_arena_strndup(&m->arena, b->key, b->key_len);
		e->key_len = b->key_len;
		e->value = b->value;
		e->value_len = b->value_len;
		e->value_pos = b->value_pos;
		e->quoted = b->quote != DL_ENV_UNQUOTED;
		e->in_place = 1;
		e->blueprint = e->service = e->group = SIZE_MAX;
		e->binding = b;
	}
}

struct group_key {
	const char *name;
	size_t scope;
	size_t index;
};

static int
group_key_cmp(const void *a, const void *b)
{
	const struct group_key *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->scope < y->scope ? -1 : x->scope > y->scope;
}

/* Fills mb->group_services: sorted (name, scope) keys make every
 * fromGroup lookup a binary search, so the work is O(items log groups). */
static void
link_groups(struct dl_model *m, struct dl_model_blueprint *mb)
{
	const struct dl_blueprint *bp = &mb->bp;
	struct group_key *keys;
	size_t **lists, *alloc, i, j, n = 0;

	if (!bp->groups_nr)
		return;
	lists = dl_xcalloc(bp->groups_nr, sizeof(*lists)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	alloc = dl_xcalloc(bp->groups_nr, sizeof(*alloc));
	mb->group_services_nr = dl_arena_alloc(&m->arena, bp->groups_nr * sizeof(size_t));
	memset(mb->group_services_nr, 0, bp->groups_nr * sizeof(size_t));
	keys = dl_xmalloc(dl_st_mult(bp->groups_nr, sizeof(*keys)));
	for (i = 0; i < bp->groups_nr; i++)
		if (bp->groups[i].name_s) {
			keys[n].name = bp->groups[i].name_s;
			keys[n].scope = bp->groups[i].scope;
			keys[n].index = i;
			n++;
		}
	qsort(keys, n, sizeof(*keys), group_key_cmp);
	for (i = 0; i < bp->services_nr; i++) {
		const struct dl_yaml_node *list =
			bp->services[i].env_vars.node ? dl_yaml_resolve(bp->services[i].env_vars.node)
						      : NULL;
		if (!list || list->type != DL_YAML_SEQUENCE)
			continue;
		for (j = 0; j < list->items_nr; j++) {
			struct group_key want, *hit;
			size_t g, *nr;

			memset(&want, 0, sizeof(want));
			want.name = yaml_str(dl_yaml_get(list->items[j], "fromGroup"));
			if (!want.name)
				continue;
			want.scope = bp->services[i].scope;
			hit = n ? bsearch(&want, keys, n, sizeof(*keys), group_key_cmp) : NULL;
			if (!hit)
				continue;
			g = hit->index;
			nr = &mb->group_services_nr[g];
			if (*nr && lists[g][*nr - 1] == i)
				continue; /* the same group named twice */
			DL_ALLOC_GROW(lists[g], *nr + 1, alloc[g]);
			lists[g][(*nr)++] = i;
		}
	}
	mb->group_services = dl_arena_alloc(&m->arena, bp->groups_nr * sizeof(*mb->group_services));
	for (i = 0; i < bp->groups_nr; i++) {
		size_t *copy = NULL;
		if (mb->group_services_nr[i]) {
			copy = dl_arena_alloc(&m->arena, mb->group_services_nr[i] * sizeof(size_t));
			memcpy(copy, lists[i], mb->group_services_nr[i] * sizeof(size_t));
		}
		mb->group_services[i] = copy;
		free(lists[i]);
	}
	free(lists);
	free(alloc);
	free(keys);
}

/* Every variable of every render.yaml and .env file, in path order, and
 * the database URLs among them. */
static void
build_envs(struct build *b)
{
	struct dl_model *m = b->m;
	struct model_private *p = m->priv;
	struct dl_repo *repo = m->repo;
	size_t i, j, bi = 0, env_alloc = 0, url_alloc = 0;

	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];

		p->env_first[i] = m->envs_nr;
		if (f->kind == DL_KIND_RENDER_YAML) {
			while (bi < m->blueprints_nr && m->blueprints[bi].bp.file != f)
				bi++;
			if (bi < m->blueprints_nr && m->blueprints[bi].bp.root) {
				const struct dl_blueprint *bp = &m->blueprints[bi].bp;
				link_groups(m, &m->blueprints[bi]);
				for (j = 0; j < bp->services_nr; j++)
					add_yaml_envs(m, &env_alloc, bi, bp->services[j].env_vars.node,
						      DL_ENV_SRC_SERVICE, j);
				for (j = 0; j < bp->groups_nr; j++)
					add_yaml_envs(m, &env_alloc, bi, bp->groups[j].env_vars.node,
						      DL_ENV_SRC_GROUP, j);
			}
		} else if (f->kind == DL_KIND_DOTENV) {
			const struct dl_dotenv *env = b->get(f, b->payload);
			if (env)
				add_dotenv_envs(m, &env_alloc, f, env);
		}
		p->env_nr[i] = m->envs_nr - p->env_first[i];
	}
	for (i = 0; i < repo->nr; i++) {
		p->url_first[i] = m->dburls_nr;
		for (j = p->env_first[i]; j < p->env_first[i] + p->env_nr[i]; j++) {
			const struct dl_model_env *e = &m->envs[j];
			struct dl_model_dburl u;
			if (!e->value || dl_model_dburl_init(&u, e->file, NULL, e->key, e->value,
							     e->value_len, e->value_pos, e->quoted,
							     e->in_place) < 0)
				continue;
			u.origin = DL_DBURL_FROM_ENV;
			u.env = e;
			DL_ALLOC_GROW(m->dburls, m->dburls_nr + 1, url_alloc);
			m->dburls[m->dburls_nr++] = u;
		}
		p->url_nr[i] = m->dburls_nr - p->url_first[i];
	}
}

const struct dl_model_env *
dl_model_file_envs(const struct dl_model *m, const struct dl_file *f, size_t *nr)
{
	const struct model_private *p = m->priv;
	size_t i = (size_t)(f - m->repo->files);

	*nr = 0;
	if (!p || f < m->repo->files || i >= m->repo->nr || !p->env_nr[i])
		return NULL;
	*nr = p->env_nr[i];
	return &m->envs[p->env_first[i]];
}

const struct dl_model_dburl *
dl_model_file_dburls(const struct dl_model *m, const struct dl_file *f, size_t *nr)
{
	const struct model_private *p = m->priv;
	size_t i = (size_t)(f - m->repo->files);

	*nr = 0;
	if (!p || f < m->repo->files || i >= m->repo->nr || !p->url_nr[i])
		return NULL;
	*nr = p->url_nr[i];
	return &m->dburls[p->url_first[i]];
}

const size_t *
dl_model_env_services(const struct dl_model *m, const struct dl_model_env *e, size_t *one,
		      size_t *nr)
{
	const struct dl_model_blueprint *mb;

	*nr = 0;
	if (e->blueprint >= m->blueprints_nr)
		return NULL;
	if (e->service != SIZE_MAX) {
		*one = e->service;
		*nr = 1;
		return one;
	}
	mb = &m->blueprints[e->blueprint];
	if (e->group != SIZE_MAX && mb->group_services) {
		*nr = mb->group_services_nr[e->group];
		return mb->group_services[e->group];
	}
	return NULL;
}

/* Whether folder dir (a path, "" = root) holds a Python project: a
 * requirements*.txt folder backend, pyproject.toml or Pipfile. */
static int
python_folder(struct dl_model *m, const char *dir)
{
	static const char *const names[] = { "pyproject.toml", "Pipfile", "requirements.txt" };
	size_t k;
	for (k = 0; k < m->backends.nr; k++)
		if (!m->backends.items[k].service_node && !strcmp(m->backends.items[k].dir, dir))
			return 1;
	for (k = 0; k < DL_ARRAY_SIZE(names); k++) {
		char *p = dl_path_join(dir, names[k]);
		int found = dl_repo_find(m->repo, p) != NULL;
		free(p);
		if (found)
			return 1;
	}
	return 0;
}

/*
 * With no render.yaml in the repository (none at all, even one that does
 * not parse: a Blueprint says what is deployed), a `Dockerfile` at the
 * root or in a Python project's folder is what a Docker service created
 * in Render's dashboard builds (its default Dockerfile path is
 * ./Dockerfile in the root directory) when its final stage builds on a
 * python image and runs something (src/model/docker.c).
 */
static void
add_dashboard_dockers(struct dl_model *m)
{
	size_t i, alloc = 0;

	for (i = 0; i < m->repo->nr; i++)
		if (m->repo->files[i].kind == DL_KIND_RENDER_YAML)
			return;
	for (i = 0; i < m->repo->nr; i++) {
		struct dl_file *f = &m->repo->files[i];
		struct dl_model_docker *d;
		char *dir;
		int ok;

		if (strcmp(dl_path_basename(f->path), "Dockerfile") != 0)
			continue;
		dir = dl_path_dirname(f->path);
		ok = !*dir || python_folder(m, dir);
		free(dir);
		if (!ok || !(d = dl_model_docker_read_dashboard(m, f)))
			continue;
		DL_ALLOC_GROW(m->dashboard, m->dashboard_nr + 1, alloc);
		m->dashboard[m->dashboard_nr++] = d;
	}
}

void
dl_model_build(struct dl_model *m, struct dl_repo *repo, dl_model_doc_fn get, void *payload)
{
	struct model_private *p;
	size_t n = repo->nr ? repo->nr : 1, i, bp_alloc = 0, pf_alloc = 0;

	memset(m, 0, sizeof(*m));
	m->repo = repo;
	dl_arena_init(&m->arena);
	p = dl_xcalloc(1, sizeof(*p));
	m->priv = p;
	p->b.m = m;
	p->b.get = get;
	p->b.payload = payload;
	p->req_docs = dl_xcalloc(n, sizeof(*p->req_docs));
	p->sets = dl_xcalloc(n, sizeof(*p->sets));               /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	m->req_sources = dl_xcalloc(n, sizeof(*m->req_sources)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */

	/* Blueprints and their services' commands */
	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		const struct dl_yaml_doc *doc;
		if (f->kind != DL_KIND_RENDER_YAML)
			continue;
		doc = get(f, payload);
		if (doc)
			add_blueprint(&p->b, f, doc, &bp_alloc);
	}
	/* Procfiles */
	for (i = 0; i < repo->nr; i++)
		if (repo->files[i].kind == DL_KIND_PROCFILE)
			add_procfile(&p->b, &repo->files[i], &pf_alloc);
	add_dashboard_builds(&p->b);
	/* backends and their Python versions */
	dl_backends_build(&m->backends, repo, backend_doc, &p->b);
	/* Docker services created in the dashboard */
	add_dashboard_dockers(m);
	/* and what each installs */
	m->deps = dl_arena_alloc(&m->arena,
				 (m->backends.nr ? m->backends.nr : 1) * sizeof(*m->deps));
	m->projects = dl_arena_alloc(&m->arena, (m->backends.nr ? m->backends.nr : 1) *
							sizeof(*m->projects));
	for (i = 0; i < m->backends.nr; i++) {
		backend_deps(m, &m->backends.items[i], &m->deps[i]);
		/* pyproject, Poetry, uv and pipenv projects (project.c) */
		dl_model_project_deps(m, i, &m->deps[i]);
	}
	/* environment variables and database URLs */
	p->env_first = dl_xcalloc(n, sizeof(size_t));
	p->env_nr = dl_xcalloc(n, sizeof(size_t));
	p->url_first = dl_xcalloc(n, sizeof(size_t));
	p->url_nr = dl_xcalloc(n, sizeof(size_t));
	build_envs(&p->b);
}

const struct dl_model_deps *
dl_model_backend_deps(const struct dl_model *m, const struct dl_backend *be)
{
	if (be < m->backends.items || be >= m->backends.items + m->backends.nr)
		return NULL;
	return &m->deps[be - m->backends.items];
}

void
dl_model_release(struct dl_model *m)
{
	struct model_private *p = priv(m);
	size_t i;

	for (i = 0; i < m->blueprints_nr; i++)
		dl_blueprint_release(&m->blueprints[i].bp);
	free(m->blueprints);
	free(m->procfile);
	free(m->dashboard_builds);
	free(m->dashboard);
	dl_backends_release(&m->backends);
	if (p) {
		for (i = 0; i < m->repo->nr; i++)
			if (p->sets[i]) {
				dl_req_set_release(p->sets[i]);
				free(p->sets[i]);
			}
		free(p->sets);
		free(p->req_docs);
		free(p->env_first);
		free(p->env_nr);
		free(p->url_first);
		free(p->url_nr);
		dl_model_db_free(p->db);
		free(p);
	}
	free(m->req_sources);
	free(m->envs);
	free(m->dburls);
	dl_arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

const void *
dl_model_doc(struct dl_model *m, struct dl_file *f)
{
	struct build *b = &priv(m)->b;
	return b->get(f, b->payload);
}

struct dl_model_db **
dl_model_db_slot(struct dl_model *m)
{
	return &priv(m)->db;
}

const struct dl_dep_source *
dl_model_requirements(struct dl_model *m, struct dl_file *f)
{
	return requirements_source(m, f);
}

const struct dl_requirements *
dl_model_requirements_doc(struct dl_model *m, struct dl_file *f)
{
	return req_doc(f, &priv(m)->b);
}

const struct dl_model_service *
dl_model_service_of(const struct dl_model *m, const struct dl_bp_service *bs)
{
	size_t i;
	for (i = 0; i < m->blueprints_nr; i++) {
		const struct dl_model_blueprint *mb = &m->blueprints[i];
		if (mb->bp.services_nr && bs >= mb->bp.services &&
		    bs < mb->bp.services + mb->bp.services_nr)
			return &mb->services[bs - mb->bp.services];
	}
	return NULL;
}

void
dl_model_walk(struct dl_model *m, struct dl_deploy_cmd *cmd)
{
	walk(&priv(m)->b, cmd);
}
