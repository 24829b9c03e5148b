/*
 * deploylint: the requirement set a requirements file installs through its
 * -r/-c includes (pip resolves them relative to the including file), and
 * the default requirements file of a folder. Part of the model stage: it
 * finds and loads files of the scanned repository; the parser
 * (src/parse/requirements.c) only reads bytes.
 */
#include "deploylint/reqset.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/util.h"

/* ---- the include graph ----------------------------------------------------- */

static void
add_problem(struct dl_req_set *set, const struct dl_req_include *inc,
	    struct dl_file *file, int kind, char *resolved)
{
	struct dl_req_problem *pr;
	DL_ALLOC_GROW(set->problems, set->problems_nr + 1, set->problems_alloc);
	pr = &set->problems[set->problems_nr++];
	pr->include = inc;
	pr->file = file;
	pr->kind = kind;
	pr->resolved = resolved;
}

struct collect {
	struct dl_req_set *set;
	struct dl_repo *repo;
	dl_req_doc_fn get;
	void *payload;
	struct dl_file **stack; /* files being read (for cycles) */
	size_t stack_nr, stack_alloc;
};

static const struct dl_requirements *
get_doc(struct collect *c, struct dl_file *f)
{
	const struct dl_requirements *doc = c->get ? c->get(f, c->payload) : NULL;

	/* an included file may have any name ("base.txt", "constraints.txt"):
	 * the registry only parses requirements*.txt, so read others here */
	if (doc || (c->get && f->kind == DL_KIND_REQUIREMENTS))
		return doc;
	if (!dl_file_lintable(f) || dl_repo_load(c->repo, f) < 0)
		return NULL;
	return dl_requirements_parse_doc(&c->set->arena, f->data, f->len);
}

static int
set_has_file(const struct dl_req_set *set, const struct dl_file *f)
{
	size_t k;
	for (k = 0; k < set->files_nr; k++)
		if (set->files[k] == f)
			return 1;
	return 0;
}

static void
collect_file(struct collect *c, struct dl_file *f, int constraint, unsigned depth)
{
	const struct dl_requirements *doc;
	struct dl_req_set *set = c->set;
	char *dir;
	size_t k, inc_i = 0, req_i = 0;

	DL_ALLOC_GROW(set->files, set->files_nr + 1, set->files_alloc);
	set->files[set->files_nr++] = f;
	doc = get_doc(c, f);
	if (!doc)
		return;
	DL_ALLOC_GROW(c->stack, c->stack_nr + 1, c->stack_alloc);
	c->stack[c->stack_nr++] = f;
	dir = dl_path_dirname(f->path);
	/* requirements and includes in line order (includes read in place) */
	while (req_i < doc->nr || inc_i < doc->includes_nr) {
		int take_inc = inc_i < doc->includes_nr &&
			       (req_i >= doc->nr ||
				doc->includes[inc_i].pos.line <= doc->reqs[req_i].line);
		if (!take_inc) {
			struct dl_req_entry *e;
			DL_ALLOC_GROW(set->entries, set->nr + 1, set->alloc);
			e = &set->entries[set->nr++];
			e->req = &doc->reqs[req_i++];
			e->file = f;
			e->constraint = constraint;
			e->depth = depth;
			continue;
		}
		{
			const struct dl_req_include *inc = &doc->includes[inc_i++];
			const char *t = inc->target;
			char *resolved;
			struct dl_file *g;

			if (dl_requirements_is_url(t, strlen(t))) {
				add_problem(set, inc, f, DL_REQ_INC_URL, NULL);
				continue;
			}
			if (t[0] == '/' || t[0] == '\\' ||
			    (dl_isalpha((unsigned char)t[0]) && t[1] == ':')) {
				add_problem(set, inc, f, DL_REQ_INC_OUTSIDE, dl_xstrdup(t));
				continue;
			}
			resolved = dl_path_join(dir, t);
			if (strncmp(resolved, "../", 3) == 0 || strcmp(resolved, "..") == 0) {
				add_problem(set, inc, f, DL_REQ_INC_OUTSIDE, resolved);
				continue;
			}
			g = dl_repo_find(c->repo, resolved);
			if (!g) {
				add_problem(set, inc, f, DL_REQ_INC_MISSING, resolved);
				continue;
			}
			for (k = 0; k < c->stack_nr; k++)
				if (c->stack[k] == g)
					break;
			if (k < c->stack_nr) {
				add_problem(set, inc, f, DL_REQ_INC_CYCLE, resolved);
				continue;
			}
			if (set_has_file(set, g)) {
				free(resolved); /* read once already: nothing new */
				continue;
			}
			if (depth + 1 > DL_MAX_REQ_INCLUDE_DEPTH) {
				add_problem(set, inc, f, DL_REQ_INC_TOO_DEEP, resolved);
				continue;
			}
			free(resolved);
			collect_file(c, g, constraint || inc->constraint, depth + 1);
		}
	}
	free(dir);
	c->stack_nr--;
}

void
dl_req_set_collect(struct dl_req_set *out, struct dl_repo *repo,
		   struct dl_file *start, dl_req_doc_fn get, void *payload)
{
	struct collect c;

	memset(out, 0, sizeof(*out));
	dl_arena_init(&out->arena);
	memset(&c, 0, sizeof(c));
	c.set = out;
	c.repo = repo;
	c.get = get;
	c.payload = payload;
	if (start)
		collect_file(&c, start, 0, 0);
	free(c.stack);
}

void
dl_req_set_release(struct dl_req_set *set)
{
	size_t k;
	for (k = 0; k < set->problems_nr; k++)
		free(set->problems[k].resolved);
	free(set->problems);
	free(set->entries);
	free(set->files);
	dl_arena_release(&set->arena);
	memset(set, 0, sizeof(*set));
}

const struct dl_req_entry *
dl_requirements_provides(const struct dl_req_set *set, const char *normalised_name,
			 const char *extra)
{
	size_t k;
	for (k = 0; k < set->nr; k++) {
		const struct dl_req_entry *e = &set->entries[k];
		if (e->constraint || !e->req->normalised)
			continue;
		if (strcmp(e->req->normalised, normalised_name) != 0)
			continue;
		if (extra && !dl_requirements_has_extra(e->req->extras, extra))
			continue;
		return e;
	}
	return NULL;
}

const struct dl_req_entry *
dl_req_set_constraint(const struct dl_req_set *set, const char *normalised_name)
{
	size_t k;
	for (k = 0; k < set->nr; k++) {
		const struct dl_req_entry *e = &set->entries[k];
		if (e->constraint && e->req->normalised &&
		    strcmp(e->req->normalised, normalised_name) == 0 &&
		    (e->req->specs.nr || e->req->kind != DL_REQ_NAMED))
			return e;
	}
	return NULL;
}

struct dl_file *
dl_requirements_default(const struct dl_repo *repo, const char *dir)
{
	static const char *const names[] = {
		"requirements.txt", "requirements/prod.txt",
		"requirements/production.txt", "requirements/base.txt",
		"requirements/main.txt"
	};
	size_t k;

	for (k = 0; k < DL_ARRAY_SIZE(names); k++) {
		char *path = dl_path_join(dir, names[k]);
		struct dl_file *f = dl_repo_find(repo, path);
		free(path);
		if (f && dl_file_lintable(f))
			return f;
	}
	return NULL;
}
