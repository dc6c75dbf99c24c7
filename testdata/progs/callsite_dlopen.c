/*
 * callsite_dlopen: for each library named in argv (a file beside this
 * program), dlopen()s it, calls its site_call() and dlclose()s it, so the
 * next library is mapped where the last one was (tests/stacks_test.c:
 * each call site must be named from what was mapped at its call).
 * Exits 0, or 1 when a library cannot be opened.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return 1;
	path[n] = '\0';
	slash = strrchr(path, '/');
	for (int i = 1; i < argc; i++) {
		void (*call)(void);
		void *h;

		if ((size_t)(slash + 1 - path) + strlen(argv[i]) >= sizeof(path))
			return 1;
		strcpy(slash + 1, argv[i]);
		h = dlopen(path, RTLD_NOW);
		if (!h) {
			fprintf(stderr, "callsite_dlopen: %s\n", dlerror());
			return 1;
		}
		call = (void (*)(void))dlsym(h, "site_call");
		if (!call)
			return 1;
		call();
		dlclose(h);
	}
	return 0;
}
