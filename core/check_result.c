/* The refusals of check and run: merged as they come (a hash of the
 * refusals so far), sorted for stable reports. */
#include "core/check_result.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

void sp_check_result_init(struct sp_check_result *r)
{
	memset(r, 0, sizeof(*r));
}

void sp_check_result_fini(struct sp_check_result *r)
{
	free(r->v);
	free(r->index);
	memset(r, 0, sizeof(*r));
}

static bool same_refusal(const struct sp_refusal *a,
			 const struct sp_refusal *b)
{
	return a->action == b->action && a->data == b->data &&
	       a->data_max == b->data_max &&
	       a->arch == b->arch && a->nr == b->nr && a->kept == b->kept &&
	       memcmp(a->args, b->args, sizeof(a->args)) == 0 &&
	       a->trace == b->trace && a->exe == b->exe &&
	       a->arg_dependent == b->arg_dependent &&
	       a->baseline == b->baseline;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

/* A hash of exactly the fields same_refusal compares. */
static uint64_t refusal_hash(const struct sp_refusal *x)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = mix(h, (uint64_t)x->action << 32 | (uint32_t)x->data);
	h = mix(h, (uint64_t)x->arch << 32 | x->kept);
	h = mix(h, (uint32_t)x->data_max);
	h = mix(h, (uint64_t)x->nr);
	for (int i = 0; i < SP_NARGS; i++)
		h = mix(h, x->args[i]);
	h = mix(h, (uint64_t)(uintptr_t)x->trace);
	h = mix(h, (uint64_t)x->exe << 2 | x->arg_dependent << 1 |
			   x->baseline);
	return h * 0x9e3779b97f4a7c15ull;
}

/* The slot of x in r->index: the one holding an equal refusal, or the
 * empty slot where it goes.  The index is never full (see index_fit). */
static size_t *index_slot(const struct sp_check_result *r,
			  const struct sp_refusal *x)
{
	size_t mask = r->nindex - 1;
	size_t i = (size_t)(refusal_hash(x) >> 16) & mask;

	while (r->index[i] && !same_refusal(&r->v[r->index[i] - 1], x))
		i = (i + 1) & mask;
	return &r->index[i];
}

/* Makes the index hold r->n + 1 refusals at most half full, rebuilding
 * it from r->v when it grows or was dropped by sp_check_result_sort. */
static int index_fit(struct sp_check_result *r)
{
	size_t want = 64, *old = r->index;

	if (r->nindex >= 2 * (r->n + 1))
		return 0;
	while (want < 2 * (r->n + 1))
		want *= 2;
	r->index = calloc(want, sizeof(*r->index));
	if (!r->index) {
		r->index = old;
		return -ENOMEM;
	}
	free(old);
	r->nindex = want;
	for (size_t i = 0; i < r->n; i++)
		*index_slot(r, &r->v[i]) = i + 1;
	return 0;
}

int sp_check_result_add(struct sp_check_result *r, const struct sp_refusal *x)
{
	size_t *slot;
	int rc;

	rc = index_fit(r);
	if (rc)
		return rc;
	slot = index_slot(r, x);
	if (*slot) {
		r->v[*slot - 1].count += x->count;
		r->nrefused_calls += x->count;
		return 0;
	}
	if (sp_array_grow(&r->v, &r->cap, r->n + 1, sizeof(*r->v)))
		return -ENOMEM;
	r->v[r->n++] = *x;
	*slot = r->n;
	r->nrefused_calls += x->count;
	return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_refusal(const void *pa, const void *pb)
{
	const struct sp_refusal *a = pa, *b = pb;
	int c;

	if (a->arch != b->arch)
		return a->arch < b->arch ? -1 : 1;
	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	if (a->kept != b->kept)
		return a->kept < b->kept ? -1 : 1;
	for (int i = 0; i < SP_NARGS; i++) {
		c = cmp_u64(a->args[i], b->args[i]);
		if (c)
			return c;
	}
	if (a->action != b->action)
		return a->action < b->action ? -1 : 1;
	if (a->data != b->data)
		return a->data < b->data ? -1 : 1;
	if (a->data_max != b->data_max)
		return a->data_max < b->data_max ? -1 : 1;
	if (a->exe != b->exe)
		return a->exe < b->exe ? -1 : 1;
	return 0;
}

void sp_check_result_sort(struct sp_check_result *r)
{
	/* Positions move: the index is rebuilt by the next add. */
	free(r->index);
	r->index = NULL;
	r->nindex = 0;
	if (r->n)
		qsort(r->v, r->n, sizeof(r->v[0]), cmp_refusal);
}
