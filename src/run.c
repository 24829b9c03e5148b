/*
 * deploylint: the lint pipeline. scan -> classify -> parse/model -> rules
 * -> report -> emit; only this file knows the whole sequence. The
 * commands that run it are in src/cmd/ (lint.c, baseline.c; env.c runs
 * its own rules and settles and reports through here).
 */
#include "deploylint/deploylint.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "deploylint/baseline.h"
#include "deploylint/config.h"
#include "deploylint/emit.h"
#include "deploylint/finding.h"
#include "deploylint/fingerprint.h"
#include "deploylint/fix.h"
#include "deploylint/repo.h"
#include "deploylint/suppress.h"
#include "deploylint/util.h"
#include "model/alembic.h"
#include "pass/pass.h"
#include "rules/check.h"

const char *
dl_version(void)
{
	return DL_VERSION;
}

/* The settings in force for one scanned root: the command line wins over
 * the configuration file. */
struct effective {
	const struct dl_options *opts;
	const struct dl_config *cfg;
	const char *select, *ignore;
	char **only; /* opts->only, relative to the root (only_nr of them) */
};

/*
 * A file PATH argument named relative to `root`, as findings name files:
 * an editor or lint-staged passes absolute paths, pre-commit relative ones
 * (to the current directory, which need not be the root). The folders of
 * both are resolved (realpath), the file name is kept (a symbolic link is
 * named as itself). A file outside the root keeps its lexical form, which
 * matches no finding. Returns a malloc'd string.
 */
static char *
only_relative(const char *root, const char *file)
{
	char *rroot = realpath(root, NULL), *dir, *rdir = NULL, *out = NULL;
	const char *slash = strrchr(file, '/'), *base = slash ? slash + 1 : file;

	dir = slash ? dl_xstrndup(file, (size_t)(slash - file)) : dl_xstrdup(".");
	if (!*dir) {
		free(dir);
		dir = dl_xstrdup("/");
	}
	if (rroot && *base && strcmp(base, ".") && strcmp(base, ".."))
		rdir = realpath(dir, NULL);
	if (rdir) {
		size_t n = strlen(rroot);
		if (!strcmp(rdir, rroot))
			out = dl_xstrdup(base);
		else if (!strncmp(rdir, rroot, n) && (rdir[n] == '/' || n == 1))
			out = dl_path_join(rdir + n + (n > 1), base);
	}
	if (!out)
		out = dl_path_join("", file);
	free(rroot);
	free(dir);
	free(rdir);
	return out;
}

static void
effective_init(struct effective *e, const struct dl_options *opts,
	       const struct dl_config *cfg)
{
	e->opts = opts;
	e->cfg = cfg;
	e->select = opts->select ? opts->select : cfg->select;
	e->ignore = opts->ignore ? opts->ignore : cfg->ignore;
	e->only = NULL;
}

static void
effective_only(struct effective *e, const char *root)
{
	size_t i;
	if (!e->opts->only_nr)
		return;
	e->only = dl_xcalloc(e->opts->only_nr, sizeof(*e->only));
	for (i = 0; i < e->opts->only_nr; i++)
		e->only[i] = only_relative(root, e->opts->only[i]);
}

static void
effective_release(struct effective *e)
{
	size_t i;
	for (i = 0; e->only && i < e->opts->only_nr; i++)
		free(e->only[i]);
	free(e->only);
	e->only = NULL;
}

static int
rule_enabled(const struct dl_rule *rule, void *payload)
{
	const struct effective *e = payload;
	if (e->select && !dl_rule_selector_matches(e->select, rule->id))
		return 0;
	if (e->ignore && dl_rule_selector_matches(e->ignore, rule->id))
		return 0;
	return 1;
}

static int
keep_finding(const struct dl_finding *f, void *payload)
{
	const struct effective *e = payload;
	if (!rule_enabled(f->rule, payload))
		return 0;
	if (*f->path && dl_config_excluded(e->cfg, f->path))
		return 0;
	if (e->opts->only_nr) {
		size_t i;
		int hit = 0;
		for (i = 0; i < e->opts->only_nr && !hit; i++)
			hit = !strcmp(e->only[i], f->path);
		if (!hit)
			return 0;
	}
	return f->level != DL_LEVEL_NONE;
}

/*
 * Applies the configured levels (rules:, overrides:) to findings[from..].
 * The command line wins: a rule named by --select stays on even when the
 * file turns it off.
 */
static void
apply_levels(struct dl_report *r, size_t from, const struct dl_config *cfg,
	     const struct dl_options *opts)
{
	size_t i;
	for (i = from; i < r->nr; i++) {
		struct dl_finding *f = r->findings[i];
		enum dl_level lv = dl_config_level(cfg, f->rule, f->path, f->level);
		if (lv == DL_LEVEL_NONE && opts->select &&
		    dl_rule_selector_matches(opts->select, f->rule->id))
			lv = f->level;
		f->level = lv;
	}
}

static void
filter_tail(struct dl_report *r, size_t from, struct effective *e)
{
	struct dl_report tail;
	dl_report_tail(&tail, r, from);
	dl_report_filter(&tail, keep_finding, e);
	r->nr = from + tail.nr;
}

static void
prefix_paths(struct dl_report *r, size_t from, const char *root)
{
	size_t i, k;
	if (!strcmp(root, "."))
		return;
	for (i = from; i < r->nr; i++) {
		struct dl_finding *f = r->findings[i];
		char *p = dl_path_join(root, f->path);
		free(f->path);
		f->path = p;
		for (k = 0; k < f->related_nr; k++) {
			p = dl_path_join(root, f->related[k].path);
			free(f->related[k].path);
			f->related[k].path = p;
		}
		if (f->fix) {
			p = dl_path_join(root, f->fix->path);
			free(f->fix->path);
			f->fix->path = p;
		}
	}
}

/*
 * --fix: registers with `plan` the file of every fix of findings[from..]
 * (paths still relative to root) with the bytes the rules read, and drops
 * the fixes deploylint must not apply: to a file it did not lint (ignored,
 * excluded by the configuration, too big, binary, unreadable) or to a .env
 * git ignores (linted, but git keeps no copy of it), to a staged
 * scan, or an executable bit outside git or on a file the index does not
 * hold as 100644.
 */
static void
register_fixes(struct dl_report *r, size_t from, struct dl_repo *repo,
	       const struct dl_config *cfg, const char *root,
	       const struct dl_options *opts, struct dl_fix_plan *plan)
{
	size_t i;
	for (i = from; i < r->nr; i++) {
		struct dl_finding *f = r->findings[i];
		struct dl_file *file;
		char *display, *fs;
		int ok;

		if (!f->fix)
			continue;
		file = dl_repo_find(repo, f->fix->path);
		ok = file && !repo->staged && !f->fix->void_fix &&
		     dl_file_lintable(file) && !(file->flags & DL_FILE_IGNORED) &&
		     !dl_config_excluded(cfg, file->path);
		if (ok && f->fix->set_exec)
			ok = repo->in_git && (file->flags & DL_FILE_TRACKED) &&
			     file->git_mode == 0100644;
		if (ok && f->fix->edits_nr)
			ok = dl_repo_load(repo, file) == 0;
		if (!ok) {
			/* a .env git ignores is linted (local settings) but never
			 * edited: git keeps no copy to go back to */
			if (file && !repo->staged && (file->flags & DL_FILE_LOCAL_DOTENV) &&
			    dl_file_lintable(file) && !dl_config_excluded(cfg, file->path))
				dl_strbuf_addf(&repo->notes,
					       "not fixed %s:%u:%u (%s): git ignores the file and keeps no copy of it to go back to; apply the fix by hand\n",
					       file->path, f->region.line, f->region.col, f->rule->id);
			dl_finding_fix_drop(f);
			continue;
		}
		display = opts->paths_nr > 1 ? dl_path_join(root, file->path)
					     : dl_xstrdup(file->path);
		fs = dl_path_join(root, file->path);
		dl_fix_plan_add_file(plan, display, fs,
				     f->fix->edits_nr ? file->data : NULL,
				     f->fix->edits_nr ? file->len : 0, file->git_mode);
		free(display);
		free(fs);
	}
}

static int
limit_cmp(const void *pa, const void *pb)
{
	const struct dl_repo_limit *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	return c ? c : strcmp(a->limit, b->limit);
}

/* The limits the scan reached, as PARSE002 findings (once per path and
 * limit: the walk and a later read may both meet a file's size). */
static void
report_limits(struct dl_report *r, struct dl_repo *repo)
{
	size_t i;
	if (repo->limits_nr > 1)
		qsort(repo->limits, repo->limits_nr, sizeof(*repo->limits), limit_cmp);
	for (i = 0; i < repo->limits_nr; i++) {
		const struct dl_repo_limit *l = &repo->limits[i];
		if (i && !limit_cmp(l, l - 1))
			continue;
		dl_report_limit(r, l->path, dl_region_span(0, 0, 0), l->limit, "%s", l->what);
	}
}

/* What could not be read is said without --verbose: one line each, up to
 * a screenful, then a count. */
static void
print_problems(FILE *err, const char *root, const struct dl_repo *repo,
	       const struct dl_options *opts)
{
	const char *p = repo->problems.buf, *nl;
	size_t shown = 0, more = 0;
	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		if (shown < 20 || opts->verbose) {
			const char *c;
			fputs("deploylint: ", err);
			if (opts->paths_nr > 1)
				fprintf(err, "%s: ", root);
			/* a hostile name reaches no terminal raw */
			for (c = p; c < nl; c++)
				fputc((unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c, err);
			fputc('\n', err);
			shown++;
		} else {
			more++;
		}
	}
	if (more)
		fprintf(err, "deploylint: ... and %zu more that could not be read (see --verbose)\n",
			more);
}

/*
 * A git work tree libgit2 cannot read (split or sparse index, unreadable
 * .git): says so without --verbose. Returns 1 when the result would be
 * wrong: a rule that needs the index (SEC001, ENV003, GIT001-GIT004) is
 * enabled, or the ignore rules are unknown too (an unreadable .git: an
 * ignored file would be linted as if it were to be committed).
 */
static int
git_problem(FILE *err, const char *root, const struct dl_repo *repo, struct effective *eff)
{
	const struct dl_rule *rules;
	struct dl_strbuf ids = DL_STRBUF_INIT;
	size_t n, i;
	int wrong = repo->git_unreadable;

	rules = dl_rules(&n);
	for (i = 0; i < n; i++)
		if ((rules[i].flags & DL_RULE_NEEDS_GIT) && rule_enabled(&rules[i], eff))
			dl_strbuf_addf(&ids, "%s%s", ids.len ? ", " : "", rules[i].id);
	if (ids.len)
		wrong = 1;
	if (repo->git_unreadable)
		fprintf(err, "deploylint: %s: the git repository cannot be read (%s): neither the index nor the ignore rules are known, so the result would be wrong\n",
			root, repo->git_problem);
	else
		fprintf(err, "deploylint: %s: libgit2 cannot read the git index (%s): ignored files are still skipped, but %s %s\n",
			root, repo->git_problem,
			ids.len ? ids.buf : "no rule that needs the index is enabled",
			ids.len ? "could not run, so the result would be wrong (--ignore them to lint the rest)" : "(the result stands)");
	dl_strbuf_release(&ids);
	return wrong;
}

/* What lint_root() does while the root is walked (dl_root_walk): the
 * settings in force once the configuration is loaded, then the read pass
 * started on the files the walk finds. */
struct lint_walk {
	const struct dl_options *opts;
	struct effective eff; /* set when eff_set */
	int eff_set;
	struct dl_prepass *pp;
	struct dl_scan_hook hook;
	struct dl_checker_set families; /* of the selected rules */
};

static const struct dl_scan_hook *
walk_begin(struct dl_root *root, void *payload)
{
	struct lint_walk *w = payload;
	effective_init(&w->eff, w->opts, &root->cfg);
	effective_only(&w->eff, root->path);
	w->eff_set = 1;
	/* the families of the selected rules; files are read and scanned
	 * while the folders are walked */
	dl_checkers_select(&w->families, rule_enabled, &w->eff);
	w->pp = dl_prepass_start(root->path, &root->cfg, &w->families.work);
	w->hook.tracked = dl_prepass_tracked;
	w->hook.payload = w->pp;
	return &w->hook;
}

static void
walk_end(struct dl_root *root, void *payload)
{
	struct lint_walk *w = payload;
	/* the models are built while the workers read on: the files they
	 * load come first, and the pre-read hands them over (the models read
	 * none again) */
	dl_prepass_models(w->pp);
	dl_prepass_adopt(w->pp, &root->repo);
}

/*
 * Lints one root: appends its settled findings to `report`. Returns 0, -1
 * (usage or configuration error) or -2 (internal error), the error
 * printed to `err`.
 */
static int
lint_root(struct dl_report *report, const char *path, const struct dl_options *opts,
	  FILE *err, size_t *files_out, enum dl_level *fail_on,
	  struct dl_fix_plan *plan)
{
	struct dl_root root;
	struct lint_walk lw;
	struct dl_root_walk walk = { walk_begin, walk_end, NULL };
	struct effective *eff = &lw.eff;
	struct dl_check_ctx *ctx;
	size_t i, from = report->nr;
	int rc, fatal = 0;

	memset(&lw, 0, sizeof(lw));
	lw.opts = opts;
	walk.payload = &lw;
	rc = dl_root_open(&root, path, opts, &walk, err);
	if (rc != DL_EXIT_OK) {
		dl_prepass_free(lw.pp);
		if (lw.eff_set)
			effective_release(eff);
		return rc == DL_EXIT_INTERNAL ? -2 : -1;
	}
	if (!opts->fail_on_given && root.cfg.has_fail_on)
		*fail_on = root.cfg.fail_on;
	/* the root's context: its service model and Alembic model are built */
	ctx = &root.ctx;
	ctx->report = report;
	dl_prepass_finish(lw.pp); /* the rest of the pre-read */
	ctx->pass = dl_pass_run(&root.repo, &root.cfg, lw.pp, &lw.families.work);
	dl_checkers_run(&lw.families, ctx);
	dl_ctx_release(ctx);
	dl_prepass_free(lw.pp);
	report_limits(report, &root.repo);
	dl_report_cap_notes(report);

	apply_levels(report, from, &root.cfg, opts);
	filter_tail(report, from, eff);
	if (!opts->no_inline_ignores) {
		struct dl_suppress_opts so;
		so.require_reason = opts->require_reason;
		so.enabled = rule_enabled;
		so.payload = eff;
		dl_suppress_apply(report, from, &root.repo, &so);
		filter_tail(report, from, eff); /* SUP findings obey the filters */
	}
	{
		struct dl_report tail;
		dl_report_tail(&tail, report, from);
		dl_report_sort(&tail);
	}
	dl_report_add_context(report, from, &root.repo);
	dl_report_fingerprint(report, from);
	if (plan)
		register_fixes(report, from, &root.repo, &root.cfg, path, opts, plan);
	if (opts->paths_nr > 1)
		prefix_paths(report, from, path);
	if (opts->verbose && root.repo.notes.len)
		fprintf(err, "%s", root.repo.notes.buf);
	print_problems(err, path, &root.repo, opts);
	if (!root.repo.in_git && !root.repo.index_unreadable && !root.repo.git_unreadable && opts->verbose)
		fprintf(err, "deploylint: %s is not inside a git work tree: plain walk used\n", path);
	if ((root.repo.index_unreadable || root.repo.git_unreadable) &&
	    git_problem(err, path, &root.repo, eff))
		fatal = 1;
	for (i = 0; i < root.repo.nr; i++)
		*files_out += dl_file_lintable(&root.repo.files[i]);
	rc = root.repo.fatal || fatal ? -2 : 0;
	effective_release(eff);
	dl_root_release(&root);
	return rc;
}

int
dl_run_lint(struct dl_report *report, const struct dl_options *opts, FILE *err,
	    size_t *files, enum dl_level *fail_on, struct dl_fix_plan *plan)
{
	size_t i;
	for (i = 0; i < opts->paths_nr; i++) {
		int lr = lint_root(report, opts->paths[i], opts, err, files, fail_on, plan);
		if (lr < 0)
			return lr == -2 ? DL_EXIT_INTERNAL : DL_EXIT_USAGE;
	}
	return DL_EXIT_OK;
}

void
dl_run_settle(struct dl_report *r, size_t from, const struct dl_config *cfg,
	      const struct dl_options *opts, struct dl_repo *repo)
{
	struct effective eff;
	struct dl_report tail;

	effective_init(&eff, opts, cfg);
	apply_levels(r, from, cfg, opts);
	filter_tail(r, from, &eff);
	dl_report_tail(&tail, r, from);
	dl_report_sort(&tail);
	dl_report_add_context(r, from, repo);
	dl_report_fingerprint(r, from);
}

int
dl_run_write(const char *path, const struct dl_strbuf *sb, FILE *out, FILE *err)
{
	FILE *f = out;
	if (path) {
		f = fopen(path, "wb");
		if (!f) {
			fprintf(err, "deploylint: cannot write %s: %s\n", path,
				strerror(errno));
			return -1;
		}
	}
	if (fwrite(sb->buf, 1, sb->len, f) != sb->len || fflush(f) != 0) {
		fprintf(err, "deploylint: write error\n");
		if (f != out)
			fclose(f);
		return -1;
	}
	if (f != out && fclose(f) != 0)
		return -1;
	return 0;
}

int
dl_run_check_format(const struct dl_options *opts, FILE *err)
{
	if (dl_emitter_find(opts->format ? opts->format : "json"))
		return 1;
	fprintf(err, "deploylint: --format: unknown format '%s' (expected %s)\n",
		opts->format, dl_emitter_names());
	return 0;
}

int
dl_run_apply_baseline(const char *file, struct dl_report *r, FILE *err, int quiet)
{
	struct dl_baseline b;
	char *msg = NULL;
	size_t stale;

	if (dl_baseline_read(&b, file, &msg) < 0) {
		fprintf(err, "deploylint: %s\n", msg);
		free(msg);
		return -1;
	}
	dl_baseline_apply(&b, r);
	stale = dl_baseline_stale(&b);
	if (!quiet)
		fprintf(err, "deploylint: baseline %s: %zu finding%s hidden, %zu entr%s no longer match%s any finding%s\n",
			file, b.hidden, b.hidden == 1 ? "" : "s", stale,
			stale == 1 ? "y" : "ies", stale == 1 ? "es" : "",
			stale ? " (refresh it with `deploylint baseline`)" : "");
	dl_baseline_release(&b);
	return 0;
}

/* Where dl_run_report's output goes as the emitter produces it. */
struct out_sink {
	FILE *f;
	FILE *err;
};

static int
sink_flush(struct dl_strbuf *sb, void *arg)
{
	struct out_sink *s = arg;
	if (fwrite(sb->buf, 1, sb->len, s->f) != sb->len) {
		fprintf(s->err, "deploylint: write error\n");
		return -1;
	}
	dl_strbuf_reset(sb);
	return 0;
}

/*
 * Runs emitter em on report into `path` (or `out` when NULL), handing the
 * output over as it grows (dl_emit_flush), so that it is never held whole.
 * Returns 0 or -1 (said on err).
 */
static int
emit_to(const struct dl_emitter *em, const char *path, const struct dl_report *report,
	struct dl_emit_opts *eo, FILE *out, FILE *err)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct out_sink sink = { out, err };
	int rc = 0;

	if (path) {
		sink.f = fopen(path, "wb");
		if (!sink.f) {
			fprintf(err, "deploylint: cannot write %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	eo->flush = sink_flush;
	eo->flush_arg = &sink;
	if (em->emit(&sb, report, eo) < 0) {
		if (!ferror(sink.f))
			fprintf(err, "deploylint: the %s emitter failed\n", em->name);
		rc = -1;
	} else if (dl_emit_flush(&sb, eo, 1) < 0 || fflush(sink.f) != 0) {
		if (!ferror(sink.f))
			fprintf(err, "deploylint: write error\n");
		rc = -1;
	}
	if (sink.f != out && fclose(sink.f) != 0 && rc == 0) {
		fprintf(err, "deploylint: write error\n");
		rc = -1;
	}
	eo->flush = NULL;
	eo->flush_arg = NULL;
	dl_strbuf_release(&sb);
	return rc;
}

int
dl_run_report(const struct dl_options *opts, struct dl_report *report,
	      size_t files, enum dl_level fail_on, FILE *out, FILE *err)
{
	const struct dl_emitter *em;
	struct dl_emit_opts eo;
	size_t i;
	int rc = DL_EXIT_OK;

	if (!dl_run_check_format(opts, err))
		return DL_EXIT_USAGE;
	em = dl_emitter_find(opts->format ? opts->format : "json");
	dl_report_sort(report);
	if (opts->baseline && dl_run_apply_baseline(opts->baseline, report, err, 0) < 0)
		return DL_EXIT_USAGE;
	memset(&eo, 0, sizeof(eo));
	eo.color = opts->color;
	eo.context = opts->context;
	eo.quiet = opts->quiet;
	eo.files_scanned = (int)files;
	eo.execution_successful = 1;
	/* one run, two outputs with --sarif-output: annotations and a SARIF
	 * file */
	if (emit_to(em, opts->output, report, &eo, out, err) < 0 ||
	    (opts->sarif_output &&
	     emit_to(dl_emitter_find("sarif"), opts->sarif_output, report, &eo, out, err) < 0))
		rc = DL_EXIT_INTERNAL;
	if (rc == DL_EXIT_OK && fail_on != DL_LEVEL_NONE) {
		for (i = 0; i < report->nr; i++)
			if (report->findings[i]->level >= fail_on)
				rc = DL_EXIT_FINDINGS;
	}
	return rc;
}
