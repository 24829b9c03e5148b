/*
 * deploylint fuzz harnesses: a main() that replays corpus files through a
 * harness's LLVMFuzzerTestOneInput without libFuzzer, so that every normal
 * build runs each corpus as a ctest entry (libgit2's fuzzers/ model).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "deploylint/util.h"

/* Most corpus files one directory may hold (a bound on the listing). */
#define MAX_CORPUS_FILES 100000u

/*
 * Reads the whole file `path` into an exactly-sized malloc'd buffer (so
 * that AddressSanitizer sees any read past its end). Returns 0, or -1
 * with a message on stderr.
 */
static int
read_file(const char *path, unsigned char **out, size_t *len_out)
{
	FILE *fp = fopen(path, "rb");
	struct dl_strbuf sb = DL_STRBUF_INIT;
	char chunk[65536];
	size_t n;

	if (!fp) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		dl_strbuf_put(&sb, chunk, n);
	if (ferror(fp)) {
		fprintf(stderr, "%s: read error\n", path);
		fclose(fp);
		dl_strbuf_release(&sb);
		return -1;
	}
	fclose(fp);
	*out = dl_xmalloc(sb.len ? sb.len : 1);
	memcpy(*out, sb.buf, sb.len);
	*len_out = sb.len;
	dl_strbuf_release(&sb);
	return 0;
}

static int
run_file(const char *path)
{
	unsigned char *data;
	size_t len;

	if (read_file(path, &data, &len) < 0)
		return -1;
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Replays every regular file of directory `dir` in byte order of name.
 * Adds the number of inputs run to *count. Returns 0, or -1.
 */
static int
run_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, alloc = 0, i;
	int error = 0;

	if (!d) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL && nr < MAX_CORPUS_FILES) {
		if (de->d_name[0] == '.')
			continue;
		DL_ALLOC_GROW(names, nr + 1, alloc);
		names[nr++] = dl_xstrdup(de->d_name);
	}
	closedir(d);
	if (nr > 1)
		qsort(names, nr, sizeof(*names), cmp_names);
	for (i = 0; i < nr; i++) {
		struct stat st;
		struct dl_strbuf path = DL_STRBUF_INIT;

		dl_strbuf_addf(&path, "%s/%s", dir, names[i]);
		if (!error && stat(path.buf, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path.buf) < 0)
				error = -1;
			else
				(*count)++;
		}
		dl_strbuf_release(&path);
		free(names[i]);
	}
	free(names);
	return error;
}

int
main(int argc, char **argv)
{
	size_t count = 0;
	int i, error = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc && !error; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			error = -1;
		} else if (S_ISDIR(st.st_mode)) {
			error = run_dir(argv[i], &count);
		} else if (run_file(argv[i]) == 0) {
			count++;
		} else {
			error = -1;
		}
	}
	if (error)
		return 1;
	if (!count) {
		/* an empty corpus would make the test pass without testing */
		fprintf(stderr, "%s: no inputs to replay\n", argv[0]);
		return 1;
	}
	fprintf(stderr, "%s: replayed %zu inputs\n", argv[0], count);
	return 0;
}
