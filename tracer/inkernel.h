/* The in-kernel recorder (record --via bpf): a BPF program at the syscall
 * and scheduler tracepoints counts the workload's calls into patterns in
 * the caller's own context (tracer/inkernel.bpf.c).  Nothing is installed
 * in the workload, nothing stops or traces it: it runs as natively, at
 * the cost of a hash update per call. */
#ifndef SP_TRACER_INKERNEL_H
#define SP_TRACER_INKERNEL_H

#include <stddef.h>

#include "core/arch.h"
#include "tracer/tracer.h"

/* Records like sp_tracer_run, from the kernel: a command (opts->argv),
 * running processes (opts->pids: not stopped, not traced; their new
 * children followed) or a cgroup (opts->cgroup).  opts->keep is required;
 * opts->filter and opts->unwinder are not supported (-EINVAL).  The
 * patterns go to sink->on_pattern at the end, with their counts.
 *
 * Returns 0 when the workload ran; -EOPNOTSUPP, before anything was
 * started, when the recorder cannot run here (no BTF, no CAP_BPF and
 * CAP_PERFMON, a kernel without what it needs: d says why in one
 * sentence, and another path may be taken); -ENOENT/-EACCES when the
 * command cannot be run; -ENOSPC when calls or processes were lost (d
 * says what; the trace holds the rest, partial); another -errno when
 * recording failed (d says why). */
/* The arches whose calls the recorder tells apart here (the native one
 * and those the kernel runs beside it: i386 and x32 on x86_64), into
 * out; their number.  opts->keep must fill their rows. */
#define SP_INKERNEL_ARCHES 3
size_t sp_inkernel_arches(enum sp_arch out[SP_INKERNEL_ARCHES]);

int sp_inkernel_run(const struct sp_tracer_opts *opts, struct sp_trace *t,
		    const struct sp_sink *sink, struct sp_diag *d);

#endif
