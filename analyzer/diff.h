/* What changed between two profiles, by meaning rather than by text (the
 * engine of sandprint diff).
 *
 * Each profile is normalized the way crun and runc hand it to libseccomp
 * (output/seccomp.c): per architecture, per syscall number (names resolved
 * per arch; a name libseccomp knows on no arch is kept by name), the
 * verdicts it gets (action and errno, unset errno = EPERM; rules whose
 * verdict is the default are dropped, as the compiler drops them) and the
 * argument values under which it gets each.  Within one syscalls[] entry,
 * conditions on distinct indexes are ANDed; a repeated index makes each
 * condition a rule of its own (ORed).
 *
 * Argument values are compared as sets, exactly: every condition (EQ, NE,
 * LT, LE, GT, GE, MASKED_EQ with the datum masked as libseccomp masks it)
 * is a union of ternary cubes over the six arguments, and inclusion is
 * decided by cube subtraction.  On 32-bit arches (x86, x32, arm)
 * libseccomp compares the low 32 bits only, with value and mask cut to 32
 * bits; on 64-bit arches the whole register.  When the cubes would exceed
 * a bound the answer is "cannot prove", never a guess. */
#ifndef SP_ANALYZER_DIFF_H
#define SP_ANALYZER_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/profile.h"

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

struct sp_diff_change {
	char *syscall;          /* name, or "syscall_<nr>" */
	enum sp_diff_kind kind;
	uint32_t archs;         /* bit (1u << enum sp_arch) per arch */
	bool unknown;           /* a name libseccomp knows on no arch (the
				   runtimes skip it today) */
	char *old_desc;         /* "SCMP_ACT_ALLOW if arg0 == AF_INET" */
	char *new_desc;
	char **plus;            /* argument values allowed now, not before */
	size_t nplus;
	char **minus;           /* allowed before, not now */
	size_t nminus;
	bool values_elided;     /* the value sets were too large to list */
	enum sp_subset_answer subset; /* for this change alone */
	char *subset_why;       /* NULL when YES */
};

struct sp_diff {
	enum sp_action old_default, new_default;
	int old_default_errno, new_default_errno; /* normalized: EPERM */
	bool default_changed;
	/* For the calls no rule names, on the arches both filter. */
	enum sp_subset_answer default_subset;
	uint32_t old_archs, new_archs;  /* as the profiles list them */
	uint32_t archs_compared;        /* filtered by both (with the native
					   arch, which libseccomp always
					   adds) */
	struct sp_diff_change *changes; /* sorted: syscall, kind, archs */
	size_t nchanges;
	enum sp_subset_answer subset;   /* the whole answer */
};

/* Compares old and new.  *out is a new diff (sp_diff_free).  0, or
 * -ENOMEM. */
int sp_diff_profiles(const struct sp_profile *old,
		     const struct sp_profile *new, struct sp_diff **out);
void sp_diff_free(struct sp_diff *d);

/* True when the profiles mean the same: same default, arches and no
 * change. */
bool sp_diff_equal(const struct sp_diff *d);

/* "added", "removed", "widened", "narrowed", "arguments", "action". */
const char *sp_diff_kind_name(enum sp_diff_kind k);
/* "yes", "no", "cannot prove". */
const char *sp_subset_answer_name(enum sp_subset_answer a);

/* The verdict the normalized profile gives one call, as the compiled
 * filter would (for tests against the kernel).  Where rules of different
 * verdicts overlap, the strongest (action.def order) is returned.  0, or
 * -ENOMEM. */
int sp_diff_verdict(const struct sp_profile *p, enum sp_arch arch,
		    int64_t nr, const uint64_t args[6],
		    enum sp_action *action, int *err);

#endif
