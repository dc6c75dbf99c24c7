/* For tests that generate a profile from made-up calls and ask what it
 * decides: the kernel (tests/probe.h) for native calls, sandprint's
 * interpreter for other arches, each under the profile compiled by
 * libseccomp (as crun and runc do) or by sandprint's own compiler
 * (-f bpf).  Test-only code. */
#ifndef SP_TESTS_JUDGE_H
#define SP_TESTS_JUDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/profile.h"
#include "core/trace.h"
#include "tests/probe.h"

enum sp_judge_compiler {
	SP_JUDGE_LIBSECCOMP,
	SP_JUDGE_OWN,
};

/* An empty trace with one executable, "/usr/bin/workload". */
struct sp_trace *sp_judge_trace(void);

/* Adds one call, its arguments kept as the argument-kind table keeps
 * them; read: the arguments the tracer read from a struct (sp_event).
 * 0 or -ENOMEM. */
int sp_judge_call(struct sp_trace *t, enum sp_arch arch, int64_t nr,
		  const uint64_t args[6], uint8_t read);

/* p's program from compiler.  0, or -errno with *msg set. */
int sp_judge_compile(const struct sp_profile *p, enum sp_judge_compiler c,
		     struct sock_fprog *out, const char **msg);
void sp_judge_prog_free(struct sock_fprog *prog);

/* The kernel's verdicts on n native cases under p from compiler.  0 or
 * -errno. */
int sp_judge_kernel(const struct sp_profile *p, enum sp_judge_compiler c,
		    const struct sp_probe_case *cases, size_t n,
		    struct sp_probe_verdict *out);

/* The interpreter's verdict on a call of arch under prog, as the probe
 * spells verdicts (ALLOW for ALLOW, LOG, TRACE and USER_NOTIF). */
struct sp_probe_verdict sp_judge_interp(const struct sock_fprog *prog,
					enum sp_arch arch, int64_t nr,
					const uint64_t args[6]);

#endif
