/* The cube algebra of analyzer/cube.h. */
#include "analyzer/cube.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

void sp_region_fini(struct sp_region *r)
{
	free(r->c);
	memset(r, 0, sizeof(*r));
}

int sp_region_push(struct sp_region *r, const struct sp_cube *c)
{
	if (r->n >= SP_REGION_MAX)
		return -E2BIG;
	if (sp_array_grow(&r->c, &r->cap, r->n + 1, sizeof(*r->c)))
		return -ENOMEM;
	r->c[r->n++] = *c;
	return 0;
}

int sp_region_append(struct sp_region *r, const struct sp_region *s)
{
	for (size_t i = 0; i < s->n; i++) {
		int rc = sp_region_push(r, &s->c[i]);

		if (rc)
			return rc;
	}
	return 0;
}

static bool cube_disjoint(const struct sp_cube *a, const struct sp_cube *b)
{
	for (int i = 0; i < SP_NARGS; i++)
		if ((a->v[i] ^ b->v[i]) & a->m[i] & b->m[i])
			return true;
	return false;
}

/* Appends a \ b to out, as disjoint cubes. */
static int cube_sub(const struct sp_cube *a, const struct sp_cube *b,
		    struct sp_region *out)
{
	struct sp_cube cur = *a;
	int rc;

	if (cube_disjoint(a, b))
		return sp_region_push(out, a);
	for (int i = 0; i < SP_NARGS; i++) {
		uint64_t free_bits = b->m[i] & ~a->m[i];

		/* Most significant bit first: the pieces of an interval
		 * stay aligned blocks, which later intervals cover whole
		 * (least significant first splits them again and again). */
		while (free_bits) {
			uint64_t bit = (uint64_t)1 << (63 -
						       __builtin_clzll(free_bits));
			struct sp_cube piece = cur;

			piece.m[i] |= bit;
			piece.v[i] |= ~b->v[i] & bit;
			rc = sp_region_push(out, &piece);
			if (rc)
				return rc;
			cur.m[i] |= bit;
			cur.v[i] |= b->v[i] & bit;
			free_bits &= ~bit;
		}
	}
	return 0;
}

/* *out = a \ b (out is replaced).  0, -E2BIG or -ENOMEM. */
int sp_region_sub(const struct sp_region *a, const struct sp_region *b,
		  struct sp_region *out)
{
	struct sp_region cur = { 0 }, next = { 0 };
	int rc = sp_region_append(&cur, a);

	for (size_t j = 0; !rc && j < b->n && cur.n; j++) {
		next.n = 0;
		for (size_t i = 0; !rc && i < cur.n; i++)
			rc = cube_sub(&cur.c[i], &b->c[j], &next);
		if (!rc) {
			struct sp_region t = cur;

			cur = next;
			next = t;
		}
	}
	sp_region_fini(&next);
	if (rc) {
		sp_region_fini(&cur);
		return rc;
	}
	sp_region_fini(out);
	*out = cur;
	return 0;
}

/* 1 when a is within b, 0 when not, -E2BIG when it cannot tell. */
int sp_region_within(const struct sp_region *a, const struct sp_region *b)
{
	struct sp_region d = { 0 };
	int rc = sp_region_sub(a, b, &d);

	if (rc)
		return rc;
	rc = d.n == 0;
	sp_region_fini(&d);
	return rc;
}

/* *out = a ∩ b (out is replaced). */
int sp_region_and(const struct sp_region *a, const struct sp_region *b,
		  struct sp_region *out)
{
	struct sp_region r = { 0 };
	int rc = 0;

	for (size_t i = 0; !rc && i < a->n; i++)
		for (size_t j = 0; !rc && j < b->n; j++) {
			struct sp_cube c;

			if (cube_disjoint(&a->c[i], &b->c[j]))
				continue;
			for (int k = 0; k < SP_NARGS; k++) {
				c.m[k] = a->c[i].m[k] | b->c[j].m[k];
				c.v[k] = a->c[i].v[k] | b->c[j].v[k];
			}
			rc = sp_region_push(&r, &c);
		}
	if (rc) {
		sp_region_fini(&r);
		return rc;
	}
	sp_region_fini(out);
	*out = r;
	return 0;
}

int sp_region_all(struct sp_region *r)
{
	static const struct sp_cube all;

	return sp_region_push(r, &all);
}

bool sp_region_contains(const struct sp_region *r, const uint64_t x[SP_NARGS],
			uint64_t full)
{
	for (size_t i = 0; i < r->n; i++) {
		int k;

		for (k = 0; k < SP_NARGS; k++)
			if (((x[k] & full) & r->c[i].m[k]) != r->c[i].v[k])
				break;
		if (k == SP_NARGS)
			return true;
	}
	return false;
}

/* The values lo..hi of argument idx (hi <= full) as aligned blocks. */
static int interval(unsigned idx, uint64_t lo, uint64_t hi, uint64_t full,
		    struct sp_region *out)
{
	unsigned width = full == UINT64_MAX ? 64 : 32;

	for (;;) {
		struct sp_cube c = { 0 };
		unsigned k = 0;
		uint64_t last;
		int rc;

		while (k < width) {
			uint64_t size;

			if (k + 1 == 64) {
				if (lo == 0 && hi == UINT64_MAX)
					k++;
				break;
			}
			size = (uint64_t)1 << (k + 1);
			if ((lo & (size - 1)) || hi - lo < size - 1)
				break;
			k++;
		}
		c.v[idx] = lo;
		c.m[idx] = k >= 64 ? 0 : full & ~(((uint64_t)1 << k) - 1);
		rc = sp_region_push(out, &c);
		if (rc)
			return rc;
		last = k >= 64 ? UINT64_MAX : lo + (((uint64_t)1 << k) - 1);
		if (last >= hi)
			return 0;
		lo = last + 1;
	}
}

/* One condition as libseccomp compiles it: value and mask cut to the
 * arch's width, MASKED_EQ's datum masked. */
int sp_region_of_cond(const struct sp_cond *c, uint64_t full,
		      struct sp_region *out)
{
	uint64_t d = c->value & full;
	unsigned i = c->index;
	struct sp_cube one = { 0 };
	struct sp_region all = { 0 }, pt = { 0 };
	int rc;

	switch (c->op) {
	case SP_CMP_MASKED_EQ:
		one.m[i] = d;
		one.v[i] = c->value_two & d;
		return sp_region_push(out, &one);
	case SP_CMP_EQ:
		one.m[i] = full;
		one.v[i] = d;
		return sp_region_push(out, &one);
	case SP_CMP_NE:
		one.m[i] = full;
		one.v[i] = d;
		rc = sp_region_all(&all);
		if (!rc)
			rc = sp_region_push(&pt, &one);
		if (!rc)
			rc = sp_region_sub(&all, &pt, out);
		sp_region_fini(&all);
		sp_region_fini(&pt);
		return rc;
	case SP_CMP_GE:
		return interval(i, d, full, full, out);
	case SP_CMP_GT:
		return d == full ? 0 : interval(i, d + 1, full, full, out);
	case SP_CMP_LE:
		return interval(i, 0, d, full, out);
	case SP_CMP_LT:
		return d == 0 ? 0 : interval(i, 0, d - 1, full, out);
	case SP_CMP_COUNT:
		break;
	}
	return -EINVAL;
}

int sp_region_of_rule(const struct sp_rule *r, uint64_t full,
		      struct sp_region *out)
{
	bool any = sp_rule_index_repeats(r);
	struct sp_region one = { 0 };
	int rc = any ? 0 : sp_region_all(out);

	for (size_t i = 0; !rc && i < r->nconds; i++) {
		one.n = 0;
		rc = sp_region_of_cond(&r->conds[i], full, &one);
		if (!rc)
			rc = any ? sp_region_append(out, &one) :
				   sp_region_and(out, &one, out);
	}
	sp_region_fini(&one);
	return rc;
}

bool sp_rules_overlap(const struct sp_rule *a, const struct sp_rule *b,
		      uint64_t full)
{
	struct sp_region x = { 0 }, y = { 0 };
	int rc = sp_region_of_rule(a, full, &x);

	if (!rc)
		rc = sp_region_of_rule(b, full, &y);
	if (!rc)
		rc = sp_region_and(&x, &y, &x);
	rc = rc || x.n;
	sp_region_fini(&x);
	sp_region_fini(&y);
	return rc;
}
