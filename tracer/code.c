#include "tracer/code.h"

#include <capstone/capstone.h>
#include <dlfcn.h>
#include <elf.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "core/array.h"

/*
 * One linear sweep over each executable section collects what the
 * summary needs from every instruction: direct call and jump targets,
 * rip-relative addresses, syscall instructions, and
 * the constants left in rdi and rax before calls to imports.  Regions are
 * then cut at every known function start, references are assigned to
 * them, and the data-flow pass runs only over the regions that hold a
 * syscall instruction or call a forwarder.
 */

/* ---- capstone, opened when code is first read ---- */

/* Not linked: its instruction tables are 1.3 MB of pointers that the
 * dynamic loader would relocate at every start of sandprint, for every
 * command (about 1 ms of a recording's start, measured), while only the
 * static analysis disassembles.  Its functions are taken by name from
 * the library the build found (SP_CAPSTONE_SONAME). */
static struct {
	__typeof__(&cs_open) open;
	__typeof__(&cs_option) option;
	__typeof__(&cs_malloc) malloc;
	__typeof__(&cs_disasm_iter) disasm_iter;
	__typeof__(&cs_free) free;
	__typeof__(&cs_close) close;
} cs;
static char cs_error[160];      /* why it could not be opened */
static pthread_once_t cs_once = PTHREAD_ONCE_INIT;

static void cs_load(void)
{
	void *h = dlopen(SP_CAPSTONE_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (h) {
		cs.open = (__typeof__(cs.open))dlsym(h, "cs_open");
		cs.option = (__typeof__(cs.option))dlsym(h, "cs_option");
		cs.malloc = (__typeof__(cs.malloc))dlsym(h, "cs_malloc");
		cs.disasm_iter = (__typeof__(cs.disasm_iter))dlsym(
			h, "cs_disasm_iter");
		cs.free = (__typeof__(cs.free))dlsym(h, "cs_free");
		cs.close = (__typeof__(cs.close))dlsym(h, "cs_close");
	}
	if (!h || !cs.open || !cs.option || !cs.malloc || !cs.disasm_iter ||
	    !cs.free || !cs.close) {
		const char *e = dlerror();

		snprintf(cs_error, sizeof(cs_error), "%s",
			 e ? e : SP_CAPSTONE_SONAME " lacks a function");
		cs.open = NULL;
	}
}

void sp_code_load(void)
{
	pthread_once(&cs_once, cs_load);
}

/* ---- growable arrays and the string pool ---- */

struct pool {
	char *buf;
	size_t len, cap;
	uint32_t *slots;      /* open addressing: offset + 1, 0 empty */
	size_t nslots, used;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static int pool_rehash(struct pool *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 1024;
	uint32_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < p->nslots; i++) {
		size_t h;

		if (!p->slots[i])
			continue;
		h = str_hash(p->buf + p->slots[i] - 1) & (n - 1);
		while (s[h])
			h = (h + 1) & (n - 1);
		s[h] = p->slots[i];
	}
	free(p->slots);
	p->slots = s;
	p->nslots = n;
	return 0;
}

/* The offset of s in the pool, added when new; -ENOMEM. */
static int64_t pool_add(struct pool *p, const char *s)
{
	size_t len = strlen(s) + 1, h;

	if ((p->used + 1) * 2 > p->nslots && pool_rehash(p))
		return -ENOMEM;
	h = str_hash(s) & (p->nslots - 1);
	for (; p->slots[h]; h = (h + 1) & (p->nslots - 1))
		if (strcmp(p->buf + p->slots[h] - 1, s) == 0)
			return p->slots[h] - 1;
	if (p->len + len > UINT32_MAX - 1)
		return -ENOMEM;
	if (p->len + len > p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 4096;
		char *nb;

		while (ncap < p->len + len)
			ncap *= 2;
		nb = realloc(p->buf, ncap);
		if (!nb)
			return -ENOMEM;
		p->buf = nb;
		p->cap = ncap;
	}
	memcpy(p->buf + p->len, s, len);
	p->slots[h] = (uint32_t)p->len + 1;
	p->used++;
	p->len += len;
	return (int64_t)(p->len - len);
}

/* ---- registers ---- */

/* Capstone's general-purpose registers, any width, as (index, bytes). */
static const struct {
	x86_reg reg;
	uint8_t idx, width;
} gprs[] = {
#define R(q, d, w, b, h, i)                                                   \
	{ X86_REG_##q, i, 8 }, { X86_REG_##d, i, 4 }, { X86_REG_##w, i, 2 },  \
		{ X86_REG_##b, i, 1 }, { X86_REG_##h, i, 1 }
	R(RAX, EAX, AX, AL, AH, 0), R(RCX, ECX, CX, CL, CH, 1),
	R(RDX, EDX, DX, DL, DH, 2), R(RBX, EBX, BX, BL, BH, 3),
	R(RSP, ESP, SP, SPL, SPL, 4), R(RBP, EBP, BP, BPL, BPL, 5),
	R(RSI, ESI, SI, SIL, SIL, 6), R(RDI, EDI, DI, DIL, DIL, 7),
	R(R8, R8D, R8W, R8B, R8B, 8), R(R9, R9D, R9W, R9B, R9B, 9),
	R(R10, R10D, R10W, R10B, R10B, 10), R(R11, R11D, R11W, R11B, R11B, 11),
	R(R12, R12D, R12W, R12B, R12B, 12), R(R13, R13D, R13W, R13B, R13B, 13),
	R(R14, R14D, R14W, R14B, R14B, 14), R(R15, R15D, R15W, R15B, R15B, 15),
#undef R
};

#define REG_RAX 0
#define REG_RCX 1
#define REG_RDX 2
#define REG_RSP 4
#define REG_RBP 5
#define REG_RSI 6
#define REG_RDI 7
#define REG_R8 8
#define REG_R9 9
#define REG_R10 10
#define REG_R11 11

/* 1 + index, or 0 for a register that is not one of them. */
static uint8_t gpr_table[X86_REG_ENDING];
static uint8_t gpr_width[X86_REG_ENDING];

static void gprs_init(void)
{
	static bool done;

	if (done)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(gprs); i++) {
		gpr_table[gprs[i].reg] = gprs[i].idx + 1;
		gpr_width[gprs[i].reg] = gprs[i].width;
	}
	done = true;
}

static int gpr(x86_reg r, unsigned *width)
{
	if ((unsigned)r >= X86_REG_ENDING || !gpr_table[r])
		return -1;
	if (width)
		*width = gpr_width[r];
	return gpr_table[r] - 1;
}

/* The registers a call may change (the System V ABI's caller-saved ones;
 * Go's internal ABI clobbers more, but keeps nothing a syscall number is
 * carried in across a call). */
#define CLOBBERED_BY_CALL                                                     \
	((1u << REG_RAX) | (1u << REG_RCX) | (1u << REG_RDX) |                \
	 (1u << REG_RSI) | (1u << REG_RDI) | (1u << REG_R8) | (1u << REG_R9) | \
	 (1u << REG_R10) | (1u << REG_R11))

#define REG_RBX 3

/*
 * What differs between the two x86 ABIs the analysis reads: x86_64 and
 * i386 (a 32-bit program on an x86_64 machine; Debian's libc6-i386).
 * The instructions are the same to capstone; the widths, the registers
 * a call or a system call changes, where the kernel takes a call's
 * arguments (i386: ebx, ecx, edx, esi, edi, ebp) and where C passes a
 * function's (i386's cdecl: the words above the return address).
 */
struct isa {
	cs_mode mode;
	uint8_t word;              /* bytes a push or a return address take */
	x86_reg sp;
	uint32_t call_clobbers;    /* the registers a call may change */
	uint32_t syscall_clobbers;
	uint8_t sysargs[SP_NARGS]; /* the kernel's argument registers */
	int8_t cargs[6];           /* C's argument registers; -1: on the
				      stack (SP_LOC_STACK + 1 + i) */
};

static const struct isa isa_x86_64 = {
	.mode = CS_MODE_64, .word = 8, .sp = X86_REG_RSP,
	.call_clobbers = CLOBBERED_BY_CALL,
	.syscall_clobbers = (1u << REG_RAX) | (1u << REG_RCX) |
			    (1u << REG_R11),
	.sysargs = { REG_RDI, REG_RSI, REG_RDX, REG_R10, REG_R8, REG_R9 },
	.cargs = { REG_RDI, REG_RSI, REG_RDX, REG_RCX, REG_R8, REG_R9 },
};

/* int $0x80 and the vDSO's __kernel_vsyscall (call *%gs:0x10) change eax
 * alone. */
static const struct isa isa_i386 = {
	.mode = CS_MODE_32, .word = 4, .sp = X86_REG_ESP,
	.call_clobbers = (1u << REG_RAX) | (1u << REG_RCX) | (1u << REG_RDX),
	.syscall_clobbers = 1u << REG_RAX,
	.sysargs = { REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_RBP },
	.cargs = { -1, -1, -1, -1, -1, -1 },
};

/* The ABI of ELF machine m, or NULL when the analysis does not read it. */
static const struct isa *isa_of(unsigned m)
{
	return m == EM_X86_64 ? &isa_x86_64 : m == EM_386 ? &isa_i386 : NULL;
}

/* Where C argument i is at a function's entry (SP_LOC_*). */
static int32_t carg_loc(const struct isa *isa, unsigned i)
{
	return isa->cargs[i] >= 0 ? isa->cargs[i] :
				    SP_LOC_STACK + 1 + (int32_t)i;
}

/* Whether in enters the kernel: x86_64's syscall; i386's int $0x80 and
 * call *%gs:0x10, glibc's way through the vDSO's __kernel_vsyscall (the
 * thread control block's sysinfo word), in shared and static code. */
static bool is_syscall(const struct isa *isa, const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	const cs_x86_op *o = &x->operands[0];

	if (isa->word == 8)
		return in->id == X86_INS_SYSCALL;
	if (x->op_count != 1)
		return false;
	if (in->id == X86_INS_INT)
		return o->type == X86_OP_IMM && o->imm == 0x80;
	return in->id == X86_INS_CALL && o->type == X86_OP_MEM &&
	       o->mem.segment == X86_REG_GS &&
	       o->mem.base == X86_REG_INVALID &&
	       o->mem.index == X86_REG_INVALID && o->mem.disp == 0x10;
}

static bool in_group(const cs_insn *in, uint8_t g)
{
	for (uint8_t i = 0; i < in->detail->groups_count; i++)
		if (in->detail->groups[i] == g)
			return true;
	return false;
}

/* The registers insn writes, explicit and implicit, as a bit set. */
static uint32_t written(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	uint32_t w = 0;
	int r;

	for (uint8_t i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_REG &&
		    (x->operands[i].access & CS_AC_WRITE) &&
		    (r = gpr(x->operands[i].reg, NULL)) >= 0)
			w |= 1u << r;
	for (uint8_t i = 0; i < in->detail->regs_write_count; i++)
		if ((r = gpr(in->detail->regs_write[i], NULL)) >= 0)
			w |= 1u << r;
	return w;
}

/* ---- the scan ---- */

enum raw_kind {
	RAW_CALL,       /* direct call: to */
	RAW_JMP,        /* direct jump: to */
	RAW_JCC,        /* conditional jump: to */
	RAW_MEM,        /* a rip-relative operand read or written, or
			   called through: to is the address, size its
			   bytes (a vector register's 16 or 32: every
			   word in them is read) */
	RAW_LEA,        /* a rip-relative address computed (lea): to */
	RAW_SYSCALL,
};

struct raw {
	uint64_t from, to;
	uint32_t kind;
	uint32_t size;
};

/* A PLT entry: calls to start are calls to the symbol its slot holds. */
struct stub {
	uint64_t start;
	uint32_t name;
};

/* A direct call or jump, with the constants the light scan knows in C's
 * arguments there (SP_ICALL_ARG bits): what a caller passes to a
 * function that passes them on (passes()). */
struct lcall {
	uint64_t at;
	uint32_t known;
	uint32_t args[6];
};

struct scan {
	const struct sp_elf_image *img;
	const struct isa *isa;
	csh cs;
	/* i386's position-independent code reaches its data and GOT slots
	 * from a register holding the GOT's address (_GLOBAL_OFFSET_TABLE_:
	 * `call __x86.get_pc_thunk.bx; add $GOT-., %ebx`): got, and the
	 * registers known to hold it (kept across branches and the pops of
	 * epilogues, which restore it; lost when written otherwise). */
	uint64_t got;
	uint32_t pic;
	int thunk_reg;                  /* a thunk's register, before its
					   add: its value thunk_at */
	uint64_t thunk_at;
	cs_insn *in;
	struct pool pool;
	struct raw *raws;
	size_t nraws, raws_cap;
	uint64_t *starts;
	size_t nstarts, starts_cap;
	uint64_t *cuts;                 /* starts a tail jump added, sorted */
	size_t ncuts, cuts_cap;
	struct stub *stubs;
	size_t nstubs, stubs_cap;
	struct sp_code_icall *icalls;   /* region: the call's address until
					   regions exist */
	size_t nicalls, icalls_cap;
	uint64_t *icall_at;
	size_t nicall_at, icall_at_cap;
	struct lcall *lcalls;           /* direct calls, by address */
	size_t nlcalls, lcalls_cap;
	struct sp_code *c;
	uint8_t *noret;                 /* per region: 0 not known yet, 1 may
					   return, 2 never returns */
	bool graph;                     /* a library: keep every reference */
};

static int add_start(struct scan *S, uint64_t a)
{
	uint64_t *o = sp_array_push(&S->starts, &S->nstarts, &S->starts_cap,
			   sizeof(*o));

	if (!o)
		return -ENOMEM;
	*o = a;
	return 0;
}

static int add_raw(struct scan *S, uint64_t from, uint64_t to,
		   enum raw_kind kind, uint32_t size)
{
	struct raw *o =
		sp_array_push(&S->raws, &S->nraws, &S->raws_cap, sizeof(*o));

	if (!o)
		return -ENOMEM;
	*o = (struct raw){ from, to, kind, size };
	return 0;
}

static const struct sp_elf_section *exec_section(const struct scan *S,
						 uint64_t a)
{
	for (size_t i = 0; i < S->img->nsects; i++) {
		const struct sp_elf_section *s = &S->img->sects[i];

		if (s->exec && s->data && a >= s->addr && a - s->addr < s->size)
			return s;
	}
	return NULL;
}

/* The symbol a PLT stub or a GOT slot leads to, as a pool offset, or
 * -1. */
static int64_t slot_name(struct scan *S, uint64_t slot)
{
	const struct sp_elf_reloc *r = sp_elf_image_reloc(S->img, slot);

	if (!r || r->kind != SP_REL_SYMBOL)
		return -1;
	return pool_add(&S->pool, r->sym);
}

static int64_t stub_name(const struct scan *S, uint64_t a)
{
	size_t lo = sp_array_lower_u64(S->stubs, S->nstubs, sizeof(*S->stubs),
				       offsetof(struct stub, start), a);

	return lo < S->nstubs && S->stubs[lo].start == a ?
		       (int64_t)S->stubs[lo].name :
		       -1;
}

/* What a light scan knows about rdi and rax since the last branch: the
 * constants C code passes to syscall(), Go code to syscall.Syscall; and
 * about C's argument registers, the constants a caller passes to a
 * wrapper. */
struct light {
	uint32_t known;
	int32_t rdi, rax;
	uint32_t args[6];
};

/* Whether in leaves a known constant in a general register of 32 bits
 * or more: a mov of an immediate (*mov) or the register's xor with
 * itself; *r its index (gpr()), *v the value as the register holds it (a
 * 32-bit mov zero-extends, a 64-bit one sign-extends). */
static bool const_write(const cs_insn *in, int *r, uint64_t *v, bool *mov)
{
	const cs_x86 *x = &in->detail->x86;
	unsigned width;

	*mov = (in->id == X86_INS_MOV || in->id == X86_INS_MOVABS) &&
	       x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
	       x->operands[1].type == X86_OP_IMM;
	if (*mov && (*r = gpr(x->operands[0].reg, &width)) >= 0 &&
	    width >= 4) {
		*v = width == 4 ? (uint32_t)x->operands[1].imm :
				  (uint64_t)x->operands[1].imm;
		return true;
	}
	*v = 0;
	return !*mov && in->id == X86_INS_XOR && x->op_count == 2 &&
	       x->operands[0].type == X86_OP_REG &&
	       x->operands[1].type == X86_OP_REG &&
	       x->operands[0].reg == x->operands[1].reg &&
	       (*r = gpr(x->operands[0].reg, &width)) >= 0 && width >= 4;
}

/* i386's cdecl: C's arguments are the words at esp when the call is
 * made, stored there (`movl $1, 4(%esp)`) or pushed (`push $1`). */
static void light_stack(struct light *l, const cs_insn *in, uint32_t w)
{
	const cs_x86 *x = &in->detail->x86;
	const cs_x86_op *o0 = &x->operands[0], *o1 = &x->operands[1];
	uint32_t args = l->known & (SP_ICALL_ARG(6) - SP_ICALL_ARG(0));

	if (in->id == X86_INS_PUSH) {
		l->known = (l->known & ~args) | ((args << 1) & ~SP_ICALL_ARG(6));
		memmove(l->args + 1, l->args, 5 * sizeof(*l->args));
		l->known &= ~SP_ICALL_ARG(0);
		if (o0->type == X86_OP_IMM) {
			l->known |= SP_ICALL_ARG(0);
			l->args[0] = (uint32_t)o0->imm;
		}
		return;
	}
	if (w & (1u << REG_RSP)) {
		l->known &= ~args;
		return;
	}
	for (uint8_t i = 0; i < x->op_count; i++) {
		const cs_x86_op *o = &x->operands[i];
		int64_t k;

		if (o->type != X86_OP_MEM || o->mem.base != X86_REG_ESP ||
		    !(o->access & CS_AC_WRITE))
			continue;
		/* Any write there forgets the words it covers. */
		for (k = 0; k < 6; k++)
			if (o->mem.disp < 4 * k + 4 && 4 * k < o->mem.disp + o->size)
				l->known &= ~SP_ICALL_ARG(k);
		k = o->mem.disp / 4;
		if (in->id == X86_INS_MOV && i == 0 && o->size == 4 &&
		    o->mem.index == X86_REG_INVALID && o->mem.disp % 4 == 0 &&
		    k >= 0 && k < 6 && x->op_count == 2 &&
		    o1->type == X86_OP_IMM) {
			l->known |= SP_ICALL_ARG(k);
			l->args[k] = (uint32_t)o1->imm;
		}
	}
}

/* Tracks rdi and rax (a mov of a number a syscall can have) and C's
 * arguments (any constant that fits 32 bits unsigned) across in, which
 * writes the registers in w. */
static void light_step(const struct isa *isa, struct light *l,
		       const cs_insn *in, uint32_t w)
{
	uint64_t v;
	bool mov, set;
	int r = -1;

	if (isa->cargs[0] < 0) {
		light_stack(l, in, w);
		return;
	}
	set = const_write(in, &r, &v, &mov);
	for (unsigned i = 0; i < 6; i++) {
		if (set && r == isa->cargs[i] && v <= UINT32_MAX) {
			l->known |= SP_ICALL_ARG(i);
			l->args[i] = (uint32_t)v;
		} else if (w & (1u << isa->cargs[i])) {
			l->known &= ~SP_ICALL_ARG(i);
		}
	}
	if (set && mov && (r == REG_RDI || r == REG_RAX) && v <= INT32_MAX) {
		if (r == REG_RDI) {
			l->known |= SP_ICALL_RDI;
			l->rdi = (int32_t)v;
		} else {
			l->known |= SP_ICALL_RAX;
			l->rax = (int32_t)v;
		}
		return;
	}
	if (w & (1u << REG_RDI))
		l->known &= ~SP_ICALL_RDI;
	if (w & (1u << REG_RAX))
		l->known &= ~SP_ICALL_RAX;
}

static int add_icall(struct scan *S, uint64_t at, int64_t name,
		     const struct light *l)
{
	struct sp_code_icall *o;
	uint64_t *a;

	if (name < 0)
		return name == -ENOMEM ? -ENOMEM : 0;
	o = sp_array_push(&S->icalls, &S->nicalls, &S->icalls_cap, sizeof(*o));
	a = o ? sp_array_push(&S->icall_at, &S->nicall_at, &S->icall_at_cap,
		     sizeof(*a)) :
		NULL;
	if (!a)
		return -ENOMEM;
	*o = (struct sp_code_icall){
		.name = (uint32_t)name,
		.known = l->known,
		.rdi = l->known & SP_ICALL_RDI ? l->rdi : 0,
		.rax = l->known & SP_ICALL_RAX ? l->rax : 0
	};
	for (unsigned i = 0; i < 6; i++)
		if (l->known & SP_ICALL_ARG(i))
			o->args[i] = l->args[i];
	*a = at;
	return 0;
}

/* The smallest GOT-relative displacement taken for one without knowing
 * the base register holds the GOT (mem_addr). */
#define SP_I386_GOTOFF_MIN 0x1000

static const struct sp_elf_section *data_section(const struct scan *S,
						 uint64_t a);

/* Whether in is a call to a PC thunk of i386's position-independent
 * code (`mov (%esp), %reg; ret`): the register it sets, else -1. */
static int thunk_reg(const struct scan *S, const cs_insn *in)
{
	const cs_x86_op *o = &in->detail->x86.operands[0];
	const uint8_t *b;

	if (S->isa->word != 4 || in->id != X86_INS_CALL ||
	    o->type != X86_OP_IMM ||
	    !(b = sp_elf_image_at(S->img, (uint64_t)o->imm, 4)) ||
	    b[0] != 0x8b || (b[1] & 0xc7) != 0x04 || b[2] != 0x24 ||
	    b[3] != 0xc3)
		return -1;
	return (b[1] >> 3) & 7;
}

/* Follows the registers that hold i386's GOT address across in. */
static void pic_step(struct scan *S, const cs_insn *in, bool call,
		     uint32_t w)
{
	const cs_x86 *x = &in->detail->x86;
	int t = thunk_reg(S, in), r;

	if (t >= 0) {
		S->pic &= ~(1u << t);
		S->thunk_reg = t;
		S->thunk_at = in->address + in->size;
		return;
	}
	if (S->thunk_reg >= 0 && in->id == X86_INS_ADD && x->op_count == 2 &&
	    x->operands[0].type == X86_OP_REG &&
	    gpr(x->operands[0].reg, NULL) == S->thunk_reg &&
	    x->operands[1].type == X86_OP_IMM) {
		if (S->got &&
		    (uint32_t)(S->thunk_at + (uint64_t)x->operands[1].imm) ==
			    S->got)
			S->pic |= 1u << S->thunk_reg;
		S->thunk_reg = -1;
		return;
	}
	if (S->thunk_reg >= 0 && (w & (1u << S->thunk_reg)))
		S->thunk_reg = -1;
	/* A pop restores the register an epilogue saved: code after a ret
	 * in the same function still has it. */
	r = in->id == X86_INS_POP && x->op_count == 1 &&
		    x->operands[0].type == X86_OP_REG ?
		    gpr(x->operands[0].reg, NULL) :
		    -1;
	if (r >= 0)
		w &= ~(1u << r);
	if (call)
		w |= S->isa->call_clobbers;
	S->pic &= ~w;
}

/* What a memory operand names, when the sweep knows it: x86_64's
 * rip-relative operands; i386's absolute ones (code that is not
 * position-independent) and those relative to a register holding the
 * GOT's address (in a PLT, ebx by the ABI).  *a the address; RAW_MEM
 * for the word there, RAW_LEA for the address itself (lea, or a table
 * indexed from it: `mov tab@GOTOFF(%ebx,%ecx,4), %eax`, whose every
 * entry may be read); -1: none. */
static int mem_addr(const struct scan *S, const struct sp_elf_section *sec,
		    const cs_insn *in, const cs_x86_op *op, uint64_t *a)
{
	bool indexed = op->mem.index != X86_REG_INVALID;
	int kind = in->id == X86_INS_LEA || indexed ? RAW_LEA : RAW_MEM;
	int r;

	if (op->type != X86_OP_MEM)
		return -1;
	if (S->isa->word == 8) {
		*a = in->address + in->size + (uint64_t)op->mem.disp;
		return op->mem.base == X86_REG_RIP && !indexed ? kind : -1;
	}
	if (op->mem.segment != X86_REG_INVALID)
		return -1;
	if (op->mem.base == X86_REG_INVALID) {
		*a = (uint32_t)op->mem.disp;
		/* An absolute table (`jmp *tab(,%eax,4)`), or a word. */
		return kind;
	}
	r = gpr(op->mem.base, NULL);
	*a = (uint32_t)(S->got + (uint64_t)op->mem.disp);
	if (!S->got || r < 0 || r == REG_RSP)
		return -1;
	if ((S->pic & (1u << r)) ||
	    (r == REG_RBX && strncmp(sec->name, ".plt", 4) == 0))
		return kind;
	/* A big function keeps the GOT's address in a stack slot and loads
	 * it into any register (`mov 0x3c(%esp), %edi; lea
	 * sym@GOTOFF(%edi), %eax`), which the sweep does not follow: an
	 * address computed at a displacement no structure's field has
	 * that lands in the file is taken for one: 4 KiB or more below the
	 * GOT (code, read-only data: no field is at a negative offset), or
	 * as far above it in writable data.  A wrong guess adds a
	 * reference (a wider closure), never loses one. */
	if (in->id != X86_INS_LEA || indexed)
		return -1;
	if (op->mem.disp <= -SP_I386_GOTOFF_MIN)
		return exec_section(S, *a) || data_section(S, *a) ? kind : -1;
	return op->mem.disp >= SP_I386_GOTOFF_MIN && data_section(S, *a) ?
		       kind :
		       -1;
}

/* One instruction of the sweep. */
static int sweep_insn(struct scan *S, const struct sp_elf_section *sec,
		      struct light *l)
{
	const cs_insn *in = S->in;
	const cs_x86 *x = &in->detail->x86;
	bool call = in_group(in, X86_GRP_CALL),
	     jump = in_group(in, X86_GRP_JUMP);
	int64_t callee = -1;
	uint32_t w = written(in);
	int ret = 0;

	if (is_syscall(S->isa, in)) {
		ret = add_raw(S, in->address, 0, RAW_SYSCALL, 0);
		/* Not a call for what follows: the vDSO keeps every
		 * register but eax. */
		call = false;
	}
	for (uint8_t i = 0; i < x->op_count && !ret; i++) {
		const cs_x86_op *op = &x->operands[i];
		int kind;
		uint64_t a;

		if ((kind = mem_addr(S, sec, in, op, &a)) < 0)
			continue;
		ret = add_raw(S, in->address, a, (enum raw_kind)kind,
			      op->size);
		if (!ret && (call || jump)) {
			callee = slot_name(S, a);
			if (callee == -ENOMEM)
				return -ENOMEM;
			/* A PLT entry: its one jump through its slot. */
			if (jump && !call &&
			    strncmp(sec->name, ".plt", 4) == 0) {
				uint64_t align = strcmp(sec->name, ".plt.got") ?
							 16 : 8;
				struct stub *st;

				if (callee < 0)
					break;
				st = sp_array_push(&S->stubs, &S->nstubs,
						   &S->stubs_cap, sizeof(*st));
				if (!st)
					return -ENOMEM;
				*st = (struct stub){ in->address & ~(align - 1),
						     (uint32_t)callee };
				callee = -1;
			}
		}
	}
	if (ret)
		return ret;
	if (S->isa->word == 4)
		pic_step(S, in, call, w);
	if ((call || jump) && x->op_count >= 1) {
		const cs_x86_op *op = &x->operands[0];

		if (op->type == X86_OP_IMM) {
			uint64_t to = (uint64_t)op->imm;
			enum raw_kind kind = RAW_JCC;

			if (call)
				kind = RAW_CALL;
			else if (in->id == X86_INS_JMP)
				kind = RAW_JMP;

			ret = add_raw(S, in->address, to, kind, 0);
			if (!ret && call)
				ret = add_start(S, to);
			if (!ret && in->id != X86_INS_JMP && !call)
				goto out;
			callee = stub_name(S, to);
			if (!ret && callee < 0) {
				struct lcall *lc = sp_array_push(
					&S->lcalls, &S->nlcalls,
					&S->lcalls_cap, sizeof(*lc));

				if (!lc)
					return -ENOMEM;
				lc->at = in->address;
				lc->known = l->known;
				memcpy(lc->args, l->args, sizeof(lc->args));
			}
		}
		if (!ret && callee >= 0)
			ret = add_icall(S, in->address, callee, l);
	}
out:
	if (call || jump || in_group(in, X86_GRP_RET))
		l->known = 0;
	else
		light_step(S->isa, l, in, w);
	return ret;
}

static int cmp_stub(const void *a, const void *b)
{
	const struct stub *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int sweep(struct scan *S)
{
	const struct sp_elf_image *img = S->img;
	size_t order[256], n = 0;

	/* Sections by address, so that the PLT (before .text) is known when
	 * .text calls it. */
	for (size_t i = 0; i < img->nsects && n < 256; i++)
		if (img->sects[i].exec && img->sects[i].data)
			order[n++] = i;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i;
		     j > 0 &&
		     img->sects[order[j]].addr < img->sects[order[j - 1]].addr;
		     j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t k = 0; k < n; k++) {
		const struct sp_elf_section *s = &img->sects[order[k]];
		const uint8_t *code = s->data;
		size_t size = (size_t)s->size;
		uint64_t addr = s->addr;
		struct light l = { 0 };
		int ret = add_start(S, s->addr);

		S->pic = 0;
		S->thunk_reg = -1;

		while (!ret && size) {
			if (!cs.disasm_iter(S->cs, &code, &size, &addr,
					    S->in)) {
				/* Data in code, or padding: resync a byte
				 * on. */
				code++;
				size--;
				addr++;
				l.known = 0;
				continue;
			}
			ret = sweep_insn(S, s, &l);
		}
		if (ret)
			return ret;
		if (strncmp(s->name, ".plt", 4) == 0 && S->nstubs)
			qsort(S->stubs, S->nstubs, sizeof(*S->stubs), cmp_stub);
	}
	return 0;
}

/* ---- regions, chunks, references ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The index of the last of n elements (size bytes, sorted by the
 * uint64_t start at offset) that starts at or below addr, plus one; 0 when
 * none does. */
static size_t upto(const void *base, size_t n, size_t size, size_t offset,
		   uint64_t addr)
{
	return addr == UINT64_MAX ?
		       n :
		       sp_array_lower_u64(base, n, size, offset, addr + 1);
}

long sp_code_region_at(const struct sp_code *c, uint64_t addr)
{
	size_t lo = upto(c->regions, c->nregions, sizeof(*c->regions),
			 offsetof(struct sp_code_region, start), addr);

	if (!lo || addr >= c->regions[lo - 1].end)
		return -1;
	return (long)lo - 1;
}

static long chunk_at(const struct sp_code *c, uint64_t addr)
{
	size_t lo = upto(c->chunks, c->nchunks, sizeof(*c->chunks),
			 offsetof(struct sp_code_chunk, start), addr);

	if (!lo || addr >= c->chunks[lo - 1].end)
		return -1;
	return (long)lo - 1;
}

static int collect_starts(struct scan *S)
{
	const struct sp_elf_image *img = S->img;
	int ret = 0;

	for (size_t i = 0; i < img->nsyms && !ret; i++)
		if (img->syms[i].defined && img->syms[i].kind <= SP_SYM_IFUNC)
			ret = add_start(S, img->syms[i].value);
	for (size_t i = 0; i < img->nfdes && !ret; i++)
		ret = add_start(S, img->fdes[i]);
	for (size_t i = 0; i < img->ninits && !ret; i++)
		ret = add_start(S, img->inits[i]);
	for (size_t i = 0; i < img->nrelocs && !ret; i++)
		if ((img->relocs[i].kind == SP_REL_ADDR ||
		     img->relocs[i].kind == SP_REL_IFUNC) &&
		    exec_section(S, img->relocs[i].value))
			ret = add_start(S, img->relocs[i].value);
	for (size_t i = 0; i < S->nraws && !ret; i++)
		if ((S->raws[i].kind == RAW_MEM ||
		     S->raws[i].kind == RAW_LEA) &&
		    exec_section(S, S->raws[i].to))
			ret = add_start(S, S->raws[i].to);
	/* Each PLT entry is a function of its own (a tail jump to one is
	 * no call, so its start may be known from nowhere else). */
	for (size_t i = 0; i < S->nstubs && !ret; i++)
		ret = add_start(S, S->stubs[i].start);
	if (!ret && img->entry)
		ret = add_start(S, img->entry);
	/* A function only tail-jumped to is known from nowhere else where
	 * .eh_frame_hdr's table is missing or partial (musl's libc.so is
	 * built without unwind tables but for its assembly; its
	 * __syscall_cp is `jmp __syscall_cp_c`): a direct jump whose target
	 * lies between other starts than its source leaves its function,
	 * so its target is a function's start.  Measured against the starts
	 * known before any is added this way. */
	if (!ret && S->nstarts) {
		size_t n = S->nstarts;

		qsort(S->starts, n, sizeof(*S->starts), cmp_u64);
		for (size_t i = 0; i < S->nraws && !ret; i++) {
			const struct raw *w = &S->raws[i];

			size_t at = sp_array_lower_u64(S->starts, n,
						       sizeof(*S->starts), 0,
						       w->to);
			uint64_t *o;

			/* Leaving its function, to no known start. */
			if (w->kind != RAW_JMP ||
			    (at < n && S->starts[at] == w->to) ||
			    sp_array_lower_u64(S->starts, n, sizeof(*S->starts),
					       0, w->from + 1) ==
				    sp_array_lower_u64(S->starts, n,
						       sizeof(*S->starts), 0,
						       w->to + 1))
				continue;
			ret = add_start(S, w->to);
			o = ret ? NULL :
				  sp_array_push(&S->cuts, &S->ncuts,
						&S->cuts_cap, sizeof(*o));
			if (!ret && !o)
				ret = -ENOMEM;
			if (o)
				*o = w->to;
		}
		if (S->ncuts)
			qsort(S->cuts, S->ncuts, sizeof(*S->cuts), cmp_u64);
	}
	return ret;
}

static unsigned underscores(const char *s)
{
	unsigned n = 0;

	while (s[n] == '_')
		n++;
	return n;
}

/* Whether a reads better than b as a function's name. */
static bool better_name(const char *a, const char *b)
{
	if (underscores(a) != underscores(b))
		return underscores(a) < underscores(b);
	if (strlen(a) != strlen(b))
		return strlen(a) < strlen(b);
	return strcmp(a, b) < 0;
}

/* Regions: from each start to the next, within its section. */
static int make_regions(struct scan *S)
{
	const struct sp_elf_symbol **best;
	struct sp_code *c = S->c;
	size_t n = 0;
	int ret = 0;

	if (S->nstarts)
		qsort(S->starts, S->nstarts, sizeof(*S->starts), cmp_u64);
	for (size_t i = 0, k = 0; i < S->nstarts; i++) {
		if (!k || S->starts[i] != S->starts[k - 1])
			S->starts[k++] = S->starts[i];
		if (i + 1 == S->nstarts)
			S->nstarts = k;
	}
	c->regions = calloc(S->nstarts ? S->nstarts : 1, sizeof(*c->regions));
	if (!c->regions)
		return -ENOMEM;
	for (size_t i = 0; i < S->nstarts; i++) {
		const struct sp_elf_section *s = exec_section(S, S->starts[i]);
		uint64_t end;

		if (!s)
			continue;
		end = s->addr + s->size;
		if (i + 1 < S->nstarts && S->starts[i + 1] < end)
			end = S->starts[i + 1];
		c->regions[n++] = (struct sp_code_region){
			.start = S->starts[i], .end = end,
			.name = SP_CODE_NONAME, .fwd = SP_LOC_NONE };
	}
	c->nregions = (uint32_t)n;
	/* Names: an exported one first, else .symtab's; among aliases the
	 * one a user would write (fewest leading underscores, then the
	 * shortest, then the first in order). */
	best = calloc(n ? n : 1, sizeof(*best));
	if (!best)
		return -ENOMEM;
	for (size_t i = 0; i < S->img->nsyms; i++) {
		const struct sp_elf_symbol *sym = &S->img->syms[i];
		long r;

		if (!sym->defined || sym->kind > SP_SYM_IFUNC)
			continue;
		r = sp_code_region_at(c, sym->value);
		if (r < 0 || c->regions[r].start != sym->value)
			continue;
		if (!best[r] || (sym->dynamic && !best[r]->dynamic) ||
		    (sym->dynamic == best[r]->dynamic &&
		     better_name(sym->name, best[r]->name)))
			best[r] = sym;
	}
	for (size_t r = 0; r < n && !ret; r++) {
		int64_t off;

		if (!best[r])
			continue;
		off = pool_add(&S->pool, best[r]->name);
		if (off < 0)
			ret = -ENOMEM;
		else
			c->regions[r].name = (uint32_t)off;
	}
	/* A PLT entry has no symbol: "acct@plt", as objdump says. */
	for (size_t i = 0; i < S->nstubs && !ret; i++) {
		long r = sp_code_region_at(c, S->stubs[i].start);
		char buf[512];
		int64_t off;

		if (r < 0 || c->regions[r].start != S->stubs[i].start ||
		    c->regions[r].name != SP_CODE_NONAME)
			continue;
		snprintf(buf, sizeof(buf), "%s@plt",
			 S->pool.buf + S->stubs[i].name);
		off = pool_add(&S->pool, buf);
		if (off < 0)
			ret = -ENOMEM;
		else
			c->regions[r].name = (uint32_t)off;
	}
	free(best);
	return ret;
}

static bool is_got(const struct sp_elf_section *s)
{
	return strncmp(s->name, ".got", 4) == 0;
}

static const struct sp_elf_section *data_section(const struct scan *S,
						 uint64_t a)
{
	for (size_t i = 0; i < S->img->nsects; i++) {
		const struct sp_elf_section *s = &S->img->sects[i];

		if (!s->exec && a >= s->addr && a - s->addr < s->size)
			return s;
	}
	return NULL;
}

/* Chunks: data between any two addresses something points to. */
static int make_chunks(struct scan *S)
{
	const struct sp_elf_image *img = S->img;
	struct sp_code *c = S->c;
	uint64_t *b = NULL;
	size_t nb = 0, cap = 0, n = 0;
	int ret = -ENOMEM;

#define BOUND(a)                                                          \
	do {                                                              \
		uint64_t *o_ = sp_array_push(&b, &nb, &cap, sizeof(*o_)); \
		if (!o_)                                                  \
			goto out;                                         \
		*o_ = (a);                                                \
	} while (0)
	for (size_t i = 0; i < img->nsects; i++) {
		if (img->sects[i].exec)
			continue;
		BOUND(img->sects[i].addr);
		BOUND(img->sects[i].addr + img->sects[i].size);
	}
	for (size_t i = 0; i < S->nraws; i++)
		if ((S->raws[i].kind == RAW_MEM ||
		     S->raws[i].kind == RAW_LEA) &&
		    data_section(S, S->raws[i].to))
			BOUND(S->raws[i].to);
	for (size_t i = 0; i < img->nrelocs; i++)
		if (img->relocs[i].kind == SP_REL_ADDR &&
		    data_section(S, img->relocs[i].value))
			BOUND(img->relocs[i].value);
	for (size_t i = 0; i < img->nsyms; i++) {
		const struct sp_elf_symbol *sym = &img->syms[i];

		if (sym->defined && sym->kind == SP_SYM_OBJECT &&
		    data_section(S, sym->value)) {
			BOUND(sym->value);
			BOUND(sym->value + sym->size);
		}
	}
#undef BOUND
	if (nb)
		qsort(b, nb, sizeof(*b), cmp_u64);
	c->chunks = calloc(nb ? nb : 1, sizeof(*c->chunks));
	if (!c->chunks)
		goto out;
	for (size_t i = 0; i + 1 < nb; i++) {
		const struct sp_elf_section *s = data_section(S, b[i]);

		if (b[i] == b[i + 1] || !s || b[i + 1] > s->addr + s->size)
			continue;
		c->chunks[n++] = (struct sp_code_chunk){ .start = b[i],
							 .end = b[i + 1] };
	}
	c->nchunks = (uint32_t)n;
	ret = 0;
out:
	free(b);
	return ret;
}

/* The reference for a pointer to address a, seen from region self (-1:
 * from data): code is a function pointer, data a chunk.  -1: none. */
static int64_t addr_ref(const struct scan *S, uint64_t a, long self)
{
	const struct sp_elf_section *s;
	long r;

	if (exec_section(S, a)) {
		r = sp_code_region_at(S->c, a);
		return r < 0 || r == self ? -1 :
					    (int64_t)SP_REF(SP_REF_TAKES, r);
	}
	s = data_section(S, a);
	if (!s || is_got(s) || (r = chunk_at(S->c, a)) < 0)
		return -1;
	return SP_REF(SP_REF_CHUNK, r);
}

/* The reference a relocation makes: its symbol, its resolver (IFUNC: the
 * function is what the resolver returns), or its address. */
static int64_t reloc_ref(struct scan *S, const struct sp_elf_reloc *rel,
			 long self)
{
	int64_t off;
	long r;

	switch (rel->kind) {
	case SP_REL_SYMBOL:
		off = pool_add(&S->pool, rel->sym);
		return off < 0 ? off : (int64_t)SP_REF(SP_REF_NAME, off);
	case SP_REL_IFUNC:
		r = sp_code_region_at(S->c, rel->value);
		return r < 0 || r == self ? -1 :
					    (int64_t)SP_REF(SP_REF_REGION, r);
	case SP_REL_ADDR:
		return addr_ref(S, rel->value, self);
	case SP_REL_TLS:
		break;
	}
	return -1;
}

static int push_ref(struct sp_code *c, size_t *cap, uint32_t ref)
{
	if (sp_array_grow(&c->refs, cap, (size_t)c->nrefs + 1,
			  sizeof(*c->refs)))
		return -ENOMEM;
	c->refs[c->nrefs++] = ref;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts refs[from..] and drops repeats. */
static void unique_refs(struct sp_code *c, uint32_t from)
{
	uint32_t n = c->nrefs - from, k = 0;

	/* (refs is NULL while there are none: qsort must not see it.) */
	if (n > 1)
		qsort(c->refs + from, n, sizeof(uint32_t), cmp_u32);
	for (uint32_t i = 0; i < n; i++)
		if (!k || c->refs[from + i] != c->refs[from + k - 1])
			c->refs[from + k++] = c->refs[from + i];
	c->nrefs = from + k;
}

/* A region's references, from the sweep's raw records (sorted by
 * address, as the sweep made them). */
/* Whether a tail jump added a start at a (collect_starts). */
static bool is_cut(const struct scan *S, uint64_t a)
{
	size_t i = sp_array_lower_u64(S->cuts, S->ncuts, sizeof(*S->cuts), 0,
				      a);

	return i < S->ncuts && S->cuts[i] == a;
}

/* The references of the relocated words wholly inside the bytes a
 * vector read w covers, other than its first (made by its caller). */
static int vector_refs(struct scan *S, const struct raw *w, long self,
		       size_t *cap)
{
	const struct sp_elf_image *img = S->img;
	size_t k = sp_array_lower_u64(img->relocs, img->nrelocs,
				      sizeof(*img->relocs),
				      offsetof(struct sp_elf_reloc, where),
				      w->to + 1);

	for (; k < img->nrelocs &&
	       img->relocs[k].where - w->to <= w->size - S->isa->word;
	     k++) {
		int64_t m = reloc_ref(S, &img->relocs[k], self);

		if (m == -ENOMEM)
			return -ENOMEM;
		if (m >= 0 && push_ref(S->c, cap, (uint32_t)m))
			return -ENOMEM;
	}
	return 0;
}

static int region_refs(struct scan *S, size_t *cap)
{
	struct sp_code *c = S->c;
	size_t i = 0;

	for (uint32_t r = 0; r < c->nregions; r++) {
		struct sp_code_region *reg = &c->regions[r];

		while (i < S->nraws && S->raws[i].from < reg->start)
			i++;
		reg->ref0 = c->nrefs;
		for (; i < S->nraws && S->raws[i].from < reg->end; i++) {
			const struct raw *w = &S->raws[i];
			const struct sp_elf_reloc *rel;
			int64_t ref = -1;
			long t;

			switch ((enum raw_kind)w->kind) {
			case RAW_CALL:
			case RAW_JMP:
			case RAW_JCC:
				t = sp_code_region_at(c, w->to);
				if (t >= 0 && t != (long)r)
					ref = SP_REF(SP_REF_REGION, t);
				break;
			case RAW_MEM:
				/* The word there is read (a GOT slot, a
				 * pointer): what its relocation writes. */
				rel = sp_elf_image_reloc(S->img, w->to);
				ref = rel ? reloc_ref(S, rel, (long)r) :
					    addr_ref(S, w->to, (long)r);
				/* A vector register reads the words after
				 * it too, each a pointer its relocation
				 * writes: a table of functions copied into
				 * a structure 16 or 32 bytes at a time
				 * (Ghostscript's file procedures by movdqa,
				 * whose second word, pwrite's, was lost).
				 * Every relocated word wholly inside the
				 * read, wherever it lies: a read that
				 * starts at one pointer of a packed
				 * structure covers another 12 bytes on. */
				if (w->size > S->isa->word &&
				    vector_refs(S, w, (long)r, cap))
					return -ENOMEM;
				break;
			case RAW_LEA:
				/* The address itself: code indexes from it (a
				 * table whose first entry is relocated is more
				 * than that entry); a GOT slot's, as read. */
				ref = addr_ref(S, w->to, (long)r);
				rel = ref < 0 ? sp_elf_image_reloc(S->img, w->to) :
						NULL;
				if (rel)
					ref = reloc_ref(S, rel, (long)r);
				break;
			case RAW_SYSCALL:
				break;
			}
			if (ref == -ENOMEM)
				return -ENOMEM;
			if (ref >= 0 && push_ref(c, cap, (uint32_t)ref))
				return -ENOMEM;
		}
		/* A start a tail jump added may lie inside a function
		 * whose code before it runs on into it: the region before
		 * leads there too (a function whose cold part jumps back
		 * into it mid-way, split there, keeps its second half). */
		if (r + 1 < c->nregions &&
		    c->regions[r + 1].start == reg->end &&
		    is_cut(S, reg->end) &&
		    push_ref(c, cap, SP_REF(SP_REF_REGION, r + 1)))
			return -ENOMEM;
		unique_refs(c, reg->ref0);
		reg->nrefs = c->nrefs - reg->ref0;
	}
	return 0;
}

/* A chunk's references: the relocations inside it. */
static int chunk_refs(struct scan *S, size_t *cap)
{
	const struct sp_elf_image *img = S->img;
	struct sp_code *c = S->c;
	size_t i = 0;

	for (uint32_t k = 0; k < c->nchunks; k++) {
		struct sp_code_chunk *ch = &c->chunks[k];

		while (i < img->nrelocs && img->relocs[i].where < ch->start)
			i++;
		ch->ref0 = c->nrefs;
		for (; i < img->nrelocs && img->relocs[i].where < ch->end;
		     i++) {
			int64_t ref = reloc_ref(S, &img->relocs[i], -1);

			if (ref == -ENOMEM)
				return -ENOMEM;
			/* IFUNC in data: a pointer to what the resolver
			 * returns, as good as taking its address. */
			if (ref >= 0 && SP_REF_KIND(ref) == SP_REF_REGION)
				ref = SP_REF(SP_REF_TAKES, SP_REF_INDEX(ref));
			if (ref >= 0 && push_ref(c, cap, (uint32_t)ref))
				return -ENOMEM;
		}
		unique_refs(c, ch->ref0);
		ch->nrefs = c->nrefs - ch->ref0;
	}
	return 0;
}

/* ---- thread-local guards ---- */

/* glibc runs __libc_thread_freeres at every thread's exit, which frees
 * the thread's Sun RPC state, and from there svc_unregister reaches
 * pmap_unset's sockets: every program creating a thread would get
 * socket, bind, connect, sendto...  The function that frees,
 * __rpc_thread_destroy, returns at once when its thread-local pointer is
 * NULL, and only the RPC functions set it.  So a region that begins by
 * loading a thread-local variable and returning when it is zero does
 * nothing, as far as the closure is concerned, until code that may set
 * the variable is reached: any other region that names it.  Sound when
 * every access goes through a GOT slot (initial-exec), which holds for a
 * variable of the file's own that no symbol names (no other file can
 * reach it), that starts zero, in a file that reaches none of its own
 * variables through __tls_get_addr; and when nothing jumps into the
 * region past its test. */

/* The thread-local variable the GOT slot at a holds the offset of, if it
 * is one a guard may test, else -1. */
static int64_t tls_private(const struct scan *S, uint64_t a)
{
	const struct sp_elf_image *img = S->img;
	const struct sp_elf_reloc *r = sp_elf_image_reloc(img, a);

	if (!r || r->kind != SP_REL_TLS || img->tls_dynamic ||
	    r->value < img->tls_init || r->value > INT64_MAX)
		return -1;
	for (size_t i = 0; i < img->nrelocs; i++)
		if (img->relocs[i].kind == SP_REL_TLS &&
		    img->relocs[i].value == r->value && img->relocs[i].sym)
			return -1;
	for (size_t i = 0; i < img->nsyms; i++) {
		const struct sp_elf_symbol *y = &img->syms[i];

		if (y->defined && y->kind == SP_SYM_OBJECT &&
		    r->value >= y->value &&
		    r->value - y->value < (y->size ? y->size : 1))
			return -1;
	}
	return (int64_t)r->value;
}

/* Whether the code at a runs to a ret with no call, jump or system call
 * on the way (an epilogue). */
static bool plain_return(struct scan *S, uint64_t a, uint64_t end)
{
	const uint8_t *code = sp_elf_image_at(S->img, a, end - a);
	size_t size = (size_t)(end - a);

	if (!code || a >= end)
		return false;
	for (int n = 0; n < 16; n++) {
		const cs_insn *in = S->in;

		if (!cs.disasm_iter(S->cs, &code, &size, &a, S->in))
			return false;
		if (in_group(in, X86_GRP_RET))
			return true;
		if (in_group(in, X86_GRP_CALL) || in_group(in, X86_GRP_JUMP) ||
		    in_group(in, X86_GRP_INT) || in->id == X86_INS_SYSCALL ||
		    in->id == X86_INS_HLT || in->id == X86_INS_UD2)
			return false;
	}
	return false;
}

/* The variable region reg tests at its entry, returning when it is
 * zero, or -1: before the test no call, jump or system call; the test of
 * the variable through %fs and a slot tls_private accepts (loaded in a
 * register, or compared in memory); the branch to the epilogue on zero
 * (je to it, or jne past it). */
static int64_t region_guard(struct scan *S, const struct sp_code_region *reg)
{
	const uint8_t *code =
		sp_elf_image_at(S->img, reg->start, reg->end - reg->start);
	size_t size = (size_t)(reg->end - reg->start);
	uint64_t addr = reg->start;
	int slot_r = -1, var_r = -1;
	int64_t var = -1;
	bool tested = false;

	if (!code)
		return -1;
	for (int n = 0; n < 24; n++) {
		const cs_insn *in = S->in;
		const cs_x86 *x = &in->detail->x86;
		uint32_t w;

		if (!cs.disasm_iter(S->cs, &code, &size, &addr, S->in))
			return -1;
		if (tested) {
			uint64_t to;

			if ((in->id != X86_INS_JE && in->id != X86_INS_JNE) ||
			    x->op_count != 1 || x->operands[0].type != X86_OP_IMM)
				return -1;
			to = (uint64_t)x->operands[0].imm;
			if (to <= reg->start || to >= reg->end)
				return -1;
			return plain_return(S, in->id == X86_INS_JE ? to : addr,
					    reg->end) ?
				       var :
				       -1;
		}
		if (in_group(in, X86_GRP_CALL) || in_group(in, X86_GRP_JUMP) ||
		    in_group(in, X86_GRP_RET) || in_group(in, X86_GRP_INT) ||
		    in->id == X86_INS_SYSCALL)
			return -1;
		w = written(in);
		if (in->id == X86_INS_MOV && x->op_count == 2 &&
		    x->operands[0].type == X86_OP_REG &&
		    x->operands[1].type == X86_OP_MEM &&
		    x->operands[1].size == 8) {
			const x86_op_mem *m = &x->operands[1].mem;
			int d = gpr(x->operands[0].reg, NULL);
			int64_t v;

			if (m->segment == X86_REG_INVALID &&
			    m->base == X86_REG_RIP &&
			    m->index == X86_REG_INVALID &&
			    (v = tls_private(S, addr + (uint64_t)m->disp)) >=
				    0) {
				slot_r = d;
				var = v;
				var_r = -1;
				continue;
			}
			if (m->segment == X86_REG_FS && slot_r >= 0 &&
			    gpr(m->base, NULL) == slot_r &&
			    m->index == X86_REG_INVALID && m->disp == 0) {
				var_r = d;
				if (var_r == slot_r)
					slot_r = -1;
				continue;
			}
		}
		/* cmp $0, %fs:(slot): the test without a load. */
		if (slot_r >= 0 && in->id == X86_INS_CMP && x->op_count == 2 &&
		    x->operands[0].type == X86_OP_MEM &&
		    x->operands[0].size == 8 &&
		    x->operands[0].mem.segment == X86_REG_FS &&
		    gpr(x->operands[0].mem.base, NULL) == slot_r &&
		    x->operands[0].mem.index == X86_REG_INVALID &&
		    x->operands[0].mem.disp == 0 &&
		    x->operands[1].type == X86_OP_IMM &&
		    x->operands[1].imm == 0) {
			tested = true;
			continue;
		}
		if (var_r >= 0 && x->op_count == 2 &&
		    x->operands[0].type == X86_OP_REG &&
		    gpr(x->operands[0].reg, NULL) == var_r &&
		    x->operands[0].size == 8 &&
		    ((in->id == X86_INS_TEST &&
		      x->operands[1].type == X86_OP_REG &&
		      x->operands[1].reg == x->operands[0].reg) ||
		     (in->id == X86_INS_CMP &&
		      x->operands[1].type == X86_OP_IMM &&
		      x->operands[1].imm == 0))) {
			tested = true;
			continue;
		}
		if (slot_r >= 0 && (w & (1u << slot_r)))
			slot_r = -1;
		if (var_r >= 0 && (w & (1u << var_r)))
			var_r = -1;
	}
	return -1;
}

/* Whether a direct jump from outside region r lands inside it, past its
 * start (then the guard does not stand for the code there). */
static bool entered_inside(const struct scan *S,
			   const struct sp_code_region *r)
{
	for (size_t i = 0; i < S->nraws; i++) {
		const struct raw *w = &S->raws[i];

		if ((w->kind == RAW_JMP || w->kind == RAW_JCC ||
		     w->kind == RAW_CALL) &&
		    w->to > r->start && w->to < r->end &&
		    (w->from < r->start || w->from >= r->end))
			return true;
	}
	return false;
}

/* A region naming a thread-local variable's slot. */
struct tls_ref {
	uint32_t region;
	uint64_t var;
};

struct tls_var {
	uint64_t off;
	uint32_t id;
};

/* The guarded regions, and every region naming a guard's variable
 * (sp_code_tlsuse, in region order as the raw records are). */
static int tls_guards(struct scan *S)
{
	struct sp_code *c = S->c;
	struct tls_ref *refs = NULL;
	struct tls_var *vars = NULL;
	size_t nrefs = 0, rcap = 0, nvars = 0, vcap = 0, nuses = 0, ucap = 0;
	uint32_t r = 0;
	int ret = -ENOMEM;

	if (S->img->tls_dynamic)
		return 0;
	for (size_t i = 0; i < S->nraws; i++) {
		const struct raw *w = &S->raws[i];
		const struct sp_elf_reloc *rel;
		struct tls_ref *o;

		if (w->kind != RAW_MEM && w->kind != RAW_LEA)
			continue;
		rel = sp_elf_image_reloc(S->img, w->to);
		if (!rel || rel->kind != SP_REL_TLS)
			continue;
		while (r < c->nregions && c->regions[r].end <= w->from)
			r++;
		if (r == c->nregions || w->from < c->regions[r].start)
			continue;
		o = sp_array_push(&refs, &nrefs, &rcap, sizeof(*o));
		if (!o)
			goto out;
		*o = (struct tls_ref){ r, rel->value };
	}
	/* Only a region naming a slot can be guarded (most name none: their
	 * starts need no second reading). */
	for (size_t i = 0; i < nrefs; i++) {
		const struct sp_code_region *g = &c->regions[refs[i].region];
		int64_t v;
		size_t k;

		if ((i && refs[i - 1].region == refs[i].region) ||
		    (v = region_guard(S, g)) < 0 || entered_inside(S, g))
			continue;
		for (k = 0; k < nvars && vars[k].off != (uint64_t)v; k++)
			;
		if (k == nvars) {
			struct tls_var *o = sp_array_push(&vars, &nvars, &vcap,
							  sizeof(*o));

			if (!o)
				goto out;
			*o = (struct tls_var){ (uint64_t)v, refs[i].region };
		}
		c->regions[refs[i].region].guard = vars[k].id + 1;
	}
	for (size_t i = 0; i < nrefs; i++)
		for (size_t k = 0; k < nvars; k++) {
			struct sp_code_tlsuse *u;

			if (vars[k].off != refs[i].var)
				continue;
			u = sp_array_push(&c->tlsuses, &nuses, &ucap,
					  sizeof(*u));
			if (!u)
				goto out;
			*u = (struct sp_code_tlsuse){ refs[i].region,
						      vars[k].id };
			c->ntlsuses = (uint32_t)nuses;
		}
	ret = 0;
out:
	free(refs);
	free(vars);
	return ret;
}

/* ---- data flow over one region ---- */

enum op_kind {
	O_OTHER,    /* writes the registers in .writes */
	O_MOVI,     /* dst = imm */
	O_MOVR,     /* dst = src */
	O_LOAD,     /* dst = [rsp + imm] */
	O_STORER,   /* [rsp + imm] = src */
	O_STOREI,   /* [rsp + imm] = target (the immediate) */
	O_STOREX,   /* [rsp + imm] = something */
	O_ZERO,     /* dst = 0 */
	O_PUSHR,
	O_PUSHI,
	O_PUSHM,    /* push [rsp + imm]: i386 code handing on its own
		       argument (`push 0x1c(%esp)`) */
	O_PUSHX,
	O_POP,
	O_SPADD,    /* rsp += imm */
	O_SPUNK,    /* rsp changes in a way not followed */
	O_SPALIGN,  /* rsp &= imm: a new frame, its offsets known */
	O_CALL,     /* target; O_ICALL: indirect */
	O_ICALL,
	O_JMP,      /* target; O_IJMP: indirect */
	O_IJMP,
	O_JCC,      /* target */
	O_END,      /* ret, hlt, ud2: no way on */
	O_SYSCALL,
	O_ADDI,     /* dst = src + imm (lea imm(src), add, sub) */
	O_SEXT,     /* dst = src's low 32 bits sign-extended (movsxd) */
	O_MOVLO,    /* dst's low width bytes (1 or 2) = imm, the rest kept */
};

struct op {
	uint64_t addr, target;
	int64_t imm;
	uint32_t writes;
	uint8_t kind, dst, src, width;
	bool stack_write;       /* O_OTHER that writes [rsp + imm] */
	bool pad;               /* nop or int3: alignment between code */
	bool noret;             /* O_CALL to a function that never returns */
	uint8_t zero;           /* O_OTHER `test %r,%r` (64 bits): 1 + r;
				   O_JCC: 'e' je, 'n' jne */
};

#define VMAX 4

enum vkind { V_UNK, V_CONST, V_ARG };

struct val {
	uint8_t kind, n;
	int16_t loc;            /* V_ARG: SP_LOC_* */
	uint64_t c[VMAX];       /* V_ARG: c[0], a constant added to it
				   (glibc's tcsetattr: TCSETS + its mode) */
};

#define NSLOTS 24

struct state {
	bool live, sp_known, lost;  /* lost: a slot store was dropped */
	uint8_t word;               /* a stack slot's bytes (struct isa) */
	int32_t sp;                 /* rsp - entry rsp */
	struct val r[16];
	uint8_t nslots;
	struct {
		int32_t off;
		struct val v;
	} slots[NSLOTS];
};

static struct val v_unk(void)
{
	return (struct val){ .kind = V_UNK };
}

static struct val v_const(uint64_t x)
{
	return (struct val){ .kind = V_CONST, .n = 1, .c = { x } };
}

static struct val v_arg(int loc)
{
	return (struct val){ .kind = V_ARG, .loc = (int16_t)loc };
}

static bool v_equal(const struct val *a, const struct val *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == V_ARG)
		return a->loc == b->loc && a->c[0] == b->c[0];
	if (a->kind == V_CONST) {
		if (a->n != b->n)
			return false;
		for (uint8_t i = 0; i < a->n; i++)
			if (a->c[i] != b->c[i])
				return false;
	}
	return true;
}

/* a joined with b (the values either path may bring). */
static struct val v_join(const struct val *a, const struct val *b)
{
	struct val r = *a;

	if (a->kind != b->kind || a->kind == V_UNK)
		return v_unk();
	if (a->kind == V_ARG)
		return v_equal(a, b) ? r : v_unk();
	for (uint8_t i = 0; i < b->n; i++) {
		bool have = false;

		for (uint8_t k = 0; k < r.n; k++)
			have |= r.c[k] == b->c[i];
		if (have)
			continue;
		if (r.n == VMAX)
			return v_unk();
		/* Sorted, so that equal sets compare equal. */
		uint8_t k = r.n;

		while (k && r.c[k - 1] > b->c[i]) {
			r.c[k] = r.c[k - 1];
			k--;
		}
		r.c[k] = b->c[i];
		r.n++;
	}
	return r;
}

static struct val v_trunc32(struct val v)
{
	if (v.kind == V_CONST)
		for (uint8_t i = 0; i < v.n; i++)
			v.c[i] &= UINT32_MAX;
	return v;
}

static int slot_find(const struct state *s, int32_t off)
{
	for (uint8_t i = 0; i < s->nslots; i++)
		if (s->slots[i].off == off)
			return i;
	return -1;
}

/* Forgets the slots [off, off + width) overlaps. */
static void slot_clobber(struct state *s, int32_t off, unsigned width)
{
	for (uint8_t i = 0; i < s->nslots;) {
		if (s->slots[i].off < off + (int32_t)width &&
		    off < s->slots[i].off + s->word) {
			s->slots[i] = s->slots[--s->nslots];
			continue;
		}
		i++;
	}
}

static void slot_set(struct state *s, int32_t off, unsigned width,
		     struct val v)
{
	slot_clobber(s, off, width);
	if (width < 4)
		return;
	if (s->nslots == NSLOTS) {
		s->lost = true;
		return;
	}
	s->slots[s->nslots].off = off;
	s->slots[s->nslots++].v = width == 4 ? v_trunc32(v) : v;
}

/* The word at rsp-relative offset off (from entry rsp): a slot written
 * here, or an argument the caller left above the return address. */
static struct val slot_get(const struct state *s, int32_t off)
{
	int i = slot_find(s, off);

	if (i >= 0)
		return s->slots[i].v;
	if (!s->lost && off >= s->word && off % s->word == 0 &&
	    off < s->word * 64)
		return v_arg(SP_LOC_STACK + off / s->word);
	return v_unk();
}

static void state_entry(struct state *s, uint8_t word)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
	s->live = true;
	s->sp_known = true;
	for (int i = 0; i < 16; i++)
		s->r[i] = v_arg(i);
}

static void state_unknown(struct state *s, uint8_t word)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
	s->live = true;
	s->lost = true;
}

/* dst joined with src; true when dst changed. */
static bool state_join(struct state *dst, const struct state *src)
{
	bool changed = false;

	if (!dst->live) {
		*dst = *src;
		return true;
	}
	for (int i = 0; i < 16; i++) {
		struct val v = v_join(&dst->r[i], &src->r[i]);

		if (!v_equal(&v, &dst->r[i])) {
			dst->r[i] = v;
			changed = true;
		}
	}
	if (dst->sp_known && (!src->sp_known || src->sp != dst->sp)) {
		dst->sp_known = false;
		changed = true;
	}
	if (src->lost && !dst->lost) {
		dst->lost = true;
		changed = true;
	}
	for (uint8_t i = 0; i < dst->nslots;) {
		int k = slot_find(src, dst->slots[i].off);
		struct val v;

		if (k < 0 || !dst->sp_known) {
			dst->slots[i] = dst->slots[--dst->nslots];
			changed = true;
			continue;
		}
		v = v_join(&dst->slots[i].v, &src->slots[k].v);
		if (!v_equal(&v, &dst->slots[i].v)) {
			dst->slots[i].v = v;
			changed = true;
		}
		i++;
	}
	return changed;
}

static void apply(struct state *s, const struct op *op)
{
	struct val v;
	uint64_t mask;

	switch ((enum op_kind)op->kind) {
	case O_MOVI:
		s->r[op->dst] = v_const(op->width == 4 ? (uint64_t)op->imm &
								 UINT32_MAX :
							 (uint64_t)op->imm);
		break;
	case O_MOVR:
		s->r[op->dst] = op->width == 4 ? v_trunc32(s->r[op->src]) :
						 s->r[op->src];
		break;
	case O_LOAD:
		s->r[op->dst] =
			!s->sp_known   ? v_unk() :
			op->width == 4 ? v_trunc32(slot_get(
						 s, s->sp + (int32_t)op->imm)) :
					 slot_get(s, s->sp + (int32_t)op->imm);
		break;
	case O_STORER:
	case O_STOREI:
	case O_STOREX:
		if (!s->sp_known)
			break;
		slot_set(s, s->sp + (int32_t)op->imm, op->width,
			 op->kind == O_STORER ? s->r[op->src] :
			 op->kind == O_STOREI ? v_const(op->target) :
						v_unk());
		break;
	case O_ZERO:
		s->r[op->dst] = v_const(0);
		break;
	case O_ADDI:
		v = s->r[op->src];
		for (uint8_t i = 0; v.kind == V_CONST && i < v.n; i++)
			v.c[i] += (uint64_t)op->imm;
		if (v.kind == V_ARG)
			v.c[0] += (uint64_t)op->imm;
		s->r[op->dst] = op->width == 4 ? v_trunc32(v) : v;
		break;
	case O_MOVLO:
		/* musl's __clone: `xor %eax,%eax; mov $56,%al`. */
		mask = op->width == 1 ? 0xff : 0xffff;
		v = s->r[op->dst];
		s->r[op->dst] = v_unk();
		for (uint8_t i = 0; v.kind == V_CONST && i < v.n; i++) {
			struct val c = v_const((v.c[i] & ~mask) |
					       ((uint64_t)op->imm & mask));

			s->r[op->dst] = i ? v_join(&s->r[op->dst], &c) : c;
		}
		break;
	case O_SEXT:
		v = s->r[op->src];
		for (uint8_t i = 0; v.kind == V_CONST && i < v.n; i++)
			v.c[i] = (uint64_t)(int64_t)(int32_t)v.c[i];
		/* A C argument of 32 bits: the same value to the kernel. */
		s->r[op->dst] = v;
		break;
	case O_PUSHR:
	case O_PUSHI:
	case O_PUSHM:
	case O_PUSHX:
		if (!s->sp_known)
			break;
		/* push [rsp + imm] reads before rsp moves. */
		v = op->kind == O_PUSHR ? s->r[op->src] :
		    op->kind == O_PUSHI ? v_const((uint64_t)op->imm) :
		    op->kind == O_PUSHM ? slot_get(s, s->sp + (int32_t)op->imm) :
					  v_unk();
		s->sp -= s->word;
		slot_set(s, s->sp, s->word, v);
		break;
	case O_POP:
		if (!s->sp_known) {
			s->r[op->dst] = v_unk();
			break;
		}
		s->r[op->dst] = slot_get(s, s->sp);
		s->sp += s->word;
		break;
	case O_SPADD:
		s->sp += (int32_t)op->imm;
		break;
	case O_SPUNK:
		s->sp_known = false;
		s->nslots = 0;
		s->lost = true;
		break;
	case O_SPALIGN:
		/* Where it lies from the entry is unknown, what is pushed
		 * and stored after it is not: an i386 main() realigns its
		 * stack before it pushes syscall()'s number.  Far below any
		 * slot the entry's offsets could name, nothing read from
		 * before (lost). */
		s->sp_known = true;
		s->sp = INT32_MIN / 2;
		s->nslots = 0;
		s->lost = true;
		break;
	case O_CALL:
	case O_ICALL:
	case O_SYSCALL:
	case O_OTHER:
		for (int i = 0; i < 16; i++)
			if (op->writes & (1u << i))
				s->r[i] = v_unk();
		break;
	case O_JMP:
	case O_IJMP:
	case O_JCC:
	case O_END:
		break;
	}
}

/* A memory operand [rsp + disp] (esp on i386): true and *disp. */
static bool rsp_mem(const struct isa *isa, const cs_x86_op *op, int64_t *disp)
{
	if (op->type != X86_OP_MEM || op->mem.base != isa->sp ||
	    op->mem.index != X86_REG_INVALID ||
	    op->mem.segment != X86_REG_INVALID)
		return false;
	*disp = op->mem.disp;
	return true;
}

/* `add $imm, %reg` (sign -1: sub) into op: O_ADDI. */
static bool add_imm(const struct isa *isa, const cs_x86 *x, int r0,
		    unsigned w0, int sign, struct op *op)
{
	(void)isa;
	if (r0 < 0 || r0 == REG_RSP || w0 < 4 || x->op_count != 2 ||
	    x->operands[1].type != X86_OP_IMM)
		return false;
	op->kind = O_ADDI;
	op->dst = op->src = (uint8_t)r0;
	op->imm = sign * x->operands[1].imm;
	return true;
}

/* `lea imm(%base), %reg`, no index, no segment, a general register
 * other than rsp as the base, into op: O_ADDI. */
static bool lea_add(const cs_x86 *x, int r0, unsigned w0, struct op *op)
{
	const cs_x86_op *m = &x->operands[1];
	unsigned wb = 0;
	int b;

	if (r0 < 0 || r0 == REG_RSP || w0 < 4 || x->op_count != 2 ||
	    m->type != X86_OP_MEM || m->mem.index != X86_REG_INVALID ||
	    m->mem.segment != X86_REG_INVALID ||
	    (b = gpr(m->mem.base, &wb)) < 0 || b == REG_RSP || wb < 4)
		return false;
	op->kind = O_ADDI;
	op->dst = (uint8_t)r0;
	op->src = (uint8_t)b;
	op->imm = m->mem.disp;
	return true;
}

/* op: what in does, in the ABI isa.  A call and a system call write
 * the registers the ABI lets them change. */
static void decode(const struct isa *isa, const cs_insn *in, struct op *op)
{
	const cs_x86 *x = &in->detail->x86;
	const cs_x86_op *o0 = &x->operands[0], *o1 = &x->operands[1];
	unsigned w0 = 0, w1 = 0;
	int r0 = x->op_count > 0 && o0->type == X86_OP_REG ? gpr(o0->reg, &w0) :
							     -1;
	int r1 = x->op_count > 1 && o1->type == X86_OP_REG ? gpr(o1->reg, &w1) :
							     -1;
	int64_t disp;

	memset(op, 0, sizeof(*op));
	op->addr = in->address;
	op->kind = O_OTHER;
	op->pad = in->id == X86_INS_NOP || in->id == X86_INS_INT3;
	op->writes = written(in);
	op->width = (uint8_t)w0;
	if (is_syscall(isa, in)) {
		op->kind = O_SYSCALL;
		op->writes = isa->syscall_clobbers;
		return;
	}
	if (in_group(in, X86_GRP_CALL) || in_group(in, X86_GRP_JUMP)) {
		bool direct = x->op_count >= 1 && o0->type == X86_OP_IMM;

		op->target = direct ? (uint64_t)o0->imm : 0;
		op->kind = in_group(in, X86_GRP_CALL) ?
				   (direct ? O_CALL : O_ICALL) :
			   in->id == X86_INS_JMP ? (direct ? O_JMP : O_IJMP) :
						   O_JCC;
		if (op->kind == O_CALL || op->kind == O_ICALL)
			op->writes = isa->call_clobbers;
		/* jcxz and loops without a target operand: no way to follow. */
		if (op->kind == O_JCC && !direct)
			op->kind = O_OTHER;
		if (op->kind == O_JCC)
			op->zero = in->id == X86_INS_JE  ? 'e' :
				   in->id == X86_INS_JNE ? 'n' :
							   0;
		return;
	}
	if (in_group(in, X86_GRP_RET) || in->id == X86_INS_HLT ||
	    in->id == X86_INS_UD2) {
		op->kind = O_END;
		return;
	}
	switch (in->id) {
	case X86_INS_MOV:
	case X86_INS_MOVABS:
		if (x->op_count != 2)
			break;
		if (r0 >= 0 && w0 < 4 && r0 != REG_RSP &&
		    o1->type == X86_OP_IMM && o0->reg != X86_REG_AH &&
		    o0->reg != X86_REG_BH && o0->reg != X86_REG_CH &&
		    o0->reg != X86_REG_DH) {
			op->kind = O_MOVLO;
			op->dst = (uint8_t)r0;
			op->imm = o1->imm;
			return;
		}
		if (r0 >= 0 && w0 >= 4 && r0 != REG_RSP) {
			op->dst = (uint8_t)r0;
			if (o1->type == X86_OP_IMM) {
				op->kind = O_MOVI;
				op->imm = o1->imm;
			} else if (r1 >= 0 && w1 == w0) {
				op->kind = O_MOVR;
				op->src = (uint8_t)r1;
			} else if (rsp_mem(isa, o1, &disp) && (w0 == 4 || w0 == 8)) {
				op->kind = O_LOAD;
				op->imm = disp;
			}
			return;
		}
		if (rsp_mem(isa, o0, &disp)) {
			op->imm = disp;
			op->width = o0->size;
			op->kind = O_STOREX;
			if (r1 >= 0 && w1 == o0->size) {
				op->kind = O_STORER;
				op->src = (uint8_t)r1;
			} else if (o1->type == X86_OP_IMM) {
				op->kind = O_STOREI;
				op->target = (uint64_t)o1->imm;
			}
			return;
		}
		break;
	case X86_INS_XOR:
	case X86_INS_SUB:
		if (r0 >= 0 && r0 == r1 && w0 >= 4 && r0 != REG_RSP) {
			op->kind = O_ZERO;
			op->dst = (uint8_t)r0;
			return;
		}
		if (r0 == REG_RSP && w0 == isa->word && x->op_count == 2 &&
		    o1->type == X86_OP_IMM && in->id == X86_INS_SUB) {
			op->kind = O_SPADD;
			op->imm = -o1->imm;
			return;
		}
		if (in->id == X86_INS_SUB && add_imm(isa, x, r0, w0, -1, op))
			return;
		break;
	case X86_INS_ADD:
		if (r0 == REG_RSP && w0 == isa->word && x->op_count == 2 &&
		    o1->type == X86_OP_IMM) {
			op->kind = O_SPADD;
			op->imm = o1->imm;
			return;
		}
		if (add_imm(isa, x, r0, w0, 1, op))
			return;
		break;
	case X86_INS_LEA:
		if (r0 == REG_RSP && rsp_mem(isa, o1, &disp)) {
			op->kind = O_SPADD;
			op->imm = disp;
			return;
		}
		if (lea_add(x, r0, w0, op))
			return;
		break;
	case X86_INS_MOVSXD:
		if (r0 >= 0 && r0 != REG_RSP && w0 == 8 && r1 >= 0 && w1 == 4) {
			op->kind = O_SEXT;
			op->dst = (uint8_t)r0;
			op->src = (uint8_t)r1;
			return;
		}
		break;
	case X86_INS_TEST:
		if (r0 >= 0 && r0 == r1 && w0 == 8)
			op->zero = (uint8_t)(1 + r0);
		break;
	case X86_INS_AND:
		if (r0 == REG_RSP && w0 == isa->word && x->op_count == 2 &&
		    o1->type == X86_OP_IMM) {
			op->kind = O_SPALIGN;
			return;
		}
		break;
	case X86_INS_PUSH:
		if (r0 >= 0 && w0 == isa->word) {
			op->kind = O_PUSHR;
			op->src = (uint8_t)r0;
		} else if (x->op_count == 1 && o0->type == X86_OP_IMM) {
			op->kind = O_PUSHI;
			op->imm = o0->imm;
		} else if (x->op_count == 1 && o0->size == isa->word &&
			   rsp_mem(isa, o0, &disp)) {
			op->kind = O_PUSHM;
			op->imm = disp;
		} else {
			op->kind = O_PUSHX;
		}
		return;
	case X86_INS_POP:
		if (r0 >= 0 && w0 == isa->word && r0 != REG_RSP) {
			op->kind = O_POP;
			op->dst = (uint8_t)r0;
			return;
		}
		break;
	default:
		break;
	}
	/* Anything else that moves rsp is not followed; a store anywhere on
	 * the stack forgets what it overwrites. */
	if (op->writes & (1u << REG_RSP)) {
		op->kind = O_SPUNK;
		return;
	}
	for (uint8_t i = 0; i < x->op_count; i++)
		if (rsp_mem(isa, &x->operands[i], &disp) &&
		    (x->operands[i].access & CS_AC_WRITE) &&
		    op->kind == O_OTHER) {
			op->imm = disp;
			op->width = x->operands[i].size;
			op->stack_write = true;
		}
}

/* Whether ops [from, to) are all padding. */
static bool only_pad(const struct op *ops, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (!ops[i].pad)
			return false;
	return true;
}

/*
 * Whether the function starting at target never returns to its caller
 * (musl's _Exit: exit_group, then exit in a loop; its _exit calls it):
 * its region has no `ret`, no jump through a pointer, no jump out of it
 * but to a function that never returns, and its last instruction but
 * for padding (a jump, hlt, ud2, a call to a function that never
 * returns) does not run on into the next region.  The code after a
 * call to it is another path: compilers lay a switch's next case there
 * (musl's posix_spawn child(): `call _exit`, then the case that makes
 * fchdir and runs on to the loop over the file actions, which lost its
 * dup2, close and open numbers, held in callee-saved registers, to the
 * error path's state).  Memoized per region; false when not known.
 */
static bool never_returns(struct scan *S, uint64_t target)
{
	long r = sp_code_region_at(S->c, target);
	const struct sp_code_region *g;
	const uint8_t *code;
	uint64_t addr, size;
	bool ends = false;

	if (r < 0 || S->c->regions[r].start != target)
		return false;
	if (!S->noret &&
	    !(S->noret = calloc(S->c->nregions + 1, sizeof(*S->noret))))
		return false;
	if (S->noret[r])
		return S->noret[r] == 2;
	S->noret[r] = 1;
	g = &S->c->regions[r];
	addr = g->start;
	size = g->end - g->start;
	code = sp_elf_image_at(S->img, g->start, size);
	if (!code)
		return false;
	while (size) {
		const cs_x86 *x;
		bool jump, call, direct;
		uint64_t to;
		unsigned id;

		if (!cs.disasm_iter(S->cs, &code, &size, &addr, S->in))
			return false;
		x = &S->in->detail->x86;
		id = S->in->id;
		if (in_group(S->in, X86_GRP_RET))
			return false;
		if (id == X86_INS_NOP || id == X86_INS_INT3)
			continue;
		jump = in_group(S->in, X86_GRP_JUMP);
		call = in_group(S->in, X86_GRP_CALL);
		direct = x->op_count >= 1 && x->operands[0].type == X86_OP_IMM;
		to = direct ? (uint64_t)x->operands[0].imm : 0;
		/* S->in is the callee's after these. */
		if (jump && (!direct || ((to < g->start || to >= g->end) &&
					 !never_returns(S, to))))
			return false;
		ends = (jump && id == X86_INS_JMP) || id == X86_INS_HLT ||
		       id == X86_INS_UD2 ||
		       (call && direct && to != g->start &&
			never_returns(S, to));
	}
	if (ends)
		S->noret[r] = 2;
	return ends;
}

/* A query point of the flow: called with the state before the op. */
typedef int (*flow_fn)(void *ctx, const struct op *op, const struct state *s);

static size_t op_index(const struct op *ops, size_t n, uint64_t addr)
{
	size_t lo = sp_array_lower_u64(ops, n, sizeof(*ops),
				       offsetof(struct op, addr), addr);

	return lo < n && ops[lo].addr == addr ? lo : SIZE_MAX;
}

static void step(struct state *s, const struct op *op)
{
	if (op->stack_write && s->sp_known)
		slot_clobber(s, s->sp + (int32_t)op->imm, op->width);
	apply(s, op);
}

/*
 * Runs the data flow over region [start, end) of the image to its fixed
 * point, then calls at() before each op for which want() is true.
 * Blocks start at the region's entry, at jump targets inside it, after
 * every branch and after a call to a function that never returns; a
 * block no path from the entry reaches (a switch's case: indirect jumps
 * are not followed) starts from the state at the region's indirect
 * jumps that the entry reaches, joined, else from an unknown state.  A
 * jump from outside into the region is no such path: its target is a
 * region start of its own (make_regions).  A compiler hoists numbers out
 * of a switch into callee-saved registers: musl's posix_spawn child()
 * sets %r14 to SYS_dup2 once, and the case reached by `jmp *%rax` makes
 * `mov %r14,%rax; syscall`.
 */
static int flow(struct scan *S, uint64_t start, uint64_t end,
		bool (*want)(void *ctx, const struct op *op), flow_fn at,
		void *ctx)
{
	const uint8_t *code = sp_elf_image_at(S->img, start, end - start);
	size_t size = (size_t)(end - start), n = 0, cap = 0, nblocks = 0;
	struct op *ops = NULL;
	uint32_t *block_of = NULL, *bstart = NULL, *work = NULL;
	struct state *in = NULL, cur, at_ijmp = { 0 };
	uint8_t *leader = NULL, *queued = NULL;
	uint64_t addr = start;
	int ret = -ENOMEM, thunk;
	bool ijmp = false;

	if (!code)
		return 0;
	while (size) {
		struct op *o;

		if (!cs.disasm_iter(S->cs, &code, &size, &addr, S->in)) {
			code++;
			size--;
			addr++;
			continue;
		}
		o = sp_array_push(&ops, &n, &cap, sizeof(*o));
		if (!o)
			goto out;
		decode(S->isa, S->in, o);
		/* i386's PC thunk sets its register alone: ioctl's number is
		 * in eax before `call __x86.get_pc_thunk.si`. */
		if (o->kind == O_CALL && (thunk = thunk_reg(S, S->in)) >= 0) {
			o->kind = O_OTHER;
			o->writes = 1u << thunk;
		}
	}
	if (!n) {
		ret = 0;
		goto out;
	}
	leader = calloc(n, 1);
	block_of = calloc(n, sizeof(*block_of));
	if (!leader || !block_of)
		goto out;
	leader[0] = 1;
	for (size_t i = 0; i < n; i++) {
		uint8_t k = ops[i].kind;

		if (k == O_JMP || k == O_JCC) {
			size_t t =
				ops[i].target >= start && ops[i].target < end ?
					op_index(ops, n, ops[i].target) :
					SIZE_MAX;

			if (t != SIZE_MAX)
				leader[t] = 1;
		}
		if (k == O_CALL && ops[i].target != start)
			ops[i].noret = never_returns(S, ops[i].target);
		if ((k == O_JMP || k == O_JCC || k == O_IJMP || k == O_END ||
		     ops[i].noret) &&
		    i + 1 < n)
			leader[i + 1] = 1;
	}
	for (size_t i = 0; i < n; i++)
		nblocks += leader[i];
	bstart = calloc(nblocks + 1, sizeof(*bstart));
	in = calloc(nblocks, sizeof(*in));
	work = calloc(nblocks, sizeof(*work));
	queued = calloc(nblocks, 1);
	if (!bstart || !in || !work || !queued)
		goto out;
	for (size_t i = 0, b = 0; i < n; i++) {
		if (leader[i])
			bstart[b++] = (uint32_t)i;
		block_of[i] = (uint32_t)(b - 1);
	}
	bstart[nblocks] = (uint32_t)n;
	for (size_t i = 0; i < n; i++)
		ijmp |= ops[i].kind == O_IJMP;
	state_entry(&in[0], S->isa->word);
	for (size_t seed = 0; seed < nblocks; seed++) {
		size_t nwork = 0;

		if (in[seed].live && seed)
			continue;
		/* Padding after a jump (`nopw` before the next target)
		 * that no path reaches runs into the block after it with
		 * nothing known: glibc's tcsetattr's request lost its
		 * "mode + TCSETS" that way.  Without an indirect jump
		 * in the region no path enters it. */
		if (!ijmp && only_pad(ops, bstart[seed], bstart[seed + 1]))
			continue;
		if (!in[seed].live && at_ijmp.live)
			in[seed] = at_ijmp;
		else if (!in[seed].live)
			state_unknown(&in[seed], S->isa->word);
		work[nwork++] = (uint32_t)seed;
		queued[seed] = 1;
		while (nwork) {
			uint32_t b = work[--nwork];
			const struct op *last = &ops[bstart[b + 1] - 1];
			size_t succ[2], nsucc = 0;

			queued[b] = 0;
			cur = in[b];
			for (uint32_t i = bstart[b]; i < bstart[b + 1]; i++)
				step(&cur, &ops[i]);
			if (last->kind == O_IJMP && !seed)
				state_join(&at_ijmp, &cur);
			if (last->kind == O_JMP || last->kind == O_JCC) {
				size_t t =
					last->target >= start &&
							last->target < end ?
						op_index(ops, n, last->target) :
						SIZE_MAX;

				if (t != SIZE_MAX)
					succ[nsucc++] = block_of[t];
			}
			if (last->kind != O_JMP && last->kind != O_IJMP &&
			    last->kind != O_END && !last->noret &&
			    b + 1 < nblocks)
				succ[nsucc++] = b + 1;
			for (size_t k = 0; k < nsucc; k++) {
				bool was = in[succ[k]].live;
				struct state edge = cur;
				const struct op *test = last - 1;

				/* `test %rax,%rax; je L`: rax is 0 at L
				 * (musl's __stdio_read makes read(2),
				 * number 0, so). */
				if (last->kind == O_JCC && last->zero &&
				    bstart[b + 1] - 1 > bstart[b] &&
				    test->kind == O_OTHER && test->zero &&
				    (k == 0) == (last->zero == 'e') &&
				    succ[0] != succ[nsucc - 1])
					edge.r[test->zero - 1] = v_const(0);
				if ((state_join(&in[succ[k]], &edge) || !was) &&
				    !queued[succ[k]]) {
					queued[succ[k]] = 1;
					work[nwork++] = (uint32_t)succ[k];
				}
			}
		}
	}
	ret = 0;
	for (size_t b = 0; b < nblocks && !ret; b++) {
		cur = in[b];
		for (uint32_t i = bstart[b]; i < bstart[b + 1] && !ret; i++) {
			if (want(ctx, &ops[i]))
				ret = at(ctx, &ops[i], &cur);
			step(&cur, &ops[i]);
		}
	}
out:
	free(ops);
	free(leader);
	free(block_of);
	free(bstart);
	free(in);
	free(work);
	free(queued);
	return ret;
}

/* ---- syscall numbers and forwarders ---- */

struct site_rec {
	uint32_t region;
	int64_t nr;
	uint64_t addr;
	uint64_t kept, passed;
	uint64_t args[SP_NARGS];
};

struct numbers {
	struct scan *S;
	uint32_t region;
	struct site_rec *sites;
	size_t nsites, cap;
	uint32_t *newfwd;         /* regions that became forwarders */
	size_t nnew, newcap;
	/* The forwarders this pass asks about: region starts, sorted. */
	const uint64_t *targets;
	size_t ntargets;
};

/* Which C argument of the function, if any, v is plus a constant
 * (1 + its index; the constant in *off). */
static unsigned carg_off(const struct isa *isa, const struct val *v,
			 uint64_t *off)
{
	*off = 0;
	for (unsigned j = 0; v->kind == V_ARG && j < 6; j++)
		if (v->loc == carg_loc(isa, j)) {
			*off = v->c[0];
			return j + 1;
		}
	return 0;
}

/* Which C argument of the function, if any, v is (1 + its index). */
static unsigned carg_of(const struct isa *isa, const struct val *v)
{
	uint64_t off;
	unsigned j = carg_off(isa, v, &off);

	return off ? 0 : j;
}

static bool want_syscall(void *ctx, const struct op *op)
{
	(void)ctx;
	return op->kind == O_SYSCALL;
}

static long forwarder_at(const struct numbers *N, uint64_t target)
{
	size_t lo = sp_array_lower_u64(N->targets, N->ntargets,
				       sizeof(*N->targets), 0, target);

	if (lo == N->ntargets || N->targets[lo] != target)
		return -1;
	return sp_code_region_at(N->S->c, target);
}

static bool want_forwarder_call(void *ctx, const struct op *op)
{
	return (op->kind == O_CALL || op->kind == O_JMP) &&
	       forwarder_at(ctx, op->target) >= 0;
}

/* What a value at a site means for the region: numbers, a forwarded
 * argument, or an unknown number.  s: the state at a syscall
 * instruction, for the arguments; NULL at a call to a forwarder. */
static int take(struct numbers *N, const struct val *v, uint64_t addr,
		const struct state *s)
{
	const struct isa *isa = N->S->isa;
	struct sp_code_region *r = &N->S->c->regions[N->region];

	if (v->kind == V_CONST) {
		struct site_rec site = { .region = N->region, .addr = addr };

		for (unsigned k = 0; s && k < SP_NARGS; k++) {
			const struct val *a = &s->r[isa->sysargs[k]];

			if (a->kind == V_CONST && a->n == 1) {
				site.args[k] = a->c[0];
				site.kept |= 1u << k;
			} else {
				/* args[k] holds what is added to it. */
				site.passed |= (uint64_t)carg_off(
						       isa, a, &site.args[k])
					       << (8 * k);
			}
		}
		for (uint8_t i = 0; i < v->n; i++) {
			struct site_rec *o = sp_array_push(
				&N->sites, &N->nsites, &N->cap, sizeof(*o));

			if (!o)
				return -ENOMEM;
			*o = site;
			o->nr = (int64_t)v->c[i];
		}
		return 0;
	}
	if (v->kind == V_ARG && v->loc != REG_RSP && !v->c[0]) {
		if (r->fwd == SP_LOC_NONE) {
			uint32_t *o;

			r->fwd = v->loc;
			o = sp_array_push(&N->newfwd, &N->nnew, &N->newcap,
					  sizeof(*o));
			if (!o)
				return -ENOMEM;
			*o = N->region;
		}
		return 0;
	}
	r->unresolved++;
	return 0;
}

static int at_syscall(void *ctx, const struct op *op, const struct state *s)
{
	return take(ctx, &s->r[REG_RAX], op->addr, s);	/* eax on i386 */
}

/* At a call (or tail jump) op, in state s: the value the callee finds
 * at its entry location loc (SP_LOC_*). */
static struct val at_entry_of(const struct op *op, const struct state *s,
			      int32_t loc)
{
	/* The callee's entry rsp: ours less the return address a call
	 * pushes; the same for a tail jump. */
	int32_t entry = s->sp - (op->kind == O_CALL || op->kind == O_ICALL ?
					 s->word : 0);

	if (loc < SP_LOC_STACK)
		return s->r[loc];
	if (!s->sp_known)
		return v_unk();
	return slot_get(s, entry + s->word * (loc - SP_LOC_STACK));
}

/* At a call (or tail jump) to a forwarder: the caller's value of the
 * location the forwarder reads. */
static int at_forwarder_call(void *ctx, const struct op *op,
			     const struct state *s)
{
	struct numbers *N = ctx;
	long f = forwarder_at(N, op->target);
	struct val v = at_entry_of(op, s, N->S->c->regions[f].fwd);

	return take(N, &v, op->addr, NULL);
}

static int cmp_site(const void *a, const void *b)
{
	const struct site_rec *x = a, *y = b;

	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int cmp_raw_to(const void *a, const void *b)
{
	const struct raw *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->from < y->from ? -1 : x->from > y->from;
}

/* A wrapper's direct callers (pthread_setname_np calling prctl with
 * PR_SET_NAME inside libc): the sites of the wrappers called, with the
 * arguments they pass on taken from the caller where it holds constants,
 * become sites of the caller.  A caller that passes on its own argument
 * in turn (a static program's helper around ioctl) is a wrapper too:
 * its callers are asked the same, up to SP_PASS_DEPTH levels. */
struct wrappers {
	struct numbers *N;
	struct site_rec *sites;     /* the wrappers' sites, by region */
	size_t nsites;
	uint64_t *targets;          /* the wrappers' starts, sorted */
	size_t ntargets;
};

static bool want_wrapper_call(void *ctx, const struct op *op)
{
	const struct wrappers *W = ctx;
	size_t lo;

	if (op->kind != O_CALL && op->kind != O_JMP)
		return false;
	lo = sp_array_lower_u64(W->targets, W->ntargets, sizeof(*W->targets),
				0, op->target);
	return lo < W->ntargets && W->targets[lo] == op->target;
}

static int at_wrapper_call(void *ctx, const struct op *op,
			   const struct state *s)
{
	const struct wrappers *W = ctx;
	struct numbers *N = W->N;
	long w = sp_code_region_at(N->S->c, op->target);
	const struct sp_code_region *r = &N->S->c->regions[N->region];

	for (size_t i = 0; i < W->nsites; i++) {
		struct site_rec site = W->sites[i];
		uint64_t taken = 0, passes = 0;

		if (site.region != (uint32_t)w)
			continue;
		for (unsigned k = 0; k < SP_NARGS; k++) {
			unsigned from = (unsigned)(site.passed >> (8 * k)) & 0xff;
			struct val a;

			if (!from || from > 6)
				continue;
			a = at_entry_of(op, s, carg_loc(N->S->isa, from - 1));
			if (a.kind == V_CONST && a.n == 1) {
				/* The constant the wrapper adds to it. */
				site.args[k] += a.c[0];
				site.kept |= 1u << k;
				taken |= 1ull << (SP_SITE_CALLER_SHIFT + k);
			}
			/* Helpers are small (SP_PASS_BYTES). */
			if (r->end - r->start <= SP_PASS_BYTES)
				passes |= (uint64_t)carg_of(N->S->isa, &a)
					  << (8 * k);
		}
		if (taken || passes) {
			struct site_rec *o = sp_array_push(
				&N->sites, &N->nsites, &N->cap, sizeof(*o));

			if (!o)
				return -ENOMEM;
			site.region = N->region;
			site.addr = op->addr;
			/* The constants callers below gave stay theirs. */
			site.passed = SP_SITE_AT_CALL | taken | passes |
				      (site.passed & (0x3full
						      << SP_SITE_CALLER_SHIFT));
			*o = site;
		}
	}
	return 0;
}

static int wrapper_level(struct numbers *N, struct wrappers *Wp,
			 size_t *scap, size_t *tcap, size_t from,
			 const struct raw *calls, size_t ncalls,
			 uint32_t *done, unsigned level);

static int wrapper_callers(struct numbers *N, const struct raw *calls,
			   size_t ncalls)
{
	struct sp_code *c = N->S->c;
	struct wrappers W = { .N = N };
	uint32_t *done = NULL;
	size_t scap = 0, tcap = 0, from = 0;
	int ret = 0;

	done = calloc(c->nregions ? c->nregions : 1, sizeof(*done));
	if (!done)
		return -ENOMEM;
	for (unsigned level = 1; level <= SP_PASS_DEPTH && !ret; level++) {
		size_t upto = N->nsites;

		W.nsites = W.ntargets = 0;
		ret = wrapper_level(N, &W, &scap, &tcap, from, calls, ncalls,
				    done, level);
		from = upto;
		if (!W.nsites)
			break;
	}
	free(done);
	free(W.sites);
	free(W.targets);
	return ret;
}

/* One level of wrapper_callers: the callers of the sites from on that
 * pass on an argument, each caller once per level. */
static int wrapper_level(struct numbers *N, struct wrappers *Wp,
			 size_t *scap, size_t *tcap, size_t from,
			 const struct raw *calls, size_t ncalls,
			 uint32_t *done, unsigned level)
{
	struct sp_code *c = N->S->c;
	struct wrappers W = *Wp;
	long last = -1;
	int ret = 0;

	for (size_t i = from; i < N->nsites; i++) {
		struct site_rec *o;

		if (!SP_SITE_PASSES(&N->sites[i]))
			continue;
		o = sp_array_push(&W.sites, &W.nsites, scap, sizeof(*o));
		if (!o) {
			ret = -ENOMEM;
			goto out;
		}
		*o = N->sites[i];
		if ((long)o->region != last) {
			uint64_t *t = sp_array_push(&W.targets, &W.ntargets,
						    tcap, sizeof(*t));

			if (!t) {
				ret = -ENOMEM;
				goto out;
			}
			*t = c->regions[o->region].start;
			last = o->region;
		}
	}
	if (!W.ntargets)
		goto out;
	qsort(W.targets, W.ntargets, sizeof(*W.targets), cmp_u64);
	/* Each caller once (its flow sees its calls to every wrapper). */
	for (size_t t = 0; t < W.ntargets && !ret; t++) {
		size_t lo = sp_array_lower_u64(calls, ncalls, sizeof(*calls),
					       offsetof(struct raw, to),
					       W.targets[t]);

		for (; lo < ncalls && calls[lo].to == W.targets[t] && !ret;
		     lo++) {
			long r = sp_code_region_at(c, calls[lo].from);

			if (r < 0 || done[r] == level)
				continue;
			done[r] = level;
			N->region = (uint32_t)r;
			ret = flow(N->S, c->regions[r].start, c->regions[r].end,
				   want_wrapper_call, at_wrapper_call, &W);
		}
	}
out:
	*Wp = W;
	return ret;
}

static int passes(struct scan *S, const struct raw *calls, size_t ncalls);

/* Syscall numbers at every syscall instruction, then at the calls to
 * each new forwarder, until no region becomes one. */
static int numbers(struct scan *S)
{
	struct sp_code *c = S->c;
	struct numbers N = { .S = S };
	struct raw *calls = NULL;
	uint64_t *targets = NULL;
	size_t ncalls = 0;
	uint32_t *done = NULL;
	long last = -1;
	int ret = 0;

	for (size_t i = 0; i < S->nraws && !ret; i++) {
		long r;

		if (S->raws[i].kind != RAW_SYSCALL)
			continue;
		r = sp_code_region_at(c, S->raws[i].from);
		if (r < 0 || r == last)
			continue;
		last = r;
		N.region = (uint32_t)r;
		ret = flow(S, c->regions[r].start, c->regions[r].end,
			   want_syscall, at_syscall, &N);
	}
	/* The direct calls and jumps, by target. */
	calls = ret ? NULL : malloc((S->nraws ? S->nraws : 1) * sizeof(*calls));
	done = ret ? NULL :
		     calloc(c->nregions ? c->nregions : 1, sizeof(*done));
	if (!ret && (!calls || !done))
		ret = -ENOMEM;
	for (size_t i = 0; !ret && i < S->nraws; i++)
		if (S->raws[i].kind == RAW_CALL || S->raws[i].kind == RAW_JMP)
			calls[ncalls++] = S->raws[i];
	if (!ret && ncalls)
		qsort(calls, ncalls, sizeof(*calls), cmp_raw_to);
	for (unsigned round = 1; !ret && N.nnew; round++) {
		uint32_t *fwd = N.newfwd;
		size_t nfwd = N.nnew;
		uint32_t *callers = NULL;
		size_t ncallers = 0, ccap = 0;

		N.newfwd = NULL;
		N.nnew = N.newcap = 0;
		free(targets);
		targets = malloc(nfwd * sizeof(*targets));
		if (!targets) {
			free(fwd);
			ret = -ENOMEM;
			break;
		}
		for (size_t k = 0; k < nfwd; k++)
			targets[k] = c->regions[fwd[k]].start;
		qsort(targets, nfwd, sizeof(*targets), cmp_u64);
		N.targets = targets;
		N.ntargets = nfwd;
		/* The regions that call one of them, each once per round. */
		for (size_t k = 0; k < nfwd && !ret; k++) {
			uint64_t to = c->regions[fwd[k]].start;
			size_t lo = sp_array_lower_u64(calls, ncalls,
						       sizeof(*calls),
						       offsetof(struct raw, to),
						       to);

			for (; lo < ncalls && calls[lo].to == to; lo++) {
				long r = sp_code_region_at(c, calls[lo].from);
				uint32_t *o;

				if (r < 0 || done[r] == round)
					continue;
				done[r] = round;
				o = sp_array_push(&callers, &ncallers, &ccap,
						  sizeof(*o));
				if (!o) {
					ret = -ENOMEM;
					break;
				}
				*o = (uint32_t)r;
			}
		}
		for (size_t k = 0; k < ncallers && !ret; k++) {
			N.region = callers[k];
			ret = flow(S, c->regions[callers[k]].start,
				   c->regions[callers[k]].end,
				   want_forwarder_call, at_forwarder_call, &N);
		}
		free(callers);
		free(fwd);
	}
	if (!ret)
		ret = wrapper_callers(&N, calls, ncalls);
	if (!ret)
		ret = passes(S, calls, ncalls);
	if (!ret && N.nsites) {
		qsort(N.sites, N.nsites, sizeof(*N.sites), cmp_site);
		c->sites = calloc(N.nsites, sizeof(*c->sites));
		if (!c->sites)
			ret = -ENOMEM;
	}
	for (size_t i = 0; !ret && i < N.nsites; i++) {
		struct sp_code_region *r = &c->regions[N.sites[i].region];
		struct sp_code_site *o = &c->sites[c->nsites];

		if (!r->nsites)
			r->site0 = c->nsites;
		r->nsites++;
		c->nsites++;
		o->nr = N.sites[i].nr;
		o->addr = N.sites[i].addr;
		o->kept = N.sites[i].kept;
		o->passed = N.sites[i].passed;
		memcpy(o->args, N.sites[i].args, sizeof(o->args));
	}
	free(N.sites);
	free(N.newfwd);
	free(calls);
	free(targets);
	free(done);
	return ret;
}

/* ---- arguments passed through to import calls ---- */

/* A function that hands one of its own C arguments unchanged to an
 * import call (OpenSSL's BIO_socket_ioctl(fd, type, arg) calling
 * ioctl(fd, type, arg)) passes on its callers' constants: its callers in
 * the same file get an import call of their own with them
 * (BIO_socket_nbio's FIONBIO), or pass on their own argument in turn,
 * up to SP_PASS_DEPTH levels (a cycle ends there).  What a wrapper
 * makes of them is known where the import binds (tracer/static.c).
 * A bigger caller than SP_PASS_BYTES: its constants are the light
 * scan's at its call. */

struct passes {
	struct scan *S;
	/* The import calls asked about (indices into S->icalls), sorted
	 * by address (which arguments pass through) or by region (whose
	 * callers take them). */
	uint32_t *ask;
	size_t nask;
	uint32_t *next;         /* calls made this round that pass on */
	size_t nnext, nextcap;
};

static uint64_t icall_at(const struct passes *P, uint32_t i)
{
	return P->S->icall_at[i];
}

static const struct passes *sort_passes;

static int cmp_ask_at(const void *a, const void *b)
{
	uint64_t x = icall_at(sort_passes, *(const uint32_t *)a),
		 y = icall_at(sort_passes, *(const uint32_t *)b);

	return x < y ? -1 : x > y;
}

static int cmp_ask_region(const void *a, const void *b)
{
	const struct sp_code_icall *ic = sort_passes->S->icalls;
	uint32_t x = ic[*(const uint32_t *)a].region,
		 y = ic[*(const uint32_t *)b].region;

	return x < y ? -1 : x > y;
}

/* The first of the asked calls at address a. */
static size_t ask_at(const struct passes *P, uint64_t a)
{
	size_t lo = 0, hi = P->nask;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (icall_at(P, P->ask[mid]) < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first of the asked calls in region r. */
static size_t ask_in(const struct passes *P, uint32_t r)
{
	size_t lo = 0, hi = P->nask;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (P->S->icalls[P->ask[mid]].region < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Import call i passes on its function's argument: its callers are
 * asked next. */
static int pass_on(struct passes *P, uint32_t i)
{
	uint32_t *o = sp_array_push(&P->next, &P->nnext, &P->nextcap,
				    sizeof(*o));

	if (!o)
		return -ENOMEM;
	*o = i;
	return 0;
}

static bool want_asked_call(void *ctx, const struct op *op)
{
	const struct passes *P = ctx;
	size_t i = ask_at(P, op->addr);

	return i < P->nask && icall_at(P, P->ask[i]) == op->addr;
}

/* At an import call: the arguments that are the function's own. */
static int at_asked_call(void *ctx, const struct op *op,
			 const struct state *s)
{
	struct passes *P = ctx;

	for (size_t i = ask_at(P, op->addr);
	     i < P->nask && icall_at(P, P->ask[i]) == op->addr; i++) {
		struct sp_code_icall *ic = &P->S->icalls[P->ask[i]];

		for (unsigned k = 0; k < 6; k++) {
			struct val v;

			if (ic->known & SP_ICALL_ARG(k))
				continue;
			v = at_entry_of(op, s, carg_loc(P->S->isa, k));
			ic->passed |= carg_of(P->S->isa, &v) << (4 * k);
		}
		if (ic->passed && pass_on(P, P->ask[i]))
			return -ENOMEM;
	}
	return 0;
}

static bool want_passing_call(void *ctx, const struct op *op)
{
	const struct passes *P = ctx;
	long r;
	size_t i;

	if (op->kind != O_CALL && op->kind != O_JMP)
		return false;
	r = sp_code_region_at(P->S->c, op->target);
	if (r < 0 || P->S->c->regions[r].start != op->target)
		return false;
	i = ask_in(P, (uint32_t)r);
	return i < P->nask && P->S->icalls[P->ask[i]].region == (uint32_t)r;
}

/* A call at address at to region r, which passes on its arguments:
 * v[j], what the callee finds in its C argument j, makes an import call
 * of the caller's where a constant lands on an argument passed on, and
 * one that passes on the caller's own argument in turn. */
static int derive(struct passes *P, uint32_t r, uint64_t at,
		  const struct val *v)
{
	struct scan *S = P->S;

	for (size_t i = ask_in(P, r);
	     i < P->nask && S->icalls[P->ask[i]].region == r; i++) {
		struct sp_code_icall d = S->icalls[P->ask[i]];
		bool took = false;

		d.passed = 0;
		for (unsigned k = 0; k < 6; k++) {
			unsigned from =
				SP_ICALL_PASSED(&S->icalls[P->ask[i]], k);
			const struct val *a = &v[from ? from - 1 : 0];

			if (!from || from > 6)
				continue;
			if (a->kind == V_CONST && a->n == 1 &&
			    a->c[0] <= UINT32_MAX) {
				d.known |= SP_ICALL_ARG(k);
				d.args[k] = (uint32_t)a->c[0];
				took = true;
				/* syscall()'s number, as the light scan
				 * keeps it. */
				if (carg_loc(S->isa, k) == SP_LOC_RDI &&
				    a->c[0] <= INT32_MAX) {
					d.known |= SP_ICALL_RDI;
					d.rdi = (int32_t)a->c[0];
				}
			}
			d.passed |= carg_of(S->isa, a) << (4 * k);
		}
		if (took || d.passed) {
			struct sp_code_icall *o = sp_array_push(
				&S->icalls, &S->nicalls, &S->icalls_cap,
				sizeof(*o));
			uint64_t *a = o ? sp_array_push(&S->icall_at,
							&S->nicall_at,
							&S->icall_at_cap,
							sizeof(*a)) :
					  NULL;

			if (!a)
				return -ENOMEM;
			*o = d;
			*a = at;
			if (d.passed &&
			    pass_on(P, (uint32_t)(S->nicalls - 1)))
				return -ENOMEM;
		}
	}
	return 0;
}

/* In a caller small enough to be a helper itself: the data flow. */
static int at_passing_call(void *ctx, const struct op *op,
			   const struct state *s)
{
	struct passes *P = ctx;
	struct val v[6];

	for (unsigned j = 0; j < 6; j++)
		v[j] = at_entry_of(op, s, carg_loc(P->S->isa, j));
	return derive(P, (uint32_t)sp_code_region_at(P->S->c, op->target),
		      op->addr, v);
}

/* In a bigger caller: the constants the light scan saw at the call (its
 * own arguments are not followed). */
static int light_passing_call(struct passes *P, uint32_t r, uint64_t at)
{
	const struct scan *S = P->S;
	size_t i = sp_array_lower_u64(S->lcalls, S->nlcalls,
				      sizeof(*S->lcalls),
				      offsetof(struct lcall, at), at);
	struct val v[6];

	if (i == S->nlcalls || S->lcalls[i].at != at)
		return 0;
	for (unsigned j = 0; j < 6; j++)
		v[j] = S->lcalls[i].known & SP_ICALL_ARG(j) ?
			       v_const(S->lcalls[i].args[j]) :
			       v_unk();
	return derive(P, r, at, v);
}

static int passes(struct scan *S, const struct raw *calls, size_t ncalls)
{
	struct sp_code *c = S->c;
	struct passes P = { .S = S };
	uint32_t *done = NULL;
	size_t n = S->nicalls;
	int ret = 0;

	if (S->nlcalls)
		qsort(S->lcalls, S->nlcalls, sizeof(*S->lcalls), cmp_u64);
	/* Which arguments each import call takes from its function's. */
	P.ask = malloc((n ? n : 1) * sizeof(*P.ask));
	done = calloc(c->nregions ? c->nregions : 1, sizeof(*done));
	if (!P.ask || !done) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		long r = sp_code_region_at(c, S->icall_at[i]);

		S->icalls[i].passed = 0;
		if (r < 0 ||
		    c->regions[r].end - c->regions[r].start > SP_PASS_BYTES ||
		    (S->icalls[i].known & (SP_ICALL_ARG(6) -
					   SP_ICALL_ARG(0))) ==
			    SP_ICALL_ARG(6) - SP_ICALL_ARG(0))
			continue;
		S->icalls[i].region = (uint32_t)r;
		P.ask[P.nask++] = (uint32_t)i;
	}
	sort_passes = &P;
	qsort(P.ask, P.nask, sizeof(*P.ask), cmp_ask_at);
	for (size_t i = 0; i < P.nask && !ret; i++) {
		uint32_t r = S->icalls[P.ask[i]].region;

		if (done[r])
			continue;
		done[r] = 1;
		ret = flow(S, c->regions[r].start, c->regions[r].end,
			   want_asked_call, at_asked_call, &P);
	}
	/* Then their callers, level by level. */
	for (unsigned level = 1; level <= SP_PASS_DEPTH && !ret && P.nnext;
	     level++) {
		free(P.ask);
		P.ask = P.next;
		P.nask = P.nnext;
		P.next = NULL;
		P.nnext = P.nextcap = 0;
		for (size_t i = 0; i < P.nask; i++)
			S->icalls[P.ask[i]].region = (uint32_t)sp_code_region_at(
				c, S->icall_at[P.ask[i]]);
		sort_passes = &P;
		qsort(P.ask, P.nask, sizeof(*P.ask), cmp_ask_region);
		for (size_t i = 0; i < P.nask && !ret; i++) {
			uint64_t to = c->regions[S->icalls[P.ask[i]].region]
					      .start;

			/* Each function once: its callers take all its
			 * calls that pass on. */
			if (i && S->icalls[P.ask[i - 1]].region ==
					 S->icalls[P.ask[i]].region)
				continue;
			size_t lo = sp_array_lower_u64(calls, ncalls,
						       sizeof(*calls),
						       offsetof(struct raw, to),
						       to);

			for (; lo < ncalls && calls[lo].to == to && !ret;
			     lo++) {
				long r = sp_code_region_at(c, calls[lo].from);

				if (r < 0 || done[r] == level + 1)
					continue;
				if (c->regions[r].end - c->regions[r].start >
				    SP_PASS_BYTES) {
					ret = light_passing_call(
						&P,
						S->icalls[P.ask[i]].region,
						calls[lo].from);
					continue;
				}
				done[r] = level + 1;
				ret = flow(S, c->regions[r].start,
					   c->regions[r].end, want_passing_call,
					   at_passing_call, &P);
			}
		}
	}
out:
	free(P.ask);
	free(P.next);
	free(done);
	return ret;
}

/* ---- what the file takes and gives by name ---- */

static const char *pool_str(const struct sp_code *c, uint32_t off)
{
	return c->strs + off;
}

static const struct sp_code *sort_code;

static int cmp_export(const void *a, const void *b)
{
	const struct sp_code_export *x = a, *y = b;

	return strcmp(pool_str(sort_code, x->name),
		      pool_str(sort_code, y->name));
}

size_t sp_code_exports(const struct sp_code *c, const char *name,
		       uint32_t *first)
{
	size_t lo = 0, hi = c->nexports, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(pool_str(c, c->exports[mid].name), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = (uint32_t)lo;
	while (lo + n < c->nexports &&
	       strcmp(pool_str(c, c->exports[lo + n].name), name) == 0)
		n++;
	return n;
}

/* Whether img imports a function that loads a module (modload.def). */
static bool loads_modules(const struct sp_elf_image *img)
{
	static const char *const fns[] = {
#define SP_MODLOAD_FN(name) #name,
#include "tracer/modload.def"
#undef SP_MODLOAD_FN
	};

	for (size_t i = 0; i < img->nsyms; i++) {
		if (!img->syms[i].dynamic || img->syms[i].defined)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(fns); k++)
			if (strcmp(img->syms[i].name, fns[k]) == 0)
				return true;
	}
	return false;
}

/* Whether the string d[k..e) is a library's file name as dlopen takes
 * it without a directory, libNAME.so or libNAME.so.N...: the loader
 * looks for it where it looks for a DT_NEEDED name (Phobos's
 * std.net.curl opens "libcurl.so.4" so at its first request,
 * etc/c/curl.d). */
static bool soname_string(const char *d, uint64_t k, uint64_t e)
{
	const char *so = NULL;

	if (e - k < 6 || strncmp(d + k, "lib", 3))
		return false;
	for (uint64_t i = k; i < e; i++) {
		if (!isalnum((unsigned char)d[i]) && !strchr("._+-", d[i]))
			return false;
		if (!so && i + 3 <= e && strncmp(d + i, ".so", 3) == 0 &&
		    (i + 3 == e || d[i + 3] == '.'))
			so = d + i;
	}
	if (!so)
		return false;
	for (so += 3; so < d + e; so++)
		if (*so != '.' && !isdigit((unsigned char)*so))
			return false;
	return true;
}

/* The absolute paths and the library names (soname_string) among the
 * strings of read-only data (.rodata: a string starts after a NUL), of
 * a file that can load modules: a library names its module directory so
 * (SoX's PKGLIBDIR, GIO's GIO_MODULE_DIR, PAM's DEFAULT_MODULE_PATH;
 * tracer/modload.def), and a library it opens by name.  Printable,
 * shorter than SP_CODE_PATH_LEN, at most SP_CODE_PATHS of them, each
 * once: which name a directory or a library is for the analysis to say,
 * where it reads the files.  0 or -ENOMEM. */
static int path_strings(struct scan *S)
{
	const struct sp_elf_image *img = S->img;
	struct sp_code *c = S->c;
	size_t n = 0, cap = 0;

	if (!loads_modules(img))
		return 0;
	for (size_t i = 0; i < img->nsects && n < SP_CODE_PATHS; i++) {
		const struct sp_elf_section *sec = &img->sects[i];
		const char *d = (const char *)sec->data;

		if (sec->exec || !d || strncmp(sec->name, ".rodata", 7))
			continue;
		for (uint64_t k = 0; k < sec->size && n < SP_CODE_PATHS; k++) {
			uint64_t e = k;
			uint32_t *o;
			int64_t off;
			bool dup = false;

			if ((d[k] != '/' && d[k] != 'l') || (k && d[k - 1]))
				continue;
			while (e < sec->size && e - k < SP_CODE_PATH_LEN &&
			       d[e] >= 0x20 && d[e] < 0x7f)
				e++;
			if (e == sec->size || d[e] || e - k >= SP_CODE_PATH_LEN ||
			    (d[k] == 'l' && !soname_string(d, k, e)))
				continue;
			off = pool_add(&S->pool, d + k);
			if (off < 0)
				return -ENOMEM;
			for (size_t j = 0; j < n && !dup; j++)
				dup = c->paths[j] == (uint32_t)off;
			if (dup)
				continue;
			o = sp_array_push(&c->paths, &n, &cap, sizeof(*o));
			if (!o)
				return -ENOMEM;
			*o = (uint32_t)off;
			c->npaths = (uint32_t)n;
			k = e;
		}
	}
	return 0;
}

static int names(struct scan *S, size_t *refcap)
{
	const struct sp_elf_image *img = S->img;
	struct sp_code *c = S->c;
	size_t ecap = 0, icap = 0, n = 0;
	uint32_t *o;
	int64_t off;

	for (size_t i = 0; i < img->nsyms; i++) {
		const struct sp_elf_symbol *sym = &img->syms[i];

		if (!sym->dynamic)
			continue;
		off = pool_add(&S->pool, sym->name);
		if (off < 0)
			return -ENOMEM;
		if (!sym->defined) {
			o = sp_array_push(&c->imports, &n, &icap, sizeof(*o));
			if (!o)
				return -ENOMEM;
			*o = (uint32_t)off;
			c->nimports = (uint32_t)n;
			continue;
		}
		if (sym->kind == SP_SYM_OTHER)
			continue;
		{
			long r = sym->kind == SP_SYM_OBJECT ?
					 -1 :
					 sp_code_region_at(c, sym->value);
			long k = r >= 0 ? -1 : chunk_at(c, sym->value);
			struct sp_code_export *e;
			size_t ne = c->nexports;

			if (r < 0 && k < 0)
				continue;
			e = sp_array_push(&c->exports, &ne, &ecap, sizeof(*e));
			if (!e)
				return -ENOMEM;
			c->nexports = (uint32_t)ne;
			e->name = (uint32_t)off;
			e->ref = r >= 0 ? SP_REF(SP_REF_REGION, r) :
					  SP_REF(SP_REF_CHUNK, k);
			e->ifunc = sym->kind == SP_SYM_IFUNC;
		}
	}
	/* Roots: what runs without being called by name. */
	for (size_t i = 0; i <= img->ninits; i++) {
		uint64_t a = i < img->ninits ? img->inits[i] : img->entry;
		long r = a ? sp_code_region_at(c, a) : -1;
		size_t nr = c->nroots;

		if (r < 0)
			continue;
		o = sp_array_push(&c->roots, &nr, refcap, sizeof(*o));
		if (!o)
			return -ENOMEM;
		c->nroots = (uint32_t)nr;
		*o = SP_REF(SP_REF_REGION, r);
	}
	n = 0;
	icap = 0;
	for (size_t i = 0; i < img->nneeded; i++) {
		off = pool_add(&S->pool, img->needed[i]);
		o = off < 0 ? NULL :
			      sp_array_push(&c->needed, &n, &icap, sizeof(*o));
		if (!o)
			return -ENOMEM;
		*o = (uint32_t)off;
		c->nneeded = (uint32_t)n;
	}
	c->soname = c->interp = c->runpath = SP_CODE_NONAME;
	if (img->soname && (off = pool_add(&S->pool, img->soname)) >= 0)
		c->soname = (uint32_t)off;
	if (img->runpath && (off = pool_add(&S->pool, img->runpath)) >= 0)
		c->runpath = (uint32_t)off;
	if (img->interp && (off = pool_add(&S->pool, img->interp)) >= 0)
		c->interp = (uint32_t)off;
	return path_strings(S);
}

static int cmp_icall(const void *a, const void *b)
{
	const struct sp_code_icall *x = a, *y = b;

	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* Import calls get their region now that regions exist. */
static void place_icalls(struct scan *S)
{
	struct sp_code *c = S->c;
	size_t n = 0;

	for (size_t i = 0; i < S->nicalls; i++) {
		long r = sp_code_region_at(c, S->icall_at[i]);

		if (r < 0)
			continue;
		S->icalls[n] = S->icalls[i];
		S->icalls[n++].region = (uint32_t)r;
	}
	if (n)
		qsort(S->icalls, n, sizeof(*S->icalls), cmp_icall);
	c->icalls = S->icalls;
	c->nicalls = (uint32_t)n;
	S->icalls = NULL;
}

void sp_code_free(struct sp_code *c)
{
	if (!c)
		return;
	free(c->regions);
	free(c->chunks);
	free(c->refs);
	free(c->sites);
	free(c->exports);
	free(c->icalls);
	free(c->tlsuses);
	free(c->roots);
	free(c->imports);
	free(c->needed);
	free(c->paths);
	free(c->strs);
	free(c);
}

int sp_code_check_machine(const struct sp_code *c, const char *path,
			  struct sp_diag *d)
{
	if (isa_of(c->machine))
		return 0;
	/* The path is the diagnostic's: not again in its text. */
	sp_diag_set(d, path, 0, 0, NULL, "code of ELF machine %u: only "
		    "x86_64 and i386 code is analysed", (unsigned)c->machine);
	return -ENOTSUP;
}

int32_t sp_code_arg_loc(const struct sp_code *c, unsigned i)
{
	const struct isa *isa = isa_of(c->machine);

	return isa && i < 6 ? carg_loc(isa, i) : SP_LOC_NONE;
}

int sp_code_scan(const struct sp_elf_image *img, struct sp_code **out,
		 struct sp_diag *d)
{
	struct scan S = { .img = img };
	struct sp_code *c = calloc(1, sizeof(*c));
	size_t refcap = 0, rootcap = 0;
	int ret = -ENOMEM;

	if (!c)
		goto out;
	S.c = c;
	c->machine = img->machine;
	c->go = img->go;
	c->libc = img->libc;
	c->xprots = img->xprots;
	c->whole = img->type == SP_ELF_EXEC;
	S.graph = !c->whole;
	S.isa = isa_of(img->machine);
	if (!S.isa) {
		ret = names(&S, &rootcap);
		if (!ret)
			ret = sp_code_check_machine(c, img->path, d);
		goto done;
	}
	gprs_init();
	sp_code_load();
	if (!cs.open) {
		sp_diag_set(d, img->path, 0, 0, NULL, "cannot load capstone: %s",
			    cs_error);
		ret = -ENOTSUP;
		goto out;
	}
	/* i386's GOT address: .got.plt's start, else .got's. */
	for (size_t i = 0; i < img->nsects; i++)
		if (!strcmp(img->sects[i].name, ".got.plt") ||
		    (!S.got && !strcmp(img->sects[i].name, ".got")))
			S.got = img->sects[i].addr;
	if (cs.open(CS_ARCH_X86, S.isa->mode, &S.cs) != CS_ERR_OK) {
		sp_diag_set(d, img->path, 0, 0, NULL, "capstone: cannot open");
		ret = -ENOTSUP;
		goto out;
	}
	cs.option(S.cs, CS_OPT_DETAIL, CS_OPT_ON);
	S.in = cs.malloc(S.cs);
	if (!S.in)
		goto out;
	ret = sweep(&S);
	if (!ret)
		ret = collect_starts(&S);
	if (!ret)
		ret = make_regions(&S);
	if (!ret && S.graph)
		ret = make_chunks(&S);
	if (!ret && S.graph)
		ret = region_refs(&S, &refcap);
	if (!ret && S.graph)
		ret = chunk_refs(&S, &refcap);
	if (!ret && S.graph)
		ret = tls_guards(&S);
	if (!ret)
		ret = numbers(&S);
	if (!ret)
		ret = names(&S, &rootcap);
	if (!ret)
		place_icalls(&S);
done:
	if (ret == 0 || ret == -ENOTSUP) {
		c->strs = S.pool.buf;
		c->nstrs = (uint32_t)S.pool.len;
		S.pool.buf = NULL;
		sort_code = c;
		if (c->nexports)
			qsort(c->exports, c->nexports, sizeof(*c->exports),
			      cmp_export);
		*out = c;
		c = NULL;
	}
out:
	if (ret == -ENOMEM)
		sp_diag_set(d, img->path, 0, 0, NULL, "%s: %s", img->path,
			    strerror(ENOMEM));
	if (S.in)
		cs.free(S.in, 1);
	if (S.cs)
		cs.close(&S.cs);
	free(S.pool.buf);
	free(S.pool.slots);
	free(S.raws);
	free(S.starts);
	free(S.cuts);
	free(S.noret);
	free(S.stubs);
	free(S.icalls);
	free(S.icall_at);
	free(S.lcalls);
	sp_code_free(c);
	return ret;
}
