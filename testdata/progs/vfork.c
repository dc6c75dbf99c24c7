/*
 * vfork.c - vfork + execve of /bin/true, then posix_spawn of /bin/true
 * (glibc implements it with clone(CLONE_VM|CLONE_VFORK)). The parent is
 * blocked in the kernel until the child execs: a tracer that waits only on
 * the parent deadlocks.
 *
 * Exit: 0 and "vfork ok" / "posix_spawn ok" on stdout on success;
 * 2 vfork failed, 3 vfork child status not exit 0, 4 posix_spawn failed,
 * 5 posix_spawn child status not exit 0, 6 waitpid failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int wait_ok(pid_t pid, const char *what)
{
	int st;

	if (waitpid(pid, &st, 0) != pid) {
		fprintf(stderr, "vfork: waitpid %s: %s\n", what,
			strerror(errno));
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "vfork: %s child: status 0x%x\n", what, st);
		return 1;
	}
	return 0;
}

int main(void)
{
	char *argv[] = { "true", NULL };
	pid_t pid;
	int rc;

	fflush(stdout);
	pid = vfork();
	if (pid < 0) {
		fprintf(stderr, "vfork: vfork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execve("/bin/true", argv, environ);
		_exit(127);
	}
	rc = wait_ok(pid, "vfork");
	if (rc != 0)
		return rc < 0 ? 6 : 3;
	printf("vfork ok\n");

	rc = posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ);
	if (rc != 0) {
		fprintf(stderr, "vfork: posix_spawn: %s\n", strerror(rc));
		return 4;
	}
	rc = wait_ok(pid, "posix_spawn");
	if (rc != 0)
		return rc < 0 ? 6 : 5;
	printf("posix_spawn ok\n");
	return 0;
}
