/*
 * deploylint --list-rules: every rule of the registry (rules/registry.c),
 * as a table or, with --format json, as JSON.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "deploylint/rule.h"

int
dl_cmd_list_rules(const struct dl_options *opts, FILE *out, FILE *err)
{
	size_t n, i;
	const struct dl_rule *rules = dl_rules(&n);

	if (opts->format && !strcmp(opts->format, "json")) {
		json_t *arr = json_array();
		char *s;
		for (i = 0; i < n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_string(rules[i].id));
			json_object_set_new(o, "name", json_string(rules[i].name));
			json_object_set_new(o, "level", json_string(dl_level_name(rules[i].level)));
			json_object_set_new(o, "summary", json_string(rules[i].summary));
			json_array_append_new(arr, o);
		}
		s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(arr);
		if (!s)
			return DL_EXIT_INTERNAL;
		fprintf(out, "%s\n", s);
		free(s);
		return DL_EXIT_OK;
	}
	if (opts->format && strcmp(opts->format, "text") != 0) {
		fprintf(err, "deploylint: --list-rules supports --format text or json, not '%s'\n",
			opts->format);
		return DL_EXIT_USAGE;
	}
	fprintf(out, "%-9s %-8s %-36s %s\n", "ID", "LEVEL", "NAME", "SUMMARY");
	for (i = 0; i < n; i++)
		fprintf(out, "%-9s %-8s %-36s %s\n", rules[i].id,
			dl_level_name(rules[i].level), rules[i].name, rules[i].summary);
	return DL_EXIT_OK;
}
