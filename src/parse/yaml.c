/*
 * deploylint: YAML document tree built from libyaml's event API, with
 * positions, unexpanded aliases, limits and "<<" merge-aware lookups.
 */
#include "deploylint/parse.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "deploylint/hashmap.h"
#include "deploylint/limits.h"

/*
 * Decisions the header leaves open:
 *
 * - Errors: the parse stops at the first error (libyaml's, an undefined
 *   alias, a limit) and the partial tree read so far is kept, as the
 *   header's "keeps what it could read" asks: every open collection is
 *   closed at its last complete child, a mapping key whose value was never
 *   read is dropped (so every pair has a key and a value), and root is the
 *   first document's outermost node when one had started. Callers must look
 *   at error.set before trusting a missing key.
 * - An alias naming a collection that is still open (`&a [*a]`) is an error
 *   ("anchor 'a' value contains itself", as Go's yaml.v3 says), so aliases
 *   never form cycles; the tree is a DAG through aliases.
 * - Columns are bytes for UTF-8 input (libyaml counts characters; they are
 *   converted), counted from after a leading UTF-8 BOM. For UTF-16 input
 *   they are characters. Lines are libyaml's (CR, LF, CRLF, NEL, LS, PS).
 * - A block collection ends where its last child ends; a flow collection
 *   after its closing bracket. A literal or folded scalar ends where libyaml
 *   ends it: at the start of the line after its last line, trailing blank
 *   lines included (or at the end of input).
 * - Documents after the first are parsed for syntax, depth and node count
 *   only (their aliases are not checked against anchors); no tree is built.
 * - Duplicate keys in one mapping: dl_yaml_get returns the last one, as
 *   PyYAML's dict construction does.
 */

/* One checkpoint (byte offset) every CP_STEP characters of UTF-8 input. */
#define CP_STEP 64u

struct frame {
	struct dl_yaml_node *node; /* NULL when not building (skipped doc) */
	size_t first_kid;          /* index of its first child in kids[] */
	int flow;
	struct dl_pos open_end; /* end of its start event */
};

struct builder {
	struct dl_yaml_doc *out;
	struct dl_arena *arena;
	const char *data;
	size_t len;

	/* Positions: libyaml character index -> byte offset (UTF-8 only). */
	int positions_ready;
	yaml_encoding_t encoding;
	size_t bom; /* bytes before libyaml's character 0 */
	size_t *cp; /* cp[k]: byte offset of character k*CP_STEP */
	size_t cp_nr;

	int skipping;    /* past the first document */
	size_t nodes;    /* nodes in the current document */
	size_t expanded; /* the same with aliases expanded */
	struct frame frames[DL_MAX_YAML_DEPTH];
	size_t depth;
	/* Children of all open collections, innermost last (malloc'd). */
	struct dl_yaml_node **kids;
	size_t kids_nr, kids_alloc;

	/* anchor name (arena-owned, the node's anchor) -> its node */
	struct dl_hashmap anchors;
};

/* ---- positions ---------------------------------------------------------- */

static unsigned
clamp_uint(size_t v)
{
	return v > UINT_MAX ? UINT_MAX : (unsigned)v;
}

static size_t
utf8_width(unsigned char c)
{
	if (c >= 0xF0 && c <= 0xF7)
		return 4;
	if (c >= 0xE0)
		return c <= 0xEF ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

static int
is_utf16(const struct builder *b)
{
	return b->encoding == YAML_UTF16LE_ENCODING ||
	       b->encoding == YAML_UTF16BE_ENCODING;
}

/*
 * Called once libyaml has detected the encoding (after the first call to
 * yaml_parser_parse). For UTF-8 records a byte offset every CP_STEP
 * characters so a character index maps to a byte offset in O(CP_STEP).
 */
static void
prepare_positions(struct builder *b, yaml_encoding_t encoding)
{
	size_t off, chars = 0;

	b->positions_ready = 1;
	b->encoding = encoding;
	if (is_utf16(b)) {
		b->bom = 2;
		return;
	}
	b->encoding = YAML_UTF8_ENCODING;
	if (b->len >= 3 && !memcmp(b->data, "\xEF\xBB\xBF", 3))
		b->bom = 3;
	b->cp = dl_xmalloc(dl_st_mult(b->len / CP_STEP + 2, sizeof(*b->cp)));
	off = b->bom;
	b->cp[b->cp_nr++] = off;
	while (off < b->len) {
		size_t w = utf8_width((unsigned char)b->data[off]);
		off = w > b->len - off ? b->len : off + w;
		if (++chars % CP_STEP == 0)
			b->cp[b->cp_nr++] = off;
	}
}

/* Byte offset of libyaml's character `index` (UTF-8 input only). */
static size_t
char_offset(const struct builder *b, size_t index)
{
	size_t k = index / CP_STEP, off, rest;

	if (k >= b->cp_nr)
		k = b->cp_nr - 1;
	off = b->cp[k];
	rest = index - k * CP_STEP;
	while (rest-- && off < b->len) {
		size_t w = utf8_width((unsigned char)b->data[off]);
		off = w > b->len - off ? b->len : off + w;
	}
	return off;
}

/*
 * The one place a libyaml mark (0-based line, column and index counted in
 * characters) becomes a dl_pos (1-based line, 1-based byte column).
 */
static struct dl_pos
mark_pos(const struct builder *b, const yaml_mark_t *m)
{
	struct dl_pos pos;

	pos.line = clamp_uint(m->line + 1);
	if (b->cp) {
		size_t bol = m->column <= m->index ? m->index - m->column : 0;
		pos.col = clamp_uint(char_offset(b, m->index) -
				     char_offset(b, bol) + 1);
	} else {
		pos.col = clamp_uint(m->column + 1);
	}
	return pos;
}

/* Decodes the character at *off (in the detected encoding), advancing. */
static unsigned long
next_char(const struct builder *b, size_t *off)
{
	const unsigned char *s = (const unsigned char *)b->data + *off;
	size_t left = b->len - *off;
	unsigned long c, lo;

	if (is_utf16(b)) {
		int le = b->encoding == YAML_UTF16LE_ENCODING;
		if (left < 2) {
			*off += left;
			return 0xFFFD;
		}
		c = le ? (unsigned long)s[0] | (unsigned long)s[1] << 8
		       : (unsigned long)s[1] | (unsigned long)s[0] << 8;
		*off += 2;
		if (c >= 0xD800 && c <= 0xDBFF && left >= 4) {
			lo = le ? (unsigned long)s[2] | (unsigned long)s[3] << 8
				: (unsigned long)s[3] | (unsigned long)s[2] << 8;
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				*off += 2;
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			}
		}
		return c;
	}
	if (utf8_width(s[0]) == 2 && left >= 2) {
		*off += 2;
		return ((unsigned long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (utf8_width(s[0]) == 3 && left >= 3) {
		*off += 3;
		return ((unsigned long)(s[0] & 0x0F) << 12) |
		       ((unsigned long)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	c = s[0];
	*off += utf8_width(s[0]) <= left ? utf8_width(s[0]) : left;
	return c;
}

/*
 * libyaml reports reader errors (bad encoding, control characters) as a raw
 * byte offset without a mark: rebuild the mark libyaml would have had there,
 * counting characters and line breaks as libyaml does.
 */
static yaml_mark_t
offset_mark(const struct builder *b, size_t offset)
{
	yaml_mark_t m = { 0, 0, 0 };
	size_t off = b->bom;

	if (offset > b->len)
		offset = b->len;
	while (off < offset) {
		size_t next = off, peek;
		unsigned long c = next_char(b, &next);
		int crlf;

		if (next > offset)
			break; /* inside a bad sequence: point at its start */
		off = peek = next;
		crlf = c == '\r' && off < offset && next_char(b, &peek) == '\n';

		m.index++;
		if (!crlf && (c == '\n' || c == '\r' || c == 0x85 ||
			      c == 0x2028 || c == 0x2029)) {
			m.line++;
			m.column = 0;
		} else {
			m.column++;
		}
	}
	return m;
}

/* ---- errors ------------------------------------------------------------- */

static void set_error(struct builder *b, struct dl_pos pos,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_error(struct builder *b, struct dl_pos pos, const char *fmt, ...)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	va_list ap;

	if (b->out->error.set)
		return;
	va_start(ap, fmt);
	dl_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	b->out->error.set = 1;
	b->out->error.pos = pos;
	b->out->error.message = dl_arena_strndup(b->arena, sb.buf, sb.len);
	dl_strbuf_release(&sb);
}

static void
libyaml_error(struct builder *b, const yaml_parser_t *parser)
{
	yaml_mark_t mark = parser->problem_mark;
	const char *problem = parser->problem ? parser->problem : "invalid YAML";

	if (parser->error == YAML_MEMORY_ERROR)
		problem = "out of memory";
	if (parser->error == YAML_READER_ERROR) {
		mark = offset_mark(b, parser->problem_offset);
		if (parser->problem_value >= 0) {
			set_error(b, mark_pos(b, &mark), "%s (#x%x)", problem,
				  (unsigned)parser->problem_value);
			return;
		}
	}
	if (parser->context)
		set_error(b, mark_pos(b, &mark), "%s %s", problem,
			  parser->context);
	else
		set_error(b, mark_pos(b, &mark), "%s", problem);
}

/* ---- anchors ------------------------------------------------------------ */

static void
anchor_define(struct builder *b, struct dl_yaml_node *node)
{
	/* a redefinition wins for later aliases */
	dl_hashmap_slot(&b->anchors, node->anchor, strlen(node->anchor), NULL)->value = node;
}

static struct dl_yaml_node *
anchor_find(const struct builder *b, const char *name)
{
	void *node = NULL;

	dl_hashmap_get(&b->anchors, name, strlen(name), &node);
	return node;
}

/* ---- tree building ------------------------------------------------------ */

/* Counts `n` more nodes of the current document with aliases expanded;
 * nonzero when over DL_MAX_YAML_EXPANDED. */
static int
count_expanded(struct builder *b, const yaml_event_t *ev, size_t n)
{
	if (n > DL_MAX_YAML_EXPANDED - b->expanded) {
		set_error(b, mark_pos(b, &ev->start_mark),
			  "aliases expand the document to more nodes than the limit (%u)",
			  (unsigned)DL_MAX_YAML_EXPANDED);
		return 1;
	}
	b->expanded += n;
	return 0;
}

/* Counts one node of the current document; nonzero when over the limit. */
static int
count_node(struct builder *b, const yaml_event_t *ev)
{
	if (b->nodes >= DL_MAX_YAML_NODES) {
		set_error(b, mark_pos(b, &ev->start_mark),
			  "document has more nodes than the node limit (%u)",
			  (unsigned)DL_MAX_YAML_NODES);
		return 1;
	}
	b->nodes++;
	return 0;
}

static struct dl_yaml_node *
new_node(struct builder *b, enum dl_yaml_type type, const yaml_event_t *ev,
	 const yaml_char_t *anchor, const yaml_char_t *tag)
{
	struct dl_yaml_node *n = dl_arena_alloc(b->arena, sizeof(*n));

	n->type = type;
	n->start = mark_pos(b, &ev->start_mark);
	n->expanded = 1;
	if (tag)
		n->tag = dl_arena_strdup(b->arena, (const char *)tag);
	if (anchor)
		n->anchor = dl_arena_strdup(b->arena, (const char *)anchor);
	return n;
}

static void
add_child(struct builder *b, struct dl_yaml_node *n)
{
	if (!b->depth) {
		if (!b->out->root)
			b->out->root = n;
		return;
	}
	DL_ALLOC_GROW(b->kids, b->kids_nr + 1, b->kids_alloc);
	b->kids[b->kids_nr++] = n;
}

/*
 * Pops the innermost frame, moving its children into the arena. `end` is
 * the end event's end position for a flow collection closed normally, NULL
 * otherwise (block collection, or closing a partial tree after an error).
 */
static void
close_frame(struct builder *b, const struct dl_pos *end)
{
	struct frame *f = &b->frames[--b->depth];
	struct dl_yaml_node *n = f->node;
	size_t nr = b->kids_nr - f->first_kid, used, i;
	/* b->kids is NULL until a first child is kept: no pointer arithmetic
	 * on it without children (NULL + 0 is undefined) */
	struct dl_yaml_node **kids = NULL;

	if (nr)
		kids = b->kids + f->first_kid;

	b->kids_nr = f->first_kid;
	if (!n)
		return;
	if (n->type == DL_YAML_SEQUENCE) {
		used = nr;
		if (nr) {
			n->items = dl_arena_alloc(b->arena,
						  dl_st_mult(nr, sizeof(*kids))); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
			memcpy(n->items, kids, nr * sizeof(*kids));               /* NOLINT(bugprone-sizeof-expression): an array of pointers */
		}
		n->items_nr = nr;
	} else {
		/* an odd count means the last value was never read */
		n->pairs_nr = nr / 2;
		used = n->pairs_nr * 2;
		if (n->pairs_nr)
			n->pairs = dl_arena_alloc(b->arena,
						  dl_st_mult(n->pairs_nr, sizeof(*n->pairs)));
		for (i = 0; i < n->pairs_nr; i++) {
			n->pairs[i].key = kids[2 * i];
			n->pairs[i].value = kids[2 * i + 1];
		}
	}
	for (i = 0; i < used; i++) /* each is at most DL_MAX_YAML_EXPANDED */
		n->expanded += kids[i]->expanded;
	if (end && f->flow)
		n->end = *end;
	else if (used)
		n->end = kids[used - 1]->end;
	else
		n->end = f->open_end;
	add_child(b, n);
}

static int
open_collection(struct builder *b, const yaml_event_t *ev)
{
	int seq = ev->type == YAML_SEQUENCE_START_EVENT;
	struct frame *f;
	struct dl_yaml_node *n = NULL;

	if (b->depth >= DL_MAX_YAML_DEPTH) {
		set_error(b, mark_pos(b, &ev->start_mark),
			  "nesting deeper than the depth limit (%d)",
			  DL_MAX_YAML_DEPTH);
		return 1;
	}
	if (count_node(b, ev))
		return 1;
	if (!b->skipping && count_expanded(b, ev, 1))
		return 1;
	if (!b->skipping) {
		if (seq)
			n = new_node(b, DL_YAML_SEQUENCE, ev,
				     ev->data.sequence_start.anchor,
				     ev->data.sequence_start.tag);
		else
			n = new_node(b, DL_YAML_MAPPING, ev,
				     ev->data.mapping_start.anchor,
				     ev->data.mapping_start.tag);
		/* defined before its content: `&a [*a]` is then caught */
		if (n->anchor)
			anchor_define(b, n);
	}
	f = &b->frames[b->depth++];
	f->node = n;
	f->first_kid = b->kids_nr;
	f->flow = seq ? ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
		      : ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	f->open_end = mark_pos(b, &ev->end_mark);
	return 0;
}

static enum dl_yaml_style
scalar_style(yaml_scalar_style_t style)
{
	switch (style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return DL_YAML_SINGLE_QUOTED;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		return DL_YAML_DOUBLE_QUOTED;
	case YAML_LITERAL_SCALAR_STYLE:
		return DL_YAML_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE:
		return DL_YAML_FOLDED;
	default:
		return DL_YAML_PLAIN;
	}
}

static int
add_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct dl_yaml_node *n;

	if (count_node(b, ev))
		return 1;
	if (b->skipping)
		return 0;
	if (count_expanded(b, ev, 1))
		return 1;
	n = new_node(b, DL_YAML_SCALAR, ev, ev->data.scalar.anchor,
		     ev->data.scalar.tag);
	n->end = mark_pos(b, &ev->end_mark);
	n->scalar = dl_arena_strndup(b->arena,
				     (const char *)ev->data.scalar.value,
				     ev->data.scalar.length);
	n->scalar_len = ev->data.scalar.length;
	n->style = scalar_style(ev->data.scalar.style);
	if (n->anchor)
		anchor_define(b, n);
	add_child(b, n);
	return 0;
}

static int
add_alias(struct builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct dl_yaml_node *n, *target;

	if (count_node(b, ev))
		return 1;
	if (b->skipping)
		return 0;
	target = anchor_find(b, name);
	if (!target) {
		set_error(b, mark_pos(b, &ev->start_mark),
			  "found undefined alias '%s'", name);
		return 1;
	}
	if (target->type != DL_YAML_SCALAR && !target->end.line) {
		/* still open: the alias is inside its own anchor's node */
		set_error(b, mark_pos(b, &ev->start_mark),
			  "anchor '%s' value contains itself", name);
		return 1;
	}
	if (count_expanded(b, ev, target->expanded))
		return 1;
	n = new_node(b, DL_YAML_ALIAS, ev, NULL, NULL);
	n->end = mark_pos(b, &ev->end_mark);
	n->target = target;
	n->expanded = target->expanded;
	add_child(b, n);
	return 0;
}

/* Handles one event; nonzero to stop (error or end of stream). */
static int
handle_event(struct builder *b, const yaml_event_t *ev)
{
	struct dl_pos end;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		b->out->documents++;
		b->skipping = b->out->documents > 1;
		b->nodes = 0;
		b->expanded = 0;
		return 0;
	case YAML_SCALAR_EVENT:
		return add_scalar(b, ev);
	case YAML_ALIAS_EVENT:
		return add_alias(b, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth) {
			end = mark_pos(b, &ev->end_mark);
			close_frame(b, &end);
		}
		return 0;
	default:
		return 0;
	}
}

void
dl_yaml_parse(struct dl_yaml_doc *out, struct dl_arena *arena,
	      const char *data, size_t len)
{
	struct builder *b = dl_xcalloc(1, sizeof(*b));
	yaml_parser_t parser;
	yaml_event_t event;
	int stop = 0;

	memset(out, 0, sizeof(*out));
	b->out = out;
	b->arena = arena;
	b->data = data ? data : "";
	b->len = data ? len : 0;

	if (!yaml_parser_initialize(&parser)) {
		yaml_mark_t zero = { 0, 0, 0 };
		set_error(b, mark_pos(b, &zero), "out of memory");
		free(b);
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)b->data,
				     b->len);
	while (!stop) {
		int ok = yaml_parser_parse(&parser, &event);

		if (!b->positions_ready)
			prepare_positions(b, parser.encoding);
		if (!ok) {
			libyaml_error(b, &parser);
			break;
		}
		stop = handle_event(b, &event);
		yaml_event_delete(&event);
	}
	/* keep the partial tree: close what is still open */
	while (b->depth)
		close_frame(b, NULL);

	yaml_parser_delete(&parser);
	free(b->cp);
	free(b->kids);
	dl_hashmap_release(&b->anchors);
	free(b);
}

/* ---- lookups ------------------------------------------------------------ */

const struct dl_yaml_node *
dl_yaml_resolve(const struct dl_yaml_node *n)
{
	int hops;

	for (hops = 0; n && n->type == DL_YAML_ALIAS && n->target &&
		       hops < DL_MAX_YAML_DEPTH;
	     hops++)
		n = n->target;
	return n;
}

/* A plain "<<" key without a tag other than !!merge. */
static int
is_merge_key(const struct dl_yaml_node *k)
{
	k = dl_yaml_resolve(k);
	return k && k->type == DL_YAML_SCALAR && k->style == DL_YAML_PLAIN &&
	       k->scalar_len == 2 && !memcmp(k->scalar, "<<", 2) &&
	       (!k->tag || !strcmp(k->tag, "tag:yaml.org,2002:merge"));
}

/* The mapping's own (not merged) pair for key; the last of duplicates. */
static const struct dl_yaml_pair *
own_pair(const struct dl_yaml_node *map, const char *key, size_t len)
{
	const struct dl_yaml_pair *found = NULL;
	size_t i;

	for (i = 0; i < map->pairs_nr; i++) {
		const struct dl_yaml_node *k = dl_yaml_resolve(map->pairs[i].key);

		if (k && k->type == DL_YAML_SCALAR && k->scalar_len == len &&
		    !memcmp(k->scalar, key, len) &&
		    !is_merge_key(map->pairs[i].key))
			found = &map->pairs[i];
	}
	return found;
}

struct merge_frame {
	const struct dl_yaml_node *map;
	size_t pair; /* next pair to look at for "<<" */
	size_t item; /* next item when its value is a list */
};

/* The next mapping f's "<<" keys merge in, in order; NULL when done. */
static const struct dl_yaml_node *
next_merge_source(struct merge_frame *f)
{
	while (f->pair < f->map->pairs_nr) {
		const struct dl_yaml_pair *p = &f->map->pairs[f->pair];
		const struct dl_yaml_node *v = dl_yaml_resolve(p->value);

		if (!is_merge_key(p->key) || !v) {
			f->pair++;
		} else if (v->type == DL_YAML_MAPPING) {
			f->pair++;
			return v;
		} else if (v->type == DL_YAML_SEQUENCE &&
			   f->item < v->items_nr) {
			const struct dl_yaml_node *it =
				dl_yaml_resolve(v->items[f->item++]);
			if (it && it->type == DL_YAML_MAPPING)
				return it;
		} else {
			f->pair++;
			f->item = 0;
		}
	}
	return NULL;
}

/*
 * Finds key's pair in mapping n: its own keys first, then the "<<" merge
 * sources in order, each searched the same way before the next (depth
 * first, as PyYAML flattens merges). An explicit stack, and a mapping is
 * searched at most once; at most DL_MAX_YAML_DEPTH distinct mappings are
 * searched per lookup (further merge sources are ignored).
 */
static const struct dl_yaml_pair *
find_pair(const struct dl_yaml_node *n, const char *key)
{
	struct merge_frame stack[DL_MAX_YAML_DEPTH];
	const struct dl_yaml_node *seen[DL_MAX_YAML_DEPTH];
	size_t depth = 0, seen_nr = 0, len, i;
	const struct dl_yaml_pair *p;

	n = dl_yaml_resolve(n);
	if (!n || n->type != DL_YAML_MAPPING || !key)
		return NULL;
	len = strlen(key);
	if ((p = own_pair(n, key, len)))
		return p;
	seen[seen_nr++] = n;
	stack[depth].map = n;
	stack[depth].pair = stack[depth].item = 0;
	depth++;
	while (depth) {
		const struct dl_yaml_node *src = next_merge_source(&stack[depth - 1]);

		if (!src) {
			depth--;
			continue;
		}
		for (i = 0; i < seen_nr && seen[i] != src; i++)
			;
		if (i < seen_nr || seen_nr == DL_ARRAY_SIZE(seen))
			continue;
		seen[seen_nr++] = src;
		if ((p = own_pair(src, key, len)))
			return p;
		/* depth < seen_nr <= DL_ARRAY_SIZE(stack) here */
		stack[depth].map = src;
		stack[depth].pair = stack[depth].item = 0;
		depth++;
	}
	return NULL;
}

const struct dl_yaml_node *
dl_yaml_get(const struct dl_yaml_node *n, const char *key)
{
	const struct dl_yaml_pair *p = find_pair(n, key);

	return p ? dl_yaml_resolve(p->value) : NULL;
}

const struct dl_yaml_node *
dl_yaml_get_key(const struct dl_yaml_node *n, const char *key)
{
	const struct dl_yaml_pair *p = find_pair(n, key);

	return p ? p->key : NULL;
}
