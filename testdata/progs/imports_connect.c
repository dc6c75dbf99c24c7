/*
 * imports_connect: imports connect() (and socket()) from libc.  Without
 * arguments it never calls them: the recording has no socket(2) or
 * connect(2), so 'sandprint profile' must warn that connect was imported
 * but never exercised (tests/stacks_test.c).  With the argument "call" it
 * makes both (an AF_UNIX socket connecting to a path that does not exist:
 * connect fails with ENOENT, but the call is made), and no warning is due.
 * Exits 0.
 */
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Through pointers, so the compiler cannot drop the imports. */
static int (*volatile do_socket)(int, int, int) = socket;
static int (*volatile do_connect)(int, const struct sockaddr *,
				  socklen_t) = connect;

int main(int argc, char **argv)
{
	struct sockaddr_un sa;
	int fd;

	if (argc < 2 || strcmp(argv[1], "call") != 0)
		return 0;
	fd = do_socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, "/nonexistent/sandprint-imports-connect");
	do_connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return 0;
}
