/*
 * deploylint: loads the credential-format catalogue (rules/secrets.yaml
 * layout, read with our YAML tree) and the placeholder list, compiles every
 * pattern once and builds the keyword automaton.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/parse.h"
#include "deploylint/regex.h"
#include "rules/data.h"
#include "secrets/internal.h"

static int
fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(char **err, const char *fmt, ...)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	dl_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	*err = dl_strbuf_detach(&sb, NULL);
	return -1;
}

static const char *
scalar(const struct dl_yaml_node *n)
{
	n = n ? dl_yaml_resolve(n) : NULL;
	return n && n->type == DL_YAML_SCALAR ? n->scalar : NULL;
}

/* A non-negative decimal number "12" or "3.25" (locale-independent). */
static int
parse_number(double *out, const char *s)
{
	double v = 0, scale = 1;
	int digits = 0;
	if (!s || !*s)
		return -1;
	for (; dl_isdigit((unsigned char)*s) && digits < 9; s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; dl_isdigit((unsigned char)*s) && digits < 12; s++, digits++)
			v += (*s - '0') * (scale /= 10);
	if (*s || !digits)
		return -1;
	*out = v;
	return 0;
}

static struct sec_keyword *
find_keyword(struct dl_secrets *s, const char *kw)
{
	size_t i;
	struct sec_keyword *k;
	for (i = 0; i < s->keywords_nr; i++)
		if (!strcmp(s->keywords[i].text, kw))
			return &s->keywords[i];
	DL_ALLOC_GROW(s->keywords, s->keywords_nr + 1, s->keywords_alloc);
	k = &s->keywords[s->keywords_nr++];
	memset(k, 0, sizeof(*k));
	k->text = dl_xstrdup(kw);
	k->len = strlen(kw);
	return k;
}

/* The words of enum dl_secret_feature (lower case: the automaton folds
 * ASCII case). */
static void
add_features(struct dl_secrets *s)
{
	static const struct {
		const char *word;
		unsigned feature;
	} words[] = {
		{ "environ", DL_FEAT_ENV_READ },
		{ "getenv", DL_FEAT_ENV_READ },
		{ "basesettings", DL_FEAT_BASESETTINGS },
		{ "://", DL_FEAT_DB },
		{ "postgres", DL_FEAT_DB },
		{ "sslmode", DL_FEAT_DB },
		{ "statement_cache_size", DL_FEAT_DB },
		{ "prepare_threshold", DL_FEAT_DB },
		{ "drivername", DL_FEAT_DB },
		{ "create_engine", DL_FEAT_DB },
		{ "create_async_engine", DL_FEAT_DB },
		{ "prepared_statement_name_func", DL_FEAT_DB },
	};
	const char *text = dl_rule_data_get("removed-stdlib-modules.tsv"), *cur = NULL;
	struct dl_data_row row;
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(words); i++)
		find_keyword(s, words[i].word)->features |= words[i].feature;
	/* PY010's modules, as whole identifiers (DL_FEAT_PY_REMOVED) */
	while (text && dl_data_next_row(text, &cur, &row)) {
		char name[64];
		int lower = 1;
		if (!row.nr || !row.lens[0] || row.lens[0] >= sizeof(name) ||
		    dl_data_field_is(&row, 0, "module"))
			continue;
		for (i = 0; i < row.lens[0]; i++) {
			lower &= !dl_isupper((unsigned char)row.fields[0][i]);
			name[i] = (char)dl_tolower((unsigned char)row.fields[0][i]);
		}
		name[i] = '\0';
		/* the automaton's words are lower case: a name that is not is
		 * noted in any spelling, anywhere (a superset still) */
		if (lower)
			find_keyword(s, name)->ident_features |= DL_FEAT_PY_REMOVED;
		else
			find_keyword(s, name)->features |= DL_FEAT_PY_REMOVED;
	}
}

static int
add_keyword(struct dl_secrets *s, const char *kw, size_t format)
{
	size_t i;
	struct sec_keyword *k = find_keyword(s, kw);
	for (i = 0; i < k->formats_nr; i++)
		if (k->formats[i] == format)
			return 0;
	DL_ALLOC_GROW(k->formats, k->formats_nr + 1, k->formats_alloc);
	k->formats[k->formats_nr++] = (uint32_t)format;
	return 0;
}

/* The fields of one format, as the YAML of rules/secrets.yaml or the
 * user's structured entries give them: NULL (or has_* 0) when not given. */
struct fmt_fields {
	const char *id, *name, *rule, *level, *anchor, *check, *source, *pattern;
	/* numbers: as text (YAML), or as a value (has_* set) */
	const char *group_s, *prefix_s, *entropy_s, *entropy_hex_s;
	int has_group, has_entropy;
	double group, entropy;
	/* keywords: keywords_ok when a non-empty list was given; an entry is
	 * NULL when it is not a string */
	int keywords_ok;
	const char *const *keywords;
	size_t keywords_nr;
};

/* A number field given as text or as a value. */
static int
field_number(double *out, const char *text, int has, double value)
{
	if (has) {
		*out = value;
		return 0;
	}
	return parse_number(out, text);
}

static int
build_format(struct dl_secrets *s, struct dl_secret_format *f, const struct fmt_fields *in,
	     size_t index, char **err)
{
	const char *id = in->id, *v;
	char *rxerr = NULL;
	double num;
	size_t i;
	unsigned flags = 0;

	if (!id || !*id)
		return fail(err, "formats[%zu]: no id", index);
	f->id = dl_arena_strdup(&s->arena, id);
	v = in->name;
	if (!v || !*v)
		return fail(err, "format %s: no name", id);
	f->name = dl_arena_strdup(&s->arena, v);
	v = in->rule;
	if (!v || (strcmp(v, "SEC002") && strcmp(v, "SEC003") && strcmp(v, "SEC004") && strcmp(v, "SEC005")) ||
	    !(f->rule = dl_rule_find(v)))
		return fail(err, "format %s: rule must be SEC002, SEC003, SEC004 or SEC005", id);
	v = in->level;
	if (!v || dl_level_parse(&f->level, v) < 0 || f->level == DL_LEVEL_NONE)
		return fail(err, "format %s: level must be error, warning or note", id);
	v = in->anchor;
	if (!v || !strcmp(v, "line"))
		f->anchor = DL_SECRET_ANCHOR_LINE;
	else if (!strcmp(v, "keyword"))
		f->anchor = DL_SECRET_ANCHOR_KEYWORD;
	else if (!strcmp(v, "word"))
		f->anchor = DL_SECRET_ANCHOR_WORD;
	else
		return fail(err, "format %s: anchor must be keyword, word or line", id);
	v = in->check;
	if (!v)
		f->check = DL_SECRET_CHECK_NONE;
	else if (!strcmp(v, "url-password"))
		f->check = DL_SECRET_CHECK_URL_PASSWORD;
	else if (!strcmp(v, "assignment"))
		f->check = DL_SECRET_CHECK_ASSIGNMENT;
	else if (!strcmp(v, "private-key"))
		f->check = DL_SECRET_CHECK_PRIVATE_KEY;
	else if (!strcmp(v, "jwt"))
		f->check = DL_SECRET_CHECK_JWT;
	else if (!strcmp(v, "keyed"))
		f->check = DL_SECRET_CHECK_KEYED;
	else if (!strcmp(v, "public-client"))
		f->check = DL_SECRET_CHECK_PUBLIC_CLIENT;
	else
		return fail(err, "format %s: check must be url-password, assignment, keyed, private-key, jwt or public-client", id);
	v = in->source;
	if (!v || !*v)
		return fail(err, "format %s: no source (where the format is documented)", id);
	f->source = dl_arena_strdup(&s->arena, v);
	f->group = 0;
	f->prefix = -1;
	if (in->group_s || in->has_group) {
		if (field_number(&num, in->group_s, in->has_group, in->group) < 0 ||
		    num != (int)num || num >= DL_REGEX_MAX_GROUPS)
			return fail(err, "format %s: group must be a capture group number", id);
		f->group = (int)num;
	}
	if (in->prefix_s) {
		if (parse_number(&num, in->prefix_s) < 0 || num != (int)num || num < 1 ||
		    num >= DL_REGEX_MAX_GROUPS)
			return fail(err, "format %s: prefix must be a capture group number", id);
		f->prefix = (int)num;
	}
	if ((in->entropy_s || in->has_entropy) &&
	    (field_number(&f->entropy, in->entropy_s, in->has_entropy, in->entropy) < 0 ||
	     f->entropy > 8))
		return fail(err, "format %s: entropy must be a number of bits from 0 to 8", id);
	if (in->entropy_hex_s &&
	    (parse_number(&f->entropy_hex, in->entropy_hex_s) < 0 || f->entropy_hex > 4))
		return fail(err, "format %s: entropy_hex must be a number of bits from 0 to 4", id);
	v = in->pattern;
	if (!v || !*v)
		return fail(err, "format %s: no pattern", id);
	f->pattern = dl_arena_strdup(&s->arena, v);
	if (f->anchor != DL_SECRET_ANCHOR_LINE)
		flags |= DL_REGEX_ANCHOR;
	if (dl_regex_compile(&f->re, f->pattern, flags, &rxerr) < 0) {
		int r = fail(err, "format %s: pattern does not compile: %s", id, rxerr);
		free(rxerr);
		return r;
	}
	if ((size_t)f->group > dl_regex_group_count(f->re) ||
	    (f->prefix > 0 && (size_t)f->prefix > dl_regex_group_count(f->re)))
		return fail(err, "format %s: the pattern has no group %d", id,
			    (size_t)f->group > dl_regex_group_count(f->re) ? f->group : f->prefix);
	if ((f->check == DL_SECRET_CHECK_URL_PASSWORD && dl_regex_group_count(f->re) < 4) ||
	    ((f->check == DL_SECRET_CHECK_ASSIGNMENT || f->check == DL_SECRET_CHECK_KEYED) &&
	     dl_regex_group_count(f->re) < 3))
		return fail(err, "format %s: check %s needs groups 1-%d", id,
			    f->check == DL_SECRET_CHECK_URL_PASSWORD ? "url-password" : "assignment",
			    f->check == DL_SECRET_CHECK_URL_PASSWORD ? 4 : 3);
	if (!in->keywords_ok || !in->keywords_nr)
		return fail(err, "format %s: keywords must be a non-empty list", id);
	f->keywords = dl_arena_alloc(&s->arena, in->keywords_nr * sizeof(*f->keywords));
	for (i = 0; i < in->keywords_nr; i++) {
		const char *kw = in->keywords[i];
		const char *p;
		if (!kw || !*kw)
			return fail(err, "format %s: keyword %zu is empty", id, i + 1);
		for (p = kw; *p; p++)
			if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e ||
			    (*p >= 'A' && *p <= 'Z'))
				return fail(err, "format %s: keyword '%s' must be lower-case printable ASCII",
					    id, kw);
		f->keywords[i] = dl_arena_strdup(&s->arena, kw);
		add_keyword(s, kw, index);
	}
	f->keywords_nr = in->keywords_nr;
	return 0;
}

/* A format of a YAML formats file (the layout of rules/secrets.yaml). */
static int
load_format(struct dl_secrets *s, struct dl_secret_format *f,
	    const struct dl_yaml_node *m, size_t index, char **err)
{
	const char *id = scalar(dl_yaml_get(m, "id"));
	const struct dl_yaml_node *kws = dl_yaml_get(m, "keywords");
	struct fmt_fields in;
	const char **words = NULL;
	size_t i;
	int rc;

	if (!m || m->type != DL_YAML_MAPPING)
		return fail(err, "formats[%zu]: not a mapping", index);
	if (!id || !*id)
		return fail(err, "formats[%zu]: no id", index);
	for (i = 0; i < m->pairs_nr; i++) {
		static const char *const known[] = {
			"id", "name", "rule", "level", "keywords", "anchor",
			"pattern", "group", "prefix", "entropy", "entropy_hex",
			"check", "source"
		};
		const char *key = scalar(m->pairs[i].key);
		size_t k;
		for (k = 0; k < DL_ARRAY_SIZE(known); k++)
			if (key && !strcmp(key, known[k]))
				break;
		if (k == DL_ARRAY_SIZE(known))
			return fail(err, "format %s: unknown field '%s'", id,
				    key ? key : "?");
	}
	memset(&in, 0, sizeof(in));
	in.id = id;
	in.name = scalar(dl_yaml_get(m, "name"));
	in.rule = scalar(dl_yaml_get(m, "rule"));
	in.level = scalar(dl_yaml_get(m, "level"));
	in.anchor = scalar(dl_yaml_get(m, "anchor"));
	in.check = scalar(dl_yaml_get(m, "check"));
	in.source = scalar(dl_yaml_get(m, "source"));
	in.pattern = scalar(dl_yaml_get(m, "pattern"));
	in.group_s = scalar(dl_yaml_get(m, "group"));
	in.prefix_s = scalar(dl_yaml_get(m, "prefix"));
	in.entropy_s = scalar(dl_yaml_get(m, "entropy"));
	in.entropy_hex_s = scalar(dl_yaml_get(m, "entropy_hex"));
	kws = kws ? dl_yaml_resolve(kws) : NULL;
	if (kws && kws->type == DL_YAML_SEQUENCE && kws->items_nr) {
		words = dl_xcalloc(kws->items_nr, sizeof(*words));
		for (i = 0; i < kws->items_nr; i++)
			words[i] = scalar(kws->items[i]);
		in.keywords_ok = 1;
		in.keywords = words;
		in.keywords_nr = kws->items_nr;
	}
	rc = build_format(s, f, &in, index, err);
	free(words);
	return rc;
}

static void
load_placeholders(struct dl_secrets *s, const char *text, size_t len)
{
	size_t i = 0, alloc = 0;
	int tests = 0;
	while (i < len) {
		const char *line = text + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i, k;
		i += n + (nl != NULL);
		while (n && (line[n - 1] == '\r' || dl_isblank((unsigned char)line[n - 1])))
			n--;
		if (!n || line[0] == '#')
			continue;
		if (n == 5 && !memcmp(line, "[any]", 5)) {
			tests = 0;
			continue;
		}
		if (n == 7 && !memcmp(line, "[tests]", 7)) {
			tests = 1;
			continue;
		}
		DL_ALLOC_GROW(s->placeholders, s->placeholders_nr + 1, alloc);
		s->placeholders[s->placeholders_nr].glob = dl_arena_strndup(&s->arena, line, n);
		for (k = 0; k < n; k++) {
			char *g = s->placeholders[s->placeholders_nr].glob;
			if (g[k] >= 'A' && g[k] <= 'Z')
				g[k] = (char)(g[k] - 'A' + 'a');
		}
		s->placeholders[s->placeholders_nr++].tests = tests;
	}
}

/* Appends the formats of `seq` (a YAML sequence) to the catalogue. */
static int
load_formats(struct dl_secrets *s, const struct dl_yaml_node *seq, size_t *alloc,
	     char **err)
{
	size_t i, j;
	for (i = 0; i < seq->items_nr; i++) {
		size_t at = s->nr;
		DL_ALLOC_GROW(s->formats, s->nr + 1, *alloc);
		memset(&s->formats[at], 0, sizeof(s->formats[at]));
		s->nr = at + 1;
		if (load_format(s, &s->formats[at], dl_yaml_resolve(seq->items[i]), at, err) < 0)
			return -1;
		for (j = 0; j < at; j++)
			if (!strcmp(s->formats[j].id, s->formats[at].id))
				return fail(err, "format %s: duplicate id", s->formats[at].id);
	}
	return 0;
}

int
dl_secrets_load(struct dl_secrets **out, const char *yaml, size_t yaml_len,
		const char *placeholders, size_t placeholders_len, char **err)
{
	return dl_secrets_load_extra(out, yaml, yaml_len, NULL, 0, placeholders,
				     placeholders_len, err);
}

/*
 * The entropy floor of a user's format kept to hundredths (truncated), the
 * precision the configuration always had, computed as parse_number() reads
 * "W.HH" so that the floor is the same double.
 */
static double
entropy_hundredths(double e)
{
	unsigned w = (unsigned)e, h = (unsigned)((e - (unsigned)e) * 100);
	unsigned d1 = h / 10, d2 = h % 10;
	/* parse_number's scale: 1 / 10, then that / 10 */
	const double tenth = 1.0 / 10, hundredth = tenth / 10;
	double v = w;
	v += d1 * tenth;
	v += d2 * hundredth;
	return v;
}

/* Appends the user's formats u[0 .. n) (SEC003, matched on the lines
 * holding one of their keywords) to the catalogue. */
static int
load_user_formats(struct dl_secrets *s, const struct dl_secret_user_format *u, size_t n,
		  const char *origin, size_t *alloc, char **err)
{
	size_t i, j, k;
	for (i = 0; i < n; i++) {
		size_t at = s->nr;
		struct fmt_fields in;
		char **words = dl_xcalloc(u[i].keywords_nr ? u[i].keywords_nr : 1, sizeof(*words));
		int rc;

		DL_ALLOC_GROW(s->formats, s->nr + 1, *alloc);
		memset(&s->formats[at], 0, sizeof(s->formats[at]));
		s->nr = at + 1;
		memset(&in, 0, sizeof(in));
		in.id = u[i].id;
		in.name = u[i].name ? u[i].name : u[i].id;
		in.rule = "SEC003";
		in.level = u[i].level ? u[i].level : "error";
		in.anchor = "line";
		in.source = u[i].source ? u[i].source : origin;
		in.pattern = u[i].pattern;
		in.has_group = 1;
		in.group = u[i].group > 0 ? (double)u[i].group : 0;
		if (u[i].entropy > 0) {
			in.has_entropy = 1;
			in.entropy = entropy_hundredths(u[i].entropy);
		}
		/* keywords match any case: the automaton takes them lower-case */
		for (k = 0; k < u[i].keywords_nr; k++) {
			words[k] = dl_xstrdup(u[i].keywords[k]);
			for (j = 0; words[k][j]; j++)
				if (words[k][j] >= 'A' && words[k][j] <= 'Z')
					words[k][j] = (char)(words[k][j] - 'A' + 'a');
		}
		in.keywords_ok = u[i].keywords_nr > 0;
		in.keywords = (const char *const *)words;
		in.keywords_nr = u[i].keywords_nr;
		rc = build_format(s, &s->formats[at], &in, at, err);
		for (k = 0; k < u[i].keywords_nr; k++)
			free(words[k]);
		free(words);
		if (rc < 0)
			return -1;
		for (j = 0; j < at; j++)
			if (!strcmp(s->formats[j].id, s->formats[at].id))
				return fail(err, "format %s: duplicate id", s->formats[at].id);
	}
	return 0;
}

/* Adds a placeholder word: a value holding it anywhere (any case) is a
 * placeholder, in any file. */
static void
add_placeholder_word(struct dl_secrets *s, const char *word, size_t *alloc)
{
	struct dl_strbuf g = DL_STRBUF_INIT;
	const char *w;

	dl_strbuf_putc(&g, '*');
	for (w = word; *w; w++) {
		char c = *w;
		if (c == '\n')
			c = ' ';
		if (c == '*' || c == '?' || c == '\\')
			dl_strbuf_putc(&g, '\\');
		dl_strbuf_putc(&g, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
	}
	dl_strbuf_putc(&g, '*');
	DL_ALLOC_GROW(s->placeholders, s->placeholders_nr + 1, *alloc);
	s->placeholders[s->placeholders_nr].glob = dl_arena_strndup(&s->arena, g.buf, g.len);
	s->placeholders[s->placeholders_nr++].tests = 0;
	dl_strbuf_release(&g);
}

/* What a catalogue is built from: a formats file, optionally a second
 * one's formats and the user's own, and the placeholders. */
struct load_input {
	const char *yaml, *extra, *placeholders;
	size_t yaml_len, extra_len, placeholders_len;
	const struct dl_secret_user_format *user;
	size_t user_nr;
	const char *origin;
	const char *const *words;
	size_t words_nr;
};

static int load_all(struct dl_secrets **out, const struct load_input *in, char **err);

int
dl_secrets_load_extra(struct dl_secrets **out, const char *yaml, size_t yaml_len,
		      const char *extra, size_t extra_len, const char *placeholders,
		      size_t placeholders_len, char **err)
{
	struct load_input in;
	memset(&in, 0, sizeof(in));
	in.yaml = yaml;
	in.yaml_len = yaml_len;
	in.extra = extra;
	in.extra_len = extra_len;
	in.placeholders = placeholders;
	in.placeholders_len = placeholders_len;
	return load_all(out, &in, err);
}

int
dl_secrets_load_user(struct dl_secrets **out, const struct dl_secret_user_format *formats,
		     size_t n, const char *origin, const char *const *words, size_t nwords,
		     char **err)
{
	struct load_input in;
	memset(&in, 0, sizeof(in));
	in.yaml = dl_embedded_secrets_yaml;
	in.yaml_len = dl_embedded_secrets_yaml_len;
	in.placeholders = dl_embedded_placeholders;
	in.placeholders_len = dl_embedded_placeholders_len;
	in.user = formats;
	in.user_nr = n;
	in.origin = origin;
	in.words = words;
	in.words_nr = nwords;
	return load_all(out, &in, err);
}

static int
load_all(struct dl_secrets **out, const struct load_input *in, char **err)
{
	const char *yaml = in->yaml, *extra = in->extra;
	size_t yaml_len = in->yaml_len, extra_len = in->extra_len;
	struct dl_secrets *s = dl_xcalloc(1, sizeof(*s));
	struct dl_arena tree;
	struct dl_yaml_doc doc, xdoc;
	const struct dl_yaml_node *formats, *skip, *v;
	const char **kw = NULL;
	size_t i, j, alloc = 0, ph_alloc;
	int rc = 0;
	*out = NULL;
	dl_arena_init(&s->arena);
	dl_arena_init(&tree);
	dl_yaml_parse(&doc, &tree, yaml, yaml_len);
	if (doc.error.set) {
		rc = fail(err, "line %u column %u: %s", doc.error.pos.line,
			  doc.error.pos.col, doc.error.message);
		goto done;
	}
	if (!doc.root || doc.root->type != DL_YAML_MAPPING) {
		rc = fail(err, "the formats file is not a YAML mapping");
		goto done;
	}
	v = dl_yaml_get(doc.root, "version");
	if (!scalar(v) || strcmp(scalar(v), "1") != 0) {
		rc = fail(err, "version must be 1");
		goto done;
	}
	skip = dl_yaml_get(doc.root, "skip_files");
	if (skip && skip->type == DL_YAML_SEQUENCE) {
		s->skip_files = dl_xcalloc(skip->items_nr ? skip->items_nr : 1,
					   sizeof(*s->skip_files));
		for (i = 0; i < skip->items_nr; i++) {
			const char *g = scalar(skip->items[i]);
			char *c;
			if (!g) {
				rc = fail(err, "skip_files[%zu] is not a string", i);
				goto done;
			}
			c = dl_arena_strdup(&s->arena, g);
			for (j = 0; c[j]; j++)
				if (c[j] >= 'A' && c[j] <= 'Z')
					c[j] = (char)(c[j] - 'A' + 'a');
			s->skip_files[s->skip_nr++] = c;
		}
	} else if (skip) {
		rc = fail(err, "skip_files must be a list");
		goto done;
	}
	formats = dl_yaml_get(doc.root, "formats");
	if (!formats || formats->type != DL_YAML_SEQUENCE || !formats->items_nr) {
		rc = fail(err, "formats must be a non-empty list");
		goto done;
	}
	if ((rc = load_formats(s, formats, &alloc, err)) < 0)
		goto done;
	if (extra) {
		dl_yaml_parse(&xdoc, &tree, extra, extra_len);
		formats = xdoc.root ? dl_yaml_get(xdoc.root, "formats") : NULL;
		if (xdoc.error.set) {
			rc = fail(err, "line %u column %u: %s", xdoc.error.pos.line,
				  xdoc.error.pos.col, xdoc.error.message);
			goto done;
		}
		if (formats && formats->type == DL_YAML_SEQUENCE &&
		    (rc = load_formats(s, formats, &alloc, err)) < 0)
			goto done;
	}
	if (in->user_nr && (rc = load_user_formats(s, in->user, in->user_nr, in->origin, &alloc,
						   err)) < 0)
		goto done;
	load_placeholders(s, in->placeholders, in->placeholders_len);
	ph_alloc = s->placeholders_nr;
	for (i = 0; i < in->words_nr; i++)
		add_placeholder_word(s, in->words[i], &ph_alloc);
	add_features(s);
	kw = dl_xmalloc(dl_st_mult(s->keywords_nr ? s->keywords_nr : 1, sizeof(*kw)));
	for (i = 0; i < s->keywords_nr; i++) {
		struct sec_keyword *k = &s->keywords[i];
		size_t fi;
		kw[i] = k->text;
		k->assign_only = k->formats_nr > 0;
		for (fi = 0; fi < k->formats_nr; fi++) {
			const struct dl_secret_format *f = &s->formats[k->formats[fi]];
			if ((f->check != DL_SECRET_CHECK_ASSIGNMENT &&
			     f->check != DL_SECRET_CHECK_KEYED) ||
			    f->anchor != DL_SECRET_ANCHOR_WORD)
				k->assign_only = 0;
		}
	}
	ac_build(&s->ac, kw, s->keywords_nr);
	free(kw);
done:
	dl_arena_release(&tree);
	if (rc < 0) {
		dl_secrets_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void
dl_secrets_free(struct dl_secrets *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->nr; i++)
		dl_regex_free(s->formats[i].re);
	free(s->formats);
	for (i = 0; i < s->keywords_nr; i++) {
		free(s->keywords[i].text);
		free(s->keywords[i].formats);
	}
	free(s->keywords);
	free(s->skip_files);
	free(s->placeholders);
	ac_release(&s->ac);
	dl_arena_release(&s->arena);
	free(s);
}

static struct dl_secrets *builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void
load_builtin(void)
{
	char *err = NULL;
	if (dl_secrets_load(&builtin, dl_embedded_secrets_yaml,
			    dl_embedded_secrets_yaml_len, dl_embedded_placeholders,
			    dl_embedded_placeholders_len, &err) < 0) {
		fprintf(stderr, "deploylint: BUG: built-in rules/secrets.yaml: %s\n", err);
		free(err);
		abort();
	}
}

const struct dl_secrets *
dl_secrets_builtin(void)
{
	pthread_once(&builtin_once, load_builtin);
	return builtin;
}

void
dl_secrets_builtin_release(void)
{
	dl_secrets_free(builtin);
	builtin = NULL;
}

const char *
dl_secrets_yaml_text(void)
{
	return dl_embedded_secrets_yaml;
}

size_t
dl_secrets_yaml_len(void)
{
	return dl_embedded_secrets_yaml_len;
}

const char *
dl_placeholders_text(void)
{
	return dl_embedded_placeholders;
}

size_t
dl_placeholders_len(void)
{
	return dl_embedded_placeholders_len;
}

size_t
dl_secrets_count(const struct dl_secrets *s)
{
	return s->nr;
}

const struct dl_secret_format *
dl_secrets_format(const struct dl_secrets *s, size_t i)
{
	return i < s->nr ? &s->formats[i] : NULL;
}
