/*
 * sleepers.c - sleeps in calls that fail with EINTR when something wakes
 * them without a signal to take (signal(7): epoll_wait, sigtimedwait,
 * semtimedop... fail so even without a handler), and counts the EINTRs.
 * Natively nothing wakes them here, so any EINTR is the recorder's.
 *
 * Usage: sleepers attach
 *   Threads sleep in epoll_wait and in sigtimedwait (the main thread in a
 *   read of stdin); "ready" is printed once each sleeps in its call (its
 *   /proc/self/task/TID/syscall says so).  Each line "more" on stdin
 *   starts another pair and prints "ready" again once every thread
 *   sleeps.  At end of input each is woken (a byte, a signal it waits
 *   for), and "eintr N" printed: the EINTRs of every call, and any signal
 *   left pending.  A recorder that attaches to it (record -p) and lets go
 *   must leave N at 0.
 * Usage: sleepers ignored
 *   A child sends SIGWINCH and SIGURG (ignored by default) once the
 *   parent sleeps in epoll_wait, then writes a byte the parent waits
 *   for; prints "epoll_wait 1" (or "epoll_wait EINTR").  A traced task
 *   is sent ignored signals all the same, for its tracer: the call must
 *   sleep on.
 * Usage: sleepers stopped
 *   The same, but the child stops the parent (SIGSTOP), and once it is
 *   stopped continues it (SIGCONT): natively epoll_wait fails with EINTR
 *   then (signal(7)), which a recorder must leave.
 * Usage: sleepers leaderless
 *   The main thread exits (pthread_exit: the leader is a zombie while the
 *   process runs on); another prints "ready" once it is, reads stdin to
 *   its end, calls uname and exits with status 3.
 * Exit: 0; 1 an EINTR was seen; 2 setup failed; 3 leaderless.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PAIRS 8

struct sleeper {
	pthread_t thread;
	volatile pid_t tid;
	int epoll;              /* epoll_wait's (else sigtimedwait) */
	int pipe[2];
	long nr;                /* the call it sleeps in */
	atomic_int eintr;
};

static struct sleeper sleepers[2 * MAX_PAIRS];
static int count;

static void fail(const char *what)
{
	perror(what);
	exit(2);
}

static void *sleep_in_call(void *arg)
{
	struct sleeper *s = arg;
	struct epoll_event ev;
	sigset_t set;
	long r;

	s->tid = gettid();
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	for (;;) {
		r = s->epoll >= 0 ? epoll_wait(s->epoll, &ev, 1, -1) :
				    sigtimedwait(&set, NULL, NULL);
		if (r >= 0)
			return NULL;
		if (errno != EINTR)
			fail("sleepers: wait");
		atomic_fetch_add(&s->eintr, 1);
	}
}

/* Whether thread tid of process pid sleeps in call nr now (nr -1: whether
 * it has exited, a zombie). */
static int asleep_in(pid_t pid, pid_t tid, long nr)
{
	char path[64], buf[256], state = 0;
	FILE *f;
	long in = -1;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", pid,
		 tid);
	f = fopen(path, "re");
	if (!f || fscanf(f, "%ld", &in) != 1)
		in = -1;
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	f = fopen(path, "re");
	if (f && fgets(buf, sizeof(buf), f) && strrchr(buf, ')'))
		state = strrchr(buf, ')')[2];
	if (f)
		fclose(f);
	return nr < 0 ? state == 'Z' : in == nr && state == 'S';
}

static void add_pair(void)
{
	for (int k = 0; k < 2 && count < 2 * MAX_PAIRS; k++) {
		struct sleeper *s = &sleepers[count++];
		struct epoll_event ev = { .events = EPOLLIN };

		s->epoll = -1;
		s->nr = SYS_rt_sigtimedwait;
		if (pipe(s->pipe))
			fail("sleepers: pipe");
		if (k == 0) {
			s->epoll = epoll_create1(EPOLL_CLOEXEC);
			if (s->epoll < 0 || epoll_ctl(s->epoll, EPOLL_CTL_ADD,
						      s->pipe[0], &ev))
				fail("sleepers: epoll");
			s->nr = SYS_epoll_wait;
		}
		if (pthread_create(&s->thread, NULL, sleep_in_call, s))
			fail("sleepers: pthread_create");
	}
	/* Each thread in its call, not merely started. */
	for (int i = 0; i < count; i++)
		while (!sleepers[i].tid ||
		       !asleep_in(getpid(), sleepers[i].tid,
				  sleepers[i].nr))
			sched_yield();
	printf("ready\n");
	fflush(stdout);
}

static int attach(void)
{
	char line[64];
	long eintr = 0;
	sigset_t set;
	ssize_t n;

	/* SIGUSR1 is what sigtimedwait waits for: blocked in every thread. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	add_pair();
	for (;;) {
		n = read(STDIN_FILENO, line, sizeof(line) - 1);
		if (n < 0 && errno == EINTR) {
			eintr++;
			continue;
		}
		if (n <= 0)
			break;
		line[n] = '\0';
		if (strncmp(line, "more", 4) == 0)
			add_pair();
	}
	for (int i = 0; i < count; i++) {
		struct sleeper *s = &sleepers[i];

		if (s->epoll >= 0 && write(s->pipe[1], "x", 1) != 1)
			fail("sleepers: write");
		if (s->epoll < 0)
			syscall(SYS_tgkill, getpid(), s->tid, SIGUSR1);
		pthread_join(s->thread, NULL);
		eintr += s->eintr;
	}
	sigpending(&set);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&set, sig)) {
			printf("pending %s\n", strsignal(sig));
			eintr++;
		}
	printf("eintr %ld\n", eintr);
	return eintr ? 1 : 0;
}

/* Whether process pid is stopped (by a signal, or in a tracer's
 * group-stop). */
static int stopped(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	int st = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (f && fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		st = p[2] == 'T' || p[2] == 't';
	if (f)
		fclose(f);
	return st;
}

static int ignored(int stop)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int p[2], ep = epoll_create1(EPOLL_CLOEXEC), r, st;
	pid_t parent = getpid(), child;

	if (ep < 0 || pipe(p) || epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev))
		fail("sleepers: epoll");
	child = fork();
	if (child < 0)
		fail("sleepers: fork");
	if (child == 0) {
		while (!asleep_in(parent, parent, SYS_epoll_wait))
			sched_yield();
		if (stop) {
			kill(parent, SIGSTOP);
			while (!stopped(parent))
				sched_yield();
			kill(parent, SIGCONT);
		}
		kill(parent, SIGWINCH);
		kill(parent, SIGURG);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 2);
	}
	r = epoll_wait(ep, &ev, 1, -1);
	if (r < 0 && errno != EINTR)
		fail("sleepers: epoll_wait");
	if (r < 0)
		printf("epoll_wait EINTR\n");
	else
		printf("epoll_wait %d\n", r);
	waitpid(child, &st, 0);
	return r < 0 ? 1 : 0;
}

static void *outlive_leader(void *arg)
{
	pid_t leader = *(pid_t *)arg;
	struct utsname u;
	char c;

	while (!asleep_in(leader, leader, -1))
		sched_yield();
	printf("ready\n");
	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	uname(&u);
	exit(3);
}

static int leaderless(void)
{
	static pid_t leader;
	pthread_t t;

	leader = getpid();
	if (pthread_create(&t, NULL, outlive_leader, &leader))
		fail("sleepers: pthread_create");
	pthread_exit(NULL);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "attach") == 0)
		return attach();
	if (strcmp(mode, "ignored") == 0 || strcmp(mode, "stopped") == 0)
		return ignored(strcmp(mode, "stopped") == 0);
	if (strcmp(mode, "leaderless") == 0)
		return leaderless();
	fprintf(stderr, "usage: sleepers attach|ignored|stopped|leaderless\n");
	return 2;
}
