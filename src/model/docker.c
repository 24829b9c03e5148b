/*
 * deploylint: what a Docker service runs (deploylint/model.h, struct
 * dl_model_docker): the Dockerfile Render builds, its final stage's
 * ENTRYPOINT and CMD combined as Docker combines them, or dockerCommand,
 * and preDeployCommand, walked as the service model walks every command.
 */
#include "model/docker.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/util.h"

/* "./a/b/" -> "a/b"; leading '/' dropped (paths are the repository's). */
static char *
norm_path(const char *raw)
{
	const char *p = raw;
	while ((p[0] == '.' && p[1] == '/') || p[0] == '/')
		p += p[0] == '/' ? 1 : 2;
	return dl_path_join("", p);
}

/* rel under work_dir, else under the root (Render reads dockerfilePath
 * and dockerContext relative to rootDir: files outside it are not in the
 * build; a path from the repository root is accepted too). */
static struct dl_file *
find_under(struct dl_repo *repo, const char *work_dir, const char *rel)
{
	char *p = norm_path(rel), *j = dl_path_join(work_dir, p);
	struct dl_file *f = dl_repo_find(repo, j);
	if (!f && *work_dir)
		f = dl_repo_find(repo, p);
	free(j);
	free(p);
	return f;
}

static const char *
scalar_of(const struct dl_yaml_node *n)
{
	n = n ? dl_yaml_resolve(n) : NULL;
	return n && n->type == DL_YAML_SCALAR ? n->scalar : NULL;
}

/* ---- building argv from exec-form strings ----------------------------------- */

struct argv {
	struct dl_cmd_word *w;
	size_t nr, alloc;
};

/* One past the closing quote of the JSON string at off. */
static size_t
json_end(const struct dl_file *f, size_t off)
{
	size_t i = off + 1;
	if (off >= f->len || f->data[off] != '"')
		return off + 1;
	while (i < f->len && f->data[i] != '"' && f->data[i] != '\n') {
		if (f->data[i] == '\\')
			i++;
		i++;
	}
	return i < f->len ? i + 1 : f->len;
}

static void
argv_add(struct argv *a, const char *text, size_t len, size_t off, size_t end)
{
	struct dl_cmd_word *w;
	DL_ALLOC_GROW(a->w, a->nr + 1, a->alloc);
	w = &a->w[a->nr++];
	memset(w, 0, sizeof(*w));
	w->text = text;
	w->len = len;
	w->offset = off;
	w->end = end;
	w->quoted = 1; /* a JSON string: nothing is expanded */
}

/* Offsets are relative to `base`, where the command's map starts. */
static void
argv_exec(struct argv *a, const struct dl_file *f, const struct dl_df_instr *in, size_t base)
{
	size_t k;
	for (k = 0; k < in->args_nr; k++)
		argv_add(a, in->args[k].text, in->args[k].len, in->args[k].off - base,
			 json_end(f, in->args[k].off) - base);
}

/* ---- files of the image ------------------------------------------------------- */

char *
dl_docker_path_clean(const char *base, const char *path)
{
	struct dl_strbuf out = DL_STRBUF_INIT;
	const char *p = path;
	size_t *marks = NULL, nr = 0, alloc = 0;
	int pass;

	/* the segments of base (when path is relative), then of path */
	for (pass = 0; pass < 2; pass++) {
		const char *q = pass ? p : base;
		if (!pass && path[0] == '/')
			continue;
		while (*q) {
			const char *e = strchr(q, '/');
			size_t n = e ? (size_t)(e - q) : strlen(q);
			if (n == 2 && q[0] == '.' && q[1] == '.') {
				if (nr) {
					out.len = marks[--nr];
					out.buf[out.len] = '\0';
				}
			} else if (n && !(n == 1 && q[0] == '.')) {
				DL_ALLOC_GROW(marks, nr + 1, alloc);
				marks[nr++] = out.len;
				dl_strbuf_putc(&out, '/');
				dl_strbuf_put(&out, q, n);
			}
			q += n;
			if (*q == '/')
				q++;
		}
	}
	free(marks);
	if (!out.len)
		dl_strbuf_putc(&out, '/');
	return dl_strbuf_detach(&out, NULL);
}

/* The stages from the base to `st` (build order) in out; returns how many. */
static size_t
chain_up(const struct dl_dockerfile *df, int st, int *out, size_t max)
{
	size_t nr = 0, k;
	while (st >= 0 && (size_t)st < df->stages_nr && nr < max) {
		for (k = 0; k < nr; k++)
			if (out[k] == st)
				goto done;
		out[nr++] = st;
		st = df->stages[st].parent;
	}
done:
	for (k = 0; k < nr / 2; k++) {
		int t = out[k];
		out[k] = out[nr - 1 - k];
		out[nr - 1 - k] = t;
	}
	return nr;
}

/* The value of word w of instruction i, substituted; NULL when not
 * static. */
static char *
expand_word(const struct dl_dockerfile *df, size_t i, const struct dl_df_word *w)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	if (!dl_dockerfile_expand(&sb, df, i, w->text, w->len)) {
		dl_strbuf_release(&sb);
		return NULL;
	}
	return dl_strbuf_detach(&sb, NULL);
}

char *
dl_docker_workdir(const struct dl_dockerfile *df, int st, size_t upto)
{
	int chain[64];
	size_t nr = chain_up(df, st, chain, DL_ARRAY_SIZE(chain)), k, i;
	char *wd = dl_xstrdup("/");

	for (k = 0; k < nr; k++)
		for (i = df->stages[chain[k]].instr; i < df->nr && df->instrs[i].stage == chain[k];
		     i++) {
			const struct dl_df_instr *in = &df->instrs[i];
			char *v, *n;
			if (chain[k] == st && i >= upto)
				break;
			if (in->kind != DL_DF_WORKDIR || !in->args_nr)
				continue;
			v = expand_word(df, i, &in->args[0]);
			if (!v) {
				free(wd);
				return NULL;
			}
			n = dl_docker_path_clean(wd, v);
			free(v);
			free(wd);
			wd = n;
		}
	return wd;
}

/* Whether `path` is `dir` or lies under it (absolute, clean). */
static int
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return 1;
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

static int
has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* ---- .dockerignore (moby/patternmatcher, as BuildKit reads it) -------------- */

struct ignore {
	char **pats;
	int *neg;
	size_t nr, alloc, neg_alloc;
};

/* Segment-wise match: `**` matches any number of segments, other
 * segments as fnmatch(3) without FNM_PATHNAME inside one segment. */
static int
seg_match(const char *pat, const char *path)
{
	const char *pe, *qe;
	size_t pn;

	if (!*pat)
		return !*path;
	pe = strchr(pat, '/');
	pn = pe ? (size_t)(pe - pat) : strlen(pat);
	if (pn == 2 && pat[0] == '*' && pat[1] == '*') {
		const char *rest = pe ? pe + 1 : "";
		const char *q = path;
		for (;;) {
			if (seg_match(rest, q))
				return 1;
			if (!*rest && *q)
				return 1;
			qe = strchr(q, '/');
			if (!qe)
				return !*rest;
			q = qe + 1;
		}
	}
	if (!*path)
		return 0;
	{
		char *ps = dl_xstrndup(pat, pn);
		const char *q = strchr(path, '/');
		char *qs = dl_xstrndup(path, q ? (size_t)(q - path) : strlen(path));
		int ok = fnmatch(ps, qs, 0) == 0;
		free(ps);
		free(qs);
		if (!ok)
			return 0;
		if (!pe)
			return !q;
		return q ? seg_match(pe + 1, q + 1) : seg_match(pe + 1, "");
	}
}

static void
ignore_load(struct ignore *ig, struct dl_repo *repo, const char *dockerfile, const char *context)
{
	struct dl_strbuf p = DL_STRBUF_INIT;
	struct dl_file *f;
	size_t i = 0;

	memset(ig, 0, sizeof(*ig));
	if (dockerfile) {
		dl_strbuf_addf(&p, "%s.dockerignore", dockerfile);
		f = dl_repo_find(repo, p.buf);
	} else {
		f = NULL;
	}
	if (!f) {
		char *j = dl_path_join(context, ".dockerignore");
		f = dl_repo_find(repo, j);
		free(j);
	}
	dl_strbuf_release(&p);
	if (!f || !dl_file_lintable(f) || dl_repo_load(repo, f) < 0)
		return;
	while (i < f->len) {
		size_t e = i, a, b;
		char *line, *clean;
		int neg = 0;
		while (e < f->len && f->data[e] != '\n')
			e++;
		a = i;
		b = e;
		i = e + 1;
		while (a < b && dl_isspace((unsigned char)f->data[a]))
			a++;
		while (b > a && dl_isspace((unsigned char)f->data[b - 1]))
			b--;
		if (a == b || f->data[a] == '#')
			continue;
		if (f->data[a] == '!') {
			neg = 1;
			a++;
			while (a < b && dl_isspace((unsigned char)f->data[a]))
				a++;
		}
		line = dl_xstrndup(f->data + a, b - a);
		if (strstr(line, "**/**/**")) {
			free(line); /* runs of `**` cost time and add nothing */
			continue;
		}
		clean = dl_docker_path_clean("/", line);
		free(line);
		DL_ALLOC_GROW(ig->pats, ig->nr + 1, ig->alloc);
		DL_ALLOC_GROW(ig->neg, ig->nr + 1, ig->neg_alloc);
		ig->pats[ig->nr] = dl_xstrdup(clean + 1); /* without the leading '/' */
		ig->neg[ig->nr++] = neg;
		free(clean);
	}
}

/* Whether `path` (context-relative) is excluded: the last pattern that
 * matches it or one of its parent folders decides. */
static int
ignore_has(const struct ignore *ig, const char *path)
{
	size_t k;
	int out = 0;

	for (k = 0; k < ig->nr; k++) {
		char *p = dl_xstrdup(path);
		int hit = 0;
		for (;;) {
			char *slash;
			if (seg_match(ig->pats[k], p)) {
				hit = 1;
				break;
			}
			slash = strrchr(p, '/');
			if (!slash)
				break;
			*slash = '\0';
		}
		free(p);
		if (hit)
			out = !ig->neg[k];
	}
	return out;
}

static void
ignore_release(struct ignore *ig)
{
	size_t k;
	for (k = 0; k < ig->nr; k++)
		free(ig->pats[k]);
	free(ig->pats);
	free(ig->neg);
}

/* ---- where an image file comes from ------------------------------------------- */

/* Source word s, context-relative: "./a/" -> "a", "." and "/" -> "". */
static char *
src_rel(const char *s)
{
	char *c = dl_docker_path_clean("/", s);
	char *r = dl_xstrdup(c + 1);
	free(c);
	return r;
}

enum dl_docker_src
dl_docker_image_source(struct dl_repo *repo, const char *dockerfile, const char *context,
		       const struct dl_dockerfile *df, int st, size_t upto, const char *ipath,
		       char **ctx_path, size_t *copy_instr)
{
	int chain[64];
	size_t nr = chain_up(df, st, chain, DL_ARRAY_SIZE(chain)), k, i, a;
	char *wd = dl_xstrdup("/"), *found = NULL, *target = NULL;
	char **dirs = NULL;
	size_t dirs_nr = 0, dirs_alloc = 0, found_at = 0;
	enum dl_docker_src res = DL_DOCKER_SRC_NONE;
	int wd_known = 1, ig_loaded = 0;
	struct ignore ig;

	memset(&ig, 0, sizeof(ig));
	DL_ALLOC_GROW(dirs, dirs_nr + 1, dirs_alloc);
	dirs[dirs_nr++] = dl_xstrdup("/");
	for (k = 0; k < nr; k++)
		for (i = df->stages[chain[k]].instr; i < df->nr && df->instrs[i].stage == chain[k];
		     i++) {
			const struct dl_df_instr *in = &df->instrs[i];
			char *dest, *d;
			int dest_dir, other = 0;
			size_t f;

			if (chain[k] == st && i >= upto)
				break;
			if (in->kind == DL_DF_WORKDIR && in->args_nr) {
				char *v = expand_word(df, i, &in->args[0]);
				if (v) {
					char *n = dl_docker_path_clean(wd, v);
					free(wd);
					wd = n;
					DL_ALLOC_GROW(dirs, dirs_nr + 1, dirs_alloc);
					dirs[dirs_nr++] = dl_xstrdup(wd);
				} else {
					wd_known = 0;
				}
				free(v);
				continue;
			}
			if ((in->kind != DL_DF_COPY && in->kind != DL_DF_ADD) || in->args_nr < 2 ||
			    in->heredocs_nr)
				continue;
			if (!target) {
				if (ipath[0] != '/' && !wd_known)
					goto out_unknown;
				target = dl_docker_path_clean(wd, ipath);
			}
			for (f = 0; f < in->flags_nr; f++)
				if (!strcmp(in->flags[f].name, "from") ||
				    !strcmp(in->flags[f].name, "parents") ||
				    !strcmp(in->flags[f].name, "exclude"))
					other = 1;
			dest = expand_word(df, i, &in->args[in->args_nr - 1]);
			if (!dest || (dest[0] != '/' && !wd_known)) {
				free(dest);
				res = DL_DOCKER_SRC_UNKNOWN;
				continue;
			}
			d = dl_docker_path_clean(wd, dest);
			dest_dir = dest[strlen(dest) - 1] == '/' || in->args_nr > 2 ||
				   !strcmp(dest, ".") || !strcmp(dest, "..");
			for (f = 0; f < dirs_nr && !dest_dir; f++)
				dest_dir = !strcmp(dirs[f], d);
			free(dest);
			for (a = 0; a + 1 < in->args_nr; a++) {
				char *sw = expand_word(df, i, &in->args[a]), *s, *full;
				if (!sw) {
					if (under(target, d))
						res = DL_DOCKER_SRC_UNKNOWN;
					continue;
				}
				if (other || strstr(sw, "://") ||
				    (in->kind == DL_DF_ADD &&
				     (strstr(sw, ".tar") || strstr(sw, ".tgz") || strstr(sw, ".git")))) {
					/* not the context: unknown where it may land
					 * there; a file-like source (a dot in its
					 * name, no glob) lands at D/<name> */
					const char *b = dl_path_basename(sw);
					int filelike = b[0] && strchr(b + 1, '.') && !has_glob(sw) &&
						       !strstr(sw, "://") && sw[strlen(sw) - 1] != '/';
					if (!strcmp(target, d) ||
					    (under(target, d) &&
					     (!filelike || (dest_dir && !strcmp(dl_path_basename(target), b)))))
						res = DL_DOCKER_SRC_UNKNOWN;
					free(sw);
					continue;
				}
				s = src_rel(sw);
				free(sw);
				full = dl_path_join(context, s);
				if (has_glob(s)) {
					char *dn = dl_path_dirname(target);
					if (dest_dir && !strcmp(dn, d)) {
						char *sd = dl_path_dirname(s);
						char *cand = dl_path_join(sd, dl_path_basename(target));
						char *cf = dl_path_join(context, cand);
						if (!fnmatch(s, cand, FNM_PATHNAME) && dl_repo_find(repo, cf)) {
							free(found);
							found = cand;
							cand = NULL;
							found_at = i;
							res = DL_DOCKER_SRC_CONTEXT;
						}
						free(cand);
						free(cf);
						free(sd);
					}
					free(dn);
				} else if (!*s || dl_repo_has_dir(repo, full)) {
					/* a folder: its contents go into d */
					if (under(target, d) && strcmp(target, d) != 0) {
						const char *rel = target + strlen(d) + (strcmp(d, "/") ? 1 : 0);
						char *cand = dl_path_join(s, rel);
						char *cf = dl_path_join(context, cand);
						if (!ig_loaded) {
							ignore_load(&ig, repo, dockerfile, context);
							ig_loaded = 1;
						}
						if (dl_repo_find(repo, cf) && !ignore_has(&ig, cand)) {
							free(found);
							found = cand;
							cand = NULL;
							found_at = i;
							res = DL_DOCKER_SRC_CONTEXT;
						}
						free(cand);
						free(cf);
					}
				} else {
					char *t = dest_dir ? dl_path_join(d, dl_path_basename(s))
							   : dl_xstrdup(d);
					if (!strcmp(t, target)) {
						free(found);
						found = s;
						s = NULL;
						found_at = i;
						res = DL_DOCKER_SRC_CONTEXT;
					}
					free(t);
				}
				free(full);
				free(s);
			}
			free(d);
		}
	goto out;
out_unknown:
	res = DL_DOCKER_SRC_UNKNOWN;
out:
	if (res == DL_DOCKER_SRC_CONTEXT && ctx_path)
		*ctx_path = found, found = NULL;
	if (res == DL_DOCKER_SRC_CONTEXT && copy_instr)
		*copy_instr = found_at;
	free(found);
	free(target);
	free(wd);
	for (k = 0; k < dirs_nr; k++)
		free(dirs[k]);
	free(dirs);
	if (ig_loaded)
		ignore_release(&ig);
	return res;
}

/* ---- the commands ---------------------------------------------------------------- */

struct ctx {
	struct dl_model *m;
	struct dl_model_docker *d;
	/* the Dockerfile's bytes from `base` to the end of the last
	 * instruction the command comes from (ENTRYPOINT/CMD) */
	const struct dl_cmd_posmap *filemap;
	size_t base;
};

/* A map for text that starts at byte `start` of the source `outer` maps
 * (shares outer's array: byte i of the text is byte start + i there). */
static struct dl_cmd_posmap
sub_map(const struct dl_cmd_posmap *outer, size_t start, size_t len)
{
	struct dl_cmd_posmap s;
	if (start > outer->len)
		start = outer->len;
	s.pos = outer->pos + start;
	s.len = len < outer->len - start ? len : outer->len - start;
	return s;
}

static struct dl_deploy_cmd *
new_cmd(struct ctx *c, struct dl_file *file, const struct dl_yaml_node *node, enum dl_phase ph)
{
	struct dl_deploy_cmd *cmd = dl_arena_alloc(&c->m->arena, sizeof(*cmd));
	memset(cmd, 0, sizeof(*cmd));
	cmd->phase = ph;
	cmd->file = file;
	cmd->node = node;
	cmd->cwd = c->d->context;
	return cmd;
}

/* cmd runs `script` (len bytes) as sh -c; its byte i is byte start + i of
 * the source `outer` maps. */
static void
set_script(struct ctx *c, struct dl_deploy_cmd *cmd, const char *script, size_t len,
	   const struct dl_cmd_posmap *outer, size_t start)
{
	dl_cmd_parse(&cmd->cl, &c->m->arena, script, len);
	cmd->map = sub_map(outer, start, len);
}

/* cmd runs the words of `a` as its argv (no shell), or the script of an
 * argv that is `sh -c SCRIPT`. */
static void
set_argv(struct ctx *c, struct dl_deploy_cmd *cmd, struct argv *a,
	 const struct dl_cmd_posmap *outer)
{
	struct dl_cmd_simple *s;
	int k = dl_cmd_shell_c(a->w, a->nr);

	if (k >= 0 && a->w) {
		const struct dl_cmd_word *w = &a->w[k];
		size_t start = w->offset;
		/* skip the opening quote of a quoted word */
		if (w->quoted && w->end > w->offset + w->len)
			start++;
		set_script(c, cmd, w->text, w->len, outer, start);
		free(a->w);
		return;
	}
	cmd->map = *outer;
	if (!a->nr || !a->w) {
		free(a->w);
		return;
	}
	s = dl_arena_alloc(&c->m->arena, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->argv = dl_arena_alloc(&c->m->arena, a->nr * sizeof(*s->argv));
	memcpy(s->argv, a->w, a->nr * sizeof(*s->argv));
	s->argc = a->nr;
	s->offset = a->w[0].offset;
	s->op = DL_CMD_END;
	cmd->cl.cmds = s;
	cmd->cl.nr = 1;
	free(a->w);
}

/* A shell-form ENTRYPOINT/CMD: Docker runs /bin/sh -c with its text. The
 * file's bytes from the text to the instruction's end are that text with
 * its line continuations, which sh reads the same way (positions exact). */
static void
shell_form(struct ctx *c, struct dl_deploy_cmd *cmd, const struct dl_df_instr *in)
{
	const struct dl_file *f = c->d->dockerfile;
	if (c->d->df->escape == '\\' && in->end_off <= f->len && in->rest_off <= in->end_off)
		set_script(c, cmd, f->data + in->rest_off, in->end_off - in->rest_off,
			   c->filemap, in->rest_off - c->base);
	else
		set_script(c, cmd, in->rest, in->rest_len, c->filemap, in->rest_off - c->base);
}

/* The final stage's ENTRYPOINT and CMD, and the ENV names along its
 * chain of stages. */
static void
read_stages(struct ctx *c)
{
	struct dl_model_docker *d = c->d;
	const struct dl_dockerfile *df = d->df;
	int chain[64] = { 0 };
	size_t chain_nr = 0, i, k;
	int st = (int)df->stages_nr - 1;
	const char **env = NULL;
	size_t env_nr = 0, env_alloc = 0;

	d->final_stage = st;
	while (st >= 0 && chain_nr < DL_ARRAY_SIZE(chain)) {
		for (k = 0; k < chain_nr; k++)
			if (chain[k] == st)
				break;
		if (k < chain_nr)
			break; /* a cycle (BuildKit refuses it) */
		chain[chain_nr++] = st;
		st = df->stages[st].parent;
	}
	while (chain_nr--) {
		int cmd_set = 0;
		st = chain[chain_nr];
		for (i = df->stages[st].instr; i < df->nr && df->instrs[i].stage == st; i++) {
			const struct dl_df_instr *in = &df->instrs[i];
			switch (in->kind) {
			case DL_DF_ENTRYPOINT:
				d->entrypoint = in->form == DL_DF_FORM_NONE ? NULL : in;
				if (!cmd_set)
					d->cmd = NULL;
				break;
			case DL_DF_CMD:
				d->cmd = in->form == DL_DF_FORM_NONE ? NULL : in;
				cmd_set = 1;
				break;
			case DL_DF_ENV:
				for (k = 0; k < in->kvs_nr; k++) {
					DL_ALLOC_GROW(env, env_nr + 1, env_alloc);
					env[env_nr++] = in->kvs[k].key.text;
				}
				break;
			default:
				break;
			}
		}
	}
	if (env_nr && env) {
		const char **e = dl_arena_alloc(&c->m->arena, env_nr * sizeof(*e)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
		memcpy(e, env, env_nr * sizeof(*e));                                /* NOLINT(bugprone-sizeof-expression): an array of pointers */
		d->env = e;
		d->env_nr = env_nr;
	}
	free(env);
}

/* Whether the script `f` ends by running its arguments (`exec "$@"` or
 * `"$@"` as its last command) and does nothing else with them: no other
 * `$@`, no `$*`, `$1`..`$9`, `${1}`, `$#`, `shift` or `set --`. */
static int
script_runs_args(struct dl_model *m, struct dl_file *f)
{
	struct dl_arena arena;
	struct dl_cmdline cl;
	const struct dl_cmd_simple *last = NULL;
	size_t i, k, uses = 0;
	int ok = 0;

	if (!dl_file_lintable(f) || dl_repo_load(m->repo, f) < 0 || !f->data)
		return 0;
	for (i = 0; i + 1 < f->len; i++) {
		const char *t = f->data + i;
		/* $* $# $1..$9 ${@} ${*} ${1} ${#} (${#name} is a length) */
		int other = t[0] == '$' &&
			    (t[1] == '*' || t[1] == '#' || dl_isdigit((unsigned char)t[1]) ||
			     (t[1] == '{' && i + 2 < f->len &&
			      (t[2] == '@' || t[2] == '*' || dl_isdigit((unsigned char)t[2]) ||
			       (t[2] == '#' && i + 3 < f->len && t[3] == '}'))));
		if (other)
			return 0;
		if (t[0] == '$' && t[1] == '@')
			uses++;
	}
	if (uses != 1)
		return 0;
	dl_arena_init(&arena);
	dl_cmd_parse(&cl, &arena, f->data, f->len);
	for (k = 0; k < cl.nr; k++) {
		const struct dl_cmd_simple *c = &cl.cmds[k];
		if (c->argc && (!strcmp(c->argv[0].text, "shift") ||
				(!strcmp(c->argv[0].text, "set") && c->argc > 1 &&
				 !strcmp(c->argv[1].text, "--"))))
			goto done;
		if (c->argc)
			last = c;
	}
	if (last && !cl.unterminated) {
		size_t at = last->argc && !strcmp(last->argv[0].text, "exec") ? 1 : 0;
		ok = last->argc == at + 1 && !strcmp(last->argv[at].text, "$@") &&
		     last->depth == 0 && !last->assigns_nr;
	}
done:
	dl_arena_release(&arena);
	return ok;
}

/* How many of exec-form ENTRYPOINT `ep`'s first words are a container init
 * process with its options (["tini", "-s", "--", ...]: 3); 0 when it starts
 * with none. An ENTRYPOINT of those words alone runs the CMD. */
static size_t
init_words(const struct dl_df_instr *ep)
{
	size_t k;

	if (!ep->args_nr || !dl_cmd_is_init(ep->args[0].text))
		return 0;
	for (k = 1; k < ep->args_nr && ep->args[k].text[0] == '-';) {
		const char *a = ep->args[k++].text;
		if (!strcmp(a, "--"))
			break;
		if (dl_cmd_init_option_valued(a))
			k++;
	}
	return k < ep->args_nr ? k : ep->args_nr;
}

/* Whether exec-form ENTRYPOINT `ep` runs a script of the repository that
 * ends by running its arguments (the CMD), as the `docker-entrypoint.sh`
 * pattern does: `["/app/entrypoint.sh"]` or `["sh", "entrypoint.sh"]`,
 * also behind tini or dumb-init (`["tini", "--", "/entrypoint.sh"]`).
 * The script is found through the COPY/ADD that put it in the image, else
 * as the one file of the build context with its name. */
static int
entrypoint_passes_args(struct ctx *c, const struct dl_df_instr *ep)
{
	struct dl_model_docker *d = c->d;
	const char *script;
	char *rel = NULL, *wd, *ipath;
	struct dl_file *f = NULL;
	size_t i, skip;

	/* behind an init process: ["tini", "--", "/entrypoint.sh"] */
	skip = init_words(ep);
	if (ep->args_nr == skip + 1)
		script = ep->args[skip].text;
	else if (ep->args_nr == skip + 2 && dl_cmd_is_shell(ep->args[skip].text) &&
		 ep->args[skip + 1].text[0] != '-')
		script = ep->args[skip + 1].text;
	else
		return 0;
	if (!*script || strchr(script, '$'))
		return 0;
	wd = dl_docker_workdir(d->df, d->final_stage, d->df->nr);
	if (!wd && script[0] != '/')
		return 0;
	ipath = dl_docker_path_clean(wd ? wd : "/", script);
	free(wd);
	if (dl_docker_image_source(c->m->repo, d->dockerfile->path, d->context, d->df,
				   d->final_stage, d->df->nr, ipath, &rel,
				   NULL) == DL_DOCKER_SRC_CONTEXT) {
		char *j = dl_path_join(d->context, rel);
		f = dl_repo_find(c->m->repo, j);
		free(j);
		free(rel);
	} else {
		/* by name: the one file of the context called so */
		const char *base = dl_path_basename(ipath);
		size_t n = strlen(d->context);
		for (i = 0; i < c->m->repo->nr; i++) {
			struct dl_file *g = &c->m->repo->files[i];
			if ((n && (strncmp(g->path, d->context, n) != 0 || g->path[n] != '/')) ||
			    strcmp(dl_path_basename(g->path), base) != 0)
				continue;
			if (f) {
				f = NULL; /* two candidates: not known */
				break;
			}
			f = g;
		}
	}
	free(ipath);
	return f && script_runs_args(c->m, f);
}

/* What Docker runs from ENTRYPOINT and CMD. */
static struct dl_deploy_cmd *
dockerfile_start(struct ctx *c)
{
	struct dl_model_docker *d = c->d;
	const struct dl_df_instr *ep = d->entrypoint, *cm = d->cmd;
	struct dl_deploy_cmd *cmd;
	struct argv a;

	const struct dl_df_instr *first;
	struct dl_cmd_posmap *map;
	size_t end;

	if ((!ep && !cm) || !d->dockerfile)
		return NULL;
	/* an init process (tini, dumb-init) or an ENTRYPOINT script that
	 * ends with `exec "$@"` runs the CMD */
	if (ep && cm && ep->form == DL_DF_FORM_EXEC &&
	    ((ep->args_nr && init_words(ep) == ep->args_nr) || entrypoint_passes_args(c, ep)))
		ep = NULL;
	/* positions for the bytes of those instructions only (the map costs
	 * a position per byte) */
	first = ep && (!cm || ep->keyword.off < cm->keyword.off) ? ep : cm;
	c->base = first->keyword.off;
	end = ep ? ep->end_off : 0;
	if (cm && cm->end_off > end)
		end = cm->end_off;
	if (end > d->dockerfile->len)
		end = d->dockerfile->len;
	map = dl_arena_alloc(&c->m->arena, sizeof(*map));
	dl_cmd_posmap_text(map, &c->m->arena, d->dockerfile->data + c->base,
			   end > c->base ? end - c->base : 0, first->keyword.pos);
	c->filemap = map;
	cmd = new_cmd(c, d->dockerfile, NULL, DL_PHASE_START);
	memset(&a, 0, sizeof(a));
	if (ep && ep->form == DL_DF_FORM_SHELL) {
		shell_form(c, cmd, ep);
		return cmd;
	}
	if (!ep && cm->form == DL_DF_FORM_SHELL) {
		shell_form(c, cmd, cm);
		return cmd;
	}
	if (ep)
		argv_exec(&a, d->dockerfile, ep, c->base);
	if (cm && cm->form == DL_DF_FORM_EXEC) {
		argv_exec(&a, d->dockerfile, cm, c->base);
	} else if (cm) {
		/* exec ENTRYPOINT + shell CMD: the CMD is "/bin/sh" "-c" TEXT */
		size_t k0 = cm->keyword.off - c->base, r0 = cm->rest_off - c->base;
		argv_add(&a, "/bin/sh", 7, k0, k0 + cm->keyword.len);
		argv_add(&a, "-c", 2, k0, k0 + cm->keyword.len);
		argv_add(&a, cm->rest, cm->rest_len, r0, r0 + cm->rest_len);
		a.w[a.nr - 1].quoted = 0;
	}
	set_argv(c, cmd, &a, c->filemap);
	return cmd;
}

/* A render.yaml command of a Docker service: `raw` is the scalar read as
 * shell words (what CMD005 judges); the returned command is what runs
 * without a shell: the first simple command's words, or the script of
 * `sh -c SCRIPT`. */
static struct dl_deploy_cmd *
yaml_docker_cmd(struct ctx *c, struct dl_model_blueprint *mb, const struct dl_yaml_node *n,
		enum dl_phase ph, struct dl_deploy_cmd **raw_out)
{
	struct dl_deploy_cmd *raw, *cmd;
	struct dl_cmd_posmap *map;
	struct argv a;
	size_t k;

	n = n ? dl_yaml_resolve(n) : NULL;
	*raw_out = NULL;
	if (!n || n->type != DL_YAML_SCALAR || !mb->bp.file->data)
		return NULL;
	raw = new_cmd(c, mb->bp.file, n, ph);
	dl_cmd_parse(&raw->cl, &c->m->arena, n->scalar, n->scalar_len);
	dl_cmd_posmap_yaml(&raw->map, &c->m->arena, &mb->lines, n);
	*raw_out = raw;
	if (!raw->cl.nr)
		return NULL;
	cmd = new_cmd(c, mb->bp.file, n, ph);
	map = dl_arena_alloc(&c->m->arena, sizeof(*map));
	*map = raw->map;
	memset(&a, 0, sizeof(a));
	for (k = 0; k < raw->cl.cmds[0].argc; k++) {
		const struct dl_cmd_word *w = &raw->cl.cmds[0].argv[k];
		DL_ALLOC_GROW(a.w, a.nr + 1, a.alloc);
		a.w[a.nr++] = *w;
	}
	set_argv(c, cmd, &a, map);
	return cmd;
}

/* Loads and parses d->dockerfile (left NULL when it cannot be read) and
 * reads its final stage chain. */
static void
read_dockerfile(struct ctx *c)
{
	struct dl_model *m = c->m;
	struct dl_model_docker *d = c->d;

	if (d->dockerfile &&
	    (!dl_file_lintable(d->dockerfile) || dl_repo_load(m->repo, d->dockerfile) < 0))
		d->dockerfile = NULL;
	if (d->dockerfile) {
		struct dl_dockerfile *df = dl_arena_alloc(&m->arena, sizeof(*df));
		dl_dockerfile_parse(df, &m->arena, d->dockerfile->data, d->dockerfile->len);
		d->df = df;
		if (df->stages_nr)
			read_stages(c);
	}
}

/* Whether the final stage's chain (FROM <stage> back to an image) starts
 * from [registry/][library/]python[:tag]. */
static int
builds_on_python(const struct dl_dockerfile *df, int st)
{
	int guard = 0;
	const char *img, *name, *tag, *digest;
	size_t nl, tl, dgl;

	while (st >= 0 && df->stages[st].parent >= 0 && guard++ < 64)
		st = df->stages[st].parent;
	if (st < 0 || !df->stages[st].image)
		return 0;
	img = df->stages[st].image_expanded;
	if (!img)
		return 0; /* an ARG with no static value: not known */
	dl_dockerfile_image_split(img, strlen(img), &name, &nl, &tag, &tl, &digest, &dgl);
	return nl == 6 && !memcmp(name, "python", 6);
}

struct dl_model_docker *
dl_model_docker_read_dashboard(struct dl_model *m, struct dl_file *dockerfile)
{
	struct dl_model_docker *d = dl_arena_alloc(&m->arena, sizeof(*d));
	struct ctx c;
	char *dir = dl_path_dirname(dockerfile->path);

	memset(d, 0, sizeof(*d));
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.d = d;
	d->final_stage = -1;
	d->context = dl_arena_strdup(&m->arena, dir);
	free(dir);
	d->dockerfile = dockerfile;
	read_dockerfile(&c);
	if (!d->df || d->final_stage < 0 || !builds_on_python(d->df, d->final_stage))
		return NULL;
	d->start = dockerfile_start(&c);
	if (!d->start)
		return NULL;
	d->from = DL_DOCKER_START_DOCKERFILE;
	dl_model_walk(m, d->start);
	return d;
}

struct dl_model_docker *
dl_model_docker_read(struct dl_model *m, struct dl_model_blueprint *mb,
		     const struct dl_bp_service *s)
{
	struct dl_model_docker *d = dl_arena_alloc(&m->arena, sizeof(*d));
	struct ctx c;
	const char *dfp = scalar_of(s->dockerfile_path), *dctx = scalar_of(s->docker_context);

	memset(d, 0, sizeof(*d));
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.d = d;
	d->final_stage = -1;
	{
		char *ctxp = dctx ? norm_path(dctx) : NULL;
		char *j = ctxp ? dl_path_join(s->work_dir, ctxp) : NULL;
		if (j && !dl_repo_has_dir(m->repo, j) && *s->work_dir && dl_repo_has_dir(m->repo, ctxp)) {
			free(j);
			j = dl_xstrdup(ctxp);
		}
		d->context = dl_arena_strdup(&m->arena, j ? j : s->work_dir);
		free(j);
		free(ctxp);
	}
	d->dockerfile = find_under(m->repo, s->work_dir, dfp ? dfp : "Dockerfile");
	read_dockerfile(&c);
	d->start = yaml_docker_cmd(&c, mb, s->docker_command, DL_PHASE_START, &d->docker_command_raw);
	if (d->docker_command_raw) {
		d->from = DL_DOCKER_START_COMMAND;
		d->entrypoint = d->cmd = NULL;
	} else if (d->df) {
		d->start = dockerfile_start(&c);
		d->from = d->start ? DL_DOCKER_START_DOCKERFILE : DL_DOCKER_START_NONE;
	}
	d->pre_deploy = yaml_docker_cmd(&c, mb, s->pre_deploy_command, DL_PHASE_PRE_DEPLOY,
					&d->pre_deploy_raw);
	if (d->start)
		dl_model_walk(m, d->start);
	if (d->pre_deploy)
		dl_model_walk(m, d->pre_deploy);
	return d;
}
