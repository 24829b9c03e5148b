/*
 * deploylint: jansson helpers for the JSON and SARIF emitters (UTF-8
 * sanitising: src/util/utf8.c).
 */
#include "emit/jsonutil.h"

#include <string.h>

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
