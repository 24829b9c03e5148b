/*
 * deploylint: the SEC family (see src/rules/sec.def and rules/SEC*.md):
 * tracked .env files (SEC001) and a scan of every lintable file for
 * credentials (SEC002-SEC005) on worker threads, reported in path order.
 */
#include "rules/check.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploylint/dotenv.h"
#include "deploylint/limits.h"
#include "deploylint/secrets.h"
#include "deploylint/util.h"

/* ---- the scan ----------------------------------------------------------- */

enum read_status {
	READ_OK = 0,
	READ_BINARY,
	READ_UNREADABLE,
	READ_TOO_BIG,
	READ_SKIPPED      /* dl_repo_load refused it and set its flags */
};

struct file_result {
	struct dl_secret_hits hits;
	char **contexts;          /* one per hit, masked (malloc'd) */
	enum read_status status;
	int err;                  /* errno when unreadable */
};

struct job {
	const struct dl_secrets *secrets;
	struct dl_repo *repo;
	size_t *files;            /* indexes into repo->files */
	size_t nr;
	struct file_result *results; /* parallel to files */
	atomic_size_t next;
};

/* Files per grab from the shared counter. */
#define CHUNK 8

/*
 * Reads one file into *buf (grown as needed) the way dl_repo_load() does:
 * no symlinks followed, at most DL_MAX_FILE_SIZE bytes, binary when a NUL
 * is among the first DL_BINARY_SNIFF_BYTES.
 */
static enum read_status
read_file(const char *root, const char *rel, struct dl_strbuf *path,
	  struct dl_strbuf *buf, int *err)
{
	struct stat st;
	int fd;

	dl_strbuf_reset(path);
	dl_strbuf_puts(path, root);
	dl_strbuf_putc(path, '/');
	dl_strbuf_puts(path, rel);
	dl_strbuf_reset(buf);
	fd = open(path->buf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return READ_UNREADABLE;
	}
	if (fstat(fd, &st) == 0 && st.st_size > 0 &&
	    (size_t)st.st_size <= DL_MAX_FILE_SIZE)
		dl_strbuf_grow(buf, (size_t)st.st_size + 1);
	for (;;) {
		ssize_t n;
		size_t room;
		if (buf->alloc - buf->len < 2)
			dl_strbuf_grow(buf, 65536);
		room = buf->alloc - buf->len - 1;
		n = read(fd, buf->buf + buf->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			close(fd);
			return READ_UNREADABLE;
		}
		if (n == 0)
			break;
		buf->len += (size_t)n;
		buf->buf[buf->len] = '\0';
		if (buf->len > DL_MAX_FILE_SIZE) {
			close(fd);
			return READ_TOO_BIG;
		}
	}
	close(fd);
	if (memchr(buf->buf, '\0', buf->len < DL_BINARY_SNIFF_BYTES ?
				   buf->len : DL_BINARY_SNIFF_BYTES))
		return READ_BINARY;
	return READ_OK;
}

static void
scan_one(struct job *job, struct dl_secret_scratch *scratch, size_t k,
	 struct dl_strbuf *path, struct dl_strbuf *buf)
{
	struct dl_file *f = &job->repo->files[job->files[k]];
	struct file_result *r = &job->results[k];
	const char *data;
	size_t len, i;

	if (f->loaded && f->data) {
		/* another family loaded it already: no second read */
		data = f->data;
		len = f->len;
	} else if (job->repo->staged) {
		/* --staged: the index blob, read through the repository (this
		 * runs on the main thread only: see run_job) and dropped after */
		if (dl_repo_load(job->repo, f) < 0) {
			r->status = READ_SKIPPED;
			return;
		}
		dl_secrets_scan(job->secrets, scratch, f->path, f->data, f->len, &r->hits);
		r->contexts = dl_xcalloc(r->hits.nr ? r->hits.nr : 1, sizeof(*r->contexts));
		for (i = 0; i < r->hits.nr; i++)
			r->contexts[i] = dl_secrets_hit_context(job->secrets, f->path, f->data,
								f->len, &r->hits.v[i]);
		free(f->data);
		f->data = NULL;
		f->len = 0;
		f->loaded = 0;
		return;
	} else {
		r->status = read_file(job->repo->root, f->path, path, buf, &r->err);
		if (r->status != READ_OK)
			return;
		data = buf->buf;
		len = buf->len;
	}
	dl_secrets_scan(job->secrets, scratch, f->path, data, len, &r->hits);
	if (!r->hits.nr)
		return;
	r->contexts = dl_xcalloc(r->hits.nr, sizeof(*r->contexts));
	for (i = 0; i < r->hits.nr; i++)
		r->contexts[i] = dl_secrets_hit_context(job->secrets, f->path, data,
							len, &r->hits.v[i]);
}

static void *
worker(void *arg)
{
	struct job *job = arg;
	struct dl_secret_scratch *scratch = dl_secret_scratch_new(job->secrets);
	struct dl_strbuf path = DL_STRBUF_INIT, buf = DL_STRBUF_INIT;

	if (!scratch)
		return NULL;
	for (;;) {
		size_t k = atomic_fetch_add(&job->next, CHUNK), e;
		if (k >= job->nr)
			break;
		e = k + CHUNK < job->nr ? k + CHUNK : job->nr;
		for (; k < e; k++)
			scan_one(job, scratch, k, &path, &buf);
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
		if (pthread_create(&threads[started], NULL, worker, job) == 0)
			started++;
	worker(job); /* the main thread works too */
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* ---- messages ------------------------------------------------------------ */

static void
report_hit(struct dl_check_ctx *ctx, const struct dl_file *f,
	   const struct dl_secret_hit *h, char *context)
{
	const struct dl_secret_format *fmt = h->format;
	const char *rule = fmt->rule->id;
	struct dl_region reg = dl_region_span(h->line, h->col, h->end_col - h->col);
	struct dl_finding *fd;
	const char *where, *rotate;

	/* git history keeps a committed secret: only rotating it helps */
	if (f->flags & DL_FILE_TRACKED) {
		where = "committed to git";
		rotate = "rotate it now (git history keeps it) and";
	} else if (ctx->repo->in_git) {
		where = "in a file git would commit";
		rotate = "before committing,";
	} else {
		where = "in plain text";
		rotate = "rotate it if it was ever shared and";
	}
	if (!strcmp(rule, "SEC002"))
		fd = dl_report_add_level(ctx->report, fmt->rule, h->level, f->path, reg,
					 "database URL with an inline password (%s) %s: %s read the URL from an environment variable such as DATABASE_URL (on Render: fromDatabase or a secret env var)",
					 h->label ? h->label : "***", where, rotate);
	else if (!strcmp(rule, "SEC004"))
		fd = dl_report_add_level(ctx->report, fmt->rule, h->level, f->path, reg,
					 "%s for '%s' %s: %s read it from the environment (on Render: generateValue: true or sync: false)",
					 fmt->name, h->label ? h->label : "a secret-named key", where,
					 rotate);
	else if (!strcmp(rule, "SEC005"))
		fd = dl_report_add_level(ctx->report, fmt->rule, h->level, f->path, reg,
					 "Render deploy hook URL with its key %s (anyone holding it can trigger deploys): regenerate the hook in the Render dashboard and keep the URL in a CI secret",
					 where);
	else
		fd = dl_report_add_level(ctx->report, fmt->rule, h->level, f->path, reg,
					 "%s %s: %s load it from an environment variable instead",
					 fmt->name, where, rotate);
	free(fd->context);
	fd->context = context;
	free(fd->fingerprint);
	fd->fingerprint = dl_xstrdup(h->fingerprint);
}

/* ---- render.yaml: `- key: SECRET_KEY` then `value: ...` --------------- */

/* Offset of the first byte of line `line` (1-based) in data. */
static size_t
line_offset(const char *data, size_t len, unsigned line)
{
	size_t i = 0;
	unsigned cur = 1;
	while (cur < line && i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		if (!nl)
			return len;
		i = (size_t)(nl - data) + 1;
		cur++;
	}
	return i;
}

static int
overlaps_hit(const struct file_result *r, unsigned line, unsigned col)
{
	size_t i;
	for (i = 0; r && i < r->hits.nr; i++)
		if (r->hits.v[i].line == line && col >= r->hits.v[i].col &&
		    col < r->hits.v[i].end_col)
			return 1;
	return 0;
}

/* Runs the SEC004 formats on "KEY=VALUE" for one envVars item. */
static void
check_env_item(struct dl_check_ctx *ctx, struct dl_file *f,
	       const struct dl_secrets *secrets, struct dl_secret_scratch *scratch,
	       const struct dl_yaml_node *item, const struct file_result *r)
{
	const struct dl_yaml_node *k = dl_yaml_get(item, "key");
	const struct dl_yaml_node *v = dl_yaml_get(item, "value");
	struct dl_strbuf line = DL_STRBUF_INIT;
	struct dl_secret_hits hits = { NULL, 0, 0, 0 };
	size_t i;

	if (!k || !v || k->type != DL_YAML_SCALAR || v->type != DL_YAML_SCALAR ||
	    !v->scalar_len || memchr(v->scalar, '\n', v->scalar_len) ||
	    v->start.line != v->end.line)
		return;
	dl_strbuf_put(&line, k->scalar, k->scalar_len);
	dl_strbuf_putc(&line, '=');
	dl_strbuf_put(&line, v->scalar, v->scalar_len);
	dl_secrets_scan(secrets, scratch, f->path, line.buf, line.len, &hits);
	for (i = 0; i < hits.nr; i++) {
		struct dl_secret_hit h = hits.v[i];
		unsigned col = v->start.col + (v->style == DL_YAML_SINGLE_QUOTED ||
					       v->style == DL_YAML_DOUBLE_QUOTED);
		size_t lo;
		if (strcmp(h.format->rule->id, "SEC004") != 0 ||
		    h.off != k->scalar_len + 1 || overlaps_hit(r, v->start.line, col))
			continue;
		lo = line_offset(f->data, f->len, v->start.line);
		h.line = v->start.line;
		h.line_off = lo;
		h.col = col;
		h.end_col = col + (unsigned)h.len;
		h.off = lo + col - 1;
		if (h.off + h.len > f->len)
			continue;
		report_hit(ctx, f, &h, dl_secrets_hit_context(secrets, f->path, f->data,
							      f->len, &h));
	}
	dl_secret_hits_release(&hits);
	dl_strbuf_release(&line);
}

static void
check_env_list(struct dl_check_ctx *ctx, struct dl_file *f,
	       const struct dl_secrets *secrets, struct dl_secret_scratch *scratch,
	       const struct dl_yaml_node *owner, const struct file_result *r)
{
	const struct dl_yaml_node *list = dl_yaml_get(owner, "envVars");
	size_t i;
	if (!list || list->type != DL_YAML_SEQUENCE)
		return;
	for (i = 0; i < list->items_nr; i++) {
		const struct dl_yaml_node *item = dl_yaml_resolve(list->items[i]);
		if (item && item->type == DL_YAML_MAPPING)
			check_env_item(ctx, f, secrets, scratch, item, r);
	}
}

static void
check_render_yaml(struct dl_check_ctx *ctx, struct dl_file *f,
		  const struct dl_secrets *secrets, const struct file_result *r)
{
	static const char *const lists[] = { "services", "envVarGroups" };
	const struct dl_yaml_doc *doc = dl_ctx_doc(ctx, f);
	struct dl_secret_scratch *scratch;
	size_t l, i;

	if (!doc || !doc->root || !f->data)
		return;
	scratch = dl_secret_scratch_new(secrets);
	if (!scratch)
		return;
	for (l = 0; l < DL_ARRAY_SIZE(lists); l++) {
		const struct dl_yaml_node *seq = dl_yaml_get(doc->root, lists[l]);
		if (!seq || seq->type != DL_YAML_SEQUENCE)
			continue;
		for (i = 0; i < seq->items_nr; i++) {
			const struct dl_yaml_node *owner = dl_yaml_resolve(seq->items[i]);
			if (owner && owner->type == DL_YAML_MAPPING)
				check_env_list(ctx, f, secrets, scratch, owner, r);
		}
	}
	dl_secret_scratch_free(scratch);
}

/* ---- SEC001: a tracked .env ---------------------------------------------- */

/* Whether one binding holds a real secret rather than configuration. */
static int
binding_is_secret(const struct dl_secrets *secrets, struct dl_secret_scratch *scratch,
		  const char *path, const struct dl_env_binding *b)
{
	struct dl_strbuf line = DL_STRBUF_INIT;
	struct dl_secret_hits hits = { NULL, 0, 0, 0 };
	int secret;

	if (!b->value || !b->value_len || b->value[0] == '$' ||
	    dl_secrets_is_placeholder(secrets, b->value, b->value_len, 0, 0))
		return 0;
	if (dl_secrets_key_is_secret(b->key, b->key_len))
		return 1;
	dl_strbuf_put(&line, b->key, b->key_len);
	dl_strbuf_putc(&line, '=');
	dl_strbuf_put(&line, b->value, b->value_len);
	dl_secrets_scan(secrets, scratch, path, line.buf, line.len, &hits);
	secret = hits.nr > 0 ||
		 (b->value_len >= 16 && !memchr(b->value, ' ', b->value_len) &&
		  dl_secrets_entropy(b->value, b->value_len) >= 3.5 &&
		  !memchr(b->value, '/', b->value_len));
	dl_secret_hits_release(&hits);
	dl_strbuf_release(&line);
	return secret;
}

static void
check_tracked_dotenv(struct dl_check_ctx *ctx, struct dl_file *f,
		     const struct dl_secrets *secrets)
{
	const struct dl_rule *sec001 = dl_rule_must("SEC001");
	const struct dl_dotenv *env;
	const struct dl_env_binding *first = NULL;
	struct dl_secret_scratch *scratch;
	struct dl_finding *fd;
	size_t i, n = 0;

	if (!ctx->repo->in_git || !(f->flags & DL_FILE_TRACKED) ||
	    dl_dotenv_is_example(f->path))
		return;
	env = dl_ctx_doc(ctx, f);
	if (!env || !f->data)
		return;
	scratch = dl_secret_scratch_new(secrets);
	if (!scratch)
		return;
	for (i = 0; i < env->nr; i++)
		if (binding_is_secret(secrets, scratch, f->path, &env->bindings[i])) {
			if (!first)
				first = &env->bindings[i];
			n++;
		}
	dl_secret_scratch_free(scratch);
	if (!first)
		return;
	fd = dl_report_add(ctx->report, sec001, f->path,
			   dl_region_span(first->value_pos.line, first->value_pos.col,
					  first->value_pos.line == first->value_end.line &&
					  first->value_end.col > first->value_pos.col
					  ? first->value_end.col - first->value_pos.col : 1),
			   "%s is tracked by git and holds %zu secret value%s (first: %.*s): run `git rm --cached %s`, add it to .gitignore and rotate every value in it",
			   dl_path_basename(f->path), n, n == 1 ? "" : "s",
			   (int)(first->key_len > 64 ? 64 : first->key_len), first->key,
			   f->path);
	{
		/* the first secret's line with its value masked */
		struct dl_secret_hit h;
		memset(&h, 0, sizeof(h));
		h.line_off = line_offset(f->data, f->len, first->value_pos.line);
		h.off = first->value_off;
		h.len = first->value_end_off > first->value_off
			? first->value_end_off - first->value_off : 0;
		h.format = NULL;
		free(fd->context);
		fd->context = dl_secrets_hit_context(secrets, f->path, f->data, f->len, &h);
	}
	{
		char fp[17];
		dl_secrets_fingerprint(fp, "SEC001", f->path, "", 0, 0);
		free(fd->fingerprint);
		fd->fingerprint = dl_xstrdup(fp);
	}
}

/* ---- the user's own patterns (.deploylint.yaml) ---------------------------- */

/* Appends s as a YAML double-quoted scalar. */
static void
put_yaml_str(struct dl_strbuf *sb, const char *s, int lower)
{
	dl_strbuf_putc(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			dl_strbuf_putc(sb, '\\');
			dl_strbuf_putc(sb, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			dl_strbuf_addf(sb, "\\x%02x", c);
		} else {
			dl_strbuf_putc(sb, lower && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a')
								  : (char)c);
		}
	}
	dl_strbuf_putc(sb, '"');
}

/*
 * The catalogue of this run: the built-in one, or, when the configuration
 * adds secret-patterns or placeholder-words, the built-in data plus those
 * (SEC003 formats matched on the lines holding one of their keywords;
 * placeholder words match anywhere in a value). A pattern that does not
 * load is reported in the --verbose notes and the built-in catalogue is
 * used. *owned is set when the caller must free the result.
 */
static const struct dl_secrets *
run_catalogue(struct dl_check_ctx *ctx, struct dl_secrets **owned)
{
	const struct dl_config *cfg = ctx->config;
	struct dl_strbuf yaml = DL_STRBUF_INIT, ph = DL_STRBUF_INIT;
	char *err = NULL;
	size_t i, k;

	*owned = NULL;
	if (!cfg || (!cfg->secrets_nr && !cfg->placeholders_nr))
		return dl_secrets_builtin();
	dl_strbuf_puts(&yaml, "formats:\n");
	for (i = 0; i < cfg->secrets_nr; i++) {
		const struct dl_config_secret *c = &cfg->secrets[i];
		if (!c->keywords_nr) {
			dl_strbuf_addf(&ctx->repo->notes,
				       "secret pattern %s has no keywords (the literals that must occur on a line for it to run): ignored\n",
				       c->id);
			continue;
		}
		dl_strbuf_puts(&yaml, "  - id: ");
		put_yaml_str(&yaml, c->id, 0);
		dl_strbuf_puts(&yaml, "\n    name: ");
		put_yaml_str(&yaml, c->name ? c->name : c->id, 0);
		dl_strbuf_addf(&yaml, "\n    rule: SEC003\n    level: %s\n    anchor: line\n    keywords: [",
			       c->level ? c->level : "error");
		for (k = 0; k < c->keywords_nr; k++) {
			if (k)
				dl_strbuf_puts(&yaml, ", ");
			put_yaml_str(&yaml, c->keywords[k], 1);
		}
		dl_strbuf_puts(&yaml, "]\n    pattern: ");
		put_yaml_str(&yaml, c->pattern, 0);
		dl_strbuf_addf(&yaml, "\n    group: %ld\n", c->group > 0 ? c->group : 0L);
		if (c->entropy > 0)
			dl_strbuf_addf(&yaml, "    entropy: %u.%02u\n", (unsigned)c->entropy,
				       (unsigned)((c->entropy - (unsigned)c->entropy) * 100));
		dl_strbuf_puts(&yaml, "    source: ");
		put_yaml_str(&yaml, c->source ? c->source : cfg->path ? cfg->path : DL_CONFIG_NAME, 0);
		dl_strbuf_putc(&yaml, '\n');
	}
	dl_strbuf_put(&ph, dl_placeholders_text(), dl_placeholders_len());
	dl_strbuf_puts(&ph, "\n[any]\n");
	for (i = 0; i < cfg->placeholders_nr; i++) {
		const char *w;
		dl_strbuf_putc(&ph, '*');
		for (w = cfg->placeholders[i]; *w; w++) {
			if (*w == '*' || *w == '?' || *w == '\\')
				dl_strbuf_putc(&ph, '\\');
			dl_strbuf_putc(&ph, *w == '\n' ? ' ' : *w);
		}
		dl_strbuf_puts(&ph, "*\n");
	}
	if (dl_secrets_load_extra(owned, dl_secrets_yaml_text(), dl_secrets_yaml_len(),
				  yaml.buf, yaml.len, ph.buf, ph.len, &err) < 0) {
		dl_strbuf_addf(&ctx->repo->notes, "%s: secret patterns ignored: %s\n",
			       cfg->path ? cfg->path : DL_CONFIG_NAME, err);
		free(err);
		*owned = NULL;
	}
	dl_strbuf_release(&yaml);
	dl_strbuf_release(&ph);
	return *owned ? *owned : dl_secrets_builtin();
}

/* ---- the family ---------------------------------------------------------- */

void
dl_check_sec(struct dl_check_ctx *ctx)
{
	struct dl_secrets *owned;
	const struct dl_secrets *secrets = run_catalogue(ctx, &owned);
	struct dl_repo *repo = ctx->repo;
	struct job job;
	size_t i, k;

	for (i = 0; i < repo->nr; i++)
		if (repo->files[i].kind == DL_KIND_DOTENV && dl_file_lintable(&repo->files[i]))
			check_tracked_dotenv(ctx, &repo->files[i], secrets);

	/* binaries other families met already; the scan notes the others */
	for (i = 0; i < repo->nr; i++)
		if ((repo->files[i].flags & DL_FILE_BINARY) &&
		    !(repo->files[i].flags & DL_FILE_IGNORED))
			dl_strbuf_addf(&repo->notes, "skipped %s: binary (a NUL byte in the first %u bytes)\n",
				       repo->files[i].path, DL_BINARY_SNIFF_BYTES);

	memset(&job, 0, sizeof(job));
	job.secrets = secrets;
	job.repo = repo;
	job.files = dl_xmalloc(dl_st_mult(repo->nr ? repo->nr : 1, sizeof(*job.files)));
	for (i = 0; i < repo->nr; i++) {
		const struct dl_file *f = &repo->files[i];
		if (!dl_file_lintable(f))
			continue;
		/* outside git, a .env is the developer's local settings, where
		 * secrets belong; inside, ignored ones are not lintable */
		if (!repo->in_git && f->kind == DL_KIND_DOTENV &&
		    !dl_dotenv_is_example(f->path))
			continue;
		job.files[job.nr++] = i;
	}
	job.results = dl_xcalloc(job.nr ? job.nr : 1, sizeof(*job.results));
	run_job(&job);

	for (k = 0; k < job.nr; k++) {
		struct dl_file *f = &repo->files[job.files[k]];
		struct file_result *r = &job.results[k];
		switch (r->status) {
		case READ_OK:
			break;
		case READ_BINARY:
			f->flags |= DL_FILE_BINARY;
			dl_strbuf_addf(&repo->notes, "skipped %s: binary (a NUL byte in the first %u bytes)\n",
				       f->path, DL_BINARY_SNIFF_BYTES);
			break;
		case READ_UNREADABLE:
			f->flags |= DL_FILE_UNREADABLE;
			dl_strbuf_addf(&repo->notes, "skipped %s: %s\n", f->path,
				       strerror(r->err));
			break;
		case READ_TOO_BIG:
			f->flags |= DL_FILE_TOO_BIG;
			dl_strbuf_addf(&repo->notes, "skipped %s: larger than %u bytes\n",
				       f->path, DL_MAX_FILE_SIZE);
			break;
		case READ_SKIPPED:
			break;
		}
		if (r->hits.truncated)
			dl_strbuf_addf(&repo->notes,
				       "%s: more than %u secrets; only the first are reported\n",
				       f->path, DL_MAX_SECRET_HITS);
		for (i = 0; i < r->hits.nr; i++) {
			report_hit(ctx, f, &r->hits.v[i], r->contexts[i]);
			r->contexts[i] = NULL;
		}
		if (f->kind == DL_KIND_RENDER_YAML && r->status == READ_OK)
			check_render_yaml(ctx, f, secrets, r);
		free(r->contexts);
		dl_secret_hits_release(&r->hits);
	}
	free(job.results);
	free(job.files);
	dl_secrets_free(owned);
}
