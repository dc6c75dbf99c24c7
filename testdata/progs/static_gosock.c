/*
 * static_gosock: a Go program in miniature (a .go.buildinfo section, as
 * static_gomark's) that opens a datagram socket at its own syscall
 * instruction, of the family its argument names (a number; AF_UNIX
 * without one), as Go's syscall package hands on the family its net
 * package computes: no C library in between, no constant at the site.
 * tests/static_test.c: recorded with AF_UNIX, the profile must let it
 * open an AF_INET socket.
 *
 * Exit: 0; 1 when the socket was refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((section(".go.buildinfo"), used))
static const char buildinfo[32] = "\xff Go buildinf:";

int main(int argc, char **argv)
{
	long family = argc > 1 ? atoi(argv[1]) : AF_UNIX, fd;

	__asm__ volatile("syscall"
			 : "=a"(fd)
			 : "0"((long)SYS_socket), "D"(family),
			   "S"((long)SOCK_DGRAM), "d"(0L)
			 : "rcx", "r11", "memory");
	if (fd < 0) {
		fprintf(stderr, "static_gosock: socket: %ld\n", fd);
		return 1;
	}
	close((int)fd);
	return 0;
}
