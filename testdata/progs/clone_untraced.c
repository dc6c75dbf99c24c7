/*
 * clone_untraced.c - raw clone(2) with CLONE_UNTRACED, which defeats
 * ptrace auto-attach (PTRACE_O_TRACECLONE/FORK). Under a SECCOMP_RET_TRACE
 * filter inherited from a recorder that did not attach to the child, every
 * traced syscall of the child returns ENOSYS.
 *
 * Child: uname (exit 3 if it fails), getuid through syscall() (exit 4 if it
 * returns -1, which a real getuid never does), _exit(0).
 * Parent: waitpid must report exit status 0.
 *
 * Exit: 0 and "clone_untraced ok" on stdout on success; 2 clone failed,
 * 3 child: uname failed, 4 child: getuid failed, 5 waitpid failed,
 * 6 child died otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	long pid;
	int st;

	fflush(stdout);
	/* x86_64 raw order: flags, newsp, parent_tid, child_tid, tls */
	pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
	if (pid < 0) {
		fprintf(stderr, "clone_untraced: clone: %s\n",
			strerror(errno));
		return 2;
	}
	if (pid == 0) {
		struct utsname u;

		if (uname(&u) != 0)
			_exit(3);
		if (syscall(SYS_getuid) == -1)
			_exit(4);
		_exit(0);
	}
	if (waitpid((pid_t)pid, &st, 0) != (pid_t)pid) {
		fprintf(stderr, "clone_untraced: waitpid: %s\n",
			strerror(errno));
		return 5;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
		fprintf(stderr, "clone_untraced: child: %s failed (exit %d)\n",
			WEXITSTATUS(st) == 3 ? "uname" :
			WEXITSTATUS(st) == 4 ? "getuid" : "?",
			WEXITSTATUS(st));
		return WEXITSTATUS(st) == 3 ? 3 : 4;
	}
	if (!WIFEXITED(st)) {
		fprintf(stderr, "clone_untraced: child: status 0x%x\n", st);
		return 6;
	}
	printf("clone_untraced ok\n");
	return 0;
}
