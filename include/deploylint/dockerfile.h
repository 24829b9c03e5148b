/*
 * deploylint: Dockerfiles read as Docker reads them: BuildKit's Dockerfile
 * frontend (moby/buildkit frontend/dockerfile/parser: parser.go,
 * directives.go, split_command.go, line_parsers.go, checked at commit
 * 73ed6825, 2026-08-21) and the "Environment replacement" section of the
 * Dockerfile reference (docs.docker.com/reference/dockerfile/).
 *
 * What is read, as BuildKit reads it:
 * - parser directives (`# syntax=`, `# escape=`, `# check=`): only at the
 *   top, before any instruction, comment or empty line; names are
 *   case-insensitive; a repeated directive or an escape other than '\' or
 *   '`' is an error;
 * - a leading UTF-8 BOM (skipped); lines split at '\n' with every trailing
 *   '\r' and '\n' dropped;
 * - instructions case-insensitive; a line whose last non-blank byte is the
 *   escape character (not itself escaped) continues on the next line; the
 *   pieces are joined with nothing between them; comment lines and empty
 *   lines inside a continuation are dropped;
 * - builder flags (`--platform=...`, `--from=...`, `--mount=...`) before the
 *   arguments of any instruction;
 * - heredocs (`<<EOF`, `<<-EOF`, `<<"EOF"`) of RUN, COPY and ADD in shell
 *   form: their bodies are skipped, up to the line equal to the terminator;
 * - exec form: arguments that are a JSON array of strings (Go's
 *   encoding/json; checked here with jansson); an array holding anything
 *   but strings is an error; text that is not valid JSON is shell form;
 * - FROM: image, `AS` stage name; ENV in both forms (`k=v ...` and the
 *   legacy `ENV k v`); ARG `name` and `name=default`.
 *
 * Positions: lines count '\n' bytes from 1; columns are 1-based byte
 * columns of the file (a key after a BOM is at column 4); offsets are byte
 * offsets into the data given to dl_dockerfile_parse.
 */
#ifndef DEPLOYLINT_DOCKERFILE_H
#define DEPLOYLINT_DOCKERFILE_H

#include <stddef.h>

#include "deploylint/parse.h"

/* The instructions BuildKit's parser dispatches on; DL_DF_UNKNOWN is any
 * other word (BuildKit fails on it: "unknown instruction"). */
enum dl_df_kind {
	DL_DF_UNKNOWN = 0,
	DL_DF_ADD,
	DL_DF_ARG,
	DL_DF_CMD,
	DL_DF_COPY,
	DL_DF_ENTRYPOINT,
	DL_DF_ENV,
	DL_DF_EXPOSE,
	DL_DF_FROM,
	DL_DF_HEALTHCHECK,
	DL_DF_LABEL,
	DL_DF_MAINTAINER,
	DL_DF_ONBUILD,
	DL_DF_RUN,
	DL_DF_SHELL,
	DL_DF_STOPSIGNAL,
	DL_DF_USER,
	DL_DF_VOLUME,
	DL_DF_WORKDIR
};

/* How the arguments are written. */
enum dl_df_form {
	DL_DF_FORM_NONE = 0, /* no arguments */
	DL_DF_FORM_SHELL,    /* plain text (shell form, or a word list) */
	DL_DF_FORM_EXEC      /* a JSON array of strings */
};

/* A piece of text of the file: `text` is what Docker reads (a JSON
 * string decoded, a word as written, quotes kept), NUL-terminated and
 * arena-owned; pos/off is where it starts in the file (a JSON string's
 * opening quote). */
struct dl_df_word {
	const char *text;
	size_t len;
	struct dl_pos pos;
	size_t off;
};

/* A builder flag: `--name=value` or `--name`. */
struct dl_df_flag {
	const char *name;  /* without the dashes: "platform" */
	const char *value; /* after '=', quotes removed; NULL without '=' */
	struct dl_pos pos; /* the first '-' */
	size_t off;
};

/* ENV and ARG bindings (and LABEL pairs). */
struct dl_df_kv {
	struct dl_df_word key;
	struct dl_df_word value; /* raw as written (quotes kept, not
				  * substituted); text NULL for `ARG name` */
};

/* A heredoc body (skipped: the instruction's arguments hold only the
 * first line). */
struct dl_df_heredoc {
	const char *name; /* the terminator, quotes removed
			   * (may hold NULs) */
	size_t name_len;
	unsigned first_line, last_line; /* the body; last_line is the
					 * terminator's line */
	int terminated;
};

struct dl_df_instr {
	enum dl_df_kind kind;
	struct dl_df_word keyword;      /* as written ("from", "RUN") */
	unsigned first_line, last_line; /* physical lines, heredoc bodies
					 * included */
	size_t end_off;                 /* one past the last byte */
	const char *rest;               /* the arguments after the flags, as
					 * Docker's line parsers get them:
					 * continuations joined, trimmed */
	size_t rest_len;
	struct dl_pos rest_pos; /* where `rest` starts in the file */
	size_t rest_off;
	struct dl_df_flag *flags;
	size_t flags_nr;
	enum dl_df_form form;
	/* The arguments: exec form, the JSON strings; shell form of
	 * CMD/ENTRYPOINT/RUN/SHELL/WORKDIR/USER/STOPSIGNAL/MAINTAINER/
	 * HEALTHCHECK/ONBUILD, one word = `rest`; FROM, EXPOSE, and the shell
	 * form of COPY/ADD/VOLUME, the whitespace-separated words; ENV, ARG
	 * and LABEL: none (see kvs). */
	struct dl_df_word *args;
	size_t args_nr;
	struct dl_df_kv *kvs;
	size_t kvs_nr;
	int legacy_env; /* ENV k v (no '=') */
	struct dl_df_heredoc *heredocs;
	size_t heredocs_nr;
	int stage; /* index into dl_dockerfile.stages; -1 before the first
		    * FROM (global ARGs) */
};

/* A build stage (one FROM). */
struct dl_df_stage {
	size_t instr;                   /* its FROM in instrs */
	const struct dl_df_word *image; /* as written; NULL when FROM has no
					 * argument */
	const char *name;               /* after AS (lower-cased, as BuildKit
					 * compares stage names), or NULL */
	const char *platform;           /* --platform value, or NULL */
	/* The image with the global ARGs substituted (Docker substitutes
	 * only ARGs declared before the first FROM in FROM lines), or NULL
	 * when that is not known statically (see dl_dockerfile_expand). */
	const char *image_expanded;
	int parent; /* the stage this one builds on (FROM <stage name>), or
		     * -1 */
};

struct dl_dockerfile {
	struct dl_df_instr *instrs;
	size_t nr;
	struct dl_df_stage *stages;
	size_t stages_nr;
	char escape;        /* '\\' or '`' */
	const char *syntax; /* the `# syntax=` value, or NULL */
	struct dl_pos syntax_pos;
	struct dl_pos escape_pos; /* line 0 without an escape directive */
	int has_bom;
	/* The first thing that makes BuildKit stop (it fails the build):
	 * an unknown instruction, a repeated directive, a bad escape
	 * token, an unterminated heredoc, a JSON array holding something
	 * else than strings, ENV without a value or '=', FROM with two or more
	 * than three arguments, no instruction at all. Reading goes on. */
	struct dl_parse_error error;
	/* Dockerfile lines joined by continuations that had an empty line
	 * inside (BuildKit warns: "Empty continuation line"); 0 when none. */
	unsigned empty_continuation_line;
};

/*
 * Reads `data` (len bytes, need not be NUL-terminated, may hold NULs) into
 * `out`, every pointer arena-owned. Never fails; the first problem is in
 * out->error.
 */
void dl_dockerfile_parse(struct dl_dockerfile *out, struct dl_arena *arena,
			 const char *data, size_t len);

/* The parser-registry entry point: allocates and parses a document. */
void *dl_dockerfile_parse_doc(struct dl_arena *arena, const char *data, size_t len);

/* Upper-case name of a kind ("FROM"); "" for DL_DF_UNKNOWN. */
const char *dl_df_kind_name(enum dl_df_kind kind);

/*
 * Substitutes variables in `text` (len bytes) as Docker's builder does for
 * the arguments of instruction `instr` (ADD, COPY, ENV, EXPOSE, FROM,
 * LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR), and removes quotes and
 * escapes as its shell lexer does: `$VAR`, `${VAR}`, `${VAR:-word}`,
 * `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, escape + character, '...'
 * and "...". Variables in scope: in a FROM line, the ARGs declared before
 * the first FROM; elsewhere the stage's ENV and ARG bindings before
 * `instr` (and those of the stage it is built FROM), an ARG without a
 * default taking the global ARG's default. Appends the result to `out`.
 * Returns 1 when the result is known statically, 0 when it depends on a
 * value deploylint cannot know: an ARG without a default (a --build-arg;
 * Render passes the service's environment variables as build args), a
 * modifier this reader does not evaluate (`${VAR#...}`, `${VAR/...}`,
 * `${VAR:?...}`). A variable that is declared nowhere is empty, as Docker
 * makes it.
 */
int dl_dockerfile_expand(struct dl_strbuf *out, const struct dl_dockerfile *df,
			 size_t instr, const char *text, size_t len);

/*
 * Splits an image reference ("registry:5000/library/python:3.12-slim@sha256:...")
 * into the last path component's name ("python"), tag ("3.12-slim") and
 * digest, each a pointer into `ref` plus a length (0 when absent).
 */
void dl_dockerfile_image_split(const char *ref, size_t len, const char **name,
			       size_t *name_len, const char **tag, size_t *tag_len,
			       const char **digest, size_t *digest_len);

#endif
