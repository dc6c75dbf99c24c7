/*
 * edge_nested_ptrace.c - a workload that traces its own children (gdb,
 * strace, sandboxes; validators README case 24).  A task has one tracer:
 * under sandprint, which already traces every task of the workload,
 * PTRACE_TRACEME and PTRACE_SEIZE of a child fail with EPERM
 * (ptrace_traceme / ptrace_attach: "already traced").  Natively and in a
 * container they succeed.
 *
 * 1. A child calls PTRACE_TRACEME and stops itself with SIGSTOP; the
 *    parent's waitpid(WUNTRACED) sees the stop (a ptrace signal-delivery
 *    stop natively, a group-stop under sandprint), then the parent
 *    sends SIGCONT and continues it with PTRACE_CONT (fails with ESRCH
 *    when it is not the tracer) until it exits 0.
 * 2. The parent PTRACE_SEIZEs a sleeping child, then PTRACE_DETACHes it
 *    (ESRCH when the seize failed) and kills it.
 * The same calls are made on both paths, so a profile recorded under
 * sandprint covers the native path.  Each outcome ("traceme ok" or
 * "traceme EPERM", the same for seize) goes to stderr; stdout gets
 * "nested_ptrace ok".
 *
 * Exit: 0 on success; 2 fork failed, 3 TRACEME failed with another error
 * than EPERM, 4 the child's stop was not seen, 5 its exit status wrong,
 * 6 SEIZE failed with another error, 7 the sleeper's status wrong.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *outcome(long rc, int err)
{
	return rc == 0 ? "ok" : err == EPERM ? "EPERM" : strerror(err);
}

int main(void)
{
	struct timespec ts = { 5, 0 };
	pid_t c;
	long rc;
	int st, err;

	c = fork();
	if (c < 0)
		return 2;
	if (c == 0) {
		rc = ptrace(PTRACE_TRACEME, 0, 0, 0);
		fprintf(stderr, "traceme %s\n", outcome(rc, errno));
		if (rc && errno != EPERM)
			_exit(3);
		raise(SIGSTOP);
		_exit(0);
	}
	if (waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st)) {
		fprintf(stderr, "nested_ptrace: stop not seen: %#x\n", st);
		return 4;
	}
	kill(c, SIGCONT);
	/* Natively the parent is the tracer: SIGCONT is reported to it as a
	 * signal-delivery stop, to be resumed with PTRACE_CONT. */
	ptrace(PTRACE_CONT, c, 0, 0);
	while (waitpid(c, &st, 0) == c && WIFSTOPPED(st))
		ptrace(PTRACE_CONT, c, 0, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "nested_ptrace: child status %#x\n", st);
		return 5;
	}

	c = fork();
	if (c < 0)
		return 2;
	if (c == 0) {
		nanosleep(&ts, NULL);
		_exit(0);
	}
	rc = ptrace(PTRACE_SEIZE, c, 0, 0);
	err = errno;
	fprintf(stderr, "seize %s\n", outcome(rc, err));
	ptrace(PTRACE_DETACH, c, 0, 0);
	kill(c, SIGKILL);
	if (waitpid(c, &st, 0) != c || !WIFSIGNALED(st)) {
		fprintf(stderr, "nested_ptrace: sleeper status %#x\n", st);
		return 7;
	}
	if (rc && err != EPERM)
		return 6;
	printf("nested_ptrace ok\n");
	return 0;
}
