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
	free(r->index);
	memset(r, 0, sizeof(*r));
}

enum sp_action sp_filter_verdict(const struct sp_filter *f,
				 const struct seccomp_data *sd, int *data)
{
	return sp_bpf_action(sp_bpf_run_stack(f->progs, f->n, sd), data);
}

static bool big_endian(enum sp_arch arch)
{
	return arch == SP_ARCH_S390X;
}

static bool host_big_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
}

void sp_seccomp_data_of(enum sp_arch arch, int64_t nr, const uint64_t args[6],
			uint64_t ip, struct seccomp_data *sd)
{
	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)nr;
	sd->arch = sp_arch_audit(arch);
	sd->instruction_pointer = ip;
	/* A big-endian kernel (s390x) holds each argument's upper half in
	 * the first word, where the filters compiled for it load it: laid
	 * out as that kernel would, on this machine. */
	for (int i = 0; i < 6; i++)
		sd->args[i] = big_endian(arch) == host_big_endian() ?
				      args[i] :
				      args[i] << 32 | args[i] >> 32;
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

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

/* A hash of exactly the fields same_refusal compares. */
static uint64_t refusal_hash(const struct sp_refusal *x)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = mix(h, (uint64_t)x->action << 32 | (uint32_t)x->data);
	h = mix(h, (uint64_t)x->arch << 32 | x->kept);
	h = mix(h, (uint64_t)x->nr);
	for (int i = 0; i < 6; i++)
		h = mix(h, x->args[i]);
	h = mix(h, (uint64_t)(uintptr_t)x->trace);
	h = mix(h, (uint64_t)x->exe << 2 | x->arg_dependent << 1 |
			   x->baseline);
	return h * 0x9e3779b97f4a7c15ull;
}

/* The slot of x in r->index: the one holding an equal refusal, or the
 * empty slot where it goes.  The index is never full (see index_fit). */
static size_t *index_slot(const struct sp_check_result *r,
			  const struct sp_refusal *x)
{
	size_t mask = r->nindex - 1;
	size_t i = (size_t)(refusal_hash(x) >> 16) & mask;

	while (r->index[i] && !same_refusal(&r->v[r->index[i] - 1], x))
		i = (i + 1) & mask;
	return &r->index[i];
}

/* Makes the index hold r->n + 1 refusals at most half full, rebuilding
 * it from r->v when it grows or was dropped by sp_check_sort. */
static int index_fit(struct sp_check_result *r)
{
	size_t want = 64, *old = r->index;

	if (r->nindex >= 2 * (r->n + 1))
		return 0;
	while (want < 2 * (r->n + 1))
		want *= 2;
	r->index = calloc(want, sizeof(*r->index));
	if (!r->index) {
		r->index = old;
		return -ENOMEM;
	}
	free(old);
	r->nindex = want;
	for (size_t i = 0; i < r->n; i++)
		*index_slot(r, &r->v[i]) = i + 1;
	return 0;
}

int sp_check_add(struct sp_check_result *r, const struct sp_refusal *x)
{
	size_t *slot;
	int rc;

	rc = index_fit(r);
	if (rc)
		return rc;
	slot = index_slot(r, x);
	if (*slot) {
		r->v[*slot - 1].count += x->count;
		r->nrefused_calls += x->count;
		return 0;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct sp_refusal *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = *x;
	*slot = r->n;
	r->nrefused_calls += x->count;
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
	size_t nprobe = sizeof(probe_values) / sizeof(probe_values[0]);
	struct sp_refusal x = { .action = SP_ACT_ALLOW };
	bool differ = false;
	enum sp_action first = SP_ACT_ALLOW;
	int first_data = 0;

	for (size_t k = 0; k < nprobe; k++) {
		struct seccomp_data sd;
		uint64_t args[6];
		enum sp_action a;
		unsigned read = 0;
		int data;

		for (int i = 0; i < 6; i++)
			args[i] = p->kept & (1u << i) ? p->args[i] :
							 probe_values[k];
		sp_seccomp_data_of(p->arch, p->nr, args, 0, &sd);
		a = sp_bpf_action(sp_bpf_run_stack_args(f->progs, f->n, &sd,
							&read),
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
	/* Positions move: the index is rebuilt by the next add. */
	free(r->index);
	r->index = NULL;
	r->nindex = 0;
	if (r->n)
		qsort(r->v, r->n, sizeof(r->v[0]), cmp_refusal);
}
