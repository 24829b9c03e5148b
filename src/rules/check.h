/*
 * deploylint: what a rule family's check function receives. Families are
 * listed in rules/checks.c; each reads the models and adds findings.
 */
#ifndef DEPLOYLINT_RULES_CHECK_H
#define DEPLOYLINT_RULES_CHECK_H

#include <stddef.h>

#include "deploylint/config.h"
#include "deploylint/finding.h"
#include "deploylint/parse.h"
#include "deploylint/repo.h"
#include "deploylint/secrets.h"
#include "model/alembic.h"
#include "rules/rule_id.h"

struct dl_doc_cache;
struct dl_pass;
struct dl_prepass;

struct dl_check_ctx {
	struct dl_repo *repo;
	struct dl_report *report;
	struct dl_alembic *alembic;
	struct dl_doc_cache *docs;      /* see dl_ctx_doc() */
	const struct dl_config *config; /* rule options; never NULL in a run */
	struct dl_pass *pass;           /* the read pass (dl_check_pass) */
	struct dl_prepass *prepass;     /* the pre-read, or NULL */
};

/* ---- the read pass ------------------------------------------------------- */

/* The visitors, in the order they run on a file. */
enum dl_visitor_id {
	DL_VISIT_ENV010, /* src/rules/rnd.c: environment reads */
	DL_VISITORS
};

/*
 * Work a family does on a file's bytes while the read pass holds them, on
 * a worker thread: the family later takes the result instead of reading
 * the file again.
 */
struct dl_visitor {
	const char *name;
	/* Whether this run needs the visitor at all (main thread, once, before
	 * the pass). */
	int (*active)(const struct dl_check_ctx *ctx);
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

extern const struct dl_visitor dl_visitor_env010;

/* One file's results; the pass keeps one per repo->files entry. */
struct dl_pass_file {
	enum dl_read_status status;
	int err;                    /* errno when DL_READ_UNREADABLE */
	int scanned;                /* the secret scan ran on it */
	struct dl_secret_hits hits; /* credentials and DL_FEAT_* features */
	/* a format the scan stopped running on this file (pcre2 gave up on
	 * it DL_MAX_SECRET_GIVEUPS times), or NULL */
	const struct dl_secret_format *gave_up;
	char **contexts;           /* one masked context line per hit
				    * (malloc'd; taken by the SEC family) */
	void *visits[DL_VISITORS]; /* visitor results, or NULL */
};

struct dl_pass {
	const struct dl_secrets *secrets; /* the catalogue of this run */
	struct dl_secrets *owned;         /* it, when not the built-in one */
	struct dl_pass_file *files;       /* indexed like repo->files */
};

/*
 * The first checker: reads every lintable file once on worker threads
 * (files already loaded are not read again; staged blobs come through the
 * index on one thread), runs the secret scan and the active visitors on
 * its bytes, sets DL_FILE_BINARY / DL_FILE_UNREADABLE / DL_FILE_TOO_BIG on
 * the files it could not use (with a --verbose note for the last two, as
 * dl_repo_load() does) so that no family reads them again, and keeps the
 * results in ctx->pass until dl_ctx_release(). Files are not kept in
 * memory: each worker reuses one buffer.
 */
void dl_check_pass(struct dl_check_ctx *ctx);

/*
 * The pre-read: the read pass started before the walk ends.
 * dl_prepass_start() starts its first worker, which builds the run's secret
 * catalogue (dl_sec_catalogue with cfg; cfg and root must outlive the
 * pre-read) and then waits for files. dl_prepass_tracked() is a
 * dl_scan_hook's `tracked` (payload: the pre-read): it hands over the
 * index's files, which the worker reads and scans, running every visitor
 * that wants the file, while the walk goes on. dl_prepass_finish(), on the
 * main thread after the scan, helps with what is left and waits for the
 * workers; call it once, hook or no hook (then it only waits for the
 * catalogue). Put the pre-read in ctx->prepass: dl_check_pass() takes its
 * catalogue and the result of every lintable file the walk found tracked,
 * and drops the visits of visitors the run does not need.
 * dl_prepass_free() frees it after dl_ctx_release().
 */
struct dl_prepass *dl_prepass_start(const char *root, const struct dl_config *cfg);
void dl_prepass_tracked(void *payload, const struct dl_tracked_file *files, size_t n);
void dl_prepass_finish(struct dl_prepass *pp);
void dl_prepass_free(struct dl_prepass *pp);

/* Frees ctx->pass (dl_ctx_release calls it). */
void dl_pass_release(struct dl_check_ctx *ctx);

/* The DL_FEAT_* words in f's bytes, as the pass saw them; DL_FEAT_ALL when
 * the pass did not scan f (a family must then look at the bytes itself). */
unsigned dl_ctx_features(const struct dl_check_ctx *ctx, const struct dl_file *f);

/* Visitor `id`'s result for f, or NULL (not visited, or nothing found). */
void *dl_ctx_visit(const struct dl_check_ctx *ctx, enum dl_visitor_id id,
		   const struct dl_file *f);

/* The SEC family's pass results for f (NULL without a pass). */
struct dl_pass_file *dl_ctx_pass_file(const struct dl_check_ctx *ctx,
				      const struct dl_file *f);

/*
 * The secret catalogue of a run with configuration cfg (src/rules/sec.c):
 * the built-in one, or the built-in data plus the configuration's
 * secret-patterns and placeholder-words. *owned is set when the caller
 * must free the result with dl_secrets_free(). Problems with the
 * configured patterns are appended to `notes` (--verbose lines). Safe on
 * any thread.
 */
const struct dl_secrets *dl_sec_catalogue(const struct dl_config *cfg, struct dl_strbuf *notes,
					  struct dl_secrets **owned);

/* Sets up ctx's document cache (after repo is set); dl_ctx_release frees it. */
void dl_ctx_init(struct dl_check_ctx *ctx);
void dl_ctx_release(struct dl_check_ctx *ctx);

/*
 * The parsed document of `f` (a file of ctx->repo), parsed once per run
 * with the parser registered for f->kind (dl_parser_for), so that families
 * sharing a file never parse it twice. NULL when f is not lintable, cannot
 * be loaded, or its kind has no parser. The document lives until
 * dl_ctx_release(); its type is the one the parser registry names.
 */
const void *dl_ctx_doc(struct dl_check_ctx *ctx, struct dl_file *f);

struct dl_checker {
	const char *name;
	void (*run)(struct dl_check_ctx *ctx);
};

/* The families, in the order they run. */
const struct dl_checker *dl_checkers(size_t *count_out);

/* dl_rule_find() for ids the code itself names: aborts if unknown. */
const struct dl_rule *dl_rule_must(const char *id);

/* Region of a parser position (one byte wide when len is 0). */
struct dl_region dl_region_at(struct dl_pos pos, unsigned len);

void dl_check_alembic(struct dl_check_ctx *ctx);
void dl_check_parse(struct dl_check_ctx *ctx);
void dl_check_env(struct dl_check_ctx *ctx);
void dl_check_db(struct dl_check_ctx *ctx);
void dl_check_py(struct dl_check_ctx *ctx);
void dl_check_req(struct dl_check_ctx *ctx);
void dl_check_rnd(struct dl_check_ctx *ctx);
void dl_check_cmd(struct dl_check_ctx *ctx);
void dl_check_git(struct dl_check_ctx *ctx);
void dl_check_sec(struct dl_check_ctx *ctx);

/* ---- values from outside the repository (deploylint env) ----------------- */

struct dl_dotenv;
struct dl_env_binding;
struct dl_backend;

/* One variable of the environment `deploylint env` checks. */
struct dl_env_var {
	const char *key; /* NUL-terminated, key_len bytes */
	size_t key_len;
	const char *value; /* value_len bytes (need not be NUL-terminated) */
	size_t value_len;
	const char *path; /* where its findings go: "env:KEY" or
			   * "render-api:KEY" (logical), or the dotenv
			   * file's path as given */
	int logical;      /* path names no file */
	/* a dotenv input: the file (outside ctx->repo) and the binding that
	 * sets the variable, so that findings have line:col; else NULL */
	struct dl_file *file;
	const struct dl_env_binding *binding;
};

/*
 * The ENV rules that judge a value (ENV001, ENV002, ENV008, as for
 * render.yaml envVars: every value counts as deployed) on vars[0 .. n),
 * the same check functions dl_check_env runs on .env files and
 * render.yaml (src/rules/env.c).
 */
void dl_env_check_vars(struct dl_check_ctx *ctx, const struct dl_env_var *vars, size_t n);
/* ENV004 for the statements of a dotenv input that python-dotenv cannot
 * parse (and a byte that is not UTF-8). */
void dl_env_check_parse(struct dl_check_ctx *ctx, struct dl_file *file,
			const struct dl_dotenv *env);
/*
 * Sets f->context to the masked source line (ENV's masking: URL passwords,
 * the whole value of a secret-looking key; then dl_secrets_redact_line):
 * with key set, of the line KEY=data[0 .. len) (a logical finding);
 * else of line f->region.line of the file data[0 .. len).
 */
void dl_env_set_context(struct dl_finding *f, const char *key, size_t key_len,
			const char *data, size_t len);

/*
 * The DB rules (DB001-DB008, DB010-DB012) and REQ003 on the database URLs
 * among vars[0 .. n), as values a Render service receives (src/rules/db.c).
 * What the repository in ctx->repo says is taken into account (code that
 * rewrites postgres://, docker-compose service names, requirements): the
 * service named `service` (a render.yaml service; NULL: the only one, or
 * none) gives the requirements REQ003 reads and whether it migrates
 * (DB008); without one, REQ003 reads the repository root's requirements.
 */
void dl_db_check_vars(struct dl_check_ctx *ctx, const struct dl_env_var *vars, size_t n,
		      const char *service);

/*
 * REQ001 for backend `be` of ctx->repo built with Python major.minor, set
 * by the variable or interpreter `origin` names (a related location:
 * origin_path at origin_region, logical when origin_logical; its message says what set it
 * through origin_what, e.g. "PYTHON_VERSION is set here"), as
 * src/rules/req.c checks it for the version the repository sets.
 */
void dl_req_check_python(struct dl_check_ctx *ctx, const struct dl_backend *be, int major,
			 int minor, const char *origin_path, struct dl_region origin_region,
			 int origin_logical, const char *origin_what);

#endif
