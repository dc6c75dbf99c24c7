/*
 * static_wrap: system calls through libc's wrappers, whose request or
 * option is the caller's constant, not one at the syscall instruction.
 * Without arguments: ioctl(FIONREAD) on a pipe and prctl(PR_GET_DUMPABLE)
 * (what a recording sees).  With "other": ioctl(TIOCGWINSZ) on the pipe
 * (ENOTTY) from this program's own call site, and pthread_setname_np on
 * itself, which glibc makes as prctl(PR_SET_NAME) from inside libc.
 * And through helpers of its own, as OpenSSL's BIO_socket_nbio calls
 * BIO_socket_ioctl(fd, FIONBIO, &on), which calls ioctl(fd, type, arg):
 * the request is a constant two calls above ioctl (FIONREAD without
 * arguments, FIONBIO with "other"); and through a library's helper
 * (libsp_static_wraplib.so: FIONREAD, and FIOCLEX with "other"; not
 * in static_wrap32 and static_wrap_s, a static copy, built with
 * SP_WRAP_ALONE).
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

#ifdef SP_WRAP_ALONE
#define sp_lib_ioctl(fd, req, arg) 0
#else
int sp_lib_ioctl(int fd, unsigned long req, void *arg);
#endif

/* Not static, not inlined: the compiler cannot assume it knows every
 * caller and fold the request in. */
__attribute__((noinline)) int wrap_ioctl(int fd, unsigned long req,
					 void *arg)
{
	int ret = ioctl(fd, req, arg);

	if (ret < 0 && errno == EBADF)
		return -2;
	return ret;
}

__attribute__((noinline)) int wrap_nbio(int fd, int on)
{
	return wrap_ioctl(fd, FIONBIO, &on);
}

int main(int argc, char **argv)
{
	struct winsize ws;
	int fd[2], n;

	if (pipe(fd))
		return 1;
	if (argc < 2 || strcmp(argv[1], "other") != 0)
		return ioctl(fd[0], FIONREAD, &n) != 0 ||
		       wrap_ioctl(fd[0], FIONREAD, &n) != 0 ||
		       sp_lib_ioctl(fd[0], FIONREAD, &n) != 0 ||
		       prctl(PR_GET_DUMPABLE) < 0;
	if (ioctl(fd[0], TIOCGWINSZ, &ws) == 0 || errno != ENOTTY)
		return 1;
	if (wrap_nbio(fd[0], 1) != 0 || sp_lib_ioctl(fd[0], FIOCLEX, NULL))
		return 1;
	return pthread_setname_np(pthread_self(), "wrapped") != 0;
}
