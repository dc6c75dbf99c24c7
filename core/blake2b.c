#include "core/blake2b.h"

#include <string.h>

static const uint64_t iv[8] = {
	0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull,
	0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
	0x510e527fade682d1ull, 0x9b05688c2b3e6c1full,
	0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};

/* The message schedule: which words each round mixes, and in what order
 * (rounds 10 and 11 take rows 0 and 1 again). */
static const uint8_t sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

static inline uint64_t rotr(uint64_t x, unsigned n)
{
	return x >> n | x << (64 - n);
}

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

#define G(a, b, c, d, x, y)                                                   \
	do {                                                                  \
		a += b + (x);                                                 \
		d = rotr(d ^ a, 32);                                          \
		c += d;                                                       \
		b = rotr(b ^ c, 24);                                          \
		a += b + (y);                                                 \
		d = rotr(d ^ a, 16);                                          \
		c += d;                                                       \
		b = rotr(b ^ c, 63);                                          \
	} while (0)

static void compress(struct sp_blake2b *s, const uint8_t *block, int last)
{
	uint64_t m[16], v[16];

	for (int i = 0; i < 16; i++)
		m[i] = load64(block + 8 * i);
	for (int i = 0; i < 8; i++) {
		v[i] = s->h[i];
		v[i + 8] = iv[i];
	}
	v[12] ^= s->t[0];
	v[13] ^= s->t[1];
	if (last)
		v[14] = ~v[14];
	for (int r = 0; r < 12; r++) {
		const uint8_t *z = sigma[r % 10];

		G(v[0], v[4], v[8], v[12], m[z[0]], m[z[1]]);
		G(v[1], v[5], v[9], v[13], m[z[2]], m[z[3]]);
		G(v[2], v[6], v[10], v[14], m[z[4]], m[z[5]]);
		G(v[3], v[7], v[11], v[15], m[z[6]], m[z[7]]);
		G(v[0], v[5], v[10], v[15], m[z[8]], m[z[9]]);
		G(v[1], v[6], v[11], v[12], m[z[10]], m[z[11]]);
		G(v[2], v[7], v[8], v[13], m[z[12]], m[z[13]]);
		G(v[3], v[4], v[9], v[14], m[z[14]], m[z[15]]);
	}
	for (int i = 0; i < 8; i++)
		s->h[i] ^= v[i] ^ v[i + 8];
}

static void count(struct sp_blake2b *s, size_t n)
{
	s->t[0] += n;
	if (s->t[0] < n)
		s->t[1]++;
}

void sp_blake2b_init(struct sp_blake2b *s, size_t outlen)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
	/* The parameter block: digest length, no key, fanout and depth 1. */
	s->h[0] ^= 0x01010000ull ^ outlen;
	s->outlen = outlen;
}

void sp_blake2b_update(struct sp_blake2b *s, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		size_t take;

		/* A full block is compressed only once more data follows:
		 * the last one is compressed by final, flagged. */
		if (s->fill == sizeof(s->buf)) {
			count(s, s->fill);
			compress(s, s->buf, 0);
			s->fill = 0;
		}
		/* Whole blocks with more after them, from where they lie. */
		while (!s->fill && len > sizeof(s->buf)) {
			count(s, sizeof(s->buf));
			compress(s, p, 0);
			p += sizeof(s->buf);
			len -= sizeof(s->buf);
		}
		take = sizeof(s->buf) - s->fill;
		if (take > len)
			take = len;
		memcpy(s->buf + s->fill, p, take);
		s->fill += take;
		p += take;
		len -= take;
	}
}

void sp_blake2b_final(struct sp_blake2b *s, uint8_t *out)
{
	uint8_t full[SP_BLAKE2B_MAX];

	count(s, s->fill);
	memset(s->buf + s->fill, 0, sizeof(s->buf) - s->fill);
	compress(s, s->buf, 1);
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++)
			full[8 * i + j] = (uint8_t)(s->h[i] >> (8 * j));
	memcpy(out, full, s->outlen);
}
