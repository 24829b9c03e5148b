/*
 * deploylint: UTF-8 sanitising and jansson helpers for the JSON and SARIF
 * emitters.
 */
#include "emit/jsonutil.h"

#include <string.h>

#include "deploylint/emit.h"

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

json_t *
dl_json_str(const char *s)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	json_t *j;

	if (!s)
		return json_null();
	dl_utf8_sanitize(&sb, s, strlen(s));
	j = json_stringn(sb.buf, sb.len);
	dl_strbuf_release(&sb);
	return j;
}

void
dl_json_set(json_t *obj, const char *key, json_t *val, int *err)
{
	/* json_object_set_new() releases `val` on failure and accepts NULL */
	if (json_object_set_new(obj, key, val) < 0)
		*err = -1;
}

void
dl_json_append(json_t *arr, json_t *val, int *err)
{
	if (json_array_append_new(arr, val) < 0)
		*err = -1;
}

static int
dump_cb(const char *buffer, size_t size, void *data)
{
	dl_strbuf_put(data, buffer, size);
	return 0;
}

int
dl_json_dump(struct dl_strbuf *out, const json_t *root)
{
	if (json_dump_callback(root, dump_cb, out,
			       JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
		return -1;
	dl_strbuf_putc(out, '\n');
	return 0;
}

int
dl_json_dump_streamed(struct dl_strbuf *out, const json_t *root, const char *marker,
		      size_t n, json_t *(*item)(size_t i, void *arg, int *err), void *arg,
		      const struct dl_emit_opts *opts)
{
	struct dl_strbuf skel = DL_STRBUF_INIT, one = DL_STRBUF_INIT, quoted = DL_STRBUF_INIT;
	const char *at, *line;
	size_t indent, i, k;
	int rc = -1;

	if (dl_json_dump(&skel, root) < 0)
		goto out;
	dl_strbuf_putc(&quoted, '"');
	dl_strbuf_puts(&quoted, marker);
	dl_strbuf_putc(&quoted, '"');
	at = strstr(skel.buf, quoted.buf);
	if (!at)
		goto out;
	/* the elements are indented 2 more than the line holding the member */
	for (line = at; line > skel.buf && line[-1] != '\n'; line--)
		;
	for (indent = 0; line[indent] == ' '; indent++)
		;
	dl_strbuf_put(out, skel.buf, (size_t)(at - skel.buf));
	if (!n) {
		dl_strbuf_puts(out, "[]");
	} else {
		dl_strbuf_puts(out, "[\n");
		for (i = 0; i < n; i++) {
			int err = 0;
			json_t *v = item(i, arg, &err);
			if (!v || err) {
				json_decref(v);
				goto out;
			}
			one.len = 0;
			if (json_dump_callback(v, dump_cb, &one,
					       JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0) {
				json_decref(v);
				goto out;
			}
			json_decref(v);
			/* JSON strings hold no raw line break: every '\n' of
			 * the dump is layout */
			for (k = 0; k < indent + 2; k++)
				dl_strbuf_putc(out, ' ');
			for (k = 0; k < one.len; k++) {
				dl_strbuf_putc(out, one.buf[k]);
				if (one.buf[k] == '\n') {
					size_t s;
					for (s = 0; s < indent + 2; s++)
						dl_strbuf_putc(out, ' ');
				}
			}
			dl_strbuf_puts(out, i + 1 < n ? ",\n" : "\n");
			if (dl_emit_flush(out, opts, 0) < 0)
				goto out;
		}
		for (k = 0; k < indent; k++)
			dl_strbuf_putc(out, ' ');
		dl_strbuf_putc(out, ']');
	}
	at += quoted.len;
	dl_strbuf_put(out, at, skel.len - (size_t)(at - skel.buf));
	rc = 0;
out:
	dl_strbuf_release(&skel);
	dl_strbuf_release(&one);
	dl_strbuf_release(&quoted);
	return rc;
}
