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

#endif
