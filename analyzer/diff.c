#include "analyzer/diff.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/argnames.h"
#include "core/syscall.h"

/* ---- sets of argument values: unions of ternary cubes ---- */

/* The most cubes one region may hold; past it, "cannot prove". */
#define REGION_MAX 32768
/* The most cubes a change lists as values. */
#define LIST_MAX 16

/* The calls whose six arguments x satisfy (x[i] & m[i]) == v[i] for all i
 * (v[i] & ~m[i] == 0 always).  Never empty. */
struct cube {
	uint64_t v[6], m[6];
};

struct region {
	struct cube *c;
	size_t n, cap;
};

static void region_fini(struct region *r)
{
	free(r->c);
	memset(r, 0, sizeof(*r));
}

static int region_push(struct region *r, const struct cube *c)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct cube *nc;

		if (r->n >= REGION_MAX)
			return -E2BIG;
		nc = realloc(r->c, cap * sizeof(*nc));
		if (!nc)
			return -ENOMEM;
		r->c = nc;
		r->cap = cap;
	}
	r->c[r->n++] = *c;
	return 0;
}

static int region_append(struct region *r, const struct region *s)
{
	for (size_t i = 0; i < s->n; i++) {
		int rc = region_push(r, &s->c[i]);

		if (rc)
			return rc;
	}
	return 0;
}

static bool cube_disjoint(const struct cube *a, const struct cube *b)
{
	for (int i = 0; i < 6; i++)
		if ((a->v[i] ^ b->v[i]) & a->m[i] & b->m[i])
			return true;
	return false;
}

/* Appends a \ b to out, as disjoint cubes. */
static int cube_sub(const struct cube *a, const struct cube *b,
		    struct region *out)
{
	struct cube cur = *a;
	int rc;

	if (cube_disjoint(a, b))
		return region_push(out, a);
	for (int i = 0; i < 6; i++) {
		uint64_t free_bits = b->m[i] & ~a->m[i];

		/* Most significant bit first: the pieces of an interval
		 * stay aligned blocks, which later intervals cover whole
		 * (least significant first splits them again and again). */
		while (free_bits) {
			uint64_t bit = (uint64_t)1 << (63 -
						       __builtin_clzll(free_bits));
			struct cube piece = cur;

			piece.m[i] |= bit;
			piece.v[i] |= ~b->v[i] & bit;
			rc = region_push(out, &piece);
			if (rc)
				return rc;
			cur.m[i] |= bit;
			cur.v[i] |= b->v[i] & bit;
			free_bits &= ~bit;
		}
	}
	return 0;
}

/* *out = a \ b (out is replaced).  0, -E2BIG or -ENOMEM. */
static int region_sub(const struct region *a, const struct region *b,
		      struct region *out)
{
	struct region cur = { 0 }, next = { 0 };
	int rc = region_append(&cur, a);

	for (size_t j = 0; !rc && j < b->n && cur.n; j++) {
		next.n = 0;
		for (size_t i = 0; !rc && i < cur.n; i++)
			rc = cube_sub(&cur.c[i], &b->c[j], &next);
		if (!rc) {
			struct region t = cur;

			cur = next;
			next = t;
		}
	}
	region_fini(&next);
	if (rc) {
		region_fini(&cur);
		return rc;
	}
	region_fini(out);
	*out = cur;
	return 0;
}

/* 1 when a is within b, 0 when not, -E2BIG when it cannot tell. */
static int region_within(const struct region *a, const struct region *b)
{
	struct region d = { 0 };
	int rc = region_sub(a, b, &d);

	if (rc)
		return rc;
	rc = d.n == 0;
	region_fini(&d);
	return rc;
}

/* *out = a ∩ b (out is replaced). */
static int region_and(const struct region *a, const struct region *b,
		      struct region *out)
{
	struct region r = { 0 };
	int rc = 0;

	for (size_t i = 0; !rc && i < a->n; i++)
		for (size_t j = 0; !rc && j < b->n; j++) {
			struct cube c;

			if (cube_disjoint(&a->c[i], &b->c[j]))
				continue;
			for (int k = 0; k < 6; k++) {
				c.m[k] = a->c[i].m[k] | b->c[j].m[k];
				c.v[k] = a->c[i].v[k] | b->c[j].v[k];
			}
			rc = region_push(&r, &c);
		}
	if (rc) {
		region_fini(&r);
		return rc;
	}
	region_fini(out);
	*out = r;
	return 0;
}

static int region_all(struct region *r)
{
	static const struct cube all;

	return region_push(r, &all);
}

static bool region_contains(const struct region *r, const uint64_t x[6],
			    uint64_t full)
{
	for (size_t i = 0; i < r->n; i++) {
		int k;

		for (k = 0; k < 6; k++)
			if (((x[k] & full) & r->c[i].m[k]) != r->c[i].v[k])
				break;
		if (k == 6)
			return true;
	}
	return false;
}

/* The values lo..hi of argument idx (hi <= full) as aligned blocks. */
static int interval(unsigned idx, uint64_t lo, uint64_t hi, uint64_t full,
		    struct region *out)
{
	unsigned width = full == UINT64_MAX ? 64 : 32;

	for (;;) {
		struct cube c = { 0 };
		unsigned k = 0;
		uint64_t last;
		int rc;

		while (k < width) {
			uint64_t size;

			if (k + 1 == 64) {
				if (lo == 0 && hi == UINT64_MAX)
					k++;
				break;
			}
			size = (uint64_t)1 << (k + 1);
			if ((lo & (size - 1)) || hi - lo < size - 1)
				break;
			k++;
		}
		c.v[idx] = lo;
		c.m[idx] = k >= 64 ? 0 : full & ~(((uint64_t)1 << k) - 1);
		rc = region_push(out, &c);
		if (rc)
			return rc;
		last = k >= 64 ? UINT64_MAX : lo + (((uint64_t)1 << k) - 1);
		if (last >= hi)
			return 0;
		lo = last + 1;
	}
}

/* One condition as libseccomp compiles it: value and mask cut to the
 * arch's width, MASKED_EQ's datum masked. */
static int cond_region(const struct sp_cond *c, uint64_t full,
		       struct region *out)
{
	uint64_t d = c->value & full;
	unsigned i = c->index;
	struct cube one = { 0 };
	struct region all = { 0 }, pt = { 0 };
	int rc;

	switch (c->op) {
	case SP_CMP_MASKED_EQ:
		one.m[i] = d;
		one.v[i] = c->value_two & d;
		return region_push(out, &one);
	case SP_CMP_EQ:
		one.m[i] = full;
		one.v[i] = d;
		return region_push(out, &one);
	case SP_CMP_NE:
		one.m[i] = full;
		one.v[i] = d;
		rc = region_all(&all);
		if (!rc)
			rc = region_push(&pt, &one);
		if (!rc)
			rc = region_sub(&all, &pt, out);
		region_fini(&all);
		region_fini(&pt);
		return rc;
	case SP_CMP_GE:
		return interval(i, d, full, full, out);
	case SP_CMP_GT:
		return d == full ? 0 : interval(i, d + 1, full, full, out);
	case SP_CMP_LE:
		return interval(i, 0, d, full, out);
	case SP_CMP_LT:
		return d == 0 ? 0 : interval(i, 0, d - 1, full, out);
	case SP_CMP_COUNT:
		break;
	}
	return -EINVAL;
}

/* ---- the normalized profile ---- */

struct clause {
	struct sp_cond *conds; /* ANDed; sorted, unique */
	size_t n;
};

struct verdict {
	enum sp_action action;
	int err;               /* EPERM for an unset ERRNO/TRACE; 0 else */
	struct clause *clauses; /* ORed; sorted, unique */
	size_t nclauses;
	struct region region;
	int region_rc;         /* -E2BIG: region unknown */
};

struct call {
	int64_t nr;            /* -1: unknown to libseccomp, by name */
	char *name;
	struct verdict *v;     /* sorted by (action, err) */
	size_t nv;
};

struct norm_arch {
	struct call *calls;    /* sorted by (nr, name) */
	size_t ncalls;
};

struct norm {
	enum sp_action def;
	int def_err;
	uint32_t listed;       /* as written */
	uint32_t effective;    /* listed + native: what the filter checks */
	struct norm_arch arch[SP_ARCH_COUNT];
};

static uint64_t arch_full(enum sp_arch a)
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

static int norm_err(enum sp_action a, int err)
{
	if (a != SP_ACT_ERRNO && a != SP_ACT_TRACE)
		return 0;
	return err < 0 ? EPERM : err;
}

static bool may_allow(enum sp_action a)
{
	return a == SP_ACT_ALLOW || a == SP_ACT_LOG || a == SP_ACT_TRACE ||
	       a == SP_ACT_NOTIFY;
}

static bool sure_allow(enum sp_action a)
{
	return a == SP_ACT_ALLOW || a == SP_ACT_LOG;
}

static void call_fini(struct call *c)
{
	for (size_t i = 0; i < c->nv; i++) {
		struct verdict *v = &c->v[i];

		for (size_t j = 0; j < v->nclauses; j++)
			free(v->clauses[j].conds);
		free(v->clauses);
		region_fini(&v->region);
	}
	free(c->v);
	free(c->name);
}

static void norm_free(struct norm *n)
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

static int clause_cmp(const void *pa, const void *pb)
{
	const struct clause *a = pa, *b = pb;

	for (size_t i = 0; i < a->n && i < b->n; i++) {
		int c = cond_cmp(&a->conds[i], &b->conds[i]);

		if (c)
			return c;
	}
	return a->n < b->n ? -1 : a->n > b->n;
}

static int verdict_cmp(const void *pa, const void *pb)
{
	const struct verdict *a = pa, *b = pb;

	if (a->action != b->action)
		return a->action < b->action ? -1 : 1;
	return a->err < b->err ? -1 : a->err > b->err;
}

static int call_cmp(const void *pa, const void *pb)
{
	const struct call *a = pa, *b = pb;

	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	if (a->nr >= 0)
		return 0;
	return strcmp(a->name, b->name);
}

/* The number of name on arch: libseccomp's, or, for the names it maps to
 * pseudo-numbers on multiplexing arches (i386 socket), the real number
 * whose name it is.  1 when name is unknown on every arch (kept by name),
 * -ENOENT when it is unknown on this arch only. */
static int resolve(enum sp_arch arch, const char *name, int64_t *nr)
{
	if (sp_syscall_nr(arch, name, nr) == 0)
		return 0;
	for (int64_t i = 0; i < 1024; i++) {
		int64_t raw = arch == SP_ARCH_X32 ?
				      i | (int64_t)SP_X32_SYSCALL_BIT : i;
		const char *s = sp_syscall_name(arch, raw);

		if (s && strcmp(s, name) == 0) {
			*nr = raw;
			return 0;
		}
	}
	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++) {
		int64_t x;

		if (sp_syscall_nr((enum sp_arch)a, name, &x) == 0)
			return -ENOENT;
	}
	return 1;
}

static struct call *find_call(struct norm_arch *na, int64_t nr,
			      const char *name, size_t *cap)
{
	struct call *c;

	for (size_t i = 0; i < na->ncalls; i++)
		if (na->calls[i].nr == nr &&
		    (nr >= 0 || strcmp(na->calls[i].name, name) == 0))
			return &na->calls[i];
	if (na->ncalls == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;

		c = realloc(na->calls, ncap * sizeof(*c));
		if (!c)
			return NULL;
		na->calls = c;
		*cap = ncap;
	}
	c = &na->calls[na->ncalls];
	memset(c, 0, sizeof(*c));
	c->nr = nr;
	c->name = strdup(name);
	if (!c->name)
		return NULL;
	na->ncalls++;
	return c;
}

static struct verdict *find_verdict(struct call *c, enum sp_action a,
				    int err)
{
	struct verdict *v;

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

static int add_clause(struct verdict *v, const struct sp_cond *conds,
		      size_t n)
{
	struct clause *cl = realloc(v->clauses,
				    (v->nclauses + 1) * sizeof(*cl));
	struct clause *c;

	if (!cl)
		return -ENOMEM;
	v->clauses = cl;
	c = &cl[v->nclauses];
	c->n = 0;
	c->conds = NULL;
	if (n) {
		c->conds = malloc(n * sizeof(*conds));
		if (!c->conds)
			return -ENOMEM;
		memcpy(c->conds, conds, n * sizeof(*conds));
		qsort(c->conds, n, sizeof(*conds), cond_cmp);
		for (size_t i = 0; i < n; i++)
			if (!c->n || cond_cmp(&c->conds[c->n - 1],
					      &c->conds[i]))
				c->conds[c->n++] = c->conds[i];
	}
	v->nclauses++;
	return 0;
}

static int add_rule(struct verdict *v, const struct sp_rule *r)
{
	int rc = 0;

	if (!sp_rule_index_repeats(r))
		return add_clause(v, r->conds, r->nconds);
	for (size_t i = 0; !rc && i < r->nconds; i++)
		rc = add_clause(v, &r->conds[i], 1);
	return rc;
}

static int verdict_finish(struct verdict *v, uint64_t full)
{
	size_t n = 0;
	int rc = 0;

	qsort(v->clauses, v->nclauses, sizeof(*v->clauses), clause_cmp);
	for (size_t i = 0; i < v->nclauses; i++) {
		if (n && !clause_cmp(&v->clauses[n - 1], &v->clauses[i])) {
			free(v->clauses[i].conds);
			continue;
		}
		v->clauses[n++] = v->clauses[i];
	}
	v->nclauses = n;
	for (size_t i = 0; !rc && i < v->nclauses; i++) {
		struct region r = { 0 }, c = { 0 };

		rc = region_all(&r);
		for (size_t j = 0; !rc && j < v->clauses[i].n; j++) {
			c.n = 0;
			rc = cond_region(&v->clauses[i].conds[j], full, &c);
			if (!rc)
				rc = region_and(&r, &c, &r);
		}
		if (!rc)
			rc = region_append(&v->region, &r);
		region_fini(&r);
		region_fini(&c);
	}
	if (rc == -E2BIG) {
		region_fini(&v->region);
		v->region_rc = rc;
		rc = 0;
	}
	return rc;
}

static int norm_arch_add(struct norm *n, enum sp_arch a,
			 const struct sp_profile *p)
{
	struct norm_arch *na = &n->arch[a];
	size_t cap = 0;
	int rc = 0;

	for (size_t i = 0; !rc && i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		int err = norm_err(r->action, r->errno_ret);

		if (r->action == n->def && err == n->def_err)
			continue;
		for (size_t j = 0; !rc && j < r->nnames; j++) {
			struct call *c;
			struct verdict *v;
			int64_t nr = -1;
			int res = resolve(a, r->names[j], &nr);

			if (res < 0)
				continue;
			if (res > 0)
				nr = -1;
			c = find_call(na, nr, r->names[j], &cap);
			v = c ? find_verdict(c, r->action, err) : NULL;
			rc = v ? add_rule(v, r) : -ENOMEM;
		}
	}
	for (size_t i = 0; !rc && i < na->ncalls; i++) {
		struct call *c = &na->calls[i];

		qsort(c->v, c->nv, sizeof(*c->v), verdict_cmp);
		for (size_t j = 0; !rc && j < c->nv; j++)
			rc = verdict_finish(&c->v[j], arch_full(a));
	}
	if (na->ncalls)
		qsort(na->calls, na->ncalls, sizeof(*na->calls), call_cmp);
	return rc;
}

static int norm_build(const struct sp_profile *p, struct norm **out)
{
	struct norm *n = calloc(1, sizeof(*n));
	int rc = 0;

	if (!n)
		return -ENOMEM;
	n->def = p->default_action;
	n->def_err = norm_err(p->default_action, p->default_errno);
	for (size_t i = 0; i < p->narchs; i++)
		n->listed |= 1u << p->archs[i];
	/* seccomp_init() always filters the native arch (crun, runc). */
	n->effective = n->listed | 1u << sp_arch_native();
	for (int a = SP_ARCH_UNKNOWN + 1; !rc && a < SP_ARCH_COUNT; a++)
		if (n->effective & 1u << a)
			rc = norm_arch_add(n, (enum sp_arch)a, p);
	if (rc) {
		norm_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

int sp_diff_verdict(const struct sp_profile *p, enum sp_arch arch,
		    int64_t nr, const uint64_t args[6],
		    enum sp_action *action, int *err)
{
	struct norm *n;
	int rc = norm_build(p, &n);

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
		const struct call *c = &n->arch[arch].calls[i];

		if (c->nr != nr)
			continue;
		/* Sorted strongest first: the first match wins. */
		for (size_t j = 0; j < c->nv; j++)
			if (region_contains(&c->v[j].region, args,
					    arch_full(arch))) {
				*action = c->v[j].action;
				*err = c->v[j].err;
				goto out;
			}
	}
out:
	norm_free(n);
	return 0;
}

/* ---- a growing string ---- */

struct str {
	char *s;
	size_t len, cap;
	bool oom;
};

static void str_add(struct str *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void str_add(struct str *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = (b->len + (size_t)n + 1) * 2;
		char *s = realloc(b->s, cap);

		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* The string, or NULL after an allocation failure (freed). */
static char *str_take(struct str *b)
{
	if (!b->oom && !b->s)
		str_add(b, "%s", "");
	if (b->oom) {
		free(b->s);
		return NULL;
	}
	return b->s;
}

/* ---- descriptions ---- */

static void verdict_name(struct str *b, enum sp_action a, int err)
{
	const char *e;

	if (a != SP_ACT_ERRNO && a != SP_ACT_TRACE) {
		str_add(b, "%s", sp_action_name(a));
		return;
	}
	e = a == SP_ACT_ERRNO ? strerrorname_np(err) : NULL;
	if (e)
		str_add(b, "%s(%s)", sp_action_name(a), e);
	else
		str_add(b, "%s(%d)", sp_action_name(a), err);
}

/* A mask by flag names when they spell it whole, else in hex. */
static const char *mask_text(const char *sc, unsigned index, uint64_t m,
			     char *buf, size_t len)
{
	sp_argname_format(sc, index, m, buf, len);
	if (strstr(buf, "0x") || (buf[0] >= '0' && buf[0] <= '9'))
		snprintf(buf, len, "%#" PRIx64, m);
	return buf;
}

static void cond_text(struct str *b, const char *sc, const struct sp_cond *c,
		      const struct clause *cl)
{
	char buf[512];

	sp_cond_format(sc, c, cl->conds, cl->n, buf, sizeof(buf));
	str_add(b, "%s", buf);
}

static bool unconditional(const struct verdict *v)
{
	for (size_t i = 0; i < v->nclauses; i++)
		if (!v->clauses[i].n)
			return true;
	return false;
}

/* "SCMP_ACT_ALLOW if arg0 == AF_INET || arg0 == AF_UNIX; else
 * SCMP_ACT_ERRNO(EPERM)" */
static char *call_desc(const struct call *c, const char *sc,
		       enum sp_action def, int def_err, bool filtered)
{
	struct str b = { 0 };
	bool all = false;

	if (!filtered) {
		str_add(&b, "SCMP_ACT_KILL_THREAD (arch not filtered)");
		return str_take(&b);
	}
	for (size_t i = 0; c && i < c->nv; i++) {
		const struct verdict *v = &c->v[i];

		if (i)
			str_add(&b, "; ");
		verdict_name(&b, v->action, v->err);
		if (unconditional(v)) {
			all = true;
			continue;
		}
		str_add(&b, " if ");
		for (size_t j = 0; j < v->nclauses; j++) {
			const struct clause *cl = &v->clauses[j];

			if (j)
				str_add(&b, " || ");
			if (cl->n > 1 && v->nclauses > 1)
				str_add(&b, "(");
			for (size_t k = 0; k < cl->n; k++) {
				if (k)
					str_add(&b, " && ");
				cond_text(&b, sc, &cl->conds[k], cl);
			}
			if (cl->n > 1 && v->nclauses > 1)
				str_add(&b, ")");
		}
	}
	if (!c || !c->nv) {
		verdict_name(&b, def, def_err);
		str_add(&b, " (default)");
	} else if (!all || c->nv > 1) {
		str_add(&b, "; else ");
		verdict_name(&b, def, def_err);
	}
	return str_take(&b);
}

/* One cube as values: "AF_INET" when only arg `only` is constrained and
 * fully, else "arg0 == AF_INET && arg1 & SOCK_CLOEXEC == 0". */
static char *cube_text(const struct cube *c, const char *sc, uint64_t full,
		       int only)
{
	struct str b = { 0 };
	char v[128], m[128];
	bool any = false;
	uint8_t known = 0;

	/* The arguments the cube pins (at least their low 32 bits): they
	 * name values that depend on them (setsockopt's options). */
	for (unsigned i = 0; i < 6; i++)
		if ((c->m[i] & UINT32_MAX) == UINT32_MAX)
			known |= (uint8_t)(1u << i);
	if (only >= 0) {
		sp_argname_format_in(sc, (unsigned)only, c->v[only], c->v,
				     known, v, sizeof(v));
		str_add(&b, "%s", v);
		return str_take(&b);
	}
	for (unsigned i = 0; i < 6; i++) {
		if (!c->m[i])
			continue;
		if (any)
			str_add(&b, " && ");
		any = true;
		sp_argname_format_in(sc, i, c->v[i], c->v, known, v,
				     sizeof(v));
		if (c->m[i] == full) {
			str_add(&b, "arg%u == %s", i, v);
			continue;
		}
		/* A mask within the low half speaks of a 32-bit argument
		 * (sandprint's own rules compare those on 32 bits). */
		uint64_t width = c->m[i] >> 32 ? full : UINT32_MAX;

		if (c->m[i] == width) {
			str_add(&b, "arg%u == %s (low 32 bits)", i, v);
			continue;
		}
		if (c->v[i] == 0 && (~c->m[i] & width)) {
			/* "No bit of the mask": the allowed bits by name. */
			sp_argname_format(sc, i, ~c->m[i] & width, m,
					  sizeof(m));
			str_add(&b, "arg%u has no bit outside %s", i, m);
			continue;
		}
		mask_text(sc, i, c->m[i], m, sizeof(m));
		str_add(&b, "arg%u & %s == %s", i, m, v);
	}
	if (!any)
		str_add(&b, "any arguments");
	return str_take(&b);
}

/* The argument index all cubes constrain fully and alone, or -1. */
static int single_arg(const struct region *a, const struct region *b,
		      uint64_t full)
{
	int only = -1;
	const struct region *rs[2] = { a, b };

	for (int r = 0; r < 2; r++)
		for (size_t i = 0; i < rs[r]->n; i++)
			for (int k = 0; k < 6; k++) {
				uint64_t m = rs[r]->c[i].m[k];

				if (!m)
					continue;
				if (m != full || (only >= 0 && only != k))
					return -1;
				only = k;
			}
	return only;
}

static int list_values(const struct region *r, const char *sc,
		       uint64_t full, int only, char ***out, size_t *n)
{
	char **list;

	*n = 0;
	*out = NULL;
	if (!r->n)
		return 0;
	list = calloc(r->n, sizeof(*list));
	if (!list)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		list[i] = cube_text(&r->c[i], sc, full, only);
		if (!list[i]) {
			for (size_t j = 0; j < i; j++)
				free(list[j]);
			free(list);
			return -ENOMEM;
		}
	}
	*out = list;
	*n = r->n;
	return 0;
}

/* ---- comparing two normalized profiles ---- */

struct changes {
	struct sp_diff_change *c;
	size_t n, cap;
};

static void change_fini(struct sp_diff_change *c)
{
	free(c->syscall);
	free(c->old_desc);
	free(c->new_desc);
	for (size_t i = 0; i < c->nplus; i++)
		free(c->plus[i]);
	free(c->plus);
	for (size_t i = 0; i < c->nminus; i++)
		free(c->minus[i]);
	free(c->minus);
	free(c->subset_why);
}

/* What one side does with one call on one arch, as regions. */
struct side {
	const struct call *call;    /* NULL: not named */
	enum sp_action def;
	int def_err;
	struct region dflt;         /* where the default applies */
	struct region allow;        /* ALLOW/LOG, exact when no overlap */
	struct region sure, may;    /* surely / maybe lets the call run */
	int rc;                     /* -E2BIG: some region unknown */
};

static void side_fini(struct side *s)
{
	region_fini(&s->dflt);
	region_fini(&s->allow);
	region_fini(&s->sure);
	region_fini(&s->may);
}

static int side_build(struct side *s)
{
	const struct call *c = s->call;
	struct region rules = { 0 }, all = { 0 }, refuse = { 0 };
	int rc = region_all(&all);

	for (size_t i = 0; !rc && c && i < c->nv; i++) {
		const struct verdict *v = &c->v[i];

		if (v->region_rc) {
			rc = v->region_rc;
			break;
		}
		rc = region_append(&rules, &v->region);
		if (!rc && sure_allow(v->action))
			rc = region_append(&s->allow, &v->region);
		if (!rc && may_allow(v->action))
			rc = region_append(&s->may, &v->region);
		if (!rc && !sure_allow(v->action))
			rc = region_append(&refuse, &v->region);
	}
	if (!rc)
		rc = region_sub(&all, &rules, &s->dflt);
	/* Surely runs: an ALLOW/LOG rule no other rule overlaps. */
	if (!rc)
		rc = region_sub(&s->allow, &refuse, &s->sure);
	if (!rc && sure_allow(s->def)) {
		rc = region_append(&s->allow, &s->dflt);
		if (!rc)
			rc = region_append(&s->sure, &s->dflt);
	}
	if (!rc && may_allow(s->def))
		rc = region_append(&s->may, &s->dflt);
	region_fini(&rules);
	region_fini(&all);
	region_fini(&refuse);
	if (rc == -E2BIG) {
		s->rc = rc;
		rc = 0;
	}
	return rc;
}

/* The region where side s gives verdict (a, err), default included. */
static int side_region(const struct side *s, enum sp_action a, int err,
		       struct region *out)
{
	int rc = 0;

	out->n = 0;
	for (size_t i = 0; !rc && s->call && i < s->call->nv; i++)
		if (s->call->v[i].action == a && s->call->v[i].err == err)
			rc = region_append(out, &s->call->v[i].region);
	if (!rc && s->def == a && s->def_err == err)
		rc = region_append(out, &s->dflt);
	return rc;
}

/* 1 when o and n give every call the same verdict, 0 when not, <0 when
 * it cannot tell. */
static int sides_equal(const struct side *o, const struct side *n)
{
	const struct side *both[2] = { o, n };
	struct region ro = { 0 }, rn = { 0 };
	int rc = 1;

	for (int s = 0; rc == 1 && s < 2; s++) {
		const struct side *x = both[s];
		size_t nv = x->call ? x->call->nv : 0;

		for (size_t i = 0; rc == 1 && i <= nv; i++) {
			enum sp_action a = i < nv ? x->call->v[i].action :
						    x->def;
			int err = i < nv ? x->call->v[i].err : x->def_err;

			rc = side_region(o, a, err, &ro);
			if (!rc)
				rc = side_region(n, a, err, &rn);
			if (!rc)
				rc = region_within(&ro, &rn);
			if (rc == 1)
				rc = region_within(&rn, &ro);
		}
	}
	region_fini(&ro);
	region_fini(&rn);
	return rc;
}

static bool clauses_identical(const struct call *a, const struct call *b)
{
	size_t na = a ? a->nv : 0, nb = b ? b->nv : 0;

	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		const struct verdict *x = &a->v[i], *y = &b->v[i];

		if (verdict_cmp(x, y) || x->nclauses != y->nclauses)
			return false;
		for (size_t j = 0; j < x->nclauses; j++)
			if (clause_cmp(&x->clauses[j], &y->clauses[j]))
				return false;
	}
	return true;
}

/* Does n let run nothing that o refuses (for this call)? */
static enum sp_subset_answer side_subset(const struct side *o,
					 const struct side *n, bool unknown,
					 struct region *extra, char **why)
{
	int rc;

	*why = NULL;
	if (o->rc || n->rc)
		goto unknown;
	rc = region_within(&n->may, &o->sure);
	if (rc == 1)
		return SP_SUBSET_YES;
	if (rc < 0)
		goto unknown;
	/* Where NEW surely allows and OLD surely refuses. */
	if (region_sub(&n->sure, &o->may, extra))
		goto unknown;
	if (extra->n && !unknown) {
		*why = strdup("NEW allows arguments that OLD refuses");
		return SP_SUBSET_NO;
	}
	extra->n = 0;
	if (unknown)
		*why = strdup("unknown to libseccomp: a newer libseccomp may "
			      "allow what NEW lists");
	else
		*why = strdup("NEW may allow what OLD leaves to a tracer, a "
			      "supervisor or an overlapping rule");
	return SP_SUBSET_UNKNOWN;
unknown:
	extra->n = 0;
	*why = strdup("the argument conditions are too complex to compare");
	return SP_SUBSET_UNKNOWN;
}

static bool is_empty(const struct region *r)
{
	return r->n == 0;
}

/* One cube that constrains no argument. */
static bool is_any(const struct region *r)
{
	static const uint64_t none[6];

	return r->n == 1 && !memcmp(r->c[0].m, none, sizeof(none));
}

static int compare_call(struct changes *out, enum sp_arch arch,
			const struct norm *on, const struct norm *nn,
			const struct call *oc, const struct call *nc)
{
	const struct call *any = oc ? oc : nc;
	uint64_t full = arch_full(arch);
	struct side o = { .call = oc, .def = on->def, .def_err = on->def_err };
	struct side n = { .call = nc, .def = nn->def, .def_err = nn->def_err };
	struct region plus = { 0 }, minus = { 0 }, extra = { 0 };
	struct sp_diff_change ch = { 0 };
	char buf[SP_SYSCALL_NAME_MAX];
	const char *name;
	int rc, eq, a_in_b = 0, b_in_a = 0, only;

	rc = side_build(&o);
	if (!rc)
		rc = side_build(&n);
	if (rc)
		goto out;
	eq = o.rc || n.rc ? -E2BIG : sides_equal(&o, &n);
	if (eq < 0 && eq != -E2BIG) {
		rc = eq;
		goto out;
	}
	if (eq == 1 || (eq < 0 && clauses_identical(oc, nc)))
		goto out;

	name = any->nr >= 0 ? sp_syscall_name_or_nr(arch, any->nr, buf) :
			      any->name;
	ch.syscall = strdup(name);
	ch.archs = 1u << arch;
	ch.unknown = any->nr < 0;
	ch.old_desc = call_desc(oc, name, on->def, on->def_err, true);
	ch.new_desc = call_desc(nc, name, nn->def, nn->def_err, true);
	if (!ch.syscall || !ch.old_desc || !ch.new_desc) {
		rc = -ENOMEM;
		goto out;
	}
	if (eq < 0) {
		ch.kind = SP_DIFF_ARGS;
		ch.values_elided = true;
	} else {
		rc = region_sub(&n.allow, &o.allow, &plus);
		if (!rc)
			rc = region_sub(&o.allow, &n.allow, &minus);
		if (rc && rc != -E2BIG)
			goto out;
		if (rc) {
			ch.kind = SP_DIFF_ARGS;
			ch.values_elided = true;
			plus.n = minus.n = 0;
		} else {
			a_in_b = is_empty(&minus);
			b_in_a = is_empty(&plus);
			if (a_in_b && b_in_a)
				ch.kind = SP_DIFF_ACTION;
			else if (is_empty(&o.allow))
				ch.kind = SP_DIFF_ADDED;
			else if (is_empty(&n.allow))
				ch.kind = SP_DIFF_REMOVED;
			else if (a_in_b)
				ch.kind = SP_DIFF_WIDENED;
			else if (b_in_a)
				ch.kind = SP_DIFF_NARROWED;
			else
				ch.kind = SP_DIFF_ARGS;
		}
		/* Values are listed for argument changes, not for a call
		 * that appears or goes whole. */
		if (ch.kind == SP_DIFF_ADDED || ch.kind == SP_DIFF_REMOVED) {
			if (is_any(&plus))
				plus.n = 0;
			if (is_any(&minus))
				minus.n = 0;
		}
		if (plus.n > LIST_MAX || minus.n > LIST_MAX) {
			ch.values_elided = true;
			plus.n = minus.n = 0;
		}
		only = single_arg(&plus, &minus, full);
		rc = list_values(&plus, name, full, only, &ch.plus, &ch.nplus);
		if (!rc)
			rc = list_values(&minus, name, full, only, &ch.minus,
					 &ch.nminus);
		if (rc)
			goto out;
	}
	ch.subset = side_subset(&o, &n, ch.unknown, &extra, &ch.subset_why);
	if (ch.subset != SP_SUBSET_YES && !ch.subset_why) {
		rc = -ENOMEM;
		goto out;
	}
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 32;
		struct sp_diff_change *c = realloc(out->c, cap * sizeof(*c));

		if (!c) {
			rc = -ENOMEM;
			goto out;
		}
		out->c = c;
		out->cap = cap;
	}
	out->c[out->n++] = ch;
	memset(&ch, 0, sizeof(ch));
out:
	change_fini(&ch);
	side_fini(&o);
	side_fini(&n);
	region_fini(&plus);
	region_fini(&minus);
	region_fini(&extra);
	return rc;
}

static int compare_arch(struct changes *out, enum sp_arch arch,
			const struct norm *on, const struct norm *nn)
{
	const struct norm_arch *oa = &on->arch[arch], *na = &nn->arch[arch];
	size_t i = 0, j = 0;
	int rc = 0;

	while (!rc && (i < oa->ncalls || j < na->ncalls)) {
		int c;

		if (i == oa->ncalls)
			c = 1;
		else if (j == na->ncalls)
			c = -1;
		else
			c = call_cmp(&oa->calls[i], &na->calls[j]);
		if (c < 0)
			rc = compare_call(out, arch, on, nn, &oa->calls[i++],
					  NULL);
		else if (c > 0)
			rc = compare_call(out, arch, on, nn, NULL,
					  &na->calls[j++]);
		else
			rc = compare_call(out, arch, on, nn, &oa->calls[i++],
					  &na->calls[j++]);
	}
	return rc;
}

static int strs_cmp(char **a, size_t na, char **b, size_t nb)
{
	for (size_t i = 0; i < na && i < nb; i++) {
		int c = strcmp(a[i], b[i]);

		if (c)
			return c;
	}
	return na < nb ? -1 : na > nb;
}

static int nullstr_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Everything but the arches. */
static int change_cmp_content(const struct sp_diff_change *a,
			      const struct sp_diff_change *b)
{
	int c = strcmp(a->syscall, b->syscall);

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp(a->old_desc, b->old_desc)) ||
	    (c = strcmp(a->new_desc, b->new_desc)) ||
	    (c = strs_cmp(a->plus, a->nplus, b->plus, b->nplus)) ||
	    (c = strs_cmp(a->minus, a->nminus, b->minus, b->nminus)) ||
	    (c = nullstr_cmp(a->subset_why, b->subset_why)))
		return c;
	if (a->subset != b->subset)
		return a->subset < b->subset ? -1 : 1;
	if (a->unknown != b->unknown)
		return a->unknown ? 1 : -1;
	return a->values_elided - b->values_elided;
}

static int change_cmp_merge(const void *pa, const void *pb)
{
	const struct sp_diff_change *a = pa, *b = pb;
	int c = change_cmp_content(a, b);

	if (c)
		return c;
	return a->archs < b->archs ? -1 : a->archs > b->archs;
}

static int change_cmp_final(const void *pa, const void *pb)
{
	const struct sp_diff_change *a = pa, *b = pb;
	int c = strcmp(a->syscall, b->syscall);

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->archs != b->archs)
		return a->archs < b->archs ? -1 : 1;
	return change_cmp_content(a, b);
}

/* Changes that read the same on several arches become one. */
static void merge_arches(struct changes *cs)
{
	size_t n = 0;

	if (!cs->n)
		return;
	qsort(cs->c, cs->n, sizeof(*cs->c), change_cmp_merge);
	for (size_t i = 0; i < cs->n; i++) {
		if (n && !change_cmp_content(&cs->c[n - 1], &cs->c[i])) {
			cs->c[n - 1].archs |= cs->c[i].archs;
			change_fini(&cs->c[i]);
			continue;
		}
		cs->c[n++] = cs->c[i];
	}
	cs->n = n;
	qsort(cs->c, cs->n, sizeof(*cs->c), change_cmp_final);
}

static enum sp_subset_answer worse(enum sp_subset_answer a,
				   enum sp_subset_answer b)
{
	if (a == SP_SUBSET_NO || b == SP_SUBSET_NO)
		return SP_SUBSET_NO;
	if (a == SP_SUBSET_UNKNOWN || b == SP_SUBSET_UNKNOWN)
		return SP_SUBSET_UNKNOWN;
	return SP_SUBSET_YES;
}

/* Calls no rule names: each side's default (or, on an arch the side does
 * not filter, libseccomp's bad-arch kill). */
static enum sp_subset_answer default_subset(enum sp_action o,
					    enum sp_action n)
{
	if (!may_allow(n) || sure_allow(o))
		return SP_SUBSET_YES;
	if (sure_allow(n) && !may_allow(o))
		return SP_SUBSET_NO;
	return SP_SUBSET_UNKNOWN;
}

/* On an arch only NEW filters, OLD kills every call. */
static enum sp_subset_answer new_arch_subset(const struct norm *nn,
					     enum sp_arch a)
{
	const struct norm_arch *na = &nn->arch[a];

	if (may_allow(nn->def))
		return default_subset(SP_ACT_KILL_THREAD, nn->def);
	for (size_t i = 0; i < na->ncalls; i++)
		for (size_t j = 0; j < na->calls[i].nv; j++)
			if (may_allow(na->calls[i].v[j].action))
				return na->calls[i].nr < 0 ?
					       SP_SUBSET_UNKNOWN :
					       SP_SUBSET_NO;
	return SP_SUBSET_YES;
}

int sp_diff_profiles(const struct sp_profile *old,
		     const struct sp_profile *new, struct sp_diff **out)
{
	struct norm *on = NULL, *nn = NULL;
	struct changes cs = { 0 };
	struct sp_diff *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return -ENOMEM;
	rc = norm_build(old, &on);
	if (!rc)
		rc = norm_build(new, &nn);
	if (rc)
		goto out;
	d->old_default = on->def;
	d->new_default = nn->def;
	d->old_default_errno = on->def_err;
	d->new_default_errno = nn->def_err;
	d->default_changed = on->def != nn->def || on->def_err != nn->def_err;
	d->old_archs = on->listed;
	d->new_archs = nn->listed;
	d->default_subset = default_subset(on->def, nn->def);
	d->subset = d->default_subset;
	for (int a = SP_ARCH_UNKNOWN + 1; !rc && a < SP_ARCH_COUNT; a++) {
		bool in_o = on->effective & 1u << a;
		bool in_n = nn->effective & 1u << a;

		if (in_o && in_n)
			d->archs_compared |= 1u << a;
		if (in_o && in_n)
			rc = compare_arch(&cs, (enum sp_arch)a, on, nn);
		else if (in_n)
			d->subset = worse(d->subset,
					  new_arch_subset(nn, (enum sp_arch)a));
	}
	if (rc)
		goto out;
	merge_arches(&cs);
	for (size_t i = 0; i < cs.n; i++)
		d->subset = worse(d->subset, cs.c[i].subset);
	d->changes = cs.c;
	d->nchanges = cs.n;
	cs.c = NULL;
	cs.n = 0;
	*out = d;
	d = NULL;
out:
	for (size_t i = 0; i < cs.n; i++)
		change_fini(&cs.c[i]);
	free(cs.c);
	norm_free(on);
	norm_free(nn);
	sp_diff_free(d);
	return rc;
}

void sp_diff_free(struct sp_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nchanges; i++)
		change_fini(&d->changes[i]);
	free(d->changes);
	free(d);
}

bool sp_diff_equal(const struct sp_diff *d)
{
	return !d->default_changed && d->old_archs == d->new_archs &&
	       d->nchanges == 0;
}

const char *sp_diff_kind_name(enum sp_diff_kind k)
{
	static const char *const kinds[] = {
		[SP_DIFF_ADDED] = "added",	 [SP_DIFF_REMOVED] = "removed",
		[SP_DIFF_WIDENED] = "widened",	 [SP_DIFF_NARROWED] = "narrowed",
		[SP_DIFF_ARGS] = "arguments",	 [SP_DIFF_ACTION] = "action",
	};

	return (unsigned)k < sizeof(kinds) / sizeof(kinds[0]) ? kinds[k] :
								"?";
}

const char *sp_subset_answer_name(enum sp_subset_answer a)
{
	switch (a) {
	case SP_SUBSET_YES:
		return "yes";
	case SP_SUBSET_NO:
		return "no";
	case SP_SUBSET_UNKNOWN:
		break;
	}
	return "cannot prove";
}
