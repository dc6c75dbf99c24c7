/* Normalizing a profile (analyzer/norm.h), and the verdict of one call
 * under it. */
#include "analyzer/norm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/diff.h"
#include "core/array.h"
#include "core/syscall.h"

uint64_t sp_norm_full(enum sp_arch a)
{
	switch (a) {
	case SP_ARCH_X86:
	case SP_ARCH_X32:
	case SP_ARCH_ARM:
		return UINT32_MAX;
	default:
		return UINT64_MAX;
	}
}

bool sp_action_may_allow(enum sp_action a)
{
	return a == SP_ACT_ALLOW || a == SP_ACT_LOG || a == SP_ACT_TRACE ||
	       a == SP_ACT_NOTIFY;
}

bool sp_action_sure_allow(enum sp_action a)
{
	return a == SP_ACT_ALLOW || a == SP_ACT_LOG;
}

static void call_fini(struct sp_norm_call *c)
{
	for (size_t i = 0; i < c->nv; i++) {
		struct sp_norm_verdict *v = &c->v[i];

		for (size_t j = 0; j < v->nclauses; j++)
			free(v->clauses[j].conds);
		free(v->clauses);
		sp_region_fini(&v->region);
	}
	free(c->v);
	free(c->name);
	free(c->rules);
}

void sp_norm_free(struct sp_norm *n)
{
	if (!n)
		return;
	for (int a = 0; a < SP_ARCH_COUNT; a++) {
		for (size_t i = 0; i < n->arch[a].ncalls; i++)
			call_fini(&n->arch[a].calls[i]);
		free(n->arch[a].calls);
	}
	free(n);
}

static int cond_cmp(const void *pa, const void *pb)
{
	return sp_cond_cmp(pa, pb);
}

int sp_norm_clause_cmp(const void *pa, const void *pb)
{
	const struct sp_norm_clause *a = pa, *b = pb;

	for (size_t i = 0; i < a->n && i < b->n; i++) {
		int c = cond_cmp(&a->conds[i], &b->conds[i]);

		if (c)
			return c;
	}
	return a->n < b->n ? -1 : a->n > b->n;
}

int sp_norm_verdict_cmp(const void *pa, const void *pb)
{
	const struct sp_norm_verdict *a = pa, *b = pb;

	if (a->action != b->action)
		return a->action < b->action ? -1 : 1;
	return a->err < b->err ? -1 : a->err > b->err;
}

int sp_norm_call_cmp(const void *pa, const void *pb)
{
	const struct sp_norm_call *a = pa, *b = pb;

	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	if (a->nr >= 0)
		return 0;
	return strcmp(a->name, b->name);
}

size_t sp_norm_rule_sites(enum sp_arch arch, const char *name,
			  struct sp_syscall_site out[SP_SYSCALL_SITES_MAX])
{
	return sp_syscall_known(name) ? sp_syscall_sites(arch, name, out) : 0;
}

/* Whether name is unknown to libseccomp on every arch (kept by name):
 * "syscall_39" too, sandprint's spelling of a number a trace has no name
 * for, which libseccomp does not take for getpid (crun and runc skip it). */
static bool unknown_everywhere(const char *name)
{
	struct sp_syscall_site s[SP_SYSCALL_SITES_MAX];

	if (!sp_syscall_known(name))
		return true;
	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++)
		if (sp_syscall_sites((enum sp_arch)a, name, s))
			return false;
	return true;
}

static struct sp_norm_call *find_call(struct sp_norm_arch *na, int64_t nr,
				      const char *name, size_t *cap)
{
	struct sp_norm_call *c;

	for (size_t i = 0; i < na->ncalls; i++)
		if (na->calls[i].nr == nr &&
		    (nr >= 0 || strcmp(na->calls[i].name, name) == 0))
			return &na->calls[i];
	if (sp_array_grow(&na->calls, cap, na->ncalls + 1, sizeof(*c)))
		return NULL;
	c = &na->calls[na->ncalls];
	memset(c, 0, sizeof(*c));
	c->nr = nr;
	c->name = strdup(name);
	if (!c->name)
		return NULL;
	na->ncalls++;
	return c;
}

static struct sp_norm_verdict *find_verdict(struct sp_norm_call *c,
					    enum sp_action a, int err)
{
	struct sp_norm_verdict *v;

	for (size_t i = 0; i < c->nv; i++)
		if (c->v[i].action == a && c->v[i].err == err)
			return &c->v[i];
	v = realloc(c->v, (c->nv + 1) * sizeof(*v));
	if (!v)
		return NULL;
	c->v = v;
	v = &c->v[c->nv++];
	memset(v, 0, sizeof(*v));
	v->action = a;
	v->err = err;
	return v;
}

/* One clause as libseccomp gets it at site s: at a multiplexer, the
 * conditions on argument 0 replaced by arg0 == the call's number. */
static int clause_at(const struct sp_cond *conds, size_t n,
		     const struct sp_syscall_site *s, struct sp_norm_clause *c)
{
	c->n = 0;
	c->conds = malloc((n + 1) * sizeof(*conds));
	if (!c->conds)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (!s->muxed || conds[i].index != 0)
			c->conds[c->n++] = conds[i];
	if (s->muxed)
		c->conds[c->n++] = (struct sp_cond){ .index = 0,
						     .value = s->arg0,
						     .op = SP_CMP_EQ };
	qsort(c->conds, c->n, sizeof(*c->conds), cond_cmp);
	n = c->n;
	c->n = 0;
	for (size_t i = 0; i < n; i++)
		if (!c->n || cond_cmp(&c->conds[c->n - 1], &c->conds[i]))
			c->conds[c->n++] = c->conds[i];
	return 0;
}

int sp_norm_rule_clauses(const struct sp_rule *r,
			 const struct sp_syscall_site *s,
			 struct sp_norm_clause **out, size_t *n)
{
	bool ors = sp_rule_index_repeats(r);
	size_t k = ors ? r->nconds : 1;
	int rc = 0;

	*n = 0;
	*out = calloc(k, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; !rc && i < k; i++) {
		rc = ors ? clause_at(&r->conds[i], 1, s, &(*out)[i]) :
			   clause_at(r->conds, r->nconds, s, &(*out)[i]);
		*n += !rc;
	}
	if (rc) {
		sp_norm_clauses_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void sp_norm_clauses_free(struct sp_norm_clause *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++)
		free(c[i].conds);
	free(c);
}

static int add_rule(struct sp_norm_verdict *v, const struct sp_rule *r,
		    const struct sp_syscall_site *s)
{
	struct sp_norm_clause *c, *grown;
	size_t n;
	int rc = sp_norm_rule_clauses(r, s, &c, &n);

	if (rc)
		return rc;
	grown = realloc(v->clauses, (v->nclauses + n) * sizeof(*grown));
	if (!grown) {
		sp_norm_clauses_free(c, n);
		return -ENOMEM;
	}
	v->clauses = grown;
	memcpy(&v->clauses[v->nclauses], c, n * sizeof(*c));
	v->nclauses += n;
	free(c);
	return 0;
}

static int add_written(struct sp_norm_call *c, const struct sp_rule *r)
{
	const struct sp_rule **w =
		realloc(c->rules, (c->nrules + 1) * sizeof(*w));

	if (!w)
		return -ENOMEM;
	c->rules = w;
	c->rules[c->nrules++] = r;
	return 0;
}

bool sp_norm_written_alike(const struct sp_norm_call *a,
			   const struct sp_norm_call *b)
{
	size_t na = a ? a->nrules : 0, nb = b ? b->nrules : 0;

	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		const struct sp_rule *x = a->rules[i], *y = b->rules[i];

		if (x->action != y->action ||
		    sp_action_errno(x->action, x->errno_ret) !=
			    sp_action_errno(y->action, y->errno_ret) ||
		    x->nconds != y->nconds)
			return false;
		for (size_t k = 0; k < x->nconds; k++)
			if (sp_cond_cmp(&x->conds[k], &y->conds[k]))
				return false;
	}
	return true;
}

static int verdict_finish(struct sp_norm_verdict *v, uint64_t full)
{
	size_t n = 0;
	int rc = 0;

	qsort(v->clauses, v->nclauses, sizeof(*v->clauses), sp_norm_clause_cmp);
	for (size_t i = 0; i < v->nclauses; i++) {
		if (n &&
		    !sp_norm_clause_cmp(&v->clauses[n - 1], &v->clauses[i])) {
			free(v->clauses[i].conds);
			continue;
		}
		v->clauses[n++] = v->clauses[i];
	}
	v->nclauses = n;
	for (size_t i = 0; !rc && i < v->nclauses; i++) {
		struct sp_region r = { 0 }, c = { 0 };

		rc = sp_region_all(&r);
		for (size_t j = 0; !rc && j < v->clauses[i].n; j++) {
			c.n = 0;
			rc = sp_region_of_cond(&v->clauses[i].conds[j], full,
					       &c);
			if (!rc)
				rc = sp_region_and(&r, &c, &r);
		}
		if (!rc)
			rc = sp_region_append(&v->region, &r);
		sp_region_fini(&r);
		sp_region_fini(&c);
	}
	if (rc == -E2BIG) {
		sp_region_fini(&v->region);
		v->region_rc = rc;
		rc = 0;
	}
	return rc;
}

static int norm_arch_add(struct sp_norm *n, enum sp_arch a,
			 const struct sp_profile *p)
{
	struct sp_norm_arch *na = &n->arch[a];
	size_t cap = 0;
	int rc = 0;

	for (size_t i = 0; !rc && i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		int err = sp_action_errno(r->action, r->errno_ret);

		if (r->action == n->def && err == n->def_err)
			continue;
		for (size_t j = 0; !rc && j < r->nnames; j++) {
			struct sp_syscall_site site[SP_SYSCALL_SITES_MAX];
			size_t ns = sp_norm_rule_sites(a, r->names[j], site);

			/* Unknown on every arch: kept by name. */
			if (!ns && unknown_everywhere(r->names[j])) {
				site[0] = (struct sp_syscall_site){ .nr = -1 };
				ns = 1;
			}
			for (size_t k = 0; !rc && k < ns; k++) {
				struct sp_norm_call *c;
				struct sp_norm_verdict *v;

				c = find_call(na, site[k].nr, r->names[j], &cap);
				v = c ? find_verdict(c, r->action, err) : NULL;
				rc = v ? add_rule(v, r, &site[k]) : -ENOMEM;
				if (!rc)
					rc = add_written(c, r);
			}
		}
	}
	for (size_t i = 0; !rc && i < na->ncalls; i++) {
		struct sp_norm_call *c = &na->calls[i];

		qsort(c->v, c->nv, sizeof(*c->v), sp_norm_verdict_cmp);
		for (size_t j = 0; !rc && j < c->nv; j++)
			rc = verdict_finish(&c->v[j], sp_norm_full(a));
	}
	if (na->ncalls)
		qsort(na->calls, na->ncalls, sizeof(*na->calls),
		      sp_norm_call_cmp);
	return rc;
}

int sp_norm_build(const struct sp_profile *p, struct sp_norm **out)
{
	struct sp_norm *n = calloc(1, sizeof(*n));
	int rc = 0;

	if (!n)
		return -ENOMEM;
	n->def = p->default_action;
	n->def_err = sp_action_errno(p->default_action, p->default_errno);
	for (size_t i = 0; i < p->narchs; i++)
		n->listed |= 1u << p->archs[i];
	/* seccomp_init() always filters the native arch (crun, runc). */
	n->effective = n->listed | 1u << sp_arch_native();
	for (int a = SP_ARCH_UNKNOWN + 1; !rc && a < SP_ARCH_COUNT; a++)
		if (n->effective & 1u << a)
			rc = norm_arch_add(n, (enum sp_arch)a, p);
	if (rc) {
		sp_norm_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

int sp_diff_verdict(const struct sp_profile *p, enum sp_arch arch,
		    int64_t nr, const uint64_t args[SP_NARGS],
		    enum sp_action *action, int *err)
{
	struct sp_norm *n;
	int rc = sp_norm_build(p, &n);

	if (rc)
		return rc;
	if (!(n->effective & 1u << arch)) {
		/* libseccomp's bad-arch action. */
		*action = SP_ACT_KILL_THREAD;
		*err = 0;
		goto out;
	}
	*action = n->def;
	*err = n->def_err;
	for (size_t i = 0; i < n->arch[arch].ncalls; i++) {
		const struct sp_norm_call *c = &n->arch[arch].calls[i];

		if (c->nr != nr)
			continue;
		/* Sorted strongest first: the first match wins. */
		for (size_t j = 0; j < c->nv; j++)
			if (sp_region_contains(&c->v[j].region, args,
					       sp_norm_full(arch))) {
				*action = c->v[j].action;
				*err = c->v[j].err;
				goto out;
			}
	}
out:
	sp_norm_free(n);
	return 0;
}
