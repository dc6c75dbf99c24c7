/*
 * thread_filter.c - a second thread installs a seccomp filter; the main
 * thread does not (with "tsync": the filter goes to every thread).  With
 * "strict", no thread: the process prints "ready PID", enters strict mode
 * (no filter, every call but read, write, _exit and sigreturn killed) and
 * reads its standard input until end of file.
 *
 * The filter returns ERRNO(EPERM) for uname, ALLOW otherwise.  Seccomp
 * filters are per thread: without SECCOMP_FILTER_FLAG_TSYNC the main
 * thread runs under none, so a reader of the main thread's filters alone
 * misses the other's.  Once installed, prints "ready TID" (the filtered
 * thread's id) and waits for a signal.
 *
 * Exit: killed by the test; 2 prctl failed, 3 seccomp failed, 4 the
 * thread could not start.
 */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned flags;

static void *filtered(void *arg)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_uname, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { sizeof(f) / sizeof(f[0]), f };

	(void)arg;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		exit(2);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &p))
		exit(3);
	printf("ready %ld\n", (long)syscall(SYS_gettid));
	fflush(stdout);
	for (;;)
		pause();
	return NULL;
}

static void strict(void)
{
	char c;

	printf("ready %ld\n", (long)getpid());
	fflush(stdout);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT))
		exit(2);
	while (read(0, &c, 1) > 0)
		;
	syscall(SYS_exit, 0);
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc > 1 && strcmp(argv[1], "strict") == 0)
		strict();
	if (argc > 1 && strcmp(argv[1], "tsync") == 0)
		flags = SECCOMP_FILTER_FLAG_TSYNC;
	if (pthread_create(&t, NULL, filtered, NULL))
		return 4;
	for (;;)
		pause();
}
