/*
 * edge_sigkill_stopped.c - tasks killed by SIGKILL while stopped
 * (validators README case 19).  Under a tracer a task spends most of its
 * time in a ptrace stop: every ptrace request on it may fail with ESRCH,
 * and its death report follows.
 *
 * 1. 10 children each loop on getppid (a call, hence a stop, per loop);
 *    the parent kills each with SIGKILL after 20 ms: the status must be
 *    "killed by SIGKILL".
 * 2. A child stops itself with SIGSTOP; once the parent's
 *    waitpid(WUNTRACED) saw it stopped, the parent kills it with SIGKILL:
 *    killed by SIGKILL.
 *
 * Exit: 0 and "sigkill_stopped ok" on stdout on success; 2 fork failed,
 * 3 a looping child's status wrong, 4 the stopped child's stop not seen,
 * 5 its status wrong.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec ts = { 0, 20 * 1000000L };
	pid_t c;
	int st;

	for (int i = 0; i < 10; i++) {
		c = fork();
		if (c < 0)
			return 2;
		if (c == 0)
			for (;;)
				syscall(SYS_getppid);
		nanosleep(&ts, NULL);
		kill(c, SIGKILL);
		if (waitpid(c, &st, 0) != c || !WIFSIGNALED(st) ||
		    WTERMSIG(st) != SIGKILL) {
			fprintf(stderr, "sigkill_stopped: child %d: %#x\n", i,
				st);
			return 3;
		}
	}
	c = fork();
	if (c < 0)
		return 2;
	if (c == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	if (waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st)) {
		fprintf(stderr, "sigkill_stopped: stop not seen: %#x\n", st);
		return 4;
	}
	kill(c, SIGKILL);
	if (waitpid(c, &st, 0) != c || !WIFSIGNALED(st) ||
	    WTERMSIG(st) != SIGKILL) {
		fprintf(stderr, "sigkill_stopped: stopped child: %#x\n", st);
		return 5;
	}
	printf("sigkill_stopped ok\n");
	return 0;
}
