/*
 * fid_signals.c - counts the signals it is sent (tests/fidelity.sh).
 *
 * Usage: fid_signals SIG...   (names without "SIG": INT QUIT HUP USR1 ...)
 *   Catches each SIG and SIGTERM, writes "ready" on stdout, then waits.
 *   SIGTERM ends it: it prints "SIG N" for each SIG (how many times it
 *   came) and exits 0.  Signals sent one after the other to one process
 *   arrive in order, so a copy sent before SIGTERM is counted.
 * Usage: fid_signals raise SIG
 *   Dies of SIG (default disposition), as a program killed by it does.
 * Exit: 0; 2 bad usage or setup.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>


static volatile sig_atomic_t count[65];

static void on_signal(int sig)
{
	count[sig]++;
}

static int sig_of(const char *name)
{
	for (int sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && strcmp(abbrev, name) == 0)
			return sig;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t all, wait;

	if (argc == 3 && strcmp(argv[1], "raise") == 0) {
		int sig = sig_of(argv[2]);

		if (sig < 0)
			return 2;
		signal(sig, SIG_DFL);
		sigemptyset(&all);
		sigaddset(&all, sig);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		raise(sig);
		return 2;
	}
	/* Blocked but while waiting: none is lost between a check and the
	 * wait. */
	sigemptyset(&all);
	sigaddset(&all, SIGTERM);
	for (int i = 1; i < argc; i++) {
		int sig = sig_of(argv[i]);

		if (sig < 0)
			return 2;
		sigaddset(&all, sig);
	}
	sigprocmask(SIG_BLOCK, &all, &wait);
	sa.sa_mask = all;
	for (int i = 1; i < argc; i++)
		sigaction(sig_of(argv[i]), &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("ready\n");
	fflush(stdout);
	sigdelset(&wait, SIGTERM);
	for (int i = 1; i < argc; i++)
		sigdelset(&wait, sig_of(argv[i]));
	while (!count[SIGTERM])
		sigsuspend(&wait);
	for (int i = 1; i < argc; i++)
		printf("%s %d\n", argv[i], (int)count[sig_of(argv[i])]);
	return 0;
}
