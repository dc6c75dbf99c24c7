/* Names of argument values (argnames.def): what reports show instead of
 * numbers. */
#ifndef SP_CORE_ARGNAMES_H
#define SP_CORE_ARGNAMES_H

#include <stddef.h>
#include <stdint.h>

/* Room for any value by name: every bit of clone's flags set, the
 * longest, takes 350 characters (tests/core_test.c formats each use of
 * argnames.def). */
#define SP_ARGNAME_MAX 1024
/* Room for any condition in words (sp_cond_format): two values and a few
 * words. */
#define SP_COND_TEXT_MAX (2 * SP_ARGNAME_MAX + 64)

/* Writes value, an argument of syscall at index, by name (argnames.def):
 * "AF_INET", "SOCK_STREAM|SOCK_CLOEXEC", "O_RDONLY|O_CLOEXEC"; hex where
 * no name fits.  Returns buf. */
const char *sp_argname_format(const char *syscall, unsigned index,
			      uint64_t value, char *buf, size_t len);
/* The same, knowing the call's other arguments (bit i of known: args[i]
 * holds one; args may be NULL when known is 0): setsockopt's option
 * names depend on its level. */
const char *sp_argname_format_in(const char *syscall, unsigned index,
				 uint64_t value, const uint64_t *args,
				 uint8_t known, char *buf, size_t len);

/* An argument as a user writes it: a number (decimal, 0x hex, 0 octal,
 * negative for an int), a header constant of argnames.def (AF_INET,
 * TCGETS), or several joined by '|' (SOCK_STREAM|SOCK_CLOEXEC).  0, or
 * -EINVAL for a word that is none of them. */
int sp_argname_parse(const char *s, uint64_t *out);

struct sp_cond;

/* A condition in words: "arg0 == AF_UNIX (low 32 bits)", "arg1 has no bit
 * outside SOCK_STREAM|SOCK_CLOEXEC", "arg2 > 5".  syscall names the
 * values (argnames.def); all[0..nall) are the conditions ANDed with c (c
 * among them or not), whose equalities name values that depend on
 * another argument ("arg2 == SO_REUSEADDR" where arg1 == SOL_SOCKET). */
void sp_cond_format(const char *syscall, const struct sp_cond *c,
		    const struct sp_cond *all, size_t nall, char *buf,
		    size_t len);

#endif
