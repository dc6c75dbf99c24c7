/* What changed between two profiles, by meaning rather than by text (the
 * engine of sandprint diff).
 *
 * Each profile is normalized the way crun and runc hand it to libseccomp
 * (output/seccomp.c): per architecture, per syscall number (names resolved
 * per arch; a name libseccomp knows on no arch is kept by name), the
 * verdicts it gets (action and errno, unset errno = EPERM; rules whose
 * verdict is the default are dropped, as the compiler drops them) and the
 * argument values under which it gets each.  Within one syscalls[] entry,
 * conditions on distinct indexes are ANDed; a repeated index makes each
 * condition a rule of its own (ORed).
 *
 * Argument values are compared as sets, exactly: every condition (EQ, NE,
 * LT, LE, GT, GE, MASKED_EQ with the datum masked as libseccomp masks it)
 * is a union of ternary cubes over the six arguments, and inclusion is
 * decided by cube subtraction.  On 32-bit arches (x86, x32, arm)
 * libseccomp compares the low 32 bits only, with value and mask cut to 32
 * bits; on 64-bit arches the whole register.  When the cubes would exceed
 * a bound the answer is "cannot prove", never a guess. */
#ifndef SP_ANALYZER_DIFF_H
#define SP_ANALYZER_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bpf.h"
#include "core/diff_result.h"
#include "core/profile.h"
#include "core/syscall.h"

/* The programs libseccomp compiles old and new into (either NULL when it
 * refuses one): what the kernel runs.  Each call's regions are read from
 * them (sp_bpf_regions) and compared where they are not the rules':
 * where rules of different actions overlap (libseccomp, not the
 * strongest action, decides which applies), and where libseccomp
 * compiles them wrongly (struct sp_diff's miscompiled).  Without a
 * program a call whose verdicts overlap is unknown. */
struct sp_diff_progs {
	const struct sp_bpf *old, *new;
};

/* Compares old and new (progs may be NULL).  *out is a new diff
 * (core/diff_result.h, sp_diff_free).  0, or -ENOMEM. */
int sp_diff_profiles(const struct sp_profile *old,
		     const struct sp_profile *new,
		     const struct sp_diff_progs *progs, struct sp_diff **out);

/* The verdict the normalized profile gives one call, as the compiled
 * filter would (for tests against the kernel) where no rules of
 * different verdicts overlap; where they do, the strongest (action.def
 * order) is returned, which libseccomp's program need not agree with.
 * 0, or -ENOMEM. */
int sp_diff_verdict(const struct sp_profile *p, enum sp_arch arch,
		    int64_t nr, const uint64_t args[SP_NARGS],
		    enum sp_action *action, int *err);

#endif
