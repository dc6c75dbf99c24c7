/* A profile normalized as crun and runc hand it to libseccomp: per
 * architecture (those listed plus the native one) and per syscall number,
 * the verdicts it gets and the argument values under which it gets each
 * (analyzer/cube.h).  What diff compares. */
#ifndef SP_ANALYZER_NORM_H
#define SP_ANALYZER_NORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/cube.h"
#include "core/arch.h"
#include "core/profile.h"
#include "core/syscall.h"

struct sp_norm_clause {
	struct sp_cond *conds; /* ANDed; sorted, unique */
	size_t n;
};

struct sp_norm_verdict {
	enum sp_action action;
	int err;               /* EPERM for an unset ERRNO/TRACE; 0 else */
	struct sp_norm_clause *clauses; /* ORed; sorted, unique */
	size_t nclauses;
	struct sp_region region;
	int region_rc;         /* -E2BIG: region unknown */
};

struct sp_norm_call {
	int64_t nr;            /* -1: unknown to libseccomp, by name */
	char *name;
	struct sp_norm_verdict *v; /* sorted by (action, err) */
	size_t nv;
	/* The rules naming it, in the order written (the profile's): what
	 * libseccomp's answer for overlapping rules depends on. */
	const struct sp_rule **rules;
	size_t nrules;
};

struct sp_norm_arch {
	struct sp_norm_call *calls; /* sorted by (nr, name) */
	size_t ncalls;
};

struct sp_norm {
	enum sp_action def;
	int def_err;
	uint32_t listed;       /* as written */
	uint32_t effective;    /* listed + native: what the filter checks */
	struct sp_norm_arch arch[SP_ARCH_COUNT];
};

/* p normalized into a new *out (sp_norm_free).  0 or -ENOMEM. */
int sp_norm_build(const struct sp_profile *p, struct sp_norm **out);
void sp_norm_free(struct sp_norm *n);

/* The bits libseccomp compares on arch a: the low 32 on x86, x32 and
 * arm, all 64 elsewhere. */
uint64_t sp_norm_full(enum sp_arch a);

/* Whether the action may let the call run (ALLOW, LOG, and TRACE and
 * NOTIFY, whose tracer or supervisor decides), or surely does (ALLOW,
 * LOG). */
bool sp_action_may_allow(enum sp_action a);
bool sp_action_sure_allow(enum sp_action a);

/* Whether a and b name the call in the same rules, in the same order
 * (libseccomp then compiles it alike, whatever overlaps). */
bool sp_norm_written_alike(const struct sp_norm_call *a,
			   const struct sp_norm_call *b);

/* The sites where libseccomp files a rule naming name on arch
 * (sp_syscall_sites), none for a name it does not know: "syscall_39",
 * sandprint's spelling of a number a trace has no name for, is no name
 * of getpid's to libseccomp (crun and runc skip it).  How many. */
size_t sp_norm_rule_sites(enum sp_arch arch, const char *name,
			  struct sp_syscall_site out[SP_SYSCALL_SITES_MAX]);

/* The clauses (ORed) libseccomp gets for rule r at site s (the rule's
 * conditions ANDed in one, or, when an argument index repeats, each
 * alone, as crun and runc add them; at a multiplexer, the conditions on
 * argument 0 replaced by arg0 == the call's number there), into a new
 * *out of *n (sp_norm_clauses_free).  0 or -ENOMEM. */
int sp_norm_rule_clauses(const struct sp_rule *r,
			 const struct sp_syscall_site *s,
			 struct sp_norm_clause **out, size_t *n);
void sp_norm_clauses_free(struct sp_norm_clause *c, size_t n);

/* qsort orders of clauses, verdicts (action, errno) and calls (number,
 * then name for unknown ones). */
int sp_norm_clause_cmp(const void *pa, const void *pb);
int sp_norm_verdict_cmp(const void *pa, const void *pb);
int sp_norm_call_cmp(const void *pa, const void *pb);

#endif
