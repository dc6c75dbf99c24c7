/*
 * clone3.c - raw clone3(2) calls (no glibc wrapper): the arguments live in
 * a struct in memory, not in registers.
 *
 * 1. flags CLONE_PIDFD, exit_signal SIGCHLD: the kernel writes a pidfd into
 *    the parent's memory (must be >= 0 and closeable); the child calls
 *    getppid (must equal the parent's pid) and _exit(7); waitpid must
 *    report exit status 7.
 * 2. flags 0, exit_signal 0: a "clone child" that only __WALL/__WCLONE
 *    waits see. A plain waitpid(WNOHANG) must fail with ECHILD;
 *    waitpid(__WALL) must report exit status 5.
 *
 * Where clone3 fails with ENOSYS (a profile refuses it so that the flags are
 * checked on clone: sibling.def), each call falls back to clone with the
 * same flags and exit signal, as glibc does.
 *
 * Exit: 0 and "clone3 ok" on stdout on success; 2 clone3 #1 failed,
 * 3 bad pidfd, 4 bad status #1 (e.g. 9 = child saw the wrong parent),
 * 5 clone3 #2 failed, 6 plain waitpid saw the exit_signal-0 child,
 * 7 bad status #2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static long do_clone3(struct clone_args *ca)
{
	long pid = syscall(SYS_clone3, ca, sizeof(*ca));

	/* x86_64 and most arches: clone(flags, newsp, parent_tid,
	 * child_tid, tls); CLONE_PIDFD stores the pidfd at parent_tid. */
	if (pid < 0 && errno == ENOSYS)
		pid = syscall(SYS_clone, ca->flags | ca->exit_signal, 0,
			      (uintptr_t)ca->pidfd, 0, 0);
	return pid;
}

int main(void)
{
	struct clone_args ca;
	pid_t parent = getpid();
	int pidfd = -1;
	long pid;
	int st;

	/* 1. CLONE_PIDFD + SIGCHLD */
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_PIDFD;
	ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
	ca.exit_signal = SIGCHLD;
	pid = do_clone3(&ca);
	if (pid < 0) {
		fprintf(stderr, "clone3: clone3 #1: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		pid_t pp = (pid_t)syscall(SYS_getppid);

		_exit(pp == parent ? 7 : 9);
	}
	if (pidfd < 0 || close(pidfd) != 0) {
		fprintf(stderr, "clone3: bad pidfd %d\n", pidfd);
		return 3;
	}
	if (waitpid((pid_t)pid, &st, 0) != (pid_t)pid) {
		fprintf(stderr, "clone3: waitpid #1: %s\n", strerror(errno));
		return 4;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 7) {
		fprintf(stderr, "clone3: child #1: status 0x%x, expected exit 7\n",
			st);
		return 4;
	}

	/* 2. exit_signal 0 */
	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = 0;
	pid = do_clone3(&ca);
	if (pid < 0) {
		fprintf(stderr, "clone3: clone3 #2: %s\n", strerror(errno));
		return 5;
	}
	if (pid == 0)
		_exit(5);
	if (waitpid((pid_t)pid, &st, WNOHANG) != -1 || errno != ECHILD) {
		fprintf(stderr,
			"clone3: plain waitpid saw the exit_signal 0 child\n");
		return 6;
	}
	if (waitpid((pid_t)pid, &st, __WALL) != (pid_t)pid) {
		fprintf(stderr, "clone3: waitpid __WALL: %s\n",
			strerror(errno));
		return 7;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 5) {
		fprintf(stderr, "clone3: child #2: status 0x%x, expected exit 5\n",
			st);
		return 7;
	}
	printf("clone3 ok\n");
	return 0;
}
