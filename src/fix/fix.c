/*
 * deploylint: --fix. Groups the findings' certain edits per file, refuses
 * overlapping ones, writes files atomically, sets index modes through
 * libgit2, and prints what changed as a unified diff (git's format).
 */
#include "deploylint/fix.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "deploylint/limits.h"
#include "deploylint/mask.h"
#include "deploylint/secretclass.h"
#include "deploylint/secrets.h"

#define MODE_REGULAR 0100644u
#define MODE_EXEC 0100755u

/* ---- edits ---------------------------------------------------------------- */

static int
edits_valid(size_t len, const struct dl_edit *edits, size_t nr)
{
	size_t i;
	for (i = 0; i < nr; i++) {
		if (edits[i].offset > len || edits[i].len > len - edits[i].offset)
			return 0;
		if (i && (edits[i].offset == edits[i - 1].offset ||
			  edits[i - 1].offset + edits[i - 1].len > edits[i].offset))
			return 0;
	}
	return 1;
}

/* Appends data[from .. to) with the edits (all inside it) applied. */
static void
apply_range(struct dl_strbuf *out, const char *data, size_t from, size_t to,
	    const struct dl_edit *edits, size_t nr)
{
	size_t pos = from, i;
	for (i = 0; i < nr; i++) {
		dl_strbuf_put(out, data + pos, edits[i].offset - pos);
		if (edits[i].text_len)
			dl_strbuf_put(out, edits[i].text, edits[i].text_len);
		pos = edits[i].offset + edits[i].len;
	}
	dl_strbuf_put(out, data + pos, to - pos);
}

int
dl_fix_apply_edits(struct dl_strbuf *out, const char *data, size_t len,
		   const struct dl_edit *edits, size_t nr)
{
	if (!edits_valid(len, edits, nr))
		return -1;
	apply_range(out, data, 0, len, edits, nr);
	return 0;
}

/* ---- masking ---------------------------------------------------------------- */

char *
dl_fix_redact_line(const char *path, const char *line, size_t len)
{
	return dl_mask_line(path, line, len);
}

/* How the diff's lines are masked: by a caller's function, or, for a
 * plan's diff, by the masking layer with the plan's mask. */
struct redactor {
	dl_fix_redact_fn fn;
	const struct dl_mask *mask;
	int masked;
};

static char *
redact_line(const struct redactor *rd, const char *path, const char *line, size_t len)
{
	if (rd->fn)
		return rd->fn(path, line, len);
	if (rd->masked)
		return dl_mask_line_with(rd->mask, path, line, len);
	return NULL;
}

/* ---- the diff ------------------------------------------------------------------ */

struct lineidx {
	size_t *start; /* offset of each line */
	size_t nr;
	size_t len; /* bytes of the data */
};

static void
lineidx_init(struct lineidx *li, const char *data, size_t len)
{
	size_t i, alloc = 0;
	memset(li, 0, sizeof(*li));
	li->len = len;
	if (!len)
		return;
	DL_ALLOC_GROW(li->start, 1, alloc);
	li->start[li->nr++] = 0;
	for (i = 0; i + 1 < len; i++)
		if (data[i] == '\n') {
			DL_ALLOC_GROW(li->start, li->nr + 1, alloc);
			li->start[li->nr++] = i + 1;
		}
}

/* The line holding byte `off`; the data's end belongs to the last line. */
static size_t
line_of(const struct lineidx *li, size_t off)
{
	size_t lo = 0, hi = li->nr;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (li->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* One past the last byte of line k (its '\n' included). */
static size_t
line_end(const struct lineidx *li, size_t k)
{
	return k + 1 < li->nr ? li->start[k + 1] : li->len;
}

static size_t
edit_last(const struct dl_edit *e)
{
	return e->len ? e->offset + e->len - 1 : e->offset;
}

/* A run of old lines replaced by new text. */
struct block {
	size_t a, old_nr;        /* old lines a .. a + old_nr - 1 */
	size_t new_off, new_len; /* the new text, in the blocks' buffer */
	size_t new_nr;           /* its lines */
};

static size_t
count_lines(const char *s, size_t n)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++)
		k += s[i] == '\n';
	return k + (n && s[n - 1] != '\n');
}

static void
put_quoted_path(struct dl_strbuf *out, const char *prefix, const char *path)
{
	const unsigned char *p;
	int quote = 0;
	for (p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			quote = 1;
	if (!quote) {
		dl_strbuf_puts(out, prefix);
		dl_strbuf_puts(out, path);
		return;
	}
	dl_strbuf_putc(out, '"');
	dl_strbuf_puts(out, prefix);
	for (p = (const unsigned char *)path; *p; p++) {
		switch (*p) {
		case '"':
			dl_strbuf_puts(out, "\\\"");
			break;
		case '\\':
			dl_strbuf_puts(out, "\\\\");
			break;
		case '\t':
			dl_strbuf_puts(out, "\\t");
			break;
		case '\n':
			dl_strbuf_puts(out, "\\n");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				dl_strbuf_addf(out, "\\%03o", *p);
			else
				dl_strbuf_putc(out, *p);
		}
	}
	dl_strbuf_putc(out, '"');
}

/* One diff line: prefix, the line masked and escaped as the text report
 * escapes (its '\r' shown as "\\r"), '\n', and the no-newline marker
 * when s[0 .. n) does not end in '\n'. */
static void
emit_line(struct dl_strbuf *out, int prefix, const char *path, const char *s,
	  size_t n, const struct redactor *redact)
{
	int nl = n && s[n - 1] == '\n', cr;
	if (nl)
		n--;
	cr = n && s[n - 1] == '\r';
	if (cr)
		n--;
	dl_strbuf_putc(out, prefix);
	if (redact->fn || redact->masked) {
		char *r = redact_line(redact, path, s, n);
		dl_mask_put_safe(out, r, strlen(r));
		free(r);
	} else {
		dl_mask_put_safe(out, s, n);
	}
	if (cr)
		dl_strbuf_puts(out, "\\r");
	dl_strbuf_putc(out, '\n');
	if (!nl)
		dl_strbuf_puts(out, "\\ No newline at end of file\n");
}

/* Emits lines of text[0 .. n) each with `prefix`. */
static void
emit_text(struct dl_strbuf *out, int prefix, const char *path, const char *s,
	  size_t n, const struct redactor *redact)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;
		emit_line(out, prefix, path, s, k, redact);
		s += k;
		n -= k;
	}
}

static void
put_range(struct dl_strbuf *out, size_t start0, size_t count)
{
	if (count == 1)
		dl_strbuf_addf(out, "%zu", start0 + 1);
	else if (count == 0)
		dl_strbuf_addf(out, "%zu,0", start0);
	else
		dl_strbuf_addf(out, "%zu,%zu", start0 + 1, count);
}

/* Splits the edits into blocks of whole old lines, each with its new text
 * in `news`. Every block's new text ends in '\n' unless it reaches the end
 * of the data, so no new line spills into the next old one. */
static size_t
make_blocks(struct block **out, struct dl_strbuf *news, const struct lineidx *li,
	    const char *data, const struct dl_edit *edits, size_t nr)
{
	struct block *v = NULL;
	size_t bnr = 0, balloc = 0, i = 0, len = li->len;

	if (!len) {
		/* insertions into an empty file */
		DL_ALLOC_GROW(v, 1, balloc);
		v[0].a = 0;
		v[0].old_nr = 0;
		v[0].new_off = news->len;
		apply_range(news, data, 0, 0, edits, nr);
		v[0].new_len = news->len - v[0].new_off;
		v[0].new_nr = count_lines(news->buf + v[0].new_off, v[0].new_len);
		*out = v;
		return nr ? 1 : 0;
	}
	while (i < nr) {
		size_t a = line_of(li, edits[i].offset), bs = li->start[a];
		size_t be = line_end(li, line_of(li, edit_last(&edits[i])));
		size_t j = i + 1, mark = news->len, e;
		for (;;) {
			while (j < nr && (edits[j].offset < be ||
					  (edits[j].offset == be && be == len))) {
				e = line_end(li, line_of(li, edit_last(&edits[j])));
				if (e > be)
					be = e;
				j++;
			}
			if (news->len != mark) {
				news->len = mark;
				news->buf[mark] = '\0';
			}
			apply_range(news, data, bs, be, edits + i, j - i);
			if (be < len && news->len > mark && news->buf[news->len - 1] != '\n') {
				be = line_end(li, line_of(li, be));
				continue;
			}
			break;
		}
		DL_ALLOC_GROW(v, bnr + 1, balloc);
		v[bnr].a = a;
		v[bnr].old_nr = line_of(li, be - 1) - a + 1;
		v[bnr].new_off = mark;
		v[bnr].new_len = news->len - mark;
		v[bnr].new_nr = count_lines(news->buf + mark, news->len - mark);
		bnr++;
		i = j;
	}
	*out = v;
	return bnr;
}

static int
diff_with(struct dl_strbuf *out, const char *path, const char *data, size_t len,
	  const struct dl_edit *edits, size_t nr, unsigned old_mode, unsigned new_mode,
	  const struct redactor *redact)
{
	struct lineidx li;
	struct dl_strbuf news = DL_STRBUF_INIT;
	struct block *b = NULL;
	size_t nb, k, m, line;
	long long delta = 0;

	if (nr && !data)
		return -1;
	if (!edits_valid(len, edits, nr))
		return -1;
	dl_strbuf_puts(out, "diff --git ");
	put_quoted_path(out, "a/", path);
	dl_strbuf_putc(out, ' ');
	put_quoted_path(out, "b/", path);
	dl_strbuf_putc(out, '\n');
	if (old_mode && new_mode && old_mode != new_mode)
		dl_strbuf_addf(out, "old mode %06o\nnew mode %06o\n", old_mode, new_mode);
	if (!nr)
		return 0;
	lineidx_init(&li, data, len);
	nb = make_blocks(&b, &news, &li, data, edits, nr);
	dl_strbuf_puts(out, "--- ");
	put_quoted_path(out, "a/", path);
	dl_strbuf_puts(out, "\n+++ ");
	put_quoted_path(out, "b/", path);
	dl_strbuf_putc(out, '\n');
	for (k = 0; k < nb; k = m + 1) {
		size_t hs, he, old_cnt, new_cnt, j, r, q;
		long long d = 0;
		for (m = k; m + 1 < nb &&
			    b[m + 1].a - (b[m].a + b[m].old_nr) <= (size_t)2 * DL_FIX_CONTEXT;
		     m++)
			;
		hs = b[k].a >= DL_FIX_CONTEXT ? b[k].a - DL_FIX_CONTEXT : 0;
		he = b[m].a + b[m].old_nr + DL_FIX_CONTEXT;
		if (he > li.nr)
			he = li.nr;
		for (j = k; j <= m; j++)
			d += (long long)b[j].new_nr - (long long)b[j].old_nr;
		old_cnt = he - hs;
		new_cnt = (size_t)((long long)old_cnt + d);
		dl_strbuf_puts(out, "@@ -");
		put_range(out, hs, old_cnt);
		dl_strbuf_puts(out, " +");
		put_range(out, (size_t)((long long)hs + delta), new_cnt);
		dl_strbuf_puts(out, " @@\n");
		line = hs;
		for (j = k; j <= m; j = r + 1) {
			/* blocks that touch print as one change: - lines, then + */
			for (r = j; r < m && b[r + 1].a == b[r].a + b[r].old_nr; r++)
				;
			for (; line < b[j].a; line++)
				emit_line(out, ' ', path, data + li.start[line],
					  line_end(&li, line) - li.start[line], redact);
			line = b[r].a + b[r].old_nr;
			if (line > b[j].a)
				emit_text(out, '-', path, data + li.start[b[j].a],
					  line_end(&li, line - 1) - li.start[b[j].a], redact);
			for (q = j; q <= r; q++)
				emit_text(out, '+', path, news.buf + b[q].new_off,
					  b[q].new_len, redact);
		}
		for (; line < he; line++)
			emit_line(out, ' ', path, data + li.start[line],
				  line_end(&li, line) - li.start[line], redact);
		delta += d;
	}
	free(b);
	free(li.start);
	dl_strbuf_release(&news);
	return 0;
}

int
dl_fix_diff(struct dl_strbuf *out, const char *path, const char *data,
	    size_t len, const struct dl_edit *edits, size_t nr,
	    unsigned old_mode, unsigned new_mode, dl_fix_redact_fn redact)
{
	struct redactor rd = { redact, NULL, 0 };
	return diff_with(out, path, data, len, edits, nr, old_mode, new_mode, &rd);
}

/* ---- the plan ---------------------------------------------------------------- */

void
dl_fix_plan_init(struct dl_fix_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void
dl_fix_plan_release(struct dl_fix_plan *p)
{
	size_t i;
	for (i = 0; i < p->nr; i++) {
		free(p->files[i].path);
		free(p->files[i].fs_path);
		free(p->files[i].data);
		free(p->files[i].edits);
	}
	free(p->files);
	dl_fix_plan_init(p);
}

static struct dl_fix_file *
find_file(struct dl_fix_plan *p, const char *path)
{
	size_t i;
	for (i = p->nr; i > 0; i--)
		if (!strcmp(p->files[i - 1].path, path))
			return &p->files[i - 1];
	return NULL;
}

void
dl_fix_plan_add_file(struct dl_fix_plan *p, const char *path, const char *fs_path,
		     const char *data, size_t len, unsigned git_mode)
{
	struct dl_fix_file *f = find_file(p, path);
	if (!f) {
		DL_ALLOC_GROW(p->files, p->nr + 1, p->alloc);
		f = &p->files[p->nr++];
		memset(f, 0, sizeof(*f));
		f->path = dl_xstrdup(path);
		f->fs_path = dl_xstrdup(fs_path);
		f->git_mode = git_mode;
	}
	if (data && !f->have_data) {
		f->data = dl_xmalloc(dl_st_add(len, 1));
		memcpy(f->data, data, len);
		f->data[len] = '\0';
		f->len = len;
		f->have_data = 1;
	}
}

static int
edit_cmp(const void *pa, const void *pb)
{
	const struct dl_edit *a = pa, *b = pb;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int
edit_eq(const struct dl_edit *a, const struct dl_edit *b)
{
	return a->offset == b->offset && a->len == b->len &&
	       a->text_len == b->text_len &&
	       (!a->text_len || !memcmp(a->text, b->text, a->text_len));
}

/* Whether edits a and b (a first by offset) cannot both apply. */
static int
edit_clash(const struct dl_edit *a, const struct dl_edit *b)
{
	return a->offset == b->offset || a->offset + a->len > b->offset;
}

/* Index of the first accepted edit with offset >= off. */
static size_t
lower_bound(const struct dl_fix_file *f, size_t off)
{
	size_t lo = 0, hi = f->edits_nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->edits[mid].offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
dl_fix_plan_add(struct dl_fix_plan *p, const struct dl_fix *fix)
{
	struct dl_fix_file *f = fix && !fix->void_fix ? find_file(p, fix->path) : NULL;
	struct dl_edit *v = NULL, *merged;
	size_t i, n = 0, a, b, k;

	if (!f || (fix->edits_nr && !f->have_data) ||
	    (fix->set_exec && f->git_mode != MODE_REGULAR) ||
	    (!fix->edits_nr && !fix->set_exec) ||
	    fix->edits_nr > DL_FIX_MAX_EDITS ||
	    f->edits_nr + fix->edits_nr > DL_FIX_MAX_EDITS) {
		p->rejected++;
		return 0;
	}
	if (fix->edits_nr) {
		v = dl_xmalloc(dl_st_mult(fix->edits_nr, sizeof(*v)));
		memcpy(v, fix->edits, fix->edits_nr * sizeof(*v));
		qsort(v, fix->edits_nr, sizeof(*v), edit_cmp);
	}
	for (i = 0; i < fix->edits_nr; i++) {
		size_t at;
		int dup = 0;
		if (v[i].offset > f->len || v[i].len > f->len - v[i].offset)
			goto refuse;
		if (n && edit_eq(&v[n - 1], &v[i]))
			continue; /* the same edit twice in one fix */
		if (n && edit_clash(&v[n - 1], &v[i]))
			goto refuse;
		at = lower_bound(f, v[i].offset);
		for (k = at; k < f->edits_nr && f->edits[k].offset == v[i].offset; k++)
			dup |= edit_eq(&f->edits[k], &v[i]);
		if (dup)
			continue; /* taken with an earlier fix */
		if ((at > 0 && edit_clash(&f->edits[at - 1], &v[i])) ||
		    (at < f->edits_nr && edit_clash(&v[i], &f->edits[at])))
			goto refuse;
		v[n++] = v[i];
	}
	/* merge the new edits (sorted) into the file's */
	if (n) {
		merged = dl_xmalloc(dl_st_mult(dl_st_add(f->edits_nr, n), sizeof(*merged)));
		for (a = b = k = 0; a < f->edits_nr || b < n;)
			if (b >= n || (a < f->edits_nr && f->edits[a].offset < v[b].offset))
				merged[k++] = f->edits[a++];
			else
				merged[k++] = v[b++];
		free(f->edits);
		f->edits = merged;
		f->edits_nr = f->edits_alloc = k;
	}
	free(v);
	f->set_exec |= fix->set_exec;
	f->fixes++;
	p->accepted++;
	return 1;
refuse:
	free(v);
	p->rejected++;
	return 0;
}

/* ---- applying ------------------------------------------------------------------ */

static void
fail(struct dl_strbuf *errors, const struct dl_fix_file *f, const char *why,
     const char *detail)
{
	dl_strbuf_addf(errors, "%s: not fixed: %s%s%s\n", f->path, why,
		       detail ? ": " : "", detail ? detail : "");
}

/* Opens fs_path for reading without following a symbolic link; the file
 * must be regular. Returns the descriptor or -1. */
static int
open_regular(const char *fs_path, struct stat *st)
{
	int fd = open(fs_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* Whether fd holds exactly data[0 .. len). */
static int
same_bytes(int fd, const char *data, size_t len)
{
	char buf[65536];
	size_t pos = 0;
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		if (r == 0)
			return pos == len;
		if ((size_t)r > len - pos || memcmp(buf, data + pos, (size_t)r) != 0)
			return 0;
		pos += (size_t)r;
	}
}

static int
write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Gives the new file tfd what the rename would otherwise drop with the old
 * inode (fd, described by st): its owner and group (fchown, only when they
 * differ from the new file's) and every extended attribute, which holds its
 * POSIX ACLs (system.posix_acl_access) and security labels. Returns 0, or
 * -1 with *why set when something cannot be kept: the fix is then refused
 * rather than quietly change who may read the file.
 */
static int
keep_metadata(int fd, int tfd, const struct stat *st, const char **why)
{
	struct stat tst;
	char *names = NULL, *value = NULL;
	ssize_t n, k;
	size_t vlen = 0;
	int rc = 0;

	if (fstat(tfd, &tst) < 0) {
		*why = "cannot keep its owner and group";
		return -1;
	}
	if ((tst.st_uid != st->st_uid || tst.st_gid != st->st_gid) &&
	    fchown(tfd, st->st_uid, st->st_gid) < 0) {
		*why = "cannot keep its owner and group (run --fix as its owner)";
		return -1;
	}
	n = flistxattr(fd, NULL, 0);
	if (n < 0 && errno == ENOTSUP)
		return 0; /* a file system without them */
	if (n < 0) {
		*why = "cannot list its extended attributes";
		return -1;
	}
	if (n == 0)
		return 0;
	names = dl_xmalloc((size_t)n);
	n = flistxattr(fd, names, (size_t)n);
	if (n < 0) {
		free(names);
		*why = "cannot list its extended attributes";
		return -1;
	}
	for (k = 0; k < n && !rc; k += (ssize_t)strlen(names + k) + 1) {
		const char *name = names + k;
		ssize_t len = fgetxattr(fd, name, NULL, 0);
		if (len < 0) {
			rc = -1;
			break;
		}
		if ((size_t)len + 1 > vlen) {
			free(value);
			vlen = (size_t)len + 1;
			value = dl_xmalloc(vlen);
		}
		len = fgetxattr(fd, name, value, (size_t)len);
		if (len < 0 || fsetxattr(tfd, name, value, (size_t)len, 0) < 0)
			rc = -1;
	}
	if (rc)
		*why = "cannot copy its extended attributes (ACLs)";
	free(names);
	free(value);
	return rc;
}

/* Whether the file at path is still the one read (same inode, size and
 * modification time as st): checked just before the rename. */
static int
unchanged_since(const char *path, const struct stat *st)
{
	struct stat now;
	return lstat(path, &now) == 0 && now.st_dev == st->st_dev &&
	       now.st_ino == st->st_ino && now.st_size == st->st_size &&
	       now.st_mtim.tv_sec == st->st_mtim.tv_sec &&
	       now.st_mtim.tv_nsec == st->st_mtim.tv_nsec;
}

/* fsync of the folder holding path, so that the rename itself is durable. */
static void
sync_dir(const char *path)
{
	char *dir = dl_path_dirname(path);
	int dfd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(dir);
}

/* ---- temporary files -------------------------------------------------------- */

/*
 * The new contents are written to "NAME.deploylint-fix-PID-XXXXXX" beside
 * the file NAME, then renamed over it. The name starts with the file's
 * own name, so the ignore rules that keep a secrets file out of git by
 * a glob (`.env*`, `.env.*`, `*.env*`, `config.yaml*`) cover it too. While
 * it exists, SIGINT, SIGTERM and SIGHUP remove it before the process dies
 * of them; one left by a process that no longer runs (SIGKILL, power loss)
 * is removed by the next --fix of a file in its folder.
 */
#define TMP_TAG ".deploylint-fix-"

static volatile sig_atomic_t tmp_live;
static char tmp_path[PATH_MAX];

static void
on_fatal_signal(int sig)
{
	if (tmp_live)
		unlink(tmp_path); /* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };

struct saved_signals {
	struct sigaction old[3];
};

static void
signals_catch(struct saved_signals *saved)
{
	struct sigaction sa;
	size_t i;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < DL_ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &saved->old[i]);
}

static void
signals_restore(const struct saved_signals *saved)
{
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &saved->old[i], NULL);
}

/* Records the temporary file a signal must remove (NULL: none). */
static void
tmp_track(const char *path)
{
	tmp_live = 0;
	if (path && strlen(path) < sizeof(tmp_path)) {
		memcpy(tmp_path, path, strlen(path) + 1);
		tmp_live = 1;
	}
}

/* mkstemp(template) with the name tracked from before the file exists,
 * so that no signal can leave it behind. */
static int
tmp_create(char *template)
{
	int fd;
	if (strlen(template) >= sizeof(tmp_path))
		return mkstemp(template);
	tmp_track(template);
	fd = mkstemp(tmp_path); /* a signal now removes the name it made */
	if (fd < 0) {
		tmp_track(NULL);
		return fd;
	}
	memcpy(template, tmp_path, strlen(tmp_path) + 1);
	return fd;
}

/* Whether `name` is "BASE.deploylint-fix-PID-XXXXXX" for `base` and a PID
 * that is not a running process (ours never is: we are between files). */
static int
stale_tmp(const char *name, const char *base)
{
	size_t bn = strlen(base), tn = strlen(TMP_TAG), k;
	const char *p;
	long pid = 0;
	if (strncmp(name, base, bn) != 0 || strncmp(name + bn, TMP_TAG, tn) != 0)
		return 0;
	p = name + bn + tn;
	for (k = 0; k < 10 && dl_isdigit((unsigned char)p[k]); k++)
		pid = pid * 10 + (p[k] - '0');
	if (!k || p[k] != '-' || strlen(p + k + 1) != 6)
		return 0;
	if (pid == (long)getpid())
		return 1;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* Removes the stale temporary files of earlier runs beside fs_path. */
static void
remove_stale_tmps(const char *fs_path)
{
	char *dir = dl_path_dirname(fs_path);
	const char *base = dl_path_basename(fs_path);
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	if (d) {
		while ((e = readdir(d)) != NULL) {
			struct dl_strbuf p = DL_STRBUF_INIT;
			struct stat st;
			if (!stale_tmp(e->d_name, base))
				continue;
			dl_strbuf_addf(&p, "%s%s%s", *dir ? dir : "", *dir ? "/" : "", e->d_name);
			if (lstat(p.buf, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
				unlink(p.buf);
			dl_strbuf_release(&p);
		}
		closedir(d);
	}
	free(dir);
}

/* Returns 0 when written, 1 when the file changed since it was read (not
 * applied), -1 on an I/O error. */
static int
write_contents(struct dl_fix_file *f, struct dl_strbuf *errors)
{
	struct dl_strbuf next = DL_STRBUF_INIT, tmp = DL_STRBUF_INIT;
	struct stat st;
	char *dir;
	int fd, tfd, same, err;

	fd = open_regular(f->fs_path, &st);
	if (fd < 0) {
		/* a symbolic link or a special file is left alone, not an error */
		int skip = errno == ELOOP || errno == EINVAL;
		fail(errors, f, skip ? "not a regular file" : "cannot open it",
		     strerror(errno));
		return skip ? 1 : -1;
	}
	same = (uintmax_t)st.st_size == (uintmax_t)f->len && same_bytes(fd, f->data, f->len);
	if (!same) {
		close(fd);
		fail(errors, f, "it changed since deploylint read it", NULL);
		return 1;
	}
	if (dl_fix_apply_edits(&next, f->data, f->len, f->edits, f->edits_nr) < 0) {
		close(fd);
		fail(errors, f, "invalid edits", NULL);
		return -1;
	}
	remove_stale_tmps(f->fs_path);
	dir = dl_path_dirname(f->fs_path);
	dl_strbuf_addf(&tmp, "%s%s%s" TMP_TAG "%ld-XXXXXX", *dir ? dir : "", *dir ? "/" : "",
		       dl_path_basename(f->fs_path), (long)getpid());
	free(dir);
	tfd = tmp_create(tmp.buf);
	if (tfd < 0) {
		err = errno;
		close(fd);
		fail(errors, f, "cannot create a temporary file beside it", strerror(err));
		dl_strbuf_release(&tmp);
		dl_strbuf_release(&next);
		return -1;
	}
	{
		const char *why = NULL;
		if (keep_metadata(fd, tfd, &st, &why) < 0) {
			err = errno;
			close(fd);
			close(tfd);
			unlink(tmp.buf);
			tmp_track(NULL);
			fail(errors, f, why, strerror(err));
			dl_strbuf_release(&tmp);
			dl_strbuf_release(&next);
			return 1;
		}
	}
	close(fd);
	if (fchmod(tfd, st.st_mode & 07777) < 0 || write_all(tfd, next.buf, next.len) < 0 ||
	    fsync(tfd) < 0) {
		err = errno;
		close(tfd);
		unlink(tmp.buf);
		tmp_track(NULL);
		tmp_track(NULL);
		fail(errors, f, "cannot write it", strerror(err));
		dl_strbuf_release(&tmp);
		dl_strbuf_release(&next);
		return -1;
	}
	if (close(tfd) < 0) {
		err = errno;
		unlink(tmp.buf);
		tmp_track(NULL);
		fail(errors, f, "cannot write it", strerror(err));
		dl_strbuf_release(&tmp);
		dl_strbuf_release(&next);
		return -1;
	}
	/* an edit saved since the comparison above must not be overwritten
	 * (the window left is the one between this check and the rename) */
	if (!unchanged_since(f->fs_path, &st)) {
		unlink(tmp.buf);
		tmp_track(NULL);
		fail(errors, f, "it changed since deploylint read it", NULL);
		dl_strbuf_release(&tmp);
		dl_strbuf_release(&next);
		return 1;
	}
	if (rename(tmp.buf, f->fs_path) < 0) {
		err = errno;
		unlink(tmp.buf);
		tmp_track(NULL);
		tmp_track(NULL);
		fail(errors, f, "cannot replace it", strerror(err));
		dl_strbuf_release(&tmp);
		dl_strbuf_release(&next);
		return -1;
	}
	sync_dir(f->fs_path);
	tmp_track(NULL);
	dl_strbuf_release(&tmp);
	dl_strbuf_release(&next);
	return 0;
}

static const char *
git_message(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

/*
 * Writes `index` over the index file index_path while the caller holds
 * index_path.lock (which libgit2's own git_index_write would try to take):
 * through a copy written beside it (git_index_write of an index opened on
 * a fresh path), renamed over index_path. Returns 0 or -1.
 */
static int
write_index_locked(git_index *index, const char *index_path)
{
	struct dl_strbuf tmp = DL_STRBUF_INIT;
	git_index *out = NULL;
	int rc = -1;

	dl_strbuf_addf(&tmp, "%s.deploylint-%ld", index_path, (long)getpid());
	unlink(tmp.buf);
	tmp_track(NULL);
	if (git_index_open(&out, tmp.buf) == 0 &&
	    git_index_set_version(out, git_index_version(index)) == 0) {
		size_t i, n = git_index_entrycount(index);
		rc = 0;
		for (i = 0; i < n && rc == 0; i++) {
			const git_index_entry *e = git_index_get_byindex(index, i);
			if (!e || git_index_add(out, e) < 0)
				rc = -1;
		}
		if (rc == 0 && (git_index_write(out) < 0 || rename(tmp.buf, index_path) < 0))
			rc = -1;
	}
	if (rc < 0)
		unlink(tmp.buf);
	tmp_track(NULL);
	git_index_free(out);
	dl_strbuf_release(&tmp);
	return rc;
}

/* Sets 100755 in the index entry of f (still 100644) and +x on the work
 * tree file, as git does it: index.lock taken first, the index read afresh
 * under the lock, then written and the lock released, so that a `git add`
 * running meanwhile is never undone. Returns 0, 1 when not applicable any
 * more, -1 on an error. */
static int
set_exec(struct dl_fix_file *f, struct dl_strbuf *errors)
{
	git_repository *git = NULL;
	git_index *index = NULL;
	const git_index_entry *e;
	git_index_entry copy;
	char dirreal[PATH_MAX], wdreal[PATH_MAX];
	char *dir, *gpath = NULL;
	const char *wd, *env = getenv("GIT_INDEX_FILE");
	struct dl_strbuf abs = DL_STRBUF_INIT, ipath = DL_STRBUF_INIT, lock = DL_STRBUF_INIT;
	struct stat st;
	size_t n;
	int rc = -1, fd, lfd = -1;

	if (lstat(f->fs_path, &st) < 0 || !S_ISREG(st.st_mode)) {
		fail(errors, f, "not a regular file", NULL);
		return 1;
	}
	dir = dl_path_dirname(f->fs_path);
	if (!realpath(*dir ? dir : ".", dirreal)) {
		fail(errors, f, "cannot resolve its folder", strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	dl_strbuf_addf(&abs, "%s/%s", strcmp(dirreal, "/") ? dirreal : "",
		       dl_path_basename(f->fs_path));
	git_libgit2_init();
	if (git_repository_open_ext(&git, dirreal, 0, NULL) < 0 ||
	    !(wd = git_repository_workdir(git)) || !realpath(wd, wdreal)) {
		fail(errors, f, "not inside a git work tree", NULL);
		rc = 1;
		goto out;
	}
	n = strlen(wdreal);
	if (strncmp(abs.buf, wdreal, n) != 0 || abs.buf[n] != '/') {
		fail(errors, f, "outside the git work tree", NULL);
		rc = 1;
		goto out;
	}
	if (env && *env)
		dl_strbuf_puts(&ipath, env);
	else
		dl_strbuf_addf(&ipath, "%sindex", git_repository_path(git));
	dl_strbuf_addf(&lock, "%s.lock", ipath.buf);
	lfd = open(lock.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (lfd < 0) {
		fail(errors, f, errno == EEXIST ? "the git index is locked (index.lock exists: another git process is running, or one crashed)" : "cannot lock the git index",
		     errno == EEXIST ? NULL : strerror(errno));
		goto out;
	}
	/* read under the lock: what git add wrote before it is kept */
	if (git_index_open(&index, ipath.buf) < 0) {
		fail(errors, f, "cannot read the git index", git_message());
		goto out;
	}
	e = git_index_get_bypath(index, abs.buf + n + 1, 0);
	if (!e || e->mode != MODE_REGULAR) {
		fail(errors, f, "its mode in the git index changed since deploylint read it", NULL);
		rc = 1;
		goto out;
	}
	gpath = dl_xstrdup(e->path);
	copy = *e;
	copy.path = gpath;
	copy.mode = GIT_FILEMODE_BLOB_EXECUTABLE;
	if (git_index_add(index, &copy) < 0 || write_index_locked(index, ipath.buf) < 0) {
		fail(errors, f, "cannot write the git index", git_message());
		goto out;
	}
	close(lfd);
	lfd = -1;
	unlink(lock.buf);
	fd = open_regular(f->fs_path, &st);
	if (fd < 0 || fchmod(fd, (st.st_mode & 07777) | ((st.st_mode & 0444) >> 2)) < 0) {
		fail(errors, f, "the index says 100755 now, but chmod +x failed",
		     strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	rc = 0;
out:
	if (lfd >= 0) {
		close(lfd);
		unlink(lock.buf);
	}
	dl_strbuf_release(&ipath);
	dl_strbuf_release(&lock);
	free(gpath);
	git_index_free(index);
	git_repository_free(git);
	git_libgit2_shutdown();
	dl_strbuf_release(&abs);
	return rc;
}

static int
file_cmp(const void *pa, const void *pb)
{
	const struct dl_fix_file *a = pa, *b = pb;
	return strcmp(a->path, b->path);
}

int
dl_fix_plan_run(struct dl_fix_plan *p, int apply, struct dl_strbuf *diff,
		struct dl_strbuf *errors)
{
	struct saved_signals saved;
	struct redactor rd = { NULL, p->mask, 1 };
	size_t i;
	int rc = 0;

	if (p->nr > 1)
		qsort(p->files, p->nr, sizeof(*p->files), file_cmp);
	if (apply)
		signals_catch(&saved);
	for (i = 0; i < p->nr; i++) {
		struct dl_fix_file *f = &p->files[i];
		int exec = f->set_exec, r;

		if (!f->fixes)
			continue;
		if (apply && f->edits_nr && (r = write_contents(f, errors)) != 0) {
			f->failed = 1;
			rc = r < 0 ? -1 : rc;
			continue;
		}
		if (apply && exec && (r = set_exec(f, errors)) != 0) {
			rc = r < 0 ? -1 : rc;
			exec = 0;
			if (!f->edits_nr) {
				f->failed = 1;
				continue;
			}
		}
		if (diff_with(diff, f->path, f->data, f->len, f->edits, f->edits_nr,
			      exec ? f->git_mode : 0, exec ? MODE_EXEC : 0, &rd) < 0) {
			fail(errors, f, "invalid edits", NULL);
			f->failed = 1;
			rc = -1;
			continue;
		}
		p->applied += f->fixes;
	}
	if (apply)
		signals_restore(&saved);
	return rc;
}
