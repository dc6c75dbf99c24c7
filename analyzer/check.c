#include "analyzer/check.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/norm.h"
#include "analyzer/sibling.h"
#include "core/array.h"

enum sp_action sp_filter_verdict(const struct sp_filter *f,
				 const struct seccomp_data *sd, int *data)
{
	return sp_action_of_ret(sp_interp_run_stack(f->progs, f->n, sd), data);
}

static bool big_endian(enum sp_arch arch)
{
	return arch == SP_ARCH_S390X;
}

static bool host_big_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
}

void sp_seccomp_data_of(enum sp_arch arch, int64_t nr,
			const uint64_t args[SP_NARGS], uint64_t ip,
			struct seccomp_data *sd)
{
	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)nr;
	sd->arch = sp_arch_audit(arch);
	sd->instruction_pointer = ip;
	/* A big-endian kernel (s390x) holds each argument's upper half in
	 * the first word, where the filters compiled for it load it: laid
	 * out as that kernel would, on this machine. */
	for (int i = 0; i < SP_NARGS; i++) {
		uint64_t a = args[i] & sp_arch_arg_mask(arch);

		sd->args[i] = big_endian(arch) == host_big_endian() ?
				      a : a << 32 | a >> 32;
	}
}

enum sp_action sp_check_fallback(const struct sp_filter *f, enum sp_arch arch,
				 int64_t nr, const uint64_t args[SP_NARGS],
				 uint8_t kept, enum sp_action a, int *data)
{
	struct sp_fold fold;
	struct seccomp_data sd;
	uint64_t targs[SP_NARGS] = { 0 };
	enum sp_action b;
	int bdata;

	if (a != SP_ACT_ERRNO || *data != ENOSYS ||
	    sp_sibling_fold(arch, nr, kept, args, &fold))
		return a;
	targs[fold.index] = fold.value;
	sp_seccomp_data_of(arch, fold.nr, targs, 0, &sd);
	b = sp_filter_verdict(f, &sd, &bdata);
	if (!sp_action_allows(b))
		return a;
	*data = bdata;
	return b;
}

size_t sp_check_probes(enum sp_arch arch, uint64_t out[SP_CHECK_NPROBES])
{
	static const uint64_t values[SP_CHECK_NPROBES] = {
		0, UINT64_MAX, 0xffffffffull, 0xffffffff00000000ull, 1,
	};
	uint64_t mask = sp_arch_arg_mask(arch);
	size_t n = 0;

	for (size_t k = 0; k < SP_CHECK_NPROBES; k++) {
		size_t j = 0;

		while (j < n && out[j] != (values[k] & mask))
			j++;
		if (j == n)
			out[n++] = values[k] & mask;
	}
	return n;
}

void sp_check_fill(enum sp_arch arch, const uint64_t args[SP_NARGS],
		   uint8_t kept, uint64_t fill, uint64_t out[SP_NARGS])
{
	/* The bits of a kept argument the trace does not hold. */
	uint64_t upper = sp_arch_caller_upper(arch) ? ~sp_norm_full(arch) : 0;

	for (int i = 0; i < SP_NARGS; i++)
		out[i] = kept & (1u << i) ? args[i] | (fill & upper) : fill;
}

/* Strength of an action: lower is stronger (the kernel's order). */
static int strength(enum sp_action a)
{
	return (int)a;  /* action.def lists them strongest first */
}

/* One verdict p meets, into x: the strongest refusal so far (x->action
 * an allowing one until one refuses) and the range of data its action
 * came with (a filter may compute an errno from an argument). */
static void meet(struct sp_refusal *x, enum sp_action a, int data)
{
	if (sp_action_allows(a))
		return;
	if (sp_action_allows(x->action) || strength(a) < strength(x->action)) {
		x->action = a;
		x->data = data;
		x->data_max = data;
	} else if (a == x->action) {
		x->data = data < x->data ? data : x->data;
		x->data_max = data > x->data_max ? data : x->data_max;
	}
}

/* The verdicts p can meet, its kept arguments at their values and the
 * others at every value (the filter's programs followed path by path,
 * sp_bpf_joint): into x the strongest refusal and its data's range (ALLOW
 * when none refuses), *differ when not all are the same.  0, or -E2BIG /
 * -ENOMEM (the probes stand). */
static int every_value(const struct sp_filter *f, const struct sp_pattern *p,
		       size_t steps, struct sp_refusal *x, bool *differ)
{
	struct sp_refusal y = { .action = SP_ACT_ALLOW };
	enum sp_action first = SP_ACT_ALLOW;
	int first_data = 0;
	uint64_t full = sp_norm_full(p->arch), args[SP_NARGS] = { 0 };
	struct sp_cube kept = { 0 };
	struct sp_bpf_joint v;
	int rc;

	for (int i = 0; i < SP_NARGS; i++)
		if (p->kept & (1u << i)) {
			args[i] = p->args[i] & full;
			kept.m[i] = full;
			kept.v[i] = args[i];
		}
	rc = sp_bpf_joint_bounded(f->progs, f->n, true, p->arch, p->nr, &kept,
				  steps, &v);
	if (rc)
		return rc;
	*differ = false;
	for (size_t i = 0; i < v.n; i++) {
		int data;
		enum sp_action a = sp_action_of_ret(v.ret[i], &data);

		a = sp_check_fallback(f, p->arch, p->nr, args, p->kept, a,
				      &data);
		if (!i) {
			first = a;
			first_data = data;
		} else if (a != first || data != first_data) {
			*differ = true;
		}
		meet(&y, a, data);
	}
	sp_bpf_joint_fini(&v);
	x->action = y.action;
	x->data = y.data;
	x->data_max = y.data_max;
	return 0;
}

/* Whether p's call (its arch, number and which arguments are kept) went
 * past the search's bound SP_CHECK_PAST_TRIES times already: its other
 * patterns are then searched within SP_CHECK_SHORT_STEPS, each search to
 * the bound costing a second (60 ioctl requests under a filter of 2^32
 * paths took 34 s).  Short, not skipped: the kept values differ (another
 * ioctl request), and so may the paths; sent to the probes at once, an
 * ioctl whose request the filter holds to a few paths had its kill at a
 * value no probe tries unreported where the search found it.  With add,
 * counts one more. */
#define SP_CHECK_PAST_TRIES 2
#define SP_CHECK_SHORT_STEPS (SP_BPF_JOINT_STEPS / 64)
static bool past_bound(struct sp_check_result *r,
		       const struct sp_pattern *p, bool add)
{
	size_t i, n = sizeof(r->past) / sizeof(r->past[0]);

	for (i = 0; i < r->npast; i++)
		if (r->past[i].arch == p->arch && r->past[i].nr == p->nr &&
		    r->past[i].kept == p->kept)
			break;
	if (!add)
		return i < r->npast && r->past[i].n >= SP_CHECK_PAST_TRIES;
	if (i == r->npast) {
		if (i == n)
			return false;
		r->past[r->npast++] = (struct sp_check_past){
			p->arch, p->nr, p->kept, 0,
		};
	}
	if (r->past[i].n < SP_CHECK_PAST_TRIES)
		r->past[i].n++;
	return false;
}

static int check_pattern(const struct sp_filter *f,
			 const struct sp_trace *t, const struct sp_pattern *p,
			 struct sp_check_result *r)
{
	uint64_t probe[SP_CHECK_NPROBES];
	size_t nprobe = sp_check_probes(p->arch, probe);
	struct sp_refusal x = { .action = SP_ACT_ALLOW };
	bool differ = false;
	enum sp_action first = SP_ACT_ALLOW;
	int first_data = 0;
	/* The words a verdict may still turn on: those of the arguments
	 * the trace did not keep, on x86 every upper half, which a 64-bit
	 * caller's int $0x80 sets and no trace keeps (the call ignores it;
	 * the filter sees it), and the instruction pointer, the call's
	 * site, which no trace keeps either. */
	const unsigned all = (1u << SP_NARGS) - 1;
	unsigned open = (~(unsigned)p->kept & all) | SP_INTERP_IP |
			(sp_arch_caller_upper(p->arch) ? SP_INTERP_SECOND(0) *
								 all :
							 0);

	for (size_t k = 0; k < nprobe; k++) {
		struct seccomp_data sd;
		uint64_t args[SP_NARGS];
		enum sp_action a;
		unsigned read = 0;
		int data;

		sp_check_fill(p->arch, p->args, p->kept, probe[k], args);
		sp_seccomp_data_of(p->arch, p->nr, args, probe[k], &sd);
		a = sp_action_of_ret(sp_interp_run_stack_args(f->progs, f->n,
							      &sd, &read),
				     &data);
		a = sp_check_fallback(f, p->arch, p->nr, args, p->kept, a,
				      &data);
		if (k == 0) {
			first = a;
			first_data = data;
			/* The filter read no argument the trace did not keep
			 * whole: the other probes would take the same path to
			 * the same verdict. */
			if (!(read & open))
				nprobe = 1;
		} else if (a != first || data != first_data) {
			differ = true;
		}
		meet(&x, a, data);
	}
	/* The probes tried a few values of the arguments the trace did
	 * not keep; a filter may refuse others (read's count 42): every
	 * value, where the cubes hold the answer. */
	if (nprobe > 1 &&
	    every_value(f, p,
			past_bound(r, p, false) ? SP_CHECK_SHORT_STEPS :
						  SP_BPF_JOINT_STEPS,
			&x, &differ)) {
		past_bound(r, p, true);
		if (!r->nprobed++) {
			r->probed_arch = p->arch;
			r->probed_nr = p->nr;
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
	const struct sp_filter *none[SP_ARCH_COUNT] = { 0 };

	return sp_check_traces_on(f, none, traces, n, r);
}

int sp_check_traces_on(const struct sp_filter *f,
		       const struct sp_filter *const on_host[SP_ARCH_COUNT],
		       struct sp_trace *const *traces, size_t n,
		       struct sp_check_result *r)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		const struct sp_trace *t = traces[i];

		for (size_t j = 0; j < t->npatterns; j++) {
			const struct sp_pattern *p = &t->patterns[j];
			const struct sp_filter *h = on_host[sp_arch_host(p->arch)];

			r->npatterns++;
			r->ncalls += p->count;
			rc = check_pattern(h ? h : f, t, p, r);
			if (rc)
				return rc;
		}
	}
	return 0;
}
