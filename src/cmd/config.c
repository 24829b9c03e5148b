/*
 * deploylint config [PATH]: the effective configuration of PATH (the
 * configuration file found or given, then the command line) and where
 * each value came from.
 */
#include "run.h"
#include "cmd/cmd.h"
#include "deploylint/rule.h"

static void
put_origin(struct dl_strbuf *sb, const char *cli_flag, int from_cli,
	   const struct dl_config *cfg, struct dl_pos pos, int in_file)
{
	if (from_cli)
		dl_strbuf_addf(sb, "  (from %s)\n", cli_flag);
	else if (in_file)
		dl_strbuf_addf(sb, "  (from %s:%u:%u)\n", cfg->path, pos.line, pos.col);
	else
		dl_strbuf_puts(sb, "  (default)\n");
}

/* deploylint config: the effective configuration and where each value
 * came from. */
int
dl_cmd_config(const struct dl_options *opts, FILE *out, FILE *err)
{
	struct dl_root root;
	const struct dl_config *cfg = &root.cfg;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const struct dl_rule *rules;
	size_t n, i, j;
	int rc = DL_EXIT_OK;
	enum dl_level fail_on;

	if ((rc = dl_root_open(&root, opts->paths[0], opts, NULL, err)) != DL_EXIT_OK)
		return rc;
	dl_strbuf_addf(&sb, "config: %s\n", cfg->path ? cfg->path : "(none)");
	dl_strbuf_addf(&sb, "select: %s", opts->select ? opts->select : cfg->select ? cfg->select
										    : "all rules");
	put_origin(&sb, "--select", opts->select != NULL, cfg, cfg->select_pos,
		   cfg->select != NULL);
	dl_strbuf_addf(&sb, "ignore: %s", opts->ignore ? opts->ignore : cfg->ignore ? cfg->ignore
										    : "none");
	put_origin(&sb, "--ignore", opts->ignore != NULL, cfg, cfg->ignore_pos,
		   cfg->ignore != NULL);
	fail_on = opts->fail_on_given || !cfg->has_fail_on ? opts->fail_on : cfg->fail_on;
	dl_strbuf_addf(&sb, "fail-on: %s", fail_on == DL_LEVEL_NONE ? "never" : dl_level_name(fail_on));
	put_origin(&sb, "--fail-on", opts->fail_on_given, cfg, cfg->fail_on_pos,
		   cfg->has_fail_on);
	dl_strbuf_puts(&sb, "exclude:");
	for (i = 0; i < cfg->exclude_nr; i++)
		dl_strbuf_addf(&sb, " %s", cfg->exclude[i]);
	if (!cfg->exclude_nr)
		dl_strbuf_puts(&sb, " none");
	put_origin(&sb, "", 0, cfg, cfg->exclude_pos, cfg->exclude_nr > 0);
	dl_strbuf_addf(&sb, "inline suppressions: %s%s\n",
		       opts->no_inline_ignores ? "off (from --no-inline-ignores)" : "on",
		       opts->require_reason ? ", reasons required (from --require-reason)" : "");
	dl_strbuf_puts(&sb, "rules:\n");
	rules = dl_rules(&n);
	for (i = 0; i < n; i++) {
		const struct dl_config_level *set = NULL;
		for (j = 0; j < cfg->rules_nr; j++)
			if (cfg->rules[j].rule == &rules[i])
				set = &cfg->rules[j];
		dl_strbuf_addf(&sb, "  %-9s %-8s", rules[i].id,
			       set ? (set->off ? "off" : dl_level_name(set->level))
				   : dl_level_name(rules[i].level));
		if (set)
			dl_strbuf_addf(&sb, " (from %s:%u:%u)\n", cfg->path, set->pos.line,
				       set->pos.col);
		else
			dl_strbuf_puts(&sb, " (default)\n");
	}
	for (i = 0; i < cfg->overrides_nr; i++) {
		const struct dl_config_override *ov = &cfg->overrides[i];
		dl_strbuf_puts(&sb, "override:");
		for (j = 0; j < ov->paths_nr; j++)
			dl_strbuf_addf(&sb, " %s", ov->paths[j]);
		dl_strbuf_addf(&sb, "  (from %s:%u:%u)\n", cfg->path, ov->pos.line, ov->pos.col);
		for (j = 0; j < ov->rules_nr; j++)
			dl_strbuf_addf(&sb, "  %-9s %s\n", ov->rules[j].rule->id,
				       ov->rules[j].off ? "off" : dl_level_name(ov->rules[j].level));
	}
	if (cfg->python_versions_nr) {
		dl_strbuf_puts(&sb, "python-versions:");
		for (i = 0; i < cfg->python_versions_nr; i++)
			dl_strbuf_addf(&sb, " %s", cfg->python_versions[i]);
		dl_strbuf_putc(&sb, '\n');
	}
	if (cfg->placeholders_nr) {
		dl_strbuf_puts(&sb, "placeholder-words:");
		for (i = 0; i < cfg->placeholders_nr; i++)
			dl_strbuf_addf(&sb, " %s", cfg->placeholders[i]);
		dl_strbuf_putc(&sb, '\n');
	}
	for (i = 0; i < cfg->secrets_nr; i++)
		dl_strbuf_addf(&sb, "secret-pattern: %s (%s)\n", cfg->secrets[i].id,
			       cfg->secrets[i].name);
	for (i = 0; i < cfg->plans_nr; i++)
		dl_strbuf_addf(&sb, "render-plan: %s = %s\n", cfg->plans[i].service,
			       cfg->plans[i].plan);
	if (dl_run_write(opts->output, &sb, out, err) < 0)
		rc = DL_EXIT_INTERNAL;
	dl_strbuf_release(&sb);
	dl_root_release(&root);
	return rc;
}
