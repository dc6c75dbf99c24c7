/* record --baseline: what a filter allows, added to a recording as
 * patterns that ran no call, so that a profile of the trace keeps it. */
#ifndef SP_ANALYZER_BASELINE_H
#define SP_ANALYZER_BASELINE_H

#include "analyzer/check.h"
#include "core/profile.h"
#include "core/trace.h"

/* Adds to t, marked baseline with no calls, every call f allows for some
 * argument values that t did not record, on the native arch and p's
 * arches (p: the profile f was compiled from, or NULL for raw and live
 * programs).  p's rules that allow a call only for some values keep their
 * conditions: one pattern per rule with the widest values they admit
 * (EQ's value; MASKED_EQ's value with every bit its mask leaves free),
 * only the constrained arguments kept.  A rule with other comparisons
 * (<, !=, ...) cannot be carried: on_vague (may be NULL) is told each
 * call such rules name, once, and those calls are allowed whatever their
 * arguments.  t is sorted again.  0 or -ENOMEM. */
int sp_baseline_add(struct sp_trace *t, const struct sp_filter *f,
		    const struct sp_profile *p,
		    void (*on_vague)(void *ctx, const char *name), void *ctx);

#endif
