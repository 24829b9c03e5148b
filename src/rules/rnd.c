/*
 * deploylint: the RND family (render.yaml Blueprints: structure, values,
 * envVars, references, plans, deprecated fields, location, files named by
 * commands).
 */
#include "rules/check.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/blueprint.h"
#include "deploylint/command.h"
#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/model.h"
#include "deploylint/pytok.h"
#include "deploylint/secretclass.h"
#include "deploylint/secrets.h"
#include "deploylint/util.h"
#include "rules/platform.h"

/* A name of the Blueprint (service, database or env group) for lookups. */
struct named {
	const char *name;
	size_t scope;
	size_t index; /* into bp->services/databases/groups */
};

struct rnd {
	struct dl_check_ctx *ctx;
	const struct dl_model_blueprint *mb;
	const struct dl_blueprint *bp;
	const char *path;
	/* key nodes already reported (a merged anchor is reported once):
	 * a set of node pointers (their bytes as keys) */
	struct dl_hashmap seen;
	/* "did you mean" searches left (DL_MAX_BP_SUGGESTIONS) */
	size_t budget;
	/* names sorted by (name, scope) */
	struct named *svcs, *dbs, *grps;
	size_t svcs_nr, dbs_nr, grps_nr;
};

/* ---- helpers ---- */

static struct dl_region
node_region(const struct dl_yaml_node *n)
{
	struct dl_region r;

	if (!n)
		return dl_region_span(1, 1, 0);
	r = dl_region_span(n->start.line, n->start.col, 1);
	if (n->end.line == n->start.line && n->end.col > n->start.col)
		r.end_col = n->end.col;
	else if (n->type == DL_YAML_SCALAR && n->end.line > n->start.line) {
		r.end_line = n->end.line;
		r.end_col = n->end.col;
	}
	return r;
}

static const char *
shape_name(const struct dl_yaml_node *n)
{
	n = dl_yaml_resolve(n);
	if (!n)
		return "nothing";
	switch (n->type) {
	case DL_YAML_SCALAR: return n->scalar_len ? "scalar" : "empty value";
	case DL_YAML_SEQUENCE: return "list";
	case DL_YAML_MAPPING: return "mapping";
	case DL_YAML_ALIAS: break;
	}
	return "value";
}

/* 1 the first time n is seen, then 0. */
static int
seen_once(struct rnd *r, const struct dl_yaml_node *n)
{
	/* the key is the pointer's value as bytes, copied by the set */
	uintptr_t key = (uintptr_t)n;
	return dl_hashmap_add(&r->seen, &key, sizeof(key), NULL);
}

/* Takes one "did you mean" search from the budget; 0 when none is left. */
static int
may_suggest(struct rnd *r)
{
	if (!r->budget)
		return 0;
	r->budget--;
	return 1;
}

static int
named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	if (x->scope != y->scope)
		return x->scope < y->scope ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The first entry named `name` (any scope) in sorted v, or NULL. */
static const struct named *
named_find(const struct named *v, size_t n, const char *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].name, name) ? &v[lo] : NULL;
}

/* Whether sorted v holds `name` in `scope` (*other set when only in
 * another scope). Returns the entry in scope, or NULL. */
static const struct named *
named_in_scope(const struct named *v, size_t n, const char *name, size_t scope,
	       int *other)
{
	const struct named *e = named_find(v, n, name), *end = v + n;
	*other = 0;
	for (; e && e < end && !strcmp(e->name, name); e++) {
		if (e->scope == scope)
			return e;
		*other = 1;
	}
	return NULL;
}

static struct named *
index_names(const void *base, size_t nr, size_t stride, size_t name_off,
	    size_t scope_off, size_t *out_nr)
{
	struct named *v = dl_xcalloc(nr ? nr : 1, sizeof(*v));
	size_t i, k = 0;
	for (i = 0; i < nr; i++) {
		const char *item = (const char *)base + i * stride;
		const char *name;
		size_t scope;
		memcpy(&name, item + name_off, sizeof(name));
		memcpy(&scope, item + scope_off, sizeof(scope));
		if (!name)
			continue;
		v[k].name = name;
		v[k].scope = scope;
		v[k].index = i;
		k++;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), named_cmp);
	*out_nr = k;
	return v;
}

/* Up to 255 names of sorted v in `scope`, NULL-terminated, for
 * dl_nearest_word(). */
static void
scope_words(const struct named *v, size_t n, size_t scope, const char **words,
	    size_t max)
{
	size_t i, k = 0;
	for (i = 0; i < n && k + 1 < max; i++)
		if (v[i].scope == scope && (!k || strcmp(words[k - 1], v[i].name)))
			words[k++] = v[i].name;
	words[k] = NULL;
}

static const char *
svc_label(const struct dl_bp_service *s)
{
	return s->name_s ? s->name_s : "(unnamed)";
}

/* Whether a plain YAML scalar is the boolean `value` (Go yaml and PyYAML
 * both accept these spellings). */
static int
is_bool(const struct dl_yaml_node *n, int value)
{
	const char *s;
	n = dl_yaml_resolve(n);
	if (!n || n->type != DL_YAML_SCALAR || n->style != DL_YAML_PLAIN)
		return 0;
	s = n->scalar;
	if (value)
		return !strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE");
	return !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE");
}

/* ---- RND001: keys and shapes ---- */

static const char *const keyset_what[DL_BP_KEYS__COUNT] = {
	"a Blueprint top-level field", "a service field", "a database field",
	"an envVarGroups field", "an envVars field", "a fromDatabase field",
	"a fromService field", "a previews field", "a projects field",
	"an environments field", "a scaling field", "a disk field",
	"a buildFilter field"
};

static void
check_keys(struct rnd *r, const struct dl_yaml_node *map, enum dl_bp_keyset set)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND001);
	const struct dl_yaml_pair **pairs = NULL;
	size_t n, i;

	n = dl_bp_pairs(map, &pairs);
	for (i = 0; i < n; i++) {
		const struct dl_yaml_node *k = dl_yaml_resolve(pairs[i]->key);
		const char *key = dl_bp_scalar(k), *hint;
		if (!key || dl_bp_key_known(set, key) || !seen_once(r, k))
			continue;
		if (!may_suggest(r))
			break; /* DL_MAX_BP_SUGGESTIONS: enough said about this file */
		if ((hint = dl_bp_key_hint(set, key)))
			dl_report_add(r->ctx->report, rule, r->path, node_region(k),
				      "`%s` is not %s: %s", key, keyset_what[set], hint);
		else if ((hint = dl_bp_key_suggest(set, key)))
			dl_report_add(r->ctx->report, rule, r->path, node_region(k),
				      "`%s` is not %s; did you mean `%s`?",
				      key, keyset_what[set], hint);
		else
			dl_report_add_level(r->ctx->report, rule, DL_LEVEL_WARNING,
					    r->path, node_region(k),
					    "`%s` is not %s deploylint knows; check the Blueprint reference and remove or rename it",
					    key, keyset_what[set]);
	}
	free(pairs);
}

static void
check_sub_keys(struct rnd *r, const struct dl_yaml_node *map, const char *key,
	       enum dl_bp_keyset set)
{
	const struct dl_yaml_node *v = dl_yaml_get(map, key);
	if (v && v->type == DL_YAML_MAPPING)
		check_keys(r, v, set);
}

static void
check_lists(struct rnd *r)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND001);
	size_t i, k;

	for (i = 0; i < r->bp->lists_nr; i++) {
		const struct dl_bp_list *l = &r->bp->lists[i];
		const char *name = dl_bp_scalar(l->key);
		const struct dl_yaml_node *v = l->value;
		if (!v || (v->type == DL_YAML_SCALAR && v->style == DL_YAML_PLAIN &&
			   (!v->scalar_len || !strcmp(v->scalar, "null") ||
			    !strcmp(v->scalar, "~"))))
			continue; /* `services:` with nothing: an empty list */
		if (v->type != DL_YAML_SEQUENCE) {
			dl_report_add(r->ctx->report, rule, r->path, node_region(v),
				      "`%s` must be a list (items starting with `- `), not a %s",
				      name, shape_name(v));
			continue;
		}
		for (k = 0; k < v->items_nr; k++) {
			const struct dl_yaml_node *it = dl_yaml_resolve(v->items[k]);
			if (it && it->type != DL_YAML_MAPPING)
				dl_report_add(r->ctx->report, rule, r->path, node_region(it),
					      "this `%s` item is a %s, not a mapping of fields (`name:`, ...)",
					      name, shape_name(it));
		}
	}
}

static int
is_native_runtime(const char *rt)
{
	return rt && strcmp(rt, "docker") && strcmp(rt, "image") && strcmp(rt, "static");
}

/* Whether the service has a misspelt key that stands for `key`. */
static int
misspelt(struct rnd *r, const struct dl_bp_service *s, const char *key)
{
	const struct dl_yaml_pair **pairs = NULL;
	size_t n = dl_bp_pairs(s->node, &pairs), i;
	int found = 0;
	for (i = 0; i < n && !found; i++) {
		const char *k = dl_bp_scalar(pairs[i]->key), *hint;
		if (!k || dl_bp_key_known(DL_BP_KEYS_SERVICE, k))
			continue;
		if (!may_suggest(r))
			break;
		hint = dl_bp_key_suggest(DL_BP_KEYS_SERVICE, k);
		found = hint && !strcmp(hint, key);
	}
	free(pairs);
	return found;
}

static void
check_service_structure(struct rnd *r, const struct dl_bp_service *s)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND001);
	const struct dl_yaml_node *name_key = dl_yaml_get_key(s->node, "name");
	struct dl_region at = node_region(name_key ? s->name : s->node);
	int keyvalue = s->type_s && (!strcmp(s->type_s, "keyvalue") ||
				     !strcmp(s->type_s, "redis"));

	check_keys(r, s->node, DL_BP_KEYS_SERVICE);
	check_sub_keys(r, s->node, "scaling", DL_BP_KEYS_SCALING);
	check_sub_keys(r, s->node, "disk", DL_BP_KEYS_DISK);
	check_sub_keys(r, s->node, "buildFilter", DL_BP_KEYS_BUILD_FILTER);
	check_sub_keys(r, s->node, "previews", DL_BP_KEYS_PREVIEWS);

	{
		static const char *const scalars[] = {
			"name", "rootDir", "buildCommand", "startCommand",
			"preDeployCommand", "healthCheckPath", "dockerfilePath",
			"dockerContext", "dockerCommand", "branch", "repo",
			"staticPublishPath", "schedule"
		};
		size_t k;
		for (k = 0; k < DL_ARRAY_SIZE(scalars); k++) {
			const struct dl_yaml_node *v = dl_yaml_get(s->node, scalars[k]);
			if (v && v->type != DL_YAML_SCALAR)
				dl_report_add(r->ctx->report, rule, r->path, node_region(v),
					      "`%s` of service `%s` must be a single string, not a %s%s",
					      scalars[k], svc_label(s), shape_name(v),
					      strstr(scalars[k], "Command") ? "; join several commands with `&&` or use a `|` block" : "");
		}
	}
	if (!s->name_s || !*s->name_s)
		dl_report_add(r->ctx->report, rule, r->path, node_region(s->node),
			      "this service has no `name`; every Blueprint service needs a unique name");
	if (!s->type_s && !misspelt(r, s, "type"))
		dl_report_add(r->ctx->report, rule, r->path, at,
			      "service `%s` has no `type`; add `type: web` (or pserv, worker, cron, keyvalue)",
			      svc_label(s));
	if (!keyvalue && s->type_s && !s->runtime_s && !misspelt(r, s, "runtime"))
		dl_report_add(r->ctx->report, rule, r->path, at,
			      "service `%s` has no `runtime`; add `runtime: python` (or docker, node, static, ...)",
			      svc_label(s));
	if (!keyvalue && s->type_s && strcmp(s->type_s, "static") &&
	    is_native_runtime(s->runtime_s) &&
	    dl_bp_value_status(DL_BP_VAL_RUNTIME, s->runtime_s) != DL_BP_UNKNOWN &&
	    !s->start_command && !misspelt(r, s, "startCommand"))
		dl_report_add(r->ctx->report, rule, r->path, at,
			      "%s service `%s` has no `startCommand`, so Render cannot start it; add one%s",
			      s->type_s, svc_label(s),
			      !strcmp(s->runtime_s, "python") && !strcmp(s->type_s, "web") ? " such as `uvicorn app.main:app --host 0.0.0.0 --port $PORT`" : "");
}

static void
report_duplicates(struct rnd *r, const struct named *v, size_t n, int services)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND001);
	size_t i;

	for (i = 1; i < n; i++) {
		const struct dl_yaml_node *a, *b;
		struct dl_finding *f;
		if (strcmp(v[i].name, v[i - 1].name) || v[i].scope != v[i - 1].scope)
			continue;
		if (services) {
			a = r->bp->services[v[i].index].node;
			b = r->bp->services[v[i - 1].index].node;
		} else {
			a = r->bp->databases[v[i].index].node;
			b = r->bp->databases[v[i - 1].index].node;
		}
		if (a == b)
			continue; /* one node reached twice through an alias */
		/* report the later one, in document order */
		{
			size_t first = v[i - 1].index < v[i].index ? v[i - 1].index : v[i].index;
			size_t later = v[i - 1].index < v[i].index ? v[i].index : v[i - 1].index;
			const struct dl_yaml_node *ln = services ? r->bp->services[later].name : r->bp->databases[later].name;
			const struct dl_yaml_node *fn = services ? r->bp->services[first].name : r->bp->databases[first].name;
			f = dl_report_add(r->ctx->report, rule, r->path, node_region(ln),
					  services ? "service name `%s` is used twice in this Blueprint; Render needs unique service names: rename one" : "database name `%s` is used twice in this Blueprint; rename one",
					  v[i].name);
			dl_finding_add_related(f, r->path, node_region(fn), "first %s named `%s`",
					       services ? "service" : "database", v[i].name);
		}
	}
}

static void
check_duplicate_names(struct rnd *r)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND001);
	size_t i;

	report_duplicates(r, r->svcs, r->svcs_nr, 1);
	report_duplicates(r, r->dbs, r->dbs_nr, 0);
	for (i = 0; i < r->bp->databases_nr; i++)
		if (!r->bp->databases[i].name_s)
			dl_report_add(r->ctx->report, rule, r->path,
				      node_region(r->bp->databases[i].node),
				      "this database has no `name`; every Blueprint database needs a unique name");
}

/* ---- RND002: values ---- */

static int
is_compute_plan_id(const char *p)
{
	/* current compute plan ids such as "0.5c-512mb" or "1c-2g" */
	size_t i = 0;
	while (dl_isdigit((unsigned char)p[i]) || p[i] == '.')
		i++;
	if (!i || p[i] != 'c' || p[i + 1] != '-')
		return 0;
	i += 2;
	if (!dl_isdigit((unsigned char)p[i]))
		return 0;
	while (dl_isdigit((unsigned char)p[i]))
		i++;
	return !strcmp(p + i, "mb") || !strcmp(p + i, "gb") || !strcmp(p + i, "g");
}

static int
is_db_plan_family(const char *p)
{
	static const char *const fam[] = { "basic-", "pro-", "accelerated-",
					   "basic_", "pro_", "accelerated_" };
	size_t k, i;
	for (k = 0; k < DL_ARRAY_SIZE(fam); k++) {
		size_t n = strlen(fam[k]);
		if (strncmp(p, fam[k], n))
			continue;
		i = n;
		if (!dl_isdigit((unsigned char)p[i]))
			return 0;
		while (dl_isdigit((unsigned char)p[i]))
			i++;
		return !strcmp(p + i, "mb") || !strcmp(p + i, "gb");
	}
	return 0;
}

/*
 * A plan that Render still lists but no longer offers for new resources
 * (status "legacy" in rules/data/render-service-plans.tsv and
 * render-database-plans.tsv): the service or database keeps it once it
 * exists, but a Blueprint cannot create one on it.
 */
static void
report_legacy_plan(struct rnd *r, const struct dl_yaml_node *n,
		   enum dl_bp_valueset set, const char *v)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND002);
	size_t len = strlen(v), sfx = strlen("_legacy");

	if (set == DL_BP_VAL_DATABASE_PLAN) {
		dl_report_add_level(r->ctx->report, rule, DL_LEVEL_WARNING, r->path, node_region(n),
				    "database plan `%s` is a legacy Render Postgres plan: Render no longer accepts legacy plans for new databases, so a sync that creates this database fails (\"Legacy Postgres plans ... are no longer supported for new databases\"); a database already on it keeps it. Use a current plan such as basic-256mb",
				    v);
		return;
	}
	if (len > sfx && !strcmp(v + len - sfx, "_legacy"))
		dl_report_add_level(r->ctx->report, rule, DL_LEVEL_WARNING, r->path, node_region(n),
				    "plan `%s` is a grandfathered instance type that Render no longer offers for new services, so a sync that creates this service cannot use it; a service already on it keeps it. Use `%.*s` or a compute plan id such as 1c-2g",
				    v, (int)(len - sfx), v);
	else
		dl_report_add_level(r->ctx->report, rule, DL_LEVEL_WARNING, r->path, node_region(n),
				    "plan `%s` is a legacy Render plan that new services cannot use; use a current plan",
				    v);
}

static void
check_value(struct rnd *r, const struct dl_yaml_node *n, enum dl_bp_valueset set,
	    const char *field, const char *choices, enum dl_level level)
{
	const char *v = dl_bp_scalar(n), *hint;
	enum dl_bp_value_status st;
	if (!n)
		return;
	if (!v) {
		dl_report_add_level(r->ctx->report, dl_rule_get(DL_RULE_RND002), level, r->path,
				    node_region(n), "`%s` must be a single value (%s), not a %s",
				    field, choices, shape_name(n));
		return;
	}
	st = dl_bp_value_status(set, v);
	if (st == DL_BP_LEGACY &&
	    (set == DL_BP_VAL_SERVICE_PLAN || set == DL_BP_VAL_DATABASE_PLAN)) {
		report_legacy_plan(r, n, set, v);
		return;
	}
	if (st != DL_BP_UNKNOWN)
		return;
	if ((set == DL_BP_VAL_SERVICE_PLAN || set == DL_BP_VAL_KEYVALUE_PLAN) &&
	    is_compute_plan_id(v))
		return;
	if (set == DL_BP_VAL_DATABASE_PLAN && is_db_plan_family(v))
		return;
	hint = set == DL_BP_VAL_POSTGRES_MAJOR_VERSION ? NULL : dl_bp_value_suggest(set, v);
	if (hint)
		dl_report_add_level(r->ctx->report, dl_rule_get(DL_RULE_RND002), level, r->path,
				    node_region(n), "unknown %s `%s`; did you mean `%s`?",
				    field, v, hint);
	else
		dl_report_add_level(r->ctx->report, dl_rule_get(DL_RULE_RND002), level, r->path,
				    node_region(n), "unknown %s `%s`; use one of %s",
				    field, v, choices);
}

static void
check_service_values(struct rnd *r, const struct dl_bp_service *s)
{
	const struct dl_yaml_node *pv;
	int keyvalue = s->type_s && (!strcmp(s->type_s, "keyvalue") ||
				     !strcmp(s->type_s, "redis"));

	check_value(r, s->type, DL_BP_VAL_SERVICE_TYPE, "service type",
		    "web, pserv, worker, cron, keyvalue, workflow", DL_LEVEL_ERROR);
	check_value(r, s->runtime, DL_BP_VAL_RUNTIME, "runtime",
		    "python, docker, node, go, ruby, rust, elixir, image, static",
		    DL_LEVEL_ERROR);
	check_value(r, s->env, DL_BP_VAL_RUNTIME, "runtime (env)",
		    "python, docker, node, go, ruby, rust, elixir, image, static",
		    DL_LEVEL_ERROR);
	check_value(r, s->region, DL_BP_VAL_REGION, "region",
		    "oregon, ohio, virginia, frankfurt, singapore", DL_LEVEL_ERROR);
	if (s->type_s && !strcmp(s->type_s, "workflow") && s->plan)
		dl_report_add_level(r->ctx->report, dl_rule_get(DL_RULE_RND002), DL_LEVEL_WARNING, r->path,
				    node_region(s->plan),
				    "a workflow service takes no `plan`: Render sets compute plans per task in the workflow's code; remove it");
	else if (!dl_bp_service_is_static(s))
		check_value(r, s->plan, keyvalue ? DL_BP_VAL_KEYVALUE_PLAN : DL_BP_VAL_SERVICE_PLAN, "plan",
			    "free, starter, standard, pro, pro plus, pro max, pro ultra",
			    DL_LEVEL_WARNING);
	check_value(r, s->auto_deploy_trigger, DL_BP_VAL_AUTO_DEPLOY_TRIGGER,
		    "autoDeployTrigger", "commit, checksPass, off", DL_LEVEL_ERROR);
	pv = dl_yaml_get(s->node, "previews");
	if (pv && pv->type == DL_YAML_MAPPING) {
		const struct dl_yaml_node *gen = dl_yaml_get(pv, "generation");
		const char *g = dl_bp_scalar(gen);
		if (g && !strcmp(g, "off"))
			/* the top-level previews.generation takes off; a
			 * service's takes only manual or automatic */
			dl_report_add_level(r->ctx->report, dl_rule_get(DL_RULE_RND002), DL_LEVEL_WARNING, r->path,
					    node_region(gen),
					    "a service's `previews.generation` takes only manual or automatic (`off` belongs to the top-level `previews`); remove it to turn service previews off");
		else
			check_value(r, gen, DL_BP_VAL_PREVIEWS_GENERATION, "previews generation",
				    "manual, automatic", DL_LEVEL_ERROR);
	}
}

/* ---- RND003 / RND004 / RND006 / RND010: envVars ---- */

/* A value that reads like a generated secret: 32+ characters of a token
 * alphabet with Shannon entropy of at least 3.5 bits per character (hex
 * strings need 3.0), like detect-secrets' high-entropy plugins. */
static int
looks_generated(const char *v)
{
	size_t n = strlen(v), i;
	int hex = 1;

	if (n < 32)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (!dl_isalnum(c) && c != '+' && c != '/' && c != '=' && c != '_' &&
		    c != '-')
			return 0;
		if (!dl_isxdigit(c))
			hex = 0;
	}
	return dl_secrets_entropy(v, n) >= (hex ? 3.0 : 3.5);
}

static int
plain_setting_value(const char *v)
{
	size_t i;
	if (!*v || !strcmp(v, "true") || !strcmp(v, "false"))
		return 1;
	for (i = 0; v[i]; i++)
		if (!dl_isdigit((unsigned char)v[i]))
			return 0;
	return 1;
}

/* Whether a literal value can hold a secret: a URL only with a
 * user:password@ part (sqlite:///app.db holds none). Placeholders stay
 * reported: deployed as they are, the service runs with them. */
static int
literal_secret(const char *v)
{
	const char *sep = strstr(v, "://");
	if (sep) {
		const char *auth = sep + 3;
		size_t n = strcspn(auth, "/?#");
		const char *at = memchr(auth, '@', n);
		return at && memchr(auth, ':', (size_t)(at - auth)) != NULL;
	}
	return 1;
}

static const char *const source_names[DL_BP_SRC__COUNT] = {
	"", "value", "generateValue", "sync", "fromDatabase", "fromService",
	"fromGroup"
};

static void
check_envvar_item(struct rnd *r, const struct dl_bp_envvar *ev, int in_group,
		  const char *owner)
{
	const struct dl_rule *rnd003 = dl_rule_get(DL_RULE_RND003);
	unsigned srcs = ev->sources;
	int count = 0, s;

	check_keys(r, ev->node, DL_BP_KEYS_ENVVAR);
	for (s = 1; s < DL_BP_SRC__COUNT; s++)
		count += (int)((srcs >> s) & 1u);

	if (ev->source == DL_BP_SRC_GROUP && !in_group) {
		if (ev->key || count > 1)
			dl_report_add(r->ctx->report, rnd003, r->path,
				      node_region(ev->key ? ev->key : ev->source_key),
				      "a `fromGroup` item must hold only `fromGroup: GROUP`; put `key:` and values in separate items");
		else if (!dl_bp_scalar(ev->value))
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->value),
				      "`fromGroup` must name an environment group, not a %s",
				      shape_name(ev->value));
		return;
	}
	if (!ev->key) {
		dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->node),
			      "this envVars item of %s has no `key`; add `key: NAME`", owner);
		return;
	}
	if (!ev->name || !*ev->name) {
		dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->key),
			      "`key` must be a variable name, not a %s", shape_name(ev->key));
		return;
	}
	if (count == 0) {
		dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->key),
			      "`%s` has no `value`, `generateValue`, `sync: false`, `fromDatabase` or `fromService`; add one (for a secret, `sync: false`)",
			      ev->name);
		return;
	}
	if (count > 1) {
		int second = 0;
		for (s = (int)ev->source + 1; s < DL_BP_SRC__COUNT && !second; s++)
			if ((srcs >> s) & 1)
				second = s;
		dl_report_add(r->ctx->report, rnd003, r->path,
			      node_region(dl_yaml_get_key(ev->node, source_names[second])),
			      "`%s` has both `%s` and `%s`; an envVars item takes exactly one source: keep one",
			      ev->name, source_names[ev->source], source_names[second]);
		return;
	}
	switch (ev->source) {
	case DL_BP_SRC_VALUE:
		if (ev->value && ev->value->type != DL_YAML_SCALAR)
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->value),
				      "the value of `%s` is a %s; Render takes a string: quote it or use `fromDatabase`/`fromService`",
				      ev->name, shape_name(ev->value));
		break;
	case DL_BP_SRC_SYNC:
		if (in_group)
			break; /* RND010 */
		if (!is_bool(ev->value, 0))
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->value),
				      "`sync` only takes `false` (ask for the value in the dashboard); remove `sync` or write `sync: false`");
		break;
	case DL_BP_SRC_GENERATE:
		if (!is_bool(ev->value, 1))
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->value),
				      "`generateValue` only takes `true`; write `generateValue: true` or use `value:`");
		break;
	case DL_BP_SRC_DATABASE: {
		const char *prop = dl_bp_scalar(ev->from_property);
		if (!ev->value || ev->value->type != DL_YAML_MAPPING) {
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->value),
				      "`fromDatabase` must be a mapping with `name:` and `property:`");
			break;
		}
		check_keys(r, ev->value, DL_BP_KEYS_FROM_DATABASE);
		if (!ev->from_name || !ev->from_property)
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->source_key),
				      "`fromDatabase` of `%s` needs both `name:` and `property:` (e.g. `property: connectionString`)",
				      ev->name);
		else if (!prop || dl_bp_value_status(DL_BP_VAL_FROM_DATABASE_PROPERTY, prop) == DL_BP_UNKNOWN) {
			const char *hint = prop ? dl_bp_value_suggest(DL_BP_VAL_FROM_DATABASE_PROPERTY, prop) : NULL;
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->from_property),
				      "unknown fromDatabase property `%s`; use %s",
				      prop ? prop : "?", hint ? hint : "connectionString, host, port, user, password or database");
		}
		break;
	}
	case DL_BP_SRC_SERVICE: {
		const char *prop = dl_bp_scalar(ev->from_property);
		if (!ev->value || ev->value->type != DL_YAML_MAPPING) {
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->value),
				      "`fromService` must be a mapping with `type:`, `name:` and `property:` or `envVarKey:`");
			break;
		}
		check_keys(r, ev->value, DL_BP_KEYS_FROM_SERVICE);
		if (!ev->from_name || !ev->from_type)
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->source_key),
				      "`fromService` of `%s` needs `type:` and `name:` of the service it reads",
				      ev->name);
		else if (!ev->from_property && !ev->from_env_key)
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->source_key),
				      "`fromService` of `%s` needs `property:` (host, port, hostport, connectionString) or `envVarKey:`",
				      ev->name);
		else if (ev->from_property && ev->from_env_key)
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->from_env_key),
				      "`fromService` of `%s` has both `property` and `envVarKey`; keep one",
				      ev->name);
		else if (ev->from_property &&
			 (!prop || dl_bp_value_status(DL_BP_VAL_FROM_SERVICE_PROPERTY, prop) == DL_BP_UNKNOWN))
			dl_report_add(r->ctx->report, rnd003, r->path, node_region(ev->from_property),
				      "unknown fromService property `%s`; use host, port, hostport or connectionString",
				      prop ? prop : "?");
		break;
	}
	default:
		break;
	}
}

static void
check_secret(struct rnd *r, const struct dl_bp_envvar *ev)
{
	const char *v;
	if (ev->source != DL_BP_SRC_VALUE || ev->sources != (1u << DL_BP_SRC_VALUE) ||
	    !ev->name || !dl_secret_key_is(ev->name, strlen(ev->name), DL_SECRET_KEY_USE_REPORT))
		return;
	v = dl_bp_scalar(ev->value);
	if (!v || plain_setting_value(v) || !literal_secret(v))
		return;
	if (looks_generated(v))
		dl_report_add_level(r->ctx->report, dl_rule_get(DL_RULE_RND006), DL_LEVEL_ERROR,
				    r->path, node_region(ev->value),
				    "`%s` has a literal value that looks like a real secret, committed in render.yaml; rotate it and use `sync: false` (set it in the dashboard) or `generateValue: true`",
				    ev->name);
	else
		dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND006), r->path,
			      node_region(ev->value),
			      "`%s` looks like a secret but has a literal `value:` in render.yaml; use `sync: false` (set it in the dashboard) or `generateValue: true`",
			      ev->name);
}

static void
check_envvars(struct rnd *r, const struct dl_bp_envvars *evs, int in_group,
	      const char *owner)
{
	const struct dl_rule *rnd001 = dl_rule_get(DL_RULE_RND001);
	size_t i, j;
	const struct dl_yaml_node *list = evs->node;

	if (list && list->type != DL_YAML_SEQUENCE &&
	    !(list->type == DL_YAML_SCALAR && !list->scalar_len)) {
		dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND003), r->path, node_region(list),
			      "`envVars` of %s must be a list of `- key: NAME` items, not a %s",
			      owner, shape_name(list));
		return;
	}
	if (list && list->type == DL_YAML_SEQUENCE)
		for (i = 0; i < list->items_nr; i++) {
			const struct dl_yaml_node *it = dl_yaml_resolve(list->items[i]);
			const char *t = dl_bp_scalar(it);
			if (!it || it->type == DL_YAML_MAPPING)
				continue;
			if (t && strchr(t, '='))
				dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND003), r->path,
					      node_region(it),
					      "envVars items are mappings, not `NAME=value` strings; write `- key: NAME` and `value: ...` on the next line");
			else
				dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND003), r->path,
					      node_region(it),
					      "this envVars item is a %s; write `- key: NAME` with a `value:` (or another source)",
					      shape_name(it));
		}
	for (i = 0; i < evs->nr; i++) {
		const struct dl_bp_envvar *ev = &evs->items[i];
		check_envvar_item(r, ev, in_group, owner);
		check_secret(r, ev);
		if (in_group) {
			if (ev->sources & (1u << DL_BP_SRC_SYNC))
				dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND010), r->path,
					      node_region(dl_yaml_get_key(ev->node, "sync")),
					      "`sync: false` is not allowed in envVarGroups%s%s%s; set the value in the group's dashboard page, or move the variable to a service's envVars",
					      ev->name ? " (`" : "", ev->name ? ev->name : "",
					      ev->name ? "`)" : "");
			if (ev->sources & ((1u << DL_BP_SRC_DATABASE) | (1u << DL_BP_SRC_SERVICE) |
					   (1u << DL_BP_SRC_GROUP)))
				dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND003), r->path,
					      node_region(ev->source_key),
					      "env groups cannot reference databases, services or other groups; move `%s` to the service's envVars",
					      ev->name ? ev->name : "this variable");
		}
	}
	/* duplicate keys: sort the items by (key, position), compare neighbours */
	{
		struct named *v = dl_xcalloc(evs->nr ? evs->nr : 1, sizeof(*v));
		size_t n = 0;
		for (i = 0; i < evs->nr; i++)
			if (evs->items[i].name) {
				v[n].name = evs->items[i].name;
				v[n].scope = 0;
				v[n].index = i;
				n++;
			}
		if (n > 1)
			qsort(v, n, sizeof(*v), named_cmp);
		for (j = 1; j < n; j++) {
			const struct dl_bp_envvar *prev = &evs->items[v[j - 1].index];
			const struct dl_bp_envvar *ev = &evs->items[v[j].index];
			struct dl_finding *f;
			if (strcmp(prev->name, ev->name) || prev->node == ev->node)
				continue;
			f = dl_report_add(r->ctx->report, rnd001, r->path, node_region(ev->key),
					  "`%s` is set twice in the envVars of %s; Render keeps only one: remove a duplicate",
					  ev->name, owner);
			dl_finding_add_related(f, r->path, node_region(prev->key),
					       "`%s` first set here", prev->name);
		}
		free(v);
	}
}

static int
same_type(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	if ((!strcmp(a, "redis") || !strcmp(a, "keyvalue")) &&
	    (!strcmp(b, "redis") || !strcmp(b, "keyvalue")))
		return 1;
	return !strcmp(a, b);
}

/*
 * Whether `name` is an env group declared under `projects[].envVarGroups`
 * of the project whose environments hold `scope`. Render makes such a
 * group visible to every environment of its project (Blueprint field
 * reference, "Project fields"). The model numbers environment scopes from
 * 1 in document order (dl_blueprint_build); this walk counts them the
 * same way.
 */
static int
project_group_defined(const struct rnd *r, const char *name, size_t scope)
{
	const struct dl_yaml_node *projects = dl_yaml_resolve(dl_yaml_get(r->bp->root, "projects"));
	size_t next = 1, i, j;

	if (!scope || !projects || projects->type != DL_YAML_SEQUENCE)
		return 0;
	for (i = 0; i < projects->items_nr; i++) {
		const struct dl_yaml_node *p = dl_yaml_resolve(projects->items[i]);
		const struct dl_yaml_node *envs, *groups;
		size_t first = next;
		if (!p || p->type != DL_YAML_MAPPING)
			continue;
		envs = dl_yaml_resolve(dl_yaml_get(p, "environments"));
		if (!envs || envs->type != DL_YAML_SEQUENCE)
			continue;
		for (j = 0; j < envs->items_nr; j++) {
			const struct dl_yaml_node *e = dl_yaml_resolve(envs->items[j]);
			if (e && e->type == DL_YAML_MAPPING)
				next++;
		}
		if (scope < first || scope >= next)
			continue;
		groups = dl_yaml_resolve(dl_yaml_get(p, "envVarGroups"));
		if (!groups || groups->type != DL_YAML_SEQUENCE)
			return 0;
		for (j = 0; j < groups->items_nr; j++) {
			const struct dl_yaml_node *g = dl_yaml_resolve(groups->items[j]);
			const char *gn = g && g->type == DL_YAML_MAPPING ? dl_bp_scalar(dl_yaml_get(g, "name")) : NULL;
			if (gn && !strcmp(gn, name))
				return 1;
		}
		return 0;
	}
	return 0;
}

static void
check_references(struct rnd *r, const struct dl_bp_envvars *evs, size_t scope)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND004);
	const struct dl_blueprint *bp = r->bp;
	size_t i;

	for (i = 0; i < evs->nr; i++) {
		const struct dl_bp_envvar *ev = &evs->items[i];
		const char *name = dl_bp_scalar(ev->from_name);
		const char *words[256];
		int other_scope = 0, dummy;
		const char *hint = NULL;
		struct dl_region at = node_region(ev->from_name);

		if (!name || (ev->source != DL_BP_SRC_DATABASE &&
			      ev->source != DL_BP_SRC_SERVICE && ev->source != DL_BP_SRC_GROUP))
			continue;
		if (ev->source == DL_BP_SRC_DATABASE) {
			if (named_in_scope(r->dbs, r->dbs_nr, name, scope, &other_scope))
				continue;
			if (other_scope) {
				dl_report_add(r->ctx->report, rule, r->path, at,
					      "database `%s` is defined in another environment of this Blueprint; fromDatabase only reaches databases of its own environment",
					      name);
			} else if (named_in_scope(r->svcs, r->svcs_nr, name, scope, &dummy)) {
				dl_report_add(r->ctx->report, rule, r->path, at,
					      "`%s` is a service of this Blueprint, not a database; read it with `fromService` (with its `type:`) or name a database",
					      name);
			} else {
				scope_words(r->dbs, r->dbs_nr, scope, words, DL_ARRAY_SIZE(words));
				if (words[0] && may_suggest(r))
					hint = dl_nearest_word(words, name);
				if (hint)
					dl_report_add(r->ctx->report, rule, r->path, at,
						      "fromDatabase names `%s`, which is not a database of this Blueprint; did you mean `%s`?",
						      name, hint);
				else if (words[0])
					dl_report_add(r->ctx->report, rule, r->path, at,
						      "fromDatabase names `%s`, which is not a database of this Blueprint; add it under `databases:` or fix the name",
						      name);
				else
					dl_report_add_level(r->ctx->report, rule, DL_LEVEL_NOTE, r->path, at,
							    "fromDatabase names `%s`, which this Blueprint does not define; the deploy works only if a Render Postgres database with that name already exists in the workspace",
							    name);
			}
		} else if (ev->source == DL_BP_SRC_SERVICE) {
			const char *type = dl_bp_scalar(ev->from_type);
			const struct named *e = named_find(r->svcs, r->svcs_nr, name), *end = r->svcs + r->svcs_nr;
			const struct dl_bp_service *match = NULL;
			for (; e && e < end && !strcmp(e->name, name); e++) {
				const struct dl_bp_service *sv = &bp->services[e->index];
				if (e->scope != scope)
					other_scope = 1;
				else if (!match || same_type(sv->type_s, type))
					match = sv;
			}
			if (match && (!type || same_type(match->type_s, type)))
				continue;
			if (match) {
				dl_report_add(r->ctx->report, rule, r->path,
					      node_region(ev->from_type ? ev->from_type : ev->from_name),
					      "fromService says `type: %s`, but service `%s` is a `%s`; set `type: %s`",
					      type, name, match->type_s ? match->type_s : "?",
					      match->type_s ? match->type_s : "?");
			} else if (named_in_scope(r->dbs, r->dbs_nr, name, scope, &dummy)) {
				dl_report_add(r->ctx->report, rule, r->path, at,
					      "`%s` is a database of this Blueprint, not a service; read it with `fromDatabase`",
					      name);
			} else if (other_scope) {
				dl_report_add(r->ctx->report, rule, r->path, at,
					      "service `%s` is defined in another environment of this Blueprint; fromService only reaches services of its own environment",
					      name);
			} else {
				scope_words(r->svcs, r->svcs_nr, scope, words, DL_ARRAY_SIZE(words));
				if (words[0] && may_suggest(r))
					hint = dl_nearest_word(words, name);
				if (hint)
					dl_report_add(r->ctx->report, rule, r->path, at,
						      "fromService names `%s`, which is not a service of this Blueprint; did you mean `%s`?",
						      name, hint);
				else
					dl_report_add_level(r->ctx->report, rule, DL_LEVEL_NOTE, r->path, at,
							    "fromService names `%s`, which this Blueprint does not define; the deploy works only if that service already exists in the workspace",
							    name);
			}
		} else {
			if (named_in_scope(r->grps, r->grps_nr, name, scope, &other_scope) ||
			    project_group_defined(r, name, scope))
				continue;
			if (other_scope) {
				dl_report_add(r->ctx->report, rule, r->path, at,
					      "env group `%s` is defined in another environment of this Blueprint; fromGroup only reaches groups of its own environment",
					      name);
				continue;
			}
			scope_words(r->grps, r->grps_nr, scope, words, DL_ARRAY_SIZE(words));
			if (words[0] && may_suggest(r))
				hint = dl_nearest_word(words, name);
			if (hint)
				dl_report_add(r->ctx->report, rule, r->path, at,
					      "fromGroup names `%s`, which is not an env group of this Blueprint; did you mean `%s`?",
					      name, hint);
			else if (words[0])
				dl_report_add(r->ctx->report, rule, r->path, at,
					      "fromGroup names `%s`, which is not an env group of this Blueprint; add it under `envVarGroups:` or fix the name",
					      name);
			else
				dl_report_add_level(r->ctx->report, rule, DL_LEVEL_NOTE, r->path, at,
						    "fromGroup names `%s`, which this Blueprint does not define; the deploy works only if an environment group with that name already exists in the workspace",
						    name);
		}
	}
}

/* ---- RND005, RND007 ---- */

static void
check_pre_deploy(struct rnd *r, const struct dl_bp_service *s)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND005);
	struct dl_finding *f;

	if (!s->pre_deploy_command || !s->type_s ||
	    (strcmp(s->type_s, "web") && strcmp(s->type_s, "pserv") &&
	     strcmp(s->type_s, "worker")) ||
	    dl_bp_service_is_static(s))
		return;
	if (s->plan_s && !strcmp(s->plan_s, "free")) {
		f = dl_report_add(r->ctx->report, rule, r->path,
				  node_region(s->pre_deploy_command),
				  "service `%s` is on the free instance type, which has no pre-deploy step; use a paid plan (starter or higher) or run this command at the end of buildCommand",
				  svc_label(s));
		dl_finding_add_related(f, r->path, node_region(s->plan), "plan: free");
	} else if (!s->plan) {
		dl_report_add_level(r->ctx->report, rule, DL_LEVEL_NOTE, r->path,
				    node_region(s->pre_deploy_command),
				    "service `%s` has a preDeployCommand but no `plan`; pre-deploy commands need a paid instance type, so set `plan: starter` (or higher) explicitly",
				    svc_label(s));
	}
}

static void
check_deprecated(struct rnd *r, const struct dl_bp_service *s)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND007);
	const struct dl_yaml_node *k;
	const char *env = dl_bp_scalar(s->env), *rt = dl_bp_scalar(s->runtime);

	if ((k = dl_yaml_get_key(s->node, "env")) != NULL && seen_once(r, k)) {
		if (rt && env && strcmp(rt, env))
			dl_report_add(r->ctx->report, rule, r->path, node_region(s->env),
				      "service `%s` sets `env: %s` and `runtime: %s`; they are the same field (env is the old name): keep only `runtime`",
				      svc_label(s), env, rt);
		else
			dl_report_add(r->ctx->report, rule, r->path, node_region(k),
				      "`env` is the deprecated name of `runtime`; write `runtime: %s`",
				      env ? env : "python");
	}
	if ((k = dl_yaml_get_key(s->node, "autoDeploy")) != NULL && seen_once(r, k))
		dl_report_add(r->ctx->report, rule, r->path, node_region(k),
			      "`autoDeploy` is deprecated; write `autoDeployTrigger: %s`",
			      is_bool(s->auto_deploy, 0) ? "off" : "commit");
	if (s->type_s && !strcmp(s->type_s, "redis") && seen_once(r, s->type))
		dl_report_add(r->ctx->report, rule, r->path, node_region(s->type),
			      "`type: redis` is the deprecated name of Render Key Value; write `type: keyvalue`");
	if ((k = dl_yaml_get_key(s->node, "pullRequestPreviewsEnabled")) != NULL &&
	    seen_once(r, k))
		dl_report_add(r->ctx->report, rule, r->path, node_region(k),
			      "`pullRequestPreviewsEnabled` is deprecated; write `previews:` with `generation: automatic` (or omit it to disable service previews)");
	if ((k = dl_yaml_get_key(s->node, "previewsEnabled")) != NULL && seen_once(r, k))
		dl_report_add(r->ctx->report, rule, r->path, node_region(k),
			      "`previewsEnabled` is deprecated; write `previews:` with `generation: automatic`");
	if ((k = dl_yaml_get_key(s->node, "previewsExpireAfterDays")) != NULL &&
	    seen_once(r, k))
		dl_report_add(r->ctx->report, rule, r->path, node_region(k),
			      "`previewsExpireAfterDays` is deprecated; write `expireAfterDays` under the top-level `previews:`");
}

static void
check_top(struct rnd *r)
{
	const struct dl_rule *rnd007 = dl_rule_get(DL_RULE_RND007);
	const struct dl_yaml_node *root = r->bp->root, *k, *pv, *projects;
	size_t i, j;

	check_keys(r, root, DL_BP_KEYS_TOP);
	if ((k = dl_yaml_get_key(root, "previewsEnabled")) != NULL)
		dl_report_add(r->ctx->report, rnd007, r->path, node_region(k),
			      "top-level `previewsEnabled` is deprecated; write `previews:` with `generation: automatic`");
	if ((k = dl_yaml_get_key(root, "previewsExpireAfterDays")) != NULL)
		dl_report_add(r->ctx->report, rnd007, r->path, node_region(k),
			      "top-level `previewsExpireAfterDays` is deprecated; write `previews:` with `expireAfterDays:`");
	pv = r->bp->previews;
	if (pv && pv->type == DL_YAML_MAPPING) {
		check_keys(r, pv, DL_BP_KEYS_PREVIEWS);
		check_value(r, dl_yaml_get(pv, "generation"), DL_BP_VAL_PREVIEWS_GENERATION,
			    "previews generation", "off, manual, automatic", DL_LEVEL_ERROR);
	}
	projects = dl_yaml_get(root, "projects");
	if (projects && projects->type != DL_YAML_SEQUENCE) {
		dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND001), r->path,
			      node_region(projects),
			      "`projects` must be a list of projects, not a %s", shape_name(projects));
	} else if (projects) {
		for (i = 0; i < projects->items_nr; i++) {
			const struct dl_yaml_node *p = dl_yaml_resolve(projects->items[i]);
			const struct dl_yaml_node *envs = dl_yaml_get(p, "environments");
			if (!p || p->type != DL_YAML_MAPPING)
				continue;
			check_keys(r, p, DL_BP_KEYS_PROJECT);
			if (!envs || envs->type != DL_YAML_SEQUENCE)
				continue;
			for (j = 0; j < envs->items_nr; j++)
				check_keys(r, envs->items[j], DL_BP_KEYS_ENVIRONMENT);
		}
	}
}

/* ---- RND008 ---- */

static int
repo_has(struct dl_repo *repo, const char *dir, const char *name)
{
	char *p = dl_path_join(dir, name);
	int r = dl_repo_find(repo, p) != NULL;
	free(p);
	return r;
}

static void
check_location(struct rnd *r)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_RND008);
	struct dl_repo *repo = r->ctx->repo;
	const char *dir = r->bp->dir;
	static const char *const markers[] = {
		"requirements.txt", "pyproject.toml", "Dockerfile", "package.json", NULL
	};
	size_t i, k;

	if (*dir)
		dl_report_add(r->ctx->report, rule, r->path,
			      node_region(r->bp->root ? r->bp->root : NULL),
			      "render.yaml is in `%s/`, not at the repository root where Render looks by default; set the Blueprint file path to `%s` when you create the Blueprint",
			      dir, r->path);
	for (i = 0; i < r->bp->services_nr; i++) {
		const struct dl_bp_service *s = &r->bp->services[i];
		const char *rd = dl_bp_scalar(s->root_dir);
		if (rd) {
			if (s->root_dir_outside)
				dl_report_add_level(r->ctx->report, rule, DL_LEVEL_ERROR, r->path,
						    node_region(s->root_dir),
						    "rootDir `%s` climbs above the repository; it is relative to the repository root: fix the path",
						    rd);
			else if (*s->work_dir && !dl_repo_has_dir(repo, s->work_dir)) {
				char *alt = *dir ? dl_path_join(dir, s->work_dir) : NULL;
				if (alt && dl_repo_has_dir(repo, alt))
					dl_report_add_level(r->ctx->report, rule, DL_LEVEL_ERROR, r->path,
							    node_region(s->root_dir),
							    "rootDir `%s` does not exist; rootDir is relative to the repository root, not to render.yaml: write `rootDir: %s`",
							    rd, alt);
				else
					dl_report_add_level(r->ctx->report, rule, DL_LEVEL_ERROR, r->path,
							    node_region(s->root_dir),
							    "rootDir `%s` does not exist in the repository, so Render finds none of the service's files; fix the path (it is relative to the repository root)",
							    rd);
				free(alt);
			}
			continue;
		}
		if (!*dir || dl_bp_service_is_static(s) || !s->type_s ||
		    !strcmp(s->type_s, "keyvalue") || !strcmp(s->type_s, "redis") ||
		    (s->runtime_s && !strcmp(s->runtime_s, "image")))
			continue;
		for (k = 0; markers[k]; k++)
			if (repo_has(repo, dir, markers[k]) && !repo_has(repo, "", markers[k])) {
				dl_report_add(r->ctx->report, rule, r->path,
					      node_region(s->name ? s->name : s->node),
					      "service `%s` has no rootDir, so Render builds it from the repository root, but its %s is in `%s/` beside this render.yaml; add `rootDir: %s`",
					      svc_label(s), markers[k], dir, dir);
				break;
			}
	}
}

/* ---- RND009: files named by commands ---- */

struct cmdcheck {
	struct rnd *r;
	const struct dl_bp_service *svc;
	int installs_project; /* the build installs the project itself */
	/* paths earlier commands create (mkdir, venvs, clones, downloads) */
	char **made;
	size_t made_nr, made_alloc;
};

/* Folders the build itself creates, or Render provides, by convention. */
static int
generated_path(const char *path)
{
	static const char *const names[] = {
		"node_modules", ".venv", "venv", "env", "dist", "build", ".next",
		"out", "target", "staticfiles", ".cache"
	};
	const char *p = path;
	size_t i;
	while (*p) {
		size_t n = strcspn(p, "/");
		for (i = 0; i < DL_ARRAY_SIZE(names); i++)
			if (strlen(names[i]) == n && !strncmp(p, names[i], n))
				return 1;
		if (!p[n])
			break;
		p += n + 1;
	}
	return 0;
}

static int
was_made(const struct cmdcheck *cc, const char *path)
{
	size_t i;
	if (generated_path(path))
		return 1;
	for (i = 0; i < cc->made_nr; i++)
		if (dl_path_is_under(path, cc->made[i]))
			return 1;
	return 0;
}

static void
add_made(struct cmdcheck *cc, const char *cwd, const struct dl_cmd_word *w)
{
	int outside;
	char *p = dl_cmd_resolve(cwd, w->text, w->expands, &outside);
	if (!p)
		return;
	DL_ALLOC_GROW(cc->made, cc->made_nr + 1, cc->made_alloc);
	cc->made[cc->made_nr++] = p;
}

/* Records what a command creates: mkdir DIR, python -m venv DIR,
 * virtualenv DIR, uv venv DIR, git clone URL DIR, touch F, cp/mv ... DST,
 * curl -o F, wget -O F, ln ... DST. */
static void
remember_made(struct cmdcheck *cc, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_call *call = v->call;
	const struct dl_cmd_simple *c = call->cmd;
	const char *name = call->name;
	size_t i, last = 0;
	int pos = 0;

	if (!name || !v->cwd)
		return;
	if (!strcmp(name, "mkdir") || !strcmp(name, "touch") ||
	    !strcmp(name, "virtualenv") || (call->via_module && !strcmp(name, "venv"))) {
		for (i = call->arg; i < c->argc; i++)
			if (c->argv[i].text[0] != '-')
				add_made(cc, v->cwd, &c->argv[i]);
		return;
	}
	if (!strcmp(name, "cp") || !strcmp(name, "mv") || !strcmp(name, "ln") ||
	    !strcmp(name, "git") || !strcmp(name, "uv") || !strcmp(name, "tar") ||
	    !strcmp(name, "unzip")) {
		for (i = call->arg; i < c->argc; i++)
			if (c->argv[i].text[0] != '-') {
				last = i;
				pos++;
			}
		if (pos && (strcmp(name, "git") || pos >= 3))
			add_made(cc, v->cwd, &c->argv[last]);
		return;
	}
	if (!strcmp(name, "curl") || !strcmp(name, "wget")) {
		for (i = call->arg; i + 1 < c->argc; i++)
			if (!strcmp(c->argv[i].text, "-o") || !strcmp(c->argv[i].text, "-O") ||
			    !strcmp(c->argv[i].text, "--output") ||
			    !strcmp(c->argv[i].text, "--output-document"))
				add_made(cc, v->cwd, &c->argv[i + 1]);
	}
}

static const char *
folder_name(const char *cwd)
{
	return *cwd ? cwd : "the repository root";
}

static struct dl_region
word_region(const struct dl_cmd_visit *v, const struct dl_cmd_word *w)
{
	struct dl_pos a = dl_cmd_pos(v->map, w->offset);
	struct dl_pos b = dl_cmd_pos(v->map, w->end ? w->end - 1 : w->end);
	struct dl_region reg = dl_region_span(a.line, a.col, 1);
	if (b.line == a.line && b.col >= a.col)
		reg.end_col = b.col + 1;
	return reg;
}

/* The same file name somewhere else in the repository (first by path). */
static const char *
elsewhere(struct dl_repo *repo, const char *path)
{
	const char *base = dl_path_basename(path);
	size_t i;
	for (i = 0; i < repo->nr; i++)
		if (!strcmp(dl_path_basename(repo->files[i].path), base) &&
		    strcmp(repo->files[i].path, path))
			return repo->files[i].path;
	return NULL;
}

static void
missing_file(struct cmdcheck *cc, const struct dl_cmd_visit *v,
	     const struct dl_cmd_word *w, const char *target, const char *what)
{
	struct rnd *r = cc->r;
	struct dl_repo *repo = r->ctx->repo;
	const char *dir = r->bp->dir, *other;
	char *beside, *twin;

	if (was_made(cc, target))
		return;
	twin = dl_platform_case_twin(repo, target);
	if (twin) {
		dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
			      word_region(v, w),
			      "%s `%s` does not exist in %s, where this command runs, but git tracks `%s`, which differs only in case: macOS and Windows file systems ignore case, Render's Linux file system does not; write the name as git tracks it",
			      what, w->text, folder_name(v->cwd), twin);
		free(twin);
		return;
	}
	other = may_suggest(r) ? elsewhere(repo, target) : NULL;
	beside = *dir && !*cc->svc->work_dir ? dl_path_join(dir, w->text) : NULL;

	if (beside && dl_repo_find(repo, beside))
		dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
			      word_region(v, w),
			      "%s `%s` does not exist in %s, where Render runs this command; it is at `%s`: add `rootDir: %s` to service `%s`",
			      what, w->text, folder_name(v->cwd), beside, dir,
			      svc_label(cc->svc));
	else if (other)
		dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
			      word_region(v, w),
			      "%s `%s` does not exist in %s, where this command runs; did you mean `%s`?",
			      what, w->text, folder_name(v->cwd), other);
	else
		dl_report_add(r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
			      word_region(v, w),
			      "%s `%s` does not exist in %s, where this command runs; add it or fix the path",
			      what, w->text, folder_name(v->cwd));
	free(beside);
}

/* Checks `pip install -r FILE` (and -c) targets. */
static void
check_pip(struct cmdcheck *cc, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	size_t i;

	for (i = v->call->arg; i < c->argc; i++) {
		const char *a = c->argv[i].text;
		const struct dl_cmd_word *target = NULL;
		char *path;
		int outside;
		if (!strcmp(a, "-r") || !strcmp(a, "--requirement") || !strcmp(a, "-c") ||
		    !strcmp(a, "--constraint")) {
			if (i + 1 < c->argc)
				target = &c->argv[++i];
		} else if (!strcmp(a, "-e") || !strcmp(a, "--editable") || !strcmp(a, ".") ||
			   !strcmp(a, "./")) {
			cc->installs_project = 1;
		}
		if (!target)
			continue;
		path = dl_cmd_resolve(v->cwd, target->text, target->expands, &outside);
		if (path && !outside && !dl_repo_find(cc->r->ctx->repo, path))
			missing_file(cc, v, target, path, "requirements file");
		free(path);
	}
}

/* Converts "pkg.mod" to "pkg/mod"; NULL for anything else. */
static char *
module_path(const char *spec)
{
	size_t n = strcspn(spec, ":"), i;
	char *p;
	if (!n)
		return NULL;
	for (i = 0; i < n; i++)
		if (!dl_isalnum((unsigned char)spec[i]) && spec[i] != '_' && spec[i] != '.')
			return NULL;
	p = dl_xstrndup(spec, n);
	for (i = 0; i < n; i++)
		if (p[i] == '.')
			p[i] = '/';
	return p;
}

static int
module_exists(struct dl_repo *repo, const char *dir, const char *mod)
{
	char *a, *b;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int found;

	dl_strbuf_addf(&sb, "%s.py", mod);
	a = dl_path_join(dir, sb.buf);
	dl_strbuf_reset(&sb);
	dl_strbuf_addf(&sb, "%s/__init__.py", mod);
	b = dl_path_join(dir, sb.buf);
	found = dl_repo_find(repo, a) || dl_repo_find(repo, b);
	if (!found) { /* a namespace package (a folder without __init__) */
		char *c = dl_path_join(dir, mod);
		found = dl_repo_has_dir(repo, c);
		free(c);
	}
	free(a);
	free(b);
	dl_strbuf_release(&sb);
	return found;
}

/* The first file that holds module `mod` (a/b.py or a/b/__init__.py)
 * anywhere in the repository, or NULL. */
static const char *
module_anywhere(struct dl_repo *repo, const char *mod)
{
	struct dl_strbuf a = DL_STRBUF_INIT, b = DL_STRBUF_INIT;
	size_t i, la, lb;
	const char *found = NULL;

	dl_strbuf_addf(&a, "/%s.py", mod);
	dl_strbuf_addf(&b, "/%s/__init__.py", mod);
	la = a.len;
	lb = b.len;
	for (i = 0; i < repo->nr && !found; i++) {
		const char *p = repo->files[i].path;
		size_t n = strlen(p);
		if ((n >= la && !strcmp(p + n - la, a.buf)) ||
		    (n >= lb && !strcmp(p + n - lb, b.buf)) ||
		    !strcmp(p, a.buf + 1) || !strcmp(p, b.buf + 1))
			found = p;
	}
	dl_strbuf_release(&a);
	dl_strbuf_release(&b);
	return found;
}

static void
check_app_module(struct cmdcheck *cc, const struct dl_cmd_visit *v)
{
	static const char *const uvicorn_valued[] = {
		"--host", "--port", "--uds", "--fd", "--workers", "--env-file",
		"--log-config", "--log-level", "--root-path", "--forwarded-allow-ips",
		"--app-dir", "--reload-dir", "--reload-include", "--reload-exclude",
		"--reload-delay", "--loop", "--http", "--ws", "--ws-max-size",
		"--ws-max-queue", "--ws-ping-interval", "--ws-ping-timeout",
		"--ws-per-message-deflate", "--lifespan", "--interface",
		"--limit-concurrency", "--backlog", "--limit-max-requests",
		"--timeout-keep-alive", "--timeout-graceful-shutdown",
		"--ssl-keyfile", "--ssl-certfile", "--ssl-keyfile-password",
		"--ssl-version", "--ssl-cert-reqs", "--ssl-ca-certs",
		"--ssl-ciphers", "--header", "--h11-max-incomplete-event-size",
		NULL
	};
	static const char *const gunicorn_valued[] = {
		"-b", "--bind", "-k", "--worker-class", "-w", "--workers", "-c",
		"--config", "-t", "--timeout", "--chdir", "--pythonpath",
		"--log-level", "--access-logfile", "--error-logfile", "--log-file",
		"-e", "--env", "--threads", "--max-requests",
		"--max-requests-jitter", "--graceful-timeout", "--keep-alive",
		"-p", "--pid", "-n", "--name", "-u", "--user", "-g", "--group",
		"-m", "--umask", "--forwarded-allow-ips", "--certfile", "--keyfile",
		"--worker-connections", "--backlog", "--access-logformat",
		"--log-config", "--statsd-host", "--statsd-prefix",
		"--worker-tmp-dir", "--limit-request-line", "--limit-request-fields",
		"--limit-request-field_size", "--proxy-allow-from", "-R",
		"--capture-output", NULL
	};
	const struct dl_cmd_simple *c = v->call->cmd;
	const struct dl_cmd_word *app = NULL;
	const char *dir_opt = NULL;
	const struct dl_cmd_word *where = NULL;
	char *mod, *dir = NULL;
	int outside = 0;
	size_t i;

	if (!v->cwd)
		return;
	if (v->call->tool == DL_TOOL_UVICORN) {
		app = dl_cmd_positional(c, v->call->arg, uvicorn_valued);
		if (dl_cmd_flag(c, v->call->arg, "--factory") && !app)
			return;
		dl_cmd_option(c, v->call->arg, "--app-dir", NULL, &dir_opt, &where);
	} else {
		/* gunicorn: the positional holding ':' (or the first one) */
		for (i = v->call->arg; i < c->argc; i++) {
			const char *a = c->argv[i].text;
			size_t k;
			int takes = 0;
			if (a[0] == '-') {
				for (k = 0; gunicorn_valued[k]; k++)
					if (!strcmp(gunicorn_valued[k], a))
						takes = 1;
				i += (size_t)takes;
				continue;
			}
			if (!app || strchr(a, ':'))
				app = &c->argv[i];
		}
		dl_cmd_option(c, v->call->arg, "--chdir", NULL, &dir_opt, &where);
		if (dl_cmd_flag(c, v->call->arg, "--pythonpath"))
			return;
	}
	if (!app || app->expands)
		return;
	mod = module_path(app->text);
	if (!mod)
		return;
	dir = dir_opt ? dl_cmd_resolve(v->cwd, dir_opt, 0, &outside) : dl_xstrdup(v->cwd);
	if (dir && !outside && !module_exists(cc->r->ctx->repo, dir, mod) &&
	    may_suggest(cc->r)) {
		const char *anywhere = module_anywhere(cc->r->ctx->repo, mod);
		size_t n = strcspn(app->text, ":");
		char *rel = anywhere && *dir && dl_path_is_under(anywhere, dir) ? dl_xstrdup(anywhere + strlen(dir) + 1) : anywhere && !*dir ? dl_xstrdup(anywhere)
																	     : NULL;
		if (rel) {
			/* a/b.py or a/b/__init__.py -> a.b */
			size_t k, rl = strlen(rel);
			if (rl > 12 && !strcmp(rel + rl - 12, "/__init__.py"))
				rel[rl - 12] = '\0';
			else if (rl > 3)
				rel[rl - 3] = '\0';
			for (k = 0; rel[k]; k++)
				if (rel[k] == '/')
					rel[k] = '.';
		}
		if (anywhere && *cc->r->bp->dir && !*cc->svc->work_dir && !*dir &&
		    dl_path_is_under(anywhere, cc->r->bp->dir))
			dl_report_add(cc->r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
				      word_region(v, app),
				      "%s imports `%.*s` from the repository root, where Render runs this command, but it is at `%s`: add `rootDir: %s` to service `%s`",
				      v->call->name, (int)n, app->text, anywhere, cc->r->bp->dir,
				      svc_label(cc->svc));
		else if (rel)
			dl_report_add(cc->r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
				      word_region(v, app),
				      "%s imports `%.*s` from %s, where there is no %s.py; the module is `%s` (%s): write `%s%s`",
				      v->call->name, (int)n, app->text, folder_name(dir), mod, rel,
				      anywhere, rel, app->text + n);
		else if (!anywhere)
			dl_report_add(cc->r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
				      word_region(v, app),
				      "%s imports `%.*s` from %s, but there is no %s.py (or %s/__init__.py) there or anywhere in the repository; fix the module path",
				      v->call->name, (int)n, app->text, folder_name(dir), mod, mod);
		else if (!cc->installs_project)
			dl_report_add(cc->r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
				      word_region(v, app),
				      "%s imports `%.*s` from %s, but %s.py is not there (it is elsewhere in the repository); set rootDir or `cd` to the folder that holds the package",
				      v->call->name, (int)n, app->text, folder_name(dir), mod);
		free(rel);
	}
	free(dir);
	free(mod);
}

static int
has_alembic_ini_alternative(struct dl_repo *repo, const char *cwd)
{
	char *p = dl_path_join(cwd, "pyproject.toml");
	struct dl_file *f = dl_repo_find(repo, p);
	int r = 0;
	free(p);
	if (f && dl_repo_load(repo, f) == 0 && strstr(f->data, "[tool.alembic]"))
		r = 1;
	return r;
}

static const char *
first_alembic_ini(struct dl_repo *repo)
{
	size_t i;
	for (i = 0; i < repo->nr; i++)
		if (repo->files[i].kind == DL_KIND_ALEMBIC_INI)
			return repo->files[i].path;
	return NULL;
}

static int
env_declared(const struct dl_bp_service *s, const char *key)
{
	size_t i;
	for (i = 0; i < s->env_vars.nr; i++)
		if (s->env_vars.items[i].name && !strcmp(s->env_vars.items[i].name, key))
			return 1;
	return 0;
}

static void
check_alembic(struct cmdcheck *cc, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	const char *val = NULL, *any;
	const struct dl_cmd_word *where = NULL;
	struct dl_repo *repo = cc->r->ctx->repo;
	size_t i;

	if (!v->cwd)
		return;
	for (i = 0; i < c->assigns_nr; i++)
		if (!strncmp(c->assigns[i].text, "ALEMBIC_CONFIG=", 15))
			return;
	if (env_declared(cc->svc, "ALEMBIC_CONFIG"))
		return;
	if (dl_cmd_option(c, v->call->arg, "--config", "-c", &val, &where)) {
		const struct dl_cmd_word *w = where;
		char *path;
		int outside;
		if (!val || w->expands || strcmp(w->text, val))
			return; /* no value, an expansion, or -cFILE (not judged) */
		path = dl_cmd_resolve(v->cwd, val, 0, &outside);
		if (path && !outside && !dl_repo_find(repo, path))
			missing_file(cc, v, w, path, "alembic config");
		free(path);
		return;
	}
	if (repo_has(repo, v->cwd, "alembic.ini") ||
	    has_alembic_ini_alternative(repo, v->cwd))
		return;
	any = first_alembic_ini(repo);
	if (!any)
		return;
	dl_report_add(cc->r->ctx->report, dl_rule_get(DL_RULE_RND009), v->file->path,
		      word_region(v, v->call->word),
		      "alembic reads alembic.ini from %s, where this command runs, but there is none there (it is at `%s`); `cd` to its folder first or pass `-c %s`",
		      folder_name(v->cwd), any, any);
}

static void
visit_rnd009(const struct dl_cmd_visit *v, void *payload)
{
	struct cmdcheck *cc = payload;
	const struct dl_cmd_call *call = v->call;

	switch (call->tool) {
	case DL_TOOL_CD:
		if (v->target && !v->target_outside &&
		    !dl_repo_has_dir(cc->r->ctx->repo, v->target))
			missing_file(cc, v, &call->cmd->argv[call->arg], v->target, "folder");
		break;
	case DL_TOOL_SCRIPT:
		if (v->target && !v->target_outside && !v->target_file)
			missing_file(cc, v, call->script,
				     v->target, call->direct ? "program" : "script");
		break;
	case DL_TOOL_PYTHON_FILE:
		if (v->target && !v->target_outside && !v->target_file &&
		    strcmp(call->script->text, "-"))
			missing_file(cc, v, call->script, v->target, "Python file");
		break;
	case DL_TOOL_PIP:
		check_pip(cc, v);
		break;
	case DL_TOOL_UVICORN:
	case DL_TOOL_GUNICORN:
		check_app_module(cc, v);
		break;
	case DL_TOOL_ALEMBIC:
		check_alembic(cc, v);
		break;
	case DL_TOOL_OTHER:
		if (call->name && (!strcmp(call->name, "poetry") || !strcmp(call->name, "uv") ||
				   !strcmp(call->name, "pdm") || !strcmp(call->name, "pipenv")))
			cc->installs_project = 1;
		break;
	default:
		break;
	}
	remember_made(cc, v);
}

static void
walk_command(struct cmdcheck *cc, const struct dl_deploy_cmd *cmd)
{
	size_t i;
	for (i = 0; cmd && i < cmd->steps_nr; i++)
		visit_rnd009(&cmd->steps[i].visit, cc);
}

static void
check_commands(struct rnd *r, const struct dl_bp_service *s)
{
	const struct dl_model_service *ms = &r->mb->services[s - r->bp->services];
	struct cmdcheck cc;

	if (!s->runtime_s || !strcmp(s->runtime_s, "docker") ||
	    !strcmp(s->runtime_s, "image") || s->root_dir_outside ||
	    (*s->work_dir && !dl_repo_has_dir(r->ctx->repo, s->work_dir)))
		return;
	memset(&cc, 0, sizeof(cc));
	cc.r = r;
	cc.svc = s;
	walk_command(&cc, ms->cmds[DL_PHASE_BUILD]);
	walk_command(&cc, ms->cmds[DL_PHASE_PRE_DEPLOY]);
	walk_command(&cc, ms->cmds[DL_PHASE_START]);
	while (cc.made_nr)
		free(cc.made[--cc.made_nr]);
	free(cc.made);
}

/* ---- per Blueprint ---- */

static void
check_blueprint(struct rnd *r)
{
	const struct dl_blueprint *bp = r->bp;
	const struct dl_rule *rnd001 = dl_rule_get(DL_RULE_RND001);
	size_t i;

	if (bp->root_not_mapping) {
		dl_report_add(r->ctx->report, rnd001, r->path, node_region(bp->doc->root),
			      "render.yaml's top level is a %s, not a mapping; a Blueprint starts with `services:` (and optionally `databases:` and `envVarGroups:`)",
			      shape_name(bp->doc->root));
		return;
	}
	if (!bp->root) {
		dl_report_add_level(r->ctx->report, rnd001, DL_LEVEL_NOTE, r->path,
				    dl_region_span(1, 1, 0),
				    "render.yaml holds no Blueprint (it is empty or only comments), so Render creates nothing from it; add `services:` or delete the file");
		return;
	}
	check_top(r);
	check_lists(r);
	check_duplicate_names(r);
	check_location(r);
	for (i = 0; i < bp->services_nr; i++) {
		const struct dl_bp_service *s = &bp->services[i];
		struct dl_strbuf owner = DL_STRBUF_INIT;
		dl_strbuf_addf(&owner, "service `%s`", svc_label(s));
		check_service_structure(r, s);
		check_service_values(r, s);
		check_envvars(r, &s->env_vars, 0, owner.buf);
		check_references(r, &s->env_vars, s->scope);
		check_pre_deploy(r, s);
		check_deprecated(r, s);
		check_commands(r, s);
		dl_strbuf_release(&owner);
	}
	for (i = 0; i < bp->databases_nr; i++) {
		const struct dl_bp_database *d = &bp->databases[i];
		check_keys(r, d->node, DL_BP_KEYS_DATABASE);
		check_value(r, d->plan, DL_BP_VAL_DATABASE_PLAN, "database plan",
			    "free, basic-256mb, basic-1gb, basic-4gb, pro-4gb, ...",
			    DL_LEVEL_WARNING);
		check_value(r, d->region, DL_BP_VAL_REGION, "region",
			    "oregon, ohio, virginia, frankfurt, singapore", DL_LEVEL_ERROR);
		check_value(r, d->postgres_major_version, DL_BP_VAL_POSTGRES_MAJOR_VERSION,
			    "postgresMajorVersion", "11 to 18", DL_LEVEL_ERROR);
	}
	for (i = 0; i < bp->groups_nr; i++) {
		const struct dl_bp_group *g = &bp->groups[i];
		struct dl_strbuf owner = DL_STRBUF_INIT;
		dl_strbuf_addf(&owner, "env group `%s`", g->name_s ? g->name_s : "(unnamed)");
		check_keys(r, g->node, DL_BP_KEYS_GROUP);
		if (!g->name_s)
			dl_report_add(r->ctx->report, rnd001, r->path, node_region(g->node),
				      "this env group has no `name`; services reference groups by name");
		check_envvars(r, &g->env_vars, 1, owner.buf);
		dl_strbuf_release(&owner);
	}
}

/* ---- entry ---- */

void
dl_check_rnd(struct dl_check_ctx *ctx)
{
	const struct dl_model *m = dl_ctx_model(ctx);
	size_t i;

	for (i = 0; i < m->blueprints_nr; i++) {
		const struct dl_model_blueprint *mb = &m->blueprints[i];
		struct rnd r;

		if (mb->parse_error)
			continue; /* PARSE001 reports it */
		memset(&r, 0, sizeof(r));
		dl_hashmap_init(&r.seen, DL_HASHMAP_COPY_KEYS);
		r.ctx = ctx;
		r.mb = mb;
		r.bp = &mb->bp;
		r.path = mb->bp.file->path;
		r.budget = DL_MAX_BP_SUGGESTIONS;
		r.svcs = index_names(r.bp->services, r.bp->services_nr, sizeof(*r.bp->services),
				     offsetof(struct dl_bp_service, name_s),
				     offsetof(struct dl_bp_service, scope), &r.svcs_nr);
		r.dbs = index_names(r.bp->databases, r.bp->databases_nr, sizeof(*r.bp->databases),
				    offsetof(struct dl_bp_database, name_s),
				    offsetof(struct dl_bp_database, scope), &r.dbs_nr);
		r.grps = index_names(r.bp->groups, r.bp->groups_nr, sizeof(*r.bp->groups),
				     offsetof(struct dl_bp_group, name_s),
				     offsetof(struct dl_bp_group, scope), &r.grps_nr);
		check_blueprint(&r);
		if (r.bp->root)
			dl_platform_check(ctx, mb);
		dl_hashmap_release(&r.seen);
		free(r.svcs);
		free(r.dbs);
		free(r.grps);
	}
}
