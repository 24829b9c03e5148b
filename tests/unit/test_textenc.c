/*
 * Unit tests for requirements files decoded as pip decodes them
 * (pip's BOMS order and Python's strict UTF-16/UTF-32 codecs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "deploylint/textenc.h"

#define ENC(lit) dl_text_pip_encoding((lit), sizeof(lit) - 1)

static int
decode(struct dl_strbuf *out, const char *data, size_t len,
       struct dl_text_decode_error *err)
{
	dl_strbuf_reset(out);
	return dl_text_pip_decode(out, data, len, dl_text_pip_encoding(data, len), err);
}

static void
test_encoding_from_bom(void **state)
{
	(void)state;
	assert_int_equal(ENC("\xef\xbb\xbfx"), DL_ENC_BYTES);
	assert_int_equal(ENC("\xff\xfex\x00"), DL_ENC_UTF16LE);
	assert_int_equal(ENC("\xfe\xff\x00x"), DL_ENC_UTF16BE);
	assert_int_equal(ENC("\x00\x00\xfe\xff"), DL_ENC_UTF32BE);
	/* UTF-32-LE's mark starts with UTF-16's: pip picks "utf-16" */
	assert_int_equal(ENC("\xff\xfe\x00\x00"), DL_ENC_UTF16LE);
	assert_int_equal(ENC("numpy==2.1.3\n"), DL_ENC_BYTES);
	assert_int_equal(ENC("\xff"), DL_ENC_BYTES);
	assert_string_equal(dl_text_encoding_name(DL_ENC_UTF16BE), "utf-16-be");
}

static void
test_powershell_utf16le(void **state)
{
	static const char d[] = "\xff\xfe"
				"a\0=\0=\0"
				"1\0\r\0\n\0"
				"\xe9\0"
				"\x3d\xd8\x00\xde";
	struct dl_strbuf out = DL_STRBUF_INIT;
	struct dl_text_decode_error err;
	(void)state;

	assert_int_equal(decode(&out, d, sizeof(d) - 1, &err), 0);
	assert_false(err.set);
	/* é and U+1F600 (a surrogate pair) in UTF-8 */
	assert_string_equal(out.buf, "a==1\r\n\xc3\xa9\xf0\x9f\x98\x80");
	dl_strbuf_release(&out);
}

static void
test_utf16_second_mark_and_be(void **state)
{
	static const char le2[] = "\xff\xfe\xff\xfe"
				  "x\0";
	static const char swap[] = "\xff\xfe\xfe\xff"
				   "\0y";
	static const char be[] = "\xfe\xff"
				 "\0z\0\n";
	struct dl_strbuf out = DL_STRBUF_INIT;
	struct dl_text_decode_error err;
	(void)state;

	assert_int_equal(decode(&out, le2, sizeof(le2) - 1, &err), 0);
	assert_string_equal(out.buf, "x");
	assert_int_equal(decode(&out, swap, sizeof(swap) - 1, &err), 0);
	assert_string_equal(out.buf, "y");
	assert_int_equal(decode(&out, be, sizeof(be) - 1, &err), 0);
	assert_string_equal(out.buf, "z\n");
	dl_strbuf_release(&out);
}

static void
test_malformed(void **state)
{
	static const char lone[] = "\xff\xfe"
				   "a\0\n\0"
				   "b\0\x00\xd8"
				   "c\0";
	static const char odd[] = "\xfe\xff"
				  "\0a"
				  "x";
	static const char u32le[] = "\xff\xfe\0\0"
				    "a\0\0\0";
	static const char u32be[] = "\0\0\xfe\xff"
				    "\0\x11\0\0";
	struct dl_strbuf out = DL_STRBUF_INIT;
	struct dl_text_decode_error err;
	(void)state;

	assert_int_equal(decode(&out, lone, sizeof(lone) - 1, &err), -1);
	assert_true(err.set);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 2);
	assert_int_equal(err.off, 8);
	assert_non_null(strstr(err.message, "unpaired"));
	assert_string_equal(out.buf, "a\nb\xef\xbf\xbd"
				     "c");

	assert_int_equal(decode(&out, odd, sizeof(odd) - 1, &err), -1);
	assert_non_null(strstr(err.message, "odd number"));
	assert_int_equal(err.col, 2);

	assert_int_equal(decode(&out, u32le, sizeof(u32le) - 1, &err), -1);
	assert_non_null(strstr(err.message, "NUL"));
	assert_int_equal(err.line, 1);

	assert_int_equal(decode(&out, u32be, sizeof(u32be) - 1, &err), -1);
	assert_non_null(strstr(err.message, "U+10FFFF"));
	dl_strbuf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_from_bom),
		cmocka_unit_test(test_powershell_utf16le),
		cmocka_unit_test(test_utf16_second_mark_and_be),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
