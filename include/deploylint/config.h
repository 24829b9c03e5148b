/*
 * deploylint: the configuration file, .deploylint.yaml. It is read with the
 * YAML tree (libyaml), validated strictly (unknown keys, wrong types and bad
 * rule ids are errors that name file:line:col and the nearest valid key),
 * and answers "what level does rule R have at path P" for the run.
 */
#ifndef DEPLOYLINT_CONFIG_H
#define DEPLOYLINT_CONFIG_H

#include <stddef.h>

#include "deploylint/parse.h"
#include "deploylint/rule.h"
#include "deploylint/util.h"

/* The default file name, looked up in the scanned root and its parents. */
#define DL_CONFIG_NAME ".deploylint.yaml"

/* A rule's level as configured: a level, or off. */
struct dl_config_level {
	const struct dl_rule *rule;
	int off;
	enum dl_level level;
	struct dl_pos pos;
};

struct dl_config_override {
	char **paths; /* gitignore-style patterns */
	size_t paths_nr;
	struct dl_config_level *rules;
	size_t rules_nr;
	struct dl_pos pos;
	void *pathspec; /* compiled patterns (libgit2), opaque */
};

/* A user-defined credential pattern (same fields as rules/secrets data). */
struct dl_config_secret {
	char *id, *name, *pattern, *level, *source;
	char **keywords;
	size_t keywords_nr;
	double entropy; /* 0 when not set */
	long group;     /* capture group holding the secret; 0 = whole */
	struct dl_pos pos;
};

struct dl_config_plan {
	char *service, *plan;
};

struct dl_config {
	char *path; /* the file as given or found; NULL when none */
	struct dl_config_level *rules;
	size_t rules_nr;
	char *select, *ignore; /* comma-separated, or NULL */
	struct dl_pos select_pos, ignore_pos;
	char **exclude;
	size_t exclude_nr;
	struct dl_pos exclude_pos;
	void *exclude_pathspec; /* compiled exclude patterns, opaque */
	struct dl_config_override *overrides;
	size_t overrides_nr;
	int has_fail_on;
	enum dl_level fail_on; /* DL_LEVEL_NONE means never */
	struct dl_pos fail_on_pos;
	/* rule options */
	char **python_versions; /* allowed X.Y versions (PY rules) */
	size_t python_versions_nr;
	char **placeholders; /* extra placeholder words (ENV008, SEC) */
	size_t placeholders_nr;
	struct dl_config_secret *secrets;
	size_t secrets_nr;
	struct dl_config_plan *plans; /* Render plan per service name */
	size_t plans_nr;
};

void dl_config_init(struct dl_config *cfg);
void dl_config_release(struct dl_config *cfg);

/*
 * Finds .deploylint.yaml in `root` or the nearest parent directory, stopping
 * at the directory holding .git (the repository root) or at "/". Returns 1
 * and a malloc'd path in *out, or 0 when there is none. A symbolic link
 * named .deploylint.yaml is found as itself (not followed): the caller
 * refuses it, since it may point anywhere outside the repository.
 */
int dl_config_find(char **out, const char *root);

/*
 * Reads and validates the file at `path` (displayed as `display` in
 * messages). Returns 0, or -1 with *err set to a malloc'd one-line message
 * "display:line:col: what is wrong (did you mean `key`?)". A file that does
 * not exist or cannot be read is an error too.
 */
int dl_config_load(struct dl_config *cfg, const char *path,
		   const char *display, char **err);

/*
 * The effective level of `rule` for a finding at `path` (relative to the
 * scanned root): the rule's default, then the file's `rules:` entry, then
 * each matching `overrides` entry in order. DL_LEVEL_NONE means off.
 */
enum dl_level dl_config_level(const struct dl_config *cfg,
			      const struct dl_rule *rule, const char *path,
			      enum dl_level dflt);

/* Whether `path` matches an `exclude` pattern (gitignore syntax). */
int dl_config_excluded(const struct dl_config *cfg, const char *path);

#endif
