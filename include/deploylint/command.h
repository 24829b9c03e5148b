/*
 * deploylint: the command reader. Splits a build/start/pre-deploy command
 * (or a shell script) into simple commands the way a POSIX shell reads
 * them, and recognises what each one runs (uvicorn, gunicorn, alembic, a
 * script, `cd`...), one command string or script at a time. Walking the
 * scripts a command runs, in the repository, tracking the working folder
 * as Render would, is the model's (deploylint/cmdwalk.h).
 */
#ifndef DEPLOYLINT_COMMAND_H
#define DEPLOYLINT_COMMAND_H

#include <stddef.h>

#include "deploylint/parse.h"
#include "deploylint/util.h"

/* ---- shell words ----------------------------------------------------- */

/*
 * One word after quote removal, as the shell's token recognition and
 * quote removal produce it (POSIX.1-2017 XCU 2.3, 2.6.7), without any
 * expansion: "$PORT" stays "$PORT", `~` stays `~`.
 */
struct dl_cmd_word {
	const char *text; /* decoded, arena-owned, NUL-terminated */
	size_t len;
	size_t offset; /* byte offset of its first source byte */
	size_t end;    /* byte offset one past its last source byte */
	int quoted;    /* some part was quoted or escaped */
	int expands;   /* holds an unquoted or double-quoted '$' or '`' */
};

/* The operator that ends a simple command. */
enum dl_cmd_op {
	DL_CMD_END = 0, /* end of input */
	DL_CMD_AND,     /* && */
	DL_CMD_OR,      /* || */
	DL_CMD_SEQ,     /* ; or a newline */
	DL_CMD_PIPE,    /* | */
	DL_CMD_BG       /* & */
};

/*
 * One simple command: leading VAR=value assignments, then the words, with
 * redirections (`>f`, `2>&1`, `<f`, `>>f`) and leading reserved words
 * (`if`, `then`, `do`, `!`, `{`, `(` ...) removed.
 */
struct dl_cmd_simple {
	struct dl_cmd_word *assigns;
	size_t assigns_nr;
	struct dl_cmd_word *argv;
	size_t argc;
	enum dl_cmd_op op; /* what follows it */
	unsigned depth;    /* '(' subshell nesting it sits in */
	size_t offset;     /* its first source byte */
};

struct dl_cmdline {
	struct dl_cmd_simple *cmds;
	size_t nr;
	int unterminated;    /* a quote or $( was never closed */
	size_t error_offset; /* where that quote starts */
	int truncated;       /* words past DL_MAX_CMD_WORDS were not read */
};

/*
 * Reads `src` (len bytes; NULs end nothing) as sh reads a script: words
 * separated by blanks; '...' (literal), "..." (backslash escapes $ ` " \
 * and newline only), backslash escapes, backslash-newline continuations;
 * $(...), ${...} and `...` kept inside their word; '#' starting a word
 * begins a comment; operators && || ; | & and newlines end a command;
 * here-documents (<<WORD, <<-WORD, <<'WORD') are skipped up to their
 * delimiter line so their text is never read as commands. Function
 * definitions and control structures are read as the commands they hold.
 * Never fails: an unterminated quote ends its word at the end of input and
 * sets `unterminated`. At most DL_MAX_CMD_WORDS words are kept.
 */
void dl_cmd_parse(struct dl_cmdline *out, struct dl_arena *arena,
		  const char *src, size_t len);
/*
 * The parser-registry entry point for DL_KIND_SHELL files: allocates a
 * struct dl_cmdline from `arena` and parses the script into it.
 */
void *dl_cmd_parse_doc(struct dl_arena *arena, const char *data, size_t len);

/* ---- positions ------------------------------------------------------- */

/*
 * Maps byte offsets of a command string to file positions (1-based line,
 * 1-based byte column). pos[i] is the position of byte i; pos[len] the
 * position just after the last byte.
 */
struct dl_cmd_posmap {
	struct dl_pos *pos; /* arena-owned, len + 1 entries */
	size_t len;
};

/* For text that appears verbatim in a file starting at `start` (a script,
 * a Procfile line). */
void dl_cmd_posmap_text(struct dl_cmd_posmap *out, struct dl_arena *arena,
			const char *text, size_t len, struct dl_pos start);
/* The byte offset where each line of a file starts, for positions. */
struct dl_cmd_lines {
	const char *data;
	size_t len;
	size_t *starts; /* arena-owned; starts[0] == 0 */
	size_t nr;      /* lines (a final line without '\n' counts) */
};

/* Indexes the lines of data/len (borrowed: must outlive `out`) in one pass. */
void dl_cmd_lines_init(struct dl_cmd_lines *out, struct dl_arena *arena,
		       const char *data, size_t len);

/*
 * For the decoded value of YAML scalar `node` of the file indexed by
 * `lines`: each decoded byte is matched, in order, to the next equal
 * source byte within the node (any white space matches any white space,
 * so folded and multi-line plain scalars map too; escapes and quotes are
 * skipped over; at most 1024 source bytes are searched per byte). A byte
 * with no match maps to the previous match. Columns are bytes. Costs
 * O(scalar + node source), whatever the file's size.
 */
void dl_cmd_posmap_yaml(struct dl_cmd_posmap *out, struct dl_arena *arena,
			const struct dl_cmd_lines *lines,
			const struct dl_yaml_node *node);
/* The position of `offset` (clamped to the map). */
struct dl_pos dl_cmd_pos(const struct dl_cmd_posmap *m, size_t offset);

/* ---- what a command runs ---------------------------------------------- */

enum dl_cmd_tool {
	DL_TOOL_NONE = 0,    /* empty, or only assignments */
	DL_TOOL_CD,          /* cd DIR */
	DL_TOOL_SCRIPT,      /* bash x, sh x, ./x, path/x, source x, . x */
	DL_TOOL_PYTHON_FILE, /* python x.py */
	DL_TOOL_UVICORN,
	DL_TOOL_GUNICORN,
	DL_TOOL_HYPERCORN,
	DL_TOOL_ALEMBIC,
	DL_TOOL_FLASK,
	DL_TOOL_FASTAPI, /* fastapi run / fastapi dev (fastapi-cli) */
	DL_TOOL_CELERY,
	DL_TOOL_PIP,  /* pip install ... */
	DL_TOOL_OTHER /* anything else, incl. python -m other */
};

/*
 * A simple command with its wrappers peeled: `exec`, `env [VAR=v]...`,
 * `nohup`, `time`, `command`, `poetry run`, `pipenv run`, `uv run`,
 * `pdm run`, `rye run`, `ddtrace-run`, `opentelemetry-instrument`,
 * `newrelic-admin run-program`, and `python [opts] -m MODULE`.
 */
struct dl_cmd_call {
	const struct dl_cmd_simple *cmd;
	enum dl_cmd_tool tool;
	const char *name;               /* "uvicorn", "gunicorn", "alembic",
					 * "python", a script's word, the
					 * program word for OTHER; NULL for NONE */
	const struct dl_cmd_word *word; /* the word naming the tool (the
					 * module after -m when via_module) */
	size_t arg;                     /* index in cmd->argv of its first
					 * argument */
	int via_module;                 /* run as `python -m name` */
	/* DL_TOOL_SCRIPT / DL_TOOL_PYTHON_FILE */
	const struct dl_cmd_word *script;
	int direct;              /* executed as a program (./x, dir/x):
				  * needs the execute bit and a #! line */
	int sourced;             /* source x / . x (runs in this shell) */
	const char *interpreter; /* "bash", "sh", "python" ... or NULL */
};

/* Classifies one simple command. Never fails (tool NONE for empty). */
void dl_cmd_classify(struct dl_cmd_call *out, const struct dl_cmd_simple *c);
/*
 * Container init processes, which run their arguments: whether `word` (a
 * path or a name) is tini or dumb-init, and whether their option `opt`
 * takes a value (tini's -p and -e, dumb-init's -r/--rewrite). Their
 * options end at `--` or at the first other word. dl_cmd_classify() peels
 * them like `exec`; the Docker model reads an ENTRYPOINT of them the same
 * way.
 */
/* Whether program word `word` is a POSIX shell (sh, bash, dash, ash, zsh,
 * ksh; by its last path part). */
int dl_cmd_is_shell(const char *word);
/*
 * Whether argv (argc words) runs a shell on a script: `sh|bash|dash|ash|zsh|
 * ksh [options] -c SCRIPT` (also `-ec`, `-lc`...; the program judged by its
 * last path part). Returns the index of SCRIPT, or -1.
 */
int dl_cmd_shell_c(const struct dl_cmd_word *argv, size_t argc);
int dl_cmd_is_init(const char *word);
int dl_cmd_init_option_valued(const char *opt);

/*
 * Finds option `opt` (e.g. "--host"; `short_opt` e.g. "-b" or NULL) among
 * argv[from..argc) of `c`, in the forms `--opt VALUE`, `--opt=VALUE`,
 * `-b VALUE` and `-bVALUE`, stopping at "--". Returns the value's decoded
 * text through *value (NULL for a bare option at the end) and, through
 * *where, the word holding the value (the option word itself for the
 * `--opt=VALUE` and `-bVALUE` forms and for a bare option), for positions;
 * returns 1 when found (the last occurrence wins, as argparse and click
 * do), else 0.
 */
int dl_cmd_option(const struct dl_cmd_simple *c, size_t from, const char *opt,
		  const char *short_opt, const char **value,
		  const struct dl_cmd_word **where);
/* Whether flag `flag` (exact word, or `flag=...`) appears in argv[from..). */
const struct dl_cmd_word *dl_cmd_flag(const struct dl_cmd_simple *c, size_t from,
				      const char *flag);
/*
 * The first positional argument of argv[from..) (a word not starting with
 * '-' that is not the value of an option listed in `valued`, a
 * NULL-terminated list such as {"-b", "--bind", "-k", NULL}); NULL when
 * none.
 */
const struct dl_cmd_word *dl_cmd_positional(const struct dl_cmd_simple *c,
					    size_t from,
					    const char *const *valued);

/*
 * Resolves a path word used by a command running in `cwd` (NULL =
 * unknown): returns a malloc'd root-relative path, or NULL when cwd is
 * unknown, the word expands ($VAR, `...`), is absolute or starts with
 * '~'. *outside is set when the result climbs above the root.
 */
char *dl_cmd_resolve(const char *cwd, const char *word, int expands,
		     int *outside);

#endif
