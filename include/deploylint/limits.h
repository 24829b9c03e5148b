/*
 * deploylint: every limit on untrusted input, in one place. The README's
 * "Limits" section lists each of these with its value. Sizes are unsigned
 * int constants written as shifts (8u << 20 is 8 MiB), which compare with
 * size_t without an unsigned int product being widened.
 */
#ifndef DEPLOYLINT_LIMITS_H
#define DEPLOYLINT_LIMITS_H

/* Files larger than this (bytes) are skipped with a note on stderr. */
#define DL_MAX_FILE_SIZE (8u << 20)
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
/* YAML: most nodes per document with every alias expanded (an alias counts
 * the nodes of the value it names): what the rules may walk. */
#define DL_MAX_YAML_EXPANDED 1000000u
/* Alembic: most revisions in one script location, most ids in one tuple. */
#define DL_MAX_REVISIONS 200000u
#define DL_MAX_REVISION_REFS 100000u
/* INI: longest logical line (after joining continuation lines), bytes. */
#define DL_MAX_INI_VALUE (1u << 20)
/* Longest piece of untrusted text (file contents, configuration keys)
 * a message quotes, bytes; it is masked too (dl_mask_quote). */
#define DL_MAX_QUOTE 40u
/* Longest source line copied into a finding's context, bytes. */
#define DL_MAX_CONTEXT_LINE 512u
/* Requirements: deepest -r/-c include nesting followed (pip has no limit;
 * deeper includes are not read, with a --verbose note). */
#define DL_MAX_REQ_INCLUDE_DEPTH 32
/* Requirements: most requirement lines kept per file (later ones ignored). */
#define DL_MAX_REQ_LINES 100000u
/* Requirements: longest logical line after joining '\' continuations,
 * bytes (PARSE001 past it). */
#define DL_MAX_REQ_LINE (1u << 20)
/* Most specifier items in one PEP 440 specifier set (invalid past it). */
#define DL_MAX_PEP440_SPECS 64u
/* Database URLs: most query items one URL keeps (dburl.h); more are
 * ignored and the URL is marked truncated. */
#define DL_MAX_DBURL_PARAMS 64u
/* Blueprint: longest key compared for "did you mean" suggestions, bytes
 * (longer keys get no suggestion). */
#define DL_MAX_SUGGEST_LEN 64u
/* Commands: most words and simple commands read from one command string
 * or script, and the deepest chain of scripts followed (build.sh running
 * scripts/migrate.sh ...); further ones are ignored. */
#define DL_MAX_CMD_WORDS 100000u
#define DL_MAX_CMD_SCRIPT_DEPTH 8
/* Commands: longest heredoc delimiter recognised, bytes. */
#define DL_MAX_HEREDOC_DELIM 256u
/* Dockerfiles: most ARG/ENV bindings one variable substitution looks
 * through, and the deepest ${VAR:-${...}} nesting it evaluates; beyond
 * them a value counts as not known statically. */
#define DL_MAX_DOCKERFILE_VARS 4096u
#define DL_MAX_DOCKERFILE_NESTING 32

/* .env: deepest chain of nested ${NAME} references dl_dotenv_expand
 * follows, and the work units (bytes appended, bindings compared) one call
 * may spend (references can repeat, so an expansion can be exponential);
 * past either, a reference expands to "". */
#define DL_MAX_DOTENV_EXPAND_DEPTH 32
#define DL_MAX_DOTENV_EXPAND_WORK (1u << 20)

/* Graph pictures: most lanes (branches open at once) drawn in text;
 * wider graphs are drawn flat. Longest id, path or message printed, bytes
 * (longer ones are cut and end in "..."). */
#define DL_MAX_GRAPH_LANES 32u
#define DL_MAX_GRAPH_TEXT 200u

/* pcre2: most backtracking steps (pcre2_set_match_limit) and deepest
 * backtracking nesting (pcre2_set_depth_limit) one match may use; past
 * them the match counts as no match (regex.h). */
#define DL_REGEX_MATCH_LIMIT 200000u
#define DL_REGEX_DEPTH_LIMIT 2000u
/* pcre2 JIT: largest stack one match may grow (bytes; each scratch has
 * its own, from 32 KiB): past it the match counts as no match. */
#define DL_REGEX_JIT_STACK (1u << 20)
/* Secrets: most findings kept per file (a generated file full of keys
 * gets the first ones), most worker threads the scan starts, and the
 * longest line a line-wide credential pattern is run on, bytes (longer
 * lines are matched only from each keyword hit onwards). */
#define DL_MAX_SECRET_HITS 200u
#define DL_MAX_SECRET_THREADS 8u
#define DL_MAX_SECRET_LINE (64u << 10)
/* Secrets: how often pcre2 may give up on one format's matches in one
 * file (DL_REGEX_MATCH_LIMIT or DL_REGEX_DEPTH_LIMIT reached: a pattern
 * with catastrophic backtracking, usually a user's secret-pattern) before
 * that format is no longer run on the file; a note says so. */
#define DL_MAX_SECRET_GIVEUPS 8u
/* Baselines: largest baseline file read, bytes, and most entries. */
#define DL_MAX_BASELINE_SIZE (64u << 20)
#define DL_MAX_BASELINE_ENTRIES 1000000u
/* Blueprint: most "did you mean" searches per render.yaml (unknown keys
 * past it are not reported; unresolved names and missing files past it get
 * no suggestion). */
#define DL_MAX_BP_SUGGESTIONS 1000u

/* Findings: most kept per (rule, file) and per run; past them the others
 * are counted, not kept, and one note per (rule, file), one for the run,
 * says how many were left out (finding.h, dl_report_add). They bound the
 * memory and output of a run: at most a few KiB per finding in every
 * format. */
#define DL_MAX_FINDINGS_PER_FILE 1000u
#define DL_MAX_FINDINGS 1000000u

/* --fix: most edits one file takes (ENV007 removes one CR per line); a
 * rule attaches no fix that would need more. */
#define DL_FIX_MAX_EDITS 100000u

#endif
