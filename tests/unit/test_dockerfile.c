/*
 * Unit tests for the Dockerfile reader: the rules of BuildKit's parser
 * (moby/buildkit frontend/dockerfile/parser, its parser_test.go and
 * testfiles/ shapes) and the Dockerfile reference's "Environment
 * replacement", on Dockerfiles shaped like real Python services.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "deploylint/dockerfile.h"

struct fixture {
	struct dl_arena arena;
	struct dl_dockerfile df;
	struct dl_strbuf sb;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	dl_arena_init(&f->arena);
	dl_strbuf_init(&f->sb, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	dl_strbuf_release(&f->sb);
	dl_arena_release(&f->arena);
	free(f);
	return 0;
}

#define PARSE(f, lit) dl_dockerfile_parse(&(f)->df, &(f)->arena, (lit), sizeof(lit) - 1)

static void
assert_no_error(const struct fixture *f)
{
	if (f->df.error.set)
		fail_msg("unexpected error %u:%u %s", f->df.error.pos.line,
			 f->df.error.pos.col, f->df.error.message);
}

static void
assert_word(const struct dl_df_word *w, const char *text, unsigned line, unsigned col)
{
	assert_int_equal(w->len, strlen(text));
	assert_memory_equal(w->text, text, w->len);
	assert_int_equal(w->text[w->len], '\0');
	assert_int_equal(w->pos.line, line);
	assert_int_equal(w->pos.col, col);
}

/* Expands `text` as an argument of instruction `i`; returns whether static. */
static int
expand(struct fixture *f, size_t i, const char *text)
{
	dl_strbuf_reset(&f->sb);
	return dl_dockerfile_expand(&f->sb, &f->df, i, text, strlen(text));
}

static void
test_fastapi_service(void **state)
{
	struct fixture *f = *state;
	const struct dl_df_instr *in;

	static const char text[] =
		"FROM python:3.12-slim AS base\n"
		"WORKDIR /app\n"
		"COPY requirements.txt .\n"
		"RUN pip install --no-cache-dir -r requirements.txt\n"
		"COPY . .\n"
		"EXPOSE 8000\n"
		"CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"]\n";

	PARSE(f, text);
	assert_no_error(f);
	assert_int_equal(f->df.nr, 7);
	assert_int_equal(f->df.stages_nr, 1);
	assert_string_equal(f->df.stages[0].name, "base");
	assert_string_equal(f->df.stages[0].image_expanded, "python:3.12-slim");
	assert_word(f->df.stages[0].image, "python:3.12-slim", 1, 6);
	in = &f->df.instrs[1];
	assert_int_equal(in->kind, DL_DF_WORKDIR);
	assert_word(&in->args[0], "/app", 2, 9);
	in = &f->df.instrs[2];
	assert_int_equal(in->kind, DL_DF_COPY);
	assert_int_equal(in->form, DL_DF_FORM_SHELL);
	assert_int_equal(in->args_nr, 2);
	assert_word(&in->args[1], ".", 3, 23);
	in = &f->df.instrs[3];
	assert_int_equal(in->kind, DL_DF_RUN);
	assert_int_equal(in->form, DL_DF_FORM_SHELL);
	assert_int_equal(in->args_nr, 1);
	assert_word(&in->args[0], "pip install --no-cache-dir -r requirements.txt", 4, 5);
	in = &f->df.instrs[5];
	assert_int_equal(in->kind, DL_DF_EXPOSE);
	assert_word(&in->args[0], "8000", 6, 8);
	in = &f->df.instrs[6];
	assert_int_equal(in->kind, DL_DF_CMD);
	assert_int_equal(in->form, DL_DF_FORM_EXEC);
	assert_int_equal(in->args_nr, 6);
	assert_word(&in->args[0], "uvicorn", 7, 6);
	assert_word(&in->args[5], "8000", 7, 64);
	/* the offset is the opening quote's byte in the file */
	assert_int_equal(in->args[5].off, (size_t)(strstr(text, "\"8000\"]") - text));
	assert_int_equal(in->first_line, 7);
	assert_int_equal(in->last_line, 7);
}

static void
test_case_and_continuations(void **state)
{
	struct fixture *f = *state;
	const struct dl_df_instr *in;

	PARSE(f, "from python:3.11\n"
		 "run apt-get update \\\n"
		 "    # a comment inside the continuation\n"
		 "\n"
		 "    && apt-get install -y libpq-dev \\  \n"
		 "    && rm -rf /var/lib/apt/lists/*\n"
		 "Cmd gunicorn app:app\n");
	assert_no_error(f);
	assert_int_equal(f->df.nr, 3);
	in = &f->df.instrs[1];
	assert_int_equal(in->kind, DL_DF_RUN);
	assert_word(&in->keyword, "run", 2, 1);
	/* the pieces joined with nothing between them, comments dropped */
	assert_string_equal(in->args[0].text,
			    "apt-get update     && apt-get install -y libpq-dev     && rm -rf /var/lib/apt/lists/*");
	assert_int_equal(in->first_line, 2);
	assert_int_equal(in->last_line, 6);
	assert_int_equal(f->df.empty_continuation_line, 4);
	in = &f->df.instrs[2];
	assert_int_equal(in->kind, DL_DF_CMD);
	assert_int_equal(in->form, DL_DF_FORM_SHELL);
	assert_word(&in->args[0], "gunicorn app:app", 7, 5);
}

static void
test_positions_across_continuation(void **state)
{
	struct fixture *f = *state;
	const struct dl_df_instr *in;

	PARSE(f, "FROM python:3.12\n"
		 "CMD [\"uvicorn\", \"main:app\", \\\n"
		 "     \"--port\", \"$PORT\"]\n");
	assert_no_error(f);
	in = &f->df.instrs[1];
	assert_int_equal(in->form, DL_DF_FORM_EXEC);
	assert_int_equal(in->args_nr, 4);
	assert_word(&in->args[1], "main:app", 2, 17);
	assert_word(&in->args[2], "--port", 3, 6);
	/* exec form: $PORT stays as written */
	assert_word(&in->args[3], "$PORT", 3, 16);
}

static void
test_escaped_escape_is_no_continuation(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "FROM alpine\nRUN echo a\\\\\nRUN echo b\n");
	assert_no_error(f);
	assert_int_equal(f->df.nr, 3);
	assert_string_equal(f->df.instrs[1].args[0].text, "echo a\\\\");
}

static void
test_escape_directive(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "# escape=`\n"
		 "# syntax=docker/dockerfile:1\n"
		 "FROM mcr.microsoft.com/windows/servercore\n"
		 "RUN dir c:\\ `\n"
		 "    && echo done\n");
	assert_no_error(f);
	assert_int_equal(f->df.escape, '`');
	assert_string_equal(f->df.syntax, "docker/dockerfile:1");
	assert_int_equal(f->df.escape_pos.line, 1);
	assert_int_equal(f->df.nr, 2);
	assert_string_equal(f->df.instrs[1].args[0].text, "dir c:\\     && echo done");
}

static void
test_directive_after_comment_is_comment(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "# a comment\n# escape=`\nFROM alpine\nRUN a \\\n b\n");
	assert_no_error(f);
	assert_int_equal(f->df.escape, '\\');
	assert_int_equal(f->df.escape_pos.line, 0);
	assert_int_equal(f->df.nr, 2);
	assert_string_equal(f->df.instrs[1].args[0].text, "a  b");
}

static void
test_directive_errors(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "# escape=\\\n# ESCAPE=`\nFROM alpine\n");
	assert_true(f->df.error.set);
	assert_int_equal(f->df.error.pos.line, 2);
	assert_string_equal(f->df.error.message, "only one escape parser directive can be used");

	PARSE(f, "#escape=x\nFROM alpine\n");
	assert_true(f->df.error.set);
	assert_non_null(strstr(f->df.error.message, "invalid escape token 'x'"));
}

static void
test_bom_crlf(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "\xef\xbb\xbf"
		 "FROM python:3.10\r\nWORKDIR /srv\r\n");
	assert_no_error(f);
	assert_true(f->df.has_bom);
	assert_word(&f->df.instrs[0].keyword, "FROM", 1, 4);
	assert_word(f->df.stages[0].image, "python:3.10", 1, 9);
	assert_word(&f->df.instrs[1].args[0], "/srv", 2, 9);
}

static void
test_from_platform_stage_and_args(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "ARG PYTHON_VERSION=3.11\n"
		 "ARG VARIANT\n"
		 "FROM --platform=$BUILDPLATFORM python:${PYTHON_VERSION}-slim AS Builder\n"
		 "RUN pip wheel -w /w .\n"
		 "FROM python:${PYTHON_VERSION:-3.9}-${VARIANT}\n"
		 "FROM builder\n");
	assert_no_error(f);
	assert_int_equal(f->df.stages_nr, 3);
	assert_string_equal(f->df.stages[0].platform, "$BUILDPLATFORM");
	assert_string_equal(f->df.stages[0].name, "builder");
	assert_string_equal(f->df.stages[0].image_expanded, "python:3.11-slim");
	assert_int_equal(f->df.instrs[2].flags_nr, 1);
	assert_string_equal(f->df.instrs[2].flags[0].name, "platform");
	assert_int_equal(f->df.instrs[2].flags[0].pos.col, 6);
	assert_word(f->df.stages[0].image, "python:${PYTHON_VERSION}-slim", 3, 32);
	/* VARIANT has no default: a build arg deploylint cannot know */
	assert_null(f->df.stages[1].image_expanded);
	assert_int_equal(f->df.stages[2].parent, 0);
	assert_int_equal(f->df.instrs[0].stage, -1);
	assert_int_equal(f->df.instrs[3].stage, 0);
}

static void
test_from_arguments_error(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "FROM python:3.12 builder\n");
	assert_true(f->df.error.set);
	assert_string_equal(f->df.error.message, "FROM requires either one or three arguments");
}

static void
test_env_forms(void **state)
{
	struct fixture *f = *state;
	const struct dl_df_instr *in;

	PARSE(f, "FROM python:3.12\n"
		 "ENV PYTHONUNBUFFERED 1\n"
		 "ENV APP_HOME=/app PORT=8000 \\\n"
		 "    GREETING=\"hello world\"\n"
		 "ENV abc=hello\n"
		 "ENV abc=bye def=$abc\n"
		 "ENV ghi=$abc\n"
		 "WORKDIR ${APP_HOME}/src\n");
	assert_no_error(f);
	in = &f->df.instrs[1];
	assert_true(in->legacy_env);
	assert_int_equal(in->kvs_nr, 1);
	assert_word(&in->kvs[0].key, "PYTHONUNBUFFERED", 2, 5);
	assert_word(&in->kvs[0].value, "1", 2, 22);
	in = &f->df.instrs[2];
	assert_false(in->legacy_env);
	assert_int_equal(in->kvs_nr, 3);
	assert_word(&in->kvs[1].key, "PORT", 3, 19);
	assert_word(&in->kvs[1].value, "8000", 3, 24);
	assert_string_equal(in->kvs[2].value.text, "\"hello world\"");
	assert_int_equal(in->kvs[2].key.pos.line, 4);
	/* the reference's example: def is hello, ghi is bye */
	assert_true(expand(f, 6, "$def/${ghi}"));
	assert_string_equal(f->sb.buf, "hello/bye");
	assert_true(expand(f, 6, "$GREETING"));
	assert_string_equal(f->sb.buf, "hello world");
	assert_true(expand(f, 6, f->df.instrs[6].args[0].text));
	assert_string_equal(f->sb.buf, "/app/src");
}

static void
test_env_errors(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "FROM alpine\nENV ONLYKEY\n");
	assert_true(f->df.error.set);
	assert_string_equal(f->df.error.message, "ENV must have two arguments");
	assert_int_equal(f->df.error.pos.line, 2);

	PARSE(f, "FROM alpine\nENV a=1 b\n");
	assert_true(f->df.error.set);
	assert_non_null(strstr(f->df.error.message, "can't find = in \"b\""));
}

static void
test_substitution_modifiers(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "FROM alpine\n"
		 "ENV SET=x EMPTY=\n"
		 "ARG NODEFAULT\n"
		 "WORKDIR /\n");
	assert_no_error(f);
	assert_true(expand(f, 3, "${SET:-d}|${EMPTY:-d}|${EMPTY-d}|${NONE:-d}|${NONE-d}"));
	assert_string_equal(f->sb.buf, "x|d||d|d");
	assert_true(expand(f, 3, "${SET:+w}|${EMPTY:+w}|${EMPTY+w}|${NONE+w}"));
	assert_string_equal(f->sb.buf, "w||w|");
	assert_true(expand(f, 3, "\\$SET '$SET' \"$SET\" $ ${SET}_b"));
	assert_string_equal(f->sb.buf, "$SET $SET x $ x_b");
	/* an ARG without default is a build arg: not known */
	assert_false(expand(f, 3, "$NODEFAULT"));
	assert_false(expand(f, 3, "${NODEFAULT:-x}"));
	/* modifiers this reader does not evaluate */
	assert_false(expand(f, 3, "${SET#x}"));
	assert_false(expand(f, 3, "${SET:?required}"));
	/* nested defaults */
	assert_true(expand(f, 3, "${NONE:-${SET:-y}z}"));
	assert_string_equal(f->sb.buf, "xz");
	/* unterminated */
	assert_false(expand(f, 3, "${SET"));
}

static void
test_arg_scopes(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "ARG V=1\n"
		 "FROM alpine\n"
		 "RUN true\n"
		 "ARG V\n"
		 "RUN true\n"
		 "FROM alpine\n"
		 "ENV E=$V\n"
		 "RUN true\n");
	assert_no_error(f);
	/* a global ARG is not in scope inside a stage until redeclared */
	assert_true(expand(f, 2, "[$V]"));
	assert_string_equal(f->sb.buf, "[]");
	assert_true(expand(f, 4, "[$V]"));
	assert_string_equal(f->sb.buf, "[1]");
	assert_true(expand(f, 6, "[$E]"));
	assert_string_equal(f->sb.buf, "[]");
}

static void
test_exec_form_fallbacks(void **state)
{
	struct fixture *f = *state;
	const struct dl_df_instr *in;

	/* invalid JSON (single quotes): shell form, as Docker reads it */
	PARSE(f, "FROM python:3.12\nCMD ['uvicorn', 'main:app']\nENTRYPOINT [\"python\", \"-m\", \"app\"]\n");
	assert_no_error(f);
	in = &f->df.instrs[1];
	assert_int_equal(in->form, DL_DF_FORM_SHELL);
	assert_word(&in->args[0], "['uvicorn', 'main:app']", 2, 5);
	in = &f->df.instrs[2];
	assert_int_equal(in->form, DL_DF_FORM_EXEC);
	assert_int_equal(in->args_nr, 3);
	assert_word(&in->args[2], "app", 3, 29);

	/* text after a valid array, or a trailing comma: shell form too
	 * (BuildKit's json.Unmarshal since Dockerfile frontend 1.10.0, commit
	 * 80518e257: `ENTRYPOINT []random string` runs /bin/sh -c) */
	PARSE(f, "FROM alpine\nENTRYPOINT []random string\nCMD [\"a\"] # note\nRUN [\"b\",]\n");
	assert_no_error(f);
	for (in = &f->df.instrs[1]; in <= &f->df.instrs[3]; in++)
		assert_int_equal(in->form, DL_DF_FORM_SHELL);
	assert_word(&f->df.instrs[1].args[0], "[]random string", 2, 12);
	assert_word(&f->df.instrs[2].args[0], "[\"a\"] # note", 3, 5);

	/* escapes inside JSON strings are decoded */
	PARSE(f, "FROM alpine\nCMD [\"sh\", \"-c\", \"echo \\\"$PORT\\\"\"]\n");
	assert_no_error(f);
	assert_string_equal(f->df.instrs[1].args[2].text, "echo \"$PORT\"");

	/* a JSON array of something else than strings is an error */
	PARSE(f, "FROM alpine\nCMD [\"sleep\", 5]\n");
	assert_true(f->df.error.set);
	assert_non_null(strstr(f->df.error.message, "arrays must be comprised of strings only"));

	/* COPY in exec form */
	PARSE(f, "FROM alpine\nCOPY --chown=app:app [\"a b\", \"/dst/\"]\n");
	assert_no_error(f);
	in = &f->df.instrs[1];
	assert_int_equal(in->form, DL_DF_FORM_EXEC);
	assert_int_equal(in->flags_nr, 1);
	assert_string_equal(in->flags[0].name, "chown");
	assert_string_equal(in->flags[0].value, "app:app");
	assert_word(&in->args[0], "a b", 2, 23);
}

static void
test_heredocs_skipped(void **state)
{
	struct fixture *f = *state;
	const struct dl_df_instr *in;

	PARSE(f, "# syntax=docker/dockerfile:1\n"
		 "FROM python:3.12-slim\n"
		 "RUN <<EOF\n"
		 "apt-get update\n"
		 "FROM not-an-instruction\n"
		 "EOF\n"
		 "COPY <<-\"CONF\" /etc/app.conf\n"
		 "\tCMD inside\n"
		 "\tCONF\n"
		 "RUN cat <<A > /a && cat <<'B' > /b\n"
		 "a\n"
		 "A\n"
		 "b $NOT_EXPANDED\n"
		 "B\n"
		 "CMD [\"python\", \"app.py\"]\n");
	assert_no_error(f);
	assert_int_equal(f->df.nr, 5);
	assert_int_equal(f->df.stages_nr, 1);
	in = &f->df.instrs[1];
	assert_int_equal(in->heredocs_nr, 1);
	assert_string_equal(in->heredocs[0].name, "EOF");
	assert_int_equal(in->heredocs[0].first_line, 4);
	assert_int_equal(in->heredocs[0].last_line, 6);
	assert_int_equal(in->last_line, 6);
	in = &f->df.instrs[2];
	assert_int_equal(in->heredocs_nr, 1);
	assert_string_equal(in->heredocs[0].name, "CONF");
	assert_int_equal(in->last_line, 9);
	in = &f->df.instrs[3];
	assert_int_equal(in->heredocs_nr, 2);
	assert_string_equal(in->heredocs[1].name, "B");
	assert_int_equal(in->heredocs[1].last_line, 14);
	assert_int_equal(f->df.instrs[4].kind, DL_DF_CMD);
	assert_int_equal(f->df.instrs[4].first_line, 15);
}

static void
test_heredoc_unterminated_and_exec(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "FROM alpine\nRUN <<EOF\necho\n");
	assert_true(f->df.error.set);
	assert_string_equal(f->df.error.message, "unterminated heredoc EOF");

	/* exec form holds no heredoc */
	PARSE(f, "FROM alpine\nRUN [\"sh\", \"<<EOF\"]\nCMD x\n");
	assert_no_error(f);
	assert_int_equal(f->df.nr, 3);
	assert_int_equal(f->df.instrs[1].heredocs_nr, 0);
}

static void
test_unknown_instruction(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "FROM alpine\n  apt-get install -y curl\n");
	assert_true(f->df.error.set);
	assert_string_equal(f->df.error.message, "unknown instruction: apt-get");
	assert_int_equal(f->df.error.pos.line, 2);
	assert_int_equal(f->df.error.pos.col, 3);
	assert_int_equal(f->df.instrs[1].kind, DL_DF_UNKNOWN);
}

static void
test_no_instructions(void **state)
{
	struct fixture *f = *state;

	PARSE(f, "# only a comment\n\n");
	assert_true(f->df.error.set);
	assert_string_equal(f->df.error.message, "file with no instructions");
	assert_int_equal(f->df.nr, 0);
	dl_dockerfile_parse(&f->df, &f->arena, NULL, 0);
	assert_true(f->df.error.set);
}

static void
test_flags_and_double_dash(void **state)
{
	struct fixture *f = *state;
	const struct dl_df_instr *in;

	PARSE(f, "FROM alpine\n"
		 "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"
		 "COPY --from=builder --link /w /w\n");
	assert_no_error(f);
	in = &f->df.instrs[1];
	assert_int_equal(in->flags_nr, 1);
	assert_string_equal(in->flags[0].name, "mount");
	assert_string_equal(in->flags[0].value, "type=cache,target=/root/.cache/pip");
	assert_word(&in->args[0], "pip install -r requirements.txt", 2, 48);
	in = &f->df.instrs[2];
	assert_int_equal(in->flags_nr, 2);
	assert_string_equal(in->flags[1].name, "link");
	assert_null(in->flags[1].value);
	assert_int_equal(in->args_nr, 2);
}

static void
test_image_split(void **state)
{
	const char *n, *t, *d;
	size_t nl, tl, dl;
	const char *ref = "registry.example.com:5000/library/python:3.12.1-slim-bookworm@sha256:abc";
	(void)state;

	dl_dockerfile_image_split(ref, strlen(ref), &n, &nl, &t, &tl, &d, &dl);
	assert_int_equal(nl, 6);
	assert_memory_equal(n, "python", 6);
	assert_int_equal(tl, strlen("3.12.1-slim-bookworm"));
	assert_memory_equal(t, "3.12.1-slim-bookworm", tl);
	assert_int_equal(dl, strlen("sha256:abc"));
	dl_dockerfile_image_split("python", 6, &n, &nl, &t, &tl, &d, &dl);
	assert_int_equal(nl, 6);
	assert_null(t);
	assert_int_equal(tl, 0);
	assert_null(d);
}

static void
test_hostile_input(void **state)
{
	struct fixture *f = *state;
	static const char nul[] = "FROM a\0b\nRUN \\";
	size_t n = 200000, i;
	char *big = malloc(n);
	assert_non_null(big);

	dl_dockerfile_parse(&f->df, &f->arena, nul, sizeof(nul) - 1);
	assert_int_equal(f->df.nr, 2);
	/* a long continuation and deep nesting stay bounded */
	for (i = 0; i < n; i++)
		big[i] = i % 2 ? '\n' : '\\';
	memcpy(big, "RUN ", 4);
	dl_dockerfile_parse(&f->df, &f->arena, big, n);
	assert_int_equal(f->df.nr, 1);
	for (i = 0; i + 4 < n; i += 4)
		memcpy(big + i, "${a:", 4);
	memcpy(big, "ENV a=", 6);
	dl_dockerfile_parse(&f->df, &f->arena, "FROM x\nENV a=1\nRUN x\n", 21);
	dl_strbuf_reset(&f->sb);
	assert_false(dl_dockerfile_expand(&f->sb, &f->df, 2, big, n));
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fastapi_service, setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_and_continuations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions_across_continuation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaped_escape_is_no_continuation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_directive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directive_after_comment_is_comment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directive_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_platform_stage_and_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_arguments_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_substitution_modifiers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arg_scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_form_fallbacks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredocs_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_unterminated_and_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_instruction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_instructions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flags_and_double_dash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_image_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_input, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
