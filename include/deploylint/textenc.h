/*
 * deploylint: requirements files decoded as pip decodes them.
 *
 * pip (25.1 and later: src/pip/_internal/req/req_file.py _decode_req_file;
 * before: src/pip/_internal/utils/encoding.py auto_decode) looks for a
 * byte-order mark, in the order of its BOMS list: UTF-8 (EF BB BF),
 * "utf-16" (FF FE on the little-endian machines Render builds on),
 * UTF-16-BE (FE FF), then UTF-16-LE, "utf-32" and UTF-32-LE, which the
 * UTF-16 marks hide, and UTF-32-BE (00 00 FE FF); it strips the mark and
 * decodes the rest with that codec, strictly (a bad sequence raises
 * UnicodeDecodeError and `pip install -r` stops). Without a mark it reads a
 * PEP 263 `# -*- coding: ... -*-` line among the first two, else UTF-8 with
 * the locale's encoding as fallback. So a UTF-32-LE file (FF FE 00 00) is
 * decoded as UTF-16 and yields NUL characters.
 *
 * deploylint transcodes files with a UTF-16 or UTF-32 mark to UTF-8 (the
 * mark dropped, so columns count UTF-8 bytes of the decoded text: for ASCII
 * text, characters); UTF-8 with a mark, and files without one, are read as
 * the bytes they are (the requirements parser skips a UTF-8 mark itself).
 */
#ifndef DEPLOYLINT_TEXTENC_H
#define DEPLOYLINT_TEXTENC_H

#include <stddef.h>

#include "deploylint/util.h"

enum dl_text_encoding {
	DL_ENC_BYTES = 0, /* no UTF-16/UTF-32 mark: the bytes as they are */
	DL_ENC_UTF16LE,   /* FF FE (pip's "utf-16") */
	DL_ENC_UTF16BE,   /* FE FF */
	DL_ENC_UTF32BE    /* 00 00 FE FF */
};

/* Where pip's decoder fails (line and column of the decoded text, 1-based;
 * byte offset into the original data), and why (static text). */
struct dl_text_decode_error {
	int set;
	unsigned line, col;
	size_t off;
	const char *message;
};

/* The encoding pip picks for `data` from its byte-order mark. */
enum dl_text_encoding dl_text_pip_encoding(const char *data, size_t len);

/* The codec's name as Python spells it ("utf-16-le"); "" for DL_ENC_BYTES. */
const char *dl_text_encoding_name(enum dl_text_encoding enc);

/*
 * Decodes `data` (len bytes, starting with the mark of `enc`, which must not
 * be DL_ENC_BYTES) into UTF-8 appended to `out`, the mark dropped. A code
 * unit sequence Python's strict codec rejects (an unpaired surrogate, an odd
 * trailing byte, a UTF-32 value past U+10FFFF or in the surrogate range)
 * becomes U+FFFD and the first one is described in *err; so do NUL
 * characters, which pip cannot take in a requirement (a UTF-32-LE file
 * read as UTF-16). Returns 0, or -1 when *err is set.
 */
int dl_text_pip_decode(struct dl_strbuf *out, const char *data, size_t len,
		       enum dl_text_encoding enc, struct dl_text_decode_error *err);

#endif
