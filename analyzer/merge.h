/* The union of profiles: what a fleet's recordings (replicas, nodes, runs)
 * allow together, each rule keeping its evidence. */
#ifndef SP_ANALYZER_MERGE_H
#define SP_ANALYZER_MERGE_H

#include <stddef.h>

#include "core/profile.h"

/* Builds the profile that allows a call whenever one of in[0..n) allows
 * it.  Default action and errno: the caller's (the inputs' when they
 * agree); architectures: all of theirs.  Every rule of every input is
 * kept, and rules that say the same (action, errno, conditions, origin)
 * for the same name in several inputs become one, whose comment says in
 * how many and which inputs (labels[i], a file name) it was, and what
 * each of their comments said.  Where the inputs disagree on a name:
 * an input that allows it whatever the arguments wins over any refusing
 * rule for it, and of several refusing rules without conditions the
 * weakest action stays (the first input's among equals), so that a
 * runtime gets no conflicting rules.  Rules are ordered by origin, then
 * by the number of inputs they were in.  0 or -ENOMEM. */
int sp_merge_profiles(struct sp_profile *const *in,
		      const char *const *labels, size_t n,
		      enum sp_action default_action, int default_errno,
		      struct sp_profile **out);

#endif
