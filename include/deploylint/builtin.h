/*
 * deploylint: the command table, as git's cmd_struct table in git.c. Every
 * command (lint, heads, graph, config, baseline, env, explain, list-rules)
 * is one row of a const array in src/cmd/registry.c: its name, how it is
 * invoked, its --help usage line, the function that runs it (one file per
 * command under src/cmd/) and flags saying what it needs before it runs
 * (git's RUN_SETUP, NEED_WORK_TREE). main.c finds a command here by name
 * and checks the options against its flags; dl_run() dispatches through
 * the table; dl_root_open() (src/cmd/cmd.h) opens each PATH as the flags
 * ask. Adding a command: one file under src/cmd/, one row, one
 * enum dl_command value (deploylint.h), its documentation.
 */
#ifndef DEPLOYLINT_BUILTIN_H
#define DEPLOYLINT_BUILTIN_H

#include <stddef.h>
#include <stdio.h>

#include "deploylint/deploylint.h"
#include "deploylint/fix.h"

/* How a command is invoked and what it needs (git's RUN_SETUP...). */
enum dl_builtin_flags {
	/* invoked by name, the first word after the options
	 * (`deploylint heads`) */
	DL_BUILTIN_NAMED = 1 << 0,
	/* invoked by an option, --NAME (`--list-rules`, `--explain ID`) */
	DL_BUILTIN_OPTION = 1 << 1,
	/* loads the configuration (--config FILE, .deploylint.yaml,
	 * --no-config) of its root */
	DL_BUILTIN_CONFIG = 1 << 2,
	/* needs a repository: walks each PATH (git discovery, the file
	 * list, what could not be read) */
	DL_BUILTIN_REPO = 1 << 3,
	/* builds the Alembic model (model/alembic.h) of each PATH */
	DL_BUILTIN_ALEMBIC = 1 << 4,
	/* --staged: the walk lists the git index, not the work tree */
	DL_BUILTIN_STAGED = 1 << 5,
	/* reports findings in --format (text, or github under GitHub
	 * Actions, when none is given) */
	DL_BUILTIN_REPORTS = 1 << 6,
	/* --fix applies to it */
	DL_BUILTIN_FIX = 1 << 7,
	/* checks a set of variables: --from, --service and
	 * --python-from-path are its options, --staged is refused */
	DL_BUILTIN_VARS = 1 << 8,
	/* with DL_BUILTIN_REPO: the repository is optional; given no PATH
	 * (dl_root_open with path NULL) the command loads the configuration
	 * found from the current folder and walks nothing */
	DL_BUILTIN_REPO_OPTIONAL = 1 << 9
};

/* One command: a row of the table. */
struct dl_builtin {
	enum dl_command id;
	const char *name;  /* "heads"; with DL_BUILTIN_OPTION the option's
			    * name without its dashes ("list-rules") */
	const char *usage; /* the --help usage line after "deploylint ", or
			    * NULL (an option's command: its own help line) */
	/* runs it: results on `out`, problems on `err`; returns an enum
	 * dl_exit value */
	int (*run)(const struct dl_options *opts, FILE *out, FILE *err);
	unsigned flags; /* enum dl_builtin_flags */
};

/* The table, in --help order (lint first); *nr_out gets its length. */
const struct dl_builtin *dl_builtins(size_t *nr_out);

/* The row of command `id` (never NULL for a value of enum dl_command). */
const struct dl_builtin *dl_builtin_get(enum dl_command id);

/* The DL_BUILTIN_NAMED command called `name`, or NULL. */
const struct dl_builtin *dl_builtin_find(const char *name);

/* The lint command with --fix (src/cmd/lint.c). */
/*
 * Runs `opts` (command DL_CMD_LINT) with fixes: in DL_FIX_APPLY mode the
 * fixes of the reported findings are applied, their diff is written to
 * `out`, and then the lint runs again and reports what is left, as
 * dl_run() does (the report goes to opts->output, or to `out` after the
 * diff); exit code as dl_run(), or DL_EXIT_INTERNAL when a file or the git
 * index could not be written. In DL_FIX_DRY_RUN mode only the diff is
 * written and nothing changes; returns DL_EXIT_FINDINGS when there is
 * anything to fix, else DL_EXIT_OK. A summary line and every fix not
 * applied go to `err`. DL_FIX_OFF is dl_run().
 */
int dl_run_fix(const struct dl_options *opts, enum dl_fix_mode mode, FILE *out,
	       FILE *err);

#endif
