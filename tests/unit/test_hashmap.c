/*
 * Unit tests for the hash map of byte-string keys (deploylint/hashmap.h),
 * dl_strset built on it, and the ASCII case helpers of util.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/hashmap.h"
#include "deploylint/util.h"

/* borrowed string keys with index values, through several growths */
static void
test_borrowed_keys(void **state)
{
	struct dl_hashmap m = DL_HASHMAP_INIT;
	char keys[1000][8];
	size_t i;
	void *v;
	(void)state;

	assert_false(dl_hashmap_get(&m, "a", 1, &v));
	assert_null(dl_hashmap_find(&m, "a", 1));
	for (i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		assert_int_equal(dl_hashmap_add(&m, keys[i], strlen(keys[i]), DL_HASHMAP_VAL(i)), 1);
	}
	assert_int_equal(m.nr, 1000);
	/* at most half full */
	assert_true(m.cap >= 2000 && (m.cap & (m.cap - 1)) == 0);
	for (i = 0; i < 1000; i++) {
		char probe[8];
		snprintf(probe, sizeof(probe), "k%zu", i); /* equal bytes, other storage */
		assert_true(dl_hashmap_get(&m, probe, strlen(probe), &v));
		assert_int_equal(DL_HASHMAP_IDX(v), i);
		/* present: not added again, value kept */
		assert_int_equal(dl_hashmap_add(&m, probe, strlen(probe), DL_HASHMAP_VAL(7)), 0);
		assert_ptr_equal(dl_hashmap_find(&m, probe, strlen(probe))->key, keys[i]);
	}
	assert_int_equal(DL_HASHMAP_IDX(dl_hashmap_find(&m, "k5", 2)->value), 5);
	assert_false(dl_hashmap_get(&m, "k1000", 5, NULL));
	/* a prefix is another key */
	assert_false(dl_hashmap_get(&m, "k1", 1, NULL));
	assert_int_equal(m.nr, 1000);
	dl_hashmap_release(&m);
	assert_int_equal(m.nr, 0);
	assert_false(dl_hashmap_get(&m, "k1", 2, NULL));
	dl_hashmap_release(&m);
}

/* copied keys outlive the caller's buffer; NUL bytes and empty keys count */
static void
test_copied_keys(void **state)
{
	struct dl_hashmap m;
	char buf[16];
	const void *p1 = &m, *p2 = buf;
	struct dl_hashmap_slot *s;
	int is_new = -1;
	size_t pos = 0, seen = 0;
	(void)state;

	dl_hashmap_init(&m, DL_HASHMAP_COPY_KEYS);
	memcpy(buf, "a\0b", 3);
	s = dl_hashmap_slot(&m, buf, 3, &is_new);
	assert_int_equal(is_new, 1);
	assert_null(s->value);
	s->value = buf;
	memset(buf, 'x', sizeof(buf)); /* the map kept its own copy */
	assert_true(dl_hashmap_get(&m, "a\0b", 3, NULL));
	assert_false(dl_hashmap_get(&m, "a\0c", 3, NULL));
	assert_false(dl_hashmap_get(&m, "a", 1, NULL));
	s = dl_hashmap_slot(&m, "a\0b", 3, &is_new);
	assert_int_equal(is_new, 0);
	assert_ptr_equal(s->value, buf);
	/* pointer keys by their bytes */
	assert_int_equal(dl_hashmap_add(&m, &p1, sizeof(p1), NULL), 1);
	assert_int_equal(dl_hashmap_add(&m, &p2, sizeof(p2), NULL), 1);
	assert_int_equal(dl_hashmap_add(&m, &p1, sizeof(p1), NULL), 0);
	/* the empty key */
	assert_int_equal(dl_hashmap_add(&m, "", 0, NULL), 1);
	assert_int_equal(dl_hashmap_add(&m, "zz", 0, NULL), 0);
	assert_int_equal(m.nr, 4);
	while ((s = dl_hashmap_next(&m, &pos)))
		seen++;
	assert_int_equal(seen, 4);
	dl_hashmap_release(&m); /* frees the copies (ASan checks) */
	assert_int_equal(m.flags, DL_HASHMAP_COPY_KEYS);
}

static void
test_hash(void **state)
{
	(void)state;
	/* FNV-1a 64 of "" and "a", folded */
	assert_int_equal(dl_hashmap_hash("", 0), (size_t)(14695981039346656037u ^ (14695981039346656037u >> 32)));
	assert_true(dl_hashmap_hash("ab", 2) != dl_hashmap_hash("ba", 2));
}

static void
test_strset(void **state)
{
	struct dl_strset set = { DL_HASHMAP_INIT };
	size_t i;
	(void)state;
	for (i = 0; i < 200; i++) {
		char key[16];
		snprintf(key, sizeof(key), "s%zu", i % 100);
		assert_int_equal(dl_strset_add(&set, dl_xstrdup(key)), i < 100);
	}
	assert_int_equal(set.map.nr, 100);
	dl_strset_release(&set);
	assert_int_equal(set.map.nr, 0);
	assert_int_equal(dl_strset_add(&set, dl_xstrdup("again")), 1);
	dl_strset_release(&set);
}

static void
test_case_helpers(void **state)
{
	(void)state;
	assert_int_equal(dl_tolower('A'), 'a');
	assert_int_equal(dl_tolower('Z'), 'z');
	assert_int_equal(dl_tolower('['), '[');
	assert_int_equal(dl_tolower(0xC4), 0xC4);
	assert_int_equal(dl_toupper('q'), 'Q');
	assert_int_equal(dl_toupper('{'), '{');
	assert_true(dl_isupper('M') && !dl_isupper('m') && !dl_isupper('@'));
	assert_true(dl_mem_ieq("LocalHost", "localhost", 9));
	assert_false(dl_mem_ieq("LocalHosu", "localhost", 9));
	assert_true(dl_eq_ci("TRUE", 4, "true"));
	assert_false(dl_eq_ci("TRUE", 3, "true"));
	assert_false(dl_eq_ci("TRUEX", 5, "true"));
	assert_true(dl_starts_with_ci("DPG-abc", 7, "dpg-"));
	assert_false(dl_starts_with_ci("dp", 2, "dpg-"));
	assert_true(dl_ends_with_ci("x.NEON.tech", 11, ".neon.tech"));
	assert_false(dl_ends_with_ci("neon.tech", 9, ".neon.tech"));
	assert_true(dl_ends_with_ci("abc", 3, ""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_borrowed_keys),
		cmocka_unit_test(test_copied_keys),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_strset),
		cmocka_unit_test(test_case_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
