/*
 * deploylint: the ENV family (see src/rules/env.def and rules/ENV*.md).
 */
#include "rules/check.h"

void
dl_check_env(struct dl_check_ctx *ctx)
{
	(void)ctx;
}
