#include "analyzer/check.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void sp_check_result_init(struct sp_check_result *r)
{
	memset(r, 0, sizeof(*r));
}

void sp_check_result_fini(struct sp_check_result *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

enum sp_action sp_filter_verdict(const struct sp_filter *f,
				 const struct seccomp_data *sd, int *data)
{
	return sp_bpf_action(sp_bpf_run_stack(f->progs, f->n, sd), data);
}

void sp_seccomp_data_of(enum sp_arch arch, int64_t nr, const uint64_t args[6],
			uint64_t ip, struct seccomp_data *sd)
{
	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)nr;
	sd->arch = sp_arch_audit(arch);
	sd->instruction_pointer = ip;
	for (int i = 0; i < 6; i++)
		sd->args[i] = args[i];
}

static bool same_refusal(const struct sp_refusal *a,
			 const struct sp_refusal *b)
{
	return a->action == b->action && a->data == b->data &&
	       a->arch == b->arch && a->nr == b->nr && a->kept == b->kept &&
	       memcmp(a->args, b->args, sizeof(a->args)) == 0 &&
	       a->trace == b->trace && a->exe == b->exe &&
	       a->arg_dependent == b->arg_dependent &&
	       a->baseline == b->baseline;
}

int sp_check_add(struct sp_check_result *r, const struct sp_refusal *x)
{
	r->nrefused_calls += x->count;
	for (size_t i = r->n; i-- > 0;) {
		if (same_refusal(&r->v[i], x)) {
			r->v[i].count += x->count;
			return 0;
		}
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct sp_refusal *v = realloc(r->v, cap * sizeof(*v));

		if (!v) {
			r->nrefused_calls -= x->count;
			return -ENOMEM;
		}
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = *x;
	return 0;
}

/* Values an argument the trace did not keep is tried at. */
static const uint64_t probe_values[] = {
	0, UINT64_MAX, 0xffffffffull, 0xffffffff00000000ull, 1,
};

/* Strength of an action: lower is stronger (the kernel's order). */
static int strength(enum sp_action a)
{
	return (int)a;  /* action.def lists them strongest first */
}

static int check_pattern(const struct sp_filter *f,
			 const struct sp_trace *t, const struct sp_pattern *p,
			 struct sp_check_result *r)
{
	size_t nprobe = p->kept == 0x3f ? 1 :
			sizeof(probe_values) / sizeof(probe_values[0]);
	struct sp_refusal x = { .action = SP_ACT_ALLOW };
	bool differ = false;
	enum sp_action first = SP_ACT_ALLOW;
	int first_data = 0;

	for (size_t k = 0; k < nprobe; k++) {
		struct seccomp_data sd;
		uint64_t args[6];
		enum sp_action a;
		int data;

		for (int i = 0; i < 6; i++)
			args[i] = p->kept & (1u << i) ? p->args[i] :
							 probe_values[k];
		sp_seccomp_data_of(p->arch, p->nr, args, 0, &sd);
		a = sp_filter_verdict(f, &sd, &data);
		if (k == 0) {
			first = a;
			first_data = data;
		} else if (a != first || data != first_data) {
			differ = true;
		}
		if (!sp_action_allows(a) &&
		    (sp_action_allows(x.action) ||
		     strength(a) < strength(x.action))) {
			x.action = a;
			x.data = data;
		}
	}
	if (sp_action_allows(x.action))
		return 0;
	x.arch = p->arch;
	x.nr = p->nr;
	x.kept = p->kept;
	memcpy(x.args, p->args, sizeof(x.args));
	x.count = p->count;
	x.trace = t;
	x.exe = p->exe;
	x.pid = p->pid;
	x.arg_dependent = differ;
	x.baseline = p->baseline;
	return sp_check_add(r, &x);
}

int sp_check_traces(const struct sp_filter *f, struct sp_trace *const *traces,
		    size_t n, struct sp_check_result *r)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		const struct sp_trace *t = traces[i];

		for (size_t j = 0; j < t->npatterns; j++) {
			r->npatterns++;
			r->ncalls += t->patterns[j].count;
			rc = check_pattern(f, t, &t->patterns[j], r);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_refusal(const void *pa, const void *pb)
{
	const struct sp_refusal *a = pa, *b = pb;
	int c;

	if (a->arch != b->arch)
		return a->arch < b->arch ? -1 : 1;
	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	if (a->kept != b->kept)
		return a->kept < b->kept ? -1 : 1;
	for (int i = 0; i < 6; i++) {
		c = cmp_u64(a->args[i], b->args[i]);
		if (c)
			return c;
	}
	if (a->action != b->action)
		return a->action < b->action ? -1 : 1;
	if (a->data != b->data)
		return a->data < b->data ? -1 : 1;
	if (a->exe != b->exe)
		return a->exe < b->exe ? -1 : 1;
	return 0;
}

void sp_check_sort(struct sp_check_result *r)
{
	if (r->n)
		qsort(r->v, r->n, sizeof(r->v[0]), cmp_refusal);
}
