/*
 * static_unrecorded: opens a datagram socket at its own syscall
 * instruction when given an argument, and makes no socket without one
 * (its recording).  Built twice: static_unrecorded passes AF_INET as a
 * constant at the instruction; static_unrecorded_computed
 * (SP_COMPUTED) passes the family its argument names (a number), a
 * value computed at run time.  tests/static_test.c: recorded without
 * an argument, the profile allows the constant's socket, not another
 * family, and the computed one's of any family, of the constant type.
 *
 * Exit: 0; 1 when the socket was refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long fd;

	if (argc < 2)
		return 0;
#ifdef SP_COMPUTED
	__asm__ volatile("syscall"
			 : "=a"(fd)
			 : "0"((long)SYS_socket), "D"((long)atoi(argv[1])),
			   "S"((long)SOCK_DGRAM), "d"(0L)
			 : "rcx", "r11", "memory");
#else
	(void)argv;
	__asm__ volatile("syscall"
			 : "=a"(fd)
			 : "0"((long)SYS_socket), "D"((long)AF_INET),
			   "S"((long)SOCK_DGRAM), "d"(0L)
			 : "rcx", "r11", "memory");
#endif
	if (fd < 0) {
		fprintf(stderr, "static_unrecorded: socket: %ld\n", fd);
		return 1;
	}
	close((int)fd);
	return 0;
}
