/* -f minijail: a minijail0 seccomp policy file (minijail0 -S FILE). */
#ifndef SP_OUTPUT_MINIJAIL_H
#define SP_OUTPUT_MINIJAIL_H

#include <stdio.h>

#include "core/profile.h"

/* Writes one line per syscall name: "name: 1" when a rule allows it
 * whatever the arguments, "name: arg0 == 1 || arg0 == 2 && arg1 in ..."
 * (OR of the rules' clauses, each an AND of conditions) otherwise, and
 * "name: return ERRNO" for an ERRNO rule.  A MASKED_EQ condition becomes
 * "argN in ~MASK" when no bit of MASK may be set (value 0), "argN & BIT"
 * for a single bit that must be set, "argN == V" for the 32-bit
 * comparison (mask 0xffffffff: minijail compares all 64 bits); other masked
 * comparisons, and rules minijail cannot express, are written as
 * comments and the name is allowed whole.  The default action and the
 * arches are comments (minijail kills unlisted calls unless told
 * otherwise).  0 or -errno. */
int sp_profile_write_minijail(FILE *f, const struct sp_profile *p);

#endif
