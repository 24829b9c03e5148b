/*
 * Unit tests for the pcre2 wrapper: groups, anchoring, case, compile errors
 * and the match limit that stops catastrophic backtracking.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deploylint/limits.h"
#include "deploylint/regex.h"

static void
test_groups(void **state)
{
	struct dl_regex *re;
	struct dl_regex_span g[4];
	char *err = NULL;
	const char *s = "key = value; other = x";
	(void)state;
	assert_int_equal(dl_regex_compile(&re, "(\\w+) = (\\w+)(z)?", 0, &err), 0);
	assert_int_equal(dl_regex_group_count(re), 3);
	assert_int_equal(dl_regex_match(re, NULL, s, strlen(s), 0, 0, g, 4), 1);
	assert_int_equal(g[0].start, 0);
	assert_int_equal(g[0].end, 11);
	assert_int_equal(g[1].start, 0);
	assert_int_equal(g[1].end, 3);
	assert_int_equal(g[2].start, 6);
	assert_int_equal(g[2].end, 11);
	/* an optional group that did not take part */
	assert_true(g[3].start == DL_REGEX_UNSET && g[3].end == DL_REGEX_UNSET);
	/* search from an offset */
	assert_int_equal(dl_regex_match(re, NULL, s, strlen(s), 12, 0, g, 3), 1);
	assert_int_equal(g[1].start, 13);
	/* the subject length is a hard limit, even mid-string */
	assert_int_equal(dl_regex_match(re, NULL, s, 5, 0, 0, g, 3), 0);
	/* a start past the end never matches */
	assert_int_equal(dl_regex_match(re, NULL, s, 3, 4, 0, g, 1), 0);
	dl_regex_free(re);
}

static void
test_anchor_and_case(void **state)
{
	struct dl_regex *re, *any;
	struct dl_regex_scratch *sc = dl_regex_scratch_new();
	struct dl_regex_span g[1];
	char *err = NULL;
	const char *s = "xx AKIA yy akia";
	(void)state;
	assert_non_null(sc);
	assert_int_equal(dl_regex_compile(&re, "AKIA", DL_REGEX_ANCHOR, &err), 0);
	assert_int_equal(dl_regex_compile(&any, "akia", DL_REGEX_CASELESS, &err), 0);
	/* compiled anchored: only at the start offset */
	assert_int_equal(dl_regex_match(re, sc, s, strlen(s), 0, 0, g, 1), 0);
	assert_int_equal(dl_regex_match(re, sc, s, strlen(s), 3, 0, g, 1), 1);
	assert_int_equal(g[0].start, 3);
	/* case-sensitive unless asked */
	assert_int_equal(dl_regex_match(re, sc, s, strlen(s), 11, 0, g, 1), 0);
	assert_int_equal(dl_regex_match(any, sc, s, strlen(s), 0, 0, g, 1), 1);
	assert_int_equal(g[0].start, 3);
	/* match-time anchoring of an unanchored pattern */
	assert_int_equal(dl_regex_match(any, sc, s, strlen(s), 4, DL_REGEX_ANCHORED, g, 1), 0);
	assert_int_equal(dl_regex_match(any, sc, s, strlen(s), 11, DL_REGEX_ANCHORED, g, 1), 1);
	/* \b sees the byte before the start offset */
	dl_regex_free(re);
	assert_int_equal(dl_regex_compile(&re, "\\bkia", DL_REGEX_ANCHOR, &err), 0);
	assert_int_equal(dl_regex_match(re, sc, s, strlen(s), 12, 0, g, 1), 0);
	dl_regex_free(re);
	dl_regex_free(any);
	dl_regex_scratch_free(sc);
}

static void
test_nul_bytes(void **state)
{
	struct dl_regex *re;
	struct dl_regex_span g[1];
	char *err = NULL;
	const char s[] = "a\0b\0secret";
	(void)state;
	assert_int_equal(dl_regex_compile(&re, "secret", 0, &err), 0);
	assert_int_equal(dl_regex_match(re, NULL, s, sizeof(s) - 1, 0, 0, g, 1), 1);
	assert_int_equal(g[0].start, 4);
	dl_regex_free(re);
}

static void
test_compile_errors(void **state)
{
	struct dl_regex *re = (struct dl_regex *)1;
	char *err = NULL;
	(void)state;
	assert_int_equal(dl_regex_compile(&re, "ab(c", 0, &err), -1);
	assert_null(re);
	assert_non_null(err);
	assert_non_null(strstr(err, "at offset 4"));
	free(err);
	err = NULL;
	/* more capture groups than DL_REGEX_MAX_GROUPS allows */
	assert_int_equal(dl_regex_compile(&re, "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)",
					  0, &err),
			 -1);
	assert_non_null(strstr(err, "capture groups"));
	free(err);
	dl_regex_free(NULL);
	dl_regex_scratch_free(NULL);
}

static void
test_match_limit(void **state)
{
	struct dl_regex *re;
	struct dl_regex_span g[1];
	char *err = NULL, subject[64];
	clock_t t0;
	(void)state;
	/* exponential backtracking without a limit */
	assert_int_equal(dl_regex_compile(&re, "^(a+)+$", 0, &err), 0);
	memset(subject, 'a', sizeof(subject));
	subject[sizeof(subject) - 1] = 'b';
	t0 = clock();
	assert_int_equal(dl_regex_match(re, NULL, subject, sizeof(subject), 0, 0, g, 1), -1);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	dl_regex_free(re);
}

/* DL_REGEX_DEPTH_LIMIT: a match whose backtracking nests thousands of
 * levels deep gives up (-1); the same pattern on a short subject matches.
 * A match-time anchor runs pcre2's interpreter (the JIT ignores the depth
 * limit); 5000 bytes take about 10,000 steps, far below
 * DL_REGEX_MATCH_LIMIT, so only the depth limit can stop it. */
static void
test_depth_limit(void **state)
{
	struct dl_regex *re;
	struct dl_regex_span g[2];
	char *err = NULL, *subject;
	size_t n = 5000;
	(void)state;
	assert_true(n * 2 < DL_REGEX_MATCH_LIMIT);
	assert_int_equal(dl_regex_compile(&re, "(?:(a)|b)*$", 0, &err), 0);
	subject = malloc(n);
	assert_non_null(subject);
	memset(subject, 'a', n);
	assert_int_equal(dl_regex_match(re, NULL, subject, 100, 0, DL_REGEX_ANCHORED, g, 2), 1);
	assert_int_equal(g[0].end, 100);
	assert_int_equal(dl_regex_match(re, NULL, subject, n, 0, DL_REGEX_ANCHORED, g, 2), -1);
	free(subject);
	dl_regex_free(re);
}

/* DL_REGEX_JIT_STACK: a repeated group keeps a JIT frame per repetition.
 * pcre2's default 32 KiB stack fails such a match at about 2000 bytes; the
 * scratch's own stack takes lines of tens of kilobytes (a credential on a
 * long minified line is still found) and fails past DL_REGEX_JIT_STACK. */
static void
test_jit_stack(void **state)
{
	struct dl_regex *re;
	struct dl_regex_scratch *scratch = dl_regex_scratch_new();
	struct dl_regex_span g[1];
	char *err = NULL, *subject;
	size_t n = 4u << 20;
	(void)state;
	assert_non_null(scratch);
	assert_int_equal(dl_regex_compile(&re, "^(?:a|b)*$", 0, &err), 0);
	subject = malloc(n);
	assert_non_null(subject);
	memset(subject, 'a', n);
	assert_int_equal(dl_regex_match(re, scratch, subject, 20000, 0, 0, g, 1), 1);
	assert_int_equal(g[0].end, 20000);
	assert_int_equal(dl_regex_match(re, NULL, subject, 20000, 0, 0, g, 1), 1);
	/* a stack of DL_REGEX_JIT_STACK bytes holds fewer repetitions than
	 * that many bytes */
	assert_int_equal(dl_regex_match(re, scratch, subject, DL_REGEX_JIT_STACK, 0, 0, g, 1), -1);
	free(subject);
	dl_regex_free(re);
	dl_regex_scratch_free(scratch);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_anchor_and_case),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_jit_stack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
