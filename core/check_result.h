/* What check and run found: the refused patterns of one or more traces
 * (analyzer/check.c judges them, output/report.c renders them). */
#ifndef SP_CORE_CHECK_RESULT_H
#define SP_CORE_CHECK_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/arch.h"
#include "core/profile.h"
#include "core/syscall.h"
#include "core/trace.h"

/* One refused pattern: what the filter does to it and where it was seen. */
struct sp_refusal {
	enum sp_action action;   /* never ALLOW or LOG */
	int data;                /* errno (ERRNO), data (TRAP, TRACE) */
	/* Above data when the data depends on arguments the trace did not
	 * keep (a raw filter returning an errno it computes from one): the
	 * highest found, data the lowest.  Else 0 or data. */
	int data_max;
	enum sp_arch arch;
	int64_t nr;
	uint8_t kept;            /* bit i: args[i] is a known value */
	uint64_t args[SP_NARGS];
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
	/* Patterns judged at the probes alone, the arguments the trace did
	 * not keep past the bound of the search of every value
	 * (sp_bpf_joint): a refusal at another value goes unseen.  How
	 * many, and the first one's call. */
	uint64_t nprobed;
	enum sp_arch probed_arch;
	int64_t probed_nr;
	/* Private to analyzer/check.c (past_bound): the calls whose search
	 * went past its bound, and how often. */
	struct sp_check_past {
		enum sp_arch arch;
		int64_t nr;
		uint8_t kept, n;
	} past[32];
	size_t npast;
	/* Private to check_result.c: a hash index of v (slot = position +
	 * 1, 0 is empty), so that sp_check_result_add finds an equal
	 * refusal in constant time.  sp_check_result_sort drops it; the
	 * next add rebuilds it. */
	size_t *index;
	size_t nindex;           /* slots, a power of two, or 0 */
};

void sp_check_result_init(struct sp_check_result *r);
void sp_check_result_fini(struct sp_check_result *r);

/* Adds one refused call (or count calls) to r, merging it into an equal
 * refusal (same action, data and its range, arch, nr, kept args, trace, exe).  Allocates
 * only for a new refusal.  0 or -ENOMEM. */
int sp_check_result_add(struct sp_check_result *r,
			const struct sp_refusal *x);

/* Orders r->v by (arch, nr, args, action): stable reports. */
void sp_check_result_sort(struct sp_check_result *r);

#endif
