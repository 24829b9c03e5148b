/*
 * deploylint: the one Python tokenizer. Every reader of .py files (Alembic
 * revision files in parse/revfile.c, the database and environment scans
 * of rules/db.c and rules/rnd.c, the comment test of rules/cmd.c, the
 * env.py checks of rules/alembic.c through dl_pytok_blank_comments) walks
 * source through it instead of a lexer of its own.
 *
 * It follows Python 3.11's tokenize module (Lib/tokenize.py and the C
 * tokenizer it mirrors) for the tokens deploylint needs, byte for byte on
 * valid source (tests/pytok_diff.py compares the two on generated
 * snippets):
 *  - NAME: a letter, '_' or any byte >= 0x80, then letters, digits, '_'
 *    and bytes >= 0x80 (non-ASCII identifiers are not validated).
 *  - NUMBER: a digit, or '.' and a digit, then letters, digits, '_' and
 *    '.', and a sign after the exponent letter of a decimal number
 *    (1e-5); malformed numbers (1.2.3) stay one token.
 *  - STRING: an optional prefix Python accepts (r, u, b, f, br, rb, fr,
 *    rf in any case; u alone; never b with f), then '...', "...",
 *    '''...''' or """...""". A backslash escapes the next byte, and a
 *    backslash before a line break continues a one-line string. An
 *    f-string is one STRING token, as in Python 3.11 (Python 3.12 splits
 *    it into FSTRING_START/MIDDLE/END; the replacement fields are not
 *    tokenized here). Unlike tokenize (ERRORTOKEN), an unterminated
 *    string is a STRING with DL_PYTOK_UNTERMINATED: a one-line one ends
 *    before its line break, a triple-quoted one at the end of input.
 *  - OP: the longest Python operator or delimiter at that byte (**=,
 *    //=, >>=, <<=, ..., ->, :=, ==, !=, <=, >=, **, //, <<, >>, +=, -=,
 *    *=, /=, %=, &=, |=, ^=, @=, and the one-byte ones).
 *  - COMMENT: '#' up to, not including, the line break.
 *  - NEWLINE: the line break ending a logical line (outside brackets, on
 *    a line with a token other than a comment); a zero-length NEWLINE at
 *    the end of input when the last line holds code but no line break, a
 *    zero-length NL when it holds only a comment (not after a
 *    continuation), as tokenize.
 *  - NL: any other line break (blank or comment-only lines, inside
 *    brackets).
 *  - ERRORTOKEN: one byte Python does not accept here ($, ?, `, a NUL,
 *    '!' alone, a backslash not before a line break).
 *  - ENDMARKER: the end of input, returned again on every later call.
 * A UTF-8 BOM at the start is skipped (columns of line 1 count from the
 * byte after it). Line breaks are \n, \r\n and a lone \r (universal newlines). A
 * backslash before a line break outside strings joins the lines and
 * yields no token. Spaces, tabs and form feeds separate tokens. Not
 * produced: ENCODING, INDENT and DEDENT (a line's indentation is the
 * column of its first token).
 *
 * Positions are byte offsets into the source and 1-based lines and
 * columns counted in bytes (column 1 is the first byte of a line). Pure,
 * no allocation, linear in the input, thread-safe per dl_pytok.
 */
#ifndef DEPLOYLINT_PYTOK_H
#define DEPLOYLINT_PYTOK_H

#include <stddef.h>

enum dl_pytok_kind {
	DL_PYTOK_ENDMARKER = 0,
	DL_PYTOK_NAME,
	DL_PYTOK_NUMBER,
	DL_PYTOK_STRING,
	DL_PYTOK_OP,
	DL_PYTOK_COMMENT,
	DL_PYTOK_NEWLINE,
	DL_PYTOK_NL,
	DL_PYTOK_ERRORTOKEN
};

/* dl_pytoken.flags of a STRING */
#define DL_PYTOK_RAW 1u           /* r prefix */
#define DL_PYTOK_BYTES 2u         /* b prefix */
#define DL_PYTOK_FSTRING 4u       /* f prefix */
#define DL_PYTOK_UNICODE 8u       /* u prefix */
#define DL_PYTOK_TRIPLE 16u       /* ''' or """ */
#define DL_PYTOK_UNTERMINATED 32u /* no closing quote (see above) */

struct dl_pytoken {
	enum dl_pytok_kind kind;
	size_t start, end;          /* bytes [start, end) of the source */
	unsigned line, col;         /* of start */
	unsigned end_line, end_col; /* of end (one past the last byte) */
	/* Brackets open around the token; for a bracket, those around its
	 * pair (an unmatched closer counts as 0). */
	unsigned depth;
	/* STRING: DL_PYTOK_* flags and the bytes between the quotes (an
	 * unterminated string's body runs to its end). */
	unsigned flags;
	size_t body, body_end;
};

/* Tokenizer state. Read-only for callers, except through the functions. */
struct dl_pytok {
	const char *src;
	size_t len, off;
	unsigned line;
	size_t line_start; /* offset of the current line's first byte */
	unsigned depth;    /* brackets open now */
	/* The outermost bracket still open (valid while depth > 0): its
	 * character and position, for "'(' was never closed". */
	char open_char;
	unsigned open_line, open_col;
	int line_has_token; /* the logical line holds a token so far */
	int continued;      /* this line follows a backslash continuation */
	int phys_code;      /* a token other than a comment ends on this
			     * physical line */
	int phys_comment;   /* a comment is on this physical line */
	int ended;          /* the end of input was reached */
};

/* Starts tokenizing src[0 .. len) (not NUL-terminated; NULs are bytes). */
void dl_pytok_init(struct dl_pytok *tz, const char *src, size_t len);

/* Fills *tok with the next token; ENDMARKER at the end, on every call. */
void dl_pytok_next(struct dl_pytok *tz, struct dl_pytoken *tok);

/* Length (1 or 2) of the line break at src[off] (\n, \r\n, \r), or 0. */
size_t dl_pytok_newline_len(const char *src, size_t len, size_t off);

/* The kind of the token holding byte `off` of src (COMMENT, STRING...),
 * or ENDMARKER when off lies between tokens or past the end. Tokenizes
 * from the start of src: linear in off. */
enum dl_pytok_kind dl_pytok_kind_at(const char *src, size_t len, size_t off);

/* Blanks every COMMENT token of src[0 .. len) in dst, a buffer of at
 * least len bytes that holds a copy of src: each byte from the '#' up to,
 * not including, the line break (\n, \r\n or a lone \r) becomes a
 * space, so offsets, lines and columns stay those of src. Strings
 * (including a '#' inside one, triple-quoted ones and continued one-line
 * ones) and every other byte are left as they are. */
void dl_pytok_blank_comments(char *dst, const char *src, size_t len);

/* The name of a kind as tokenize prints it ("NAME", "OP", ...). */
const char *dl_pytok_kind_name(enum dl_pytok_kind kind);

#endif
