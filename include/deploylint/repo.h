/*
 * deploylint: the scanned repository. dl_repo_scan() walks the root (sorted,
 * no symlinks followed), asks git (through libgit2, when the root is inside
 * a work tree) which files are tracked, untracked or ignored, classifies
 * every path and loads file contents on demand.
 */
#ifndef DEPLOYLINT_REPO_H
#define DEPLOYLINT_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "deploylint/kind.h"
#include "deploylint/util.h"

enum dl_file_flags {
	DL_FILE_TRACKED = 1 << 0,    /* in the git index */
	DL_FILE_IGNORED = 1 << 1,    /* untracked and ignored by git */
	DL_FILE_TOO_BIG = 1 << 2,    /* larger than DL_MAX_FILE_SIZE */
	DL_FILE_BINARY = 1 << 3,     /* NUL in the first DL_BINARY_SNIFF_BYTES */
	DL_FILE_UNREADABLE = 1 << 4, /* open or read failed */
	DL_FILE_SPARSE = 1 << 5,     /* in the index with skip-worktree (a
				      * sparse checkout): present in the
				      * repository, absent from the disk,
				      * never read */
	/* A .env or .env.* file (DL_KIND_DOTENV) git ignores, outside
	 * vendored trees (site-packages/, dist-packages/, node_modules/, a
	 * folder holding pyvenv.cfg): the developer's local settings, what
	 * they paste into Render's dashboard. Set with DL_FILE_IGNORED; unlike
	 * other ignored files it is linted (ENV, DB rules), but the secret
	 * scan never reads it (an ignored file is not a leak). */
	DL_FILE_LOCAL_DOTENV = 1 << 6
};

struct dl_file {
	char *path; /* '/'-separated, relative to the scanned root */
	enum dl_kind kind;
	unsigned flags;        /* enum dl_file_flags */
	unsigned git_mode;     /* index mode (0100644, 0100755, ...) or 0 */
	size_t size;           /* bytes: from lstat, or for a regular file git
				* tracks, the index (its size when last
				* refreshed: a hint, the read finds the end) */
	unsigned char oid[20]; /* the index blob id (staged scans), SHA-1 */
	char *data;            /* contents once loaded (NUL-terminated), or NULL */
	size_t len;
	int loaded;
	/* A file pip reads (dl_file_pip_decoded) that starts with a UTF-16 or
	 * UTF-32 byte-order mark is loaded decoded as pip decodes it
	 * (deploylint/textenc.h): data holds UTF-8 without the mark, encoding
	 * (enum dl_text_encoding) says from what, and decode_message (static
	 * text, or NULL) says why pip's strict decoder fails, at decode_line
	 * and decode_col of the decoded text. */
	unsigned char encoding;
	const char *decode_message;
	unsigned decode_line, decode_col;
};

/* A limit of limits.h the scan reached (reported as PARSE002 by the run). */
struct dl_repo_limit {
	char *path;        /* relative to the root; "" for the whole scan */
	const char *limit; /* the constant's name, static */
	char *what;        /* what was not checked (malloc'd) */
};

struct dl_repo {
	char *root; /* the scanned directory as given (not printed) */
	int in_git; /* 1 when the root is inside a git work tree
		     * whose index libgit2 reads */
	/* The root is inside a git work tree, but libgit2 cannot read its
	 * index (split index, sparse index, unreadable .git/index): in_git
	 * is 0, so the rules that need the index do not run, but git's
	 * ignore rules still flag ignored files (never linted or fixed).
	 * git_problem says what failed (malloc'd). */
	int index_unreadable;
	/* The root is inside something libgit2 cannot open as a repository
	 * (an unreadable .git): neither the index nor the ignore rules are
	 * known. */
	int git_unreadable;
	char *git_problem;
	struct dl_file *files; /* sorted by path (byte order) */
	size_t nr, alloc;
	/* Directories seen by the walk, sorted, relative; "" is the root. */
	char **dirs;
	size_t dirs_nr, dirs_alloc;
	/* Lines describing skipped files and git problems, for --verbose. */
	struct dl_strbuf notes;
	/* Lines naming folders and files that could not be read, and git
	 * problems that change the result: printed without --verbose. */
	struct dl_strbuf problems;
	/* Set when the result cannot be trusted (out of file descriptors or
	 * memory while reading): the run exits 3. */
	int fatal;
	/* Limits reached while scanning and loading. */
	struct dl_repo_limit *limits;
	size_t limits_nr, limits_alloc;
	int staged;       /* contents come from the git index, not the tree */
	void *git;        /* the open repository (staged scans, or opened by
			   * dl_repo_attr_value()), opaque */
	char *git_prefix; /* root relative to the work tree ("" or "a/b/"),
			   * set with git by dl_repo_attr_value() */
	/* a bit per hash of the ASCII-lower-cased path of every file and
	 * of the folders holding them (a Bloom filter with one hash, of
	 * folded_bits bits, a power of two); built by the first
	 * dl_repo_find_nocase() */
	uint64_t *folded;
	size_t folded_bits;
};

/*
 * Scans `root`. Files git ignores are still listed (flag DL_FILE_IGNORED)
 * when they lie under a directory that is not itself ignored, so that
 * rules can tell "present but not tracked"; linting skips them, except
 * ignored .env files (DL_FILE_LOCAL_DOTENV). Ignored directories are not
 * entered (unless the index lists files in them), so finding ignored .env
 * files costs no walk of node_modules/ or a virtualenv. Each .env file
 * linted as local settings (an ignored one; outside git, every .env but
 * an example) gets a line in repo->notes saying that the SEC rules do
 * not read it.
 * Returns 0; -1 with a message in *err (malloc'd) when root is not a
 * directory; -2 with a message in *err when it is one that cannot be read
 * (permissions, out of file descriptors): the run exits 3 rather than
 * call an unread tree clean. A broken git repository is not an error: the
 * walk falls back to a plain one and records a problem.
 */
int dl_repo_scan(struct dl_repo *out, const char *root, char **err);

/* A regular file the git index lists below the scanned root. */
struct dl_tracked_file {
	const char *path; /* relative to the root; no empty, ".", ".." or
			   * ".git" segment */
	size_t size;      /* bytes, as the index recorded them */
};

/* What a caller may do while the walk runs. */
struct dl_scan_hook {
	/*
	 * Called once, on the scanning thread, after the index is read and
	 * before the walk starts: the tracked regular files (sorted by path
	 * in byte order; the array and its strings live until the call
	 * returns). Not called for a plain walk outside git. The walk may
	 * still find a listed file missing, changed into a link or folder,
	 * or over a limit: what the caller reads from the list is only
	 * worth keeping for files the finished scan lists as tracked.
	 */
	void (*tracked)(void *payload, const struct dl_tracked_file *files, size_t n);
	void *payload;
};

/* dl_repo_scan() with a hook (NULL: none). */
int dl_repo_scan_hooked(struct dl_repo *out, const char *root,
			const struct dl_scan_hook *hook, char **err);
/*
 * As dl_repo_scan(), but lists what the next commit holds: every file of
 * the git index below root, whose contents dl_repo_load() reads from the
 * index blobs (through libgit2), not from the work tree; a file edited after
 * `git add` is seen as staged. Untracked files are not listed. Returns -1
 * with *err when root is not inside a git work tree or the index cannot be
 * read.
 */
int dl_repo_scan_staged(struct dl_repo *out, const char *root, char **err);
void dl_repo_release(struct dl_repo *repo);

/*
 * Records that `path` (a folder when is_dir) could not be read, with
 * errno `err`: a line in repo->problems, and repo->fatal for EMFILE,
 * ENFILE and ENOMEM (the process, not the file, is at fault). Thread-safe
 * only on the scanning thread.
 */
void dl_repo_note_unreadable(struct dl_repo *repo, const char *path, int err, int is_dir);
/* Records that the scan reached limit `limit` (a limits.h name, static
 * string) at `path`; fmt says what was not checked. */
void dl_repo_note_limit(struct dl_repo *repo, const char *path, const char *limit,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Binary search by exact path; NULL when absent. */
struct dl_file *dl_repo_find(const struct dl_repo *repo, const char *path);
/* The index in repo->files of the first file whose path is not below
 * `prefix` in byte order (repo->nr when none): the files whose path begins
 * with prefix follow it, one after another (the list is sorted). */
size_t dl_repo_prefix_start(const struct dl_repo *repo, const char *prefix);
/* Whether the walk saw directory `path` ("" = root). */
int dl_repo_has_dir(const struct dl_repo *repo, const char *path);
/*
 * Whether a listed file, or a folder holding one, has `path` as its path
 * when ASCII letters are compared without case ("App/Main.py" finds
 * "app/main.py"; an exact match counts too). The first call sets a bit
 * for the hash of each lower-cased path (one pass over repo->files, kept
 * in the repo until dl_repo_release); a call is then one bit test, and a
 * pass over the paths only when the bit is set (to rule out a collision).
 * Not thread-safe: rules call it from the main thread.
 */
int dl_repo_has_nocase(struct dl_repo *repo, const char *path);
/* The first file (in path order) whose path equals `path`, or begins with
 * `path` and '/', when ASCII letters are compared without case; NULL when
 * none. The same filter as dl_repo_has_nocase() spares the pass over the
 * paths when no path can match. */
const struct dl_file *dl_repo_find_nocase(struct dl_repo *repo, const char *path);
/* What reading one file gave (dl_read_file; the read pass keeps one per
 * file). */
enum dl_read_status {
	DL_READ_NONE = 0, /* not read */
	DL_READ_OK,
	DL_READ_BINARY,     /* NUL in the first DL_BINARY_SNIFF_BYTES */
	DL_READ_UNREADABLE, /* open or read failed (errno kept) */
	DL_READ_TOO_BIG,    /* over DL_MAX_FILE_SIZE */
	DL_READ_SKIPPED     /* dl_repo_load() refused it (staged scans) */
};

/*
 * Reads the file at `path` into buf (reset first; NUL-terminated) without
 * following a symbolic link, stopping past DL_MAX_FILE_SIZE bytes.
 * size_hint (bytes, 0 when unknown) sizes the first allocation. Returns
 * DL_READ_OK, DL_READ_BINARY (a NUL in the first DL_BINARY_SNIFF_BYTES),
 * DL_READ_TOO_BIG, or DL_READ_UNREADABLE with *err set to errno (EISDIR
 * for a folder, EINVAL for anything else that is not a regular file).
 * Thread-safe; buf keeps its allocation for the next call.
 */
enum dl_read_status dl_read_file(const char *path, size_t size_hint, struct dl_strbuf *buf,
				 int *err);

/*
 * Loads f's contents (once). Returns 0 with f->data/f->len set, or -1 when
 * the file is too big, binary or unreadable (flags say which).
 */
int dl_repo_load(struct dl_repo *repo, struct dl_file *f);
/*
 * Gives f, not loaded yet, the bytes dl_read_file() read for it from the
 * working tree with DL_READ_OK (the read pass keeps those of the files the
 * models load), exactly as dl_repo_load() would take them (a pip file with
 * a UTF-16/32 mark is decoded), so that dl_repo_load() reads nothing
 * again. Takes buf's contents (buf is left empty and reusable). Returns 0,
 * or -1 without touching f or buf when f is already loaded or flagged too
 * big. Not for staged scans (their bytes come from the index).
 */
int dl_repo_adopt(struct dl_file *f, struct dl_strbuf *buf);
/* Frees f's contents after a family is done with them; a later
 * dl_repo_load() reads the file again. Keeps the run's memory bounded on
 * large repositories. */
void dl_repo_unload(struct dl_file *f);
/*
 * The value of git attribute `name` for `path` (relative to the root), as
 * git reads .gitattributes: libgit2's git_attr_get(), so every pattern
 * form (`*`, `**`, patterns naming a folder, character classes),
 * macros (`binary` is -diff -merge -text), later lines overriding earlier
 * ones and deeper files overriding shallower ones, and
 * .git/info/attributes and core.attributesFile, behave as in git. The
 * system-wide attributes file is not read (GIT_ATTR_CHECK_NO_SYSTEM), so
 * the result does not depend on the machine. A working-tree scan reads the
 * working tree's .gitattributes first, then the index's
 * (GIT_ATTR_CHECK_FILE_THEN_INDEX); a staged scan the index's only.
 *
 * Returns 1 and sets *value to "true", "false" (-name), or the string of
 * name=string (valid until the repository is released or the next call);
 * 0 when the attribute is unspecified; -1 outside a git work tree or when
 * libgit2 fails (then nothing is known). Opens the repository on first
 * use for a working-tree scan; not thread-safe (one caller at a time).
 */
int dl_repo_attr_value(struct dl_repo *repo, const char *path, const char *name,
		       const char **value);
/*
 * Whether dl_repo_load decodes f as pip decodes requirements files when it
 * starts with a UTF-16 or UTF-32 byte-order mark: requirements files, and
 * other *.txt and *.in files (what -r and -c include; pip-tools inputs).
 */
int dl_file_pip_decoded(const struct dl_file *f);

/* Whether the file is linted: not ignored (but an ignored .env file,
 * DL_FILE_LOCAL_DOTENV, is), not too big, not binary, not unreadable,
 * not outside a sparse checkout's cone. */
int dl_file_lintable(const struct dl_file *f);

#endif
