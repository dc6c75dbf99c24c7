/* What the JSON readers and writers of output/ share: strings written
 * through jansson, JSON paths for diagnostics, syntax errors as
 * diagnostics, whole files read for json_loadb.  Only output/ includes
 * this (and so jansson). */
#ifndef SP_OUTPUT_JSON_H
#define SP_OUTPUT_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"

#define SP_JSON_PATH_MAX sizeof(((struct sp_diag *)0)->path)

/* Writes s as a JSON string.  A string that is not UTF-8 (a file name can
 * be any bytes) cannot be represented: its non-ASCII bytes become '?'.
 * 0 or -errno. */
int sp_json_put_string(FILE *f, const char *s);

/* path + ".key" and path + "[i]" into out; a path deeper than a diag holds
 * is cut short with "...".  Built for every value read, so by hand. */
void sp_json_path_key(char out[SP_JSON_PATH_MAX], const char *path,
		      const char *key);
void sp_json_path_index(char out[SP_JSON_PATH_MAX], const char *path,
			size_t i);

/* A jansson syntax error as d: file, line and column, and the message
 * with control bytes (terminal escapes of a hostile file) as '?'. */
void sp_json_syntax_error(struct sp_diag *d, const char *file,
			  const json_error_t *e);

/* The whole of f into a new buffer (caller frees): jansson reads a FILE
 * one getc() at a time, a tenth of reading a large trace.  0 or -errno. */
int sp_json_read_all(FILE *f, char **buf, size_t *len);

#endif
