/*
 * deploylint: CMD010, the application object a start command names.
 * gunicorn and uvicorn import `module` and take `attr` from it; when the
 * module is a file of the repository that binds no `attr` at module level
 * (typically only a create_app() factory), every worker fails to boot.
 *
 * The module is read with the Python tokenizer (deploylint/pytok.h):
 * logical lines, their indentation (the column of their first token) and
 * bracket depth are enough to tell module-level bindings from those inside
 * a def or class body.
 */
#include "rules/app.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/command.h"
#include "deploylint/dotenv.h"
#include "deploylint/model.h"
#include "deploylint/pytok.h"
#include "deploylint/util.h"

/* Findings already made in this run (a script shared by services). */
static _Thread_local struct dl_strset app_seen;

void
dl_app_release(void)
{
	dl_strset_release(&app_seen);
}

/* ---- module-level bindings ---- */

/* The application classes whose instance is the object a server loads. */
static int
is_app_class(const char *s, size_t n)
{
	static const char *const names[] = {
		"Flask",
		"FastAPI",
		"Starlette",
		"Quart",
		"Litestar",
		"Sanic",
		"get_wsgi_application",
		"get_asgi_application",
		"Connexion",
		"FlaskApp",
		"AsyncApp",
	};
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return 1;
	return 0;
}

#define MAX_BLOCKS 64u
#define MAX_CANDS 32u

struct span {
	size_t start, end;
};

struct binds {
	const char *want; /* the name asked for */
	size_t want_len;
	int found;
	int dynamic;          /* star import, globals(), setattr(...), exec, __getattr__ */
	struct span factory;  /* a module-level def whose name holds "app" */
	struct span instance; /* a module-level name bound to Flask(...) etc. */
	unsigned factory_line;
};

static int
span_is(const char *src, struct span s, const char *w, size_t n)
{
	return s.end - s.start == n && !memcmp(src + s.start, w, n);
}

static void
bind_name(struct binds *b, const char *src, struct span s)
{
	if (span_is(src, s, b->want, b->want_len))
		b->found = 1;
}

/*
 * Reads the module-level bindings of Python source src[0 .. len) into *b.
 */
static void
scan_binds(const char *src, size_t len, struct binds *b)
{
	struct dl_pytok tz;
	struct dl_pytoken t, prev;
	unsigned blocks[MAX_BLOCKS];
	size_t nblocks = 0, ncands = 0, ntok = 0;
	struct span cands[MAX_CANDS];
	struct span first_bound = { 0, 0 };
	/* what the current logical line is */
	enum {
		L_PLAIN,
		L_IMPORT,
		L_FROM,
		L_FROM_NAMES,
		L_DEF,
		L_GLOBAL,
		L_FOR
	} kind = L_PLAIN;
	int inside = 0;   /* the line is inside a def or class body */
	int after_as = 0; /* the previous token was `as` */
	int rhs = 0;      /* tokens right after a depth-0 `=`: 1 = next is the value */
	struct span rhs_last = { 0, 0 };
	int pending_cand = 0; /* cands[ncands-1] awaits its next token */
	/* `if __name__ == "__main__":` at module level: its body runs only
	 * as a script, never under a server, so it binds nothing here */
	unsigned line_col = 0;
	int if_line = 0, saw_name = 0, saw_main = 0;

	memset(&prev, 0, sizeof(prev));
	dl_pytok_init(&tz, src, len);
	for (dl_pytok_next(&tz, &t); t.kind != DL_PYTOK_ENDMARKER; dl_pytok_next(&tz, &t)) {
		const char *s = src + t.start;
		size_t n = t.end - t.start;
		struct span sp = { t.start, t.end };

		if (t.kind == DL_PYTOK_COMMENT || t.kind == DL_PYTOK_NL)
			continue;
		if (t.kind == DL_PYTOK_NEWLINE) {
			if (if_line && saw_name && saw_main && nblocks < MAX_BLOCKS)
				blocks[nblocks++] = line_col;
			if_line = saw_name = saw_main = 0;
			ntok = ncands = 0;
			kind = L_PLAIN;
			after_as = rhs = pending_cand = 0;
			first_bound.start = first_bound.end = 0;
			continue;
		}
		/* a NAME candidate followed by '.', '[' or '(' is no binding */
		if (pending_cand) {
			pending_cand = 0;
			if (t.kind == DL_PYTOK_OP && n == 1 && (*s == '.' || *s == '[' || *s == '('))
				ncands--;
		}
		if (ntok++ == 0) {
			/* a new logical line: leave the bodies it is not in */
			while (nblocks && blocks[nblocks - 1] >= t.col)
				nblocks--;
			inside = nblocks > 0;
			line_col = t.col;
			if_line = !inside && t.kind == DL_PYTOK_NAME && n == 2 && !memcmp(s, "if", 2);
			if (t.kind == DL_PYTOK_NAME) {
				if (n == 6 && !memcmp(s, "import", 6))
					kind = L_IMPORT;
				else if (n == 4 && !memcmp(s, "from", 4))
					kind = L_FROM;
				else if ((n == 3 && !memcmp(s, "def", 3)) ||
					 (n == 5 && !memcmp(s, "async", 5)) ||
					 (n == 5 && !memcmp(s, "class", 5)))
					kind = L_DEF;
				else if (n == 6 && !memcmp(s, "global", 6))
					kind = L_GLOBAL;
				else if (n == 3 && !memcmp(s, "for", 3))
					kind = L_FOR;
				if (kind == L_DEF && nblocks < MAX_BLOCKS)
					blocks[nblocks++] = t.col;
				if (kind != L_PLAIN) {
					prev = t;
					continue;
				}
			}
		}
		if (if_line && t.kind == DL_PYTOK_NAME && n == 8 && !memcmp(s, "__name__", 8))
			saw_name = 1;
		if (if_line && t.kind == DL_PYTOK_STRING && t.body_end - t.body == 8 &&
		    !memcmp(src + t.body, "__main__", 8))
			saw_main = 1;
		/* dynamic bindings make any answer a guess */
		if (t.kind == DL_PYTOK_NAME &&
		    ((n == 7 && !memcmp(s, "globals", 7)) || (n == 7 && !memcmp(s, "setattr", 7)) ||
		     (n == 4 && !memcmp(s, "exec", 4)) || (n == 11 && !memcmp(s, "__getattr__", 11))))
			b->dynamic = 1;
		if (kind == L_GLOBAL) {
			if (t.kind == DL_PYTOK_NAME)
				bind_name(b, src, sp);
			prev = t;
			continue;
		}
		if (inside) {
			prev = t;
			continue;
		}
		switch (kind) {
		case L_DEF:
			if (t.kind == DL_PYTOK_NAME && prev.kind == DL_PYTOK_NAME &&
			    ((prev.end - prev.start == 3 && !memcmp(src + prev.start, "def", 3)) ||
			     (prev.end - prev.start == 5 && !memcmp(src + prev.start, "class", 5)))) {
				bind_name(b, src, sp);
				if (!memcmp(src + prev.start, "def", 3) && dl_memmem(s, n, "app", 3) &&
				    !b->factory.end) {
					b->factory = sp;
					b->factory_line = t.line;
				}
			}
			break;
		case L_IMPORT:
			/* import a.b.c [as d], e: binds a (or d) and e */
			if (t.kind == DL_PYTOK_NAME) {
				if (n == 2 && !memcmp(s, "as", 2)) {
					after_as = 1;
					break;
				}
				if (after_as || prev.kind != DL_PYTOK_OP ||
				    src[prev.start] != '.')
					bind_name(b, src, sp);
				after_as = 0;
			}
			break;
		case L_FROM:
			if (t.kind == DL_PYTOK_NAME && n == 6 && !memcmp(s, "import", 6))
				kind = L_FROM_NAMES;
			break;
		case L_FROM_NAMES:
			if (t.kind == DL_PYTOK_OP && n == 1 && *s == '*')
				b->dynamic = 1;
			else if (t.kind == DL_PYTOK_NAME) {
				if (n == 2 && !memcmp(s, "as", 2))
					break;
				/* `x as y` binds y only; binding x too only makes
				 * the rule more silent */
				bind_name(b, src, sp);
			}
			break;
		case L_FOR:
			if (t.kind == DL_PYTOK_NAME && !(n == 2 && !memcmp(s, "in", 2)))
				bind_name(b, src, sp);
			else if (t.kind == DL_PYTOK_NAME)
				kind = L_PLAIN;
			break;
		default:
			if (t.kind == DL_PYTOK_NAME && n == 2 && !memcmp(s, "as", 2) && t.depth == 0) {
				after_as = 1;
				break;
			}
			if (t.kind == DL_PYTOK_NAME && after_as) {
				bind_name(b, src, sp); /* with ... as x, except E as x */
				after_as = 0;
				break;
			}
			if (rhs && t.kind == DL_PYTOK_NAME) {
				rhs_last = sp;
			} else if (rhs && t.kind == DL_PYTOK_OP && n == 1 && *s == '.') {
				/* fastapi.FastAPI(: keep reading the dotted name */
			} else if (rhs && t.kind == DL_PYTOK_OP && n == 1 && *s == '(') {
				if (rhs_last.end && is_app_class(src + rhs_last.start, rhs_last.end - rhs_last.start) &&
				    !b->instance.end)
					b->instance = first_bound;
				rhs = 0;
			} else {
				rhs = 0;
			}
			if (t.depth == 0 && t.kind == DL_PYTOK_NAME &&
			    !(prev.kind == DL_PYTOK_OP && src[prev.start] == '.' &&
			      prev.end - prev.start == 1)) {
				if (ncands < MAX_CANDS) {
					cands[ncands++] = sp;
					pending_cand = 1;
				}
			} else if (t.depth == 0 && t.kind == DL_PYTOK_OP &&
				   ((n == 1 && *s == '=') || (n == 2 && !memcmp(s, ":=", 2)))) {
				size_t k;
				for (k = 0; k < ncands; k++) {
					bind_name(b, src, cands[k]);
					if (!first_bound.end)
						first_bound = cands[k];
				}
				ncands = 0;
				rhs = 1;
				rhs_last.start = rhs_last.end = 0;
			}
			break;
		}
		prev = t;
	}
}

/* ---- resolving the module ---- */

struct dl_file *
dl_app_py_file(struct dl_repo *repo, const char *path)
{
	struct dl_file *f = path ? dl_repo_find(repo, path) : NULL;
	if (!f || !dl_file_lintable(f) || dl_repo_load(repo, f) < 0)
		return NULL;
	return f;
}

/* The file of module "a.b" (mod[0 .. n)) under dir: dir/a/b.py or
 * dir/a/b/__init__.py; NULL when neither is a readable file. */
struct dl_file *
dl_app_module_file(struct dl_repo *repo, const char *dir, const char *mod, size_t n)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_file *f;
	size_t i;
	char *p;

	if (!n)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = mod[i];
		if (!dl_isalnum((unsigned char)c) && c != '_' && c != '.')
			return NULL;
		dl_strbuf_putc(&sb, c == '.' ? '/' : c);
	}
	dl_strbuf_puts(&sb, ".py");
	p = dl_path_join(dir, sb.buf);
	f = dl_app_py_file(repo, p);
	free(p);
	if (!f) {
		sb.len -= 3;
		sb.buf[sb.len] = '\0';
		dl_strbuf_puts(&sb, "/__init__.py");
		p = dl_path_join(dir, sb.buf);
		f = dl_app_py_file(repo, p);
		free(p);
	}
	dl_strbuf_release(&sb);
	return f;
}

/* Whether dir/<mod>/<attr>.py or dir/<mod>/<attr>/ exists: `pkg:sub` names a
 * submodule that the package may have imported. */
static int
submodule_exists(struct dl_repo *repo, const char *dir, const char *mod, size_t n,
		 const char *attr)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t i;
	char *p;
	int found;

	for (i = 0; i < n; i++)
		dl_strbuf_putc(&sb, mod[i] == '.' ? '/' : mod[i]);
	dl_strbuf_addf(&sb, "/%s", attr);
	p = dl_path_join(dir, sb.buf);
	found = dl_repo_has_dir(repo, p);
	dl_strbuf_puts(&sb, ".py");
	free(p);
	p = dl_path_join(dir, sb.buf);
	found = found || dl_repo_find(repo, p) != NULL;
	free(p);
	dl_strbuf_release(&sb);
	return found;
}

/* ---- the servers' options ---- */

/* gunicorn options that take a value (gunicorn --help, 23.0). */
static const char *const gunicorn_valued[] = {
	"-b", "--bind", "-k", "--worker-class", "-w", "--workers", "-c", "--config", "-t",
	"--timeout", "--chdir", "--pythonpath", "--log-level", "--access-logfile",
	"--error-logfile", "--log-file", "-e", "--env", "--threads", "--max-requests",
	"--max-requests-jitter", "--graceful-timeout", "--keep-alive", "-p", "--pid", "-n",
	"--name", "-u", "--user", "-g", "--group", "-m", "--umask", "--forwarded-allow-ips",
	"--certfile", "--keyfile", "--worker-connections", "--backlog", "--access-logformat",
	"--log-config", "--statsd-host", "--statsd-prefix", "--worker-tmp-dir",
	"--limit-request-line", "--limit-request-fields", "--limit-request-field_size",
	"--proxy-allow-from", "--log-syslog-to", "--log-syslog-prefix", "--log-syslog-facility",
	"--paste", "--paster", "--ca-certs", "--ciphers", "--ssl-version", "--cert-reqs",
	"--dogstatsd-tags", "--reload-engine", "--reload-extra-file", "--log-config-json",
	"--raw-env", "--worker-class", NULL
};

/* uvicorn options that take a value (uvicorn --help, 0.32). */
static const char *const uvicorn_valued[] = {
	"--host", "--port", "--uds", "--fd", "--reload-dir", "--reload-include",
	"--reload-exclude", "--reload-delay", "--workers", "--loop", "--http", "--ws",
	"--ws-max-size", "--ws-max-queue", "--ws-ping-interval", "--ws-ping-timeout",
	"--ws-per-message-deflate", "--lifespan", "--interface", "--env-file", "--log-config",
	"--log-level", "--root-path", "--limit-concurrency", "--backlog",
	"--limit-max-requests", "--timeout-keep-alive", "--timeout-graceful-shutdown",
	"--ssl-keyfile", "--ssl-certfile", "--ssl-keyfile-password", "--ssl-version",
	"--ssl-cert-reqs", "--ssl-ca-certs", "--ssl-ciphers", "--header", "-H", "--app-dir",
	"--h11-max-incomplete-event-size", "--forwarded-allow-ips", NULL
};

/* gunicorn's application argument: the last positional word holding a
 * ':' (or the first positional word), as gunicorn reads its one APP. */
static const struct dl_cmd_word *
gunicorn_app(const struct dl_cmd_simple *c, size_t from)
{
	const struct dl_cmd_word *app = NULL;
	size_t i, k;
	for (i = from; i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if (!strcmp(a, "--"))
			continue;
		if (a[0] == '-') {
			for (k = 0; gunicorn_valued[k]; k++)
				if (!strcmp(gunicorn_valued[k], a)) {
					i++;
					break;
				}
			continue;
		}
		if (!app || strchr(a, ':'))
			app = &c->argv[i];
	}
	return app;
}

/* ---- CMD010 ---- */

static void
report_once(struct dl_check_ctx *ctx, enum dl_rule_id id, const struct dl_cmd_visit *v,
	    const struct dl_cmd_word *w, struct dl_file *mod, unsigned rel_line,
	    const char *rel_msg, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

static void
report_once(struct dl_check_ctx *ctx, enum dl_rule_id id, const struct dl_cmd_visit *v,
	    const struct dl_cmd_word *w, struct dl_file *mod, unsigned rel_line,
	    const char *rel_msg, const char *fmt, ...)
{
	struct dl_strbuf msg = DL_STRBUF_INIT, key = DL_STRBUF_INIT;
	struct dl_region reg = dl_step_region(v, w);
	struct dl_finding *f;
	va_list ap;

	va_start(ap, fmt);
	dl_strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	dl_strbuf_addf(&key, "%s|%u|%u|%s", v->file->path, reg.line, reg.col, msg.buf);
	if (dl_strset_add(&app_seen, dl_strbuf_detach(&key, NULL))) {
		f = dl_report_add(ctx->report, dl_rule_get(id), v->file->path, reg,
				  "%s", msg.buf);
		if (f && mod)
			dl_finding_add_related(f, mod->path, dl_region_span(rel_line ? rel_line : 1, 1, 0),
					       "%s", rel_msg);
	}
	dl_strbuf_release(&msg);
}

void
dl_app_check_start(struct dl_check_ctx *ctx, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	const struct dl_cmd_call *call = v->call;
	const struct dl_cmd_word *app, *where = NULL;
	const char *dir_opt = NULL, *colon, *attr_s;
	struct dl_strbuf fix = DL_STRBUF_INIT;
	struct dl_file *mod;
	struct binds b;
	char *dir, *attr, *mod_name;
	size_t mod_len, attr_len;
	int gunicorn = call->tool == DL_TOOL_GUNICORN, factory_flag = 0, outside = 0;
	int call_form;

	if ((call->tool != DL_TOOL_GUNICORN && call->tool != DL_TOOL_UVICORN) || !v->cwd)
		return;
	if (gunicorn) {
		/* --pythonpath puts other folders before the working one; a
		 * config file or GUNICORN_CMD_ARGS may name the app itself */
		if (dl_cmd_option(c, call->arg, "--pythonpath", NULL, &dir_opt, &where))
			return;
		app = gunicorn_app(c, call->arg);
		dir_opt = NULL;
		dl_cmd_option(c, call->arg, "--chdir", NULL, &dir_opt, &where);
	} else {
		app = dl_cmd_positional(c, call->arg, uvicorn_valued);
		dl_cmd_option(c, call->arg, "--app-dir", NULL, &dir_opt, &where);
		factory_flag = dl_cmd_flag(c, call->arg, "--factory") != NULL;
	}
	if (!app || app->expands)
		return;
	colon = strchr(app->text, ':');
	if (!colon && !gunicorn)
		return; /* uvicorn needs "module:attr"; it says so itself */
	mod_len = colon ? (size_t)(colon - app->text) : strlen(app->text);
	attr_s = colon ? colon + 1 : "application"; /* gunicorn's default name */
	/* the name the module must bind: before '(' (a factory call) and '.' */
	attr_len = strcspn(attr_s, "(.[ ");
	if (!attr_len)
		return;
	call_form = attr_s[attr_len] == '(';
	dir = dir_opt ? dl_cmd_resolve(v->cwd, dir_opt, 0, &outside) : dl_xstrdup(v->cwd);
	if (!dir || outside) {
		free(dir);
		return;
	}
	mod = dl_app_module_file(ctx->repo, dir, app->text, mod_len);
	attr = dl_xstrndup(attr_s, attr_len);
	mod_name = dl_xstrndup(app->text, mod_len);
	if (!mod || submodule_exists(ctx->repo, dir, app->text, mod_len, attr))
		goto out;
	memset(&b, 0, sizeof(b));
	b.want = attr;
	b.want_len = attr_len;
	scan_binds(mod->data, mod->len, &b);
	if (b.found || b.dynamic)
		goto out;

	/* what to write instead */
	if (b.instance.end)
		dl_strbuf_addf(&fix, "`%s:%.*s` (the module's application object)", mod_name,
			       (int)(b.instance.end - b.instance.start), mod->data + b.instance.start);
	else if (b.factory.end && gunicorn)
		dl_strbuf_addf(&fix, "`'%s:%.*s()'` (gunicorn calls the factory), or add `%s = %.*s()` to %s",
			       mod_name, (int)(b.factory.end - b.factory.start),
			       mod->data + b.factory.start, attr,
			       (int)(b.factory.end - b.factory.start), mod->data + b.factory.start,
			       mod->path);
	else if (b.factory.end)
		dl_strbuf_addf(&fix, "`%s:%.*s --factory` (uvicorn calls the factory), or add `%s = %.*s()` to %s",
			       mod_name, (int)(b.factory.end - b.factory.start),
			       mod->data + b.factory.start, attr,
			       (int)(b.factory.end - b.factory.start), mod->data + b.factory.start,
			       mod->path);
	else
		dl_strbuf_addf(&fix, "the name of the module-level variable that holds the application");

	if (gunicorn)
		report_once(ctx, DL_RULE_CMD010, v, app, mod, b.factory.end ? b.factory_line : 1,
			    b.factory.end ? "the factory is defined here" : "the module gunicorn imports",
			    "gunicorn loads `%s`, but %s binds no `%s` at module level%s, so every worker fails to boot with \"Failed to find attribute '%s' in '%s'.\"; use %s",
			    app->text, mod->path, attr,
			    call_form ? " (the factory the command calls)" : "", attr, mod_name,
			    fix.buf);
	else
		report_once(ctx, DL_RULE_CMD010, v, app, mod, b.factory.end ? b.factory_line : 1,
			    b.factory.end ? "the factory is defined here" : "the module uvicorn imports",
			    "uvicorn loads `%s`%s, but %s binds no `%s` at module level, so it exits with \"Error loading ASGI app. Attribute \"%s\" not found in module \"%s\".\"; use %s",
			    app->text, factory_flag ? " with --factory" : "", mod->path, attr, attr,
			    mod_name, fix.buf);
out:
	dl_strbuf_release(&fix);
	free(attr);
	free(mod_name);
	free(dir);
}

/* ---- CMD011 ---- */

/* The line of dotenv file f (loaded) whose binding of `key` python-dotenv
 * keeps (the last one with a value: parsed by dl_dotenv_parse, through the
 * document cache for .env files); 0 when none. The value's first bytes,
 * up to its first space, go to val (valsz > 0). */
static unsigned
dotenv_sets(struct dl_check_ctx *ctx, struct dl_file *f, const char *key, char *val,
	    size_t valsz)
{
	struct dl_arena arena;
	struct dl_dotenv local;
	const struct dl_dotenv *env = NULL;
	unsigned found = 0;
	size_t i, k;

	dl_arena_init(&arena);
	if (f->kind == DL_KIND_DOTENV)
		env = dl_ctx_doc(ctx, f);
	if (!env) {
		dl_dotenv_parse(&local, &arena, f->data, f->len);
		env = &local;
	}
	val[0] = '\0';
	for (i = 0; i < env->nr; i++) {
		const struct dl_env_binding *b = &env->bindings[i];
		if (!b->value || strcmp(b->key, key) != 0)
			continue;
		for (k = 0; k < b->value_len && k + 1 < valsz && b->value[k] != ' '; k++)
			val[k] = b->value[k];
		val[k] = '\0';
		found = b->key_pos.line;
	}
	dl_arena_release(&arena);
	return found;
}

/* The file named `name` in dir or the nearest folder above it (as
 * python-dotenv's find_dotenv(usecwd=True) searches), or NULL. */
static struct dl_file *
nearest_file(struct dl_repo *repo, const char *dir, const char *name)
{
	char *d = dl_xstrdup(dir);
	struct dl_file *f = NULL;

	for (;;) {
		char *p = dl_path_join(d, name), *up;
		f = dl_repo_find(repo, p);
		free(p);
		if (f || !*d)
			break;
		up = dl_path_dirname(d);
		free(d);
		d = up;
	}
	free(d);
	return f;
}

static int
readable(struct dl_repo *repo, struct dl_file *f)
{
	return f &&
	       !(f->flags & (DL_FILE_TOO_BIG | DL_FILE_BINARY | DL_FILE_UNREADABLE | DL_FILE_SPARSE)) &&
	       dl_repo_load(repo, f) == 0;
}

void
dl_app_check_flask(struct dl_check_ctx *ctx, const struct dl_cmd_visit *v, int flask_app_set)
{
	static const char *const found[] = { "wsgi.py", "app.py", "wsgi/__init__.py",
					     "app/__init__.py" };
	const struct dl_cmd_simple *c = v->call->cmd;
	const struct dl_cmd_word *where = NULL;
	const char *opt = NULL;
	struct dl_repo *repo = ctx->repo;
	struct dl_file *env, *flaskenv;
	char val[128] = "", ignored_val[128];
	struct dl_strbuf args = DL_STRBUF_INIT;
	unsigned line;
	size_t i;

	if (v->call->tool != DL_TOOL_FLASK || !v->cwd || flask_app_set || !repo->in_git ||
	    v->call->arg >= c->argc)
		return;
	if (dl_cmd_option(c, v->call->arg, "--app", "-A", &opt, &where))
		return;
	/* `flask --version` / `--help` need no application */
	if (c->argv[v->call->arg].text[0] == '-')
		return;
	for (i = 0; i < DL_ARRAY_SIZE(found); i++) {
		char *p = dl_path_join(v->cwd, found[i]);
		int hit = dl_repo_find(repo, p) != NULL;
		free(p);
		if (hit)
			return;
	}
	/* a committed .flaskenv (or .env) that sets it reaches Render */
	flaskenv = nearest_file(repo, v->cwd, ".flaskenv");
	if (flaskenv && (flaskenv->flags & DL_FILE_TRACKED) && readable(repo, flaskenv) &&
	    dotenv_sets(ctx, flaskenv, "FLASK_APP", ignored_val, sizeof(ignored_val)))
		return;
	env = nearest_file(repo, v->cwd, ".env");
	if (!env || (env->flags & DL_FILE_TRACKED) || !readable(repo, env))
		return;
	line = dotenv_sets(ctx, env, "FLASK_APP", val, sizeof(val));
	if (!line)
		return;
	for (i = v->call->arg; i < c->argc && args.len < 80; i++)
		dl_strbuf_addf(&args, "%s%s", i > v->call->arg ? " " : "", c->argv[i].text);
	report_once(ctx, DL_RULE_CMD011, v, v->call->word, env, line,
		    "FLASK_APP is set here, in a file git does not track",
		    "`flask %s` needs the application, but FLASK_APP is set only in %s, which git does not track, so Render never sees it (python-dotenv loads it on your machine), and %s holds no wsgi.py or app.py for Flask to find: the command stops with \"Could not locate a Flask application\"; write `flask --app %s %s`, or set FLASK_APP in the service's envVars or a committed .flaskenv",
		    args.buf, env->path, *v->cwd ? v->cwd : "the repository root",
		    val[0] ? val : "<module>", args.buf);
	dl_strbuf_release(&args);
}
