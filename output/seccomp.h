/* Compiling a profile to a cBPF program with libseccomp, the way crun and
 * runc do, and the raw program it gives. */
#ifndef SP_OUTPUT_SECCOMP_H
#define SP_OUTPUT_SECCOMP_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/bpf.h"
#include "core/diag.h"
#include "core/profile.h"

/* How refusals are compiled. */
enum sp_compile_mode {
	/* Every action as the profile writes it. */
	SP_COMPILE_AS_WRITTEN,
	/* Every refusing action (anything but ALLOW and LOG), the default
	 * one included, becomes SECCOMP_RET_TRACE with sp_action_pack() of
	 * the action it replaces: what the profile allows never stops, what
	 * it refuses stops the task for a tracer (run --audit, record
	 * --baseline). */
	SP_COMPILE_REFUSALS_TRACE,
	/* Every refusing action becomes SECCOMP_RET_USER_NOTIF: what the
	 * profile refuses waits for the listener, with no tracer at all
	 * (the notification carries no data: the listener judges the call
	 * again). */
	SP_COMPILE_REFUSALS_NOTIFY,
};

/* Names in the profile that libseccomp cannot resolve are skipped, as
 * crun and runc do; on_unknown (may be NULL) hears of each. */
struct sp_compile_opts {
	enum sp_compile_mode mode;
	void (*on_unknown)(void *ctx, const char *name);
	void *ctx;
};

/* The libseccomp sandprint runs with, "2.5.4": its table of names is what
 * the runtimes linked with it know. */
const char *sp_seccomp_version(void);

/* Whether libseccomp can hold arches[0..n) in one filter: it refuses to
 * mix byte orders (x86_64 with s390x: seccomp_arch_add fails with EDOM),
 * so crun, runc, systemd and -f c could not load such a profile on any
 * machine.  0, or -EDOM with *a and *b a pair it refuses. */
int sp_seccomp_arches_fit(const enum sp_arch *arches, size_t n,
			  enum sp_arch *a, enum sp_arch *b);

/* Compiles p: seccomp_init(default action, errno default EPERM), every
 * architecture added (the native one is always there), then each rule for
 * each name: conditions ANDed in one libseccomp rule, or, when an argument
 * index repeats within a rule, one rule per condition (ORed), as runc and
 * crun do.  Rules whose action equals the default are skipped (libseccomp
 * refuses them).  *out is a new program.  0, or -errno with d set. */
int sp_seccomp_compile(const struct sp_profile *p,
		       const struct sp_compile_opts *o, struct sp_bpf **out,
		       struct sp_diag *d);
/* The same as on a machine of arch host (a trace of it checked here):
 * host's arch in the filter, not this machine's (SP_ARCH_UNKNOWN: this
 * machine).  A host of the other byte order is refused (-EDOM):
 * libseccomp writes the program in its order. */
int sp_seccomp_compile_on(const struct sp_profile *p,
			  const struct sp_compile_opts *o, enum sp_arch host,
			  struct sp_bpf **out, struct sp_diag *d);

#endif
