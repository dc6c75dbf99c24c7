/* sandprint's own profile -> cBPF compiler: no libseccomp at run time,
 * the syscall numbers laid out as a search tree weighted by how often the
 * workload made each call (minijail's frequency-weighted tree is the
 * model), so the hot calls are decided in a few instructions.
 *
 * The verdicts are libseccomp's for the same profile (sp_seccomp_compile):
 *  - the arch is checked first; an arch not in the profile gets
 *    SECCOMP_RET_KILL_THREAD (libseccomp's bad-arch action).  The native
 *    arch is always in, as seccomp_init puts it there;
 *  - on x86_64 a number with __X32_SYSCALL_BIT is an x32 call: killed like
 *    a bad arch unless x32 is listed (nr == -1 is not x32: it gets the
 *    default action, as in libseccomp);
 *  - a rule's conditions are ANDed, or ORed when an argument index repeats
 *    within the rule (runc, crun);  a rule without conditions decides its
 *    calls whatever other rules say (libseccomp's tree does the same);
 *    conditional rules with different actions are tried in profile order;
 *  - 64-bit arches compare the upper and the lower 32-bit half of an
 *    argument in turn, exactly as libseccomp 2.5 does; 32-bit arches (x86,
 *    arm, x32) compare the lower half with the value truncated to 32 bits;
 *  - rules whose action is the default one, and names the arch does not
 *    have, are left out.
 * Known difference: libseccomp also matches x86's socketcall/ipc
 * multiplexers for a rule on socket(), semop(), ...; this compiler checks
 * only the direct numbers. */
#ifndef SP_OUTPUT_CBPF_H
#define SP_OUTPUT_CBPF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/profile.h"
#include "core/trace.h"
#include "output/seccomp.h"

/* How often calls (arch, nr) were made: the tree's weights. */
struct sp_cbpf_weight {
	enum sp_arch arch;
	int64_t nr;          /* x32: with its bit */
	uint64_t count;
};

struct sp_cbpf_opts {
	/* Weights, any order; NULL/0: every call as likely as any other. */
	const struct sp_cbpf_weight *weights;
	size_t nweights;
	/* Names no listed arch has hear of on_unknown (may be NULL). */
	void (*on_unknown)(void *ctx, const char *name);
	void *ctx;
	/* When not NULL, *notes gets one string per instruction (or NULL):
	 * what the instruction checks, for a readable listing.  Free with
	 * sp_cbpf_notes_free. */
	char ***notes;
};

/* The weights of n traces: the calls of each (arch, nr), summed over
 * their patterns.  *out is a new array (free()).  0 or -ENOMEM. */
int sp_cbpf_weights_from_traces(struct sp_trace *const *traces, size_t n,
				struct sp_cbpf_weight **out, size_t *nout);

/* Compiles p.  *out is a new program of at most BPF_MAXINSNS
 * instructions.  0, or -errno with d set (-E2BIG: too long). */
int sp_cbpf_compile(const struct sp_profile *p, const struct sp_cbpf_opts *o,
		    struct sp_bpf **out, struct sp_diag *d);

void sp_cbpf_notes_free(char **notes, size_t len);

/* The SECCOMP_RET_* value (with data) of an action, as libseccomp makes
 * it: err < 0 means EPERM. */
uint32_t sp_cbpf_action_ret(enum sp_action a, int err);

/* -f c-bpf: b as C source with no library at run time: the program as
 * a struct sock_filter array (annotated with notes, which may be NULL),
 * sandprint_install(), sandprint_export_bpf(fd) and main() as -f c has
 * them.  p gives the header comment (default action, arches, rules and
 * their evidence).  0 or -errno. */
int sp_cbpf_write_c(FILE *f, const struct sp_profile *p,
		    const struct sp_bpf *b, char *const *notes);

#endif
