/* Arrays: their length, and growing them. */
#ifndef SP_CORE_ARRAY_H
#define SP_CORE_ARRAY_H

#include <stddef.h>
#include <stdint.h>

/* The number of elements of an array (not of a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Makes *pv, an array of *cap elements of size bytes (pv: the address of
 * the array's pointer), hold at least need: the capacity doubles, from
 * 16.  0, or -ENOMEM with the array and *cap as they were. */
int sp_array_grow(void *pv, size_t *cap, size_t need, size_t size);

/* As sp_array_grow, and the elements it adds are zeroed: for a table
 * indexed by ids, where 0 means "none yet". */
int sp_array_cover(void *pv, size_t *cap, size_t need, size_t size);

/* In base, n elements of size bytes sorted by the uint64_t at offset in
 * each: the index of the first whose key is not below key (n when
 * none). */
size_t sp_array_lower_u64(const void *base, size_t n, size_t size,
			  size_t offset, uint64_t key);

/* Appends an element to *pv (*n used, *cap allocated, size bytes each;
 * grown as sp_array_grow does) and returns it, zeroed; NULL, with the
 * array as it was, when memory runs out. */
void *sp_array_push(void *pv, size_t *n, size_t *cap, size_t size);

#endif
