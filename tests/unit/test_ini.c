/*
 * Unit tests for the INI reader (configparser's rules, checked against
 * Python 3.11) and for its BasicInterpolation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/parse.h"

struct fixture {
	struct dl_arena arena;
	struct dl_ini ini;
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

/* Parses a string literal (its NULs included). */
#define PARSE(f, lit) dl_ini_parse(&(f)->ini, &(f)->arena, (lit), sizeof(lit) - 1)

static const struct dl_ini_entry *
get(const struct fixture *f, const char *sec, const char *key)
{
	const struct dl_ini_entry *e = dl_ini_get(&f->ini, sec, key);
	assert_non_null(e);
	return e;
}

static void
assert_value(const struct fixture *f, const char *sec, const char *key,
	     const char *expected)
{
	const struct dl_ini_entry *e = get(f, sec, key);
	assert_int_equal(e->value_len, strlen(expected));
	assert_memory_equal(e->value, expected, e->value_len);
	assert_int_equal(e->value[e->value_len], '\0');
}

static void
assert_pos(struct dl_pos pos, unsigned line, unsigned col)
{
	assert_int_equal(pos.line, line);
	assert_int_equal(pos.col, col);
}

static void
assert_no_error(const struct fixture *f)
{
	if (f->ini.error.set)
		fail_msg("unexpected error %u:%u %s", f->ini.error.pos.line,
			 f->ini.error.pos.col, f->ini.error.message);
}

static void
assert_error(const struct fixture *f, unsigned line, unsigned col,
	     const char *needle)
{
	assert_true(f->ini.error.set);
	assert_pos(f->ini.error.pos, line, col);
	assert_non_null(f->ini.error.message);
	if (!strstr(f->ini.error.message, needle))
		fail_msg("error \"%s\" lacks \"%s\"", f->ini.error.message,
			 needle);
}

static void
test_alembic_ini(void **state)
{
	struct fixture *f = *state;
	const struct dl_ini_section *s;
	const struct dl_ini_entry *e;

	PARSE(f, "# A generic, single database configuration.\n"
		 "\n"
		 "[alembic]\n"
		 "# path to migration scripts\n"
		 "script_location = %(here)s/alembic\n"
		 "prepend_sys_path = .\n"
		 "sqlalchemy.url = driver://user:pass@localhost/dbname\n"
		 "\n"
		 "[loggers]\n"
		 "keys = root,sqlalchemy,alembic\n");
	assert_no_error(f);
	assert_int_equal(f->ini.nr, 2);
	s = dl_ini_section(&f->ini, "alembic");
	assert_non_null(s);
	assert_string_equal(s->name, "alembic");
	assert_pos(s->pos, 3, 1);
	assert_int_equal(s->nr, 3);
	assert_string_equal(s->entries[0].key, "script_location");
	assert_string_equal(s->entries[1].key, "prepend_sys_path");
	assert_string_equal(s->entries[2].key, "sqlalchemy.url");
	e = get(f, "alembic", "script_location");
	assert_pos(e->key_pos, 5, 1);
	assert_pos(e->value_pos, 5, 19);
	assert_int_equal(e->value_end_line, 5);
	assert_value(f, "alembic", "script_location", "%(here)s/alembic");
	assert_value(f, "alembic", "sqlalchemy.url",
		     "driver://user:pass@localhost/dbname");
	assert_value(f, "loggers", "keys", "root,sqlalchemy,alembic");
	assert_pos(f->ini.sections[1].pos, 9, 1);
	assert_null(dl_ini_section(&f->ini, "Alembic"));
	assert_null(dl_ini_get(&f->ini, "alembic", "nope"));
	assert_null(dl_ini_get(&f->ini, "nope", "keys"));
}

static void
test_continuation_lines(void **state)
{
	struct fixture *f = *state;
	const struct dl_ini_entry *e;

	/* an empty first line, then indented lines: "\na\nb" */
	PARSE(f, "[s]\n"
		 "version_locations =\n"
		 "    a\n"
		 "    b\n"
		 "x = 1\n"
		 "\n"
		 "  more\n"
		 "\n"
		 "\n"
		 "y = 2\n"
		 "\n"
		 "\n");
	assert_no_error(f);
	e = get(f, "s", "version_locations");
	assert_value(f, "s", "version_locations", "\na\nb");
	assert_pos(e->value_pos, 2, 20); /* just after '=' */
	assert_int_equal(e->value_end_line, 4);
	/* an empty line inside a value is kept; trailing ones are not */
	assert_value(f, "s", "x", "1\n\nmore");
	assert_int_equal(get(f, "s", "x")->value_end_line, 7);
	assert_value(f, "s", "y", "2");
	assert_int_equal(get(f, "s", "y")->value_end_line, 10);
}

static void
test_continuation_indent_rules(void **state)
{
	struct fixture *f = *state;

	/* deeper than the key's line, counted in characters: a tab is one */
	PARSE(f, "[s]\n"
		 "\ta=1\n"
		 "  b=2\n"
		 " c=3\n");
	assert_no_error(f);
	assert_value(f, "s", "a", "1\nb=2");
	assert_value(f, "s", "c", "3");
	assert_int_equal(f->ini.sections[0].nr, 2);
}

static void
test_indented_header(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "  [s]\n  a=1\n   b\n  [t]\n  c = x\n");
	assert_no_error(f);
	assert_pos(f->ini.sections[0].pos, 1, 3);
	assert_value(f, "s", "a", "1\nb");
	assert_value(f, "t", "c", "x");
	assert_pos(get(f, "t", "c")->key_pos, 5, 3);
	assert_pos(get(f, "t", "c")->value_pos, 5, 7);
}

static void
test_comments(void **state)
{
	struct fixture *f = *state;

	/* whole-line comments (even indented) vanish, even inside values;
	 * inline comments are off */
	PARSE(f, "; top\n"
		 "[s]\n"
		 "a = 1\n"
		 "# c\n"
		 "  b\n"
		 "   # x\n"
		 "   ; y\n"
		 "  c\n"
		 "d = 2 # not a comment ; nor this\n");
	assert_no_error(f);
	assert_value(f, "s", "a", "1\nb\nc");
	assert_int_equal(get(f, "s", "a")->value_end_line, 8);
	assert_value(f, "s", "d", "2 # not a comment ; nor this");
}

static void
test_delimiters(void **state)
{
	struct fixture *f = *state;
	const struct dl_ini_entry *e;

	PARSE(f, "[s]\n"
		 "a:b=c\n"
		 "x = y:z\n"
		 "k  :   v  \n"
		 "e=\n"
		 "f :   \n");
	assert_no_error(f);
	assert_value(f, "s", "a", "b=c");
	assert_value(f, "s", "x", "y:z");
	assert_value(f, "s", "k", "v");
	e = get(f, "s", "k");
	assert_pos(e->key_pos, 4, 1);
	assert_pos(e->value_pos, 4, 8);
	assert_value(f, "s", "e", "");
	assert_pos(get(f, "s", "e")->value_pos, 5, 3);
	assert_value(f, "s", "f", "");
	assert_pos(get(f, "s", "f")->value_pos, 6, 4);
}

static void
test_keys_lowercased(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "[Sect]\nSQLAlchemy.URL = x\n");
	assert_no_error(f);
	assert_string_equal(f->ini.sections[0].entries[0].key, "sqlalchemy.url");
	assert_value(f, "Sect", "sqlalchemy.url", "x");
	assert_value(f, "Sect", "SQLALCHEMY.url", "x");
	/* section names are case-sensitive */
	assert_null(dl_ini_section(&f->ini, "sect"));
}

static void
test_no_section_header(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "\n# c\n  x=1\n[s]\na=1\n");
	assert_error(f, 3, 3, "no section headers");
	/* parsing went on */
	assert_value(f, "s", "a", "1");
	assert_int_equal(f->ini.nr, 1);
}

static void
test_empty_brackets_is_no_header(void **state)
{
	struct fixture *f = *state;

	/* SECTCRE needs one character between the brackets */
	PARSE(f, "[]\n");
	assert_error(f, 1, 1, "no section headers");
	assert_int_equal(f->ini.nr, 0);
}

static void
test_header_quirks(void **state)
{
	struct fixture *f = *state;

	/* '[' .+ ']' matched from the start, greedy to the last ']' */
	PARSE(f, "[a] b\nx=1\n[a]b]\ny=2\n[]]\nz=3\n[q] = 4\n");
	assert_no_error(f);
	assert_int_equal(f->ini.nr, 4);
	assert_value(f, "a", "x", "1");
	assert_value(f, "a]b", "y", "2");
	assert_value(f, "]", "z", "3");
	assert_non_null(dl_ini_section(&f->ini, "q"));
	assert_int_equal(dl_ini_section(&f->ini, "q")->nr, 0);
}

static void
test_parsing_error_line(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "[s]\nfoo\n  bar\na=1\n");
	assert_error(f, 2, 1, "parsing errors");
	assert_value(f, "s", "a", "1");
	assert_int_equal(f->ini.sections[0].nr, 1);
}

static void
test_error_line_keeps_option(void **state)
{
	struct fixture *f = *state;

	/* configparser keeps `optname` across a bad line: "  bar" is
	 * deeper than "foo" and so continues a */
	PARSE(f, "[s]\na=1\n foo\n   bar\n");
	assert_no_error(f);
	assert_value(f, "s", "a", "1\nfoo\nbar");

	dl_arena_release(&f->arena);
	PARSE(f, "[s]\na=1\nfoo\n  bar\n");
	assert_error(f, 3, 1, "parsing errors");
	assert_value(f, "s", "a", "1\nbar");
	assert_int_equal(get(f, "s", "a")->value_end_line, 4);
}

static void
test_empty_key(void **state)
{
	struct fixture *f = *state;

	/* "= x" is a parsing error, yet configparser stores option "" and
	 * attaches no continuation lines to it */
	PARSE(f, "[s]\n  = x\n    y\n");
	assert_error(f, 2, 3, "parsing errors");
	assert_int_equal(f->ini.sections[0].nr, 1);
	assert_value(f, "s", "", "x");
}

static void
test_duplicate_key(void **state)
{
	struct fixture *f = *state;
	const struct dl_ini_entry *e;

	PARSE(f, "[s]\na=1\nb=0\nA = 2\n more\n");
	assert_error(f, 4, 1, "option 'a' in section 's' already exists");
	/* kept as non-strict configparser would: replaced in place */
	assert_int_equal(f->ini.sections[0].nr, 2);
	assert_string_equal(f->ini.sections[0].entries[0].key, "a");
	e = get(f, "s", "a");
	assert_value(f, "s", "a", "2\nmore");
	assert_pos(e->key_pos, 4, 1);
	assert_pos(e->value_pos, 4, 5);
	assert_int_equal(e->value_end_line, 5);
}

static void
test_duplicate_section(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "[s]\na=1\n[t]\n [s]\nb=2\n");
	assert_error(f, 4, 2, "section 's' already exists");
	assert_int_equal(f->ini.nr, 2);
	assert_value(f, "s", "a", "1");
	assert_value(f, "s", "b", "2");
	assert_pos(dl_ini_section(&f->ini, "s")->pos, 1, 1);
}

static void
test_duplicate_key_across_reopened_section(void **state)
{
	struct fixture *f = *state;

	/* DEFAULT may be reopened, but its keys stay unique */
	PARSE(f, "[DEFAULT]\na=1\n[DEFAULT]\nb=2\n");
	assert_no_error(f);
	assert_int_equal(f->ini.nr, 1);
	assert_value(f, "DEFAULT", "a", "1");
	assert_value(f, "DEFAULT", "b", "2");

	dl_arena_release(&f->arena);
	PARSE(f, "[DEFAULT]\na=1\n[DEFAULT]\na=2\n");
	assert_error(f, 4, 1, "already exists");
	assert_value(f, "DEFAULT", "a", "2");
}

static void
test_line_endings(void **state)
{
	struct fixture *f = *state;

	/* \r\n and a lone \r end lines, like Python's universal newlines */
	PARSE(f, "[s]\r\na=1\r  b\rc=2");
	assert_no_error(f);
	assert_value(f, "s", "a", "1\nb");
	assert_int_equal(get(f, "s", "a")->value_end_line, 3);
	assert_value(f, "s", "c", "2");
	assert_pos(get(f, "s", "c")->key_pos, 4, 1);
}

static void
test_bom(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "\xef\xbb\xbf[alembic]\nx = 1\n");
	assert_no_error(f);
	assert_pos(f->ini.sections[0].pos, 1, 1);
	assert_string_equal(f->ini.sections[0].name, "alembic");
	assert_value(f, "alembic", "x", "1");
}

static void
test_python_whitespace(void **state)
{
	struct fixture *f = *state;
	const struct dl_ini_entry *e;

	/* str.strip() knows \v \f \x1c-\x1f and Unicode spaces */
	PARSE(f, "[s]\n"
		 "\xc2\xa0k\xc2\xa0=\xe3\x80\x80x\xe3\x80\x80\n"
		 "  \xe2\x80\x80"
		 "cont\n"
		 "a =  1 \x0b\x1c \n"
		 "z\x1c=1\n"
		 "\xc2\xa0q = 2\n");
	assert_no_error(f);
	e = get(f, "s", "k");
	/* the NBSP indents k by one character; U+2000 + 2 spaces is 3 */
	assert_value(f, "s", "k", "x\ncont");
	assert_pos(e->key_pos, 2, 3);
	assert_pos(e->value_pos, 2, 10);
	assert_value(f, "s", "a", "1");
	/* one character deeper than z: a continuation */
	assert_value(f, "s", "z", "1\nq = 2");
}

static void
test_nul_bytes(void **state)
{
	struct fixture *f = *state;
	const struct dl_ini_entry *e;

	PARSE(f, "[s]\nk=a\0b\n");
	assert_no_error(f);
	e = get(f, "s", "k");
	assert_int_equal(e->value_len, 3);
	assert_memory_equal(e->value, "a\0b", 3);
}

static void
test_empty_input(void **state)
{
	struct fixture *f = *state;

	dl_ini_parse(&f->ini, &f->arena, NULL, 0);
	assert_int_equal(f->ini.nr, 0);
	assert_false(f->ini.error.set);
	PARSE(f, "\n\n# only comments\n  \n");
	assert_int_equal(f->ini.nr, 0);
	assert_false(f->ini.error.set);
	PARSE(f, "[s]");
	assert_no_error(f);
	assert_int_equal(f->ini.nr, 1);
	assert_int_equal(f->ini.sections[0].nr, 0);
	assert_null(f->ini.sections[0].entries);
}

static void
test_value_limit(void **state)
{
	struct fixture *f = *state;
	size_t n = DL_MAX_INI_VALUE / 2 + 10;
	size_t len = 0, i;
	char *buf = malloc(3 * n + 64);
	const char *head = "[s]\nk = ";

	assert_non_null(buf);
	memcpy(buf, head, strlen(head));
	len = strlen(head);
	for (i = 0; i < 3; i++) {
		memset(buf + len, 'x', n / 2);
		len += n / 2;
		memcpy(buf + len, "\n ", 2);
		len += 2;
		if (i == 0) {
			/* make the whole value larger than the limit */
			memset(buf + len, 'y', n);
			len += n;
			memcpy(buf + len, "\n ", 2);
			len += 2;
		}
	}
	memcpy(buf + len, "z\nnext = 1\n", 11);
	len += 11;
	dl_ini_parse(&f->ini, &f->arena, buf, len);
	assert_true(f->ini.error.set);
	assert_pos(f->ini.error.pos, 4, 2);
	assert_non_null(strstr(f->ini.error.message, "limit"));
	assert_true(get(f, "s", "k")->value_len <= DL_MAX_INI_VALUE);
	assert_true(get(f, "s", "k")->value_len >= n);
	assert_value(f, "s", "next", "1");
	free(buf);
}

static void
test_many_keys(void **state)
{
	struct fixture *f = *state;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	unsigned i;

	/* exercises the duplicate tables' growth: stays fast and exact */
	for (i = 0; i < 50000; i++)
		dl_strbuf_addf(&sb, "[s%u]\nk%u = %u\nK = v\n", i % 1000, i, i);
	dl_strbuf_puts(&sb, "[s7]\nk7 = again\n");
	dl_ini_parse(&f->ini, &f->arena, sb.buf, sb.len);
	assert_true(f->ini.error.set);
	/* the first duplicate: [s0] reopened on line 3001 */
	assert_pos(f->ini.error.pos, 3001, 1);
	assert_string_equal(f->ini.error.message, "section 's0' already exists");
	assert_int_equal(f->ini.nr, 1000);
	assert_int_equal(dl_ini_section(&f->ini, "s999")->nr, 51);
	assert_value(f, "s7", "k7", "again");
	assert_value(f, "s123", "k49123", "49123");
	dl_strbuf_release(&sb);
}

/* ---- interpolation ---- */

static const char *const here[] = { "here", "/srv/app", NULL };

/* Interpolates entry sec/key; returns 0 or -1, output or bad offset. */
static int
interp(const struct fixture *f, const char *sec, const char *key,
       const char *const *defaults, char **result, size_t *bad)
{
	const struct dl_ini_entry *e = get(f, sec, key);
	struct dl_strbuf out = DL_STRBUF_INIT;
	int r;

	*bad = (size_t)-1;
	r = dl_ini_interpolate(&out, &f->ini, sec, e->value, e->value_len,
			       defaults, bad);
	*result = dl_strbuf_detach(&out, NULL);
	return r;
}

static void
assert_interp(const struct fixture *f, const char *sec, const char *key,
	      const char *const *defaults, const char *expected)
{
	char *got;
	size_t bad;

	assert_int_equal(interp(f, sec, key, defaults, &got, &bad), 0);
	assert_string_equal(got, expected);
	free(got);
}

static void
assert_interp_fails(const struct fixture *f, const char *sec, const char *key,
		    const char *const *defaults, size_t bad_offset)
{
	char *got;
	size_t bad;

	assert_int_equal(interp(f, sec, key, defaults, &got, &bad), -1);
	assert_int_equal(bad, bad_offset);
	/* nothing appended on failure */
	assert_string_equal(got, "");
	free(got);
}

static void
test_interpolate_here_and_percent(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "[alembic]\n"
		 "script_location = %(here)s/alembic\n"
		 "pct = 100%% of %(HERE)s%%\n"
		 "plain = no percent here\n"
		 "multi = %(here)s\n"
		 "   %(plain)s\n"
		 "ref = <%(pct)s>\n");
	assert_no_error(f);
	assert_interp(f, "alembic", "script_location", here,
		      "/srv/app/alembic");
	assert_interp(f, "alembic", "pct", here, "100% of /srv/app%");
	assert_interp(f, "alembic", "plain", NULL, "no percent here");
	assert_interp(f, "alembic", "multi", here,
		      "/srv/app\nno percent here");
	/* a referenced value is interpolated in turn */
	assert_interp(f, "alembic", "ref", here, "<100% of /srv/app%>");
}

static void
test_interpolate_bad_percent(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "[s]\n"
		 "trailing = 50%\n"
		 "letter = ab%d\n"
		 "open = x %(b\n"
		 "emptyname = %()s\n"
		 "nos = %(plain)x\n"
		 "missing = ok %% %(nope)s\n"
		 "plain = p\n");
	assert_no_error(f);
	assert_interp_fails(f, "s", "trailing", NULL, 2);
	assert_interp_fails(f, "s", "letter", NULL, 2);
	assert_interp_fails(f, "s", "open", NULL, 2);
	assert_interp_fails(f, "s", "emptyname", NULL, 0);
	assert_interp_fails(f, "s", "nos", NULL, 0);
	assert_interp_fails(f, "s", "missing", NULL, 6);
}

static void
test_interpolate_nested_error_offset(void **state)
{
	struct fixture *f = *state;

	/* the error inside b is reported at a's reference to b */
	PARSE(f, "[s]\na = ok %(b)s\nb = x%y\n");
	assert_interp_fails(f, "s", "a", NULL, 3);
}

static void
test_interpolate_depth(void **state)
{
	struct fixture *f = *state;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int i;

	/* configparser: v1..v10 each reference the next; v11 is read plain
	 * when it holds no '%', but interpolating it would be depth 11 */
	dl_strbuf_puts(&sb, "[s]\n");
	for (i = 1; i <= 10; i++)
		dl_strbuf_addf(&sb, "v%d = %%(v%d)s\n", i, i + 1);
	dl_strbuf_puts(&sb, "v11 = end\n");
	dl_strbuf_puts(&sb, "[t]\n");
	for (i = 1; i <= 10; i++)
		dl_strbuf_addf(&sb, "v%d = %%(v%d)s\n", i, i + 1);
	dl_strbuf_puts(&sb, "v11 = e%%nd\n");
	dl_strbuf_puts(&sb, "[u]\n");
	for (i = 1; i <= 9; i++)
		dl_strbuf_addf(&sb, "v%d = %%(v%d)s\n", i, i + 1);
	dl_strbuf_puts(&sb, "v10 = e%%nd\n");
	dl_strbuf_puts(&sb, "[self]\na = x%(a)s\n");
	dl_ini_parse(&f->ini, &f->arena, sb.buf, sb.len);
	assert_no_error(f);
	assert_interp(f, "s", "v1", NULL, "end");
	assert_interp_fails(f, "t", "v1", NULL, 0);
	assert_interp(f, "u", "v1", NULL, "e%nd");
	assert_interp_fails(f, "self", "a", NULL, 1);
	dl_strbuf_release(&sb);
}

static void
test_interpolate_lookup_order(void **state)
{
	struct fixture *f = *state;
	static const char *const defs[] = { "Here", "/d", "only", "o", NULL };

	PARSE(f, "[DEFAULT]\nd = dv\nhere = fromdefault\n"
		 "[s]\na = %(here)s %(only)s %(d)s %(b)s\nb = sec\n"
		 "here = fromsection\n"
		 "a2 = %(here)s %(d)s\n"
		 "[t]\nx = %(here)s\n");
	assert_no_error(f);
	/* configparser's order: the section, the file's [DEFAULT], then the
	 * constructor defaults (checked against Python 3.11) */
	assert_interp(f, "s", "a", defs, "fromsection o dv sec");
	assert_interp(f, "s", "a2", NULL, "fromsection dv");
	assert_interp(f, "t", "x", NULL, "fromdefault");
	assert_interp(f, "t", "x", defs, "fromdefault");
	assert_interp_fails(f, "s", "a", NULL, 9);
}

static void
test_interpolate_appends(void **state)
{
	struct fixture *f = *state;
	struct dl_strbuf out = DL_STRBUF_INIT;
	size_t bad = 99;

	PARSE(f, "[s]\nk = v\n");
	dl_strbuf_puts(&out, "pre:");
	assert_int_equal(dl_ini_interpolate(&out, &f->ini, "s", "%(k)s!", 6,
					    NULL, &bad),
			 0);
	assert_string_equal(out.buf, "pre:v!");
	assert_int_equal(dl_ini_interpolate(&out, &f->ini, "s", "x%(k", 4,
					    NULL, &bad),
			 -1);
	assert_int_equal(bad, 1);
	assert_string_equal(out.buf, "pre:v!");
	/* a section that does not exist: only the defaults */
	assert_int_equal(dl_ini_interpolate(&out, &f->ini, "nosuch",
					    "%(here)s", 8, here, &bad),
			 0);
	assert_string_equal(out.buf, "pre:v!/srv/app");
	/* `len` bounds the value: the '%' past it is not read */
	assert_int_equal(dl_ini_interpolate(&out, &f->ini, "s", "ab%", 2,
					    NULL, &bad),
			 0);
	assert_string_equal(out.buf, "pre:v!/srv/appab");
	dl_strbuf_release(&out);
}

static void
test_interpolate_blowup_bounded(void **state)
{
	struct fixture *f = *state;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int i, j;

	/* each level references the next 16 times: 16^9 expansions if
	 * unbounded; the work budget stops it with an error */
	dl_strbuf_puts(&sb, "[s]\n");
	for (i = 1; i <= 9; i++) {
		dl_strbuf_addf(&sb, "v%d = ", i);
		for (j = 0; j < 16; j++)
			dl_strbuf_addf(&sb, "%%(v%d)s", i + 1);
		dl_strbuf_putc(&sb, '\n');
	}
	dl_strbuf_puts(&sb, "v10 = xxxxxxxxxxxxxxxx\n");
	dl_ini_parse(&f->ini, &f->arena, sb.buf, sb.len);
	assert_no_error(f);
	{
		char *got;
		size_t bad;
		assert_int_equal(interp(f, "s", "v1", NULL, &got, &bad), -1);
		assert_true(bad < get(f, "s", "v1")->value_len);
		assert_string_equal(got, "");
		free(got);
	}
	assert_interp(f, "s", "v9", NULL,
		      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		      "xxxxxxxxxxxxxxxx");
	dl_strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alembic_ini, setup, teardown),
		cmocka_unit_test_setup_teardown(test_continuation_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_continuation_indent_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indented_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delimiters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_lowercased, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_section_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_brackets_is_no_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_quirks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parsing_error_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_line_keeps_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_key_across_reopened_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_endings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_python_whitespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interpolate_here_and_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interpolate_bad_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interpolate_nested_error_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interpolate_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interpolate_lookup_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interpolate_appends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interpolate_blowup_bounded, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
