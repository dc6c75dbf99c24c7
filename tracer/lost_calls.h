/*
 * Calls lost to a signal on the notification path.
 *
 * A call our filter hands to the listener waits in the kernel until we
 * read its notification, and that wait is interruptible: a signal that
 * comes first ends it, the call never runs and returns -ERESTARTSYS
 * (seccomp_do_user_notification; SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
 * only covers the time after the read).  Under a handler without
 * SA_RESTART that becomes EINTR, from calls that never fail so natively
 * (fork, close, fstat, a write to a regular file: dash's "Cannot fork",
 * stdio losing lines).
 *
 * At the signal-delivery-stop that follows, the tracer makes the call
 * return -ERESTARTNOINTR instead: the kernel then restarts it after the
 * handler whatever the handler's flags, exactly as if the signal had come
 * just before the call, which is always something that could have
 * happened natively.  It leaves the call to fail with EINTR only when
 * that too could have happened natively: the call is the one the
 * listener read last for the task (so it may have run), it is one that
 * returns -ERESTARTSYS when a signal ends its sleep (tracer/waits.def),
 * and it would sleep if it were made now (tracer/blocks.h): no data to
 * read, no room to write, a futex word unchanged, no child to report.
 * Whichever way the signal came, a call that would sleep now could have
 * been in that sleep when it came.
 */
#ifndef SP_TRACER_LOST_CALLS_H
#define SP_TRACER_LOST_CALLS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/arch.h"
#include "core/syscall.h"

/* A call as the listener read it, or as registers show it. */
struct sp_call_at {
	enum sp_arch arch;
	int64_t nr;
	uint64_t ip;   /* after the call instruction */
	uint64_t args[SP_NARGS];
};

/* How a call sleeps natively (tracer/waits.def). */
enum sp_wait_kind {
	SP_WAIT_FD, SP_WAIT_OPEN, SP_WAIT_FUTEX, SP_WAIT_WAIT4,
	SP_WAIT_WAITID, SP_WAIT_FCNTL, SP_WAIT_IOCTL, SP_WAIT_MUX,
	SP_WAIT_OTHER,
};

struct sp_wait {
	const char *name;
	enum sp_wait_kind kind;
	int in, out;     /* argument indexes (waits.def), -1: none */
	int flags;       /* argument index, -1: none */
	uint64_t nowait; /* the bit of args[flags] that means "never sleep" */
};

/* The waits.def entry of a call, or NULL: it never returns -ERESTARTSYS
 * itself.  A number no table names gets an OTHER entry (the native
 * reading). */
const struct sp_wait *sp_call_wait(enum sp_arch arch, int64_t nr);

/* The waits.def entry of the call named name, or NULL. */
const struct sp_wait *sp_call_wait_named(const char *name);

/* Whether the call now (returning -ERESTARTSYS at a signal-delivery-stop)
 * was certainly lost, given the last call the listener read for the task
 * since its previous signal-delivery-stop (NULL: none): one the listener
 * never read (not the same arch, number, address and arguments), or one
 * that never returns -ERESTARTSYS natively.  False: it may have run; then
 * whether it would sleep now decides (sp_call_check, tracer/blocks.h). */
bool sp_call_lost(const struct sp_call_at *last, const struct sp_call_at *now);

/* What, beyond the call's own arguments, says whether it would sleep if
 * it were made now. */
enum sp_wait_check {
	SP_CHECK_NEVER,    /* its arguments say it cannot sleep */
	SP_CHECK_FDS,      /* until argument in is readable, out writable */
	SP_CHECK_PATH,     /* when the file it opens is a FIFO or a device */
	SP_CHECK_FUTEX,    /* while the futex word equals the value given */
	SP_CHECK_CHILDREN, /* while no child of the caller is to be reaped */
	SP_CHECK_IOCTL,    /* on some files, for some requests */
	SP_CHECK_MUX,      /* as the call it stands for (socketcall) */
	SP_CHECK_UNKNOWN,  /* cannot be told: taken as able to sleep */
};

/* Pure: what to look at for call c of entry w.  A futex wait with a
 * timeout returns -ERESTART_RESTARTBLOCK natively, other futex operations
 * never -ERESTARTSYS, fcntl sleeps only for F_SETLKW and F_OFD_SETLKW:
 * NEVER for those. */
enum sp_wait_check sp_call_check(const struct sp_wait *w,
				 const struct sp_call_at *c);

/* Stops a tracer causes wake a task as a signal would: a PTRACE_INTERRUPT
 * (to attach, to detach, to read its filters, to switch a thread to
 * syscall stops), and a signal the task ignores, which the kernel queues
 * and delivers to a tracer all the same.  The calls that return
 * -ERESTART* then come back by themselves; those that fail with EINTR
 * (signal(7): epoll_wait, sigtimedwait, semtimedop, io_getevents, a
 * socket call with a timeout...) would fail where natively they sleep on.
 * At such a stop of task tid (sig: the signal of a signal-delivery-stop,
 * else 0; a syscall-exit-stop that follows an interrupt is one too), a
 * call that returned EINTR is made to restart, unless a signal that does
 * act on the task is pending: natively that one ends it the same way.
 * (A finite timeout starts again, as a restarted poll's does not: a later
 * wake-up, never a failure.)  0 (restarted, or nothing to do), or -errno
 * (-ESRCH: gone). */
int sp_call_unwake(pid_t tid, int sig);

#endif
