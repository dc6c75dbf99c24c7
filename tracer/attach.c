/* record -p: attaching to running processes.  No filter can be put into
 * a running process, so every thread is seized and its calls are taken at
 * syscall-entry stops by the ptrace loop; the user's signal detaches them
 * all, and they run on untraced. */
#include "tracer/loop.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

#include "tracer/maps.h"
#include "tracer/proc.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"

/* Whether thread tid has exited (Z, or X: on its way). */
static bool zombie(pid_t tid)
{
	char state;

	return sp_proc_stat(tid, &state, NULL, NULL) ||
	       state == 'Z' || state == 'X';
}

/* Says why thread tid of process pid could not be seized: -err. */
static int cannot_seize(struct sp_loop *L, pid_t pid, pid_t tid, int err)
{
	char why[256];
	bool traced = err == EPERM &&
		      sp_proc_why_no_ptrace(tid, why, sizeof(why));

	sp_diag_set(L->d, NULL, 0, 0, NULL, "cannot attach to pid %d: %s%s",
		    pid, err == EPERM ? why : strerror(err),
		    traced ? "; --via bpf records it without tracing" : "");
	return -err;
}

/* Seizes every thread of process pid and asks each for a stop (the loop
 * then resumes it with syscall stops).  Threads it starts while we look
 * are seized by the kernel (PTRACE_O_TRACECLONE) or found by the next
 * pass over /proc/PID/task; passes go on until one finds nothing new. */
static int attach_process(struct sp_loop *L, pid_t pid)
{
	char path[64];
	pid_t tgid = 0, ppid = 0;
	bool found = true;
	int idx;

	if (sp_proc_ids(pid, &tgid, &ppid) || tgid != pid) {
		sp_diag_set(L->d, NULL, 0, 0, NULL, "pid %d: no such process",
			    pid);
		return -ESRCH;
	}
	if (!sp_proc_live_thread(pid)) {
		sp_diag_set(L->d, NULL, 0, 0, NULL,
			    "pid %d: has exited (a zombie its parent, pid %d, "
			    "has not reaped)", pid, ppid);
		return -ESRCH;
	}
	idx = sp_proc_exe(L->t, pid, NULL);
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
				/* A thread that exited (a leader before its
				 * threads: pthread_exit in main) makes no
				 * more calls and cannot be traced. */
				if (err == EPERM && zombie(tid)) {
					if (tid == L->main_pid)
						L->main_unseized = true;
					continue;
				}
				closedir(dir);
				return cannot_seize(L, pid, tid, err);
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
			task->interrupted = !ptrace(PTRACE_INTERRUPT, tid, 0, 0);
			found = true;
		}
		closedir(dir);
	}
	return 0;
}

void sp_loop_detach_all(struct sp_loop *L)
{
	L->detaching = true;
	for (size_t b = 0; b < SP_TASK_BUCKETS; b++)
		for (struct sp_task *t = L->tasks.buckets[b]; t; t = t->next) {
			/* Held for a TSYNC (sp_loop_stopped): in its stop
			 * already, and no other will come; let go now. */
			if (t->held) {
				t->held = false;
				ptrace(PTRACE_DETACH, t->tid, 0, 0);
				continue;
			}
			/* One in group-stop was stopped, not woken, by
			 * SIGSTOP: its EINTR is native. */
			if (!ptrace(PTRACE_INTERRUPT, t->tid, 0, 0))
				t->interrupted = t->state !=
						 SP_TASK_LISTENING;
		}
}

int sp_loop_run_attached(struct sp_loop *L,
			 const struct sp_tracer_opts *opts)
{
	int rc;

	rc = sp_proc_argv(L->t, opts->pids[0]);
	if (rc) {
		sp_diag_set(L->d, NULL, 0, 0, NULL, "pid %d: %s",
			    opts->pids[0], rc == -ENOENT ? "no such process" :
							    strerror(-rc));
		return rc == -ENOENT ? -ESRCH : rc;
	}
	sp_task_table_init(&L->tasks);
	L->native = sp_arch_native();
	L->attached = true;
	L->trace_data = 0x10000;        /* no filter of ours */
	L->main_pid = opts->pids[0];
	sp_signals_install(true);
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
	/* Every thread seized and asked to stop: none makes another call
	 * before its stop, so none is missed from here on. */
	if (opts->on_ready)
		opts->on_ready(opts->ctx);
	sp_loop_serve(L);
	if (sp_signals_interrupted() && !L->err &&
	    L->t->end == SP_END_RUNNING) {
		/* Detached on request: complete up to here. */
		L->t->end = SP_END_INTERRUPTED;
		L->t->status = sp_signals_interrupted();
	}
	if (L->t->end == SP_END_RUNNING)
		L->t->end = SP_END_ERROR;
	rc = L->err;
out:
	sp_signals_restore();
	sp_task_table_fini(&L->tasks);
	return rc;
}
