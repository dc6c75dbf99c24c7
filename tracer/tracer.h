/* The tracer: runs a command (or attaches to running processes) and hands
 * every system call made in every process and thread of it to a sink.
 * Each call reaches the tracer once: at one ptrace stop (the default),
 * from our SECCOMP_RET_TRACE filter or, where a filter of the workload's
 * own outranks ours or none can be installed (-p), at syscall entry; or
 * by seccomp user notification, without a ptrace stop (opts.notify).  The
 * workload is followed into every child with ptrace, unless only a
 * filter's refusals come by notification (opts.filter). */
#ifndef SP_TRACER_TRACER_H
#define SP_TRACER_TRACER_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/seccomp.h>

#include "core/bpf.h"
#include "core/diag.h"
#include "core/event.h"
#include "core/trace.h"

struct sp_unwinder;

/* Where calls go.  on_syscall runs at every stop: it must not allocate
 * per call, do I/O or format.  It returns 0 to let the call run, a
 * positive errno to make the call fail with it without running (the
 * workload sees -1/errno), SP_SINK_SKIP to skip it as a filter's
 * SECCOMP_RET_ERRNO with errno 0 does (it returns 0), or a negative errno
 * to stop the recording (the trace is kept, marked partial). */
#define SP_SINK_SKIP 4096       /* above every errno (MAX_ERRNO 4095) */
struct sp_sink {
	int (*on_syscall)(void *ctx, const struct sp_event *ev);
	/* The in-kernel recorder (tracer/inkernel.h) counts calls in the
	 * kernel: they arrive as patterns with their counts at the end of
	 * the run (p->exe indexes the trace's executables).  0 or a
	 * negative errno (the recording stops, the trace is partial). */
	int (*on_pattern)(void *ctx, const struct sp_pattern *p);
	void *ctx;
};

/* The argument-kind table as plain data, for the in-kernel recorder,
 * which keeps the arguments in the kernel (the tracer does not see the
 * analyzer, which owns the table): per arch, per number below SP_KEEP_NR
 * (x32 without its bit), which arguments a pattern keeps (bit i: argument
 * i) and which of those are 64 bits wide (the others are kept on their
 * low half).  Numbers from SP_KEEP_NR on keep nothing. */
#define SP_KEEP_NR 1024
struct sp_keep {
	uint8_t kept;
	uint8_t wide;
	uint8_t read;        /* of kept: a pointer to a struct whose flags
				are kept instead (sp_event.read), when they
				can be read */
};

/* The ptrace path is the default: by notification a call costs half as
 * much, but a workload that uses a seccomp listener of its own gets EBUSY
 * (the kernel allows one listener per filter chain, and ours is in it;
 * tests/fidelity.sh). */
#define SP_TRACER_NOTIFY_DEFAULT false

#define SP_TRACER_LEFT_SHOWN 4

struct sp_tracer_opts {
	char *const *argv;   /* the command; argv[0] is searched in PATH */
	/* Instead of a command (argv NULL): running processes to attach to.
	 * Every thread is seized and followed into new children; no filter
	 * can be installed in a running process, so their calls are taken
	 * at syscall-entry stops.  SIGINT, SIGTERM and SIGHUP detach them
	 * all (they run on untraced) and end the recording. */
	const pid_t *pids;
	size_t npids;
	/* The filter the workload runs under; NULL: SECCOMP_RET_TRACE (or,
	 * with notify, SECCOMP_RET_USER_NOTIF) for every call.  Calls it
	 * answers with SECCOMP_RET_TRACE reach the sink (ev->ret_data
	 * carries the filter's data); what it allows never stops.  With
	 * notify, its refusals must return SECCOMP_RET_USER_NOTIF instead:
	 * they reach the sink by notification, and the workload is not
	 * traced at all (forks and execs cost no stop; who calls is read
	 * from /proc; a call a signal takes out of its wait for the
	 * listener is not restarted, as no signal stop shows it). */
	const struct sock_fprog *filter;
	/* Called once when the filter must be installed with NO_NEW_PRIVS
	 * (no CAP_SYS_ADMIN), so that setuid and file capabilities stop
	 * working in the workload, and the workload is not traced (notify
	 * with a filter), so that on_privs_lost cannot name the programs
	 * that run without them.  May be NULL. */
	void (*on_no_new_privs)(void *ctx);
	/* Called once for each executable a traced task execs that runs
	 * without the privileges it has natively: set-user-ID, set-group-ID
	 * or file capabilities that the kernel ignored because of
	 * no_new_privs or our ptrace (tracer/proc.h, sp_proc_privs_lost: what
	 * says which and why; t->unprivileged lists it).  What it does then
	 * may not be what it does natively.  May be NULL. */
	void (*on_privs_lost)(void *ctx, const char *exe, const char *what);
	/* Called once when a task of the workload asks to trace one
	 * (PTRACE_TRACEME, or PTRACE_ATTACH or PTRACE_SEIZE of a task we
	 * trace: a debugger, strace, a sandbox), which fails with EPERM: a
	 * task has one tracer, and on these paths sandprint is it.  exe is
	 * the asking task's executable.  May be NULL. */
	void (*on_own_ptrace)(void *ctx, const char *exe);
	/* Called once for each of two things /proc keeps from a sandprint
	 * without CAP_SYS_PTRACE when a task runs as another user, or
	 * undumpable (it changed its user or group IDs, exec'd a set-id
	 * program or one it may run but not read, or set PR_SET_DUMPABLE
	 * 0): the program it execs
	 * (code false: "?" in t->exes; exe is the one that exec'd it) and a
	 * file it maps as code (code true: missing from t->objects, and
	 * from the static analysis of what it calls; exe is the task's).
	 * May be NULL. */
	void (*on_hidden)(void *ctx, const char *exe, bool code);
	/* Untraced under a profile's filter (run and record --baseline by
	 * notification): a process installs a seccomp filter of its own,
	 * whose refusals outrank the profile's notifications, so a call
	 * both refuse is not seen.  Called once.  May be NULL. */
	void (*on_own_filter_untraced)(void *ctx);
	void *ctx;
	/* record --stacks: told when a process execs or dies, so that what
	 * it cached of the process is dropped (tracer/unwind.h).  The sink
	 * unwinds through it.  May be NULL. */
	struct sp_unwinder *unwinder;
	/* Take the calls by seccomp user notification instead of a
	 * RET_TRACE ptrace stop each: half the cost.  A call a signal takes
	 * out of its wait for the notification to be read is restarted
	 * (tracer/lost_calls.h; x86_64 only: elsewhere it fails with EINTR as
	 * the kernel leaves it).  Ignored with an unwinder. */
	bool notify;
	/* The strongest action (SECCOMP_RET_*) of a stack of filters on a
	 * call, as the kernel would judge it (the analyzer's interpreter).
	 * By notification our filter outranks a workload's own
	 * SECCOMP_RET_TRACE, which natively (no tracer of its own) makes a
	 * call fail with ENOSYS: with judge, the filters a task installs
	 * are kept and such calls fail so.  May be NULL (they run). */
	uint32_t (*judge)(const struct sp_bpf *progs, size_t n,
			  const struct seccomp_data *sd);
	/* Called about four times a second while the recording runs, with
	 * the trace so far and the number of tasks traced (a live status
	 * line).  May be NULL. */
	void (*on_progress)(void *ctx, const struct sp_trace *t, size_t tasks);
	/* In-kernel recorder only (tracer/inkernel.h): */
	/* The argument-kind table, keep[arch][nr] (SP_ARCH_COUNT rows). */
	const struct sp_keep (*keep)[SP_KEEP_NR];
	/* Instead of a command or pids: every process of this cgroup (v1
	 * or v2 directory) and below it, running or attached later, until
	 * the cgroup is empty or sandprint is interrupted.  pids[0], when
	 * given, is its main process (a container's first), whose end is
	 * the trace's; without one the end is SP_END_UNKNOWN. */
	const char *cgroup;
	/* Called once the recording runs (attached: every process found is
	 * followed; a command: before it starts).  May be NULL. */
	void (*on_ready)(void *ctx);
	/* Called once when the command's main process has ended and n
	 * processes it started still run a second later (daemons; the
	 * first of them in left[], up to SP_TRACER_LEFT_SHOWN): the
	 * recording waits for them, and signals sent to sandprint now go to
	 * them (tracer/signals.h).  Not when the recording was interrupted.
	 * May be NULL. */
	void (*on_left)(void *ctx, const pid_t *left, size_t n);
};

/* Runs opts->argv (or attaches to opts->pids) to completion (every traced
 * task gone, or detached) and fills t:
 * argv, executables, processes, end and status; the sink gets the calls.
 * The signals sent to sandprint to control a process (SIGINT, SIGTERM,
 * SIGHUP, SIGUSR1, real-time ones...: tracer/signals.h) are forwarded to
 * the workload while it runs.
 * Returns 0 when the workload ran (whatever its exit status);
 * -ENOENT/-EACCES when the command cannot be run (d says why); another
 * -errno when tracing failed (d says why; t holds what was recorded,
 * with partial set, and t->end is SP_END_ERROR when the workload's end
 * was never seen).  When the workload never ran (it could not be
 * started, seized, given its filter or executed), t->end is left
 * SP_END_RUNNING: t records nothing of it (a trace written of it says
 * "error", never "running"). */
int sp_tracer_run(const struct sp_tracer_opts *opts, struct sp_trace *t,
		  const struct sp_sink *sink, struct sp_diag *d);

#endif
