/*
 * Fuzz harness: alembic.ini as configparser reads it (dl_ini_parse), then
 * BasicInterpolation of every value (dl_ini_interpolate) and lookups.
 */
#include <string.h>

#include "fuzz.h"
#include "deploylint/parse.h"

static const char *const defaults[] = { "here", "/srv/app", NULL };

static void
check_pos(struct dl_pos p)
{
	DL_FUZZ_CHECK(p.line >= 1 && p.col >= 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_arena arena;
	struct dl_ini ini;
	struct dl_strbuf out = DL_STRBUF_INIT;
	size_t i, j;
	/* names are C strings: lookups by name only round-trip without NULs */
	int has_nul = memchr(data, '\0', size) != NULL;

	dl_arena_init(&arena);
	dl_ini_parse(&ini, &arena, (const char *)data, size);
	if (ini.error.set) {
		DL_FUZZ_CHECK(ini.error.message != NULL);
		check_pos(ini.error.pos);
	}
	for (i = 0; i < ini.nr; i++) {
		const struct dl_ini_section *s = &ini.sections[i];

		DL_FUZZ_CHECK(s->name != NULL);
		check_pos(s->pos);
		DL_FUZZ_CHECK(has_nul || dl_ini_section(&ini, s->name) != NULL);
		for (j = 0; j < s->nr; j++) {
			const struct dl_ini_entry *e = &s->entries[j];
			size_t bad = (size_t)-1;
			int r;

			DL_FUZZ_CHECK(e->key != NULL && e->value != NULL);
			DL_FUZZ_CHECK(e->value[e->value_len] == '\0');
			check_pos(e->key_pos);
			check_pos(e->value_pos);
			DL_FUZZ_CHECK(e->value_end_line >= e->value_pos.line);
			DL_FUZZ_CHECK(has_nul ||
				      dl_ini_get(&ini, s->name, e->key) != NULL);
			dl_strbuf_reset(&out);
			r = dl_ini_interpolate(&out, &ini, s->name, e->value,
					       e->value_len, defaults, &bad);
			DL_FUZZ_CHECK(r == 0 || r == -1);
			if (r < 0)
				DL_FUZZ_CHECK(bad < e->value_len);
			DL_FUZZ_CHECK(out.buf[out.len] == '\0');
		}
	}
	/* lookups of names that may or may not exist */
	(void)dl_ini_get(&ini, "alembic", "script_location");
	(void)dl_ini_get(&ini, "alembic", "sqlalchemy.url");
	(void)dl_ini_get(&ini, "DEFAULT", "here");
	(void)dl_ini_section(&ini, "alembic");
	dl_strbuf_release(&out);
	dl_arena_release(&arena);
	return 0;
}
