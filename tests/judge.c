#include "tests/judge.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/argkind.h"
#include "analyzer/interp.h"
#include "analyzer/check.h"
#include "output/cbpf.h"
#include "output/seccomp.h"

struct sp_trace *sp_judge_trace(void)
{
	struct sp_trace *t = sp_trace_new();

	if (t && sp_trace_intern_exe(t, "/usr/bin/workload") < 0) {
		sp_trace_free(t);
		return NULL;
	}
	return t;
}

int sp_judge_call(struct sp_trace *t, enum sp_arch arch, int64_t nr,
		  const uint64_t args[6], uint8_t read)
{
	struct sp_pattern p = { .arch = arch, .nr = nr, .count = 1 };

	p.kept = sp_argkind_keep(sp_argkind_lookup(arch, nr), args, read,
				 p.args);
	return sp_trace_add_pattern(t, &p) < 0 ? -ENOMEM : 0;
}

int sp_judge_compile(const struct sp_profile *p, enum sp_judge_compiler c,
		     struct sock_fprog *out, const char **msg)
{
	static __thread struct sp_diag d;
	struct sp_bpf *b = NULL;
	int rc;

	memset(&d, 0, sizeof(d));
	if (c == SP_JUDGE_OWN) {
		struct sp_cbpf_opts o = { 0 };

		rc = sp_cbpf_compile(p, &o, &b, &d);
	} else {
		struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL,
					     NULL };

		rc = sp_seccomp_compile(p, &o, &b, &d);
	}
	*msg = d.msg;
	if (rc)
		return rc;
	/* The program array is the caller's now; the holder goes. */
	out->len = (unsigned short)b->len;
	out->filter = b->insns;
	b->insns = NULL;
	b->len = 0;
	sp_bpf_free(b);
	return 0;
}

void sp_judge_prog_free(struct sock_fprog *prog)
{
	free(prog->filter);
	prog->filter = NULL;
}

int sp_judge_kernel(const struct sp_profile *p, enum sp_judge_compiler c,
		    const struct sp_probe_case *cases, size_t n,
		    struct sp_probe_verdict *out)
{
	struct sock_fprog prog;
	const char *msg;
	int rc = sp_judge_compile(p, c, &prog, &msg);

	if (rc)
		return rc;
	rc = sp_probe_run(&prog, cases, n, out);
	sp_judge_prog_free(&prog);
	return rc;
}

struct sp_probe_verdict sp_judge_interp(const struct sock_fprog *prog,
					enum sp_arch arch, int64_t nr,
					const uint64_t args[6])
{
	struct seccomp_data sd;
	struct sp_probe_verdict v = { SP_PROBE_ALLOW, 0 };
	int data = 0;
	enum sp_action a;

	sp_seccomp_data_of(arch, nr, args, 0, &sd);
	a = sp_action_of_ret(sp_interp_run(prog->filter, prog->len, &sd), &data);
	switch (a) {
	case SP_ACT_ERRNO:
		v.kind = SP_PROBE_ERRNO;
		v.err = data;
		break;
	case SP_ACT_TRAP:
		v.kind = SP_PROBE_TRAP;
		break;
	case SP_ACT_KILL_PROCESS:
	case SP_ACT_KILL_THREAD:
		v.kind = SP_PROBE_KILL;
		break;
	default:
		break;
	}
	return v;
}
