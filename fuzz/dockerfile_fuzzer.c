/*
 * Fuzz harness: Dockerfiles as BuildKit reads them (dl_dockerfile_parse),
 * variable substitution of every stage's image and of the last
 * instruction's arguments (dl_dockerfile_expand), and image references
 * (dl_dockerfile_image_split).
 */
#include <string.h>

#include "fuzz.h"
#include "deploylint/dockerfile.h"

static void
check_word(const struct dl_df_word *w, size_t size)
{
	DL_FUZZ_CHECK(w->text != NULL && w->text[w->len] == '\0');
	DL_FUZZ_CHECK(w->pos.line >= 1 && w->pos.col >= 1);
	DL_FUZZ_CHECK(w->off <= size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_arena arena;
	struct dl_dockerfile df;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t i, k;
	unsigned last_line = 0;

	dl_arena_init(&arena);
	dl_dockerfile_parse(&df, &arena, (const char *)data, size);
	DL_FUZZ_CHECK(df.escape == '\\' || df.escape == '`');
	DL_FUZZ_CHECK(df.nr > 0 || df.error.set);
	if (df.error.set)
		DL_FUZZ_CHECK(df.error.message != NULL && df.error.pos.line >= 1);
	for (i = 0; i < df.nr; i++) {
		const struct dl_df_instr *in = &df.instrs[i];
		check_word(&in->keyword, size);
		/* a lone escape at the end of the file makes an empty instruction */
		DL_FUZZ_CHECK(in->keyword.len > 0 || in->kind == DL_DF_UNKNOWN);
		DL_FUZZ_CHECK(in->first_line > last_line);
		DL_FUZZ_CHECK(in->first_line <= in->last_line);
		last_line = in->last_line;
		DL_FUZZ_CHECK(in->rest != NULL && in->rest[in->rest_len] == '\0');
		DL_FUZZ_CHECK(in->rest_off <= size && in->end_off <= size);
		DL_FUZZ_CHECK(in->stage >= -1 && in->stage < (int)df.stages_nr);
		for (k = 0; k < in->args_nr; k++)
			check_word(&in->args[k], size);
		for (k = 0; k < in->kvs_nr; k++) {
			check_word(&in->kvs[k].key, size);
			if (in->kvs[k].value.text)
				check_word(&in->kvs[k].value, size);
		}
		for (k = 0; k < in->flags_nr; k++)
			DL_FUZZ_CHECK(in->flags[k].name != NULL && in->flags[k].off < size);
		for (k = 0; k < in->heredocs_nr; k++)
			DL_FUZZ_CHECK(in->heredocs[k].name_len > 0 &&
				      in->heredocs[k].last_line <= in->last_line);
	}
	for (i = 0; i < df.stages_nr; i++) {
		const struct dl_df_stage *st = &df.stages[i];
		DL_FUZZ_CHECK(st->instr < df.nr && df.instrs[st->instr].kind == DL_DF_FROM);
		DL_FUZZ_CHECK(st->parent < (int)i);
		if (st->image) {
			const char *n, *t, *d;
			size_t nl, tl, dl;
			dl_dockerfile_image_split(st->image->text, st->image->len, &n, &nl,
						  &t, &tl, &d, &dl);
			DL_FUZZ_CHECK(n >= st->image->text && n + nl <= st->image->text + st->image->len);
		}
	}
	if (df.nr) {
		const struct dl_df_instr *in = &df.instrs[df.nr - 1];
		dl_strbuf_reset(&sb);
		(void)dl_dockerfile_expand(&sb, &df, df.nr - 1, in->rest, in->rest_len);
		DL_FUZZ_CHECK(sb.buf[sb.len] == '\0');
	}
	dl_strbuf_release(&sb);
	dl_arena_release(&arena);
	return 0;
}
