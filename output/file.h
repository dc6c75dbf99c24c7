/* Writing output files atomically: a temporary file in the same directory,
 * then rename(2), so a reader never sees half a file and an interrupted
 * write leaves the old file (or none). */
#ifndef SP_OUTPUT_FILE_H
#define SP_OUTPUT_FILE_H

#include <stdio.h>

#include "core/diag.h"

/* Produces the content into f; returns 0 or -errno. */
typedef int (*sp_writer_fn)(FILE *f, const void *arg);

/* Writes path through fn: "PATH.tmp-XXXXXX" beside it, fsync, rename.
 * path "-" writes to stdout directly.  On failure the temporary file is
 * removed, d says why (naming path) and -errno is returned. */
int sp_file_write_atomic(const char *path, sp_writer_fn fn, const void *arg,
			 struct sp_diag *d);

#endif
