/*
 * deploylint: classify a path into a file kind by its name alone.
 */
#include "deploylint/kind.h"

#include <string.h>

#include "deploylint/util.h"

static const char *const kind_names[] = {
#define DL_KIND_NAME(name, str) str,
	DL_KIND_LIST(DL_KIND_NAME)
#undef DL_KIND_NAME
};

const char *
dl_kind_name(enum dl_kind kind)
{
	if ((size_t)kind >= DL_ARRAY_SIZE(kind_names))
		return "unknown";
	return kind_names[kind];
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The name of the directory holding `path`, or "" at the top level. */
static int
parent_is(const char *path, const char *name)
{
	const char *base = dl_path_basename(path);
	size_t n = strlen(name);
	if (base == path)
		return 0;
	if ((size_t)(base - path) < n + 1)
		return 0;
	if (strncmp(base - 1 - n, name, n) != 0)
		return 0;
	return base - 1 - n == path || base[-2 - (ptrdiff_t)n] == '/';
}

enum dl_kind
dl_classify_path(const char *path)
{
	const char *base = dl_path_basename(path);

	if (!strcmp(base, "render.yaml") || !strcmp(base, "render.yml"))
		return DL_KIND_RENDER_YAML;
	if (!strcmp(base, "runtime.txt"))
		return DL_KIND_RUNTIME_TXT;
	if (!strcmp(base, ".python-version"))
		return DL_KIND_PYTHON_VERSION;
	if (!strcmp(base, ".env") || has_prefix(base, ".env."))
		return DL_KIND_DOTENV;
	if (!strcmp(base, "alembic.ini"))
		return DL_KIND_ALEMBIC_INI;
	if (!strcmp(base, "env.py"))
		return DL_KIND_ALEMBIC_ENV_PY;
	if (has_suffix(base, ".txt") &&
	    (has_prefix(base, "requirements") || parent_is(path, "requirements")))
		return DL_KIND_REQUIREMENTS;
	if (has_suffix(base, ".sh") || has_suffix(base, ".bash"))
		return DL_KIND_SHELL;
	if (!strcmp(base, "Procfile"))
		return DL_KIND_PROCFILE;
	if (!strcmp(base, "pyproject.toml"))
		return DL_KIND_PYPROJECT;
	if (has_suffix(base, ".py"))
		return DL_KIND_PYTHON;
	if (has_suffix(base, ".yaml") || has_suffix(base, ".yml"))
		return DL_KIND_YAML;
	return DL_KIND_TEXT;
}
