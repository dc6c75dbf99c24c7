/*
 * libsp_static_jit.so: a just-in-time compiler in miniature, as PCRE2's
 * (sljit's executable allocator) and libffi's closures are: code outside
 * the C library that asks libc's mmap() for memory both writable and
 * executable, PROT_READ | PROT_WRITE | PROT_EXEC a constant at its call,
 * writes a function there and runs it.  static_jit links it.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>

/* "mov $42, %eax; ret" */
static const unsigned char code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

/* 42 when the compiled function ran, -1 when the memory was refused. */
int sp_jit_run(void)
{
	void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int (*fn)(void);
	int r;

	if (m == MAP_FAILED)
		return -1;
	memcpy(m, code, sizeof(code));
	fn = (int (*)(void))m;
	r = fn();
	munmap(m, 4096);
	return r;
}
