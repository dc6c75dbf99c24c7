/* Architectures: sandprint's names, the kernel's AUDIT_ARCH values and
 * libseccomp's SCMP_ARCH tokens, from one table (arch.def). */
#ifndef SP_CORE_ARCH_H
#define SP_CORE_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The x32 ABI marks its syscall numbers with this bit (asm/unistd.h). */
#define SP_X32_SYSCALL_BIT 0x40000000u

enum sp_arch {
	SP_ARCH_UNKNOWN = 0,
#define SP_ARCH(id, name, audit, scmp, oci, host) SP_ARCH_##id,
#include "core/arch.def"
#undef SP_ARCH
	SP_ARCH_COUNT
};

/* The arch of one call, from the AUDIT_ARCH value the kernel reports
 * (PTRACE_GET_SYSCALL_INFO, seccomp_data) and the raw number: x32 calls
 * arrive as AUDIT_ARCH_X86_64 with SP_X32_SYSCALL_BIT set.
 * Returns SP_ARCH_UNKNOWN for an arch not in the table. */
enum sp_arch sp_arch_of_call(uint32_t audit_arch, int64_t nr);

/* The arch of the kernel a call of arch runs on: this machine's when it
 * runs such calls (its own arch, a compat one), else arch's 64-bit host
 * (x86_64 for x86 and x32, aarch64 for arm).  SP_ARCH_UNKNOWN for
 * SP_ARCH_UNKNOWN. */
enum sp_arch sp_arch_host(enum sp_arch arch);
/* The arch sandprint itself was built for. */
enum sp_arch sp_arch_native(void);

/* "x86_64"; "unknown" for SP_ARCH_UNKNOWN or out of range. */
const char *sp_arch_name(enum sp_arch arch);
/* "SCMP_ARCH_X86_64"; NULL for SP_ARCH_UNKNOWN. */
const char *sp_arch_oci_name(enum sp_arch arch);
/* AUDIT_ARCH_* value; 0 for SP_ARCH_UNKNOWN. */
uint32_t sp_arch_audit(enum sp_arch arch);
/* Whether arch's pointers and longs are 32 bits (x86, arm, x32): what a
 * call of it points to is laid out so (struct sock_fprog, socketcall's
 * arguments).  False for SP_ARCH_UNKNOWN. */
bool sp_arch_ilp32(enum sp_arch arch);
/* The bits of a call argument a caller can put in seccomp_data.args:
 * the width of the registers the kernel copies them from.  All 64 but on
 * arm: an arm64 kernel's 32-bit task has 32-bit registers, zero-extended.
 * x86's calls are i386's, which a 64-bit process reaches with int $0x80:
 * the kernel passes its whole registers, and the i386 calls use their
 * low halves only, so the upper halves are the caller's to set (a 32-bit
 * task's too: it sets them on a trip through the 64-bit code segment,
 * and its int $0x80 passes them, 6.18 tried).  x32 runs in 64-bit
 * registers.
 * UINT64_MAX for SP_ARCH_UNKNOWN. */
uint64_t sp_arch_arg_mask(enum sp_arch arch);
/* Whether a caller sets upper halves of arch's arguments that its calls
 * ignore and a filter sees: x86's, by a 64-bit process's int $0x80
 * (sp_arch_arg_mask).  A trace keeps the low halves, the call's values. */
bool sp_arch_caller_upper(enum sp_arch arch);
/* libseccomp's SCMP_ARCH_* token; 0 for SP_ARCH_UNKNOWN. */
uint32_t sp_arch_scmp(enum sp_arch arch);

/* Parses either form ("x86_64" or "SCMP_ARCH_X86_64").
 * Returns 0 and writes *out, or -EINVAL. */
int sp_arch_parse(const char *s, enum sp_arch *out);

/* The running kernel's release ("6.1.0-13-amd64") into buf: the kernel's
 * own (/proc/sys/kernel/osrelease), which a personality cannot change as
 * it changes uname(2)'s (UNAME26: setarch --uname-2.6 says 2.6.x);
 * uname's where /proc is not mounted.  0 or -errno. */
int sp_kernel_release(char *buf, size_t len);

#endif
