/*
 * deploylint: command line. Parses argv into struct dl_options, calls
 * dl_run(), exits with its code. The only file that calls exit().
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploylint/builtin.h"
#include "deploylint/deploylint.h"
#include "deploylint/emit.h"
#include "deploylint/fix.h"

/* --help after the usage lines of the command table (deploylint/builtin.h). */
static const char help_text[] =
	"\n"
	"Checks the deploy configuration of a Python web backend (Alembic,\n"
	"render.yaml, .env, requirements) before it reaches Render.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT      text, json, sarif or github (default text;\n"
	"                        github when GITHUB_ACTIONS=true)\n"
	"  -o, --output FILE     write the report to FILE\n"
	"      --sarif FILE      also write SARIF to FILE (one run, two outputs)\n"
	"      --baseline FILE   report only findings not recorded in FILE\n"
	"      --fail-on LEVEL   error, warning, note or never (default error)\n"
	"      --select IDS      only these rules (ids or families: ALM,PARSE001)\n"
	"      --ignore IDS      never these rules\n"
	"      --config FILE     read this configuration instead of .deploylint.yaml\n"
	"      --no-config       read no configuration file\n"
	"      --require-reason  report inline suppressions without a reason\n"
	"      --no-inline-ignores  ignore inline suppressions (audits)\n"
	"      --list-rules      list every rule (--format json for JSON)\n"
	"      --explain ID      print a rule's documentation\n"
	"      --color WHEN      auto, always or never (honours NO_COLOR)\n"
	"      --context         print the source line under each finding\n"
	"      --no-context      never print source lines\n"
	"  -q, --quiet           text: print the summary line only\n"
	"      --staged          lint the blobs in the git index (the next commit)\n"
	"      --fix             apply the certain fixes (ENV001, ENV005, ENV007,\n"
	"                        DB001 in .env files, GIT001), print their diff,\n"
	"                        then report what is left\n"
	"      --dry-run         with --fix: print the diff only, change nothing\n"
	"                        (exit 1 when there is something to fix)\n"
	"  -v, --verbose         say what was skipped\n"
	"\n"
	"      --version         print the version\n"
	"  -h, --help            print this help\n"
	"\n"
	"deploylint env checks the variables a service really receives (ENV001,\n"
	"ENV002, ENV008, DB001-DB008, DB010-DB012; REQ001 and REQ003 against the\n"
	"repository at PATH, or the current directory when it is one):\n"
	"      --from FILE       a dotenv file or the JSON of Render's API\n"
	"                        (GET /v1/services/{id}/env-vars, pages one after\n"
	"                        the other), told apart by content; - reads stdin.\n"
	"                        Default: the process environment\n"
	"      --service NAME    the render.yaml service the variables belong to\n"
	"                        (its rootDir, requirements, PYTHON_VERSION)\n"
	"      --python-from-path  the python3 on PATH is the Python it runs\n"
	"  findings name env:KEY, render-api:KEY or FILE:line:col, never a value\n"
	"\n"
	"exit status: 0 clean, 1 findings at or above --fail-on,\n"
	"2 usage or configuration error, 3 internal error\n";

enum {
	OPT_FAIL_ON = 256,
	OPT_SELECT,
	OPT_IGNORE,
	OPT_LIST_RULES,
	OPT_EXPLAIN,
	OPT_COLOR,
	OPT_CONTEXT,
	OPT_NO_CONTEXT,
	OPT_VERSION,
	OPT_SARIF,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_REQUIRE_REASON,
	OPT_NO_INLINE_IGNORES,
	OPT_BASELINE,
	OPT_STAGED,
	OPT_FIX,
	OPT_DRY_RUN,
	OPT_FROM,
	OPT_SERVICE,
	OPT_PYTHON_FROM_PATH
};

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("deploylint: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see deploylint --help)\n", stderr);
	return DL_EXIT_USAGE;
}

/* --help: a usage line per command of the table, then the options. */
static void
print_help(void)
{
	const struct dl_builtin *cmds;
	const char *lead = "usage: ";
	size_t n, i;

	cmds = dl_builtins(&n);
	for (i = 0; i < n; i++)
		if (cmds[i].usage) {
			printf("%sdeploylint %s\n", lead, cmds[i].usage);
			lead = "       ";
		}
	fputs(help_text, stdout);
}

/*
 * Flushes standard output and checks it: a listing that could not be
 * written (`> /dev/full`, a closed pipe's EPIPE) is exit 3, not a
 * success. Returns rc, or DL_EXIT_INTERNAL after a message.
 */
static int
finish_stdout(int rc)
{
	if ((fflush(stdout) != 0 || ferror(stdout)) &&
	    (rc == DL_EXIT_OK || rc == DL_EXIT_FINDINGS)) {
		fprintf(stderr, "deploylint: cannot write to standard output: %s\n",
			strerror(errno ? errno : EIO));
		rc = DL_EXIT_INTERNAL;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "select", required_argument, NULL, OPT_SELECT },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "context", no_argument, NULL, OPT_CONTEXT },
		{ "no-context", no_argument, NULL, OPT_NO_CONTEXT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "sarif", required_argument, NULL, OPT_SARIF },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
		{ "require-reason", no_argument, NULL, OPT_REQUIRE_REASON },
		{ "no-inline-ignores", no_argument, NULL, OPT_NO_INLINE_IGNORES },
		{ "staged", no_argument, NULL, OPT_STAGED },
		{ "fix", no_argument, NULL, OPT_FIX },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "service", required_argument, NULL, OPT_SERVICE },
		{ "python-from-path", no_argument, NULL, OPT_PYTHON_FROM_PATH },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct dl_options opts;
	const char *color = "auto", *default_paths[] = { "." };
	const char *env;
	const char **dirs = NULL, **files = NULL;
	const struct dl_builtin *cmd;
	int c, context = -1, rc, fix = 0, dry_run = 0;

	memset(&opts, 0, sizeof(opts));
	opts.fail_on = DL_LEVEL_ERROR;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			opts.format = optarg;
			break;
		case 'o':
			opts.output = optarg;
			break;
		case OPT_FAIL_ON:
			opts.fail_on_given = 1;
			if (!strcmp(optarg, "never"))
				opts.fail_on = DL_LEVEL_NONE;
			else if (dl_level_parse(&opts.fail_on, optarg) < 0 ||
				 opts.fail_on == DL_LEVEL_NONE)
				return usage_error("--fail-on: expected error, warning, note or never, not '%s'", optarg);
			break;
		case OPT_SELECT:
			opts.select = optarg;
			break;
		case OPT_IGNORE:
			opts.ignore = optarg;
			break;
		case OPT_LIST_RULES:
			opts.command = DL_CMD_LIST_RULES;
			break;
		case OPT_EXPLAIN:
			opts.command = DL_CMD_EXPLAIN;
			opts.explain_id = optarg;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return usage_error("--color: expected auto, always or never, not '%s'", optarg);
			color = optarg;
			break;
		case OPT_CONTEXT:
			context = 1;
			break;
		case OPT_NO_CONTEXT:
			context = 0;
			break;
		case 'v':
			opts.verbose = 1;
			break;
		case 'q':
			opts.quiet = 1;
			break;
		case OPT_SARIF:
			opts.sarif_output = optarg;
			break;
		case OPT_BASELINE:
			opts.baseline = optarg;
			break;
		case OPT_CONFIG:
			opts.config_path = optarg;
			break;
		case OPT_NO_CONFIG:
			opts.no_config = 1;
			break;
		case OPT_REQUIRE_REASON:
			opts.require_reason = 1;
			break;
		case OPT_NO_INLINE_IGNORES:
			opts.no_inline_ignores = 1;
			break;
		case OPT_STAGED:
			opts.staged = 1;
			break;
		case OPT_FIX:
			fix = 1;
			break;
		case OPT_DRY_RUN:
			dry_run = 1;
			break;
		case OPT_FROM:
			opts.env_from = optarg;
			break;
		case OPT_SERVICE:
			opts.env_service = optarg;
			break;
		case OPT_PYTHON_FROM_PATH:
			opts.python_from_path = 1;
			break;
		case OPT_VERSION:
			printf("deploylint %s\n", dl_version());
			return finish_stdout(DL_EXIT_OK);
		case 'h':
			print_help();
			return finish_stdout(DL_EXIT_OK);
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc && opts.command == DL_CMD_LINT) {
		const struct dl_builtin *named = dl_builtin_find(argv[optind]);
		if (named) {
			opts.command = named->id;
			optind++;
		}
	}
	cmd = dl_builtin_get(opts.command);
	if (!(cmd->flags & DL_BUILTIN_VARS) &&
	    (opts.env_from || opts.env_service || opts.python_from_path))
		return usage_error("%s belongs to `deploylint env`",
				   opts.env_from ? "--from" : opts.env_service ? "--service"
									       : "--python-from-path");
	if ((cmd->flags & DL_BUILTIN_VARS) && opts.staged)
		return usage_error("%s: deploylint env reads variables, not the index", "--staged");
	if (dry_run && !fix)
		return usage_error("%s needs --fix", "--dry-run");
	if (fix && opts.staged)
		return usage_error("%s: --fix changes the work tree, --staged lints the index", "--staged");
	if (fix && !(cmd->flags & DL_BUILTIN_FIX)) {
		char invoked[64];
		snprintf(invoked, sizeof(invoked), "%s%s",
			 cmd->flags & DL_BUILTIN_OPTION ? "--" : "", cmd->name);
		return usage_error("--fix: %s does not change files", invoked);
	}
	opts.paths_given = optind < argc;
	if (optind < argc) {
		/* directories are scanned; files (as pre-commit passes them)
		 * restrict what is reported, under the current directory */
		int k;
		dirs = dl_xcalloc((size_t)(argc - optind), sizeof(char *));
		files = dl_xcalloc((size_t)(argc - optind), sizeof(char *));
		for (k = optind; k < argc; k++) {
			struct stat st;
			/* a missing path is scanned, and reported as missing */
			if (stat(argv[k], &st) == 0 && !S_ISDIR(st.st_mode))
				files[opts.only_nr++] = argv[k];
			else
				dirs[opts.paths_nr++] = argv[k];
		}
		opts.paths = dirs;
		opts.only = files;
	}
	if (!opts.paths_nr) {
		opts.paths = default_paths;
		opts.paths_nr = 1;
	}
	if (!opts.format) {
		env = getenv("GITHUB_ACTIONS");
		int reports = (cmd->flags & DL_BUILTIN_REPORTS) != 0;
		opts.format = env && !strcmp(env, "true") && reports ? "github" : NULL;
		if (!opts.format && reports)
			opts.format = "text";
	}
	{
		int tty = !opts.output && isatty(STDOUT_FILENO);
		const char *term = getenv("TERM");
		env = getenv("NO_COLOR");
		if (!strcmp(color, "always"))
			opts.color = 1;
		else if (!strcmp(color, "auto"))
			opts.color = tty && !(env && *env) && !(term && !strcmp(term, "dumb"));
		opts.context = context >= 0 ? context : tty;
	}
	rc = dl_run_fix(&opts, !fix ? DL_FIX_OFF : dry_run ? DL_FIX_DRY_RUN
							   : DL_FIX_APPLY,
			stdout, stderr);
	free(dirs);
	free(files);
	return finish_stdout(rc);
}
