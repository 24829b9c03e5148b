/*
 * deploylint: the dependency sources of include/deploylint/depsource.h:
 * pyproject.toml, poetry.lock, uv.lock and Pipfile through the TOML tree
 * (toml.h), Pipfile.lock through jansson. PEP 508 strings are read by the
 * pip requirement parser, Poetry constraints converted by poetry.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "deploylint/depsource.h"
#include "deploylint/toml.h"

struct rd {
	struct dl_depsource *out;
	struct dl_arena *arena;
	const char *data;
	size_t len;
	size_t *starts; /* offset of each line */
	size_t lines;
	struct dl_dependency *deps;
	size_t nr, alloc;
	struct dl_dep_problem *probs;
	size_t probs_nr, probs_alloc;
};

/* ---- shared helpers ---------------------------------------------------- */

static size_t
offset_of(const struct rd *r, struct dl_pos p)
{
	size_t off;
	if (p.line < 1 || p.line > r->lines)
		return r->len;
	off = r->starts[p.line - 1] + (p.col ? p.col - 1 : 0);
	return off < r->len ? off : r->len;
}

static struct dl_pos
pos_of(const struct rd *r, size_t off)
{
	struct dl_pos p = { 1, 1 };
	size_t lo = 0, hi = r->lines;

	/* the last line starting at or before off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	p.line = (unsigned)(lo + 1);
	p.col = (unsigned)(off - r->starts[lo] + 1);
	return p;
}

static void
problem(struct rd *r, struct dl_pos pos, const char *msg)
{
	DL_ALLOC_GROW(r->probs, r->probs_nr + 1, r->probs_alloc);
	r->probs[r->probs_nr].pos = pos;
	r->probs[r->probs_nr].message = dl_arena_strdup(r->arena, msg);
	r->probs_nr++;
}

static struct dl_dependency *
new_dep(struct rd *r, enum dl_dep_section section, const char *group)
{
	struct dl_dependency *d;

	DL_ALLOC_GROW(r->deps, r->nr + 1, r->alloc);
	d = &r->deps[r->nr++];
	memset(d, 0, sizeof(*d));
	d->section = section;
	d->group = group;
	d->file = r->out->file;
	return d;
}

static void
set_name(struct rd *r, struct dl_dependency *d, const char *name, size_t len,
	 struct dl_pos pos)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;

	d->name = dl_arena_strndup(r->arena, name, len);
	dl_requirements_normalise(&sb, name, len);
	d->normalised = dl_arena_strndup(r->arena, sb.buf, sb.len);
	dl_strbuf_release(&sb);
	d->name_pos = pos;
	d->spec_pos = pos;
}

/* Sets d->specifier to the PEP 440 text `spec` ("" = any) and parses it. */
static void
set_specifier(struct rd *r, struct dl_dependency *d, const char *spec, size_t len)
{
	if (!len) {
		d->specifier = NULL;
		return;
	}
	d->specifier = dl_arena_strndup(r->arena, spec, len);
	if (dl_pep440_specset_parse(&d->specs, r->arena, spec, len, NULL) < 0) {
		memset(&d->specs, 0, sizeof(d->specs));
		d->spec_invalid = 1;
	}
}

/* A Poetry constraint as written -> d's specifier. */
static void
set_poetry(struct rd *r, struct dl_dependency *d, const struct dl_toml_node *v)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int rc;

	d->written = v->str;
	d->spec_pos = v->pos;
	rc = dl_poetry_constraint(&sb, v->str, v->str_len);
	if (rc == 1)
		d->spec_union = 1;
	else if (rc < 0)
		d->spec_invalid = 1;
	else
		set_specifier(r, d, sb.buf, sb.len);
	dl_strbuf_release(&sb);
}

/* Where the text of string node v starts, and whether the raw bytes there
 * are exactly its decoded text on one line (so offsets into the string are
 * offsets into the file). */
static struct dl_pos
content_pos(const struct rd *r, const struct dl_toml_node *v, int *exact)
{
	size_t off = offset_of(r, v->pos), skip = 1;
	struct dl_pos p = v->pos;

	*exact = 0;
	if (off + 3 <= r->len && (r->data[off] == '"' || r->data[off] == '\'') &&
	    r->data[off + 1] == r->data[off] && r->data[off + 2] == r->data[off])
		skip = 3;
	if (memchr(v->str, '\n', v->str_len) || off + skip + v->str_len > r->len)
		return p;
	if (memcmp(r->data + off + skip, v->str, v->str_len))
		return p;
	*exact = 1;
	p.col += (unsigned)skip;
	return p;
}

static struct dl_pos
inside(struct dl_pos start, int exact, struct dl_pos at, struct dl_pos fallback)
{
	if (!exact || at.line != 1)
		return fallback;
	start.col += at.col - 1;
	return start;
}

/* A PEP 508 string (pyproject dependencies, groups, uv dev-dependencies). */
static void
pep508(struct rd *r, const struct dl_toml_node *v, enum dl_dep_section section,
       const char *group)
{
	struct dl_requirements reqs;
	const struct dl_requirement *q;
	struct dl_dependency *d;
	struct dl_pos start;
	int exact;

	if (!v || v->type != DL_TOML_STRING) {
		problem(r, v ? v->pos : (struct dl_pos){ 1, 1 },
			"a dependency here must be a PEP 508 string");
		return;
	}
	dl_requirements_parse(&reqs, r->arena, v->str, v->str_len);
	q = reqs.nr == 1 ? &reqs.reqs[0] : NULL;
	if (!q || reqs.error.set || reqs.includes_nr || reqs.options_nr ||
	    (q->kind != DL_REQ_NAMED && q->kind != DL_REQ_URL)) {
		problem(r, v->pos, "not a PEP 508 requirement (name, extras, specifier, marker)");
		return;
	}
	start = content_pos(r, v, &exact);
	d = new_dep(r, section, group);
	set_name(r, d, q->name, strlen(q->name), inside(start, exact, q->name_pos, v->pos));
	d->req = q;
	d->extras = q->extras;
	if (q->specifier) {
		d->written = q->specifier;
		d->specifier = q->specifier;
		d->specs = q->specs;
		d->spec_invalid = q->spec_invalid;
		d->spec_pos = inside(start, exact, q->spec_pos, v->pos);
	}
	if (q->marker) {
		d->marker = q->marker;
		d->marker_pos = inside(start, exact, q->marker_pos, v->pos);
	}
	if (q->kind == DL_REQ_URL) {
		d->origin = DL_DEP_URL;
		d->url = q->url;
	}
}

static void
pep508_array(struct rd *r, const struct dl_toml_node *a, enum dl_dep_section section,
	     const char *group)
{
	size_t i;

	if (!a)
		return;
	if (a->type != DL_TOML_ARRAY) {
		problem(r, a->pos, "expected an array of PEP 508 strings");
		return;
	}
	for (i = 0; i < a->items_nr; i++)
		pep508(r, a->items[i], section, group);
}

/* "a,b" from an array of strings. */
static const char *
join_strings(struct rd *r, const struct dl_toml_node *a)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const char *out = NULL;
	size_t i;

	if (!a || a->type != DL_TOML_ARRAY)
		return NULL;
	for (i = 0; i < a->items_nr; i++) {
		if (a->items[i]->type != DL_TOML_STRING)
			continue;
		if (sb.len)
			dl_strbuf_putc(&sb, ',');
		dl_strbuf_put(&sb, a->items[i]->str, a->items[i]->str_len);
	}
	if (sb.len)
		out = dl_arena_strndup(r->arena, sb.buf, sb.len);
	dl_strbuf_release(&sb);
	return out;
}

/* Sets the source's Python constraint from a PEP 440 text. */
static void
set_python(struct rd *r, const struct dl_toml_node *v, const char *spec, size_t len)
{
	struct dl_depsource *o = r->out;

	o->requires_python_written = v->str;
	o->requires_python_pos = v->pos;
	o->requires_python = dl_arena_strndup(r->arena, spec, len);
	if (dl_pep440_specset_parse(&o->python_specs, r->arena, spec, len, NULL) < 0) {
		memset(&o->python_specs, 0, sizeof(o->python_specs));
		o->python_invalid = 1;
	}
}

static void
set_python_poetry(struct rd *r, const struct dl_toml_node *v)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;

	if (dl_poetry_constraint(&sb, v->str, v->str_len) != 0) {
		r->out->requires_python_written = v->str;
		r->out->requires_python_pos = v->pos;
		r->out->python_invalid = 1;
	} else {
		set_python(r, v, sb.buf, sb.len);
	}
	dl_strbuf_release(&sb);
}

/* ---- pyproject.toml ---------------------------------------------------- */

/* Appends the markers Poetry writes for `python = "<constraint>"` on a
 * dependency: python_version (python_full_version for X.Y.Z) clauses
 * joined with "and". Returns 0, or -1 when the constraint is not one. */
static int
python_markers(struct rd *r, struct dl_strbuf *out, const struct dl_toml_node *v)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_pep440_specset set;
	size_t i;
	int rc = -1;

	if (dl_poetry_constraint(&sb, v->str, v->str_len) == 0 &&
	    dl_pep440_specset_parse(&set, r->arena, sb.buf, sb.len, NULL) == 0) {
		static const char *const ops[] = { "", "==", "!=", "<", "<=", ">", ">=", "~=", "===" };
		for (i = 0; i < set.nr; i++) {
			const struct dl_pep440_spec *s = &set.items[i];
			const char *text = s->text ? s->text : "";
			size_t dots = 0, k;
			for (k = 0; text[k]; k++)
				dots += text[k] == '.';
			if (out->len)
				dl_strbuf_puts(out, " and ");
			dl_strbuf_addf(out, "%s %s \"%s%s\"",
				       dots >= 2 && !s->wildcard ? "python_full_version" : "python_version",
				       ops[s->op], text, s->wildcard ? ".*" : "");
		}
		rc = 0;
	}
	dl_strbuf_release(&sb);
	return rc;
}

/* One Poetry dependency: key = "constraint" | { table } | [ tables ]. */
static void
poetry_dep(struct rd *r, const struct dl_toml_pair *p, const struct dl_toml_node *v,
	   enum dl_dep_section section, const char *group)
{
	struct dl_dependency *d;
	const struct dl_toml_node *x;
	static const char *const vcs[] = { "git", "hg", "svn" };
	size_t i;

	if (v->type == DL_TOML_ARRAY) {
		/* multiple-constraints dependency: one entry per table */
		for (i = 0; i < v->items_nr; i++)
			poetry_dep(r, p, v->items[i], section, group);
		return;
	}
	if (v->type != DL_TOML_STRING && v->type != DL_TOML_TABLE) {
		problem(r, v->pos, "a Poetry dependency must be a version string or a table");
		return;
	}
	d = new_dep(r, section, group);
	set_name(r, d, p->key, p->key_len, p->key_pos);
	if (v->type == DL_TOML_STRING) {
		set_poetry(r, d, v);
		return;
	}
	if ((x = dl_toml_get(v, "version")) && x->type == DL_TOML_STRING)
		set_poetry(r, d, x);
	d->extras = join_strings(r, dl_toml_get(v, "extras"));
	if ((x = dl_toml_get(v, "optional")) && x->type == DL_TOML_BOOLEAN && x->boolean &&
	    section == DL_DEP_MAIN)
		d->section = DL_DEP_OPTIONAL;
	if ((x = dl_toml_get(v, "develop")) && x->type == DL_TOML_BOOLEAN)
		d->editable = x->boolean;
	for (i = 0; i < DL_ARRAY_SIZE(vcs); i++)
		if ((x = dl_toml_get(v, vcs[i])) && x->type == DL_TOML_STRING) {
			d->origin = DL_DEP_VCS;
			d->url = x->str;
		}
	if ((x = dl_toml_get(v, "path")) && x->type == DL_TOML_STRING) {
		d->origin = DL_DEP_PATH;
		d->url = x->str;
	}
	if (((x = dl_toml_get(v, "url")) || (x = dl_toml_get(v, "file"))) &&
	    x->type == DL_TOML_STRING) {
		d->origin = DL_DEP_URL;
		d->url = x->str;
	}
	{
		struct dl_strbuf m = DL_STRBUF_INIT;
		const struct dl_toml_node *mk = dl_toml_get(v, "markers");
		const struct dl_toml_node *py = dl_toml_get(v, "python");

		if (mk && mk->type == DL_TOML_STRING && mk->str_len) {
			d->marker_pos = mk->pos;
			if (py)
				dl_strbuf_putc(&m, '(');
			dl_strbuf_put(&m, mk->str, mk->str_len);
			if (py)
				dl_strbuf_putc(&m, ')');
		}
		if (py && py->type == DL_TOML_STRING) {
			struct dl_strbuf pm = DL_STRBUF_INIT;
			if (python_markers(r, &pm, py) < 0)
				problem(r, py->pos, "not a Poetry python constraint");
			else if (pm.len) {
				if (m.len)
					dl_strbuf_puts(&m, " and ");
				dl_strbuf_put(&m, pm.buf, pm.len);
				if (!d->marker_pos.line)
					d->marker_pos = py->pos;
			}
			dl_strbuf_release(&pm);
		}
		if (m.len)
			d->marker = dl_arena_strndup(r->arena, m.buf, m.len);
		dl_strbuf_release(&m);
	}
}

static void
poetry_table(struct rd *r, const struct dl_toml_node *t, enum dl_dep_section section,
	     const char *group, int main)
{
	size_t i;

	if (!t)
		return;
	if (t->type != DL_TOML_TABLE) {
		problem(r, t->pos, "expected a table of Poetry dependencies");
		return;
	}
	for (i = 0; i < t->pairs_nr; i++) {
		const struct dl_toml_pair *p = &t->pairs[i];
		if (main && p->key_len == 6 && !memcmp(p->key, "python", 6)) {
			if (p->value->type != DL_TOML_STRING) {
				problem(r, p->value->pos, "the python constraint must be a string");
			} else if (r->out->requires_python_written) {
				r->out->poetry_python = p->value->str;
				r->out->poetry_python_pos = p->value->pos;
			} else {
				set_python_poetry(r, p->value);
			}
			continue;
		}
		poetry_dep(r, p, p->value, section, group);
	}
}

/* Poetry optional dependencies get the first extra that lists them. */
static void
poetry_extras(struct rd *r, const struct dl_toml_node *extras, size_t from)
{
	size_t i, j, k;

	if (!extras || extras->type != DL_TOML_TABLE)
		return;
	for (i = from; i < r->nr; i++) {
		struct dl_dependency *d = &r->deps[i];
		if (d->section != DL_DEP_OPTIONAL || d->group)
			continue;
		for (j = 0; j < extras->pairs_nr && !d->group; j++) {
			const struct dl_toml_node *a = extras->pairs[j].value;
			for (k = 0; a->type == DL_TOML_ARRAY && k < a->items_nr; k++) {
				const struct dl_toml_node *n = a->items[k];
				struct dl_strbuf sb = DL_STRBUF_INIT;
				if (n->type != DL_TOML_STRING)
					continue;
				dl_requirements_normalise(&sb, n->str, n->str_len);
				if (!strcmp(sb.buf, d->normalised))
					d->group = extras->pairs[j].key;
				dl_strbuf_release(&sb);
			}
		}
	}
}

static void
read_pyproject(struct rd *r, const struct dl_toml_node *root)
{
	struct dl_depsource *o = r->out;
	const struct dl_toml_node *project = dl_toml_get(root, "project");
	const struct dl_toml_node *poetry = dl_toml_get_path(root, "tool", "poetry", (const char *)NULL);
	const struct dl_toml_node *uv = dl_toml_get_path(root, "tool", "uv", (const char *)NULL);
	const struct dl_toml_node *groups = dl_toml_get(root, "dependency-groups");
	const struct dl_toml_node *x;
	size_t i, before;

	if (project && project->type == DL_TOML_TABLE) {
		o->has_project = 1;
		if ((x = dl_toml_get(project, "name")) && x->type == DL_TOML_STRING) {
			o->project_name = x->str;
			o->project_name_pos = x->pos;
		}
		if ((x = dl_toml_get(project, "requires-python"))) {
			if (x->type == DL_TOML_STRING)
				set_python(r, x, x->str, x->str_len);
			else
				problem(r, x->pos, "requires-python must be a string");
		}
		if ((x = dl_toml_get(project, "dynamic")) && x->type == DL_TOML_ARRAY)
			for (i = 0; i < x->items_nr; i++)
				if (dl_toml_str(x->items[i]) && !strcmp(x->items[i]->str, "dependencies"))
					o->dynamic_deps = 1;
		pep508_array(r, dl_toml_get(project, "dependencies"), DL_DEP_MAIN, NULL);
		if ((x = dl_toml_get(project, "optional-dependencies"))) {
			if (x->type != DL_TOML_TABLE)
				problem(r, x->pos, "optional-dependencies must be a table");
			for (i = 0; x->type == DL_TOML_TABLE && i < x->pairs_nr; i++)
				pep508_array(r, x->pairs[i].value, DL_DEP_OPTIONAL, x->pairs[i].key);
		}
	} else if (project) {
		problem(r, project->pos, "[project] must be a table");
	}
	if (poetry && poetry->type == DL_TOML_TABLE) {
		const struct dl_toml_node *g = dl_toml_get(poetry, "group");
		o->has_poetry = 1;
		o->package_mode = -1;
		if (!o->project_name && (x = dl_toml_get(poetry, "name")) &&
		    x->type == DL_TOML_STRING) {
			o->project_name = x->str;
			o->project_name_pos = x->pos;
		}
		if ((x = dl_toml_get(poetry, "package-mode"))) {
			if (x->type == DL_TOML_BOOLEAN) {
				o->package_mode = x->boolean;
				o->package_mode_pos = x->pos;
			} else {
				problem(r, x->pos, "package-mode must be true or false");
			}
		}
		before = r->nr;
		poetry_table(r, dl_toml_get(poetry, "dependencies"), DL_DEP_MAIN, NULL, 1);
		poetry_extras(r, dl_toml_get(poetry, "extras"), before);
		poetry_table(r, dl_toml_get(poetry, "dev-dependencies"), DL_DEP_GROUP, "dev", 0);
		for (i = 0; g && g->type == DL_TOML_TABLE && i < g->pairs_nr; i++)
			poetry_table(r, dl_toml_get(g->pairs[i].value, "dependencies"),
				     DL_DEP_GROUP, g->pairs[i].key, 0);
	}
	if (uv && uv->type == DL_TOML_TABLE) {
		o->has_uv = 1;
		pep508_array(r, dl_toml_get(uv, "dev-dependencies"), DL_DEP_GROUP, "dev");
	}
	if (groups && groups->type == DL_TOML_TABLE) {
		for (i = 0; i < groups->pairs_nr; i++) {
			const struct dl_toml_node *a = groups->pairs[i].value;
			size_t k;
			if (a->type != DL_TOML_ARRAY) {
				problem(r, a->pos, "a dependency group must be an array");
				continue;
			}
			for (k = 0; k < a->items_nr; k++)
				if (a->items[k]->type != DL_TOML_TABLE) /* {include-group} */
					pep508(r, a->items[k], DL_DEP_GROUP, groups->pairs[i].key);
		}
	}
}

/* ---- poetry.lock and uv.lock -------------------------------------------- */

static void
read_lock(struct rd *r, const struct dl_toml_node *root, int uv)
{
	struct dl_depsource *o = r->out;
	const struct dl_toml_node *pkgs = dl_toml_get(root, "package");
	const struct dl_toml_node *x;
	size_t i;

	if (uv) {
		if ((x = dl_toml_get(root, "requires-python")) && x->type == DL_TOML_STRING)
			set_python(r, x, x->str, x->str_len);
		if ((x = dl_toml_get(root, "version")) && x->type == DL_TOML_INTEGER) {
			struct dl_strbuf sb = DL_STRBUF_INIT;
			dl_strbuf_addf(&sb, "%lld", (long long)x->integer);
			o->lock_version = dl_arena_strndup(r->arena, sb.buf, sb.len);
			dl_strbuf_release(&sb);
		}
	} else {
		const struct dl_toml_node *meta = dl_toml_get(root, "metadata");
		if ((x = dl_toml_get(meta, "python-versions")) && x->type == DL_TOML_STRING)
			set_python_poetry(r, x);
		if ((x = dl_toml_get(meta, "lock-version")) && x->type == DL_TOML_STRING)
			o->lock_version = x->str;
	}
	if (!pkgs)
		return;
	if (pkgs->type != DL_TOML_ARRAY) {
		problem(r, pkgs->pos, "package must be an array of tables ([[package]])");
		return;
	}
	for (i = 0; i < pkgs->items_nr; i++) {
		const struct dl_toml_node *p = pkgs->items[i];
		const struct dl_toml_pair *np = dl_toml_get_pair(p, "name");
		const struct dl_toml_node *src;
		struct dl_dependency *d;

		if (p->type != DL_TOML_TABLE || !np || np->value->type != DL_TOML_STRING) {
			problem(r, p->pos, "a [[package]] without a name");
			continue;
		}
		d = new_dep(r, DL_DEP_LOCKED, NULL);
		set_name(r, d, np->value->str, np->value->str_len, np->value->pos);
		if ((x = dl_toml_get(p, "version")) && x->type == DL_TOML_STRING) {
			struct dl_strbuf sb = DL_STRBUF_INIT;
			d->version = x->str;
			d->written = x->str;
			d->spec_pos = x->pos;
			dl_strbuf_puts(&sb, "==");
			dl_strbuf_put(&sb, x->str, x->str_len);
			set_specifier(r, d, sb.buf, sb.len);
			dl_strbuf_release(&sb);
		}
		if ((x = dl_toml_get(p, "markers"))) {
			if (x->type == DL_TOML_TABLE && x->pairs_nr) {
				const struct dl_toml_node *m = dl_toml_get(x, "main");
				x = m ? m : x->pairs[0].value;
			}
			if (x->type == DL_TOML_STRING) {
				d->marker = x->str;
				d->marker_pos = x->pos;
			}
		}
		if ((x = dl_toml_get(p, "groups")) && x->type == DL_TOML_ARRAY && x->items_nr)
			d->group = dl_toml_str(x->items[0]);
		else if ((x = dl_toml_get(p, "category")))
			d->group = dl_toml_str(x);
		src = dl_toml_get(p, "source");
		if (src && src->type == DL_TOML_TABLE) {
			static const char *const paths[] = { "editable", "virtual", "path", "directory" };
			size_t k;
			const char *type = dl_toml_str(dl_toml_get(src, "type"));
			for (k = 0; k < DL_ARRAY_SIZE(paths); k++)
				if ((x = dl_toml_get(src, paths[k])) && x->type == DL_TOML_STRING) {
					d->origin = DL_DEP_PATH;
					d->url = x->str;
					d->editable = k == 0;
					/* the workspace's own projects: the root
					 * (".") and members ("backend") */
					if (k < 2)
						d->is_project = 1;
				}
			if ((x = dl_toml_get(src, "git")) && x->type == DL_TOML_STRING) {
				d->origin = DL_DEP_VCS;
				d->url = x->str;
			} else if ((x = dl_toml_get(src, "url")) && x->type == DL_TOML_STRING) {
				/* poetry.lock: source type git/directory/file/url
				 * with url; uv.lock: a direct URL */
				d->url = x->str;
				if (type && !strcmp(type, "git"))
					d->origin = DL_DEP_VCS;
				else if (type && (!strcmp(type, "directory") || !strcmp(type, "file")))
					d->origin = DL_DEP_PATH;
				else if (type && !strcmp(type, "legacy"))
					d->url = NULL; /* a package index */
				else
					d->origin = DL_DEP_URL;
			}
		}
		if ((x = dl_toml_get(p, "develop")) && x->type == DL_TOML_BOOLEAN && x->boolean)
			d->editable = 1;
	}
}

/* ---- Pipfile ------------------------------------------------------------ */

/* A Pipfile/Pipfile.lock version: "*" = any, a bare version = "==V",
 * else a PEP 440 specifier as written. */
static void
set_pipenv_version(struct rd *r, struct dl_dependency *d, const char *v, size_t len)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;

	d->written = dl_arena_strndup(r->arena, v, len);
	while (len && dl_isspace((unsigned char)*v))
		v++, len--;
	if ((len == 1 && *v == '*') || !len) {
		d->specifier = NULL;
		return;
	}
	if (dl_isdigit((unsigned char)*v))
		dl_strbuf_puts(&sb, "==");
	dl_strbuf_put(&sb, v, len);
	set_specifier(r, d, sb.buf, sb.len);
	dl_strbuf_release(&sb);
}

static void
pipfile_section(struct rd *r, const struct dl_toml_pair *sec)
{
	const struct dl_toml_node *t = sec->value;
	enum dl_dep_section section = DL_DEP_GROUP;
	const char *group = sec->key;
	size_t i;

	if (!strcmp(sec->key, "packages")) {
		section = DL_DEP_MAIN;
		group = NULL;
	} else if (!strcmp(sec->key, "dev-packages")) {
		group = "dev";
	}
	for (i = 0; i < t->pairs_nr; i++) {
		const struct dl_toml_pair *p = &t->pairs[i];
		const struct dl_toml_node *v = p->value, *x;
		struct dl_dependency *d;
		static const char *const vcs[] = { "git", "hg", "svn", "bzr" };
		size_t k;

		if (v->type != DL_TOML_STRING && v->type != DL_TOML_TABLE) {
			problem(r, v->pos, "a Pipfile package must be a version string or a table");
			continue;
		}
		d = new_dep(r, section, group);
		set_name(r, d, p->key, p->key_len, p->key_pos);
		if (v->type == DL_TOML_STRING) {
			set_pipenv_version(r, d, v->str, v->str_len);
			d->spec_pos = v->pos;
			continue;
		}
		if ((x = dl_toml_get(v, "version")) && x->type == DL_TOML_STRING) {
			set_pipenv_version(r, d, x->str, x->str_len);
			d->spec_pos = x->pos;
		}
		d->extras = join_strings(r, dl_toml_get(v, "extras"));
		if ((x = dl_toml_get(v, "markers")) && x->type == DL_TOML_STRING) {
			d->marker = x->str;
			d->marker_pos = x->pos;
		}
		if ((x = dl_toml_get(v, "editable")) && x->type == DL_TOML_BOOLEAN)
			d->editable = x->boolean;
		for (k = 0; k < DL_ARRAY_SIZE(vcs); k++)
			if ((x = dl_toml_get(v, vcs[k])) && x->type == DL_TOML_STRING) {
				d->origin = DL_DEP_VCS;
				d->url = x->str;
			}
		if ((x = dl_toml_get(v, "path")) && x->type == DL_TOML_STRING) {
			d->origin = DL_DEP_PATH;
			d->url = x->str;
		}
		if ((x = dl_toml_get(v, "file")) && x->type == DL_TOML_STRING) {
			d->origin = DL_DEP_URL;
			d->url = x->str;
		}
	}
}

/* [requires] python_full_version "3.11.4" -> "==3.11.4", python_version
 * "3.11" -> "==3.11.*" (pipenv installs that Python). */
static void
pipenv_python(struct rd *r, const char *full, size_t full_len, const char *minor,
	      size_t minor_len, const struct dl_toml_node *node)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_depsource *o = r->out;

	if (full) {
		dl_strbuf_puts(&sb, "==");
		dl_strbuf_put(&sb, full, full_len);
	} else {
		dl_strbuf_puts(&sb, "==");
		dl_strbuf_put(&sb, minor, minor_len);
		dl_strbuf_puts(&sb, ".*");
	}
	o->requires_python_written = dl_arena_strndup(r->arena, full ? full : minor,
						      full ? full_len : minor_len);
	if (node)
		o->requires_python_pos = node->pos;
	o->requires_python = dl_arena_strndup(r->arena, sb.buf, sb.len);
	if (dl_pep440_specset_parse(&o->python_specs, r->arena, sb.buf, sb.len, NULL) < 0) {
		memset(&o->python_specs, 0, sizeof(o->python_specs));
		o->python_invalid = 1;
	}
	dl_strbuf_release(&sb);
}

static void
read_pipfile(struct rd *r, const struct dl_toml_node *root)
{
	const struct dl_toml_node *req = dl_toml_get(root, "requires");
	const struct dl_toml_node *full = dl_toml_get(req, "python_full_version");
	const struct dl_toml_node *minor = dl_toml_get(req, "python_version");
	size_t i;

	if (full && full->type == DL_TOML_STRING)
		pipenv_python(r, full->str, full->str_len, NULL, 0, full);
	else if (minor && minor->type == DL_TOML_STRING)
		pipenv_python(r, NULL, 0, minor->str, minor->str_len, minor);
	for (i = 0; i < root->pairs_nr; i++) {
		const struct dl_toml_pair *p = &root->pairs[i];
		if (!strcmp(p->key, "requires") || !strcmp(p->key, "source") ||
		    !strcmp(p->key, "scripts") || !strcmp(p->key, "pipenv") ||
		    p->value->type != DL_TOML_TABLE)
			continue;
		pipfile_section(r, p);
	}
}

/* ---- Pipfile.lock (JSON) ------------------------------------------------ */

/* The offset of `"key"` followed by ':' in [from, to), or `to`. */
static size_t
find_key(const struct rd *r, const char *key, size_t from, size_t to)
{
	size_t klen = strlen(key);

	while (from < to) {
		const char *hit = dl_memmem(r->data + from, to - from, key, klen);
		size_t at, k;
		if (!hit)
			return to;
		at = (size_t)(hit - r->data);
		if (at > 0 && r->data[at - 1] == '"' && at + klen < to && r->data[at + klen] == '"') {
			k = at + klen + 1;
			while (k < to && dl_isspace((unsigned char)r->data[k]))
				k++;
			if (k < to && r->data[k] == ':')
				return at - 1;
		}
		from = at + 1;
	}
	return to;
}

/* The offset of the value after the key at `key_off`. */
static size_t
value_after(const struct rd *r, size_t key_off)
{
	size_t k = key_off + 1;
	while (k < r->len && r->data[k] != ':')
		k++;
	k++;
	while (k < r->len && dl_isspace((unsigned char)r->data[k]))
		k++;
	return k < r->len ? k : key_off;
}

static void
lock_section(struct rd *r, json_t *root, const char *name, enum dl_dep_section section,
	     const char *group)
{
	json_t *sec = json_object_get(root, name), *pkg;
	const char *key;
	size_t sec_off, n = 0, i = 0, *offs;
	void *it;

	if (!sec)
		return;
	if (!json_is_object(sec)) {
		problem(r, (struct dl_pos){ 1, 1 }, "a Pipfile.lock section must be an object");
		return;
	}
	sec_off = find_key(r, name, 0, r->len);
	if (sec_off == r->len)
		sec_off = 0;
	n = json_object_size(sec);
	offs = dl_xcalloc(n + 1, sizeof(*offs));
	/* each package's key, searched in order after the section's */
	{
		size_t from = sec_off;
		json_object_foreach(sec, key, pkg)
		{
			size_t at = find_key(r, key, from, r->len);
			offs[i++] = at;
			if (at < r->len)
				from = at + 1;
		}
		offs[n] = r->len;
	}
	i = 0;
	it = json_object_iter(sec);
	while (it) {
		json_t *v, *x;
		struct dl_dependency *d;
		size_t at = offs[i], end = r->len, k;

		key = json_object_iter_key(it);
		pkg = json_object_iter_value(it);
		for (k = i + 1; k <= n; k++)
			if (offs[k] > at && offs[k] < end)
				end = offs[k];
		d = new_dep(r, section, group);
		set_name(r, d, key, strlen(key), pos_of(r, at < r->len ? at + 1 : sec_off));
		if (json_is_object(pkg)) {
			if ((v = json_object_get(pkg, "version")) && json_is_string(v)) {
				const char *s = json_string_value(v);
				size_t vo = at < r->len ? find_key(r, "version", at, end) : r->len;
				set_pipenv_version(r, d, s, json_string_length(v));
				if (!strncmp(s, "==", 2) && !strchr(s, ','))
					d->version = dl_arena_strdup(r->arena, s + 2);
				if (vo < r->len && vo < end)
					d->spec_pos = pos_of(r, value_after(r, vo));
			}
			if ((v = json_object_get(pkg, "markers")) && json_is_string(v)) {
				size_t mo = at < r->len ? find_key(r, "markers", at, end) : r->len;
				d->marker = dl_arena_strdup(r->arena, json_string_value(v));
				d->marker_pos = mo < end ? pos_of(r, value_after(r, mo)) : d->name_pos;
			}
			if ((v = json_object_get(pkg, "extras")) && json_is_array(v)) {
				struct dl_strbuf sb = DL_STRBUF_INIT;
				size_t j;
				json_array_foreach(v, j, x) if (json_is_string(x))
				{
					if (sb.len)
						dl_strbuf_putc(&sb, ',');
					dl_strbuf_puts(&sb, json_string_value(x));
				}
				if (sb.len)
					d->extras = dl_arena_strndup(r->arena, sb.buf, sb.len);
				dl_strbuf_release(&sb);
			}
			if ((v = json_object_get(pkg, "editable")) && json_is_true(v))
				d->editable = 1;
			if ((v = json_object_get(pkg, "git")) && json_is_string(v)) {
				d->origin = DL_DEP_VCS;
				d->url = dl_arena_strdup(r->arena, json_string_value(v));
			} else if ((v = json_object_get(pkg, "path")) && json_is_string(v)) {
				d->origin = DL_DEP_PATH;
				d->url = dl_arena_strdup(r->arena, json_string_value(v));
			} else if ((v = json_object_get(pkg, "file")) && json_is_string(v)) {
				d->origin = DL_DEP_URL;
				d->url = dl_arena_strdup(r->arena, json_string_value(v));
			}
		} else {
			problem(r, d->name_pos, "a Pipfile.lock package must be an object");
		}
		i++;
		it = json_object_iter_next(sec, it);
	}
	free(offs);
}

static void
read_pipfile_lock(struct rd *r)
{
	struct dl_depsource *o = r->out;
	json_error_t err;
	json_t *root, *meta, *v;

	root = json_loadb(r->data, r->len, JSON_REJECT_DUPLICATES, &err);
	if (!root || !json_is_object(root)) {
		/* jansson's text may quote the input ("near '...'"): cut it */
		char msg[sizeof(err.text)];
		char *near;
		size_t off = root ? 0 : (size_t)(err.position > 0 ? err.position - 1 : 0);
		snprintf(msg, sizeof(msg), "%s", root ? "the top level must be an object" : err.text);
		if ((near = strstr(msg, " near ")))
			*near = '\0';
		o->error.set = 1;
		o->error.pos = pos_of(r, off < r->len ? off : (r->len ? r->len - 1 : 0));
		o->error.message = dl_arena_strdup(r->arena, msg);
		json_decref(root);
		return;
	}
	meta = json_object_get(root, "_meta");
	if ((v = json_object_get(meta, "pipfile-spec")) && json_is_integer(v)) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
		o->lock_version = dl_arena_strndup(r->arena, sb.buf, sb.len);
		dl_strbuf_release(&sb);
	}
	{
		json_t *req = json_object_get(meta, "requires");
		json_t *full = json_object_get(req, "python_full_version");
		json_t *minor = json_object_get(req, "python_version");
		size_t ro = find_key(r, full && json_is_string(full) ? "python_full_version" : "python_version", 0, r->len);
		struct dl_toml_node at;
		memset(&at, 0, sizeof(at));
		at.pos = ro < r->len ? pos_of(r, value_after(r, ro)) : (struct dl_pos){ 1, 1 };
		if (full && json_is_string(full))
			pipenv_python(r, json_string_value(full), json_string_length(full), NULL, 0, &at);
		else if (minor && json_is_string(minor))
			pipenv_python(r, NULL, 0, json_string_value(minor), json_string_length(minor), &at);
	}
	lock_section(r, root, "default", DL_DEP_MAIN, NULL);
	lock_section(r, root, "develop", DL_DEP_GROUP, "dev");
	json_decref(root);
}

/* ---- entry points ------------------------------------------------------- */

static int
dep_cmp(const void *a, const void *b)
{
	const struct dl_dependency *x = a, *y = b;
	if (x->name_pos.line != y->name_pos.line)
		return x->name_pos.line < y->name_pos.line ? -1 : 1;
	if (x->name_pos.col != y->name_pos.col)
		return x->name_pos.col < y->name_pos.col ? -1 : 1;
	/* same place (a Poetry multiple-constraints list, a Pipfile.lock
	 * fallback position): keep reading order, which `written` the
	 * position of the version tells */
	if (x->spec_pos.line != y->spec_pos.line)
		return x->spec_pos.line < y->spec_pos.line ? -1 : 1;
	if (x->spec_pos.col != y->spec_pos.col)
		return x->spec_pos.col < y->spec_pos.col ? -1 : 1;
	return 0;
}

static int
prob_cmp(const void *a, const void *b)
{
	const struct dl_dep_problem *x = a, *y = b;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	return x->pos.col < y->pos.col ? -1 : x->pos.col > y->pos.col;
}

enum dl_depsource_kind
dl_depsource_kind_for(const char *path)
{
	const char *base = dl_path_basename(path);

	if (!strcmp(base, "pyproject.toml"))
		return DL_DEPSRC_PYPROJECT;
	if (!strcmp(base, "poetry.lock"))
		return DL_DEPSRC_POETRY_LOCK;
	if (!strcmp(base, "uv.lock"))
		return DL_DEPSRC_UV_LOCK;
	if (!strcmp(base, "Pipfile"))
		return DL_DEPSRC_PIPFILE;
	if (!strcmp(base, "Pipfile.lock"))
		return DL_DEPSRC_PIPFILE_LOCK;
	return 0;
}

void
dl_depsource_read(struct dl_depsource *out, struct dl_arena *arena,
		  enum dl_depsource_kind kind, const char *file, const char *data,
		  size_t len)
{
	struct rd r;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	out->kind = kind;
	out->file = file ? dl_arena_strdup(arena, file) : NULL;
	out->package_mode = -1;
	r.out = out;
	r.arena = arena;
	r.data = data;
	r.len = len;
	r.lines = 1;
	for (i = 0; i < len; i++)
		r.lines += data[i] == '\n';
	r.starts = dl_xmalloc(r.lines * sizeof(*r.starts));
	r.starts[0] = 0;
	r.lines = 1;
	for (i = 0; i < len; i++)
		if (data[i] == '\n')
			r.starts[r.lines++] = i + 1;

	if (kind == DL_DEPSRC_PIPFILE_LOCK) {
		read_pipfile_lock(&r);
	} else {
		struct dl_toml_doc doc;
		dl_toml_parse(&doc, arena, data, len);
		if (!doc.root) {
			out->error = doc.error;
		} else if (kind == DL_DEPSRC_PYPROJECT) {
			read_pyproject(&r, doc.root);
		} else if (kind == DL_DEPSRC_POETRY_LOCK || kind == DL_DEPSRC_UV_LOCK) {
			read_lock(&r, doc.root, kind == DL_DEPSRC_UV_LOCK);
		} else if (kind == DL_DEPSRC_PIPFILE) {
			read_pipfile(&r, doc.root);
		}
	}
	if (r.nr) {
		qsort(r.deps, r.nr, sizeof(*r.deps), dep_cmp);
		out->deps = dl_arena_alloc(arena, r.nr * sizeof(*out->deps));
		memcpy(out->deps, r.deps, r.nr * sizeof(*out->deps));
		out->nr = r.nr;
	}
	if (r.probs_nr) {
		qsort(r.probs, r.probs_nr, sizeof(*r.probs), prob_cmp);
		out->problems = dl_arena_alloc(arena, r.probs_nr * sizeof(*out->problems));
		memcpy(out->problems, r.probs, r.probs_nr * sizeof(*out->problems));
		out->problems_nr = r.probs_nr;
	}
	free(r.deps);
	free(r.probs);
	free(r.starts);
}

const struct dl_dependency *
dl_depsource_find(const struct dl_depsource *src, const char *normalised)
{
	size_t i;

	for (i = 0; i < src->nr; i++)
		if (!strcmp(src->deps[i].normalised, normalised))
			return &src->deps[i];
	return NULL;
}
