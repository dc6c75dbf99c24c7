/*
 * nr_upper.c - system call numbers with bits set above their low 32: the
 * kernel takes the number as an int (arch/x86/entry: "syscall numbers
 * are treated as int"), seccomp and ptrace report it so, and the
 * register keeps the whole.  Under a filter of its own (allowing all, so
 * that a recorder must tell the calls it refused from those it let
 * through), x86_64's getpid as 0x100000000 | 39, 0x80000000 (INT_MIN:
 * ENOSYS), 0x100000000 | 1000 (1000: ENOSYS), and i386's getpid by
 * int $0x80 as 0x100000000 | 20.
 *
 * Exit: 0 and "nr_upper ok" on stdout; 1 the filter, 2 a getpid not the
 * pid, 3 another call returned other than ENOSYS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static long raw(unsigned long nr)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr)
			 : "rcx", "r11", "memory");
	return ret;
}

static long int80(unsigned long nr)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	struct sock_filter allow[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 1, allow };
	long pid = getpid(), i386;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return 1;
	if (raw(0x100000000ul | SYS_getpid) != pid)
		return 2;
	if (raw(0x80000000ul) != -ENOSYS || raw(0x100000000ul | 1000) != -ENOSYS)
		return 3;
	/* ENOSYS where the kernel runs no i386 calls. */
	i386 = int80(0x100000000ul | 20);
	if (i386 != pid && i386 != -ENOSYS)
		return 2;
	printf("nr_upper ok\n");
	return 0;
}
