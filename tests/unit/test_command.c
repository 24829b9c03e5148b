/*
 * Unit tests for the command reader: shell words and quoting, operators,
 * here-documents, positions inside YAML scalars, tool recognition and the
 * walk through scripts with `cd` tracking.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/cmdwalk.h"
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

/* ---- the walk ---- */

struct seen {
	char lines[32][160];
	size_t nr;
};

static void
record(const struct dl_cmd_visit *v, void *payload)
{
	struct seen *s = payload;
	struct dl_pos p;
	if (s->nr >= 32 || !v->call->word)
		return;
	p = dl_cmd_pos(v->map, v->call->word->offset);
	snprintf(s->lines[s->nr++], sizeof(s->lines[0]), "%s@%s:%u:%u cwd=%s target=%s%s",
		 v->call->name, v->file ? v->file->path : "-", p.line, p.col,
		 v->cwd ? v->cwd : "?", v->target ? v->target : "-",
		 v->target_file ? "" : (v->target ? " (missing)" : ""));
}

static void
add_file(struct dl_repo *repo, const char *path, const char *data)
{
	struct dl_file *f;
	DL_ALLOC_GROW(repo->files, repo->nr + 1, repo->alloc);
	f = &repo->files[repo->nr++];
	memset(f, 0, sizeof(*f));
	f->path = dl_xstrdup(path);
	f->kind = dl_classify_path(path);
	f->data = dl_xstrdup(data);
	f->len = strlen(data);
	f->loaded = 1;
}

static void
test_walk(void **state)
{
	struct dl_repo repo;
	struct dl_cmdline cl;
	struct dl_cmd_posmap map;
	struct dl_pos one = { 1, 1 };
	struct seen seen;
	const char *cmd = "./build.sh && cd app && bash ../scripts/run.sh && (cd deeper) && uvicorn main:app && cd $HOME && ./x";
	size_t i;
	(void)state;

	memset(&repo, 0, sizeof(repo));
	/* sorted by path, as the scan leaves them */
	add_file(&repo, "backend/build.sh", "#!/bin/bash\npip install -r requirements.txt\ncd sub\n./build.sh\nsource env.sh\n");
	add_file(&repo, "backend/scripts/run.sh", "#!/bin/sh\nalembic upgrade head\n");
	add_file(&repo, "backend/sub/env.sh", "cd ..\n");
	/* the folders the walk saw, sorted (backend/app/deeper is missing) */
	{
		static const char *const dirs[] = {
			"", "backend", "backend/app", "backend/scripts", "backend/sub"
		};
		for (i = 0; i < DL_ARRAY_SIZE(dirs); i++) {
			DL_ALLOC_GROW(repo.dirs, repo.dirs_nr + 1, repo.dirs_alloc);
			repo.dirs[repo.dirs_nr++] = dl_xstrdup(dirs[i]);
		}
	}

	dl_cmd_parse(&cl, &arena, cmd, strlen(cmd));
	dl_cmd_posmap_text(&map, &arena, cmd, strlen(cmd), one);
	memset(&seen, 0, sizeof(seen));
	dl_cmd_walk(&repo, &arena, &cl, &map, NULL, "backend", NULL, record, &seen);

	i = 0;
	assert_string_equal(seen.lines[i++], "./build.sh@-:1:1 cwd=backend target=backend/build.sh");
	assert_string_equal(seen.lines[i++], "pip@backend/build.sh:2:1 cwd=backend target=-");
	assert_string_equal(seen.lines[i++], "cd@backend/build.sh:3:1 cwd=backend target=backend/sub (missing)");
	/* the script's own ./build.sh is itself: not walked again */
	assert_string_equal(seen.lines[i++], "./build.sh@backend/build.sh:4:1 cwd=backend/sub target=backend/sub/build.sh (missing)");
	assert_string_equal(seen.lines[i++], "env.sh@backend/build.sh:5:1 cwd=backend/sub target=backend/sub/env.sh");
	assert_string_equal(seen.lines[i++], "cd@backend/sub/env.sh:1:1 cwd=backend/sub target=backend (missing)");
	/* back in the command: build.sh ran in a child shell, its cd is gone */
	assert_string_equal(seen.lines[i++], "cd@-:1:15 cwd=backend target=backend/app (missing)");
	assert_string_equal(seen.lines[i++], "../scripts/run.sh@-:1:25 cwd=backend/app target=backend/scripts/run.sh");
	assert_string_equal(seen.lines[i++], "alembic@backend/scripts/run.sh:2:1 cwd=backend/app target=-");
	assert_string_equal(seen.lines[i++], "cd@-:1:52 cwd=backend/app target=backend/app/deeper (missing)");
	assert_string_equal(seen.lines[i++], "uvicorn@-:1:66 cwd=backend/app target=-");
	assert_string_equal(seen.lines[i++], "cd@-:1:86 cwd=backend/app target=-");
	assert_string_equal(seen.lines[i++], "./x@-:1:98 cwd=? target=-");
	assert_int_equal(seen.nr, i);

	/* a cd into a folder the repository does not hold: unknown after */
	cmd = "cd missing && ./run.sh; (cd app) && ./y";
	dl_cmd_parse(&cl, &arena, cmd, strlen(cmd));
	dl_cmd_posmap_text(&map, &arena, cmd, strlen(cmd), one);
	memset(&seen, 0, sizeof(seen));
	dl_cmd_walk(&repo, &arena, &cl, &map, NULL, "backend", NULL, record, &seen);
	assert_int_equal(seen.nr, 4);
	assert_string_equal(seen.lines[0], "cd@-:1:1 cwd=backend target=backend/missing (missing)");
	assert_string_equal(seen.lines[1], "./run.sh@-:1:15 cwd=? target=-");
	assert_string_equal(seen.lines[2], "cd@-:1:26 cwd=? target=-");
	assert_string_equal(seen.lines[3], "./y@-:1:37 cwd=? target=-");
	for (i = 0; i < repo.dirs_nr; i++)
		free(repo.dirs[i]);
	free(repo.dirs);

	for (i = 0; i < repo.nr; i++) {
		free(repo.files[i].path);
		free(repo.files[i].data);
	}
	free(repo.files);
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

struct depth_seen {
	unsigned max_depth;
	size_t echoes; /* `echo` commands visited (one per script walked) */
};

static void
record_depth(const struct dl_cmd_visit *v, void *payload)
{
	struct depth_seen *s = payload;
	if (v->depth > s->max_depth)
		s->max_depth = v->depth;
	if (v->call->name && !strcmp(v->call->name, "echo"))
		s->echoes++;
}

/* A chain of scripts each running the next: DL_MAX_CMD_SCRIPT_DEPTH of
 * them are walked, the next one is visited as a command but not read. */
static void
test_script_depth_limit(void **state)
{
	struct dl_repo repo;
	struct dl_cmdline cl;
	struct dl_cmd_posmap map;
	struct dl_pos one = { 1, 1 };
	struct depth_seen seen;
	const char *cmd = "./s00.sh";
	char path[32], body[64];
	size_t i, n = DL_MAX_CMD_SCRIPT_DEPTH + 3;
	(void)state;

	memset(&repo, 0, sizeof(repo));
	DL_ALLOC_GROW(repo.dirs, repo.dirs_nr + 1, repo.dirs_alloc);
	repo.dirs[repo.dirs_nr++] = dl_xstrdup("");
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "s%02zu.sh", i);
		snprintf(body, sizeof(body), "#!/bin/sh\necho %zu\n./s%02zu.sh\n", i, i + 1);
		add_file(&repo, path, body);
	}
	dl_cmd_parse(&cl, &arena, cmd, strlen(cmd));
	dl_cmd_posmap_text(&map, &arena, cmd, strlen(cmd), one);
	memset(&seen, 0, sizeof(seen));
	dl_cmd_walk(&repo, &arena, &cl, &map, NULL, "", NULL, record_depth, &seen);
	assert_int_equal(seen.echoes, DL_MAX_CMD_SCRIPT_DEPTH);
	assert_int_equal(seen.max_depth, DL_MAX_CMD_SCRIPT_DEPTH);
	/* the depth reached is a limit note (PARSE002), once per script */
	assert_true(repo.limits_nr >= 1);
	assert_string_equal(repo.limits[0].limit, "DL_MAX_CMD_SCRIPT_DEPTH");

	for (i = 0; i < repo.limits_nr; i++) {
		free(repo.limits[i].path);
		free(repo.limits[i].what);
	}
	free(repo.limits);
	free(repo.dirs[0]);
	free(repo.dirs);
	for (i = 0; i < repo.nr; i++) {
		free(repo.files[i].path);
		free(repo.files[i].data);
	}
	free(repo.files);
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
		cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_and_noise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_delim_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_script_depth_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
