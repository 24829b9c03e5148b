/*
 * deploylint: committed-secret detection (rules SEC002-SEC005) and the
 * redaction every output goes through. The catalogue of credential formats
 * is data (rules/secrets.yaml) and so is the placeholder list
 * (rules/placeholders.txt); both are embedded at build time.
 *
 * A scan makes one pass over a buffer with a case-insensitive multi-literal
 * search (Aho-Corasick over every format's keywords); only where a keyword
 * occurs does a format's pcre2 pattern run, on that one line. Matches then
 * pass the format's placeholder, entropy and C-side checks.
 *
 * Nothing here prints, and nothing returned ever holds a secret's value
 * except hit offsets into the caller's own buffer.
 */
#ifndef DEPLOYLINT_SECRETS_H
#define DEPLOYLINT_SECRETS_H

#include <stddef.h>

#include "deploylint/rule.h"

struct dl_strbuf;

/* Where a format's pattern may start relative to a keyword occurrence. */
enum dl_secret_anchor {
	DL_SECRET_ANCHOR_LINE = 0, /* anywhere on the keyword's line */
	DL_SECRET_ANCHOR_KEYWORD,  /* at the keyword's first byte */
	DL_SECRET_ANCHOR_WORD      /* at the first byte of the identifier
				    * ([A-Za-z0-9_.-]) holding the keyword */
};

/* Checks done in C after a pattern matched (rules/secrets.yaml `check`). */
enum dl_secret_check {
	DL_SECRET_CHECK_NONE = 0,
	/* groups 1 scheme, 2 user, 3 password, 4 host: placeholders,
	 * ${VAR} references and template hosts are silent; a local or
	 * docker-compose host is silent with a default password (equal to the
	 * user, or postgres/root/admin/...) and a warning otherwise */
	DL_SECRET_CHECK_URL_PASSWORD,
	/* groups 1 key, 2 opening quote (may be empty), 3 value: in source
	 * code (*.py, *.js, ...) only quoted values count; $VAR references
	 * are silent */
	DL_SECRET_CHECK_ASSIGNMENT,
	/* a base64 key body of at least 64 bytes follows the BEGIN line
	 * (on the next lines, or after "\n" escapes on the same line) */
	DL_SECRET_CHECK_PRIVATE_KEY,
	/* the first of three base64url parts decodes to a JSON object with
	 * an "alg" member (RFC 7515 section 4.1.1): an issued JWT */
	DL_SECRET_CHECK_JWT,
	/* groups 1 key, 2 opening quote, 3 value, whose shape the pattern
	 * fixes (a Gmail app password, a Django key): only the key's name
	 * and placeholders are judged, not the value's shape */
	DL_SECRET_CHECK_KEYED,
	/* a client key that apps ship by design: silent in a Firebase
	 * client configuration (google-services.json,
	 * GoogleService-Info.plist, or a file naming firebaseapp.com or
	 * authDomain) and as an AWS key ID in a SubscriptionId= or
	 * AWSAccessKeyId= URL parameter (an ID, not its secret) */
	DL_SECRET_CHECK_PUBLIC_CLIENT
};

/* One credential format, as read from the data file. Strings are owned by
 * the catalogue. */
struct dl_secret_format {
	const char *id;             /* "stripe-live-key" */
	const char *name;           /* "Stripe live secret key" */
	const struct dl_rule *rule; /* SEC002 .. SEC005 */
	enum dl_level level;
	const char **keywords; /* lower-case ASCII */
	size_t keywords_nr;
	enum dl_secret_anchor anchor;
	const char *pattern;
	int group;          /* capture group of the secret */
	int prefix;         /* capture group of the printable prefix, or
			     * -1 when nothing of the secret is printed */
	double entropy;     /* floor in bits per byte; 0 = none */
	double entropy_hex; /* floor for all-hex secrets; 0 = entropy */
	enum dl_secret_check check;
	const char *source;
	struct dl_regex *re; /* compiled pattern */
};

/* A catalogue: formats, their keyword automaton, skipped file names and
 * placeholders. Immutable once loaded, so any number of threads may scan
 * with it at once (each with its own dl_secret_scratch). */
struct dl_secrets;

/*
 * Builds a catalogue from the YAML text of a formats file (the layout of
 * rules/secrets.yaml, documented there) and the text of a placeholder list
 * (the layout of rules/placeholders.txt). Compiles every pattern (JIT) and
 * builds the keyword automaton. Returns 0 with *out set (free with
 * dl_secrets_free), or -1 with *err (malloc'd) naming the entry and what is
 * wrong: a YAML error, a missing or mistyped field, an unknown rule, level,
 * anchor or check, a pattern that does not compile (pcre2's message), a
 * group the pattern does not have, a format without keywords, or a
 * duplicate id. Neither text needs a terminating NUL.
 */
int dl_secrets_load(struct dl_secrets **out, const char *yaml, size_t yaml_len,
		    const char *placeholders, size_t placeholders_len,
		    char **err);
/*
 * As dl_secrets_load(), with the formats of a second YAML text (the same
 * layout; `version` may be left out) appended after the first one's: the
 * user's own patterns. `extra` may be NULL.
 */
int dl_secrets_load_extra(struct dl_secrets **out, const char *yaml,
			  size_t yaml_len, const char *extra, size_t extra_len,
			  const char *placeholders, size_t placeholders_len,
			  char **err);
/*
 * A credential format of the user's own (.deploylint.yaml secret-patterns,
 * struct dl_config_secret gives the same fields), reported as SEC003 and
 * searched for on the lines holding one of its keywords.
 */
struct dl_secret_user_format {
	const char *id;
	const char *name;            /* NULL: the id */
	const char *pattern;         /* PCRE2 */
	const char *level;           /* "error", "warning" or "note"; NULL: error */
	const char *source;          /* where it is documented; NULL: the origin */
	const char *const *keywords; /* matched in any case (ASCII) */
	size_t keywords_nr;
	double entropy; /* floor in bits per byte (kept to hundredths,
			 * truncated); 0 = none */
	long group;     /* capture group of the secret; 0 = whole match */
};

/*
 * The built-in catalogue (rules/secrets.yaml, rules/placeholders.txt) plus
 * the user's formats[0 .. n) (after the built-in ones; `origin`, e.g. the
 * configuration file's path, is the source of those without one) and
 * placeholder words words[0 .. nwords) (a value holding one anywhere, in
 * any case, is a placeholder in every file). Built from these fields
 * directly, with the checks of dl_secrets_load() (a format without
 * keywords is an error: leave it out). Returns 0 with *out set (free with
 * dl_secrets_free), or -1 with *err (malloc'd) naming the entry.
 */
int dl_secrets_load_user(struct dl_secrets **out, const struct dl_secret_user_format *formats,
			 size_t n, const char *origin, const char *const *words, size_t nwords,
			 char **err);

/*
 * The catalogue of a run: the built-in one when the user adds nothing,
 * else dl_secrets_load_user() on formats[0 .. n) and words[0 .. nwords).
 * A format without keywords (the literals that must occur on a line for it
 * to run) is left out with a note; when the rest does not load, the note
 * says why ("<origin>: secret patterns ignored: ...") and the built-in
 * catalogue is used. Notes are --verbose lines appended to `notes`.
 * *owned is set when the caller must free the result (dl_secrets_free).
 * Safe on any thread (src/secrets/user.c).
 */
const struct dl_secrets *dl_secrets_catalogue(const struct dl_secret_user_format *formats,
					      size_t n, const char *origin,
					      const char *const *words, size_t nwords,
					      struct dl_strbuf *notes, struct dl_secrets **owned);

/* Frees a catalogue; NULL is allowed. */
void dl_secrets_free(struct dl_secrets *s);

/*
 * The built-in catalogue (rules/secrets.yaml and rules/placeholders.txt as
 * embedded), loaded on first use (thread-safe) and kept until
 * dl_secrets_builtin_release(). A built-in entry that fails to load is a
 * bug: the process prints it and aborts (a unit test loads it).
 */
const struct dl_secrets *dl_secrets_builtin(void);
/* Frees the built-in catalogue (for leak checkers; call once, at exit). */
void dl_secrets_builtin_release(void);
/* The embedded texts of rules/secrets.yaml and rules/placeholders.txt
 * (static; lengths in bytes, no NUL counted), to build a catalogue that
 * adds the user's own patterns to them. */
const char *dl_secrets_yaml_text(void);
size_t dl_secrets_yaml_len(void);
const char *dl_placeholders_text(void);
size_t dl_placeholders_len(void);

/* The formats of a catalogue, in file order. */
size_t dl_secrets_count(const struct dl_secrets *s);
const struct dl_secret_format *dl_secrets_format(const struct dl_secrets *s,
						 size_t i);

/* One credential found by dl_secrets_scan(). */
struct dl_secret_hit {
	const struct dl_secret_format *format;
	enum dl_level level;   /* the format's, or lowered by its check */
	unsigned line;         /* 1-based line of the secret's first byte */
	unsigned col, end_col; /* 1-based byte columns; end one past, on
				* the same line (a private key: its BEGIN
				* line) */
	size_t off, len;       /* the secret's bytes in the buffer (a
				* private key: its body) */
	size_t line_off;       /* offset of the first byte of `line` */
	size_t keep;           /* leading bytes of the secret that may be
				* printed (its documented prefix) */
	char *label;           /* what a message may name (malloc'd, no
				* secret in it): the key for SEC004, the
				* URL with the password as *** for SEC002,
				* the service id for SEC005; or NULL */
	char fingerprint[17];  /* 16 hex digits: salted SHA-256 of the
				* rule, path, normalised secret and its
				* occurrence count in the file */
};

/*
 * Words the keyword pass notes besides the catalogue's own keywords
 * (ASCII case-insensitive, anywhere in the bytes, unless said otherwise),
 * so that other rules can skip, without reading it again, a file that
 * cannot matter to them.
 */
enum dl_secret_feature {
	DL_FEAT_ENV_READ = 1u << 0,     /* "environ", "getenv" */
	DL_FEAT_BASESETTINGS = 1u << 1, /* "basesettings" */
	DL_FEAT_DB = 1u << 2,           /* "://", "postgres", "sslmode",
					 * "statement_cache_size",
					 * "prepare_threshold", "drivername",
					 * "create_engine", "create_async_engine",
					 * "prepared_statement_name_func" */
	/* a module of rules/data/removed-stdlib-modules.tsv ("imp",
	 * "distutils", ...) as a whole identifier, case-sensitive: no ASCII
	 * letter, digit or '_' touches it on either side. Every NAME token
	 * the Python tokenizer (deploylint/pytok.h) gives with that text is
	 * such an occurrence, so a file without the word holds no import of
	 * such a module (PY010's prefilter) */
	DL_FEAT_PY_REMOVED = 1u << 3
};
/* Every feature: what a file not scanned (or scanned in part) may hold. */
#define DL_FEAT_ALL (~0u)

struct dl_secret_hits {
	struct dl_secret_hit *v; /* sorted by offset */
	size_t nr, alloc;
	int truncated;     /* more than DL_MAX_SECRET_HITS were found */
	unsigned features; /* DL_FEAT_* words seen (OR-ed in by each
			    * dl_secrets_scan(); DL_FEAT_ALL when the
			    * file was skipped or the scan stopped
			    * early) */
};

void dl_secret_hits_release(struct dl_secret_hits *hits);

/* Per-thread scan state. */
struct dl_secret_scratch;
struct dl_secret_scratch *dl_secret_scratch_new(const struct dl_secrets *s);
void dl_secret_scratch_free(struct dl_secret_scratch *sc);
/*
 * The first format that pcre2 gave up on DL_MAX_SECRET_GIVEUPS times
 * (match or depth limit) during the last dl_secrets_scan() with `sc`, and
 * which was therefore not run on the rest of that buffer; NULL when none.
 */
const struct dl_secret_format *dl_secret_scratch_gave_up(const struct dl_secret_scratch *sc);

/*
 * Scans data[0 .. len) (need not be NUL-terminated; may hold NULs) of the
 * file at `path` ('/'-separated, relative: it decides which placeholder
 * sections and value rules apply, e.g. quoted values only in source code)
 * and appends the credentials found to `out`, sorted by offset. Where two
 * formats match overlapping bytes, the more specific rule wins (SEC003,
 * then SEC002, SEC005, SEC004). Files whose base name is listed in the
 * catalogue's skip_files are not scanned. `scratch` belongs to the calling
 * thread and was made for `s`. Work is linear in len plus pcre2 work on the
 * lines that hold keywords.
 */
void dl_secrets_scan(const struct dl_secrets *s, struct dl_secret_scratch *scratch,
		     const char *path, const char *data, size_t len,
		     struct dl_secret_hits *out);

/*
 * The context line of `hit` found in data[0 .. len): the whole source line
 * with the hit's secret (and any other credential on it) masked as
 * dl_secrets_redact_line() masks, then cut to DL_MAX_CONTEXT_LINE bytes.
 * Returns a malloc'd NUL-terminated string.
 */
char *dl_secrets_hit_context(const struct dl_secrets *s, const char *path,
			     const char *data, size_t len,
			     const struct dl_secret_hit *hit);

/*
 * Masks every secret on one source line (line[0 .. len), no line break):
 * each credential format match (placeholders excepted, no entropy floor),
 * the password of any scheme://user:password@ URL, the value of any
 * secret-named assignment (quoted only, in source code), and a
 * high-entropy `value:` scalar of a YAML line. Masking replaces each byte
 * after the printable prefix by '*', so columns of other findings on the
 * line stay right. `path` (may be NULL) is the file the line came from.
 * Returns a malloc'd NUL-terminated copy (equal to the input when nothing
 * was masked). Uses the built-in catalogue.
 */
char *dl_secrets_redact_line(const char *path, const char *line, size_t len);

/*
 * Masks a message (NUL-terminated, any number of lines): URL passwords
 * become "***" and credential format matches are masked as in
 * dl_secrets_redact_line(). Returns a malloc'd copy.
 */
char *dl_secrets_redact_message(const char *msg);

/* As dl_secrets_redact_line() and dl_secrets_redact_message() with the
 * catalogue `s` (the built-in one when NULL): a run's catalogue holds the
 * user's secret-patterns too. */
char *dl_secrets_redact_line_with(const struct dl_secrets *s, const char *path,
				  const char *line, size_t len);
char *dl_secrets_redact_message_with(const struct dl_secrets *s, const char *msg);

/*
 * Whether value[0 .. len) is a placeholder per the catalogue's list: the
 * whole value, or the part after its first `prefix_len` bytes, matches an
 * [any] pattern; with `in_tests`, the part after the prefix matches a
 * [tests] pattern. ASCII case-insensitive.
 */
int dl_secrets_is_placeholder(const struct dl_secrets *s, const char *value,
			      size_t len, size_t prefix_len, int in_tests);

/* Whether a '/'-separated path lies under a test folder (a segment named
 * test, tests, __tests__, spec, fixtures or testdata). */
int dl_secrets_path_in_tests(const char *path);

/* Whether an environment variable or setting name reads like a secret:
 * dl_secret_key_classify() (deploylint/secretclass.h) says
 * DL_SECRET_KEY_SECRET. Kept for callers that need only yes or no;
 * callers judge the value too (dl_secret_value_classify()). */
int dl_secrets_key_is_secret(const char *key, size_t len);

/* Shannon entropy of s[0 .. len) in bits per byte (0 for len 0). */
double dl_secrets_entropy(const char *s, size_t len);

/*
 * Writes into out[0 .. 17) the 16-hex-digit fingerprint of a secret: the
 * first 64 bits of SHA-256 over a fixed salt, `rule_id`, `path`, the
 * secret's bytes and `occurrence`, iterated so that guessing a weak
 * password from the fingerprint is slow. Stable across runs and machines
 * (baselines depend on it).
 */
void dl_secrets_fingerprint(char out[17], const char *rule_id, const char *path,
			    const char *secret, size_t len, unsigned occurrence);

#endif
