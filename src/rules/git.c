/*
 * deploylint: the GIT family (see src/rules/git.def and rules/GIT*.md).
 */
#include "rules/check.h"

void
dl_check_git(struct dl_check_ctx *ctx)
{
	(void)ctx;
}
