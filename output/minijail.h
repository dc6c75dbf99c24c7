/* -f minijail: a minijail0 seccomp policy file (minijail0 -S FILE). */
#ifndef SP_OUTPUT_MINIJAIL_H
#define SP_OUTPUT_MINIJAIL_H

#include <stdio.h>

#include "core/profile.h"

/* Writes one line per syscall name: "name: 1" when a rule allows it
 * whatever the arguments, "name: arg0 == 1 || arg0 == 2 && arg1 in ..."
 * (OR of the rules' clauses, each an AND of conditions) otherwise; an
 * ERRNO rule without conditions is "name: return ERRNO", or "; return
 * ERRNO" after the conditions of the name's ALLOW rules.  minijail
 * compares whole registers, so a MASKED_EQ (arg & M) == V becomes "argN
 * in ~M|V" and "argN & B" for each bit B of V: the profile's 32-bit
 * comparisons (M = 0xffffffff) included, exactly.  Names the build's
 * <asm/unistd.h> does not define (minijail takes its table from it) are
 * left out with a comment.  The default action, the arches and other
 * actions are comments (minijail kills unlisted calls unless told
 * otherwise).
 *
 * minijail's compiler refuses a program longer than the kernel's
 * BPF_MAXINSNS ("compile_filter failed"); hundreds of argument sets on
 * one call get there.  The names whose conditions cost the most are then
 * written "name: 1" (with a comment) until the estimate fits: a wider
 * rule that loads.  fit (may be NULL) says what was done; the caller
 * frees fit->whole (pointers into p).  0 or -errno. */
struct sp_minijail_fit {
	size_t insns;		/* minijail's estimated length, as profiled */
	size_t fitted;		/* the same, as written */
	const char **whole;	/* names written whole to fit */
	size_t nwhole;
};

int sp_profile_write_minijail(FILE *f, const struct sp_profile *p,
			      struct sp_minijail_fit *fitted);

#endif
