/*
 * signals.c - interrupted and restarted system calls.
 *
 * 1. SIGALRM handler without SA_RESTART, repeating 50 ms ITIMER_REAL: a
 *    blocking read on an empty pipe must fail with EINTR (the kernel
 *    returns -ERESTARTSYS internally and turns it into EINTR).
 * 2. SIGALRM handler with SA_RESTART, one-shot 50 ms timer; the handler
 *    writes one byte into the pipe: the read is restarted by the kernel
 *    (the same read syscall re-enters) and returns that byte.
 * 3. A child sleeps 400 ms in nanosleep; once it sleeps there (it
 *    reports through a pipe just before, then the parent waits until
 *    /proc/PID/stat shows state S and /proc/PID/wchan the kernel's
 *    nanosleep, not a tracer's wait for its listener), the parent stops
 *    it with SIGSTOP, waits until it is stopped and continues it with
 *    SIGCONT. The kernel resumes the sleep through restart_syscall (nr
 *    219), so nanosleep returns 0 after the full 400 ms. A profile
 *    without restart_syscall kills the child. The parent sees the
 *    restart in /proc/PID/syscall; a stop that came too late (a loaded
 *    machine kept the parent from its kill until the sleep had ended)
 *    is tried again with a new child, up to 20 times.
 *
 * Exit: 0 and three "... ok" lines on stdout on success; 2 sigaction/pipe
 * failed, 3 setitimer failed, 4 read did not fail with EINTR, 5 restarted
 * read did not return the handler's byte, 6 fork failed, 7 sleeper child
 * failed (its reason on stderr), 8 kill failed, 9 no stop of 20 came
 * during the sleep.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int pipefd[2];
static volatile sig_atomic_t alarms;
static volatile sig_atomic_t feed_pipe;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
	if (feed_pipe) {
		feed_pipe = 0;
		(void)!write(pipefd[1], "x", 1);
	}
}

static int set_handler(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGALRM, &sa, NULL);
}

static int set_timer(long ms, int repeat)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	if (repeat)
		it.it_interval = it.it_value;
	return setitimer(ITIMER_REAL, &it, NULL);
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleeper(int ready)
{
	struct timespec ts = { 0, 400 * 1000000L };
	double t0 = now(), dt;

	if (write(ready, "r", 1) != 1) {
		fprintf(stderr, "signals: sleeper: write: %s\n",
			strerror(errno));
		_exit(3);
	}
	if (nanosleep(&ts, NULL) != 0) {
		fprintf(stderr, "signals: sleeper: nanosleep: %s\n",
			strerror(errno));
		_exit(1);
	}
	dt = now() - t0;
	if (dt < 0.39) {
		fprintf(stderr, "signals: sleeper: slept only %.3f s\n", dt);
		_exit(2);
	}
	_exit(0);
}

/* The start of /proc/PID/NAME into buf (NUL-terminated, newline
 * kept); false if it cannot be read. */
static int read_proc(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return 1;
}

/* PID's state letter (R, S, T, t, Z...), or 0 if it cannot be read. */
static char state_of(pid_t pid)
{
	char buf[512], *p;

	if (!read_proc(pid, "stat", buf, sizeof(buf)))
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* Poll every millisecond, for 30 s at most (a cap on failure only: a
 * loaded machine with a sanitized tracer takes seconds), until
 * done(pid) is true; false if it never was. */
static int poll_until(int (*done)(pid_t), pid_t pid)
{
	double end = now() + 30;

	while (!done(pid)) {
		if (now() > end)
			return 0;
		msleep(1);
	}
	return 1;
}

/* In the kernel's nanosleep (state S): a tracer's wait for its listener
 * before the call runs is state S too, and a stop there would restart
 * nanosleep itself, not resume it through restart_syscall.  Where wchan
 * is not shown ("0"), state S alone. */
static int asleep(pid_t pid)
{
	char buf[128];
	char st = state_of(pid);

	if (st != 'S')
		return st == 0 || st == 'Z';	/* gone: nothing to wait for */
	if (!read_proc(pid, "wchan", buf, sizeof(buf)) ||
	    strcmp(buf, "0") == 0)
		return 1;
	return strstr(buf, "nanosleep") != NULL;
}

/* Stopped (T), or in a tracer's stop (t: the SIGSTOP reported to it),
 * or gone. */
static int stopped(pid_t pid)
{
	char st = state_of(pid);

	return st == 'T' || st == 't' || st == 'Z' || st == 0;
}

/* The call PID is in (or was last in, while stopped), -1 where none
 * ("running", or gone), -2 where /proc/PID/syscall cannot be read (no
 * right to: then a restart is taken on trust, as before). */
static long current_call(pid_t pid)
{
	char buf[256], *end;
	long nr;

	if (!read_proc(pid, "syscall", buf, sizeof(buf)))
		return -2;
	nr = strtol(buf, &end, 10);
	return end == buf ? -1 : nr;
}

static long last_call;

/* Resumed, after SIGCONT: in restart_syscall, or out of the sleep
 * another way (exiting: no restart seen); last_call says which. */
static int resumed(pid_t pid)
{
	last_call = current_call(pid);
	if (last_call == SYS_restart_syscall || last_call == -2)
		return 1;
	if (last_call == SYS_nanosleep || last_call == SYS_clock_nanosleep)
		return 0;	/* still stopped, or not re-entered yet */
	return state_of(pid) != 'R';
}

/* One sleeper, stopped and continued in its sleep: 0 if restart_syscall
 * resumed it, 1 if the stop came too late (the sleep had ended), else
 * main's exit status. */
static int stop_sleeper(void)
{
	char c;
	int ready[2], st, restarted;
	pid_t pid;

	if (pipe(ready) != 0) {
		fprintf(stderr, "signals: pipe: %s\n", strerror(errno));
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "signals: fork: %s\n", strerror(errno));
		return 6;
	}
	if (pid == 0)
		sleeper(ready[1]);
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		fprintf(stderr, "signals: sleeper did not start\n");
		return 7;
	}
	close(ready[0]);
	poll_until(asleep, pid);
	if (kill(pid, SIGSTOP) != 0) {
		fprintf(stderr, "signals: kill SIGSTOP: %s\n", strerror(errno));
		return 8;
	}
	/* SIGCONT before the stop took effect would discard it, and the
	 * sleep would go on uninterrupted. */
	poll_until(stopped, pid);
	if (kill(pid, SIGCONT) != 0) {
		fprintf(stderr, "signals: kill SIGCONT: %s\n", strerror(errno));
		return 8;
	}
	restarted = poll_until(resumed, pid) &&
		    (last_call == SYS_restart_syscall || last_call == -2);
	if (waitpid(pid, &st, 0) != pid) {
		fprintf(stderr, "signals: waitpid: %s\n", strerror(errno));
		return 7;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "signals: sleeper child: status 0x%x%s\n", st,
			WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS ?
			" (SIGSYS: restart_syscall denied?)" : "");
		return 7;
	}
	return restarted ? 0 : 1;
}

int main(void)
{
	char c = 0;
	ssize_t n;
	int i, rc;

	if (pipe(pipefd) != 0 || set_handler(0) != 0) {
		fprintf(stderr, "signals: pipe/sigaction: %s\n",
			strerror(errno));
		return 2;
	}

	/* 1. EINTR */
	if (set_timer(50, 1) != 0) {
		fprintf(stderr, "signals: setitimer: %s\n", strerror(errno));
		return 3;
	}
	n = read(pipefd[0], &c, 1);
	if (n != -1 || errno != EINTR || alarms < 1) {
		fprintf(stderr, "signals: read: got %zd (%s), expected EINTR\n",
			n, n < 0 ? strerror(errno) : "data");
		return 4;
	}
	if (set_timer(0, 0) != 0) {
		fprintf(stderr, "signals: setitimer off: %s\n",
			strerror(errno));
		return 3;
	}
	printf("eintr ok\n");

	/* 2. SA_RESTART */
	if (set_handler(SA_RESTART) != 0) {
		fprintf(stderr, "signals: sigaction: %s\n", strerror(errno));
		return 2;
	}
	alarms = 0;
	feed_pipe = 1;
	if (set_timer(50, 0) != 0) {
		fprintf(stderr, "signals: setitimer: %s\n", strerror(errno));
		return 3;
	}
	n = read(pipefd[0], &c, 1);
	if (n != 1 || c != 'x' || alarms != 1) {
		fprintf(stderr,
			"signals: restarted read: got %zd (%s), alarms %d\n",
			n, n < 0 ? strerror(errno) : "data", (int)alarms);
		return 5;
	}
	printf("restart ok\n");

	/* 3. restart_syscall after SIGSTOP/SIGCONT */
	fflush(stdout);
	for (i = 0; (rc = stop_sleeper()) == 1; i++) {
		if (i == 19) {
			fprintf(stderr, "signals: no stop of 20 came during "
				"the sleep\n");
			return 9;
		}
	}
	if (rc != 0)
		return rc;
	printf("restart_syscall ok\n");
	return 0;
}
