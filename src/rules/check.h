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
#include "pass/pass.h"
#include "rules/rule_id.h"

struct dl_doc_cache;
struct dl_model;

struct dl_check_ctx {
	struct dl_repo *repo;
	struct dl_report *report;
	struct dl_alembic *alembic;
	struct dl_doc_cache *docs;      /* see dl_ctx_doc() */
	const struct dl_config *config; /* rule options; never NULL in a run */
	struct dl_pass *pass;           /* the read pass (dl_pass_run), or NULL;
					 * dl_ctx_release() frees it */
	struct dl_model *model;         /* the service model (dl_ctx_model) */
};

/* The DL_FEAT_* words in f's bytes, as the pass saw them; DL_FEAT_ALL when
 * the pass did not scan f (a family must then look at the bytes itself). */
unsigned dl_ctx_features(const struct dl_check_ctx *ctx, const struct dl_file *f);

/* The result of visitor v (one the family declares on its row) for f, or
 * NULL (not visited, or nothing found). */
void *dl_ctx_visit(const struct dl_check_ctx *ctx, const struct dl_visitor *v,
		   const struct dl_file *f);

/* The SEC family's pass results for f (NULL without a pass). */
struct dl_pass_file *dl_ctx_pass_file(const struct dl_check_ctx *ctx,
				      const struct dl_file *f);

/*
 * The model stage (include/deploylint/model.h): builds ctx->model once,
 * after the read pass and before the first rule family; dl_ctx_release
 * frees it.
 */
void dl_check_model(struct dl_check_ctx *ctx);
/* The run's service model, built by dl_check_model (or here on first use
 * when a caller runs families without the pipeline, as `deploylint env`
 * does). */
struct dl_model *dl_ctx_model(struct dl_check_ctx *ctx);
struct dl_model_db;
/* The database part of the run's model (dl_model_db: every database URL,
 * the code facts, the docker-compose names), built on first use from the
 * Alembic model and the read pass's DL_FEAT_DB words; shared by the DB
 * family and REQ003. */
const struct dl_model_db *dl_ctx_db(struct dl_check_ctx *ctx);

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

/*
 * A row of the family table (src/rules/checks.c): what the pipeline needs
 * to know of a family without naming any of its rules.
 */
struct dl_checker {
	const char *name;
	void (*run)(struct dl_check_ctx *ctx);
	/* the rules whose findings it adds, as rule-id prefixes ("ENV" or
	 * "REQ003"), NULL-terminated. Every family may also add PARSE002 (a
	 * limit was reached while it worked): that is not listed, since such
	 * a note only matters while one of the family's own rules runs */
	const char *const *rules;
	/* the visitors the read pass runs for it, NULL-terminated, or NULL */
	const struct dl_visitor *const *visitors;
	/* DL_CHECKER_* flags */
	unsigned flags;
};

/* The family uses the read pass's secret scan (dl_ctx_pass_file's
 * credentials, or dl_ctx_features, also through its visitors' features). */
#define DL_CHECKER_SECRET_SCAN 1u

/* The families, in the order they run. */
const struct dl_checker *dl_checkers(size_t *count_out);

/* Most families a table can have. */
#define DL_MAX_CHECKERS 32u

/* The families one run needs, in table order, and what they need of the
 * read pass. */
struct dl_checker_set {
	const struct dl_checker *v[DL_MAX_CHECKERS];
	size_t nr;
	struct dl_pass_work work; /* for dl_prepass_start / dl_pass_run */
};

/*
 * Whether family c adds findings of a rule `enabled` accepts (the run's
 * --select/--ignore, from the command line or the configuration; PARSE002
 * alone keeps no family running).
 */
int dl_checker_needed(const struct dl_checker *c,
		      int (*enabled)(const struct dl_rule *rule, void *payload), void *payload);

/*
 * Fills *out with the families that are needed (dl_checker_needed): a
 * family none of whose rules is selected is skipped entirely, its
 * visitors with it, and the secret scan when no family left uses it.
 */
void dl_checkers_select(struct dl_checker_set *out,
			int (*enabled)(const struct dl_rule *rule, void *payload), void *payload);

/* Runs the families of `set` on ctx, in order. */
void dl_checkers_run(const struct dl_checker_set *set, struct dl_check_ctx *ctx);

/* dl_rule_find() for ids the code itself names: aborts if unknown. */
const struct dl_rule *dl_rule_must(const char *id);

/* Region of a parser position (one byte wide when len is 0). */
struct dl_region dl_region_at(struct dl_pos pos, unsigned len);

void dl_check_alembic(struct dl_check_ctx *ctx);
/* What the deploy's commands say about how env.py is imported (ALM014):
 * read from the service model by the first dl_check_alembic_env() of a
 * run, kept for the others (zero it before the first). */
struct dl_alembic_deploy_facts {
	int known;            /* read */
	int pythonpath;       /* PYTHONPATH is set for a command or a service */
	int installs_project; /* pip install . / -e, poetry install, uv sync */
};
/* ALM013 and ALM014 for one script location (src/rules/alembic_env.c);
 * df: the run's deploy facts, read here when not yet known. */
void dl_check_alembic_env(struct dl_check_ctx *ctx, const struct dl_script_location *loc,
			  struct dl_alembic_deploy_facts *df);
void dl_check_parse(struct dl_check_ctx *ctx);
void dl_check_env(struct dl_check_ctx *ctx);
void dl_check_db(struct dl_check_ctx *ctx);
/* REQ003: the driver a database URL names is not installed
 * (src/rules/req_driver.c). */
void dl_check_req_driver(struct dl_check_ctx *ctx);
void dl_check_py(struct dl_check_ctx *ctx);
void dl_check_req(struct dl_check_ctx *ctx);
/* pyproject, Poetry, uv and pipenv projects (src/rules/pkg.c) */
void dl_check_pkg(struct dl_check_ctx *ctx);
void dl_check_rnd(struct dl_check_ctx *ctx);
void dl_check_cmd(struct dl_check_ctx *ctx);
void dl_check_git(struct dl_check_ctx *ctx);
void dl_check_sec(struct dl_check_ctx *ctx);
/* Docker-service rules (src/rules/docker.c): CMD005, run by dl_check_cmd,
 * and REQ020, run by dl_check_req. */
void dl_check_docker_commands(struct dl_check_ctx *ctx);
void dl_check_docker_deps(struct dl_check_ctx *ctx);
/* CMD006 on every Dockerfile of the repository (Dockerfile,
 * Dockerfile.*, *.Dockerfile), run by dl_check_cmd. */
void dl_check_dockerfiles(struct dl_check_ctx *ctx);
/* REQ009 for `poetry install --no-dev` in the RUN lines of a Docker
 * service's Dockerfile (Blueprint or dashboard) that installs Poetry
 * unpinned; run by the pkg family (src/rules/pkg.c). */
void dl_check_docker_poetry(struct dl_check_ctx *ctx);

/* The visitors the families declare on their rows. */
extern const struct dl_visitor dl_env_reads;  /* src/rules/env.c (ENV010) */
extern const struct dl_visitor dl_py_imports; /* src/rules/py_imports.c (PY010, PY011) */

/* PY010 and PY011, from the py-imports visitor (src/rules/py_imports.c). */
void dl_check_py_imports(struct dl_check_ctx *ctx);

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
 * The DB rules (DB001-DB008, DB010-DB012) on the database URLs among
 * vars[0 .. n), as values a Render service receives (src/rules/db.c).
 * What the repository in ctx->repo says is taken into account (code that
 * rewrites postgres://, docker-compose service names): the service named
 * `service` (a render.yaml service; NULL: the only one, or none;
 * dl_model_env_service) says whether it migrates (DB008) and has a disk
 * (DB011).
 */
void dl_db_check_vars(struct dl_check_ctx *ctx, const struct dl_env_var *vars, size_t n,
		      const char *service);
/*
 * REQ003 on the database URLs among vars[0 .. n) (src/rules/req_driver.c):
 * judged against the dependency set of the backend of the service named
 * `service` (as dl_db_check_vars picks it), else of the backends at the
 * repository root.
 */
void dl_req_driver_check_vars(struct dl_check_ctx *ctx, const struct dl_env_var *vars, size_t n,
			      const char *service);
/*
 * Fills u for the value of v when it is a database URL deploylint
 * classifies (dl_model_dburl_init: at the binding's value position for a
 * dotenv input, else with no position; neither an example nor a production
 * file). Returns 0, or -1 when v has no value or the value is no such URL.
 * Shared by dl_db_check_vars and dl_req_driver_check_vars (src/rules/checks.c).
 */
struct dl_model_dburl;
int dl_env_var_dburl(struct dl_model_dburl *u, const struct dl_env_var *v);

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

/*
 * The Python range a backend's project declares ([project] requires-python
 * or Poetry's python in pyproject.toml, else the Pipfile's [requires]), as
 * written, with its specifier set through *specs; NULL when none
 * (src/rules/pkg.c).
 */
struct dl_pep440_specset;
const char *dl_pkg_python_range(struct dl_check_ctx *ctx, const struct dl_backend *be,
				const struct dl_pep440_specset **specs);
/* The newest minor of rules/data/python-versions.tsv whose newest patch
 * `specs` admits: 1 with *major and *minor, else 0. */
int dl_pkg_newest_minor(const struct dl_pep440_specset *specs, int *major, int *minor);

#endif
