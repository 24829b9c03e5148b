/*
 * Test shim (LD_PRELOAD) for promises.sh: simulates a `git add` that runs
 * while `deploylint --fix` updates the git index. Before the process's
 * first open() of a path ending in "index.lock" with O_CREAT (taking the
 * index lock), it runs the shell command DL_SHIM_BEFORE_LOCK (without the
 * shim). A fix that read the index before taking the lock then writes back
 * an index without what the command staged; one that takes the lock first
 * and reads the index under it keeps it.
 */
#define _GNU_SOURCE
/* both open() and open64() are defined here: no redirection of one to
 * the other */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

static void
before_open(const char *path, int flags)
{
	static int done;
	const char *cmd = getenv("DL_SHIM_BEFORE_LOCK");
	size_t n = path ? strlen(path) : 0;

	if (done || !cmd || !(flags & O_CREAT) || n < 10 ||
	    strcmp(path + n - 10, "index.lock") != 0)
		return;
	done = 1;
	unsetenv("LD_PRELOAD");
	if (system(cmd) != 0)
		done = 2;
}

int
open(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) =
		(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	before_open(path, flags);
	return real(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) =
		(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	before_open(path, flags);
	return real(path, flags, mode);
}
