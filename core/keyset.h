/* Sets of 64-bit keys (0 is never one), by open addressing: what was seen
 * already, in constant time however many there are (a log's records, a
 * trace's mappings). */
#ifndef SP_CORE_KEYSET_H
#define SP_CORE_KEYSET_H

#include <stddef.h>
#include <stdint.h>

struct sp_keyset {
	uint64_t *v;
	size_t cap, n;
};

/* Adds key to s (zeroed to begin with): 1 when it was there already, 0
 * when added, -ENOMEM. */
int sp_keyset_add(struct sp_keyset *s, uint64_t key);

/* Frees s's keys and empties it. */
void sp_keyset_clear(struct sp_keyset *s);

#endif
