#include "core/array.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int sp_array_grow(void *pv, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 16;
	void *old, *p;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return -ENOMEM;
	/* pv points at a pointer of any object type: copied, not cast. */
	memcpy(&old, pv, sizeof(old));
	p = realloc(old, ncap * size);
	if (!p)
		return -ENOMEM;
	memcpy(pv, &p, sizeof(p));
	*cap = ncap;
	return 0;
}

int sp_array_cover(void *pv, size_t *cap, size_t need, size_t size)
{
	size_t old = *cap;
	char *p;
	int rc = sp_array_grow(pv, cap, need, size);

	if (rc || *cap == old)
		return rc;
	memcpy(&p, pv, sizeof(p));
	memset(p + old * size, 0, (*cap - old) * size);
	return 0;
}

void *sp_array_push(void *pv, size_t *n, size_t *cap, size_t size)
{
	char *p;

	if (sp_array_grow(pv, cap, *n + 1, size))
		return NULL;
	memcpy(&p, pv, sizeof(p));
	p += (*n)++ * size;
	memset(p, 0, size);
	return p;
}

size_t sp_array_lower_u64(const void *base, size_t n, size_t size,
			  size_t offset, uint64_t key)
{
	const char *b = base;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k;

		memcpy(&k, b + mid * size + offset, sizeof(k));
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
