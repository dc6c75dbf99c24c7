/* Which recorded calls a filter would refuse: every pattern of one or more
 * traces judged by the cBPF interpreter (analyzer/interp.h), the same judge
 * for compiled profiles, raw BPF files and live filters. */
#ifndef SP_ANALYZER_CHECK_H
#define SP_ANALYZER_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "analyzer/interp.h"
#include "core/check_result.h"
#include "core/event.h"
#include "core/profile.h"
#include "core/syscall.h"
#include "core/trace.h"

/* The filter being judged: stacked programs, oldest first, each already
 * passed by sp_interp_check. */
struct sp_filter {
	const struct sp_bpf *progs;
	size_t n;
};

/* The verdict of f for one call: the action and its data. */
enum sp_action sp_filter_verdict(const struct sp_filter *f,
				 const struct seccomp_data *sd, int *data);

/* struct seccomp_data of a call: arch's AUDIT value, nr, args (as its
 * caller's registers can hold them, sp_arch_arg_mask: arm's zero-extended,
 * x86's whole, as a 64-bit process's int $0x80 passes them). */
void sp_seccomp_data_of(enum sp_arch arch, int64_t nr,
			const uint64_t args[SP_NARGS], uint64_t ip,
			struct seccomp_data *sd);

/* Values an argument nobody gave is tried at (0, all ones, the low or
 * the high 32 bits set, 1), as arch's callers can pass them
 * (sp_arch_arg_mask), each once: into out, their number returned. */
#define SP_CHECK_NPROBES 5
size_t sp_check_probes(enum sp_arch arch, uint64_t out[SP_CHECK_NPROBES]);

/* A call's arguments as tried at probe value fill: args where kept (on
 * x86 with fill's upper half, sp_arch_caller_upper), else fill. */
void sp_check_fill(enum sp_arch arch, const uint64_t args[SP_NARGS],
		   uint8_t kept, uint64_t fill, uint64_t out[SP_NARGS]);

/* The verdict a workload meets for a call whose verdict is (a, *data):
 * a struct sibling (sibling.def FOLD: clone3, openat2) refused with ENOSYS
 * is allowed when the call libc falls back to, with the flags read from
 * the struct (kept), is: the workload goes on as it did.  Otherwise a,
 * *data unchanged. */
enum sp_action sp_check_fallback(const struct sp_filter *f, enum sp_arch arch,
				 int64_t nr, const uint64_t args[SP_NARGS],
				 uint8_t kept, enum sp_action a, int *data);

/* Judges every pattern of the n traces under f and adds each refused one
 * to r (r's counters grow).  Arguments the trace did not keep, when f
 * reads them, are judged at every value at once (sp_bpf_joint: the
 * programs followed path by path), or where that is past its bound, at
 * several values (sp_check_probes), counted in r->nprobed;
 * where the verdicts differ, the strongest
 * refusal is reported, flagged arg_dependent.  A struct sibling libc
 * falls back from counts as its fallback (sp_check_fallback).  0 or
 * -ENOMEM. */
int sp_check_traces(const struct sp_filter *f, struct sp_trace *const *traces,
		    size_t n, struct sp_check_result *r);
/* The same, a call judged by on_host[the arch of the machine that made
 * it] (sp_arch_host) where not NULL: the filter as made on that machine
 * (a JSON profile compiled there: its native arch, Docker's archMap
 * entry), else by f. */
int sp_check_traces_on(const struct sp_filter *f,
		       const struct sp_filter *const on_host[SP_ARCH_COUNT],
		       struct sp_trace *const *traces, size_t n,
		       struct sp_check_result *r);

#endif
