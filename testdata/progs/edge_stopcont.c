/*
 * edge_stopcont.c - group-stops of the workload (validators README cases 16
 * and 18).  Under PTRACE_SEIZE a group-stop must be resumed with
 * PTRACE_LISTEN: resumed with PTRACE_CONT the task "keeps running" and
 * the stop is lost.
 *
 * 1. The process stops itself: a thread sleeps 300 ms in nanosleep,
 *    another, started just before, waits in read (under a tracer the
 *    group-stop most often catches it before its first instruction);
 *    both have SIGCONT blocked.  A helper child waits until /proc shows
 *    every thread of the process stopped (state T or t) for 100 ms in
 *    a row, then sends SIGCONT.  raise(SIGSTOP) must return only after
 *    that, its SIGCONT handler run; the sleeping thread's nanosleep is
 *    resumed through restart_syscall and returns 0, the read goes on
 *    and returns what is written after.
 * 2. A child stops itself: the parent's waitpid(WUNTRACED) must report it
 *    stopped by SIGSTOP, waitpid(WCONTINUED) continued after SIGCONT,
 *    then exit status 0.
 *
 * Exit: 0 and "stopcont ok" on stdout on success; 2 fork/pthread failed,
 * 3 the helper never saw the process stopped, 4 raise returned before
 * the SIGCONT handler ran in its thread, 5 a thread's sleep or read failed, 6 the child's
 * stop was not reported, 7 its continue was not reported, 8 its exit
 * status wrong.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The thread the SIGCONT handler ran in: the main one, or the SIGCONT
 * went to another thread (exit 4 even when its handler ran in time). */
static volatile pid_t continued;
static volatile pid_t sleeper_tid;
static int late_pipe[2];

static void on_cont(int sig)
{
	(void)sig;
	continued = gettid();
}

/* /proc/TID/what into buf, "" when it cannot be read. */
static void read_proc(pid_t tid, const char *what, char *buf, size_t size)
{
	char path[64];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", tid, what);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
}

static char state_of(pid_t pid)
{
	char buf[256], *p;

	read_proc(pid, "stat", buf, sizeof(buf));
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Whether every thread of process pid is stopped (T, or t under a
 * tracer): a group-stop, not one thread's ptrace stop (under a tracer a
 * thread shows t at each of its stops, for as long as the tracer takes;
 * a SIGCONT sent while the SIGSTOP waits in a signal-delivery-stop
 * cancels it, and raise would return without the stop the test is
 * about). */
static int all_stopped(pid_t pid)
{
	char path[64];
	struct dirent *e;
	int n = 0, stopped = 1;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)) && stopped) {
		char s;

		if (e->d_name[0] == '.')
			continue;
		s = state_of(atoi(e->d_name));
		stopped = s == 'T' || s == 't';
		n++;
	}
	closedir(d);
	return stopped && n > 0;
}

/* Sends SIGCONT once pid has been stopped for 100 ms (10 looks). */
static void helper(pid_t pid)
{
	int seen = 0;

	for (int i = 0; i < 400 && seen < 10; i++) {
		seen = all_stopped(pid) ? seen + 1 : 0;
		msleep(10);
	}
	if (seen < 10) {
		fprintf(stderr, "stopcont: process %d never stopped\n", pid);
		kill(pid, SIGCONT);
		_exit(3);
	}
	kill(pid, SIGCONT);
	_exit(0);
}

static void *sleeper(void *arg)
{
	struct timespec ts = { 0, 300 * 1000000L };

	(void)arg;
	sleeper_tid = gettid();
	return (void *)(long)(nanosleep(&ts, NULL) == 0 ? 0 : errno);
}

static void *reader(void *arg)
{
	char b;

	(void)arg;
	return (void *)(long)(read(late_pipe[0], &b, 1) == 1 ? 0 : EIO);
}

/* Waits until the sleeper sleeps in nanosleep (up to 2 s), so that the
 * stop catches it there and its sleep is resumed by restart_syscall: a
 * new thread is often stopped before its first instruction (always under
 * strace).  The kernel function it waits in, /proc's wchan, tells its
 * sleep from a ptrace stop or a wait for a seccomp listener; a kernel
 * that names none ("0" while it sleeps) leaves only its state to go by. */
static void wait_asleep(void)
{
	char wchan[128];

	for (int i = 0; i < 2000 && !sleeper_tid; i++)
		msleep(1);
	for (int i = 0; i < 2000 && sleeper_tid; i++) {
		read_proc(sleeper_tid, "wchan", wchan, sizeof(wchan));
		if (strstr(wchan, "nanosleep") ||
		    (state_of(sleeper_tid) == 'S' && !strcmp(wchan, "0")))
			return;
		msleep(1);
	}
}

int main(void)
{
	struct sigaction sa;
	sigset_t cont, mask;
	pthread_t t, late;
	pid_t h, c;
	void *r;
	int st, go[2];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_cont;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGCONT, &sa, NULL);

	/* 1. the whole process stops itself.  The SIGCONT handler must run
	 * in this thread, before raise returns: the other threads have
	 * SIGCONT blocked from their first instruction (a thread starts
	 * with its creator's mask).  Blocked by their own code, it is
	 * unblocked from glibc's start_thread until then, and the
	 * group-stop may catch them there: the SIGCONT goes to whichever
	 * thread dequeues it first, and raise here could return while
	 * another thread's handler had not run yet (exit 4; most often
	 * under a tracer, where that thread waits in its
	 * signal-delivery-stop in between). */
	sigemptyset(&cont);
	sigaddset(&cont, SIGCONT);
	pthread_sigmask(SIG_BLOCK, &cont, &mask);
	if (pthread_create(&t, NULL, sleeper, NULL) || pipe(late_pipe))
		return 2;
	wait_asleep();
	h = fork();
	if (h < 0)
		return 2;
	if (h == 0)
		helper(getppid());
	if (pthread_create(&late, NULL, reader, NULL))
		return 2;
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	raise(SIGSTOP);
	if (continued != getpid()) {
		fprintf(stderr, "stopcont: raise returned before its SIGCONT "
			"handler ran (%s)\n", continued ? "in another thread" :
			"not yet");
		return 4;
	}
	if (waitpid(h, &st, 0) != h || !WIFEXITED(st) || WEXITSTATUS(st))
		return 3;
	if (pthread_join(t, &r) || r) {
		fprintf(stderr, "stopcont: thread sleep: %s\n",
			strerror((int)(long)r));
		return 5;
	}
	if (write(late_pipe[1], "x", 1) != 1 || pthread_join(late, &r) || r) {
		fprintf(stderr, "stopcont: thread read: %s\n",
			strerror((int)(long)r));
		return 5;
	}

	/* 2. a child stops itself; its parent sees it.  The child exits only
	 * when told: exited, it would report its death instead of its
	 * continue (seen natively under load). */
	if (pipe(go))
		return 2;
	c = fork();
	if (c < 0)
		return 2;
	if (c == 0) {
		char b;

		raise(SIGSTOP);
		_exit(read(go[0], &b, 1) == 1 ? 0 : 9);
	}
	if (waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st) ||
	    WSTOPSIG(st) != SIGSTOP) {
		fprintf(stderr, "stopcont: child stop not seen (%#x)\n", st);
		return 6;
	}
	kill(c, SIGCONT);
	if (waitpid(c, &st, WCONTINUED) != c || !WIFCONTINUED(st)) {
		fprintf(stderr, "stopcont: continue not seen (%#x)\n", st);
		return 7;
	}
	if (write(go[1], "x", 1) != 1 || waitpid(c, &st, 0) != c ||
	    !WIFEXITED(st) || WEXITSTATUS(st))
		return 8;
	printf("stopcont ok\n");
	return 0;
}
