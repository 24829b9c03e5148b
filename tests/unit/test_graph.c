/*
 * Unit tests for the revision-graph pictures (src/graph/graph.c): whole
 * text and DOT outputs for real revision files, and a 100,000-revision chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "deploylint/graph.h"
#include "deploylint/limits.h"
#include "deploylint/repo.h"
#include "model/alembic.h"
#include "rules/check.h"

struct tree {
	char dir[64];
	struct dl_repo repo;
	struct dl_alembic a;
	struct dl_check_ctx ctx; /* its document cache and service model */
	int built;
};

/* The Alembic model reads where `alembic` runs from the service model,
 * built as a lint run builds it (rules/check.h). */
static void
build_models(struct tree *t)
{
	memset(&t->ctx, 0, sizeof(t->ctx));
	t->ctx.repo = &t->repo;
	dl_ctx_init(&t->ctx);
	dl_alembic_build(&t->a, &t->repo, dl_ctx_model(&t->ctx));
}

static void
release_models(struct tree *t)
{
	dl_ctx_release(&t->ctx);
	dl_alembic_release(&t->a);
}

static void
mkdirs(const char *path)
{
	char buf[512];
	size_t i, n = strlen(path);
	assert_true(n < sizeof(buf));
	memcpy(buf, path, n + 1);
	for (i = 1; i < n; i++)
		if (buf[i] == '/') {
			buf[i] = '\0';
			mkdir(buf, 0755);
			buf[i] = '/';
		}
}

static void
put(struct tree *t, const char *rel, const char *content)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	mkdirs(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

/* A revision file alembic/versions/NAME.py with a docstring MSG. */
static void
rev(struct tree *t, const char *name, const char *msg, const char *id,
    const char *down, const char *extra)
{
	char rel[256], body[1024];
	snprintf(rel, sizeof(rel), "alembic/versions/%s.py", name);
	snprintf(body, sizeof(body),
		 "\"\"\"%s\n\nRevision ID: %s\n\"\"\"\nrevision = '%s'\ndown_revision = %s\n%s",
		 msg, id, id, down, extra ? extra : "");
	put(t, rel, body);
}

static int
setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/dlgraph.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	put(t, "alembic.ini", "[alembic]\nscript_location = alembic\n");
	put(t, "alembic/env.py", "import os\n");
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];
	if (t->built) {
		release_models(t);
		dl_repo_release(&t->repo);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

/* Builds the model and asserts the whole picture. */
static void
expect(struct tree *t, enum dl_graph_format fmt, const char *want)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	char *err = NULL;
	if (!t->built) {
		assert_int_equal(dl_repo_scan(&t->repo, t->dir, &err), 0);
		build_models(t);
		t->built = 1;
	}
	dl_graph_write(&sb, &t->a, fmt);
	assert_string_equal(sb.buf, want);
	dl_strbuf_release(&sb);
}

static void
test_linear_chain(void **state)
{
	struct tree *t = *state;
	rev(t, "001_init", "create users", "1111aaaa0001", "None", NULL);
	rev(t, "002_posts", "add posts", "2222bbbb0002", "'1111aaaa0001'", NULL);
	rev(t, "003_tags", "add tags", "3333cccc0003", "'2222bbbb0002'", NULL);
	expect(t, DL_GRAPH_TEXT,
	       "alembic: 3 revisions, 1 head\n"
	       "* 3333cccc0003 (head) versions/003_tags.py: add tags\n"
	       "* 2222bbbb0002 versions/002_posts.py: add posts\n"
	       "* 1111aaaa0001 (base) versions/001_init.py: create users\n");
}

static void
test_branch_and_merge(void **state)
{
	struct tree *t = *state;
	rev(t, "001_base", "base", "1111aaaa0001", "None", NULL);
	rev(t, "002_a", "add a", "2222bbbb0002", "'1111aaaa0001'", NULL);
	rev(t, "002_b", "add b", "3333cccc0003", "'1111aaaa0001'", NULL);
	rev(t, "003_merge", "merge heads", "4444dddd0004",
	    "('2222bbbb0002', '3333cccc0003')", NULL);
	expect(t, DL_GRAPH_TEXT,
	       "alembic: 4 revisions, 1 head\n"
	       "* 4444dddd0004 (head, merge) versions/003_merge.py: merge heads\n"
	       "|\\\n"
	       "| * 3333cccc0003 versions/002_b.py: add b\n"
	       "* | 2222bbbb0002 versions/002_a.py: add a\n"
	       "|/\n"
	       "* 1111aaaa0001 (base, branchpoint) versions/001_base.py: base\n");
}

static void
test_two_heads(void **state)
{
	struct tree *t = *state;
	rev(t, "001_base", "base", "1111aaaa0001", "None", NULL);
	rev(t, "002_users", "add users", "2222bbbb0002", "'1111aaaa0001'", NULL);
	rev(t, "003_orders", "add orders", "3333cccc0003", "'1111aaaa0001'", NULL);
	expect(t, DL_GRAPH_TEXT,
	       "alembic: 3 revisions, 2 heads\n"
	       "* 3333cccc0003 (head) versions/003_orders.py: add orders\n"
	       "| * 2222bbbb0002 (head) versions/002_users.py: add users\n"
	       "|/\n"
	       "* 1111aaaa0001 (base, branchpoint) versions/001_base.py: base\n");
}

static void
test_two_heads_dot(void **state)
{
	struct tree *t = *state;
	rev(t, "001_base", "base", "1111aaaa0001", "None", NULL);
	rev(t, "002_users", "add \"users\"", "2222bbbb0002", "'1111aaaa0001'", NULL);
	rev(t, "003_orders", "add orders", "3333cccc0003", "'1111aaaa0001'", NULL);
	expect(t, DL_GRAPH_DOT,
	       "digraph alembic {\n"
	       "\tgraph [fontname=\"monospace\"];\n"
	       "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"monospace\"];\n"
	       "\tedge [fontname=\"monospace\"];\n"
	       "\tsubgraph cluster_0 {\n"
	       "\t\tlabel=\"alembic: 3 revisions, 2 heads\";\n"
	       "\t\tr0_2 [label=\"3333cccc0003 (head)\\nversions/003_orders.py\\nadd orders\", fillcolor=\"#ffdce0\", color=\"#cb2431\", penwidth=2];\n"
	       "\t\tr0_1 [label=\"2222bbbb0002 (head)\\nversions/002_users.py\\nadd \\\"users\\\"\", fillcolor=\"#ffdce0\", color=\"#cb2431\", penwidth=2];\n"
	       "\t\tr0_0 [label=\"1111aaaa0001 (base, branchpoint)\\nversions/001_base.py\\nbase\"];\n"
	       "\t\tr0_2 -> r0_0;\n"
	       "\t\tr0_1 -> r0_0;\n"
	       "\t}\n"
	       "}\n");
}

static void
test_dangling_reference(void **state)
{
	struct tree *t = *state;
	rev(t, "001_base", "base", "1111aaaa0001", "None", NULL);
	rev(t, "002_renamed", "points at an old id", "2222bbbb0002", "'add_feedback'",
	    NULL);
	expect(t, DL_GRAPH_TEXT,
	       "alembic: 2 revisions, 2 heads\n"
	       "* 2222bbbb0002 (head, missing down_revision: add_feedback) versions/002_renamed.py: points at an old id\n"
	       "\n"
	       "* 1111aaaa0001 (head, base) versions/001_base.py: base\n");
}

static void
test_dangling_reference_dot(void **state)
{
	struct tree *t = *state;
	rev(t, "001_base", "base", "1111aaaa0001", "None", NULL);
	rev(t, "002_next", "next", "2222bbbb0002", "('1111aaaa0001', 'gone')", NULL);
	expect(t, DL_GRAPH_DOT,
	       "digraph alembic {\n"
	       "\tgraph [fontname=\"monospace\"];\n"
	       "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"monospace\"];\n"
	       "\tedge [fontname=\"monospace\"];\n"
	       "\tsubgraph cluster_0 {\n"
	       "\t\tlabel=\"alembic: 2 revisions, 1 head\";\n"
	       "\t\tr0_1 [label=\"2222bbbb0002 (head, missing down_revision: gone)\\nversions/002_next.py\\nnext\", fillcolor=\"#dcffe4\", color=\"#cb2431\", penwidth=2];\n"
	       "\t\tr0_0 [label=\"1111aaaa0001 (base)\\nversions/001_base.py\\nbase\"];\n"
	       "\t\tr0_1 -> r0_0;\n"
	       "\t\tm0_1_1 [label=\"gone\\n(missing)\", style=\"rounded,dashed\", color=\"#cb2431\"];\n"
	       "\t\tr0_1 -> m0_1_1 [color=\"#cb2431\"];\n"
	       "\t}\n"
	       "}\n");
}

static void
test_labelled_branches(void **state)
{
	struct tree *t = *state;
	rev(t, "001_core", "core", "1111aaaa0001", "None",
	    "branch_labels = ('core',)\n");
	rev(t, "002_audit", "audit", "2222bbbb0002", "None",
	    "branch_labels = ('audit',)\ndepends_on = 'core'\n");
	rev(t, "003_users", "users", "3333cccc0003", "'1111aaaa0001'", NULL);
	rev(t, "004_log", "log", "4444dddd0004", "'2222bbbb0002'", NULL);
	expect(t, DL_GRAPH_TEXT,
	       "alembic: 4 revisions, 2 heads\n"
	       "* 4444dddd0004 (head) versions/004_log.py: log\n"
	       "* 2222bbbb0002 (base, label: audit, depends_on: core) versions/002_audit.py: audit\n"
	       "\n"
	       "* 3333cccc0003 (head) versions/003_users.py: users\n"
	       "* 1111aaaa0001 (base, label: core) versions/001_core.py: core\n");
}

/* two heads, each on its own branch label: intended, so not red */
static void
test_labelled_branches_dot(void **state)
{
	struct tree *t = *state;
	rev(t, "001_core", "core", "1111aaaa0001", "None",
	    "branch_labels = ('core',)\n");
	rev(t, "002_audit", "audit", "2222bbbb0002", "None",
	    "branch_labels = ('audit',)\ndepends_on = 'core'\n");
	expect(t, DL_GRAPH_DOT,
	       "digraph alembic {\n"
	       "\tgraph [fontname=\"monospace\"];\n"
	       "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"monospace\"];\n"
	       "\tedge [fontname=\"monospace\"];\n"
	       "\tsubgraph cluster_0 {\n"
	       "\t\tlabel=\"alembic: 2 revisions, 2 heads\";\n"
	       "\t\tr0_1 [label=\"2222bbbb0002 (head, base, label: audit, depends_on: core)\\nversions/002_audit.py\\naudit\", fillcolor=\"#dcffe4\"];\n"
	       "\t\tr0_0 [label=\"1111aaaa0001 (head, base, label: core)\\nversions/001_core.py\\ncore\", fillcolor=\"#dcffe4\"];\n"
	       "\t\tr0_1 -> r0_0 [style=dashed, label=\"depends_on\"];\n"
	       "\t}\n"
	       "}\n");
}

static void
test_cycle_duplicate_and_no_id(void **state)
{
	struct tree *t = *state;
	rev(t, "001_a", "a", "aaaa", "'bbbb'", NULL);
	rev(t, "002_b", "b", "bbbb", "'aaaa'", NULL);
	rev(t, "003_dup", "dup", "aaaa", "None", NULL);
	put(t, "alembic/versions/004_none.py", "\"\"\"none\"\"\"\ndown_revision = None\n");
	expect(t, DL_GRAPH_TEXT,
	       "alembic: 2 revisions, 1 head, 2 not in the graph\n"
	       "* bbbb (head) versions/002_b.py: b\n"
	       "* aaaa (base) versions/003_dup.py: dup\n"
	       "! aaaa (overridden by versions/003_dup.py) versions/001_a.py: a\n"
	       "! (no revision id) versions/004_none.py: none\n");
}

static void
test_lanes_collapse_and_end(void **state)
{
	struct tree *t = *state;
	/* three heads on one base, then a base in the middle lane ends and
	 * the lane to its right moves left */
	rev(t, "001_base", "base", "1111aaaa0001", "None", NULL);
	rev(t, "002_x", "x", "2222bbbb0002", "'1111aaaa0001'", NULL);
	rev(t, "003_y", "y", "3333cccc0003", "'1111aaaa0001'", NULL);
	rev(t, "004_m", "m", "4444dddd0004", "('3333cccc0003', '5555eeee0005')", NULL);
	rev(t, "005_lone", "lone", "5555eeee0005", "None", NULL);
	expect(t, DL_GRAPH_TEXT,
	       "alembic: 5 revisions, 2 heads\n"
	       "* 4444dddd0004 (head, merge) versions/004_m.py: m\n"
	       "|\\\n"
	       "| * 5555eeee0005 (base) versions/005_lone.py: lone\n"
	       "|\n"
	       "* 3333cccc0003 versions/003_y.py: y\n"
	       "| * 2222bbbb0002 (head) versions/002_x.py: x\n"
	       "|/\n"
	       "* 1111aaaa0001 (base, branchpoint) versions/001_base.py: base\n");
}

static void
test_unsafe_text_is_cleaned(void **state)
{
	struct tree *t = *state;
	/* an escape sequence and a C1 control in the docstring, invalid UTF-8 */
	rev(t, "001_x", "\x1b[31mred\xc2\x9b \xff ok \xc3\xa9", "1111aaaa0001", "None", NULL);
	expect(t, DL_GRAPH_TEXT,
	       "alembic: 1 revision, 1 head\n"
	       "* 1111aaaa0001 (head, base) versions/001_x.py: ?[31mred?? ? ok \xc3\xa9\n");
}

/* A message of DL_MAX_GRAPH_TEXT bytes is printed whole; one byte more,
 * and it is cut to DL_MAX_GRAPH_TEXT bytes followed by "...". */
static void
test_long_text_is_cut(void **state)
{
	struct tree *t = *state;
	char at[DL_MAX_GRAPH_TEXT + 1], over[DL_MAX_GRAPH_TEXT + 2];
	struct dl_strbuf want = DL_STRBUF_INIT;
	memset(at, 'a', DL_MAX_GRAPH_TEXT);
	at[DL_MAX_GRAPH_TEXT] = '\0';
	memset(over, 'b', DL_MAX_GRAPH_TEXT + 1);
	over[DL_MAX_GRAPH_TEXT + 1] = '\0';
	rev(t, "001_at", at, "1111aaaa0001", "None", NULL);
	rev(t, "002_over", over, "2222bbbb0002", "'1111aaaa0001'", NULL);
	over[DL_MAX_GRAPH_TEXT] = '\0';
	dl_strbuf_addf(&want,
		       "alembic: 2 revisions, 1 head\n"
		       "* 2222bbbb0002 (head) versions/002_over.py: %s...\n"
		       "* 1111aaaa0001 (base) versions/001_at.py: %s\n",
		       over, at);
	expect(t, DL_GRAPH_TEXT, want.buf);
	dl_strbuf_release(&want);
}

static void
test_no_location(void **state)
{
	struct tree *t = *state;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_alembic empty;
	memset(&empty, 0, sizeof(empty));
	(void)t;
	dl_graph_write(&sb, &empty, DL_GRAPH_TEXT);
	assert_string_equal(sb.buf, "no Alembic script location found\n");
	dl_strbuf_reset(&sb);
	dl_graph_write(&sb, &empty, DL_GRAPH_DOT);
	assert_non_null(strstr(sb.buf, "\tlabel=\"no Alembic script location found\";\n}\n"));
	dl_strbuf_release(&sb);
}

static void
test_several_roots(void **state)
{
	struct tree *t = *state;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_graph g;
	char *err = NULL;
	rev(t, "001_x", "x", "1111aaaa0001", "None", NULL);
	assert_int_equal(dl_repo_scan(&t->repo, t->dir, &err), 0);
	build_models(t);
	t->built = 1;
	dl_graph_init(&g, &sb, DL_GRAPH_TEXT);
	dl_graph_add(&g, &t->a, "api");
	dl_graph_add(&g, &t->a, "worker");
	dl_graph_finish(&g);
	assert_string_equal(sb.buf,
			    "api/alembic: 1 revision, 1 head\n"
			    "* 1111aaaa0001 (head, base) versions/001_x.py: x\n"
			    "\n"
			    "worker/alembic: 1 revision, 1 head\n"
			    "* 1111aaaa0001 (head, base) versions/001_x.py: x\n");
	dl_strbuf_release(&sb);
}

static void
test_format_parse(void **state)
{
	enum dl_graph_format f = DL_GRAPH_DOT;
	(void)state;
	assert_int_equal(dl_graph_format_parse(&f, NULL), 0);
	assert_int_equal(f, DL_GRAPH_TEXT);
	assert_int_equal(dl_graph_format_parse(&f, "dot"), 0);
	assert_int_equal(f, DL_GRAPH_DOT);
	assert_int_equal(dl_graph_format_parse(&f, "text"), 0);
	assert_int_equal(f, DL_GRAPH_TEXT);
	assert_int_equal(dl_graph_format_parse(&f, "DOT"), -1);
	assert_int_equal(dl_graph_format_parse(&f, "json"), -1);
}

/* ---- models built in memory: a long chain, a wide fan ---- */

struct mem {
	struct dl_alembic a;
	struct dl_file *files;
	struct dl_revstr *items;
	char *names;
};

/* n revisions; revision i's down revision is parent(i) or none (-1). */
static void
mem_build(struct mem *m, size_t n, long (*parent)(size_t))
{
	struct dl_script_location *loc;
	size_t i, name_len = 64;

	memset(m, 0, sizeof(*m));
	m->a.locs = calloc(1, sizeof(*m->a.locs));
	m->a.locs_nr = m->a.locs_alloc = 1;
	loc = &m->a.locs[0];
	loc->dir = strdup("alembic");
	loc->revs = calloc(n, sizeof(*loc->revs));
	loc->revs_nr = n;
	m->files = calloc(n, sizeof(*m->files));
	m->items = calloc(n, sizeof(*m->items));
	m->names = calloc(n, 2 * name_len);
	assert_non_null(m->names);
	for (i = 0; i < n; i++) {
		struct dl_revision *r = &loc->revs[i];
		char *path = m->names + 2 * name_len * i;
		char *id = path + name_len;
		long p = parent(i);
		snprintf(path, name_len, "alembic/versions/%06zu_m.py", i);
		snprintf(id, name_len, "%012zx", i + 1);
		m->files[i].path = path;
		r->file = &m->files[i];
		r->id = id;
		r->duplicate_of = -1;
		r->cycle_item = r->cycle_dep_item = -1;
		r->is_head = 1;
		if (p < 0) {
			r->rf.down_revision.kind = DL_REVREF_NONE;
			r->is_base = 1;
			continue;
		}
		r->rf.down_revision.kind = DL_REVREF_STRING;
		r->rf.down_revision.items = &m->items[i];
		r->rf.down_revision.nr = 1;
		m->items[i].value = m->names + 2 * name_len * (size_t)p + name_len;
		r->down = malloc(sizeof(size_t));
		r->down[0] = (size_t)p;
		r->down_nr = 1;
	}
	for (i = 0; i < n; i++)
		if (loc->revs[i].down_nr)
			loc->revs[loc->revs[i].down[0]].is_head = 0;
}

static void
mem_release(struct mem *m)
{
	size_t i;
	for (i = 0; i < m->a.locs[0].revs_nr; i++)
		free(m->a.locs[0].revs[i].down);
	free(m->a.locs[0].revs);
	free(m->a.locs[0].dir);
	free(m->a.locs);
	free(m->files);
	free(m->items);
	free(m->names);
}

static long
chain_parent(size_t i)
{
	return i ? (long)i - 1 : -1;
}

static long
fan_parent(size_t i)
{
	return i ? 0 : -1;
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_long_chain_is_linear(void **state)
{
	struct mem m;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t n = 100000;
	clock_t start;
	double secs;
	const char *last;
	(void)state;
	mem_build(&m, n, chain_parent);
	start = clock();
	dl_graph_write(&sb, &m.a, DL_GRAPH_TEXT);
	secs = (double)(clock() - start) / CLOCKS_PER_SEC;
	/* generous: a quadratic walk would take minutes */
	assert_true(secs < 10.0);
	assert_int_equal(count_lines(sb.buf), n + 1);
	assert_non_null(strstr(sb.buf,
			       "alembic: 100000 revisions, 1 head\n"
			       "* 0000000186a0 (head) versions/099999_m.py\n"
			       "* 00000001869f versions/099998_m.py\n"));
	last = sb.buf + sb.len - strlen("* 000000000001 (base) versions/000000_m.py\n");
	assert_string_equal(last, "* 000000000001 (base) versions/000000_m.py\n");
	dl_strbuf_reset(&sb);
	dl_graph_write(&sb, &m.a, DL_GRAPH_DOT);
	assert_non_null(strstr(sb.buf, "\t\tr0_1 -> r0_0;\n\t}\n}\n"));
	dl_strbuf_release(&sb);
	mem_release(&m);
}

/* Makes the last revision an octopus merge of revisions 1 .. n-2. */
static struct dl_revstr *
make_octopus(struct mem *m)
{
	struct dl_script_location *loc = &m->a.locs[0];
	size_t n = loc->revs_nr, j, last = n - 1;
	struct dl_revision *r = &loc->revs[last];
	struct dl_revstr *items = calloc(n, sizeof(*items));
	free(r->down);
	r->down = malloc(n * sizeof(size_t));
	r->down_nr = n - 2;
	r->is_base = 0;
	r->rf.down_revision.kind = DL_REVREF_TUPLE;
	r->rf.down_revision.items = items;
	r->rf.down_revision.nr = n - 2;
	for (j = 0; j < n - 2; j++) {
		r->down[j] = j + 1;
		items[j].value = loc->revs[j + 1].id;
		loc->revs[j + 1].is_head = 0;
	}
	return items;
}

static void
test_wide_graph_is_drawn_flat(void **state)
{
	struct mem m;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_revstr *items;
	size_t n = DL_MAX_GRAPH_LANES + 3; /* a merge of limit + 1 revisions */
	char want[256];
	(void)state;
	mem_build(&m, n, fan_parent);
	items = make_octopus(&m);
	dl_graph_write(&sb, &m.a, DL_GRAPH_TEXT);
	snprintf(want, sizeof(want),
		 "alembic: %zu revisions, 1 head\n"
		 "(more than %u branches at once: drawn without lanes)\n"
		 "* %012zx (head, merge, down_revision: (000000000002, 000000000003, ",
		 n, DL_MAX_GRAPH_LANES, n);
	assert_int_equal(strncmp(sb.buf, want, strlen(want)), 0);
	assert_int_equal(count_lines(sb.buf), n + 2);
	snprintf(want, sizeof(want), "* %012zx (down_revision: 000000000001) versions/%06zu_m.py\n"
				     "* 000000000001 (base, branchpoint) versions/000000_m.py\n",
		 (size_t)2, (size_t)1);
	assert_string_equal(sb.buf + sb.len - strlen(want), want);
	dl_strbuf_release(&sb);
	free(items);
	mem_release(&m);

	/* exactly the limit still has lanes */
	mem_build(&m, DL_MAX_GRAPH_LANES + 2, fan_parent);
	items = make_octopus(&m);
	dl_graph_write(&sb, &m.a, DL_GRAPH_TEXT);
	assert_null(strstr(sb.buf, "without lanes"));
	assert_non_null(strstr(sb.buf, "|/\n* 000000000001 (base, branchpoint)"));
	dl_strbuf_release(&sb);
	free(items);
	mem_release(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_linear_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_branch_and_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_heads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_heads_dot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dangling_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dangling_reference_dot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labelled_branches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labelled_branches_dot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycle_duplicate_and_no_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lanes_collapse_and_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsafe_text_is_cleaned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_text_is_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_location, setup, teardown),
		cmocka_unit_test_setup_teardown(test_several_roots, setup, teardown),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_long_chain_is_linear),
		cmocka_unit_test(test_wide_graph_is_drawn_flat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
