/* The trace file (format "sandprint-trace", version 1): JSON, written and
 * read here only.  See man/sandprint-formats.5. */
#ifndef SP_OUTPUT_TRACE_JSON_H
#define SP_OUTPUT_TRACE_JSON_H

#include <stdio.h>

#include "core/diag.h"
#include "core/trace.h"

/* Writes t as JSON (patterns in the order they are in t: sort first for a
 * canonical file).  0 or -errno. */
int sp_trace_write_json(FILE *f, const struct sp_trace *t);

/* Reads a trace file.  On success *out is a new trace (caller frees).  On
 * bad input returns -EINVAL with d naming the file and line:column (syntax)
 * or JSON path (content); on I/O errors -errno with d set. */
int sp_trace_read_json(const char *path, struct sp_trace **out,
		       struct sp_diag *d);

#endif
