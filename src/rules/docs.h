/*
 * deploylint: embedded rule documentation (generated from the rules/ Markdown files by
 * tools/embed.c at build time).
 */
#ifndef DEPLOYLINT_RULES_DOCS_H
#define DEPLOYLINT_RULES_DOCS_H

#include <stddef.h>

struct dl_rule_doc {
	const char *id;
	const char *markdown;
};

extern const struct dl_rule_doc dl_rule_docs[];
extern const size_t dl_rule_docs_count;

#endif
