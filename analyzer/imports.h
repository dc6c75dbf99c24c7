/* Unexercised imports: libc wrappers an executable imports (its dynamic
 * symbols, read by tracer/elf.h) whose system calls never appeared in the
 * recording.  The path that calls them was not exercised, and the profile
 * will refuse it in production.  The wrapper table is
 * analyzer/wrappers.def. */
#ifndef SP_ANALYZER_IMPORTS_H
#define SP_ANALYZER_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/trace.h"

/* The most syscalls one wrapper is listed with in wrappers.def. */
#define SP_WRAPPER_ALTS_MAX 4

/* What one executable imports: names sorted by strcmp (as
 * sp_elf_imports gives them). */
struct sp_imports {
	const char *exe;
	char *const *names;
	size_t n;
};

/* An imported wrapper none of whose syscalls was recorded. */
struct sp_import_warning {
	const char *exe;           /* borrowed from struct sp_imports */
	const char *wrapper;       /* "connect": static */
	const char *syscalls[SP_WRAPPER_ALTS_MAX]; /* "connect": static */
	size_t nsyscalls;          /* at least 1 */
};

/* The syscalls libc function fn makes, per wrappers.def: up to max
 * names into out; returns how many (0: fn is not in the table). */
size_t sp_wrapper_syscalls(const char *fn, const char **out, size_t max);

/* The table itself, for tests: entry i's function and syscall; false
 * past the end. */
bool sp_wrapper_entry(size_t i, const char **fn, const char **syscall);

/* The wrappers that imports[i] import and whose syscalls (all of the
 * alternatives) are missing from every trace, by name on any
 * architecture.  *out (caller frees with free(); NULL when none) is in the
 * order of imports, then of names.  0 or -ENOMEM. */
int sp_imports_unexercised(struct sp_trace *const *traces, size_t ntraces,
			   const struct sp_imports *imports, size_t nimports,
			   struct sp_import_warning **out, size_t *nout);

#endif
