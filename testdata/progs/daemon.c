/*
 * daemon.c - leaves a daemon behind and exits at once.
 *
 * Usage: daemon FILE
 * The main process forks a child, which calls setsid and forks again and
 * exits; the grandchild (reparented, in its own session) waits for the
 * main process to exit (a pidfd: never a timer alone, so FILE cannot exist
 * before, however loaded the machine), sleeps 300 ms more, calls sysinfo
 * and writes "daemon done\n" to FILE, then exits 0. The main process waits
 * only for the intermediate child and exits 0 right away. A recorder must
 * keep tracing until the daemon exits (so FILE exists when the recorder
 * returns).
 *
 * Exit (main process): 0 on success; 2 usage, 3 pidfd_open or fork
 * failed, 4 the intermediate child failed (setsid or fork; message on
 * stderr).
 * The grandchild reports its own failures on stderr only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void grandchild(const char *path, int main_fd)
{
	static const char msg[] = "daemon done\n";
	struct timespec ts = { 0, 300 * 1000000L };
	struct sysinfo si;
	struct pollfd p;
	int fd;

	p.fd = main_fd;
	p.events = POLLIN;
	while (poll(&p, 1, -1) < 0 && errno == EINTR)
		;
	close(main_fd);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	if (sysinfo(&si) != 0) {
		fprintf(stderr, "daemon: sysinfo: %s\n", strerror(errno));
		_exit(1);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "daemon: open %s: %s\n", path,
			strerror(errno));
		_exit(1);
	}
	if (write(fd, msg, sizeof(msg) - 1) != (ssize_t)(sizeof(msg) - 1)) {
		fprintf(stderr, "daemon: write %s: %s\n", path,
			strerror(errno));
		_exit(1);
	}
	close(fd);
	_exit(0);
}

int main(int argc, char **argv)
{
	pid_t pid;
	int st, main_fd;

	if (argc != 2) {
		fprintf(stderr, "usage: daemon FILE\n");
		return 2;
	}
	/* The main process's own pidfd, inherited: readable once it has
	 * exited, whoever reaps it and when. */
	main_fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (main_fd < 0) {
		fprintf(stderr, "daemon: pidfd_open: %s\n", strerror(errno));
		return 3;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "daemon: fork: %s\n", strerror(errno));
		return 3;
	}
	if (pid == 0) {
		pid_t gc;

		if (setsid() < 0) {
			fprintf(stderr, "daemon: setsid: %s\n",
				strerror(errno));
			_exit(1);
		}
		gc = fork();
		if (gc < 0) {
			fprintf(stderr, "daemon: fork #2: %s\n",
				strerror(errno));
			_exit(1);
		}
		if (gc == 0)
			grandchild(argv[1], main_fd);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		fprintf(stderr, "daemon: intermediate child failed\n");
		return 4;
	}
	return 0;
}
