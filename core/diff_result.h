/* What diff found: how two profiles differ in meaning, call by call
 * (analyzer/diff.c compares, output/diff_report.c words it).  Plain data:
 * no text but the syscall names. */
#ifndef SP_CORE_DIFF_RESULT_H
#define SP_CORE_DIFF_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/profile.h"
#include "core/syscall.h"

/* How one syscall's treatment changed (on the arches of the change). */
enum sp_diff_kind {
	SP_DIFF_ADDED,    /* allowed under some arguments now, never before */
	SP_DIFF_REMOVED,  /* allowed before, never now */
	SP_DIFF_WIDENED,  /* allowed under more argument values */
	SP_DIFF_NARROWED, /* allowed under fewer argument values */
	SP_DIFF_ARGS,     /* allowed under other argument values */
	SP_DIFF_ACTION,   /* same allowed values; another action or errno */
};

/* The answer to "does NEW allow nothing OLD refused?". */
enum sp_subset_answer {
	SP_SUBSET_YES,     /* proved */
	SP_SUBSET_NO,      /* NEW surely allows something OLD surely refuses */
	SP_SUBSET_UNKNOWN, /* cannot prove either way */
};

/* Why a change is not a proved subset. */
enum sp_subset_reason {
	SP_SUBSET_PROVED,       /* it is (SP_SUBSET_YES) */
	SP_SUBSET_NEW_ARGS,     /* NEW allows arguments OLD refuses (plus) */
	SP_SUBSET_UNKNOWN_NAME, /* unknown to libseccomp: a newer one may
				   allow what NEW lists */
	SP_SUBSET_DELEGATED,    /* NEW may allow what OLD leaves to a tracer,
				   a supervisor or an overlapping rule */
	SP_SUBSET_TOO_COMPLEX,  /* the argument conditions are too complex
				   to compare */
};

/* ANDed conditions (sorted, unique). */
struct sp_diff_clause {
	struct sp_cond *conds;
	size_t n;
};

/* A verdict (errno: EPERM for an unset one of ERRNO and TRACE, 0 for the
 * other actions) and the ORed clauses under which a profile gives it;
 * a clause with no condition: always. */
struct sp_diff_verdict {
	enum sp_action action;
	int err;
	struct sp_diff_clause *clauses;
	size_t nclauses;
};

/* How one profile treats the call: its verdicts, strongest first, and
 * its default for what none of them covers. */
struct sp_diff_side {
	struct sp_diff_verdict *v;
	size_t nv;
	enum sp_action def;
	int def_err;
};

/* One constrained argument of a set of values. */
enum sp_diff_term_kind {
	SP_TERM_EQ,             /* arg == value (on the arch's width) */
	SP_TERM_EQ_LOW32,       /* arg == value on the low 32 bits of a
				   64-bit arch */
	SP_TERM_NO_BIT_OUTSIDE, /* no bit of arg outside value */
	SP_TERM_MASKED,         /* arg & mask == value */
};

struct sp_diff_term {
	uint8_t index;
	uint8_t kind;           /* enum sp_diff_term_kind */
	uint64_t value, mask;
};

/* Argument values allowed on one side only: every term holds (no term:
 * any arguments). */
struct sp_diff_values {
	struct sp_diff_term t[SP_NARGS];
	uint8_t n;
};

struct sp_diff_change {
	char *syscall;          /* name, or "syscall_<nr>" */
	enum sp_diff_kind kind;
	uint32_t archs;         /* bit (1u << enum sp_arch) per arch */
	bool unknown;           /* a name libseccomp knows on no arch (the
				   runtimes skip it today) */
	struct sp_diff_side old, new;
	struct sp_diff_values *plus; /* allowed now, not before */
	size_t nplus;
	struct sp_diff_values *minus; /* allowed before, not now */
	size_t nminus;
	/* Every value constrains this argument alone, whole (each is one
	 * SP_TERM_EQ term of it); -1 when not. */
	int values_arg;
	bool values_elided;     /* the value sets were too large to list */
	/* plus (minus) lists the values outside the set: allowed now (before)
	 * only is every value but these ("any but PR_SET_NAME"), where the
	 * set itself is too large to list and its complement is not. */
	bool plus_except, minus_except;
	enum sp_subset_answer subset; /* for this change alone */
	enum sp_subset_reason why;
};

/* A call whose rules libseccomp compiles into a filter that does other
 * than they read (libseccomp before 2.6.1 merges 64-bit comparisons of
 * several rules wrongly, GHSA-4q85-33p6-j5g6): diff compares it as
 * compiled, which is what crun and runc load. */
struct sp_diff_miscompiled {
	char *syscall;
	uint32_t archs;
	bool new_side;          /* in NEW (else OLD) */
};

struct sp_diff {
	enum sp_action old_default, new_default;
	int old_default_errno, new_default_errno; /* normalized: EPERM */
	bool default_changed;
	/* For the calls no rule names, on the arches both filter. */
	enum sp_subset_answer default_subset;
	uint32_t old_archs, new_archs;  /* as the profiles list them */
	/* What each filter checks: the listed arches and the native one,
	 * which libseccomp always adds.  Added and removed arches are
	 * these sets' differences (a profile that lists none and one that
	 * lists only the native arch filter alike). */
	uint32_t old_filtered, new_filtered;
	uint32_t archs_compared;        /* filtered by both (with the native
					   arch, which libseccomp always
					   adds) */
	struct sp_diff_change *changes; /* sorted: syscall, kind, archs */
	size_t nchanges;
	enum sp_subset_answer subset;   /* the whole answer */
	struct sp_diff_miscompiled *miscompiled; /* by side, then name */
	size_t nmiscompiled;
};

void sp_diff_free(struct sp_diff *d);
void sp_diff_change_fini(struct sp_diff_change *c);
void sp_diff_side_fini(struct sp_diff_side *s);

/* True when the profiles mean the same: same default, filtered arches
 * and no change. */
bool sp_diff_equal(const struct sp_diff *d);

#endif
