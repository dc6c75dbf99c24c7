/*
 * many_objects.c - maps every file of a directory as code, one after
 * another as fast as it can: a burst of new objects for a recorder to
 * name (the dynamic loader maps libraries so, a few at a time).
 *
 * Usage: many_objects DIR
 * Exit: 0 when every regular file was mapped (PROT_READ | PROT_EXEC,
 * private, one page); 2 usage, 3 a file could not be opened or mapped.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct dirent *e;
	DIR *d;
	int dfd;

	if (argc != 2 || !(d = opendir(argv[1]))) {
		fprintf(stderr, "usage: many_objects DIR\n");
		return 2;
	}
	dfd = dirfd(d);
	while ((e = readdir(d))) {
		int fd;

		if (e->d_type != DT_REG)
			continue;
		fd = openat(dfd, e->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || mmap(NULL, 4096, PROT_READ | PROT_EXEC,
				   MAP_PRIVATE, fd, 0) == MAP_FAILED) {
			perror(e->d_name);
			return 3;
		}
		close(fd);
	}
	return 0;
}
