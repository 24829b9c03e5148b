/*
 * Unit tests for the command walk of the model stage (src/model/cmdwalk.c):
 * the scripts a command runs, read in the repository, with `cd` tracking
 * and the script depth limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/cmdwalk.h"
#include "deploylint/command.h"
#include "deploylint/kind.h"
#include "deploylint/limits.h"
#include "deploylint/parse.h"
#include "deploylint/repo.h"

static struct dl_arena arena;

static int
setup(void **state)
{
	(void)state;
	dl_arena_init(&arena);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	dl_arena_release(&arena);
	return 0;
}

struct seen {
	char lines[32][160];
	size_t nr;
};

static void
record(const struct dl_cmd_visit *v, void *payload)
{
	struct seen *s = payload;
	struct dl_pos p;
	if (s->nr >= 32 || !v->call->word)
		return;
	p = dl_cmd_pos(v->map, v->call->word->offset);
	snprintf(s->lines[s->nr++], sizeof(s->lines[0]), "%s@%s:%u:%u cwd=%s target=%s%s",
		 v->call->name, v->file ? v->file->path : "-", p.line, p.col,
		 v->cwd ? v->cwd : "?", v->target ? v->target : "-",
		 v->target_file ? "" : (v->target ? " (missing)" : ""));
}

static void
add_file(struct dl_repo *repo, const char *path, const char *data)
{
	struct dl_file *f;
	DL_ALLOC_GROW(repo->files, repo->nr + 1, repo->alloc);
	f = &repo->files[repo->nr++];
	memset(f, 0, sizeof(*f));
	f->path = dl_xstrdup(path);
	f->kind = dl_classify_path(path);
	f->data = dl_xstrdup(data);
	f->len = strlen(data);
	f->loaded = 1;
}

static void
test_walk(void **state)
{
	struct dl_repo repo;
	struct dl_cmdline cl;
	struct dl_cmd_posmap map;
	struct dl_pos one = { 1, 1 };
	struct seen seen;
	const char *cmd = "./build.sh && cd app && bash ../scripts/run.sh && (cd deeper) && uvicorn main:app && cd $HOME && ./x";
	size_t i;
	(void)state;

	memset(&repo, 0, sizeof(repo));
	/* sorted by path, as the scan leaves them */
	add_file(&repo, "backend/build.sh", "#!/bin/bash\npip install -r requirements.txt\ncd sub\n./build.sh\nsource env.sh\n");
	add_file(&repo, "backend/scripts/run.sh", "#!/bin/sh\nalembic upgrade head\n");
	add_file(&repo, "backend/sub/env.sh", "cd ..\n");
	/* the folders the walk saw, sorted (backend/app/deeper is missing) */
	{
		static const char *const dirs[] = {
			"", "backend", "backend/app", "backend/scripts", "backend/sub"
		};
		for (i = 0; i < DL_ARRAY_SIZE(dirs); i++) {
			DL_ALLOC_GROW(repo.dirs, repo.dirs_nr + 1, repo.dirs_alloc);
			repo.dirs[repo.dirs_nr++] = dl_xstrdup(dirs[i]);
		}
	}

	dl_cmd_parse(&cl, &arena, cmd, strlen(cmd));
	dl_cmd_posmap_text(&map, &arena, cmd, strlen(cmd), one);
	memset(&seen, 0, sizeof(seen));
	dl_cmd_walk(&repo, &arena, &cl, &map, NULL, "backend", NULL, record, &seen);

	i = 0;
	assert_string_equal(seen.lines[i++], "./build.sh@-:1:1 cwd=backend target=backend/build.sh");
	assert_string_equal(seen.lines[i++], "pip@backend/build.sh:2:1 cwd=backend target=-");
	assert_string_equal(seen.lines[i++], "cd@backend/build.sh:3:1 cwd=backend target=backend/sub (missing)");
	/* the script's own ./build.sh is itself: not walked again */
	assert_string_equal(seen.lines[i++], "./build.sh@backend/build.sh:4:1 cwd=backend/sub target=backend/sub/build.sh (missing)");
	assert_string_equal(seen.lines[i++], "env.sh@backend/build.sh:5:1 cwd=backend/sub target=backend/sub/env.sh");
	assert_string_equal(seen.lines[i++], "cd@backend/sub/env.sh:1:1 cwd=backend/sub target=backend (missing)");
	/* back in the command: build.sh ran in a child shell, its cd is gone */
	assert_string_equal(seen.lines[i++], "cd@-:1:15 cwd=backend target=backend/app (missing)");
	assert_string_equal(seen.lines[i++], "../scripts/run.sh@-:1:25 cwd=backend/app target=backend/scripts/run.sh");
	assert_string_equal(seen.lines[i++], "alembic@backend/scripts/run.sh:2:1 cwd=backend/app target=-");
	assert_string_equal(seen.lines[i++], "cd@-:1:52 cwd=backend/app target=backend/app/deeper (missing)");
	assert_string_equal(seen.lines[i++], "uvicorn@-:1:66 cwd=backend/app target=-");
	assert_string_equal(seen.lines[i++], "cd@-:1:86 cwd=backend/app target=-");
	assert_string_equal(seen.lines[i++], "./x@-:1:98 cwd=? target=-");
	assert_int_equal(seen.nr, i);

	/* a cd into a folder the repository does not hold: unknown after */
	cmd = "cd missing && ./run.sh; (cd app) && ./y";
	dl_cmd_parse(&cl, &arena, cmd, strlen(cmd));
	dl_cmd_posmap_text(&map, &arena, cmd, strlen(cmd), one);
	memset(&seen, 0, sizeof(seen));
	dl_cmd_walk(&repo, &arena, &cl, &map, NULL, "backend", NULL, record, &seen);
	assert_int_equal(seen.nr, 4);
	assert_string_equal(seen.lines[0], "cd@-:1:1 cwd=backend target=backend/missing (missing)");
	assert_string_equal(seen.lines[1], "./run.sh@-:1:15 cwd=? target=-");
	assert_string_equal(seen.lines[2], "cd@-:1:26 cwd=? target=-");
	assert_string_equal(seen.lines[3], "./y@-:1:37 cwd=? target=-");
	for (i = 0; i < repo.dirs_nr; i++)
		free(repo.dirs[i]);
	free(repo.dirs);

	for (i = 0; i < repo.nr; i++) {
		free(repo.files[i].path);
		free(repo.files[i].data);
	}
	free(repo.files);
}

struct depth_seen {
	unsigned max_depth;
	size_t echoes; /* `echo` commands visited (one per script walked) */
};

static void
record_depth(const struct dl_cmd_visit *v, void *payload)
{
	struct depth_seen *s = payload;
	if (v->depth > s->max_depth)
		s->max_depth = v->depth;
	if (v->call->name && !strcmp(v->call->name, "echo"))
		s->echoes++;
}

/* A chain of scripts each running the next: DL_MAX_CMD_SCRIPT_DEPTH of
 * them are walked, the next one is visited as a command but not read. */
static void
test_script_depth_limit(void **state)
{
	struct dl_repo repo;
	struct dl_cmdline cl;
	struct dl_cmd_posmap map;
	struct dl_pos one = { 1, 1 };
	struct depth_seen seen;
	const char *cmd = "./s00.sh";
	char path[32], body[64];
	size_t i, n = DL_MAX_CMD_SCRIPT_DEPTH + 3;
	(void)state;

	memset(&repo, 0, sizeof(repo));
	DL_ALLOC_GROW(repo.dirs, repo.dirs_nr + 1, repo.dirs_alloc);
	repo.dirs[repo.dirs_nr++] = dl_xstrdup("");
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "s%02zu.sh", i);
		snprintf(body, sizeof(body), "#!/bin/sh\necho %zu\n./s%02zu.sh\n", i, i + 1);
		add_file(&repo, path, body);
	}
	dl_cmd_parse(&cl, &arena, cmd, strlen(cmd));
	dl_cmd_posmap_text(&map, &arena, cmd, strlen(cmd), one);
	memset(&seen, 0, sizeof(seen));
	dl_cmd_walk(&repo, &arena, &cl, &map, NULL, "", NULL, record_depth, &seen);
	assert_int_equal(seen.echoes, DL_MAX_CMD_SCRIPT_DEPTH);
	assert_int_equal(seen.max_depth, DL_MAX_CMD_SCRIPT_DEPTH);
	/* the depth reached is a limit note (PARSE002), once per script */
	assert_true(repo.limits_nr >= 1);
	assert_string_equal(repo.limits[0].limit, "DL_MAX_CMD_SCRIPT_DEPTH");

	for (i = 0; i < repo.limits_nr; i++) {
		free(repo.limits[i].path);
		free(repo.limits[i].what);
	}
	free(repo.limits);
	free(repo.dirs[0]);
	free(repo.dirs);
	for (i = 0; i < repo.nr; i++) {
		free(repo.files[i].path);
		free(repo.files[i].data);
	}
	free(repo.files);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_script_depth_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
