/*
 * deploylint: the hash map of byte-string keys (include/deploylint/hashmap.h).
 */
#include "deploylint/hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/util.h"

#define MIN_CAP 16

void
dl_hashmap_init(struct dl_hashmap *m, unsigned flags)
{
	memset(m, 0, sizeof(*m));
	m->flags = flags;
}

void
dl_hashmap_release(struct dl_hashmap *m)
{
	size_t i;
	unsigned flags = m->flags;

	if (flags & DL_HASHMAP_COPY_KEYS)
		for (i = 0; i < m->cap; i++)
			free((char *)m->slots[i].key);
	free(m->slots);
	dl_hashmap_init(m, flags);
}

size_t
dl_hashmap_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 14695981039346656037u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211u;
	}
	return (size_t)(h ^ (h >> 32));
}

/* The slot of `key` (occupied) or the empty slot where it would go. */
static struct dl_hashmap_slot *
probe(const struct dl_hashmap *m, const void *key, size_t len, size_t hash)
{
	size_t mask = m->cap - 1, i;

	for (i = hash & mask;; i = (i + 1) & mask) {
		struct dl_hashmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == hash && s->len == len && !memcmp(s->key, key, len)))
			return s;
	}
}

static void
grow(struct dl_hashmap *m)
{
	struct dl_hashmap_slot *old = m->slots;
	size_t old_cap = m->cap, i;

	m->cap = old_cap ? dl_st_mult(old_cap, 2) : MIN_CAP;
	m->slots = dl_xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < old_cap; i++)
		if (old[i].key)
			*probe(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

struct dl_hashmap_slot *
dl_hashmap_find(const struct dl_hashmap *m, const void *key, size_t len)
{
	struct dl_hashmap_slot *s;

	if (!m->nr)
		return NULL;
	s = probe(m, key, len, dl_hashmap_hash(key, len));
	return s->key ? s : NULL;
}

struct dl_hashmap_slot *
dl_hashmap_slot(struct dl_hashmap *m, const void *key, size_t len, int *is_new)
{
	size_t hash = dl_hashmap_hash(key, len);
	struct dl_hashmap_slot *s;

	if (m->nr) {
		s = probe(m, key, len, hash);
		if (s->key) {
			if (is_new)
				*is_new = 0;
			return s;
		}
	}
	/* at most half full after this insertion */
	if (dl_st_mult(dl_st_add(m->nr, 1), 2) > m->cap)
		grow(m);
	s = probe(m, key, len, hash);
	if (m->flags & DL_HASHMAP_COPY_KEYS) {
		/* NUL-terminated too, so string keys read back as strings */
		char *copy = dl_xmalloc(dl_st_add(len, 1));
		if (len)
			memcpy(copy, key, len);
		copy[len] = '\0';
		s->key = copy;
	} else {
		/* a zero-length borrowed key still needs a non-NULL marker */
		s->key = len ? key : "";
	}
	s->len = len;
	s->hash = hash;
	s->value = NULL;
	m->nr++;
	if (is_new)
		*is_new = 1;
	return s;
}

int
dl_hashmap_add(struct dl_hashmap *m, const void *key, size_t len, void *value)
{
	int is_new;
	struct dl_hashmap_slot *s = dl_hashmap_slot(m, key, len, &is_new);

	if (is_new)
		s->value = value;
	return is_new;
}

int
dl_hashmap_get(const struct dl_hashmap *m, const void *key, size_t len, void **out)
{
	struct dl_hashmap_slot *s = dl_hashmap_find(m, key, len);

	if (s && out)
		*out = s->value;
	return s != NULL;
}

struct dl_hashmap_slot *
dl_hashmap_next(const struct dl_hashmap *m, size_t *pos)
{
	while (*pos < m->cap) {
		struct dl_hashmap_slot *s = &m->slots[(*pos)++];
		if (s->key)
			return s;
	}
	return NULL;
}
