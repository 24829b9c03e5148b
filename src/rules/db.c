/*
 * deploylint: the DB family (see src/rules/db.def and rules/DB*.md).
 */
#include "rules/check.h"

void
dl_check_db(struct dl_check_ctx *ctx)
{
	(void)ctx;
}
