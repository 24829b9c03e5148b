/*
 * Fuzz harness: .env files as python-dotenv parses them (dl_dotenv_parse),
 * ${VAR} expansion of every value (dl_dotenv_expand) and the example-file
 * name test on the input taken as a path.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "deploylint/dotenv.h"

static void
check_pos(struct dl_pos p)
{
	DL_FUZZ_CHECK(p.line >= 1 && p.col >= 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_arena arena;
	struct dl_dotenv env;
	struct dl_strbuf out = DL_STRBUF_INIT;
	char *path;
	size_t i, expanded = 0;

	dl_arena_init(&arena);
	dl_dotenv_parse(&env, &arena, (const char *)data, size);
	DL_FUZZ_CHECK(env.nr == 0 || env.bindings != NULL);
	for (i = 0; i < env.nr; i++) {
		const struct dl_env_binding *b = &env.bindings[i];

		DL_FUZZ_CHECK(b->key != NULL && b->key[b->key_len] == '\0');
		check_pos(b->key_pos);
		DL_FUZZ_CHECK(b->key_off < size);
		DL_FUZZ_CHECK(b->first_line >= 1 && b->first_line <= b->last_line);
		DL_FUZZ_CHECK(b->quote == DL_ENV_UNQUOTED ||
			      b->quote == DL_ENV_SINGLE ||
			      b->quote == DL_ENV_DOUBLE);
		if (b->value) {
			DL_FUZZ_CHECK(b->value[b->value_len] == '\0');
			DL_FUZZ_CHECK(b->eq_pos.line >= 1);
			check_pos(b->value_pos);
			DL_FUZZ_CHECK(b->value_off <= b->value_end_off &&
				      b->value_end_off <= size);
			DL_FUZZ_CHECK(b->key_off < b->value_off ||
				      (b->key_off == b->value_off && size == 0));
			/* an expansion may spend DL_MAX_DOTENV_EXPAND_WORK (1 Mi
			 * units, up to ~1 s under libFuzzer's instrumentation):
			 * expand the first value and the last one */
			if (expanded < 1 || i + 1 == env.nr) {
				expanded++;
				dl_strbuf_reset(&out);
				dl_dotenv_expand(&out, &env, i, b->value,
						 b->value_len);
				DL_FUZZ_CHECK(out.buf[out.len] == '\0');
			}
		} else {
			DL_FUZZ_CHECK(b->eq_pos.line == 0);
		}
		if (b->comment) {
			DL_FUZZ_CHECK(b->comment_len >= 1 && b->comment[0] == '#');
			check_pos(b->comment_pos);
		}
	}
	for (i = 0; i < env.errors_nr; i++) {
		DL_FUZZ_CHECK(env.errors[i].message != NULL);
		check_pos(env.errors[i].pos);
		check_pos(env.errors[i].at);
	}
	if (env.invalid_utf8)
		check_pos(env.first_invalid);

	path = dl_xstrndup((const char *)data, size);
	(void)dl_dotenv_is_example(path);
	free(path);
	dl_strbuf_release(&out);
	dl_arena_release(&arena);
	return 0;
}
