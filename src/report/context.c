/*
 * deploylint: the masked source line under each finding, and masked
 * messages (deploylint/fingerprint.h).
 */
#include "deploylint/fingerprint.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/mask.h"
#include "deploylint/util.h"

/* Where the last lookup ended. Findings come sorted by path and line, so a
 * cursor that resumes from the previous lookup in the same file makes the
 * whole pass linear. */
struct line_cursor {
	const struct dl_file *file; /* the file of the last lookup */
	unsigned line;              /* the line found there */
	size_t offset;              /* where that line starts */
};

/* Copies line `line` (1-based) of `data` with every secret on it masked
 * (dl_mask_line_with the report's mask, on the whole line so that the cut below never
 * leaves part of a secret), cut to DL_MAX_CONTEXT_LINE bytes; NULL past
 * the end. */
static char *
copy_line(struct line_cursor *cur_at, const struct dl_mask *mask, const struct dl_file *file,
	  unsigned line)
{
	const char *path = file->path, *data = file->data;
	size_t len = file->len, i = 0, start;
	unsigned cur = 1;
	char *red;
	if (cur_at->file == file && cur_at->line <= line) {
		i = cur_at->offset;
		cur = cur_at->line;
	}
	while (cur < line && i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		if (!nl)
			return NULL;
		i = (size_t)(nl - data) + 1;
		cur++;
	}
	if (cur != line || i > len)
		return NULL;
	cur_at->file = file;
	cur_at->line = line;
	cur_at->offset = i;
	start = i;
	while (i < len && data[i] != '\n' && data[i] != '\r')
		i++;
	red = dl_mask_line_with(mask, path, data + start, i - start);
	if (strlen(red) > DL_MAX_CONTEXT_LINE)
		red[DL_MAX_CONTEXT_LINE] = '\0';
	return red;
}

void
dl_report_add_context(struct dl_report *r, size_t from, struct dl_repo *repo)
{
	struct line_cursor lc = { NULL, 0, 0 };
	size_t i;
	for (i = from; i < r->nr; i++) {
		struct dl_finding *f = r->findings[i];
		struct dl_file *file = *f->path && repo && !f->logical
					       ? dl_repo_find(repo, f->path)
					       : NULL;
		size_t k;
		char *red;
		/* a rule may have set a redacted context itself (secrets);
		 * it goes through the one masking function all the same */
		if (f->context) {
			red = dl_mask_line_with(&r->mask, f->path, f->context, strlen(f->context));
			free(f->context);
			f->context = red;
		} else if (file && f->region.line && dl_repo_load(repo, file) == 0) {
			f->context = copy_line(&lc, &r->mask, file, f->region.line);
		}
		/* no output ever shows a secret: messages are masked too */
		red = dl_mask_message_with(&r->mask, f->message);
		free(f->message);
		f->message = red;
		for (k = 0; k < f->related_nr; k++) {
			red = dl_mask_message_with(&r->mask, f->related[k].message);
			free(f->related[k].message);
			f->related[k].message = red;
		}
	}
}
