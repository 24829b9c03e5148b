/*
 * Unit tests for the emitters: whole outputs for text and github, parsed
 * structure for json and sarif, and the shared UTF-8 sanitiser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "deploylint/emit.h"
#include "deploylint/finding.h"
#include "deploylint/rule.h"
#include "emit/jsonutil.h"

static const struct dl_rule *
rule(const char *id)
{
	const struct dl_rule *r = dl_rule_find(id);
	assert_non_null(r);
	return r;
}

static struct dl_region
region(unsigned line, unsigned col, unsigned end_line, unsigned end_col)
{
	struct dl_region reg;
	reg.line = line;
	reg.col = col;
	reg.end_line = end_line;
	reg.end_col = end_col;
	return reg;
}

/* Runs emitter `name` on `report`; returns the malloc'd output. */
static char *
emit(const char *name, const struct dl_report *report,
     const struct dl_emit_opts *opts)
{
	const struct dl_emitter *e = dl_emitter_find(name);
	struct dl_strbuf out = DL_STRBUF_INIT;

	assert_non_null(e);
	assert_string_equal(e->name, name);
	assert_int_equal(e->emit(&out, report, opts), 0);
	return dl_strbuf_detach(&out, NULL);
}

static void
check_output(const char *name, const struct dl_report *report,
	     const struct dl_emit_opts *opts, const char *expected)
{
	char *got = emit(name, report, opts);
	assert_string_equal(got, expected);
	free(got);
}

/*
 * A small report: an error with a span and a related location, a warning
 * on a line without column, a repo-wide note, and a file-level warning.
 */
static void
sample_report(struct dl_report *r)
{
	struct dl_finding *f;

	dl_report_init(r);
	f = dl_report_add(r, rule("ALM001"), "migrations/versions/b.py",
			  region(3, 8, 3, 13),
			  "revision 'b' is a second head");
	f->context = dl_xstrdup("\tkey = value # x");
	f->fingerprint = dl_xstrdup("0123456789abcdef");
	dl_finding_add_related(f, "migrations/versions/a.py",
			       region(2, 1, 2, 5), "the other head is '%s'", "a");
	dl_report_add(r, rule("ALM009"), "migrations/versions/b.py",
		      region(7, 0, 0, 0), "several bases");
	dl_report_add_level(r, rule("ALM010"), DL_LEVEL_NOTE, "",
			    region(0, 0, 0, 0), "no env.py found");
	dl_report_add(r, rule("ALM009"), "alembic.ini", region(0, 0, 0, 0),
		      "file-level");
}

/* A flush callback that collects what it is handed and counts the calls. */
struct collected {
	struct dl_strbuf all;
	int calls;
	int fail_at; /* the call that fails (1-based), 0: none */
};

static int
collect(struct dl_strbuf *out, void *arg)
{
	struct collected *c = arg;
	c->calls++;
	if (c->fail_at && c->calls == c->fail_at)
		return -1;
	dl_strbuf_put(&c->all, out->buf, out->len);
	dl_strbuf_reset(out);
	return 0;
}

/*
 * With a flush callback every emitter hands its output over in pieces
 * (JSON and SARIF one finding's tree at a time), and the bytes are those of
 * the whole output built in memory; an empty report too; a failed flush
 * makes the emitter fail.
 */
static void
test_streamed_output(void **state)
{
	static const char *const names[] = { "text", "json", "sarif", "github" };
	struct dl_report big, empty;
	size_t i, k;

	(void)state;
	dl_report_init(&big);
	for (i = 0; i < 3000; i++) {
		struct dl_finding *f = dl_report_add(&big, rule(i % 2 ? "ENV005" : "ALM001"),
						     i % 3 ? "a/.env" : "b/x.py",
						     region((unsigned)i + 1, 2, (unsigned)i + 1, 9),
						     "finding number %zu", i);
		f->fingerprint = dl_xstrdup("0123456789abcdef");
		if (i % 7 == 0)
			dl_finding_add_related(f, "c.py", region(4, 1, 4, 2), "related %zu", i);
	}
	dl_report_sort(&big);
	dl_report_init(&empty);
	for (k = 0; k < DL_ARRAY_SIZE(names); k++) {
		struct dl_emit_opts plain = { 0, 1, 2, 1, 0, NULL, NULL };
		struct dl_emit_opts streamed = plain;
		struct collected c = { DL_STRBUF_INIT, 0, 0 };
		const struct dl_emitter *e = dl_emitter_find(names[k]);
		struct dl_strbuf rest = DL_STRBUF_INIT;
		char *whole;

		streamed.flush = collect;
		streamed.flush_arg = &c;
		whole = emit(names[k], &big, &plain);
		assert_int_equal(e->emit(&rest, &big, &streamed), 0);
		/* handed over in pieces, each at least DL_EMIT_FLUSH_SIZE */
		assert_true(c.calls > 1);
		assert_true(c.all.len >= (size_t)c.calls * DL_EMIT_FLUSH_SIZE);
		dl_strbuf_put(&c.all, rest.buf, rest.len);
		assert_int_equal(c.all.len, strlen(whole));
		assert_memory_equal(c.all.buf, whole, c.all.len);
		free(whole);
		dl_strbuf_release(&rest);
		dl_strbuf_release(&c.all);

		/* nothing to hand over: the same bytes as in memory */
		c.calls = 0;
		whole = emit(names[k], &empty, &plain);
		assert_int_equal(e->emit(&rest, &empty, &streamed), 0);
		assert_string_equal(rest.buf ? rest.buf : "", whole);
		free(whole);
		dl_strbuf_release(&rest);

		/* a write error stops the emitter */
		c.calls = 0;
		c.fail_at = 2;
		assert_int_equal(e->emit(&rest, &big, &streamed), -1);
		assert_int_equal(c.calls, 2);
		dl_strbuf_release(&rest);
		dl_strbuf_release(&c.all);
	}
	dl_report_release(&big);
	dl_report_release(&empty);
}

static void
test_registry(void **state)
{
	(void)state;
	assert_non_null(dl_emitter_find("text"));
	assert_non_null(dl_emitter_find("json"));
	assert_non_null(dl_emitter_find("sarif"));
	assert_non_null(dl_emitter_find("github"));
	assert_null(dl_emitter_find("xml"));
	assert_null(dl_emitter_find(""));
	assert_null(dl_emitter_find(NULL));
	assert_string_equal(dl_emitter_names(), "text, json, sarif, github");
}

static void
test_text_plain(void **state)
{
	struct dl_emit_opts opts = { 0, 0, 5, 1, 0, NULL, NULL };
	struct dl_report r;

	(void)state;
	sample_report(&r);
	check_output("text", &r, &opts,
		     "migrations/versions/b.py:3:8: error[ALM001] revision 'b' is a second head\n"
		     "migrations/versions/b.py:7: warning[ALM009] several bases\n"
		     "note[ALM010] no env.py found\n"
		     "alembic.ini: warning[ALM009] file-level\n"
		     "1 error, 2 warnings, 1 note in 2 files\n");
	dl_report_release(&r);
}

static void
test_text_empty(void **state)
{
	struct dl_emit_opts opts = { 1, 1, 3, 1, 0, NULL, NULL };
	struct dl_report r;

	(void)state;
	dl_report_init(&r);
	check_output("text", &r, &opts, "no problems found\n");
	dl_report_release(&r);
}

static void
test_text_singular(void **state)
{
	struct dl_emit_opts opts = { 0, 0, 1, 1, 0, NULL, NULL };
	struct dl_report r;

	(void)state;
	dl_report_init(&r);
	dl_report_add(&r, rule("ALM009"), "a.ini", region(1, 1, 0, 0), "w");
	dl_report_add(&r, rule("ALM009"), "a.ini", region(2, 1, 0, 0), "w");
	dl_report_add(&r, rule("ALM001"), "", region(0, 0, 0, 0), "e");
	check_output("text", &r, &opts,
		     "a.ini:1:1: warning[ALM009] w\n"
		     "a.ini:2:1: warning[ALM009] w\n"
		     "error[ALM001] e\n"
		     "1 error, 2 warnings, 0 notes in 1 file\n");
	dl_report_release(&r);
}

static void
test_text_context(void **state)
{
	struct dl_emit_opts opts = { 0, 1, 5, 1, 0, NULL, NULL };
	struct dl_report r;
	struct dl_finding *f;

	(void)state;
	sample_report(&r);
	/* a caret without a span, and a span running past the line's end */
	f = dl_report_add(&r, rule("ALM004"), "alembic.ini", region(4, 3, 0, 0),
			  "placeholder");
	f->context = dl_xstrdup("a = driver://\r\n");
	f = dl_report_add_level(&r, rule("ALM006"), DL_LEVEL_ERROR, "alembic.ini", region(5, 5, 5, 40),
				"percent");
	f->context = dl_xstrdup("x = 1%");
	/* a span over several lines gets a caret only */
	f = dl_report_add(&r, rule("ALM002"), "alembic.ini", region(6, 2, 8, 1),
			  "multi");
	f->context = dl_xstrdup("abc");
	check_output("text", &r, &opts,
		     "migrations/versions/b.py:3:8: error[ALM001] revision 'b' is a second head\n"
		     "    \tkey = value # x\n"
		     "    \t      ^~~~~\n"
		     "    migrations/versions/a.py:2:1: note: the other head is 'a'\n"
		     "migrations/versions/b.py:7: warning[ALM009] several bases\n"
		     "note[ALM010] no env.py found\n"
		     "alembic.ini: warning[ALM009] file-level\n"
		     "alembic.ini:4:3: error[ALM004] placeholder\n"
		     "    a = driver://\n"
		     "      ^\n"
		     "alembic.ini:5:5: error[ALM006] percent\n"
		     "    x = 1%\n"
		     "        ^~\n"
		     "alembic.ini:6:2: error[ALM002] multi\n"
		     "    abc\n"
		     "     ^\n"
		     "4 errors, 2 warnings, 1 note in 2 files\n");
	dl_report_release(&r);
}

static void
test_text_color(void **state)
{
	struct dl_emit_opts opts = { 1, 1, 5, 1, 0, NULL, NULL };
	struct dl_report r;

	(void)state;
	sample_report(&r);
	check_output("text", &r, &opts,
		     "\033[1mmigrations/versions/b.py:3:8:\033[0m \033[1;31merror\033[0m[ALM001] revision 'b' is a second head\n"
		     "    \tkey = value # x\n"
		     "    \t      \033[32m^~~~~\033[0m\n"
		     "    \033[1mmigrations/versions/a.py:2:1:\033[0m \033[1;36mnote\033[0m: the other head is 'a'\n"
		     "\033[1mmigrations/versions/b.py:7:\033[0m \033[1;33mwarning\033[0m[ALM009] several bases\n"
		     "\033[1;36mnote\033[0m[ALM010] no env.py found\n"
		     "\033[1malembic.ini:\033[0m \033[1;33mwarning\033[0m[ALM009] file-level\n"
		     "1 error, 2 warnings, 1 note in 2 files\n");
	dl_report_release(&r);
}

static void
test_text_escapes(void **state)
{
	struct dl_emit_opts opts = { 0, 1, 1, 1, 0, NULL, NULL };
	struct dl_report r;
	struct dl_finding *f;

	(void)state;
	dl_report_init(&r);
	f = dl_report_add(&r, rule("ALM001"), "evil\033[31m\n.ini",
			  region(1, 7, 1, 9), "bad\rname\x7f \xc2\x9b x \xff\tok \xc3\xa9");
	/* the caret stays under "xy" after the escaped ESC and é */
	f->context = dl_xstrdup("\033\xc3\xa9 = xy\x01");
	dl_finding_add_related(f, "b\033.ini", region(0, 0, 0, 0), "m\n");
	check_output("text", &r, &opts,
		     "evil\\x1b[31m\\n.ini:1:7: error[ALM001] bad\\rname\\x7f \\xc2\\x9b x \\xff\tok \xc3\xa9\n"
		     "    \\x1b\xc3\xa9 = xy\\x01\n"
		     "            ^~\n"
		     "    b\\x1b.ini: note: m\\n\n"
		     "1 error, 0 warnings, 0 notes in 1 file\n");
	dl_report_release(&r);
}

static void
test_github(void **state)
{
	struct dl_emit_opts opts = { 0, 0, 5, 1, 0, NULL, NULL };
	struct dl_report r;

	(void)state;
	sample_report(&r);
	dl_report_add_level(&r, rule("ALM002"), DL_LEVEL_NOTE,
			    "we%ird:na,me\n::error \"q\".yaml", region(1, 2, 1, 4),
			    "100%% sure,\r\nreally: \"yes\"::x\033");
	check_output("github", &r, &opts,
		     "::error file=migrations/versions/b.py,line=3,col=8,endLine=3,endColumn=13,title=deploylint ALM001::revision 'b' is a second head\n"
		     "::warning file=migrations/versions/b.py,line=7,title=deploylint ALM009::several bases\n"
		     "::notice title=deploylint ALM010::no env.py found\n"
		     "::warning file=alembic.ini,title=deploylint ALM009::file-level\n"
		     "::notice file=we%25ird%3Ana%2Cme%0A%3A%3Aerror \"q\".yaml,line=1,col=2,endLine=1,endColumn=4,title=deploylint ALM002::100%25 sure,%0D%0Areally: \"yes\"::x%1B\n");
	dl_report_release(&r);
}

static void
test_github_empty(void **state)
{
	struct dl_emit_opts opts = { 0, 0, 0, 1, 0, NULL, NULL };
	struct dl_report r;

	(void)state;
	dl_report_init(&r);
	check_output("github", &r, &opts, "");
	dl_report_release(&r);
}

static json_t *
parse(const char *text)
{
	json_error_t jerr;
	json_t *j;
	size_t len = strlen(text);

	assert_true(len > 0);
	assert_int_equal(text[len - 1], '\n');
	j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		fail_msg("invalid JSON: %s at line %d", jerr.text, jerr.line);
	return j;
}

static const char *
str_at(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static json_int_t
int_at(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void
assert_keys(json_t *obj, const char *const *keys)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	assert_true(json_is_object(obj));
	json_object_foreach(obj, key, v)
	{
		assert_non_null(keys[i]);
		assert_string_equal(key, keys[i]);
		i++;
	}
	assert_null(keys[i]);
}

static json_t *
get_path(json_t *j, const char *path)
{
	/* dotted keys; a number selects an array element */
	char *copy = dl_xstrdup(path), *p = copy;

	while (j && *p) {
		size_t n = strcspn(p, ".");
		char save = p[n];
		p[n] = '\0';
		if (json_is_array(j))
			j = json_array_get(j, (size_t)strtoul(p, NULL, 10));
		else
			j = json_object_get(j, p);
		p += n;
		if (save)
			p++;
	}
	free(copy);
	assert_non_null(j);
	return j;
}

static const char *
str_path(json_t *j, const char *path)
{
	json_t *v = get_path(j, path);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static json_int_t
int_path(json_t *j, const char *path)
{
	json_t *v = get_path(j, path);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void
test_json(void **state)
{
	static const char *const root_keys[] = {
		"version", "tool", "findings", "summary", NULL
	};
	static const char *const finding_keys[] = {
		"rule", "level", "path", "line", "column", "endLine",
		"endColumn", "message", "fingerprint", "related", NULL
	};
	static const char *const related_keys[] = {
		"path", "line", "column", "endLine", "endColumn", "message", NULL
	};
	struct dl_emit_opts opts = { 0, 0, 5, 1, 0, NULL, NULL };
	struct dl_report r;
	json_t *j, *findings, *f, *rel, *summary;
	char *out;

	(void)state;
	sample_report(&r);
	dl_report_add(&r, rule("ALM002"), "bad\xff\xfe.py", region(1, 1, 1, 2),
		      "bad \xc0\xaf utf8 \xed\xa0\x80 \xe2\x82");
	out = emit("json", &r, &opts);
	j = parse(out);
	assert_keys(j, root_keys);
	assert_string_equal(str_at(j, "version"), "1");
	assert_string_equal(str_at(json_object_get(j, "tool"), "name"), "deploylint");
	assert_true(strlen(str_at(json_object_get(j, "tool"), "version")) > 0);

	findings = json_object_get(j, "findings");
	assert_int_equal(json_array_size(findings), 5);
	f = json_array_get(findings, 0);
	assert_keys(f, finding_keys);
	assert_string_equal(str_at(f, "rule"), "ALM001");
	assert_string_equal(str_at(f, "level"), "error");
	assert_string_equal(str_at(f, "path"), "migrations/versions/b.py");
	assert_int_equal(int_at(f, "line"), 3);
	assert_int_equal(int_at(f, "column"), 8);
	assert_int_equal(int_at(f, "endLine"), 3);
	assert_int_equal(int_at(f, "endColumn"), 13);
	assert_string_equal(str_at(f, "message"), "revision 'b' is a second head");
	assert_string_equal(str_at(f, "fingerprint"), "0123456789abcdef");
	assert_int_equal(json_array_size(json_object_get(f, "related")), 1);
	rel = json_array_get(json_object_get(f, "related"), 0);
	assert_keys(rel, related_keys);
	assert_string_equal(str_at(rel, "path"), "migrations/versions/a.py");
	assert_int_equal(int_at(rel, "line"), 2);
	assert_int_equal(int_at(rel, "column"), 1);
	assert_int_equal(int_at(rel, "endLine"), 2);
	assert_int_equal(int_at(rel, "endColumn"), 5);
	assert_string_equal(str_at(rel, "message"), "the other head is 'a'");

	f = json_array_get(findings, 2);
	assert_keys(f, finding_keys);
	assert_string_equal(str_at(f, "level"), "note");
	assert_string_equal(str_at(f, "path"), "");
	assert_int_equal(int_at(f, "line"), 0);
	assert_true(json_is_null(json_object_get(f, "fingerprint")));
	assert_int_equal(json_array_size(json_object_get(f, "related")), 0);

	f = json_array_get(findings, 4);
	assert_string_equal(str_at(f, "path"), "bad\xef\xbf\xbd\xef\xbf\xbd.py");
	assert_string_equal(str_at(f, "message"),
			    "bad \xef\xbf\xbd\xef\xbf\xbd utf8 "
			    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd");

	summary = json_object_get(j, "summary");
	assert_int_equal(int_at(summary, "errors"), 2);
	assert_int_equal(int_at(summary, "warnings"), 2);
	assert_int_equal(int_at(summary, "notes"), 1);
	assert_int_equal(json_object_size(summary), 3);

	json_decref(j);
	free(out);
	dl_report_release(&r);
}

static void
test_json_empty(void **state)
{
	struct dl_emit_opts opts = { 0, 0, 0, 1, 0, NULL, NULL };
	struct dl_strbuf expected = DL_STRBUF_INIT;
	struct dl_report r;
	char *out;
	json_t *j;

	(void)state;
	dl_report_init(&r);
	out = emit("json", &r, &opts);
	j = parse(out);
	dl_strbuf_addf(&expected,
		       "{\n"
		       "  \"version\": \"1\",\n"
		       "  \"tool\": {\n"
		       "    \"name\": \"deploylint\",\n"
		       "    \"version\": \"%s\"\n"
		       "  },\n"
		       "  \"findings\": [],\n"
		       "  \"summary\": {\n"
		       "    \"errors\": 0,\n"
		       "    \"warnings\": 0,\n"
		       "    \"notes\": 0\n"
		       "  }\n"
		       "}\n",
		       str_path(j, "tool.version"));
	assert_string_equal(out, expected.buf);
	dl_strbuf_release(&expected);
	json_decref(j);
	free(out);
	dl_report_release(&r);
}

static void
test_sarif(void **state)
{
	struct dl_emit_opts opts = { 0, 0, 5, 0, 0, NULL, NULL };
	struct dl_report r;
	const struct dl_rule *all;
	struct dl_strbuf uri = DL_STRBUF_INIT;
	json_t *j, *run, *rules, *results, *res;
	const char *version, *home;
	size_t i, count;
	char *out;

	(void)state;
	sample_report(&r);
	dl_report_add(&r, rule("ALM007"), "dir/a b%#.txt", region(1, 1, 1, 2),
		      "bad \xff utf8");
	dl_report_add(&r, rule("ALM008"), "c:x/\xc3\xa9?\x01", region(4, 2, 0, 0),
		      "odd name");
	out = emit("sarif", &r, &opts);
	j = parse(out);

	assert_string_equal(str_path(j, "$schema"),
			    "https://json.schemastore.org/sarif-2.1.0.json");
	assert_string_equal(str_path(j, "version"), "2.1.0");
	assert_int_equal(json_array_size(get_path(j, "runs")), 1);
	run = get_path(j, "runs.0");
	assert_string_equal(str_path(run, "tool.driver.name"), "deploylint");
	/* DL_VERSION and DL_HOMEPAGE are private to the core library */
	version = str_path(run, "tool.driver.version");
	assert_true(strlen(version) > 0);
	assert_string_equal(str_path(run, "tool.driver.semanticVersion"), version);
	home = str_path(run, "tool.driver.informationUri");
	assert_true(strncmp(home, "https://", 8) == 0);
	assert_null(json_object_get(run, "columnKind"));

	/* every registered rule, in registry order */
	all = dl_rules(&count);
	rules = get_path(run, "tool.driver.rules");
	assert_int_equal(json_array_size(rules), count);
	for (i = 0; i < count; i++) {
		json_t *rj = json_array_get(rules, i);
		char *full = NULL;
		const char *doc = dl_rule_doc(all[i].id);

		assert_string_equal(str_path(rj, "id"), all[i].id);
		assert_string_equal(str_path(rj, "name"), all[i].name);
		assert_string_equal(str_path(rj, "shortDescription.text"),
				    all[i].summary);
		if (dl_rule_full_description(&full, all[i].id) == 0 && *full)
			assert_string_equal(str_path(rj, "fullDescription.text"), full);
		else
			assert_string_equal(str_path(rj, "fullDescription.text"),
					    all[i].summary);
		free(full);
		assert_string_equal(str_path(rj, "help.text"),
				    doc ? doc : all[i].summary);
		assert_string_equal(str_path(rj, "help.markdown"),
				    doc ? doc : all[i].summary);
		dl_strbuf_reset(&uri);
		dl_strbuf_addf(&uri, "%s/blob/main/rules/%s.md", home, all[i].id);
		assert_string_equal(str_path(rj, "helpUri"), uri.buf);
		assert_string_equal(str_path(rj, "defaultConfiguration.level"),
				    dl_level_name(all[i].level));
	}

	assert_null(json_object_get(get_path(run, "originalUriBaseIds.%SRCROOT%"),
				    "uri"));
	assert_string_equal(str_path(run, "originalUriBaseIds.%SRCROOT%.description.text"),
			    "The root of the scanned repository.");
	assert_true(json_is_false(get_path(run, "invocations.0.executionSuccessful")));

	results = get_path(run, "results");
	assert_int_equal(json_array_size(results), r.nr);
	for (i = 0; i < r.nr; i++) {
		const struct dl_finding *f = r.findings[i];
		res = json_array_get(results, i);
		assert_string_equal(str_path(res, "ruleId"), f->rule->id);
		assert_int_equal(int_path(res, "ruleIndex"), dl_rule_index(f->rule));
		assert_string_equal(
			str_path(json_array_get(rules, dl_rule_index(f->rule)), "id"),
			f->rule->id);
		assert_string_equal(str_path(res, "level"), dl_level_name(f->level));
	}

	/* a full location with related locations and a fingerprint */
	res = json_array_get(results, 0);
	assert_string_equal(str_path(res, "message.text"),
			    "revision 'b' is a second head");
	assert_int_equal(json_array_size(get_path(res, "locations")), 1);
	assert_string_equal(str_path(res, "locations.0.physicalLocation.artifactLocation.uri"),
			    "migrations/versions/b.py");
	assert_string_equal(str_path(res, "locations.0.physicalLocation.artifactLocation.uriBaseId"),
			    "%SRCROOT%");
	assert_int_equal(int_path(res, "locations.0.physicalLocation.region.startLine"), 3);
	assert_int_equal(int_path(res, "locations.0.physicalLocation.region.startColumn"), 8);
	assert_int_equal(int_path(res, "locations.0.physicalLocation.region.endLine"), 3);
	assert_int_equal(int_path(res, "locations.0.physicalLocation.region.endColumn"), 13);
	assert_int_equal(int_path(res, "relatedLocations.0.id"), 0);
	assert_string_equal(str_path(res, "relatedLocations.0.physicalLocation.artifactLocation.uri"),
			    "migrations/versions/a.py");
	assert_int_equal(int_path(res, "relatedLocations.0.physicalLocation.region.startLine"), 2);
	assert_string_equal(str_path(res, "relatedLocations.0.message.text"),
			    "the other head is 'a'");
	assert_string_equal(str_path(res, "partialFingerprints.deploylintFingerprint/v1"),
			    "0123456789abcdef");

	/* a line without column or end: only startLine */
	res = json_array_get(results, 1);
	assert_int_equal(json_object_size(get_path(res,
						   "locations.0.physicalLocation.region")),
			 1);
	assert_null(json_object_get(res, "relatedLocations"));
	assert_null(json_object_get(res, "partialFingerprints"));

	/* repo-wide: no locations */
	res = json_array_get(results, 2);
	assert_string_equal(str_path(res, "level"), "note");
	assert_null(json_object_get(res, "locations"));

	/* file-level: the first line */
	res = json_array_get(results, 3);
	assert_int_equal(json_object_size(get_path(res,
						   "locations.0.physicalLocation.region")),
			 1);
	assert_int_equal(int_path(res, "locations.0.physicalLocation.region.startLine"), 1);

	/* percent-encoding and UTF-8 repair */
	res = json_array_get(results, 4);
	assert_string_equal(str_path(res, "locations.0.physicalLocation.artifactLocation.uri"),
			    "dir/a%20b%25%23.txt");
	assert_string_equal(str_path(res, "message.text"), "bad \xef\xbf\xbd utf8");
	res = json_array_get(results, 5);
	assert_string_equal(str_path(res, "locations.0.physicalLocation.artifactLocation.uri"),
			    "c%3Ax/%C3%A9%3F%01");

	dl_strbuf_release(&uri);
	json_decref(j);
	free(out);
	dl_report_release(&r);
}

static void
test_sarif_empty(void **state)
{
	struct dl_emit_opts opts = { 0, 0, 0, 1, 0, NULL, NULL };
	struct dl_report r;
	json_t *j;
	char *out;

	(void)state;
	dl_report_init(&r);
	out = emit("sarif", &r, &opts);
	j = parse(out);
	assert_int_equal(json_array_size(get_path(j, "runs.0.results")), 0);
	assert_true(json_is_true(get_path(j, "runs.0.invocations.0.executionSuccessful")));
	json_decref(j);
	free(out);
	dl_report_release(&r);
}

static void
check_sanitize(const char *in, size_t len, const char *expected,
	       size_t expected_len)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	dl_utf8_sanitize(&sb, in, len);
	assert_int_equal(sb.len, expected_len);
	assert_memory_equal(sb.buf, expected, sb.len);
	dl_strbuf_release(&sb);
}

#define FFFD "\xef\xbf\xbd"
/* string literals only: their lengths come from sizeof */
#define CHECK_SANITIZE(in, expected) \
	check_sanitize(in, sizeof(in) - 1, expected, sizeof(expected) - 1)

static void
test_utf8_sanitize(void **state)
{
	(void)state;
	CHECK_SANITIZE("", "");
	CHECK_SANITIZE("plain ascii", "plain ascii");
	CHECK_SANITIZE("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
		       "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	CHECK_SANITIZE("\xef\xbf\xbf\xf4\x8f\xbf\xbf",
		       "\xef\xbf\xbf\xf4\x8f\xbf\xbf");
	/* lone continuation bytes and invalid lead bytes: one each */
	CHECK_SANITIZE("a\x80\xbf"
		       "b",
		       "a" FFFD FFFD "b");
	CHECK_SANITIZE("\xc0\xaf\xc1\xbf", FFFD FFFD FFFD FFFD);
	CHECK_SANITIZE("\xf5\xff\xfe", FFFD FFFD FFFD);
	/* overlong, surrogate and out of range: the lead byte alone */
	CHECK_SANITIZE("\xe0\x80\xaf", FFFD FFFD FFFD);
	CHECK_SANITIZE("\xed\xa0\x80", FFFD FFFD FFFD);
	CHECK_SANITIZE("\xf0\x8f\xbf\xbf", FFFD FFFD FFFD FFFD);
	CHECK_SANITIZE("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	/* truncated sequences: one replacement for the maximal subpart */
	CHECK_SANITIZE("\xe2\x82", FFFD);
	CHECK_SANITIZE("\xf0\x9f\x98x", FFFD "x");
	CHECK_SANITIZE("\xe2\x82\xe2\x82\xac", FFFD "\xe2\x82\xac");
	/* NUL bytes are kept */
	CHECK_SANITIZE("a\0b", "a\0b");
	assert_int_equal(dl_utf8_seq_len("\xe2\x82\xac", 3), 3);
	assert_int_equal(dl_utf8_seq_len("\xe2\x82\xac", 2), 0);
	assert_int_equal(dl_utf8_seq_len("A", 1), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_text_plain),
		cmocka_unit_test(test_text_empty),
		cmocka_unit_test(test_text_singular),
		cmocka_unit_test(test_text_context),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_escapes),
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_github_empty),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_empty),
		cmocka_unit_test(test_utf8_sanitize),
		cmocka_unit_test(test_streamed_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
