/*
 * deploylint: allocation, strbuf, arena, ctype and path helpers.
 */
#define _GNU_SOURCE /* memmem */ /* NOLINT(bugprone-reserved-identifier): glibc's feature-test macro */
#include "deploylint/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"

static void
die_oom(void)
{
	fputs("deploylint: out of memory\n", stderr);
	exit(3);
}

size_t
dl_st_mult(size_t a, size_t b)
{
	if (b && a > SIZE_MAX / b)
		die_oom();
	return a * b;
}

size_t
dl_st_add(size_t a, size_t b)
{
	if (a > SIZE_MAX - b)
		die_oom();
	return a + b;
}

void *
dl_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *
dl_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *
dl_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

char *
dl_xstrndup(const char *s, size_t n)
{
	char *p = dl_xmalloc(dl_st_add(n, 1));
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
dl_xstrdup(const char *s)
{
	return dl_xstrndup(s, strlen(s));
}

/* ---- strbuf ---- */

char dl_strbuf_empty[1];

void
dl_strbuf_init(struct dl_strbuf *sb, size_t hint)
{
	sb->buf = dl_strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	if (hint)
		dl_strbuf_grow(sb, hint);
}

void
dl_strbuf_release(struct dl_strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	dl_strbuf_init(sb, 0);
}

void
dl_strbuf_reset(struct dl_strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

void
dl_strbuf_grow(struct dl_strbuf *sb, size_t extra)
{
	size_t need = dl_st_add(dl_st_add(sb->len, extra), 1);
	if (need > DL_MAX_STRBUF) {
		fputs("deploylint: string buffer limit exceeded\n", stderr);
		exit(3);
	}
	if (need > sb->alloc) {
		size_t n = sb->alloc < 64 ? 64 : sb->alloc;
		char *old = sb->alloc ? sb->buf : NULL;
		while (n < need)
			n = dl_st_mult(n, 2);
		sb->buf = dl_xrealloc(old, n);
		if (!old)
			sb->buf[0] = '\0';
		sb->alloc = n;
	}
}

void
dl_strbuf_put(struct dl_strbuf *sb, const void *data, size_t len)
{
	if (!len) {
		return;
	}
	dl_strbuf_grow(sb, len);
	memmove(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
dl_strbuf_puts(struct dl_strbuf *sb, const char *s)
{
	dl_strbuf_put(sb, s, strlen(s));
}

void
dl_strbuf_putc(struct dl_strbuf *sb, int c)
{
	char ch = (char)c;
	dl_strbuf_put(sb, &ch, 1);
}

void
dl_strbuf_vaddf(struct dl_strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	dl_strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
dl_strbuf_addf(struct dl_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dl_strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *
dl_strbuf_detach(struct dl_strbuf *sb, size_t *len_out)
{
	char *r;
	if (!sb->alloc)
		dl_strbuf_grow(sb, 0);
	r = sb->buf;
	if (len_out)
		*len_out = sb->len;
	dl_strbuf_init(sb, 0);
	return r;
}

/* ---- arena ---- */

struct dl_arena_block {
	struct dl_arena_block *next;
	size_t used, size;
	max_align_t data[];
};

#define ARENA_BLOCK ((size_t)64 * 1024)

void
dl_arena_init(struct dl_arena *a)
{
	a->head = NULL;
}

void
dl_arena_release(struct dl_arena *a)
{
	struct dl_arena_block *b = a->head;
	while (b) {
		struct dl_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void *
dl_arena_alloc(struct dl_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	struct dl_arena_block *b = a->head;
	void *p;

	size = dl_st_add(size, align - 1) / align * align;
	if (!size)
		size = align;
	if (!b || b->size - b->used < size) {
		size_t bsz = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		b = dl_xmalloc(dl_st_add(sizeof(*b), bsz));
		b->used = 0;
		b->size = bsz;
		if (a->head && size > ARENA_BLOCK) {
			/* keep the current block open for small allocations */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

char *
dl_arena_strndup(struct dl_arena *a, const char *s, size_t n)
{
	char *p = dl_arena_alloc(a, dl_st_add(n, 1));
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
dl_arena_strdup(struct dl_arena *a, const char *s)
{
	return dl_arena_strndup(a, s, strlen(s));
}

const char *
dl_memmem(const char *hay, size_t n, const char *needle, size_t m)
{
	/* glibc's two-way memmem: linear, and fast on common first bytes */
	return memmem(hay, n, needle, m);
}

int
dl_mem_has(const char *s, size_t n, const char *needle)
{
	return dl_memmem(s, n, needle, strlen(needle)) != NULL;
}

/* ---- "did you mean" ---- */

/* ---- ASCII case-insensitive comparisons ---- */

int
dl_eq_ci(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && dl_mem_ieq(s, word, n);
}

int
dl_starts_with_ci(const char *s, size_t n, const char *affix)
{
	size_t m = strlen(affix);
	return n >= m && dl_mem_ieq(s, affix, m);
}

int
dl_ends_with_ci(const char *s, size_t n, const char *affix)
{
	size_t m = strlen(affix);
	return n >= m && dl_mem_ieq(s + n - m, affix, m);
}

size_t
dl_edit_distance(const char *a, const char *b)
{
	/* three rows of the optimal-string-alignment matrix */
	size_t rows[3][DL_MAX_SUGGEST_LEN + 1];
	size_t n = strlen(a), m = strlen(b), i, j;
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (n > DL_MAX_SUGGEST_LEN || m > DL_MAX_SUGGEST_LEN)
		return SIZE_MAX;
	for (j = 0; j <= m; j++)
		prev[j] = j;
	for (i = 1; i <= n; i++) {
		size_t *t;
		cur[0] = i;
		for (j = 1; j <= m; j++) {
			size_t cost = dl_tolower((unsigned char)a[i - 1]) !=
				      dl_tolower((unsigned char)b[j - 1]);
			size_t best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (prev[j - 1] + cost < best)
				best = prev[j - 1] + cost;
			if (i > 1 && j > 1 &&
			    dl_tolower((unsigned char)a[i - 1]) == dl_tolower((unsigned char)b[j - 2]) &&
			    dl_tolower((unsigned char)a[i - 2]) == dl_tolower((unsigned char)b[j - 1]) &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

/* Whether `word` (5+ bytes) starts `full`, ignoring ASCII case. */
static int
is_prefix_ci(const char *word, const char *full)
{
	size_t i;
	for (i = 0; word[i]; i++)
		if (dl_tolower((unsigned char)word[i]) != dl_tolower((unsigned char)full[i]))
			return 0;
	return i >= 5;
}

const char *
dl_nearest_word(const char *const *words, const char *word)
{
	const char *const *w;
	const char *best = NULL;
	size_t best_d = SIZE_MAX, limit = strlen(word) / 3;

	if (limit < 2)
		limit = 2;
	for (w = words; *w; w++) {
		size_t d = dl_edit_distance(word, *w);
		if (d < best_d) {
			best_d = d;
			best = *w;
		}
	}
	if (best_d <= limit)
		return best;
	/* a truncated name: "healthCheck" for "healthCheckPath" */
	for (w = words; *w; w++)
		if (is_prefix_ci(word, *w))
			return *w;
	return NULL;
}

/* ---- string sets ---- */

int
dl_strset_add(struct dl_strset *set, char *key)
{
	int is_new;
	dl_hashmap_slot(&set->map, key, strlen(key), &is_new);
	if (!is_new)
		free(key);
	return is_new;
}

void
dl_strset_release(struct dl_strset *set)
{
	struct dl_hashmap_slot *s;
	size_t pos = 0;
	while ((s = dl_hashmap_next(&set->map, &pos)))
		free((char *)s->key);
	dl_hashmap_release(&set->map);
}

/* ---- paths ---- */

char *
dl_path_join(const char *a, const char *b)
{
	struct dl_strbuf in = DL_STRBUF_INIT, out = DL_STRBUF_INIT;
	size_t *marks = NULL, marks_nr = 0, marks_alloc = 0;
	const char *p;
	size_t ups = 0;

	if (b[0] == '/' || !a[0]) {
		dl_strbuf_puts(&in, b);
	} else {
		dl_strbuf_puts(&in, a);
		dl_strbuf_putc(&in, '/');
		dl_strbuf_puts(&in, b);
	}
	p = in.buf;
	if (*p == '/')
		dl_strbuf_putc(&out, '/');
	while (*p) {
		const char *seg;
		size_t n;
		while (*p == '/')
			p++;
		seg = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - seg);
		if (!n || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.' && marks_nr > ups) {
			out.len = marks[--marks_nr];
			out.buf[out.len] = '\0';
			continue;
		}
		if (n == 2 && seg[0] == '.' && seg[1] == '.' && out.buf[0] == '/')
			continue;
		DL_ALLOC_GROW(marks, marks_nr + 1, marks_alloc);
		marks[marks_nr++] = out.len;
		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			ups = marks_nr;
		if (out.len && out.buf[out.len - 1] != '/')
			dl_strbuf_putc(&out, '/');
		dl_strbuf_put(&out, seg, n);
	}
	free(marks);
	dl_strbuf_release(&in);
	return dl_strbuf_detach(&out, NULL);
}

char *
dl_path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return dl_xstrdup("");
	return dl_xstrndup(path, (size_t)(slash - path));
}

const char *
dl_path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int
dl_path_is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (!n)
		return path[0] != '/' && strncmp(path, "../", 3) != 0 &&
		       strcmp(path, "..") != 0;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int
dl_contains_ci(const char *s, size_t n, const char *needle)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dl_starts_with_ci(s + i, n - i, needle))
			return 1;
	return 0;
}
