/* The union of profiles: what a fleet's recordings (replicas, nodes, runs)
 * allow together, each rule keeping its evidence. */
#ifndef SP_ANALYZER_MERGE_H
#define SP_ANALYZER_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/profile.h"

/* A refusing rule the union could not keep as it was: another input
 * allows some of the calls it refuses, and a runtime decides between
 * overlapping rules of different actions by its own order of the
 * arguments, or refuses rules with the same conditions and different
 * actions.  The allowed calls stay allowed; the others it refused get
 * the default action, which differs from the rule's. */
struct sp_merge_note {
	const char *name;
	enum sp_action action;   /* the rule's */
	int errno_ret;
	bool conds;              /* the rule had conditions */
	size_t refused_in;       /* the input it came from */
	size_t allowed_in;       /* an input that allows some of its calls */
	bool allowed_conds;      /* ... under conditions */
};

typedef void (*sp_merge_note_fn)(void *ctx, const struct sp_merge_note *n);

/* Builds the profile that allows a call whenever one of in[0..n) allows
 * it.  Default action and errno: the caller's (the inputs' when they
 * agree); architectures: all of theirs.  Every rule of every input is
 * kept, and rules that say the same (action, errno, conditions, origin)
 * for the same name in several inputs become one, whose comment says in
 * how many and which inputs (labels[i], a file name) it was, and what
 * each of their comments said.  Where the inputs disagree on a name:
 * an input that allows it whatever the arguments wins over any refusing
 * rule for it; of rules with the same conditions and different actions
 * an allowing one stays, else the weakest (the first input's among
 * equals); a refusing rule that overlaps what another input allows is
 * left out (on_note, when not NULL, is told when that changes what its
 * other calls get), so that a runtime gets no conflicting rules.  Rules are ordered by origin, then
 * by the number of inputs they were in.  0 or -ENOMEM. */
int sp_merge_profiles(struct sp_profile *const *in,
		      const char *const *labels, size_t n,
		      enum sp_action default_action, int default_errno,
		      sp_merge_note_fn on_note, void *ctx,
		      struct sp_profile **out);

#endif
