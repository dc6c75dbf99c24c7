/*
 * The event loop: one waitpid(-1, __WALL) per stop, one classification
 * (sp_classify_stop), one dispatch switch, one resume site.
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
#include "tracer/tracer.h"

#include <dirent.h>
#include <stddef.h>
#include <poll.h>
#include <errno.h>
#include <limits.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arch.h"
#include "tracer/maps.h"
#include "tracer/spawn.h"
#include "tracer/stop.h"
#include "tracer/task.h"
#include "tracer/unwind.h"

enum resume {
	RESUME_NONE,    /* the task is gone */
	RESUME_RUN,     /* PTRACE_CONT, or PTRACE_SYSCALL in syscall mode */
	RESUME_LISTEN,  /* group-stop: PTRACE_LISTEN */
};

struct loop {
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
	void (*on_progress)(void *ctx, const struct sp_trace *t,
			    size_t tasks);
	void *progress_ctx;
	int listener;           /* the calls by user notification, or -1 */
	/* The workload is traced.  Not with a filter whose refusals go to
	 * the listener: then nothing else needs a stop, and forks and
	 * execs run as fast as natively (who calls is read from /proc). */
	bool seized;
};

/* Signals sent to sandprint, forwarded to the workload. */
static volatile sig_atomic_t forward_pid;
/* Attached to running processes: the first signal detaches them. */
static volatile sig_atomic_t attach_mode;
/* The progress timer fired (opts->on_progress). */
static volatile sig_atomic_t progress_due;
/* The signal that interrupted the recording (a second SIGINT, SIGTERM or
 * SIGHUP within SP_INTERRUPT_WINDOW seconds of the first), or 0. */
static volatile sig_atomic_t interrupt_sig;
static struct timespec first_sig;   /* when the last forwarded one came */

#define SP_INTERRUPT_WINDOW 2

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	struct timespec now;
	int saved = errno;

	(void)uc;
	if (sig == SIGALRM) {   /* interrupts waitpid; time for progress */
		progress_due = 1;
		goto out;
	}
	if (attach_mode) {
		/* Not ours to forward: the loop detaches everything. */
		interrupt_sig = sig;
		goto out;
	}
	/* A second signal within the window: the user wants out, whatever
	 * the workload does with the first (ignores it, cleans up slowly).
	 * The loop kills every tracee and the trace ends "interrupted".
	 * The main process is killed here too, and an alarm is armed: if
	 * the signal came between the loop's check and its waitpid, one of
	 * them makes waitpid return. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((first_sig.tv_sec || first_sig.tv_nsec) &&
	    (now.tv_sec - first_sig.tv_sec) * 1000000000LL +
			    (now.tv_nsec - first_sig.tv_nsec) <=
		    SP_INTERRUPT_WINDOW * 1000000000LL) {
		interrupt_sig = sig;
		if (forward_pid > 0)
			kill((pid_t)forward_pid, SIGKILL);
		alarm(1);
		goto out;
	}
	first_sig = now;
	/* A terminal's ^C (SI_KERNEL) already went to the whole foreground
	 * process group, the workload included: forwarding it would deliver
	 * it twice.  Signals sent to sandprint alone are passed on. */
	if (si->si_code != SI_KERNEL && forward_pid > 0)
		kill((pid_t)forward_pid, sig);
out:
	errno = saved;
}

/* SIGALRM last: not forwarded, see on_signal. */
static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGALRM };

static void signals_install(struct sigaction old[])
{
	struct sigaction sa;

	interrupt_sig = 0;
	first_sig.tv_sec = 0;
	first_sig.tv_nsec = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	/* No SA_RESTART: a signal makes waitpid fail with EINTR, so the
	 * loop sees an interruption at once. */
	sa.sa_flags = SA_SIGINFO;
	/* One handler at a time: first_sig is not atomic. */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&sa.sa_mask, forwarded[i]);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaction(forwarded[i], &sa, &old[i]);
}

static void signals_restore(const struct sigaction old[])
{
	forward_pid = 0;
	attach_mode = 0;
	alarm(0);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaction(forwarded[i], &old[i], NULL);
}

static void fail(struct loop *L, int err, const char *what)
{
	if (L->err)
		return;
	L->err = err;
	L->t->partial = true;
	sp_diag_set(L->d, NULL, 0, 0, NULL, "%s: %s", what, strerror(-err));
}

static void kill_task(struct sp_task *t, void *arg)
{
	(void)arg;
	kill(t->tid, SIGKILL);
}

/* After a fatal error: take every tracee down (they cannot run without
 * us: RET_TRACE without a tracer is ENOSYS) and let the loop reap them.
 * Untraced (not seized), only the main process is known: its
 * descendants run on, reparented to us, and are reaped as they exit. */
static void kill_all(struct loop *L)
{
	for (size_t b = 0; b < SP_TASK_BUCKETS; b++)
		for (struct sp_task *t = L->tasks.buckets[b]; t; t = t->next)
			kill_task(t, NULL);
}

/* The executable of process pid ("?" when /proc does not say), as an
 * index into t's executables, or -ENOMEM. */
static int exe_of(struct sp_trace *t, pid_t pid)
{
	char link[64], exe[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	n = readlink(link, exe, sizeof(exe) - 1);
	if (n < 0)
		n = snprintf(exe, sizeof(exe), "?");
	exe[n] = '\0';
	return sp_trace_intern_exe(t, exe);
}

/* Reads "Tgid:" and "PPid:" from /proc/PID/status. */
static int read_ids(pid_t pid, pid_t *tgid, pid_t *ppid)
{
	char path[64], line[256];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) && found < 2) {
		if (sscanf(line, "Tgid: %d", tgid) == 1 ||
		    sscanf(line, "PPid: %d", ppid) == 1)
			found++;
	}
	fclose(f);
	return found == 2 ? 0 : -EIO;
}

/* A stop from a tid we have not heard of: a new child whose first stop
 * beat its parent's fork/clone event.  Take what it inherits from the
 * task it came from. */
static struct sp_task *adopt(struct loop *L, pid_t tid)
{
	struct sp_task *task = sp_task_add(&L->tasks, tid);
	struct sp_task *from = NULL;
	pid_t tgid = tid, ppid = 0;

	if (!task)
		return NULL;
	if (read_ids(tid, &tgid, &ppid) == 0) {
		task->tgid = tgid;
		task->ppid = ppid;
		from = sp_task_find(&L->tasks, tgid != tid ? tgid : ppid);
	}
	if (from) {
		task->mode = from->mode;
		task->exe = from->exe;
	}
	return task;
}

static void set_syscall_mode(struct sp_task *t, void *arg)
{
	(void)arg;
	t->mode = SP_MODE_SYSCALL;
}

/* Rewrites the flags of a clone(2) in registers (x86_64: rdi).  Other
 * arches are not done: there the flag stays, the child escapes the
 * recording and, under our RET_TRACE filter, gets ENOSYS. */
static int clear_clone_flag(pid_t tid, uint64_t flag)
{
#if defined(__x86_64__)
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, tid, 0, &regs))
		return -errno;
	regs.rdi &= ~flag;
	if (ptrace(PTRACE_SETREGS, tid, 0, &regs))
		return -errno;
	return 0;
#else
	(void)tid;
	(void)flag;
	return -ENOTSUP;
#endif
}

/* Makes the call the task is stopped in fail with err without running:
 * number -1 is skipped by the kernel (after a seccomp or entry stop), and
 * the return register is what the task sees.  Sets errno on failure. */
static int deny_call(pid_t tid, int err)
{
#if defined(__x86_64__)
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, tid, 0, &regs))
		return -1;
	regs.orig_rax = (unsigned long long)-1;
	regs.rax = (unsigned long long)-(long long)err;
	return ptrace(PTRACE_SETREGS, tid, 0, &regs) ? -1 : 0;
#else
	(void)tid;
	(void)err;
	errno = ENOTSUP;
	return -1;
#endif
}

/* Kernel-internal restart codes (include/linux/errno.h). */
#define SP_ERESTARTSYS 512
#define SP_ERESTARTNOINTR 513

/* The call a task at a signal-delivery-stop was in, when that call
 * returned -ERESTARTSYS: 0 and *c filled, or -1 (not in a call, another
 * return, or gone). */
static int interrupted_call(pid_t tid, struct sp_call_at *c)
{
#if defined(__x86_64__)
	struct __ptrace_syscall_info info;
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r) ||
	    (long long)r.orig_rax < 0 ||
	    (long long)r.rax != -SP_ERESTARTSYS ||
	    ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) <= 0)
		return -1;
	c->nr = (int64_t)r.orig_rax;
	c->arch = sp_arch_of_call(info.arch, c->nr);
	c->ip = r.rip;
	if (c->arch == SP_ARCH_X86) {
		uint64_t a[6] = { r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp };

		for (int i = 0; i < 6; i++)
			c->args[i] = a[i] & 0xffffffffu;
	} else {
		uint64_t a[6] = { r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9 };

		memcpy(c->args, a, sizeof(a));
	}
	return 0;
#else
	(void)tid;
	(void)c;
	return -1;
#endif
}

/* Makes the call a task at a signal-delivery-stop was in return
 * -ERESTARTNOINTR: the kernel restarts it after the handler. */
static int restart_after_handler(pid_t tid)
{
#if defined(__x86_64__)
	return ptrace(PTRACE_POKEUSER, tid,
		      offsetof(struct user_regs_struct, rax),
		      (long)-SP_ERESTARTNOINTR) ? -1 : 0;
#else
	(void)tid;
	errno = ENOTSUP;
	return -1;
#endif
}

/* Notification path, at a signal-delivery-stop: a call the signal took
 * out of its wait for the listener is restarted (tracer/notified.h). */
static void restart_lost_call(struct loop *L, struct sp_task *task)
{
	struct sp_call_at now;
	bool read = task->has_read;

	task->has_read = false;
	if (task->mode != SP_MODE_SECCOMP || interrupted_call(task->tid, &now))
		return;
	if (sp_call_lost(read ? &task->read : NULL, &now) &&
	    restart_after_handler(task->tid) && errno != ESRCH)
		fail(L, -errno, "cannot restart an interrupted call");
}

/*
 * Calls the tracer itself must act on, before they run:
 *  - clone/clone3 with CLONE_UNTRACED would give a child we never see,
 *    which would get ENOSYS from every call (RET_TRACE without a tracer):
 *    clear the flag (registers for clone, the struct for clone3).  The
 *    kernel re-runs the filter after our stop (since 4.8), which is fine:
 *    the rerun of RET_TRACE allows.
 *  - seccomp(SET_MODE_FILTER) and prctl(PR_SET_SECCOMP, FILTER): the
 *    task's own filter will outrank our TRACE; switch it (its whole thread
 *    group with TSYNC) to syscall-entry stops.
 *  - mmap of a file with PROT_EXEC: a shared object loaded as code, which
 *    the trace lists for the static analysis (tracer/maps.h).
 * Only native calls are inspected: numbers differ per arch.
 */
static void inspect(struct loop *L, struct sp_task *task,
		    const struct sp_event *ev)
{
	task->clone_flags = 0;
	if (ev->arch != L->native)
		return;
	switch (ev->nr) {
	case SYS_clone:
		/* x86_64 and aarch64: flags are the first argument. */
		task->clone_flags = ev->args[0];
		if (ev->args[0] & CLONE_UNTRACED &&
		    clear_clone_flag(task->tid, CLONE_UNTRACED) == 0)
			task->clone_flags &= ~(uint64_t)CLONE_UNTRACED;
		break;
	case SYS_clone3: {
		/* struct clone_args starts with the u64 flags; read without
		 * ptrace, so that a task waiting on the listener (not in a
		 * ptrace stop) is read too. */
		uint64_t flags;
		struct iovec local = { &flags, sizeof(flags) };
		struct iovec remote = { (void *)(uintptr_t)ev->args[0],
					sizeof(flags) };
		long word;

		if (process_vm_readv(task->tid, &local, 1, &remote, 1, 0) !=
		    (ssize_t)sizeof(flags))
			break;
		task->clone_flags = flags;
		word = (long)flags;
		if (word & CLONE_UNTRACED) {
			word &= ~(long)CLONE_UNTRACED;
			if (ptrace(PTRACE_POKEDATA, task->tid, ev->args[0],
				   word) == 0)
				task->clone_flags = (uint64_t)word;
		}
		break;
	}
	case SYS_seccomp:
		if (ev->args[0] != SECCOMP_SET_MODE_FILTER)
			break;
		if (ev->args[1] & SECCOMP_FILTER_FLAG_TSYNC)
			sp_task_for_group(&L->tasks, task->tgid,
					  set_syscall_mode, NULL);
		task->mode = SP_MODE_SYSCALL;
		break;
	case SYS_prctl:
		if ((int)ev->args[0] == PR_SET_SECCOMP &&
		    ev->args[1] == SECCOMP_MODE_FILTER)
			task->mode = SP_MODE_SYSCALL;
		break;
	case SYS_mmap:
		if (sp_maps_note_mmap(L->t, task->tid, task->tgid, ev->args[2],
				      ev->args[3], (int64_t)ev->args[4]))
			fail(L, -ENOMEM, "cannot record a mapped object");
		break;
	default:
		break;
	}
}

/* Hands a call to the sink: the errno it refuses the call with, or 0; a
 * sink that fails stops the recording. */
static int deliver(struct loop *L, const struct sp_event *ev)
{
	int rc;

	L->t->ncalls++;
	rc = L->sink->on_syscall(L->sink->ctx, ev);
	if (rc < 0) {
		fail(L, rc, "cannot record a call");
		kill_all(L);
		return 0;
	}
	return rc;
}

/* A seccomp stop or a syscall stop: read the call, act on it, hand it to
 * the sink.  Exit stops and, in syscall mode, the seccomp stops that follow
 * an entry stop already recorded are ignored. */
static void on_call(struct loop *L, struct sp_task *task,
		    enum sp_stop_kind kind)
{
	struct __ptrace_syscall_info info;
	struct sp_event ev;
	const uint64_t *args;
	int rc;

	if (kind == SP_STOP_SECCOMP && task->mode == SP_MODE_SYSCALL)
		return;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, task->tid, sizeof(info), &info) <
	    0) {
		if (errno != ESRCH)
			fail(L, -errno, "PTRACE_GET_SYSCALL_INFO");
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
	} else {
		return;
	}
	ev.tid = task->tid;
	ev.tgid = task->tgid;
	ev.arch = sp_arch_of_call(info.arch, ev.nr);
	memcpy(ev.args, args, sizeof(ev.args));
	ev.ip = info.instruction_pointer;
	ev.sp = info.stack_pointer;
	ev.exe = task->exe;
	inspect(L, task, &ev);
	rc = deliver(L, &ev);
	if (rc > 0 && deny_call(task->tid, rc) < 0 && errno != ESRCH) {
		fail(L, -errno, "cannot refuse a call");
		kill_all(L);
	}
}

/* An untraced workload's call (the loop is not seized): its process and
 * executable, from /proc while it waits for our answer, and the process
 * image in the trace the first time it is seen. */
static void identify(struct loop *L, struct sp_event *ev)
{
	pid_t ppid = 0;
	int idx;

	if (read_ids(ev->tid, &ev->tgid, &ppid))
		ev->tgid = ev->tid;
	idx = exe_of(L->t, ev->tgid);
	if (idx < 0) {
		fail(L, idx, "cannot record an executable");
		return;
	}
	ev->exe = (uint32_t)idx;
	for (size_t i = 0; i < L->t->nprocs; i++)
		if (L->t->procs[i].pid == ev->tgid &&
		    L->t->procs[i].exe == ev->exe)
			return;
	if (sp_trace_add_process(L->t, ev->tgid, ppid, ev->exe))
		fail(L, -ENOMEM, "cannot record a process");
}

/* One call from the listener: the task waits in the kernel (not in a
 * ptrace stop) until we answer: "continue", or the error the sink asks
 * for.  A task in syscall mode was recorded at its entry stop already. */
static void on_notify(struct loop *L)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct sp_task *task;
	struct sp_event ev;
	enum sp_task_mode mode = SP_MODE_SECCOMP;
	int refuse = 0;

	memset(&req, 0, sizeof(req));
	if (ioctl(L->listener, SECCOMP_IOCTL_NOTIF_RECV, &req)) {
		/* ENOENT: the task died (or was signalled) meanwhile. */
		if (errno != ENOENT && errno != EINTR)
			fail(L, -errno, "SECCOMP_IOCTL_NOTIF_RECV");
		return;
	}
	task = L->seized ? sp_task_find(&L->tasks, (pid_t)req.pid) : NULL;
	if (!task && req.pid && L->seized)
		task = adopt(L, (pid_t)req.pid);
	if (task && task->mode == SP_MODE_SYSCALL)
		goto answer;
	memset(&ev, 0, sizeof(ev));
	ev.tid = (pid_t)req.pid;
	ev.tgid = task ? task->tgid : (pid_t)req.pid;
	ev.nr = req.data.nr;
	ev.arch = sp_arch_of_call(req.data.arch, ev.nr);
	memcpy(ev.args, req.data.args, sizeof(ev.args));
	ev.ip = req.data.instruction_pointer;
	ev.exe = task ? task->exe : 0;
	mode = task ? task->mode : SP_MODE_SECCOMP;
	if (!L->seized)
		identify(L, &ev);
	if (task) {
		task->read = (struct sp_call_at){ .arch = ev.arch,
						  .nr = ev.nr,
						  .ip = ev.ip };
		memcpy(task->read.args, ev.args, sizeof(ev.args));
		task->has_read = true;
		inspect(L, task, &ev);
	}
	refuse = deliver(L, &ev);
	/* The task installs a filter of its own: from its next stop on it
	 * is resumed with syscall stops (resume() does that).  Make it stop
	 * BEFORE it is answered: asked after, it could run on and make a
	 * call its new filter refuses, which no notification would show
	 * (seen in CI).  The interrupt ends its wait for our answer; the
	 * call is restarted and seen again at an entry stop (counted
	 * twice), or our answer finds it gone (ENOENT). */
	if (task && mode != task->mode)
		ptrace(PTRACE_INTERRUPT, task->tid, 0, 0);
answer:
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	if (refuse)
		resp.error = -refuse;
	else
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	/* ENOENT: the task is gone, or no longer waiting. */
	if (ioctl(L->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) &&
	    errno != ENOENT)
		fail(L, -errno, "SECCOMP_IOCTL_NOTIF_SEND");
}

static void on_new_child(struct loop *L, struct sp_task *parent,
			 enum sp_stop_kind kind)
{
	unsigned long msg;
	struct sp_task *child;
	bool thread;

	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, 0, &msg))
		return;
	child = sp_task_add(&L->tasks, (pid_t)msg);
	if (!child) {
		fail(L, -ENOMEM, "cannot follow a new task");
		kill(msg, SIGKILL);
		return;
	}
	thread = kind == SP_STOP_CLONE && (parent->clone_flags & CLONE_THREAD);
	child->tgid = thread ? parent->tgid : child->tid;
	child->ppid = thread || (parent->clone_flags & CLONE_PARENT) ?
			      parent->ppid :
			      parent->tgid;
	child->mode = parent->mode;
	child->exe = parent->exe;
	parent->clone_flags = 0;
	if (!thread &&
	    sp_trace_add_process(L->t, child->tid, child->ppid, child->exe))
		fail(L, -ENOMEM, "cannot record a process");
}

static void forget_other_threads(struct sp_task *t, void *arg)
{
	struct sp_task **keep = arg;

	/* Marked here, removed by on_exec (we cannot unlink while the table
	 * is being walked). */
	if (t != *keep)
		t->tgid = -1;
}

static void on_exec(struct loop *L, struct sp_task *task)
{
	unsigned long former;
	int idx;

	if (ptrace(PTRACE_GETEVENTMSG, task->tid, 0, &former) == 0 &&
	    (pid_t)former != task->tid) {
		struct sp_task *old = sp_task_find(&L->tasks, (pid_t)former);

		if (old) {
			task->mode = old->mode;
			sp_task_remove(&L->tasks, (pid_t)former);
		}
	}
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
	idx = exe_of(L->t, task->tid);
	if (idx < 0) {
		fail(L, idx, "cannot record an executable");
		return;
	}
	task->exe = (uint32_t)idx;
	if (sp_trace_add_process(L->t, task->tid, task->ppid, task->exe))
		fail(L, -ENOMEM, "cannot record a process");
}

static void on_death(struct loop *L, pid_t tid, struct sp_stop stop)
{
	if (tid == L->main_pid) {
		L->t->end = stop.kind == SP_STOP_EXITED ? SP_END_EXITED :
							  SP_END_SIGNALED;
		L->t->status = stop.sig;
		/* Reaped: its pid may be reused by anyone; signals are not
		 * forwarded from now on (daemons left run on, a second
		 * signal still interrupts). */
		forward_pid = 0;
	}
	sp_unwind_forget(L->uw, tid);
	sp_task_remove(&L->tasks, tid);
}

static void resume(struct loop *L, struct sp_task *task, enum resume how,
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
		fail(L, -errno, "cannot resume a traced task");
}

static void dispatch(struct loop *L, pid_t tid, int status)
{
	struct sp_stop stop = sp_classify_stop(status);
	struct sp_task *task = sp_task_find(&L->tasks, tid);
	enum resume how = RESUME_RUN;
	int sig = 0;

	if (!task && stop.kind != SP_STOP_EXITED &&
	    stop.kind != SP_STOP_KILLED) {
		task = adopt(L, tid);
		if (!task) {
			fail(L, -ENOMEM, "cannot follow a new task");
			kill(tid, SIGKILL);
			return;
		}
	}
	if (L->detaching && task && stop.kind != SP_STOP_EXITED &&
	    stop.kind != SP_STOP_KILLED) {
		/* Any stop will do to let go: a pending signal goes with it;
		 * a task in group-stop stays stopped, as it was. */
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
		how = RESUME_NONE;
		break;
	case SP_STOP_SECCOMP:
	case SP_STOP_SYSCALL:
		on_call(L, task, stop.kind);
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
		break;
	case SP_STOP_SIGNAL:
		sig = stop.sig;
		if (L->listener >= 0)
			restart_lost_call(L, task);
		break;
	case SP_STOP_VFORK_DONE:
	case SP_STOP_EXIT:
	case SP_STOP_TRAP:
	case SP_STOP_UNKNOWN:
		break;
	}
	if (task)
		resume(L, task, how, sig);
}

/* The command line of a running process, as the trace's argv. */
static int argv_of(struct sp_trace *t, pid_t pid)
{
	char path[64], buf[4096];
	char *v[65];
	size_t n = 0, len;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	for (size_t i = 0; i < len && n < 64; i += strlen(buf + i) + 1)
		v[n++] = buf + i;
	if (!n) {
		snprintf(buf, sizeof(buf), "pid:%d", pid);
		v[n++] = buf;
	}
	v[n] = NULL;
	return sp_trace_set_argv(t, v);
}

/* Seizes every thread of process pid and asks each for a stop (the loop
 * then resumes it with syscall stops).  Threads it starts while we look
 * are seized by the kernel (PTRACE_O_TRACECLONE) or found by the next
 * pass over /proc/PID/task; passes go on until one finds nothing new. */
static int attach_process(struct loop *L, pid_t pid)
{
	char path[64];
	pid_t tgid = 0, ppid = 0;
	bool found = true;
	int idx;

	if (read_ids(pid, &tgid, &ppid) || tgid != pid) {
		sp_diag_set(L->d, NULL, 0, 0, NULL, "pid %d: no such process",
			    pid);
		return -ESRCH;
	}
	idx = exe_of(L->t, pid);
	if (idx < 0 || sp_trace_add_process(L->t, pid, ppid, (uint32_t)idx))
		return -ENOMEM;
	/* Its libraries were loaded before we came. */
	if (sp_maps_read(L->t, pid) == -ENOMEM)
		return -ENOMEM;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	while (found) {
		struct dirent *e;
		DIR *dir = opendir(path);

		if (!dir)
			break;
		found = false;
		while ((e = readdir(dir))) {
			pid_t tid = (pid_t)atoi(e->d_name);
			struct sp_task *task;

			if (tid <= 0 || sp_task_find(&L->tasks, tid))
				continue;
			if (ptrace(PTRACE_SEIZE, tid, 0,
				   (unsigned long)(SP_PTRACE_OPTIONS &
						   ~PTRACE_O_EXITKILL))) {
				int err = errno;

				if (err == ESRCH) /* the thread just exited */
					continue;
				closedir(dir);
				sp_diag_set(L->d, NULL, 0, 0, NULL,
					    "cannot attach to pid %d: %s", pid,
					    strerror(err));
				return -err;
			}
			task = sp_task_add(&L->tasks, tid);
			if (!task) {
				closedir(dir);
				return -ENOMEM;
			}
			task->tgid = pid;
			task->ppid = ppid;
			task->mode = SP_MODE_SYSCALL;
			task->exe = (uint32_t)idx;
			ptrace(PTRACE_INTERRUPT, tid, 0, 0);
			found = true;
		}
		closedir(dir);
	}
	return 0;
}

static void detach_all(struct loop *L)
{
	L->detaching = true;
	for (size_t b = 0; b < SP_TASK_BUCKETS; b++)
		for (struct sp_task *t = L->tasks.buckets[b]; t; t = t->next)
			ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
}

static void report_spawn_error(struct loop *L, int errfd, const char *cmd)
{
	struct sp_spawn_error e;
	static const char *const stages[] = {
		"", "cannot set no_new_privs", "cannot install the filter",
		"cannot execute",
	};

	if (read(errfd, &e, sizeof(e)) != (ssize_t)sizeof(e))
		return;
	if (e.stage < 1 || e.stage > 3)
		return;
	L->err = e.stage == 3 ? -e.err : -EPERM;
	sp_diag_set(L->d, NULL, 0, 0, NULL, "%s%s%s: %s", stages[e.stage],
		    e.stage == 3 ? " " : "", e.stage == 3 ? cmd : "",
		    strerror(e.err));
}

/* The loop proper, until no tracee is left: with a command, every
 * task gone; attached, every task gone or detached. */
/* Every 250 ms while the loop runs, for opts->on_progress (SIGALRM:
 * a blocked waitpid returns EINTR, a busy loop sees the flag). */
static void progress_timer(bool on)
{
	struct itimerval it = { { 0, on ? 250000 : 0 }, { 0, on ? 250000 : 0 } };

	progress_due = 0;
	setitimer(ITIMER_REAL, &it, NULL);
}

static void serve(struct loop *L)
{
	if (L->on_progress)
		progress_timer(true);
	for (;;) {
		int status;
		pid_t tid;

		if (progress_due && L->on_progress) {
			progress_due = 0;
			L->on_progress(L->progress_ctx, L->t, L->tasks.count);
		}
		/* Interrupted: a command's tasks are killed (again after each
		 * report, so a child whose fork was in flight goes too; a
		 * task in a ptrace stop dies without being resumed); attached
		 * ones are detached, once each, at their next stop. */
		if (interrupt_sig && L->attached && !L->detaching)
			detach_all(L);
		else if (interrupt_sig && !L->attached)
			kill_all(L);
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				fail(L, -errno, "waitpid");
			break;
		}
		dispatch(L, tid, status);
	}
	if (L->on_progress)
		progress_timer(false);
}

/* Linux 6.6 (Debian 12's headers are older). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* The loop when calls come by user notification: poll the listener and
 * a signalfd for SIGCHLD (ptrace events, exits); the calls themselves
 * cost no ptrace stop.  Ends like serve(): on ECHILD. */
/* Dispatches every stop and exit reported so far.  True when no child is
 * left (ECHILD). */
static bool reap_reported(struct loop *L)
{
	for (;;) {
		int status;
		pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);

		if (tid > 0) {
			dispatch(L, tid, status);
			continue;
		}
		if (tid < 0 && errno == EINTR)
			continue;
		if (tid < 0 && errno != ECHILD)
			fail(L, -errno, "waitpid");
		return tid < 0;
	}
}

static void serve_notify(struct loop *L)
{
	struct pollfd fds[2];
	sigset_t chld, old;
	int sfd;

	/* Wake the waiting task on our CPU when we answer (Linux >= 6.6):
	 * measured here, half the cost of a call (bench/notif_cost.c). */
	ioctl(L->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	      SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		fail(L, -errno, "signalfd");
		kill_all(L);
		sigprocmask(SIG_SETMASK, &old, NULL);
		serve(L);
		return;
	}
	if (L->on_progress)
		progress_timer(true);
	fds[0] = (struct pollfd){ .fd = L->listener, .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	/* An exit before SIGCHLD was blocked sent a signal nobody kept (its
	 * disposition ignores it), and an untraced workload may be gone
	 * already, a zombie still holding the filter: look before the first
	 * wait (seen: a run of /bin/true waiting forever). */
	if (reap_reported(L))
		goto out;
	for (;;) {
		struct signalfd_siginfo si;

		if (progress_due && L->on_progress) {
			progress_due = 0;
			L->on_progress(L->progress_ctx, L->t, L->tasks.count);
		}
		if (interrupt_sig)
			kill_all(L);
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fail(L, -errno, "poll");
			break;
		}
		if (fds[0].revents & POLLIN)
			on_notify(L);
		else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			/* No task uses the filter any more: only exits are
			 * left to collect (a negative fd is not polled). */
			fds[0].fd = -1;
		if (!(fds[1].revents & POLLIN))
			continue;
		while (read(sfd, &si, sizeof(si)) > 0)
			;
		if (reap_reported(L))
			break;
	}
out:
	if (L->on_progress)
		progress_timer(false);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* -p: attach to running processes, record until they are gone or the
 * user says stop (then detach: they run on, untraced). */
static int run_attached(struct loop *L, const struct sp_tracer_opts *opts)
{
	struct sigaction old[4];
	int rc;

	rc = argv_of(L->t, opts->pids[0]);
	if (rc) {
		sp_diag_set(L->d, NULL, 0, 0, NULL, "pid %d: %s",
			    opts->pids[0], rc == -ENOENT ? "no such process" :
							    strerror(-rc));
		return rc == -ENOENT ? -ESRCH : rc;
	}
	sp_task_table_init(&L->tasks);
	L->native = sp_arch_native();
	L->attached = true;
	L->main_pid = opts->pids[0];
	attach_mode = 1;
	signals_install(old);
	for (size_t i = 0; i < opts->npids && !rc; i++)
		rc = attach_process(L, opts->pids[i]);
	if (rc) {
		/* Let go of whatever was seized. */
		for (size_t b = 0; b < SP_TASK_BUCKETS; b++)
			for (struct sp_task *t = L->tasks.buckets[b]; t;
			     t = t->next)
				ptrace(PTRACE_DETACH, t->tid, 0, 0);
		goto out;
	}
	L->t->end = SP_END_RUNNING;
	serve(L);
	if (interrupt_sig && !L->err && L->t->end == SP_END_RUNNING) {
		/* Detached on request: complete up to here. */
		L->t->end = SP_END_INTERRUPTED;
		L->t->status = interrupt_sig;
	}
	if (L->t->end == SP_END_RUNNING)
		L->t->end = SP_END_ERROR;
	rc = L->err;
out:
	signals_restore(old);
	sp_task_table_fini(&L->tasks);
	return rc;
}

int sp_tracer_run(const struct sp_tracer_opts *opts, struct sp_trace *t,
		  const struct sp_sink *sink, struct sp_diag *d)
{
	struct loop L = { .t = t, .sink = sink, .d = d,
			  .uw = opts->unwinder,
			  .on_progress = opts->on_progress,
			  .progress_ctx = opts->ctx,
			  .listener = -1, .seized = true };
	struct sigaction old[4], oldchld, dfl;
	char path[PATH_MAX];
	bool nnp = !sp_spawn_may_skip_nnp(), notify;
	int was_subreaper = 0, errfd = -1, rc, idx;
	struct sp_task *main_task;

	if (opts->npids)
		return run_attached(&L, opts);
	rc = sp_spawn_resolve(opts->argv[0], path, sizeof(path));
	if (rc) {
		sp_diag_set(d, NULL, 0, 0, NULL, "%s: %s", opts->argv[0],
			    rc == -ENOENT ? "command not found" :
					    strerror(-rc));
		return rc;
	}
	rc = sp_trace_set_argv(t, opts->argv);
	idx = rc ? rc : sp_trace_intern_exe(t, path);
	if (idx < 0) {
		sp_diag_set(d, NULL, 0, 0, NULL, "%s", strerror(-idx));
		return idx;
	}
	t->no_new_privs = nnp;
	if (nnp && opts->on_no_new_privs)
		opts->on_no_new_privs(opts->ctx);

	sp_task_table_init(&L.tasks);
	L.native = sp_arch_native();
	prctl(PR_GET_CHILD_SUBREAPER, &was_subreaper);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* Children must stay waitable whatever our parent left us. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &dfl, &oldchld);
	signals_install(old);

	/* Calls by user notification when asked, unless call-site stacks
	 * (which need the task in a ptrace stop) say otherwise; with a
	 * filter, untraced. */
	notify = opts->notify && !opts->unwinder;
	L.seized = !(notify && opts->filter);
	rc = sp_spawn(path, opts->argv, opts->filter, nnp, L.seized,
		      &L.main_pid, &errfd, notify ? &L.listener : NULL, d);
	if (rc)
		goto out;
	forward_pid = L.main_pid;
	main_task = sp_task_add(&L.tasks, L.main_pid);
	if (!main_task) {
		kill(L.main_pid, SIGKILL);
		fail(&L, -ENOMEM, "cannot follow the workload");
	} else {
		main_task->exe = (uint32_t)idx;
		main_task->ppid = getpid();
		/* Untraced: no exec event will add it. */
		if (!L.seized && sp_trace_add_process(t, L.main_pid,
						      main_task->ppid,
						      (uint32_t)idx))
			fail(&L, -ENOMEM, "cannot record a process");
	}
	t->end = SP_END_RUNNING;
	if (L.listener >= 0)
		serve_notify(&L);
	else
		serve(&L);
	report_spawn_error(&L, errfd, opts->argv[0]);
	if (L.err && t->end != SP_END_RUNNING)
		t->partial = true;
	if (t->end == SP_END_RUNNING)
		t->end = SP_END_ERROR;
	/* Stopped by the user: every call up to the kill is in the trace
	 * (not partial), and it says why the workload ended. */
	if (interrupt_sig && !L.err) {
		t->end = SP_END_INTERRUPTED;
		t->status = interrupt_sig;
	}
	rc = L.err;
out:
	if (errfd >= 0)
		close(errfd);
	if (L.listener >= 0)
		close(L.listener);
	signals_restore(old);
	sigaction(SIGCHLD, &oldchld, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, was_subreaper);
	sp_task_table_fini(&L.tasks);
	return rc;
}
