/*
 * deploylint: the service model. One view of the deployable backends of a
 * repository, built once per run after the read pass and before any rule
 * family runs (rules/checks.c, stage "model"), and kept in the check
 * context (dl_ctx_model). Families query it; none of them builds a
 * Blueprint, walks a deploy command or resolves a Python version itself.
 *
 * What it holds:
 *   - every render.yaml, as a Blueprint (dl_blueprint), and
 *     for each of its services the deploy commands (buildCommand,
 *     preDeployCommand, startCommand) parsed into argv with positions and
 *     walked through `cd` and the repository scripts they run;
 *   - every `name: command` line of every Procfile, walked the same way;
 *   - the backends (dl_backends: render.yaml services, else folders that
 *     hold requirements files) with each one's Python version sources, the
 *     winner and why (include/deploylint/pyversion.h);
 *   - each backend's dependency set, as a list of dependency sources of one
 *     shape (struct dl_dep_source): today requirements files with their -r
 *     and -c includes; pyproject.toml, poetry.lock, uv.lock, Pipfile and
 *     Pipfile.lock plug in as further kinds of source;
 *   - the environment variables render.yaml (services and env groups,
 *     with the services each group reaches) and .env files set, with
 *     positions and sources, and the database URLs among their values;
 *   - the database URLs of every other origin (alembic.ini sqlalchemy.url,
 *     Python config modules), what the Python code does with URLs (rewrites
 *     postgres://, driver settings, engines) and the docker-compose service
 *     names (dl_model_db, built on first use after the read pass), and the
 *     backends each URL reaches (dl_model_dburl_backends).
 *
 * Positions are 1-based lines and columns (struct dl_pos) throughout.
 *
 * Memory: the model allocates from its one arena (plus the Blueprint's
 * and the backends' own arrays and the database part, released with it). Parsed documents are
 * borrowed from the run's document cache (the getter given to
 * dl_model_build): they must outlive the model.
 */
#ifndef DEPLOYLINT_MODEL_H
#define DEPLOYLINT_MODEL_H

#include <stddef.h>

#include "deploylint/blueprint.h"
#include "deploylint/cmdwalk.h"
#include "deploylint/command.h"
#include "deploylint/dburl.h"
#include "deploylint/depsource.h"
#include "deploylint/dockerfile.h"
#include "deploylint/dotenv.h"
#include "deploylint/finding.h"
#include "deploylint/parse.h"
#include "deploylint/pyversion.h"
#include "deploylint/repo.h"
#include "deploylint/reqset.h"
#include "deploylint/requirements.h"
#include "deploylint/util.h"

/* ---- deploy commands --------------------------------------------------- */

/* Where a deploy command is written. */
enum dl_phase {
	DL_PHASE_BUILD = 0,  /* render.yaml buildCommand */
	DL_PHASE_PRE_DEPLOY, /* render.yaml preDeployCommand */
	DL_PHASE_START,      /* render.yaml startCommand */
	DL_PHASE_PROCFILE,   /* a Procfile process line */
	DL_PHASE__COUNT
};

/* "buildCommand", "preDeployCommand", "startCommand", "Procfile". */
const char *dl_phase_name(enum dl_phase phase);

/*
 * One simple command a deploy command runs, directly or inside a
 * repository script it calls, exactly as dl_cmd_walk() visited it. Every
 * pointer stays valid for the model's lifetime: visit.call points at
 * `call`, visit.cwd and visit.target are copies in the model's arena,
 * visit.map and the words belong to the model's arena or the document
 * cache.
 */
struct dl_model_step {
	struct dl_cmd_visit visit;
	struct dl_cmd_call call;
};

/* One deploy command: a service's command field or a Procfile line. */
struct dl_deploy_cmd {
	enum dl_phase phase;
	struct dl_file *file;            /* render.yaml or Procfile */
	const struct dl_yaml_node *node; /* render.yaml: the command's scalar
					  * (alias resolved); else NULL */
	const char *process;             /* Procfile: the process name as written
					  * (may start with '#'); else NULL */
	const char *cwd;                 /* the folder it starts in ("" = root) */
	struct dl_cmdline cl;            /* the command, parsed */
	struct dl_cmd_posmap map;        /* its offsets -> file positions */
	struct dl_model_step *steps;     /* every visited command, in walk
					  * order (scripts inline, after the
					  * command that runs them) */
	size_t steps_nr;
};

/*
 * The region of word w of a visited command (v->map gives positions):
 * from its first source byte to its last when both are on one line, else
 * one byte wide.
 */
struct dl_region dl_step_region(const struct dl_cmd_visit *v, const struct dl_cmd_word *w);

/*
 * Whether the simple command of `call` runs database migrations:
 * `alembic upgrade|downgrade` (with any wrapper dl_cmd_classify peels:
 * `python -m alembic`, `poetry run alembic`, ...; alembic's global options
 * -c/--config, -n/--name, -x skipped), Flask-Migrate's `flask db
 * upgrade|downgrade` (`flask --app X db upgrade`, `python -m flask db
 * upgrade`), and Flask-Script's `python manage.py db upgrade` (any
 * Python file, run by an interpreter or directly); also any of those in
 * the script of `sh -c SCRIPT` (bash, dash ...; a `sh -c` in it too, up
 * to three levels). A word inside a comment or a quoted string is not a
 * command, so it never counts.
 */
int dl_step_migrates(const struct dl_cmd_call *call);

/* ---- dependency sources ------------------------------------------------ */

/*
 * The kinds of file a backend's dependencies come from: requirements files
 * (src/model/model.c) and the declaring file of a pyproject, Poetry, uv or
 * pipenv project, with the lock's versions (src/model/project.c; sources of
 * kind DL_DEP_PYPROJECT or DL_DEP_PIPFILE). A new kind adds a value here, a
 * reader that fills struct dl_dep_source, and a case in the model, and no
 * rule changes.
 */
enum dl_dep_kind {
	DL_DEP_REQUIREMENTS = 0, /* requirements file, -r/-c followed */
	DL_DEP_PYPROJECT,        /* [project] / [tool.poetry] / [tool.uv] */
	DL_DEP_POETRY_LOCK,
	DL_DEP_UV_LOCK,
	DL_DEP_PIPFILE,
	DL_DEP_PIPFILE_LOCK,
	DL_DEP__COUNT
};

/*
 * One dependency of a source: a name and what it asks for, with the
 * position of the line that says it. `version` is the resolved version
 * for a lock (the one the install gets), else NULL. For a requirements
 * source, `req` points at the parsed requirement (with its marker, extras,
 * URL and options); other kinds leave it NULL.
 */
struct dl_dep {
	const char *name;      /* PEP 503 normalised, arena-owned */
	const char *specifier; /* as written ("==2.0.20", ">=3,<4"), or NULL */
	const char *version;   /* resolved (lock files), or NULL */
	const char *extras;    /* as written, or NULL */
	const char *marker;    /* as written, or NULL */
	struct dl_file *file;  /* where it is written */
	struct dl_pos pos;     /* its name's position */
	int constraint;        /* only constrains (pip -c): installs nothing */
	const struct dl_requirement *req;
};

/*
 * One source of a backend's dependency set. For DL_DEP_REQUIREMENTS,
 * `reqs` is the whole include graph from `file` (entries, files read and
 * include problems; see dl_req_set_collect), and `deps` lists its entries
 * in the same order.
 */
struct dl_dep_source {
	enum dl_dep_kind kind;
	struct dl_file *file; /* the starting file */
	struct dl_dep *deps;  /* arena-owned */
	size_t deps_nr;
	const struct dl_req_set *reqs; /* DL_DEP_REQUIREMENTS; else NULL */
};

/*
 * A backend's dependency set: the sources its build installs from. Today
 * the requirements files Render installs: those its buildCommand names
 * with -r/--requirement, else its default requirements file
 * (dl_requirements_default), else the requirements*.txt of its folder
 * whose names do not look like dev/test/lint/doc/local/ci files.
 */
struct dl_model_deps {
	const struct dl_dep_source **sources; /* arena-owned */
	size_t nr;
};

/* ---- environment variables and database URLs ------------------------- */

/* Where a variable is set. */
enum dl_env_source {
	DL_ENV_SRC_SERVICE = 0, /* render.yaml: an envVars item of a service */
	DL_ENV_SRC_GROUP,       /* render.yaml: an envVars item of an envVarGroups entry */
	DL_ENV_SRC_DOTENV       /* a binding of a .env-style file (DL_KIND_DOTENV) */
};

/*
 * One variable a file sets, with its position and where its value comes
 * from. render.yaml: every envVars item (of every service and env group of
 * every scope, projects[].environments[] included) that is a mapping with
 * a `key` (aliases followed) and a `value` written as a scalar in place
 * (an alias value is not followed; fromDatabase, fromService, fromGroup,
 * generateValue and sync items have none and are not listed). A .env file:
 * every binding python-dotenv returns, `value` NULL for a key without '='.
 * Strings are borrowed from the parsed documents (document cache).
 */
struct dl_model_env {
	enum dl_env_source source;
	struct dl_file *file;
	const char *key; /* NUL-terminated (arena copy for .env keys) */
	size_t key_len;
	const char *value; /* as the deploy reads it: the YAML scalar's
			    * text, the dotenv value decoded (before ${VAR}
			    * expansion); NULL: no value */
	size_t value_len;
	struct dl_pos value_pos;              /* the value's first byte as written (its
					       * quote when quoted) */
	int quoted;                           /* the value is written in quotes (YAML single
					       * or double quoted, dotenv ' or ") */
	int in_place;                         /* the value's text is the source bytes from
					       * value_pos (+1 when quoted): a YAML plain
					       * or quoted scalar, any dotenv value (block
					       * scalars are not) */
	size_t blueprint;                     /* render.yaml: index in m->blueprints, else SIZE_MAX */
	size_t service;                       /* SERVICE: index in that bp.services, else SIZE_MAX */
	size_t group;                         /* GROUP: index in that bp.groups, else SIZE_MAX */
	const struct dl_yaml_node *node;      /* render.yaml: the value scalar */
	const struct dl_env_binding *binding; /* .env: the binding */
};

/* Where a database URL is written. */
enum dl_dburl_origin {
	DL_DBURL_FROM_ENV = 0, /* a variable's value: render.yaml envVars or a
				* .env-style file (`env` says which) */
	DL_DBURL_FROM_INI,     /* alembic.ini `sqlalchemy.url` */
	DL_DBURL_FROM_PY,      /* a string literal of a Python config module */
	DL_DBURL_FROM_VALUE    /* a value from outside the repository
				* (deploylint env): dl_model_dburl_init */
};

/*
 * A database URL: a text that parses as a URL of a scheme deploylint
 * classifies (dl_dburl_parse, at least 4 bytes, backend not
 * DL_DBURL_OTHER: SQLAlchemy's dialects, and redis, mongodb, amqp), with
 * the parse, where it is written and what reads it. Origins:
 *   - FROM_ENV: a variable's value (struct dl_model_env; its key); which
 *     render.yaml services it reaches: dl_model_env_services;
 *   - FROM_INI: every `sqlalchemy.url` of every section of an alembic.ini,
 *     interpolated as configparser does when it holds a '%' (BasicInterpolation
 *     with `here` = the ini's folder; a value configparser rejects is left out,
 *     ALM006 reports it); key "sqlalchemy.url";
 *   - FROM_PY: every string literal (not triple-quoted, not bytes) of a
 *     module named settings.py, config.py, database.py or db.py whose text
 *     parses so and has more than the scheme; key NULL.
 * Strings are borrowed from the parsed documents, the file's bytes or the
 * model's arena (interpolated ini values).
 */
struct dl_model_dburl {
	enum dl_dburl_origin origin;
	const struct dl_model_env *env; /* FROM_ENV, else NULL */
	struct dl_file *file;           /* where it is written; NULL for a value of
					 * no file */
	const char *path;               /* where findings go: file->path, or the
					 * caller's logical name */
	const char *key;                /* the variable, "sqlalchemy.url", or NULL */
	const char *text;               /* what SQLAlchemy reads: len bytes */
	size_t len;
	/* text[0]'s position (1-based line and column) when `exact`, else
	 * the position of the value as written (its quote when quoted) */
	struct dl_pos pos;
	int exact;  /* the file holds text's bytes from pos on one line */
	size_t off; /* exact: byte offset of text[0] in file->data */
	struct dl_dburl url;
	int example;    /* the file is an example or template (.env.example,
			 * *.sample, *.template, *.dist, *.tmpl, *.tpl, or
			 * "example"/"sample" in the name) */
	int production; /* the file is .env.production or .env.prod */
	/* FROM_INI: the env.py of the ini's script location (or NULL), and
	 * what it does with the URL: it sets sqlalchemy.url itself
	 * (set_main_option("sqlalchemy.url", ...)), or it rewrites
	 * postgres:// (dl_model_db's rewrite test, on env.py alone) */
	struct dl_file *env_py;
	int overridden;
	int rewritten;
};

/*
 * Fills u for text[0 .. len), a value written in f at pos (f NULL: a
 * value of no file; path then says where findings go). quoted: pos is the
 * value's opening quote; in_place: the file's bytes from pos (+1 when
 * quoted) are the text (u->exact tells whether they are). Origin
 * DL_DBURL_FROM_VALUE, key borrowed. Returns 0 when text is a database URL
 * deploylint classifies (see struct dl_model_dburl), -1 otherwise (u is
 * then undefined). Needs f's bytes loaded to find the exact position.
 */
int dl_model_dburl_init(struct dl_model_dburl *u, struct dl_file *f, const char *path,
			const char *key, const char *text, size_t len, struct dl_pos pos,
			int quoted, int in_place);

/*
 * Whether a variable name is one SQLAlchemy's URL is normally read from:
 * it holds DATABASE, SQLALCHEMY, DB_UR or DB_DSN (any case). NULL counts.
 */
int dl_model_db_key(const char *key);

/* ---- pyproject, Poetry, uv and pipenv projects ------------------------ */

struct dl_model;

/* What a backend's build installs with (docs/dependency-sources.md). */
enum dl_pkg_tool {
	DL_PKG_NONE = 0,         /* nothing known */
	DL_PKG_PIP_REQUIREMENTS, /* pip install -r FILE (or no project files) */
	DL_PKG_PIP_PROJECT,      /* pip install . / -e . / uv pip install . */
	DL_PKG_POETRY,           /* poetry install / poetry sync */
	DL_PKG_UV_SYNC,          /* uv sync */
	DL_PKG_PIPENV            /* pipenv install / pipenv sync */
};

/* "pip", "pip install .", "poetry install", "uv sync", "pipenv install". */
const char *dl_pkg_tool_name(enum dl_pkg_tool tool);

/*
 * The project files of a backend's folder (its rootDir, or the folder
 * backend's own) and how its build installs them. `srcs` and `files` are
 * indexed by enum dl_depsource_kind (DL_DEPSRC_PYPROJECT ...
 * DL_DEPSRC_PIPFILE_LOCK; index 0 unused): the file in the backend's
 * folder and what dl_depsource_read gave for it (NULL when absent or not
 * lintable; a malformed file has srcs[k]->error set).
 */
struct dl_model_project {
	struct dl_file *files[DL_DEPSRC_PIPFILE_LOCK + 1];
	const struct dl_depsource *srcs[DL_DEPSRC_PIPFILE_LOCK + 1];
	enum dl_pkg_tool tool;
	/* the buildCommand step that installs (a poetry/uv/pipenv/pip call),
	 * or NULL when the tool was decided by the files present */
	const struct dl_model_step *install;
	int no_dev; /* poetry install --no-dev (step: no_dev_step) */
	const struct dl_model_step *no_dev_step;
	int no_root;       /* poetry install --no-root / --only-root absent */
	int uv_locked;     /* uv sync --locked */
	int uv_frozen;     /* uv sync --frozen */
	int pipenv_deploy; /* pipenv install --deploy */
	/* the first build, pre-deploy or start step whose program is `uv`,
	 * and whether an earlier build step installs uv itself (pip install
	 * uv, the astral.sh installer) */
	const struct dl_model_step *uv_step;
	int installs_uv;
	/* the service's POETRY_VERSION (its own envVars), or NULL */
	const char *poetry_version;
	const struct dl_yaml_node *poetry_version_node;
};

/* The project of backend be (an item of m->backends), or NULL. */
const struct dl_model_project *dl_model_backend_project(const struct dl_model *m,
							const struct dl_backend *be);

/*
 * Internal to the model (src/model/model.c calls it from backend_deps):
 * reads be's project files into m->projects[index] and, when the build
 * installs from them, adds their dependency sources to `out` (replacing
 * the default requirements file when the build command installs with
 * poetry, uv sync, pipenv or pip install . and names no -r file).
 */
void dl_model_project_deps(struct dl_model *m, size_t index, struct dl_model_deps *out);

/* ---- the model -------------------------------------------------------- */

/* ---- Docker services ------------------------------------------------------ */

/* Where the command a Docker service's container runs comes from. */
enum dl_docker_start {
	DL_DOCKER_START_NONE = 0,
	DL_DOCKER_START_COMMAND,   /* render.yaml dockerCommand */
	DL_DOCKER_START_DOCKERFILE /* the Dockerfile's ENTRYPOINT and CMD */
};

/*
 * What the model read for a service with `runtime: docker` (rootDir inside
 * the repository). Render builds the Dockerfile at dockerfilePath (relative
 * to rootDir, else to the repository root; default Dockerfile in rootDir)
 * and runs, in the image, dockerCommand when set (the dashboard: it
 * overrides the Dockerfile's CMD and ENTRYPOINT), else what Docker runs
 * from the final stage's ENTRYPOINT and CMD (inherited through FROM
 * <stage>; an ENTRYPOINT set in a stage drops the CMD it inherited):
 *   - exec-form ENTRYPOINT: its strings, then CMD's (exec: its strings;
 *     shell: "/bin/sh", "-c", the text);
 *   - shell-form ENTRYPOINT: /bin/sh -c its text (CMD is ignored);
 *   - no ENTRYPOINT: CMD (exec: its strings; shell: /bin/sh -c the text).
 * dockerCommand and preDeployCommand run without a shell: their words
 * (split and unquoted as sh does, nothing expanded) are the argv.
 *
 * `start` and `pre_deploy` hold what runs as a shell would see it: for an
 * argv that is `sh|bash|dash|ash [-opts] -c SCRIPT`, the commands of SCRIPT
 * (parsed as sh, positions mapped into the file); otherwise one simple
 * command whose words are the argv, words of exec-form JSON strings marked
 * `quoted` and never `expands` (Docker expands nothing in them). Their cwd
 * is the build context folder (where `COPY . .` puts the files; used to
 * find modules and scripts).
 */
struct dl_model_docker {
	struct dl_file *dockerfile;     /* the Dockerfile, or NULL when absent */
	const struct dl_dockerfile *df; /* parsed (model arena), or NULL */
	int final_stage;                /* index into df->stages, or -1 */
	const char *context;            /* build context ("" = root) */
	enum dl_docker_start from;
	/* the instructions Docker takes ENTRYPOINT and CMD from (NULL when
	 * none, or when dockerCommand replaces them) */
	const struct dl_df_instr *entrypoint, *cmd;
	struct dl_deploy_cmd *start;      /* NULL when nothing runs */
	struct dl_deploy_cmd *pre_deploy; /* preDeployCommand, or NULL */
	/* the raw dockerCommand / preDeployCommand as Render splits them
	 * (shell words of the scalar), NULL when absent */
	struct dl_deploy_cmd *docker_command_raw, *pre_deploy_raw;
	/* the names the final stage chain sets with ENV (the container's
	 * environment), arena-owned */
	const char **env;
	size_t env_nr;
};

/* Where a file of an image comes from (dl_docker_image_source). */
enum dl_docker_src {
	DL_DOCKER_SRC_NONE = 0, /* no COPY/ADD puts a file there */
	DL_DOCKER_SRC_CONTEXT,  /* a file of the build context */
	DL_DOCKER_SRC_UNKNOWN   /* maybe: COPY --from, ADD of a URL or an
				 * archive, a value not known statically */
};

/*
 * Where the file at `ipath` (an absolute path in the image, or relative
 * to the WORKDIR there) comes from in the filesystem that stage `st` of
 * `df` has before its instruction `upto` (an index into df->instrs;
 * df->nr for the whole stage), following the stage's FROM <stage> chain:
 * the last COPY/ADD that puts a file there wins, as in Docker. Sources are
 * read as BuildKit reads them: relative to the build context `context`
 * (repository path, "" = root; a leading '/' or "./" dropped), variables
 * substituted (dl_dockerfile_expand), a folder copied by its contents, a
 * glob matched per path segment (fnmatch), the destination a folder when
 * it ends with '/', there are several sources, or it is a folder the
 * stage already has (a WORKDIR, '/'). A file of a folder copy that the
 * context's .dockerignore (or `<Dockerfile>.dockerignore` next to
 * `dockerfile`, which wins) excludes is not copied. On
 * DL_DOCKER_SRC_CONTEXT, *ctx_path (when not NULL) is set to the file's
 * path relative to the context (malloc'd) and *copy_instr (when not NULL)
 * to the COPY/ADD instruction's index.
 */
enum dl_docker_src dl_docker_image_source(struct dl_repo *repo, const char *dockerfile,
					  const char *context, const struct dl_dockerfile *df,
					  int st, size_t upto, const char *ipath, char **ctx_path,
					  size_t *copy_instr);

/*
 * The working directory of stage `st` of `df` before instruction `upto`
 * (WORKDIR instructions along the FROM <stage> chain, '/' by default;
 * a base image's own WORKDIR is not known and taken as '/'), as an
 * absolute path without a trailing '/' ("/" for the root), malloc'd; NULL
 * when a WORKDIR's value is not known statically.
 */
char *dl_docker_workdir(const struct dl_dockerfile *df, int st, size_t upto);

/*
 * `path` (absolute or relative to `base`, an absolute path) with "." and
 * ".." resolved and no trailing '/', malloc'd ("/" for the root).
 */
char *dl_docker_path_clean(const char *base, const char *path);

/* A render.yaml service and what the model read for it. */
struct dl_model_service {
	const struct dl_bp_service *bs;
	/*
	 * Its build, pre-deploy and start commands (indexed by DL_PHASE_*;
	 * NULL when the field is absent or not a string). Commands are read
	 * for services with a runtime other than docker and image whose
	 * rootDir stays inside the repository.
	 */
	struct dl_deploy_cmd *cmds[DL_PHASE_PROCFILE];
	/*
	 * The same three commands for every service whose rootDir stays
	 * inside the repository, whatever its runtime (Render runs a docker
	 * or image service's preDeployCommand too): what the Alembic model
	 * reads to learn where `alembic` runs (src/model/runs.c). For a
	 * service whose cmds[] are read these are the same pointers.
	 */
	struct dl_deploy_cmd *any_cmds[DL_PHASE_PROCFILE];
	/* runtime docker: the image and what it runs (src/model/docker.c);
	 * NULL for other runtimes */
	const struct dl_model_docker *docker;
};

/*
 * A render.yaml, as a Blueprint. One with a YAML error (PARSE001) is kept
 * for the rules that read what it holds anyway (the DB rules read its
 * database URLs) and flagged: its services have no commands, and the
 * families that judge the Blueprint itself skip it.
 */
struct dl_model_blueprint {
	struct dl_blueprint bp;
	int parse_error;                   /* the YAML has an error */
	struct dl_cmd_lines lines;         /* the file's line index */
	struct dl_model_service *services; /* parallel to bp.services */
	/* for each env group (parallel to bp.groups), the services (indexes
	 * in bp.services, ascending, each once) that name it in a fromGroup
	 * item of their own scope */
	const size_t **group_services;
	size_t *group_services_nr;
};

struct dl_model {
	struct dl_repo *repo;
	struct dl_arena arena;
	/* every render.yaml the document cache parsed, in path order */
	struct dl_model_blueprint *blueprints;
	size_t blueprints_nr;
	/* every Procfile line `name: command` (name non-empty), in path then
	 * line order */
	struct dl_deploy_cmd *procfile;
	size_t procfile_nr;
	/*
	 * With no render.yaml, the build command is set in the Render
	 * Dashboard; a script whose name says it is Render's build
	 * (render/build.sh, render-build.sh, render_build.sh) is taken as
	 * that command, run from the folder above render/ (or its own
	 * folder): phase DL_PHASE_BUILD, file the script, cwd that folder.
	 * In path order; none when any render.yaml exists.
	 */
	struct dl_deploy_cmd *dashboard_builds;
	size_t dashboard_builds_nr;
	/* the backends and their Python versions */
	struct dl_backends backends;
	struct dl_model_deps *deps; /* parallel to backends.items */
	/* with no render.yaml in the repository: the Docker services a
	 * dashboard would build from a `Dockerfile` at the root or in a
	 * Python project's folder (pyproject.toml, Pipfile, requirements)
	 * whose final stage builds on a python image, in path order
	 * (src/model/model.c, add_dashboard_dockers) */
	struct dl_model_docker **dashboard;
	size_t dashboard_nr;
	/* the requirements source starting at each file, indexed like
	 * repo->files (NULL until asked for: dl_model_requirements) */
	struct dl_dep_source **req_sources;
	/* every variable of every render.yaml and .env file, in path order
	 * (a render.yaml's services' items first, then its groups'), and
	 * the database URLs among their values, in the same order */
	struct dl_model_env *envs;
	size_t envs_nr;
	struct dl_model_dburl *dburls;
	size_t dburls_nr;
	void *priv; /* private state of src/model/model.c */
	/* each backend's project files and install tool (src/model/
	 * project.c), parallel to backends.items */
	struct dl_model_project *projects;
};

/* Supplies the parsed document of f (the run's document cache). */
typedef const void *(*dl_model_doc_fn)(struct dl_file *f, void *payload);

/*
 * Builds the model of `repo` (borrowed; must outlive the model). `get`
 * returns each file's parsed document as the parser registry's types
 * (render.yaml: struct dl_yaml_doc, shell scripts: struct dl_cmdline,
 * requirements files: struct dl_requirements), or NULL when the file is
 * not lintable or cannot be read. Never fails: a file that does not
 * parse contributes nothing, and its own rules report it. Limits met
 * while walking commands are recorded with dl_repo_note_limit() (call on
 * the main thread). Release with dl_model_release().
 */
void dl_model_build(struct dl_model *m, struct dl_repo *repo, dl_model_doc_fn get,
		    void *payload);
void dl_model_release(struct dl_model *m);

/*
 * The requirements source starting at f, a file of the model's repository:
 * what `pip install -r f` reads, with every -r/-c include followed as
 * dl_req_set_collect() does. Collected on the first query and kept (so
 * that families asking for the same file share one set); NULL when f is
 * not in the repository.
 */
const struct dl_dep_source *dl_model_requirements(struct dl_model *m, struct dl_file *f);

/*
 * The parsed requirements of f, whatever its name: requirements*.txt
 * through the document cache, other files (an included "base.txt") parsed
 * once into the model's arena. NULL when f cannot be read.
 */
const struct dl_requirements *dl_model_requirements_doc(struct dl_model *m, struct dl_file *f);

/* The dependency set of backend be (an item of m->backends), or NULL. */
const struct dl_model_deps *dl_model_backend_deps(const struct dl_model *m,
						  const struct dl_backend *be);

/*
 * The variables file f sets (render.yaml or .env), a slice of m->envs;
 * *nr is set (0 when none). Likewise the database URLs among them, a
 * slice of m->dburls.
 */
const struct dl_model_env *dl_model_file_envs(const struct dl_model *m, const struct dl_file *f,
					      size_t *nr);
const struct dl_model_dburl *dl_model_file_dburls(const struct dl_model *m,
						  const struct dl_file *f, size_t *nr);

/*
 * The services a render.yaml variable reaches, as indexes in its
 * Blueprint's bp.services: a service's own item reaches that service
 * (*one is set and returned), an env group's item the services naming the
 * group (group_services). NULL with *nr 0 for a .env variable.
 */
const size_t *dl_model_env_services(const struct dl_model *m, const struct dl_model_env *e,
				    size_t *one, size_t *nr);

/* The model service of Blueprint service bs, or NULL. */
const struct dl_model_service *dl_model_service_of(const struct dl_model *m,
						   const struct dl_bp_service *bs);

/* ---- database URLs of every origin, and what the code does with them ---- */

struct dl_alembic;

/*
 * What the repository's Python code does with database URLs, read with the
 * Python tokenizer (deploylint/pytok.h) from every module (.py and
 * Alembic env.py) that mentions a URL or a driver setting:
 */
struct dl_model_dbcode {
	/* some module turns postgres:// into postgresql://: a short
	 * "postgres://" literal ("^postgres://", "postgres:") with a
	 * string-rewriting call (replace, startswith, sub, removeprefix,
	 * match, partition, split), or a drivername change beside a
	 * "postgresql..." literal */
	int rewrites_postgres;
	int strips_sslmode;    /* a non-URL "sslmode" literal with a call that
				* removes it (replace, pop, sub, discard, ...) */
	int stmt_cache_off;    /* statement_cache_size or
				* prepared_statement_cache_size set to 0 (or to
				* what cannot be read), or
				* prepared_statement_name_func */
	int prepare_threshold; /* psycopg 3's prepare_threshold is named */
	int pre_ping;          /* pool_pre_ping, pool_recycle or NullPool */
	/* the first module (path order) that calls create_engine( or
	 * create_async_engine(, and where: the call's name, 1-based, len
	 * bytes; NULL when none */
	struct dl_file *engine_file;
	struct dl_pos engine_pos;
	unsigned engine_len;
	/* the drivers code rewrites plain postgresql:// URLs to: every
	 * literal that is exactly "postgresql+DRIVER://", as the scheme
	 * without "://" ("postgresql+asyncpg"), each once, in the order met */
	const char **rewrite_schemes;
	size_t rewrite_nr;
};

/* The database part of the model (dl_model_db). */
struct dl_model_db {
	/* every database URL of the repository, in path order of the files
	 * (within a render.yaml its services' variables, then its groups'):
	 * the FROM_ENV ones are m->dburls' items, the others the model's */
	const struct dl_model_dburl **urls;
	size_t urls_nr;
	struct dl_model_dbcode code;
	/* the service names of every docker-compose file (docker-compose*.yml,
	 * compose.yaml, compose-*.yml...), in path order, NUL-terminated */
	const char **compose_services;
	size_t compose_nr;
	/* the alembic.ini and Python URLs (urls[] points into it) */
	struct dl_model_dburl *ext;
	size_t ext_nr;
};

/* Whether a file may matter to the database part: the read pass's
 * features (DL_FEAT_DB); a predicate that says 1 for every file works too,
 * only slower. */
typedef int (*dl_model_file_pred)(const struct dl_file *f, void *payload);

/*
 * The database part of the model: alembic.ini and Python URLs, the code
 * facts and the docker-compose service names, joined to the variables'
 * URLs. Built on the first call, after the read pass (it reads alembic.ini
 * through the Alembic model `a`, which may be NULL, and Python modules
 * only where `may_matter` says so) and kept: later calls return the same
 * part and ignore their arguments. A Python module this reads that was not
 * loaded before and mentions no database word is unloaded again. Owned by
 * the model; never NULL.
 */
const struct dl_model_db *dl_model_db(struct dl_model *m, const struct dl_alembic *a,
				      dl_model_file_pred may_matter, void *payload);

/*
 * The backends database URL u reaches (items of m->backends), in their
 * order, each once: for a render.yaml variable, the backends of the
 * services it reaches (dl_model_env_services); for any other URL written
 * in a file, the backends whose folder is the deepest one holding the
 * file (services sharing a rootDir are all listed); none for a value of
 * no file. Returns a malloc'd array the caller frees (NULL with *nr 0 when
 * none).
 */
const struct dl_backend **dl_model_dburl_backends(const struct dl_model *m,
						  const struct dl_model_dburl *u, size_t *nr);

/*
 * The render.yaml service whose environment `deploylint env --service NAME`
 * checks: the first service named `name` of the Blueprints (in path
 * order); with name NULL, the only service whose runtime is python or
 * unset (NULL when there are several or none). Sets *mb to its Blueprint.
 * Only Blueprints with a root mapping count.
 */
const struct dl_bp_service *dl_model_env_service(const struct dl_model *m, const char *name,
						 const struct dl_model_blueprint **mb);

/*
 * The first walked step (struct dl_model_step) of service `service` of
 * m->blueprints[blueprint] that runs migrations (dl_step_migrates),
 * looking at its buildCommand, then its preDeployCommand, then its
 * startCommand (dl_model_service.any_cmds: whatever the runtime), each
 * through `cd` and the repository scripts it runs, in walk order. NULL
 * when none (also for indexes out of range, or a service whose commands
 * the model did not read: a Blueprint with a YAML error, a rootDir
 * outside the repository). src/model/runs.c.
 */
const struct dl_model_step *dl_model_service_migration(const struct dl_model *m,
						       size_t blueprint, size_t service);

#endif
