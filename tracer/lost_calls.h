/*
 * Calls lost to a signal on the notification path.
 *
 * A call our filter hands to the listener waits in the kernel until we
 * read its notification, and that wait is interruptible: a signal that
 * comes first ends it, the call never runs and returns -ERESTARTSYS
 * (seccomp_do_user_notification; SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
 * only covers the time after the read).  Under a handler without
 * SA_RESTART that becomes EINTR, from calls that never fail so natively
 * (fork, close, fstat: dash's "Cannot fork" in a pipeline).
 *
 * At the signal-delivery-stop that follows, the tracer tells a lost call
 * from one that ran and was interrupted natively, and makes a lost one
 * return -ERESTARTNOINTR instead: the kernel then restarts it after the
 * handler whatever the handler's flags, exactly as if the signal had
 * come just before the call.
 */
#ifndef SP_TRACER_LOST_CALLS_H
#define SP_TRACER_LOST_CALLS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arch.h"
#include "core/syscall.h"

/* A call as the listener read it, or as registers show it. */
struct sp_call_at {
	enum sp_arch arch;
	int64_t nr;
	uint64_t ip;   /* after the call instruction */
	uint64_t args[SP_NARGS];
};

/* Whether the call now (returning -ERESTARTSYS at a signal-delivery-stop)
 * was lost, given the last call the listener read for the task since its
 * previous signal-delivery-stop (NULL: none).
 *
 * A call the listener never read is not the last one read: lost.  When it
 * is (same arch, number, address and arguments), either that call ran and
 * its native wait was interrupted, or it is an identical call that came
 * after it and was lost.  A call that never waits interruptibly cannot
 * return -ERESTARTSYS natively: lost.  One that may (tracer/waits.def) is
 * taken as native and left to fail as it would without us. */
bool sp_call_lost(const struct sp_call_at *last, const struct sp_call_at *now);

/* Whether the call may sleep interruptibly and return -ERESTARTSYS
 * natively (tracer/waits.def). */
bool sp_call_may_wait(enum sp_arch arch, int64_t nr);

#endif
