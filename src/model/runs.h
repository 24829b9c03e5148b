/*
 * deploylint: the commands a deploy runs, and the folders they run in.
 * Walks every render.yaml service's buildCommand, preDeployCommand and
 * startCommand (in the service's rootDir) and every Procfile process (in
 * the Procfile's folder), following `cd` and the repository scripts they
 * call (dl_cmd_walk), and hands each simple command to a callback with
 * the folder it runs in. The Alembic model uses it to learn where
 * `alembic` runs; it is kept apart from any rule so that other models can
 * share it.
 */
#ifndef DEPLOYLINT_MODEL_RUNS_H
#define DEPLOYLINT_MODEL_RUNS_H

#include <stddef.h>

#include "deploylint/cmdwalk.h"
#include "deploylint/command.h"
#include "deploylint/repo.h"

/* Where a deploy command comes from. */
struct dl_deploy_origin {
	struct dl_file *file; /* render.yaml or Procfile */
	const char *service;  /* the service's name, or the Procfile process */
	const char *phase;    /* "buildCommand", "preDeployCommand",
			       * "startCommand", or "Procfile" */
};

typedef void (*dl_deploy_visit_fn)(const struct dl_deploy_origin *o,
				   const struct dl_cmd_visit *v, void *payload);

/*
 * Calls fn for every simple command of every deploy command of `repo`
 * (render.yaml services first, in file order, then Procfiles), with the
 * folder it runs in (v->cwd, NULL when a `cd` made it unknown). Loads the
 * files it needs with dl_repo_load(); unreadable or malformed files are
 * skipped (their rules report them). Never fails.
 */
void dl_deploy_walk(struct dl_repo *repo, dl_deploy_visit_fn fn, void *payload);

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
};

struct dl_runs {
	struct dl_alembic_run *items;
	size_t nr, alloc;
};

/* Collects every `alembic` command of the deploy whose folder is known. */
void dl_runs_collect(struct dl_runs *out, struct dl_repo *repo);
void dl_runs_release(struct dl_runs *r);

#endif
