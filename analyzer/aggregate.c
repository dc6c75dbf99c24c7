#include "analyzer/aggregate.h"

#include <errno.h>
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

static int count(struct sp_aggregate *a, enum sp_arch arch, int64_t nr,
		 uint8_t kept, const uint64_t args[SP_NARGS], uint64_t n,
		 uint32_t exe, pid_t pid, const struct sp_event *ev)
{
	struct sp_trace *t = a->trace;
	size_t i = hash(arch, nr, kept, args, exe) & (a->nslots - 1);
	struct sp_pattern p;
	int idx;

	for (; a->slots[i]; i = (i + 1) & (a->nslots - 1)) {
		struct sp_pattern *q = &t->patterns[a->slots[i] - 1];

		if (same(q, arch, nr, kept, args, exe)) {
			q->count += n;
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
	/* Keep the load under one half. */
	if (t->npatterns * 2 > a->nslots)
		return rehash(a, a->nslots * 2);
	return 0;
}

int sp_aggregate_add(struct sp_aggregate *a, const struct sp_event *ev)
{
	const struct sp_argspec *spec = sp_argkind_lookup(ev->arch, ev->nr);
	uint64_t args[SP_NARGS];
	uint8_t kept = sp_argkind_keep(spec, ev->args, args);

	return count(a, ev->arch, ev->nr, kept, args, 1, ev->exe, ev->tgid,
		     ev);
}

int sp_aggregate_add_pattern(struct sp_aggregate *a,
			     const struct sp_pattern *p)
{
	return count(a, p->arch, p->nr, p->kept, p->args, p->count, p->exe,
		     p->pid, NULL);
}

int sp_aggregate_sink(void *ctx, const struct sp_event *ev)
{
	return sp_aggregate_add(ctx, ev);
}
