/*
 * deploylint: emitters. Each output format is a const struct in the emitter
 * registry; an emitter sees only the sorted report and the rule registry,
 * never documents. JSON and SARIF are written with jansson.
 */
#ifndef DEPLOYLINT_EMIT_H
#define DEPLOYLINT_EMIT_H

#include <stdio.h>

#include "deploylint/finding.h"
#include "deploylint/util.h"

struct dl_emit_opts {
	int color;                /* text: ANSI colours */
	int context;              /* text: print the source line and a caret */
	int files_scanned;        /* text summary */
	int execution_successful; /* SARIF invocations[0].executionSuccessful */
	int quiet;                /* text: the summary line only */
};

struct dl_emitter {
	const char *name; /* "text", "json", "sarif", "github" */
	/* Appends the whole output for `report` to `out`. Returns 0 or -1. */
	int (*emit)(struct dl_strbuf *out, const struct dl_report *report,
		    const struct dl_emit_opts *opts);
};

/* Finds an emitter by name; NULL when none. */
const struct dl_emitter *dl_emitter_find(const char *name);
/* Comma-separated emitter names, for messages. */
const char *dl_emitter_names(void);

/* Version string of the JSON output schema (documented in the README). */
#define DL_JSON_SCHEMA_VERSION "1"

#endif
