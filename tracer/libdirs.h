/*
 * The dynamic loader's system directories: the ones it searches without
 * being told (its built-in default directories), those /etc/ld.so.conf
 * configures (with its include lines) and those of the libraries
 * /etc/ld.so.cache indexes (which adds the glibc-hwcaps subdirectories
 * ldconfig found).  A shared object loaded from one of them is an
 * ordinary library; one loaded with dlopen() from elsewhere is a plugin
 * (tracer/static.h).
 */
#ifndef SP_TRACER_LIBDIRS_H
#define SP_TRACER_LIBDIRS_H

#include <stdbool.h>
#include <stddef.h>

/* The loader's built-in directories (glibc's system search path on
 * x86_64, Debian's multiarch ones and the other distributions' lib64),
 * in the order it searches them; then i386's loader's multiarch ones
 * (a library of the wrong machine is passed over). */
extern const char *const sp_libdirs_default[];
extern const size_t sp_libdirs_ndefault;

/* A set of directories, each as realpath(3) names it (the objects a
 * trace lists are the kernel's names: links resolved). */
struct sp_libdirs {
	char **dirs;         /* sorted */
	size_t n;
};

/* The default directories, conf's (NULL: none; a file that cannot be
 * read adds nothing) and the directories of cache's entries (an
 * ld.so.cache file, glibc's new format alone or after the old one; NULL
 * or unreadable: none), those that exist.  0 or -ENOMEM. */
int sp_libdirs_load(const char *conf, const char *cache,
		    struct sp_libdirs *out);
/* sp_libdirs_load of /etc/ld.so.conf and /etc/ld.so.cache. */
int sp_libdirs_system(struct sp_libdirs *out);
void sp_libdirs_fini(struct sp_libdirs *d);

/* Whether dir, a path as realpath(3) gives it, is one of d's. */
bool sp_libdirs_has(const struct sp_libdirs *d, const char *dir);

#endif
