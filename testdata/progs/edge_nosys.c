/*
 * edge_nosys.c - system call numbers no kernel table names (validators
 * README case 14): syscall(-1), syscall(999) and an x32 number
 * (0x40000000 | 39) on a kernel without x32.  Each fails with ENOSYS,
 * traced or not (kernel selftest negative_ENOSYS, commit 4c6614dc86ad).
 * A seccomp filter still runs for them: a filter's default action
 * decides, since no rule can name them.
 *
 * Prints one line per number: "NR: ENOSYS" or "NR: <errno name>" (EPERM
 * under a profile whose default action is ERRNO(EPERM)), "NR: returned"
 * if the call succeeded.  Exit: 0 (always, unless killed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const long nrs[] = { -1, 999, 0x40000000 | 39 };

	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		long r = syscall(nrs[i]);

		if (r >= 0)
			printf("%ld: returned\n", nrs[i]);
		else
			printf("%ld: %s\n", nrs[i],
			       errno == ENOSYS ? "ENOSYS" :
			       errno == EPERM ? "EPERM" : strerror(errno));
	}
	return 0;
}
