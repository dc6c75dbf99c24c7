/* The trace file (format "sandprint-trace", version 1): JSON, written and
 * read here only.  See man/sandprint-formats.5. */
#ifndef SP_OUTPUT_TRACE_JSON_H
#define SP_OUTPUT_TRACE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/trace.h"

/* Writes t as JSON (patterns in the order they are in t: sort first for a
 * canonical file).  0 or -errno. */
int sp_trace_write_json(FILE *f, const struct sp_trace *t);

/* Reads a trace file (output/file.h: once, bounded).  On success *out is
 * a new trace (caller frees).  On bad input returns -EINVAL with d naming
 * the file and line:column (syntax) or JSON path (content), or saying it
 * is a profile; on I/O errors -errno with d set. */
int sp_trace_read_json(const char *path, struct sp_trace **out,
		       struct sp_diag *d);
/* The same from text already read (len bytes, NUL-terminated); name is
 * the file's, for messages. */
int sp_trace_parse_json(const char *name, const char *text, size_t len,
			struct sp_trace **out, struct sp_diag *d);
/* Whether text is a trace: a JSON object whose top-level "format" is
 * "sandprint-trace", wherever that member stands (not guessed from the
 * first bytes: a writer that sorts keys puts it late). */
bool sp_trace_json_is_trace(const char *text, size_t len);

#endif
