/*
 * The layout of a program, for a profile listing x86_64 (and x32):
 *
 *	ld  arch
 *	jeq AUDIT_ARCH_X86_64 ? fall through : skip the block
 *	    ld  nr
 *	    jge 0x40000000 (x32 not listed) -> nr == -1 ? tree : KILL_THREAD
 *	    tree: jeq HOT ? verdict(HOT) : ...
 *		  jge K ? subtree(>= K) : subtree(< K)
 *	    verdict: ret ACTION, or argument clauses, each ending in
 *		     "ret ACTION" and falling to the next one on a mismatch,
 *		     then ret DEFAULT
 *	... next arch ...
 *	ret KILL_THREAD
 *
 * Every block ends in a ret, so blocks are laid out one after the other
 * and jumps only ever go forward over whole blocks.  A conditional jump
 * has 8 bits of offset: a block longer than 255 instructions is jumped
 * over with a "ja" (32 bits) behind the condition.
 *
 * The tree: the hottest number of a range is tested first when it carries
 * at least half of the range's weight (or the range is 3 numbers or
 * fewer); otherwise the range is split at its weighted median with a jge.
 * A weight is the recorded count + 1, so without counts the tree is
 * balanced by number of calls.
 */
#include "output/cbpf.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/syscall.h"

#define OFF_NR ((uint32_t)offsetof(struct seccomp_data, nr))
#define OFF_ARCH ((uint32_t)offsetof(struct seccomp_data, arch))
#define OFF_ARG(i) ((uint32_t)offsetof(struct seccomp_data, args[i]))
#define MAX_JUMP 255

/* A block of code; every path through it ends in a ret. */
struct code {
	struct sock_filter *v;
	char **notes;
	size_t len, cap;
	int err;
};

/* One syscall number of an arch block and the rules that name it. */
struct entry {
	uint32_t nr;
	enum sp_arch arch;
	uint64_t weight;
	const size_t *rules;  /* indexes into the profile's rules, sorted */
	size_t nrules;
};

/* (nr, rule) pairs, sorted, that the entries point into. */
struct pair {
	uint32_t nr;
	enum sp_arch arch;
	size_t rule;
};

struct ctx {
	const struct sp_profile *p;
	const struct sp_cbpf_opts *o;
	uint32_t def;
	uint32_t *rets;      /* per rule */
};

void sp_cbpf_notes_free(char **notes, size_t len)
{
	if (!notes)
		return;
	for (size_t i = 0; i < len; i++)
		free(notes[i]);
	free(notes);
}

static void code_fini(struct code *c)
{
	sp_cbpf_notes_free(c->notes, c->len);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static int grow(struct code *c, size_t more)
{
	size_t cap = c->cap ? c->cap : 16;
	struct sock_filter *v;
	char **n;

	if (c->err)
		return c->err;
	if (c->len + more <= c->cap)
		return 0;
	while (cap < c->len + more)
		cap *= 2;
	v = realloc(c->v, cap * sizeof(*v));
	if (v)
		c->v = v;
	n = realloc(c->notes, cap * sizeof(*n));
	if (n)
		c->notes = n;
	if (!v || !n)
		return c->err = -ENOMEM;
	c->cap = cap;
	return 0;
}

static void emit(struct code *c, uint16_t code, uint8_t jt, uint8_t jf,
		 uint32_t k, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void emit(struct code *c, uint16_t code, uint8_t jt, uint8_t jf,
		 uint32_t k, const char *fmt, ...)
{
	char *note = NULL;
	va_list ap;

	if (grow(c, 1))
		return;
	if (fmt) {
		va_start(ap, fmt);
		if (vasprintf(&note, fmt, ap) < 0) {
			note = NULL;
			c->err = -ENOMEM;
		}
		va_end(ap);
	}
	c->v[c->len] = (struct sock_filter){ code, jt, jf, k };
	c->notes[c->len++] = note;
}

/* Appends b to c and empties b. */
static void take(struct code *c, struct code *b)
{
	if (b->err)
		c->err = b->err;
	if (!grow(c, b->len)) {
		memcpy(c->v + c->len, b->v, b->len * sizeof(*b->v));
		memcpy(c->notes + c->len, b->notes, b->len * sizeof(char *));
		c->len += b->len;
		free(b->notes);
		b->notes = NULL;
		b->len = 0;
	}
	code_fini(b);
}

/* "if (A op k) then-block"; the caller appends the else part next.
 * Takes then. */
static void emit_if(struct code *c, uint16_t op, uint32_t k,
		    struct code *then, const char *note)
{
	if (then->len <= MAX_JUMP) {
		emit(c, BPF_JMP | op | BPF_K, 0, (uint8_t)then->len, k, "%s",
		     note);
	} else {
		emit(c, BPF_JMP | op | BPF_K, 1, 0, k, "%s", note);
		emit(c, BPF_JMP | BPF_JA, 0, 0, (uint32_t)then->len, NULL);
	}
	take(c, then);
}

uint32_t sp_cbpf_action_ret(enum sp_action a, int err)
{
	if (err < 0)
		err = EPERM;
	switch (a) {
	case SP_ACT_KILL_PROCESS:
		return SECCOMP_RET_KILL_PROCESS;
	case SP_ACT_KILL_THREAD:
		return SECCOMP_RET_KILL_THREAD;
	case SP_ACT_TRAP:
		return SECCOMP_RET_TRAP;
	case SP_ACT_ERRNO:
		return SECCOMP_RET_ERRNO | ((uint32_t)err & SECCOMP_RET_DATA);
	case SP_ACT_NOTIFY:
		return SECCOMP_RET_USER_NOTIF;
	case SP_ACT_TRACE:
		return SECCOMP_RET_TRACE | ((uint32_t)err & SECCOMP_RET_DATA);
	case SP_ACT_LOG:
		return SECCOMP_RET_LOG;
	case SP_ACT_ALLOW:
	case SP_ACT_COUNT:
		break;
	}
	return SECCOMP_RET_ALLOW;
}

static void ret_note(uint32_t ret, char *buf, size_t len)
{
	uint32_t data = ret & SECCOMP_RET_DATA;

	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		snprintf(buf, len, "KILL_PROCESS");
		break;
	case SECCOMP_RET_KILL_THREAD:
		snprintf(buf, len, "KILL_THREAD");
		break;
	case SECCOMP_RET_TRAP:
		snprintf(buf, len, "TRAP");
		break;
	case SECCOMP_RET_ERRNO:
		snprintf(buf, len, "ERRNO(%u)", data);
		break;
	case SECCOMP_RET_USER_NOTIF:
		snprintf(buf, len, "NOTIFY");
		break;
	case SECCOMP_RET_TRACE:
		snprintf(buf, len, "TRACE(%u)", data);
		break;
	case SECCOMP_RET_LOG:
		snprintf(buf, len, "LOG");
		break;
	default:
		snprintf(buf, len, "ALLOW");
		break;
	}
}

static void emit_ret(struct code *c, uint32_t ret)
{
	char buf[32];

	ret_note(ret, buf, sizeof(buf));
	emit(c, BPF_RET | BPF_K, 0, 0, ret, "%s", buf);
}

/* Arches whose syscall arguments libseccomp treats as 32 bits wide. */
static bool narrow_arch(enum sp_arch a)
{
	return a == SP_ARCH_X86 || a == SP_ARCH_ARM || a == SP_ARCH_X32;
}

static bool big_endian_arch(enum sp_arch a)
{
	return a == SP_ARCH_S390X;
}

/* A MASKED_EQ's half under mask m: nothing to test when m is 0 (the
 * value is masked too: 0 == 0), no "and" when m is every bit. */
static size_t masked_half_len(uint32_t m)
{
	return m == 0 ? 0 : m == UINT32_MAX ? 2 : 3;
}

static size_t cond_len(const struct sp_cond *c, bool narrow)
{
	switch (c->op) {
	case SP_CMP_EQ:
	case SP_CMP_NE:
		return narrow ? 2 : 4;
	case SP_CMP_MASKED_EQ:
		/* A 32-bit argument's mask 0xffffffff costs a load and a
		 * jump: a profile of many ioctl requests fits. */
		return masked_half_len((uint32_t)c->value) +
		       (narrow ? 0 : masked_half_len(
					     (uint32_t)(c->value >> 32)));
	case SP_CMP_LT:
	case SP_CMP_LE:
	case SP_CMP_GE:
	case SP_CMP_GT:
	case SP_CMP_COUNT:
		break;
	}
	return narrow ? 2 : 5;
}

/* One half of a MASKED_EQ (masked_half_len instructions) within a
 * condition of len instructions that started at q: falls through when
 * (half & m) == d, else jumps rest past the condition's end. */
static void masked_half(struct code *c, const struct sp_cond *cd,
			uint32_t off, const char *part, uint32_t m, uint32_t d,
			size_t len, size_t q, size_t rest)
{
	size_t end;

	if (!m)
		return;
	emit(c, BPF_LD | BPF_W | BPF_ABS, 0, 0, off, "load args[%u]%s",
	     cd->index, part);
	if (m != UINT32_MAX)
		emit(c, BPF_ALU | BPF_AND | BPF_K, 0, 0, m, "& %#x", m);
	/* From the jump to the condition's end and to the failure target. */
	end = len - (c->len - q) - 1;
	emit(c, BPF_JMP | BPF_JEQ | BPF_K, 0, (uint8_t)(end + rest), d,
	     "== %#x", d);
}

/* One condition: falls through when it holds, jumps rest instructions
 * past its end when it does not. */
static void emit_cond(struct code *c, const struct sp_cond *cd,
		      enum sp_arch arch, size_t rest)
{
	bool narrow = narrow_arch(arch), be = big_endian_arch(arch);
	uint32_t lo_off = OFF_ARG(cd->index) + (be ? 4 : 0);
	uint32_t hi_off = OFF_ARG(cd->index) + (be ? 0 : 4);
	uint32_t vh = (uint32_t)(cd->value >> 32), vl = (uint32_t)cd->value;
	/* libseccomp compares a MASKED_EQ's argument with its value under
	 * the mask too: bits of the value outside it mean nothing. */
	uint64_t d = cd->op == SP_CMP_MASKED_EQ ? cd->value_two & cd->value :
						 cd->value_two;
	uint32_t dh = (uint32_t)(d >> 32), dl = (uint32_t)d;
	size_t len = cond_len(cd, narrow), q = c->len;
	const char *op = sp_cmp_name(cd->op) + strlen("SCMP_CMP_");
	/* Offsets from the instruction being emitted (index i within the
	 * condition) to its end (P) and to the failure target (F). */
#define P (uint8_t)(len - (c->len - q) - 1)
#define F (uint8_t)(len - (c->len - q) - 1 + rest)
#define JMP(o) (BPF_JMP | (o) | BPF_K)
#define LD(off, part) emit(c, BPF_LD | BPF_W | BPF_ABS, 0, 0, off, \
			   "load args[%u]%s", cd->index, part)

	if (narrow && cd->op == SP_CMP_MASKED_EQ) {
		masked_half(c, cd, lo_off, "", vl, dl, len, q, rest);
		return;
	}
	if (narrow) {
		LD(lo_off, "");
		switch (cd->op) {
		case SP_CMP_EQ:
			emit(c, JMP(BPF_JEQ), P, F, vl, "== %#x", vl);
			break;
		case SP_CMP_NE:
			emit(c, JMP(BPF_JEQ), F, P, vl, "!= %#x", vl);
			break;
		case SP_CMP_GT:
			emit(c, JMP(BPF_JGT), P, F, vl, "> %#x", vl);
			break;
		case SP_CMP_GE:
			emit(c, JMP(BPF_JGE), P, F, vl, ">= %#x", vl);
			break;
		case SP_CMP_LT:
			emit(c, JMP(BPF_JGE), F, P, vl, "< %#x", vl);
			break;
		case SP_CMP_LE:
			emit(c, JMP(BPF_JGT), F, P, vl, "<= %#x", vl);
			break;
		case SP_CMP_MASKED_EQ:
		case SP_CMP_COUNT:
			break;
		}
		return;
	}
	switch (cd->op) {
	case SP_CMP_EQ:
	case SP_CMP_NE:
		LD(hi_off, " (upper half)");
		emit(c, JMP(BPF_JEQ), 0, cd->op == SP_CMP_EQ ? F : P, vh,
		     "%s %#x", op, vh);
		LD(lo_off, " (lower half)");
		if (cd->op == SP_CMP_EQ)
			emit(c, JMP(BPF_JEQ), P, F, vl, "EQ %#x", vl);
		else
			emit(c, JMP(BPF_JEQ), F, P, vl, "NE %#x", vl);
		break;
	case SP_CMP_GT:
	case SP_CMP_GE:
		LD(hi_off, " (upper half)");
		emit(c, JMP(BPF_JGT), P, 0, vh, "upper > %#x", vh);
		emit(c, JMP(BPF_JEQ), 0, F, vh, "upper == %#x", vh);
		LD(lo_off, " (lower half)");
		emit(c, JMP(cd->op == SP_CMP_GT ? BPF_JGT : BPF_JGE), P, F, vl,
		     "%s %#x", op, vl);
		break;
	case SP_CMP_LT:
	case SP_CMP_LE:
		LD(hi_off, " (upper half)");
		emit(c, JMP(BPF_JGT), F, 0, vh, "upper > %#x", vh);
		emit(c, JMP(BPF_JEQ), 0, P, vh, "upper == %#x", vh);
		LD(lo_off, " (lower half)");
		emit(c, JMP(cd->op == SP_CMP_LT ? BPF_JGE : BPF_JGT), F, P, vl,
		     "%s %#x", op, vl);
		break;
	case SP_CMP_MASKED_EQ:
		masked_half(c, cd, hi_off, " (upper half)", vh, dh, len, q,
			    rest);
		masked_half(c, cd, lo_off, " (lower half)", vl, dl, len, q,
			    rest);
		break;
	case SP_CMP_COUNT:
		break;
	}
#undef P
#undef F
#undef JMP
#undef LD
}

/* A clause: conditions ANDed, then ret; a mismatch falls to whatever
 * follows the ret. */
static void emit_clause(struct code *c, const struct sp_cond *conds,
			size_t n, enum sp_arch arch, uint32_t ret)
{
	bool narrow = narrow_arch(arch);

	for (size_t i = 0; i < n; i++) {
		size_t rest = 1;

		for (size_t j = i + 1; j < n; j++)
			rest += cond_len(&conds[j], narrow);
		emit_cond(c, &conds[i], arch, rest);
	}
	emit_ret(c, ret);
}

/* What an entry's calls get. */
static void verdict(const struct ctx *x, const struct entry *e,
		    struct code *c)
{
	for (size_t i = 0; i < e->nrules; i++) {
		const struct sp_rule *r = &x->p->rules[e->rules[i]];

		if (!r->nconds) {
			emit_ret(c, x->rets[e->rules[i]]);
			return;
		}
	}
	for (size_t i = 0; i < e->nrules; i++) {
		const struct sp_rule *r = &x->p->rules[e->rules[i]];
		uint32_t ret = x->rets[e->rules[i]];

		if (sp_rule_index_repeats(r)) {
			for (size_t j = 0; j < r->nconds; j++)
				emit_clause(c, &r->conds[j], 1, e->arch, ret);
		} else {
			emit_clause(c, r->conds, r->nconds, e->arch, ret);
		}
	}
	emit_ret(c, x->def);
}

static const char *entry_name(const struct entry *e, char *buf)
{
	return sp_syscall_name_or_nr(e->arch, e->nr, buf);
}

/* The search tree over e[0..n), sorted by number. */
static void tree(const struct ctx *x, struct entry **e, size_t n,
		 struct code *c)
{
	uint64_t total = 0, acc = 0, best = UINT64_MAX;
	size_t hot = 0, m = 1;
	char buf[SP_SYSCALL_NAME_MAX];

	if (!n) {
		emit_ret(c, x->def);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		total += e[i]->weight;
		if (e[i]->weight > e[hot]->weight)
			hot = i;
	}
	if (n <= 3 || e[hot]->weight >= total - e[hot]->weight) {
		struct code then = { 0 };
		struct entry **rest = malloc(n * sizeof(*rest));

		if (!rest) {
			c->err = -ENOMEM;
			return;
		}
		verdict(x, e[hot], &then);
		emit_if(c, BPF_JEQ, e[hot]->nr, &then,
			entry_name(e[hot], buf));
		memcpy(rest, e, hot * sizeof(*rest));
		memcpy(rest + hot, e + hot + 1, (n - hot - 1) * sizeof(*rest));
		tree(x, rest, n - 1, c);
		free(rest);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		uint64_t diff;

		acc += e[i - 1]->weight;
		diff = 2 * acc > total ? 2 * acc - total : total - 2 * acc;
		if (diff < best) {
			best = diff;
			m = i;
		}
	}
	{
		struct code upper = { 0 };
		char note[64];

		tree(x, e + m, n - m, &upper);
		snprintf(note, sizeof(note), ">= %s", entry_name(e[m], buf));
		emit_if(c, BPF_JGE, e[m]->nr, &upper, note);
		tree(x, e, m, c);
	}
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return 0;
}

static uint64_t weight_of(const struct sp_cbpf_opts *o, enum sp_arch arch,
			  uint32_t nr)
{
	for (size_t i = 0; i < o->nweights; i++)
		if (o->weights[i].arch == arch &&
		    (uint32_t)o->weights[i].nr == nr)
			return o->weights[i].count + 1;
	return 1;
}

/* Names of the rules on the arches of one block, as (nr, rule) pairs;
 * found[rule * nnames..] marks names some arch has. */
static int collect(const struct ctx *x, const enum sp_arch *archs,
		   size_t narchs, struct pair **out, size_t *nout,
		   bool **found)
{
	const struct sp_profile *p = x->p;
	struct pair *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t a = 0; a < narchs; a++) {
		for (size_t i = 0; i < p->nrules; i++) {
			const struct sp_rule *r = &p->rules[i];

			if (x->rets[i] == x->def)
				continue;
			for (size_t k = 0; k < r->nnames; k++) {
				int64_t nr;

				/* "syscall_N" is sandprint's spelling;
				 * libseccomp knows no such name. */
				if (!strncmp(r->names[k], "syscall_", 8) ||
				    sp_syscall_nr(archs[a], r->names[k], &nr))
					continue;
				found[i][k] = true;
				if (sp_array_grow(&v, &cap, n + 1,
						  sizeof(*v))) {
					free(v);
					return -ENOMEM;
				}
				v[n++] = (struct pair){ (uint32_t)nr, archs[a],
							i };
			}
		}
	}
	/* An arch with no rule has no array: qsort takes none. */
	if (n)
		qsort(v, n, sizeof(*v), cmp_pair);
	*out = v;
	*nout = n;
	return 0;
}

/* The code of one AUDIT_ARCH value (x86_64 and x32 share one). */
static int arch_block(const struct ctx *x, const enum sp_arch *archs,
		      size_t narchs, struct code *c, bool **found)
{
	struct pair *pairs = NULL;
	struct entry *ents = NULL;
	struct entry **ptrs = NULL;
	size_t *rules = NULL;
	size_t npairs = 0, nents = 0;
	bool has64 = false, has32 = false;
	int rc;

	for (size_t a = 0; a < narchs; a++) {
		has64 |= archs[a] == SP_ARCH_X86_64;
		has32 |= archs[a] == SP_ARCH_X32;
	}
	rc = collect(x, archs, narchs, &pairs, &npairs, found);
	if (rc)
		return rc;
	ents = calloc(npairs + 1, sizeof(*ents));
	ptrs = calloc(npairs + 1, sizeof(*ptrs));
	rules = calloc(npairs + 1, sizeof(*rules));
	if (!ents || !ptrs || !rules) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < npairs; i++) {
		rules[i] = pairs[i].rule;
		if (!nents || ents[nents - 1].nr != pairs[i].nr) {
			ents[nents] = (struct entry){
				pairs[i].nr, pairs[i].arch,
				weight_of(x->o, pairs[i].arch, pairs[i].nr),
				&rules[i], 0 };
			ptrs[nents] = &ents[nents];
			nents++;
		}
		ents[nents - 1].nrules++;
	}
	emit(c, BPF_LD | BPF_W | BPF_ABS, 0, 0, OFF_NR, "load nr");
	if (has64 && !has32) {
		/* x32 numbers: refused as a bad arch, but nr -1 (what a
		 * tracer's skipped call looks like) goes on, as libseccomp
		 * has it. */
		emit(c, BPF_JMP | BPF_JGE | BPF_K, 0, 2, SP_X32_SYSCALL_BIT,
		     "x32 call?");
		emit(c, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, UINT32_MAX,
		     "nr == -1");
		emit_ret(c, SECCOMP_RET_KILL_THREAD);
	}
	tree(x, ptrs, nents, c);
	rc = c->err;
out:
	free(pairs);
	free(ents);
	free(ptrs);
	free(rules);
	return rc;
}

struct group {
	uint32_t audit;
	enum sp_arch archs[2];
	size_t n;
	uint64_t weight;
};

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return 0;
}

static size_t make_groups(const struct sp_profile *p,
			  const struct sp_cbpf_opts *o, struct group *g)
{
	enum sp_arch all[SP_ARCH_COUNT + 1];
	size_t nall = 0, ng = 0;

	all[nall++] = sp_arch_native();
	for (size_t i = 0; i < p->narchs && nall <= SP_ARCH_COUNT; i++) {
		bool dup = false;

		for (size_t j = 0; j < nall; j++)
			dup |= all[j] == p->archs[i];
		if (!dup && p->archs[i] != SP_ARCH_UNKNOWN)
			all[nall++] = p->archs[i];
	}
	for (size_t i = 0; i < nall; i++) {
		uint32_t audit = sp_arch_audit(all[i]);
		size_t j;

		for (j = 0; j < ng && g[j].audit != audit; j++)
			;
		if (j == ng) {
			g[ng] = (struct group){ audit, { all[i] }, 1, 0 };
			/* The native arch first when nothing was counted. */
			g[ng].weight = ng == 0 ? 1 : 0;
			ng++;
		} else if (g[j].n < 2) {
			g[j].archs[g[j].n++] = all[i];
		}
		for (size_t w = 0; w < o->nweights; w++)
			if (o->weights[w].arch == all[i])
				g[j].weight += o->weights[w].count;
	}
	qsort(g, ng, sizeof(*g), cmp_group);
	return ng;
}

int sp_cbpf_compile(const struct sp_profile *p, const struct sp_cbpf_opts *o,
		    struct sp_bpf **out, struct sp_diag *d)
{
	struct ctx x = { p, o, 0, NULL };
	struct group groups[SP_ARCH_COUNT + 1];
	struct code c = { 0 };
	struct sp_bpf *b = NULL;
	bool **found = NULL;
	size_t ng;
	int rc = -ENOMEM;

	x.def = sp_cbpf_action_ret(p->default_action, p->default_errno);
	x.rets = calloc(p->nrules + 1, sizeof(*x.rets));
	found = calloc(p->nrules + 1, sizeof(*found));
	if (!x.rets || !found)
		goto nomem;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		x.rets[i] = sp_cbpf_action_ret(r->action, r->errno_ret);
		found[i] = calloc(r->nnames + 1, sizeof(**found));
		if (!found[i])
			goto nomem;
		for (size_t k = 0; k < r->nconds; k++) {
			if (r->conds[k].index >= SP_NARGS ||
			    r->conds[k].op >= SP_CMP_COUNT) {
				rc = -EINVAL;
				sp_diag_set(d, NULL, 0, 0, NULL,
					    "rule %zu: bad condition on "
					    "args[%u]", i, r->conds[k].index);
				goto out;
			}
		}
		if (!sp_rule_index_repeats(r) && r->nconds > SP_NARGS) {
			rc = -EINVAL;
			sp_diag_set(d, NULL, 0, 0, NULL,
				    "rule %zu: more than %d conditions", i,
				    SP_NARGS);
			goto out;
		}
	}
	ng = make_groups(p, o, groups);
	emit(&c, BPF_LD | BPF_W | BPF_ABS, 0, 0, OFF_ARCH, "load arch");
	for (size_t i = 0; i < ng; i++) {
		struct code blk = { 0 };
		char note[64];

		rc = arch_block(&x, groups[i].archs, groups[i].n, &blk, found);
		if (rc) {
			code_fini(&blk);
			goto nomem;
		}
		snprintf(note, sizeof(note), "arch %s%s%s",
			 sp_arch_name(groups[i].archs[0]),
			 groups[i].n > 1 ? ", " : "",
			 groups[i].n > 1 ? sp_arch_name(groups[i].archs[1]) :
					   "");
		emit_if(&c, BPF_JEQ, groups[i].audit, &blk, note);
	}
	emit_ret(&c, SECCOMP_RET_KILL_THREAD);
	if (c.err)
		goto nomem;
	if (c.len > BPF_MAXINSNS) {
		rc = -E2BIG;
		sp_diag_set(d, NULL, 0, 0, NULL,
			    "the filter needs %zu instructions, more than the "
			    "kernel's %d", c.len, BPF_MAXINSNS);
		goto out;
	}
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].nnames; k++)
			if (!found[i][k] && x.rets[i] != x.def &&
			    o->on_unknown)
				o->on_unknown(o->ctx, p->rules[i].names[k]);
	b = calloc(1, sizeof(*b));
	if (!b)
		goto nomem;
	b->insns = c.v;
	b->len = c.len;
	c.v = NULL;
	if (o->notes) {
		*o->notes = c.notes;
		c.notes = NULL;
	}
	*out = b;
	rc = 0;
	goto out;
nomem:
	rc = rc ? rc : -ENOMEM;
	sp_diag_set(d, NULL, 0, 0, NULL, "cannot compile the filter: %s",
		    strerror(-rc));
out:
	sp_cbpf_notes_free(c.notes, c.len);
	free(c.v);
	for (size_t i = 0; found && i < p->nrules; i++)
		free(found[i]);
	free(found);
	free(x.rets);
	return rc;
}

static int cmp_weight(const void *a, const void *b)
{
	const struct sp_cbpf_weight *x = a, *y = b;

	if (x->arch != y->arch)
		return x->arch < y->arch ? -1 : 1;
	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	return 0;
}

int sp_cbpf_weights_from_traces(struct sp_trace *const *traces, size_t n,
				struct sp_cbpf_weight **out, size_t *nout)
{
	struct sp_cbpf_weight *w;
	size_t total = 0, k = 0;

	for (size_t i = 0; i < n; i++)
		total += traces[i]->npatterns;
	w = calloc(total + 1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < traces[i]->npatterns; j++) {
			const struct sp_pattern *pt = &traces[i]->patterns[j];

			w[k++] = (struct sp_cbpf_weight){ pt->arch, pt->nr,
							  pt->count };
		}
	qsort(w, k, sizeof(*w), cmp_weight);
	total = 0;
	for (size_t i = 0; i < k; i++) {
		if (total && !cmp_weight(&w[total - 1], &w[i]))
			w[total - 1].count += w[i].count;
		else
			w[total++] = w[i];
	}
	*out = w;
	*nout = total;
	return 0;
}
