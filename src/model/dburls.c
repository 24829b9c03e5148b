/*
 * deploylint: the database part of the service model
 * (include/deploylint/model.h, dl_model_db): the database URLs of every
 * origin (render.yaml and .env variables, alembic.ini sqlalchemy.url,
 * Python config modules), what the Python code does with them, the
 * docker-compose service names, and the backends each URL reaches. The DB
 * family and REQ003 query it; neither reads these files itself.
 */
#include "model/dburls.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/pytok.h"
#include "deploylint/util.h"
#include "model/alembic.h"

/* ---- small helpers ---------------------------------------------------- */

int
dl_model_db_key(const char *key)
{
	size_t n;

	if (!key)
		return 1;
	n = strlen(key);
	return dl_contains_ci(key, n, "DATABASE") || dl_contains_ci(key, n, "SQLALCHEMY") ||
	       dl_contains_ci(key, n, "DB_UR") || dl_contains_ci(key, n, "DB_DSN");
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
	return dl_mem_has(base, n, "example") || dl_mem_has(base, n, "sample");
}

/* .env.production / .env.prod: the file a deploy reads. */
static int
is_production_env(const char *path)
{
	const char *base = dl_path_basename(path);

	return !strcmp(base, ".env.production") || !strcmp(base, ".env.prod");
}

/* The byte offset of the start of 1-based line `line` of f, or SIZE_MAX. */
static size_t
line_offset(const struct dl_file *f, unsigned line)
{
	size_t off = 0;
	unsigned l = 1;

	while (l < line) {
		const char *nl = memchr(f->data + off, '\n', f->len - off);
		if (!nl)
			return SIZE_MAX;
		off = (size_t)(nl - f->data) + 1;
		l++;
	}
	return off;
}

int
dl_model_dburl_init(struct dl_model_dburl *u, struct dl_file *f, const char *path,
		    const char *key, const char *text, size_t len, struct dl_pos pos, int quoted,
		    int in_place)
{
	size_t off;

	memset(u, 0, sizeof(*u));
	if (!text || len < 4 || dl_dburl_parse(&u->url, text, len) < 0 ||
	    u->url.backend == DL_DBURL_OTHER)
		return -1;
	u->origin = DL_DBURL_FROM_VALUE;
	u->file = f;
	u->path = path ? path : f ? f->path
				  : "";
	u->key = key;
	u->text = text;
	u->len = len;
	u->pos = pos;
	if (f) {
		u->example = is_example_file(f->path);
		u->production = is_production_env(f->path);
	}
	/* the value's text is at pos (+1 when quoted) if the file holds
	 * exactly those bytes there */
	if (!in_place || !f || !f->data || !pos.line || !pos.col)
		return 0;
	off = line_offset(f, pos.line);
	if (off == SIZE_MAX)
		return 0;
	off += (pos.col - 1) + (quoted ? 1 : 0);
	if (off > f->len || f->len - off < len || memchr(text, '\n', len) ||
	    memcmp(f->data + off, text, len) != 0)
		return 0;
	u->pos.col += quoted ? 1 : 0;
	u->exact = 1;
	u->off = off;
	return 0;
}

/* ---- the builder ------------------------------------------------------ */

/* One URL of the joined list: a variable's (env) or one of ext[]. */
struct item {
	const struct dl_model_dburl *env;
	size_t ext;
};

struct dbbuild {
	struct dl_model *m;
	struct dl_model_db *db;
	struct dl_model_dburl *ext; /* alembic.ini and Python URLs */
	size_t ext_nr, ext_alloc;
	struct item *items;
	size_t items_nr, items_alloc;
	size_t rewrite_alloc, compose_alloc;
};

static struct dl_model_dburl *
add_ext(struct dbbuild *b)
{
	struct item *it;

	DL_ALLOC_GROW(b->ext, b->ext_nr + 1, b->ext_alloc);
	DL_ALLOC_GROW(b->items, b->items_nr + 1, b->items_alloc);
	it = &b->items[b->items_nr++];
	it->env = NULL;
	it->ext = b->ext_nr;
	return &b->ext[b->ext_nr++];
}

static void
add_env_item(struct dbbuild *b, const struct dl_model_dburl *u)
{
	struct item *it;

	DL_ALLOC_GROW(b->items, b->items_nr + 1, b->items_alloc);
	it = &b->items[b->items_nr++];
	it->env = u;
	it->ext = SIZE_MAX;
}

/* ---- Python modules, read with the tokenizer -------------------------- */

struct pylit {
	size_t start, end; /* content bytes */
	struct dl_pos pos; /* of the first content byte */
	int triple, raw, bytes, escapes;
};

/* Per-module facts gathered while lexing. */
struct pyscan {
	struct dbbuild *b;
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
scan_ident(struct pyscan *ps, const char *name, size_t len, int call)
{
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
	if (word_is(name, len, "set_main_option") || word_is(name, len, "set_section_option"))
		ps->call_set_main = 1;
}

static void
add_rewrite_scheme(struct dbbuild *b, const char *s, size_t n)
{
	struct dl_model_dbcode *c = &b->db->code;
	size_t i;

	for (i = 0; i < c->rewrite_nr; i++)
		if (strlen(c->rewrite_schemes[i]) == n && !memcmp(c->rewrite_schemes[i], s, n))
			return;
	DL_ALLOC_GROW(c->rewrite_schemes, c->rewrite_nr + 1, b->rewrite_alloc);
	c->rewrite_schemes[c->rewrite_nr++] = dl_arena_strndup(&b->m->arena, s, n);
}

static void
scan_lit(struct pyscan *ps, const char *d, const struct pylit *lit)
{
	const char *s = d + lit->start;
	size_t n = lit->end - lit->start, k;
	struct dl_model_dburl u;

	if (n <= 16 && !memchr(s, '@', n) && dl_mem_has(s, n, "postgres:") &&
	    !dl_mem_has(s, n, "postgresql:"))
		ps->short_postgres_lit = 1;
	if (!dl_mem_has(s, n, "://") && dl_mem_has(s, n, "sslmode"))
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
	for (k = 0; k < n && (dl_isalnum((unsigned char)s[k]) || s[k] == '+' || s[k] == '_'); k++)
		;
	if (k > 0 && n == k + 3 && !memcmp(s + k, "://", 3) && memchr(s, '+', k) &&
	    dl_dburl_backend(s, k) == DL_DBURL_POSTGRESQL)
		add_rewrite_scheme(ps->b, s, k);

	if (!ps->config_module || lit->triple || lit->bytes || k + 3 >= n)
		return;
	if (dl_model_dburl_init(&u, ps->file, NULL, NULL, s, n, lit->pos, 0, 0) < 0)
		return;
	u.origin = DL_DBURL_FROM_PY;
	u.exact = !lit->escapes;
	u.off = lit->start;
	*add_ext(ps->b) = u;
}

/*
 * Walks the module through the Python tokenizer (deploylint/pytok.h):
 * every string literal (any prefix, single, double or triple quotes; an
 * unterminated one ends at its line or at the end) and every identifier
 * outside strings and comments (a call when '(' follows it after blanks).
 * Linear in the module's size.
 */
static void
py_lex(struct pyscan *ps)
{
	const char *d = ps->file->data;
	size_t n = ps->file->len;
	struct dl_pytok tz;
	struct dl_pytoken t;

	dl_pytok_init(&tz, d, n);
	for (dl_pytok_next(&tz, &t); t.kind != DL_PYTOK_ENDMARKER; dl_pytok_next(&tz, &t)) {
		if (t.kind == DL_PYTOK_NAME) {
			size_t k = t.end;
			while (k < n && (d[k] == ' ' || d[k] == '\t'))
				k++;
			scan_ident(ps, d + t.start, t.end - t.start, k < n && d[k] == '(');
		} else if (t.kind == DL_PYTOK_STRING) {
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
			scan_lit(ps, d, &lit);
		}
	}
}

/* The module turns postgres:// into postgresql://: a short "postgres://"
 * literal with a string-rewriting call, or a drivername change. */
static int
pyscan_rewrites(const struct pyscan *ps)
{
	return (ps->short_postgres_lit && ps->call_rewrite) || (ps->drivername && ps->postgresql_lit);
}

/* Whether a Python module can matter at all: it holds a URL, names
 * postgres, or sets an asyncpg/psycopg connection option. */
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

/* The 1-based position of byte off of f. */
static struct dl_pos
pos_of(const struct dl_file *f, size_t off)
{
	struct dl_pos p;
	size_t i, start = 0;

	memset(&p, 0, sizeof(p));
	p.line = 1;
	for (i = 0; i < off && i < f->len; i++)
		if (f->data[i] == '\n') {
			p.line++;
			start = i + 1;
		}
	p.col = (unsigned)(off - start) + 1;
	return p;
}

static void
read_python(struct dbbuild *b, struct dl_file *f)
{
	struct dl_model_dbcode *c = &b->db->code;
	struct pyscan ps;
	int keep = f->data != NULL;

	if (dl_repo_load(b->m->repo, f) < 0)
		return;
	/* most modules mention no URL and no driver setting: skip lexing
	 * them, and give their memory back */
	if (!mentions_db(f->data, f->len)) {
		if (!keep)
			dl_repo_unload(f);
		return;
	}
	memset(&ps, 0, sizeof(ps));
	ps.b = b;
	ps.file = f;
	ps.config_module = f->kind == DL_KIND_PYTHON && is_config_module(f->path);
	py_lex(&ps);
	c->rewrites_postgres |= pyscan_rewrites(&ps);
	c->strips_sslmode |= ps.sslmode_lit && ps.call_strip;
	c->stmt_cache_off |= ps.stmt_cache;
	c->prepare_threshold |= ps.prepare_threshold;
	c->pre_ping |= ps.pre_ping;
	if (ps.engine_off && !c->engine_file && ps.engine_off - 1 < f->len) {
		size_t off = ps.engine_off - 1;
		c->engine_file = f;
		c->engine_pos = pos_of(f, off);
		c->engine_len = (unsigned)strcspn(f->data + off, "( \t");
	}
}

/* ---- alembic.ini ------------------------------------------------------ */

static void
read_ini(struct dbbuild *b, const struct dl_alembic *a, struct dl_file *f)
{
	const struct dl_ini *ini = dl_model_doc(b->m, f);
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
			struct dl_model_dburl u;
			size_t bad;
			const char *text = e->value;
			size_t len = e->value_len;

			if (strcmp(e->key, "sqlalchemy.url") != 0)
				continue;
			if (memchr(e->value, '%', e->value_len)) {
				/* what SQLAlchemy receives is the interpolated value;
				 * ALM006 reports values configparser rejects */
				if (dl_ini_interpolate(&sb, ini, s->name, e->value, e->value_len,
						       defaults, &bad) < 0) {
					dl_strbuf_release(&sb);
					continue;
				}
				text = dl_arena_strndup(&b->m->arena, sb.buf, sb.len);
				len = sb.len;
			}
			dl_strbuf_release(&sb);
			if (dl_model_dburl_init(&u, f, NULL, "sqlalchemy.url", text, len,
						e->value_pos, 0, 1) < 0)
				continue;
			u.origin = DL_DBURL_FROM_INI;
			u.env_py = env_py;
			*add_ext(b) = u;
		}
	}
	free(dir);
}

/* What an ini URL's env.py does with it: sets it, or rewrites postgres://. */
static void
read_env_py(struct dbbuild *b, struct dl_model_dburl *u)
{
	struct pyscan ps;

	if (!u->env_py || !u->env_py->data)
		return;
	memset(&ps, 0, sizeof(ps));
	ps.b = b;
	ps.file = u->env_py; /* config_module 0: no URL literals */
	py_lex(&ps);
	u->rewritten = pyscan_rewrites(&ps);
	u->overridden = ps.call_set_main && ps.sqlalchemy_url_lit;
}

/* ---- docker-compose files --------------------------------------------- */

static int
is_compose_file(const char *path)
{
	const char *base = dl_path_basename(path);
	size_t n = strlen(base);

	if (!(n > 4 && (!strcmp(base + n - 4, ".yml") || (n > 5 && !strcmp(base + n - 5, ".yaml")))))
		return 0;
	return !strncmp(base, "docker-compose", 14) || !strncmp(base, "compose.", 8) ||
	       !strncmp(base, "compose-", 8);
}

static void
read_compose(struct dbbuild *b, struct dl_file *f)
{
	struct dl_model_db *db = b->db;
	struct dl_arena arena;
	struct dl_yaml_doc doc;
	const struct dl_yaml_node *svcs;
	size_t i;

	if (!dl_file_lintable(f) || dl_repo_load(b->m->repo, f) < 0)
		return;
	dl_arena_init(&arena);
	dl_yaml_parse(&doc, &arena, f->data, f->len);
	svcs = doc.root ? dl_yaml_get(doc.root, "services") : NULL;
	if (svcs && svcs->type == DL_YAML_MAPPING)
		for (i = 0; i < svcs->pairs_nr; i++) {
			const struct dl_yaml_node *k = dl_yaml_resolve(svcs->pairs[i].key);
			if (!k || k->type != DL_YAML_SCALAR)
				continue;
			DL_ALLOC_GROW(db->compose_services, db->compose_nr + 1, b->compose_alloc);
			db->compose_services[db->compose_nr++] =
				dl_arena_strndup(&b->m->arena, k->scalar, strlen(k->scalar));
		}
	dl_arena_release(&arena);
}

/* ---- the part --------------------------------------------------------- */

const struct dl_model_db *
dl_model_db(struct dl_model *m, const struct dl_alembic *a, dl_model_file_pred may_matter,
	    void *payload)
{
	struct dl_model_db **slot = dl_model_db_slot(m);
	struct dbbuild b;
	struct dl_repo *repo = m->repo;
	size_t i, k, nr;

	if (*slot != NULL) /* built once */
		return *slot;
	memset(&b, 0, sizeof(b));
	b.m = m;
	b.db = *slot = dl_xcalloc(1, sizeof(**slot));
	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		const struct dl_model_dburl *urls;

		switch (f->kind) {
		case DL_KIND_RENDER_YAML:
		case DL_KIND_DOTENV:
			urls = dl_model_file_dburls(m, f, &nr);
			for (k = 0; k < nr; k++)
				add_env_item(&b, &urls[k]);
			break;
		case DL_KIND_ALEMBIC_INI:
			read_ini(&b, a, f);
			break;
		case DL_KIND_PYTHON:
		case DL_KIND_ALEMBIC_ENV_PY:
			/* the read pass saw no URL or driver word in it */
			if (dl_file_lintable(f) && (!may_matter || may_matter(f, payload)))
				read_python(&b, f);
			break;
		case DL_KIND_YAML:
			if (is_compose_file(f->path))
				read_compose(&b, f);
			break;
		default:
			break;
		}
	}
	/* alembic.ini URLs: what their env.py does with them */
	for (i = 0; i < b.ext_nr; i++)
		if (b.ext[i].origin == DL_DBURL_FROM_INI)
			read_env_py(&b, &b.ext[i]);
	/* the joined list (ext[] is complete: no more moves) */
	b.db->urls = dl_xcalloc(b.items_nr ? b.items_nr : 1, sizeof(*b.db->urls)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	for (i = 0; i < b.items_nr; i++)
		b.db->urls[i] = b.items[i].env ? b.items[i].env : &b.ext[b.items[i].ext];
	b.db->urls_nr = b.items_nr;
	free(b.items);
	/* kept: the URLs point into it; released by dl_model_db_free */
	b.db->ext = b.ext;
	b.db->ext_nr = b.ext_nr;
	return b.db;
}

void
dl_model_db_free(struct dl_model_db *db)
{
	if (!db)
		return;
	free((void *)db->urls);
	free(db->code.rewrite_schemes);
	free(db->compose_services);
	free(db->ext);
	free(db);
}

/* ---- the backends a URL reaches --------------------------------------- */

static void
add_backend(const struct dl_backend ***out, size_t *nr, size_t *alloc, const struct dl_backend *be)
{
	size_t k;

	for (k = 0; k < *nr; k++)
		if ((*out)[k] == be)
			return;
	DL_ALLOC_GROW(*out, *nr + 1, *alloc);
	(*out)[(*nr)++] = be;
}

const struct dl_backend **
dl_model_dburl_backends(const struct dl_model *m, const struct dl_model_dburl *u, size_t *nr)
{
	const struct dl_backend **out = NULL;
	size_t alloc = 0, i, j, best = 0;
	int found = 0;

	*nr = 0;
	if (u->env && u->env->blueprint != SIZE_MAX) {
		const struct dl_model_blueprint *mb = &m->blueprints[u->env->blueprint];
		size_t one, snr;
		const size_t *svcs = dl_model_env_services(m, u->env, &one, &snr);

		for (j = 0; j < snr; j++) {
			const struct dl_yaml_node *node = mb->bp.services[svcs[j]].node;
			for (i = 0; i < m->backends.nr; i++)
				if (m->backends.items[i].service_node == node)
					add_backend(&out, nr, &alloc, &m->backends.items[i]);
		}
		return out;
	}
	if (!u->file)
		return NULL;
	/* the deepest backend folder holding the file */
	for (i = 0; i < m->backends.nr; i++) {
		const char *dir = m->backends.items[i].dir;
		size_t n = strlen(dir);
		if (dl_path_is_under(u->file->path, dir) && (!found || n > best)) {
			best = n;
			found = 1;
		}
	}
	for (i = 0; found && i < m->backends.nr; i++) {
		const char *dir = m->backends.items[i].dir;
		if (strlen(dir) == best && dl_path_is_under(u->file->path, dir))
			add_backend(&out, nr, &alloc, &m->backends.items[i]);
	}
	return out;
}

const struct dl_bp_service *
dl_model_env_service(const struct dl_model *m, const char *name,
		     const struct dl_model_blueprint **mb)
{
	const struct dl_bp_service *found = NULL;
	size_t r, s, python = 0;

	*mb = NULL;
	for (r = 0; r < m->blueprints_nr; r++) {
		const struct dl_blueprint *bp = &m->blueprints[r].bp;
		if (!bp->root)
			continue;
		for (s = 0; s < bp->services_nr; s++) {
			const struct dl_bp_service *sv = &bp->services[s];
			int py = !sv->runtime_s || !strcmp(sv->runtime_s, "python");
			if (name ? sv->name_s && !strcmp(sv->name_s, name) && !found
				 : py && python++ == 0) {
				found = sv;
				*mb = &m->blueprints[r];
			}
		}
	}
	if (!name && python != 1) {
		found = NULL; /* several services: none is assumed */
		*mb = NULL;
	}
	return found;
}
