/* BLAKE2b (RFC 7693), unkeyed: a cryptographic digest of a file's bytes,
 * where two different contents must never be taken for one (the
 * summary cache keyed by contents: a file made to match another's key
 * would have its summary used for the other).  Written from the RFC. */
#ifndef SP_CORE_BLAKE2B_H
#define SP_CORE_BLAKE2B_H

#include <stddef.h>
#include <stdint.h>

#define SP_BLAKE2B_MAX 64    /* the longest digest, in bytes */

struct sp_blake2b {
	uint64_t h[8];
	uint64_t t[2];           /* bytes compressed so far */
	uint8_t buf[128];        /* the block not compressed yet */
	size_t fill;
	size_t outlen;
};

/* Starts a digest of outlen bytes (1 to SP_BLAKE2B_MAX). */
void sp_blake2b_init(struct sp_blake2b *s, size_t outlen);

/* Adds len bytes of data. */
void sp_blake2b_update(struct sp_blake2b *s, const void *data, size_t len);

/* Writes the digest (s->outlen bytes) to out; s is spent. */
void sp_blake2b_final(struct sp_blake2b *s, uint8_t *out);

#endif
