/*
 * deploylint: jansson helpers for the JSON and SARIF emitters (UTF-8
 * sanitising: src/util/utf8.c).
 */
#include "emit/jsonutil.h"

#include <string.h>

#include "deploylint/emit.h"

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
