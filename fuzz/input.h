/* The parsers read files: a fuzz input becomes one (a memfd, named by its
 * /proc/self/fd path). */
#ifndef SP_FUZZ_INPUT_H
#define SP_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* Writes data into a new memfd and its path into path; returns the fd
 * (close it after use) or -1. */
static inline int sp_fuzz_file(const uint8_t *data, size_t size, char *path,
			       size_t len)
{
	int fd = memfd_create("sp-fuzz", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
