/*
 * deploylint: the PY family (see src/rules/py.def and rules/PY*.md): where
 * the Python version of each Render service comes from, and whether each
 * place that sets it is well formed and agrees with the others.
 */
#include "rules/check.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/mask.h"
#include "deploylint/model.h"
#include "deploylint/pyversion.h"
#include "deploylint/util.h"

/* ---- helpers ------------------------------------------------------------- */

/* Keys "ID path line col" of findings already made (sources shared by
 * several services are reported once). */
struct seen {
	struct dl_strset keys;
};

static int
seen_once(struct seen *s, const char *id, const char *path, struct dl_region r)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;

	dl_strbuf_addf(&sb, "%s %s %u %u", id, path, r.line, r.col);
	return dl_strset_add(&s->keys, dl_strbuf_detach(&sb, NULL));
}

static void
seen_release(struct seen *s)
{
	dl_strset_release(&s->keys);
}

/* Region of byte offset `off` of f (1-based line and column). */
static struct dl_region
offset_region(const struct dl_file *f, size_t off, unsigned len)
{
	unsigned line = 1, col = 1;
	size_t k;
	for (k = 0; k < off && k < f->len; k++) {
		if (f->data[k] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return dl_region_span(line, col, len ? len : 1);
}

static int
is_blueprint_repo(const struct dl_repo *repo)
{
	size_t k;
	for (k = 0; k < repo->nr; k++)
		if (repo->files[k].kind == DL_KIND_RENDER_YAML &&
		    dl_file_lintable(&repo->files[k]))
			return 1;
	return 0;
}

/* "3.14.3" (Render's current default, from the embedded table). */
static void
default_text(struct dl_strbuf *sb)
{
	struct dl_pyver d = dl_pyver_render_default();
	dl_pyver_format(sb, &d);
}

/* A full version to suggest for minor X.Y: "3.12.13" (newest patch known),
 * else "3.12.x". */
static void
suggest_full(struct dl_strbuf *sb, int major, int minor)
{
	int patch = dl_pyver_latest_patch(major, minor);
	if (patch >= 0)
		dl_strbuf_addf(sb, "%d.%d.%d", major, minor, patch);
	else
		dl_strbuf_addf(sb, "%d.%d.x", major, minor);
}

/* The minor a backend's other files name, for suggestions: runtime.txt,
 * else the Dockerfile. Returns the source kind, or 0 when neither does. */
static int
wanted_minor(const struct dl_backend *be, struct dl_pyver *out)
{
	static const enum dl_pysrc_kind order[] = {
		DL_PYSRC_RUNTIME_TXT, DL_PYSRC_DOCKERFILE
	};
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(order); k++) {
		const struct dl_pysource *s = &be->src[order[k]];
		if (s->present && s->version.major == 3 && s->version.minor >= 0) {
			*out = s->version;
			return (int)order[k];
		}
	}
	return 0;
}

static const char *
service_label(const struct dl_backend *be, struct dl_strbuf *sb)
{
	dl_strbuf_reset(sb);
	if (be->service)
		dl_strbuf_addf(sb, "service '%s'", be->service);
	else if (be->dir[0])
		dl_strbuf_addf(sb, "the backend in %s/", be->dir);
	else
		dl_strbuf_puts(sb, "this backend");
	return sb->buf;
}

/* ---- PY001: no version pinned -------------------------------------------- */

static void
check_py001(struct dl_check_ctx *ctx, const struct dl_backends *bs, int blueprint)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PY001);
	struct dl_strbuf label = DL_STRBUF_INIT, def = DL_STRBUF_INIT, full = DL_STRBUF_INIT;
	size_t k;

	default_text(&def);
	for (k = 0; k < bs->nr; k++) {
		const struct dl_backend *be = &bs->items[k];
		struct dl_region r;
		const char *path;
		struct dl_pyver want;
		struct dl_finding *f;
		int have;

		if (!be->python || be->docker || !be->render_targeted)
			continue;
		if (blueprint && !be->service_node)
			continue;
		if (be->src[DL_PYSRC_ENV].present || be->src[DL_PYSRC_FILE].present)
			continue;
		have = wanted_minor(be, &want);
		dl_strbuf_reset(&full);
		if (have) {
			dl_strbuf_addf(&full, "containing %d.%d (the version ", want.major, want.minor);
			dl_strbuf_puts(&full, have == DL_PYSRC_RUNTIME_TXT ? "runtime.txt" : "the Dockerfile");
			dl_strbuf_puts(&full, " names)");
		} else {
			/* the example lies inside the project's own range */
			const struct dl_pep440_specset *specs = NULL;
			const char *range = dl_pkg_python_range(ctx, be, &specs);
			int mj, mn;
			if (range && dl_pkg_newest_minor(specs, &mj, &mn))
				dl_strbuf_addf(&full, "naming the Python you develop and test with (for example %d.%d, the newest inside the project's range '%s')",
					       mj, mn, range);
			else
				dl_strbuf_puts(&full, "naming the Python you develop and test with (for example 3.13)");
		}
		if (be->service_node) {
			const struct dl_yaml_node *name = dl_yaml_get(be->service_node, "name");
			const struct dl_yaml_node *at = name ? name : be->service_node;
			path = be->render_yaml->path;
			r = dl_region_span(at->start.line, at->start.col, 1);
			if (at->end.line == at->start.line && at->end.col > at->start.col)
				r.end_col = at->end.col;
		} else {
			const struct dl_file *pf = be->requirements ? be->requirements : be->project;
			path = pf ? pf->path : "";
			r = dl_region_span(pf ? 1 : 0, pf ? 1 : 0, 0);
		}
		f = dl_report_add(ctx->report, rule, path, r,
				  "%s sets no Python version (no PYTHON_VERSION and no .python-version), so Render builds with its default for the service's creation date (%s for services created now): add a .python-version file %s",
				  service_label(be, &label), def.buf, full.buf);
		if (be->src[DL_PYSRC_RUNTIME_TXT].present)
			dl_finding_add_related(f, be->src[DL_PYSRC_RUNTIME_TXT].file->path,
					       be->src[DL_PYSRC_RUNTIME_TXT].region,
					       "runtime.txt, which Render does not read");
	}
	dl_strbuf_release(&label);
	dl_strbuf_release(&def);
	dl_strbuf_release(&full);
}

/* ---- PY002: runtime.txt ignored ------------------------------------------- */

static void
check_py002(struct dl_check_ctx *ctx, const struct dl_backends *bs, struct seen *seen)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PY002);
	struct dl_strbuf def = DL_STRBUF_INIT;
	size_t k;

	default_text(&def);
	for (k = 0; k < bs->nr; k++) {
		const struct dl_backend *be = &bs->items[k];
		const struct dl_pysource *rt = &be->src[DL_PYSRC_RUNTIME_TXT];

		if (!be->python || be->docker || !rt->present)
			continue;
		if (be->src[DL_PYSRC_ENV].present || be->src[DL_PYSRC_FILE].present)
			continue;
		if (!seen_once(seen, dl_rule_id_str(DL_RULE_PY002), rt->file->path, rt->region))
			continue;
		if (rt->version.major >= 0) {
			struct dl_strbuf v = DL_STRBUF_INIT;
			dl_pyver_format(&v, &rt->version);
			dl_report_add(ctx->report, rule, rt->file->path, rt->region,
				      "Render does not read runtime.txt, so this file pins nothing and Render builds with its default Python (%s for services created now): put %s in a .python-version file instead",
				      def.buf, v.buf);
			dl_strbuf_release(&v);
		} else {
			dl_report_add(ctx->report, rule, rt->file->path, rt->region,
				      "Render does not read runtime.txt, so this file pins nothing and Render builds with its default Python (%s for services created now): put the version you need (X.Y or X.Y.Z) in a .python-version file instead",
				      def.buf);
		}
	}
	dl_strbuf_release(&def);
}

/* ---- PY003: PYTHON_VERSION in render.yaml --------------------------------- */

static void
check_python_version_value(struct dl_check_ctx *ctx, struct dl_file *file,
			   const struct dl_yaml_node *v)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PY003);
	const char *s = v->scalar;
	size_t n = v->scalar_len, a = 0, b = n;
	struct dl_region r = dl_region_span(v->start.line, v->start.col, 1);
	struct dl_pyver ver;
	struct dl_strbuf sug = DL_STRBUF_INIT;

	if (v->end.line == v->start.line && v->end.col > v->start.col)
		r.end_col = v->end.col;
	while (a < b && dl_isspace((unsigned char)s[a]))
		a++;
	while (b > a && dl_isspace((unsigned char)s[b - 1]))
		b--;
	if (a == b) {
		dl_report_add(ctx->report, rule, file->path, r,
			      "PYTHON_VERSION is empty, and Render needs a full X.Y.Z version: set it to a quoted version such as \"%s\"",
			      "3.13.13");
		return;
	}
	if (b - a > 7 && (memcmp(s + a, "python-", 7) == 0 || memcmp(s + a, "Python-", 7) == 0 ||
			  memcmp(s + a, "python ", 7) == 0 || memcmp(s + a, "Python ", 7) == 0)) {
		dl_report_add(ctx->report, rule, file->path, r,
			      "PYTHON_VERSION has a '%.*s' prefix, but Render expects only the number: set it to \"%.*s\"",
			      7, s + a, (int)(b - a - 7), s + a + 7);
		return;
	}
	if (a != 0 || b != n) {
		dl_report_add(ctx->report, rule, file->path, r,
			      "PYTHON_VERSION has white space around the version, which Render does not strip: set it to \"%.*s\"",
			      (int)(b - a), s + a);
		return;
	}
	if (dl_pyver_parse(&ver, s, n) < 0) {
		dl_report_add(ctx->report, rule, file->path, r,
			      "PYTHON_VERSION is not a Python version Render understands: set it to a full X.Y.Z version such as \"3.13.13\"");
		return;
	}
	if (ver.patch < 0) {
		suggest_full(&sug, ver.major, ver.minor);
		if (v->style == DL_YAML_PLAIN && s[n - 1] == '0')
			dl_report_add(ctx->report, rule, file->path, r,
				      "PYTHON_VERSION is %s, not a full X.Y.Z version, and unquoted YAML may read it as the number %.*s: set it to the quoted full version \"%s\" (or put %s in .python-version)",
				      s, (int)(n - 1), s, sug.buf, s);
		else
			dl_report_add(ctx->report, rule, file->path, r,
				      "PYTHON_VERSION is %s, but Render needs a full X.Y.Z version in this variable: set it to \"%s\" (or put %s in .python-version, where X.Y is allowed)",
				      s, sug.buf, s);
		dl_strbuf_release(&sug);
		return;
	}
	if (ver.major != 3 || ver.minor < 7 || (ver.minor == 7 && ver.patch < 3)) {
		dl_report_add(ctx->report, rule, file->path, r,
			      "PYTHON_VERSION %s is older than 3.7.3, the oldest version Render supports: set a supported version such as \"3.13.13\"",
			      s);
		return;
	}
}

static void
scan_env_vars(struct dl_check_ctx *ctx, struct dl_file *file,
	      const struct dl_yaml_node *list)
{
	size_t k, j;

	list = list ? dl_yaml_resolve(list) : NULL;
	if (!list || list->type != DL_YAML_SEQUENCE)
		return;
	for (k = 0; k < list->items_nr; k++) {
		const struct dl_yaml_node *item = dl_yaml_resolve(list->items[k]);
		const struct dl_yaml_node *env = dl_yaml_get(item, "envVars");
		env = env ? dl_yaml_resolve(env) : NULL;
		if (!env || env->type != DL_YAML_SEQUENCE)
			continue;
		for (j = 0; j < env->items_nr; j++) {
			const struct dl_yaml_node *e = dl_yaml_resolve(env->items[j]);
			const struct dl_yaml_node *key = dl_yaml_get(e, "key");
			const struct dl_yaml_node *val = dl_yaml_get(e, "value");
			if (!key || key->type != DL_YAML_SCALAR ||
			    strcmp(key->scalar, "PYTHON_VERSION") != 0)
				continue;
			if (val && val->type == DL_YAML_SCALAR)
				check_python_version_value(ctx, file, val);
		}
	}
}

static void
check_py003(struct dl_check_ctx *ctx)
{
	size_t k, p, e;

	for (k = 0; k < ctx->repo->nr; k++) {
		struct dl_file *f = &ctx->repo->files[k];
		const struct dl_yaml_doc *doc;
		const struct dl_yaml_node *root, *projects;

		if (f->kind != DL_KIND_RENDER_YAML)
			continue;
		doc = dl_ctx_doc(ctx, f);
		if (!doc || !doc->root)
			continue;
		root = dl_yaml_resolve(doc->root);
		scan_env_vars(ctx, f, dl_yaml_get(root, "services"));
		scan_env_vars(ctx, f, dl_yaml_get(root, "envVarGroups"));
		projects = dl_yaml_get(root, "projects");
		if (!projects || projects->type != DL_YAML_SEQUENCE)
			continue;
		for (p = 0; p < projects->items_nr; p++) {
			const struct dl_yaml_node *envs =
				dl_yaml_get(dl_yaml_resolve(projects->items[p]), "environments");
			if (!envs || envs->type != DL_YAML_SEQUENCE)
				continue;
			for (e = 0; e < envs->items_nr; e++) {
				const struct dl_yaml_node *env = dl_yaml_resolve(envs->items[e]);
				scan_env_vars(ctx, f, dl_yaml_get(env, "services"));
				scan_env_vars(ctx, f, dl_yaml_get(env, "envVarGroups"));
			}
		}
	}
}

/* ---- PY004 / PY006: the version files ---------------------------------------- */

/* The files of `name` that matter: each backend's source and the root's. */
static size_t
version_files(struct dl_file ***out, struct dl_check_ctx *ctx,
	      const struct dl_backends *bs, enum dl_pysrc_kind kind, const char *name)
{
	struct dl_file **files = NULL, *f;
	size_t nr = 0, alloc = 0, k, j;

	f = dl_repo_find(ctx->repo, name);
	if (f && dl_file_lintable(f)) {
		DL_ALLOC_GROW(files, nr + 1, alloc);
		/* cppcheck-suppress nullPointer ; DL_ALLOC_GROW allocated it (1 > 0) */
		files[nr++] = f;
	}
	for (k = 0; k < bs->nr; k++) {
		f = bs->items[k].src[kind].file;
		if (!f)
			continue;
		for (j = 0; j < nr && files[j] != f; j++)
			;
		if (j < nr)
			continue;
		DL_ALLOC_GROW(files, nr + 1, alloc);
		files[nr++] = f;
	}
	*out = files;
	return nr;
}

static int
is_version_text(const char *s, size_t n, int need_patch)
{
	struct dl_pyver v;
	if (dl_pyver_parse(&v, s, n) < 0 || v.major != 3)
		return 0;
	return !need_patch || v.patch >= 0;
}

static void
check_python_version_file(struct dl_check_ctx *ctx, struct dl_file *f)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PY004);
	const char *d;
	size_t len, a, b, eol;
	struct dl_pyver v;

	if (dl_repo_load(ctx->repo, f) < 0)
		return;
	d = f->data;
	len = f->len;
	if (len && d[len - 1] == '\n')
		len--; /* one trailing newline is part of the line */
	eol = 0;
	while (eol < len && d[eol] != '\n' && d[eol] != '\r')
		eol++;
	a = 0;
	while (a < eol && dl_isblank((unsigned char)d[a]))
		a++;
	b = eol;
	while (b > a && dl_isblank((unsigned char)d[b - 1]))
		b--;
	if (len == 0 || a == b) {
		dl_report_add(ctx->report, rule, f->path, dl_region_span(1, 1, 0),
			      ".python-version has no version on its first line, so Render falls back to its default Python: write one line such as 3.13");
		return;
	}
	if (d[a] == '#') {
		dl_report_add(ctx->report, rule, f->path, offset_region(f, a, (unsigned)(b - a)),
			      ".python-version starts with a comment, which Render reads as the version: keep only one line such as 3.13");
		return;
	}
	if (b - a > 7 && (memcmp(d + a, "python-", 7) == 0 || memcmp(d + a, "Python-", 7) == 0)) {
		char *q = dl_mask_quote(d + a + 7, b - a - 7, DL_MAX_QUOTE);
		dl_report_add(ctx->report, rule, f->path, offset_region(f, a, 7),
			      ".python-version has a '%.7s' prefix (runtime.txt's format), which Render does not understand: write only %s",
			      d + a, q);
		free(q);
		return;
	}
	if (!is_version_text(d + a, b - a, 0)) {
		if (dl_pyver_parse(&v, d + a, b - a) == 0)
			dl_report_add(ctx->report, rule, f->path, offset_region(f, a, (unsigned)(b - a)),
				      ".python-version names Python %.*s, which Render does not offer (it supports 3.7.3 and later): write a 3.X or 3.X.Y version",
				      (int)(b - a), d + a);
		else {
			/* any text: quoted bounded and masked */
			char *q = dl_mask_quote(d + a, b - a, DL_MAX_QUOTE);
			dl_report_add(ctx->report, rule, f->path, offset_region(f, a, (unsigned)(b - a)),
				      ".python-version holds '%s', not a version (pyenv names such as 'system' or a virtualenv mean nothing to Render): write one line such as 3.13",
				      q);
			free(q);
		}
		return;
	}
	if (dl_pyver_parse(&v, d + a, b - a) == 0 &&
	    (v.minor < 7 || (v.minor == 7 && v.patch >= 0 && v.patch < 3))) {
		dl_report_add(ctx->report, rule, f->path, offset_region(f, a, (unsigned)(b - a)),
			      ".python-version names Python %.*s, older than 3.7.3, the oldest version Render supports: write a supported version such as 3.13",
			      (int)(b - a), d + a);
		return;
	}
	if (a > 0 || b < eol) {
		size_t at = a > 0 ? 0 : b;
		dl_report_add(ctx->report, rule, f->path,
			      offset_region(f, at, (unsigned)(a > 0 ? a : eol - b)),
			      ".python-version has blanks around the version: write exactly %.*s on one line",
			      (int)(b - a), d + a);
		return;
	}
	if (eol < len && d[eol] == '\r') {
		dl_report_add(ctx->report, rule, f->path, offset_region(f, eol, 1),
			      ".python-version ends its line with CRLF, and the carriage return becomes part of the version: save it with LF line endings");
		return;
	}
	if (eol < len) {
		dl_report_add(ctx->report, rule, f->path, offset_region(f, eol + 1, 0),
			      ".python-version has more than one line, but Render reads a single version: keep only %.*s",
			      (int)(b - a), d + a);
		return;
	}
}

static void
check_runtime_txt(struct dl_check_ctx *ctx, struct dl_file *f)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PY006);
	const char *d;
	size_t len, a, b, eol;
	int crlf = 0;

	if (dl_repo_load(ctx->repo, f) < 0)
		return;
	d = f->data;
	len = f->len;
	if (len && d[len - 1] == '\n') {
		len--;
		if (len && d[len - 1] == '\r') {
			len--;
			crlf = 1;
		}
	}
	eol = 0;
	while (eol < len && d[eol] != '\n' && d[eol] != '\r')
		eol++;
	a = 0;
	while (a < eol && dl_isblank((unsigned char)d[a]))
		a++;
	b = eol;
	while (b > a && dl_isblank((unsigned char)d[b - 1]))
		b--;
	if (a == b) {
		dl_report_add(ctx->report, rule, f->path, dl_region_span(1, 1, 0),
			      "runtime.txt is empty: write one line such as python-3.13.13 (or delete it and use .python-version)");
		return;
	}
	if (b - a > 7 && memcmp(d + a, "python-", 7) != 0 &&
	    (d[a] == 'P' || d[a] == 'p') && (memcmp(d + a + 1, "ython-", 6) == 0 || memcmp(d + a + 1, "ython ", 6) == 0 || memcmp(d + a + 1, "ython_", 6) == 0)) {
		char *q = dl_mask_quote(d + a + 7, b - a - 7, DL_MAX_QUOTE);
		dl_report_add(ctx->report, rule, f->path, offset_region(f, a, 7),
			      "runtime.txt starts with '%.7s', but Heroku's format is python-X.Y.Z in lower case: write python-%s",
			      d + a, q);
		free(q);
		return;
	}
	if (is_version_text(d + a, b - a, 0)) {
		dl_report_add(ctx->report, rule, f->path, offset_region(f, a, (unsigned)(b - a)),
			      "runtime.txt holds %.*s without the python- prefix Heroku requires: write python-%.*s (Render ignores this file either way)",
			      (int)(b - a), d + a, (int)(b - a), d + a);
		return;
	}
	if (b - a <= 7 || memcmp(d + a, "python-", 7) != 0 ||
	    !is_version_text(d + a + 7, b - a - 7, 0)) {
		char *q = dl_mask_quote(d + a, b - a, DL_MAX_QUOTE);
		dl_report_add(ctx->report, rule, f->path, offset_region(f, a, (unsigned)(b - a)),
			      "runtime.txt holds '%s', not Heroku's python-X.Y.Z format: write a line such as python-3.13.13",
			      q);
		free(q);
		return;
	}
	if (a > 0 || b < eol) {
		size_t at = a > 0 ? 0 : b;
		dl_report_add(ctx->report, rule, f->path,
			      offset_region(f, at, (unsigned)(a > 0 ? a : eol - b)),
			      "runtime.txt has blanks around the version: write exactly %.*s",
			      (int)(b - a), d + a);
		return;
	}
	if (crlf || (eol < len && d[eol] == '\r')) {
		dl_report_add(ctx->report, rule, f->path, offset_region(f, eol, 1),
			      "runtime.txt ends its line with CRLF: save it with LF line endings");
		return;
	}
	if (eol < len) {
		dl_report_add(ctx->report, rule, f->path, offset_region(f, eol + 1, 0),
			      "runtime.txt has more than one line: keep only %.*s",
			      (int)(b - a), d + a);
		return;
	}
	if (!is_version_text(d + a + 7, b - a - 7, 1)) {
		struct dl_pyver v;
		struct dl_strbuf sug = DL_STRBUF_INIT;
		(void)dl_pyver_parse(&v, d + a + 7, b - a - 7);
		suggest_full(&sug, v.major, v.minor);
		dl_report_add_level(ctx->report, rule, DL_LEVEL_NOTE, f->path,
				    offset_region(f, a, (unsigned)(b - a)),
				    "runtime.txt gives no patch version, which only Heroku's Python buildpack v261 and later accept: write python-%s for older buildpacks",
				    sug.buf);
		dl_strbuf_release(&sug);
	}
}

/* ---- PY005: sources disagree -------------------------------------------------- */

static void
source_label(struct dl_strbuf *sb, const struct dl_pysource *s, enum dl_pysrc_kind kind)
{
	dl_strbuf_reset(sb);
	dl_strbuf_puts(sb, kind == DL_PYSRC_ENV ? "PYTHON_VERSION" : s->file->path);
}

static void
check_py005(struct dl_check_ctx *ctx, const struct dl_backends *bs, struct seen *seen)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PY005);
	static const enum dl_pysrc_kind order[] = {
		DL_PYSRC_ENV, DL_PYSRC_FILE, DL_PYSRC_RUNTIME_TXT, DL_PYSRC_DOCKERFILE
	};
	struct dl_strbuf wl = DL_STRBUF_INIT, ol = DL_STRBUF_INIT, wv = DL_STRBUF_INIT;
	struct dl_strbuf label = DL_STRBUF_INIT;
	size_t k, i;

	for (k = 0; k < bs->nr; k++) {
		const struct dl_backend *be = &bs->items[k];
		const struct dl_pysource *win = NULL, *rp = &be->src[DL_PYSRC_PYPROJECT];
		enum dl_pysrc_kind wkind = DL_PYSRC_ENV;

		for (i = 0; i < DL_ARRAY_SIZE(order); i++) {
			const struct dl_pysource *s = &be->src[order[i]];
			if (!s->present || s->version.major < 0 || s->version.minor < 0)
				continue;
			if (!win) {
				win = s;
				wkind = order[i];
				continue;
			}
			if (s->version.major == win->version.major &&
			    s->version.minor == win->version.minor)
				continue;
			if (!seen_once(seen, dl_rule_id_str(DL_RULE_PY005), s->file->path, s->region))
				continue;
			source_label(&wl, win, wkind);
			source_label(&ol, s, order[i]);
			dl_strbuf_reset(&wv);
			dl_pyver_format(&wv, &win->version);
			{
				struct dl_strbuf sv = DL_STRBUF_INIT;
				struct dl_finding *f;
				dl_pyver_format(&sv, &s->version);
				if (wkind == DL_PYSRC_ENV || wkind == DL_PYSRC_FILE)
					f = dl_report_add(ctx->report, rule, s->file->path, s->region,
							  "%s names Python %s, but Render builds %s with %s from %s: make them agree so that local, Docker and Render builds use the same interpreter",
							  ol.buf, sv.buf, service_label(be, &label), wv.buf, wl.buf);
				else
					f = dl_report_add(ctx->report, rule, s->file->path, s->region,
							  "%s names Python %s, but %s names %s: make them agree (and pin the version for Render in .python-version)",
							  ol.buf, sv.buf, wl.buf, wv.buf);
				dl_finding_add_related(f, win->file->path, win->region,
						       "%s sets Python %s", wl.buf, wv.buf);
				dl_strbuf_release(&sv);
			}
		}
		/* the version Render uses must satisfy requires-python */
		if (rp->present && rp->specs_valid && rp->specs.nr &&
		    (be->eff_from != DL_PYEFF_DEFAULT || be->render_targeted) &&
		    be->eff.major >= 0 && be->eff.minor >= 0) {
			struct dl_pep440_version pv;
			struct dl_strbuf t = DL_STRBUF_INIT;
			int patch = be->eff.patch >= 0 ? be->eff.patch : dl_pyver_latest_patch(be->eff.major, be->eff.minor);
			dl_strbuf_addf(&t, "%d.%d.%d", be->eff.major, be->eff.minor,
				       patch >= 0 ? patch : 0);
			if (dl_pep440_parse(&pv, t.buf, t.len) == 0 &&
			    !dl_pep440_specset_admits(&rp->specs, &pv, 1) &&
			    seen_once(seen, dl_rule_id_str(DL_RULE_PY005), rp->file->path, rp->region)) {
				dl_strbuf_reset(&wv);
				dl_pyver_format(&wv, &be->eff);
				if (be->eff_from == DL_PYEFF_DEFAULT) {
					dl_report_add(ctx->report, rule, rp->file->path, rp->region,
						      "requires-python is '%s', but no Python version is pinned for Render, whose default for new services is %s: pin a version inside the range in .python-version",
						      rp->text, wv.buf);
				} else {
					struct dl_finding *f;
					const struct dl_pysource *src =
						&be->src[be->eff_from == DL_PYEFF_ENV ? DL_PYSRC_ENV : DL_PYSRC_FILE];
					source_label(&wl, src, be->eff_from == DL_PYEFF_ENV ? DL_PYSRC_ENV : DL_PYSRC_FILE);
					f = dl_report_add(ctx->report, rule, rp->file->path, rp->region,
							  "requires-python is '%s', but Render builds %s with Python %s from %s: change one of them so that the version is inside the range",
							  rp->text, service_label(be, &label), wv.buf, wl.buf);
					dl_finding_add_related(f, src->file->path, src->region,
							       "%s sets Python %s", wl.buf, wv.buf);
				}
			}
			dl_strbuf_release(&t);
		}
	}
	dl_strbuf_release(&wl);
	dl_strbuf_release(&ol);
	dl_strbuf_release(&wv);
	dl_strbuf_release(&label);
}

void
dl_check_py(struct dl_check_ctx *ctx)
{
	const struct dl_backends *bs = &dl_ctx_model(ctx)->backends;
	struct seen seen = { { DL_HASHMAP_INIT } };
	struct dl_file **files;
	size_t nr, k;
	int blueprint = is_blueprint_repo(ctx->repo);

	check_py001(ctx, bs, blueprint);
	check_py002(ctx, bs, &seen);
	check_py003(ctx);
	nr = version_files(&files, ctx, bs, DL_PYSRC_FILE, ".python-version");
	for (k = 0; k < nr; k++)
		check_python_version_file(ctx, files[k]);
	free(files);
	nr = version_files(&files, ctx, bs, DL_PYSRC_RUNTIME_TXT, "runtime.txt");
	for (k = 0; k < nr; k++)
		check_runtime_txt(ctx, files[k]);
	free(files);
	check_py005(ctx, bs, &seen);
	seen_release(&seen);
	dl_check_py_imports(ctx);
}
