/*
 * jit_memfd.c - runs code it writes itself through a memfd mapped twice,
 * as a JIT compiler does that keeps no page writable and executable at
 * once (BEAM's JIT, .NET's double mapping): one view read/write, one
 * read/execute, both MAP_SHARED of the same memfd.  That memory is no
 * program image: a recorder must not take the memfd for a library it
 * loaded.  With "private", the executable view is a private mapping
 * of the memfd, as a loader maps a library (dlopen of a memfd).  With
 * "wait", it then reads its standard input to its end before it exits
 * (for a recorder to attach to it with the views in place).
 *
 * Usage: jit_memfd [private] [wait]
 * Exit: 0 when the code it wrote returned 42 (it prints "42"); 2 usage,
 * 3 the memfd could not be made or mapped.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	/* mov $42, %eax; ret */
	static const unsigned char code[] = { 0xb8, 0x2a, 0, 0, 0, 0xc3 };
	int shared = 1, wait = 0, fd;
	unsigned char *rw;
	int (*fn)(void);
	char buf[64];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "private")) {
			shared = 0;
		} else if (!strcmp(argv[i], "wait")) {
			wait = 1;
		} else {
			fprintf(stderr, "usage: jit_memfd [private] [wait]\n");
			return 2;
		}
	}
	fd = memfd_create("sp-jit", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, 4096))
		return 3;
	rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (rw == MAP_FAILED)
		return 3;
	memcpy(rw, code, sizeof(code));
	fn = (int (*)(void))mmap(NULL, 4096, PROT_READ | PROT_EXEC,
				 shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
	if ((void *)fn == MAP_FAILED)
		return 3;
	printf("%d\n", fn());
	fflush(stdout);
	while (wait && read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}
