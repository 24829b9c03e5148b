/*
 * Unit tests for the database URL reader: components as SQLAlchemy 2.0's
 * _parse_url pattern returns them (the table below was generated with that
 * very regular expression in Python 3.11), host classes, query items,
 * percent-decoding, redaction and URL search in free text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "deploylint/dburl.h"

struct split_case {
	const char *in;
	const char *scheme, *user, *password, *host, *port, *database, *query;
	size_t end;
};

static const struct split_case split_cases[] = {
	{ "postgresql://u:p@h:5432/db?sslmode=require", "postgresql", "u", "p", "h", "5432", "db", "sslmode=require", 42 },
	{ "postgres://u:p@ss@h/db", "postgres", "u", "p", "ss@h", NULL, "db", NULL, 22 },
	{ "postgresql://a@b:c@d/x", "postgresql", "a@b", "c", "d", NULL, "x", NULL, 22 },
	{ "postgresql://u@h:5432/db", "postgresql", "u", NULL, "h", "5432", "db", NULL, 24 },
	{ "postgresql:///db", "postgresql", NULL, NULL, NULL, NULL, "db", NULL, 16 },
	{ "sqlite:///./app.db", "sqlite", NULL, NULL, NULL, NULL, "./app.db", NULL, 18 },
	{ "sqlite://", "sqlite", NULL, NULL, NULL, NULL, NULL, NULL, 9 },
	{ "postgresql://[::1]:5432/db", "postgresql", NULL, NULL, "::1", "5432", "db", NULL, 26 },
	{ "postgresql://[::1]x/db", "postgresql", NULL, NULL, "::1", NULL, NULL, NULL, 18 },
	{ "postgresql://[]/d", "postgresql", NULL, NULL, "[]", NULL, "d", NULL, 17 },
	{ "postgresql://:pw@h", "postgresql", "", "pw", "h", NULL, NULL, NULL, 18 },
	{ "postgresql://h?x=1", "postgresql", NULL, NULL, "h", NULL, NULL, "x=1", 18 },
	{ "postgresql+asyncpg://u:p/q@h/d", "postgresql+asyncpg", "u", "p/q", "h", NULL, "d", NULL, 30 },
	{ "a://u:@h", "a", "u", "", "h", NULL, NULL, NULL, 8 },
	{ "postgresql://user@x@host/db", "postgresql", "user@x", NULL, "host", NULL, "db", NULL, 27 },
	{ "postgresql://u:p?w#x@h:6543/postgres", "postgresql", "u", "p?w#x", "h", "6543", "postgres", NULL, 36 },
	{ "mysql+pymysql://root@localhost:3306/app?charset=utf8mb4", "mysql+pymysql", "root", NULL, "localhost", "3306", "app", "charset=utf8mb4", 55 },
	{ "postgresql://h:54x2/db", "postgresql", NULL, NULL, "h", "54x2", "db", NULL, 22 },
	{ "postgresql://u:p@h:/db", "postgresql", "u", "p", "h", "", "db", NULL, 22 },
	{ "x+y+z://h", "x+y+z", NULL, NULL, "h", NULL, NULL, NULL, 9 },
};

static void
assert_part(const char *s, const struct dl_dburl_part *p, const char *want,
	    const char *what, const char *in)
{
	if (!want) {
		if (p->present)
			fail_msg("%s of '%s': expected absent, got '%.*s'", what, in,
				 (int)p->len, s + p->off);
		return;
	}
	if (!p->present)
		fail_msg("%s of '%s': expected '%s', got absent", what, in, want);
	if (p->len != strlen(want) || memcmp(s + p->off, want, p->len) != 0)
		fail_msg("%s of '%s': expected '%s', got '%.*s'", what, in, want,
			 (int)p->len, s + p->off);
}

static void
test_split_like_sqlalchemy(void **state)
{
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]); i++) {
		const struct split_case *c = &split_cases[i];
		struct dl_dburl u;

		assert_int_equal(dl_dburl_parse(&u, c->in, strlen(c->in)), 0);
		assert_part(c->in, &u.scheme, c->scheme, "scheme", c->in);
		assert_part(c->in, &u.user, c->user, "user", c->in);
		assert_part(c->in, &u.password, c->password, "password", c->in);
		assert_part(c->in, &u.host, c->host, "host", c->in);
		assert_part(c->in, &u.port, c->port, "port", c->in);
		assert_part(c->in, &u.database, c->database, "database", c->in);
		assert_part(c->in, &u.query, c->query, "query", c->in);
		assert_int_equal(u.end, c->end);
	}
}

static void
test_no_match(void **state)
{
	static const char *const bad[] = {
		"",
		"postgresql:/x",
		"postgresql//x",
		"://h",
		"DATABASE_URL=postgresql://h",
		" postgresql://h",
		"post gres://h",
		"postgresql:",
		"postgresql:/",
	};
	size_t i;
	struct dl_dburl u;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(dl_dburl_parse(&u, bad[i], strlen(bad[i])), -1);
}

static void
test_length_is_respected(void **state)
{
	/* the bytes after len must not be read: "h" then garbage */
	const char buf[] = "postgresql://u:p@hXXXX:1/db";
	struct dl_dburl u;
	(void)state;

	assert_int_equal(dl_dburl_parse(&u, buf, 18), 0);
	assert_int_equal(u.host.len, 1);
	assert_false(u.port.present);
	/* a truncated scheme separator does not match */
	assert_int_equal(dl_dburl_parse(&u, buf, 12), -1);
}

static void
test_dialect_driver_backend(void **state)
{
	const char *s = "postgresql+asyncpg://h/db";
	struct dl_dburl u;
	(void)state;

	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_true(dl_dburl_part_is(&u.dialect, s, "postgresql"));
	assert_true(dl_dburl_part_is(&u.driver, s, "asyncpg"));
	assert_int_equal(u.backend, DL_DBURL_POSTGRESQL);

	s = "postgres://h";
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_int_equal(u.backend, DL_DBURL_POSTGRES);
	assert_false(u.driver.present);

	s = "Postgresql://h"; /* plugin names are case-sensitive */
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_int_equal(u.backend, DL_DBURL_OTHER);

	assert_int_equal(dl_dburl_backend("sqlite+aiosqlite", 16), DL_DBURL_SQLITE);
	assert_int_equal(dl_dburl_backend("mariadb", 7), DL_DBURL_MYSQL);
	assert_int_equal(dl_dburl_backend("rediss", 6), DL_DBURL_REDIS);
	assert_int_equal(dl_dburl_backend("http", 4), DL_DBURL_OTHER);
}

static void
test_port(void **state)
{
	struct dl_dburl u;
	const char *s;
	(void)state;

	s = "postgresql://h:6543/db";
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_true(u.port_valid);
	assert_int_equal(u.port_num, 6543);

	s = "postgresql://h:54x2/db"; /* int('54x2') raises */
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_false(u.port_valid);
	assert_int_equal(u.port_num, -1);

	s = "postgresql://h:5_432/db"; /* int() takes underscores */
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_true(u.port_valid);
	assert_int_equal(u.port_num, -1);

	s = "postgresql://h:99999/db";
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_true(u.port_valid);
	assert_int_equal(u.port_num, -1);

	s = "postgresql://h/db";
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_true(u.port_valid);
	assert_int_equal(u.port_num, -1);
}

static void
test_query_items(void **state)
{
	const char *s = "postgresql+asyncpg://h/db?sslmode=require&x&empty=&ssl%6Dode=a+b&k=1=2";
	struct dl_dburl u;
	const struct dl_dburl_param *p;
	(void)state;

	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_int_equal(u.params_nr, 5);
	assert_true(u.params[0].kept);
	assert_false(u.params[1].kept); /* no '=' */
	assert_false(u.params[1].value.present);
	assert_false(u.params[2].kept); /* empty value */
	assert_true(u.params[4].kept);
	assert_int_equal(u.params[4].value.len, 3); /* "1=2" */
	p = dl_dburl_param(&u, s, "sslmode");
	assert_ptr_equal(p, &u.params[0]);
	assert_null(dl_dburl_param(&u, s, "empty"));
	assert_null(dl_dburl_param(&u, s, "x"));

	/* the query stops at a line break ('.' in the pattern) */
	s = "postgresql://h/db?a=1\nb=2";
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_int_equal(u.params_nr, 1);
	assert_int_equal(u.end, 21);
}

static void
test_query_limit(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_dburl u;
	size_t i;
	(void)state;

	dl_strbuf_puts(&sb, "postgresql://h/db?");
	for (i = 0; i < DL_MAX_DBURL_PARAMS + 10; i++)
		dl_strbuf_addf(&sb, "k%zu=v&", i);
	assert_int_equal(dl_dburl_parse(&u, sb.buf, sb.len), 0);
	assert_int_equal(u.params_nr, DL_MAX_DBURL_PARAMS);
	assert_true(u.params_truncated);
	dl_strbuf_release(&sb);
}

static void
test_decode(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	(void)state;

	dl_dburl_decode(&sb, "p%40ss%2fw%zz%4", 15, 0);
	assert_string_equal(sb.buf, "p@ss/w%zz%4");
	dl_strbuf_reset(&sb);
	dl_dburl_decode(&sb, "a+b%2B", 6, 1);
	assert_string_equal(sb.buf, "a b+");
	dl_strbuf_reset(&sb);
	dl_dburl_decode(&sb, "a+b", 3, 0);
	assert_string_equal(sb.buf, "a+b");
	dl_strbuf_release(&sb);
}

struct host_case {
	const char *host;
	enum dl_dburl_host kind;
};

static void
test_classify_host(void **state)
{
	static const struct host_case cases[] = {
		{ "", DL_DBHOST_NONE },
		{ "localhost", DL_DBHOST_LOCAL },
		{ "LOCALHOST", DL_DBHOST_LOCAL },
		{ "127.0.0.1", DL_DBHOST_LOCAL },
		{ "127.1.2.3", DL_DBHOST_LOCAL },
		{ "::1", DL_DBHOST_LOCAL },
		{ "0.0.0.0", DL_DBHOST_LOCAL },
		{ "127.example.com", DL_DBHOST_OTHER },
		{ "db", DL_DBHOST_BARE },
		{ "postgres", DL_DBHOST_BARE },
		{ "dpg-abc123def456-a", DL_DBHOST_RENDER_INTERNAL },
		{ "dpg-abc123def456-a.oregon-postgres.render.com", DL_DBHOST_RENDER_EXTERNAL },
		{ "dpg-abc123def456-a.frankfurt-postgres.render.com", DL_DBHOST_RENDER_EXTERNAL },
		{ "myapp.onrender.com", DL_DBHOST_OTHER },
		{ "db.abcdefghijklmnopqrst.supabase.co", DL_DBHOST_SUPABASE_DIRECT },
		{ "aws-0-eu-central-1.pooler.supabase.com", DL_DBHOST_SUPABASE_POOLER },
		{ "aws-1-ap-southeast-1.pooler.supabase.com", DL_DBHOST_SUPABASE_POOLER },
		{ "aws-1-eu-north-1.supabase.com", DL_DBHOST_SUPABASE_OTHER },
		{ "abcdefghijklmnopqrst.supabase.co", DL_DBHOST_SUPABASE_OTHER },
		{ "eu-north-1.pooler.supabase.com", DL_DBHOST_SUPABASE_OTHER },
		{ "db.[project-ref].supabase.co", DL_DBHOST_TEMPLATE },
		{ "ep-cool-darkness-123456.us-east-2.aws.neon.tech", DL_DBHOST_NEON },
		{ "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech", DL_DBHOST_NEON_POOLER },
		{ "${DB_HOST}", DL_DBHOST_TEMPLATE },
		{ "<host>", DL_DBHOST_TEMPLATE },
		{ "{host}", DL_DBHOST_TEMPLATE },
		{ "$DB_HOST", DL_DBHOST_TEMPLATE },
		{ "ss@db.abcdefghijklmnopqrst.supabase.co", DL_DBHOST_OTHER },
		{ "2001:db8::1", DL_DBHOST_OTHER },
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum dl_dburl_host k = dl_dburl_classify_host(cases[i].host,
							      strlen(cases[i].host));
		if (k != cases[i].kind)
			fail_msg("host '%s': expected %d, got %d", cases[i].host,
				 (int)cases[i].kind, (int)k);
	}
}

static void
test_host_kind_set_by_parse(void **state)
{
	const char *s = "postgresql://postgres.ref:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres";
	struct dl_dburl u;
	(void)state;

	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_int_equal(u.host_kind, DL_DBHOST_SUPABASE_POOLER);
	assert_int_equal(u.port_num, 6543);
	assert_int_equal(u.at_count, 1);

	s = "postgresql://u:p@ss@h/db";
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_int_equal(u.at_count, 2);
	assert_int_equal(u.host_kind, DL_DBHOST_OTHER);

	s = "postgresql://[::1]/db";
	assert_int_equal(dl_dburl_parse(&u, s, strlen(s)), 0);
	assert_true(u.host_ipv6);
	assert_int_equal(u.host_kind, DL_DBHOST_LOCAL);
}

static void
check_redact(const char *in, const char *want)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;

	dl_dburl_redact(&sb, in, strlen(in));
	if (strcmp(sb.buf, want) != 0)
		fail_msg("redact '%s': expected '%s', got '%s'", in, want, sb.buf);
	dl_strbuf_release(&sb);
}

static void
test_redact(void **state)
{
	(void)state;
	check_redact("postgresql://u:s3cret@h:5432/db", "postgresql://u:***@h:5432/db");
	check_redact("postgresql://u@h/db", "postgresql://u@h/db");
	check_redact("postgresql://h:5432/db", "postgresql://h:5432/db");
	check_redact("postgresql://u:@h/db", "postgresql://u:@h/db");
	/* an unescaped '@' never leaks the password's tail */
	check_redact("postgres://u:p@ss@h/db", "postgres://u:***@h/db");
	/* strings SQLAlchemy cannot parse are redacted too */
	check_redact("DATABASE_URL=postgresql://u:pw@h/db", "DATABASE_URL=postgresql://u:***@h/db");
	check_redact("no url here", "no url here");
	check_redact("", "");
}

static void
test_find(void **state)
{
	const char *t = "see https://x.io and DATABASE_URL=postgresql+psycopg2://u:p@h/db\n"
			"then xpostgres://nope and 'sqlite:///a.db'";
	size_t a, b, from = 0;
	(void)state;

	assert_int_equal(dl_dburl_find(t, strlen(t), from, &a, &b), 1);
	assert_int_equal(strncmp(t + a, "postgresql+psycopg2://u:p@h/db", b - a), 0);
	assert_int_equal(b - a, strlen("postgresql+psycopg2://u:p@h/db"));
	from = b;
	assert_int_equal(dl_dburl_find(t, strlen(t), from, &a, &b), 1);
	assert_int_equal(strncmp(t + a, "sqlite:///a.db", b - a), 0);
	from = b;
	assert_int_equal(dl_dburl_find(t, strlen(t), from, &a, &b), 0);
}

static void
test_placeholder(void **state)
{
	static const char *const yes[] = {
		"<password>",
		"${DB_PASSWORD}",
		"password",
		"PASS",
		"user",
		"host",
		"[YOUR-PASSWORD]",
		"your-password",
		"changeme",
		"xxxx",
		"{pw}",
		"%(pw)s",
		"$PGPASSWORD",
	};
	static const char *const no[] = {
		"s3cr3t",
		"Pa$w0rd!",
		"prod_user",
		"aws-0-eu-central-1.pooler.supabase.com",
		"a{b",
		"x<y",
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!dl_dburl_is_placeholder(yes[i], strlen(yes[i])))
			fail_msg("'%s' should be a placeholder", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (dl_dburl_is_placeholder(no[i], strlen(no[i])))
			fail_msg("'%s' should not be a placeholder", no[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_like_sqlalchemy),
		cmocka_unit_test(test_no_match),
		cmocka_unit_test(test_length_is_respected),
		cmocka_unit_test(test_dialect_driver_backend),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_query_items),
		cmocka_unit_test(test_query_limit),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_classify_host),
		cmocka_unit_test(test_host_kind_set_by_parse),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_placeholder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
