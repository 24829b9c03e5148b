/*
 * deploylint: lookups in the TOML tree of include/deploylint/toml.h (the
 * C side; the tree itself is built by toml.cc).
 */
#include <stdarg.h>
#include <string.h>

#include "deploylint/toml.h"

const struct dl_toml_pair *
dl_toml_get_pair(const struct dl_toml_node *n, const char *key)
{
	size_t i, klen;

	if (!n || n->type != DL_TOML_TABLE || !key)
		return NULL;
	klen = strlen(key);
	for (i = 0; i < n->pairs_nr; i++)
		if (n->pairs[i].key_len == klen &&
		    !memcmp(n->pairs[i].key, key, klen))
			return &n->pairs[i];
	return NULL;
}

const struct dl_toml_node *
dl_toml_get(const struct dl_toml_node *n, const char *key)
{
	const struct dl_toml_pair *p = dl_toml_get_pair(n, key);
	return p ? p->value : NULL;
}

const struct dl_toml_node *
dl_toml_get_path(const struct dl_toml_node *n, ...)
{
	va_list ap;
	const char *key;

	va_start(ap, n);
	while (n && (key = va_arg(ap, const char *)) != NULL)
		n = dl_toml_get(n, key);
	va_end(ap);
	return n;
}

const char *
dl_toml_str(const struct dl_toml_node *n)
{
	return n && n->type == DL_TOML_STRING ? n->str : NULL;
}

const char *
dl_toml_type_name(enum dl_toml_type type)
{
	switch (type) {
	case DL_TOML_TABLE: return "table";
	case DL_TOML_ARRAY: return "array";
	case DL_TOML_STRING: return "string";
	case DL_TOML_INTEGER: return "integer";
	case DL_TOML_FLOAT: return "float";
	case DL_TOML_BOOLEAN: return "boolean";
	case DL_TOML_DATETIME: return "datetime";
	case DL_TOML_LOCAL_DATETIME: return "datetime-local";
	case DL_TOML_LOCAL_DATE: return "date-local";
	case DL_TOML_LOCAL_TIME: return "time-local";
	}
	return "unknown";
}
