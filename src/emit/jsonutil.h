/*
 * deploylint: helpers shared by the JSON and SARIF emitters: strings made
 * valid UTF-8 (deploylint/utf8.h) before they reach jansson,
 * failure-tracking setters, and serialisation into a dl_strbuf.
 */
#ifndef DEPLOYLINT_EMIT_JSONUTIL_H
#define DEPLOYLINT_EMIT_JSONUTIL_H

#include <stddef.h>

#include <jansson.h>

#include "deploylint/utf8.h"
#include "deploylint/util.h"

/* A JSON string holding `s` made valid UTF-8; json null when s is NULL.
 * Returns NULL only when jansson fails to allocate. */
json_t *dl_json_str(const char *s);

/*
 * obj[key] = val and append(arr, val), stealing `val` (which may be NULL
 * after a failed allocation). On failure they set *err to -1; once *err is
 * set the tree is still freed normally by its root's json_decref().
 */
void dl_json_set(json_t *obj, const char *key, json_t *val, int *err);
void dl_json_append(json_t *arr, json_t *val, int *err);

/* Appends `root` indented by 2 with a trailing newline. Returns 0 or -1. */
int dl_json_dump(struct dl_strbuf *out, const json_t *root);

struct dl_emit_opts;

/* The marker the JSON and SARIF emitters put where their findings go. */
#define DL_JSON_STREAM_MARKER "@deploylint-streamed-array@"

/*
 * Appends `root` as dl_json_dump() does, except that the member whose value
 * is the string `marker` (which must occur once in the dump) is written as
 * an array of n elements made one at a time by item(i, arg, &err) (a new
 * reference, or NULL with err set), each dumped and freed before the next
 * is made; the bytes are those dl_json_dump() would give for the whole
 * tree. Between elements, `out` goes to dl_emit_flush(opts). So the tree
 * of one element at a time is held, not the whole array's. Returns 0, or
 * -1 when jansson or the flush failed.
 */
int dl_json_dump_streamed(struct dl_strbuf *out, const json_t *root, const char *marker,
			  size_t n, json_t *(*item)(size_t i, void *arg, int *err), void *arg,
			  const struct dl_emit_opts *opts);

#endif
