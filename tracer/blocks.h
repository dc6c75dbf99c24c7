/* Whether a call would sleep if it were made now, from what the kernel
 * shows of the task (tracer/lost_calls.h says why it is asked). */
#ifndef SP_TRACER_BLOCKS_H
#define SP_TRACER_BLOCKS_H

#include <sys/types.h>

#include "tracer/lost_calls.h"

/* Call c of task tid (process tgid), stopped at a signal-delivery-stop,
 * returned -ERESTARTSYS.  1 when, made now, it would sleep
 * interruptibly (so a signal could have ended that sleep natively), 0
 * when it would not (a signal can only have taken it out of its wait for
 * the listener), -errno when that cannot be told (taken as 1 by the
 * caller).  Looks at the task's file descriptors (a copy taken with
 * pidfd_getfd(2): type, O_NONBLOCK, poll(2) with no timeout), its futex
 * word, its children's states in /proc and the file an open(2) names.
 * Changes nothing in the task. */
int sp_call_blocks(pid_t tid, pid_t tgid, const struct sp_call_at *c);

#endif
