/*
 * Unit tests for the secrets module: the built-in catalogue (every pattern
 * compiles and finds a sample of its format), placeholders and documented
 * examples, checks, overlaps, positions, masking, fingerprints, SHA-256 and
 * catalogue errors. Samples are assembled at run time from a seeded
 * generator so that this file holds no credential-shaped literal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/regex.h"
#include "deploylint/secrets.h"
#include "deploylint/util.h"
#include "rules/data.h"
#include "secrets/internal.h"

static const char ALNUM[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char UPPER32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
static const char HEX[] = "0123456789abcdef";
static const char URLSAFE[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
static const char DIGITS[] = "0123456789";
static const char LETTERS[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static uint32_t seed = 12345;

/* Appends n pseudo-random characters of `set` (xorshift; deterministic). */
static void
rnd(struct dl_strbuf *sb, const char *set, size_t n)
{
	size_t k = strlen(set), i;
	for (i = 0; i < n; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		dl_strbuf_putc(sb, set[seed % k]);
	}
}

static const struct dl_secret_format *
format_by_id(const struct dl_secrets *s, const char *id)
{
	size_t i;
	for (i = 0; i < dl_secrets_count(s); i++)
		if (!strcmp(dl_secrets_format(s, i)->id, id))
			return dl_secrets_format(s, i);
	fail_msg("no format %s", id);
	return NULL;
}

/* Scans text as `path`; returns the number of hits and the first one. */
static size_t
scan(const char *path, const char *text, struct dl_secret_hit *first)
{
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_secret_scratch *sc = dl_secret_scratch_new(s);
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	size_t n;
	dl_secrets_scan(s, sc, path, text, strlen(text), &hits);
	n = hits.nr;
	if (first && n) {
		*first = hits.v[0];
		first->label = NULL;
	}
	dl_secret_hits_release(&hits);
	dl_secret_scratch_free(sc);
	return n;
}

static void
test_catalogue(void **state)
{
	const struct dl_secrets *s = dl_secrets_builtin();
	size_t i, k;
	(void)state;
	assert_non_null(s);
	assert_true(dl_secrets_count(s) >= 25);
	for (i = 0; i < dl_secrets_count(s); i++) {
		const struct dl_secret_format *f = dl_secrets_format(s, i);
		assert_non_null(f->re); /* compiled once, at load */
		assert_non_null(f->rule);
		assert_true(f->keywords_nr > 0);
		assert_true(strlen(f->source) > 10);
		for (k = 0; k < f->keywords_nr; k++) {
			const char *p;
			for (p = f->keywords[k]; *p; p++)
				assert_false(*p >= 'A' && *p <= 'Z');
		}
		/* compiling again from the catalogue's text works too */
		{
			struct dl_regex *re;
			char *err = NULL;
			assert_int_equal(dl_regex_compile(&re, f->pattern, 0, &err), 0);
			dl_regex_free(re);
		}
	}
	assert_null(dl_secrets_format(s, dl_secrets_count(s)));
}

struct sample {
	const char *id;
	const char *prefix;
	const char *set;
	size_t n;
	const char *suffix; /* appended after the random part */
};

/* One generated sample per format, found in a .env-style line. */
static void
test_every_format_finds_its_sample(void **state)
{
	static const struct sample samples[] = {
		{ "aws-access-key-id", "AKIA", UPPER32, 16, "" },
		{ "github-pat", "ghp_", ALNUM, 36, "" },
		{ "github-oauth-token", "gho_", ALNUM, 36, "" },
		{ "github-app-token", "ghs_", ALNUM, 36, "" },
		{ "gitlab-pat", "glpat-", ALNUM, 20, "" },
		{ "stripe-live-key", "sk_live_", ALNUM, 40, "" },
		{ "stripe-test-key", "rk_test_", ALNUM, 40, "" },
		{ "google-api-key", "AIza", URLSAFE, 35, "" },
		{ "npm-token", "npm_", ALNUM, 36, "" },
		{ "heroku-api-key", "HRKU-AA", ALNUM, 58, "" },
		{ "mailgun-api-key", "key-", HEX, 32, "" },
		{ "render-api-key", "rnd_", ALNUM, 28, "" },
		{ "anthropic-api-key", "sk-ant-api03-", URLSAFE, 93, "AA" },
		{ "huggingface-token", "hf_", LETTERS, 34, "" },
		{ "shopify-token", "shpat_", HEX, 32, "" },
		{ "databricks-token", "dapi", HEX, 32, "" },
		{ "linear-api-key", "lin_api_", ALNUM, 40, "" },
		{ "vault-token", "hvs.", URLSAFE, 90, "" },
		{ "doppler-token", "dp.pt.", ALNUM, 43, "" },
		{ "sentry-token", "sntryu_", HEX, 64, "" },
		{ "groq-api-key", "gsk_", ALNUM, 52, "" },
		{ "google-oauth-client-secret", "GOCSPX-", URLSAFE, 28, "" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < DL_ARRAY_SIZE(samples); i++) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		struct dl_secret_hit h;
		size_t n;
		dl_strbuf_puts(&sb, "VALUE=");
		dl_strbuf_puts(&sb, samples[i].prefix);
		rnd(&sb, samples[i].set, samples[i].n);
		dl_strbuf_puts(&sb, samples[i].suffix);
		dl_strbuf_putc(&sb, '\n');
		n = scan("config/app.env", sb.buf, &h);
		if (n != 1 || strcmp(h.format->id, samples[i].id) != 0)
			fail_msg("%s: %zu hits (%s)", samples[i].id, n,
				 n ? h.format->id : "-");
		assert_int_equal(h.line, 1);
		assert_int_equal(h.col, 7);
		assert_int_equal(h.keep, strlen(samples[i].prefix) -
						 (!strcmp(samples[i].id, "anthropic-api-key") ? 0 : 0));
		dl_strbuf_release(&sb);
	}
}

static void
test_composite_formats(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_secret_hit h;
	(void)state;
	/* Grafana service account token: glsa_ alnum _ hex checksum */
	dl_strbuf_puts(&sb, "GRAFANA=glsa_");
	rnd(&sb, ALNUM, 32);
	dl_strbuf_putc(&sb, '_');
	rnd(&sb, HEX, 8);
	assert_int_equal(scan("ci.env", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "grafana-service-account-token");
	/* Telegram bot token: bot id, ':', AA + 33 */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "BOT=");
	rnd(&sb, DIGITS, 9);
	dl_strbuf_puts(&sb, ":AA");
	rnd(&sb, URLSAFE, 33);
	assert_int_equal(scan("bot.env", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "telegram-bot-token");
	/* Azure storage connection string */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "AZ=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=");
	rnd(&sb, ALNUM, 86);
	dl_strbuf_puts(&sb, "==;EndpointSuffix=core.windows.net");
	assert_int_equal(scan("az.env", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "azure-storage-key");
	/* Cloudinary URL */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "CLOUDINARY_URL=cloudinary://");
	rnd(&sb, DIGITS, 15);
	dl_strbuf_putc(&sb, ':');
	rnd(&sb, URLSAFE, 27);
	dl_strbuf_puts(&sb, "@democloud");
	assert_int_equal(scan("c.env", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "cloudinary-url");
	dl_strbuf_reset(&sb);
	/* Slack bot token: digits-digits-alnum */
	dl_strbuf_puts(&sb, "token: xoxb-");
	rnd(&sb, DIGITS, 11);
	dl_strbuf_putc(&sb, '-');
	rnd(&sb, DIGITS, 12);
	dl_strbuf_putc(&sb, '-');
	rnd(&sb, ALNUM, 24);
	assert_int_equal(scan("ci.yml", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "slack-bot-token");
	/* Slack webhook */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "url = \"https://hooks.slack.com/services/T");
	rnd(&sb, UPPER32, 8);
	dl_strbuf_puts(&sb, "/B");
	rnd(&sb, UPPER32, 8);
	dl_strbuf_putc(&sb, '/');
	rnd(&sb, ALNUM, 24);
	dl_strbuf_puts(&sb, "\"\n");
	assert_int_equal(scan("notify.py", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "slack-webhook");
	/* OpenAI project key with its marker */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "OPENAI_API_KEY=sk-proj-");
	rnd(&sb, URLSAFE, 60);
	dl_strbuf_puts(&sb, "T3BlbkFJ");
	rnd(&sb, URLSAFE, 60);
	assert_int_equal(scan(".env", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "openai-api-key");
	assert_int_equal(h.keep, 8);
	/* SendGrid */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "SG.");
	rnd(&sb, URLSAFE, 22);
	dl_strbuf_putc(&sb, '.');
	rnd(&sb, URLSAFE, 43);
	assert_int_equal(scan("mail.txt", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "sendgrid-api-key");
	/* JWT (three base64url parts) */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJ");
	rnd(&sb, URLSAFE, 40);
	dl_strbuf_putc(&sb, '.');
	rnd(&sb, URLSAFE, 43);
	assert_int_equal(scan("notes.md", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "jwt");
	assert_int_equal(h.level, DL_LEVEL_WARNING);
	/* PEM private key: reported on its BEGIN line, body masked */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "x = 1\n-----BEGIN RSA PRIVATE KEY-----\n");
	rnd(&sb, ALNUM, 64);
	dl_strbuf_putc(&sb, '\n');
	rnd(&sb, ALNUM, 64);
	dl_strbuf_puts(&sb, "\n-----END RSA PRIVATE KEY-----\n");
	assert_int_equal(scan("deploy/key.pem", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "private-key");
	assert_int_equal(h.line, 2);
	assert_int_equal(h.col, 1);
	assert_int_equal(h.end_col, 32);
	/* the same key inside a JSON string with \n escapes */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n");
	rnd(&sb, ALNUM, 64);
	dl_strbuf_puts(&sb, "\\n");
	rnd(&sb, ALNUM, 30);
	dl_strbuf_puts(&sb, "\\n-----END PRIVATE KEY-----\\n\"}\n");
	assert_int_equal(scan("sa.json", sb.buf, &h), 1);
	assert_string_equal(h.format->id, "private-key");
	dl_strbuf_release(&sb);
}

/* The scan tries an assignment pattern (anchor word) only where
 * sec_assignment_follows() holds after the keyword's identifier: over
 * generated lines, every match the pattern finds from the start of a
 * keyword's identifier must pass that test, or the shortcut would hide a
 * secret. */
static void
test_assignment_prefilter_loses_nothing(void **state)
{
	static const char *const pieces[] = {
		"SECRET",
		"secret",
		"Token",
		"api_key",
		"API-KEY",
		"apikey",
		"access_key",
		"private-key",
		"signing_key",
		"auth_key",
		"AUTHKEY",
		"auth-key",
		"encryption_key",
		"encryptionkey",
		"credential",
		"credentials",
		"password",
		"PASSWD",
		"passphrase",
		"_key",
		"-key",
		"key",
		"s",
		"_",
		".",
		"-",
		"x",
		"DB_",
		"my",
		"2",
		"'",
		"\"",
		" ",
		"\t",
		" ",
		":",
		"=",
		":=",
		": str =",
		": Optional[str] =",
		" = ",
		": ",
		"'",
		"\"",
		"sk_9f8e7d6c5b4a3f2e1d0c",
		"Zq8Xk2Vw9Lm4Np7Rt5Bv",
		"changeme",
		"${X}",
		"os.getenv(",
		")",
		",",
		"\"secret\"",
		"{",
		"}",
		"(",
		"[",
		"]",
		"#",
		"token_value",
		"$",
	};
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_regex_scratch *rx = dl_regex_scratch_new();
	struct dl_strbuf line = DL_STRBUF_INIT, low = DL_STRBUF_INIT;
	struct dl_regex_span g[DL_REGEX_MAX_GROUPS];
	size_t fi, k, n, i, tried = 0, matched = 0;
	int round;

	(void)state;
	assert_non_null(rx);
	for (round = 0; round < 20000; round++) {
		dl_strbuf_reset(&line);
		n = 2 + (size_t)(round % 9);
		for (k = 0; k < n; k++) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			dl_strbuf_puts(&line, pieces[seed % DL_ARRAY_SIZE(pieces)]);
		}
		dl_strbuf_reset(&low);
		for (i = 0; i < line.len; i++) {
			char c = line.buf[i];
			dl_strbuf_putc(&low, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
		for (fi = 0; fi < dl_secrets_count(s); fi++) {
			const struct dl_secret_format *f = dl_secrets_format(s, fi);
			if (f->check != DL_SECRET_CHECK_ASSIGNMENT || f->anchor != DL_SECRET_ANCHOR_WORD)
				continue;
			for (k = 0; k < f->keywords_nr; k++) {
				const char *kw = f->keywords[k], *at = low.buf;
				size_t kl = strlen(kw);
				while ((at = dl_memmem(at, low.len - (size_t)(at - low.buf), kw, kl))) {
					size_t start = (size_t)(at - low.buf), a = start, e = start + kl;
					while (a > 0 && (dl_isalnum((unsigned char)line.buf[a - 1]) ||
							 strchr("_.-", line.buf[a - 1])))
						a--;
					while (e < line.len && (dl_isalnum((unsigned char)line.buf[e]) ||
								strchr("_.-", line.buf[e])))
						e++;
					tried++;
					if (dl_regex_match(f->re, rx, line.buf, line.len, a,
							   DL_REGEX_ANCHORED, g, DL_REGEX_MAX_GROUPS) == 1) {
						matched++;
						if (!sec_assignment_follows(line.buf, line.len, e))
							fail_msg("%s matches \"%s\" at %zu, shortcut says no",
								 f->id, line.buf, a);
					}
					at++;
				}
			}
		}
	}
	/* the generator reaches both sides */
	assert_true(matched > 500);
	assert_true(tried - matched > 5000);
	dl_strbuf_release(&line);
	dl_strbuf_release(&low);
	dl_regex_scratch_free(rx);
}

/* Appends a generated assignment-like line (no newline) to sb: random
 * prefix, key, separator, optional quotes, value and tail, from the
 * lists below, sometimes followed by a second one. */
static uint32_t
next_seed(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return seed;
}

static void
assignment_line(struct dl_strbuf *sb)
{
	static const char *const prefixes[] = { "", "    ", "self.", "export ", "const ", "x_", "'",
						"\"", "{", "(", "# " };
	static const char *const keys[] = { "password", "x_password", "token", "API_TOKEN",
					    "secret", "SECRET_KEY", "key", "pass", "db_pwd",
					    "apiKey", "x_password:", "password']" };
	static const char *const seps[] = { " = ", "=", ": ", ":", " := ", ": str = ",
					    ": Optional[str] = ", ": Dict[str, int]=", "\t=\t",
					    "':'", "\": \"", " == ", " ", ": str" };
	static const char *const quotes[] = { "", "", "'", "\"", "`" };
	static const char *const values[] = { "Zq8Xk2Vw9Lm4Np7Rt5Bv", "Hq7Lw2Xv9Kp4Mz8Rt3NbQ",
					      "abcd efgh ijkl mnop", "cache.get(", "k(9)x!q#2Lz",
					      "x_password:'Zq8Xk2Vw9Lm4Np7Rt5Bv'", "changeme",
					      "settings.SECRET_KEY", "3f9a0c7e1b2d4f6a8c0e2b4d6f8a0c1e",
					      "token: 'Hq7Lw2Xv9Kp4Mz8Rt3NbQ'", "" };
	static const char *const tails[] = { "", "", "'", "\"", ")", ",", " # your key here",
					     " = 'Hq7Lw2Xv9Kp4Mz8Rt3NbQ'", ":'Zq8Xk2Vw9Lm4Np7Rt5Bv'" };
	const char *q = quotes[next_seed() % DL_ARRAY_SIZE(quotes)];
	dl_strbuf_puts(sb, prefixes[next_seed() % DL_ARRAY_SIZE(prefixes)]);
	dl_strbuf_puts(sb, keys[next_seed() % DL_ARRAY_SIZE(keys)]);
	dl_strbuf_puts(sb, seps[next_seed() % DL_ARRAY_SIZE(seps)]);
	dl_strbuf_puts(sb, q);
	dl_strbuf_puts(sb, values[next_seed() % DL_ARRAY_SIZE(values)]);
	if (next_seed() % 4)
		dl_strbuf_puts(sb, q);
	dl_strbuf_puts(sb, tails[next_seed() % DL_ARRAY_SIZE(tails)]);
	if (next_seed() % 3 == 0)
		assignment_line(sb);
}

/* The formats whose unquoted matches in code the scan spares pcre2. */
static void
test_quote_filterable_formats(void **state)
{
	static const char *const yes[] = { "secret-assignment", "password-assignment",
					   "app-password", "django-secret-key",
					   "bare-key-assignment" };
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_secret_format f;
	size_t i;

	(void)state;
	for (i = 0; i < DL_ARRAY_SIZE(yes); i++)
		assert_true(sec_quote_filterable(format_by_id(s, yes[i])));
	/* anchored at the keyword, or no assignment check */
	assert_false(sec_quote_filterable(format_by_id(s, "env-default-secret")));
	assert_false(sec_quote_filterable(format_by_id(s, "database-url")));
	assert_false(sec_quote_filterable(format_by_id(s, "github-pat")));
	/* the key is not group 1, or the separator differs */
	f = *format_by_id(s, "secret-assignment");
	f.pattern = "(x)(secret)[\"']?\\]?[ \\t]*(?::[ \\t]*[a-z_][a-z0-9_.]*[ \\t]*=|:=|=|:)[ \\t]*([\"'])(.+)";
	assert_false(sec_quote_filterable(&f));
	f.pattern = "((secret)[\"']?\\]?[ \\t]*(?::[ \\t]*[a-z_][a-z0-9_.]*[ \\t]*=|:=|=|:)[ \\t]*([\"'])(.+))";
	assert_false(sec_quote_filterable(&f));
	f.pattern = "(secret)[ \\t]*(?:=>|=|:)[ \\t]*([\"'])(.+)";
	assert_false(sec_quote_filterable(&f));
	f.pattern = "(?i)([a-z]*secret)[\"']?\\]?[ \\t]*(?::[ \\t]*[a-z_][a-z0-9_.]*[ \\t]*=|:=|=|:)[ \\t]*([\"'])(.+)";
	assert_true(sec_quote_filterable(&f));
	/* the shortcut itself */
	assert_true(sec_quote_may_follow("k = 'v'", 7, 1));
	assert_true(sec_quote_may_follow("k\": \"v\"", 8, 1));
	assert_true(sec_quote_may_follow("k: Optional[str] = 'v'", 22, 1));
	assert_true(sec_quote_may_follow("k := \"v\"", 8, 1));
	assert_true(sec_quote_may_follow("k['] = 'v'", 10, 1) == 0 ||
		    sec_quote_may_follow("k'] = 'v'", 9, 1));
	assert_false(sec_quote_may_follow("k = get('v')", 12, 1));
	assert_false(sec_quote_may_follow("k: str = v", 10, 1));
	assert_false(sec_quote_may_follow("k = 'v'", 4, 1)); /* the subject ends first */
}

/* Over generated lines, every match of a sec_quote_filterable() format
 * whose quote group is not empty passes sec_quote_may_follow(), so the
 * shortcut never spares a match the scan would report. */
static void
test_quote_prefilter_loses_nothing(void **state)
{
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_regex_scratch *rx = dl_regex_scratch_new();
	struct dl_strbuf line = DL_STRBUF_INIT;
	struct dl_regex_span g[DL_REGEX_MAX_GROUPS];
	size_t fi, i, quoted = 0, unquoted = 0;
	int round;

	(void)state;
	assert_non_null(rx);
	for (round = 0; round < 20000; round++) {
		dl_strbuf_reset(&line);
		assignment_line(&line);
		for (fi = 0; fi < dl_secrets_count(s); fi++) {
			const struct dl_secret_format *f = dl_secrets_format(s, fi);
			if (!sec_quote_filterable(f))
				continue;
			/* every word start, not only those holding a keyword */
			for (i = 0; i < line.len; i++) {
				size_t e = i;
				if (i > 0 && (dl_isalnum((unsigned char)line.buf[i - 1]) ||
					      strchr("_.-", line.buf[i - 1])))
					continue;
				while (e < line.len && (dl_isalnum((unsigned char)line.buf[e]) ||
							strchr("_.-", line.buf[e])))
					e++;
				if (e == i ||
				    dl_regex_match(f->re, rx, line.buf, line.len, i, DL_REGEX_ANCHORED,
						   g, DL_REGEX_MAX_GROUPS) != 1)
					continue;
				if (g[2].start == DL_REGEX_UNSET || g[2].end <= g[2].start) {
					unquoted++;
					continue;
				}
				quoted++;
				if (!sec_quote_may_follow(line.buf, line.len, e))
					fail_msg("%s matches \"%s\" at %zu quoted, shortcut says no",
						 f->id, line.buf, i);
			}
		}
	}
	/* the generator reaches both sides */
	assert_true(quoted > 2000);
	assert_true(unquoted > 2000);
	dl_strbuf_release(&line);
	dl_regex_scratch_free(rx);
}

/* Scans of code with and without the shortcut report the same hits: the
 * spared matches are run when a later keyword needs what they cover
 * ("password = x_password:'...'": the second key lies inside the first,
 * unquoted match, and stays unreported as before). */
static void
test_quote_prefilter_same_hits(void **state)
{
	static const char *const paths[] = { "app/settings.py", "web/main.ts", ".env", "config.yaml" };
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_secret_scratch *on = dl_secret_scratch_new(s), *off = dl_secret_scratch_new(s);
	struct dl_strbuf text = DL_STRBUF_INIT;
	size_t k, n, i, total = 0;
	int round;

	(void)state;
	assert_non_null(on);
	assert_non_null(off);
	sec_scratch_quote_filter(off, 0);
	for (round = 0; round < 20000; round++) {
		struct dl_secret_hits a, b;
		const char *path = paths[round % DL_ARRAY_SIZE(paths)];
		dl_strbuf_reset(&text);
		n = 1 + (size_t)(round % 5);
		for (k = 0; k < n; k++) {
			assignment_line(&text);
			dl_strbuf_putc(&text, '\n');
		}
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		dl_secrets_scan(s, on, path, text.buf, text.len, &a);
		dl_secrets_scan(s, off, path, text.buf, text.len, &b);
		if (a.nr != b.nr)
			fail_msg("%s: %zu hits with the shortcut, %zu without: \"%s\"", path, a.nr,
				 b.nr, text.buf);
		for (i = 0; i < a.nr; i++)
			if (a.v[i].format != b.v[i].format || a.v[i].off != b.v[i].off ||
			    a.v[i].len != b.v[i].len || a.v[i].level != b.v[i].level)
				fail_msg("%s: hit %zu differs: \"%s\"", path, i, text.buf);
		total += a.nr;
		dl_secret_hits_release(&a);
		dl_secret_hits_release(&b);
	}
	assert_true(total > 1000);
	{
		/* the case above, by hand: one hit only where the file is no code */
		static const char line[] = "password = x_password:'Zq8Xk2Vw9Lm4Np7Rt5Bv'\n";
		struct dl_secret_hits a, b;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		dl_secrets_scan(s, on, "app.py", line, sizeof(line) - 1, &a);
		dl_secrets_scan(s, off, "app.py", line, sizeof(line) - 1, &b);
		assert_int_equal(a.nr, b.nr);
		assert_int_equal(a.nr, 0);
		dl_secret_hits_release(&a);
		dl_secret_hits_release(&b);
	}
	dl_strbuf_release(&text);
	dl_secret_scratch_free(on);
	dl_secret_scratch_free(off);
}

static void
test_placeholders_and_examples(void **state)
{
	(void)state;
	/* AWS's documented example keys */
	assert_int_equal(scan("README.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
					   "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
			      NULL),
			 0);
	/* guide placeholders */
	assert_int_equal(scan(".env.example", "SECRET_KEY=your-secret-key-here\n"
					      "JWT_SECRET_KEY=<64-hex>\nAPI_TOKEN=${API_TOKEN}\n"
					      "DB_PASSWORD=changeme\nSTRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxx\n"
					      "DATABASE_URL=postgresql://user:password@localhost:5432/app\n"
					      "DATABASE_URL=postgresql+psycopg2://postgres.<project-ref>:<PASSWORD>@aws-1-eu-north-1.pooler.supabase.com:6543/postgres\n",
			      NULL),
			 0);
	/* seed 001's deploy hook with xxxxx */
	assert_int_equal(scan("README.md", "curl -X POST https://api.render.com/deploy/srv-xxxxx?key=xxxxx\n",
			      NULL),
			 0);
	/* the jwt.io example token */
	assert_int_equal(scan("docs/auth.md",
			      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\n",
			      NULL),
			 0);
	/* publishable Stripe keys are meant to be public */
	assert_int_equal(scan("app.js", "const pk = 'pk_live_51HcV8zKz2mQ7pLs9Xk9vR2mQ';\n", NULL), 0);
	/* local databases with their default passwords */
	assert_int_equal(scan("docker-compose.yml",
			      "DATABASE_URL: postgresql://postgres:postgres@db:5432/app\n"
			      "REDIS_URL: redis://:redis@localhost:6379/0\n"
			      "BROKER: amqp://guest:guest@rabbitmq:5672//\n",
			      NULL),
			 0);
	/* examples: one-letter passwords, short or stock passwords on local
	 * hosts, compared percent-decoded */
	assert_int_equal(scan("config.py",
			      "# old: postgres://u:p@ec2-1-2-3-4.compute-1.amazonaws.com/d1\n"
			      "URL = 'postgresql://app:pw@localhost:5432/app'\n"
			      "URL2 = 'postgresql://pp_user:P%40ssw0rd%21@localhost:5432/pp_db'\n"
			      "URL3 = 'postgresql://app:p%40ss@db.internal/app'\n",
			      NULL),
			 0);
	/* placeholder internals */
	assert_true(dl_secrets_is_placeholder(dl_secrets_builtin(), "XXXXXXXX", 8, 0, 0));
	assert_true(dl_secrets_is_placeholder(dl_secrets_builtin(), "sk_live_xxxxxx", 14, 8, 0));
	assert_true(dl_secrets_is_placeholder(dl_secrets_builtin(), "${DB_PASSWORD}", 14, 0, 0));
	assert_true(dl_secrets_is_placeholder(dl_secrets_builtin(), "<password>", 10, 0, 0));
	assert_false(dl_secrets_is_placeholder(dl_secrets_builtin(), "Xk9vR2mQ7pLs", 12, 0, 0));
	/* [tests] entries apply under a test folder only */
	assert_false(dl_secrets_is_placeholder(dl_secrets_builtin(), "sk_test_fakefakefake", 20, 8, 0));
	assert_true(dl_secrets_is_placeholder(dl_secrets_builtin(), "sk_test_fakefakefake", 20, 8, 1));
	assert_true(dl_secrets_path_in_tests("tests/unit/conftest.py"));
	assert_true(dl_secrets_path_in_tests("app/fixtures/data.json"));
	assert_false(dl_secrets_path_in_tests("tests.py"));
	assert_false(dl_secrets_path_in_tests("app/testing/x.py"));
}

static void
test_assignments(void **state)
{
	struct dl_secret_hit h;
	(void)state;
	/* 64-hex SECRET_KEY (secrets.token_hex(32)), in Python */
	assert_int_equal(scan("app/config.py",
			      "SECRET_KEY = \"9f3c2a7b1e4d5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a\"\n",
			      &h),
			 1);
	assert_string_equal(h.format->id, "secret-assignment");
	assert_int_equal(h.col, 15);
	/* ... but code that computes it is not a literal */
	assert_int_equal(scan("app/config.py",
			      "SECRET_KEY = secrets.token_hex(32)\n"
			      "SECRET_KEY = os.environ[\"SECRET_KEY\"]\n"
			      "token_password = password.get('session', 42)\n"
			      "if token == expected_token_value_from_db:\n"
			      "ACCESS_TOKEN_EXPIRE_MINUTES = 43200\n",
			      NULL),
			 0);
	/* an unquoted value counts in configuration files */
	assert_int_equal(scan(".env.production", "SESSION_HASH_SECRET=Q2x9vB7mK4pL8sR1tW6yZ3aC5dF0gH2j\n",
			      &h),
			 1);
	assert_string_equal(h.format->id, "secret-assignment");
	/* passwords have a lower floor */
	assert_int_equal(scan("settings.yaml", "db:\n  password: Tr0ub4dor&3x\n", &h), 1);
	assert_string_equal(h.format->id, "password-assignment");
	assert_int_equal(h.line, 2);
	assert_int_equal(h.col, 13);
	/* os.getenv defaults */
	assert_int_equal(scan("app/main.py",
			      "JWT_SECRET = os.getenv(\"JWT_SECRET\", \"kP3x9Lm2Qv7Rt5Wz8Yb4\")\n", &h),
			 1);
	assert_string_equal(h.format->id, "env-default-secret");
	assert_int_equal(scan("app/main.py", "JWT_SECRET = os.getenv(\"JWT_SECRET\", \"dev\")\n", NULL), 0);
	/* a known format wins over the secret-named key that holds it */
	{
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_puts(&sb, "STRIPE_SECRET_KEY=sk_live_");
		rnd(&sb, ALNUM, 32);
		assert_int_equal(scan(".env", sb.buf, &h), 1);
		assert_string_equal(h.format->id, "stripe-live-key");
		assert_string_equal(h.format->rule->id, "SEC003");
		dl_strbuf_release(&sb);
	}
}

static void
test_database_urls(void **state)
{
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_secret_scratch *sc = dl_secret_scratch_new(s);
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	const char *text =
		"[alembic]\n"
		"sqlalchemy.url = postgresql://app:Xk9vR2mQ7pLs@db.abcdefghijkl.supabase.co:5432/postgres\n"
		"# local = postgresql://deals:S3cretLocal99@localhost/deals\n";
	(void)state;
	dl_secrets_scan(s, sc, "alembic.ini", text, strlen(text), &hits);
	assert_int_equal(hits.nr, 2);
	assert_string_equal(hits.v[0].format->rule->id, "SEC002");
	assert_int_equal(hits.v[0].level, DL_LEVEL_ERROR);
	assert_int_equal(hits.v[0].line, 2);
	assert_int_equal(hits.v[0].col, 35);
	assert_int_equal(hits.v[0].end_col, 47);
	assert_string_equal(hits.v[0].label,
			    "postgresql://app:***@db.abcdefghijkl.supabase.co");
	/* a local host with a real-looking password: a local credential,
	 * a note */
	assert_int_equal(hits.v[1].level, DL_LEVEL_NOTE);
	assert_int_equal(hits.v[1].line, 3);
	dl_secret_hits_release(&hits);
	dl_secret_scratch_free(sc);
	(void)format_by_id(s, "database-url");
}

static void
test_skip_files_and_binary_safety(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	(void)state;
	dl_strbuf_puts(&sb, "\"integrity\": \"sha512-AKIA");
	rnd(&sb, UPPER32, 16);
	dl_strbuf_puts(&sb, "\"\n");
	/* lock files hold hashes: never scanned */
	assert_int_equal(scan("package-lock.json", sb.buf, NULL), 1 - 1);
	assert_int_equal(scan("web/package.json", sb.buf, NULL), 1);
	/* inside a longer base64 run there is no word boundary */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "hash = 9AKIA");
	rnd(&sb, UPPER32, 16);
	dl_strbuf_puts(&sb, "\nhash = AKIA");
	rnd(&sb, UPPER32, 20);
	assert_int_equal(scan("web/hashes.txt", sb.buf, NULL), 0);
	dl_strbuf_release(&sb);
}

static void
test_occurrences_and_fingerprints(void **state)
{
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_secret_scratch *sc = dl_secret_scratch_new(s);
	struct dl_secret_hits a = { NULL, 0, 0, 0, 0 }, b = { NULL, 0, 0, 0, 0 };
	struct dl_strbuf key = DL_STRBUF_INIT, t1 = DL_STRBUF_INIT, t2 = DL_STRBUF_INIT;
	char fp[17], fp2[17];
	(void)state;
	dl_strbuf_puts(&key, "ghp_");
	rnd(&key, ALNUM, 36);
	dl_strbuf_addf(&t1, "a = '%s'\nb = '%s'\n", key.buf, key.buf);
	/* the same file with lines inserted above: same fingerprints */
	dl_strbuf_addf(&t2, "# new\n# lines\n\na = '%s'\nb = '%s'\n", key.buf, key.buf);
	dl_secrets_scan(s, sc, "app/x.py", t1.buf, t1.len, &a);
	dl_secrets_scan(s, sc, "app/x.py", t2.buf, t2.len, &b);
	assert_int_equal(a.nr, 2);
	assert_int_equal(b.nr, 2);
	assert_string_not_equal(a.v[0].fingerprint, a.v[1].fingerprint);
	assert_string_equal(a.v[0].fingerprint, b.v[0].fingerprint);
	assert_string_equal(a.v[1].fingerprint, b.v[1].fingerprint);
	assert_int_equal(b.v[0].line, 4);
	/* fingerprints depend on rule, path, secret and occurrence only */
	dl_secrets_fingerprint(fp, "SEC003", "app/x.py", key.buf, key.len, 0);
	assert_string_equal(fp, a.v[0].fingerprint);
	dl_secrets_fingerprint(fp2, "SEC003", "app/y.py", key.buf, key.len, 0);
	assert_string_not_equal(fp, fp2);
	assert_int_equal(strlen(fp), 16);
	/* and are stable across versions (baselines depend on it) */
	dl_secrets_fingerprint(fp, "SEC002", "alembic.ini", "hunter2", 7, 0);
	dl_secrets_fingerprint(fp2, "SEC002", "alembic.ini", "hunter2", 7, 0);
	assert_string_equal(fp, fp2);
	assert_string_equal(fp, "8e86ddaa6fbc12a2");
	dl_secret_hits_release(&a);
	dl_secret_hits_release(&b);
	dl_strbuf_release(&key);
	dl_strbuf_release(&t1);
	dl_strbuf_release(&t2);
	dl_secret_scratch_free(sc);
}

/* Long buffers run the automaton in four slices: keywords across slice
 * boundaries, and the order of the hits, must not change. */
static void
test_long_buffer_slices(void **state)
{
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_secret_scratch *sc = dl_secret_scratch_new(s);
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	struct dl_strbuf sb = DL_STRBUF_INIT, key = DL_STRBUF_INIT;
	size_t sizes[] = { 4096, 10000, 65537 }, z, i, k;
	(void)state;
	dl_strbuf_puts(&key, "ghp_");
	rnd(&key, ALNUM, 36);
	for (z = 0; z < DL_ARRAY_SIZE(sizes); z++) {
		size_t n = sizes[z], quarter = n / 4;
		dl_strbuf_reset(&sb);
		for (i = 0; i < n; i++)
			dl_strbuf_putc(&sb, i % 61 == 60 ? '\n' : i % 5 == 4 ? ' '
									     : 'a' + (char)(i % 7));
		/* a token straddling each slice boundary, one at each end */
		for (k = 1; k < 4; k++) {
			memcpy(sb.buf + k * quarter - 3, key.buf, key.len);
			sb.buf[k * quarter - 4] = ' ';
			sb.buf[k * quarter - 3 + key.len] = ' ';
		}
		memcpy(sb.buf, key.buf, key.len);
		sb.buf[key.len] = ' ';
		memcpy(sb.buf + n - key.len, key.buf, key.len);
		sb.buf[n - key.len - 1] = ' ';
		dl_secrets_scan(s, sc, "big.txt", sb.buf, sb.len, &hits);
		assert_int_equal(hits.nr, 5);
		assert_int_equal(hits.v[0].off, 0);
		for (k = 1; k < 4; k++)
			assert_int_equal(hits.v[k].off, k * quarter - 3);
		assert_int_equal(hits.v[4].off, n - key.len);
		/* five occurrences of one secret: five fingerprints */
		for (k = 1; k < 5; k++)
			assert_string_not_equal(hits.v[k].fingerprint, hits.v[k - 1].fingerprint);
		dl_secret_hits_release(&hits);
	}
	dl_strbuf_release(&sb);
	dl_strbuf_release(&key);
	dl_secret_scratch_free(sc);
}

static unsigned
features_of(const char *path, const char *data, size_t len)
{
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_secret_scratch *sc = dl_secret_scratch_new(s);
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	unsigned f;
	dl_secrets_scan(s, sc, path, data, len, &hits);
	f = hits.features;
	dl_secret_hits_release(&hits);
	dl_secret_scratch_free(sc);
	return f;
}

/* DL_FEAT_PY_REMOVED: every module of removed-stdlib-modules.tsv, as a
 * whole case-sensitive identifier wherever it stands (code, string,
 * comment), and not inside a longer identifier or in another case. */
static void
test_py_removed_feature(void **state)
{
	const char *text = dl_rule_data_get("removed-stdlib-modules.tsv"), *cur = NULL;
	struct dl_data_row row;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	static const char *const yes[] = {
		"import imp\n",
		"imp",
		"from distutils.core import setup",
		"x=(imp)",
		"'imp'",
		"# uses cgi here",
		"import os,uu",
		"\xef\xbb\xbfimp",
		"\xc3\xa9imp",
	};
	static const char *const no[] = {
		"import important",
		"_imp",
		"imp_",
		"IMP",
		"Imp",
		"imp2",
		"2imp",
		"uuid",
		"chunks",
		"bcrypt",
		"encrypt",
		"cgi_bin",
		"import os, sys",
	};
	size_t i, n = 0, quarter;
	(void)state;

	for (i = 0; i < DL_ARRAY_SIZE(yes); i++)
		assert_true(features_of("a.py", yes[i], strlen(yes[i])) & DL_FEAT_PY_REMOVED);
	for (i = 0; i < DL_ARRAY_SIZE(no); i++)
		assert_false(features_of("a.py", no[i], strlen(no[i])) & DL_FEAT_PY_REMOVED);
	while (dl_data_next_row(text, &cur, &row)) {
		dl_strbuf_reset(&sb);
		dl_strbuf_puts(&sb, "try:\n    import ");
		dl_strbuf_put(&sb, row.fields[0], row.lens[0]);
		dl_strbuf_puts(&sb, "\nexcept ImportError:\n    pass\n");
		assert_true(features_of("m.py", sb.buf, sb.len) & DL_FEAT_PY_REMOVED);
		/* glued to a longer identifier: not the word */
		dl_strbuf_reset(&sb);
		dl_strbuf_put(&sb, row.fields[0], row.lens[0]);
		dl_strbuf_puts(&sb, "_x = 1\n");
		assert_false(features_of("m.py", sb.buf, sb.len) & DL_FEAT_PY_REMOVED);
		n++;
	}
	assert_true(n >= 20);
	/* long buffers run in four slices: a word across a slice boundary */
	dl_strbuf_reset(&sb);
	for (i = 0; i < 65537; i++)
		dl_strbuf_putc(&sb, i % 40 == 39 ? '\n' : i % 6 == 5 ? ' '
								     : 'q');
	assert_false(features_of("big.py", sb.buf, sb.len) & DL_FEAT_PY_REMOVED);
	quarter = sb.len / 4;
	memcpy(sb.buf + 2 * quarter - 5, " distutils ", 11);
	assert_true(features_of("big.py", sb.buf, sb.len) & DL_FEAT_PY_REMOVED);
	dl_strbuf_release(&sb);
}

static void
test_redaction(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT, want = DL_STRBUF_INIT;
	char *r;
	(void)state;
	r = dl_secrets_redact_line("alembic.ini",
				   "sqlalchemy.url = postgresql://u:realpass@host.example.com/db", 60);
	assert_string_equal(r, "sqlalchemy.url = postgresql://u:********@host.example.com/db");
	free(r);
	/* an unescaped '@' in the password never leaks its tail */
	r = dl_secrets_redact_line(NULL, "url: https://bob:p@ss@word@api.example.com/x", 44);
	assert_string_equal(r, "url: https://bob:*********@api.example.com/x");
	free(r);
	/* placeholders and variables stay */
	r = dl_secrets_redact_line(".env", "DATABASE_URL=postgresql://user:${DB_PASSWORD}@db/app", 52);
	assert_string_equal(r, "DATABASE_URL=postgresql://user:${DB_PASSWORD}@db/app");
	free(r);
	/* a known format keeps its documented prefix */
	dl_strbuf_puts(&sb, "STRIPE_KEY=sk_live_");
	rnd(&sb, ALNUM, 24);
	r = dl_secrets_redact_line(".env", sb.buf, sb.len);
	dl_strbuf_puts(&want, "STRIPE_KEY=sk_live_************************");
	assert_string_equal(r, want.buf);
	free(r);
	/* a known format under a secret-named key keeps its prefix */
	dl_strbuf_reset(&sb);
	dl_strbuf_puts(&sb, "GITHUB_TOKEN = \"ghp_");
	rnd(&sb, ALNUM, 36);
	dl_strbuf_putc(&sb, '"');
	r = dl_secrets_redact_line("app.py", sb.buf, sb.len);
	assert_memory_equal(r, "GITHUB_TOKEN = \"ghp_****", 24);
	free(r);
	/* secret-named assignments, whatever their entropy */
	r = dl_secrets_redact_line("settings.py", "DB_PASSWORD = 'hunter22'", 24);
	assert_string_equal(r, "DB_PASSWORD = '********'");
	free(r);
	/* a high-entropy render.yaml value line */
	r = dl_secrets_redact_line("render.yaml", "        value: Q2x9vB7mK4pL8sR1tW6yZ3aC", 39);
	assert_string_equal(r, "        value: ************************");
	free(r);
	r = dl_secrets_redact_line("render.yaml", "        value: https://app.example.com", 38);
	assert_string_equal(r, "        value: https://app.example.com");
	free(r);
	/* messages: URL passwords become *** */
	r = dl_secrets_redact_message("cannot parse postgresql://u:realpass@db.example.com/db (port)");
	assert_string_equal(r, "cannot parse postgresql://u:***@db.example.com/db (port)");
	free(r);
	/* host:port/path@x holds no password */
	r = dl_secrets_redact_line("README.md", "see https://example.com:8080/users/@me", 38);
	assert_string_equal(r, "see https://example.com:8080/users/@me");
	free(r);
	dl_strbuf_release(&sb);
	dl_strbuf_release(&want);
}

static void
test_context(void **state)
{
	const struct dl_secrets *s = dl_secrets_builtin();
	struct dl_secret_scratch *sc = dl_secret_scratch_new(s);
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	struct dl_strbuf sb = DL_STRBUF_INIT;
	char *ctx;
	(void)state;
	dl_strbuf_puts(&sb, "first\r\nGH = 'ghp_");
	rnd(&sb, ALNUM, 36);
	dl_strbuf_puts(&sb, "'  # and a second: ghp_");
	rnd(&sb, ALNUM, 36);
	dl_strbuf_puts(&sb, "\r\nlast\n");
	dl_secrets_scan(s, sc, "app/gh.py", sb.buf, sb.len, &hits);
	assert_int_equal(hits.nr, 2);
	ctx = dl_secrets_hit_context(s, "app/gh.py", sb.buf, sb.len, &hits.v[0]);
	assert_string_equal(ctx, "GH = 'ghp_************************************'  "
				 "# and a second: ghp_************************************");
	free(ctx);
	dl_secret_hits_release(&hits);
	dl_secret_scratch_free(sc);
	dl_strbuf_release(&sb);
}

static void
test_sha256(void **state)
{
	static const struct {
		const char *in;
		const char *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	size_t i, k;
	(void)state;
	for (i = 0; i < DL_ARRAY_SIZE(v); i++) {
		struct sec_sha256 c;
		unsigned char d[32];
		char hex[65];
		sec_sha256_init(&c);
		/* feed in uneven pieces to cross block boundaries */
		for (k = 0; k < strlen(v[i].in); k += 7)
			sec_sha256_update(&c, v[i].in + k,
					  strlen(v[i].in) - k < 7 ? strlen(v[i].in) - k : 7);
		sec_sha256_final(&c, d);
		for (k = 0; k < 32; k++)
			snprintf(hex + 2 * k, 3, "%02x", d[k]);
		assert_string_equal(hex, v[i].hex);
	}
}

static void
test_entropy_and_keys(void **state)
{
	(void)state;
	assert_true(dl_secrets_entropy("", 0) == 0);
	assert_true(dl_secrets_entropy("aaaa", 4) == 0);
	assert_true(dl_secrets_entropy("abab", 4) == 1.0);
	assert_true(dl_secrets_entropy("0123456789abcdef", 16) == 4.0);
	assert_true(dl_secrets_key_is_secret("SESSION_HASH_SECRET", 19));
	assert_true(dl_secrets_key_is_secret("db_password", 11));
	assert_true(dl_secrets_key_is_secret("apiKey", 6));
	assert_true(dl_secrets_key_is_secret("STRIPE_API_KEY", 14));
	assert_true(dl_secrets_key_is_secret("BASIC_AUTH", 10));
	assert_true(dl_secrets_key_is_secret("DATABASE_URL", 12));
	assert_false(dl_secrets_key_is_secret("DEBUG", 5));
	assert_false(dl_secrets_key_is_secret("PORT", 4));
	assert_false(dl_secrets_key_is_secret("GIT_AUTHOR_NAME", 15));
	assert_false(dl_secrets_key_is_secret("PRIVATE_REPO", 12));
	assert_false(dl_secrets_key_is_secret("KEYBOARD_LAYOUT", 15));
}

static void
test_catalogue_errors(void **state)
{
	static const struct {
		const char *yaml;
		const char *want;
	} cases[] = {
		{ "version: 1\nformats: [", "line" },
		{ "version: 2\nformats: []\n", "version" },
		{ "version: 1\nformats:\n  - id: a\n    name: A\n    rule: SEC003\n    level: error\n"
		  "    keywords: [ab]\n    pattern: 'a(b'\n    source: s\n",
		  "format a: pattern does not compile" },
		{ "version: 1\nformats:\n  - id: a\n    name: A\n    rule: ALM001\n    level: error\n"
		  "    keywords: [ab]\n    pattern: 'ab'\n    source: s\n",
		  "rule must be" },
		{ "version: 1\nformats:\n  - id: a\n    name: A\n    rule: SEC003\n    level: error\n"
		  "    keywords: [AB]\n    pattern: 'ab'\n    source: s\n",
		  "lower-case" },
		{ "version: 1\nformats:\n  - id: a\n    name: A\n    rule: SEC003\n    level: error\n"
		  "    keywords: [ab]\n    pattern: 'ab'\n    group: 2\n    source: s\n",
		  "no group 2" },
		{ "version: 1\nformats:\n  - id: a\n    name: A\n    rule: SEC003\n    level: error\n"
		  "    keywords: [ab]\n    pattern: 'ab'\n    source: s\n    colour: red\n",
		  "unknown field" },
		{ "version: 1\nformats:\n  - id: a\n    name: A\n    rule: SEC003\n    level: error\n"
		  "    keywords: [ab]\n    pattern: 'ab'\n    source: s\n"
		  "  - id: a\n    name: A\n    rule: SEC003\n    level: error\n"
		  "    keywords: [ab]\n    pattern: 'ab'\n    source: s\n",
		  "duplicate id" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < DL_ARRAY_SIZE(cases); i++) {
		struct dl_secrets *s = NULL;
		char *err = NULL;
		assert_int_equal(dl_secrets_load(&s, cases[i].yaml, strlen(cases[i].yaml),
						 "", 0, &err),
				 -1);
		assert_null(s);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
		free(err);
	}
}

/* A user catalogue: keywords overlap (he/she/hers), matched in any case. */
static void
test_custom_catalogue(void **state)
{
	static const char yaml[] =
		"version: 1\n"
		"formats:\n"
		"  - id: hers\n    name: Hers token\n    rule: SEC003\n    level: note\n"
		"    keywords: [he, she, hers]\n    anchor: line\n"
		"    pattern: '\\b(HERS-[0-9]{6})\\b'\n    group: 1\n    source: test\n";
	struct dl_secrets *s = NULL;
	struct dl_secret_scratch *sc;
	struct dl_secret_hits hits = { NULL, 0, 0, 0, 0 };
	const char *text = "no match here\nushers: HERS-123456 and HERS-654321\nShe\n";
	char *err = NULL;
	(void)state;
	assert_int_equal(dl_secrets_load(&s, yaml, strlen(yaml), "[any]\n*000000*\n", 15, &err), 0);
	sc = dl_secret_scratch_new(s);
	dl_secrets_scan(s, sc, "x.txt", text, strlen(text), &hits);
	assert_int_equal(hits.nr, 2);
	assert_int_equal(hits.v[0].line, 2);
	assert_int_equal(hits.v[0].col, 9);
	assert_int_equal(hits.v[1].col, 25);
	assert_int_equal(hits.v[0].level, DL_LEVEL_NOTE);
	dl_secret_hits_release(&hits);
	/* the custom placeholder list applies */
	dl_secrets_scan(s, sc, "x.txt", "hers HERS-000000", 16, &hits);
	assert_int_equal(hits.nr, 0);
	dl_secret_hits_release(&hits);
	dl_secret_scratch_free(sc);
	dl_secrets_free(s);
}

static int
teardown(void **state)
{
	(void)state;
	dl_secrets_builtin_release();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_every_format_finds_its_sample),
		cmocka_unit_test(test_composite_formats),
		cmocka_unit_test(test_placeholders_and_examples),
		cmocka_unit_test(test_assignments),
		cmocka_unit_test(test_assignment_prefilter_loses_nothing),
		cmocka_unit_test(test_quote_filterable_formats),
		cmocka_unit_test(test_quote_prefilter_loses_nothing),
		cmocka_unit_test(test_quote_prefilter_same_hits),
		cmocka_unit_test(test_database_urls),
		cmocka_unit_test(test_skip_files_and_binary_safety),
		cmocka_unit_test(test_occurrences_and_fingerprints),
		cmocka_unit_test(test_long_buffer_slices),
		cmocka_unit_test(test_redaction),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_py_removed_feature),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_entropy_and_keys),
		cmocka_unit_test(test_catalogue_errors),
		cmocka_unit_test(test_custom_catalogue),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
