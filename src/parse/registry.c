/*
 * deploylint: the parser registry: which parser reads which file kind.
 * Adding a format is one parser file plus one row here.
 */
#include "deploylint/command.h"
#include "deploylint/dotenv.h"
#include "deploylint/parse.h"
#include "deploylint/requirements.h"

static void *
parse_yaml(struct dl_arena *arena, const char *data, size_t len)
{
	struct dl_yaml_doc *doc = dl_arena_alloc(arena, sizeof(*doc));
	dl_yaml_parse(doc, arena, data, len);
	return doc;
}

static void *
parse_ini(struct dl_arena *arena, const char *data, size_t len)
{
	struct dl_ini *ini = dl_arena_alloc(arena, sizeof(*ini));
	dl_ini_parse(ini, arena, data, len);
	return ini;
}

static const struct dl_parser parsers[] = {
	{ DL_KIND_RENDER_YAML, "yaml", parse_yaml },
	{ DL_KIND_ALEMBIC_INI, "ini", parse_ini },
	{ DL_KIND_DOTENV, "dotenv", dl_dotenv_parse_doc },
	{ DL_KIND_REQUIREMENTS, "requirements", dl_requirements_parse_doc },
	{ DL_KIND_SHELL, "shell", dl_cmd_parse_doc },
};

const struct dl_parser *
dl_parser_for(enum dl_kind kind)
{
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(parsers); i++)
		if (parsers[i].kind == kind)
			return &parsers[i];
	return NULL;
}
