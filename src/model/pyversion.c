/*
 * deploylint: Python backends (render.yaml services and requirements
 * folders), every place their Python version is set, and the version
 * Render builds them with.
 */
#include "deploylint/pyversion.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/depsource.h"
#include "deploylint/dockerfile.h"
#include "deploylint/reqset.h"
#include "deploylint/requirements.h"
#include "rules/data.h"

/* ---- versions ------------------------------------------------------------ */

static int
read_small(const char *s, size_t len, size_t *i, int *out)
{
	int v = 0;
	size_t start = *i;
	while (*i < len && dl_isdigit((unsigned char)s[*i])) {
		v = v * 10 + (s[*i] - '0');
		if (v >= 1000)
			return -1;
		(*i)++;
	}
	if (*i == start)
		return -1;
	*out = v;
	return 0;
}

int
dl_pyver_parse(struct dl_pyver *out, const char *s, size_t len)
{
	size_t i = 0;
	struct dl_pyver v = { -1, -1, -1 };

	if (read_small(s, len, &i, &v.major) < 0 || i >= len || s[i] != '.')
		return -1;
	i++;
	if (read_small(s, len, &i, &v.minor) < 0)
		return -1;
	if (i < len) {
		if (s[i] != '.')
			return -1;
		i++;
		if (read_small(s, len, &i, &v.patch) < 0 || i != len)
			return -1;
	}
	*out = v;
	return 0;
}

void
dl_pyver_format(struct dl_strbuf *sb, const struct dl_pyver *v)
{
	if (v->major < 0)
		return;
	dl_strbuf_addf(sb, "%d", v->major);
	if (v->minor >= 0)
		dl_strbuf_addf(sb, ".%d", v->minor);
	if (v->patch >= 0)
		dl_strbuf_addf(sb, ".%d", v->patch);
}

/* Reads "X.Y[.Z]" from the start of a field of a data row. */
static int
field_pyver(struct dl_pyver *out, const struct dl_data_row *row, size_t i)
{
	if (i >= row->nr)
		return -1;
	return dl_pyver_parse(out, row->fields[i], row->lens[i]);
}

struct dl_pyver
dl_pyver_render_default(void)
{
	const char *text = dl_rule_data_get("render-default-python.tsv");
	const char *cur = NULL;
	struct dl_data_row row;
	struct dl_pyver best = { -1, -1, -1 }, v;

	/* the newest row is the open-ended one ("-" until), else the last */
	while (dl_data_next_row(text, &cur, &row)) {
		if (field_pyver(&v, &row, 2) < 0)
			continue;
		best = v;
		if (dl_data_field_is(&row, 1, "-"))
			break;
	}
	return best;
}

int
dl_pyver_latest_patch(int major, int minor)
{
	const char *text = dl_rule_data_get("python-versions.tsv");
	const char *cur = NULL;
	struct dl_data_row row;
	struct dl_pyver v, p;

	while (dl_data_next_row(text, &cur, &row))
		if (field_pyver(&v, &row, 0) == 0 && v.major == major &&
		    v.minor == minor && field_pyver(&p, &row, 3) == 0)
			return p.patch;
	return -1;
}

const char *
dl_pysrc_name(enum dl_pysrc_kind kind)
{
	switch (kind) {
	case DL_PYSRC_ENV: return "PYTHON_VERSION";
	case DL_PYSRC_FILE: return ".python-version";
	case DL_PYSRC_RUNTIME_TXT: return "runtime.txt";
	case DL_PYSRC_PYPROJECT: return "pyproject.toml requires-python";
	case DL_PYSRC_DOCKERFILE: return "Dockerfile";
	case DL_PYSRC__COUNT: break;
	}
	return "?";
}

/* ---- pyproject.toml: [project] requires-python ----------------------------- */

int
dl_pyproject_requires_python(char **out, struct dl_pos *pos, const char *data,
			     size_t len)
{
	size_t i = 0;
	unsigned line = 0;
	int in_project = 0;

	while (i < len) {
		size_t start = i, end, k;
		line++;
		while (i < len && data[i] != '\n')
			i++;
		end = i;
		if (i < len)
			i++;
		k = start;
		while (k < end && dl_isblank((unsigned char)data[k]))
			k++;
		if (k < end && data[k] == '[') {
			/* a table header: [project] (white space allowed inside) */
			size_t a = k + 1, b;
			if (a < end && data[a] == '[') {
				in_project = 0; /* an array of tables */
				continue;
			}
			while (a < end && dl_isblank((unsigned char)data[a]))
				a++;
			b = a;
			while (b < end && data[b] != ']')
				b++;
			while (b > a && dl_isblank((unsigned char)data[b - 1]))
				b--;
			in_project = b - a == 7 && memcmp(data + a, "project", 7) == 0;
			continue;
		}
		if (!in_project)
			continue;
		{
			static const char key[] = "requires-python";
			size_t n = sizeof(key) - 1, q;
			char quote;
			/* the key, bare or as a basic string */
			if (k < end && data[k] == '"' && end - k > n + 1 &&
			    memcmp(data + k + 1, key, n) == 0 && data[k + 1 + n] == '"')
				k += n + 2;
			else if (end - k >= n && memcmp(data + k, key, n) == 0)
				k += n;
			else
				continue;
			while (k < end && dl_isblank((unsigned char)data[k]))
				k++;
			if (k >= end || data[k] != '=')
				continue;
			k++;
			while (k < end && dl_isblank((unsigned char)data[k]))
				k++;
			if (k >= end || (data[k] != '"' && data[k] != '\''))
				continue;
			quote = data[k];
			if (end - k >= 3 && data[k + 1] == quote && data[k + 2] == quote)
				continue; /* a multi-line string: not read */
			q = k + 1;
			while (q < end && data[q] != quote)
				q++;
			if (q >= end)
				continue;
			*out = dl_xstrndup(data + k + 1, q - k - 1);
			pos->line = line;
			pos->col = (unsigned)(k - start) + 1;
			return 1;
		}
	}
	return 0;
}

/* ---- backends -------------------------------------------------------------- */

static char *
normalise_dir(const char *raw)
{
	const char *p = raw;
	size_t n;
	char *joined;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	while (*p == '/')
		p++;
	n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;
	if (n == 1 && p[0] == '.')
		n = 0;
	{
		char *tmp = dl_xstrndup(p, n);
		joined = dl_path_join("", tmp);
		free(tmp);
	}
	return joined;
}

static const char *
scalar(const struct dl_yaml_node *n)
{
	n = n ? dl_yaml_resolve(n) : NULL;
	return n && n->type == DL_YAML_SCALAR ? n->scalar : NULL;
}

static struct dl_backend *
add_backend(struct dl_backends *b, const char *dir)
{
	struct dl_backend *be;
	size_t k;
	DL_ALLOC_GROW(b->items, b->nr + 1, b->alloc);
	be = &b->items[b->nr++];
	memset(be, 0, sizeof(*be));
	be->dir = dl_xstrdup(dir);
	for (k = 0; k < DL_PYSRC__COUNT; k++)
		be->src[k].version.major = be->src[k].version.minor =
			be->src[k].version.patch = -1;
	be->eff.major = be->eff.minor = be->eff.patch = -1;
	return be;
}

static struct dl_region
node_region(const struct dl_yaml_node *n)
{
	struct dl_region r = dl_region_span(n->start.line, n->start.col, 1);
	if (n->end.line == n->start.line && n->end.col > n->start.col)
		r.end_col = n->end.col;
	return r;
}

/* Finds `key: PYTHON_VERSION` in an envVars sequence; returns its value
 * node or NULL. */
static const struct dl_yaml_node *
env_python_version(const struct dl_yaml_node *env_vars)
{
	size_t k;
	env_vars = env_vars ? dl_yaml_resolve(env_vars) : NULL;
	if (!env_vars || env_vars->type != DL_YAML_SEQUENCE)
		return NULL;
	for (k = 0; k < env_vars->items_nr; k++) {
		const struct dl_yaml_node *it = dl_yaml_resolve(env_vars->items[k]);
		const char *key = scalar(dl_yaml_get(it, "key"));
		const struct dl_yaml_node *v;
		if (!key || strcmp(key, "PYTHON_VERSION") != 0)
			continue;
		v = dl_yaml_get(it, "value");
		if (v && v->type == DL_YAML_SCALAR)
			return v;
	}
	return NULL;
}

/* PYTHON_VERSION of a service: its own envVars, else a fromGroup group's
 * (groups looked up in `groups_scope`, the mapping holding envVarGroups). */
static const struct dl_yaml_node *
service_python_version(const struct dl_yaml_node *svc,
		       const struct dl_yaml_node *groups_scope)
{
	const struct dl_yaml_node *env = dl_yaml_get(svc, "envVars"), *v, *groups;
	size_t k, g;

	if ((v = env_python_version(env)))
		return v;
	env = env ? dl_yaml_resolve(env) : NULL;
	groups = dl_yaml_get(groups_scope, "envVarGroups");
	if (!env || env->type != DL_YAML_SEQUENCE || !groups ||
	    groups->type != DL_YAML_SEQUENCE)
		return NULL;
	for (k = 0; k < env->items_nr; k++) {
		const char *gname = scalar(dl_yaml_get(dl_yaml_resolve(env->items[k]), "fromGroup"));
		if (!gname)
			continue;
		for (g = 0; g < groups->items_nr; g++) {
			const struct dl_yaml_node *grp = dl_yaml_resolve(groups->items[g]);
			const char *name = scalar(dl_yaml_get(grp, "name"));
			if (name && strcmp(name, gname) == 0 &&
			    (v = env_python_version(dl_yaml_get(grp, "envVars"))))
				return v;
		}
	}
	return NULL;
}

static void
add_services(struct dl_backends *b, struct dl_file *f,
	     const struct dl_yaml_node *services, const struct dl_yaml_node *scope)
{
	size_t k;

	services = services ? dl_yaml_resolve(services) : NULL;
	if (!services || services->type != DL_YAML_SEQUENCE)
		return;
	for (k = 0; k < services->items_nr; k++) {
		const struct dl_yaml_node *svc = dl_yaml_resolve(services->items[k]);
		const char *type, *runtime, *root, *name;
		const struct dl_yaml_node *pv;
		struct dl_backend *be;
		char *dir;

		if (!svc || svc->type != DL_YAML_MAPPING)
			continue;
		type = scalar(dl_yaml_get(svc, "type"));
		runtime = scalar(dl_yaml_get(svc, "runtime"));
		if (!runtime)
			runtime = scalar(dl_yaml_get(svc, "env"));
		if (type && (strcmp(type, "keyvalue") == 0 || strcmp(type, "redis") == 0))
			continue;
		if (runtime && strcmp(runtime, "python") != 0 && strcmp(runtime, "docker") != 0)
			continue;
		root = scalar(dl_yaml_get(svc, "rootDir"));
		name = scalar(dl_yaml_get(svc, "name"));
		dir = normalise_dir(root ? root : "");
		be = add_backend(b, dir);
		free(dir);
		be->service = name ? dl_xstrdup(name) : NULL;
		be->render_yaml = f;
		be->service_node = svc;
		be->python = runtime ? strcmp(runtime, "python") == 0 : -1;
		be->docker = runtime && strcmp(runtime, "docker") == 0;
		be->render_targeted = 1;
		pv = service_python_version(svc, scope);
		if (pv) {
			struct dl_pysource *s = &be->src[DL_PYSRC_ENV];
			s->present = 1;
			s->file = f;
			s->region = node_region(pv);
			s->text = dl_xstrndup(pv->scalar, pv->scalar_len);
			s->yaml_plain = pv->style == DL_YAML_PLAIN;
		}
	}
}

/* The folder a requirements file belongs to: its own, or the parent of a
 * requirements/ folder; NULL when the name is not requirements-like. */
static char *
requirements_folder(const char *path)
{
	const char *base = dl_path_basename(path);
	char *dir = dl_path_dirname(path);

	if (strncmp(base, "requirements", 12) == 0)
		return dir;
	if (strcmp(dl_path_basename(dir), "requirements") == 0) {
		char *parent = dl_path_dirname(dir);
		free(dir);
		return parent;
	}
	free(dir);
	return NULL;
}

/* Whether `normalised` (a PEP 503 name) is a web framework or an
 * ASGI/WSGI server (rules/data/web-backend-packages.tsv). */
static int
web_package(const char *normalised)
{
	const char *text = dl_rule_data_get("web-backend-packages.tsv");
	const char *cur = NULL;
	struct dl_data_row row;

	while (dl_data_next_row(text, &cur, &row))
		if (dl_data_field_is(&row, 0, normalised))
			return 1;
	return 0;
}

/* Whether folder dir holds a script whose name says it is Render's build
 * (render-build.sh, render_build.sh, render/build.sh: the build command
 * set in the Dashboard, model.h dashboard_builds). */
static int
render_build_script(struct dl_repo *repo, const char *dir)
{
	static const char *const names[] = { "render-build.sh", "render_build.sh",
					     "render/build.sh" };
	size_t k;
	int found = 0;

	for (k = 0; k < DL_ARRAY_SIZE(names) && !found; k++) {
		char *p = dl_path_join(dir, names[k]);
		found = dl_repo_find(repo, p) != NULL;
		free(p);
	}
	return found;
}

/*
 * Whether f, a pyproject.toml or a Pipfile in a folder that holds no
 * requirements file, makes its folder a Python web backend: its main
 * dependencies ([project] dependencies, [tool.poetry.dependencies],
 * Pipfile [packages]) name a web framework or server, or the folder holds
 * a Render build script. A library's or a tool's project (neither) is not
 * deployed as a web service; a file that does not parse says nothing.
 */
static int
web_project(struct dl_repo *repo, struct dl_file *f)
{
	const char *base = dl_path_basename(f->path);
	enum dl_depsource_kind kind;
	struct dl_arena arena;
	struct dl_depsource src;
	size_t i;
	int web = 0;

	if (!strcmp(base, "pyproject.toml"))
		kind = DL_DEPSRC_PYPROJECT;
	else if (!strcmp(base, "Pipfile"))
		kind = DL_DEPSRC_PIPFILE;
	else
		return 0;
	if (!dl_file_lintable(f) || dl_repo_load(repo, f) < 0)
		return 0;
	{
		char *dir = dl_path_dirname(f->path);
		web = render_build_script(repo, dir);
		free(dir);
		if (web)
			return 1;
	}
	dl_arena_init(&arena);
	dl_depsource_read(&src, &arena, kind, f->path, f->data, f->len);
	for (i = 0; !src.error.set && i < src.nr && !web; i++)
		web = src.deps[i].section == DL_DEP_MAIN && web_package(src.deps[i].normalised);
	dl_arena_release(&arena);
	return web;
}

static int
ci_contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i, k;
	for (i = 0; i + n <= len; i++) {
		for (k = 0; k < n; k++) {
			int c = (unsigned char)hay[i + k];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (c != needle[k])
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

/* Whether the repository mentions Render in a shell script or a README. */
static int
mentions_render(struct dl_repo *repo)
{
	size_t k;
	for (k = 0; k < repo->nr; k++) {
		struct dl_file *f = &repo->files[k];
		const char *base = dl_path_basename(f->path);
		int readme = strncmp(base, "README", 6) == 0 || strncmp(base, "readme", 6) == 0;
		if (f->kind != DL_KIND_SHELL && !readme)
			continue;
		if (!dl_file_lintable(f) || dl_repo_load(repo, f) < 0)
			continue;
		if (f->kind == DL_KIND_SHELL && ci_contains(f->data, f->len, "render"))
			return 1;
		if (readme && (ci_contains(f->data, f->len, "render.com") ||
			       ci_contains(f->data, f->len, "onrender.com") ||
			       ci_contains(f->data, f->len, "render.yaml")))
			return 1;
	}
	return 0;
}

/* The file `name` in dir, else at the root; counts both. */
static struct dl_file *
find_near(struct dl_repo *repo, const char *dir, const char *name, int *also)
{
	char *p = dl_path_join(dir, name);
	struct dl_file *near = dl_repo_find(repo, p), *root = NULL;

	free(p);
	if (dir[0])
		root = dl_repo_find(repo, name);
	if (near && !dl_file_lintable(near))
		near = NULL;
	if (root && !dl_file_lintable(root))
		root = NULL;
	*also = near && root;
	return near ? near : root;
}

/* First line's token: the region of the first non-blank run of line 1. */
static struct dl_region
first_token(const struct dl_file *f, size_t *len_out)
{
	size_t a = 0, b;
	while (a < f->len && (f->data[a] == ' ' || f->data[a] == '\t'))
		a++;
	b = a;
	while (b < f->len && !dl_isspace((unsigned char)f->data[b]))
		b++;
	*len_out = b - a;
	return dl_region_span(1, (unsigned)a + 1, (unsigned)(b - a));
}

static void
read_text_source(struct dl_repo *repo, struct dl_pysource *s, struct dl_file *f,
		 int runtime_txt)
{
	size_t n;
	const char *t;
	struct dl_region r;

	if (dl_repo_load(repo, f) < 0)
		return;
	s->present = 1;
	s->file = f;
	r = first_token(f, &n);
	s->region = r;
	t = f->data + r.col - 1;
	s->text = dl_xstrndup(t, n);
	if (runtime_txt) {
		if (n > 7 && memcmp(t, "python-", 7) == 0)
			(void)dl_pyver_parse(&s->version, t + 7, n - 7);
		else
			s->version.major = -1;
	} else {
		(void)dl_pyver_parse(&s->version, t, n);
	}
}

/* The first FROM's image, [registry/][library/]python:X.Y[.Z][-suffix],
 * read as Docker reads it (src/parse/dockerfile.c: continuations, flags
 * such as --platform, global ARGs substituted). The region is the
 * version in the tag, or the whole image word when the tag comes from
 * an ARG. A python image whose tag names no X.Y (`python`, `python:slim`,
 * `python:3-alpine`, a digest) is present with an unset version: the
 * backend still runs in that image, whose Python Docker Hub's tag picks
 * (the newest release), not Render's native default. */
static void
read_dockerfile(struct dl_repo *repo, struct dl_pysource *s, struct dl_file *f)
{
	struct dl_arena arena;
	struct dl_dockerfile df;
	const struct dl_df_stage *st;
	const char *img, *name, *tag, *digest;
	size_t len, nl, tl, dgl, e = 0;
	struct dl_pyver v;

	if (dl_repo_load(repo, f) < 0)
		return;
	dl_arena_init(&arena);
	dl_dockerfile_parse(&df, &arena, f->data, f->len);
	if (!df.stages_nr || !(st = &df.stages[0])->image)
		goto out; /* only the first FROM names the base */
	img = st->image_expanded ? st->image_expanded : st->image->text;
	len = strlen(img);
	dl_dockerfile_image_split(img, len, &name, &nl, &tag, &tl, &digest, &dgl);
	if (nl != 6 || memcmp(name, "python", 6) != 0)
		goto out;
	while (tag && e < tl && (dl_isdigit((unsigned char)tag[e]) || tag[e] == '.'))
		e++;
	if (!tag || dl_pyver_parse(&v, tag, e) != 0) {
		s->present = 1;
		s->file = f;
		s->version.major = s->version.minor = s->version.patch = -1;
		s->text = tag ? dl_xstrndup(tag, tl) : dl_xstrdup("latest");
		s->region = dl_region_span(st->image->pos.line, st->image->pos.col,
					   (unsigned)st->image->len);
		goto out;
	}
	s->present = 1;
	s->file = f;
	s->version = v;
	s->from_arg = memchr(st->image->text, '$', st->image->len) != NULL;
	s->text = dl_xstrndup(tag, e);
	if (st->image->len == len && !memcmp(st->image->text, img, len))
		s->region = dl_region_span(st->image->pos.line,
					   st->image->pos.col + (unsigned)(tag - img), (unsigned)e);
	else
		s->region = dl_region_span(st->image->pos.line, st->image->pos.col,
					   (unsigned)st->image->len);
out:
	dl_arena_release(&arena);
}

static void
read_sources(struct dl_backends *b, struct dl_repo *repo, struct dl_backend *be)
{
	struct dl_file *f;
	int also;
	struct dl_pysource *s;

	s = &be->src[DL_PYSRC_FILE];
	if ((f = find_near(repo, be->dir, ".python-version", &also))) {
		read_text_source(repo, s, f, 0);
		s->shadowed_nr = also;
	}
	s = &be->src[DL_PYSRC_RUNTIME_TXT];
	if ((f = find_near(repo, be->dir, "runtime.txt", &also))) {
		read_text_source(repo, s, f, 1);
		s->shadowed_nr = also;
	}
	s = &be->src[DL_PYSRC_PYPROJECT];
	if ((f = find_near(repo, be->dir, "pyproject.toml", &also)) &&
	    dl_repo_load(repo, f) == 0) {
		char *rp = NULL;
		struct dl_pos pos;
		if (dl_pyproject_requires_python(&rp, &pos, f->data, f->len)) {
			s->present = 1;
			s->file = f;
			s->text = rp;
			s->region = dl_region_span(pos.line, pos.col,
						   (unsigned)strlen(rp) + 2);
			s->specs_valid = dl_pep440_specset_parse(&s->specs, &b->arena,
								 rp, strlen(rp), NULL) == 0;
		}
	}
	s = &be->src[DL_PYSRC_DOCKERFILE];
	{
		const char *dfp = be->service_node ? scalar(dl_yaml_get(be->service_node, "dockerfilePath")) : NULL;
		f = NULL;
		if (dfp) {
			/* relative to rootDir (files outside it are not in the
			 * build), else to the repository root */
			char *p = normalise_dir(dfp), *j = dl_path_join(be->dir, p);
			f = dl_repo_find(repo, j);
			if (!f)
				f = dl_repo_find(repo, p);
			free(j);
			free(p);
		}
		if (!f)
			f = find_near(repo, be->dir, "Dockerfile", &also);
		/* `docker build` takes a lowercase "dockerfile" when the
		 * folder has no "Dockerfile" (docker/cli build context,
		 * BuildKit's dockerfile frontend: moby/moby#10858) */
		if (!f || (be->dir[0] && !dl_path_is_under(f->path, be->dir))) {
			int also2;
			struct dl_file *lower = find_near(repo, be->dir, "dockerfile", &also2);
			if (lower && (!f || dl_path_is_under(lower->path, be->dir)))
				f = lower;
		}
		if (f && dl_file_lintable(f))
			read_dockerfile(repo, s, f);
	}
}

static void
resolve_effective(struct dl_backend *be)
{
	struct dl_pysource *env = &be->src[DL_PYSRC_ENV], *file = &be->src[DL_PYSRC_FILE];

	if (env->present) {
		const char *t = env->text;
		size_t n = strlen(t);
		/* read what the value names even when Render would refuse it */
		while (n && dl_isspace((unsigned char)t[n - 1]))
			n--;
		while (n && dl_isspace((unsigned char)*t))
			t++, n--;
		if (n > 7 && (memcmp(t, "python-", 7) == 0 || memcmp(t, "Python-", 7) == 0))
			t += 7, n -= 7;
		if (dl_pyver_parse(&env->version, t, n) < 0)
			env->version.major = -1;
		if (env->version.major >= 0) {
			be->eff_from = DL_PYEFF_ENV;
			be->eff = env->version;
			return;
		}
	}
	if (file->present && file->version.major >= 0) {
		be->eff_from = DL_PYEFF_FILE;
		be->eff = file->version;
		return;
	}
	be->eff_from = DL_PYEFF_DEFAULT;
	be->eff = dl_pyver_render_default();
}

void
dl_backends_build(struct dl_backends *out, struct dl_repo *repo, dl_doc_fn get,
		  void *payload)
{
	size_t k, services_nr, j;
	int blueprint = 0, targeted, pass;

	memset(out, 0, sizeof(*out));
	dl_arena_init(&out->arena);
	for (k = 0; k < repo->nr; k++) {
		struct dl_file *f = &repo->files[k];
		const struct dl_yaml_doc *doc;
		const struct dl_yaml_node *root, *projects;

		if (f->kind != DL_KIND_RENDER_YAML || !get)
			continue;
		doc = get(f, payload);
		if (!doc || !doc->root)
			continue;
		blueprint = 1;
		if (doc->error.set)
			continue; /* Render cannot read it: no services (PARSE001) */
		root = dl_yaml_resolve(doc->root);
		add_services(out, f, dl_yaml_get(root, "services"), root);
		projects = dl_yaml_get(root, "projects");
		if (projects && projects->type == DL_YAML_SEQUENCE) {
			for (j = 0; j < projects->items_nr; j++) {
				const struct dl_yaml_node *envs =
					dl_yaml_get(dl_yaml_resolve(projects->items[j]), "environments");
				size_t e;
				if (!envs || envs->type != DL_YAML_SEQUENCE)
					continue;
				for (e = 0; e < envs->items_nr; e++) {
					const struct dl_yaml_node *env = dl_yaml_resolve(envs->items[e]);
					add_services(out, f, dl_yaml_get(env, "services"), env);
				}
			}
		}
	}
	services_nr = out->nr;
	targeted = blueprint || mentions_render(repo);
	/* folders holding requirements files, outside every service's dir;
	 * then folders holding only a pyproject.toml or a Pipfile of a web
	 * project (web_project) */
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < repo->nr; k++) {
			struct dl_file *f = &repo->files[k];
			char *dir;
			int covered = 0;

			if (pass == 0) {
				if (f->kind != DL_KIND_REQUIREMENTS || !dl_file_lintable(f))
					continue;
				if (!(dir = requirements_folder(f->path)))
					continue;
			} else {
				const char *base = dl_path_basename(f->path);
				if (strcmp(base, "pyproject.toml") && strcmp(base, "Pipfile"))
					continue;
				dir = dl_path_dirname(f->path);
			}
			for (j = 0; j < out->nr && !covered; j++)
				covered = j < services_nr ? dl_path_is_under(dir, out->items[j].dir)
							  : strcmp(dir, out->items[j].dir) == 0;
			if (!covered && pass == 1 && !web_project(repo, f))
				covered = 1;
			if (!covered) {
				struct dl_backend *be = add_backend(out, dir);
				be->python = 1;
				be->render_targeted = targeted;
				if (pass == 1)
					be->project = f;
			}
			free(dir);
		}
	}
	for (k = 0; k < out->nr; k++) {
		struct dl_backend *be = &out->items[k];
		be->requirements = dl_requirements_default(repo, be->dir);
		if (be->python < 0)
			be->python = be->requirements != NULL;
		read_sources(out, repo, be);
		/* no Blueprint names this folder, and its Dockerfile builds
		 * from a python image: it is deployed from that image, whose
		 * Python is FROM's, not Render's native default; the
		 * Python-version rules judge it as a Docker service */
		if (!be->service_node && be->src[DL_PYSRC_DOCKERFILE].present)
			be->docker = 1;
		resolve_effective(be);
	}
}

void
dl_backends_release(struct dl_backends *b)
{
	size_t k, s;
	for (k = 0; k < b->nr; k++) {
		free(b->items[k].dir);
		free(b->items[k].service);
		for (s = 0; s < DL_PYSRC__COUNT; s++)
			free(b->items[k].src[s].text);
	}
	free(b->items);
	dl_arena_release(&b->arena);
	memset(b, 0, sizeof(*b));
}

const struct dl_backend *
dl_backends_for_path(const struct dl_backends *b, const char *path)
{
	const struct dl_backend *best = NULL;
	size_t k;

	for (k = 0; k < b->nr; k++) {
		const struct dl_backend *be = &b->items[k];
		if (!dl_path_is_under(path, be->dir))
			continue;
		if (!best || strlen(be->dir) > strlen(best->dir))
			best = be;
	}
	return best;
}
