/*
 * Unit tests for the command reader: shell words and quoting, operators,
 * here-documents, positions inside YAML scalars, tool recognition. The
 * walk through scripts is the model's: test_cmdwalk.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/command.h"
#include "deploylint/limits.h"
#include "deploylint/parse.h"

static struct dl_arena arena;

static int
setup(void **state)
{
	(void)state;
	dl_arena_init(&arena);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	dl_arena_release(&arena);
	return 0;
}

static void
parse(struct dl_cmdline *cl, const char *s)
{
	dl_cmd_parse(cl, &arena, s, strlen(s));
}

/* argv of command k joined with '|' (assignments first, then '#'). */
static const char *
joined(const struct dl_cmdline *cl, size_t k)
{
	static char buf[1024];
	size_t i, n = 0;
	const struct dl_cmd_simple *c = &cl->cmds[k];

	buf[0] = '\0';
	for (i = 0; i < c->assigns_nr; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s#", c->assigns[i].text);
	for (i = 0; i < c->argc; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? "|" : "",
				      c->argv[i].text);
	return buf;
}

static void
test_words_and_operators(void **state)
{
	struct dl_cmdline cl;
	(void)state;

	parse(&cl, "pip install -r PP_MVP/backend/requirements.txt && cd PP_MVP/backend && alembic upgrade head");
	assert_int_equal(cl.nr, 3);
	assert_string_equal(joined(&cl, 0), "pip|install|-r|PP_MVP/backend/requirements.txt");
	assert_int_equal(cl.cmds[0].op, DL_CMD_AND);
	assert_string_equal(joined(&cl, 1), "cd|PP_MVP/backend");
	assert_string_equal(joined(&cl, 2), "alembic|upgrade|head");
	assert_int_equal(cl.cmds[2].op, DL_CMD_END);
	/* offsets point into the source */
	assert_int_equal(cl.cmds[1].argv[1].offset, 53);
	assert_int_equal(cl.cmds[1].argv[1].end, 67);

	parse(&cl, "a || b; c | d & e\nf");
	assert_int_equal(cl.nr, 6);
	assert_int_equal(cl.cmds[0].op, DL_CMD_OR);
	assert_int_equal(cl.cmds[1].op, DL_CMD_SEQ);
	assert_int_equal(cl.cmds[2].op, DL_CMD_PIPE);
	assert_int_equal(cl.cmds[3].op, DL_CMD_BG);
	assert_int_equal(cl.cmds[4].op, DL_CMD_SEQ);
	assert_string_equal(joined(&cl, 5), "f");
}

static void
test_quoting(void **state)
{
	struct dl_cmdline cl;
	(void)state;

	parse(&cl, "echo 'a b' \"c \\\"d\\\" $X\" e\\ f 'it''s' \"\\n\"");
	assert_int_equal(cl.nr, 1);
	assert_int_equal(cl.cmds[0].argc, 6);
	assert_string_equal(cl.cmds[0].argv[1].text, "a b");
	assert_false(cl.cmds[0].argv[1].expands);
	assert_string_equal(cl.cmds[0].argv[2].text, "c \"d\" $X");
	assert_true(cl.cmds[0].argv[2].expands);
	assert_string_equal(cl.cmds[0].argv[3].text, "e f");
	assert_string_equal(cl.cmds[0].argv[4].text, "its");
	/* \n is not an escape inside double quotes: the backslash stays */
	assert_string_equal(cl.cmds[0].argv[5].text, "\\n");
	assert_false(cl.unterminated);

	/* operators inside quotes or $( ) are not operators */
	parse(&cl, "sh -c 'a && b' && echo \"$(cd x && pwd)\" `date; x`");
	assert_int_equal(cl.nr, 2);
	assert_string_equal(cl.cmds[0].argv[2].text, "a && b");
	assert_string_equal(cl.cmds[1].argv[1].text, "$(cd x && pwd)");
	assert_string_equal(cl.cmds[1].argv[2].text, "`date; x`");

	parse(&cl, "echo 'never closed && rm x");
	assert_int_equal(cl.nr, 1);
	assert_true(cl.unterminated);
	assert_int_equal(cl.error_offset, 5);

	/* a backslash-newline joins lines; '#' only starts a comment at a
	 * word's start */
	parse(&cl, "uvicorn app:app \\\n  --host 0.0.0.0 # bind all\nx#y");
	assert_int_equal(cl.nr, 2);
	assert_string_equal(joined(&cl, 0), "uvicorn|app:app|--host|0.0.0.0");
	assert_string_equal(joined(&cl, 1), "x#y");
}

static void
test_assignments_and_redirections(void **state)
{
	struct dl_cmdline cl;
	(void)state;

	parse(&cl, "FLASK_DEBUG=1 PORT=80 flask run >log 2>&1 </dev/null X=y");
	assert_int_equal(cl.nr, 1);
	assert_string_equal(joined(&cl, 0), "FLASK_DEBUG=1#PORT=80#flask|run|X=y");
	/* a quoted name is not an assignment */
	parse(&cl, "\"A\"=b cmd");
	assert_string_equal(joined(&cl, 0), "A=b|cmd");
	/* only assignments */
	parse(&cl, "A=1; B=2");
	assert_int_equal(cl.nr, 2);
	assert_int_equal(cl.cmds[0].argc, 0);
	assert_int_equal(cl.cmds[0].assigns_nr, 1);
	parse(&cl, "cmd &>/dev/null && next");
	assert_int_equal(cl.nr, 2);
	assert_string_equal(joined(&cl, 0), "cmd");
	assert_int_equal(cl.cmds[0].op, DL_CMD_AND);
}

static void
test_heredoc_and_control(void **state)
{
	struct dl_cmdline cl;
	const char *script =
		"#!/usr/bin/env bash\n"
		"set -o errexit\n"
		"python - <<'PY'\n"
		"import os; rm -rf / && uvicorn evil:app\n"
		"PY\n"
		"cat <<-EOF >out\n"
		"\tnot a command\n"
		"\tEOF\n"
		"if [ -f alembic.ini ]; then\n"
		"  alembic upgrade head\n"
		"fi\n"
		"for f in a b; do echo $f; done\n"
		"migrate() { alembic upgrade head; }\n"
		"(cd sub && ./run.sh)\n";
	(void)state;

	parse(&cl, script);
	assert_string_equal(joined(&cl, 0), "set|-o|errexit");
	assert_string_equal(joined(&cl, 1), "python|-");
	assert_string_equal(joined(&cl, 2), "cat");
	assert_string_equal(joined(&cl, 3), "[|-f|alembic.ini|]");
	assert_string_equal(joined(&cl, 4), "alembic|upgrade|head");
	assert_string_equal(joined(&cl, 5), "echo|$f");
	assert_string_equal(joined(&cl, 6), "alembic|upgrade|head");
	assert_string_equal(joined(&cl, 7), "cd|sub");
	assert_int_equal(cl.cmds[7].depth, 1);
	assert_string_equal(joined(&cl, 8), "./run.sh");
	assert_int_equal(cl.nr, 9);
}

static void
test_classify(void **state)
{
	struct dl_cmdline cl;
	struct dl_cmd_call call;
	const char *v = NULL;
	const struct dl_cmd_word *where = NULL;
	(void)state;

	parse(&cl, "exec poetry run python -u -m gunicorn -k uvicorn.workers.UvicornWorker main:app");
	dl_cmd_classify(&call, &cl.cmds[0]);
	assert_int_equal(call.tool, DL_TOOL_GUNICORN);
	assert_true(call.via_module);
	assert_string_equal(call.word->text, "gunicorn");
	assert_true(dl_cmd_option(&cl.cmds[0], call.arg, "--worker-class", "-k", &v, &where));
	assert_string_equal(v, "uvicorn.workers.UvicornWorker");

	/* container init processes: tini and dumb-init, options and `--` */
	parse(&cl, "/usr/bin/tini -s -p SIGTERM -- uvicorn app:app; dumb-init --rewrite 15:2 -- "
		   "gunicorn a:b; dumb-init -c celery -A t worker; tini");
	dl_cmd_classify(&call, &cl.cmds[0]);
	assert_int_equal(call.tool, DL_TOOL_UVICORN);
	assert_string_equal(call.word->text, "uvicorn");
	dl_cmd_classify(&call, &cl.cmds[1]);
	assert_int_equal(call.tool, DL_TOOL_GUNICORN);
	dl_cmd_classify(&call, &cl.cmds[2]);
	assert_string_equal(call.word->text, "celery");
	dl_cmd_classify(&call, &cl.cmds[3]);
	assert_null(call.word); /* tini alone runs nothing */

	parse(&cl, "gunicorn -kgevent --bind=0.0.0.0:$PORT app:app");
	dl_cmd_classify(&call, &cl.cmds[0]);
	assert_int_equal(call.tool, DL_TOOL_GUNICORN);
	assert_true(dl_cmd_option(&cl.cmds[0], call.arg, "--worker-class", "-k", &v, &where));
	assert_string_equal(v, "gevent");
	assert_true(dl_cmd_option(&cl.cmds[0], call.arg, "--bind", "-b", &v, &where));
	assert_string_equal(v, "0.0.0.0:$PORT");
	assert_string_equal(where->text, "--bind=0.0.0.0:$PORT"); /* inline */
	assert_false(dl_cmd_option(&cl.cmds[0], call.arg, "--config", "-c", &v, &where));

	parse(&cl, "./build.sh; bash scripts/start.sh x; source .env; python manage.py migrate; "
		   ".venv/bin/uvicorn a:b; env A=1 nohup alembic -c x.ini upgrade head; /usr/bin/true");
	dl_cmd_classify(&call, &cl.cmds[0]);
	assert_int_equal(call.tool, DL_TOOL_SCRIPT);
	assert_true(call.direct);
	dl_cmd_classify(&call, &cl.cmds[1]);
	assert_int_equal(call.tool, DL_TOOL_SCRIPT);
	assert_false(call.direct);
	assert_string_equal(call.script->text, "scripts/start.sh");
	assert_string_equal(call.interpreter, "bash");
	dl_cmd_classify(&call, &cl.cmds[2]);
	assert_true(call.sourced);
	dl_cmd_classify(&call, &cl.cmds[3]);
	assert_int_equal(call.tool, DL_TOOL_PYTHON_FILE);
	assert_string_equal(call.script->text, "manage.py");
	dl_cmd_classify(&call, &cl.cmds[4]);
	assert_int_equal(call.tool, DL_TOOL_UVICORN);
	dl_cmd_classify(&call, &cl.cmds[5]);
	assert_int_equal(call.tool, DL_TOOL_ALEMBIC);
	assert_true(dl_cmd_option(&cl.cmds[5], call.arg, "--config", "-c", &v, &where));
	assert_string_equal(v, "x.ini");
	assert_ptr_equal(where->text, v); /* the value's word */

	dl_cmd_classify(&call, &cl.cmds[6]);
	assert_int_equal(call.tool, DL_TOOL_OTHER);

	/* a bare option at the end: no value, the option word itself */
	parse(&cl, "uvicorn app:app --port");
	dl_cmd_classify(&call, &cl.cmds[0]);
	assert_true(dl_cmd_option(&cl.cmds[0], call.arg, "--port", NULL, &v, &where));
	assert_null(v);
	assert_string_equal(where->text, "--port");

	parse(&cl, "uvicorn --port 80 src.api.main:app --host=0.0.0.0");
	dl_cmd_classify(&call, &cl.cmds[0]);
	{
		static const char *const valued[] = { "--port", "--host", NULL };
		const struct dl_cmd_word *app = dl_cmd_positional(&cl.cmds[0], call.arg, valued);
		assert_non_null(app);
		assert_string_equal(app->text, "src.api.main:app");
	}
	assert_non_null(dl_cmd_flag(&cl.cmds[0], call.arg, "--host"));
	assert_null(dl_cmd_flag(&cl.cmds[0], call.arg, "--reload"));
}

static void
test_posmap_yaml(void **state)
{
	const char *yaml =
		"services:\n"
		"  - startCommand: \"uvicorn app:app --port \\\"$PORT\\\"\"\n"
		"    buildCommand: >\n"
		"      pip install -r requirements.txt\n"
		"      && ./build.sh\n"
		"    preDeployCommand: |\n"
		"      cd backend\n"
		"      alembic upgrade head\n";
	struct dl_yaml_doc doc;
	const struct dl_yaml_node *svc, *n;
	struct dl_cmd_posmap map;
	struct dl_cmdline cl;
	struct dl_cmd_lines lines;
	struct dl_pos p;
	(void)state;

	dl_cmd_lines_init(&lines, &arena, yaml, strlen(yaml));
	assert_int_equal(lines.nr, 9); /* 8 lines and the empty one after */
	assert_int_equal(lines.starts[1], 10);
	dl_yaml_parse(&doc, &arena, yaml, strlen(yaml));
	assert_false(doc.error.set);
	svc = dl_yaml_get(doc.root, "services")->items[0];

	n = dl_yaml_get(svc, "startCommand");
	dl_cmd_posmap_yaml(&map, &arena, &lines, n);
	dl_cmd_parse(&cl, &arena, n->scalar, n->scalar_len);
	p = dl_cmd_pos(&map, cl.cmds[0].argv[1].offset); /* app:app */
	assert_int_equal(p.line, 2);
	assert_int_equal(p.col, 28);
	p = dl_cmd_pos(&map, cl.cmds[0].argv[3].offset); /* "$PORT" */
	assert_int_equal(p.col, 44);

	n = dl_yaml_get(svc, "buildCommand");
	dl_cmd_posmap_yaml(&map, &arena, &lines, n);
	dl_cmd_parse(&cl, &arena, n->scalar, n->scalar_len);
	assert_int_equal(cl.nr, 2);
	p = dl_cmd_pos(&map, cl.cmds[1].argv[0].offset); /* ./build.sh */
	assert_int_equal(p.line, 5);
	assert_int_equal(p.col, 10);

	n = dl_yaml_get(svc, "preDeployCommand");
	dl_cmd_posmap_yaml(&map, &arena, &lines, n);
	dl_cmd_parse(&cl, &arena, n->scalar, n->scalar_len);
	assert_int_equal(cl.nr, 2);
	p = dl_cmd_pos(&map, cl.cmds[1].argv[1].offset); /* upgrade */
	assert_int_equal(p.line, 8);
	assert_int_equal(p.col, 15);
}

static void
test_limits_and_noise(void **state)
{
	struct dl_cmdline cl;
	char *big;
	size_t i, n = (size_t)DL_MAX_CMD_WORDS + 10;
	(void)state;

	big = malloc(n * 2 + 1);
	for (i = 0; i < n; i++) {
		big[2 * i] = 'a';
		big[2 * i + 1] = ' ';
	}
	big[2 * n] = '\0';
	dl_cmd_parse(&cl, &arena, big, 2 * n);
	assert_int_equal(cl.nr, 1);
	assert_int_equal(cl.cmds[0].argc, DL_MAX_CMD_WORDS);
	free(big);

	/* NUL bytes, unbalanced brackets, stray operators: no crash */
	dl_cmd_parse(&cl, &arena, "a\0b ) ) (( $( ${ ` && || ;; | \\", 32);
	dl_cmd_parse(&cl, &arena, NULL, 0);
	assert_int_equal(cl.nr, 0);
	parse(&cl, "cat <<EOF");
	assert_int_equal(cl.nr, 1);
}

/* A here-document delimiter of DL_MAX_HEREDOC_DELIM bytes hides the body;
 * one byte longer, it is not recognised and the body reads as commands. */
static void
test_heredoc_delim_limit(void **state)
{
	struct dl_cmdline cl;
	struct dl_strbuf sb = DL_STRBUF_INIT, delim = DL_STRBUF_INIT;
	size_t i;
	(void)state;

	for (i = 0; i < DL_MAX_HEREDOC_DELIM; i++)
		dl_strbuf_putc(&delim, 'D');
	dl_strbuf_addf(&sb, "cat <<%s\nrm -rf body\n%s\necho after\n", delim.buf, delim.buf);
	dl_cmd_parse(&cl, &arena, sb.buf, sb.len);
	assert_int_equal(cl.nr, 2);
	assert_string_equal(joined(&cl, 0), "cat");
	assert_string_equal(joined(&cl, 1), "echo|after");

	dl_strbuf_putc(&delim, 'D');
	dl_strbuf_reset(&sb);
	dl_strbuf_addf(&sb, "cat <<%s\nrm -rf body\n%s\necho after\n", delim.buf, delim.buf);
	dl_cmd_parse(&cl, &arena, sb.buf, sb.len);
	assert_true(cl.nr >= 3);
	assert_string_equal(joined(&cl, 1), "rm|-rf|body");
	assert_string_equal(joined(&cl, cl.nr - 1), "echo|after");
	dl_strbuf_release(&delim);
	dl_strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_words_and_operators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assignments_and_redirections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_and_control, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_posmap_yaml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_and_noise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_delim_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
