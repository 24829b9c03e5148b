/*
 * deploylint: allocation helpers, the one growable string type (dl_strbuf),
 * per-document arenas and growable arrays. Every other module builds on these.
 */
#ifndef DEPLOYLINT_UTIL_H
#define DEPLOYLINT_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#include "deploylint/hashmap.h"

#define DL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Allocation that never returns NULL: on exhaustion (or a size overflow) the
 * process prints one line and exits with DL_EXIT_INTERNAL (3), like git's
 * xmalloc. Callers therefore have no allocation-failure paths.
 */
void *dl_xmalloc(size_t size);
void *dl_xcalloc(size_t nmemb, size_t size);
void *dl_xrealloc(void *ptr, size_t size);
/* Returns a NUL-terminated copy; dl_xstrndup copies at most n bytes. */
char *dl_xstrdup(const char *s);
char *dl_xstrndup(const char *s, size_t n);
/* Aborts the process (exit 3) when a * b or a + b would overflow size_t. */
size_t dl_st_mult(size_t a, size_t b);
size_t dl_st_add(size_t a, size_t b);

/*
 * Grows array `x` (with `nr` used and `alloc` allocated elements) so that it
 * holds at least `n` elements (git's ALLOC_GROW).
 */
#define DL_ALLOC_GROW(x, n, alloc)                                                                                                      \
	do {                                                                                                                            \
		if ((n) > (alloc)) {                                                                                                    \
			size_t dl_ag_new = (alloc) < 8 ? 8 : (alloc);                                                                   \
			while (dl_ag_new < (n))                                                                                         \
				dl_ag_new = dl_st_mult(dl_ag_new, 2);                                                                   \
			(x) = dl_xrealloc((x), dl_st_mult(dl_ag_new,                                                                    \
							  sizeof(*(x)))); /* NOLINT(bugprone-sizeof-expression): x may hold pointers */ \
			(alloc) = dl_ag_new;                                                                                            \
		}                                                                                                                       \
	} while (0)

/*
 * A growable byte string with git strbuf's invariants: `buf` is never NULL,
 * buf[len] is always '\0', the contents may hold NUL bytes, and
 * dl_strbuf_detach() is the only way to take ownership of `buf`.
 * Sizes are bytes. Growth past DL_MAX_STRBUF (limits.h) exits with code 3.
 */
struct dl_strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char dl_strbuf_empty[];
/* clang-format off */
#define DL_STRBUF_INIT { dl_strbuf_empty, 0, 0 }
/* clang-format on */

void dl_strbuf_init(struct dl_strbuf *sb, size_t hint);
/* Frees the contents; the strbuf is left as after dl_strbuf_init(sb, 0). */
void dl_strbuf_release(struct dl_strbuf *sb);
/* Empties the string but keeps the allocation. */
void dl_strbuf_reset(struct dl_strbuf *sb);
void dl_strbuf_grow(struct dl_strbuf *sb, size_t extra);
void dl_strbuf_put(struct dl_strbuf *sb, const void *data, size_t len);
void dl_strbuf_puts(struct dl_strbuf *sb, const char *s);
void dl_strbuf_putc(struct dl_strbuf *sb, int c);
void dl_strbuf_addf(struct dl_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void dl_strbuf_vaddf(struct dl_strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the buffer (caller frees with free()); `len_out` may be NULL. */
char *dl_strbuf_detach(struct dl_strbuf *sb, size_t *len_out);

/*
 * A bump allocator for one document: every node and string a parser makes
 * comes from the document's arena and is freed at once by
 * dl_arena_release(). Pointers into an arena are borrowed by everyone.
 */
struct dl_arena_block;
struct dl_arena {
	struct dl_arena_block *head;
};

void dl_arena_init(struct dl_arena *a);
void dl_arena_release(struct dl_arena *a);
/* Zero-filled, aligned for any type. */
void *dl_arena_alloc(struct dl_arena *a, size_t size);
/* NUL-terminated copy of n bytes (the copy may contain NULs). */
char *dl_arena_strndup(struct dl_arena *a, const char *s, size_t n);
char *dl_arena_strdup(struct dl_arena *a, const char *s);

/*
 * Locale-independent character classes (cmark's cmark_ctype): the results
 * never depend on LC_CTYPE. Inline: the lexers call them on every byte.
 */
static inline int
dl_isspace(int c) /* ' ', \t, \n, \v, \f, \r */
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}
static inline int
dl_isblank(int c) /* ' ', \t */
{
	return c == ' ' || c == '\t';
}
static inline int
dl_isdigit(int c)
{
	return c >= '0' && c <= '9';
}
static inline int
dl_islower(int c)
{
	return c >= 'a' && c <= 'z';
}
static inline int
dl_isalpha(int c)
{
	return ((unsigned)c | 0x20u) - 'a' < 26u;
}
static inline int
dl_isalnum(int c)
{
	return dl_isalpha(c) || dl_isdigit(c);
}
static inline int
dl_isxdigit(int c)
{
	return dl_isdigit(c) || ((unsigned)c | 0x20u) - 'a' < 6u;
}
static inline int
dl_isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}
/* ASCII case mapping; every other byte (including >= 0x80) is returned as is. */
static inline int
dl_tolower(int c)
{
	return dl_isupper(c) ? c - 'A' + 'a' : c;
}
static inline int
dl_toupper(int c)
{
	return dl_islower(c) ? c - 'a' + 'A' : c;
}

/*
 * ASCII case-insensitive comparisons of byte ranges (both sides folded).
 * dl_mem_ieq: whether a[0..n) and b[0..n) are equal.
 * dl_eq_ci: whether s[0..n) equals the NUL-terminated `word`.
 * dl_starts_with_ci / dl_ends_with_ci: whether s[0..n) begins / ends with
 * the NUL-terminated `affix`.
 */
static inline int
dl_mem_ieq(const char *a, const char *b, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (dl_tolower((unsigned char)a[i]) != dl_tolower((unsigned char)b[i]))
			return 0;
	return 1;
}
int dl_eq_ci(const char *s, size_t n, const char *word);
int dl_starts_with_ci(const char *s, size_t n, const char *affix);
int dl_ends_with_ci(const char *s, size_t n, const char *affix);
/* Whether s[0..n) holds the NUL-terminated `needle` (ASCII case-insensitive). */
int dl_contains_ci(const char *s, size_t n, const char *needle);

/*
 * Optimal string alignment distance between a and b (insert, delete,
 * substitute, transpose adjacent; case-insensitive ASCII). Strings longer
 * than DL_MAX_SUGGEST_LEN bytes compare as "far" (returns SIZE_MAX).
 */
size_t dl_edit_distance(const char *a, const char *b);
/*
 * The entry of the NULL-terminated `words` nearest to `word` for a "did you
 * mean" hint: within max(2, strlen(word) / 3) edits, else one that `word`
 * (5+ bytes) is a prefix of; NULL when none. Borrowed from `words`.
 */
const char *dl_nearest_word(const char *const *words, const char *word);

/*
 * A set of strings that owns its keys (a dl_hashmap, hashmap.h, borrowing
 * the keys the set owns). Zero-initialise it; dl_strset_release frees
 * everything. `map.nr` is the number of strings.
 */
struct dl_strset {
	struct dl_hashmap map;
};
/* Adds `key` (malloc'd; the set takes ownership, and frees it at once
 * when already present). Returns 1 when it was new, 0 otherwise. */
int dl_strset_add(struct dl_strset *set, char *key);
void dl_strset_release(struct dl_strset *set);

/* The first occurrence of needle (m bytes) in hay (n bytes), or NULL. */
const char *dl_memmem(const char *hay, size_t n, const char *needle, size_t m);
/* Whether s[0..n) holds the NUL-terminated `needle` (bytes compared
 * exactly). */
int dl_mem_has(const char *s, size_t n, const char *needle);

/* Path helpers. All paths in deploylint's model are '/'-separated. */
/* Joins a and b with one '/', normalising "." and ".." segments lexically.
 * Returns a malloc'd string; a path that climbs above its start keeps the
 * leading "../" segments. */
char *dl_path_join(const char *a, const char *b);
/* Directory part of a relative path ("" for a top-level file); malloc'd. */
char *dl_path_dirname(const char *path);
/* Pointer into path after the last '/'. */
const char *dl_path_basename(const char *path);
/* Whether `path` lies at or below directory `dir` ("" is the root). */
int dl_path_is_under(const char *path, const char *dir);

#endif
