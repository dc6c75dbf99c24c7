/* A classic BPF program (struct sock_filter[], what seccomp(2) loads):
 * the one program type, whoever made it (output/seccomp.c compiling a
 * profile, output/bpf_file.c reading one, tracer/filters.c taking a live
 * process's) and whoever judges it (analyzer/interp.c). */
#ifndef SP_CORE_BPF_H
#define SP_CORE_BPF_H

#include <linux/filter.h>
#include <stddef.h>

struct sp_bpf {
	struct sock_filter *insns;
	size_t len;
};

/* Frees a program allocated with its instructions (NULL is fine). */
void sp_bpf_free(struct sp_bpf *b);
/* Frees b's instructions only: b is an element of an array, say. */
void sp_bpf_fini(struct sp_bpf *b);

#endif
