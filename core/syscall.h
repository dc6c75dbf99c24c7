/* Syscall names and numbers per arch, from libseccomp at run time (never a
 * hand table), cached per arch. */
#ifndef SP_CORE_SYSCALL_H
#define SP_CORE_SYSCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arch.h"

/* The arguments of a system call (struct seccomp_data's args[6]). */
#define SP_NARGS 6

/* Argument values of a call where they are known: bit i of kept says
 * args[i] is argument i's value. */
struct sp_args {
	uint8_t kept;
	uint64_t args[SP_NARGS];
};

/* Room for "syscall_" and any int64 number. */
#define SP_SYSCALL_NAME_MAX 32

/* The name libseccomp gives nr on arch (x32 numbers with their bit), or
 * NULL when it knows none.  The string lives as long as the process. */
const char *sp_syscall_name(enum sp_arch arch, int64_t nr);

/* Like sp_syscall_name, but an unknown number is written into buf as
 * "syscall_<nr>" (the form sp_syscall_nr parses back); never NULL. */
const char *sp_syscall_name_or_nr(enum sp_arch arch, int64_t nr,
				  char buf[SP_SYSCALL_NAME_MAX]);

/* The number of name on arch ("syscall_<nr>" is taken literally).
 * Returns 0 and writes *nr, or -ENOENT when the arch has no such call. */
int sp_syscall_nr(enum sp_arch arch, const char *name, int64_t *nr);

/* Whether arch reaches name through a multiplexer (i386's socketcall,
 * ipc): libseccomp then resolves the name to a pseudo-number only, and
 * the call's own number, if the arch has one, is found from number to
 * name alone. */
bool sp_syscall_muxed(enum sp_arch arch, const char *name);

#endif
