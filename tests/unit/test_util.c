/*
 * Unit tests for strbuf, arena, path helpers, classification and the rule
 * registry helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "deploylint/kind.h"
#include "deploylint/limits.h"
#include "deploylint/rule.h"
#include "deploylint/util.h"

static void
test_strbuf(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	char *s;
	size_t len;
	(void)state;
	assert_string_equal(sb.buf, "");
	dl_strbuf_put(&sb, "a\0b", 3);
	dl_strbuf_addf(&sb, "%d-%s", 42, "x");
	assert_int_equal(sb.len, 7);
	assert_memory_equal(sb.buf, "a\0b42-x", 8);
	dl_strbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	dl_strbuf_puts(&sb, "keep");
	s = dl_strbuf_detach(&sb, &len);
	assert_string_equal(s, "keep");
	assert_int_equal(len, 4);
	assert_string_equal(sb.buf, "");
	free(s);
	s = dl_strbuf_detach(&sb, NULL); /* never NULL, even when empty */
	assert_string_equal(s, "");
	free(s);
}

/* Growing a string buffer past DL_MAX_STRBUF is an internal error: the
 * process exits with code 3 (checked in a child process) before allocating. */
static void
test_strbuf_limit(void **state)
{
	pid_t pid;
	int status = 0;
	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		if (!freopen("/dev/null", "w", stderr))
			_exit(97);
		dl_strbuf_puts(&sb, "x");
		dl_strbuf_grow(&sb, DL_MAX_STRBUF - 1); /* len + extra + 1 > limit */
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
}

/* "Did you mean": words of DL_MAX_SUGGEST_LEN bytes are compared; longer
 * ones get no suggestion. */
static void
test_suggest_len_limit(void **state)
{
	char entry[DL_MAX_SUGGEST_LEN + 2], word[DL_MAX_SUGGEST_LEN + 2];
	const char *words[2] = { entry, NULL };
	(void)state;
	memset(entry, 'k', DL_MAX_SUGGEST_LEN);
	entry[DL_MAX_SUGGEST_LEN] = '\0';
	memcpy(word, entry, DL_MAX_SUGGEST_LEN + 1);
	word[DL_MAX_SUGGEST_LEN - 1] = 'x';
	assert_int_equal(dl_edit_distance(word, entry), 1);
	assert_ptr_equal(dl_nearest_word(words, word), entry);
	/* one byte longer, both: far apart, no suggestion */
	entry[DL_MAX_SUGGEST_LEN] = 'k';
	entry[DL_MAX_SUGGEST_LEN + 1] = '\0';
	word[DL_MAX_SUGGEST_LEN - 1] = 'k';
	word[DL_MAX_SUGGEST_LEN] = 'x';
	word[DL_MAX_SUGGEST_LEN + 1] = '\0';
	assert_true(dl_edit_distance(word, entry) == SIZE_MAX);
	assert_true(dl_edit_distance(entry, entry) == SIZE_MAX);
	assert_null(dl_nearest_word(words, word));
}

static void
test_arena(void **state)
{
	struct dl_arena a;
	size_t i;
	char *big;
	(void)state;
	dl_arena_init(&a);
	for (i = 0; i < 10000; i++) {
		char *p = dl_arena_strndup(&a, "abcdef", 3);
		assert_string_equal(p, "abc");
	}
	big = dl_arena_alloc(&a, 1u << 20);
	assert_int_equal(big[(1u << 20) - 1], 0);
	assert_string_equal(dl_arena_strdup(&a, "after big"), "after big");
	dl_arena_release(&a);
	assert_null(a.head);
}

static void
check_join(const char *a, const char *b, const char *want)
{
	char *p = dl_path_join(a, b);
	assert_string_equal(p, want);
	free(p);
}

static void
test_paths(void **state)
{
	char *d;
	(void)state;
	check_join("", "alembic", "alembic");
	check_join("backend", "alembic", "backend/alembic");
	check_join("backend", "./alembic/", "backend/alembic");
	check_join("a/b", "../c", "a/c");
	check_join("a", "../../c", "../c");
	check_join("a", "/abs", "/abs");
	check_join("/", "../x", "/x");
	check_join("a", "b/../../..", "..");
	d = dl_path_dirname("a/b/c.py");
	assert_string_equal(d, "a/b");
	free(d);
	d = dl_path_dirname("c.py");
	assert_string_equal(d, "");
	free(d);
	assert_string_equal(dl_path_basename("a/b/c.py"), "c.py");
	assert_true(dl_path_is_under("a/b", "a"));
	assert_true(dl_path_is_under("a", "a"));
	assert_false(dl_path_is_under("ab", "a"));
	assert_true(dl_path_is_under("x", ""));
	assert_false(dl_path_is_under("../x", ""));
	assert_false(dl_path_is_under("/x", ""));
}

static void
test_classify(void **state)
{
	(void)state;
	assert_int_equal(dl_classify_path("render.yaml"), DL_KIND_RENDER_YAML);
	assert_int_equal(dl_classify_path("backend/render.yml"), DL_KIND_RENDER_YAML);
	assert_int_equal(dl_classify_path(".env"), DL_KIND_DOTENV);
	assert_int_equal(dl_classify_path("x/.env.production"), DL_KIND_DOTENV);
	assert_int_equal(dl_classify_path(".envrc"), DL_KIND_TEXT);
	assert_int_equal(dl_classify_path("alembic.ini"), DL_KIND_ALEMBIC_INI);
	assert_int_equal(dl_classify_path("migrations/env.py"), DL_KIND_ALEMBIC_ENV_PY);
	assert_int_equal(dl_classify_path("requirements-dev.txt"), DL_KIND_REQUIREMENTS);
	assert_int_equal(dl_classify_path("requirements/base.txt"), DL_KIND_REQUIREMENTS);
	assert_int_equal(dl_classify_path("notes.txt"), DL_KIND_TEXT);
	assert_int_equal(dl_classify_path("build.sh"), DL_KIND_SHELL);
	assert_int_equal(dl_classify_path("Procfile"), DL_KIND_PROCFILE);
	assert_int_equal(dl_classify_path("runtime.txt"), DL_KIND_RUNTIME_TXT);
	assert_int_equal(dl_classify_path(".python-version"), DL_KIND_PYTHON_VERSION);
	assert_int_equal(dl_classify_path("pyproject.toml"), DL_KIND_PYPROJECT);
	assert_int_equal(dl_classify_path("app/main.py"), DL_KIND_PYTHON);
	assert_int_equal(dl_classify_path(".github/workflows/ci.yml"), DL_KIND_YAML);
	assert_string_equal(dl_kind_name(DL_KIND_RENDER_YAML), "render-yaml");
}

static void
test_selectors(void **state)
{
	char *bad = NULL;
	size_t n, i;
	const struct dl_rule *rules = dl_rules(&n);
	(void)state;
	assert_true(dl_rule_selector_matches("ALM", "ALM001"));
	assert_true(dl_rule_selector_matches("ENV001, ALM001", "ALM001"));
	assert_false(dl_rule_selector_matches("ALM00", "ALM001"));
	assert_false(dl_rule_selector_matches("AL", "ALM001"));
	assert_true(dl_rule_selector_matches("PARSE", "PARSE001"));
	assert_false(dl_rule_selector_matches("", "ALM001"));
	assert_int_equal(dl_rule_selector_validate("ALM,PARSE001", &bad), 0);
	assert_int_equal(dl_rule_selector_validate("ALM,XYZ999", &bad), -1);
	assert_string_equal(bad, "XYZ999");
	free(bad);
	/* the registry is sorted by id and every rule is documented */
	for (i = 0; i < n; i++) {
		char *full = NULL;
		if (i)
			assert_true(strcmp(rules[i - 1].id, rules[i].id) < 0);
		assert_ptr_equal(dl_rule_find(rules[i].id), &rules[i]);
		assert_int_equal(dl_rule_index(&rules[i]), i);
		assert_non_null(dl_rule_doc(rules[i].id));
		assert_int_equal(dl_rule_full_description(&full, rules[i].id), 0);
		assert_true(strlen(full) > 20);
		assert_null(strchr(full, '\n'));
		free(full);
		/* code-scanning metadata: every rule has a row (meta.def) */
		{
			const struct dl_rule_meta *m = dl_rule_meta(&rules[i]);
			if (!m)
				fail_msg("%s has no row in src/rules/meta.def", rules[i].id);
			assert_string_equal(m->id, rules[i].id);
			/* secret rules are security rules */
			if (!strncmp(rules[i].id, "SEC", 3))
				assert_non_null(m->security_severity);
		}
	}
	assert_null(dl_rule_find("ALM005"));
	assert_string_equal(dl_precision_name(DL_PRECISION_VERY_HIGH), "very-high");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_strbuf_limit),
		cmocka_unit_test(test_suggest_len_limit),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_selectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
