/*
 * deploylint: the GitHub Actions emitter: one workflow command
 * ("::error file=...,line=...::message") per finding, escaped as
 * actions/toolkit's command.ts escapes them.
 */
#include "deploylint/emit.h"

#include <string.h>

#include "deploylint/mask.h"

static const char *
command_name(enum dl_level level)
{
	switch (level) {
	case DL_LEVEL_ERROR: return "error";
	case DL_LEVEL_WARNING: return "warning";
	case DL_LEVEL_NOTE:
	case DL_LEVEL_NONE: break;
	}
	return "notice";
}

/*
 * toolkit's escapeData() encodes '%', '\r' and '\n'; escapeProperty()
 * also ':' and ','. Other control bytes are encoded too: the runner leaves
 * them as "%1B" and so on, which keeps a hostile file name from writing
 * terminal escapes into the log; so are C1 controls, bytes that are not
 * valid UTF-8 and bidi controls (dl_mask_unit), which would reorder the
 * annotation a reviewer reads.
 */
static void
put_escaped(struct dl_strbuf *out, const char *s, int property)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		const unsigned char *p = (const unsigned char *)s + i;
		int esc;
		size_t n = dl_mask_unit(s + i, len - i, &esc);
		if (esc || *p < 0x20 || *p == '%' || (property && (*p == ':' || *p == ','))) {
			/* every byte below 0x20 (a tab too, which dl_mask_unit
			 * lets through), C1 and bidi controls (dl_mask_unit):
			 * one byte at a time, each as %XX, which the runner
			 * shows as is */
			dl_strbuf_addf(out, "%%%02X", *p);
			i++;
			continue;
		}
		dl_strbuf_put(out, s + i, n);
		i += n;
	}
}

static void
put_property(struct dl_strbuf *out, int *first, const char *key,
	     const char *value)
{
	dl_strbuf_puts(out, *first ? " " : ",");
	*first = 0;
	dl_strbuf_puts(out, key);
	dl_strbuf_putc(out, '=');
	put_escaped(out, value, 1);
}

static void
put_number(struct dl_strbuf *out, int *first, const char *key, unsigned n)
{
	if (!n)
		return;
	dl_strbuf_addf(out, "%s%s=%u", *first ? " " : ",", key, n);
	*first = 0;
}

static int
emit_github(struct dl_strbuf *out, const struct dl_report *report,
	    const struct dl_emit_opts *opts)
{
	struct dl_strbuf title = DL_STRBUF_INIT;
	size_t i;

	for (i = 0; i < report->nr; i++) {
		const struct dl_finding *f = report->findings[i];
		int first = 1;

		if (dl_emit_flush(out, opts, 0) < 0) {
			dl_strbuf_release(&title);
			return -1;
		}
		dl_strbuf_puts(out, "::");
		dl_strbuf_puts(out, command_name(f->level));
		if (f->path[0] && !f->logical) {
			put_property(out, &first, "file", f->path);
			put_number(out, &first, "line", f->region.line);
			put_number(out, &first, "col", f->region.col);
			put_number(out, &first, "endLine", f->region.end_line);
			put_number(out, &first, "endColumn", f->region.end_col);
		}
		dl_strbuf_reset(&title);
		dl_strbuf_addf(&title, "deploylint %s", f->rule->id);
		put_property(out, &first, "title", title.buf);
		dl_strbuf_puts(out, "::");
		if (f->logical) {
			/* no file to annotate: the message names the variable */
			put_escaped(out, f->path, 0);
			dl_strbuf_puts(out, ": ");
		}
		put_escaped(out, f->message, 0);
		dl_strbuf_putc(out, '\n');
	}
	dl_strbuf_release(&title);
	return 0;
}

const struct dl_emitter dl_emitter_github = { "github", emit_github };
