/*
 * Unit tests for the family table (src/rules/checks.c): every rule a
 * family reports is declared on a row, so that selecting it runs that
 * family; selections pick the families, in table order, with their
 * visitors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "deploylint/util.h"
#include "rules/check.h"

/* The rules the selector list `sel` names are enabled. */
static const char *sel;

static int
selected(const struct dl_rule *rule, void *payload)
{
	(void)payload;
	return dl_rule_selector_matches(sel, rule->id);
}

static void
pick(struct dl_checker_set *set, const char *list)
{
	sel = list;
	dl_checkers_select(set, selected, NULL);
}

static void
test_every_rule_has_a_family(void **state)
{
	size_t n, i, k, nc;
	const struct dl_rule *rules = dl_rules(&n);
	const struct dl_checker *c = dl_checkers(&nc);
	(void)state;

	for (i = 0; i < n; i++) {
		int claimed = 0;
		/* suppressions are judged after the families; PARSE002 is a
		 * limit any stage may note */
		if (!strncmp(rules[i].id, "SUP", 3) || !strcmp(rules[i].id, "PARSE002"))
			continue;
		sel = rules[i].id;
		for (k = 0; k < nc; k++)
			claimed += dl_checker_needed(&c[k], selected, NULL);
		if (!claimed)
			fail_msg("rule %s is declared on no family's row", rules[i].id);
	}
}

/* The families of `set`, each followed by a space. */
static const char *
names(const struct dl_checker_set *set, struct dl_strbuf *sb)
{
	size_t i;
	dl_strbuf_reset(sb);
	for (i = 0; i < set->nr; i++)
		dl_strbuf_addf(sb, "%s ", set->v[i]->name);
	return sb->buf;
}

static void
test_select(void **state)
{
	struct dl_checker_set set;
	struct dl_strbuf buf = DL_STRBUF_INIT;
	size_t n;
	(void)state;

	pick(&set, "ENV001");
	assert_string_equal(names(&set, &buf), "env ");
	assert_int_equal(set.work.nr, 0);
	assert_false(set.work.secrets); /* ENV needs no secret scan */

	pick(&set, "ENV010");
	assert_string_equal(names(&set, &buf), "env ");
	assert_int_equal(set.work.nr, 1);
	assert_ptr_equal(set.work.v[0], &dl_env_reads);
	assert_true(set.work.secrets); /* its visitor reads the DL_FEAT_* words */

	pick(&set, "SEC002,REQ003");
	assert_string_equal(names(&set, &buf), "req-driver sec ");
	assert_true(set.work.secrets); /* REQ003: the model's DB part */

	/* REQ003 is not a DB rule: selecting DB001 does not run it */
	pick(&set, "DB001");
	assert_string_equal(names(&set, &buf), "db ");

	pick(&set, "PARSE001");
	assert_string_equal(names(&set, &buf), "parse alembic req pkg ");
	assert_false(set.work.secrets);

	pick(&set, "DB001");
	assert_true(set.work.secrets); /* DB's keyword pre-filter */
	pick(&set, "SEC001");
	assert_true(set.work.secrets);

	pick(&set, "SUP001,PARSE002");
	assert_int_equal(set.nr, 0);

	pick(&set, "ALM,CMD,DB,ENV,GIT,PARSE,PY,REQ,RND,SEC");
	dl_checkers(&n);
	assert_int_equal(set.nr, n);
	assert_string_equal(names(&set, &buf),
			    "parse alembic env db req-driver py req pkg rnd cmd git sec ");
	assert_int_equal(set.work.nr, 2); /* env-reads, py-imports */

	/* the py-imports visitor runs for PY010/PY011 only */
	pick(&set, "PY001");
	assert_string_equal(names(&set, &buf), "py ");
	assert_int_equal(set.work.nr, 0);
	pick(&set, "PY011");
	assert_int_equal(set.work.nr, 1);
	assert_string_equal(set.work.v[0]->name, "py-imports");
	assert_true(set.work.secrets); /* its files are picked by the DL_FEAT_* words */
	dl_strbuf_release(&buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule_has_a_family),
		cmocka_unit_test(test_select),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
