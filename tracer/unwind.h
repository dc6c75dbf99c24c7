/* Call-site stacks (record --stacks): unwinds the user stack of a tracee
 * stopped under ptrace with libunwind-ptrace and names the frames with
 * tracer/elf.h from the files /proc/PID/maps says are mapped.  Meant to
 * run once per distinct pattern, not per call.  Only tracer/unwind.c
 * includes libunwind. */
#ifndef SP_TRACER_UNWIND_H
#define SP_TRACER_UNWIND_H

#include <stdint.h>
#include <sys/types.h>

#include "core/event.h"
#include "core/trace.h"

#define SP_STACK_DEPTH_DEFAULT 16
#define SP_STACK_DEPTH_MAX 255   /* sp_pattern.nframes is 8 bits */

/* Per process (tgid): a libunwind address space, made once and kept
 * until the process execs or dies, and its mappings, read at each
 * capture; per file: the symbols, read once. */
struct sp_unwinder;

/* A new unwinder keeping up to depth frames per stack
 * (1..SP_STACK_DEPTH_MAX).  0, -EINVAL or -ENOMEM. */
int sp_unwinder_new(unsigned depth, struct sp_unwinder **out);
void sp_unwinder_free(struct sp_unwinder *u);

/* Unwinds the thread of call ev, which must be in a ptrace stop,
 * innermost frame first, and appends the frames to t (t->frames, with
 * their files interned in t->modules): *first and *n say which (*n is
 * at least 1 on success, but 0 for a call ev->spawning: sandprint's
 * stack, none of the workload's).  0, or -errno: -ESRCH (the task is gone),
 * -ENOMEM, -EINVAL (nothing could be unwound), -EOPNOTSUPP (a program of
 * another ELF class or machine than sandprint's: a 32-bit one); nothing
 * is appended then. */
int sp_unwind_capture(struct sp_unwinder *u, const struct sp_event *ev,
		      struct sp_trace *t, uint32_t *first, uint8_t *n);

/* Process tgid exec'd or died: drops its address space and mappings.
 * u may be NULL. */
void sp_unwind_forget(struct sp_unwinder *u, pid_t tgid);

#endif
