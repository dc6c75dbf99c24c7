/*
 * static_plugin: loads a plugin with dlopen and runs it, as an
 * interpreter imports a module: "a" and "b" are plugins/plugin_a.so and
 * plugins/plugin_b.so beside the program (a private directory, no
 * system library directory), "ma" and "mb" the same plugins in a
 * directory each (modules/a/plugin_a.so, modules/b/plugin_b.so, as
 * Perl's auto/POSIX/POSIX.so), "system" is libm.so.6, which the dynamic
 * loader finds in its system directories.  Each plugin's plugin_run()
 * is called.  Recorded with "a", the recording never loaded plugin_b.so,
 * which makes a call (getpriority(2)) that nothing else here makes
 * (tests/show.sh: the profile must let "b" run all the same, and
 * "system" must not make the system directory's other libraries count).
 *
 * Exit: 0; 1 when the plugin cannot be loaded or run, 2 on bad usage.
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
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 64);
	char *slash;
	void *h;
	int (*run)(void);

	if (argc != 2 || n <= 0)
		return 2;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (strcmp(argv[1], "system") == 0)
		snprintf(path, sizeof(path), "libm.so.6");
	else if (strcmp(argv[1], "a") == 0 || strcmp(argv[1], "b") == 0)
		snprintf(slash + 1, sizeof(path) - (size_t)(slash + 1 - path),
			 "plugins/plugin_%s.so", argv[1]);
	else if (strcmp(argv[1], "ma") == 0 || strcmp(argv[1], "mb") == 0)
		snprintf(slash + 1, sizeof(path) - (size_t)(slash + 1 - path),
			 "modules/%c/plugin_%c.so", argv[1][1], argv[1][1]);
	else
		return 2;
	h = dlopen(path, RTLD_NOW);
	if (!h) {
		fprintf(stderr, "static_plugin: %s\n", dlerror());
		return 1;
	}
	run = (int (*)(void))dlsym(h, "plugin_run");
	return run && run() != 0 ? 1 : 0;
}
