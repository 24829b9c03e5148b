/*
 * Test-only tool: reads one dependency source (pyproject.toml, poetry.lock,
 * uv.lock, Pipfile, Pipfile.lock, kind from the file name or --kind) with
 * dl_depsource_read() and prints it as JSON, one dependency a line, for
 * looking at what a real project gives (docs/dependency-sources.md).
 *
 * Usage: depsource_dump [--kind pyproject|poetry.lock|uv.lock|Pipfile|
 * Pipfile.lock] FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "deploylint/depsource.h"

static json_t *
s(const char *v)
{
	return v ? json_string(v) : json_null();
}

static json_t *
pos(struct dl_pos p)
{
	return json_pack("[ii]", (int)p.line, (int)p.col);
}

static const char *const sections[] = { "", "main", "optional", "group", "locked" };
static const char *const origins[] = { "index", "url", "path", "vcs" };

int
main(int argc, char **argv)
{
	struct dl_strbuf in = DL_STRBUF_INIT;
	struct dl_depsource src;
	struct dl_arena arena;
	enum dl_depsource_kind kind = 0;
	const char *path;
	char buf[65536];
	size_t n, i;
	FILE *fp;
	json_t *head;
	char *text;

	if (argc == 4 && !strcmp(argv[1], "--kind")) {
		kind = dl_depsource_kind_for(argv[2]);
		if (!kind && !strcmp(argv[2], "pyproject"))
			kind = DL_DEPSRC_PYPROJECT;
		path = argv[3];
	} else if (argc == 2) {
		path = argv[1];
		kind = dl_depsource_kind_for(path);
	} else {
		fprintf(stderr, "usage: depsource_dump [--kind KIND] FILE\n");
		return 2;
	}
	if (!kind) {
		fprintf(stderr, "depsource_dump: %s: not a dependency source name\n", path);
		return 2;
	}
	if (!(fp = fopen(path, "rb"))) {
		perror(path);
		return 2;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		dl_strbuf_put(&in, buf, n);
	fclose(fp);
	dl_arena_init(&arena);
	dl_depsource_read(&src, &arena, kind, path, in.buf, in.len);
	head = json_pack("{sisosososisisisiso}", "kind", (int)src.kind, "requires_python",
			 s(src.requires_python), "python_written", s(src.requires_python_written),
			 "project", s(src.project_name), "package_mode", src.package_mode,
			 "has_project", src.has_project, "has_poetry", src.has_poetry, "has_uv",
			 src.has_uv, "lock_version", s(src.lock_version));
	if (src.requires_python_written)
		json_object_set_new(head, "python_pos", pos(src.requires_python_pos));
	if (src.poetry_python)
		json_object_set_new(head, "poetry_python", json_string(src.poetry_python));
	if (src.error.set)
		json_object_set_new(head, "error", json_pack("{soss}", "pos", pos(src.error.pos), "message", src.error.message));
	text = json_dumps(head, JSON_COMPACT | JSON_SORT_KEYS);
	puts(text);
	free(text);
	json_decref(head);
	for (i = 0; i < src.nr; i++) {
		const struct dl_dependency *d = &src.deps[i];
		json_t *o = json_pack("{sssososososososososssssisi}", "name", d->normalised, "at", pos(d->name_pos),
				      "specifier", s(d->specifier), "written", s(d->written), "spec_at",
				      pos(d->spec_pos), "version", s(d->version), "extras", s(d->extras),
				      "marker", s(d->marker), "group", s(d->group), "section",
				      sections[d->section], "origin", origins[d->origin], "invalid",
				      d->spec_invalid, "union", d->spec_union);
		if (d->url)
			json_object_set_new(o, "url", json_string(d->url));
		if (d->is_project)
			json_object_set_new(o, "project", json_true());
		if (d->editable)
			json_object_set_new(o, "editable", json_true());
		text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		puts(text);
		free(text);
		json_decref(o);
	}
	for (i = 0; i < src.problems_nr; i++)
		printf("problem %u:%u %s\n", src.problems[i].pos.line, src.problems[i].pos.col,
		       src.problems[i].message);
	dl_arena_release(&arena);
	dl_strbuf_release(&in);
	return 0;
}
