/*
 * deploylint: the command reader: shell words, operators and
 * here-documents as sh reads them, positions for YAML-embedded commands,
 * and recognition of the tools build and start commands run.
 */
#include "deploylint/command.h"

#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"

/* ---- parsing ------------------------------------------------------------ */

/* Deepest '(' nesting counted (deeper parentheses count as this deep). */
#define MAX_SUBSHELL_DEPTH 1000u

struct heredoc {
	char *delim;    /* malloc'd */
	int strip_tabs; /* <<- */
};

struct parser {
	struct dl_arena *arena;
	const char *s;
	size_t len, i;
	struct dl_cmdline *out;
	size_t cmds_alloc;
	size_t words_total;
	int stop;
	/* the command being built (malloc'd arrays) */
	struct dl_cmd_word *argv, *assigns;
	size_t argc, argv_alloc, assigns_nr, assigns_alloc;
	size_t cmd_offset;
	int cmd_started;
	int discard; /* for/case/select header: drop the command */
	unsigned depth;
	struct heredoc *hd;
	size_t hd_nr, hd_alloc;
	struct dl_strbuf word;
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_op_char(char c)
{
	return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' ||
	       c == '<' || c == '>' || c == '\n';
}

static int
is_name_start(char c)
{
	return dl_isalpha((unsigned char)c) || c == '_';
}

static int
is_name_char(char c)
{
	return dl_isalnum((unsigned char)c) || c == '_';
}

static const char *const reserved[] = {
	"if", "then", "else", "elif", "fi", "do", "done", "while", "until",
	"!", "{", "}", "esac", "function", "in", NULL
};

static int
is_reserved(const char *w)
{
	size_t k;
	for (k = 0; reserved[k]; k++)
		if (!strcmp(reserved[k], w))
			return 1;
	return 0;
}

/* Copies a balanced $( ... ) / ${ ... } / ` ... ` construct starting at
 * p->i (which points at '$' or '`') into the word, verbatim. */
static void
copy_nested(struct parser *p)
{
	const char *s = p->s;
	size_t depth = 0;
	char open, close;

	if (s[p->i] == '`') {
		dl_strbuf_putc(&p->word, '`');
		p->i++;
		while (p->i < p->len && s[p->i] != '`') {
			if (s[p->i] == '\\' && p->i + 1 < p->len) {
				dl_strbuf_putc(&p->word, s[p->i++]);
			}
			dl_strbuf_putc(&p->word, s[p->i++]);
		}
		if (p->i < p->len)
			dl_strbuf_putc(&p->word, s[p->i++]);
		else if (!p->out->unterminated) {
			p->out->unterminated = 1;
			p->out->error_offset = p->len;
		}
		return;
	}
	open = s[p->i + 1];
	close = open == '(' ? ')' : '}';
	dl_strbuf_putc(&p->word, '$');
	p->i++;
	while (p->i < p->len) {
		char c = s[p->i];
		if (c == '\\' && p->i + 1 < p->len) {
			dl_strbuf_put(&p->word, s + p->i, 2);
			p->i += 2;
			continue;
		}
		if (c == '\'' && open == '(') {
			size_t e = p->i + 1;
			while (e < p->len && s[e] != '\'')
				e++;
			if (e < p->len)
				e++;
			dl_strbuf_put(&p->word, s + p->i, e - p->i);
			p->i = e;
			continue;
		}
		dl_strbuf_putc(&p->word, c);
		p->i++;
		if (c == open)
			depth++;
		else if (c == close && --depth == 0)
			return;
	}
	if (!p->out->unterminated) {
		p->out->unterminated = 1;
		p->out->error_offset = p->len;
	}
}

/*
 * Reads one word at p->i (not at a blank or an operator). Sets *quoted and
 * *expands. The decoded text is left in p->word.
 */
static void
read_word(struct parser *p, int *quoted, int *expands)
{
	const char *s = p->s;

	dl_strbuf_reset(&p->word);
	*quoted = *expands = 0;
	while (p->i < p->len) {
		char c = s[p->i];
		if (is_blank(c) || is_op_char(c))
			break;
		if (c == '\\') {
			*quoted = 1;
			if (p->i + 1 >= p->len) {
				p->i++;
				break;
			}
			if (s[p->i + 1] != '\n')
				dl_strbuf_putc(&p->word, s[p->i + 1]);
			p->i += 2;
		} else if (c == '\'') {
			size_t start = p->i;
			*quoted = 1;
			p->i++;
			while (p->i < p->len && s[p->i] != '\'')
				dl_strbuf_putc(&p->word, s[p->i++]);
			if (p->i < p->len)
				p->i++;
			else if (!p->out->unterminated) {
				p->out->unterminated = 1;
				p->out->error_offset = start;
			}
		} else if (c == '"') {
			size_t start = p->i;
			*quoted = 1;
			p->i++;
			while (p->i < p->len && s[p->i] != '"') {
				char d = s[p->i];
				if (d == '\\' && p->i + 1 < p->len) {
					char e = s[p->i + 1];
					if (e == '$' || e == '`' || e == '"' || e == '\\') {
						dl_strbuf_putc(&p->word, e);
						p->i += 2;
					} else if (e == '\n') {
						p->i += 2;
					} else {
						dl_strbuf_putc(&p->word, d);
						p->i++;
					}
				} else if ((d == '$' && p->i + 1 < p->len &&
					    (s[p->i + 1] == '(' || s[p->i + 1] == '{')) ||
					   d == '`') {
					*expands = 1;
					copy_nested(p);
				} else {
					if (d == '$')
						*expands = 1;
					dl_strbuf_putc(&p->word, d);
					p->i++;
				}
			}
			if (p->i < p->len)
				p->i++;
			else if (!p->out->unterminated) {
				p->out->unterminated = 1;
				p->out->error_offset = start;
			}
		} else if ((c == '$' && p->i + 1 < p->len &&
			    (s[p->i + 1] == '(' || s[p->i + 1] == '{')) ||
			   c == '`') {
			*expands = 1;
			copy_nested(p);
		} else {
			if (c == '$')
				*expands = 1;
			dl_strbuf_putc(&p->word, c);
			p->i++;
		}
	}
}

static void
reset_command(struct parser *p)
{
	p->argc = p->assigns_nr = 0;
	p->cmd_started = 0;
	p->discard = 0;
}

static struct dl_cmd_word *
arena_words(struct dl_arena *a, const struct dl_cmd_word *w, size_t n)
{
	struct dl_cmd_word *copy;
	if (!n)
		return NULL;
	copy = dl_arena_alloc(a, dl_st_mult(n, sizeof(*copy)));
	memcpy(copy, w, n * sizeof(*copy));
	return copy;
}

static void
end_command(struct parser *p, enum dl_cmd_op op)
{
	struct dl_cmd_simple *c;

	if (!p->discard && (p->argc || p->assigns_nr)) {
		DL_ALLOC_GROW(p->out->cmds, p->out->nr + 1, p->cmds_alloc);
		c = &p->out->cmds[p->out->nr++];
		memset(c, 0, sizeof(*c));
		c->argv = arena_words(p->arena, p->argv, p->argc);
		c->argc = p->argc;
		c->assigns = arena_words(p->arena, p->assigns, p->assigns_nr);
		c->assigns_nr = p->assigns_nr;
		c->op = op;
		c->depth = p->depth;
		c->offset = p->cmd_offset;
	} else if (p->out->nr && !p->discard && op != DL_CMD_SEQ) {
		/* e.g. "fi &&": the operator belongs to the last command */
		p->out->cmds[p->out->nr - 1].op = op;
	}
	reset_command(p);
}

static int
is_assignment(const char *w, size_t len, int quoted_prefix)
{
	size_t k = 0;
	if (quoted_prefix || !len || !is_name_start(w[0]))
		return 0;
	while (k < len && is_name_char(w[k]))
		k++;
	return k < len && w[k] == '=';
}

static void
add_word(struct parser *p, size_t start, int quoted, int expands)
{
	struct dl_cmd_word w;
	const char *text = p->word.buf;
	int quoted_prefix;
	size_t k;

	if (p->words_total >= DL_MAX_CMD_WORDS) {
		p->stop = 1;
		p->out->truncated = 1;
		return;
	}
	p->words_total++;
	if (!p->cmd_started) {
		p->cmd_started = 1;
		p->cmd_offset = start;
	}
	if (p->discard)
		return;
	/* a quote before the '=' makes it a plain word ("A"=b is a word) */
	quoted_prefix = 0;
	for (k = start; k < p->i && p->s[k] != '='; k++)
		if (p->s[k] == '\'' || p->s[k] == '"' || p->s[k] == '\\')
			quoted_prefix = 1;
	if (!p->argc && !quoted && is_reserved(text)) {
		if (!strcmp(text, "in"))
			p->discard = 1;
		return;
	}
	if (!p->argc && !quoted &&
	    (!strcmp(text, "for") || !strcmp(text, "case") ||
	     !strcmp(text, "select"))) {
		p->discard = 1;
		return;
	}
	w.text = dl_arena_strndup(p->arena, text, p->word.len);
	w.len = p->word.len;
	w.offset = start;
	w.end = p->i;
	w.quoted = quoted;
	w.expands = expands;
	if (!p->argc && is_assignment(text, p->word.len, quoted_prefix)) {
		DL_ALLOC_GROW(p->assigns, p->assigns_nr + 1, p->assigns_alloc);
		p->assigns[p->assigns_nr++] = w;
	} else {
		DL_ALLOC_GROW(p->argv, p->argc + 1, p->argv_alloc);
		p->argv[p->argc++] = w;
	}
}

/* After a newline: skips the bodies of pending here-documents. */
static void
skip_heredocs(struct parser *p)
{
	size_t k;

	for (k = 0; k < p->hd_nr; k++) {
		const char *d = p->hd[k].delim;
		size_t dl = strlen(d);
		while (p->i < p->len) {
			size_t ls = p->i, le;
			const char *nl = memchr(p->s + ls, '\n', p->len - ls);
			le = nl ? (size_t)(nl - p->s) : p->len;
			p->i = nl ? le + 1 : p->len;
			if (p->hd[k].strip_tabs)
				while (ls < le && p->s[ls] == '\t')
					ls++;
			if (le > ls && p->s[le - 1] == '\r')
				le--;
			if (le - ls == dl && !memcmp(p->s + ls, d, dl))
				break;
		}
		free(p->hd[k].delim);
	}
	p->hd_nr = 0;
}

/* Reads a redirection operator at p->i and its target word. */
static void
read_redirection(struct parser *p)
{
	const char *s = p->s;
	int heredoc = 0, strip = 0, quoted, expands;

	while (p->i < p->len && dl_isdigit((unsigned char)s[p->i]))
		p->i++;
	if (p->i + 2 < p->len && s[p->i] == '<' && s[p->i + 1] == '<' &&
	    s[p->i + 2] == '<') {
		p->i += 3; /* here-string: target is a word */
	} else if (p->i + 1 < p->len && s[p->i] == '<' && s[p->i + 1] == '<') {
		p->i += 2;
		heredoc = 1;
		if (p->i < p->len && s[p->i] == '-') {
			strip = 1;
			p->i++;
		}
	} else {
		p->i++;
		if (p->i < p->len && (s[p->i] == '>' || s[p->i] == '&' ||
				      s[p->i] == '|'))
			p->i++;
	}
	while (p->i < p->len && is_blank(s[p->i]))
		p->i++;
	if (p->i >= p->len || is_op_char(s[p->i]))
		return;
	read_word(p, &quoted, &expands);
	if (heredoc && p->word.len <= DL_MAX_HEREDOC_DELIM) {
		DL_ALLOC_GROW(p->hd, p->hd_nr + 1, p->hd_alloc);
		p->hd[p->hd_nr].delim = dl_xstrndup(p->word.buf, p->word.len);
		p->hd[p->hd_nr].strip_tabs = strip;
		p->hd_nr++;
	}
}

/* Whether s[i..] starts a redirection: [digits] '<' or '>'. */
static int
at_redirection(const struct parser *p)
{
	size_t k = p->i;
	while (k < p->len && dl_isdigit((unsigned char)p->s[k]))
		k++;
	return k < p->len && (p->s[k] == '<' || p->s[k] == '>');
}

void
dl_cmd_parse(struct dl_cmdline *out, struct dl_arena *arena, const char *src,
	     size_t len)
{
	struct parser p;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.arena = arena;
	p.s = src ? src : "";
	p.len = src ? len : 0;
	p.out = out;
	dl_strbuf_init(&p.word, 0);

	while (p.i < p.len && !p.stop) {
		char c = p.s[p.i];
		if (is_blank(c) || c == '\r') {
			p.i++;
		} else if (c == '\\' && p.i + 1 < p.len && p.s[p.i + 1] == '\n') {
			p.i += 2;
		} else if (c == '#') {
			while (p.i < p.len && p.s[p.i] != '\n')
				p.i++;
		} else if (c == '\n') {
			p.i++;
			end_command(&p, DL_CMD_SEQ);
			skip_heredocs(&p);
		} else if (c == '&' && p.i + 1 < p.len && p.s[p.i + 1] == '&') {
			p.i += 2;
			end_command(&p, DL_CMD_AND);
		} else if (c == '|' && p.i + 1 < p.len && p.s[p.i + 1] == '|') {
			p.i += 2;
			end_command(&p, DL_CMD_OR);
		} else if (c == '|') {
			p.i++;
			if (p.i < p.len && p.s[p.i] == '&')
				p.i++;
			end_command(&p, DL_CMD_PIPE);
		} else if (c == '&' && p.i + 1 < p.len && p.s[p.i + 1] == '>') {
			p.i++; /* bash's &>file */
			read_redirection(&p);
		} else if (c == '&') {
			p.i++;
			end_command(&p, DL_CMD_BG);
		} else if (c == ';') {
			p.i++;
			if (p.i < p.len && p.s[p.i] == ';')
				p.i++;
			end_command(&p, DL_CMD_SEQ);
		} else if (c == '(') {
			size_t k = p.i + 1;
			while (k < p.len && is_blank(p.s[k]))
				k++;
			if (p.argc && k < p.len && p.s[k] == ')') {
				/* name() { ...: a function definition */
				p.i = k + 1;
				reset_command(&p);
			} else {
				p.i++;
				if (p.argc || p.assigns_nr)
					end_command(&p, DL_CMD_SEQ);
				if (p.depth < MAX_SUBSHELL_DEPTH)
					p.depth++;
			}
		} else if (c == ')') {
			p.i++;
			end_command(&p, DL_CMD_SEQ);
			if (p.depth)
				p.depth--;
		} else if (at_redirection(&p)) {
			read_redirection(&p);
		} else {
			size_t start = p.i;
			int quoted, expands;
			read_word(&p, &quoted, &expands);
			if (p.i == start) {
				p.i++; /* cannot happen; never loop forever */
				continue;
			}
			add_word(&p, start, quoted, expands);
		}
	}
	end_command(&p, DL_CMD_END);
	while (p.hd_nr)
		free(p.hd[--p.hd_nr].delim);
	free(p.hd);
	free(p.argv);
	free(p.assigns);
	dl_strbuf_release(&p.word);
	if (out->nr) {
		/* move the command array into the arena */
		struct dl_cmd_simple *cmds =
			dl_arena_alloc(arena, dl_st_mult(out->nr, sizeof(*cmds)));
		memcpy(cmds, out->cmds, out->nr * sizeof(*cmds));
		free(out->cmds);
		out->cmds = cmds;
	} else {
		free(out->cmds);
		out->cmds = NULL;
	}
}

void *
dl_cmd_parse_doc(struct dl_arena *arena, const char *data, size_t len)
{
	struct dl_cmdline *doc = dl_arena_alloc(arena, sizeof(*doc));
	dl_cmd_parse(doc, arena, data, len);
	return doc;
}

/* ---- positions ---------------------------------------------------------- */

void
dl_cmd_posmap_text(struct dl_cmd_posmap *out, struct dl_arena *arena,
		   const char *text, size_t len, struct dl_pos start)
{
	struct dl_pos cur = start;
	size_t i;

	out->len = len;
	out->pos = dl_arena_alloc(arena, dl_st_mult(dl_st_add(len, 1),
						    sizeof(*out->pos)));
	for (i = 0; i < len; i++) {
		out->pos[i] = cur;
		if (text[i] == '\n') {
			cur.line++;
			cur.col = 1;
		} else {
			cur.col++;
		}
	}
	out->pos[len] = cur;
}

void
dl_cmd_lines_init(struct dl_cmd_lines *out, struct dl_arena *arena,
		  const char *data, size_t len)
{
	size_t i, n = 1;

	out->data = data ? data : "";
	out->len = data ? len : 0;
	for (i = 0; i < out->len; i++)
		if (out->data[i] == '\n')
			n++;
	out->starts = dl_arena_alloc(arena, dl_st_mult(n, sizeof(*out->starts)));
	out->nr = 0;
	out->starts[out->nr++] = 0;
	for (i = 0; i < out->len; i++)
		if (out->data[i] == '\n' && out->nr < n)
			out->starts[out->nr++] = i + 1;
}

/* Byte offset of a 1-based line/col (clamped to the data). */
static size_t
offset_of(const struct dl_cmd_lines *lines, struct dl_pos pos)
{
	size_t i;

	if (!pos.line)
		return 0;
	if (pos.line > lines->nr)
		return lines->len;
	i = lines->starts[pos.line - 1];
	if (pos.col > 1)
		i += pos.col - 1;
	return i < lines->len ? i : lines->len;
}

/* Position of byte offset `off` given the position `base` of `from`. */
static struct dl_pos
advance_pos(const char *data, size_t from, size_t off, struct dl_pos base)
{
	size_t i;
	for (i = from; i < off; i++) {
		if (data[i] == '\n') {
			base.line++;
			base.col = 1;
		} else {
			base.col++;
		}
	}
	return base;
}

#define POSMAP_WINDOW 1024u

void
dl_cmd_posmap_yaml(struct dl_cmd_posmap *out, struct dl_arena *arena,
		   const struct dl_cmd_lines *lines,
		   const struct dl_yaml_node *node)
{
	size_t start, end, r, i, len;
	struct dl_pos rpos;
	const char *text, *data = lines ? lines->data : NULL;

	node = dl_yaml_resolve(node);
	text = node && node->type == DL_YAML_SCALAR ? node->scalar : "";
	len = node && node->type == DL_YAML_SCALAR ? node->scalar_len : 0;
	out->len = len;
	out->pos = dl_arena_alloc(arena, dl_st_mult(dl_st_add(len, 1),
						    sizeof(*out->pos)));
	if (!node || !data) {
		for (i = 0; i <= len; i++)
			out->pos[i].line = out->pos[i].col = 1;
		return;
	}
	start = offset_of(lines, node->start);
	end = offset_of(lines, node->end);
	if (end < start)
		end = start;
	rpos = node->start;
	r = start;
	if (node->style == DL_YAML_SINGLE_QUOTED || node->style == DL_YAML_DOUBLE_QUOTED) {
		if (r < end) {
			r++;
			rpos.col++;
		}
	} else if (node->style == DL_YAML_LITERAL || node->style == DL_YAML_FOLDED) {
		size_t k = r;
		while (k < end && data[k] != '\n')
			k++;
		if (k < end)
			k++;
		rpos = advance_pos(data, r, k, rpos);
		r = k;
	}
	for (i = 0; i < len; i++) {
		unsigned char d = (unsigned char)text[i];
		size_t q = r, lim = end - r > POSMAP_WINDOW ? r + POSMAP_WINDOW : end;
		int found = 0;
		while (q < lim) {
			unsigned char c = (unsigned char)data[q];
			if (c == d || (dl_isspace(d) && dl_isspace(c))) {
				found = 1;
				break;
			}
			q++;
		}
		if (found) {
			rpos = advance_pos(data, r, q, rpos);
			out->pos[i] = rpos;
			rpos = advance_pos(data, q, q + 1, rpos);
			r = q + 1;
		} else {
			out->pos[i] = rpos;
		}
	}
	out->pos[len] = rpos;
}

struct dl_pos
dl_cmd_pos(const struct dl_cmd_posmap *m, size_t offset)
{
	struct dl_pos none = { 1, 1 };
	if (!m->pos)
		return none;
	return m->pos[offset <= m->len ? offset : m->len];
}

/* ---- classification ----------------------------------------------------- */

static const char *
base_name(const char *w)
{
	const char *s = strrchr(w, '/');
	return s ? s + 1 : w;
}

static int
is_python(const char *name)
{
	size_t k;
	if (strncmp(name, "python", 6) != 0)
		return 0;
	for (k = 6; name[k]; k++)
		if (!dl_isdigit((unsigned char)name[k]) && name[k] != '.')
			return 0;
	return 1;
}

static const struct {
	const char *name;
	enum dl_cmd_tool tool;
} tools[] = {
	{ "uvicorn", DL_TOOL_UVICORN },
	{ "gunicorn", DL_TOOL_GUNICORN },
	{ "hypercorn", DL_TOOL_HYPERCORN },
	{ "alembic", DL_TOOL_ALEMBIC },
	{ "flask", DL_TOOL_FLASK },
	{ "fastapi", DL_TOOL_FASTAPI },
	{ "celery", DL_TOOL_CELERY },
	{ "pip", DL_TOOL_PIP },
	{ "pip3", DL_TOOL_PIP },
};

static enum dl_cmd_tool
tool_of(const char *name)
{
	size_t k;
	for (k = 0; k < DL_ARRAY_SIZE(tools); k++)
		if (!strcmp(tools[k].name, name))
			return tools[k].tool;
	return DL_TOOL_OTHER;
}

static int
is_shell(const char *name)
{
	return !strcmp(name, "bash") || !strcmp(name, "sh") || !strcmp(name, "dash") ||
	       !strcmp(name, "ash") || !strcmp(name, "zsh") || !strcmp(name, "ksh");
}

int
dl_cmd_is_shell(const char *word)
{
	return is_shell(base_name(word));
}

/* Whether a shell's option word holds -c, alone or among short options
 * (`-c`, `-ec`, `-lc`). */
static int
shell_c_option(const char *opt)
{
	return !strcmp(opt, "-c") || (opt[1] != '-' && strchr(opt, 'c'));
}

int
dl_cmd_shell_c(const struct dl_cmd_word *argv, size_t argc)
{
	size_t k;

	if (!argc || !is_shell(base_name(argv[0].text)))
		return -1;
	for (k = 1; k < argc && argv[k].text[0] == '-'; k++) {
		if (shell_c_option(argv[k].text))
			return k + 1 < argc ? (int)(k + 1) : -1;
		if (!strcmp(argv[k].text, "-o") || !strcmp(argv[k].text, "+o"))
			k++;
	}
	return -1;
}

int
dl_cmd_is_init(const char *word)
{
	const char *b = base_name(word);
	return !strcmp(b, "tini") || !strcmp(b, "dumb-init");
}

int
dl_cmd_init_option_valued(const char *opt)
{
	return !strcmp(opt, "-p") || !strcmp(opt, "-e") || !strcmp(opt, "-r") ||
	       !strcmp(opt, "--rewrite");
}

/* Skips the wrappers in front of the real program; returns its index. */
static size_t
peel(const struct dl_cmd_simple *c)
{
	size_t i = 0;
	int rounds;

	for (rounds = 0; rounds < 16 && i < c->argc; rounds++) {
		const char *w = c->argv[i].text;
		const char *b = base_name(w);
		if (!strcmp(w, "exec") || !strcmp(w, "nohup") ||
		    !strcmp(w, "command") || !strcmp(w, "sudo") ||
		    !strcmp(w, "time") || !strcmp(b, "ddtrace-run")) {
			i++;
			while (i < c->argc && c->argv[i].text[0] == '-')
				i++;
		} else if (!strcmp(b, "env")) {
			i++;
			while (i < c->argc) {
				const char *a = c->argv[i].text;
				if (!strcmp(a, "-u") || !strcmp(a, "--unset"))
					i += 2;
				else if (a[0] == '-' || strchr(a, '='))
					i++;
				else
					break;
			}
		} else if ((!strcmp(b, "poetry") || !strcmp(b, "pipenv") ||
			    !strcmp(b, "uv") || !strcmp(b, "pdm") ||
			    !strcmp(b, "rye") || !strcmp(b, "hatch")) &&
			   i + 1 < c->argc && !strcmp(c->argv[i + 1].text, "run")) {
			i += 2;
			while (i < c->argc && c->argv[i].text[0] == '-')
				i++;
		} else if (!strcmp(b, "newrelic-admin") && i + 1 < c->argc &&
			   !strcmp(c->argv[i + 1].text, "run-program")) {
			i += 2;
		} else if (dl_cmd_is_init(w)) {
			/* `tini [-p SIG] -- prog`, `dumb-init [-r s:r] prog` */
			i++;
			while (i < c->argc && c->argv[i].text[0] == '-') {
				const char *a = c->argv[i].text;
				i++;
				if (!strcmp(a, "--"))
					break;
				if (dl_cmd_init_option_valued(a))
					i++;
			}
		} else if (!strcmp(b, "opentelemetry-instrument")) {
			i++;
			while (i < c->argc && c->argv[i].text[0] == '-') {
				if (!strchr(c->argv[i].text, '='))
					i++; /* --option VALUE */
				i++;
			}
		} else {
			break;
		}
	}
	return i;
}

void
dl_cmd_classify(struct dl_cmd_call *out, const struct dl_cmd_simple *c)
{
	size_t i = peel(c);
	const char *w, *b;

	memset(out, 0, sizeof(*out));
	out->cmd = c;
	if (i >= c->argc)
		return;
	w = c->argv[i].text;
	b = base_name(w);
	out->word = &c->argv[i];
	out->arg = i + 1;
	out->name = w;

	if (!strcmp(w, "cd")) {
		out->tool = DL_TOOL_CD;
		return;
	}
	if (!strcmp(w, "source") || !strcmp(w, ".")) {
		out->tool = DL_TOOL_SCRIPT;
		out->sourced = 1;
		out->interpreter = w;
		if (i + 1 < c->argc) {
			out->script = &c->argv[i + 1];
			out->name = out->script->text;
		}
		return;
	}
	if (is_shell(b)) {
		size_t k = i + 1;
		while (k < c->argc && c->argv[k].text[0] == '-') {
			/* -c (also `bash -lc`): a command string, no script */
			if (shell_c_option(c->argv[k].text)) {
				out->tool = DL_TOOL_OTHER;
				return;
			}
			if (!strcmp(c->argv[k].text, "-o") ||
			    !strcmp(c->argv[k].text, "+o"))
				k++;
			k++;
		}
		out->interpreter = b;
		if (k < c->argc) {
			out->tool = DL_TOOL_SCRIPT;
			out->script = &c->argv[k];
			out->name = out->script->text;
			out->arg = k + 1;
		} else {
			out->tool = DL_TOOL_OTHER;
		}
		return;
	}
	if (is_python(b)) {
		size_t k = i + 1;
		out->interpreter = "python";
		while (k < c->argc) {
			const char *a = c->argv[k].text;
			if (!strcmp(a, "-m") && k + 1 < c->argc) {
				const struct dl_cmd_word *m = &c->argv[k + 1];
				out->tool = tool_of(m->text);
				out->name = m->text;
				out->word = m;
				out->via_module = 1;
				out->arg = k + 2;
				return;
			}
			if (!strncmp(a, "-m", 2) && a[2]) {
				out->tool = DL_TOOL_OTHER;
				out->name = a + 2;
				out->via_module = 1;
				out->arg = k + 1;
				return;
			}
			if (!strcmp(a, "-c")) {
				out->tool = DL_TOOL_OTHER;
				return;
			}
			if (!strcmp(a, "-W") || !strcmp(a, "-X")) {
				k += 2;
				continue;
			}
			if (a[0] == '-') {
				k++;
				continue;
			}
			out->tool = DL_TOOL_PYTHON_FILE;
			out->script = &c->argv[k];
			out->name = out->script->text;
			out->arg = k + 1;
			return;
		}
		out->tool = DL_TOOL_OTHER;
		return;
	}
	out->tool = tool_of(b);
	if (out->tool != DL_TOOL_OTHER) {
		out->name = b;
		return;
	}
	if (strchr(w, '/') && w[0] != '/' && !c->argv[i].expands) {
		out->tool = DL_TOOL_SCRIPT;
		out->direct = 1;
		out->script = &c->argv[i];
		out->name = w;
	}
}

int
dl_cmd_option(const struct dl_cmd_simple *c, size_t from, const char *opt,
	      const char *short_opt, const char **value,
	      const struct dl_cmd_word **where)
{
	size_t i, ol = opt ? strlen(opt) : 0, sl = short_opt ? strlen(short_opt) : 0;
	int found = 0;

	for (i = from; i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if (!strcmp(a, "--"))
			break;
		if ((opt && !strcmp(a, opt)) || (short_opt && !strcmp(a, short_opt))) {
			found = 1;
			*where = i + 1 < c->argc ? &c->argv[i + 1] : &c->argv[i];
			*value = i + 1 < c->argc ? c->argv[i + 1].text : NULL;
			i++;
		} else if (opt && !strncmp(a, opt, ol) && a[ol] == '=') {
			found = 1;
			*where = &c->argv[i];
			*value = a + ol + 1;
		} else if (short_opt && sl == 2 && !strncmp(a, short_opt, 2) &&
			   a[0] == '-' && a[1] != '-' && a[2]) {
			found = 1;
			*where = &c->argv[i];
			*value = a + 2;
		}
	}
	return found;
}

const struct dl_cmd_word *
dl_cmd_flag(const struct dl_cmd_simple *c, size_t from, const char *flag)
{
	size_t i, fl = strlen(flag);
	for (i = from; i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if (!strcmp(a, "--"))
			break;
		if (!strncmp(a, flag, fl) && (a[fl] == '\0' || a[fl] == '='))
			return &c->argv[i];
	}
	return NULL;
}

const struct dl_cmd_word *
dl_cmd_positional(const struct dl_cmd_simple *c, size_t from,
		  const char *const *valued)
{
	size_t i, k;
	for (i = from; i < c->argc; i++) {
		const char *a = c->argv[i].text;
		int takes = 0;
		if (!strcmp(a, "--"))
			return i + 1 < c->argc ? &c->argv[i + 1] : NULL;
		if (a[0] != '-' || !a[1])
			return &c->argv[i];
		for (k = 0; valued && valued[k]; k++)
			if (!strcmp(valued[k], a))
				takes = 1;
		if (takes)
			i++;
	}
	return NULL;
}

/* ---- paths -------------------------------------------------------------- */

char *
dl_cmd_resolve(const char *cwd, const char *word, int expands, int *outside)
{
	char *p;

	*outside = 0;
	if (!cwd || expands || !word[0] || word[0] == '/' || word[0] == '~' ||
	    strchr(word, '$') || strchr(word, '`') || strchr(word, '*') ||
	    strchr(word, '?') || strchr(word, '['))
		return NULL;
	p = dl_path_join(cwd, word);
	*outside = !dl_path_is_under(p, "");
	return p;
}
