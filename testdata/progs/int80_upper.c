/*
 * int80_upper.c - an x86_64 program making i386 calls with int $0x80,
 * the upper halves of its registers poisoned: fcntl64(0, F_GETFD) and
 * fcntl64(0, F_GETFL), as the i386 calls read them (low halves), while
 * seccomp sees the whole registers.  Exits 0, 3 when this kernel runs no
 * i386 calls (ia32_emulation off), 1 when a call fails.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>

#define I386_GETPID 20
#define I386_FCNTL64 221
#define POISON 0x5ec0000100000000ull

static long int80(long nr, uint64_t b, uint64_t c)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(b), "c"(c)
			 /* The 64-bit caller's r8-r11 are lost. */
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	if (int80(I386_GETPID, 0, 0) <= 0)
		return 3;
	if (int80(I386_FCNTL64, POISON, POISON | F_GETFD) < 0 ||
	    int80(I386_FCNTL64, POISON, POISON | F_GETFL) < 0) {
		fprintf(stderr, "int80_upper: fcntl64 failed\n");
		return 1;
	}
	return 0;
}
