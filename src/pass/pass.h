/*
 * deploylint: the read pass, the pipeline stage between the scan and the
 * rules (docs/architecture.md). It reads every lintable file once on
 * worker threads, runs the secret scan and the families' visitors over its
 * bytes, and keeps what it found per file; the rule families then report
 * from it. It knows no family: the pipeline hands it the visitors the
 * selected families declare on their rows (src/rules/checks.c).
 */
#ifndef DEPLOYLINT_PASS_PASS_H
#define DEPLOYLINT_PASS_PASS_H

#include <stddef.h>

#include "deploylint/config.h"
#include "deploylint/repo.h"
#include "deploylint/secrets.h"

struct dl_mask;

/* Most visitors one run can have (the families' rows declare them). */
#define DL_PASS_MAX_VISITORS 8u

/*
 * Work a family does on a file's bytes while the read pass holds them, on
 * a worker thread: the family later takes the result (dl_pass_visit)
 * instead of reading the file again. Declared on the family's row.
 */
struct dl_visitor {
	const char *name;
	/* The rule-id prefix of the rules whose checks take its results
	 * (NULL: every rule of the family that declares it): the visitor runs
	 * only when one of them is selected. */
	const char *rules;
	/* Whether this run needs the visitor at all (main thread, once, after
	 * the walk). */
	int (*active)(const struct dl_repo *repo);
	/* Whether file f is visited. Thread-safe: reads f only. */
	int (*wants)(const struct dl_file *f);
	/* A file is visited only when its dl_secret_hits.features holds one
	 * of these DL_FEAT_* bits (0: whatever its bytes hold). */
	unsigned features;
	/* Runs on a worker thread with the file's bytes data[0 .. len)
	 * (NUL-terminated) and its features; touches no shared state. Returns
	 * a result the pass owns and frees with release(), or NULL. */
	void *(*visit)(const struct dl_file *f, const char *data, size_t len,
		       unsigned features);
	void (*release)(void *result);
};

/* One file's results; the pass keeps one per repo->files entry. */
struct dl_pass_file {
	enum dl_read_status status;
	int err;                    /* errno when DL_READ_UNREADABLE */
	int scanned;                /* the secret scan ran on it */
	struct dl_secret_hits hits; /* credentials and DL_FEAT_* features */
	/* a format the scan stopped running on this file (pcre2 gave up on
	 * it DL_MAX_SECRET_GIVEUPS times), or NULL */
	const struct dl_secret_format *gave_up;
	char **contexts; /* one masked context line per hit
			  * (malloc'd; taken by the SEC family) */
	/* the visitors' results, indexed like the run's visitor list, or NULL */
	void *visits[DL_PASS_MAX_VISITORS];
	/* bit k: visitor k ran on the file's bytes (whatever it returned) */
	unsigned visited;
	/* the bytes of a file the models load (a config file, a revision),
	 * read from the working tree; dl_pass_run() hands them to the file
	 * (dl_repo_adopt) so that no family reads it twice. buf NULL: none */
	struct dl_strbuf kept;
};

/* What the pass does for the selected families: their declared visitors,
 * in family order, each once, and whether one of them uses the secret
 * scan (its credentials or its DL_FEAT_* words). Without it every
 * lintable file is still read (and flagged when unusable), but not
 * scanned. */
struct dl_pass_work {
	const struct dl_visitor *v[DL_PASS_MAX_VISITORS];
	size_t nr;
	int secrets;
};

struct dl_pass {
	struct dl_repo *repo;
	const struct dl_secrets *secrets; /* the catalogue of this run */
	struct dl_secrets *owned;         /* it, when not the built-in one */
	struct dl_pass_file *files;       /* indexed like repo->files */
	struct dl_pass_work work;         /* as given to dl_pass_run */
};

struct dl_prepass;

/*
 * The pass over `repo` (scanned; its files sorted) with configuration cfg
 * and the work vs (copied): reads every lintable file once on worker
 * threads (files already loaded are not read again; staged blobs come
 * through the index on one thread), runs the secret scan (when vs->secrets)
 * and the active visitors on its bytes, and sets DL_FILE_BINARY / DL_FILE_UNREADABLE /
 * DL_FILE_TOO_BIG on the files it could not use (with a --verbose note for
 * the last two, as dl_repo_load() does) so that no family reads them
 * again. With a pre-read (pp, or NULL), takes its catalogue and the result
 * of every lintable file the walk found tracked, and drops the visits of
 * visitors that are not active. Files are not kept in memory: each worker
 * reuses one buffer. Free the result with dl_pass_free().
 */
struct dl_pass *dl_pass_run(struct dl_repo *repo, const struct dl_config *cfg,
			    struct dl_prepass *pp, const struct dl_pass_work *vs);

/* Frees a pass and hands its catalogue, when it is not the built-in one,
 * to `mask` (the report's: the user's patterns mask every output of the
 * run), or frees it when mask is NULL. pass NULL is allowed. */
void dl_pass_free(struct dl_pass *pass, struct dl_mask *mask);

/* The results for f (a file of pass->repo), or NULL (no pass). */
struct dl_pass_file *dl_pass_file_of(const struct dl_pass *pass, const struct dl_file *f);

/* The DL_FEAT_* words in f's bytes, as the pass saw them; DL_FEAT_ALL when
 * the pass did not scan f (a family must then look at the bytes itself). */
unsigned dl_pass_features(const struct dl_pass *pass, const struct dl_file *f);

/* The files visitor v ran on in this pass (0 when v is not in the run):
 * how many a visitor's `features` and `wants` let through. */
size_t dl_pass_visited(const struct dl_pass *pass, const struct dl_visitor *v);

/* Visitor v's result for f, or NULL (v not in this run, f not visited, or
 * nothing found). */
void *dl_pass_visit(const struct dl_pass *pass, const struct dl_visitor *v,
		    const struct dl_file *f);

/*
 * The pre-read: the read pass started before the walk ends.
 * dl_prepass_start() starts its first worker, which builds the run's secret
 * catalogue (dl_pass_catalogue with cfg; cfg and root must outlive the
 * pre-read) and then waits for files; vs (copied) is what the selected
 * families need of the pass. dl_prepass_tracked() is a dl_scan_hook's
 * `tracked` (payload: the pre-read): it hands over the index's files,
 * which the worker reads and scans, running every visitor that wants the
 * file, while the walk goes on; the files the models load (the deploy
 * and config kinds, Dockerfiles, locks, Alembic revisions) first.
 * dl_prepass_models(), on the main thread after the walk, helps with
 * those and returns once all of them are read, the workers reading on:
 * the models can then be built (after dl_prepass_adopt) while the rest is
 * scanned. dl_prepass_finish(), on the main thread, helps with what is left
 * and waits for the workers (it returns at once when it ran before); call
 * it, hook or no hook (then it only waits for the catalogue), before
 * dl_pass_run(). Give the pre-read to dl_pass_run() with the same work,
 * and free it with dl_prepass_free() after dl_pass_free() (it finishes the
 * pre-read first when that was not done).
 */
struct dl_prepass *dl_prepass_start(const char *root, const struct dl_config *cfg,
				    const struct dl_pass_work *vs);
void dl_prepass_tracked(void *payload, const struct dl_tracked_file *files, size_t n);
void dl_prepass_models(struct dl_prepass *pp);
void dl_prepass_finish(struct dl_prepass *pp);
/*
 * After dl_prepass_models() (or dl_prepass_finish()), on the main thread,
 * before the models load anything: hands each tracked, lintable file of
 * repo (the finished walk) that the models load the bytes the pre-read
 * kept for it (dl_pass_file.kept, dl_repo_adopt), so that the models do
 * not read it again. Touches no other file's result (the workers may
 * still be writing those). pp NULL is allowed.
 */
void dl_prepass_adopt(struct dl_prepass *pp, struct dl_repo *repo);
void dl_prepass_free(struct dl_prepass *pp);

/*
 * The secret catalogue of a run with configuration cfg: the built-in one,
 * or the built-in data plus the configuration's secret-patterns and
 * placeholder-words (dl_secrets_with_user, src/secrets/user.c). *owned is
 * set when the caller must free the result with dl_secrets_free().
 * Problems with the configured patterns are appended to `notes` (--verbose
 * lines). Safe on any thread.
 */
const struct dl_secrets *dl_pass_catalogue(const struct dl_config *cfg, struct dl_strbuf *notes,
					   struct dl_secrets **owned);

#endif
