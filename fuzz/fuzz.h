/*
 * deploylint fuzz harnesses: the libFuzzer entry points every
 * <name>_fuzzer.c defines, and the checks they share.
 */
#ifndef DEPLOYLINT_FUZZ_H
#define DEPLOYLINT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Called once per input by libFuzzer (or by standalone_driver.c, which
 * replays a corpus). `data` holds `size` bytes, is not NUL-terminated and
 * is owned by the caller. Returns 0 (libFuzzer reserves other values).
 * A harness reports a bug by crashing: DL_FUZZ_CHECK() aborts, and the
 * sanitizers abort on memory errors and undefined behaviour.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Aborts with the failed condition and its location when `cond` is false.
 * Unlike assert(), never compiled out (NDEBUG builds fuzz too).
 */
#define DL_FUZZ_CHECK(cond)                                      \
	do {                                                     \
		if (!(cond))                                     \
			dl_fuzz_fail(#cond, __FILE__, __LINE__); \
	} while (0)

/* Prints "file:line: check failed: what" on stderr and aborts
 * (fuzz_util.c, linked into every harness). */
void dl_fuzz_fail(const char *what, const char *file, int line)
	__attribute__((noreturn));

#endif
