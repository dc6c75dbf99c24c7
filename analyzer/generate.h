/* From traces to a profile: the observed calls, plus the documented safety
 * additions (each switchable and tagged with its origin). */
#ifndef SP_ANALYZER_GENERATE_H
#define SP_ANALYZER_GENERATE_H

#include <stddef.h>

#include "core/profile.h"
#include "core/trace.h"

/* OCI runtimes whose post-filter calls the profile allows (a bit set). */
enum sp_runtime {
	SP_RUNTIME_CRUN = 1u << 0,
	SP_RUNTIME_RUNC = 1u << 1,
};

struct sp_generate_opts {
	enum sp_action default_action;
	int default_errno;       /* -1: unset */
	unsigned runtimes;       /* enum sp_runtime bits; 0: none */
};

/* The default options: ERRNO default, both runtimes. */
void sp_generate_opts_init(struct sp_generate_opts *o);

/* Parses "crun", "runc", "none" or a comma list into *out.  0 or
 * -EINVAL. */
int sp_runtime_parse(const char *s, unsigned *out);

/* Builds the profile of n traces.  *unnamed counts the patterns skipped
 * because libseccomp has no name for their number (a profile cannot name
 * them).  0 or -ENOMEM. */
int sp_generate_profile(struct sp_trace *const *traces, size_t n,
			const struct sp_generate_opts *o,
			struct sp_profile **out, size_t *unnamed);

#endif
