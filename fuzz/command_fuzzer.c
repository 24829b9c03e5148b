/*
 * Fuzz harness: the command reader (dl_cmd_parse) on a build/start command
 * or shell script, then classification of every simple command, option
 * lookups, positions, path resolution and the walk over the scripts it
 * runs (in a repository whose only file, deploy.sh, holds the input: a
 * script that runs itself must not loop).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "deploylint/cmdwalk.h"
#include "deploylint/command.h"
#include "deploylint/limits.h"

struct walk_state {
	size_t visits;
};

static void
visit(const struct dl_cmd_visit *v, void *payload)
{
	struct walk_state *st = payload;

	st->visits++;
	DL_FUZZ_CHECK(v->call != NULL && v->file != NULL);
	DL_FUZZ_CHECK(v->depth <= DL_MAX_CMD_SCRIPT_DEPTH);
	if (v->target && v->target_file)
		DL_FUZZ_CHECK(!strcmp(v->target, v->target_file->path));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const valued[] = { "-b", "--bind", "-k", "-w", NULL };
	struct dl_arena arena;
	struct dl_cmdline cl;
	struct dl_cmd_posmap map;
	struct dl_repo repo;
	struct walk_state st;
	struct dl_pos start = { 3, 5 };
	size_t i, j, words = 0;

	dl_arena_init(&arena);
	dl_cmd_parse(&cl, &arena, (const char *)data, size);
	DL_FUZZ_CHECK(cl.nr == 0 || cl.cmds != NULL);
	if (cl.unterminated)
		DL_FUZZ_CHECK(cl.error_offset <= size);
	dl_cmd_posmap_text(&map, &arena, (const char *)data, size, start);
	DL_FUZZ_CHECK(map.len == size);
	for (i = 0; i < cl.nr; i++) {
		const struct dl_cmd_simple *c = &cl.cmds[i];
		struct dl_cmd_call call;
		const char *value;
		const struct dl_cmd_word *where;
		struct dl_pos p;

		DL_FUZZ_CHECK(c->offset <= size);
		p = dl_cmd_pos(&map, c->offset);
		DL_FUZZ_CHECK(p.line >= start.line && p.col >= 1);
		for (j = 0; j < c->assigns_nr + c->argc; j++) {
			const struct dl_cmd_word *w = j < c->assigns_nr ? &c->assigns[j] : &c->argv[j - c->assigns_nr];
			int outside = 0;
			char *r;

			words++;
			DL_FUZZ_CHECK(w->text != NULL && w->text[w->len] == '\0');
			DL_FUZZ_CHECK(w->offset <= w->end && w->end <= size);
			r = dl_cmd_resolve("app", w->text, w->expands, &outside);
			if (r && !outside)
				DL_FUZZ_CHECK(strncmp(r, "../", 3) != 0);
			free(r);
		}
		dl_cmd_classify(&call, c);
		DL_FUZZ_CHECK(call.tool >= DL_TOOL_NONE && call.tool <= DL_TOOL_OTHER);
		DL_FUZZ_CHECK(call.arg <= c->argc);
		if (call.tool != DL_TOOL_NONE)
			DL_FUZZ_CHECK(call.name != NULL);
		(void)dl_cmd_option(c, call.arg, "--host", NULL, &value, &where);
		(void)dl_cmd_option(c, call.arg, "--bind", "-b", &value, &where);
		(void)dl_cmd_flag(c, call.arg, "--reload");
		(void)dl_cmd_positional(c, call.arg, valued);
	}
	DL_FUZZ_CHECK(words <= DL_MAX_CMD_WORDS);

	/* walk the commands in a repository where the input is deploy.sh */
	memset(&repo, 0, sizeof(repo));
	dl_strbuf_init(&repo.notes, 0);
	repo.root = dl_xstrdup("/nonexistent-fuzz-root");
	repo.files = dl_xcalloc(1, sizeof(*repo.files));
	repo.nr = repo.alloc = 1;
	repo.files[0].path = dl_xstrdup("deploy.sh");
	repo.files[0].kind = DL_KIND_SHELL;
	repo.files[0].flags = DL_FILE_TRACKED;
	repo.files[0].git_mode = 0100755;
	repo.files[0].size = size;
	repo.files[0].data = dl_xmalloc(size + 1);
	memcpy(repo.files[0].data, data, size);
	repo.files[0].data[size] = '\0';
	repo.files[0].len = size;
	repo.files[0].loaded = 1;
	memset(&st, 0, sizeof(st));
	dl_cmd_walk(&repo, &arena, &cl, &map, &repo.files[0], "", NULL, visit, &st);
	dl_repo_release(&repo);

	dl_arena_release(&arena);
	return 0;
}
