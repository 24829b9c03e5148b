/*
 * deploylint: the CMD family (what build, start and pre-deploy commands
 * run: port binding, ASGI workers, --reload, schema created outside
 * migrations) and REQ007 (the tool a command runs is not installed).
 */
#include "rules/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deploylint/blueprint.h"
#include "deploylint/command.h"
#include "deploylint/limits.h"
#include "deploylint/model.h"
#include "deploylint/pytok.h"
#include "deploylint/requirements.h"
#include "deploylint/util.h"
#include "rules/app.h"

enum phase {
	PH_BUILD,
	PH_PREDEPLOY,
	PH_START
};

struct svc {
	struct dl_check_ctx *ctx;
	const struct dl_bp_service *bp; /* NULL for a Procfile process */
	const char *work_dir;
	const char *label; /* "service `api`" or "Procfile" */
	int web;
	/* a dashboard Docker service's Dockerfile (no render.yaml): only
	 * CMD001 and CMD002 judge it (a Dockerfile may serve local
	 * development only, where --reload and create_all() are at home) */
	int dashboard;
	enum phase phase;
	/* variables set by the commands so far (export X=, X=... alone) */
	char **vars;
	size_t vars_nr, vars_alloc;
};

/* Findings already made in this run (a script shared by several
 * services). Thread-local, not process-wide: a run of the family is on one
 * thread from dl_check_cmd's start to the release at its end, so runs on
 * other threads (a library caller linting two roots at once) never share
 * it. */
static _Thread_local struct dl_strset seen;

static int
first_time(const char *rule, const char *path, struct dl_region reg, const char *msg)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	dl_strbuf_addf(&sb, "%s|%s|%u|%u|%s", rule, path, reg.line, reg.col, msg);
	return dl_strset_add(&seen, dl_strbuf_detach(&sb, NULL));
}

/* Adds a finding once per (rule, place, message). */
static struct dl_finding *
report(struct dl_check_ctx *ctx, enum dl_rule_id id, enum dl_level level,
       const char *path, struct dl_region reg, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static struct dl_finding *
report(struct dl_check_ctx *ctx, enum dl_rule_id id, enum dl_level level,
       const char *path, struct dl_region reg, const char *fmt, ...)
{
	struct dl_strbuf msg = DL_STRBUF_INIT;
	const struct dl_rule *rule = dl_rule_get(id);
	struct dl_finding *f = NULL;
	va_list ap;

	va_start(ap, fmt);
	dl_strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (first_time(rule->id, path, reg, msg.buf))
		f = dl_report_add_level(ctx->report, rule,
					level == DL_LEVEL_NONE ? rule->level : level,
					path, reg, "%s", msg.buf);
	dl_strbuf_release(&msg);
	return f;
}

static struct dl_region
word_region(const struct dl_cmd_visit *v, const struct dl_cmd_word *w)
{
	return dl_step_region(v, w);
}

static int
var_set(const struct svc *s, const struct dl_cmd_simple *c, const char *name)
{
	size_t i, n = strlen(name);
	for (i = 0; i < c->assigns_nr; i++)
		if (!strncmp(c->assigns[i].text, name, n) && c->assigns[i].text[n] == '=')
			return 1;
	for (i = 0; i < s->vars_nr; i++)
		if (!strcmp(s->vars[i], name))
			return 1;
	if (s->bp)
		for (i = 0; i < s->bp->env_vars.nr; i++)
			if (s->bp->env_vars.items[i].name &&
			    !strcmp(s->bp->env_vars.items[i].name, name))
				return 1;
	return 0;
}

/* Whether the service takes variables from an env group (which may set
 * any of them). */
static int
from_group(const struct dl_bp_service *bp)
{
	size_t i;
	for (i = 0; i < bp->env_vars.nr; i++)
		if (bp->env_vars.items[i].source == DL_BP_SRC_GROUP)
			return 1;
	return 0;
}

static void
remember_vars(struct svc *s, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	size_t i;

	if (v->call->tool == DL_TOOL_NONE) {
		for (i = 0; i < c->assigns_nr; i++) {
			DL_ALLOC_GROW(s->vars, s->vars_nr + 1, s->vars_alloc);
			s->vars[s->vars_nr++] = dl_xstrndup(c->assigns[i].text,
							    strcspn(c->assigns[i].text, "="));
		}
	} else if (v->call->name && !strcmp(v->call->name, "export")) {
		for (i = v->call->arg; i < c->argc; i++) {
			DL_ALLOC_GROW(s->vars, s->vars_nr + 1, s->vars_alloc);
			s->vars[s->vars_nr++] = dl_xstrndup(c->argv[i].text,
							    strcspn(c->argv[i].text, "="));
		}
	}
}

/* ---- reading Python files lexically ---- */

/* The file of the module a command names ("a.b:app", "a.b(...)") under
 * dir (src/rules/app.c). */
static struct dl_file *
module_file(struct dl_repo *repo, const char *dir, const char *spec)
{
	return dir ? dl_app_module_file(repo, dir, spec, strcspn(spec, ":(")) : NULL;
}

static const char *
find_bytes(const char *h, size_t hn, const char *needle)
{
	size_t nn = strlen(needle), i;
	for (i = 0; i + nn <= hn; i++)
		if (!memcmp(h + i, needle, nn))
			return h + i;
	return NULL;
}

/* Line and column of pointer p in f. */
static struct dl_region
region_in(const struct dl_file *f, const char *p, unsigned len)
{
	unsigned line = 1;
	const char *ls = f->data, *q;
	for (q = f->data; q < p; q++)
		if (*q == '\n') {
			line++;
			ls = q + 1;
		}
	return dl_region_span(line, (unsigned)(p - ls) + 1, len);
}

/* Whether the text at p lies in a comment or a string literal of Python
 * file f, not in code (the Python tokenizer, deploylint/pytok.h). */
static int
outside_code(const struct dl_file *f, const char *p)
{
	enum dl_pytok_kind k = dl_pytok_kind_at(f->data, f->len, (size_t)(p - f->data));
	return k == DL_PYTOK_COMMENT || k == DL_PYTOK_STRING;
}

/*
 * The assignment `attr = X(` or `attr: T = X(` at column 1 of f; returns
 * the constructor name (X's last dotted part) in out, or 0 when none.
 */
static int
attr_constructor(const struct dl_file *f, const char *attr, char *out, size_t outsz)
{
	const char *p = f->data, *end = f->data + f->len;
	size_t an = strlen(attr);
	int found = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *q;
		if ((size_t)(le - p) > an && !memcmp(p, attr, an) &&
		    !dl_isalnum((unsigned char)p[an]) && p[an] != '_') {
			q = p + an;
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			if (q < le && *q == ':') { /* annotation */
				while (q < le && *q != '=')
					q++;
			}
			if (q < le && *q == '=' && (q + 1 >= le || q[1] != '=')) {
				const char *s, *e;
				q++;
				while (q < le && (*q == ' ' || *q == '\t'))
					q++;
				s = q;
				while (q < le && (dl_isalnum((unsigned char)*q) || *q == '_' || *q == '.'))
					q++;
				e = q;
				if (q < le && *q == '(' && e > s) {
					const char *last = e;
					while (last > s && last[-1] != '.')
						last--;
					if ((size_t)(e - last) < outsz) {
						memcpy(out, last, (size_t)(e - last));
						out[e - last] = '\0';
						found = 1; /* the last assignment wins */
					}
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
	return found;
}

static int
is_asgi_class(const char *name)
{
	static const char *const asgi[] = {
		"FastAPI", "Starlette", "Quart", "Litestar", "Starlite", "Sanic"
	};
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(asgi); i++)
		if (!strcmp(asgi[i], name))
			return 1;
	return 0;
}

/* ---- CMD001 ---- */

static int
bad_host(const char *h)
{
	return !strcmp(h, "127.0.0.1") || !strcmp(h, "localhost") ||
	       !strcmp(h, "::1") || !strcmp(h, "[::1]");
}

static int
all_digits(const char *s)
{
	size_t i;
	if (!*s)
		return 0;
	for (i = 0; s[i]; i++)
		if (!dl_isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
cmd001_port(struct svc *s, const struct dl_cmd_visit *v, const char *tool,
	    const char *port, const struct dl_cmd_word *at, const char *deflt,
	    const char *fix)
{
	if (port && strchr(port, '$') && at && !at->expands) {
		/* an exec-form CMD/ENTRYPOINT (no shell) or single quotes:
		 * the program gets the text "$PORT" */
		report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path, word_region(v, at),
		       "%s gets the literal text `%s` as its port: nothing expands it here (an exec-form CMD/ENTRYPOINT runs without a shell; single quotes keep `$` literal), so %s stops with \"'%s' is not a valid %s\"; let a shell expand it: no single quotes around it, and in a Dockerfile the shell form or `[\"sh\", \"-c\", \"exec %s ...\"]`",
		       tool, port, tool, port,
		       strcmp(tool, "gunicorn") && strcmp(tool, "hypercorn") ? "integer" : "port number",
		       tool);
		return;
	}
	if (port && (strchr(port, '$') || !all_digits(port)))
		return;
	/* on 0.0.0.0 a fixed port works: Render detects the port a web
	 * service opens; $PORT is only the documented contract (a note) */
	if (port && at && at->quoted && !at->expands &&
	    !strncasecmp(dl_path_basename(v->file->path), "dockerfile", 10)) {
		/* an exec-form JSON string: `--port $PORT` there is CMD001's
		 * literal-text error; only a shell expands it */
		size_t n = strlen(fix);
		int bare = n > 2 && fix[0] == '`' && fix[n - 1] == '`';
		report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NOTE, v->file->path, word_region(v, at),
		       "%s listens on the hard-coded port %s; Render detects it, but $PORT (10000 by default) is the port Render documents: use %s through a shell, since exec form expands nothing (`[\"sh\", \"-c\", \"exec %s ... %.*s\"]` or the shell form)",
		       tool, port, fix, tool, (int)(bare ? n - 2 : n), bare ? fix + 1 : fix);
	} else if (port)
		report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NOTE, v->file->path, word_region(v, at),
		       "%s listens on the hard-coded port %s; Render detects it, but $PORT (10000 by default) is the port Render documents: use %s",
		       tool, port, fix);
	else
		report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NOTE, v->file->path, word_region(v, at),
		       "%s listens on port %s unless told otherwise; Render detects it, but $PORT (10000 by default) is the port Render documents: add %s",
		       tool, deflt, fix);
}

/* host:port of a gunicorn/hypercorn bind value: the whole host into
 * `host` (reset first; empty for a bare port), *port into b or NULL. */
static void
split_bind(const char *b, struct dl_strbuf *host, const char **port)
{
	const char *colon = strrchr(b, ':');
	*port = NULL;
	dl_strbuf_reset(host);
	if (b[0] == '[') {
		const char *close = strchr(b, ']');
		colon = close && close[1] == ':' ? close + 1 : NULL;
	}
	if (colon)
		*port = colon + 1;
	else if (all_digits(b)) {
		*port = b;
		return;
	}
	dl_strbuf_put(host, b, colon ? (size_t)(colon - b) : strlen(b));
}

/* python file.py: the app.run(...) / uvicorn.run(...) call in the file */
static void
cmd001_python_file(struct svc *s, const struct dl_cmd_visit *v, struct dl_file *f)
{
	const char *p = f->data, *end = f->data + f->len;
	struct dl_finding *fd;

	while (p < end && (p = find_bytes(p, (size_t)(end - p), ".run(")) != NULL) {
		const char *recv = p, *args = p + 5, *q, *close;
		int depth = 1, uvicorn_run, has_host = 0, has_port = 0;
		struct dl_strbuf host = DL_STRBUF_INIT, port = DL_STRBUF_INIT;
		while (recv > f->data && (dl_isalnum((unsigned char)recv[-1]) || recv[-1] == '_'))
			recv--;
		p += 5;
		if (recv == p - 5 || outside_code(f, recv))
			continue;
		uvicorn_run = (size_t)(p - 5 - recv) == 7 && !memcmp(recv, "uvicorn", 7);
		for (q = args; q < end && depth; q++) {
			if (*q == '(')
				depth++;
			else if (*q == ')')
				depth--;
		}
		close = q;
		/* keyword arguments host= and port= */
		for (q = args; q < close; q++) {
			const char *kw = NULL;
			if ((size_t)(close - q) > 5 && !memcmp(q, "host", 4) &&
			    (q == args || !dl_isalnum((unsigned char)q[-1])))
				kw = "host";
			else if ((size_t)(close - q) > 5 && !memcmp(q, "port", 4) &&
				 (q == args || !dl_isalnum((unsigned char)q[-1])))
				kw = "port";
			if (kw) {
				const char *e = q + 4, *vs;
				while (e < close && (*e == ' ' || *e == '\t'))
					e++;
				if (e >= close || *e != '=' || (e + 1 < close && e[1] == '='))
					continue;
				e++;
				while (e < close && (*e == ' ' || *e == '\t' || *e == '\n'))
					e++;
				vs = e;
				if (*kw == 'h') {
					has_host = 1;
					if (*vs == '"' || *vs == '\'') {
						dl_strbuf_reset(&host);
						for (e = vs + 1; e < close && *e != *vs; e++)
							dl_strbuf_putc(&host, *e);
					}
				} else {
					has_port = 1;
					dl_strbuf_reset(&port);
					for (e = vs; e < close && dl_isdigit((unsigned char)*e); e++)
						dl_strbuf_putc(&port, *e);
					if (e < close && (dl_isalnum((unsigned char)*e) || *e == '_' || *e == '('))
						dl_strbuf_reset(&port); /* an expression */
				}
			}
		}
		if (!has_host && !uvicorn_run) {
			/* Flask's app.run("0.0.0.0", 5000): host is the first argument */
			q = args;
			while (q < close && (*q == ' ' || *q == '\n' || *q == '\t'))
				q++;
			if (q < close && (*q == '"' || *q == '\'')) {
				const char *e;
				has_host = 1;
				dl_strbuf_reset(&host);
				for (e = q + 1; e < close && *e != *q; e++)
					dl_strbuf_putc(&host, *e);
			} else if (q < close && *q != ')' && !dl_isalpha((unsigned char)*q)) {
				has_host = 1; /* something we do not read */
			} else if (q < close && *q != ')') {
				/* a name: host=HOST passed positionally, or **kwargs */
				has_host = find_bytes(q, (size_t)(close - q), "**") != NULL ||
					   (q + 4 <= close && memcmp(q, "host", 4) == 0);
			}
		}
		if (!has_host || (host.len && bad_host(host.buf))) {
			fd = report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, f->path,
				    region_in(f, recv, (unsigned)(p - recv)),
				    "this run() call %s, so Render's proxy cannot reach the web service (\"No open ports detected\"); pass host=\"0.0.0.0\" and port=int(os.environ[\"PORT\"])",
				    has_host ? "binds localhost only" : "has no host= and binds 127.0.0.1");
			if (fd)
				dl_finding_add_related(fd, v->file->path, word_region(v, v->call->script),
						       "the start command runs %s", f->path);
		} else if (has_port && port.len) {
			report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NOTE, f->path,
			       region_in(f, recv, (unsigned)(p - recv)),
			       "this run() call listens on the hard-coded port %s; Render detects it, but $PORT is the port Render documents: pass port=int(os.environ[\"PORT\"])",
			       port.buf);
		}
		dl_strbuf_release(&host);
		dl_strbuf_release(&port);
		return; /* the first run() call decides */
	}
}

static void
cmd001(struct svc *s, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	const struct dl_cmd_call *call = v->call;
	const char *val = NULL;
	const struct dl_cmd_word *where = NULL, *vw;
	struct dl_strbuf host = DL_STRBUF_INIT;
	const char *port;
	int no_host = 0;

	switch (call->tool) {
	case DL_TOOL_UVICORN:
		if (dl_cmd_flag(c, call->arg, "--uds") || dl_cmd_flag(c, call->arg, "--fd"))
			return;
		if (dl_cmd_option(c, call->arg, "--host", NULL, &val, &where)) {
			vw = where;
			if (val && bad_host(val))
				report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path, word_region(v, vw),
				       "uvicorn binds %s, which Render's proxy cannot reach (\"No open ports detected\"); use `--host 0.0.0.0`",
				       val);
		} else if (!var_set(s, c, "UVICORN_HOST")) {
			report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path, word_region(v, call->word),
			       "uvicorn without --host binds 127.0.0.1, which Render's proxy cannot reach (\"No open ports detected\"); add `--host 0.0.0.0 --port $PORT`");
			no_host = 1;
		}
		val = NULL;
		if (dl_cmd_option(c, call->arg, "--port", NULL, &val, &where)) {
			if (val)
				cmd001_port(s, v, "uvicorn", val, where, "8000", "`--port $PORT`");
		} else if (!no_host && !var_set(s, c, "UVICORN_PORT"))
			cmd001_port(s, v, "uvicorn", NULL, call->word, "8000", "`--port $PORT`");
		break;
	case DL_TOOL_GUNICORN:
	case DL_TOOL_HYPERCORN: {
		const char *tool = call->tool == DL_TOOL_GUNICORN ? "gunicorn" : "hypercorn";
		if (call->tool == DL_TOOL_GUNICORN &&
		    (var_set(s, c, "GUNICORN_CMD_ARGS") ||
		     dl_cmd_option(c, call->arg, "--config", "-c", &val, &where)))
			return;
		if (dl_cmd_option(c, call->arg, "--bind", "-b", &val, &where)) {
			if (!val)
				return;
			vw = where;
			if (!strncmp(val, "unix:", 5) || !strncmp(val, "fd://", 5))
				return;
			split_bind(val, &host, &port);
			if (host.len && bad_host(host.buf))
				report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path, word_region(v, vw),
				       "%s binds %s, which Render's proxy cannot reach (\"No open ports detected\"); bind `0.0.0.0:$PORT`",
				       tool, host.buf);
			else
				cmd001_port(s, v, tool, port ? port : "8000", vw, "8000",
					    "`--bind 0.0.0.0:$PORT`");
			dl_strbuf_release(&host);
		} else if (call->tool == DL_TOOL_HYPERCORN) {
			report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path, word_region(v, call->word),
			       "hypercorn without --bind listens on 127.0.0.1:8000, which Render's proxy cannot reach; add `--bind 0.0.0.0:$PORT`");
		}
		/* gunicorn without --bind binds 0.0.0.0:$PORT when PORT is set */
		break;
	}
	case DL_TOOL_FLASK:
		if (call->arg >= c->argc)
			return;
		{
			size_t i;
			int run = 0;
			for (i = call->arg; i < c->argc; i++)
				if (!strcmp(c->argv[i].text, "run"))
					run = 1;
			if (!run)
				return;
		}
		if (dl_cmd_option(c, call->arg, "--host", "-h", &val, &where)) {
			vw = where;
			if (val && bad_host(val))
				report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path, word_region(v, vw),
				       "flask run binds %s, which Render's proxy cannot reach; use `--host 0.0.0.0` (better: gunicorn)",
				       val);
		} else if (!var_set(s, c, "FLASK_RUN_HOST")) {
			report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path, word_region(v, call->word),
			       "flask run without --host binds 127.0.0.1, which Render's proxy cannot reach; serve the app with `gunicorn app:app` (or add `--host 0.0.0.0 --port $PORT`)");
			no_host = 1;
		}
		val = NULL;
		if (dl_cmd_option(c, call->arg, "--port", "-p", &val, &where)) {
			if (val)
				cmd001_port(s, v, "flask run", val, where, "5000", "`--port $PORT`");
		} else if (!no_host && !var_set(s, c, "FLASK_RUN_PORT"))
			cmd001_port(s, v, "flask run", NULL, call->word, "5000", "`--port $PORT`");
		break;
	case DL_TOOL_FASTAPI: {
		const struct dl_cmd_word *sub = call->arg < c->argc ? &c->argv[call->arg] : NULL;
		if (!sub || (strcmp(sub->text, "run") && strcmp(sub->text, "dev")))
			return;
		if (dl_cmd_option(c, call->arg, "--host", NULL, &val, &where)) {
			if (val && bad_host(val))
				report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path,
				       word_region(v, where),
				       "fastapi binds %s, which Render's proxy cannot reach; use `--host 0.0.0.0`",
				       val);
		} else if (!strcmp(sub->text, "dev")) {
			report(s->ctx, DL_RULE_CMD001, DL_LEVEL_NONE, v->file->path, word_region(v, sub),
			       "`fastapi dev` binds 127.0.0.1, which Render's proxy cannot reach; use `fastapi run --port $PORT`");
		}
		val = NULL;
		if (dl_cmd_option(c, call->arg, "--port", NULL, &val, &where)) {
			if (val)
				cmd001_port(s, v, "fastapi", val, where, "8000", "`--port $PORT`");
		} else
			cmd001_port(s, v, "fastapi", NULL, sub, "8000", "`--port $PORT`");
		break;
	}
	case DL_TOOL_PYTHON_FILE:
		if (v->target_file && dl_file_lintable(v->target_file) &&
		    dl_repo_load(s->ctx->repo, v->target_file) == 0)
			cmd001_python_file(s, v, v->target_file);
		break;
	default:
		break;
	}
}

/* ---- CMD002 ---- */

static const char *const gunicorn_valued[] = {
	"-b", "--bind", "-k", "--worker-class", "-w", "--workers", "-c",
	"--config", "-t", "--timeout", "--chdir", "--pythonpath", "--log-level",
	"--access-logfile", "--error-logfile", "--log-file", "-e", "--env",
	"--threads", "--max-requests", "--max-requests-jitter",
	"--graceful-timeout", "--keep-alive", "-p", "--pid", "-n", "--name",
	"-u", "--user", "-g", "--group", "-m", "--umask",
	"--forwarded-allow-ips", "--certfile", "--keyfile",
	"--worker-connections", "--backlog", "--access-logformat",
	"--log-config", "--statsd-host", "--statsd-prefix", "--worker-tmp-dir",
	"--limit-request-line", "--limit-request-fields",
	"--limit-request-field_size", "--proxy-allow-from", NULL
};

static const struct dl_cmd_word *
gunicorn_app(const struct dl_cmd_simple *c, size_t from)
{
	const struct dl_cmd_word *app = NULL;
	size_t i, k;
	for (i = from; i < c->argc; i++) {
		const char *a = c->argv[i].text;
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

static int
config_sets(struct dl_repo *repo, const char *path, const char *what)
{
	struct dl_file *f = dl_app_py_file(repo, path);
	return f && find_bytes(f->data, f->len, what) != NULL;
}

static void
cmd002(struct svc *s, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	const char *chdir_opt = NULL, *cfg = NULL;
	const struct dl_cmd_word *where = NULL, *app, *k_where = NULL;
	const char *worker = NULL;
	struct dl_file *mod;
	char *dir, *conf;
	char cls[64], attr[128];
	size_t an;
	int outside = 0;

	if (!v->cwd)
		return;
	app = gunicorn_app(c, v->call->arg);
	if (!app || app->expands)
		return;
	if (dl_cmd_option(c, v->call->arg, "--worker-class", "-k", &worker, &k_where) && !worker)
		return;
	if (var_set(s, c, "GUNICORN_CMD_ARGS"))
		return;
	dl_cmd_option(c, v->call->arg, "--chdir", NULL, &chdir_opt, &where);
	dir = chdir_opt ? dl_cmd_resolve(v->cwd, chdir_opt, 0, &outside) : dl_xstrdup(v->cwd);
	if (!dir || outside) {
		free(dir);
		return;
	}
	/* a config file may set worker_class */
	if (dl_cmd_option(c, v->call->arg, "--config", "-c", &cfg, &where)) {
		conf = cfg ? dl_cmd_resolve(dir, strncmp(cfg, "python:", 7) ? cfg : cfg + 7, 0, &outside) : NULL;
		if (!conf || config_sets(s->ctx->repo, conf, "worker_class") ||
		    !dl_repo_find(s->ctx->repo, conf)) {
			free(conf);
			free(dir);
			return;
		}
		free(conf);
	} else {
		conf = dl_path_join(v->cwd, "gunicorn.conf.py");
		if (config_sets(s->ctx->repo, conf, "worker_class")) {
			free(conf);
			free(dir);
			return;
		}
		free(conf);
	}
	if (worker) {
		/* the whole name, however long (a fixed copy cut it at 127) */
		size_t wn = strlen(worker);
		if (dl_contains_ci(worker, wn, "uvicorn") || dl_contains_ci(worker, wn, "asgi") ||
		    strchr(worker, '$')) {
			free(dir);
			return;
		}
	}
	mod = module_file(s->ctx->repo, dir, app->text);
	free(dir);
	if (!mod)
		return;
	an = strcspn(app->text, ":");
	if (app->text[an] == ':') {
		const char *a = app->text + an + 1;
		size_t n = strcspn(a, "(");
		if (!n || n >= sizeof(attr) || a[n] == '(')
			return; /* a factory call: not read */
		memcpy(attr, a, n);
		attr[n] = '\0';
	} else {
		memcpy(attr, "application", 12); /* gunicorn's default name */
	}
	if (!attr_constructor(mod, attr, cls, sizeof(cls)) || !is_asgi_class(cls))
		return;
	if (worker)
		report(s->ctx, DL_RULE_CMD002, DL_LEVEL_NONE, v->file->path,
		       word_region(v, k_where),
		       "gunicorn worker class `%s` speaks WSGI, but `%s` is a %s (ASGI) app, so every request fails with \"TypeError: __call__() missing ... 'send'\"; use `-k uvicorn.workers.UvicornWorker`",
		       worker, app->text, cls);
	else
		report(s->ctx, DL_RULE_CMD002, DL_LEVEL_NONE, v->file->path, word_region(v, app),
		       "gunicorn serves `%s`, a %s (ASGI) app, with its default WSGI worker, so every request fails with \"TypeError: __call__() missing ... 'send'\"; add `-k uvicorn.workers.UvicornWorker`",
		       app->text, cls);
}

/* ---- CMD003 ---- */

static void
cmd003(struct svc *s, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	const struct dl_cmd_call *call = v->call;
	const struct dl_cmd_word *w;
	size_t i;

	for (i = 0; i < c->assigns_nr; i++) {
		const char *a = c->assigns[i].text;
		if (!strcmp(a, "FLASK_DEBUG=1") || !strcmp(a, "FLASK_DEBUG=true") ||
		    !strcmp(a, "FLASK_DEBUG=True") || !strcmp(a, "FLASK_ENV=development"))
			report(s->ctx, DL_RULE_CMD003, DL_LEVEL_NONE, v->file->path,
			       word_region(v, &c->assigns[i]),
			       "`%s` runs Flask's debugger and reloader in production; remove it from the start command", a);
	}
	switch (call->tool) {
	case DL_TOOL_UVICORN:
	case DL_TOOL_GUNICORN:
	case DL_TOOL_HYPERCORN:
		if ((w = dl_cmd_flag(c, call->arg, "--reload")) != NULL)
			report(s->ctx, DL_RULE_CMD003, DL_LEVEL_NONE, v->file->path, word_region(v, w),
			       "`--reload` watches files and restarts %s in production, costing memory and restarts; remove it from the start command",
			       call->name);
		break;
	case DL_TOOL_FLASK:
		if ((w = dl_cmd_flag(c, call->arg, "--debug")) != NULL ||
		    (w = dl_cmd_flag(c, call->arg, "--reload")) != NULL)
			report(s->ctx, DL_RULE_CMD003, DL_LEVEL_NONE, v->file->path, word_region(v, w),
			       "`%s` runs Flask's debugger or reloader in production; serve the app with gunicorn instead",
			       w->text);
		break;
	case DL_TOOL_FASTAPI:
		if (call->arg < c->argc && !strcmp(c->argv[call->arg].text, "dev"))
			report(s->ctx, DL_RULE_CMD003, DL_LEVEL_NONE, v->file->path,
			       word_region(v, &c->argv[call->arg]),
			       "`fastapi dev` runs with auto-reload for development; use `fastapi run` in production");
		else if ((w = dl_cmd_flag(c, call->arg, "--reload")) != NULL)
			report(s->ctx, DL_RULE_CMD003, DL_LEVEL_NONE, v->file->path, word_region(v, w),
			       "`--reload` watches files and restarts the server in production; remove it");
		break;
	default:
		break;
	}
}

/* ---- CMD004 ---- */

static int
in_alembic_location(const struct dl_alembic *a, const char *path)
{
	size_t i;
	for (i = 0; i < a->locs_nr; i++)
		if (a->locs[i].dir && dl_path_is_under(path, a->locs[i].dir))
			return 1;
	return 0;
}

static void
cmd004(struct svc *s, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_call *call = v->call;
	struct dl_file *f = NULL;
	const struct dl_cmd_word *w = call->word;
	const char *hit, *dir;
	char *folder;

	if (!s->ctx->alembic->locs_nr)
		return;
	if (call->tool == DL_TOOL_PYTHON_FILE && v->target_file) {
		f = dl_app_py_file(s->ctx->repo, v->target_file->path);
		w = call->script;
	} else if (call->tool == DL_TOOL_OTHER && call->via_module && v->cwd) {
		f = module_file(s->ctx->repo, v->cwd, call->name);
	}
	if (!f || in_alembic_location(s->ctx->alembic, f->path))
		return;
	hit = find_bytes(f->data, f->len, "create_all(");
	while (hit && outside_code(f, hit))
		hit = find_bytes(hit + 11, f->len - (size_t)(hit + 11 - f->data), "create_all(");
	if (hit) {
		struct dl_finding *fd = report(s->ctx, DL_RULE_CMD004, DL_LEVEL_NONE, v->file->path,
					       word_region(v, w),
					       "the deploy runs `%s`, which creates tables with metadata.create_all() although this repository migrates its schema with Alembic; tables made outside migrations drift from alembic_version: create them in an Alembic revision",
					       f->path);
		if (fd)
			dl_finding_add_related(fd, f->path, region_in(f, hit, 11),
					       "create_all() call");
		return;
	}
	folder = dl_path_dirname(f->path);
	dir = dl_path_basename(folder);
	if ((!strcmp(dir, "migrations") || !strcmp(dir, "migrate") || !strcmp(dir, "scripts")) &&
	    strstr(dl_path_basename(f->path), "migrat"))
		report(s->ctx, DL_RULE_CMD004, DL_LEVEL_NONE, v->file->path, word_region(v, w),
		       "the deploy runs the ad-hoc migration script `%s` beside Alembic; schema changes made outside revisions drift from alembic_version: turn it into an Alembic revision",
		       f->path);
	free(folder);
}

/* ---- walking a service ---- */

static void
visit(const struct dl_cmd_visit *v, void *payload)
{
	struct svc *s = payload;

	if (s->phase == PH_START) {
		if (s->web)
			cmd001(s, v);
		if (v->call->tool == DL_TOOL_GUNICORN)
			cmd002(s, v);
		if (s->dashboard) {
			remember_vars(s, v);
			return;
		}
		cmd003(s, v);
		dl_app_check_start(s->ctx, v);
	}
	cmd004(s, v);
	if (v->call->tool == DL_TOOL_FLASK)
		dl_app_check_flask(s->ctx, v,
				   !s->bp || var_set(s, v->call->cmd, "FLASK_APP") ||
					   from_group(s->bp));
	remember_vars(s, v);
}

/* Hands every command the model walked for one deploy command to visit(). */
static void
run_steps(struct svc *s, const struct dl_deploy_cmd *cmd, enum phase ph)
{
	size_t i;

	if (!cmd)
		return;
	s->phase = ph;
	for (i = 0; i < cmd->steps_nr; i++)
		visit(&cmd->steps[i].visit, s);
}

static void
svc_release(struct svc *s)
{
	size_t i;
	for (i = 0; i < s->vars_nr; i++)
		free(s->vars[i]);
	free(s->vars);
}

static void
check_service(struct dl_check_ctx *ctx, const struct dl_model_service *ms)
{
	const struct dl_bp_service *bs = ms->bs;
	struct svc s;
	struct dl_strbuf label = DL_STRBUF_INIT;

	if (!bs->runtime_s || (strcmp(bs->runtime_s, "python") && !ms->docker) ||
	    bs->root_dir_outside || (*bs->work_dir && !dl_repo_has_dir(ctx->repo, bs->work_dir)))
		return; /* static sites, images, other runtimes: not ours */
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.bp = bs;
	s.work_dir = bs->work_dir;
	dl_strbuf_addf(&label, "service `%s`", bs->name_s ? bs->name_s : "(unnamed)");
	s.label = label.buf;
	s.web = bs->type_s && !strcmp(bs->type_s, "web");
	if (ms->docker) {
		/* the image's ENV is the container's environment */
		size_t i;
		for (i = 0; i < ms->docker->env_nr; i++) {
			DL_ALLOC_GROW(s.vars, s.vars_nr + 1, s.vars_alloc);
			s.vars[s.vars_nr++] = dl_xstrdup(ms->docker->env[i]);
		}
		run_steps(&s, ms->docker->pre_deploy, PH_PREDEPLOY);
		run_steps(&s, ms->docker->start, PH_START);
	}
	run_steps(&s, ms->cmds[DL_PHASE_BUILD], PH_BUILD);
	run_steps(&s, ms->cmds[DL_PHASE_PRE_DEPLOY], PH_PREDEPLOY);
	run_steps(&s, ms->cmds[DL_PHASE_START], PH_START);
	svc_release(&s);
	dl_strbuf_release(&label);
}

/* Procfile `web:` lines, when no Blueprint gives a start command. */
static void
check_procfile(struct dl_check_ctx *ctx, const struct dl_deploy_cmd *cmd)
{
	struct svc s;

	if (strcmp(cmd->process, "web") != 0)
		return;
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.work_dir = cmd->cwd;
	s.label = cmd->file->path;
	s.web = 1;
	run_steps(&s, cmd, PH_START);
	svc_release(&s);
}

/* A Dockerfile that a dashboard Docker service builds (no render.yaml;
 * dl_model.dashboard): CMD001 and CMD002 judge its ENTRYPOINT/CMD as a
 * web service's start command, the image's ENV names counting as set. */
static void
check_dashboard(struct dl_check_ctx *ctx, const struct dl_model_docker *d)
{
	struct svc s;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.work_dir = d->context;
	s.label = d->dockerfile->path;
	s.web = 1;
	s.dashboard = 1;
	for (i = 0; i < d->env_nr; i++) {
		DL_ALLOC_GROW(s.vars, s.vars_nr + 1, s.vars_alloc);
		s.vars[s.vars_nr++] = dl_xstrdup(d->env[i]);
	}
	run_steps(&s, d->start, PH_START);
	svc_release(&s);
}

void
dl_check_cmd(struct dl_check_ctx *ctx)
{
	const struct dl_model *m = dl_ctx_model(ctx);
	size_t i, j;
	int have_start = 0;

	for (i = 0; i < m->blueprints_nr; i++) {
		const struct dl_model_blueprint *mb = &m->blueprints[i];
		if (mb->parse_error)
			continue; /* PARSE001 reports it */
		for (j = 0; j < mb->bp.services_nr; j++) {
			if (mb->bp.services[j].start_command)
				have_start = 1;
			check_service(ctx, &mb->services[j]);
		}
	}
	if (!have_start)
		for (i = 0; i < m->procfile_nr; i++)
			check_procfile(ctx, &m->procfile[i]);
	for (i = 0; i < m->dashboard_nr; i++)
		check_dashboard(ctx, m->dashboard[i]);
	dl_check_docker_commands(ctx); /* CMD005 (src/rules/docker.c) */
	dl_check_dockerfiles(ctx);     /* CMD006 (src/rules/docker.c) */
	dl_strset_release(&seen);
	dl_app_release();
}
