/* The profile model: what a seccomp allowlist says, independent of its
 * format (OCI JSON, C, BPF, ...). */
#ifndef SP_CORE_PROFILE_H
#define SP_CORE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arch.h"

enum sp_action {
#define SP_ACTION(id, oci, ret) SP_ACT_##id,
#include "core/action.def"
#undef SP_ACTION
	SP_ACT_COUNT
};

enum sp_cmp {
#define SP_CMP(id, oci, scmp) SP_CMP_##id,
#include "core/cmp.def"
#undef SP_CMP
	SP_CMP_COUNT
};

/* "SCMP_ACT_ERRNO"; sp_action_parse also takes the aliases "SCMP_ACT_KILL"
 * (kill thread, as runtime-spec defines it) and the short forms
 * "errno", "kill-process", ... that the command line uses.  0 or -EINVAL. */
const char *sp_action_name(enum sp_action a);
int sp_action_parse(const char *s, enum sp_action *out);
/* SECCOMP_RET_* of the action, without data bits. */
uint32_t sp_action_ret(enum sp_action a);

/* A filter result as an action: errno (for ERRNO, capped at 4095 as the
 * kernel does) or the data (TRACE) in *data.  An action value the kernel
 * does not know acts as KILL_PROCESS (it does). */
enum sp_action sp_action_of_ret(uint32_t ret, int *data);

/* True when the action lets the call run (ALLOW, LOG). */
bool sp_action_allows(enum sp_action a);

/* Whether a's SECCOMP_RET_DATA is an errno the profile sets (ERRNO, and
 * TRACE's data): the runtimes refuse errnoRet on other actions (crun:
 * "errno value specified for action"). */
bool sp_action_takes_errno(enum sp_action a);
/* The data a verdict carries, as the runtimes compile it: err for ERRNO
 * and TRACE, EPERM when it is unset (-1: crun's and runc's default
 * errnoRet); 0 for the other actions. */
int sp_action_errno(enum sp_action a, int err);
/* The verdict in words, into buf: "SCMP_ACT_ERRNO(EPERM)",
 * "SCMP_ACT_TRACE(5)", "SCMP_ACT_ALLOW" (err as sp_action_errno reads
 * it).  Returns buf. */
const char *sp_action_text(enum sp_action a, int err, char *buf,
			   size_t len);

/* The 16-bit SECCOMP_RET_DATA that a refusal turned into SECCOMP_RET_TRACE
 * carries (output/seccomp.h, SP_COMPILE_REFUSALS_TRACE; cli/filter.c for
 * raw programs): the action in the top 4 bits, its errno (0..4095)
 * below. */
uint16_t sp_action_pack(enum sp_action action, int err);
void sp_action_unpack(uint16_t data, enum sp_action *action, int *err);

const char *sp_cmp_name(enum sp_cmp c);
int sp_cmp_parse(const char *s, enum sp_cmp *out);
/* libseccomp's enum scmp_compare value. */
int sp_cmp_scmp(enum sp_cmp c);

/* One argument condition, as OCI writes it.  For MASKED_EQ, value is the
 * MASK and value_two the value the masked argument must equal ("value" and
 * "valueTwo" in OCI, datum_a and datum_b in libseccomp, as in Docker's
 * clone rule {"value": 2114060288, "valueTwo": 0}). */
struct sp_cond {
	unsigned index;      /* 0..5 */
	uint64_t value;      /* MASKED_EQ: the mask */
	uint64_t value_two;  /* MASKED_EQ: the value */
	enum sp_cmp op;
};

/* Why a rule is in the profile: recorded, or one of the documented safety
 * additions (each switchable, see analyzer/). */
enum sp_origin {
	SP_ORIGIN_RECORDED = 0,
	SP_ORIGIN_BASELINE,  /* allowed by record --baseline's profile only */
	SP_ORIGIN_ALIKE,     /* a rule's twin with values that grant the
				same (argkind.def SP_ARG_ALIKE,
				SP_ARG_GUARD_ONLY) */
	SP_ORIGIN_STATIC,    /* reachable in the code the recording loaded */
	SP_ORIGIN_LANG,      /* made by a language runtime on timing alone */
	SP_ORIGIN_VDSO,      /* vDSO calls that fall back to the kernel */
	SP_ORIGIN_CONTROL,   /* rare control flow: sigreturn, restart, exit */
	SP_ORIGIN_RUNTIME,   /* the OCI runtime's calls between filter and exec */
	SP_ORIGIN_FALLBACK,  /* refused with ENOSYS so libc falls back */
	SP_ORIGIN_ADVICE,    /* refused with ENOSYS: advice to the kernel,
				which the caller does without */
	SP_ORIGIN_SIBLING,   /* refused with ENOSYS: a sibling that would get
				around another call's conditions */
	SP_ORIGIN_ARCH,      /* what another listed arch's C library calls
				for an allowed call its ABI lacks */
	SP_ORIGIN_OTHER,     /* read from a profile, not written by sandprint:
				its comment has no sandprint tag */
	SP_ORIGIN_COUNT
};

/* The tag that starts a rule's comment ("sandprint: vdso: ..."), so a
 * profile read back knows its rules' origins: "recorded", "baseline",
 * "alike", "static", "language", "vdso", "control-flow", "runtime", "fallback",
 * "advice", "sibling", "arch" ("other" is never written).  sp_origin_parse_comment returns
 * the origin a comment names, SP_ORIGIN_OTHER for one that names none
 * (Docker's, a hand-written rule, no comment): a profile reader sets
 * each rule's origin so. */
const char *sp_origin_tag(enum sp_origin o);
enum sp_origin sp_origin_parse_comment(const char *comment);
/* Why rules of that origin are there, in a few words. */
const char *sp_origin_why(enum sp_origin o);

/* What ends the comment of a rule no condition can hold (io_uring's, a
 * sibling's: analyzer/sibling.def), whatever its origin: the tag, then
 * the reason.  sp_comment_unfiltered returns the reason, or NULL. */
#define SP_UNFILTERED_TAG "; UNFILTERED: "
const char *sp_comment_unfiltered(const char *comment);

/* One rule: these names, under these conditions (ANDed), get action. */
struct sp_rule {
	char **names;        /* sorted, unique */
	size_t nnames;
	enum sp_action action;
	int errno_ret;       /* for ERRNO/TRACE; -1: unset */
	struct sp_cond *conds;
	size_t nconds;
	enum sp_origin origin;
	char *comment;       /* evidence, free text; may be NULL */
};

struct sp_profile {
	enum sp_action default_action;
	int default_errno;   /* -1: unset (libseccomp's default, EPERM) */
	enum sp_arch archs[SP_ARCH_COUNT];
	size_t narchs;
	struct sp_rule *rules;
	size_t nrules, rules_cap;
};

struct sp_profile *sp_profile_new(void);
void sp_profile_free(struct sp_profile *p);

/* Adds arch if not present.  0. */
int sp_profile_add_arch(struct sp_profile *p, enum sp_arch arch);

/* Appends a rule and returns it (zeroed, errno_ret -1), or NULL on
 * allocation failure.  The pointer is valid until the next append. */
struct sp_rule *sp_profile_add_rule(struct sp_profile *p);

/* Adds name to rule (kept sorted, no duplicates).  0 or -ENOMEM. */
int sp_rule_add_name(struct sp_rule *r, const char *name);
/* Appends a condition.  0 or -ENOMEM. */
int sp_rule_add_cond(struct sp_rule *r, const struct sp_cond *c);
/* Sets the comment (copied).  0 or -ENOMEM. */
int sp_rule_set_comment(struct sp_rule *r, const char *comment);

/* How OCI consumers read a rule's conditions (crun, runc): on distinct
 * argument indexes they are ANDed; when an index repeats, each condition
 * is a rule of its own and they are ORed.  True in the second case. */
bool sp_rule_index_repeats(const struct sp_rule *r);
/* Whether arg satisfies c, compared on 64 bits as libseccomp does on a
 * 64-bit arch (MASKED_EQ: (arg & value) == (value_two & value)). */
bool sp_cond_holds(const struct sp_cond *c, uint64_t arg);
/* The same on the bits full of argument and datum (libseccomp cuts both
 * to the low 32 on a 32-bit arch: analyzer/norm.h's sp_norm_full). */
bool sp_cond_holds_cut(const struct sp_cond *c, uint64_t arg, uint64_t full);

/* Orders conditions by index, operator, value, value_two (0 when equal). */
int sp_cond_cmp(const struct sp_cond *a, const struct sp_cond *b);

/* True when two rules differ only in their names (same action, errno,
 * conditions in the same order, origin). */
bool sp_rule_same_condition(const struct sp_rule *a, const struct sp_rule *b);

#endif
