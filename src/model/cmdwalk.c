/*
 * deploylint: walking a deploy command through `cd` and the repository
 * scripts it runs (deploylint/cmdwalk.h). Part of the model stage: it
 * finds and loads the scripts in the scanned repository; the command
 * reader (src/parse/command.c) only reads bytes.
 */
#include "deploylint/cmdwalk.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/util.h"

#define MAX_CWD_LEVELS 16

struct walk {
	struct dl_repo *repo;
	struct dl_arena *arena;
	dl_cmd_script_fn get;
	dl_cmd_visit_fn visit;
	void *payload;
	struct dl_file *stack[DL_MAX_CMD_SCRIPT_DEPTH + 1];
	unsigned depth;
};

/* Whether f should be read as a shell script. */
static int
shell_script(struct dl_repo *repo, struct dl_file *f)
{
	const char *base = dl_path_basename(f->path);
	size_t n = strlen(base);
	const char *nl;

	if (n >= 3 && !strcmp(base + n - 3, ".py"))
		return 0;
	if (dl_repo_load(repo, f) < 0)
		return 0;
	if (f->len >= 2 && f->data[0] == '#' && f->data[1] == '!') {
		nl = memchr(f->data, '\n', f->len);
		{
			size_t ll = nl ? (size_t)(nl - f->data) : f->len;
			size_t k;
			for (k = 2; k + 6 <= ll; k++)
				if (!memcmp(f->data + k, "python", 6))
					return 0;
		}
	}
	return 1;
}

static char *
walk_cmds(struct walk *w, const struct dl_cmdline *cl,
	  const struct dl_cmd_posmap *map, struct dl_file *file, char *cwd);

/* Walks the script of visit v (already visited); returns the folder the
 * caller continues in (malloc'd): cwd itself unless sourced. */
static char *
enter_script(struct walk *w, struct dl_file *sf, char *cwd, int sourced)
{
	const struct dl_cmdline *scl = NULL;
	struct dl_cmd_posmap *smap;
	struct dl_pos one = { 1, 1 };
	unsigned k;
	char *after;

	for (k = 0; k <= w->depth; k++)
		if (w->stack[k] == sf)
			return cwd;
	if (w->depth >= DL_MAX_CMD_SCRIPT_DEPTH) {
		dl_repo_note_limit(w->repo, sf->path, "DL_MAX_CMD_SCRIPT_DEPTH",
				   "script not read: it runs %u scripts deep (from %s)",
				   w->depth + 1, w->stack[0] ? w->stack[0]->path : "?");
		return cwd;
	}
	if (!shell_script(w->repo, sf))
		return cwd;
	if (w->get)
		scl = w->get(sf, w->payload);
	if (!scl) {
		struct dl_cmdline *p = dl_arena_alloc(w->arena, sizeof(*p));
		dl_cmd_parse(p, w->arena, sf->data, sf->len);
		scl = p;
	}
	if (scl->truncated)
		dl_repo_note_limit(w->repo, sf->path, "DL_MAX_CMD_WORDS",
				   "script read only up to its %u-th word", DL_MAX_CMD_WORDS);
	smap = dl_arena_alloc(w->arena, sizeof(*smap));
	dl_cmd_posmap_text(smap, w->arena, sf->data, sf->len, one);
	w->depth++;
	w->stack[w->depth] = sf;
	after = walk_cmds(w, scl, smap, sf, cwd ? dl_xstrdup(cwd) : NULL);
	w->depth--;
	if (sourced) {
		free(cwd);
		return after;
	}
	free(after);
	return cwd;
}

static char *
walk_cmds(struct walk *w, const struct dl_cmdline *cl,
	  const struct dl_cmd_posmap *map, struct dl_file *file, char *cwd)
{
	char *saved[MAX_CWD_LEVELS];
	unsigned level = 0;
	size_t i;

	for (i = 0; i < cl->nr; i++) {
		const struct dl_cmd_simple *c = &cl->cmds[i];
		struct dl_cmd_call call;
		struct dl_cmd_visit v;
		char *target = NULL;

		/* leaving subshells restores the folder they started in */
		while (level > c->depth && level > 0) {
			level--;
			if (level < MAX_CWD_LEVELS) {
				free(cwd);
				cwd = saved[level];
			}
		}
		while (level < c->depth) {
			if (level < MAX_CWD_LEVELS)
				saved[level] = cwd ? dl_xstrdup(cwd) : NULL;
			level++;
		}

		dl_cmd_classify(&call, c);
		memset(&v, 0, sizeof(v));
		v.call = &call;
		v.cwd = cwd;
		v.file = file;
		v.map = map;
		v.depth = w->depth;
		if (call.tool == DL_TOOL_CD) {
			const struct dl_cmd_word *dir =
				call.arg < c->argc ? &c->argv[call.arg] : NULL;
			if (dir && !strcmp(dir->text, "--"))
				dir = call.arg + 1 < c->argc ? &c->argv[call.arg + 1] : NULL;
			if (dir)
				target = dl_cmd_resolve(cwd, dir->text, dir->expands,
							&v.target_outside);
			v.target = target;
		} else if ((call.tool == DL_TOOL_SCRIPT ||
			    call.tool == DL_TOOL_PYTHON_FILE) &&
			   call.script) {
			target = dl_cmd_resolve(cwd, call.script->text,
						call.script->expands,
						&v.target_outside);
			v.target = target;
			if (target && !v.target_outside)
				v.target_file = dl_repo_find(w->repo, target);
		}
		w->visit(&v, w->payload);
		if (call.tool == DL_TOOL_CD) {
			free(cwd);
			cwd = target; /* NULL (unknown) unless resolved */
			target = NULL;
			/* a folder outside the repository or not in it (made by
			 * the build, or a failing cd): where we are is unknown */
			if (cwd && (v.target_outside || !dl_repo_has_dir(w->repo, cwd))) {
				free(cwd);
				cwd = NULL;
			}
		} else if (call.tool == DL_TOOL_SCRIPT && v.target_file) {
			cwd = enter_script(w, v.target_file, cwd, call.sourced);
		}
		free(target);
	}
	while (level > 0) {
		level--;
		if (level < MAX_CWD_LEVELS) {
			free(cwd);
			cwd = saved[level];
		}
	}
	return cwd;
}

void
dl_cmd_walk(struct dl_repo *repo, struct dl_arena *arena,
	    const struct dl_cmdline *cl, const struct dl_cmd_posmap *map,
	    struct dl_file *file, const char *cwd, dl_cmd_script_fn get,
	    dl_cmd_visit_fn visit, void *payload)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.repo = repo;
	w.arena = arena;
	w.get = get;
	w.visit = visit;
	w.payload = payload;
	w.stack[0] = file;
	if (cl->truncated && file)
		dl_repo_note_limit(repo, file->path, "DL_MAX_CMD_WORDS",
				   "command read only up to its %u-th word", DL_MAX_CMD_WORDS);
	free(walk_cmds(&w, cl, map, file, cwd ? dl_xstrdup(cwd) : NULL));
}
