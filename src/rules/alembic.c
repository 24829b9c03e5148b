/*
 * deploylint: the ALM family (Alembic script locations, revision files and
 * revision graphs) and PARSE001 for alembic.ini and revision files.
 */
#include "rules/check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
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

static void
check_location(struct dl_check_ctx *ctx, const struct dl_script_location *loc)
{
	const struct dl_rule *alm011 = dl_rule_must("ALM011");
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
	case DL_LOC_MISSING:
		dl_report_add(ctx->report, alm011, ini_path, reg,
			      "script_location '%s' resolves to '%s', which does not exist; Alembic fails with \"Path doesn't exist\"",
			      loc->raw, loc->dir);
		return;
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
	const struct dl_rule *alm008 = dl_rule_must("ALM008");
	const char *path = r->file->path;
	const char *base = dl_path_basename(path);
	(void)loc;

	if (r->rf.error.set) {
		dl_report_add(ctx->report, dl_rule_must("PARSE001"), path,
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
		dl_report_add_level(ctx->report, alm008, DL_LEVEL_NOTE, path, id_region(r),
				    "revision id '%s' is not 12 lowercase hex characters; hand-made ids invite renames and collisions",
				    r->id);
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
	size_t i, j, heads = 0, bases = 0, labelled_bases = 0;
	int heads_labelled = 1;

	for (i = 0; i < loc->revs_nr; i++) {
		const struct dl_revision *r = &loc->revs[i];
		if (!r->id)
			continue;
		if (r->duplicate_of >= 0) {
			const struct dl_revision *first = &loc->revs[r->duplicate_of];
			struct dl_finding *f = dl_report_add(
				ctx->report, dl_rule_must("ALM007"), r->file->path,
				id_region(r),
				"revision id '%s' is also defined in %s; Alembic warns \"Revision %s is present more than once\" and keeps only one: give this file a new id",
				r->id, first->file->path, r->id);
			dl_finding_add_related(f, first->file->path, id_region(first),
					       "first definition of '%s'", r->id);
			continue;
		}
		for (j = 0; j < r->down_nr; j++) {
			const struct dl_revstr *s = &r->rf.down_revision.items[j];
			if (r->down[j] == SIZE_MAX && label_exists(loc, s->value))
				dl_report_add(ctx->report, dl_rule_must("ALM002"),
					      r->file->path, str_region(s),
					      "down_revision '%s' is a branch label, not a revision id; Alembic fails with KeyError: name the labelled revision's id",
					      s->value);
			else if (r->down[j] == SIZE_MAX)
				dl_report_add(ctx->report, dl_rule_must("ALM002"),
					      r->file->path, str_region(s),
					      "down_revision '%s' names no revision or branch label in script location %s; Alembic fails with \"Revision %s referenced from %s is not present\": point it at an existing revision",
					      s->value, loc_name(loc), s->value, r->id);
		}
		for (j = 0; j < r->deps_nr; j++) {
			const struct dl_revstr *s = &r->rf.depends_on.items[j];
			if (r->deps[j] == SIZE_MAX)
				dl_report_add(ctx->report, dl_rule_must("ALM002"),
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
			dl_report_add(ctx->report, dl_rule_must("ALM012"), r->file->path,
				      s ? str_region(s) : id_region(r),
				      self ? "revision '%s' names itself as %s; Alembic fails with a loop error: point it at the previous revision"
					   : "revision '%s' closes a cycle through its %s; Alembic fails with a cycle error: break the loop",
				      r->id,
				      r->cycle_dep_item >= 0 && r->cycle_item < 0 ? "depends_on" : "down_revision");
		}
		if (r->is_head) {
			heads++;
			if (r->label_owner < 0)
				heads_labelled = 0;
		}
		if (r->is_base) {
			const struct dl_revref *bl = &r->rf.branch_labels;
			bases++;
			if ((bl->kind == DL_REVREF_STRING || bl->kind == DL_REVREF_TUPLE) && bl->nr)
				labelled_bases++;
		}
	}

	if (heads > 1)
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
	size_t i, j, n = 0;

	for (i = 0; i < loc->revs_nr; i++)
		if (loc->revs[i].is_head && loc->revs[i].duplicate_of < 0 &&
		    loc->revs[i].id)
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
	for (i = 0; i < n; i++) {
		const struct dl_revision *r = &loc->revs[idx[i]];
		struct dl_finding *f = dl_report_add_level(
			ctx->report, dl_rule_must("ALM001"),
			labelled ? DL_LEVEL_NOTE : DL_LEVEL_ERROR,
			r->file->path, id_region(r),
			labelled
				? "revision '%s' is one of %zu heads in script location %s, each on its own branch label; `alembic upgrade head` needs `heads` or a branch name"
				: "revision '%s' is one of %zu heads in script location %s; `alembic upgrade head` fails with \"Multiple heads are present\": run `alembic merge heads` or fix a down_revision",
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
			ctx->report, dl_rule_must("ALM009"), r->file->path,
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

/* A copy of Python source with '#' comments blanked (strings respected). */
static char *
strip_comments(const char *data, size_t len)
{
	char *out = dl_xstrndup(data, len);
	size_t i = 0;
	while (i < len) {
		char c = out[i];
		if (c == '#') {
			while (i < len && out[i] != '\n')
				out[i++] = ' ';
		} else if (c == '\'' || c == '"') {
			int triple = i + 2 < len && out[i + 1] == c && out[i + 2] == c;
			size_t q = triple ? 3 : 1;
			i += q;
			while (i < len) {
				if (out[i] == '\\') {
					i += 2;
					continue;
				}
				if (!triple && out[i] == '\n')
					break;
				if (out[i] == c && (!triple || (i + 2 < len && out[i + 1] == c &&
								out[i + 2] == c))) {
					i += q;
					break;
				}
				i++;
			}
		} else {
			i++;
		}
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
	r = host && (!strcmp(host, "localhost") || !strncmp(host, "127.", 4) ||
		     !strcmp(host, "::1"));
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

static void
check_env_and_ini(struct dl_check_ctx *ctx, const struct dl_script_location *loc)
{
	const struct dl_ini_entry *url = NULL;
	char *code = NULL;
	int env_evidence = 0;
	size_t i;

	if (loc->ini)
		url = dl_ini_get(&loc->ini->ini, "alembic", "sqlalchemy.url");
	if (loc->env_py && dl_repo_load(ctx->repo, loc->env_py) == 0) {
		code = strip_comments(loc->env_py->data, loc->env_py->len);
		env_evidence = env_reads_url(code);
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
			dl_report_add(ctx->report, dl_rule_must("ALM006"),
				      loc->ini->file->path,
				      i < first ? dl_region_span(url->value_pos.line,
								 url->value_pos.col + (unsigned)i, 1)
						: dl_region_at(url->value_pos, 0),
				      "'%%' in sqlalchemy.url is read as configparser interpolation (\"invalid interpolation syntax\"); write '%%%%' instead");
			break;
		}
		if (code && !env_evidence && !strncmp(v, "driver://", 9))
			dl_report_add(ctx->report, dl_rule_must("ALM004"),
				      loc->ini->file->path,
				      dl_region_span(url->value_pos.line, url->value_pos.col,
						     (unsigned)first),
				      "sqlalchemy.url is the template placeholder 'driver://...' and env.py does not set the URL; Alembic fails with \"Can't load plugin: sqlalchemy.dialects:driver\": read DATABASE_URL in env.py");
	}

	if (code && loc->ini && !env_evidence && (!url || url_unusable(url->value)))
		dl_report_add(ctx->report, dl_rule_must("ALM003"), loc->env_py->path,
			      line_one(),
			      "env.py never reads the database URL from the environment and alembic.ini's sqlalchemy.url is %s; on Render migrations would not reach the real database: set it from os.environ[\"DATABASE_URL\"] with config.set_main_option",
			      !url || !url->value[0] ? "empty" : "a placeholder or a local database");

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
					dl_report_add(ctx->report, dl_rule_must("ALM006"),
						      loc->env_py->path,
						      dl_region_span(line, col, 15),
						      "set_main_option(\"sqlalchemy.url\", ...) passes a URL through configparser without doubling '%%'; a percent-encoded password fails with \"invalid interpolation syntax\": pass url.replace(\"%%\", \"%%%%\")");
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
							dl_report_add(ctx->report, dl_rule_must("ALM010"),
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
	size_t i, j;

	for (i = 0; i < a->inis_nr; i++) {
		const struct dl_alembic_ini *ai = &a->inis[i];
		if (ai->ini.error.set)
			dl_report_add(ctx->report, dl_rule_must("PARSE001"), ai->file->path,
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
		check_env_and_ini(ctx, loc);
	}
	for (i = 0; i < a->strays_nr; i++)
		dl_report_add_level(ctx->report, dl_rule_must("ALM011"), DL_LEVEL_NOTE,
				    a->strays[i].first->path, line_one(),
				    "folder '%s' holds revision files but belongs to no script location (no alembic.ini names it and no env.py sits beside it); Alembic will not see them",
				    a->strays[i].dir);
}
