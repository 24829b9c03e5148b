/*
 * deploylint: draws each Alembic script location's revision graph as text
 * (git log --graph style lanes) or Graphviz DOT. Iterative, linear time.
 */
#include "deploylint/graph.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/mask.h"
#include "model/alembic.h"

#define NONE SIZE_MAX

#define COLOR_OK "#dcffe4"       /* the one head */
#define COLOR_BAD_FILL "#ffdce0" /* one of several heads, a problem node */
#define COLOR_BAD "#cb2431"      /* problem borders and edges */

/* ---- text helpers ---- */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if (len == 2 && cp <= 0x9f)
		return 0; /* C1 control characters */
	return len;
}

/*
 * Appends `s` for a person to read: control characters and invalid UTF-8
 * become '?', at most DL_MAX_GRAPH_TEXT bytes are kept (then "..."), and
 * for DOT '"' and '\' are escaped as Graphviz quoted strings need.
 */
static void
put_clean(struct dl_strbuf *out, const char *str, int dot)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, kept = 0;

	while (i < n) {
		size_t len = utf8_len(s + i, n - i);
		if (kept + (len ? len : 1) > DL_MAX_GRAPH_TEXT) {
			dl_strbuf_puts(out, "...");
			return;
		}
		if (len == 1 && (s[i] < 0x20 || s[i] == 0x7f)) {
			dl_strbuf_putc(out, '?');
		} else if (len == 1) {
			if (dot && (s[i] == '"' || s[i] == '\\'))
				dl_strbuf_putc(out, '\\');
			dl_strbuf_putc(out, (char)s[i]);
		} else if (len) {
			dl_strbuf_put(out, s + i, len);
		} else {
			dl_strbuf_putc(out, '?');
			len = 1;
		}
		kept += len;
		i += len;
	}
}

/*
 * A revision's message (its docstring's first line): masked as any quoted
 * untrusted text (dl_mask_quote: credential formats, the user's
 * secret-patterns, tokens that may be random secrets), then put_clean().
 */
static void
put_message(struct dl_strbuf *out, const char *msg, int dot)
{
	size_t n = strlen(msg);
	char *m = dl_mask_quote(msg, n, n);
	put_clean(out, m, dot);
	free(m);
}

/* ---- per-location analysis ---- */

struct loc_graph {
	const struct dl_script_location *loc;
	size_t n;
	unsigned char *live; /* id set and not a duplicate */
	size_t *children;    /* distinct live children (self excluded) */
	size_t *parents;     /* distinct resolved down revisions (same) */
	size_t *order;       /* live revisions, newest first */
	size_t order_nr;
	size_t heads;
	int heads_ok;  /* one head, or each head on its own label */
	size_t *stamp; /* scratch: distinct-parent filter */
	size_t stamp_now;
};

/*
 * Stores in `out` the distinct resolved down revisions of `i` other than
 * itself, in the order written; returns how many. Uses g->stamp to skip
 * repeats.
 */
static size_t
distinct_parents(struct loc_graph *g, size_t i, size_t *out)
{
	const struct dl_revision *r = &g->loc->revs[i];
	size_t j, nr = 0;
	g->stamp_now++;
	for (j = 0; j < r->down_nr; j++) {
		size_t p = r->down[j];
		if (p == NONE || p == i || g->stamp[p] == g->stamp_now)
			continue;
		g->stamp[p] = g->stamp_now;
		out[nr++] = p;
	}
	return nr;
}

static size_t
max_down(const struct dl_script_location *loc)
{
	size_t i, m = 1;
	for (i = 0; i < loc->revs_nr; i++)
		if (loc->revs[i].down_nr > m)
			m = loc->revs[i].down_nr;
	return m;
}

/*
 * Orders live revisions so that every revision comes before its down
 * revisions: a stack seeded with the heads (the greatest file path popped
 * first) keeps each line of descent together, as git's --topo-order does.
 * Revisions held back by a cycle are released one at a time, starting at
 * the revision the cycle's closing edge points to.
 */
static void
topo_order(struct loc_graph *g)
{
	const struct dl_script_location *loc = g->loc;
	size_t n = g->n, i, j, sp = 0, cyc = 0, any = 0, live_nr = 0;
	size_t *indeg = dl_xcalloc(n ? n : 1, sizeof(size_t));
	size_t *stack = dl_xmalloc(dl_st_mult(n ? n : 1, sizeof(size_t)));
	size_t *par = dl_xmalloc(dl_st_mult(max_down(loc), sizeof(size_t)));
	unsigned char *done = dl_xcalloc(n ? n : 1, 1);

	for (i = 0; i < n; i++) {
		size_t k, np;
		if (!g->live[i])
			continue;
		live_nr++;
		np = distinct_parents(g, i, par);
		g->parents[i] = np;
		for (k = 0; k < np; k++) {
			indeg[par[k]]++;
			g->children[par[k]]++;
		}
	}
	for (i = 0; i < n; i++)
		if (g->live[i] && !indeg[i])
			stack[sp++] = i;
	g->order = dl_xmalloc(dl_st_mult(n ? n : 1, sizeof(size_t)));
	g->order_nr = 0;
	while (g->order_nr < live_nr) {
		size_t c, np;
		if (!sp) {
			/* a cycle holds the rest back: release one revision */
			size_t pick = NONE;
			for (; cyc < n && pick == NONE; cyc++) {
				const struct dl_revision *r = &loc->revs[cyc];
				size_t t;
				if (!g->live[cyc] || done[cyc] || !r->in_cycle ||
				    r->cycle_item < 0)
					continue;
				t = r->down[r->cycle_item];
				pick = t != NONE && !done[t] ? t : cyc;
			}
			for (; any < n && pick == NONE; any++)
				if (g->live[any] && !done[any])
					pick = any;
			stack[sp++] = pick;
		}
		c = stack[--sp];
		if (done[c])
			continue;
		done[c] = 1;
		g->order[g->order_nr++] = c;
		np = distinct_parents(g, c, par);
		for (j = 0; j < np; j++)
			if (!done[par[j]] && --indeg[par[j]] == 0)
				stack[sp++] = par[j];
	}
	free(indeg);
	free(stack);
	free(par);
	free(done);
}

static void
analyse(struct loc_graph *g, const struct dl_script_location *loc)
{
	size_t i;
	memset(g, 0, sizeof(*g));
	g->loc = loc;
	g->n = loc->revs_nr;
	g->live = dl_xcalloc(g->n ? g->n : 1, 1);
	g->children = dl_xcalloc(g->n ? g->n : 1, sizeof(size_t));
	g->parents = dl_xcalloc(g->n ? g->n : 1, sizeof(size_t));
	g->stamp = dl_xcalloc(g->n ? g->n : 1, sizeof(size_t));
	for (i = 0; i < g->n; i++) {
		const struct dl_revision *r = &loc->revs[i];
		g->live[i] = r->id && r->duplicate_of < 0;
		g->heads += g->live[i] && r->is_head;
	}
	/* several heads are intended when each has its own branch label (as
	 * ALM001 sees it): every head's nearest labelled ancestor differs */
	g->heads_ok = 1;
	g->stamp_now++;
	for (i = 0; i < g->n && g->heads > 1; i++) {
		const struct dl_revision *r = &loc->revs[i];
		long o = r->label_owner;
		if (!g->live[i] || !r->is_head)
			continue;
		if (o < 0 || g->stamp[o] == g->stamp_now) {
			g->heads_ok = 0;
			break;
		}
		g->stamp[o] = g->stamp_now;
	}
	topo_order(g);
}

static void
release(struct loc_graph *g)
{
	free(g->live);
	free(g->children);
	free(g->parents);
	free(g->order);
	free(g->stamp);
}

/* The file's path relative to the location's folder when under it. */
static const char *
rel_path(const struct dl_script_location *loc, const char *path)
{
	size_t n = strlen(loc->dir);
	if (!n)
		return path;
	if (!strncmp(path, loc->dir, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static void
put_location_name(struct dl_strbuf *out, const struct dl_script_location *loc,
		  const char *root, int dot)
{
	char *name = root ? dl_path_join(root, loc->dir) : dl_xstrdup(loc->dir);
	put_clean(out, *name ? name : ".", dot);
	free(name);
}

static void
put_counts(struct dl_strbuf *out, const struct loc_graph *g)
{
	size_t live = 0, i;
	for (i = 0; i < g->n; i++)
		live += g->live[i];
	if (!g->n) {
		dl_strbuf_puts(out, "no revisions");
	} else {
		dl_strbuf_addf(out, "%zu revision%s, %zu head%s", live,
			       live == 1 ? "" : "s", g->heads,
			       g->heads == 1 ? "" : "s");
		if (live != g->n)
			dl_strbuf_addf(out, ", %zu not in the graph", g->n - live);
	}
	if (g->loc->unreadable)
		dl_strbuf_puts(out, ", incomplete: a revision file cannot be parsed");
}

/* Appends ", " before every mark but the first. */
static void
mark(struct dl_strbuf *out, int *first, const char *text, const char *arg,
     int dot)
{
	if (!*first)
		dl_strbuf_puts(out, ", ");
	*first = 0;
	dl_strbuf_puts(out, text);
	if (arg)
		put_clean(out, arg, dot);
}

/*
 * One mark for the items of `ref` that resolved (`want_missing` 0) or not:
 * "what: a" or "what: (a, b)".
 */
static void
put_refs(struct dl_strbuf *out, int *first, const struct dl_revref *ref,
	 const size_t *resolved, size_t nr, int want_missing, const char *what,
	 int dot)
{
	size_t j, count = 0, k = 0;
	for (j = 0; j < nr && j < ref->nr; j++)
		count += (resolved[j] == NONE) == want_missing;
	if (!count)
		return;
	mark(out, first, what, NULL, dot);
	if (count > 1)
		dl_strbuf_putc(out, '(');
	for (j = 0; j < nr && j < ref->nr; j++) {
		if ((resolved[j] == NONE) != want_missing)
			continue;
		if (k++)
			dl_strbuf_puts(out, ", ");
		put_clean(out, ref->items[j].value, dot);
	}
	if (count > 1)
		dl_strbuf_putc(out, ')');
}

/*
 * The marks of live revision i: "head, base, merge, ..." without
 * parentheses. `flat` adds the down revisions (no lanes show them).
 * Returns 1 when the revision has a problem (for DOT colours).
 */
static int
put_marks(struct dl_strbuf *out, const struct loc_graph *g, size_t i, int flat,
	  int dot)
{
	const struct dl_revision *r = &g->loc->revs[i];
	const struct dl_revref *bl = &r->rf.branch_labels;
	size_t j;
	int first = 1, bad = 0;

	if (r->is_head)
		mark(out, &first, "head", NULL, dot);
	if (r->is_base)
		mark(out, &first, "base", NULL, dot);
	if (g->parents[i] > 1)
		mark(out, &first, "merge", NULL, dot);
	if (g->children[i] > 1)
		mark(out, &first, "branchpoint", NULL, dot);
	if (bl->kind == DL_REVREF_STRING || bl->kind == DL_REVREF_TUPLE)
		for (j = 0; j < bl->nr; j++)
			mark(out, &first, "label: ", bl->items[j].value, dot);
	if (flat)
		put_refs(out, &first, &r->rf.down_revision, r->down, r->down_nr, 0,
			 "down_revision: ", dot);
	put_refs(out, &first, &r->rf.depends_on, r->deps, r->deps_nr, 0,
		 "depends_on: ", dot);
	for (j = 0; j < r->down_nr; j++)
		bad |= r->down[j] == NONE;
	for (j = 0; j < r->deps_nr; j++)
		bad |= r->deps[j] == NONE;
	put_refs(out, &first, &r->rf.down_revision, r->down, r->down_nr, 1,
		 "missing down_revision: ", dot);
	put_refs(out, &first, &r->rf.depends_on, r->deps, r->deps_nr, 1,
		 "missing depends_on: ", dot);
	if (r->in_cycle && r->cycle_item >= 0 &&
	    (size_t)r->cycle_item < r->rf.down_revision.nr) {
		mark(out, &first, "cycle: down_revision ",
		     r->rf.down_revision.items[r->cycle_item].value, dot);
		bad = 1;
	}
	if (r->in_cycle && r->cycle_dep_item >= 0 &&
	    (size_t)r->cycle_dep_item < r->rf.depends_on.nr) {
		mark(out, &first, "cycle: depends_on ",
		     r->rf.depends_on.items[r->cycle_dep_item].value, dot);
		bad = 1;
	}
	if (r->rf.down_revision.kind == DL_REVREF_OTHER) {
		mark(out, &first, "down_revision is not a literal", NULL, dot);
		bad = 1;
	}
	if (r->rf.error.set) {
		mark(out, &first, "cannot be parsed", NULL, dot);
		bad = 1;
	}
	return bad || (r->is_head && !g->heads_ok);
}

/* "ID (MARKS) FILE: MESSAGE" */
static void
put_line_text(struct dl_strbuf *out, const struct loc_graph *g, size_t i,
	      int flat)
{
	const struct dl_revision *r = &g->loc->revs[i];
	struct dl_strbuf marks = DL_STRBUF_INIT;
	put_clean(out, r->id, 0);
	put_marks(&marks, g, i, flat, 0);
	if (marks.len)
		dl_strbuf_addf(out, " (%s)", marks.buf);
	dl_strbuf_release(&marks);
	dl_strbuf_putc(out, ' ');
	put_clean(out, rel_path(g->loc, r->file->path), 0);
	if (r->rf.message) {
		dl_strbuf_puts(out, ": ");
		put_message(out, r->rf.message, 0);
	}
	dl_strbuf_putc(out, '\n');
}

/* Revisions outside the graph: duplicates and files without an id. */
static void
put_outsiders_text(struct dl_strbuf *out, const struct loc_graph *g)
{
	size_t i;
	for (i = 0; i < g->n; i++) {
		const struct dl_revision *r = &g->loc->revs[i];
		if (g->live[i])
			continue;
		dl_strbuf_puts(out, "! ");
		if (r->id) {
			const struct dl_revision *first = &g->loc->revs[r->duplicate_of];
			put_clean(out, r->id, 0);
			dl_strbuf_puts(out, " (overridden by ");
			put_clean(out, rel_path(g->loc, first->file->path), 0);
			dl_strbuf_puts(out, ") ");
		} else {
			dl_strbuf_puts(out, r->state == DL_REV_BAD_ID
						    ? "(revision is not a string literal) "
						    : "(no revision id) ");
		}
		put_clean(out, rel_path(g->loc, r->file->path), 0);
		if (r->rf.message) {
			dl_strbuf_puts(out, ": ");
			put_message(out, r->rf.message, 0);
		}
		dl_strbuf_putc(out, '\n');
	}
}

/* ---- text lanes ---- */

struct lanes {
	size_t *cols, *next; /* revision awaited by each lane */
	size_t w, next_w;
	size_t *pos; /* lane of a revision, valid when seen==gen */
	size_t *seen;
	size_t gen;
	size_t *from, *to; /* edges of one transition */
	size_t edges;
	char *row;
};

static void
put_row(struct dl_strbuf *out, const char *row, size_t len)
{
	while (len && row[len - 1] == ' ')
		len--;
	dl_strbuf_put(out, row, len);
	dl_strbuf_putc(out, '\n');
}

/* Adds x to the next lanes unless already there; -1 past the limit. */
static int
lane_add(struct lanes *l, size_t x)
{
	if (l->seen[x] == l->gen)
		return 0;
	if (l->next_w >= DL_MAX_GRAPH_LANES)
		return -1;
	l->seen[x] = l->gen;
	l->pos[x] = l->next_w;
	l->next[l->next_w++] = x;
	return 0;
}

/*
 * Draws the rows that carry the edges from the old lanes to the new ones,
 * moving each edge at most one column per row (git's collapsing lines).
 * `ended` asks for one row even when nothing moves, so a lane that ends
 * is not mistaken for the start of the next revision's lane.
 */
static void
draw_transition(struct dl_strbuf *out, struct lanes *l, int ended)
{
	size_t e, width = 2 * DL_MAX_GRAPH_LANES + 2;
	int moving;
	do {
		moving = 0;
		memset(l->row, ' ', width);
		for (e = 0; e < l->edges; e++) {
			size_t c, f = l->from[e];
			char ch;
			if (f == l->to[e]) {
				c = 2 * f;
				ch = '|';
			} else if (f < l->to[e]) {
				c = 2 * f + 1;
				ch = '\\';
				l->from[e]++;
			} else {
				c = 2 * f - 1;
				ch = '/';
				l->from[e]--;
			}
			if (l->from[e] != l->to[e])
				moving = 1;
			if (l->row[c] == ' ')
				l->row[c] = ch;
		}
		put_row(out, l->row, width);
		ended = 0;
	} while (moving || ended);
}

/* Draws the location with lanes; -1 (output unusable) when too wide. */
static int
draw_lanes(struct dl_strbuf *out, struct loc_graph *g)
{
	struct lanes l;
	size_t oi, i, n = g->n, cap = DL_MAX_GRAPH_LANES;
	size_t *par = dl_xmalloc(dl_st_mult(max_down(g->loc), sizeof(size_t)));
	unsigned char *done = dl_xcalloc(n ? n : 1, 1);
	int rc = 0;

	memset(&l, 0, sizeof(l));
	l.cols = dl_xmalloc((cap + 1) * sizeof(size_t));
	l.next = dl_xmalloc((cap + 1) * sizeof(size_t));
	l.pos = dl_xcalloc(n ? n : 1, sizeof(size_t));
	l.seen = dl_xcalloc(n ? n : 1, sizeof(size_t));
	l.gen = 1;
	l.from = dl_xmalloc(2 * (cap + 1) * sizeof(size_t));
	l.to = dl_xmalloc(2 * (cap + 1) * sizeof(size_t));
	l.row = dl_xmalloc(2 * cap + 3);

	for (oi = 0; oi < g->order_nr; oi++) {
		size_t c = g->order[oi], k, np, drawn = 0;
		int vertical = 1;

		if (l.seen[c] == l.gen) {
			k = l.pos[c];
		} else {
			if (l.w >= cap) {
				rc = -1;
				break;
			}
			k = l.w;
			l.cols[l.w++] = c;
			l.seen[c] = l.gen;
			l.pos[c] = k;
		}
		for (i = 0; i < l.w; i++) {
			dl_strbuf_putc(out, i == k ? '*' : '|');
			dl_strbuf_putc(out, ' ');
		}
		put_line_text(out, g, c, 0);
		done[c] = 1;

		/* the next lanes: c's lane becomes its down revisions */
		np = distinct_parents(g, c, par);
		l.gen++;
		l.next_w = 0;
		l.edges = 0;
		for (i = 0; i < l.w && rc == 0; i++) {
			size_t j;
			if (i != k) {
				rc = lane_add(&l, l.cols[i]);
				continue;
			}
			for (j = 0; j < np && rc == 0; j++)
				if (!done[par[j]]) {
					rc = lane_add(&l, par[j]);
					drawn++;
				}
		}
		if (rc < 0)
			break;
		for (i = 0; i < l.w; i++) {
			size_t j;
			if (i != k) {
				l.from[l.edges] = i;
				l.to[l.edges++] = l.pos[l.cols[i]];
				continue;
			}
			for (j = 0; j < np; j++)
				if (!done[par[j]]) {
					l.from[l.edges] = i;
					l.to[l.edges++] = l.pos[par[j]];
				}
		}
		for (i = 0; i < l.edges; i++)
			if (l.from[i] != l.to[i])
				vertical = 0;
		if (!vertical || (!drawn && oi + 1 < g->order_nr))
			draw_transition(out, &l, !drawn);
		{
			size_t *t = l.cols;
			l.cols = l.next;
			l.next = t;
			l.w = l.next_w;
		}
	}
	free(par);
	free(done);
	free(l.cols);
	free(l.next);
	free(l.pos);
	free(l.seen);
	free(l.from);
	free(l.to);
	free(l.row);
	return rc;
}

static void
text_location(struct dl_graph *gr, const struct dl_script_location *loc,
	      const char *root)
{
	struct loc_graph g;
	struct dl_strbuf body = DL_STRBUF_INIT;
	size_t oi;

	analyse(&g, loc);
	if (gr->locations)
		dl_strbuf_putc(gr->out, '\n');
	put_location_name(gr->out, loc, root, 0);
	dl_strbuf_puts(gr->out, ": ");
	put_counts(gr->out, &g);
	dl_strbuf_putc(gr->out, '\n');
	if (draw_lanes(&body, &g) < 0) {
		dl_strbuf_reset(&body);
		dl_strbuf_addf(&body, "(more than %u branches at once: drawn without lanes)\n",
			       DL_MAX_GRAPH_LANES);
		for (oi = 0; oi < g.order_nr; oi++) {
			dl_strbuf_puts(&body, "* ");
			put_line_text(&body, &g, g.order[oi], 1);
		}
	}
	dl_strbuf_put(gr->out, body.buf, body.len);
	dl_strbuf_release(&body);
	put_outsiders_text(gr->out, &g);
	release(&g);
}

/* ---- DOT ---- */

static void
dot_node(struct dl_strbuf *out, size_t li, size_t i)
{
	dl_strbuf_addf(out, "r%zu_%zu", li, i);
}

static void
dot_location(struct dl_graph *gr, const struct dl_script_location *loc,
	     const char *root)
{
	struct dl_strbuf *out = gr->out;
	struct loc_graph g;
	size_t li = gr->locations, oi, i, j;

	analyse(&g, loc);
	dl_strbuf_addf(out, "\tsubgraph cluster_%zu {\n\t\tlabel=\"", li);
	put_location_name(out, loc, root, 1);
	dl_strbuf_puts(out, ": ");
	put_counts(out, &g);
	dl_strbuf_puts(out, "\";\n");
	for (oi = 0; oi < g.order_nr; oi++) {
		const struct dl_revision *r;
		struct dl_strbuf marks = DL_STRBUF_INIT;
		int bad;
		i = g.order[oi];
		r = &loc->revs[i];
		bad = put_marks(&marks, &g, i, 0, 1);
		dl_strbuf_puts(out, "\t\t");
		dot_node(out, li, i);
		dl_strbuf_puts(out, " [label=\"");
		put_clean(out, r->id, 1);
		if (marks.len)
			dl_strbuf_addf(out, " (%s)", marks.buf);
		dl_strbuf_puts(out, "\\n");
		put_clean(out, rel_path(loc, r->file->path), 1);
		if (r->rf.message) {
			dl_strbuf_puts(out, "\\n");
			put_message(out, r->rf.message, 1);
		}
		dl_strbuf_putc(out, '"');
		if (r->is_head)
			dl_strbuf_addf(out, ", fillcolor=\"%s\"",
				       g.heads_ok ? COLOR_OK : COLOR_BAD_FILL);
		if (bad)
			dl_strbuf_puts(out, ", color=\"" COLOR_BAD "\", penwidth=2");
		dl_strbuf_puts(out, "];\n");
		dl_strbuf_release(&marks);
	}
	for (i = 0; i < g.n; i++) {
		const struct dl_revision *r = &loc->revs[i];
		if (g.live[i])
			continue;
		dl_strbuf_puts(out, "\t\t");
		dot_node(out, li, i);
		dl_strbuf_puts(out, " [label=\"");
		if (r->id) {
			put_clean(out, r->id, 1);
			dl_strbuf_puts(out, " (duplicate id)");
		} else {
			dl_strbuf_puts(out, r->state == DL_REV_BAD_ID
						    ? "(revision is not a string literal)"
						    : "(no revision id)");
		}
		dl_strbuf_puts(out, "\\n");
		put_clean(out, rel_path(loc, r->file->path), 1);
		dl_strbuf_puts(out, "\", style=\"rounded,dashed\", color=\"" COLOR_BAD
				    "\", penwidth=2];\n");
	}
	/* edges, in the order of the nodes */
	for (oi = 0; oi < g.order_nr; oi++) {
		const struct dl_revision *r;
		i = g.order[oi];
		r = &loc->revs[i];
		for (j = 0; j < r->down_nr + r->deps_nr; j++) {
			int dep = j >= r->down_nr;
			size_t item = dep ? j - r->down_nr : j;
			size_t t = dep ? r->deps[item] : r->down[j];
			const struct dl_revref *ref = dep ? &r->rf.depends_on
							  : &r->rf.down_revision;
			int cyc = r->in_cycle && (dep ? r->cycle_dep_item : r->cycle_item) ==
							 (int)item;
			if (t == NONE) {
				dl_strbuf_puts(out, "\t\tm");
				dl_strbuf_addf(out, "%zu_%zu_%zu", li, i, j);
				dl_strbuf_puts(out, " [label=\"");
				if (item < ref->nr)
					put_clean(out, ref->items[item].value, 1);
				dl_strbuf_puts(out, "\\n(missing)\", style=\"rounded,dashed\", color=\"" COLOR_BAD "\"];\n");
			}
			dl_strbuf_puts(out, "\t\t");
			dot_node(out, li, i);
			dl_strbuf_puts(out, " -> ");
			if (t == NONE)
				dl_strbuf_addf(out, "m%zu_%zu_%zu", li, i, j);
			else
				dot_node(out, li, t);
			if (dep || t == NONE || cyc) {
				int first = 1;
				dl_strbuf_puts(out, " [");
				if (dep) {
					dl_strbuf_puts(out, "style=dashed, label=\"depends_on\"");
					first = 0;
				}
				if (t == NONE || cyc) {
					dl_strbuf_addf(out, "%scolor=\"%s\"", first ? "" : ", ",
						       COLOR_BAD);
					if (cyc)
						dl_strbuf_puts(out, ", label=\"cycle\"");
				}
				dl_strbuf_putc(out, ']');
			}
			dl_strbuf_puts(out, ";\n");
		}
	}
	for (i = 0; i < g.n; i++) {
		const struct dl_revision *r = &loc->revs[i];
		if (g.live[i] || !r->id)
			continue;
		dl_strbuf_puts(out, "\t\t");
		dot_node(out, li, i);
		dl_strbuf_puts(out, " -> ");
		dot_node(out, li, (size_t)r->duplicate_of);
		dl_strbuf_puts(out, " [style=dotted, color=\"" COLOR_BAD
				    "\", label=\"same id\"];\n");
	}
	dl_strbuf_puts(out, "\t}\n");
	release(&g);
}

/* ---- public ---- */

int
dl_graph_format_parse(enum dl_graph_format *out, const char *name)
{
	if (!name || !strcmp(name, "text"))
		*out = DL_GRAPH_TEXT;
	else if (!strcmp(name, "dot"))
		*out = DL_GRAPH_DOT;
	else
		return -1;
	return 0;
}

void
dl_graph_init(struct dl_graph *g, struct dl_strbuf *out,
	      enum dl_graph_format format)
{
	g->out = out;
	g->format = format;
	g->locations = 0;
	if (format == DL_GRAPH_DOT)
		dl_strbuf_puts(out,
			       "digraph alembic {\n"
			       "\tgraph [fontname=\"monospace\"];\n"
			       "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"monospace\"];\n"
			       "\tedge [fontname=\"monospace\"];\n");
}

void
dl_graph_add(struct dl_graph *g, const struct dl_alembic *a, const char *root)
{
	size_t i;
	for (i = 0; i < a->locs_nr; i++) {
		const struct dl_script_location *loc = &a->locs[i];
		if (!loc->dir || loc->shared || loc->problem == DL_LOC_MISSING)
			continue;
		if (g->format == DL_GRAPH_DOT)
			dot_location(g, loc, root);
		else
			text_location(g, loc, root);
		g->locations++;
	}
}

void
dl_graph_finish(struct dl_graph *g)
{
	if (g->format == DL_GRAPH_DOT) {
		if (!g->locations)
			dl_strbuf_puts(g->out, "\tlabel=\"no Alembic script location found\";\n");
		dl_strbuf_puts(g->out, "}\n");
	} else if (!g->locations) {
		dl_strbuf_puts(g->out, "no Alembic script location found\n");
	}
}

void
dl_graph_write(struct dl_strbuf *out, const struct dl_alembic *a,
	       enum dl_graph_format format)
{
	struct dl_graph g;
	dl_graph_init(&g, out, format);
	dl_graph_add(&g, a, NULL);
	dl_graph_finish(&g);
}
