/*
 * deploylint: PEP 440 versions and specifier sets, compared and matched as
 * the Python `packaging` library (24.x, packaging/version.py and
 * packaging/specifiers.py) does.
 */
#ifndef DEPLOYLINT_PEP440_H
#define DEPLOYLINT_PEP440_H

#include <stddef.h>

#include "deploylint/util.h"

/* Most release components kept (1.2.3.4...); longer versions are invalid. */
#define DL_PEP440_MAX_RELEASE 16

enum dl_pep440_pre {
	DL_PEP440_PRE_NONE = 0,
	DL_PEP440_PRE_A, /* a, alpha */
	DL_PEP440_PRE_B, /* b, beta */
	DL_PEP440_PRE_RC /* rc, c, pre, preview */
};

/*
 * A parsed version in its normal form. Numbers above 10^18 make the version
 * invalid (packaging accepts any size; no real release comes close).
 */
struct dl_pep440_version {
	unsigned long long epoch;
	unsigned long long release[DL_PEP440_MAX_RELEASE];
	size_t release_nr; /* >= 1 */
	enum dl_pep440_pre pre;
	unsigned long long pre_n;
	int has_post;
	unsigned long long post;
	int has_dev;
	unsigned long long dev;
	/* Local label after '+', normalised (lower case, '-' and '_' become
	 * '.'), NUL-terminated; "" when none. Longer labels are invalid. */
	char local[64];
};

/*
 * Parses `len` bytes of `s` as packaging.version.Version does (leading and
 * trailing white space, a leading 'v', upper case, '-'/'_'/'.' separators,
 * spelled-out pre-release words and implicit numbers "1.0a" = "1.0a0",
 * "1.0-1" = "1.0.post1"). Returns 0, or -1 when the text is not a valid
 * PEP 440 version (out is then unspecified).
 */
int dl_pep440_parse(struct dl_pep440_version *out, const char *s, size_t len);
/* As dl_pep440_parse on a NUL-terminated string. */
int dl_pep440_parse_str(struct dl_pep440_version *out, const char *s);

/*
 * Total order of PEP 440 (packaging's _cmpkey): epoch, release with trailing
 * zeros ignored, then dev < pre < final < post, local labels last (a version
 * without one sorts first; numeric segments sort above alphanumeric ones).
 * Returns <0, 0 or >0.
 */
int dl_pep440_cmp(const struct dl_pep440_version *a,
		  const struct dl_pep440_version *b);
/* Whether v is a pre-release or a development release. */
int dl_pep440_is_prerelease(const struct dl_pep440_version *v);
/* Appends the normal form of v ("1!2.0rc1.post2.dev3+abc") to out. */
void dl_pep440_format(struct dl_strbuf *out, const struct dl_pep440_version *v);
/* The minor "X.Y" of v as two numbers (Y is 0 when the release has one
 * component). */
void dl_pep440_minor(const struct dl_pep440_version *v, unsigned long long *major,
		     unsigned long long *minor);

enum dl_pep440_op {
	DL_PEP440_EQ = 1,   /* == (with wildcard: ==X.Y.*) */
	DL_PEP440_NE,       /* != (with wildcard: !=X.Y.*) */
	DL_PEP440_LT,       /* <  */
	DL_PEP440_LE,       /* <= */
	DL_PEP440_GT,       /* >  */
	DL_PEP440_GE,       /* >= */
	DL_PEP440_COMPAT,   /* ~= */
	DL_PEP440_ARBITRARY /* === (string equality) */
};

struct dl_pep440_spec {
	enum dl_pep440_op op;
	int wildcard;                     /* ==X.* / !=X.* */
	struct dl_pep440_version version; /* unset for === with a non-version */
	const char *text;                 /* the version text as written (arena) */
	size_t offset;                    /* byte offset of the operator within the
					   * parsed specifier string */
	size_t len;                       /* bytes of "op version" as written */
};

struct dl_pep440_specset {
	struct dl_pep440_spec *items; /* arena-owned, in written order */
	size_t nr;
};

/*
 * Parses a comma-separated specifier list ("==2.0.23", ">=1.4,<2.0",
 * "~= 3.1", "==2.0.*", "" for none) as packaging.specifiers.SpecifierSet
 * does: white space around operators and commas is allowed; wildcards only
 * with == and !=, on a version without pre/post/dev/local parts; ~= needs
 * at least two release components and no local label; < <= > >= take no
 * local label. Returns 0, or -1 with *bad_offset (may be NULL) set to the
 * byte offset of the first bad item. Items come from `arena`.
 */
int dl_pep440_specset_parse(struct dl_pep440_specset *out, struct dl_arena *arena,
			    const char *s, size_t len, size_t *bad_offset);

/*
 * Whether one specifier admits v, ignoring the pre-release policy
 * (packaging's Specifier._get_operator semantics: exclusive < and > never
 * admit a pre-release/post-release/local of the bound itself, == without a
 * local label ignores v's local label, === compares the normal strings).
 */
int dl_pep440_spec_admits(const struct dl_pep440_spec *spec,
			  const struct dl_pep440_version *v);
/*
 * Whether the set admits v as SpecifierSet.contains(v, prereleases) does:
 * every item must admit v, and a pre-release v is refused unless
 * `prereleases` is 1, or it is -1 (packaging's default None) and some item
 * names a pre-release version with ==, ===, ~=, <= or >=. An empty set
 * admits every final release.
 */
int dl_pep440_specset_admits(const struct dl_pep440_specset *set,
			     const struct dl_pep440_version *v, int prereleases);

/*
 * The exact version the set pins: the version of its single ==
 * (no wildcard) or === item when the set has exactly such an item (other
 * items may narrow it: returns 0 when they refuse it). Returns 1 and sets
 * *out, else 0.
 */
int dl_pep440_specset_pinned(const struct dl_pep440_specset *set,
			     struct dl_pep440_version *out);
/*
 * Whether every version the set admits is below `min` (the set cannot
 * select `min` or anything newer): an == pin below min, < / <= bounds at or
 * below it, ==X.* prefixes ending below it, ~=X.Y upper limits below it.
 * An empty set returns 0.
 */
int dl_pep440_specset_caps_below(const struct dl_pep440_specset *set,
				 const struct dl_pep440_version *min);
/*
 * The greatest lower bound the set names (>=, >, ~=, == or ==X.*: the
 * prefix padded with zeros). Returns 1 and sets *out (and *exclusive to 1
 * for '>'), or 0 when the set has no lower bound.
 */
int dl_pep440_specset_lower_bound(const struct dl_pep440_specset *set,
				  struct dl_pep440_version *out, int *exclusive);

/*
 * Whether two sets cannot both hold for any final release: used for
 * "conflicting requirement lines". Decided on the candidate versions named
 * in either set (each bound, and the bound's next patch), so it is exact for
 * pins and ranges of the forms pip users write. Returns 1 when no candidate
 * satisfies both (and at least one set is non-empty), else 0.
 */
int dl_pep440_specsets_conflict(const struct dl_pep440_specset *a,
				const struct dl_pep440_specset *b);

#endif
