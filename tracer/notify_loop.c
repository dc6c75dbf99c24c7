/* The loop when calls come by seccomp user notification (the default on
 * x86_64): each call is read from the listener and answered, without a
 * ptrace stop; ptrace events and exits still come through waitpid and
 * sp_loop_dispatch.  Calls a signal took out of their wait for the
 * listener are restarted at the signal-delivery-stop that follows. */
#include "tracer/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/blocks.h"
#include "tracer/lost_calls.h"
#include "tracer/proc.h"
#include "tracer/regs.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"

void sp_loop_restart_lost_call(struct sp_loop *L, struct sp_task *task)
{
	struct sp_call_at now;
	bool read = task->has_read;

	task->has_read = false;
	if (sp_regs_interrupted_call(task->tid, &now))
		return;
	if (!sp_call_lost(read ? &task->read : NULL, &now) &&
	    sp_call_blocks(task->tid, task->tgid, &now) != 0)
		return;         /* it could have been interrupted natively */
	if (sp_regs_restart_after_handler(task->tid) && errno != ESRCH)
		sp_loop_fail(L, -errno, "cannot restart an interrupted call");
}

static uint64_t image_hash(pid_t pid, uint32_t exe)
{
	return sp_hash_bytes(sp_hash_bytes(0, &pid, sizeof(pid)), &exe,
			     sizeof(exe));
}

/* Whether the trace has the process image (pid, exe): 1, 0, or -ENOMEM.
 * A scan of the images at each call was an untraced workload's thousands
 * of processes compared for every call its filter refused.  The images
 * added since the last look (here, or by follow()) are indexed first. */
static int has_image(struct sp_loop *L, pid_t pid, uint32_t exe)
{
	const struct sp_process *v = L->t->procs;
	uint32_t pos;

	for (; L->images_indexed < L->t->nprocs; L->images_indexed++) {
		size_t i = L->images_indexed;

		if (sp_hashidx_add(&L->images, image_hash(v[i].pid, v[i].exe),
				   (uint32_t)i))
			return -ENOMEM;
	}
	for (size_t it = 0;
	     sp_hashidx_next(&L->images, image_hash(pid, exe), &it, &pos);)
		if (v[pos].pid == pid && v[pos].exe == exe)
			return 1;
	return 0;
}

/* The executable of pid's last process image in the trace, or -1. */
static int last_exe(const struct sp_trace *t, pid_t pid)
{
	for (size_t i = t->nprocs; i-- > 0;)
		if (t->procs[i].pid == pid)
			return (int)t->procs[i].exe;
	return -1;
}

/* /proc/PID/comm, which /proc shows of any process: the name its last
 * exec gave it (the file's, cut to 15 bytes) or PR_SET_NAME's. */
static bool comm(pid_t pid, char *buf, size_t len)
{
	ssize_t n = sp_proc_read(pid, "comm", buf, len);

	if (n <= 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

/* Whether name is what an exec of path names a process. */
static bool named_after(const char *name, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base) < 15 ? strlen(base) : 15;
	return strlen(name) == len && !strncmp(name, base, len);
}

/* The executable of process pid, whose /proc/PID/exe is closed to us:
 * it made itself undumpable (PR_SET_DUMPABLE 0: a daemon keeping its
 * secrets, or its child), which hides it from a sandprint without
 * CAP_SYS_PTRACE.  Untraced no exec is seen, but its name is: the
 * executable it was seen running before while it still bears that
 * file's name, else its parent's (ppid) while it bears the parent's
 * name (a fork that has not exec'd since); -1 when neither holds (it
 * exec'd a file it may run but not read, which leaves it undumpable
 * too). */
static int hidden_exe(struct sp_loop *L, pid_t pid, pid_t ppid)
{
	char name[64], other[64];
	int idx = last_exe(L->t, pid);

	if (!comm(pid, name, sizeof(name)))
		return -1;
	if (idx >= 0)
		return named_after(name, L->t->exes[idx]) ? idx : -1;
	if (ppid <= 0 || !comm(ppid, other, sizeof(other)) ||
	    strcmp(name, other))
		return -1;
	idx = sp_proc_exe_link(L->t, ppid);
	if (idx == -EACCES)
		idx = hidden_exe(L, ppid, 0);
	return idx;
}

static void forget_caller(struct sp_known_task *k)
{
	if (k->tid)
		close(k->dir);
	k->tid = 0;
}

/*
 * Whether k, the caller last seen with k->tid, is the one calling now and
 * still runs the executable it was identified with: then its process and
 * executable are k's, at the cost of one readlink instead of the five
 * calls of reading them again (status and exe: most of a refused call's
 * cost).  Untraced, neither exits nor execs are seen, so each call
 * checks: k->dir was opened on /proc/TID before the caller was
 * identified and stays bound to that task, not to its number; a task
 * that has exited (its tid maybe reused by another process) has no "exe"
 * there any more (ENOENT).  Alive, it is the caller (one task has a tid
 * at a time), and its process is the one it was in (a task never changes
 * process; a thread's exec takes the leader's tid, and the leader's dir
 * then shows the new image).  An exec since, of another file, shows
 * in the link; an exec of the same file is the same image in the trace.
 */
static bool known_caller(struct sp_loop *L, struct sp_known_task *k)
{
	char exe[PATH_MAX];
	ssize_t n = readlinkat(k->dir, "exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return false;
	exe[n] = '\0';
	return !strcmp(exe, L->t->exes[k->exe]);
}

/* An untraced workload's call (the loop is not seized): its process and
 * executable, from /proc while it waits for our answer (or from the
 * caller kept, known_caller), and the process image in the trace the
 * first time it is seen. */
static void identify(struct sp_loop *L, struct sp_event *ev)
{
	struct sp_known_task *k =
		&L->known[(unsigned)ev->tid % SP_KNOWN_TASKS];
	char dir[32];
	pid_t ppid = 0;
	bool hidden;
	int idx, fd;

	if (k->tid == ev->tid && known_caller(L, k)) {
		ev->tgid = k->tgid;
		ev->exe = k->exe;
		return;
	}
	forget_caller(k);
	/* Before anything is read: bound to the task that calls now. */
	sp_proc_path(dir, sizeof(dir), ev->tid, "");
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd > L->known_max_fd) {
		close(fd);
		fd = -1;
	}
	if (sp_proc_ids(ev->tid, &ev->tgid, &ppid)) {
		ev->tgid = ev->tid;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	idx = sp_proc_exe_link(L->t, ev->tgid);
	hidden = idx == -EACCES;
	if (hidden)
		idx = hidden_exe(L, ev->tgid, ppid);
	if (idx < 0 && idx != -ENOMEM) {
		idx = sp_proc_exe(L->t, ev->tgid, NULL);
		if (hidden && idx >= 0)
			sp_loop_hidden(L, (uint32_t)idx, false);
	}
	if (idx < 0) {
		if (fd >= 0)
			close(fd);
		sp_loop_fail(L, idx, "cannot record an executable");
		return;
	}
	ev->exe = (uint32_t)idx;
	idx = has_image(L, ev->tgid, ev->exe);
	if (idx == 0 && sp_trace_add_process(L->t, ev->tgid, ppid, ev->exe))
		idx = -ENOMEM;
	if (idx < 0)
		sp_loop_fail(L, -ENOMEM, "cannot record a process");
	/* Kept only as read from the link: not a hidden one's guess. */
	if (fd >= 0 && !hidden && idx >= 0)
		*k = (struct sp_known_task){ .tid = ev->tid, .tgid = ev->tgid,
					     .dir = fd, .exe = ev->exe };
	else if (fd >= 0)
		close(fd);
}

/* A call from a task the loop does not know, though the workload is
 * traced: a child made with CLONE_UNTRACED (a traced task's new children
 * stop before their first call, and are known by then).  clone(2) says a
 * tracer cannot be escaped that way: it is seized now, before its call
 * runs, and followed from here on like any other (its forks, exec, exit,
 * EXITKILL).  NULL when it cannot be (another tracer has it): its calls
 * are then recorded as an untraced task's. */
static struct sp_task *follow(struct sp_loop *L, pid_t tid)
{
	struct sp_task *task;

	if (ptrace(PTRACE_SEIZE, tid, 0, (unsigned long)SP_PTRACE_OPTIONS))
		return NULL;
	task = sp_loop_adopt(L, tid);
	if (!task) {
		sp_loop_fail(L, -ENOMEM, "cannot follow a new task");
		kill(tid, SIGKILL);
		return NULL;
	}
	task->state = SP_TASK_RUNNING;
	if (task->tgid == tid &&
	    sp_trace_add_process(L->t, tid, task->ppid, task->exe))
		sp_loop_fail(L, -ENOMEM, "cannot record a process");
	/* Its parent takes its calls at entry stops: so must it, from a
	 * stop (interrupted, its call is seen again at its entry stop). */
	if (task->mode == SP_MODE_SYSCALL)
		task->interrupted = !ptrace(PTRACE_INTERRUPT, tid, 0, 0);
	return task;
}

static void send_answer(struct sp_loop *L, struct seccomp_notif_resp *resp)
{
	/* ENOENT: the task is gone, or no longer waiting. */
	if (ioctl(L->listener, SECCOMP_IOCTL_NOTIF_SEND, resp) &&
	    errno != ENOENT)
		sp_loop_fail(L, -errno, "SECCOMP_IOCTL_NOTIF_SEND");
}

void sp_loop_answer(struct sp_loop *L, uint64_t id, int err)
{
	struct seccomp_notif_resp resp;

	memset(&resp, 0, sizeof(resp));
	resp.id = id;
	/* SP_SINK_SKIP: not run, returns 0 (resp.val). */
	if (err && err != SP_SINK_SKIP)
		resp.error = -err;
	else if (!err)
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	send_answer(L, &resp);
}

/* The call does not run and returns ret (a negative errno: fails). */
static void answer_with(struct sp_loop *L, uint64_t id, long ret)
{
	struct seccomp_notif_resp resp;

	memset(&resp, 0, sizeof(resp));
	resp.id = id;
	if (ret < 0)
		resp.error = (int)ret;
	else
		resp.val = ret;
	send_answer(L, &resp);
}

/* Whether the task's own filters answer the call with SECCOMP_RET_TRACE:
 * natively, with no tracer of its own, it fails with ENOSYS (seccomp(2));
 * here our notification outranked it.  Their ERRNO, TRAP or KILL would
 * have outranked ours: no notification then. */
static bool own_trace(struct sp_loop *L, const struct sp_task *task,
		      const struct seccomp_notif *req)
{
	return L->judge && task->own &&
	       (L->judge(task->own->progs, task->own->n, &req->data) &
		SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE;
}

/* One call from the listener: the task waits in the kernel (not in a
 * ptrace stop) until we answer: "continue", or the error the sink asks
 * for.  A task in syscall mode whose entry stop came first was recorded
 * there already. */
static void on_notify(struct sp_loop *L)
{
	struct seccomp_notif req;
	struct sp_task *task = NULL;
	struct sp_event ev;
	enum sp_task_mode mode;
	bool answered;
	long ret = 0;
	int refuse;

	memset(&req, 0, sizeof(req));
	if (ioctl(L->listener, SECCOMP_IOCTL_NOTIF_RECV, &req)) {
		/* ENOENT: the task died (or was signalled) meanwhile. */
		if (errno != ENOENT && errno != EINTR)
			sp_loop_fail(L, -errno, "SECCOMP_IOCTL_NOTIF_RECV");
		return;
	}
	if (L->seized && req.pid) {
		task = sp_task_find(&L->tasks, (pid_t)req.pid);
		if (!task)
			task = follow(L, (pid_t)req.pid);
	}
	if (task) {
		task->read = (struct sp_call_at){ .arch = sp_arch_of_call(
							  req.data.arch,
							  req.data.nr),
						  .nr = req.data.nr,
						  .ip = req.data.instruction_pointer };
		memcpy(task->read.args, req.data.args, sizeof(req.data.args));
		task->has_read = true;
	}
	if (task && task->mode == SP_MODE_SYSCALL && task->entered) {
		task->entered = false;
		sp_loop_answer(L, req.id, own_trace(L, task, &req) ? ENOSYS : 0);
		return;
	}
	memset(&ev, 0, sizeof(ev));
	ev.tid = (pid_t)req.pid;
	ev.tgid = task ? task->tgid : (pid_t)req.pid;
	ev.nr = req.data.nr;
	ev.arch = sp_arch_of_call(req.data.arch, ev.nr);
	memcpy(ev.args, req.data.args, sizeof(ev.args));
	ev.ip = req.data.instruction_pointer;
	ev.exe = task ? task->exe : 0;
	mode = task ? task->mode : SP_MODE_SECCOMP;
	if (!task) {
		identify(L, &ev);
		sp_loop_read_flags(&ev);
		if (!L->seized && L->on_own_filter_untraced &&
		    sp_loop_installs_filter(&ev)) {
			L->on_own_filter_untraced(L->ctx);
			L->on_own_filter_untraced = NULL;
		}
	}
	if (task)
		task->group_stopped = false;
	answered = task && sp_loop_inspect(L, task, &ev, &ret);
	refuse = sp_loop_deliver(L, &ev);
	/* The task installs a filter of its own: from its next stop on it
	 * is resumed with syscall stops (resume() does that).  Make it stop
	 * right after this call (the interrupt does not end a wait for a
	 * notification already read, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV):
	 * asked later, it could run on and make a call its new filter
	 * refuses, which no notification would show (seen in CI).  On a
	 * kernel without that flag the interrupt ends the wait: the call is
	 * restarted and seen again at its entry stop (counted twice), and
	 * our answer finds it gone (ENOENT). */
	if (task && mode != task->mode && task->mode == SP_MODE_SYSCALL)
		task->interrupted = !ptrace(PTRACE_INTERRUPT, task->tid, 0, 0);
	/* With TSYNC the other threads must stop first (sp_loop_stopped);
	 * refused, the filter is not installed: nothing to wait for. */
	if (task && task->held && refuse)
		task->held = false;
	if (task && task->held) {
		task->held_notif = true;
		task->held_id = req.id;
		return;
	}
	if (!refuse && !answered && task && task->mode == SP_MODE_SYSCALL &&
	    own_trace(L, task, &req))
		refuse = ENOSYS;
	if (!refuse && answered)
		answer_with(L, req.id, ret);
	else
		sp_loop_answer(L, req.id, refuse);
}

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* Dispatches every stop and exit reported so far.  True when no child is
 * left (ECHILD). */
static bool reap_reported(struct sp_loop *L)
{
	for (;;) {
		int status;
		pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);

		if (tid > 0) {
			sp_loop_dispatch(L, tid, status);
			continue;
		}
		if (tid < 0 && errno == EINTR)
			continue;
		if (tid < 0 && errno != ECHILD)
			sp_loop_fail(L, -errno, "waitpid");
		return tid < 0;
	}
}

/* Polls the listener and a signalfd for SIGCHLD (ptrace events, exits);
 * the calls themselves cost no ptrace stop.  Ends like sp_loop_serve():
 * on ECHILD. */
void sp_loop_serve_notify(struct sp_loop *L)
{
	struct pollfd fds[2];
	struct rlimit nofile;
	sigset_t chld, old;
	int sfd;

	/* Wake the waiting task on our CPU when we answer (Linux >= 6.6):
	 * measured here, half the cost of a call (bench/notif_cost.c). */
	ioctl(L->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	      SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	/* The callers kept (identify) take at most half of our fds. */
	L->known_max_fd = getrlimit(RLIMIT_NOFILE, &nofile) ? 0 :
			  nofile.rlim_cur / 2 > INT_MAX ? INT_MAX :
							(int)(nofile.rlim_cur / 2);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		sp_loop_fail(L, -errno, "signalfd");
		sp_loop_kill_all(L);
		sigprocmask(SIG_SETMASK, &old, NULL);
		sp_loop_serve(L);
		return;
	}
	if (L->on_progress || L->on_left)
		sp_signals_progress_timer(true);
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

		sp_loop_progress(L);
		sp_loop_follow_stop(L);
		if (sp_signals_interrupted())
			sp_loop_kill_all(L);
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			sp_loop_fail(L, -errno, "poll");
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
	if (L->on_progress || L->on_left)
		sp_signals_progress_timer(false);
	sp_hashidx_clear(&L->images);
	L->images_indexed = 0;
	for (size_t i = 0; i < SP_KNOWN_TASKS; i++)
		forget_caller(&L->known[i]);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
}
