/*
 * deploylint: Render platform facts (RND011-RND013), part of the RND
 * family: free Render Postgres expires, server workers on a 512 MB
 * instance, and a healthCheckPath that no route of the application
 * defines.
 */
#include "rules/platform.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/blueprint.h"
#include "deploylint/command.h"
#include "deploylint/pytok.h"
#include "deploylint/util.h"

static struct dl_region
node_region(const struct dl_yaml_node *n)
{
	struct dl_region r = dl_region_span(n->start.line, n->start.col, 1);
	if (n->end.line == n->start.line && n->end.col > n->start.col)
		r.end_col = n->end.col;
	return r;
}

static const char *
svc_name(const struct dl_bp_service *s)
{
	return s->name_s ? s->name_s : "(unnamed)";
}

/* ---- RND011: free Render Postgres ---- */

static void
check_free_database(struct dl_check_ctx *ctx, const char *path, const struct dl_bp_database *d)
{
	if (!d->plan_s || strcmp(d->plan_s, "free") != 0)
		return;
	dl_report_add(ctx->report, dl_rule_get(DL_RULE_RND011), path, node_region(d->plan),
		      "database `%s` is on Render's free Postgres instance type, which expires 30 days after it is created (then 14 days to upgrade before Render deletes it, data included); use a paid plan such as basic-256mb for data you keep",
		      d->name_s ? d->name_s : "(unnamed)");
}

/* ---- RND012: workers on a 512 MB instance ---- */

/* The assumed resident memory of one worker process, in MB: a small
 * Flask or FastAPI application with SQLAlchemy and a driver loaded. */
#define WORKER_MB 128u
/* The memory of the free and starter instance types, in MB. */
#define SMALL_INSTANCE_MB 512u

/* A decimal count in s[0 .. n) (1..999), else 0. */
static unsigned
count_of(const char *s, size_t n)
{
	unsigned v = 0;
	size_t i;
	if (!n || n > 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (!dl_isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v;
}

/* WEB_CONCURRENCY's literal value in envVars `ev`, with its node. */
static const struct dl_yaml_node *
env_value(const struct dl_bp_envvars *ev, const char *key)
{
	size_t i;
	for (i = 0; i < ev->nr; i++) {
		const struct dl_bp_envvar *e = &ev->items[i];
		if (e->name && !strcmp(e->name, key) && e->source == DL_BP_SRC_VALUE && e->value &&
		    dl_bp_scalar(e->value))
			return e->value;
	}
	return NULL;
}

/* The service's WEB_CONCURRENCY: its own envVars, else the env groups it
 * names (first found). */
static const struct dl_yaml_node *
web_concurrency(const struct dl_blueprint *bp, const struct dl_bp_service *s)
{
	const struct dl_yaml_node *n = env_value(&s->env_vars, "WEB_CONCURRENCY");
	size_t i, g;

	for (i = 0; !n && i < s->env_vars.nr; i++) {
		const struct dl_bp_envvar *e = &s->env_vars.items[i];
		const char *gname = e->source == DL_BP_SRC_GROUP ? dl_bp_scalar(e->from_name) : NULL;
		for (g = 0; gname && !n && g < bp->groups_nr; g++)
			if (bp->groups[g].name_s && !strcmp(bp->groups[g].name_s, gname) &&
			    bp->groups[g].scope == s->scope)
				n = env_value(&bp->groups[g].env_vars, "WEB_CONCURRENCY");
	}
	return n;
}

/* Whether the service sets variable `key` at all (any source). */
static int
sets_var(const struct dl_bp_service *s, const char *key)
{
	size_t i;
	for (i = 0; i < s->env_vars.nr; i++)
		if (s->env_vars.items[i].name && !strcmp(s->env_vars.items[i].name, key))
			return 1;
	return 0;
}

/* "$WEB_CONCURRENCY", "${WEB_CONCURRENCY}", "${WEB_CONCURRENCY:-N}" */
static int
names_web_concurrency(const char *v, unsigned *deflt)
{
	*deflt = 0;
	if (!strcmp(v, "$WEB_CONCURRENCY") || !strcmp(v, "${WEB_CONCURRENCY}"))
		return 1;
	if (!strncmp(v, "${WEB_CONCURRENCY:-", 19)) {
		size_t n = strcspn(v + 19, "}");
		if (v[19 + n] == '}' && !v[20 + n])
			*deflt = count_of(v + 19, n);
		return 1;
	}
	return 0;
}

static void
check_workers(struct dl_check_ctx *ctx, const struct dl_model_blueprint *mb,
	      const struct dl_model_service *ms)
{
	const struct dl_bp_service *s = ms->bs;
	const struct dl_deploy_cmd *start = ms->cmds[DL_PHASE_START];
	const char *plan = s->plan_s ? s->plan_s : "starter";
	size_t i;

	if (!start || (strcmp(plan, "free") && strcmp(plan, "starter")))
		return;
	for (i = 0; i < start->steps_nr; i++) {
		const struct dl_cmd_visit *v = &start->steps[i].visit;
		const struct dl_cmd_call *call = v->call;
		const struct dl_cmd_simple *c = call->cmd;
		const struct dl_cmd_word *where = NULL;
		const struct dl_yaml_node *env = NULL;
		const char *val = NULL, *tool;
		struct dl_region reg;
		const char *path = v->file->path;
		unsigned n = 0, deflt = 0;
		int found;

		if (call->tool == DL_TOOL_GUNICORN)
			found = dl_cmd_option(c, call->arg, "--workers", "-w", &val, &where);
		else if (call->tool == DL_TOOL_UVICORN)
			found = dl_cmd_option(c, call->arg, "--workers", NULL, &val, &where);
		else
			continue;
		tool = call->tool == DL_TOOL_GUNICORN ? "gunicorn" : "uvicorn";
		if (found && !val)
			continue;
		if (!found) {
			/* a config file or GUNICORN_CMD_ARGS may set workers */
			if (call->tool == DL_TOOL_GUNICORN &&
			    (dl_cmd_option(c, call->arg, "--config", "-c", &val, &where) ||
			     sets_var(s, "GUNICORN_CMD_ARGS")))
				continue;
			val = "$WEB_CONCURRENCY";
		}
		if (names_web_concurrency(val, &deflt)) {
			env = web_concurrency(&mb->bp, s);
			if (env)
				n = count_of(dl_bp_scalar(env), strlen(dl_bp_scalar(env)));
			else if (!sets_var(s, "WEB_CONCURRENCY"))
				n = deflt;
		} else {
			n = count_of(val, strlen(val));
		}
		if (!n || n * WORKER_MB < SMALL_INSTANCE_MB)
			continue;
		if (env) {
			path = mb->bp.file->path;
			reg = node_region(env);
		} else {
			reg = dl_step_region(v, where);
		}
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_RND012), path, reg,
			      "%s starts %u worker processes on service `%s`, whose %s instance type has 512 MB; at about %u MB per worker (a small Flask/FastAPI app with SQLAlchemy; an assumption, apps that import pandas or ML libraries use more) they need %u MB or more, and Render restarts the service with \"Ran out of memory (used over 512MB)\"; run 2 workers (or measure), or use a standard instance (2 GB)",
			      tool, n, svc_name(s), s->plan_s ? s->plan_s : "default (starter)",
			      WORKER_MB, n * WORKER_MB);
	}
}

/* ---- RND013: healthCheckPath names no route ---- */

#define MAX_ROUTES 4096u
#define MAX_PREFIXES 64u
#define NAME_MAX_LEN 64u

/* A route: the object whose decorator or method declares it ("" for
 * Route(...)) and its path as written. */
struct route {
	char *obj, *path;
};

/* An APIRouter/Blueprint assigned to a name, with its own prefix ("" when
 * it has none). */
struct owned {
	char *obj, *prefix;
};

struct routes {
	struct route *v;
	size_t nr, alloc;
	struct owned *own;
	size_t own_nr, own_alloc;
	char **outer; /* include_router / register_blueprint prefixes */
	size_t outer_nr, outer_alloc;
	char **included; /* the objects include_router / register_blueprint take */
	size_t included_nr, included_alloc;
	int dynamic;   /* a route or prefix whose path is not a literal */
	int fastapi;   /* FastAPI( is called: /docs, /redoc, /openapi.json exist */
	int decorated; /* some route decorator or registration was read */
};

static int
tok_is(const char *src, const struct dl_pytoken *t, const char *w)
{
	size_t n = strlen(w);
	return t->end - t->start == n && !memcmp(src + t->start, w, n);
}

static int
tok_op(const char *src, const struct dl_pytoken *t, char c)
{
	return t->kind == DL_PYTOK_OP && t->end - t->start == 1 && src[t->start] == c;
}

/* Method names of route decorators and registration calls whose first
 * argument is the path (FastAPI/Starlette, Flask/Quart). */
static int
route_method(const char *src, const struct dl_pytoken *t)
{
	static const char *const names[] = {
		"get",
		"post",
		"put",
		"patch",
		"delete",
		"head",
		"options",
		"trace",
		"route",
		"api_route",
		"websocket",
		"add_url_rule",
		"add_api_route",
		"add_route",
		"add_websocket_route",
	};
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(names); i++)
		if (tok_is(src, t, names[i]))
			return 1;
	return 0;
}

static void
copy_name(char *out, const char *src, const struct dl_pytoken *t)
{
	size_t n = t->end - t->start;
	if (t->kind != DL_PYTOK_NAME || n >= NAME_MAX_LEN)
		n = 0;
	memcpy(out, src + t->start, n);
	out[n] = '\0';
}

/*
 * Reads route paths, router prefixes and dynamic registrations of one
 * Python file. A route: `.get(` / `.route(` ... called on an object in a
 * decorator, a registration method (add_url_rule(, add_api_route( ...) or
 * Route(/WebSocketRoute(, whose first argument (or path=/rule=) is a
 * string literal. A prefix: `prefix=` or `url_prefix=` with a string
 * literal, the router's own when it is an argument of APIRouter( or
 * Blueprint( assigned to a name, else an include_router /
 * register_blueprint prefix. Anything else in those places (a variable,
 * an f-string), and mount()/Mount(), make the routes unknowable.
 */
static void
scan_routes(const char *src, size_t len, struct routes *r)
{
	struct dl_pytok tz;
	struct dl_pytoken t, p1, p2;
	int want_arg = 0; /* 1: the next token opens the call; 2: is the first argument */
	int decorator_line = 0, kw = 0, ctor = 0, ctor_prefix = 0;
	char obj[NAME_MAX_LEN] = "", target[NAME_MAX_LEN] = "", callee[NAME_MAX_LEN] = "";
	char incl[NAME_MAX_LEN] = "";
	int in_incl = 0; /* reading the first argument of an include call */

	memset(&p1, 0, sizeof(p1));
	p1.kind = DL_PYTOK_NEWLINE;
	p2 = p1;
	dl_pytok_init(&tz, src, len);
	for (dl_pytok_next(&tz, &t); t.kind != DL_PYTOK_ENDMARKER; dl_pytok_next(&tz, &t)) {
		if (t.kind == DL_PYTOK_COMMENT || t.kind == DL_PYTOK_NL)
			continue;
		if (t.kind == DL_PYTOK_NEWLINE) {
			decorator_line = want_arg = kw = ctor = ctor_prefix = 0;
			target[0] = callee[0] = '\0';
			p1 = p2 = t;
			continue;
		}
		if (tok_op(src, &t, '@') && p1.kind == DL_PYTOK_NEWLINE)
			decorator_line = 1;
		/* NAME = APIRouter(...) / Blueprint(...) */
		if (tok_op(src, &t, '=') && t.depth == 0 && p1.kind == DL_PYTOK_NAME)
			copy_name(target, src, &p1);
		/* include_router(x.router, ...) / register_blueprint(bp, ...):
		 * remember the object (its last dotted name) */
		if (in_incl) {
			if (t.kind == DL_PYTOK_NAME)
				copy_name(incl, src, &t);
			else if (!tok_op(src, &t, '.')) {
				if (incl[0] && r->included_nr < MAX_PREFIXES) {
					DL_ALLOC_GROW(r->included, r->included_nr + 1, r->included_alloc);
					r->included[r->included_nr++] = dl_xstrdup(incl);
				} else if (!incl[0]) {
					r->dynamic = 1;
				}
				in_incl = 0;
			}
		}
		if (tok_op(src, &t, '(') && p1.kind == DL_PYTOK_NAME &&
		    (tok_is(src, &p1, "include_router") || tok_is(src, &p1, "register_blueprint"))) {
			in_incl = 1;
			incl[0] = '\0';
		}
		if (tok_op(src, &t, '(') && p1.kind == DL_PYTOK_NAME) {
			copy_name(callee, src, &p1);
			if (t.depth == 0 && target[0] &&
			    (tok_is(src, &p1, "APIRouter") || tok_is(src, &p1, "Blueprint")))
				ctor = 1;
		}
		if (ctor && tok_op(src, &t, ')') && t.depth == 0) {
			if (!ctor_prefix && r->own_nr < MAX_PREFIXES) {
				DL_ALLOC_GROW(r->own, r->own_nr + 1, r->own_alloc);
				r->own[r->own_nr].obj = dl_xstrdup(target);
				r->own[r->own_nr++].prefix = dl_xstrdup("");
			}
			ctor = 0;
		}
		if (want_arg == 1) {
			want_arg = tok_op(src, &t, '(') ? 2 : 0;
		} else if (want_arg == 2) {
			if (t.kind == DL_PYTOK_NAME && (tok_is(src, &t, "path") || tok_is(src, &t, "rule"))) {
				kw = 1; /* path="/x": the string follows '=' */
			} else if (kw && tok_op(src, &t, '=')) {
				/* keep waiting for the string */
			} else if (t.kind == DL_PYTOK_STRING && !(t.flags & DL_PYTOK_FSTRING)) {
				if (r->nr < MAX_ROUTES) {
					DL_ALLOC_GROW(r->v, r->nr + 1, r->alloc);
					r->v[r->nr].obj = dl_xstrdup(obj);
					r->v[r->nr++].path = dl_xstrndup(src + t.body, t.body_end - t.body);
				}
				r->decorated = 1;
				want_arg = kw = 0;
			} else {
				r->dynamic = 1;
				want_arg = kw = 0;
			}
		}
		if (t.kind == DL_PYTOK_NAME) {
			int dotted = tok_op(src, &p1, '.');
			if (route_method(src, &t) && dotted &&
			    (decorator_line || !strncmp(src + t.start, "add_", 4))) {
				copy_name(obj, src, &p2);
				want_arg = 1;
			} else if (tok_is(src, &t, "Route") || tok_is(src, &t, "WebSocketRoute")) {
				obj[0] = '\0';
				want_arg = 1;
			}
			if (tok_is(src, &t, "mount") || tok_is(src, &t, "Mount") ||
			    tok_is(src, &t, "register_api") || tok_is(src, &t, "add_resource"))
				r->dynamic = 1;
			if (tok_is(src, &t, "FastAPI"))
				r->fastapi = 1;
		}
		/* prefix="..." / url_prefix="..." inside a call */
		if (p2.kind == DL_PYTOK_NAME && (tok_is(src, &p2, "prefix") || tok_is(src, &p2, "url_prefix")) &&
		    tok_op(src, &p1, '=') && p2.depth > 0) {
			if (t.kind != DL_PYTOK_STRING || (t.flags & DL_PYTOK_FSTRING)) {
				r->dynamic = 1;
			} else if (ctor && (!strcmp(callee, "APIRouter") || !strcmp(callee, "Blueprint"))) {
				ctor_prefix = 1;
				if (r->own_nr < MAX_PREFIXES) {
					DL_ALLOC_GROW(r->own, r->own_nr + 1, r->own_alloc);
					r->own[r->own_nr].obj = dl_xstrdup(target);
					r->own[r->own_nr++].prefix =
						dl_xstrndup(src + t.body, t.body_end - t.body);
				}
			} else if (r->outer_nr < MAX_PREFIXES) {
				DL_ALLOC_GROW(r->outer, r->outer_nr + 1, r->outer_alloc);
				r->outer[r->outer_nr++] = dl_xstrndup(src + t.body, t.body_end - t.body);
			}
		}
		p2 = p1;
		p1 = t;
	}
}

/* Whether route pattern pat[0 .. pn) matches path[0 .. n): segments equal,
 * a {param} or <param> segment matching any one segment ({p:path} and
 * <path:p> any rest), trailing slashes ignored. */
static int
route_matches(const char *pat, size_t pn, const char *path, size_t n)
{
	while (pn && pat[pn - 1] == '/')
		pn--;
	while (n && path[n - 1] == '/')
		n--;
	for (;;) {
		size_t a, b;
		while (pn && *pat == '/') {
			pat++;
			pn--;
		}
		while (n && *path == '/') {
			path++;
			n--;
		}
		if (!pn || !n)
			return !pn && !n;
		a = 0;
		while (a < pn && pat[a] != '/')
			a++;
		b = 0;
		while (b < n && path[b] != '/')
			b++;
		if ((pat[0] == '{' && pat[a - 1] == '}') || (pat[0] == '<' && pat[a - 1] == '>')) {
			if (dl_memmem(pat, a, ":path", 5) || !strncmp(pat, "<path:", 6))
				return 1;
		} else if (a != b || memcmp(pat, path, a) != 0) {
			return 0;
		}
		pat += a;
		pn -= a;
		path += b;
		n -= b;
	}
}

/* Whether `own` + route path, alone or under one or two outer prefixes,
 * matches path[0 .. n). */
static int
under_prefixes(const struct routes *r, const char *own, const char *route, const char *path,
	       size_t n)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t j, k;
	int hit;

	dl_strbuf_addf(&sb, "%s/%s", own, route);
	hit = route_matches(sb.buf, sb.len, path, n);
	for (j = 0; j < r->outer_nr && !hit; j++) {
		dl_strbuf_reset(&sb);
		dl_strbuf_addf(&sb, "%s/%s/%s", r->outer[j], own, route);
		hit = route_matches(sb.buf, sb.len, path, n);
		for (k = 0; k < r->outer_nr && !hit; k++) {
			dl_strbuf_reset(&sb);
			dl_strbuf_addf(&sb, "%s/%s/%s/%s", r->outer[k], r->outer[j], own, route);
			hit = route_matches(sb.buf, sb.len, path, n);
		}
	}
	dl_strbuf_release(&sb);
	return hit;
}

static int
route_defined(const struct routes *r, const char *path)
{
	size_t n = strcspn(path, "?#"), i, k;

	if (r->fastapi && (route_matches("/docs", 5, path, n) ||
			   route_matches("/redoc", 6, path, n) ||
			   route_matches("/openapi.json", 13, path, n)))
		return 1;
	for (i = 0; i < r->nr; i++) {
		int declared = 0;
		/* the router's own prefix: each object of that name, or none */
		for (k = 0; k < r->own_nr; k++) {
			if (strcmp(r->own[k].obj, r->v[i].obj) != 0)
				continue;
			declared = 1;
			if (under_prefixes(r, r->own[k].prefix, r->v[i].path, path, n))
				return 1;
		}
		if (!declared && under_prefixes(r, "", r->v[i].path, path, n))
			return 1;
	}
	return 0;
}

/* Whether every object an include call takes is one whose routes or
 * constructor the files declare (a router or blueprint of an installed
 * package, such as a health-check extension, brings routes we cannot see). */
static int
includes_known(const struct routes *r)
{
	size_t i, k;
	for (i = 0; i < r->included_nr; i++) {
		int known = 0;
		for (k = 0; k < r->nr && !known; k++)
			known = !strcmp(r->v[k].obj, r->included[i]);
		for (k = 0; k < r->own_nr && !known; k++)
			known = !strcmp(r->own[k].obj, r->included[i]);
		if (!known)
			return 0;
	}
	return 1;
}

static void
routes_release(struct routes *r)
{
	size_t i;
	for (i = 0; i < r->nr; i++) {
		free(r->v[i].obj);
		free(r->v[i].path);
	}
	for (i = 0; i < r->own_nr; i++) {
		free(r->own[i].obj);
		free(r->own[i].prefix);
	}
	for (i = 0; i < r->outer_nr; i++)
		free(r->outer[i]);
	for (i = 0; i < r->included_nr; i++)
		free(r->included[i]);
	free(r->included);
	free(r->v);
	free(r->own);
	free(r->outer);
}

/* Files that are not the application: tests, virtualenvs, vendored trees. */
static int
skipped_path(const char *p)
{
	static const char *const parts[] = {
		"test/",
		"tests/",
		"venv/",
		".venv/",
		"site-packages/",
		"node_modules/",
		"migrations/",
		"alembic/",
	};
	const char *base = dl_path_basename(p);
	size_t i;

	if (!strncmp(base, "test_", 5) || strstr(base, "_test.py") || !strcmp(base, "conftest.py"))
		return 1;
	for (i = 0; i < DL_ARRAY_SIZE(parts); i++) {
		const char *hit = strstr(p, parts[i]);
		if (hit && (hit == p || hit[-1] == '/'))
			return 1;
	}
	return 0;
}

static void
check_health_path(struct dl_check_ctx *ctx, const struct dl_model_blueprint *mb,
		  const struct dl_bp_service *s)
{
	const char *hp = dl_bp_scalar(s->health_check_path);
	struct dl_repo *repo = ctx->repo;
	struct routes r;
	size_t i;

	if (!hp || hp[0] != '/' || strchr(hp, '$') || s->root_dir_outside ||
	    !dl_bp_service_is_python(s) || !s->type_s || strcmp(s->type_s, "web"))
		return;
	memset(&r, 0, sizeof(r));
	for (i = 0; i < repo->nr && !r.dynamic; i++) {
		struct dl_file *f = &repo->files[i];
		const char *rel;
		if (*s->work_dir && !dl_path_is_under(f->path, s->work_dir))
			continue;
		rel = *s->work_dir ? f->path + strlen(s->work_dir) + 1 : f->path;
		/* Django: urls.py routes are another language */
		if (!strcmp(dl_path_basename(f->path), "manage.py") ||
		    !strcmp(dl_path_basename(f->path), "urls.py")) {
			r.dynamic = 1;
			break;
		}
		if (f->kind != DL_KIND_PYTHON || skipped_path(rel) || !dl_file_lintable(f) ||
		    dl_repo_load(repo, f) < 0)
			continue;
		scan_routes(f->data, f->len, &r);
	}
	if (!r.dynamic && r.decorated && includes_known(&r) && !route_defined(&r, hp))
		dl_report_add(ctx->report, dl_rule_get(DL_RULE_RND013), mb->bp.file->path,
			      node_region(s->health_check_path),
			      "healthCheckPath `%s` of service `%s` matches no route that the route decorators and registrations in %s define, so the health check gets 404 and Render fails the deploy instead of routing traffic to it; add the route or fix the path",
			      hp, svc_name(s), *s->work_dir ? s->work_dir : "the repository");
	routes_release(&r);
}

/* ---- RND009's case hint ---- */

char *
dl_platform_case_twin(struct dl_repo *repo, const char *path)
{
	size_t n = strlen(path);
	const struct dl_file *f;

	if (!n || dl_repo_find(repo, path) || dl_repo_has_dir(repo, path))
		return NULL;
	f = dl_repo_find_nocase(repo, path);
	if (!f)
		return NULL;
	return f->path[n] ? dl_xstrndup(f->path, n) : dl_xstrdup(f->path);
}

/* ---- entry ---- */

void
dl_platform_check(struct dl_check_ctx *ctx, const struct dl_model_blueprint *mb)
{
	const struct dl_blueprint *bp = &mb->bp;
	size_t i;

	for (i = 0; i < bp->databases_nr; i++)
		check_free_database(ctx, bp->file->path, &bp->databases[i]);
	for (i = 0; i < bp->services_nr; i++) {
		const struct dl_bp_service *s = &bp->services[i];
		if (!dl_bp_service_is_python(s) || s->root_dir_outside)
			continue;
		check_workers(ctx, mb, &mb->services[i]);
		check_health_path(ctx, mb, s);
	}
}
