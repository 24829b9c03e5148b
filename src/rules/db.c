/*
 * deploylint: the DB family (database URLs, drivers and poolers: DB001-DB012)
 * and REQ003 (the driver a URL names is not installed).
 */
#include "rules/check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/dburl.h"
#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/model.h"
#include "deploylint/pytok.h"
#include "deploylint/requirements.h"
#include "deploylint/util.h"

/* ---- small helpers ---------------------------------------------------- */

static int
mem_ci_has(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;

	if (m > n)
		return 0;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (dl_tolower((unsigned char)s[i + j]) != dl_tolower((unsigned char)needle[j]))
				break;
		if (j == m)
			return 1;
	}
	return 0;
}

static int
mem_has(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	if (m > n)
		return 0;
	for (i = 0; i + m <= n; i++)
		if (!memcmp(s + i, needle, m))
			return 1;
	return 0;
}

/* Whether a variable name is one SQLAlchemy's URL is normally read from
 * (DATABASE_URL, SQLALCHEMY_DATABASE_URI, DB_URL, ...). */
static int
sqlalchemy_key(const char *key)
{
	size_t n;

	if (!key)
		return 1;
	n = strlen(key);
	return mem_ci_has(key, n, "DATABASE") || mem_ci_has(key, n, "SQLALCHEMY") ||
	       mem_ci_has(key, n, "DB_UR") || mem_ci_has(key, n, "DB_DSN");
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
	return mem_ci_has(key, n, "MIGRAT") || mem_ci_has(key, n, "DIRECT") ||
	       mem_ci_has(key, n, "ALEMBIC") || mem_ci_has(key, n, "UNPOOLED") ||
	       mem_ci_has(key, n, "SESSION");
}

/* .env.example, .env.sample, .env.template, .env.dist, *.example */
static int
is_example_file(const char *path)
{
	const char *base = dl_path_basename(path);
	static const char *const suffixes[] = {
		".example",
		".sample",
		".template",
		".dist",
		".tmpl",
		".tpl",
	};
	size_t i, n = strlen(base);

	for (i = 0; i < DL_ARRAY_SIZE(suffixes); i++) {
		size_t m = strlen(suffixes[i]);
		if (n >= m && !strcmp(base + n - m, suffixes[i]))
			return 1;
	}
	return mem_has(base, n, "example") || mem_has(base, n, "sample");
}

/* .env.production / .env.prod: the file a deploy reads. */
static int
is_production_env(const char *path)
{
	const char *base = dl_path_basename(path);

	return !strcmp(base, ".env.production") || !strcmp(base, ".env.prod");
}

/* ---- line index: byte offset of a 1-based line ------------------------- */

struct line_index {
	struct dl_file *file;
	size_t *starts;
	size_t nr;
};

/* ---- URL occurrences -------------------------------------------------- */

enum origin {
	FROM_DOTENV = 1,
	FROM_RENDER,
	FROM_INI,
	FROM_PY,
	FROM_ENVIRON /* a variable a Render service receives (deploylint env) */
};

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
	struct dl_dburl url;
	int example;            /* from an example/template file */
	int production;         /* .env.production */
	size_t render;          /* index in run->renders, or SIZE_MAX */
	size_t service;         /* service index there, or SIZE_MAX */
	size_t group;           /* env group index there, or SIZE_MAX */
	int overridden;         /* alembic.ini URL that env.py replaces */
	int rewritten;          /* alembic.ini URL whose env.py rewrites
				 * postgres:// itself */
	struct dl_file *env_py; /* alembic.ini: its location's env.py */
};

/* ---- render.yaml, read as far as these rules need it ------------------ */

struct rsvc {
	const struct dl_yaml_node *node;
	size_t scope;
	const char *name;
	const char *runtime;
	const struct dl_yaml_node *cmds[3]; /* buildCommand, preDeployCommand,
					     * startCommand values */
	const char *root_dir;
	int has_disk;
	const struct dl_yaml_node *envvars;
};

struct rgroup {
	const struct dl_yaml_node *node;
	size_t scope;
	const char *name;
	const struct dl_yaml_node *envvars;
};

struct rfile {
	struct dl_file *file;
	const struct dl_yaml_node *root;
	struct rsvc *svcs;
	size_t svcs_nr, svcs_alloc;
	struct rgroup *groups;
	size_t groups_nr, groups_alloc;
	const char *first_db; /* first databases[].name, or NULL */
	int has_databases;
	/* for each group, the services naming it in a fromGroup item (the
	 * model's dl_model_blueprint.group_services) */
	const size_t **group_svcs;
	const size_t *group_svcs_nr;
};

/* ---- Python sources, read lexically ----------------------------------- */

struct pymod {
	int rewrites_postgres; /* turns postgres:// into postgresql:// */
	int strips_sslmode;    /* removes/renames an sslmode parameter */
	int stmt_cache_off;    /* statement_cache_size / prepared_... set to 0
				* (or to what cannot be read), or
				* prepared_statement_name_func */
	int prepare_threshold;
	int pre_ping;      /* pool_pre_ping, pool_recycle or NullPool (DB013) */
	size_t engine_off; /* first create_engine( / create_async_engine( + 1, or 0 */
	int sets_main_url; /* set_main_option("sqlalchemy.url", ...) */
};

struct db_run {
	struct dl_check_ctx *ctx;
	struct dl_arena arena;
	struct occ *occs;
	size_t occs_nr, occs_alloc;
	struct rfile *renders;
	size_t renders_nr, renders_alloc;
	struct line_index *lines;
	size_t lines_nr, lines_alloc;
	struct pymod repo_py;        /* OR of every module */
	struct dl_file *engine_file; /* DB013: the first module calling
				      * create_engine, and where (repo_py.engine_off) */
	/* deploylint env: the render.yaml service that receives the
	 * variables (and its file), or NULL */
	const struct rsvc *env_svc;
	const struct rfile *env_rf;
	char **compose_names; /* docker-compose service names */
	size_t compose_nr, compose_alloc;
	const char **svc_names; /* render.yaml service names, sorted */
	size_t svc_names_nr, svc_names_alloc;
	/* drivers code rewrites plain postgresql:// URLs to
	 * ("postgresql+asyncpg://" literals), for REQ003 */
	char **rewrite_schemes;
	size_t rewrite_nr, rewrite_alloc;
};

static const size_t *
line_starts(struct db_run *run, struct dl_file *f, size_t *nr)
{
	struct line_index *li;
	size_t i, n = 1;

	for (i = 0; i < run->lines_nr; i++)
		if (run->lines[i].file == f) {
			*nr = run->lines[i].nr;
			return run->lines[i].starts;
		}
	DL_ALLOC_GROW(run->lines, run->lines_nr + 1, run->lines_alloc);
	li = &run->lines[run->lines_nr++];
	li->file = f;
	for (i = 0; i < f->len; i++)
		if (f->data[i] == '\n')
			n++;
	li->starts = dl_xmalloc(dl_st_mult(n, sizeof(*li->starts)));
	li->nr = 0;
	li->starts[li->nr++] = 0;
	for (i = 0; i < f->len; i++)
		if (f->data[i] == '\n')
			li->starts[li->nr++] = i + 1;
	*nr = li->nr;
	return li->starts;
}

/*
 * Sets occ->pos/exact: the value's text is at `pos` (+1 when quoted) if the
 * file holds exactly those bytes there; else the finding points at `pos`.
 */
static void
locate(struct db_run *run, struct occ *o, struct dl_pos pos, int quoted)
{
	size_t nr, off;
	const size_t *starts;

	o->pos = pos;
	o->exact = 0;
	if (!o->file || !o->file->data || !pos.line || !pos.col)
		return;
	starts = line_starts(run, o->file, &nr);
	if (pos.line > nr)
		return;
	off = starts[pos.line - 1] + (pos.col - 1) + (quoted ? 1 : 0);
	if (off > o->file->len || o->file->len - off < o->len)
		return;
	if (memchr(o->text, '\n', o->len) ||
	    memcmp(o->file->data + off, o->text, o->len) != 0)
		return;
	o->pos.col += quoted ? 1 : 0;
	o->exact = 1;
}

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

/* Adds an occurrence when text[0 .. len) parses as a URL we classify. */
static struct occ *
add_occ(struct db_run *run, struct dl_file *f, enum origin origin,
	const char *key, const char *text, size_t len)
{
	struct dl_dburl url;
	struct occ *o;

	if (!text || len < 4 || dl_dburl_parse(&url, text, len) < 0 ||
	    url.backend == DL_DBURL_OTHER)
		return NULL;
	DL_ALLOC_GROW(run->occs, run->occs_nr + 1, run->occs_alloc);
	o = &run->occs[run->occs_nr++];
	memset(o, 0, sizeof(*o));
	o->file = f;
	o->path = f ? f->path : "";
	o->origin = origin;
	o->key = key;
	o->text = text;
	o->len = len;
	o->url = url;
	o->render = o->service = o->group = SIZE_MAX;
	if (f) {
		o->example = is_example_file(f->path);
		o->production = is_production_env(f->path);
	}
	return o;
}

/* ---- Python lexer ----------------------------------------------------- */

struct pylit {
	size_t start, end; /* content bytes */
	struct dl_pos pos; /* of the first content byte */
	int triple, raw, bytes, escapes;
};

typedef void (*lit_fn)(const char *d, const struct pylit *lit, void *payload);
typedef void (*call_fn)(const char *name, size_t len, int call, void *payload);

/*
 * Walks Python source d[0 .. n) through the Python tokenizer
 * (deploylint/pytok.h): every string literal (any prefix, single, double
 * or triple quotes; an unterminated one ends at its line or at the end)
 * and every identifier outside strings and comments (`call` is set when
 * '(' follows it after blanks). Linear in n.
 */
static void
py_lex(const char *d, size_t n, lit_fn on_lit, call_fn on_ident, void *payload)
{
	struct dl_pytok tz;
	struct dl_pytoken t;

	dl_pytok_init(&tz, d, n);
	for (dl_pytok_next(&tz, &t); t.kind != DL_PYTOK_ENDMARKER; dl_pytok_next(&tz, &t)) {
		if (t.kind == DL_PYTOK_NAME && on_ident) {
			size_t k = t.end;
			while (k < n && (d[k] == ' ' || d[k] == '\t'))
				k++;
			on_ident(d + t.start, t.end - t.start, k < n && d[k] == '(', payload);
		} else if (t.kind == DL_PYTOK_STRING && on_lit) {
			struct pylit lit;
			memset(&lit, 0, sizeof(lit));
			lit.start = t.body;
			lit.end = t.body_end;
			lit.pos.line = t.line;
			lit.pos.col = t.col + (unsigned)(t.body - t.start);
			lit.triple = (t.flags & DL_PYTOK_TRIPLE) != 0;
			lit.raw = (t.flags & DL_PYTOK_RAW) != 0;
			lit.bytes = (t.flags & DL_PYTOK_BYTES) != 0;
			lit.escapes = memchr(d + t.body, '\\', t.body_end - t.body) != NULL;
			on_lit(d, &lit, payload);
		}
	}
}

/* Per-module facts gathered while lexing. */
struct pyscan {
	struct db_run *run;
	struct dl_file *file;
	int config_module;      /* collect URL literals */
	int short_postgres_lit; /* "postgres://", "^postgres://", "postgres:" */
	int sslmode_lit;        /* a non-URL literal naming sslmode */
	int sqlalchemy_url_lit; /* "sqlalchemy.url" */
	int call_rewrite;       /* replace( startswith( sub( removeprefix( ... */
	int call_strip;         /* replace( pop( sub( split( ... */
	int call_set_main;      /* set_main_option( */
	int drivername;         /* a drivername identifier or literal */
	int postgresql_lit;     /* a literal starting with "postgresql" */
	int stmt_cache, prepare_threshold;
	int pre_ping;
	size_t engine_off; /* first engine call + 1, or 0 */
};

static int
word_is(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && !memcmp(s, w, n);
}

/*
 * Whether the setting that ends at d[off] (a keyword argument, a dict key or
 * a subscript) turns the cache off: 1 when `=`/`:` is followed by 0 or by
 * anything that is not a number (a variable, a call: not read), or when no
 * value follows; 0 when it is a number other than 0 (statement_cache_size=100
 * keeps asyncpg's cache on).
 */
static int
cache_off_at(const char *d, size_t n, size_t off)
{
	size_t k = off, v;

	while (k < n && (d[k] == ' ' || d[k] == '\t' || d[k] == ']'))
		k++;
	if (k >= n || (d[k] != '=' && d[k] != ':') || (d[k] == '=' && k + 1 < n && d[k + 1] == '='))
		return 1;
	k++;
	while (k < n && (d[k] == ' ' || d[k] == '\t'))
		k++;
	for (v = k; v < n && dl_isdigit((unsigned char)d[v]); v++)
		;
	if (v == k)
		return 1;
	while (k < v && d[k] == '0')
		k++;
	return k == v;
}

static void
scan_ident(const char *name, size_t len, int call, void *payload)
{
	struct pyscan *ps = payload;
	const char *d = ps->file->data;
	size_t n = ps->file->len;

	if ((word_is(name, len, "statement_cache_size") ||
	     word_is(name, len, "prepared_statement_cache_size")) &&
	    cache_off_at(d, n, (size_t)(name - d) + len))
		ps->stmt_cache = 1;
	if (word_is(name, len, "prepared_statement_name_func"))
		ps->stmt_cache = 1;
	if (word_is(name, len, "pool_pre_ping") || word_is(name, len, "pool_recycle") ||
	    word_is(name, len, "NullPool"))
		ps->pre_ping = 1;
	if (call && !ps->engine_off &&
	    (word_is(name, len, "create_engine") || word_is(name, len, "create_async_engine")))
		ps->engine_off = (size_t)(name - d) + 1;
	if (word_is(name, len, "prepare_threshold"))
		ps->prepare_threshold = 1;
	if (word_is(name, len, "drivername"))
		ps->drivername = 1;
	if (!call)
		return;
	if (word_is(name, len, "replace") || word_is(name, len, "startswith") ||
	    word_is(name, len, "sub") || word_is(name, len, "removeprefix") ||
	    word_is(name, len, "match") || word_is(name, len, "partition") ||
	    word_is(name, len, "split"))
		ps->call_rewrite = 1;
	if (word_is(name, len, "replace") || word_is(name, len, "pop") ||
	    word_is(name, len, "sub") || word_is(name, len, "split") ||
	    word_is(name, len, "discard") || word_is(name, len, "remove") ||
	    word_is(name, len, "difference_update_query") ||
	    word_is(name, len, "update_query_dict") || word_is(name, len, "set"))
		ps->call_strip = 1;
	if (word_is(name, len, "set_main_option") ||
	    word_is(name, len, "set_section_option"))
		ps->call_set_main = 1;
}

static void
add_rewrite_scheme(struct db_run *run, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < run->rewrite_nr; i++)
		if (strlen(run->rewrite_schemes[i]) == n &&
		    !memcmp(run->rewrite_schemes[i], s, n))
			return;
	DL_ALLOC_GROW(run->rewrite_schemes, run->rewrite_nr + 1, run->rewrite_alloc);
	run->rewrite_schemes[run->rewrite_nr++] = dl_xstrndup(s, n);
}

static void
scan_lit(const char *d, const struct pylit *lit, void *payload)
{
	struct pyscan *ps = payload;
	const char *s = d + lit->start;
	size_t n = lit->end - lit->start, k;

	if (n <= 16 && !memchr(s, '@', n) && mem_has(s, n, "postgres:") &&
	    !mem_has(s, n, "postgresql:"))
		ps->short_postgres_lit = 1;
	if (!mem_has(s, n, "://") && mem_has(s, n, "sslmode"))
		ps->sslmode_lit = 1;
	if (word_is(s, n, "sqlalchemy.url"))
		ps->sqlalchemy_url_lit = 1;
	if (word_is(s, n, "drivername"))
		ps->drivername = 1;
	if ((word_is(s, n, "statement_cache_size") ||
	     word_is(s, n, "prepared_statement_cache_size")) &&
	    cache_off_at(d, ps->file->len, lit->end + (lit->triple ? 3 : 1)))
		ps->stmt_cache = 1;
	if (word_is(s, n, "prepared_statement_name_func"))
		ps->stmt_cache = 1;
	if (word_is(s, n, "pool_pre_ping") || word_is(s, n, "pool_recycle"))
		ps->pre_ping = 1;
	if (word_is(s, n, "prepare_threshold"))
		ps->prepare_threshold = 1;
	if (n >= 10 && !memcmp(s, "postgresql", 10))
		ps->postgresql_lit = 1;
	/* "postgresql+asyncpg://" alone: a rewrite target */
	for (k = 0; k < n && (dl_isalnum((unsigned char)s[k]) || s[k] == '+' ||
			      s[k] == '_');
	     k++)
		;
	if (k > 0 && n == k + 3 && !memcmp(s + k, "://", 3) &&
	    memchr(s, '+', k) && dl_dburl_backend(s, k) == DL_DBURL_POSTGRESQL)
		add_rewrite_scheme(ps->run, s, k);

	if (!ps->config_module || lit->triple || lit->bytes || k + 3 >= n)
		return;
	{
		struct occ *o = add_occ(ps->run, ps->file, FROM_PY, NULL, s, n);
		if (o) {
			o->pos = lit->pos;
			o->exact = !lit->escapes;
		}
	}
}

/* The module turns postgres:// into postgresql://: a short "postgres://"
 * literal with a string-rewriting call, or a drivername change. */
static int
pyscan_rewrites(const struct pyscan *ps)
{
	return (ps->short_postgres_lit && ps->call_rewrite) ||
	       (ps->drivername && ps->postgresql_lit);
}

/* Whether a Python module can matter to the DB rules at all: it holds a
 * URL, names postgres, or sets an asyncpg/psycopg connection option. */
static int
mentions_db(const char *data, size_t len)
{
	static const char *const words[] = {
		"://",
		"postgres",
		"sslmode",
		"statement_cache_size",
		"prepare_threshold",
		"drivername",
		"create_engine",
		"create_async_engine",
		"prepared_statement_name_func",
	};
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(words); k++)
		if (dl_memmem(data, len, words[k], strlen(words[k])))
			return 1;
	return 0;
}

static int
is_config_module(const char *path)
{
	const char *base = dl_path_basename(path);

	return !strcmp(base, "settings.py") || !strcmp(base, "config.py") ||
	       !strcmp(base, "database.py") || !strcmp(base, "db.py");
}

static void
scan_python(struct db_run *run, struct dl_file *f, struct pymod *out)
{
	struct pyscan ps;

	memset(&ps, 0, sizeof(ps));
	memset(out, 0, sizeof(*out));
	ps.run = run;
	ps.file = f;
	ps.config_module = f->kind == DL_KIND_PYTHON && is_config_module(f->path);
	py_lex(f->data, f->len, scan_lit, scan_ident, &ps);
	out->rewrites_postgres = pyscan_rewrites(&ps);
	out->strips_sslmode = ps.sslmode_lit && ps.call_strip;
	out->stmt_cache_off = ps.stmt_cache;
	out->prepare_threshold = ps.prepare_threshold;
	out->pre_ping = ps.pre_ping;
	out->engine_off = ps.engine_off;
	out->sets_main_url = ps.call_set_main && ps.sqlalchemy_url_lit;
}

/* ---- collecting URLs -------------------------------------------------- */

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

/* An occurrence for database URL d of the model (its value's text is
 * borrowed from the document cache). */
static struct occ *
occ_of_model(struct db_run *run, const struct dl_model_dburl *d, enum origin origin)
{
	const struct dl_model_env *e = d->env;
	struct occ *o;

	DL_ALLOC_GROW(run->occs, run->occs_nr + 1, run->occs_alloc);
	o = &run->occs[run->occs_nr++];
	memset(o, 0, sizeof(*o));
	o->file = e->file;
	o->path = e->file->path;
	o->origin = origin;
	o->key = e->key;
	o->text = e->value;
	o->len = e->value_len;
	o->url = d->url;
	o->render = o->service = o->group = SIZE_MAX;
	o->example = is_example_file(e->file->path);
	o->production = is_production_env(e->file->path);
	if (e->in_place)
		locate(run, o, e->value_pos, e->quoted);
	else
		o->pos = e->value_pos;
	return o;
}

/* What these rules need of render.yaml f, from the model's Blueprint
 * (one with a YAML error included: its URLs are still read). */
static void
collect_render(struct db_run *run, struct dl_file *f)
{
	const struct dl_model *m = dl_ctx_model(run->ctx);
	const struct dl_model_blueprint *mb = NULL;
	const struct dl_blueprint *bp;
	const struct dl_model_dburl *urls;
	struct rfile *rf;
	size_t ri, i, urls_nr;

	for (i = 0; i < m->blueprints_nr && !mb; i++)
		if (m->blueprints[i].bp.file == f)
			mb = &m->blueprints[i];
	if (!mb || !mb->bp.root)
		return;
	bp = &mb->bp;
	DL_ALLOC_GROW(run->renders, run->renders_nr + 1, run->renders_alloc);
	ri = run->renders_nr++;
	rf = &run->renders[ri];
	memset(rf, 0, sizeof(*rf));
	rf->file = f;
	rf->root = bp->root;
	/* the first scope's first database, and whether any scope has one */
	for (i = 0; i < bp->lists_nr; i++) {
		const struct dl_bp_list *l = &bp->lists[i];
		const struct dl_yaml_node *list;
		const char *key = scalar(l->key);
		if (!key || strcmp(key, "databases") != 0)
			continue;
		list = seq(l->value);
		if (list && list->items_nr) {
			rf->has_databases = 1;
			if (!rf->first_db)
				rf->first_db = scalar(dl_yaml_get(list->items[0], "name"));
		}
	}
	for (i = 0; i < bp->services_nr; i++) {
		const struct dl_bp_service *bs = &bp->services[i];
		struct rsvc *sv;

		DL_ALLOC_GROW(rf->svcs, rf->svcs_nr + 1, rf->svcs_alloc);
		sv = &rf->svcs[rf->svcs_nr++];
		memset(sv, 0, sizeof(*sv));
		sv->node = bs->node;
		sv->scope = bs->scope;
		sv->name = bs->name_s;
		sv->runtime = bs->runtime_s;
		sv->cmds[0] = bs->build_command;
		sv->cmds[1] = bs->pre_deploy_command;
		sv->cmds[2] = bs->start_command;
		sv->root_dir = dl_bp_scalar(bs->root_dir);
		sv->has_disk = dl_yaml_get(bs->node, "disk") != NULL;
		sv->envvars = bs->env_vars.node;
	}
	for (i = 0; i < bp->groups_nr; i++) {
		const struct dl_bp_group *g = &bp->groups[i];
		struct rgroup *gr;

		DL_ALLOC_GROW(rf->groups, rf->groups_nr + 1, rf->groups_alloc);
		gr = &rf->groups[rf->groups_nr++];
		gr->node = g->node;
		gr->scope = g->scope;
		gr->name = g->name_s;
		gr->envvars = g->env_vars.node;
	}
	/* the services each env group reaches, and the database URLs of
	 * the variables: the model's */
	rf->group_svcs = mb->group_services;
	rf->group_svcs_nr = mb->group_services_nr;
	urls = dl_model_file_dburls(m, f, &urls_nr);
	for (i = 0; i < urls_nr; i++) {
		struct occ *o = occ_of_model(run, &urls[i], FROM_RENDER);
		o->render = ri;
		o->service = urls[i].env->service;
		o->group = urls[i].env->group;
	}
}

static void
collect_dotenv(struct db_run *run, struct dl_file *f)
{
	size_t i, nr;
	const struct dl_model_dburl *urls = dl_model_file_dburls(dl_ctx_model(run->ctx), f, &nr);

	for (i = 0; i < nr; i++)
		occ_of_model(run, &urls[i], FROM_DOTENV);
}

static void
collect_ini(struct db_run *run, struct dl_file *f)
{
	const struct dl_ini *ini = dl_ctx_doc(run->ctx, f);
	struct dl_alembic *a = run->ctx->alembic;
	struct dl_file *env_py = NULL;
	char *dir;
	size_t i, j;

	if (!ini)
		return;
	for (i = 0; a && i < a->locs_nr; i++)
		if (a->locs[i].ini && a->locs[i].ini->file == f && a->locs[i].env_py) {
			env_py = a->locs[i].env_py;
			break;
		}
	dir = dl_path_dirname(f->path);
	for (i = 0; i < ini->nr; i++) {
		const struct dl_ini_section *s = &ini->sections[i];
		for (j = 0; j < s->nr; j++) {
			const struct dl_ini_entry *e = &s->entries[j];
			const char *defaults[] = { "here", dir, NULL };
			struct dl_strbuf sb = DL_STRBUF_INIT;
			size_t bad;
			struct occ *o;
			const char *text = e->value;
			size_t len = e->value_len;

			if (strcmp(e->key, "sqlalchemy.url") != 0)
				continue;
			if (memchr(e->value, '%', e->value_len)) {
				/* what SQLAlchemy receives is the interpolated value;
				 * ALM006 reports values configparser rejects */
				if (dl_ini_interpolate(&sb, ini, s->name, e->value,
						       e->value_len, defaults, &bad) < 0) {
					dl_strbuf_release(&sb);
					continue;
				}
				text = dl_arena_strndup(&run->arena, sb.buf, sb.len);
				len = sb.len;
			}
			dl_strbuf_release(&sb);
			o = add_occ(run, f, FROM_INI, "sqlalchemy.url", text, len);
			if (!o)
				continue;
			o->env_py = env_py;
			locate(run, o, e->value_pos, 0);
		}
	}
	free(dir);
}

static int
is_compose_file(const char *path)
{
	const char *b = dl_path_basename(path);
	size_t n = strlen(b);

	if (!(n > 4 && (!strcmp(b + n - 4, ".yml") ||
			(n > 5 && !strcmp(b + n - 5, ".yaml")))))
		return 0;
	return !strncmp(b, "docker-compose", 14) || !strncmp(b, "compose.", 8) ||
	       !strncmp(b, "compose-", 8);
}

static void
collect_compose(struct db_run *run, struct dl_file *f)
{
	struct dl_arena arena;
	struct dl_yaml_doc doc;
	const struct dl_yaml_node *svcs;
	size_t i;

	if (!dl_file_lintable(f) || dl_repo_load(run->ctx->repo, f) < 0)
		return;
	dl_arena_init(&arena);
	dl_yaml_parse(&doc, &arena, f->data, f->len);
	svcs = doc.root ? dl_yaml_get(doc.root, "services") : NULL;
	if (svcs && svcs->type == DL_YAML_MAPPING)
		for (i = 0; i < svcs->pairs_nr; i++) {
			const char *name = scalar(svcs->pairs[i].key);
			if (!name)
				continue;
			DL_ALLOC_GROW(run->compose_names, run->compose_nr + 1,
				      run->compose_alloc);
			run->compose_names[run->compose_nr++] = dl_xstrdup(name);
		}
	dl_arena_release(&arena);
}

static void
collect(struct db_run *run)
{
	struct dl_repo *repo = run->ctx->repo;
	size_t i;

	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];

		switch (f->kind) {
		case DL_KIND_RENDER_YAML:
			collect_render(run, f);
			break;
		case DL_KIND_DOTENV:
			collect_dotenv(run, f);
			break;
		case DL_KIND_ALEMBIC_INI:
			collect_ini(run, f);
			break;
		case DL_KIND_PYTHON:
		case DL_KIND_ALEMBIC_ENV_PY: {
			struct pymod m;
			int keep;
			/* the read pass saw no URL or driver word in it */
			if (!dl_file_lintable(f) || !(dl_ctx_features(run->ctx, f) & DL_FEAT_DB))
				break;
			keep = f->data != NULL;
			if (dl_repo_load(repo, f) < 0)
				break;
			/* most modules mention no URL and no driver setting:
			 * skip lexing them, and give their memory back */
			if (!mentions_db(f->data, f->len)) {
				if (!keep)
					dl_repo_unload(f);
				break;
			}
			scan_python(run, f, &m);
			run->repo_py.rewrites_postgres |= m.rewrites_postgres;
			run->repo_py.strips_sslmode |= m.strips_sslmode;
			run->repo_py.stmt_cache_off |= m.stmt_cache_off;
			run->repo_py.prepare_threshold |= m.prepare_threshold;
			run->repo_py.pre_ping |= m.pre_ping;
			if (m.engine_off && !run->engine_file) {
				run->engine_file = f;
				run->repo_py.engine_off = m.engine_off;
			}
			break;
		}
		case DL_KIND_YAML:
			if (is_compose_file(f->path))
				collect_compose(run, f);
			break;
		default:
			break;
		}
	}
	/* alembic.ini URLs: what their env.py does with them */
	for (i = 0; i < run->occs_nr; i++) {
		struct occ *o = &run->occs[i];
		struct pyscan ps;

		if (o->origin != FROM_INI || !o->env_py || !o->env_py->data)
			continue;
		memset(&ps, 0, sizeof(ps));
		ps.run = run;
		ps.file = o->env_py; /* config_module 0: no URL literals */
		py_lex(o->env_py->data, o->env_py->len, scan_lit, scan_ident, &ps);
		o->rewritten = pyscan_rewrites(&ps);
		o->overridden = ps.call_set_main && ps.sqlalchemy_url_lit;
	}
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
fix_db001(struct db_run *run, const struct occ *o, struct dl_finding *f)
{
	const size_t *starts;
	size_t nr, off;

	if (o->origin != FROM_DOTENV || !o->file || !o->exact || o->url.scheme.off != 0 ||
	    o->url.dialect.len != 8 || !o->pos.line || !o->pos.col || !o->file->data)
		return;
	starts = line_starts(run, o->file, &nr);
	if (o->pos.line > nr)
		return;
	off = starts[o->pos.line - 1] + o->pos.col - 1;
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
	if (o->origin == FROM_INI ? o->rewritten : run->repo_py.rewrites_postgres)
		return;
	dl_strbuf_puts(&fix, "postgresql");
	dl_strbuf_put(&fix, o->text + o->url.dialect.len,
		      o->url.scheme.len - o->url.dialect.len);
	fix_db001(run, o, dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB001), o->path, part_region(o, &o->url.scheme), "scheme '%s' is not a SQLAlchemy dialect (SQLAlchemy 1.4 removed the postgres alias), so create_engine fails with \"Can't load plugin: sqlalchemy.dialects:postgres\"; write %s:// or rewrite the prefix in code before create_engine", part_str(run, o, &o->url.scheme), fix.buf));
	dl_strbuf_release(&fix);
}

/* Note: render.yaml fromDatabase connectionString (Render's URL scheme) fed to
 * a Python service that never rewrites postgres://. */
static void
check_db001_from_database(struct db_run *run)
{
	size_t r, i, j;

	if (run->repo_py.rewrites_postgres)
		return;
	for (r = 0; r < run->renders_nr; r++) {
		struct rfile *rf = &run->renders[r];
		for (i = 0; i < rf->svcs_nr; i++) {
			const struct rsvc *sv = &rf->svcs[i];
			const struct dl_yaml_node *list = seq(sv->envvars);

			if (!sv->runtime || strcmp(sv->runtime, "python") != 0)
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
						    DL_LEVEL_NOTE, rf->file->path,
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
			if (run->repo_py.strips_sslmode)
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
		    !strncmp(host, "aws-", 4) && !mem_has(host, n, ".pooler.")) {
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
		if (run->repo_py.stmt_cache_off ||
		    url_param_off(o, "prepared_statement_cache_size") ||
		    url_param_off(o, "statement_cache_size"))
			return;
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB007), o->path,
			      part_region(o, &u->port),
			      "port 6543 is Supabase's transaction pooler, which does not support prepared statements, and asyncpg prepares and caches every statement (\"prepared statement \\\"__asyncpg_stmt_1__\\\" already exists\"); pass connect_args={\"statement_cache_size\": 0} and add ?prepared_statement_cache_size=0, or use the session pooler on port 5432");
	} else if (dl_dburl_part_is(&u->driver, o->text, "psycopg")) {
		if (run->repo_py.prepare_threshold || url_has_param(o, "prepare_threshold"))
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
	struct dl_file *ef = run->engine_file;
	const size_t *starts;
	size_t i, nr, off, lo, hi;

	if (!ef || run->repo_py.pre_ping || !run->repo_py.engine_off)
		return;
	for (i = 0; i < run->occs_nr && !neon; i++) {
		const struct occ *o = &run->occs[i];
		if (!o->example && !o->overridden && o->url.backend == DL_DBURL_POSTGRESQL &&
		    (o->url.host_kind == DL_DBHOST_NEON || o->url.host_kind == DL_DBHOST_NEON_POOLER))
			neon = o;
	}
	if (!neon || (!ef->data && dl_repo_load(run->ctx->repo, ef) < 0))
		return;
	off = run->repo_py.engine_off - 1;
	if (off >= ef->len)
		return;
	starts = line_starts(run, ef, &nr);
	lo = 0;
	hi = nr;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	f = dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB013), ef->path,
			  dl_region_span((unsigned)lo + 1, (unsigned)(off - starts[lo]) + 1,
					 (unsigned)strcspn(ef->data + off, "( \t")),
			  "this engine keeps a pool of idle connections without pool_pre_ping, and the database is on Neon, which suspends an idle compute (after 5 minutes by default) and closes them; the first query after a quiet spell fails (\"SSL connection has been closed unexpectedly\" or \"server closed the connection unexpectedly\"); pass pool_pre_ping=True (or pool_recycle=240)");
	if (f)
		dl_finding_add_related(f, neon->path, part_region(neon, &neon->url.host),
				       "the Neon host");
}

/* ---- DB008 ------------------------------------------------------------ */

static int
has_migration_command(const char *s, size_t n)
{
	return mem_has(s, n, "alembic upgrade") || mem_has(s, n, "alembic -c") ||
	       mem_has(s, n, "db upgrade") || mem_has(s, n, "-m alembic");
}

/* The file a command runs as a script ("./build.sh", "bash build.sh",
 * "sh scripts/x.sh"), resolved against dir; NULL when none. */
static struct dl_file *
command_script(struct db_run *run, const char *cmd, const char *dir)
{
	const char *p = cmd;
	size_t guard = 0;

	while (*p && guard++ < 4096) {
		const char *w = p, *e;
		char *name, *path;
		struct dl_file *f;
		size_t n;

		while (*w == ' ' || *w == '\t' || *w == '\n' || *w == '&' ||
		       *w == ';' || *w == '|' || *w == '(')
			w++;
		if (!*w)
			break;
		e = w;
		while (*e && !dl_isspace((unsigned char)*e) && *e != ';' &&
		       *e != '&' && *e != '|')
			e++;
		n = (size_t)(e - w);
		if ((n > 3 && !memcmp(e - 3, ".sh", 3)) ||
		    (n > 2 && !memcmp(w, "./", 2))) {
			name = dl_xstrndup(w, n);
			path = dl_path_join(dir, name[0] == '.' && name[1] == '/' ? name + 2 : name);
			f = dl_repo_find(run->ctx->repo, path);
			free(name);
			free(path);
			if (f && dl_file_lintable(f) && dl_repo_load(run->ctx->repo, f) == 0)
				return f;
		}
		p = e;
	}
	return NULL;
}

/* The command (or script it runs) that migrates, or NULL. */
static const struct dl_yaml_node *
migrating_command(struct db_run *run, const struct rsvc *sv)
{
	size_t i;
	const char *dir = sv->root_dir ? sv->root_dir : "";

	for (i = 0; i < 3; i++) {
		const char *cmd = scalar(sv->cmds[i]);
		struct dl_file *script;

		if (!cmd)
			continue;
		if (has_migration_command(cmd, strlen(cmd)))
			return dl_yaml_resolve(sv->cmds[i]);
		script = command_script(run, cmd, dir);
		if (script && has_migration_command(script->data, script->len))
			return dl_yaml_resolve(sv->cmds[i]);
	}
	return NULL;
}

/*
 * The services that see occurrence o (its own service, or the services
 * naming its env group in a fromGroup item): sets *one for a service's own
 * variable and returns a pointer to it, else returns the group's list.
 */
static const size_t *
services_seeing(const struct rfile *rf, const struct occ *o, size_t *one,
		size_t *nr)
{
	if (o->service != SIZE_MAX) {
		*one = o->service;
		*nr = 1;
		return one;
	}
	if (o->group != SIZE_MAX && rf->group_svcs) {
		*nr = rf->group_svcs_nr[o->group];
		return rf->group_svcs[o->group];
	}
	*nr = 0;
	return NULL;
}

static int
pooled_for_migrations(const struct occ *o)
{
	return is_postgres(o) &&
	       (transaction_pooler(o) || o->url.host_kind == DL_DBHOST_NEON_POOLER);
}

static void
report_db008(struct db_run *run, const struct occ *o,
	     const struct dl_yaml_node *cmd, const char *cmd_path)
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
		dl_finding_add_related(f, cmd_path,
				       dl_region_span(cmd->start.line, cmd->start.col, 0),
				       "the command that runs the migrations");
}

struct svc_db008 {
	int migrating; /* -1 unknown, 0 no, 1 yes */
	const struct dl_yaml_node *cmd;
	const struct occ *bad;
	int separate;
};

static void
check_db008(struct db_run *run)
{
	size_t r, s, i, k;

	for (r = 0; r < run->renders_nr; r++) {
		struct rfile *rf = &run->renders[r];
		struct svc_db008 *st;

		if (!rf->svcs_nr)
			continue;
		st = dl_xcalloc(rf->svcs_nr, sizeof(*st));
		for (s = 0; s < rf->svcs_nr; s++)
			st[s].migrating = -1;
		for (i = 0; i < run->occs_nr; i++) {
			const struct occ *o = &run->occs[i];
			const size_t *svcs;
			size_t one, nr;

			if (o->origin != FROM_RENDER || o->render != r || !is_postgres(o))
				continue;
			svcs = services_seeing(rf, o, &one, &nr);
			for (k = 0; k < nr; k++) {
				struct svc_db008 *t = &st[svcs[k]];
				if (t->migrating < 0) {
					t->cmd = migrating_command(run, &rf->svcs[svcs[k]]);
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
		for (s = 0; s < rf->svcs_nr; s++)
			if (st[s].bad && !st[s].separate)
				report_db008(run, st[s].bad, st[s].cmd, rf->file->path);
		free(st);
	}
	/* alembic.ini itself is the migration URL */
	for (i = 0; i < run->occs_nr; i++) {
		const struct occ *o = &run->occs[i];
		if (o->origin == FROM_INI && !o->overridden && pooled_for_migrations(o))
			report_db008(run, o, NULL, NULL);
	}
}

/* ---- DB009 ------------------------------------------------------------ */

static void
check_db009(struct db_run *run, const struct occ *o)
{
	const struct rfile *rf;
	const struct dl_dburl *u = &o->url;

	if (o->origin != FROM_RENDER || !is_postgres(o))
		return;
	rf = &run->renders[o->render];
	if (part_placeholder(o, &u->host) || u->host_kind == DL_DBHOST_TEMPLATE)
		return;
	if (rf->has_databases && rf->first_db)
		dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_DB009), o->path,
			      part_region(o, &u->scheme),
			      "%s is a hard-coded database URL while this Blueprint declares database '%s'; use fromDatabase: {name: %s, property: connectionString} so the URL follows the database",
			      o->key, rf->first_db, rf->first_db);
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
	for (i = 0; i < run->compose_nr; i++)
		if (!strcmp(host, run->compose_names[i]))
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

	for (r = 0; r < run->renders_nr; r++)
		for (s = 0; s < run->renders[r].svcs_nr; s++) {
			const char *n = run->renders[r].svcs[s].name;
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
 * suffix Render adds). Each prefix of the host, up to a DNS name's 253
 * bytes, is looked up. */
static int
render_service_named(struct db_run *run, const char *host)
{
	char buf[254];
	size_t n = strlen(host), len;

	if (!run->svc_names_nr)
		return 0;
	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	for (len = 1; len <= n; len++) {
		const char *key = buf;
		memcpy(buf, host, len);
		buf[len] = '\0';
		if (bsearch(&key, run->svc_names, run->svc_names_nr,
			    sizeof(*run->svc_names), str_cmp))
			return 1;
	}
	return 0;
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
	const struct rfile *best_rf = NULL;
	const struct rsvc *best = NULL;
	size_t best_len = 0, r, s, g, i;

	for (r = 0; r < run->renders_nr; r++)
		for (s = 0; s < run->renders[r].svcs_nr; s++) {
			const struct rsvc *sv = &run->renders[r].svcs[s];
			char *dir = dl_path_join("", sv->root_dir ? sv->root_dir : "");
			size_t n = strlen(dir);
			if (dl_path_is_under(path, dir) && (!best || n > best_len)) {
				best = sv;
				best_rf = &run->renders[r];
				best_len = n;
			}
			free(dir);
		}
	if (!best)
		return -1;
	if (list_declares_db_var(best->envvars))
		return 1;
	for (i = 0; seq(best->envvars) && i < seq(best->envvars)->items_nr; i++) {
		const char *name = scalar(dl_yaml_get(seq(best->envvars)->items[i],
						      "fromGroup"));
		for (g = 0; name && g < best_rf->groups_nr; g++)
			if (best_rf->groups[g].name &&
			    !strcmp(best_rf->groups[g].name, name) &&
			    list_declares_db_var(best_rf->groups[g].envvars))
				return 1;
	}
	return 0;
}

static void
check_db011(struct db_run *run, const struct occ *o)
{
	if (o->url.backend != DL_DBURL_SQLITE || o->example)
		return;
	if (o->origin == FROM_RENDER) {
		const struct rfile *rf = &run->renders[o->render];
		if (o->service != SIZE_MAX && rf->svcs[o->service].has_disk)
			return;
	} else if (o->origin == FROM_DOTENV) {
		if (!o->production)
			return;
	} else if (o->origin == FROM_ENVIRON) {
		if (run->env_svc && run->env_svc->has_disk)
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

/* ---- REQ003 ----------------------------------------------------------- */

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
		if (driver_dists[i].backend == backend &&
		    strlen(driver_dists[i].driver) == len &&
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

/* The requirements file a build command installs with -r, resolved in dir;
 * *skip when the command installs some other way (poetry, uv, pip install .). */
static struct dl_file *
build_requirements(struct db_run *run, const char *cmd, const char *dir, int *skip)
{
	const char *p;

	*skip = 0;
	if (!cmd)
		return dl_requirements_default(run->ctx->repo, dir);
	for (p = cmd; (p = strstr(p, "-r")) != NULL; p += 2) {
		const char *w, *e;
		char *name, *path;
		struct dl_file *f;

		if (p > cmd && !dl_isspace((unsigned char)p[-1]))
			continue;
		w = p + 2;
		if (!strncmp(w, "equirement", 10))
			w += 10;
		while (*w == ' ' || *w == '=' || *w == '\t')
			w++;
		for (e = w; *e && !dl_isspace((unsigned char)*e) && *e != ';' &&
			    *e != '&' && *e != '|';
		     e++)
			;
		if (e == w)
			continue;
		name = dl_xstrndup(w, (size_t)(e - w));
		path = dl_path_join(dir, name);
		f = dl_repo_find(run->ctx->repo, path);
		free(name);
		free(path);
		if (f && dl_file_lintable(f))
			return f;
		*skip = 1; /* a file outside the scan, or generated at build time */
		return NULL;
	}
	if (strstr(cmd, "poetry") || strstr(cmd, "uv sync") || strstr(cmd, "uv pip") ||
	    strstr(cmd, "pipenv") || strstr(cmd, "pdm ") || strstr(cmd, "install .") ||
	    strstr(cmd, "install -e"))
		*skip = 1;
	return *skip ? NULL : dl_requirements_default(run->ctx->repo, dir);
}

static int
has_pyproject(struct db_run *run, const char *dir)
{
	char *path = dl_path_join(dir, "pyproject.toml");
	int r = dl_repo_find(run->ctx->repo, path) != NULL;

	free(path);
	return r;
}

/* The requirements file nearest to a file: its folder or the closest
 * parent with one; NULL when a pyproject.toml comes first or none. */
static struct dl_file *
nearest_requirements(struct db_run *run, const char *file_path)
{
	char *dir = dl_path_dirname(file_path);
	struct dl_file *f = NULL;
	size_t guard;

	for (guard = 0; guard <= DL_MAX_WALK_DEPTH; guard++) {
		char *up;
		f = dl_requirements_default(run->ctx->repo, dir);
		if (f || has_pyproject(run, dir) || !*dir) {
			break;
		}
		up = dl_path_dirname(dir);
		free(dir);
		dir = up;
	}
	free(dir);
	return f;
}

static void
req003_one(struct db_run *run, const struct occ *o, const struct driver_dist *d,
	   struct dl_file *reqf)
{
	const struct dl_req_set *set = dl_model_requirements(dl_ctx_model(run->ctx), reqf)->reqs;
	struct dl_finding *fd;
	size_t i;
	int ok = 0;

	if (!set_complete(set) || set_provides(set, d))
		ok = 1;
	else if (o->url.backend == DL_DBURL_POSTGRESQL && !o->url.driver.present)
		/* code that rewrites postgresql:// to postgresql+X:// */
		for (i = 0; i < run->rewrite_nr && !ok; i++) {
			const char *plus = strchr(run->rewrite_schemes[i], '+');
			const struct driver_dist *rd =
				find_driver(DL_DBURL_POSTGRESQL, plus + 1, strlen(plus + 1));
			ok = rd && set_provides(set, rd);
		}
	if (ok)
		return;
	fd = dl_report_add(run->ctx->report, dl_rule_get(DL_RULE_REQ003), o->path,
			   part_region(o, o->url.driver.present ? &o->url.driver : &o->url.scheme),
			   "the URL's driver needs the %s package, which %s does not install, so the first connection fails with \"ModuleNotFoundError: No module named '%s'\"; add %s to %s",
			   d->module, reqf->path, d->module, d->suggest, reqf->path);
	dl_finding_add_related(fd, reqf->path, dl_region_span(1, 1, 0),
			       "the requirements file the service installs");
}

static void
check_req003(struct db_run *run, const struct occ *o)
{
	const struct driver_dist *d;
	const struct dl_dburl *u = &o->url;
	enum dl_dburl_dialect backend = u->backend;

	if (o->example || o->overridden)
		return;
	if (backend == DL_DBURL_POSTGRES) {
		/* postgres:// works only where code rewrites it (else DB001) */
		if (o->origin == FROM_INI ? !o->rewritten : !run->repo_py.rewrites_postgres)
			return;
		backend = DL_DBURL_POSTGRESQL;
	}
	d = find_driver(backend, u->driver.present ? o->text + u->driver.off : "",
			u->driver.present ? u->driver.len : 0);
	if (!d)
		return;
	if (!u->driver.present && !sqlalchemy_key(o->key) && o->origin != FROM_INI)
		return;
	if (o->origin == FROM_RENDER) {
		const struct rfile *rf = &run->renders[o->render];
		struct dl_file *done[8];
		size_t k, j, one, nr, done_nr = 0;
		const size_t *svcs = services_seeing(rf, o, &one, &nr);
		for (j = 0; j < nr; j++) {
			const struct rsvc *sv = &rf->svcs[svcs[j]];
			char *dir;
			struct dl_file *reqf;
			int skip, seen = 0;

			if (sv->runtime && strcmp(sv->runtime, "python") != 0)
				continue;
			dir = dl_path_join("", sv->root_dir ? sv->root_dir : "");
			reqf = build_requirements(run, scalar(sv->cmds[0]), dir, &skip);
			free(dir);
			if (!reqf || skip)
				continue;
			/* services sharing one requirements file: one finding */
			for (k = 0; k < done_nr; k++)
				seen |= done[k] == reqf;
			if (seen)
				continue;
			if (done_nr < DL_ARRAY_SIZE(done))
				done[done_nr++] = reqf;
			req003_one(run, o, d, reqf);
		}
		return;
	}
	if (o->origin == FROM_ENVIRON) {
		/* the service's requirements, else the repository root's */
		struct dl_file *reqf = NULL;
		int skip = 0;
		if (run->env_svc) {
			char *dir = dl_path_join("", run->env_svc->root_dir ? run->env_svc->root_dir : "");
			reqf = build_requirements(run, scalar(run->env_svc->cmds[0]), dir, &skip);
			free(dir);
		} else if (run->ctx->repo->nr) {
			reqf = dl_requirements_default(run->ctx->repo, "");
		}
		if (reqf && !skip)
			req003_one(run, o, d, reqf);
		return;
	}
	{
		struct dl_file *reqf = nearest_requirements(run, o->path);
		if (reqf)
			req003_one(run, o, d, reqf);
	}
}

/* ---- the family ------------------------------------------------------- */

static void
run_release(struct db_run *run)
{
	size_t i;

	for (i = 0; i < run->renders_nr; i++) {
		struct rfile *rf = &run->renders[i];
		free(rf->svcs);
		free(rf->groups);
	}
	free(run->renders);
	for (i = 0; i < run->lines_nr; i++)
		free(run->lines[i].starts);
	free(run->lines);
	for (i = 0; i < run->compose_nr; i++)
		free(run->compose_names[i]);
	free(run->compose_names);
	for (i = 0; i < run->rewrite_nr; i++)
		free(run->rewrite_schemes[i]);
	free(run->rewrite_schemes);
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
		check_req003(&run, o);
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
	const struct dl_yaml_node *cmd = NULL;
	const struct occ *bad = NULL;
	size_t i;
	int separate = 0;

	if (run->env_svc) {
		cmd = migrating_command(run, run->env_svc);
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
		report_db008(run, bad, cmd, cmd ? run->env_rf->file->path : NULL);
}

void
dl_db_check_vars(struct dl_check_ctx *ctx, const struct dl_env_var *vars, size_t n,
		 const char *service)
{
	struct db_run run;
	size_t i, first, r, s, python_svcs = 0;

	memset(&run, 0, sizeof(run));
	run.ctx = ctx;
	dl_arena_init(&run.arena);
	collect(&run); /* what the repository says, for the cross-checks */
	build_service_names(&run);
	for (r = 0; r < run.renders_nr; r++)
		for (s = 0; s < run.renders[r].svcs_nr; s++) {
			const struct rsvc *sv = &run.renders[r].svcs[s];
			int python = !sv->runtime || !strcmp(sv->runtime, "python");
			if (service ? sv->name && !strcmp(sv->name, service) && !run.env_svc
				    : python && python_svcs++ == 0) {
				run.env_svc = sv;
				run.env_rf = &run.renders[r];
			}
		}
	if (!service && python_svcs != 1)
		run.env_svc = NULL; /* several services: none is assumed */
	first = run.occs_nr;
	for (i = 0; i < n; i++) {
		const struct dl_env_var *v = &vars[i];
		struct occ *o;

		if (!v->value)
			continue;
		o = add_occ(&run, v->file, FROM_ENVIRON, v->key, v->value, v->value_len);
		if (!o)
			continue;
		o->path = v->path;
		o->example = o->production = 0;
		if (v->file && v->binding)
			locate(&run, o, v->binding->value_pos,
			       v->binding->quote != DL_ENV_UNQUOTED);
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
		check_req003(&run, o);
	}
	check_db008_environ(&run, first);
	run_release(&run);
}
