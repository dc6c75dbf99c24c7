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
#include "core/event.h"
#include "core/profile.h"
#include "core/trace.h"

/* One refused pattern: what the filter does to it and where it was seen. */
struct sp_refusal {
	enum sp_action action;   /* never ALLOW or LOG */
	int data;                /* errno (ERRNO), data (TRAP, TRACE) */
	enum sp_arch arch;
	int64_t nr;
	uint8_t kept;            /* bit i: args[i] is a known value */
	uint64_t args[6];
	uint64_t count;
	const struct sp_trace *trace;  /* borrowed: where exe points */
	uint32_t exe;            /* index into trace->exes */
	pid_t pid;               /* process of the first call */
	/* The trace did not keep every argument, and the verdict changes
	 * with the values of those it did not keep: the call may be
	 * refused, or refused only for some values. */
	bool arg_dependent;
	/* The pattern came from a baseline (record --baseline). */
	bool baseline;
	/* The first call site, when recorded: trace->frames[stack] on. */
	uint8_t nframes;
	uint32_t stack;
};

struct sp_check_result {
	struct sp_refusal *v;
	size_t n, cap;
	uint64_t npatterns;      /* patterns judged */
	uint64_t ncalls;         /* calls judged (sum of counts) */
	uint64_t nrefused_calls; /* calls refused (sum of refusal counts) */
	/* Private to check.c: a hash index of v (slot = position + 1, 0 is
	 * empty), so that sp_check_add finds an equal refusal in constant
	 * time.  sp_check_sort drops it; the next add rebuilds it. */
	size_t *index;
	size_t nindex;           /* slots, a power of two, or 0 */
};

void sp_check_result_init(struct sp_check_result *r);
void sp_check_result_fini(struct sp_check_result *r);

/* The filter being judged: stacked programs, oldest first, each already
 * passed by sp_interp_check. */
struct sp_filter {
	const struct sp_bpf *progs;
	size_t n;
};

/* The verdict of f for one call: the action and its data. */
enum sp_action sp_filter_verdict(const struct sp_filter *f,
				 const struct seccomp_data *sd, int *data);

/* struct seccomp_data of a call: arch's AUDIT value, nr, args. */
void sp_seccomp_data_of(enum sp_arch arch, int64_t nr, const uint64_t args[6],
			uint64_t ip, struct seccomp_data *sd);

/* Judges every pattern of the n traces under f and adds each refused one
 * to r (r's counters grow).  An argument the trace did not keep, when f
 * reads it, is tried at several values (0, all ones, the low or high 32
 * bits set, 1); where the verdicts differ, the strongest refusal is
 * reported, flagged arg_dependent.  0 or -ENOMEM. */
int sp_check_traces(const struct sp_filter *f, struct sp_trace *const *traces,
		    size_t n, struct sp_check_result *r);

/* Adds one refused call (or count calls) to r, merging it into an equal
 * refusal (same action, data, arch, nr, kept args, trace, exe).  Allocates
 * only for a new refusal.  0 or -ENOMEM. */
int sp_check_add(struct sp_check_result *r, const struct sp_refusal *x);

/* Orders r->v by (arch, nr, args, action): stable reports. */
void sp_check_sort(struct sp_check_result *r);

#endif
