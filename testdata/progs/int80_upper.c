/*
 * int80_upper.c - an x86_64 program making i386 calls with int $0x80,
 * the upper halves of its registers poisoned, as the i386 calls read them
 * (low halves), while seccomp and ptrace see the whole registers:
 *
 * 1. fcntl64(0, F_GETFD) and fcntl64(0, F_GETFL);
 * 2. openat2(AT_FDCWD, "/", {O_RDONLY|O_DIRECTORY}), its pointers too
 *    (the struct where the low half points: a recorder reads the flags
 *    there), the descriptor closed;
 * 3. clone3({CLONE_UNTRACED, exit signal SIGCHLD}), the same: a child
 *    that exits 0 at once (by an i386 exit), waited for.  A tracer that
 *    reads the struct elsewhere cannot clear CLONE_UNTRACED: the child's
 *    calls go unrecorded.
 * 4. seccomp(SECCOMP_SET_MODE_FILTER) of a filter refusing i386's getpid
 *    with EPERM (its operation poisoned, its struct sock_fprog i386's),
 *    then getpid, refused: a tracer that does not see a filter installed
 *    misses the calls it refuses.
 *
 * Exits 0, 3 when this kernel runs no i386 calls (ia32_emulation off), 1
 * when a call fails.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define I386_EXIT 1
#define I386_GETPID 20
#define I386_CLOSE 6
#define I386_FCNTL64 221
#define I386_CLONE3 435
#define I386_OPENAT2 437
#define I386_SECCOMP 354
#define POISON 0x5ec0000100000000ull

static long int80(long nr, uint64_t b, uint64_t c, uint64_t d, uint64_t s)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(b), "c"(c), "d"(d), "S"(s)
			 /* The 64-bit caller's r8-r11 are lost. */
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	/* Below 4 GiB, where an i386 call's pointers reach. */
	char *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	struct open_how *how = (struct open_how *)low;
	struct clone_args *ca = (struct clone_args *)(low + 512);
	char *root = low + 1024;
	struct sock_filter *insns = (struct sock_filter *)(low + 2048);
	struct {
		uint16_t len;
		uint32_t filter;
	} *prog = (void *)(low + 1536);
	static const struct sock_filter refuse_getpid[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, I386_GETPID, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	int st;
	long fd, pid;

	if (int80(I386_GETPID, 0, 0, 0, 0) <= 0)
		return 3;
	if (int80(I386_FCNTL64, POISON, POISON | F_GETFD, 0, 0) < 0 ||
	    int80(I386_FCNTL64, POISON, POISON | F_GETFL, 0, 0) < 0) {
		fprintf(stderr, "int80_upper: fcntl64 failed\n");
		return 1;
	}
	if (low == MAP_FAILED) {
		perror("int80_upper: mmap");
		return 1;
	}
	how->flags = O_RDONLY | O_DIRECTORY;
	strcpy(root, "/");
	fd = int80(I386_OPENAT2, POISON | (uint32_t)AT_FDCWD,
		   POISON | (uintptr_t)root, POISON | (uintptr_t)how,
		   POISON | sizeof(*how));
	if (fd < 0 || int80(I386_CLOSE, POISON | (uint64_t)fd, 0, 0, 0)) {
		fprintf(stderr, "int80_upper: openat2: %ld\n", fd);
		return 1;
	}
	ca->flags = CLONE_UNTRACED;
	ca->exit_signal = SIGCHLD;
	pid = int80(I386_CLONE3, POISON | (uintptr_t)ca,
		    POISON | sizeof(*ca), 0, 0);
	if (pid == 0)
		int80(I386_EXIT, 0, 0, 0, 0);
	if (pid < 0 || waitpid((pid_t)pid, &st, 0) != pid ||
	    !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "int80_upper: clone3: %ld\n", pid);
		return 1;
	}
	memcpy(insns, refuse_getpid, sizeof(refuse_getpid));
	prog->len = sizeof(refuse_getpid) / sizeof(refuse_getpid[0]);
	prog->filter = (uint32_t)(uintptr_t)insns;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    int80(I386_SECCOMP, POISON | SECCOMP_SET_MODE_FILTER, POISON,
		  POISON | (uintptr_t)prog, 0) ||
	    int80(I386_GETPID, 0, 0, 0, 0) != -EPERM) {
		fprintf(stderr, "int80_upper: seccomp\n");
		return 1;
	}
	return 0;
}
