/* Arrays: their length, and growing them. */
#ifndef SP_CORE_ARRAY_H
#define SP_CORE_ARRAY_H

#include <stddef.h>

/* The number of elements of an array (not of a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
