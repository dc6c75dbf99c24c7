/* The raw cBPF file (what bwrap --seccomp takes and -f bpf writes). */
#ifndef SP_OUTPUT_BPF_FILE_H
#define SP_OUTPUT_BPF_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/bpf.h"
#include "core/diag.h"

/* Reads a raw cBPF file (what bwrap --seccomp and -f bpf use): a whole
 * number of 8-byte instructions, at most BPF_MAXINSNS.  -EINVAL with d on
 * a bad file. */
int sp_bpf_file_read(const char *path, struct sp_bpf **out, struct sp_diag *d);
/* The same from bytes already read (output/file.h); name is the file's. */
int sp_bpf_file_parse(const char *name, const char *buf, size_t len,
		      struct sp_bpf **out, struct sp_diag *d);
/* For sp_file_read: stops reading past the largest program the kernel
 * loads. */
int sp_bpf_file_read_check(void *ctx, const char *buf, size_t from,
			   size_t len, struct sp_diag *d);

/* Writes b's raw bytes to f.  0 or -errno. */
int sp_bpf_file_write(FILE *f, const struct sp_bpf *b);

#endif
