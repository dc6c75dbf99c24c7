/* sandprint's own classic-BPF interpreter over struct seccomp_data: the one
 * judge of every kind of filter (compiled OCI/Docker profiles, raw BPF
 * files, the live filters of a process).  The kernel is its test oracle
 * (tests/check_test.c). */
#ifndef SP_ANALYZER_INTERP_H
#define SP_ANALYZER_INTERP_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/cube.h"
#include "core/arch.h"
#include "core/bpf.h"
#include "core/diag.h"
#include "core/profile.h"

/* Checks prog the way seccomp(2) does before loading it (the kernel's
 * bpf_check_classic and seccomp_check_filter): 1..BPF_MAXINSNS
 * instructions, only the opcodes seccomp allows, loads 4-byte aligned
 * inside struct seccomp_data, jumps inside the program, no division by a
 * constant zero, shifts by a constant below 32, scratch memory written
 * before it is read, a RET at the end.  0, or -EINVAL with d naming the
 * instruction (file is left to the caller: d->file is set to name, which
 * may be NULL). */
int sp_interp_check(const struct sock_filter *insns, size_t len,
		    const char *name, struct sp_diag *d);

/* Runs a checked program over sd and returns its 32-bit result
 * (SECCOMP_RET_* | data), as the kernel would.  insns must have passed
 * sp_interp_check. */
uint32_t sp_interp_run(const struct sock_filter *insns, size_t len,
		       const struct seccomp_data *sd);

/* The instructions a run went through, in order: sandprint explain's
 * answer for a raw or live program. */
struct sp_interp_path {
	struct {
		uint16_t pc;
		bool taken;      /* a conditional jump: its condition held */
	} step[BPF_MAXINSNS];
	size_t n;
};

/* sp_interp_run, filling *path. */
uint32_t sp_interp_run_path(const struct sock_filter *insns, size_t len,
			    const struct seccomp_data *sd,
			    struct sp_interp_path *path);

/* One instruction in words ("A = nr", "if A == 0x3b goto +0 else +1",
 * "return ERRNO(1)"), into buf. */
void sp_interp_insn_format(const struct sock_filter *f, char *buf,
			   size_t len);

/* Stacked filters (progs[0] installed first): every one runs, and the
 * result is the one with the strongest action (the lowest action value
 * compared as signed, so KILL_PROCESS wins); among equals, the most
 * recently installed one's, as seccomp_run_filters decides. */
uint32_t sp_interp_run_stack(const struct sp_bpf *progs, size_t n,
			     const struct seccomp_data *sd);

/* sp_interp_run_stack, also naming the arguments the programs looked at: bit
 * i of *args is set when one loaded a word of args[i], and bit
 * SP_INTERP_SECOND(i) too when that was its second word (the upper half on
 * a little-endian arch: x86's, which a trace does not keep) (*args is only
 * ever or-ed into).  A call whose other arguments differ takes the same
 * path through every program, to the same result. */
#define SP_INTERP_SECOND(i) (1u << (8 + (i)))
/* A bit of *args: a program loaded the instruction pointer, the call's
 * site, which no trace keeps. */
#define SP_INTERP_IP (1u << 16)
uint32_t sp_interp_run_stack_args(const struct sp_bpf *progs, size_t n,
				  const struct seccomp_data *sd,
				  unsigned *args);

/* What a program answers one call for every value of its arguments at
 * once: the program run symbolically over cubes (analyzer/cube.h).  The
 * kernel runs what libseccomp compiled, not the rules it was given: where
 * rules of different actions overlap, libseccomp's tree decides (the
 * first unconditional rule of a call wins, a higher argument's
 * comparisons come before a lower one's), and diff learns the answer
 * here.  ret[i] is returned exactly where region[i] holds (disjoint). */
struct sp_bpf_verdicts {
	uint32_t *ret;            /* SECCOMP_RET_* | data */
	struct sp_region *region;
	size_t n;
};

void sp_bpf_verdicts_fini(struct sp_bpf_verdicts *v);

/* Runs prog (passed by sp_interp_check) for call nr on arch over every
 * argument value.  On arm the upper halves are 0, as the kernel gives
 * its 32-bit task's, and the regions leave them free; on x86 they are
 * any value (a 64-bit process's int $0x80 passes its whole registers,
 * sp_arch_arg_mask), as on the 64-bit arches and x32.  0, -E2BIG (a comparison cubes cannot hold:
 * the instruction pointer, arithmetic other than a mask on an argument,
 * an argument compared with X; or too many paths), or -ENOMEM; *out is
 * empty on failure. */
int sp_bpf_regions(const struct sp_bpf *prog, enum sp_arch arch, int64_t nr,
		   struct sp_bpf_verdicts *out);

/* The same for stacked programs (progs[0] installed first), combined as
 * sp_interp_run_stack combines them, over the calls in within only. */
int sp_bpf_stack_regions(const struct sp_bpf *progs, size_t n,
			 enum sp_arch arch, int64_t nr,
			 const struct sp_cube *within,
			 struct sp_bpf_verdicts *out);

/* The results n programs can give one call together, over every value of
 * its arguments in within (NULL: all): each distinct tuple once, ret[i *
 * width + k] the result of progs[k] in tuple i (width n), or with stacked
 * the programs' one result as the kernel combines them (width 1,
 * sp_interp_run_stack).  Each path through the programs is followed with
 * the conditions it meets on each 32-bit word of an argument (and of the
 * instruction pointer, any value), and kept where some value of the word
 * meets them all (a search bit by bit): the
 * paths are as many as the programs have, never the cubes that sets of
 * values split into (sp_bpf_regions), so a filter of many conditions on
 * arguments is judged whole.  0, -E2BIG (what sp_bpf_regions cannot
 * follow either, more than 16 programs unstacked, or too many paths), or
 * -ENOMEM; *out is empty on failure. */
struct sp_bpf_joint {
	uint32_t *ret;
	size_t n, width;
	/* eg[i]: a call the programs give tuple i, its arguments then its
	 * instruction pointer, each word the least value that meets the
	 * conditions of the first path found to the tuple (zero where the
	 * tuple was added by sp_bpf_joint_add). */
	uint64_t (*eg)[SP_NARGS + 1];
	/* The words some path turned on, as sp_interp_run_stack_args's
	 * *args: bit i an argument, SP_INTERP_SECOND(i) its upper half,
	 * SP_INTERP_IP the instruction pointer. */
	unsigned read;
};

int sp_bpf_joint(const struct sp_bpf *progs, size_t n, bool stacked,
		 enum sp_arch arch, int64_t nr, const struct sp_cube *within,
		 struct sp_bpf_joint *out);
/* The same within at most steps instructions followed (-E2BIG past
 * them; sp_bpf_joint's bound, SP_BPF_JOINT_STEPS, at most): a search
 * cut short where it would be long. */
#define SP_BPF_JOINT_STEPS ((size_t)SP_REGION_MAX * 64)
int sp_bpf_joint_bounded(const struct sp_bpf *progs, size_t n, bool stacked,
			 enum sp_arch arch, int64_t nr,
			 const struct sp_cube *within, size_t steps,
			 struct sp_bpf_joint *out);
/* Adds one tuple of j->width results, unless j has it.  0 or -ENOMEM. */
int sp_bpf_joint_add(struct sp_bpf_joint *j, const uint32_t *ret);
void sp_bpf_joint_fini(struct sp_bpf_joint *j);

#endif
