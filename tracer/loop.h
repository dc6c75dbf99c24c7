/* Inside the tracer: the state of one recording and what its two loops
 * share.  serve (tracer/ptrace_loop.c) takes calls at ptrace stops;
 * serve_notify (tracer/notify_loop.c) takes them from a seccomp listener
 * and ptrace events through the same dispatch; tracer/attach.c runs
 * serve over running processes; tracer/tracer.c starts a command and
 * picks the loop. */
#ifndef SP_TRACER_LOOP_H
#define SP_TRACER_LOOP_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/arch.h"
#include "core/diag.h"
#include "core/event.h"
#include "core/trace.h"
#include "tracer/task.h"
#include "tracer/tracer.h"

/* The callers of the untraced workload whose identity is kept. */
#define SP_KNOWN_TASKS 256

struct sp_loop {
	struct sp_task_table tasks;
	struct sp_trace *t;
	const struct sp_sink *sink;
	enum sp_arch native;
	pid_t main_pid;
	int err;                /* first fatal error, 0 if none */
	struct sp_diag *d;
	struct sp_unwinder *uw; /* record --stacks, or NULL */
	bool attached;          /* -p: running processes, seized */
	bool detaching;         /* -p interrupted: detach at each stop */
	/* -p: the main process's leader had exited before its threads and
	 * could not be seized; its last thread's end is the process's. */
	bool main_unseized;
	void (*on_progress)(void *ctx, const struct sp_trace *t,
			    size_t tasks);
	void *ctx;              /* opts->ctx, the callbacks' */
	int listener;           /* the calls by user notification, or -1 */
	/* The trace's process images by (pid, exe), for the untraced
	 * workload's calls (notify_loop.c), and how many are indexed. */
	struct sp_hashidx images;
	size_t images_indexed;
	/* The untraced workload's callers identified so far, by tid modulo
	 * SP_KNOWN_TASKS (notify_loop.c: known_caller); tid 0: none. */
	struct sp_known_task {
		pid_t tid, tgid;
		int dir;        /* /proc/TID, O_PATH */
		uint32_t exe;
	} known[SP_KNOWN_TASKS];
	int known_max_fd;       /* a dir above it is not kept */
	/* The workload is traced.  Not with a filter whose refusals go to
	 * the listener: then nothing else needs a stop, and forks and
	 * execs run as fast as natively (who calls is read from /proc). */
	bool seized;
	/* The data of our filter's SECCOMP_RET_TRACE (SP_SPAWN_TRACE_DATA),
	 * so that the task's own is told from it; -1 when it cannot be told
	 * (a profile's filter: refusals carry their own data).  Attached, we
	 * installed none: any value is the task's own (0x10000 matches none). */
	int trace_data;
	/* opts->filter, the profile's (run, record --baseline), that judge
	 * tells the calls it refuses from the others at the entry stops of
	 * a task with a filter of its own.  len 0 without. */
	struct sp_bpf filter;
	/* opts->on_left (tracer.h). */
	void (*on_left)(void *ctx, const pid_t *left, size_t n);
	/* opts->on_privs_lost (tracer.h), and which of the trace's
	 * executables it was asked about (indexed as t->exes). */
	void (*on_privs_lost)(void *ctx, const char *exe, const char *what);
	bool *privs_checked;
	size_t privs_checked_cap;
	/* opts->on_own_ptrace (tracer.h), NULL once called. */
	void (*on_own_ptrace)(void *ctx, const char *exe);
	/* opts->on_hidden (tracer.h), and whether it was called for an
	 * executable [0] and for code [1]. */
	void (*on_hidden)(void *ctx, const char *exe, bool code);
	bool hidden_said[2];
	/* opts->on_own_filter_untraced (tracer.h), NULL once called. */
	void (*on_own_filter_untraced)(void *ctx);
	/* Out of our process group for a SIGKILL the workload sends to it
	 * (sp_loop_inspect): the task that sends it, and the group to go
	 * back to at its next event (sp_loop_come_back); aside_tid 0 when
	 * at home. */
	pid_t aside_tid, home_pgrp;
	/* The stop signal the main process is in a group-stop for, or 0. */
	int main_stop;
	/* opts->judge, on the notification path only (tracer.h). */
	uint32_t (*judge)(const struct sp_bpf *progs, size_t n,
			  const struct seccomp_data *sd);
};

/* tracer/loop.c: shared by both loops. */

/* Keeps the first fatal error (err, negative) and marks the trace
 * partial; later ones are dropped. */
void sp_loop_fail(struct sp_loop *L, int err, const char *what);

/* After a fatal error or on interruption: takes every process of the
 * workload down (traced ones cannot run without us: RET_TRACE without a
 * tracer is ENOSYS), every descendant of sandprint, and lets the loop
 * reap them. */
void sp_loop_kill_all(struct sp_loop *L);

/* A stop (or notification) from a tid we have not heard of: a new child
 * whose first stop beat its parent's fork/clone event.  Takes what it
 * inherits from the task it came from.  NULL on allocation failure. */
struct sp_task *sp_loop_adopt(struct sp_loop *L, pid_t tid);

/* Puts in ev the flags clone3 and openat2 keep in a struct, in place of
 * the pointer (sp_event.read), in every arch.  Reads the waiting task's
 * memory, traced or not. */
void sp_loop_read_flags(struct sp_event *ev);
/* Whether ev installs a seccomp filter (seccomp(SECCOMP_SET_MODE_FILTER)
 * or prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)). */
bool sp_loop_installs_filter(const struct sp_event *ev);

/* Acts on the calls the tracer itself must handle before they run
 * (CLONE_UNTRACED cleared, tasks installing their own filter switched to
 * syscall-entry stops; in every arch the task calls in), after
 * sp_loop_read_flags, and
 * answers those whose native result our filter would change: true when
 * the call must not run and must return *ret instead (a negative errno:
 * fail).  Strict mode, which the kernel refuses to a task with a filter
 * (ours), is entered and applied here; PR_GET_SECCOMP says the mode the
 * task would have without our filter. */
bool sp_loop_inspect(struct sp_loop *L, struct sp_task *task,
		     struct sp_event *ev, long *ret);

/* The loop got a report (a stop or its death) from task: when it was
 * one that must stop for another thread's TSYNC filter and the last of
 * its group, returns the thread held meanwhile, to be let go on (resumed,
 * or its notification answered); NULL otherwise. */
struct sp_task *sp_loop_stopped(struct sp_loop *L, struct sp_task *task);

/* Hands a call to the sink: the errno it refuses the call with, or 0; a
 * sink that fails stops the recording. */
/* opts->on_hidden (tracer.h), once for each kind: exe (an index into
 * the trace's executables) is the task's, code whether it was a file
 * mapped as code or a program exec'd that /proc would not name. */
void sp_loop_hidden(struct sp_loop *L, uint32_t exe, bool code);

int sp_loop_deliver(struct sp_loop *L, const struct sp_event *ev);

/* Calls opts->on_progress when the progress timer has fired. */
void sp_loop_progress(struct sp_loop *L);
/* Task tid had an event (a stop, its death, its next call): a SIGKILL it
 * sent to our process group has been sent, and sandprint goes back to
 * the group it left for it. */
void sp_loop_come_back(struct sp_loop *L, pid_t tid);
/* At the top of each loop: a SIGTSTP came and the main process has
 * stopped (or is gone): sandprint stops too, as the job would
 * (sp_signals_follow_stops). */
void sp_loop_follow_stop(struct sp_loop *L);

/* tracer/ptrace_loop.c */

/* Handles one report of waitpid(-1, __WALL) and resumes the task. */
void sp_loop_dispatch(struct sp_loop *L, pid_t tid, int status);

/* The loop by ptrace stops, until no tracee is left: with a command,
 * every task gone; attached, every task gone or detached. */
void sp_loop_serve(struct sp_loop *L);

/* tracer/notify_loop.c */

/* The loop when calls come by user notification (L->listener). */
void sp_loop_serve_notify(struct sp_loop *L);

/* Answers notification id: the call runs (err 0), fails with err, or
 * returns 0 without running (SP_SINK_SKIP). */
void sp_loop_answer(struct sp_loop *L, uint64_t id, int err);

/* Notification path, at a signal-delivery-stop: a call the signal took
 * out of its wait for the listener is restarted (tracer/lost_calls.h). */
void sp_loop_restart_lost_call(struct sp_loop *L, struct sp_task *task);

/* tracer/attach.c */

/* -p: attach to opts->pids, record until they are gone or the user says
 * stop (then detach: they run on, untraced). */
int sp_loop_run_attached(struct sp_loop *L,
			 const struct sp_tracer_opts *opts);

/* Interrupted while attached: asks every task for a stop, at which the
 * loop detaches it. */
void sp_loop_detach_all(struct sp_loop *L);

#endif
