/*
 * escape.c - a workload that then tries to do more than it did: what its
 * own recorded profile must hold it to.
 *
 * Usage: escape [ATTACK]
 *
 * Always first (what is recorded): an AF_INET SOCK_STREAM|SOCK_CLOEXEC
 * and an AF_INET SOCK_DGRAM socket, a thread (pthread_create: clone3 in
 * glibc 2.36, clone when clone3 fails with ENOSYS), a read/write and a
 * read-only anonymous mmap, mprotect and pkey_mprotect (no key) of the
 * read/write one to read-only.  Prints "workload ok".
 *
 * Then ATTACK, each a call next to those the workload made:
 *   raw     socket(AF_INET, SOCK_RAW = SOCK_STREAM | SOCK_DGRAM, ICMP)
 *   packet  socket(AF_INET, SOCK_PACKET, ETH_P_ALL), which the kernel
 *           makes an AF_PACKET socket (net/socket.c __sock_create): a
 *           family the recorded AF_INET is not; succeeds when the socket
 *           it returns is one
 *   clone3  clone3(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET): a child in
 *           new namespaces
 *   clone   clone(CLONE_NEWUSER | CLONE_NEWNET | SIGCHLD)
 *   pkey    pkey_mprotect(..., PROT_READ | PROT_WRITE | PROT_EXEC, -1)
 *   mprotect mprotect(..., PROT_READ | PROT_WRITE | PROT_EXEC)
 *   mmap    mmap(PROT_READ | PROT_WRITE | PROT_EXEC)
 *   persona personality(READ_IMPLIES_EXEC), then the workload's own
 *           mmap(PROT_READ | PROT_WRITE), which the kernel then makes
 *           executable (mm/mmap.c do_mmap): W+X memory without PROT_EXEC
 *           in any call; succeeds when code written there runs
 *   shm     shmat(SHM_EXEC) of a new System V segment: W+X memory through
 *           a flag of shmat (ipc/shm.c do_shmat); succeeds when code
 *           written there runs
 *
 * Static coverage allows what this program's code passes as constants
 * to libc's wrappers, guarded arguments included (analyzer/argkind.def:
 * a constant in code outside the C library is something that code does,
 * PROT_EXEC or a namespace bit alike): a socket type or a protection
 * written at the call would be allowed as code this program can run.
 * An attacker's value is not in the code, so every attack's value is
 * computed at run time (from volatiles).  That the C library's own
 * constants lift no guard is tests/static_test.c's
 * libc_own_exec_constant_lifts_no_guard.
 *
 * Exit: 0 when the workload ran and the attack was refused with an error
 * (printed: "refused: ATTACK: why"); 1 when the attack succeeded
 * ("ESCAPED: ATTACK"); 2 when the workload itself failed; 3 usage.  A
 * filter that kills the attack ends the process with SIGSYS instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	return arg;
}

static void *rw;

static int workload(void)
{
	long page = sysconf(_SC_PAGESIZE);
	static int token;
	pthread_t th;
	void *ro, *ret = NULL;
	int s1, s2;

	s1 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	s2 = socket(AF_INET, SOCK_DGRAM, 0);
	if (s1 < 0 || s2 < 0) {
		perror("escape: socket");
		return 2;
	}
	close(s1);
	close(s2);
	if (pthread_create(&th, NULL, thread_main, &token) ||
	    pthread_join(th, &ret) || ret != &token) {
		fprintf(stderr, "escape: thread failed\n");
		return 2;
	}
	rw = mmap(NULL, page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (rw == MAP_FAILED || ro == MAP_FAILED) {
		perror("escape: mmap");
		return 2;
	}
	if (mprotect(rw, page, PROT_READ) ||
	    syscall(SYS_pkey_mprotect, rw, page, PROT_READ, -1) ||
	    mprotect(rw, page, PROT_READ | PROT_WRITE)) {
		perror("escape: mprotect");
		return 2;
	}
	printf("workload ok\n");
	fflush(stdout);
	return 0;
}

static int result(const char *attack, long r)
{
	if (r == -1) {
		printf("refused: %s: %s\n", attack, strerror(errno));
		return 0;
	}
	printf("ESCAPED: %s\n", attack);
	return 1;
}

/* The attacks' values, read at run time: none is a constant at a call. */
static volatile int stream = SOCK_STREAM, dgram = SOCK_DGRAM;
static volatile int packet = SOCK_PACKET;
static volatile int rwx = PROT_READ | PROT_WRITE | PROT_EXEC;
static volatile unsigned long userns = CLONE_NEWUSER, netns = CLONE_NEWNET;
static volatile unsigned long readexec = READ_IMPLIES_EXEC;
static volatile int shmexec = SHM_EXEC;

/* Writes a ret instruction at m and runs it: the attack succeeded when
 * it returns (a page that is not executable faults instead). */
static int run_ret(const char *attack, void *m)
{
	*(volatile unsigned char *)m = 0xc3;
	((void (*)(void))m)();
	return result(attack, 0);
}

/* A child that only exits: the call's success is what counts. */
static long reap(long pid)
{
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, __WALL);
	return pid;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	const char *a = argc > 1 ? argv[1] : NULL;
	int rc = workload();

	if (rc || !a)
		return rc;
	if (strcmp(a, "raw") == 0)
		return result(a, socket(AF_INET, stream | dgram, IPPROTO_ICMP));
	if (strcmp(a, "packet") == 0) {
		int s = socket(AF_INET, packet, htons(ETH_P_ALL)), family = 0;
		socklen_t len = sizeof(family);

		if (s >= 0 && (getsockopt(s, SOL_SOCKET, SO_DOMAIN, &family,
					  &len) || family != AF_PACKET)) {
			printf("packet: a socket of family %d\n", family);
			return 2;
		}
		return result(a, s);
	}
	if (strcmp(a, "clone3") == 0) {
		struct clone_args ca;

		memset(&ca, 0, sizeof(ca));
		ca.flags = userns | CLONE_NEWNS | netns;
		ca.exit_signal = SIGCHLD;
		return result(a, reap(syscall(SYS_clone3, &ca, sizeof(ca))));
	}
	if (strcmp(a, "clone") == 0)
		return result(a, reap(syscall(SYS_clone, userns | netns | SIGCHLD,
					  0, 0, 0, 0)));
	if (strcmp(a, "pkey") == 0)
		return result(a, syscall(SYS_pkey_mprotect, rw, page, rwx, -1));
	if (strcmp(a, "mprotect") == 0)
		return result(a, mprotect(rw, page, rwx));
	if (strcmp(a, "mmap") == 0) {
		void *m = mmap(NULL, page, rwx, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		return result(a, m == MAP_FAILED ? -1 : 0);
	}
	if (strcmp(a, "persona") == 0) {
		void *m;

		if (personality(readexec) == -1)
			return result(a, -1);
		m = mmap(NULL, page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return result(a, -1);
		return run_ret(a, m);
	}
	if (strcmp(a, "shm") == 0) {
		int id = shmget(IPC_PRIVATE, (size_t)page, IPC_CREAT | 0700);
		void *m = id == -1 ? (void *)-1 : shmat(id, NULL, shmexec);

		if (id != -1)
			shmctl(id, IPC_RMID, NULL);
		if (m == (void *)-1)
			return result(a, -1);
		return run_ret(a, m);
	}
	fprintf(stderr, "usage: escape "
		"[raw|packet|clone3|clone|pkey|mprotect|mmap|persona|shm]\n");
	return 3;
}
