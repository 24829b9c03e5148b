/*
 * deploylint: database URLs read exactly as SQLAlchemy's make_url() splits
 * them, with every component as an (offset, length) span into the input so
 * callers can compute positions, plus host classification and redaction.
 */
#ifndef DEPLOYLINT_DBURL_H
#define DEPLOYLINT_DBURL_H

#include <stddef.h>

#include "deploylint/limits.h"
#include "deploylint/util.h"

/* A component of a URL: `len` bytes at byte offset `off` of the parsed
 * string. `present` tells an absent component from an empty one
 * ("postgresql://:pw@h" has an empty, present user). */
struct dl_dburl_part {
	size_t off;
	size_t len;
	int present;
};

/* The backend named by the URL's dialect (the part of the scheme before the
 * first '+'), compared case-sensitively as SQLAlchemy's plugin loader does. */
enum dl_dburl_dialect {
	DL_DBURL_OTHER = 0,  /* a scheme we do not classify */
	DL_DBURL_POSTGRESQL, /* "postgresql" */
	DL_DBURL_POSTGRES,   /* "postgres": the alias SQLAlchemy 1.4 removed */
	DL_DBURL_SQLITE,     /* "sqlite" */
	DL_DBURL_MYSQL,      /* "mysql", "mariadb" */
	DL_DBURL_MSSQL,      /* "mssql" */
	DL_DBURL_ORACLE,     /* "oracle" */
	DL_DBURL_COCKROACH,  /* "cockroachdb" */
	DL_DBURL_REDIS,      /* "redis", "rediss" (not SQLAlchemy; caches) */
	DL_DBURL_MONGODB,    /* "mongodb", "mongodb+srv" (not SQLAlchemy) */
	DL_DBURL_AMQP        /* "amqp", "amqps" (brokers; not SQLAlchemy) */
};

/* What the host is, for the deploy rules (DB003-DB005, DB007, DB008,
 * DB010, DB012). Matching is ASCII case-insensitive (DNS names are). */
enum dl_dburl_host {
	DL_DBHOST_NONE = 0,        /* no host ("sqlite:///x.db") */
	DL_DBHOST_OTHER,           /* any other name or address, and any
				    * "host" holding '@' (the tail of a
				    * password with an unescaped '@') */
	DL_DBHOST_LOCAL,           /* localhost, *.localhost, 127.0.0.0/8,
				    * ::1, 0.0.0.0 */
	DL_DBHOST_BARE,            /* one label without a dot (a
				    * docker-compose service such as "db");
				    * never a Render internal name */
	DL_DBHOST_RENDER_INTERNAL, /* "dpg-<id>-a": Render private network */
	DL_DBHOST_RENDER_EXTERNAL, /* "dpg-<id>-a.<region>-postgres.render.com" */
	DL_DBHOST_SUPABASE_DIRECT, /* "db.<ref>.supabase.co" */
	DL_DBHOST_SUPABASE_POOLER, /* "aws-<n>-<region>.pooler.supabase.com"
				    * (Supavisor; 5432 session, 6543
				    * transaction) */
	DL_DBHOST_SUPABASE_OTHER,  /* ends in supabase.co / supabase.com but is
				    * neither shape above (DB004) */
	DL_DBHOST_NEON,            /* "*.neon.tech", direct endpoint */
	DL_DBHOST_NEON_POOLER,     /* "*.neon.tech" whose first label ends in
				    * "-pooler" (PgBouncer, transaction mode) */
	DL_DBHOST_TEMPLATE         /* holds a ${VAR}, {VAR}, <placeholder>,
				    * [project-ref] ... */
};

/* One "key=value" item of the query string, split on '&' as Python's
 * urllib.parse.parse_qsl splits it. Both spans are raw (not decoded). */
struct dl_dburl_param {
	struct dl_dburl_part key;
	struct dl_dburl_part value; /* present only when the item has '=' */
	int kept;                   /* SQLAlchemy keeps it: parse_qsl (keep_blank_values=False)
				     * drops items without '=' and items whose value is empty */
};

struct dl_dburl {
	struct dl_dburl_part scheme;  /* "postgresql+asyncpg" */
	struct dl_dburl_part dialect; /* "postgresql" (up to the first '+') */
	struct dl_dburl_part driver;  /* "asyncpg" (after the first '+');
				       * absent without '+' */
	enum dl_dburl_dialect backend;
	struct dl_dburl_part user;     /* raw, percent-encoded as written */
	struct dl_dburl_part password; /* raw; never copy it into a message */
	struct dl_dburl_part host;     /* without the brackets of "[v6]" */
	int host_ipv6;                 /* host was written "[...]" */
	enum dl_dburl_host host_kind;
	struct dl_dburl_part port;     /* text after ':' (may be empty) */
	int port_valid;                /* Python int() accepts the port text (or there is no
					* port / it is empty, which SQLAlchemy skips) */
	long port_num;                 /* 0-65535 when the port is plain digits in range,
					* else -1 (also -1 when absent) */
	struct dl_dburl_part database; /* after '/', up to '?' (raw) */
	struct dl_dburl_part query;    /* after '?', to the end of the line */
	struct dl_dburl_param params[DL_MAX_DBURL_PARAMS];
	size_t params_nr;
	int params_truncated; /* more than DL_MAX_DBURL_PARAMS items */
	size_t end;           /* offset one past the last byte SQLAlchemy's pattern
			       * consumed; bytes after it are ignored by it */
	int at_count;         /* '@' bytes in the user, password, host and port
			       * (more than one: an unescaped '@', DB006) */
};

/*
 * Splits `s` (len bytes, need not be NUL-terminated) as SQLAlchemy 1.4/2.0
 * lib/sqlalchemy/engine/url.py `_parse_url` does with its anchored (not
 * full-match) pattern:
 *   name      [A-Za-z0-9_+]+ then "://" (Python's \w also takes non-ASCII
 *             letters; we take ASCII only)
 *   userinfo  optional "user[:password]@": user is [^:/]*, password [^@]*,
 *             chosen as Python's backtracking regex chooses them (a user
 *             ending at ':' with an '@' anywhere after it takes the
 *             password up to the first '@'; otherwise the user runs to the
 *             last '@' before the first ':' or '/')
 *   host      "[" [^/?]+ "]" or [^/:?]+, optional
 *   port      optional ":" [^/?]*
 *   database  optional "/" [^?]*
 *   query     optional "?" then the rest of the line ('.' stops at '\n')
 * Fills *out (components as spans into `s`; nothing is allocated) and
 * returns 0, or returns -1 when the pattern does not match (SQLAlchemy's
 * "Could not parse SQLAlchemy URL from string"); *out is then all zero.
 * Never reads past s[len - 1]. Linear in len.
 */
int dl_dburl_parse(struct dl_dburl *out, const char *s, size_t len);

/*
 * Appends the percent-decoded form of s[0 .. len) to `out`, as Python's
 * urllib.parse.unquote does for the user, password and database (a '%'
 * not followed by two hex digits stays as it is). With `plus_is_space`,
 * '+' becomes ' ' first, as parse_qsl does for query keys and values.
 */
void dl_dburl_decode(struct dl_strbuf *out, const char *s, size_t len,
		     int plus_is_space);

/*
 * The first query item whose key, decoded as parse_qsl decodes it, equals
 * `key` (NUL-terminated, exact) and that SQLAlchemy keeps (kept != 0);
 * NULL when there is none.
 */
const struct dl_dburl_param *dl_dburl_param(const struct dl_dburl *url,
					    const char *s, const char *key);

/* Whether the part equals `word` (NUL-terminated), exactly or ASCII
 * case-insensitively. */
int dl_dburl_part_is(const struct dl_dburl_part *p, const char *s,
		     const char *word);
int dl_dburl_part_is_ci(const struct dl_dburl_part *p, const char *s,
			const char *word);

/*
 * Classifies a host name (len bytes) as the host_kind field does; exposed
 * for hosts that come from other places (render.yaml fromDatabase, env
 * vars such as DB_HOST).
 */
enum dl_dburl_host dl_dburl_classify_host(const char *h, size_t len);

/*
 * Whether s[0 .. len) looks like a placeholder or template rather than a
 * real value: holds "${", "{{", "{", "<...>", "%(" or is one of the guide
 * words ("user", "pass", "password", "username", "host", "hostname",
 * "dbname", "database", "xxx", "changeme", "your-...", "your_...",
 * "[YOUR-PASSWORD]"...), ASCII case-insensitively. Used to keep rules
 * silent on .env.example files and documentation-style URLs.
 */
int dl_dburl_is_placeholder(const char *s, size_t len);

/*
 * Appends s[0 .. len) to `out` with the password replaced by "***", for
 * messages. Works on strings that do not parse too: after the first "://",
 * everything between the first ':' and the last '@' of the string is
 * replaced (so an unescaped '@' inside a password never leaks its tail;
 * this may hide more than the password, never less). A string without
 * "://" or without such ':' ... '@' is appended unchanged. An empty
 * password ("user:@host") stays empty.
 */
void dl_dburl_redact(struct dl_strbuf *out, const char *s, size_t len);

/*
 * Finds the next database URL in free text s[0 .. len) starting at or
 * after `from`: a run of [A-Za-z0-9_+] naming a classified dialect
 * (backend != DL_DBURL_OTHER) immediately followed by "://", not preceded
 * by a word character. Sets *start to the scheme's first byte and *end to
 * the end of the URL token (the first white space, quote, backtick, '<' or
 * '>' after "://", or len). Returns 1 when found, else 0. Bounded by len.
 */
int dl_dburl_find(const char *s, size_t len, size_t from, size_t *start,
		  size_t *end);

/* The backend of a scheme's dialect part (the bytes before the first '+'),
 * e.g. "postgresql+asyncpg" -> DL_DBURL_POSTGRESQL. */
enum dl_dburl_dialect dl_dburl_backend(const char *scheme, size_t len);

#endif
