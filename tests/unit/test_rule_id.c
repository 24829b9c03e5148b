/*
 * Unit tests for the rule ids as compile-time constants (src/rules/rule_id.h):
 * enum dl_rule_id and the registry table are built from the same .def rows,
 * so DL_RULE_<ID> must index the row whose id is "<ID>".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "deploylint/rule.h"
#include "rules/rule_id.h"

/* every .def row: its enumerator names the row with its own id string */
static void
test_enum_matches_table(void **state)
{
	size_t n, i, rows = 0;
	const struct dl_rule *rules = dl_rules(&n);
	(void)state;

	assert_int_equal(n, DL_RULE_COUNT);
#define DL_RULE(id_, name_, level_, flags_, summary_)                             \
	do {                                                                      \
		assert_string_equal(dl_rule_get(DL_RULE_##id_)->id, #id_);        \
		assert_string_equal(dl_rule_get(DL_RULE_##id_)->name, name_);     \
		assert_int_equal(dl_rule_get(DL_RULE_##id_)->level, level_);      \
		assert_string_equal(dl_rule_id_str(DL_RULE_##id_), #id_);         \
		assert_ptr_equal(dl_rule_find(#id_), dl_rule_get(DL_RULE_##id_)); \
		rows++;                                                           \
	} while (0);
#include "rules/all.def"
#undef DL_RULE
	assert_int_equal(rows, n);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(dl_rule_get((enum dl_rule_id)i), &rules[i]);
		assert_int_equal(dl_rule_index(dl_rule_get((enum dl_rule_id)i)), i);
	}
}

/* a few fixed points, so that a reordered .def is noticed */
static void
test_known_ids(void **state)
{
	(void)state;
	assert_int_equal(DL_RULE_ALM001, 0);
	assert_string_equal(dl_rule_id_str(DL_RULE_ENV001), "ENV001");
	assert_string_equal(dl_rule_id_str(DL_RULE_PARSE002), "PARSE002");
	assert_string_equal(dl_rule_id_str(DL_RULE_SUP002), "SUP002");
	assert_int_equal(DL_RULE_SUP002, DL_RULE_COUNT - 1);
	assert_true(DL_RULE_DB012 < DL_RULE_ENV001);
	assert_ptr_equal(dl_rule_find("env001"), dl_rule_get(DL_RULE_ENV001));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enum_matches_table),
		cmocka_unit_test(test_known_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
