/*
 * deploylint: dependency sources other than pip requirements files, each
 * read into one shape with positions: pyproject.toml (PEP 621 [project],
 * Poetry's [tool.poetry], uv's [tool.uv] and PEP 735 [dependency-groups]),
 * poetry.lock, uv.lock, Pipfile and Pipfile.lock.
 *
 * TOML goes through include/deploylint/toml.h (toml++), JSON through
 * jansson. PEP 508 strings go through the pip requirement parser
 * (dl_requirements_parse) and specifiers through dl_pep440_specset_parse,
 * so a dependency from pyproject.toml and one from requirements.txt are
 * read alike. Poetry's own constraint syntax is converted to a PEP 440
 * specifier set as poetry-core does (dl_poetry_constraint, below).
 *
 * The model (src/model/) owns which sources a service installs and how
 * they combine; these functions only read one file each
 * (docs/dependency-sources.md says how to plug them in).
 *
 * Every string and array reachable from a struct dl_depsource is borrowed
 * from the arena given to the reader and lives exactly as long as it.
 * Positions are 1-based lines and 1-based byte columns in that file.
 */
#ifndef DEPLOYLINT_DEPSOURCE_H
#define DEPLOYLINT_DEPSOURCE_H

#include <stddef.h>

#include "deploylint/parse.h"
#include "deploylint/pep440.h"
#include "deploylint/requirements.h"

enum dl_depsource_kind {
	DL_DEPSRC_PYPROJECT = 1, /* pyproject.toml */
	DL_DEPSRC_POETRY_LOCK,   /* poetry.lock */
	DL_DEPSRC_UV_LOCK,       /* uv.lock */
	DL_DEPSRC_PIPFILE,       /* Pipfile */
	DL_DEPSRC_PIPFILE_LOCK   /* Pipfile.lock */
};

/* Where in its file a dependency is declared. */
enum dl_dep_section {
	/* what a plain install gets: [project] dependencies,
	 * [tool.poetry.dependencies], Pipfile [packages], Pipfile.lock
	 * "default" */
	DL_DEP_MAIN = 1,
	/* an extra: [project.optional-dependencies].<extra> (group = the
	 * extra), or a Poetry dependency with optional = true (group = the
	 * first [tool.poetry.extras] entry naming it, or NULL) */
	DL_DEP_OPTIONAL,
	/* a group: [dependency-groups].<g>, [tool.poetry.group.<g>.
	 * dependencies], [tool.poetry.dev-dependencies] and [tool.uv]
	 * dev-dependencies (group "dev"), Pipfile [dev-packages] and
	 * Pipfile.lock "develop" (group "dev"), other Pipfile categories
	 * (group = the category) */
	DL_DEP_GROUP,
	/* a [[package]] of poetry.lock or uv.lock (group: see below) */
	DL_DEP_LOCKED
};

/* What the dependency installs from. */
enum dl_dep_origin {
	DL_DEP_INDEX = 0, /* a package index (the default) */
	DL_DEP_URL,       /* a direct URL or file: PEP 508 "name @ URL",
			   * Poetry url/file, uv.lock source url */
	DL_DEP_PATH,      /* a local path: Poetry/Pipfile path, uv.lock
			   * source path/directory/editable/virtual */
	DL_DEP_VCS        /* git/hg/svn: Poetry git, Pipfile git, uv.lock
			   * source git */
};

struct dl_dependency {
	const char *name;       /* as written */
	const char *normalised; /* PEP 503 (lower case, runs of -_. -> '-') */
	struct dl_pos name_pos; /* the name (the key, or inside the PEP 508
				 * string) */
	/*
	 * The PEP 440 specifier set the dependency allows: as written for
	 * PEP 508 strings and Pipfile ("*" becomes NULL), converted for
	 * Poetry ("^2.0" -> ">=2.0,<3.0"), "==V" for lock entries. NULL
	 * when any version goes. `specs` is it parsed (empty when NULL or
	 * invalid; spec_invalid then tells which).
	 */
	const char *specifier;
	struct dl_pep440_specset specs;
	int spec_invalid;
	/* A Poetry union ("^1.0 || ^2.0"), which no PEP 440 specifier set
	 * can say: specifier is NULL, `written` holds it. */
	int spec_union;
	const char *written;    /* the version text as the file writes it
				 * (Poetry "^2.0", Pipfile "*", a lock's
				 * "2.0.20"), NULL when none */
	struct dl_pos spec_pos; /* where `written` (or the specifier inside
				 * a PEP 508 string) starts; the name's
				 * position when there is none */
	const char *version;    /* lock files: the locked version ("2.0.20",
				 * Pipfile.lock's "==2.0.20" without "=="),
				 * NULL elsewhere */
	const char *extras;     /* requested extras, comma-separated as in
				 * a requirement ("asyncio,binary"), or NULL */
	const char *marker;     /* PEP 508 environment marker, or NULL.
				 * Poetry's `python = "^3.8"` on a dependency
				 * becomes python_version markers joined to
				 * it with "and" */
	struct dl_pos marker_pos;
	enum dl_dep_origin origin;
	const char *url; /* URL, path or VCS location, or NULL */
	int editable;    /* Poetry develop / Pipfile editable /
			  * uv.lock source editable */
	enum dl_dep_section section;
	/* the extra or group (see enum dl_dep_section); for DL_DEP_LOCKED:
	 * poetry.lock's first `groups` entry (lock format 2.1) or
	 * "main"/"dev" from `category` (older locks), NULL for uv.lock */
	const char *group;
	/* uv.lock: a project of the workspace (source editable or virtual:
	 * the root "." or a member such as "backend"), which a lock lists
	 * but the index never installs */
	int is_project;
	const char *file; /* the source file, as given to the reader */
	/* the pip parse of a PEP 508 string, or NULL for other forms */
	const struct dl_requirement *req;
};

/* An entry that was skipped, or a value of the wrong type. */
struct dl_dep_problem {
	struct dl_pos pos;
	const char *message; /* arena-owned; quotes no value */
};

struct dl_depsource {
	enum dl_depsource_kind kind;
	const char *file;
	struct dl_dependency *deps; /* file order (by position) */
	size_t nr;
	/*
	 * The Python versions the file allows, as a PEP 440 specifier set:
	 * [project] requires-python; else Poetry's
	 * [tool.poetry.dependencies] python (converted); poetry.lock's
	 * [metadata] python-versions (converted); uv.lock's
	 * requires-python; Pipfile [requires] python_full_version ("==V") or
	 * python_version ("==X.Y.*"); Pipfile.lock's _meta.requires the
	 * same way. NULL when the file says nothing.
	 */
	const char *requires_python;
	const char *requires_python_written; /* as written */
	struct dl_pos requires_python_pos;
	struct dl_pep440_specset python_specs;
	int python_invalid;
	/* pyproject.toml only: Poetry's python constraint when
	 * [project] requires-python is there too (Poetry 2 reads both and
	 * uses the narrower), else NULL */
	const char *poetry_python;
	struct dl_pos poetry_python_pos;
	/* pyproject.toml: [project] name, else [tool.poetry] name */
	const char *project_name;
	struct dl_pos project_name_pos;
	int has_project;  /* a [project] table */
	int dynamic_deps; /* "dependencies" in [project] dynamic */
	int has_poetry;   /* a [tool.poetry] table */
	int package_mode; /* [tool.poetry] package-mode: -1 when
			   * absent, else 0 or 1 */
	struct dl_pos package_mode_pos;
	int has_uv; /* a [tool.uv] table */
	/* lock files: the format version (poetry.lock [metadata]
	 * lock-version, uv.lock version, Pipfile.lock _meta.pipfile-spec),
	 * NULL when absent */
	const char *lock_version;
	/* The file is not valid TOML/JSON (PARSE001): nothing else is set
	 * but kind and file. */
	struct dl_parse_error error;
	struct dl_dep_problem *problems; /* in file order */
	size_t problems_nr;
};

/*
 * Which source a file name is ("pyproject.toml", "poetry.lock",
 * "uv.lock", "Pipfile", "Pipfile.lock": the base name of a '/'-separated
 * path, compared exactly), or 0.
 */
enum dl_depsource_kind dl_depsource_kind_for(const char *path);

/*
 * Reads `len` bytes of `data`, the contents of `file` (kept as the
 * dependencies' file), as a source of `kind` into `out`, from `arena`.
 * Never fails: a file that is not TOML (or JSON for Pipfile.lock) sets
 * out->error (position and message, ready for PARSE001); an entry of the
 * wrong shape is skipped and recorded in out->problems; everything else is
 * kept.
 *
 * pyproject.toml: [project] name, requires-python, dependencies (PEP 508),
 *   optional-dependencies, dynamic; [tool.poetry] name, package-mode,
 *   dependencies (python included, as requires_python or poetry_python),
 *   dev-dependencies, group.<g>.dependencies, extras; [tool.uv]
 *   dev-dependencies; [dependency-groups] (PEP 735; {include-group} items
 *   are not followed).
 * poetry.lock: [[package]] name, version, markers (a string, or Poetry 2's
 *   table of group -> marker: the "main" one, else the first), groups /
 *   category, source; [metadata] python-versions and lock-version.
 * uv.lock: version, requires-python, [[package]] name, version, source.
 * Pipfile: [packages], [dev-packages] and other categories (a value "*",
 *   a specifier, or a table with version, extras, markers, git, path,
 *   file, editable), [requires] python_version / python_full_version.
 * Pipfile.lock: _meta.requires, _meta.pipfile-spec, "default" and
 *   "develop" (version "==V", extras, markers, git, path, file, editable).
 *   jansson keeps no positions: each one is found by searching the raw
 *   text for the key as pipenv writes it ("name": after the section's
 *   key), falling back to the section's position.
 */
void dl_depsource_read(struct dl_depsource *out, struct dl_arena *arena,
		       enum dl_depsource_kind kind, const char *file,
		       const char *data, size_t len);

/* The first dependency whose normalised name is `normalised` (PEP 503
 * form), or NULL. */
const struct dl_dependency *dl_depsource_find(const struct dl_depsource *src,
					      const char *normalised);

/*
 * Converts one Poetry version constraint (pyproject [tool.poetry]
 * dependencies, poetry.lock python-versions) to a PEP 440 specifier set,
 * as poetry-core (poetry/core/constraints/version/parser.py:
 * parse_constraint, parse_single_constraint; version next_breaking) reads
 * it, and appends it to `out`:
 *   "*"  "x"  "X"           -> "" (any version)
 *   "^X.Y.Z"                -> ">=X.Y.Z,<B", B the next breaking release:
 *                              X+1 when X > 0 or only X is given, else
 *                              0.(Y+1) when Y > 0 or Z is not given, else
 *                              0.0.(Z+1) (^1.2 -> >=1.2,<2.0; ^0.2.3 ->
 *                              >=0.2.3,<0.3.0; ^0.0.3 -> >=0.0.3,<0.0.4)
 *   "~X.Y.Z"                -> ">=X.Y.Z,<X.(Y+1).0" (~X -> ">=X,<X+1")
 *   "~=X.Y"                 -> "~=X.Y" (PEP 440 already)
 *   "X.Y.*" "X.Y.x" "==X.*" -> "==X.Y.*"; "!=X.Y.*" kept
 *   "<X.*" "<=X.*" ">X.*" ">=X.*" "=X.*" -> the wildcard dropped ("<X",
 *                              "==X"), as poetry-core does
 *   "X.Y.Z" "=X.Y.Z"        -> "==X.Y.Z"
 *   "<V" "<=V" ">V" ">=V" "!=V" "==V" -> kept (white space after the
 *                              operator dropped)
 *   items joined by "," or white space -> every one must hold (joined
 *                              with ","); a leading 'v' is dropped
 * Padding follows the constraint as written (^1.2 -> <2.0, ^1 -> <2).
 * Refused as poetry-core refuses them: "", "^ 1.2" (a space after '^'),
 * "^1.*" and "~1.*" (wildcards after ^, ~, ~=), ".x" wildcards after an
 * operator other than == and !=, "a,,b" and a leading ','; and "~=1" (one
 * release component: not PEP 440, and poetry-core versions disagree on
 * it). tests/scripts/poetry_diff.sh checks all of this against
 * poetry-core on generated constraints.
 * Returns 0; 1 when the constraint is a union ("||" or "|"), which PEP
 * 440 cannot say (nothing appended); -1 when it is not a constraint (out
 * holds what came before the bad item).
 */
int dl_poetry_constraint(struct dl_strbuf *out, const char *s, size_t len);

#endif
