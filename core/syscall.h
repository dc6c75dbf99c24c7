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

/* Where the constants of a tuple of static coverage come from (a byte
 * beside it: tracer/static.h's sp_static_call.caller, handed on as
 * analyzer/generate.h's sp_generate_extra.caller).  Bit i: args[i] is a
 * constant a caller passes to a wrapper that passes it on, not one at
 * the syscall instruction.  SP_CALLER_OUTSIDE_LIBC: that caller is code
 * outside the C library calling the wrapper as an import (the program,
 * a library such as PCRE2's JIT): its constants say what that code
 * does, as a constant at a syscall instruction would, while the C
 * library's own callers' (its internal paths, reached by a closure
 * that overestimates) do not.  With it, bit i and args[i] not kept: that
 * code computes the value at run time (Tcl's socket() of getaddrinfo()'s
 * family), so it may pass any. */
#define SP_CALLER_OUTSIDE_LIBC 0x80u
_Static_assert(SP_NARGS < 8, "a caller byte holds the arguments and a mark");

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
/* Whether libseccomp knows name as a call of any arch it has (a
 * pseudo-number on this one counts): what seccomp_syscall_resolve_name
 * does not refuse. */
bool sp_syscall_known(const char *name);

/* Where libseccomp files a rule that names a call on an arch, as crun
 * and runc add it (seccomp_rule_add): under the call's own number, and,
 * where the arch multiplexes the call (socketcall and ipc on i386,
 * ppc64le, s390x), under the multiplexer too, with argument 0 equal to
 * the call's number there in place of the rule's conditions on argument
 * 0 (libseccomp's abi_rule_add: the call's own arguments lie in memory;
 * its conditions on the others stay, on the multiplexer's arguments). */
struct sp_syscall_site {
	int64_t nr;
	bool muxed;         /* the multiplexer's number; arg0 holds */
	uint64_t arg0;
};

#define SP_SYSCALL_SITES_MAX 2

/* The sites of name on arch into sites[]; returns how many (0 when the
 * arch has no such call). */
size_t sp_syscall_sites(enum sp_arch arch, const char *name,
			struct sp_syscall_site sites[SP_SYSCALL_SITES_MAX]);

/* The multiplexer's number through which libseccomp matches a rule for
 * name on arch, and the multiplexer's first argument that selects name
 * (x86's shmat: ipc, 117, with SHMAT, 21).  0, or -ENOENT when name is
 * not multiplexed there. */
int sp_syscall_mux(enum sp_arch arch, const char *name, int64_t *nr,
		   uint32_t *call);

#endif
