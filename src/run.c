/*
 * deploylint: the pipeline. scan -> classify -> parse/model -> rules ->
 * report -> emit; only this file knows the whole sequence.
 */
#include "deploylint/deploylint.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"
#include "deploylint/config.h"
#include "deploylint/emit.h"
#include "deploylint/finding.h"
#include "deploylint/fix.h"
#include "deploylint/graph.h"
#include "deploylint/limits.h"
#include "deploylint/mask.h"
#include "deploylint/repo.h"
#include "deploylint/secrets.h"
#include "deploylint/suppress.h"
#include "deploylint/util.h"
#include "emit/jsonutil.h"
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
	tail.findings = r->findings + from;
	tail.nr = r->nr - from;
	tail.alloc = tail.nr;
	dl_report_filter(&tail, keep_finding, e);
	r->nr = from + tail.nr;
}

/*
 * Loads the configuration for `root`: --config FILE, else .deploylint.yaml
 * in root or its nearest parent up to the repository root; none with
 * --no-config. Returns 0, or -1 after printing the error.
 */
int
dl_run_load_config(struct dl_config *cfg, const char *root,
		   const struct dl_options *opts, FILE *err)
{
	char *found = NULL, *msg = NULL, *real;
	const char *display;
	int rc = 0;

	dl_config_init(cfg);
	if (opts->no_config)
		return 0;
	if (opts->config_path) {
		rc = dl_config_load(cfg, opts->config_path, opts->config_path, &msg);
	} else if (dl_config_find(&found, root)) {
		struct stat st;
		/* name it relative to the root when it lies inside */
		real = realpath(root, NULL);
		display = found;
		if (real && !strncmp(found, real, strlen(real)) &&
		    found[strlen(real)] == '/')
			display = found + strlen(real) + 1;
		if (lstat(found, &st) == 0 && S_ISLNK(st.st_mode)) {
			/* a cloned repository must not make deploylint read a
			 * file outside it; --config names a link's target */
			struct dl_strbuf sb = DL_STRBUF_INIT;
			dl_strbuf_addf(&sb, "%s: is a symbolic link; deploylint does not follow a found %s (pass its target with --config FILE)",
				       display, DL_CONFIG_NAME);
			msg = dl_strbuf_detach(&sb, NULL);
			rc = -1;
		} else {
			rc = dl_config_load(cfg, found, display, &msg);
		}
		free(real);
	}
	free(found);
	if (rc < 0) {
		fprintf(err, "deploylint: %s\n", msg);
		free(msg);
		dl_config_release(cfg);
	}
	return rc;
}

static uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;
	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

/* Copies line `line` (1-based) of `data` with every secret on it masked
 * (dl_mask_line, on the whole line so that the cut below never
 * leaves part of a secret), cut to DL_MAX_CONTEXT_LINE bytes; NULL past
 * the end. */
struct line_cursor {
	const struct dl_file *file; /* the file of the last lookup */
	unsigned line;              /* the line found there */
	size_t offset;              /* where that line starts */
};

/* Findings come sorted by path and line, so a cursor that resumes from the
 * previous lookup in the same file makes the whole pass linear. */
static char *
copy_line(struct line_cursor *cur_at, const struct dl_file *file, unsigned line)
{
	const char *path = file->path, *data = file->data;
	size_t len = file->len, i = 0, start;
	unsigned cur = 1;
	char *red;
	if (cur_at->file == file && cur_at->line <= line) {
		i = cur_at->offset;
		cur = cur_at->line;
	}
	while (cur < line && i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		if (!nl)
			return NULL;
		i = (size_t)(nl - data) + 1;
		cur++;
	}
	if (cur != line || i > len)
		return NULL;
	cur_at->file = file;
	cur_at->line = line;
	cur_at->offset = i;
	start = i;
	while (i < len && data[i] != '\n' && data[i] != '\r')
		i++;
	red = dl_mask_line(path, data + start, i - start);
	if (strlen(red) > DL_MAX_CONTEXT_LINE)
		red[DL_MAX_CONTEXT_LINE] = '\0';
	return red;
}

/*
 * Fills context lines and fingerprints. A fingerprint hashes the rule id,
 * the path, the finding's source line with white space folded, and how many
 * identical (rule, path, line) triples came before it: it survives edits
 * that only move the line.
 */
struct fp_key {
	uint64_t hash;
	size_t index;
};

static int
key_cmp(const void *pa, const void *pb)
{
	const struct fp_key *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void
finish_findings(struct dl_report *r, struct dl_repo *repo, size_t from)
{
	struct fp_key *keys;
	struct line_cursor lc = { NULL, 0, 0 };
	size_t i, n;
	unsigned occurrence = 0;
	for (i = from; i < r->nr; i++) {
		struct dl_finding *f = r->findings[i];
		struct dl_file *file = *f->path && repo && !f->logical
					       ? dl_repo_find(repo, f->path)
					       : NULL;
		size_t k;
		char *red;
		/* a rule may have set a redacted context itself (secrets);
		 * it goes through the one masking function all the same */
		if (f->context) {
			red = dl_mask_line(f->path, f->context, strlen(f->context));
			free(f->context);
			f->context = red;
		} else if (file && f->region.line && dl_repo_load(repo, file) == 0) {
			f->context = copy_line(&lc, file, f->region.line);
		}
		/* no output ever shows a secret: messages are masked too */
		red = dl_mask_message(f->message);
		free(f->message);
		f->message = red;
		for (k = 0; k < f->related_nr; k++) {
			red = dl_mask_message(f->related[k].message);
			free(f->related[k].message);
			f->related[k].message = red;
		}
	}
	n = r->nr - from;
	keys = dl_xmalloc(dl_st_mult(n ? n : 1, sizeof(*keys)));
	for (i = 0; i < n; i++) {
		struct dl_finding *f = r->findings[from + i];
		struct dl_strbuf norm = DL_STRBUF_INIT;
		const char *c = f->context ? f->context : f->message;
		uint64_t h = 1469598103934665603ULL;
		int space = 0;

		for (; *c; c++) {
			if (dl_isspace((unsigned char)*c)) {
				space = norm.len > 0;
				continue;
			}
			if (space)
				dl_strbuf_putc(&norm, ' ');
			space = 0;
			dl_strbuf_putc(&norm, *c);
		}
		h = fnv1a(h, f->rule->id, strlen(f->rule->id) + 1);
		h = fnv1a(h, f->path, strlen(f->path) + 1);
		h = fnv1a(h, norm.buf, norm.len + 1);
		keys[i].hash = h;
		keys[i].index = i;
		dl_strbuf_release(&norm);
	}
	/* the n-th finding with the same key (in report order) gets occurrence n */
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i++) {
		struct dl_finding *f = r->findings[from + keys[i].index];
		struct dl_strbuf hex = DL_STRBUF_INIT;
		uint64_t h;
		if (i && keys[i].hash == keys[i - 1].hash)
			occurrence++;
		else
			occurrence = 0;
		if (f->fingerprint)
			continue; /* set by the rule (secrets hash the secret) */
		h = fnv1a(keys[i].hash, &occurrence, sizeof(occurrence));
		dl_strbuf_addf(&hex, "%016llx", (unsigned long long)h);
		f->fingerprint = dl_strbuf_detach(&hex, NULL);
	}
	free(keys);
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
 * excluded by the configuration, too big, binary, unreadable), to a staged
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

static int
lint_root(struct dl_report *report, const char *root, const struct dl_options *opts,
	  FILE *err, size_t *files_out, enum dl_level *fail_on,
	  struct dl_fix_plan *plan)
{
	struct dl_repo repo;
	struct dl_alembic alembic;
	struct dl_check_ctx ctx;
	struct dl_config cfg;
	struct effective eff;
	struct dl_checker_set families;
	size_t i, from = report->nr;
	char *msg = NULL;
	struct dl_prepass *pp;
	struct dl_scan_hook hook;
	int rc, fatal = 0;

	if (dl_run_load_config(&cfg, root, opts, err) < 0)
		return -1;
	if (!opts->fail_on_given && cfg.has_fail_on)
		*fail_on = cfg.fail_on;
	effective_init(&eff, opts, &cfg);
	effective_only(&eff, root);
	/* the families of the selected rules; files are read and scanned
	 * while the folders are walked */
	dl_checkers_select(&families, rule_enabled, &eff);
	pp = dl_prepass_start(root, &cfg, &families.work);
	hook.tracked = dl_prepass_tracked;
	hook.payload = pp;
	rc = opts->staged ? dl_repo_scan_staged(&repo, root, &msg)
			  : dl_repo_scan_hooked(&repo, root, &hook, &msg);
	dl_prepass_finish(pp);
	if (rc < 0) {
		fprintf(err, "deploylint: %s\n", msg);
		free(msg);
		dl_prepass_free(pp);
		effective_release(&eff);
		dl_config_release(&cfg);
		return rc;
	}
	dl_alembic_build(&alembic, &repo);
	memset(&ctx, 0, sizeof(ctx));
	ctx.repo = &repo;
	ctx.report = report;
	ctx.alembic = &alembic;
	ctx.config = &cfg;
	dl_ctx_init(&ctx);
	ctx.pass = dl_pass_run(&repo, &cfg, pp, &families.work);
	dl_checkers_run(&families, &ctx);
	dl_ctx_release(&ctx);
	dl_prepass_free(pp);
	report_limits(report, &repo);
	dl_report_cap_notes(report);

	apply_levels(report, from, &cfg, opts);
	filter_tail(report, from, &eff);
	if (!opts->no_inline_ignores) {
		struct dl_suppress_opts so;
		so.require_reason = opts->require_reason;
		so.enabled = rule_enabled;
		so.payload = &eff;
		dl_suppress_apply(report, from, &repo, &so);
		filter_tail(report, from, &eff); /* SUP findings obey the filters */
	}
	{
		struct dl_report tail;
		tail.findings = report->findings + from;
		tail.nr = tail.alloc = report->nr - from;
		dl_report_sort(&tail);
	}
	finish_findings(report, &repo, from);
	if (plan)
		register_fixes(report, from, &repo, &cfg, root, opts, plan);
	if (opts->paths_nr > 1)
		prefix_paths(report, from, root);
	if (opts->verbose && repo.notes.len)
		fprintf(err, "%s", repo.notes.buf);
	print_problems(err, root, &repo, opts);
	if (!repo.in_git && !repo.index_unreadable && !repo.git_unreadable && opts->verbose)
		fprintf(err, "deploylint: %s is not inside a git work tree: plain walk used\n", root);
	if ((repo.index_unreadable || repo.git_unreadable) && git_problem(err, root, &repo, &eff))
		fatal = 1;
	for (i = 0; i < repo.nr; i++)
		*files_out += dl_file_lintable(&repo.files[i]);
	rc = repo.fatal || fatal ? -2 : 0;
	effective_release(&eff);
	dl_alembic_release(&alembic);
	dl_repo_release(&repo);
	dl_config_release(&cfg);
	return rc;
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
	tail.findings = r->findings + from;
	tail.nr = tail.alloc = r->nr - from;
	dl_report_sort(&tail);
	finish_findings(r, repo, from);
}

/* Writes sb to `path`, or to `out` when path is NULL. */
static int
write_output(const char *path, const struct dl_strbuf *sb, FILE *out, FILE *err)
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

/* ---- baselines --------------------------------------------------------- */

/* One baseline entry: a finding named by rule, path and fingerprint. */
struct bl_entry {
	char *rule, *path, *fingerprint; /* malloc'd; path valid UTF-8 */
	int used;
};

static int
bl_cmp(const void *pa, const void *pb)
{
	const struct bl_entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	if (!c)
		c = strcmp(a->rule, b->rule);
	if (!c)
		c = strcmp(a->fingerprint, b->fingerprint);
	return c;
}

/* A finding's entry; the path made valid UTF-8 as JSON carries it. */
static void
bl_entry_of(struct bl_entry *e, const struct dl_finding *f)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	dl_utf8_sanitize(&sb, f->path, strlen(f->path));
	e->path = dl_strbuf_detach(&sb, NULL);
	e->rule = dl_xstrdup(f->rule->id);
	e->fingerprint = dl_xstrdup(f->fingerprint ? f->fingerprint : "");
	e->used = 0;
}

static void
bl_entries_free(struct bl_entry *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i].rule);
		free(v[i].path);
		free(v[i].fingerprint);
	}
	free(v);
}

/*
 * deploylint baseline: the findings as JSON naming only rule, path and
 * fingerprint (no lines, messages or timestamps), sorted, one entry a line
 * so that merges stay clean; each entry is serialised by jansson.
 */
static int
write_baseline(const struct dl_options *opts, const struct dl_report *r,
	       FILE *out, FILE *err)
{
	struct bl_entry *v = dl_xcalloc(r->nr ? r->nr : 1, sizeof(*v));
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t i;
	int rc = DL_EXIT_OK;

	for (i = 0; i < r->nr; i++)
		bl_entry_of(&v[i], r->findings[i]);
	if (r->nr > 1)
		qsort(v, r->nr, sizeof(*v), bl_cmp);
	dl_strbuf_puts(&sb, "{\n  \"version\": \"1\",\n  \"tool\": \"deploylint\",\n"
			    "  \"findings\": [");
	for (i = 0; i < r->nr && rc == DL_EXIT_OK; i++) {
		json_t *o = json_object();
		char *s = NULL;
		if (o && !json_object_set_new(o, "rule", json_string(v[i].rule)) &&
		    !json_object_set_new(o, "path", json_string(v[i].path)) &&
		    !json_object_set_new(o, "fingerprint", json_string(v[i].fingerprint)))
			s = json_dumps(o, JSON_PRESERVE_ORDER);
		if (!s)
			rc = DL_EXIT_INTERNAL;
		else
			dl_strbuf_addf(&sb, "%s\n    %s", i ? "," : "", s);
		free(s);
		json_decref(o);
	}
	dl_strbuf_puts(&sb, r->nr ? "\n  ]\n}\n" : "]\n}\n");
	if (rc == DL_EXIT_OK && write_output(opts->output, &sb, out, err) < 0)
		rc = DL_EXIT_INTERNAL;
	if (rc == DL_EXIT_INTERNAL)
		fprintf(err, "deploylint: cannot write the baseline\n");
	dl_strbuf_release(&sb);
	bl_entries_free(v, r->nr);
	return rc;
}

struct baseline {
	struct bl_entry *v;
	size_t nr;
	size_t hidden;
};

/* Reads a baseline file. Returns 0, or -1 after printing what is wrong. */
static int
read_baseline(struct baseline *b, const char *file, FILE *err)
{
	struct stat st;
	json_error_t je;
	json_t *root, *arr, *ver;
	size_t i;

	memset(b, 0, sizeof(*b));
	if (stat(file, &st) < 0) {
		fprintf(err, "deploylint: --baseline %s: %s\n", file, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size > DL_MAX_BASELINE_SIZE) {
		fprintf(err, "deploylint: --baseline %s: not a regular file of at most %u bytes\n",
			file, DL_MAX_BASELINE_SIZE);
		return -1;
	}
	root = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		/* jansson's text without what it quotes of the input: a
		 * baseline may be any file, secrets included */
		char text[JSON_ERROR_TEXT_LENGTH];
		char *near;
		snprintf(text, sizeof(text), "%s", je.text);
		near = strstr(text, " near ");
		if (near)
			*near = '\0';
		fprintf(err, "deploylint: --baseline %s:%d:%d: %s\n", file, je.line,
			je.column, text);
		return -1;
	}
	ver = json_object_get(root, "version");
	arr = json_object_get(root, "findings");
	if (!json_is_string(ver) || strcmp(json_string_value(ver), "1") != 0 ||
	    !json_is_array(arr) || json_array_size(arr) > DL_MAX_BASELINE_ENTRIES) {
		fprintf(err, "deploylint: --baseline %s: not a deploylint baseline (version \"1\" and a findings list expected; write one with `deploylint baseline`)\n",
			file);
		json_decref(root);
		return -1;
	}
	b->v = dl_xcalloc(json_array_size(arr) ? json_array_size(arr) : 1, sizeof(*b->v));
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i);
		json_t *rule = json_object_get(e, "rule"), *path = json_object_get(e, "path");
		json_t *fp = json_object_get(e, "fingerprint");
		if (!json_is_string(rule) || !json_is_string(path) || !json_is_string(fp)) {
			fprintf(err, "deploylint: --baseline %s: entry %zu needs string rule, path and fingerprint\n",
				file, i + 1);
			bl_entries_free(b->v, b->nr);
			json_decref(root);
			return -1;
		}
		b->v[b->nr].rule = dl_xstrdup(json_string_value(rule));
		b->v[b->nr].path = dl_xstrdup(json_string_value(path));
		b->v[b->nr].fingerprint = dl_xstrdup(json_string_value(fp));
		b->nr++;
	}
	json_decref(root);
	if (b->nr > 1)
		qsort(b->v, b->nr, sizeof(*b->v), bl_cmp);
	return 0;
}

/* Keeps a finding unless an unused baseline entry matches it. */
static int
keep_unbaselined(const struct dl_finding *f, void *payload)
{
	struct baseline *b = payload;
	struct bl_entry key;
	size_t lo = 0, hi = b->nr;
	int found = 0;

	bl_entry_of(&key, f);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (bl_cmp(&b->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < b->nr && bl_cmp(&b->v[lo], &key) == 0; lo++)
		if (!b->v[lo].used) {
			b->v[lo].used = 1;
			found = 1;
			break;
		}
	free(key.rule);
	free(key.path);
	free(key.fingerprint);
	b->hidden += found;
	return !found;
}

/* --baseline FILE: drops the findings it records and says on stderr how
 * many of its entries no longer match anything (unless `quiet`: the fix
 * pass of --fix, whose second run says it). */
static int
apply_baseline(const char *file, struct dl_report *r, FILE *err, int quiet)
{
	struct baseline b;
	size_t i, stale = 0;

	if (read_baseline(&b, file, err) < 0)
		return -1;
	dl_report_filter(r, keep_unbaselined, &b);
	for (i = 0; i < b.nr; i++)
		stale += !b.v[i].used;
	if (!quiet)
		fprintf(err, "deploylint: baseline %s: %zu finding%s hidden, %zu entr%s no longer match%s any finding%s\n",
			file, b.hidden, b.hidden == 1 ? "" : "s", stale,
			stale == 1 ? "y" : "ies", stale == 1 ? "es" : "",
			stale ? " (refresh it with `deploylint baseline`)" : "");
	bl_entries_free(b.v, b.nr);
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
	const struct dl_emitter *em = dl_emitter_find(opts->format ? opts->format : "json");
	struct dl_emit_opts eo;
	size_t i;
	int rc = DL_EXIT_OK;

	if (!em) {
		fprintf(err, "deploylint: --format: unknown format '%s' (expected %s)\n",
			opts->format, dl_emitter_names());
		return DL_EXIT_USAGE;
	}
	dl_report_sort(report);
	if (opts->command == DL_CMD_BASELINE)
		return write_baseline(opts, report, out, err);
	if (opts->baseline && apply_baseline(opts->baseline, report, err, 0) < 0)
		return DL_EXIT_USAGE;
	memset(&eo, 0, sizeof(eo));
	eo.color = opts->color;
	eo.context = opts->context;
	eo.quiet = opts->quiet;
	eo.files_scanned = (int)files;
	eo.execution_successful = 1;
	if (emit_to(em, opts->output, report, &eo, out, err) < 0)
		rc = DL_EXIT_INTERNAL;
	/* one run, two outputs: annotations and a SARIF file */
	else if (opts->sarif_output &&
		 emit_to(dl_emitter_find("sarif"), opts->sarif_output, report, &eo, out, err) < 0)
		rc = DL_EXIT_INTERNAL;
	if (rc == DL_EXIT_OK && fail_on != DL_LEVEL_NONE) {
		for (i = 0; i < report->nr; i++)
			if (report->findings[i]->level >= fail_on)
				rc = DL_EXIT_FINDINGS;
	}
	return rc;
}

static int
run_lint(const struct dl_options *opts, FILE *out, FILE *err)
{
	struct dl_report report;
	size_t i, files = 0;
	int rc;
	enum dl_level fail_on = opts->fail_on;

	if (!dl_emitter_find(opts->format ? opts->format : "json")) {
		fprintf(err, "deploylint: --format: unknown format '%s' (expected %s)\n",
			opts->format, dl_emitter_names());
		return DL_EXIT_USAGE;
	}
	dl_report_init(&report);
	for (i = 0; i < opts->paths_nr; i++) {
		int lr = lint_root(&report, opts->paths[i], opts, err, &files, &fail_on,
				   NULL);
		if (lr < 0) {
			dl_report_release(&report);
			return lr == -2 ? DL_EXIT_INTERNAL : DL_EXIT_USAGE;
		}
	}
	rc = dl_run_report(opts, &report, files, fail_on, out, err);
	dl_report_release(&report);
	return rc;
}

/* ---- --fix ---------------------------------------------------------------- */

/*
 * Lints as run_lint() does, collects the fixes of the findings it would
 * report, applies them (unless `dry_run`) and writes their diff to `out`.
 * Sets *changes when there was something to fix. Returns DL_EXIT_OK,
 * DL_EXIT_USAGE, or DL_EXIT_INTERNAL when a file could not be written.
 */
static int
fix_pass(const struct dl_options *opts, int dry_run, FILE *out, FILE *err,
	 int *changes)
{
	struct dl_report report;
	struct dl_fix_plan plan;
	struct dl_strbuf diff = DL_STRBUF_INIT, errors = DL_STRBUF_INIT;
	size_t i, files = 0, changed = 0;
	enum dl_level fail_on = opts->fail_on;
	int rc = DL_EXIT_OK;
	const char *p, *nl;

	*changes = 0;
	dl_report_init(&report);
	dl_fix_plan_init(&plan);
	for (i = 0; i < opts->paths_nr && rc == DL_EXIT_OK; i++) {
		int lr = lint_root(&report, opts->paths[i], opts, err, &files, &fail_on,
				   &plan);
		if (lr < 0)
			rc = lr == -2 ? DL_EXIT_INTERNAL : DL_EXIT_USAGE;
	}
	if (rc == DL_EXIT_OK) {
		dl_report_sort(&report);
		if (opts->baseline && apply_baseline(opts->baseline, &report, err, 1) < 0)
			rc = DL_EXIT_USAGE;
	}
	if (rc != DL_EXIT_OK) {
		dl_fix_plan_release(&plan);
		dl_report_release(&report);
		return rc;
	}
	/* in report order: where two fixes overlap, the first one wins */
	for (i = 0; i < report.nr; i++) {
		const struct dl_finding *f = report.findings[i];
		if (f->fix && !dl_fix_plan_add(&plan, f->fix))
			fprintf(err, "deploylint: %s:%u:%u: %s not fixed: its edit overlaps an earlier fix (run deploylint --fix again)\n",
				f->path, f->region.line, f->region.col, f->rule->id);
	}
	if (dl_fix_plan_run(&plan, !dry_run, &diff, &errors) < 0)
		rc = DL_EXIT_INTERNAL;
	if (diff.len && (fwrite(diff.buf, 1, diff.len, out) != diff.len || fflush(out) != 0)) {
		fprintf(err, "deploylint: write error\n");
		rc = DL_EXIT_INTERNAL;
	}
	for (p = errors.buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		fprintf(err, "deploylint: %.*s\n", (int)(nl - p), p);
	}
	for (i = 0; i < plan.nr; i++)
		changed += plan.files[i].fixes && !plan.files[i].failed;
	if (dry_run)
		fprintf(err, "deploylint: %zu finding%s can be fixed in %zu file%s (dry run: nothing changed)\n",
			plan.applied, plan.applied == 1 ? "" : "s", changed,
			changed == 1 ? "" : "s");
	else
		fprintf(err, "deploylint: fixed %zu finding%s in %zu file%s\n",
			plan.applied, plan.applied == 1 ? "" : "s", changed,
			changed == 1 ? "" : "s");
	*changes = plan.applied > 0;
	dl_strbuf_release(&diff);
	dl_strbuf_release(&errors);
	dl_fix_plan_release(&plan);
	dl_report_release(&report);
	return rc;
}

/*
 * `deploylint heads`: per script location, the heads Alembic reports
 * (duplicates included, as RevisionMap keeps them), or, when Alembic
 * cannot build the revision map, its error on `err`: exit 1 then.
 */
static int
run_heads(const struct dl_options *opts, FILE *out, FILE *err)
{
	size_t p, i, j;
	int rc = DL_EXIT_OK;
	for (p = 0; p < opts->paths_nr; p++) {
		struct dl_repo repo;
		struct dl_alembic a;
		char *msg = NULL;
		int sr = dl_repo_scan(&repo, opts->paths[p], &msg);
		if (sr < 0) {
			fprintf(err, "deploylint: %s\n", msg);
			free(msg);
			return sr == -2 ? DL_EXIT_INTERNAL : DL_EXIT_USAGE;
		}
		dl_alembic_build(&a, &repo);
		for (i = 0; i < a.locs_nr; i++) {
			const struct dl_script_location *loc = &a.locs[i];
			const char **ids = NULL;
			size_t nr = 0, alloc = 0;
			char *loc_path;
			if (!loc->dir || loc->shared || loc->problem == DL_LOC_MISSING)
				continue;
			loc_path = opts->paths_nr > 1 ? dl_path_join(opts->paths[p], loc->dir)
						      : dl_xstrdup(*loc->dir ? loc->dir : ".");
			if (loc->cut_at) {
				/* any revision may look like a head of the part read */
				fprintf(err, "deploylint: heads: script location %s has more than %u revision files (DL_MAX_REVISIONS): its heads are unknown\n",
					*loc_path ? loc_path : ".", DL_MAX_REVISIONS);
				rc = DL_EXIT_INTERNAL;
				free(loc_path);
				continue;
			}
			if (loc->alembic_error) {
				fprintf(err, "deploylint: %s: Alembic cannot load the revision graph: %s\n",
					*loc_path ? loc_path : ".", loc->alembic_message);
				if (rc != DL_EXIT_INTERNAL)
					rc = DL_EXIT_FINDINGS;
				free(loc_path);
				continue;
			}
			for (j = 0; j < loc->revs_nr; j++)
				if (loc->revs[j].alembic_head) {
					DL_ALLOC_GROW(ids, nr + 1, alloc);
					ids[nr++] = loc->revs[j].id;
				}
			/* sort ids for a stable output */
			for (j = 1; j < nr; j++) {
				const char *k = ids[j];
				size_t m = j;
				while (m && strcmp(ids[m - 1], k) > 0) {
					ids[m] = ids[m - 1];
					m--;
				}
				ids[m] = k;
			}
			/* an overridden duplicate and its kept file are two
			 * heads with one id: `alembic heads` prints both */
			for (j = 0; j < nr; j++)
				fprintf(out, "%s %s\n", ids[j], *loc_path ? loc_path : ".");
			free(loc_path);
			free(ids);
		}
		dl_alembic_release(&a);
		dl_repo_release(&repo);
	}
	return rc;
}

static int
run_graph(const struct dl_options *opts, FILE *out, FILE *err)
{
	enum dl_graph_format fmt;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_graph g;
	size_t p;
	int rc = DL_EXIT_OK;

	if (dl_graph_format_parse(&fmt, opts->format) < 0) {
		fprintf(err, "deploylint: graph --format: expected text or dot, not '%s'\n",
			opts->format);
		return DL_EXIT_USAGE;
	}
	dl_graph_init(&g, &sb, fmt);
	for (p = 0; p < opts->paths_nr; p++) {
		struct dl_repo repo;
		struct dl_alembic a;
		char *msg = NULL;
		int sr = dl_repo_scan(&repo, opts->paths[p], &msg);
		if (sr < 0) {
			fprintf(err, "deploylint: %s\n", msg);
			free(msg);
			dl_strbuf_release(&sb);
			return sr == -2 ? DL_EXIT_INTERNAL : DL_EXIT_USAGE;
		}
		dl_alembic_build(&a, &repo);
		dl_graph_add(&g, &a, opts->paths_nr > 1 ? opts->paths[p] : NULL);
		dl_alembic_release(&a);
		dl_repo_release(&repo);
	}
	dl_graph_finish(&g);
	if (write_output(opts->output, &sb, out, err) < 0)
		rc = DL_EXIT_INTERNAL;
	dl_strbuf_release(&sb);
	return rc;
}

static void
put_origin(struct dl_strbuf *sb, const char *cli_flag, int from_cli,
	   const struct dl_config *cfg, struct dl_pos pos, int in_file)
{
	if (from_cli)
		dl_strbuf_addf(sb, "  (from %s)\n", cli_flag);
	else if (in_file)
		dl_strbuf_addf(sb, "  (from %s:%u:%u)\n", cfg->path, pos.line, pos.col);
	else
		dl_strbuf_puts(sb, "  (default)\n");
}

/* deploylint config: the effective configuration and where each value
 * came from. */
static int
run_config(const struct dl_options *opts, FILE *out, FILE *err)
{
	struct dl_config cfg;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const struct dl_rule *rules;
	size_t n, i, j;
	int rc = DL_EXIT_OK;
	enum dl_level fail_on;

	if (dl_run_load_config(&cfg, opts->paths[0], opts, err) < 0)
		return DL_EXIT_USAGE;
	dl_strbuf_addf(&sb, "config: %s\n", cfg.path ? cfg.path : "(none)");
	dl_strbuf_addf(&sb, "select: %s", opts->select ? opts->select : cfg.select ? cfg.select
										   : "all rules");
	put_origin(&sb, "--select", opts->select != NULL, &cfg, cfg.select_pos,
		   cfg.select != NULL);
	dl_strbuf_addf(&sb, "ignore: %s", opts->ignore ? opts->ignore : cfg.ignore ? cfg.ignore
										   : "none");
	put_origin(&sb, "--ignore", opts->ignore != NULL, &cfg, cfg.ignore_pos,
		   cfg.ignore != NULL);
	fail_on = opts->fail_on_given || !cfg.has_fail_on ? opts->fail_on : cfg.fail_on;
	dl_strbuf_addf(&sb, "fail-on: %s", fail_on == DL_LEVEL_NONE ? "never" : dl_level_name(fail_on));
	put_origin(&sb, "--fail-on", opts->fail_on_given, &cfg, cfg.fail_on_pos,
		   cfg.has_fail_on);
	dl_strbuf_puts(&sb, "exclude:");
	for (i = 0; i < cfg.exclude_nr; i++)
		dl_strbuf_addf(&sb, " %s", cfg.exclude[i]);
	if (!cfg.exclude_nr)
		dl_strbuf_puts(&sb, " none");
	put_origin(&sb, "", 0, &cfg, cfg.exclude_pos, cfg.exclude_nr > 0);
	dl_strbuf_addf(&sb, "inline suppressions: %s%s\n",
		       opts->no_inline_ignores ? "off (from --no-inline-ignores)" : "on",
		       opts->require_reason ? ", reasons required (from --require-reason)" : "");
	dl_strbuf_puts(&sb, "rules:\n");
	rules = dl_rules(&n);
	for (i = 0; i < n; i++) {
		const struct dl_config_level *set = NULL;
		for (j = 0; j < cfg.rules_nr; j++)
			if (cfg.rules[j].rule == &rules[i])
				set = &cfg.rules[j];
		dl_strbuf_addf(&sb, "  %-9s %-8s", rules[i].id,
			       set ? (set->off ? "off" : dl_level_name(set->level))
				   : dl_level_name(rules[i].level));
		if (set)
			dl_strbuf_addf(&sb, " (from %s:%u:%u)\n", cfg.path, set->pos.line,
				       set->pos.col);
		else
			dl_strbuf_puts(&sb, " (default)\n");
	}
	for (i = 0; i < cfg.overrides_nr; i++) {
		const struct dl_config_override *ov = &cfg.overrides[i];
		dl_strbuf_puts(&sb, "override:");
		for (j = 0; j < ov->paths_nr; j++)
			dl_strbuf_addf(&sb, " %s", ov->paths[j]);
		dl_strbuf_addf(&sb, "  (from %s:%u:%u)\n", cfg.path, ov->pos.line, ov->pos.col);
		for (j = 0; j < ov->rules_nr; j++)
			dl_strbuf_addf(&sb, "  %-9s %s\n", ov->rules[j].rule->id,
				       ov->rules[j].off ? "off" : dl_level_name(ov->rules[j].level));
	}
	if (cfg.python_versions_nr) {
		dl_strbuf_puts(&sb, "python-versions:");
		for (i = 0; i < cfg.python_versions_nr; i++)
			dl_strbuf_addf(&sb, " %s", cfg.python_versions[i]);
		dl_strbuf_putc(&sb, '\n');
	}
	if (cfg.placeholders_nr) {
		dl_strbuf_puts(&sb, "placeholder-words:");
		for (i = 0; i < cfg.placeholders_nr; i++)
			dl_strbuf_addf(&sb, " %s", cfg.placeholders[i]);
		dl_strbuf_putc(&sb, '\n');
	}
	for (i = 0; i < cfg.secrets_nr; i++)
		dl_strbuf_addf(&sb, "secret-pattern: %s (%s)\n", cfg.secrets[i].id,
			       cfg.secrets[i].name);
	for (i = 0; i < cfg.plans_nr; i++)
		dl_strbuf_addf(&sb, "render-plan: %s = %s\n", cfg.plans[i].service,
			       cfg.plans[i].plan);
	if (write_output(opts->output, &sb, out, err) < 0)
		rc = DL_EXIT_INTERNAL;
	dl_strbuf_release(&sb);
	dl_config_release(&cfg);
	return rc;
}

static int
run_list_rules(const struct dl_options *opts, FILE *out, FILE *err)
{
	size_t n, i;
	const struct dl_rule *rules = dl_rules(&n);

	if (opts->format && !strcmp(opts->format, "json")) {
		json_t *arr = json_array();
		char *s;
		for (i = 0; i < n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_string(rules[i].id));
			json_object_set_new(o, "name", json_string(rules[i].name));
			json_object_set_new(o, "level", json_string(dl_level_name(rules[i].level)));
			json_object_set_new(o, "summary", json_string(rules[i].summary));
			json_array_append_new(arr, o);
		}
		s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(arr);
		if (!s)
			return DL_EXIT_INTERNAL;
		fprintf(out, "%s\n", s);
		free(s);
		return DL_EXIT_OK;
	}
	if (opts->format && strcmp(opts->format, "text") != 0) {
		fprintf(err, "deploylint: --list-rules supports --format text or json, not '%s'\n",
			opts->format);
		return DL_EXIT_USAGE;
	}
	fprintf(out, "%-9s %-8s %-36s %s\n", "ID", "LEVEL", "NAME", "SUMMARY");
	for (i = 0; i < n; i++)
		fprintf(out, "%-9s %-8s %-36s %s\n", rules[i].id,
			dl_level_name(rules[i].level), rules[i].name, rules[i].summary);
	return DL_EXIT_OK;
}

static int
run_explain(const struct dl_options *opts, FILE *out, FILE *err)
{
	const char *doc;
	const struct dl_rule *rule = dl_rule_find(opts->explain_id);
	if (!rule) {
		const char *near = dl_rule_suggest(opts->explain_id);
		if (near)
			fprintf(err, "deploylint: --explain: unknown rule '%s' (did you mean %s? see --list-rules)\n",
				opts->explain_id, near);
		else
			fprintf(err, "deploylint: --explain: unknown rule '%s' (see --list-rules)\n",
				opts->explain_id);
		return DL_EXIT_USAGE;
	}
	doc = dl_rule_doc(rule->id);
	if (!doc) {
		fprintf(err, "deploylint: rule %s has no documentation\n", rule->id);
		return DL_EXIT_INTERNAL;
	}
	fputs(doc, out);
	return DL_EXIT_OK;
}

/* --select and --ignore name known rules or families. */
static int
check_selectors(const struct dl_options *opts, FILE *err)
{
	const char *opt[2] = { "--select", "--ignore" };
	const char *list[2] = { opts->select, opts->ignore };
	size_t i;
	for (i = 0; i < 2; i++) {
		char *bad = NULL;
		const char *near;
		if (!list[i] || dl_rule_selector_validate(list[i], &bad) == 0)
			continue;
		near = dl_rule_suggest(bad);
		if (near)
			fprintf(err, "deploylint: %s: unknown rule or family '%s' (did you mean %s?)\n",
				opt[i], bad, near);
		else
			fprintf(err, "deploylint: %s: unknown rule or family '%s'\n", opt[i], bad);
		free(bad);
		return DL_EXIT_USAGE;
	}
	return DL_EXIT_OK;
}

int
dl_run_fix(const struct dl_options *opts, enum dl_fix_mode mode, FILE *out,
	   FILE *err)
{
	int rc, changes = 0;

	if (mode == DL_FIX_OFF)
		return dl_run(opts, out, err);
	if ((rc = check_selectors(opts, err)) != DL_EXIT_OK)
		return rc;
	if (opts->command != DL_CMD_LINT || opts->staged) {
		fprintf(err, "deploylint: --fix changes the work tree: it does not combine with %s\n",
			opts->staged ? "--staged" : "a subcommand, --list-rules or --explain");
		return DL_EXIT_USAGE;
	}
	if (!dl_emitter_find(opts->format ? opts->format : "json")) {
		fprintf(err, "deploylint: --format: unknown format '%s' (expected %s)\n",
			opts->format, dl_emitter_names());
		return DL_EXIT_USAGE;
	}
	rc = fix_pass(opts, mode == DL_FIX_DRY_RUN, out, err, &changes);
	if (rc == DL_EXIT_USAGE)
		return rc;
	if (mode == DL_FIX_DRY_RUN)
		return rc != DL_EXIT_OK ? rc : changes ? DL_EXIT_FINDINGS
						       : DL_EXIT_OK;
	/* what is left, read afresh */
	changes = run_lint(opts, out, err);
	return rc == DL_EXIT_INTERNAL ? rc : changes;
}

int
dl_run(const struct dl_options *opts, FILE *out, FILE *err)
{
	int rc = check_selectors(opts, err);
	if (rc != DL_EXIT_OK)
		return rc;
	switch (opts->command) {
	case DL_CMD_LINT:
		return run_lint(opts, out, err);
	case DL_CMD_HEADS:
		return run_heads(opts, out, err);
	case DL_CMD_LIST_RULES:
		return run_list_rules(opts, out, err);
	case DL_CMD_EXPLAIN:
		return run_explain(opts, out, err);
	case DL_CMD_GRAPH:
		return run_graph(opts, out, err);
	case DL_CMD_CONFIG:
		return run_config(opts, out, err);
	case DL_CMD_ENV:
		return dl_cmd_env(opts, out, err);
	case DL_CMD_BASELINE:
		if (opts->format && strcmp(opts->format, "json") != 0) {
			fprintf(err, "deploylint: baseline writes JSON; --format must be json, not '%s'\n",
				opts->format);
			return DL_EXIT_USAGE;
		}
		return run_lint(opts, out, err);
	}
	return DL_EXIT_INTERNAL;
}
