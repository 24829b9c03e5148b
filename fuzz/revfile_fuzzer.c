/*
 * Fuzz harness: Alembic revision files read lexically (dl_revfile_parse).
 */
#include <string.h>

#include "fuzz.h"
#include "deploylint/parse.h"

static void
check_pos(struct dl_pos p)
{
	DL_FUZZ_CHECK(p.line >= 1 && p.col >= 1);
}

static void
check_ref(const struct dl_revref *r)
{
	size_t i;

	switch (r->kind) {
	case DL_REVREF_ABSENT:
		DL_FUZZ_CHECK(r->nr == 0);
		return;
	case DL_REVREF_NONE:
	case DL_REVREF_OTHER:
		check_pos(r->pos);
		return;
	case DL_REVREF_STRING:
		DL_FUZZ_CHECK(r->nr == 1);
		break;
	case DL_REVREF_TUPLE:
		break;
	default:
		DL_FUZZ_CHECK(!"unknown revref kind");
	}
	check_pos(r->pos);
	DL_FUZZ_CHECK(r->nr == 0 || r->items != NULL);
	for (i = 0; i < r->nr; i++) {
		const struct dl_revstr *s = &r->items[i];

		DL_FUZZ_CHECK(s->value != NULL);
		DL_FUZZ_CHECK(s->value[s->len] == '\0');
		check_pos(s->pos);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_arena arena;
	struct dl_revfile rf;

	dl_arena_init(&arena);
	dl_revfile_parse(&rf, &arena, (const char *)data, size);
	check_ref(&rf.revision);
	check_ref(&rf.down_revision);
	check_ref(&rf.branch_labels);
	check_ref(&rf.depends_on);
	DL_FUZZ_CHECK(rf.has_autogen_marker == 0 || rf.has_autogen_marker == 1);
	if (rf.message)
		DL_FUZZ_CHECK(strchr(rf.message, '\n') == NULL);
	if (rf.error.set) {
		DL_FUZZ_CHECK(rf.error.message != NULL);
		check_pos(rf.error.pos);
	}
	dl_arena_release(&arena);
	return 0;
}
