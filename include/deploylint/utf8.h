/*
 * deploylint: UTF-8 well-formedness, as Unicode 15 section 3.9 defines it:
 * what the masking layer and the JSON/SARIF emitters check and repair
 * before text leaves deploylint.
 */
#ifndef DEPLOYLINT_UTF8_H
#define DEPLOYLINT_UTF8_H

#include <stddef.h>

#include "deploylint/util.h"

/*
 * Length of the well-formed UTF-8 sequence at the start of `s` (`len` > 0
 * bytes available): 1 for ASCII, 2 to 4 otherwise, 0 when ill-formed.
 */
size_t dl_utf8_seq_len(const char *s, size_t len);

/*
 * Appends `len` bytes of `s` to `out`, replacing each maximal ill-formed
 * UTF-8 subsequence (Unicode 15, section 3.9) with U+FFFD, so that the
 * result is always valid UTF-8 (no overlongs, surrogates or code points
 * above U+10FFFF).
 */
void dl_utf8_sanitize(struct dl_strbuf *out, const char *s, size_t len);

#endif
