/*
 * memfd_objects.c - makes a memfd of the same name N times, one after
 * another, and maps each as code, as a process that runs a fresh copy of
 * a file per request does (runc's clone of itself, fexecve of a memfd, a
 * test built and run again): N files, one path.
 *
 * Usage: memfd_objects N
 * Exit: 0 when every one was mapped (PROT_READ | PROT_EXEC, private, one
 * page) and let go; 2 usage, 3 a memfd could not be made or mapped.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc == 2 ? atol(argv[1]) : -1;

	if (n < 0) {
		fprintf(stderr, "usage: memfd_objects N\n");
		return 2;
	}
	for (long i = 0; i < n; i++) {
		int fd = memfd_create("sp-object", MFD_CLOEXEC);
		void *p;

		if (fd < 0 || ftruncate(fd, 4096) ||
		    (p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE,
			      fd, 0)) == MAP_FAILED) {
			perror("memfd_objects");
			return 3;
		}
		munmap(p, 4096);
		close(fd);
	}
	return 0;
}
