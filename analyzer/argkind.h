/* The argument-kind table (argkind.def) as the analyzer uses it: which
 * arguments of a call are kept, at which width, and how they generalize. */
#ifndef SP_ANALYZER_ARGKIND_H
#define SP_ANALYZER_ARGKIND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arch.h"
#include "core/syscall.h"

enum sp_argkind {
	SP_ARGKIND_NONE = 0, /* never kept, never constrained */
	SP_ARGKIND_ENUM,
	SP_ARGKIND_FLAGS,
	SP_ARGKIND_PROT,
	SP_ARGKIND_STRUCT,   /* read from memory by the tracer; never a
				condition */
};

struct sp_argspec {
	uint8_t kept;        /* bit i: argument i is in the table */
	uint8_t wide;        /* bit i: argument i is 64 bits wide */
	uint8_t sensitive;   /* bit i: constrained by --args auto */
	uint8_t kind[SP_NARGS];     /* enum sp_argkind per argument */
	uint64_t field[SP_NARGS];   /* FLAGS: the bits that hold one enumerated
				value (SP_ARG_FIELD), 0 when none */
	uint64_t guard[SP_NARGS];   /* the bits a value computed at
				run time must leave clear (SP_ARG_GUARD),
				0 when none */
	uint8_t when;        /* bit i: argument i is held under --args auto
				where argument when_sel[i] is one of its
				SP_ARG_WHEN values (sp_argkind_when) */
	uint8_t only_when;   /* bit i: level WHEN: kept only there too */
	uint8_t when_sel[SP_NARGS];
	uint16_t when_at[SP_NARGS]; /* its first SP_ARG_WHEN line */
};

/* One line of argkind.def, field included. */
struct sp_argrow {
	enum sp_arch arch;   /* SP_ARCH_UNKNOWN: every arch without its own */
	const char *syscall;
	unsigned index;
	enum sp_argkind kind;
	unsigned bits;       /* 32 or 64 */
	int automatic;       /* constrained by --args auto */
	uint64_t field;
	uint64_t guard;
	int when_sel;        /* SP_ARG_WHEN's selector argument, or -1 */
	uint64_t when_value; /* ... its first value */
	bool only_when;      /* level WHEN: kept only where it holds */
};

/* The spec of (arch, nr); all zero for calls without listed arguments.
 * Cheap: a table lookup after the first call per arch. */
const struct sp_argspec *sp_argkind_lookup(enum sp_arch arch, int64_t nr);

/* Whether argument a of a call whose arguments are args is where its
 * SP_ARG_WHEN lines hold it (the selector argument is one of their
 * values), or has no such line. */
bool sp_argkind_when(const struct sp_argspec *spec, unsigned a,
		     const uint64_t args[SP_NARGS]);

/* Whether argument a of a call with args is held under --args strict
 * (strict) or auto (!strict), given that the mode constrains a at all:
 * false where its SP_ARG_WHEN lines leave it free. */
bool sp_argkind_held(const struct sp_argspec *spec, unsigned a,
		     const uint64_t args[SP_NARGS], bool strict);

/* Of kept, the arguments of a call with args that spec keeps there: a
 * level WHEN argument only where sp_argkind_when holds (a pattern the
 * in-kernel tracer kept by spec->kept alone). */
uint8_t sp_argkind_picked(const struct sp_argspec *spec, uint8_t kept,
			  const uint64_t args[SP_NARGS]);

/* Keeps in out[] only what spec keeps, each at its width; zeroes the rest.
 * A STRUCT argument is kept only when its bit is set in read (the tracer
 * replaced the pointer by the value it read from the struct, struct
 * sp_event.read); otherwise it is a pointer, worth nothing.  A level
 * WHEN argument is kept only where sp_argkind_when holds.  Returns the
 * kept mask. */
uint8_t sp_argkind_keep(const struct sp_argspec *spec,
			const uint64_t in[SP_NARGS], uint8_t read,
			uint64_t out[SP_NARGS]);

/* Whether the guard of syscall's argument index is all it grants
 * (argkind.def SP_ARG_GUARD_ONLY). */
bool sp_argkind_guard_only(const char *syscall, unsigned index);

/* The nth value (from 0) that grants what value grants as syscall's
 * argument index (the other of each argkind.def SP_ARG_ALIKE pair that
 * holds value), into *out: true, or false past the last. */
bool sp_argkind_alike(const char *syscall, unsigned index, uint64_t value,
		      unsigned nth, uint64_t *out);

/* An SP_ARG_RECAST line: a value of argument index with any of bits
 * makes the kernel read argument sel's value from as to (socket's
 * SOCK_PACKET: AF_INET is AF_PACKET). */
struct sp_argrecast {
	const char *syscall;
	unsigned index;
	uint64_t bits;
	unsigned sel;
	uint64_t from, to;
};

/* Number of SP_ARG_RECAST lines, and the i-th (NULL past the end). */
unsigned sp_argkind_recast_count(void);
const struct sp_argrecast *sp_argkind_recast_at(unsigned i);

/* Number of SP_ARG and SP_ARG_ARCH lines in argkind.def, and the i-th of
 * them with its field and guard (for tests and documentation).  0, or
 * -ENOENT past the end. */
unsigned sp_argkind_count(void);
int sp_argkind_row(unsigned i, struct sp_argrow *out);

#endif
