/*
 * fid_memfd_exec.c - runs itself again from a memfd (tests/fidelity.sh),
 * as runc and systemd run a sealed copy of themselves: fexecve(3) of a
 * file with no path.  The kernel names it "/memfd:NAME (deleted)"
 * (/proc/PID/exe); a recorder names the executable so too.
 *
 * Usage: fid_memfd_exec [child]
 *   Copies /proc/self/exe into a memfd named "sp-fid" and runs it with
 *   "child", which prints "child ran" and exits 3.
 * Exit: 3 (the child's); 2 when the copy or the exec failed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	char *child[] = { argv[0], "child", NULL };
	struct stat st;
	int src, m;

	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		printf("child ran\n");
		return 3;
	}
	src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	m = memfd_create("sp-fid", MFD_CLOEXEC);
	if (src < 0 || m < 0 || fstat(src, &st) ||
	    sendfile(m, src, NULL, (size_t)st.st_size) != st.st_size) {
		perror("fid_memfd_exec: copy");
		return 2;
	}
	fexecve(m, child, environ);
	perror("fid_memfd_exec: fexecve");
	return 2;
}
