/*
 * deploylint: the read pass. Worker threads read each lintable file once,
 * run the secret scan and the families' visitors over its bytes, and keep
 * what they found per file; the families then report from it in order.
 */
#include "rules/check.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/thread.h"
#include "deploylint/util.h"

/* The visitors, indexed by enum dl_visitor_id. */
static const struct dl_visitor *const visitors[DL_VISITORS] = {
	&dl_visitor_env010,
};

struct job {
	struct dl_pass *pass;
	struct dl_repo *repo;
	size_t *files; /* indexes into repo->files */
	size_t nr;
	unsigned char *scan; /* per repo->files entry: scan secrets */
	int active[DL_VISITORS];
	atomic_size_t next;
};

/* Files per grab from the shared counter. */
#define CHUNK 8

/* The secret scan and the visitors over one file's bytes. */
static void
use_bytes(struct job *job, struct dl_secret_scratch *scratch, size_t fi,
	  const char *data, size_t len)
{
	const struct dl_file *f = &job->repo->files[fi];
	struct dl_pass_file *r = &job->pass->files[fi];
	unsigned features = DL_FEAT_ALL;
	size_t i;

	r->status = DL_READ_OK;
	if (job->scan[fi]) {
		const struct dl_secrets *s = job->pass->secrets;
		dl_secrets_scan(s, scratch, f->path, data, len, &r->hits);
		r->scanned = 1;
		features = r->hits.features;
		if (r->hits.nr) {
			r->contexts = dl_xcalloc(r->hits.nr, sizeof(*r->contexts));
			for (i = 0; i < r->hits.nr; i++)
				r->contexts[i] = dl_secrets_hit_context(s, f->path, data, len,
									&r->hits.v[i]);
		}
	}
	for (i = 0; i < DL_VISITORS; i++) {
		const struct dl_visitor *v = visitors[i];
		if (job->active[i] && v->wants(f) && (!v->features || (features & v->features)))
			r->visits[i] = v->visit(f, data, len, features);
	}
}

static void
read_one(struct job *job, struct dl_secret_scratch *scratch, size_t k,
	 struct dl_strbuf *path, struct dl_strbuf *buf)
{
	size_t fi = job->files[k];
	struct dl_file *f = &job->repo->files[fi];
	struct dl_pass_file *r = &job->pass->files[fi];

	if (f->loaded && f->data) {
		/* a family loaded it already: no second read */
		use_bytes(job, scratch, fi, f->data, f->len);
	} else if (job->repo->staged) {
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
		dl_strbuf_puts(path, job->repo->root);
		dl_strbuf_putc(path, '/');
		dl_strbuf_puts(path, f->path);
		r->status = dl_read_file(path->buf, f->size, buf, &r->err);
		if (r->status == DL_READ_OK)
			use_bytes(job, scratch, fi, buf->buf, buf->len);
	}
}

static void *
worker(void *arg)
{
	struct job *job = arg;
	struct dl_secret_scratch *scratch = dl_secret_scratch_new(job->pass->secrets);
	struct dl_strbuf path = DL_STRBUF_INIT, buf = DL_STRBUF_INIT;

	if (!scratch)
		return NULL;
	for (;;) {
		size_t k = atomic_fetch_add(&job->next, CHUNK), e;
		if (k >= job->nr)
			break;
		e = k + CHUNK < job->nr ? k + CHUNK : job->nr;
		for (; k < e; k++)
			read_one(job, scratch, k, &path, &buf);
	}
	dl_strbuf_release(&path);
	dl_strbuf_release(&buf);
	dl_secret_scratch_free(scratch);
	return NULL;
}

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
	unsigned n = job->repo->staged ? 1 : thread_count(job->nr), started = 0, i;

	atomic_init(&job->next, 0);
	for (i = 1; i < n; i++)
		if (dl_thread_start(&threads[started], worker, job, i - 1) == 0)
			started++;
	worker(job); /* the main thread works too */
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* Whether the secret scan reads f: outside git, a .env is the developer's
 * local settings, where secrets belong (inside, ignored ones are not
 * lintable). */
static int
scan_wanted(const struct dl_repo *repo, const struct dl_file *f)
{
	return repo->in_git || f->kind != DL_KIND_DOTENV || dl_dotenv_is_example(f->path);
}

void
dl_check_pass(struct dl_check_ctx *ctx)
{
	struct dl_repo *repo = ctx->repo;
	struct dl_pass *pass = dl_xcalloc(1, sizeof(*pass));
	struct job job;
	size_t i, k;

	ctx->pass = pass;
	pass->secrets = dl_sec_catalogue(ctx, &pass->owned);
	pass->files = dl_xcalloc(repo->nr ? repo->nr : 1, sizeof(*pass->files));

	memset(&job, 0, sizeof(job));
	job.pass = pass;
	job.repo = repo;
	for (k = 0; k < DL_VISITORS; k++)
		job.active[k] = visitors[k]->active(ctx);
	job.files = dl_xmalloc(dl_st_mult(repo->nr ? repo->nr : 1, sizeof(*job.files)));
	job.scan = dl_xcalloc(repo->nr ? repo->nr : 1, 1);
	for (i = 0; i < repo->nr; i++) {
		const struct dl_file *f = &repo->files[i];
		int want;
		if (!dl_file_lintable(f))
			continue;
		job.scan[i] = (unsigned char)scan_wanted(repo, f);
		want = job.scan[i];
		for (k = 0; k < DL_VISITORS && !want; k++)
			want = job.active[k] && visitors[k]->wants(f);
		if (want)
			job.files[job.nr++] = i;
	}
	run_job(&job);

	/* what could not be used is never read again */
	for (k = 0; k < job.nr; k++) {
		struct dl_file *f = &repo->files[job.files[k]];
		struct dl_pass_file *r = &pass->files[job.files[k]];
		switch (r->status) {
		case DL_READ_BINARY:
			f->flags |= DL_FILE_BINARY;
			break;
		case DL_READ_UNREADABLE:
			f->flags |= DL_FILE_UNREADABLE;
			dl_strbuf_addf(&repo->notes, "skipped %s: %s\n", f->path,
				       strerror(r->err));
			break;
		case DL_READ_TOO_BIG:
			f->flags |= DL_FILE_TOO_BIG;
			dl_strbuf_addf(&repo->notes, "skipped %s: larger than %u bytes\n",
				       f->path, DL_MAX_FILE_SIZE);
			break;
		default:
			continue;
		}
		if (!f->data)
			f->loaded = 1;
	}
	free(job.files);
	free(job.scan);
}

/* Frees the pass (called by dl_ctx_release). */
void
dl_pass_release(struct dl_check_ctx *ctx)
{
	struct dl_pass *pass = ctx->pass;
	size_t i, k, j;

	if (!pass)
		return;
	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_pass_file *r = &pass->files[i];
		if (r->contexts)
			for (j = 0; j < r->hits.nr; j++)
				free(r->contexts[j]);
		free(r->contexts);
		dl_secret_hits_release(&r->hits);
		for (k = 0; k < DL_VISITORS; k++)
			if (r->visits[k])
				visitors[k]->release(r->visits[k]);
	}
	free(pass->files);
	dl_secrets_free(pass->owned);
	free(pass);
	ctx->pass = NULL;
}

struct dl_pass_file *
dl_ctx_pass_file(const struct dl_check_ctx *ctx, const struct dl_file *f)
{
	size_t i = (size_t)(f - ctx->repo->files);
	if (!ctx->pass || i >= ctx->repo->nr)
		return NULL;
	return &ctx->pass->files[i];
}

unsigned
dl_ctx_features(const struct dl_check_ctx *ctx, const struct dl_file *f)
{
	const struct dl_pass_file *r = dl_ctx_pass_file(ctx, f);
	if (!r || r->status != DL_READ_OK || !r->scanned)
		return DL_FEAT_ALL;
	return r->hits.features;
}

void *
dl_ctx_visit(const struct dl_check_ctx *ctx, enum dl_visitor_id id,
	     const struct dl_file *f)
{
	const struct dl_pass_file *r = dl_ctx_pass_file(ctx, f);
	return r && (unsigned)id < DL_VISITORS ? r->visits[id] : NULL;
}
