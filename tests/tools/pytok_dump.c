/*
 * Test-only tool: tokenizes Python source with the Python tokenizer
 * (deploylint/pytok.h) and prints the tokens as JSON, for
 * tests/pytok_diff.py (compared with Python's tokenize module).
 *
 * Usage: pytok_dump reads records "<byte count>\n<bytes>" from standard
 * input and prints one JSON line per record: a list of [kind, text,
 * line, col, end_line, end_col] (kind as tokenize names it; text as a
 * JSON string of the bytes, which must be UTF-8; columns 0-based, as
 * tokenize gives them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "deploylint/pytok.h"

int
main(void)
{
	unsigned long n;

	while (scanf("%lu", &n) == 1) {
		char *buf;
		struct dl_pytok tz;
		struct dl_pytoken t;
		json_t *out = json_array();
		char *line;

		if (getchar() != '\n' || n > (1ul << 24))
			return 2;
		buf = malloc(n + 1);
		if (!buf || fread(buf, 1, n, stdin) != n)
			return 2;
		dl_pytok_init(&tz, buf, n);
		do {
			dl_pytok_next(&tz, &t);
			json_array_append_new(
				out, json_pack("[s s# I I I I]", dl_pytok_kind_name(t.kind),
					       buf + t.start, (int)(t.end - t.start),
					       (json_int_t)t.line, (json_int_t)t.col - 1,
					       (json_int_t)t.end_line, (json_int_t)t.end_col - 1));
		} while (t.kind != DL_PYTOK_ENDMARKER);
		line = json_dumps(out, JSON_COMPACT);
		if (!line)
			return 2;
		puts(line);
		fflush(stdout);
		free(line);
		json_decref(out);
		free(buf);
	}
	return 0;
}
