#include "core/keyset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Where key's probe starts: all of its bits mixed (murmur3's finaliser).
 * Keys made of two numbers (a pid and an index) differ in some bits only:
 * taking those as they are sends thousands of keys to one slot, and each
 * is probed past all the others. */
static uint64_t mix(uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ull;
	key ^= key >> 33;
	return key;
}

static size_t slot(const struct sp_keyset *s, uint64_t key)
{
	return (size_t)mix(key) & (s->cap - 1);
}

static void put(struct sp_keyset *s, uint64_t key)
{
	size_t i;

	for (i = slot(s, key); s->v[i]; i = (i + 1) & (s->cap - 1))
		;
	s->v[i] = key;
	s->n++;
}

int sp_keyset_add(struct sp_keyset *s, uint64_t key)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct sp_keyset g = { NULL, s->cap ? s->cap * 2 : 256, 0 };

		g.v = calloc(g.cap, sizeof(*g.v));
		if (!g.v)
			return -ENOMEM;
		for (i = 0; i < s->cap; i++)
			if (s->v[i])
				put(&g, s->v[i]);
		free(s->v);
		*s = g;
	}
	for (i = slot(s, key); s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == key)
			return 1;
	s->v[i] = key;
	s->n++;
	return 0;
}

void sp_keyset_clear(struct sp_keyset *s)
{
	free(s->v);
	s->v = NULL;
	s->cap = s->n = 0;
}

/* Where hash's probe starts: mixed again, as a caller's hash (FNV-1a of
 * paths alike but for their last bytes) may leave low bits alike. */
static size_t hslot(const struct sp_hashidx *x, uint64_t hash)
{
	return (size_t)mix(hash) & (x->cap - 1);
}

static void hput(struct sp_hashidx *x, struct sp_hashidx_slot e)
{
	size_t i;

	for (i = hslot(x, e.hash); x->v[i].pos; i = (i + 1) & (x->cap - 1))
		;
	x->v[i] = e;
	x->n++;
}

int sp_hashidx_add(struct sp_hashidx *x, uint64_t hash, uint32_t pos)
{
	if ((x->n + 1) * 2 > x->cap) {
		struct sp_hashidx g = { NULL, x->cap ? x->cap * 2 : 64, 0 };

		g.v = calloc(g.cap, sizeof(*g.v));
		if (!g.v)
			return -ENOMEM;
		for (size_t i = 0; i < x->cap; i++)
			if (x->v[i].pos)
				hput(&g, x->v[i]);
		free(x->v);
		*x = g;
	}
	hput(x, (struct sp_hashidx_slot){ hash, pos + 1 });
	return 0;
}

bool sp_hashidx_next(const struct sp_hashidx *x, uint64_t hash, size_t *it,
		     uint32_t *pos)
{
	/* *it: the slots probed so far. */
	if (!x->cap)
		return false;
	for (size_t i = (hslot(x, hash) + *it) & (x->cap - 1); x->v[i].pos;
	     i = (i + 1) & (x->cap - 1)) {
		++*it;
		if (x->v[i].hash == hash) {
			*pos = x->v[i].pos - 1;
			return true;
		}
	}
	return false;
}

void sp_hashidx_clear(struct sp_hashidx *x)
{
	free(x->v);
	x->v = NULL;
	x->cap = x->n = 0;
}

uint64_t sp_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	if (!h)
		h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

uint64_t sp_hash_str(const char *s)
{
	return sp_hash_bytes(0, s, strlen(s));
}
