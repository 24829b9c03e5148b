/*
 * deploylint: Python backends and their Python versions. Finds every backend
 * (a render.yaml service, or a folder holding requirements files or the
 * pyproject.toml/Pipfile of a web project), reads
 * each place a Python version can be set for it, and resolves the version
 * Render builds with, in Render's precedence.
 */
#ifndef DEPLOYLINT_PYVERSION_H
#define DEPLOYLINT_PYVERSION_H

#include <stddef.h>

#include "deploylint/finding.h"
#include "deploylint/parse.h"
#include "deploylint/pep440.h"
#include "deploylint/repo.h"

/* A Python version as X, X.Y or X.Y.Z (absent parts are -1). */
struct dl_pyver {
	int major, minor, patch;
};

/*
 * Reads "X.Y" or "X.Y.Z" (digits only, no white space, no prefix, each
 * number below 1000) from `len` bytes of s. Returns 0, or -1.
 */
int dl_pyver_parse(struct dl_pyver *out, const char *s, size_t len);
/* Appends "X.Y" or "X.Y.Z" to sb. */
void dl_pyver_format(struct dl_strbuf *sb, const struct dl_pyver *v);

enum dl_pysrc_kind {
	DL_PYSRC_ENV = 0,     /* render.yaml envVars PYTHON_VERSION (the
			       * service's own, else a fromGroup group's) */
	DL_PYSRC_FILE,        /* .python-version (rootDir, else repo root) */
	DL_PYSRC_RUNTIME_TXT, /* runtime.txt (rootDir, else repo root) */
	DL_PYSRC_PYPROJECT,   /* pyproject.toml [project] requires-python */
	DL_PYSRC_DOCKERFILE,  /* Dockerfile (else a lowercase dockerfile)
			       * FROM python:X.Y[...]; a python tag with no
			       * X.Y (python:slim) leaves version unset */
	DL_PYSRC__COUNT
};

/* "PYTHON_VERSION", ".python-version", "runtime.txt", ... */
const char *dl_pysrc_name(enum dl_pysrc_kind kind);

/*
 * One place a version is set. `version` is what the source names when it
 * is readable (PYTHON_VERSION "3.10" gives 3.10 even though Render refuses
 * it; runtime.txt "python-3.11.9" gives 3.11.9), else unset (major -1).
 */
struct dl_pysource {
	int present;
	struct dl_file *file;    /* the file it is in */
	struct dl_region region; /* the value token */
	char *text;              /* the value as written (malloc'd; for
				  * YAML the scalar's text) */
	struct dl_pyver version;
	int yaml_plain;                 /* ENV: the YAML scalar is unquoted */
	struct dl_pep440_specset specs; /* PYPROJECT: requires-python */
	int specs_valid;
	int from_arg;    /* DOCKERFILE: the image word holds an ARG
			  * reference, read with its static default */
	int shadowed_nr; /* further files of this kind that the
			  * backend also sees (root and rootDir) */
};

enum dl_pyeff_from {
	DL_PYEFF_ENV = 1, /* PYTHON_VERSION */
	DL_PYEFF_FILE,    /* .python-version */
	DL_PYEFF_DEFAULT  /* nothing set: Render's default assumed */
};

struct dl_backend {
	char *dir;                               /* "" = repo root; a service's rootDir */
	char *service;                           /* render.yaml service name, or NULL */
	struct dl_file *render_yaml;             /* the Blueprint naming it, or NULL */
	const struct dl_yaml_node *service_node; /* its mapping, or NULL */
	int python;                              /* runtime python (or no runtime and a
						  * requirements file) */
	int docker;                              /* runtime docker; or, with no
						  * Blueprint naming the folder,
						  * a Dockerfile FROM python[:tag]
						  * (the backend runs in that image) */
	int render_targeted;                     /* a Blueprint exists, or a shell script
						  * or README mentions Render */
	struct dl_pysource src[DL_PYSRC__COUNT];
	/* The effective version: PYTHON_VERSION, else .python-version, else
	 * Render's current default (the newest row of the embedded table). */
	enum dl_pyeff_from eff_from;
	struct dl_pyver eff;
	struct dl_file *requirements; /* dl_requirements_default(dir), or NULL */
	struct dl_file *project;      /* a folder backend with no requirements
				       * file: the pyproject.toml or Pipfile
				       * that makes it one; else NULL */
};

struct dl_backends {
	struct dl_backend *items; /* services in Blueprint order, then
				   * folders in path order */
	size_t nr, alloc;
	struct dl_arena arena; /* pyproject specifier sets */
};

/* Returns f's parsed document as the parser registry's types (callers
 * pass a wrapper around dl_ctx_doc()). */
typedef const void *(*dl_doc_fn)(struct dl_file *f, void *payload);

/*
 * Finds the backends of `repo`: every service of every render.yaml
 * (services[] and projects[].environments[].services[]) other than
 * static sites, key-value stores and non-Python runtimes, with dir = its
 * rootDir ("" when absent, "./" and trailing '/' removed); a render.yaml
 * that does not parse contributes no services. Then every folder holding a
 * requirements*.txt (or a requirements/ folder) that lies under no
 * service's dir (and is no other folder backend's); then, the same way,
 * every folder holding a pyproject.toml or a Pipfile whose main
 * dependencies name a web framework or an ASGI/WSGI server
 * (rules/data/web-backend-packages.tsv: a library's or a tool's project
 * is no backend) or that holds a Render build script (render-build.sh,
 * render_build.sh, render/build.sh), with `project` set to that file.
 * Then reads each backend's version sources and resolves its effective
 * version. `get` supplies parsed render.yaml documents.
 */
void dl_backends_build(struct dl_backends *out, struct dl_repo *repo,
		       dl_doc_fn get, void *payload);
void dl_backends_release(struct dl_backends *b);

/*
 * The backend whose dir is the deepest one holding `path` (a file path),
 * or NULL. Used to find the Python a requirements file is installed with.
 */
const struct dl_backend *dl_backends_for_path(const struct dl_backends *b,
					      const char *path);

/*
 * Render's default Python for services created today: the newest row of
 * rules/data/render-default-python.tsv. Deterministic (no clock read).
 */
struct dl_pyver dl_pyver_render_default(void);

/*
 * Newest patch release known for minor X.Y (rules/data/python-versions.tsv),
 * or -1 when the table has no such minor.
 */
int dl_pyver_latest_patch(int major, int minor);

/*
 * Reads `[project]` `requires-python = "..."` from pyproject.toml text:
 * a TOML subset (tables, basic "..." and literal '...' strings on one
 * line, comments); arrays, inline tables, multi-line strings and dotted
 * keys are not read. Returns 1 with the string (malloc'd, caller frees)
 * and its position (the opening quote), or 0 when absent.
 */
int dl_pyproject_requires_python(char **out, struct dl_pos *pos,
				 const char *data, size_t len);

#endif
