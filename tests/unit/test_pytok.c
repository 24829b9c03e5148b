/*
 * Unit tests for the Python tokenizer (deploylint/pytok.h): token kinds,
 * offsets, positions, strings, comments, continuations, brackets, errors
 * and hostile input. Expected streams are what Python 3.11's tokenize
 * gives (less ENCODING, INDENT and DEDENT).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/pytok.h"

/* "KIND text|KIND text|..." with line.col of each token. */
static char *
stream(const char *src, size_t len)
{
	static char buf[4096];
	struct dl_pytok tz;
	struct dl_pytoken t;
	size_t n = 0;
	int guard = 0;

	dl_pytok_init(&tz, src, len);
	buf[0] = '\0';
	do {
		int w;
		dl_pytok_next(&tz, &t);
		assert_true(t.start <= t.end && t.end <= len);
		assert_true(t.line >= 1 && t.col >= 1);
		w = snprintf(buf + n, sizeof(buf) - n, "%s%s %u.%u '%.*s'", n ? "|" : "",
			     dl_pytok_kind_name(t.kind), t.line, t.col, (int)(t.end - t.start),
			     src + t.start);
		assert_true(w > 0 && (size_t)w < sizeof(buf) - n);
		n += (size_t)w;
		assert_true(++guard < 200);
	} while (t.kind != DL_PYTOK_ENDMARKER);
	return buf;
}

#define S(src) stream(src, sizeof(src) - 1)

static void
test_basic(void **state)
{
	(void)state;
	assert_string_equal(S("x = 1\n"), "NAME 1.1 'x'|OP 1.3 '='|NUMBER 1.5 '1'|NEWLINE 1.6 '\n'|"
					  "ENDMARKER 2.1 ''");
	/* no final line break: a zero-length NEWLINE, as tokenize */
	assert_string_equal(S("a.b(c)"), "NAME 1.1 'a'|OP 1.2 '.'|NAME 1.3 'b'|OP 1.4 '('|"
					 "NAME 1.5 'c'|OP 1.6 ')'|NEWLINE 1.7 ''|ENDMARKER 1.7 ''");
	assert_string_equal(S(""), "ENDMARKER 1.1 ''");
	/* longest operators */
	assert_string_equal(S("a**=b//=c->d:=e...!=f"),
			    "NAME 1.1 'a'|OP 1.2 '**='|NAME 1.5 'b'|OP 1.6 '//='|NAME 1.9 'c'|"
			    "OP 1.10 '->'|NAME 1.12 'd'|OP 1.13 ':='|NAME 1.15 'e'|OP 1.16 '...'|"
			    "OP 1.19 '!='|NAME 1.21 'f'|NEWLINE 1.22 ''|ENDMARKER 1.22 ''");
	/* numbers with exponents, hex, dots */
	assert_string_equal(S("1e-5 0x1e+5 .5 1_000j"),
			    "NUMBER 1.1 '1e-5'|NUMBER 1.6 '0x1e'|OP 1.10 '+'|NUMBER 1.11 '5'|"
			    "NUMBER 1.13 '.5'|NUMBER 1.16 '1_000j'|NEWLINE 1.22 ''|ENDMARKER 1.22 ''");
}

static void
test_lines(void **state)
{
	(void)state;
	/* blank and comment-only lines are NL; a comment before NEWLINE */
	assert_string_equal(S("\n# c\nx  # d\n"),
			    "NL 1.1 '\n'|COMMENT 2.1 '# c'|NL 2.4 '\n'|NAME 3.1 'x'|"
			    "COMMENT 3.4 '# d'|NEWLINE 3.7 '\n'|ENDMARKER 4.1 ''");
	/* inside brackets every break is NL; depth counts */
	assert_string_equal(S("f(\n 1,\n)\n"),
			    "NAME 1.1 'f'|OP 1.2 '('|NL 1.3 '\n'|NUMBER 2.2 '1'|OP 2.3 ','|"
			    "NL 2.4 '\n'|OP 3.1 ')'|NEWLINE 3.2 '\n'|ENDMARKER 4.1 ''");
	/* a continuation joins lines without a token; CRLF and lone CR */
	assert_string_equal(S("a = \\\r\n  b\rc\r\n"),
			    "NAME 1.1 'a'|OP 1.3 '='|NAME 2.3 'b'|NEWLINE 2.4 '\r'|"
			    "NAME 3.1 'c'|NEWLINE 3.2 '\r\n'|ENDMARKER 4.1 ''");
	/* a BOM is skipped; columns count after it */
	assert_string_equal(S("\xef\xbb\xbfx\n"), "NAME 1.1 'x'|NEWLINE 1.2 '\n'|ENDMARKER 2.1 ''");
}

static void
test_strings(void **state)
{
	static const char src[] = "rb'a\\'b' f\"{x}\" '''l1\nl2''' U\"u\" bf'x'";
	struct dl_pytok tz;
	struct dl_pytoken t;

	(void)state;
	dl_pytok_init(&tz, src, sizeof(src) - 1);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_STRING);
	assert_int_equal(t.flags, DL_PYTOK_RAW | DL_PYTOK_BYTES);
	assert_int_equal(t.body, 3);
	assert_int_equal(t.body_end, 7);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_STRING);
	assert_int_equal(t.flags, DL_PYTOK_FSTRING);
	assert_int_equal(t.end - t.start, 6);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.flags, DL_PYTOK_TRIPLE);
	assert_int_equal(t.line, 1);
	assert_int_equal(t.end_line, 2);
	assert_int_equal(t.end_col, 6);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.flags, DL_PYTOK_UNICODE);
	assert_int_equal(t.line, 2);
	assert_int_equal(t.col, 7);
	/* bf is no prefix: a NAME, then a string */
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_NAME);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_STRING);
	assert_int_equal(t.flags, 0);

	/* a backslash before a line break continues a one-line string */
	assert_string_equal(S("'a\\\nb' c"), "STRING 1.1 ''a\\\nb''|NAME 2.4 'c'|NEWLINE 2.5 ''|"
					     "ENDMARKER 2.5 ''");
	/* '#' in a string is no comment */
	assert_string_equal(S("'#' # x"), "STRING 1.1 ''#''|COMMENT 1.5 '# x'|NEWLINE 1.8 ''|"
					  "ENDMARKER 1.8 ''");
}

static void
test_unterminated(void **state)
{
	struct dl_pytok tz;
	struct dl_pytoken t;
	static const char one[] = "x = 'abc\ny";
	static const char three[] = "\"\"\"abc\n";

	(void)state;
	dl_pytok_init(&tz, one, sizeof(one) - 1);
	dl_pytok_next(&tz, &t);
	dl_pytok_next(&tz, &t);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_STRING);
	assert_int_equal(t.flags, DL_PYTOK_UNTERMINATED);
	assert_int_equal(t.body_end, 8); /* before the line break */
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_NEWLINE);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_NAME);
	assert_int_equal(t.line, 2);

	dl_pytok_init(&tz, three, sizeof(three) - 1);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.flags, DL_PYTOK_TRIPLE | DL_PYTOK_UNTERMINATED);
	assert_int_equal(t.body_end, sizeof(three) - 1);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_NEWLINE);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_ENDMARKER);
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_ENDMARKER);
}

static void
test_brackets_and_errors(void **state)
{
	struct dl_pytok tz;
	struct dl_pytoken t;
	static const char src[] = "a[(b)]\n]\n{";

	(void)state;
	dl_pytok_init(&tz, src, sizeof(src) - 1);
	dl_pytok_next(&tz, &t); /* a */
	dl_pytok_next(&tz, &t); /* [ */
	assert_int_equal(t.depth, 0);
	dl_pytok_next(&tz, &t); /* ( */
	assert_int_equal(t.depth, 1);
	dl_pytok_next(&tz, &t); /* b */
	assert_int_equal(t.depth, 2);
	dl_pytok_next(&tz, &t); /* ) */
	assert_int_equal(t.depth, 1);
	dl_pytok_next(&tz, &t); /* ] */
	assert_int_equal(t.depth, 0);
	dl_pytok_next(&tz, &t); /* NEWLINE */
	dl_pytok_next(&tz, &t); /* unmatched ] */
	assert_int_equal(t.depth, 0);
	assert_int_equal(tz.depth, 0);
	dl_pytok_next(&tz, &t);
	dl_pytok_next(&tz, &t); /* { */
	dl_pytok_next(&tz, &t);
	assert_int_equal(t.kind, DL_PYTOK_ENDMARKER);
	assert_int_equal(tz.depth, 1);
	assert_int_equal(tz.open_char, '{');
	assert_int_equal(tz.open_line, 3);
	assert_int_equal(tz.open_col, 1);

	assert_string_equal(S("$ ? ! \\ x"), "ERRORTOKEN 1.1 '$'|ERRORTOKEN 1.3 '?'|"
					     "ERRORTOKEN 1.5 '!'|ERRORTOKEN 1.7 '\\'|NAME 1.9 'x'|"
					     "NEWLINE 1.10 ''|ENDMARKER 1.10 ''");
}

static void
test_kind_at(void **state)
{
	static const char src[] = "x = '# no'  # yes\ny";
	(void)state;
	assert_int_equal(dl_pytok_kind_at(src, sizeof(src) - 1, 0), DL_PYTOK_NAME);
	assert_int_equal(dl_pytok_kind_at(src, sizeof(src) - 1, 5), DL_PYTOK_STRING);
	assert_int_equal(dl_pytok_kind_at(src, sizeof(src) - 1, 14), DL_PYTOK_COMMENT);
	assert_int_equal(dl_pytok_kind_at(src, sizeof(src) - 1, 10), DL_PYTOK_ENDMARKER);
	assert_int_equal(dl_pytok_kind_at(src, sizeof(src) - 1, 18), DL_PYTOK_NAME);
	assert_int_equal(dl_pytok_kind_at(src, sizeof(src) - 1, 99), DL_PYTOK_ENDMARKER);
}

/* Comments blanked in a copy, as Alembic's env.py checks use it: where a
 * hand-written scanner and the tokenizer could disagree. */
static void
expect_blanked(const char *src, const char *want)
{
	size_t n = strlen(src);
	char *out = malloc(n + 1);

	assert_non_null(out);
	memcpy(out, src, n + 1);
	dl_pytok_blank_comments(out, src, n);
	assert_int_equal(strlen(out), n);
	assert_string_equal(out, want);
	free(out);
}

static void
test_blank_comments(void **state)
{
	(void)state;
	/* a '#' inside strings, with and without prefixes */
	expect_blanked("x = \"# no\"  # yes\n", "x = \"# no\"       \n");
	expect_blanked("u = rb'#x' + f\"{a}#b\" # c\ny", "u = rb'#x' + f\"{a}#b\"    \ny");
	/* triple-quoted: a '#' and other quotes inside, an escaped quote */
	expect_blanked("s = \"\"\"a\n# in\n'''\"\"\"  # c\n",
		       "s = \"\"\"a\n# in\n'''\"\"\"     \n");
	expect_blanked("t = '''a\\''' # x'''\n", "t = '''a\\''' # x'''\n");
	/* an unterminated triple-quoted string runs to the end */
	expect_blanked("v = '''x\n# y\n", "v = '''x\n# y\n");
	/* a one-line string continued by a backslash */
	expect_blanked("s = 'a \\\n# b'  # c\n", "s = 'a \\\n# b'     \n");
	/* an unterminated one-line string ends at its line break */
	expect_blanked("s = 'a\n# c\n", "s = 'a\n   \n");
	/* a continuation line outside strings, comment-only lines */
	expect_blanked("x = 1 + \\\n  2  # c\n# d\n", "x = 1 + \\\n  2     \n   \n");
	/* line breaks: \r\n and a lone \r end the comment (the old scanner
	 * of rules/alembic.c blanked past a lone \r up to the next \n) */
	expect_blanked("a = 1 # c\r\nb", "a = 1    \r\nb");
	expect_blanked("a = 1 # c\rb = 2 # d", "a = 1    \rb = 2    ");
	expect_blanked("", "");
}

/* Binary and huge input: linear, in bounds, always ends. */
static void
test_hostile(void **state)
{
	size_t n = 1u << 20, i, count = 0;
	char *big = malloc(n);
	struct dl_pytok tz;
	struct dl_pytoken t;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < n; i++)
		big[i] = (char)("(\"'\\\n\r#x1 \0\xff"[i % 13]);
	dl_pytok_init(&tz, big, n);
	do {
		size_t before = tz.off;
		dl_pytok_next(&tz, &t);
		assert_true(t.end <= n);
		assert_true(tz.off > before || t.kind == DL_PYTOK_ENDMARKER ||
			    t.kind == DL_PYTOK_NEWLINE);
		count++;
	} while (t.kind != DL_PYTOK_ENDMARKER);
	assert_true(count > 1000);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_brackets_and_errors),
		cmocka_unit_test(test_kind_at),
		cmocka_unit_test(test_blank_comments),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
