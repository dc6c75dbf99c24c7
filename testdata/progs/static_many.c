/*
 * static_many: a static program whose reachable code passes more distinct
 * constant ioctl requests (72, from main's own call sites to libc's
 * ioctl(), a function of this file) than the static analysis lists (64,
 * tracer/static.c's ARGS_MAX), as busybox's applets do.
 * Without arguments: ioctl(FIONREAD) on a pipe, what a recording sees.
 * With "other": one of the unlisted requests, _IO(0xEE, 0), on the pipe
 * (ENOTTY), as `busybox ifconfig lo` makes SIOCGIFFLAGS under a profile
 * recorded from `busybox sh`.  With "all": every request.
 * tests/show.sh: recorded without arguments, its profile must let "other"
 * run; the analysis knows the code passes requests it did not keep.
 *
 * Exit: 0; 1 when a call failed otherwise than expected.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define REQ(i) (ioctl(fd, _IO(0xEE, (i)), NULL) == 0 || errno != ENOTTY) |
#define REQ8(i)                                                           \
	REQ(i) REQ(i + 1) REQ(i + 2) REQ(i + 3) REQ(i + 4) REQ(i + 5)       \
	REQ(i + 6) REQ(i + 7)

/* Not inlined: each request a constant at its own call site. */
__attribute__((noinline)) static int all_requests(int fd)
{
	return REQ8(0) REQ8(8) REQ8(16) REQ8(24) REQ8(32) REQ8(40)
		REQ8(48) REQ8(56) REQ8(64) 0;
}

int main(int argc, char **argv)
{
	int fd[2], n;

	if (pipe(fd))
		return 1;
	if (argc < 2)
		return ioctl(fd[0], FIONREAD, &n) != 0;
	if (strcmp(argv[1], "other") == 0)
		return ioctl(fd[0], _IO(0xEE, 0), NULL) == 0 || errno != ENOTTY;
	return all_requests(fd[0]);
}
