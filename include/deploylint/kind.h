/*
 * deploylint: file kinds. classify assigns one to every scanned path from
 * its name; the Alembic model later promotes *.py files under a version
 * location to DL_KIND_ALEMBIC_REVISION.
 */
#ifndef DEPLOYLINT_KIND_H
#define DEPLOYLINT_KIND_H

#define DL_KIND_LIST(X)                         \
	X(TEXT, "text")                         \
	X(RENDER_YAML, "render-yaml")           \
	X(RUNTIME_TXT, "runtime-txt")           \
	X(PYTHON_VERSION, "python-version")     \
	X(DOTENV, "dotenv")                     \
	X(ALEMBIC_INI, "alembic-ini")           \
	X(ALEMBIC_ENV_PY, "alembic-env-py")     \
	X(ALEMBIC_REVISION, "alembic-revision") \
	X(REQUIREMENTS, "requirements")         \
	X(SHELL, "shell")                       \
	X(PROCFILE, "procfile")                 \
	X(PYPROJECT, "pyproject")               \
	X(PYTHON, "python")                     \
	X(YAML, "yaml")

enum dl_kind {
#define DL_KIND_ENUM(name, str) DL_KIND_##name,
	DL_KIND_LIST(DL_KIND_ENUM)
#undef DL_KIND_ENUM
	DL_KIND_COUNT
};

/* Stable lower-case name of a kind, e.g. "render-yaml". */
const char *dl_kind_name(enum dl_kind kind);

/*
 * Classifies a '/'-separated path relative to the scanned root by its name
 * alone (no I/O): render.yaml/render.yml, runtime.txt, .python-version,
 * .env and .env.* files, alembic.ini, env.py, requirements*.txt and
 * requirements/ *.txt, *.sh, Procfile, pyproject.toml, *.py, other *.yml /
 * *.yaml, and DL_KIND_TEXT for everything else.
 */
enum dl_kind dl_classify_path(const char *path);

#endif
