/*
 * many_patterns.c - more distinct call patterns than a recorder may have
 * room for: ioctl(-1, REQUEST, 0) for REQUEST = 0 .. N-1 (ioctl's request
 * is an argument the traces keep, so each is a pattern of its own; on fd
 * -1 every one fails with EBADF and does nothing), then, given M, the
 * numbers FIRST_UNKNOWN .. FIRST_UNKNOWN + M - 1, which no ABI has (each
 * fails with ENOSYS): patterns that keep no argument, one per number.
 *
 * Usage: many_patterns N [M]
 * Exit: 0 when every call failed as said; 2 usage, 3 another outcome.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Far above every ABI's table, below the x32 bit. */
#define FIRST_UNKNOWN 100000L

int main(int argc, char **argv)
{
	long n = argc >= 2 && argc <= 3 ? strtol(argv[1], NULL, 10) : -1;
	long m = argc == 3 ? strtol(argv[2], NULL, 10) : 0;

	if (n < 0 || m < 0) {
		fprintf(stderr, "usage: many_patterns N [M]\n");
		return 2;
	}
	for (long i = 0; i < n; i++)
		if (ioctl(-1, (unsigned long)i, 0) != -1 || errno != EBADF)
			return 3;
	for (long i = 0; i < m; i++)
		if (syscall(FIRST_UNKNOWN + i) != -1 || errno != ENOSYS)
			return 3;
	return 0;
}
