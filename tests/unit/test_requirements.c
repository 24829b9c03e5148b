/*
 * Unit tests for the requirements-file reader (pip's req_file.py rules:
 * continuations, comments, options, requirement forms, positions). The
 * include graph across files is the model's: test_reqset.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/requirements.h"

struct fixture {
	struct dl_arena arena;
	struct dl_requirements doc;
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

#define PARSE(f, lit) \
	dl_requirements_parse(&(f)->doc, &(f)->arena, (lit), sizeof(lit) - 1)

static void
assert_pos(struct dl_pos p, unsigned line, unsigned col)
{
	if (p.line != line || p.col != col)
		fail_msg("position %u:%u, expected %u:%u", p.line, p.col, line, col);
}

static void
test_named_with_positions(void **state)
{
	struct fixture *f = *state;
	const struct dl_requirement *r;

	PARSE(f, "# pinned\nSQLAlchemy==2.0.23\n  Flask_Login >= 0.6 , <1\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 2);
	r = &f->doc.reqs[0];
	assert_int_equal(r->kind, DL_REQ_NAMED);
	assert_string_equal(r->name, "SQLAlchemy");
	assert_string_equal(r->normalised, "sqlalchemy");
	assert_pos(r->name_pos, 2, 1);
	assert_int_equal(r->name_len, 10);
	assert_string_equal(r->specifier, "==2.0.23");
	assert_pos(r->spec_pos, 2, 11);
	assert_int_equal(r->spec_len, 8);
	assert_int_equal(r->specs.nr, 1);
	assert_int_equal(r->specs.items[0].op, DL_PEP440_EQ);
	r = &f->doc.reqs[1];
	assert_string_equal(r->normalised, "flask-login");
	assert_pos(r->name_pos, 3, 3);
	assert_string_equal(r->specifier, ">= 0.6 , <1");
	assert_pos(r->spec_pos, 3, 15);
	assert_int_equal(r->specs.nr, 2);
	assert_int_equal(r->line, 3);
}

static void
test_comments(void **state)
{
	struct fixture *f = *state;

	/* " #" starts a comment; "#" inside a token does not */
	PARSE(f, "requests==2.31.0  # http\n#whole line\n   # indented\nfoo @ https://x.org/foo-1.0.tar.gz#sha256=ab\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 2);
	assert_string_equal(f->doc.reqs[0].specifier, "==2.31.0");
	assert_int_equal(f->doc.reqs[1].kind, DL_REQ_URL);
	assert_string_equal(f->doc.reqs[1].url, "https://x.org/foo-1.0.tar.gz#sha256=ab");
}

static void
test_continuation(void **state)
{
	struct fixture *f = *state;
	const struct dl_requirement *r;

	PARSE(f, "requests \\\n    >=2.0 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\nnext==1\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 2);
	r = &f->doc.reqs[0];
	assert_pos(r->name_pos, 1, 1);
	assert_string_equal(r->specifier, ">=2.0");
	assert_pos(r->spec_pos, 2, 5);
	assert_int_equal(r->hashes, 2);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->end_line, 4);
	assert_pos(f->doc.reqs[1].name_pos, 5, 1);
}

static void
test_comment_line_is_not_continued(void **state)
{
	struct fixture *f = *state;

	/* pip: a comment line ending in '\' does not join the next line, and
	 * a comment after a continued line ends the logical line's text */
	PARSE(f, "# note \\\nflask==3.0\nalpha==1 \\\n# trailing comment\nbeta==2\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 3);
	assert_string_equal(f->doc.reqs[0].name, "flask");
	assert_string_equal(f->doc.reqs[1].name, "alpha");
	assert_string_equal(f->doc.reqs[2].name, "beta");
	assert_pos(f->doc.reqs[2].name_pos, 5, 1);
}

static void
test_options_and_includes(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "-r base.txt\n--requirement=extra.txt\n-cconstraints.txt\n--constraint more.txt\n"
		 "-i https://user:pw@pypi.example/simple\n--extra-index-url https://x\n--pre\n--only-binary :all:\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 0);
	assert_int_equal(f->doc.includes_nr, 4);
	assert_string_equal(f->doc.includes[0].target, "base.txt");
	assert_false(f->doc.includes[0].constraint);
	assert_pos(f->doc.includes[0].pos, 1, 4);
	assert_int_equal(f->doc.includes[0].len, 8);
	assert_string_equal(f->doc.includes[1].target, "extra.txt");
	assert_pos(f->doc.includes[1].pos, 2, 15);
	assert_string_equal(f->doc.includes[2].target, "constraints.txt");
	assert_true(f->doc.includes[2].constraint);
	assert_pos(f->doc.includes[2].pos, 3, 3);
	assert_true(f->doc.includes[3].constraint);
	assert_int_equal(f->doc.options_nr, 4);
	assert_string_equal(f->doc.options[0].name, "--index-url");
	assert_string_equal(f->doc.options[3].name, "--only-binary");
	assert_string_equal(f->doc.options[3].value, ":all:");
}

static void
test_option_abbreviation_and_errors(void **state)
{
	struct fixture *f = *state;

	/* optparse accepts a unique prefix of a long option... */
	PARSE(f, "--requireme base.txt\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.includes_nr, 1);
	/* ...and refuses an ambiguous one (--requirement, --require-hashes) */
	PARSE(f, "--requir base.txt\n");
	assert_true(f->doc.error.set);
	assert_non_null(strstr(f->doc.error.message, "ambiguous"));

	PARSE(f, "flask\n--frobnicate\n");
	assert_true(f->doc.error.set);
	assert_pos(f->doc.error.pos, 2, 1);
	assert_non_null(strstr(f->doc.error.message, "no such option"));

	PARSE(f, "-r\n");
	assert_true(f->doc.error.set);
	assert_non_null(strstr(f->doc.error.message, "requires an argument"));
}

static void
test_editable(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "-e .\n-e git+https://github.com/o/r.git@v1#egg=my_pkg\n--editable=../lib\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 3);
	assert_int_equal(f->doc.reqs[0].kind, DL_REQ_EDITABLE);
	assert_string_equal(f->doc.reqs[0].url, ".");
	assert_null(f->doc.reqs[0].name);
	assert_pos(f->doc.reqs[0].url_pos, 1, 4);
	assert_string_equal(f->doc.reqs[1].name, "my_pkg");
	assert_string_equal(f->doc.reqs[1].normalised, "my-pkg");
	assert_string_equal(f->doc.reqs[2].url, "../lib");
}

static void
test_markers_and_extras(void **state)
{
	struct fixture *f = *state;
	const struct dl_requirement *r;

	PARSE(f, "pywin32==306 ; sys_platform == \"win32\"\nuvicorn[standard, Socks]>=0.20\npsycopg[binary]\n");
	assert_false(f->doc.error.set);
	r = &f->doc.reqs[0];
	assert_string_equal(r->specifier, "==306");
	assert_string_equal(r->marker, "sys_platform == \"win32\"");
	assert_pos(r->marker_pos, 1, 16);
	r = &f->doc.reqs[1];
	assert_string_equal(r->extras, "standard, Socks");
	assert_true(dl_requirements_has_extra(r->extras, "standard"));
	assert_true(dl_requirements_has_extra(r->extras, "socks"));
	assert_false(dl_requirements_has_extra(r->extras, "binary"));
	assert_string_equal(r->specifier, ">=0.20");
	assert_null(f->doc.reqs[2].specifier);
	assert_true(dl_requirements_has_extra(f->doc.reqs[2].extras, "binary"));
}

static void
test_urls_and_paths(void **state)
{
	struct fixture *f = *state;
	const struct dl_requirement *r;

	PARSE(f, "mylib @ file:///C:/Users/me/mylib-1.0-py3-none-any.whl\n"
		 "./wheels/Foo_Bar-2.1-py3-none-any.whl\n"
		 "https://example.org/pkg.tar.gz#egg=pkg ; python_version>'3'\n"
		 "C:\\Users\\me\\proj\n"
		 "/home/me/src/thing\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 5);
	r = &f->doc.reqs[0];
	assert_int_equal(r->kind, DL_REQ_URL);
	assert_string_equal(r->name, "mylib");
	assert_pos(r->url_pos, 1, 9);
	r = &f->doc.reqs[1];
	assert_int_equal(r->kind, DL_REQ_PATH);
	assert_string_equal(r->normalised, "foo-bar");
	r = &f->doc.reqs[2];
	assert_int_equal(r->kind, DL_REQ_PATH);
	assert_string_equal(r->url, "https://example.org/pkg.tar.gz#egg=pkg");
	assert_string_equal(r->name, "pkg");
	assert_string_equal(r->marker, "python_version>'3'");
	assert_int_equal(f->doc.reqs[3].kind, DL_REQ_PATH);
	assert_null(f->doc.reqs[3].name);
	assert_int_equal(f->doc.reqs[4].kind, DL_REQ_PATH);
}

static void
test_invalid_requirements(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "flask\nrequests 2.31\n");
	assert_true(f->doc.error.set);
	assert_pos(f->doc.error.pos, 2, 10);
	assert_int_equal(f->doc.nr, 2);
	assert_true(f->doc.reqs[1].spec_invalid);

	PARSE(f, "==1.0\n");
	assert_true(f->doc.error.set);
	assert_int_equal(f->doc.nr, 0);

	PARSE(f, "numpy>=1.26,<=\n");
	assert_true(f->doc.error.set);
	assert_pos(f->doc.error.pos, 1, 13);
}

static void
test_error_message_hides_credentials(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "pkg[x @ git+https://deploy:hunter2@git.example.com/x.git\n");
	assert_true(f->doc.error.set);
	assert_null(strstr(f->doc.error.message, "hunter2"));
	assert_non_null(strstr(f->doc.error.message, "deploy:***@"));
}

static void
test_redact(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	(void)state;
	dl_requirements_redact(&sb, "a https://u:p@h/x b git+https://ghp_tok@github.com/o/r c\n", 57);
	assert_string_equal(sb.buf, "a https://u:***@h/x b git+https://***@github.com/o/r c?");
	dl_strbuf_release(&sb);
}

static void
test_bom_crlf_and_line_breaks(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "\xef\xbb\xbf"
		 "flask==3.0\r\nrequests==2.0\rnumpy==1.26.4\n");
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 3);
	assert_pos(f->doc.reqs[0].name_pos, 1, 4);
	assert_pos(f->doc.reqs[1].name_pos, 2, 1);
	assert_pos(f->doc.reqs[2].name_pos, 3, 1);
	assert_string_equal(f->doc.reqs[0].specifier, "==3.0");
}

static void
test_parenthesised_specifier(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "requests (>=2.0, <3)\n");
	assert_false(f->doc.error.set);
	assert_string_equal(f->doc.reqs[0].specifier, ">=2.0, <3");
	assert_int_equal(f->doc.reqs[0].specs.nr, 2);
}

static void
test_normalise(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	(void)state;
	dl_requirements_normalise(&sb, "Foo__Bar..-baz", 14);
	assert_string_equal(sb.buf, "foo-bar-baz");
	dl_strbuf_release(&sb);
}

/* ---- the include graph, on a real directory --------------------------------- */

/* DL_MAX_REQ_LINES requirements are kept, later ones ignored (no error);
 * a logical line of DL_MAX_REQ_LINE bytes is read, one byte more is an
 * error (PARSE001) and the line is dropped. */
static void
test_line_limits(void **state)
{
	struct fixture *f = *state;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t i;

	for (i = 0; i < DL_MAX_REQ_LINES + 5; i++)
		dl_strbuf_addf(&sb, "pkg%zu==1.0\n", i);
	dl_requirements_parse(&f->doc, &f->arena, sb.buf, sb.len);
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, DL_MAX_REQ_LINES);
	assert_string_equal(f->doc.reqs[DL_MAX_REQ_LINES - 1].normalised, "pkg99999");

	/* "flask" and white space up to exactly the limit, then one more */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "flask");
	while (sb.len < DL_MAX_REQ_LINE)
		dl_strbuf_putc(&sb, ' ');
	dl_requirements_parse(&f->doc, &f->arena, sb.buf, sb.len);
	assert_false(f->doc.error.set);
	assert_int_equal(f->doc.nr, 1);
	dl_strbuf_putc(&sb, ' ');
	dl_strbuf_puts(&sb, "\nsqlalchemy\n");
	dl_requirements_parse(&f->doc, &f->arena, sb.buf, sb.len);
	assert_true(f->doc.error.set);
	assert_pos(f->doc.error.pos, 1, 1);
	assert_non_null(strstr(f->doc.error.message, "longer than"));
	assert_int_equal(f->doc.nr, 1);
	assert_string_equal(f->doc.reqs[0].normalised, "sqlalchemy");
	dl_strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_named_with_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_continuation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment_line_is_not_continued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options_and_includes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_option_abbreviation_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_editable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markers_and_extras, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urls_and_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_requirements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_message_hides_credentials, setup, teardown),
		cmocka_unit_test(test_redact),
		cmocka_unit_test_setup_teardown(test_bom_crlf_and_line_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parenthesised_specifier, setup, teardown),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test_setup_teardown(test_line_limits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
