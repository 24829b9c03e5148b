/*
 * Unit tests for the .env reader (python-dotenv's parse_stream), its
 * positions, ${VAR} expansion and example-file names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/parse.h"

struct fixture {
	struct dl_arena arena;
	struct dl_dotenv env;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	dl_arena_init(&f->arena);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	dl_arena_release(&f->arena);
	free(f);
	return 0;
}

#define PARSE(f, lit) dl_dotenv_parse(&(f)->env, &(f)->arena, (lit), sizeof(lit) - 1)

static const struct dl_env_binding *
nth(const struct fixture *f, size_t i)
{
	assert_true(i < f->env.nr);
	return &f->env.bindings[i];
}

static void
assert_binding(const struct fixture *f, size_t i, const char *key,
	       const char *value)
{
	const struct dl_env_binding *b = nth(f, i);
	assert_int_equal(b->key_len, strlen(key));
	assert_memory_equal(b->key, key, b->key_len);
	assert_int_equal(b->key[b->key_len], '\0');
	if (!value) {
		assert_null(b->value);
		return;
	}
	assert_non_null(b->value);
	assert_int_equal(b->value_len, strlen(value));
	assert_memory_equal(b->value, value, b->value_len);
	assert_int_equal(b->value[b->value_len], '\0');
}

static void
assert_pos(struct dl_pos p, unsigned line, unsigned col)
{
	assert_int_equal(p.line, line);
	assert_int_equal(p.col, col);
}

static void
test_simple(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "DATABASE_URL=postgresql://u:p@h/db\nSECRET_KEY=abc\n");
	assert_int_equal(f->env.nr, 2);
	assert_int_equal(f->env.errors_nr, 0);
	assert_binding(f, 0, "DATABASE_URL", "postgresql://u:p@h/db");
	assert_binding(f, 1, "SECRET_KEY", "abc");
	assert_pos(nth(f, 0)->key_pos, 1, 1);
	assert_pos(nth(f, 0)->eq_pos, 1, 13);
	assert_pos(nth(f, 0)->value_pos, 1, 14);
	assert_pos(nth(f, 0)->value_end, 1, 35);
	assert_int_equal(nth(f, 0)->value_off, 13);
	assert_int_equal(nth(f, 0)->value_end_off, 34);
	assert_pos(nth(f, 1)->key_pos, 2, 1);
	assert_int_equal(nth(f, 1)->first_line, 2);
	assert_int_equal(nth(f, 1)->dotenv_line, 2);
	assert_int_equal(nth(f, 0)->quote, DL_ENV_UNQUOTED);
	assert_false(f->env.has_bom);
	assert_int_equal(f->env.crlf_lines, 0);
	assert_int_equal(f->env.first_crlf.line, 0);
}

static void
test_export_and_spaces(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "  export  KEY = value  \nexport=1\nexportX=2\n");
	assert_int_equal(f->env.nr, 3);
	assert_binding(f, 0, "KEY", "value");
	assert_true(nth(f, 0)->exported);
	assert_true(nth(f, 0)->space_before_eq);
	assert_true(nth(f, 0)->space_after_eq);
	assert_pos(nth(f, 0)->key_pos, 1, 11);
	assert_pos(nth(f, 0)->key_end, 1, 14);
	assert_pos(nth(f, 0)->eq_pos, 1, 15);
	assert_pos(nth(f, 0)->value_pos, 1, 17);
	assert_pos(nth(f, 0)->value_end, 1, 22);
	assert_binding(f, 1, "export", "1");
	assert_false(nth(f, 1)->exported);
	assert_binding(f, 2, "exportX", "2");
	assert_false(nth(f, 2)->space_before_eq);
}

static void
test_comments(void **state)
{
	struct fixture *f = *state;
	/* seed 003: the inline comment is dropped, '#' inside a value kept */
	PARSE(f, "# a comment\n"
		 "ACCESS_TOKEN_EXPIRE_MINUTES=43200  # 30 days\n"
		 "PASSWORD=abc#def\n"
		 "Q=\"a #b\" # c\n"
		 "E=  # only a comment\n"
		 "K # no value\n");
	assert_int_equal(f->env.nr, 5);
	assert_int_equal(f->env.errors_nr, 0);
	assert_binding(f, 0, "ACCESS_TOKEN_EXPIRE_MINUTES", "43200");
	assert_non_null(nth(f, 0)->comment);
	assert_string_equal(nth(f, 0)->comment, "# 30 days");
	assert_pos(nth(f, 0)->comment_pos, 2, 36);
	assert_pos(nth(f, 0)->value_end, 2, 34);
	assert_binding(f, 1, "PASSWORD", "abc#def");
	assert_null(nth(f, 1)->comment);
	assert_binding(f, 2, "Q", "a #b");
	assert_int_equal(nth(f, 2)->quote, DL_ENV_DOUBLE);
	assert_string_equal(nth(f, 2)->comment, "# c");
	assert_pos(nth(f, 2)->value_end, 4, 9);
	/* python-dotenv < 1.2.4 reads the comment as the value */
	assert_binding(f, 3, "E", "# only a comment");
	assert_true(nth(f, 3)->space_after_eq);
	assert_binding(f, 4, "K", NULL);
	assert_pos(nth(f, 4)->eq_pos, 0, 0);
	assert_string_equal(nth(f, 4)->comment, "# no value");
}

static void
test_quotes(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "S='a\\'b\\\\c\\n'\n"
		 "D=\"a\\\"b\\\\c\\nd\\te\\x\"\n"
		 "M=\"line1\nline2\"\n"
		 "'quoted key'=v\n"
		 "EMPTY=\n"
		 "EQ=''\n");
	assert_int_equal(f->env.errors_nr, 0);
	assert_int_equal(f->env.nr, 6);
	assert_binding(f, 0, "S", "a'b\\c\\n");
	assert_int_equal(nth(f, 0)->quote, DL_ENV_SINGLE);
	assert_binding(f, 1, "D", "a\"b\\c\nd\te\\x");
	assert_binding(f, 2, "M", "line1\nline2");
	assert_int_equal(nth(f, 2)->first_line, 3);
	assert_int_equal(nth(f, 2)->last_line, 4);
	assert_pos(nth(f, 2)->value_end, 4, 7);
	assert_binding(f, 3, "quoted key", "v");
	assert_pos(nth(f, 3)->key_pos, 5, 1);
	assert_pos(nth(f, 3)->key_end, 5, 13);
	assert_int_equal(nth(f, 3)->dotenv_line, 5);
	assert_binding(f, 4, "EMPTY", "");
	assert_pos(nth(f, 4)->value_pos, 6, 7);
	assert_binding(f, 5, "EQ", "");
}

/* A quote after a backslash is content unless no plain quote follows:
 * then Python's regex backtracks to the last backslash-quote pair. */
static void
test_backslash_quote_backtracking(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "A='x\\'\nB=1\n");
	assert_int_equal(f->env.errors_nr, 0);
	assert_binding(f, 0, "A", "x\\");
	assert_binding(f, 1, "B", "1");

	PARSE(f, "A='back\\'\nB='sentinel'\n");
	/* the value runs to B's first quote, then "sentinel'" fails */
	assert_int_equal(f->env.nr, 0);
	assert_int_equal(f->env.errors_nr, 1);
	assert_true(f->env.errors[0].unterminated);
	assert_pos(f->env.errors[0].pos, 1, 1);
	assert_pos(f->env.errors[0].quote_pos, 1, 3);
	assert_pos(f->env.errors[0].at, 2, 4);
}

static void
test_errors(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "KEY value\n=x\n'k=1\nC=\"x\"y\nexport \nA=\"open\nD=4\n");
	assert_int_equal(f->env.nr, 1);
	assert_binding(f, 0, "D", "4");
	assert_int_equal(f->env.errors_nr, 6);
	/* KEY value */
	assert_pos(f->env.errors[0].pos, 1, 1);
	assert_pos(f->env.errors[0].at, 1, 5);
	assert_false(f->env.errors[0].unterminated);
	assert_string_equal(f->env.errors[0].key, "KEY");
	assert_int_equal(f->env.errors[0].dotenv_line, 1);
	assert_int_equal(f->env.errors[0].kind, DL_ENV_ERR_NO_EQ);
	assert_int_equal(f->env.errors[1].kind, DL_ENV_ERR_NO_KEY_EQ);
	assert_int_equal(f->env.errors[2].kind, DL_ENV_ERR_QUOTED_KEY);
	assert_int_equal(f->env.errors[3].kind, DL_ENV_ERR_AFTER_QUOTE);
	assert_int_equal(f->env.errors[4].kind, DL_ENV_ERR_NO_KEY);
	assert_int_equal(f->env.errors[5].kind, DL_ENV_ERR_UNTERMINATED);
	/* =x */
	assert_pos(f->env.errors[1].pos, 2, 1);
	assert_null(f->env.errors[1].key);
	/* 'k=1: the quoted key never closes */
	assert_pos(f->env.errors[2].pos, 3, 1);
	assert_false(f->env.errors[2].unterminated);
	/* C="x"y: text after the closing quote, same line */
	assert_false(f->env.errors[3].unterminated);
	assert_pos(f->env.errors[3].at, 4, 6);
	/* export followed by nothing */
	assert_pos(f->env.errors[4].pos, 5, 1);
	assert_int_equal(f->env.errors[4].dotenv_line, 5);
	/* A="open: no closing quote anywhere, only this line is skipped */
	assert_true(f->env.errors[5].unterminated);
	assert_pos(f->env.errors[5].at, 6, 3);
	assert_pos(f->env.errors[5].quote_pos, 6, 3);
	assert_string_equal(f->env.errors[5].key, "A");
	assert_int_equal(f->env.errors[5].dotenv_line, 6);

	/* a quote that closes lines later, followed by text: one error
	 * statement swallowing lines 1-4 */
	PARSE(f, "A=\"open\nB=2\nC=\"x\"y\nD=4\n");
	assert_int_equal(f->env.errors_nr, 1);
	assert_true(f->env.errors[0].unterminated);
	assert_int_equal(f->env.errors[0].kind, DL_ENV_ERR_SWALLOWED);
	assert_pos(f->env.errors[0].at, 3, 4);
	assert_int_equal(f->env.nr, 1);
	assert_binding(f, 0, "D", "4");
}

/* An unclosed quote that finds a quote lines later swallows the lines in
 * between without any error. */
static void
test_silent_swallow(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "A=\"abc\nB=1\nC=\"\nD=2\n");
	assert_int_equal(f->env.errors_nr, 0);
	assert_int_equal(f->env.nr, 2);
	assert_binding(f, 0, "A", "abc\nB=1\nC=");
	assert_int_equal(nth(f, 0)->first_line, 1);
	assert_int_equal(nth(f, 0)->last_line, 3);
	assert_binding(f, 1, "D", "2");
	assert_int_equal(nth(f, 1)->dotenv_line, 4);
}

static void
test_line_endings_and_bom(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "\xef\xbb\xbf"
		 "A=1\r\nB=\"x\r\ny\"\r\nC=3\rD=4\n");
	assert_true(f->env.has_bom);
	assert_int_equal(f->env.nr, 4);
	assert_binding(f, 0, "A", "1");
	assert_pos(nth(f, 0)->key_pos, 1, 4);
	assert_binding(f, 1, "B", "x\r\ny");
	assert_binding(f, 2, "C", "3");
	assert_binding(f, 3, "D", "4");
	assert_int_equal(nth(f, 3)->dotenv_line, 5);
	/* physical lines count '\n' only: D is on line 4 after "C=3\r" */
	assert_pos(nth(f, 3)->key_pos, 4, 5);
	assert_int_equal(f->env.crlf_lines, 3);
	assert_int_equal(f->env.cr_lines, 1);
	assert_pos(f->env.first_crlf, 1, 7);
}

/* python-dotenv's recovery reads "\r" and "\n" of a CRLF apart: its line
 * numbers drift by one after each statement it cannot parse. */
static void
test_dotenv_line_drift(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "bad line\r\nA=1\r\nB=2\r\n");
	assert_int_equal(f->env.errors_nr, 1);
	assert_int_equal(f->env.errors[0].dotenv_line, 1);
	assert_int_equal(f->env.nr, 2);
	assert_int_equal(nth(f, 0)->dotenv_line, 2);
	assert_pos(nth(f, 0)->key_pos, 2, 1);
	assert_int_equal(nth(f, 1)->dotenv_line, 4);
	assert_pos(nth(f, 1)->key_pos, 3, 1);
}

static void
test_unicode_whitespace(void **state)
{
	struct fixture *f = *state;
	/* NBSP and U+2003 are white space for Python's str.isspace */
	PARSE(f, "\xc2\xa0"
		 "A=1\xe2\x80\x83#c\nK\xc3\xa9Y=\xc3\xa9\n");
	assert_int_equal(f->env.errors_nr, 0);
	assert_int_equal(f->env.nr, 2);
	assert_binding(f, 0, "A", "1");
	assert_pos(nth(f, 0)->key_pos, 1, 3);
	assert_binding(f, 1, "K\xc3\xa9Y", "\xc3\xa9");
	assert_false(f->env.invalid_utf8);
}

static void
test_invalid_utf8(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "A=ok\nB=caf\xe9\n");
	assert_true(f->env.invalid_utf8);
	assert_pos(f->env.first_invalid, 2, 6);
	assert_binding(f, 1, "B", "caf\xe9");
	PARSE(f, "A=\xed\xa0\x80\n"); /* an encoded surrogate */
	assert_true(f->env.invalid_utf8);
	PARSE(f, "A=\xf0\x9f\x98\x80\n");
	assert_false(f->env.invalid_utf8);
}

static void
test_empty_and_blank(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "");
	assert_int_equal(f->env.nr, 0);
	assert_int_equal(f->env.errors_nr, 0);
	PARSE(f, "\n\n   \n# x\n");
	assert_int_equal(f->env.nr, 0);
	assert_int_equal(f->env.errors_nr, 0);
	PARSE(f, "\n\nA=1");
	assert_int_equal(f->env.nr, 1);
	assert_int_equal(nth(f, 0)->dotenv_line, 1);
	assert_int_equal(nth(f, 0)->first_line, 3);
	assert_pos(nth(f, 0)->stmt_end, 3, 4);
}

static void
expect_expand(const struct fixture *f, size_t upto, const char *value,
	      const char *want)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	dl_dotenv_expand(&sb, &f->env, upto, value, strlen(value));
	assert_string_equal(sb.buf, want);
	dl_strbuf_release(&sb);
}

static void
test_expand(void **state)
{
	struct fixture *f = *state;
	PARSE(f, "HOST=db\nHOST=pg\nURL=postgresql://${HOST}:${PORT:-5432}/x\n"
		 "NONE\nLATE=1\n");
	assert_int_equal(f->env.nr, 5);
	expect_expand(f, 2, "${HOST}", "pg");
	expect_expand(f, 1, "${HOST}", "db");
	expect_expand(f, 0, "${HOST}", "");
	expect_expand(f, 2, nth(f, 2)->value, "postgresql://pg:5432/x");
	/* a later binding is not visible, a None binding expands to "" even
	 * with a default */
	expect_expand(f, 3, "${LATE:-d}", "d");
	expect_expand(f, 4, "${NONE:-d}", "");
	/* not references */
	expect_expand(f, 5, "$HOST ${HOST ${HOST:x} ${} $", "$HOST ${HOST ${HOST:x}  $");
	/* the binding's own value is expanded against those before it */
	expect_expand(f, 3, "${URL}", "postgresql://pg:5432/x");
}

static void
test_expand_bounded(void **state)
{
	struct fixture *f = *state;
	/* each value doubles the one before: 2^34 bytes unbounded */
	struct dl_strbuf doc = DL_STRBUF_INIT, sb = DL_STRBUF_INIT;
	int i;
	dl_strbuf_puts(&doc, "V0=xxxxxxxxxxxxxxxx\n");
	for (i = 1; i <= 30; i++)
		dl_strbuf_addf(&doc, "V%d=${V%d}${V%d}\n", i, i - 1, i - 1);
	dl_dotenv_parse(&f->env, &f->arena, doc.buf, doc.len);
	assert_int_equal(f->env.nr, 31);
	dl_dotenv_expand(&sb, &f->env, f->env.nr, "${V30}", 6);
	assert_true(sb.len <= DL_MAX_DOTENV_EXPAND_WORK + 64);
	assert_true(sb.len > 1000);
	dl_strbuf_release(&sb);
	/* a self reference stops at the depth limit */
	dl_strbuf_reset(&doc);
	dl_strbuf_puts(&doc, "A=a${A}\n");
	dl_dotenv_parse(&f->env, &f->arena, doc.buf, doc.len);
	dl_dotenv_expand(&sb, &f->env, 1, "${A}", 4);
	assert_string_equal(sb.buf, "a");
	dl_strbuf_release(&sb);
	dl_strbuf_release(&doc);
}

/* Builds V0=a, Vi=${V<i-1>}b for i = 1..n and returns the expansion of
 * ${V<n>} in *out: n + 1 nested references. */
static void
expand_chain(struct fixture *f, struct dl_strbuf *out, int n)
{
	struct dl_strbuf doc = DL_STRBUF_INIT, ref = DL_STRBUF_INIT;
	int i;
	dl_strbuf_puts(&doc, "V0=a\n");
	for (i = 1; i <= n; i++)
		dl_strbuf_addf(&doc, "V%d=${V%d}b\n", i, i - 1);
	dl_dotenv_parse(&f->env, &f->arena, doc.buf, doc.len);
	assert_int_equal(f->env.nr, (size_t)n + 1);
	dl_strbuf_addf(&ref, "${V%d}", n);
	dl_strbuf_reset(out);
	dl_dotenv_expand(out, &f->env, f->env.nr, ref.buf, ref.len);
	dl_strbuf_release(&ref);
	dl_strbuf_release(&doc);
}

/* A chain of DL_MAX_DOTENV_EXPAND_DEPTH nested references expands in full;
 * one more, and the innermost one (V0's "a") expands to "". */
static void
test_expand_depth_limit(void **state)
{
	struct fixture *f = *state;
	struct dl_strbuf sb = DL_STRBUF_INIT, want = DL_STRBUF_INIT;
	int i;
	expand_chain(f, &sb, DL_MAX_DOTENV_EXPAND_DEPTH - 1);
	dl_strbuf_putc(&want, 'a');
	for (i = 0; i < DL_MAX_DOTENV_EXPAND_DEPTH - 1; i++)
		dl_strbuf_putc(&want, 'b');
	assert_string_equal(sb.buf, want.buf);
	expand_chain(f, &sb, DL_MAX_DOTENV_EXPAND_DEPTH);
	dl_strbuf_reset(&want);
	for (i = 0; i < DL_MAX_DOTENV_EXPAND_DEPTH; i++)
		dl_strbuf_putc(&want, 'b');
	assert_string_equal(sb.buf, want.buf);
	dl_strbuf_release(&want);
	dl_strbuf_release(&sb);
}

/* Hundreds of thousands of quotes that close lines later or never: the
 * closing-quote search must not rescan the file for each (ctest's time
 * limit catches a quadratic reader). Counts checked against python-dotenv
 * on the same text with n = 10. */
static void
test_linear_on_unterminated(void **state)
{
	struct fixture *f = *state;
	struct dl_strbuf doc = DL_STRBUF_INIT;
	size_t i, n = 400000;
	for (i = 0; i < n; i++)
		dl_strbuf_puts(&doc, "A=\"x\\\"\n");
	dl_dotenv_parse(&f->env, &f->arena, doc.buf, doc.len);
	/* each value closes at the next line's opening quote, then fails */
	assert_int_equal(f->env.errors_nr, n / 2);
	assert_int_equal(f->env.nr, 0);
	dl_strbuf_reset(&doc);
	for (i = 0; i < n; i++)
		dl_strbuf_puts(&doc, "'k\nB=\"\\\"\n");
	dl_strbuf_puts(&doc, "C=1\n");
	dl_dotenv_parse(&f->env, &f->arena, doc.buf, doc.len);
	/* as python-dotenv for n = 10: the last 'k swallows up to the last
	 * backslash-quote pair (B="\\"), and C is read */
	assert_true(f->env.errors_nr > 0);
	assert_int_equal(f->env.nr, 2);
	assert_string_equal(f->env.bindings[1].key, "C");
	dl_strbuf_release(&doc);
}

static void
test_is_example(void **state)
{
	(void)state;
	assert_true(dl_dotenv_is_example(".env.example"));
	assert_true(dl_dotenv_is_example("backend/.env.sample"));
	assert_true(dl_dotenv_is_example(".env.template"));
	assert_true(dl_dotenv_is_example(".env.dist"));
	assert_true(dl_dotenv_is_example(".env.tmpl"));
	assert_true(dl_dotenv_is_example(".env.production.example"));
	assert_true(dl_dotenv_is_example(".env.EXAMPLE"));
	assert_true(dl_dotenv_is_example("config/prod.env.example"));
	assert_false(dl_dotenv_is_example(".env"));
	assert_false(dl_dotenv_is_example(".env.production"));
	assert_false(dl_dotenv_is_example(".env.local"));
	assert_false(dl_dotenv_is_example("examples/.env"));
	assert_false(dl_dotenv_is_example(".env.examples"));
}

static void
test_is_backup(void **state)
{
	(void)state;
	assert_true(dl_dotenv_is_backup(".env.backup"));
	assert_true(dl_dotenv_is_backup("backend/.env.bak"));
	assert_true(dl_dotenv_is_backup(".env.BAK2"));
	assert_true(dl_dotenv_is_backup(".env.local.old"));
	assert_true(dl_dotenv_is_backup(".env.orig"));
	assert_true(dl_dotenv_is_backup(".env.production~"));
	assert_true(dl_dotenv_is_backup(".env.save"));
	assert_false(dl_dotenv_is_backup(".env"));
	assert_false(dl_dotenv_is_backup(".env.production"));
	assert_false(dl_dotenv_is_backup(".env.older"));
	assert_false(dl_dotenv_is_backup(".env.bold"));
	assert_false(dl_dotenv_is_backup(".env.example"));
	assert_false(dl_dotenv_is_backup(".env.example.bak"));
	assert_false(dl_dotenv_is_backup("backup/.env"));
	assert_false(dl_dotenv_is_backup("app.env.bak"));
}

static void
test_registry(void **state)
{
	const struct dl_parser *p = dl_parser_for(DL_KIND_DOTENV);
	struct fixture *f = *state;
	const struct dl_dotenv *env;
	assert_non_null(p);
	env = p->parse(&f->arena, "A=1\n", 4);
	assert_int_equal(env->nr, 1);
	assert_string_equal(env->bindings[0].value, "1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_simple, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_and_spaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backslash_quote_backtracking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_silent_swallow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_endings_and_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotenv_line_drift, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unicode_whitespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_blank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expand_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expand_depth_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linear_on_unterminated, setup, teardown),
		cmocka_unit_test(test_is_example),
		cmocka_unit_test(test_is_backup),
		cmocka_unit_test_setup_teardown(test_registry, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
