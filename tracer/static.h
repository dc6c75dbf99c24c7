/*
 * Static coverage: the system calls the code a recording loaded could
 * make, beyond what it did make.  For each process image (its executable
 * and the shared objects it mapped as code, tracer/maps.h), the files are
 * summarized (tracer/code.h) and the calls reachable are collected:
 *
 *  - an executable, and a library nobody's DT_NEEDED names (one loaded
 *    with dlopen, entered through dlsym), count whole: every syscall site
 *    in them, and every symbol they import;
 *  - an imported symbol is found by name in the process's scope
 *    (executable first, then the objects in the order they were mapped,
 *    then the interpreter), and its definition is followed through the
 *    defining file's call graph: direct calls and jumps, functions whose
 *    address reachable code or data takes (called through pointers), data
 *    the code reads and the pointers in it (stdio's tables of functions),
 *    and that file's own imports, to its syscall instructions;
 *  - a library also runs its initializers and finalizers;
 *  - a library loaded with dlopen from outside the dynamic loader's
 *    system directories (tracer/libdirs.h) is a plugin: the other shared
 *    objects of its directory (a module the next run imports) count as
 *    loaded too, whole, with the libraries they need.
 *
 * This is glibc read as it is installed, not a table of one version's
 * wrappers.  Sites whose number is not a constant (the kernel gets it from
 * memory, or from an argument no caller fixes) are counted, not guessed.
 *
 * File summaries are cached by path, device, inode, size and modification
 * time in opts->cache_dir; a cache file that does not read back whole is
 * ignored and rewritten.  A file's other paths (hard links) share its
 * summary, and an image of the same contents (that file, or a copy: an
 * equal summary) and objects as one before it is not analysed again
 * (sp_static_analyze).
 */
#ifndef SP_TRACER_STATIC_H
#define SP_TRACER_STATIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/syscall.h"
#include "tracer/libdirs.h"

/* One process image: its executable and what it mapped, in order. */
struct sp_static_image {
	const char *exe;
	const char *const *objects;
	size_t nobjects;
};

/* A syscall instruction: the function that holds it (NULL: unnamed code)
 * and its file, or the forwarder a number was passed to (syscall() in
 * libc.so.6). */
struct sp_static_site {
	const char *fn;
	const char *lib;
};

/* A system call the code could make (numbers of machine's arch: an i386
 * program's are i386's), with the way to it that explains it best: the
 * imported function with the smallest reach that leads to it, or the
 * function in a file counted whole that makes it. */
struct sp_static_call {
	unsigned machine;        /* the image's executable's: EM_X86_64,
				    EM_386 */
	int64_t nr;
	const char *via;         /* "fork": the function; NULL: unnamed code */
	const char *lib;         /* the file that holds via */
	const char *by;          /* the file that imports via; NULL when the
				    call is made in lib itself (counted
				    whole) */
	const char *site;        /* the function that makes the call, when
				    it is not via and has a name ("_Fork") */
	const char *site_lib;    /* the file that holds site (libc.so.6
				    for chmod, reached from libpython's
				    Py_BytesMain): not always lib */
	bool forwarded;          /* by passes nr to via as a constant
				    (syscall(SYS_kcmp, ...)) */
	/* The arguments the reachable sites pass, one entry per distinct
	 * tuple: an argument is kept where it is a constant at the site
	 * (fork()'s clone(2) flags: kept 1, args[0] 0x1200011), not where
	 * it is computed at run time or the number reaches the kernel
	 * through a forwarder such as syscall() (its other arguments are
	 * not followed), and where a wrapper's caller passes it as a
	 * constant (caller, below).  More than 64 distinct tuples are one
	 * with nothing kept, at no site, and many says so. */
	const struct sp_args *args;
	const struct sp_static_site *sites;  /* nargs: the first site found
						 to pass each tuple */
	/* nargs: bit i, the tuple's args[i] is a constant a caller passes
	 * to a wrapper that passes it on (git's ioctl(1, TIOCGWINSZ) to
	 * libc's ioctl(), pthread_setname_np's prctl(PR_SET_NAME)), not one
	 * at the syscall instruction: the caller is reachable (an import
	 * call, also through helpers that pass it on, tracer/code.h's
	 * sp_code_icall.passed; or a direct call in the wrapper's file,
	 * one level), the site named is the caller.  With SP_CALLER_OUTSIDE_LIBC
	 * (core/syscall.h) when the caller is an import call from a file
	 * that is not one of the C library's own (sp_elf_image.libc):
	 * PCRE2's JIT passing PROT_READ|PROT_WRITE|PROT_EXEC to mmap(). */
	const uint8_t *caller;
	size_t nargs;
	/* The sites pass more than 64 distinct tuples (busybox's ioctl
	 * requests, every applet counted whole): the one tuple stands for
	 * constants not kept, not for values computed at run time, so no
	 * argument is known to be held to any value. */
	bool many;
	/* The file the evidence starts from (by, else lib) was not loaded:
	 * it is a shared object of the plugin directory of beside, a
	 * library the recording saw loaded with dlopen, or a library one of
	 * those needs.  NULL: loaded.  Code the recording loaded explains a
	 * call before a plugin's does. */
	const char *beside;
	bool needed;             /* beside: the file is not of the plugin
				    directory, but a library one of its
				    files needs (libkeyutils.so.1, by way of
				    libkrb5.so.3, from Python's lib-dynload) */
	bool named;              /* beside: the file is a library beside
				    names as a string (libNAME.so.N), not
				    one of a plugin directory */
	/* With sp_static_opts.paths: one shortest chain of functions from a
	 * root to the call, "getpwnam (libc.so.6, imported by dash) >
	 * getpwnam_r > ... > open_socket"; NULL for a call in a file
	 * counted whole. */
	const char *path;
};

/* A file that could not be analysed, and why. */
struct sp_static_skip {
	const char *path;
	const char *why;
};

struct sp_static_result {
	struct sp_static_call *calls;   /* by machine and number, one per
					   number of each machine */
	size_t ncalls;
	size_t unresolved;       /* reachable sites with a number that is
				    not constant, each once (by a file's
				    contents, over all images) */
	struct sp_static_skip *skipped;
	size_t nskipped;
	unsigned langs;          /* runtimes recognised (core/lang.h bits) */
	bool execs;              /* a file imports a function that runs a
				    program (tracer/exec.def) */
	const char *ffi;         /* the first loaded file that calls
				    through a foreign function interface
				    (tracer/ffi.def): every loaded library
				    counted whole; NULL: none */
	const char *blind;       /* the first executable or object of an
				    image that ran with no file behind its
				    name (a memfd, a file deleted: " (deleted)";
				    "?"): every loaded library of its image
				    counted whole; NULL: none */
	bool shell_read;         /* so opts' shell was read too */
	size_t plugin_dirs;      /* plugin directories (opts' sysdirs) */
	size_t plugin_files;     /* ... shared objects read there, not
				    loaded */
	size_t files;            /* files analysed */
	size_t cached;           /* ... of which read from the cache */
	struct sp_static_priv *priv;
};

struct sp_static_opts {
	const char *cache_dir;   /* NULL: no cache */
	bool paths;              /* each call's path (more memory) */
	/* Read as one more image (its libraries found as the loader would)
	 * when a file imports a function that runs a program and none of
	 * the images runs it (links resolved); NULL: never.  system(3),
	 * popen(3), wordexp(3) and execvp(3)'s fallback for a file without
	 * a #! line run the POSIX shell without naming it. */
	const char *shell;
	/* The dynamic loader's system directories (tracer/libdirs.h); NULL:
	 * no plugin is read.  A library a process image mapped that none of
	 * its other objects needs (loaded with dlopen), from a directory
	 * that is not one of them, makes that directory a plugin directory:
	 * the other shared objects in it and in its subdirectories, down to
	 * SP_STATIC_PLUGIN_DEPTH levels (system directories not entered,
	 * links to their libraries not followed), count as objects of the
	 * image, whole, and the libraries they need as the loader would
	 * find them; so does the tree holding both that directory and the
	 * executable's, each below it, unless it is or holds a system
	 * directory (a program installed in a tree of its own: R's
	 * /usr/lib/R); and, for a program that imports dlopen, the
	 * directory of its own an application has in a system directory
	 * (SWI-Prolog's /usr/lib/swi-prolog), loaded from or not.  The
	 * ordinary library directories never do: a library opened from
	 * there pulls in no siblings; nor does scratch space (a directory
	 * anyone may write to: /tmp). */
	const struct sp_libdirs *sysdirs;
	/* NULL: files are read where sandprint runs.  Else the directory
	 * the recorded paths are relative to (a container's root file
	 * system): every file the analysis reads is looked up under it as
	 * the workload would, its absolute links included (the analysis
	 * runs on a thread chroot(2)ed there: CAP_SYS_CHROOT), and the
	 * loader's directories are read from its ld.so.conf (sysdirs, when
	 * not NULL, only says that they are wanted). */
	const char *root;
};

/* Ruby's extension directory holds enc/ and enc/trans/, json/ext/ (two
 * levels); Python's lib-dynload, PHP's, nginx's, lighttpd's, PAM's and
 * iconv's gconv modules are flat. */
#define SP_STATIC_PLUGIN_DEPTH 2

/* A directory of modules in subdirectories holds modules and their data:
 * ImageMagick's 241 entries down to those levels, Perl's perl-base 214,
 * krb5/plugins 3.  A larger tree (/usr/share/locale's 4499, /etc, /proc:
 * strings GIO names) is no module directory, and walking it whole cost
 * every profile (gio's 0.09 -> 0.13 s warm, 16685 directory reads). */
#define SP_STATIC_MODULE_TREE 1024

/* Analyses n images.  A file that cannot be read is listed in
 * (*out)->skipped, not an error.  0, -ENOMEM, or -errno when the root
 * cannot be entered (opts->root: -EPERM without CAP_SYS_CHROOT). */
int sp_static_analyze(const struct sp_static_image *images, size_t n,
		      const struct sp_static_opts *o,
		      struct sp_static_result **out);
void sp_static_result_free(struct sp_static_result *r);

/* The cache directory: $SANDPRINT_CACHE_DIR, else
 * $XDG_CACHE_HOME/sandprint, else $HOME/.cache/sandprint, else the
 * user's home directory (the password database's)/.cache/sandprint;
 * NULL when none can be named, or when SANDPRINT_CACHE_DIR is empty (no cache).  The
 * string is static. */
const char *sp_static_cache_dir(void);

/* sp_static_cache_dir(), made if need be, open (O_DIRECTORY); -1 when
 * there is none or it cannot be. */
int sp_static_cache_open(void);

#endif
