/*
 * Test-only tool: converts Poetry version constraints with
 * dl_poetry_constraint(), one per input line, for tests/poetry_diff.py.
 * Prints, per line, "ok SPECIFIER" (an empty specifier: any version),
 * "union" or "invalid".
 */
#include <stdio.h>
#include <string.h>

#include "deploylint/depsource.h"

int
main(void)
{
	char line[4096];

	while (fgets(line, sizeof(line), stdin)) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		size_t n = strcspn(line, "\n");
		int rc = dl_poetry_constraint(&sb, line, n);

		if (rc == 0)
			printf("ok %s\n", sb.buf);
		else
			puts(rc == 1 ? "union" : "invalid");
		dl_strbuf_release(&sb);
	}
	return 0;
}
