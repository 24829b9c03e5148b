/*
 * deploylint: the JSON emitter (schema version DL_JSON_SCHEMA_VERSION, as
 * documented in the README), written with jansson.
 */
#include "deploylint/emit.h"

#include "emit/jsonutil.h"

static json_t *
related_json(const struct dl_related *rel, int *err)
{
	json_t *o = json_object();

	dl_json_set(o, "path", dl_json_str(rel->path), err);
	if (rel->logical)
		dl_json_set(o, "logical", json_true(), err);
	dl_json_set(o, "line", json_integer(rel->region.line), err);
	dl_json_set(o, "column", json_integer(rel->region.col), err);
	dl_json_set(o, "endLine", json_integer(rel->region.end_line), err);
	dl_json_set(o, "endColumn", json_integer(rel->region.end_col), err);
	dl_json_set(o, "message", dl_json_str(rel->message), err);
	return o;
}

static json_t *
finding_json(const struct dl_finding *f, int *err)
{
	json_t *o = json_object(), *related = json_array();
	size_t i;

	dl_json_set(o, "rule", dl_json_str(f->rule->id), err);
	dl_json_set(o, "level", json_string(dl_level_name(f->level)), err);
	dl_json_set(o, "path", dl_json_str(f->path), err);
	if (f->logical)
		dl_json_set(o, "logical", json_true(), err);
	dl_json_set(o, "line", json_integer(f->region.line), err);
	dl_json_set(o, "column", json_integer(f->region.col), err);
	dl_json_set(o, "endLine", json_integer(f->region.end_line), err);
	dl_json_set(o, "endColumn", json_integer(f->region.end_col), err);
	dl_json_set(o, "message", dl_json_str(f->message), err);
	dl_json_set(o, "fingerprint", dl_json_str(f->fingerprint), err);
	for (i = 0; i < f->related_nr; i++)
		dl_json_append(related, related_json(&f->related[i], err), err);
	dl_json_set(o, "related", related, err);
	return o;
}

static json_t *
finding_item(size_t i, void *arg, int *err)
{
	const struct dl_report *report = arg;
	return finding_json(report->findings[i], err);
}

static int
emit_json(struct dl_strbuf *out, const struct dl_report *report,
	  const struct dl_emit_opts *opts)
{
	json_t *root = json_object(), *tool = json_object();
	json_t *summary = json_object();
	int err = 0;

	dl_json_set(root, "version", json_string(DL_JSON_SCHEMA_VERSION), &err);
	dl_json_set(tool, "name", json_string("deploylint"), &err);
	dl_json_set(tool, "version", json_string(DL_VERSION), &err);
	dl_json_set(root, "tool", tool, &err);
	/* the findings are written one at a time (dl_json_dump_streamed) */
	dl_json_set(root, "findings", json_string(DL_JSON_STREAM_MARKER), &err);
	dl_json_set(summary, "errors",
		    json_integer((json_int_t)dl_report_count(report, DL_LEVEL_ERROR)),
		    &err);
	dl_json_set(summary, "warnings",
		    json_integer((json_int_t)dl_report_count(report, DL_LEVEL_WARNING)),
		    &err);
	dl_json_set(summary, "notes",
		    json_integer((json_int_t)dl_report_count(report, DL_LEVEL_NOTE)),
		    &err);
	dl_json_set(root, "summary", summary, &err);
	if (!err)
		err = dl_json_dump_streamed(out, root, DL_JSON_STREAM_MARKER, report->nr,
					    finding_item, (void *)report, opts);
	json_decref(root);
	return err;
}

const struct dl_emitter dl_emitter_json = { "json", emit_json };
