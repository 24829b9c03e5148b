/*
 * deploylint: pip requirements files, read as pip (24.x,
 * src/pip/_internal/req/req_file.py) reads them, with positions for every
 * requirement, one file at a time. DL_KIND_REQUIREMENTS documents in the
 * parser registry are struct dl_requirements. The set of requirements a
 * service installs, following -r/-c includes across files, is the model's
 * (deploylint/reqset.h).
 */
#ifndef DEPLOYLINT_REQUIREMENTS_H
#define DEPLOYLINT_REQUIREMENTS_H

#include <stddef.h>

#include "deploylint/parse.h"
#include "deploylint/pep440.h"

enum dl_req_kind {
	DL_REQ_NAMED = 1, /* name[extras] specifiers ; marker */
	DL_REQ_URL,       /* name[extras] @ URL ; marker (direct reference) */
	DL_REQ_PATH,      /* a bare URL or local path (archive, wheel, project
			   * folder), name from "#egg=name" or NULL */
	DL_REQ_EDITABLE   /* -e/--editable TARGET (path or VCS URL) */
};

/*
 * One requirement. Every string is arena-owned and NUL-terminated; a
 * pointer is NULL when the part is absent. Positions are where the part
 * starts in the file (1-based line and byte column of the physical line
 * it is on, also across '\' continuations).
 */
struct dl_requirement {
	enum dl_req_kind kind;
	const char *name;       /* as written, NULL for an unnamed PATH or
				 * EDITABLE */
	const char *normalised; /* PEP 503: lower case, runs of -_. -> '-' */
	struct dl_pos name_pos;
	unsigned name_len;
	const char *extras;     /* text between [ and ] (e.g. "binary,pool"),
				 * or NULL */
	const char *specifier;  /* "==2.0.23,<3" as written (white space
				 * kept), NULL when none */
	struct dl_pos spec_pos; /* first byte of the specifier */
	unsigned spec_len;
	struct dl_pep440_specset specs; /* parsed specifier (empty when none
					 * or invalid) */
	int spec_invalid;               /* the specifier is not valid PEP 440 */
	const char *url;                /* URL/path of URL, PATH and EDITABLE */
	struct dl_pos url_pos;
	unsigned url_len;
	const char *marker; /* environment marker after ';', trimmed */
	struct dl_pos marker_pos;
	size_t hashes;     /* --hash options on the line */
	unsigned line;     /* first physical line of the statement */
	unsigned end_line; /* last physical line (continuations) */
	/*
	 * A pyproject.toml or Pipfile dependency whose version comes from a
	 * lock (src/model/project.c): the lock's path and the locked
	 * version's position and width there; NULL and zero otherwise.
	 */
	const char *lock_path;
	struct dl_pos lock_pos;
	unsigned lock_len;
};

/* -r/--requirement and -c/--constraint lines. */
struct dl_req_include {
	int constraint;     /* -c */
	const char *target; /* the file name as written */
	struct dl_pos pos;  /* the file name */
	unsigned len;
};

/* Any other option line (-i, --extra-index-url, --pre, ...). */
struct dl_req_option {
	const char *name;  /* long form without value: "--index-url" */
	const char *value; /* or NULL */
	struct dl_pos pos;
};

struct dl_requirements {
	struct dl_requirement *reqs; /* in file order */
	size_t nr;
	struct dl_req_include *includes;
	size_t includes_nr;
	struct dl_req_option *options;
	size_t options_nr;
	/* First line pip rejects ("Invalid requirement", unknown option, an
	 * option without its value); parsing goes on after it. */
	struct dl_parse_error error;
	/* The first line of a requirement past DL_MAX_REQ_LINES (not kept),
	 * or 0. */
	unsigned cut_line;
};

/*
 * Parses a requirements file as pip does: a leading UTF-8 BOM skipped;
 * lines joined on an unescaped trailing '\'; then a line starting with '#'
 * or white space followed by '#' ends at it; ${NAME} kept as written (not
 * substituted: deploylint has no environment). Then each logical line is
 * options only (-r, -c, -e, -i, --index-url, --extra-index-url, --no-index,
 * -f/--find-links, --pre, --prefer-binary, --only-binary, --no-binary,
 * --require-hashes, --trusted-host, --use-feature) or a requirement with
 * per-requirement options (--hash, --config-settings, --global-option).
 * Requirement names follow PEP 508 (letters, digits, '-', '_', '.');
 * "name @ URL" is a direct reference; a line containing '/' or '\', or
 * starting with '.', or ending in .whl/.zip/.tar.gz/..., is a path or URL.
 * Never fails; the first problem is recorded in out->error.
 */
void dl_requirements_parse(struct dl_requirements *out, struct dl_arena *arena,
			   const char *data, size_t len);
/* The parser-registry entry point: allocates and parses a document. */
void *dl_requirements_parse_doc(struct dl_arena *arena, const char *data,
				size_t len);

/*
 * Normalises a project name as PEP 503 does (lower case, every run of '-',
 * '_' and '.' becomes one '-') and appends it to out.
 */
void dl_requirements_normalise(struct dl_strbuf *out, const char *name, size_t len);

/*
 * Appends `len` bytes of `text` to out with the credentials of every URL
 * in it hidden: the password of "scheme://user:secret@host" becomes three
 * asterisks, and so does a user name without a password (often a token).
 * Control characters become '?'. Used for every
 * message that quotes a requirements line.
 */
void dl_requirements_redact(struct dl_strbuf *out, const char *text, size_t len);

/* Whether `extras` (a requirement's extras text) lists `extra`
 * (compared after PEP 685 normalisation). */
int dl_requirements_has_extra(const char *extras, const char *extra);

/* Whether s[0 .. len) is a URL as pip's is_url() says: a scheme pip or a
 * VCS backend handles (http:, https:, file:, ftp:, git:, git+, hg+, svn:,
 * svn+, bzr+; case-insensitive). */
int dl_requirements_is_url(const char *s, size_t len);

#endif
