/*
 * Fuzz harness: the YAML document tree (dl_yaml_parse), walked in full with
 * dl_yaml_resolve, dl_yaml_get and dl_yaml_get_key on every mapping.
 */
#include <string.h>

#include "fuzz.h"
#include "deploylint/limits.h"
#include "deploylint/parse.h"

/* Keys render.yaml rules look up, including the merge key itself. */
static const char *const probe_keys[] = {
	"services", "databases", "envVarGroups", "envVars", "key", "value",
	"fromDatabase", "name", "<<", "", NULL
};

static void
check_pos(struct dl_pos p)
{
	DL_FUZZ_CHECK(p.line >= 1 && p.col >= 1);
}

/* Walks the tree (not through aliases: the tree below them is walked
 * where it is anchored). Returns the number of nodes seen. */
static size_t
walk(const struct dl_yaml_node *n, unsigned depth)
{
	size_t count = 1, i;
	const struct dl_yaml_node *r;

	DL_FUZZ_CHECK(n != NULL);
	/* the parser's depth limit bounds the recursion */
	DL_FUZZ_CHECK(depth <= DL_MAX_YAML_DEPTH + 1);
	check_pos(n->start);
	DL_FUZZ_CHECK(n->end.line > n->start.line ||
		      (n->end.line == n->start.line && n->end.col >= n->start.col));
	r = dl_yaml_resolve(n);
	switch (n->type) {
	case DL_YAML_SCALAR:
		DL_FUZZ_CHECK(n->scalar != NULL);
		DL_FUZZ_CHECK(n->scalar[n->scalar_len] == '\0');
		DL_FUZZ_CHECK(r == n);
		break;
	case DL_YAML_SEQUENCE:
		DL_FUZZ_CHECK(n->items_nr == 0 || n->items != NULL);
		for (i = 0; i < n->items_nr; i++)
			count += walk(n->items[i], depth + 1);
		break;
	case DL_YAML_MAPPING:
		DL_FUZZ_CHECK(n->pairs_nr == 0 || n->pairs != NULL);
		for (i = 0; i < n->pairs_nr; i++) {
			const struct dl_yaml_node *k = dl_yaml_resolve(n->pairs[i].key);

			count += walk(n->pairs[i].key, depth + 1);
			count += walk(n->pairs[i].value, depth + 1);
			if (k && k->type == DL_YAML_SCALAR &&
			    strlen(k->scalar) == k->scalar_len &&
			    strcmp(k->scalar, "<<") != 0) {
				/* an own scalar key (not a merge) is found */
				DL_FUZZ_CHECK(dl_yaml_get_key(n, k->scalar) != NULL);
				DL_FUZZ_CHECK(dl_yaml_get(n, k->scalar) != NULL);
			}
		}
		for (i = 0; probe_keys[i]; i++) {
			const struct dl_yaml_node *v = dl_yaml_get(n, probe_keys[i]);

			DL_FUZZ_CHECK(!v || v->type != DL_YAML_ALIAS);
			(void)dl_yaml_get_key(n, probe_keys[i]);
		}
		break;
	case DL_YAML_ALIAS:
		DL_FUZZ_CHECK(n->target != NULL);
		break;
	default:
		DL_FUZZ_CHECK(!"unknown node type");
	}
	return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_arena arena;
	struct dl_yaml_doc doc;

	dl_arena_init(&arena);
	dl_yaml_parse(&doc, &arena, (const char *)data, size);
	if (doc.root)
		DL_FUZZ_CHECK(walk(doc.root, 0) <= DL_MAX_YAML_NODES);
	if (doc.error.set) {
		DL_FUZZ_CHECK(doc.error.message != NULL);
		check_pos(doc.error.pos);
	}
	/* lookups on NULL and on non-mappings are harmless */
	DL_FUZZ_CHECK(dl_yaml_get(NULL, "services") == NULL);
	DL_FUZZ_CHECK(dl_yaml_resolve(NULL) == NULL);
	dl_arena_release(&arena);
	return 0;
}
