/*
 * Fuzz harness: TOML documents through the toml++ interface
 * (dl_toml_parse), every node of the tree checked, then the lookups.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "deploylint/toml.h"

static void
check_pos(struct dl_pos p, unsigned lines)
{
	DL_FUZZ_CHECK(p.line >= 1 && p.col >= 1 && p.line <= lines);
}

static void
walk(const struct dl_toml_node *n, unsigned lines, unsigned depth)
{
	size_t i;

	DL_FUZZ_CHECK(n != NULL && depth <= 300);
	check_pos(n->pos, lines);
	switch (n->type) {
	case DL_TOML_TABLE:
		DL_FUZZ_CHECK(n->pairs_nr == 0 || n->pairs != NULL);
		for (i = 0; i < n->pairs_nr; i++) {
			const struct dl_toml_pair *p = &n->pairs[i];
			DL_FUZZ_CHECK(p->key != NULL && p->key[p->key_len] == '\0');
			check_pos(p->key_pos, lines);
			if (i > 0)
				DL_FUZZ_CHECK(p->key_pos.line > p[-1].key_pos.line ||
					      (p->key_pos.line == p[-1].key_pos.line &&
					       p->key_pos.col >= p[-1].key_pos.col));
			walk(p->value, lines, depth + 1);
			/* the first pair with a key is found (keys are unique
			 * in a table unless they hold NUL bytes) */
			if (strlen(p->key) == p->key_len)
				DL_FUZZ_CHECK(dl_toml_get_pair(n, p->key) == p);
		}
		break;
	case DL_TOML_ARRAY:
		DL_FUZZ_CHECK(n->items_nr == 0 || n->items != NULL);
		for (i = 0; i < n->items_nr; i++)
			walk(n->items[i], lines, depth + 1);
		break;
	case DL_TOML_STRING:
		DL_FUZZ_CHECK(n->str != NULL && n->str[n->str_len] == '\0');
		DL_FUZZ_CHECK(dl_toml_str(n) == n->str);
		break;
	case DL_TOML_BOOLEAN:
		DL_FUZZ_CHECK(n->boolean == 0 || n->boolean == 1);
		break;
	case DL_TOML_DATETIME:
	case DL_TOML_LOCAL_DATETIME:
	case DL_TOML_LOCAL_DATE:
		DL_FUZZ_CHECK(n->dt.year >= 1 && n->dt.month >= 1 && n->dt.month <= 12);
		DL_FUZZ_CHECK(n->dt.day >= 1 && n->dt.day <= 31);
		break;
	case DL_TOML_LOCAL_TIME:
	case DL_TOML_INTEGER:
	case DL_TOML_FLOAT:
		break;
	}
	if (n->type >= DL_TOML_DATETIME && n->type != DL_TOML_LOCAL_DATE) {
		DL_FUZZ_CHECK(n->dt.hour <= 23 && n->dt.minute <= 59 && n->dt.second <= 60);
		DL_FUZZ_CHECK(n->dt.nanosecond <= 999999999u);
	}
	DL_FUZZ_CHECK(strcmp(dl_toml_type_name(n->type), "unknown") != 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_arena arena;
	struct dl_toml_doc *doc;
	unsigned lines = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	dl_arena_init(&arena);
	doc = dl_toml_parse_doc(&arena, (const char *)data, size);
	if (doc->root) {
		DL_FUZZ_CHECK(!doc->error.set);
		DL_FUZZ_CHECK(doc->root->type == DL_TOML_TABLE);
		walk(doc->root, lines, 0);
		(void)dl_toml_get_path(doc->root, "tool", "poetry", "dependencies", NULL);
		(void)dl_toml_get_path(doc->root, "project", "dependencies", NULL);
	} else {
		DL_FUZZ_CHECK(doc->error.set && doc->error.message != NULL);
		check_pos(doc->error.pos, lines);
		for (i = 0; doc->error.message[i]; i++)
			DL_FUZZ_CHECK((unsigned char)doc->error.message[i] >= 0x20 &&
				      doc->error.message[i] != 0x7f);
	}
	dl_arena_release(&arena);
	return 0;
}
