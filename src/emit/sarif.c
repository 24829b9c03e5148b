/*
 * deploylint: the SARIF 2.1.0 emitter. Every registered rule is listed in
 * tool.driver.rules; locations are relative to %SRCROOT%, never absolute.
 */
#include "deploylint/emit.h"

#include <stdlib.h>
#include <string.h>

#include "emit/jsonutil.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"

/*
 * Whether byte c may stand unencoded in the relative-path reference we
 * emit: RFC 3986 unreserved characters, '/', and the sub-delimiters and '@'
 * of pchar. ':' is encoded so that a first segment such as "c:" cannot be
 * read as a scheme.
 */
static int
uri_keep(unsigned char c)
{
	if (dl_isalnum(c))
		return 1;
	return c && strchr("-._~/!$&'()*+,;=@", c) != NULL;
}

/* Appends `path` percent-encoded as a URI reference. */
static void
put_uri(struct dl_strbuf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p; p++) {
		if (uri_keep(*p)) {
			dl_strbuf_putc(out, *p);
		} else {
			dl_strbuf_putc(out, '%');
			dl_strbuf_putc(out, hex[*p >> 4]);
			dl_strbuf_putc(out, hex[*p & 15]);
		}
	}
}

static json_t *
text_obj(const char *text, int *err)
{
	json_t *o = json_object();
	dl_json_set(o, "text", dl_json_str(text), err);
	return o;
}

static json_t *
physical_location(const char *path, const struct dl_region *reg, int *err)
{
	struct dl_strbuf uri = DL_STRBUF_INIT;
	json_t *loc = json_object(), *art = json_object(), *region;

	put_uri(&uri, path);
	dl_json_set(art, "uri", json_stringn(uri.buf, uri.len), err);
	dl_strbuf_release(&uri);
	dl_json_set(art, "uriBaseId", json_string(SRCROOT), err);
	dl_json_set(loc, "artifactLocation", art, err);

	/*
	 * A finding about a whole file (line 0) points at its first line:
	 * GitHub code scanning and the SARIF validator want a region.
	 */
	region = json_object();
	dl_json_set(region, "startLine", json_integer(reg->line ? reg->line : 1),
		    err);
	if (reg->line && reg->col)
		dl_json_set(region, "startColumn", json_integer(reg->col), err);
	if (reg->line && reg->end_line)
		dl_json_set(region, "endLine", json_integer(reg->end_line), err);
	if (reg->line && reg->end_col)
		dl_json_set(region, "endColumn", json_integer(reg->end_col), err);
	dl_json_set(loc, "region", region, err);
	return loc;
}

/*
 * A location that is no file (`deploylint env`): "env:DATABASE_URL" or
 * "render-api:KEY" as a logicalLocation of kind "variable", named by the
 * part after the first ':'.
 */
static json_t *
logical_locations(const char *name, int *err)
{
	json_t *arr = json_array(), *ll = json_object();
	const char *colon = strchr(name, ':');

	dl_json_set(ll, "name", dl_json_str(colon ? colon + 1 : name), err);
	dl_json_set(ll, "fullyQualifiedName", dl_json_str(name), err);
	dl_json_set(ll, "kind", json_string("variable"), err);
	dl_json_append(arr, ll, err);
	return arr;
}

static json_t *
rule_json(const struct dl_rule *rule, int *err)
{
	struct dl_strbuf uri = DL_STRBUF_INIT;
	json_t *o = json_object(), *help = json_object(), *conf = json_object();
	const char *doc = dl_rule_doc(rule->id);
	const struct dl_rule_meta *meta;
	char *full = NULL;

	if (dl_rule_full_description(&full, rule->id) < 0 || !*full) {
		free(full);
		full = NULL;
	}
	if (!doc)
		doc = rule->summary;

	dl_json_set(o, "id", dl_json_str(rule->id), err);
	dl_json_set(o, "name", dl_json_str(rule->name), err);
	dl_json_set(o, "shortDescription", text_obj(rule->summary, err), err);
	dl_json_set(o, "fullDescription",
		    text_obj(full ? full : rule->summary, err), err);
	dl_json_set(help, "text", dl_json_str(doc), err);
	dl_json_set(help, "markdown", dl_json_str(doc), err);
	dl_json_set(o, "help", help, err);
	dl_strbuf_puts(&uri, DL_HOMEPAGE "/blob/main/rules/");
	put_uri(&uri, rule->id);
	dl_strbuf_puts(&uri, ".md");
	dl_json_set(o, "helpUri", json_stringn(uri.buf, uri.len), err);
	dl_json_set(conf, "level", json_string(dl_level_name(rule->level)), err);
	dl_json_set(o, "defaultConfiguration", conf, err);
	if ((meta = dl_rule_meta(rule)) != NULL) {
		json_t *props = json_object();
		dl_json_set(props, "precision", json_string(dl_precision_name(meta->precision)), err);
		if (meta->security_severity) {
			json_t *tags = json_array();
			dl_json_append(tags, json_string("security"), err);
			dl_json_set(props, "security-severity", json_string(meta->security_severity), err);
			dl_json_set(props, "tags", tags, err);
		}
		dl_json_set(o, "properties", props, err);
	}
	dl_strbuf_release(&uri);
	free(full);
	return o;
}

static json_t *
result_json(const struct dl_finding *f, int *err)
{
	json_t *o = json_object();
	size_t i;

	dl_json_set(o, "ruleId", dl_json_str(f->rule->id), err);
	dl_json_set(o, "ruleIndex",
		    json_integer((json_int_t)dl_rule_index(f->rule)), err);
	dl_json_set(o, "level", json_string(dl_level_name(f->level)), err);
	dl_json_set(o, "message", text_obj(f->message, err), err);
	if (f->path[0]) {
		json_t *locs = json_array(), *loc = json_object();
		if (f->logical)
			dl_json_set(loc, "logicalLocations",
				    logical_locations(f->path, err), err);
		else
			dl_json_set(loc, "physicalLocation",
				    physical_location(f->path, &f->region, err), err);
		dl_json_append(locs, loc, err);
		dl_json_set(o, "locations", locs, err);
	}
	if (f->related_nr) {
		json_t *rels = json_array();
		for (i = 0; i < f->related_nr; i++) {
			const struct dl_related *rel = &f->related[i];
			json_t *loc = json_object();
			dl_json_set(loc, "id", json_integer((json_int_t)i), err);
			if (rel->logical)
				dl_json_set(loc, "logicalLocations",
					    logical_locations(rel->path, err), err);
			else
				dl_json_set(loc, "physicalLocation",
					    physical_location(rel->path, &rel->region, err),
					    err);
			dl_json_set(loc, "message", text_obj(rel->message, err), err);
			dl_json_append(rels, loc, err);
		}
		dl_json_set(o, "relatedLocations", rels, err);
	}
	if (f->fingerprint) {
		json_t *fp = json_object();
		dl_json_set(fp, "deploylintFingerprint/v1",
			    dl_json_str(f->fingerprint), err);
		dl_json_set(o, "partialFingerprints", fp, err);
	}
	return o;
}

static json_t *
run_json(const struct dl_emit_opts *opts,
	 int *err)
{
	json_t *run = json_object(), *tool = json_object();
	json_t *driver = json_object(), *rules = json_array();
	json_t *bases = json_object(), *root = json_object();
	json_t *invocations = json_array();
	json_t *invocation = json_object();
	const struct dl_rule *all;
	size_t i, count;

	dl_json_set(driver, "name", json_string("deploylint"), err);
	dl_json_set(driver, "version", json_string(DL_VERSION), err);
	dl_json_set(driver, "semanticVersion", json_string(DL_VERSION), err);
	dl_json_set(driver, "informationUri", json_string(DL_HOMEPAGE), err);
	all = dl_rules(&count);
	for (i = 0; i < count; i++)
		dl_json_append(rules, rule_json(&all[i], err), err);
	dl_json_set(driver, "rules", rules, err);
	dl_json_set(tool, "driver", driver, err);
	dl_json_set(run, "tool", tool, err);

	/* no "uri": the output never holds an absolute path */
	dl_json_set(root, "description",
		    text_obj("The root of the scanned repository.", err), err);
	dl_json_set(bases, SRCROOT, root, err);
	dl_json_set(run, "originalUriBaseIds", bases, err);

	/* the results are written one at a time (dl_json_dump_streamed) */
	dl_json_set(run, "results", json_string(DL_JSON_STREAM_MARKER), err);

	dl_json_set(invocation, "executionSuccessful",
		    json_boolean(opts->execution_successful), err);
	dl_json_append(invocations, invocation, err);
	dl_json_set(run, "invocations", invocations, err);
	return run;
}

static json_t *
result_item(size_t i, void *arg, int *err)
{
	const struct dl_report *report = arg;
	return result_json(report->findings[i], err);
}

static int
emit_sarif(struct dl_strbuf *out, const struct dl_report *report,
	   const struct dl_emit_opts *opts)
{
	json_t *log = json_object(), *runs = json_array();
	int err = 0;

	dl_json_set(log, "$schema", json_string(SARIF_SCHEMA), &err);
	dl_json_set(log, "version", json_string("2.1.0"), &err);
	dl_json_append(runs, run_json(opts, &err), &err);
	dl_json_set(log, "runs", runs, &err);
	if (!err)
		err = dl_json_dump_streamed(out, log, DL_JSON_STREAM_MARKER, report->nr,
					    result_item, (void *)report, opts);
	json_decref(log);
	return err;
}

const struct dl_emitter dl_emitter_sarif = { "sarif", emit_sarif };
