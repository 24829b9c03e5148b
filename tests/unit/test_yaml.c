/*
 * Unit tests for the YAML document tree: positions, aliases and merge keys,
 * limits, errors and hostile encodings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deploylint/limits.h"
#include "deploylint/parse.h"

static struct dl_arena arena;

static int
setup(void **state)
{
	(void)state;
	dl_arena_init(&arena);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	dl_arena_release(&arena);
	return 0;
}

static void
parse_n(struct dl_yaml_doc *doc, const char *s, size_t len)
{
	dl_yaml_parse(doc, &arena, s, len);
}

static void
parse(struct dl_yaml_doc *doc, const char *s)
{
	parse_n(doc, s, strlen(s));
}

/* The helpers below take the caller's line so failures point at it. */
#define assert_span(n, l, c, el, ec) check_span(n, l, c, el, ec, __LINE__)
#define assert_scalar(n, v) check_scalar(n, v, __LINE__)
#define assert_error(d, l, c, m) check_error(d, l, c, m, __LINE__)

static void
check_span(const struct dl_yaml_node *n, unsigned line, unsigned col,
	   unsigned end_line, unsigned end_col, int at)
{
	if (!n)
		fail_msg("line %d: no node", at);
	if (n->start.line != line || n->start.col != col ||
	    n->end.line != end_line || n->end.col != end_col)
		fail_msg("line %d: span %u:%u-%u:%u, expected %u:%u-%u:%u", at,
			 n->start.line, n->start.col, n->end.line, n->end.col,
			 line, col, end_line, end_col);
}

static void
check_scalar(const struct dl_yaml_node *n, const char *value, int at)
{
	if (!n)
		fail_msg("line %d: no node", at);
	if (n->type != DL_YAML_SCALAR || n->scalar_len != strlen(value) ||
	    memcmp(n->scalar, value, n->scalar_len))
		fail_msg("line %d: type %d \"%s\", expected scalar \"%s\"", at,
			 (int)n->type, n->scalar ? n->scalar : "", value);
}

static void
check_error(const struct dl_yaml_doc *doc, unsigned line, unsigned col,
	    const char *message_part, int at)
{
	if (!doc->error.set)
		fail_msg("line %d: no error", at);
	if (!doc->error.message || !strstr(doc->error.message, message_part) ||
	    doc->error.pos.line != line || doc->error.pos.col != col)
		fail_msg("line %d: error %u:%u \"%s\", expected %u:%u \"%s\"",
			 at, doc->error.pos.line, doc->error.pos.col,
			 doc->error.message ? doc->error.message : "(null)",
			 line, col, message_part);
}

/*
 * Walks every node reachable without following aliases (explicit stack)
 * and checks the invariants every tree must keep, partial or not.
 */
static void
check_tree(const struct dl_yaml_node *root)
{
	const struct dl_yaml_node **stack;
	size_t nr = 0, alloc = 64, i;

	if (!root)
		return;
	stack = malloc(alloc * sizeof(*stack));
	assert_non_null(stack);
	stack[nr++] = root;
	while (nr) {
		const struct dl_yaml_node *n = stack[--nr];
		size_t need = n->items_nr + 2 * n->pairs_nr;

		assert_non_null(n);
		assert_true(n->start.line >= 1 && n->start.col >= 1);
		assert_true(n->end.line >= 1 && n->end.col >= 1);
		assert_true(n->start.line < n->end.line ||
			    (n->start.line == n->end.line &&
			     n->start.col <= n->end.col));
		if (nr + need > alloc) {
			alloc = (nr + need) * 2;
			stack = realloc(stack, alloc * sizeof(*stack));
			assert_non_null(stack);
		}
		switch (n->type) {
		case DL_YAML_SCALAR:
			assert_non_null(n->scalar);
			assert_int_equal(n->scalar[n->scalar_len], '\0');
			break;
		case DL_YAML_ALIAS:
			assert_non_null(n->target);
			assert_int_not_equal(n->target->type, DL_YAML_ALIAS);
			break;
		case DL_YAML_SEQUENCE:
			for (i = 0; i < n->items_nr; i++)
				stack[nr++] = n->items[i];
			break;
		case DL_YAML_MAPPING:
			for (i = 0; i < n->pairs_nr; i++) {
				stack[nr++] = n->pairs[i].key;
				stack[nr++] = n->pairs[i].value;
			}
			break;
		default:
			fail_msg("bad node type %d", (int)n->type);
		}
	}
	free(stack);
}

static const char render_yaml[] =
	"services:\n"                                /* 1 */
	"  - type: web\n"                            /* 2 */
	"    name: api\n"                            /* 3 */
	"    runtime: python\n"                      /* 4 */
	"    buildCommand: |\n"                      /* 5 */
	"      pip install -r requirements.txt\n"    /* 6 */
	"      python manage.py migrate\n"           /* 7 */
	"    startCommand: gunicorn app.wsgi\n"      /* 8 */
	"    tags: [caf\xC3\xA9, \"x y\"]  # note\n" /* 9 */
	"    envVars:\n"                             /* 10 */
	"      - key: DATABASE_URL\n"                /* 11 */
	"        fromDatabase:\n"                    /* 12 */
	"          name: db\n"                       /* 13 */
	"          property: connectionString\n"     /* 14 */
	"      - key: SECRET_KEY\n"                  /* 15 */
	"        generateValue: true\n";             /* 16 */

static void
test_render_positions(void **state)
{
	struct dl_yaml_doc doc;
	const struct dl_yaml_node *root, *services, *web, *build, *tags, *env,
		*db;
	(void)state;

	parse(&doc, render_yaml);
	assert_false(doc.error.set);
	assert_int_equal(doc.documents, 1);
	root = doc.root;
	assert_int_equal(root->type, DL_YAML_MAPPING);
	assert_null(root->tag);
	assert_null(root->anchor);
	assert_span(root, 1, 1, 16, 28);
	assert_int_equal(root->pairs_nr, 1);
	assert_span(root->pairs[0].key, 1, 1, 1, 9);
	assert_span(dl_yaml_get_key(root, "services"), 1, 1, 1, 9);

	services = dl_yaml_get(root, "services");
	assert_int_equal(services->type, DL_YAML_SEQUENCE);
	assert_int_equal(services->items_nr, 1);
	assert_span(services, 2, 3, 16, 28);

	web = services->items[0];
	assert_int_equal(web->type, DL_YAML_MAPPING);
	assert_int_equal(web->pairs_nr, 7);
	assert_span(web, 2, 5, 16, 28);
	assert_scalar(dl_yaml_get(web, "type"), "web");
	assert_span(dl_yaml_get(web, "type"), 2, 11, 2, 14);
	assert_int_equal(dl_yaml_get(web, "type")->style, DL_YAML_PLAIN);
	assert_span(dl_yaml_get_key(web, "runtime"), 4, 5, 4, 12);
	assert_span(dl_yaml_get(web, "runtime"), 4, 14, 4, 20);

	build = dl_yaml_get(web, "buildCommand");
	assert_scalar(build, "pip install -r requirements.txt\n"
			     "python manage.py migrate\n");
	assert_int_equal(build->style, DL_YAML_LITERAL);
	assert_span(dl_yaml_get_key(web, "buildCommand"), 5, 5, 5, 17);
	assert_span(build, 5, 19, 8, 1);
	assert_span(dl_yaml_get(web, "startCommand"), 8, 19, 8, 36);

	/* byte columns: "é" is two bytes */
	tags = dl_yaml_get(web, "tags");
	assert_int_equal(tags->type, DL_YAML_SEQUENCE);
	assert_span(tags, 9, 11, 9, 25);
	assert_int_equal(tags->items_nr, 2);
	assert_scalar(tags->items[0], "caf\xC3\xA9");
	assert_span(tags->items[0], 9, 12, 9, 17);
	assert_scalar(tags->items[1], "x y");
	assert_int_equal(tags->items[1]->style, DL_YAML_DOUBLE_QUOTED);
	assert_span(tags->items[1], 9, 19, 9, 24);

	env = dl_yaml_get(web, "envVars");
	assert_int_equal(env->type, DL_YAML_SEQUENCE);
	assert_int_equal(env->items_nr, 2);
	assert_span(env, 11, 7, 16, 28);
	assert_span(env->items[0], 11, 9, 14, 37);
	assert_scalar(dl_yaml_get(env->items[0], "key"), "DATABASE_URL");
	assert_span(dl_yaml_get(env->items[0], "key"), 11, 14, 11, 26);
	db = dl_yaml_get(env->items[0], "fromDatabase");
	assert_int_equal(db->type, DL_YAML_MAPPING);
	assert_span(db, 13, 11, 14, 37);
	assert_scalar(dl_yaml_get(db, "property"), "connectionString");
	assert_span(dl_yaml_get(db, "property"), 14, 21, 14, 37);
	assert_span(dl_yaml_get_key(env->items[1], "generateValue"), 16, 9,
		    16, 22);
	assert_scalar(dl_yaml_get(env->items[1], "generateValue"), "true");
	assert_span(dl_yaml_get(env->items[1], "generateValue"), 16, 24, 16,
		    28);

	/* misses */
	assert_null(dl_yaml_get(web, "missing"));
	assert_null(dl_yaml_get(web, "typ"));
	assert_null(dl_yaml_get(web, "type "));
	assert_null(dl_yaml_get_key(web, "missing"));
	assert_null(dl_yaml_get(services, "type"));
	assert_null(dl_yaml_get(build, "x"));
	assert_null(dl_yaml_get(NULL, "x"));
	assert_null(dl_yaml_resolve(NULL));
	assert_ptr_equal(dl_yaml_resolve(web), web);
	check_tree(doc.root);
}

static void
test_scalar_styles_tags(void **state)
{
	struct dl_yaml_doc doc;
	const struct dl_yaml_node *n;
	(void)state;

	parse(&doc, "p: plain\n"
		    "s: 'it''s'\n"
		    "d: \"a\\tb\\u00e9\\0z\"\n"
		    "f: >\n  one\n  two\n"
		    "t: !!str 12\n"
		    "c: !custom [x]\n"
		    "e:\n"
		    "? complex\n"
		    ": value\n");
	assert_false(doc.error.set);
	assert_int_equal(dl_yaml_get(doc.root, "p")->style, DL_YAML_PLAIN);
	n = dl_yaml_get(doc.root, "s");
	assert_scalar(n, "it's");
	assert_int_equal(n->style, DL_YAML_SINGLE_QUOTED);
	n = dl_yaml_get(doc.root, "d");
	assert_int_equal(n->style, DL_YAML_DOUBLE_QUOTED);
	assert_int_equal(n->scalar_len, 7);
	assert_memory_equal(n->scalar, "a\tb\xC3\xA9\0z", 8);
	assert_span(n, 3, 4, 3, 19);
	n = dl_yaml_get(doc.root, "f");
	assert_scalar(n, "one two\n");
	assert_int_equal(n->style, DL_YAML_FOLDED);
	n = dl_yaml_get(doc.root, "t");
	assert_scalar(n, "12");
	assert_string_equal(n->tag, "tag:yaml.org,2002:str");
	assert_span(n, 7, 4, 7, 12);
	n = dl_yaml_get(doc.root, "c");
	assert_int_equal(n->type, DL_YAML_SEQUENCE);
	assert_string_equal(n->tag, "!custom");
	/* an empty value is an empty plain scalar right after the ':' */
	n = dl_yaml_get(doc.root, "e");
	assert_scalar(n, "");
	assert_span(n, 9, 3, 9, 3);
	assert_scalar(dl_yaml_get(doc.root, "complex"), "value");
	check_tree(doc.root);
}

static const char anchors_yaml[] =
	"base: &base\n"             /* 1 */
	"  plan: starter\n"         /* 2 */
	"  region: oregon\n"        /* 3 */
	"extra: &extra\n"           /* 4 */
	"  region: frankfurt\n"     /* 5 */
	"  numInstances: 2\n"       /* 6 */
	"services:\n"               /* 7 */
	"  - <<: *base\n"           /* 8 */
	"    name: a\n"             /* 9 */
	"    plan: pro\n"           /* 10 */
	"  - <<: [*extra, *base]\n" /* 11 */
	"    name: b\n"             /* 12 */
	"  - \"<<\": *base\n"       /* 13 */
	"ref: *base\n"              /* 14 */
	"x: &v 1\n"                 /* 15 */
	"y: &v 2\n"                 /* 16 */
	"z: *v\n"                   /* 17 */
	"deep: &deep\n"             /* 18 */
	"  <<: *extra\n"            /* 19 */
	"  own: yes\n"              /* 20 */
	"top:\n"                    /* 21 */
	"  <<: *deep\n"             /* 22 */
	"  region: here\n"          /* 23 */
	"tagged:\n"                 /* 24 */
	"  !!merge <<: *base\n"     /* 25 */
	"dup: {a: 1, a: 2}\n"       /* 26 */
	"*v : aliased key\n";       /* 27 */

static void
test_anchors_aliases_merges(void **state)
{
	struct dl_yaml_doc doc;
	const struct dl_yaml_node *root, *base, *services, *s, *ref, *n;
	(void)state;

	parse(&doc, anchors_yaml);
	assert_false(doc.error.set);
	root = doc.root;
	base = dl_yaml_get(root, "base");
	assert_int_equal(base->type, DL_YAML_MAPPING);
	assert_string_equal(base->anchor, "base");
	assert_span(base, 1, 7, 3, 17);

	services = dl_yaml_get(root, "services");
	assert_int_equal(services->items_nr, 3);

	/* explicit keys win over merged ones, whatever their order */
	s = services->items[0];
	assert_int_equal(s->pairs[0].value->type, DL_YAML_ALIAS);
	assert_ptr_equal(s->pairs[0].value->target, base);
	assert_span(s->pairs[0].value, 8, 9, 8, 14);
	assert_scalar(dl_yaml_get(s, "plan"), "pro");
	assert_span(dl_yaml_get_key(s, "plan"), 10, 5, 10, 9);
	assert_scalar(dl_yaml_get(s, "region"), "oregon");
	assert_span(dl_yaml_get_key(s, "region"), 3, 3, 3, 9);
	assert_scalar(dl_yaml_get(s, "name"), "a");
	assert_null(dl_yaml_get(s, "<<"));

	/* a list of sources: the first one that has the key wins */
	s = services->items[1];
	assert_scalar(dl_yaml_get(s, "region"), "frankfurt");
	assert_scalar(dl_yaml_get(s, "plan"), "starter");
	assert_scalar(dl_yaml_get(s, "numInstances"), "2");
	assert_null(dl_yaml_get(s, "nope"));

	/* a quoted "<<" is an ordinary key */
	s = services->items[2];
	assert_null(dl_yaml_get(s, "plan"));
	assert_ptr_equal(dl_yaml_get(s, "<<"), base);

	/* aliases stay aliases; get and resolve follow them */
	ref = root->pairs[3].value;
	assert_int_equal(ref->type, DL_YAML_ALIAS);
	assert_null(ref->anchor);
	assert_ptr_equal(ref->target, base);
	assert_span(ref, 14, 6, 14, 11);
	assert_ptr_equal(dl_yaml_resolve(ref), base);
	assert_ptr_equal(dl_yaml_get(root, "ref"), base);
	assert_scalar(dl_yaml_get(ref, "plan"), "starter");

	/* a redefined anchor: the later definition wins for later aliases */
	n = dl_yaml_get(root, "z");
	assert_scalar(n, "2");
	assert_span(n, 16, 4, 16, 8); /* a node's span includes its anchor */
	assert_string_equal(n->anchor, "v");

	/* merges of merges, depth first */
	n = dl_yaml_get(root, "top");
	assert_scalar(dl_yaml_get(n, "region"), "here");
	assert_scalar(dl_yaml_get(n, "own"), "yes");
	assert_scalar(dl_yaml_get(n, "numInstances"), "2");
	assert_null(dl_yaml_get(n, "plan"));

	/* !!merge << is a merge key too */
	assert_scalar(dl_yaml_get(dl_yaml_get(root, "tagged"), "plan"),
		      "starter");

	/* duplicate keys: the last one, as PyYAML */
	assert_scalar(dl_yaml_get(dl_yaml_get(root, "dup"), "a"), "2");

	/* keys are compared after resolving aliases */
	assert_scalar(dl_yaml_get(root, "2"), "aliased key");
	assert_int_equal(dl_yaml_get_key(root, "2")->type, DL_YAML_ALIAS);
	check_tree(doc.root);
}

static void
test_alias_errors(void **state)
{
	struct dl_yaml_doc doc;
	(void)state;

	parse(&doc, "a: 1\nb: *nope\nc: 3\n");
	assert_error(&doc, 2, 4, "found undefined alias 'nope'");
	/* the partial tree keeps what came before */
	assert_scalar(dl_yaml_get(doc.root, "a"), "1");
	assert_null(dl_yaml_get(doc.root, "b"));
	assert_int_equal(doc.root->pairs_nr, 1);
	assert_span(doc.root, 1, 1, 1, 5);
	check_tree(doc.root);

	/* an alias inside its own anchor's node would make a cycle */
	parse(&doc, "a: &x [1, *x]\n");
	assert_error(&doc, 1, 11, "anchor 'x' value contains itself");
	check_tree(doc.root);
	parse(&doc, "a: &x {k: {j: *x}}\n");
	assert_error(&doc, 1, 15, "contains itself");
	check_tree(doc.root);

	/* anchors do not carry over to the next document (not checked) */
	parse(&doc, "--- &a x\n--- *a\n");
	assert_false(doc.error.set);
	assert_int_equal(doc.documents, 2);
	assert_scalar(doc.root, "x");
}

static double
seconds_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void
test_alias_bomb(void **state)
{
	struct dl_yaml_doc doc;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const struct dl_yaml_node *n, *prev = NULL;
	clock_t start;
	int level, i;
	(void)state;

	/* the billion laughs cut to 5 levels of 10 aliases each (100,000
	 * scalars once expanded, under DL_MAX_YAML_EXPANDED): never copied */
	dl_strbuf_puts(&sb, "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, "
			    "lol, lol]\n");
	for (level = 1; level < 5; level++) {
		dl_strbuf_addf(&sb, "l%d: &l%d [", level, level);
		for (i = 0; i < 10; i++)
			dl_strbuf_addf(&sb, "%s*l%d", i ? ", " : "", level - 1);
		dl_strbuf_puts(&sb, "]\n");
	}
	/* and its merge-key version: lookups must not blow up either */
	dl_strbuf_puts(&sb, "m0: &m0 {k: v}\n");
	for (level = 1; level < 5; level++) {
		dl_strbuf_addf(&sb, "m%d: &m%d {<<: [", level, level);
		for (i = 0; i < 10; i++)
			dl_strbuf_addf(&sb, "%s*m%d", i ? ", " : "", level - 1);
		dl_strbuf_puts(&sb, "]}\n");
	}

	start = clock();
	parse_n(&doc, sb.buf, sb.len);
	assert_false(doc.error.set);
	assert_int_equal(doc.root->pairs_nr, 10);
	for (level = 0; level < 5; level++) {
		char key[8];
		snprintf(key, sizeof(key), "l%d", level);
		n = dl_yaml_get(doc.root, key);
		assert_int_equal(n->type, DL_YAML_SEQUENCE);
		assert_int_equal(n->items_nr, 10);
		for (i = 0; i < 10; i++) {
			if (!level) {
				assert_scalar(n->items[i], "lol");
				continue;
			}
			assert_int_equal(n->items[i]->type, DL_YAML_ALIAS);
			assert_ptr_equal(n->items[i]->target, prev);
		}
		prev = n;
	}
	n = dl_yaml_get(doc.root, "m4");
	assert_scalar(dl_yaml_get(n, "k"), "v");
	assert_null(dl_yaml_get(n, "missing"));
	assert_null(dl_yaml_get_key(n, "missing"));
	assert_true(seconds_since(start) < 1.0);
	check_tree(doc.root);
	dl_strbuf_release(&sb);

	/* the whole billion laughs: one error, where the expansion passes
	 * DL_MAX_YAML_EXPANDED (issue 13 item 9) */
	dl_strbuf_puts(&sb, "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (level = 1; level < 10; level++) {
		dl_strbuf_addf(&sb, "l%d: &l%d [", level, level);
		for (i = 0; i < 10; i++)
			dl_strbuf_addf(&sb, "%s*l%d", i ? ", " : "", level - 1);
		dl_strbuf_puts(&sb, "]\n");
	}
	parse_n(&doc, sb.buf, sb.len);
	assert_true(doc.error.set);
	assert_non_null(strstr(doc.error.message, "aliases expand the document"));
	assert_int_equal(doc.error.pos.line, 6); /* l5: 1,111,111 nodes */
	dl_strbuf_release(&sb);
}

static char *
brackets(size_t open, size_t close)
{
	char *s = malloc(open + close + 1);
	assert_non_null(s);
	memset(s, '[', open);
	memset(s + open, ']', close);
	s[open + close] = '\0';
	return s;
}

static void
test_depth_limit(void **state)
{
	struct dl_yaml_doc doc;
	const struct dl_yaml_node *n;
	char *s;
	size_t depth;
	clock_t start;
	(void)state;

	/* exactly the limit is fine */
	s = brackets(DL_MAX_YAML_DEPTH, DL_MAX_YAML_DEPTH);
	parse(&doc, s);
	assert_false(doc.error.set);
	for (n = doc.root, depth = 0; n->items_nr; n = n->items[0])
		depth++;
	assert_int_equal(depth + 1, DL_MAX_YAML_DEPTH);
	assert_span(doc.root, 1, 1, 1, 2 * DL_MAX_YAML_DEPTH + 1);
	free(s);

	/* 100000 '[': stops at the first one too deep */
	start = clock();
	s = brackets(100000, 0);
	parse(&doc, s);
	assert_error(&doc, 1, DL_MAX_YAML_DEPTH + 1, "depth limit");
	assert_true(seconds_since(start) < 2.0);
	/* the partial tree is kept, closed */
	assert_int_equal(doc.root->type, DL_YAML_SEQUENCE);
	check_tree(doc.root);
	free(s);

	/* block nesting counts the same way */
	{
		struct dl_strbuf sb = DL_STRBUF_INIT;
		size_t i;
		for (i = 0; i <= DL_MAX_YAML_DEPTH; i++)
			dl_strbuf_addf(&sb, "%*sk:\n", (int)i, "");
		parse_n(&doc, sb.buf, sb.len);
		assert_error(&doc, DL_MAX_YAML_DEPTH + 1, DL_MAX_YAML_DEPTH + 1,
			     "depth limit");
		check_tree(doc.root);
		dl_strbuf_release(&sb);
	}
}

static void
test_node_limit(void **state)
{
	struct dl_yaml_doc doc;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t i;
	(void)state;

	/* one sequence and DL_MAX_YAML_NODES scalars: one node too many */
	dl_strbuf_grow(&sb, 2 * DL_MAX_YAML_NODES + 2);
	dl_strbuf_putc(&sb, '[');
	for (i = 0; i < DL_MAX_YAML_NODES; i++)
		dl_strbuf_put(&sb, "1,", 2);
	dl_strbuf_putc(&sb, ']');
	parse_n(&doc, sb.buf, sb.len);
	assert_error(&doc, 1, 2 * DL_MAX_YAML_NODES, "node limit");
	assert_int_equal(doc.root->items_nr, DL_MAX_YAML_NODES - 1);
	dl_strbuf_release(&sb);
}

static void
test_syntax_errors(void **state)
{
	struct dl_yaml_doc doc;
	(void)state;

	parse(&doc, "a: b\nc: d: e\n");
	assert_error(&doc, 2, 5,
		     "mapping values are not allowed in this context");
	assert_scalar(dl_yaml_get(doc.root, "a"), "b");
	check_tree(doc.root);

	/* tabs cannot indent */
	parse(&doc, "a:\n\tb: 1\n");
	assert_error(&doc, 2, 1,
		     "found character that cannot start any token while "
		     "scanning for the next token");
	assert_int_equal(doc.root->type, DL_YAML_MAPPING);
	assert_int_equal(doc.root->pairs_nr, 0); /* "a" had no value yet */
	check_tree(doc.root);

	parse(&doc, "services:\n  - name: x\n   bad: [1, 2\n");
	assert_true(doc.error.set);
	check_tree(doc.root);

	/* unclosed flow collection at the end of input */
	parse(&doc, "k: [a, b\n");
	assert_error(&doc, 2, 1, "did not find expected ',' or ']'");
	assert_int_equal(dl_yaml_get(doc.root, "k")->items_nr, 2);
	check_tree(doc.root);

	/* byte columns after a multi-byte character */
	parse(&doc, "\xC3\xA9: x: y\n");
	assert_error(&doc, 1, 6, "mapping values are not allowed");
}

static void
test_empty(void **state)
{
	struct dl_yaml_doc doc;
	static const char *const inputs[] = {
		"",
		"\n\n",
		"# just a comment\n",
		"   ",
		"\xEF\xBB\xBF",
	};
	size_t i;
	(void)state;

	for (i = 0; i < DL_ARRAY_SIZE(inputs); i++) {
		parse(&doc, inputs[i]);
		assert_null(doc.root);
		assert_int_equal(doc.documents, 0);
		assert_false(doc.error.set);
	}
	parse_n(&doc, NULL, 0);
	assert_null(doc.root);
	assert_int_equal(doc.documents, 0);
	assert_false(doc.error.set);

	/* an explicit empty document has an empty scalar root */
	parse(&doc, "---\n");
	assert_int_equal(doc.documents, 1);
	assert_scalar(doc.root, "");
}

static void
test_multiple_documents(void **state)
{
	struct dl_yaml_doc doc;
	(void)state;

	parse(&doc, "a: 1\n---\nb: 2\n---\n- c\n...\n");
	assert_false(doc.error.set);
	assert_int_equal(doc.documents, 3);
	assert_int_equal(doc.root->pairs_nr, 1);
	assert_scalar(dl_yaml_get(doc.root, "a"), "1");
	assert_null(dl_yaml_get(doc.root, "b"));

	parse(&doc, "--- first\n--- second\n--- third\n");
	assert_int_equal(doc.documents, 3);
	assert_scalar(doc.root, "first");
	assert_span(doc.root, 1, 5, 1, 10);

	/* an error in a later document keeps the first one whole */
	parse(&doc, "a: 1\n---\nb: [\n");
	assert_int_equal(doc.documents, 2);
	assert_error(&doc, 4, 1, "did not find expected node content");
	assert_scalar(dl_yaml_get(doc.root, "a"), "1");
	assert_span(doc.root, 1, 1, 1, 5);

	/* limits apply to later documents too */
	{
		char *s = brackets(100000, 0);
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_puts(&sb, "ok\n---\n");
		dl_strbuf_puts(&sb, s);
		parse_n(&doc, sb.buf, sb.len);
		assert_scalar(doc.root, "ok");
		assert_error(&doc, 3, DL_MAX_YAML_DEPTH + 1, "depth limit");
		dl_strbuf_release(&sb);
		free(s);
	}
}

static void
test_nul_and_bad_utf8(void **state)
{
	struct dl_yaml_doc doc;
	(void)state;

	parse_n(&doc, "a: b\0c\n", 7);
	assert_error(&doc, 1, 5, "control characters are not allowed");
	check_tree(doc.root);

	parse_n(&doc, "\xC3\xA9: 1\nb: \0", 11);
	assert_error(&doc, 2, 4, "control characters are not allowed");

	parse_n(&doc, "\0", 1);
	assert_error(&doc, 1, 1, "control characters are not allowed");
	assert_null(doc.root);

	parse(&doc, "a: \xFF\n");
	assert_error(&doc, 1, 4, "invalid leading UTF-8 octet");

	/* a bad trailing byte: the position of the sequence's first byte */
	parse(&doc, "a: b\r\nc: \xC3\x28\n");
	assert_error(&doc, 2, 4, "invalid trailing UTF-8 octet");

	/* truncated sequence at the very end */
	parse(&doc, "a: \xE2\x82");
	assert_error(&doc, 1, 4, "incomplete UTF-8 octet sequence");

	/* overlong encoding and surrogates */
	parse(&doc, "a: \xC0\xAF\n");
	assert_true(doc.error.set);
	parse(&doc, "a: \xED\xA0\x80\n");
	assert_true(doc.error.set);
}

static void
test_utf8_bom_and_crlf(void **state)
{
	struct dl_yaml_doc doc;
	(void)state;

	parse(&doc, "\xEF\xBB\xBF"
		    "a: 1\r\nb: [x]\r\n");
	assert_false(doc.error.set);
	/* columns count from after the BOM, as editors show them */
	assert_span(doc.root->pairs[0].key, 1, 1, 1, 2);
	assert_span(dl_yaml_get(doc.root, "a"), 1, 4, 1, 5);
	assert_span(dl_yaml_get(doc.root, "b"), 2, 4, 2, 7);
	assert_span(dl_yaml_get(doc.root, "b")->items[0], 2, 5, 2, 6);
}

static void
test_utf16(void **state)
{
	struct dl_yaml_doc doc;
	const struct dl_yaml_node *n;
	(void)state;

	/* UTF-16LE with BOM: "a: b\nc: \u00e9x\n" */
	parse_n(&doc, "\xFF\xFE"
		      "a\0:\0 \0b\0\n\0c\0:\0 \0\xE9\0x\0\n\0",
		24);
	assert_false(doc.error.set);
	n = dl_yaml_get(doc.root, "a");
	assert_scalar(n, "b");
	assert_span(n, 1, 4, 1, 5); /* character columns */
	assert_scalar(dl_yaml_get(doc.root, "c"), "\xC3\xA9x");

	/* UTF-16BE with BOM and a surrogate pair (U+1F600) */
	parse_n(&doc, "\xFE\xFF"
		      "\0k\0:\0 \xD8\x3D\xDE\x00\0!",
		14);
	assert_false(doc.error.set);
	n = dl_yaml_get(doc.root, "k");
	assert_scalar(n, "\xF0\x9F\x98\x80!");
	assert_span(n, 1, 4, 1, 6);

	/* odd length, lone surrogate, NUL character: errors, no crash */
	parse_n(&doc, "\xFF\xFE"
		      "a\0:\0 \0b",
		9);
	assert_error(&doc, 1, 4, "incomplete UTF-16 character");
	parse_n(&doc, "\xFF\xFE"
		      "a\0:\0 \0\x00\xDC",
		10);
	assert_true(doc.error.set);
	parse_n(&doc, "\xFF\xFE"
		      "a\0:\0\n\0\0\0",
		10);
	assert_error(&doc, 2, 1, "control characters are not allowed");

	/* UTF-16 without a BOM reads as UTF-8 with NULs: an error */
	parse_n(&doc, "a\0:\0 \0b\0", 8);
	assert_error(&doc, 1, 2, "control characters are not allowed");
}

static void
test_prefixes_and_noise(void **state)
{
	struct dl_yaml_doc doc;
	static const char alphabet[] = "ab:- \n\t[]{},&*!|>'\"#?%@`\\\0\xC3\xA9";
	char buf[64];
	size_t i, j, len;
	unsigned seed = 12345;
	(void)state;

	/* every prefix of a real document: an error or a sound tree */
	for (len = 0; len <= sizeof(render_yaml) - 1; len++) {
		parse_n(&doc, render_yaml, len);
		check_tree(doc.root);
	}
	for (len = 0; len <= sizeof(anchors_yaml) - 1; len++) {
		parse_n(&doc, anchors_yaml, len);
		check_tree(doc.root);
	}
	/* and random YAML-ish noise */
	for (i = 0; i < 20000; i++) {
		len = (i % (sizeof(buf) - 1)) + 1;
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			buf[j] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		parse_n(&doc, buf, len);
		check_tree(doc.root);
		if (doc.error.set) {
			assert_true(doc.error.pos.line >= 1);
			assert_true(doc.error.pos.col >= 1);
			assert_non_null(doc.error.message);
		}
		if (i % 1000 == 999) {
			dl_arena_release(&arena);
			dl_arena_init(&arena);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_render_positions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_scalar_styles_tags, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_anchors_aliases_merges,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_alias_bomb, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_node_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multiple_documents, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nul_and_bad_utf8, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_utf8_bom_and_crlf, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_utf16, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefixes_and_noise, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
