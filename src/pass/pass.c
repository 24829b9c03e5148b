/*
 * deploylint: the read pass (src/pass/pass.h), the pipeline stage between
 * the scan and the rules. Worker threads read each lintable file once, run
 * the secret scan and the visitors the selected families declare over its
 * bytes, and keep what they found per file; the families then report from
 * it in order.
 *
 * In a git work tree the reading starts before the walk ends (the
 * pre-read): the files the index lists are read and scanned on a worker
 * thread while the main thread walks the folders, and the pass then takes
 * the result of every file the walk confirms as tracked, reading only the
 * others.
 */
#include "pass/pass.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/mask.h"
#include "deploylint/thread.h"
#include "deploylint/util.h"

/* Files to read, and where their results go. */
struct job {
	const struct dl_secrets *secrets;
	const char *root;
	struct dl_repo *repo;    /* staged scans read blobs through it; else NULL */
	struct dl_file *fv;      /* the files ... */
	struct dl_pass_file *rv; /* ... and their results, by the same index */
	size_t *files;           /* indexes into fv to read */
	size_t nr;
	unsigned char *scan; /* per fv entry: scan secrets (NULL: every file) */
	struct dl_pass_work work;
	int active[DL_PASS_MAX_VISITORS];
	atomic_size_t next;
	/* the pre-read: files[0, first_nr) are those the models load, and
	 * first_done counts those read; the one that makes it first_nr
	 * wakes *cv (under *mu). The pass: 0 and NULL. */
	size_t first_nr;
	atomic_size_t first_done;
	pthread_mutex_t *mu;
	pthread_cond_t *cv;
};

/* Files per grab from the shared counter. */
#define CHUNK 8

/* The secret scan and the visitors over one file's bytes. */
static void
use_bytes(struct job *job, struct dl_secret_scratch *scratch, size_t fi,
	  const char *data, size_t len)
{
	const struct dl_file *f = &job->fv[fi];
	struct dl_pass_file *r = &job->rv[fi];
	unsigned features = DL_FEAT_ALL;
	size_t i;

	r->status = DL_READ_OK;
	if (job->work.secrets && (!job->scan || job->scan[fi])) {
		const struct dl_secrets *s = job->secrets;
		dl_secrets_scan(s, scratch, f->path, data, len, &r->hits);
		r->gave_up = dl_secret_scratch_gave_up(scratch);
		r->scanned = 1;
		features = r->hits.features;
		if (r->hits.nr) {
			r->contexts = dl_xcalloc(r->hits.nr, sizeof(*r->contexts));
			for (i = 0; i < r->hits.nr; i++)
				r->contexts[i] = dl_secrets_hit_context(s, f->path, data, len,
									&r->hits.v[i]);
		}
	}
	for (i = 0; i < job->work.nr; i++) {
		const struct dl_visitor *v = job->work.v[i];
		if (job->active[i] && v->wants(f) && (!v->features || (features & v->features))) {
			r->visits[i] = v->visit(f, data, len, features);
			r->visited |= 1u << i;
		}
	}
}

/* Whether the models load f (dl_repo_load) after the pass: the deploy and
 * config kinds, Dockerfiles, Pipfiles and locks, and the Python files of a
 * `versions` folder (Alembic's revisions). The pass keeps their bytes so
 * that the main thread does not read them again. */
static int
models_load(const struct dl_file *f)
{
	static const char *const names[] = { "Dockerfile", "Pipfile", "Pipfile.lock",
					     "poetry.lock", "uv.lock" };
	const char *base;
	size_t i;

	switch (f->kind) {
	case DL_KIND_TEXT:
		base = dl_path_basename(f->path);
		for (i = 0; i < DL_ARRAY_SIZE(names); i++)
			if (!strcmp(base, names[i]))
				return 1;
		return 0;
	case DL_KIND_PYTHON:
		return !strncmp(f->path, "versions/", 9) || strstr(f->path, "/versions/") != NULL;
	default:
		return 1;
	}
}

static void
read_one(struct job *job, struct dl_secret_scratch *scratch, size_t k,
	 struct dl_strbuf *path, struct dl_strbuf *buf)
{
	size_t fi = job->files[k];
	struct dl_file *f = &job->fv[fi];
	struct dl_pass_file *r = &job->rv[fi];

	if (f->loaded && f->data) {
		/* a family loaded it already: no second read */
		use_bytes(job, scratch, fi, f->data, f->len);
	} else if (job->repo && job->repo->staged) {
		/* --staged: the index blob, read through the repository (this
		 * runs on the main thread only: see run_job) and dropped after */
		if (dl_repo_load(job->repo, f) < 0) {
			r->status = DL_READ_SKIPPED;
			return;
		}
		use_bytes(job, scratch, fi, f->data, f->len);
		dl_repo_unload(f);
	} else {
		dl_strbuf_reset(path);
		dl_strbuf_puts(path, job->root);
		dl_strbuf_putc(path, '/');
		dl_strbuf_puts(path, f->path);
		r->status = dl_read_file(path->buf, f->size, buf, &r->err);
		if (r->status == DL_READ_OK) {
			use_bytes(job, scratch, fi, buf->buf, buf->len);
			if (models_load(f)) {
				dl_strbuf_init(&r->kept, buf->len + 1);
				dl_strbuf_put(&r->kept, buf->buf, buf->len);
			}
		}
	}
}

/* Reads files of the job in CHUNKs from the shared counter until none is
 * left, or until the counter reaches `limit`. */
static void
work(struct job *job, size_t limit)
{
	struct dl_secret_scratch *scratch = dl_secret_scratch_new(job->secrets);
	struct dl_strbuf path = DL_STRBUF_INIT, buf = DL_STRBUF_INIT;

	if (!scratch)
		return;
	while (atomic_load(&job->next) < limit) {
		size_t k = atomic_fetch_add(&job->next, CHUNK), e;
		if (k >= job->nr)
			break;
		e = k + CHUNK < job->nr ? k + CHUNK : job->nr;
		for (; k < e; k++) {
			read_one(job, scratch, k, &path, &buf);
			if (k < job->first_nr &&
			    atomic_fetch_add(&job->first_done, 1) + 1 == job->first_nr && job->mu) {
				pthread_mutex_lock(job->mu);
				pthread_cond_broadcast(job->cv);
				pthread_mutex_unlock(job->mu);
			}
		}
	}
	dl_strbuf_release(&path);
	dl_strbuf_release(&buf);
	dl_secret_scratch_free(scratch);
}

static void *
worker(void *arg)
{
	work(arg, SIZE_MAX);
	return NULL;
}

/* Threads worth running for `files` files, the caller's included. */
static unsigned
thread_count(size_t files)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 0 ? (size_t)cpus : 1;
	if (n > DL_MAX_SECRET_THREADS)
		n = DL_MAX_SECRET_THREADS;
	/* small repositories: starting threads costs more than it saves */
	if (n > files / 64 + 1)
		n = files / 64 + 1;
	return (unsigned)(n ? n : 1);
}

static void
run_job(struct job *job)
{
	pthread_t threads[DL_MAX_SECRET_THREADS];
	/* staged blobs come through one libgit2 repository: one thread */
	unsigned n = job->repo && job->repo->staged ? 1 : thread_count(job->nr), started = 0, i;

	for (i = 1; i < n; i++)
		if (dl_thread_start(&threads[started], worker, job, i - 1) == 0)
			started++;
	worker(job); /* the main thread works too */
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* Frees what one result holds (its visits by the visitors vs). */
static void
result_release(struct dl_pass_file *r, const struct dl_pass_work *vs)
{
	size_t j, k;
	if (r->contexts)
		for (j = 0; j < r->hits.nr; j++)
			free(r->contexts[j]);
	free(r->contexts);
	dl_secret_hits_release(&r->hits);
	for (k = 0; k < vs->nr; k++)
		if (r->visits[k])
			vs->v[k]->release(r->visits[k]);
	if (r->kept.buf)
		dl_strbuf_release(&r->kept);
	memset(r, 0, sizeof(*r));
}

/* ---- the pre-read ---------------------------------------------------------- */

struct dl_prepass {
	const struct dl_config *cfg;
	char *root;
	/* the catalogue (job.secrets), built on the first worker */
	struct dl_secrets *owned;
	struct dl_strbuf notes;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int handed; /* the file list is set (or will never be) */
	int ready;  /* the catalogue is built */
	/* the tracked files, sorted by path, and their results */
	struct dl_file *files;
	struct dl_pass_file *results;
	size_t nr;
	struct job job;
	pthread_t first;                        /* the first worker ... */
	int first_started;                      /* ... when it runs */
	pthread_t extra[DL_MAX_SECRET_THREADS]; /* started by the first one */
	unsigned extras;
	int taken;    /* the pass took the catalogue */
	int finished; /* dl_prepass_finish ran */
};

static void
build_catalogue(struct dl_prepass *pp)
{
	const struct dl_secrets *s = dl_pass_catalogue(pp->cfg, &pp->notes, &pp->owned);
	pthread_mutex_lock(&pp->mu);
	pp->job.secrets = s;
	pp->ready = 1;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
}

/* The first worker: the catalogue (pcre2 compiles and JIT, the keyword
 * automaton: about a millisecond, while libgit2 starts), then the tracked
 * files, with more workers when the machine has the processors. */
static void *
first_worker(void *arg)
{
	struct dl_prepass *pp = arg;
	unsigned n, i;

	build_catalogue(pp);
	pthread_mutex_lock(&pp->mu);
	while (!pp->handed)
		pthread_cond_wait(&pp->cv, &pp->mu);
	pthread_mutex_unlock(&pp->mu);
	if (!pp->job.nr)
		return NULL;
	/* the main thread joins in after the walk */
	n = thread_count(pp->job.nr);
	for (i = 2; i < n; i++)
		if (dl_thread_start(&pp->extra[pp->extras], worker, &pp->job, i - 1) == 0)
			pp->extras++;
	worker(&pp->job);
	return NULL;
}

struct dl_prepass *
dl_prepass_start(const char *root, const struct dl_config *cfg, const struct dl_pass_work *vs)
{
	struct dl_prepass *pp = dl_xcalloc(1, sizeof(*pp));

	pp->cfg = cfg;
	pp->root = dl_xstrdup(root);
	dl_strbuf_init(&pp->notes, 0);
	pthread_mutex_init(&pp->mu, NULL);
	pthread_cond_init(&pp->cv, NULL);
	pp->job.root = pp->root;
	pp->job.work = *vs;
	pp->job.mu = &pp->mu;
	pp->job.cv = &pp->cv;
	atomic_init(&pp->job.next, 0);
	atomic_init(&pp->job.first_done, 0);
	pp->first_started = dl_thread_start(&pp->first, first_worker, pp, 0) == 0;
	return pp;
}

void
dl_prepass_tracked(void *payload, const struct dl_tracked_file *files, size_t n)
{
	struct dl_prepass *pp = payload;
	size_t i, k, later;

	if (n > DL_MAX_FILES)
		n = DL_MAX_FILES; /* the walk lists no more than that */
	pp->files = dl_xcalloc(n ? n : 1, sizeof(*pp->files));
	pp->results = dl_xcalloc(n ? n : 1, sizeof(*pp->results));
	pp->job.files = dl_xmalloc(dl_st_mult(n ? n : 1, sizeof(*pp->job.files)));
	for (i = 0; i < n; i++) {
		struct dl_file *f = &pp->files[i];
		f->path = dl_xstrdup(files[i].path);
		f->kind = dl_classify_path(f->path);
		f->flags = DL_FILE_TRACKED;
		f->size = files[i].size;
	}
	/* the files the models load first (dl_prepass_models waits for
	 * them), then the rest, each part in path order */
	for (i = 0; i < n; i++)
		if (models_load(&pp->files[i]))
			pp->job.files[pp->job.first_nr++] = i;
	later = pp->job.first_nr;
	for (i = 0; i < n; i++)
		if (!models_load(&pp->files[i]))
			pp->job.files[later++] = i;
	pp->nr = n;
	pp->job.fv = pp->files;
	pp->job.rv = pp->results;
	/* visits run for every file that wants them: whether a visitor is
	 * active at all is known after the walk, and an idle one's results
	 * are dropped then */
	for (k = 0; k < pp->job.work.nr; k++)
		pp->job.active[k] = 1;
	pthread_mutex_lock(&pp->mu);
	pp->job.nr = n;
	pp->handed = 1;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
}

/* Lets the first worker go on when no file list came (a plain walk or a
 * staged scan): it waits for one before it reads. */
static void
let_first_go(struct dl_prepass *pp)
{
	pthread_mutex_lock(&pp->mu);
	pp->handed = 1;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
}

void
dl_prepass_models(struct dl_prepass *pp)
{
	let_first_go(pp);
	if (!pp->first_started) {
		dl_prepass_finish(pp); /* no thread could start: all here */
		return;
	}
	pthread_mutex_lock(&pp->mu);
	while (!pp->ready)
		pthread_cond_wait(&pp->cv, &pp->mu);
	pthread_mutex_unlock(&pp->mu);
	if (!pp->job.first_nr)
		return;
	/* help with the models' files, then wait for the last of them */
	work(&pp->job, pp->job.first_nr);
	pthread_mutex_lock(&pp->mu);
	while (atomic_load(&pp->job.first_done) < pp->job.first_nr)
		pthread_cond_wait(&pp->cv, &pp->mu);
	pthread_mutex_unlock(&pp->mu);
}

void
dl_prepass_finish(struct dl_prepass *pp)
{
	unsigned i;

	if (pp->finished)
		return;
	pp->finished = 1;
	let_first_go(pp);
	if (!pp->first_started) {
		build_catalogue(pp); /* no thread could start: all here */
	} else {
		pthread_mutex_lock(&pp->mu);
		while (!pp->ready)
			pthread_cond_wait(&pp->cv, &pp->mu);
		pthread_mutex_unlock(&pp->mu);
	}
	if (pp->job.nr)
		worker(&pp->job);
	/* the first worker started the others: `extras` is final once it
	 * has ended */
	if (pp->first_started)
		pthread_join(pp->first, NULL);
	for (i = 0; i < pp->extras; i++)
		pthread_join(pp->extra[i], NULL);
}

void
dl_prepass_adopt(struct dl_prepass *pp, struct dl_repo *repo)
{
	size_t i, j = 0;

	if (!pp || repo->staged)
		return;
	/* pp->files is sorted like repo->files: one merge */
	for (i = 0; i < repo->nr && j < pp->nr; i++) {
		struct dl_file *f = &repo->files[i];
		struct dl_pass_file *r;
		int c = 1;

		if (!(f->flags & DL_FILE_TRACKED) || !dl_file_lintable(f))
			continue;
		while (j < pp->nr && (c = strcmp(pp->files[j].path, f->path)) < 0)
			j++;
		/* only the models' files are done while workers still run */
		if (j >= pp->nr || c != 0 || !models_load(&pp->files[j]))
			continue;
		r = &pp->results[j];
		if (r->status == DL_READ_OK && r->kept.buf)
			dl_repo_adopt(f, &r->kept);
		if (r->kept.buf)
			dl_strbuf_release(&r->kept);
		memset(&r->kept, 0, sizeof(r->kept));
	}
}

void
dl_prepass_free(struct dl_prepass *pp)
{
	size_t i;

	if (!pp)
		return;
	dl_prepass_finish(pp); /* no worker may still run */
	for (i = 0; i < pp->nr; i++) {
		if (pp->results) /* else the pass took them */
			result_release(&pp->results[i], &pp->job.work);
		free(pp->files[i].path);
	}
	free(pp->results);
	free(pp->files);
	free(pp->job.files);
	if (!pp->taken)
		dl_secrets_free(pp->owned);
	dl_strbuf_release(&pp->notes);
	pthread_mutex_destroy(&pp->mu);
	pthread_cond_destroy(&pp->cv);
	free(pp->root);
	free(pp);
}

/* ---- the pass ---------------------------------------------------------------- */

/* Whether the secret scan reads f: a .env git ignores, or any .env but an
 * example outside git, is the developer's local settings, where secrets
 * belong: linted (ENV, DB rules), never reported by the SEC rules. */
static int
scan_wanted(const struct dl_repo *repo, const struct dl_file *f)
{
	if (f->flags & DL_FILE_LOCAL_DOTENV)
		return 0;
	return repo->in_git || f->kind != DL_KIND_DOTENV || dl_dotenv_is_example(f->path);
}

/* Flags (and --verbose notes for) a file the pass could not use, so that no
 * family reads it again. */
static void
mark_unusable(struct dl_repo *repo, struct dl_file *f, const struct dl_pass_file *r)
{
	switch (r->status) {
	case DL_READ_BINARY:
		if (dl_file_pip_decoded(f))
			return; /* dl_repo_load decodes a UTF-16 requirements file */
		f->flags |= DL_FILE_BINARY;
		break;
	case DL_READ_UNREADABLE:
		f->flags |= DL_FILE_UNREADABLE;
		dl_repo_note_unreadable(repo, f->path, r->err, 0);
		break;
	case DL_READ_TOO_BIG:
		f->flags |= DL_FILE_TOO_BIG;
		dl_strbuf_addf(&repo->notes, "skipped %s: larger than %u bytes\n", f->path,
			       DL_MAX_FILE_SIZE);
		dl_repo_note_limit(repo, f->path, "DL_MAX_FILE_SIZE",
				   "not scanned: larger than %u bytes (a secret in it would go unreported)",
				   DL_MAX_FILE_SIZE);
		break;
	default:
		return;
	}
	if (!f->data)
		f->loaded = 1;
}

/* Keeps the pre-read's result r (in place) for the pass: drops the visits of
 * visitors that are not active. 0 when the pre-read did not read the file. */
static int
keep_prepass(struct dl_pass_file *r, const struct dl_pass_work *vs, const int *active)
{
	size_t k;
	if (r->status == DL_READ_NONE)
		return 0;
	for (k = 0; k < vs->nr; k++)
		if (!active[k]) {
			if (r->visits[k])
				vs->v[k]->release(r->visits[k]);
			r->visits[k] = NULL;
			r->visited &= ~(1u << k);
		}
	return 1;
}

/* Moves the pre-read's result for f, a file the walk found tracked, into
 * r. Returns 0 when the pre-read has none. *j walks pp->files, sorted
 * like repo->files, so that the whole lookup is one merge. */
static int
take_prepass(struct dl_prepass *pp, size_t *j, const struct dl_file *f,
	     struct dl_pass_file *r, const int *active)
{
	int c = 1;

	while (*j < pp->nr && (c = strcmp(pp->files[*j].path, f->path)) < 0)
		(*j)++;
	if (*j >= pp->nr || c != 0 || pp->results[*j].status == DL_READ_NONE)
		return 0;
	*r = pp->results[*j];
	memset(&pp->results[*j], 0, sizeof(pp->results[*j]));
	return keep_prepass(r, &pp->job.work, active);
}

/* Whether the pre-read's files are repo's, one for one (a clean checkout:
 * no untracked or ignored file): its results can then be the pass's. */
static int
same_files(const struct dl_prepass *pp, const struct dl_repo *repo)
{
	size_t i;
	if (!pp || repo->staged || !pp->results || pp->nr != repo->nr)
		return 0;
	for (i = 0; i < repo->nr; i++)
		if (strcmp(pp->files[i].path, repo->files[i].path))
			return 0;
	return 1;
}

/* Whether the pre-read did the pass's work: the same visitors (so that a
 * visit's index means the same visitor in both) and the same scan. */
static int
same_visitors(const struct dl_pass_work *a, const struct dl_pass_work *b)
{
	size_t k;
	if (a->nr != b->nr || a->secrets != b->secrets)
		return 0;
	for (k = 0; k < a->nr; k++)
		if (a->v[k] != b->v[k])
			return 0;
	return 1;
}

const struct dl_secrets *
dl_pass_catalogue(const struct dl_config *cfg, struct dl_strbuf *notes,
		  struct dl_secrets **owned)
{
	struct dl_secret_user_format *u;
	const struct dl_secrets *s;
	size_t i;

	*owned = NULL;
	if (!cfg || (!cfg->secrets_nr && !cfg->placeholders_nr))
		return dl_secrets_builtin();
	u = dl_xcalloc(cfg->secrets_nr ? cfg->secrets_nr : 1, sizeof(*u));
	for (i = 0; i < cfg->secrets_nr; i++) {
		const struct dl_config_secret *c = &cfg->secrets[i];
		u[i].id = c->id;
		u[i].name = c->name;
		u[i].pattern = c->pattern;
		u[i].level = c->level;
		u[i].source = c->source;
		u[i].keywords = (const char *const *)c->keywords;
		u[i].keywords_nr = c->keywords_nr;
		u[i].entropy = c->entropy;
		u[i].group = c->group;
	}
	s = dl_secrets_catalogue(u, cfg->secrets_nr, cfg->path ? cfg->path : DL_CONFIG_NAME,
				 (const char *const *)cfg->placeholders, cfg->placeholders_nr,
				 notes, owned);
	free(u);
	return s;
}

struct dl_pass *
dl_pass_run(struct dl_repo *repo, const struct dl_config *cfg, struct dl_prepass *pp,
	    const struct dl_pass_work *vs)
{
	struct dl_pass *pass = dl_xcalloc(1, sizeof(*pass));
	struct job job;
	size_t i, k, j = 0;
	int steal;

	pass->repo = repo;
	pass->work = *vs;
	if (pp && !same_visitors(&pp->job.work, vs)) {
		fprintf(stderr, "BUG: the pre-read did other work than the pass\n");
		abort();
	}
	if (pp) {
		pass->secrets = pp->job.secrets;
		pass->owned = pp->owned;
		pp->taken = 1;
		dl_strbuf_put(&repo->notes, pp->notes.buf, pp->notes.len);
	} else {
		pass->secrets = dl_pass_catalogue(cfg, &repo->notes, &pass->owned);
	}
	/* a clean checkout: the pre-read's results, taken whole (no copy) */
	steal = same_files(pp, repo);
	if (steal) {
		pass->files = pp->results;
		pp->results = NULL;
	} else {
		pass->files = dl_xcalloc(repo->nr ? repo->nr : 1, sizeof(*pass->files));
	}

	memset(&job, 0, sizeof(job));
	job.secrets = pass->secrets;
	job.root = repo->root;
	job.repo = repo;
	job.fv = repo->files;
	job.rv = pass->files;
	job.work = *vs;
	atomic_init(&job.next, 0);
	atomic_init(&job.first_done, 0);
	for (k = 0; k < vs->nr; k++)
		job.active[k] = vs->v[k]->active(repo);
	job.files = dl_xmalloc(dl_st_mult(repo->nr ? repo->nr : 1, sizeof(*job.files)));
	job.scan = dl_xcalloc(repo->nr ? repo->nr : 1, 1);
	for (i = 0; i < repo->nr; i++) {
		const struct dl_file *f = &repo->files[i];
		int want = 0, taken = 0;
		if (dl_file_lintable(f)) {
			job.scan[i] = (unsigned char)scan_wanted(repo, f);
			want = job.scan[i];
			for (k = 0; k < vs->nr && !want; k++)
				want = job.active[k] && vs->v[k]->wants(f);
		}
		/* the pre-read scanned every tracked file it could read */
		if (want && pp && (f->flags & DL_FILE_TRACKED) && job.scan[i])
			taken = steal ? keep_prepass(&pass->files[i], vs, job.active)
				      : take_prepass(pp, &j, f, &pass->files[i], job.active);
		if (steal && !taken)
			result_release(&pass->files[i], vs); /* not the pass's */
		if (want && !taken)
			job.files[job.nr++] = i;
	}
	run_job(&job);

	/* what could not be used is never read again, nor what was kept */
	for (i = 0; i < repo->nr; i++) {
		struct dl_pass_file *r = &pass->files[i];
		if (r->status != DL_READ_NONE)
			mark_unusable(repo, &repo->files[i], r);
		if (r->kept.buf) {
			if (!repo->staged) /* a staged file's bytes are the index's */
				dl_repo_adopt(&repo->files[i], &r->kept);
			dl_strbuf_release(&r->kept);
			memset(&r->kept, 0, sizeof(r->kept));
		}
	}
	free(job.files);
	free(job.scan);
	return pass;
}

void
dl_pass_free(struct dl_pass *pass, struct dl_mask *mask)
{
	size_t i;

	if (!pass)
		return;
	for (i = 0; i < pass->repo->nr; i++)
		result_release(&pass->files[i], &pass->work);
	free(pass->files);
	/* the report keeps it: the user's patterns mask every output */
	if (mask)
		dl_mask_adopt(mask, pass->owned);
	else
		dl_secrets_free(pass->owned);
	free(pass);
}

struct dl_pass_file *
dl_pass_file_of(const struct dl_pass *pass, const struct dl_file *f)
{
	size_t i;
	if (!pass)
		return NULL;
	i = (size_t)(f - pass->repo->files);
	if (i >= pass->repo->nr)
		return NULL;
	return &pass->files[i];
}

unsigned
dl_pass_features(const struct dl_pass *pass, const struct dl_file *f)
{
	const struct dl_pass_file *r = dl_pass_file_of(pass, f);
	if (!r || r->status != DL_READ_OK || !r->scanned)
		return DL_FEAT_ALL;
	return r->hits.features;
}

size_t
dl_pass_visited(const struct dl_pass *pass, const struct dl_visitor *v)
{
	size_t i, k, n = 0;
	if (!pass)
		return 0;
	for (k = 0; k < pass->work.nr && pass->work.v[k] != v; k++)
		;
	if (k == pass->work.nr)
		return 0;
	for (i = 0; i < pass->repo->nr; i++)
		n += (pass->files[i].visited >> k) & 1u;
	return n;
}

void *
dl_pass_visit(const struct dl_pass *pass, const struct dl_visitor *v, const struct dl_file *f)
{
	const struct dl_pass_file *r = dl_pass_file_of(pass, f);
	size_t k;
	if (!r)
		return NULL;
	for (k = 0; k < pass->work.nr; k++)
		if (pass->work.v[k] == v)
			return r->visits[k];
	return NULL;
}
