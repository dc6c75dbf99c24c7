/* Firecracker's seccomp filters: the JSON its seccompiler-bin compiles
 * (its resources/seccomp/ files), a map of thread categories ("vmm", "api",
 * "vcpu") to filters, read as seccompiler-bin (Firecracker 1.11 and
 * later: libseccomp) compiles them into the profile model. */
#ifndef SP_OUTPUT_FIRECRACKER_H
#define SP_OUTPUT_FIRECRACKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/profile.h"

/* Whether text has the shape of such a file: a JSON object that is no OCI
 * profile (sp_profile_json_is_profile) and one of whose members is an
 * object with "default_action", "filter_action" or "filter". */
bool sp_firecracker_json_is(const char *text, size_t len);

/* Reads such a file (text: len bytes, NUL-terminated, overwritten; name
 * is the file's) and makes the filter named filter into *out, or the
 * file's only one when filter is NULL.  Every filter of the file is
 * checked, as seccompiler-bin compiles them all.  A filter is:
 *   default_action  the profile's default action;
 *   filter_action   the action of every rule (it may not equal the
 *                   default: libseccomp refuses such a rule);
 *   filter[]        one rule each ({"syscall", "args"?}), ORed; a name
 *                   libseccomp knows on no arch is refused, one it knows
 *                   elsewhere only is a rule the compile skips;
 *   args[]          ANDed, at most one per argument index (0-5):
 *                   "eq" on a "dword" compares the low 32 bits
 *                   (MASKED_EQ with mask 0xffffffff, as seccompiler-bin
 *                   works around musl's ioctl); every other comparison
 *                   is on 64 bits whatever the "type"; {"masked_eq": M}
 *                   is MASKED_EQ with mask M.
 * Actions: "allow", "trap", "kill_thread", "kill_process", "log",
 * {"errno": N}, {"trace": N} (N 0-65535; an errno 0-4094, which
 * libseccomp takes).  The profile lists no
 * architecture: the filter is for the arch it is compiled on, as
 * seccompiler-bin's --target-arch.  Unknown keys are ignored, as serde
 * does for seccompiler-bin.  0, or -EINVAL with d (JSON path) on bad
 * input, a filter not in the file or one not chosen among several. */
int sp_profile_parse_firecracker(const char *name, char *text, size_t len,
				 const char *filter, struct sp_profile **out,
				 struct sp_diag *d);

/* Whether p can be written as one seccompiler filter (output: -f
 * firecracker): the rules whose action is not the default one share one
 * action (seccompiler's filter_action), none is SCMP_ACT_NOTIFY, and
 * every name is one libseccomp knows.  *action and *err are that action
 * (a rule-less profile gets "allow", or "trap" when allow is the
 * default).  0, or -EINVAL with d saying which rule does not fit. */
int sp_firecracker_fit(const struct sp_profile *p, enum sp_action *action,
		       int *err, struct sp_diag *d);

/* Writes p (sp_firecracker_fit) as a seccompiler file of one filter,
 * name: each name of a rule an entry, conditions as seccompiler-bin reads
 * them back to the same (a MASKED_EQ under 0xffffffff a dword "eq", EQ a
 * qword "eq", the others qword, MASKED_EQ "masked_eq"), a rule whose
 * argument index repeats one entry per condition (ORed, as the runtimes
 * read it); rules of the default action left out (libseccomp skips
 * them).  No architecture is written: the filter is for the machine it
 * is compiled on.  0 or -errno. */
int sp_profile_write_firecracker(FILE *f, const struct sp_profile *p,
				 const char *name);

#endif
