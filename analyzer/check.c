#include "analyzer/check.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

enum sp_action sp_filter_verdict(const struct sp_filter *f,
				 const struct seccomp_data *sd, int *data)
{
	return sp_action_of_ret(sp_interp_run_stack(f->progs, f->n, sd), data);
}

void sp_seccomp_data_of(enum sp_arch arch, int64_t nr,
			const uint64_t args[SP_NARGS], uint64_t ip,
			struct seccomp_data *sd)
{
	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)nr;
	sd->arch = sp_arch_audit(arch);
	sd->instruction_pointer = ip;
	for (int i = 0; i < SP_NARGS; i++)
		sd->args[i] = args[i];
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
	size_t nprobe = ARRAY_SIZE(probe_values);
	struct sp_refusal x = { .action = SP_ACT_ALLOW };
	bool differ = false;
	enum sp_action first = SP_ACT_ALLOW;
	int first_data = 0;

	for (size_t k = 0; k < nprobe; k++) {
		struct seccomp_data sd;
		uint64_t args[SP_NARGS];
		enum sp_action a;
		unsigned read = 0;
		int data;

		for (int i = 0; i < SP_NARGS; i++)
			args[i] = p->kept & (1u << i) ? p->args[i] :
							 probe_values[k];
		sp_seccomp_data_of(p->arch, p->nr, args, 0, &sd);
		a = sp_action_of_ret(sp_interp_run_stack_args(f->progs, f->n,
							      &sd, &read),
				     &data);
		if (k == 0) {
			first = a;
			first_data = data;
			/* The filter read no argument the trace did not keep:
			 * the other probes would take the same path to the
			 * same verdict. */
			if (!(read & ~(unsigned)p->kept))
				nprobe = 1;
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
	x.nframes = p->nframes;
	x.stack = p->stack;
	return sp_check_result_add(r, &x);
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
