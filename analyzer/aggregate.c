#include "analyzer/aggregate.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/argkind.h"

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

static uint64_t hash(enum sp_arch arch, int64_t nr, uint8_t kept,
		     const uint64_t args[SP_NARGS], uint32_t exe)
{
	uint64_t h = mix((uint64_t)exe << 16 | (uint64_t)arch << 8 | kept,
			 (uint64_t)nr);

	for (int i = 0; i < SP_NARGS; i++)
		if (kept & (1u << i))
			h = mix(h, args[i]);
	/* Final avalanche (splitmix64). */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

static int same(const struct sp_pattern *p, enum sp_arch arch, int64_t nr,
		uint8_t kept, const uint64_t args[SP_NARGS], uint32_t exe)
{
	return p->arch == arch && p->nr == nr && p->kept == kept &&
	       p->exe == exe &&
	       memcmp(p->args, args, sizeof(p->args)) == 0;
}

static void place(uint32_t *slots, size_t nslots, const struct sp_pattern *p,
		  uint32_t idx)
{
	size_t i = hash(p->arch, p->nr, p->kept, p->args, p->exe) & (nslots - 1);

	while (slots[i])
		i = (i + 1) & (nslots - 1);
	slots[i] = idx + 1;
}

static int rehash(struct sp_aggregate *a, size_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < a->trace->npatterns; i++)
		place(slots, nslots, &a->trace->patterns[i], (uint32_t)i);
	free(a->slots);
	a->slots = slots;
	a->nslots = nslots;
	return 0;
}

int sp_aggregate_init(struct sp_aggregate *a, struct sp_trace *t)
{
	size_t n = 1024;

	memset(a, 0, sizeof(*a));
	a->trace = t;
	while (n < t->npatterns * 2)
		n *= 2;
	return rehash(a, n);
}

void sp_aggregate_fini(struct sp_aggregate *a)
{
	free(a->slots);
	a->slots = NULL;
	a->nslots = 0;
}

/* Finds or adds the pattern and counts n calls to it; *index (when not
 * NULL) is its index, *added whether it is new. */
static int count_at(struct sp_aggregate *a, enum sp_arch arch, int64_t nr,
		    uint8_t kept, const uint64_t args[SP_NARGS], uint64_t n,
		    uint32_t exe, pid_t pid, const struct sp_event *ev,
		    size_t *index, bool *added)
{
	struct sp_trace *t = a->trace;
	size_t i = hash(arch, nr, kept, args, exe) & (a->nslots - 1);
	struct sp_pattern p;
	int idx;

	for (; a->slots[i]; i = (i + 1) & (a->nslots - 1)) {
		struct sp_pattern *q = &t->patterns[a->slots[i] - 1];

		if (same(q, arch, nr, kept, args, exe)) {
			q->count += n;
			if (index) {
				*index = a->slots[i] - 1;
				*added = false;
			}
			return 0;
		}
	}
	if (t->npatterns >= UINT32_MAX - 1)
		return -ENOMEM;
	memset(&p, 0, sizeof(p));
	p.arch = arch;
	p.nr = nr;
	p.kept = kept;
	memcpy(p.args, args, sizeof(p.args));
	p.count = n;
	p.exe = exe;
	p.pid = pid;
	if (ev && a->on_new)
		a->on_new(a->on_new_ctx, ev, &p);
	idx = sp_trace_add_pattern(t, &p);
	if (idx < 0)
		return idx;
	a->slots[i] = (uint32_t)idx + 1;
	if (index) {
		*index = (size_t)idx;
		*added = true;
	}
	/* Keep the load under one half. */
	if (t->npatterns * 2 > a->nslots)
		return rehash(a, a->nslots * 2);
	return 0;
}

static int count(struct sp_aggregate *a, enum sp_arch arch, int64_t nr,
		 uint8_t kept, const uint64_t args[SP_NARGS], uint64_t n,
		 uint32_t exe, pid_t pid, const struct sp_event *ev)
{
	return count_at(a, arch, nr, kept, args, n, exe, pid, ev, NULL, NULL);
}

int sp_aggregate_add(struct sp_aggregate *a, const struct sp_event *ev)
{
	const struct sp_argspec *spec = sp_argkind_lookup(ev->arch, ev->nr);
	uint64_t args[SP_NARGS];
	uint8_t kept = sp_argkind_keep(spec, ev->args, ev->read, args);

	return count(a, ev->arch, ev->nr, kept, args, 1, ev->exe, ev->tgid,
		     ev);
}

int sp_aggregate_add_pattern(struct sp_aggregate *a,
			     const struct sp_pattern *p)
{
	/* The in-kernel tracer keeps by the table's mask alone: prctl's
	 * second argument of PR_SET_NAME (a pointer) dropped here. */
	uint8_t kept = sp_argkind_picked(sp_argkind_lookup(p->arch, p->nr),
					 p->kept, p->args);
	uint64_t args[SP_NARGS];

	for (unsigned i = 0; i < SP_NARGS; i++)
		args[i] = kept & (1u << i) ? p->args[i] : 0;
	return count(a, p->arch, p->nr, kept, args, p->count, p->exe,
		     p->pid, NULL);
}

int sp_aggregate_sink(void *ctx, const struct sp_event *ev)
{
	return sp_aggregate_add(ctx, ev);
}

/* src's first call site of q, copied into t (modules interned). */
static int copy_stack(struct sp_trace *t, const struct sp_trace *src,
		      const struct sp_pattern *q, struct sp_pattern *p)
{
	for (uint8_t k = 0; k < q->nframes; k++) {
		const struct sp_frame *f = &src->frames[q->stack + k];
		struct sp_frame c = *f;
		int idx;

		c.symbol = NULL;
		if (f->module != SP_NO_MODULE) {
			idx = sp_trace_intern_module(t, src->modules[f->module]);
			if (idx < 0)
				return idx;
			c.module = (uint32_t)idx;
		}
		if (f->symbol && !(c.symbol = strdup(f->symbol)))
			return -ENOMEM;
		idx = sp_trace_add_frame(t, &c);
		if (idx < 0)
			return idx;
		if (k == 0)
			p->stack = (uint32_t)idx;
	}
	p->nframes = q->nframes;
	return 0;
}

int sp_aggregate_add_run(struct sp_aggregate *a, const struct sp_trace *src)
{
	struct sp_trace *t = a->trace;
	uint32_t *exes = calloc(src->nexes + 1, sizeof(*exes));
	uint32_t *objs = calloc(src->nobjects + 1, sizeof(*objs));
	size_t procs = t->nprocs;
	int ret = exes && objs ? 0 : -ENOMEM;

	/* The trace so far is run 1. */
	if (!ret && sp_trace_runs(t) == 1) {
		t->runs = 1;
		for (size_t i = 0; i < t->npatterns; i++)
			t->patterns[i].runs = 1;
	}
	for (size_t i = 0; !ret && i < src->nexes; i++) {
		int idx = sp_trace_intern_exe(t, src->exes[i]);

		ret = idx < 0 ? idx : 0;
		exes[i] = (uint32_t)idx;
	}
	for (size_t i = 0; !ret && i < src->nobjects; i++) {
		int idx = sp_trace_intern_object(t, src->objects[i]);

		ret = idx < 0 ? idx : 0;
		objs[i] = (uint32_t)idx;
	}
	for (size_t i = 0; !ret && i < src->nprocs; i++)
		ret = sp_trace_add_process(t, src->procs[i].pid,
					   src->procs[i].ppid,
					   exes[src->procs[i].exe]);
	for (size_t i = 0; !ret && i < src->nmaps; i++)
		ret = sp_trace_add_mapping(t, (uint32_t)procs + src->maps[i].proc,
					   objs[src->maps[i].object]);
	for (size_t i = 0; !ret && i < src->npatterns; i++) {
		const struct sp_pattern *q = &src->patterns[i];
		size_t idx;
		bool added;

		ret = count_at(a, q->arch, q->nr, q->kept, q->args, q->count,
			       exes[q->exe], q->pid, NULL, &idx, &added);
		if (ret)
			break;
		if (added) {
			t->patterns[idx].runs = 1;
			t->patterns[idx].baseline = q->baseline;
			ret = copy_stack(t, src, q, &t->patterns[idx]);
		} else {
			t->patterns[idx].runs++;
		}
	}
	if (!ret) {
		t->runs++;
		t->ncalls += src->ncalls;
		t->partial |= src->partial;
		t->no_new_privs |= src->no_new_privs;
		t->other_mount_ns |= src->other_mount_ns;
		for (size_t i = 0; !ret && i < src->nunprivileged; i++)
			ret = sp_trace_intern_unprivileged(
				t, src->unprivileged[i]) < 0 ? -ENOMEM : 0;
		/* The trace says how a run went wrong, if one did. */
		if (t->end == SP_END_EXITED && t->status == 0) {
			t->end = src->end;
			t->status = src->status;
		}
	}
	free(exes);
	free(objs);
	return ret;
}
