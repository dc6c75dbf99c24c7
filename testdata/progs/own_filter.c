/*
 * own_filter.c - the tracee installs its own seccomp filter.
 *
 * prctl(PR_SET_NO_NEW_PRIVS, 1) + seccomp(SECCOMP_SET_MODE_FILTER) with a
 * filter returning ERRNO(EPERM) for uname and getpgrp and ALLOW otherwise.
 * Then uname and getpgrp must fail with EPERM and getpid must work.
 *
 * Why it matters: ERRNO outranks TRACE, so a SECCOMP_RET_TRACE recorder gets
 * no seccomp stop for uname/getpgrp; but under a KILL-default profile that
 * lacks them, the container's KILL outranks this ERRNO and the program
 * dies. The recorder must list them anyway.
 *
 * Exit: 0 and "own_filter ok" on stdout on success; 2 prctl failed,
 * 3 seccomp failed, 4 uname did not fail with EPERM, 5 getpgrp did not fail
 * with EPERM, 6 getpid failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_uname, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getpgrp, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	struct sock_fprog prog = {
		.len = (unsigned short)(sizeof(f) / sizeof(f[0])),
		.filter = f,
	};
	struct utsname u;
	long r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		fprintf(stderr, "own_filter: prctl NO_NEW_PRIVS: %s\n",
			strerror(errno));
		return 2;
	}
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
		fprintf(stderr, "own_filter: seccomp: %s\n", strerror(errno));
		return 3;
	}
	errno = 0;
	r = uname(&u);
	if (r != -1 || errno != EPERM) {
		fprintf(stderr, "own_filter: uname: got %ld (%s), expected EPERM\n",
			r, strerror(errno));
		return 4;
	}
	errno = 0;
	r = syscall(SYS_getpgrp);
	if (r != -1 || errno != EPERM) {
		fprintf(stderr,
			"own_filter: getpgrp: got %ld (%s), expected EPERM\n",
			r, strerror(errno));
		return 5;
	}
	r = syscall(SYS_getpid);
	if (r <= 0) {
		fprintf(stderr, "own_filter: getpid: %s\n", strerror(errno));
		return 6;
	}
	printf("own_filter ok\n");
	return 0;
}
