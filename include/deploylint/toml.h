/*
 * deploylint: TOML documents (pyproject.toml, poetry.lock, uv.lock,
 * Pipfile), read by toml++ 3.3 (TOML 1.0.0; Debian 12's
 * libtomlplusplus-dev, header-only) behind this C interface, which lives in
 * the one C++ file of the project, src/parse/toml.cc. No C++ exception
 * crosses it.
 *
 * The document is a tree of tables, arrays and values copied out of toml++
 * into a caller-owned arena: every pointer reachable from a
 * struct dl_toml_doc is borrowed from that arena and lives exactly as long
 * as it. Nothing is printed; nothing is allocated outside the arena once
 * dl_toml_parse() returns.
 *
 * Positions (struct dl_pos) are 1-based lines and 1-based BYTE columns, as
 * everywhere in deploylint (toml++ counts columns in code points; they are
 * converted here). Lines end at '\n' (a "\r\n" pair ends one line).
 *
 * What is accepted is what Python 3.11's tomllib accepts (the reference:
 * pip, build, Poetry >= 2 and uv read pyproject.toml with tomllib/tomli or
 * a TOML 1.0 reader), checked on generated documents by
 * tests/scripts/toml_diff.sh. Where toml++ and tomllib differ, this
 * interface follows tomllib:
 *  - a leading UTF-8 byte order mark is an error (tomllib decodes with
 *    "utf-8", not "utf-8-sig", so "\ufeff" starts an invalid statement;
 *    toml++ would skip it);
 * and these differences remain (documents deploylint reads never hold
 * them): integers outside the signed 64-bit range are errors here (tomllib
 * keeps Python ints of any size; TOML 1.0 says a reader must reject what it
 * cannot hold losslessly), and so are fractional seconds of more than 64
 * digits (tomllib reads any number of digits and keeps microseconds).
 */
#ifndef DEPLOYLINT_TOML_H
#define DEPLOYLINT_TOML_H

#include <stddef.h>
#include <stdint.h>

#include "deploylint/parse.h"

#ifdef __cplusplus
extern "C" {
#endif

enum dl_toml_type {
	DL_TOML_TABLE = 1,
	DL_TOML_ARRAY,
	DL_TOML_STRING,
	DL_TOML_INTEGER,
	DL_TOML_FLOAT,
	DL_TOML_BOOLEAN,
	DL_TOML_DATETIME,       /* offset date-time: 1979-05-27T07:32:00Z */
	DL_TOML_LOCAL_DATETIME, /* 1979-05-27T07:32:00 */
	DL_TOML_LOCAL_DATE,     /* 1979-05-27 */
	DL_TOML_LOCAL_TIME      /* 07:32:00.999 */
};

/* The parts of a date and/or time; those the type does not have are 0. */
struct dl_toml_datetime {
	int year, month, day;     /* DATETIME, LOCAL_DATETIME, LOCAL_DATE */
	int hour, minute, second; /* DATETIME, LOCAL_DATETIME, LOCAL_TIME */
	uint32_t nanosecond;      /* 0..999999999 (digits past 9 dropped) */
	int offset_minutes;       /* DATETIME: east of UTC ("Z" is 0) */
};

struct dl_toml_node;

/* One key of a table and its value. */
struct dl_toml_pair {
	const char *key;       /* decoded (quotes and escapes resolved);
				* NUL-terminated, may hold NULs */
	size_t key_len;        /* bytes */
	struct dl_pos key_pos; /* first byte of the key as written (its quote
				* if quoted); for a dotted key "a.b.c = 1" or a
				* header "[a.b]", the position of that part */
	struct dl_toml_node *value;
};

struct dl_toml_node {
	enum dl_toml_type type;
	/*
	 * Where the value starts: the first byte of a string's quote, a
	 * number, '[' of an inline array, '{' of an inline table, '[' of
	 * a "[table]" header, "[[" of an array-of-tables element. A table
	 * that is only implied (the "a" of "[a.b]" or of "a.b = 1") starts
	 * where toml++ first met it. Always line >= 1 and col >= 1.
	 */
	struct dl_pos pos;
	/* STRING: decoded text, NUL-terminated, may hold NULs */
	const char *str;
	size_t str_len;
	int64_t integer;            /* INTEGER */
	double number;              /* FLOAT (inf and nan included) */
	int boolean;                /* BOOLEAN: 0 or 1 */
	struct dl_toml_datetime dt; /* the four date/time types */
	/* TABLE: its keys in document order (by key position) */
	struct dl_toml_pair *pairs;
	size_t pairs_nr;
	int inline_table; /* TABLE written as { ... } */
	/* ARRAY: its items in order; an array of tables ([[x]]) is an
	 * ARRAY of TABLEs with array_of_tables set */
	struct dl_toml_node **items;
	size_t items_nr;
	int array_of_tables;
};

struct dl_toml_doc {
	/* The root table, or NULL when the document is malformed (toml++
	 * keeps nothing of a document it rejects). */
	struct dl_toml_node *root;
	/*
	 * Why it was rejected: set, the position (where toml++ stopped, in
	 * byte columns) and toml++'s message ("Error while parsing
	 * key-value pair: expected '=', saw 'x'"), arena-owned and free of
	 * control characters. Callers report it as PARSE001.
	 */
	struct dl_parse_error error;
};

/*
 * Parses `len` bytes of `data` (not NUL-terminated; NUL bytes are errors,
 * as any control character outside strings is) as a TOML 1.0.0 document
 * into `out`, allocating from `arena`. Never fails otherwise than with
 * out->root == NULL and out->error set (malformed TOML, invalid UTF-8,
 * nesting deeper than toml++'s 256 levels, or running out of memory:
 * "out of memory while reading TOML"). Documents of any size are read;
 * callers limit file sizes (DL_MAX_FILE_SIZE) before.
 */
void dl_toml_parse(struct dl_toml_doc *out, struct dl_arena *arena,
		   const char *data, size_t len);

/* The parser-registry shape: allocates a struct dl_toml_doc from `arena`
 * and parses into it. */
void *dl_toml_parse_doc(struct dl_arena *arena, const char *data, size_t len);

/* ---- lookups (C, src/parse/toml_get.c) ------------------------------- */

/*
 * The pair of `key` (compared byte for byte) in table n, or NULL when n is
 * NULL, not a table, or has no such key.
 */
const struct dl_toml_pair *dl_toml_get_pair(const struct dl_toml_node *n,
					    const char *key);
/* The value of `key` in table n, or NULL (as dl_toml_get_pair). */
const struct dl_toml_node *dl_toml_get(const struct dl_toml_node *n,
				       const char *key);
/*
 * Follows a path of keys from table n: dl_toml_get_path(root, "tool",
 * "poetry", "dependencies", NULL). NULL when some step is missing or not a
 * table.
 */
const struct dl_toml_node *dl_toml_get_path(const struct dl_toml_node *n, ...);
/* The string of n when it is a STRING, else NULL. */
const char *dl_toml_str(const struct dl_toml_node *n);
/* The name of a type as tomllib's Python type: "table" (dict), "array"
 * (list), "string", "integer", "float", "boolean", "datetime",
 * "datetime-local", "date-local", "time-local" (toml-test's names). */
const char *dl_toml_type_name(enum dl_toml_type type);

#ifdef __cplusplus
}
#endif

#endif
