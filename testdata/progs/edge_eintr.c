/*
 * edge_eintr.c - calls that never fail with EINTR natively, made while a
 * timer signal with a handler WITHOUT SA_RESTART keeps coming (every
 * 100 µs).  Natively none of them can fail with EINTR: fstat and close
 * do not sleep interruptibly, fork restarts (-ERESTARTNOINTR) whatever
 * the handler's flags.  A tracer that lets a call see the signal before
 * the call has run (a seccomp user notification not yet read when the
 * signal comes: the call returns -ERESTARTSYS, which this handler turns
 * into EINTR) makes them fail: dash's "Cannot fork" in a pipeline.
 * Last, a read from an empty pipe must fail with EINTR, as it does
 * natively: a tracer that restarted every interrupted call would hang it.
 * After SIGNALS_MAX signals the timer slows to every 10 ms: natively the
 * loop sees a few hundred, but under a recorder whose stops for a signal
 * cost more than 100 µs (ptrace stops on a slow machine) the loop would
 * spend every period in them and hardly move on.
 *
 * Usage: edge_eintr [ROUNDS] (default 3000).
 * Exit: 0 and "eintr ok" on stdout; 1 a call failed with EINTR (counts
 * on stderr); 2 setup failed; 3 no signal came at all (the test would
 * prove nothing); 4 the read from the empty pipe did not fail with EINTR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIGNALS_MAX 5000

static volatile sig_atomic_t handled;

static void on_alarm(int sig)
{
	(void)sig;
	handled++;
}

int main(int argc, char **argv)
{
	struct itimerval every = { { 0, 100 }, { 0, 100 } };
	struct itimerval slower = { { 0, 10000 }, { 0, 10000 } };
	int slowed = 0;
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	long rounds = argc > 1 ? atol(argv[1]) : 3000;
	long eintr_fstat = 0, eintr_close = 0, eintr_fork = 0, eintr_open = 0;
	struct stat st;
	int pfd[2];
	char c;

	if (pipe(pfd) || sigaction(SIGALRM, &sa, NULL) || setitimer(ITIMER_REAL, &every,
						       NULL)) {
		perror("edge_eintr: setup");
		return 2;
	}
	for (long i = 0; i < rounds; i++) {
		pid_t pid;
		int fd;

		if (!slowed && handled >= SIGNALS_MAX) {
			setitimer(ITIMER_REAL, &slower, NULL);
			slowed = 1;
		}
		if (fstat(1, &st) && errno == EINTR)
			eintr_fstat++;
		if (close(-1) && errno == EINTR)
			eintr_close++;
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == EINTR)
			eintr_open++;
		else if (fd >= 0)
			close(fd);
		if (i % 30)
			continue;
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0 && errno == EINTR)
			eintr_fork++;
		/* wait4 may fail with EINTR natively here: retry. */
		while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (read(pfd[0], &c, 1) != -1 || errno != EINTR) {
		fprintf(stderr, "edge_eintr: read from an empty pipe did not "
				"fail with EINTR\n");
		return 4;
	}
	setitimer(ITIMER_REAL, &(struct itimerval){ 0 }, NULL);
	if (eintr_fstat + eintr_close + eintr_fork + eintr_open) {
		fprintf(stderr,
			"edge_eintr: EINTR from fstat %ld, close %ld, open "
			"%ld, fork %ld (%d signals)\n",
			eintr_fstat, eintr_close, eintr_open, eintr_fork,
			(int)handled);
		return 1;
	}
	if (!handled) {
		fprintf(stderr, "edge_eintr: no signal came\n");
		return 3;
	}
	puts("eintr ok");
	return 0;
}
