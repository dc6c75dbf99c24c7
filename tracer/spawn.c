#include "tracer/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/array.h"
#include "tracer/elf.h"
#include "tracer/proc.h"

/* The interpreter path names (its "#!" line's first word, or an ELF
 * file's PT_INTERP) into out: 0 when it is missing, -1 otherwise. */
static int missing_interpreter(const char *path, char *out, size_t len)
{
	struct sp_elf_image *img = NULL;
	struct sp_diag ignored = { 0 };
	char head[256];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;

	if (fd < 0)
		return -1;
	n = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (n > 2 && head[0] == '#' && head[1] == '!') {
		char *w = head + 2;

		head[n] = '\0';
		w += strspn(w, " \t");
		w[strcspn(w, " \t\n")] = '\0';
		snprintf(out, len, "%s", w);
		rc = 0;
	} else if (sp_elf_image_open(path, &img, &ignored) == 0 &&
		   img->interp) {
		snprintf(out, len, "%s", img->interp);
		rc = 0;
	}
	sp_elf_image_free(img);
	return rc == 0 && *out && access(out, F_OK) ? 0 : -1;
}

void sp_spawn_exec_diag(struct sp_diag *d, const char *cmd, const char *path,
			int err)
{
	char interp[PATH_MAX];

	if (err == ENOENT && access(path, F_OK) == 0 &&
	    missing_interpreter(path, interp, sizeof(interp)) == 0)
		sp_diag_set(d, NULL, 0, 0, NULL, "cannot execute %s: its "
			    "interpreter %s: %s", cmd, interp, strerror(err));
	else
		sp_diag_set(d, NULL, 0, 0, NULL, "cannot execute %s: %s", cmd,
			    strerror(err));
}

static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode) || access(path, X_OK))
		return -EACCES;
	return 0;
}

int sp_spawn_resolve(const char *cmd, char *out, size_t len)
{
	char cs_path[256];
	const char *path;
	int rc = -ENOENT;

	if (!*cmd)
		return -ENOENT;
	if (strchr(cmd, '/')) {
		rc = executable(cmd);
		if (rc)
			return rc;
		if (strlen(cmd) >= len)
			return -ENAMETOOLONG;
		strcpy(out, cmd);
		return 0;
	}
	/* glibc's execvp: PATH, or confstr's default path when unset. */
	path = getenv("PATH");
	if (!path) {
		if (!confstr(_CS_PATH, cs_path, sizeof(cs_path)))
			return -ENOENT;
		path = cs_path;
	}
	for (;;) {
		const char *end = strchrnul(path, ':');
		size_t dlen = (size_t)(end - path);
		int r;

		/* An empty entry is the current directory: the name alone,
		 * as execvp builds it.  So is a trailing one ("/bin:") and
		 * an empty PATH, as execvp reads them. */
		if ((size_t)snprintf(out, len, "%.*s%s%s", (int)dlen, path,
				     dlen ? "/" : "", cmd) < len) {
			r = executable(out);
			if (r == 0)
				return 0;
			/* Like execvp: "permission denied" wins over "not
			 * found" when no later entry matches. */
			if (r == -EACCES)
				rc = r;
		}
		if (!*end)
			break;
		path = end + 1;
	}
	return rc;
}

int sp_spawn_find(const char *cmd, char *out, size_t len, struct sp_diag *d)
{
	int rc = sp_spawn_resolve(cmd, out, len);

	if (rc)
		sp_diag_set(d, NULL, 0, 0, NULL, "%s: %s", cmd,
			    rc == -ENOENT ? "command not found" :
					    strerror(-rc));
	return rc;
}

bool sp_spawn_may_skip_nnp(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[CAP_SYS_ADMIN / 32].effective &
	       (1u << (CAP_SYS_ADMIN % 32));
}

static void child_fail(int fd, int stage)
{
	struct sp_spawn_error e = { stage, errno };

	/* Best effort: the parent reads it after the run. */
	if (write(fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* The child, its listener's fd number published: no call until the
 * tracer has taken the fd (the filter may hand any call to the listener,
 * and the fd closes at exec), so spin on the shared page, timed by the
 * vDSO's clock (the tracer looks every 50 µs; gone after 5 s: give up). */
static void wait_taken(volatile int *slot)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (*slot != SP_SPAWN_TAKEN) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 5)
			_exit(127);
	}
}

/* Execs path as execvp(3) does once it has found it: a file the kernel
 * cannot run (ENOEXEC: a script without "#!") is run by /bin/sh with
 * sh_argv ("/bin/sh", path, then argv[1] on).  Returns only on failure
 * (errno set). */
void sp_spawn_exec(const char *path, char *const *argv,
		   char *const *sh_argv)
{
	execv(path, argv);
	if (errno != ENOEXEC || !sh_argv)
		return;
	execv(sh_argv[0], sh_argv);
	errno = ENOEXEC;
}

/* execvp's arguments for /bin/sh when path turns out to be a script
 * without "#!" (made before the fork: no malloc in the child).  NULL
 * when out of memory (then such a script fails with ENOEXEC). */
char **sp_spawn_sh_argv(const char *path, char *const *argv)
{
	size_t argc = 0;
	char **v;

	while (argv[argc])
		argc++;
	v = calloc(argc + 2, sizeof(*v));
	if (!v)
		return NULL;
	v[0] = (char *)"/bin/sh";
	v[1] = (char *)path;
	for (size_t i = 1; i < argc; i++)
		v[i + 1] = argv[i];
	return v;
}

/* The caller's signal state, which the workload must start with: every
 * disposition goes back to what the caller had, ignored or default (exec
 * resets caught signals to the default anyway), before anything can be
 * delivered to the child (its fork blocked every signal; the caller's
 * mask is put back after this). */
void sp_spawn_restore_signals(const sigset_t *ignored)
{
	for (int sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		signal(sig, ignored && sigismember(ignored, sig) == 1 ?
				    SIG_IGN :
				    SIG_DFL);
	}
}

/* Soft limits of the caller's that sandprint raises for itself (up to
 * the hard limit) to what it may need, whatever the workload's: a small
 * C program runs under "ulimit -s 32" where sandprint's stack would
 * overflow, "ulimit -Sn 16" where the in-kernel recorder holds some 40
 * descriptors.  The workload gets the caller's back before its exec
 * (sp_spawn_restore_limits): its limits are the ones it has natively. */
static struct {
	int resource;
	rlim_t want;            /* the usual defaults */
	struct rlimit caller;
	bool raised;
} own_limits[] = {
	{ .resource = RLIMIT_STACK, .want = 8 << 20 },
	{ .resource = RLIMIT_NOFILE, .want = 1024 },
};

void sp_spawn_raise_limits(void)
{
	pthread_attr_t attr;

	for (size_t i = 0; i < ARRAY_SIZE(own_limits); i++) {
		struct rlimit r;

		if (getrlimit(own_limits[i].resource, &r) ||
		    r.rlim_cur >= own_limits[i].want ||
		    r.rlim_cur >= r.rlim_max)
			continue;
		own_limits[i].caller = r;
		r.rlim_cur = r.rlim_max < own_limits[i].want ?
				     r.rlim_max :
				     own_limits[i].want;
		own_limits[i].raised = !setrlimit(own_limits[i].resource, &r);
	}
	/* glibc sized new threads' stacks from the caller's limit at
	 * start: sandprint's threads take the raised one too. */
	if (own_limits[0].raised && !pthread_getattr_default_np(&attr)) {
		struct rlimit r;

		if (!getrlimit(RLIMIT_STACK, &r))
			pthread_attr_setstacksize(&attr, r.rlim_cur);
		pthread_setattr_default_np(&attr);
		pthread_attr_destroy(&attr);
	}
}

/* The stack grown by 64 KiB below the caller's frame, within sandprint's
 * raised limit: once the caller's is back, a child that goes deeper than
 * sandprint ever went before its exec could not grow it (SIGSEGV). */
static __attribute__((noinline)) void grow_stack(void)
{
	volatile char pad[64 << 10];

	for (size_t i = 0; i < sizeof(pad); i += 1024)
		pad[i] = 0;
}

void sp_spawn_restore_limits(void)
{
	if (own_limits[0].raised)
		grow_stack();
	for (size_t i = 0; i < ARRAY_SIZE(own_limits); i++)
		if (own_limits[i].raised)
			setrlimit(own_limits[i].resource,
				  &own_limits[i].caller);
}

static const int kept_timers[3] = { ITIMER_REAL, ITIMER_VIRTUAL,
				    ITIMER_PROF };

static int caller_subreaper = -1;

void sp_spawn_note_caller(void)
{
	int v = 0;

	if (!prctl(PR_GET_CHILD_SUBREAPER, &v))
		caller_subreaper = v;
}

void sp_spawn_take_kept(struct sp_spawn_kept *k)
{
	char buf[4096], *at;

	memset(k, 0, sizeof(*k));
	sigemptyset(&k->pending);
	sigemptyset(&k->shared);
	prctl(PR_GET_PDEATHSIG, &k->pdeathsig);
	k->subreaper = caller_subreaper > 0;
	/* SCHED_FLAG_RESET_ON_FORK (1), not inherited by the child. */
	k->sched_reset = !syscall(SYS_sched_getattr, 0, &k->sched,
				  sizeof(k->sched), 0) &&
			 (k->sched.flags & 1);
	for (int i = 0; i < 3; i++)
		getitimer(kept_timers[i], &k->timers[i]);
	sigpending(&k->pending);
	/* Which of them the process's (kill) rather than the thread's
	 * (tgkill, raise): /proc/self/status's ShdPnd. */
	if (sp_proc_read(getpid(), "status", buf, sizeof(buf)) > 0 &&
	    (at = strstr(buf, "\nShdPnd:"))) {
		unsigned long long set = strtoull(at + 8, NULL, 16);

		for (int sig = 1; sig <= 64 && sig < NSIG; sig++)
			if (set >> (sig - 1) & 1)
				sigaddset(&k->shared, sig);
	}
}

void sp_spawn_hand_kept(const struct sp_spawn_kept *k)
{
	if (k->pdeathsig)
		prctl(PR_SET_PDEATHSIG, k->pdeathsig);
	if (k->subreaper)
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (k->sched_reset)
		syscall(SYS_sched_setattr, 0, &k->sched, 0);
	for (int i = 0; i < 3; i++)
		if (k->timers[i].it_value.tv_sec || k->timers[i].it_value.tv_usec)
			setitimer(kept_timers[i], &k->timers[i], NULL);
	for (int sig = 1; sig < NSIG; sig++) {
		if (sigismember(&k->pending, sig) != 1)
			continue;
		if (sigismember(&k->shared, sig) == 1)
			kill(getpid(), sig);
		else
			syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
	}
}

void sp_spawn_drop_kept(const struct sp_spawn_kept *k)
{
	static const struct itimerval off;
	static const struct timespec now;

	for (int i = 0; i < 3; i++)
		if (k->timers[i].it_value.tv_sec || k->timers[i].it_value.tv_usec)
			setitimer(kept_timers[i], &off, NULL);
	for (int sig = 1; sig < NSIG; sig++) {
		sigset_t one;

		if (sigismember(&k->pending, sig) != 1)
			continue;
		sigemptyset(&one);
		sigaddset(&one, sig);
		while (sigtimedwait(&one, NULL, &now) == sig)
			;
	}
}

/* Runs in the forked child: never returns. */
static void child(const char *path, char *const *argv,
		  char *const *sh_argv, const struct sock_fprog *filter,
		  bool nnp, const sigset_t *ignored, const sigset_t *mask,
		  const struct sp_spawn_kept *kept, int gate, int errfd,
		  volatile int *slot)
{
	static struct sock_filter trace_all[] = {
		BPF_STMT(BPF_RET | BPF_K,
			 SECCOMP_RET_TRACE | SP_SPAWN_TRACE_DATA),
	};
	static struct sock_filter notify_all[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog prog = {
		.len = ARRAY_SIZE(trace_all),
		.filter = trace_all,
	};
	struct sock_fprog nprog = {
		.len = ARRAY_SIZE(notify_all),
		.filter = notify_all,
	};
	char c;
	ssize_t r;

	sp_spawn_restore_signals(ignored);
	sp_spawn_restore_limits();
	/* Wait until the tracer has seized us: every call after the filter
	 * needs a tracer, or it fails with ENOSYS.  Only then the caller's
	 * mask: a signal that killed us before could not be followed (a
	 * dying task cannot be seized: EPERM, "cannot trace the workload"),
	 * where it is the workload's end. */
	do
		r = read(gate, &c, 1);
	while (r < 0 && errno == EINTR);
	if (r != 1)
		_exit(127);
	close(gate);
	sigprocmask(SIG_SETMASK, mask, NULL);
	sp_spawn_hand_kept(kept);
	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		child_fail(errfd, 1);
	if (slot) {
		/* Calls to the tracer's listener: every one, or the filter's
		 * (its refusals return SECCOMP_RET_USER_NOTIF).  The
		 * listener's fd number goes through shared memory (any call
		 * from here on may wait for the tracer, which has no
		 * listener yet); the tracer takes the fd with pidfd_getfd. */
		const struct sock_fprog *f = filter ? filter : &nprog;
		/* Once read, a notification waits killable, not
		 * interruptible (Linux >= 5.19). */
		long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				  SECCOMP_FILTER_FLAG_NEW_LISTENER |
					  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
				  f);

		if (fd < 0 && errno == EINVAL)
			fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				     SECCOMP_FILTER_FLAG_NEW_LISTENER, f);

		if (fd >= 0) {
			*slot = (int)fd;
			wait_taken(slot);
			sp_spawn_exec(path, argv, sh_argv);
			child_fail(errfd, 3);
		}
		/* No listener here (Linux < 5.0): the ptrace path, unless
		 * the filter was made for a listener. */
		*slot = SP_SPAWN_NO_LISTENER;
		if (filter)
			child_fail(errfd, 2);
	}
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0,
		    filter ? filter : &prog))
		child_fail(errfd, 2);
	sp_spawn_exec(path, argv, sh_argv);
	child_fail(errfd, 3);
}

/* Waits for the child to publish its listener's fd number, takes the fd
 * and lets the child go on.  Returns the fd, -1 when the child fell back
 * to RET_TRACE or died first (the loop then sees its exit and error
 * report), or the fd could not be taken (the child is then killed). */
static int take_listener(pid_t p, volatile int *slot)
{
	int pidfd, fd, err;

	for (;;) {
		siginfo_t si = { 0 };

		if (*slot >= 0 || *slot == SP_SPAWN_NO_LISTENER)
			break;
		/* Died before the filter (an error it reports on errfd)? */
		if (waitid(P_PID, (id_t)p, &si, WEXITED | WNOHANG | WNOWAIT |
						      __WALL) == 0 &&
		    si.si_pid == p)
			return -1;
		usleep(50);
	}
	if (*slot < 0)
		return -1;
	pidfd = (int)syscall(SYS_pidfd_open, p, 0);
	fd = pidfd < 0 ? -1 :
			 (int)syscall(SYS_pidfd_getfd, pidfd, *slot, 0);
	err = errno;
	if (pidfd >= 0)
		close(pidfd);
	*slot = SP_SPAWN_TAKEN;
	errno = err;
	return fd;
}

/* Whether sandprint itself has a tracer (strace -f, gdb, an outer
 * sandprint): its children then have it too, from their fork on. */
static bool traced(void)
{
	char buf[4096], *at;

	if (sp_proc_read(getpid(), "status", buf, sizeof(buf)) <= 0)
		return false;
	at = strstr(buf, "\nTracerPid:");
	return at && atoi(at + strlen("\nTracerPid:")) != 0;
}

int sp_spawn(const char *path, char *const *argv,
	     const struct sock_fprog *filter, bool nnp, bool seize,
	     const sigset_t *ignored, pid_t *pid, int *errfd, int *listener,
	     struct sp_diag *d)
{
	int gate[2] = { -1, -1 }, err[2] = { -1, -1 };
	volatile int *slot = NULL;
	char **sh_argv = sp_spawn_sh_argv(path, argv);
	sigset_t all, mask;
	struct sp_spawn_kept kept;
	pid_t p;
	int rc = 0;

	if (listener) {
		*listener = -1;
		slot = mmap(NULL, sizeof(*slot), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (slot == MAP_FAILED)
			slot = NULL;
		else
			*slot = -1;
	}

	if (pipe2(gate, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		rc = -errno;
		sp_diag_set(d, NULL, 0, 0, NULL, "cannot create a pipe: %s",
			    strerror(errno));
		goto out;
	}
	/* No handler of sandprint's runs in the child (signals blocked
	 * until its dispositions are the caller's): one would take, and
	 * drop, what is sent to the workload before it execs (a ^C to the
	 * group it was forked into, what sandprint forwards as it starts). */
	sp_spawn_take_kept(&kept);
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &mask);
	p = fork();
	if (p == 0) {
		close(gate[1]);
		close(err[0]);
		child(path, argv, sh_argv, filter, nnp, ignored, &mask, &kept,
		      gate[0], err[1], slot);
	}
	rc = p < 0 ? -errno : 0;
	if (!rc)
		sp_spawn_drop_kept(&kept);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	if (rc) {
		sp_diag_set(d, NULL, 0, 0, NULL, "cannot fork: %s",
			    strerror(-rc));
		goto out;
	}
	if (seize &&
	    ptrace(PTRACE_SEIZE, p, 0, (unsigned long)SP_PTRACE_OPTIONS)) {
		char yama[160];

		rc = -errno;
		if (rc == -EPERM && !traced() &&
		    sp_proc_yama_forbids(true, yama, sizeof(yama)))
			sp_diag_set(d, NULL, 0, 0, NULL, "cannot trace the "
				    "workload: %s (--via bpf, as root, traces "
				    "nothing)", yama);
		else
			sp_diag_set(d, NULL, 0, 0, NULL, "cannot trace the "
				    "workload: PTRACE_SEIZE: %s%s",
				    strerror(-rc),
				    rc == -EPERM && traced() ?
					    " (sandprint is traced itself, its "
					    "children too: a task has one "
					    "tracer; --via bpf traces nothing)" :
					    "");
		/* Closing the gate unblocks the child, which exits. */
		close(gate[1]);
		gate[1] = -1;
		waitpid(p, NULL, 0);
		goto out;
	}
	if (write(gate[1], "g", 1) != 1) {
		rc = -errno;
		sp_diag_set(d, NULL, 0, 0, NULL, "cannot start the workload: %s",
			    strerror(errno));
		kill(p, SIGKILL);
		waitpid(p, NULL, __WALL);
		goto out;
	}
	*pid = p;
	*errfd = err[0];
	err[0] = -1;
	if (slot) {
		*listener = take_listener(p, slot);
		if (*listener < 0 && *slot == SP_SPAWN_TAKEN) {
			rc = -errno;
			sp_diag_set(d, NULL, 0, 0, NULL, "cannot take the "
				    "workload's seccomp listener: %s",
				    strerror(errno));
			kill(p, SIGKILL);
			waitpid(p, NULL, __WALL);
			goto out;
		}
	}
out:
	free(sh_argv);
	if (slot)
		munmap((void *)slot, sizeof(*slot));
	for (int i = 0; i < 2; i++) {
		if (gate[i] >= 0)
			close(gate[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	return rc;
}
