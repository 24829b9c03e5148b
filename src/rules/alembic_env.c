/*
 * deploylint: the ALM rules on what env.py does when Alembic runs it on
 * Render (ALM013, ALM014), from env.py's tokens (deploylint/pytok.h), the
 * Alembic model (model/alembic.h: script locations, alembic.ini, the
 * folders deploy commands run alembic in) and the service model's deploy
 * commands.
 *
 * ALM013: the synchronous env.py template (engine_from_config or
 * create_engine, then .connect()) reached by a URL with an asyncio driver:
 * `alembic upgrade head` fails with sqlalchemy.exc.MissingGreenlet.
 * ALM014: env.py imports the application (`from app.models import Base`),
 * but no folder on sys.path holds it when alembic runs where the deploy runs
 * it: ModuleNotFoundError.
 */
#include "rules/check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/model.h"
#include "deploylint/pytok.h"
#include "deploylint/util.h"

/* ---- env.py, as tokens -------------------------------------------------- */

/* An environment variable env.py reads (os.environ["X"],
 * os.environ.get("X"), os.getenv("X")), or an attribute of the
 * application's settings (settings.DATABASE_URL), which pydantic's
 * BaseSettings fills from the variable of that name, case-insensitively. */
struct env_read {
	char *name; /* malloc'd, whole: any length */
	int settings;
	unsigned line, col, len;
};

/* A Python name at a position (the engine a statement uses). */
struct env_name {
	char *name;              /* malloc'd, whole: any length */
	unsigned line, col, len; /* for a `with`: the whole `x.connect` */
	const char *method;      /* for a `with`: "connect" or "begin" */
};

/* A growing list of names (every one env.py holds, no limit). */
struct env_names {
	struct env_name *items;
	size_t nr, alloc;
};

/* One absolute module-level import of env.py. */
struct env_import {
	char *module; /* dotted, malloc'd */
	unsigned line, col, len;
};

struct env_facts {
	int sync_engine;   /* engine_from_config( / create_engine( */
	int ini_engine;    /* engine_from_config: the URL of alembic.ini's
			    * section, unless env.py sets it */
	int engine_called; /* engine_* below is the call, not the import */
	int connect;       /* .connect( */
	int async_engine;  /* async_engine_from_config, create_async_engine,
			    * run_sync, AsyncEngine, asyncio.run */
	int converts;      /* handles an async driver: a string naming one
			    * that is not a whole URL (.replace("+asyncpg", ""))
			    * or a drivername / sync URL name */
	int reads_env;     /* os.environ / getenv */
	int sets_url;      /* set_main_option / url= / create_engine(x) */
	int syspath;       /* sys.path is changed */
	unsigned engine_line, engine_col, engine_len;
	/* the first whole async URL written in env.py */
	int async_url;
	unsigned url_line, url_col, url_len;
	struct env_import *imports;
	size_t imports_nr, imports_alloc;
	struct env_read *reads; /* every read, in source order */
	size_t reads_nr, reads_alloc;
	/* names bound to an AsyncEngine (x = create_async_engine(...),
	 * x = async_engine_from_config(...)), and the plain `with x.connect()`
	 * / `with x.begin()` statements (no `async` before `with`) */
	struct env_names async_names;
	struct env_names sync_withs;
};

static const char *const async_drivers[] = {
	"+asyncpg", "+psycopg_async", "+aiomysql", "+aiosqlite", "+asyncmy"
};

/* The async driver a scheme or URL text names, or NULL. */
static const char *
async_driver_in(const char *s, size_t n)
{
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(async_drivers); k++)
		if (dl_memmem(s, n, async_drivers[k], strlen(async_drivers[k])))
			return async_drivers[k] + 1;
	return NULL;
}

/* Whether s[0..n) is a whole URL "scheme://something" (not a scheme alone,
 * as in .replace("postgresql+asyncpg://", "postgresql://")). */
static int
whole_url(const char *s, size_t n)
{
	const char *p = dl_memmem(s, n, "://", 3);
	return p && (size_t)(p - s) + 3 < n;
}

static int
tok_is(const char *d, const struct dl_pytoken *t, const char *s)
{
	size_t n = strlen(s);
	return t->end - t->start == n && !memcmp(d + t->start, s, n);
}

/* Whether NAME token t names a sync URL or engine (sync_url,
 * SYNC_DATABASE_URL, sync_engine), not "async". */
static int
sync_name(const char *d, const struct dl_pytoken *t)
{
	size_t i, n = t->end - t->start;
	const char *s = d + t->start;
	for (i = 0; i + 4 <= n; i++)
		if ((s[i] == 's' || s[i] == 'S') && (s[i + 1] | 0x20) == 'y' &&
		    (s[i + 2] | 0x20) == 'n' && (s[i + 3] | 0x20) == 'c' &&
		    (i == 0 || (s[i - 1] != 'a' && s[i - 1] != 'A')))
			return 1;
	return 0;
}

static void
add_read(struct env_facts *ef, const char *s, size_t n, int settings, const struct dl_pytoken *t)
{
	struct env_read *r;
	size_t i;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (i && s[i] >= '0' && s[i] <= '9')))
			return;
	DL_ALLOC_GROW(ef->reads, ef->reads_nr + 1, ef->reads_alloc);
	r = &ef->reads[ef->reads_nr++];
	r->name = dl_xstrndup(s, n);
	r->settings = settings;
	r->line = t->line;
	r->col = t->col;
	r->len = t->line == t->end_line ? (unsigned)(t->end - t->start) : 1;
}

static struct env_name *
add_name(struct env_names *names, const char *d, const struct dl_pytoken *t)
{
	struct env_name *n;
	size_t len = t->end - t->start;
	DL_ALLOC_GROW(names->items, names->nr + 1, names->alloc);
	n = &names->items[names->nr++];
	n->name = dl_xstrndup(d + t->start, len);
	n->line = t->line;
	n->col = t->col;
	n->len = (unsigned)len;
	n->method = NULL;
	return n;
}

static void
names_release(struct env_names *names)
{
	size_t i;
	for (i = 0; i < names->nr; i++)
		free(names->items[i].name);
	free(names->items);
}

static void
facts_release(struct env_facts *ef)
{
	size_t i;
	for (i = 0; i < ef->imports_nr; i++)
		free(ef->imports[i].module);
	free(ef->imports);
	for (i = 0; i < ef->reads_nr; i++)
		free(ef->reads[i].name);
	free(ef->reads);
	names_release(&ef->async_names);
	names_release(&ef->sync_withs);
}

static void
read_env_py(struct env_facts *ef, const char *d, size_t n)
{
	struct dl_pytok tz;
	struct dl_pytoken t, prev = { 0 }, prev2 = { 0 };
	int line_start = 1, in_import = 0, in_from = 0, dotted_open = 0;
	int env_open = 0; /* after environ / getenv, until its name */
	/* a plain `with NAME . connect|begin (`: 1 after `with`, 2 after
	 * NAME, 3 after '.' */
	int with_state = 0;
	struct dl_pytoken with_name = { 0 };
	struct dl_strbuf mod = DL_STRBUF_INIT;
	struct dl_pytoken mod_first = { 0 };
	size_t mod_end = 0;

	memset(ef, 0, sizeof(*ef));
	dl_pytok_init(&tz, d, n);
	for (;;) {
		dl_pytok_next(&tz, &t);
		if (t.kind == DL_PYTOK_ENDMARKER || t.kind == DL_PYTOK_NEWLINE ||
		    (t.kind == DL_PYTOK_OP && tok_is(d, &t, ",") && in_import && !t.depth) ||
		    (t.kind == DL_PYTOK_NAME && (in_import || in_from) && dotted_open &&
		     (tok_is(d, &t, "as") || tok_is(d, &t, "import")))) {
			/* a dotted module name ends */
			if (dotted_open && mod.len) {
				struct env_import *im;
				DL_ALLOC_GROW(ef->imports, ef->imports_nr + 1, ef->imports_alloc);
				im = &ef->imports[ef->imports_nr++];
				im->module = dl_xstrdup(mod.buf);
				im->line = mod_first.line;
				im->col = mod_first.col;
				im->len = (unsigned)(mod_end - mod_first.start);
			}
			dotted_open = 0;
			dl_strbuf_reset(&mod);
			if (t.kind == DL_PYTOK_NAME && tok_is(d, &t, "import"))
				in_from = 0; /* the names after it are not modules */
			if (t.kind == DL_PYTOK_NAME && tok_is(d, &t, "as"))
				in_import = in_import ? 2 : 0; /* alias until ',' */
			if (t.kind == DL_PYTOK_OP && in_import)
				in_import = 1;
		}
		if (t.kind == DL_PYTOK_ENDMARKER)
			break;
		if (t.kind == DL_PYTOK_NEWLINE) {
			line_start = 1;
			env_open = 0;
			in_import = in_from = 0;
			continue;
		}
		if (t.kind == DL_PYTOK_COMMENT || t.kind == DL_PYTOK_NL)
			continue;
		/* os.environ["X"], os.environ.get("X"), os.getenv("X") */
		if (env_open && t.kind == DL_PYTOK_STRING && !(t.flags & (DL_PYTOK_BYTES | DL_PYTOK_FSTRING)))
			add_read(ef, d + t.body, t.body_end - t.body, 0, &t);
		if (!(t.kind == DL_PYTOK_OP && (tok_is(d, &t, "[") || tok_is(d, &t, "(") || tok_is(d, &t, "."))) &&
		    !(t.kind == DL_PYTOK_NAME && tok_is(d, &t, "get")))
			env_open = 0;
		if (t.kind == DL_PYTOK_NAME && (tok_is(d, &t, "environ") || tok_is(d, &t, "getenv")))
			env_open = 1;
		/* settings.DATABASE_URL */
		if (t.kind == DL_PYTOK_NAME && prev.kind == DL_PYTOK_OP && tok_is(d, &prev, ".") &&
		    prev2.kind == DL_PYTOK_NAME && tok_is(d, &prev2, "settings"))
			add_read(ef, d + t.start, t.end - t.start, 1, &t);
		if (line_start) {
			line_start = 0;
			/* module-level imports only (column 1) */
			if (t.kind == DL_PYTOK_NAME && t.col == 1 && tok_is(d, &t, "import")) {
				in_import = 1;
				prev2 = prev;
				prev = t;
				continue;
			}
			if (t.kind == DL_PYTOK_NAME && t.col == 1 && tok_is(d, &t, "from")) {
				in_from = 1;
				prev2 = prev;
				prev = t;
				continue;
			}
		}
		if ((in_import == 1 || in_from) && !(in_from && !dotted_open && t.kind == DL_PYTOK_OP)) {
			if (t.kind == DL_PYTOK_NAME && !dotted_open) {
				dotted_open = 1;
				mod_first = t;
				dl_strbuf_put(&mod, d + t.start, t.end - t.start);
				mod_end = t.end;
			} else if (dotted_open && t.kind == DL_PYTOK_OP && tok_is(d, &t, ".")) {
				dl_strbuf_putc(&mod, '.');
			} else if (dotted_open && t.kind == DL_PYTOK_NAME) {
				dl_strbuf_put(&mod, d + t.start, t.end - t.start);
				mod_end = t.end;
			}
		} else if (in_from && !dotted_open && t.kind == DL_PYTOK_OP) {
			in_from = 0; /* a relative import: the application's own */
		}
		/* with x.connect() / with x.begin(), not preceded by async */
		if (with_state == 1 && t.kind == DL_PYTOK_NAME) {
			with_name = t;
			with_state = 2;
		} else if (with_state == 2 && t.kind == DL_PYTOK_OP && tok_is(d, &t, ".")) {
			with_state = 3;
		} else if (with_state == 3 && t.kind == DL_PYTOK_NAME &&
			   (tok_is(d, &t, "connect") || tok_is(d, &t, "begin"))) {
			struct env_name *w = add_name(&ef->sync_withs, d, &with_name);
			w->method = tok_is(d, &t, "connect") ? "connect" : "begin";
			if (t.line == with_name.line)
				w->len = (unsigned)(t.end - with_name.start);
			with_state = 0;
		} else {
			with_state = 0;
		}
		if (t.kind == DL_PYTOK_NAME && tok_is(d, &t, "with") &&
		    !(prev.kind == DL_PYTOK_NAME && tok_is(d, &prev, "async")))
			with_state = 1;
		/* x = create_async_engine( / x = async_engine_from_config( */
		if (t.kind == DL_PYTOK_NAME &&
		    (tok_is(d, &t, "create_async_engine") || tok_is(d, &t, "async_engine_from_config")) &&
		    prev.kind == DL_PYTOK_OP && tok_is(d, &prev, "=") && prev2.kind == DL_PYTOK_NAME)
			add_name(&ef->async_names, d, &prev2);
		if (t.kind == DL_PYTOK_NAME) {
			if ((tok_is(d, &t, "engine_from_config") || tok_is(d, &t, "create_engine")) &&
			    !ef->sync_engine) {
				ef->sync_engine = 1;
				ef->engine_line = t.line;
				ef->engine_col = t.col;
				ef->engine_len = (unsigned)(t.end - t.start);
			}
			if (tok_is(d, &t, "engine_from_config"))
				ef->ini_engine = 1;
			if (tok_is(d, &t, "connect") && prev.kind == DL_PYTOK_OP && tok_is(d, &prev, "."))
				ef->connect = 1;
			if (tok_is(d, &t, "async_engine_from_config") ||
			    tok_is(d, &t, "create_async_engine") || tok_is(d, &t, "run_sync") ||
			    tok_is(d, &t, "AsyncEngine") || tok_is(d, &t, "AsyncConnection"))
				ef->async_engine = 1;
			if (tok_is(d, &t, "drivername") || sync_name(d, &t))
				ef->converts = 1;
			if (tok_is(d, &t, "environ") || tok_is(d, &t, "getenv"))
				ef->reads_env = 1;
			if (tok_is(d, &t, "set_main_option") || tok_is(d, &t, "get_url"))
				ef->sets_url = 1;
			if (tok_is(d, &t, "path") && prev.kind == DL_PYTOK_OP && tok_is(d, &prev, ".") &&
			    prev2.kind == DL_PYTOK_NAME && tok_is(d, &prev2, "sys"))
				ef->syspath = 1;
		} else if (t.kind == DL_PYTOK_OP && tok_is(d, &t, "(") && prev.kind == DL_PYTOK_NAME &&
			   !ef->engine_called &&
			   (tok_is(d, &prev, "engine_from_config") || tok_is(d, &prev, "create_engine"))) {
			/* the call, rather than its import */
			ef->engine_called = 1;
			ef->engine_line = prev.line;
			ef->engine_col = prev.col;
			ef->engine_len = (unsigned)(prev.end - prev.start);
		} else if (t.kind == DL_PYTOK_STRING && !(t.flags & DL_PYTOK_BYTES)) {
			const char *body = d + t.body;
			size_t bn = t.body_end - t.body;
			/* configuration["sqlalchemy.url"] = ... (not get_main_option's
			 * argument) */
			if (bn == 14 && !memcmp(body, "sqlalchemy.url", 14) &&
			    !(prev2.kind == DL_PYTOK_NAME && tok_is(d, &prev2, "get_main_option")))
				ef->sets_url = 1;
			if (async_driver_in(body, bn)) {
				if (whole_url(body, bn) && !(t.flags & DL_PYTOK_FSTRING)) {
					if (!ef->async_url) {
						ef->async_url = 1;
						ef->url_line = t.line;
						ef->url_col = t.col;
						ef->url_len = t.line == t.end_line ? (unsigned)(t.end - t.start) : 1;
					}
				} else {
					ef->converts = 1;
				}
			}
		}
		prev2 = prev;
		prev = t;
	}
	dl_strbuf_release(&mod);
}

/* ---- where alembic runs ------------------------------------------------- */

static int
word_is(const struct dl_cmd_word *w, const char *s)
{
	return w && !strcmp(w->text, s);
}

static void
visit_step(struct dl_alembic_deploy_facts *df, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	size_t i;

	for (i = 0; i < c->assigns_nr; i++)
		if (!strncmp(c->assigns[i].text, "PYTHONPATH=", 11))
			df->pythonpath = 1;
	for (i = 0; i < c->argc; i++)
		if (!strncmp(c->argv[i].text, "PYTHONPATH=", 11))
			df->pythonpath = 1; /* env PYTHONPATH=. alembic ... */
	if (v->call->tool == DL_TOOL_PIP) {
		for (i = v->call->arg; i < c->argc; i++) {
			const char *a = c->argv[i].text;
			if (!strcmp(a, ".") || !strcmp(a, "-e") || !strcmp(a, "--editable") ||
			    !strncmp(a, "-e.", 3) || !strncmp(a, "./", 2) || !strcmp(a, "-e."))
				df->installs_project = 1;
		}
	} else if (c->argc >= 2 && (word_is(&c->argv[0], "poetry") || word_is(&c->argv[0], "uv") ||
				    word_is(&c->argv[0], "pdm") || word_is(&c->argv[0], "pipenv"))) {
		int no_root = 0;
		for (i = 1; i < c->argc; i++)
			if (!strcmp(c->argv[i].text, "--no-root") ||
			    !strcmp(c->argv[i].text, "--no-install-project") ||
			    !strcmp(c->argv[i].text, "--no-self"))
				no_root = 1;
		if (!no_root && (word_is(&c->argv[1], "install") || word_is(&c->argv[1], "sync")))
			df->installs_project = 1;
	}
}

static void
visit_cmd(struct dl_alembic_deploy_facts *df, const struct dl_deploy_cmd *dc)
{
	size_t i;
	for (i = 0; dc && i < dc->steps_nr; i++)
		visit_step(df, &dc->steps[i].visit);
}

static void
deploy_facts_of(struct dl_check_ctx *ctx, struct dl_alembic_deploy_facts *df)
{
	struct dl_model *m = dl_ctx_model(ctx);
	size_t b, s, p, k;

	memset(df, 0, sizeof(*df));
	df->known = 1;
	for (b = 0; b < m->blueprints_nr; b++) {
		const struct dl_model_blueprint *mb = &m->blueprints[b];
		for (s = 0; s < mb->bp.services_nr; s++) {
			const struct dl_bp_service *bs = &mb->bp.services[s];
			for (k = 0; k < bs->env_vars.nr; k++)
				if (bs->env_vars.items[k].name &&
				    !strcmp(bs->env_vars.items[k].name, "PYTHONPATH"))
					df->pythonpath = 1;
			for (p = 0; p < DL_PHASE_PROCFILE; p++)
				visit_cmd(df, mb->services[s].cmds[p]);
		}
	}
	for (p = 0; p < m->procfile_nr; p++)
		visit_cmd(df, &m->procfile[p]);
}

/* ---- ALM013 ------------------------------------------------------------- */

static void
report_async(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
	     const struct env_facts *ef, const char *drv, const char *where,
	     struct dl_region src, const char *how)
{
	struct dl_finding *f;
	f = dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM013), loc->env_py->path,
			  dl_region_span(ef->engine_line, ef->engine_col, ef->engine_len),
			  "env.py runs migrations with a synchronous engine (the sync env.py template), but the URL it gets %suses the asyncio driver %s (%s:%u); `alembic upgrade head` fails with \"sqlalchemy.exc.MissingGreenlet: greenlet_spawn has not been called\": start from the async template (`alembic init -t async`: async_engine_from_config and connection.run_sync) or give env.py a sync driver URL",
			  how ? how : "", drv, where, src.line);
	if (f)
		dl_finding_add_related(f, where, src, "the URL with driver %s", drv);
}

/* Whether a variable's key is the name env.py reads. */
static int
read_matches(const struct env_read *r, const struct dl_model_env *e)
{
	size_t n = strlen(r->name);
	if (e->key_len != n)
		return 0;
	return r->settings ? dl_eq_ci(e->key, n, r->name) : !memcmp(e->key, r->name, n);
}

/* The async driver of a variable's URL, or NULL. */
static const char *
dburl_async(const struct dl_model_dburl *du)
{
	const char *v = du->env->value;
	if (!v || !du->url.scheme.present)
		return NULL;
	return async_driver_in(v + du->url.scheme.off, du->url.scheme.len);
}

/* Whether key (a render.yaml item's name) is the name env.py reads. */
static int
name_matches(const struct env_read *r, const char *key)
{
	return key && (r->settings ? dl_eq_ci(key, strlen(key), r->name) : !strcmp(key, r->name));
}

/* Whether render.yaml's service s of Blueprint b names variable `name`
 * itself or through an env group, whatever the value's kind (fromDatabase
 * included): the deploy's value is that one, not a local .env's. */
static int
service_names(const struct dl_model *m, size_t b, size_t s, const struct env_read *r)
{
	const struct dl_model_blueprint *mb = &m->blueprints[b];
	const struct dl_bp_service *bs = &mb->bp.services[s];
	size_t k, g, i;

	for (k = 0; k < bs->env_vars.nr; k++)
		if (name_matches(r, bs->env_vars.items[k].name))
			return 1;
	for (g = 0; g < mb->bp.groups_nr; g++)
		for (i = 0; i < mb->group_services_nr[g]; i++)
			if (mb->group_services[g][i] == s)
				for (k = 0; k < mb->bp.groups[g].env_vars.nr; k++)
					if (name_matches(r, mb->bp.groups[g].env_vars.items[k].name))
						return 1;
	return 0;
}

/*
 * The URL env.py reads from an environment variable: its value where
 * alembic runs. For a render.yaml service's command: the service's own
 * envVars and the env groups it takes; when the service does not name the
 * variable, and for Procfile processes, a .env file in the folder alembic
 * runs in (the local value; without a deploy command, the ini's folder).
 * Reports the first async value found; 1 when reported.
 */
static int
check_env_url(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
	      const struct env_facts *ef)
{
	struct dl_model *m = dl_ctx_model(ctx);
	const struct dl_alembic_run *runs[16];
	size_t nruns, r, i, k;
	char *ini_dir = NULL;

	if (!m || !ef->reads_nr)
		return 0;
	nruns = dl_alembic_runs_for(ctx->alembic, loc, runs, DL_ARRAY_SIZE(runs));
	for (i = 0; i < ef->reads_nr; i++) {
		const struct env_read *er = &ef->reads[i];
		for (r = 0; r <= nruns; r++) {
			const struct dl_alembic_run *run = r < nruns ? runs[r] : NULL;
			const char *cwd;
			int deploy_sets = 0;
			if (!run && nruns)
				break;
			if (run && run->blueprint != SIZE_MAX && run->blueprint < m->blueprints_nr) {
				for (k = 0; k < m->dburls_nr; k++) {
					const struct dl_model_dburl *du = &m->dburls[k];
					const struct dl_model_env *e = du->env;
					const size_t *svc;
					size_t one, nr, j;
					const char *drv;
					struct dl_strbuf how = DL_STRBUF_INIT;
					if (e->source == DL_ENV_SRC_DOTENV || e->blueprint != run->blueprint ||
					    !read_matches(er, e) || (drv = dburl_async(du)) == NULL)
						continue;
					svc = dl_model_env_services(m, e, &one, &nr);
					for (j = 0; j < nr && svc[j] != run->service; j++)
						;
					if (j == nr)
						continue;
					dl_strbuf_addf(&how, "from %s%s (read at env.py:%u; ", er->settings ? "settings." : "",
						       er->name, er->line);
					if (e->source == DL_ENV_SRC_GROUP)
						dl_strbuf_addf(&how, "env group `%s` sets it for ",
							       m->blueprints[e->blueprint].bp.groups[e->group].name_s
								       ? m->blueprints[e->blueprint].bp.groups[e->group].name_s
								       : "(unnamed)");
					else
						dl_strbuf_puts(&how, "render.yaml sets it for ");
					dl_strbuf_addf(&how, "%s, which runs alembic) ", run->origin);
					report_async(ctx, loc, ef, drv, e->file->path,
						     dl_region_span(e->value_pos.line, e->value_pos.col,
								    e->in_place ? (unsigned)e->value_len + (e->quoted ? 2u : 0u) : 1u),
						     how.buf);
					dl_strbuf_release(&how);
					return 1;
				}
				deploy_sets = service_names(m, run->blueprint, run->service, er);
			}
			if (deploy_sets)
				continue;
			if (run) {
				cwd = run->cwd;
			} else {
				free(ini_dir);
				ini_dir = loc->ini ? dl_path_dirname(loc->ini->file->path) : NULL;
				if (!ini_dir)
					break;
				cwd = ini_dir;
			}
			for (k = 0; k < m->dburls_nr; k++) {
				const struct dl_model_dburl *du = &m->dburls[k];
				const struct dl_model_env *e = du->env;
				const char *drv;
				char *dir;
				int here;
				struct dl_strbuf how = DL_STRBUF_INIT;
				if (e->source != DL_ENV_SRC_DOTENV || strcmp(dl_path_basename(e->file->path), ".env") ||
				    !read_matches(er, e) || (drv = dburl_async(du)) == NULL)
					continue;
				dir = dl_path_dirname(e->file->path);
				here = !strcmp(dir, cwd);
				free(dir);
				if (!here)
					continue;
				dl_strbuf_addf(&how, "from %s%s (read at env.py:%u; the local value, from %s.env in the folder ",
					       er->settings ? "settings." : "", er->name, er->line,
					       (e->file->flags & DL_FILE_TRACKED)   ? "the tracked "
					       : (e->file->flags & DL_FILE_IGNORED) ? "the git-ignored "
										    : "");
				if (run)
					dl_strbuf_addf(&how, "%s runs alembic in) ", run->origin);
				else
					dl_strbuf_puts(&how, "of alembic.ini) ");
				report_async(ctx, loc, ef, drv, e->file->path,
					     dl_region_span(e->value_pos.line, e->value_pos.col,
							    e->in_place ? (unsigned)e->value_len + (e->quoted ? 2u : 0u) : 1u),
					     how.buf);
				dl_strbuf_release(&how);
				free(ini_dir);
				return 1;
			}
		}
	}
	free(ini_dir);
	return 0;
}

static void
check_async_driver(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
		   const struct env_facts *ef)
{
	const struct dl_ini_entry *url = NULL;
	const char *drv = NULL, *where = NULL;
	struct dl_region src = dl_region_span(1, 1, 1);

	if (!ef->sync_engine || !ef->connect || ef->async_engine || ef->converts)
		return;
	if (ef->async_url) {
		const char *d = loc->env_py->data;
		drv = "?";
		{
			/* the driver, from the literal */
			struct dl_pytok tz;
			struct dl_pytoken t;
			dl_pytok_init(&tz, d, loc->env_py->len);
			do {
				dl_pytok_next(&tz, &t);
			} while (t.kind != DL_PYTOK_ENDMARKER &&
				 !(t.line == ef->url_line && t.col == ef->url_col));
			if (t.kind == DL_PYTOK_STRING)
				drv = async_driver_in(d + t.body, t.body_end - t.body);
		}
		where = loc->env_py->path;
		src = dl_region_span(ef->url_line, ef->url_col, ef->url_len);
	} else if (loc->ini && ef->ini_engine && !ef->sets_url && !ef->reads_env &&
		   (url = dl_ini_get(&loc->ini->ini, "alembic", "sqlalchemy.url")) != NULL &&
		   (drv = async_driver_in(url->value, strcspn(url->value, "\n"))) != NULL) {
		where = loc->ini->file->path;
		src = dl_region_span(url->value_pos.line, url->value_pos.col,
				     (unsigned)strcspn(url->value, "\n"));
	}
	if (where && drv) {
		report_async(ctx, loc, ef, drv, where, src, NULL);
		return;
	}
	/* a URL from the environment reaches the engine: set into the
	 * config (set_main_option, configuration["sqlalchemy.url"]) or
	 * given to create_engine */
	if (ef->sets_url || !ef->ini_engine)
		check_env_url(ctx, loc, ef);
}

/*
 * An AsyncEngine entered with a plain `with`: `x = create_async_engine(...)`
 * (or async_engine_from_config) and then `with x.connect() as c:` or
 * `with x.begin() as c:`. AsyncEngine.connect() gives an AsyncConnection
 * and AsyncEngine.begin() an async context manager; neither has
 * __enter__ (sqlalchemy/ext/asyncio/base.py, StartableContext), so the
 * statement raises before any migration runs, whatever the URL. Returns 1
 * when reported.
 */
static int
check_async_with(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
		 const struct env_facts *ef)
{
	size_t w, a;

	for (w = 0; w < ef->sync_withs.nr; w++) {
		const struct env_name *wn = &ef->sync_withs.items[w];
		for (a = 0; a < ef->async_names.nr; a++) {
			const struct env_name *an = &ef->async_names.items[a];
			struct dl_finding *f;
			if (strcmp(wn->name, an->name) != 0)
				continue;
			f = dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM013), loc->env_py->path,
					  dl_region_span(wn->line, wn->col, wn->len),
					  "env.py enters the async engine `%s` with a plain `with %s.%s()`: an AsyncEngine's %s() is an async context manager only, so `alembic upgrade head` fails with \"TypeError: '%s' object does not support the context manager protocol\" (AttributeError: __enter__ before Python 3.11): use the async template (`async with %s.connect() as connection: await connection.run_sync(do_run_migrations)` inside `asyncio.run(...)`), or a sync engine with a sync driver URL",
					  wn->name, wn->name, wn->method, wn->method,
					  !strcmp(wn->method, "connect") ? "AsyncConnection" : "_AsyncGeneratorContextManager",
					  wn->name);
			if (f)
				dl_finding_add_related(f, loc->env_py->path,
						       dl_region_span(an->line, an->col, an->len),
						       "`%s` is an AsyncEngine", an->name);
			return 1;
		}
	}
	return 0;
}

/* ---- ALM014 ------------------------------------------------------------- */

/* Whether module `dotted`'s top level is importable from folder `dir`
 * (root-relative, "" = root): dir/top.py, dir/top/ (a package, or a
 * namespace package). */
static int
top_in(const struct dl_repo *repo, const char *dir, const char *top)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int r;
	if (*dir)
		dl_strbuf_addf(&sb, "%s/", dir);
	dl_strbuf_addf(&sb, "%s.py", top);
	r = dl_repo_find(repo, sb.buf) != NULL;
	sb.buf[sb.len - 3] = '\0';
	r = r || dl_repo_has_dir(repo, sb.buf);
	dl_strbuf_release(&sb);
	return r;
}

/* A regular package or module named `top` anywhere in the repository (the
 * application's, as opposed to an installed distribution): its folder
 * path (malloc'd), or NULL. */
static char *
app_module_anywhere(const struct dl_repo *repo, const char *top)
{
	struct dl_strbuf pkg = DL_STRBUF_INIT, modf = DL_STRBUF_INIT;
	size_t i, pl, ml;
	char *out = NULL;

	dl_strbuf_addf(&pkg, "%s/__init__.py", top);
	dl_strbuf_addf(&modf, "%s.py", top);
	pl = pkg.len;
	ml = modf.len;
	for (i = 0; i < repo->nr && !out; i++) {
		const char *p = repo->files[i].path;
		size_t n = strlen(p);
		if (n >= pl && !strcmp(p + n - pl, pkg.buf) && (n == pl || p[n - pl - 1] == '/'))
			out = dl_xstrndup(p, n - pl ? n - pl - 1 : 0);
		else if (n >= ml && !strcmp(p + n - ml, modf.buf) &&
			 (n == ml || p[n - ml - 1] == '/'))
			out = dl_xstrndup(p, n - ml ? n - ml - 1 : 0);
	}
	dl_strbuf_release(&pkg);
	dl_strbuf_release(&modf);
	return out;
}

/* Appends to dirs the folders prepend_sys_path puts on sys.path when
 * alembic runs in `cwd`: its entries split as Alembic splits them
 * (path_separator, else spaces, commas and colons), %(here)s being the
 * ini's folder (the ini parser leaves interpolation to us). */
static size_t
prepend_dirs(const struct dl_script_location *loc, const char *cwd, char **dirs, size_t max)
{
	const struct dl_ini_entry *e =
		loc->ini ? dl_ini_get(&loc->ini->ini, "alembic", "prepend_sys_path") : NULL;
	const struct dl_ini_entry *sep =
		loc->ini ? dl_ini_get(&loc->ini->ini, "alembic", "path_separator") : NULL;
	char *ini_dir = loc->ini ? dl_path_dirname(loc->ini->file->path) : dl_xstrdup("");
	const char *seps = " ,:";
	const char *p;
	size_t nr = 0;

	if (sep && !strcmp(sep->value, "space"))
		seps = " ";
	else if (sep && !strcmp(sep->value, "comma"))
		seps = ",";
	else if (sep && (!strcmp(sep->value, "colon") || !strcmp(sep->value, "os")))
		seps = ":";
	else if (sep && !strcmp(sep->value, "semicolon"))
		seps = ";";
	else if (sep && !strcmp(sep->value, "newline"))
		seps = "\n";
	p = e ? e->value : "";
	while (*p && nr < max) {
		size_t n;
		char *item, *joined;
		p += strspn(p, seps);
		if (!*p)
			break;
		n = strcspn(p, seps);
		item = dl_xstrndup(p, n);
		p += n;
		if (!strncmp(item, "%(here)s", 8))
			joined = dl_path_join(ini_dir, item[8] == '/' ? item + 9 : item + 8);
		else if (item[0] == '/')
			joined = NULL; /* an absolute path: outside what we see */
		else
			joined = dl_path_join(cwd, item);
		free(item);
		if (joined && strncmp(joined, "..", 2))
			dirs[nr++] = joined;
		else
			free(joined);
	}
	free(ini_dir);
	return nr;
}

/* Whether the run is `python -m alembic` (which puts the folder it runs
 * in on sys.path): its line says "-m alembic". */
static int
via_module(const struct dl_alembic_run *run)
{
	const char *d = run->file->data, *p, *eol;
	unsigned line = 1;
	if (!d)
		return 0;
	p = d;
	while (line < run->pos.line && (p = memchr(p, '\n', run->file->len - (size_t)(p - d))) != NULL) {
		p++;
		line++;
	}
	if (!p)
		return 0;
	eol = memchr(p, '\n', run->file->len - (size_t)(p - d));
	return dl_memmem(p, eol ? (size_t)(eol - p) : run->file->len - (size_t)(p - d), "-m alembic",
			 10) != NULL;
}

static void
check_imports(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
	      const struct env_facts *ef, const struct dl_alembic_deploy_facts *df)
{
	const struct dl_alembic_run *runs[16];
	size_t nruns, r, i, k;

	if (ef->syspath || df->pythonpath || df->installs_project || !ef->imports_nr)
		return;
	nruns = dl_alembic_runs_for(ctx->alembic, loc, runs, DL_ARRAY_SIZE(runs));
	for (r = 0; r < nruns; r++) {
		const struct dl_alembic_run *run = runs[r];
		char *dirs[32];
		size_t nd = prepend_dirs(loc, run->cwd, dirs, DL_ARRAY_SIZE(dirs) - 1);
		int reported = 0;

		if (via_module(run))
			dirs[nd++] = dl_xstrdup(run->cwd);

		for (i = 0; i < ef->imports_nr && !reported; i++) {
			const struct env_import *im = &ef->imports[i];
			char *top = dl_xstrndup(im->module, strcspn(im->module, "."));
			char *home = NULL;
			int found = 0;
			for (k = 0; k < nd && !found; k++)
				found = top_in(ctx->repo, dirs[k], top);
			if (!found)
				home = app_module_anywhere(ctx->repo, top);
			/* the script location's own folder is not the app */
			if (home && loc->dir && dl_path_is_under(home, loc->dir) && strcmp(home, "")) {
				free(home);
				home = NULL;
			}
			if (home) {
				const struct dl_ini_entry *e =
					loc->ini ? dl_ini_get(&loc->ini->ini, "alembic", "prepend_sys_path")
						 : NULL;
				char *fix = NULL;
				struct dl_finding *f;
				/* the folder to add: from the ini's folder (%(here)s)
				 * when it is there, else relative to where alembic
				 * runs */
				char *ini_dir = loc->ini ? dl_path_dirname(loc->ini->file->path) : NULL;
				if (!strcmp(home, run->cwd)) {
					fix = dl_xstrdup(".");
				} else if (ini_dir && dl_path_is_under(home, ini_dir)) {
					size_t il = strlen(ini_dir);
					const char *rel = home + il + (il && home[il] == '/');
					struct dl_strbuf sb = DL_STRBUF_INIT;
					dl_strbuf_puts(&sb, "%(here)s");
					if (*rel)
						dl_strbuf_addf(&sb, "/%s", rel);
					fix = dl_strbuf_detach(&sb, NULL);
				} else if (dl_path_is_under(home, run->cwd)) {
					size_t cl = strlen(run->cwd);
					const char *rel = home + cl + (cl && home[cl] == '/');
					fix = dl_xstrdup(*rel ? rel : ".");
				}
				f = dl_report_add(
					ctx->report, dl_rule_get(DL_RULE_ALM014), loc->env_py->path,
					dl_region_span(im->line, im->col, im->len),
					"env.py imports '%s', but when %s runs alembic in '%s' (%s:%u) no folder on sys.path holds '%s' (it is in '%s'); %s, so Alembic fails with \"ModuleNotFoundError: No module named '%s'\": %s%s%s",
					im->module, run->origin, *run->cwd ? run->cwd : ".", run->file->path,
					run->pos.line, top, *home ? home : ".",
					e ? "prepend_sys_path does not reach it"
					  : "alembic.ini has no prepend_sys_path (the alembic command does not put the folder it runs in on sys.path)",
					top, fix ? "set prepend_sys_path = " : "run alembic from the folder that holds it with prepend_sys_path = .",
					fix ? fix : "", fix ? " in alembic.ini" : "");
				if (f && e)
					dl_finding_add_related(f, loc->ini->file->path,
							       dl_region_at(e->value_pos, (unsigned)strcspn(e->value, "\n")),
							       "prepend_sys_path");
				free(fix);
				free(ini_dir);
				reported = 1;
			}
			free(home);
			free(top);
		}
		for (k = 0; k < nd; k++)
			free(dirs[k]);
	}
}

/* ---- entry -------------------------------------------------------------- */

void
dl_check_alembic_env(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
		     struct dl_alembic_deploy_facts *df)
{
	struct env_facts ef;

	if (!loc->env_py || !dl_file_lintable(loc->env_py) ||
	    dl_repo_load(ctx->repo, loc->env_py) < 0 || loc->flask_migrate)
		return;
	read_env_py(&ef, loc->env_py->data, loc->env_py->len);
	if (!check_async_with(ctx, loc, &ef))
		check_async_driver(ctx, loc, &ef);
	if (!df->known)
		deploy_facts_of(ctx, df); /* the same for every location */
	check_imports(ctx, loc, &ef, df);
	facts_release(&ef);
}
