/*
 * deploylint: the one door to pcre2 (no other file includes pcre2.h).
 * Patterns are compiled once, JIT-compiled when the platform allows it, and
 * every match runs under pcre2's match and depth limits, so that no input
 * can make a pattern run away.
 */
#ifndef DEPLOYLINT_REGEX_H
#define DEPLOYLINT_REGEX_H

#include <stddef.h>

/* A compiled pattern. Immutable after dl_regex_compile(): any number of
 * threads may match with it at once, each with its own scratch. */
struct dl_regex;

/* Per-thread match state (pcre2 match data sized for any of our patterns).
 * Never share one between threads. */
struct dl_regex_scratch;

enum dl_regex_flags {
	DL_REGEX_CASELESS = 1 << 0,  /* ASCII case-insensitive, like (?i) */
	DL_REGEX_MULTILINE = 1 << 1, /* ^ and $ match at line breaks */
	DL_REGEX_ANCHOR = 1 << 2     /* every match starts at the start
				      * offset (compiled anchored, so that
				      * pcre2's JIT serves it: pcre2 cannot
				      * JIT a match-time PCRE2_ANCHORED) */
};

enum dl_regex_match_flags {
	DL_REGEX_ANCHORED = 1 << 0 /* the match must start at `start`
				    * (uses the interpreter unless the
				    * pattern was compiled DL_REGEX_ANCHOR) */
};

/* A capture group's byte offsets in the subject; both DL_REGEX_UNSET when
 * the group did not take part in the match. `end` is one past the last
 * byte. */
struct dl_regex_span {
	size_t start, end;
};
#define DL_REGEX_UNSET ((size_t)-1)

/* Most capture groups (group 0 included) a pattern may have. */
#define DL_REGEX_MAX_GROUPS 16

/*
 * Compiles `pattern` (NUL-terminated, pcre2 syntax, bytes: no UTF mode) with
 * `flags` (enum dl_regex_flags), then JIT-compiles it when the platform has
 * pcre2's JIT (falling back silently to the interpreter otherwise).
 * Returns 0 with *out set (free with dl_regex_free), or -1 with *err_out set
 * to a malloc'd one-line message naming the offset of the problem ("at
 * offset 12: missing closing parenthesis"), also when the pattern has more
 * than DL_REGEX_MAX_GROUPS - 1 capture groups.
 */
int dl_regex_compile(struct dl_regex **out, const char *pattern,
		     unsigned flags, char **err_out);
/* Frees a compiled pattern; NULL is allowed. */
void dl_regex_free(struct dl_regex *re);
/* Number of capture groups, group 0 (the whole match) not counted. */
size_t dl_regex_group_count(const struct dl_regex *re);

/* A new scratch (free with dl_regex_scratch_free; NULL is allowed there). */
struct dl_regex_scratch *dl_regex_scratch_new(void);
void dl_regex_scratch_free(struct dl_regex_scratch *s);

/*
 * Matches `re` against subject[0 .. len) (need not be NUL-terminated; may
 * hold NULs) starting the search at byte offset `start` (lookbehinds and
 * \b see the bytes before it). `mflags` is enum dl_regex_match_flags.
 * On a match fills groups[0 .. ngroups) (group 0 = the whole match; groups
 * beyond the pattern's count are DL_REGEX_UNSET) and returns 1. Returns 0
 * when there is no match, and -1 when pcre2 gave up: the match limit
 * (DL_REGEX_MATCH_LIMIT) or depth limit (DL_REGEX_DEPTH_LIMIT) was hit, or
 * another pcre2 error (callers treat it as no match). `scratch` may be NULL
 * (one is allocated for the call).
 */
int dl_regex_match(const struct dl_regex *re, struct dl_regex_scratch *scratch,
		   const char *subject, size_t len, size_t start,
		   unsigned mflags, struct dl_regex_span *groups, size_t ngroups);

#endif
