/*
 * deploylint: the catalogue of a run, built from the user's structured
 * configuration (secret-patterns and placeholder-words, handed over field by
 * field by the read pass) on top of the built-in data.
 */
#include <stdlib.h>

#include "secrets/internal.h"

const struct dl_secrets *
dl_secrets_catalogue(const struct dl_secret_user_format *formats, size_t n, const char *origin,
		     const char *const *words, size_t nwords, struct dl_strbuf *notes,
		     struct dl_secrets **owned)
{
	struct dl_secret_user_format *kept;
	size_t i, k = 0;
	char *err = NULL;

	*owned = NULL;
	if (!n && !nwords)
		return dl_secrets_builtin();
	kept = dl_xcalloc(n ? n : 1, sizeof(*kept));
	for (i = 0; i < n; i++) {
		if (!formats[i].keywords_nr) {
			dl_strbuf_addf(notes,
				       "secret pattern %s has no keywords (the literals that must occur on a line for it to run): ignored\n",
				       formats[i].id);
			continue;
		}
		kept[k++] = formats[i];
	}
	if (dl_secrets_load_user(owned, kept, k, origin, words, nwords, &err) < 0) {
		dl_strbuf_addf(notes, "%s: secret patterns ignored: %s\n", origin, err);
		free(err);
		*owned = NULL;
	}
	free(kept);
	return *owned ? *owned : dl_secrets_builtin();
}
