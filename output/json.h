/* What the JSON readers and writers of output/ share: strings written
 * through jansson, JSON paths for diagnostics, syntax errors as
 * diagnostics, whole files read for json_loadb, large trees in an arena.
 * Only output/ includes this (and so jansson). */
#ifndef SP_OUTPUT_JSON_H
#define SP_OUTPUT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"

#define SP_JSON_PATH_MAX sizeof(((struct sp_diag *)0)->path)

/* Writes s as a JSON string.  A string that is not UTF-8 (a file name can
 * be any bytes) cannot be represented: its non-ASCII bytes become '?'.
 * 0 or -errno. */
int sp_json_put_string(FILE *f, const char *s);

/* path + ".key" and path + "[i]" into out; a path deeper than a diag holds
 * is cut short with "...".  The OCI profile reader builds one for every
 * value read, so by hand. */
void sp_json_path_key(char out[SP_JSON_PATH_MAX], const char *path,
		      const char *key);
void sp_json_path_index(char out[SP_JSON_PATH_MAX], const char *path,
			size_t i);

/* Where a value is: a key of, or an index into, the value up (NULL: the
 * value is the root, "$").  A reader of a large document keeps these on
 * its stack as it goes down, and spells the path out only for a
 * diagnostic. */
struct sp_json_where {
	const struct sp_json_where *up;
	const char *key;     /* NULL: element index of an array */
	size_t index;
};

/* w as a path ("$.patterns[3].args[1]") into out, cut short as
 * sp_json_path_key and sp_json_path_index do. */
void sp_json_where_path(char out[SP_JSON_PATH_MAX],
			const struct sp_json_where *w);

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

#endif
