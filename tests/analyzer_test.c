/* analyzer/: argument kinds, aggregation, profile building, on made-up
 * events (i386 and x32 included: this machine cannot run them). */
#include <criterion/criterion.h>
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "analyzer/aggregate.h"
#include "analyzer/argkind.h"
#include "analyzer/generate.h"
#include "core/syscall.h"

static struct sp_event event(enum sp_arch arch, const char *name)
{
	struct sp_event ev;
	int64_t nr;

	memset(&ev, 0, sizeof(ev));
	cr_assert_eq(sp_syscall_nr(arch, name, &nr), 0, "%s", name);
	ev.arch = arch;
	ev.nr = nr;
	ev.tid = ev.tgid = 100;
	return ev;
}

static const struct sp_rule *rule_of(const struct sp_profile *p,
				     enum sp_origin origin)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].origin == origin)
			return &p->rules[i];
	return NULL;
}

static int rule_has(const struct sp_rule *r, const char *name)
{
	for (size_t i = 0; r && i < r->nnames; i++)
		if (strcmp(r->names[i], name) == 0)
			return 1;
	return 0;
}

Test(argkind, covers_at_least_forty_calls)
{
	cr_assert_geq(sp_argkind_count(), 40);
}

Test(argkind, fd_pointer_and_size_args_never_kept)
{
	const struct sp_argspec *s =
		sp_argkind_lookup(SP_ARCH_X86_64, SYS_read);

	cr_assert_eq(s->kept, 0);
	s = sp_argkind_lookup(SP_ARCH_X86_64, SYS_ioctl);
	cr_assert_eq(s->kept, 1u << 1, "ioctl keeps only its request");
	s = sp_argkind_lookup(SP_ARCH_X86_64, SYS_mmap);
	cr_assert_eq(s->kept, (1u << 2) | (1u << 3), "mmap: prot and flags");
}

Test(argkind, int_args_keep_low_32_bits_long_args_all_64)
{
	uint64_t in[SP_NARGS] = { 0xdeadbeef00000001ull, 0xffffffff00080001ull,
			   0xabcdef0000000000ull, 4, 5, 6 };
	uint64_t out[SP_NARGS];
	uint8_t kept = sp_argkind_keep(
		sp_argkind_lookup(SP_ARCH_X86_64, SYS_socket), in, 0, out);

	cr_assert_eq(kept, 7);
	cr_assert_eq(out[0], 1);
	cr_assert_eq(out[1], 0x80001);
	cr_assert_eq(out[2], 0);
	cr_assert_eq(out[3], 0);
	kept = sp_argkind_keep(sp_argkind_lookup(SP_ARCH_X86_64, SYS_clone),
			       in, 0, out);
	cr_assert_eq(kept, 1);
	cr_assert_eq(out[0], 0xdeadbeef00000001ull, "clone flags are long");
}

Test(argkind, struct_arguments_are_kept_only_when_the_tracer_read_them)
{
	const struct sp_argspec *s =
		sp_argkind_lookup(SP_ARCH_X86_64, SYS_clone3);
	uint64_t in[6] = { 0x7ffd12345678ull, 88, 0, 0, 0, 0 };
	uint64_t out[6];

	cr_assert_eq(s->kind[0], SP_ARGKIND_STRUCT);
	/* A pointer is worth nothing... */
	cr_assert_eq(sp_argkind_keep(s, in, 0, out), 0);
	cr_assert_eq(out[0], 0);
	/* ... the flags read from the struct are kept. */
	in[0] = CLONE_VM | CLONE_THREAD;
	cr_assert_eq(sp_argkind_keep(s, in, 1, out), 1);
	cr_assert_eq(out[0], CLONE_VM | CLONE_THREAD);
}

Test(argkind, tables_are_per_arch)
{
	int64_t nr;

	/* i386 has socket at 359; x32 numbers carry their bit. */
	/* libseccomp names i386's socket by the pseudo-number of
	 * socketcall; the real number is 359. */
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86, 359), "socket");
	cr_assert_eq(sp_argkind_lookup(SP_ARCH_X86, 359)->kept, 7);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X32, "prctl", &nr), 0);
	/* prctl's option, and the two arguments some options pick. */
	cr_assert_eq(sp_argkind_lookup(SP_ARCH_X32, nr)->kept, 7);
	cr_assert_eq(sp_argkind_lookup(SP_ARCH_UNKNOWN, 41)->kept, 0);
	cr_assert_eq(sp_argkind_lookup(SP_ARCH_X86_64, -1)->kept, 0);
}

/* An argument another one picks (SP_ARG_WHEN) is an enumeration, and
 * so is the one that picks it: the generator keys the first by the
 * second's value in a rule's tuple, under --args auto where auto holds
 * the second (socket's family, prctl's option), else under strict only
 * (fcntl's cmd). */
Test(argkind, picked_arguments_are_enums_picked_by_enums)
{
	struct sp_argrow r, s;
	unsigned picked = 0;

	for (unsigned i = 0; sp_argkind_row(i, &r) == 0; i++) {
		bool found = false;

		if (r.when_sel < 0) {
			cr_expect_not(r.only_when, "%s %u: WHEN without lines",
				      r.syscall, r.index);
			continue;
		}
		cr_expect_eq(r.kind, SP_ARGKIND_ENUM, "%s %u", r.syscall,
			     r.index);
		cr_expect_not(r.automatic, "%s %u", r.syscall, r.index);
		for (unsigned j = 0; sp_argkind_row(j, &s) == 0; j++)
			if (strcmp(s.syscall, r.syscall) == 0 &&
			    s.index == (unsigned)r.when_sel) {
				found = true;
				cr_expect_eq(s.kind, SP_ARGKIND_ENUM, "%s",
					     s.syscall);
			}
		cr_expect(found, "%s %u: no selector row", r.syscall, r.index);
		picked++;
	}
	cr_assert_geq(picked, 3);
}

Test(aggregate, equal_calls_count_as_one_pattern)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate a;
	struct sp_event ev = event(SP_ARCH_X86_64, "read");

	cr_assert_eq(sp_aggregate_init(&a, t), 0);
	for (int i = 0; i < 5; i++) {
		ev.args[0] = (uint64_t)i; /* the fd: never kept */
		cr_assert_eq(sp_aggregate_add(&a, &ev), 0);
	}
	cr_assert_eq(t->npatterns, 1);
	cr_assert_eq(t->patterns[0].count, 5);
	sp_aggregate_fini(&a);
	sp_trace_free(t);
}

Test(aggregate, kept_argument_values_make_distinct_patterns)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate a;
	struct sp_event ev = event(SP_ARCH_X86_64, "socket");

	cr_assert_eq(sp_aggregate_init(&a, t), 0);
	ev.args[0] = AF_UNIX;
	sp_aggregate_add(&a, &ev);
	ev.args[0] = AF_INET;
	sp_aggregate_add(&a, &ev);
	/* Upper-bit garbage on an int argument is the same call. */
	ev.args[0] = 0xdeadbeef00000000ull | AF_UNIX;
	sp_aggregate_add(&a, &ev);
	cr_assert_eq(t->npatterns, 2);
	cr_assert_eq(t->patterns[0].args[0], AF_UNIX);
	cr_assert_eq(t->patterns[0].count, 2);
	cr_assert_eq(t->patterns[1].count, 1);
	sp_aggregate_fini(&a);
	sp_trace_free(t);
}

/* The in-kernel tracer keeps an argument by the table's mask alone; a
 * pattern it hands over keeps prctl's second argument only for the
 * options it is a sub-operation of (argkind.def SP_ARG_WHEN): two
 * PR_SET_NAME calls with their pointers are one pattern, a
 * PR_CAP_AMBIENT raise keeps its operation, not the capability. */
Test(aggregate, handed_patterns_keep_picked_arguments_only_where_picked)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate a;
	struct sp_pattern p = { .arch = SP_ARCH_X86_64, .nr = SYS_prctl,
				.kept = 7, .count = 1,
				.args = { PR_SET_NAME, 0x7ffd1000 } };

	cr_assert_eq(sp_aggregate_init(&a, t), 0);
	cr_assert_eq(sp_aggregate_add_pattern(&a, &p), 0);
	p.args[1] = 0x7ffd2000;
	cr_assert_eq(sp_aggregate_add_pattern(&a, &p), 0);
	p.args[0] = PR_CAP_AMBIENT;
	p.args[1] = PR_CAP_AMBIENT_RAISE;
	p.args[2] = 13;
	cr_assert_eq(sp_aggregate_add_pattern(&a, &p), 0);
	sp_aggregate_fini(&a);
	cr_assert_eq(t->npatterns, 2);
	cr_assert_eq(t->patterns[0].kept, 1);
	cr_assert_eq(t->patterns[0].count, 2);
	cr_assert_eq(t->patterns[1].kept, 3);
	cr_assert_eq(t->patterns[1].args[1], PR_CAP_AMBIENT_RAISE);
	cr_assert_eq(t->patterns[1].args[2], 0);
	sp_trace_free(t);
}

Test(aggregate, arches_are_kept_apart)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate a;
	struct sp_event ev = { .arch = SP_ARCH_X86_64, .nr = 20 };

	cr_assert_eq(sp_aggregate_init(&a, t), 0);
	sp_aggregate_add(&a, &ev);
	ev.arch = SP_ARCH_X86;
	sp_aggregate_add(&a, &ev);
	cr_assert_eq(t->npatterns, 2);
	sp_aggregate_fini(&a);
	sp_trace_free(t);
}

Test(aggregate, survives_growth_past_its_first_table)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate a;
	struct sp_event ev = event(SP_ARCH_X86_64, "ioctl");

	cr_assert_eq(sp_aggregate_init(&a, t), 0);
	for (int round = 0; round < 2; round++) {
		for (uint64_t i = 0; i < 5000; i++) {
			ev.args[1] = i;
			cr_assert_eq(sp_aggregate_add(&a, &ev), 0);
		}
	}
	cr_assert_eq(t->npatterns, 5000);
	for (size_t i = 0; i < t->npatterns; i++)
		cr_assert_eq(t->patterns[i].count, 2);
	sp_aggregate_fini(&a);
	sp_trace_free(t);
}

static struct sp_trace *trace_of(const char *const *names, size_t n,
				 enum sp_arch arch)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate a;

	cr_assert_eq(sp_aggregate_init(&a, t), 0);
	for (size_t i = 0; i < n; i++) {
		struct sp_event ev = event(arch, names[i]);

		sp_aggregate_add(&a, &ev);
	}
	sp_aggregate_fini(&a);
	return t;
}

Test(generate, recorded_names_are_sorted_and_unique)
{
	const char *names[] = { "write", "read", "close", "read" };
	struct sp_trace *t = trace_of(names, 4, SP_ARCH_X86_64);
	struct sp_generate_opts o;
	struct sp_profile *p;
	const struct sp_rule *r;

	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.safety = 0;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_eq(p->nrules, 1);
	r = &p->rules[0];
	cr_assert_eq(r->nnames, 3);
	cr_assert_str_eq(r->names[0], "close");
	cr_assert_str_eq(r->names[2], "write");
	cr_assert_eq(r->action, SP_ACT_ALLOW);
	cr_assert_eq(p->default_action, SP_ACT_ERRNO);
	cr_assert_eq(p->narchs, 1);
	cr_assert_eq(p->archs[0], SP_ARCH_X86_64);
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, runtime_window_adds_only_what_was_not_recorded)
{
	const char *names[] = { "close", "read" };
	struct sp_trace *t = trace_of(names, 2, SP_ARCH_X86_64);
	struct sp_generate_opts o;
	struct sp_profile *p;
	const struct sp_rule *rec, *rt;

	sp_generate_opts_init(&o);
	o.runtimes = SP_RUNTIME_CRUN;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	rec = rule_of(p, SP_ORIGIN_RECORDED);
	rt = rule_of(p, SP_ORIGIN_RUNTIME);
	cr_assert_not_null(rt);
	cr_assert(rule_has(rec, "close"));
	cr_assert_not(rule_has(rt, "close"), "close was recorded already");
	cr_assert(rule_has(rt, "execve"));
	cr_assert(strstr(rt->comment, "crun"));
	cr_assert_eq(sp_origin_parse_comment(rt->comment), SP_ORIGIN_RUNTIME);
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, runtime_none_adds_nothing)
{
	const char *names[] = { "read" };
	struct sp_trace *t = trace_of(names, 1, SP_ARCH_X86_64);
	struct sp_generate_opts o;
	struct sp_profile *p;
	unsigned set;

	sp_generate_opts_init(&o);
	cr_assert_eq(sp_runtime_parse("none", &set), 0);
	o.runtimes = set;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_null(rule_of(p, SP_ORIGIN_RUNTIME));
	cr_assert_eq(sp_runtime_parse("crun,runc", &set), 0);
	cr_assert_eq(set, SP_RUNTIME_CRUN | SP_RUNTIME_RUNC);
	cr_assert_eq(sp_runtime_parse("podman", &set), -EINVAL);
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, arches_are_the_observed_ones)
{
	const char *names[] = { "getpid" };
	struct sp_trace *t[2] = { trace_of(names, 1, SP_ARCH_X86_64),
				  trace_of(names, 1, SP_ARCH_X86) };
	struct sp_generate_opts o;
	struct sp_profile *p;

	sp_generate_opts_init(&o);
	cr_assert_eq(sp_generate_profile(t, 2, &o, &p), 0);
	cr_assert_eq(p->narchs, 2);
	cr_assert_eq(p->archs[0], SP_ARCH_X86_64);
	cr_assert_eq(p->archs[1], SP_ARCH_X86);
	sp_profile_free(p);
	sp_trace_free(t[0]);
	sp_trace_free(t[1]);
}

static void count_notes(void *ctx, const struct sp_generate_note *n)
{
	size_t *counts = ctx;

	counts[n->kind]++;
}

Test(generate, numbers_without_a_name_are_counted_not_emitted)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern pat = { .arch = SP_ARCH_X86_64, .nr = 999,
				  .count = 1 };
	struct sp_generate_opts o;
	struct sp_profile *p;
	size_t notes[2] = { 0, 0 };

	sp_trace_add_pattern(t, &pat);
	pat.nr = -1;
	sp_trace_add_pattern(t, &pat);
	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.safety = 0;
	o.on_note = count_notes;
	o.ctx = notes;
	o.default_action = SP_ACT_KILL_PROCESS;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_eq(notes[SP_NOTE_UNNAMED], 2);
	cr_assert_eq(p->nrules, 0);
	cr_assert_eq(p->default_action, SP_ACT_KILL_PROCESS);
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(aggregate, each_executable_keeps_its_own_patterns)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate a;
	struct sp_event ev = event(SP_ARCH_X86_64, "getpid");

	cr_assert_eq(sp_aggregate_init(&a, t), 0);
	sp_aggregate_add(&a, &ev);
	ev.exe = 1;
	sp_aggregate_add(&a, &ev);
	sp_aggregate_add(&a, &ev);
	cr_assert_eq(t->npatterns, 2);
	cr_assert_eq(t->patterns[0].exe, 0);
	cr_assert_eq(t->patterns[0].count, 1);
	cr_assert_eq(t->patterns[1].exe, 1);
	cr_assert_eq(t->patterns[1].count, 2);
	sp_aggregate_fini(&a);
	sp_trace_free(t);
}

Test(argkind, clone_flags_are_the_second_argument_on_s390x)
{
	int64_t nr;

	/* clone(newsp, flags, ...) on s390 (CLONE_BACKWARDS2). */
	cr_assert_eq(sp_syscall_nr(SP_ARCH_S390X, "clone", &nr), 0);
	cr_assert_eq(sp_argkind_lookup(SP_ARCH_S390X, nr)->kept, 1u << 1);
	cr_assert_eq(sp_argkind_lookup(SP_ARCH_S390X, nr)->wide, 1u << 1);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_AARCH64, "clone", &nr), 0);
	cr_assert_eq(sp_argkind_lookup(SP_ARCH_AARCH64, nr)->kept, 1u << 0);
	/* Other calls are unchanged on s390x (socket is 359 there; its
	 * name resolves to socketcall's pseudo-number). */
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_S390X, 359), "socket");
	cr_assert_eq(sp_argkind_lookup(SP_ARCH_S390X, 359)->kept, 7);
}

/* Runs (record --repeat): a trace of one run and another run merged. */
static struct sp_trace *one_run(const char *exe, const int64_t *nrs, size_t n,
				const char *object)
{
	struct sp_trace *t = sp_trace_new();

	cr_assert_not_null(t);
	cr_assert_geq(sp_trace_intern_exe(t, "/bin/sh"), 0);
	cr_assert_geq(sp_trace_intern_exe(t, exe), 0);
	cr_assert_eq(sp_trace_add_process(t, 10, 1, 1), 0);
	if (object) {
		cr_assert_eq(sp_trace_intern_object(t, object), 0);
		cr_assert_eq(sp_trace_add_mapping(t, 0, 0), 0);
	}
	for (size_t i = 0; i < n; i++) {
		struct sp_pattern p = { .arch = SP_ARCH_X86_64, .nr = nrs[i],
					.count = 2, .exe = 1, .pid = 10 };

		cr_assert_geq(sp_trace_add_pattern(t, &p), 0);
	}
	t->ncalls = 2 * n;
	t->end = SP_END_EXITED;
	return t;
}

static const struct sp_pattern *pattern_of(const struct sp_trace *t,
					   const char *exe, int64_t nr)
{
	for (size_t i = 0; i < t->npatterns; i++)
		if (t->patterns[i].nr == nr &&
		    strcmp(t->exes[t->patterns[i].exe], exe) == 0)
			return &t->patterns[i];
	return NULL;
}

Test(aggregate, runs_merge_with_their_own_counts)
{
	const int64_t a[] = { SYS_read, SYS_getpid };
	const int64_t b[] = { SYS_read, SYS_getppid };
	struct sp_trace *t = one_run("/bin/a", a, 2, "/lib/x.so");
	struct sp_trace *u = one_run("/bin/b", b, 2, "/lib/y.so");
	struct sp_trace *v = one_run("/bin/a", a, 1, NULL);
	struct sp_aggregate agg;
	const struct sp_pattern *p;

	u->status = 3;
	cr_assert_eq(sp_aggregate_init(&agg, t), 0);
	cr_assert_eq(sp_aggregate_add_run(&agg, u), 0);
	cr_assert_eq(sp_aggregate_add_run(&agg, v), 0);
	sp_aggregate_fini(&agg);
	cr_assert_eq(sp_trace_runs(t), 3);
	cr_assert_eq(t->ncalls, 4 + 4 + 2);
	/* The executables and objects of a later run are interned, its
	 * process images and mappings follow. */
	cr_assert_eq(t->nexes, 3);
	cr_assert_str_eq(t->exes[2], "/bin/b");
	cr_assert_eq(t->nprocs, 3);
	cr_assert_eq(t->procs[1].exe, 2);
	cr_assert_eq(t->nobjects, 2);
	cr_assert_eq(t->nmaps, 2);
	cr_assert_eq(t->maps[1].proc, 1);
	cr_assert_eq(t->maps[1].object, 1);
	/* read by /bin/a in runs 1 and 3, by /bin/b in run 2. */
	p = pattern_of(t, "/bin/a", SYS_read);
	cr_assert_eq(p->count, 4);
	cr_assert_eq(sp_pattern_runs(t, p), 2);
	cr_assert_eq(sp_pattern_runs(t, pattern_of(t, "/bin/b", SYS_read)), 1);
	cr_assert_eq(sp_pattern_runs(t, pattern_of(t, "/bin/a", SYS_getpid)),
		     1);
	/* The failing run says how the trace ended. */
	cr_assert_eq(t->status, 3);
	sp_trace_free(v);
	sp_trace_free(u);
	sp_trace_free(t);
}

Test(generate, coverage_counts_runs)
{
	const int64_t a[] = { SYS_read, SYS_getpid };
	const int64_t b[] = { SYS_read };
	struct sp_trace *t = one_run("/bin/a", a, 2, NULL);
	struct sp_trace *u = one_run("/bin/a", b, 1, NULL);
	struct sp_generate_opts o;
	struct sp_aggregate agg;
	struct sp_profile *p = NULL;
	bool found = false;

	cr_assert_eq(sp_aggregate_init(&agg, t), 0);
	cr_assert_eq(sp_aggregate_add_run(&agg, u), 0);
	cr_assert_eq(sp_aggregate_add_run(&agg, u), 0);
	sp_aggregate_fini(&agg);
	sp_generate_opts_init(&o);
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	for (size_t i = 0; i < p->nrules; i++) {
		if (strcmp(p->rules[i].names[0], "getpid") != 0)
			continue;
		found = true;
		cr_assert(strstr(p->rules[i].comment, ", in 1 of 3 runs"), "%s",
			  p->rules[i].comment);
	}
	cr_assert(found);
	sp_profile_free(p);
	sp_trace_free(u);
	sp_trace_free(t);
}
