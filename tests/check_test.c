/* analyzer/interp.c and analyzer/check.c: the cBPF interpreter opcode by
 * opcode, the checks seccomp(2) makes before loading a program, stacked
 * filters, and the differential test against the kernel (tests/probe.h):
 * for generated profiles compiled by libseccomp, the interpreter's verdict
 * must equal the kernel's on every case.  Also output/docker.c's
 * resolution of includes/excludes. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyzer/interp.h"
#include "analyzer/check.h"
#include "core/array.h"
#include "core/syscall.h"
#include "output/docker.h"
#include "output/bpf_file.h"
#include "output/oci_json.h"
#include "output/seccomp.h"
#include "output/trace_json.h"
#include "tests/probe.h"

#define OFF_NR offsetof(struct seccomp_data, nr)
#define OFF_ARCH offsetof(struct seccomp_data, arch)
#define OFF_ARG(i) offsetof(struct seccomp_data, args[i])

static struct seccomp_data data(int nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data sd = { .nr = nr, .arch = AUDIT_ARCH_X86_64 };

	sd.args[0] = a0;
	sd.args[1] = a1;
	return sd;
}

/* Checks then runs prog over sd. */
static uint32_t run(const struct sock_filter *p, size_t n,
		    struct seccomp_data sd)
{
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_interp_check(p, n, "t", &d), 0, "%s", d.msg);
	return sp_interp_run(p, n, &sd);
}

#define RUN(prog, sd) run(prog, ARRAY_SIZE(prog), sd)

Test(bpf, loads_words_of_seccomp_data)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(1) + 4),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct sock_filter q[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct sock_filter r[] = {
		BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};

	cr_assert_eq(RUN(p, data(0, 0, 0x1234567800000000ull)), 0x12345678);
	cr_assert_eq(RUN(q, data(0, 0, 0)), 64);
	cr_assert_eq(RUN(r, data(0, 0, 0)), 64);
}

Test(bpf, immediates_scratch_memory_and_register_moves)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_IMM, 7),
		BPF_STMT(BPF_ST, 3),
		BPF_STMT(BPF_LDX | BPF_IMM, 100),
		BPF_STMT(BPF_STX, 15),
		BPF_STMT(BPF_LD | BPF_IMM, 0),
		BPF_STMT(BPF_LDX | BPF_MEM, 3),     /* X = 7 */
		BPF_STMT(BPF_LD | BPF_MEM, 15),     /* A = 100 */
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),    /* X = 107 */
		BPF_STMT(BPF_LD | BPF_IMM, 1),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),    /* A = 107 */
		BPF_STMT(BPF_RET | BPF_A, 0),
	};

	cr_assert_eq(RUN(p, data(0, 0, 0)), 107);
}

/* A = args[0] low word, X = args[1] low word, then op. */
static uint32_t alu(uint16_t op, bool x, uint32_t k, uint32_t a, uint32_t b)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(1)),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(0)),
		BPF_STMT(BPF_ALU | op | (x ? BPF_X : BPF_K), k),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};

	return RUN(p, data(0, a, b));
}

Test(bpf, alu_with_constant_and_with_x)
{
	cr_assert_eq(alu(BPF_ADD, false, 5, 0xfffffffe, 0), 3);
	cr_assert_eq(alu(BPF_ADD, true, 0, 10, 32), 42);
	cr_assert_eq(alu(BPF_SUB, false, 5, 3, 0), 0xfffffffe);
	cr_assert_eq(alu(BPF_SUB, true, 0, 50, 8), 42);
	cr_assert_eq(alu(BPF_MUL, false, 0x10000, 0x10001, 0), 0x10000);
	cr_assert_eq(alu(BPF_MUL, true, 0, 6, 7), 42);
	cr_assert_eq(alu(BPF_DIV, false, 10, 425, 0), 42);
	cr_assert_eq(alu(BPF_DIV, true, 0, 0xffffffff, 2), 0x7fffffff);
	cr_assert_eq(alu(BPF_AND, false, 0xf0, 0x3c, 0), 0x30);
	cr_assert_eq(alu(BPF_AND, true, 0, 0x3c, 0x0f), 0x0c);
	cr_assert_eq(alu(BPF_OR, false, 0xf0, 0x0f, 0), 0xff);
	cr_assert_eq(alu(BPF_OR, true, 0, 0x100, 1), 0x101);
	cr_assert_eq(alu(BPF_XOR, false, 0xff, 0x0f, 0), 0xf0);
	cr_assert_eq(alu(BPF_XOR, true, 0, 6, 3), 5);
	cr_assert_eq(alu(BPF_LSH, false, 4, 0x8000000f, 0), 0xf0);
	cr_assert_eq(alu(BPF_LSH, true, 0, 1, 33), 2, "shift by X & 31");
	cr_assert_eq(alu(BPF_RSH, false, 4, 0x80000000, 0), 0x08000000);
	cr_assert_eq(alu(BPF_RSH, true, 0, 0x80, 3), 0x10);
	cr_assert_eq(alu(BPF_NEG, false, 0, 1, 0), 0xffffffff);
}

Test(bpf, division_by_zero_in_x_returns_kill_thread)
{
	cr_assert_eq(alu(BPF_DIV, true, 0, 42, 0), SECCOMP_RET_KILL_THREAD);
}

/* if (args[0] OP k-or-X) return 1 else return 2; X = args[1]. */
static uint32_t jump(uint16_t op, bool x, uint32_t k, uint32_t a, uint32_t b)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(1)),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(0)),
		BPF_JUMP(BPF_JMP | op | (x ? BPF_X : BPF_K), k, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 1),
		BPF_STMT(BPF_RET | BPF_K, 2),
	};

	return RUN(p, data(0, a, b));
}

Test(bpf, conditional_jumps_compare_unsigned)
{
	cr_assert_eq(jump(BPF_JEQ, false, 5, 5, 0), 1);
	cr_assert_eq(jump(BPF_JEQ, false, 5, 6, 0), 2);
	cr_assert_eq(jump(BPF_JEQ, true, 0, 9, 9), 1);
	cr_assert_eq(jump(BPF_JGE, false, 5, 5, 0), 1);
	cr_assert_eq(jump(BPF_JGE, false, 5, 4, 0), 2);
	cr_assert_eq(jump(BPF_JGE, true, 0, 0xffffffff, 1), 1, "unsigned");
	cr_assert_eq(jump(BPF_JGT, false, 5, 5, 0), 2);
	cr_assert_eq(jump(BPF_JGT, true, 0, 6, 5), 1);
	cr_assert_eq(jump(BPF_JSET, false, 0x10, 0x30, 0), 1);
	cr_assert_eq(jump(BPF_JSET, true, 0, 0x30, 0x0f), 2);
}

Test(bpf, ja_skips_and_ret_k_returns_constant)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_JMP | BPF_JA, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 7),
	};

	cr_assert_eq(RUN(p, data(0, 0, 0)), SECCOMP_RET_ERRNO | 7);
}

static int check_fails(const struct sock_filter *p, size_t n,
		       const char *want)
{
	struct sp_diag d = { 0 };
	int rc = sp_interp_check(p, n, "bad.bpf", &d);

	cr_assert_eq(rc, -EINVAL, "accepted; wanted \"%s\"", want);
	cr_assert(strstr(d.msg, want), "\"%s\" lacks \"%s\"", d.msg, want);
	cr_assert_str_eq(d.file, "bad.bpf");
	return rc;
}

Test(bpf_check, refuses_what_seccomp_refuses)
{
	struct sock_filter ret = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_filter jeq[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1), ret,
	};
	struct sock_filter ja[] = { BPF_STMT(BPF_JMP | BPF_JA, 1), ret };
	struct sock_filter div[] = {
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), ret,
	};
	struct sock_filter shift[] = {
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), ret,
	};
	struct sock_filter mis[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), ret,
	};
	struct sock_filter past[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), ret,
	};
	struct sock_filter half[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), ret,
	};
	struct sock_filter mod[] = {
		BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), ret,
	};
	struct sock_filter noret[] = { ret, BPF_STMT(BPF_LD | BPF_IMM, 0) };
	struct sock_filter mem[] = { BPF_STMT(BPF_LD | BPF_MEM, 2), ret };
	struct sock_filter memidx[] = { BPF_STMT(BPF_ST, 16), ret };
	/* Written on one path only. */
	struct sock_filter memjump[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
		BPF_STMT(BPF_ST, 0),
		BPF_STMT(BPF_LD | BPF_MEM, 0),
		ret,
	};
	struct sock_filter *big = calloc(BPF_MAXINSNS + 1, sizeof(*big));

	check_fails(&ret, 0, "0 instructions");
	for (size_t i = 0; i <= BPF_MAXINSNS; i++)
		big[i] = ret;
	check_fails(big, BPF_MAXINSNS + 1, "4097 instructions");
	cr_assert_eq(sp_interp_check(big, BPF_MAXINSNS, NULL, NULL), 0);
	free(big);
	check_fails(jeq, ARRAY_SIZE(jeq), "jump out of range");
	check_fails(ja, ARRAY_SIZE(ja), "jump out of range");
	check_fails(div, ARRAY_SIZE(div), "division by zero");
	check_fails(shift, ARRAY_SIZE(shift), "shift by 32");
	check_fails(mis, ARRAY_SIZE(mis), "aligned");
	check_fails(past, ARRAY_SIZE(past), "outside");
	check_fails(half, ARRAY_SIZE(half), "not allowed");
	check_fails(mod, ARRAY_SIZE(mod), "not allowed");
	check_fails(noret, ARRAY_SIZE(noret), "does not end in a return");
	check_fails(mem, ARRAY_SIZE(mem), "read before it is written");
	check_fails(memidx, ARRAY_SIZE(memidx), "index out of range");
	check_fails(memjump, ARRAY_SIZE(memjump), "read before it is written");
}

/* The arguments a run loaded (either half), from every program of the
 * stack; loads of nr, arch and the instruction pointer name none. */
Test(bpf, stacked_run_names_the_arguments_it_read)
{
	/* socket: the high half of args[1]; else args[5] and the ip. */
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(1) + 4),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(5)),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, instruction_pointer)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
	};
	struct sock_filter q[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARCH),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(0)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter nr_only[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sp_bpf both[] = { { p, ARRAY_SIZE(p) }, { q, ARRAY_SIZE(q) } };
	struct sp_bpf plain[] = { { nr_only, ARRAY_SIZE(nr_only) } };
	struct seccomp_data sock = data(SYS_socket, 0, 0);
	struct seccomp_data pid = data(SYS_getpid, 0, 0);
	unsigned args = 0;

	cr_assert_eq(sp_interp_check(p, ARRAY_SIZE(p), NULL, NULL), 0);
	cr_assert_eq(sp_interp_check(q, ARRAY_SIZE(q), NULL, NULL), 0);
	cr_assert_eq(sp_interp_run_stack_args(both, 2, &sock, &args),
		     SECCOMP_RET_ALLOW);
	cr_assert_eq(args, 0x3 | SP_INTERP_SECOND(1),
		     "args[1] (high half) and args[0]: %#x", args);
	args = 0;
	cr_assert_eq(sp_interp_run_stack_args(both, 2, &pid, &args),
		     SECCOMP_RET_ERRNO | 1);
	cr_assert_eq(args, 0x21 | SP_INTERP_IP,
		     "args[5], args[0] and the ip: %#x", args);
	args = 0;
	sp_interp_run_stack_args(plain, 1, &sock, &args);
	cr_assert_eq(args, 0, "nr only: %#x", args);
}

Test(bpf, stacked_filters_take_the_strongest_action)
{
	struct sock_filter errno5[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 5) };
	struct sock_filter errno9[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 9) };
	struct sock_filter trap[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP) };
	struct sock_filter killp[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS) };
	struct sock_filter allow[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sp_bpf s1[] = { { allow, 1 }, { errno5, 1 }, { trap, 1 } };
	struct sp_bpf s2[] = { { trap, 1 }, { killp, 1 }, { allow, 1 } };
	struct sp_bpf s3[] = { { errno5, 1 }, { errno9, 1 } };
	struct seccomp_data sd = data(0, 0, 0);
	int d;

	cr_assert_eq(sp_interp_run_stack(s1, 3, &sd), SECCOMP_RET_TRAP);
	cr_assert_eq(sp_interp_run_stack(s2, 3, &sd), SECCOMP_RET_KILL_PROCESS,
		     "KILL_PROCESS is 0x80000000: strongest as signed");
	cr_assert_eq(sp_interp_run_stack(s3, 2, &sd), SECCOMP_RET_ERRNO | 9,
		     "among equal actions the newest filter's data");
	cr_assert_eq(sp_action_of_ret(0x7ffe0000, &d), SP_ACT_KILL_PROCESS,
		     "unknown actions kill");
	cr_assert_eq(sp_action_of_ret(SECCOMP_RET_ERRNO | 0xffff, &d),
		     SP_ACT_ERRNO);
	cr_assert_eq(d, 4095, "errno capped at MAX_ERRNO");
}

/* --- check: patterns judged, unkept arguments flagged -------------- */

Test(check, unkept_argument_that_decides_is_flagged)
{
	/* socket: ERRNO unless args[0] == 1; getpid: always ERRNO 3. */
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(0)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 2, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 3),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sp_bpf prog = { p, ARRAY_SIZE(p) };
	struct sp_filter f = { &prog, 1 };
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern sock_unkept = { .arch = SP_ARCH_X86_64,
					  .nr = SYS_socket, .count = 2 };
	struct sp_pattern sock_kept = { .arch = SP_ARCH_X86_64,
					.nr = SYS_socket, .kept = 1,
					.args = { 2 }, .count = 1 };
	struct sp_pattern sock_ok = { .arch = SP_ARCH_X86_64,
				      .nr = SYS_socket, .kept = 1,
				      .args = { 1 }, .count = 1 };
	struct sp_pattern pid = { .arch = SP_ARCH_X86_64, .nr = SYS_getpid,
				  .count = 5 };
	struct sp_check_result r;

	cr_assert_eq(sp_interp_check(p, ARRAY_SIZE(p), NULL, NULL), 0);
	sp_trace_add_pattern(t, &sock_unkept);
	sp_trace_add_pattern(t, &sock_kept);
	sp_trace_add_pattern(t, &sock_ok);
	sp_trace_add_pattern(t, &pid);
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	sp_check_result_sort(&r);
	cr_assert_eq(r.npatterns, 4);
	cr_assert_eq(r.ncalls, 9);
	cr_assert_eq(r.n, 3);
	cr_assert_eq(r.nrefused_calls, 8);
	/* Sorted by nr: getpid (39) < socket (41); kept 0 < kept 1. */
	cr_assert_eq(r.v[0].nr, SYS_getpid);
	cr_assert_eq(r.v[0].action, SP_ACT_ERRNO);
	cr_assert_eq(r.v[0].data, 3);
	cr_assert_not(r.v[0].arg_dependent);
	cr_assert_eq(r.v[1].nr, SYS_socket);
	cr_assert_eq(r.v[1].kept, 0);
	cr_assert(r.v[1].arg_dependent);
	cr_assert_eq(r.v[2].kept, 1);
	cr_assert_not(r.v[2].arg_dependent, "all that matters was kept");
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* A value of an argument the trace did not keep that none of the probes
 * tries (read's count 42, its fd 7) is found all the same, through two
 * stacked filters combined by the kernel's precedence: the older kills
 * read(_, _, 42), the newer refuses read(7, ...) with EIO. */
Test(check, refusal_at_a_value_no_probe_tries_is_found)
{
	struct sock_filter older[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_read, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(2)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 42, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter newer[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_read, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(0)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EIO),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sp_bpf progs[2] = { { older, ARRAY_SIZE(older) },
				   { newer, ARRAY_SIZE(newer) } };
	struct sp_filter f = { progs, 2 };
	struct sp_trace *t = sp_trace_new();
	/* kept: none; the count 42 (the kill, whatever the fd); count 1. */
	struct sp_pattern any = { .arch = SP_ARCH_X86_64, .nr = SYS_read,
				  .count = 1 };
	struct sp_pattern c42 = { .arch = SP_ARCH_X86_64, .nr = SYS_read,
				  .kept = 1u << 2, .args = { 0, 0, 42 },
				  .count = 1 };
	struct sp_pattern c1 = { .arch = SP_ARCH_X86_64, .nr = SYS_read,
				 .kept = 1u << 2, .args = { 0, 0, 1 },
				 .count = 1 };
	struct sp_check_result r;

	sp_trace_add_pattern(t, &any);
	sp_trace_add_pattern(t, &c42);
	sp_trace_add_pattern(t, &c1);
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	sp_check_result_sort(&r);
	cr_assert_eq(r.n, 3);
	/* Sorted by kept: none, then count 1, then count 42. */
	cr_assert_eq(r.v[0].kept, 0);
	cr_assert_eq(r.v[0].action, SP_ACT_KILL_PROCESS);
	cr_assert(r.v[0].arg_dependent);
	cr_assert_eq(r.v[1].args[2], 1);
	cr_assert_eq(r.v[1].action, SP_ACT_ERRNO);
	cr_assert_eq(r.v[1].data, EIO);
	cr_assert(r.v[1].arg_dependent);
	cr_assert_eq(r.v[2].args[2], 42);
	cr_assert_eq(r.v[2].action, SP_ACT_KILL_PROCESS);
	cr_assert_not(r.v[2].arg_dependent, "the kill whatever the fd");
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* The kernel's verdict on each of cases under prog is kinds' (the
 * premise); then check of one call of pat (its arguments kept or not)
 * reports the kill the kernel gives, once, as depending on arguments. */
static void expect_kill_reported(struct sock_filter *prog, size_t len,
				 const struct sp_probe_case *cases,
				 const enum sp_probe_kind *kinds, size_t n,
				 const struct sp_pattern *pat)
{
	struct sock_fprog fp = { (unsigned short)len, prog };
	struct sp_bpf b = { prog, len };
	struct sp_filter f = { &b, 1 };
	struct sp_probe_verdict v[4];
	struct sp_trace *t = sp_trace_new();
	struct sp_check_result r;

	cr_assert(n <= ARRAY_SIZE(v));
	cr_assert_eq(sp_probe_run(&fp, cases, n, v), 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(v[i].kind, kinds[i],
			     "the kernel's premise, case %zu", i);
	sp_trace_add_pattern(t, pat);
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	cr_assert_eq(r.n, 1, "the kill the kernel gives is not reported "
		     "(%zu %d)", r.n, r.n ? (int)r.v[0].action : -1);
	cr_assert_eq(r.v[0].action, SP_ACT_KILL_PROCESS);
	cr_assert(r.v[0].arg_dependent);
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* mprotect killed when arg1 == 2, unless an ALLOW of three NEs on the
 * arguments libseccomp tests first lets it through (arg2 != 5, arg3 != 6,
 * arg4 != 7), the default EPERM: a recording that kept none of them is
 * killed at (_, 2, 5, _, _), refused at (_, 0, 5, _, _), allowed at 0,
 * the kernel says.  No probe value of check's tries 5 or 2, and the cubes
 * that three NEs on 64 bits split into (64^3) are past their bound: check
 * reported nothing.  Followed path by path (sp_bpf_joint), the kill is
 * found, flagged argument-dependent. */
Test(check, refusal_behind_many_conditions_on_unkept_arguments_is_found)
{
	static const struct { unsigned idx; uint64_t v; } ne[] = {
		{ 2, 5 }, { 3, 6 }, { 4, 7 },
	};
	struct sp_profile *p = sp_profile_new();
	struct sp_rule *r;
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_cond kill = { .index = 1, .value = 2, .op = SP_CMP_EQ };
	struct sp_probe_case cases[3] = {
		{ SYS_mprotect, { 0, 2, 5, 0, 0 } },
		{ SYS_mprotect, { 0, 0, 5, 0, 0 } },
		{ SYS_mprotect, { 0, 0, 0, 0, 0 } },
	};
	static const enum sp_probe_kind kinds[3] = {
		SP_PROBE_KILL, SP_PROBE_ERRNO, SP_PROBE_ALLOW,
	};
	struct sp_pattern any = { .arch = SP_ARCH_X86_64, .nr = SYS_mprotect,
				  .count = 1 };
	struct sp_bpf *b;
	struct sp_diag d;

	p->default_action = SP_ACT_ERRNO;
	p->default_errno = -1;
	sp_profile_add_arch(p, SP_ARCH_X86_64);
	r = sp_profile_add_rule(p);
	r->action = SP_ACT_KILL_PROCESS;
	sp_rule_add_name(r, "mprotect");
	sp_rule_add_cond(r, &kill);
	r = sp_profile_add_rule(p);
	r->action = SP_ACT_ALLOW;
	sp_rule_add_name(r, "mprotect");
	for (size_t i = 0; i < ARRAY_SIZE(ne); i++) {
		struct sp_cond c = { .index = ne[i].idx, .value = ne[i].v,
				     .op = SP_CMP_NE };

		sp_rule_add_cond(r, &c);
	}
	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s", d.msg);
	expect_kill_reported(b->insns, b->len, cases, kinds,
			     ARRAY_SIZE(cases), &any);
	sp_bpf_free(b);
	sp_profile_free(p);
}

/* A filter that allows calls made at address 0 only and kills the rest
 * (as a sandbox lets calls through from its own entry code alone): the kernel
 * kills getpid made from anywhere real.  check judged it at an
 * instruction pointer of 0, which no call has, and reported nothing.
 * The call site is a word no trace keeps: the kill is found, flagged. */
Test(check, filter_reading_the_call_site_judged_at_every_site)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct sp_probe_case c = { SYS_getpid, { 0 } };
	static const enum sp_probe_kind kill = SP_PROBE_KILL;
	struct sp_pattern pid = { .arch = SP_ARCH_X86_64, .nr = SYS_getpid,
				  .count = 1 };

	cr_assert_eq(sp_interp_check(p, ARRAY_SIZE(p), NULL, NULL), 0);
	expect_kill_reported(p, ARRAY_SIZE(p), &c, &kill, 1, &pid);
}

/* A filter that tests the same masked bits of an argument twice (as
 * libseccomp does where two rules share a condition): mprotect killed
 * when (prot & 6) == 2, the second test, on the path where the first
 * held, never failing.  Followed path by path, the side where it fails
 * has no value; the search for one chose bits no condition reads (31 to
 * 3) both ways, past its bound, and check fell back to its probes, none
 * of which gives 2 under the mask: the kill the kernel gives at
 * mprotect(_, _, 2) went unreported. */
Test(check, kill_behind_a_repeated_masked_test_is_found)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 0, 7),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(2)),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 6),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(2)),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 6),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sp_probe_case cases[2] = {
		{ SYS_mprotect, { 0, 0, 2, 0, 0 } },
		{ SYS_mprotect, { 0, 0, 4, 0, 0 } },
	};
	static const enum sp_probe_kind kinds[2] = {
		SP_PROBE_KILL, SP_PROBE_ALLOW,
	};
	struct sp_pattern any = { .arch = SP_ARCH_X86_64, .nr = SYS_mprotect,
				  .count = 1 };

	expect_kill_reported(prog, ARRAY_SIZE(prog), cases, kinds,
			     ARRAY_SIZE(cases), &any);
}

/* mprotect killed at prot 7 on one side of prot > 0x10; on the other,
 * prot's low bit tested twice.  The second test cannot fail there, and
 * the search for a value failing it found the greater-than met by every
 * choice of the high bits, then the low bit in conflict under each of
 * them: past its bound, check fell back to its probes (0, 1, all ones),
 * and the kill the kernel gives at 7 went unreported.  The states the
 * search found no value under are kept (which conditions are still open
 * at which bit), each searched once. */
Test(check, kill_beside_a_comparison_and_a_repeated_bit_test_is_found)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 0, 7),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(2)),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x10, 0, 3),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 4),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 3, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EIO),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sp_probe_case cases[3] = {
		{ SYS_mprotect, { 0, 0, 7, 0, 0 } },
		{ SYS_mprotect, { 0, 0, 6, 0, 0 } },
		{ SYS_mprotect, { 0, 0, 0x11, 0, 0 } },
	};
	static const enum sp_probe_kind kinds[3] = {
		SP_PROBE_KILL, SP_PROBE_ALLOW, SP_PROBE_ALLOW,
	};
	struct sp_pattern any = { .arch = SP_ARCH_X86_64, .nr = SYS_mprotect,
				  .count = 1 };

	expect_kill_reported(prog, ARRAY_SIZE(prog), cases, kinds,
			     ARRAY_SIZE(cases), &any);
}

/* ioctl killed at request 0x5401 with arg2 7, allowed at the 200
 * requests 0x7000-0x70c7, refused otherwise (EPERM); check of one call
 * of pat reports the kill, the kernel agreeing on cases. */
static void expect_kill_past_an_allowlist(const struct sp_probe_case *cases,
					  const enum sp_probe_kind *kinds,
					  size_t n, const struct sp_pattern *pat)
{
	struct sp_profile *p = sp_profile_new();
	struct sp_rule *r;
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_cond kill[2] = {
		{ .index = 1, .value = 0x5401, .op = SP_CMP_EQ },
		{ .index = 2, .value = 7, .op = SP_CMP_EQ },
	};
	struct sp_bpf *b;
	struct sp_diag d;

	p->default_action = SP_ACT_ERRNO;
	p->default_errno = -1;
	sp_profile_add_arch(p, SP_ARCH_X86_64);
	r = sp_profile_add_rule(p);
	r->action = SP_ACT_KILL_PROCESS;
	sp_rule_add_name(r, "ioctl");
	sp_rule_add_cond(r, &kill[0]);
	sp_rule_add_cond(r, &kill[1]);
	for (uint64_t i = 0; i < 200; i++) {
		struct sp_cond c = { .index = 1, .value = 0x7000 + i,
				     .op = SP_CMP_EQ };

		r = sp_profile_add_rule(p);
		r->action = SP_ACT_ALLOW;
		sp_rule_add_name(r, "ioctl");
		sp_rule_add_cond(r, &c);
	}
	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s", d.msg);
	expect_kill_reported(b->insns, b->len, cases, kinds, n, pat);
	sp_bpf_free(b);
	sp_profile_free(p);
}

/* ioctl allowed at 200 requests and killed at request 0x5401 with arg2
 * 7, refused otherwise; a recording that kept the request (0x5401), not
 * arg2.  Each test of the request on the way to the kill, decided by the
 * kept value, was a condition of the path: past the bound of a path's
 * conditions, check fell back to its probes, none of which is 7, and the
 * kill the kernel gives went unreported.  A condition only one side of
 * its jump can meet is implied by what the path knows, and not kept. */
Test(check, kill_past_many_tests_of_a_kept_argument_is_found)
{
	struct sp_probe_case cases[2] = {
		{ SYS_ioctl, { 0, 0x5401, 7, 0, 0 } },
		{ SYS_ioctl, { 0, 0x5401, 0, 0, 0 } },
	};
	static const enum sp_probe_kind kinds[2] = {
		SP_PROBE_KILL, SP_PROBE_ERRNO,
	};
	struct sp_pattern any = { .arch = SP_ARCH_X86_64, .nr = SYS_ioctl,
				  .kept = 1u << 1, .args = { 0, 0x5401 },
				  .count = 1 };

	expect_kill_past_an_allowlist(cases, kinds, ARRAY_SIZE(cases), &any);
}
/* ioctl allowed at 200 requests and killed at request 0x5401 with arg2
 * 7, refused otherwise; a recording that kept neither (the request is
 * any value).  Every request the path to the kill is not is a genuine
 * condition on it (both sides met): past 96 of them, a bound of a path's
 * conditions, check fell back to its probes, none of which is 0x5401
 * with 7, and the kill the kernel gives went unreported. */
Test(check, kill_past_many_tests_of_an_unkept_argument_is_found)
{
	struct sp_probe_case cases[3] = {
		{ SYS_ioctl, { 0, 0x5401, 7, 0, 0 } },
		{ SYS_ioctl, { 0, 0x5401, 0, 0, 0 } },
		{ SYS_ioctl, { 0, 0x7000 + 150, 7, 0, 0 } },
	};
	static const enum sp_probe_kind kinds[3] = {
		SP_PROBE_KILL, SP_PROBE_ERRNO, SP_PROBE_ALLOW,
	};
	struct sp_pattern any = { .arch = SP_ARCH_X86_64, .nr = SYS_ioctl,
				  .count = 1 };

	expect_kill_past_an_allowlist(cases, kinds, ARRAY_SIZE(cases), &any);
}

/* The end of the filters below: 32 tests of arg2's bits, each side of
 * each a way of its own (the other side reads arg3 first), 2^32 paths,
 * then KILL at arg2 0xdeadbeef, else ALLOW; appended at p[n] where p
 * holds n + DIAMONDS instructions in all.  Then the kernel's verdicts
 * for the two cases, the first killed, the second as second says. */
#define DIAMONDS (32 * 3 + 4)
static void end_in_diamonds(struct sock_filter *p, size_t n, size_t len,
			    const struct sp_probe_case cases[2],
			    enum sp_probe_kind second)
{
	struct sock_fprog fp = { (unsigned short)len, p };
	struct sp_probe_verdict v[2];

	for (int bit = 0; bit < 32; bit++) {
		p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						      OFF_ARG(2));
		p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
						      1u << bit, 0, 1);
		p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						      OFF_ARG(3));
	}
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      OFF_ARG(2));
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      0xdeadbeef, 0, 1);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_KILL_PROCESS);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	cr_assert_eq(n, len);
	cr_assert_eq(sp_interp_check(p, len, NULL, NULL), 0);
	cr_assert_eq(sp_probe_run(&fp, cases, 2, v), 0);
	cr_assert_eq(v[0].kind, SP_PROBE_KILL, "the kernel's premise");
	cr_assert_eq(v[1].kind, second, "the kernel's premise");
}

/* ioctl killed at arg2 0xdeadbeef behind 32 tests of arg2's bits, each
 * side of each a way of its own (the other side reads arg3 first): 2^32
 * paths, past the bound of the search path by path, where check judges
 * at its probes, none of which is 0xdeadbeef.  check said nothing: no
 * refusal, exit 0, where the kernel kills.  Now it reports the kill or
 * counts the call as judged at its probes alone (nprobed, which the
 * command says). */
Test(check, kill_past_the_search_bound_is_said)
{
	struct sock_filter p[3 + DIAMONDS];
	struct sp_probe_case cases[2] = {
		{ SYS_ioctl, { 0, 0x5401, 0xdeadbeef, 0, 0 } },
		{ SYS_ioctl, { 0, 0x5401, 0, 0, 0 } },
	};
	struct sp_bpf b = { p, ARRAY_SIZE(p) };
	struct sp_filter f = { &b, 1 };
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern any = { .arch = SP_ARCH_X86_64, .nr = SYS_ioctl,
				  .count = 1 };
	struct sp_check_result r;
	size_t n = 0;

	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR);
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      SYS_ioctl, 1, 0);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	end_in_diamonds(p, n, ARRAY_SIZE(p), cases, SP_PROBE_ALLOW);
	sp_trace_add_pattern(t, &any);
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	cr_assert((r.n == 1 && r.v[0].action == SP_ACT_KILL_PROCESS) ||
			  r.nprobed == 1,
		  "the kill the kernel gives is neither reported nor said to "
		  "be past the search (%zu refusals, %llu probed)", r.n,
		  (unsigned long long)r.nprobed);
	if (r.nprobed) {
		cr_assert_eq(r.probed_nr, SYS_ioctl);
		cr_assert_eq(r.probed_arch, SP_ARCH_X86_64);
	}
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* read killed at count 42; ioctl as in kill_past_the_search_bound_is_said
 * (2^32 paths before its kill at arg2 0xdeadbeef).  Four ioctl patterns,
 * their requests kept, each past the bound (the later ones sent to the
 * probes at once: each search to the bound costs a second), and a read
 * whose count was not kept: the read's kill is still found path by path,
 * and every ioctl is counted as judged at the probes. */
Test(check, calls_past_the_search_bound_leave_the_others_searched)
{
	struct sock_filter p[6 + DIAMONDS];
	struct sp_probe_case cases[2] = {
		{ SYS_read, { 0, 0, 42, 0, 0 } },
		{ SYS_ioctl, { 0, 3, 0xdeadbeef, 0, 0 } },
	};
	struct sp_bpf b = { p, ARRAY_SIZE(p) };
	struct sp_filter f = { &b, 1 };
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern rd = { .arch = SP_ARCH_X86_64, .nr = SYS_read,
				 .count = 1 };
	struct sp_check_result r;
	size_t n = 0;

	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR);
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      SYS_read, 0, 2);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      OFF_ARG(2));
	/* To the last two: the KILL, the ALLOW. */
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 42,
					      ARRAY_SIZE(p) - 2 - 4,
					      ARRAY_SIZE(p) - 1 - 4);
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      SYS_ioctl, 1, 0);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	end_in_diamonds(p, n, ARRAY_SIZE(p), cases, SP_PROBE_KILL);
	for (uint64_t req = 1; req <= 4; req++) {
		struct sp_pattern io = { .arch = SP_ARCH_X86_64,
					 .nr = SYS_ioctl, .kept = 1u << 1,
					 .args = { 0, req }, .count = 1 };

		sp_trace_add_pattern(t, &io);
	}
	sp_trace_add_pattern(t, &rd);
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	sp_check_result_sort(&r);
	cr_assert_geq(r.n, 1);
	cr_assert_eq(r.v[0].nr, SYS_read, "read's kill at count 42");
	cr_assert_eq(r.v[0].action, SP_ACT_KILL_PROCESS);
	cr_assert(r.v[0].arg_dependent);
	cr_assert_eq(r.nprobed + (r.n - 1), 4, "each ioctl reported or said "
		     "(%llu probed, %zu refusals)",
		     (unsigned long long)r.nprobed, r.n);
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* The same call with another kept value may take other paths: ioctl's
 * requests 1 and 2 lead to 32 tests of arg2's bits (2^32 paths, each
 * search past its bound), request 5 to one test, a kill at arg2
 * 0xdeadbeef, which no probe tries.  Sent to the probes at once after
 * the two (same arch, number and kept arguments), request 5 passed for
 * no refusal where the kernel kills it and the search, a few paths,
 * finds it. */
Test(check, kept_value_with_few_paths_searched_after_two_past_the_bound)
{
	struct sock_filter p[5 + DIAMONDS];
	struct sp_probe_case cases[2] = {
		{ SYS_ioctl, { 0, 5, 0xdeadbeef, 0, 0 } },
		{ SYS_ioctl, { 0, 5, 7, 0, 0 } },
	};
	struct sp_bpf b = { p, ARRAY_SIZE(p) };
	struct sp_filter f = { &b, 1 };
	struct sp_trace *t = sp_trace_new();
	struct sp_check_result r;
	bool found = false;
	size_t n = 0;

	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR);
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      SYS_ioctl, 1, 0);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      OFF_ARG(1));
	/* Request 5: past the bits' tests, to the last four. */
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 5,
					      32 * 3, 0);
	end_in_diamonds(p, n, ARRAY_SIZE(p), cases, SP_PROBE_ALLOW);
	for (uint64_t req = 1; req <= 5; req += req == 2 ? 3 : 1) {
		struct sp_pattern io = { .arch = SP_ARCH_X86_64,
					 .nr = SYS_ioctl, .kept = 1u << 1,
					 .args = { 0, req }, .count = 1 };

		sp_trace_add_pattern(t, &io);
	}
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	for (size_t i = 0; i < r.n; i++)
		found |= r.v[i].nr == SYS_ioctl && r.v[i].args[1] == 5 &&
			 r.v[i].action == SP_ACT_KILL_PROCESS;
	cr_assert(found, "ioctl request 5's kill at arg2 0xdeadbeef "
		  "(%zu refusals, %llu probed)", r.n,
		  (unsigned long long)r.nprobed);
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* A filter written with 64-bit comparisons, as for x86_64, refusing
 * i386 fcntl64(_, F_SETFD) (upper half 0 and lower half 2): a 64-bit
 * process that sets the upper half gets F_SETFD through, the kernel
 * says.  check judged the recorded call refused, no more (the upper half
 * taken as 0), and so did explain: the call is refused only for some
 * values. */
Test(check, i386_upper_half_a_64_bit_caller_sets_is_judged)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 221, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(1) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(1)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, F_SETFD, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fp = { ARRAY_SIZE(p), p };
	const uint64_t calls[][4] = {
		{ 221, 0, F_SETFD, 0 },
		{ 221, 0, 1ull << 32 | F_SETFD, 0 },
	};
	struct sp_bpf prog = { p, ARRAY_SIZE(p) };
	struct sp_filter f = { &prog, 1 };
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern x86 = { .arch = SP_ARCH_X86, .nr = 221, .count = 1,
				  .kept = 2, .args = { 0, F_SETFD } };
	struct sp_check_result r;
	int k;

	cr_assert_eq(sp_interp_check(p, ARRAY_SIZE(p), NULL, NULL), 0);
	k = sp_probe_int80_under(&fp, calls, ARRAY_SIZE(calls));
	if (k == SP_PROBE_NO_I386)
		cr_skip_test("no i386 system calls here (ia32_emulation)");
	cr_assert_eq(k, 2, "the kernel: refused, then let through (%#x)", k);
	sp_trace_add_pattern(t, &x86);
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	cr_assert_eq(r.n, 1);
	cr_assert_eq(r.v[0].action, SP_ACT_ERRNO);
	cr_assert(r.v[0].arg_dependent, "allowed with the upper half set");
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* Where every value cannot be judged at once (the filter reads the
 * instruction pointer), the values an i386 call's argument is tried at
 * hold upper halves too, a kept one's as well: a 64-bit caller's
 * int $0x80 passes them, and a filter killing a set upper half kills it
 * there. */
Test(check, i386_unkept_argument_tried_with_upper_halves)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(0) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct sp_bpf prog = { p, ARRAY_SIZE(p) };
	struct sp_filter f = { &prog, 1 };
	struct sp_bpf_verdicts v;
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern x86 = { .arch = SP_ARCH_X86, .nr = 3, .count = 1 };
	struct sp_check_result r;

	cr_assert_eq(sp_interp_check(p, ARRAY_SIZE(p), NULL, NULL), 0);
	/* The probes decide: the cubes give up on the pointer. */
	cr_assert_eq(sp_bpf_regions(&prog, SP_ARCH_X86, 3, &v), -E2BIG);
	sp_trace_add_pattern(t, &x86);
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	cr_assert_eq(r.n, 1);
	cr_assert_eq(r.v[0].action, SP_ACT_KILL_PROCESS);
	cr_assert(r.v[0].arg_dependent);
	sp_check_result_fini(&r);
	/* Kept, the argument's low half is the trace's; its upper half is
	 * tried all the same (it was judged 0 alone: allowed). */
	t->patterns[0].kept = 1;
	t->patterns[0].args[0] = 7;
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	cr_assert_eq(r.n, 1);
	cr_assert_eq(r.v[0].action, SP_ACT_KILL_PROCESS);
	cr_assert(r.v[0].arg_dependent);
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* A filter returning an errno it computes from an argument the trace did
 * not keep: the refusal carries the range of errnos found, not the first
 * tried (0, which reads as "not run"). */
Test(check, errno_computed_from_an_argument_is_a_range)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(0)),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfff),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct sp_bpf prog = { p, ARRAY_SIZE(p) };
	struct sp_filter f = { &prog, 1 };
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern any = { .arch = SP_ARCH_X86_64, .nr = SYS_uname,
				  .count = 1 };
	struct sp_pattern kept = { .arch = SP_ARCH_X86_64, .nr = SYS_close,
				   .kept = 1, .args = { 5 }, .count = 1 };
	struct sp_check_result r;

	cr_assert_eq(sp_interp_check(p, ARRAY_SIZE(p), NULL, NULL), 0);
	sp_trace_add_pattern(t, &any);
	sp_trace_add_pattern(t, &kept);
	sp_check_result_init(&r);
	cr_assert_eq(sp_check_traces(&f, &t, 1, &r), 0);
	sp_check_result_sort(&r);
	cr_assert_eq(r.n, 2);
	/* Sorted by nr: close (3) < uname (63). */
	cr_assert_eq(r.v[0].data, 5);
	cr_assert_leq(r.v[0].data_max, 5, "one errno for one value");
	cr_assert_not(r.v[0].arg_dependent);
	cr_assert_eq(r.v[1].action, SP_ACT_ERRNO);
	cr_assert(r.v[1].arg_dependent);
	cr_assert_eq(r.v[1].data, 0);
	cr_assert_eq(r.v[1].data_max, 0xfff);
	sp_check_result_fini(&r);
	sp_trace_free(t);
}

/* sp_check_result_add finds an equal refusal through a hash index: among many
 * distinct refusals, an equal one merges (counts add up), one differing
 * in any compared field does not, and merging still works after
 * sp_check_result_sort has moved every refusal. */
Test(check, add_merges_equal_refusals_among_many_and_after_sort)
{
	struct sp_check_result r;
	struct sp_refusal x = { .action = SP_ACT_ERRNO, .data = 1,
				.arch = SP_ARCH_X86_64, .nr = SYS_ioctl,
				.kept = 2, .count = 1 };
	const size_t n = 5000;

	sp_check_result_init(&r);
	for (size_t round = 0; round < 2; round++) {
		for (size_t i = n; i-- > 0;) {
			x.args[1] = 0x1000 + i;
			cr_assert_eq(sp_check_result_add(&r, &x), 0);
		}
		cr_assert_eq(r.n, n);
		if (round == 0)
			sp_check_result_sort(&r);
	}
	cr_assert_eq(r.nrefused_calls, 2 * n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(r.v[i].count, 2, "refusal %zu not merged", i);
	x.args[1] = 0x1000;
	x.exe = 1;
	cr_assert_eq(sp_check_result_add(&r, &x), 0);
	x.exe = 0;
	x.arg_dependent = true;
	cr_assert_eq(sp_check_result_add(&r, &x), 0);
	x.arg_dependent = false;
	x.data = 38;
	cr_assert_eq(sp_check_result_add(&r, &x), 0);
	cr_assert_eq(r.n, n + 3, "refusals that differ were merged");
	sp_check_result_fini(&r);
}

/* --- the differential test: interpreter vs kernel ------------------ */

static const char *const pool[] = {
	"getpid", "getppid", "getuid", "getgid", "geteuid", "getpgrp",
	"umask", "dup", "close", "socket", "personality", "setpgid",
	"kill", "mount", "add_key", "keyctl", "prctl", "ioctl", "clone",
	"fcntl", "mprotect", "madvise",
};

static uint64_t rnd(void)
{
	return (uint64_t)random() << 33 ^ (uint64_t)random() << 11 ^
	       (uint64_t)random();
}

static uint64_t interesting(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 0x7f, 0x80000000, 0xffffffff, 0x100000000ull,
		0xffffffff00000000ull, UINT64_MAX, 0xdeadbeef00000001ull,
	};

	return random() % 3 ? v[random() % ARRAY_SIZE(v)] : rnd();
}

static enum sp_action random_action(int *err)
{
	static const enum sp_action acts[] = {
		SP_ACT_ALLOW, SP_ACT_ALLOW, SP_ACT_ERRNO, SP_ACT_ERRNO,
		SP_ACT_ERRNO, SP_ACT_KILL_PROCESS, SP_ACT_KILL_THREAD,
		SP_ACT_LOG, SP_ACT_TRAP,
	};

	/* errno 0 returns success (no listener), 133 is the probe's. */
	do
		*err = random() % 3 ? 1 + random() % 200 : 1 + random() % 4095;
	while (*err == 133);
	return acts[random() % ARRAY_SIZE(acts)];
}

static struct sp_profile *random_profile(uint64_t *values, size_t *nvalues)
{
	/* A KILL costs the probe a new child: mostly ERRNO defaults. */
	static const enum sp_action defs[] = {
		SP_ACT_ERRNO, SP_ACT_ERRNO, SP_ACT_ERRNO, SP_ACT_ERRNO,
		SP_ACT_ERRNO, SP_ACT_KILL_PROCESS, SP_ACT_KILL_THREAD,
		SP_ACT_TRAP,
	};
	struct sp_profile *p = sp_profile_new();
	struct sp_rule *r;
	int nrules = 1 + random() % 6;

	p->default_action = defs[random() % ARRAY_SIZE(defs)];
	p->default_errno = random() % 2 ? -1 : 1 + random() % 100;
	sp_profile_add_arch(p, SP_ARCH_X86_64);
	/* The probe's child needs these after a TRAP. */
	r = sp_profile_add_rule(p);
	r->action = SP_ACT_ALLOW;
	sp_rule_add_name(r, "rt_sigreturn");
	for (int i = 0; i < nrules; i++) {
		int nnames = 1 + random() % 3, nconds = random() % 3;
		unsigned idx0 = (unsigned)(random() % 5);

		r = sp_profile_add_rule(p);
		do
			r->action = random_action(&r->errno_ret);
		while (r->action == p->default_action);
		for (int n = 0; n < nnames; n++)
			sp_rule_add_name(r, pool[random() % ARRAY_SIZE(pool)]);
		for (int c = 0; c < nconds; c++) {
			struct sp_cond cond = {
				/* A repeated index now and then: OR. */
				.index = random() % 4 ? idx0 + (unsigned)c % 5 :
							idx0,
				.value = interesting(),
				.value_two = interesting(),
				.op = (enum sp_cmp)(random() % SP_CMP_COUNT),
			};

			if (cond.index > 4)
				cond.index = 4;
			if (cond.op == SP_CMP_MASKED_EQ)
				cond.value &= cond.value_two;
			sp_rule_add_cond(r, &cond);
			if (*nvalues < 64) {
				values[(*nvalues)++] = cond.value;
				values[(*nvalues)++] = cond.value + 1;
				values[(*nvalues)++] = cond.value - 1;
				values[(*nvalues)++] =
					cond.value ^ 0xffffffff00000000ull;
			}
		}
	}
	return p;
}

static void differential(int nprofiles, int ncases, unsigned seed)
{
	size_t total = 0;

	srandom(seed);
	for (int k = 0; k < nprofiles; k++) {
		uint64_t values[80];
		size_t nvalues = 0;
		struct sp_profile *p = random_profile(values, &nvalues);
		struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL,
					     NULL };
		struct sp_probe_case *cases = calloc(ncases, sizeof(*cases));
		struct sp_probe_verdict *v = calloc(ncases, sizeof(*v));
		struct sp_bpf *b;
		struct sp_diag d;
		struct sock_fprog fp;

		cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s", d.msg);
		cr_assert_eq(sp_interp_check(b->insns, b->len, NULL, &d), 0,
			     "libseccomp's program refused: %s", d.msg);
		for (int i = 0; i < ncases; i++) {
			int64_t nr;

			cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64,
						   pool[random() % ARRAY_SIZE(pool)],
						   &nr), 0);
			cases[i].nr = nr;
			for (int a = 0; a < 5; a++) {
				uint64_t x = interesting();

				if (nvalues && random() % 2)
					x = values[random() % nvalues];

				/* Poisoned upper half now and then. */
				if (random() % 4 == 0)
					x = (x & 0xffffffff) |
					    (rnd() & 0xffffffff00000000ull);
				cases[i].args[a] = x;
			}
		}
		fp.len = (unsigned short)b->len;
		fp.filter = b->insns;
		cr_assert_eq(sp_probe_run(&fp, cases, (size_t)ncases, v), 0);
		for (int i = 0; i < ncases; i++) {
			struct seccomp_data sd;
			uint64_t args[SP_NARGS];
			enum sp_action a;
			enum sp_probe_kind want;
			int data;
			char buf[32];

			memcpy(args, cases[i].args, sizeof(cases[i].args));
			args[5] = 0x5ec0a11beef0fa11ull; /* the probe's */
			sp_seccomp_data_of(SP_ARCH_X86_64, cases[i].nr, args, 0,
					   &sd);
			a = sp_action_of_ret(sp_interp_run(b->insns, b->len,
							   &sd),
					     &data);
			want = a == SP_ACT_ERRNO ? SP_PROBE_ERRNO :
			       a == SP_ACT_TRAP ? SP_PROBE_TRAP :
			       a == SP_ACT_KILL_PROCESS ||
					       a == SP_ACT_KILL_THREAD ?
						       SP_PROBE_KILL :
						       SP_PROBE_ALLOW;
			if (v[i].kind != want && getenv("SP_DEBUG")) {
				FILE *dump = fopen("/tmp/sp-diff.json", "w");

				sp_profile_write_oci(dump, p);
				fclose(dump);
			}
			cr_assert_eq(v[i].kind, want,
				     "seed %u profile %d case %d: nr %lld "
				     "args %#llx %#llx %#llx: kernel %s, "
				     "interpreter %d/%d", seed, k, i,
				     (long long)cases[i].nr,
				     (unsigned long long)args[0],
				     (unsigned long long)args[1],
				     (unsigned long long)args[2],
				     sp_probe_str(&v[i], buf, sizeof(buf)),
				     (int)a, data);
			if (want == SP_PROBE_ERRNO)
				cr_assert_eq(v[i].err, data,
					     "seed %u profile %d case %d", seed,
					     k, i);
			total++;
		}
		sp_bpf_free(b);
		sp_profile_free(p);
		free(cases);
		free(v);
	}
	cr_assert_geq(total, (size_t)nprofiles * ncases);
}

Test(differential, interpreter_agrees_with_kernel_on_generated_profiles,
     .timeout = 300)
{
	differential(40, 50, 20261128);
}

/* The call's region in v that holds args: exactly one, whose value is
 * want. */
static void in_one_region(const struct sp_bpf_verdicts *v,
			  const uint64_t args[SP_NARGS], uint64_t full,
			  uint32_t want, int k, const char *name)
{
	size_t in = 0, at = 0;

	for (size_t i = 0; i < v->n; i++)
		if (sp_region_contains(&v->region[i], args, full)) {
			in++;
			at = i;
		}
	cr_assert_eq(in, 1, "profile %d %s: in %zu regions", k, name, in);
	cr_assert_eq(v->ret[at], want,
		     "profile %d %s(%#llx, %#llx, %#llx): %#x, interpreter %#x",
		     k, name, (unsigned long long)args[0],
		     (unsigned long long)args[1], (unsigned long long)args[2],
		     v->ret[at], want);
}

/* The symbolic run (sp_bpf_regions) of the generated profiles' programs,
 * alone and stacked on the previous one's (sp_bpf_stack_regions), on
 * x86_64 and x86 (32 bits compared), against the interpreter the test
 * above holds to the kernel: every call lies in exactly one region, the
 * one of the value the interpreter returns. */
Test(differential, symbolic_run_agrees_with_interpreter, .timeout = 300)
{
	static const enum sp_arch arches[] = { SP_ARCH_X86_64, SP_ARCH_X86 };
	size_t total = 0, runs = 0, big = 0;
	struct sp_bpf stack[2], *prev = NULL;
	const struct sp_cube all = { 0 };

	srandom(20261206);
	for (int k = 0; k < 60; k++) {
		uint64_t values[80];
		size_t nvalues = 0;
		struct sp_profile *p = random_profile(values, &nvalues);
		struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL,
					     NULL };
		struct sp_bpf *b;
		struct sp_diag d;

		sp_profile_add_arch(p, SP_ARCH_X86);
		cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s", d.msg);
		if (prev) {
			stack[0] = *prev;
			stack[1] = *b;
		}
		for (size_t n = 0; n < ARRAY_SIZE(pool); n++)
			for (size_t a = 0; a < ARRAY_SIZE(arches); a++) {
				struct sp_bpf_verdicts v, sv = { 0 };
				uint64_t full = arches[a] == SP_ARCH_X86 ?
							UINT32_MAX : UINT64_MAX;
				int64_t nr;
				int rc, src = -E2BIG;

				if (sp_syscall_nr(arches[a], pool[n], &nr))
					continue;
				rc = sp_bpf_regions(b, arches[a], nr, &v);
				if (prev)
					src = sp_bpf_stack_regions(stack, 2,
								   arches[a], nr,
								   &all, &sv);
				/* Conditions too many cubes hold (ANDed NEs
				 * on 64 bits): the diff says it cannot tell. */
				if (rc == -E2BIG) {
					big++;
					continue;
				}
				cr_assert_eq(rc, 0, "profile %d %s: %s", k,
					     pool[n], strerror(-rc));
				cr_assert(src == 0 || src == -E2BIG);
				runs++;
				for (int c = 0; c < 40; c++) {
					uint64_t args[SP_NARGS];
					struct seccomp_data sd;

					for (int i = 0; i < SP_NARGS; i++) {
						args[i] = nvalues && random() % 2 ?
							values[random() % nvalues] :
							interesting();
						args[i] &= full;
					}
					sp_seccomp_data_of(arches[a], nr, args, 0,
							   &sd);
					in_one_region(&v, args, full,
						      sp_interp_run(b->insns,
								    b->len, &sd),
						      k, pool[n]);
					if (!src)
						in_one_region(&sv, args, full,
							      sp_interp_run_stack(
								      stack, 2,
								      &sd),
							      k, pool[n]);
					total++;
				}
				sp_bpf_verdicts_fini(&v);
				sp_bpf_verdicts_fini(&sv);
			}
		sp_bpf_free(prev);
		prev = b;
		sp_profile_free(p);
	}
	sp_bpf_free(prev);
	cr_assert_geq(runs, 20 * big, "%zu runs, %zu too big", runs, big);
	cr_assert_geq(total, 60 * 40);
}

/* Whether tuple (width 1) ret is one of j's. */
static bool joint_has(const struct sp_bpf_joint *j, uint32_t ret)
{
	for (size_t i = 0; i < j->n; i++)
		if (j->ret[i * j->width] == ret)
			return true;
	return false;
}

/* sp_bpf_joint, path by path, on the generated profiles' programs alone
 * and stacked on the previous one's, on x86_64 and x86: never past its
 * bound where these profiles are concerned; every result the interpreter
 * (held to the kernel above) gives at a value tried is among its results;
 * and where the cubes of sp_bpf_regions hold the answer, its results are
 * theirs exactly.  Unstacked, its tuples are the programs' own results. */
Test(differential, joint_results_are_every_result_the_programs_give,
     .timeout = 300)
{
	static const enum sp_arch arches[] = { SP_ARCH_X86_64, SP_ARCH_X86 };
	size_t runs = 0, exact = 0;
	struct sp_bpf stack[2], *prev = NULL;
	const struct sp_cube all = { 0 };

	srandom(20261208);
	for (int k = 0; k < 60; k++) {
		uint64_t values[80];
		size_t nvalues = 0;
		struct sp_profile *p = random_profile(values, &nvalues);
		struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL,
					     NULL };
		struct sp_bpf *b;
		struct sp_diag d;

		sp_profile_add_arch(p, SP_ARCH_X86);
		/* Two actions for the same conditions: no program. */
		if (sp_seccomp_compile(p, &o, &b, &d)) {
			sp_profile_free(p);
			continue;
		}
		stack[0] = prev ? *prev : *b;
		stack[1] = *b;
		for (size_t n = 0; n < ARRAY_SIZE(pool); n++)
			for (size_t a = 0; a < ARRAY_SIZE(arches); a++) {
				struct sp_bpf_verdicts v;
				struct sp_bpf_joint j, sj, pair;
				uint64_t full = arches[a] == SP_ARCH_X86 ?
							UINT32_MAX : UINT64_MAX;
				int64_t nr;

				if (sp_syscall_nr(arches[a], pool[n], &nr))
					continue;
				cr_assert_eq(sp_bpf_joint(b, 1, true, arches[a],
							  nr, &all, &j), 0,
					     "profile %d %s", k, pool[n]);
				cr_assert_eq(sp_bpf_joint(stack, 2, true,
							  arches[a], nr, &all,
							  &sj), 0);
				cr_assert_eq(sp_bpf_joint(stack, 2, false,
							  arches[a], nr, &all,
							  &pair), 0);
				cr_assert_eq(pair.width, 2);
				runs++;
				if (sp_bpf_regions(b, arches[a], nr, &v) == 0) {
					size_t nonempty = 0;

					for (size_t i = 0; i < v.n; i++) {
						nonempty += v.region[i].n > 0;
						cr_assert(!v.region[i].n ||
							  joint_has(&j, v.ret[i]),
							  "profile %d %s: %#x "
							  "unfound", k, pool[n],
							  v.ret[i]);
					}
					cr_assert_eq(j.n, nonempty,
						     "profile %d %s", k, pool[n]);
					exact++;
					sp_bpf_verdicts_fini(&v);
				}
				for (int c = 0; c < 40; c++) {
					uint64_t args[SP_NARGS];
					struct seccomp_data sd;
					uint32_t both[2];
					bool in = false;

					for (int i = 0; i < SP_NARGS; i++) {
						args[i] = nvalues && random() % 2 ?
							values[random() % nvalues] :
							interesting();
						args[i] &= full;
					}
					sp_seccomp_data_of(arches[a], nr, args, 0,
							   &sd);
					cr_assert(joint_has(&j, sp_interp_run(
							b->insns, b->len, &sd)),
						  "profile %d %s case %d", k,
						  pool[n], c);
					cr_assert(joint_has(&sj,
							    sp_interp_run_stack(
								    stack, 2,
								    &sd)));
					both[0] = sp_interp_run(stack[0].insns,
								stack[0].len,
								&sd);
					both[1] = sp_interp_run(b->insns, b->len,
								&sd);
					for (size_t i = 0; i < pair.n; i++)
						in |= !memcmp(&pair.ret[2 * i],
							      both,
							      sizeof(both));
					cr_assert(in, "profile %d %s: pair "
						  "%#x %#x unfound", k, pool[n],
						  both[0], both[1]);
				}
				sp_bpf_joint_fini(&j);
				sp_bpf_joint_fini(&sj);
				sp_bpf_joint_fini(&pair);
			}
		sp_bpf_free(prev);
		prev = b;
		sp_profile_free(p);
	}
	sp_bpf_free(prev);
	cr_assert_geq(runs, 40 * 20, "%zu runs", runs);
	cr_assert_geq(exact, runs / 2, "%zu of %zu compared", exact, runs);
}

static struct sock_filter stmt(uint16_t code, uint32_t k)
{
	struct sock_filter f = BPF_STMT(code, k);

	return f;
}


/* A random program over three bits of each of five words (arg0's and
 * arg1's halves, the instruction pointer's low half): loads with masks,
 * JEQ/JGT/JGE/JSET on them, the same word tested again and again, in
 * len instructions, forward jumps, four results. */
static size_t small_program(struct sock_filter *p, size_t len)
{
	static const uint32_t words[] = {
		OFF_ARG(0), OFF_ARG(0) + 4, OFF_ARG(1), OFF_ARG(1) + 4,
		offsetof(struct seccomp_data, instruction_pointer),
	};
	static const uint16_t ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };
	static const uint32_t rets[] = {
		SECCOMP_RET_ALLOW, SECCOMP_RET_KILL_PROCESS,
		SECCOMP_RET_ERRNO | 5, SECCOMP_RET_TRAP,
	};
	size_t n = 0;

	while (n + 4 < len) {
		int kind = (int)(random() % 4);

		if (kind == 0 || n == 0) {
			p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				      words[random() % ARRAY_SIZE(words)]);
			p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K,
				      (uint32_t)(random() % 8));
		} else if (kind == 3) {
			p[n++] = stmt(BPF_RET | BPF_K,
				      rets[random() % ARRAY_SIZE(rets)]);
		} else {
			size_t room = len - 1 - (n + 1);
			struct sock_filter j = BPF_JUMP(
				BPF_JMP | ops[random() % ARRAY_SIZE(ops)] |
					BPF_K,
				(uint32_t)(random() % 8),
				(uint8_t)(random() % (room + 1)),
				(uint8_t)(random() % (room + 1)));

			p[n++] = j;
		}
	}
	while (n < len)
		p[n++] = stmt(BPF_RET | BPF_K,
			      rets[random() % ARRAY_SIZE(rets)]);
	return n;
}

/* sp_bpf_joint's results are the programs' results at some value, every
 * one of them and no other: against every value of the bits they read
 * (three of each of five words, 32768 calls), on one program, two
 * stacked and two side by side, and with arg1 kept at a value; on x86_64
 * and on arm, whose upper halves are 0. */
Test(differential, joint_results_are_exactly_those_of_brute_force,
     .timeout = 300)
{
	srandom(38);
	for (int k = 0; k < 150; k++) {
		/* arm: the upper halves are 0, and read so. */
		const enum sp_arch arch = k % 3 ? SP_ARCH_X86_64 : SP_ARCH_ARM;
		struct sock_filter a[24], b[24];
		struct sp_bpf progs[2] = {
			{ a, small_program(a, 8 + (size_t)(random() % 16)) },
			{ b, small_program(b, 8 + (size_t)(random() % 16)) },
		};
		uint64_t kept1 = (uint64_t)(random() % 8) << 32 |
				 (uint64_t)(random() % 8);
		struct sp_cube within = { 0 };
		struct sp_bpf_joint one, stacked, pair, held;
		struct sp_bpf_joint want[4] = { { 0 } };

		within.m[1] = UINT64_MAX;
		within.v[1] = kept1 & sp_arch_arg_mask(arch);
		for (size_t i = 0; i < 4; i++)
			want[i].width = i == 2 ? 2 : 1;
		for (uint32_t v = 0; v < 1u << 15; v++) {
			uint64_t args[SP_NARGS] = {
				(uint64_t)(v >> 3 & 7) << 32 | (v & 7),
				(uint64_t)(v >> 9 & 7) << 32 | (v >> 6 & 7),
			};
			struct seccomp_data sd;
			uint32_t r2[2];

			sp_seccomp_data_of(arch, SYS_read, args,
					   v >> 12, &sd);
			r2[0] = sp_interp_run(a, progs[0].len, &sd);
			r2[1] = sp_interp_run(b, progs[1].len, &sd);
			cr_assert_eq(sp_bpf_joint_add(&want[0], &r2[0]), 0);
			cr_assert_eq(sp_bpf_joint_add(&want[2], r2), 0);
			r2[0] = sp_interp_run_stack(progs, 2, &sd);
			cr_assert_eq(sp_bpf_joint_add(&want[1], &r2[0]), 0);
			if ((args[1] & sp_arch_arg_mask(arch)) ==
			    (kept1 & sp_arch_arg_mask(arch)))
				cr_assert_eq(sp_bpf_joint_add(&want[3],
							      &r2[0]), 0);
		}
		cr_assert_eq(sp_bpf_joint(progs, 1, true, arch,
					  SYS_read, NULL, &one), 0, "%d", k);
		cr_assert_eq(sp_bpf_joint(progs, 2, true, arch,
					  SYS_read, NULL, &stacked), 0);
		cr_assert_eq(sp_bpf_joint(progs, 2, false, arch,
					  SYS_read, NULL, &pair), 0);
		cr_assert_eq(sp_bpf_joint(progs, 2, true, arch,
					  SYS_read, &within, &held), 0);
		{
			const struct sp_bpf_joint *got[4] = {
				&one, &stacked, &pair, &held,
			};

			for (size_t i = 0; i < 4; i++) {
				cr_assert_eq(got[i]->n, want[i].n,
					     "program %d, run %zu: %zu results, "
					     "%zu by brute force", k, i,
					     got[i]->n, want[i].n);
				for (size_t t = 0; t < want[i].n; t++) {
					size_t w = want[i].width;
					bool in = false;

					for (size_t u = 0; u < got[i]->n; u++)
						in |= !memcmp(&got[i]->ret[u * w],
							      &want[i].ret[t * w],
							      w * sizeof(uint32_t));
					cr_assert(in, "program %d, run %zu: "
						  "%#x unfound", k, i,
						  want[i].ret[t * w]);
				}
			}
		}
		sp_bpf_joint_fini(&one);
		sp_bpf_joint_fini(&stacked);
		sp_bpf_joint_fini(&pair);
		sp_bpf_joint_fini(&held);
		for (size_t i = 0; i < 4; i++)
			sp_bpf_joint_fini(&want[i]);
	}
}
/* Random straight-line ALU programs over nr and args, ending in
 * ERRNO(1 + (A & 0x7ff)): the errno the kernel returns is the value the
 * program computed. */
Test(differential, interpreter_alu_agrees_with_kernel, .timeout = 300)
{
	static const uint16_t ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_AND, BPF_OR, BPF_XOR,
		BPF_LSH, BPF_RSH, BPF_NEG,
	};
	struct sp_probe_case cases[40];
	struct sp_probe_verdict v[40];

	srandom(7);
	for (int k = 0; k < 15; k++) {
		struct sock_filter p[40];
		size_t n = 0;
		struct sock_fprog fp;

		/* X = args[1] | 1: never a division by zero. */
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, OFF_ARG(1));
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, 1);
		p[n++] = stmt(BPF_MISC | BPF_TAX, 0);
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				  OFF_ARG(random() % 3) + 4 * (random() % 2));
		for (int i = 0; i < 12; i++) {
			uint16_t op = ops[random() % ARRAY_SIZE(ops)];
			bool x = random() % 2;
			uint32_t kk = (uint32_t)rnd();

			if (op == BPF_LSH || op == BPF_RSH)
				kk %= 32;
			if (op == BPF_DIV && kk == 0)
				kk = 3;
			if (op == BPF_NEG)
				x = false;
			p[n++] = stmt(BPF_ALU | op | (x ? BPF_X : BPF_K),
					  kk);
			if (random() % 4 == 0) {
				p[n++] = stmt(BPF_ST, 1);
				p[n++] = stmt(BPF_LDX | BPF_MEM, 1);
			}
			if (n > 30)
				break;
		}
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K, 0x7ff);
		p[n++] = stmt(BPF_ALU | BPF_ADD | BPF_K, 1);
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO);
		p[n++] = stmt(BPF_RET | BPF_A, 0);
		cr_assert_eq(sp_interp_check(p, n, NULL, NULL), 0);
		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			cases[i].nr = SYS_getpid;
			for (int a = 0; a < 5; a++)
				cases[i].args[a] = random() % 2 ? rnd() :
						(uint64_t)(random() % 4);
		}
		fp.len = (unsigned short)n;
		fp.filter = p;
		cr_assert_eq(sp_probe_run(&fp, cases, ARRAY_SIZE(cases), v), 0);
		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			struct seccomp_data sd;
			uint64_t args[SP_NARGS];
			enum sp_action a;
			int data;

			memcpy(args, cases[i].args, sizeof(cases[i].args));
			args[5] = 0x5ec0a11beef0fa11ull;
			sp_seccomp_data_of(SP_ARCH_X86_64, cases[i].nr, args, 0,
					   &sd);
			a = sp_action_of_ret(sp_interp_run(p, n, &sd), &data);
			/* ERRNO, or KILL_THREAD after a division by an X
			 * that a stored zero made 0. */
			cr_assert_eq(v[i].kind, a == SP_ACT_ERRNO ?
							SP_PROBE_ERRNO :
							SP_PROBE_KILL,
				     "program %d case %zu: interpreter %d", k,
				     i, (int)a);
			if (a == SP_ACT_ERRNO)
				cr_assert_eq(v[i].err, data,
					     "program %d case %zu", k, i);
		}
	}
}

/* --- Docker profiles: includes/excludes as dockerd resolves them ---- */

static bool allows_name(const struct sp_profile *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t n = 0; n < p->rules[i].nnames; n++)
			if (strcmp(p->rules[i].names[n], name) == 0 &&
			    p->rules[i].action == SP_ACT_ALLOW)
				return true;
	return false;
}

/* path resolved for caps (NULL: the engine's defaults) and kernel
 * kmaj.kmin on x86_64; its form into *form. */
static struct sp_profile *resolved(const char *path, const char *caps,
				   int kmaj, int kmin,
				   enum sp_json_form *form)
{
	struct sp_docker_opts o;
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };
	char list[256];

	sp_docker_opts_init(&o);
	o.arch = SP_ARCH_X86_64;
	o.kmajor = kmaj;
	o.kminor = kmin;
	if (caps) {
		snprintf(list, sizeof(list), "%s", caps);
		cr_assert_eq(sp_docker_caps_parse(list, &o, &d), 0, "%s",
			     d.msg);
	}
	cr_assert_eq(sp_profile_read_json(path, &o, &p, form, &d), 0, "%s",
		     d.msg);
	return p;
}

static struct sp_profile *moby(const char *caps, int kmaj, int kmin)
{
	enum sp_json_form form = SP_FORM_OCI;
	struct sp_profile *p = resolved(SP_SOURCE_DIR "/testdata/profiles/"
					"moby-default.json", caps, kmaj, kmin,
					&form);

	cr_assert_eq(form, SP_FORM_DOCKER,
		     "moby-default.json has includes and excludes");
	return p;
}

/* Whether p refuses name by a rule of its own (with conditions or not). */
static bool refuses_name(const struct sp_profile *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t n = 0; n < p->rules[i].nnames; n++)
			if (strcmp(p->rules[i].names[n], name) == 0 &&
			    !sp_action_allows(p->rules[i].action))
				return true;
	return false;
}

/* containers/common's profile (Podman's errno strings) is resolved for
 * Podman's 11 default capabilities, as Podman runs it: without
 * CAP_AUDIT_WRITE its socket(AF_NETLINK, _, NETLINK_AUDIT) is refused
 * (EINVAL, as Podman's own run shows); Docker's 14 hold it. */
Test(docker, podman_profile_resolved_for_podmans_default_caps)
{
	const char *path = SP_SOURCE_DIR "/data/profiles/podman-default.json";
	enum sp_json_form form = SP_FORM_OCI;
	struct sp_profile *def = resolved(path, NULL, 6, 1, &form);
	struct sp_profile *dock = resolved(path, "docker", 6, 1, NULL);
	struct sp_profile *aw = resolved(path, "default,audit_write", 6, 1,
					 NULL);
	struct sp_profile *moby_podman = moby("podman", 6, 1);

	cr_assert_eq(form, SP_FORM_PODMAN);
	cr_assert(refuses_name(def, "socket"), "no CAP_AUDIT_WRITE");
	cr_assert(allows_name(def, "chroot"), "CAP_SYS_CHROOT is Podman's");
	cr_assert_not(refuses_name(dock, "socket"));
	cr_assert_not(refuses_name(aw, "socket"));
	cr_assert(allows_name(moby_podman, "chroot"));
	cr_assert_not(allows_name(moby_podman, "mount"));
	sp_profile_free(def);
	sp_profile_free(dock);
	sp_profile_free(aw);
	sp_profile_free(moby_podman);
}

Test(docker, includes_and_excludes_follow_caps_arch_and_kernel)
{
	struct sp_profile *def = moby(NULL, 6, 1);
	struct sp_profile *admin = moby("default,sys_admin", 6, 1);
	struct sp_profile *old = moby(NULL, 4, 7);
	struct sp_profile *plain, *all;
	enum sp_json_form form = SP_FORM_DOCKER;

	plain = resolved(SP_SOURCE_DIR "/testdata/profiles/moby-example.json",
			 NULL, 0, 0, &form);
	cr_assert_eq(form, SP_FORM_OCI, "moby-example.json is plain OCI");
	sp_profile_free(plain);
	cr_assert_not(allows_name(def, "mount"), "CAP_SYS_ADMIN only");
	cr_assert(allows_name(admin, "mount"));
	/* docker run --cap-add ALL: CAP_SYS_ADMIN's, CAP_SYS_BOOT's. */
	all = moby("ALL", 6, 1);
	cr_assert(allows_name(all, "mount"));
	cr_assert(allows_name(all, "reboot"));
	sp_profile_free(all);
	cr_assert(allows_name(def, "chroot"), "CAP_SYS_CHROOT is default");
	cr_assert_not(allows_name(def, "reboot"));
	cr_assert(allows_name(def, "arch_prctl"), "amd64 include");
	cr_assert_not(allows_name(def, "s390_pci_mmio_read"));
	cr_assert(allows_name(def, "ptrace"), "minKernel 4.8 met");
	cr_assert_not(allows_name(old, "ptrace"), "minKernel 4.8 not met");
	cr_assert_eq(def->narchs, 3, "x86_64 and its sub-arches");
	sp_profile_free(def);
	sp_profile_free(admin);
	sp_profile_free(old);
}

Test(docker, unknown_capability_is_an_error)
{
	struct sp_docker_opts o;
	struct sp_diag d = { 0 };
	char list[] = "CAP_CHOWN,CAP_FLY";

	sp_docker_opts_init(&o);
	cr_assert_eq(sp_docker_caps_parse(list, &o, &d), -EINVAL);
	cr_assert(strstr(d.msg, "CAP_FLY"));
}

/* uname's release and --kernel: "X.Y" and anything after; a number that
 * does not fit an int is refused, not wrapped (4294967301 is 2^32 + 5). */
Test(docker, kernel_version_parsed_and_overflow_refused)
{
	int major = -1, minor = -1;

	cr_assert_eq(sp_kernel_version_parse("6.1.0-13-amd64", &major,
					     &minor), 0);
	cr_assert_eq(major, 6);
	cr_assert_eq(minor, 1);
	cr_assert_eq(sp_kernel_version_parse("2147483647.0", &major, &minor),
		     0);
	cr_assert_eq(major, 2147483647);
	cr_assert_eq(sp_kernel_version_parse("4294967301.10", &major, &minor),
		     -EINVAL);
	cr_assert_eq(sp_kernel_version_parse("5.99999999999", &major, &minor),
		     -EINVAL);
	cr_assert_eq(sp_kernel_version_parse("-1.2", &major, &minor), -EINVAL);
	cr_assert_eq(sp_kernel_version_parse("5", &major, &minor), -EINVAL);
	cr_assert_eq(sp_kernel_version_parse("5.x", &major, &minor), -EINVAL);
}

/* --- bad BPF fixtures (testdata/profiles/invalid-bpf-*.bpf) ---------- */

Test(bpf_check, bad_fixtures_are_refused_with_their_reason)
{
	const char *len_path = SP_SOURCE_DIR
		"/testdata/profiles/invalid-bpf-length.bpf";
	const char *jump_path = SP_SOURCE_DIR
		"/testdata/profiles/invalid-bpf-jump.bpf";
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_bpf_file_read(len_path, &b, &d), -EINVAL);
	cr_assert(strstr(d.msg, "13 bytes"), "%s", d.msg);
	cr_assert_eq(sp_bpf_file_read(jump_path, &b, &d), 0, "%s", d.msg);
	cr_assert_eq(sp_interp_check(b->insns, b->len, jump_path, &d), -EINVAL);
	cr_assert_str_eq(d.msg, "not a valid seccomp program: instruction 1 "
				"(code 0x0015): jump out of range");
	cr_assert_str_eq(d.file, jump_path);
	sp_bpf_free(b);
}

/* --- record --baseline's mark in the trace file ---------------------- */

Test(baseline, mark_survives_the_trace_file_and_allows_no_calls)
{
	struct sp_trace *t = sp_trace_new(), *back = NULL;
	struct sp_pattern seen = { .arch = SP_ARCH_X86_64, .nr = SYS_getpid,
				   .count = 3 };
	struct sp_pattern base = { .arch = SP_ARCH_X86_64, .nr = SYS_getuid,
				   .baseline = true };
	char *argv[] = { "true", NULL };
	char path[] = "/tmp/sp-baseline-XXXXXX";
	struct sp_diag d = { 0 };
	FILE *f;
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	sp_trace_set_argv(t, argv);
	sp_trace_intern_exe(t, "/bin/true");
	sp_trace_add_pattern(t, &seen);
	sp_trace_add_pattern(t, &base);
	t->end = SP_END_EXITED;
	f = fdopen(fd, "w");
	cr_assert_eq(sp_trace_write_json(f, t), 0);
	fclose(f);
	cr_assert_eq(sp_trace_read_json(path, &back, &d), 0, "%s: %s", d.path,
		     d.msg);
	unlink(path);
	cr_assert_eq(back->npatterns, 2);
	cr_assert_not(back->patterns[0].baseline);
	cr_assert(back->patterns[1].baseline);
	cr_assert_eq(back->patterns[1].count, 0);
	sp_trace_free(t);
	sp_trace_free(back);
}
