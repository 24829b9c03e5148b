/*
 * Fuzz harness: PEP 440 versions and specifier sets as packaging reads
 * them. The input's first line is a version and a specifier set, the rest
 * another specifier set; normal forms must round-trip and the order and
 * matching answers must agree with each other.
 */
#include <string.h>

#include "fuzz.h"
#include "deploylint/pep440.h"

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

/* format(v) parses back to an equal version with the same normal form */
static void
check_roundtrip(const struct dl_pep440_version *v)
{
	struct dl_strbuf a = DL_STRBUF_INIT, b = DL_STRBUF_INIT;
	struct dl_pep440_version w;

	dl_pep440_format(&a, v);
	DL_FUZZ_CHECK(dl_pep440_parse(&w, a.buf, a.len) == 0);
	DL_FUZZ_CHECK(dl_pep440_cmp(v, &w) == 0);
	dl_pep440_format(&b, &w);
	DL_FUZZ_CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	dl_strbuf_release(&a);
	dl_strbuf_release(&b);
}

static void
check_set(const struct dl_pep440_specset *set, const struct dl_pep440_version *v,
	  int have_v, size_t len)
{
	struct dl_pep440_version pin, low;
	int excl = 0;
	size_t i;

	for (i = 0; i < set->nr; i++) {
		DL_FUZZ_CHECK(set->items[i].op >= DL_PEP440_EQ &&
			      set->items[i].op <= DL_PEP440_ARBITRARY);
		DL_FUZZ_CHECK(set->items[i].offset <= len &&
			      set->items[i].len <= len - set->items[i].offset);
		if (set->items[i].op != DL_PEP440_ARBITRARY)
			check_roundtrip(&set->items[i].version);
		if (have_v)
			(void)dl_pep440_spec_admits(&set->items[i], v);
	}
	if (dl_pep440_specset_pinned(set, &pin))
		DL_FUZZ_CHECK(dl_pep440_specset_admits(set, &pin, 1) == 1);
	if (dl_pep440_specset_lower_bound(set, &low, &excl))
		check_roundtrip(&low);
	if (have_v) {
		int a1 = dl_pep440_specset_admits(set, v, 1);
		int a0 = dl_pep440_specset_admits(set, v, 0);
		(void)dl_pep440_specset_admits(set, v, -1);
		/* allowing pre-releases never admits fewer versions */
		DL_FUZZ_CHECK(!a0 || a1);
		(void)dl_pep440_specset_caps_below(set, v);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t first = nl ? (size_t)(nl - s) : size;
	const char *rest = nl ? nl + 1 : s + size;
	size_t rest_len = size - (size_t)(rest - s);
	struct dl_arena arena;
	struct dl_pep440_version v, w;
	struct dl_pep440_specset a, b;
	unsigned long long major, minor;
	int have_v, ok_a;

	dl_arena_init(&arena);
	have_v = dl_pep440_parse(&v, s, first) == 0;
	if (have_v) {
		DL_FUZZ_CHECK(v.release_nr >= 1 &&
			      v.release_nr <= DL_PEP440_MAX_RELEASE);
		DL_FUZZ_CHECK(memchr(v.local, '\0', sizeof(v.local)) != NULL);
		check_roundtrip(&v);
		(void)dl_pep440_is_prerelease(&v);
		dl_pep440_minor(&v, &major, &minor);
		DL_FUZZ_CHECK(major == v.release[0]);
		if (dl_pep440_parse(&w, rest, rest_len) == 0) {
			DL_FUZZ_CHECK(sign(dl_pep440_cmp(&v, &w)) ==
				      -sign(dl_pep440_cmp(&w, &v)));
			DL_FUZZ_CHECK(dl_pep440_cmp(&v, &v) == 0);
		}
	}
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	ok_a = dl_pep440_specset_parse(&a, &arena, s, first, NULL) == 0;
	if (ok_a)
		check_set(&a, &v, have_v, first);
	if (dl_pep440_specset_parse(&b, &arena, rest, rest_len, NULL) == 0) {
		check_set(&b, &v, have_v, rest_len);
		if (ok_a)
			(void)dl_pep440_specsets_conflict(&a, &b);
		(void)dl_pep440_specsets_conflict(&b, &b);
	}
	dl_arena_release(&arena);
	return 0;
}
