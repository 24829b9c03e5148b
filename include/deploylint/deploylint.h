/*
 * deploylint: the library entry point. main.c parses argv into a
 * struct dl_options, calls dl_run(), and exits with the code it returns.
 */
#ifndef DEPLOYLINT_DEPLOYLINT_H
#define DEPLOYLINT_DEPLOYLINT_H

#include <stdio.h>

#include "deploylint/rule.h"

/* Exit codes (the only ones the program uses). */
enum dl_exit {
	DL_EXIT_OK = 0,       /* no finding at or above --fail-on */
	DL_EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	DL_EXIT_USAGE = 2,    /* usage or configuration error */
	DL_EXIT_INTERNAL = 3  /* internal error */
};

enum dl_command {
	DL_CMD_LINT = 0,
	DL_CMD_HEADS,
	DL_CMD_LIST_RULES,
	DL_CMD_EXPLAIN,
	DL_CMD_GRAPH,    /* deploylint graph: pictures of revision graphs */
	DL_CMD_CONFIG,   /* deploylint config: the effective configuration */
	DL_CMD_BASELINE, /* deploylint baseline: record the findings */
	DL_CMD_ENV       /* deploylint env: check a set of variables */
};

struct dl_options {
	enum dl_command command;
	const char **paths; /* scanned roots; default "." */
	size_t paths_nr;
	const char *format;       /* emitter name (graph: "text" or "dot") */
	const char *output;       /* file path or NULL for stdout */
	const char *sarif_output; /* --sarif FILE: also write SARIF there */
	const char *baseline;     /* --baseline FILE: report only findings not
				   * recorded in it (written by `deploylint
				   * baseline`), or NULL */
	enum dl_level fail_on;    /* DL_LEVEL_NONE means never */
	int fail_on_given;        /* --fail-on was on the command line */
	const char *config_path;  /* --config FILE, or NULL to look for one */
	int no_config;            /* --no-config */
	int require_reason;       /* --require-reason */
	int no_inline_ignores;    /* --no-inline-ignores */
	int quiet;                /* --quiet: text summary only */
	int staged;               /* --staged: lint what the next commit holds */
	const char **only;        /* report only findings in these files (file
				   * PATH arguments, as pre-commit passes them) */
	size_t only_nr;
	const char *select; /* comma list or NULL (all) */
	const char *ignore; /* comma list or NULL */
	const char *explain_id;
	int color;   /* resolved: 1 colours on */
	int context; /* print source lines under findings */
	int verbose;
	/* deploylint env */
	const char *env_from;    /* --from FILE ("-": stdin), or NULL: the
				  * process environment */
	const char *env_service; /* --service NAME of render.yaml, or NULL */
	int python_from_path;    /* --python-from-path: the python3 on PATH
				  * is the Python the service runs */
	int paths_given;         /* PATH arguments were given */
};

/*
 * Runs the command in `opts`, writing results to `out` and problems to
 * `err`. Returns an enum dl_exit value.
 */
int dl_run(const struct dl_options *opts, FILE *out, FILE *err);

/* The version string, e.g. "0.1.0". */
const char *dl_version(void);

#endif
