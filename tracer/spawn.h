/* Starting the workload under our filter, seized (or not, when only
 * notifications are to come). */
#ifndef SP_TRACER_SPAWN_H
#define SP_TRACER_SPAWN_H

#include <linux/filter.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/types.h>

#include "core/diag.h"

/* The ptrace options of every traced task (attached ones without
 * PTRACE_O_EXITKILL: they were running before us and run on after). */
#define SP_PTRACE_OPTIONS                                                  \
	(PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
	 PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |                         \
	 PTRACE_O_TRACEVFORKDONE | PTRACE_O_TRACESYSGOOD |                  \
	 PTRACE_O_EXITKILL)

/* Finds cmd the way execvp(3) would (PATH when it has no '/', confstr's
 * default path when PATH is unset) and writes the path execvp would run
 * into out, as it would build it: no symlink resolved, so the program
 * gets the name it was given (a program that reads its name through
 * /proc/self/comm, like redis-server, a symlink to redis-check-rdb).
 * 0, -ENOENT, -EACCES or -ENAMETOOLONG. */
int sp_spawn_resolve(const char *cmd, char *out, size_t len);

/* sp_spawn_resolve, with d saying why cmd cannot be run ("CMD: command
 * not found"). */
int sp_spawn_find(const char *cmd, char *out, size_t len, struct sp_diag *d);

/* True when this process may install a filter without NO_NEW_PRIVS
 * (CAP_SYS_ADMIN in its effective set). */
bool sp_spawn_may_skip_nnp(void);

/* Forks path with argv.  The child takes the caller's signal state (the
 * mask as it is, the signals in ignored ignored, every other one at its
 * default), waits until the tracer has seized it (when seize), then (with
 * NO_NEW_PRIVS when nnp) installs filter (NULL: one returning
 * SECCOMP_RET_TRACE with SP_SPAWN_TRACE_DATA for every call) and execs as
 * execvp(3) would (a file without "#!" through /bin/sh).  *pid is the
 * child; *errfd reads a struct sp_spawn_error if the child failed before
 * exec (EOF otherwise).  0 or -errno with d set.
 *
 * With listener, the filter is installed with a listener (NULL: one
 * answering every call with SECCOMP_RET_USER_NOTIF) and *listener is its
 * notification fd (taken with pidfd_getfd), or -1 when the kernel has no
 * listeners: the child then falls back to RET_TRACE for every call, or,
 * with a filter, fails (stage 2). */
int sp_spawn(const char *path, char *const *argv,
	     const struct sock_fprog *filter, bool nnp, bool seize,
	     const sigset_t *ignored, pid_t *pid, int *errfd, int *listener,
	     struct sp_diag *d);

/* sp_spawn_raise_limits, once at start: the soft limits sandprint needs
 * for itself (its stack, its descriptors) raised as far as the hard
 * limits let them.  sp_spawn_restore_limits, in the child about to exec
 * the workload (sp_spawn does it): the caller's limits back. */
void sp_spawn_raise_limits(void);
void sp_spawn_restore_limits(void);

/* What an exec keeps and a fork does not, handed to sandprint by its
 * caller for the workload: the caller forked, set them, and exec'd
 * sandprint, and natively they would be the workload's.  Its parent
 * death signal, whether it is a child subreaper (as noted by
 * sp_spawn_note_caller, once at start: sandprint makes itself one), its
 * interval timers (ITIMER_REAL, _VIRTUAL, _PROF; an "alarm" set before
 * the exec), its pending signals (blocked, in the process's or the
 * thread's set), and under SCHED_RESET_ON_FORK its scheduling (a
 * real-time policy, a negative nice value and the flag itself, which a
 * fork resets: chrt -R).  sp_spawn_take_kept before the fork of
 * the workload, and before the fork blocks every signal (pending then
 * are those the caller's mask blocks, not one on its way to sandprint's
 * handlers); sp_spawn_hand_kept in the child, its mask back, about to
 * exec: each set there as it was (a pending signal sent again, its
 * sender's siginfo lost); sp_spawn_drop_kept in sandprint once the child
 * is forked: its timers disarmed and its pending signals taken (the
 * workload has them, not sandprint, which would pass them on twice).
 * sp_spawn does all three. */
struct sp_spawn_kept {
	int pdeathsig, subreaper;
	struct itimerval timers[3];
	sigset_t pending, shared;
	bool sched_reset;
	struct {                /* the kernel's struct sched_attr (VER0) */
		uint32_t size, policy;
		uint64_t flags;
		int32_t nice;
		uint32_t priority;
		uint64_t runtime, deadline, period;
	} sched;
};
void sp_spawn_note_caller(void);
void sp_spawn_take_kept(struct sp_spawn_kept *k);
void sp_spawn_hand_kept(const struct sp_spawn_kept *k);
void sp_spawn_drop_kept(const struct sp_spawn_kept *k);

/* For a launcher of its own (tracer/inkernel.c), what sp_spawn's child
 * does around exec.  sp_spawn_sh_argv: made before the fork (NULL when out
 * of memory; free() it).  In the forked child, sp_spawn_restore_signals
 * gives it the caller's signal state (the signals in ignored ignored,
 * every other one at its default; the caller's mask is the child's to
 * put back, its fork having blocked every signal),
 * sp_spawn_restore_limits its limits, and sp_spawn_exec
 * execs path as execvp(3) would (a file without "#!" through /bin/sh
 * with sh_argv), returning only on failure (errno set). */
char **sp_spawn_sh_argv(const char *path, char *const *argv);
void sp_spawn_restore_signals(const sigset_t *ignored);
void sp_spawn_exec(const char *path, char *const *argv,
		   char *const *sh_argv);

/* The data of our own SECCOMP_RET_TRACE (opts->filter NULL): a stop with
 * other data, in a task that installed a filter of its own, comes from
 * that filter, which natively has no tracer (ENOSYS). */
#define SP_SPAWN_TRACE_DATA 0x5350

#define SP_SPAWN_NO_LISTENER (-3)
/* Written back by the tracer once it holds the listener. */
#define SP_SPAWN_TAKEN (-4)

/* Says in d why the exec of path (cmd as given) failed with err, as a
 * shell would: ENOENT of a file that is there is its interpreter's, the
 * "#!" line's or an ELF file's (PT_INTERP: a 32-bit program without the
 * 32-bit C library, a musl one without musl), named then. */
void sp_spawn_exec_diag(struct sp_diag *d, const char *cmd, const char *path,
			int err);

/* What the child reports on errfd when it cannot get to the workload. */
struct sp_spawn_error {
	int stage;   /* 1: no_new_privs, 2: seccomp filter, 3: exec */
	int err;     /* errno */
};

#endif
