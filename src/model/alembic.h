/*
 * deploylint: the Alembic model. Finds every script location (alembic.ini's
 * script_location, and folders holding env.py beside versions/), reads the
 * revision files of each lexically and builds each revision graph. Problems
 * are recorded here; rules/alembic.c turns them into findings.
 */
#ifndef DEPLOYLINT_MODEL_ALEMBIC_H
#define DEPLOYLINT_MODEL_ALEMBIC_H

#include <stddef.h>

#include "deploylint/parse.h"
#include "deploylint/repo.h"
#include "model/runs.h"

struct dl_alembic_ini {
	struct dl_file *file;
	struct dl_ini ini;
};

enum dl_revision_state {
	DL_REV_OK = 0,
	DL_REV_NO_ID, /* no `revision` and no legacy hex file name */
	DL_REV_BAD_ID /* `revision` is not a string literal */
};

struct dl_revision {
	struct dl_file *file;
	struct dl_revfile rf;
	enum dl_revision_state state;
	const char *id;       /* NULL unless state == DL_REV_OK */
	struct dl_pos id_pos; /* the literal, or 1:1 for legacy ids */
	unsigned id_end_col;
	/* Alembic keeps the last file it loads for an id (RevisionMap's
	 * dict assignment): for the other files with that id, the index of
	 * the kept one; -1 for the kept file and for unique ids */
	int duplicate_of;
	size_t load_rank; /* position in Alembic's load order */
	/* graph, over kept revisions (duplicate_of == -1) */
	size_t *down; /* resolved down_revision indices */
	size_t down_nr;
	size_t *deps; /* resolved depends_on indices */
	size_t deps_nr;
	int is_head;
	int is_base; /* down_revision is None (or absent) */
	int in_cycle;
	int cycle_item;     /* index into rf.down_revision.items (or -1) */
	int cycle_dep_item; /* index into rf.depends_on.items (or -1) */
	long label_owner;   /* nearest labelled ancestor, -1 none, -2 mixed */
	/* among the heads Alembic reports: a kept revision no kept revision
	 * names as down_revision, or an overridden duplicate (Alembic never
	 * takes those out of its head set) */
	int alembic_head;
};

/* Why Alembic cannot load a location's revision map (the first error it
 * raises, in the order script/revision.py checks). */
enum dl_alembic_error {
	DL_ALEMBIC_LOADS = 0,
	DL_ALEMBIC_LOOP,        /* LoopDetected / DependencyLoopDetected */
	DL_ALEMBIC_BAD_ID,      /* RevisionError: illegal character, or no id */
	DL_ALEMBIC_LABEL_TAKEN, /* RevisionError: branch name already used */
	DL_ALEMBIC_MISSING,     /* KeyError: a reference names nothing */
	DL_ALEMBIC_CYCLE,       /* CycleDetected */
	DL_ALEMBIC_DEP_CYCLE,   /* DependencyCycleDetected */
	DL_ALEMBIC_UNKNOWN      /* a file deploylint cannot read */
};

/* Where a location's folder was resolved from (relative script_location). */
enum dl_location_base {
	DL_BASE_HERE = 0, /* %(here)s, a package resource, or no ini */
	DL_BASE_COMMAND,  /* the folder a command runs alembic -c INI in */
	DL_BASE_INI_DIR,  /* no command names the ini: the ini's folder */
	DL_BASE_ROOT      /* no command; missing beside the ini, but present
			   * from the repository root */
};

enum dl_location_problem {
	DL_LOC_OK = 0,
	DL_LOC_NO_SECTION,        /* alembic.ini has no [alembic] */
	DL_LOC_NO_KEY,            /* [alembic] has no script_location */
	DL_LOC_BAD_INTERPOLATION, /* script_location cannot be interpolated */
	DL_LOC_OUTSIDE,           /* resolves outside the scanned root */
	DL_LOC_MISSING,           /* the folder does not exist */
	DL_LOC_NO_ENV_PY          /* the folder has no env.py */
};

struct dl_version_dir {
	char *dir; /* relative to the scanned root */
	int missing;
	int outside;
	const char *raw; /* the entry as written (arena) */
};

struct dl_script_location {
	char *dir;                  /* relative to root; NULL when unresolved */
	struct dl_alembic_ini *ini; /* NULL for the Flask-Migrate layout */
	enum dl_location_problem problem;
	const char *raw; /* script_location as written (arena) */
	struct dl_file *env_py;
	struct dl_version_dir *versions;
	size_t versions_nr;
	int recursive;
	int explicit_versions;    /* version_locations was given */
	int shared;               /* an earlier location names the same folder */
	int flask_migrate;        /* ini without script_location beside env.py */
	int unreadable;           /* a revision file could not be parsed: the
				   * graph is incomplete */
	struct dl_file *cut_at;   /* the first revision file left unread past
				   * DL_MAX_REVISIONS (the graph is
				   * incomplete), or NULL */
	struct dl_revision *revs; /* sorted by file path */
	size_t revs_nr;
	size_t *load_order; /* revs indices in Alembic's load order: version
			     * locations as listed, file names sorted, with
			     * recursive_version_locations a folder's files
			     * before its sorted subfolders (os.walk) */
	/* what Alembic says when it builds the revision map */
	enum dl_alembic_error alembic_error;
	const char *alembic_message; /* "CycleDetected: Cycle is detected in
				      * revisions (a, b)" (arena), or NULL */
	long error_rev;              /* revs index the error is about, or -1 */
	/* relative script_location: the folder it was resolved against */
	enum dl_location_base base;
	const struct dl_alembic_run *run; /* DL_BASE_COMMAND: the command */
};

/* A versions/ folder with .py files outside every script location. */
struct dl_stray_versions {
	char *dir;
	struct dl_file *first;
};

struct dl_alembic {
	struct dl_arena arena;
	struct dl_alembic_ini *inis;
	size_t inis_nr;
	struct dl_script_location *locs; /* sorted by dir, then ini path */
	size_t locs_nr, locs_alloc;
	struct dl_stray_versions *strays;
	size_t strays_nr;
	struct dl_runs runs; /* where the repository's commands run alembic */
};

/*
 * Builds the model for `repo`: loads and parses every alembic.ini and every
 * revision file (marking those files DL_KIND_ALEMBIC_REVISION), resolves
 * each graph. The folders `alembic` runs in come from the deploy commands
 * of the service model m (dl_runs_collect; m borrowed, may be NULL: then
 * every ini resolves from its own folder). Never fails; problems are
 * recorded in the model.
 */
void dl_alembic_build(struct dl_alembic *out, struct dl_repo *repo, const struct dl_model *m);
void dl_alembic_release(struct dl_alembic *a);

/*
 * The commands that run alembic with location `loc`'s ini (-c/--config,
 * else alembic.ini in their folder): stores at most `max` of them in
 * out[], in the order dl_runs_collect meets them; returns how many.
 */
size_t dl_alembic_runs_for(const struct dl_alembic *a,
			   const struct dl_script_location *loc,
			   const struct dl_alembic_run **out, size_t max);

#endif
