/* output/seccomp.c: profiles compiled by libseccomp, judged by the kernel
 * (load the program in a child, make the call, look at what happened). */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output/seccomp.h"
#include "tests/probe.h"

/* The kernel's verdict on syscall(nr, a0) under b, as an errno (0:
 * allowed) or 1000 + SIGSYS when it kills (tests/probe.h: the call never
 * runs, and nothing else runs under the filter, sanitizers included). */
static int verdict(const struct sp_bpf *b, long nr, unsigned long a0)
{
	struct sock_fprog prog = { .len = (unsigned short)b->len,
				   .filter = b->insns };
	struct sp_probe_case c = { nr, { a0 } };
	struct sp_probe_verdict v;

	cr_assert_eq(sp_probe_run(&prog, &c, 1, &v), 0);
	switch (v.kind) {
	case SP_PROBE_ALLOW:
		return 0;
	case SP_PROBE_ERRNO:
		return v.err;
	case SP_PROBE_KILL:
		return 1000 + SIGSYS;
	case SP_PROBE_TRAP:
	case SP_PROBE_FAILED:
		break;
	}
	cr_assert_fail("unexpected verdict %d", v.kind);
	return -1;
}

static struct sp_profile *profile(enum sp_action def)
{
	struct sp_profile *p = sp_profile_new();
	struct sp_rule *r = sp_profile_add_rule(p);

	p->default_action = def;
	sp_profile_add_arch(p, SP_ARCH_X86_64);
	/* What the child needs to report back. */
	sp_rule_add_name(r, "exit_group");
	sp_rule_add_name(r, "getppid");
	return p;
}

static void no_unknown(void *ctx, const char *name)
{
	(void)ctx;
	cr_assert_fail("unexpected unknown name %s", name);
}

Test(seccomp, kernel_applies_compiled_profile)
{
	struct sp_profile *p = profile(SP_ACT_ERRNO);
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, no_unknown, NULL };
	struct sp_rule *r = sp_profile_add_rule(p);
	struct sp_bpf *b;
	struct sp_diag d;

	r->action = SP_ACT_ERRNO;
	r->errno_ret = ENOSYS;
	sp_rule_add_name(r, "getpgrp");
	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s", d.msg);
	cr_assert_eq(verdict(b, SYS_getppid, 0), 0);
	cr_assert_eq(verdict(b, SYS_getpgrp, 0), ENOSYS);
	cr_assert_eq(verdict(b, SYS_getuid, 0), EPERM, "default errno EPERM");
	sp_bpf_free(b);
	sp_profile_free(p);
}

Test(seccomp, repeated_index_is_or_distinct_indexes_and)
{
	struct sp_profile *p = profile(SP_ACT_ERRNO);
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, no_unknown, NULL };
	struct sp_rule *r = sp_profile_add_rule(p);
	struct sp_cond c1 = { 0, 3, 0, SP_CMP_EQ };
	struct sp_cond c2 = { 0, 5, 0, SP_CMP_EQ };
	struct sp_bpf *b;
	struct sp_diag d;

	/* getpgid(3) or getpgid(5): allowed; anything else not. */
	sp_rule_add_name(r, "getpgid");
	sp_rule_add_cond(r, &c1);
	sp_rule_add_cond(r, &c2);
	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s", d.msg);
	cr_assert_neq(verdict(b, SYS_getpgid, 3), EPERM);
	cr_assert_neq(verdict(b, SYS_getpgid, 5), EPERM);
	cr_assert_eq(verdict(b, SYS_getpgid, 4), EPERM);
	sp_bpf_free(b);
	sp_profile_free(p);
}

Test(seccomp, kill_default_kills)
{
	struct sp_profile *p = profile(SP_ACT_KILL_PROCESS);
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, no_unknown, NULL };
	struct sp_bpf *b;
	struct sp_diag d;

	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0);
	cr_assert_eq(verdict(b, SYS_getuid, 0), 1000 + SIGSYS);
	sp_bpf_free(b);
	sp_profile_free(p);
}

Test(seccomp, refusals_become_trace_with_their_action)
{
	struct sp_profile *p = profile(SP_ACT_KILL_PROCESS);
	struct sp_compile_opts o = { SP_COMPILE_REFUSALS_TRACE, no_unknown,
				     NULL };
	struct sp_bpf *b;
	struct sp_diag d;
	enum sp_action a;
	int err;

	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0);
	/* RET_TRACE without a tracer: the kernel fails the call with ENOSYS
	 * instead of killing (seccomp(2)); the probe sees TRACE as weaker
	 * than its listener, so: not refused, not killed. */
	cr_assert_eq(verdict(b, SYS_getuid, 0), 0);
	/* ... and the program says TRACE with the KILL it replaces. */
	int traces = 0;

	for (size_t i = 0; i < b->len; i++) {
		const struct sock_filter *in = &b->insns[i];

		if (in->code != (BPF_RET | BPF_K) ||
		    (in->k & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_TRACE)
			continue;
		sp_action_unpack(in->k & SECCOMP_RET_DATA, &a, &err);
		cr_assert_eq(a, SP_ACT_KILL_PROCESS);
		traces++;
	}
	cr_assert_geq(traces, 1);
	cr_assert_eq(verdict(b, SYS_getppid, 0), 0);
	sp_action_unpack(sp_action_pack(SP_ACT_ERRNO, 38), &a, &err);
	cr_assert_eq(a, SP_ACT_ERRNO);
	cr_assert_eq(err, 38);
	sp_bpf_free(b);
	sp_profile_free(p);
}

static void count_unknown(void *ctx, const char *name)
{
	cr_assert_str_eq(name, "no_such_syscall");
	++*(int *)ctx;
}

Test(seccomp, unknown_names_are_skipped_and_reported)
{
	struct sp_profile *p = profile(SP_ACT_ERRNO);
	int unknown = 0;
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, count_unknown,
				     &unknown };
	struct sp_bpf *b;
	struct sp_diag d;

	sp_rule_add_name(&p->rules[0], "no_such_syscall");
	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0);
	cr_assert_eq(unknown, 1);
	sp_bpf_free(b);
	sp_profile_free(p);
}

Test(probe, asks_the_kernel_without_running_the_call)
{
	struct sp_profile *p = profile(SP_ACT_KILL_PROCESS);
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, no_unknown, NULL };
	struct sp_rule *r = sp_profile_add_rule(p);
	struct sp_bpf *b;
	struct sp_diag d;
	/* kill(getpid(), SIGKILL) would end the probe if it ran. */
	struct sp_probe_case cases[] = {
		{ SYS_getppid, { 0 } },
		{ SYS_kill, { 1, SIGKILL } },
		{ SYS_getuid, { 0 } },
		{ SYS_getpgrp, { 0 } },
		{ SYS_getppid, { 0 } },
	};
	struct sp_probe_verdict v[5];
	char buf[32];

	r->action = SP_ACT_ERRNO;
	r->errno_ret = ENOSYS;
	sp_rule_add_name(r, "getpgrp");
	sp_rule_add_name(&p->rules[0], "kill");
	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0);
	struct sock_fprog prog = { (unsigned short)b->len, b->insns };
	cr_assert_eq(sp_probe_run(&prog, cases, 5, v), 0);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "%s", sp_probe_str(&v[0], buf, 32));
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "%s", sp_probe_str(&v[1], buf, 32));
	cr_assert_eq(v[2].kind, SP_PROBE_KILL, "%s", sp_probe_str(&v[2], buf, 32));
	cr_assert_eq(v[3].kind, SP_PROBE_ERRNO);
	cr_assert_eq(v[3].err, ENOSYS);
	cr_assert_eq(v[4].kind, SP_PROBE_ALLOW, "probing goes on after a kill");
	sp_bpf_free(b);
	sp_profile_free(p);
}
