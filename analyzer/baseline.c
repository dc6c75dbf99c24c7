/* record --baseline: the calls a filter allows that a recording did not
 * make, as patterns of the trace. */
#include "analyzer/baseline.h"

#include <errno.h>
#include <string.h>

#include "analyzer/argkind.h"
#include "analyzer/interp.h"
#include "core/syscall.h"

/* Numbers tried per arch: every one libseccomp names below this. */
#define BASELINE_MAX_NR 1024

static bool recorded(const struct sp_trace *t, enum sp_arch arch, int64_t nr)
{
	for (size_t i = 0; i < t->npatterns; i++)
		if (t->patterns[i].arch == arch && t->patterns[i].nr == nr &&
		    !t->patterns[i].baseline)
			return true;
	return false;
}

/* True when t has p already (a recorded pattern of the same values, or a
 * baseline one with the same kept mask too). */
static bool has_pattern(const struct sp_trace *t, const struct sp_pattern *p)
{
	for (size_t k = 0; k < t->npatterns; k++) {
		const struct sp_pattern *q = &t->patterns[k];

		if (q->arch == p->arch && q->nr == p->nr &&
		    (q->kept == p->kept || !q->baseline) &&
		    memcmp(q->args, p->args, sizeof(p->args)) == 0)
			return true;
	}
	return false;
}

/* The pattern of name on arch with args, when f allows it and t lacks
 * it.  0 or -ENOMEM. */
static int add_allowed(struct sp_trace *t, const struct sp_filter *f,
		       enum sp_arch arch, const char *name,
		       const uint64_t args[SP_NARGS])
{
	struct sp_pattern p = { .arch = arch, .baseline = true };
	struct seccomp_data sd;
	int data;

	if (sp_syscall_nr(arch, name, &p.nr))
		return 0;
	p.kept = sp_argkind_keep(sp_argkind_lookup(arch, p.nr), args, p.args);
	sp_seccomp_data_of(arch, p.nr, args, 0, &sd);
	if (!sp_action_allows(sp_filter_verdict(f, &sd, &data)) ||
	    has_pattern(t, &p))
		return 0;
	p.pid = t->nprocs ? t->procs[0].pid : 0;
	return sp_trace_add_pattern(t, &p) < 0 ? -ENOMEM : 0;
}

/* Calls a rule allows only for some argument values (arch_prctl(0x1002),
 * ioctl(_, TCGETS)) that the probe values of sp_check_traces missed: one
 * pattern per rule with the values its EQ and MASKED_EQ conditions name,
 * kept as the argument-kind table keeps them, when the filter allows it. */
static int add_conditional(struct sp_trace *t, const struct sp_filter *f,
			   const struct sp_profile *p,
			   const enum sp_arch *archs, size_t narchs)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		uint64_t args[SP_NARGS] = { 0 };

		if (!sp_action_allows(r->action) || !r->nconds)
			continue;
		for (size_t c = 0; c < r->nconds; c++) {
			const struct sp_cond *x = &r->conds[c];

			if (x->op == SP_CMP_EQ)
				args[x->index] = x->value;
			else if (x->op == SP_CMP_MASKED_EQ)
				args[x->index] = x->value_two;
		}
		for (size_t a = 0; a < narchs; a++)
			for (size_t n = 0; n < r->nnames; n++)
				if (add_allowed(t, f, archs[a], r->names[n],
						args))
					return -ENOMEM;
	}
	return 0;
}

int sp_baseline_add(struct sp_trace *t, const struct sp_filter *f,
		    const struct sp_profile *p)
{
	enum sp_arch archs[SP_ARCH_COUNT];
	struct sp_trace *cand = sp_trace_new();
	struct sp_check_result res;
	size_t narchs = 0;
	int rc = -ENOMEM;

	sp_check_result_init(&res);
	archs[narchs++] = sp_arch_native();
	for (size_t i = 0; p && i < p->narchs; i++)
		if (p->archs[i] != sp_arch_native())
			archs[narchs++] = p->archs[i];
	if (!cand)
		goto out;
	for (size_t a = 0; a < narchs; a++) {
		int64_t base = archs[a] == SP_ARCH_X32 ? SP_X32_SYSCALL_BIT : 0;

		for (int64_t nr = base; nr < base + BASELINE_MAX_NR; nr++) {
			struct sp_pattern q = { .arch = archs[a], .nr = nr,
						.count = 1 };

			if (!sp_syscall_name(archs[a], nr) ||
			    recorded(t, archs[a], nr))
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
	for (size_t i = 0; i < cand->npatterns; i++) {
		struct sp_pattern q = cand->patterns[i];
		bool refused = false;

		for (size_t j = 0; j < res.n && !refused; j++)
			refused = res.v[j].arch == q.arch &&
				  res.v[j].nr == q.nr &&
				  !res.v[j].arg_dependent;
		if (refused)
			continue;
		q.count = 0;
		q.baseline = true;
		q.exe = 0;
		q.pid = t->nprocs ? t->procs[0].pid : 0;
		if (sp_trace_add_pattern(t, &q) < 0)
			goto out;
	}
	if (p && add_conditional(t, f, p, archs, narchs))
		goto out;
	sp_trace_sort(t);
	rc = 0;
out:
	sp_check_result_fini(&res);
	sp_trace_free(cand);
	return rc;
}
