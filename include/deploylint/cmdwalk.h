/*
 * deploylint: walking a deploy command and the scripts it runs, tracking
 * the folder each simple command runs in. A model-stage module
 * (src/model/cmdwalk.c): the command reader (deploylint/command.h) parses
 * bytes; this follows `cd` and loads the repository's scripts. Families
 * read the walked commands from the service model (deploylint/model.h),
 * which walks each deploy command once.
 */
#ifndef DEPLOYLINT_CMDWALK_H
#define DEPLOYLINT_CMDWALK_H

#include <stddef.h>

#include "deploylint/command.h"
#include "deploylint/repo.h"

/* ---- walking a command and the scripts it runs -------------------------- */

/* One recognised command, with where it runs and where it is written. */
struct dl_cmd_visit {
	const struct dl_cmd_call *call;
	const char *cwd;                 /* folder it runs in, relative to the
					  * scanned root ("" = root); NULL when a
					  * `cd` made it unknown */
	struct dl_file *file;            /* the file the command is written in */
	const struct dl_cmd_posmap *map; /* offsets of the command -> file
					  * positions */
	unsigned depth;                  /* 0: the command itself; n: inside the
					  * n-th nested script */
	/* DL_TOOL_SCRIPT and DL_TOOL_PYTHON_FILE (and `cd` targets): */
	const char *target;          /* the path resolved against cwd
				      * (malloc'd by the walk, valid during
				      * the visit), or NULL */
	struct dl_file *target_file; /* that file in the repository, or NULL */
	int target_outside;          /* the path climbs above the root */
};

typedef void (*dl_cmd_visit_fn)(const struct dl_cmd_visit *v, void *payload);
/* Supplies the parsed script of f, or NULL to let the walk parse it. */
typedef const struct dl_cmdline *(*dl_cmd_script_fn)(struct dl_file *f,
						     void *payload);

/*
 * Calls `visit` for every simple command of `cl` (classified), in order,
 * tracking the working folder from `cwd` through `cd DIR` (relative
 * folders only; `cd` into an expansion, `~`, `-`, an absolute path or a
 * folder the repository does not hold makes it unknown; a `cd` inside
 * ( ... ) ends with the subshell). A command
 * that runs a shell script of the repository (bash x, sh x, ./x, dir/x,
 * source x) is visited, then the script's own commands are walked the
 * same way with the same folder (a script's `cd` reaches back only when
 * it is sourced), at most DL_MAX_CMD_SCRIPT_DEPTH scripts deep and never
 * into a script already being walked. Scripts whose first line is a
 * `#!` naming python, or whose name ends in .py, are not read as shell.
 * `get` (may be NULL) supplies parsed scripts; otherwise they are loaded
 * with dl_repo_load() and parsed into `arena`. A command string or script
 * cut at DL_MAX_CMD_WORDS, and a script left unread at
 * DL_MAX_CMD_SCRIPT_DEPTH, are recorded with dl_repo_note_limit() (call
 * it on the scanning thread only).
 */
void dl_cmd_walk(struct dl_repo *repo, struct dl_arena *arena,
		 const struct dl_cmdline *cl, const struct dl_cmd_posmap *map,
		 struct dl_file *file, const char *cwd, dl_cmd_script_fn get,
		 dl_cmd_visit_fn visit, void *payload);

#endif
