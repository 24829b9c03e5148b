/*
 * deploylint: the GIT family, from the git facts the scan reads through
 * libgit2 (index modes, tracked/untracked/ignored): scripts run without
 * the execute bit, migrations that never reach the repository, CRLF
 * scripts, and committed virtualenvs, databases, bytecode and uploads.
 */
#include "rules/check.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/blueprint.h"
#include "deploylint/command.h"
#include "deploylint/limits.h"
#include "deploylint/util.h"

#define MODE_REGULAR 0100644u
#define MODE_EXEC 0100755u

/* Places already reported (a script shared by several services). */
static int
first_time(struct dl_strset *s, const char *rule, const char *path,
	   struct dl_region reg)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	dl_strbuf_addf(&sb, "%s|%s|%u|%u", rule, path, reg.line, reg.col);
	return dl_strset_add(s, dl_strbuf_detach(&sb, NULL));
}

static struct dl_region
whole_file(void)
{
	struct dl_region r = { 0, 0, 0, 0 };
	return r;
}

static struct dl_region
word_region(const struct dl_cmd_visit *v, const struct dl_cmd_word *w)
{
	struct dl_pos a = dl_cmd_pos(v->map, w->offset);
	struct dl_pos b = dl_cmd_pos(v->map, w->end ? w->end - 1 : w->end);
	struct dl_region reg = dl_region_span(a.line, a.col, 1);
	if (b.line == a.line && b.col >= a.col)
		reg.end_col = b.col + 1;
	return reg;
}

/* ---- scripts run by commands: GIT001, and their CRLF (GIT003) ---- */

struct gitwalk {
	struct dl_check_ctx *ctx;
	struct dl_strset *seen;
	/* every script a command runs (for GIT003) */
	struct dl_file **scripts;
	size_t scripts_nr, scripts_alloc;
	/* paths a `chmod +x` of a command made executable before it runs
	 * them, in the repository's terms ("build.sh", "api/run.sh") */
	char **chmod_x;
	size_t chmod_x_nr, chmod_x_alloc;
};

/* "./a/./b.sh" -> "a/b.sh" joined to cwd (NULL when cwd is unknown). */
static char *
resolve_word(const char *cwd, const char *w)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	if (!cwd)
		return NULL;
	while (w[0] == '.' && w[1] == '/')
		w += 2;
	if (*cwd) {
		dl_strbuf_puts(&sb, cwd);
		dl_strbuf_putc(&sb, '/');
	}
	dl_strbuf_puts(&sb, w);
	return dl_strbuf_detach(&sb, NULL);
}

/* A chmod that adds the execute bit: +x, u+x, a+x, ugo+x, or an octal
 * mode with the owner's execute bit (755, 0700). */
static int
chmod_adds_exec(const char *mode)
{
	size_t n = strlen(mode);
	if (n >= 2 && mode[n - 1] == 'x' && strchr(mode, '+'))
		return 1;
	if (n == 3 || n == 4) {
		char owner = mode[n - 3];
		size_t i;
		for (i = 0; i < n; i++)
			if (mode[i] < '0' || mode[i] > '7')
				return 0;
		return (owner - '0') & 1;
	}
	return 0;
}

static void
note_chmod(struct gitwalk *g, const struct dl_cmd_visit *v)
{
	const struct dl_cmd_simple *c = v->call->cmd;
	size_t i;
	int exec = 0;
	if (!c || !c->argc || strcmp(c->argv[0].text, "chmod"))
		return;
	for (i = 1; i < c->argc; i++)
		if (c->argv[i].text[0] != '-' && chmod_adds_exec(c->argv[i].text)) {
			exec = 1;
			break;
		}
	for (i++; exec && i < c->argc; i++) {
		char *p = resolve_word(v->cwd, c->argv[i].text);
		if (!p)
			continue;
		DL_ALLOC_GROW(g->chmod_x, g->chmod_x_nr + 1, g->chmod_x_alloc);
		g->chmod_x[g->chmod_x_nr++] = p;
	}
}

static int
made_executable(const struct gitwalk *g, const char *path)
{
	size_t i;
	for (i = 0; i < g->chmod_x_nr; i++)
		if (!strcmp(g->chmod_x[i], path))
			return 1;
	return 0;
}

static void
visit(const struct dl_cmd_visit *v, void *payload)
{
	struct gitwalk *g = payload;
	const struct dl_cmd_call *call = v->call;
	struct dl_file *sf = v->target_file;
	struct dl_region reg;
	struct dl_finding *f;

	note_chmod(g, v);
	if (call->tool != DL_TOOL_SCRIPT || !sf)
		return;
	DL_ALLOC_GROW(g->scripts, g->scripts_nr + 1, g->scripts_alloc);
	g->scripts[g->scripts_nr++] = sf;
	if (!call->direct)
		return;
	reg = word_region(v, call->script);
	if (!first_time(g->seen, dl_rule_id_str(DL_RULE_GIT001), v->file->path, reg))
		return;
	if (!(sf->flags & DL_FILE_TRACKED)) {
		f = dl_report_add(g->ctx->report, dl_rule_get(DL_RULE_GIT001), v->file->path, reg,
				  "`%s` is %s by git, so Render's checkout does not have it; `git add --chmod=+x %s` and commit",
				  sf->path, sf->flags & DL_FILE_IGNORED ? "ignored" : "not tracked",
				  sf->path);
		dl_finding_add_related(f, sf->path, whole_file(), "the script");
	} else if (sf->git_mode == MODE_REGULAR && !made_executable(g, sf->path)) {
		f = dl_report_add(g->ctx->report, dl_rule_get(DL_RULE_GIT001), v->file->path, reg,
				  "`%s` is committed without the execute bit (mode 100644), so running it fails with \"Permission denied\"; run `git update-index --chmod=+x %s` and commit, or call it as `bash %s`",
				  sf->path, sf->path,
				  !strncmp(call->script->text, "./", 2) ? call->script->text + 2 : call->script->text);
		dl_finding_add_related(f, sf->path, whole_file(), "committed with mode 100644");
		/* --fix: the mode git should have recorded */
		dl_finding_fix_exec(f, sf->path);
	} else if (sf->git_mode == MODE_EXEC && dl_repo_load(g->ctx->repo, sf) == 0 &&
		   (sf->len < 2 || sf->data[0] != '#' || sf->data[1] != '!')) {
		f = dl_report_add_level(g->ctx->report, dl_rule_get(DL_RULE_GIT001), DL_LEVEL_NOTE,
					v->file->path, reg,
					"`%s` is executed directly but has no `#!` line, so the kernel cannot tell which interpreter runs it; add `#!/usr/bin/env bash` as its first line",
					sf->path);
		dl_finding_add_related(f, sf->path, dl_region_span(1, 1, 0), "first line");
	}
}

static const struct dl_cmdline *
shell_doc(struct dl_file *f, void *payload)
{
	struct gitwalk *g = payload;
	if (f->kind != DL_KIND_SHELL)
		return NULL;
	return dl_ctx_doc(g->ctx, f);
}

static void
walk_yaml(struct gitwalk *g, struct dl_arena *arena, struct dl_file *file,
	  const struct dl_cmd_lines *lines, const struct dl_yaml_node *n,
	  const char *cwd)
{
	struct dl_cmdline cl;
	struct dl_cmd_posmap map;

	n = dl_yaml_resolve(n);
	if (!n || n->type != DL_YAML_SCALAR || !file->data)
		return;
	dl_cmd_parse(&cl, arena, n->scalar, n->scalar_len);
	dl_cmd_posmap_yaml(&map, arena, lines, n);
	dl_cmd_walk(g->ctx->repo, arena, &cl, &map, file, cwd, shell_doc, visit, g);
}

static void
walk_procfile(struct gitwalk *g, struct dl_arena *arena, struct dl_file *f)
{
	const char *p, *end;
	unsigned line = 1;
	char *dir;

	if (!dl_file_lintable(f) || dl_repo_load(g->ctx->repo, f) < 0)
		return;
	dir = dl_path_dirname(f->path);
	p = f->data;
	end = f->data + f->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *colon = memchr(p, ':', (size_t)(le - p));
		if (colon && colon > p) {
			struct dl_cmdline cl;
			struct dl_cmd_posmap map;
			const char *cmd = colon + 1;
			struct dl_pos start;
			size_t n;
			while (cmd < le && (*cmd == ' ' || *cmd == '\t'))
				cmd++;
			n = (size_t)(le - cmd);
			if (n && cmd[n - 1] == '\r')
				n--;
			start.line = line;
			start.col = (unsigned)(cmd - p) + 1;
			dl_cmd_parse(&cl, arena, cmd, n);
			dl_cmd_posmap_text(&map, arena, cmd, n, start);
			dl_cmd_walk(g->ctx->repo, arena, &cl, &map, f, dir, shell_doc, visit, g);
		}
		line++;
		p = nl ? nl + 1 : end;
	}
	free(dir);
}

static void
walk_commands(struct gitwalk *g)
{
	struct dl_repo *repo = g->ctx->repo;
	struct dl_arena arena;
	size_t i, j;
	int blueprint = 0;

	dl_arena_init(&arena);
	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		const struct dl_yaml_doc *doc;
		struct dl_blueprint bp;
		struct dl_cmd_lines lines;

		if (f->kind != DL_KIND_RENDER_YAML)
			continue;
		doc = dl_ctx_doc(g->ctx, f);
		if (!doc || doc->error.set)
			continue;
		dl_blueprint_build(&bp, f, doc);
		dl_cmd_lines_init(&lines, &arena, f->data, f->len);
		for (j = 0; j < bp.services_nr; j++) {
			const struct dl_bp_service *s = &bp.services[j];
			if (!s->runtime_s || !strcmp(s->runtime_s, "docker") ||
			    !strcmp(s->runtime_s, "image") || s->root_dir_outside)
				continue;
			blueprint = 1;
			walk_yaml(g, &arena, f, &lines, s->build_command, s->work_dir);
			walk_yaml(g, &arena, f, &lines, s->pre_deploy_command, s->work_dir);
			walk_yaml(g, &arena, f, &lines, s->start_command, s->work_dir);
		}
		dl_blueprint_release(&bp);
	}
	if (!blueprint)
		for (i = 0; i < repo->nr; i++)
			if (repo->files[i].kind == DL_KIND_PROCFILE)
				walk_procfile(g, &arena, &repo->files[i]);
	dl_arena_release(&arena);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* ---- GIT003 ---- */

/* Whether a .gitattributes in f's folder or above sets eol=lf for it. */
static int
attributes_force_lf(struct dl_repo *repo, const char *path)
{
	char *dir = dl_path_dirname(path);
	const char *base = dl_path_basename(path);
	const char *ext = strrchr(base, '.');
	int found = 0, guard;

	for (guard = 0; guard < 256 && !found; guard++) {
		char *ga = dl_path_join(dir, ".gitattributes");
		struct dl_file *f = dl_repo_find(repo, ga);
		free(ga);
		if (f && dl_repo_load(repo, f) == 0) {
			const char *p = f->data, *end = f->data + f->len;
			while (p < end && !found) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				const char *le = nl ? nl : end;
				size_t pl = strcspn(p, " \t\n");
				char pat[256];
				if (pl < sizeof(pat) && (size_t)(le - p) > pl) {
					memcpy(pat, p, pl);
					pat[pl] = '\0';
					if ((!strcmp(pat, "*") || !strcmp(pat, base) ||
					     (ext && pat[0] == '*' && !strcmp(pat + 1, ext))) &&
					    (strstr(p, "eol=lf") && strstr(p, "eol=lf") < le))
						found = 1;
				}
				p = nl ? nl + 1 : end;
			}
		}
		if (!*dir)
			break;
		{
			char *up = dl_path_dirname(dir);
			free(dir);
			dir = up;
		}
	}
	free(dir);
	return found;
}

static void
check_crlf(struct dl_check_ctx *ctx, struct dl_file *f, struct dl_strset *seen)
{
	const char *cr;
	unsigned line = 1;
	const char *ls, *p;
	struct dl_region reg;

	if (!dl_file_lintable(f) || dl_repo_load(ctx->repo, f) < 0 || !f->data)
		return;
	cr = memchr(f->data, '\r', f->len);
	if (!cr || (size_t)(cr - f->data) + 1 >= f->len || cr[1] != '\n')
		return;
	if (attributes_force_lf(ctx->repo, f->path))
		return;
	ls = f->data;
	for (p = f->data; p < cr; p++)
		if (*p == '\n') {
			line++;
			ls = p + 1;
		}
	reg = dl_region_span(line, (unsigned)(cr - ls) + 1, 2);
	if (!first_time(seen, dl_rule_id_str(DL_RULE_GIT003), f->path, reg))
		return;
	dl_report_add(ctx->report, dl_rule_get(DL_RULE_GIT003), f->path, reg,
		      "this %s has CRLF (Windows) line endings, so the shell fails with \"$'\\r': command not found\" or \"bad interpreter\"; convert it to LF (dos2unix) and add `%s text eol=lf` to .gitattributes",
		      f->kind == DL_KIND_PROCFILE ? "Procfile" : "script",
		      ends_with(f->path, ".sh") ? "*.sh" : dl_path_basename(f->path));
}

/* ---- GIT002 ---- */

static int
in_version_dir(const struct dl_script_location *loc, const char *path,
	       const struct dl_version_dir **vd_out)
{
	size_t i;
	char *dir = dl_path_dirname(path);
	int r = 0;

	for (i = 0; i < loc->versions_nr && !r; i++) {
		const struct dl_version_dir *vd = &loc->versions[i];
		if (!vd->dir || vd->missing || vd->outside)
			continue;
		if (!strcmp(dir, vd->dir) || (loc->recursive && dl_path_is_under(dir, vd->dir))) {
			r = 1;
			*vd_out = vd;
		}
	}
	free(dir);
	return r;
}

/* An id a committed revision names in down_revision or depends_on. */
struct referrer {
	const char *id;
	const struct dl_revision *rev;
};

static int
referrer_cmp(const void *a, const void *b)
{
	const struct referrer *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x->rev < y->rev ? -1 : x->rev > y->rev; /* first file first */
}

static void
add_refs(struct referrer **v, size_t *nr, size_t *alloc, const struct dl_revref *ref,
	 const struct dl_revision *r)
{
	size_t i;
	if (ref->kind != DL_REVREF_STRING && ref->kind != DL_REVREF_TUPLE)
		return;
	for (i = 0; i < ref->nr; i++) {
		DL_ALLOC_GROW(*v, *nr + 1, *alloc);
		(*v)[*nr].id = ref->items[i].value;
		(*v)[*nr].rev = r;
		(*nr)++;
	}
}

/* The committed revision of loc that names `id` (first by file path), or
 * NULL; *index is built on first use (sorted by id). */
static const struct dl_revision *
find_referrer(const struct dl_script_location *loc, const char *id,
	      struct referrer **index, size_t *nr, int *built)
{
	size_t lo = 0, hi, alloc = 0, k;

	if (!*built) {
		*built = 1;
		for (k = 0; k < loc->revs_nr; k++) {
			const struct dl_revision *r = &loc->revs[k];
			if (!(r->file->flags & DL_FILE_TRACKED))
				continue;
			add_refs(index, nr, &alloc, &r->rf.down_revision, r);
			add_refs(index, nr, &alloc, &r->rf.depends_on, r);
		}
		if (*nr > 1)
			qsort(*index, *nr, sizeof(**index), referrer_cmp);
	}
	hi = *nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp((*index)[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < *nr && !strcmp((*index)[lo].id, id) ? (*index)[lo].rev : NULL;
}

static void
check_untracked_migrations(struct dl_check_ctx *ctx)
{
	struct dl_repo *repo = ctx->repo;
	struct dl_alembic *a = ctx->alembic;
	struct dl_arena arena;
	struct referrer **index = dl_xcalloc(a->locs_nr ? a->locs_nr : 1, sizeof(*index)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	size_t *index_nr = dl_xcalloc(a->locs_nr ? a->locs_nr : 1, sizeof(*index_nr));
	int *built = dl_xcalloc(a->locs_nr ? a->locs_nr : 1, sizeof(*built));
	size_t i, l;

	dl_arena_init(&arena);
	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		const char *base = dl_path_basename(f->path);
		size_t bl = strlen(base);
		const struct dl_script_location *loc = NULL;
		const struct dl_version_dir *vd = NULL;
		const struct dl_revision *referrer = NULL;
		struct dl_revfile rf;
		const char *id = NULL;
		struct dl_region reg = whole_file();
		struct dl_finding *fd;
		int ignored;

		if (f->flags & DL_FILE_TRACKED)
			continue;
		if (bl < 4 || strcmp(base + bl - 3, ".py") || !strncmp(base, ".#", 2) ||
		    !strncmp(base, "__init__", 8))
			continue;
		for (l = 0; l < a->locs_nr && !loc; l++)
			if (a->locs[l].dir && !a->locs[l].shared &&
			    in_version_dir(&a->locs[l], f->path, &vd))
				loc = &a->locs[l];
		if (!loc)
			continue;
		l = (size_t)(loc - a->locs);
		ignored = (f->flags & DL_FILE_IGNORED) != 0;
		/* its revision id, read the way the Alembic model reads it */
		if (dl_repo_load(repo, f) == 0) {
			dl_revfile_parse(&rf, &arena, f->data, f->len);
			if (rf.revision.kind == DL_REVREF_STRING && rf.revision.nr == 1) {
				id = rf.revision.items[0].value;
				reg = dl_region_span(rf.revision.items[0].pos.line,
						     rf.revision.items[0].pos.col, 1);
				if (rf.revision.items[0].end_col > rf.revision.items[0].pos.col)
					reg.end_col = rf.revision.items[0].end_col;
			}
		}
		if (id)
			referrer = find_referrer(loc, id, &index[l], &index_nr[l], &built[l]);
		if (referrer) {
			fd = dl_report_add(ctx->report, dl_rule_get(DL_RULE_GIT002), f->path, reg,
					   "this migration is %s by git, but the committed revision %s names it, so Alembic on Render fails with \"Can't locate revision identified by '%s'\"; %s",
					   ignored ? "ignored" : "not tracked",
					   referrer->id ? referrer->id : referrer->file->path, id,
					   ignored ? "un-ignore it, `git add` it and commit" : "`git add` it and commit");
			dl_finding_add_related(fd, referrer->file->path,
					       dl_region_span(referrer->rf.down_revision.pos.line,
							      referrer->rf.down_revision.pos.col, 0),
					       "committed revision that needs it");
		} else if (ignored) {
			dl_report_add_level(ctx->report, dl_rule_get(DL_RULE_GIT002), DL_LEVEL_NOTE,
					    f->path, reg,
					    "this migration is ignored by git, so it never reaches Render; if it was applied to a shared database, Render fails with \"Can't locate revision\": commit it or delete it");
		} else {
			dl_report_add(ctx->report, dl_rule_get(DL_RULE_GIT002), f->path, reg,
				      "this migration is not tracked by git, so Render's checkout does not have it; a database already upgraded to it makes Alembic fail with \"Can't locate revision\": `git add %s` and commit",
				      f->path);
		}
		(void)vd;
	}
	for (l = 0; l < a->locs_nr; l++)
		free(index[l]);
	free(index);
	free(index_nr);
	free(built);
	dl_arena_release(&arena);
}

/* ---- GIT004 ---- */

static int
has_component(const char *path, const char *name, size_t *end_out)
{
	size_t n = strlen(name);
	const char *p = path;
	while (p) {
		if (!strncmp(p, name, n) && p[n] == '/') {
			*end_out = (size_t)(p - path) + n;
			return 1;
		}
		p = strchr(p, '/');
		if (p)
			p++;
	}
	return 0;
}

/* Whether a folder above path holds a tracked pyvenv.cfg (a virtualenv). */
static int
in_virtualenv(struct dl_repo *repo, const char *path)
{
	char *dir = dl_path_dirname(path);
	int found = 0, guard;

	for (guard = 0; guard < DL_MAX_WALK_DEPTH + 1 && *dir && !found; guard++) {
		char *cfg = dl_path_join(dir, "pyvenv.cfg"), *up;
		struct dl_file *f = dl_repo_find(repo, cfg);
		free(cfg);
		found = f && (f->flags & DL_FILE_TRACKED);
		up = dl_path_dirname(dir);
		free(dir);
		dir = up;
	}
	free(dir);
	return found;
}

static void
check_artifacts(struct dl_check_ctx *ctx)
{
	struct dl_repo *repo = ctx->repo;
	const char *pyc_first = NULL;
	size_t pyc_nr = 0, i;
	struct dl_strset uploads;
	const struct dl_rule *rule = dl_rule_get(DL_RULE_GIT004);

	memset(&uploads, 0, sizeof(uploads));
	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		const char *base = dl_path_basename(f->path);
		size_t end;
		if (!(f->flags & DL_FILE_TRACKED))
			continue;
		if (!strcmp(base, "pyvenv.cfg")) {
			char *dir = dl_path_dirname(f->path);
			const char *d = *dir ? dir : ".";
			dl_report_add(ctx->report, rule, f->path, whole_file(),
				      "a virtualenv (`%s/`) is committed; it is machine-specific and Render builds its own: `git rm -r --cached %s` and add `%s/` to .gitignore",
				      d, d, d);
			free(dir);
			continue;
		}
		if (ends_with(base, ".pyc") || ends_with(base, ".pyo") ||
		    has_component(f->path, "__pycache__", &end)) {
			if (!strstr(f->path, "site-packages/") && !in_virtualenv(repo, f->path)) {
				if (!pyc_first)
					pyc_first = f->path;
				pyc_nr++;
			}
			continue;
		}
		if (ends_with(base, ".db") || ends_with(base, ".sqlite") ||
		    ends_with(base, ".sqlite3")) {
			dl_report_add(ctx->report, rule, f->path, whole_file(),
				      "the SQLite database `%s` is committed; Render's filesystem is ephemeral and data in git leaks and goes stale: `git rm --cached %s`, ignore `*.db`, and use Postgres",
				      f->path, f->path);
			continue;
		}
		if (has_component(f->path, "uploads", &end) && strcmp(base, ".gitkeep") &&
		    strcmp(base, ".gitignore") && strncmp(base, "README", 6)) {
			char *dir = dl_xstrndup(f->path, end);
			struct dl_strbuf msg = DL_STRBUF_INIT;
			dl_strbuf_addf(&msg,
				       "user uploads under `%s/` are committed; uploaded files belong in object storage (Render's disk is ephemeral): `git rm -r --cached %s` and ignore it, keeping only a .gitkeep",
				       dir, dir);
			if (dl_strset_add(&uploads, dir))
				dl_report_add(ctx->report, rule, f->path, whole_file(), "%s",
					      msg.buf);
			dl_strbuf_release(&msg);
		}
	}
	if (pyc_first)
		dl_report_add(ctx->report, rule, pyc_first, whole_file(),
			      "compiled Python bytecode is committed (%zu file%s); it is rebuilt on every run: `git rm -r --cached` the __pycache__ folders and add `__pycache__/` to .gitignore",
			      pyc_nr, pyc_nr == 1 ? "" : "s");
	dl_strset_release(&uploads);
}

void
dl_check_git(struct dl_check_ctx *ctx)
{
	struct gitwalk g;
	struct dl_strset seen;
	size_t i;

	if (!ctx->repo->in_git) {
		dl_strbuf_addf(&ctx->repo->notes,
			       "git rules (GIT001-GIT004) skipped: not inside a git work tree\n");
		return;
	}
	memset(&g, 0, sizeof(g));
	memset(&seen, 0, sizeof(seen));
	g.ctx = ctx;
	g.seen = &seen;
	walk_commands(&g);
	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_file *f = &ctx->repo->files[i];
		if (f->kind == DL_KIND_SHELL || f->kind == DL_KIND_PROCFILE)
			check_crlf(ctx, f, &seen);
	}
	for (i = 0; i < g.scripts_nr; i++)
		check_crlf(ctx, g.scripts[i], &seen);
	check_untracked_migrations(ctx);
	check_artifacts(ctx);
	free(g.scripts);
	for (i = 0; i < g.chmod_x_nr; i++)
		free(g.chmod_x[i]);
	free(g.chmod_x);
	dl_strset_release(&seen);
}
