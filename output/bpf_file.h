/* The raw cBPF file (what bwrap --seccomp takes and -f bpf writes). */
#ifndef SP_OUTPUT_BPF_FILE_H
#define SP_OUTPUT_BPF_FILE_H

#include <stdio.h>

#include "core/bpf.h"
#include "core/diag.h"

/* Reads a raw cBPF file (what bwrap --seccomp and -f bpf use): a whole
 * number of 8-byte instructions, at most BPF_MAXINSNS.  -EINVAL with d on
 * a bad file. */
int sp_bpf_file_read(const char *path, struct sp_bpf **out, struct sp_diag *d);

/* Writes b's raw bytes to f.  0 or -errno. */
int sp_bpf_file_write(FILE *f, const struct sp_bpf *b);

#endif
