/*
 * deploylint: the application object a start command names (CMD010), a
 * part of the CMD family that lives in src/rules/app.c. cmd.c hands it
 * every walked command of a start command (render.yaml startCommand, a
 * Procfile `web:` line).
 */
#ifndef DEPLOYLINT_RULES_APP_H
#define DEPLOYLINT_RULES_APP_H

#include "deploylint/cmdwalk.h"
#include "rules/check.h"

/*
 * CMD010 for one walked command v of a start command: gunicorn or uvicorn
 * given `module:attr` where the module is a Python file of the repository
 * (resolved from v->cwd, gunicorn's --chdir, uvicorn's --app-dir) that
 * binds no `attr` at module level (assignment, import, def, class,
 * `global`). Silent for modules that bind names dynamically (star
 * imports, globals(), setattr, a module __getattr__, exec).
 */
void dl_app_check_start(struct dl_check_ctx *ctx, const struct dl_cmd_visit *v);

/*
 * CMD011 for one walked command v of any phase: `flask ...` without
 * --app/-A while FLASK_APP is set (flask_app_set: by the command, an
 * earlier export, the service's envVars, or possibly an env group) nowhere
 * Render sees, but in a .env file git does not track (python-dotenv loads
 * it on the developer's machine), and the folder holds no wsgi.py, app.py
 * (or such packages) for Flask's own discovery.
 */
void dl_app_check_flask(struct dl_check_ctx *ctx, const struct dl_cmd_visit *v,
			int flask_app_set);

/* Frees what dl_app_check_start remembers between calls of one run
 * (the findings already made); call at the end of the CMD family. */
void dl_app_release(void);

/* The repository file at path (NULL: none) when it is lintable and loads;
 * else NULL. The file belongs to repo. */
struct dl_file *dl_app_py_file(struct dl_repo *repo, const char *path);

/*
 * The file of Python module mod (n bytes, "a.b") under dir, as the import
 * system finds it from that folder: dir/a/b.py, else dir/a/b/__init__.py;
 * a lintable file of the repository, loaded. NULL when neither exists, n is
 * 0, or mod holds a byte other than letters, digits, '_' and '.'. The file
 * belongs to repo.
 */
struct dl_file *dl_app_module_file(struct dl_repo *repo, const char *dir, const char *mod,
				   size_t n);

#endif
