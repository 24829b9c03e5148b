/*
 * deploylint: REQ003, the driver a database URL names is not installed.
 * Reads the model's database URLs (dl_ctx_db) and the dependency set of
 * every backend each URL reaches (dl_model_dburl_backends,
 * dl_model_backend_deps: requirements files, pyproject.toml, Poetry, uv
 * and pipenv, with their locks); it reads no file itself. Its own family
 * row (`req-driver`, src/rules/checks.c), so that selecting the DB rules
 * does not run it and selecting REQ003 does not run the DB family.
 */
#include "rules/check.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/dburl.h"
#include "deploylint/dotenv.h"
#include "deploylint/model.h"
#include "deploylint/util.h"

struct driver_dist {
	enum dl_dburl_dialect backend;
	const char *driver;    /* "" = the dialect's default driver */
	const char *module;    /* what Python imports */
	const char *dists[3];  /* PEP 503 names that provide it */
	const char *extras[2]; /* SQLAlchemy extras that install it */
	const char *suggest;   /* what to add to requirements */
};

/* SQLAlchemy 2.0's dialect documentation: driver -> DBAPI distribution. */
/* clang-format off */
static const struct driver_dist driver_dists[] = {
	{ DL_DBURL_POSTGRESQL, "", "psycopg2", { "psycopg2", "psycopg2-binary", NULL },
	  { "postgresql", "postgresql-psycopg2binary" }, "psycopg2-binary" },
	{ DL_DBURL_POSTGRESQL, "psycopg2", "psycopg2", { "psycopg2", "psycopg2-binary", NULL },
	  { "postgresql", "postgresql-psycopg2binary" }, "psycopg2-binary" },
	{ DL_DBURL_POSTGRESQL, "psycopg", "psycopg", { "psycopg", "psycopg-binary", "psycopg-c" },
	  { "postgresql-psycopg", "postgresql-psycopgbinary" }, "psycopg[binary]" },
	{ DL_DBURL_POSTGRESQL, "asyncpg", "asyncpg", { "asyncpg", NULL, NULL },
	  { "postgresql-asyncpg", NULL }, "asyncpg" },
	{ DL_DBURL_POSTGRESQL, "pg8000", "pg8000", { "pg8000", NULL, NULL },
	  { "postgresql-pg8000", NULL }, "pg8000" },
	{ DL_DBURL_POSTGRESQL, "psycopg2cffi", "psycopg2cffi", { "psycopg2cffi", NULL, NULL },
	  { "postgresql-psycopg2cffi", NULL }, "psycopg2cffi" },
	{ DL_DBURL_SQLITE, "aiosqlite", "aiosqlite", { "aiosqlite", NULL, NULL },
	  { "aiosqlite", NULL }, "aiosqlite" },
	{ DL_DBURL_MYSQL, "", "MySQLdb", { "mysqlclient", NULL, NULL }, { "mysql", NULL },
	  "mysqlclient" },
	{ DL_DBURL_MYSQL, "mysqldb", "MySQLdb", { "mysqlclient", NULL, NULL }, { "mysql", NULL },
	  "mysqlclient" },
	{ DL_DBURL_MYSQL, "pymysql", "pymysql", { "pymysql", NULL, NULL }, { "pymysql", NULL },
	  "PyMySQL" },
	{ DL_DBURL_MYSQL, "aiomysql", "aiomysql", { "aiomysql", NULL, NULL }, { "aiomysql", NULL },
	  "aiomysql" },
	{ DL_DBURL_MYSQL, "asyncmy", "asyncmy", { "asyncmy", NULL, NULL }, { "asyncmy", NULL },
	  "asyncmy" },
	{ DL_DBURL_MYSQL, "mysqlconnector", "mysql.connector",
	  { "mysql-connector-python", NULL, NULL }, { "mysql-connector", NULL },
	  "mysql-connector-python" },
};
/* clang-format on */

static const struct driver_dist *
find_driver(enum dl_dburl_dialect backend, const char *driver, size_t len)
{
	size_t i;

	for (i = 0; i < DL_ARRAY_SIZE(driver_dists); i++)
		if (driver_dists[i].backend == backend && strlen(driver_dists[i].driver) == len &&
		    !memcmp(driver_dists[i].driver, driver, len))
			return &driver_dists[i];
	return NULL;
}

static int
set_provides(const struct dl_req_set *set, const struct driver_dist *d)
{
	size_t i;

	for (i = 0; i < 3 && d->dists[i]; i++)
		if (dl_requirements_provides(set, d->dists[i], NULL))
			return 1;
	for (i = 0; i < 2 && d->extras[i]; i++)
		if (dl_requirements_provides(set, "sqlalchemy", d->extras[i]))
			return 1;
	return 0;
}

/* Whether the set can be judged: every include was read and every
 * requirement has a name (a bare "." or "-e ." installs a project whose
 * own metadata lists further dependencies). */
static int
set_complete(const struct dl_req_set *set)
{
	size_t i;

	if (set->problems_nr)
		return 0;
	for (i = 0; i < set->nr; i++)
		if (!set->entries[i].constraint && !set->entries[i].req->normalised)
			return 0;
	return 1;
}

/* The lock the backend's project tool installs from (poetry.lock, uv.lock,
 * Pipfile.lock), or NULL. */
static const struct dl_depsource *
project_lock(const struct dl_model_project *pj)
{
	const struct dl_depsource *lock = NULL;

	if (!pj)
		return NULL;
	switch (pj->tool) {
	case DL_PKG_POETRY:
		lock = pj->srcs[DL_DEPSRC_POETRY_LOCK];
		break;
	case DL_PKG_UV_SYNC:
		lock = pj->srcs[DL_DEPSRC_UV_LOCK];
		break;
	case DL_PKG_PIPENV:
		lock = pj->srcs[DL_DEPSRC_PIPFILE_LOCK];
		break;
	default:
		break;
	}
	return lock && !lock->error.set ? lock : NULL;
}

/* Whether the lock installs a distribution of d: a package it resolves
 * (a dependency of a dependency counts) outside the dev group. */
static int
lock_provides(const struct dl_depsource *lock, const struct driver_dist *d)
{
	size_t i, k;

	for (i = 0; lock && i < lock->nr; i++) {
		const struct dl_dependency *l = &lock->deps[i];
		if (l->is_project || !l->normalised || (l->group && !strcmp(l->group, "dev")))
			continue;
		for (k = 0; k < 3 && d->dists[k]; k++)
			if (!strcmp(l->normalised, d->dists[k]))
				return 1;
	}
	return 0;
}

/* Whether backend be's dependency set installs the driver d (or a driver
 * code rewrites plain postgresql:// URLs to, when rewrite), or cannot be
 * judged (an include not read, an unnamed requirement). */
static int
backend_ok(const struct dl_model *m, const struct dl_model_dbcode *code,
	   const struct dl_backend *be, const struct dl_model_deps *deps,
	   const struct driver_dist *d, int rewrite)
{
	const struct dl_depsource *lock = project_lock(dl_model_backend_project(m, be));
	size_t i, k;

	for (i = 0; i < deps->nr; i++) {
		const struct dl_req_set *set = deps->sources[i]->reqs;
		if (!set || !set_complete(set) || set_provides(set, d))
			return 1;
	}
	if (lock_provides(lock, d))
		return 1;
	if (!rewrite)
		return 0;
	/* code that rewrites postgresql:// to postgresql+X:// */
	for (k = 0; k < code->rewrite_nr; k++) {
		const char *plus = strchr(code->rewrite_schemes[k], '+');
		const struct driver_dist *rd =
			find_driver(DL_DBURL_POSTGRESQL, plus + 1, strlen(plus + 1));
		if (!rd)
			continue;
		if (lock_provides(lock, rd))
			return 1;
		for (i = 0; i < deps->nr; i++)
			if (set_provides(deps->sources[i]->reqs, rd))
				return 1;
	}
	return 0;
}

static struct dl_region
driver_region(const struct dl_model_dburl *u)
{
	const struct dl_dburl_part *p = u->url.driver.present ? &u->url.driver : &u->url.scheme;

	if (!u->exact)
		return dl_region_at(u->pos, 0);
	return dl_region_span(u->pos.line, u->pos.col + (unsigned)p->off,
			      p->len ? (unsigned)p->len : 1);
}

/* How the user adds dependency `what` to a project of tool `tool`. */
static void
add_hint(struct dl_strbuf *sb, enum dl_pkg_tool tool, const char *what, const char *file)
{
	int quote = strchr(what, '[') != NULL;
	const char *q = quote ? "\"" : "";

	switch (tool) {
	case DL_PKG_POETRY:
		dl_strbuf_addf(sb, "run `poetry add %s%s%s` (it updates %s and poetry.lock)", q, what, q,
			       file);
		break;
	case DL_PKG_UV_SYNC:
		dl_strbuf_addf(sb, "run `uv add %s%s%s` (it updates %s and uv.lock)", q, what, q, file);
		break;
	case DL_PKG_PIPENV:
		dl_strbuf_addf(sb, "run `pipenv install %s%s%s` (it updates %s and Pipfile.lock)", q,
			       what, q, file);
		break;
	default:
		dl_strbuf_addf(sb, "add %s to %s", what, file);
		break;
	}
}

static void
report(struct dl_check_ctx *ctx, const struct dl_model *m, const struct dl_backend *be,
       const struct dl_model_dburl *u, const struct driver_dist *d, const struct dl_dep_source *src)
{
	const struct dl_model_project *pj = dl_model_backend_project(m, be);
	const char *file = src->file->path;
	struct dl_strbuf hint = DL_STRBUF_INIT;
	struct dl_finding *fd;

	if (src->kind == DL_DEP_REQUIREMENTS) {
		fd = dl_report_add(ctx->report, dl_rule_get(DL_RULE_REQ003), u->path, driver_region(u),
				   "the URL's driver needs the %s package, which %s does not install, so the first connection fails with \"ModuleNotFoundError: No module named '%s'\"; add %s to %s",
				   d->module, file, d->module, d->suggest, file);
		dl_finding_add_related(fd, file, dl_region_span(1, 1, 0),
				       "the requirements file the service installs");
		return;
	}
	add_hint(&hint, pj ? pj->tool : DL_PKG_NONE, d->suggest, file);
	fd = dl_report_add(ctx->report, dl_rule_get(DL_RULE_REQ003), u->path, driver_region(u),
			   "the URL's driver needs the %s package, which the dependencies the service installs from %s (%s) do not include, so the first connection fails with \"ModuleNotFoundError: No module named '%s'\"; %s",
			   d->module, file, dl_pkg_tool_name(pj ? pj->tool : DL_PKG_NONE), d->module,
			   hint.buf);
	dl_finding_add_related(fd, file, dl_region_span(1, 1, 0),
			       "the project file the service installs from");
	dl_strbuf_release(&hint);
}

/* REQ003 for URL u, judged against the backends[0 .. nr) it reaches. */
static void
check_url(struct dl_check_ctx *ctx, const struct dl_model *m, const struct dl_model_db *db,
	  const struct dl_model_dburl *u, const struct dl_backend *const *backends, size_t nr)
{
	const struct dl_dburl *url = &u->url;
	enum dl_dburl_dialect dialect = url->backend;
	const struct driver_dist *d;
	struct dl_file **done;
	size_t i, k, done_nr = 0;

	if (u->example || u->overridden)
		return;
	if (dialect == DL_DBURL_POSTGRES) {
		/* postgres:// works only where code rewrites it (else DB001) */
		if (u->origin == DL_DBURL_FROM_INI ? !u->rewritten : !db->code.rewrites_postgres)
			return;
		dialect = DL_DBURL_POSTGRESQL;
	}
	d = find_driver(dialect, url->driver.present ? u->text + url->driver.off : "",
			url->driver.present ? url->driver.len : 0);
	if (!d)
		return;
	if (!url->driver.present && !dl_model_db_key(u->key) && u->origin != DL_DBURL_FROM_INI)
		return;
	done = dl_xcalloc(nr ? nr : 1, sizeof(*done)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	for (i = 0; i < nr; i++) {
		const struct dl_backend *be = backends[i];
		const struct dl_model_deps *deps = dl_model_backend_deps(m, be);
		struct dl_file *named;
		int seen = 0;

		/* a Docker service installs what its Dockerfile says */
		if (be->service_node && be->docker)
			continue;
		if (!deps || !deps->nr)
			continue;
		/* backends sharing one dependency file: one finding */
		named = deps->sources[0]->file;
		for (k = 0; k < done_nr; k++)
			seen |= done[k] == named;
		if (seen)
			continue;
		done[done_nr++] = named;
		if (!backend_ok(m, &db->code, be, deps, d,
				url->backend == DL_DBURL_POSTGRESQL && !url->driver.present))
			report(ctx, m, be, u, d, deps->sources[0]);
	}
	free(done);
}

void
dl_check_req_driver(struct dl_check_ctx *ctx)
{
	const struct dl_model *m = dl_ctx_model(ctx);
	const struct dl_model_db *db = dl_ctx_db(ctx);
	size_t i, nr;

	for (i = 0; i < db->urls_nr; i++) {
		const struct dl_model_dburl *u = db->urls[i];
		const struct dl_backend **backends;

		if (u->example || u->overridden)
			continue;
		backends = dl_model_dburl_backends(m, u, &nr);
		check_url(ctx, m, db, u, backends, nr);
		free(backends);
	}
}

void
dl_req_driver_check_vars(struct dl_check_ctx *ctx, const struct dl_env_var *vars, size_t n,
			 const char *service)
{
	const struct dl_model *m = dl_ctx_model(ctx);
	const struct dl_model_db *db = dl_ctx_db(ctx);
	const struct dl_model_blueprint *mb;
	const struct dl_bp_service *sv = dl_model_env_service(m, service, &mb);
	const struct dl_backend **backends = NULL;
	size_t i, nr = 0, alloc = 0;

	/* the service's backend, else the repository root's */
	for (i = 0; i < m->backends.nr; i++) {
		const struct dl_backend *be = &m->backends.items[i];
		if (sv ? be->service_node == sv->node : !*be->dir) {
			DL_ALLOC_GROW(backends, nr + 1, alloc);
			backends[nr++] = be;
		}
	}
	for (i = 0; i < n; i++) {
		struct dl_model_dburl u;

		if (dl_env_var_dburl(&u, &vars[i]) < 0)
			continue;
		check_url(ctx, m, db, &u, backends, nr);
	}
	free(backends);
}
