/*
 * libsp_static_cb.so: a shared library for tests/static_test.c, linked
 * without the C start files (so it has no initializer and makes no call
 * through a pointer of its own).  sp_cb_sort hands its comparison
 * function to libc's qsort(3), which calls it: the static analysis must
 * count the comparison's munlockall(2), reached through a pointer that
 * another object calls.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>

static int compare(const void *a, const void *b)
{
	munlockall();
	return *(const int *)a - *(const int *)b;
}

void sp_cb_sort(int *v, size_t n)
{
	qsort(v, n, sizeof(*v), compare);
}
