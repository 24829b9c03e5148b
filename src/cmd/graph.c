/*
 * deploylint graph [--format text|dot] [PATH...]: pictures of the
 * revision graphs of every script location (graph/, deploylint/graph.h).
 */
#include "deploylint/graph.h"
#include "run.h"
#include "cmd/cmd.h"

struct graph {
	struct dl_graph g;
	int several; /* several PATHs: each location named under its PATH */
};

static void
root_graph(struct dl_root *root, void *payload)
{
	struct graph *gr = payload;
	dl_graph_add(&gr->g, &root->alembic, gr->several ? root->path : NULL);
}

int
dl_cmd_graph(const struct dl_options *opts, FILE *out, FILE *err)
{
	enum dl_graph_format fmt;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct graph gr;
	int rc;

	if (dl_graph_format_parse(&fmt, opts->format) < 0) {
		fprintf(err, "deploylint: graph --format: expected text or dot, not '%s'\n",
			opts->format);
		return DL_EXIT_USAGE;
	}
	dl_graph_init(&gr.g, &sb, fmt);
	gr.several = opts->paths_nr > 1;
	rc = dl_root_each(opts, root_graph, &gr, err);
	if (rc == DL_EXIT_OK) {
		dl_graph_finish(&gr.g);
		if (dl_run_write(opts->output, &sb, out, err) < 0)
			rc = DL_EXIT_INTERNAL;
	}
	dl_strbuf_release(&sb);
	return rc;
}
