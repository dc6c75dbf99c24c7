/* The edge cases this machine cannot run (validators README cases 14, 25,
 * 26; no i386 or x32 execution here): made-up events as the tracer would
 * hand them over, through naming, aggregation, profile generation, the
 * libseccomp compiler and sandprint's cBPF interpreter.  The stopped-task
 * orderings the tracer sees are in tests/tracer_unit_test.c; the runnable
 * cases are end to end in tests/edge.sh. */
#include <criterion/criterion.h>
#include <linux/audit.h>
#include <string.h>

#include "analyzer/aggregate.h"
#include "analyzer/interp.h"
#include "analyzer/generate.h"
#include "core/arch.h"
#include "core/syscall.h"
#include "output/seccomp.h"

/* x86_64 and i386 numbers that mean different calls. */
#define I386_GETPID 20      /* x86_64 20: writev */
#define I386_GETGID32 200   /* x86_64 200: tkill */
#define X86_64_GETPID 39
#define X32(nr) ((int64_t)(SP_X32_SYSCALL_BIT | (nr)))

static struct sp_event event(uint32_t audit, int64_t nr)
{
	struct sp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.tid = ev.tgid = 100;
	ev.arch = sp_arch_of_call(audit, nr);
	ev.nr = nr;
	return ev;
}

static struct sp_trace *record(const struct sp_event *evs, size_t n)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate a;

	cr_assert_not_null(t);
	cr_assert_eq(sp_trace_intern_exe(t, "/bin/x"), 0);
	cr_assert_eq(sp_aggregate_init(&a, t), 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(sp_aggregate_add(&a, &evs[i]), 0);
	sp_aggregate_fini(&a);
	sp_trace_sort(t);
	t->end = SP_END_EXITED;
	return t;
}

static size_t unnamed;

static void count_unnamed(void *ctx, const struct sp_generate_note *n)
{
	(void)ctx;
	if (n->kind == SP_NOTE_UNNAMED)
		unnamed++;
}

static struct sp_profile *profile_of(struct sp_trace *t)
{
	struct sp_generate_opts o;
	struct sp_profile *p = NULL;

	sp_generate_opts_init(&o);
	o.default_action = SP_ACT_KILL_PROCESS;
	o.runtimes = 0;
	o.safety = 0;
	o.on_note = count_unnamed;
	unnamed = 0;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	return p;
}

static bool allows_name(const struct sp_profile *p, const char *name)
{
	for (size_t r = 0; r < p->nrules; r++)
		for (size_t i = 0; i < p->rules[r].nnames; i++)
			if (!strcmp(p->rules[r].names[i], name))
				return p->rules[r].action == SP_ACT_ALLOW;
	return false;
}

static bool has_arch(const struct sp_profile *p, enum sp_arch a)
{
	for (size_t i = 0; i < p->narchs; i++)
		if (p->archs[i] == a)
			return true;
	return false;
}

/* What the compiled profile does with (audit arch, nr), judged by the
 * interpreter (itself checked against the kernel in check_test.c). */
static enum sp_action verdict(const struct sp_bpf *b, uint32_t audit,
			      int64_t nr)
{
	struct seccomp_data sd;
	int data;

	memset(&sd, 0, sizeof(sd));
	sd.arch = audit;
	sd.nr = (int)nr;
	return sp_action_of_ret(sp_interp_run(b->insns, b->len, &sd), &data);
}

static struct sp_bpf *compile(const struct sp_profile *p)
{
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_bpf *b = NULL;
	struct sp_diag d;

	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s", d.msg);
	cr_assert_eq(sp_interp_check(b->insns, b->len, NULL, &d), 0);
	return b;
}

Test(edge_i386, calls_are_named_from_the_i386_table)
{
	cr_assert_eq(sp_arch_of_call(AUDIT_ARCH_I386, I386_GETPID),
		     SP_ARCH_X86);
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86, I386_GETPID),
			 "getpid");
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86_64, I386_GETPID),
			 "writev");
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86, I386_GETGID32),
			 "getgid32");
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86_64, I386_GETGID32),
			 "tkill");
}

/* int 0x80 from a 64-bit process: seccomp says AUDIT_ARCH_I386, and so
 * does the event; the same number on both arches is two patterns. */
Test(edge_i386, same_number_on_two_arches_is_two_patterns)
{
	struct sp_event evs[] = {
		event(AUDIT_ARCH_I386, I386_GETPID),
		event(AUDIT_ARCH_X86_64, I386_GETPID),
		event(AUDIT_ARCH_I386, I386_GETPID),
	};
	struct sp_trace *t = record(evs, 3);
	size_t n386 = 0, n64 = 0;

	cr_assert_eq(t->npatterns, 2);
	for (size_t i = 0; i < t->npatterns; i++) {
		if (t->patterns[i].arch == SP_ARCH_X86) {
			n386++;
			cr_assert_eq(t->patterns[i].count, 2);
		} else if (t->patterns[i].arch == SP_ARCH_X86_64) {
			n64++;
		}
	}
	cr_assert_eq(n386, 1);
	cr_assert_eq(n64, 1);
	sp_trace_free(t);
}

/* The profile lists both arches and both names; compiled with a KILL
 * default, i386 getpid runs, i386 getgid32 (x86_64 tkill) dies. */
Test(edge_i386, profile_allows_i386_calls_by_i386_number)
{
	struct sp_event evs[] = {
		event(AUDIT_ARCH_I386, I386_GETPID),
		event(AUDIT_ARCH_X86_64, X86_64_GETPID),
	};
	struct sp_trace *t = record(evs, 2);
	struct sp_profile *p = profile_of(t);
	struct sp_bpf *b;

	cr_assert(has_arch(p, SP_ARCH_X86));
	cr_assert(has_arch(p, SP_ARCH_X86_64));
	cr_assert(allows_name(p, "getpid"));
	cr_assert(!allows_name(p, "writev"));
	b = compile(p);
	cr_assert_eq(verdict(b, AUDIT_ARCH_I386, I386_GETPID), SP_ACT_ALLOW);
	cr_assert_eq(verdict(b, AUDIT_ARCH_X86_64, X86_64_GETPID),
		     SP_ACT_ALLOW);
	cr_assert_eq(verdict(b, AUDIT_ARCH_I386, I386_GETGID32),
		     SP_ACT_KILL_PROCESS);
	/* i386 getpid's number on x86_64 is writev: not recorded. */
	cr_assert_eq(verdict(b, AUDIT_ARCH_X86_64, I386_GETPID),
		     SP_ACT_KILL_PROCESS);
	sp_bpf_free(b);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* x32 shares AUDIT_ARCH_X86_64; the number's bit tells it apart. */
Test(edge_x32, x32_bit_selects_the_x32_table)
{
	cr_assert_eq(sp_arch_of_call(AUDIT_ARCH_X86_64, X32(X86_64_GETPID)),
		     SP_ARCH_X32);
	cr_assert_eq(sp_arch_of_call(AUDIT_ARCH_X86_64, X86_64_GETPID),
		     SP_ARCH_X86_64);
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X32, X32(X86_64_GETPID)),
			 "getpid");
}

Test(edge_x32, x32_call_is_allowed_only_through_scmp_arch_x32)
{
	struct sp_event evs[] = {
		event(AUDIT_ARCH_X86_64, X32(X86_64_GETPID)),
		event(AUDIT_ARCH_X86_64, 60),  /* exit */
	};
	struct sp_trace *t = record(evs, 2);
	struct sp_profile *p = profile_of(t);
	struct sp_bpf *b;

	cr_assert_eq(t->npatterns, 2);
	cr_assert(has_arch(p, SP_ARCH_X32));
	cr_assert(allows_name(p, "getpid"));
	b = compile(p);
	cr_assert_eq(verdict(b, AUDIT_ARCH_X86_64, X32(X86_64_GETPID)),
		     SP_ACT_ALLOW);
	cr_assert_eq(verdict(b, AUDIT_ARCH_X86_64, X32(200)),
		     SP_ACT_KILL_PROCESS);
	sp_bpf_free(b);

	/* Without SCMP_ARCH_X32 in the list, the x32 number is refused
	 * although the name is allowed for x86_64. */
	p->narchs = 0;
	cr_assert_eq(sp_profile_add_arch(p, SP_ARCH_X86_64), 0);
	b = compile(p);
	cr_assert_eq(verdict(b, AUDIT_ARCH_X86_64, X86_64_GETPID),
		     SP_ACT_ALLOW);
	cr_assert_neq(verdict(b, AUDIT_ARCH_X86_64, X32(X86_64_GETPID)),
		      SP_ACT_ALLOW);
	sp_bpf_free(b);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* syscall(-1) and syscall(999): recorded as syscall_-1 / syscall_999,
 * left out of the profile with a note each, and the kernel applies the
 * default action to them (tests/edge.sh "nosys" shows it live). */
Test(edge_nosys, numbers_without_a_name_are_kept_and_noted)
{
	char buf[SP_SYSCALL_NAME_MAX];
	struct sp_event evs[] = {
		event(AUDIT_ARCH_X86_64, -1),
		event(AUDIT_ARCH_X86_64, 999),
		event(AUDIT_ARCH_X86_64, X86_64_GETPID),
	};
	struct sp_trace *t = record(evs, 3);
	struct sp_profile *p;
	struct sp_bpf *b;
	int64_t nr;

	cr_assert_str_eq(sp_syscall_name_or_nr(SP_ARCH_X86_64, -1, buf),
			 "syscall_-1");
	cr_assert_str_eq(sp_syscall_name_or_nr(SP_ARCH_X86_64, 999, buf),
			 "syscall_999");
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "syscall_-1", &nr), 0);
	cr_assert_eq(nr, -1);
	cr_assert_eq(t->npatterns, 3);
	p = profile_of(t);
	cr_assert_eq(unnamed, 2);
	cr_assert(!allows_name(p, "syscall_-1"));
	b = compile(p);
	cr_assert_eq(verdict(b, AUDIT_ARCH_X86_64, -1), SP_ACT_KILL_PROCESS);
	cr_assert_eq(verdict(b, AUDIT_ARCH_X86_64, 999),
		     SP_ACT_KILL_PROCESS);
	cr_assert_eq(verdict(b, AUDIT_ARCH_X86_64, X86_64_GETPID),
		     SP_ACT_ALLOW);
	sp_bpf_free(b);
	sp_profile_free(p);
	sp_trace_free(t);
}
