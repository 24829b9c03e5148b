/*
 * deploylint: the render.yaml Blueprint model, a typed view over the YAML
 * tree of one render.yaml (services, databases, envVarGroups, previews,
 * projects/environments) that keeps every field's YAML node for positions.
 */
#ifndef DEPLOYLINT_BLUEPRINT_H
#define DEPLOYLINT_BLUEPRINT_H

#include <stddef.h>

#include "deploylint/parse.h"
#include "deploylint/repo.h"

/*
 * The source of one envVars item. Render's Blueprint spec allows exactly
 * one of `value`, `generateValue`, `sync`, `fromDatabase`, `fromService`
 * beside `key`, or an item that is only `fromGroup: NAME`.
 */
enum dl_bp_source {
	DL_BP_SRC_NONE = 0, /* none of the source keys */
	DL_BP_SRC_VALUE,    /* value: ... */
	DL_BP_SRC_GENERATE, /* generateValue: ... */
	DL_BP_SRC_SYNC,     /* sync: ... (only `false` is meaningful) */
	DL_BP_SRC_DATABASE, /* fromDatabase: {name, property} */
	DL_BP_SRC_SERVICE,  /* fromService: {type, name, property|envVarKey} */
	DL_BP_SRC_GROUP,    /* fromGroup: NAME */
	DL_BP_SRC__COUNT
};

/*
 * One envVars item. Every node pointer is borrowed from the YAML document
 * (aliases resolved) and NULL when the field is absent; `name` is the
 * `key` scalar's text, or NULL when `key` is absent or not a scalar.
 */
struct dl_bp_envvar {
	const struct dl_yaml_node *node; /* the item */
	const struct dl_yaml_node *key;  /* `key` value node */
	const char *name;
	enum dl_bp_source source;              /* the first source key present */
	unsigned sources;                      /* bit (1u << src) per source key
						* present; several bits = RND003 */
	const struct dl_yaml_node *value;      /* the value node of `source` */
	const struct dl_yaml_node *source_key; /* its key node (positions) */
	/* fromDatabase / fromService / fromGroup details */
	const struct dl_yaml_node *from_name;     /* .name, or fromGroup's scalar */
	const struct dl_yaml_node *from_type;     /* fromService.type */
	const struct dl_yaml_node *from_property; /* .property */
	const struct dl_yaml_node *from_env_key;  /* fromService.envVarKey */
};

struct dl_bp_envvars {
	const struct dl_yaml_node *node; /* the envVars value, or NULL */
	struct dl_bp_envvar *items;      /* mapping items, in order */
	size_t nr;
};

/*
 * One service. The node fields are the values of the like-named keys
 * (`env` is the deprecated spelling of `runtime`; `autoDeploy` the old
 * boolean of `autoDeployTrigger`). Strings are the scalars' text or NULL.
 */
struct dl_bp_service {
	const struct dl_yaml_node *node; /* the service mapping */
	size_t scope;                    /* 0: top level; k >= 1: the k-th
					  * projects[].environments[] entry */
	const struct dl_yaml_node *type, *runtime, *env, *name, *plan, *region,
		*root_dir, *build_command, *start_command, *pre_deploy_command,
		*health_check_path, *dockerfile_path, *docker_context,
		*docker_command, *num_instances, *auto_deploy,
		*auto_deploy_trigger, *repo, *image;
	const char *type_s, *name_s, *plan_s, *region_s;
	const char *runtime_s; /* runtime, else env, else NULL */
	/*
	 * The folder Render runs the service's commands in, relative to the
	 * scanned root and normalised ("" = the root): rootDir when set (it is
	 * relative to the repository root, not to render.yaml), else "".
	 * malloc'd, owned by the blueprint.
	 */
	char *work_dir;
	int root_dir_outside; /* rootDir climbs above the root */
	struct dl_bp_envvars env_vars;
};

struct dl_bp_database {
	const struct dl_yaml_node *node;
	size_t scope;
	const struct dl_yaml_node *name, *plan, *region, *database_name, *user,
		*postgres_major_version;
	const char *name_s, *plan_s;
};

struct dl_bp_group {
	const struct dl_yaml_node *node;
	size_t scope;
	const struct dl_yaml_node *name;
	const char *name_s;
	struct dl_bp_envvars env_vars;
};

/*
 * A sequence-valued collection (services, databases, envVarGroups) found
 * in one scope: its key node and value node, for structure checks.
 */
struct dl_bp_list {
	size_t scope;
	const struct dl_yaml_node *key;   /* the `services` key node */
	const struct dl_yaml_node *value; /* its value (alias resolved) */
};

struct dl_blueprint {
	struct dl_file *file;            /* the render.yaml */
	const struct dl_yaml_doc *doc;   /* borrowed (dl_ctx_doc) */
	const struct dl_yaml_node *root; /* the top-level mapping, or NULL
					  * (empty document, or not a
					  * mapping: see root_not_mapping) */
	int root_not_mapping;
	char *dir; /* the render.yaml's folder ("" =
		    * scanned root), malloc'd */
	struct dl_bp_service *services;
	size_t services_nr;
	struct dl_bp_database *databases;
	size_t databases_nr;
	struct dl_bp_group *groups;
	size_t groups_nr;
	struct dl_bp_list *lists; /* every services/databases/
				   * envVarGroups key seen */
	size_t lists_nr;
	const struct dl_yaml_node *previews; /* top-level previews value */
	size_t scopes;                       /* 1 + projects' environments */
	/* private */
	size_t services_alloc, databases_alloc, groups_alloc, lists_alloc;
};

/*
 * Builds the model of render.yaml `file` from its parsed `doc` (borrowed;
 * must outlive the model). Never fails: anything that is not the expected
 * shape (a scalar where a mapping belongs, an item that is not a mapping)
 * is skipped here and left for the RND rules, which walk the same nodes.
 * Aliases are followed (not copied): two services may share one node
 * through an alias. Mappings are read with dl_yaml_get, so "<<" merge keys
 * work. Top-level `projects[].environments[]` each form a scope of their
 * own. Release with dl_blueprint_release().
 */
void dl_blueprint_build(struct dl_blueprint *out, struct dl_file *file,
			const struct dl_yaml_doc *doc);
void dl_blueprint_release(struct dl_blueprint *bp);

/* The scalar text of `n` (alias resolved), or NULL when not a scalar. */
const char *dl_bp_scalar(const struct dl_yaml_node *n);

/* Whether `s` is a static site (type web with runtime/env static). */
int dl_bp_service_is_static(const struct dl_bp_service *s);
/* Whether `s` runs on Render's native Python runtime. */
int dl_bp_service_is_python(const struct dl_bp_service *s);

/* ---- value sets (rules/data/render-*.tsv) ------------------------------ */

enum dl_bp_valueset {
	DL_BP_VAL_SERVICE_TYPE = 0,    /* render-service-types.tsv */
	DL_BP_VAL_RUNTIME,             /* render-runtimes.tsv */
	DL_BP_VAL_REGION,              /* render-regions.tsv */
	DL_BP_VAL_SERVICE_PLAN,        /* render-service-plans.tsv */
	DL_BP_VAL_DATABASE_PLAN,       /* render-database-plans.tsv */
	DL_BP_VAL_KEYVALUE_PLAN,       /* render-keyvalue-plans.tsv */
	DL_BP_VAL_AUTO_DEPLOY_TRIGGER, /* render-field-values.tsv rows ... */
	DL_BP_VAL_PREVIEWS_GENERATION,
	DL_BP_VAL_FROM_DATABASE_PROPERTY,
	DL_BP_VAL_FROM_SERVICE_PROPERTY,
	DL_BP_VAL_POSTGRES_MAJOR_VERSION,
	DL_BP_VAL__COUNT
};

enum dl_bp_value_status {
	DL_BP_UNKNOWN = 0,
	DL_BP_CURRENT,
	DL_BP_LEGACY,    /* still accepted, older catalogue */
	DL_BP_DEPRECATED /* accepted, replaced (redis -> keyvalue) */
};

struct dl_bp_value {
	enum dl_bp_valueset set;
	const char *value;
	enum dl_bp_value_status status;
};

/*
 * Every known value, read on first use from the rules/data/render-*.tsv
 * tables embedded at build time (src/rules/data.h); a row's status column
 * is "current", "legacy" or "deprecated" (render-field-values.tsv rows are
 * all current). The array lives as long as the process.
 */
const struct dl_bp_value *dl_bp_values(size_t *count_out);
/* The status of `value` in `set` (exact, case-sensitive), or DL_BP_UNKNOWN. */
enum dl_bp_value_status dl_bp_value_status(enum dl_bp_valueset set,
					   const char *value);
/* The current value of `set` nearest to `value` (as dl_nearest_word), or
 * NULL. */
const char *dl_bp_value_suggest(enum dl_bp_valueset set, const char *value);

/* ---- key sets, for unknown-key reports ----------------------------------- */

enum dl_bp_keyset {
	DL_BP_KEYS_TOP = 0,  /* the document's top level */
	DL_BP_KEYS_SERVICE,  /* services[] items */
	DL_BP_KEYS_DATABASE, /* databases[] items */
	DL_BP_KEYS_GROUP,    /* envVarGroups[] items */
	DL_BP_KEYS_ENVVAR,   /* envVars[] items */
	DL_BP_KEYS_FROM_DATABASE,
	DL_BP_KEYS_FROM_SERVICE,
	DL_BP_KEYS_PREVIEWS,    /* top-level and per-service previews */
	DL_BP_KEYS_PROJECT,     /* projects[] items */
	DL_BP_KEYS_ENVIRONMENT, /* projects[].environments[] items */
	DL_BP_KEYS_SCALING,
	DL_BP_KEYS_DISK,
	DL_BP_KEYS_BUILD_FILTER,
	DL_BP_KEYS__COUNT
};

/* The valid keys of `set`, NULL-terminated, read once from
 * rules/data/render-blueprint-fields.tsv (one row per object and field,
 * each with the date it was added, or "-", and its source); they live as
 * long as the process. */
const char *const *dl_bp_keys(enum dl_bp_keyset set);
/* Whether `key` is a valid key of `set` (exact, case-sensitive). */
int dl_bp_key_known(enum dl_bp_keyset set, const char *key);
/*
 * The valid key of `set` nearest to `key` by optimal-string-alignment
 * (Damerau-Levenshtein) distance, compared case-insensitively with a case
 * difference costing nothing extra: "startcommand" and "StartCommand"
 * both suggest "startCommand". Returns NULL when no key is within
 * max(2, strlen(key) / 3) edits; then a key of 5+ bytes that begins a
 * valid key ("healthCheck" for "healthCheckPath") suggests that key.
 */
const char *dl_bp_key_suggest(enum dl_bp_keyset set, const char *key);
/*
 * The specific advice for a field people write that Render's Blueprint
 * spec does not have (`pythonVersion:` in a service: "set PYTHON_VERSION in
 * envVars or a .python-version file"), from
 * rules/data/render-invented-fields.tsv; NULL when there is none.
 */
const char *dl_bp_key_hint(enum dl_bp_keyset set, const char *key);
/* dl_edit_distance() and dl_nearest_word() live in util.h. */

/*
 * The effective pairs of mapping `map` (alias resolved): its own pairs in
 * order except "<<", then those merged in by "<<" keys (depth first, as
 * dl_yaml_get searches them) whose key is not already present. Appends at
 * most DL_MAX_YAML_NODES pointers to *out (malloc'd array, caller frees)
 * and returns how many. Returns 0 (and *out NULL) for a non-mapping.
 */
size_t dl_bp_pairs(const struct dl_yaml_node *map,
		   const struct dl_yaml_pair ***out);

#endif
