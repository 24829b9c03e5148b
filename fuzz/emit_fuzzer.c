/*
 * Fuzz harness: the text, JSON, SARIF and GitHub emitters fed findings
 * whose paths, messages, related locations and context lines are arbitrary
 * bytes. JSON and SARIF must parse back (jansson) with one result per
 * finding; GitHub output must be one well-formed workflow command per
 * finding (no raw CR/LF, properties that cannot be forged); text output
 * without colour must hold no control bytes and be valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "deploylint/emit.h"

#define MAX_FIELDS 64

struct fields {
	char *f[MAX_FIELDS];
	size_t nr, next;
};

/* Splits the input on NUL bytes into at most MAX_FIELDS C strings. */
static void
split(struct fields *fs, const uint8_t *data, size_t size)
{
	size_t start = 0, i;

	fs->nr = fs->next = 0;
	for (i = 0; i <= size && fs->nr < MAX_FIELDS; i++) {
		if (i == size || data[i] == '\0') {
			fs->f[fs->nr++] = dl_xstrndup((const char *)data + start,
						      i - start);
			start = i + 1;
		}
	}
}

static const char *
next_field(struct fields *fs)
{
	const char *s = fs->f[fs->next % fs->nr];

	fs->next++;
	return s;
}

static unsigned
byte_at(const uint8_t *data, size_t size, size_t i)
{
	return size ? data[i % size] : 0;
}

/* Whether s[0 .. len) is valid UTF-8 (no overlongs, surrogates or values
 * above U+10FFFF). */
static int
valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t need, k;
		unsigned lo = 0x80, hi = 0xbf;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		else
			return 0;
		for (k = 1; k <= need; k++) {
			if (i + k >= len || s[i + k] < lo || s[i + k] > hi)
				return 0;
			lo = 0x80;
			hi = 0xbf;
		}
		i += need + 1;
	}
	return 1;
}

static void
check_json(const struct dl_strbuf *out, const struct dl_report *r, int sarif)
{
	json_error_t error;
	json_t *root = json_loadb(out->buf, out->len, 0, &error);
	json_t *list;

	DL_FUZZ_CHECK(root != NULL);
	DL_FUZZ_CHECK(valid_utf8((const unsigned char *)out->buf, out->len));
	if (sarif) {
		json_t *run = json_array_get(json_object_get(root, "runs"), 0);
		list = json_object_get(run, "results");
	} else {
		list = json_object_get(root, "findings");
	}
	DL_FUZZ_CHECK(json_is_array(list));
	DL_FUZZ_CHECK(json_array_size(list) == r->nr);
	json_decref(root);
}

/* One "::cmd props::message" line: the properties must be exactly the
 * ones the emitter writes (a ',' or ':' from a path cannot add one). */
static void
check_github_line(const char *s, size_t len)
{
	static const char *const keys[] = {
		"file", "line", "col", "endLine", "endColumn", "title", NULL
	};
	size_t i = 2, sep;

	DL_FUZZ_CHECK(len > 4 && s[0] == ':' && s[1] == ':');
	for (sep = 2; sep + 1 < len; sep++)
		if (s[sep] == ':' && s[sep + 1] == ':')
			break;
	DL_FUZZ_CHECK(sep + 1 < len);
	while (i < sep && s[i] != ' ')
		i++;
	DL_FUZZ_CHECK((i - 2 == 5 && !memcmp(s + 2, "error", 5)) ||
		      (i - 2 == 7 && !memcmp(s + 2, "warning", 7)) ||
		      (i - 2 == 6 && !memcmp(s + 2, "notice", 6)));
	while (i < sep) {
		size_t k, start = ++i, eq;
		int known = 0;

		while (i < sep && s[i] != ',')
			i++;
		for (eq = start; eq < i && s[eq] != '='; eq++)
			;
		DL_FUZZ_CHECK(eq < i);
		for (k = 0; keys[k]; k++)
			if (strlen(keys[k]) == eq - start &&
			    !memcmp(keys[k], s + start, eq - start))
				known = 1;
		DL_FUZZ_CHECK(known);
	}
}

static void
check_github(const struct dl_strbuf *out, const struct dl_report *r)
{
	size_t i, start = 0, lines = 0;

	for (i = 0; i < out->len; i++) {
		unsigned char c = (unsigned char)out->buf[i];

		DL_FUZZ_CHECK(c != '\r');
		DL_FUZZ_CHECK(c >= 0x20 || c == '\n');
		if (c == '\n') {
			check_github_line(out->buf + start, i - start);
			start = i + 1;
			lines++;
		}
	}
	DL_FUZZ_CHECK(start == out->len);
	DL_FUZZ_CHECK(lines == r->nr);
}

static void
check_text(const struct dl_strbuf *out)
{
	size_t i;

	DL_FUZZ_CHECK(valid_utf8((const unsigned char *)out->buf, out->len));
	for (i = 0; i < out->len; i++) {
		unsigned char c = (unsigned char)out->buf[i];

		DL_FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t');
		DL_FUZZ_CHECK(c != 0x7f);
		/* C1 controls (U+0080..U+009F) */
		if (c == 0xc2 && i + 1 < out->len)
			DL_FUZZ_CHECK((unsigned char)out->buf[i + 1] >= 0xa0);
	}
	DL_FUZZ_CHECK(out->len && out->buf[out->len - 1] == '\n');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "text", "json", "sarif", "github" };
	struct fields fs;
	struct dl_report report;
	struct dl_emit_opts opts;
	struct dl_strbuf out = DL_STRBUF_INIT;
	size_t nrules, i, k, nfind;
	const struct dl_rule *rules = dl_rules(&nrules);

	split(&fs, data, size);
	dl_report_init(&report);
	nfind = byte_at(data, size, 0) % 5;
	for (i = 0; i < nfind; i++) {
		unsigned b = byte_at(data, size, i + 1);
		const struct dl_rule *rule = &rules[b % nrules];
		enum dl_level level = (enum dl_level)(1 + b % 3);
		struct dl_region reg;
		struct dl_finding *f;
		const char *path = next_field(&fs);

		reg.line = byte_at(data, size, i + 2) % 7;
		reg.col = byte_at(data, size, i + 3) % 9;
		reg.end_line = reg.line + (b & 1);
		reg.end_col = byte_at(data, size, i + 4) % 11;
		f = dl_report_add_level(&report, rule, level, path, reg, "%s",
					next_field(&fs));
		for (k = 0; k < (b >> 2) % 3; k++) {
			const char *rpath = next_field(&fs);
			dl_finding_add_related(f, rpath, reg, "%s", next_field(&fs));
		}
		if (b & 2) {
			const char *ctx = next_field(&fs);
			/* the run copies one source line: no line feed */
			f->context = dl_xstrndup(ctx, strcspn(ctx, "\n"));
		}
		if (b & 64)
			f->fingerprint = dl_xstrdup("0123456789abcdef");
	}
	dl_report_sort(&report);

	memset(&opts, 0, sizeof(opts));
	opts.context = (byte_at(data, size, 5) & 1) != 0;
	opts.files_scanned = (int)(byte_at(data, size, 6) % 3);
	opts.execution_successful = 1;
	for (i = 0; i < DL_ARRAY_SIZE(names); i++) {
		const struct dl_emitter *em = dl_emitter_find(names[i]);

		DL_FUZZ_CHECK(em != NULL);
		/* SARIF spends ~3 ms describing every rule, the same for every
		 * input: emit it for a quarter of the inputs to fuzz faster */
		if (i == 2 && byte_at(data, size, 7) % 4 != 0)
			continue;
		dl_strbuf_reset(&out);
		DL_FUZZ_CHECK(em->emit(&out, &report, &opts) == 0);
		if (i == 0)
			check_text(&out);
		else if (i == 3)
			check_github(&out, &report);
		else
			check_json(&out, &report, i == 2);
	}
	/* colour must not break anything either (its escapes are ours) */
	opts.color = 1;
	opts.context = 1;
	dl_strbuf_reset(&out);
	DL_FUZZ_CHECK(dl_emitter_find("text")->emit(&out, &report, &opts) == 0);

	dl_strbuf_release(&out);
	dl_report_release(&report);
	for (i = 0; i < fs.nr; i++)
		free(fs.f[i]);
	return 0;
}
