/*
 * crash.c - writes "crash: about to crash" to stdout, then raises SIGSEGV.
 * Expected exit status from a shell or runtime: 139 (128 + SIGSEGV).
 *
 * As PID 1 of a PID namespace (crun/runc default), signals sent to oneself
 * without a handler are ignored, so raise() returns; then a real fault
 * (write through a null pointer) follows, which the kernel forces even on
 * a namespace init.
 *
 * Exit: killed by SIGSEGV; 2 if the process somehow survives both.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "crash: about to crash\n";
	volatile int *volatile nullp = NULL;

	if (write(1, msg, sizeof(msg) - 1) < 0)
		return 3;
	raise(SIGSEGV);
	*nullp = 1;
	fprintf(stderr, "crash: still alive after SIGSEGV\n");
	return 2;
}
