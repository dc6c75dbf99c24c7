/*
 * syscalls.c - a fixed, documented syscall sequence with poisoned upper 32
 * bits in arguments whose kernel type is 32 bits wide (int / unsigned
 * int). The kernel's syscall wrappers truncate those to 32 bits, so the
 * calls succeed; but a seccomp filter sees the full 64-bit register, so a
 * recorder/profile that truncates values (or compares them as 64 bits
 * without recording the upper half) gets them wrong.
 *
 * The sequence (after the C runtime's start-up and before its exit):
 *   1. socket(POISON|AF_UNIX, POISON|SOCK_STREAM, POISON|0)  -> fd
 *        (all three are int in the kernel)
 *   2. prctl(POISON|PR_SET_NAME, "sp")       (option is int)
 *   3. prctl(PR_GET_NAME, buf)                -> buf must be "sp"
 *   4. ioctl(POISON|fd, POISON|FIONREAD, &n)  (unsigned int fd, cmd) -> n 0
 *   5. mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS,
 *           -1, 0), write to it, munmap(p, 4096)   (no poison: unsigned long)
 *   6. getppid()
 *   7. close(POISON|fd)                       (unsigned int)
 *   8. write(1, ...) of the result lines
 * POISON is 0xdeadbeef00000000.
 *
 * Exit: 0 and "syscalls ok" on stdout on success; 2 socket, 3 prctl set,
 * 4 prctl get / wrong name, 5 ioctl, 6 mmap, 7 munmap, 8 getppid,
 * 9 close failed.
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

#define POISON 0xdeadbeef00000000UL

static int fail(int code, const char *what)
{
	fprintf(stderr, "syscalls: %s: %s\n", what, strerror(errno));
	return code;
}

int main(void)
{
	char name[16] = "";
	int n = -1;
	long fd, r;
	void *p;

	fd = syscall(SYS_socket, POISON | AF_UNIX, POISON | SOCK_STREAM,
		     POISON | 0);
	if (fd < 0)
		return fail(2, "socket");
	if (syscall(SYS_prctl, POISON | PR_SET_NAME, "sp", 0, 0, 0) != 0)
		return fail(3, "prctl PR_SET_NAME");
	if (syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0) != 0)
		return fail(4, "prctl PR_GET_NAME");
	if (strcmp(name, "sp") != 0) {
		errno = EINVAL;
		return fail(4, "prctl PR_GET_NAME: name is not \"sp\"");
	}
	r = syscall(SYS_ioctl, POISON | (unsigned long)fd,
		    POISON | FIONREAD, &n);
	if (r != 0 || n != 0)
		return fail(5, "ioctl FIONREAD");
	p = (void *)syscall(SYS_mmap, NULL, 4096UL, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1L, 0L);
	if (p == MAP_FAILED)
		return fail(6, "mmap");
	memset(p, 0x5a, 4096);
	if (syscall(SYS_munmap, p, 4096UL) != 0)
		return fail(7, "munmap");
	if (syscall(SYS_getppid) < 0)
		return fail(8, "getppid");
	if (syscall(SYS_close, POISON | (unsigned long)fd) != 0)
		return fail(9, "close");
	printf("syscalls ok\n");
	return 0;
}
