/*
 * edge_undumpable.c - a process that makes itself undumpable
 * (PR_SET_DUMPABLE 0, as daemons keeping secrets do), then maps the file
 * argv[1] as code and forks a child (undumpable too) that calls socket(2)
 * as it does.  /proc then keeps its descriptors and executable from a
 * tracer without CAP_SYS_PTRACE.
 *
 * Prints "dumpable 0" and exits 0.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	void *code;
	pid_t child;
	int fd, status;

	if (argc != 2 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) {
		fprintf(stderr, "usage: edge_undumpable FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	code = fd < 0 ? MAP_FAILED :
			mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (code == MAP_FAILED) {
		perror(argv[1]);
		return 3;
	}
	child = fork();
	if (child == 0)
		_exit(socket(AF_UNIX, SOCK_STREAM, 0) < 0 ? 4 : 0);
	if (child < 0 || waitpid(child, &status, 0) != child || status) {
		fprintf(stderr, "edge_undumpable: child failed\n");
		return 5;
	}
	if (socket(AF_UNIX, SOCK_DGRAM, 0) < 0) {
		perror("socket");
		return 6;
	}
	printf("dumpable %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	return 0;
}
