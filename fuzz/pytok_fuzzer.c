/*
 * Fuzz harness: the Python tokenizer (deploylint/pytok.h). Checks that the
 * tokens are in order, inside the input, never overlap, cover every byte
 * but blanks and continuations, carry the line and column their offset
 * has, and that the stream ends; and that dl_pytok_kind_at() agrees.
 */
#include <string.h>

#include "fuzz.h"
#include "deploylint/pytok.h"

/* Moves the (line, col) cursor from *at to off, counting line breaks. */
static void
advance(const char *s, size_t len, size_t *at, unsigned *line, size_t *line_start, size_t off)
{
	while (*at < off) {
		size_t nl = dl_pytok_newline_len(s, len, *at);
		if (nl) {
			*at += nl;
			(*line)++;
			*line_start = *at;
		} else {
			(*at)++;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct dl_pytok tz;
	struct dl_pytoken t;
	size_t prev_end, at, line_start, steps = 0;
	unsigned line = 1;
	int bom = size >= 3 && !memcmp(s, "\xef\xbb\xbf", 3);

	at = line_start = prev_end = bom ? 3 : 0;
	dl_pytok_init(&tz, s, size);
	for (;;) {
		size_t i;
		dl_pytok_next(&tz, &t);
		DL_FUZZ_CHECK(t.start >= prev_end && t.start <= t.end && t.end <= size);
		/* between tokens: blanks and continuation backslashes only */
		for (i = prev_end; i < t.start; i++)
			DL_FUZZ_CHECK(s[i] == ' ' || s[i] == '\t' || s[i] == '\f' || s[i] == '\\' ||
				      s[i] == '\n' || s[i] == '\r');
		advance(s, size, &at, &line, &line_start, t.start);
		DL_FUZZ_CHECK(t.line == line && t.col == t.start - line_start + 1);
		if (t.kind == DL_PYTOK_NEWLINE || t.kind == DL_PYTOK_NL) {
			/* as tokenize: the end is on the break's own line */
			DL_FUZZ_CHECK(t.end_line == t.line && t.end_col == t.col + (t.end - t.start));
			advance(s, size, &at, &line, &line_start, t.end);
		} else {
			advance(s, size, &at, &line, &line_start, t.end);
			DL_FUZZ_CHECK(t.end_line == line && t.end_col == t.end - line_start + 1);
		}
		switch (t.kind) {
		case DL_PYTOK_ENDMARKER:
			DL_FUZZ_CHECK(t.start == size);
			break;
		case DL_PYTOK_STRING:
			DL_FUZZ_CHECK(t.start <= t.body && t.body <= t.body_end && t.body_end <= t.end);
			DL_FUZZ_CHECK(t.end > t.start);
			break;
		case DL_PYTOK_COMMENT:
			DL_FUZZ_CHECK(s[t.start] == '#');
			DL_FUZZ_CHECK(memchr(s + t.start, '\n', t.end - t.start) == NULL);
			break;
		case DL_PYTOK_NEWLINE:
		case DL_PYTOK_NL:
			DL_FUZZ_CHECK(t.end == t.start ||
				      t.end - t.start == dl_pytok_newline_len(s, size, t.start));
			break;
		default:
			DL_FUZZ_CHECK(t.end > t.start);
		}
		if (t.kind != DL_PYTOK_ENDMARKER && t.end > t.start && t.end - t.start < 64 &&
		    size < 512)
			DL_FUZZ_CHECK(dl_pytok_kind_at(s, size, t.start) == t.kind);
		if (t.kind == DL_PYTOK_ENDMARKER)
			break;
		prev_end = t.end;
		DL_FUZZ_CHECK(++steps <= size + 2);
	}
	dl_pytok_next(&tz, &t);
	DL_FUZZ_CHECK(t.kind == DL_PYTOK_ENDMARKER);
	return 0;
}
