/*
 * deploylint: PARSE001 for render.yaml (other formats report their parse
 * errors from the family that reads them).
 */
#include "rules/check.h"

#include <string.h>

void
dl_check_parse(struct dl_check_ctx *ctx)
{
	const struct dl_rule *rule = dl_rule_get(DL_RULE_PARSE001);
	size_t i;

	for (i = 0; i < ctx->repo->nr; i++) {
		struct dl_file *f = &ctx->repo->files[i];
		const struct dl_yaml_doc *doc;

		if (f->kind != DL_KIND_RENDER_YAML)
			continue;
		doc = dl_ctx_doc(ctx, f);
		if (doc && doc->error.set)
			dl_report_add(ctx->report, rule, f->path,
				      dl_region_at(doc->error.pos, 0),
				      "YAML syntax error: %s; Render cannot read this Blueprint",
				      doc->error.message);
	}
}
