/*
 * Unit tests for the catalogue built from the user's structured
 * configuration (dl_secrets_load_user, dl_secrets_catalogue in
 * src/secrets/): it equals the catalogue the same entries gave when they
 * were written out as YAML and loaded with dl_secrets_load_extra (the way
 * deploylint built it before), field by field; keywordless and broken
 * entries give the notes they gave; placeholder words match anywhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "deploylint/secrets.h"
#include "deploylint/util.h"

static const char *const acme_keywords[] = { "ACME_", "acme-" };
static const char *const zed_keywords[] = { "zed" };

/* Two formats as .deploylint.yaml's secret-patterns would give them. */
static const struct dl_secret_user_format user[] = {
	{ "acme-token", NULL, "acme[_-]([a-z]{12})", "warning", NULL, acme_keywords, 2, 3.3, 1 },
	{ "zed-key", "Zed API key", "zed:[0-9]{6}", NULL, "https://example.invalid/zed",
	  zed_keywords, 1, 0, 0 },
};

/* What the configuration used to be turned into: the same entries as YAML
 * (entropy written to hundredths, truncated: 3.3 became 3.29). */
static const char user_yaml[] = "formats:\n"
				"  - id: \"acme-token\"\n"
				"    name: \"acme-token\"\n"
				"    rule: SEC003\n"
				"    level: warning\n"
				"    anchor: line\n"
				"    keywords: [\"acme_\", \"acme-\"]\n"
				"    pattern: \"acme[_-]([a-z]{12})\"\n"
				"    group: 1\n"
				"    entropy: 3.29\n"
				"    source: \"cfg.yaml\"\n"
				"  - id: \"zed-key\"\n"
				"    name: \"Zed API key\"\n"
				"    rule: SEC003\n"
				"    level: error\n"
				"    anchor: line\n"
				"    keywords: [\"zed\"]\n"
				"    pattern: \"zed:[0-9]{6}\"\n"
				"    group: 0\n"
				"    source: \"https://example.invalid/zed\"\n";

static const char *const words[] = { "NotReal", "x*y" };

static struct dl_secrets *
load_as_yaml(void)
{
	struct dl_strbuf ph = DL_STRBUF_INIT;
	struct dl_secrets *s = NULL;
	char *err = NULL;

	dl_strbuf_put(&ph, dl_placeholders_text(), dl_placeholders_len());
	dl_strbuf_puts(&ph, "\n[any]\n*notreal*\n*x\\*y*\n");
	assert_int_equal(dl_secrets_load_extra(&s, dl_secrets_yaml_text(), dl_secrets_yaml_len(),
					       user_yaml, strlen(user_yaml), ph.buf, ph.len, &err),
			 0);
	dl_strbuf_release(&ph);
	return s;
}

static void
test_same_as_yaml(void **state)
{
	struct dl_secrets *a = NULL, *b = load_as_yaml();
	char *err = NULL;
	size_t i, k;
	(void)state;

	assert_int_equal(dl_secrets_load_user(&a, user, 2, "cfg.yaml", words, 2, &err), 0);
	assert_null(err);
	assert_int_equal(dl_secrets_count(a), dl_secrets_count(b));
	assert_int_equal(dl_secrets_count(a), dl_secrets_count(dl_secrets_builtin()) + 2);
	for (i = 0; i < dl_secrets_count(a); i++) {
		const struct dl_secret_format *x = dl_secrets_format(a, i), *y = dl_secrets_format(b, i);
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->name, y->name);
		assert_ptr_equal(x->rule, y->rule);
		assert_int_equal(x->level, y->level);
		assert_int_equal(x->anchor, y->anchor);
		assert_string_equal(x->pattern, y->pattern);
		assert_int_equal(x->group, y->group);
		assert_int_equal(x->prefix, y->prefix);
		assert_true(x->entropy == y->entropy); /* the same double */
		assert_true(x->entropy_hex == y->entropy_hex);
		assert_int_equal(x->check, y->check);
		assert_string_equal(x->source, y->source);
		assert_int_equal(x->keywords_nr, y->keywords_nr);
		for (k = 0; k < x->keywords_nr; k++)
			assert_string_equal(x->keywords[k], y->keywords[k]);
	}
	i = dl_secrets_count(a) - 2;
	assert_string_equal(dl_secrets_format(a, i)->name, "acme-token");   /* the id */
	assert_string_equal(dl_secrets_format(a, i)->source, "cfg.yaml");   /* the origin */
	assert_string_equal(dl_secrets_format(a, i)->keywords[0], "acme_"); /* lower case */
	assert_true(dl_secrets_format(a, i)->entropy > 3.28 && dl_secrets_format(a, i)->entropy < 3.291);
	assert_string_equal(dl_secrets_format(a, i)->rule->id, "SEC003");

	/* placeholder words: anywhere in a value, any case; '*' is literal */
	{
		static const char *const values[] = { "abcNOTREALdef", "notreal", "xAy-12345678",
						      "x*y", "prefix-X*Y-suffix", "Zq7Xv2Lm9Np4" };
		for (k = 0; k < DL_ARRAY_SIZE(values); k++)
			assert_int_equal(dl_secrets_is_placeholder(a, values[k], strlen(values[k]), 0, 0),
					 dl_secrets_is_placeholder(b, values[k], strlen(values[k]), 0, 0));
		assert_true(dl_secrets_is_placeholder(a, "abcNOTREALdef", 13, 0, 0));
		assert_true(dl_secrets_is_placeholder(a, "prefix-X*Y-suffix", 17, 0, 0));
		assert_false(dl_secrets_is_placeholder(a, "xAy-12345678", 12, 0, 0));
	}
	dl_secrets_free(a);
	dl_secrets_free(b);
}

/* The user's format finds its secret (and the built-in ones still work). */
static void
test_scan(void **state)
{
	struct dl_secrets *a = NULL;
	struct dl_secret_scratch *sc;
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	char *err = NULL;
	const char line[] = "token = \"acme_qwertyuiopas\"\n";
	(void)state;

	assert_int_equal(dl_secrets_load_user(&a, user, 2, "cfg.yaml", NULL, 0, &err), 0);
	sc = dl_secret_scratch_new(a);
	assert_non_null(sc);
	dl_secrets_scan(a, sc, "app/settings.py", line, strlen(line), &hits);
	assert_int_equal(hits.nr, 1);
	assert_string_equal(hits.v[0].format->id, "acme-token");
	assert_int_equal(hits.v[0].level, DL_LEVEL_WARNING);
	assert_int_equal(hits.v[0].col, 15); /* group 1: after "acme_" */
	dl_secret_hits_release(&hits);
	dl_secret_scratch_free(sc);
	dl_secrets_free(a);
}

/* dl_secrets_catalogue: built-in when nothing is added; notes as before. */
static void
test_catalogue_notes(void **state)
{
	struct dl_strbuf notes = DL_STRBUF_INIT;
	struct dl_secrets *owned = (struct dl_secrets *)1;
	struct dl_secret_user_format bad[2];
	const struct dl_secrets *s;
	(void)state;

	s = dl_secrets_catalogue(NULL, 0, "cfg.yaml", NULL, 0, &notes, &owned);
	assert_ptr_equal(s, dl_secrets_builtin());
	assert_null(owned);
	assert_int_equal(notes.len, 0);

	/* no keywords: left out with a note; the rest loads */
	bad[0] = user[1];
	bad[0].keywords_nr = 0;
	bad[1] = user[0];
	s = dl_secrets_catalogue(bad, 2, "cfg.yaml", NULL, 0, &notes, &owned);
	assert_non_null(owned);
	assert_ptr_equal(s, owned);
	assert_int_equal(dl_secrets_count(s), dl_secrets_count(dl_secrets_builtin()) + 1);
	assert_string_equal(notes.buf,
			    "secret pattern zed-key has no keywords (the literals that must occur on a line for it to run): ignored\n");
	dl_secrets_free(owned);
	dl_strbuf_reset(&notes);

	/* a pattern that does not compile: the built-in catalogue, and why */
	bad[0] = user[1];
	bad[0].pattern = "zed:(";
	s = dl_secrets_catalogue(bad, 1, "cfg.yaml", NULL, 0, &notes, &owned);
	assert_null(owned);
	assert_ptr_equal(s, dl_secrets_builtin());
	assert_non_null(strstr(notes.buf, "cfg.yaml: secret patterns ignored: format zed-key: pattern does not compile: "));
	dl_strbuf_reset(&notes);

	/* an id the built-in catalogue has */
	bad[0] = user[1];
	bad[0].id = dl_secrets_format(dl_secrets_builtin(), 0)->id;
	s = dl_secrets_catalogue(bad, 1, "cfg.yaml", NULL, 0, &notes, &owned);
	assert_null(owned);
	assert_non_null(strstr(notes.buf, ": duplicate id\n"));
	dl_strbuf_reset(&notes);

	/* a keyword that is not printable ASCII, a group the pattern lacks */
	{
		static const char *const spaced[] = { "zed key" };
		bad[0] = user[1];
		bad[0].keywords = spaced;
		s = dl_secrets_catalogue(bad, 1, "cfg.yaml", NULL, 0, &notes, &owned);
		assert_null(owned);
		assert_non_null(strstr(notes.buf, "keyword 'zed key' must be lower-case printable ASCII"));
		dl_strbuf_reset(&notes);
		bad[0] = user[1];
		bad[0].group = 2;
		s = dl_secrets_catalogue(bad, 1, "cfg.yaml", NULL, 0, &notes, &owned);
		assert_null(owned);
		assert_non_null(strstr(notes.buf, "format zed-key: the pattern has no group 2"));
	}

	/* placeholder words alone make a catalogue of their own */
	dl_strbuf_reset(&notes);
	s = dl_secrets_catalogue(NULL, 0, "cfg.yaml", words, 1, &notes, &owned);
	assert_non_null(owned);
	assert_int_equal(notes.len, 0);
	assert_true(dl_secrets_is_placeholder(s, "my-notreal-value", 16, 0, 0));
	assert_false(dl_secrets_is_placeholder(dl_secrets_builtin(), "my-notreal-value", 16, 0, 0));
	dl_secrets_free(owned);
	dl_strbuf_release(&notes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_yaml),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_catalogue_notes),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	dl_secrets_builtin_release();
	return rc;
}
