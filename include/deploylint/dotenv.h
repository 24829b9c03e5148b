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

/*
 * Lines: `line` fields of positions count '\n' bytes only, as the rest of
 * deploylint (context lines, fingerprints) does; columns count bytes from
 * 1, so a key right after a BOM is at column 4. Offsets (`*_off`) are byte
 * offsets into the parsed data.
 */
struct dl_env_binding {
	const char *key; /* as python-dotenv returns it (the content
			  * of a quoted key); NUL-terminated */
	size_t key_len;
	const char *value; /* decoded value before ${VAR} expansion;
			    * NULL when the line has no '=' (value None);
			    * NUL-terminated, may hold NULs */
	size_t value_len;
	enum dl_env_quote quote;
	int exported;                    /* `export KEY=...` */
	struct dl_pos key_pos;           /* first byte of the key (its quote if quoted) */
	struct dl_pos key_end;           /* one past the key (its closing quote) */
	struct dl_pos eq_pos;            /* the '='; line 0 when there is none */
	struct dl_pos value_pos;         /* first byte of the value as written (its
					  * quote if quoted); after '=' when empty */
	struct dl_pos value_end;         /* one past the value as written (one past
					  * the closing quote; for an unquoted value,
					  * one past its last kept byte) */
	struct dl_pos stmt_end;          /* one past the whole statement (before its
					  * line break) */
	size_t key_off;                  /* offset of key_pos */
	size_t value_off, value_end_off; /* offsets of value_pos, value_end */
	int space_before_eq;             /* horizontal white space right before '=' */
	int space_after_eq;              /* ... and right after it */
	const char *comment;             /* an unquoted value's dropped " #..." tail,
					  * or a comment after a quoted value or a
					  * key without '=', from its '#' to the end
					  * of the line; NULL when there is none */
	size_t comment_len;
	struct dl_pos comment_pos;      /* the comment's '#' */
	unsigned first_line, last_line; /* physical lines the statement spans */
	unsigned dotenv_line;           /* the line python-dotenv's Original.line
					 * reports: where the white space before the
					 * statement starts, counting "\r\n", "\n"
					 * and "\r" as it does (see below) */
};

/* Why a statement failed. */
enum dl_env_error_kind {
	DL_ENV_ERR_NO_KEY_EQ = 1, /* the statement starts with '=' */
	DL_ENV_ERR_NO_KEY,        /* `export` then the end of the line */
	DL_ENV_ERR_QUOTED_KEY,    /* a single-quoted key empty or not closed */
	DL_ENV_ERR_UNTERMINATED,  /* a quoted value with no closing quote */
	DL_ENV_ERR_SWALLOWED,     /* a quoted value closed on a later line by
				   * a quote followed by text */
	DL_ENV_ERR_AFTER_QUOTE,   /* text after the closing quote */
	DL_ENV_ERR_NO_EQ          /* text after the key, no '=' */
};

/* A statement python-dotenv cannot parse ("could not parse statement
 * starting at line N"); parsing goes on after it, as python-dotenv does:
 * from the place parsing failed to the end of that line. */
struct dl_env_error {
	struct dl_pos pos; /* where the statement starts (its first
			    * byte that is not white space) */
	struct dl_pos at;  /* where parsing failed */
	enum dl_env_error_kind kind;
	const char *message;     /* what is wrong, lower case, no value text
				  * (static or arena-owned) */
	int unterminated;        /* an unterminated quoted value, or a quoted
				  * value whose closing quote is on a later
				  * line followed by text (it swallowed lines) */
	struct dl_pos quote_pos; /* the opening quote when unterminated */
	const char *key;         /* the key read before the failure, or NULL */
	size_t key_len;
	unsigned dotenv_line; /* python-dotenv's N (see dotenv_line above) */
};

struct dl_dotenv {
	struct dl_env_binding *bindings; /* in file order */
	size_t nr;
	struct dl_env_error *errors;
	size_t errors_nr;
	int has_bom;                 /* starts with EF BB BF (stripped, as
				      * python-dotenv >= 1.2.3 does, #640; older
				      * versions keep U+FEFF in the first key) */
	unsigned crlf_lines;         /* lines ending "\r\n" */
	unsigned cr_lines;           /* lines ending with a lone "\r" */
	struct dl_pos first_crlf;    /* where the first CR line break is (line 0
				      * when there is none) */
	int invalid_utf8;            /* bytes that are not UTF-8 (Python's strict
				      * decoder, so load_dotenv raises
				      * UnicodeDecodeError); parsing treats each
				      * such byte as an ordinary character */
	struct dl_pos first_invalid; /* the first such byte */
};

/*
 * Parses `data` (len bytes, need not be NUL-terminated) as python-dotenv
 * 1.0 - 1.2.2 parse_stream() parses the same text (checked against
 * python-dotenv 0.21 by tests/dotenv_diff.py; the grammar is unchanged
 * between 0.15.0 and 1.2.2), plus the leading-BOM stripping of 1.2.3:
 * UTF-8 (invalid bytes are kept as they are), an optional leading BOM,
 * lines ending in \n, \r\n or \r; per statement optional leading white
 * space (Python's str.isspace() set, Unicode included), optional `export`
 * plus horizontal white space, a key (single-quoted, or a run of characters
 * other than '=', '#' and white space), optional '=', then a single-quoted
 * value (escapes \\ and \' only, may span lines), a double-quoted value
 * (escapes \\ \' \" \a \b \f \n \r \t \v, may span lines) or an unquoted
 * value (rest of the line, a white-space-then-'#' tail removed,
 * right-trimmed); then an optional comment. A quoted value ends at the first
 * quote not preceded by a backslash, or when there is none, at the last
 * backslash-quote pair of the file (how Python's backtracking regex
 * '((?:\\'|[^'])*)' matches). Comment lines and blank lines bind nothing.
 * Not modelled: python-dotenv 1.2.3's backslash handling in quoted values
 * (#680: a backslash escapes any next character when finding the closing
 * quote) and 1.2.4's `KEY=  # comment` read as "" (#663; here, as before,
 * the value is "# comment"). Values are what parse_stream() yields for the
 * raw text: load_dotenv(path) opens the file in universal-newline mode, so
 * there "\r\n" inside a quoted value reads as "\n".
 * python-dotenv's line numbers (dotenv_line) count each "\r\n" once except
 * after a statement it cannot parse, where its recovery consumes the "\r"
 * and the "\n" separately (two lines). Never fails, never prints.
 * Work is linear in len.
 */
void dl_dotenv_parse(struct dl_dotenv *out, struct dl_arena *arena,
		     const char *data, size_t len);

/* The parser registry's entry for DL_KIND_DOTENV: a struct dl_dotenv
 * allocated from `arena` and filled by dl_dotenv_parse(). */
void *dl_dotenv_parse_doc(struct dl_arena *arena, const char *data, size_t len);

/*
 * Expands ${NAME} and ${NAME:-default} in `value` as python-dotenv's
 * resolve_variables does with override=True and an empty environment:
 * NAME is looked up among bindings[0 .. upto) of `env` (later bindings win,
 * and a binding's own value is expanded the same way against the bindings
 * before it), a missing NAME expands to its default (taken literally) or
 * to "", a NAME bound without '=' (value None) to "". `$NAME` without
 * braces is not expanded. Appends to `out`. Bounded: at most
 * DL_MAX_DOTENV_EXPAND_DEPTH nested references and
 * DL_MAX_DOTENV_EXPAND_WORK work units (bytes appended, bindings compared)
 * per call are followed; past them a reference expands to "".
 */
void dl_dotenv_expand(struct dl_strbuf *out, const struct dl_dotenv *env,
		      size_t upto, const char *value, size_t len);

/* Whether the file name (base name of the '/'-separated `path`) is an
 * example/sample/template file: .env.example, .env.sample, .env.template,
 * .env.dist, .env.tmpl, and any .env.* name with one of those words as a
 * dot-separated part (".env.production.example"), ASCII case-insensitively;
 * also any name ending in ".example" or ".sample". */
int dl_dotenv_is_example(const char *path);

/* Whether the file name (base name of the '/'-separated `path`) is a
 * .env.* backup or editor copy that no tool loads: a dot-separated part
 * after ".env" that is "backup", "bak", "bkp", "old", "orig", "save",
 * "saved", "swp" or "copy" (ASCII case-insensitively, digits allowed
 * after the word: ".env.bak2", ".env.local.old"), or a name ending in
 * '~'. Example files are not backups. */
int dl_dotenv_is_backup(const char *path);

#endif
