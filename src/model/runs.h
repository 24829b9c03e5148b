/*
 * deploylint: the `alembic` commands a deploy runs, and the folders they
 * run in, read from the service model's deploy commands
 * (include/deploylint/model.h): every render.yaml service's
 * buildCommand, preDeployCommand and startCommand (in the service's
 * rootDir, whatever its runtime) and every Procfile process (in the
 * Procfile's folder), as walked through `cd` and the repository scripts
 * they call. The Alembic model uses them to learn where `alembic` runs.
 */
#ifndef DEPLOYLINT_MODEL_RUNS_H
#define DEPLOYLINT_MODEL_RUNS_H

#include <stddef.h>

#include "deploylint/model.h"
#include "deploylint/repo.h"

/* One `alembic` command of the deploy. */
struct dl_alembic_run {
	struct dl_file *file; /* the file it is written in (render.yaml,
			       * Procfile, or a script they call) */
	struct dl_pos pos;    /* its `alembic` word */
	char *cwd;            /* the folder it runs in, root-relative ("" =
			       * the root) */
	char *ini;            /* the config file it reads: -c/--config/--name
			       * resolved against cwd, else cwd/alembic.ini;
			       * NULL when the path expands or leaves the root */
	char *target;         /* `upgrade`'s target (head, heads, x@head, a
			       * revision), or NULL for other subcommands */
	char *origin;         /* "service `api` preDeployCommand" or
			       * "Procfile release" */
	size_t blueprint;     /* a render.yaml service's command: the index of
			       * its Blueprint in m->blueprints and of the
			       * service in bp.services; SIZE_MAX for a
			       * Procfile process */
	size_t service;
};

struct dl_runs {
	struct dl_alembic_run *items;
	size_t nr, alloc;
};

/*
 * Collects every `alembic` command of the deploy whose folder is known,
 * from the model m (borrowed; NULL: none): render.yaml services first, in
 * file and service order, build then pre-deploy then start, then Procfile
 * processes (a process whose name starts with '#' is a comment and is
 * skipped). Never fails.
 */
void dl_runs_collect(struct dl_runs *out, const struct dl_model *m);
void dl_runs_release(struct dl_runs *r);

#endif
