/*
 * deploylint: the data tables of rules/data/ (tab-separated, a header line,
 * one row per line, each row naming its source), embedded at build time by
 * tools/embed.c --data. Updating a table is editing its .tsv file.
 */
#ifndef DEPLOYLINT_RULES_DATA_H
#define DEPLOYLINT_RULES_DATA_H

#include <stddef.h>
#include <string.h>

struct dl_rule_data {
	const char *name; /* base name, e.g. "python-minimums.tsv" */
	const char *text; /* the whole file, NUL-terminated */
};

extern const struct dl_rule_data dl_rule_data[];
extern const size_t dl_rule_data_count;

/* The text of table `name` ("python-versions.tsv"), or NULL. */
const char *dl_rule_data_get(const char *name);

/* Most columns a table row has. */
#define DL_DATA_MAX_COLS 8

/*
 * One row of a table: fields[i] points into the embedded text and is
 * lens[i] bytes long (not NUL-terminated).
 */
struct dl_data_row {
	const char *fields[DL_DATA_MAX_COLS];
	size_t lens[DL_DATA_MAX_COLS];
	size_t nr;
};

/*
 * Iterates the rows of a table after its header line: *cursor starts as
 * NULL; each call fills `row` and returns 1, or returns 0 at the end.
 * Empty lines and lines starting with '#' are skipped.
 */
static inline int
dl_data_next_row(const char *text, const char **cursor, struct dl_data_row *row)
{
	const char *p = *cursor;

	if (!text)
		return 0;
	if (!p) {
		p = text + strcspn(text, "\n");
		if (*p)
			p++;
	}
	for (;;) {
		size_t n = strcspn(p, "\n"), i = 0;
		const char *line = p;

		if (!*p)
			return 0;
		p += n;
		if (*p)
			p++;
		if (n == 0 || line[0] == '#')
			continue;
		row->nr = 0;
		while (row->nr < DL_DATA_MAX_COLS) {
			size_t m = 0;
			while (i + m < n && line[i + m] != '\t')
				m++;
			row->fields[row->nr] = line + i;
			row->lens[row->nr] = m;
			row->nr++;
			i += m;
			if (i >= n)
				break;
			i++;
		}
		*cursor = p;
		return 1;
	}
}

/* Whether field i of row equals the NUL-terminated string s. */
static inline int
dl_data_field_is(const struct dl_data_row *row, size_t i, const char *s)
{
	return i < row->nr && strlen(s) == row->lens[i] &&
	       memcmp(row->fields[i], s, row->lens[i]) == 0;
}

#endif
