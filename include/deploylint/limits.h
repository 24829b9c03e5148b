/*
 * deploylint: every limit on untrusted input, in one place. The README's
 * "Limits" section lists each of these with its value.
 */
#ifndef DEPLOYLINT_LIMITS_H
#define DEPLOYLINT_LIMITS_H

/* Files larger than this (bytes) are skipped with a note on stderr. */
#define DL_MAX_FILE_SIZE (8u * 1024u * 1024u)
/* Bytes inspected for a NUL to decide a file is binary. */
#define DL_BINARY_SNIFF_BYTES 8000u
/* Largest string buffer (bytes); growing past it is an internal error. */
#define DL_MAX_STRBUF ((size_t)1 << 31)
/* Deepest directory nesting the walk descends into. */
#define DL_MAX_WALK_DEPTH 64
/* Most files one run considers. */
#define DL_MAX_FILES 500000u
/* YAML: deepest nesting of collections, most nodes per document. */
#define DL_MAX_YAML_DEPTH 256
#define DL_MAX_YAML_NODES 1000000u
/* Alembic: most revisions in one script location, most ids in one tuple. */
#define DL_MAX_REVISIONS 200000u
#define DL_MAX_REVISION_REFS 100000u
/* INI: longest logical line (after joining continuation lines), bytes. */
#define DL_MAX_INI_VALUE (1024u * 1024u)
/* Longest source line copied into a finding's context, bytes. */
#define DL_MAX_CONTEXT_LINE 512u

#endif
