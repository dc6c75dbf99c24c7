/*
 * Patterns become rules in three steps:
 *  1. group every trace's patterns by (arch, syscall);
 *  2. for each group, pick the arguments to constrain (argkind.def and the
 *     --args mode) and turn the observed values into conditions: an enum
 *     argument becomes the set of its values, one rule per distinct tuple of
 *     enum values seen together (OCI ORs repeated indexes, so a set over
 *     two arguments must be spelled as tuples); a flag argument becomes
 *     "no bit outside the observed union"; memory protection follows the
 *     W^X rule;
 *  3. merge candidates with the same conditions, origin and coverage into
 *     one rule with several names.
 * 32-bit arguments are compared on their low 32 bits only (MASKED_EQ with
 * a 32-bit mask), so garbage the kernel ignores in the upper half neither
 * defeats nor breaks a rule (libseccomp compares all 64 bits for EQ).
 */
#include "analyzer/generate.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "analyzer/argkind.h"
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

void sp_generate_opts_init(struct sp_generate_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->default_action = SP_ACT_ERRNO;
	o->default_errno = -1;
	o->runtimes = SP_RUNTIME_CRUN | SP_RUNTIME_RUNC;
	o->safety = SP_SAFETY_VDSO | SP_SAFETY_CONTROL | SP_SAFETY_FALLBACK;
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
		{ "all", SP_SAFETY_VDSO | SP_SAFETY_CONTROL |
				 SP_SAFETY_FALLBACK },
		{ "none", 0 },
		{ NULL, 0 },
	};

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
};

/* One rule for one name, before names are merged. */
struct cand {
	const char *name;
	struct sp_cond conds[8];
	size_t nconds;
	enum sp_origin origin;
	enum sp_action action;
	int errno_ret;
	size_t seen;          /* in how many traces */
	uint64_t calls;
	uint32_t exes[4];     /* first few executables, as indexes into */
	size_t ntraces_exe[4];/* ... the trace they belong to */
	size_t nexes;
};

struct gen {
	const struct sp_generate_opts *o;
	struct sp_trace *const *traces;
	size_t ntraces;
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

/* Records coverage and evidence of refs[0..n) (all of one candidate). */
static void account(struct cand *c, const struct ref *const *refs, size_t n)
{
	size_t last = (size_t)-1;

	for (size_t i = 0; i < n; i++) {
		const struct ref *r = refs[i];
		bool known = false;

		c->calls += r->p->count;
		if (r->trace != last) {
			c->seen++;
			last = r->trace;
		}
		for (size_t e = 0; e < c->nexes; e++)
			if (c->exes[e] == r->p->exe &&
			    c->ntraces_exe[e] == r->trace)
				known = true;
		if (!known && c->nexes < 4) {
			c->exes[c->nexes] = r->p->exe;
			c->ntraces_exe[c->nexes++] = r->trace;
		}
	}
}

static bool tuple_equal(const struct sp_pattern *a, const struct sp_pattern *b,
			uint8_t enums)
{
	for (unsigned i = 0; i < 6; i++)
		if ((enums & (1u << i)) && a->args[i] != b->args[i])
			return false;
	return true;
}

/* qsort has no context argument: the enum mask for cmp_tuple. */
static uint8_t sort_enums;

static int cmp_tuple(const void *a, const void *b)
{
	const struct ref *x = *(const struct ref *const *)a;
	const struct ref *y = *(const struct ref *const *)b;

	for (unsigned i = 0; i < 6; i++) {
		if (!(sort_enums & (1u << i)) || x->p->args[i] == y->p->args[i])
			continue;
		return x->p->args[i] < y->p->args[i] ? -1 : 1;
	}
	return x->trace < y->trace ? -1 : x->trace > y->trace;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Distinct values of argument a in refs[0..n), using tmp[n]. */
static size_t distinct(const struct ref *refs, size_t n, unsigned a,
		       uint64_t *tmp)
{
	size_t d = 0;

	for (size_t i = 0; i < n; i++)
		tmp[i] = refs[i].p->args[a];
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

/* refs[0..n): one (arch, nr), ordered by trace. */
static int group(struct gen *g, const struct ref *refs, size_t n)
{
	const struct sp_pattern *p0 = refs[0].p;
	const char *name = sp_syscall_name(p0->arch, p0->nr);
	const struct sp_argspec *spec = sp_argkind_lookup(p0->arch, p0->nr);
	uint8_t use = 0, enums = 0, flags = 0, prot = 0;
	uint64_t unions[6] = { 0 };
	const struct ref **sel = NULL;
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
	if (g->o->args == SP_ARGS_AUTO)
		use = spec->kept & spec->sensitive;
	else if (g->o->args == SP_ARGS_STRICT)
		use = spec->kept;
	/* A pattern recorded without the argument cannot be constrained. */
	for (size_t i = 0; i < n; i++)
		use &= refs[i].p->kept;
	for (unsigned a = 0; a < 6; a++) {
		if (!(use & (1u << a)))
			continue;
		if (spec->kind[a] == SP_ARGKIND_ENUM)
			enums |= (uint8_t)(1u << a);
		else if (spec->kind[a] == SP_ARGKIND_PROT)
			prot |= (uint8_t)(1u << a);
		else
			flags |= (uint8_t)(1u << a);
	}
	/* Too many distinct values: leave that enum argument free. */
	tmp = malloc(n * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	for (unsigned a = 0; a < 6; a++) {
		size_t d;
		uint64_t calls = 0;

		if (!(enums & (1u << a)))
			continue;
		d = distinct(refs, n, a, tmp);
		if (d <= g->o->max_values)
			continue;
		enums &= (uint8_t)~(1u << a);
		for (size_t i = 0; i < n; i++)
			calls += refs[i].p->count;
		note(g, SP_NOTE_TOO_MANY, p0, a, d, calls);
	}
	free(tmp);
	for (size_t i = 0; i < n; i++) {
		for (unsigned a = 0; a < 6; a++)
			unions[a] |= refs[i].p->args[a];
		for (unsigned a = 0; a < 6; a++)
			if ((prot & (1u << a)) &&
			    (refs[i].p->args[a] & PROT_WRITE) &&
			    (refs[i].p->args[a] & PROT_EXEC))
				wx = true;
	}
	sel = calloc(n, sizeof(*sel));
	if (!sel)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		sel[i] = &refs[i];
	sort_enums = enums;
	qsort(sel, n, sizeof(*sel), cmp_tuple);
	/* One candidate (two under W^X) per distinct tuple of enum values:
	 * the runs of sel. */
	for (size_t i = 0, j; i < n; i = j) {
		struct sp_cond base[8];
		size_t nbase = 0;

		for (j = i + 1; j < n && tuple_equal(sel[j]->p, sel[i]->p, enums);
		     j++)
			;
		for (unsigned a = 0; a < 6; a++) {
			if (enums & (1u << a))
				base[nbase++] =
					cond_eq(spec, a, sel[i]->p->args[a]);
			else if (flags & (1u << a))
				base[nbase++] = cond_within(spec, a, unions[a]);
		}
		/* Two variants only when they differ (a W^X split of a union
		 * that holds W or X at all). */
		int variants = 1;

		for (unsigned a = 0; a < 6; a++)
			if ((prot & (1u << a)) && !wx &&
			    (unions[a] & (PROT_WRITE | PROT_EXEC)))
				variants = 2;
		for (int variant = 0; variant < variants; variant++) {
			struct cand *c = new_cand(g, name, SP_ORIGIN_RECORDED);
			bool carried = true;

			/* Patterns record --baseline carried over without a
			 * call: the rule says so. */
			for (size_t k = i; k < j && carried; k++)
				carried = sel[k]->p->baseline &&
					  sel[k]->p->count == 0;
			if (c && carried)
				c->origin = SP_ORIGIN_BASELINE;

			if (!c) {
				rc = -ENOMEM;
				goto out;
			}
			memcpy(c->conds, base, nbase * sizeof(base[0]));
			c->nconds = nbase;
			for (unsigned a = 0; a < 6; a++) {
				uint64_t allowed = unions[a];

				if (!(prot & (1u << a)))
					continue;
				/* W^X: never PROT_WRITE and PROT_EXEC at once,
				 * unless a recorded call asked for both. */
				if (!wx)
					allowed &= variant ? ~(uint64_t)PROT_WRITE :
							     ~(uint64_t)PROT_EXEC;
				c->conds[c->nconds++] =
					cond_within(spec, a, allowed);
			}
			account(c, &sel[i], j - i);
		}
	}
out:
	free(sel);
	return rc;
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

/* "argument index of name equals value" at the argument's width, as a
 * recorded value would be written. */
static struct sp_cond runtime_cond(const struct sp_profile *p,
				   const char *name, unsigned index,
				   uint64_t value)
{
	static const struct sp_argspec wide = { .wide = 0x3f };
	const struct sp_argspec *spec = &wide;
	int64_t nr;

	for (size_t i = 0; i < p->narchs; i++) {
		if (sp_syscall_nr(p->archs[i], name, &nr) == 0) {
			spec = sp_argkind_lookup(p->archs[i], nr);
			break;
		}
	}
	return cond_eq(spec, index, value);
}

static int add_safety(struct gen *g, const struct sp_profile *p)
{
	/* The runtime's calls first: a call it needs is allowed, never
	 * refused as a fallback.  Allowed as the runtime makes it, whatever
	 * the workload's rules for the same call say (a union): a rule of
	 * its own beside theirs, unless one of them already allows the call
	 * whatever the arguments. */
	for (size_t i = 0; i < sizeof(runtime_calls) / sizeof(runtime_calls[0]);
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
	for (size_t i = 0; i < sizeof(safety_calls) / sizeof(safety_calls[0]);
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
							SP_ORIGIN_FALLBACK);
		if (!c)
			return -ENOMEM;
		if (set == SP_SAFETY_FALLBACK) {
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
	if (x->action != y->action)
		return x->action < y->action ? -1 : 1;
	if (x->errno_ret != y->errno_ret)
		return x->errno_ret < y->errno_ret ? -1 : 1;
	if (x->nconds != y->nconds)
		return x->nconds < y->nconds ? -1 : 1;
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

static void comment_for(const struct gen *g, const struct cand *first,
			const struct cand *end, char *buf, size_t len)
{
	size_t n = 0, shown = 0;
	uint64_t calls = 0;
	bool more = false;
	int w;

	for (const struct cand *c = first; c < end; c++)
		calls += c->calls;
	switch (first->origin) {
	case SP_ORIGIN_RECORDED:
		w = snprintf(buf, len, "sandprint: recorded: %" PRIu64 " call%s",
			     calls, calls == 1 ? "" : "s");
		n = w > 0 ? (size_t)w : 0;
		if (g->ntraces > 1 && n < len) {
			w = snprintf(buf + n, len - n, ", in %zu of %zu traces",
				     first->seen, g->ntraces);
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
		if (more && n < len)
			snprintf(buf + n, len - n, ", ...");
		break;
	case SP_ORIGIN_BASELINE:
		snprintf(buf, len, "sandprint: baseline: not seen in this "
			 "recording; allowed by the baseline it extends");
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
	case SP_ORIGIN_COUNT:
		buf[0] = '\0';
		break;
	}
}

static int emit(struct gen *g, struct sp_profile *p)
{
	char comment[512];

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
	size_t nrefs = 0, total = 0;
	int rc = -ENOMEM;

	if (!p)
		return -ENOMEM;
	p->default_action = o->default_action;
	p->default_errno = o->default_errno;
	for (size_t i = 0; i < n; i++)
		total += traces[i]->npatterns;
	refs = calloc(total ? total : 1, sizeof(*refs));
	if (!refs)
		goto out;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < traces[i]->npatterns; j++) {
			const struct sp_pattern *pat = &traces[i]->patterns[j];

			refs[nrefs++] = (struct ref){ pat, traces[i], i };
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
	qsort(refs, nrefs, sizeof(*refs), cmp_ref);
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
	rc = add_safety(&g, p);
	if (!rc)
		rc = emit(&g, p);
out:
	free(refs);
	free(g.cands);
	if (rc) {
		sp_profile_free(p);
		return rc;
	}
	*out = p;
	return 0;
}
