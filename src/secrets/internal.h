/*
 * deploylint: private parts of the secrets module (src/secrets/): the
 * catalogue's layout, the keyword automaton and SHA-256.
 */
#ifndef DEPLOYLINT_SECRETS_INTERNAL_H
#define DEPLOYLINT_SECRETS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "deploylint/secrets.h"
#include "deploylint/util.h"

/*
 * A case-insensitive Aho-Corasick automaton compiled to a full DFA over
 * byte classes (bytes that occur in no keyword share class 0). delta[]
 * holds, for each state and class, the next state's row offset (state *
 * nclasses) with bit 31 set when that state ends at least one keyword.
 * delta16[] is the same automaton by raw byte, for the scan's hot loop,
 * with its states numbered again so that the loop needs no masking: the
 * states that end no keyword are 0 .. A-1 (0 is the root), those that end
 * one are match16 .. match16+B-1, match16 being a power of two no smaller
 * than A or B. An entry is the next state's number; the state's row starts
 * at number << 8; any number with bit match16 set ends a keyword, and
 * state16[] gives its state in delta[] terms. NULL when the numbers do not
 * fit 16 bits.
 */
struct ac_automaton {
	uint8_t cls[256]; /* byte (any case) -> class */
	unsigned nclasses;
	unsigned nstates;
	size_t maxlen;     /* longest keyword, bytes */
	uint32_t *delta;   /* nstates * nclasses */
	uint16_t *delta16; /* (match16 + B) * 256, indexed by number << 8 | byte */
	uint32_t *state16; /* number -> state (rows of delta / nclasses) */
	unsigned match16;
	/* keywords ending at each state (its own and its suffixes'):
	 * out_list[out_start[s] .. out_start[s + 1]) */
	uint32_t *out_start;
	uint32_t *out_list;
};

#define AC_MATCH_BIT 0x80000000u

/* Builds the automaton for `n` keywords (lower-case ASCII, non-empty).
 * Keyword i is reported as i. */
void ac_build(struct ac_automaton *ac, const char *const *keywords, size_t n);
void ac_release(struct ac_automaton *ac);

/* A keyword of the catalogue and the formats that list it. */
struct sec_keyword {
	char *text;
	size_t len;
	uint32_t *formats; /* indexes into dl_secrets.formats */
	size_t formats_nr, formats_alloc;
	unsigned features; /* DL_FEAT_* this word stands for */
	/* DL_FEAT_* it stands for only as a whole identifier spelled as
	 * `text` (case-sensitive; see DL_FEAT_PY_REMOVED) */
	unsigned ident_features;
	/* every format of this word is word-anchored and judges an
	 * assignment (DL_SECRET_CHECK_ASSIGNMENT or _KEYED): where no ':' or
	 * '=' follows the identifier, none of them can match (on_state) */
	int assign_only;
};

struct sec_placeholder {
	char *glob; /* lower-cased */
	int tests;  /* from the [tests] section */
};

struct dl_secrets {
	struct dl_secret_format *formats;
	size_t nr;
	struct sec_keyword *keywords;
	size_t keywords_nr, keywords_alloc;
	struct ac_automaton ac;
	char **skip_files; /* base-name globs */
	size_t skip_nr;
	struct sec_placeholder *placeholders;
	size_t placeholders_nr;
	struct dl_arena arena; /* every string of the formats */
};

/* Glob match ('*', '?', '\\' quotes the next byte), ASCII
 * case-insensitive; `glob` is lower-case. */
int sec_glob_match(const char *glob, const char *s, size_t len);

/* Whether the file (by base name) is source code, where only quoted
 * values are literals. */
int sec_path_is_code(const char *path);

/*
 * Whether what follows the end of a key, data[key_end ..), can make it an
 * assignment as rules/secrets.yaml's `check: assignment` formats write
 * one: an optional closing quote of the key, blanks (space, tab), then
 * ':' or '='. key_end is the end of the identifier run ([A-Za-z0-9_.-])
 * that holds the keyword: the formats' key group is such a run and must
 * end where the run does. The scan tries an assignment pattern at a
 * keyword only when this holds; tests/unit/test_secrets.c checks that no
 * match of the patterns is lost by it.
 */
int sec_assignment_follows(const char *data, size_t len, size_t key_end);

/*
 * Whether an opening quote can follow the separator after a key that ends
 * at data[key_end], in a subject that ends at data[end): the quote group
 * (group 2) of a match of a sec_quote_filterable() format can only be
 * non-empty where this holds. Where it does not, a match in source code
 * is dropped by check_assignment() (an unquoted value there is an
 * expression), so the scan spares pcre2 that match. A superset of what
 * the patterns accept (ASCII case-insensitive type names, either
 * separator list); tests/unit/test_secrets.c checks that no quoted match
 * is lost by it.
 */
int sec_quote_may_follow(const char *data, size_t end, size_t key_end);

/* Whether format f is an assignment one (check assignment or keyed, anchor
 * word) whose pattern is the key as group 1 at the top level, then one of
 * the separator lists of rules/secrets.yaml and the quote as group 2. */
int sec_quote_filterable(const struct dl_secret_format *f);

/* Turns the shortcut of sec_quote_may_follow() off or on for scans with sc
 * (on by default; the tests compare both). */
void sec_scratch_quote_filter(struct dl_secret_scratch *sc, int on);

/* SHA-256 of data[0 .. len) into out[32]; and the streaming form. */
struct sec_sha256 {
	uint32_t h[8];
	uint64_t total;
	unsigned char buf[64];
	size_t fill;
};
void sec_sha256_init(struct sec_sha256 *c);
void sec_sha256_update(struct sec_sha256 *c, const void *data, size_t len);
void sec_sha256_final(struct sec_sha256 *c, unsigned char out[32]);

/* The embedded data files (generated by tools/embed.c --blobs). */
extern const char dl_embedded_secrets_yaml[];
extern const size_t dl_embedded_secrets_yaml_len;
extern const char dl_embedded_placeholders[];
extern const size_t dl_embedded_placeholders_len;

#endif
