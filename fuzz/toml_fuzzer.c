/*
 * Fuzz harness: TOML documents through the toml++ interface
 * (dl_toml_parse), every node of the tree checked, then the lookups; then
 * the same bytes read as each dependency source (depsource.h: pyproject,
 * poetry.lock, uv.lock, Pipfile and, as JSON, Pipfile.lock).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "deploylint/depsource.h"
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

static void
sources(const uint8_t *data, size_t size, unsigned lines)
{
	static const enum dl_depsource_kind kinds[] = {
		DL_DEPSRC_PYPROJECT, DL_DEPSRC_POETRY_LOCK, DL_DEPSRC_UV_LOCK,
		DL_DEPSRC_PIPFILE, DL_DEPSRC_PIPFILE_LOCK
	};
	size_t k, i;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct dl_arena arena;
		struct dl_depsource src;

		dl_arena_init(&arena);
		dl_depsource_read(&src, &arena, kinds[k], "f", (const char *)data, size);
		DL_FUZZ_CHECK(src.kind == kinds[k]);
		if (src.error.set) {
			DL_FUZZ_CHECK(src.nr == 0 && src.error.message != NULL);
			check_pos(src.error.pos, lines);
		}
		for (i = 0; i < src.nr; i++) {
			const struct dl_dependency *d = &src.deps[i];
			DL_FUZZ_CHECK(d->name && d->normalised && d->file);
			check_pos(d->name_pos, lines);
			check_pos(d->spec_pos, lines);
			DL_FUZZ_CHECK(d->section >= DL_DEP_MAIN && d->section <= DL_DEP_LOCKED);
			DL_FUZZ_CHECK(!d->spec_union || !d->specifier);
			if (d->marker)
				check_pos(d->marker_pos, lines);
			if (i > 0)
				DL_FUZZ_CHECK(d->name_pos.line > d[-1].name_pos.line ||
					      (d->name_pos.line == d[-1].name_pos.line &&
					       d->name_pos.col >= d[-1].name_pos.col));
			DL_FUZZ_CHECK(dl_depsource_find(&src, d->normalised) != NULL);
		}
		for (i = 0; i < src.problems_nr; i++) {
			DL_FUZZ_CHECK(src.problems[i].message != NULL);
			check_pos(src.problems[i].pos, lines);
		}
		if (src.requires_python_written && src.requires_python_pos.line)
			check_pos(src.requires_python_pos, lines);
		dl_arena_release(&arena);
	}
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
		(void)dl_toml_get_path(doc->root, "tool", "poetry", "dependencies", (const char *)NULL);
		(void)dl_toml_get_path(doc->root, "project", "dependencies", (const char *)NULL);
	} else {
		DL_FUZZ_CHECK(doc->error.set && doc->error.message != NULL);
		check_pos(doc->error.pos, lines);
		for (i = 0; doc->error.message[i]; i++)
			DL_FUZZ_CHECK((unsigned char)doc->error.message[i] >= 0x20 &&
				      doc->error.message[i] != 0x7f);
	}
	dl_arena_release(&arena);
	sources(data, size, lines);
	return 0;
}
