/*
 * fid_eintr.c - loops of calls that cannot fail with EINTR natively, made
 * while a timer signal whose handler has no SA_RESTART comes every
 * 100 µs; and one that must (a read of an empty pipe).  A recorder that
 * lets a signal take a call out of its wait for the recorder before the
 * call ran turns it into EINTR (tests/fidelity.sh).
 *
 * Usage: fid_eintr MODE [N]
 *   stdio FILE  N lines with fprintf into FILE (a regular file), line
 *               buffered (one write each, as a terminal or `stdbuf -oL`
 *               would have it); prints the lines in the file and ferror
 *   pread FILE  N pread(2) of the same 64 bytes of FILE (a regular file)
 *   sock        N one-byte recv(2) of a socket whose peer sent N bytes
 *               beforehand (the data is there for each)
 *   pipe        N one-byte reads of a pipe filled beforehand
 *   futex       N FUTEX_WAIT on a word that holds another value (EAGAIN
 *               at once, never a sleep)
 *   open        N opens of a file that does not exist (ENOENT at once)
 *   empty       one read of an empty pipe, then one recv(2) of an empty
 *               socket: natively each fails with EINTR
 * Each prints what it saw, then "signals yes" when the timer came at least
 * once ("signals no" otherwise: the run proved nothing).  The loops stop
 * the timer after SIGNALS_MAX signals: natively a loop sees a few hundred,
 * but under a recorder whose stops for a signal cost more than the
 * period (ptrace stops on a slow machine: 50-60 µs each here) the loop
 * would spend every period in them and hardly move on.
 * Exit: 0; 2 setup failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_alarm(int sig)
{
	(void)sig;
	handled++;
}

#define SIGNALS_MAX 5000

static void timer(long usec)
{
	struct itimerval it = { { 0, usec }, { 0, usec } };

	if (setitimer(ITIMER_REAL, &it, NULL)) {
		perror("fid_eintr: setitimer");
		exit(2);
	}
}

/* In each loop's turn: the timer stops once it has come SIGNALS_MAX
 * times. */
static void enough(void)
{
	static int stopped;

	if (!stopped && handled >= SIGNALS_MAX) {
		timer(0);
		stopped = 1;
	}
}

static void fail(const char *what)
{
	perror(what);
	exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	const char *mode = argc > 1 ? argv[1] : "";
	const char *file = argc > 2 ? argv[2] : "fid_eintr.data";
	long n = argc > 3 ? atol(argv[3]) : argc > 2 ? atol(argv[2]) : 1000;
	long eintr = 0;
	char buf[64];

	if (sigaction(SIGALRM, &sa, NULL))
		fail("fid_eintr: sigaction");
	if (strcmp(mode, "stdio") == 0) {
		FILE *f = fopen(file, "w");
		long lines = 0;
		int err;

		if (!f || setvbuf(f, NULL, _IOLBF, 0))
			fail("fid_eintr: fopen");
		timer(100);
		for (long i = 0; i < n; i++) {
			fprintf(f, "line %ld\n", i);
			enough();
		}
		timer(0);
		err = ferror(f);
		fclose(f);
		f = fopen(file, "r");
		if (!f)
			fail("fid_eintr: fopen");
		while (fgets(buf, sizeof(buf), f))
			lines++;
		fclose(f);
		printf("stdio lines %ld ferror %d\n", lines, err != 0);
	} else if (strcmp(mode, "pread") == 0) {
		int fd = open(file, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);

		memset(buf, 'x', sizeof(buf));
		if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf))
			fail("fid_eintr: pread file");
		timer(100);
		for (long i = 0; i < n; i++, enough())
			if (pread(fd, buf, sizeof(buf), 0) < 0 && errno == EINTR)
				eintr++;
		timer(0);
		printf("pread eintr %ld\n", eintr);
	} else if (strcmp(mode, "sock") == 0) {
		static char fill[60000];
		int sv[2];

		if (n > (long)sizeof(fill))
			n = sizeof(fill);
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) ||
		    send(sv[0], fill, (size_t)n, 0) != (ssize_t)n)
			fail("fid_eintr: socketpair");
		timer(100);
		for (long i = 0; i < n; i++, enough())
			if (recv(sv[1], buf, 1, 0) < 0 && errno == EINTR)
				eintr++;
		timer(0);
		printf("sock eintr %ld\n", eintr);
	} else if (strcmp(mode, "pipe") == 0) {
		static char fill[60000];
		int p[2];

		if (n > (long)sizeof(fill))
			n = sizeof(fill);
		if (pipe2(p, O_CLOEXEC) ||
		    write(p[1], fill, (size_t)n) != (ssize_t)n)
			fail("fid_eintr: pipe");
		timer(100);
		for (long i = 0; i < n; i++, enough())
			if (read(p[0], buf, 1) < 0 && errno == EINTR)
				eintr++;
		timer(0);
		printf("pipe eintr %ld\n", eintr);
	} else if (strcmp(mode, "futex") == 0) {
		static uint32_t word = 1;

		timer(100);
		for (long i = 0; i < n; i++, enough())
			if (syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 2,
				    NULL, NULL, 0) < 0 && errno == EINTR)
				eintr++;
		timer(0);
		printf("futex eintr %ld\n", eintr);
	} else if (strcmp(mode, "open") == 0) {
		timer(100);
		for (long i = 0; i < n; i++, enough())
			if (open("fid_eintr.missing", O_RDONLY | O_CLOEXEC) < 0 &&
			    errno == EINTR)
				eintr++;
		timer(0);
		printf("open eintr %ld\n", eintr);
	} else if (strcmp(mode, "empty") == 0) {
		int p[2], sv[2];
		ssize_t r;

		if (pipe2(p, O_CLOEXEC) ||
		    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
			fail("fid_eintr: pipe");
		timer(1000);
		r = read(p[0], buf, 1);
		timer(0);
		printf("empty %s\n", r < 0 && errno == EINTR ? "EINTR" :
								"no EINTR");
		timer(1000);
		r = recv(sv[1], buf, 1, 0);
		timer(0);
		printf("empty socket %s\n", r < 0 && errno == EINTR ?
						    "EINTR" : "no EINTR");
	} else {
		fprintf(stderr, "usage: fid_eintr stdio|pread FILE [N] | "
				"sock|pipe|futex|open [N] | empty\n");
		return 2;
	}
	printf("signals %s\n", handled ? "yes" : "no");
	return 0;
}
