/*
 * libsp_static_lib.so: a shared library for tests/static_test.c.
 * static_uselib links it and imports sp_lib_lock only: the static
 * analysis must follow that import to flock(2), and must not count
 * sp_lib_unused (nobody imports it) and its chroot(2) — unless the
 * library is loaded with dlopen (static_dlopen), when all of it counts.
 */
#define _GNU_SOURCE
#include <sys/file.h>
#include <unistd.h>

int sp_lib_lock(int fd)
{
	return flock(fd, LOCK_SH);
}

int sp_lib_unused(void)
{
	return chroot("/");
}
