/*
 * deploylint: the RND family (see src/rules/rnd.def and rules/RND*.md).
 */
#include "rules/check.h"

void
dl_check_rnd(struct dl_check_ctx *ctx)
{
	(void)ctx;
}
