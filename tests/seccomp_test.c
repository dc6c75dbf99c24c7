/* output/seccomp.c: profiles compiled by libseccomp, judged by the kernel
 * (load the program in a child, make the call, look at what happened). */
#include <criterion/criterion.h>
#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/array.h"
#include "output/file.h"
#include "output/firecracker.h"
#include "output/json.h"
#include "output/oci_json.h"
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

/*
 * Firecracker's seccompiler JSON (output/firecracker.c) against
 * seccompiler-bin itself, transliterated here from its source
 * (firecracker src/seccompiler/src/lib.rs compile_bpf and types.rs
 * to_scmp_type, 1.11 and later): one libseccomp context per filter,
 * seccomp_init(default_action), each rule added by
 * seccomp_rule_add_array with its conditions as seccompiler-bin makes
 * them.  The kernel judges both programs on every rule's values and
 * their neighbours, upper halves poisoned.
 */
static uint32_t fc_action(json_t *a)
{
	const char *s = json_string_value(a);

	if (!s) {
		json_t *n = json_object_get(a, "errno");

		if (n)
			return SCMP_ACT_ERRNO((uint16_t)json_integer_value(n));
		n = json_object_get(a, "trace");
		cr_assert(n, "test data: an action");
		return SCMP_ACT_TRACE((uint16_t)json_integer_value(n));
	}
	if (strcmp(s, "allow") == 0)
		return SCMP_ACT_ALLOW;
	if (strcmp(s, "trap") == 0)
		return SCMP_ACT_TRAP;
	if (strcmp(s, "log") == 0)
		return SCMP_ACT_LOG;
	if (strcmp(s, "kill_thread") == 0)
		return SCMP_ACT_KILL_THREAD;
	cr_assert_str_eq(s, "kill_process");
	return SCMP_ACT_KILL_PROCESS;
}

static uint64_t fc_u64(const struct sp_json_big *big, json_t *v)
{
	uint64_t x;

	if (sp_json_big_get(big, v, &x))
		return x;
	cr_assert(json_is_integer(v), "test data: an integer");
	return (uint64_t)json_integer_value(v);
}

/* SeccompCondition::to_scmp_type. */
static struct scmp_arg_cmp fc_cond(const struct sp_json_big *big, json_t *c)
{
	json_t *op = json_object_get(c, "op");
	const char *s = json_string_value(op);
	bool dword = strcmp(json_string_value(json_object_get(c, "type")),
			    "dword") == 0;
	struct scmp_arg_cmp a = {
		.arg = (unsigned)json_integer_value(json_object_get(c,
								    "index")),
		.datum_a = fc_u64(big, json_object_get(c, "val")),
	};

	if (!s) {
		a.op = SCMP_CMP_MASKED_EQ;
		a.datum_b = a.datum_a;
		a.datum_a = fc_u64(big, json_object_get(op, "masked_eq"));
	} else if (strcmp(s, "eq") == 0 && dword) {
		a.op = SCMP_CMP_MASKED_EQ;
		a.datum_b = a.datum_a;
		a.datum_a = 0x00000000FFFFFFFFull;
	} else {
		a.op = strcmp(s, "eq") == 0 ? SCMP_CMP_EQ :
		       strcmp(s, "ge") == 0 ? SCMP_CMP_GE :
		       strcmp(s, "gt") == 0 ? SCMP_CMP_GT :
		       strcmp(s, "le") == 0 ? SCMP_CMP_LE :
		       strcmp(s, "lt") == 0 ? SCMP_CMP_LT :
					      SCMP_CMP_NE;
	}
	return a;
}

static struct sp_bpf *fc_compile(const struct sp_json_big *big, json_t *f)
{
	uint32_t act = fc_action(json_object_get(f, "filter_action"));
	scmp_filter_ctx ctx =
		seccomp_init(fc_action(json_object_get(f, "default_action")));
	struct sp_bpf *b = calloc(1, sizeof(*b));
	json_t *rule;
	size_t i;
	FILE *mem;
	long len;

	cr_assert(ctx && b);
	json_array_foreach(json_object_get(f, "filter"), i, rule) {
		int nr = seccomp_syscall_resolve_name(
			json_string_value(json_object_get(rule, "syscall")));
		json_t *args = json_object_get(rule, "args"), *c;
		struct scmp_arg_cmp cmp[6];
		size_t k;

		cr_assert_neq(nr, __NR_SCMP_ERROR);
		json_array_foreach(args, k, c)
			cmp[k] = fc_cond(big, c);
		cr_assert_eq(seccomp_rule_add_array(ctx, act, nr,
						    (unsigned)json_array_size(args),
						    cmp), 0);
	}
	mem = tmpfile();
	cr_assert(mem);
	cr_assert_eq(seccomp_export_bpf(ctx, fileno(mem)), 0);
	len = lseek(fileno(mem), 0, SEEK_END);
	b->len = (size_t)len / sizeof(struct sock_filter);
	b->insns = malloc((size_t)len);
	cr_assert_eq(pread(fileno(mem), b->insns, (size_t)len, 0), len);
	fclose(mem);
	seccomp_release(ctx);
	return b;
}

/* Cases: each rule's call with every condition met, then each argument
 * it compares moved to the compared value, one off either side, the
 * value with its upper half poisoned and with bit 63 set, 0 and ~0. */
static size_t fc_cases(const struct sp_json_big *big, json_t *f,
		       struct sp_probe_case *out, size_t max)
{
	size_t n = 0, i, k;
	json_t *rule, *c;

	json_array_foreach(json_object_get(f, "filter"), i, rule) {
		int nr = seccomp_syscall_resolve_name(
			json_string_value(json_object_get(rule, "syscall")));
		struct sp_probe_case base = { .nr = nr };
		json_t *args = json_object_get(rule, "args");

		if (nr < 0)
			continue;
		json_array_foreach(args, k, c) {
			struct scmp_arg_cmp a = fc_cond(big, c);

			base.args[a.arg] = a.op == SCMP_CMP_MASKED_EQ ?
						   a.datum_b & a.datum_a :
					   a.op == SCMP_CMP_NE ||
							   a.op == SCMP_CMP_GT ?
						   a.datum_a + 1 :
					   a.op == SCMP_CMP_LT ?
						   a.datum_a - 1 :
						   a.datum_a;
		}
		cr_assert_lt(n, max);
		out[n++] = base;
		json_array_foreach(args, k, c) {
			struct scmp_arg_cmp a = fc_cond(big, c);
			uint64_t v = a.op == SCMP_CMP_MASKED_EQ ? a.datum_b :
								   a.datum_a;
			const uint64_t tries[] = {
				v, v + 1, v - 1, v ^ 0xdead00000000ull,
				v | 1ull << 63, 0, ~0ull,
			};

			for (size_t t = 0; t < ARRAY_SIZE(tries); t++) {
				cr_assert_lt(n, max);
				out[n] = base;
				out[n++].args[a.arg] = tries[t];
			}
		}
	}
	return n;
}

/* The kernel's verdicts on cases[0..n) under progs[0..np): all equal
 * (each named by names[] in a failure's message). */
static void fc_same_verdicts(struct sp_bpf *const *progs,
			     const char *const *names, size_t np,
			     const struct sp_probe_case *cases, size_t n)
{
	static struct sp_probe_verdict v[3][4096];

	cr_assert_leq(np, ARRAY_SIZE(v));
	cr_assert_leq(n, ARRAY_SIZE(v[0]));
	for (size_t k = 0; k < np; k++) {
		struct sock_fprog fp = { (unsigned short)progs[k]->len,
					 progs[k]->insns };

		cr_assert_eq(sp_probe_run(&fp, cases, n, v[k]), 0);
	}
	for (size_t k = 1; k < np; k++)
		for (size_t i = 0; i < n; i++) {
			char x[32], y[32];

			cr_assert(v[0][i].kind != SP_PROBE_FAILED);
			cr_assert(v[0][i].kind == v[k][i].kind &&
					  v[0][i].err == v[k][i].err,
				  "case %zu: nr %lld args %#llx %#llx %#llx "
				  "%#llx: %s %s, %s %s", i,
				  (long long)cases[i].nr,
				  (unsigned long long)cases[i].args[0],
				  (unsigned long long)cases[i].args[1],
				  (unsigned long long)cases[i].args[2],
				  (unsigned long long)cases[i].args[3],
				  names[0], sp_probe_str(&v[0][i], x, 32),
				  names[k], sp_probe_str(&v[k][i], y, 32));
		}
}

/* p written as -f firecracker writes it and read back. */
static struct sp_profile *fc_round_trip(const struct sp_profile *p)
{
	struct sp_profile *back = NULL;
	struct sp_diag d = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert(f);
	cr_assert_eq(sp_profile_write_firecracker(f, p, "main"), 0);
	fclose(f);
	cr_assert_eq(sp_profile_parse_firecracker("out.json", buf, len, NULL,
						  &back, &d), 0, "%s: %s: %s",
		     d.path, d.msg, buf);
	free(buf);
	return back;
}

/* p compiled, and p written as -f firecracker, read back and compiled:
 * into progs[0] and progs[1]. */
static void fc_compile_round_trip(const struct sp_profile *p,
				  struct sp_bpf *progs[2])
{
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_profile *back = fc_round_trip(p);
	struct sp_diag d;

	cr_assert_eq(sp_seccomp_compile(p, &o, &progs[0], &d), 0, "%s",
		     d.msg);
	cr_assert_eq(sp_seccomp_compile(back, &o, &progs[1], &d), 0, "%s",
		     d.msg);
	sp_profile_free(back);
}

/* Both compiles of filter name of the file path (or text) judged alike by
 * the kernel, and ours again once written as -f firecracker and read
 * back; the number of cases into *ncases. */
static void fc_against_seccompiler(const char *text, const char *name,
				   size_t *ncases)
{
	static const char *const names[] = {
		"seccompiler-bin's", "ours", "ours written and read back"
	};
	size_t len = strlen(text), n;
	char *ours_text = strdup(text), *theirs_text = strdup(text);
	struct sp_json_big big = { 0 };
	struct sp_profile *p = NULL;
	struct sp_bpf *progs[3];
	struct sp_diag d = { 0 };
	static struct sp_probe_case cases[4096];
	json_t *root;

	cr_assert_eq(sp_profile_parse_firecracker("fc.json", ours_text, len,
						  name, &p, &d), 0, "%s: %s",
		     d.path, d.msg);
	fc_compile_round_trip(p, progs + 1);
	cr_assert_eq(sp_json_swap_big(theirs_text, len, &big), 0);
	root = json_loadb(theirs_text, len, 0, NULL);
	cr_assert(root);
	progs[0] = fc_compile(&big, json_object_get(root, name));
	n = fc_cases(&big, json_object_get(root, name), cases,
		     ARRAY_SIZE(cases));
	/* And a call no rule names. */
	cases[n++] = (struct sp_probe_case){ SYS_getpgrp, { 0 } };
	fc_same_verdicts(progs, names, 3, cases, n);
	*ncases = n;
	json_decref(root);
	sp_json_big_fini(&big);
	for (size_t i = 0; i < 3; i++)
		sp_bpf_free(progs[i]);
	sp_profile_free(p);
	free(ours_text);
	free(theirs_text);
}

Test(firecracker, real_filters_judged_as_seccompiler_bin_compiles_them)
{
	const char *names[] = { "vmm", "api", "vcpu" };
	char *text;
	size_t len, n;
	struct sp_diag d;

	cr_assert_eq(sp_file_read(SP_SOURCE_DIR "/testdata/profiles/"
				  "firecracker-x86_64.json",
				  sp_file_text_check, NULL, &text, &len, &d),
		     0, "%s", d.msg);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		fc_against_seccompiler(text, names[i], &n);
		cr_assert_gt(n, 100, "%s: %zu cases", names[i], n);
	}
	free(text);
}

/* Every comparison, both widths, values past 32 bits and past INT64_MAX,
 * a mask with upper bits, a default errno, an unconditional rule beside
 * a conditional one. */
Test(firecracker, every_comparison_judged_as_seccompiler_bin_compiles_it)
{
	static const char text[] =
		"{\"t\": {\"default_action\": {\"errno\": 38},"
		" \"filter_action\": \"allow\", \"filter\": ["
		"{\"syscall\": \"getpriority\", \"args\": [{\"index\": 0,"
		" \"type\": \"dword\", \"op\": \"eq\", \"val\": 4294967298}]},"
		"{\"syscall\": \"getpriority\", \"args\": [{\"index\": 1,"
		" \"type\": \"qword\", \"op\": \"eq\", \"val\": 4294967298}]},"
		"{\"syscall\": \"setpriority\", \"args\": [{\"index\": 0,"
		" \"type\": \"dword\", \"op\": \"lt\", \"val\": 5},"
		" {\"index\": 1, \"type\": \"qword\", \"op\": \"ge\","
		" \"val\": 18446744073709551000}]},"
		"{\"syscall\": \"setpriority\", \"args\": [{\"index\": 2,"
		" \"type\": \"dword\", \"op\": \"ne\", \"val\": 7}]},"
		"{\"syscall\": \"dup3\", \"args\": [{\"index\": 2,"
		" \"type\": \"dword\", \"op\": {\"masked_eq\":"
		" 18446744069414584320}, \"val\": 4294967296}]},"
		"{\"syscall\": \"dup3\", \"args\": [{\"index\": 0,"
		" \"type\": \"qword\", \"op\": \"gt\","
		" \"val\": 9223372036854775808}]},"
		"{\"syscall\": \"dup3\", \"args\": [{\"index\": 1,"
		" \"type\": \"dword\", \"op\": \"le\", \"val\": 3}]},"
		"{\"syscall\": \"getpid\"},"
		"{\"syscall\": \"getpid\", \"args\": [{\"index\": 0,"
		" \"type\": \"dword\", \"op\": \"eq\", \"val\": 1}]}"
		"]}}";
	/* A denylist: the rules' action an errno, in a file of two. */
	static const char deny[] =
		"{\"a\": {\"default_action\": \"allow\","
		" \"filter_action\": {\"errno\": 95}, \"filter\": ["
		"{\"syscall\": \"getpriority\", \"args\": [{\"index\": 0,"
		" \"type\": \"dword\", \"op\": \"gt\", \"val\": 2}]},"
		"{\"syscall\": \"getpgrp\"}]},"
		" \"b\": {\"default_action\": \"kill_process\","
		" \"filter_action\": \"log\", \"filter\": []}}";
	size_t n;

	fc_against_seccompiler(text, "t", &n);
	cr_assert_gt(n, 50);
	fc_against_seccompiler(deny, "a", &n);
	cr_assert_gt(n, 8);
}

/* An OCI profile written as -f firecracker: several names a rule, an
 * index repeated (ORed, as crun and runc read it), masks, a rule of the
 * default action (left out), judged by the kernel before and after. */
Test(firecracker, oci_profile_written_and_read_back_judged_alike)
{
	static const char text[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"getpriority\", \"setpriority\"],"
		" \"action\": \"SCMP_ACT_ALLOW\", \"args\": ["
		"{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},"
		"{\"index\": 0, \"value\": 4294967299, \"op\": \"SCMP_CMP_GE\"}]},"
		"{\"names\": [\"dup3\"], \"action\": \"SCMP_ACT_ALLOW\","
		" \"args\": [{\"index\": 1, \"value\": 4294967295,"
		" \"valueTwo\": 4294967303, \"op\": \"SCMP_CMP_MASKED_EQ\"},"
		" {\"index\": 2, \"value\": 18446744069414584575,"
		" \"valueTwo\": 3, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},"
		"{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ALLOW\","
		" \"args\": [{\"index\": 0, \"value\": 18446744073709551615,"
		" \"valueTwo\": 4294967303, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},"
		"{\"names\": [\"getpgrp\"], \"action\": \"SCMP_ACT_ERRNO\"},"
		"{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\","
		" \"comment\": \"sandprint: recorded: \\\"quoted\\\"\"}]}";
	const uint64_t vals[] = { 0, 1, 2, 3, 7, 0x100000003ull,
				  0x100000007ull, 0xdead00000007ull,
				  0xffffffff00000003ull, ~0ull };
	const long nrs[] = { SYS_getpriority, SYS_setpriority, SYS_dup3,
			     SYS_getpgid, SYS_getpgrp, SYS_getpid };
	static const char *const names[] = { "before",
					     "written and read back" };
	static struct sp_probe_case cases[512];
	struct sp_profile *p = NULL, *back;
	struct sp_bpf *progs[2];
	char *copy = strdup(text);
	struct sp_diag d = { 0 };
	size_t n = 0;

	cr_assert_eq(sp_profile_parse_oci("p.json", copy, strlen(copy), &p,
					  &d), 0, "%s: %s", d.path, d.msg);
	for (size_t k = 0; k < ARRAY_SIZE(nrs); k++)
		for (size_t i = 0; i < ARRAY_SIZE(vals); i++)
			for (size_t j = 0; j < ARRAY_SIZE(vals); j += 3) {
				cases[n] = (struct sp_probe_case){ nrs[k],
								   { 0 } };
				cases[n].args[0] = vals[i];
				cases[n].args[1] = vals[i];
				cases[n++].args[2] = vals[j];
			}
	fc_compile_round_trip(p, progs);
	fc_same_verdicts(progs, names, 2, cases, n);
	sp_bpf_free(progs[0]);
	sp_bpf_free(progs[1]);
	back = fc_round_trip(p);
	/* Its comment and origin come back with it. */
	cr_assert_str_eq(back->rules[back->nrules - 1].comment,
			 "sandprint: recorded: \"quoted\"");
	cr_assert_eq(back->rules[back->nrules - 1].origin,
		     SP_ORIGIN_RECORDED);
	sp_profile_free(back);
	sp_profile_free(p);
	free(copy);
}
