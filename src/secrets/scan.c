/*
 * deploylint: the secret scan (keyword automaton, one pcre2 match per
 * keyword line, per-format checks, overlaps, fingerprints) and the masking
 * of context lines and messages, which runs the same matcher.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/dburl.h"
#include "deploylint/limits.h"
#include "deploylint/regex.h"
#include "deploylint/secretclass.h"
#include "secrets/internal.h"

enum scan_mode {
	MODE_DETECT, /* what the SEC rules report */
	MODE_REDACT  /* what output masks: no entropy floors */
};

/* A match that passed its checks, before overlaps are resolved. */
struct raw_hit {
	const struct dl_secret_format *f;
	enum dl_level level;
	size_t off, len;   /* the secret */
	size_t keep;       /* printable prefix of the secret */
	size_t at, at_len; /* the reported region (on one line) */
	char *label;       /* malloc'd or NULL */
	char *norm;        /* normalised secret when not data[off..+len) */
	size_t norm_len;
	int dropped;
};

/* Automaton streams run side by side, and the shortest buffer split. */
#define AC_STREAMS 4
#define AC_MIN_SPLIT 4096u

_Static_assert(AC_STREAMS == 4, "run() is unrolled for four streams");

struct ac_hit {
	uint32_t state;
	size_t end; /* offset of the keyword's last byte */
};

struct dl_secret_scratch {
	const struct dl_secrets *s;
	struct dl_regex_scratch *rx;
	size_t *last_anchor;                         /* per format: the last start tried */
	size_t *covered_end;                         /* per format: end of its last match */
	unsigned *gave_up;                           /* per format: matches pcre2 gave up
						      * on in this buffer */
	const struct dl_secret_format *last_gave_up; /* of the last scan */
	struct ac_hit *hits[AC_STREAMS];             /* keyword ends per stream */
	size_t hits_nr[AC_STREAMS], hits_alloc[AC_STREAMS];
	/* per format: whether sec_quote_may_follow() may spare pcre2 in code
	 * (sec_quote_filterable()), and the match it spared, run later only
	 * if covered_end must be known: its anchor (UNSET: none) and the
	 * end of its subject */
	unsigned char *quote_filter;
	size_t *pending, *pending_end;
};

struct scan {
	const struct dl_secrets *s;
	struct dl_secret_scratch *sc;
	const char *path;
	const char *data;
	size_t len;
	enum scan_mode mode;
	int code, in_tests;
	enum dl_file_role role;
	struct raw_hit *hits;
	size_t nr, alloc;
	int truncated;
	size_t le_from, le; /* cached line end: no '\n' in [le_from, le) */
	int le_valid;
	size_t we_from, we; /* cached identifier end: data[we_from, we) is
			     * identifier bytes, data[we] is not */
	int we_valid;
	unsigned features; /* DL_FEAT_* words met */
	/* the first format that used up its DL_MAX_SECRET_GIVEUPS */
	const struct dl_secret_format *gave_up;
};

#define UNSET DL_REGEX_UNSET
/* Bytes walked back from a keyword to the start of its identifier. */
#define MAX_WORD_BACK 256u
/* Bytes of a private key body examined after its BEGIN line. */
#define MAX_PEM_BODY 65536u

static int
is_ident(int c)
{
	return dl_isalnum(c) || c == '_' || c == '.' || c == '-';
}

static int
equal_ci(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;
	if (an != bn)
		return 0;
	for (i = 0; i < an; i++)
		if (dl_tolower((unsigned char)a[i]) != dl_tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

static int
word_in(const char *v, size_t n, const char *const *words, size_t nwords)
{
	size_t i;
	for (i = 0; i < nwords; i++)
		if (equal_ci(v, n, words[i], strlen(words[i])))
			return 1;
	return 0;
}

static const void *
find_bytes(const void *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;
	const char *h = hay;
	for (i = 0; i + m <= n; i++)
		if (!memcmp(h + i, needle, m))
			return h + i;
	return NULL;
}

static int
all_hex(const char *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!dl_isxdigit((unsigned char)v[i]))
			return 0;
	return n > 0;
}

struct dl_secret_scratch *
dl_secret_scratch_new(const struct dl_secrets *s)
{
	struct dl_secret_scratch *sc = dl_xcalloc(1, sizeof(*sc));
	size_t n = s->nr ? s->nr : 1, k;
	sc->s = s;
	sc->rx = dl_regex_scratch_new();
	if (!sc->rx) {
		free(sc);
		return NULL;
	}
	sc->last_anchor = dl_xmalloc(dl_st_mult(n, sizeof(size_t)));
	sc->covered_end = dl_xmalloc(dl_st_mult(n, sizeof(size_t)));
	sc->gave_up = dl_xcalloc(n, sizeof(unsigned));
	sc->quote_filter = dl_xcalloc(n, 1);
	sc->pending = dl_xmalloc(dl_st_mult(n, sizeof(size_t)));
	sc->pending_end = dl_xmalloc(dl_st_mult(n, sizeof(size_t)));
	for (k = 0; k < s->nr; k++)
		sc->quote_filter[k] = (unsigned char)sec_quote_filterable(&s->formats[k]);
	return sc;
}

const struct dl_secret_format *
dl_secret_scratch_gave_up(const struct dl_secret_scratch *sc)
{
	return sc ? sc->last_gave_up : NULL;
}

void
dl_secret_scratch_free(struct dl_secret_scratch *sc)
{
	size_t k;
	if (!sc)
		return;
	dl_regex_scratch_free(sc->rx);
	for (k = 0; k < AC_STREAMS; k++)
		free(sc->hits[k]);
	free(sc->last_anchor);
	free(sc->covered_end);
	free(sc->gave_up);
	free(sc->quote_filter);
	free(sc->pending);
	free(sc->pending_end);
	free(sc);
}

static size_t
line_end(struct scan *sc, size_t i)
{
	const char *nl;
	if (sc->le_valid && i >= sc->le_from && i <= sc->le)
		return sc->le;
	nl = memchr(sc->data + i, '\n', sc->len - i);
	sc->le = nl ? (size_t)(nl - sc->data) : sc->len;
	sc->le_from = i;
	sc->le_valid = 1;
	return sc->le;
}

/* End of the identifier run holding byte i (i itself when data[i] is not
 * an identifier byte). Keyword hits come in buffer order, so a run is
 * walked once however many keywords it holds. */
static size_t
word_end(struct scan *sc, size_t i)
{
	size_t e;
	if (sc->we_valid && i >= sc->we_from && i <= sc->we)
		return sc->we;
	for (e = i; e < sc->len && is_ident((unsigned char)sc->data[e]); e++)
		;
	sc->we_from = i;
	sc->we = e;
	sc->we_valid = 1;
	return e;
}

int
sec_assignment_follows(const char *data, size_t len, size_t key_end)
{
	size_t e = key_end;
	if (e < len && (data[e] == '"' || data[e] == '\''))
		e++;
	if (e < len && data[e] == ']') /* app.config['SECRET_KEY'] = */
		e++;
	while (e < len && (data[e] == ' ' || data[e] == '\t'))
		e++;
	return e < len && (data[e] == ':' || data[e] == '=');
}

void
sec_scratch_quote_filter(struct dl_secret_scratch *sc, int on)
{
	size_t k;
	for (k = 0; k < sc->s->nr; k++)
		sc->quote_filter[k] = (unsigned char)(on && sec_quote_filterable(&sc->s->formats[k]));
}

/* The separators of rules/secrets.yaml's assignment patterns, between the
 * key group and the opening-quote group (see sec_quote_filterable()). */
static const char *const assignment_separators[] = {
	"[\"']?\\]?[ \\t]*(?::[ \\t]*[a-z_][a-z0-9_.]*(?:\\[[a-z0-9_., ]*\\])?[ \\t]*=|:=|=|:)[ \\t]*([\"']",
	"[\"']?\\]?[ \\t]*(?::[ \\t]*[a-z_][a-z0-9_.]*[ \\t]*=|:=|=|:)[ \\t]*([\"']",
};

int
sec_quote_filterable(const struct dl_secret_format *f)
{
	const char *p = f->pattern;
	size_t i, k, groups = 0, depth = 0;

	if (!p || f->anchor != DL_SECRET_ANCHOR_WORD ||
	    (f->check != DL_SECRET_CHECK_ASSIGNMENT && f->check != DL_SECRET_CHECK_KEYED))
		return 0;
	/* group 1 (the key) must be the first group, at the top level, and
	 * be followed by one of the separators, whose last group is 2 */
	for (i = 0; p[i]; i++) {
		if (p[i] == '\\' && p[i + 1]) {
			i++;
			continue;
		}
		if (p[i] == '[') {
			/* a class: no group opens inside; ']' first is a member */
			i += p[i + 1] == ']' ? 2 : 1;
			for (; p[i] && p[i] != ']'; i++)
				if (p[i] == '\\' && p[i + 1])
					i++;
			if (!p[i])
				return 0;
			continue;
		}
		if (p[i] == '(') {
			if (p[i + 1] != '?' && ++groups == 1 && depth)
				return 0;
			depth++;
		} else if (p[i] == ')') {
			if (!depth)
				return 0;
			if (--depth == 0 && groups == 1) {
				for (k = 0; k < DL_ARRAY_SIZE(assignment_separators); k++)
					if (!strncmp(p + i + 1, assignment_separators[k],
						     strlen(assignment_separators[k])))
						return 1;
				return 0;
			}
		}
	}
	return 0;
}

/* Whether data[i] is a blank the patterns skip ([ \t]). */
static int
blank(const char *d, size_t i, size_t end)
{
	return i < end && (d[i] == ' ' || d[i] == '\t');
}

static int
quote_at(const char *d, size_t i, size_t end)
{
	while (blank(d, i, end))
		i++;
	return i < end && (d[i] == '"' || d[i] == '\'');
}

int
sec_quote_may_follow(const char *d, size_t end, size_t key_end)
{
	size_t s = key_end, t, u;

	if (s < end && (d[s] == '"' || d[s] == '\''))
		s++;
	if (s < end && d[s] == ']')
		s++;
	while (blank(d, s, end))
		s++;
	if (s >= end)
		return 0;
	if (d[s] == '=')
		return quote_at(d, s + 1, end);
	if (d[s] != ':')
		return 0;
	/* ':' then '=' (":="), ':' alone, or a type annotation and '=' */
	if (quote_at(d, s + 1, end) || (s + 1 < end && d[s + 1] == '=' && quote_at(d, s + 2, end)))
		return 1;
	t = s + 1;
	while (blank(d, t, end))
		t++;
	if (t >= end || !(dl_isalpha((unsigned char)d[t]) || d[t] == '_'))
		return 0;
	while (t < end && (dl_isalnum((unsigned char)d[t]) || d[t] == '_' || d[t] == '.'))
		t++;
	if (t < end && d[t] == '[') {
		for (u = t + 1; u < end && (dl_isalnum((unsigned char)d[u]) || d[u] == '_' ||
					    d[u] == '.' || d[u] == ',' || d[u] == ' ');
		     u++)
			;
		if (u < end && d[u] == ']')
			t = u + 1;
	}
	while (blank(d, t, end))
		t++;
	return t < end && d[t] == '=' && quote_at(d, t + 1, end);
}

/* Start of the line holding `pos`, looking back at most `bound` bytes. */
static size_t
line_start(const char *data, size_t pos, size_t bound)
{
	size_t lo = pos > bound ? pos - bound : 0;
	while (pos > lo && data[pos - 1] != '\n')
		pos--;
	return pos;
}

static int
entropy_ok(const struct scan *sc, const struct dl_secret_format *f,
	   const char *v, size_t n)
{
	double floor = f->entropy;
	if (sc->mode == MODE_REDACT)
		return 1;
	if (f->entropy_hex > 0 && all_hex(v, n))
		floor = f->entropy_hex;
	return floor <= 0 || dl_secrets_entropy(v, n) >= floor;
}

static int
placeholder(const struct scan *sc, const char *v, size_t n, size_t keep)
{
	return dl_secrets_is_placeholder(sc->s, v, n, keep, sc->in_tests);
}

/* Passwords local development databases ship with (docker images,
 * tutorials): not secrets on a local or docker-compose host. */
static int
default_password(const char *v, size_t n)
{
	static const char *const words[] = {
		"postgres", "postgresql", "root", "admin", "mysql", "mariadb",
		"redis", "guest", "rabbitmq", "mongo", "mongodb", "dev", "devpass",
		"development", "test", "testing", "local", "localdev", "docker",
		"app", "user", "example", "secret", "pass", "password"
	};
	return word_in(v, n, words, DL_ARRAY_SIZE(words));
}

static int
contains_ci(const char *v, size_t n, const char *w, size_t m)
{
	size_t i;
	for (i = 0; m && i + m <= n; i++)
		if (equal_ci(v + i, m, w, m))
			return 1;
	return 0;
}

/* A development password on a local host: it spells out what it is
 * ("testpass123", "devpassword", "<user>_pw"). */
static int
dev_password(const char *v, size_t n, const char *user, size_t usern)
{
	static const char *const words[] = {
		"test", "dev", "pass", "example", "demo", "sample", "changeme"
	};
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(words); i++)
		if (contains_ci(v, n, words[i], strlen(words[i])))
			return 1;
	return usern >= 3 && contains_ci(v, n, user, usern);
}

/* A host under the names RFC 2606 reserves for documentation and tests:
 * example.com/.net/.org and the .example, .test and .invalid TLDs. */
static int
reserved_host(const char *h, size_t n)
{
	static const char *const tails[] = { "example.com", "example.net", "example.org",
					     ".example", ".test", ".invalid" };
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(tails); i++) {
		size_t m = strlen(tails[i]);
		if (n >= m && equal_ci(h + n - m, m, tails[i], m) &&
		    (n == m || tails[i][0] == '.' || h[n - m - 1] == '.'))
			return 1;
	}
	return 0;
}

/* A managed database's generated host name: Render, Neon, Supabase
 * (the shapes dl_dburl_classify_host() knows) and MongoDB Atlas
 * ("<cluster>.<id>.mongodb.net"), unless a label says it is an example. */
static int
managed_host(enum dl_dburl_host hk, const char *h, size_t n)
{
	if (contains_ci(h, n, "example", 7) || contains_ci(h, n, "xxx", 3))
		return 0;
	switch (hk) {
	case DL_DBHOST_RENDER_INTERNAL:
	case DL_DBHOST_RENDER_EXTERNAL:
	case DL_DBHOST_SUPABASE_DIRECT:
	case DL_DBHOST_SUPABASE_POOLER:
	case DL_DBHOST_NEON:
	case DL_DBHOST_NEON_POOLER:
		return 1;
	default:
		break;
	}
	return n > 12 && equal_ci(h + n - 12, 12, ".mongodb.net", 12) &&
	       memchr(h, '.', n - 12) != NULL;
}

/* Shortest URL password taken for a real one, and the shortest on a
 * local or docker-compose host (shorter ones are examples and dev
 * defaults: "u:p@", "app:pw@localhost"). Decoded bytes. */
#define MIN_URL_PASSWORD 4u
#define MIN_LOCAL_URL_PASSWORD 8u

/*
 * Whether the password `pw` of a URL (user `user`, host `host`) is a
 * secret: not a placeholder or ${VAR} reference (compared percent-decoded,
 * as SQLAlchemy decodes it, after configparser's %% became %), not a
 * template host, and on a local or
 * docker-compose host not a default (equal to the user, a stock password,
 * or short). Sets *local for a local or compose host.
 */
static int
url_password_is_secret(const struct dl_secrets *s, int in_tests, const char *pw,
		       size_t pwn, const char *user, size_t usern, const char *host,
		       size_t hostn, int *local)
{
	struct dl_strbuf dec = DL_STRBUF_INIT;
	enum dl_dburl_host hk;
	int secret = 0;

	*local = 0;
	if (!pwn || pw[0] == '$')
		return 0;
	{
		/* configparser's "%%" (alembic.ini) is one '%' */
		struct dl_strbuf raw = DL_STRBUF_INIT;
		size_t k;
		for (k = 0; k < pwn; k++) {
			dl_strbuf_putc(&raw, pw[k]);
			if (pw[k] == '%' && k + 1 < pwn && pw[k + 1] == '%')
				k++;
		}
		dl_dburl_decode(&dec, raw.buf, raw.len, 0);
		dl_strbuf_release(&raw);
	}
	hk = dl_dburl_classify_host(host, hostn);

	/* on a managed database's own host name the URL was copied from the
	 * provider's dashboard: only the guide words below make its password
	 * a placeholder, not the broader list ("password" then digits) */
	if (dec.len < MIN_URL_PASSWORD ||
	    (!managed_host(hk, host, hostn) &&
	     (dl_secrets_is_placeholder(s, dec.buf, dec.len, 0, in_tests) ||
	      dl_secrets_is_placeholder(s, pw, pwn, 0, in_tests))) ||
	    dl_dburl_is_placeholder(pw, pwn) ||
	    hk == DL_DBHOST_TEMPLATE || dl_dburl_is_placeholder(host, hostn))
		goto done;
	if (hk == DL_DBHOST_LOCAL || hk == DL_DBHOST_BARE) {
		*local = 1;
		if (dec.len < MIN_LOCAL_URL_PASSWORD || equal_ci(pw, pwn, user, usern) ||
		    default_password(dec.buf, dec.len) || dev_password(dec.buf, dec.len, user, usern))
			goto done;
	}
	secret = 1;
done:
	dl_strbuf_release(&dec);
	return secret;
}

/* rules/secrets.yaml check url-password; groups: 1 scheme, 2 user,
 * 3 password, 4 host. */
static int
check_url(struct scan *sc, const struct dl_secret_format *f,
	  const struct dl_regex_span *g, enum dl_level *level, char **label)
{
	const char *d = sc->data;
	const char *pw = d + g[3].start, *user = d + g[2].start, *host = d + g[4].start;
	size_t pwn = g[3].end - g[3].start, usern = 0, hostn = g[4].end - g[4].start;
	struct dl_strbuf sb = DL_STRBUF_INIT;
	int local;

	(void)f;
	if (g[2].start != UNSET)
		usern = g[2].end - g[2].start;
	if (!url_password_is_secret(sc->s, sc->in_tests, pw, pwn, user, usern, host,
				    hostn, &local))
		return 0;
	/* an RFC 2606 documentation host in tests or docs: an example (still
	 * masked in output) */
	if (sc->mode == MODE_DETECT && (sc->role == DL_ROLE_TEST || sc->role == DL_ROLE_DOCS) &&
	    reserved_host(host, hostn))
		return 0;
	/* a local, docker-compose or RFC 2606 host: a local or test
	 * credential, reachable from nowhere else: a note */
	if (local || reserved_host(host, hostn))
		*level = DL_LEVEL_NOTE;
	if (sc->mode == MODE_DETECT) {
		dl_strbuf_put(&sb, d + g[1].start, g[1].end - g[1].start);
		dl_strbuf_puts(&sb, "://");
		dl_strbuf_put(&sb, user, usern);
		dl_strbuf_puts(&sb, ":***@");
		dl_strbuf_put(&sb, host, hostn);
		*label = dl_strbuf_detach(&sb, NULL);
	}
	return 1;
}

/* A key whose first word says the value is test data: test, dummy,
 * fake, mock, sample, example (test_api_key, DUMMY_TOKEN, fakeSecret). */
static int
test_key(const char *k, size_t n)
{
	static const char *const words[] = { "test", "dummy", "fake", "mock", "sample",
					     "example" };
	size_t i;
	for (i = 0; i < DL_ARRAY_SIZE(words); i++) {
		size_t m = strlen(words[i]);
		if (n > m && equal_ci(k, m, words[i], m) &&
		    (k[m] == '_' || k[m] == '-' || k[m] == '.' || (k[m] >= 'A' && k[m] <= 'Z' && k[m - 1] >= 'a' && k[m - 1] <= 'z')))
			return 1;
	}
	return 0;
}

/* docker-compose.yml, compose.yaml ...: a local development stack. */
static int
is_compose_file(const char *path)
{
	const char *name;
	if (!path)
		return 0;
	name = strrchr(path, '/');
	name = name ? name + 1 : path;
	return !strncmp(name, "docker-compose", 14) || !strncmp(name, "compose.", 8);
}

/* A CI configuration: .github/workflows/, .gitlab-ci.yml, .circleci/,
 * .travis.yml, or anything under a .ci/ folder. */
static int
is_ci_file(const char *path)
{
	const char *name;
	if (!path)
		return 0;
	name = strrchr(path, '/');
	name = name ? name + 1 : path;
	return !strncmp(path, ".github/workflows/", 18) || strstr(path, "/.github/workflows/") ||
	       !strncmp(path, ".ci/", 4) || strstr(path, "/.ci/") ||
	       !strncmp(path, ".circleci/", 10) || !strcmp(name, ".gitlab-ci.yml") ||
	       !strcmp(name, ".travis.yml");
}

/* The variables database images read to set their own password on first
 * start (postgres, mysql, mariadb, mongo, rabbitmq, redis images). */
static int
container_init_key(const char *k, size_t n)
{
	static const char *const keys[] = {
		"POSTGRES_PASSWORD", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD",
		"MARIADB_PASSWORD", "MARIADB_ROOT_PASSWORD",
		"MONGO_INITDB_ROOT_PASSWORD", "RABBITMQ_DEFAULT_PASS",
		"REDIS_PASSWORD", "PGPASSWORD", "PGADMIN_DEFAULT_PASSWORD"
	};
	return word_in(k, n, keys, DL_ARRAY_SIZE(keys));
}

/* Whether a comment after the value, on its line (data[from .. end)),
 * asks the reader to put their own value there: "# put your api key
 * here", "// replace me", "# change this". */
static int
comment_says_placeholder(const char *d, size_t from, size_t end)
{
	static const char *const hints[] = { "your ", "replace", "change", "put here",
					     "fill in", "example" };
	size_t i, k;
	for (i = from; i < end; i++)
		if (d[i] == '#' || (d[i] == '/' && i + 1 < end && d[i + 1] == '/'))
			break;
	if (i >= end)
		return 0;
	for (k = 0; k < DL_ARRAY_SIZE(hints); k++)
		if (contains_ci(d + i, end - i, hints[k], strlen(hints[k])))
			return 1;
	return 0;
}

/* Whether the key at data[ks ..) sits inside a template or variable
 * reference: ${KEY:?..}, {{ KEY }}, $KEY, %(key)s. */
static int
key_in_reference(const char *d, size_t ks)
{
	if (!ks)
		return 0;
	if (d[ks - 1] == '$' || d[ks - 1] == '%')
		return 1;
	if (ks >= 2 && d[ks - 2] == '%' && d[ks - 1] == '(')
		return 1;
	if (ks >= 2 && d[ks - 1] == '{' && (d[ks - 2] == '$' || d[ks - 2] == '{'))
		return 1;
	return ks >= 3 && d[ks - 1] == ' ' && d[ks - 2] == '{' && d[ks - 3] == '{';
}

static int public_client(const struct scan *sc, size_t off);

/* rules/secrets.yaml checks assignment and keyed; groups: 1 key, 2
 * opening quote, 3 value. The key must name a secret and the value pass
 * dl_secret_value_classify() (keyed: the pattern fixed its shape, so only
 * placeholders are judged). Stock passwords of database images are dev
 * defaults, and a compose file's secrets serve a local stack (a warning). */
static int
check_assignment(struct scan *sc, const struct dl_secret_format *f,
		 const struct dl_regex_span *g, size_t subject_end,
		 enum dl_level *level, char **label)
{
	const char *d = sc->data;
	const char *v = d + g[3].start, *key = d + g[1].start;
	size_t n = g[3].end - g[3].start, keyn = g[1].end - g[1].start;
	int quoted = g[2].start != UNSET && g[2].end > g[2].start;
	unsigned flags = 0;
	enum dl_secret_key_kind kind;

	if (sc->code && !quoted)
		return 0; /* in source code an unquoted value is an expression */
	if (quoted && (g[3].end >= subject_end || d[g[3].end] != d[g[2].start]))
		return 0; /* the string goes on past the value: prose, code */
	if (key_in_reference(d, g[1].start))
		return 0;
	if (n > 4 && !memcmp(v, "AIza", 4) && public_client(sc, g[3].start))
		return 0; /* a Firebase client config's apiKey */
	kind = dl_secret_key_classify(key, keyn);
	/* os.getenv("STRIPE_KEY", "...") says it is configuration: a
	 * weaker name is enough there */
	if (kind != DL_SECRET_KEY_SECRET &&
	    !(kind == DL_SECRET_KEY_WEAK && (f->anchor == DL_SECRET_ANCHOR_KEYWORD ||
					     !strcmp(f->id, "bare-key-assignment"))))
		return 0;
	if (f->check == DL_SECRET_CHECK_KEYED) {
		if (placeholder(sc, v, n, 0))
			return 0;
	} else {
		if (quoted)
			flags |= DL_SECRET_QUOTED;
		if (sc->code)
			flags |= DL_SECRET_CODE;
		if (sc->in_tests)
			flags |= DL_SECRET_IN_TESTS;
		if (sc->mode == MODE_REDACT)
			flags |= DL_SECRET_MASKING;
		if (strstr(f->id, "password"))
			flags |= DL_SECRET_PASSWORD;
		if (v[0] == '%' || default_password(v, n) ||
		    dl_secret_value_classify(sc->s, key, keyn, v, n, flags) !=
			    DL_SECRET_VALUE_LITERAL)
			return 0;
	}
	if (!entropy_ok(sc, f, v, n) || comment_says_placeholder(d, g[3].end, subject_end))
		return 0;
	if (is_compose_file(sc->path) && *level > DL_LEVEL_WARNING)
		*level = DL_LEVEL_WARNING;
	/* CI jobs and compose stacks set the password of the database
	 * container they start: a throwaway, at most a note */
	if (is_ci_file(sc->path) || (is_compose_file(sc->path) && container_init_key(key, keyn)))
		*level = DL_LEVEL_NOTE;
	/* test_spreadsheet_key, DUMMY_TOKEN: the name says test data */
	if (test_key(key, keyn))
		*level = DL_LEVEL_NOTE;
	if (sc->mode == MODE_DETECT)
		*label = dl_xstrndup(key, keyn);
	return 1;
}

/* base64url digit value, or -1 */
static int
b64url(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-' || c == '+')
		return 62;
	if (c == '_' || c == '/')
		return 63;
	return -1;
}

/* rules/secrets.yaml check jwt: the header part (up to the first '.')
 * decodes to a JSON object naming "alg". At most 512 header bytes. */
static int
check_jwt(const char *v, size_t n)
{
	char out[384];
	size_t i, o = 0, k;
	unsigned acc = 0;
	int bits = 0;
	for (i = 0; i < n && v[i] != '.' && o < sizeof(out); i++) {
		int x = b64url((unsigned char)v[i]);
		if (x < 0)
			return 0;
		acc = (acc << 6) | (unsigned)x;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	if (!o || out[0] != '{')
		return 0;
	for (k = 0; k + 5 <= o; k++)
		if (!memcmp(out + k, "\"alg\"", 5))
			return 1;
	return 0;
}

static int
is_b64(int c)
{
	return dl_isalnum(c) || c == '+' || c == '/' || c == '=';
}

/* rules/secrets.yaml check private-key: a key body follows the header.
 * Sets the body's offset and length, and `norm` to its base64 bytes. */
static int
check_pem(struct scan *sc, const struct dl_secret_format *f, size_t p,
	  size_t *off_out, size_t *len_out, struct dl_strbuf *norm)
{
	const char *d = sc->data;
	size_t end = sc->len - p > MAX_PEM_BODY ? p + MAX_PEM_BODY : sc->len;
	size_t start = UNSET, last = p, in_line = 0;
	int digit = 0;

	while (p < end) {
		int c = (unsigned char)d[p];
		if (is_b64(c)) {
			if (start == UNSET)
				start = p;
			dl_strbuf_putc(norm, c);
			digit |= dl_isdigit(c);
			last = ++p;
			in_line++;
		} else if (c == '\n' || c == '\r') {
			p++;
			in_line = 0;
		} else if ((c == ' ' || c == '\t') && !in_line) {
			p++;
		} else if (c == '\\' && p + 1 < end && (d[p + 1] == 'n' || d[p + 1] == 'r')) {
			p += 2; /* an escaped line break inside a string */
			in_line = 0;
		} else if (c == '-' && p + 5 <= end && !memcmp(d + p, "-----", 5)) { /* NOLINT(bugprone-branch-clone): the END line must stop the scan before the header branch */
			break;                                                       /* the END line */
		} else if (norm->len < 32) {
			/* a header ("Proc-Type: ...") or placeholder text: skip
			 * the line and start over */
			const char *nl = memchr(d + p, '\n', end - p);
			dl_strbuf_reset(norm);
			start = UNSET;
			digit = 0;
			if (!nl)
				break;
			p = (size_t)(nl - d);
		} else {
			break;
		}
	}
	if (start == UNSET || norm->len < 64 || !digit)
		return 0;
	if (sc->mode == MODE_DETECT && f->entropy > 0 &&
	    dl_secrets_entropy(norm->buf, norm->len) < f->entropy)
		return 0;
	*off_out = start;
	*len_out = last - start;
	return 1;
}

static void
add_hit(struct scan *sc, const struct raw_hit *h)
{
	if (sc->nr >= DL_MAX_SECRET_HITS) {
		sc->truncated = 1;
		free(h->label);
		free(h->norm);
		return;
	}
	DL_ALLOC_GROW(sc->hits, sc->nr + 1, sc->alloc);
	sc->hits[sc->nr++] = *h;
}

/* Whether data[off .. off+len) lies inside a longer run of base64 text
 * (an inline image, a minified bundle): 16+ base64 bytes around it, with a
 * '+' or '/' among them. */
static int
in_base64_blob(const char *d, size_t dlen, size_t off, size_t len)
{
	size_t a = off, b = off + len, lim = 256;
	int sym = 0;
	while (a > 0 && off - a < lim && is_b64((unsigned char)d[a - 1]) && d[a - 1] != '=') {
		a--;
		sym |= d[a] == '+' || d[a] == '/';
	}
	while (b < dlen && b - off - len < lim && is_b64((unsigned char)d[b])) {
		sym |= d[b] == '+' || d[b] == '/';
		b++;
	}
	return sym && (off - a) + (b - off - len) >= 16;
}

/* rules/secrets.yaml check public-client (see enum dl_secret_check). */
static int
public_client(const struct scan *sc, size_t off)
{
	static const char *const params[] = { "SubscriptionId=", "AWSAccessKeyId=" };
	const char *name = sc->path ? strrchr(sc->path, '/') : NULL;
	size_t i;
	name = name ? name + 1 : sc->path;
	if (name && (!strcmp(name, "google-services.json") ||
		     !strcmp(name, "GoogleService-Info.plist")))
		return 1;
	for (i = 0; i < DL_ARRAY_SIZE(params); i++) {
		size_t m = strlen(params[i]);
		if (off >= m && !memcmp(sc->data + off - m, params[i], m))
			return 1;
	}
	return sc->mode == MODE_DETECT && (find_bytes(sc->data, sc->len, "firebaseapp.com") ||
					   find_bytes(sc->data, sc->len, "authDomain"));
}

/* Checks one match of format `f`; records it when it is a secret. */
static void
accept(struct scan *sc, const struct dl_secret_format *f,
       const struct dl_regex_span *g, size_t subject_end)
{
	struct dl_regex_span sec = g[f->group];
	struct raw_hit h;
	struct dl_strbuf norm = DL_STRBUF_INIT;

	if (sec.start == UNSET || sec.end <= sec.start)
		return;
	memset(&h, 0, sizeof(h));
	h.f = f;
	h.level = f->level;
	h.off = h.at = sec.start;
	h.len = h.at_len = sec.end - sec.start;
	if (f->prefix > 0 && g[f->prefix].start == sec.start &&
	    g[f->prefix].end <= sec.end)
		h.keep = g[f->prefix].end - sec.start;
	switch (f->check) {
	case DL_SECRET_CHECK_URL_PASSWORD:
		if (!check_url(sc, f, g, &h.level, &h.label))
			return;
		break;
	case DL_SECRET_CHECK_ASSIGNMENT:
	case DL_SECRET_CHECK_KEYED:
		if (!check_assignment(sc, f, g, subject_end, &h.level, &h.label))
			return;
		break;
	case DL_SECRET_CHECK_JWT:
		if (placeholder(sc, sc->data + h.off, h.len, h.keep) ||
		    !check_jwt(sc->data + h.off, h.len) ||
		    !entropy_ok(sc, f, sc->data + h.off + h.keep, h.len - h.keep))
			return;
		break;
	case DL_SECRET_CHECK_PRIVATE_KEY:
		if (!check_pem(sc, f, g[0].end, &h.off, &h.len, &norm)) {
			dl_strbuf_release(&norm);
			return;
		}
		h.at = g[0].start;
		h.at_len = g[0].end - g[0].start;
		h.keep = 0;
		h.norm = dl_strbuf_detach(&norm, &h.norm_len);
		break;
	case DL_SECRET_CHECK_PUBLIC_CLIENT:
		if (public_client(sc, h.off))
			return;
		/* fall through */
	case DL_SECRET_CHECK_NONE:
		if ((h.keep && in_base64_blob(sc->data, sc->len, h.off, h.len)) ||
		    placeholder(sc, sc->data + h.off, h.len, h.keep) ||
		    !entropy_ok(sc, f, sc->data + h.off + h.keep, h.len - h.keep))
			return;
		break;
	}
	/* a generic assignment in tests or docs is example data, at most
	 * a note; known formats and URLs keep their level everywhere */
	if (!strcmp(f->rule->id, "SEC004") &&
	    (sc->role == DL_ROLE_TEST || sc->role == DL_ROLE_DOCS))
		h.level = DL_LEVEL_NOTE;
	add_hit(sc, &h);
}

/* Runs the match try_format() spared for format fi (word anchor, one
 * match), for what it covers; it would have been dropped unreported. */
static void
resolve_pending(struct scan *sc, size_t fi)
{
	const struct dl_secret_format *f = &sc->s->formats[fi];
	struct dl_secret_scratch *scr = sc->sc;
	struct dl_regex_span g[DL_REGEX_MAX_GROUPS];
	int r = dl_regex_match(f->re, scr->rx, sc->data, scr->pending_end[fi],
			       scr->pending[fi], DL_REGEX_ANCHORED, g, DL_REGEX_MAX_GROUPS);
	if (r < 0 && ++scr->gave_up[fi] == DL_MAX_SECRET_GIVEUPS && !sc->gave_up)
		sc->gave_up = f;
	if (r == 1)
		scr->covered_end[fi] = g[0].end;
}

/* Runs format `fi` at the keyword that occupies [start, last]. */
static void
try_format(struct scan *sc, size_t fi, size_t start, size_t last)
{
	const struct dl_secret_format *f = &sc->s->formats[fi];
	struct dl_secret_scratch *scr = sc->sc;
	struct dl_regex_span g[DL_REGEX_MAX_GROUPS];
	size_t a = start, end;

	/* most keywords in code are no assignment's key ("token" in a
	 * docstring): a look at the bytes after the identifier spares pcre2 */
	if ((f->check == DL_SECRET_CHECK_ASSIGNMENT || f->check == DL_SECRET_CHECK_KEYED) &&
	    f->anchor == DL_SECRET_ANCHOR_WORD &&
	    !sec_assignment_follows(sc->data, sc->len, word_end(sc, last + 1)))
		return;
	switch (f->anchor) {
	case DL_SECRET_ANCHOR_KEYWORD:
		break;
	case DL_SECRET_ANCHOR_WORD:
		while (a > 0 && start - a < MAX_WORD_BACK &&
		       is_ident((unsigned char)sc->data[a - 1]))
			a--;
		break;
	case DL_SECRET_ANCHOR_LINE:
		a = line_start(sc->data, start, DL_MAX_SECRET_LINE);
		break;
	}
	if (scr->pending[fi] != UNSET && a != scr->last_anchor[fi]) {
		/* a spared match that may reach a: what it covers decides */
		if (a < scr->pending_end[fi])
			resolve_pending(sc, fi);
		scr->pending[fi] = UNSET;
	}
	if (a == scr->last_anchor[fi] || a < scr->covered_end[fi])
		return;
	/* the per-file budget: a pattern pcre2 gave up on this often (a
	 * catastrophic user pattern) is not run again on this buffer */
	if (scr->gave_up[fi] >= DL_MAX_SECRET_GIVEUPS)
		return;
	scr->last_anchor[fi] = a;
	end = line_end(sc, last);
	if (f->anchor == DL_SECRET_ANCHOR_LINE && end - a > DL_MAX_SECRET_LINE)
		end = a + DL_MAX_SECRET_LINE;
	/* in code only a quoted value is reported (check_assignment): where
	 * no quote can open the value, any match is dropped unreported, so
	 * pcre2 runs only if a later keyword needs to know what it covered */
	if (sc->code && scr->quote_filter[fi] &&
	    !sec_quote_may_follow(sc->data, end, word_end(sc, last + 1))) {
		scr->pending[fi] = a;
		scr->pending_end[fi] = end;
		return;
	}
	while (a < end && !sc->truncated) {
		int r = dl_regex_match(f->re, scr->rx, sc->data, end, a,
				       f->anchor == DL_SECRET_ANCHOR_LINE ? 0 : DL_REGEX_ANCHORED,
				       g, DL_REGEX_MAX_GROUPS);
		if (r < 0 && ++scr->gave_up[fi] == DL_MAX_SECRET_GIVEUPS && !sc->gave_up)
			sc->gave_up = f;
		if (r != 1)
			break;
		accept(sc, f, g, end);
		scr->covered_end[fi] = g[0].end;
		if (f->anchor != DL_SECRET_ANCHOR_LINE)
			break;
		a = g[0].end > g[0].start ? g[0].end : g[0].start + 1;
	}
}

/* A Python identifier byte as an ASCII one: letters, digits, '_'. */
static int
ascii_ident(unsigned char c)
{
	return dl_isalnum(c) || c == '_';
}

/* Whether keyword kw, ending at byte i, is spelled exactly as its text
 * with no ASCII identifier byte on either side (DL_FEAT_PY_REMOVED). */
static int
whole_word(const struct scan *sc, const struct sec_keyword *kw, size_t i)
{
	size_t start = i + 1 - kw->len;
	return (!start || !ascii_ident((unsigned char)sc->data[start - 1])) &&
	       (i + 1 >= sc->len || !ascii_ident((unsigned char)sc->data[i + 1])) &&
	       !memcmp(sc->data + start, kw->text, kw->len);
}

/* Runs the formats of every keyword that ends at byte i in `state`. */
static void
on_state(struct scan *sc, uint32_t state, size_t i)
{
	const struct dl_secrets *s = sc->s;
	const struct ac_automaton *ac = &s->ac;
	uint32_t o;
	for (o = ac->out_start[state]; o < ac->out_start[state + 1]; o++) {
		const struct sec_keyword *kw = &s->keywords[ac->out_list[o]];
		size_t j;
		sc->features |= kw->features;
		if ((kw->ident_features & ~sc->features) && whole_word(sc, kw, i))
			sc->features |= kw->ident_features;
		/* the test each of its formats would make first, made once
		 * ("password" in prose, not as a key) */
		if (kw->assign_only &&
		    !sec_assignment_follows(sc->data, sc->len, word_end(sc, i + 1)))
			continue;
		for (j = 0; j < kw->formats_nr; j++)
			try_format(sc, kw->formats[j], i + 1 - kw->len, i);
	}
}

static void
push_hit(struct dl_secret_scratch *scr, unsigned k, uint32_t state, size_t end)
{
	DL_ALLOC_GROW(scr->hits[k], scr->hits_nr[k] + 1, scr->hits_alloc[k]);
	scr->hits[k][scr->hits_nr[k]].state = state;
	scr->hits[k][scr->hits_nr[k]++].end = end;
}

/*
 * The keyword pass. Short buffers run the automaton once; longer ones in
 * AC_STREAMS slices side by side, each slice starting maxlen - 1 bytes
 * early so that no keyword across a boundary is missed, and reporting
 * only keywords that end inside it. The state chain of one stream is a
 * serial dependency of table loads; four independent chains keep the
 * processor busy while each load is in flight. Hits are replayed in
 * buffer order.
 */
static void
run(struct scan *sc)
{
	const struct dl_secrets *s = sc->s;
	const struct ac_automaton *ac = &s->ac;
	struct dl_secret_scratch *scr = sc->sc;
	const uint8_t *cls = ac->cls;
	const unsigned char *p = (const unsigned char *)sc->data;
	size_t i, n = sc->len, k;

	for (k = 0; k < s->nr; k++) {
		scr->last_anchor[k] = UNSET;
		scr->covered_end[k] = 0;
		scr->gave_up[k] = 0;
		scr->pending[k] = UNSET;
	}
	if (!ac->nstates)
		return;
	if (!ac->delta16 || n < AC_MIN_SPLIT) {
		const uint32_t *delta = ac->delta;
		uint32_t row = 0;
		for (i = 0; i < n && !sc->truncated; i++) {
			uint32_t t = delta[row + cls[p[i]]];
			row = t & ~AC_MATCH_BIT;
			if (t & AC_MATCH_BIT)
				on_state(sc, row / ac->nclasses, i);
		}
		return;
	} else {
		const uint16_t *d = ac->delta16;
		const uint32_t *state = ac->state16;
		const uint32_t m = ac->match16;
		size_t seg = n / AC_STREAMS, from[AC_STREAMS], st[AC_STREAMS], end[AC_STREAMS];
		size_t common = (size_t)-1, j;
		uint32_t row[AC_STREAMS];

		for (k = 0; k < AC_STREAMS; k++) {
			size_t back = ac->maxlen - 1;
			from[k] = k * seg;
			end[k] = k + 1 < AC_STREAMS ? (k + 1) * seg : n;
			st[k] = from[k] > back ? from[k] - back : 0;
			if (end[k] - st[k] < common)
				common = end[k] - st[k];
			row[k] = 0;
			scr->hits_nr[k] = 0;
		}
		{
			/* scalars, not arrays: the hot loop keeps all in registers */
			const unsigned char *q0 = p + st[0], *q1 = p + st[1];
			const unsigned char *q2 = p + st[2], *q3 = p + st[3];
			uint32_t r0 = 0, r1 = 0, r2 = 0, r3 = 0;

			for (j = 0; j < common; j++) {
				r0 = d[r0 << 8 | q0[j]];
				r1 = d[r1 << 8 | q1[j]];
				r2 = d[r2 << 8 | q2[j]];
				r3 = d[r3 << 8 | q3[j]];
				if (__builtin_expect(((r0 | r1 | r2 | r3) & m) != 0, 0)) {
					if ((r0 & m) && st[0] + j >= from[0])
						push_hit(scr, 0, state[r0], st[0] + j);
					if ((r1 & m) && st[1] + j >= from[1])
						push_hit(scr, 1, state[r1], st[1] + j);
					if ((r2 & m) && st[2] + j >= from[2])
						push_hit(scr, 2, state[r2], st[2] + j);
					if ((r3 & m) && st[3] + j >= from[3])
						push_hit(scr, 3, state[r3], st[3] + j);
				}
			}
			row[0] = r0, row[1] = r1, row[2] = r2, row[3] = r3;
		}
		for (k = 0; k < AC_STREAMS; k++)
			for (i = st[k] + common; i < end[k]; i++) {
				row[k] = d[row[k] << 8 | p[i]];
				if ((row[k] & m) && i >= from[k])
					push_hit(scr, (unsigned)k, state[row[k]], i);
			}
		for (k = 0; k < AC_STREAMS && !sc->truncated; k++)
			for (j = 0; j < scr->hits_nr[k] && !sc->truncated; j++)
				on_state(sc, scr->hits[k][j].state, scr->hits[k][j].end);
	}
}

/* SEC003 beats SEC002, SEC005 and SEC004: the more specific format. */
static int
priority(const struct raw_hit *h)
{
	static const char *const order[] = { "SEC003", "SEC002", "SEC005", "SEC004" };
	int i;
	for (i = 0; i < 4; i++)
		if (!strcmp(h->f->rule->id, order[i]))
			return i;
	return 4;
}

static int
raw_cmp(const void *pa, const void *pb)
{
	const struct raw_hit *a = pa, *b = pb;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	if (priority(a) != priority(b))
		return priority(a) - priority(b);
	return a->len > b->len ? -1 : a->len < b->len;
}

/* Sorts the hits and drops those overlapping a better one. */
static void
resolve(struct scan *sc)
{
	size_t i, j;
	if (sc->nr > 1)
		qsort(sc->hits, sc->nr, sizeof(*sc->hits), raw_cmp);
	for (i = 0; i < sc->nr; i++) {
		struct raw_hit *a = &sc->hits[i];
		if (a->dropped)
			continue;
		for (j = i + 1; j < sc->nr && sc->hits[j].off < a->off + a->len; j++) {
			struct raw_hit *b = &sc->hits[j];
			if (b->dropped)
				continue;
			if (priority(b) < priority(a)) {
				a->dropped = 1;
				break;
			}
			b->dropped = 1;
		}
	}
}

static void
scan_init_role(struct scan *sc, const struct dl_secrets *s,
	       struct dl_secret_scratch *scratch, const char *path, const char *data,
	       size_t len, enum scan_mode mode, enum dl_file_role role)
{
	memset(sc, 0, sizeof(*sc));
	sc->s = s;
	sc->sc = scratch;
	sc->path = path;
	sc->data = data;
	sc->len = len;
	sc->mode = mode;
	sc->code = sec_path_is_code(path);
	sc->role = role;
	sc->in_tests = sc->role == DL_ROLE_TEST;
}

static void
scan_init(struct scan *sc, const struct dl_secrets *s,
	  struct dl_secret_scratch *scratch, const char *path, const char *data,
	  size_t len, enum scan_mode mode)
{
	scan_init_role(sc, s, scratch, path, data, len, mode, dl_secrets_path_role(path));
}

static void
scan_release(struct scan *sc)
{
	size_t i;
	for (i = 0; i < sc->nr; i++) {
		free(sc->hits[i].label);
		free(sc->hits[i].norm);
	}
	free(sc->hits);
}

static int
skipped(const struct dl_secrets *s, const char *path)
{
	const char *name = strrchr(path, '/');
	size_t i;
	name = name ? name + 1 : path;
	for (i = 0; i < s->skip_nr; i++)
		if (sec_glob_match(s->skip_files[i], name, strlen(name)))
			return 1;
	return 0;
}

void
dl_secrets_scan(const struct dl_secrets *s, struct dl_secret_scratch *scratch,
		const char *path, const char *data, size_t len,
		struct dl_secret_hits *out)
{
	struct scan sc;
	size_t i, cursor = 0, line_off = 0;
	unsigned line = 1;
	enum dl_file_role role;

	role = dl_secrets_path_role(path);
	if (role == DL_ROLE_VENDORED || skipped(s, path)) {
		out->features = DL_FEAT_ALL;
		return;
	}
	scan_init_role(&sc, s, scratch, path, data, len, MODE_DETECT, role);
	run(&sc);
	resolve(&sc);
	out->truncated |= sc.truncated;
	scratch->last_gave_up = sc.gave_up;
	out->features |= sc.truncated ? DL_FEAT_ALL : sc.features;
	for (i = 0; i < sc.nr; i++) {
		struct raw_hit *h = &sc.hits[i];
		struct dl_secret_hit *o;
		const char *sec;
		size_t seclen, k;
		unsigned occ = 0;

		if (h->dropped)
			continue;
		if (h->at < cursor) {
			cursor = 0;
			line_off = 0;
			line = 1;
		}
		while (cursor < h->at) {
			const char *nl = memchr(data + cursor, '\n', h->at - cursor);
			if (!nl)
				break;
			line++;
			cursor = line_off = (size_t)(nl - data) + 1;
		}
		cursor = h->at;
		sec = h->norm ? h->norm : data + h->off;
		seclen = h->norm ? h->norm_len : h->len;
		/* the n-th identical secret of a rule in this file */
		for (k = 0; k < i; k++) {
			const struct raw_hit *ph = &sc.hits[k];
			const char *ps = ph->norm ? ph->norm : data + ph->off;
			size_t pl = ph->norm ? ph->norm_len : ph->len;
			if (!ph->dropped && ph->f->rule == h->f->rule && pl == seclen &&
			    !memcmp(ps, sec, seclen))
				occ++;
		}
		DL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		o = &out->v[out->nr++];
		memset(o, 0, sizeof(*o));
		o->format = h->f;
		o->level = h->level;
		o->line = line;
		o->line_off = line_off;
		o->col = (unsigned)(h->at - line_off + 1);
		o->end_col = (unsigned)(h->at - line_off + 1 + h->at_len);
		o->off = h->off;
		o->len = h->len;
		o->keep = h->keep;
		o->label = h->label;
		h->label = NULL;
		dl_secrets_fingerprint(o->fingerprint, h->f->rule->id, path, sec,
				       seclen, occ);
	}
	scan_release(&sc);
}

void
dl_secret_hits_release(struct dl_secret_hits *hits)
{
	size_t i;
	for (i = 0; i < hits->nr; i++)
		free(hits->v[i].label);
	free(hits->v);
	memset(hits, 0, sizeof(*hits));
}

/* ---- masking ---------------------------------------------------------- */

struct mask {
	size_t start, end;
	int url; /* a URL password: "***" in messages */
};

struct masks {
	struct mask *v;
	size_t nr, alloc;
};

static void
add_mask(struct masks *m, size_t start, size_t end, int url)
{
	if (end <= start)
		return;
	DL_ALLOC_GROW(m->v, m->nr + 1, m->alloc);
	m->v[m->nr].start = start;
	m->v[m->nr].end = end;
	m->v[m->nr++].url = url;
}

static int
url_stop(int c)
{
	return dl_isspace(c) || c == '"' || c == '\'' || c == '`' || c == '<' ||
	       c == '>' || c == '\0';
}

/* The password of every scheme://user:password@host in text (any scheme),
 * unless it is a placeholder or a default password on a local host. The
 * password runs from the first ':' to the last '@' of the URL token, as
 * dl_dburl_redact() cuts it, so an unescaped '@' never leaks a tail. */
static void
mask_urls(const struct dl_secrets *s, const char *t, size_t len, int in_tests,
	  struct masks *m)
{
	size_t i = 0;
	while (i + 3 <= len) {
		const char *sep = find_bytes(t + i, len - i, "://");
		size_t u, e, at = UNSET, colon = UNSET, k;
		if (!sep)
			break;
		u = (size_t)(sep - t) + 3;
		for (e = u; e < len && !url_stop((unsigned char)t[e]); e++)
			if (t[e] == '@')
				at = e;
		i = u;
		if (at == UNSET)
			continue;
		for (k = u; k < at; k++)
			if (t[k] == ':') {
				colon = k;
				break;
			}
		if (colon == UNSET || colon + 1 >= at)
			continue;
		{
			const char *pw = t + colon + 1, *host = t + at + 1;
			size_t pwn = at - colon - 1, hostn = 0;
			int local;
			size_t k2 = 0;
			while (at + 1 + hostn < e && !strchr("/:?#", host[hostn]))
				hostn++;
			/* host:port/path@x is a port, not a password */
			while (k2 < pwn && dl_isdigit((unsigned char)pw[k2]))
				k2++;
			if (k2 && k2 < pwn && pw[k2] == '/')
				continue;
			if (url_password_is_secret(s, in_tests, pw, pwn, t + u, colon - u,
						   host, hostn, &local))
				add_mask(m, colon + 1, at, 1);
		}
		i = e;
	}
}

static int
is_yaml_path(const char *path)
{
	size_t n;
	if (!path)
		return 1;
	n = strlen(path);
	return (n >= 5 && !strcmp(path + n - 5, ".yaml")) ||
	       (n >= 4 && !strcmp(path + n - 4, ".yml"));
}

/* The value of a YAML `value:` line (render.yaml envVars) when it looks
 * random: 16+ bytes, letters and digits, no URL, entropy 3.0 or more. */
static void
mask_yaml_values(const struct dl_secrets *s, const char *t, size_t len,
		 int in_tests, struct masks *m)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - t) : len, p = i, v, ve;
		int alpha = 0, digit = 0;
		size_t k;
		while (p < e && dl_isblank((unsigned char)t[p]))
			p++;
		if (p < e && t[p] == '-') {
			p++;
			while (p < e && dl_isblank((unsigned char)t[p]))
				p++;
		}
		if (e - p > 6 && !memcmp(t + p, "value:", 6)) {
			p += 6;
			while (p < e && dl_isblank((unsigned char)t[p]))
				p++;
			if (p < e && (t[p] == '"' || t[p] == '\''))
				p++;
			v = p;
			while (p < e && !dl_isspace((unsigned char)t[p]) && t[p] != '"' &&
			       t[p] != '\'')
				p++;
			ve = p;
			for (k = v; k < ve; k++) {
				alpha |= dl_isalpha((unsigned char)t[k]);
				digit |= dl_isdigit((unsigned char)t[k]);
			}
			if (ve - v >= 16 && alpha && digit && !find_bytes(t + v, ve - v, "://") &&
			    !dl_secrets_is_placeholder(s, t + v, ve - v, 0, in_tests) &&
			    dl_secrets_entropy(t + v, ve - v) >= 3.0)
				add_mask(m, v, ve, 0);
		}
		i = e + 1;
	}
}

/* Collects what to mask in text[0 .. len). */
static void
collect_masks(const struct dl_secrets *s, const char *path, const char *text,
	      size_t len, int messages, struct masks *m)
{
	struct dl_secret_scratch *scratch = dl_secret_scratch_new(s);
	struct scan sc;
	size_t i;

	if (!scratch)
		return;
	scan_init(&sc, s, scratch, path, text, len, MODE_REDACT);
	run(&sc);
	resolve(&sc); /* a known format keeps its prefix visible */
	for (i = 0; i < sc.nr; i++) {
		const struct raw_hit *h = &sc.hits[i];
		size_t end = h->off + h->len;
		if (h->dropped)
			continue;
		if (end > len)
			end = len;
		add_mask(m, h->off + h->keep, end,
			 h->f->check == DL_SECRET_CHECK_URL_PASSWORD);
	}
	scan_release(&sc);
	dl_secret_scratch_free(scratch);
	mask_urls(s, text, len, sc.in_tests, m);
	if (!messages && is_yaml_path(path))
		mask_yaml_values(s, text, len, sc.in_tests, m);
}

static int
mask_cmp(const void *pa, const void *pb)
{
	const struct mask *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? 1 : a->end > b->end ? -1
						     : 0;
}

/* Writes text with the masks applied: each masked byte becomes '*'
 * (lines), or each masked run becomes "***" (messages). */
static char *
apply_masks(const char *text, size_t len, struct masks *m, int messages)
{
	struct dl_strbuf out = DL_STRBUF_INIT;
	size_t i = 0, k;
	if (m->nr > 1)
		qsort(m->v, m->nr, sizeof(*m->v), mask_cmp);
	dl_strbuf_grow(&out, len);
	for (k = 0; k < m->nr; k++) {
		size_t st = m->v[k].start, en = m->v[k].end;
		if (en <= i)
			continue;
		if (st < i)
			st = i;
		dl_strbuf_put(&out, text + i, st - i);
		/* merge overlapping masks into one run */
		while (k + 1 < m->nr && m->v[k + 1].start <= en) {
			if (m->v[k + 1].end > en)
				en = m->v[k + 1].end;
			k++;
		}
		if (messages)
			dl_strbuf_puts(&out, "***");
		else
			for (; st < en; st++)
				dl_strbuf_putc(&out, '*');
		i = en;
	}
	dl_strbuf_put(&out, text + i, len - i);
	free(m->v);
	m->v = NULL;
	m->nr = m->alloc = 0;
	return dl_strbuf_detach(&out, NULL);
}

char *
dl_secrets_redact_line(const char *path, const char *line, size_t len)
{
	struct masks m = { NULL, 0, 0 };
	collect_masks(dl_secrets_builtin(), path, line, len, 0, &m);
	return apply_masks(line, len, &m, 0);
}

char *
dl_secrets_redact_message(const char *msg)
{
	struct masks m = { NULL, 0, 0 };
	size_t len = strlen(msg);
	collect_masks(dl_secrets_builtin(), NULL, msg, len, 1, &m);
	return apply_masks(msg, len, &m, 1);
}

char *
dl_secrets_redact_line_with(const struct dl_secrets *s, const char *path,
			    const char *line, size_t len)
{
	struct masks m = { NULL, 0, 0 };
	collect_masks(s ? s : dl_secrets_builtin(), path, line, len, 0, &m);
	return apply_masks(line, len, &m, 0);
}

char *
dl_secrets_redact_message_with(const struct dl_secrets *s, const char *msg)
{
	struct masks m = { NULL, 0, 0 };
	size_t len = strlen(msg);
	collect_masks(s ? s : dl_secrets_builtin(), NULL, msg, len, 1, &m);
	return apply_masks(msg, len, &m, 1);
}

char *
dl_secrets_hit_context(const struct dl_secrets *s, const char *path,
		       const char *data, size_t len,
		       const struct dl_secret_hit *hit)
{
	struct masks m = { NULL, 0, 0 };
	const char *nl;
	size_t ls = hit->line_off, le, a, b;
	char *line;

	if (ls > len)
		ls = len;
	nl = memchr(data + ls, '\n', len - ls);
	le = nl ? (size_t)(nl - data) : len;
	if (le > ls && data[le - 1] == '\r')
		le--;
	/* the hit itself, then anything else on the line */
	a = hit->off + hit->keep;
	b = hit->off + hit->len;
	if (a < ls)
		a = ls;
	if (b > le)
		b = le;
	if (a < b)
		add_mask(&m, a - ls, b - ls, 0);
	collect_masks(s, path, data + ls, le - ls, 0, &m);
	line = apply_masks(data + ls, le - ls, &m, 0);
	if (strlen(line) > DL_MAX_CONTEXT_LINE)
		line[DL_MAX_CONTEXT_LINE] = '\0';
	return line;
}
