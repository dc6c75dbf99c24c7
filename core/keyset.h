/* Sets of 64-bit keys (0 is never one), by open addressing: what was seen
 * already, in constant time however many there are (a log's records, a
 * trace's mappings); and indexes by hash into arrays their callers keep
 * (a trace's executables and objects by name, files by identity). */
#ifndef SP_CORE_KEYSET_H
#define SP_CORE_KEYSET_H

#include <stdbool.h>
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

/* An index of positions in an array kept by the caller, by a 64-bit hash
 * of each element's key: the candidates for a key are the positions
 * added with its hash, which the caller compares (hashes collide).  A
 * position whose element changed or went may stay: a caller checks each
 * candidate, so such a one is passed over. */
struct sp_hashidx {
	struct sp_hashidx_slot {
		uint64_t hash;
		uint32_t pos;       /* + 1; 0: empty */
	} *v;
	size_t cap, n;
};

/* Adds position pos under hash.  0 or -ENOMEM. */
int sp_hashidx_add(struct sp_hashidx *x, uint64_t hash, uint32_t pos);

/* The candidates for hash, one a call: *it starts at 0; true with the
 * next one in *pos, false when there are no more.
 *	for (size_t it = 0; sp_hashidx_next(x, h, &it, &pos);)
 *		if (equal(pos)) ... */
bool sp_hashidx_next(const struct sp_hashidx *x, uint64_t hash, size_t *it,
		     uint32_t *pos);

/* Frees x's slots and empties it. */
void sp_hashidx_clear(struct sp_hashidx *x);

/* The hash of a string, and of n bytes mixed into h (start from 0). */
uint64_t sp_hash_str(const char *s);
uint64_t sp_hash_bytes(uint64_t h, const void *p, size_t n);

#endif
