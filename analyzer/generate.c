/*
 * Patterns become rules in these steps:
 *  1. fold: a call whose flags lie in a struct no filter can read (clone3,
 *     openat2; sibling.def) has them added, as read by the tracer, to the
 *     call libc falls back to, and is refused with ENOSYS whenever that
 *     call's argument is constrained;
 *  2. group every trace's patterns by (arch, syscall);
 *  3. for each group, pick the arguments to constrain (argkind.def and the
 *     --args mode) and turn the observed values into conditions: an enum
 *     argument becomes the set of its values, one rule per distinct tuple of
 *     enum values seen together (OCI ORs repeated indexes, so a set over
 *     two arguments must be spelled as tuples); a flag argument becomes
 *     "no bit outside the observed union", except for the enumerated
 *     field some hold (socket's type, clone's exit signal, open's access
 *     mode), which joins the tuple as one more enum: "(arg & ~union) ==
 *     value"; memory protection follows the W^X rule;
 *  4. the sibling table's warnings, on every rule that allows the call,
 *     whatever its origin, for every listed arch: calls whose arguments
 *     no filter can read (UNBOUND), io_uring (BYPASS), libseccomp's
 *     multiplexers (MUX); an OCI runtime's rule without conditions
 *     beside the workload's with them, which then hold nothing; and a
 *     SAME or ROW sibling allowed whole beside the other's conditions;
 *  5. for each allowed call and each listed arch whose ABI lacks it, the
 *     call that arch's C library makes for it (abi.def: dup3 for dup2
 *     on aarch64), and backwards, for a call recorded on an arch that
 *     lacks the older form, that form on a listed arch that has it;
 *  6. merge candidates with the same conditions, origin and coverage into
 *     one rule with several names.
 * 32-bit arguments are compared on their low 32 bits only (MASKED_EQ with
 * a 32-bit mask), so garbage the kernel ignores in the upper half neither
 * defeats nor breaks a rule (libseccomp compares all 64 bits for EQ).
 */
#include "analyzer/generate.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/time.h>

#include "analyzer/argkind.h"
#include "analyzer/cube.h"
#include "analyzer/norm.h"
#include "analyzer/sibling.h"
#include "core/argnames.h"
#include "core/array.h"
#include "core/syscall.h"

static const struct {
	unsigned runtime;
	enum sp_runtime_when when;
	const char *name;
	int index;              /* -1: whatever the arguments */
	uint64_t value;
} runtime_calls[] = {
#define SP_RUNTIME_CALL(rt, when, sc) \
	{ SP_RUNTIME_##rt, SP_RUNTIME_##when, #sc, -1, 0 },
#define SP_RUNTIME_ARG(rt, when, sc, i, v) \
	{ SP_RUNTIME_##rt, SP_RUNTIME_##when, #sc, i, v },
#include "analyzer/runtime.def"
#undef SP_RUNTIME_ARG
#undef SP_RUNTIME_CALL
};

static const struct {
	unsigned set;
	const char *name;
} safety_calls[] = {
#define SP_SAFETY_CALL(set, sc) { SP_SAFETY_##set, #sc },
#include "analyzer/safety.def"
#undef SP_SAFETY_CALL
};

enum abi_how { ABI_MAIN, ABI_OR, ABI_ALSO };

/* An argument of an abi.def call: from is the legacy call's index + 1,
 * ABI_IS for a constant, 0 (ANY) for a value not carried. */
#define ABI_IS (-1)
struct abi_arg {
	int from;
	uint64_t value;
};

struct abi_line {
	const char *legacy;
	const char *call;
	enum abi_how how;
	struct abi_arg args[SP_NARGS];
	const char *note;
};

/* The constants are the generic ABI's and x86's (asm-generic fcntl.h,
 * signal.h): the same on every arch sandprint lists. */
static const struct abi_line abi_lines[] = {
#define FROM(i) { (i) + 1, 0 }
#define IS(v) { ABI_IS, (uint64_t)(v) }
#define ANY { 0, 0 }
#define SP_ABI_ARGS(...) { __VA_ARGS__ }
#define SP_ABI(l, c, args, note) { #l, #c, ABI_MAIN, args, note },
#define SP_ABI_OR(l, c, args, note) { #l, #c, ABI_OR, args, note },
#define SP_ABI_ALSO(l, c, args, note) { #l, #c, ABI_ALSO, args, note },
#include "analyzer/abi.def"
#undef SP_ABI_ALSO
#undef SP_ABI_OR
#undef SP_ABI
#undef SP_ABI_ARGS
#undef ANY
#undef IS
#undef FROM
};

static const struct {
	enum sp_lang lang;
	const char *name;
	const char *why;
} lang_calls[] = {
#define SP_LANG_CALL(lang, sc, why) { SP_LANG_##lang, #sc, why },
#include "analyzer/lang.def"
#undef SP_LANG_CALL
};

bool sp_lang_call(size_t i, enum sp_lang *lang, const char **name,
		  const char **why)
{
	if (i >= ARRAY_SIZE(lang_calls))
		return false;
	*lang = lang_calls[i].lang;
	*name = lang_calls[i].name;
	*why = lang_calls[i].why;
	return true;
}

void sp_generate_opts_init(struct sp_generate_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->default_action = SP_ACT_ERRNO;
	o->default_errno = -1;
	o->runtimes = SP_RUNTIME_CRUN | SP_RUNTIME_RUNC;
	o->safety = SP_SAFETY_ALL;
	o->args = SP_ARGS_AUTO;
	o->max_values = 64;
}

struct word {
	const char *s;
	unsigned bits;
};

static int parse_list(const char *s, const struct word *words, unsigned *out)
{
	unsigned set = 0;
	char buf[128];
	char *tok, *save;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf) || !*buf)
		return -EINVAL;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		const struct word *w = words;

		while (w->s && strcmp(w->s, tok) != 0)
			w++;
		if (!w->s)
			return -EINVAL;
		set |= w->bits;
	}
	*out = set;
	return 0;
}

int sp_runtime_parse(const char *s, unsigned *out)
{
	static const struct word words[] = {
		{ "crun", SP_RUNTIME_CRUN },
		{ "runc", SP_RUNTIME_RUNC },
		{ "none", 0 },
		{ NULL, 0 },
	};

	return parse_list(s, words, out);
}

int sp_safety_parse(const char *s, unsigned *out)
{
	static const struct word words[] = {
		{ "vdso", SP_SAFETY_VDSO },
		{ "control-flow", SP_SAFETY_CONTROL },
		{ "fallback", SP_SAFETY_FALLBACK },
		{ "advice", SP_SAFETY_ADVICE },
		{ "all", SP_SAFETY_ALL },
		{ "none", 0 },
		{ NULL, 0 },
	};

	return parse_list(s, words, out);
}

int sp_langs_parse(const char *s, unsigned *out, bool *automatic)
{
	struct word words[SP_LANG_COUNT + 2];

	*automatic = strcmp(s, "auto") == 0;
	if (*automatic) {
		*out = 0;
		return 0;
	}
	for (int l = 0; l < SP_LANG_COUNT; l++)
		words[l] = (struct word){ sp_lang_name((enum sp_lang)l),
					  SP_LANG_BIT(l) };
	words[SP_LANG_COUNT] = (struct word){ "none", 0 };
	words[SP_LANG_COUNT + 1] = (struct word){ NULL, 0 };
	return parse_list(s, words, out);
}

int sp_args_mode_parse(const char *s, enum sp_args_mode *out)
{
	static const char *const names[] = { "none", "auto", "strict" };

	for (int i = 0; i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum sp_args_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* A pattern and the trace it came from. */
struct ref {
	const struct sp_pattern *p;
	const struct sp_trace *t;
	size_t trace;
	bool folded;         /* made from a struct sibling's pattern */
};

/* One rule for one name, before names are merged. */
struct cand {
	const char *name;
	struct sp_cond conds[8];
	size_t nconds;
	enum sp_origin origin;
	enum sp_action action;
	int errno_ret;
	const char *why;      /* static, language: the evidence */
	bool computed;        /* static: for a site that computes a guarded
				 argument at run time (add_static_args) */
	bool held;            /* ... or an unguarded one, held to a
				 recorded rule's conditions */
	const char *site;     /* ... that site, or NULL */
	bool many;            /* ... or the sites pass too many constants to
				 list (sp_generate_extra.many) */
	bool recorded;        /* static with conditions: beside the
				 recording's own rules for the name */
	size_t seen;          /* in how many runs (of all traces), at */
	size_t seen_most;     /* ... least and at most (account) */
	uint64_t calls;
	uint64_t folded;      /* of calls: made as the struct sibling */
	const char *warn;     /* a sibling's note for the comment, or NULL */
	const struct sp_argrecast *recast; /* hold_recasts held it so */
	unsigned alike_arg;   /* alike: the argument changed, */
	uint64_t alike_of;    /* ... its recorded value */
	uint64_t alike_to;    /* ... and the one allowed here, */
	uint64_t alike_guard; /* ... or any without these bits; */
	bool alike_static;    /* ... the value a site's constant */
	const struct sp_sibling *form; /* alike: the FORM line it is of */
	const struct abi_line *abi;    /* arch: the abi.def line, */
	enum sp_arch abi_on;  /* ... the listed arch it is for, */
	enum sp_arch abi_from;/* ... backwards: the recorded arch */
	uint32_t exes[4];     /* first few executables, as indexes into */
	size_t ntraces_exe[4];/* ... the trace they belong to */
	size_t nexes;
	/* recorded --stacks: the pattern with the most calls that has a
	 * call site, and its trace, or NULL */
	const struct sp_pattern *site_p;
	const struct sp_trace *site_t;
};

struct gen {
	const struct sp_generate_opts *o;
	struct sp_trace *const *traces;
	size_t ntraces;
	size_t nruns;           /* the traces' runs, together */
	struct cand *cands;
	size_t ncands, cap;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	if (x->p->arch != y->p->arch)
		return x->p->arch < y->p->arch ? -1 : 1;
	if (x->p->nr != y->p->nr)
		return x->p->nr < y->p->nr ? -1 : 1;
	return x->trace < y->trace ? -1 : x->trace > y->trace;
}

static struct cand *new_cand(struct gen *g, const char *name,
			     enum sp_origin origin)
{
	struct cand *c;

	if (g->ncands == g->cap) {
		size_t ncap = g->cap ? g->cap * 2 : 64;
		struct cand *n = realloc(g->cands, ncap * sizeof(*n));

		if (!n)
			return NULL;
		g->cands = n;
		g->cap = ncap;
	}
	c = &g->cands[g->ncands++];
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->origin = origin;
	c->action = SP_ACT_ALLOW;
	c->errno_ret = -1;
	return c;
}

/* A new candidate with the conditions of from (a local: new_cand may
 * move the array), or NULL. */
static struct cand *new_cand_conds(struct gen *g, const char *name,
				   enum sp_origin origin,
				   const struct cand *from)
{
	struct cand *c = new_cand(g, name, origin);

	if (c) {
		memcpy(c->conds, from->conds, sizeof(c->conds));
		c->nconds = from->nconds;
	}
	return c;
}

static uint64_t width_mask(const struct sp_argspec *spec, unsigned i)
{
	return spec->wide & (1u << i) ? UINT64_MAX : UINT32_MAX;
}

/* "arg equals v", on the argument's width. */
static struct sp_cond cond_eq(const struct sp_argspec *spec, unsigned i,
			      uint64_t v)
{
	struct sp_cond c = { .index = i, .value = v };

	if (spec->wide & (1u << i)) {
		c.op = SP_CMP_EQ;
	} else {
		c.op = SP_CMP_MASKED_EQ;
		c.value = UINT32_MAX;
		c.value_two = v;
	}
	return c;
}

/* "no bit of arg outside allowed", on the argument's width. */
static struct sp_cond cond_within(const struct sp_argspec *spec, unsigned i,
				  uint64_t allowed)
{
	struct sp_cond c = {
		.index = i,
		.value = ~allowed & width_mask(spec, i),
		.value_two = 0,
		.op = SP_CMP_MASKED_EQ,
	};

	return c;
}

/* Records coverage and evidence of refs[0..n) (all of one candidate, by
 * trace): coverage counts runs (record --repeat).  A trace counts its
 * patterns' runs, not the candidate's: two patterns (other values or
 * another executable) seen in one run each may be in one run or two.
 * So a trace's share is at least the most runs any of the candidate's
 * patterns in it was seen in, at most their sum, and no more than the
 * trace's runs. */
static void account(struct cand *c, const struct ref *const *refs, size_t n)
{
	size_t last = (size_t)-1;
	uint32_t runs = 0, most = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ref *r = refs[i];
		uint32_t pr = sp_pattern_runs(r->t, r->p);
		bool known = false;

		c->calls += r->p->count;
		if (r->p->nframes &&
		    (!c->site_p || r->p->count > c->site_p->count)) {
			c->site_p = r->p;
			c->site_t = r->t;
		}
		if (r->folded)
			c->folded += r->p->count;
		if (r->trace != last) {
			c->seen += runs;
			c->seen_most += most;
			runs = most = 0;
			last = r->trace;
		}
		if (pr > runs)
			runs = pr;
		most = most + pr < sp_trace_runs(r->t) ? most + pr :
							  sp_trace_runs(r->t);
		for (size_t e = 0; e < c->nexes; e++)
			if (c->exes[e] == r->p->exe &&
			    c->ntraces_exe[e] == r->trace)
				known = true;
		if (!known && c->nexes < 4) {
			c->exes[c->nexes] = r->p->exe;
			c->ntraces_exe[c->nexes++] = r->trace;
		}
	}
	c->seen += runs;
	c->seen_most += most;
}

/* Which arguments make a candidate's tuple, and how: an enum argument by
 * its value, a flag argument with a field by the field's bits, an
 * argument another one picks (argkind.def SP_ARG_WHEN) by its value
 * where that one holds it, else by 0. */
struct tuple {
	uint8_t args;
	uint64_t field[SP_NARGS];   /* 0: the whole value */
	uint8_t dep;                /* the arguments held only when */
	const struct sp_argspec *spec;
	bool strict;
};

/* Whether the tuple holds argument a of p. */
static bool tuple_holds(const struct tuple *tu, const struct sp_pattern *p,
			unsigned a)
{
	return !(tu->dep & (1u << a)) ||
	       sp_argkind_held(tu->spec, a, p->args, tu->strict);
}

static uint64_t key(const struct tuple *tu, const struct sp_pattern *p,
		    unsigned a)
{
	if (!tuple_holds(tu, p, a))
		return 0;
	return tu->field[a] ? p->args[a] & tu->field[a] : p->args[a];
}

static bool tuple_equal(const struct tuple *tu, const struct sp_pattern *a,
			const struct sp_pattern *b)
{
	for (unsigned i = 0; i < SP_NARGS; i++)
		if ((tu->args & (1u << i)) && key(tu, a, i) != key(tu, b, i))
			return false;
	return true;
}

static int cmp_tuple(const void *a, const void *b, void *ctx)
{
	const struct tuple *tu = ctx;
	const struct ref *x = *(const struct ref *const *)a;
	const struct ref *y = *(const struct ref *const *)b;

	for (unsigned i = 0; i < SP_NARGS; i++) {
		uint64_t kx = key(tu, x->p, i), ky = key(tu, y->p, i);

		if (!(tu->args & (1u << i)) || kx == ky)
			continue;
		return kx < ky ? -1 : 1;
	}
	return x->trace < y->trace ? -1 : x->trace > y->trace;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Distinct keys of argument a in refs[0..n), using tmp[n]. */
static size_t distinct(const struct tuple *tu, const struct ref *refs,
		       size_t n, unsigned a, uint64_t *tmp)
{
	size_t d = 0;

	for (size_t i = 0; i < n; i++)
		tmp[i] = key(tu, refs[i].p, a);
	qsort(tmp, n, sizeof(*tmp), cmp_u64);
	for (size_t i = 0; i < n; i++)
		d += i == 0 || tmp[i] != tmp[i - 1];
	return d;
}

static void note(struct gen *g, int kind, const struct sp_pattern *p,
		 unsigned arg, size_t values, uint64_t count)
{
	struct sp_generate_note n = {
		.kind = kind, .arch = p->arch, .nr = p->nr, .arg = arg,
		.values = values, .count = count,
	};

	if (g->o->on_note)
		g->o->on_note(g->o->ctx, &n);
}

/* Whether the args mode constrains argument a of spec (under --args
 * auto, one SP_ARG_WHEN line picks: somewhere, where auto holds the
 * argument that picks it; fcntl's F_SETSIG signal is held where its
 * cmd is, under strict). */
static bool constrained(const struct gen *g, const struct sp_argspec *spec,
			unsigned a)
{
	uint8_t use = g->o->args == SP_ARGS_AUTO ?
			      spec->kept & (spec->sensitive | spec->when) :
		      g->o->args == SP_ARGS_STRICT ? spec->kept :
						     0;

	if (g->o->args == SP_ARGS_AUTO && (spec->when & (1u << a)) &&
	    !(spec->sensitive & (1u << spec->when_sel[a])))
		return false;
	return use & (1u << a) && spec->kind[a] != SP_ARGKIND_STRUCT;
}

static void note_sibling(struct gen *g, const char *name, enum sp_arch arch,
			 const char *text)
{
	struct sp_generate_note n = {
		.kind = SP_NOTE_SIBLING, .arch = arch, .name = name,
		.text = text,
	};

	if (g->o->on_note)
		g->o->on_note(g->o->ctx, &n);
}

/* Whether any of p's memory protection arguments (prot) has a bit of
 * bits. */
static bool prot_has(const struct sp_pattern *p, uint8_t prot, uint64_t bits)
{
	for (unsigned a = 0; a < SP_NARGS; a++)
		if ((prot & (1u << a)) && (p->args[a] & bits))
			return true;
	return false;
}

/* Whether a rule for name has the conditions of c: a rule of origin
 * from, or of any origin when from is SP_ORIGIN_COUNT. */
static bool has_conds(const struct gen *g, const char *name,
		      const struct cand *c, enum sp_origin from)
{
	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *x = &g->cands[i];
		bool same = x->nconds == c->nconds && !strcmp(x->name, name) &&
			    (from == SP_ORIGIN_COUNT || x->origin == from);

		for (size_t k = 0; k < c->nconds && same; k++)
			same = sp_cond_cmp(&x->conds[k], &c->conds[k]) == 0;
		if (same)
			return true;
	}
	return false;
}

/* refs[0..n): one (arch, nr), ordered by trace. */
static int group(struct gen *g, const struct ref *refs, size_t n)
{
	const struct sp_pattern *p0 = refs[0].p;
	const char *name = sp_syscall_name(p0->arch, p0->nr);
	const struct sp_argspec *spec = sp_argkind_lookup(p0->arch, p0->nr);
	uint8_t use = 0, enums = 0, flags = 0, prot = 0;
	uint64_t unions[SP_NARGS] = { 0 };
	struct tuple tu = { .spec = spec,
			    .strict = g->o->args == SP_ARGS_STRICT };
	const struct ref **sel = NULL, **fit = NULL;
	uint64_t *tmp;
	bool wx = false;
	int rc = 0;

	if (!name) {
		uint64_t calls = 0;

		for (size_t i = 0; i < n; i++)
			calls += refs[i].p->count;
		note(g, SP_NOTE_UNNAMED, p0, 0, 0, calls);
		return 0;
	}
	for (unsigned a = 0; a < SP_NARGS; a++)
		if (constrained(g, spec, a))
			use |= (uint8_t)(1u << a);
	/* The arguments held only where another one picks them. */
	tu.dep = use & (tu.strict ? spec->only_when : spec->when);
	/* A pattern recorded without the argument cannot be constrained
	 * (where the argument is held). */
	for (size_t i = 0; i < n; i++)
		for (unsigned a = 0; a < SP_NARGS; a++)
			if (!(refs[i].p->kept & (1u << a)) &&
			    tuple_holds(&tu, refs[i].p, a))
				use &= (uint8_t)~(1u << a);
	for (unsigned a = 0; a < SP_NARGS; a++) {
		if (!(use & (1u << a)))
			continue;
		if (spec->kind[a] == SP_ARGKIND_ENUM) {
			enums |= (uint8_t)(1u << a);
		} else if (spec->kind[a] == SP_ARGKIND_PROT) {
			prot |= (uint8_t)(1u << a);
		} else {
			flags |= (uint8_t)(1u << a);
			tu.field[a] = spec->field[a];
		}
	}
	/* Too many distinct values: leave that enum argument, or that
	 * field, free. */
	tmp = malloc(n * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	for (unsigned a = 0; a < SP_NARGS; a++) {
		size_t d;
		uint64_t calls = 0;

		if (!(enums & (1u << a)) && !tu.field[a])
			continue;
		d = distinct(&tu, refs, n, a, tmp);
		if (d <= g->o->max_values)
			continue;
		if (tu.field[a]) {
			unions[a] |= tu.field[a];
			tu.field[a] = 0;
		}
		enums &= (uint8_t)~(1u << a);
		for (size_t i = 0; i < n; i++)
			calls += refs[i].p->count;
		note(g, SP_NOTE_TOO_MANY, p0, a, d, calls);
	}
	free(tmp);
	/* One whose picking argument is left free is free too. */
	for (unsigned a = 0; a < SP_NARGS; a++)
		if ((tu.dep & (1u << a)) &&
		    !(enums & (1u << spec->when_sel[a])))
			enums &= (uint8_t)~(1u << a);
	tu.dep &= enums;
	tu.args = enums;
	for (unsigned a = 0; a < SP_NARGS; a++)
		if (tu.field[a])
			tu.args |= (uint8_t)(1u << a);
	for (size_t i = 0; i < n; i++) {
		for (unsigned a = 0; a < SP_NARGS; a++)
			unions[a] |= refs[i].p->args[a] & ~tu.field[a];
		for (unsigned a = 0; a < SP_NARGS; a++)
			if ((prot & (1u << a)) &&
			    (refs[i].p->args[a] & PROT_WRITE) &&
			    (refs[i].p->args[a] & PROT_EXEC))
				wx = true;
	}
	sel = calloc(n, sizeof(*sel));
	fit = calloc(n, sizeof(*fit));
	if (!sel || !fit) {
		free(sel);
		free(fit);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		sel[i] = &refs[i];
	qsort_r(sel, n, sizeof(*sel), cmp_tuple, &tu);
	/* One candidate (two under W^X) per distinct tuple: the runs of
	 * sel. */
	for (size_t i = 0, j; i < n; i = j) {
		struct sp_cond base[8];
		size_t nbase = 0;

		for (j = i + 1; j < n && tuple_equal(&tu, sel[j]->p, sel[i]->p);
		     j++)
			;
		for (unsigned a = 0; a < SP_NARGS; a++) {
			if (enums & (1u << a)) {
				if (tuple_holds(&tu, sel[i]->p, a))
					base[nbase++] = cond_eq(
						spec, a, sel[i]->p->args[a]);
			} else if (tu.field[a]) {
				/* The field equals the value, the other
				 * bits stay within the union. */
				base[nbase] = cond_within(spec, a, unions[a]);
				base[nbase++].value_two =
					key(&tu, sel[i]->p, a);
			} else if (flags & (1u << a)) {
				base[nbase++] = cond_within(spec, a, unions[a]);
			}
		}
		/* Two variants only when a union holds both PROT_WRITE and
		 * PROT_EXEC, never asked for at once (W^X): one allowing no
		 * PROT_EXEC, one no PROT_WRITE.  With only one of them, the
		 * second would allow a subset of the first. */
		int variants = 1;

		for (unsigned a = 0; a < SP_NARGS; a++)
			if ((prot & (1u << a)) && !wx &&
			    (unions[a] & PROT_WRITE) && (unions[a] & PROT_EXEC))
				variants = 2;
		for (int variant = 0; variant < variants; variant++) {
			uint64_t off = variants == 1 ? 0 :
				       variant ? PROT_WRITE : PROT_EXEC;
			struct cand *c;
			bool carried = true;
			size_t nfit = 0;

			/* The patterns this variant allows: its own counts,
			 * coverage and executables (a PROT_READ call fits
			 * both). */
			for (size_t k = i; k < j; k++)
				if (!prot_has(sel[k]->p, prot, off))
					fit[nfit++] = sel[k];
			if (!nfit)
				continue;
			c = new_cand(g, name, SP_ORIGIN_RECORDED);
			if (!c) {
				rc = -ENOMEM;
				goto out;
			}
			/* Patterns record --baseline carried over without a
			 * call: the rule says so. */
			for (size_t k = 0; k < nfit && carried; k++)
				carried = fit[k]->p->baseline &&
					  fit[k]->p->count == 0;
			if (carried)
				c->origin = SP_ORIGIN_BASELINE;
			memcpy(c->conds, base, nbase * sizeof(base[0]));
			c->nconds = nbase;
			for (unsigned a = 0; a < SP_NARGS; a++) {
				uint64_t allowed = unions[a];

				if (!(prot & (1u << a)))
					continue;
				/* W^X: never PROT_WRITE and PROT_EXEC at once,
				 * unless a recorded call asked for both; each
				 * variant the union of the calls it allows
				 * (PROT_READ|PROT_EXEC, not every bit another
				 * call without PROT_WRITE used). */
				if (variants == 2) {
					allowed = 0;
					for (size_t k = 0; k < n; k++)
						if (!prot_has(refs[k].p, prot,
							      off))
							allowed |=
							    refs[k].p->args[a];
				}
				c->conds[c->nconds++] =
					cond_within(spec, a, allowed);
			}
			account(c, fit, nfit);
		}
	}
out:
	free(sel);
	free(fit);
	return rc;
}

/* Step 1 (FOLD siblings): each pattern of a struct sibling whose target's
 * flags are constrained becomes a pattern of the target (into synth[],
 * appended to refs[]) or, when the flags were not read or do not fit the
 * target's argument, a note; the sibling's own pattern is dropped.
 * Returns the new number of refs. */
static size_t fold(struct gen *g, struct ref *refs, size_t nrefs,
		   struct sp_pattern *synth)
{
	size_t n = nrefs, nsynth = 0, k = 0;

	for (size_t i = 0; i < nrefs; i++) {
		const struct sp_pattern *p = refs[i].p;
		struct sp_fold f;
		int rc = sp_sibling_fold(p->arch, p->nr, p->kept, p->args, &f);

		if (rc == -ENOENT ||
		    !constrained(g, sp_argkind_lookup(p->arch, f.nr), f.index))
			continue;
		refs[i].p = NULL;
		if (rc) {
			struct sp_generate_note nt = {
				.kind = SP_NOTE_UNFOLDED, .arch = p->arch,
				.nr = p->nr, .name = f.line->of,
				.count = p->count,
			};

			if (g->o->on_note)
				g->o->on_note(g->o->ctx, &nt);
			continue;
		}
		synth[nsynth] = *p;
		synth[nsynth].nr = f.nr;
		synth[nsynth].kept = (uint8_t)(1u << f.index);
		memset(synth[nsynth].args, 0, sizeof(synth[nsynth].args));
		synth[nsynth].args[f.index] = f.value;
		refs[n++] = (struct ref){ &synth[nsynth++], refs[i].t,
					  refs[i].trace, true };
	}
	/* Drop the folded patterns. */
	for (size_t i = 0; i < n; i++)
		if (refs[i].p)
			refs[k++] = refs[i];
	return k;
}

/* After the static calls: each FOLD sibling whose target's flags are
 * constrained on a listed arch and which has a rule (recorded, carried
 * from a baseline, or static or a language runtime's with conditions:
 * its guard) is refused
 * with ENOSYS, recorded or not: libc falls back to the target (even when
 * the target's rule has no condition, so that a folded call is never
 * left to the default action). */
static int refuse_folded(struct gen *g, const struct sp_profile *p)
{
	for (unsigned k = 0; k < sp_sibling_count(); k++) {
		const struct sp_sibling *s = sp_sibling_at(k);
		bool refuse = false;

		for (size_t a = 0; a < p->narchs && !refuse; a++) {
			struct sp_fold f;
			int64_t cnr;

			if (sp_sibling_target(s, p->archs[a], &f) ||
			    sp_syscall_nr(p->archs[a], s->call, &cnr) ||
			    !constrained(g, sp_argkind_lookup(p->archs[a], f.nr),
					 f.index))
				continue;
			for (size_t i = 0; i < g->ncands && !refuse; i++)
				refuse = (g->cands[i].origin <=
						  SP_ORIGIN_BASELINE ||
					  ((g->cands[i].origin ==
						    SP_ORIGIN_STATIC ||
					    g->cands[i].origin ==
						    SP_ORIGIN_LANG) &&
					   g->cands[i].nconds)) &&
					 strcmp(g->cands[i].name, s->of) == 0;
		}
		if (refuse) {
			struct cand *c = new_cand(g, s->call, SP_ORIGIN_SIBLING);

			if (!c)
				return -ENOMEM;
			c->action = SP_ACT_ERRNO;
			c->errno_ret = ENOSYS;
			c->warn = s->note;
		}
	}
	return 0;
}

/* What no condition can hold (sibling.def), on any listed arch, for a
 * rule of any origin that allows the call: io_uring (BYPASS), calls whose
 * arguments lie in memory or pass a check of their own (UNBOUND: also
 * x86's old_mmap behind a rule recorded as x86_64's mmap, when --arch
 * lists x86), and with conditions, libseccomp's multiplexers (MUX).  A
 * static or language rule is no less a hole than a recorded one.  A
 * call the C library makes another way where an arch lacks it (creat)
 * is said only where of's rules refuse that way's constants, an
 * SP_SIBLING_OF line (mmap's MAP_SHARED) only where they let through
 * what it takes (an open for reading and appending).  The
 * first line a rule meets gives its comment (BYPASS before UNBOUND before
 * MUX); each line's note is given once. */
/* Whether the args mode gives the call of an UNBOUND line conditions to
 * get around: an argument of it in argkind.def that is no struct ("all",
 * BYPASS's, always). */
static bool of_constrained(const struct gen *g, const struct sp_sibling *s)
{
	struct sp_argrow r;

	if (strcmp(s->of, "all") == 0)
		return true;
	for (unsigned i = 0; sp_argkind_row(i, &r) == 0; i++)
		if (strcmp(r.syscall, s->of) == 0 &&
		    r.kind != SP_ARGKIND_STRUCT &&
		    (g->o->args == SP_ARGS_STRICT ||
		     (g->o->args == SP_ARGS_AUTO && r.automatic)))
			return true;
	return false;
}

/* Whether c, a rule for s->call, lets through what s is about: the
 * line's operation (SP_SIBLING_OP: fcntl's F_SETFL), or where s->call
 * multiplexes s->of (ipc's SHMAT on x86) the operation in argument 0's
 * low 16 bits (ipc's version above them); its conditions meet it on a
 * listed arch where the line holds (sp_rules_overlap, as the compilers
 * read them).  True for any other line. */
static bool lets_through(const struct sp_profile *p,
		       const struct sp_sibling *s, const struct cand *c)
{
	struct sp_cond op = { .index = 0, .op = SP_CMP_MASKED_EQ,
			      .value = 0xffff };
	struct sp_rule x = { .conds = (struct sp_cond *)c->conds,
			     .nconds = c->nconds };
	struct sp_rule y = { .conds = &op, .nconds = 1 };

	for (size_t a = 0; a < p->narchs; a++) {
		int64_t nr, own;
		uint32_t call;

		if (!sp_sibling_on(s, p->archs[a]))
			continue;
		if (s->op_index >= 0) {
			op = (struct sp_cond){ .index = (unsigned)s->op_index,
					       .op = SP_CMP_EQ,
					       .value = s->op_value };
		} else if (sp_syscall_mux(p->archs[a], s->of, &nr, &call) ||
			   sp_syscall_nr(p->archs[a], s->call, &own) ||
			   own != nr) {
			return true;
		} else {
			op.value_two = call;
		}
		if (sp_rules_overlap(&x, &y, sp_norm_full(p->archs[a])))
			return true;
	}
	return false;
}

static bool allows(const struct gen *g, const char *name,
		   const struct sp_args *t);
static bool arch_has(enum sp_arch arch, const char *name);
static const struct sp_argspec *spec_of(const struct sp_profile *p,
					const char *name);

/* Whether s->call is a call the C library makes another way where an
 * arch lacks it (abi.def: creat is openat(AT_FDCWD, path,
 * O_CREAT|O_WRONLY|O_TRUNC)) and a rule for s->of allows the constants
 * it passes there: s->call then does nothing of's rules refuse. */
static bool of_allows_it(const struct gen *g, const struct sp_sibling *s)
{
	for (size_t k = 0; k < ARRAY_SIZE(abi_lines); k++) {
		const struct abi_line *l = &abi_lines[k];
		struct sp_args t = { 0 };

		if (strcmp(l->legacy, s->call) || strcmp(l->call, s->of))
			continue;
		for (unsigned j = 0; j < SP_NARGS; j++)
			if (l->args[j].from == ABI_IS) {
				t.args[j] = l->args[j].value;
				t.kept |= (uint8_t)(1u << j);
			}
		if (allows(g, s->of, &t))
			return true;
	}
	return false;
}

/* The index of s->of's argument of_index in a rule for name: s->of's
 * own, or its legacy form's where abi.def carries it (open's flags are
 * openat's), else -1. */
static int of_index_in(const struct sp_sibling *s, const char *name)
{
	if (!strcmp(name, s->of))
		return s->of_index;
	for (size_t k = 0; k < ARRAY_SIZE(abi_lines); k++)
		if (!strcmp(abi_lines[k].legacy, name) &&
		    !strcmp(abi_lines[k].call, s->of) &&
		    abi_lines[k].args[s->of_index].from > 0)
			return abi_lines[k].args[s->of_index].from - 1;
	return -1;
}

/* Whether a rule of s->of (or of its legacy form: open's for openat's)
 * lets through, on a listed arch where s holds, what an SP_SIBLING_OF
 * line's call takes from it (an open for reading and appending, for
 * mmap's MAP_SHARED); true for any other line. */
static bool of_lets_through(const struct gen *g, const struct sp_profile *p,
			    const struct sp_sibling *s)
{
	struct sp_cond want = { .op = SP_CMP_MASKED_EQ,
				.value = s->of_mask,
				.value_two = s->of_value };
	struct sp_rule y = { .conds = &want, .nconds = 1 };

	if (s->of_index < 0)
		return true;
	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *c = &g->cands[i];
		struct sp_rule x = { .conds = (struct sp_cond *)c->conds,
				     .nconds = c->nconds };
		int at = of_index_in(s, c->name);

		if (at < 0 || c->action != SP_ACT_ALLOW)
			continue;
		want.index = (unsigned)at;
		for (size_t a = 0; a < p->narchs; a++)
			if (sp_sibling_on(s, p->archs[a]) &&
			    sp_rules_overlap(&x, &y,
					     sp_norm_full(p->archs[a])))
				return true;
	}
	return false;
}

/* Whether a rule allows s->of whatever its arguments (a runtime's, a
 * static call's): its conditions then hold nothing for s->call to get
 * around (an UNBOUND line; "all" never). */
static bool of_whole(const struct gen *g, const struct sp_sibling *s)
{
	if (s->how != SP_SIBLING_UNBOUND || !strcmp(s->of, "all"))
		return false;
	for (size_t i = 0; i < g->ncands; i++)
		if (!strcmp(g->cands[i].name, s->of) &&
		    g->cands[i].action == SP_ACT_ALLOW && !g->cands[i].nconds)
			return true;
	return false;
}

/* Whether line s, its filters holding, marks c: a rule for s->call
 * that lets through what s is about (with conditions, for MUX). */
static bool marks(const struct sp_profile *p, const struct sp_sibling *s,
		  const struct cand *c)
{
	return !(s->how == SP_SIBLING_MUX && !c->nconds) &&
	       !strcmp(c->name, s->call) && c->action == SP_ACT_ALLOW &&
	       lets_through(p, s, c);
}

/* Whether a line before k with k's call and note marks a rule (fcntl's
 * F_SETOWN and F_SETOWN_EX): the note was told there. */
static bool told_before(const struct gen *g, const struct sp_profile *p,
			unsigned k)
{
	const struct sp_sibling *s = sp_sibling_at(k);

	for (unsigned j = 0; j < k; j++) {
		const struct sp_sibling *t = sp_sibling_at(j);

		if (strcmp(t->call, s->call) || strcmp(t->note, s->note) ||
		    t->how != s->how || !of_constrained(g, t) ||
		    of_whole(g, t) || of_allows_it(g, t) ||
		    !of_lets_through(g, p, t))
			continue;
		for (size_t i = 0; i < g->ncands; i++)
			if (marks(p, t, &g->cands[i]))
				return true;
	}
	return false;
}

static void warn_siblings(struct gen *g, const struct sp_profile *p)
{
	static const enum sp_sibling_how hows[] = {
		SP_SIBLING_BYPASS, SP_SIBLING_UNBOUND, SP_SIBLING_MUX,
	};

	for (size_t h = 0; h < ARRAY_SIZE(hows); h++) {
		for (unsigned k = 0; k < sp_sibling_count(); k++) {
			const struct sp_sibling *s = sp_sibling_at(k);
			enum sp_arch on = SP_ARCH_UNKNOWN;
			bool told = false;

			if (s->how != hows[h] || !of_constrained(g, s) ||
			    of_whole(g, s) || of_allows_it(g, s) ||
			    !of_lets_through(g, p, s))
				continue;
			/* The note names the first listed arch where the
			 * line holds and the call is. */
			for (size_t a = p->narchs; a-- > 0;) {
				int64_t nr;

				if (sp_sibling_on(s, p->archs[a]) &&
				    (on == SP_ARCH_UNKNOWN ||
				     !sp_syscall_nr(p->archs[a], s->call, &nr) ||
				     sp_syscall_muxed(p->archs[a], s->call)))
					on = p->archs[a];
			}
			for (size_t i = 0; on != SP_ARCH_UNKNOWN &&
					   i < g->ncands;
			     i++) {
				struct cand *c = &g->cands[i];

				if (!marks(p, s, c))
					continue;
				if (!c->warn)
					c->warn = s->note;
				if (!told && !told_before(g, p, k))
					note_sibling(g, s->call, on, s->note);
				told = true;
			}
		}
	}
}

#define SP_RUNTIME_WHOLE_NOTE "the OCI runtime's window allows it " \
	"whatever its arguments (the runtime makes it itself under the " \
	"container's filter): the conditions of the workload's own rules " \
	"for it hold nothing back"

#define SP_RUNTIME_WHOLE_NOTES "the OCI runtime's window allows them " \
	"whatever their arguments (the runtime makes them itself under the " \
	"container's filter): the conditions of the workload's own rules " \
	"for them hold nothing back"

/* An OCI runtime's rule that allows a call whatever its arguments
 * beside the workload's rules with conditions for it (--args strict's
 * open flags, fcntl's cmd, futex's op beside runc's openat, fcntl,
 * futex): the filter is their union, so those conditions hold nothing.
 * Said as a sibling's is, before them: each runtime rule's comment, and
 * one warning for the one cause, naming every such call ("openat,
 * futex, fcntl"), per arch where the first arch having a call differs. */
static void warn_runtime_whole(struct gen *g, const struct sp_profile *p)
{
	for (size_t a = 0; a < p->narchs; a++) {
		char names[512] = "";
		size_t len = 0, n = 0;

		for (size_t i = 0; i < g->ncands; i++) {
			struct cand *c = &g->cands[i];
			bool held = false, said = false;
			size_t first = p->narchs;

			if (c->origin != SP_ORIGIN_RUNTIME || c->nconds ||
			    c->action != SP_ACT_ALLOW)
				continue;
			for (size_t j = 0; j < g->ncands && !held; j++)
				held = g->cands[j].origin !=
					       SP_ORIGIN_RUNTIME &&
				       g->cands[j].action == SP_ACT_ALLOW &&
				       g->cands[j].nconds &&
				       !strcmp(g->cands[j].name, c->name);
			if (!held)
				continue;
			c->warn = SP_RUNTIME_WHOLE_NOTE;
			for (size_t b = 0; b < p->narchs && first == p->narchs;
			     b++)
				if (arch_has(p->archs[b], c->name))
					first = b;
			if (first != a)
				continue;
			/* Another runtime's rule for the same call. */
			for (size_t j = 0; j < i && !said; j++)
				said = g->cands[j].warn &&
				       !strcmp(g->cands[j].warn,
					       SP_RUNTIME_WHOLE_NOTE) &&
				       !strcmp(g->cands[j].name, c->name);
			if (said || len + strlen(c->name) + 3 > sizeof(names))
				continue;
			len += (size_t)snprintf(names + len,
						sizeof(names) - len, "%s%s",
						n ? ", " : "", c->name);
			n++;
		}
		if (n)
			note_sibling(g, names, p->archs[a],
				     n > 1 ? SP_RUNTIME_WHOLE_NOTES :
					     SP_RUNTIME_WHOLE_NOTE);
	}
}

/* SAME and ROW lines (sibling.def): a rule that allows s->call whatever
 * its arguments, where the --args mode constrains one of them, beside a
 * rule of s->of with conditions: those hold nothing against s->call.
 * Said as an UNBOUND line is, after them (glibc's raise() makes tgkill
 * reachable, allowed whole, beside a recorded kill(SIGTERM)). */
static void warn_whole_siblings(struct gen *g, const struct sp_profile *p)
{
	for (unsigned k = 0; k < sp_sibling_count(); k++) {
		const struct sp_sibling *s = sp_sibling_at(k);
		const struct sp_argspec *spec;
		bool held = false, mode = false, told = false;

		if ((s->how != SP_SIBLING_SAME && s->how != SP_SIBLING_ROW) ||
		    !of_constrained(g, s))
			continue;
		for (size_t i = 0; i < g->ncands && !held; i++)
			held = !strcmp(g->cands[i].name, s->of) &&
			       g->cands[i].action == SP_ACT_ALLOW &&
			       g->cands[i].nconds;
		/* Where s->of is also allowed whole (an OCI runtime's
		 * window), its conditions hold nothing back. */
		for (size_t i = 0; i < g->ncands && held; i++)
			held = strcmp(g->cands[i].name, s->of) ||
			       g->cands[i].action != SP_ACT_ALLOW ||
			       g->cands[i].nconds;
		spec = spec_of(p, s->call);
		for (unsigned a = 0; a < SP_NARGS && !mode; a++)
			mode = constrained(g, spec, a);
		if (!held || !mode)
			continue;
		for (size_t i = 0; i < g->ncands; i++) {
			struct cand *c = &g->cands[i];

			if (strcmp(c->name, s->call) || c->nconds ||
			    c->action != SP_ACT_ALLOW)
				continue;
			if (!c->warn)
				c->warn = s->whole;
			for (size_t a = 0; a < p->narchs && !told; a++)
				if (sp_sibling_on(s, p->archs[a]) &&
				    arch_has(p->archs[a], s->call)) {
					note_sibling(g, s->call, p->archs[a],
						     s->whole);
					told = true;
				}
		}
	}
}

static bool allowed_anywhere(const struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->ncands; i++)
		if (strcmp(g->cands[i].name, name) == 0)
			return true;
	return false;
}

/* Names that some listed arch knows: the others would only be noise. */
static bool known_name(const struct sp_profile *p, const char *name)
{
	int64_t nr;

	for (size_t i = 0; i < p->narchs; i++)
		if (sp_syscall_nr(p->archs[i], name, &nr) == 0)
			return true;
	return false;
}

/* Whether an argument of spec lies in memory (argkind.def STRUCT). */
static bool has_struct(const struct sp_argspec *spec)
{
	for (unsigned a = 0; a < SP_NARGS; a++)
		if (spec->kind[a] == SP_ARGKIND_STRUCT)
			return true;
	return false;
}

/* The argument spec of name on the first of p's arches that knows it and
 * takes its arguments in registers, else on the first that knows it
 * (every argument 64 bits wide when none does).  A rule by name holds on
 * every listed arch: one whose arguments lie in memory (x86's old_mmap)
 * binds nothing whatever the conditions say (sibling.def UNBOUND says
 * so), and must not free the call where they are registers (--arch
 * x86,x86_64 let a static binary's mmap map W+X on x86_64). */
static const struct sp_argspec *spec_of(const struct sp_profile *p,
					const char *name)
{
	static const struct sp_argspec wide = { .wide = 0x3f };
	const struct sp_argspec *first = NULL;
	int64_t nr;

	for (size_t i = 0; i < p->narchs; i++) {
		const struct sp_argspec *spec;

		if (sp_syscall_nr(p->archs[i], name, &nr))
			continue;
		spec = sp_argkind_lookup(p->archs[i], nr);
		if (!has_struct(spec))
			return spec;
		if (!first)
			first = spec;
	}
	return first ? first : &wide;
}

/* "argument index of name equals value" at the argument's width, as a
 * recorded value would be written. */
static struct sp_cond runtime_cond(const struct sp_profile *p,
				   const char *name, unsigned index,
				   uint64_t value)
{
	return cond_eq(spec_of(p, name), index, value);
}

/* The OCI runtime's calls first: a call it needs is allowed, never
 * refused as a fallback. */
static int add_runtime(struct gen *g, const struct sp_profile *p)
{
	/* Allowed as the runtime makes it, whatever
	 * the workload's rules for the same call say (a union): a rule of
	 * its own beside theirs, unless one of them already allows the call
	 * whatever the arguments. */
	for (size_t i = 0; i < ARRAY_SIZE(runtime_calls);
	     i++) {
		const char *name = runtime_calls[i].name;
		struct sp_cond c;
		bool cond = runtime_calls[i].index >= 0 &&
			    g->o->args != SP_ARGS_NONE;
		bool dup = false;
		struct cand *nc;

		if (!(runtime_calls[i].runtime & g->o->runtimes) ||
		    (g->o->no_new_privs &&
		     runtime_calls[i].when == SP_RUNTIME_PRIV) ||
		    !known_name(p, name))
			continue;
		if (cond)
			c = runtime_cond(p, name, (unsigned)runtime_calls[i].index,
					 runtime_calls[i].value);
		for (size_t j = 0; j < g->ncands && !dup; j++) {
			const struct cand *x = &g->cands[j];

			dup = strcmp(x->name, name) == 0 &&
			      x->action == SP_ACT_ALLOW &&
			      (!x->nconds ||
			       (cond && x->nconds == 1 &&
				sp_cond_cmp(&x->conds[0], &c) == 0));
		}
		if (dup)
			continue;
		nc = new_cand(g, name, SP_ORIGIN_RUNTIME);
		if (!nc)
			return -ENOMEM;
		if (cond)
			nc->conds[nc->nconds++] = c;
	}
	return 0;
}

/* Whether name's rules so far, but those of origin but, decide what
 * static coverage would add: the workload's own recorded rules (which
 * keep their conditions), a sibling refusal (clone3 refused so that
 * clone's conditions hold), or a rule that allows it whatever the
 * arguments.  Only an OCI runtime's rule with conditions leaves room for
 * another; and another arch's static rules (but SP_ORIGIN_STATIC) for
 * this arch's sites. */
static bool covered_but(const struct gen *g, const char *name,
			enum sp_origin but)
{
	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *c = &g->cands[i];

		if (strcmp(c->name, name) == 0 && c->origin != but &&
		    (c->origin != SP_ORIGIN_RUNTIME || !c->nconds))
			return true;
	}
	return false;
}

static bool covered(const struct gen *g, const char *name)
{
	return covered_but(g, name, SP_ORIGIN_COUNT);
}

/* The argument indexes the workload's own rules for name read (their
 * conditions), 0 when one of them allows the call whatever the
 * arguments or there is none. */
static unsigned recorded_indexes(const struct gen *g, const char *name)
{
	unsigned idx = 0;

	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *c = &g->cands[i];

		if (strcmp(c->name, name) || c->action != SP_ACT_ALLOW ||
		    (c->origin != SP_ORIGIN_RECORDED &&
		     c->origin != SP_ORIGIN_BASELINE))
			continue;
		if (!c->nconds)
			return 0;
		for (size_t k = 0; k < c->nconds; k++)
			idx |= 1u << c->conds[k].index;
	}
	return idx;
}

/* Whether the workload's recording (or a baseline) allows name: its
 * static calls are beside those rules (add_static_args), another
 * arch's static rules for it or an OCI runtime's none of its own. */
static bool recorded_name(const struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->ncands; i++)
		if (!strcmp(g->cands[i].name, name) &&
		    g->cands[i].action == SP_ACT_ALLOW &&
		    (g->cands[i].origin == SP_ORIGIN_RECORDED ||
		     g->cands[i].origin == SP_ORIGIN_BASELINE))
			return true;
	return false;
}

/* from's condition on argument k, or NULL. */
static const struct sp_cond *cond_on(const struct cand *from, unsigned k)
{
	for (size_t j = 0; j < from->nconds; j++)
		if (from->conds[j].index == k)
			return &from->conds[j];
	return NULL;
}

/* The SP_ARG_RECAST line hold_recasts holds c to, or NULL: c allows a
 * call whose argument sel is from and refuses it as to, and leaves
 * index free. */
static const struct sp_argrecast *recast_of(const struct cand *c)
{
	for (unsigned r = 0; r < sp_argkind_recast_count(); r++) {
		const struct sp_argrecast *x = sp_argkind_recast_at(r);
		const struct sp_cond *sel = cond_on(c, x->sel);

		if (!strcmp(c->name, x->syscall) &&
		    c->action == SP_ACT_ALLOW && sel &&
		    sp_cond_holds(sel, x->from) && !sp_cond_holds(sel, x->to) &&
		    !cond_on(c, x->index) && c->nconds < ARRAY_SIZE(c->conds))
			return x;
	}
	return NULL;
}

/* Whether a rule for name so far allows the argument values of t (as
 * hold_recasts will leave it: a site's constant SOCK_PACKET beside a
 * computed type gets a rule of its own). */
static bool allows(const struct gen *g, const char *name,
		   const struct sp_args *t)
{
	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *c = &g->cands[i];
		const struct sp_argrecast *x = recast_of(c);
		bool all = true;

		if (strcmp(c->name, name) || c->action != SP_ACT_ALLOW)
			continue;
		if (x && (t->kept & (1u << x->index)) &&
		    (t->args[x->index] & x->bits))
			continue;
		for (size_t k = 0; k < c->nconds && all; k++)
			all = (t->kept & (1u << c->conds[k].index)) &&
			      sp_cond_holds(&c->conds[k],
					    t->args[c->conds[k].index]);
		if (all)
			return true;
	}
	return false;
}

/* Whether c is a rule for name whose conditions a value computed inside
 * the C library is held to: the recording's, or a site's constants (the
 * resolver's UDP socket(AF_INET, ...) for its TCP one), not a value
 * computed, free or held itself. */
static bool holds_for(const struct cand *c, const char *name)
{
	return !strcmp(c->name, name) && c->action == SP_ACT_ALLOW &&
	       (c->origin == SP_ORIGIN_RECORDED ||
		c->origin == SP_ORIGIN_BASELINE ||
		(c->origin == SP_ORIGIN_STATIC && c->nconds &&
		 !c->computed && !c->held && !c->many));
}

/* Whether a rule for name allows whatever c does: each of its
 * conditions one of c's. */
static bool subsumed(const struct gen *g, const char *name,
		     const struct cand *c)
{
	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *x = &g->cands[i];
		bool all = !strcmp(x->name, name) &&
			   x->action == SP_ACT_ALLOW;

		for (size_t k = 0; k < x->nconds && all; k++) {
			all = false;
			for (size_t j = 0; j < c->nconds && !all; j++)
				all = sp_cond_cmp(&x->conds[k],
						  &c->conds[j]) == 0;
		}
		if (all)
			return true;
	}
	return false;
}

/* The conditions over the arguments tidx of the tuple t, into tmp: a
 * constant as that value; a guarded argument computed at run time with
 * the guard's bits clear; an unguarded one computed (held) as from, a
 * rule for the name, has it, and so what it picks (SP_ARG_WHEN), read
 * or not in tidx.  False when from has none for a held
 * argument (its own other values may be why it is free there), or
 * holds one another argument picks (SP_ARG_WHEN: a socket's protocol)
 * for a selector the tuple's constant is not (NETLINK_ROUTE means
 * nothing beside AF_PACKET), or holds a selector whose pick, a constant
 * of the tuple's, it refuses (send_dg's protocol 0 is NETLINK_ROUTE
 * beside a family held to a NETLINK_AUDIT rule's); or when a rule
 * already allows every tuple they let through: one whose conditions
 * are all among them (syslog's socket(AF_UNIX, type) held to the
 * recorded socket(AF_UNIX, SOCK_DGRAM) is that rule again), or the held
 * conditions single values (an enumeration's) and a rule allowing t
 * with those. */
static bool tuple_conds(const struct gen *g, const struct sp_profile *p,
			const char *name, const struct sp_argspec *spec,
			const struct sp_args *t, unsigned tidx,
			unsigned computed, unsigned held,
			const struct cand *from, struct cand *tmp)
{
	struct sp_args w = *t;
	bool single = held != 0;
	unsigned want = tidx, also;

	/* What a held selector picks is held as from holds it, where the
	 * recording's rules read it nowhere (a site's NETLINK_ROUTE beside
	 * AF_NETLINK, when no netlink socket was recorded): a constant of
	 * the tuple's as that value, else as from has it. */
	for (unsigned d = 0; d < SP_NARGS; d++)
		if ((spec->when & (1u << d)) &&
		    (held & (1u << spec->when_sel[d])) && cond_on(from, d))
			want |= 1u << d;
	also = want & ~tidx & ~t->kept;
	for (unsigned k = 0; k < SP_NARGS; k++) {
		struct sp_cond *cd = &tmp->conds[tmp->nconds];

		if (!(want & (1u << k)))
			continue;
		if ((held | also) & (1u << k)) {
			const struct sp_cond *sel, *on = cond_on(from, k);
			unsigned s = spec->when_sel[k];

			if (!on)
				return false;
			sel = cond_on(from, s);
			if ((spec->when & (1u << k)) &&
			    (t->kept & (1u << s)) &&
			    (!sel || !sp_cond_holds(sel, t->args[s])))
				return false;
			for (unsigned d = 0; d < SP_NARGS; d++) {
				const struct sp_cond *dep = cond_on(from, d);

				if ((spec->when & (1u << d)) &&
				    spec->when_sel[d] == k &&
				    (t->kept & (1u << d)) && dep &&
				    !sp_cond_holds(dep, t->args[d]))
					return false;
			}
			*cd = *on;
			if (cd->op == SP_CMP_EQ ||
			    (cd->op == SP_CMP_MASKED_EQ &&
			     cd->value == width_mask(spec, k))) {
				w.args[k] = cd->op == SP_CMP_EQ ?
						    cd->value :
						    cd->value_two;
				w.kept |= (uint8_t)(1u << k);
			} else {
				single = false;
			}
		} else if (computed & (1u << k)) {
			/* Unguarded: only x->many's or one free. */
			if (!spec->guard[k])
				continue;
			*cd = cond_within(spec, k, ~spec->guard[k]);
		} else {
			*cd = runtime_cond(p, name, k, t->args[k]);
			/* An int argument: the register's upper half is
			 * not the program's (mov $-1, %rdi is -1 too). */
			if (cd->op == SP_CMP_MASKED_EQ)
				cd->value_two &= cd->value;
		}
		tmp->nconds++;
	}
	if (held && subsumed(g, name, tmp))
		return false;
	return !single || !allows(g, name, &w);
}

/* A static call the recording did not make, allowed whatever its
 * arguments (no tuple known, nothing the --args mode constrains, or a
 * site computing every argument read, none guarded): one rule, without
 * the name's static rules with conditions, which it holds (another
 * arch's sites' constants); none where a rule allows the call whole
 * already (an OCI runtime's).  A runtime's rule with conditions for
 * the name stays beside it. */
static int add_whole(struct gen *g, const char *name, const char *why)
{
	size_t n = 0;
	bool had = false;
	struct cand *c;

	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *x = &g->cands[i];

		if (!strcmp(x->name, name) && x->origin == SP_ORIGIN_STATIC)
			continue;
		had |= !strcmp(x->name, name) && x->action == SP_ACT_ALLOW &&
		       !x->nconds;
		g->cands[n++] = *x;
	}
	g->ncands = n;
	if (had)
		return 0;
	c = new_cand(g, name, SP_ORIGIN_STATIC);
	if (!c)
		return -ENOMEM;
	c->why = why;
	return 0;
}

/* Rules for name over the arguments idx, one for each argument tuple a
 * reachable site passes that no rule allows yet: beside the workload's
 * rules for name (recorded: idx, the arguments their conditions read),
 * or for a call the recording did not make (idx, its guarded
 * arguments).  An argument constant at the site is allowed as that
 * value (fork()'s clone flags in a program whose recording saw threads
 * only), and so is one a reachable caller passes as a constant to a
 * wrapper that passes it on (git's ioctl(1, TIOCGWINSZ), glibc's
 * pthread_setname_np's prctl(PR_SET_NAME)): what the loaded code can
 * do.  One computed at run time (posix_spawn's clone flags, built in
 * a struct) is not known here: if its argkind.def row has a guard, it is
 * allowed with the guard's bits clear, "(arg & guard) == 0", and without
 * one the recorded conditions stand for it (nearly every libc wrapper,
 * ioctl() or prctl(), passes its caller's values: freeing those would
 * undo the conditions), beside the constants the site passes for the
 * others (res_send's socket(family, SOCK_STREAM|SOCK_CLOEXEC) for DNS
 * over TCP: each family recorded, or constant at another site, with
 * that type; after the constant tuples, whose rules it is held to too)
 * — unless x->many: the sites pass more constants
 * than the tuples list, values the recorded conditions would refuse,
 * so it is free but for its guard too; or unless the recording did not
 * make the call (recorded false): there are no conditions to hold it
 * to, so it is free but for its guard, in that site's rule, beside the
 * site's constants (the resolver's socket() of a name server's family,
 * in a program recorded without a socket); or unless code outside the C
 * library computes it and calls the wrapper as an import (the caller
 * byte names the argument, SP_CALLER_OUTSIDE_LIBC, and it is not kept:
 * Tcl's and curl's socket() of getaddrinfo()'s family, Python's
 * fcntl.ioctl()): that code may pass any value, so it is free but for
 * its guard.  A guarded argument the C library's own code
 * passes to its wrapper counts as computed: its internal paths, which
 * the closure reaches whether or not they run (the stack made
 * executable for a library that asks for it: mprotect() with
 * PROT_EXEC), lift no guard.  Code outside it calling the wrapper as an
 * import (SP_CALLER_OUTSIDE_LIBC: PCRE2's JIT, mmap() with
 * PROT_READ|PROT_WRITE|PROT_EXEC) shows what it does, as a constant at
 * the syscall instruction does: that value is allowed, by equality, so
 * no other guarded bit comes with it.  The tuples with a computed
 * argument go first: their rule may allow the constant ones too; those
 * with a held one last, held to the constant ones' rules as well.  For
 * a call the recording did not make, a tuple whose rule would have no
 * condition (every argument idx reads computed, none guarded: glibc's
 * socket() passing its callers' family and type) allows the call
 * whatever the arguments: one rule, as a call without tuples gets
 * (add_whole), the name's other static rules dropped. */
static int add_static_args(struct gen *g, const struct sp_profile *p,
			   const char *name, const struct sp_generate_extra *x,
			   unsigned idx, bool recorded)
{
	const struct sp_argspec *spec = spec_of(p, name);
	bool strict = g->o->args == SP_ARGS_STRICT;
	uint8_t dep = strict ? spec->only_when : spec->when;
	unsigned guarded = 0;
	bool whole = false;

	for (unsigned k = 0; k < SP_NARGS; k++)
		if (spec->guard[k])
			guarded |= 1u << k;
	for (int pass = 0; idx && pass < 3 && !whole; pass++) {
		for (size_t i = 0; i < x->nargs && !whole; i++) {
			struct sp_args t = x->args[i];
			uint8_t caller = x->caller ? x->caller[i] : 0;
			unsigned computed, free, held, tidx = idx;
			size_t end;

			if (!(caller & SP_CALLER_OUTSIDE_LIBC))
				t.kept &= (uint8_t)~(caller & guarded);
			/* An argument another one picks (SP_ARG_WHEN),
			 * that one a constant: held where it picks it. */
			for (unsigned k = 0; k < SP_NARGS; k++) {
				if (!(dep & (1u << k)) ||
				    !(t.kept & (1u << spec->when_sel[k])))
					continue;
				if (!sp_argkind_held(spec, k, t.args, strict))
					tidx &= ~(1u << k);
				else if (constrained(g, spec, k))
					tidx |= 1u << k;
			}
			computed = tidx & ~t.kept;
			/* Computed by code outside the C library: any
			 * value but for its guard, as x->many's. */
			free = caller & SP_CALLER_OUTSIDE_LIBC ?
				       caller & computed : 0;
			/* Computed inside it, unguarded: held to the
			 * recorded conditions, beside a constant (a site
			 * that passes none adds nothing to them); free
			 * where there are none. */
			held = x->many || !recorded ?
				       0 :
				       computed & ~guarded & ~free;
			if (pass != (held ? 2 : computed ? 0 : 1) ||
			    (held && !(tidx & ~computed)) ||
			    allows(g, name, &t))
				continue;
			end = g->ncands;
			for (size_t r = 0; r < (held ? end : 1); r++) {
				const struct cand *from = NULL;
				struct cand tmp = { 0 }, *c;

				if (held) {
					from = &g->cands[r];
					if (!holds_for(from, name))
						continue;
				}
				if (!tuple_conds(g, p, name, spec, &t, tidx,
						 computed, held, from, &tmp) ||
				    has_conds(g, name, &tmp, SP_ORIGIN_STATIC))
					continue;
				if (!recorded && !tmp.nconds) {
					whole = true;
					break;
				}
				c = new_cand_conds(g, name, SP_ORIGIN_STATIC,
						   &tmp);
				if (!c)
					return -ENOMEM;
				c->why = x->why;
				c->computed = (computed & ~held) != 0;
				c->held = held != 0;
				c->many = x->many;
				/* The site that computes a value, or the
				 * caller that passes it to the wrapper. */
				c->site = (computed ||
					   (caller & t.kept & idx)) &&
						  x->sites ?
					  x->sites[i] :
					  NULL;
				c->recorded = recorded;
			}
		}
	}
	return whole ? add_whole(g, name, x->why) : 0;
}

/* A call a language runtime makes on timing alone, when the workload's
 * recording does not name it and no rule allows it whole: whatever the
 * arguments but for its guarded ones (argkind.def), "(arg & guard) ==
 * 0", as a static call's computed ones: a runtime's thread is no new
 * namespace, its heap no executable memory (a Go program's clone and
 * mmap, allowed whole, made a new user namespace and W+X memory). */
static int add_lang(struct gen *g, const struct sp_profile *p,
		    const char *name, const char *why)
{
	const struct sp_argspec *spec;
	struct cand tmp = { 0 }, *c;

	if (!name || covered(g, name) || !known_name(p, name))
		return 0;
	spec = spec_of(p, name);
	for (unsigned k = 0; k < SP_NARGS; k++)
		if (spec->guard[k] && constrained(g, spec, k))
			tmp.conds[tmp.nconds++] =
				cond_within(spec, k, ~spec->guard[k]);
	c = new_cand_conds(g, name, SP_ORIGIN_LANG, &tmp);
	if (!c)
		return -ENOMEM;
	c->why = why;
	return 0;
}

/* A call the code could make that the recording did not: bound by the
 * sites' tuples (add_static_args) in the arguments the --args mode
 * constrains, as a recorded call would be: each constant every site
 * passes (ioctl's TCGETS from isatty(), a static program's
 * socket(AF_UNIX, SOCK_STREAM)) as that value, an argument a site
 * computes free in that site's rule but for its guard (clone without a
 * namespace bit where posix_spawn() computes its flags).  Whatever the
 * arguments where no tuple is known, under --args none, or where a
 * site computes every argument read and none is guarded. */
static int add_static_call(struct gen *g, const struct sp_profile *p,
			   const char *name, const struct sp_generate_extra *x)
{
	const struct sp_argspec *spec;
	unsigned idx = 0;

	if (!name || !known_name(p, name))
		return 0;
	spec = spec_of(p, name);
	for (unsigned k = 0; k < SP_NARGS; k++)
		if (constrained(g, spec, k))
			idx |= 1u << k;
	if (!idx || !x->nargs)
		return add_whole(g, name, x->why);
	return add_static_args(g, p, name, x, idx, false);
}

/* Whether name is a struct sibling folded into another call (clone3). */
static bool folded_sibling(const char *name)
{
	for (unsigned k = 0; k < sp_sibling_count(); k++)
		if (sp_sibling_at(k)->how == SP_SIBLING_FOLD &&
		    strcmp(sp_sibling_at(k)->call, name) == 0)
			return true;
	return false;
}

/* Under --args auto, the twins of each rule (recorded, from a baseline,
 * or a site's constants) with values that grant what its own grant: for
 * a condition on an enumeration that holds one value of an alike pair
 * (argkind.def SP_ARG_ALIKE: AF_INET, AF_INET6), the other value; for
 * one on an argument whose guard is all it grants (SP_ARG_GUARD_ONLY:
 * clone's flags), any value without the guard's bits.  Each twin keeps
 * the rule's other conditions and is added unless a rule has its
 * conditions already. */
static int add_twins(struct gen *g, const struct sp_profile *p)
{
	size_t end = g->ncands;

	if (g->o->args != SP_ARGS_AUTO)
		return 0;
	for (size_t i = 0; i < end; i++) {
		const char *name = g->cands[i].name;
		const struct sp_argspec *spec = spec_of(p, name);

		if (g->cands[i].action != SP_ACT_ALLOW ||
		    (g->cands[i].origin != SP_ORIGIN_RECORDED &&
		     g->cands[i].origin != SP_ORIGIN_BASELINE &&
		     g->cands[i].origin != SP_ORIGIN_STATIC))
			continue;
		/* Condition k's m-th twin: one for a guard, one per value
		 * alike for an enumeration (TCSETS: TCSETSW, TCSETSF). */
		for (size_t k = 0; k < g->cands[i].nconds; k++)
			for (unsigned m = 0;; m++) {
				struct cand twin = g->cands[i], *c;
				const struct sp_cond *cond = &twin.conds[k];
				unsigned a = cond->index;
				uint64_t v = cond->op == SP_CMP_EQ ?
						cond->value : cond->value_two;
				uint64_t w = 0, guard = 0;

				if (spec->guard[a] &&
				    sp_argkind_guard_only(name, a)) {
					if (m)
						break;
					guard = spec->guard[a];
					twin.conds[k] = cond_within(spec, a,
								    ~guard);
				} else if (spec->kind[a] == SP_ARGKIND_ENUM &&
					   sp_argkind_alike(name, a, v, m,
							    &w)) {
					twin.conds[k] = cond_eq(spec, a, w);
				} else {
					break;
				}
				if (has_conds(g, name, &twin,
					      SP_ORIGIN_COUNT))
					continue;
				c = new_cand_conds(g, name, SP_ORIGIN_ALIKE,
						   &twin);
				if (!c)
					return -ENOMEM;
				c->warn = twin.warn;
				c->alike_arg = a;
				c->alike_of = v;
				c->alike_to = w;
				c->alike_guard = guard;
				c->alike_static = g->cands[i].origin ==
						  SP_ORIGIN_STATIC;
			}
	}
	return 0;
}

/* A FORM line's operation (SP_SIBLING_OP: unlinkat's flags 0, unlink's
 * form), on the low 32 bits: every such argument is an int. */
static struct sp_cond form_op(const struct sp_sibling *s)
{
	return (struct sp_cond){ .index = (unsigned)s->op_index,
				 .op = SP_CMP_MASKED_EQ, .value = UINT32_MAX,
				 .value_two = s->op_value };
}

/* Whether a rule for s->call allows s's operation already: whole, or
 * held to that very value. */
static bool form_op_allowed(const struct gen *g, const struct sp_sibling *s)
{
	struct sp_cond op = form_op(s);

	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *c = &g->cands[i];

		if (!strcmp(c->name, s->call) && c->action == SP_ACT_ALLOW &&
		    (!c->nconds || (c->nconds == 1 &&
				    sp_cond_cmp(&c->conds[0], &op) == 0)))
			return true;
	}
	return false;
}

/* Unless --args strict, the calls of sibling.def's FORM lines (fchmod)
 * whose path form (chmod, fchmodat) a rule of the workload's allows
 * whatever its arguments: they grant nothing it does not.  The OCI
 * runtime's window is not the workload's, nor does a rule with
 * conditions say the call is free.  A line's operation (unlinkat's flags
 * 0) is held unless --args none, which writes names only: there the
 * call by name, as add_abi's forms (unlinkat for unlink on aarch64). */
static int add_forms(struct gen *g, const struct sp_profile *p)
{
	if (g->o->args == SP_ARGS_STRICT)
		return 0;
	for (unsigned k = 0; k < sp_sibling_count(); k++) {
		const struct sp_sibling *s = sp_sibling_at(k);
		bool free_of = false,
		     held = s->op_index >= 0 && g->o->args != SP_ARGS_NONE;
		struct cand *c;

		if (s->how != SP_SIBLING_FORM)
			continue;
		for (size_t i = 0; i < g->ncands && !free_of; i++) {
			const struct cand *o = &g->cands[i];

			free_of = strcmp(o->name, s->of) == 0 &&
				  o->action == SP_ACT_ALLOW && !o->nconds &&
				  o->origin != SP_ORIGIN_RUNTIME;
		}
		if (!free_of || !known_name(p, s->call) ||
		    (held ? form_op_allowed(g, s) : covered(g, s->call)))
			continue;
		c = new_cand(g, s->call, SP_ORIGIN_ALIKE);
		if (!c)
			return -ENOMEM;
		c->form = s;
		if (held)
			c->conds[c->nconds++] = form_op(s);
	}
	return 0;
}

/* The static calls and the language runtimes', then the siblings'
 * refusals (refuse_folded: clone may have got conditions here, a guard
 * among them), then the static and language struct siblings, whom a
 * refusal covers. */
static int add_extras(struct gen *g, const struct sp_profile *p)
{
	int rc = 0;

	for (int pass = 0; pass < 2 && !rc; pass++) {
		if (pass == 1)
			rc = refuse_folded(g, p);
		for (size_t i = 0; i < g->o->nstatics && !rc; i++) {
			const struct sp_generate_extra *x = &g->o->statics[i];
			const char *name = sp_syscall_name(x->arch, x->nr);

			if (!name || folded_sibling(name) != (pass == 1))
				continue;
			if (recorded_name(g, name))
				rc = add_static_args(g, p, name, x,
						     recorded_indexes(g, name),
						     true);
			else if (!covered_but(g, name, SP_ORIGIN_STATIC))
				rc = add_static_call(g, p, name, x);
		}
		for (size_t i = 0; i < ARRAY_SIZE(lang_calls) && !rc; i++)
			if ((g->o->langs & SP_LANG_BIT(lang_calls[i].lang)) &&
			    folded_sibling(lang_calls[i].name) == (pass == 1))
				rc = add_lang(g, p, lang_calls[i].name,
					      sp_lang_name(lang_calls[i].lang));
	}
	return rc;
}

static bool arch_has(enum sp_arch arch, const char *name)
{
	int64_t nr;

	return sp_syscall_nr(arch, name, &nr) == 0;
}

/* Whether abi.def's line k says what arch's C library makes for its
 * legacy call: arch lacks the legacy call and has the line's; an
 * SP_ABI_OR line only where the calls of the lines before it in its
 * chain are missing too. */
static bool abi_applies(size_t k, enum sp_arch arch)
{
	const struct abi_line *l = &abi_lines[k];

	if (arch_has(arch, l->legacy) || !arch_has(arch, l->call))
		return false;
	for (size_t j = k; j > 0 && abi_lines[j].how == ABI_OR; j--)
		if (arch_has(arch, abi_lines[j - 1].call))
			return false;
	return true;
}

/* The argument spec of name: on a listed arch that knows it, else on
 * any arch that does (a call recorded on x86_64, --arch aarch64). */
static const struct sp_argspec *spec_anywhere(const struct sp_profile *p,
					      const char *name)
{
	int64_t nr;

	if (known_name(p, name))
		return spec_of(p, name);
	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++)
		if (sp_syscall_nr((enum sp_arch)a, name, &nr) == 0)
			return sp_argkind_lookup((enum sp_arch)a, nr);
	return spec_of(p, name);
}

/* Whether a condition on argument i of from means the same as on
 * argument j of to, and the --args mode constrains it there. */
static bool carries(const struct gen *g, const struct sp_argspec *from,
		    unsigned i, const struct sp_argspec *to, unsigned j)
{
	return from->kind[i] == to->kind[j] &&
	       !(from->wide & (1u << i)) == !(to->wide & (1u << j)) &&
	       constrained(g, to, j);
}

/* Allowed beside name's rules so far, unless one of them already allows
 * whatever t's conditions allow (none, or the same). */
static int add_abi_cand(struct gen *g, const char *name,
			const struct cand *t)
{
	struct cand *c;

	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *x = &g->cands[i];
		bool same = x->nconds == t->nconds;

		if (strcmp(x->name, name) || x->action != SP_ACT_ALLOW)
			continue;
		for (size_t k = 0; k < t->nconds && same; k++)
			same = sp_cond_cmp(&x->conds[k], &t->conds[k]) == 0;
		if (!x->nconds || same)
			return 0;
	}
	c = new_cand_conds(g, name, SP_ORIGIN_ARCH, t);
	if (!c)
		return -ENOMEM;
	c->abi = t->abi;
	c->abi_on = t->abi_on;
	c->abi_from = t->abi_from;
	return 0;
}

/* Line k forwards for rule x of its legacy call, on arch: x's conditions
 * at their new index where the meaning is the same, the constants the
 * library passes where the mode constrains them. */
static int abi_forward(struct gen *g, const struct sp_profile *p,
		       const struct cand *x, size_t k, enum sp_arch arch)
{
	const struct abi_line *l = &abi_lines[k];
	const struct sp_argspec *from = spec_anywhere(p, l->legacy);
	const struct sp_argspec *to = spec_of(p, l->call);
	struct cand t = { .abi = l, .abi_on = arch };

	for (unsigned j = 0; j < SP_NARGS; j++) {
		const struct abi_arg *a = &l->args[j];

		if (a->from == ABI_IS && constrained(g, to, j))
			t.conds[t.nconds++] = cond_eq(to, j, a->value);
		if (a->from <= 0 ||
		    !carries(g, from, (unsigned)a->from - 1, to, j))
			continue;
		for (size_t i = 0; i < x->nconds; i++)
			if (x->conds[i].index == (unsigned)a->from - 1) {
				t.conds[t.nconds] = x->conds[i];
				t.conds[t.nconds++].index = j;
			}
	}
	return add_abi_cand(g, l->call, &t);
}

/* Line k backwards for rule x of its call, recorded on rec, for arch
 * that has the legacy call: nothing when x's conditions refuse the
 * constants the library passes (dup3 with O_CLOEXEC only is no dup2);
 * its conditions moved back where the meaning is the same. */
static int abi_backward(struct gen *g, const struct sp_profile *p,
			const struct cand *x, size_t k, enum sp_arch arch,
			enum sp_arch rec)
{
	const struct abi_line *l = &abi_lines[k];
	const struct sp_argspec *from = spec_of(p, l->call);
	const struct sp_argspec *to = spec_of(p, l->legacy);
	struct cand t = { .abi = l, .abi_on = arch, .abi_from = rec };

	for (size_t i = 0; i < x->nconds; i++) {
		const struct abi_arg *a = &l->args[x->conds[i].index];
		unsigned to_i = (unsigned)a->from - 1;

		if (a->from == ABI_IS &&
		    !sp_cond_holds(&x->conds[i], a->value))
			return 0;
		if (a->from <= 0 ||
		    !carries(g, from, x->conds[i].index, to, to_i))
			continue;
		t.conds[t.nconds] = x->conds[i];
		t.conds[t.nconds++].index = to_i;
	}
	return add_abi_cand(g, l->legacy, &t);
}

/* The arches of the recorded calls, a bit each. */
static unsigned recorded_arches(const struct gen *g)
{
	unsigned set = 0;

	for (size_t i = 0; i < g->ntraces; i++)
		for (size_t j = 0; j < g->traces[i]->npatterns; j++) {
			const struct sp_pattern *pat =
				&g->traces[i]->patterns[j];

			if (sp_syscall_name(pat->arch, pat->nr))
				set |= 1u << pat->arch;
		}
	return set;
}

/* For each rule that allows a call (but the OCI runtime's: runtime.def
 * is by name, for the runtime of every arch), and each listed arch that
 * lacks it, what that arch's C library calls for it (abi.def); and for
 * a call recorded on an arch where the library calls it for a legacy
 * call that arch lacks, the legacy call on a listed arch that has it.
 * A profile's rules are by name: each holds on every listed arch that
 * has the call (dup3(fd, fd2, 0) on x86_64 too, which is what dup2
 * does there). */
static int add_abi(struct gen *g, const struct sp_profile *p)
{
	size_t end = g->ncands;
	unsigned rec = recorded_arches(g);
	int rc = 0;

	for (size_t i = 0; i < end && !rc; i++) {
		struct cand x = g->cands[i];

		if (x.action != SP_ACT_ALLOW ||
		    x.origin == SP_ORIGIN_RUNTIME)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(abi_lines) && !rc; k++) {
			const struct abi_line *l = &abi_lines[k];

			for (size_t a = 0; a < p->narchs && !rc; a++) {
				enum sp_arch on = p->archs[a];
				enum sp_arch r = SP_ARCH_UNKNOWN;

				if (!strcmp(l->legacy, x.name)) {
					if (abi_applies(k, on))
						rc = abi_forward(g, p, &x, k,
								 on);
					continue;
				}
				if (strcmp(l->call, x.name) ||
				    l->how == ABI_ALSO ||
				    !arch_has(on, l->legacy))
					continue;
				for (int b = SP_ARCH_UNKNOWN + 1;
				     b < SP_ARCH_COUNT && !r; b++)
					if ((rec & (1u << b)) &&
					    abi_applies(k, (enum sp_arch)b))
						r = (enum sp_arch)b;
				if (r)
					rc = abi_backward(g, p, &x, k, on, r);
			}
		}
	}
	return rc;
}

/* The safety sets, for names nothing else allows. */
static int add_safety(struct gen *g, const struct sp_profile *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(safety_calls);
	     i++) {
		const char *name = safety_calls[i].name;
		unsigned set = safety_calls[i].set;
		struct cand *c;

		if (!(g->o->safety & set) || allowed_anywhere(g, name) ||
		    !known_name(p, name))
			continue;
		c = new_cand(g, name,
			     set == SP_SAFETY_VDSO    ? SP_ORIGIN_VDSO :
			     set == SP_SAFETY_CONTROL ? SP_ORIGIN_CONTROL :
			     set == SP_SAFETY_ADVICE  ? SP_ORIGIN_ADVICE :
							SP_ORIGIN_FALLBACK);
		if (!c)
			return -ENOMEM;
		if (set == SP_SAFETY_FALLBACK || set == SP_SAFETY_ADVICE) {
			c->action = SP_ACT_ERRNO;
			c->errno_ret = ENOSYS;
		}
	}
	return 0;
}

/* Orders candidates so that those that share a rule are adjacent:
 * origin, coverage, action, conditions; then name. */
static int cmp_rule_key(const struct cand *x, const struct cand *y)
{
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	if (x->seen != y->seen)
		return x->seen > y->seen ? -1 : 1;
	if (x->seen_most != y->seen_most)
		return x->seen_most > y->seen_most ? -1 : 1;
	if (x->action != y->action)
		return x->action < y->action ? -1 : 1;
	if (x->errno_ret != y->errno_ret)
		return x->errno_ret < y->errno_ret ? -1 : 1;
	if (x->nconds != y->nconds)
		return x->nconds < y->nconds ? -1 : 1;
	if (x->computed != y->computed)
		return x->computed ? 1 : -1;
	if (x->held != y->held)
		return x->held ? 1 : -1;
	if (x->many != y->many)
		return x->many ? 1 : -1;
	if (x->recorded != y->recorded)
		return x->recorded ? 1 : -1;
	/* A FORM call's rule names its path form: one rule each. */
	if (x->form != y->form)
		return x->form < y->form ? -1 : 1;
	/* An arch rule names its line and arches: one rule each. */
	if (x->abi != y->abi)
		return x->abi < y->abi ? -1 : 1;
	if (x->abi_on != y->abi_on)
		return x->abi_on < y->abi_on ? -1 : 1;
	if (x->abi_from != y->abi_from)
		return x->abi_from < y->abi_from ? -1 : 1;
	if (x->warn != y->warn) {
		if (!x->warn || !y->warn)
			return x->warn ? 1 : -1;
		if (strcmp(x->warn, y->warn))
			return strcmp(x->warn, y->warn);
	}
	for (size_t i = 0; i < x->nconds; i++) {
		int c = sp_cond_cmp(&x->conds[i], &y->conds[i]);

		if (c)
			return c;
	}
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = cmp_rule_key(x, y);

	return c ? c : strcmp(x->name, y->name);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Whether exe is already in the ", by a, b" list of buf. */
static bool listed_exe(const char *buf, const char *exe)
{
	const char *by = strstr(buf, ", by ");
	size_t n = strlen(exe);

	for (const char *s = by ? by + 5 : NULL; s && *s;) {
		if (strncmp(s, exe, n) == 0 && (s[n] == ',' || !s[n]))
			return true;
		s = strstr(s, ", ");
		s = s ? s + 2 : NULL;
	}
	return false;
}

/* "sandprint: static: not recorded; reachable in the loaded code: clone
 * (fork() in libc.so.6, by redis-server), ..." and as much of the
 * evidence as fits (show lists it all); a static rule with conditions
 * (add_static_args) says whether the name was recorded (with other
 * arguments), that its values are the sites' constants, or where they
 * are computed at run time, at which site. */
static void evidence(const struct cand *first, const struct cand *end,
		     char *buf, size_t len)
{
	const char *what = first->nconds ?
				   "language runtimes make these on timing "
				   "alone: any value without the guarded bits "
				   "(argkind.def)" :
				   "language runtimes make these on timing alone";
	int w;
	size_t n;

	if (first->origin == SP_ORIGIN_STATIC)
		what = first->many ?
			       "the sites reachable in the code the recording "
			       "loaded pass more constants than are listed: "
			       "any value without the guarded bits "
			       "(argkind.def)" :
		       first->held && first->computed ?
			       "a site reachable in the code the recording "
			       "loaded passes some of them as constants and "
			       "computes the others at run time: those held "
			       "to the values recorded or constant at other "
			       "sites, or any value without the guarded bits "
			       "(argkind.def)" :
		       first->held ?
			       "a site reachable in the code the recording "
			       "loaded passes some of them as constants and "
			       "computes the others at run time: those held "
			       "to the values recorded or constant at other "
			       "sites" :
		       first->computed ?
			       "a site reachable in the code the recording "
			       "loaded computes them at run time: any value "
			       "without the guarded bits (argkind.def)" :
		       first->nconds ?
			       "these are constants at a site reachable in "
			       "the code the recording loaded" :
			       "reachable in the code the recording loaded";
	w = snprintf(buf, len, "sandprint: %s: %s; %s: ",
		     sp_origin_tag(first->origin),
		     first->recorded ? "recorded with other arguments" :
				       "not recorded",
		     what);
	n = w > 0 ? (size_t)w : 0;

	for (const struct cand *c = first; c < end && n < len; c++) {
		bool paren = c->why || c->site;
		int m = snprintf(buf + n, len - n, "%s%s%s%s%s%s%s%s",
				 c == first ? "" : ", ", c->name,
				 paren ? " (" : "", c->site ? "site: " : "",
				 c->site ? c->site : "",
				 c->site && c->why ? "; call: " : "",
				 c->why ? c->why : "", paren ? ")" : "");

		/* Cut at a whole entry, and say so. */
		if (m < 0 || (size_t)m + 6 >= len - n) {
			snprintf(buf + n, len - n, ", ...");
			return;
		}
		n += (size_t)m;
	}
}

/* "; write at write <- ... <- fflush <- main": where the rule's most
 * made call with a recorded stack (record --stacks) came from, as show
 * prints it; one site a rule, and only whole (nothing when it does not
 * fit). */
static void put_site(const struct cand *first, const struct cand *end,
		     char *buf, size_t len)
{
	const struct cand *at = NULL;
	char site[512];
	int w;

	for (const struct cand *c = first; c < end; c++)
		if (c->site_p &&
		    (!at || c->site_p->count > at->site_p->count))
			at = c;
	if (!at || !sp_trace_site_text(at->site_t, at->site_p->stack,
				       at->site_p->nframes, at->site_p->exe,
				       site, sizeof(site)))
		return;
	w = snprintf(buf, len, "; %s at %s", at->name, site);
	if (w < 0 || (size_t)w >= len)
		buf[0] = '\0';
}

static void describe(const struct gen *g, const struct cand *first,
		     const struct cand *end, char *buf, size_t len)
{
	size_t n = 0, shown = 0;
	uint64_t calls = 0, folded = 0;
	bool more = false;
	int w;

	for (const struct cand *c = first; c < end; c++) {
		calls += c->calls;
		folded += c->folded;
	}
	switch (first->origin) {
	case SP_ORIGIN_RECORDED:
		w = snprintf(buf, len, "sandprint: recorded: %" PRIu64 " call%s",
			     calls, calls == 1 ? "" : "s");
		n = w > 0 ? (size_t)w : 0;
		if (g->nruns > 1 && n < len) {
			const char *unit = g->nruns == g->ntraces ? "traces" :
								    "runs";

			char most[32] = "";

			/* "in 1 to 2 of 2 runs": the patterns do not tell. */
			if (first->seen_most > first->seen)
				snprintf(most, sizeof(most), " to %zu",
					 first->seen_most);
			w = snprintf(buf + n, len - n, ", in %zu%s of %zu %s",
				     first->seen, most, g->nruns, unit);
			n += w > 0 ? (size_t)w : 0;
		}
		/* The executables behind the rule: the union over its names
		 * (each candidate keeps its first four). */
		for (const struct cand *cd = first; cd < end; cd++) {
			for (size_t e = 0; e < cd->nexes && n < len; e++) {
				const struct sp_trace *t =
					g->traces[cd->ntraces_exe[e]];
				const char *exe = cd->exes[e] < t->nexes ?
							  base_name(t->exes[cd->exes[e]]) :
							  "?";

				if (listed_exe(buf, exe))
					continue;
				if (shown == 4) {
					more = true;
					continue;
				}
				w = snprintf(buf + n, len - n, "%s%s",
					     shown ? ", " : ", by ", exe);
				n += w > 0 ? (size_t)w : 0;
				shown++;
			}
		}
		if (more && n < len) {
			w = snprintf(buf + n, len - n, ", ...");
			n += w > 0 ? (size_t)w : 0;
		}
		if (folded && n < len) {
			w = snprintf(buf + n, len - n, "; %" PRIu64 " of them "
				     "made as a sibling whose flags no filter "
				     "can read", folded);
			n += w > 0 ? (size_t)w : 0;
		}
		if (n < len)
			put_site(first, end, buf + n, len - n);
		break;
	case SP_ORIGIN_BASELINE:
		snprintf(buf, len, "sandprint: baseline: not seen in this "
			 "recording; allowed by the baseline it extends");
		break;
	case SP_ORIGIN_ALIKE: {
		char was[SP_ARGNAME_MAX], is[SP_ARGNAME_MAX];

		if (first->form)
			snprintf(buf, len, "sandprint: alike: not recorded; "
				 "%s does what %s, allowed whatever its "
				 "arguments, does: %s (sibling.def)",
				 first->name, first->form->of,
				 first->form->note);
		else if (first->alike_guard)
			snprintf(buf, len, "sandprint: alike: not recorded; "
				 "arg%u without %s grants what the allowed "
				 "values grant: those bits are all it grants "
				 "(argkind.def)",
				 first->alike_arg,
				 sp_argname_format(first->name,
						   first->alike_arg,
						   first->alike_guard, is,
						   sizeof(is)));
		else
			snprintf(buf, len, "sandprint: alike: not recorded; "
				 "arg%u %s grants what %s, %s, grants "
				 "(argkind.def)",
				 first->alike_arg,
				 sp_argname_format(first->name,
						   first->alike_arg,
						   first->alike_to, is,
						   sizeof(is)),
				 sp_argname_format(first->name,
						   first->alike_arg,
						   first->alike_of, was,
						   sizeof(was)),
				 first->alike_static ?
					 "constant at a reachable site" :
					 "recorded");
		break;
	}
	case SP_ORIGIN_STATIC:
	case SP_ORIGIN_LANG:
		evidence(first, end, buf, len);
		break;
	case SP_ORIGIN_VDSO:
		snprintf(buf, len, "sandprint: vdso: not recorded; served by "
			 "the vDSO here, real calls where it falls back");
		break;
	case SP_ORIGIN_CONTROL:
		snprintf(buf, len, "sandprint: control-flow: not recorded; "
			 "signal return, restart and exit, which any program "
			 "may need");
		break;
	case SP_ORIGIN_RUNTIME:
		snprintf(buf, len, "sandprint: runtime: the OCI runtime "
			 "(%s%s%s, noNewPrivileges %s) makes these between "
			 "loading the filter and exec, whatever the workload's "
			 "rules say",
			 g->o->runtimes & SP_RUNTIME_CRUN ? "crun" : "",
			 g->o->runtimes == (SP_RUNTIME_CRUN | SP_RUNTIME_RUNC) ?
				 ", " : "",
			 g->o->runtimes & SP_RUNTIME_RUNC ? "runc" : "",
			 g->o->no_new_privs ? "true" : "true or false");
		break;
	case SP_ORIGIN_FALLBACK:
		snprintf(buf, len, "sandprint: fallback: not recorded; refused "
			 "with ENOSYS so that libc falls back to the older "
			 "call");
		break;
	case SP_ORIGIN_ADVICE:
		snprintf(buf, len, "sandprint: advice: not recorded; it only "
			 "advises the kernel: refused with ENOSYS, as a kernel "
			 "without CONFIG_ADVISE_SYSCALLS does, and the caller "
			 "carries on");
		break;
	case SP_ORIGIN_SIBLING:
		snprintf(buf, len, "sandprint: sibling: %s", first->warn);
		break;
	case SP_ORIGIN_ARCH:
		if (first->abi_from)
			snprintf(buf, len, "sandprint: arch: not recorded; "
				 "on %s the C library calls %s where it was "
				 "recorded calling %s on %s, which has no "
				 "%s: %s (abi.def)",
				 sp_arch_name(first->abi_on),
				 first->abi->legacy, first->abi->call,
				 sp_arch_name(first->abi_from),
				 first->abi->legacy, first->abi->note);
		else
			snprintf(buf, len, "sandprint: arch: not recorded; "
				 "on %s, which has no %s, the C library calls "
				 "%s for it: %s (abi.def)",
				 sp_arch_name(first->abi_on),
				 first->abi->legacy, first->abi->call,
				 first->abi->note);
		break;
	case SP_ORIGIN_OTHER:   /* never generated */
	case SP_ORIGIN_COUNT:
		buf[0] = '\0';
		break;
	}
}

/* The rule's comment: where it comes from, and for an allowed call that no
 * condition holds (warn_siblings), that it is unfiltered, whatever the
 * origin and however long the evidence before it. */
static void comment_for(const struct gen *g, const struct cand *first,
			const struct cand *end, char *buf, size_t len)
{
	static const char tag[] = SP_UNFILTERED_TAG;
	bool warn = first->warn && first->action == SP_ACT_ALLOW;
	size_t need = warn ? sizeof(tag) - 1 + strlen(first->warn) : 0;

	describe(g, first, end, buf, need < len / 2 ? len - need : len);
	if (first->recast) {
		const struct sp_argrecast *x = first->recast;
		char from[SP_ARGNAME_MAX], to[SP_ARGNAME_MAX];
		size_t n = strlen(buf);

		snprintf(buf + n, len - n > need ? len - n - need : 0,
			 "; arg%u never has the bits %#" PRIx64 ", with which "
			 "the kernel reads arg%u %s as %s (argkind.def "
			 "SP_ARG_RECAST)", x->index, x->bits, x->sel,
			 sp_argname_format(first->name, x->sel, x->from, from,
					   sizeof(from)),
			 sp_argname_format(first->name, x->sel, x->to, to,
					   sizeof(to)));
	}
	if (warn) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, "%s%s", tag, first->warn);
	}
}

/* Every rule that allows a call whose argument sel is from and refuses
 * it as to, while leaving index free, refuses the values of index that
 * make the kernel read from as to (argkind.def SP_ARG_RECAST): a type
 * computed at run time beside a held AF_INET would be any type,
 * SOCK_PACKET too, and so an AF_PACKET socket the family's condition
 * refuses.  Last, over every origin's rules (a site's computed type, a
 * twin of it, another arch's): a rule holding index to its values keeps
 * them (a recorded SOCK_PACKET, or a site's constant one, which allows()
 * gave a rule of its own, is what the program does). */
static void hold_recasts(struct gen *g)
{
	for (size_t i = 0; i < g->ncands; i++) {
		struct cand *c = &g->cands[i];
		const struct sp_argrecast *x = recast_of(c);
		size_t at = 0;

		if (!x)
			continue;
		c->recast = x;
		/* In index order, as the other conditions are. */
		while (at < c->nconds && c->conds[at].index < x->index)
			at++;
		memmove(&c->conds[at + 1], &c->conds[at],
			(c->nconds - at) * sizeof(c->conds[0]));
		c->conds[at] = (struct sp_cond){
			.index = x->index,
			.op = SP_CMP_MASKED_EQ,
			.value = x->bits,
			.value_two = 0,
		};
		c->nconds++;
	}
}

/* Whether every condition of x is one of c's: x then allows whatever c
 * does (more, where it has fewer). */
static bool conds_within(const struct cand *x, const struct cand *c)
{
	for (size_t k = 0; k < x->nconds; k++) {
		bool found = false;

		for (size_t j = 0; j < c->nconds && !found; j++)
			found = sp_cond_cmp(&x->conds[k], &c->conds[j]) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* Drops a rule the generator added (static coverage, a language's or
 * an OCI runtime's, an alike value, another arch's form) where another
 * rule for the name allows whatever it does: the added rule changes
 * nothing the kernel decides, and the profile reads as two reasons for
 * one thing (prctl(PR_SET_NAME) for the OCI runtime beside prctl
 * allowed whole; socket(AF_UNIX, SOCK_STREAM) a site passes beside the
 * recorded socket(AF_UNIX, ...)).  The recording's rules stay, with their
 * counts and evidence, and so does one that carries a sibling's note the
 * wider rule would lose.  Of two with the same conditions, the first. */
static void drop_subsumed(struct gen *g)
{
	size_t n = 0;

	for (size_t i = 0; i < g->ncands; i++) {
		const struct cand *c = &g->cands[i];
		bool drop = false;

		if (c->action == SP_ACT_ALLOW && !c->warn &&
		    c->origin != SP_ORIGIN_RECORDED &&
		    c->origin != SP_ORIGIN_BASELINE)
			for (size_t j = 0; j < g->ncands && !drop; j++) {
				const struct cand *x = &g->cands[j];

				drop = j != i && x->action == SP_ACT_ALLOW &&
				       !strcmp(x->name, c->name) &&
				       conds_within(x, c) &&
				       (x->nconds < c->nconds || j < i ||
					x->origin == SP_ORIGIN_RECORDED ||
					x->origin == SP_ORIGIN_BASELINE);
			}
		if (!drop)
			g->cands[n++] = *c;
	}
	g->ncands = n;
}

static int emit(struct gen *g, struct sp_profile *p)
{
	char comment[1024];

	if (g->ncands)
		qsort(g->cands, g->ncands, sizeof(*g->cands), cmp_cand);
	for (size_t i = 0; i < g->ncands;) {
		size_t j = i + 1;
		struct sp_rule *r;

		while (j < g->ncands &&
		       cmp_rule_key(&g->cands[i], &g->cands[j]) == 0)
			j++;
		r = sp_profile_add_rule(p);
		if (!r)
			return -ENOMEM;
		r->action = g->cands[i].action;
		r->errno_ret = g->cands[i].errno_ret;
		r->origin = g->cands[i].origin;
		for (size_t k = 0; k < g->cands[i].nconds; k++)
			if (sp_rule_add_cond(r, &g->cands[i].conds[k]))
				return -ENOMEM;
		for (size_t k = i; k < j; k++)
			if (sp_rule_add_name(r, g->cands[k].name))
				return -ENOMEM;
		comment_for(g, &g->cands[i], &g->cands[j], comment,
			    sizeof(comment));
		if (sp_rule_set_comment(r, comment))
			return -ENOMEM;
		i = j;
	}
	return 0;
}

int sp_generate_profile(struct sp_trace *const *traces, size_t n,
			const struct sp_generate_opts *o,
			struct sp_profile **out)
{
	struct gen g = { .o = o, .traces = traces, .ntraces = n };
	struct sp_profile *p = sp_profile_new();
	struct ref *refs = NULL;
	struct sp_pattern *synth = NULL;
	size_t nrefs = 0, total = 0;
	int rc = -ENOMEM;

	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		g.nruns += sp_trace_runs(traces[i]);
	p->default_action = o->default_action;
	p->default_errno = o->default_errno;
	for (size_t i = 0; i < n; i++)
		total += traces[i]->npatterns;
	/* Room for a folded pattern per pattern. */
	refs = calloc(total ? 2 * total : 1, sizeof(*refs));
	synth = calloc(total ? total : 1, sizeof(*synth));
	if (!refs || !synth)
		goto out;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < traces[i]->npatterns; j++) {
			const struct sp_pattern *pat = &traces[i]->patterns[j];

			refs[nrefs++] = (struct ref){ pat, traces[i], i,
						      false };
			if (sp_syscall_name(pat->arch, pat->nr) &&
			    sp_profile_add_arch(p, pat->arch))
				goto out;
		}
	}
	if (o->narchs) {
		p->narchs = 0;
		for (size_t i = 0; i < o->narchs; i++)
			if (sp_profile_add_arch(p, o->archs[i]))
				goto out;
	}
	if (!p->narchs && sp_profile_add_arch(p, sp_arch_native()))
		goto out;
	nrefs = fold(&g, refs, nrefs, synth);
	qsort(refs, nrefs, sizeof(*refs), cmp_ref);
	rc = 0;
	for (size_t i = 0; i < nrefs;) {
		size_t j = i + 1;

		while (j < nrefs && refs[j].p->arch == refs[i].p->arch &&
		       refs[j].p->nr == refs[i].p->nr)
			j++;
		rc = group(&g, &refs[i], j - i);
		if (rc)
			goto out;
		i = j;
	}
	rc = add_runtime(&g, p);
	if (!rc)
		rc = add_extras(&g, p);
	if (!rc)
		rc = add_twins(&g, p);
	if (!rc)
		rc = add_forms(&g, p);
	if (!rc)
		rc = add_abi(&g, p);
	if (!rc)
		rc = add_safety(&g, p);
	if (!rc) {
		hold_recasts(&g);
		warn_runtime_whole(&g, p);
		warn_siblings(&g, p);
		warn_whole_siblings(&g, p);
		drop_subsumed(&g);
		rc = emit(&g, p);
	}
out:
	free(refs);
	free(synth);
	free(g.cands);
	if (rc) {
		sp_profile_free(p);
		return rc;
	}
	*out = p;
	return 0;
}
