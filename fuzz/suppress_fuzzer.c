/*
 * Fuzz harness: inline suppressions (dl_suppress_apply). The input is the
 * one file of a repository held in memory; findings on its first lines,
 * of rules the input's bytes pick, are suppressed by its comments.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "deploylint/repo.h"
#include "deploylint/suppress.h"

#define PATH "app/alembic.ini"

static int
enabled_not_alm(const struct dl_rule *rule, void *payload)
{
	(void)payload;
	return strncmp(rule->id, "ALM", 3) != 0;
}

/* Whether s[0 .. len) holds `needle`. */
static int
contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_repo repo;
	struct dl_report report;
	struct dl_suppress_opts opts;
	size_t nrules, i, before;
	const struct dl_rule *rules = dl_rules(&nrules);
	int marker;

	memset(&repo, 0, sizeof(repo));
	dl_strbuf_init(&repo.notes, 0);
	repo.root = dl_xstrdup("/nonexistent-fuzz-root");
	repo.files = dl_xcalloc(1, sizeof(*repo.files));
	repo.nr = repo.alloc = 1;
	repo.files[0].path = dl_xstrdup(PATH);
	repo.files[0].kind = DL_KIND_ALEMBIC_INI;
	repo.files[0].size = size;
	repo.files[0].data = dl_xmalloc(size + 1);
	memcpy(repo.files[0].data, data, size);
	repo.files[0].data[size] = '\0';
	repo.files[0].len = size;
	repo.files[0].loaded = 1;

	dl_report_init(&report);
	for (i = 0; i < 8 && size; i++) {
		const struct dl_rule *rule = &rules[data[i % size] % nrules];
		unsigned line = (unsigned)(data[(i + 1) % size] % 12) + 1;

		/* the SUP rules report on suppressions; they are checked below */
		if (!strncmp(rule->id, "SUP", 3))
			continue;

		dl_report_add(&report, rule, i == 7 ? "" : PATH,
			      dl_region_span(line, 1, 3), "finding %zu", i);
	}
	before = report.nr;

	memset(&opts, 0, sizeof(opts));
	opts.require_reason = (size & 1) != 0;
	if (size & 2)
		opts.enabled = enabled_not_alm;
	dl_suppress_apply(&report, 0, &repo, &opts);

	marker = contains(repo.files[0].data, size, "deploylint:");
	if (!marker)
		DL_FUZZ_CHECK(report.nr == before);
	for (i = 0; i < report.nr; i++) {
		const struct dl_finding *f = report.findings[i];

		DL_FUZZ_CHECK(f->rule != NULL && f->message != NULL);
		DL_FUZZ_CHECK(f->path != NULL);
		if (!strncmp(f->rule->id, "SUP", 3)) {
			DL_FUZZ_CHECK(marker);
			DL_FUZZ_CHECK(!strcmp(f->path, PATH));
			DL_FUZZ_CHECK(f->region.line >= 1 && f->region.col >= 1);
			DL_FUZZ_CHECK(f->region.end_col > f->region.col);
		}
	}
	dl_report_release(&report);
	dl_repo_release(&repo);
	return 0;
}
