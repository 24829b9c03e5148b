/*
 * deploylint heads [PATH...]: per script location, the heads Alembic
 * reports (duplicates included, as RevisionMap keeps them), or, when
 * Alembic cannot build the revision map, its error on `err`: exit 1 then.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "deploylint/limits.h"
#include "deploylint/util.h"

struct heads {
	const struct dl_options *opts;
	FILE *out, *err;
	int rc;
};

static void
root_heads(struct dl_root *root, void *payload)
{
	struct heads *h = payload;
	const struct dl_alembic *a = &root->alembic;
	size_t i, j;

	for (i = 0; i < a->locs_nr; i++) {
		const struct dl_script_location *loc = &a->locs[i];
		const char **ids = NULL;
		size_t nr = 0, alloc = 0;
		char *loc_path;
		if (!loc->dir || loc->shared || loc->problem == DL_LOC_MISSING)
			continue;
		loc_path = h->opts->paths_nr > 1 ? dl_path_join(root->path, loc->dir)
						 : dl_xstrdup(*loc->dir ? loc->dir : ".");
		if (loc->cut_at) {
			/* any revision may look like a head of the part read */
			fprintf(h->err, "deploylint: heads: script location %s has more than %u revision files (DL_MAX_REVISIONS): its heads are unknown\n",
				*loc_path ? loc_path : ".", DL_MAX_REVISIONS);
			h->rc = DL_EXIT_INTERNAL;
			free(loc_path);
			continue;
		}
		if (loc->alembic_error) {
			fprintf(h->err, "deploylint: %s: Alembic cannot load the revision graph: %s\n",
				*loc_path ? loc_path : ".", loc->alembic_message);
			if (h->rc != DL_EXIT_INTERNAL)
				h->rc = DL_EXIT_FINDINGS;
			free(loc_path);
			continue;
		}
		for (j = 0; j < loc->revs_nr; j++)
			if (loc->revs[j].alembic_head) {
				DL_ALLOC_GROW(ids, nr + 1, alloc);
				ids[nr++] = loc->revs[j].id;
			}
		/* sort ids for a stable output */
		for (j = 1; j < nr; j++) {
			const char *k = ids[j];
			size_t m = j;
			while (m && strcmp(ids[m - 1], k) > 0) {
				ids[m] = ids[m - 1];
				m--;
			}
			ids[m] = k;
		}
		/* an overridden duplicate and its kept file are two
		 * heads with one id: `alembic heads` prints both */
		for (j = 0; j < nr; j++)
			fprintf(h->out, "%s %s\n", ids[j], *loc_path ? loc_path : ".");
		free(loc_path);
		free(ids);
	}
}

int
dl_cmd_heads(const struct dl_options *opts, FILE *out, FILE *err)
{
	struct heads h = { opts, out, err, DL_EXIT_OK };
	int rc = dl_root_each(opts, root_heads, &h, err);
	return rc != DL_EXIT_OK ? rc : h.rc;
}
