/*
 * deploylint: the REQ family (see src/rules/req.def and rules/REQ*.md).
 */
#include "rules/check.h"

void
dl_check_req(struct dl_check_ctx *ctx)
{
	(void)ctx;
}
