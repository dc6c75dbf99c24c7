/*
 * libsp_static_lib.so: a shared library for tests/static_test.c.
 * static_uselib links it and imports sp_lib_lock and sp_lib_table: the
 * static analysis must follow those imports to flock(2), and through
 * the table sp_lib_table indexes to both its functions (acct(2) is the
 * second entry's: code that takes a table's address reaches every entry,
 * not just the one its first word points to), and must not count
 * sp_lib_unused (nobody imports it) and its chroot(2) — unless the
 * library is loaded with dlopen (static_dlopen), when all of it counts.
 * sp_lib_ring_a and sp_lib_ring_b call each other, so their closures
 * are the same; mlockall(2) is made in sp_lib_ring_b: it is the one the
 * evidence names.
 */
#define _GNU_SOURCE
#include <sys/file.h>
#include <sys/mman.h>
#include <unistd.h>

int sp_lib_lock(int fd)
{
	return flock(fd, LOCK_SH);
}

static int first_entry(void)
{
	return getpid() > 0 ? 0 : -1;
}

static int second_entry(void)
{
	return acct(NULL);
}

static int (*const table[])(void) = { first_entry, second_entry };

int sp_lib_table(unsigned i)
{
	return i < 2 ? table[i]() : -1;
}

int sp_lib_ring_b(int n);

int sp_lib_ring_a(int n)
{
	return n > 0 ? sp_lib_ring_b(n - 1) : 0;
}

int sp_lib_ring_b(int n)
{
	return n > 0 ? sp_lib_ring_a(n - 1) : mlockall(0);
}

int sp_lib_unused(void)
{
	return chroot("/");
}
