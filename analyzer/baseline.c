/* record --baseline: the calls a filter allows that a recording did not
 * make, as patterns of the trace. */
#include "analyzer/baseline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/argkind.h"
#include "analyzer/interp.h"
#include "core/syscall.h"

/* Numbers tried per arch: every one libseccomp names below this. */
#define BASELINE_MAX_NR 1024

/* t's patterns by call, for the lookups below: a scan of them for each of
 * the 1024 numbers per arch was a long recording's 300,000 patterns
 * compared 10^8 times.  Each distinct entry (same_entry) is indexed once:
 * a build's thousands of executables making the same call are one
 * candidate, not a probe past thousands. */
struct calls {
	struct sp_hashidx by_nr;        /* by (arch, nr) */
	struct sp_hashidx by_args;      /* by (arch, nr, args) */
};

static uint64_t hash_nr(enum sp_arch arch, int64_t nr)
{
	return sp_hash_bytes(sp_hash_bytes(0, &arch, sizeof(arch)), &nr,
			     sizeof(nr));
}

static uint64_t hash_args(const struct sp_pattern *p)
{
	return sp_hash_bytes(hash_nr(p->arch, p->nr), p->args,
			     sizeof(p->args));
}

/* Whether q stands for p in the index: of the same call, both recorded or
 * both of the baseline with the same kept mask (what the lookups tell
 * apart), and with args, of the same values. */
static bool same_entry(const struct sp_pattern *q, const struct sp_pattern *p,
		       bool args)
{
	return q->arch == p->arch && q->nr == p->nr &&
	       q->baseline == p->baseline &&
	       (!q->baseline || q->kept == p->kept) &&
	       (!args || memcmp(q->args, p->args, sizeof(p->args)) == 0);
}

/* Indexes t's pattern i, unless one like it is.  0 or -ENOMEM. */
static int calls_add(struct calls *ix, const struct sp_trace *t, size_t i)
{
	const struct sp_pattern *p = &t->patterns[i];
	struct sp_hashidx *x[] = { &ix->by_nr, &ix->by_args };
	uint64_t h[] = { hash_nr(p->arch, p->nr), hash_args(p) };

	for (int k = 0; k < 2; k++) {
		bool found = false;
		uint32_t pos;

		for (size_t it = 0;
		     !found && sp_hashidx_next(x[k], h[k], &it, &pos);)
			found = same_entry(&t->patterns[pos], p, k == 1);
		if (!found && sp_hashidx_add(x[k], h[k], (uint32_t)i))
			return -ENOMEM;
	}
	return 0;
}

/* Appends p to t and to ix.  0 or -ENOMEM. */
static int add_pattern(struct sp_trace *t, struct calls *ix,
		       const struct sp_pattern *p)
{
	int i = sp_trace_add_pattern(t, p);

	return i < 0 ? -ENOMEM : calls_add(ix, t, (size_t)i);
}

static bool recorded(const struct sp_trace *t, const struct calls *ix,
		     enum sp_arch arch, int64_t nr)
{
	uint32_t pos;

	for (size_t it = 0;
	     sp_hashidx_next(&ix->by_nr, hash_nr(arch, nr), &it, &pos);) {
		const struct sp_pattern *q = &t->patterns[pos];

		if (q->arch == arch && q->nr == nr && !q->baseline)
			return true;
	}
	return false;
}

/* True when t has p already (a recorded pattern of the same values, or a
 * baseline one with the same kept mask too). */
static bool has_pattern(const struct sp_trace *t, const struct calls *ix,
			const struct sp_pattern *p)
{
	uint32_t pos;

	for (size_t it = 0;
	     sp_hashidx_next(&ix->by_args, hash_args(p), &it, &pos);) {
		const struct sp_pattern *q = &t->patterns[pos];

		if (q->arch == p->arch && q->nr == p->nr &&
		    (q->kept == p->kept || !q->baseline) &&
		    memcmp(q->args, p->args, sizeof(p->args)) == 0)
			return true;
	}
	return false;
}

/* The pattern of name on arch with args (kept: the arguments with a
 * condition), when f allows it and t lacks it.  0 or -ENOMEM. */
static int add_allowed(struct sp_trace *t, struct calls *ix,
		       const struct sp_filter *f, enum sp_arch arch,
		       const char *name,
		       const uint64_t args[SP_NARGS], uint8_t kept)
{
	struct sp_pattern p = { .arch = arch, .baseline = true };
	struct seccomp_data sd;
	uint64_t judged[SP_NARGS];
	int data;

	if (sp_syscall_nr(arch, name, &p.nr))
		return 0;
	p.kept = kept & sp_argkind_keep(sp_argkind_lookup(arch, p.nr), args,
					0, p.args);
	for (int i = 0; i < SP_NARGS; i++) {
		if (!(p.kept & (1u << i)))
			p.args[i] = 0;
		judged[i] = p.kept & (1u << i) ? p.args[i] : args[i];
	}
	sp_seccomp_data_of(arch, p.nr, judged, 0, &sd);
	if (!sp_action_allows(sp_filter_verdict(f, &sd, &data)) ||
	    has_pattern(t, ix, &p))
		return 0;
	p.pid = t->nprocs ? t->procs[0].pid : 0;
	return add_pattern(t, ix, &p);
}

/* The one value that stands for all a condition admits, as a recorded
 * value does for its generalization: EQ's value; for MASKED_EQ the value
 * with every bit the mask leaves free (a flag mask gives its union, a
 * field its value with its flags).  False for the comparisons no
 * recorded value stands for (NE, LT, ...). */
static bool widest(const struct sp_cond *c, uint64_t *v)
{
	switch (c->op) {
	case SP_CMP_EQ:
		*v = c->value;
		return true;
	case SP_CMP_MASKED_EQ:
		*v = c->value_two | ~c->value;
		return true;
	default:
		return false;
	}
}

/* Calls a rule allows only for some argument values (W^X mmap,
 * ioctl(_, TCGETS)), which the probe values of sp_check_traces cannot
 * stand for: one pattern per rule (per condition when an index repeats:
 * OCI ORs them) with the widest values its conditions admit, keeping the
 * arguments it constrains, when the filter allows it.  A rule with other
 * comparisons goes to vague[] instead. */
static int add_conditional(struct sp_trace *t, struct calls *ix,
			   const struct sp_filter *f,
			   const struct sp_profile *p,
			   const enum sp_arch *archs, size_t narchs,
			   const struct sp_rule **vague, size_t *nvague)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		bool repeats = sp_rule_index_repeats(r), exact = true;
		size_t sets = repeats ? r->nconds : 1;

		if (!sp_action_allows(r->action) || !r->nconds)
			continue;
		for (size_t c = 0; c < r->nconds; c++) {
			uint64_t v;

			exact &= widest(&r->conds[c], &v);
		}
		if (!exact) {
			vague[(*nvague)++] = r;
			continue;
		}
		for (size_t k = 0; k < sets; k++) {
			uint64_t args[SP_NARGS] = { 0 };
			uint8_t kept = 0;

			for (size_t c = 0; c < r->nconds; c++) {
				const struct sp_cond *x = &r->conds[c];

				if (repeats && c != k)
					continue;
				widest(x, &args[x->index]);
				kept |= (uint8_t)(1u << x->index);
			}
			for (size_t a = 0; a < narchs; a++)
				for (size_t n = 0; n < r->nnames; n++)
					if (add_allowed(t, ix, f, archs[a],
							r->names[n], args,
							kept))
						return -ENOMEM;
		}
	}
	return 0;
}

/* Whether t has a baseline pattern of (arch, nr) with some argument, and
 * no vague rule names it: its allowed values are carried already. */
static bool carried(const struct sp_trace *t, const struct calls *ix,
		    enum sp_arch arch, int64_t nr,
		    const struct sp_rule *const *vague, size_t nvague)
{
	const char *name = sp_syscall_name(arch, nr);
	uint32_t pos;

	for (size_t i = 0; i < nvague; i++)
		for (size_t n = 0; name && n < vague[i]->nnames; n++)
			if (strcmp(vague[i]->names[n], name) == 0)
				return false;
	for (size_t it = 0;
	     sp_hashidx_next(&ix->by_nr, hash_nr(arch, nr), &it, &pos);) {
		const struct sp_pattern *q = &t->patterns[pos];

		if (q->arch == arch && q->nr == nr && q->baseline && q->kept)
			return true;
	}
	return false;
}

/* Whether vague[i]'s name n is one an earlier vague rule, or an earlier
 * name of its own, has: each call is named once, however many of its
 * rules are vague (containers-common's default has three for socket). */
static bool named_before(const struct sp_rule *const *vague, size_t i,
			 size_t n)
{
	const char *name = vague[i]->names[n];

	for (size_t j = 0; j <= i; j++)
		for (size_t k = 0; k < (j < i ? vague[j]->nnames : n); k++)
			if (strcmp(vague[j]->names[k], name) == 0)
				return true;
	return false;
}

int sp_baseline_add(struct sp_trace *t, const struct sp_filter *f,
		    const struct sp_profile *p,
		    void (*on_vague)(void *ctx, const char *name), void *ctx)
{
	enum sp_arch archs[SP_ARCH_COUNT];
	struct sp_trace *cand = sp_trace_new();
	struct sp_check_result res;
	const struct sp_rule **vague = NULL;
	struct calls ix = { 0 };
	size_t narchs = 0, nvague = 0;
	int rc = -ENOMEM;

	sp_check_result_init(&res);
	archs[narchs++] = sp_arch_native();
	for (size_t i = 0; p && i < p->narchs; i++)
		if (p->archs[i] != sp_arch_native())
			archs[narchs++] = p->archs[i];
	if (!cand)
		goto out;
	for (size_t i = 0; i < t->npatterns; i++)
		if (calls_add(&ix, t, i))
			goto out;
	for (size_t a = 0; a < narchs; a++) {
		int64_t base = archs[a] == SP_ARCH_X32 ? SP_X32_SYSCALL_BIT : 0;

		for (int64_t nr = base; nr < base + BASELINE_MAX_NR; nr++) {
			struct sp_pattern q = { .arch = archs[a], .nr = nr,
						.count = 1 };

			if (!sp_syscall_name(archs[a], nr) ||
			    recorded(t, &ix, archs[a], nr))
				continue;
			if (sp_trace_add_pattern(cand, &q) < 0)
				goto out;
		}
	}
	/* Refused whatever the arguments: not in the baseline. */
	if (sp_check_traces(f, &cand, 1, &res))
		goto out;
	if (t->nexes == 0 && sp_trace_intern_exe(t, "?") < 0)
		goto out;
	/* The rules with conditions first: their patterns keep them. */
	if (p) {
		vague = calloc(p->nrules + 1, sizeof(*vague));
		if (!vague ||
		    add_conditional(t, &ix, f, p, archs, narchs, vague, &nvague))
			goto out;
		for (size_t i = 0; i < nvague && on_vague; i++)
			for (size_t n = 0; n < vague[i]->nnames; n++)
				if (!named_before(vague, i, n))
					on_vague(ctx, vague[i]->names[n]);
	}
	for (size_t i = 0; i < cand->npatterns; i++) {
		struct sp_pattern q = cand->patterns[i];
		bool refused = false, dependent = false;

		for (size_t j = 0; j < res.n && !refused; j++) {
			if (res.v[j].arch != q.arch || res.v[j].nr != q.nr)
				continue;
			refused = !res.v[j].arg_dependent;
			dependent = res.v[j].arg_dependent;
		}
		/* Allowed for some arguments only: the conditional patterns
		 * say which, unless they cannot. */
		if (refused ||
		    (dependent && carried(t, &ix, q.arch, q.nr, vague, nvague)))
			continue;
		q.count = 0;
		q.baseline = true;
		q.exe = 0;
		q.pid = t->nprocs ? t->procs[0].pid : 0;
		if (add_pattern(t, &ix, &q))
			goto out;
	}
	sp_trace_sort(t);
	rc = 0;
out:
	sp_hashidx_clear(&ix.by_nr);
	sp_hashidx_clear(&ix.by_args);
	free(vague);
	sp_check_result_fini(&res);
	sp_trace_free(cand);
	return rc;
}
