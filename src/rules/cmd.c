/*
 * deploylint: the CMD family (see src/rules/cmd.def and rules/CMD*.md).
 */
#include "rules/check.h"

void
dl_check_cmd(struct dl_check_ctx *ctx)
{
	(void)ctx;
}
