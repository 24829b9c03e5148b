/*
 * deploylint fuzz harnesses: helpers shared by every harness (linked into
 * each one, both as a libFuzzer target and with the standalone driver).
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

void
dl_fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}
