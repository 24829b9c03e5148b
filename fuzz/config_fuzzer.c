/*
 * Fuzz harness: the configuration file .deploylint.yaml (dl_config_load,
 * which takes a path: each input is written to one temporary file in
 * /dev/shm, or $TMPDIR, or /tmp), then the level and exclude queries.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "fuzz.h"
#include "deploylint/config.h"

static char tmp_path[4096];
static int tmp_fd = -1;

static void
remove_tmp(void)
{
	if (tmp_fd >= 0) {
		close(tmp_fd);
		unlink(tmp_path);
		tmp_fd = -1;
	}
}

/* Creates the temporary file once per process (and keeps libgit2
 * initialised); aborts when it cannot. */
static void
open_tmp(void)
{
	const char *dirs[3];
	size_t i;

	dirs[0] = "/dev/shm";
	dirs[1] = getenv("TMPDIR");
	dirs[2] = "/tmp";
	for (i = 0; i < DL_ARRAY_SIZE(dirs) && tmp_fd < 0; i++) {
		int n;

		if (!dirs[i] || access(dirs[i], W_OK) != 0)
			continue;
		n = snprintf(tmp_path, sizeof(tmp_path),
			     "%s/dl-fuzz-config-XXXXXX", dirs[i]);
		if (n < 0 || (size_t)n >= sizeof(tmp_path))
			continue;
		tmp_fd = mkstemp(tmp_path);
	}
	if (tmp_fd < 0) {
		fprintf(stderr, "config_fuzzer: no temporary file: %s\n",
			strerror(errno));
		abort();
	}
	atexit(remove_tmp);
	/* dl_config_load() initialises libgit2 and dl_config_release() shuts
	 * it down; a first initialisation loads the system's CA certificates
	 * (~14 ms), so the harness holds one reference for the process's
	 * lifetime to keep that out of every input */
	git_libgit2_init();
}

static void
write_tmp(const uint8_t *data, size_t size)
{
	size_t off = 0;

	if (tmp_fd < 0)
		open_tmp();
	if (ftruncate(tmp_fd, 0) != 0)
		abort();
	while (off < size) {
		ssize_t n = pwrite(tmp_fd, data + off, size - off, (off_t)off);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			abort();
		}
		off += (size_t)n;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"render.yaml", "app/alembic.ini", "migrations/versions/a.py",
		".env", "", "deep/er/path with spaces/x.txt"
	};
	struct dl_config cfg;
	char *err = NULL;
	int rc;

	write_tmp(data, size);
	rc = dl_config_load(&cfg, tmp_path, ".deploylint.yaml", &err);
	DL_FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		DL_FUZZ_CHECK(err != NULL);
		DL_FUZZ_CHECK(!strncmp(err, ".deploylint.yaml:", 17));
	} else {
		size_t nrules, i, j;
		const struct dl_rule *rules = dl_rules(&nrules);

		DL_FUZZ_CHECK(err == NULL);
		for (i = 0; i < nrules; i++)
			for (j = 0; j < DL_ARRAY_SIZE(paths); j++) {
				enum dl_level l = dl_config_level(&cfg, &rules[i],
								  paths[j],
								  rules[i].level);
				DL_FUZZ_CHECK(l >= DL_LEVEL_NONE &&
					      l <= DL_LEVEL_ERROR);
			}
		for (j = 0; j < DL_ARRAY_SIZE(paths); j++)
			(void)dl_config_excluded(&cfg, paths[j]);
		if (cfg.fail_on)
			DL_FUZZ_CHECK(cfg.fail_on <= DL_LEVEL_ERROR);
	}
	free(err);
	dl_config_release(&cfg);
	return 0;
}
