/*
 * deploylint: the ALM family (Alembic script locations, revision files and
 * revision graphs) and PARSE001 for alembic.ini and revision files.
 */
#include "rules/check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/model.h"
#include "deploylint/pytok.h"
#include "deploylint/util.h"

static struct dl_region
str_region(const struct dl_revstr *s)
{
	struct dl_region reg = dl_region_span(s->pos.line, s->pos.col, 1);
	if (s->end_col > s->pos.col)
		reg.end_col = s->end_col;
	return reg;
}

static struct dl_region
id_region(const struct dl_revision *r)
{
	struct dl_region reg = dl_region_span(r->id_pos.line, r->id_pos.col, 1);
	if (r->id_end_col > r->id_pos.col)
		reg.end_col = r->id_end_col;
	return reg;
}

static struct dl_region
line_one(void)
{
	return dl_region_span(1, 1, 0);
}

static const char *
loc_name(const struct dl_script_location *loc)
{
	return loc->dir && *loc->dir ? loc->dir : ".";
}

/* ---- script locations (ALM011) and alembic.ini parse errors ---- */

/*
 * The Python file that sets the script location in code:
 * Config.set_main_option("script_location", ...) or Flask-Migrate's
 * Migrate(..., directory=...). NULL when none does. Loads Python files
 * only when asked (a location has a problem).
 */
static const struct dl_file *
location_set_in_code(struct dl_check_ctx *ctx)
{
	static const char *const needles[] = {
		"set_main_option(\"script_location\"",
		"set_main_option('script_location'",
		"set_main_option( \"script_location\"",
		"set_main_option( 'script_location'",
	};
	size_t i, k;
	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_file *f = &ctx->repo->files[i];
		if ((f->kind != DL_KIND_PYTHON && f->kind != DL_KIND_ALEMBIC_ENV_PY) ||
		    !dl_file_lintable(f) || dl_repo_load(ctx->repo, f) < 0)
			continue;
		for (k = 0; k < DL_ARRAY_SIZE(needles); k++)
			if (dl_memmem(f->data, f->len, needles[k], strlen(needles[k])))
				return f;
		if (dl_memmem(f->data, f->len, "Migrate(", 8) &&
		    dl_memmem(f->data, f->len, "directory=", 10))
			return f;
	}
	return NULL;
}

/* Where a relative script_location was resolved from, for messages. */
static void
put_base(struct dl_strbuf *sb, const struct dl_script_location *loc)
{
	switch (loc->base) {
	case DL_BASE_COMMAND:
		dl_strbuf_addf(sb, " (resolved from '%s', the folder %s runs alembic in, %s:%u)",
			       *loc->run->cwd ? loc->run->cwd : ".", loc->run->origin,
			       loc->run->file->path, loc->run->pos.line);
		break;
	case DL_BASE_INI_DIR:
		dl_strbuf_puts(sb, " (resolved from the ini's folder: no command in render.yaml or a Procfile runs alembic with this ini, and Alembic resolves it from the folder it runs in)");
		break;
	case DL_BASE_ROOT:
		dl_strbuf_puts(sb, " (resolved from the repository root)");
		break;
	case DL_BASE_HERE:
		break;
	}
}

static void
check_location(struct dl_check_ctx *ctx, const struct dl_script_location *loc)
{
	const struct dl_rule *alm011 = dl_rule_get(DL_RULE_ALM011);
	const struct dl_ini_entry *e = NULL;
	const char *ini_path = loc->ini ? loc->ini->file->path : NULL;
	struct dl_region reg = line_one();
	size_t i;

	if (loc->ini) {
		e = dl_ini_get(&loc->ini->ini, "alembic", "script_location");
		if (e)
			reg = dl_region_span(e->value_pos.line, e->value_pos.col,
					     (unsigned)strcspn(e->value, "\n"));
	}
	switch (loc->problem) {
	case DL_LOC_OK:
		break;
	case DL_LOC_NO_SECTION:
		dl_report_add(ctx->report, alm011, ini_path, reg,
			      "alembic.ini has no [alembic] section, so Alembic finds no script_location; add [alembic] with script_location = alembic");
		return;
	case DL_LOC_NO_KEY: {
		const struct dl_ini_section *s = dl_ini_section(&loc->ini->ini, "alembic");
		if (location_set_in_code(ctx))
			return;
		if (s)
			reg = dl_region_span(s->pos.line, s->pos.col, 9);
		dl_report_add(ctx->report, alm011, ini_path, reg,
			      "[alembic] has no script_location; Alembic fails with \"No 'script_location' key found in configuration\"; add script_location = alembic");
		return;
	}
	case DL_LOC_BAD_INTERPOLATION:
		dl_report_add(ctx->report, alm011, ini_path, reg,
			      "script_location cannot be interpolated by configparser; write '%%%%' for a literal '%%'");
		return;
	case DL_LOC_OUTSIDE:
		dl_report_add(ctx->report, alm011, ini_path, reg,
			      "script_location '%s' points outside the scanned repository (not followed); Render only has the repository's files",
			      loc->raw);
		return;
	case DL_LOC_MISSING: {
		struct dl_strbuf how = DL_STRBUF_INIT;
		if (location_set_in_code(ctx))
			return;
		put_base(&how, loc);
		dl_report_add(ctx->report, alm011, ini_path, reg,
			      "script_location '%s' resolves to '%s', which does not exist%s; Alembic fails with \"Path doesn't exist\"",
			      loc->raw, loc->dir, how.buf);
		dl_strbuf_release(&how);
		return;
	}
	case DL_LOC_NO_ENV_PY:
		dl_report_add(ctx->report, alm011, ini_path ? ini_path : loc->dir, reg,
			      "script location '%s' has no env.py; Alembic cannot run migrations from it",
			      loc_name(loc));
		break;
	}
	for (i = 0; i < loc->versions_nr; i++) {
		const struct dl_version_dir *vd = &loc->versions[i];
		struct dl_region vreg = reg;
		if (!vd->missing && !vd->outside)
			continue;
		if (loc->explicit_versions) {
			const struct dl_ini_entry *ve =
				dl_ini_get(&loc->ini->ini, "alembic", "version_locations");
			if (ve)
				vreg = dl_region_span(ve->value_pos.line, ve->value_pos.col,
						      (unsigned)strcspn(ve->value, "\n"));
		}
		if (vd->outside)
			dl_report_add(ctx->report, alm011, ini_path, vreg,
				      "version location '%s' points outside the scanned repository (not followed)",
				      vd->raw);
		else
			dl_report_add(ctx->report, alm011, ini_path ? ini_path : loc->dir,
				      vreg,
				      "version location '%s' does not exist; Alembic skips it silently and its revisions are missing: create it or fix version_locations",
				      vd->dir);
	}
}

/* ---- revision files ---- */

static int
is_hex12(const char *id)
{
	size_t i;
	for (i = 0; id[i]; i++)
		if (!dl_isdigit((unsigned char)id[i]) && !(id[i] >= 'a' && id[i] <= 'f'))
			return 0;
	return i == 12;
}

static void
check_revision_file(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
		    const struct dl_revision *r)
{
	const struct dl_rule *alm008 = dl_rule_get(DL_RULE_ALM008);
	const char *path = r->file->path;
	const char *base = dl_path_basename(path);
	(void)loc;

	if (r->rf.error.set) {
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_PARSE001), path,
			      dl_region_at(r->rf.error.pos, 0),
			      "cannot read this revision file: %s; Python (and so Alembic) cannot import it",
			      r->rf.error.message);
		return;
	}
	if (r->state == DL_REV_NO_ID) {
		if (r->file->data)
			dl_report_add(ctx->report, alm008, path, line_one(),
				      "no module-level `revision = '...'` and the file name is not a hex revision id; Alembic fails with \"Could not determine revision id from filename\"");
		return;
	}
	if (r->state == DL_REV_BAD_ID) {
		dl_report_add(ctx->report, alm008, path,
			      dl_region_at(r->rf.revision.pos, 0),
			      "`revision` is not a string literal; Alembic needs a plain string id such as '1975ea83b712'");
		return;
	}
	if (!r->id[0] || strpbrk(r->id, "@-+:")) {
		dl_report_add(ctx->report, alm008, path, id_region(r),
			      "revision id '%s' %s; Alembic rejects '@', '-', '+' and ':' in ids: use 12 hex characters",
			      r->id, r->id[0] ? "contains an illegal character" : "is empty");
	} else if (!is_hex12(r->id)) {
		/* 0001, main_0001 and dated ids are ordinary: see
		 * check_id_styles for mixed styles and prefixes */
	} else {
		size_t n = strcspn(base, "_.");
		if (n == 12 && strncmp(base, r->id, 12) != 0) {
			char prefix[13];
			memcpy(prefix, base, 12);
			prefix[12] = '\0';
			if (is_hex12(prefix))
				dl_report_add_level(ctx->report, alm008, DL_LEVEL_NOTE, path,
						    id_region(r),
						    "file name starts with '%s' but the revision id is '%s'; rename the file or fix the id",
						    prefix, r->id);
		}
	}
	if (r->rf.down_revision.kind == DL_REVREF_ABSENT)
		dl_report_add(ctx->report, alm008, path, id_region(r),
			      "no module-level `down_revision`; Alembic fails to load this file: write `down_revision = None` for a base");
	else if (r->rf.down_revision.kind == DL_REVREF_OTHER)
		dl_report_add(ctx->report, alm008, path,
			      dl_region_at(r->rf.down_revision.pos, 0),
			      "`down_revision` is not None, a string or a tuple of strings; deploylint cannot read the graph through it");
}

/* How an id is written: 12 hex characters, numbered (starts with a
 * digit: 0001, 20240101_x), or another hand-made name. */
static int
id_style(const char *id)
{
	if (is_hex12(id))
		return 0;
	return dl_isdigit((unsigned char)id[0]) ? 1 : 2;
}

/* One revision of a history, to sort by id. */
struct rev_ref {
	const struct dl_revision *r;
};

static int
rev_id_cmp(const void *a, const void *b)
{
	const struct rev_ref *x = a, *y = b;
	return strcmp(x->r->id, y->r->id);
}

/*
 * ALM008 notes on a history's ids: an id that another id starts with
 * (Alembic resolves partial ids, "Multiple revisions start with ..."), and
 * ids written in a style that only a minority of the history uses.
 */
static void
check_id_styles(struct dl_check_ctx *ctx, const struct dl_script_location *loc)
{
	const struct dl_rule *alm008 = dl_rule_get(DL_RULE_ALM008);
	struct rev_ref *v;
	size_t i, j, nr = 0, count[3] = { 0, 0, 0 }, major = 0, styles = 0;

	v = dl_xmalloc(dl_st_mult(loc->revs_nr + 1, sizeof(*v)));
	for (i = 0; i < loc->revs_nr; i++) {
		const struct dl_revision *r = &loc->revs[i];
		if (!r->id || r->duplicate_of >= 0 || !r->id[0] || strpbrk(r->id, "@-+:"))
			continue;
		v[nr++].r = r;
		count[id_style(r->id)]++;
	}
	for (i = 0; i < 3; i++) {
		styles += count[i] > 0;
		if (count[i] > count[major])
			major = i;
	}
	if (nr > 1)
		qsort(v, nr, sizeof(*v), rev_id_cmp);
	for (i = 0; i < nr; i++) {
		size_t len = strlen(v[i].r->id);
		for (j = i + 1; j < nr && !strncmp(v[j].r->id, v[i].r->id, len); j++) {
			struct dl_finding *f = dl_report_add_level(
				ctx->report, alm008, DL_LEVEL_NOTE, v[j].r->file->path,
				id_region(v[j].r),
				"revision id '%s' begins with revision id '%s'; Alembic resolves partial ids, so a short form of '%s' can name both (\"Multiple revisions start with ...\")",
				v[j].r->id, v[i].r->id, v[j].r->id);
			dl_finding_add_related(f, v[i].r->file->path, id_region(v[i].r),
					       "revision '%s'", v[i].r->id);
		}
	}
	/* one note per history, on the first file (in load order) written in
	 * a style other than the most common one */
	if (styles > 1) {
		const struct dl_revision *first = NULL;
		for (i = 0; i < loc->revs_nr; i++) {
			const struct dl_revision *r = &loc->revs[loc->load_order[i]];
			if (r->id && r->duplicate_of < 0 && r->id[0] && !strpbrk(r->id, "@-+:") &&
			    (size_t)id_style(r->id) != major) {
				first = r;
				break;
			}
		}
		if (first)
			dl_report_add_level(ctx->report, alm008, DL_LEVEL_NOTE, first->file->path,
					    id_region(first),
					    "script location %s mixes revision id styles (%zu of 12 hex characters, %zu numbered such as 0001 or 20240101_x, %zu hand-named); '%s' is the first that differs from the most common style: keep one style in one history",
					    loc_name(loc), count[0], count[1], count[2], first->id);
	}
	free(v);
}

/* Whether some revision of loc carries branch label `name`. */
static int
label_exists(const struct dl_script_location *loc, const char *name)
{
	size_t i, j;
	for (i = 0; i < loc->revs_nr; i++) {
		const struct dl_revref *bl = &loc->revs[i].rf.branch_labels;
		if (bl->kind != DL_REVREF_STRING && bl->kind != DL_REVREF_TUPLE)
			continue;
		for (j = 0; j < bl->nr; j++)
			if (!strcmp(bl->items[j].value, name))
				return 1;
	}
	return 0;
}

static void report_heads(struct dl_check_ctx *ctx,
			 const struct dl_script_location *loc, size_t heads,
			 int labelled);
static void report_bases(struct dl_check_ctx *ctx,
			 const struct dl_script_location *loc, size_t bases);

static void
check_graph(struct dl_check_ctx *ctx, const struct dl_script_location *loc)
{
	size_t i, j, heads = 0, bases = 0, labelled_bases = 0, cycles = 0;
	int heads_labelled = 1;

	for (i = 0; i < loc->revs_nr; i++) {
		const struct dl_revision *r = &loc->revs[i];
		if (!r->id)
			continue;
		if (r->duplicate_of >= 0) {
			const struct dl_revision *kept = &loc->revs[r->duplicate_of];
			struct dl_finding *f = dl_report_add(
				ctx->report, dl_rule_get(DL_RULE_ALM007), r->file->path,
				id_region(r),
				"revision id '%s' is also defined in %s, which Alembic loads later and keeps (\"Revision %s is present more than once\"): this file's migration never runs, yet Alembic still counts it as a head; give this file a new id",
				r->id, kept->file->path, r->id);
			dl_finding_add_related(f, kept->file->path, id_region(kept),
					       "the definition of '%s' Alembic keeps", r->id);
			continue;
		}
		for (j = 0; j < r->down_nr; j++) {
			const struct dl_revstr *s = &r->rf.down_revision.items[j];
			if (r->down[j] == SIZE_MAX && label_exists(loc, s->value))
				dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM002),
					      r->file->path, str_region(s),
					      "down_revision '%s' is a branch label, not a revision id; Alembic fails with KeyError: name the labelled revision's id",
					      s->value);
			else if (r->down[j] == SIZE_MAX)
				dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM002),
					      r->file->path, str_region(s),
					      "down_revision '%s' names no revision or branch label in script location %s; Alembic fails with \"Revision %s referenced from %s is not present\": point it at an existing revision",
					      s->value, loc_name(loc), s->value, r->id);
		}
		for (j = 0; j < r->deps_nr; j++) {
			const struct dl_revstr *s = &r->rf.depends_on.items[j];
			if (r->deps[j] == SIZE_MAX)
				dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM002),
					      r->file->path, str_region(s),
					      "depends_on '%s' names no revision or branch label in script location %s; fix or remove it",
					      s->value, loc_name(loc));
		}
		if (r->in_cycle) {
			const struct dl_revstr *s =
				r->cycle_item >= 0       ? &r->rf.down_revision.items[r->cycle_item]
				: r->cycle_dep_item >= 0 ? &r->rf.depends_on.items[r->cycle_dep_item]
							 : NULL;
			int self = s && !strcmp(s->value, r->id);
			const char *what =
				r->cycle_dep_item >= 0 && r->cycle_item < 0 ? "depends_on" : "down_revision";
			if (self)
				dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM012), r->file->path,
					      s ? str_region(s) : id_region(r),
					      "revision '%s' names itself as %s; Alembic fails with a loop error: point it at the previous revision",
					      r->id, what);
			else if (loc->alembic_error == DL_ALEMBIC_CYCLE ||
				 loc->alembic_error == DL_ALEMBIC_DEP_CYCLE)
				dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM012), r->file->path,
					      s ? str_region(s) : id_region(r),
					      "revision '%s' closes a cycle through its %s; Alembic fails with %s: break the loop",
					      r->id, what, loc->alembic_message);
			else
				dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM012), r->file->path,
					      s ? str_region(s) : id_region(r),
					      "revision '%s' closes a cycle through its %s; Alembic fails with a cycle error: break the loop",
					      r->id, what);
			cycles++;
		}
		if (r->is_head && r->label_owner < 0)
			heads_labelled = 0;
		if (r->is_base) {
			const struct dl_revref *bl = &r->rf.branch_labels;
			bases++;
			if ((bl->kind == DL_REVREF_STRING || bl->kind == DL_REVREF_TUPLE) && bl->nr)
				labelled_bases++;
		}
	}

	/* a cycle Alembic sees that deploylint's walk over the kept files
	 * does not (it runs through an overridden duplicate) */
	if (!cycles && (loc->alembic_error == DL_ALEMBIC_CYCLE ||
			loc->alembic_error == DL_ALEMBIC_DEP_CYCLE)) {
		const char *path = loc->ini ? loc->ini->file->path : loc->env_py ? loc->env_py->path
										 : NULL;
		if (path)
			dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM012), path, line_one(),
				      "Alembic cannot load the revisions of script location %s: %s; look for a reused revision id",
				      loc_name(loc), loc->alembic_message);
	}
	/* heads as Alembic counts them (overridden duplicates included), and
	 * only when Alembic can load the graph: a dangling reference or a
	 * cycle is the error then (ALM002, ALM012), and merging cannot help */
	for (i = 0; i < loc->revs_nr; i++)
		if (loc->revs[i].alembic_head) {
			heads++;
			if (loc->revs[i].duplicate_of >= 0)
				heads_labelled = 0;
		}
	if (heads > 1 && loc->alembic_error == DL_ALEMBIC_LOADS)
		report_heads(ctx, loc, heads, heads_labelled);
	if (bases > 1 && labelled_bases == 0)
		report_bases(ctx, loc, bases);
}

/* At most this many "other head"/"other base" related locations. */
#define MAX_RELATED 10

static int
long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

static void
report_heads(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
	     size_t heads, int labelled)
{
	size_t *idx = dl_xmalloc(dl_st_mult(heads, sizeof(size_t)));
	size_t i, j, n = 0, runs_nr;
	const struct dl_alembic_run *runs[16];
	const struct dl_alembic_run *singular = NULL;

	for (i = 0; i < loc->revs_nr; i++)
		if (loc->revs[i].alembic_head)
			idx[n++] = i;
	if (labelled) {
		/* every head on its own labelled branch: owners all distinct */
		long *owners = dl_xmalloc(dl_st_mult(n, sizeof(long)));
		for (i = 0; i < n; i++)
			owners[i] = loc->revs[idx[i]].label_owner;
		qsort(owners, n, sizeof(long), long_cmp);
		for (i = 1; i < n && labelled; i++)
			labelled = owners[i] != owners[i - 1];
		free(owners);
	}
	if (labelled) {
		/* a design (`alembic upgrade heads`), unless a command of the
		 * deploy upgrades to the one `head` */
		runs_nr = dl_alembic_runs_for(ctx->alembic, loc, runs, DL_ARRAY_SIZE(runs));
		for (i = 0; i < runs_nr && !singular; i++)
			if (runs[i]->target && !strcmp(runs[i]->target, "head"))
				singular = runs[i];
		if (!singular) {
			free(idx);
			return;
		}
	}
	for (i = 0; i < n; i++) {
		const struct dl_revision *r = &loc->revs[idx[i]];
		struct dl_finding *f;
		if (singular)
			f = dl_report_add(
				ctx->report, dl_rule_get(DL_RULE_ALM001), r->file->path, id_region(r),
				"revision '%s' is one of %zu heads in script location %s, each on its own branch label, but %s runs `alembic upgrade head` (%s:%u), which fails with \"Multiple heads are present\": upgrade to `heads` or to a branch (label@head)",
				r->id, n, loc_name(loc), singular->origin, singular->file->path,
				singular->pos.line);
		else if (r->duplicate_of >= 0)
			f = dl_report_add(
				ctx->report, dl_rule_get(DL_RULE_ALM001), r->file->path, id_region(r),
				"revision '%s' in this file is overridden by a later file with the same id, but Alembic still counts it as one of %zu heads in script location %s; `alembic upgrade head` fails with \"Multiple heads are present\": give this file a new id",
				r->id, n, loc_name(loc));
		else
			f = dl_report_add(
				ctx->report, dl_rule_get(DL_RULE_ALM001), r->file->path, id_region(r),
				"revision '%s' is one of %zu heads in script location %s; `alembic upgrade head` fails with \"Multiple heads are present\": run `alembic merge heads` or fix a down_revision",
				r->id, n, loc_name(loc));
		for (j = 0; j < n && f->related_nr < MAX_RELATED; j++) {
			const struct dl_revision *o = &loc->revs[idx[j]];
			if (j != i)
				dl_finding_add_related(f, o->file->path, id_region(o),
						       "other head '%s'", o->id);
		}
	}
	free(idx);
}

static void
report_bases(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
	     size_t bases)
{
	size_t *idx = dl_xmalloc(dl_st_mult(bases, sizeof(size_t)));
	size_t i, j, n = 0;

	for (i = 0; i < loc->revs_nr; i++)
		if (loc->revs[i].is_base && loc->revs[i].duplicate_of < 0 &&
		    loc->revs[i].id)
			idx[n++] = i;
	for (i = 0; i < n; i++) {
		const struct dl_revision *r = &loc->revs[idx[i]];
		struct dl_finding *f = dl_report_add(
			ctx->report, dl_rule_get(DL_RULE_ALM009), r->file->path,
			r->rf.down_revision.kind == DL_REVREF_NONE
				? dl_region_at(r->rf.down_revision.pos, 4)
				: id_region(r),
			"revision '%s' is one of %zu bases (down_revision = None) in script location %s and none has branch_labels; chain it after the previous revision",
			r->id, n, loc_name(loc));
		for (j = 0; j < n && f->related_nr < MAX_RELATED; j++) {
			const struct dl_revision *o = &loc->revs[idx[j]];
			if (j != i)
				dl_finding_add_related(f, o->file->path, id_region(o),
						       "other base '%s'", o->id);
		}
	}
	free(idx);
}

/* ---- alembic.ini and env.py content (ALM003, ALM004, ALM006, ALM010) ---- */

/* A copy of Python source with its comments blanked by the one tokenizer
 * (strings kept, offsets unchanged). */
static char *
strip_comments(const char *data, size_t len)
{
	char *out = dl_xstrndup(data, len);
	dl_pytok_blank_comments(out, data, len);
	return out;
}

/*
 * A copy of `code` with the body of top-level `def NAME(` blanked (up to
 * the next line starting at column 1 that is not blank), or NULL when
 * there is no such function.
 */
static char *
blank_function(const char *code, const char *name)
{
	struct dl_strbuf key = DL_STRBUF_INIT;
	const char *p = code, *hit = NULL;
	char *out;
	size_t i, n = strlen(code);

	dl_strbuf_addf(&key, "def %s(", name);
	while ((p = strstr(p, key.buf)) != NULL) {
		if (p == code || p[-1] == '\n') {
			hit = p;
			break;
		}
		p++;
	}
	dl_strbuf_release(&key);
	if (!hit)
		return NULL;
	out = dl_xstrdup(code);
	i = (size_t)(hit - code);
	while (i < n) {
		size_t eol = i;
		while (eol < n && out[eol] != '\n')
			eol++;
		memset(out + i, ' ', eol - i);
		i = eol + 1;
		if (i < n && out[i] != ' ' && out[i] != '\t' && out[i] != '\n' &&
		    out[i] != '\r')
			break;
	}
	return out;
}

static int
env_reads_url(const char *code)
{
	static const char *const evidence[] = {
		"os.environ",
		"os.getenv",
		"environ.get",
		"environ[",
		"getenv(",
		"DATABASE_URL",
		"settings.",
		"get_settings(",
		"config.DATABASE",
		"current_app",
		"set_main_option(",
		/* the engine or URL comes from the application, not alembic.ini */
		"create_engine(",
		"create_async_engine(",
		"get_url(",
		"_url()",
		"SQLALCHEMY_DATABASE_URI",
		"DATABASE_URI",
		"DB_URL",
	};
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(evidence); i++)
		if (strstr(code, evidence[i]))
			return 1;
	return 0;
}

/* Host of a URL "scheme://[user[:pw]@]host[:port]/...": malloc'd or NULL. */
static char *
url_host(const char *url)
{
	const char *p = strstr(url, "://"), *end, *at;
	if (!p)
		return NULL;
	p += 3;
	end = p + strcspn(p, "/?#");
	at = NULL;
	{
		const char *q;
		for (q = p; q < end; q++)
			if (*q == '@')
				at = q;
	}
	if (at)
		p = at + 1;
	if (*p == '[') {
		const char *rb = memchr(p, ']', (size_t)(end - p));
		if (rb)
			return dl_xstrndup(p + 1, (size_t)(rb - p - 1));
	}
	return dl_xstrndup(p, strcspn(p, ":/?#"));
}

static int
url_unusable(const char *url)
{
	char *host;
	int r;
	if (!url || !*url)
		return 1;
	if (!strncmp(url, "driver://", 9) || strchr(url, '<'))
		return 1;
	host = url_host(url);
	/* localhost, a loopback address, or a bare single-label name such as
	 * a docker-compose service (db, postgres): none is reachable from
	 * Render */
	r = host && (!strcmp(host, "localhost") || !strncmp(host, "127.", 4) ||
		     !strcmp(host, "::1") || (*host && !strchr(host, '.') && !strchr(host, ':')));
	free(host);
	return r;
}

static unsigned
line_of_offset(const char *data, size_t off, unsigned *col)
{
	unsigned line = 1;
	size_t i, start = 0;
	for (i = 0; i < off; i++)
		if (data[i] == '\n') {
			line++;
			start = i + 1;
		}
	*col = (unsigned)(off - start) + 1;
	return line;
}

/* Offset of the first '%' of s[0 .. n) that configparser's
 * BasicInterpolation refuses (not "%%" and not "%(" ...), or n. */
static size_t
bare_percent(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (s[i] != '%')
			continue;
		if (i + 1 < n && (s[i + 1] == '%' || s[i + 1] == '('))
			i++;
		else
			return i;
	}
	return n;
}

/* Whether folders a and b lie on one path: one holds the other (or they
 * are the same; "" is the root). */
static int
same_tree(const char *a, const char *b)
{
	return !*a || !*b || dl_path_is_under(a, b) || dl_path_is_under(b, a);
}

/*
 * A database URL that reaches this script location and holds a '%' that
 * set_main_option would refuse: a render.yaml envVars value of a service
 * whose rootDir holds alembic.ini's folder (or the folder holds it), a
 * binding of a .env file on the same path (examples and backups, which
 * nothing loads, are not), else alembic.ini's own sqlalchemy.url written
 * with "%%" (the URL itself holds a '%'). Sets *env to the model variable
 * (NULL for alembic.ini). Returns 1 when one is found.
 */
static int
percent_url(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
	    const struct dl_ini_entry *ini_url, const struct dl_model_env **env)
{
	struct dl_model *m = dl_ctx_model(ctx);
	char *dir;
	size_t k;
	int found = 0;

	*env = NULL;
	if (loc->ini)
		dir = dl_path_dirname(loc->ini->file->path);
	else if (loc->env_py)
		dir = dl_path_dirname(loc->env_py->path);
	else
		return 0;
	for (k = 0; m && k < m->dburls_nr && !found; k++) {
		const struct dl_model_env *e = m->dburls[k].env;
		if (!e->value || bare_percent(e->value, e->value_len) == e->value_len)
			continue;
		if (e->source == DL_ENV_SRC_DOTENV) {
			char *d;
			if (dl_dotenv_is_example(e->file->path) || dl_dotenv_is_backup(e->file->path))
				continue;
			d = dl_path_dirname(e->file->path);
			found = same_tree(d, dir);
			free(d);
		} else if (e->blueprint < m->blueprints_nr) {
			const struct dl_blueprint *bp = &m->blueprints[e->blueprint].bp;
			size_t one, nr, j;
			const size_t *svc = dl_model_env_services(m, e, &one, &nr);
			for (j = 0; j < nr && !found; j++)
				found = svc[j] < bp->services_nr && bp->services[svc[j]].work_dir &&
					same_tree(bp->services[svc[j]].work_dir, dir);
		}
		if (found)
			*env = e;
	}
	free(dir);
	if (!found && ini_url && dl_memmem(ini_url->value, ini_url->value_len, "%%", 2))
		found = 1;
	return found;
}

static void
check_env_and_ini(struct dl_check_ctx *ctx, const struct dl_script_location *loc)
{
	const struct dl_ini_entry *url = NULL;
	char *code = NULL;
	int env_evidence = 0, offline_only = 0;
	size_t i;

	if (loc->ini)
		url = dl_ini_get(&loc->ini->ini, "alembic", "sqlalchemy.url");
	if (loc->env_py && dl_repo_load(ctx->repo, loc->env_py) == 0) {
		code = strip_comments(loc->env_py->data, loc->env_py->len);
		env_evidence = env_reads_url(code);
		if (env_evidence) {
			/* evidence only inside run_migrations_offline: online
			 * migrations still take alembic.ini's URL */
			char *rest = blank_function(code, "run_migrations_offline");
			if (rest && strstr(code, "engine_from_config(") && !env_reads_url(rest)) {
				env_evidence = 0;
				offline_only = 1;
			}
			free(rest);
		}
	}

	if (url) {
		const char *v = url->value;
		size_t first = strcspn(v, "\n");
		for (i = 0; i < url->value_len; i++) {
			if (v[i] != '%')
				continue;
			if (i + 1 < url->value_len && (v[i + 1] == '%' || v[i + 1] == '(')) {
				i++;
				continue;
			}
			/* a literal '%' fails every run: an error whatever the
			 * rule's registered level */
			dl_report_add_level(ctx->report, dl_rule_get(DL_RULE_ALM006), DL_LEVEL_ERROR,
					    loc->ini->file->path,
					    i < first ? dl_region_span(url->value_pos.line,
								       url->value_pos.col + (unsigned)i, 1)
						      : dl_region_at(url->value_pos, 0),
					    "'%%' in sqlalchemy.url is read as configparser interpolation (\"invalid interpolation syntax\"); write '%%%%' instead");
			break;
		}
		if (code && !env_evidence && !strncmp(v, "driver://", 9))
			dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM004),
				      loc->ini->file->path,
				      dl_region_span(url->value_pos.line, url->value_pos.col,
						     (unsigned)first),
				      "sqlalchemy.url is the template placeholder 'driver://...' and env.py does not set the URL; Alembic fails with \"Can't load plugin: sqlalchemy.dialects:driver\": read DATABASE_URL in env.py");
	}

	if (code && loc->ini && offline_only && (!url || url_unusable(url->value)))
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM003), loc->env_py->path,
			      line_one(),
			      "env.py reads the database URL only in run_migrations_offline; run_migrations_online builds its engine with engine_from_config from alembic.ini's sqlalchemy.url, which is %s: set it with config.set_main_option before both",
			      !url || !url->value[0] ? "empty" : "a placeholder or a host Render cannot reach");
	else if (code && loc->ini && !env_evidence && (!url || url_unusable(url->value)))
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM003), loc->env_py->path,
			      line_one(),
			      "env.py never reads the database URL from the environment and alembic.ini's sqlalchemy.url is %s; on Render migrations would not reach the real database: set it from os.environ[\"DATABASE_URL\"] with config.set_main_option",
			      !url || !url->value[0] ? "empty" : "a placeholder, a local database or a bare host name (a docker-compose service)");

	if (code) {
		/* ALM006 in env.py: set_main_option("sqlalchemy.url", <not a literal>) */
		const char *p = strstr(code, "set_main_option(");
		int escaped = strstr(code, "replace(\"%\", \"%%\")") ||
			      strstr(code, "replace('%', '%%')");
		while (p && !escaped) {
			const char *q = p + strlen("set_main_option(");
			while (dl_isspace((unsigned char)*q))
				q++;
			if (!strncmp(q + 1, "sqlalchemy.url", 14) && (*q == '"' || *q == '\'')) {
				q += 16;
				while (dl_isspace((unsigned char)*q) || *q == ',')
					q++;
				if (*q != '"' && *q != '\'' && *q != ')') {
					unsigned col, line = line_of_offset(code, (size_t)(p - code), &col);
					const struct dl_model_env *e;
					struct dl_region at = dl_region_span(line, col, 15);
					if (!percent_url(ctx, loc, url, &e)) {
						dl_report_add_level(ctx->report, dl_rule_get(DL_RULE_ALM006), DL_LEVEL_NOTE,
								    loc->env_py->path, at,
								    "set_main_option(\"sqlalchemy.url\", ...) passes the URL through configparser without doubling '%%'; no database URL deploylint sees here holds a '%%', but one will once the password holds '@', ':', '/' or '%%' (percent-encoded as %%40, %%3A, %%2F, %%25, as a Supabase or Neon password you chose may need), and `alembic upgrade head` then fails with \"ValueError: invalid interpolation syntax\": pass url.replace(\"%%\", \"%%%%\")");
					} else if (e) {
						struct dl_finding *f = dl_report_add(
							ctx->report, dl_rule_get(DL_RULE_ALM006), loc->env_py->path, at,
							"set_main_option(\"sqlalchemy.url\", ...) passes the URL through configparser without doubling '%%', and the URL of %.*s (%s:%u) holds a '%%' (a percent-encoded password): `alembic upgrade head` fails with \"ValueError: invalid interpolation syntax\", printing the URL into the log: pass url.replace(\"%%\", \"%%%%\")",
							(int)e->key_len, e->key, e->file->path, e->value_pos.line);
						dl_finding_add_related(f, e->file->path,
								       dl_region_span(e->value_pos.line, e->value_pos.col, 1),
								       "%.*s holds a '%%'", (int)e->key_len, e->key);
					} else {
						dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM006), loc->env_py->path, at,
							      "set_main_option(\"sqlalchemy.url\", ...) passes the URL through configparser without doubling '%%', and alembic.ini's sqlalchemy.url is written with '%%%%', so the real URL holds a '%%' (a percent-encoded password): `alembic upgrade head` fails with \"ValueError: invalid interpolation syntax\", printing the URL into the log: pass url.replace(\"%%\", \"%%%%\")");
					}
					break;
				}
			}
			p = strstr(p + 1, "set_main_option(");
		}

		/* ALM010: module-level target_metadata = None with autogenerate */
		{
			int autogen = 0;
			const char *line = code;
			unsigned lineno = 1;
			for (i = 0; i < loc->revs_nr && !autogen; i++)
				autogen = loc->revs[i].rf.has_autogen_marker;
			while (autogen && line && *line) {
				const char *q = line;
				if (!strncmp(q, "target_metadata", 15)) {
					q += 15;
					while (*q == ' ' || *q == '\t')
						q++;
					if (*q == '=') {
						q++;
						while (*q == ' ' || *q == '\t')
							q++;
						if (!strncmp(q, "None", 4) &&
						    (q[4] == '\n' || q[4] == '\0' || dl_isspace((unsigned char)q[4]))) {
							dl_report_add(ctx->report, dl_rule_get(DL_RULE_ALM010),
								      loc->env_py->path,
								      dl_region_span(lineno, (unsigned)(q - line) + 1, 4),
								      "target_metadata = None while revisions are autogenerated; `alembic revision --autogenerate` fails because env.py provides no MetaData: set target_metadata = Base.metadata");
							break;
						}
					}
				}
				line = strchr(line, '\n');
				if (line)
					line++;
				lineno++;
			}
		}
	}
	free(code);
}

void
dl_check_alembic(struct dl_check_ctx *ctx)
{
	struct dl_alembic *a = ctx->alembic;
	struct dl_alembic_deploy_facts deploy;
	size_t i, j;

	memset(&deploy, 0, sizeof(deploy));

	for (i = 0; i < a->inis_nr; i++) {
		const struct dl_alembic_ini *ai = &a->inis[i];
		if (ai->ini.error.set)
			dl_report_add(ctx->report, dl_rule_get(DL_RULE_PARSE001), ai->file->path,
				      dl_region_at(ai->ini.error.pos, 0),
				      "configparser cannot read alembic.ini: %s",
				      ai->ini.error.message);
	}
	for (i = 0; i < a->locs_nr; i++) {
		const struct dl_script_location *loc = &a->locs[i];
		check_location(ctx, loc);
		if (loc->shared || !loc->dir)
			continue;
		for (j = 0; j < loc->revs_nr; j++)
			check_revision_file(ctx, loc, &loc->revs[j]);
		/* with an unreadable revision file the graph is unknown: judging
		 * heads or links would only guess; so is it with revisions cut
		 * at the limit (any revision may be a head of the part read) */
		if (loc->cut_at)
			dl_report_limit(ctx->report, loc->cut_at->path, dl_region_span(0, 0, 0),
					"DL_MAX_REVISIONS",
					"script location %s has more than %u revision files: this one and the later ones were not read, and its revision graph (ALM001, ALM002, ALM007, ALM009, ALM012) was not checked",
					loc_name(loc), DL_MAX_REVISIONS);
		else if (!loc->unreadable)
			check_graph(ctx, loc);
		check_id_styles(ctx, loc);
		check_env_and_ini(ctx, loc);
		dl_check_alembic_env(ctx, loc, &deploy);
	}
	/* a script location set in code may well be that folder */
	for (i = 0; i < a->strays_nr && !location_set_in_code(ctx); i++)
		dl_report_add_level(ctx->report, dl_rule_get(DL_RULE_ALM011), DL_LEVEL_NOTE,
				    a->strays[i].first->path, line_one(),
				    "folder '%s' holds revision files but belongs to no script location (no alembic.ini names it and no env.py sits beside it); Alembic will not see them",
				    a->strays[i].dir);
}
