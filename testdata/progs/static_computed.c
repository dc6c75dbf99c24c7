/*
 * static_computed: opens a datagram socket of the family its argument
 * names (a number; AF_UNIX without one), a value computed at run time,
 * as Tcl and curl hand getaddrinfo()'s family to socket(): no constant
 * at the import call.  tests/static_test.c: recorded with AF_UNIX, the
 * profile must let it open an AF_INET socket, since the program's own
 * code may pass any family to libc's wrapper.
 *
 * Exit: 0; 1 when the socket was refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int family = argc > 1 ? atoi(argv[1]) : AF_UNIX;
	int fd = socket(family, SOCK_DGRAM, 0);

	if (fd < 0) {
		perror("static_computed: socket");
		return 1;
	}
	close(fd);
	return 0;
}
