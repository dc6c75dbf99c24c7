/* The argument-kind table (argkind.def) as the analyzer uses it: which
 * arguments of a call are kept, and at which width. */
#ifndef SP_ANALYZER_ARGKIND_H
#define SP_ANALYZER_ARGKIND_H

#include <stdint.h>

#include "core/arch.h"
#include "core/syscall.h"

enum sp_argkind {
	SP_ARGKIND_NONE = 0, /* never kept, never constrained */
	SP_ARGKIND_ENUM,
	SP_ARGKIND_FLAGS,
	SP_ARGKIND_PROT,
};

struct sp_argspec {
	uint8_t kept;        /* bit i: argument i is in the table */
	uint8_t wide;        /* bit i: argument i is 64 bits wide */
	uint8_t sensitive;   /* bit i: constrained by --args auto */
	uint8_t kind[SP_NARGS];     /* enum sp_argkind per argument */
};

/* The spec of (arch, nr); all zero for calls without listed arguments.
 * Cheap: a table lookup after the first call per arch. */
const struct sp_argspec *sp_argkind_lookup(enum sp_arch arch, int64_t nr);

/* Keeps in out[] only what spec keeps, each at its width; zeroes the rest.
 * Returns the kept mask. */
uint8_t sp_argkind_keep(const struct sp_argspec *spec,
			const uint64_t in[SP_NARGS], uint64_t out[SP_NARGS]);

/* Number of lines in argkind.def (for tests). */
unsigned sp_argkind_count(void);

#endif
