/*
 * deploylint: the PY family's rules on the application's imports (PY010,
 * PY011). The read pass tokenizes every Python module once (visitor
 * "py-imports", with the one tokenizer deploylint/pytok.h) and keeps the
 * imports these rules judge; the family then weighs them against the
 * backend's Python version and dependency set from the service model.
 *
 * PY010: a module the standard library removed in the Python the backend
 * builds with (rules/data/removed-stdlib-modules.tsv), unless a package
 * that provides it again is installed.
 * PY011: `from pydantic import BaseSettings` (or `pydantic.BaseSettings`)
 * while the backend's pydantic resolves to 2.x.
 */
#include "rules/check.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/hashmap.h"
#include "deploylint/model.h"
#include "deploylint/pep440.h"
#include "deploylint/pytok.h"
#include "deploylint/pyversion.h"
#include "deploylint/util.h"
#include "rules/data.h"

/* ---- the visitor ------------------------------------------------------- */

enum imp_kind {
	IMP_REMOVED = 0, /* a module of removed-stdlib-modules.tsv */
	IMP_BASESETTINGS /* pydantic's BaseSettings */
};

struct imp {
	enum imp_kind kind;
	char *name;         /* the top-level module, whole (malloc'd) */
	unsigned line, col; /* of the name */
	unsigned len;       /* bytes of the dotted name as written */
	int guarded;        /* inside try/except/if/else: a fallback or a
			     * version check may handle it */
};

struct imps {
	struct imp *v;
	size_t nr, alloc;
};

/* The removed-modules table as a set of its module names, built once:
 * the rows (pointing into the embedded text) and a map from name to row. */
static struct {
	struct dl_data_row rows[64];
	size_t nr;
	struct dl_hashmap names; /* module name -> index into rows */
} removed;
static pthread_once_t removed_once = PTHREAD_ONCE_INIT;

static void
removed_build(void)
{
	const char *text = dl_rule_data_get("removed-stdlib-modules.tsv"), *cur = NULL;
	struct dl_data_row row;

	dl_hashmap_init(&removed.names, 0);
	while (text && dl_data_next_row(text, &cur, &row)) {
		if (row.nr < 5 || !row.lens[0] || removed.nr == DL_ARRAY_SIZE(removed.rows))
			continue;
		if (dl_hashmap_add(&removed.names, row.fields[0], row.lens[0],
				   DL_HASHMAP_VAL(removed.nr)) == 1)
			removed.rows[removed.nr++] = row;
	}
}

/* The row of `name` in the removed-modules table: fields of the row, or 0
 * when the table does not name it. Safe on any thread. */
static int
removed_row(const char *name, size_t len, struct dl_data_row *out)
{
	void *v;

	pthread_once(&removed_once, removed_build);
	if (!dl_hashmap_get(&removed.names, name, len, &v))
		return 0;
	if (out)
		*out = removed.rows[DL_HASHMAP_IDX(v)];
	return 1;
}

/* Paths that are not the application's own modules: vendored trees,
 * installed packages, tests, documentation, build scripts. */
static int
foreign_path(const char *path)
{
	static const char *const dirs[] = {
		"vendor", "vendored", "_vendor", "third_party", "thirdparty",
		"site-packages", "dist-packages", "node_modules", "tests", "test",
		"docs", "examples", ".venv", "venv"
	};
	const char *b = dl_path_basename(path), *p = path;
	size_t i;

	if (!strncmp(b, "test_", 5) || !strcmp(b, "conftest.py") || !strcmp(b, "setup.py") ||
	    !strcmp(b, "noxfile.py") || !strcmp(b, "fabfile.py"))
		return 1;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (p[n] != '/')
			break;
		for (i = 0; i < DL_ARRAY_SIZE(dirs); i++)
			if (strlen(dirs[i]) == n && !memcmp(p, dirs[i], n))
				return 1;
		p += n + 1;
	}
	return 0;
}

static int
imports_wants(const struct dl_file *f)
{
	return (f->kind == DL_KIND_PYTHON || f->kind == DL_KIND_ALEMBIC_ENV_PY) &&
	       !foreign_path(f->path);
}

static int
imports_active(const struct dl_repo *repo)
{
	(void)repo;
	return 1;
}

static int
tok_is(const char *d, const struct dl_pytoken *t, const char *s)
{
	size_t n = strlen(s);
	return t->end - t->start == n && !memcmp(d + t->start, s, n);
}

static void
imps_add(struct imps *out, enum imp_kind kind, const char *d, const struct dl_pytoken *first,
	 size_t end, int guarded)
{
	struct imp *m;
	size_t n = first->end - first->start;

	DL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	m = &out->v[out->nr++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->name = dl_xstrndup(d + first->start, n);
	m->line = first->line;
	m->col = first->col;
	m->len = (unsigned)(end - first->start);
	m->guarded = guarded;
}

/* Most nested blocks followed for guards. */
#define MAX_BLOCKS 64

/*
 * Walks the module's statements with the tokenizer: `import a.b, c` and
 * `from a.b import x, y` at any depth (a function's imports fail when it
 * runs), with whether a try/except/if/elif/else block encloses them.
 * Relative imports are the application's own and are skipped.
 */
static void *
imports_visit(const struct dl_file *f, const char *data, size_t len, unsigned features)
{
	struct imps *out = dl_xcalloc(1, sizeof(*out));
	struct dl_pytok tz;
	struct dl_pytoken t;
	unsigned block_col[MAX_BLOCKS];
	int block_guard[MAX_BLOCKS];
	size_t blocks = 0, k;
	int line_start = 1, stmt_start = 1, line_guard = 0, header = 0, pydantic_mod = 0;
	enum {
		NONE,
		IMPORT,
		FROM_MOD,
		FROM_NAMES
	} state = NONE;
	struct dl_pytoken first = { 0 };
	int from_pydantic = 0, after_as = 0, in_dotted = 0;
	struct dl_pytoken prev = { 0 }, prev2 = { 0 };

	(void)f;
	(void)features;
	dl_pytok_init(&tz, data, len);
	for (;;) {
		dl_pytok_next(&tz, &t);
		if (t.kind == DL_PYTOK_ENDMARKER)
			break;
		if (t.kind == DL_PYTOK_COMMENT || t.kind == DL_PYTOK_NL)
			continue;
		if (t.kind == DL_PYTOK_NEWLINE) {
			/* a compound statement's header ending in ':' opens a
			 * block on the next lines */
			if (header && prev.kind == DL_PYTOK_OP && tok_is(data, &prev, ":") &&
			    blocks < MAX_BLOCKS) {
				block_col[blocks] = first.col;
				block_guard[blocks] = line_guard;
				blocks++;
			}
			line_start = stmt_start = 1;
			state = NONE;
			header = line_guard = 0;
			prev.kind = DL_PYTOK_NEWLINE;
			continue;
		}
		if (line_start) {
			/* leave the blocks this line is not inside */
			while (blocks && block_col[blocks - 1] >= t.col)
				blocks--;
			first = t;
			line_start = 0;
			header = t.kind == DL_PYTOK_NAME &&
				 (tok_is(data, &t, "try") || tok_is(data, &t, "except") ||
				  tok_is(data, &t, "if") || tok_is(data, &t, "elif") ||
				  tok_is(data, &t, "else") || tok_is(data, &t, "finally") ||
				  tok_is(data, &t, "def") || tok_is(data, &t, "class") ||
				  tok_is(data, &t, "for") || tok_is(data, &t, "while") ||
				  tok_is(data, &t, "with") || tok_is(data, &t, "async"));
			line_guard = t.kind == DL_PYTOK_NAME &&
				     (tok_is(data, &t, "try") || tok_is(data, &t, "except") ||
				      tok_is(data, &t, "if") || tok_is(data, &t, "elif") ||
				      tok_is(data, &t, "else"));
		}
		{
			/* inside a try/except/if/else block, or after the ':' of
			 * such a header on its own line (`try: import x`) */
			int guarded = line_guard && t.start != first.start;
			for (k = 0; k < blocks && !guarded; k++)
				guarded = block_guard[k];

			if (stmt_start && t.kind == DL_PYTOK_NAME && t.depth == 0) {
				if (tok_is(data, &t, "import")) {
					state = IMPORT;
					in_dotted = 0;
					after_as = 0;
					stmt_start = 0;
					prev2 = prev;
					prev = t;
					continue;
				}
				if (tok_is(data, &t, "from")) {
					state = FROM_MOD;
					in_dotted = 0;
					from_pydantic = 0;
					stmt_start = 0;
					prev2 = prev;
					prev = t;
					continue;
				}
			}
			if (t.kind == DL_PYTOK_OP && t.depth == 0 &&
			    (tok_is(data, &t, ";") || (header && tok_is(data, &t, ":")))) {
				stmt_start = 1;
				state = NONE;
				prev2 = prev;
				prev = t;
				continue;
			}
			stmt_start = 0;
			switch (state) {
			case IMPORT:
				if (t.kind == DL_PYTOK_NAME && tok_is(data, &t, "as")) {
					after_as = 1;
				} else if (t.kind == DL_PYTOK_OP && tok_is(data, &t, ",")) {
					after_as = 0;
					in_dotted = 0;
				} else if (t.kind == DL_PYTOK_NAME && !after_as && !in_dotted) {
					struct dl_data_row row;
					in_dotted = 1;
					if (tok_is(data, &t, "pydantic"))
						pydantic_mod = 1;
					if (removed_row(data + t.start, t.end - t.start, &row))
						imps_add(out, IMP_REMOVED, data, &t, t.end, guarded);
				}
				break;
			case FROM_MOD:
				if (t.kind == DL_PYTOK_OP && (tok_is(data, &t, ".") || tok_is(data, &t, "..."))) {
					if (!in_dotted) {
						state = NONE; /* relative import */
						break;
					}
				} else if (t.kind == DL_PYTOK_NAME && tok_is(data, &t, "import")) {
					state = FROM_NAMES;
					after_as = 0;
				} else if (t.kind == DL_PYTOK_NAME && !in_dotted) {
					struct dl_data_row row;
					in_dotted = 1;
					from_pydantic = tok_is(data, &t, "pydantic");
					if (removed_row(data + t.start, t.end - t.start, &row))
						imps_add(out, IMP_REMOVED, data, &t, t.end, guarded);
				} else if (t.kind == DL_PYTOK_NAME) {
					/* pydantic.v1 and the like: not the top level */
					from_pydantic = 0;
				}
				break;
			case FROM_NAMES:
				if (t.kind == DL_PYTOK_NAME && tok_is(data, &t, "as")) {
					after_as = 1;
				} else if (t.kind == DL_PYTOK_OP && tok_is(data, &t, ",")) {
					after_as = 0;
				} else if (t.kind == DL_PYTOK_NAME && !after_as && from_pydantic &&
					   tok_is(data, &t, "BaseSettings")) {
					imps_add(out, IMP_BASESETTINGS, data, &t, t.end, guarded);
				}
				break;
			case NONE:
				/* pydantic.BaseSettings after `import pydantic` */
				if (pydantic_mod && t.kind == DL_PYTOK_NAME &&
				    tok_is(data, &t, "BaseSettings") && prev.kind == DL_PYTOK_OP &&
				    tok_is(data, &prev, ".") && prev2.kind == DL_PYTOK_NAME &&
				    tok_is(data, &prev2, "pydantic"))
					imps_add(out, IMP_BASESETTINGS, data, &t, t.end, guarded);
				break;
			}
		}
		prev2 = prev;
		prev = t;
	}
	if (!out->nr) {
		free(out->v);
		free(out);
		return NULL;
	}
	return out;
}

static void
imports_release(void *p)
{
	struct imps *m = p;
	size_t i;
	for (i = 0; i < m->nr; i++)
		free(m->v[i].name);
	free(m->v);
	free(m);
}

/* Only a file whose bytes hold a removed module's name as a whole
 * identifier, or "basesettings", can yield an import the rules judge
 * (every NAME token is such an occurrence): the secret scan's keyword
 * pass notes both, and no other file is tokenized. */
const struct dl_visitor dl_py_imports = {
	"py-imports", "PY01", imports_active, imports_wants,
	DL_FEAT_PY_REMOVED | DL_FEAT_BASESETTINGS, imports_visit, imports_release
};

/* ---- the backend's dependencies ---------------------------------------- */

/* The dependency named `name` (PEP 503) of backend be, or NULL. */
static const struct dl_dep *
find_dep(const struct dl_model_deps *deps, const char *name)
{
	size_t i, j;
	for (i = 0; deps && i < deps->nr; i++)
		for (j = 0; j < deps->sources[i]->deps_nr; j++) {
			const struct dl_dep *d = &deps->sources[i]->deps[j];
			if (!d->constraint && d->name && !strcmp(d->name, name))
				return d;
		}
	return NULL;
}

/* Whether the dependency installs major version `major` or later: a lock's
 * resolved version, else a specifier that admits such a release (pip
 * installs the newest release the specifier admits). */
static int
dep_reaches(const struct dl_dep *d, int major, int minor)
{
	struct dl_pep440_version v;
	size_t k;

	if (d->version && dl_pep440_parse(&v, d->version, strlen(d->version)) == 0)
		return v.release_nr && (v.release[0] > (unsigned long long)major ||
					(v.release[0] == (unsigned long long)major &&
					 (v.release_nr < 2 ? 0 : v.release[1]) >= (unsigned long long)minor));
	if (!d->req)
		return 0;
	if (!d->req->specs.nr)
		return 1;
	/* a far release of the major, and each version the specifier names
	 * with its next patch */
	memset(&v, 0, sizeof(v));
	v.release_nr = 3;
	v.release[0] = (unsigned long long)major;
	v.release[1] = 999;
	v.release[2] = 0;
	v.pre = DL_PEP440_PRE_NONE;
	if (dl_pep440_specset_admits(&d->req->specs, &v, 0))
		return 1;
	for (k = 0; k < d->req->specs.nr; k++) {
		struct dl_pep440_version c = d->req->specs.items[k].version;
		if (!c.release_nr || c.release[0] != (unsigned long long)major ||
		    (c.release_nr > 1 && c.release[1] < (unsigned long long)minor))
			continue;
		if (dl_pep440_specset_admits(&d->req->specs, &c, 0))
			return 1;
		while (c.release_nr < 3)
			c.release[c.release_nr++] = 0;
		c.release[c.release_nr - 1]++;
		if (dl_pep440_specset_admits(&d->req->specs, &c, 0))
			return 1;
	}
	return 0;
}

/* ---- PY010 ------------------------------------------------------------- */

/* Whether a dependency of be provides the module again (the table's
 * backports column, comma-separated). Sets *which to its name. */
static const struct dl_dep *
backport_installed(const struct dl_model_deps *deps, const struct dl_data_row *row)
{
	const char *p = row->fields[3], *end = p + row->lens[3];
	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		size_t n = (size_t)((c ? c : end) - p);
		char name[64];
		if (n && n < sizeof(name) && !(n == 1 && *p == '-')) {
			const struct dl_dep *d;
			memcpy(name, p, n);
			name[n] = '\0';
			if ((d = find_dep(deps, name)) != NULL)
				return d;
		}
		p += n + 1;
	}
	return NULL;
}

static void
put_field(struct dl_strbuf *sb, const struct dl_data_row *row, size_t i)
{
	dl_strbuf_put(sb, row->fields[i], row->lens[i]);
}

static void
check_removed(struct dl_check_ctx *ctx, const struct dl_file *f, const struct imp *m,
	      const struct dl_backend *be, const struct dl_model_deps *deps)
{
	struct dl_data_row row;
	struct dl_pyver rm;
	struct dl_strbuf msg = DL_STRBUF_INIT;
	struct dl_finding *fi;

	if (m->guarded || !removed_row(m->name, strlen(m->name), &row) ||
	    dl_pyver_parse(&rm, row.fields[1], row.lens[1]) < 0)
		return;
	if (be->eff.major != rm.major || be->eff.minor < rm.minor)
		return;
	if (backport_installed(deps, &row))
		return;
	dl_strbuf_addf(&msg, "`%s` was removed from the standard library in Python ", m->name);
	put_field(&msg, &row, 1);
	dl_strbuf_addf(&msg, " and %s builds with Python %d.%d%s, so this import fails with \"ModuleNotFoundError: No module named '%s'\": %s",
		       be->service ? "this service" : "this backend", be->eff.major, be->eff.minor,
		       be->eff_from == DL_PYEFF_DEFAULT ? " (Render's default: no version is pinned)" : "",
		       m->name, dl_data_field_is(&row, 2, "-") ? "" : "use ");
	if (!dl_data_field_is(&row, 2, "-"))
		put_field(&msg, &row, 2);
	if (!dl_data_field_is(&row, 3, "-")) {
		size_t j;
		dl_strbuf_puts(&msg, dl_data_field_is(&row, 2, "-") ? "install " : ", or install ");
		for (j = 0; j < row.lens[3]; j++) {
			if (row.fields[3][j] == ',')
				dl_strbuf_puts(&msg, " or ");
			else
				dl_strbuf_putc(&msg, row.fields[3][j]);
		}
		dl_strbuf_puts(&msg, ", which provides it again");
	}
	fi = dl_report_add(ctx->report, dl_rule_get(DL_RULE_PY010), f->path,
			   dl_region_span(m->line, m->col, m->len), "%s", msg.buf);
	if (fi) {
		const struct dl_pysource *src = be->eff_from == DL_PYEFF_ENV    ? &be->src[DL_PYSRC_ENV]
						: be->eff_from == DL_PYEFF_FILE ? &be->src[DL_PYSRC_FILE]
										: NULL;
		if (src && src->file)
			dl_finding_add_related(fi, src->file->path, src->region,
					       "Python %d.%d is set here", be->eff.major, be->eff.minor);
	}
	dl_strbuf_release(&msg);
}

/* ---- PY011 ------------------------------------------------------------- */

/* Whether the backend's pydantic resolves to 2.x; *why names the
 * dependency that says so. */
static const struct dl_dep *
pydantic_v2(const struct dl_model_deps *deps, const char **why)
{
	const struct dl_dep *d = find_dep(deps, "pydantic");
	if (d) {
		*why = "pydantic";
		return dep_reaches(d, 2, 0) ? d : NULL;
	}
	/* pydantic-settings needs pydantic 2; FastAPI 0.100.0 and later
	 * accept pydantic 2, so pip installs the newest, a 2.x */
	if ((d = find_dep(deps, "pydantic-settings")) != NULL) {
		*why = "pydantic-settings";
		return d;
	}
	if ((d = find_dep(deps, "fastapi")) != NULL && dep_reaches(d, 0, 100)) {
		*why = "fastapi";
		return d;
	}
	return NULL;
}

static void
check_basesettings(struct dl_check_ctx *ctx, const struct dl_file *f, const struct imp *m,
		   const struct dl_model_deps *deps)
{
	const char *why = NULL;
	const struct dl_dep *d;
	struct dl_finding *fi;

	if (m->guarded || (d = pydantic_v2(deps, &why)) == NULL)
		return;
	fi = dl_report_add(ctx->report, dl_rule_get(DL_RULE_PY011), f->path,
			   dl_region_span(m->line, m->col, m->len),
			   "`BaseSettings` comes from pydantic, but the build installs pydantic 2%s, where it raises \"PydanticImportError: `BaseSettings` has been moved to the `pydantic-settings` package\" at boot: add pydantic-settings to the requirements and import it with `from pydantic_settings import BaseSettings`",
			   !strcmp(why, "pydantic")  ? ""
			   : !strcmp(why, "fastapi") ? " (pydantic is not pinned and FastAPI allows pydantic 2)"
						     : " (pydantic-settings requires it)");
	if (fi && d->file)
		dl_finding_add_related(fi, d->file->path, dl_region_at(d->pos, (unsigned)strlen(d->name)),
				       "%s is required here", why);
}

/* ---- the rules --------------------------------------------------------- */

void
dl_check_py_imports(struct dl_check_ctx *ctx)
{
	struct dl_model *model = dl_ctx_model(ctx);
	const struct dl_backends *bs = &model->backends;
	size_t i, k;

	for (i = 0; i < ctx->repo->nr; i++) {
		const struct dl_file *f = &ctx->repo->files[i];
		const struct imps *ms;
		const struct dl_backend *be;
		const struct dl_model_deps *deps;

		if (!imports_wants(f) || (ms = dl_ctx_visit(ctx, &dl_py_imports, f)) == NULL)
			continue;
		be = dl_backends_for_path(bs, f->path);
		if (!be || (!be->python && !be->docker))
			continue;
		deps = dl_model_backend_deps(model, be);
		for (k = 0; k < ms->nr; k++) {
			/* PY010 judges the Python Render builds with; an image
			 * brings its own (PY011 holds on any Python) */
			if (ms->v[k].kind == IMP_REMOVED && !be->docker)
				check_removed(ctx, f, &ms->v[k], be, deps);
			else if (ms->v[k].kind == IMP_BASESETTINGS)
				check_basesettings(ctx, f, &ms->v[k], deps);
		}
	}
}
