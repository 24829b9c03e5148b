/*
 * deploylint: the commands (private to the program; git's builtin.h).
 * Each command lives in its own file under src/cmd/ and exports
 * dl_cmd_<name>(), a row of the table in registry.c
 * (deploylint/builtin.h). What a command reads of a PATH it opens with
 * dl_root_open(), which prepares what the command's flags ask for.
 */
#ifndef DEPLOYLINT_CMD_CMD_H
#define DEPLOYLINT_CMD_CMD_H

#include <stdio.h>

#include "deploylint/builtin.h"
#include "deploylint/config.h"
#include "deploylint/deploylint.h"
#include "deploylint/repo.h"
#include "model/alembic.h"
#include "rules/check.h"

/* The commands: each returns an enum dl_exit value. */
int dl_cmd_lint(const struct dl_options *opts, FILE *out, FILE *err);
int dl_cmd_heads(const struct dl_options *opts, FILE *out, FILE *err);
int dl_cmd_graph(const struct dl_options *opts, FILE *out, FILE *err);
int dl_cmd_config(const struct dl_options *opts, FILE *out, FILE *err);
int dl_cmd_baseline(const struct dl_options *opts, FILE *out, FILE *err);
int dl_cmd_env(const struct dl_options *opts, FILE *out, FILE *err);
int dl_cmd_explain(const struct dl_options *opts, FILE *out, FILE *err);
int dl_cmd_list_rules(const struct dl_options *opts, FILE *out, FILE *err);

/*
 * --select and --ignore name known rules or families (every command
 * checks them first). Returns DL_EXIT_OK, or DL_EXIT_USAGE after saying
 * which name is unknown (and the nearest known one) on `err`.
 */
int dl_cmd_check_selectors(const struct dl_options *opts, FILE *err);

/* One opened PATH: what the command's flags asked dl_root_open() for. */
struct dl_root {
	const char *path;          /* the PATH as given (borrowed) */
	unsigned flags;            /* the DL_BUILTIN_CONFIG, _REPO, _ALEMBIC
				    * and _STAGED flags it was opened with */
	struct dl_config cfg;      /* DL_BUILTIN_CONFIG; else empty */
	struct dl_repo repo;       /* DL_BUILTIN_REPO (zeroed without) */
	struct dl_alembic alembic; /* DL_BUILTIN_ALEMBIC (zeroed without) */
	/*
	 * DL_BUILTIN_ALEMBIC: the run's check context, with its document
	 * cache and the service model (dl_ctx_model), built before the
	 * Alembic model, which reads the deploy commands from it. `repo`,
	 * `config` and `alembic` are set; a command that runs families sets
	 * `report` (and `pass`) and uses this context. Zeroed without.
	 */
	struct dl_check_ctx ctx;
};

/*
 * What the caller does while the root is walked (the lint pipeline starts
 * its read pass there). `begin` is called after the configuration is
 * loaded and before the walk, and returns the hook the walk calls (NULL:
 * none); `end` is called once the walk is over, whether it failed or not,
 * before the Alembic model is built. Either may be NULL.
 */
struct dl_root_walk {
	const struct dl_scan_hook *(*begin)(struct dl_root *root, void *payload);
	void (*end)(struct dl_root *root, void *payload);
	void *payload;
};

/*
 * Opens `path` for the command opts->command, as the flags of its row in
 * the command table say (git's setup for RUN_SETUP): with
 * DL_BUILTIN_CONFIG loads the configuration (dl_run_load_config: --config
 * FILE, or .deploylint.yaml found from the root up to the repository's
 * top, or none with --no-config); with DL_BUILTIN_REPO walks the root
 * (dl_repo_scan: git discovery, the index, the ignore rules; with
 * DL_BUILTIN_STAGED and --staged, the index's blobs); with
 * DL_BUILTIN_ALEMBIC builds its service model (root->ctx) and then its
 * Alembic model. `walk` may be NULL. A
 * command with DL_BUILTIN_REPO_OPTIONAL may pass a NULL `path`: the
 * configuration is then looked for from the current folder and nothing
 * is walked (root->flags says what was opened).
 * Returns DL_EXIT_OK; DL_EXIT_USAGE when the configuration or the PATH is
 * wrong; DL_EXIT_INTERNAL when the walk failed on the machine's side. The
 * error is printed to `err` ("deploylint: ..."); `out` is then released.
 * Release an opened root with dl_root_release().
 */
int dl_root_open(struct dl_root *out, const char *path, const struct dl_options *opts,
		 const struct dl_root_walk *walk, FILE *err);

/* Frees what dl_root_open() prepared; the root is left zeroed. */
void dl_root_release(struct dl_root *root);

/*
 * Opens each PATH of opts in turn with dl_root_open(), calls fn on it,
 * and releases it: what `heads` and `graph` share. Stops at a PATH that
 * cannot be opened and returns dl_root_open()'s code; else DL_EXIT_OK.
 */
int dl_root_each(const struct dl_options *opts,
		 void (*fn)(struct dl_root *root, void *payload), void *payload,
		 FILE *err);

#endif
