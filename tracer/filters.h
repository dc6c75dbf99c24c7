/* The seccomp filters a live process runs under, read with
 * PTRACE_SECCOMP_GET_FILTER (needs CAP_SYS_ADMIN, and sandprint itself
 * must not run under seccomp). */
#ifndef SP_TRACER_FILTERS_H
#define SP_TRACER_FILTERS_H

#include <stddef.h>
#include <sys/types.h>

#include "core/bpf.h"
#include "core/diag.h"

/* Filters in the order they were installed (index 0 the oldest: the
 * kernel's PTRACE_SECCOMP_GET_FILTER index). */
struct sp_live_filters {
	struct sp_bpf *v;
	size_t n;
	pid_t other_tid;   /* a thread of the process with other filters, or 0 */
};

void sp_live_filters_fini(struct sp_live_filters *f);

/* Seizes tid, interrupts it, reads each filter until ENOENT, detaches
 * (a signal it was stopped for is delivered on detach).  Then the other
 * threads of its process, the same way: seccomp filters are per thread
 * (one installed without TSYNC is its thread's alone), and other_tid
 * names the first whose filters differ.  Zero filters is
 * not an error (nor is strict mode, which has none).  0, or -errno with d
 * saying why (ESRCH no such process, EPERM not allowed or already traced,
 * EACCES sandprint lacks CAP_SYS_ADMIN in the initial user namespace or
 * is itself under seccomp: found before tid is touched). */
int sp_live_filters_read(pid_t tid, struct sp_live_filters *out,
			 struct sp_diag *d);

#endif
