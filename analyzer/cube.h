/* Sets of argument values, exactly: unions of ternary cubes over the six
 * arguments of a call, and the algebra diff decides inclusion with. */
#ifndef SP_ANALYZER_CUBE_H
#define SP_ANALYZER_CUBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/profile.h"
#include "core/syscall.h"

/* The most cubes one region may hold; past it, "cannot prove" (-E2BIG). */
#define SP_REGION_MAX 32768

/* The calls whose six arguments x satisfy (x[i] & m[i]) == v[i] for all i
 * (v[i] & ~m[i] == 0 always).  Never empty. */
struct sp_cube {
	uint64_t v[SP_NARGS], m[SP_NARGS];
};

/* A union of cubes (not necessarily disjoint). */
struct sp_region {
	struct sp_cube *c;
	size_t n, cap;
};

void sp_region_fini(struct sp_region *r);

/* Appends one cube, or every cube of s.  0, -E2BIG or -ENOMEM. */
int sp_region_push(struct sp_region *r, const struct sp_cube *c);
int sp_region_append(struct sp_region *r, const struct sp_region *s);

/* Appends the cube of every call (no argument constrained). */
int sp_region_all(struct sp_region *r);

/* *out = a \ b (out is replaced).  0, -E2BIG or -ENOMEM. */
int sp_region_sub(const struct sp_region *a, const struct sp_region *b,
		  struct sp_region *out);

/* *out = a ∩ b (out is replaced).  0, -E2BIG or -ENOMEM. */
int sp_region_and(const struct sp_region *a, const struct sp_region *b,
		  struct sp_region *out);

/* 1 when a is within b, 0 when not, -E2BIG when it cannot tell. */
int sp_region_within(const struct sp_region *a, const struct sp_region *b);

/* Whether the call with arguments x (cut to full, the arch's width) is
 * in r. */
bool sp_region_contains(const struct sp_region *r, const uint64_t x[SP_NARGS],
			uint64_t full);

/* Appends the values one condition allows, as libseccomp compiles it:
 * value and mask cut to the arch's width (full), MASKED_EQ's datum
 * masked.  0, -E2BIG, -ENOMEM or -EINVAL. */
int sp_region_of_cond(const struct sp_cond *c, uint64_t full,
		      struct sp_region *out);

/* Fills out (empty) with the calls a rule's conditions match, as the
 * runtimes read them (ANDed, or ORed when an index repeats) and
 * libseccomp compiles them on the bits full.  0, -E2BIG, -ENOMEM or
 * -EINVAL. */
int sp_region_of_rule(const struct sp_rule *r, uint64_t full,
		      struct sp_region *out);

/* Do rules a and b match a call in common on the bits full?  Also true
 * when that cannot be told (too many cubes, no memory). */
bool sp_rules_overlap(const struct sp_rule *a, const struct sp_rule *b,
		      uint64_t full);

#endif
