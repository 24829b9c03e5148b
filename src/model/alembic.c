/*
 * deploylint: Alembic script locations and revision graphs, read without
 * importing any Python. Mirrors alembic's ScriptDirectory and RevisionMap
 * (alembic 1.8-1.16: script/base.py, script/revision.py).
 */
#include "model/alembic.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"

/* ---- string -> index maps (dl_hashmap borrowing the revision's strings) ---- */

struct strmap {
	struct dl_hashmap map;
};

static void
strmap_init(struct strmap *m, size_t expected)
{
	(void)expected;
	dl_hashmap_init(&m->map, 0);
}

static void
strmap_release(struct strmap *m)
{
	dl_hashmap_release(&m->map);
}

/* Returns 1 and *out when found. */
static int
strmap_get(const struct strmap *m, const char *key, size_t *out)
{
	void *v;
	if (!dl_hashmap_get(&m->map, key, strlen(key), &v))
		return 0;
	*out = DL_HASHMAP_IDX(v);
	return 1;
}

/* Inserts unless present; returns 1 when inserted. */
static int
strmap_put(struct strmap *m, const char *key, size_t val)
{
	return dl_hashmap_add(&m->map, key, strlen(key), DL_HASHMAP_VAL(val));
}

/* ---- discovery ---- */

static void
add_location(struct dl_alembic *a, struct dl_script_location *loc)
{
	DL_ALLOC_GROW(a->locs, a->locs_nr + 1, a->locs_alloc);
	a->locs[a->locs_nr++] = *loc;
}

/* The HERE marker stands for the ini's folder in interpolated values. */
#define HERE_MARK "\001here\001"

/*
 * Resolves a path written in alembic.ini as Alembic does: %(here)s (already
 * replaced by the marker) is the ini's folder `inidir`; a "package:path"
 * resource is looked up as pkg/sub/path from `inidir`; any other relative
 * path is relative to the folder alembic runs in, `cwd` (Alembic calls
 * os.path.abspath on it). Returns a malloc'd root-relative path, or NULL
 * when it is absolute or leaves the root.
 */
static char *
resolve_ini_path(const char *inidir, const char *cwd, const char *value)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const char *colon;
	char *joined;

	if (!strncmp(value, HERE_MARK, strlen(HERE_MARK))) {
		dl_strbuf_puts(&sb, value + strlen(HERE_MARK));
		joined = dl_path_join(inidir, sb.buf[0] == '/' ? sb.buf + 1 : sb.buf);
	} else if (value[0] == '/') {
		dl_strbuf_release(&sb);
		return NULL;
	} else if ((colon = strchr(value, ':')) != NULL) {
		/* package resource: "pkg.sub:path" -> pkg/sub/path */
		const char *p;
		for (p = value; p < colon; p++)
			dl_strbuf_putc(&sb, *p == '.' ? '/' : *p);
		dl_strbuf_putc(&sb, '/');
		dl_strbuf_puts(&sb, colon + 1);
		joined = dl_path_join(inidir, sb.buf);
	} else {
		joined = dl_path_join(cwd, value);
	}
	dl_strbuf_release(&sb);
	if (!dl_path_is_under(joined, "")) {
		free(joined);
		return NULL;
	}
	return joined;
}

/* Whether a script_location value is relative to the working folder. */
static int
cwd_relative(const char *value)
{
	return strncmp(value, HERE_MARK, strlen(HERE_MARK)) != 0 && value[0] != '/' &&
	       !strchr(value, ':');
}

static char *
strip_ws(struct dl_arena *arena, const char *s, size_t n)
{
	while (n && dl_isspace((unsigned char)*s))
		s++, n--;
	while (n && dl_isspace((unsigned char)s[n - 1]))
		n--;
	return dl_arena_strndup(arena, s, n);
}

static void
split_version_locations(struct dl_alembic *a, struct dl_script_location *loc,
			const char *inidir, const char *cwd, const char *value,
			const char *sep)
{
	size_t alloc = 0;
	const char *p = value;

	while (*p) {
		size_t n;
		const char *tok;
		char *item, *dir;
		if (!sep) {
			/* legacy: split on ", *" or " +" (and newlines) */
			while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\t')
				p++;
			tok = p;
			n = strcspn(p, " ,\n\t");
		} else if (!strcmp(sep, "\n")) {
			tok = p;
			n = strcspn(p, "\n");
		} else {
			tok = p;
			n = strcspn(p, sep);
		}
		p += n;
		if (*p)
			p++;
		item = strip_ws(&a->arena, tok, n);
		if (!*item)
			continue;
		DL_ALLOC_GROW(loc->versions, loc->versions_nr + 1, alloc);
		dir = resolve_ini_path(inidir, cwd, item);
		memset(&loc->versions[loc->versions_nr], 0, sizeof(*loc->versions));
		loc->versions[loc->versions_nr].raw = item;
		loc->versions[loc->versions_nr].dir = dir;
		loc->versions[loc->versions_nr].outside = dir == NULL;
		loc->versions_nr++;
	}
}

static const char *
ini_value(struct dl_alembic *a, const struct dl_ini *ini, const char *key,
	  const char *inidir)
{
	const struct dl_ini_entry *e = dl_ini_get(ini, "alembic", key);
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const char *defaults[] = { "here", HERE_MARK, NULL };
	size_t bad;
	const char *r;

	(void)inidir;
	if (!e)
		return NULL;
	if (dl_ini_interpolate(&sb, ini, "alembic", e->value, e->value_len,
			       defaults, &bad) < 0) {
		dl_strbuf_release(&sb);
		return NULL;
	}
	r = strip_ws(&a->arena, sb.buf, sb.len);
	dl_strbuf_release(&sb);
	return r;
}

static void
location_from_ini(struct dl_alembic *a, struct dl_repo *repo,
		  struct dl_alembic_ini *ai)
{
	struct dl_script_location loc;
	const struct dl_ini_entry *e;
	char *inidir = dl_path_dirname(ai->file->path);
	const char *value, *vl, *cwd;

	memset(&loc, 0, sizeof(loc));
	loc.ini = ai;
	if (!dl_ini_section(&ai->ini, "alembic")) {
		loc.problem = DL_LOC_NO_SECTION;
		goto done;
	}
	e = dl_ini_get(&ai->ini, "alembic", "script_location");
	if (!e) {
		/* Flask-Migrate's migrations/alembic.ini names no script_location:
		 * Flask-Migrate passes its own folder in code */
		char *env = dl_path_join(inidir, "env.py");
		char *versions = dl_path_join(inidir, "versions");
		if (dl_repo_find(repo, env) && dl_repo_has_dir(repo, versions)) {
			loc.dir = dl_xstrdup(inidir);
			loc.flask_migrate = 1;
		} else {
			loc.problem = DL_LOC_NO_KEY;
		}
		free(env);
		free(versions);
		goto done;
	}
	loc.raw = strip_ws(&a->arena, e->value, e->value_len);
	value = ini_value(a, &ai->ini, "script_location", inidir);
	if (!value) {
		loc.problem = DL_LOC_BAD_INTERPOLATION;
		goto done;
	}
	cwd = inidir;
	if (cwd_relative(value)) {
		/* the folder alembic runs in: a command's, else the ini's */
		const struct dl_alembic_run *run = NULL;
		size_t k;
		for (k = 0; k < a->runs.nr && !run; k++)
			if (a->runs.items[k].ini &&
			    !strcmp(a->runs.items[k].ini, ai->file->path))
				run = &a->runs.items[k];
		if (run) {
			loc.base = DL_BASE_COMMAND;
			loc.run = run;
			cwd = run->cwd;
		} else {
			char *there = resolve_ini_path(inidir, inidir, value);
			char *root = resolve_ini_path(inidir, "", value);
			loc.base = DL_BASE_INI_DIR;
			if (there && root && !dl_repo_has_dir(repo, there) &&
			    dl_repo_has_dir(repo, root)) {
				loc.base = DL_BASE_ROOT;
				cwd = "";
			}
			free(there);
			free(root);
		}
	}
	loc.dir = resolve_ini_path(inidir, cwd, value);
	if (!loc.dir) {
		loc.problem = DL_LOC_OUTSIDE;
		goto done;
	}
	if (!dl_repo_has_dir(repo, loc.dir)) {
		loc.problem = DL_LOC_MISSING;
		goto done;
	}
	vl = ini_value(a, &ai->ini, "version_locations", inidir);
	if (vl && *vl) {
		const char *sep = ini_value(a, &ai->ini, "path_separator", inidir);
		const char *split = NULL;
		if (!sep)
			sep = ini_value(a, &ai->ini, "version_path_separator", inidir);
		if (sep) {
			if (!strcmp(sep, "space"))
				split = " ";
			else if (!strcmp(sep, "os") || !strcmp(sep, ":"))
				split = ":";
			else if (!strcmp(sep, ";"))
				split = ";";
			else if (!strcmp(sep, "newline"))
				split = "\n";
		}
		loc.explicit_versions = 1;
		split_version_locations(a, &loc, inidir, cwd, vl, split);
	}
	vl = ini_value(a, &ai->ini, "recursive_version_locations", inidir);
	if (vl && (!strcmp(vl, "true") || !strcmp(vl, "True") || !strcmp(vl, "1")))
		loc.recursive = 1;
done:
	free(inidir);
	add_location(a, &loc);
}

static int
loc_cmp(const void *pa, const void *pb)
{
	const struct dl_script_location *x = pa, *y = pb;
	int c = strcmp(x->dir ? x->dir : "", y->dir ? y->dir : "");
	if (c)
		return c;
	return strcmp(x->ini ? x->ini->file->path : "",
		      y->ini ? y->ini->file->path : "");
}

static int
is_revision_name(const char *base)
{
	size_t n = strlen(base);
	if (n < 3 || strcmp(base + n - 3, ".py") != 0)
		return 0;
	return strncmp(base, ".#", 2) != 0 && strncmp(base, "__init__", 8) != 0;
}

static int
in_version_dir(const char *path, const char *dir, int recursive)
{
	char *d = dl_path_dirname(path);
	int r = recursive ? dl_path_is_under(d, dir) : !strcmp(d, dir);
	free(d);
	return r;
}

static int
is_hex_name(const char *base, size_t *stem_len)
{
	size_t n = strlen(base), i;
	if (n <= 3)
		return 0;
	for (i = 0; i < n - 3; i++)
		if (!dl_isdigit((unsigned char)base[i]) &&
		    !(base[i] >= 'a' && base[i] <= 'f'))
			return 0;
	*stem_len = n - 3;
	return 1;
}

static void
load_revision(struct dl_alembic *a, struct dl_repo *repo, struct dl_revision *r)
{
	const struct dl_revref *rv;
	size_t stem;

	r->duplicate_of = -1;
	r->cycle_item = r->cycle_dep_item = -1;
	r->label_owner = -1;
	if (dl_repo_load(repo, r->file) < 0) {
		r->state = DL_REV_NO_ID;
		return;
	}
	dl_revfile_parse(&r->rf, &a->arena, r->file->data, r->file->len);
	rv = &r->rf.revision;
	if (rv->kind == DL_REVREF_STRING && rv->nr == 1) {
		r->id = rv->items[0].value;
		r->id_pos = rv->items[0].pos;
		r->id_end_col = rv->items[0].end_col;
	} else if (rv->kind == DL_REVREF_ABSENT &&
		   is_hex_name(dl_path_basename(r->file->path), &stem)) {
		r->id = dl_arena_strndup(&a->arena, dl_path_basename(r->file->path), stem);
		r->id_pos.line = r->id_pos.col = 1;
	} else {
		r->state = rv->kind == DL_REVREF_ABSENT ? DL_REV_NO_ID : DL_REV_BAD_ID;
	}
}

static int
size_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	return a < b ? -1 : a > b;
}

/* Appends the indexes of the files below folder `dir` ('' is the root):
 * those whose path starts with dir + "/", one range of repo->files, which
 * is sorted in byte order. */
static void
add_range(const struct dl_repo *repo, const char *dir, size_t **v, size_t *nr,
	  size_t *alloc)
{
	struct dl_strbuf key = DL_STRBUF_INIT;
	size_t lo = 0, hi = repo->nr;

	if (*dir) {
		dl_strbuf_puts(&key, dir);
		dl_strbuf_putc(&key, '/');
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(repo->files[mid].path, key.buf) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	for (; lo < repo->nr; lo++) {
		if (key.len && strncmp(repo->files[lo].path, key.buf, key.len) != 0)
			break;
		DL_ALLOC_GROW(*v, *nr + 1, *alloc);
		(*v)[(*nr)++] = lo;
	}
	dl_strbuf_release(&key);
}

/* ---- Alembic's load order ---- */

struct load_key {
	size_t rev;
	size_t vloc;     /* the first listed version location holding it */
	const char *rel; /* its path below that location */
};

/*
 * os.walk(top_down) with sorted names, as alembic's _list_py_dir reads a
 * version location: a folder's files (sorted) before its subfolders
 * (sorted, each walked the same way).
 */
static int
walk_cmp(const char *a, const char *b)
{
	for (;;) {
		size_t na = strcspn(a, "/"), nb = strcspn(b, "/");
		int a_file = a[na] == '\0', b_file = b[nb] == '\0';
		int c;
		if (a_file != b_file)
			return a_file ? -1 : 1;
		c = strncmp(a, b, na < nb ? na : nb);
		if (!c)
			c = na < nb ? -1 : na > nb;
		if (c || a_file)
			return c;
		a += na + 1;
		b += nb + 1;
	}
}

static int
load_key_cmp(const void *pa, const void *pb)
{
	const struct load_key *x = pa, *y = pb;
	if (x->vloc != y->vloc)
		return x->vloc < y->vloc ? -1 : 1;
	return walk_cmp(x->rel, y->rel);
}

static void
compute_load_order(struct dl_script_location *loc)
{
	struct load_key *keys = dl_xcalloc(loc->revs_nr ? loc->revs_nr : 1, sizeof(*keys));
	size_t i, j;

	for (i = 0; i < loc->revs_nr; i++) {
		const char *path = loc->revs[i].file->path;
		keys[i].rev = i;
		keys[i].vloc = loc->versions_nr;
		keys[i].rel = path;
		for (j = 0; j < loc->versions_nr; j++) {
			const struct dl_version_dir *vd = &loc->versions[j];
			size_t n;
			if (!vd->dir || vd->missing ||
			    !in_version_dir(path, vd->dir, loc->recursive))
				continue;
			n = strlen(vd->dir);
			keys[i].vloc = j;
			keys[i].rel = n ? path + n + 1 : path;
			break;
		}
	}
	if (loc->revs_nr > 1)
		qsort(keys, loc->revs_nr, sizeof(*keys), load_key_cmp);
	loc->load_order = dl_xmalloc(dl_st_mult(loc->revs_nr + 1, sizeof(size_t)));
	for (i = 0; i < loc->revs_nr; i++) {
		loc->load_order[i] = keys[i].rev;
		loc->revs[keys[i].rev].load_rank = i;
	}
	free(keys);
}

static void
collect_revisions(struct dl_alembic *a, struct dl_repo *repo,
		  struct dl_script_location *loc)
{
	size_t j, k, alloc = 0, *cand = NULL, cand_nr = 0, cand_alloc = 0;
	struct dl_version_dir def;

	if (!loc->explicit_versions) {
		memset(&def, 0, sizeof(def));
		def.dir = dl_path_join(loc->dir, "versions");
		def.raw = "versions";
		loc->versions = dl_xmalloc(sizeof(def));
		loc->versions[0] = def;
		loc->versions_nr = 1;
	}
	for (j = 0; j < loc->versions_nr; j++) {
		struct dl_version_dir *vd = &loc->versions[j];
		if (vd->dir && !dl_repo_has_dir(repo, vd->dir))
			vd->missing = 1;
	}
	/* the files under each version folder: ranges of the sorted list */
	for (j = 0; j < loc->versions_nr; j++)
		if (loc->versions[j].dir && !loc->versions[j].missing)
			add_range(repo, loc->versions[j].dir, &cand, &cand_nr, &cand_alloc);
	if (cand_nr > 1)
		qsort(cand, cand_nr, sizeof(*cand), size_cmp);
	for (k = 0; k < cand_nr; k++) {
		struct dl_file *f;
		int hit = 0;
		if (k && cand[k] == cand[k - 1])
			continue;
		f = &repo->files[cand[k]];
		if (!dl_file_lintable(f) || !is_revision_name(dl_path_basename(f->path)))
			continue;
		for (j = 0; j < loc->versions_nr && !hit; j++)
			hit = loc->versions[j].dir && !loc->versions[j].missing &&
			      in_version_dir(f->path, loc->versions[j].dir, loc->recursive);
		if (!hit)
			continue;
		if (loc->revs_nr >= DL_MAX_REVISIONS) {
			loc->cut_at = f;
			break;
		}
		f->kind = DL_KIND_ALEMBIC_REVISION;
		DL_ALLOC_GROW(loc->revs, loc->revs_nr + 1, alloc);
		memset(&loc->revs[loc->revs_nr], 0, sizeof(*loc->revs));
		loc->revs[loc->revs_nr].file = f;
		load_revision(a, repo, &loc->revs[loc->revs_nr]);
		loc->revs_nr++;
	}
	free(cand);
	compute_load_order(loc);
}

/* ---- graph ---- */

/*
 * Resolves each item of `ref` to a revision index (SIZE_MAX when it names
 * nothing). down_revision names revision ids only (alembic raises KeyError
 * for a branch label there); depends_on may also name a branch label.
 */
static size_t *
resolve_refs(const struct dl_revref *ref, const struct strmap *ids,
	     const struct strmap *labels, size_t *nr_out)
{
	size_t *out = NULL, i, v, nr = 0;
	if (ref->kind != DL_REVREF_STRING && ref->kind != DL_REVREF_TUPLE) {
		*nr_out = 0;
		return NULL;
	}
	out = dl_xmalloc(dl_st_mult(ref->nr + 1, sizeof(*out)));
	for (i = 0; i < ref->nr; i++) {
		if (strmap_get(ids, ref->items[i].value, &v) ||
		    (labels && strmap_get(labels, ref->items[i].value, &v)))
			out[nr++] = v;
		else
			out[nr++] = SIZE_MAX; /* dangling; kept to align with items */
	}
	*nr_out = nr;
	return out;
}

/*
 * Iterative three-colour DFS over down_revision and depends_on edges.
 * Marks the edge that closes each cycle (cycle_item / cycle_dep_item).
 */
/*
 * Whether Alembic follows this file's down revisions: a kept revision, or
 * an overridden duplicate with branch_labels (RevisionMap's map_ keeps it
 * under its labels, and its down_revision loop walks map_.values()).
 */
static int
edge_source(const struct dl_revision *r)
{
	const struct dl_revref *bl = &r->rf.branch_labels;
	return r->id && (r->duplicate_of < 0 ||
			 ((bl->kind == DL_REVREF_STRING || bl->kind == DL_REVREF_TUPLE) && bl->nr));
}

static void
find_cycles(struct dl_script_location *loc)
{
	size_t n = loc->revs_nr, i;
	unsigned char *color = dl_xcalloc(n ? n : 1, 1);
	size_t *stack = dl_xmalloc(dl_st_mult(n + 1, sizeof(size_t)));
	size_t *edge = dl_xmalloc(dl_st_mult(n + 1, sizeof(size_t)));

	for (i = 0; i < n; i++) {
		size_t sp = 0;
		if (color[i] || loc->revs[i].duplicate_of >= 0 || !loc->revs[i].id)
			continue;
		stack[sp] = i;
		edge[sp] = 0;
		sp++;
		color[i] = 1;
		while (sp) {
			struct dl_revision *r = &loc->revs[stack[sp - 1]];
			size_t e = edge[sp - 1]++;
			size_t total = r->down_nr + r->deps_nr, next;
			if (e >= total) {
				color[stack[sp - 1]] = 2;
				sp--;
				continue;
			}
			next = e < r->down_nr ? r->down[e] : r->deps[e - r->down_nr];
			if (next == SIZE_MAX)
				continue;
			if (color[next] == 1) {
				r->in_cycle = 1;
				if (e < r->down_nr)
					r->cycle_item = (int)e;
				else
					r->cycle_dep_item = (int)(e - r->down_nr);
			} else if (color[next] == 0) {
				color[next] = 1;
				stack[sp] = next;
				edge[sp] = 0;
				sp++;
			}
		}
	}
	free(color);
	free(stack);
	free(edge);
}

/*
 * For each revision, the nearest ancestor (itself included) carrying
 * branch_labels: -1 when none, -2 when its down revisions disagree.
 * Kahn's order from the bases upward; revisions in cycles keep -1.
 */
static void
propagate_labels(struct dl_script_location *loc)
{
	size_t n = loc->revs_nr, i, j, head = 0, tail = 0;
	size_t *pending = dl_xcalloc(n ? n : 1, sizeof(size_t));
	size_t *queue = dl_xmalloc(dl_st_mult(n + 1, sizeof(size_t)));
	size_t *up_start = dl_xcalloc(n + 1, sizeof(size_t));
	size_t *up, total = 0;

	for (i = 0; i < n; i++) {
		struct dl_revision *r = &loc->revs[i];
		for (j = 0; j < r->down_nr; j++)
			if (r->down[j] != SIZE_MAX) {
				pending[i]++;
				up_start[r->down[j] + 1]++;
				total++;
			}
	}
	for (i = 0; i < n; i++)
		up_start[i + 1] += up_start[i];
	up = dl_xmalloc(dl_st_mult(total + 1, sizeof(size_t)));
	{
		size_t *fill = dl_xcalloc(n ? n : 1, sizeof(size_t));
		for (i = 0; i < n; i++) {
			struct dl_revision *r = &loc->revs[i];
			for (j = 0; j < r->down_nr; j++)
				if (r->down[j] != SIZE_MAX) {
					size_t d = r->down[j];
					up[up_start[d] + fill[d]++] = i;
				}
		}
		free(fill);
	}
	for (i = 0; i < n; i++)
		if (!pending[i] && loc->revs[i].id && loc->revs[i].duplicate_of < 0)
			queue[tail++] = i;
	while (head < tail) {
		size_t cur = queue[head++];
		struct dl_revision *r = &loc->revs[cur];
		const struct dl_revref *bl = &r->rf.branch_labels;
		if ((bl->kind == DL_REVREF_STRING || bl->kind == DL_REVREF_TUPLE) && bl->nr) {
			r->label_owner = (long)cur;
		} else {
			long owner = -1;
			for (j = 0; j < r->down_nr; j++) {
				long o;
				if (r->down[j] == SIZE_MAX)
					continue;
				o = loc->revs[r->down[j]].label_owner;
				if (owner == -1)
					owner = o;
				else if (owner != o)
					owner = -2;
			}
			r->label_owner = owner;
		}
		for (j = up_start[cur]; j < up_start[cur + 1]; j++)
			if (--pending[up[j]] == 0)
				queue[tail++] = up[j];
	}
	free(pending);
	free(queue);
	free(up_start);
	free(up);
}

/* ---- what Alembic's RevisionMap does with the files ---- */

static int
ref_empty(const struct dl_revref *r)
{
	return r->kind == DL_REVREF_NONE || r->kind == DL_REVREF_ABSENT ||
	       (r->kind == DL_REVREF_TUPLE && r->nr == 0);
}

static int
ref_has(const struct dl_revref *r, const char *value)
{
	size_t j;
	if (r->kind != DL_REVREF_STRING && r->kind != DL_REVREF_TUPLE)
		return 0;
	for (j = 0; j < r->nr; j++)
		if (!strcmp(r->items[j].value, value))
			return 1;
	return 0;
}

/* Whether some revision of loc carries branch label `name`. */
static int
label_named(const struct dl_script_location *loc, const char *name)
{
	size_t i;
	for (i = 0; i < loc->revs_nr; i++)
		if (ref_has(&loc->revs[i].rf.branch_labels, name))
			return 1;
	return 0;
}

static void
set_error(struct dl_alembic *a, struct dl_script_location *loc,
	  enum dl_alembic_error e, long rev, const char *msg)
{
	loc->alembic_error = e;
	loc->error_rev = rev;
	loc->alembic_message = dl_arena_strdup(&a->arena, msg);
}

static int
str_cmp_p(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * _detect_cycles: the ids reachable downward from the head objects and
 * upward from the base objects; the rest are reported. `deps` adds the
 * depends_on edges (the dependency pass). Objects are revs indices (kept
 * revisions and overridden duplicates); ids are kept revisions' indices.
 * Returns 0, or 1 with the error set.
 */
static int
detect_cycles(struct dl_alembic *a, struct dl_script_location *loc,
	      const struct strmap *ids, const size_t *first_order, int deps)
{
	size_t n = loc->revs_nr, i, j, sp, heads = 0, bases = 0;
	unsigned char *down = dl_xcalloc(n ? n : 1, 1), *up = dl_xcalloc(n ? n : 1, 1);
	unsigned char *is_head = dl_xcalloc(n ? n : 1, 1);
	size_t *stack = dl_xmalloc(dl_st_mult(n + 1, sizeof(size_t)));
	size_t *up_start = dl_xcalloc(n + 1, sizeof(size_t)), *ups, total = 0;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const char **names;
	size_t names_nr = 0;
	int rc = 0;

	/* head objects: everything loaded, minus kept revisions some kept
	 * revision names (down_revision; with deps, depends_on too) */
	for (i = 0; i < n; i++)
		is_head[i] = loc->revs[i].id != NULL;
	for (i = 0; i < n; i++) {
		const struct dl_revision *r = &loc->revs[i];
		if (!edge_source(r))
			continue;
		for (j = 0; j < r->down_nr; j++)
			if (r->down[j] != SIZE_MAX) {
				is_head[r->down[j]] = 0;
				up_start[r->down[j] + 1]++;
				total++;
			}
		for (j = 0; deps && j < r->deps_nr; j++)
			if (r->deps[j] != SIZE_MAX) {
				is_head[r->deps[j]] = 0;
				up_start[r->deps[j] + 1]++;
				total++;
			}
	}
	for (i = 0; i < n; i++)
		up_start[i + 1] += up_start[i];
	ups = dl_xmalloc(dl_st_mult(total + 1, sizeof(size_t)));
	{
		size_t *fill = dl_xcalloc(n ? n : 1, sizeof(size_t));
		for (i = 0; i < n; i++) {
			const struct dl_revision *r = &loc->revs[i];
			if (!edge_source(r))
				continue;
			for (j = 0; j < r->down_nr + (deps ? r->deps_nr : 0); j++) {
				size_t t = j < r->down_nr ? r->down[j] : r->deps[j - r->down_nr];
				if (t != SIZE_MAX)
					ups[up_start[t] + fill[t]++] = i;
			}
		}
		free(fill);
	}
	/* downward from the heads (ids marked on the kept revision) */
	sp = 0;
	for (i = 0; i < n; i++)
		if (is_head[i]) {
			heads++;
			stack[sp++] = i;
		}
	{
		unsigned char *seen = dl_xcalloc(n ? n : 1, 1);
		while (sp) {
			size_t o = stack[--sp];
			const struct dl_revision *r = &loc->revs[o];
			const struct dl_revref *refs[2];
			size_t k;
			if (seen[o])
				continue;
			seen[o] = 1;
			down[r->duplicate_of >= 0 ? (size_t)r->duplicate_of : o] = 1;
			refs[0] = &r->rf.down_revision;
			refs[1] = &r->rf.depends_on;
			for (k = 0; k < (deps ? 2u : 1u); k++) {
				const struct dl_revref *ref = refs[k];
				if (ref->kind != DL_REVREF_STRING && ref->kind != DL_REVREF_TUPLE)
					continue;
				for (j = 0; j < ref->nr; j++) {
					size_t t;
					if (r->duplicate_of < 0) {
						t = k ? r->deps[j] : r->down[j];
						/* depends_on may name a label */
					} else if (!strmap_get(ids, ref->items[j].value, &t)) {
						t = SIZE_MAX;
					}
					if (t == SIZE_MAX && !k) {
						dl_strbuf_addf(&sb, "KeyError: '%s'", ref->items[j].value);
						set_error(a, loc, DL_ALEMBIC_MISSING, (long)o, sb.buf);
						rc = 1;
						goto out_seen;
					}
					if (t != SIZE_MAX && !seen[t])
						stack[sp++] = t;
				}
			}
		}
out_seen:
		free(seen);
	}
	if (rc)
		goto out;
	/* upward from the bases along nextrev (set by every edge source);
	 * `up` marks ids (on the kept revision), `upseen` objects */
	sp = 0;
	for (i = 0; i < n; i++) {
		const struct dl_revision *r = &loc->revs[i];
		if (!r->id || !ref_empty(&r->rf.down_revision) ||
		    (deps && !ref_empty(&r->rf.depends_on)))
			continue;
		bases++;
		stack[sp++] = i;
	}
	{
		unsigned char *upseen = dl_xcalloc(n ? n : 1, 1);
		while (sp) {
			size_t o = stack[--sp];
			const struct dl_revision *r = &loc->revs[o];
			if (upseen[o])
				continue;
			upseen[o] = 1;
			up[r->duplicate_of >= 0 ? (size_t)r->duplicate_of : o] = 1;
			if (r->duplicate_of >= 0)
				continue; /* nextrev is set on kept revisions only */
			for (j = up_start[o]; j < up_start[o + 1]; j++)
				if (!upseen[ups[j]])
					stack[sp++] = ups[j];
		}
		free(upseen);
	}
	names = dl_xmalloc(dl_st_mult(n + 1, sizeof(*names)));
	if (!heads || !bases) {
		/* list(rev_map): ids in the order first loaded */
		for (i = 0; i < n; i++)
			if (first_order[i] != SIZE_MAX)
				names[names_nr++] = loc->revs[first_order[i]].id;
	} else {
		for (i = 0; i < n; i++)
			if (loc->revs[i].id && loc->revs[i].duplicate_of < 0 &&
			    !(down[i] && up[i]))
				names[names_nr++] = loc->revs[i].id;
		if (names_nr > 1)
			qsort(names, names_nr, sizeof(*names), str_cmp_p);
	}
	if (names_nr) {
		dl_strbuf_addf(&sb, "%s: %s is detected in revisions (",
			       deps ? "DependencyCycleDetected" : "CycleDetected",
			       deps ? "Dependency cycle" : "Cycle");
		for (i = 0; i < names_nr; i++)
			dl_strbuf_addf(&sb, "%s%s", i ? ", " : "", names[i]);
		dl_strbuf_putc(&sb, ')');
		set_error(a, loc, deps ? DL_ALEMBIC_DEP_CYCLE : DL_ALEMBIC_CYCLE, -1, sb.buf);
		rc = 1;
	}
	free(names);
out:
	dl_strbuf_release(&sb);
	free(down);
	free(up);
	free(is_head);
	free(stack);
	free(up_start);
	free(ups);
	return rc;
}

/*
 * Runs ScriptDirectory's load and RevisionMap._revision_map over the
 * location's files in load order, recording the first error Alembic
 * raises (Revision(): self-loops, illegal characters; _map_branch_labels;
 * _add_depends_on and the down_revision loop: KeyError; _detect_cycles)
 * and the head set it reports when there is none.
 */
static void
simulate_alembic(struct dl_alembic *a, struct dl_script_location *loc,
		 const struct strmap *ids)
{
	size_t n = loc->revs_nr, i, j, k;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct strmap labels;
	size_t *first_order = dl_xmalloc(dl_st_mult(n + 1, sizeof(size_t)));
	unsigned char *listed = dl_xcalloc(n ? n : 1, 1);

	loc->error_rev = -1;
	for (i = 0; i < n; i++) {
		struct dl_revision *r = &loc->revs[i];
		r->alembic_head = r->id && (r->duplicate_of >= 0 || r->is_head);
	}
	/* ids in the order first loaded (an OrderedDict keeps the slot of a
	 * key assigned again) */
	for (i = 0, k = 0; i < n; i++) {
		const struct dl_revision *r = &loc->revs[loc->load_order[i]];
		size_t w = loc->load_order[i];
		if (!r->id)
			continue;
		if (r->duplicate_of >= 0)
			w = (size_t)r->duplicate_of;
		if (!listed[w]) {
			listed[w] = 1;
			first_order[k++] = w;
		}
	}
	for (; k < n; k++)
		first_order[k] = SIZE_MAX;
	free(listed);

	/* each file as it loads: Script() and Revision() */
	for (i = 0; i < n; i++) {
		size_t o = loc->load_order[i];
		const struct dl_revision *r = &loc->revs[o];
		if (r->rf.error.set) {
			dl_strbuf_addf(&sb, "SyntaxError: %s cannot be imported (%s)",
				       r->file->path, r->rf.error.message);
			set_error(a, loc, DL_ALEMBIC_UNKNOWN, (long)o, sb.buf);
			goto done;
		}
		if (r->state == DL_REV_NO_ID) {
			dl_strbuf_addf(&sb, "CommandError: Could not determine revision id from filename %s. Be sure the 'revision' variable is declared inside the script",
				       dl_path_basename(r->file->path));
			set_error(a, loc, DL_ALEMBIC_BAD_ID, (long)o, sb.buf);
			goto done;
		}
		if (r->state == DL_REV_BAD_ID || r->rf.down_revision.kind == DL_REVREF_OTHER) {
			set_error(a, loc, DL_ALEMBIC_UNKNOWN, (long)o,
				  "deploylint cannot read the revision identifiers of a revision file (not literals)");
			goto done;
		}
		if (r->rf.down_revision.kind == DL_REVREF_ABSENT) {
			dl_strbuf_addf(&sb, "AttributeError: module has no attribute 'down_revision' (%s)",
				       r->file->path);
			set_error(a, loc, DL_ALEMBIC_BAD_ID, (long)o, sb.buf);
			goto done;
		}
		if (!r->id)
			continue; /* not reached: the states above cover it */
		if (ref_has(&r->rf.down_revision, r->id)) {
			dl_strbuf_addf(&sb, "LoopDetected: Self-loop is detected in revisions (%s)", r->id);
			set_error(a, loc, DL_ALEMBIC_LOOP, (long)o, sb.buf);
			goto done;
		}
		if (ref_has(&r->rf.depends_on, r->id)) {
			dl_strbuf_addf(&sb, "DependencyLoopDetected: Dependency self-loop is detected in revisions (%s)",
				       r->id);
			set_error(a, loc, DL_ALEMBIC_LOOP, (long)o, sb.buf);
			goto done;
		}
		if (strpbrk(r->id, "@-+:")) {
			/* the characters found, sorted, as Alembic lists them */
			static const char order[] = "+-:@";
			int first = 1;
			dl_strbuf_puts(&sb, "RevisionError: Character(s) '");
			for (k = 0; order[k]; k++)
				if (strchr(r->id, order[k])) {
					dl_strbuf_addf(&sb, "%s%c", first ? "" : ", ", order[k]);
					first = 0;
				}
			dl_strbuf_addf(&sb, "' not allowed in revision identifier '%s'", r->id);
			set_error(a, loc, DL_ALEMBIC_BAD_ID, (long)o, sb.buf);
			goto done;
		}
	}
	/* _map_branch_labels: every loaded file's labels, duplicates too */
	strmap_init(&labels, n);
	for (i = 0; i < n && !loc->alembic_error; i++) {
		size_t o = loc->load_order[i], v;
		const struct dl_revision *r = &loc->revs[o];
		const struct dl_revref *bl = &r->rf.branch_labels;
		if (bl->kind != DL_REVREF_STRING && bl->kind != DL_REVREF_TUPLE)
			continue;
		for (j = 0; j < bl->nr; j++) {
			const char *name = bl->items[j].value;
			if (strmap_get(ids, name, &v) || strmap_get(&labels, name, &v)) {
				dl_strbuf_addf(&sb, "RevisionError: Branch name '%s' in revision %s already used by revision %s",
					       name, r->id, loc->revs[v].id);
				set_error(a, loc, DL_ALEMBIC_LABEL_TAKEN, (long)o, sb.buf);
				break;
			}
			strmap_put(&labels, name, o);
		}
	}
	strmap_release(&labels);
	if (loc->alembic_error)
		goto done;
	/* _add_depends_on, over every loaded file */
	for (i = 0; i < n; i++) {
		size_t o = loc->load_order[i];
		const struct dl_revision *r = &loc->revs[o];
		const struct dl_revref *d = &r->rf.depends_on;
		if (r->duplicate_of >= 0 || (d->kind != DL_REVREF_STRING && d->kind != DL_REVREF_TUPLE))
			continue;
		for (j = 0; j < r->deps_nr; j++)
			if (r->deps[j] == SIZE_MAX) {
				dl_strbuf_addf(&sb, "KeyError: '%s'", d->items[j].value);
				set_error(a, loc, DL_ALEMBIC_MISSING, (long)o, sb.buf);
				goto done;
			}
	}
	/* the down_revision loop, over map_'s values: kept revisions in map
	 * order, then the overridden duplicates map_ holds under a label */
	for (i = 0; i < 2 * n; i++) {
		size_t o = i < n ? first_order[i] : loc->load_order[i - n];
		const struct dl_revision *r;
		if (o == SIZE_MAX)
			continue;
		r = &loc->revs[o];
		if (i >= n && (r->duplicate_of < 0 || !edge_source(r)))
			continue;
		for (j = 0; j < r->down_nr; j++)
			if (r->down[j] == SIZE_MAX) {
				const char *v = r->rf.down_revision.items[j].value;
				if (label_named(loc, v))
					continue; /* map_ holds labels here; the
						   * cycle check trips on it */
				dl_strbuf_addf(&sb, "KeyError: '%s' (Revision %s referenced from %s is not present)",
					       v, v, r->id);
				set_error(a, loc, DL_ALEMBIC_MISSING, (long)o, sb.buf);
				goto done;
			}
	}
	if (!detect_cycles(a, loc, ids, first_order, 0))
		detect_cycles(a, loc, ids, first_order, 1);
done:
	dl_strbuf_release(&sb);
	free(first_order);
}

static void
build_graph(struct dl_alembic *a, struct dl_script_location *loc)
{
	struct strmap ids, labels;
	size_t i, j, v;

	strmap_init(&ids, loc->revs_nr);
	strmap_init(&labels, loc->revs_nr);
	/* Alembic keeps the last file it loads for an id: walk the load
	 * order backwards, so the first one met is the kept one */
	for (i = loc->revs_nr; i-- > 0;) {
		struct dl_revision *r = &loc->revs[loc->load_order[i]];
		if (!r->id)
			continue;
		if (strmap_get(&ids, r->id, &v))
			r->duplicate_of = (int)v;
		else
			strmap_put(&ids, r->id, loc->load_order[i]);
	}
	/* every loaded file's labels, an overridden duplicate's too (Alembic
	 * maps them all); a label leads to the kept file of its id */
	for (i = 0; i < loc->revs_nr; i++) {
		struct dl_revision *r = &loc->revs[loc->load_order[i]];
		const struct dl_revref *bl = &r->rf.branch_labels;
		size_t kept = r->duplicate_of >= 0 ? (size_t)r->duplicate_of : loc->load_order[i];
		if (!r->id)
			continue;
		if (bl->kind == DL_REVREF_STRING || bl->kind == DL_REVREF_TUPLE)
			for (j = 0; j < bl->nr; j++)
				if (!strmap_get(&ids, bl->items[j].value, &v))
					strmap_put(&labels, bl->items[j].value, kept);
	}
	for (i = 0; i < loc->revs_nr; i++) {
		struct dl_revision *r = &loc->revs[i];
		if (!edge_source(r))
			continue;
		if (r->duplicate_of < 0) {
			r->is_head = 1;
			r->is_base = r->rf.down_revision.kind == DL_REVREF_NONE ||
				     r->rf.down_revision.kind == DL_REVREF_ABSENT;
		}
		r->down = resolve_refs(&r->rf.down_revision, &ids, NULL, &r->down_nr);
		r->deps = resolve_refs(&r->rf.depends_on, &ids, &labels, &r->deps_nr);
	}
	for (i = 0; i < loc->revs_nr; i++) {
		struct dl_revision *r = &loc->revs[i];
		for (j = 0; j < r->down_nr; j++)
			if (r->down[j] != SIZE_MAX)
				loc->revs[r->down[j]].is_head = 0;
	}
	find_cycles(loc);
	propagate_labels(loc);
	simulate_alembic(a, loc, &ids);
	strmap_release(&ids);
	strmap_release(&labels);
}

static int
str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
dl_alembic_build(struct dl_alembic *out, struct dl_repo *repo, const struct dl_model *m)
{
	size_t i, j, alloc = 0;
	char **known = NULL;
	size_t known_nr = 0, known_alloc = 0;

	memset(out, 0, sizeof(*out));
	dl_arena_init(&out->arena);
	dl_runs_collect(&out->runs, m);

	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		if (f->kind != DL_KIND_ALEMBIC_INI || !dl_file_lintable(f))
			continue;
		if (dl_repo_load(repo, f) < 0)
			continue;
		DL_ALLOC_GROW(out->inis, out->inis_nr + 1, alloc);
		out->inis[out->inis_nr].file = f;
		dl_ini_parse(&out->inis[out->inis_nr].ini, &out->arena, f->data, f->len);
		out->inis_nr++;
	}
	for (i = 0; i < out->inis_nr; i++)
		location_from_ini(out, repo, &out->inis[i]);

	/* Flask-Migrate layout: env.py beside versions/, named by no ini. */
	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		char *dir, *versions;
		int named = 0;
		if (f->kind != DL_KIND_ALEMBIC_ENV_PY)
			continue;
		dir = dl_path_dirname(f->path);
		versions = dl_path_join(dir, "versions");
		for (j = 0; j < out->locs_nr && !named; j++)
			named = out->locs[j].dir && !strcmp(out->locs[j].dir, dir);
		if (!named && dl_repo_has_dir(repo, versions)) {
			struct dl_script_location loc;
			memset(&loc, 0, sizeof(loc));
			loc.dir = dir;
			dir = NULL;
			add_location(out, &loc);
		}
		free(dir);
		free(versions);
	}
	if (out->locs_nr > 1)
		qsort(out->locs, out->locs_nr, sizeof(*out->locs), loc_cmp);

	for (i = 0; i < out->locs_nr; i++) {
		struct dl_script_location *loc = &out->locs[i];
		struct dl_strbuf env = DL_STRBUF_INIT;
		if (!loc->dir || loc->problem != DL_LOC_OK)
			continue;
		dl_strbuf_addf(&env, "%s%s%s", loc->dir, *loc->dir ? "/" : "", "env.py");
		loc->env_py = dl_repo_find(repo, env.buf);
		dl_strbuf_release(&env);
		if (!loc->env_py)
			loc->problem = DL_LOC_NO_ENV_PY;
		/* two inis may name one folder: read its revisions once */
		for (j = 0; j < i; j++)
			if (out->locs[j].dir && !strcmp(out->locs[j].dir, loc->dir))
				break;
		if (j < i) {
			loc->shared = 1;
			continue;
		}
		collect_revisions(out, repo, loc);
		for (j = 0; j < loc->revs_nr; j++)
			if (loc->revs[j].rf.error.set)
				loc->unreadable = 1;
		build_graph(out, loc);
		for (j = 0; j < loc->versions_nr; j++)
			if (loc->versions[j].dir) {
				DL_ALLOC_GROW(known, known_nr + 1, known_alloc);
				known[known_nr++] = loc->versions[j].dir;
			}
	}

	/* versions/ folders of .py files that belong to no script location */
	if (known_nr > 1)
		qsort(known, known_nr, sizeof(*known), str_ptr_cmp);
	alloc = 0;
	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		char *dir;
		const char *base;
		int covered = 0;
		if (!dl_file_lintable(f) || f->kind != DL_KIND_PYTHON ||
		    !is_revision_name(dl_path_basename(f->path)))
			continue;
		dir = dl_path_dirname(f->path);
		base = dl_path_basename(dir);
		if (strcmp(base, "versions") != 0 ||
		    (out->strays_nr && !strcmp(out->strays[out->strays_nr - 1].dir, dir))) {
			free(dir);
			continue;
		}
		for (j = 0; j < known_nr && !covered; j++)
			covered = dl_path_is_under(dir, known[j]);
		if (covered) {
			free(dir);
			continue;
		}
		DL_ALLOC_GROW(out->strays, out->strays_nr + 1, alloc);
		out->strays[out->strays_nr].dir = dir;
		out->strays[out->strays_nr].first = f;
		out->strays_nr++;
	}
	free(known);
}

void
dl_alembic_release(struct dl_alembic *a)
{
	size_t i, j;
	for (i = 0; i < a->locs_nr; i++) {
		struct dl_script_location *loc = &a->locs[i];
		for (j = 0; j < loc->revs_nr; j++) {
			free(loc->revs[j].down);
			free(loc->revs[j].deps);
		}
		free(loc->revs);
		free(loc->load_order);
		for (j = 0; j < loc->versions_nr; j++)
			free(loc->versions[j].dir);
		free(loc->versions);
		free(loc->dir);
	}
	free(a->locs);
	free(a->inis);
	for (i = 0; i < a->strays_nr; i++)
		free(a->strays[i].dir);
	free(a->strays);
	dl_runs_release(&a->runs);
	dl_arena_release(&a->arena);
	memset(a, 0, sizeof(*a));
}

size_t
dl_alembic_runs_for(const struct dl_alembic *a,
		    const struct dl_script_location *loc,
		    const struct dl_alembic_run **out, size_t max)
{
	size_t i, nr = 0;
	if (!loc->ini)
		return 0;
	for (i = 0; i < a->runs.nr && nr < max; i++)
		if (a->runs.items[i].ini && !strcmp(a->runs.items[i].ini, loc->ini->file->path))
			out[nr++] = &a->runs.items[i];
	return nr;
}
