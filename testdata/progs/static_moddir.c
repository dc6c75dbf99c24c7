/*
 * static_moddir: a program whose library, libsp_moddir.so
 * (static_moddir_lib.c), loads modules from a directory compiled into
 * it, as SoX's libsox its format modules from PKGLIBDIR: "none" loads
 * none, "b" loads plugin_b.so from there (the module directory
 * moddir/ of the build tree) and runs its plugin_run(), which calls
 * getpriority(2), a call nothing else here makes.  The library holds
 * strings naming system directories too, which are no module
 * directories (tests/show.sh).
 *
 * Exit: 0; 1 when the module cannot be loaded or run, 2 on bad usage.
 */
#include <string.h>

int moddir_run(const char *name);

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	return strcmp(argv[1], "none") == 0 ? 0 : moddir_run(argv[1]);
}
