/*
 * Test shim (LD_PRELOAD) for promises.sh: simulates an editor saving a file
 * while `deploylint --fix` is between its final byte comparison and its
 * rename. On the first fsync() of the process it appends a line to the
 * file named by DL_SHIM_TOUCH (the fix fsyncs its temporary file just
 * before it re-checks the target and renames).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int
fsync(int fd)
{
	static int done;
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	const char *path = getenv("DL_SHIM_TOUCH");

	if (path && !done) {
		static const char line[] = "SAVED_BY_EDITOR=1\n";
		int t = open(path, O_WRONLY | O_APPEND);
		done = 1;
		if (t >= 0) {
			/* a later modification time than the read, even on a
			 * coarse clock */
			usleep(20000);
			if (write(t, line, sizeof(line) - 1) < 0)
				done = 2; /* the check then finds nothing to see */
			close(t);
		}
	}
	return real ? real(fd) : 0;
}
