/*
 * static_uselib: links libsp_static_lib.so (static_lib.c) and
 * libsp_static_cb.so (static_cb.c).  Without arguments it calls nothing
 * of them and exits 0, so a recording sees neither flock(2), mlockall(2),
 * acct(2), munlockall(2) nor kcmp(2); the static analysis must add them
 * all: flock through the library's sp_lib_lock, mlockall through its
 * sp_lib_ring_b (sp_lib_ring_a reaches it too), acct through
 * sp_lib_table's table, munlockall through the comparison function
 * sp_cb_sort hands to qsort, kcmp through syscall() with a constant
 * number.  With the argument "call" it makes them (acct and mlockall
 * fail: no privilege, no flag).
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int sp_lib_lock(int fd);
int sp_lib_table(unsigned i);
int sp_lib_ring_a(int n);
int sp_lib_ring_b(int n);
void sp_cb_sort(int *v, size_t n);

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "call") == 0) {
		int v[] = { 2, 1 };

		sp_lib_lock(0);
		sp_lib_table(1);
		sp_lib_ring_a(1);
		sp_lib_ring_b(1);
		sp_cb_sort(v, 2);
		syscall(SYS_kcmp, 0, 0, 0, 0, 0);
	}
	return 0;
}
