/*
 * static_dlopen: opens libsp_static_lib.so with dlopen (from its own
 * directory) and calls nothing in it.  The library is loaded but no
 * loaded object names it as a dependency: the static analysis must count
 * it whole (code reached by dlsym cannot be seen), chroot(2) of its
 * unimported sp_lib_unused included.  Exits 0, or 1 when the library
 * cannot be opened.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 64);
	char *slash;

	if (n <= 0)
		return 1;
	path[n] = '\0';
	slash = strrchr(path, '/');
	strcpy(slash + 1, "libsp_static_lib.so");
	if (!dlopen(path, RTLD_NOW)) {
		fprintf(stderr, "static_dlopen: %s\n", dlerror());
		return 1;
	}
	return 0;
}
