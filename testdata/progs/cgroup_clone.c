/*
 * cgroup_clone DIR CMD [ARG]...: runs CMD in the cgroup v2 directory DIR
 * from its first instruction, as systemd and crun start a service's or a
 * container's process: clone3(CLONE_INTO_CGROUP), no cgroup.procs write
 * (and no cgroup_attach_task for a recorder to see).  Exits with CMD's
 * status; 2 when the clone fails.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

int main(int argc, char **argv)
{
	struct clone_args a;
	int fd, st;
	long pid;

	if (argc < 3) {
		fprintf(stderr, "usage: cgroup_clone DIR CMD [ARG]...\n");
		return 2;
	}
	fd = open(argv[1], O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.flags = CLONE_INTO_CGROUP;
	a.exit_signal = SIGCHLD;
	a.cgroup = (uint64_t)fd;
	pid = syscall(SYS_clone3, &a, sizeof(a));
	if (pid < 0) {
		perror("clone3");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (waitpid((pid_t)pid, &st, 0) < 0)
		return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
