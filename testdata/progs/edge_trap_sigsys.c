/*
 * edge_trap_sigsys.c - the tracee's own filter returns SECCOMP_RET_TRAP and
 * a SIGSYS handler fakes the call's result (validators README cases 11 and
 * 12; the kernel selftest FIXTURE(TRAP)).  The SIGSYS the kernel sends
 * must be delivered, not swallowed by the tracer.
 *
 * prctl(PR_SET_NO_NEW_PRIVS) + seccomp(SET_MODE_FILTER) with a filter that
 * TRAPs getppid and allows everything else; the handler checks si_code
 * (SYS_SECCOMP) and si_syscall, and sets the return register to 4242.
 * getppid() must then return 4242, twice, with two SIGSYS delivered.
 *
 * Exit: 0 and "trap_sigsys ok" on stdout on success; 2 prctl/sigaction
 * failed, 3 seccomp failed, 4 getppid did not return the faked value,
 * 5 the handler did not run twice or saw the wrong siginfo.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t traps, bad;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *ctx = uc;

	(void)sig;
	if (si->si_code != 1 /* SYS_SECCOMP */ ||
	    si->si_syscall != SYS_getppid)
		bad = 1;
	ctx->uc_mcontext.gregs[REG_RAX] = 4242;
	traps++;
}

int main(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(insns) / sizeof(insns[0]), insns };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return 2;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		fprintf(stderr, "trap_sigsys: seccomp: %s\n", strerror(errno));
		return 3;
	}
	for (int i = 0; i < 2; i++) {
		long r = syscall(SYS_getppid);

		if (r != 4242) {
			fprintf(stderr, "trap_sigsys: getppid returned %ld\n",
				r);
			return 4;
		}
	}
	if (traps != 2 || bad) {
		fprintf(stderr, "trap_sigsys: %d traps, bad=%d\n", (int)traps,
			(int)bad);
		return 5;
	}
	printf("trap_sigsys ok\n");
	return 0;
}
