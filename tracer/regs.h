/* What the tracer reads and writes in a stopped task's registers: the only
 * per-architecture code of the tracer.  One file per architecture
 * implements it (tracer/regs_x86_64.c); elsewhere tracer/regs_other.c
 * says ENOTSUP and the loops do without (see each function). */
#ifndef SP_TRACER_REGS_H
#define SP_TRACER_REGS_H

#include <stdint.h>
#include <sys/types.h>

#include "core/arch.h"
#include "tracer/lost_calls.h"

/* Kernel-internal restart codes (include/linux/errno.h). */
#define SP_ERESTARTSYS 512
#define SP_ERESTARTNOINTR 513

/* Clears flag in the flags of the clone(2) the task is stopped in (its
 * first argument register in arch, the call's).  0 or -errno (-ENOTSUP: then the flag stays,
 * and a CLONE_UNTRACED child escapes the recording and, under our
 * RET_TRACE filter, gets ENOSYS). */
int sp_regs_clear_clone_flag(pid_t tid, enum sp_arch arch, uint64_t flag);

/* Makes the call the task is stopped in return ret without running (a
 * negative errno: it fails): number -1 is skipped by the kernel (after a
 * seccomp or entry stop), and the return register is what the task sees.
 * 0, or -1 with errno set. */
int sp_regs_skip_call(pid_t tid, long ret);

/* The call a task at a signal-delivery-stop was in, when that call
 * returned -ERESTARTSYS: 0 and *c filled, or -1 (not in a call, another
 * return, gone, or an architecture without this code). */
int sp_regs_interrupted_call(pid_t tid, struct sp_call_at *c);

/* What the call a stopped task is on its way out of returns (at a
 * syscall-exit-stop, at the stop an interrupt or a signal gave it after
 * the call): 0 and *ret, or -1 (not in a call, gone, or an architecture
 * without this code). */
int sp_regs_call_return(pid_t tid, long *ret);

/* Makes the call a task at a signal-delivery-stop was in return
 * -ERESTARTNOINTR: the kernel restarts it after the handler (without
 * one, as soon as it runs on; at a syscall-exit-stop or an interrupt's
 * stop too).  0, or -1 with errno set. */
int sp_regs_restart_after_handler(pid_t tid);

#endif
