/* What the JSON readers and writers of output/ share (the trace, OCI and
 * Docker readers, one toolkit): strings written through jansson, where a
 * value is (struct sp_json_where) and its diagnostic, syntax errors as
 * diagnostics, whole files read for json_loadb, large trees in an arena.
 * Only output/ includes this (and so jansson). */
#ifndef SP_OUTPUT_JSON_H
#define SP_OUTPUT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/diag.h"

#define SP_JSON_PATH_MAX sizeof(((struct sp_diag *)0)->path)

/* Writes s as a JSON string.  A string that is not UTF-8 (a file name can
 * be any bytes) cannot be represented: its non-ASCII bytes become '?'.
 * 0 or -errno. */
int sp_json_put_string(FILE *f, const char *s);

/* Where a value is: a key of, or an index into, the value up (NULL: the
 * value is the root, "$").  A reader keeps these on its stack as it goes
 * down, and spells the path out only for a diagnostic (a large document
 * has a million values, all good). */
struct sp_json_where {
	const struct sp_json_where *up;
	const char *key;     /* NULL: element index of an array */
	size_t index;
};

/* The document itself: "$". */
extern const struct sp_json_where sp_json_root;

/* w as a path ("$.patterns[3].args[1]") into out; a path longer than a
 * diag holds is shortened in its middle ("..."), as sp_text_fit does. */
void sp_json_where_path(char out[SP_JSON_PATH_MAX],
			const struct sp_json_where *w);

/* A reader's file and where its diagnostic goes. */
struct sp_json_reader {
	const char *file;
	struct sp_diag *d;
};

/* The diagnostic of a bad value: the file, w's path, the message.
 * Returns -EINVAL. */
int sp_json_bad(const struct sp_json_reader *r,
		const struct sp_json_where *w, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* obj[key], or NULL when absent or null (Go encoders write nil as
 * null). */
json_t *sp_json_opt(json_t *obj, const char *key);

/* A jansson syntax error as d: file, line and column, and the message
 * with control bytes (terminal escapes of a hostile file) as '?'. */
void sp_json_syntax_error(struct sp_diag *d, const char *file,
			  const json_error_t *e);

/* The value of key among the top-level members of the JSON object in buf,
 * found by walking the object's members (values skipped by bracket
 * counting, not parsed), wherever it stands: 1 with *value pointing at
 * its text (a string with its quotes) and *vlen its length, 0 when the
 * object has no such key, -EINVAL when buf is not a JSON object as far
 * as the walk goes.  Keys are compared as written (no escapes decoded). */
int sp_json_top_key(const char *buf, size_t len, const char *key,
		    const char **value, size_t *vlen);
/* Whether that value is the string want (written without escapes). */
bool sp_json_top_string_is(const char *buf, size_t len, const char *key,
			   const char *want);

/* A large document's tree in one arena.  jansson mallocs every value (a
 * trace of 100,000 patterns is a million and a half blocks) and
 * json_decref frees them one by one: a quarter of reading such a trace.
 * Here they are cut from a few large chunks, all freed at once. */
struct sp_json_arena;

/* json_loadb(buf, len, flags) with every value of the tree in a new arena,
 * *arena.  The tree lives until sp_json_arena_free(*arena) and must never
 * be json_decref'd.  0 (*root and *arena set), -EINVAL (syntax: e says
 * where) or -ENOMEM. */
int sp_json_load_arena(const char *buf, size_t len, size_t flags,
		       json_t **root, struct sp_json_arena **arena,
		       json_error_t *e);

/* Frees the arena and so every value of its tree.  NULL is fine. */
void sp_json_arena_free(struct sp_json_arena *a);

/* Numbers above INT64_MAX, which jansson cannot hold (runtime-spec's
 * and seccompiler's argument values are uint64).  sp_json_swap_big
 * replaces each such integer that stands where a value may by a
 * placeholder string of the same width before jansson parses buf (line
 * and column of anything else unchanged), keeping the values in *b;
 * sp_json_big_get says whether v is a placeholder, its value in *out.
 * A document with "\u0001" in a string of its own is left alone (no
 * placeholder can be forged).  0 or -ENOMEM. */
struct sp_json_big {
	uint64_t *v;
	size_t n;
};
int sp_json_swap_big(char *buf, size_t len, struct sp_json_big *b);
bool sp_json_big_get(const struct sp_json_big *b, json_t *v, uint64_t *out);
void sp_json_big_fini(struct sp_json_big *b);

#endif
