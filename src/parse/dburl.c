/*
 * deploylint: database URLs split as SQLAlchemy's make_url() splits them
 * (lib/sqlalchemy/engine/url.py, _parse_url), host classification, redaction.
 */
#include "deploylint/dburl.h"

#include <string.h>

static int
is_scheme_char(int c)
{
	return dl_isalnum(c) || c == '_' || c == '+';
}

static void
set_part(struct dl_dburl_part *p, size_t off, size_t len)
{
	p->off = off;
	p->len = len;
	p->present = 1;
}

enum dl_dburl_dialect
dl_dburl_backend(const char *scheme, size_t len)
{
	static const struct {
		const char *name;
		enum dl_dburl_dialect backend;
	} names[] = {
		{ "postgresql", DL_DBURL_POSTGRESQL },
		{ "postgres", DL_DBURL_POSTGRES },
		{ "sqlite", DL_DBURL_SQLITE },
		{ "mysql", DL_DBURL_MYSQL },
		{ "mariadb", DL_DBURL_MYSQL },
		{ "mssql", DL_DBURL_MSSQL },
		{ "oracle", DL_DBURL_ORACLE },
		{ "cockroachdb", DL_DBURL_COCKROACH },
		{ "redis", DL_DBURL_REDIS },
		{ "rediss", DL_DBURL_REDIS },
		{ "mongodb", DL_DBURL_MONGODB },
		{ "amqp", DL_DBURL_AMQP },
		{ "amqps", DL_DBURL_AMQP },
	};
	const char *plus = memchr(scheme, '+', len);
	size_t n = plus ? (size_t)(plus - scheme) : len, i;

	for (i = 0; i < DL_ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == n &&
		    !memcmp(names[i].name, scheme, n))
			return names[i].backend;
	return DL_DBURL_OTHER;
}

/* Python int() on str: optional white space, optional sign, decimal digits
 * with single '_' between digits, optional white space. */
static int
py_int_ok(const char *s, size_t len)
{
	size_t i = 0, digits = 0;

	while (i < len && dl_isspace((unsigned char)s[i]))
		i++;
	while (len > i && dl_isspace((unsigned char)s[len - 1]))
		len--;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < len; i++) {
		if (dl_isdigit((unsigned char)s[i])) {
			digits++;
		} else if (s[i] == '_' && digits && i + 1 < len &&
			   dl_isdigit((unsigned char)s[i + 1])) {
			continue;
		} else {
			return 0;
		}
	}
	return digits > 0;
}

static long
port_number(const char *s, size_t len)
{
	long v = 0;
	size_t i;

	if (!len || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (!dl_isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 65535 ? v : -1;
}

static int
is_ipv4_loopback(const char *h, size_t len)
{
	size_t i, dots = 0;

	if (!dl_starts_with_ci(h, len, "127."))
		return 0;
	for (i = 0; i < len; i++) {
		if (h[i] == '.')
			dots++;
		else if (!dl_isdigit((unsigned char)h[i]))
			return 0;
	}
	return dots == 3;
}

/* "dpg-" then [a-z0-9-]+ (Render ids look like dpg-<20 alnum>-a) */
static int
is_render_id(const char *h, size_t len)
{
	size_t i;

	if (len <= 4 || !dl_starts_with_ci(h, len, "dpg-"))
		return 0;
	for (i = 4; i < len; i++)
		if (!dl_isalnum((unsigned char)h[i]) && h[i] != '-')
			return 0;
	return 1;
}

static int
all_label_chars(const char *h, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (!dl_isalnum((unsigned char)h[i]))
			return 0;
	return 1;
}

/* aws-<n>-<region>, region = letters '-' letters '-' digits (eu-north-1) */
static int
is_supavisor_label(const char *h, size_t len)
{
	size_t i = 0, groups = 0, run;

	if (!dl_starts_with_ci(h, len, "aws-"))
		return 0;
	i = 4;
	run = 0;
	while (i < len && dl_isdigit((unsigned char)h[i])) {
		i++;
		run++;
	}
	if (!run || i >= len || h[i] != '-')
		return 0;
	i++;
	/* region: at least two letter groups then a digit group */
	for (;;) {
		run = 0;
		while (i < len && dl_isalpha((unsigned char)h[i])) {
			i++;
			run++;
		}
		if (!run)
			break;
		groups++;
		if (i >= len || h[i] != '-')
			return 0;
		i++;
	}
	run = 0;
	while (i < len && dl_isdigit((unsigned char)h[i])) {
		i++;
		run++;
	}
	return groups >= 2 && run > 0 && i == len;
}

static int
is_ident_start(int c)
{
	return dl_isalpha(c) || c == '_';
}

/*
 * Template syntax of shells, dotenv, Jinja, Python format strings and
 * configparser: "${", "$(", "{{", "%(", "{name}" / "{a.b}", "<...>", or the
 * whole string being "$NAME".
 */
static int
has_template(const char *s, size_t len)
{
	size_t i, j, last_gt = 0;
	int gt = 0;

	for (i = 0; i < len; i++)
		if (s[i] == '>') {
			last_gt = i;
			gt = 1;
		}

	if (len > 1 && s[0] == '$' && is_ident_start((unsigned char)s[1])) {
		for (j = 1; j < len && (dl_isalnum((unsigned char)s[j]) ||
					s[j] == '_');
		     j++)
			;
		if (j == len)
			return 1;
	}
	for (i = 0; i < len; i++) {
		if (i + 1 < len && ((s[i] == '$' && (s[i + 1] == '{' ||
						     s[i + 1] == '(')) ||
				    (s[i] == '{' && s[i + 1] == '{') ||
				    (s[i] == '%' && s[i + 1] == '(')))
			return 1;
		if (s[i] == '{' && i + 1 < len &&
		    is_ident_start((unsigned char)s[i + 1])) {
			for (j = i + 1; j < len && (dl_isalnum((unsigned char)s[j]) ||
						    s[j] == '_' || s[j] == '.');
			     j++)
				;
			if (j < len && s[j] == '}')
				return 1;
		}
		if (s[i] == '<' && i + 1 < len && s[i + 1] != '>' && gt &&
		    last_gt > i + 1)
			return 1;
	}
	return 0;
}

enum dl_dburl_host
dl_dburl_classify_host(const char *h, size_t len)
{
	const char *dot;

	if (!len)
		return DL_DBHOST_NONE;
	if (has_template(h, len) || memchr(h, '[', len) || memchr(h, ']', len))
		return DL_DBHOST_TEMPLATE;
	if (memchr(h, '@', len))
		return DL_DBHOST_OTHER; /* part of a password: never classify */
	if (dl_eq_ci(h, len, "localhost") || dl_ends_with_ci(h, len, ".localhost") ||
	    dl_eq_ci(h, len, "::1") || dl_eq_ci(h, len, "0.0.0.0") ||
	    dl_eq_ci(h, len, "0:0:0:0:0:0:0:1") || is_ipv4_loopback(h, len))
		return DL_DBHOST_LOCAL;
	dot = memchr(h, '.', len);
	if (!dot) {
		if (memchr(h, ':', len))
			return DL_DBHOST_OTHER; /* an IPv6 address */
		if (is_render_id(h, len))
			return DL_DBHOST_RENDER_INTERNAL;
		return DL_DBHOST_BARE;
	}
	if (dl_ends_with_ci(h, len, "-postgres.render.com") &&
	    is_render_id(h, (size_t)(dot - h)))
		return DL_DBHOST_RENDER_EXTERNAL;
	if (dl_ends_with_ci(h, len, ".neon.tech")) {
		if (dl_ends_with_ci(h, (size_t)(dot - h), "-pooler"))
			return DL_DBHOST_NEON_POOLER;
		return DL_DBHOST_NEON;
	}
	if (dl_ends_with_ci(h, len, ".supabase.co") && dl_starts_with_ci(h, len, "db.")) {
		size_t reflen = len - 3 - strlen(".supabase.co");
		if (all_label_chars(h + 3, reflen))
			return DL_DBHOST_SUPABASE_DIRECT;
		return DL_DBHOST_SUPABASE_OTHER;
	}
	if (dl_ends_with_ci(h, len, ".pooler.supabase.com")) {
		if (is_supavisor_label(h, (size_t)(dot - h)) &&
		    (size_t)(dot - h) + strlen(".pooler.supabase.com") == len)
			return DL_DBHOST_SUPABASE_POOLER;
		return DL_DBHOST_SUPABASE_OTHER;
	}
	if (dl_ends_with_ci(h, len, "supabase.co") ||
	    dl_ends_with_ci(h, len, "supabase.com"))
		return DL_DBHOST_SUPABASE_OTHER;
	return DL_DBHOST_OTHER;
}

static void
parse_query(struct dl_dburl *out, const char *s, size_t off, size_t len)
{
	size_t i = off, stop = off + len;

	while (i <= stop) {
		size_t j = i, eq;
		struct dl_dburl_param *p;

		while (j < stop && s[j] != '&')
			j++;
		if (j > i) {
			if (out->params_nr >= DL_MAX_DBURL_PARAMS) {
				out->params_truncated = 1;
				return;
			}
			p = &out->params[out->params_nr++];
			for (eq = i; eq < j && s[eq] != '='; eq++)
				;
			set_part(&p->key, i, eq - i);
			if (eq < j) {
				set_part(&p->value, eq + 1, j - eq - 1);
				p->kept = j - eq - 1 > 0;
			}
		}
		i = j + 1;
	}
}

int
dl_dburl_parse(struct dl_dburl *out, const char *s, size_t len)
{
	size_t i = 0, p, u, colon_at, at, auth_end;
	const char *plus;

	memset(out, 0, sizeof(*out));
	while (i < len && is_scheme_char((unsigned char)s[i]))
		i++;
	if (i == 0 || len - i < 3 || memcmp(s + i, "://", 3) != 0)
		return -1;
	out->port_num = -1;
	out->port_valid = 1;
	set_part(&out->scheme, 0, i);
	plus = memchr(s, '+', i);
	if (plus) {
		set_part(&out->dialect, 0, (size_t)(plus - s));
		set_part(&out->driver, (size_t)(plus - s) + 1,
			 i - (size_t)(plus - s) - 1);
	} else {
		set_part(&out->dialect, 0, i);
	}
	out->backend = dl_dburl_backend(s, i);
	p = i + 3;

	/* userinfo: U = maximal run of [^:/] from p (may hold '@') */
	for (u = p; u < len && s[u] != ':' && s[u] != '/'; u++)
		;
	at = len;
	if (u < len && s[u] == ':') {
		/* the password branch: [^@]* then '@' */
		for (colon_at = u + 1; colon_at < len && s[colon_at] != '@';
		     colon_at++)
			;
		if (colon_at < len) {
			set_part(&out->user, p, u - p);
			set_part(&out->password, u + 1, colon_at - u - 1);
			at = colon_at;
		}
	}
	if (at == len) {
		/* no password: the user runs to the last '@' inside U */
		size_t k;
		for (k = u; k > p; k--) {
			if (s[k - 1] == '@') {
				set_part(&out->user, p, k - 1 - p);
				at = k - 1;
				break;
			}
		}
	}
	if (at != len)
		p = at + 1;

	/* host */
	if (p < len && s[p] == '[') {
		size_t j, close = 0;
		for (j = p + 1; j < len && s[j] != '/' && s[j] != '?'; j++)
			if (s[j] == ']')
				close = j;
		if (close > p + 1) {
			set_part(&out->host, p + 1, close - p - 1);
			out->host_ipv6 = 1;
			p = close + 1;
		}
	}
	if (!out->host.present) {
		size_t j = p;
		while (j < len && s[j] != '/' && s[j] != ':' && s[j] != '?')
			j++;
		if (j > p) {
			set_part(&out->host, p, j - p);
			p = j;
		}
	}
	/* port */
	if (p < len && s[p] == ':') {
		size_t j = p + 1;
		while (j < len && s[j] != '/' && s[j] != '?')
			j++;
		set_part(&out->port, p + 1, j - p - 1);
		p = j;
		if (out->port.len) {
			out->port_valid = py_int_ok(s + out->port.off,
						    out->port.len);
			out->port_num = port_number(s + out->port.off,
						    out->port.len);
		}
	}
	auth_end = p;
	/* database */
	if (p < len && s[p] == '/') {
		size_t j = p + 1;
		while (j < len && s[j] != '?')
			j++;
		set_part(&out->database, p + 1, j - p - 1);
		p = j;
	}
	/* query: '.' does not match a line break */
	if (p < len && s[p] == '?') {
		size_t j = p + 1;
		while (j < len && s[j] != '\n')
			j++;
		set_part(&out->query, p + 1, j - p - 1);
		p = j;
		parse_query(out, s, out->query.off, out->query.len);
	}
	out->end = p;
	if (out->host.present)
		out->host_kind = dl_dburl_classify_host(s + out->host.off,
							out->host.len);
	for (i = out->scheme.len + 3; i < auth_end; i++)
		if (s[i] == '@')
			out->at_count++;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = dl_tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void
dl_dburl_decode(struct dl_strbuf *out, const char *s, size_t len,
		int plus_is_space)
{
	size_t i;

	for (i = 0; i < len; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < len &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			dl_strbuf_putc(out, hi * 16 + lo);
			i += 2;
		} else if (plus_is_space && s[i] == '+') {
			dl_strbuf_putc(out, ' ');
		} else {
			dl_strbuf_putc(out, (unsigned char)s[i]);
		}
	}
}

const struct dl_dburl_param *
dl_dburl_param(const struct dl_dburl *url, const char *s, const char *key)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	const struct dl_dburl_param *found = NULL;
	size_t i;

	for (i = 0; i < url->params_nr && !found; i++) {
		const struct dl_dburl_param *p = &url->params[i];
		if (!p->kept)
			continue;
		dl_strbuf_reset(&sb);
		dl_dburl_decode(&sb, s + p->key.off, p->key.len, 1);
		if (sb.len == strlen(key) && !memcmp(sb.buf, key, sb.len))
			found = p;
	}
	dl_strbuf_release(&sb);
	return found;
}

int
dl_dburl_part_is(const struct dl_dburl_part *p, const char *s,
		 const char *word)
{
	return p->present && p->len == strlen(word) &&
	       !memcmp(s + p->off, word, p->len);
}

int
dl_dburl_part_is_ci(const struct dl_dburl_part *p, const char *s,
		    const char *word)
{
	return p->present && dl_eq_ci(s + p->off, p->len, word);
}

int
dl_dburl_is_placeholder(const char *s, size_t len)
{
	static const char *const words[] = {
		"user",
		"username",
		"usr",
		"pass",
		"passwd",
		"password",
		"pwd",
		"secret",
		"host",
		"hostname",
		"server",
		"dbname",
		"db_name",
		"database",
		"database_name",
		"xxx",
		"xxxx",
		"xxxxx",
		"xxxxxx",
		"xxxxxxxx",
		"changeme",
		"change-me",
		"change_me",
		"example",
		"placeholder",
		"replace_me",
		"replace-me",
		"todo",
		"...",
		"***",
		"[your-password]",
		"[password]",
		"your-password",
		"yourpassword",
		"mypassword",
		"my-password",
		"my_password",
		"port",
		"region",
		"project-ref",
		"project_ref",
		"[project-ref]",
		"ref",
	};
	size_t i;

	if (has_template(s, len))
		return 1;
	for (i = 0; i < DL_ARRAY_SIZE(words); i++)
		if (dl_eq_ci(s, len, words[i]))
			return 1;
	if (dl_starts_with_ci(s, len, "your-") || dl_starts_with_ci(s, len, "your_") ||
	    dl_starts_with_ci(s, len, "[your") || dl_starts_with_ci(s, len, "xxx"))
		return 1;
	return 0;
}

void
dl_dburl_redact(struct dl_strbuf *out, const char *s, size_t len)
{
	size_t i, start = len, colon = len, last_at = len;

	for (i = 0; i + 3 <= len; i++) {
		if (!memcmp(s + i, "://", 3)) {
			start = i + 3;
			break;
		}
	}
	if (start == len) {
		dl_strbuf_put(out, s, len);
		return;
	}
	for (i = start; i < len; i++)
		if (s[i] == '@')
			last_at = i;
	if (last_at != len)
		for (i = start; i < last_at; i++)
			if (s[i] == ':') {
				colon = i;
				break;
			}
	if (last_at == len || colon == len || colon + 1 == last_at) {
		dl_strbuf_put(out, s, len);
		return;
	}
	dl_strbuf_put(out, s, colon + 1);
	dl_strbuf_puts(out, "***");
	dl_strbuf_put(out, s + last_at, len - last_at);
}

static int
url_stop(int c)
{
	return dl_isspace(c) || c == '"' || c == '\'' || c == '`' ||
	       c == '<' || c == '>' || c == '\0';
}

int
dl_dburl_find(const char *s, size_t len, size_t from, size_t *start,
	      size_t *end)
{
	size_t i;

	for (i = from; i + 3 <= len; i++) {
		size_t b, e;
		if (memcmp(s + i, "://", 3) != 0)
			continue;
		b = i;
		while (b > from && is_scheme_char((unsigned char)s[b - 1]))
			b--;
		if (b == i || dl_dburl_backend(s + b, i - b) == DL_DBURL_OTHER)
			continue;
		for (e = i + 3; e < len && !url_stop((unsigned char)s[e]); e++)
			;
		*start = b;
		*end = e;
		return 1;
	}
	return 0;
}
