/* The aggregator: the sink that turns the tracer's calls into the trace's
 * distinct patterns (arch, nr, kept argument values, executable) with
 * counts. */
#ifndef SP_ANALYZER_AGGREGATE_H
#define SP_ANALYZER_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/trace.h"

struct sp_aggregate {
	struct sp_trace *trace;  /* borrowed: patterns are added to it */
	uint32_t *slots;         /* pattern index + 1; 0 = empty */
	size_t nslots;           /* a power of two */
	/* Called for each new pattern of sp_aggregate_add before it is
	 * added, while the tracee is still stopped in the call (NULL: not
	 * called): may fill p->stack and p->nframes (record --stacks).
	 * Repeated patterns never call it. */
	void (*on_new)(void *ctx, const struct sp_event *ev,
		       struct sp_pattern *p);
	void *on_new_ctx;
};

/* Indexes the patterns already in t (a trace may be extended). */
int sp_aggregate_init(struct sp_aggregate *a, struct sp_trace *t);
void sp_aggregate_fini(struct sp_aggregate *a);

/* Counts one call: finds or adds its pattern.  0 or -ENOMEM.  Allocates
 * only when the table grows (amortized, by doubling). */
int sp_aggregate_add(struct sp_aggregate *a, const struct sp_event *ev);

/* Counts a pattern by its own kept mask and count (merging traces: p->exe
 * must already index a's trace). */
int sp_aggregate_add_pattern(struct sp_aggregate *a,
			     const struct sp_pattern *p);

/* Adds the recording src as one more run of a's trace (record
 * --repeat): its executables, objects, process images and mappings, and
 * each of its patterns counted in one more run (a pattern new to the
 * trace keeps src's call site).  Before the first one, the trace's own
 * patterns become its run 1.  The trace's end and status become src's
 * when the trace so far exited 0.  0 or -ENOMEM. */
int sp_aggregate_add_run(struct sp_aggregate *a, const struct sp_trace *src);

/* sp_aggregate_add with the sink's signature (ctx is the aggregate). */
int sp_aggregate_sink(void *ctx, const struct sp_event *ev);

#endif
