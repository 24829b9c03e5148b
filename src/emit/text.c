/*
 * deploylint: the human-readable emitter: one "path:line:col: level[ID]
 * message" line per finding, optional source context, and a summary line.
 */
#include "deploylint/emit.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/mask.h"
#include "emit/jsonutil.h"

#define RESET "\033[0m"
#define BOLD "\033[1m"
#define GREEN "\033[32m"

static const char *
level_color(enum dl_level level)
{
	switch (level) {
	case DL_LEVEL_ERROR: return "\033[1;31m";
	case DL_LEVEL_WARNING: return "\033[1;33m";
	case DL_LEVEL_NOTE: return "\033[1;36m";
	case DL_LEVEL_NONE: break;
	}
	return BOLD;
}

/*
 * Measures the unit of text at s[0]: a character that prints as itself,
 * or one byte that must be escaped (dl_mask_unit: controls, bidi
 * controls, bytes that are not valid UTF-8), so that nothing from a
 * scanned file can reach the terminal as a control sequence or reorder
 * what the reader sees.
 */
static size_t
unit(const char *s, size_t len, int *escape_out)
{
	return dl_mask_unit(s, len, escape_out);
}

static void
put_escaped_byte(struct dl_strbuf *out, unsigned char c)
{
	switch (c) {
	case '\n': dl_strbuf_puts(out, "\\n"); break;
	case '\r': dl_strbuf_puts(out, "\\r"); break;
	default: dl_strbuf_addf(out, "\\x%02x", c); break;
	}
}

/* Display width of a unit as put_safe() prints it (tabs count as 1). */
static size_t
unit_width(const char *s, int escape)
{
	unsigned char c = (unsigned char)s[0];
	if (!escape)
		return 1;
	return (c == '\n' || c == '\r') ? 2 : 4;
}

static void
put_safe_n(struct dl_strbuf *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		int esc;
		size_t n = unit(s + i, len - i, &esc);
		if (esc)
			put_escaped_byte(out, (unsigned char)s[i]);
		else
			dl_strbuf_put(out, s + i, n);
		i += n;
	}
}

static void
put_safe(struct dl_strbuf *out, const char *s)
{
	put_safe_n(out, s, strlen(s));
}

/* "path:line:col: ", "path:line: ", "path: " or nothing. */
static void
put_location(struct dl_strbuf *out, const char *path,
	     const struct dl_region *region, int color)
{
	if (!path || !*path)
		return;
	if (color)
		dl_strbuf_puts(out, BOLD);
	put_safe(out, path);
	if (region->line) {
		dl_strbuf_addf(out, ":%u", region->line);
		if (region->col)
			dl_strbuf_addf(out, ":%u", region->col);
	}
	dl_strbuf_putc(out, ':');
	if (color)
		dl_strbuf_puts(out, RESET);
	dl_strbuf_putc(out, ' ');
}

static void
put_level(struct dl_strbuf *out, enum dl_level level, int color)
{
	if (color)
		dl_strbuf_puts(out, level_color(level));
	dl_strbuf_puts(out, dl_level_name(level));
	if (color)
		dl_strbuf_puts(out, RESET);
}

/* The source line, then a caret (and tildes) under the finding's span. */
static void
put_context(struct dl_strbuf *out, const struct dl_finding *f, int color)
{
	const char *line = f->context;
	size_t len = strlen(line), i, caret, end;

	/* a line ending is not part of the line */
	if (len && line[len - 1] == '\n')
		len--;
	if (len && line[len - 1] == '\r')
		len--;
	dl_strbuf_puts(out, "    ");
	put_safe_n(out, line, len);
	dl_strbuf_putc(out, '\n');
	if (!f->region.col)
		return;

	caret = f->region.col - 1;
	end = caret + 1;
	if (f->region.end_line == f->region.line && f->region.end_col > f->region.col)
		end = f->region.end_col - 1;
	if (end > len)
		end = len;

	dl_strbuf_puts(out, "    ");
	i = 0;
	while (i < len) {
		int esc;
		size_t n = unit(line + i, len - i, &esc), w;
		if (i + n > caret)
			break;
		if (line[i] == '\t')
			dl_strbuf_putc(out, '\t');
		else
			for (w = unit_width(line + i, esc); w; w--)
				dl_strbuf_putc(out, ' ');
		i += n;
	}
	if (color)
		dl_strbuf_puts(out, GREEN);
	dl_strbuf_putc(out, '^');
	if (i < len) {
		/* the rest of the caret's own unit, then the span */
		int esc;
		size_t n = unit(line + i, len - i, &esc), w;
		for (w = unit_width(line + i, esc); w > 1; w--)
			dl_strbuf_putc(out, '~');
		i += n;
		while (i < end) {
			n = unit(line + i, len - i, &esc);
			for (w = unit_width(line + i, esc); w; w--)
				dl_strbuf_putc(out, '~');
			i += n;
		}
	}
	if (color)
		dl_strbuf_puts(out, RESET);
	dl_strbuf_putc(out, '\n');
}

static void
put_related(struct dl_strbuf *out, const struct dl_related *rel, int color)
{
	dl_strbuf_puts(out, "    ");
	put_location(out, rel->path, &rel->region, color);
	put_level(out, DL_LEVEL_NOTE, color);
	dl_strbuf_puts(out, ": ");
	put_safe(out, rel->message);
	dl_strbuf_putc(out, '\n');
}

static void
put_finding(struct dl_strbuf *out, const struct dl_finding *f,
	    const struct dl_emit_opts *opts)
{
	size_t i;

	put_location(out, f->path, &f->region, opts->color);
	put_level(out, f->level, opts->color);
	dl_strbuf_putc(out, '[');
	dl_strbuf_puts(out, f->rule->id);
	dl_strbuf_puts(out, "] ");
	put_safe(out, f->message);
	dl_strbuf_putc(out, '\n');
	if (!opts->context)
		return;
	if (f->context && f->path[0] && (f->region.line || f->logical))
		put_context(out, f, opts->color);
	for (i = 0; i < f->related_nr; i++)
		put_related(out, &f->related[i], opts->color);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct non-empty paths among the findings: files, or with `logical`
 * the variables of `deploylint env`. */
static size_t
count_files(const struct dl_report *report, int logical)
{
	const char **paths;
	size_t i, n = 0, files = 0;

	if (!report->nr)
		return 0;
	paths = dl_xmalloc(dl_st_mult(report->nr, sizeof(*paths)));
	for (i = 0; i < report->nr; i++)
		if (report->findings[i]->path[0] &&
		    !report->findings[i]->logical == !logical)
			paths[n++] = report->findings[i]->path;
	qsort(paths, n, sizeof(*paths), cmp_str);
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(paths[i - 1], paths[i]) != 0)
			files++;
	free(paths);
	return files;
}

static void
put_count(struct dl_strbuf *out, size_t n, const char *noun)
{
	dl_strbuf_addf(out, "%zu %s%s", n, noun, n == 1 ? "" : "s");
}

static int
emit_text(struct dl_strbuf *out, const struct dl_report *report,
	  const struct dl_emit_opts *opts)
{
	size_t i;

	for (i = 0; i < report->nr && !opts->quiet; i++) {
		put_finding(out, report->findings[i], opts);
		if (dl_emit_flush(out, opts, 0) < 0)
			return -1;
	}
	if (!report->nr) {
		dl_strbuf_puts(out, "no problems found\n");
		return 0;
	}
	put_count(out, dl_report_count(report, DL_LEVEL_ERROR), "error");
	dl_strbuf_puts(out, ", ");
	put_count(out, dl_report_count(report, DL_LEVEL_WARNING), "warning");
	dl_strbuf_puts(out, ", ");
	put_count(out, dl_report_count(report, DL_LEVEL_NOTE), "note");
	dl_strbuf_puts(out, " in ");
	put_count(out, count_files(report, 0), "file");
	if ((i = count_files(report, 1)) > 0) {
		dl_strbuf_puts(out, " and ");
		put_count(out, i, "variable");
	}
	dl_strbuf_putc(out, '\n');
	return 0;
}

const struct dl_emitter dl_emitter_text = { "text", emit_text };
