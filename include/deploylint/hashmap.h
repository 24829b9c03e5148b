/*
 * deploylint: the one hash map (and set) of byte-string keys, used wherever
 * a module needs "have I seen this" or "what is stored under this name".
 * Open addressing with linear probing (git's hashmap and libgit2's
 * khash-based maps are the models; this one is smaller), so a lookup is one
 * hash and a short scan of one array.
 *
 * Keys are byte strings: `key` points at `len` bytes, which may hold NUL
 * (a pointer or a composite key can be stored as its bytes).
 * dl_hashmap_key_str() covers NUL-terminated strings.
 *
 * Key ownership: by default the map BORROWS keys: the caller keeps every
 * key's bytes alive and unchanged while it is in the map (an arena or the
 * object the value describes usually owns them). With DL_HASHMAP_COPY_KEYS
 * the map copies each key on insertion and frees the copies on release.
 * Values are `void *` and always borrowed; a size_t index can be stored
 * with DL_HASHMAP_VAL(i) / DL_HASHMAP_IDX(v).
 *
 * Growth: the slot array doubles (power-of-two sizes, starting at 16) when
 * an insertion would fill more than half of it, so probes stay short;
 * pointers returned by dl_hashmap_slot() are invalidated by a later
 * insertion. There is no removal (no caller needs one).
 *
 * Errors: none are returned. Allocation goes through dl_xmalloc and, like
 * every size overflow, exits the process with code 3 (util.h).
 *
 * Order: iteration (dl_hashmap_next) follows slot order, which depends on
 * the hash function and on growth; output that must be deterministic must
 * not depend on it (sort first).
 */
#ifndef DEPLOYLINT_HASHMAP_H
#define DEPLOYLINT_HASHMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum dl_hashmap_flags {
	DL_HASHMAP_COPY_KEYS = 1 << 0 /* the map copies and owns its keys */
};

struct dl_hashmap_slot {
	const char *key; /* NULL: empty slot */
	size_t len;      /* bytes of key */
	size_t hash;
	void *value;
};

struct dl_hashmap {
	struct dl_hashmap_slot *slots;
	size_t nr;  /* keys stored */
	size_t cap; /* slots: 0 or a power of two */
	unsigned flags;
};

/* clang-format off */
#define DL_HASHMAP_INIT { NULL, 0, 0, 0 }
/* clang-format on */
#define DL_HASHMAP_VAL(idx) ((void *)(uintptr_t)(idx))
#define DL_HASHMAP_IDX(val) ((size_t)(uintptr_t)(val))

/* An empty map with `flags` (enum dl_hashmap_flags); allocates nothing
 * until the first insertion. A zero-filled map is an empty borrowing map. */
void dl_hashmap_init(struct dl_hashmap *m, unsigned flags);
/* Frees the slots (and the keys under DL_HASHMAP_COPY_KEYS); the map is
 * left empty and usable, with its flags. Values are not touched. */
void dl_hashmap_release(struct dl_hashmap *m);

/* FNV-1a over len bytes (the map's hash; exported for tests). */
size_t dl_hashmap_hash(const void *key, size_t len);

/*
 * The slot holding `key`, or NULL when absent. The slot's `value` may be
 * read and written; its key must not be changed.
 */
struct dl_hashmap_slot *dl_hashmap_find(const struct dl_hashmap *m, const void *key, size_t len);
/*
 * The slot holding `key`, inserting it with value NULL when absent.
 * *is_new (may be NULL) is set to 1 when it was inserted, else 0.
 */
struct dl_hashmap_slot *dl_hashmap_slot(struct dl_hashmap *m, const void *key, size_t len, int *is_new);
/*
 * Adds `key` with `value` unless present. Returns 1 when it was added, 0
 * when the key was present (its value is left as it was).
 */
int dl_hashmap_add(struct dl_hashmap *m, const void *key, size_t len, void *value);
/* Whether `key` is present; when it is and out != NULL, *out = its value. */
int dl_hashmap_get(const struct dl_hashmap *m, const void *key, size_t len, void **out);
/*
 * Iteration: start with *pos = 0; each call returns the next occupied slot
 * (in slot order) or NULL at the end. The map must not grow meanwhile.
 */
struct dl_hashmap_slot *dl_hashmap_next(const struct dl_hashmap *m, size_t *pos);

/* NUL-terminated string keys: the length without the NUL. */
static inline size_t
dl_hashmap_key_str(const char *s)
{
	return strlen(s);
}

#endif
