/* Names of argument values (argnames.def): what reports show instead of
 * numbers. */
#ifndef SP_CORE_ARGNAMES_H
#define SP_CORE_ARGNAMES_H

#include <stddef.h>
#include <stdint.h>

/* Writes value, an argument of syscall at index, by name (argnames.def):
 * "AF_INET", "SOCK_STREAM|SOCK_CLOEXEC", "O_RDONLY|O_CLOEXEC"; hex where
 * no name fits.  Returns buf. */
const char *sp_argname_format(const char *syscall, unsigned index,
			      uint64_t value, char *buf, size_t len);

struct sp_cond;

/* A condition in words: "arg0 == AF_UNIX (low 32 bits)", "arg1 has no bit
 * outside SOCK_STREAM|SOCK_CLOEXEC", "arg2 > 5".  syscall names the
 * values (argnames.def). */
void sp_cond_format(const char *syscall, const struct sp_cond *c, char *buf,
		    size_t len);

#endif
