/*
 * many_patterns.c - more distinct call patterns than a recorder may have
 * room for: ioctl(-1, REQUEST, 0) for REQUEST = 0 .. N-1 (ioctl's request
 * is an argument the traces keep, so each is a pattern of its own; on fd
 * -1 every one fails with EBADF and does nothing).
 *
 * Usage: many_patterns N
 * Exit: 0 when every call failed with EBADF; 2 usage, 3 another outcome.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>

int main(int argc, char **argv)
{
	long n = argc == 2 ? strtol(argv[1], NULL, 10) : -1;

	if (n < 0) {
		fprintf(stderr, "usage: many_patterns N\n");
		return 2;
	}
	for (long i = 0; i < n; i++)
		if (ioctl(-1, (unsigned long)i, 0) != -1 || errno != EBADF)
			return 3;
	return 0;
}
