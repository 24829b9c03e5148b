/*
 * Unit tests for --fix: edit application, the unified diff writer, the
 * fix plan (overlaps, duplicates), atomic writes, and the git index mode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploylint/finding.h"
#include "deploylint/fix.h"
#include "deploylint/util.h"

static struct dl_edit
ed(size_t off, size_t len, const char *text)
{
	struct dl_edit e;
	e.offset = off;
	e.len = len;
	e.text = (char *)text;
	e.text_len = text ? strlen(text) : 0;
	return e;
}

static void
test_apply_edits(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_edit e[3];
	(void)state;

	e[0] = ed(0, 3, NULL);  /* delete */
	e[1] = ed(4, 3, "=");   /* replace */
	e[2] = ed(15, 0, "ql"); /* insert, at the end */
	assert_int_equal(dl_fix_apply_edits(&sb, "\xef\xbb\xbf"
						 "A = postgres",
					    15, e, 3),
			 0);
	assert_string_equal(sb.buf, "A=postgresql");
	dl_strbuf_reset(&sb);
	/* an edit may start where the previous one ends */
	e[0] = ed(0, 2, "x");
	e[1] = ed(2, 2, "y");
	assert_int_equal(dl_fix_apply_edits(&sb, "aabb", 4, e, 2), 0);
	assert_string_equal(sb.buf, "xy");
	dl_strbuf_reset(&sb);
	/* refused, output untouched: overlap, same offset, unsorted, past the end */
	e[0] = ed(0, 3, NULL);
	e[1] = ed(2, 1, NULL);
	assert_int_equal(dl_fix_apply_edits(&sb, "abcd", 4, e, 2), -1);
	e[1] = ed(0, 0, "x");
	assert_int_equal(dl_fix_apply_edits(&sb, "abcd", 4, e, 2), -1);
	e[0] = ed(3, 1, NULL);
	e[1] = ed(1, 1, NULL);
	assert_int_equal(dl_fix_apply_edits(&sb, "abcd", 4, e, 2), -1);
	e[0] = ed(3, 2, NULL);
	assert_int_equal(dl_fix_apply_edits(&sb, "abcd", 4, e, 1), -1);
	e[0] = ed(5, 0, "x");
	assert_int_equal(dl_fix_apply_edits(&sb, "abcd", 4, e, 1), -1);
	assert_int_equal(sb.len, 0);
	dl_strbuf_release(&sb);
}

/* The diff of data with edits, no masking. */
static char *
diff_of(const char *path, const char *data, const struct dl_edit *e, size_t n)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	assert_int_equal(dl_fix_diff(&sb, path, data, strlen(data), e, n, 0, 0, NULL), 0);
	return dl_strbuf_detach(&sb, NULL);
}

static const char ten[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";

static void
test_diff_context(void **state)
{
	struct dl_edit e[2];
	char *d;
	(void)state;

	/* line 5 of 10: three lines of context each side */
	e[0] = ed(8, 1, "five");
	d = diff_of("f", ten, e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
	free(d);
	/* the first line: no context before it */
	e[0] = ed(0, 1, "one");
	d = diff_of("f", ten, e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n");
	free(d);
	/* lines 1 and 8: six unchanged lines between them join the hunks */
	e[0] = ed(0, 1, "one");
	e[1] = ed(14, 1, "eight");
	d = diff_of("f", ten, e, 2);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,10 +1,10 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n"
			       "-8\n+eight\n 9\n 10\n");
	free(d);
	/* lines 1 and 9: seven between them make two hunks */
	e[1] = ed(16, 1, "nine");
	d = diff_of("f", ten, e, 2);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n"
			       "@@ -6,5 +6,5 @@\n 6\n 7\n 8\n-9\n+nine\n 10\n");
	free(d);
}

static void
test_diff_lines_change(void **state)
{
	struct dl_edit e[2];
	char *d;
	(void)state;

	/* deleting a line break joins two lines; later hunks shift */
	e[0] = ed(1, 1, NULL);
	e[1] = ed(18, 2, "X");
	d = diff_of("f", ten, e, 2);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,5 +1,4 @@\n-1\n-2\n+12\n 3\n 4\n 5\n"
			       "@@ -7,4 +6,4 @@\n 7\n 8\n 9\n-10\n+X\n");
	free(d);
	/* a new line inserted */
	e[0] = ed(2, 0, "1.5\n");
	d = diff_of("f", "1\n2\n", e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,2 +1,3 @@\n 1\n-2\n+1.5\n+2\n");
	free(d);
	/* the only line removed: an empty new range */
	e[0] = ed(0, 2, NULL);
	d = diff_of("f", "a\n", e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1 +0,0 @@\n-a\n");
	free(d);
	/* an empty file gets a line */
	e[0] = ed(0, 0, "x\n");
	d = diff_of("f", "", e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -0,0 +1 @@\n+x\n");
	free(d);
}

static void
test_diff_no_newline_and_cr(void **state)
{
	struct dl_edit e[3];
	char *d;
	(void)state;

	/* a last line without '\n', before and after */
	e[0] = ed(2, 1, "B");
	d = diff_of("f", "a\nb", e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
			       "+B\n\\ No newline at end of file\n");
	free(d);
	/* appending a line break at the end */
	e[0] = ed(3, 0, "\n");
	d = diff_of("f", "a\nb", e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
	free(d);
	/* a context line without '\n' keeps the marker too */
	e[0] = ed(0, 1, "A");
	d = diff_of("f", "a\nb", e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,2 +1,2 @@\n-a\n+A\n b\n\\ No newline at end of file\n");
	free(d);
	/* CR LF to LF and a BOM: the '\r' shows as "\\r" in the removed lines */
	e[0] = ed(0, 3, NULL);
	e[1] = ed(6, 1, NULL);
	e[2] = ed(12, 1, NULL);
	d = diff_of(".env", "\xef\xbb\xbf"
			    "A=1\r\nB=22\r\n",
		    e, 3);
	assert_string_equal(d, "diff --git a/.env b/.env\n--- a/.env\n+++ b/.env\n"
			       "@@ -1,2 +1,2 @@\n-\xef\xbb\xbf"
			       "A=1\\r\n-B=22\\r\n+A=1\n+B=22\n");
	free(d);
}

static void
test_diff_header_and_modes(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_edit e = ed(0, 1, "y");
	(void)state;

	assert_int_equal(dl_fix_diff(&sb, "backend/build.sh", NULL, 0, NULL, 0,
				     0100644, 0100755, NULL),
			 0);
	assert_string_equal(sb.buf, "diff --git a/backend/build.sh b/backend/build.sh\n"
				    "old mode 100644\nnew mode 100755\n");
	dl_strbuf_reset(&sb);
	/* names git would quote are quoted */
	assert_int_equal(dl_fix_diff(&sb, "a\tb\"c", "x\n", 2, &e, 1, 0, 0, NULL), 0);
	assert_string_equal(sb.buf, "diff --git \"a/a\\tb\\\"c\" \"b/a\\tb\\\"c\"\n"
				    "--- \"a/a\\tb\\\"c\"\n+++ \"b/a\\tb\\\"c\"\n@@ -1 +1 @@\n-x\n+y\n");
	dl_strbuf_reset(&sb);
	/* invalid edits: nothing written */
	e = ed(5, 1, "y");
	assert_int_equal(dl_fix_diff(&sb, "f", "x\n", 2, &e, 1, 0, 0, NULL), -1);
	assert_int_equal(sb.len, 0);
	dl_strbuf_release(&sb);
}

/* A masker that stars every digit, and counts its calls. */
static int redact_calls;

static char *
star_digits(const char *path, const char *line, size_t len)
{
	char *s = dl_xstrndup(line, len);
	size_t i;
	(void)path;
	redact_calls++;
	for (i = 0; i < len; i++) {
		assert_true(s[i] != '\n' && s[i] != '\r');
		if (s[i] >= '0' && s[i] <= '9')
			s[i] = '*';
	}
	return s;
}

static void
test_diff_masks_every_line(void **state)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	struct dl_edit e = ed(10, 3, "=");
	const char *data = "A=1\nB=22\nC = 333\r\nD=4444\n";
	(void)state;

	redact_calls = 0;
	assert_int_equal(dl_fix_diff(&sb, ".env", data, strlen(data), &e, 1, 0, 0,
				     star_digits),
			 0);
	assert_string_equal(sb.buf, "diff --git a/.env b/.env\n--- a/.env\n+++ b/.env\n"
				    "@@ -1,4 +1,4 @@\n A=*\n B=**\n-C = ***\\r\n+C=***\\r\n D=****\n");
	assert_int_equal(redact_calls, 5);
	dl_strbuf_release(&sb);
}

/* issue 13 item 3: the diff escapes what the text report escapes */
static void
test_diff_escapes(void **state)
{
	struct dl_edit e = ed(0, 1, "b");
	char *d;
	(void)state;
	d = diff_of("f", "a\n\x1b]0;x\x07\xe2\x80\xae\x1b[2J\n", &e, 1);
	assert_string_equal(d, "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
			       "@@ -1,2 +1,2 @@\n-a\n+b\n \\x1b]0;x\\x07\\xe2\\x80\\xae\\x1b[2J\n");
	assert_null(strchr(d, 0x1b));
	free(d);
}

static void
test_redact_line(void **state)
{
	char *r;
	(void)state;
	/* .env: the value of a secret-named key, whatever it looks like */
	r = dl_fix_redact_line(".env", "SECRET_KEY=SECRET_KEY=abc", 25);
	assert_string_equal(r, "SECRET_KEY=**************");
	free(r);
	r = dl_fix_redact_line("backend/.env.production", "export DB_PASSWORD = \"hunter2\"", 30);
	assert_string_equal(r, "export DB_PASSWORD = \"*******\"");
	free(r);
	r = dl_fix_redact_line(".env", "PORT = 8000", 11);
	assert_string_equal(r, "PORT = 8000");
	free(r);
	/* URL passwords everywhere */
	r = dl_fix_redact_line(".env", "DATABASE_URL=postgresql://app:s3cretpw@db/app", 45);
	assert_null(strstr(r, "s3cretpw"));
	assert_non_null(strstr(r, "postgresql://"));
	assert_non_null(strstr(r, "@db/app"));
	free(r);
	/* issue 13 item 3: `export KEY VALUE` (no '=') and a CR LF line */
	r = dl_fix_redact_line(".env", "export PAYMENT_KEY Zq7Xv2Lm9Np4Rt6Wb3Ks", 39);
	assert_string_equal(r, "export PAYMENT_KEY ********************");
	free(r);
}

static void
test_finding_fix(void **state)
{
	struct dl_report r;
	struct dl_rule rule;
	struct dl_finding *f;
	(void)state;

	memset(&rule, 0, sizeof(rule));
	rule.id = "ENV005";
	rule.level = DL_LEVEL_WARNING;
	dl_report_init(&r);
	f = dl_report_add(&r, &rule, ".env", dl_region_span(1, 1, 1), "m");
	assert_null(f->fix);
	dl_finding_fix_edit(f, ".env", 3, 3, "=", 1);
	dl_finding_fix_edit(f, ".env", 9, 0, NULL, 0);
	assert_non_null(f->fix);
	assert_string_equal(f->fix->path, ".env");
	assert_int_equal(f->fix->edits_nr, 2);
	assert_string_equal(f->fix->edits[0].text, "=");
	assert_null(f->fix->edits[1].text);
	assert_false(f->fix->void_fix);
	/* another file: the fix is void for good */
	dl_finding_fix_edit(f, "other", 0, 1, NULL, 0);
	assert_true(f->fix->void_fix);
	assert_int_equal(f->fix->edits_nr, 0);
	dl_finding_fix_exec(f, ".env");
	assert_false(f->fix->set_exec);
	dl_finding_fix_drop(f);
	assert_null(f->fix);
	dl_report_release(&r);
}

static struct dl_fix
mkfix(const char *path, struct dl_edit *e, size_t n)
{
	struct dl_fix fx;
	memset(&fx, 0, sizeof(fx));
	fx.path = (char *)path;
	fx.edits = e;
	fx.edits_nr = n;
	return fx;
}

static void
test_plan_overlaps(void **state)
{
	struct dl_fix_plan p;
	struct dl_edit a[2], b[1], c[1], d[1], x[1];
	struct dl_fix fa, fb, fc, fd, fx, fv;
	const char *data = "K = K=v\r\nL=1\r\n";
	(void)state;

	dl_fix_plan_init(&p);
	dl_fix_plan_add_file(&p, ".env", "/nonexistent/.env", data, strlen(data), 0);
	a[0] = ed(1, 3, "=");   /* ENV005 */
	a[1] = ed(7, 1, NULL);  /* one CR */
	b[0] = ed(4, 2, NULL);  /* ENV001: starts where a[0] ends */
	c[0] = ed(2, 1, "X");   /* inside a[0]: refused */
	d[0] = ed(7, 1, NULL);  /* the same CR again: taken once */
	x[0] = ed(50, 1, NULL); /* past the end */
	fa = mkfix(".env", a, 2);
	fb = mkfix(".env", b, 1);
	fc = mkfix(".env", c, 1);
	fd = mkfix(".env", d, 1);
	fx = mkfix(".env", x, 1);
	assert_int_equal(dl_fix_plan_add(&p, &fa), 1);
	assert_int_equal(dl_fix_plan_add(&p, &fb), 1);
	assert_int_equal(dl_fix_plan_add(&p, &fc), 0);
	assert_int_equal(dl_fix_plan_add(&p, &fd), 1);
	assert_int_equal(dl_fix_plan_add(&p, &fx), 0);
	fv = mkfix("missing", d, 1);
	assert_int_equal(dl_fix_plan_add(&p, &fv), 0);
	fv = mkfix(".env", d, 1);
	fv.void_fix = 1;
	assert_int_equal(dl_fix_plan_add(&p, &fv), 0);
	fv = mkfix(".env", NULL, 0);
	fv.set_exec = 1; /* not 100644 in git */
	assert_int_equal(dl_fix_plan_add(&p, &fv), 0);
	assert_int_equal(p.accepted, 3);
	assert_int_equal(p.rejected, 5);
	assert_int_equal(p.files[0].edits_nr, 3);
	assert_int_equal(p.files[0].edits[0].offset, 1);
	assert_int_equal(p.files[0].edits[1].offset, 4);
	assert_int_equal(p.files[0].edits[2].offset, 7);
	{
		struct dl_strbuf sb = DL_STRBUF_INIT;
		assert_int_equal(dl_fix_apply_edits(&sb, data, strlen(data), p.files[0].edits,
						    p.files[0].edits_nr),
				 0);
		assert_string_equal(sb.buf, "K=v\nL=1\r\n");
		dl_strbuf_release(&sb);
	}
	dl_fix_plan_release(&p);
}

static char *
tmpdir(void)
{
	char tmpl[] = "/tmp/dltestfix.XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return dl_xstrdup(d);
}

static void
write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, strlen(s), f), strlen(s));
	assert_int_equal(fclose(f), 0);
}

static char *
read_file(const char *path)
{
	struct dl_strbuf sb = DL_STRBUF_INIT;
	char buf[256];
	size_t n;
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		dl_strbuf_put(&sb, buf, n);
	fclose(f);
	return dl_strbuf_detach(&sb, NULL);
}

static void
test_plan_writes(void **state)
{
	char *dir = tmpdir(), *s;
	struct dl_strbuf env = DL_STRBUF_INIT, link = DL_STRBUF_INIT, other = DL_STRBUF_INIT;
	struct dl_strbuf diff = DL_STRBUF_INIT, errors = DL_STRBUF_INIT;
	struct dl_fix_plan p;
	struct dl_edit e1 = ed(4, 3, "="), e2 = ed(0, 1, "b"), e3 = ed(0, 1, "c");
	struct dl_fix f1 = mkfix("app/.env", &e1, 1), f2 = mkfix("link", &e2, 1);
	struct dl_fix f3 = mkfix("other", &e3, 1);
	struct stat st;
	(void)state;

	dl_strbuf_addf(&env, "%s/.env", dir);
	dl_strbuf_addf(&link, "%s/link", dir);
	dl_strbuf_addf(&other, "%s/other", dir);
	write_file(env.buf, "PORT = 8000\n");
	assert_int_equal(chmod(env.buf, 0640), 0);
	assert_int_equal(symlink(".env", link.buf), 0);
	write_file(other.buf, "a\n");

	/* a dry run changes nothing and still prints the diff */
	dl_fix_plan_init(&p);
	dl_fix_plan_add_file(&p, "app/.env", env.buf, "PORT = 8000\n", 12, 0);
	assert_int_equal(dl_fix_plan_add(&p, &f1), 1);
	assert_int_equal(dl_fix_plan_run(&p, 0, &diff, &errors), 0);
	assert_string_equal(diff.buf, "diff --git a/app/.env b/app/.env\n--- a/app/.env\n"
				      "+++ b/app/.env\n@@ -1 +1 @@\n-PORT = 8000\n+PORT=8000\n");
	assert_int_equal(p.applied, 1);
	s = read_file(env.buf);
	assert_string_equal(s, "PORT = 8000\n");
	free(s);
	dl_fix_plan_release(&p);

	/* applied: the file is replaced, its mode kept; a symbolic link and a
	 * file that changed since it was read are left alone */
	dl_strbuf_reset(&diff);
	dl_fix_plan_init(&p);
	dl_fix_plan_add_file(&p, "app/.env", env.buf, "PORT = 8000\n", 12, 0);
	dl_fix_plan_add_file(&p, "link", link.buf, "PORT = 8000\n", 12, 0);
	dl_fix_plan_add_file(&p, "other", other.buf, "z\n", 2, 0);
	assert_int_equal(dl_fix_plan_add(&p, &f1), 1);
	assert_int_equal(dl_fix_plan_add(&p, &f2), 1);
	assert_int_equal(dl_fix_plan_add(&p, &f3), 1);
	assert_int_equal(dl_fix_plan_run(&p, 1, &diff, &errors), 0);
	assert_string_equal(diff.buf, "diff --git a/app/.env b/app/.env\n--- a/app/.env\n"
				      "+++ b/app/.env\n@@ -1 +1 @@\n-PORT = 8000\n+PORT=8000\n");
	assert_string_equal(errors.buf, "link: not fixed: not a regular file: Too many levels of symbolic links\n"
					"other: not fixed: it changed since deploylint read it\n");
	assert_int_equal(p.applied, 1);
	s = read_file(env.buf);
	assert_string_equal(s, "PORT=8000\n");
	free(s);
	assert_int_equal(lstat(env.buf, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(lstat(link.buf, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	s = read_file(other.buf);
	assert_string_equal(s, "a\n");
	free(s);
	dl_fix_plan_release(&p);

	unlink(env.buf);
	unlink(link.buf);
	unlink(other.buf);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
	dl_strbuf_release(&env);
	dl_strbuf_release(&link);
	dl_strbuf_release(&other);
	dl_strbuf_release(&diff);
	dl_strbuf_release(&errors);
	free(dir);
}

static void
test_plan_sets_exec_bit(void **state)
{
	char *dir = tmpdir();
	struct dl_strbuf path = DL_STRBUF_INIT, diff = DL_STRBUF_INIT, errors = DL_STRBUF_INIT;
	git_repository *git = NULL;
	git_index *index = NULL;
	const git_index_entry *e;
	struct dl_fix_plan p;
	struct dl_fix fx = mkfix("build.sh", NULL, 0);
	struct stat st;
	(void)state;

	git_libgit2_init();
	assert_int_equal(git_repository_init(&git, dir, 0), 0);
	dl_strbuf_addf(&path, "%s/build.sh", dir);
	write_file(path.buf, "#!/bin/sh\necho build\n");
	assert_int_equal(chmod(path.buf, 0644), 0);
	assert_int_equal(git_repository_index(&index, git), 0);
	assert_int_equal(git_index_add_bypath(index, "build.sh"), 0);
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
	index = NULL;

	fx.set_exec = 1;
	dl_fix_plan_init(&p);
	dl_fix_plan_add_file(&p, "build.sh", path.buf, NULL, 0, 0100644);
	assert_int_equal(dl_fix_plan_add(&p, &fx), 1);
	assert_int_equal(dl_fix_plan_run(&p, 1, &diff, &errors), 0);
	assert_string_equal(errors.buf, "");
	assert_string_equal(diff.buf, "diff --git a/build.sh b/build.sh\n"
				      "old mode 100644\nnew mode 100755\n");
	dl_fix_plan_release(&p);

	assert_int_equal(git_repository_index(&index, git), 0);
	assert_int_equal(git_index_read(index, 1), 0); /* written by the fix */
	e = git_index_get_bypath(index, "build.sh", 0);
	assert_non_null(e);
	assert_int_equal(e->mode, 0100755);
	git_index_free(index);
	assert_int_equal(stat(path.buf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);

	/* a second run finds 100755 and changes nothing */
	dl_strbuf_reset(&diff);
	dl_fix_plan_init(&p);
	dl_fix_plan_add_file(&p, "build.sh", path.buf, NULL, 0, 0100644);
	assert_int_equal(dl_fix_plan_add(&p, &fx), 1);
	assert_int_equal(dl_fix_plan_run(&p, 1, &diff, &errors), 0);
	assert_string_equal(errors.buf, "build.sh: not fixed: its mode in the git index changed since deploylint read it\n");
	assert_string_equal(diff.buf, "");
	assert_int_equal(p.applied, 0);
	dl_fix_plan_release(&p);

	git_repository_free(git);
	git_libgit2_shutdown();
	{
		struct dl_strbuf cmd = DL_STRBUF_INIT;
		dl_strbuf_addf(&cmd, "rm -rf '%s'", dir);
		assert_int_equal(system(cmd.buf), 0);
		dl_strbuf_release(&cmd);
	}
	dl_strbuf_release(&path);
	dl_strbuf_release(&diff);
	dl_strbuf_release(&errors);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_edits),
		cmocka_unit_test(test_diff_context),
		cmocka_unit_test(test_diff_lines_change),
		cmocka_unit_test(test_diff_no_newline_and_cr),
		cmocka_unit_test(test_diff_header_and_modes),
		cmocka_unit_test(test_diff_masks_every_line),
		cmocka_unit_test(test_redact_line),
		cmocka_unit_test(test_diff_escapes),
		cmocka_unit_test(test_finding_fix),
		cmocka_unit_test(test_plan_overlaps),
		cmocka_unit_test(test_plan_writes),
		cmocka_unit_test(test_plan_sets_exec_bit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
