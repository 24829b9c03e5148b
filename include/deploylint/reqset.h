/*
 * deploylint: the requirement set a requirements file installs, following
 * its -r/-c includes across the repository as pip does. A model-stage
 * module (src/model/reqset.c): the parser (deploylint/requirements.h)
 * reads one file's bytes; this finds, loads and joins files of the scanned
 * repository. Families read sets through the service model
 * (dl_model_requirements in deploylint/model.h), which collects each once.
 */
#ifndef DEPLOYLINT_REQSET_H
#define DEPLOYLINT_REQSET_H

#include <stddef.h>

#include "deploylint/repo.h"
#include "deploylint/requirements.h"

/* ---- the include graph ------------------------------------------------ */

/* One requirement reached through the include graph. */
struct dl_req_entry {
	const struct dl_requirement *req; /* borrowed from the file's document */
	struct dl_file *file;             /* the file it is written in */
	int constraint;                   /* reached through a -c include */
	unsigned depth;                   /* 0 = the starting file */
};

/* An include whose target is not in the repository, is outside it, forms
 * a cycle, or is too deep. */
struct dl_req_problem {
	const struct dl_req_include *include;
	struct dl_file *file; /* the including file */
	enum {
		DL_REQ_INC_MISSING = 1, /* no such file in the scanned tree */
		DL_REQ_INC_OUTSIDE,     /* climbs above the scanned root */
		DL_REQ_INC_URL,         /* an http(s) URL: not followed */
		DL_REQ_INC_CYCLE,       /* already being read: not followed */
		DL_REQ_INC_TOO_DEEP     /* more than DL_MAX_REQ_INCLUDE_DEPTH */
	} kind;
	char *resolved; /* malloc'd resolved path or NULL */
};

struct dl_req_set {
	struct dl_req_entry *entries; /* depth-first, file order */
	size_t nr, alloc;
	struct dl_file **files; /* every file read, starting file first */
	size_t files_nr, files_alloc;
	struct dl_req_problem *problems;
	size_t problems_nr, problems_alloc;
	struct dl_arena arena; /* documents parsed without a getter */
};

/*
 * Returns the parsed requirements of f. Rule families pass a getter that
 * calls dl_ctx_doc() so that each file is parsed once per run:
 *   static const struct dl_requirements *
 *   get(struct dl_file *f, void *ctx) { return dl_ctx_doc(ctx, f); }
 */
typedef const struct dl_requirements *(*dl_req_doc_fn)(struct dl_file *f,
						       void *payload);

/*
 * Fills `out` with the requirements `start` installs: its own lines, then
 * (in place, depth first) those of every -r include, and those of -c
 * includes marked `constraint`. Targets are resolved as pip does, relative
 * to the including file's folder (absolute paths and URLs are not
 * followed). A file is read at most once per set (a second include of it,
 * or a cycle, is recorded and skipped); nesting stops at
 * DL_MAX_REQ_INCLUDE_DEPTH. `get` (may be NULL) supplies parsed
 * documents; files it returns NULL for are parsed into out->arena unless
 * they are DL_KIND_REQUIREMENTS files (which the getter is expected to
 * know: NULL there means not lintable), so that included files with other
 * names ("base.txt", "constraints.txt") are read too. Release with
 * dl_req_set_release().
 */
void dl_req_set_collect(struct dl_req_set *out, struct dl_repo *repo,
			struct dl_file *start, dl_req_doc_fn get, void *payload);
void dl_req_set_release(struct dl_req_set *set);

/*
 * Whether the set installs the project `normalised_name` (PEP 503 form,
 * e.g. "psycopg2-binary"): some non-constraint entry names it. With
 * `extra` non-NULL, the entry must also request that extra ("standard" for
 * uvicorn[standard]). Returns the first such entry, or NULL. A constraint
 * alone never installs anything (pip reads constraints only for packages
 * something else requires).
 */
const struct dl_req_entry *dl_requirements_provides(const struct dl_req_set *set,
						    const char *normalised_name,
						    const char *extra);
/*
 * The constraint that applies to `normalised_name`, if a -c file of the set
 * names it with a specifier; NULL otherwise.
 */
const struct dl_req_entry *dl_req_set_constraint(const struct dl_req_set *set,
						 const char *normalised_name);
/*
 * The requirements file a backend in folder `dir` ("" = root) installs by
 * default: dir/requirements.txt, else dir/requirements/prod.txt,
 * production.txt, base.txt, main.txt, in that order. NULL when none
 * exists or it is not lintable.
 */
struct dl_file *dl_requirements_default(const struct dl_repo *repo, const char *dir);

#endif
