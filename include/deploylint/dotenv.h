/*
 * deploylint: .env files read exactly as python-dotenv (1.x,
 * src/dotenv/parser.py) parses them, with positions for every binding.
 * DL_KIND_DOTENV documents in the parser registry are struct dl_dotenv.
 */
#ifndef DEPLOYLINT_DOTENV_H
#define DEPLOYLINT_DOTENV_H

#include <stddef.h>

#include "deploylint/parse.h"

enum dl_env_quote {
	DL_ENV_UNQUOTED = 0,
	DL_ENV_SINGLE,
	DL_ENV_DOUBLE
};

struct dl_env_binding {
	const char *key;          /* as python-dotenv returns it */
	size_t key_len;
	const char *value;        /* decoded value before ${VAR} expansion;
				   * NULL when the line has no '=' (value None) */
	size_t value_len;
	enum dl_env_quote quote;
	int exported;             /* `export KEY=...` */
	struct dl_pos key_pos;    /* first byte of the key (its quote if quoted) */
	struct dl_pos value_pos;  /* first byte of the value as written (its
				   * quote if quoted); after '=' when empty */
	struct dl_pos value_end;  /* one past the value as written */
	struct dl_pos stmt_end;   /* one past the whole statement (before its
				   * line break) */
	int space_before_eq;      /* horizontal white space right before '=' */
	int space_after_eq;       /* ... and right after it */
	const char *comment;      /* an unquoted value's dropped " #..." tail,
				   * or a comment after a quoted value; NULL */
	unsigned first_line, last_line; /* physical lines the statement spans */
};

/* A statement python-dotenv cannot parse ("could not parse statement
 * starting at line N"); parsing goes on after it, as python-dotenv does. */
struct dl_env_error {
	struct dl_pos pos;        /* where the statement starts */
	struct dl_pos at;         /* where parsing failed */
	const char *message;
	int unterminated;         /* an unterminated quoted value */
};

struct dl_dotenv {
	struct dl_env_binding *bindings; /* in file order */
	size_t nr;
	struct dl_env_error *errors;
	size_t errors_nr;
	int has_bom;              /* starts with EF BB BF (stripped, as
				   * python-dotenv >= 1.1 does) */
	unsigned crlf_lines;      /* lines ending "\r\n" */
	unsigned cr_lines;        /* lines ending with a lone "\r" */
	struct dl_pos first_crlf; /* where the first CR line break is */
};

/*
 * Parses `data` as python-dotenv does: UTF-8 (invalid bytes are kept as
 * they are), an optional leading BOM, lines ending in \n, \r\n or \r;
 * per statement optional `export`, a key (single-quoted, or a run of
 * characters other than '=', '#' and white space), optional '=', then a
 * single-quoted value (escapes \\ and \' only, may span lines), a
 * double-quoted value (escapes \\ \' \" \a \b \f \n \r \t \v, may span
 * lines) or an unquoted value (rest of the line, a white-space-then-'#'
 * tail removed, right-trimmed); then an optional comment. Comment lines and
 * blank lines bind nothing. Never fails.
 */
void dl_dotenv_parse(struct dl_dotenv *out, struct dl_arena *arena,
		     const char *data, size_t len);

/*
 * Expands ${NAME} and ${NAME:-default} in `value` as python-dotenv's
 * resolve_variables does with override=True and an empty environment:
 * NAME is looked up among bindings[0 .. upto) of `env` (later bindings win),
 * a missing NAME expands to its default or to "". Appends to `out`.
 */
void dl_dotenv_expand(struct dl_strbuf *out, const struct dl_dotenv *env,
		      size_t upto, const char *value, size_t len);

/* Whether the file name (base name) is an example/sample/template file:
 * .env.example, .env.sample, .env.template, .env.dist, *.example. */
int dl_dotenv_is_example(const char *path);

#endif
