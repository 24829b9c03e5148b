/*
 * deploylint: the PY family (see src/rules/py.def and rules/PY*.md).
 */
#include "rules/check.h"

void
dl_check_py(struct dl_check_ctx *ctx)
{
	(void)ctx;
}
