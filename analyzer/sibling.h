/* The sibling table (sibling.def): calls and encodings that do what
 * another call's conditions restrict, and how the generator keeps those
 * conditions true. */
#ifndef SP_ANALYZER_SIBLING_H
#define SP_ANALYZER_SIBLING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arch.h"
#include "core/syscall.h"

enum sp_sibling_how {
	SP_SIBLING_FOLD,
	SP_SIBLING_SAME,
	SP_SIBLING_ROW,
	SP_SIBLING_UNBOUND,
	SP_SIBLING_BYPASS,
	SP_SIBLING_MUX,
	SP_SIBLING_KERNEL,
	SP_SIBLING_FREE,
	SP_SIBLING_ENCODING,
	SP_SIBLING_FORM,
};

struct sp_sibling {
	const char *call;    /* "all": every call */
	const char *of;
	enum sp_sibling_how how;
	unsigned arches;     /* bit per enum sp_arch; 0: every arch */
	const char *note;
	/* SAME and ROW: what a rule for call that holds none of its
	 * arguments (allowed whole) beside of's conditions means. */
	const char *whole;
	int op_index;        /* SP_SIBLING_OP's argument, else -1 */
	uint64_t op_value;   /* and its value there */
	int of_index;        /* SP_SIBLING_OF's argument of of, else -1 */
	uint64_t of_mask;    /* and the bits of it there */
	uint64_t of_value;   /* that some rule of of must let through */
};

/* The lines of sibling.def. */
unsigned sp_sibling_count(void);
const struct sp_sibling *sp_sibling_at(unsigned i);

/* The io_uring operation that does (some of) call's work without
 * passing through seccomp (uring.def), or NULL. */
const char *sp_sibling_uring_op(const char *call);

/* Whether the relation exists on arch. */
bool sp_sibling_on(const struct sp_sibling *s, enum sp_arch arch);

/* A FOLD line's target on arch: the call libc falls back to and the
 * argument that takes the flags (its flag argument in argkind.def). */
struct sp_fold {
	const struct sp_sibling *line;
	int64_t nr;          /* the target's number */
	unsigned index;      /* the target's flag argument */
	uint64_t value;      /* the flags (sp_sibling_fold) */
};

/* The target of FOLD line s on arch.  0, or -ENOENT when arch lacks the
 * relation, a call or the target's flag argument. */
int sp_sibling_target(const struct sp_sibling *s, enum sp_arch arch,
		      struct sp_fold *out);

/* For a call (arch, nr) of a FOLD line: its target, and the flags to give
 * it, read from the struct (kept, argkind.def STRUCT) and fitting the
 * target's ABI (clone reads the lower 32 bits, openat an int).  0 with
 * *out set; -ENOENT when the call is no FOLD call on arch; -ENODATA when
 * the flags were not read or do not fit (out->line, nr, index set). */
int sp_sibling_fold(enum sp_arch arch, int64_t nr, uint8_t kept,
		    const uint64_t args[SP_NARGS], struct sp_fold *out);

#endif
