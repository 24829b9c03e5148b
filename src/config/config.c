/*
 * deploylint: .deploylint.yaml: find, read, validate, and answer level and
 * exclusion questions. Patterns are matched with libgit2's pathspec.
 */
#include "deploylint/config.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "deploylint/limits.h"
#include "deploylint/mask.h"
#include "deploylint/regex.h"

/* ---- lifecycle ---- */

void
dl_config_init(struct dl_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
}

static void
free_strv(char **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
dl_config_release(struct dl_config *cfg)
{
	size_t i;
	free(cfg->path);
	free(cfg->rules);
	free(cfg->select);
	free(cfg->ignore);
	free_strv(cfg->exclude, cfg->exclude_nr);
	git_pathspec_free(cfg->exclude_pathspec);
	for (i = 0; i < cfg->overrides_nr; i++) {
		free_strv(cfg->overrides[i].paths, cfg->overrides[i].paths_nr);
		free(cfg->overrides[i].rules);
		git_pathspec_free(cfg->overrides[i].pathspec);
	}
	free(cfg->overrides);
	free_strv(cfg->python_versions, cfg->python_versions_nr);
	free_strv(cfg->placeholders, cfg->placeholders_nr);
	for (i = 0; i < cfg->secrets_nr; i++) {
		struct dl_config_secret *s = &cfg->secrets[i];
		free(s->id);
		free(s->name);
		free(s->pattern);
		free(s->level);
		free(s->source);
		free_strv(s->keywords, s->keywords_nr);
	}
	free(cfg->secrets);
	for (i = 0; i < cfg->plans_nr; i++) {
		free(cfg->plans[i].service);
		free(cfg->plans[i].plan);
	}
	free(cfg->plans);
	if (cfg->path || cfg->exclude_pathspec)
		git_libgit2_shutdown();
	dl_config_init(cfg);
}

int
dl_config_find(char **out, const char *root)
{
	struct dl_strbuf dir = DL_STRBUF_INIT;
	char *real = realpath(root, NULL);
	int found = 0;

	if (!real)
		return 0;
	dl_strbuf_puts(&dir, real);
	free(real);
	for (;;) {
		struct dl_strbuf p = DL_STRBUF_INIT;
		struct stat st;
		size_t keep = dir.len;
		dl_strbuf_addf(&p, "%s/%s", dir.len > 1 ? dir.buf : "", DL_CONFIG_NAME);
		if (lstat(p.buf, &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) {
			*out = dl_strbuf_detach(&p, NULL);
			found = 1;
			break;
		}
		dl_strbuf_release(&p);
		dl_strbuf_addf(&dir, "/.git");
		if (stat(dir.buf, &st) == 0)
			break; /* the repository root: stop here */
		dir.len = keep;
		dir.buf[keep] = '\0';
		{
			char *slash = strrchr(dir.buf, '/');
			if (!slash || dir.len <= 1)
				break;
			dir.len = slash == dir.buf ? 1 : (size_t)(slash - dir.buf);
			dir.buf[dir.len] = '\0';
		}
	}
	dl_strbuf_release(&dir);
	return found;
}

/* ---- validation ---- */

struct loader {
	struct dl_config *cfg;
	const char *display;
	struct dl_strbuf err;
};

static int
fail(struct loader *ld, const struct dl_yaml_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct loader *ld, const struct dl_yaml_node *n, const char *fmt, ...)
{
	va_list ap;
	if (ld->err.len)
		return -1;
	dl_strbuf_addf(&ld->err, "%s:%u:%u: ", ld->display, n ? n->start.line : 1,
		       n ? n->start.col : 1);
	va_start(ap, fmt);
	dl_strbuf_vaddf(&ld->err, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *
scalar(const struct dl_yaml_node *n)
{
	n = dl_yaml_resolve(n);
	return n && n->type == DL_YAML_SCALAR ? n->scalar : NULL;
}

static int
check_keys(struct loader *ld, const struct dl_yaml_node *map,
	   const char *const *keys, const char *where)
{
	size_t i, k;
	for (i = 0; i < map->pairs_nr; i++) {
		const char *key = scalar(map->pairs[i].key);
		int ok = 0;
		if (!key)
			return fail(ld, map->pairs[i].key, "%s keys must be strings", where);
		for (k = 0; keys[k] && !ok; k++)
			ok = !strcmp(keys[k], key);
		if (!ok) {
			/* quoted bounded and masked: a pasted secret is no key */
			const char *near = dl_nearest_word(keys, key);
			char *q = dl_mask_quote(key, strlen(key), DL_MAX_QUOTE);
			int rc;
			if (near)
				rc = fail(ld, map->pairs[i].key,
					  "unknown key '%s' in %s (did you mean `%s`?)", q,
					  where, near);
			else
				rc = fail(ld, map->pairs[i].key, "unknown key '%s' in %s", q, where);
			free(q);
			return rc;
		}
	}
	return 0;
}

/* A list of strings, or one string of comma-separated items. */
static int
read_strings(struct loader *ld, const struct dl_yaml_node *n, const char *what,
	     char ***out, size_t *nr)
{
	size_t i, alloc = 0;
	n = dl_yaml_resolve(n);
	if (n->type == DL_YAML_SCALAR) {
		const char *p = n->scalar;
		while (*p) {
			size_t len = strcspn(p, ",");
			const char *s = p;
			while (len && (*s == ' ' || *s == '\t'))
				s++, len--;
			while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
				len--;
			if (len) {
				DL_ALLOC_GROW(*out, *nr + 1, alloc);
				(*out)[(*nr)++] = dl_xstrndup(s, len);
			}
			p += strcspn(p, ",");
			if (*p)
				p++;
		}
		return 0;
	}
	if (n->type != DL_YAML_SEQUENCE)
		return fail(ld, n, "%s must be a list of strings", what);
	for (i = 0; i < n->items_nr; i++) {
		const char *s = scalar(n->items[i]);
		if (!s)
			return fail(ld, n->items[i], "%s must be a list of strings", what);
		DL_ALLOC_GROW(*out, *nr + 1, alloc);
		(*out)[(*nr)++] = dl_xstrdup(s);
	}
	return 0;
}

static int
read_selector(struct loader *ld, const struct dl_yaml_node *n, const char *what,
	      char **out, struct dl_pos *pos)
{
	char **items = NULL, *bad = NULL;
	size_t nr = 0, i;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int rc = 0;
	if (read_strings(ld, n, what, &items, &nr) < 0)
		rc = -1;
	for (i = 0; i < nr && rc == 0; i++) {
		if (dl_rule_selector_validate(items[i], &bad) < 0) {
			rc = fail(ld, n, "%s: unknown rule or family '%s'", what, bad);
			free(bad);
		}
		if (sb.len)
			dl_strbuf_putc(&sb, ',');
		dl_strbuf_puts(&sb, items[i]);
	}
	free_strv(items, nr);
	if (rc == 0) {
		*out = dl_strbuf_detach(&sb, NULL);
		*pos = n->start;
	}
	dl_strbuf_release(&sb);
	return rc;
}

static int
rule_ids(const char ***out)
{
	size_t n, i;
	const struct dl_rule *rules = dl_rules(&n);
	*out = dl_xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		(*out)[i] = rules[i].id;
	return (int)n;
}

static int
read_levels(struct loader *ld, const struct dl_yaml_node *n,
	    struct dl_config_level **out, size_t *nr)
{
	size_t i, alloc = 0;
	n = dl_yaml_resolve(n);
	if (n->type != DL_YAML_MAPPING)
		return fail(ld, n, "rules must map rule ids to error, warning, note or off");
	for (i = 0; i < n->pairs_nr; i++) {
		const char *id = scalar(n->pairs[i].key);
		const char *lv = scalar(n->pairs[i].value);
		const struct dl_rule *rule = id ? dl_rule_find(id) : NULL;
		struct dl_config_level cl;
		if (!rule) {
			const char **ids = NULL;
			const char *near;
			rule_ids(&ids);
			near = id ? dl_nearest_word(ids, id) : NULL;
			if (near)
				fail(ld, n->pairs[i].key, "unknown rule id '%s' (did you mean `%s`?)",
				     id ? id : "", near);
			else
				fail(ld, n->pairs[i].key, "unknown rule id '%s'", id ? id : "");
			free(ids);
			return -1;
		}
		memset(&cl, 0, sizeof(cl));
		cl.rule = rule;
		cl.pos = n->pairs[i].value->start;
		if (lv && (!strcmp(lv, "off") || !strcmp(lv, "false")))
			cl.off = 1;
		else if (!lv || dl_level_parse(&cl.level, lv) < 0 || cl.level == DL_LEVEL_NONE) {
			static const char *const levels[] = { "error", "warning", "note", "off", NULL };
			const char *near = lv ? dl_nearest_word(levels, lv) : NULL;
			if (near)
				return fail(ld, n->pairs[i].value,
					    "level of %s must be error, warning, note or off, not '%s' (did you mean `%s`?)",
					    id, lv, near);
			return fail(ld, n->pairs[i].value,
				    "level of %s must be error, warning, note or off", id);
		}
		DL_ALLOC_GROW(*out, *nr + 1, alloc);
		(*out)[(*nr)++] = cl;
	}
	return 0;
}

static int
compile_pathspec(struct loader *ld, const struct dl_yaml_node *n, char **paths,
		 size_t nr, void **out)
{
	git_strarray arr;
	git_pathspec *ps = NULL;
	arr.strings = paths;
	arr.count = nr;
	if (git_pathspec_new(&ps, &arr) < 0) {
		const git_error *e = git_error_last();
		return fail(ld, n, "bad path pattern: %s", e && e->message ? e->message : "?");
	}
	*out = ps;
	return 0;
}

static int
read_overrides(struct loader *ld, const struct dl_yaml_node *n)
{
	static const char *const keys[] = { "paths", "rules", NULL };
	struct dl_config *cfg = ld->cfg;
	size_t i, alloc = 0;
	n = dl_yaml_resolve(n);
	if (n->type != DL_YAML_SEQUENCE)
		return fail(ld, n, "overrides must be a list of {paths, rules}");
	for (i = 0; i < n->items_nr; i++) {
		const struct dl_yaml_node *item = dl_yaml_resolve(n->items[i]);
		const struct dl_yaml_node *paths, *rules;
		struct dl_config_override *ov;
		if (!item || item->type != DL_YAML_MAPPING)
			return fail(ld, n->items[i], "each override must be a mapping with paths and rules");
		if (check_keys(ld, item, keys, "an override") < 0)
			return -1;
		paths = dl_yaml_get(item, "paths");
		rules = dl_yaml_get(item, "rules");
		if (!paths || !rules)
			return fail(ld, item, "an override needs both paths and rules");
		DL_ALLOC_GROW(cfg->overrides, cfg->overrides_nr + 1, alloc);
		ov = &cfg->overrides[cfg->overrides_nr++];
		memset(ov, 0, sizeof(*ov));
		ov->pos = item->start;
		if (read_strings(ld, paths, "paths", &ov->paths, &ov->paths_nr) < 0 ||
		    read_levels(ld, rules, &ov->rules, &ov->rules_nr) < 0 ||
		    compile_pathspec(ld, paths, ov->paths, ov->paths_nr, &ov->pathspec) < 0)
			return -1;
	}
	return 0;
}

static int
read_secrets(struct loader *ld, const struct dl_yaml_node *n)
{
	static const char *const keys[] = { "id", "name", "pattern", "keywords", "level",
					    "entropy", "group", "source", NULL };
	struct dl_config *cfg = ld->cfg;
	size_t i, alloc = 0;
	n = dl_yaml_resolve(n);
	if (n->type != DL_YAML_SEQUENCE)
		return fail(ld, n, "secret-patterns must be a list");
	for (i = 0; i < n->items_nr; i++) {
		const struct dl_yaml_node *item = dl_yaml_resolve(n->items[i]);
		struct dl_config_secret *s;
		const struct dl_yaml_node *v;
		const char *str;
		enum dl_level lv;
		if (!item || item->type != DL_YAML_MAPPING)
			return fail(ld, n->items[i], "each secret pattern must be a mapping");
		if (check_keys(ld, item, keys, "a secret pattern") < 0)
			return -1;
		DL_ALLOC_GROW(cfg->secrets, cfg->secrets_nr + 1, alloc);
		s = &cfg->secrets[cfg->secrets_nr++];
		memset(s, 0, sizeof(*s));
		s->pos = item->start;
		if (!(str = scalar(dl_yaml_get(item, "id"))))
			return fail(ld, item, "a secret pattern needs an id");
		s->id = dl_xstrdup(str);
		if (!(str = scalar(dl_yaml_get(item, "pattern"))))
			return fail(ld, item, "secret pattern %s needs a pattern", s->id);
		s->pattern = dl_xstrdup(str);
		s->name = dl_xstrdup((str = scalar(dl_yaml_get(item, "name"))) ? str : s->id);
		if ((str = scalar(dl_yaml_get(item, "source"))))
			s->source = dl_xstrdup(str);
		if ((v = dl_yaml_get(item, "level"))) {
			str = scalar(v);
			if (!str || dl_level_parse(&lv, str) < 0 || lv == DL_LEVEL_NONE)
				return fail(ld, v, "level must be error, warning or note");
			s->level = dl_xstrdup(str);
		}
		if ((v = dl_yaml_get(item, "keywords")) &&
		    read_strings(ld, v, "keywords", &s->keywords, &s->keywords_nr) < 0)
			return -1;
		if ((v = dl_yaml_get(item, "entropy"))) {
			char *end = NULL;
			str = scalar(v);
			s->entropy = str ? strtod(str, &end) : 0;
			if (!str || end == str || *end || s->entropy < 0 || s->entropy > 8)
				return fail(ld, v, "entropy must be a number from 0 to 8");
		}
		if ((v = dl_yaml_get(item, "group"))) {
			char *end = NULL;
			str = scalar(v);
			s->group = str ? strtol(str, &end, 10) : -1;
			if (!str || end == str || *end || s->group < 0 || s->group > 99)
				return fail(ld, v, "group must be a capture group number");
		}
		{
			/* compiled here as well as in the catalogue, so that a
			 * pattern that cannot work is a configuration error at
			 * its place (exit 2), not a silently empty catalogue */
			struct dl_regex *re = NULL;
			char *rxerr = NULL;
			const struct dl_yaml_node *pn = dl_yaml_get(item, "pattern");
			if (dl_regex_compile(&re, s->pattern, 0, &rxerr) < 0) {
				int r = fail(ld, pn, "secret pattern %s does not compile: %s",
					     s->id, rxerr);
				free(rxerr);
				return r;
			}
			if (s->group > 0 && (size_t)s->group > dl_regex_group_count(re)) {
				dl_regex_free(re);
				return fail(ld, pn, "secret pattern %s has no group %ld", s->id,
					    s->group);
			}
			dl_regex_free(re);
		}
	}
	return 0;
}

static int
read_options(struct loader *ld, const struct dl_yaml_node *n)
{
	static const char *const keys[] = { "python-versions", "placeholder-words",
					    "secret-patterns", "render-plans", NULL };
	struct dl_config *cfg = ld->cfg;
	const struct dl_yaml_node *v;
	size_t i;
	n = dl_yaml_resolve(n);
	if (n->type != DL_YAML_MAPPING)
		return fail(ld, n, "options must be a mapping");
	if (check_keys(ld, n, keys, "options") < 0)
		return -1;
	if ((v = dl_yaml_get(n, "python-versions"))) {
		if (read_strings(ld, v, "python-versions", &cfg->python_versions,
				 &cfg->python_versions_nr) < 0)
			return -1;
		for (i = 0; i < cfg->python_versions_nr; i++) {
			const char *p = cfg->python_versions[i];
			if (strncmp(p, "3.", 2) != 0 || !dl_isdigit((unsigned char)p[2]))
				return fail(ld, v, "python-versions entries look like \"3.12\", not '%s'", p);
		}
	}
	if ((v = dl_yaml_get(n, "placeholder-words")) &&
	    read_strings(ld, v, "placeholder-words", &cfg->placeholders,
			 &cfg->placeholders_nr) < 0)
		return -1;
	if ((v = dl_yaml_get(n, "secret-patterns")) && read_secrets(ld, v) < 0)
		return -1;
	if ((v = dl_yaml_get(n, "render-plans"))) {
		size_t alloc = 0;
		v = dl_yaml_resolve(v);
		if (v->type != DL_YAML_MAPPING)
			return fail(ld, v, "render-plans must map service names to plans");
		for (i = 0; i < v->pairs_nr; i++) {
			const char *svc = scalar(v->pairs[i].key), *plan = scalar(v->pairs[i].value);
			if (!svc || !plan)
				return fail(ld, v->pairs[i].key, "render-plans must map service names to plans");
			DL_ALLOC_GROW(cfg->plans, cfg->plans_nr + 1, alloc);
			cfg->plans[cfg->plans_nr].service = dl_xstrdup(svc);
			cfg->plans[cfg->plans_nr].plan = dl_xstrdup(plan);
			cfg->plans_nr++;
		}
	}
	return 0;
}

static int
read_root(struct loader *ld, const struct dl_yaml_node *root)
{
	static const char *const keys[] = { "rules", "select", "ignore", "exclude",
					    "overrides", "options", "fail-on", NULL };
	struct dl_config *cfg = ld->cfg;
	const struct dl_yaml_node *v;

	if (!root)
		return 0; /* an empty file configures nothing */
	root = dl_yaml_resolve(root);
	if (root->type != DL_YAML_MAPPING)
		return fail(ld, root, "the configuration must be a mapping of keys");
	if (check_keys(ld, root, keys, "the configuration") < 0)
		return -1;
	if ((v = dl_yaml_get(root, "rules")) &&
	    read_levels(ld, v, &cfg->rules, &cfg->rules_nr) < 0)
		return -1;
	if ((v = dl_yaml_get(root, "select")) &&
	    read_selector(ld, v, "select", &cfg->select, &cfg->select_pos) < 0)
		return -1;
	if ((v = dl_yaml_get(root, "ignore")) &&
	    read_selector(ld, v, "ignore", &cfg->ignore, &cfg->ignore_pos) < 0)
		return -1;
	if ((v = dl_yaml_get(root, "exclude"))) {
		cfg->exclude_pos = v->start;
		if (read_strings(ld, v, "exclude", &cfg->exclude, &cfg->exclude_nr) < 0 ||
		    compile_pathspec(ld, v, cfg->exclude, cfg->exclude_nr,
				     &cfg->exclude_pathspec) < 0)
			return -1;
	}
	if ((v = dl_yaml_get(root, "overrides")) && read_overrides(ld, v) < 0)
		return -1;
	if ((v = dl_yaml_get(root, "options")) && read_options(ld, v) < 0)
		return -1;
	if ((v = dl_yaml_get(root, "fail-on"))) {
		const char *s = scalar(v);
		cfg->fail_on_pos = v->start;
		cfg->has_fail_on = 1;
		if (s && !strcmp(s, "never"))
			cfg->fail_on = DL_LEVEL_NONE;
		else if (!s || dl_level_parse(&cfg->fail_on, s) < 0 ||
			 cfg->fail_on == DL_LEVEL_NONE)
			return fail(ld, v, "fail-on must be error, warning, note or never");
	}
	return 0;
}

int
dl_config_load(struct dl_config *cfg, const char *path, const char *display,
	       char **err)
{
	struct loader ld;
	struct dl_arena arena;
	struct dl_yaml_doc doc;
	struct dl_strbuf data = DL_STRBUF_INIT;
	FILE *f;
	char buf[65536];
	size_t n;
	int rc = 0;

	dl_config_init(cfg);
	git_libgit2_init();
	cfg->path = dl_xstrdup(display);
	f = fopen(path, "rb");
	if (!f) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_addf(&sb, "%s: cannot read the configuration: %s", display,
			       strerror(errno));
		*err = dl_strbuf_detach(&sb, NULL);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		dl_strbuf_put(&data, buf, n);
		if (data.len > DL_MAX_FILE_SIZE)
			break;
	}
	fclose(f);
	memset(&ld, 0, sizeof(ld));
	ld.cfg = cfg;
	ld.display = display;
	dl_strbuf_init(&ld.err, 0);
	dl_arena_init(&arena);
	if (data.len > DL_MAX_FILE_SIZE) {
		dl_strbuf_addf(&ld.err, "%s: larger than %u bytes", display, DL_MAX_FILE_SIZE);
		rc = -1;
	} else {
		dl_yaml_parse(&doc, &arena, data.buf, data.len);
		if (doc.error.set) {
			dl_strbuf_addf(&ld.err, "%s:%u:%u: YAML syntax error: %s", display,
				       doc.error.pos.line, doc.error.pos.col, doc.error.message);
			rc = -1;
		} else {
			rc = read_root(&ld, doc.root);
		}
	}
	dl_arena_release(&arena);
	dl_strbuf_release(&data);
	if (rc < 0) {
		*err = dl_strbuf_detach(&ld.err, NULL);
		return -1;
	}
	dl_strbuf_release(&ld.err);
	return 0;
}

static int
pathspec_matches(void *ps, const char *path)
{
	return ps && git_pathspec_matches_path(ps, GIT_PATHSPEC_DEFAULT, path) == 1;
}

enum dl_level
dl_config_level(const struct dl_config *cfg, const struct dl_rule *rule,
		const char *path, enum dl_level dflt)
{
	enum dl_level level = dflt;
	size_t i, j;
	for (i = 0; i < cfg->rules_nr; i++)
		if (cfg->rules[i].rule == rule)
			level = cfg->rules[i].off ? DL_LEVEL_NONE : cfg->rules[i].level;
	for (i = 0; i < cfg->overrides_nr; i++) {
		const struct dl_config_override *ov = &cfg->overrides[i];
		if (!pathspec_matches(ov->pathspec, path))
			continue;
		for (j = 0; j < ov->rules_nr; j++)
			if (ov->rules[j].rule == rule)
				level = ov->rules[j].off ? DL_LEVEL_NONE : ov->rules[j].level;
	}
	return level;
}

int
dl_config_excluded(const struct dl_config *cfg, const char *path)
{
	return pathspec_matches(cfg->exclude_pathspec, path);
}
