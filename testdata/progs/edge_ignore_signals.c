/*
 * edge_ignore_signals.c - a workload that ignores SIGINT, SIGTERM and
 * SIGHUP, for signals sent to sandprint (forwarded, then ignored): it must
 * run on and exit 0 as if nothing happened.
 *
 * Usage: edge_ignore_signals [MS]  (default 300): sets the three signals to
 * SIG_IGN, writes "ready" on stdout, sleeps MS milliseconds (resuming the
 * sleep if interrupted) and exits 0 with "ignore_signals ok".
 * Exit: 0; 2 sigaction failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 300;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (signal(SIGINT, SIG_IGN) == SIG_ERR ||
	    signal(SIGTERM, SIG_IGN) == SIG_ERR ||
	    signal(SIGHUP, SIG_IGN) == SIG_ERR)
		return 2;
	printf("ready\n");
	fflush(stdout);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	printf("ignore_signals ok\n");
	return 0;
}
