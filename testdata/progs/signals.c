/*
 * signals.c - interrupted and restarted system calls.
 *
 * 1. SIGALRM handler without SA_RESTART, repeating 50 ms ITIMER_REAL: a
 *    blocking read on an empty pipe must fail with EINTR (the kernel
 *    returns -ERESTARTSYS internally and turns it into EINTR).
 * 2. SIGALRM handler with SA_RESTART, one-shot 50 ms timer; the handler
 *    writes one byte into the pipe: the read is restarted by the kernel
 *    (the same read syscall re-enters) and returns that byte.
 * 3. A child sleeps 400 ms in nanosleep; once it is asleep (it reports
 *    through a pipe just before, then the parent waits until
 *    /proc/PID/stat shows state S, plus 50 ms) the parent stops it with
 *    SIGSTOP and continues it with SIGCONT 50 ms later. The kernel
 *    resumes the sleep through restart_syscall (nr 219), so nanosleep
 *    returns 0 after the full 400 ms. A profile without restart_syscall
 *    kills the child.
 *
 * Exit: 0 and three "... ok" lines on stdout on success; 2 sigaction/pipe
 * failed, 3 setitimer failed, 4 read did not fail with EINTR, 5 restarted
 * read did not return the handler's byte, 6 fork failed, 7 sleeper child
 * failed (its reason on stderr), 8 kill failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
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

/* Wait (up to 2 s) until PID is in state S (interruptible sleep). */
static void wait_asleep(pid_t pid)
{
	char path[64], buf[256], *p;
	ssize_t n;
	int i, fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (i = 0; i < 2000; i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return;
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'S')
			return;
		msleep(1);
	}
}

int main(void)
{
	char c = 0;
	int ready[2];
	ssize_t n;
	pid_t pid;
	int st;

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
	if (read(ready[0], &c, 1) != 1) {
		fprintf(stderr, "signals: sleeper did not start\n");
		return 7;
	}
	wait_asleep(pid);
	msleep(50);
	if (kill(pid, SIGSTOP) != 0) {
		fprintf(stderr, "signals: kill SIGSTOP: %s\n", strerror(errno));
		return 8;
	}
	msleep(50);
	if (kill(pid, SIGCONT) != 0) {
		fprintf(stderr, "signals: kill SIGCONT: %s\n", strerror(errno));
		return 8;
	}
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
	printf("restart_syscall ok\n");
	return 0;
}
