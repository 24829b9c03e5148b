/*
 * deploylint: the DB family (database URLs, drivers and poolers: DB001-DB013).
 * Every URL, the code facts and the docker-compose names come from the
 * service model (include/deploylint/model.h, dl_model_db); the family
 * only judges them. REQ003 (the driver a URL names is not installed) is
 * src/rules/req_driver.c.
 */
#include "rules/check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/dburl.h"
#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/model.h"
#include "deploylint/util.h"

/* ---- small helpers ---------------------------------------------------- */

/* Whether a variable name is one SQLAlchemy's URL is normally read from
 * (DATABASE_URL, SQLALCHEMY_DATABASE_URI, DB_URL, ...). */
static int
sqlalchemy_key(const char *key)
{
	return dl_model_db_key(key);
}

/* A key naming a separate URL for migrations (DIRECT_URL, DATABASE_URL_UNPOOLED,
 * MIGRATION_DATABASE_URL, ALEMBIC_DATABASE_URL, SESSION_DATABASE_URL). */
static int
migration_key(const char *key)
{
	size_t n;

	if (!key)
		return 0;
	n = strlen(key);
	return dl_contains_ci(key, n, "MIGRAT") || dl_contains_ci(key, n, "DIRECT") ||
	       dl_contains_ci(key, n, "ALEMBIC") || dl_contains_ci(key, n, "UNPOOLED") ||
	       dl_contains_ci(key, n, "SESSION");
}

static const char *
scalar(const struct dl_yaml_node *n)
{
	n = n ? dl_yaml_resolve(n) : NULL;
	return n && n->type == DL_YAML_SCALAR ? n->scalar : NULL;
}

static const struct dl_yaml_node *
seq(const struct dl_yaml_node *n)
{
	n = n ? dl_yaml_resolve(n) : NULL;
	return n && n->type == DL_YAML_SEQUENCE ? n : NULL;
}

/* ---- URL occurrences -------------------------------------------------- */

enum origin {
	FROM_DOTENV = 1,
	FROM_RENDER,
	FROM_INI,
	FROM_PY,
	FROM_ENVIRON /* a variable a Render service receives (deploylint env) */
};

/* A database URL of the model (or of deploylint env's input), as these
 * rules read it. */
struct occ {
	struct dl_file *file; /* NULL for a variable of no file */
	const char *path;     /* where findings go: file->path, or the
			       * variable's logical name */
	enum origin origin;
	const char *key;  /* variable or ini key; NULL for Python */
	const char *text; /* the value SQLAlchemy would see (borrowed) */
	size_t len;
	struct dl_pos pos; /* of text[0] when exact, else of the value */
	int exact;         /* text[i] is at pos.col + i on pos.line */
	size_t off;        /* exact: byte offset of text[0] in the file */
	struct dl_dburl url;
	int example;                    /* from an example/template file */
	int production;                 /* .env.production */
	const struct dl_model_env *env; /* render.yaml: the variable */
	size_t render;                  /* index in m->blueprints, or SIZE_MAX */
	size_t service;                 /* service index there, or SIZE_MAX */
	size_t group;                   /* env group index there, or SIZE_MAX */
	int overridden;                 /* alembic.ini URL that env.py replaces */
	int rewritten;                  /* alembic.ini URL whose env.py rewrites
					 * postgres:// itself */
};

struct db_run {
	struct dl_check_ctx *ctx;
	const struct dl_model *m;
	const struct dl_model_db *db;
	const struct dl_model_dbcode *code; /* &db->code */
	struct dl_arena arena;
	struct occ *occs;
	size_t occs_nr, occs_alloc;
	/* deploylint env: the render.yaml service that receives the
	 * variables (and its Blueprint), or NULL */
	const struct dl_bp_service *env_svc;
	const struct dl_model_blueprint *env_mb;
	const char **svc_names; /* render.yaml service names, sorted */
	size_t svc_names_nr, svc_names_alloc;
};

static struct dl_region
part_region(const struct occ *o, const struct dl_dburl_part *p)
{
	if (!o->exact)
		return dl_region_at(o->pos, 0);
	return dl_region_span(o->pos.line, o->pos.col + (unsigned)p->off,
			      p->len ? (unsigned)p->len : 1);
}

static struct dl_region
offset_region(const struct occ *o, size_t off, size_t len)
{
	if (!o->exact)
		return dl_region_at(o->pos, 0);
	return dl_region_span(o->pos.line, o->pos.col + (unsigned)off,
			      len ? (unsigned)len : 1);
}

/* A copy of part p as a NUL-terminated string in the run's arena. */
static const char *
part_str(struct db_run *run, const struct occ *o, const struct dl_dburl_part *p)
{
	if (!p->present)
		return "";
	return dl_arena_strndup(&run->arena, o->text + p->off, p->len);
}

static int
part_placeholder(const struct occ *o, const struct dl_dburl_part *p)
{
	return p->present && dl_dburl_is_placeholder(o->text + p->off, p->len);
}

/* An occurrence for database URL u of the model (or of a value). */
static struct occ *
add_occ(struct db_run *run, const struct dl_model_dburl *u)
{
	struct occ *o;

	DL_ALLOC_GROW(run->occs, run->occs_nr + 1, run->occs_alloc);
	o = &run->occs[run->occs_nr++];
	memset(o, 0, sizeof(*o));
	o->file = u->file;
	o->path = u->path;
	o->key = u->key;
	o->text = u->text;
	o->len = u->len;
	o->pos = u->pos;
	o->exact = u->exact;
	o->off = u->off;
	o->url = u->url;
	o->example = u->example;
	o->production = u->production;
	o->overridden = u->overridden;
	o->rewritten = u->rewritten;
	o->render = o->service = o->group = SIZE_MAX;
	switch (u->origin) {
	case DL_DBURL_FROM_ENV:
		o->env = u->env;
		if (u->env->source == DL_ENV_SRC_DOTENV) {
			o->origin = FROM_DOTENV;
		} else {
			o->origin = FROM_RENDER;
			o->render = u->env->blueprint;
			o->service = u->env->service;
			o->group = u->env->group;
		}
		break;
	case DL_DBURL_FROM_INI:
		o->origin = FROM_INI;
		break;
	case DL_DBURL_FROM_PY:
		o->origin = FROM_PY;
		break;
	case DL_DBURL_FROM_VALUE:
		o->origin = FROM_ENVIRON;
		break;
	}
	return o;
}

/* The model's database part, its URLs as occurrences. */
static void
collect(struct db_run *run)
{
	size_t i;

	run->m = dl_ctx_model(run->ctx);
	run->db = dl_ctx_db(run->ctx);
	run->code = &run->db->code;
	for (i = 0; i < run->db->urls_nr; i++)
		add_occ(run, run->db->urls[i]);
}

/* The Blueprints the rules read: those the model built with a root. */
static int
blueprint_ok(const struct dl_model_blueprint *mb)
{
	return mb->bp.root != NULL;
}

/* ---- where a URL is used ---------------------------------------------- */

static int
render_exists(const struct db_run *run)
{
	size_t i;

	for (i = 0; i < run->ctx->repo->nr; i++)
		if (run->ctx->repo->files[i].kind == DL_KIND_RENDER_YAML)
			return 1;
	return 0;
}

/* The URL reaches a Render service: a render.yaml value, .env.production,
 * or a variable of the environment deploylint env checks. */
static int
deploy_value(const struct occ *o)
{
	return o->origin == FROM_RENDER || o->origin == FROM_ENVIRON ||
	       (o->origin == FROM_DOTENV && o->production);
}

static int
is_postgres(const struct occ *o)
{
	return o->url.backend == DL_DBURL_POSTGRESQL ||
	       o->url.backend == DL_DBURL_POSTGRES;
}

/* ---- DB001 ------------------------------------------------------------ */

/* --fix for DB001, in .env files only: the value starts with the dialect
 * "postgres" (then "://" or "+driver://"), which becomes "postgresql". */
static void
fix_db001(const struct occ *o, struct dl_finding *f)
{
	size_t off = o->off;

	if (o->origin != FROM_DOTENV || !o->file || !o->exact || o->url.scheme.off != 0 ||
	    o->url.dialect.len != 8 || !o->pos.line || !o->pos.col || !o->file->data)
		return;
	if (off <= o->file->len && o->file->len - off >= 8 &&
	    !memcmp(o->file->data + off, "postgres", 8))
		dl_finding_fix_edit(f, o->path, off, 8, "postgresql", 10);
}

static void
check_db001(struct db_run *run, const struct occ *o)
{
	struct dl_strbuf fix = DL_STRBUF_INIT;

	if (o->url.backend != DL_DBURL_POSTGRES || o->overridden)
		return;
	if (!sqlalchemy_key(o->key) && o->origin != FROM_INI)
		return;
	if (o->origin == FROM_INI ? o->rewritten : run->code->rewrites_postgres)
		return;
	dl_strbuf_puts(&fix, "postgresql");
	dl_strbuf_put(&fix, o->text + o->url.dialect.len,
		      o->url.scheme.len - o->url.dialect.len);
	fix_db001(o, dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB001), o->path, part_region(o, &o->url.scheme), "scheme '%s' is not a SQLAlchemy dialect (SQLAlchemy 1.4 removed the postgres alias), so create_engine fails with \"Can't load plugin: sqlalchemy.dialects:postgres\"; write %s:// or rewrite the prefix in code before create_engine", part_str(run, o, &o->url.scheme), fix.buf));
	dl_strbuf_release(&fix);
}

/* Note: render.yaml fromDatabase connectionString (Render's URL scheme) fed to
 * a Python service that never rewrites postgres://. */
static void
check_db001_from_database(struct db_run *run)
{
	size_t r, i, j;

	if (run->code->rewrites_postgres)
		return;
	for (r = 0; r < run->m->blueprints_nr; r++) {
		const struct dl_model_blueprint *mb = &run->m->blueprints[r];
		if (!blueprint_ok(mb))
			continue;
		for (i = 0; i < mb->bp.services_nr; i++) {
			const struct dl_bp_service *sv = &mb->bp.services[i];
			const struct dl_yaml_node *list = seq(sv->env_vars.node);

			if (!sv->runtime_s || strcmp(sv->runtime_s, "python") != 0)
				continue;
			for (j = 0; list && j < list->items_nr; j++) {
				const struct dl_yaml_node *it = list->items[j];
				const struct dl_yaml_node *fd = dl_yaml_get(it, "fromDatabase");
				const struct dl_yaml_node *prop = fd ? dl_yaml_get(fd, "property") : NULL;
				const char *key = scalar(dl_yaml_get(it, "key"));
				const char *p = scalar(prop);

				if (!key || !p || strcmp(p, "connectionString") != 0 ||
				    !sqlalchemy_key(key))
					continue;
				dl_report_add_level(run->ctx->report, dl_rule_get(DL_RULE_DB001),
						    DL_LEVEL_NOTE, mb->bp.file->path,
						    dl_region_span(prop->start.line, prop->start.col,
								   prop->end.line == prop->start.line &&
										   prop->end.col > prop->start.col
									   ? prop->end.col - prop->start.col
									   : 0),
						    "%s comes from Render's connectionString, which starts with postgres:// on many Render databases, and no Python code in the repository rewrites that prefix; replace \"postgres://\" with \"postgresql://\" before create_engine",
						    key);
			}
		}
	}
}

/* ---- DB002 ------------------------------------------------------------ */

static void
check_db002(struct db_run *run, const struct occ *o)
{
	static const char *const fatal[] = {
		"sslmode",
		"channel_binding",
		"sslrootcert",
		"sslcert",
		"sslkey",
		"sslcrl",
	};
	static const char *const libpq_only[] = {
		"options",
		"connect_timeout",
		"application_name",
		"fallback_application_name",
		"keepalives",
		"keepalives_idle",
		"keepalives_interval",
		"keepalives_count",
		"tcp_user_timeout",
		"gssencmode",
		"requirepeer",
		"sslcompression",
		"sslsni",
		"sslpassword",
		"ssl_min_protocol_version",
		"ssl_max_protocol_version",
		"client_encoding",
		"service",
		"hostaddr",
		"load_balance_hosts",
		"replication",
	};
	static const char *const ssl_ok[] = {
		"disable",
		"allow",
		"prefer",
		"require",
		"verify-ca",
		"verify-full",
	};
	struct dl_strbuf key = DL_STRBUF_INIT, val = DL_STRBUF_INIT;
	size_t i, k;

	if (o->url.backend != DL_DBURL_POSTGRESQL ||
	    !dl_dburl_part_is(&o->url.driver, o->text, "asyncpg") || o->overridden)
		return;
	for (i = 0; i < o->url.params_nr; i++) {
		const struct dl_dburl_param *p = &o->url.params[i];
		size_t span = p->key.len + (p->value.present ? 1 + p->value.len : 0);
		struct dl_region reg = offset_region(o, p->key.off, span);

		if (!p->kept)
			continue;
		dl_strbuf_reset(&key);
		dl_dburl_decode(&key, o->text + p->key.off, p->key.len, 1);
		for (k = 0; k < DL_ARRAY_SIZE(fatal); k++)
			if (!strcmp(key.buf, fatal[k]))
				break;
		if (k < DL_ARRAY_SIZE(fatal)) {
			if (run->code->strips_sslmode)
				continue;
			dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB002),
				      o->path, reg,
				      "asyncpg does not take the libpq parameter '%s': SQLAlchemy passes URL query items to asyncpg.connect(), which fails with \"TypeError: connect() got an unexpected keyword argument '%s'\"; %s",
				      key.buf, key.buf,
				      !strcmp(key.buf, "sslmode") ? "write ?ssl=require instead" : !strcmp(key.buf, "channel_binding") ? "remove it (keep ?ssl=require)"
																       : "remove it and pass an ssl.SSLContext through connect_args={\"ssl\": context}");
			continue;
		}
		for (k = 0; k < DL_ARRAY_SIZE(libpq_only); k++)
			if (!strcmp(key.buf, libpq_only[k]))
				break;
		if (k < DL_ARRAY_SIZE(libpq_only)) {
			dl_report_add_level(run->ctx->report, dl_rule_get(DL_RULE_DB002),
					    DL_LEVEL_NOTE, o->path, reg,
					    "'%s' is a libpq parameter that asyncpg.connect() does not take as a keyword; %s",
					    key.buf,
					    !strcmp(key.buf, "connect_timeout") ? "use ?timeout=N (asyncpg's name) instead" : !strcmp(key.buf, "application_name") || !strcmp(key.buf, "options") ? "pass it through connect_args={\"server_settings\": {...}} instead"
																								  : "remove it from the URL");
			continue;
		}
		if (!strcmp(key.buf, "ssl")) {
			dl_strbuf_reset(&val);
			dl_dburl_decode(&val, o->text + p->value.off, p->value.len, 1);
			for (k = 0; k < DL_ARRAY_SIZE(ssl_ok); k++)
				if (!strcmp(val.buf, ssl_ok[k]))
					break;
			if (k == DL_ARRAY_SIZE(ssl_ok) &&
			    !dl_dburl_is_placeholder(val.buf, val.len))
				dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB002),
					      o->path,
					      offset_region(o, p->value.off, p->value.len),
					      "ssl='%s' is not an SSL mode asyncpg knows, so connecting fails; write ssl=require (or disable, allow, prefer, verify-ca, verify-full)",
					      val.len <= 32 ? val.buf : "...");
		}
	}
	dl_strbuf_release(&key);
	dl_strbuf_release(&val);
}

/* ---- DB003 - DB005: Supabase ------------------------------------------ */

static void
check_supabase(struct db_run *run, const struct occ *o, int render_repo)
{
	const struct dl_dburl *u = &o->url;
	const char *host;

	if (!is_postgres(o) || !u->host.present || o->overridden)
		return;
	host = part_str(run, o, &u->host);
	switch (u->host_kind) {
	case DL_DBHOST_SUPABASE_DIRECT: {
		const char *ref = host + 3;
		size_t reflen = strcspn(ref, ".");
		int used = deploy_value(o) ||
			   (o->origin == FROM_DOTENV && render_repo);

		if (used && !o->example)
			dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB003),
				      o->path, part_region(o, &u->host),
				      "%s is Supabase's direct connection, which has only an IPv6 address unless the IPv4 add-on is enabled, and Render reaches the internet over IPv4; use the Supavisor session pooler (aws-<n>-<region>.pooler.supabase.com, port 5432, user postgres.%.*s) from Connect in the Supabase dashboard",
				      host, (int)reflen, ref);
		if (u->user.present && memchr(o->text + u->user.off, '.', u->user.len) &&
		    !memchr(o->text + u->user.off, '@', u->user.len) &&
		    !part_placeholder(o, &u->user))
			dl_report_add_level(run->ctx->report, dl_rule_get(DL_RULE_DB005),
					    DL_LEVEL_NOTE, o->path,
					    part_region(o, &u->user),
					    "user '%s' is the pooler form of a Supabase role, but %s is the direct host, which expects the plain role name (postgres); drop the '.<project-ref>' suffix or use the pooler host",
					    part_str(run, o, &u->user), host);
		break;
	}
	case DL_DBHOST_SUPABASE_OTHER: {
		size_t n = strlen(host);
		const char *msg;
		struct dl_strbuf fix = DL_STRBUF_INIT;

		if (n > 13 && !strcmp(host + n - 13, ".supabase.com") &&
		    !strncmp(host, "aws-", 4) && !dl_mem_has(host, n, ".pooler.")) {
			dl_strbuf_put(&fix, host, n - 13);
			dl_strbuf_puts(&fix, ".pooler.supabase.com");
			msg = "host '%s' does not exist (\"could not translate host name\"): Supabase's pooler hosts are aws-<n>-<region>.pooler.supabase.com; write %s";
		} else if (n > 12 && !strcmp(host + n - 12, ".supabase.co") &&
			   strncmp(host, "db.", 3) != 0 && !memchr(host, '.', n - 12)) {
			dl_strbuf_puts(&fix, "db.");
			dl_strbuf_puts(&fix, host);
			msg = "host '%s' is the Supabase API host, not a database host; use the pooler host from Connect in the Supabase dashboard (or %s, the direct host, which is IPv6-only)";
		} else {
			dl_strbuf_puts(&fix, "aws-<n>-<region>.pooler.supabase.com");
			msg = "host '%s' is not a Supabase database host (db.<project-ref>.supabase.co or aws-<n>-<region>.pooler.supabase.com), so the name does not resolve; copy the host from Connect in the Supabase dashboard, e.g. %s";
		}
		if (!o->example)
			dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB004),
				      o->path, part_region(o, &u->host), msg,
				      host, fix.buf);
		dl_strbuf_release(&fix);
		break;
	}
	case DL_DBHOST_SUPABASE_POOLER:
		if (o->example)
			break;
		if (!u->user.present || !u->user.len)
			dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB005),
				      o->path, part_region(o, &u->host),
				      "the URL names no user, but Supabase's shared pooler finds the project from a user of the form postgres.<project-ref> and otherwise fails with \"FATAL: Tenant or user not found\"; add the user from Connect in the Supabase dashboard");
		else if (!memchr(o->text + u->user.off, '.', u->user.len) &&
			 !memchr(o->text + u->user.off, '@', u->user.len) &&
			 !part_placeholder(o, &u->user))
			dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB005),
				      o->path, part_region(o, &u->user),
				      "user '%s' has no '.<project-ref>' suffix, but Supabase's shared pooler finds the project from it and fails with \"FATAL: Tenant or user not found\"; write %s.<project-ref> as shown under Connect in the Supabase dashboard",
				      part_str(run, o, &u->user), part_str(run, o, &u->user));
		break;
	default:
		break;
	}
}

/* ---- DB006 ------------------------------------------------------------ */

static void
check_db006(struct db_run *run, const struct occ *o)
{
	const struct dl_dburl *u = &o->url;
	const char *s = o->text;
	size_t i;

	if (o->overridden)
		return;
	/* an '@' SQLAlchemy did not take as the separator */
	if (u->host.present && memchr(s + u->host.off, '@', u->host.len)) {
		/* the password ended at the first '@'; that is the separator
		 * SQLAlchemy used, and the unescaped one */
		size_t at = u->password.present ? u->password.off + u->password.len : u->user.off + u->user.len;
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB006), o->path,
			      offset_region(o, at, 1),
			      "the password contains an unescaped '@', so SQLAlchemy ends the password at the first '@' and reads the rest as part of the host name (\"could not translate host name\"); percent-encode it as %%40 (urllib.parse.quote_plus)");
		return;
	}
	if (u->user.present && memchr(s + u->user.off, '@', u->user.len)) {
		const char *at = memchr(s + u->user.off, '@', u->user.len);
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB006), o->path,
			      offset_region(o, (size_t)(at - s), 1),
			      "the user name contains an unescaped '@', so the database server receives a different user name than intended; percent-encode it as %%40");
		return;
	}
	if (!u->password.present || part_placeholder(o, &u->password))
		return;
	for (i = u->password.off; i < u->password.off + u->password.len; i++) {
		char c = s[i];
		int bad_pct = c == '%' &&
			      !(i + 2 < u->password.off + u->password.len &&
				dl_isxdigit((unsigned char)s[i + 1]) &&
				dl_isxdigit((unsigned char)s[i + 2]));
		if (c == '/' || c == '?' || c == '#' || c == '[' || c == ']' || bad_pct) {
			if (bad_pct)
				dl_report_add_level(run->ctx->report, dl_rule_get(DL_RULE_DB006),
						    DL_LEVEL_WARNING, o->path,
						    offset_region(o, i, 1),
						    "the password contains a '%%' that is not a %%XX escape: SQLAlchemy keeps it, but psql, pg_dump and libpq reject the URL (\"invalid percent-encoded token\"); write it as %%25");
			else
				dl_report_add_level(run->ctx->report, dl_rule_get(DL_RULE_DB006),
						    DL_LEVEL_WARNING, o->path,
						    offset_region(o, i, 1),
						    "the password contains an unescaped '%c': SQLAlchemy reads it, but psql, pg_dump and RFC 3986 parsers such as urllib.parse cut the URL there; percent-encode it as %%%02X",
						    c, (unsigned)(unsigned char)c);
			return;
		}
	}
}

/* ---- DB007 ------------------------------------------------------------ */

static int
transaction_pooler(const struct occ *o)
{
	return o->url.host_kind == DL_DBHOST_SUPABASE_POOLER && o->url.port_num == 6543;
}

static int
url_has_param(const struct occ *o, const char *key)
{
	return dl_dburl_param(&o->url, o->text, key) != NULL;
}

/* Whether query item `key` is present with the value 0 (or a value that
 * is not a plain number). */
static int
url_param_off(const struct occ *o, const char *key)
{
	const struct dl_dburl_param *p = dl_dburl_param(&o->url, o->text, key);
	size_t i, zeros = 0;

	if (!p)
		return 0;
	for (i = 0; i < p->value.len; i++) {
		char c = o->text[p->value.off + i];
		if (!dl_isdigit((unsigned char)c))
			return 1;
		zeros += c == '0';
	}
	return zeros == p->value.len;
}

static void
check_db007(struct db_run *run, const struct occ *o)
{
	const struct dl_dburl *u = &o->url;

	if (o->url.backend != DL_DBURL_POSTGRESQL || !transaction_pooler(o) ||
	    o->example || o->overridden)
		return;
	if (dl_dburl_part_is(&u->driver, o->text, "asyncpg")) {
		if (run->code->stmt_cache_off ||
		    url_param_off(o, "prepared_statement_cache_size") ||
		    url_param_off(o, "statement_cache_size"))
			return;
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB007), o->path,
			      part_region(o, &u->port),
			      "port 6543 is Supabase's transaction pooler, which does not support prepared statements, and asyncpg prepares and caches every statement (\"prepared statement \\\"__asyncpg_stmt_1__\\\" already exists\"); pass connect_args={\"statement_cache_size\": 0} and add ?prepared_statement_cache_size=0, or use the session pooler on port 5432");
	} else if (dl_dburl_part_is(&u->driver, o->text, "psycopg")) {
		if (run->code->prepare_threshold || url_has_param(o, "prepare_threshold"))
			return;
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB007), o->path,
			      part_region(o, &u->port),
			      "port 6543 is Supabase's transaction pooler, which does not support prepared statements, and psycopg 3 prepares a statement once it has run 5 times (\"prepared statement \\\"_pg3_0\\\" does not exist\"); pass connect_args={\"prepare_threshold\": None} or use the session pooler on port 5432");
	} else if (!u->driver.present ||
		   dl_dburl_part_is(&u->driver, o->text, "psycopg2")) {
		dl_report_add_level(run->ctx->report, dl_rule_get(DL_RULE_DB007),
				    DL_LEVEL_NOTE, o->path,
				    part_region(o, &u->port),
				    "port 6543 is Supabase's transaction pooler: psycopg2 prepares nothing server-side, so queries work, but session state (SET, advisory locks, LISTEN, temporary tables) does not survive a transaction; use port 5432 (session pooler) for anything session-level");
	}
}

/* ---- DB013 ------------------------------------------------------------ */

/*
 * A Neon URL reaches the repository's configuration and its Python code
 * builds an engine (create_engine / create_async_engine) with SQLAlchemy's
 * default pool but no pool_pre_ping, pool_recycle or NullPool anywhere:
 * Neon suspends an idle compute (after 5 minutes by default) and the
 * pooled connections die with it.
 */
static void
check_db013(struct db_run *run)
{
	const struct occ *neon = NULL;
	struct dl_finding *f;
	struct dl_file *ef = run->code->engine_file;
	size_t i;

	if (!ef || run->code->pre_ping)
		return;
	for (i = 0; i < run->occs_nr && !neon; i++) {
		const struct occ *o = &run->occs[i];
		if (!o->example && !o->overridden && o->url.backend == DL_DBURL_POSTGRESQL &&
		    (o->url.host_kind == DL_DBHOST_NEON || o->url.host_kind == DL_DBHOST_NEON_POOLER))
			neon = o;
	}
	if (!neon)
		return;
	f = dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB013), ef->path,
			  dl_region_span(run->code->engine_pos.line, run->code->engine_pos.col,
					 run->code->engine_len),
			  "this engine keeps a pool of idle connections without pool_pre_ping, and the database is on Neon, which suspends an idle compute (after 5 minutes by default) and closes them; the first query after a quiet spell fails (\"SSL connection has been closed unexpectedly\" or \"server closed the connection unexpectedly\"); pass pool_pre_ping=True (or pool_recycle=240)");
	if (f)
		dl_finding_add_related(f, neon->path, part_region(neon, &neon->url.host),
				       "the Neon host");
}

/* ---- DB008 ------------------------------------------------------------ */

static int
pooled_for_migrations(const struct occ *o)
{
	return is_postgres(o) &&
	       (transaction_pooler(o) || o->url.host_kind == DL_DBHOST_NEON_POOLER);
}

static void
report_db008(struct db_run *run, const struct occ *o, const struct dl_model_step *cmd)
{
	struct dl_finding *f;

	if (o->url.host_kind == DL_DBHOST_NEON_POOLER)
		f = dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB008),
				  o->path, part_region(o, &o->url.host),
				  "migrations run through %s, Neon's pooled endpoint (PgBouncer in transaction mode), where session state such as SET and advisory locks does not survive a transaction; give the migration step the direct host (without -pooler), e.g. through a DIRECT_URL variable that env.py reads",
				  part_str(run, o, &o->url.host));
	else
		f = dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB008),
				  o->path, part_region(o, &o->url.port),
				  "migrations run through port 6543, Supabase's transaction pooler, where session state such as SET and advisory locks does not survive a transaction; run them through the session pooler (same host, port 5432) or the direct host, e.g. through a DIRECT_URL variable that env.py reads");
	if (cmd)
		dl_finding_add_related(f, cmd->visit.file->path,
				       dl_step_region(&cmd->visit, &cmd->call.cmd->argv[0]),
				       "the command that runs the migrations");
}

struct svc_db008 {
	int migrating; /* -1 unknown, 0 no, 1 yes */
	const struct dl_model_step *cmd;
	const struct occ *bad;
	int separate;
};

static void
check_db008(struct db_run *run)
{
	size_t r, s, i, k;

	for (r = 0; r < run->m->blueprints_nr; r++) {
		const struct dl_model_blueprint *mb = &run->m->blueprints[r];
		struct svc_db008 *st;

		if (!blueprint_ok(mb) || !mb->bp.services_nr)
			continue;
		st = dl_xcalloc(mb->bp.services_nr, sizeof(*st));
		for (s = 0; s < mb->bp.services_nr; s++)
			st[s].migrating = -1;
		for (i = 0; i < run->occs_nr; i++) {
			const struct occ *o = &run->occs[i];
			const size_t *svcs;
			size_t one, nr;

			if (o->origin != FROM_RENDER || o->render != r || !is_postgres(o))
				continue;
			svcs = dl_model_env_services(run->m, o->env, &one, &nr);
			for (k = 0; k < nr; k++) {
				struct svc_db008 *t = &st[svcs[k]];
				if (t->migrating < 0) {
					t->cmd = dl_model_service_migration(run->m, r, svcs[k]);
					t->migrating = t->cmd != NULL;
				}
				if (!t->migrating)
					continue;
				if (migration_key(o->key)) {
					if (!pooled_for_migrations(o))
						t->separate = 1;
					else if (!t->bad)
						t->bad = o;
				} else if (sqlalchemy_key(o->key) &&
					   pooled_for_migrations(o) && !t->bad) {
					t->bad = o;
				}
			}
		}
		for (s = 0; s < mb->bp.services_nr; s++)
			if (st[s].bad && !st[s].separate)
				report_db008(run, st[s].bad, st[s].cmd);
		free(st);
	}
	/* alembic.ini itself is the migration URL */
	for (i = 0; i < run->occs_nr; i++) {
		const struct occ *o = &run->occs[i];
		if (o->origin == FROM_INI && !o->overridden && pooled_for_migrations(o))
			report_db008(run, o, NULL);
	}
}

/* ---- DB009 ------------------------------------------------------------ */

/* The name of the first scope's first database of Blueprint bp (the
 * first `databases` list that has items), or NULL. */
static const char *
first_database(const struct dl_blueprint *bp)
{
	const char *first = NULL;
	size_t i;

	for (i = 0; i < bp->lists_nr; i++) {
		const struct dl_bp_list *l = &bp->lists[i];
		const struct dl_yaml_node *list;
		const char *key = scalar(l->key);
		if (!key || strcmp(key, "databases") != 0)
			continue;
		list = seq(l->value);
		if (list && list->items_nr && !first)
			first = scalar(dl_yaml_get(list->items[0], "name"));
	}
	return first;
}

static void
check_db009(struct db_run *run, const struct occ *o)
{
	const char *first_db;
	const struct dl_dburl *u = &o->url;

	if (o->origin != FROM_RENDER || !is_postgres(o))
		return;
	if (part_placeholder(o, &u->host) || u->host_kind == DL_DBHOST_TEMPLATE)
		return;
	first_db = first_database(&run->m->blueprints[o->render].bp);
	if (first_db)
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB009), o->path,
			      part_region(o, &u->scheme),
			      "%s is a hard-coded database URL while this Blueprint declares database '%s'; use fromDatabase: {name: %s, property: connectionString} so the URL follows the database",
			      o->key, first_db, first_db);
	else if (u->password.present && u->password.len &&
		 !part_placeholder(o, &u->password))
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB009), o->path,
			      part_region(o, &u->scheme),
			      "%s holds a literal database URL with its password in render.yaml; declare it with sync: false and set the value in the Render dashboard (or use fromDatabase for a Render database)",
			      o->key);
}

/* ---- DB010 ------------------------------------------------------------ */

static int
compose_like(struct db_run *run, const char *host)
{
	static const char *const names[] = {
		"db",
		"postgres",
		"postgresql",
		"database",
		"pg",
		"pgdb",
		"redis",
		"mysql",
		"mariadb",
		"mongo",
		"mongodb",
		"rabbitmq",
	};
	size_t i;

	for (i = 0; i < DL_ARRAY_SIZE(names); i++)
		if (!strcmp(host, names[i]))
			return 1;
	for (i = 0; i < run->db->compose_nr; i++)
		if (!strcmp(host, run->db->compose_services[i]))
			return 1;
	return 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every render.yaml service name, sorted (built once, for DB010). */
static void
build_service_names(struct db_run *run)
{
	size_t r, s;

	for (r = 0; r < run->m->blueprints_nr; r++)
		for (s = 0; blueprint_ok(&run->m->blueprints[r]) &&
			    s < run->m->blueprints[r].bp.services_nr;
		     s++) {
			const char *n = run->m->blueprints[r].bp.services[s].name_s;
			if (!n || !*n)
				continue;
			DL_ALLOC_GROW(run->svc_names, run->svc_names_nr + 1,
				      run->svc_names_alloc);
			run->svc_names[run->svc_names_nr++] = n;
		}
	if (run->svc_names_nr)
		qsort(run->svc_names, run->svc_names_nr, sizeof(*run->svc_names),
		      str_cmp);
}

/* Whether host starts with the name of a render.yaml service: private
 * services are reachable on Render's private network by their name (plus a
 * suffix Render adds). Each prefix of the host is looked up. */
static int
render_service_named(struct db_run *run, const char *host)
{
	struct dl_strbuf prefix = DL_STRBUF_INIT;
	size_t n = strlen(host), len;
	int found = 0;

	for (len = 1; len <= n && run->svc_names_nr && !found; len++) {
		const char *key;
		dl_strbuf_reset(&prefix);
		dl_strbuf_put(&prefix, host, len);
		key = prefix.buf;
		found = bsearch(&key, run->svc_names, run->svc_names_nr, sizeof(*run->svc_names),
				str_cmp) != NULL;
	}
	dl_strbuf_release(&prefix);
	return found;
}

static void
check_db010(struct db_run *run, const struct occ *o)
{
	const struct dl_dburl *u = &o->url;
	const char *host;

	if (!deploy_value(o) || !u->host.present || o->example)
		return;
	host = part_str(run, o, &u->host);
	if (u->host_kind == DL_DBHOST_LOCAL)
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB010), o->path,
			      part_region(o, &u->host),
			      "host '%s' is the service's own container on Render, where no database listens; use the database's Render internal URL (fromDatabase) or your provider's host",
			      host);
	else if (u->host_kind == DL_DBHOST_BARE && compose_like(run, host) &&
		 !render_service_named(run, host))
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB010), o->path,
			      part_region(o, &u->host),
			      "host '%s' is a docker-compose service name, which does not resolve on Render; use the database's Render internal URL (fromDatabase) or your provider's host",
			      host);
}

/* ---- DB011 ------------------------------------------------------------ */

/* Whether an envVars list declares a database variable in any way (value,
 * fromDatabase, sync: false, ...). */
static int
list_declares_db_var(const struct dl_yaml_node *list)
{
	size_t j;

	list = seq(list);
	for (j = 0; list && j < list->items_nr; j++) {
		const char *key = scalar(dl_yaml_get(list->items[j], "key"));
		if (key && sqlalchemy_key(key))
			return 1;
	}
	return 0;
}

/*
 * For a file of the repository: 1 when the render.yaml service that runs
 * it (the one whose rootDir is the deepest folder holding the file) sets a
 * database variable itself or through a fromGroup group, 0 when it sets
 * none, -1 when no service runs the file.
 */
static int
service_declares_db_var(const struct db_run *run, const char *path)
{
	const struct dl_blueprint *best_bp = NULL;
	const struct dl_bp_service *best = NULL;
	const struct dl_yaml_node *vars;
	size_t best_len = 0, r, s, g, i;

	for (r = 0; r < run->m->blueprints_nr; r++) {
		const struct dl_blueprint *bp = &run->m->blueprints[r].bp;
		if (!blueprint_ok(&run->m->blueprints[r]))
			continue;
		for (s = 0; s < bp->services_nr; s++) {
			const struct dl_bp_service *sv = &bp->services[s];
			const char *root = dl_bp_scalar(sv->root_dir);
			char *dir = dl_path_join("", root ? root : "");
			size_t n = strlen(dir);
			if (dl_path_is_under(path, dir) && (!best || n > best_len)) {
				best = sv;
				best_bp = bp;
				best_len = n;
			}
			free(dir);
		}
	}
	if (!best)
		return -1;
	vars = best->env_vars.node;
	if (list_declares_db_var(vars))
		return 1;
	for (i = 0; seq(vars) && i < seq(vars)->items_nr; i++) {
		const char *name = scalar(dl_yaml_get(seq(vars)->items[i], "fromGroup"));
		for (g = 0; name && g < best_bp->groups_nr; g++)
			if (best_bp->groups[g].name_s && !strcmp(best_bp->groups[g].name_s, name) &&
			    list_declares_db_var(best_bp->groups[g].env_vars.node))
				return 1;
	}
	return 0;
}

/* Whether a render.yaml service has a persistent disk. */
static int
has_disk(const struct dl_bp_service *sv)
{
	return dl_yaml_get(sv->node, "disk") != NULL;
}

static void
check_db011(struct db_run *run, const struct occ *o)
{
	if (o->url.backend != DL_DBURL_SQLITE || o->example)
		return;
	if (o->origin == FROM_RENDER) {
		if (o->service != SIZE_MAX &&
		    has_disk(&run->m->blueprints[o->render].bp.services[o->service]))
			return;
	} else if (o->origin == FROM_DOTENV) {
		if (!o->production)
			return;
	} else if (o->origin == FROM_ENVIRON) {
		if (run->env_svc && has_disk(run->env_svc))
			return;
	} else if (o->origin == FROM_PY) {
		if (service_declares_db_var(run, o->path) != 0)
			return;
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB011), o->path,
			      part_region(o, &o->url.scheme),
			      "this SQLite default is what the Render service gets, since its render.yaml entry sets no database URL, so the data lives in a file that every deploy and restart wipes; set DATABASE_URL in render.yaml (fromDatabase) to a Postgres database");
		return;
	} else {
		return;
	}
	dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB011), o->path,
		      part_region(o, &o->url.scheme),
		      "SQLite keeps the database in a file on the service's filesystem, which Render wipes on every deploy and restart unless a persistent disk is attached; use Postgres (fromDatabase) or attach a disk and put the file under its mountPath");
}

/* ---- DB012 ------------------------------------------------------------ */

static void
check_db012(struct db_run *run, const struct occ *o)
{
	const char *host, *dot;

	if ((o->origin != FROM_RENDER && o->origin != FROM_ENVIRON) ||
	    o->url.host_kind != DL_DBHOST_RENDER_EXTERNAL)
		return;
	host = part_str(run, o, &o->url.host);
	dot = strchr(host, '.');
	dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB012), o->path,
		      part_region(o, &o->url.host),
		      "%s is the external hostname of a Render database; a Render service in the same region should use the internal hostname %.*s (private network, lower latency, no public traffic), or fromDatabase",
		      host, (int)(dot ? (size_t)(dot - host) : strlen(host)), host);
}

/* ---- the family ------------------------------------------------------- */

static void
run_release(struct db_run *run)
{
	free(run->svc_names);
	free(run->occs);
	dl_arena_release(&run->arena);
}

void
dl_check_db(struct dl_check_ctx *ctx)
{
	struct db_run run;
	int render_repo;
	size_t i;

	memset(&run, 0, sizeof(run));
	run.ctx = ctx;
	dl_arena_init(&run.arena);
	collect(&run);
	build_service_names(&run);
	render_repo = render_exists(&run);

	for (i = 0; i < run.occs_nr; i++) {
		const struct occ *o = &run.occs[i];

		/* example and template files only show the shape of a URL */
		if (o->example && o->origin == FROM_DOTENV)
			continue;
		if (o->url.params_truncated)
			dl_report_limit(ctx->report, o->file->path, dl_region_at(o->pos, 0),
					"DL_MAX_DBURL_PARAMS",
					"more than %u query items in this database URL: the later ones (sslmode among them) were not checked",
					DL_MAX_DBURL_PARAMS);
		check_db001(&run, o);
		check_db002(&run, o);
		check_supabase(&run, o, render_repo);
		check_db006(&run, o);
		check_db007(&run, o);
		check_db009(&run, o);
		check_db010(&run, o);
		check_db011(&run, o);
		check_db012(&run, o);
	}
	check_db001_from_database(&run);
	check_db008(&run);
	check_db013(&run);
	run_release(&run);
}

/* ---- deploylint env ------------------------------------------------------ */

/* DB008 for the variables of one service's environment: migrations read
 * its database URL unless a migration-only URL (DIRECT_URL, ...) that is
 * not pooled is set beside it; a service that runs no migration (as its
 * render.yaml entry says) is left alone. */
static void
check_db008_environ(struct db_run *run, size_t first)
{
	const struct dl_model_step *cmd = NULL;
	const struct occ *bad = NULL;
	size_t i;
	int separate = 0;

	if (run->env_svc) {
		cmd = dl_model_service_migration(
			run->m, (size_t)(run->env_mb - run->m->blueprints),
			(size_t)(run->env_svc - run->env_mb->bp.services));
		if (!cmd)
			return;
	}
	for (i = first; i < run->occs_nr; i++) {
		const struct occ *o = &run->occs[i];
		if (!is_postgres(o))
			continue;
		if (migration_key(o->key)) {
			if (!pooled_for_migrations(o))
				separate = 1;
			else if (!bad)
				bad = o;
		} else if (sqlalchemy_key(o->key) && pooled_for_migrations(o) && !bad) {
			bad = o;
		}
	}
	if (bad && !separate)
		report_db008(run, bad, cmd);
}

void
dl_db_check_vars(struct dl_check_ctx *ctx, const struct dl_env_var *vars, size_t n,
		 const char *service)
{
	struct db_run run;
	size_t i, first;

	memset(&run, 0, sizeof(run));
	run.ctx = ctx;
	dl_arena_init(&run.arena);
	collect(&run); /* what the repository says, for the cross-checks */
	build_service_names(&run);
	run.env_svc = dl_model_env_service(run.m, service, &run.env_mb);
	first = run.occs_nr;
	for (i = 0; i < n; i++) {
		struct dl_model_dburl u;

		if (dl_env_var_dburl(&u, &vars[i]) < 0)
			continue;
		add_occ(&run, &u);
	}
	for (i = first; i < run.occs_nr; i++) {
		const struct occ *o = &run.occs[i];
		check_db001(&run, o);
		check_db002(&run, o);
		check_supabase(&run, o, 1);
		check_db006(&run, o);
		check_db007(&run, o);
		check_db010(&run, o);
		check_db011(&run, o);
		check_db012(&run, o);
	}
	check_db008_environ(&run, first);
	run_release(&run);
}
