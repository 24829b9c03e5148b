/*
 * deploylint: rules on pyproject, Poetry, uv and pipenv projects (issue
 * #15): REQ009-REQ014, PY007, PY008, and PARSE001 for the project files
 * the service model reads. Everything comes from the model's projects
 * (struct dl_model_project, src/model/project.c): the files of each
 * backend's folder, parsed once, and the tool its build installs with.
 */
#include <stdlib.h>
#include <string.h>

#include "deploylint/model.h"
#include "deploylint/pyversion.h"
#include "deploylint/toml.h"
#include "deploylint/util.h"
#include "rules/check.h"
#include "rules/data.h"

/* ---- shared ----------------------------------------------------------------- */

/* 1 the first time (rule, path, position) is seen, else 0; the key holds
 * the rule's compile-time id. */
static int
once(struct dl_strset *seen, enum dl_rule_id rule, const char *path, struct dl_pos pos)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	dl_strbuf_addf(&sb, "%u|%s|%u|%u", (unsigned)rule, path, pos.line, pos.col);
	return dl_strset_add(seen, dl_strbuf_detach(&sb, NULL));
}

static const char *
label(const struct dl_backend *be, struct dl_strbuf *sb)
{
	dl_strbuf_reset(sb);
	if (be->service)
		dl_strbuf_addf(sb, "service '%s'", be->service);
	else if (be->dir[0])
		dl_strbuf_addf(sb, "the backend in %s/", be->dir);
	else
		dl_strbuf_puts(sb, "this backend");
	return sb->buf;
}

/* The region of a TOML/JSON position, `len` bytes wide (at least 1). */
static struct dl_region
at(struct dl_pos p, size_t len)
{
	return dl_region_span(p.line, p.col, (unsigned)(len ? len : 1));
}

/* The region of word i of a step's command. */
static struct dl_region
word_region(const struct dl_model_step *s, size_t i)
{
	return dl_step_region(&s->visit, &s->call.cmd->argv[i]);
}

static size_t
find_word(const struct dl_model_step *s, const char *w)
{
	size_t i;
	for (i = 0; i < s->call.cmd->argc; i++)
		if (!strcmp(s->call.cmd->argv[i].text, w))
			return i;
	return 0;
}

/* The Poetry the service builds with is 2 or later: POETRY_VERSION unset
 * (Render's default since 2025-06-12 is 2.1.3) or naming 2 or later. */
static int
poetry_2(const struct dl_model_project *pj)
{
	const char *v = pj->poetry_version;
	if (!v)
		return 1;
	while (*v == ' ' || *v == 'v')
		v++;
	return !(v[0] == '0' || (v[0] == '1' && (v[1] == '.' || v[1] == '\0')));
}

/* The full version Render builds be with ("3.14.3"; a minor alone gets
 * its newest patch). */
static int
render_version(const struct dl_backend *be, struct dl_strbuf *text,
	       struct dl_pep440_version *out)
{
	int patch;
	if (be->eff.major < 0 || be->eff.minor < 0)
		return 0;
	patch = be->eff.patch >= 0 ? be->eff.patch : dl_pyver_latest_patch(be->eff.major, be->eff.minor);
	dl_strbuf_reset(text);
	dl_strbuf_addf(text, "%d.%d.%d", be->eff.major, be->eff.minor, patch >= 0 ? patch : 0);
	return dl_pep440_parse(out, text->buf, text->len) == 0;
}

/* Why Render builds with that version. */
static void
render_why(struct dl_strbuf *sb, const struct dl_backend *be)
{
	switch (be->eff_from) {
	case DL_PYEFF_ENV: dl_strbuf_puts(sb, "PYTHON_VERSION sets it"); break;
	case DL_PYEFF_FILE: dl_strbuf_puts(sb, ".python-version sets it"); break;
	case DL_PYEFF_DEFAULT:
		dl_strbuf_puts(sb, "Render's default for services created now, as no Python version is pinned");
		break;
	}
}

static void
related_python(struct dl_finding *f, const struct dl_backend *be)
{
	const struct dl_pysource *src = NULL;
	if (be->eff_from == DL_PYEFF_ENV)
		src = &be->src[DL_PYSRC_ENV];
	else if (be->eff_from == DL_PYEFF_FILE)
		src = &be->src[DL_PYSRC_FILE];
	if (f && src && src->file)
		dl_finding_add_related(f, src->file->path, src->region, "Python %d.%d is set here",
				       be->eff.major, be->eff.minor);
}

int
dl_pkg_newest_minor(const struct dl_pep440_specset *specs, int *major, int *minor)
{
	const char *text = dl_rule_data_get("python-versions.tsv");
	const char *cur = NULL;
	struct dl_data_row row;
	int found = 0;

	while (dl_data_next_row(text, &cur, &row)) {
		struct dl_pyver v;
		struct dl_pep440_version pv;
		struct dl_strbuf t = DL_STRBUF_INIT;
		int patch;
		if (!row.nr || dl_pyver_parse(&v, row.fields[0], row.lens[0]) < 0)
			continue;
		patch = dl_pyver_latest_patch(v.major, v.minor);
		dl_strbuf_addf(&t, "%d.%d.%d", v.major, v.minor, patch >= 0 ? patch : 0);
		if (dl_pep440_parse(&pv, t.buf, t.len) == 0 && dl_pep440_specset_admits(specs, &pv, 0)) {
			*major = v.major;
			*minor = v.minor;
			found = 1;
		}
		dl_strbuf_release(&t);
	}
	return found;
}

const char *
dl_pkg_python_range(struct dl_check_ctx *ctx, const struct dl_backend *be,
		    const struct dl_pep440_specset **specs)
{
	const struct dl_model_project *pj = dl_model_backend_project(dl_ctx_model(ctx), be);
	const struct dl_depsource *s;
	int k;
	static const int order[] = { DL_DEPSRC_PYPROJECT, DL_DEPSRC_PIPFILE };

	if (!pj)
		return NULL;
	for (k = 0; k < 2; k++) {
		s = pj->srcs[order[k]];
		if (s && !s->error.set && s->requires_python && !s->python_invalid &&
		    s->python_specs.nr) {
			*specs = &s->python_specs;
			return s->requires_python_written ? s->requires_python_written
							  : s->requires_python;
		}
	}
	return NULL;
}

/* ---- PARSE001 ---------------------------------------------------------------- */

static void
check_parse(struct dl_check_ctx *ctx, const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PARSE001);
	int k;
	for (k = DL_DEPSRC_PYPROJECT; k <= DL_DEPSRC_PIPFILE_LOCK; k++) {
		const struct dl_depsource *s = pj->srcs[k];
		if (!s || !s->error.set || !once(seen, DL_RULE_PARSE001, s->file, s->error.pos))
			continue;
		dl_report_add(ctx->report, rule, s->file, dl_region_at(s->error.pos, 0),
			      "%s cannot be read (%s): the build stops here; fix the file",
			      dl_path_basename(s->file), s->error.message);
	}
}

/* ---- REQ009: poetry install --no-dev ---------------------------------------- */

static void
check_req009(struct dl_check_ctx *ctx, const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_model_step *s = pj->no_dev_step;
	struct dl_region r;
	struct dl_finding *f;

	if (!s || !poetry_2(pj))
		return;
	r = word_region(s, find_word(s, "--no-dev"));
	if (!once(seen, DL_RULE_REQ009, s->visit.file->path, (struct dl_pos){ r.line, r.col }))
		return;
	f = dl_report_add(ctx->report, dl_rule_get(DL_RULE_REQ009), s->visit.file->path, r,
			  "`poetry install --no-dev` stops with 'The option \"--no-dev\" does not exist' on Poetry 2 (%s): use `--without dev` (or `--only main`)",
			  pj->poetry_version ? "POETRY_VERSION names it"
					     : "Render's default for services created since 2025-06-12 is 2.1.3");
	if (f && pj->poetry_version_node)
		dl_finding_add_related(f, s->visit.file->path,
				       dl_region_span(pj->poetry_version_node->start.line,
						      pj->poetry_version_node->start.col, 1),
				       "POETRY_VERSION is set here");
}

/* ---- REQ010: the package folder Poetry installs ----------------------------- */

/* Whether pyproject.toml's [tool.poetry] holds `packages` (its own list
 * of what to install: not judged). */
static int
poetry_packages(const struct dl_file *f)
{
	struct dl_arena a;
	struct dl_toml_doc doc;
	int has;
	dl_arena_init(&a);
	dl_toml_parse(&doc, &a, f->data, f->len);
	has = doc.root && dl_toml_get(dl_toml_get_path(doc.root, "tool", "poetry", (const char *)NULL),
				      "packages") != NULL;
	dl_arena_release(&a);
	return has;
}

static int
module_exists(struct dl_repo *repo, const char *dir, const char *mod)
{
	static const char *const where[] = { "", "src" };
	size_t k;
	int found = 0;
	for (k = 0; k < 2 && !found; k++) {
		char *base = dl_path_join(dir, where[k]);
		char *p = dl_path_join(base, mod);
		struct dl_strbuf py = DL_STRBUF_INIT;
		dl_strbuf_addf(&py, "%s.py", p);
		found = dl_repo_has_dir(repo, p) || dl_repo_find(repo, py.buf) != NULL;
		dl_strbuf_release(&py);
		free(p);
		free(base);
	}
	return found;
}

static void
check_req010(struct dl_check_ctx *ctx, const struct dl_backend *be,
	     const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_depsource *py = pj->srcs[DL_DEPSRC_PYPROJECT];
	struct dl_strbuf mod = DL_STRBUF_INIT;
	const char *p;
	struct dl_finding *f;
	struct dl_region r;

	if (pj->tool != DL_PKG_POETRY || !pj->install || pj->no_root || !poetry_2(pj) || !py ||
	    py->error.set || !py->has_poetry || py->package_mode == 0 || !py->project_name ||
	    poetry_packages(pj->files[DL_DEPSRC_PYPROJECT]))
		return;
	/* poetry-core's module name: lower case, '-' and '.' -> '_' */
	for (p = py->project_name; *p; p++)
		dl_strbuf_putc(&mod, *p == '-' || *p == '.' ? '_' : dl_tolower((unsigned char)*p));
	/* reported where the build stops: the `poetry install` step */
	r = word_region(pj->install, 0);
	if (!mod.len || module_exists(ctx->repo, be->dir, mod.buf) ||
	    !once(seen, DL_RULE_REQ010, pj->install->visit.file->path, (struct dl_pos){ r.line, r.col })) {
		dl_strbuf_release(&mod);
		return;
	}
	f = dl_report_add(ctx->report, dl_rule_get(DL_RULE_REQ010), pj->install->visit.file->path, r,
			  "`poetry install` installs the project itself, but no folder or module '%s' (or src/%s) exists for its name '%s', so it stops with 'No file/folder found for package %s': run `poetry install --no-root`, or set `package-mode = false` under [tool.poetry] (an application, not a library)",
			  mod.buf, mod.buf, py->project_name, py->project_name);
	if (f)
		dl_finding_add_related(f, py->file, at(py->project_name_pos, strlen(py->project_name) + 2),
				       "the project's name");
	dl_strbuf_release(&mod);
}

/* ---- REQ011 / REQ013 / REQ014: declared, not locked ------------------------- */

static int
in_lock(const struct dl_depsource *lock, const char *n)
{
	size_t i;
	for (i = 0; i < lock->nr; i++)
		if (!strcmp(lock->deps[i].normalised, n))
			return 1;
	return 0;
}

/* Every dependency of `decl` the lock does not hold, reported by `report`. */
static void
missing_from_lock(struct dl_check_ctx *ctx, const struct dl_depsource *decl,
		  const struct dl_depsource *lock, enum dl_rule_id id, enum dl_level level,
		  const char *consequence, struct dl_strset *seen)
{
	size_t i;
	const struct dl_rule *rule = dl_rule_get(id);

	for (i = 0; i < decl->nr; i++) {
		const struct dl_dependency *d = &decl->deps[i];
		if (d->section == DL_DEP_LOCKED || d->origin == DL_DEP_PATH ||
		    in_lock(lock, d->normalised) ||
		    !once(seen, id, decl->file, d->name_pos))
			continue;
		dl_report_add_level(ctx->report, rule, level, decl->file,
				    at(d->name_pos, strlen(d->name)),
				    "%s declares %s, but %s does not hold it: the lock is older than %s, and %s; update the lock and commit it",
				    dl_path_basename(decl->file), d->name, lock->file,
				    dl_path_basename(decl->file), consequence);
	}
}

static void
check_req011(struct dl_check_ctx *ctx, const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_depsource *py = pj->srcs[DL_DEPSRC_PYPROJECT],
				  *lock = pj->srcs[DL_DEPSRC_POETRY_LOCK];
	if (pj->tool != DL_PKG_POETRY || !py || py->error.set || !lock || lock->error.set)
		return;
	missing_from_lock(ctx, py, lock, DL_RULE_REQ011, DL_LEVEL_ERROR,
			  "`poetry install` stops with 'pyproject.toml changed significantly since poetry.lock was last generated. Run `poetry lock` to fix the lock file.' (run `poetry lock`)",
			  seen);
}

/* Spaces dropped: uv writes requires-python as ">=3.11, <3.13". */
static int
same_specifier(const char *a, const char *b)
{
	while (*a || *b) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return 0;
		if (*a)
			a++, b++;
	}
	return 1;
}

static void
check_req013(struct dl_check_ctx *ctx, const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_depsource *py = pj->srcs[DL_DEPSRC_PYPROJECT],
				  *lock = pj->srcs[DL_DEPSRC_UV_LOCK];
	const char *how;

	if (pj->tool != DL_PKG_UV_SYNC || !(pj->uv_locked || pj->uv_frozen) || !py ||
	    py->error.set || !py->has_project || !lock || lock->error.set)
		return;
	how = pj->uv_locked
		      ? "`uv sync --locked` stops with 'The lockfile at `uv.lock` needs to be updated, but `--locked` was provided' (run `uv lock`)"
		      : "`uv sync --frozen` installs the lock as it is, without it (run `uv lock`)";
	missing_from_lock(ctx, py, lock, DL_RULE_REQ013, DL_LEVEL_ERROR, how, seen);
	if (py->requires_python && lock->requires_python && !py->poetry_python &&
	    !same_specifier(py->requires_python, lock->requires_python) &&
	    once(seen, DL_RULE_REQ013, py->file, py->requires_python_pos)) {
		struct dl_finding *f = dl_report_add(
			ctx->report, dl_rule_get(DL_RULE_REQ013), py->file,
			at(py->requires_python_pos, strlen(py->requires_python_written ? py->requires_python_written : py->requires_python) + 2),
			"requires-python is '%s', but %s was locked for '%s': the lock is older than pyproject.toml, and %s; update the lock and commit it",
			py->requires_python, lock->file, lock->requires_python, how);
		if (f)
			dl_finding_add_related(f, lock->file, at(lock->requires_python_pos, 1),
					       "the lock's requires-python");
	}
}

static void
check_req014(struct dl_check_ctx *ctx, const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_depsource *pf = pj->srcs[DL_DEPSRC_PIPFILE],
				  *lock = pj->srcs[DL_DEPSRC_PIPFILE_LOCK];
	if (pj->tool != DL_PKG_PIPENV || !pf || pf->error.set || !lock || lock->error.set)
		return;
	missing_from_lock(ctx, pf, lock, DL_RULE_REQ014,
			  pj->pipenv_deploy ? DL_LEVEL_ERROR : DL_LEVEL_WARNING,
			  pj->pipenv_deploy
				  ? "`pipenv install --deploy` stops with 'Pipfile.lock is out of date' (run `pipenv lock`)"
				  : "`pipenv install` locks again on every build, so the versions Render installs are not the ones you tested (run `pipenv lock`)",
			  seen);
}

/* ---- REQ012: uv.lock outside the root directory ----------------------------- */

static void
check_req012(struct dl_check_ctx *ctx, const struct dl_backend *be,
	     const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_model_step *s = pj->uv_step;
	struct dl_file *elsewhere = NULL;
	struct dl_strbuf lb = DL_STRBUF_INIT, where = DL_STRBUF_INIT;
	struct dl_region r;
	size_t k;

	if (!s || pj->installs_uv || pj->files[DL_DEPSRC_UV_LOCK])
		return;
	for (k = 0; k < ctx->repo->nr && !elsewhere; k++)
		if (!strcmp(dl_path_basename(ctx->repo->files[k].path), "uv.lock"))
			elsewhere = &ctx->repo->files[k];
	r = word_region(s, 0);
	if (!once(seen, DL_RULE_REQ012, s->visit.file->path, (struct dl_pos){ r.line, r.col }))
		return;
	if (be->dir[0])
		dl_strbuf_addf(&where, "its root directory %s/", be->dir);
	else
		dl_strbuf_puts(&where, "the repository root (its root directory)");
	{
		struct dl_finding *f = dl_report_add(
			ctx->report, dl_rule_get(DL_RULE_REQ012), s->visit.file->path, r,
			"%s runs `uv`, but %s holds no uv.lock, so Render does not install uv and the build stops with 'uv: command not found': %s",
			label(be, &lb), where.buf,
			elsewhere ? "move uv.lock into the root directory (run `uv lock` there), or install uv first (`pip install uv && ...`)"
				  : "commit uv.lock (run `uv lock`) in the root directory, or install uv first (`pip install uv && ...`)");
		if (f && elsewhere)
			dl_finding_add_related(f, elsewhere->path, dl_region_span(1, 1, 0),
					       "a uv.lock outside the root directory");
	}
	dl_strbuf_release(&lb);
	dl_strbuf_release(&where);
}

/* ---- PY007: Poetry's python constraint -------------------------------------- */

static void
check_py007(struct dl_check_ctx *ctx, const struct dl_backend *be,
	    const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_depsource *py = pj->srcs[DL_DEPSRC_PYPROJECT];
	struct dl_pep440_specset specs;
	struct dl_pep440_version v;
	struct dl_strbuf text = DL_STRBUF_INIT, why = DL_STRBUF_INIT, lb = DL_STRBUF_INIT;
	struct dl_arena a;
	const char *constraint, *written;
	struct dl_pos pos;
	int major, minor;

	if (pj->tool != DL_PKG_POETRY || !py || py->error.set || !py->has_poetry)
		return;
	if (py->poetry_python) {
		constraint = py->poetry_python;
		pos = py->poetry_python_pos;
	} else if (!be->src[DL_PYSRC_PYPROJECT].present && py->requires_python) {
		/* no [project] requires-python: it is Poetry's python */
		constraint = py->requires_python;
		pos = py->requires_python_pos;
	} else {
		return; /* [project] requires-python: PY005 judges it */
	}
	if (!render_version(be, &text, &v))
		return;
	dl_arena_init(&a);
	if (dl_pep440_specset_parse(&specs, &a, constraint, strlen(constraint), NULL) == 0 &&
	    specs.nr && !dl_pep440_specset_admits(&specs, &v, 1) &&
	    once(seen, DL_RULE_PY007, py->file, pos)) {
		struct dl_finding *f;
		struct dl_strbuf fix = DL_STRBUF_INIT;
		written = py->poetry_python ? py->poetry_python : (py->requires_python_written ? py->requires_python_written : constraint);
		render_why(&why, be);
		if (dl_pkg_newest_minor(&specs, &major, &minor))
			dl_strbuf_addf(&fix, "pin a Python inside it (write %d.%d in .python-version)", major, minor);
		else
			dl_strbuf_puts(&fix, "widen it to a Python Render offers");
		f = dl_report_add(ctx->report, dl_rule_get(DL_RULE_PY007), py->file,
				  at(pos, strlen(written) + 2),
				  "Poetry's python constraint '%s' excludes Python %s, which Render builds %s with (%s): `poetry install` stops with 'The currently activated Python version %s is not supported by the project' and finds no other; %s",
				  constraint, text.buf, label(be, &lb), why.buf, text.buf, fix.buf);
		related_python(f, be);
		dl_strbuf_release(&fix);
	}
	dl_arena_release(&a);
	dl_strbuf_release(&text);
	dl_strbuf_release(&why);
	dl_strbuf_release(&lb);
}

/* ---- PY008: the Pipfile's Python ----------------------------------------------- */

static void
check_py008(struct dl_check_ctx *ctx, const struct dl_backend *be,
	    const struct dl_model_project *pj, struct dl_strset *seen)
{
	const struct dl_depsource *pf = pj->srcs[DL_DEPSRC_PIPFILE];
	struct dl_pep440_version v;
	struct dl_strbuf text = DL_STRBUF_INIT, why = DL_STRBUF_INIT, lb = DL_STRBUF_INIT;

	if (pj->tool != DL_PKG_PIPENV || !pf || pf->error.set || !pf->requires_python ||
	    pf->python_invalid || !pf->python_specs.nr || !render_version(be, &text, &v))
		goto out;
	if (!dl_pep440_specset_admits(&pf->python_specs, &v, 1) &&
	    once(seen, DL_RULE_PY008, pf->file, pf->requires_python_pos)) {
		struct dl_finding *f;
		const char *w = pf->requires_python_written ? pf->requires_python_written : pf->requires_python;
		render_why(&why, be);
		f = dl_report_add(ctx->report, dl_rule_get(DL_RULE_PY008), pf->file,
				  at(pf->requires_python_pos, strlen(w) + 2),
				  "the Pipfile requires Python %s, but Render builds %s with Python %s (%s): pipenv finds no such interpreter on the build machine and stops; make the Pipfile's [requires] and the Python you pin for Render (.python-version) agree",
				  w, label(be, &lb), text.buf, why.buf);
		related_python(f, be);
	}
out:
	dl_strbuf_release(&text);
	dl_strbuf_release(&why);
	dl_strbuf_release(&lb);
}

void
dl_check_pkg(struct dl_check_ctx *ctx)
{
	struct dl_model *m = dl_ctx_model(ctx);
	struct dl_strset seen;
	size_t k;
	int blueprint = 0;

	memset(&seen, 0, sizeof(seen));
	for (k = 0; k < m->backends.nr; k++)
		if (m->backends.items[k].service_node)
			blueprint = 1;
	for (k = 0; k < m->backends.nr; k++) {
		const struct dl_backend *be = &m->backends.items[k];
		const struct dl_model_project *pj = dl_model_backend_project(m, be);
		if (!pj || (blueprint && !be->service_node))
			continue;
		check_parse(ctx, pj, &seen);
		check_req009(ctx, pj, &seen);
		check_req010(ctx, be, pj, &seen);
		check_req011(ctx, pj, &seen);
		check_req012(ctx, be, pj, &seen);
		check_req013(ctx, pj, &seen);
		check_req014(ctx, pj, &seen);
		if (be->render_targeted || be->eff_from != DL_PYEFF_DEFAULT) {
			check_py007(ctx, be, pj, &seen);
			check_py008(ctx, be, pj, &seen);
		}
	}
	dl_check_docker_poetry(ctx); /* REQ009 in Dockerfiles (src/rules/docker.c) */
	dl_strset_release(&seen);
}
