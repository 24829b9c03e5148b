/*
 * deploylint: UTF-8 well-formedness (include/deploylint/utf8.h), shared by
 * the masking layer and the emitters.
 */
#include "deploylint/utf8.h"

/* U+FFFD REPLACEMENT CHARACTER */
static const char replacement[] = "\xef\xbf\xbd";

/*
 * Length of the well-formed sequence starting at s[0] (at most `len` bytes
 * available), or 0 when ill-formed; *bad_out then receives the length of
 * the maximal subpart to replace (at least 1).
 */
static size_t
utf8_sequence(const unsigned char *s, size_t len, size_t *bad_out)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 1;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 2;
		if (s[0] == 0xe0)
			lo = 0xa0; /* no overlongs */
		else if (s[0] == 0xed)
			hi = 0x9f; /* no surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 3;
		if (s[0] == 0xf0)
			lo = 0x90; /* no overlongs */
		else if (s[0] == 0xf4)
			hi = 0x8f; /* nothing above U+10FFFF */
	} else {
		*bad_out = 1;
		return 0;
	}
	for (i = 1; i <= need; i++) {
		if (i >= len || s[i] < lo || s[i] > hi) {
			*bad_out = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return need + 1;
}

size_t
dl_utf8_seq_len(const char *s, size_t len)
{
	size_t bad;
	return utf8_sequence((const unsigned char *)s, len, &bad);
}

void
dl_utf8_sanitize(struct dl_strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0;

	while (i < len) {
		size_t bad = 0, n = utf8_sequence(p + i, len - i, &bad);
		if (n) {
			i += n;
			continue;
		}
		dl_strbuf_put(out, s + start, i - start);
		dl_strbuf_put(out, replacement, sizeof(replacement) - 1);
		i += bad;
		start = i;
	}
	dl_strbuf_put(out, s + start, i - start);
}
