/* tracer/ against the real kernel: run programs with known behaviour
 * (testdata/progs) under sp_tracer_run and check what was seen. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "analyzer/aggregate.h"
#include "core/syscall.h"
#include "tracer/tracer.h"

#define PROGS SP_BINARY_DIR "/testdata/progs/"

/* Both ways calls reach the tracer: user notifications (the default) and
 * RET_TRACE ptrace stops.  BOTH_PATHS(name) runs a test body on each. */
static bool use_ptrace;

#define BOTH_PATHS(name)                                                  \
	static void name##_body(void);                                    \
	Test(live, name)                                                  \
	{                                                                 \
		use_ptrace = false;                                       \
		name##_body();                                            \
	}                                                                 \
	Test(live_ptrace, name)                                           \
	{                                                                 \
		use_ptrace = true;                                        \
		name##_body();                                            \
	}                                                                 \
	static void name##_body(void)

struct run {
	struct sp_trace *t;
	int rc;
	struct sp_diag d;
};

static struct run record(char *const *argv)
{
	struct run r = { .t = sp_trace_new() };
	struct sp_aggregate agg;
	struct sp_sink sink = { .on_syscall = sp_aggregate_sink,
				.ctx = &agg };
	struct sp_tracer_opts o = { .argv = argv, .notify = !use_ptrace };

	cr_assert_not_null(r.t);
	cr_assert_eq(sp_aggregate_init(&agg, r.t), 0);
	r.rc = sp_tracer_run(&o, r.t, &sink, &r.d);
	sp_aggregate_fini(&agg);
	return r;
}

/* Calls to name in the trace, all argument patterns together. */
static uint64_t calls(const struct sp_trace *t, const char *name)
{
	uint64_t n = 0;

	for (size_t i = 0; i < t->npatterns; i++) {
		const char *s = sp_syscall_name(t->patterns[i].arch,
						t->patterns[i].nr);

		if (s && strcmp(s, name) == 0)
			n += t->patterns[i].count;
	}
	return n;
}

static int has_exe(const struct sp_trace *t, const char *suffix)
{
	size_t n = strlen(suffix);

	for (size_t i = 0; i < t->nexes; i++) {
		size_t m = strlen(t->exes[i]);

		if (m >= n && strcmp(t->exes[i] + m - n, suffix) == 0)
			return 1;
	}
	return 0;
}

BOTH_PATHS(true_execs_and_exits)
{
	char *argv[] = { "/bin/true", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.rc, 0, "%s", r.d.msg);
	cr_assert_eq(r.t->end, SP_END_EXITED);
	cr_assert_eq(r.t->status, 0);
	cr_assert_eq(calls(r.t, "execve"), 1);
	cr_assert_eq(calls(r.t, "exit_group"), 1);
	cr_assert(has_exe(r.t, "/true"));
	cr_assert_eq(r.t->nprocs, 1);
	cr_assert_eq(r.t->argv[0][0], '/');
	sp_trace_free(r.t);
}

Test(live, exit_status_and_signal_death_are_reported)
{
	char *a[] = { PROGS "exitcode", "42", NULL };
	char *b[] = { PROGS "crash", NULL };
	struct run r = record(a);

	cr_assert_eq(r.t->end, SP_END_EXITED);
	cr_assert_eq(r.t->status, 42);
	sp_trace_free(r.t);
	r = record(b);
	cr_assert_eq(r.t->end, SP_END_SIGNALED);
	cr_assert_eq(r.t->status, SIGSEGV);
	cr_assert_eq(sp_trace_exit_status(r.t), 139);
	sp_trace_free(r.t);
}

Test(live, missing_command_is_not_run)
{
	char *argv[] = { "no-such-command-sandprint", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.rc, -ENOENT);
	cr_assert(strstr(r.d.msg, "command not found"));
	cr_assert_eq(r.t->npatterns, 0);
	sp_trace_free(r.t);
}

BOTH_PATHS(pipeline_children_are_followed)
{
	char *argv[] = { "/bin/sh", "-c",
			 "/bin/echo a | /usr/bin/tr a b >/dev/null", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t->status, 0);
	cr_assert(has_exe(r.t, "/echo"));
	cr_assert(has_exe(r.t, "/tr"));
	/* sh, two forks that exec: at least three process images. */
	cr_assert_geq(r.t->nprocs, 3);
	cr_assert_geq(calls(r.t, "execve"), 3);
	cr_assert_geq(calls(r.t, "pipe2") + calls(r.t, "pipe"), 1);
	sp_trace_free(r.t);
}

BOTH_PATHS(threads_are_followed)
{
	char *argv[] = { PROGS "threads", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.t->status, 0);
	cr_assert_geq(calls(r.t, "clone3") + calls(r.t, "clone"), 4);
	/* Each thread's own calls reach us: nanosleep is only called in
	 * the threads. */
	cr_assert_geq(calls(r.t, "nanosleep") + calls(r.t, "clock_nanosleep"),
		      4);
	cr_assert_eq(r.t->nprocs, 1, "threads are not processes");
	sp_trace_free(r.t);
}

BOTH_PATHS(exec_from_a_thread_takes_the_leader_tid)
{
	char *argv[] = { PROGS "exec_thread", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.rc, 0, "%s", r.d.msg);
	cr_assert_eq(r.t->end, SP_END_EXITED);
	cr_assert_eq(r.t->status, 0);
	cr_assert_geq(calls(r.t, "execve"), 2);
	cr_assert_geq(calls(r.t, "uname"), 1);
	sp_trace_free(r.t);
}

BOTH_PATHS(vfork_child_is_served_while_parent_waits)
{
	char *argv[] = { PROGS "vfork", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.t->status, 0);
	cr_assert_geq(calls(r.t, "execve"), 3);
	cr_assert(has_exe(r.t, "/true"));
	sp_trace_free(r.t);
}

BOTH_PATHS(clone3_children_are_followed)
{
	char *argv[] = { PROGS "clone3", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.t->status, 0);
	cr_assert_geq(calls(r.t, "clone3"), 2);
	cr_assert_geq(calls(r.t, "getppid"), 1);
	sp_trace_free(r.t);
}

BOTH_PATHS(clone_untraced_child_is_traced_anyway)
{
	char *argv[] = { PROGS "clone_untraced", NULL };
	struct run r = record(argv);

	/* Untraced, the child would get ENOSYS from uname and exit 3. */
	cr_assert_eq(r.t->status, 0);
	cr_assert_geq(calls(r.t, "uname"), 1);
	cr_assert_geq(calls(r.t, "getuid"), 1);
	sp_trace_free(r.t);
}

BOTH_PATHS(calls_refused_by_the_workloads_own_filter_are_seen)
{
	char *argv[] = { PROGS "own_filter", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.t->status, 0);
	cr_assert_geq(calls(r.t, "uname"), 1);
	cr_assert_geq(calls(r.t, "getpgrp"), 1);
	cr_assert_geq(calls(r.t, "seccomp"), 1);
	sp_trace_free(r.t);
}

BOTH_PATHS(daemon_outliving_its_parent_is_recorded_to_the_end)
{
	char path[] = "/tmp/sp-daemon-XXXXXX";
	char *argv[] = { PROGS "daemon", path, NULL };
	char buf[64] = "";
	struct run r;
	FILE *f;
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	close(fd);
	unlink(path);
	r = record(argv);
	cr_assert_eq(r.t->status, 0);
	/* The daemon writes the file 300 ms after the main process exits:
	 * it exists now only if the recording waited for it. */
	f = fopen(path, "r");
	cr_assert_not_null(f, "the recording ended before the daemon did");
	cr_assert_not_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	unlink(path);
	cr_assert_str_eq(buf, "daemon done\n");
	cr_assert_geq(calls(r.t, "setsid"), 1);
	cr_assert_geq(calls(r.t, "sysinfo"), 1);
	cr_assert_geq(r.t->nprocs, 3);
	sp_trace_free(r.t);
}

BOTH_PATHS(interrupted_sleep_restarts)
{
	char *argv[] = { PROGS "signals", NULL };
	struct run r = record(argv);

	cr_assert_eq(r.t->status, 0);
	cr_assert_geq(calls(r.t, "restart_syscall"), 1);
	sp_trace_free(r.t);
}

BOTH_PATHS(int_arguments_are_kept_on_their_low_32_bits)
{
	char *argv[] = { PROGS "syscalls", NULL };
	struct run r = record(argv);
	int found = 0;

	cr_assert_eq(r.t->status, 0);
	for (size_t i = 0; i < r.t->npatterns; i++) {
		const struct sp_pattern *p = &r.t->patterns[i];

		if (p->nr != SYS_socket)
			continue;
		/* syscalls.c poisons the upper half of the family. */
		cr_assert_eq(p->args[0], 1 /* AF_UNIX */);
		cr_assert(p->kept & 1);
		cr_assert_eq(p->args[3], 0, "unkept arguments are zeroed");
		found = 1;
	}
	cr_assert(found);
	sp_trace_free(r.t);
}

/* An x86_64 program's int $0x80 is an i386 call, its arguments kept as
 * the call reads them (the low halves), not as seccomp and ptrace give
 * them (the whole registers, upper halves poisoned). */
BOTH_PATHS(int80_call_is_i386_kept_on_its_low_halves)
{
	char *argv[] = { PROGS "int80_upper", NULL };
	struct run r = record(argv);
	int64_t fcntl64;
	unsigned seen = 0;

	if (r.t->status == 3) {
		sp_trace_free(r.t);
		cr_skip_test("no i386 system calls here (ia32_emulation)");
	}
	cr_assert_eq(r.t->status, 0);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "fcntl64", &fcntl64), 0);
	for (size_t i = 0; i < r.t->npatterns; i++) {
		const struct sp_pattern *p = &r.t->patterns[i];

		if (p->arch != SP_ARCH_X86 || p->nr != fcntl64)
			continue;
		cr_assert(p->kept & 2);
		cr_assert(p->args[1] == F_GETFD || p->args[1] == F_GETFL,
			  "cmd %#llx", (unsigned long long)p->args[1]);
		seen |= 1u << p->args[1];
	}
	cr_assert_eq(seen, 1u << F_GETFD | 1u << F_GETFL);
	sp_trace_free(r.t);
}

struct refuse_ctx {
	int64_t nr;
	int seen;
	uint16_t data;
};

static int refuse_sink(void *ctx, const struct sp_event *ev)
{
	struct refuse_ctx *c = ctx;

	if (ev->nr != c->nr)
		return 0;
	c->seen++;
	c->data = ev->ret_data;
	return EPERM;
}

Test(live, custom_filter_stops_only_where_it_says_and_sink_can_refuse)
{
	/* uname gets RET_TRACE (data 7), everything else is allowed without
	 * a stop; the sink refuses uname with EPERM, so uname(1) fails. */
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_uname, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 7),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = insns };
	struct refuse_ctx c = { .nr = SYS_uname };
	struct sp_sink sink = { .on_syscall = refuse_sink, .ctx = &c };
	char *argv[] = { "uname", NULL };
	struct sp_tracer_opts o = { .argv = argv, .filter = &prog };
	struct sp_trace *t = sp_trace_new();
	struct sp_diag d;

	cr_assert_eq(sp_tracer_run(&o, t, &sink, &d), 0);
	cr_assert_eq(c.seen, 1);
	cr_assert_eq(c.data, 7);
	cr_assert_eq(t->ncalls, 1, "allowed calls never stop");
	cr_assert_eq(t->end, SP_END_EXITED);
	cr_assert_eq(t->status, 1, "uname(1) saw its call refused");
	sp_trace_free(t);
}
