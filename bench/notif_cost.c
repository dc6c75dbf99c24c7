/*
 * notif_cost.c - what one system call costs when a supervisor sees it
 * through SECCOMP_RET_USER_NOTIF (and lets it continue), against a
 * SECCOMP_RET_TRACE ptrace stop (what sandprint record does), on this
 * machine.  A measurement for choosing the recorder's per-call path
 * (issue: performance), not part of sandprint.
 *
 * Usage: notif_cost [CALLS]   (default 200000 getppid calls per mode)
 * Prints µs per call for: native, ptrace (RET_TRACE + PTRACE_CONT),
 * user notification, user notification with
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux >= 6.6).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Linux 6.6 (Debian 12's headers are older). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The workload: n getppid calls under a filter that returns ret for
 * getppid (everything else is allowed), then exit. */
static void child(long n, unsigned ret, volatile int *fdslot)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 4, insns };
	unsigned flags = ret == SECCOMP_RET_USER_NOTIF ?
				 SECCOMP_FILTER_FLAG_NEW_LISTENER :
				 0;
	long fd;

	if (ret == SECCOMP_RET_TRACE)
		raise(SIGSTOP);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (fd < 0)
		_exit(2);
	*fdslot = (int)fd;   /* a memory write: no system call */
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	_exit(0);
}

static double run_trace(long n)
{
	int status;
	double t0;
	pid_t p = fork();

	if (p == 0)
		child(n, SECCOMP_RET_TRACE, &(int){ 0 });
	waitpid(p, &status, WSTOPPED);
	ptrace(PTRACE_SEIZE, p, 0, PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL);
	kill(p, SIGCONT);
	t0 = now();
	while (waitpid(p, &status, __WALL) == p && !WIFEXITED(status) &&
	       !WIFSIGNALED(status)) {
		struct __ptrace_syscall_info info;
		int sig = 0;

		if (status >> 16 == PTRACE_EVENT_SECCOMP)
			ptrace(PTRACE_GET_SYSCALL_INFO, p, sizeof(info), &info);
		else if (WIFSTOPPED(status) && WSTOPSIG(status) != SIGTRAP &&
			 (status >> 16) == 0)
			sig = WSTOPSIG(status);
		ptrace(PTRACE_CONT, p, 0, sig);
	}
	return now() - t0;
}

static double run_notif(long n, int sync)
{
	volatile int *slot = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	double t0;
	int pidfd, lfd, status;
	pid_t p;

	*slot = -1;
	p = fork();
	if (p == 0)
		child(n, SECCOMP_RET_USER_NOTIF, slot);
	while (*slot < 0)
		usleep(100);
	pidfd = (int)syscall(SYS_pidfd_open, p, 0);
	lfd = (int)syscall(SYS_pidfd_getfd, pidfd, *slot, 0);
	if (lfd < 0) {
		perror("pidfd_getfd");
		exit(1);
	}
	if (sync && ioctl(lfd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
			  SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP))
		fprintf(stderr, "notif_cost: SYNC_WAKE_UP: %s\n",
			strerror(errno));
	t0 = now();
	for (long i = 0; i < n; i++) {
		memset(&req, 0, sizeof(req));
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req))
			break;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	waitpid(p, &status, 0);
	close(lfd);
	close(pidfd);
	return now() - t0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	double t0 = now();

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	printf("native            %6.2f us/call\n", (now() - t0) / n * 1e6);
	printf("ptrace RET_TRACE  %6.2f us/call\n", run_trace(n) / n * 1e6);
	printf("user notif        %6.2f us/call\n", run_notif(n, 0) / n * 1e6);
	printf("user notif sync   %6.2f us/call\n", run_notif(n, 1) / n * 1e6);
	return 0;
}
