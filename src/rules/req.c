/*
 * deploylint: the REQ family (see src/rules/req.def and rules/REQ*.md) and
 * PARSE001 for requirements files: what pip installs on Render, read from
 * requirements files and their -r/-c includes.
 */
#include "rules/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/model.h"
#include "deploylint/pep440.h"
#include "deploylint/pyversion.h"
#include "deploylint/requirements.h"
#include "deploylint/textenc.h"
#include "deploylint/util.h"
#include "rules/data.h"

/* ---- shared helpers --------------------------------------------------- */

/* Keys "ID path line col" of findings already made, in a hash set: the
 * include sets of several files overlap, and each finding is made once. */
struct seen {
	struct dl_strset keys;
};

/* What a de-duplication key stands for: a rule's finding (its
 * compile-time id, a DL_RULE_* enumerator) or one of these, numbered
 * after the rules. */
enum {
	SEEN_REQ002_BOTH = DL_RULE_COUNT, /* REQ002's psycopg2 + -binary note */
	SEEN_INCLUDE_DEPTH                /* the --verbose note of a deep -r */
};

/* 1 the first time (key, path, region) is seen, else 0; key is a
 * DL_RULE_* or SEEN_* value. */
static int
seen_once(struct seen *s, unsigned key, const char *path, struct dl_region r)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;

	dl_strbuf_addf(&sb, "%u %s %u %u", key, path, r.line, r.col);
	return dl_strset_add(&s->keys, dl_strbuf_detach(&sb, NULL));
}

static void
seen_release(struct seen *s)
{
	dl_strset_release(&s->keys);
}

static struct dl_region
name_region(const struct dl_requirement *r)
{
	return dl_region_span(r->name_pos.line, r->name_pos.col, r->name_len);
}

static struct dl_region
spec_region(const struct dl_requirement *r)
{
	if (!r->specifier)
		return name_region(r);
	return dl_region_span(r->spec_pos.line, r->spec_pos.col, r->spec_len);
}

static struct dl_region
url_region(const struct dl_requirement *r)
{
	return dl_region_span(r->url_pos.line, r->url_pos.col, r->url_len);
}

/* Appends a URL or path for a message: credentials hidden, at most 70
 * bytes. */
static void
put_url(struct dl_strbuf *sb, const char *url)
{
	size_t n = strlen(url);
	dl_requirements_redact(sb, url, n > 70 ? 70 : n);
	if (n > 70)
		dl_strbuf_puts(sb, "...");
}

/* Every requirements file of the repository that is lintable. */
static int
is_req_file(const struct dl_file *f)
{
	return f->kind == DL_KIND_REQUIREMENTS && dl_file_lintable(f);
}

/* ---- the Python-version minimums (rules/data/python-minimums.tsv) ------ */

struct minrow {
	char *package;                   /* PEP 503 name (malloc'd, any length) */
	char *extra;                     /* "binary" for psycopg[binary], else ""
					  * (malloc'd) */
	struct dl_pep440_version series; /* release prefix; release_nr 0 = any */
	int py_major, py_minor;
	int none; /* no release of the series supports it */
	struct dl_pep440_version min;
	int verified;
	/* the first release that works there (not only installs), when later
	 * than min: the optional `works` column */
	int has_works;
	struct dl_pep440_version works;
};

struct mintable {
	struct minrow *rows;
	size_t nr, alloc;
};

static void
mintable_load(struct mintable *t)
{
	const char *text = dl_rule_data_get("python-minimums.tsv");
	const char *cur = NULL;
	struct dl_data_row row;

	memset(t, 0, sizeof(*t));
	while (dl_data_next_row(text, &cur, &row)) {
		struct minrow m;
		struct dl_pyver py;
		const char *br, *xb = "";
		size_t n, xl = 0;

		if (row.nr < 6)
			continue;
		memset(&m, 0, sizeof(m));
		n = row.lens[0];
		br = memchr(row.fields[0], '[', n);
		if (br) {
			size_t e = (size_t)(br - row.fields[0]);
			if (row.fields[0][n - 1] != ']')
				continue;
			xb = br + 1;
			xl = n - e - 2;
			n = e;
		}
		if (!dl_data_field_is(&row, 1, "*") &&
		    dl_pep440_parse(&m.series, row.fields[1], row.lens[1]) < 0)
			continue;
		if (dl_pyver_parse(&py, row.fields[2], row.lens[2]) < 0)
			continue;
		m.py_major = py.major;
		m.py_minor = py.minor;
		if (dl_data_field_is(&row, 3, "none"))
			m.none = 1;
		else if (dl_pep440_parse(&m.min, row.fields[3], row.lens[3]) < 0)
			continue;
		m.verified = dl_data_field_is(&row, 4, "yes");
		if (row.nr >= 7 && row.lens[6] && !dl_data_field_is(&row, 6, "-") &&
		    dl_pep440_parse(&m.works, row.fields[6], row.lens[6]) == 0 && !m.none &&
		    dl_pep440_cmp(&m.works, &m.min) > 0)
			m.has_works = 1;
		m.package = dl_xstrndup(row.fields[0], n);
		m.extra = dl_xstrndup(xb, xl);
		DL_ALLOC_GROW(t->rows, t->nr + 1, t->alloc);
		t->rows[t->nr++] = m;
	}
}

static void
mintable_release(struct mintable *t)
{
	size_t i;
	for (i = 0; i < t->nr; i++) {
		free(t->rows[i].package);
		free(t->rows[i].extra);
	}
	free(t->rows);
}

static int
in_series(const struct dl_pep440_version *series, const struct dl_pep440_version *v)
{
	size_t k;
	if (!series->release_nr)
		return 1;
	if (series->epoch != v->epoch)
		return 0;
	for (k = 0; k < series->release_nr; k++)
		if ((k < v->release_nr ? v->release[k] : 0) != series->release[k])
			return 0;
	return 1;
}

static int
row_applies(const struct minrow *m, const struct dl_requirement *r, int major, int minor)
{
	if (m->py_major != major || m->py_minor != minor)
		return 0;
	if (!r->normalised || strcmp(m->package, r->normalised) != 0)
		return 0;
	return !m->extra[0] || dl_requirements_has_extra(r->extras, m->extra);
}

/* Whether the table names `package` at all (for REQ008). */
static const struct minrow *
mintable_find(const struct mintable *t, const char *normalised)
{
	size_t k;
	for (k = 0; k < t->nr; k++)
		if (strcmp(t->rows[k].package, normalised) == 0)
			return &t->rows[k];
	return NULL;
}

/* The versions worth testing against a row: its minimum, the specifier's
 * own versions at or above it and their next patch, and a far patch of
 * the series. */
static int
admits_good(const struct dl_pep440_specset *set, const struct minrow *m)
{
	struct dl_pep440_version c[3 * DL_MAX_PEP440_SPECS + 2];
	size_t n = 0, k;

	c[n++] = m->min;
	for (k = 0; k < set->nr && n + 2 < DL_ARRAY_SIZE(c); k++) {
		struct dl_pep440_version v = set->items[k].version;
		if (!v.release_nr)
			continue;
		c[n++] = v;
		if (v.release_nr < 3) {
			while (v.release_nr < 3)
				v.release[v.release_nr++] = 0;
		}
		v.release[v.release_nr - 1]++;
		v.pre = DL_PEP440_PRE_NONE;
		v.has_dev = v.has_post = 0;
		v.local[0] = '\0';
		c[n++] = v;
	}
	if (m->series.release_nr) {
		struct dl_pep440_version far = m->series;
		far.release[far.release_nr++] = 999999;
		c[n++] = far;
	}
	for (k = 0; k < n; k++)
		if (dl_pep440_cmp(&c[k], &m->min) >= 0 && in_series(&m->series, &c[k]) &&
		    dl_pep440_specset_admits(set, &c[k], 1))
			return 1;
	return 0;
}

/* Whether the specifier allows some version that works on Python
 * major.minor (no row for that Python: every version works). Sets
 * *rows_out to how many rows applied and *verified to whether all did. */
static int
works_on(const struct mintable *t, const struct dl_requirement *r, int major,
	 int minor, size_t *rows_out, int *verified)
{
	size_t k, rows = 0;
	int good = 0;

	*verified = 1;
	for (k = 0; k < t->nr; k++) {
		const struct minrow *m = &t->rows[k];
		if (!row_applies(m, r, major, minor))
			continue;
		rows++;
		if (!m->verified)
			*verified = 0;
		if (!m->none && admits_good(&r->specs, m))
			good = 1;
	}
	if (rows_out)
		*rows_out = rows;
	return rows == 0 || good;
}

/* The row whose minimum to suggest: the series of `v`, else the lowest
 * series above it, else the newest row; never a "none" row. */
static const struct minrow *
suggest_row(const struct mintable *t, const struct dl_requirement *r, int major,
	    int minor, const struct dl_pep440_version *v)
{
	const struct minrow *best = NULL, *above = NULL, *newest = NULL;
	size_t k;

	for (k = 0; k < t->nr; k++) {
		const struct minrow *m = &t->rows[k];
		if (!row_applies(m, r, major, minor) || m->none)
			continue;
		if (!newest || dl_pep440_cmp(&m->min, &newest->min) > 0)
			newest = m;
		if (v && in_series(&m->series, v))
			best = m;
		if (v && dl_pep440_cmp(&m->min, v) > 0 &&
		    (!above || dl_pep440_cmp(&m->min, &above->min) < 0))
			above = m;
	}
	return best ? best : above ? above
				   : newest;
}

/* ---- REQ001: too old for the effective Python ----------------------------- */

static void
python_fix(struct dl_strbuf *sb, const struct dl_backend *be, int major, int minor)
{
	switch (be->eff_from) {
	case DL_PYEFF_ENV:
		dl_strbuf_addf(sb, "set PYTHON_VERSION=%d.%d.x", major, minor);
		break;
	case DL_PYEFF_FILE:
		dl_strbuf_addf(sb, "write %d.%d in .python-version", major, minor);
		break;
	case DL_PYEFF_DEFAULT:
		dl_strbuf_addf(sb, "pin Python %d.%d with a .python-version file", major, minor);
		break;
	}
}

/* What set the Python version when it is not one of be->src
 * (deploylint env: a variable, or the interpreter on PATH). */
struct py_origin {
	const char *path;
	struct dl_region region;
	int logical;
	const char *what;
	int docker; /* the Python is the image's, from the Dockerfile's FROM */
};

/* Whether the set holds an item that bounds the version from above
 * (<, <=, ==, ==X.*, ~=, ===): with none, pip installs the newest release. */
static int
specs_cap(const struct dl_pep440_specset *specs)
{
	size_t i;

	for (i = 0; i < specs->nr; i++)
		switch (specs->items[i].op) {
		case DL_PEP440_LT:
		case DL_PEP440_LE:
		case DL_PEP440_EQ:
		case DL_PEP440_COMPAT:
		case DL_PEP440_ARBITRARY:
			return 1;
		default:
			break;
		}
	return 0;
}

/* Whether requirement r (whose lower bound is below `min`) can resolve to a
 * release older than `min`: its own specifier caps the version, or a -c
 * constraint of the set caps it without itself raising the floor to `min`
 * (a constraint pinned or bounded at `min` or above decides the version). */
static int
capped(const struct dl_req_set *set, const struct dl_requirement *r,
       const struct dl_pep440_version *min)
{
	const struct dl_req_entry *c = dl_req_set_constraint(set, r->normalised);
	struct dl_pep440_version v;
	int excl = 0;

	if (c && c->req && c->req->kind == DL_REQ_NAMED &&
	    dl_pep440_specset_lower_bound(&c->req->specs, &v, &excl) &&
	    dl_pep440_cmp(&v, min) >= 0)
		return 0;
	if (specs_cap(&r->specs))
		return 1;
	return c && c->req && c->req->kind == DL_REQ_NAMED && specs_cap(&c->req->specs);
}

static void
check_entry_req001(struct dl_check_ctx *ctx, const struct mintable *t,
		   const struct dl_backend *be, const struct dl_req_set *set,
		   const struct dl_req_entry *e, struct seen *seen,
		   const struct py_origin *origin)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_REQ001);
	const struct dl_requirement *r = e->req;
	int major = be->eff.major, minor = be->eff.minor, verified, m;
	size_t rows;
	struct dl_pep440_version pin, lb;
	int pinned, excl = 0;
	struct dl_strbuf pyfix = DL_STRBUF_INIT, why = DL_STRBUF_INIT;
	struct dl_region reg = spec_region(r);
	/* a locked version is reported where the lock holds it */
	const char *path = r->lock_path ? r->lock_path : e->file->path;
	struct dl_finding *f = NULL;
	const struct minrow *row;

	if (r->kind != DL_REQ_NAMED || !r->specs.nr || major < 0 || minor < 0)
		return;
	if (r->lock_path)
		reg = dl_region_span(r->lock_pos.line, r->lock_pos.col, r->lock_len);
	pinned = dl_pep440_specset_pinned(&r->specs, &pin);
	dl_strbuf_puts(&why, "");
	if (origin && origin->docker)
		dl_strbuf_addf(&why, " (the image's Python, from the Dockerfile's FROM)");
	else if (be->eff_from == DL_PYEFF_DEFAULT)
		dl_strbuf_addf(&why, " (Render's default, used because no Python version is pinned)");
	if (!works_on(t, r, major, minor, &rows, &verified)) {
		const struct minrow *sug;
		struct dl_strbuf msg = DL_STRBUF_INIT;
		int has_lb = pinned;

		if (!pinned)
			has_lb = dl_pep440_specset_lower_bound(&r->specs, &pin, &excl);
		sug = suggest_row(t, r, major, minor, has_lb ? &pin : NULL);
		/* the newest older Python this specifier works on */
		for (m = minor - 1; m >= 7; m--) {
			int v2;
			if (works_on(t, r, major, m, NULL, &v2))
				break;
		}
		if (m >= 7 && origin && origin->docker)
			dl_strbuf_addf(&pyfix, "build FROM python:%d.%d", major, m);
		else if (m >= 7)
			python_fix(&pyfix, be, major, m);
		if (pinned) {
			dl_strbuf_addf(&msg, "%s ", r->name);
			dl_pep440_format(&msg, &pin);
			dl_strbuf_addf(&msg, " does not support Python %d.%d%s", major, minor, why.buf);
		} else {
			dl_strbuf_addf(&msg, "%s%s allows no release that supports Python %d.%d%s",
				       r->name, r->specifier, major, minor, why.buf);
		}
		dl_strbuf_puts(&msg, ": ");
		if (sug) {
			dl_strbuf_addf(&msg, "pin %s>=", r->name);
			dl_pep440_format(&msg, &sug->min);
			if (!sug->verified)
				dl_strbuf_puts(&msg, " (an approximate minimum)");
			if (pyfix.len)
				dl_strbuf_puts(&msg, " or ");
		}
		dl_strbuf_put(&msg, pyfix.buf, pyfix.len);
		/* an approximate minimum (rules/data: verified "no") only warns */
		if (sug)
			verified = sug->verified;
		if (seen_once(seen, DL_RULE_REQ001, path, reg))
			f = dl_report_add_level(ctx->report, rule,
						verified ? DL_LEVEL_ERROR : DL_LEVEL_WARNING,
						path, reg, "%s", msg.buf);
		dl_strbuf_release(&msg);
	} else if (rows && pinned && (row = suggest_row(t, r, major, minor, &pin)) != NULL &&
		   row->has_works && in_series(&row->series, &pin) &&
		   dl_pep440_cmp(&pin, &row->min) >= 0 && dl_pep440_cmp(&pin, &row->works) < 0 &&
		   seen_once(seen, DL_RULE_REQ001, path, reg)) {
		/* installs, but fixes it needs on this Python came later: a
		 * warning between the install minimum and the working one */
		struct dl_strbuf pv = DL_STRBUF_INIT, wv = DL_STRBUF_INIT;
		dl_pep440_format(&pv, &pin);
		dl_pep440_format(&wv, &row->works);
		f = dl_report_add_level(ctx->report, rule, DL_LEVEL_WARNING, path, reg,
					"%s %s installs on Python %d.%d%s, but fixes for that Python came in later releases up to %s (rules/data/python-minimums.tsv): pin %s>=%s",
					r->name, pv.buf, major, minor, why.buf, wv.buf, r->name, wv.buf);
		dl_strbuf_release(&pv);
		dl_strbuf_release(&wv);
	} else if (rows && !pinned && !e->constraint &&
		   dl_pep440_specset_lower_bound(&r->specs, &lb, &excl)) {
		/* a lower bound below the minimum: pip installs the newest
		 * release the set admits, so an old one is picked only when
		 * something caps the version (the specifier itself, or a
		 * constraint of the set) */
		row = suggest_row(t, r, major, minor, &lb);
		if (row && in_series(&row->series, &lb) && dl_pep440_cmp(&lb, &row->min) < 0 &&
		    row->verified && capped(set, r, &row->min) &&
		    seen_once(seen, DL_RULE_REQ001, path, reg)) {
			struct dl_strbuf minv = DL_STRBUF_INIT;
			dl_pep440_format(&minv, &row->min);
			f = dl_report_add_level(ctx->report, rule, DL_LEVEL_WARNING,
						path, reg,
						"%s%s still allows releases older than %s, the first to support Python %d.%d%s: raise the lower bound to >=%s",
						r->name, r->specifier, minv.buf, major, minor,
						why.buf, minv.buf);
			dl_strbuf_release(&minv);
		}
	}
	if (f && r->lock_path)
		dl_finding_add_related(f, e->file->path, name_region(r), "%s is declared here", r->name);
	if (f && origin) {
		dl_finding_add_related(f, origin->path, origin->region,
				       "Python %d.%d: %s", major, minor, origin->what);
		f->related[f->related_nr - 1].logical = origin->logical;
	} else if (f) {
		const struct dl_pysource *src = NULL;
		if (be->eff_from == DL_PYEFF_ENV)
			src = &be->src[DL_PYSRC_ENV];
		else if (be->eff_from == DL_PYEFF_FILE)
			src = &be->src[DL_PYSRC_FILE];
		if (src && src->file)
			dl_finding_add_related(f, src->file->path, src->region,
					       "Python %d.%d is set here", major, minor);
	}
	dl_strbuf_release(&pyfix);
	dl_strbuf_release(&why);
}

/* A Docker service (runtime: docker, or a folder no Blueprint names whose
 * Dockerfile builds FROM python): pip installs its requirements in the
 * image's Python, judged when the first FROM names python:X.Y. A tag with
 * no X.Y (python:slim, latest, a digest) leaves the version to Docker Hub;
 * a tag that an ARG sets is judged only when the ARG's default is static
 * and the service sets no PYTHON_VERSION (Render passes a Docker
 * service's environment variables to the build as build arguments, and
 * ARG PYTHON_VERSION is the usual name). */
static void
check_req001_docker(struct dl_check_ctx *ctx, const struct dl_backend *be,
		    const struct mintable *t, struct seen *seen, int blueprint)
{
	const struct dl_pysource *s = &be->src[DL_PYSRC_DOCKERFILE];
	const struct dl_model_deps *deps;
	struct dl_backend b = *be;
	struct py_origin origin;
	size_t i, j;

	if (!s->present || !s->file || s->version.major < 0 || s->version.minor < 0)
		return;
	if (blueprint && !be->service_node)
		return;
	if (s->from_arg && be->src[DL_PYSRC_ENV].present)
		return;
	b.eff = s->version;
	b.eff_from = DL_PYEFF_FILE;
	origin.path = s->file->path;
	origin.region = s->region;
	origin.logical = 0;
	origin.what = "set by the Dockerfile's FROM";
	origin.docker = 1;
	deps = dl_model_backend_deps(dl_ctx_model(ctx), be);
	for (i = 0; deps && i < deps->nr; i++) {
		const struct dl_req_set *set = deps->sources[i]->reqs;
		for (j = 0; j < set->nr; j++)
			check_entry_req001(ctx, t, &b, set, &set->entries[j], seen, &origin);
	}
}

static void
check_req001(struct dl_check_ctx *ctx, const struct dl_backends *bs, const struct mintable *t,
	     struct seen *seen)
{
	struct dl_model *model = dl_ctx_model(ctx);
	size_t k, i, j;
	int blueprint = 0;

	for (k = 0; k < bs->nr; k++)
		if (bs->items[k].render_yaml)
			blueprint = 1;
	for (k = 0; k < bs->nr; k++) {
		const struct dl_backend *be = &bs->items[k];
		const struct dl_model_deps *deps;

		if (be->docker) {
			check_req001_docker(ctx, be, t, seen, blueprint);
			continue;
		}
		if (!be->python)
			continue;
		/* with a Blueprint, folders that are no service's (docs/,
		 * scripts/) are not built by Render */
		if (blueprint && !be->service_node)
			continue;
		/* a folder that only its pyproject.toml or Pipfile makes a
		 * backend, in a repository that names Render nowhere and pins
		 * no Python: nothing says Render builds it with its default
		 * Python (such projects are mostly run from their own Docker
		 * image or on another host) */
		if (be->project && !be->render_targeted && be->eff_from == DL_PYEFF_DEFAULT)
			continue;
		deps = dl_model_backend_deps(model, be);
		for (i = 0; i < deps->nr; i++) {
			const struct dl_req_set *set = deps->sources[i]->reqs;
			for (j = 0; j < set->nr; j++)
				check_entry_req001(ctx, t, be, set, &set->entries[j], seen, NULL);
		}
	}
}

/* ---- REQ002: psycopg2 from source ----------------------------------------- */

static int
contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;
	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Whether the repository installs libpq's headers itself (a Dockerfile,
 * an Aptfile or a build script naming libpq-dev or pg_config). */
static int
installs_libpq(struct dl_repo *repo)
{
	size_t k;
	for (k = 0; k < repo->nr; k++) {
		struct dl_file *f = &repo->files[k];
		const char *base = dl_path_basename(f->path);
		if (f->kind != DL_KIND_SHELL && strncmp(base, "Dockerfile", 10) != 0 &&
		    strcmp(base, "Aptfile") != 0 && !strstr(base, ".dockerfile"))
			continue;
		if (!dl_file_lintable(f) || dl_repo_load(repo, f) < 0)
			continue;
		if (contains(f->data, f->len, "libpq-dev") ||
		    contains(f->data, f->len, "pg_config") ||
		    contains(f->data, f->len, "postgresql-devel"))
			return 1;
	}
	return 0;
}

static void
check_req002(struct dl_check_ctx *ctx, struct dl_file *file,
	     const struct dl_requirements *doc, const struct dl_req_set *set,
	     int libpq, struct seen *seen)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_REQ002);
	const struct dl_req_entry *src, *bin;
	size_t k;

	if (!libpq)
		for (k = 0; k < doc->nr; k++) {
			const struct dl_requirement *r = &doc->reqs[k];
			if (r->kind == DL_REQ_EDITABLE || !r->normalised ||
			    strcmp(r->normalised, "psycopg2") != 0)
				continue;
			if (!seen_once(seen, DL_RULE_REQ002, file->path, name_region(r)))
				continue;
			dl_report_add(ctx->report, rule, file->path, name_region(r),
				      "%s is built from source during pip install, which needs pg_config (libpq-dev) and a C compiler and otherwise fails with \"pg_config executable not found\": require psycopg2-binary instead, or install libpq-dev in the build",
				      r->name);
		}
	src = dl_requirements_provides(set, "psycopg2", NULL);
	bin = dl_requirements_provides(set, "psycopg2-binary", NULL);
	if (src && bin) {
		const struct dl_req_entry *later = src < bin ? bin : src;
		const struct dl_req_entry *first = src < bin ? src : bin;
		struct dl_finding *f;
		if (!seen_once(seen, SEEN_REQ002_BOTH, later->file->path, name_region(later->req)))
			return;
		f = dl_report_add_level(ctx->report, rule, DL_LEVEL_NOTE, later->file->path,
					name_region(later->req),
					"both psycopg2 and psycopg2-binary are required, and both install the same psycopg2 module over each other: keep only one of them");
		dl_finding_add_related(f, first->file->path, name_region(first->req),
				       "%s is also required here", first->req->name);
	}
}

/* ---- REQ004: duplicates ------------------------------------------------------ */

static int
same_marker(const struct dl_requirement *a, const struct dl_requirement *b)
{
	if (!a->marker || !b->marker)
		return !a->marker && !b->marker;
	return strcmp(a->marker, b->marker) == 0;
}

/* Most earlier lines of the same name one line is compared with (a file
 * naming one package thousands of times stays linear). */
#define REQ004_MAX_PEERS 64

/* Orders entries (of one set's array) by normalised name, then by install
 * order, which is their order in the array. */
static int
by_name(const void *pa, const void *pb)
{
	const struct dl_req_entry *a = *(const struct dl_req_entry *const *)pa;
	const struct dl_req_entry *b = *(const struct dl_req_entry *const *)pb;
	int r = strcmp(a->req->normalised, b->req->normalised);
	if (r)
		return r;
	return a < b ? -1 : a > b;
}

static void
check_req004(struct dl_check_ctx *ctx, const struct dl_req_set *set, struct seen *seen)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_REQ004);
	const struct dl_req_entry **idx = NULL;
	size_t nr = 0, alloc = 0, g, i, j;

	for (j = 0; j < set->nr; j++)
		if (!set->entries[j].constraint && set->entries[j].req->normalised) {
			DL_ALLOC_GROW(idx, nr + 1, alloc);
			idx[nr++] = &set->entries[j];
		}
	if (nr > 1)
		qsort(idx, nr, sizeof(*idx), by_name); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	for (g = 0; g < nr; g = i) {
		/* idx[g .. i) name the same project, in install order */
		for (i = g + 1; i < nr && strcmp(idx[i]->req->normalised,
						 idx[g]->req->normalised) == 0;
		     i++)
			;
		for (j = g + 1; j < i; j++) {
			const struct dl_req_entry *b = idx[j];
			size_t k, lo = j - g > REQ004_MAX_PEERS ? j - REQ004_MAX_PEERS : g;
			for (k = lo; k < j; k++) {
				const struct dl_req_entry *a = idx[k];
				struct dl_finding *f;
				struct dl_region reg;

				if (!same_marker(a->req, b->req))
					continue;
				reg = name_region(b->req);
				if (!seen_once(seen, DL_RULE_REQ004, b->file->path, reg))
					break;
				if (dl_pep440_specsets_conflict(&a->req->specs, &b->req->specs))
					f = dl_report_add_level(ctx->report, rule, DL_LEVEL_ERROR,
								b->file->path, reg,
								"%s is required twice with conflicting versions (%s here, %s at %s:%u), so pip stops with ResolutionImpossible: keep one line with the version you need",
								b->req->name, b->req->specifier, a->req->specifier,
								a->file->path, a->req->line);
				else
					f = dl_report_add(ctx->report, rule, b->file->path, reg,
							  "%s is required twice (also at %s:%u): keep a single line so that the two cannot drift apart",
							  b->req->name, a->file->path, a->req->line);
				dl_finding_add_related(f, a->file->path, name_region(a->req),
						       "first required here");
				break;
			}
		}
	}
	free(idx);
}

/* ---- REQ005: local references ----------------------------------------------- */

static int
is_absolute_path(const char *p)
{
	return p[0] == '/' || p[0] == '\\' || p[0] == '~' ||
	       (dl_isalpha((unsigned char)p[0]) && p[1] == ':');
}

static int
is_remote(const char *u)
{
	static const char *const schemes[] = {
		"http://", "https://", "ftp://", "git+", "hg+", "svn+", "bzr+", "git://",
		"svn://"
	};
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(schemes); k++)
		if (strncmp(u, schemes[k], strlen(schemes[k])) == 0)
			return 1;
	return 0;
}

/* Whether relative path p exists relative to any of the folders pip may
 * resolve it from (the file's folder, the backend's folder, the root). */
static int
path_exists(struct dl_repo *repo, const char *p, const char *file_dir,
	    const char *backend_dir)
{
	const char *bases[3];
	size_t k, n;
	char *clean = dl_xstrdup(p);
	int found = 0;

	/* drop a "#egg=" fragment and a "[extras]" suffix */
	clean[strcspn(clean, "#")] = '\0';
	n = strlen(clean);
	if (n && clean[n - 1] == ']' && strchr(clean, '['))
		*strrchr(clean, '[') = '\0';
	bases[0] = file_dir;
	bases[1] = backend_dir;
	bases[2] = "";
	for (k = 0; k < 3 && !found; k++) {
		char *j = dl_path_join(bases[k], clean);
		if (strncmp(j, "../", 3) != 0 && strcmp(j, "..") != 0)
			found = dl_repo_find(repo, j) != NULL || dl_repo_has_dir(repo, j);
		free(j);
	}
	free(clean);
	return found;
}

/* Whether relative path p, read from folder dir, leaves the repository. */
static int
climbs_out(const char *p, const char *dir)
{
	char *j = dl_path_join(dir, p);
	int out = strncmp(j, "../", 3) == 0 || strcmp(j, "..") == 0;
	free(j);
	return out;
}

static void
check_req005(struct dl_check_ctx *ctx, const struct dl_backends *bs,
	     struct dl_file *file, const struct dl_requirements *doc,
	     const struct dl_req_set *set, struct seen *seen)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_REQ005);
	const struct dl_backend *be = dl_backends_for_path(bs, file->path);
	char *dir = dl_path_dirname(file->path);
	struct dl_strbuf u = DL_STRBUF_INIT;
	size_t k;

	for (k = 0; k < doc->nr; k++) {
		const struct dl_requirement *r = &doc->reqs[k];
		const char *url = r->url;
		struct dl_region reg;

		if (!url || r->kind == DL_REQ_NAMED || is_remote(url) || strstr(url, "${"))
			continue;
		reg = url_region(r);
		dl_strbuf_reset(&u);
		put_url(&u, url);
		if (strncmp(url, "file:", 5) == 0) {
			const char *rest = url + 5;
			if (rest[0] == '/' || strchr(rest, ':')) {
				dl_report_add(ctx->report, rule, file->path, reg,
					      "%s points at a file on the machine that ran pip freeze, which does not exist on Render's build machine: replace the line with %s==<version> from the package index",
					      u.buf, r->name ? r->name : "<package>");
				continue;
			}
			url = rest;
		}
		if (is_absolute_path(url)) {
			dl_report_add(ctx->report, rule, file->path, reg,
				      "%s is an absolute path on the machine that wrote this file, which does not exist on Render's build machine: %s",
				      u.buf, r->name ? "replace the line with the package's name and version from the index" : "commit the package to the repository and use a relative path, or require it by name and version");
			continue;
		}
		if (climbs_out(url, dir)) {
			dl_report_add(ctx->report, rule, file->path, reg,
				      "%s lies outside the repository, which is all Render's build machine has: move the package into the repository or require it by name and version",
				      u.buf);
			continue;
		}
		if (!path_exists(ctx->repo, url, dir, be ? be->dir : "")) {
			dl_report_add(ctx->report, rule, file->path, reg,
				      "%s does not exist in the repository, so pip install fails on Render's build machine: commit it, or require the package by name and version",
				      u.buf);
		}
	}
	/* -r/-c includes that pip cannot open */
	for (k = 0; k < set->problems_nr; k++) {
		const struct dl_req_problem *p = &set->problems[k];
		struct dl_region reg;
		if (p->file != file)
			continue;
		reg = dl_region_span(p->include->pos.line, p->include->pos.col, p->include->len);
		if (p->kind == DL_REQ_INC_MISSING &&
		    seen_once(seen, DL_RULE_REQ005, file->path, reg))
			dl_report_add(ctx->report, rule, file->path, reg,
				      "%s names %s, which does not exist in the repository, so pip stops with \"Could not open requirements file\": fix the path (it is relative to %s)",
				      p->include->constraint ? "-c" : "-r", p->include->target,
				      dir[0] ? dir : "the repository root");
		else if (p->kind == DL_REQ_INC_OUTSIDE &&
			 seen_once(seen, DL_RULE_REQ005, file->path, reg))
			dl_report_add(ctx->report, rule, file->path, reg,
				      "%s names %s, outside the repository, which Render's build machine does not have: include a file inside the repository instead",
				      p->include->constraint ? "-c" : "-r", p->include->target);
	}
	dl_strbuf_release(&u);
	free(dir);
}

/* ---- REQ006: Windows-only packages ------------------------------------------ */

static int
marker_restricts_platform(const char *marker)
{
	return marker && (strstr(marker, "sys_platform") || strstr(marker, "platform_system") ||
			  strstr(marker, "os_name"));
}

static void
check_req006(struct dl_check_ctx *ctx, struct dl_file *file,
	     const struct dl_requirements *doc)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_REQ006);
	const char *text = dl_rule_data_get("windows-only-packages.tsv");
	size_t k;

	for (k = 0; k < doc->nr; k++) {
		const struct dl_requirement *r = &doc->reqs[k];
		const char *cur = NULL;
		struct dl_data_row row;

		if (!r->normalised || marker_restricts_platform(r->marker))
			continue;
		while (dl_data_next_row(text, &cur, &row)) {
			enum dl_level level = DL_LEVEL_ERROR;
			if (!dl_data_field_is(&row, 0, r->normalised))
				continue;
			if (dl_data_field_is(&row, 1, "warning"))
				level = DL_LEVEL_WARNING;
			else if (dl_data_field_is(&row, 1, "note"))
				level = DL_LEVEL_NOTE;
			if (level == DL_LEVEL_ERROR)
				dl_report_add_level(ctx->report, rule, level, file->path, name_region(r),
						    "%s is Windows-only and has nothing pip can install on Linux, so the Render build fails with \"No matching distribution found\": add ; sys_platform == \"win32\" to the line or remove it",
						    r->name);
			else
				dl_report_add_level(ctx->report, rule, level, file->path, name_region(r),
						    "%s only works on Windows, so it is useless on Render's Linux machines: add ; sys_platform == \"win32\" to the line or remove it",
						    r->name);
			break;
		}
	}
}

/* ---- REQ008: unpinned requirements -------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names every -c constraint with a version in `sets` applies to,
 * sorted (for bsearch). */
static size_t
constrained_names(const char ***out, const struct dl_req_set *const *sets, size_t nsets)
{
	const char **names = NULL;
	size_t nr = 0, alloc = 0, k, e;

	for (k = 0; k < nsets; k++)
		for (e = 0; e < sets[k]->nr; e++) {
			const struct dl_req_entry *en = &sets[k]->entries[e];
			if (!en->constraint || !en->req->normalised ||
			    (!en->req->specs.nr && en->req->kind == DL_REQ_NAMED))
				continue;
			DL_ALLOC_GROW(names, nr + 1, alloc);
			names[nr++] = en->req->normalised;
		}
	if (nr > 1)
		qsort(names, nr, sizeof(*names), cmp_str);
	*out = names;
	return nr;
}

static void
check_req008(struct dl_check_ctx *ctx, struct dl_file *file,
	     const struct dl_requirements *doc, const struct dl_req_set *const *sets,
	     size_t nsets, const struct mintable *t)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_REQ008);
	const struct dl_requirement **unpinned = NULL;
	size_t nr = 0, alloc = 0, k, named = 0;
	struct dl_strbuf names = DL_STRBUF_INIT;
	struct dl_finding *f;
	const char **cnames = NULL;
	size_t cnr;

	cnr = constrained_names(&cnames, sets, nsets);
	for (k = 0; k < doc->nr; k++) {
		const struct dl_requirement *r = &doc->reqs[k];
		if (r->kind != DL_REQ_NAMED || r->specifier || !r->normalised)
			continue;
		if (cnr && bsearch(&r->normalised, cnames, cnr, sizeof(*cnames), cmp_str))
			continue;
		DL_ALLOC_GROW(unpinned, nr + 1, alloc);
		unpinned[nr++] = r;
	}
	if (!nr)
		goto out;
	for (k = 0; k < nr; k++)
		if (mintable_find(t, unpinned[k]->normalised))
			named++;
	if (nr == 1) {
		int old = mintable_find(t, unpinned[0]->normalised) != NULL;
		f = dl_report_add(ctx->report, rule, file->path, name_region(unpinned[0]),
				  "%s has no version pin%s: pin it with == (for example from pip freeze) or in a -c constraints file so that every build installs the same version",
				  unpinned[0]->name,
				  old ? ", and its old releases fail on new Pythons" : "");
	} else if (named) {
		size_t seen_named = 0;
		for (k = 0; k < nr; k++) {
			if (!mintable_find(t, unpinned[k]->normalised))
				continue;
			seen_named++;
			if (seen_named > 1)
				dl_strbuf_puts(&names, seen_named == named ? " and " : ", ");
			dl_strbuf_puts(&names, unpinned[k]->name);
		}
		f = dl_report_add(ctx->report, rule, file->path, name_region(unpinned[0]),
				  "%zu requirements in this file have no version pin, among them %s, whose old releases fail on new Pythons: pin them with == (for example from pip freeze) or in a -c constraints file so that every build installs the same versions",
				  nr, names.buf);
	} else {
		f = dl_report_add(ctx->report, rule, file->path, name_region(unpinned[0]),
				  "%zu requirements in this file have no version pin: pin them with == (for example from pip freeze) or in a -c constraints file so that every build installs the same versions",
				  nr);
	}
	for (k = 1; k < nr && k <= 20; k++)
		dl_finding_add_related(f, file->path, name_region(unpinned[k]),
				       "%s is not pinned", unpinned[k]->name);
out:
	dl_strbuf_release(&names);
	free(unpinned);
	free(cnames);
}

/* ---- the family ----------------------------------------------------------------- */

/* ---- REQ007: a tool the deploy runs that the build does not install ---- */

struct tooluse {
	const char *tool;  /* static: "uvicorn", "flask-migrate" ... */
	const char *shown; /* the command word as written (borrowed) */
	char *path;
	struct dl_region region;
};

/* What one service's (or Procfile process's) commands run and install. */
struct svc {
	struct dl_check_ctx *ctx;
	struct dl_strset *seen; /* findings made (a script shared by several
				 * services is reported once) */
	const char *work_dir;
	const char *label; /* "service `api`" or the Procfile's path */
	struct tooluse *uses;
	size_t uses_nr, uses_alloc;
	char **req_files; /* pip install -r targets */
	size_t req_nr, req_alloc;
	char **inline_pkgs; /* pip install NAME ... */
	size_t inline_nr, inline_alloc;
	int installs_other; /* poetry/uv/pipenv/pip install . */
	int req_unknown;    /* a -r target we cannot resolve */
	/* what a poetry/uv/pipenv/pip install . build installs (the model's
	 * project source of the service's backend), or NULL */
	const struct dl_dep_source *project;
};

static int
first_time(struct svc *s, unsigned key, const char *path, struct dl_region reg,
	   const char *msg)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	dl_strbuf_addf(&sb, "%u|%s|%u|%u|%s", key, path, reg.line, reg.col, msg);
	return dl_strset_add(s->seen, dl_strbuf_detach(&sb, NULL));
}

/* Adds a REQ007 finding once per (place, message). */
static void report007(struct svc *s, const char *path, struct dl_region reg, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
report007(struct svc *s, const char *path, struct dl_region reg, const char *fmt, ...)
{
	struct dl_strbuf msg = DL_STRBUF_INIT;
	const struct dl_rule *rule = dl_rule_get(DL_RULE_REQ007);
	va_list ap;

	va_start(ap, fmt);
	dl_strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (first_time(s, DL_RULE_REQ007, path, reg, msg.buf))
		dl_report_add_level(s->ctx->report, rule, rule->level, path, reg, "%s", msg.buf);
	dl_strbuf_release(&msg);
}

static void
add_use(struct svc *s, const struct dl_cmd_visit *v, const char *tool)
{
	struct tooluse *u;
	DL_ALLOC_GROW(s->uses, s->uses_nr + 1, s->uses_alloc);
	u = &s->uses[s->uses_nr++];
	u->tool = tool;
	u->shown = v->call->name;
	u->path = dl_xstrdup(v->file->path);
	u->region = dl_step_region(v, v->call->word);
}

static void
collect_pip(struct svc *s, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	size_t i;
	int install = 0;

	for (i = v->call->arg; i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if (!install) {
			if (!strcmp(a, "install"))
				install = 1;
			else if (a[0] != '-')
				return; /* pip freeze, pip list ... */
			continue;
		}
		if (!strcmp(a, "-r") || !strcmp(a, "--requirement") ||
		    !strncmp(a, "-r", 2) || !strncmp(a, "--requirement=", 14)) {
			const char *t = NULL;
			const struct dl_cmd_word *tw = NULL;
			char *path;
			int outside;
			if (!strcmp(a, "-r") || !strcmp(a, "--requirement")) {
				if (i + 1 < c->argc)
					tw = &c->argv[++i];
				t = tw ? tw->text : NULL;
			} else {
				t = a[1] == 'r' ? a + 2 : a + 14;
			}
			path = t ? dl_cmd_resolve(v->cwd, t, tw ? tw->expands : 0, &outside) : NULL;
			if (path && !outside) {
				DL_ALLOC_GROW(s->req_files, s->req_nr + 1, s->req_alloc);
				s->req_files[s->req_nr++] = path;
			} else {
				free(path);
				s->req_unknown = 1;
			}
		} else if (!strcmp(a, "-c") || !strcmp(a, "--constraint") || !strcmp(a, "-i") ||
			   !strcmp(a, "--index-url") || !strcmp(a, "--extra-index-url") ||
			   !strcmp(a, "-f") || !strcmp(a, "--find-links") ||
			   !strcmp(a, "--target") || !strcmp(a, "-t")) {
			i++;
		} else if (!strcmp(a, "-e") || !strcmp(a, "--editable") || a[0] == '.' ||
			   strchr(a, '/') || c->argv[i].expands) {
			s->installs_other = 1;
			if (!strcmp(a, "-e") || !strcmp(a, "--editable"))
				i++;
		} else if (a[0] != '-') {
			struct dl_strbuf sb = DL_STRBUF_INIT;
			dl_requirements_normalise(&sb, a, strcspn(a, "[<>=!~; "));
			DL_ALLOC_GROW(s->inline_pkgs, s->inline_nr + 1, s->inline_alloc);
			s->inline_pkgs[s->inline_nr++] = dl_strbuf_detach(&sb, NULL);
		}
	}
}

static void
collect_uses(struct svc *s, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_call *call = v->call;
	const struct dl_cmd_simple *c = call->cmd;

	switch (call->tool) {
	case DL_TOOL_UVICORN: add_use(s, v, "uvicorn"); break;
	case DL_TOOL_GUNICORN: add_use(s, v, "gunicorn"); break;
	case DL_TOOL_HYPERCORN: add_use(s, v, "hypercorn"); break;
	case DL_TOOL_ALEMBIC: add_use(s, v, "alembic"); break;
	case DL_TOOL_CELERY: add_use(s, v, "celery"); break;
	case DL_TOOL_FASTAPI:
		if (call->arg < c->argc && (!strcmp(c->argv[call->arg].text, "run") ||
					    !strcmp(c->argv[call->arg].text, "dev")))
			add_use(s, v, "fastapi");
		break;
	case DL_TOOL_FLASK: {
		size_t i;
		int db = 0;
		for (i = call->arg; i < c->argc; i++)
			if (!strcmp(c->argv[i].text, "db"))
				db = 1;
		add_use(s, v, db ? "flask-migrate" : "flask");
		break;
	}
	case DL_TOOL_PIP:
		collect_pip(s, v);
		break;
	case DL_TOOL_OTHER:
		if (call->name && (!strcmp(call->name, "poetry") || !strcmp(call->name, "uv") ||
				   !strcmp(call->name, "pdm") || !strcmp(call->name, "pipenv") ||
				   !strcmp(call->name, "conda") || !strcmp(call->name, "hatch")))
			s->installs_other = 1;
		break;
	default:
		break;
	}
}

/* The distributions that put the tool's command on PATH. */
static const char *const *
providers(const char *tool)
{
	static const char *const uvicorn[] = { "uvicorn", "fastapi[standard]",
					       "fastapi[all]", NULL };
	static const char *const gunicorn[] = { "gunicorn", NULL };
	static const char *const hypercorn[] = { "hypercorn", NULL };
	static const char *const alembic[] = { "alembic", "flask-migrate", NULL };
	static const char *const celery[] = { "celery", NULL };
	static const char *const fastapi[] = { "fastapi", "fastapi-cli",
					       "fastapi-slim", NULL };
	static const char *const flask[] = { "flask", "flask-*", NULL };
	static const char *const flask_migrate[] = { "flask-migrate", NULL };
	/* clang-format off */
	if (!strcmp(tool, "uvicorn")) return uvicorn;
	if (!strcmp(tool, "gunicorn")) return gunicorn;
	if (!strcmp(tool, "hypercorn")) return hypercorn;
	if (!strcmp(tool, "alembic")) return alembic;
	if (!strcmp(tool, "celery")) return celery;
	if (!strcmp(tool, "fastapi")) return fastapi;
	if (!strcmp(tool, "flask-migrate")) return flask_migrate;
	/* clang-format on */
	return flask;
}

static int
set_provides(const struct dl_req_set *set, const char *prov)
{
	size_t i;
	const char *br = strchr(prov, '[');
	char name[64], extra[32];

	if (!strcmp(prov, "flask-*")) {
		for (i = 0; i < set->nr; i++)
			if (!set->entries[i].constraint && set->entries[i].req->normalised &&
			    !strncmp(set->entries[i].req->normalised, "flask-", 6))
				return 1;
		return 0;
	}
	if (!br)
		return dl_requirements_provides(set, prov, NULL) != NULL;
	snprintf(name, sizeof(name), "%.*s", (int)(br - prov), prov);
	snprintf(extra, sizeof(extra), "%.*s", (int)strcspn(br + 1, "]"), br + 1);
	return dl_requirements_provides(set, name, extra) != NULL;
}

static void
check_req007(struct svc *s)
{
	struct dl_repo *repo = s->ctx->repo;
	struct dl_model *model = dl_ctx_model(s->ctx);
	const struct dl_req_set **sets = NULL;
	struct dl_file **files = NULL;
	size_t nsets = 0, i, k;
	int unknown = 0;
	struct dl_strbuf names = DL_STRBUF_INIT;

	if (!s->uses_nr || (s->installs_other && !s->project) || s->req_unknown)
		return;
	if (s->project) {
		/* the project's dependencies (src/model/project.c), with any
		 * -r files the build also installs */
		files = dl_xcalloc(s->req_nr + 1, sizeof(*files)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
		for (i = 0; i < s->req_nr; i++) {
			files[i] = dl_repo_find(repo, s->req_files[i]);
			if (!files[i] || !dl_file_lintable(files[i])) {
				free(files);
				return;
			}
		}
		files[s->req_nr] = s->project->file;
		nsets = s->req_nr + 1;
	} else if (s->req_nr) {
		files = dl_xcalloc(s->req_nr, sizeof(*files)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
		for (i = 0; i < s->req_nr; i++) {
			files[i] = dl_repo_find(repo, s->req_files[i]);
			if (!files[i] || !dl_file_lintable(files[i])) {
				free(files);
				return; /* RND009 reports a missing file */
			}
		}
		nsets = s->req_nr;
	} else if (!s->inline_nr) {
		struct dl_file *d = dl_requirements_default(repo, s->work_dir);
		if (!d)
			return;
		files = dl_xcalloc(1, sizeof(*files)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
		files[0] = d;
		nsets = 1;
	}
	sets = dl_xcalloc(nsets ? nsets : 1, sizeof(*sets)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	for (i = 0; i < nsets; i++) {
		sets[i] = s->project && i == s->req_nr ? s->project->reqs
						       : dl_model_requirements(model, files[i])->reqs;
		if (i)
			dl_strbuf_puts(&names, i + 1 == nsets ? " and " : ", ");
		dl_strbuf_puts(&names, files[i]->path);
	}
	/* an include deploylint does not read (an http(s) URL, or past
	 * DL_MAX_REQ_INCLUDE_DEPTH) may install anything: no REQ007 */
	for (i = 0; i < nsets; i++)
		for (k = 0; k < sets[i]->problems_nr; k++) {
			const struct dl_req_problem *p = &sets[i]->problems[k];
			struct dl_region reg = dl_region_span(p->include->pos.line,
							      p->include->pos.col, 1);
			if (p->kind != DL_REQ_INC_URL && p->kind != DL_REQ_INC_TOO_DEEP)
				continue;
			unknown = 1;
			/* pip follows it; deploylint stops there (--verbose) */
			if (p->kind == DL_REQ_INC_TOO_DEEP &&
			    first_time(s, SEEN_INCLUDE_DEPTH, p->file->path, reg, ""))
				dl_strbuf_addf(&repo->notes,
					       "%s:%u: not read: %s %s is more than %u nested -r/-c includes deep\n",
					       p->file->path, p->include->pos.line,
					       p->include->constraint ? "-c" : "-r",
					       p->include->target, (unsigned)DL_MAX_REQ_INCLUDE_DEPTH);
		}
	for (i = 0; i < s->uses_nr && !unknown; i++) {
		const struct tooluse *u = &s->uses[i];
		const char *const *prov = providers(u->tool);
		int ok = 0;
		size_t p, m;
		for (p = 0; prov[p] && !ok; p++) {
			for (k = 0; k < nsets && !ok; k++)
				ok = set_provides(sets[k], prov[p]);
			for (m = 0; m < s->inline_nr && !ok; m++)
				ok = !strcmp(s->inline_pkgs[m], prov[p]) ||
				     (!strcmp(prov[p], "flask-*") && !strncmp(s->inline_pkgs[m], "flask-", 6));
		}
		if (ok)
			continue;
		if (nsets)
			report007(s, u->path, u->region,
				  "`%s` runs here, but %s (installed for %s) does not install %s; add `%s` to it",
				  u->shown, names.buf, s->label,
				  !strcmp(u->tool, "flask-migrate") ? "Flask-Migrate (for `flask db`)" : u->tool,
				  !strcmp(u->tool, "uvicorn") ? "uvicorn[standard]" : u->tool);
		else
			report007(s, u->path, u->region,
				  "`%s` runs here, but the build's pip install never installs %s; add `%s` to the installed packages",
				  u->shown, u->tool, u->tool);
	}
	free(sets);
	free(files);
	dl_strbuf_release(&names);
}

static void
svc_release(struct svc *s)
{
	size_t i;
	for (i = 0; i < s->uses_nr; i++)
		free(s->uses[i].path);
	free(s->uses);
	for (i = 0; i < s->req_nr; i++)
		free(s->req_files[i]);
	free(s->req_files);
	for (i = 0; i < s->inline_nr; i++)
		free(s->inline_pkgs[i]);
	free(s->inline_pkgs);
}

/* The tools one deploy command runs, and what it installs. */
static void
collect_steps(struct svc *s, const struct dl_deploy_cmd *cmd)
{
	size_t i;
	for (i = 0; cmd && i < cmd->steps_nr; i++)
		collect_uses(s, &cmd->steps[i].visit);
}

/* The project source (pyproject.toml or Pipfile) the model gives the
 * backend of Blueprint service bs, or NULL. */
static const struct dl_dep_source *
project_source_of(const struct dl_model *m, const struct dl_bp_service *bs)
{
	size_t k, i;
	for (k = 0; k < m->backends.nr; k++) {
		const struct dl_model_deps *d;
		if (m->backends.items[k].service_node != bs->node)
			continue;
		d = dl_model_backend_deps(m, &m->backends.items[k]);
		for (i = 0; d && i < d->nr; i++)
			if (d->sources[i]->kind != DL_DEP_REQUIREMENTS)
				return d->sources[i];
	}
	return NULL;
}

/*
 * Every Python service of the Blueprints (all three commands together),
 * then, when no Blueprint service has a startCommand, every Procfile `web`
 * process: the tools each runs must be installed by its build.
 */
static void
check_req007_all(struct dl_check_ctx *ctx)
{
	struct dl_model *m = dl_ctx_model(ctx);
	struct dl_strset seen;
	struct dl_strbuf label = DL_STRBUF_INIT;
	size_t i, j;
	int have_start = 0;

	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < m->blueprints_nr; i++) {
		const struct dl_model_blueprint *mb = &m->blueprints[i];
		if (mb->parse_error)
			continue;
		for (j = 0; j < mb->bp.services_nr; j++) {
			const struct dl_bp_service *bs = &mb->bp.services[j];
			const struct dl_model_service *ms = &mb->services[j];
			struct svc s;
			if (bs->start_command)
				have_start = 1;
			if (!bs->runtime_s || strcmp(bs->runtime_s, "python") ||
			    bs->root_dir_outside ||
			    (*bs->work_dir && !dl_repo_has_dir(ctx->repo, bs->work_dir)))
				continue; /* Docker, static sites, other runtimes */
			memset(&s, 0, sizeof(s));
			s.ctx = ctx;
			s.seen = &seen;
			s.work_dir = bs->work_dir;
			dl_strbuf_reset(&label);
			dl_strbuf_addf(&label, "service `%s`", bs->name_s ? bs->name_s : "(unnamed)");
			s.label = label.buf;
			collect_steps(&s, ms->cmds[DL_PHASE_BUILD]);
			collect_steps(&s, ms->cmds[DL_PHASE_PRE_DEPLOY]);
			collect_steps(&s, ms->cmds[DL_PHASE_START]);
			s.project = project_source_of(m, bs);
			check_req007(&s);
			svc_release(&s);
		}
	}
	for (i = 0; !have_start && i < m->procfile_nr; i++) {
		const struct dl_deploy_cmd *cmd = &m->procfile[i];
		struct svc s;
		if (strcmp(cmd->process, "web") != 0)
			continue;
		memset(&s, 0, sizeof(s));
		s.ctx = ctx;
		s.seen = &seen;
		s.work_dir = cmd->cwd;
		s.label = cmd->file->path;
		collect_steps(&s, cmd);
		check_req007(&s);
		svc_release(&s);
	}
	dl_strbuf_release(&label);
	dl_strset_release(&seen);
}

void
dl_check_req(struct dl_check_ctx *ctx)
{
	const struct dl_rule *parse001 = dl_rule_get(DL_RULE_PARSE001);
	struct dl_repo *repo = ctx->repo;
	size_t n = repo->nr ? repo->nr : 1;
	const struct dl_backends *bs = &dl_ctx_model(ctx)->backends;
	struct mintable t;
	struct seen seen = { { DL_HASHMAP_INIT } };
	struct dl_model *model = dl_ctx_model(ctx);
	const struct dl_req_set **sets;
	unsigned char *is_req, *is_constraint_file, *has_set;
	size_t k, j, h, *with_set, with_set_nr = 0;
	int libpq = installs_libpq(repo);

	dl_check_docker_deps(ctx); /* REQ020 (src/rules/docker.c) */
	mintable_load(&t);
	sets = dl_xcalloc(n, sizeof(*sets)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	is_req = dl_xcalloc(n, 1);
	has_set = dl_xcalloc(n, 1);
	is_constraint_file = dl_xcalloc(n, 1);
	/* requirements files: requirements*.txt, and every file they include */
	for (k = 0; k < repo->nr; k++)
		is_req[k] = is_req_file(&repo->files[k]);
	for (k = 0; k < repo->nr; k++) {
		struct dl_file *f = &repo->files[k];
		const struct dl_requirements *doc;
		if (!is_req[k])
			continue;
		sets[k] = dl_model_requirements(model, f)->reqs;
		has_set[k] = 1;
		for (j = 0; j < sets[k]->files_nr; j++) {
			size_t g = (size_t)(sets[k]->files[j] - repo->files);
			if (!is_req[g] && dl_file_lintable(sets[k]->files[j])) {
				is_req[g] = 1; /* reached later in this loop when g > k */
				if (g < k) {
					sets[g] = dl_model_requirements(model, sets[k]->files[j])->reqs;
					has_set[g] = 1;
				}
			}
		}
		/* files named by -c are constraints files (even when empty) */
		doc = dl_model_requirements_doc(model, f);
		for (j = 0; doc && j < doc->includes_nr; j++) {
			char *dir = dl_path_dirname(f->path);
			char *p = dl_path_join(dir, doc->includes[j].target);
			struct dl_file *g = dl_repo_find(repo, p);
			if (g && doc->includes[j].constraint)
				is_constraint_file[g - repo->files] = 1;
			free(p);
			free(dir);
		}
		for (j = 0; j < sets[k]->nr; j++)
			if (sets[k]->entries[j].constraint)
				is_constraint_file[sets[k]->entries[j].file - repo->files] = 1;
	}
	/* the files with a set, in order (the loop below asks of each) */
	with_set = dl_xmalloc(dl_st_mult(n ? n : 1, sizeof(*with_set)));
	for (k = 0; k < repo->nr; k++)
		if (has_set[k])
			with_set[with_set_nr++] = k;
	for (k = 0; k < repo->nr; k++) {
		struct dl_file *f = &repo->files[k];
		const struct dl_requirements *doc;
		const struct dl_req_set **holders = NULL;
		size_t hnr = 0, halloc = 0, g, e;

		if (!is_req[k] || !has_set[k] || !(doc = dl_model_requirements_doc(model, f)))
			continue;
		if (f->decode_message && strstr(f->decode_message, "NUL"))
			dl_report_add(ctx->report, parse001, f->path,
				      dl_region_span(f->decode_line, f->decode_col, 0),
				      "pip decodes this file as %s, the encoding its byte-order mark names, and meets %s: pip install -r stops with \"Invalid requirement\"; save the file as UTF-8",
				      dl_text_encoding_name((enum dl_text_encoding)f->encoding),
				      f->decode_message);
		else if (f->decode_message)
			dl_report_add(ctx->report, parse001, f->path,
				      dl_region_span(f->decode_line, f->decode_col, 0),
				      "pip cannot decode this file as %s, the encoding its byte-order mark names (%s): pip install -r stops with UnicodeDecodeError; save the file as UTF-8",
				      dl_text_encoding_name((enum dl_text_encoding)f->encoding),
				      f->decode_message);
		else if (doc->error.set) /* pip stops at decoding first */
			dl_report_add(ctx->report, parse001, f->path,
				      dl_region_at(doc->error.pos, 0),
				      "pip cannot read this line (%s): fix it, or pip install -r stops here",
				      doc->error.message);
		if (doc->cut_line)
			dl_report_limit(ctx->report, f->path, dl_region_span(doc->cut_line, 1, 0),
					"DL_MAX_REQ_LINES",
					"more than %u requirements in this file: this one and the later ones were not checked",
					DL_MAX_REQ_LINES);
		check_req002(ctx, f, doc, sets[k], libpq, &seen);
		check_req004(ctx, sets[k], &seen);
		check_req005(ctx, bs, f, doc, sets[k], &seen);
		check_req006(ctx, f, doc);
		if (is_constraint_file[k])
			continue;
		/* constraints apply from every set that reads this file */
		for (h = 0; h < with_set_nr; h++) {
			g = with_set[h];
			for (e = 0; e < sets[g]->files_nr; e++)
				if (sets[g]->files[e] == f) {
					DL_ALLOC_GROW(holders, hnr + 1, halloc);
					holders[hnr++] = sets[g];
					break;
				}
		}
		check_req008(ctx, f, doc, holders, hnr, &t);
		free(holders);
	}
	check_req001(ctx, bs, &t, &seen);
	check_req007_all(ctx);
	free(with_set);
	free(sets);
	free(is_req);
	free(has_set);
	free(is_constraint_file);
	mintable_release(&t);
	seen_release(&seen);
}

void
dl_req_check_python(struct dl_check_ctx *ctx, const struct dl_backend *be, int major,
		    int minor, const char *origin_path, struct dl_region origin_region,
		    int origin_logical, const char *origin_what)
{
	const struct dl_model_deps *deps = dl_model_backend_deps(dl_ctx_model(ctx), be);
	size_t i, j;
	struct dl_backend b = *be;
	struct py_origin origin;
	struct mintable t;
	struct seen seen = { { DL_HASHMAP_INIT } };

	if (!be->python || be->docker)
		return;
	b.eff.major = major;
	b.eff.minor = minor;
	b.eff.patch = -1;
	b.eff_from = DL_PYEFF_ENV;
	origin.path = origin_path;
	origin.region = origin_region;
	origin.logical = origin_logical;
	origin.what = origin_what;
	origin.docker = 0;
	mintable_load(&t);
	for (i = 0; deps && i < deps->nr; i++) {
		const struct dl_req_set *set = deps->sources[i]->reqs;
		for (j = 0; j < set->nr; j++)
			check_entry_req001(ctx, &t, &b, set, &set->entries[j], &seen, &origin);
	}
	mintable_release(&t);
	seen_release(&seen);
}
