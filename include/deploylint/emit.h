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
	/*
	 * Where output goes as it is produced, or NULL (the emitter then
	 * appends the whole output to `out`). When set, emitters call
	 * dl_emit_flush() between findings, which hands `out`'s bytes to
	 * flush(out, flush_arg) once they exceed DL_EMIT_FLUSH_SIZE; flush
	 * writes out->buf[0 .. out->len), empties `out` and returns 0, or -1
	 * on a write error (the emitter then stops and returns -1). So the
	 * output of a run is never held in memory whole: JSON and SARIF keep
	 * one finding's tree at a time.
	 */
	int (*flush)(struct dl_strbuf *out, void *flush_arg);
	void *flush_arg;
};

/* Bytes an emitter gathers before dl_emit_flush() hands them over. */
#define DL_EMIT_FLUSH_SIZE ((size_t)64 << 10)

/*
 * Hands `out` to opts->flush when it holds DL_EMIT_FLUSH_SIZE bytes or
 * more (or, with `force`, any bytes). Returns 0, or -1 when the flush
 * failed. Without opts->flush it does nothing and returns 0.
 */
int dl_emit_flush(struct dl_strbuf *out, const struct dl_emit_opts *opts, int force);

struct dl_emitter {
	const char *name; /* "text", "json", "sarif", "github" */
	/* Appends the output for `report` to `out` (handing it over to
	 * opts->flush as it grows, when set). Returns 0 or -1. */
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
