/*
 * static_uselib: links libsp_static_lib.so (static_lib.c).  Without
 * arguments it calls nothing of it and exits 0, so a recording sees
 * neither flock(2) nor kcmp(2); the static analysis must add both:
 * flock through the library's sp_lib_lock, kcmp through syscall() with
 * a constant number.  With the argument "call" it makes both.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int sp_lib_lock(int fd);

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "call") == 0) {
		sp_lib_lock(0);
		syscall(SYS_kcmp, 0, 0, 0, 0, 0);
	}
	return 0;
}
