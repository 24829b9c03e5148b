/*
 * Test-only tool: parses a TOML document (a file or standard input) with
 * dl_toml_parse() and prints the tree as JSON in toml-test's tagged form,
 * for tests/toml_diff.py (which compares it with Python's tomllib).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "deploylint/toml.h"
#include "deploylint/util.h"

/*
 * Usage: toml_dump [FILE] parses FILE (or standard input); toml_dump
 * --batch reads records "<byte count>\n<bytes>" from standard input and
 * prints one JSON line per record.
 *
 * Output: {"ok": true, "value": TREE, "posbad": [...]} or {"ok": false,
 * "line", "col", "message"}. TREE: a table is a JSON object, an array a
 * JSON array, every other value {"type": dl_toml_type_name(), "value":
 * TEXT}: integers in decimal, floats as "%.17g" ("inf", "-inf", "nan"),
 * booleans "true"/"false", dates "YYYY-MM-DD", times
 * "HH:MM:SS.uuuuuu" (microseconds, truncated as tomllib truncates), an
 * offset date-time "<date>T<time>" plus the offset in minutes east of
 * UTC as "+MMMM"/"-MMMM".
 *
 * "posbad" lists the positions that do not point where they should: a
 * key must start with its first byte or a quote, a string value with a
 * quote, a number with a digit, sign, 'i' or 'n', a boolean with 't' or
 * 'f', an inline array or a [table] with '[', an inline table with '{', and
 * every position must lie inside the document.
 */
struct text {
	const char *data;
	size_t len;
	size_t *starts; /* offset of each line */
	size_t lines;
};

static json_t *
str(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	return j ? j : json_string("<invalid UTF-8>");
}

static int
read_all(FILE *fp, struct dl_strbuf *sb)
{
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		dl_strbuf_put(sb, buf, n);
	return ferror(fp) ? -1 : 0;
}

/* The byte at pos, or -1 when pos lies outside the text. */
static int
byte_at(const struct text *t, struct dl_pos pos)
{
	size_t off;
	if (pos.line < 1 || pos.line > t->lines || pos.col < 1)
		return -1;
	off = t->starts[pos.line - 1] + pos.col - 1;
	if (off >= t->len)
		return -1;
	return (unsigned char)t->data[off];
}

static void
bad(json_t *posbad, const char *what, struct dl_pos pos)
{
	json_array_append_new(posbad, json_pack("{sssisi}", "what", what, "line",
						(int)pos.line, "col", (int)pos.col));
}

static json_t *tree(const struct dl_toml_node *n, const struct text *t,
		    json_t *posbad, int explicit_table);

static json_t *
tagged(const char *type, const char *value)
{
	return json_pack("{ssss}", "type", type, "value", value);
}

static void
put_date(struct dl_strbuf *sb, const struct dl_toml_datetime *dt)
{
	dl_strbuf_addf(sb, "%04d-%02d-%02d", dt->year, dt->month, dt->day);
}

static void
put_time(struct dl_strbuf *sb, const struct dl_toml_datetime *dt)
{
	dl_strbuf_addf(sb, "%02d:%02d:%02d.%06lu", dt->hour, dt->minute, dt->second,
		       (unsigned long)(dt->nanosecond / 1000u));
}

static json_t *
scalar(const struct dl_toml_node *n, const struct text *t, json_t *posbad)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	json_t *out;
	int c = byte_at(t, n->pos);

	switch (n->type) {
	case DL_TOML_STRING:
		if (c != '"' && c != '\'')
			bad(posbad, "string", n->pos);
		out = json_pack("{ssso}", "type", "string", "value", str(n->str, n->str_len));
		dl_strbuf_release(&sb);
		return out;
	case DL_TOML_INTEGER:
		dl_strbuf_addf(&sb, "%lld", (long long)n->integer);
		if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')))
			bad(posbad, "integer", n->pos);
		break;
	case DL_TOML_FLOAT:
		dl_strbuf_addf(&sb, "%.17g", n->number);
		if (!(c == '+' || c == '-' || c == 'i' || c == 'n' || (c >= '0' && c <= '9')))
			bad(posbad, "float", n->pos);
		break;
	case DL_TOML_BOOLEAN:
		dl_strbuf_puts(&sb, n->boolean ? "true" : "false");
		if (c != (n->boolean ? 't' : 'f'))
			bad(posbad, "boolean", n->pos);
		break;
	case DL_TOML_LOCAL_DATE:
		put_date(&sb, &n->dt);
		break;
	case DL_TOML_LOCAL_TIME:
		put_time(&sb, &n->dt);
		break;
	case DL_TOML_LOCAL_DATETIME:
	case DL_TOML_DATETIME:
		put_date(&sb, &n->dt);
		dl_strbuf_putc(&sb, 'T');
		put_time(&sb, &n->dt);
		if (n->type == DL_TOML_DATETIME)
			dl_strbuf_addf(&sb, "%c%04d", n->dt.offset_minutes < 0 ? '-' : '+',
				       abs(n->dt.offset_minutes));
		break;
	case DL_TOML_TABLE:
	case DL_TOML_ARRAY:
		break;
	}
	if (n->type >= DL_TOML_DATETIME && !(c >= '0' && c <= '9'))
		bad(posbad, "date/time", n->pos);
	out = tagged(dl_toml_type_name(n->type), sb.buf);
	dl_strbuf_release(&sb);
	return out;
}

static json_t *
tree(const struct dl_toml_node *n, const struct text *t, json_t *posbad,
     int explicit_table)
{
	size_t i;
	json_t *out;
	int c = byte_at(t, n->pos);

	if (c < 0 && !(n->type == DL_TOML_TABLE && t->len == 0))
		bad(posbad, "outside", n->pos);
	if (n->type == DL_TOML_ARRAY) {
		if (!n->array_of_tables && c != '[')
			bad(posbad, "array", n->pos);
		out = json_array();
		for (i = 0; i < n->items_nr; i++)
			json_array_append_new(out, tree(n->items[i], t, posbad, n->array_of_tables));
		return out;
	}
	if (n->type != DL_TOML_TABLE)
		return scalar(n, t, posbad);
	if (n->inline_table && c != '{')
		bad(posbad, "inline table", n->pos);
	if (explicit_table && !n->inline_table && c != '[')
		bad(posbad, "table", n->pos);
	out = json_object();
	for (i = 0; i < n->pairs_nr; i++) {
		const struct dl_toml_pair *p = &n->pairs[i];
		int k = byte_at(t, p->key_pos);

		if (k != '"' && k != '\'' && (p->key_len == 0 || k != (unsigned char)p->key[0]))
			bad(posbad, "key", p->key_pos);
		if (i > 0 && (p->key_pos.line < n->pairs[i - 1].key_pos.line ||
			      (p->key_pos.line == n->pairs[i - 1].key_pos.line &&
			       p->key_pos.col <= n->pairs[i - 1].key_pos.col)))
			bad(posbad, "key order", p->key_pos);
		/* a TOML key may hold NUL (\u0000): keep its length */
		json_object_setn_new(out, p->key, p->key_len, tree(p->value, t, posbad, 0));
	}
	return out;
}

/* Parses one input and prints its JSON line; returns 0 or -1. */
static int
dump(const char *data, size_t len)
{
	struct dl_arena arena;
	struct dl_toml_doc doc;
	struct text t = { data, len, NULL, 1 };
	json_t *root;
	char *out;
	size_t i;

	for (i = 0; i < len; i++)
		if (data[i] == '\n')
			t.lines++;
	t.starts = dl_xmalloc(t.lines * sizeof(*t.starts));
	t.starts[0] = 0;
	t.lines = 1;
	for (i = 0; i < len; i++)
		if (data[i] == '\n')
			t.starts[t.lines++] = i + 1;

	dl_arena_init(&arena);
	dl_toml_parse(&doc, &arena, data, len);
	if (doc.root) {
		json_t *posbad = json_array();
		json_t *value = tree(doc.root, &t, posbad, 0);
		root = json_pack("{sbsoso}", "ok", 1, "value", value, "posbad", posbad);
	} else {
		root = json_pack("{sbsisiss}", "ok", 0, "line", (int)doc.error.pos.line,
				 "col", (int)doc.error.pos.col, "message",
				 doc.error.message ? doc.error.message : "");
	}
	out = root ? json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	if (out) {
		fputs(out, stdout);
		fputc('\n', stdout);
		free(out);
	}
	json_decref(root);
	dl_arena_release(&arena);
	free(t.starts);
	return out ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct dl_strbuf in = DL_STRBUF_INIT;
	FILE *fp = stdin;
	int batch = 0, status = 0;

	if (argc == 2 && !strcmp(argv[1], "--batch")) {
		batch = 1;
	} else if (argc > 2) {
		fprintf(stderr, "usage: toml_dump [--batch | FILE]\n");
		return 2;
	} else if (argc == 2 && !(fp = fopen(argv[1], "rb"))) {
		perror(argv[1]);
		return 2;
	}
	if (read_all(fp, &in) < 0) {
		perror("read");
		return 2;
	}
	if (fp != stdin)
		fclose(fp);
	if (!batch) {
		status = dump(in.buf, in.len) < 0 ? 3 : 0;
	} else {
		/* records: decimal byte count, '\n', that many bytes */
		size_t pos = 0;
		while (pos < in.len && !status) {
			size_t n = 0, digits = 0;
			while (pos < in.len && in.buf[pos] >= '0' && in.buf[pos] <= '9' &&
			       digits < 12) {
				n = n * 10 + (size_t)(in.buf[pos++] - '0');
				digits++;
			}
			if (!digits || pos >= in.len || in.buf[pos] != '\n' ||
			    in.len - pos - 1 < n) {
				fprintf(stderr, "toml_dump: bad batch record\n");
				status = 2;
				break;
			}
			pos++;
			if (dump(in.buf + pos, n) < 0)
				status = 3;
			pos += n;
		}
	}
	fflush(stdout);
	dl_strbuf_release(&in);
	return status;
}
