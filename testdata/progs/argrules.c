/*
 * argrules.c - argument-level rules, seen from the workload.
 *
 * Usage: argrules seen | argrules neighbours
 *
 * seen: socket(AF_UNIX, SOCK_STREAM), prctl(PR_SET_NAME), ioctl(FIONREAD)
 *   on the socket, a read/write anonymous mmap; int arguments are passed
 *   with garbage in their upper 32 bits (the kernel ignores it, so must a
 *   filter).  Exit 0 when all succeed, 10 + step otherwise.
 * neighbours: the calls next to those: socket(AF_INET), prctl(
 *   PR_SET_DUMPABLE), ioctl(FIONBIO), a writable and executable mmap.
 *   Prints each one's result; exit 0 when every one was refused with
 *   EPERM (as under a profile recorded from "seen"), 20 + step for the
 *   first that was not.
 *
 * The neighbours' family, option, request and protection are read at
 * run time (from volatiles), not written at the calls.  Whatever this
 * program's code passes to libc's socket(), prctl(), ioctl() or mmap()
 * is something the loaded code can do, and static coverage allows it:
 * a constant (mmap's PROT_EXEC too: a guard is lifted by a constant in
 * code outside the C library, analyzer/argkind.def), and any value
 * where it computes one (but for a guard's bits).  So argrules_seen,
 * built from this file with SP_SEEN_ONLY, has no neighbours in its
 * code: recorded from it, a profile's neighbours are values neither the
 * recording nor the code holds, which it must refuse (tests/args.sh).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define POISON 0xdeadbeef00000000ul

static int check(int step, long r, const char *what, int want_refused)
{
	int refused = r == -1 && errno == EPERM;

	printf("%s: %s\n", what,
	       r == -1 ? strerror(errno) : "ok");
	if (want_refused ? refused : r != -1)
		return 0;
	return (want_refused ? 20 : 10) + step;
}

static int seen(void)
{
	int n = 0, rc;
	long fd = syscall(SYS_socket, POISON | AF_UNIX, SOCK_STREAM, 0);
	void *m;

	if ((rc = check(1, fd, "socket(AF_UNIX)", 0)))
		return rc;
	if ((rc = check(2, syscall(SYS_prctl, POISON | PR_SET_NAME, "ar"),
			"prctl(PR_SET_NAME)", 0)))
		return rc;
	if ((rc = check(3, syscall(SYS_ioctl, fd, POISON | FIONREAD, &n),
			"ioctl(FIONREAD)", 0)))
		return rc;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((rc = check(4, m == MAP_FAILED ? -1 : 0, "mmap(rw)", 0)))
		return rc;
	munmap(m, 4096);
	close((int)fd);
	return 0;
}

#ifndef SP_SEEN_ONLY
static volatile int family = AF_INET, option = PR_SET_DUMPABLE;
static volatile int prot = PROT_READ | PROT_WRITE | PROT_EXEC;
static volatile unsigned long request = FIONBIO;

static int neighbours(void)
{
	int one = 1, fd = socket(AF_UNIX, SOCK_STREAM, 0), rc;
	void *m;

	if ((rc = check(1, socket(family, SOCK_STREAM, 0), "socket(AF_INET)",
			1)))
		return rc;
	if ((rc = check(2, prctl(option, 1), "prctl(PR_SET_DUMPABLE)", 1)))
		return rc;
	if ((rc = check(3, ioctl(fd, request, &one), "ioctl(FIONBIO)", 1)))
		return rc;
	m = mmap(NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((rc = check(4, m == MAP_FAILED ? -1 : 0, "mmap(rwx)", 1)))
		return rc;
	return 0;
}
#endif

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "seen") == 0)
		return seen();
#ifndef SP_SEEN_ONLY
	if (argc == 2 && strcmp(argv[1], "neighbours") == 0)
		return neighbours();
#endif
	fprintf(stderr, "usage: argrules seen|neighbours\n");
	return 2;
}
