/*
 * libsp_moddir.so: a library with its module directory compiled in
 * (SP_MODULE_DIR, from CMake, as SoX's PKGLIBDIR or GIO's
 * GIO_MODULE_DIR), which loads a module from there by name with dlopen.
 * Its read-only data names system directories as well (the C library's
 * directory and its parent, and /, also from CMake), as GLib's names
 * /lib and /usr, and a directory holding only a link to a library
 * elsewhere (SP_LINK_DIR), as GLib's /bin holds ld.so: strings that
 * must make no directory of modules.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>

static const char *const dirs[] = { SP_MODULE_DIR, SP_SYSTEM_DIR,
				    SP_SYSTEM_PARENT, "/", SP_LINK_DIR };

/* The directory strings, for whoever asks: they stay in the file. */
const char *moddir_dir(unsigned i)
{
	return i < sizeof(dirs) / sizeof(dirs[0]) ? dirs[i] : NULL;
}

/* Loads SP_MODULE_DIR/plugin_NAME.so and runs its plugin_run(): 0, or
 * 1 when it cannot be loaded or fails. */
int moddir_run(const char *name)
{
	char path[PATH_MAX];
	void *h;
	int (*run)(void);

	snprintf(path, sizeof(path), "%s/plugin_%s.so", SP_MODULE_DIR, name);
	h = dlopen(path, RTLD_NOW);
	if (!h) {
		fprintf(stderr, "static_moddir: %s\n", dlerror());
		return 1;
	}
	run = (int (*)(void))dlsym(h, "plugin_run");
	return run && run() == 0 ? 0 : 1;
}
