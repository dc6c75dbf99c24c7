/* What the ptrace loop and the notification loop share: errors, the
 * calls the tracer acts on, handing calls to the sink. */
#include "tracer/loop.h"

#include <errno.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>

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

static void kill_task(struct sp_task *t, void *arg)
{
	(void)arg;
	kill(t->tid, SIGKILL);
}

void sp_loop_kill_all(struct sp_loop *L)
{
	for (size_t b = 0; b < SP_TASK_BUCKETS; b++)
		for (struct sp_task *t = L->tasks.buckets[b]; t; t = t->next)
			kill_task(t, NULL);
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
	}
	return task;
}

static void set_syscall_mode(struct sp_task *t, void *arg)
{
	(void)arg;
	t->mode = SP_MODE_SYSCALL;
}

/* n u64 words at addr in tid's memory, without ptrace (a task waiting on
 * the listener is not in a ptrace stop).  0 or -1. */
static int read_struct(pid_t tid, uint64_t addr, uint64_t *words, size_t n)
{
	struct iovec local = { words, n * sizeof(*words) };
	struct iovec remote = { (void *)(uintptr_t)addr, n * sizeof(*words) };

	return process_vm_readv(tid, &local, 1, &remote, 1, 0) ==
			       (ssize_t)(n * sizeof(*words)) ? 0 : -1;
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
 *    task's own filter will outrank our TRACE; switch it (its whole thread
 *    group with TSYNC) to syscall-entry stops.
 *  - mmap of a file with PROT_EXEC: a shared object loaded as code, which
 *    the trace lists for the static analysis (tracer/maps.h).
 * Only native calls are inspected: numbers differ per arch.
 */
void sp_loop_read_flags(const struct sp_loop *L, struct sp_event *ev)
{
	uint64_t w[5];

	if (ev->arch != L->native)
		return;
	switch (ev->nr) {
	case SYS_clone3:
		/* struct clone_args: flags, pidfd, child_tid, parent_tid,
		 * exit_signal (u64 each).  Kept as clone spells them (flags
		 * | exit signal) when clone can: not with CSIGNAL bits in
		 * the flags (CLONE_NEWTIME) or a signal that does not fit
		 * (the kernel refuses those anyway). */
		if (read_struct(ev->tid, ev->args[0], w, 5) == 0 &&
		    !(w[0] & CSIGNAL) && !(w[4] & ~(uint64_t)CSIGNAL)) {
			ev->args[0] = w[0] | w[4];
			ev->read |= 1u << 0;
		}
		break;
	case SYS_openat2:
		/* struct open_how starts with the u64 flags. */
		if (read_struct(ev->tid, ev->args[2], w, 1) == 0) {
			ev->args[2] = w[0];
			ev->read |= 1u << 2;
		}
		break;
	default:
		break;
	}
}

void sp_loop_inspect(struct sp_loop *L, struct sp_task *task,
		     struct sp_event *ev)
{
	uint64_t pointer = ev->args[0];

	task->clone_flags = 0;
	if (ev->arch != L->native)
		return;
	/* The struct's flags before a CLONE_UNTRACED is cleared below: the
	 * workload's own. */
	sp_loop_read_flags(L, ev);
	switch (ev->nr) {
	case SYS_clone:
		/* x86_64 and aarch64: flags are the first argument. */
		task->clone_flags = ev->args[0];
		if (ev->args[0] & CLONE_UNTRACED &&
		    sp_regs_clear_clone_flag(task->tid, CLONE_UNTRACED) == 0)
			task->clone_flags &= ~(uint64_t)CLONE_UNTRACED;
		break;
	case SYS_clone3: {
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
			sp_loop_fail(L, -ENOMEM, "cannot record a mapped object");
		break;
	default:
		break;
	}
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
	if (L->on_progress && sp_signals_progress_due())
		L->on_progress(L->progress_ctx, L->t, L->tasks.count);
}
