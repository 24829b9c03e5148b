/*
 * deploylint env: the value rules (ENV001, ENV002, ENV008, DB001-DB008,
 * DB010-DB012) and the cross-checks with the repository (REQ001, REQ003)
 * on the variables a service really receives: the process environment,
 * a dotenv file, or the JSON Render's API returns for
 * GET /v1/services/{serviceId}/env-vars. Findings name the variable
 * ("env:KEY", "render-api:KEY": logical locations) or the dotenv file's
 * line and column; no output holds a value.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"
#include "cmd/cmd.h"
#include "deploylint/dotenv.h"
#include "deploylint/emit.h"
#include "deploylint/limits.h"
#include "deploylint/model.h"
#include "deploylint/pyversion.h"
#include "deploylint/util.h"
#include "emit/jsonutil.h"
#include "rules/check.h"

extern char **environ;

#define STDIN_NAME "<stdin>"

/* The variables read, and what they were read from. */
struct env_input {
	const char *name;     /* the input's display name (FILE, <stdin>) */
	struct dl_strbuf raw; /* the bytes read (dotenv, JSON) */
	struct dl_file file;  /* the dotenv input as a file (path = name) */
	struct dl_dotenv env; /* its parse */
	int is_dotenv;
	struct dl_arena arena; /* keys, names, values */
	struct dl_env_var *vars;
	size_t nr, alloc;
	size_t ambient; /* process variables not checked */
};

/* A finding about the input itself (PARSE001): at `line`:`col` of the
 * input, or the whole input when line is 0. */
static void
input_problem(struct dl_report *r, const struct env_input *in, unsigned line, unsigned col,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
input_problem(struct dl_report *r, const struct env_input *in, unsigned line, unsigned col,
	      const char *fmt, ...)
{
	struct dl_strbuf msg = DL_STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	dl_strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	dl_report_add(r, dl_rule_get(DL_RULE_PARSE001), in->name,
		      line ? dl_region_span(line, col ? col : 1, 1) : dl_region_span(0, 0, 0),
		      "%s", msg.buf);
	dl_strbuf_release(&msg);
}

static void
add_var(struct env_input *in, const char *prefix, const char *key, size_t key_len,
	const char *value, size_t value_len)
{
	struct dl_env_var *v;
	struct dl_strbuf path = DL_STRBUF_INIT;

	DL_ALLOC_GROW(in->vars, in->nr + 1, in->alloc);
	v = &in->vars[in->nr++];
	memset(v, 0, sizeof(*v));
	v->key = dl_arena_strndup(&in->arena, key, key_len);
	v->key_len = key_len;
	v->value = value;
	v->value_len = value_len;
	if (prefix) {
		dl_strbuf_puts(&path, prefix);
		dl_strbuf_put(&path, key, key_len);
		v->path = dl_arena_strndup(&in->arena, path.buf, path.len);
		v->logical = 1;
	} else {
		v->path = in->name;
	}
	dl_strbuf_release(&path);
}

/* ---- the process environment ------------------------------------------- */

/*
 * Variables the system, the shell, CI runners, Render itself and our own
 * test and sanitizer tooling set: no application reads its configuration
 * from them, and their values (paths, user names, e-mail addresses) would
 * only give ENV008 false alarms.
 */
static int
ambient(const char *key, size_t n)
{
	static const char *const names[] = {
		"_",
		"CI",
		"COLORTERM",
		"DISPLAY",
		"EDITOR",
		"HOME",
		"HOSTNAME",
		"IS_PULL_REQUEST",
		"LANG",
		"LANGUAGE",
		"LOGNAME",
		"LS_COLORS",
		"MAIL",
		"NO_COLOR",
		"OLDPWD",
		"PAGER",
		"PATH",
		"PS1",
		"PS2",
		"PWD",
		"SHELL",
		"SHLVL",
		"TERM",
		"TMPDIR",
		"TZ",
		"USER",
		"VISUAL",
	};
	static const char *const prefixes[] = {
		"ACTIONS_",
		"ASAN_",
		"DEPLOYLINT_",
		"GIT_",
		"GITHUB_",
		"LC_",
		"LD_",
		"LSAN_",
		"RENDER_",
		"RUNNER_",
		"SSH_",
		"TERM_",
		"TSAN_",
		"UBSAN_",
		"VALGRIND",
		"XDG_",
	};
	size_t i;

	for (i = 0; i < DL_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && !memcmp(key, names[i], n))
			return 1;
	for (i = 0; i < DL_ARRAY_SIZE(prefixes); i++)
		if (n >= strlen(prefixes[i]) && !memcmp(key, prefixes[i], strlen(prefixes[i])))
			return 1;
	return n == 6 && !memcmp(key, "RENDER", 6);
}

static void
read_environ(struct env_input *in)
{
	char **e;

	in->name = "env";
	for (e = environ; e && *e; e++) {
		const char *eq = strchr(*e, '=');
		size_t n;
		if (!eq || eq == *e)
			continue;
		n = (size_t)(eq - *e);
		if (ambient(*e, n)) {
			in->ambient++;
			continue;
		}
		add_var(in, "env:", *e, n, eq + 1, strlen(eq + 1));
	}
}

/* ---- reading --from ------------------------------------------------------- */

/*
 * Reads FILE or stdin into in->raw, at most DL_MAX_FILE_SIZE bytes (memory
 * stays bounded: a longer input is not read further). Returns 0, 1 when
 * the input is too long (a finding), or -1 after printing why FILE cannot
 * be read (a usage error).
 */
static int
read_input(struct env_input *in, const char *from, FILE *err)
{
	FILE *f;
	char buf[65536];
	size_t n;
	int too_long = 0;

	if (!strcmp(from, "-")) {
		in->name = STDIN_NAME;
		f = stdin;
	} else {
		struct stat st;
		in->name = from;
		if (stat(from, &st) < 0) {
			fprintf(err, "deploylint: env --from %s: %s\n", from, strerror(errno));
			return -1;
		}
		if (S_ISDIR(st.st_mode)) {
			fprintf(err, "deploylint: env --from %s: is a directory\n", from);
			return -1;
		}
		f = fopen(from, "rb");
		if (!f) {
			fprintf(err, "deploylint: env --from %s: %s\n", from, strerror(errno));
			return -1;
		}
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (in->raw.len + n > DL_MAX_FILE_SIZE) {
			too_long = 1;
			break;
		}
		dl_strbuf_put(&in->raw, buf, n);
	}
	if (!too_long && ferror(f)) {
		fprintf(err, "deploylint: env --from %s: read error\n", from);
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	return too_long;
}

/* Line and column (1-based, bytes) of byte offset off of data. */
static void
position_of(const char *data, size_t off, unsigned *line, unsigned *col)
{
	size_t i, start = 0;
	unsigned l = 1;

	for (i = 0; i < off; i++)
		if (data[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = (unsigned)(off - start + 1);
}

/* Whether a key of an input is a variable name a service can be given:
 * letters, digits, '_', '-' and '.', not starting with a digit (what
 * Render's dashboard accepts; a line break, '=', ':' or a control
 * character never is), at most 1024 bytes. */
static int
valid_key(const char *k, size_t n)
{
	size_t i;

	if (!n || n > 1024 || dl_isdigit((unsigned char)k[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!dl_isalnum((unsigned char)k[i]) && !strchr("_-.", k[i]))
			return 0;
	return 1;
}

/* One item of an env-vars answer: {"envVar": {"key", "value"}, "cursor"}
 * (a bare {"key", "value"} is taken too). */
static void
json_item(struct env_input *in, struct dl_report *r, json_t *item, size_t page,
	  size_t index)
{
	json_t *ev = json_is_object(item) ? json_object_get(item, "envVar") : NULL;
	json_t *k, *v;
	char where[96];

	if (!ev && json_is_object(item) && json_object_get(item, "key"))
		ev = item;
	k = json_is_object(ev) ? json_object_get(ev, "key") : NULL;
	v = json_is_object(ev) ? json_object_get(ev, "value") : NULL;
	snprintf(where, sizeof(where), "item %zu of document %zu", index + 1, page + 1);
	if (!json_is_string(k) || (v && !json_is_null(v) && !json_is_string(v))) {
		input_problem(r, in, 0, 0,
			      "%s is not {\"envVar\": {\"key\": \"...\", \"value\": \"...\"}} as Render's API returns for GET /v1/services/{serviceId}/env-vars: skipped",
			      where);
		return;
	}
	if (!valid_key(json_string_value(k), json_string_length(k))) {
		input_problem(r, in, 0, 0,
			      "the key of %s is no environment variable name (only letters, digits, '_', '-' and '.', not first a digit; not printed): skipped",
			      where);
		return;
	}
	if (!json_is_string(v))
		return; /* no value in the answer: nothing to judge */
	add_var(in, "render-api:", json_string_value(k), json_string_length(k),
		dl_arena_strndup(&in->arena, json_string_value(v), json_string_length(v)),
		json_string_length(v));
}

/*
 * The JSON input: one or more documents (pages), each a list of items as
 * Render's API returns them, one after the other (curl's answers for each
 * cursor appended to one file) or merged into one list (jq -s add).
 */
static void
parse_json(struct env_input *in, struct dl_report *r)
{
	const char *data = in->raw.buf;
	size_t len = in->raw.len, off = 0, page = 0, i;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		off = 3;
	for (;;) {
		json_error_t je;
		json_t *doc;

		while (off < len && dl_isspace((unsigned char)data[off]))
			off++;
		if (off >= len)
			break;
		doc = json_loadb(data + off, len - off, JSON_DISABLE_EOF_CHECK, &je);
		if (!doc) {
			/* jansson's text without what it quotes of the input */
			char text[JSON_ERROR_TEXT_LENGTH];
			char *near;
			unsigned line, col;
			snprintf(text, sizeof(text), "%s", je.text);
			near = strstr(text, " near ");
			if (near)
				*near = '\0';
			position_of(data, off + (size_t)(je.position > 0 ? je.position : 0), &line,
				    &col);
			input_problem(r, in, line, col,
				      "not valid JSON (%s): Render's API answer cannot be read from here on",
				      text);
			return;
		}
		if (json_is_array(doc)) {
			for (i = 0; i < json_array_size(doc); i++)
				json_item(in, r, json_array_get(doc, i), page, i);
		} else {
			json_item(in, r, doc, page, 0);
		}
		json_decref(doc);
		off += je.position > 0 ? (size_t)je.position : len - off;
		page++;
	}
}

/* The dotenv input, parsed by the python-dotenv-exact parser; the variables
 * are its bindings with a value. */
static void
parse_dotenv(struct env_input *in, struct dl_report *r)
{
	size_t i;

	memset(&in->file, 0, sizeof(in->file));
	in->file.path = (char *)in->name;
	in->file.kind = DL_KIND_DOTENV;
	in->file.data = in->raw.buf;
	in->file.len = in->raw.len;
	in->file.size = in->raw.len;
	in->file.loaded = 1;
	dl_dotenv_parse(&in->env, &in->arena, in->raw.buf, in->raw.len);
	in->is_dotenv = 1;
	for (i = 0; i < in->env.nr; i++) {
		const struct dl_env_binding *b = &in->env.bindings[i];
		if (!b->value)
			continue;
		if (!valid_key(b->key, b->key_len)) {
			/* a quoted key may hold a line break */
			input_problem(r, in, b->key_pos.line, b->key_pos.col,
				      "this key is no environment variable name (%s; not printed): skipped",
				      "only letters, digits, '_', '-' and '.', not first a digit");
			continue;
		}
		add_var(in, NULL, b->key, b->key_len, b->value, b->value_len);
		in->vars[in->nr - 1].file = &in->file;
		in->vars[in->nr - 1].binding = b;
	}
}

/* ---- the variables the app gets ------------------------------------------- */

struct keyed {
	const struct dl_env_var *v;
	size_t index;
};

static int
keyed_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c = strcmp(a->v->key, b->v->key);
	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Keeps the last setting of each key (what python-dotenv and a page
 * repeated by a retried request leave), sorted by key. */
static void
last_wins(struct env_input *in)
{
	struct keyed *k;
	struct dl_env_var *out;
	size_t i, n = 0;

	if (in->nr < 2)
		return;
	k = dl_xmalloc(dl_st_mult(in->nr, sizeof(*k)));
	for (i = 0; i < in->nr; i++) {
		k[i].v = &in->vars[i];
		k[i].index = i;
	}
	qsort(k, in->nr, sizeof(*k), keyed_cmp);
	out = dl_xmalloc(dl_st_mult(in->nr, sizeof(*out)));
	for (i = 0; i < in->nr; i++)
		if (i + 1 == in->nr || strcmp(k[i].v->key, k[i + 1].v->key) != 0)
			out[n++] = *k[i].v;
	free(k);
	free(in->vars);
	in->vars = out;
	in->nr = in->alloc = n;
}

static const struct dl_env_var *
find_var(const struct env_input *in, const char *key)
{
	size_t i;
	for (i = 0; i < in->nr; i++)
		if (!strcmp(in->vars[i].key, key))
			return &in->vars[i];
	return NULL;
}

static const struct dl_env_var *
find_logical(const struct env_input *in, const char *path)
{
	size_t lo = 0, hi = in->nr;
	const char *colon = strchr(path, ':');

	if (!colon)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(in->vars[mid].key, colon + 1);
		if (!c)
			return in->vars[mid].logical && !strcmp(in->vars[mid].path, path)
				       ? &in->vars[mid]
				       : NULL;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- the repository ---------------------------------------------------------- */

/* Whether the current directory looks like a repository to cross-check. */
static int
looks_like_repo(void)
{
	static const char *const marks[] = {
		"render.yaml",
		"requirements.txt",
		"pyproject.toml",
		".git",
	};
	struct stat st;
	size_t i;

	for (i = 0; i < DL_ARRAY_SIZE(marks); i++)
		if (lstat(marks[i], &st) == 0)
			return 1;
	return 0;
}

/*
 * The Python the service runs: --python-from-path (the python3 on PATH),
 * else PYTHON_VERSION among the variables. Returns 1 with *v and what set
 * it, 0 when neither says, -1 after printing a usage error.
 */
static int
service_python(struct dl_pyver *v, const char **origin_path, struct dl_region *origin_region,
	       int *origin_logical, const char **origin_what, const struct env_input *in,
	       const struct dl_options *opts, FILE *err)
{
	const struct dl_env_var *pv;

	if (opts->python_from_path) {
		char line[128] = "";
		FILE *p = popen("python3 --version 2>&1", "r");
		int ok = p && fgets(line, sizeof(line), p) != NULL;
		if (p)
			ok = pclose(p) == 0 && ok;
		line[strcspn(line, "\r\n")] = '\0';
		if (!ok || strncmp(line, "Python ", 7) != 0 ||
		    dl_pyver_parse(v, line + 7, strcspn(line + 7, "abcr+")) < 0) {
			fprintf(err, "deploylint: env --python-from-path: no python3 on PATH tells its version\n");
			return -1;
		}
		*origin_path = "python3";
		*origin_logical = 1;
		*origin_what = "the python3 on PATH (--python-from-path)";
		return 1;
	}
	pv = find_var(in, "PYTHON_VERSION");
	if (!pv || dl_pyver_parse(v, pv->value, pv->value_len) < 0 || v->minor < 0)
		return 0;
	*origin_path = pv->path;
	*origin_logical = pv->logical;
	if (pv->binding)
		*origin_region = dl_region_span(pv->binding->value_pos.line,
						pv->binding->value_pos.col, (unsigned)pv->value_len);
	*origin_what = "PYTHON_VERSION is set here";
	return 1;
}

/* The backend the variables belong to: --service NAME, else the only
 * Python one, else the repository root's; NULL when none. */
static const struct dl_backend *
pick_backend(const struct dl_backends *bs, const char *service)
{
	const struct dl_backend *only = NULL, *root = NULL;
	size_t i, python = 0;

	for (i = 0; i < bs->nr; i++) {
		const struct dl_backend *be = &bs->items[i];
		if (service) {
			if (be->service && !strcmp(be->service, service))
				return be;
			continue;
		}
		if (!be->python || be->docker)
			continue;
		python++;
		only = be;
		if (!*be->dir && !root)
			root = be;
	}
	return python == 1 ? only : root;
}

/* ---- the command ------------------------------------------------------------ */

static void
input_release(struct env_input *in)
{
	free(in->vars);
	dl_strbuf_release(&in->raw);
	dl_arena_release(&in->arena);
}

int
dl_cmd_env(const struct dl_options *opts, FILE *out, FILE *err)
{
	struct env_input in;
	struct dl_root rt;
	struct dl_check_ctx *ctx;
	struct dl_report report;
	const struct dl_backend *be = NULL;
	const char *root = NULL, *origin_path = NULL, *origin_what = NULL;
	struct dl_pyver py;
	struct dl_region origin_region;
	enum dl_level fail_on = opts->fail_on;
	int have_repo = 0, rc, origin_logical = 0, python;
	size_t i, files = 0;

	if (!dl_emitter_find(opts->format ? opts->format : "json")) {
		fprintf(err, "deploylint: --format: unknown format '%s'\n", opts->format);
		return DL_EXIT_USAGE;
	}
	if (opts->paths_given && opts->paths_nr + opts->only_nr > 1) {
		fprintf(err, "deploylint: env takes at most one PATH (the repository)\n");
		return DL_EXIT_USAGE;
	}
	if (opts->only_nr) {
		fprintf(err, "deploylint: env PATH: %s is not a directory (the repository; the variables come from --from FILE)\n",
			opts->only[0]);
		return DL_EXIT_USAGE;
	}
	if (opts->paths_given) {
		struct stat st;
		root = opts->paths[0];
		if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
			fprintf(err, "deploylint: env PATH: %s is not a directory\n", root);
			return DL_EXIT_USAGE;
		}
	} else if (looks_like_repo()) {
		root = ".";
	}
	if (opts->env_service && !root) {
		fprintf(err, "deploylint: env --service %s needs a repository with a render.yaml (give its PATH)\n",
			opts->env_service);
		return DL_EXIT_USAGE;
	}

	memset(&in, 0, sizeof(in));
	memset(&origin_region, 0, sizeof(origin_region));
	dl_arena_init(&in.arena);
	dl_report_init(&report);
	if (!opts->env_from) {
		read_environ(&in);
	} else {
		int r = read_input(&in, opts->env_from, err);
		if (r < 0) {
			input_release(&in);
			return DL_EXIT_USAGE;
		}
		if (r > 0) {
			dl_strbuf_reset(&in.raw);
			input_problem(&report, &in, 0, 0,
				      "the input is longer than %s: not read (Render's env-vars answer and a .env file are far smaller)",
				      "8 MiB (DL_MAX_FILE_SIZE)");
		} else if (memchr(in.raw.buf, '\0', in.raw.len)) {
			dl_strbuf_reset(&in.raw);
			input_problem(&report, &in, 0, 0,
				      "the input holds a NUL byte, so it is %s: not read",
				      "binary, neither dotenv text nor JSON");
		} else {
			size_t k = in.raw.len >= 3 && !memcmp(in.raw.buf, "\xef\xbb\xbf", 3) ? 3 : 0;
			while (k < in.raw.len && dl_isspace((unsigned char)in.raw.buf[k]))
				k++;
			if (k < in.raw.len && (in.raw.buf[k] == '[' || in.raw.buf[k] == '{'))
				parse_json(&in, &report);
			else
				parse_dotenv(&in, &report);
		}
	}
	last_wins(&in);

	rc = dl_root_open(&rt, root, opts, NULL, err);
	if (rc != DL_EXIT_OK) {
		dl_report_release(&report);
		input_release(&in);
		return rc;
	}
	have_repo = (rt.flags & DL_BUILTIN_REPO) != 0;
	if (!opts->fail_on_given && rt.cfg.has_fail_on)
		fail_on = rt.cfg.fail_on;
	if (!have_repo) { /* the families run on an empty repository */
		rt.ctx.repo = &rt.repo;
		rt.ctx.config = &rt.cfg;
		dl_ctx_init(&rt.ctx);
	}
	ctx = &rt.ctx;
	ctx->report = &report;
	be = pick_backend(&dl_ctx_model(ctx)->backends, opts->env_service);
	if (opts->env_service && !be) {
		fprintf(err, "deploylint: env --service %s: render.yaml has no such service\n",
			opts->env_service);
		rc = DL_EXIT_USAGE;
		goto done;
	}
	python = service_python(&py, &origin_path, &origin_region, &origin_logical, &origin_what,
				&in, opts, err);
	if (python < 0) {
		rc = DL_EXIT_USAGE;
		goto done;
	}

	/* the rules */
	if (in.is_dotenv)
		dl_env_check_parse(ctx, &in.file, &in.env);
	dl_env_check_vars(ctx, in.vars, in.nr);
	dl_db_check_vars(ctx, in.vars, in.nr, be ? be->service : NULL);
	dl_req_driver_check_vars(ctx, in.vars, in.nr, be ? be->service : NULL);
	if (be && python > 0)
		dl_req_check_python(ctx, be, py.major, py.minor, origin_path, origin_region,
				    origin_logical, origin_what);
	else if (be && opts->env_service && be->eff_from == DL_PYEFF_ENV &&
		 be->src[DL_PYSRC_ENV].file)
		dl_req_check_python(ctx, be, be->eff.major, be->eff.minor,
				    be->src[DL_PYSRC_ENV].file->path, be->src[DL_PYSRC_ENV].region,
				    0, "PYTHON_VERSION in the service's envVars");

	/* where each finding is, and its masked context line */
	for (i = 0; i < report.nr; i++) {
		struct dl_finding *f = report.findings[i];
		const struct dl_env_var *v = find_logical(&in, f->path);
		if (v) {
			f->logical = 1;
			memset(&f->region, 0, sizeof(f->region));
			if (!f->context)
				dl_env_set_context(f, v->key, v->key_len, v->value, v->value_len);
		} else if (in.is_dotenv && !strcmp(f->path, in.name) && f->region.line &&
			   !f->context) {
			dl_env_set_context(f, NULL, 0, in.raw.buf, in.raw.len);
		}
		dl_finding_fix_drop(f); /* env changes no file */
	}
	dl_run_settle(&report, 0, &rt.cfg, opts, have_repo ? &rt.repo : NULL);
	if (opts->verbose) {
		if (in.ambient)
			fprintf(err, "deploylint: env: %zu variable%s of the system, shell, CI or Render (PATH, HOME, GIT_*, GITHUB_*, RENDER_*, ...) not checked\n",
				in.ambient, in.ambient == 1 ? "" : "s");
		fprintf(err, "deploylint: env: %zu variable%s checked from %s%s%s\n", in.nr,
			in.nr == 1 ? "" : "s",
			!opts->env_from ? "the process environment"
			: in.is_dotenv  ? "a dotenv input"
					: "Render API JSON",
			root ? ", cross-checked with the repository at " : " (no repository)",
			root ? root : "");
	}
	for (i = 0; i < rt.repo.nr; i++)
		files += dl_file_lintable(&rt.repo.files[i]);
	rc = dl_run_report(opts, &report, files, fail_on, out, err);
done:
	dl_ctx_release(ctx);
	dl_root_release(&rt);
	dl_report_release(&report);
	input_release(&in);
	return rc;
}
