/*
 * edge_erestart.c - calls interrupted by handled signals, each way the
 * kernel restarts them (validators README case 17; strace
 * tests/erestartsys.c).  Under a tracer the interrupted call exits with an
 * internal -ERESTART* value and the same call re-enters (a new stop).
 *
 * A helper child sends SIGUSR1 to the parent every 2 ms (SA_RESTART
 * handler, counting) while the parent:
 * 1. forks 100 children that _exit(0) at once: a fork interrupted by a
 *    signal returns -ERESTARTNOINTR and is always restarted, unseen
 *    (again, up to 50 rounds, until a signal came during a round);
 * 2. waits for each with wait4 (ERESTARTSYS + SA_RESTART: restarted);
 * 3. reads from a pipe the helper writes to after 100 ms (ERESTARTSYS);
 * 4. with SIGUSR1 unblocked only inside, sigsuspend returns EINTR after
 *    the handler (ERESTARTNOHAND: never restarted).
 *
 * Exit: 0 and "erestart ok" on stdout on success; 2 setup failed, 3 fork
 * failed, 4 a child's status wrong, 5 the read failed, 6 sigsuspend did
 * not fail with EINTR, 7 no signal was handled during the forks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void helper(pid_t parent, int wfd)
{
	struct timespec ts = { 0, 2 * 1000000L };

	for (int i = 0;; i++) {
		if (kill(parent, SIGUSR1))
			_exit(0);
		if (i == 50)
			(void)!write(wfd, "x", 1);
		nanosleep(&ts, NULL);
	}
}

int main(void)
{
	struct sigaction sa;
	sigset_t none;
	pid_t h, kids[100];
	int p[2], st, during_forks;
	char c;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGUSR1, &sa, NULL) || pipe(p))
		return 2;
	h = fork();
	if (h < 0)
		return 2;
	if (h == 0)
		helper(getppid(), p[1]);
	/* Rounds of 100 until a signal lands during one: a loaded machine
	 * may not run the helper for a whole round (at most 50 rounds). */
	during_forks = 0;
	for (int round = 0; round < 50 && !during_forks; round++) {
		int before = handled;

		for (int i = 0; i < 100; i++) {
			kids[i] = fork();
			if (kids[i] < 0) {
				perror("erestart: fork");
				return 3;
			}
			if (kids[i] == 0)
				_exit(0);
		}
		during_forks = handled != before;
		for (int i = 0; i < 100; i++)
			if (wait4(kids[i], &st, 0, NULL) != kids[i] ||
			    !WIFEXITED(st) || WEXITSTATUS(st)) {
				fprintf(stderr, "erestart: child %d: %s\n", i,
					strerror(errno));
				return 4;
			}
	}
	if (read(p[0], &c, 1) != 1 || c != 'x') {
		fprintf(stderr, "erestart: read: %s\n", strerror(errno));
		return 5;
	}
	sigemptyset(&none);
	if (sigsuspend(&none) != -1 || errno != EINTR)
		return 6;
	kill(h, SIGKILL);
	waitpid(h, &st, 0);
	if (!during_forks) {
		fprintf(stderr, "erestart: no signal during the forks\n");
		return 7;
	}
	printf("erestart ok\n");
	return 0;
}
