/*
 * Fuzz harness: database URLs as SQLAlchemy's make_url() splits them
 * (dl_dburl_parse), decoding, host classification, placeholder test, URL
 * search in free text and redaction (no password may survive it).
 */
#include <string.h>

#include "fuzz.h"
#include "deploylint/dburl.h"

static void
check_part(const struct dl_dburl_part *p, size_t size)
{
	if (!p->present)
		return;
	DL_FUZZ_CHECK(p->off <= size && p->len <= size - p->off);
}

/* Occurrences of needle (n bytes, n > 0) in s[0 .. len). */
static size_t
count_in(const char *s, size_t len, const char *needle, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			c++;
	return c;
}

/*
 * The redaction promise: a password that occurs once in the input and
 * holds no '*' (which could join the "***" mask) never appears in the
 * redacted text.
 */
static void
check_redacted(const char *s, size_t size, const struct dl_dburl *u)
{
	struct dl_strbuf out = DL_STRBUF_INIT;
	const char *pw = s + u->password.off;
	size_t n = u->password.len;

	dl_dburl_redact(&out, s, size);
	if (u->password.present && n > 0 && !memchr(pw, '*', n) &&
	    count_in(s, size, pw, n) == 1)
		DL_FUZZ_CHECK(count_in(out.buf, out.len, pw, n) == 0);
	dl_strbuf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct dl_dburl u;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t from = 0, start, end, i, rounds = 0;
	int rc;

	rc = dl_dburl_parse(&u, s, size);
	DL_FUZZ_CHECK(rc == 0 || rc == -1);
	DL_FUZZ_CHECK(u.end <= size);
	if (rc == 0) {
		check_part(&u.scheme, size);
		check_part(&u.dialect, size);
		check_part(&u.driver, size);
		check_part(&u.user, size);
		check_part(&u.password, size);
		check_part(&u.host, size);
		check_part(&u.port, size);
		check_part(&u.database, size);
		check_part(&u.query, size);
		DL_FUZZ_CHECK(u.params_nr <= DL_MAX_DBURL_PARAMS);
		DL_FUZZ_CHECK(u.port_num >= -1 && u.port_num <= 65535);
		for (i = 0; i < u.params_nr; i++) {
			check_part(&u.params[i].key, size);
			check_part(&u.params[i].value, size);
		}
		if (u.user.present)
			dl_dburl_decode(&sb, s + u.user.off, u.user.len, 0);
		if (u.database.present)
			dl_dburl_decode(&sb, s + u.database.off, u.database.len, 1);
		if (u.host.present)
			DL_FUZZ_CHECK(dl_dburl_classify_host(s + u.host.off,
							     u.host.len) ==
				      u.host_kind);
		(void)dl_dburl_param(&u, s, "sslmode");
		(void)dl_dburl_part_is(&u.dialect, s, "postgresql");
		(void)dl_dburl_part_is_ci(&u.host, s, "localhost");
		(void)dl_dburl_backend(s + u.scheme.off, u.scheme.len);
		check_redacted(s, size, &u);
	} else {
		struct dl_strbuf out = DL_STRBUF_INIT;
		dl_dburl_redact(&out, s, size);
		dl_strbuf_release(&out);
	}
	(void)dl_dburl_is_placeholder(s, size);
	dl_dburl_decode(&sb, s, size, 1);
	/* every URL found in the input as free text */
	while (from <= size && rounds++ < size + 1 &&
	       dl_dburl_find(s, size, from, &start, &end)) {
		struct dl_dburl v;

		DL_FUZZ_CHECK(start >= from && start < end && end <= size);
		if (dl_dburl_parse(&v, s + start, end - start) == 0)
			check_redacted(s + start, end - start, &v);
		from = end;
	}
	dl_strbuf_release(&sb);
	return 0;
}
