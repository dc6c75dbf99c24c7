#include "analyzer/interp.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/check.h"
#include "core/array.h"


static int bad(struct sp_diag *d, const char *name, size_t pc,
	       const char *what, uint16_t code)
{
	sp_diag_set(d, name, 0, 0, NULL,
		    "not a valid seccomp program: instruction %zu "
		    "(code 0x%04x): %s", pc, code, what);
	return -EINVAL;
}

static bool is_cond_jump(uint16_t code)
{
	switch (code) {
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	default:
		return false;
	}
}

/* seccomp_check_filter's list, with bpf_check_classic's per-opcode
 * limits. */
static int check_insn(const struct sock_filter *f, size_t pc, size_t len,
		      const char *name, struct sp_diag *d)
{
	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		if (f->k >= sizeof(struct seccomp_data) || f->k & 3)
			return bad(d, name, pc, "load outside struct "
				   "seccomp_data or not 4-byte aligned",
				   f->code);
		return 0;
	case BPF_ALU | BPF_DIV | BPF_K:
		if (f->k == 0)
			return bad(d, name, pc, "division by zero", f->code);
		return 0;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
		if (f->k >= 32)
			return bad(d, name, pc, "shift by 32 or more",
				   f->code);
		return 0;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
		if (f->k >= BPF_MEMWORDS)
			return bad(d, name, pc, "scratch memory index out of "
				   "range", f->code);
		return 0;
	case BPF_JMP | BPF_JA:
		if (f->k >= len - pc - 1)
			return bad(d, name, pc, "jump out of range", f->code);
		return 0;
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
		return 0;
	default:
		if (is_cond_jump(f->code)) {
			if (pc + f->jt + 1 >= len || pc + f->jf + 1 >= len)
				return bad(d, name, pc, "jump out of range",
					   f->code);
			return 0;
		}
		return bad(d, name, pc, "opcode not allowed in seccomp "
			   "filters", f->code);
	}
}

/* bpf_check_classic's check_load_and_stores: every scratch word read must
 * have been written on every path that reaches the read. */
static int check_memory(const struct sock_filter *insns, size_t len,
			const char *name, struct sp_diag *d)
{
	uint16_t masks[BPF_MAXINSNS];
	uint16_t valid = 0;

	memset(masks, 0xff, len * sizeof(masks[0]));
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &insns[pc];

		valid &= masks[pc];
		switch (f->code) {
		case BPF_ST:
		case BPF_STX:
			valid |= (uint16_t)(1u << f->k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(valid & (1u << f->k)))
				return bad(d, name, pc, "scratch memory read "
					   "before it is written", f->code);
			break;
		case BPF_JMP | BPF_JA:
			masks[pc + 1 + f->k] &= valid;
			valid = 0xffff;
			break;
		default:
			if (is_cond_jump(f->code)) {
				masks[pc + 1 + f->jt] &= valid;
				masks[pc + 1 + f->jf] &= valid;
				valid = 0xffff;
			}
			break;
		}
	}
	return 0;
}

int sp_interp_check(const struct sock_filter *insns, size_t len,
		    const char *name, struct sp_diag *d)
{
	int rc;

	if (len == 0 || len > BPF_MAXINSNS) {
		sp_diag_set(d, name, 0, 0, NULL,
			    "not a valid seccomp program: %zu instructions "
			    "(1 to %d allowed)", len, BPF_MAXINSNS);
		return -EINVAL;
	}
	for (size_t pc = 0; pc < len; pc++) {
		rc = check_insn(&insns[pc], pc, len, name, d);
		if (rc)
			return rc;
	}
	if (insns[len - 1].code != (BPF_RET | BPF_K) &&
	    insns[len - 1].code != (BPF_RET | BPF_A))
		return bad(d, name, len - 1, "the program does not end in "
			   "a return", insns[len - 1].code);
	return check_memory(insns, len, name, d);
}

static uint32_t load(const struct seccomp_data *sd, uint32_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)sd + off, sizeof(v));
	return v;
}

static uint32_t alu(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_ADD:
		return a + v;
	case BPF_SUB:
		return a - v;
	case BPF_MUL:
		return a * v;
	case BPF_DIV:
		return a / v;       /* v != 0: checked by the caller */
	case BPF_AND:
		return a & v;
	case BPF_OR:
		return a | v;
	case BPF_XOR:
		return a ^ v;
	case BPF_LSH:
		return a << (v & 31);
	case BPF_RSH:
		return a >> (v & 31);
	case BPF_NEG:
		return -a;
	default:
		return a;           /* not reached: sp_interp_check */
	}
}

static bool jump_taken(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_JEQ:
		return a == v;
	case BPF_JGE:
		return a >= v;
	case BPF_JGT:
		return a > v;
	case BPF_JSET:
		return (a & v) != 0;
	default:
		return false;       /* not reached: sp_interp_check */
	}
}

/* Bit i of *args set when a load touches args[i] (either half).  With
 * path, each instruction run is appended to it (pc, and whether a
 * conditional jump was taken). */
static uint32_t run(const struct sock_filter *insns, size_t len,
		    const struct seccomp_data *sd, unsigned *args,
		    struct sp_interp_path *path)
{
	const uint32_t args_off = offsetof(struct seccomp_data, args);
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	size_t pc = 0;

	while (pc < len) {
		const struct sock_filter *f = &insns[pc++];
		uint32_t v = BPF_SRC(f->code) == BPF_X ? x : f->k;

		if (path && path->n < BPF_MAXINSNS) {
			path->step[path->n].pc = (uint16_t)(pc - 1);
			path->step[path->n++].taken =
				BPF_CLASS(f->code) == BPF_JMP &&
				BPF_OP(f->code) != BPF_JA &&
				jump_taken(BPF_OP(f->code), a, v);
		}
		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
			if (BPF_MODE(f->code) == BPF_ABS)
				a = load(sd, f->k);
			else if (BPF_MODE(f->code) == BPF_LEN)
				a = sizeof(*sd);
			else if (BPF_MODE(f->code) == BPF_MEM)
				a = mem[f->k];
			else
				a = f->k;
			if (BPF_MODE(f->code) == BPF_ABS && f->k >= args_off)
				*args |= ((f->k - args_off) % 8 >= 4 ?
						  SP_INTERP_SECOND(
							  (f->k - args_off) / 8) :
						  0) |
					 1u << ((f->k - args_off) / 8);
			else if (BPF_MODE(f->code) == BPF_ABS &&
				 f->k >= offsetof(struct seccomp_data,
						  instruction_pointer))
				*args |= SP_INTERP_IP;
			break;
		case BPF_LDX:
			if (BPF_MODE(f->code) == BPF_LEN)
				x = sizeof(*sd);
			else if (BPF_MODE(f->code) == BPF_MEM)
				x = mem[f->k];
			else
				x = f->k;
			break;
		case BPF_ST:
			mem[f->k] = a;
			break;
		case BPF_STX:
			mem[f->k] = x;
			break;
		case BPF_ALU:
			/* The kernel's classic-to-eBPF conversion returns 0
			 * (KILL_THREAD) on a division by X == 0. */
			if (BPF_OP(f->code) == BPF_DIV && v == 0)
				return 0;
			a = alu(BPF_OP(f->code), a, v);
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA)
				pc += f->k;
			else
				pc += jump_taken(BPF_OP(f->code), a, v) ?
					      f->jt : f->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : f->k;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return 0;   /* not reached: sp_interp_check */
		}
	}
	return 0;                   /* not reached: ends in RET */
}

uint32_t sp_interp_run(const struct sock_filter *insns, size_t len,
		       const struct seccomp_data *sd)
{
	unsigned args = 0;

	return run(insns, len, sd, &args, NULL);
}

uint32_t sp_interp_run_path(const struct sock_filter *insns, size_t len,
			    const struct seccomp_data *sd,
			    struct sp_interp_path *path)
{
	unsigned args = 0;

	path->n = 0;
	return run(insns, len, sd, &args, path);
}

/* The seccomp_data word at offset k, in words. */
static void data_name(uint32_t k, char *buf, size_t len)
{
	const uint32_t args_off = offsetof(struct seccomp_data, args);
	const uint32_t ip_off = offsetof(struct seccomp_data,
					 instruction_pointer);

	if (k == offsetof(struct seccomp_data, nr))
		snprintf(buf, len, "nr");
	else if (k == offsetof(struct seccomp_data, arch))
		snprintf(buf, len, "arch");
	else if (k >= args_off && k < args_off + 48)
		snprintf(buf, len, "args[%u].%s", (k - args_off) / 8,
			 (k - args_off) % 8 ? "hi" : "lo");
	else if (k >= ip_off && k < args_off)
		snprintf(buf, len, "instruction_pointer.%s",
			 (k - ip_off) % 8 ? "hi" : "lo");
	else
		snprintf(buf, len, "[%u]", k);
}

void sp_interp_insn_format(const struct sock_filter *f, char *buf,
			   size_t len)
{
	static const char *const jumps[] = {
		[BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">",
		[BPF_JGE >> 4] = ">=", [BPF_JSET >> 4] = "&",
	};
	static const char *const alus[] = {
		[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=",
		[BPF_MUL >> 4] = "*=", [BPF_DIV >> 4] = "/=",
		[BPF_OR >> 4] = "|=",  [BPF_AND >> 4] = "&=",
		[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=",
		[BPF_NEG >> 4] = "= -", [BPF_XOR >> 4] = "^=",
	};
	char src[32], w[48];
	int data;

	if (BPF_SRC(f->code) == BPF_X)
		snprintf(src, sizeof(src), "X");
	else
		snprintf(src, sizeof(src), "%#x", f->k);
	switch (BPF_CLASS(f->code)) {
	case BPF_LD:
		data_name(f->k, w, sizeof(w));
		if (BPF_MODE(f->code) == BPF_ABS)
			snprintf(buf, len, "A = %s", w);
		else if (BPF_MODE(f->code) == BPF_MEM)
			snprintf(buf, len, "A = M[%u]", f->k);
		else if (BPF_MODE(f->code) == BPF_LEN)
			snprintf(buf, len, "A = len");
		else
			snprintf(buf, len, "A = %#x", f->k);
		return;
	case BPF_LDX:
		snprintf(buf, len, BPF_MODE(f->code) == BPF_MEM ? "X = M[%u]" :
			 "X = %#x", f->k);
		return;
	case BPF_ST:
		snprintf(buf, len, "M[%u] = A", f->k);
		return;
	case BPF_STX:
		snprintf(buf, len, "M[%u] = X", f->k);
		return;
	case BPF_ALU:
		snprintf(buf, len, "A %s %s",
			 BPF_OP(f->code) >> 4 < ARRAY_SIZE(alus) &&
					 alus[BPF_OP(f->code) >> 4] ?
				 alus[BPF_OP(f->code) >> 4] : "?=",
			 BPF_OP(f->code) == BPF_NEG ? "A" : src);
		return;
	case BPF_JMP:
		if (BPF_OP(f->code) == BPF_JA)
			snprintf(buf, len, "goto +%u", f->k);
		else
			snprintf(buf, len, "if A %s %s goto +%u else +%u",
				 BPF_OP(f->code) >> 4 <
						 ARRAY_SIZE(jumps) &&
						 jumps[BPF_OP(f->code) >> 4] ?
					 jumps[BPF_OP(f->code) >> 4] : "?",
				 src, f->jt, f->jf);
		return;
	case BPF_RET:
		if (BPF_RVAL(f->code) == BPF_A) {
			snprintf(buf, len, "return A");
			return;
		}
		switch (sp_action_of_ret(f->k, &data)) {
		case SP_ACT_ERRNO:
			snprintf(buf, len, "return ERRNO(%d)", data);
			return;
		case SP_ACT_TRAP:
		case SP_ACT_TRACE:
			snprintf(buf, len, "return %s(%d)",
				 sp_action_name(sp_action_of_ret(f->k, &data)) +
					 strlen("SCMP_ACT_"), data);
			return;
		default:
			snprintf(buf, len, "return %s",
				 sp_action_name(sp_action_of_ret(f->k, &data)) +
					 strlen("SCMP_ACT_"));
			return;
		}
	case BPF_MISC:
		snprintf(buf, len, BPF_MISCOP(f->code) == BPF_TAX ? "X = A" :
			 "A = X");
		return;
	default:
		snprintf(buf, len, "?");
	}
}

/* seccomp_run_filters, newest filter first: ret, the newer filters'
 * result, gives way to cur, an older one's, only when cur's action is
 * strictly stronger (lower, compared as signed). */
static uint32_t stack_ret(uint32_t ret, uint32_t cur)
{
	return (int32_t)(cur & SECCOMP_RET_ACTION_FULL) <
			       (int32_t)(ret & SECCOMP_RET_ACTION_FULL) ?
		       cur :
		       ret;
}

uint32_t sp_interp_run_stack(const struct sp_bpf *progs, size_t n,
			     const struct seccomp_data *sd)
{
	unsigned args = 0;

	return sp_interp_run_stack_args(progs, n, sd, &args);
}

uint32_t sp_interp_run_stack_args(const struct sp_bpf *progs, size_t n,
				  const struct seccomp_data *sd, unsigned *args)
{
	uint32_t ret = SECCOMP_RET_ALLOW;

	for (size_t i = n; i-- > 0;)
		ret = stack_ret(ret, run(progs[i].insns, progs[i].len, sd,
					 args, NULL));
	return ret;
}

/* ---- the program run over every argument value at once ---- */

void sp_bpf_verdicts_fini(struct sp_bpf_verdicts *v)
{
	for (size_t i = 0; i < v->n; i++)
		sp_region_fini(&v->region[i]);
	free(v->region);
	free(v->ret);
	memset(v, 0, sizeof(*v));
}

/* A 32-bit value as the symbolic run knows it: a constant, one half of
 * an argument under a mask, or anything else. */
enum sym_kind { SYM_CONST, SYM_ARG, SYM_OTHER };

struct sym {
	uint8_t kind;
	uint8_t arg;       /* SYM_ARG: which argument */
	uint8_t shift;     /* SYM_ARG: 0 its low half, 32 its high half */
	uint32_t k;        /* SYM_CONST: the value; SYM_ARG: the mask */
};

/* One path: where it is, its registers, the arguments that take it. */
/* A path's registers and scratch memory, symbolic. */
struct sym_regs {
	size_t pc;
	struct sym a, x, mem[BPF_MEMWORDS];
};

struct sym_state {
	struct sym_regs regs;
	struct sp_cube cube;
};

struct sym_run {
	struct sym_state *s;
	size_t n, cap;
	size_t steps;
};

static struct sym sym_const(uint32_t k)
{
	return (struct sym){ .kind = SYM_CONST, .k = k };
}

static void cube_set(struct sp_cube *c, const struct sym *s, int bit,
		     bool one)
{
	uint64_t b = (uint64_t)1 << (bit + s->shift);

	c->m[s->arg] |= b;
	c->v[s->arg] = one ? c->v[s->arg] | b : c->v[s->arg] & ~b;
}

/* Splits c by (s OP k) into the cubes where it holds (t) and where it
 * does not (f), each side disjoint: at most 33 cubes each. */
static void sym_split(const struct sp_cube *c, const struct sym *s,
		      uint16_t op, uint32_t k, struct sp_cube *t, size_t *nt,
		      struct sp_cube *f, size_t *nf)
{
	uint32_t fm = (uint32_t)(c->m[s->arg] >> s->shift);
	uint32_t fv = (uint32_t)(c->v[s->arg] >> s->shift);
	uint32_t mask = s->k, open;
	struct sp_cube cur = *c;

	*nt = *nf = 0;
	switch (op) {
	case BPF_JEQ:
		open = mask & ~fm;
		if ((k & ~mask) || ((fv ^ k) & fm & mask)) {
			f[(*nf)++] = cur;
			return;
		}
		for (int b = 31; b >= 0; b--) {
			if (!(open >> b & 1))
				continue;
			f[*nf] = cur;
			cube_set(&f[(*nf)++], s, b, !(k >> b & 1));
			cube_set(&cur, s, b, k >> b & 1);
		}
		t[(*nt)++] = cur;
		return;
	case BPF_JSET:
		k &= mask;
		if (fv & fm & k) {
			t[(*nt)++] = cur;
			return;
		}
		open = k & ~fm;
		for (int b = 31; b >= 0; b--) {
			if (!(open >> b & 1))
				continue;
			t[*nt] = cur;
			cube_set(&t[(*nt)++], s, b, true);
			cube_set(&cur, s, b, false);
		}
		f[(*nf)++] = cur;
		return;
	default:    /* BPF_JGT, BPF_JGE: unsigned, most significant bit first */
		for (int b = 31; b >= 0; b--) {
			bool kb = k >> b & 1, xb;

			if (mask >> b & 1 && !(fm >> b & 1)) {
				struct sp_cube piece = cur;

				/* The bit that differs from k decides. */
				cube_set(&piece, s, b, !kb);
				if (kb)
					f[(*nf)++] = piece;
				else
					t[(*nt)++] = piece;
				cube_set(&cur, s, b, kb);
				continue;
			}
			xb = mask >> b & 1 && fv >> b & 1;
			if (xb == kb)
				continue;
			if (xb)
				t[(*nt)++] = cur;
			else
				f[(*nf)++] = cur;
			return;
		}
		/* Equal to k. */
		if (op == BPF_JGE)
			t[(*nt)++] = cur;
		else
			f[(*nf)++] = cur;
		return;
	}
}

static int sym_push(struct sym_run *r, const struct sym_state *s)
{
	if (r->n >= SP_REGION_MAX)
		return -E2BIG;
	if (sp_array_grow(&r->s, &r->cap, r->n + 1, sizeof(*r->s)))
		return -ENOMEM;
	r->s[r->n++] = *s;
	return 0;
}

static int verdict_add(struct sp_bpf_verdicts *out, uint32_t ret,
		       const struct sp_cube *c)
{
	size_t i = 0;

	while (i < out->n && out->ret[i] != ret)
		i++;
	if (i == out->n) {
		uint32_t *r = realloc(out->ret, (i + 1) * sizeof(*r));
		struct sp_region *g;

		if (!r)
			return -ENOMEM;
		out->ret = r;
		g = realloc(out->region, (i + 1) * sizeof(*g));
		if (!g)
			return -ENOMEM;
		out->region = g;
		memset(&g[i], 0, sizeof(g[i]));
		out->ret[i] = ret;
		out->n++;
	}
	return sp_region_push(&out->region[i], c);
}

/* The value of the load at offset off of struct seccomp_data: nr and
 * arch known (from sd), an argument's half, or the instruction pointer
 * (anything).  sd holds every argument as 1, which tells the low half
 * from the high one whatever the arch's byte order. */
static struct sym sym_load(const struct seccomp_data *sd, uint32_t off,
			   bool zero_high)
{
	const uint32_t args_off = offsetof(struct seccomp_data, args);
	struct sym s = { .kind = SYM_OTHER };

	if (off < offsetof(struct seccomp_data, instruction_pointer))
		return sym_const(load(sd, off));
	if (off < args_off)
		return s;
	s.kind = SYM_ARG;
	s.arg = (uint8_t)((off - args_off) / 8);
	s.shift = load(sd, off) == 1 ? 0 : 32;
	s.k = UINT32_MAX;
	/* An arm task's arguments: the high half is 0 (its registers are
	 * 32-bit).  Not so on x86: int $0x80 passes the whole registers,
	 * whose upper halves a caller sets in 64-bit mode, and the i386
	 * calls cut them to their low halves (sp_arch_arg_mask). */
	return s.shift && zero_high ? sym_const(0) : s;
}

enum { SYM_ON, SYM_RETURNS, SYM_FORKS };

/* Runs instruction f (pc past it already) on the symbolic registers r,
 * abs what a BPF_ABS load of it gives.  SYM_ON; SYM_RETURNS with *ret
 * the program's result (a division by zero returns 0); SYM_FORKS at a
 * jump on an argument (pc still past it: the caller takes the sides), v
 * what it compares with; or -E2BIG where the value cannot be followed
 * (an argument divided by, a result not constant). */
static int sym_insn(const struct sock_filter *f, struct sym abs,
		    struct sym_regs *r, struct sym *v, uint32_t *ret)
{
	*v = BPF_SRC(f->code) == BPF_X ? r->x : sym_const(f->k);
	switch (BPF_CLASS(f->code)) {
	case BPF_LD:
	case BPF_LDX: {
		struct sym *dst = BPF_CLASS(f->code) == BPF_LD ? &r->a : &r->x;

		if (BPF_MODE(f->code) == BPF_ABS)
			*dst = abs;
		else if (BPF_MODE(f->code) == BPF_LEN)
			*dst = sym_const(sizeof(struct seccomp_data));
		else if (BPF_MODE(f->code) == BPF_MEM)
			*dst = r->mem[f->k];
		else
			*dst = sym_const(f->k);
		return SYM_ON;
	}
	case BPF_ST:
		r->mem[f->k] = r->a;
		return SYM_ON;
	case BPF_STX:
		r->mem[f->k] = r->x;
		return SYM_ON;
	case BPF_ALU:
		if (BPF_OP(f->code) == BPF_DIV && v->kind != SYM_CONST)
			return -E2BIG;
		if (BPF_OP(f->code) == BPF_DIV && v->k == 0) {
			*ret = 0;
			return SYM_RETURNS;
		}
		if (r->a.kind == SYM_CONST && v->kind == SYM_CONST)
			r->a.k = alu(BPF_OP(f->code), r->a.k, v->k);
		else if (r->a.kind == SYM_ARG && v->kind == SYM_CONST &&
			 BPF_OP(f->code) == BPF_AND)
			r->a.k &= v->k;
		else
			r->a.kind = SYM_OTHER;
		return SYM_ON;
	case BPF_JMP:
		if (BPF_OP(f->code) == BPF_JA) {
			r->pc += f->k;
			return SYM_ON;
		}
		if (r->a.kind == SYM_CONST && v->kind == SYM_CONST) {
			r->pc += jump_taken(BPF_OP(f->code), r->a.k, v->k) ?
					 f->jt : f->jf;
			return SYM_ON;
		}
		if (r->a.kind != SYM_ARG || v->kind != SYM_CONST)
			return -E2BIG;
		return SYM_FORKS;
	case BPF_RET:
		if (BPF_RVAL(f->code) == BPF_K)
			*ret = f->k;
		else if (r->a.kind == SYM_CONST)
			*ret = r->a.k;
		else
			return -E2BIG;
		return SYM_RETURNS;
	case BPF_MISC:
		if (BPF_MISCOP(f->code) == BPF_TAX)
			r->x = r->a;
		else
			r->a = r->x;
		return SYM_ON;
	default:
		return -E2BIG; /* not reached: sp_interp_check */
	}
}

/* Whether f loads from seccomp_data (what it loads: the caller's). */
static bool loads_abs(const struct sock_filter *f)
{
	return (BPF_CLASS(f->code) == BPF_LD ||
		BPF_CLASS(f->code) == BPF_LDX) &&
	       BPF_MODE(f->code) == BPF_ABS;
}

/* Runs one path from s until it returns (its cube added to out) or
 * forks at a jump on an argument (the pieces pushed on r). */
static int sym_step(const struct sock_filter *insns, size_t len,
		    const struct seccomp_data *sd, bool zero_high,
		    struct sym_state *s, struct sym_run *r,
		    struct sp_bpf_verdicts *out)
{
	while (s->regs.pc < len) {
		const struct sock_filter *f = &insns[s->regs.pc++];
		struct sym v, abs = loads_abs(f) ? sym_load(sd, f->k, zero_high) :
						   sym_const(0);
		struct sp_cube t[33], fl[33];
		size_t nt, nf;
		uint32_t ret;
		int rc;

		if (++r->steps > (size_t)SP_REGION_MAX * 64)
			return -E2BIG;
		rc = sym_insn(f, abs, &s->regs, &v, &ret);
		if (rc < 0)
			return rc;
		if (rc == SYM_RETURNS)
			return verdict_add(out, ret, &s->cube);
		if (rc == SYM_ON)
			continue;
		sym_split(&s->cube, &s->regs.a, BPF_OP(f->code), v.k, t, &nt, fl,
			  &nf);
		for (size_t i = 0; i < nt + nf; i++) {
			struct sym_state next = *s;

			next.cube = i < nt ? t[i] : fl[i - nt];
			next.regs.pc += i < nt ? f->jt : f->jf;
			rc = sym_push(r, &next);
			if (rc)
				return rc;
		}
		return 0;
	}
	return -E2BIG;              /* not reached: ends in RET */
}

int sp_bpf_regions(const struct sp_bpf *prog, enum sp_arch arch, int64_t nr,
		   struct sp_bpf_verdicts *out)
{
	static const uint64_t ones[SP_NARGS] = { 1, 1, 1, 1, 1, 1 };
	struct sp_bpf_verdicts v = { 0 };
	struct sym_run r = { 0 };
	struct sym_state s = { 0 };
	struct seccomp_data sd;
	int rc;

	memset(out, 0, sizeof(*out));
	sp_seccomp_data_of(arch, nr, ones, 0, &sd);
	rc = sym_push(&r, &s);
	while (!rc && r.n) {
		s = r.s[--r.n];
		rc = sym_step(prog->insns, prog->len, &sd,
			      sp_arch_arg_mask(arch) == UINT32_MAX, &s,
			      &r, &v);
	}
	free(r.s);
	if (rc) {
		sp_bpf_verdicts_fini(&v);
		return rc;
	}
	*out = v;
	return 0;
}

int sp_bpf_stack_regions(const struct sp_bpf *progs, size_t n,
			 enum sp_arch arch, int64_t nr,
			 const struct sp_cube *within,
			 struct sp_bpf_verdicts *out)
{
	struct sp_bpf_verdicts acc = { 0 }, v = { 0 }, next = { 0 };
	struct sp_region both = { 0 };
	int rc = verdict_add(&acc, SECCOMP_RET_ALLOW, within);

	for (size_t i = n; !rc && i-- > 0;) {
		rc = sp_bpf_regions(&progs[i], arch, nr, &v);
		for (size_t a = 0; !rc && a < acc.n; a++)
			for (size_t b = 0; !rc && b < v.n; b++) {
				uint32_t ret = stack_ret(acc.ret[a], v.ret[b]);

				rc = sp_region_and(&acc.region[a],
						   &v.region[b], &both);
				for (size_t k = 0; !rc && k < both.n; k++)
					rc = verdict_add(&next, ret, &both.c[k]);
			}
		sp_bpf_verdicts_fini(&acc);
		sp_bpf_verdicts_fini(&v);
		acc = next;
		memset(&next, 0, sizeof(next));
	}
	sp_region_fini(&both);
	if (rc) {
		sp_bpf_verdicts_fini(&acc);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	*out = acc;
	return 0;
}

/* ---- the results several programs can give one call together ---- */

/* One condition a path met on a 32-bit word of an argument: (word &
 * mask) OP k held (want) or did not. */
struct jcond {
	uint8_t arg, shift;
	uint16_t op;            /* BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET */
	bool want;
	uint32_t mask, k;
};

/* The words a path has conditions on: each argument's two halves, and
 * the instruction pointer's (SP_NARGS). */
#define JOINT_WORDS (2 * (SP_NARGS + 1))

static unsigned jword(uint8_t arg, uint8_t shift)
{
	return 2u * arg + (shift ? 1 : 0);
}

/* A condition of some path, shared by the paths forked after it: each
 * node points to the condition its path met before it on the same
 * word, so a word's conditions are a list that paths share. */
struct jnode {
	struct jcond c;
	uint32_t prev;          /* index + 1; 0: the word's first */
};

/* The most programs judged apart, the most nodes one word's search may
 * visit, the most conditions all paths keep together, and the most
 * tests of a condition on a value all searches make together (what
 * keeps a hostile filter's time and memory bounded: a deep chain of
 * tests on one word has as many conditions on it, each search as long;
 * past a bound, the probes stand). */
#define JOINT_WIDTH 16
#define JOINT_NODES 65536
#define JOINT_CONDS_ALL (1u << 20)
#define JOINT_WORK ((size_t)1 << 27)

struct jstate {
	struct sym_regs regs;
	size_t prog;            /* counts down: the next one is prog-1 */
	uint32_t ret[JOINT_WIDTH];
	uint32_t last[JOINT_WORDS];     /* each word's last node, + 1 */
	uint32_t wit[JOINT_WORDS];      /* a value of each word meeting
					 * its conditions */
};

/* The search for a value of one word: its fixed bits (fm, fv), the bits
 * some condition reads, the conditions, and the states it found no value
 * under.  What bits below b can still meet depends on b and which
 * conditions are open alone (an open JEQ matched, an open JSET found no
 * bit, an open JGT/JGE is equal, on every bit above b): those are the
 * states kept, or conditions decided early (a JGT) beside conflicting
 * ones on the low bits would be searched again under every high bits.
 * A state is the set of the word's conditions open (nw 64-bit words,
 * as many as the word has conditions), at b; kept in one of JOINT_DEAD
 * slots, those of earlier searches told apart by their gen. */
#define JOINT_DEAD 1024
struct wsearch {
	uint32_t fm, fv, reads;
	struct jcond *c;        /* n of them, room for cap */
	size_t n, cap, nodes, nw;
	size_t work;            /* every search's tests of a condition */
	uint32_t *found;        /* or NULL: the value met */
	uint64_t *open;         /* 33 levels of nw words */
	uint64_t *dopen;        /* JOINT_DEAD states of nw words */
	size_t openw;           /* the nw open and dopen have room for */
	uint32_t gen;
	struct {
		uint32_t gen;
		int b;
	} dead[JOINT_DEAD];
};

struct jrun {
	const struct sp_bpf *progs;
	size_t n;
	bool stacked;
	const struct sp_cube *within;
	struct seccomp_data sd;
	bool zero_high;
	struct jstate *s;
	size_t ns, cap, steps, steps_max;
	struct jnode *node;
	size_t nnode, nodecap;
	struct wsearch *w;
	struct sp_bpf_joint *out;
};

/* What is known of c from the bits of x above 'from' (bit from and those
 * below unknown; from == -1: all known): 1 holds, 0 fails, -1 not yet. */
static int jcond_state(const struct jcond *c, uint32_t x, int from)
{
	uint32_t known = from >= 31 ? 0 : ~(uint32_t)0 << (from + 1);
	uint32_t y = x & c->mask, unknown = c->mask & ~known;
	int r;

	switch (c->op) {
	case BPF_JEQ:
		if (c->k & ~c->mask)
			r = 0;
		else if ((y ^ c->k) & c->mask & known)
			r = 0;
		else
			r = unknown ? -1 : 1;
		break;
	case BPF_JSET:
		if (y & c->k & known)
			r = 1;
		else
			r = c->k & unknown ? -1 : 0;
		break;
	default:    /* JGT, JGE: the highest bit where y and k differ */
		r = c->op == BPF_JGE;
		for (int b = 31; b >= 0; b--) {
			uint32_t bit = (uint32_t)1 << b;

			if (unknown & bit) {
				r = -1;
				break;
			}
			if ((y ^ c->k) & bit) {
				r = (y & bit) != 0;
				break;
			}
		}
		break;
	}
	return r < 0 ? -1 : r == c->want;
}

/* Makes w ready for a search over its n conditions (w->c): room for
 * their open sets, the states of earlier searches forgotten.  0 or
 * -ENOMEM. */
static int wsearch_begin(struct wsearch *w, uint32_t fm, uint32_t fv,
			 uint32_t *found)
{
	size_t nw = (w->n + 63) / 64;

	if (nw > w->openw) {
		uint64_t *o = realloc(w->open, 33 * nw * sizeof(*o));
		uint64_t *d = o ? realloc(w->dopen, JOINT_DEAD * nw *
						       sizeof(*d)) : NULL;

		if (o)
			w->open = o;
		if (!d)
			return -ENOMEM;
		w->dopen = d;
		w->openw = nw;
	}
	w->nw = nw;
	w->fm = fm;
	w->fv = fv;
	w->found = found;
	w->nodes = 0;
	w->reads = 0;
	for (size_t i = 0; i < w->n; i++)
		w->reads |= w->c[i].op == BPF_JSET ? w->c[i].mask & w->c[i].k :
						     w->c[i].mask;
	if (++w->gen == 0) {
		memset(w->dead, 0, sizeof(w->dead));
		w->gen = 1;
	}
	return 0;
}

static size_t dead_slot(const struct wsearch *w, const uint64_t *open, int b)
{
	uint64_t h = (uint64_t)(b + 1);

	for (size_t i = 0; i < w->nw; i++) {
		h ^= open[i] * 0x9e3779b97f4a7c15ull;
		h = (h ^ h >> 29) * 0xbf58476d1ce4e5b9ull;
	}
	return (size_t)(h >> 40) % JOINT_DEAD;
}

/* Whether the state (open, b) is one found dead; with mark, makes it one
 * (where a slot is free near its own). */
static bool dead_state(struct wsearch *w, const uint64_t *open, int b,
		       bool mark)
{
	size_t i = dead_slot(w, open, b), bytes = w->nw * sizeof(*open);

	for (int probe = 0; probe < 8; probe++, i = (i + 1) % JOINT_DEAD) {
		uint64_t *slot = &w->dopen[i * w->nw];

		if (w->dead[i].gen != w->gen) {
			if (mark) {
				memcpy(slot, open, bytes);
				w->dead[i].gen = w->gen;
				w->dead[i].b = b;
			}
			return false;
		}
		if (w->dead[i].b == b && !memcmp(slot, open, bytes))
			return true;
	}
	return false;
}

/* Whether some value of the word, its bits above b those of x, meets
 * every condition (bits chosen from the highest down, among those some
 * condition reads: a bit none reads is taken as it is fixed, else 0,
 * never tried both ways, or conditions on the low bits alone would be
 * searched over every value of the high ones).  1, 0, or -E2BIG past the
 * search's bound. */
static int word_feasible(struct wsearch *w, uint32_t x, int b)
{
	/* Its own level's (the levels below, of lower b, their own). */
	uint64_t *open = &w->open[(size_t)(31 - b) * w->nw];
	bool any = false;
	int at = b;

	if (++w->nodes > JOINT_NODES || (w->work += w->n) > JOINT_WORK)
		return -E2BIG;
	memset(open, 0, w->nw * sizeof(*open));
	for (size_t i = 0; i < w->n; i++) {
		int st = jcond_state(&w->c[i], x, b);

		if (st == 0)
			return 0;
		if (st < 0) {
			open[i / 64] |= (uint64_t)1 << (i % 64);
			any = true;
		}
	}
	if (!any) {
		/* The bits from b down: the fixed ones, the others 0 (the
		 * least value met, as bits are tried 0 first). */
		uint32_t low = b < 0 ? 0 : b >= 31 ? UINT32_MAX :
					  ((uint32_t)2 << b) - 1;

		if (w->found)
			*w->found = x | (w->fv & w->fm & low);
		return 1;
	}
	if (dead_state(w, open, at, false))
		return 0;
	for (; b >= 0 && !(w->reads & (uint32_t)1 << b); b--)
		x |= w->fm & w->fv & (uint32_t)1 << b;
	for (int one = 0; b >= 0 && one < 2; one++) {
		uint32_t bit = (uint32_t)1 << b;
		int rc;

		if (w->fm & bit && !(w->fv & bit) != !one)
			continue;
		rc = word_feasible(w, one ? x | bit : x, b - 1);
		if (rc)
			return rc;
	}
	dead_state(w, open, at, true);
	return 0;
}

/* The fixed bits within gives a word (the instruction pointer's none:
 * any value). */
static void jfixed(const struct jrun *r, unsigned word, uint32_t *fm,
		   uint32_t *fv)
{
	unsigned arg = word / 2, shift = word % 2 ? 32 : 0;

	*fm = arg >= SP_NARGS ? 0 : (uint32_t)(r->within->m[arg] >> shift);
	*fv = arg >= SP_NARGS ? 0 : (uint32_t)(r->within->v[arg] >> shift);
}

/* Puts s's conditions on word into r->w (w->c, w->n), with room for one
 * more.  0 or -ENOMEM. */
static int jgather(struct jrun *r, const struct jstate *s, unsigned word)
{
	struct wsearch *w = r->w;

	w->n = 0;
	for (uint32_t i = s->last[word]; i; i = r->node[i - 1].prev) {
		if (w->n + 1 >= w->cap) {
			size_t cap = w->cap ? 2 * w->cap : 128;
			struct jcond *c = realloc(w->c, cap * sizeof(*c));

			if (!c)
				return -ENOMEM;
			w->c = c;
			w->cap = cap;
		}
		w->c[w->n++] = r->node[i - 1].c;
	}
	if (!w->cap) {
		w->c = malloc(128 * sizeof(*w->c));
		if (!w->c)
			return -ENOMEM;
		w->cap = 128;
	}
	return 0;
}

/* Whether a value near the one s knows for cond's word (its bits cond
 * reads moved to the edge of what cond wants: k for a JEQ that holds,
 * k + 1 for a JGT, a bit of k set or cleared for a JSET, ...) meets
 * cond, the word's fixed bits and its other conditions: then *val.  A
 * chain of tests of one word (an allowlist of requests, thresholds) is
 * met so, one test of each condition, where a search would test each at
 * every bit. */
static bool jnear(const struct jrun *r, const struct jstate *s,
		  const struct jcond *cond, uint32_t fm, uint32_t fv,
		  uint32_t *val)
{
	uint32_t x = s->wit[jword(cond->arg, cond->shift)];
	uint32_t m = cond->mask, k = cond->k, set = m & k;

	switch (cond->op) {
	case BPF_JEQ:
		x = cond->want ? (x & ~m) | k : m ? x ^ (m & -m) : x;
		break;
	case BPF_JSET:
		x = !cond->want ? x & ~set : set ? x | (set & -set) : x;
		break;
	default:    /* JGT, JGE: k + 1 or k above it, k or k - 1 not */
		k += cond->want ? cond->op == BPF_JGT : -(cond->op == BPF_JGE);
		x = (x & ~m) | (k & m);
		break;
	}
	if ((x ^ fv) & fm || jcond_state(cond, x, -1) != 1)
		return false;
	for (uint32_t i = s->last[jword(cond->arg, cond->shift)]; i;
	     i = r->node[i - 1].prev)
		if (jcond_state(&r->node[i - 1].c, x, -1) != 1)
			return false;
	*val = x;
	return true;
}

/* Whether the word of cond can still meet it and every condition of s on
 * that word, within's fixed bits kept; where it can, *val a value that
 * does.  1, 0, -E2BIG or -ENOMEM. */
static int jcond_feasible(struct jrun *r, const struct jstate *s,
			  const struct jcond *cond, uint32_t *val)
{
	unsigned word = jword(cond->arg, cond->shift);
	struct wsearch *w = r->w;
	uint32_t fm, fv;
	int rc;

	/* The value s knows meets the word's other conditions. */
	if (jcond_state(cond, s->wit[word], -1) == 1) {
		*val = s->wit[word];
		return 1;
	}
	jfixed(r, word, &fm, &fv);
	if (jnear(r, s, cond, fm, fv, val))
		return 1;
	rc = jgather(r, s, word);
	if (rc)
		return rc;
	w->c[w->n++] = *cond;
	rc = wsearch_begin(w, fm, fv, val);
	if (rc)
		return rc;
	return word_feasible(w, 0, 31);
}

/* A call that takes s's path, into eg (its arguments, then its
 * instruction pointer): each word the least value meeting the path's
 * conditions on it, within's fixed bits kept (every word met them when
 * its last condition was added: jcond_feasible; past the search's bound
 * or without memory, the value s knows meets them). */
static void jexample(struct jrun *r, const struct jstate *s,
		     uint64_t eg[SP_NARGS + 1])
{
	for (int a = 0; a <= SP_NARGS; a++) {
		eg[a] = 0;
		for (int half = 0; half < 2; half++) {
			unsigned word = 2u * a + half;
			uint32_t fm, fv, val = s->wit[word];

			jfixed(r, word, &fm, &fv);
			if (s->last[word] && !jgather(r, s, word) &&
			    !wsearch_begin(r->w, fm, fv, &val) &&
			    word_feasible(r->w, 0, 31) != 1)
				val = s->wit[word];
			eg[a] |= (uint64_t)val << (half ? 32 : 0);
		}
	}
}

static int jpush(struct jrun *r, const struct jstate *s)
{
	if (r->ns >= SP_REGION_MAX)
		return -E2BIG;
	if (sp_array_grow(&r->s, &r->cap, r->ns + 1, sizeof(*r->s)))
		return -ENOMEM;
	r->s[r->ns++] = *s;
	return 0;
}

/* s met c (its value val): a node of c after the word's others. */
static int jkeep(struct jrun *r, struct jstate *s, const struct jcond *c,
		 uint32_t val)
{
	unsigned word = jword(c->arg, c->shift);

	if (r->nnode >= JOINT_CONDS_ALL)
		return -E2BIG;
	if (sp_array_grow(&r->node, &r->nodecap, r->nnode + 1,
			  sizeof(*r->node)))
		return -ENOMEM;
	r->node[r->nnode++] = (struct jnode){ *c, s->last[word] };
	s->last[word] = (uint32_t)r->nnode;
	s->wit[word] = val;
	return 0;
}

/* The bits set in a call's arguments and address, all told. */
static int bits(const uint64_t eg[SP_NARGS + 1])
{
	int n = 0;

	for (int k = 0; k <= SP_NARGS; k++)
		n += __builtin_popcountll(eg[k]);
	return n;
}

/* s's program returned ret: the next program starts, or the tuple is
 * added (with the plainest example of its paths). */
static int jreturn(struct jrun *r, struct jstate *s, uint32_t ret)
{
	uint64_t eg[SP_NARGS + 1];
	size_t n, i;
	int rc;

	if (r->stacked)
		s->ret[0] = stack_ret(s->ret[0], ret);
	else
		s->ret[s->prog - 1] = ret;
	if (--s->prog) {
		memset(&s->regs, 0, sizeof(s->regs));
		s->regs.a = s->regs.x = sym_const(0);
		return jpush(r, s);
	}
	n = r->out->n;
	rc = sp_bpf_joint_add(r->out, s->ret);
	if (rc)
		return rc;
	/* The tuple's example: the plainest call of its paths', the one
	 * with the fewest bits set. */
	jexample(r, s, eg);
	for (i = 0; i < r->out->n; i++)
		if (!memcmp(&r->out->ret[i * r->out->width], s->ret,
			    r->out->width * sizeof(*s->ret)))
			break;
	if (i == n || bits(eg) < bits(r->out->eg[i]))
		memcpy(r->out->eg[i], eg, sizeof(eg));
	return 0;
}

/* sym_load, and the instruction pointer a word of one more argument,
 * SP_NARGS: the call site, which no trace keeps, any value. */
static struct sym jload(const struct jrun *r, uint32_t off)
{
	const uint32_t ip_off = offsetof(struct seccomp_data,
					 instruction_pointer);
	struct sym s = sym_load(&r->sd, off, r->zero_high);

	if (off >= ip_off && off < offsetof(struct seccomp_data, args)) {
		s.kind = SYM_ARG;
		s.arg = SP_NARGS;
		s.shift = load(&r->sd, off) == 1 ? 0 : 32;
		s.k = UINT32_MAX;
	}
	return s;
}

/* The bit of sp_bpf_joint's read for the word a reads. */
static unsigned jread(const struct sym *a)
{
	if (a->arg >= SP_NARGS)
		return SP_INTERP_IP;
	return 1u << a->arg | (a->shift ? SP_INTERP_SECOND(a->arg) : 0);
}

/* Runs s until its program returns or it forks at a jump on an argument
 * (both sides that can be met pushed on r). */
static int jstep(struct jrun *r, struct jstate *s)
{
	const struct sp_bpf *p = &r->progs[s->prog - 1];

	while (s->regs.pc < p->len) {
		const struct sock_filter *f = &p->insns[s->regs.pc++];
		struct sym v, abs = loads_abs(f) ? jload(r, f->k) :
						   sym_const(0);
		uint32_t ret, val[2];
		int rc, ok[2];
		struct jcond c;

		if (++r->steps > r->steps_max)
			return -E2BIG;
		rc = sym_insn(f, abs, &s->regs, &v, &ret);
		if (rc < 0)
			return rc;
		if (rc == SYM_RETURNS)
			return jreturn(r, s, ret);
		if (rc == SYM_ON)
			continue;
		c = (struct jcond){
			.arg = s->regs.a.arg, .shift = s->regs.a.shift,
			.op = BPF_OP(f->code), .mask = s->regs.a.k, .k = v.k,
		};
		r->out->read |= jread(&s->regs.a);
		for (int want = 0; want < 2; want++) {
			c.want = want;
			ok[want] = jcond_feasible(r, s, &c, &val[want]);
			if (ok[want] < 0)
				return ok[want];
		}
		/* One side alone: the conditions before imply it (a word
		 * kept, a test repeated), and it is not kept. */
		if (ok[0] != ok[1]) {
			s->regs.pc += ok[1] ? f->jt : f->jf;
			continue;
		}
		if (!ok[1])
			return 0;
		for (int want = 1; want >= 0; want--) {
			struct jstate next = *s;

			c.want = want;
			rc = jkeep(r, &next, &c, val[want]);
			if (rc < 0)
				return rc;
			next.regs.pc += want ? f->jt : f->jf;
			rc = jpush(r, &next);
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	return -E2BIG;              /* not reached: ends in RET */
}

int sp_bpf_joint_add(struct sp_bpf_joint *j, const uint32_t *ret)
{
	uint32_t *t;
	uint64_t(*eg)[SP_NARGS + 1];

	for (size_t i = 0; i < j->n; i++)
		if (!memcmp(&j->ret[i * j->width], ret,
			    j->width * sizeof(*ret)))
			return 0;
	t = realloc(j->ret, (j->n + 1) * j->width * sizeof(*t));
	if (!t)
		return -ENOMEM;
	j->ret = t;
	eg = realloc(j->eg, (j->n + 1) * sizeof(*eg));
	if (!eg)
		return -ENOMEM;
	j->eg = eg;
	memset(eg[j->n], 0, sizeof(eg[j->n]));
	memcpy(&t[j->n * j->width], ret, j->width * sizeof(*ret));
	j->n++;
	return 0;
}

void sp_bpf_joint_fini(struct sp_bpf_joint *j)
{
	free(j->ret);
	free(j->eg);
	memset(j, 0, sizeof(*j));
}

int sp_bpf_joint(const struct sp_bpf *progs, size_t n, bool stacked,
		 enum sp_arch arch, int64_t nr, const struct sp_cube *within,
		 struct sp_bpf_joint *out)
{
	return sp_bpf_joint_bounded(progs, n, stacked, arch, nr, within,
				    SP_BPF_JOINT_STEPS, out);
}

int sp_bpf_joint_bounded(const struct sp_bpf *progs, size_t n, bool stacked,
			 enum sp_arch arch, int64_t nr,
			 const struct sp_cube *within, size_t steps,
			 struct sp_bpf_joint *out)
{
	static const uint64_t ones[SP_NARGS] = { 1, 1, 1, 1, 1, 1 };
	static const struct sp_cube any;
	struct jrun r = {
		.progs = progs, .n = n, .stacked = stacked,
		.steps_max = steps < SP_BPF_JOINT_STEPS ? steps :
							  SP_BPF_JOINT_STEPS,
		.within = within ? within : &any,
		.zero_high = sp_arch_arg_mask(arch) == UINT32_MAX,
		.out = out,
	};
	struct jstate *s = malloc(sizeof(*s));
	int rc;

	memset(out, 0, sizeof(*out));
	out->width = stacked ? 1 : n;
	r.w = calloc(1, sizeof(*r.w));
	if (!s || !r.w) {
		free(s);
		free(r.w);
		return -ENOMEM;
	}
	if (!n || (!stacked && n > JOINT_WIDTH)) {
		free(s);
		free(r.w);
		return -E2BIG;
	}
	memset(s, 0, sizeof(*s));
	s->prog = n;
	if (stacked)
		s->ret[0] = SECCOMP_RET_ALLOW;
	for (unsigned word = 0; word < JOINT_WORDS; word++) {
		uint32_t fm, fv;

		jfixed(&r, word, &fm, &fv);
		s->wit[word] = fm & fv;
	}
	sp_seccomp_data_of(arch, nr, ones, 1, &r.sd);
	rc = jpush(&r, s);
	while (!rc && r.ns) {
		*s = r.s[--r.ns];
		rc = jstep(&r, s);
	}
	free(s);
	free(r.s);
	free(r.node);
	free(r.w->c);
	free(r.w->open);
	free(r.w->dopen);
	free(r.w);
	if (rc)
		sp_bpf_joint_fini(out);
	out->width = stacked ? 1 : n;
	return rc;
}
