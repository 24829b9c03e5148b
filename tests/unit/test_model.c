/*
 * Unit tests for the service model (include/deploylint/model.h) on a real
 * directory: Blueprints, deploy commands walked once through `cd` and the
 * scripts they run, Procfile processes, backends, dependency sets and
 * requirement sets with their includes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploylint/model.h"
#include "deploylint/parse.h"

/* A document cache as the run's: each file parsed once with its parser. */
struct cache {
	struct dl_repo *repo;
	struct dl_arena arena;
	const void **docs;
	unsigned char *done;
	size_t parses;
};

static const void *
get_doc(struct dl_file *f, void *payload)
{
	struct cache *c = payload;
	size_t i = (size_t)(f - c->repo->files);
	const struct dl_parser *p;

	if (c->done[i])
		return c->docs[i];
	c->done[i] = 1;
	p = dl_parser_for(f->kind);
	if (!p || !dl_file_lintable(f) || dl_repo_load(c->repo, f) < 0)
		return NULL;
	c->parses++;
	c->docs[i] = p->parse(&c->arena, f->data, f->len);
	return c->docs[i];
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static const char blueprint[] =
	"services:\n"
	"  - type: web\n"
	"    name: api\n"
	"    runtime: python\n"
	"    rootDir: backend\n"
	"    buildCommand: pip install -r requirements/prod.txt && ./build.sh\n"
	"    startCommand: cd app && uvicorn main:app --port $PORT\n"
	"  - type: web\n"
	"    name: box\n"
	"    runtime: docker\n"
	"    dockerCommand: ./run.sh\n";

static const struct dl_model_step *
find_step(const struct dl_deploy_cmd *cmd, enum dl_cmd_tool tool)
{
	size_t i;
	for (i = 0; i < cmd->steps_nr; i++)
		if (cmd->steps[i].call.tool == tool)
			return &cmd->steps[i];
	fail_msg("no step of tool %d", (int)tool);
	return NULL;
}

static void
test_model(void **state)
{
	char tmpl[] = "/tmp/dl_model_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	static const char *const subdirs[] = { "backend", "backend/requirements", "backend/app",
					       "worker" };
	struct dl_repo repo;
	struct dl_model m;
	struct cache c;
	const struct dl_model_blueprint *mb;
	const struct dl_deploy_cmd *build, *start;
	const struct dl_model_step *st;
	const struct dl_dep_source *src;
	const struct dl_model_deps *deps;
	const struct dl_backend *be = NULL;
	struct dl_region reg;
	char *err = NULL;
	size_t k, n;
	(void)state;

	assert_non_null(dir);
	for (k = 0; k < 4; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	write_file(dir, "render.yaml", blueprint);
	write_file(dir, "backend/build.sh", "#!/bin/sh\nalembic upgrade head\n");
	write_file(dir, "backend/requirements/prod.txt", "-r base.txt\n-c pins.txt\nuvicorn\n");
	write_file(dir, "backend/requirements/base.txt", "fastapi==0.115.0\n");
	write_file(dir, "backend/requirements/pins.txt", "starlette<1\n");
	write_file(dir, "worker/Procfile", "worker: celery -A tasks worker\n#web: gunicorn app:app\n");
	write_file(dir, "worker/requirements.txt", "celery\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);

	memset(&c, 0, sizeof(c));
	c.repo = &repo;
	dl_arena_init(&c.arena);
	n = repo.nr ? repo.nr : 1;
	c.docs = calloc(n, sizeof(*c.docs)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	c.done = calloc(n, 1);
	dl_model_build(&m, &repo, get_doc, &c);

	/* the Blueprint and its services */
	assert_int_equal(m.blueprints_nr, 1);
	mb = &m.blueprints[0];
	assert_false(mb->parse_error);
	assert_int_equal(mb->bp.services_nr, 2);
	assert_ptr_equal(dl_model_service_of(&m, &mb->bp.services[1]), &mb->services[1]);
	/* a Docker service has no shell commands here */
	for (k = 0; k < DL_PHASE_PROCFILE; k++)
		assert_null(mb->services[1].cmds[k]);
	assert_null(mb->services[0].cmds[DL_PHASE_PRE_DEPLOY]);

	/* buildCommand: pip, the script, then the script's own command */
	build = mb->services[0].cmds[DL_PHASE_BUILD];
	assert_non_null(build);
	assert_int_equal(build->phase, DL_PHASE_BUILD);
	assert_string_equal(dl_phase_name(build->phase), "buildCommand");
	assert_string_equal(build->cwd, "backend");
	assert_int_equal(build->steps_nr, 3);
	assert_int_equal(build->steps[0].call.tool, DL_TOOL_PIP);
	assert_ptr_equal(build->steps[0].visit.call, &build->steps[0].call);
	/* positions: `pip` on line 6 at column 19 */
	reg = dl_step_region(&build->steps[0].visit, build->steps[0].call.word);
	assert_int_equal(reg.line, 6);
	assert_int_equal(reg.col, 19);
	assert_int_equal(reg.end_col, 22);
	st = find_step(build, DL_TOOL_SCRIPT);
	assert_string_equal(st->visit.target, "backend/build.sh");
	assert_non_null(st->visit.target_file);
	st = find_step(build, DL_TOOL_ALEMBIC);
	assert_int_equal(st->visit.depth, 1);
	assert_string_equal(st->visit.file->path, "backend/build.sh");
	assert_string_equal(st->visit.cwd, "backend");
	/* the service migrates: the `alembic upgrade` of the script it runs */
	assert_ptr_equal(dl_model_service_migration(&m, 0, 0), st);
	assert_null(dl_model_service_migration(&m, 0, 1)); /* ./run.sh: none */
	assert_null(dl_model_service_migration(&m, 0, 2)); /* out of range */
	assert_null(dl_model_service_migration(&m, 1, 0));

	/* startCommand: the folder follows `cd` */
	start = mb->services[0].cmds[DL_PHASE_START];
	st = find_step(start, DL_TOOL_CD);
	assert_string_equal(st->visit.target, "backend/app");
	st = find_step(start, DL_TOOL_UVICORN);
	assert_string_equal(st->visit.cwd, "backend/app");
	assert_string_equal(st->call.cmd->argv[st->call.arg].text, "main:app");

	/* every Procfile line with a name, in line order, from its folder */
	assert_int_equal(m.procfile_nr, 2);
	assert_string_equal(m.procfile[0].process, "worker");
	assert_string_equal(m.procfile[0].cwd, "worker");
	assert_int_equal(m.procfile[0].steps_nr, 1);
	assert_int_equal(m.procfile[0].steps[0].call.tool, DL_TOOL_CELERY);
	assert_string_equal(m.procfile[1].process, "#web");

	/* backends: the service, then the folder outside it */
	assert_int_equal(m.backends.nr, 2);
	for (k = 0; k < m.backends.nr; k++)
		if (m.backends.items[k].service && !strcmp(m.backends.items[k].service, "api"))
			be = &m.backends.items[k];
	assert_non_null(be);
	deps = dl_model_backend_deps(&m, be);
	assert_non_null(deps);
	/* the file buildCommand names with -r */
	assert_int_equal(deps->nr, 1);
	src = deps->sources[0];
	assert_int_equal(src->kind, DL_DEP_REQUIREMENTS);
	assert_string_equal(src->file->path, "backend/requirements/prod.txt");
	/* includes read in place: base.txt, then the -c pins, then uvicorn */
	assert_int_equal(src->deps_nr, 3);
	assert_string_equal(src->deps[0].name, "fastapi");
	assert_string_equal(src->deps[0].specifier, "==0.115.0");
	assert_string_equal(src->deps[0].file->path, "backend/requirements/base.txt");
	assert_int_equal(src->deps[0].pos.line, 1);
	assert_false(src->deps[0].constraint);
	assert_string_equal(src->deps[1].name, "starlette");
	assert_true(src->deps[1].constraint);
	assert_string_equal(src->deps[2].name, "uvicorn");
	assert_null(src->deps[2].version);
	assert_int_equal(src->reqs->files_nr, 3);
	/* collected once: the same source for every query */
	assert_ptr_equal(dl_model_requirements(&m, src->file), src);
	assert_non_null(dl_model_requirements_doc(&m, dl_repo_find(&repo, "backend/requirements/base.txt")));
	/* no file was parsed twice */
	{
		size_t before = c.parses;
		(void)dl_model_requirements(&m, dl_repo_find(&repo, "worker/requirements.txt"));
		assert_true(c.parses <= before + 1);
	}

	dl_model_release(&m);
	free((void *)c.docs);
	free(c.done);
	dl_arena_release(&c.arena);
	dl_repo_release(&repo);
	{
		static const char *const rm[] = {
			"render.yaml", "backend/build.sh", "backend/requirements/prod.txt",
			"backend/requirements/base.txt", "backend/requirements/pins.txt",
			"worker/Procfile", "worker/requirements.txt"
		};
		for (k = 0; k < sizeof(rm) / sizeof(rm[0]); k++) {
			snprintf(path, sizeof(path), "%s/%s", dir, rm[k]);
			unlink(path);
		}
		for (k = 4; k-- > 0;) {
			snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
			rmdir(path);
		}
		rmdir(dir);
	}
}

/* dl_repo_has_nocase: files and the folders holding them, compared
 * without ASCII case; the set is built once and kept until release. */
static void
test_repo_nocase(void **state)
{
	char tmpl[] = "/tmp/dl_model_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	static const char *const subdirs[] = { "App", "App/Sub" };
	static const char *const files[] = { "App/Sub/Main.py", "README.md", "App/b.sh" };
	struct dl_repo repo;
	char *err = NULL;
	size_t k;
	(void)state;

	assert_non_null(dir);
	for (k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		assert_int_equal(mkdir(path, 0700), 0);
	}
	for (k = 0; k < 3; k++)
		write_file(dir, files[k], "x\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	assert_null(repo.folded);
	assert_true(dl_repo_has_nocase(&repo, "app/sub/main.py"));
	assert_non_null(repo.folded);
	assert_true(dl_repo_has_nocase(&repo, "APP/SUB/MAIN.PY"));
	assert_true(dl_repo_has_nocase(&repo, "App/Sub/Main.py")); /* exact */
	assert_true(dl_repo_has_nocase(&repo, "readme.md"));
	assert_true(dl_repo_has_nocase(&repo, "app"));     /* a folder */
	assert_true(dl_repo_has_nocase(&repo, "app/SUB")); /* a nested one */
	assert_true(dl_repo_has_nocase(&repo, "APP/B.SH"));
	assert_false(dl_repo_has_nocase(&repo, "app/sub/main")); /* a prefix, no '/' */
	assert_false(dl_repo_has_nocase(&repo, "app/sub/"));     /* no file or folder */
	assert_false(dl_repo_has_nocase(&repo, "ap"));
	assert_false(dl_repo_has_nocase(&repo, "main.py"));
	assert_false(dl_repo_has_nocase(&repo, ""));
	/* every bit set, as if each lookup collided: the paths decide */
	memset(repo.folded, 0xff, repo.folded_bits / 8);
	assert_false(dl_repo_has_nocase(&repo, "main.py"));
	assert_false(dl_repo_has_nocase(&repo, "app/sub/"));
	assert_true(dl_repo_has_nocase(&repo, "app/SUB/main.PY"));
	assert_true(dl_repo_has_nocase(&repo, "App"));
	dl_repo_release(&repo);
	for (k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
		unlink(path);
	}
	for (k = 2; k-- > 0;) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		rmdir(path);
	}
	rmdir(dir);
}

/* Which simple commands run database migrations (dl_step_migrates). */
static void
test_migrates(void **state)
{
	static const struct {
		const char *cmd;
		int migrates;
	} cases[] = {
		{ "alembic upgrade head", 1 },
		{ "alembic -c deploy/alembic.ini -x tenant=a upgrade heads", 1 },
		{ "alembic --name prod downgrade -1", 1 },
		{ "python -m alembic upgrade head", 1 },
		{ "poetry run alembic upgrade head", 1 },
		{ "env X=1 uv run --frozen alembic upgrade head", 1 },
		{ "alembic current", 0 },
		{ "alembic -c upgrade.ini stamp head", 0 },
		{ "alembic revision -m upgrade", 0 },
		{ "flask db upgrade", 1 },
		{ "flask --app wsgi:app db upgrade", 1 },
		{ "python -m flask -A app db downgrade", 1 },
		{ "flask db migrate -m upgrade", 0 },
		{ "flask run", 0 },
		{ "python manage.py db upgrade", 1 },
		{ "./manage.py db upgrade", 1 },
		{ "python manage.py db history", 0 },
		{ "python manage.py migrate", 0 },
		{ "bash db upgrade", 0 },
		{ "echo alembic upgrade head", 0 },
		{ "make db upgrade", 0 },
		/* the script of sh -c, nested up to three levels */
		{ "sh -c 'alembic upgrade head'", 1 },
		{ "bash -lc 'cd app && flask db upgrade'", 1 },
		{ "exec /bin/sh -c \"sh -c 'python -m alembic upgrade head'\"", 1 },
		{ "sh -c \"sh -c \\\"sh -c 'sh -c alembic'\\\"\"", 0 },
		{ "sh -c 'echo alembic upgrade head'", 0 },
		{ "sh -c '# alembic upgrade head'", 0 },
		{ "sh -c", 0 },
		{ "sh script.sh alembic upgrade head", 0 },
		{ "", 0 },
	};
	struct dl_arena arena;
	size_t k;
	(void)state;

	dl_arena_init(&arena);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct dl_cmdline cl;
		struct dl_cmd_call call;
		dl_cmd_parse(&cl, &arena, cases[k].cmd, strlen(cases[k].cmd));
		if (!cl.nr) {
			assert_false(cases[k].migrates);
			continue;
		}
		dl_cmd_classify(&call, &cl.cmds[0]);
		if (dl_step_migrates(&call) != cases[k].migrates)
			fail_msg("dl_step_migrates(\"%s\") != %d", cases[k].cmd, cases[k].migrates);
	}
	dl_arena_release(&arena);
}

/* A render.yaml with a YAML error is kept for the DB rules, flagged, and
 * runs nothing. */
static void
test_parse_error(void **state)
{
	char tmpl[] = "/tmp/dl_model_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	struct dl_repo repo;
	struct dl_model m;
	struct cache c;
	char *err = NULL;
	(void)state;

	assert_non_null(dir);
	write_file(dir, "render.yaml",
		   "services:\n  - name: api\n    runtime: python\n    buildCommand: ./b.sh\n  bad: [\n");
	write_file(dir, "b.sh", "echo hi\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	memset(&c, 0, sizeof(c));
	c.repo = &repo;
	dl_arena_init(&c.arena);
	c.docs = calloc(repo.nr, sizeof(*c.docs)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	c.done = calloc(repo.nr, 1);
	dl_model_build(&m, &repo, get_doc, &c);
	assert_int_equal(m.blueprints_nr, 1);
	assert_true(m.blueprints[0].parse_error);
	if (m.blueprints[0].bp.services_nr)
		assert_null(m.blueprints[0].services[0].cmds[DL_PHASE_BUILD]);
	assert_int_equal(m.backends.nr, 0);
	dl_model_release(&m);
	free((void *)c.docs);
	free(c.done);
	dl_arena_release(&c.arena);
	dl_repo_release(&repo);
	snprintf(path, sizeof(path), "%s/render.yaml", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b.sh", dir);
	unlink(path);
	rmdir(dir);
}

/* Docker services: the Dockerfile's ENTRYPOINT and CMD combined as Docker
 * combines them through the stages, dockerCommand and preDeployCommand
 * read as argv (or as the script of `sh -c`), with file positions. */
static void
test_docker(void **state)
{
	char tmpl[] = "/tmp/dl_model_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	struct dl_repo repo;
	struct dl_model m;
	struct cache c;
	const struct dl_model_blueprint *mb;
	const struct dl_model_docker *d;
	const struct dl_model_step *st;
	const struct dl_cmd_word *w;
	struct dl_region reg;
	char *err = NULL;
	size_t k;
	(void)state;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/svc", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	write_file(dir, "render.yaml",
		   "services:\n"
		   "  - type: web\n"
		   "    name: api\n"
		   "    runtime: docker\n"
		   "    rootDir: svc\n"
		   "    dockerfilePath: ./Dockerfile.prod\n"
		   "  - type: web\n"
		   "    name: over\n"
		   "    runtime: docker\n"
		   "    rootDir: svc\n"
		   "    preDeployCommand: alembic upgrade head && echo ok\n"
		   "    dockerCommand: /bin/sh -ec 'cd app && exec uvicorn main:app'\n"
		   "  - type: web\n"
		   "    name: shell\n"
		   "    runtime: docker\n"
		   "    dockerfilePath: svc/Dockerfile\n");
	/* the final stage builds on `base`: it inherits ENTRYPOINT and CMD,
	 * then its own ENTRYPOINT drops the inherited CMD and its CMD is the
	 * entrypoint's arguments */
	write_file(dir, "svc/Dockerfile.prod",
		   "FROM python:3.12-slim AS base\n"
		   "ENV APP_HOME=/app UVICORN_HOST=0.0.0.0\n"
		   "CMD [\"python\", \"-m\", \"http.server\"]\n"
		   "FROM base\n"
		   "ENTRYPOINT [\"uvicorn\"]\n"
		   "CMD [\"main:app\", \"--port\", \"$PORT\"]\n");
	write_file(dir, "svc/Dockerfile",
		   "FROM python:3.12\n"
		   "CMD gunicorn main:app \\\n"
		   "    --bind 0.0.0.0:$PORT\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	memset(&c, 0, sizeof(c));
	c.repo = &repo;
	dl_arena_init(&c.arena);
	c.docs = calloc(repo.nr, sizeof(*c.docs)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	c.done = calloc(repo.nr, 1);
	dl_model_build(&m, &repo, get_doc, &c);
	mb = &m.blueprints[0];
	assert_int_equal(mb->bp.services_nr, 3);
	assert_null(mb->services[0].cmds[DL_PHASE_START]);

	/* api: Dockerfile.prod under rootDir */
	d = mb->services[0].docker;
	assert_non_null(d);
	assert_string_equal(d->dockerfile->path, "svc/Dockerfile.prod");
	assert_string_equal(d->context, "svc");
	assert_int_equal(d->from, DL_DOCKER_START_DOCKERFILE);
	assert_int_equal(d->final_stage, 1);
	assert_int_equal(d->entrypoint->first_line, 5);
	assert_int_equal(d->cmd->first_line, 6);
	assert_int_equal(d->env_nr, 2);
	assert_string_equal(d->env[1], "UVICORN_HOST");
	assert_non_null(d->start);
	assert_int_equal(d->start->cl.nr, 1);
	assert_int_equal(d->start->cl.cmds[0].argc, 4);
	st = find_step(d->start, DL_TOOL_UVICORN);
	assert_string_equal(st->visit.cwd, "svc");
	assert_string_equal(st->visit.file->path, "svc/Dockerfile.prod");
	/* "$PORT" in a JSON string: quoted, never expanded, at line 6 col 28 */
	w = &st->call.cmd->argv[3];
	assert_string_equal(w->text, "$PORT");
	assert_false(w->expands);
	reg = dl_step_region(&st->visit, w);
	assert_int_equal(reg.line, 6);
	assert_int_equal(reg.col, 28);
	assert_int_equal(reg.end_col, 35);
	assert_null(d->pre_deploy);

	/* over: dockerCommand replaces ENTRYPOINT/CMD; sh -ec runs its script */
	d = mb->services[1].docker;
	assert_int_equal(d->from, DL_DOCKER_START_COMMAND);
	assert_string_equal(d->dockerfile->path, "svc/Dockerfile");
	assert_null(d->entrypoint);
	assert_non_null(d->docker_command_raw);
	assert_int_equal(d->start->cl.nr, 2);
	st = find_step(d->start, DL_TOOL_UVICORN);
	assert_string_equal(st->visit.file->path, "render.yaml");
	reg = dl_step_region(&st->visit, st->call.word);
	assert_int_equal(reg.line, 12);
	assert_int_equal(reg.col, 48);
	/* preDeployCommand without a shell: one command, `&&` an argument */
	assert_non_null(d->pre_deploy_raw);
	assert_int_equal(d->pre_deploy_raw->cl.nr, 2);
	assert_int_equal(d->pre_deploy->cl.nr, 1);
	assert_int_equal(d->pre_deploy->cl.cmds[0].argc, 3);
	/* it still runs `alembic upgrade`: the service migrates there */
	st = dl_model_service_migration(&m, 0, 1);
	assert_non_null(st);
	assert_ptr_equal(st, &d->pre_deploy->steps[0]);
	assert_string_equal(st->visit.file->path, "render.yaml");
	/* api runs uvicorn only */
	assert_null(dl_model_service_migration(&m, 0, 0));

	/* shell: a shell-form CMD with a continuation is sh -c TEXT */
	d = mb->services[2].docker;
	assert_string_equal(d->dockerfile->path, "svc/Dockerfile");
	assert_string_equal(d->context, "");
	st = find_step(d->start, DL_TOOL_GUNICORN);
	w = &st->call.cmd->argv[st->call.cmd->argc - 1];
	assert_string_equal(w->text, "0.0.0.0:$PORT");
	assert_true(w->expands);
	reg = dl_step_region(&st->visit, w);
	assert_int_equal(reg.line, 3);
	assert_int_equal(reg.col, 12);

	dl_model_release(&m);
	free((void *)c.docs);
	free(c.done);
	dl_arena_release(&c.arena);
	dl_repo_release(&repo);
	{
		static const char *const rm[] = { "render.yaml", "svc/Dockerfile.prod",
						  "svc/Dockerfile" };
		for (k = 0; k < sizeof(rm) / sizeof(rm[0]); k++) {
			snprintf(path, sizeof(path), "%s/%s", dir, rm[k]);
			unlink(path);
		}
		snprintf(path, sizeof(path), "%s/svc", dir);
		rmdir(path);
		rmdir(dir);
	}
}

/* Where a file of an image comes from: COPY of a file, a glob, a folder
 * (minus .dockerignore, with its `!` exceptions and `**`), WORKDIR,
 * FROM <stage>, COPY --from; and the path cleaning they use. */
static void
test_image_source(void **state)
{
	char tmpl[] = "/tmp/dl_model_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700], *rel = NULL, *s;
	static const char *const subdirs[] = { "app", "keep" };
	static const char *const files[] = { "pyproject.toml", "poetry.lock", "app/x.py",
					     "app/c.pyc", "keep/poetry.lock", ".dockerignore" };
	static const char df_text[] = "FROM python:3.12 AS base\n"
				      "WORKDIR /app\n"
				      "COPY pyproject.toml .\n"
				      "RUN echo 1\n"
				      "COPY . .\n"
				      "RUN echo 2\n"
				      "COPY poetry.lock* ./\n"
				      "RUN echo 3\n"
				      "FROM base\n"
				      "COPY --from=base /app/uv.lock /app/\n"
				      "RUN echo 4\n";
	struct dl_repo repo;
	struct dl_arena arena;
	struct dl_dockerfile df;
	size_t k, at = 0;
	char *err = NULL;
	(void)state;

	assert_non_null(dir);
	s = dl_docker_path_clean("/app", "./x/../y/");
	assert_string_equal(s, "/app/y");
	free(s);
	s = dl_docker_path_clean("/a", "/b/./c//");
	assert_string_equal(s, "/b/c");
	free(s);
	s = dl_docker_path_clean("/", "../..");
	assert_string_equal(s, "/");
	free(s);

	for (k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	for (k = 0; k + 1 < sizeof(files) / sizeof(files[0]); k++)
		write_file(dir, files[k], "x\n");
	write_file(dir, ".dockerignore", "# locks stay out\n/poetry.lock\n!keep/poetry.lock\n**/*.pyc\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	dl_arena_init(&arena);
	dl_dockerfile_parse(&df, &arena, df_text, sizeof(df_text) - 1);
	assert_int_equal(df.nr, 11);
	assert_int_equal(df.stages_nr, 2);

	/* before RUN echo 1: only pyproject.toml, copied by name into WORKDIR */
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 0, 3,
						"/app/pyproject.toml", &rel, &at),
			 DL_DOCKER_SRC_CONTEXT);
	assert_string_equal(rel, "pyproject.toml");
	assert_int_equal(at, 2);
	free(rel);
	rel = NULL;
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 0, 3, "poetry.lock",
						NULL, NULL),
			 DL_DOCKER_SRC_NONE);
	/* COPY . . brings the folder minus what .dockerignore excludes */
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 0, 5, "poetry.lock",
						NULL, NULL),
			 DL_DOCKER_SRC_NONE);
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 0, 5, "app/c.pyc",
						NULL, NULL),
			 DL_DOCKER_SRC_NONE);
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 0, 5,
						"/app/keep/poetry.lock", &rel, &at),
			 DL_DOCKER_SRC_CONTEXT);
	assert_string_equal(rel, "keep/poetry.lock");
	assert_int_equal(at, 4);
	free(rel);
	rel = NULL;
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 0, 5, "app/x.py",
						&rel, NULL),
			 DL_DOCKER_SRC_CONTEXT);
	assert_string_equal(rel, "app/x.py");
	free(rel);
	rel = NULL;
	/* a glob names it: copied (.dockerignore matters for folders only) */
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 0, 7,
						"/app/poetry.lock", &rel, &at),
			 DL_DOCKER_SRC_CONTEXT);
	assert_string_equal(rel, "poetry.lock");
	assert_int_equal(at, 6);
	free(rel);
	rel = NULL;
	/* FROM base inherits it; COPY --from may bring anything */
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 1, 10, "poetry.lock",
						NULL, NULL),
			 DL_DOCKER_SRC_CONTEXT);
	assert_int_equal(dl_docker_image_source(&repo, "Dockerfile", "", &df, 1, 10, "/app/uv.lock",
						NULL, NULL),
			 DL_DOCKER_SRC_UNKNOWN);
	s = dl_docker_workdir(&df, 1, 10);
	assert_string_equal(s, "/app");
	free(s);
	s = dl_docker_workdir(&df, 0, 1);
	assert_string_equal(s, "/");
	free(s);

	dl_arena_release(&arena);
	dl_repo_release(&repo);
	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
		unlink(path);
	}
	for (k = 2; k-- > 0;) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[k]);
		rmdir(path);
	}
	rmdir(dir);
}

/* Which argv runs a shell on a script. */
static void
test_shell_c(void **state)
{
	static const char *const cases[][4] = {
		{ "/bin/sh", "-c", "x", "2" },
		{ "bash", "-ec", "x", "2" },
		{ "sh", "-xc", "s", "2" },
		{ "sh", "script.sh", "", "-1" },
		{ "python", "-c", "x", "-1" },
		{ "/usr/bin/dash", "-c", "", "-1" },
		{ "sh", "-o", "pipefail", "-1" },
	};
	size_t k, j;
	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct dl_cmd_word w[3];
		size_t n = 0;
		memset(w, 0, sizeof(w));
		for (j = 0; j < 3 && cases[k][j][0]; j++) {
			w[n].text = cases[k][j];
			w[n].len = strlen(cases[k][j]);
			n++;
		}
		assert_int_equal(dl_cmd_shell_c(w, n), (int)strtol(cases[k][3], NULL, 10));
	}
}

/* Environment variables and database URLs: render.yaml services' and
 * groups' items with positions, the services a group reaches, .env
 * bindings, and the database URLs among the values. */
static void
test_envs(void **state)
{
	char tmpl[] = "/tmp/dl_model_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	struct dl_repo repo;
	struct dl_model m;
	struct cache c;
	const struct dl_model_env *e;
	const struct dl_model_dburl *u;
	const size_t *svcs;
	size_t nr, one;
	char *err = NULL;
	(void)state;

	assert_non_null(dir);
	write_file(dir, "render.yaml",
		   "services:\n"
		   "  - name: api\n    runtime: python\n"
		   "    envVars:\n"
		   "      - key: DATABASE_URL\n        value: \"postgres://u:p@h/db\"\n"
		   "      - key: DEBUG\n        value: \"0\"\n"
		   "      - key: SECRET\n        generateValue: true\n"
		   "      - fromGroup: shared\n"
		   "  - name: worker\n    runtime: python\n"
		   "    envVars:\n      - fromGroup: shared\n"
		   "envVarGroups:\n  - name: shared\n    envVars:\n"
		   "      - key: REDIS_URL\n        value: redis://r:6379\n"
		   "      - key: DIRECT_URL\n        value: postgresql+psycopg://u@h/db\n");
	write_file(dir, ".env", "export DATABASE_URL='sqlite:///x.db'\nEMPTY\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	memset(&c, 0, sizeof(c));
	c.repo = &repo;
	dl_arena_init(&c.arena);
	c.docs = calloc(repo.nr, sizeof(*c.docs)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	c.done = calloc(repo.nr, 1);
	dl_model_build(&m, &repo, get_doc, &c);

	/* .env sorts first: its two bindings, then render.yaml's four items */
	assert_int_equal(m.envs_nr, 6);
	e = dl_model_file_envs(&m, dl_repo_find(&repo, ".env"), &nr);
	assert_int_equal(nr, 2);
	assert_int_equal(e[0].source, DL_ENV_SRC_DOTENV);
	assert_string_equal(e[0].key, "DATABASE_URL");
	assert_int_equal(e[0].value_pos.line, 1);
	assert_int_equal(e[0].value_pos.col, 21);
	assert_true(e[0].quoted);
	assert_null(e[1].value);
	assert_int_equal(e[0].blueprint, SIZE_MAX);
	assert_null(dl_model_env_services(&m, &e[0], &one, &nr));
	e = dl_model_file_envs(&m, dl_repo_find(&repo, "render.yaml"), &nr);
	assert_int_equal(nr, 4);
	assert_int_equal(e[0].source, DL_ENV_SRC_SERVICE);
	assert_string_equal(e[0].key, "DATABASE_URL");
	assert_int_equal(e[0].value_pos.line, 6);
	assert_int_equal(e[0].value_pos.col, 16);
	assert_true(e[0].quoted && e[0].in_place);
	assert_int_equal(e[0].service, 0);
	assert_string_equal(e[1].key, "DEBUG");
	assert_int_equal(e[2].source, DL_ENV_SRC_GROUP);
	assert_string_equal(e[2].key, "REDIS_URL");
	assert_int_equal(e[2].group, 0);
	assert_false(e[2].quoted);
	/* the group reaches both services; a service's own item only it */
	svcs = dl_model_env_services(&m, &e[2], &one, &nr);
	assert_int_equal(nr, 2);
	assert_int_equal(svcs[0], 0);
	assert_int_equal(svcs[1], 1);
	svcs = dl_model_env_services(&m, &e[0], &one, &nr);
	assert_int_equal(nr, 1);
	assert_int_equal(svcs[0], 0);
	/* database URLs: .env's sqlite, the service's postgres, the group's
	 * redis (a known scheme too) and DIRECT_URL; "0" is none */
	assert_int_equal(m.dburls_nr, 4);
	u = dl_model_file_dburls(&m, dl_repo_find(&repo, "render.yaml"), &nr);
	assert_int_equal(nr, 3);
	assert_string_equal(u[0].env->key, "DATABASE_URL");
	assert_int_equal(u[0].url.backend, DL_DBURL_POSTGRES);
	assert_int_equal(u[1].url.backend, DL_DBURL_REDIS);
	assert_string_equal(u[2].env->key, "DIRECT_URL");
	assert_int_equal(u[2].url.backend, DL_DBURL_POSTGRESQL);
	assert_true(u[2].url.driver.present);
	u = dl_model_file_dburls(&m, dl_repo_find(&repo, ".env"), &nr);
	assert_int_equal(nr, 1);
	assert_int_equal(u[0].url.backend, DL_DBURL_SQLITE);

	dl_model_release(&m);
	free((void *)c.docs);
	free(c.done);
	dl_arena_release(&c.arena);
	dl_repo_release(&repo);
	snprintf(path, sizeof(path), "%s/render.yaml", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.env", dir);
	unlink(path);
	rmdir(dir);
}

/* The database part: URLs of every origin in path order with their
 * positions, the code facts, docker-compose names, and the backends each
 * URL reaches. */
static void
test_db(void **state)
{
	static const char *const files[] = {
		"render.yaml",
		"backend/requirements.txt",
		"backend/alembic.ini",
		"backend/app/config.py",
		"backend/.env.example",
		"docker-compose.yml",
	};
	char tmpl[] = "/tmp/dl_model_XXXXXX";
	char *dir = mkdtemp(tmpl), path[700];
	struct dl_repo repo;
	struct dl_model m;
	struct cache c;
	const struct dl_model_db *db;
	const struct dl_model_dburl *u;
	const struct dl_backend **bes;
	struct dl_model_dburl v;
	size_t nr, k;
	char *err = NULL;
	(void)state;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/backend", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/backend/app", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	write_file(dir, "render.yaml",
		   "services:\n"
		   "  - name: api\n    runtime: python\n    rootDir: backend\n"
		   "    envVars:\n"
		   "      - key: DATABASE_URL\n        value: \"postgresql+asyncpg://u:p@h/db\"\n");
	write_file(dir, "backend/requirements.txt", "fastapi\n");
	write_file(dir, "backend/alembic.ini",
		   "[alembic]\nsqlalchemy.url = postgresql://u:p%%40x@h/%(here)s\n");
	write_file(dir, "backend/app/config.py",
		   "import os\n"
		   "URL = os.getenv('DATABASE_URL', 'sqlite:///app.db').replace('postgres://', "
		   "'postgresql+psycopg://')\n"
		   "engine = create_engine(URL)\n");
	write_file(dir, "backend/.env.example", "DATABASE_URL=mysql+pymysql://u@h/db\n");
	write_file(dir, "docker-compose.yml", "services:\n  db:\n    image: postgres\n  cache: {}\n");
	assert_int_equal(dl_repo_scan(&repo, dir, &err), 0);
	memset(&c, 0, sizeof(c));
	c.repo = &repo;
	dl_arena_init(&c.arena);
	c.docs = calloc(repo.nr, sizeof(*c.docs)); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
	c.done = calloc(repo.nr, 1);
	dl_model_build(&m, &repo, get_doc, &c);

	db = dl_model_db(&m, NULL, NULL, NULL);
	assert_ptr_equal(dl_model_db(&m, NULL, NULL, NULL), db); /* built once */
	/* path order: backend/.env.example, backend/alembic.ini,
	 * backend/app/config.py, render.yaml */
	assert_int_equal(db->urls_nr, 4);
	u = db->urls[0];
	assert_int_equal(u->origin, DL_DBURL_FROM_ENV);
	assert_true(u->example);
	assert_int_equal(u->url.backend, DL_DBURL_MYSQL);
	u = db->urls[1];
	assert_int_equal(u->origin, DL_DBURL_FROM_INI);
	assert_string_equal(u->key, "sqlalchemy.url");
	/* interpolated (%% and %(here)s): not the bytes of the file */
	assert_int_equal(u->len, strlen("postgresql://u:p%40x@h/backend"));
	assert_memory_equal(u->text, "postgresql://u:p%40x@h/backend", u->len);
	assert_false(u->exact);
	assert_int_equal(u->pos.line, 2);
	assert_int_equal(u->pos.col, 18);
	u = db->urls[2];
	assert_int_equal(u->origin, DL_DBURL_FROM_PY);
	assert_null(u->key);
	assert_int_equal(u->url.backend, DL_DBURL_SQLITE);
	assert_true(u->exact);
	assert_int_equal(u->pos.line, 2);
	assert_int_equal(u->pos.col, 34);
	assert_memory_equal(u->file->data + u->off, "sqlite:///app.db", 16);
	u = db->urls[3];
	assert_int_equal(u->origin, DL_DBURL_FROM_ENV);
	assert_ptr_equal(u, &m.dburls[1]);
	assert_true(u->exact);
	assert_int_equal(u->pos.line, 7);
	assert_int_equal(u->pos.col, 17); /* inside the quotes */
	assert_memory_equal(u->file->data + u->off, "postgresql+asyncpg", 18);

	/* the code: rewrites postgres://, names a rewrite target, an engine */
	assert_true(db->code.rewrites_postgres);
	assert_int_equal(db->code.rewrite_nr, 1);
	assert_string_equal(db->code.rewrite_schemes[0], "postgresql+psycopg");
	assert_false(db->code.pre_ping);
	assert_non_null(db->code.engine_file);
	assert_string_equal(db->code.engine_file->path, "backend/app/config.py");
	assert_int_equal(db->code.engine_pos.line, 3);
	assert_int_equal(db->code.engine_pos.col, 10);
	assert_int_equal(db->code.engine_len, 13);
	assert_int_equal(db->compose_nr, 2);
	assert_string_equal(db->compose_services[0], "db");
	assert_string_equal(db->compose_services[1], "cache");

	/* every URL in backend/ reaches the api service's backend */
	for (k = 0; k < db->urls_nr; k++) {
		bes = dl_model_dburl_backends(&m, db->urls[k], &nr);
		assert_int_equal(nr, 1);
		assert_string_equal(bes[0]->service, "api");
		free(bes);
	}
	/* a value of no file reaches none; a non-URL is refused */
	assert_int_equal(dl_model_dburl_init(&v, NULL, "env:X", "X", "redis://r", 9,
					     m.dburls[0].pos, 0, 1),
			 0);
	assert_string_equal(v.path, "env:X");
	assert_false(v.exact);
	assert_null(dl_model_dburl_backends(&m, &v, &nr));
	assert_int_equal(nr, 0);
	assert_int_equal(dl_model_dburl_init(&v, NULL, NULL, "X", "hello", 5, v.pos, 0, 0), -1);
	assert_true(dl_model_db_key("SQLALCHEMY_DATABASE_URI") && dl_model_db_key("db_url") &&
		    !dl_model_db_key("REDIS_URL"));

	dl_model_release(&m);
	free((void *)c.docs);
	free(c.done);
	dl_arena_release(&c.arena);
	dl_repo_release(&repo);
	for (k = 0; k < DL_ARRAY_SIZE(files); k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/backend/app", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/backend", dir);
	rmdir(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_repo_nocase),
		cmocka_unit_test(test_parse_error),
		cmocka_unit_test(test_migrates),
		cmocka_unit_test(test_envs),
		cmocka_unit_test(test_db),
		cmocka_unit_test(test_docker),
		cmocka_unit_test(test_image_source),
		cmocka_unit_test(test_shell_c),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
