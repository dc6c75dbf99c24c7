/*
 * edge_strict.c - the tracee asks for strict mode,
 * prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) (validators README case 13).
 *
 * Natively (no filter) strict mode is entered: only read, write, exit and
 * rt_sigreturn are allowed from then on, so the program writes "strict:
 * entered" with write(2) and leaves with the exit system call (exit_group
 * would be fatal).  A task that already has a filter cannot switch to
 * strict mode: the kernel's seccomp_may_assign_mode refuses with EINVAL
 * (every kernel with filters, since 3.5).  That is the case under
 * sandprint (its own RET_TRACE filter) and in any container with a seccomp
 * profile, where the program writes "strict: EINVAL" and exits 0.
 *
 * Exit: 0 in both cases, with the line above on stdout; 2 prctl failed
 * with another error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static const char entered[] = "strict: entered\n";

	fflush(stdout);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) == 0) {
		(void)!write(1, entered, sizeof(entered) - 1);
		syscall(SYS_exit, 0);
	}
	if (errno != EINVAL) {
		fprintf(stderr, "strict: prctl: %s\n", strerror(errno));
		return 2;
	}
	printf("strict: EINVAL\n");
	return 0;
}
