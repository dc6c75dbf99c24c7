/*
 * own_filter_kill.c - the tracee's own filter refuses calls every way a
 * filter can, and one thread gets the filter in the middle of a call.
 *
 * A second thread blocks in read(2) on a pipe; a third makes
 * socket(AF_INET) and then spins in user space, no call made; then the
 * main thread installs, with SECCOMP_FILTER_FLAG_TSYNC (so both threads
 * get it too), a filter that
 *   - refuses socket(AF_INET, ...) with EACCES and allows socket(AF_UNIX),
 *   - kills the calling thread on sched_yield (SECCOMP_RET_KILL_THREAD),
 *   - kills the process on getpgrp (SECCOMP_RET_KILL_PROCESS),
 *   - allows everything else.
 * The third thread, told to go on, makes socket(AF_INET) again (EACCES:
 * its first call under the filter is the same as its last call before
 * it) and returns.  The main thread writes to the pipe: the blocked read
 * returns (a call entered before the filter existed, left under it: not a
 * refusal); the second thread makes socket(AF_UNIX), socket(AF_INET)
 * (EACCES) and sched_yield, which kills it.  The main thread joins both,
 * prints "own_filter_kill ok" and calls getpgrp, which kills the process.
 *
 * What a recorder must show: socket with AF_UNIX once and with AF_INET
 * three times, sched_yield and getpgrp, although all but two of these
 * never ran (the in-kernel recorder sees none of them at sys_enter).
 *
 * Exit: killed by SIGSYS (core dumps off) after "own_filter_kill ok" on
 * stdout; 2 setup failed, 3 seccomp failed, 4 socket(AF_UNIX) failed,
 * 5 socket(AF_INET) did not fail with EACCES, 6 the thread was not
 * killed, 7 getpgrp returned, 8 the third thread's sockets went wrong.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int pipefd[2];
static volatile int status;  /* what the second thread saw, if it lived */
static volatile int ready, go, third_status;

static void *second(void *arg)
{
	char c;
	int s;

	(void)arg;
	if (read(pipefd[0], &c, 1) != 1) {
		status = 2;
		return NULL;
	}
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0) {
		status = 4;
		return NULL;
	}
	close(s);
	errno = 0;
	if (socket(AF_INET, SOCK_STREAM, 0) != -1 || errno != EACCES) {
		status = 5;
		return NULL;
	}
	syscall(SYS_sched_yield);
	status = 6;     /* still alive */
	return NULL;
}

/* The third thread: the same call right before and right after it gets
 * the filter, no call in between. */
static void *third(void *arg)
{
	(void)arg;
	if (socket(AF_INET, SOCK_STREAM, 0) < 0) {
		third_status = 8;
		return NULL;
	}
	ready = 1;
	while (!go)
		;
	errno = 0;
	if (socket(AF_INET, SOCK_STREAM, 0) != -1 || errno != EACCES)
		third_status = 8;
	return NULL;
}

int main(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 0, 5),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sched_yield, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getpgrp, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = (unsigned short)(sizeof(f) / sizeof(f[0])),
		.filter = f,
	};
	struct rlimit nocore = { 0, 0 };
	pthread_t t, t3;

	if (pipe(pipefd) || setrlimit(RLIMIT_CORE, &nocore) ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    pthread_create(&t, NULL, second, NULL) ||
	    pthread_create(&t3, NULL, third, NULL)) {
		fprintf(stderr, "own_filter_kill: setup: %s\n",
			strerror(errno));
		return 2;
	}
	/* Let the second thread block in its read (not needed for the
	 * outcome: a read entered after the filter is an ordinary call), the
	 * third make its first socket call. */
	usleep(50000);
	while (!ready)
		usleep(1000);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0) {
		fprintf(stderr, "own_filter_kill: seccomp: %s\n",
			strerror(errno));
		return 3;
	}
	go = 1;
	pthread_join(t3, NULL);
	if (third_status) {
		fprintf(stderr, "own_filter_kill: the third thread said %d\n",
			third_status);
		return third_status;
	}
	if (write(pipefd[1], "g", 1) != 1)
		return 2;
	pthread_join(t, NULL);
	if (status) {
		fprintf(stderr, "own_filter_kill: the thread said %d\n",
			status);
		return status;
	}
	printf("own_filter_kill ok\n");
	fflush(stdout);
	syscall(SYS_getpgrp);
	return 7;
}
