/*
 * Unit tests for PEP 440 versions and specifier sets. The expected values
 * of the tables were produced with Python's packaging 23.0
 * (Version(), Version comparison, SpecifierSet(...).contains()).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/pep440.h"
#include "deploylint/util.h"

static const struct {
	const char *in, *normal; /* "" = packaging raises InvalidVersion */
} versions[] = {
	{ "1.0", "1.0" },
	{ "v1.0", "1.0" },
	{ "V1.0", "1.0" },
	{ " 1.0 ", "1.0" },
	{ "1.0.0", "1.0.0" },
	{ "1!2.0", "1!2.0" },
	{ "1.0a1", "1.0a1" },
	{ "1.0alpha1", "1.0a1" },
	{ "1.0.a.1", "1.0a1" },
	{ "1.0-a-1", "1.0a1" },
	{ "1.0a", "1.0a0" },
	{ "1.0b2", "1.0b2" },
	{ "1.0beta2", "1.0b2" },
	{ "1.0c1", "1.0rc1" },
	{ "1.0rc1", "1.0rc1" },
	{ "1.0pre1", "1.0rc1" },
	{ "1.0preview1", "1.0rc1" },
	{ "1.0RC1", "1.0rc1" },
	{ "1.0.post1", "1.0.post1" },
	{ "1.0-1", "1.0.post1" },
	{ "1.0post", "1.0.post0" },
	{ "1.0.rev2", "1.0.post2" },
	{ "1.0r3", "1.0.post3" },
	{ "1.0-post-4", "1.0.post4" },
	{ "1.0.dev1", "1.0.dev1" },
	{ "1.0dev", "1.0.dev0" },
	{ "1.0-dev-2", "1.0.dev2" },
	{ "1.0a1.dev1", "1.0a1.dev1" },
	{ "1.0.post1.dev2", "1.0.post1.dev2" },
	{ "1.0+local", "1.0+local" },
	{ "1.0+LOCAL.1", "1.0+local.1" },
	{ "1.0+a-b_c", "1.0+a.b.c" },
	{ "1.0+01", "1.0+1" },
	{ "2.0.23", "2.0.23" },
	{ "2.0.31", "2.0.31" },
	{ "1.0.", "" },
	{ "1..0", "" },
	{ "1.0+", "" },
	{ "1.0+a..b", "" },
	{ "a1.0", "" },
	{ "1.0 extra", "" },
	{ "", "" },
	{ "1.0_1", "" },
	{ "1.0a1-1", "1.0a1.post1" },
	{ "01.02.003", "1.2.3" },
	{ "1.0.0.0.0.0", "1.0.0.0.0.0" },
};

static const struct {
	const char *a, *b;
	int sign;
} comparisons[] = {
	{ "1.0", "1.0.0", 0 },
	{ "1.0a1", "1.0", -1 },
	{ "1.0.dev1", "1.0a1", -1 },
	{ "1.0a1.dev1", "1.0a1", -1 },
	{ "1.0", "1.0.post1", -1 },
	{ "1.0.post1.dev1", "1.0.post1", -1 },
	{ "1.0.post1.dev1", "1.0", 1 },
	{ "1.0+local", "1.0", 1 },
	{ "1.0+1", "1.0+a", 1 },
	{ "1.0+a.1", "1.0+a", 1 },
	{ "1.0+2", "1.0+10", -1 },
	{ "1!0.1", "2.0", 1 },
	{ "1.0rc1", "1.0c1", 0 },
	{ "2.0.23", "2.0.31", -1 },
	{ "2.0.30", "2.0.4", 1 },
	{ "1.0b1", "1.0a9", 1 },
	{ "1.0.0.1", "1.0", 1 },
	{ "1.0.dev1", "1.0.post1.dev1", -1 },
	{ "1.0+abc", "1.0+abd", -1 },
	{ "1.0+1.0", "1.0+1", 1 },
};

static const struct {
	const char *spec, *version;
	int contains; /* -1: the specifier set is invalid */
} contains[] = {
	{ "==2.0.23", "2.0.23", 1 },
	{ "==2.0.23", "2.0.23+local", 1 },
	{ "==2.0.23+local", "2.0.23", 0 },
	{ "==2.0.*", "2.0.31", 1 },
	{ "==2.0.*", "2.1", 0 },
	{ "==2.*", "2.0.0rc1", 0 },
	{ "==2.0.*", "2", 1 },
	{ "!=2.0.*", "2.0.5", 0 },
	{ "~=2.0.20", "2.0.31", 1 },
	{ "~=2.0.20", "2.1.0", 0 },
	{ "~=2.0", "2.9", 1 },
	{ "~=2.0", "3.0", 0 },
	{ ">=2.0.31", "2.0.31", 1 },
	{ ">=2.0.31", "2.0.31rc1", 0 },
	{ ">2.0", "2.0.post1", 0 },
	{ ">2.0", "2.0.1", 1 },
	{ ">2.0", "2.0+local", 0 },
	{ ">2.0.post1", "2.0.post2", 1 },
	{ "<2.0", "2.0rc1", 0 },
	{ "<2.0rc2", "2.0rc1", 0 },
	{ "<2.0", "1.9", 1 },
	{ "<=2.0", "2.0+local", 1 },
	{ ">=1.4,<2.0", "1.4.53", 1 },
	{ ">=1.4,<2.0", "2.0.0", 0 },
	{ "", "1.0", 1 },
	{ "", "1.0a1", 0 },
	{ ">=1.0a1", "1.0a2", 1 },
	{ ">=1.0", "1.1a1", 0 },
	{ "===1.0", "1.0", 1 },
	{ "===1.0", "1.0.0", 0 },
	{ "==1.0.0", "1.0", 1 },
	{ "!=1.0", "1.0.0", 0 },
	{ ">= 1.0 , < 2", "1.5", 1 },
	{ "==1!1.0", "1.0", 0 },
	{ "<3,>1", "2.0.dev1", 0 },
};

static const struct {
	const char *spec;
	int valid;
} validity[] = {
	{ "=2.0", 0 },
	{ "==", 0 },
	{ "== 2.0 3", 0 },
	{ "~=2", 0 },
	{ "~=2.0+local", 0 },
	{ "<2.0+local", 0 },
	{ ">=2.0.*", 0 },
	{ "==2.0.*.1", 0 },
	{ "==2.0a1.*", 0 },
	{ "2.0", 0 },
	{ "=>2.0", 0 },
	{ "==2.0,,<3", 1 },
};

static void
test_parse_and_normalise(void **state)
{
	size_t k;
	(void)state;
	for (k = 0; k < sizeof(versions) / sizeof(versions[0]); k++) {
		struct dl_pep440_version v;
		int r = dl_pep440_parse_str(&v, versions[k].in);
		if (!versions[k].normal[0]) {
			if (r != -1)
				fail_msg("'%s' should be invalid", versions[k].in);
			continue;
		}
		if (r != 0)
			fail_msg("'%s' should parse", versions[k].in);
		{
			struct dl_strbuf sb = DL_STRBUF_INIT;
			dl_pep440_format(&sb, &v);
			if (strcmp(sb.buf, versions[k].normal) != 0)
				fail_msg("'%s' normalised to '%s', expected '%s'",
					 versions[k].in, sb.buf, versions[k].normal);
			dl_strbuf_release(&sb);
		}
	}
}

static void
test_compare(void **state)
{
	size_t k;
	(void)state;
	for (k = 0; k < sizeof(comparisons) / sizeof(comparisons[0]); k++) {
		struct dl_pep440_version a, b;
		int r;
		assert_int_equal(dl_pep440_parse_str(&a, comparisons[k].a), 0);
		assert_int_equal(dl_pep440_parse_str(&b, comparisons[k].b), 0);
		r = dl_pep440_cmp(&a, &b);
		r = (r > 0) - (r < 0);
		if (r != comparisons[k].sign)
			fail_msg("cmp(%s, %s) = %d, expected %d", comparisons[k].a,
				 comparisons[k].b, r, comparisons[k].sign);
		r = dl_pep440_cmp(&b, &a);
		r = (r > 0) - (r < 0);
		assert_int_equal(r, -comparisons[k].sign);
	}
}

static void
test_contains(void **state)
{
	size_t k;
	(void)state;
	for (k = 0; k < sizeof(contains) / sizeof(contains[0]); k++) {
		struct dl_arena arena;
		struct dl_pep440_specset set;
		struct dl_pep440_version v;
		int r;

		dl_arena_init(&arena);
		r = dl_pep440_specset_parse(&set, &arena, contains[k].spec,
					    strlen(contains[k].spec), NULL);
		if (contains[k].contains < 0) {
			assert_int_equal(r, -1);
		} else {
			if (r != 0)
				fail_msg("'%s' should parse", contains[k].spec);
			assert_int_equal(dl_pep440_parse_str(&v, contains[k].version), 0);
			r = dl_pep440_specset_admits(&set, &v, -1);
			if (r != contains[k].contains)
				fail_msg("'%s' contains %s: %d, expected %d", contains[k].spec,
					 contains[k].version, r, contains[k].contains);
		}
		dl_arena_release(&arena);
	}
}

static void
test_validity(void **state)
{
	size_t k;
	(void)state;
	for (k = 0; k < sizeof(validity) / sizeof(validity[0]); k++) {
		struct dl_arena arena;
		struct dl_pep440_specset set;
		size_t bad = 99;
		int r;
		dl_arena_init(&arena);
		r = dl_pep440_specset_parse(&set, &arena, validity[k].spec,
					    strlen(validity[k].spec), &bad);
		if ((r == 0) != validity[k].valid)
			fail_msg("'%s': valid %d, expected %d", validity[k].spec, r == 0,
				 validity[k].valid);
		if (r != 0)
			assert_true(bad < strlen(validity[k].spec) + 1);
		dl_arena_release(&arena);
	}
}

/* Parses `spec` into *set from `arena` (asserting success). */
static void
spec(struct dl_pep440_specset *set, struct dl_arena *arena, const char *s)
{
	assert_int_equal(dl_pep440_specset_parse(set, arena, s, strlen(s), NULL), 0);
}

static struct dl_pep440_version
ver(const char *s)
{
	struct dl_pep440_version v;
	assert_int_equal(dl_pep440_parse_str(&v, s), 0);
	return v;
}

static void
test_item_offsets(void **state)
{
	struct dl_arena arena;
	struct dl_pep440_specset set;
	(void)state;
	dl_arena_init(&arena);
	spec(&set, &arena, " >=1.4 , <2.0");
	assert_int_equal(set.nr, 2);
	assert_int_equal(set.items[0].op, DL_PEP440_GE);
	assert_int_equal(set.items[0].offset, 1);
	assert_int_equal(set.items[0].len, 5);
	assert_string_equal(set.items[0].text, "1.4");
	assert_int_equal(set.items[1].op, DL_PEP440_LT);
	assert_int_equal(set.items[1].offset, 9);
	dl_arena_release(&arena);
}

static void
test_pinned(void **state)
{
	struct dl_arena arena;
	struct dl_pep440_specset set;
	struct dl_pep440_version v;
	(void)state;
	dl_arena_init(&arena);
	spec(&set, &arena, "==2.0.23");
	assert_int_equal(dl_pep440_specset_pinned(&set, &v), 1);
	assert_int_equal(v.release[2], 23);
	spec(&set, &arena, ">=2.0,==2.0.23,<3");
	assert_int_equal(dl_pep440_specset_pinned(&set, &v), 1);
	spec(&set, &arena, "==2.0.*");
	assert_int_equal(dl_pep440_specset_pinned(&set, &v), 0);
	spec(&set, &arena, ">=2.0.23");
	assert_int_equal(dl_pep440_specset_pinned(&set, &v), 0);
	/* a pin the other items refuse pins nothing */
	spec(&set, &arena, "==2.0.23,>=2.0.30");
	assert_int_equal(dl_pep440_specset_pinned(&set, &v), 0);
	dl_arena_release(&arena);
}

static void
test_caps_below(void **state)
{
	struct dl_arena arena;
	struct dl_pep440_specset set;
	struct dl_pep440_version min = ver("2.0.31");
	static const struct {
		const char *spec;
		int caps;
	} cases[] = {
		{ "==2.0.23", 1 },
		{ "==2.0.31", 0 },
		{ "==2.0.40", 0 },
		{ "<2.0.31", 1 },
		{ "<2.0.32", 0 },
		{ "<=2.0.30", 1 },
		{ "<=2.0.31", 0 },
		{ "==2.0.*", 0 },
		{ "==1.4.*", 1 },
		{ "==2.1.*", 0 },
		{ "~=2.0.20", 0 },
		{ "~=1.4.40", 1 },
		{ "~=1.4", 1 },
		{ "~=2.0", 0 },
		{ ">=1.0", 0 },
		{ "", 0 },
		{ "!=2.0.31", 0 },
		{ ">=1.4,<2.0", 1 },
	};
	size_t k;
	(void)state;
	dl_arena_init(&arena);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		spec(&set, &arena, cases[k].spec);
		if (dl_pep440_specset_caps_below(&set, &min) != cases[k].caps)
			fail_msg("caps_below('%s', 2.0.31) != %d", cases[k].spec, cases[k].caps);
	}
	dl_arena_release(&arena);
}

static void
test_lower_bound(void **state)
{
	struct dl_arena arena;
	struct dl_pep440_specset set;
	struct dl_pep440_version v;
	int excl = -1;
	(void)state;
	dl_arena_init(&arena);
	spec(&set, &arena, ">=1.4,>1.4.5,<2");
	assert_int_equal(dl_pep440_specset_lower_bound(&set, &v, &excl), 1);
	assert_int_equal(v.release[2], 5);
	assert_int_equal(excl, 1);
	spec(&set, &arena, "~=2.0.20");
	assert_int_equal(dl_pep440_specset_lower_bound(&set, &v, &excl), 1);
	assert_int_equal(v.release[2], 20);
	assert_int_equal(excl, 0);
	spec(&set, &arena, "<2,!=1.5");
	assert_int_equal(dl_pep440_specset_lower_bound(&set, &v, &excl), 0);
	dl_arena_release(&arena);
}

static void
test_conflict(void **state)
{
	struct dl_arena arena;
	struct dl_pep440_specset a, b;
	static const struct {
		const char *a, *b;
		int conflict;
	} cases[] = {
		{ "==2.0.23", ">=2.0.36", 1 },
		{ "==2.0.23", "==2.0.23", 0 },
		{ "==2.0.23", "<3", 0 },
		{ ">=1.0", "<1.0", 1 },
		{ ">=1.0", "<2.0", 0 },
		{ ">1.9", "<2", 0 },
		{ "==1.4.*", ">=2.0", 1 },
		{ "~=2.0.20", "<2.0.20", 1 },
		{ "", "==1.0", 0 },
		{ "!=1.0", "==1.0", 1 },
	};
	size_t k;
	(void)state;
	dl_arena_init(&arena);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		spec(&a, &arena, cases[k].a);
		spec(&b, &arena, cases[k].b);
		if (dl_pep440_specsets_conflict(&a, &b) != cases[k].conflict)
			fail_msg("conflict('%s', '%s') != %d", cases[k].a, cases[k].b,
				 cases[k].conflict);
		assert_int_equal(dl_pep440_specsets_conflict(&b, &a), cases[k].conflict);
	}
	dl_arena_release(&arena);
}

static void
test_huge_numbers(void **state)
{
	struct dl_pep440_version v;
	(void)state;
	assert_int_equal(dl_pep440_parse_str(&v, "1.999999999999999999"), 0);
	assert_int_equal(dl_pep440_parse_str(&v, "1.99999999999999999999999"), -1);
	assert_int_equal(dl_pep440_parse_str(&v, "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16"), 0);
	assert_int_equal(dl_pep440_parse_str(&v, "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17"), -1);
}

/* DL_MAX_PEP440_SPECS items parse; one more makes the set invalid. */
static void
test_spec_limit(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_arena arena;
	struct dl_pep440_specset set;
	size_t i, bad = 99;
	(void)state;
	dl_arena_init(&arena);
	for (i = 0; i < DL_MAX_PEP440_SPECS; i++)
		dl_strbuf_addf(&sb, "%s!=1.%zu", i ? "," : "", i);
	assert_int_equal(dl_pep440_specset_parse(&set, &arena, sb.buf, sb.len, &bad), 0);
	assert_int_equal(set.nr, DL_MAX_PEP440_SPECS);
	assert_string_equal(set.items[DL_MAX_PEP440_SPECS - 1].text, "1.63");
	dl_strbuf_addf(&sb, ",!=1.%u", DL_MAX_PEP440_SPECS);
	assert_int_equal(dl_pep440_specset_parse(&set, &arena, sb.buf, sb.len, &bad), -1);
	assert_int_equal(bad, 0);
	dl_strbuf_release(&sb);
	dl_arena_release(&arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_normalise),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_item_offsets),
		cmocka_unit_test(test_pinned),
		cmocka_unit_test(test_caps_below),
		cmocka_unit_test(test_lower_bound),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_spec_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
