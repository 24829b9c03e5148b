/*
 * deploylint: opening a PATH for a command (git's setup for RUN_SETUP):
 * the configuration, the walk with git discovery, the Alembic model, as
 * the command's row in the table asks.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"
#include "cmd/cmd.h"
#include "deploylint/util.h"

int
dl_run_load_config(struct dl_config *cfg, const char *root,
		   const struct dl_options *opts, FILE *err)
{
	char *found = NULL, *msg = NULL, *real;
	const char *display;
	int rc = 0;

	dl_config_init(cfg);
	if (opts->no_config)
		return 0;
	if (opts->config_path) {
		rc = dl_config_load(cfg, opts->config_path, opts->config_path, &msg);
	} else if (dl_config_find(&found, root)) {
		struct stat st;
		/* name it relative to the root when it lies inside */
		real = realpath(root, NULL);
		display = found;
		if (real && !strncmp(found, real, strlen(real)) &&
		    found[strlen(real)] == '/')
			display = found + strlen(real) + 1;
		if (lstat(found, &st) == 0 && S_ISLNK(st.st_mode)) {
			/* a cloned repository must not make deploylint read a
			 * file outside it; --config names a link's target */
			struct dl_strbuf sb = DL_STRBUF_INIT;
			dl_strbuf_addf(&sb, "%s: is a symbolic link; deploylint does not follow a found %s (pass its target with --config FILE)",
				       display, DL_CONFIG_NAME);
			msg = dl_strbuf_detach(&sb, NULL);
			rc = -1;
		} else {
			rc = dl_config_load(cfg, found, display, &msg);
		}
		free(real);
	}
	free(found);
	if (rc < 0) {
		fprintf(err, "deploylint: %s\n", msg);
		free(msg);
		dl_config_release(cfg);
	}
	return rc;
}

int
dl_root_open(struct dl_root *out, const char *path, const struct dl_options *opts,
	     const struct dl_root_walk *walk, FILE *err)
{
	unsigned want = dl_builtin_get(opts->command)->flags;
	const struct dl_scan_hook *hook = NULL;
	char *msg = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->path = path;
	dl_config_init(&out->cfg);
	if ((want & DL_BUILTIN_CONFIG) &&
	    dl_run_load_config(&out->cfg, path ? path : ".", opts, err) < 0)
		return DL_EXIT_USAGE;
	out->flags = want & DL_BUILTIN_CONFIG;
	if (!path && (want & DL_BUILTIN_REPO_OPTIONAL))
		return DL_EXIT_OK; /* no repository: the configuration alone */
	if (!(want & (DL_BUILTIN_REPO | DL_BUILTIN_ALEMBIC)))
		return DL_EXIT_OK;
	if (walk && walk->begin)
		hook = walk->begin(out, walk->payload);
	if ((want & DL_BUILTIN_STAGED) && opts->staged)
		rc = dl_repo_scan_staged(&out->repo, path, &msg);
	else
		rc = dl_repo_scan_hooked(&out->repo, path, hook, &msg);
	if (walk && walk->end)
		walk->end(out, walk->payload);
	if (rc < 0) {
		fprintf(err, "deploylint: %s\n", msg);
		free(msg);
		dl_root_release(out);
		return rc == -2 ? DL_EXIT_INTERNAL : DL_EXIT_USAGE;
	}
	out->flags |= DL_BUILTIN_REPO | (want & DL_BUILTIN_STAGED);
	if (want & DL_BUILTIN_ALEMBIC) {
		out->ctx.repo = &out->repo;
		out->ctx.config = &out->cfg;
		dl_ctx_init(&out->ctx);
		dl_alembic_build(&out->alembic, &out->repo, dl_ctx_model(&out->ctx));
		out->ctx.alembic = &out->alembic;
		out->flags |= DL_BUILTIN_ALEMBIC;
	}
	return DL_EXIT_OK;
}

void
dl_root_release(struct dl_root *root)
{
	if (root->flags & DL_BUILTIN_ALEMBIC) {
		dl_ctx_release(&root->ctx);
		dl_alembic_release(&root->alembic);
	}
	if (root->flags & DL_BUILTIN_REPO)
		dl_repo_release(&root->repo);
	dl_config_release(&root->cfg);
	memset(root, 0, sizeof(*root));
}

int
dl_root_each(const struct dl_options *opts,
	     void (*fn)(struct dl_root *root, void *payload), void *payload,
	     FILE *err)
{
	size_t i;
	for (i = 0; i < opts->paths_nr; i++) {
		struct dl_root root;
		int rc = dl_root_open(&root, opts->paths[i], opts, NULL, err);
		if (rc != DL_EXIT_OK)
			return rc;
		fn(&root, payload);
		dl_root_release(&root);
	}
	return DL_EXIT_OK;
}
