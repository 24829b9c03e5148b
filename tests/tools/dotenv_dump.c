/*
 * Test-only tool: parses a .env file (or standard input) with
 * dl_dotenv_parse() and prints what python-dotenv's parse_stream() would
 * yield as JSON, for tests/dotenv_diff.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "deploylint/dotenv.h"
#include "deploylint/util.h"

/*
 * Usage: dotenv_dump [FILE] parses FILE (or standard input); dotenv_dump
 * --batch reads records "<byte count>\n<bytes>" from standard input and
 * prints one JSON line per record.
 * Output: {"bindings": [{"key", "value" (null when None), "line" (python-
 * dotenv's Original.line), "key_line", "key_col", "quote", "exported",
 * "order" ([line, col] of the key, for merging with errors in file order),
 * "expanded" (dl_dotenv_expand against the bindings before it, or null)}],
 * "errors": [{"line", "stmt_line", "stmt_col", "unterminated", "message",
 * "order"}],
 * "has_bom", "crlf_lines", "cr_lines", "invalid_utf8"}. Strings are
 * written as JSON strings of the bytes (the input must be UTF-8).
 */
static json_t *
str(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	return j ? j : json_null();
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

/* Parses one input and prints its JSON line; returns 0 or -1. */
static int
dump(const char *data, size_t len)
{
	struct dl_arena arena;
	struct dl_dotenv env;
	json_t *root, *bs, *es;
	size_t i;
	char *text;

	dl_arena_init(&arena);
	dl_dotenv_parse(&env, &arena, data, len);
	root = json_object();
	bs = json_array();
	es = json_array();
	for (i = 0; i < env.nr; i++) {
		const struct dl_env_binding *b = &env.bindings[i];
		json_t *o = json_object();
		json_object_set_new(o, "key", str(b->key, b->key_len));
		json_object_set_new(o, "value", b->value ? str(b->value, b->value_len) : json_null());
		json_object_set_new(o, "line", json_integer(b->dotenv_line));
		json_object_set_new(o, "key_line", json_integer(b->key_pos.line));
		json_object_set_new(o, "key_col", json_integer(b->key_pos.col));
		json_object_set_new(o, "quote", json_integer(b->quote));
		json_object_set_new(o, "exported", json_boolean(b->exported));
		json_object_set_new(o, "order", json_pack("[ii]", (int)b->key_pos.line, (int)b->key_pos.col));
		if (b->value) {
			struct dl_strbuf x = DL_STRBUF_INIT;
			dl_dotenv_expand(&x, &env, i, b->value, b->value_len);
			json_object_set_new(o, "expanded", str(x.buf, x.len));
			dl_strbuf_release(&x);
		} else {
			json_object_set_new(o, "expanded", json_null());
		}
		json_array_append_new(bs, o);
	}
	for (i = 0; i < env.errors_nr; i++) {
		const struct dl_env_error *e = &env.errors[i];
		json_t *o = json_object();
		json_object_set_new(o, "line", json_integer(e->dotenv_line));
		json_object_set_new(o, "stmt_line", json_integer(e->pos.line));
		json_object_set_new(o, "stmt_col", json_integer(e->pos.col));
		json_object_set_new(o, "unterminated", json_boolean(e->unterminated));
		json_object_set_new(o, "message", json_string(e->message));
		json_object_set_new(o, "order", json_pack("[ii]", (int)e->pos.line, (int)e->pos.col));
		json_array_append_new(es, o);
	}
	json_object_set_new(root, "bindings", bs);
	json_object_set_new(root, "errors", es);
	json_object_set_new(root, "has_bom", json_boolean(env.has_bom));
	json_object_set_new(root, "crlf_lines", json_integer(env.crlf_lines));
	json_object_set_new(root, "cr_lines", json_integer(env.cr_lines));
	json_object_set_new(root, "invalid_utf8", json_boolean(env.invalid_utf8));
	text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (text) {
		fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
	}
	json_decref(root);
	dl_arena_release(&arena);
	return text ? 0 : -1;
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
		fprintf(stderr, "usage: dotenv_dump [--batch | FILE]\n");
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
				fprintf(stderr, "dotenv_dump: bad batch record\n");
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
