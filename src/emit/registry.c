/*
 * deploylint: the emitter registry. Adding an output format is one file
 * defining a const struct dl_emitter plus one row here.
 */
#include "deploylint/emit.h"

#include <string.h>

extern const struct dl_emitter dl_emitter_text;
extern const struct dl_emitter dl_emitter_json;
extern const struct dl_emitter dl_emitter_sarif;
extern const struct dl_emitter dl_emitter_github;

static const struct dl_emitter *const emitters[] = {
	&dl_emitter_text,
	&dl_emitter_json,
	&dl_emitter_sarif,
	&dl_emitter_github,
};

const struct dl_emitter *
dl_emitter_find(const char *name)
{
	size_t i;
	if (!name)
		return NULL;
	for (i = 0; i < DL_ARRAY_SIZE(emitters); i++)
		if (strcmp(emitters[i]->name, name) == 0)
			return emitters[i];
	return NULL;
}

const char *
dl_emitter_names(void)
{
	return "text, json, sarif, github";
}

int
dl_emit_flush(struct dl_strbuf *out, const struct dl_emit_opts *opts, int force)
{
	if (!opts->flush || !out->len || (!force && out->len < DL_EMIT_FLUSH_SIZE))
		return 0;
	return opts->flush(out, opts->flush_arg);
}
