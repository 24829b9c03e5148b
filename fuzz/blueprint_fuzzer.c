/*
 * Fuzz harness: the render.yaml Blueprint model (dl_blueprint_build) over
 * the YAML tree, with the key-set lookups and "did you mean" suggestions
 * the RND rules make for every key they see.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "deploylint/blueprint.h"
#include "deploylint/limits.h"

/* Checks the effective pairs of `map` and suggests a key for each. */
static void
check_keys(const struct dl_yaml_node *map, enum dl_bp_keyset set)
{
	const struct dl_yaml_pair **pairs = NULL;
	size_t n, i;

	n = dl_bp_pairs(map, &pairs);
	DL_FUZZ_CHECK(n <= DL_MAX_YAML_NODES);
	DL_FUZZ_CHECK(n == 0 || pairs != NULL);
	for (i = 0; i < n; i++) {
		const char *key;

		DL_FUZZ_CHECK(pairs[i] != NULL && pairs[i]->key != NULL &&
			      pairs[i]->value != NULL);
		key = dl_bp_scalar(pairs[i]->key);
		if (!key || dl_bp_key_known(set, key))
			continue;
		{
			const char *s = dl_bp_key_suggest(set, key);
			if (s) {
				DL_FUZZ_CHECK(dl_bp_key_known(set, s));
				DL_FUZZ_CHECK(dl_edit_distance(key, s) != SIZE_MAX);
			}
		}
	}
	free(pairs);
}

static void
check_envvars(const struct dl_bp_envvars *ev)
{
	size_t i;

	DL_FUZZ_CHECK(ev->nr == 0 || ev->items != NULL);
	for (i = 0; i < ev->nr; i++) {
		const struct dl_bp_envvar *v = &ev->items[i];

		DL_FUZZ_CHECK(v->node != NULL);
		DL_FUZZ_CHECK((unsigned)v->source < DL_BP_SRC__COUNT);
		if (v->source != DL_BP_SRC_NONE)
			DL_FUZZ_CHECK(v->sources & (1u << v->source));
		else
			DL_FUZZ_CHECK(v->sources == 0);
		if (v->name)
			DL_FUZZ_CHECK(v->key != NULL);
		check_keys(v->node, DL_BP_KEYS_ENVVAR);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_arena arena;
	struct dl_yaml_doc doc;
	struct dl_blueprint bp;
	struct dl_file file;
	size_t i;

	memset(&file, 0, sizeof(file));
	file.path = (char *)(uintptr_t) "app/render.yaml";
	file.kind = DL_KIND_RENDER_YAML;
	dl_arena_init(&arena);
	dl_yaml_parse(&doc, &arena, (const char *)data, size);
	dl_blueprint_build(&bp, &file, &doc);

	DL_FUZZ_CHECK(bp.dir != NULL && !strcmp(bp.dir, "app"));
	DL_FUZZ_CHECK(bp.scopes >= 1);
	if (bp.root)
		check_keys(bp.root, DL_BP_KEYS_TOP);
	for (i = 0; i < bp.services_nr; i++) {
		const struct dl_bp_service *s = &bp.services[i];

		DL_FUZZ_CHECK(s->node != NULL && s->scope < bp.scopes);
		DL_FUZZ_CHECK(s->work_dir != NULL);
		DL_FUZZ_CHECK(s->root_dir_outside ||
			      strncmp(s->work_dir, "../", 3) != 0);
		(void)dl_bp_service_is_static(s);
		(void)dl_bp_service_is_python(s);
		check_keys(s->node, DL_BP_KEYS_SERVICE);
		check_envvars(&s->env_vars);
	}
	for (i = 0; i < bp.databases_nr; i++) {
		DL_FUZZ_CHECK(bp.databases[i].node != NULL);
		DL_FUZZ_CHECK(bp.databases[i].scope < bp.scopes);
		check_keys(bp.databases[i].node, DL_BP_KEYS_DATABASE);
	}
	for (i = 0; i < bp.groups_nr; i++) {
		DL_FUZZ_CHECK(bp.groups[i].node != NULL);
		check_keys(bp.groups[i].node, DL_BP_KEYS_GROUP);
		check_envvars(&bp.groups[i].env_vars);
	}
	for (i = 0; i < bp.lists_nr; i++)
		DL_FUZZ_CHECK(bp.lists[i].key != NULL && bp.lists[i].value != NULL);
	dl_blueprint_release(&bp);
	dl_arena_release(&arena);
	return 0;
}
