/*
 * deploylint [options] [PATH...]: lint each PATH and report the findings
 * (the pipeline in src/run.c); with --fix, first apply the certain fixes
 * of what it would report, then report what is left.
 */
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "cmd/cmd.h"
#include "deploylint/builtin.h"
#include "deploylint/fix.h"

int
dl_cmd_lint(const struct dl_options *opts, FILE *out, FILE *err)
{
	struct dl_report report;
	size_t files = 0;
	int rc;
	enum dl_level fail_on = opts->fail_on;

	if (!dl_run_check_format(opts, err))
		return DL_EXIT_USAGE;
	dl_report_init(&report);
	rc = dl_run_lint(&report, opts, err, &files, &fail_on, NULL);
	if (rc == DL_EXIT_OK)
		rc = dl_run_report(opts, &report, files, fail_on, out, err);
	dl_report_release(&report);
	return rc;
}

/*
 * Lints as dl_cmd_lint() does, collects the fixes of the findings it
 * would report, applies them (unless `dry_run`) and writes their diff to
 * `out`. Sets *changes when there was something to fix. Returns
 * DL_EXIT_OK, DL_EXIT_USAGE, or DL_EXIT_INTERNAL when a file could not be
 * written.
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
	int rc;
	const char *p, *nl;

	*changes = 0;
	dl_report_init(&report);
	dl_fix_plan_init(&plan);
	plan.mask = &report.mask;
	rc = dl_run_lint(&report, opts, err, &files, &fail_on, &plan);
	if (rc == DL_EXIT_OK) {
		dl_report_sort(&report);
		if (opts->baseline && dl_run_apply_baseline(opts->baseline, &report, err, 1) < 0)
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

int
dl_run_fix(const struct dl_options *opts, enum dl_fix_mode mode, FILE *out,
	   FILE *err)
{
	int rc, changes = 0;

	if (mode == DL_FIX_OFF)
		return dl_run(opts, out, err);
	if ((rc = dl_cmd_check_selectors(opts, err)) != DL_EXIT_OK)
		return rc;
	if (!(dl_builtin_get(opts->command)->flags & DL_BUILTIN_FIX) || opts->staged) {
		fprintf(err, "deploylint: --fix changes the work tree: it does not combine with %s\n",
			opts->staged ? "--staged" : "a subcommand, --list-rules or --explain");
		return DL_EXIT_USAGE;
	}
	if (!dl_run_check_format(opts, err))
		return DL_EXIT_USAGE;
	rc = fix_pass(opts, mode == DL_FIX_DRY_RUN, out, err, &changes);
	if (rc == DL_EXIT_USAGE)
		return rc;
	if (mode == DL_FIX_DRY_RUN)
		return rc != DL_EXIT_OK ? rc : changes ? DL_EXIT_FINDINGS
						       : DL_EXIT_OK;
	/* what is left, read afresh */
	changes = dl_cmd_lint(opts, out, err);
	return rc == DL_EXIT_INTERNAL ? rc : changes;
}
