/*
 * Fuzz harness: pip requirements files (dl_requirements_parse), name
 * normalisation, and the -r/-c include graph (dl_req_set_collect) over a
 * repository whose two requirements files both hold the input, so that
 * the input's includes can name each other, itself, missing files and
 * paths outside the root.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "deploylint/limits.h"
#include "deploylint/reqset.h"
#include "deploylint/requirements.h"

static void
check_pos(struct dl_pos p)
{
	DL_FUZZ_CHECK(p.line >= 1 && p.col >= 1);
}

static void
add_file(struct dl_repo *repo, const char *path, const uint8_t *data,
	 size_t size)
{
	struct dl_file *f = &repo->files[repo->nr++];

	memset(f, 0, sizeof(*f));
	f->path = dl_xstrdup(path);
	f->kind = DL_KIND_REQUIREMENTS;
	f->flags = DL_FILE_TRACKED;
	f->size = size;
	f->data = dl_xmalloc(size + 1);
	memcpy(f->data, data, size);
	f->data[size] = '\0';
	f->len = size;
	f->loaded = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dl_arena arena;
	struct dl_requirements rq;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_repo repo;
	struct dl_req_set set;
	size_t i;

	dl_arena_init(&arena);
	dl_requirements_parse(&rq, &arena, (const char *)data, size);
	for (i = 0; i < rq.nr; i++) {
		const struct dl_requirement *r = &rq.reqs[i];

		DL_FUZZ_CHECK(r->kind >= DL_REQ_NAMED && r->kind <= DL_REQ_EDITABLE);
		DL_FUZZ_CHECK(r->line >= 1 && r->end_line >= r->line);
		if (r->kind == DL_REQ_NAMED || r->kind == DL_REQ_URL)
			DL_FUZZ_CHECK(r->name != NULL);
		if (r->name) {
			DL_FUZZ_CHECK(r->normalised != NULL);
			check_pos(r->name_pos);
			dl_strbuf_reset(&sb);
			dl_requirements_normalise(&sb, r->name, strlen(r->name));
			/* normalising is idempotent and gives the stored form */
			DL_FUZZ_CHECK(!strcmp(sb.buf, r->normalised));
		}
		if (r->specifier)
			check_pos(r->spec_pos);
		DL_FUZZ_CHECK(r->specs.nr == 0 || r->specs.items != NULL);
		if (r->spec_invalid)
			DL_FUZZ_CHECK(r->specs.nr == 0);
		if (r->url)
			check_pos(r->url_pos);
		if (r->extras)
			(void)dl_requirements_has_extra(r->extras, "standard");
	}
	for (i = 0; i < rq.includes_nr; i++) {
		DL_FUZZ_CHECK(rq.includes[i].target != NULL);
		check_pos(rq.includes[i].pos);
	}
	for (i = 0; i < rq.options_nr; i++)
		DL_FUZZ_CHECK(rq.options[i].name != NULL);
	if (rq.error.set) {
		DL_FUZZ_CHECK(rq.error.message != NULL);
		check_pos(rq.error.pos);
	}

	/* the include graph: sorted paths, both files hold the input */
	memset(&repo, 0, sizeof(repo));
	dl_strbuf_init(&repo.notes, 0);
	repo.root = dl_xstrdup("/nonexistent-fuzz-root");
	repo.files = dl_xcalloc(2, sizeof(*repo.files));
	repo.alloc = 2;
	add_file(&repo, "requirements.txt", data, size);
	add_file(&repo, "requirements/base.txt", data, size);
	dl_req_set_collect(&set, &repo, &repo.files[0], NULL, NULL);
	DL_FUZZ_CHECK(set.files_nr >= 1 && set.files_nr <= 2);
	DL_FUZZ_CHECK(set.files[0] == &repo.files[0]);
	for (i = 0; i < set.nr; i++) {
		DL_FUZZ_CHECK(set.entries[i].req != NULL);
		DL_FUZZ_CHECK(set.entries[i].depth <= DL_MAX_REQ_INCLUDE_DEPTH);
	}
	for (i = 0; i < set.problems_nr; i++)
		DL_FUZZ_CHECK(set.problems[i].include != NULL &&
			      set.problems[i].file != NULL);
	(void)dl_requirements_provides(&set, "sqlalchemy", NULL);
	(void)dl_requirements_provides(&set, "uvicorn", "standard");
	(void)dl_req_set_constraint(&set, "psycopg2-binary");
	(void)dl_requirements_default(&repo, "");
	dl_req_set_release(&set);
	dl_repo_release(&repo);

	dl_strbuf_release(&sb);
	dl_arena_release(&arena);
	return 0;
}
