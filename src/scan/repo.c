/*
 * deploylint: scan a directory into a sorted file list, with git's view of
 * each file (tracked, ignored, index mode) read through libgit2.
 */
/* getdents64 (glibc 2.30 and later): a folder listed without a DIR
 * (see list_dir) */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier): glibc's feature macro */
#include "deploylint/repo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/secretclass.h"
#include "deploylint/textenc.h"

struct tracked {
	char *path; /* relative to the scanned root */
	unsigned mode;
	int skip_worktree; /* outside a sparse checkout's cone */
	size_t size;
	unsigned char oid[20];
};

struct walk {
	struct dl_repo *repo;
	git_repository *git;
	const char *prefix; /* scanned root relative to the work tree, "" or "a/b/" */
	struct tracked *tracked;
	size_t tracked_nr, tracked_alloc;
	size_t files_skipped; /* regular files past DL_MAX_FILES */
	int root_errno;       /* why the root folder could not be listed, or 0 */
};

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A folder entry: its name and readdir's d_type (DT_UNKNOWN: lstat it). */
struct entry {
	char *name; /* in the listing's buffer (walk_dir) */
	size_t off; /* where, while the buffer grows */
	unsigned char type;
};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int
tracked_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tracked *)a)->path,
		      ((const struct tracked *)b)->path);
}

static int
file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dl_file *)a)->path,
		      ((const struct dl_file *)b)->path);
}

static const struct tracked *
tracked_find(const struct walk *w, const char *path)
{
	struct tracked key;

	memset(&key, 0, sizeof(key));
	key.path = (char *)(uintptr_t)path;
	if (!w->tracked_nr)
		return NULL;
	return bsearch(&key, w->tracked, w->tracked_nr, sizeof(key), tracked_cmp);
}

/* Whether any tracked path lies below directory `dir` (relative). */
static int
tracked_under(const struct walk *w, const char *dir)
{
	size_t lo = 0, hi = w->tracked_nr, n = strlen(dir);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(w->tracked[mid].path, dir) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < w->tracked_nr; lo++) {
		const char *p = w->tracked[lo].path;
		if (strncmp(p, dir, n) != 0)
			return 0;
		if (p[n] == '/')
			return 1;
	}
	return 0;
}

static int
git_ignored(const struct walk *w, const char *rel, int is_dir)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int ignored = 0;
	dl_strbuf_puts(&sb, w->prefix);
	dl_strbuf_puts(&sb, rel);
	if (is_dir)
		dl_strbuf_putc(&sb, '/');
	if (git_ignore_path_is_ignored(&ignored, w->git, sb.buf) < 0)
		ignored = 0;
	dl_strbuf_release(&sb);
	return ignored;
}

static void
add_dir(struct dl_repo *repo, const char *rel)
{
	DL_ALLOC_GROW(repo->dirs, repo->dirs_nr + 1, repo->dirs_alloc);
	repo->dirs[repo->dirs_nr++] = dl_xstrdup(rel);
}

static int
is_virtualenv(const char *abs)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct stat st;
	int r;
	dl_strbuf_puts(&sb, abs);
	dl_strbuf_puts(&sb, "/pyvenv.cfg");
	r = lstat(sb.buf, &st) == 0 && S_ISREG(st.st_mode);
	dl_strbuf_release(&sb);
	return r;
}

/* Linear search, for building the folder list before it is sorted. */
static int
has_dir_unsorted(const struct dl_repo *repo, const char *path)
{
	size_t i;
	for (i = repo->dirs_nr; i > 0; i--)
		if (!strcmp(repo->dirs[i - 1], path))
			return 1;
	return 0;
}

void
dl_repo_note_unreadable(struct dl_repo *repo, const char *path, int err, int is_dir)
{
	dl_strbuf_addf(&repo->problems, "cannot read %s%s: %s\n", *path ? path : ".",
		       is_dir && *path ? "/" : "", strerror(err));
	if (err == EMFILE || err == ENFILE || err == ENOMEM)
		repo->fatal = 1;
}

void
dl_repo_note_limit(struct dl_repo *repo, const char *path, const char *limit,
		   const char *fmt, ...)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_repo_limit *l;
	va_list ap;

	va_start(ap, fmt);
	dl_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	DL_ALLOC_GROW(repo->limits, repo->limits_nr + 1, repo->limits_alloc);
	l = &repo->limits[repo->limits_nr++];
	l->path = dl_xstrdup(path);
	l->limit = limit;
	l->what = dl_strbuf_detach(&sb, NULL);
}

/*
 * Whether folder `name` (in the open folder dfd; `rel` from the root) is
 * another repository: a submodule (a gitlink, mode 160000, in the index)
 * or a nested work tree (it holds .git), which git itself does not enter.
 * Its files are not the superproject's: linting them from here would call
 * them untracked (ENV003) or committed (SEC002). Skipped with a line on
 * stderr saying how to lint it.
 */
static void
note_nested(struct walk *w, const struct tracked *t, const char *rel)
{
	dl_strbuf_addf(&w->repo->problems,
		       "skipped %s/: %s, another repository (lint it with `deploylint %s`)\n",
		       rel, t ? "a submodule" : "a nested git work tree", rel);
}

/* Whether the index records folder rel as a submodule (a gitlink). */
static int
is_gitlink(const struct walk *w, const char *rel)
{
	const struct tracked *t = tracked_find(w, rel);
	return t && (t->mode & 0170000) == 0160000;
}

/* As above for a folder the walk does not enter (the walk of one it
 * enters sees its .git in the listing: see walk_dir). dfd is the open
 * parent folder; dfd < 0: the gitlink test only. */
static int
nested_repository(struct walk *w, int dfd, const char *name, const char *rel)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct stat st;
	int nested;

	if (is_gitlink(w, rel)) {
		nested = 1;
	} else if (dfd < 0) {
		nested = 0;
	} else {
		dl_strbuf_puts(&sb, name);
		dl_strbuf_puts(&sb, "/.git");
		nested = fstatat(dfd, sb.buf, &st, AT_SYMLINK_NOFOLLOW) == 0;
		dl_strbuf_release(&sb);
	}
	if (nested)
		note_nested(w, tracked_find(w, rel), rel);
	return nested;
}

/* A file skipped for its size: PARSE002, since it may hold a secret. */
static void
note_too_big(struct dl_repo *repo, const char *path)
{
	dl_strbuf_addf(&repo->notes, "skipped %s: larger than %u bytes\n", path, DL_MAX_FILE_SIZE);
	dl_repo_note_limit(repo, path, "DL_MAX_FILE_SIZE",
			   "not scanned: larger than %u bytes (a secret in it would go unreported)",
			   DL_MAX_FILE_SIZE);
}

/*
 * Opens folder `name` of the open folder parent (or, when parent is -1,
 * the folder at path abs): relative to the parent, so the kernel looks up
 * one name, not every folder of the path again. The descriptor, or -1 with
 * errno set.
 */
static int
open_dir(int parent, const char *name, const char *abs)
{
	if (parent < 0)
		return open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Adds one listed name (not "." or "..") to names and nb. */
static void
list_add(struct entry **names, size_t *nr, size_t *alloc, struct dl_strbuf *nb,
	 const char *name, unsigned char type)
{
	if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
		return;
	DL_ALLOC_GROW(*names, *nr + 1, *alloc);
	(*names)[*nr].off = nb->len;
	(*names)[(*nr)++].type = type;
	dl_strbuf_put(nb, name, strlen(name) + 1);
}

/*
 * Lists open folder fd (which stays open and the caller's): each entry's
 * name into nb, NUL-terminated, and its offset there and d_type into
 * names. On Linux with glibc, through getdents64 into a buffer on the
 * stack: readdir would need a DIR, whose fdopendir costs an fstat, two
 * fcntl calls and 32 KB of heap per folder. Returns 0, or an errno (what
 * was listed before it is kept).
 */
static int
list_dir(int fd, struct entry **names, size_t *nr, size_t *alloc, struct dl_strbuf *nb)
{
#if defined(__linux__) && defined(__GLIBC__) && \
	(__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 30))
	union {
		struct dirent64 align;
		char bytes[16384];
	} buf;
	for (;;) {
		ssize_t n = getdents64(fd, buf.bytes, sizeof(buf.bytes)), off;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno ? errno : EIO;
		if (n == 0)
			return 0;
		for (off = 0; off < n;) {
			const struct dirent64 *de = (const struct dirent64 *)(void *)(buf.bytes + off);
			list_add(names, nr, alloc, nb, de->d_name, de->d_type);
			off += de->d_reclen;
		}
	}
#else
	int dup_fd = dup(fd), err = 0;
	DIR *d = dup_fd < 0 ? NULL : fdopendir(dup_fd);
	struct dirent *de;
	if (!d) {
		err = errno ? errno : EIO;
		if (dup_fd >= 0)
			close(dup_fd);
		return err;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		list_add(names, nr, alloc, nb, de->d_name, de->d_type);
		errno = 0;
	}
	err = errno;
	closedir(d);
	return err;
#endif
}

/*
 * Walks folder abs (rel from the root), which is entry `name` of the open
 * folder parent (-1 for the root). check_nested: the folder is not the
 * root, in a git work tree, and no submodule: it is another repository,
 * skipped, when its listing holds .git (of any type: a folder, or the file
 * of a linked work tree), which git itself does not enter.
 */
static void
walk_dir(struct walk *w, int parent, const char *name_in_parent, const char *abs,
	 const char *rel, int depth, int check_nested)
{
	struct dl_repo *repo = w->repo;
	int d, err;
	struct entry *names = NULL;
	/* the names, NUL-terminated, one after another; the paths of an
	 * entry are built on the folder's own in cabs and crel */
	struct dl_strbuf nb = DL_STRBUF_INIT, cabs = DL_STRBUF_INIT, crel = DL_STRBUF_INIT;
	size_t nr = 0, alloc = 0, i, abs_len, rel_len;

	if (depth > DL_MAX_WALK_DEPTH) {
		dl_strbuf_addf(&repo->notes, "skipped %s/: deeper than %d levels\n", rel,
			       DL_MAX_WALK_DEPTH);
		dl_repo_note_limit(repo, rel, "DL_MAX_WALK_DEPTH",
				   "folder not scanned: deeper than %d levels", DL_MAX_WALK_DEPTH);
		return;
	}
	d = open_dir(parent, name_in_parent, abs);
	if (d < 0) {
		if (!*rel)
			w->root_errno = errno ? errno : EIO;
		dl_repo_note_unreadable(repo, rel, errno, 1);
		return;
	}
	add_dir(repo, rel);
	if ((err = list_dir(d, &names, &nr, &alloc, &nb)) != 0)
		dl_repo_note_unreadable(repo, rel, err, 1);
	for (i = 0; i < nr; i++)
		names[i].name = nb.buf + names[i].off;
	if (check_nested)
		for (i = 0; i < nr; i++)
			if (!strcmp(names[i].name, ".git")) {
				note_nested(w, tracked_find(w, rel), rel);
				free(names);
				dl_strbuf_release(&nb);
				close(d);
				return;
			}
	/* the folder stays open: entries are stat'ed relative to it (no
	 * path walk from the root for each) */
	if (nr > 1)
		qsort(names, nr, sizeof(*names), entry_cmp);

	dl_strbuf_puts(&cabs, abs);
	dl_strbuf_putc(&cabs, '/');
	abs_len = cabs.len;
	if (*rel) {
		dl_strbuf_puts(&crel, rel);
		dl_strbuf_putc(&crel, '/');
	}
	rel_len = crel.len;
	for (i = 0; i < nr; i++) {
		struct stat st;
		const char *name = names[i].name;
		const struct tracked *t;
		int got;

		cabs.len = abs_len;
		dl_strbuf_puts(&cabs, name);
		crel.len = rel_len;
		dl_strbuf_puts(&crel, name);

		/* a folder needs no lstat: readdir's d_type says what it is;
		 * nor does a regular file git tracks as one, whose size the
		 * index gives (a hint: the read finds the real end, and says
		 * when a changed file grew past DL_MAX_FILE_SIZE); a size
		 * over the limit is checked, since it stops the read */
		t = names[i].type != DT_DIR && w->git ? tracked_find(w, crel.buf) : NULL;
		if (names[i].type == DT_DIR) {
			memset(&st, 0, sizeof(st));
			st.st_mode = S_IFDIR;
			got = 0;
		} else if (names[i].type == DT_REG && t && (t->mode & 0170000) == 0100000 &&
			   t->size <= DL_MAX_FILE_SIZE) {
			memset(&st, 0, sizeof(st));
			st.st_mode = S_IFREG;
			st.st_size = (off_t)t->size;
			got = 0;
		} else {
			got = fstatat(d, name, &st, AT_SYMLINK_NOFOLLOW);
		}
		if (got < 0) {
			dl_repo_note_unreadable(repo, crel.buf, errno, 0);
		} else if (S_ISDIR(st.st_mode)) {
			int skip = 0, enter_checks = 0;
			if (!strcmp(name, ".git"))
				skip = 1;
			else if (w->git && nested_repository(w, -1, name, crel.buf)) {
				add_dir(repo, crel.buf); /* the folder exists */
				skip = 1;
			} else if (w->git) {
				/* most folders hold tracked files: a search of
				 * the index spares libgit2's ignore machinery */
				skip = !tracked_under(w, crel.buf) &&
				       git_ignored(w, crel.buf, 1);
				/* another repository is reported before its
				 * folder is found ignored or too deep; the walk
				 * of one it enters tells from the listing */
				if ((skip || depth + 1 > DL_MAX_WALK_DEPTH) &&
				    nested_repository(w, d, name, crel.buf)) {
					add_dir(repo, crel.buf);
					skip = 1;
				} else {
					enter_checks = 1;
				}
			} else {
				skip = !strcmp(name, "node_modules") ||
				       !strcmp(name, "__pycache__") ||
				       is_virtualenv(cabs.buf);
			}
			if (!skip)
				walk_dir(w, d, name, cabs.buf, crel.buf, depth + 1,
					 enter_checks);
		} else if (S_ISREG(st.st_mode)) {
			struct dl_file *f;
			if (repo->nr >= DL_MAX_FILES) {
				dl_strbuf_addf(&repo->notes, "skipped %s: more than %u files\n",
					       crel.buf, DL_MAX_FILES);
				w->files_skipped++;
			} else {
				DL_ALLOC_GROW(repo->files, repo->nr + 1, repo->alloc);
				f = &repo->files[repo->nr++];
				memset(f, 0, sizeof(*f));
				f->path = dl_xstrndup(crel.buf, crel.len);
				f->kind = dl_classify_path(f->path);
				f->size = (size_t)st.st_size;
				if (t) {
					f->flags |= DL_FILE_TRACKED;
					f->git_mode = t->mode;
				} else if (w->git && git_ignored(w, f->path, 0)) {
					f->flags |= DL_FILE_IGNORED;
				}
				if ((uintmax_t)st.st_size > DL_MAX_FILE_SIZE) {
					f->flags |= DL_FILE_TOO_BIG;
					if (!(f->flags & DL_FILE_IGNORED))
						note_too_big(repo, f->path);
				}
			}
		} else if (S_ISLNK(st.st_mode)) {
			dl_strbuf_addf(&repo->notes, "skipped %s: symbolic link (not followed)\n",
				       crel.buf);
		} else {
			dl_strbuf_addf(&repo->notes, "skipped %s: not a regular file\n",
				       crel.buf);
		}
	}
	dl_strbuf_release(&cabs);
	dl_strbuf_release(&crel);
	dl_strbuf_release(&nb);
	free(names);
	close(d);
}

/* Whether `rel` (a file's path) lies in a vendored tree: below
 * site-packages/, dist-packages/ or node_modules/, or in a folder below the
 * root holding pyvenv.cfg (a virtualenv); or, in git (w->git), in a folder
 * git ignores (the walk enters one only for the tracked files in it: the
 * rest of it is as unread as an ignored folder it never enters). Asked
 * only of the few ignored .env files, so a lookup per parent folder costs
 * nothing. */
static int
outside_local(const struct walk *w, const char *rel)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const char *slash;
	int r = 0;

	if (dl_secrets_path_role(rel) == DL_ROLE_VENDORED)
		return 1;
	for (slash = strchr(rel, '/'); slash && !r; slash = strchr(slash + 1, '/')) {
		char *dir = dl_xstrndup(rel, (size_t)(slash - rel));
		dl_strbuf_reset(&sb);
		dl_strbuf_puts(&sb, w->repo->root);
		dl_strbuf_putc(&sb, '/');
		dl_strbuf_puts(&sb, dir);
		r = is_virtualenv(sb.buf) || (w->git && git_ignored(w, dir, 1));
		free(dir);
	}
	dl_strbuf_release(&sb);
	return r;
}

/*
 * The .env files linted as the developer's local settings (issue #15):
 * inside git, the .env and .env.* files git ignores outside vendored
 * trees and ignored folders get DL_FILE_LOCAL_DOTENV (linted, never
 * secret-scanned); outside git, every .env but an example is read that
 * way already (nothing is committed: see the read pass). Each gets a
 * --verbose line; files are sorted.
 */
static void
mark_local_dotenv(struct walk *w)
{
	struct dl_repo *repo = w->repo;
	size_t i;

	for (i = 0; i < repo->nr; i++) {
		struct dl_file *f = &repo->files[i];
		if (f->kind != DL_KIND_DOTENV)
			continue;
		if (w->git) {
			if (!(f->flags & DL_FILE_IGNORED) || outside_local(w, f->path))
				continue;
			f->flags |= DL_FILE_LOCAL_DOTENV;
			if (f->flags & DL_FILE_TOO_BIG)
				note_too_big(repo, f->path);
			dl_strbuf_addf(&repo->notes,
				       "linted %s as local settings: git ignores it, so it is no leak and the SEC rules do not read it\n",
				       f->path);
		} else if (!repo->git_unreadable && !dl_dotenv_is_example(f->path)) {
			dl_strbuf_addf(&repo->notes,
				       "linted %s as local settings: outside git nothing is committed, so the SEC rules do not read it\n",
				       f->path);
		}
	}
}

/* The nearest .git at or above root (malloc'd), or NULL. */
static char *
find_dotgit(const char *root)
{
	char *real = realpath(root, NULL);
	struct dl_strbuf p = DL_STRBUF_INIT;
	size_t n;
	struct stat st;

	if (!real)
		return NULL;
	n = strlen(real);
	for (;;) {
		dl_strbuf_reset(&p);
		dl_strbuf_put(&p, real, n);
		dl_strbuf_puts(&p, n == 1 ? ".git" : "/.git");
		if (lstat(p.buf, &st) == 0) {
			free(real);
			return dl_strbuf_detach(&p, NULL);
		}
		while (n > 1 && real[n - 1] != '/')
			n--;
		if (n <= 1)
			break;
		n--; /* drop the '/' */
	}
	free(real);
	dl_strbuf_release(&p);
	return NULL;
}

/*
 * Opens the repository holding `root` and reads its index. Returns 0 when
 * the walk can use git, -1 (with a note) when it falls back to a plain walk.
 */
static int
open_git(struct walk *w, const char *root, struct dl_strbuf *prefix)
{
	git_repository *git = NULL;
	git_index *index = NULL;
	char rootreal[PATH_MAX], wdreal[PATH_MAX];
	const char *wd, *index_file;
	size_t i, n, plen;

	{
		int rc = git_repository_open_ext(&git, root, 0, NULL);
		if (rc < 0) {
			const git_error *e = git_error_last();
			/* no repository at all is a plain walk; one that
			 * cannot be opened is a problem the run must not hide */
			char *dotgit = NULL;
			if (rc != GIT_ENOTFOUND) {
				w->repo->git_unreadable = 1;
				w->repo->git_problem = dl_xstrdup(e && e->message ? e->message
										  : "unknown error");
			} else if ((dotgit = find_dotgit(root)) != NULL) {
				/* libgit2 passed over a .git it could not read */
				struct dl_strbuf sb = DL_STRBUF_INIT;
				dl_strbuf_addf(&sb, "%s cannot be opened as a git repository", dotgit);
				w->repo->git_unreadable = 1;
				w->repo->git_problem = dl_strbuf_detach(&sb, NULL);
				free(dotgit);
			}
			return -1;
		}
	}
	wd = git_repository_workdir(git);
	if (!wd || !realpath(root, rootreal) || !realpath(wd, wdreal)) {
		git_repository_free(git);
		return -1;
	}
	n = strlen(wdreal);
	if (strncmp(rootreal, wdreal, n) != 0 ||
	    (rootreal[n] != '\0' && rootreal[n] != '/')) {
		git_repository_free(git);
		return -1;
	}
	if (rootreal[n] == '/') {
		dl_strbuf_puts(prefix, rootreal + n + 1);
		dl_strbuf_putc(prefix, '/');
	}
	/* git points hooks at a temporary index (`git commit FILE`) through
	 * GIT_INDEX_FILE; libgit2 does not read that variable itself */
	index_file = getenv("GIT_INDEX_FILE");
	if ((index_file && *index_file
		     ? git_index_open(&index, index_file)
		     : git_repository_index(&index, git)) < 0) {
		const git_error *e = git_error_last();
		/* the ignore rules are still read through libgit2: an ignored
		 * file stays unlinted and is never fixed */
		w->repo->index_unreadable = 1;
		w->repo->git_problem = dl_xstrdup(e && e->message ? e->message : "unknown error");
		w->git = git;
		return -1;
	}
	plen = prefix->len;
	n = git_index_entrycount(index);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		if (!e || git_index_entry_stage(e) != 0)
			continue;
		if (strncmp(e->path, prefix->buf, plen) != 0)
			continue;
		DL_ALLOC_GROW(w->tracked, w->tracked_nr + 1, w->tracked_alloc);
		w->tracked[w->tracked_nr].path = dl_xstrdup(e->path + plen);
		w->tracked[w->tracked_nr].mode = e->mode;
		w->tracked[w->tracked_nr].skip_worktree =
			(e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) != 0;
		w->tracked[w->tracked_nr].size = e->file_size;
		memcpy(w->tracked[w->tracked_nr].oid, e->id.id, 20);
		w->tracked_nr++;
	}
	git_index_free(index);
	if (w->tracked_nr > 1)
		qsort(w->tracked, w->tracked_nr, sizeof(*w->tracked), tracked_cmp);
	w->git = git;
	return 0;
}

/* Lists the index entries as the files of a staged scan. */
static void
list_staged(struct walk *w)
{
	struct dl_repo *repo = w->repo;
	size_t i;

	add_dir(repo, "");
	for (i = 0; i < w->tracked_nr; i++) {
		struct tracked *t = &w->tracked[i];
		struct dl_file *f;
		char *slash;
		if ((t->mode & 0170000) != 0100000)
			continue; /* symlinks and submodules hold no file */
		if (repo->nr >= DL_MAX_FILES) {
			w->files_skipped++;
			continue;
		}
		DL_ALLOC_GROW(repo->files, repo->nr + 1, repo->alloc);
		f = &repo->files[repo->nr++];
		memset(f, 0, sizeof(*f));
		f->path = dl_xstrdup(t->path);
		f->kind = dl_classify_path(f->path);
		f->flags = DL_FILE_TRACKED;
		f->git_mode = t->mode;
		f->size = t->size;
		memcpy(f->oid, t->oid, 20);
		if (f->size > DL_MAX_FILE_SIZE) {
			f->flags |= DL_FILE_TOO_BIG;
			note_too_big(repo, f->path);
		}
		/* every parent folder */
		for (slash = strchr(f->path, '/'); slash; slash = strchr(slash + 1, '/')) {
			char *d = dl_xstrndup(f->path, (size_t)(slash - f->path));
			if (!has_dir_unsorted(repo, d))
				add_dir(repo, d);
			free(d);
		}
	}
}

/* Whether an index path is safe to open below the root: relative, with no
 * empty, ".", ".." or ".git" segment (git refuses such paths; a crafted
 * index might not). */
static int
safe_index_path(const char *p)
{
	const char *seg = p;
	for (;;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (!n || (n == 1 && seg[0] == '.') || (n == 2 && !memcmp(seg, "..", 2)) ||
		    (n == 4 && seg[0] == '.' && (seg[1] | 0x20) == 'g' &&
		     (seg[2] | 0x20) == 'i' && (seg[3] | 0x20) == 't'))
			return 0;
		if (!end)
			return 1;
		seg = end + 1;
	}
}

/* Hands the hook the tracked regular files. */
static void
call_hook(const struct walk *w, const struct dl_scan_hook *hook)
{
	struct dl_tracked_file *v = dl_xmalloc(dl_st_mult(w->tracked_nr ? w->tracked_nr : 1, sizeof(*v)));
	size_t i, n = 0;

	for (i = 0; i < w->tracked_nr; i++) {
		const struct tracked *t = &w->tracked[i];
		if ((t->mode & 0170000) != 0100000 || !safe_index_path(t->path) ||
		    t->skip_worktree)
			continue;
		v[n].path = t->path;
		v[n].size = t->size;
		n++;
	}
	hook->tracked(hook->payload, v, n);
	free(v);
}

static int
dir_in(char **dirs, size_t n, const char *path)
{
	return n && bsearch(&path, dirs, n, sizeof(char *), str_cmp) != NULL;
}

/*
 * A sparse checkout leaves the index entries outside its cone on disk
 * nowhere (skip-worktree): they are still the repository's files, which
 * rules asking "does render.yaml's rootDir exist?" must find. Adds those
 * the walk did not meet (flag DL_FILE_SPARSE, never read) and their
 * folders. files and dirs are sorted on entry and on return.
 */
static void
add_sparse(struct walk *w)
{
	struct dl_repo *repo = w->repo;
	size_t i, n0 = repo->nr, d0 = repo->dirs_nr, added = 0;

	for (i = 0; i < w->tracked_nr; i++) {
		const struct tracked *t = &w->tracked[i];
		struct dl_file key, *f;
		char *slash;

		if (!t->skip_worktree || (t->mode & 0170000) != 0100000 ||
		    !safe_index_path(t->path))
			continue;
		memset(&key, 0, sizeof(key));
		key.path = t->path;
		if (n0 && bsearch(&key, repo->files, n0, sizeof(key), file_cmp))
			continue; /* checked out after all: the walk read it */
		if (repo->nr >= DL_MAX_FILES) {
			w->files_skipped++;
			continue;
		}
		DL_ALLOC_GROW(repo->files, repo->nr + 1, repo->alloc);
		f = &repo->files[repo->nr++];
		memset(f, 0, sizeof(*f));
		f->path = dl_xstrdup(t->path);
		f->kind = dl_classify_path(f->path);
		f->flags = DL_FILE_TRACKED | DL_FILE_SPARSE;
		f->git_mode = t->mode;
		f->size = t->size;
		f->loaded = 1; /* nothing to read: dl_repo_load() fails quietly */
		added++;
		for (slash = strchr(f->path, '/'); slash; slash = strchr(slash + 1, '/')) {
			char *d = dl_xstrndup(f->path, (size_t)(slash - f->path));
			if (!dir_in(repo->dirs, d0, d))
				add_dir(repo, d);
			free(d);
		}
	}
	if (added)
		dl_strbuf_addf(&repo->notes,
			       "sparse checkout: %zu tracked files outside the cone count as present (not read)\n",
			       added);
	if (repo->nr > n0)
		qsort(repo->files, repo->nr, sizeof(*repo->files), file_cmp);
	if (repo->dirs_nr > d0) {
		size_t k, j = 0;
		qsort(repo->dirs, repo->dirs_nr, sizeof(*repo->dirs), str_cmp);
		for (k = 0; k < repo->dirs_nr; k++) {
			if (j && !strcmp(repo->dirs[j - 1], repo->dirs[k])) {
				free(repo->dirs[k]);
				continue;
			}
			repo->dirs[j++] = repo->dirs[k];
		}
		repo->dirs_nr = j;
	}
}

static int
scan(struct dl_repo *out, const char *root, int staged, const struct dl_scan_hook *hook,
     char **err)
{
	struct walk w;
	struct dl_strbuf prefix = DL_STRBUF_INIT;
	struct stat st;
	size_t i;
	int e = 0;

	memset(out, 0, sizeof(*out));
	dl_strbuf_init(&out->notes, 0);
	dl_strbuf_init(&out->problems, 0);
	if (stat(root, &st) < 0)
		e = errno ? errno : ENOENT;
	else if (!S_ISDIR(st.st_mode))
		e = ENOTDIR;
	if (e && e != ENOENT && e != ENOTDIR) {
		/* the root exists but cannot be read: no result is right */
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_addf(&sb, "cannot read %s: %s", root, strerror(e));
		*err = dl_strbuf_detach(&sb, NULL);
		return -2;
	}
	if (e) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_addf(&sb, "%s: %s", root,
			       e == ENOENT ? "no such file or directory" : "not a directory");
		*err = dl_strbuf_detach(&sb, NULL);
		return -1;
	}
	out->root = dl_xstrdup(root);
	memset(&w, 0, sizeof(w));
	w.repo = out;
	git_libgit2_init();
	if (open_git(&w, root, &prefix) == 0)
		out->in_git = 1;
	w.prefix = prefix.buf;
	if (staged) {
		if (!out->in_git) {
			struct dl_strbuf sb = DL_STRBUF_INIT;
			int rc = out->index_unreadable || out->git_unreadable ? -2 : -1;
			if (rc == -2)
				dl_strbuf_addf(&sb, "--staged: the git index of %s cannot be read (%s)",
					       root, out->git_problem);
			else
				dl_strbuf_addf(&sb, "--staged: %s is not inside a git work tree with a readable index", root);
			*err = dl_strbuf_detach(&sb, NULL);
			dl_strbuf_release(&prefix);
			git_repository_free(w.git);
			dl_repo_release(out);
			git_libgit2_shutdown();
			return rc;
		}
		out->staged = 1;
		list_staged(&w);
	} else {
		if (out->in_git && hook && hook->tracked)
			call_hook(&w, hook);
		walk_dir(&w, -1, NULL, root, "", 0, 0);
	}
	if (w.files_skipped)
		dl_repo_note_limit(out, "", "DL_MAX_FILES",
				   "%zu files not scanned: the scan keeps the first %u",
				   w.files_skipped, DL_MAX_FILES);
	if (out->nr > 1)
		qsort(out->files, out->nr, sizeof(*out->files), file_cmp);
	if (out->dirs_nr > 1)
		qsort(out->dirs, out->dirs_nr, sizeof(*out->dirs), str_cmp);
	if (!staged && out->in_git)
		add_sparse(&w);
	if (!staged)
		mark_local_dotenv(&w);
	for (i = 0; i < w.tracked_nr; i++)
		free(w.tracked[i].path);
	free(w.tracked);
	if (staged) {
		out->git = w.git; /* kept open to read blobs; freed on release */
	} else {
		git_repository_free(w.git);
		git_libgit2_shutdown();
	}
	dl_strbuf_release(&prefix);
	if (w.root_errno || out->fatal) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		if (w.root_errno)
			dl_strbuf_addf(&sb, "cannot read %s: %s: nothing was checked", root,
				       strerror(w.root_errno));
		else
			dl_strbuf_addf(&sb, "%s: the scan ran out of resources, so its result would be wrong: %s",
				       root, out->problems.buf);
		while (sb.len && sb.buf[sb.len - 1] == '\n')
			sb.buf[--sb.len] = '\0';
		*err = dl_strbuf_detach(&sb, NULL);
		dl_repo_release(out);
		return -2;
	}
	return 0;
}

int
dl_repo_scan(struct dl_repo *out, const char *root, char **err)
{
	return scan(out, root, 0, NULL, err);
}

int
dl_repo_scan_hooked(struct dl_repo *out, const char *root, const struct dl_scan_hook *hook,
		    char **err)
{
	return scan(out, root, 0, hook, err);
}

int
dl_repo_scan_staged(struct dl_repo *out, const char *root, char **err)
{
	return scan(out, root, 1, NULL, err);
}

void
dl_repo_release(struct dl_repo *repo)
{
	size_t i;
	for (i = 0; i < repo->nr; i++) {
		free(repo->files[i].path);
		free(repo->files[i].data);
	}
	free(repo->files);
	for (i = 0; i < repo->dirs_nr; i++)
		free(repo->dirs[i]);
	free(repo->dirs);
	free(repo->root);
	free(repo->git_problem);
	free(repo->git_prefix);
	dl_strbuf_release(&repo->notes);
	dl_strbuf_release(&repo->problems);
	for (i = 0; i < repo->limits_nr; i++) {
		free(repo->limits[i].path);
		free(repo->limits[i].what);
	}
	free(repo->limits);
	if (repo->git) {
		git_repository_free(repo->git);
		git_libgit2_shutdown();
	}
	free(repo->folded);
	memset(repo, 0, sizeof(*repo));
}

struct dl_file *
dl_repo_find(const struct dl_repo *repo, const char *path)
{
	struct dl_file key;

	memset(&key, 0, sizeof(key));
	key.path = (char *)(uintptr_t)path;
	if (!repo->nr)
		return NULL;
	return bsearch(&key, repo->files, repo->nr, sizeof(key), file_cmp);
}

size_t
dl_repo_prefix_start(const struct dl_repo *repo, const char *prefix)
{
	size_t lo = 0, hi = repo->nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(repo->files[mid].path, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
dl_repo_has_dir(const struct dl_repo *repo, const char *path)
{
	if (!repo->dirs_nr)
		return 0;
	return bsearch(&path, repo->dirs, repo->dirs_nr, sizeof(char *),
		       str_cmp) != NULL;
}

/* FNV-1a of path's bytes with ASCII letters lower-cased, continued from
 * h (start with FOLD_SEED). */
#define FOLD_SEED 14695981039346656037u
static uint64_t
fold_hash(uint64_t h, const char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)dl_tolower((unsigned char)p[i]);
		h *= 1099511628211u;
	}
	return h;
}

/* Whether p equals path, or begins with path and '/', without ASCII
 * case. */
static int
nocase_match(const char *p, const char *path, size_t n)
{
	size_t k = 0;
	while (k < n && p[k] && dl_tolower((unsigned char)p[k]) == dl_tolower((unsigned char)path[k]))
		k++;
	return k == n && (!p[n] || p[n] == '/');
}

/* The bit of hash h in repo->folded. */
#define FOLD_BIT(repo, h) ((h) & ((repo)->folded_bits - 1))
#define FOLD_SET(repo, h) ((repo)->folded[FOLD_BIT(repo, h) / 64] |= (uint64_t)1 << (FOLD_BIT(repo, h) % 64))
#define FOLD_HAS(repo, h) (((repo)->folded[FOLD_BIT(repo, h) / 64] >> (FOLD_BIT(repo, h) % 64)) & 1)

const struct dl_file *
dl_repo_find_nocase(struct dl_repo *repo, const char *path)
{
	size_t n = strlen(path), i;
	uint64_t h;

	if (!repo->folded) {
		/* a bit for the folded hash of every file's path and of each
		 * folder above it (about 64 bits per file: a few per cent
		 * of lookups pass by collision and are settled on the paths);
		 * sorted paths share their folders with the file before, so
		 * only a new folder adds its prefixes */
		const char *prev = "";
		size_t prev_dir = 0;
		repo->folded_bits = 4096;
		while (repo->folded_bits / 64 < repo->nr && repo->folded_bits < ((size_t)1 << 30))
			repo->folded_bits <<= 1;
		repo->folded = dl_xcalloc(repo->folded_bits / 64, sizeof(*repo->folded));
		for (i = 0; i < repo->nr; i++) {
			const char *p = repo->files[i].path;
			const char *slash = strrchr(p, '/');
			size_t dir = slash ? (size_t)(slash - p) : 0, k, from = 0;
			if (dir && (dir != prev_dir || memcmp(p, prev, dir))) {
				h = FOLD_SEED;
				for (k = 1; k <= dir; k++)
					if (k == dir || p[k] == '/') {
						h = fold_hash(h, p + from, k - from);
						from = k;
						FOLD_SET(repo, h); /* the folder p[0, k) */
					}
			}
			h = fold_hash(FOLD_SEED, p, strlen(p));
			FOLD_SET(repo, h);
			prev = p;
			prev_dir = dir;
		}
	}
	if (!n)
		return NULL;
	h = fold_hash(FOLD_SEED, path, n);
	if (!FOLD_HAS(repo, h))
		return NULL;
	/* the bit may be another path's: the paths say */
	for (i = 0; i < repo->nr; i++)
		if (nocase_match(repo->files[i].path, path, n))
			return &repo->files[i];
	return NULL;
}

int
dl_repo_has_nocase(struct dl_repo *repo, const char *path)
{
	return dl_repo_find_nocase(repo, path) != NULL;
}

void
dl_repo_unload(struct dl_file *f)
{
	if (!f->data)
		return;
	free(f->data);
	f->data = NULL;
	f->len = 0;
	f->loaded = 0;
}

int
dl_file_pip_decoded(const struct dl_file *f)
{
	const char *base = dl_path_basename(f->path);
	size_t n = strlen(base);
	return f->kind == DL_KIND_REQUIREMENTS || (n > 4 && !strcmp(base + n - 4, ".txt")) ||
	       (n > 3 && !strcmp(base + n - 3, ".in"));
}

/* Decodes f's loaded bytes (in `raw`) when pip would decode them from a
 * UTF-16 or UTF-32 byte-order mark: 1 when f->data now holds UTF-8, 0
 * when the bytes are read as they are. */
static int
pip_decode(struct dl_file *f, const char *raw, size_t len)
{
	enum dl_text_encoding enc;
	struct dl_strbuf out = DL_STRBUF_INIT;
	struct dl_text_decode_error err;

	if (!dl_file_pip_decoded(f) || (enc = dl_text_pip_encoding(raw, len)) == DL_ENC_BYTES)
		return 0;
	if (dl_text_pip_decode(&out, raw, len, enc, &err) < 0) {
		f->decode_message = err.message;
		f->decode_line = err.line;
		f->decode_col = err.col;
	}
	f->encoding = (unsigned char)enc;
	f->data = dl_strbuf_detach(&out, &f->len);
	return 1;
}

int
dl_file_lintable(const struct dl_file *f)
{
	if ((f->flags & DL_FILE_IGNORED) && !(f->flags & DL_FILE_LOCAL_DOTENV))
		return 0;
	return !(f->flags & (DL_FILE_TOO_BIG | DL_FILE_BINARY | DL_FILE_UNREADABLE |
			     DL_FILE_SPARSE));
}

/* Opens repo->git for attribute look-ups and sets repo->git_prefix. */
static int
attr_open(struct dl_repo *repo)
{
	char rootreal[PATH_MAX], wdreal[PATH_MAX];
	const char *wd;
	size_t n;

	if (!repo->in_git || !repo->root)
		return -1;
	if (!repo->git) {
		git_repository *git = NULL;
		git_libgit2_init();
		if (git_repository_open_ext(&git, repo->root, 0, NULL) < 0) {
			git_libgit2_shutdown();
			return -1;
		}
		repo->git = git; /* freed, and libgit2 shut down, on release */
	}
	if (repo->git_prefix)
		return 0;
	wd = git_repository_workdir(repo->git);
	if (!wd || !realpath(repo->root, rootreal) || !realpath(wd, wdreal))
		return -1;
	n = strlen(wdreal);
	if (strncmp(rootreal, wdreal, n) != 0 || (rootreal[n] != '\0' && rootreal[n] != '/'))
		return -1;
	if (rootreal[n] == '/') {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_addf(&sb, "%s/", rootreal + n + 1);
		repo->git_prefix = dl_strbuf_detach(&sb, NULL);
	} else {
		repo->git_prefix = dl_xstrdup("");
	}
	return 0;
}

int
dl_repo_attr_value(struct dl_repo *repo, const char *path, const char *name,
		   const char **value)
{
	struct dl_strbuf full = DL_STRBUF_INIT;
	git_attr_options opts;
	const char *v = NULL;
	int rc;

	*value = NULL;
	memset(&opts, 0, sizeof(opts));
	opts.version = GIT_ATTR_OPTIONS_VERSION;
	if (attr_open(repo) < 0)
		return -1;
	dl_strbuf_addf(&full, "%s%s", repo->git_prefix, path);
	opts.flags = (repo->staged ? GIT_ATTR_CHECK_INDEX_ONLY : GIT_ATTR_CHECK_FILE_THEN_INDEX) |
		     GIT_ATTR_CHECK_NO_SYSTEM;
	rc = git_attr_get_ext(&v, repo->git, &opts, full.buf, name);
	dl_strbuf_release(&full);
	if (rc < 0)
		return -1;
	switch (git_attr_value(v)) {
	case GIT_ATTR_VALUE_UNSPECIFIED:
		return 0;
	case GIT_ATTR_VALUE_TRUE:
		*value = "true";
		return 1;
	case GIT_ATTR_VALUE_FALSE:
		*value = "false";
		return 1;
	case GIT_ATTR_VALUE_STRING:
		*value = v;
		return 1;
	}
	return 0;
}

/* Reads a staged file's contents from its index blob. */
static int
load_blob(struct dl_repo *repo, struct dl_file *f)
{
	git_blob *blob = NULL;
	git_oid oid;
	const char *data;
	size_t len;

	memcpy(oid.id, f->oid, 20);
	if (git_blob_lookup(&blob, repo->git, &oid) < 0) {
		const git_error *e = git_error_last();
		f->flags |= DL_FILE_UNREADABLE;
		dl_strbuf_addf(&repo->problems, "cannot read %s: staged blob unreadable (%s)\n",
			       f->path, e && e->message ? e->message : "?");
		return -1;
	}
	data = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	if (len > DL_MAX_FILE_SIZE) {
		f->flags |= DL_FILE_TOO_BIG;
		note_too_big(repo, f->path);
		git_blob_free(blob);
		return -1;
	}
	if (pip_decode(f, data, len)) {
		git_blob_free(blob);
		return 0;
	}
	if (memchr(data, '\0', len < DL_BINARY_SNIFF_BYTES ? len : DL_BINARY_SNIFF_BYTES)) {
		f->flags |= DL_FILE_BINARY;
		git_blob_free(blob);
		return -1;
	}
	f->data = dl_xstrndup(data, len);
	f->len = len;
	git_blob_free(blob);
	return 0;
}

enum dl_read_status
dl_read_file(const char *path, size_t size_hint, struct dl_strbuf *buf, int *err)
{
	int fd;
	struct stat st;

	dl_strbuf_reset(buf);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return DL_READ_UNREADABLE;
	}
	{
		/* a device or FIFO is no file to lint (the walk lists regular
		 * files only; a read from the index's list meets anything) */
		int bad = 0;
		if (fstat(fd, &st) < 0)
			bad = errno;
		else if (!S_ISREG(st.st_mode))
			bad = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		if (bad) {
			*err = bad;
			close(fd);
			return DL_READ_UNREADABLE;
		}
	}
	/* the size fstat gave (else the walk's): the loop copes if it
	 * changes while read */
	if (st.st_size > 0 && (uintmax_t)st.st_size <= DL_MAX_FILE_SIZE)
		size_hint = (size_t)st.st_size;
	if (size_hint > 0 && size_hint <= DL_MAX_FILE_SIZE)
		dl_strbuf_grow(buf, size_hint + 1);
	for (;;) {
		ssize_t n;
		size_t want;
		if (buf->alloc - buf->len < 2)
			dl_strbuf_grow(buf, 65536);
		want = buf->alloc - buf->len - 1;
		n = read(fd, buf->buf + buf->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			close(fd);
			return DL_READ_UNREADABLE;
		}
		if (n == 0)
			break;
		buf->len += (size_t)n;
		buf->buf[buf->len] = '\0';
		if (buf->len > DL_MAX_FILE_SIZE) {
			close(fd);
			return DL_READ_TOO_BIG;
		}
		/* a short read that reaches the size fstat gave is the end of
		 * the file: no second read() to be told so */
		if ((size_t)n < want && st.st_size > 0 && buf->len == (size_t)st.st_size)
			break;
	}
	close(fd);
	if (memchr(buf->buf, '\0', buf->len < DL_BINARY_SNIFF_BYTES ? buf->len : DL_BINARY_SNIFF_BYTES))
		return DL_READ_BINARY;
	return DL_READ_OK;
}

int
dl_repo_adopt(struct dl_file *f, struct dl_strbuf *buf)
{
	if (f->loaded || (f->flags & DL_FILE_TOO_BIG))
		return -1;
	f->loaded = 1;
	if (pip_decode(f, buf->buf, buf->len)) {
		dl_strbuf_reset(buf);
		return 0;
	}
	f->data = dl_strbuf_detach(buf, &f->len);
	return 0;
}

int
dl_repo_load(struct dl_repo *repo, struct dl_file *f)
{
	struct dl_strbuf path = DL_STRBUF_INIT, data = DL_STRBUF_INIT;
	int err = 0;
	enum dl_read_status st;

	if (f->loaded)
		return f->data ? 0 : -1;
	f->loaded = 1;
	if (f->flags & DL_FILE_TOO_BIG)
		return -1;
	if (repo->staged)
		return load_blob(repo, f);
	dl_strbuf_puts(&path, repo->root);
	dl_strbuf_putc(&path, '/');
	dl_strbuf_puts(&path, f->path);
	st = dl_read_file(path.buf, f->size, &data, &err);
	dl_strbuf_release(&path);
	if ((st == DL_READ_OK || st == DL_READ_BINARY) && pip_decode(f, data.buf, data.len)) {
		dl_strbuf_release(&data);
		return 0;
	}
	switch (st) {
	case DL_READ_OK:
		f->data = dl_strbuf_detach(&data, &f->len);
		return 0;
	case DL_READ_UNREADABLE:
		f->flags |= DL_FILE_UNREADABLE;
		dl_repo_note_unreadable(repo, f->path, err, 0);
		break;
	case DL_READ_TOO_BIG:
		f->flags |= DL_FILE_TOO_BIG;
		note_too_big(repo, f->path);
		break;
	default:
		f->flags |= DL_FILE_BINARY;
		break;
	}
	dl_strbuf_release(&data);
	return -1;
}
