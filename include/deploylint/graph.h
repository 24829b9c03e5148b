/*
 * deploylint: pictures of Alembic revision graphs for `deploylint graph`:
 * text in the style of `git log --graph`, or Graphviz DOT.
 */
#ifndef DEPLOYLINT_GRAPH_H
#define DEPLOYLINT_GRAPH_H

#include "deploylint/util.h"

struct dl_alembic; /* src/model/alembic.h */

enum dl_graph_format {
	DL_GRAPH_TEXT = 0, /* git log --graph style, one line per revision */
	DL_GRAPH_DOT       /* one Graphviz digraph, a cluster per location */
};

/*
 * A picture being written: several models (one per scanned PATH) may go
 * into one picture. `out` is borrowed; everything is appended to it.
 */
struct dl_graph {
	struct dl_strbuf *out;
	enum dl_graph_format format;
	size_t locations; /* script locations written so far */
};

/*
 * Parses a --format value for the graph command: "text" or "dot" (exact,
 * case-sensitive). NULL means text. Returns 0 with *out set, or -1 when
 * the name is neither (the caller reports a usage error).
 */
int dl_graph_format_parse(enum dl_graph_format *out, const char *name);

/* Starts a picture in `out` (DOT: the "digraph" header). Never fails. */
void dl_graph_init(struct dl_graph *g, struct dl_strbuf *out,
		   enum dl_graph_format format);

/*
 * Appends the revision graph of every script location of `a` (built by
 * dl_alembic_build) that has a folder, skipping the ones `deploylint heads`
 * skips (unresolved, missing, or a second ini naming the same folder).
 * `root` is NULL, or the scanned PATH to put in front of each location's
 * folder when a run lints several PATHs (as `heads` does).
 *
 * Text: per location, a header "DIR: N revisions, H heads" and one line
 * per revision, newest first: children always above their down revisions
 * (a depth-first topological order from the heads, the head with the
 * greatest file path first, like `git log --graph --topo-order`), with
 * lanes drawn as git draws them ('*' the revision, '|' '/' '\' the
 * down_revision edges), then "ID (MARKS) FILE: MESSAGE", FILE relative to
 * the location, MESSAGE the docstring's first line. MARKS name heads,
 * bases, merges, branchpoints, branch labels, depends_on, dangling
 * references ("missing down_revision: X") and cycles. Duplicate ids and
 * files without an id follow the graph on lines starting with "!". A
 * location with more than DL_MAX_GRAPH_LANES open branches at once is
 * drawn flat (no lanes; every line names its down revisions).
 *
 * DOT: a cluster per location; revisions are boxes, edges point from a
 * revision to its down revisions (depends_on dashed); heads are green,
 * or red when there are several and not each on its own branch label
 * (ALM001's error case); dangling targets, cycle edges, duplicates and
 * revisions with problems are red.
 *
 * Output is deterministic and holds no absolute path (unless `root` is
 * one). Ids, paths and messages are cut at DL_MAX_GRAPH_TEXT bytes;
 * control characters and invalid UTF-8 become '?'. Time and memory are
 * linear in the number of revisions and references (times the constant
 * DL_MAX_GRAPH_LANES); nothing recurses.
 */
void dl_graph_add(struct dl_graph *g, const struct dl_alembic *a,
		  const char *root);

/*
 * Ends the picture (DOT: the closing brace; when no location was written,
 * a line saying there is no Alembic script location). Never fails.
 */
void dl_graph_finish(struct dl_graph *g);

/* dl_graph_init + dl_graph_add(a, NULL) + dl_graph_finish. */
void dl_graph_write(struct dl_strbuf *out, const struct dl_alembic *a,
		    enum dl_graph_format format);

#endif
