/*
 * The loop by ptrace stops: one waitpid(-1, __WALL) per stop, one
 * classification (sp_classify_stop), one dispatch switch, one resume
 * site.
 *
 * Orderings that surprise (ptrace(2), strace's strace.c, measured here):
 *
 *   parent: clone ──seccomp stop──▶ CLONE event ──▶ resumed
 *   child:            ╰──────────▶ first stop (PTRACE_EVENT_STOP) may be
 *                                  reported BEFORE the parent's event: an
 *                                  unknown tid is a new child; adopt it
 *                                  from /proc (its Tgid and PPid).
 *
 *   thread T (not the leader) calls execve:
 *     the other threads report death (exit 0), T takes the leader's tid,
 *     the EXEC event comes for the leader's tid with T's old tid as its
 *     message; T's old tid never reports again.
 *
 *   vfork: the parent is blocked in the kernel until the child execs or
 *     exits; we serve whoever stops (waitpid(-1)), so nothing deadlocks.
 *
 *   Any ptrace request can fail with ESRCH: the task was killed (SIGKILL,
 *     exit_group from another thread) and its death report is on its way.
 *
 *   Group-stop of a seized task (SIGSTOP, SIGTSTP, ...): PTRACE_EVENT_STOP
 *     with the stop signal.  Resumed with PTRACE_LISTEN it stays stopped
 *     (its parent sees it stopped) until SIGCONT traps it again with
 *     SIGTRAP; PTRACE_CONT would let it run on and lose the stop
 *     (ptrace(2), Linux >= 3.4; tests/edge.sh stopcont).  A new child's
 *     first stop is PTRACE_EVENT_STOP with SIGTRAP, not a group-stop.
 *
 *   A leader that exits before its threads (zombie leader) reports its
 *     death only after the last thread's; the threads keep stopping.
 *
 *   The loop ends when waitpid fails with ECHILD: no child and no tracee
 *     left (daemons that outlive the workload included: we are their
 *     subreaper), never when a counter says so.
 */
#include "tracer/loop.h"

#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "core/array.h"
#include "core/profile.h"
#include "tracer/proc.h"
#include "tracer/regs.h"
#include "tracer/signals.h"
#include "tracer/stop.h"
#include "tracer/unwind.h"

enum resume {
	RESUME_NONE,    /* the task is gone */
	RESUME_RUN,     /* PTRACE_CONT, or PTRACE_SYSCALL in syscall mode */
	RESUME_LISTEN,  /* group-stop: PTRACE_LISTEN */
};

/* What the profile's filter (run, record --baseline) does with a call
 * from its return: a refusal is SECCOMP_RET_TRACE with the action it
 * replaces packed as data (cli/filter.c), as is a watched install. */
static enum sp_action profile_action(uint32_t ret)
{
	enum sp_action a;
	int data;

	if ((ret & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_TRACE)
		return sp_action_of_ret(ret, &data);
	sp_action_unpack((uint16_t)(ret & SECCOMP_RET_DATA), &a, &data);
	return a;
}

/* A seccomp stop or a syscall stop: read the call, act on it, hand it to
 * the sink.  In syscall mode a call is taken at its entry stop; its exit
 * stop and the seccomp stop that follows the entry add nothing, except
 * that a seccomp stop whose data is not our filter's comes from the
 * task's own filter returning SECCOMP_RET_TRACE, which natively (no
 * tracer of its own) makes the call fail with ENOSYS (seccomp(2)).  A
 * seccomp stop without an entry stop before it is a call our filter
 * caught before the task was switched to syscall mode: taken there. */
static void on_call(struct sp_loop *L, struct sp_task *task)
{
	struct __ptrace_syscall_info info;
	struct sp_event ev;
	const uint64_t *args;
	bool answered, profile_allows = false;
	long ret = 0;
	int rc;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, task->tid, sizeof(info), &info) <
	    0) {
		if (errno != ESRCH)
			sp_loop_fail(L, -errno, "PTRACE_GET_SYSCALL_INFO");
		return;
	}
	if (info.op == PTRACE_SYSCALL_INFO_SECCOMP &&
	    task->mode == SP_MODE_SYSCALL && task->entered) {
		task->entered = false;
		if (L->trace_data >= 0 &&
		    (uint16_t)info.seccomp.ret_data != L->trace_data &&
		    sp_regs_skip_call(task->tid, -ENOSYS) < 0 && errno != ESRCH)
			sp_loop_fail(L, -errno, "cannot refuse a call");
		return;
	}
	if (info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
		ev.nr = (int64_t)info.seccomp.nr;
		args = info.seccomp.args;
		ev.ret_data = (uint16_t)info.seccomp.ret_data;
	} else if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
		ev.nr = (int64_t)info.entry.nr;
		args = info.entry.args;
		ev.ret_data = 0;
		task->entered = true;
	} else {
		task->entered = false;   /* an exit stop */
		return;
	}
	ev.tid = task->tid;
	ev.tgid = task->tgid;
	ev.arch = sp_arch_of_call(info.arch, ev.nr);
	memcpy(ev.args, args, sizeof(ev.args));
	ev.ip = info.instruction_pointer;
	ev.sp = info.stack_pointer;
	ev.exe = task->exe;
	ev.read = 0;         /* sp_loop_inspect adds the flags it read */
	ev.spawning = task->spawning;
	ev.own_judged = false;
	task->group_stopped = false;
	if (info.op == PTRACE_SYSCALL_INFO_ENTRY && L->judge) {
		struct seccomp_data sd = {
			.nr = (int)ev.nr, .arch = info.arch,
			.instruction_pointer = info.instruction_pointer };

		memcpy(sd.args, args, sizeof(sd.args));
		if (task->own) {
			ev.own_ret = L->judge(task->own->progs, task->own->n,
					      &sd);
			ev.own_judged = true;
		}
		/* Under a profile's filter only its refusals go to the
		 * sink, as by seccomp stops. */
		if (L->filter.len)
			profile_allows = sp_action_allows(
				profile_action(L->judge(&L->filter, 1, &sd)));
	}
	answered = sp_loop_inspect(L, task, &ev, &ret);
	/* Under a profile's filter, a seccomp stop whose data packs an
	 * allowing action is the install of a filter of the task's own,
	 * watched so that inspect switches the task (cli/filter.c,
	 * watch_installs): the profile allows it, so it is no refusal;
	 * nor is a call it allows at an entry stop. */
	if (info.op == PTRACE_SYSCALL_INFO_SECCOMP && L->trace_data < 0)
		profile_allows = sp_action_allows(
			profile_action(SECCOMP_RET_TRACE | ev.ret_data));
	if (profile_allows) {
		if (answered && sp_regs_skip_call(task->tid, ret) < 0 &&
		    errno != ESRCH)
			sp_loop_fail(L, -errno, "cannot answer a call");
		return;
	}
	rc = sp_loop_deliver(L, &ev);
	if (rc > 0)
		ret = rc == SP_SINK_SKIP ? 0 : -rc;
	if ((rc > 0 || answered) && sp_regs_skip_call(task->tid, ret) < 0 &&
	    errno != ESRCH) {
		sp_loop_fail(L, -errno, "cannot refuse a call");
		sp_loop_kill_all(L);
	}
}

static void on_new_child(struct sp_loop *L, struct sp_task *parent,
			 enum sp_stop_kind kind)
{
	unsigned long msg;
	struct sp_task *child;
	bool thread, seen;

	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, 0, &msg))
		return;
	/* Its first stop may have come first (adopted): it has run since,
	 * an execve maybe, whose executable must stay its own. */
	seen = sp_task_find(&L->tasks, (pid_t)msg) != NULL;
	child = sp_task_add(&L->tasks, (pid_t)msg);
	if (!child) {
		sp_loop_fail(L, -ENOMEM, "cannot follow a new task");
		kill(msg, SIGKILL);
		return;
	}
	thread = kind == SP_STOP_CLONE && (parent->clone_flags & CLONE_THREAD);
	child->tgid = thread ? parent->tgid : child->tid;
	child->ppid = thread || (parent->clone_flags & CLONE_PARENT) ?
			      parent->ppid :
			      parent->tgid;
	if (!seen) {
		child->mode = parent->mode;
		child->exe = parent->exe;
	}
	if (!child->own)
		child->own = sp_own_filters_get(parent->own);
	parent->clone_flags = 0;
	/* The image it was forked with: its parent's. */
	if (!thread &&
	    sp_trace_add_process(L->t, child->tid, child->ppid, parent->exe))
		sp_loop_fail(L, -ENOMEM, "cannot record a process");
}

static void forget_other_threads(struct sp_task *t, void *arg)
{
	struct sp_task **keep = arg;

	/* Marked here, removed by on_exec (we cannot unlink while the table
	 * is being walked). */
	if (t != *keep)
		t->tgid = -1;
}

/* At its exec: whether the executable runs without the privileges it
 * would have natively (then the trace and opts->on_privs_lost say so),
 * asked once per executable (a build execs its compiler thousands of
 * times). */
static void check_privs(struct sp_loop *L, struct sp_task *task)
{
	char what[200];

	if (sp_array_cover(&L->privs_checked, &L->privs_checked_cap,
			   (size_t)task->exe + 1, sizeof(bool)) ||
	    L->privs_checked[task->exe])
		return;
	L->privs_checked[task->exe] = true;
	if (sp_proc_privs_lost(task->tid, task->exec_path,
			       L->t->no_new_privs, what, sizeof(what)) <= 0)
		return;
	if (sp_trace_intern_unprivileged(L->t, L->t->exes[task->exe]) < 0)
		sp_loop_fail(L, -ENOMEM, "cannot record an executable");
	else if (L->on_privs_lost)
		L->on_privs_lost(L->ctx, L->t->exes[task->exe], what);
}

static void on_exec(struct sp_loop *L, struct sp_task *task)
{
	unsigned long former;
	int idx;

	if (ptrace(PTRACE_GETEVENTMSG, task->tid, 0, &former) == 0 &&
	    (pid_t)former != task->tid) {
		struct sp_task *old = sp_task_find(&L->tasks, (pid_t)former);

		if (old) {
			task->mode = old->mode;
			free(task->exec_path);
			task->exec_path = old->exec_path;
			old->exec_path = NULL;
			if (task->own != old->own) {
				sp_own_filters_put(task->own);
				task->own = sp_own_filters_get(old->own);
			}
			sp_task_remove(&L->tasks, (pid_t)former);
		}
	}
	task->spawning = false;
	/* Only the exec'ing thread survives an execve. */
	sp_task_for_group(&L->tasks, task->tid, forget_other_threads, &task);
	for (;;) {
		struct sp_task *gone = NULL;

		for (size_t b = 0; b < SP_TASK_BUCKETS && !gone; b++)
			for (struct sp_task *t = L->tasks.buckets[b]; t;
			     t = t->next)
				if (t->tgid == -1)
					gone = t;
		if (!gone)
			break;
		sp_task_remove(&L->tasks, gone->tid);
	}
	task->tgid = task->tid;
	task->has_read = false;
	sp_unwind_forget(L->uw, task->tid);
	idx = sp_proc_exe(L->t, task->tid, task->exec_path);
	if (idx < 0) {
		sp_loop_fail(L, idx, "cannot record an executable");
		return;
	}
	/* Neither /proc nor its memory at the execve named it. */
	if (!strcmp(L->t->exes[idx], "?"))
		sp_loop_hidden(L, task->exe, false);
	task->exe = (uint32_t)idx;
	if (sp_trace_add_process(L->t, task->tid, task->ppid, task->exe))
		sp_loop_fail(L, -ENOMEM, "cannot record a process");
	check_privs(L, task);
}

static void count_task(struct sp_task *t, void *arg)
{
	(void)t;
	(*(size_t *)arg)++;
}

static void on_death(struct sp_loop *L, pid_t tid, struct sp_stop stop)
{
	struct sp_task *task = sp_task_find(&L->tasks, tid);
	size_t left = 0;

	if (L->main_unseized && task && task->tgid == L->main_pid)
		sp_task_for_group(&L->tasks, L->main_pid, count_task, &left);
	if (tid == L->main_pid || left == 1) {
		L->t->end = stop.kind == SP_STOP_EXITED ? SP_END_EXITED :
							  SP_END_SIGNALED;
		L->t->status = stop.sig;
		/* Reaped: its pid may be reused by anyone; signals go to
		 * the daemons it left, which the recording waits for. */
		if (L->attached)
			sp_signals_forward(0);
		else
			sp_signals_main_gone(0, L->on_left, L->ctx);
	}
	sp_unwind_forget(L->uw, tid);
	sp_task_remove(&L->tasks, tid);
}

static void resume(struct sp_loop *L, struct sp_task *task, enum resume how,
		   int sig)
{
	long rc;

	switch (how) {
	case RESUME_NONE:
		return;
	case RESUME_LISTEN:
		rc = ptrace(PTRACE_LISTEN, task->tid, 0, 0);
		task->state = SP_TASK_LISTENING;
		break;
	case RESUME_RUN:
		rc = ptrace(task->mode == SP_MODE_SYSCALL ? PTRACE_SYSCALL :
							    PTRACE_CONT,
			    task->tid, 0, sig);
		task->state = SP_TASK_RUNNING;
		break;
	}
	/* ESRCH: killed while stopped; its death report follows. */
	if (rc < 0 && errno != ESRCH)
		sp_loop_fail(L, -errno, "cannot resume a traced task");
}

/* A call our stop woke fails where natively it sleeps on: restarted
 * (tracer/lost_calls.h). */
static void restart_woken_call(struct sp_loop *L, struct sp_task *task,
			       int sig)
{
	int rc = sp_call_unwake(task->tid, sig);

	if (rc && rc != -ESRCH)
		sp_loop_fail(L, rc, "cannot restart an interrupted call");
}

void sp_loop_dispatch(struct sp_loop *L, pid_t tid, int status)
{
	struct sp_stop stop = sp_classify_stop(status);
	struct sp_task *task = sp_task_find(&L->tasks, tid);
	struct sp_task *release = task ? sp_loop_stopped(L, task) : NULL;
	enum resume how = RESUME_RUN;
	int sig = 0;

	sp_loop_come_back(L, tid);
	if (tid == L->main_pid)
		L->main_stop = 0;       /* set again below if a group-stop */
	if (!task && stop.kind != SP_STOP_EXITED &&
	    stop.kind != SP_STOP_KILLED) {
		task = sp_loop_adopt(L, tid);
		if (!task) {
			sp_loop_fail(L, -ENOMEM, "cannot follow a new task");
			kill(tid, SIGKILL);
			return;
		}
	}
	if (L->detaching && task && stop.kind != SP_STOP_EXITED &&
	    stop.kind != SP_STOP_KILLED) {
		/* Any stop will do to let go: a pending signal goes with it;
		 * a task in group-stop stays stopped, as it was; a call our
		 * interrupt woke sleeps on. */
		if (task->interrupted && (stop.kind == SP_STOP_SYSCALL ||
					  stop.kind == SP_STOP_TRAP))
			restart_woken_call(L, task, 0);
		ptrace(PTRACE_DETACH, tid, 0,
		       stop.kind == SP_STOP_SIGNAL ? stop.sig : 0);
		sp_unwind_forget(L->uw, task->tgid);
		sp_task_remove(&L->tasks, tid);
		return;
	}
	switch (stop.kind) {
	case SP_STOP_EXITED:
	case SP_STOP_KILLED:
		on_death(L, tid, stop);
		task = NULL;    /* forgotten */
		how = RESUME_NONE;
		break;
	case SP_STOP_SECCOMP:
	case SP_STOP_SYSCALL:
		on_call(L, task);
		break;
	case SP_STOP_FORK:
	case SP_STOP_VFORK:
	case SP_STOP_CLONE:
		on_new_child(L, task, stop.kind);
		break;
	case SP_STOP_EXEC:
		on_exec(L, task);
		break;
	case SP_STOP_GROUP:
		how = RESUME_LISTEN;
		task->interrupted = false;
		task->group_stopped = true;
		if (task->tgid == L->main_pid)
			L->main_stop = stop.sig;
		break;
	case SP_STOP_SIGNAL:
		sig = stop.sig;
		if (task->tgid == L->main_pid)
			sp_signals_delivered(tid, sig);
		if (L->listener >= 0)
			sp_loop_restart_lost_call(L, task);
		if (!task->group_stopped)
			restart_woken_call(L, task, sig);
		break;
	case SP_STOP_TRAP:
		if (task->interrupted)
			restart_woken_call(L, task, 0);
		task->interrupted = false;
		break;
	case SP_STOP_VFORK_DONE:
	case SP_STOP_EXIT:
	case SP_STOP_UNKNOWN:
		break;
	}
	if (task && !task->held)
		resume(L, task, how, sig);
	/* The last thread a TSYNC filter switched has stopped: its installer
	 * goes on. */
	if (release && release->held_notif) {
		release->held_notif = false;
		sp_loop_answer(L, release->held_id, 0);
	} else if (release) {
		resume(L, release, RESUME_RUN, 0);
	}
}

void sp_loop_serve(struct sp_loop *L)
{
	if (L->on_progress || L->on_left)
		sp_signals_progress_timer(true);
	for (;;) {
		int status;
		pid_t tid;

		sp_loop_progress(L);
		sp_loop_follow_stop(L);
		/* Interrupted: a command's tasks are killed (again after each
		 * report, so a child whose fork was in flight goes too; a
		 * task in a ptrace stop dies without being resumed); attached
		 * ones are detached, once each, at their next stop. */
		if (sp_signals_interrupted() && L->attached && !L->detaching)
			sp_loop_detach_all(L);
		else if (sp_signals_interrupted() && !L->attached)
			sp_loop_kill_all(L);
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				sp_loop_fail(L, -errno, "waitpid");
			break;
		}
		sp_loop_dispatch(L, tid, status);
	}
	if (L->on_progress || L->on_left)
		sp_signals_progress_timer(false);
}
