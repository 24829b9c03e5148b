/*
 * deploylint: requirements files decoded as pip decodes them (see
 * include/deploylint/textenc.h).
 */
#include "deploylint/textenc.h"

#include <string.h>

enum dl_text_encoding
dl_text_pip_encoding(const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;

	if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		return DL_ENC_BYTES; /* UTF-8: read as it is */
	if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE)
		return DL_ENC_UTF16LE;
	if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF)
		return DL_ENC_UTF16BE;
	if (len >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF)
		return DL_ENC_UTF32BE;
	return DL_ENC_BYTES;
}

const char *
dl_text_encoding_name(enum dl_text_encoding enc)
{
	switch (enc) {
	case DL_ENC_UTF16LE: return "utf-16-le";
	case DL_ENC_UTF16BE: return "utf-16-be";
	case DL_ENC_UTF32BE: return "utf-32-be";
	default: return "";
	}
}

static void
put_utf8(struct dl_strbuf *out, unsigned long c)
{
	if (c < 0x80) {
		dl_strbuf_putc(out, (int)c);
	} else if (c < 0x800) {
		dl_strbuf_putc(out, (int)(0xC0 | (c >> 6)));
		dl_strbuf_putc(out, (int)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		dl_strbuf_putc(out, (int)(0xE0 | (c >> 12)));
		dl_strbuf_putc(out, (int)(0x80 | ((c >> 6) & 0x3F)));
		dl_strbuf_putc(out, (int)(0x80 | (c & 0x3F)));
	} else {
		dl_strbuf_putc(out, (int)(0xF0 | (c >> 18)));
		dl_strbuf_putc(out, (int)(0x80 | ((c >> 12) & 0x3F)));
		dl_strbuf_putc(out, (int)(0x80 | ((c >> 6) & 0x3F)));
		dl_strbuf_putc(out, (int)(0x80 | (c & 0x3F)));
	}
}

struct dec {
	struct dl_strbuf *out;
	struct dl_text_decode_error *err;
	unsigned line, col;
};

static void
bad(struct dec *d, size_t off, const char *why)
{
	if (!d->err->set) {
		d->err->set = 1;
		d->err->line = d->line;
		d->err->col = d->col;
		d->err->off = off;
		d->err->message = why;
	}
	put_utf8(d->out, 0xFFFD);
	d->col += 3;
}

static void
emit(struct dec *d, size_t off, unsigned long c)
{
	size_t before = d->out->len;
	if (c == 0) {
		bad(d, off, "a NUL character, which pip cannot read in a requirements file");
		return;
	}
	put_utf8(d->out, c);
	if (c == '\n') {
		d->line++;
		d->col = 1;
	} else {
		d->col += (unsigned)(d->out->len - before);
	}
}

int
dl_text_pip_decode(struct dl_strbuf *out, const char *data, size_t len,
		   enum dl_text_encoding enc, struct dl_text_decode_error *err)
{
	const unsigned char *b = (const unsigned char *)data;
	struct dec d;
	size_t i;
	int be = enc != DL_ENC_UTF16LE;

	memset(err, 0, sizeof(*err));
	d.out = out;
	d.err = err;
	d.line = 1;
	d.col = 1;
	if (enc == DL_ENC_UTF32BE) {
		for (i = 4; i + 4 <= len; i += 4) {
			unsigned long c = ((unsigned long)b[i] << 24) | ((unsigned long)b[i + 1] << 16) |
					  ((unsigned long)b[i + 2] << 8) | b[i + 3];
			if (c > 0x10FFFF)
				bad(&d, i, "a UTF-32 code point past U+10FFFF");
			else if (c >= 0xD800 && c < 0xE000)
				bad(&d, i, "a UTF-32 code point in the surrogate range");
			else
				emit(&d, i, c);
		}
		if (i < len)
			bad(&d, i, "truncated data (the length is not a multiple of 4 bytes)");
		return err->set ? -1 : 0;
	}
	if (enc != DL_ENC_UTF16LE && enc != DL_ENC_UTF16BE)
		return 0;
	i = 2;
	/* Python's "utf-16" codec (FF FE) takes a second mark as the byte
	 * order of the rest */
	if (enc == DL_ENC_UTF16LE && len >= 4) {
		if (b[2] == 0xFF && b[3] == 0xFE)
			i = 4;
		else if (b[2] == 0xFE && b[3] == 0xFF)
			i = 4, be = 1;
	}
	if (enc == DL_ENC_UTF16LE && len >= 4 && b[2] == 0 && b[3] == 0) {
		/* FF FE 00 00: a UTF-32-LE file, which pip reads as UTF-16 */
		err->set = 1;
		err->line = 1;
		err->col = 1;
		err->off = 2;
		err->message = "NUL characters (a UTF-32 file, whose byte-order mark starts like UTF-16's)";
	}
	while (i + 2 <= len) {
		unsigned long u = be ? ((unsigned long)b[i] << 8 | b[i + 1]) : ((unsigned long)b[i + 1] << 8 | b[i]);
		if (u >= 0xD800 && u < 0xDC00) {
			unsigned long v;
			if (i + 4 > len) {
				bad(&d, i, "truncated data (a UTF-16 surrogate at the end)");
				i = len;
				break;
			}
			v = be ? ((unsigned long)b[i + 2] << 8 | b[i + 3]) : ((unsigned long)b[i + 3] << 8 | b[i + 2]);
			if (v < 0xDC00 || v >= 0xE000) {
				bad(&d, i, "an unpaired UTF-16 surrogate");
				i += 2;
				continue;
			}
			emit(&d, i, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
			i += 4;
			continue;
		}
		if (u >= 0xDC00 && u < 0xE000) {
			bad(&d, i, "an unpaired UTF-16 surrogate");
			i += 2;
			continue;
		}
		emit(&d, i, u);
		i += 2;
	}
	if (i < len)
		bad(&d, i, "truncated data (an odd number of bytes)");
	return err->set ? -1 : 0;
}
