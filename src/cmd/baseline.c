/*
 * deploylint baseline [PATH...]: lint as `deploylint` does and write the
 * findings as a baseline (deploylint/baseline.h) to --output or standard
 * output, for --baseline FILE to hide later.
 */
#include <string.h>

#include "run.h"
#include "cmd/cmd.h"
#include "deploylint/baseline.h"

int
dl_cmd_baseline(const struct dl_options *opts, FILE *out, FILE *err)
{
	struct dl_report report;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	size_t files = 0;
	enum dl_level fail_on = opts->fail_on;
	int rc;

	if (opts->format && strcmp(opts->format, "json") != 0) {
		fprintf(err, "deploylint: baseline writes JSON; --format must be json, not '%s'\n",
			opts->format);
		return DL_EXIT_USAGE;
	}
	dl_report_init(&report);
	rc = dl_run_lint(&report, opts, err, &files, &fail_on, NULL);
	if (rc == DL_EXIT_OK) {
		dl_report_sort(&report);
		if (dl_baseline_format(&sb, &report) < 0 ||
		    dl_run_write(opts->output, &sb, out, err) < 0) {
			fprintf(err, "deploylint: cannot write the baseline\n");
			rc = DL_EXIT_INTERNAL;
		}
	}
	dl_strbuf_release(&sb);
	dl_report_release(&report);
	return rc;
}
