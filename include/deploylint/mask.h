/*
 * deploylint: the one masking layer every output goes through. Whatever
 * shows bytes of a scanned file (context lines, messages, related notes,
 * the --fix diff, the revision graph, configuration errors) asks here what
 * on them is secret, and prints the result through the same escaping.
 *
 * "Secret" is decided in one function, dl_mask_line(): the catalogue's
 * credential formats (built-in and every user secret-pattern a run has
 * registered), scheme://user:password@ URL passwords, the value of a
 * secret-named key, and, in .env-style files, the whole value of every
 * assignment (comment tails and ${...} prefixes included) unless it is
 * plainly not a secret (a boolean word, a short number, a bare ${NAME}
 * reference). When unsure it masks: a context line that shows too little
 * is a smaller fault than one that shows a secret.
 */
#ifndef DEPLOYLINT_MASK_H
#define DEPLOYLINT_MASK_H

#include <stddef.h>

#include "deploylint/secrets.h"
#include "deploylint/util.h"

/*
 * The catalogues a set of outputs is masked with besides the built-in one:
 * each run's catalogue (built-in formats plus the configuration's
 * secret-patterns). A report holds one (struct dl_report.mask): every run
 * whose findings it gathers (several PATHs) adds its own, and each masks
 * everywhere (masking too much is safe). No global state: who prints asks
 * with the mask of what it prints. Zero-initialised is empty.
 */
struct dl_mask {
	struct dl_secrets **catalogues;
	size_t nr, alloc;
};

/* Hands catalogue s to m, which owns it from then on. NULL is ignored. */
void dl_mask_adopt(struct dl_mask *m, struct dl_secrets *s);
/* Frees m's catalogues; m is left empty. */
void dl_mask_clear(struct dl_mask *m);

/*
 * Masks one source line (line[0 .. len), no line break; may hold NULs,
 * which end it) of the file `path` ('/'-separated, relative; may be NULL)
 * with the built-in catalogue and m's (m may be NULL: the built-in one
 * alone): every masked byte becomes '*', so columns stay right. Returns a
 * malloc'd NUL-terminated string of the same length (up to a NUL in the
 * input).
 */
char *dl_mask_line_with(const struct dl_mask *m, const char *path, const char *line,
			size_t len);
/* dl_mask_line_with(NULL, ...): the built-in catalogue alone. */
char *dl_mask_line(const char *path, const char *line, size_t len);

/*
 * Masks a message (NUL-terminated, any number of lines) with the built-in
 * catalogue and m's (m may be NULL): URL passwords and credential formats
 * become "***". Returns a malloc'd copy.
 */
char *dl_mask_message_with(const struct dl_mask *m, const char *msg);
/* dl_mask_message_with(NULL, msg). */
char *dl_mask_message(const char *msg);

/*
 * A quotable form of untrusted bytes (file contents, configuration keys)
 * for a message: at most `max` bytes of s[0 .. len) (cut on a UTF-8
 * boundary, "..." appended when cut), credential formats masked, and every
 * run of 8 or more bytes of [A-Za-z0-9_+/=-] holding both letters and
 * digits (a token that may be a random secret) replaced by '*'s. Control
 * characters are left for the emitters to escape. Returns a malloc'd
 * NUL-terminated string.
 */
char *dl_mask_quote(const char *s, size_t len, size_t max);

/*
 * Whether the unit (a UTF-8 character, or one byte) at s[0 .. len), len > 0,
 * must not reach a terminal or log raw: C0 controls but tab, DEL, C1
 * controls, bytes that are not valid UTF-8, and the bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) that reorder
 * what a reader sees. Returns the unit's length in bytes; a unit to escape
 * is always 1 byte long (a bidi control's first byte: its other bytes,
 * seen alone, are not valid UTF-8 and are escaped in turn).
 */
size_t dl_mask_unit(const char *s, size_t len, int *escape);

/*
 * Appends s[0 .. len) to out with each unit dl_mask_unit() flags written
 * as an escape: "\n", "\r", or "\xHH" per byte. Other bytes, tabs
 * included, are copied.
 */
void dl_mask_put_safe(struct dl_strbuf *out, const char *s, size_t len);

#endif
