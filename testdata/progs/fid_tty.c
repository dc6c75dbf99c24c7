/*
 * fid_tty.c - a workload on a terminal (tests/fidelity.sh): writes a
 * prompt, waits 600 ms (longer than a status line's refresh), writes its
 * answer.  Nothing but it may write on its terminal meanwhile.
 *
 * Exit: 0.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec ts = { 0, 600 * 1000 * 1000 };

	fputs("prompt> ", stdout);
	fflush(stdout);
	while (nanosleep(&ts, &ts))
		;
	puts("answer");
	return 0;
}
