/* What the ptrace loop and the notification loop share: errors, the
 * calls the tracer acts on, handing calls to the sink. */
#include "tracer/loop.h"

#include <errno.h>
#include <fcntl.h>
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
#include <unistd.h>

#include "core/arch.h"
#include "core/array.h"
#include "core/syscall.h"
#include "tracer/maps.h"
#include "tracer/proc.h"
#include "tracer/regs.h"
#include "tracer/signals.h"

void sp_loop_fail(struct sp_loop *L, int err, const char *what)
{
	if (L->err)
		return;
	L->err = err;
	L->t->partial = true;
	sp_diag_set(L->d, NULL, 0, 0, NULL, "%s: %s", what, strerror(-err));
}

void sp_loop_kill_all(struct sp_loop *L)
{
	(void)L;
	/* Every process of the workload descends from us: the main process,
	 * and orphans reparented to us, the subreaper.  Traced or not,
	 * known to the task table or not (a CLONE_UNTRACED child, an
	 * untraced run), each is found and none but them is signalled. */
	sp_proc_kill_descendants(getpid(), SIGKILL);
}

struct sp_task *sp_loop_adopt(struct sp_loop *L, pid_t tid)
{
	struct sp_task *task = sp_task_add(&L->tasks, tid);
	struct sp_task *from = NULL;
	pid_t tgid = tid, ppid = 0;

	if (!task)
		return NULL;
	if (sp_proc_ids(tid, &tgid, &ppid) == 0) {
		task->tgid = tgid;
		task->ppid = ppid;
		from = sp_task_find(&L->tasks, tgid != tid ? tgid : ppid);
	}
	if (from) {
		task->mode = from->mode;
		task->exe = from->exe;
		task->own = sp_own_filters_get(from->own);
	}
	return task;
}

struct tsync {
	struct sp_task *installer;
	size_t n;       /* threads still to stop */
};

/* TSYNC: another thread of the installer's group is switched to syscall
 * stops and gets its filters.  It may be running or blocked in a call:
 * interrupted, it stops once (and is resumed with syscall stops). */
static void switch_thread(struct sp_task *t, void *arg)
{
	struct tsync *ts = arg;
	size_t *n = &ts->n;

	if (t == ts->installer)
		return;
	if (t->own != ts->installer->own) {
		sp_own_filters_put(t->own);
		t->own = sp_own_filters_get(ts->installer->own);
	}
	if (t->mode == SP_MODE_SYSCALL)
		return;
	t->mode = SP_MODE_SYSCALL;
	t->entered = false;
	if (ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) == 0) {
		t->must_stop = true;
		t->interrupted = true;
		(*n)++;
	}
}

static void count_must_stop(struct sp_task *t, void *arg)
{
	size_t *n = arg;

	if (t->must_stop)
		(*n)++;
}

static void find_held(struct sp_task *t, void *arg)
{
	struct sp_task **held = arg;

	if (t->held)
		*held = t;
}

struct sp_task *sp_loop_stopped(struct sp_loop *L, struct sp_task *task)
{
	struct sp_task *held = NULL;
	size_t left = 0;

	if (!task->must_stop)
		return NULL;
	task->must_stop = false;
	sp_task_for_group(&L->tasks, task->tgid, count_must_stop, &left);
	if (left)
		return NULL;
	sp_task_for_group(&L->tasks, task->tgid, find_held, &held);
	if (held)
		held->held = false;
	return held;
}

/* The program of the filter the task is installing, read from its memory
 * (struct sock_fprog at uprog, as the arch it calls in lays it out: a
 * 32-bit one's is a u16 length and a u32 pointer), kept in the task's
 * own filters, when a judge wants them (tracer.h).  Taken as installed:
 * a program the kernel refuses (rare: the workload's own bug) is judged
 * all the same. */
static void keep_own_filter(struct sp_loop *L, struct sp_task *task,
			    enum sp_arch arch, uint64_t uprog)
{
	struct sock_filter insns[BPF_MAXINSNS];
	struct sp_own_filters *f;
	struct {
		uint16_t len;
		uint32_t filter;
	} fp32;
	struct sock_fprog fp;
	bool narrow = sp_arch_ilp32(arch);

	if (!L->judge ||
	    sp_proc_read_mem(task->tid, uprog,
			     narrow ? (void *)&fp32 : (void *)&fp,
			     narrow ? sizeof(fp32) : sizeof(fp)))
		return;
	if (narrow) {
		fp.len = fp32.len;
		fp.filter = (struct sock_filter *)(uintptr_t)fp32.filter;
	}
	if (!fp.len || fp.len > BPF_MAXINSNS)
		return;
	if (sp_proc_read_mem(task->tid, (uint64_t)(uintptr_t)fp.filter, insns,
			     fp.len * sizeof(insns[0])))
		return;
	f = sp_own_filters_add(task->own, insns, fp.len);
	if (!f) {
		sp_loop_fail(L, -ENOMEM, "cannot keep a filter");
		return;
	}
	sp_own_filters_put(task->own);
	task->own = f;
}

/* Strict mode is refused to a task with a filter (EINVAL), ours included.
 * Natively, a task without a filter of its own enters it: the call
 * succeeds without running, and the tracer applies strict mode itself
 * (sp_loop_inspect).  With a filter of its own, the kernel's EINVAL is
 * the native answer. */
static bool enter_strict(struct sp_loop *L, struct sp_task *task, long *ret)
{
	if (L->attached || task->mode == SP_MODE_SYSCALL)
		return false;
	task->strict = true;
	*ret = 0;
	return true;
}

/* Argument i of ev as its call reads it: an i386 call takes the low
 * halves of registers whose upper halves a 64-bit caller of int $0x80
 * sets, and ptrace and seccomp give them whole (sp_arch_caller_upper).
 * A pointer is followed where the kernel follows it, an operation
 * compared as the kernel compares it. */
static uint64_t arg_of(const struct sp_event *ev, unsigned i)
{
	return sp_arch_caller_upper(ev->arch) ? (uint32_t)ev->args[i] :
						ev->args[i];
}

/* n u64 words at addr in tid's memory, without ptrace (a task waiting on
 * the listener is not in a ptrace stop).  0 or -1. */
static int read_struct(pid_t tid, uint64_t addr, uint64_t *words, size_t n)
{
	return sp_proc_read_mem(tid, addr, words, n * sizeof(*words));
}

/* The NUL-terminated string at addr in tid's memory into buf (len
 * bytes), read a page at a time (a string may end just before an
 * unmapped page).  0 or -1. */
static int read_string(pid_t tid, uint64_t addr, char *buf, size_t len)
{
	for (size_t got = 0; got + 1 < len;) {
		size_t chunk = 4096 - ((addr + got) & 4095);

		if (chunk > len - 1 - got)
			chunk = len - 1 - got;
		if (sp_proc_read_mem(tid, addr + got, buf + got, chunk))
			return -1;
		if (memchr(buf + got, '\0', chunk))
			return 0;
		got += chunk;
	}
	return -1;
}

/* Keeps the file an execve names (dirfd: execveat's, or AT_FDCWD), made
 * absolute with the task's working directory or dirfd's path, for the
 * exec that follows: /proc/PID/exe is closed to us after an exec of a
 * file the task may run but not read.  Read now, while /proc is open. */
static void keep_exec_path(struct sp_task *task, int dirfd, uint64_t addr)
{
	char name[PATH_MAX], dir[PATH_MAX], link[64];
	ssize_t n;

	free(task->exec_path);
	task->exec_path = NULL;
	if (read_string(task->tid, addr, name, sizeof(name)) || !*name)
		return;
	if (*name == '/') {
		task->exec_path = strdup(name);
		return;
	}
	if (dirfd == AT_FDCWD)
		snprintf(link, sizeof(link), "cwd");
	else
		snprintf(link, sizeof(link), "fd/%d", dirfd);
	n = sp_proc_readlink(task->tid, link, dir, sizeof(dir) - 1);
	if (n <= 0)
		return;
	dir[n] = '\0';
	if (asprintf(&task->exec_path, "%s/%s", dir, name) < 0)
		task->exec_path = NULL;
}

/*
 * Calls the tracer itself must act on, before they run:
 *  - clone/clone3 with CLONE_UNTRACED would give a child we never see,
 *    which would get ENOSYS from every call (RET_TRACE without a tracer):
 *    clear the flag (registers for clone, the struct for clone3).  The
 *    kernel re-runs the filter after our stop (since 4.8), which is fine:
 *    the rerun of RET_TRACE allows.
 *  - clone3 and openat2 take their flags in a struct no filter can
 *    read: the event carries the flags read from it instead of the
 *    pointer (sp_event.read), for the sibling rules of the profile.
 *  - seccomp(SET_MODE_FILTER) and prctl(PR_SET_SECCOMP, FILTER): the
 *    task's own filter will outrank our TRACE; switch it to syscall-entry
 *    stops.  With TSYNC the filter lands on every thread of its group at
 *    once: each other thread is interrupted (it may be running, or
 *    blocked in a call) and the installer held until all have stopped,
 *    so that none makes a call the filter refuses unseen.
 *  - mmap of a file with PROT_EXEC: a shared object loaded as code, which
 *    the trace lists for the static analysis (tracer/maps.h).
 *  - execve and execveat: the file named, kept for the exec event, where
 *    /proc/PID/exe may be closed to us (keep_exec_path).
 *  - kill: a SIGKILL to a process group sandprint is in (step_aside).
 * In every arch a task calls in: a 32-bit program on x86_64 makes i386
 * calls, whose numbers differ (its threads are clone3's too, its own
 * filters seccomp's).  Known by name, resolved per arch on first use.
 */
enum acted {
	ACT_OTHER,
	ACT_CLONE,
	ACT_CLONE3,
	ACT_SECCOMP,
	ACT_PRCTL,
	ACT_MMAP,
	ACT_OPENAT2,
	ACT_PTRACE,
	ACT_EXECVE,
	ACT_EXECVEAT,
	ACT_KILL,
	ACT_COUNT
};

static enum acted acted(enum sp_arch arch, int64_t nr)
{
	/* mmap2 where an arch has it: i386's old mmap takes a struct. */
	static const char *const names[ACT_COUNT][2] = {
		[ACT_CLONE] = { "clone" },     [ACT_CLONE3] = { "clone3" },
		[ACT_SECCOMP] = { "seccomp" }, [ACT_PRCTL] = { "prctl" },
		[ACT_MMAP] = { "mmap2", "mmap" },
		[ACT_OPENAT2] = { "openat2" }, [ACT_PTRACE] = { "ptrace" },
		[ACT_EXECVE] = { "execve" },   [ACT_EXECVEAT] = { "execveat" },
		[ACT_KILL] = { "kill" },
	};
	static int64_t nrs[SP_ARCH_COUNT][ACT_COUNT];
	static bool resolved[SP_ARCH_COUNT];

	if (arch <= SP_ARCH_UNKNOWN || arch >= SP_ARCH_COUNT)
		return ACT_OTHER;
	if (!resolved[arch]) {
		for (int a = ACT_OTHER + 1; a < ACT_COUNT; a++) {
			int64_t n = -1;

			/* libseccomp's negative numbers: not on this arch. */
			for (int i = 0; i < 2 && names[a][i] && n < 0; i++)
				if (sp_syscall_nr(arch, names[a][i], &n))
					n = -1;
			nrs[arch][a] = n;
		}
		resolved[arch] = true;
	}
	for (int a = ACT_OTHER + 1; a < ACT_COUNT; a++)
		if (nrs[arch][a] == nr)
			return (enum acted)a;
	return ACT_OTHER;
}

void sp_loop_read_flags(struct sp_event *ev)
{
	uint64_t w[5];

	switch (acted(ev->arch, ev->nr)) {
	case ACT_CLONE3:
		/* struct clone_args: flags, pidfd, child_tid, parent_tid,
		 * exit_signal (u64 each, on every arch).  Kept as clone
		 * spells them (flags | exit signal) when clone can: not with
		 * CSIGNAL bits in the flags (CLONE_NEWTIME) or a signal that
		 * does not fit (the kernel refuses those anyway). */
		if (read_struct(ev->tid, arg_of(ev, 0), w, 5) == 0 &&
		    !(w[0] & CSIGNAL) && !(w[4] & ~(uint64_t)CSIGNAL)) {
			ev->args[0] = w[0] | w[4];
			ev->read |= 1u << 0;
		}
		break;
	case ACT_OPENAT2:
		/* struct open_how starts with the u64 flags. */
		if (read_struct(ev->tid, arg_of(ev, 2), w, 1) == 0) {
			ev->args[2] = w[0];
			ev->read |= 1u << 2;
		}
		break;
	default:
		break;
	}
}

bool sp_loop_installs_filter(const struct sp_event *ev)
{
	switch (acted(ev->arch, ev->nr)) {
	case ACT_SECCOMP:
		return arg_of(ev, 0) == SECCOMP_SET_MODE_FILTER;
	case ACT_PRCTL:
		return (int)ev->args[0] == PR_SET_SECCOMP &&
		       arg_of(ev, 1) == SECCOMP_MODE_FILTER;
	default:
		return false;
	}
}

/* Strict mode lets a task make these calls only (seccomp(2)): read,
 * write, exit and the return from a signal handler, which is
 * rt_sigreturn but for i386's plain sigreturn (the kernel's
 * __NR_seccomp_sigreturn_32: a 32-bit program on x86_64 returning from
 * an SA_SIGINFO handler dies). */
static bool strict_allows(const struct sp_event *ev)
{
	const char *const allowed[] = {
		"read", "write", "exit",
		ev->arch == SP_ARCH_X86 ? "sigreturn" : "rt_sigreturn",
	};
	const char *name = sp_syscall_name(ev->arch, ev->nr);

	for (size_t i = 0; name && i < ARRAY_SIZE(allowed); i++)
		if (strcmp(name, allowed[i]) == 0)
			return true;
	return false;
}

/* The seccomp mode the task would have without our filter: 2 with a
 * filter of its own, 1 in (emulated) strict mode, 0 otherwise. */
static long native_mode(const struct sp_task *task)
{
	return task->strict ? SECCOMP_MODE_STRICT :
	       task->mode == SP_MODE_SYSCALL ? SECCOMP_MODE_FILTER : 0;
}

/* A SIGKILL the workload sends to a process group sandprint is in (a
 * script's "kill -KILL 0", a supervisor's killpg of its own group)
 * would kill sandprint, which cannot catch it, and the recording with
 * it.  Seen before the call runs, sandprint steps out of the group for
 * it: into a group of its own where it does not lead its group (a
 * script's command), else into its parent's in the same session (the
 * shell that made sandprint's group its job's), and back at the
 * sender's next event (sp_loop_come_back: its death, mostly).  The
 * workload's group, session and terminal are untouched, every member
 * dies as natively, and sandprint writes the trace, then dies of SIGKILL
 * in turn.  Not where sandprint leads its session (a session's leader
 * cannot change groups), nor for kill(-1), which spares nothing. */
static void step_aside(struct sp_loop *L, const struct sp_task *task,
		       const struct sp_event *ev)
{
	pid_t to_pid = (pid_t)ev->args[0], own = getpgrp();
	pid_t group = to_pid == 0 ? getpgid(task->tid) : -to_pid;
	pid_t ppid = getppid(), to = 0;

	if (L->aside_tid || (int)ev->args[1] != SIGKILL || to_pid > 0 ||
	    to_pid == -1 || group != own || getsid(0) == getpid())
		return;
	if (own == getpid()) {
		to = getpgid(ppid);
		if (to <= 0 || to == own || getsid(ppid) != getsid(0))
			return;
	}
	if (setpgid(0, to) == 0) {
		L->aside_tid = task->tid;
		L->home_pgrp = own;
	}
}

void sp_loop_follow_stop(struct sp_loop *L)
{
	int sig = sp_signals_take_stop(L->main_stop);

	if (sig)
		sp_signals_stop_self(sig);
}

void sp_loop_come_back(struct sp_loop *L, pid_t tid)
{
	if (!L->aside_tid || tid != L->aside_tid)
		return;
	L->aside_tid = 0;
	/* Back to the group we led (our own pid: always ours to lead), or
	 * to the one we were in, unless the SIGKILL emptied it (natively
	 * we would be gone with it). */
	(void)setpgid(0, L->home_pgrp == getpid() ? 0 : L->home_pgrp);
}

bool sp_loop_inspect(struct sp_loop *L, struct sp_task *task,
		     struct sp_event *ev, long *ret)
{
	uint64_t pointer = arg_of(ev, 0);
	int rc;

	sp_loop_come_back(L, task->tid);

	task->clone_flags = 0;
	/* A task in strict mode dies of any other call, before it runs. */
	if (task->strict && !strict_allows(ev)) {
		syscall(SYS_tgkill, task->tgid, task->tid, SIGKILL);
		*ret = -ENOSYS;
		return true;
	}
	/* The struct's flags before a CLONE_UNTRACED is cleared below: the
	 * workload's own. */
	sp_loop_read_flags(ev);
	switch (acted(ev->arch, ev->nr)) {
	case ACT_CLONE:
		/* x86_64, i386 and aarch64: flags are the first argument. */
		task->clone_flags = ev->args[0];
		if (ev->args[0] & CLONE_UNTRACED &&
		    sp_regs_clear_clone_flag(task->tid, ev->arch,
					     CLONE_UNTRACED) == 0)
			task->clone_flags &= ~(uint64_t)CLONE_UNTRACED;
		break;
	case ACT_CLONE3: {
		/* struct clone_args starts with the u64 flags (pointer:
		 * ev->args[0] before sp_loop_read_flags put them there). */
		uint64_t flags;
		long word;

		if (read_struct(task->tid, pointer, &flags, 1))
			break;
		task->clone_flags = flags;
		word = (long)flags;
		if (word & CLONE_UNTRACED) {
			word &= ~(long)CLONE_UNTRACED;
			if (ptrace(PTRACE_POKEDATA, task->tid, pointer,
				   word) == 0)
				task->clone_flags = (uint64_t)word;
		}
		break;
	}
	case ACT_EXECVE:
		keep_exec_path(task, AT_FDCWD, pointer);
		break;
	case ACT_EXECVEAT:
		keep_exec_path(task, (int)ev->args[0], arg_of(ev, 1));
		break;
	case ACT_SECCOMP: {
		struct tsync ts = { task, 0 };

		if (arg_of(ev, 0) == SECCOMP_SET_MODE_STRICT &&
		    !arg_of(ev, 1) && !arg_of(ev, 2))
			return enter_strict(L, task, ret);
		if (arg_of(ev, 0) != SECCOMP_SET_MODE_FILTER)
			break;
		task->mode = SP_MODE_SYSCALL;
		keep_own_filter(L, task, ev->arch, arg_of(ev, 2));
		if (arg_of(ev, 1) & SECCOMP_FILTER_FLAG_TSYNC)
			sp_task_for_group(&L->tasks, task->tgid,
					  switch_thread, &ts);
		task->held = ts.n > 0;
		break;
	}
	case ACT_PRCTL:
		if ((int)ev->args[0] == PR_SET_SECCOMP &&
		    arg_of(ev, 1) == SECCOMP_MODE_FILTER) {
			task->mode = SP_MODE_SYSCALL;
			keep_own_filter(L, task, ev->arch, arg_of(ev, 2));
		}
		if ((int)ev->args[0] == PR_SET_SECCOMP &&
		    arg_of(ev, 1) == SECCOMP_MODE_STRICT)
			return enter_strict(L, task, ret);
		if ((int)ev->args[0] == PR_GET_SECCOMP && !L->attached) {
			/* The kernel would say 2: our filter. */
			*ret = native_mode(task);
			return true;
		}
		break;
	case ACT_PTRACE:
		/* Refused, as the kernel will: told once (not attached: then
		 * the processes had their tracer before us). */
		if (L->on_own_ptrace && !L->attached &&
		    ((long)arg_of(ev, 0) == PTRACE_TRACEME ||
		     (((long)arg_of(ev, 0) == PTRACE_ATTACH ||
		       (long)arg_of(ev, 0) == PTRACE_SEIZE) &&
		      sp_task_find(&L->tasks, (pid_t)ev->args[1])))) {
			L->on_own_ptrace(L->ctx, L->t->exes[task->exe]);
			L->on_own_ptrace = NULL;
		}
		break;
	case ACT_KILL:
		step_aside(L, task, ev);
		break;
	case ACT_MMAP:
		/* In every arch (i386's mmap2 has the same arguments): the
		 * static analysis reads x86_64 and i386 code. */
		rc = sp_maps_note_mmap(L->t, task->tid, task->tgid,
				       ev->args[2], ev->args[3],
				       (int64_t)ev->args[4]);
		if (rc < 0)
			sp_loop_fail(L, rc, "cannot record a mapped object");
		if (rc > 0)
			sp_loop_hidden(L, task->exe, true);
		break;
	default:
		break;
	}
	return false;
}

void sp_loop_hidden(struct sp_loop *L, uint32_t exe, bool code)
{
	if (!L->on_hidden || L->hidden_said[code])
		return;
	L->hidden_said[code] = true;
	L->on_hidden(L->ctx, L->t->exes[exe], code);
}

int sp_loop_deliver(struct sp_loop *L, const struct sp_event *ev)
{
	int rc;

	L->t->ncalls++;
	rc = L->sink->on_syscall(L->sink->ctx, ev);
	if (rc < 0) {
		sp_loop_fail(L, rc, "cannot record a call");
		sp_loop_kill_all(L);
		return 0;
	}
	return rc;
}

void sp_loop_progress(struct sp_loop *L)
{
	if (sp_signals_progress_due() && L->on_progress)
		L->on_progress(L->ctx, L->t, L->tasks.count);
}
