/*
 * static_wrap: system calls through libc's wrappers, whose request or
 * option is the caller's constant, not one at the syscall instruction.
 * Without arguments: ioctl(FIONREAD) on a pipe and prctl(PR_GET_DUMPABLE)
 * (what a recording sees).  With "other": ioctl(TIOCGWINSZ) on the pipe
 * (ENOTTY) from this program's own call site, and pthread_setname_np on
 * itself, which glibc makes as prctl(PR_SET_NAME) from inside libc.
 * tests/show.sh: recorded without arguments, its profile must let
 * "other" run, those values being constants at the wrappers' callers.
 *
 * Exit: 0; 1 when a call failed otherwise than expected.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct winsize ws;
	int fd[2], n;

	if (pipe(fd))
		return 1;
	if (argc < 2 || strcmp(argv[1], "other") != 0)
		return ioctl(fd[0], FIONREAD, &n) != 0 ||
		       prctl(PR_GET_DUMPABLE) < 0;
	if (ioctl(fd[0], TIOCGWINSZ, &ws) == 0 || errno != ENOTTY)
		return 1;
	return pthread_setname_np(pthread_self(), "wrapped") != 0;
}
