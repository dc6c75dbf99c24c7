/*
 * Two exercises of one program (tests/workflows.sh, built 32-bit): with
 * no argument it prints its pid's sign; with "sock" it opens a socket,
 * which the first never does (i386's glibc makes it socketcall(1, ...)),
 * and asks its priority through syscall(2) (a constant main() passes to
 * a forwarder).  Exits 0 when the exercise worked, 1 with the error
 * otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd;

	if (argc < 2 || strcmp(argv[1], "sock") != 0) {
		printf("%d\n", getpid() > 0);
		return 0;
	}
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0) {
		printf("socket: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	errno = 0;
	if (syscall(SYS_getpriority, PRIO_PROCESS, 0) == -1 && errno) {
		printf("getpriority: %s\n", strerror(errno));
		return 1;
	}
	printf("socket\n");
	return 0;
}
