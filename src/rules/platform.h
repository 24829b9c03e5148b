/*
 * deploylint: Render platform facts about a Blueprint (RND011-RND013), a
 * part of the RND family that lives in src/rules/platform.c.
 */
#ifndef DEPLOYLINT_RULES_PLATFORM_H
#define DEPLOYLINT_RULES_PLATFORM_H

#include "deploylint/model.h"
#include "rules/check.h"

/*
 * The platform rules for Blueprint mb (one that parsed): RND011 (a free
 * Render Postgres expires), RND012 (more server workers than a 512 MB
 * instance holds), RND013 (healthCheckPath names no route the
 * application defines).
 */
void dl_platform_check(struct dl_check_ctx *ctx, const struct dl_model_blueprint *mb);

/*
 * The path git tracks (a file of repo, or a folder holding one) that
 * equals `path` except for ASCII case, as a malloc'd string; NULL when
 * there is none (or `path` itself exists). RND009 says so: macOS and
 * Windows file systems ignore case, Render's Linux file system does not.
 */
char *dl_platform_case_twin(struct dl_repo *repo, const char *path);

#endif
