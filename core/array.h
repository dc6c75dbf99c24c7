/* Arrays: their length, and growing them. */
#ifndef SP_CORE_ARRAY_H
#define SP_CORE_ARRAY_H

#include <stddef.h>

/* The number of elements of an array (not of a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Makes *pv, an array of *cap elements of size bytes (pv: the address of
 * the array's pointer), hold at least need: the capacity doubles, from
 * 16.  0, or -ENOMEM with the array and *cap as they were. */
int sp_array_grow(void *pv, size_t *cap, size_t need, size_t size);

#endif
