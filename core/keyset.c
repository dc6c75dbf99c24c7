#include "core/keyset.h"

#include <errno.h>
#include <stdlib.h>

/* Where key's probe starts: all of its bits mixed (murmur3's finaliser).
 * Keys made of two numbers (a pid and an index) differ in some bits only:
 * taking those as they are sends thousands of keys to one slot, and each
 * is probed past all the others. */
static size_t slot(const struct sp_keyset *s, uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ull;
	key ^= key >> 33;
	return (size_t)key & (s->cap - 1);
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
