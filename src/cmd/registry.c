/*
 * deploylint: the command table (git's commands[] in git.c) and the
 * dispatch through it (deploylint/builtin.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "deploylint/rule.h"

#define DL_LINTS (DL_BUILTIN_CONFIG | DL_BUILTIN_REPO | DL_BUILTIN_ALEMBIC | DL_BUILTIN_STAGED)

/* In --help order. */
static const struct dl_builtin builtins[] = {
	{ DL_CMD_LINT, "lint", "[options] [PATH...]", dl_cmd_lint,
	  DL_LINTS | DL_BUILTIN_REPORTS | DL_BUILTIN_FIX },
	{ DL_CMD_HEADS, "heads", "heads [PATH...]", dl_cmd_heads,
	  DL_BUILTIN_NAMED | DL_BUILTIN_REPO | DL_BUILTIN_ALEMBIC },
	{ DL_CMD_GRAPH, "graph", "graph [--format text|dot] [PATH...]", dl_cmd_graph,
	  DL_BUILTIN_NAMED | DL_BUILTIN_REPO | DL_BUILTIN_ALEMBIC },
	{ DL_CMD_CONFIG, "config", "config [PATH]", dl_cmd_config,
	  DL_BUILTIN_NAMED | DL_BUILTIN_CONFIG },
	{ DL_CMD_BASELINE, "baseline", "baseline [PATH...] > .deploylint-baseline.json",
	  dl_cmd_baseline, DL_BUILTIN_NAMED | DL_LINTS },
	/* the repository at PATH is optional */
	{ DL_CMD_ENV, "env", "env [--from FILE|-] [--service NAME] [--python-from-path] [PATH]",
	  dl_cmd_env,
	  DL_BUILTIN_NAMED | DL_BUILTIN_CONFIG | DL_BUILTIN_REPO | DL_BUILTIN_ALEMBIC |
		  DL_BUILTIN_REPO_OPTIONAL | DL_BUILTIN_REPORTS | DL_BUILTIN_VARS },
	{ DL_CMD_LIST_RULES, "list-rules", NULL, dl_cmd_list_rules, DL_BUILTIN_OPTION },
	{ DL_CMD_EXPLAIN, "explain", NULL, dl_cmd_explain, DL_BUILTIN_OPTION },
};

const struct dl_builtin *
dl_builtins(size_t *nr_out)
{
	*nr_out = sizeof(builtins) / sizeof(builtins[0]);
	return builtins;
}

const struct dl_builtin *
dl_builtin_get(enum dl_command id)
{
	size_t i;
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (builtins[i].id == id)
			return &builtins[i];
	return NULL;
}

const struct dl_builtin *
dl_builtin_find(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if ((builtins[i].flags & DL_BUILTIN_NAMED) && !strcmp(builtins[i].name, name))
			return &builtins[i];
	return NULL;
}

int
dl_cmd_check_selectors(const struct dl_options *opts, FILE *err)
{
	const char *opt[2] = { "--select", "--ignore" };
	const char *list[2] = { opts->select, opts->ignore };
	size_t i;
	for (i = 0; i < 2; i++) {
		char *bad = NULL;
		const char *near;
		if (!list[i] || dl_rule_selector_validate(list[i], &bad) == 0)
			continue;
		near = dl_rule_suggest(bad);
		if (near)
			fprintf(err, "deploylint: %s: unknown rule or family '%s' (did you mean %s?)\n",
				opt[i], bad, near);
		else
			fprintf(err, "deploylint: %s: unknown rule or family '%s'\n", opt[i], bad);
		free(bad);
		return DL_EXIT_USAGE;
	}
	return DL_EXIT_OK;
}

int
dl_run(const struct dl_options *opts, FILE *out, FILE *err)
{
	const struct dl_builtin *cmd = dl_builtin_get(opts->command);
	int rc = dl_cmd_check_selectors(opts, err);
	if (rc != DL_EXIT_OK)
		return rc;
	return cmd ? cmd->run(opts, out, err) : DL_EXIT_INTERNAL;
}
