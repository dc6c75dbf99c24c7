/*
 * struct_args.c - calls whose argument points to a struct (no glibc
 * wrapper): a recorder keeps the flags the struct holds where it reads
 * them (clone3's clone_args, openat2's open_how) and drops any other
 * pointer (tests/inkernel.sh).  Built for x86_64 and, as struct_args32,
 * for i386.
 *
 * 1. openat2("/", {O_RDONLY|O_DIRECTORY|O_CLOEXEC}): a descriptor, closed.
 * 2. openat2 with an unreadable open_how (address 1): EFAULT.
 * 3. clone3 with exit signal SIGCHLD and no flags: a child that exits 0,
 *    waited for.
 * 4. i386 only: the old mmap (number 90, its arguments in a struct),
 *    4096 bytes anonymous, unmapped.
 * 5. Both again with their structs in pages nothing has touched yet (a
 *    memfd written with write(2), each struct in a mapping of its own,
 *    never read by the program): the kernel faults them in, a reader
 *    that cannot (a BPF program at sys_enter) finds no page there.
 *    openat2("/", {O_RDONLY|O_DIRECTORY}), clone3 with CLONE_CLEAR_SIGHAND
 *    and exit signal SIGCHLD.
 * 6. Under a filter of its own (allowing all: a recorder tells the calls
 *    it let through from those it refused), openat2("/",
 *    {O_RDONLY|O_DIRECTORY|O_NOFOLLOW}) from an untouched page again.
 *
 * Exit: 0 and "struct_args ok" on stdout; 2 openat2 failed, 3 the bad
 * openat2 did not fail with EFAULT, 4 clone3 failed, 5 the child's status,
 * 6 the old mmap failed, 7 the memfd failed, 8 the filter failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif

/* A fresh mapping of a memfd holding len bytes of data, untouched. */
static void *untouched(const void *data, size_t len)
{
	int fd = memfd_create("struct_args", MFD_CLOEXEC);
	void *p;

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		return MAP_FAILED;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	return p;
}

/* clone3 of args; the child exits 0 at once.  0, or the exit code. */
static int clone3_waited(struct clone_args *args)
{
	long pid = syscall(SYS_clone3, args, sizeof(*args));
	int st;

	if (pid == 0)
		_exit(0);
	if (pid < 0) {
		perror("struct_args: clone3");
		return 4;
	}
	if (waitpid((pid_t)pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		fprintf(stderr, "struct_args: child status %#x\n", st);
		return 5;
	}
	return 0;
}

int main(void)
{
	struct open_how how = { .flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC };
	struct clone_args ca, *cap;
	struct open_how *howp;
	long fd;
	int rc;

	fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
	if (fd < 0) {
		perror("struct_args: openat2");
		return 2;
	}
	close((int)fd);
	if (syscall(SYS_openat2, AT_FDCWD, "/", (void *)1, sizeof(how)) != -1 ||
	    errno != EFAULT) {
		fprintf(stderr, "struct_args: openat2 of address 1: %s\n",
			strerror(errno));
		return 3;
	}
	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	rc = clone3_waited(&ca);
	if (rc)
		return rc;
#if defined(__i386__)
	{
		/* struct mmap_arg_struct: addr, len, prot, flags, fd,
		 * offset.  Descriptor 0 (an anonymous map ignores it): read
		 * as a struct clone_args, these words would pass for one. */
		uint32_t a[6] = { 0, 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, 0, 0 };
		void *p = (void *)syscall(90, a);

		if (p == MAP_FAILED) {
			perror("struct_args: old mmap");
			return 6;
		}
		munmap(p, 4096);
	}
#endif
	how.flags = O_RDONLY | O_DIRECTORY;
	ca.flags = CLONE_CLEAR_SIGHAND;
	howp = untouched(&how, sizeof(how));
	cap = untouched(&ca, sizeof(ca));
	if (howp == MAP_FAILED || cap == MAP_FAILED) {
		perror("struct_args: memfd");
		return 7;
	}
	fd = syscall(SYS_openat2, AT_FDCWD, "/", howp, sizeof(how));
	if (fd < 0) {
		perror("struct_args: openat2 of an untouched page");
		return 2;
	}
	close((int)fd);
	rc = clone3_waited(cap);
	if (rc)
		return rc;
	{
		struct sock_filter allow[] = {
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = { 1, allow };

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
			perror("struct_args: seccomp");
			return 8;
		}
	}
	how.flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
	howp = untouched(&how, sizeof(how));
	if (howp == MAP_FAILED) {
		perror("struct_args: memfd");
		return 7;
	}
	fd = syscall(SYS_openat2, AT_FDCWD, "/", howp, sizeof(how));
	if (fd < 0) {
		perror("struct_args: openat2 under a filter");
		return 2;
	}
	close((int)fd);
	printf("struct_args ok\n");
	return 0;
}
