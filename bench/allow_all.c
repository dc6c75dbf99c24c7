/*
 * allow_all CMD [ARG]... - runs CMD under a one-instruction seccomp filter
 * that allows every call (no_new_privs set): what any filter costs a
 * workload on this kernel, the floor for run --audit and record
 * --baseline, which install a filter that stops on nothing new.
 * Built by bench/run.sh (make allow_all); never part of the tests.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sock_filter allow[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 1, allow };

	if (argc < 2) {
		fprintf(stderr, "usage: allow_all CMD [ARG]...\n");
		return 2;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		fprintf(stderr, "allow_all: %s\n", strerror(errno));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "allow_all: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
