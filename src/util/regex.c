/*
 * deploylint: the pcre2 wrapper (8-bit library, no UTF mode): compile once
 * with JIT, match under the match and depth limits of limits.h.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "deploylint/regex.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "deploylint/limits.h"
#include "deploylint/util.h"

struct dl_regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	size_t groups;
	int anchored; /* compiled PCRE2_ANCHORED */
};

struct dl_regex_scratch {
	pcre2_match_data *md;
	pcre2_jit_stack *jit; /* up to DL_REGEX_JIT_STACK bytes, made on the
			       * first match that needs more than pcre2's
			       * default 32 KiB; or NULL */
};

/* The JIT stack of the match running on this thread: match contexts are
 * shared by the threads, so the stack is found through a callback. */
static _Thread_local pcre2_jit_stack *thread_jit_stack;

static pcre2_jit_stack *
jit_stack_of_thread(void *data)
{
	(void)data;
	return thread_jit_stack; /* NULL: pcre2's 32 KiB on the machine stack */
}

int
dl_regex_compile(struct dl_regex **out, const char *pattern, unsigned flags,
		 char **err_out)
{
	struct dl_regex *re;
	uint32_t opts = 0, captures = 0;
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	pcre2_code *code;

	*out = NULL;
	if (flags & DL_REGEX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & DL_REGEX_MULTILINE)
		opts |= PCRE2_MULTILINE;
	if (flags & DL_REGEX_ANCHOR)
		opts |= PCRE2_ANCHORED;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			     opts | PCRE2_NEVER_UTF | PCRE2_NEVER_UCP |
				     PCRE2_NEVER_BACKSLASH_C,
			     &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR buf[256];
		struct dl_strbuf sb = DL_STRBUF_INIT;
		if (pcre2_get_error_message(errcode, buf, sizeof(buf)) < 0)
			memcpy(buf, "unknown error", sizeof("unknown error"));
		dl_strbuf_addf(&sb, "at offset %zu: %s", (size_t)erroff,
			       (const char *)buf);
		*err_out = dl_strbuf_detach(&sb, NULL);
		return -1;
	}
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
	if (captures >= DL_REGEX_MAX_GROUPS) {
		struct dl_strbuf sb = DL_STRBUF_INIT;
		dl_strbuf_addf(&sb, "%u capture groups (at most %d allowed)",
			       (unsigned)captures, DL_REGEX_MAX_GROUPS - 1);
		*err_out = dl_strbuf_detach(&sb, NULL);
		pcre2_code_free(code);
		return -1;
	}
	/* no JIT on this platform: the interpreter is used instead */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	re = dl_xcalloc(1, sizeof(*re));
	re->code = code;
	re->groups = captures;
	re->anchored = (flags & DL_REGEX_ANCHOR) != 0;
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->mctx) {
		pcre2_code_free(code);
		free(re);
		*err_out = dl_xstrdup("out of memory");
		return -1;
	}
	pcre2_set_match_limit(re->mctx, DL_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DL_REGEX_DEPTH_LIMIT);
	pcre2_jit_stack_assign(re->mctx, jit_stack_of_thread, NULL);
	*out = re;
	return 0;
}

void
dl_regex_free(struct dl_regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	free(re);
}

size_t
dl_regex_group_count(const struct dl_regex *re)
{
	return re->groups;
}

struct dl_regex_scratch *
dl_regex_scratch_new(void)
{
	struct dl_regex_scratch *s = dl_xcalloc(1, sizeof(*s));
	s->md = pcre2_match_data_create(DL_REGEX_MAX_GROUPS, NULL);
	if (!s->md) {
		free(s);
		return NULL;
	}
	return s;
}

void
dl_regex_scratch_free(struct dl_regex_scratch *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	pcre2_jit_stack_free(s->jit);
	free(s);
}

int
dl_regex_match(const struct dl_regex *re, struct dl_regex_scratch *scratch,
	       const char *subject, size_t len, size_t start, unsigned mflags,
	       struct dl_regex_span *groups, size_t ngroups)
{
	struct dl_regex_scratch *own = NULL;
	PCRE2_SIZE *ov;
	uint32_t opts = 0, pairs;
	size_t i;
	int rc;

	if (start > len)
		return 0;
	if (!scratch) {
		own = dl_regex_scratch_new();
		if (!own)
			return -1;
		scratch = own;
	}
	if ((mflags & DL_REGEX_ANCHORED) && !re->anchored)
		opts |= PCRE2_ANCHORED;
	thread_jit_stack = scratch->jit;
	rc = pcre2_match(re->code, (PCRE2_SPTR)(subject ? subject : ""), len, start, opts,
			 scratch->md, re->mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT && !scratch->jit) {
		/* pcre2's 32 KiB on the machine stack was not enough (a repeated
		 * group over a few thousand bytes): again with a stack of the
		 * scratch's own, made on first need, growing from 32 KiB */
		scratch->jit = pcre2_jit_stack_create(32u << 10, DL_REGEX_JIT_STACK, NULL);
		if (scratch->jit) {
			thread_jit_stack = scratch->jit;
			rc = pcre2_match(re->code, (PCRE2_SPTR)(subject ? subject : ""), len,
					 start, opts, scratch->md, re->mctx);
		}
	}
	thread_jit_stack = NULL;
	if (rc < 0) {
		dl_regex_scratch_free(own);
		return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
	}
	ov = pcre2_get_ovector_pointer(scratch->md);
	pairs = pcre2_get_ovector_count(scratch->md);
	for (i = 0; i < ngroups; i++) {
		/* rc == 0 cannot happen: the match data holds every group */
		if (i < pairs && i < (size_t)rc && ov[2 * i] != PCRE2_UNSET) {
			groups[i].start = ov[2 * i];
			groups[i].end = ov[2 * i + 1];
		} else {
			groups[i].start = groups[i].end = DL_REGEX_UNSET;
		}
	}
	dl_regex_scratch_free(own);
	return 1;
}
