#include "analyzer/diff.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/cube.h"
#include "analyzer/interp.h"
#include "analyzer/norm.h"
#include "core/array.h"
#include "core/syscall.h"

/* The most cubes a change lists as values. */
#define LIST_MAX 16

/* The argument index all cubes constrain fully and alone, or -1. */
static int single_arg(const struct sp_region *a, const struct sp_region *b,
		      uint64_t full)
{
	int only = -1;
	const struct sp_region *rs[2] = { a, b };

	for (int r = 0; r < 2; r++)
		for (size_t i = 0; i < rs[r]->n; i++)
			for (int k = 0; k < SP_NARGS; k++) {
				uint64_t m = rs[r]->c[i].m[k];

				if (!m)
					continue;
				if (m != full || (only >= 0 && only != k))
					return -1;
				only = k;
			}
	return only;
}

/* A cube as terms, one per constrained argument: only (when >= 0) is
 * the one argument every cube constrains, whole. */
static void cube_values(const struct sp_cube *c, uint64_t full, int only,
			struct sp_diff_values *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < SP_NARGS; i++) {
		struct sp_diff_term *t = &out->t[out->n];
		uint64_t width;

		if (!c->m[i] || (only >= 0 && i != (unsigned)only))
			continue;
		out->n++;
		t->index = (uint8_t)i;
		t->value = c->v[i];
		t->mask = c->m[i];
		if (c->m[i] == full) {
			t->kind = SP_TERM_EQ;
			continue;
		}
		/* A mask within the low half speaks of a 32-bit argument
		 * (sandprint's own rules compare those on 32 bits). */
		width = c->m[i] >> 32 ? full : UINT32_MAX;
		if (c->m[i] == width) {
			t->kind = SP_TERM_EQ_LOW32;
		} else if (c->v[i] == 0 && (~c->m[i] & width)) {
			/* "No bit of the mask": the allowed bits. */
			t->kind = SP_TERM_NO_BIT_OUTSIDE;
			t->value = ~c->m[i] & width;
		} else {
			t->kind = SP_TERM_MASKED;
		}
	}
}

/* Drops each cube the others of r cover, so that a value is listed once,
 * not again inside a wider term (a profile's rule for AF_UNIX beside its
 * rule for AF_UNIX with SOCK_STREAM; a piece a subtraction left inside
 * another).  The set r stands for is unchanged; the order of the cubes
 * kept is.  Past ABSORB_MAX cubes, r is left as it is. */
#define ABSORB_MAX (4 * LIST_MAX)
static int drop_covered(struct sp_region *r)
{
	struct sp_region one = { 0 }, rest = { 0 };
	int rc = 0;

	if (r->n > ABSORB_MAX)
		return 0;
	/* From the last, so that of two equal cubes the first stays. */
	for (size_t i = r->n; !rc && i-- > 0;) {
		one.n = rest.n = 0;
		rc = sp_region_push(&one, &r->c[i]);
		for (size_t j = 0; !rc && j < r->n; j++)
			if (j != i)
				rc = sp_region_push(&rest, &r->c[j]);
		if (!rc)
			rc = sp_region_within(&one, &rest);
		if (rc == 1) {
			memmove(&r->c[i], &r->c[i + 1],
				(r->n - i - 1) * sizeof(*r->c));
			r->n--;
		}
		rc = rc == -ENOMEM ? rc : 0;
	}
	sp_region_fini(&one);
	sp_region_fini(&rest);
	return rc;
}

/* A region too large to list whose complement is not (any value of
 * prctl's option but the three allowed before: 64 cubes per value) is
 * replaced by that complement, *except set.  0 or -ENOMEM. */
static int except_of(struct sp_region *r, bool *except)
{
	struct sp_region all = { 0 }, rest = { 0 };
	int rc;

	*except = false;
	if (r->n <= LIST_MAX)
		return 0;
	rc = sp_region_all(&all);
	if (!rc)
		rc = sp_region_sub(&all, r, &rest);
	if (!rc && rest.n && rest.n <= ABSORB_MAX)
		rc = drop_covered(&rest);
	if (!rc && rest.n && rest.n <= LIST_MAX) {
		struct sp_region t = *r;

		*r = rest;
		rest = t;
		*except = true;
	}
	sp_region_fini(&all);
	sp_region_fini(&rest);
	return rc == -ENOMEM ? rc : 0;
}

static int list_values(const struct sp_region *r, uint64_t full, int only,
		       struct sp_diff_values **out, size_t *n)
{
	*n = 0;
	*out = NULL;
	if (!r->n)
		return 0;
	*out = calloc(r->n, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++)
		cube_values(&r->c[i], full, only, &(*out)[i]);
	*n = r->n;
	return 0;
}

/* s: how one profile treats call c (NULL: names it in no rule). */
static int copy_side(const struct sp_norm_call *c, enum sp_action def,
		     int def_err, struct sp_diff_side *s)
{
	s->def = def;
	s->def_err = def_err;
	if (!c || !c->nv)
		return 0;
	s->v = calloc(c->nv, sizeof(*s->v));
	if (!s->v)
		return -ENOMEM;
	s->nv = c->nv;
	for (size_t i = 0; i < c->nv; i++) {
		const struct sp_norm_verdict *v = &c->v[i];
		struct sp_diff_verdict *w = &s->v[i];

		w->action = v->action;
		w->err = v->err;
		w->clauses = calloc(v->nclauses ? v->nclauses : 1,
				    sizeof(*w->clauses));
		if (!w->clauses)
			return -ENOMEM;
		w->nclauses = v->nclauses;
		for (size_t j = 0; j < v->nclauses; j++) {
			const struct sp_cond *conds = v->clauses[j].conds;
			size_t n = v->clauses[j].n;

			if (!n)
				continue;
			w->clauses[j].conds = malloc(n * sizeof(*conds));
			if (!w->clauses[j].conds)
				return -ENOMEM;
			memcpy(w->clauses[j].conds, conds, n * sizeof(*conds));
			w->clauses[j].n = n;
		}
	}
	return 0;
}

/* ---- comparing two normalized profiles ---- */

struct changes {
	struct sp_diff_change *c;
	size_t n, cap;
	struct sp_diff_miscompiled *m;
	size_t nm, capm;
};

/* Notes that side new_side compiles call name on arch otherwise than its
 * rules read. */
static int note_miscompiled(struct changes *out, const char *name,
			    enum sp_arch arch, bool new_side)
{
	struct sp_diff_miscompiled *m;

	for (size_t i = 0; i < out->nm; i++)
		if (out->m[i].new_side == new_side &&
		    strcmp(out->m[i].syscall, name) == 0) {
			out->m[i].archs |= 1u << arch;
			return 0;
		}
	if (sp_array_grow(&out->m, &out->capm, out->nm + 1, sizeof(*m)))
		return -ENOMEM;
	m = &out->m[out->nm];
	m->syscall = strdup(name);
	if (!m->syscall)
		return -ENOMEM;
	m->archs = 1u << arch;
	m->new_side = new_side;
	out->nm++;
	return 0;
}

/* What one side does with one call on one arch, as regions. */
struct side {
	const struct sp_norm_call *call; /* NULL: not named */
	enum sp_action def;
	int def_err;
	const struct sp_bpf *prog;  /* compiled by libseccomp, or NULL */
	enum sp_arch arch;
	struct sp_region *vr;       /* where call->v[i] applies */
	bool order_dependent;       /* verdicts overlap, prog unread */
	bool miscompiled;           /* prog does other than the rules read */
	struct sp_region dflt;      /* where the default applies */
	struct sp_region allow;     /* ALLOW/LOG, exact when no overlap */
	struct sp_region sure, may; /* surely / maybe lets the call run */
	int rc;                     /* -E2BIG: some region unknown */
};

static void side_fini(struct side *s)
{
	for (size_t i = 0; s->vr && s->call && i < s->call->nv; i++)
		sp_region_fini(&s->vr[i]);
	free(s->vr);
	sp_region_fini(&s->dflt);
	sp_region_fini(&s->allow);
	sp_region_fini(&s->sure);
	sp_region_fini(&s->may);
}

/* Where each verdict applies as the compiled program has it, into vr[]
 * and *dflt (empty on entry).  -E2BIG when it cannot be read (or gives
 * a verdict no rule has). */
static int regions_of_prog(const struct side *s, struct sp_region *vr,
			   struct sp_region *dflt)
{
	const struct sp_norm_call *c = s->call;
	struct sp_bpf_verdicts bv = { 0 };
	int rc = sp_bpf_regions(s->prog, s->arch, c->nr, &bv);

	for (size_t i = 0; !rc && i < bv.n; i++) {
		int data;
		enum sp_action a = sp_action_of_ret(bv.ret[i], &data);
		struct sp_region *to = NULL;

		if (a == s->def && data == s->def_err)
			to = dflt;
		for (size_t j = 0; !to && j < c->nv; j++)
			if (c->v[j].action == a && c->v[j].err == data)
				to = &vr[j];
		rc = to ? sp_region_append(to, &bv.region[i]) : -E2BIG;
	}
	sp_bpf_verdicts_fini(&bv);
	return rc;
}

/* 1 when a and b hold the same calls, 0 when not, -E2BIG. */
static int region_same(const struct sp_region *a, const struct sp_region *b)
{
	int rc = sp_region_within(a, b);

	return rc == 1 ? sp_region_within(b, a) : rc;
}

/* s->vr and s->dflt: each verdict's region as the rules read, unless the
 * compiled program has them otherwise: where verdicts overlap
 * (libseccomp does not let the strongest win: the first unconditional
 * rule does, or the comparison its tree puts first), or where libseccomp
 * compiles them wrongly (s->miscompiled).  The rules' cubes are kept
 * where the program agrees: the values read as written.  0, -E2BIG
 * (unknown) or -ENOMEM. */
static int verdict_regions(struct side *s)
{
	const struct sp_norm_call *c = s->call;
	size_t nv = c ? c->nv : 0;
	struct sp_region rules = { 0 }, all = { 0 }, both = { 0 };
	struct sp_region *pv = NULL, pdflt = { 0 };
	bool unknown = false, overlap = false, same = true;
	int rc, prc = -E2BIG;

	s->vr = calloc(nv ? nv : 1, sizeof(*s->vr));
	pv = calloc(nv ? nv : 1, sizeof(*pv));
	if (!s->vr || !pv) {
		free(pv);
		return -ENOMEM;
	}
	rc = sp_region_all(&all);
	for (size_t i = 0; !rc && i < nv; i++) {
		unknown |= c->v[i].region_rc != 0;
		rc = sp_region_append(&s->vr[i], &c->v[i].region);
		if (!rc)
			rc = sp_region_append(&rules, &c->v[i].region);
	}
	for (size_t i = 0; !rc && !unknown && i < nv; i++)
		for (size_t j = i + 1; !rc && !overlap && j < nv; j++) {
			rc = sp_region_and(&s->vr[i], &s->vr[j], &both);
			overlap = !rc && both.n;
		}
	if (!rc && !unknown && !overlap)
		rc = sp_region_sub(&all, &rules, &s->dflt);
	if (rc == -E2BIG) {
		unknown = true;
		rc = 0;
	}
	if (!rc && nv && s->prog && c->nr >= 0) {
		prc = regions_of_prog(s, pv, &pdflt);
		if (prc && prc != -E2BIG)
			rc = prc;
	}
	/* As written, where known: does the program agree? */
	for (size_t i = 0; !rc && !prc && !unknown && !overlap && same &&
			   i <= nv; i++) {
		int r = i < nv ? region_same(&s->vr[i], &pv[i]) :
				 region_same(&s->dflt, &pdflt);

		if (r == -E2BIG)
			break;      /* cannot tell: as written */
		if (r < 0)
			rc = r;
		same = r == 1;
	}
	if (!rc && !prc && (unknown || overlap || !same)) {
		s->miscompiled = !unknown && !overlap;
		for (size_t i = 0; i < nv; i++) {
			sp_region_fini(&s->vr[i]);
			s->vr[i] = pv[i];
			memset(&pv[i], 0, sizeof(pv[i]));
		}
		sp_region_fini(&s->dflt);
		s->dflt = pdflt;
		memset(&pdflt, 0, sizeof(pdflt));
	} else if (!rc && (unknown || overlap)) {
		s->order_dependent = overlap;
		rc = -E2BIG;
	}
	for (size_t i = 0; i < nv; i++)
		sp_region_fini(&pv[i]);
	free(pv);
	sp_region_fini(&pdflt);
	sp_region_fini(&rules);
	sp_region_fini(&all);
	sp_region_fini(&both);
	return rc;
}

static int side_build(struct side *s)
{
	const struct sp_norm_call *c = s->call;
	struct sp_region refuse = { 0 };
	int rc = verdict_regions(s);

	for (size_t i = 0; !rc && c && i < c->nv; i++) {
		const struct sp_norm_verdict *v = &c->v[i];

		if (sp_action_sure_allow(v->action))
			rc = sp_region_append(&s->allow, &s->vr[i]);
		if (!rc && sp_action_may_allow(v->action))
			rc = sp_region_append(&s->may, &s->vr[i]);
		if (!rc && !sp_action_sure_allow(v->action))
			rc = sp_region_append(&refuse, &s->vr[i]);
	}
	/* Surely runs: an ALLOW/LOG rule no other rule overlaps. */
	if (!rc)
		rc = sp_region_sub(&s->allow, &refuse, &s->sure);
	if (!rc && sp_action_sure_allow(s->def)) {
		rc = sp_region_append(&s->allow, &s->dflt);
		if (!rc)
			rc = sp_region_append(&s->sure, &s->dflt);
	}
	if (!rc && sp_action_may_allow(s->def))
		rc = sp_region_append(&s->may, &s->dflt);
	sp_region_fini(&refuse);
	if (rc == -E2BIG) {
		s->rc = rc;
		rc = 0;
	}
	return rc;
}

/* The region where side s gives verdict (a, err), default included. */
static int side_region(const struct side *s, enum sp_action a, int err,
		       struct sp_region *out)
{
	int rc = 0;

	out->n = 0;
	for (size_t i = 0; !rc && s->call && i < s->call->nv; i++)
		if (s->call->v[i].action == a && s->call->v[i].err == err)
			rc = sp_region_append(out, &s->vr[i]);
	if (!rc && s->def == a && s->def_err == err)
		rc = sp_region_append(out, &s->dflt);
	return rc;
}

/* 1 when o and n give every call the same verdict, 0 when not, <0 when
 * it cannot tell. */
static int sides_equal(const struct side *o, const struct side *n)
{
	const struct side *both[2] = { o, n };
	struct sp_region ro = { 0 }, rn = { 0 };
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
				rc = sp_region_within(&ro, &rn);
			if (rc == 1)
				rc = sp_region_within(&rn, &ro);
		}
	}
	sp_region_fini(&ro);
	sp_region_fini(&rn);
	return rc;
}

static bool clauses_identical(const struct sp_norm_call *a,
			      const struct sp_norm_call *b)
{
	size_t na = a ? a->nv : 0, nb = b ? b->nv : 0;

	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		const struct sp_norm_verdict *x = &a->v[i], *y = &b->v[i];

		if (sp_norm_verdict_cmp(x, y) || x->nclauses != y->nclauses)
			return false;
		for (size_t j = 0; j < x->nclauses; j++)
			if (sp_norm_clause_cmp(&x->clauses[j], &y->clauses[j]))
				return false;
	}
	return true;
}

/* Does n let run nothing that o refuses (for this call)? */
static enum sp_subset_answer side_subset(const struct side *o,
					 const struct side *n, bool unknown,
					 struct sp_region *extra,
					 enum sp_subset_reason *why)
{
	int rc;

	*why = SP_SUBSET_PROVED;
	if (o->rc || n->rc)
		goto unknown;
	rc = sp_region_within(&n->may, &o->sure);
	if (rc == 1)
		return SP_SUBSET_YES;
	if (rc < 0)
		goto unknown;
	/* Where NEW surely allows and OLD surely refuses. */
	if (sp_region_sub(&n->sure, &o->may, extra))
		goto unknown;
	if (extra->n && !unknown) {
		*why = SP_SUBSET_NEW_ARGS;
		return SP_SUBSET_NO;
	}
	extra->n = 0;
	*why = unknown ? SP_SUBSET_UNKNOWN_NAME : SP_SUBSET_DELEGATED;
	return SP_SUBSET_UNKNOWN;
unknown:
	extra->n = 0;
	*why = SP_SUBSET_TOO_COMPLEX;
	return SP_SUBSET_UNKNOWN;
}

static bool is_empty(const struct sp_region *r)
{
	return r->n == 0;
}

/* One cube that constrains no argument. */
static bool is_any(const struct sp_region *r)
{
	static const uint64_t none[SP_NARGS];

	return r->n == 1 && !memcmp(r->c[0].m, none, sizeof(none));
}

/* What the two compiled programs give call nr together, path by path
 * (sp_bpf_joint), where their regions are past the cubes' bound: *eq
 * whether they give the same result at every value; else the kind of
 * change (values unlisted) and what --subset answers.  0, -E2BIG (cannot
 * tell either), -ENOMEM. */
static int joint_compare(const struct side *o, const struct side *n,
			 int64_t nr, int *eq, struct sp_diff_change *ch)
{
	const struct sp_bpf progs[2] = { *o->prog, *n->prog };
	struct sp_bpf_joint j;
	bool plus = false, minus = false, old_allows = false,
	     new_allows = false, no = false, unsure = false;
	int rc = sp_bpf_joint(progs, 2, false, o->arch, nr, NULL, &j);

	if (rc)
		return rc;
	*eq = 1;
	for (size_t i = 0; i < j.n; i++) {
		int od, nd;
		enum sp_action oa = sp_action_of_ret(j.ret[2 * i], &od);
		enum sp_action na = sp_action_of_ret(j.ret[2 * i + 1], &nd);

		if (oa != na || od != nd)
			*eq = 0;
		old_allows |= sp_action_sure_allow(oa);
		new_allows |= sp_action_sure_allow(na);
		plus |= sp_action_sure_allow(na) && !sp_action_sure_allow(oa);
		minus |= sp_action_sure_allow(oa) && !sp_action_sure_allow(na);
		/* --subset: where NEW may let it run, OLD surely must. */
		no |= sp_action_sure_allow(na) && !sp_action_may_allow(oa);
		unsure |= sp_action_may_allow(na) && !sp_action_sure_allow(oa);
	}
	sp_bpf_joint_fini(&j);
	ch->kind = !plus && !minus ? SP_DIFF_ACTION :
		   !old_allows	   ? SP_DIFF_ADDED :
		   !new_allows	   ? SP_DIFF_REMOVED :
		   !minus	   ? SP_DIFF_WIDENED :
		   !plus	   ? SP_DIFF_NARROWED :
				     SP_DIFF_ARGS;
	ch->values_elided = ch->kind != SP_DIFF_ADDED &&
			    ch->kind != SP_DIFF_REMOVED &&
			    ch->kind != SP_DIFF_ACTION;
	ch->subset = no ? SP_SUBSET_NO :
		     unsure ? SP_SUBSET_UNKNOWN : SP_SUBSET_YES;
	ch->why = no ? SP_SUBSET_NEW_ARGS :
		  unsure ? SP_SUBSET_DELEGATED : SP_SUBSET_PROVED;
	return 0;
}

static int compare_call(struct changes *out, enum sp_arch arch,
			const struct sp_norm *on, const struct sp_norm *nn,
			const struct sp_diff_progs *progs,
			const struct sp_norm_call *oc,
			const struct sp_norm_call *nc)
{
	const struct sp_norm_call *any = oc ? oc : nc;
	uint64_t full = sp_norm_full(arch);
	struct side o = { .call = oc, .def = on->def, .def_err = on->def_err,
			  .prog = progs->old, .arch = arch };
	struct side n = { .call = nc, .def = nn->def, .def_err = nn->def_err,
			  .prog = progs->new, .arch = arch };
	struct sp_region plus = { 0 }, minus = { 0 }, extra = { 0 };
	struct sp_diff_change ch = { .values_arg = -1 };
	char buf[SP_SYSCALL_NAME_MAX];
	const char *name;
	int rc, eq, a_in_b = 0, b_in_a = 0;
	bool joint = false;

	rc = side_build(&o);
	if (!rc)
		rc = side_build(&n);
	if (rc)
		goto out;
	name = any->nr >= 0 ? sp_syscall_name_or_nr(arch, any->nr, buf) :
			      any->name;
	if (o.miscompiled)
		rc = note_miscompiled(out, name, arch, false);
	if (!rc && n.miscompiled)
		rc = note_miscompiled(out, name, arch, true);
	if (rc)
		goto out;
	eq = o.rc || n.rc ? -E2BIG : sides_equal(&o, &n);
	if (eq < 0 && eq != -E2BIG) {
		rc = eq;
		goto out;
	}
	/* Past the cubes' bound, the programs themselves, path by path. */
	if (eq < 0 && o.prog && n.prog && any->nr >= 0) {
		int jrc = joint_compare(&o, &n, any->nr, &eq, &ch);

		if (jrc && jrc != -E2BIG) {
			rc = jrc;
			goto out;
		}
		joint = !jrc;
	}
	/* Unknown regions written alike mean alike; where which of
	 * overlapping rules applies was left unread (no program), alike
	 * means the same rules in the same order, as libseccomp gets them. */
	if (eq == 1 ||
	    (eq < 0 && (o.order_dependent || n.order_dependent ?
				sp_norm_written_alike(oc, nc) :
				clauses_identical(oc, nc))))
		goto out;

	ch.syscall = strdup(name);
	ch.archs = 1u << arch;
	ch.unknown = any->nr < 0;
	rc = ch.syscall ? 0 : -ENOMEM;
	if (!rc)
		rc = copy_side(oc, on->def, on->def_err, &ch.old);
	if (!rc)
		rc = copy_side(nc, nn->def, nn->def_err, &ch.new);
	if (rc)
		goto out;
	if (joint) {
		/* Kind, values and subset from the programs. */
	} else if (eq < 0) {
		ch.kind = SP_DIFF_ARGS;
		ch.values_elided = true;
	} else {
		rc = sp_region_sub(&n.allow, &o.allow, &plus);
		if (!rc)
			rc = sp_region_sub(&o.allow, &n.allow, &minus);
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
		rc = drop_covered(&plus);
		if (!rc)
			rc = drop_covered(&minus);
		if (rc)
			goto out;
		if (!rc)
			rc = except_of(&plus, &ch.plus_except);
		if (!rc)
			rc = except_of(&minus, &ch.minus_except);
		if (rc)
			goto out;
		if (plus.n > LIST_MAX || minus.n > LIST_MAX) {
			ch.values_elided = true;
			ch.plus_except = ch.minus_except = false;
			plus.n = minus.n = 0;
		}
		ch.values_arg = single_arg(&plus, &minus, full);
		rc = list_values(&plus, full, ch.values_arg, &ch.plus,
				 &ch.nplus);
		if (!rc)
			rc = list_values(&minus, full, ch.values_arg, &ch.minus,
					 &ch.nminus);
		if (rc)
			goto out;
	}
	if (!joint)
		ch.subset = side_subset(&o, &n, ch.unknown, &extra, &ch.why);
	if (sp_array_grow(&out->c, &out->cap, out->n + 1, sizeof(*out->c))) {
		rc = -ENOMEM;
		goto out;
	}
	out->c[out->n++] = ch;
	memset(&ch, 0, sizeof(ch));
out:
	sp_diff_change_fini(&ch);
	side_fini(&o);
	side_fini(&n);
	sp_region_fini(&plus);
	sp_region_fini(&minus);
	sp_region_fini(&extra);
	return rc;
}

static int compare_arch(struct changes *out, enum sp_arch arch,
			const struct sp_norm *on, const struct sp_norm *nn,
			const struct sp_diff_progs *progs)
{
	const struct sp_norm_arch *oa = &on->arch[arch], *na = &nn->arch[arch];
	size_t i = 0, j = 0;
	int rc = 0;

	while (!rc && (i < oa->ncalls || j < na->ncalls)) {
		int c;

		if (i == oa->ncalls)
			c = 1;
		else if (j == na->ncalls)
			c = -1;
		else
			c = sp_norm_call_cmp(&oa->calls[i], &na->calls[j]);
		if (c < 0)
			rc = compare_call(out, arch, on, nn, progs,
					  &oa->calls[i++], NULL);
		else if (c > 0)
			rc = compare_call(out, arch, on, nn, progs, NULL,
					  &na->calls[j++]);
		else
			rc = compare_call(out, arch, on, nn, progs,
					  &oa->calls[i++], &na->calls[j++]);
	}
	return rc;
}

static int cmp_int(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

static int clause_cmp(const struct sp_diff_clause *a,
		      const struct sp_diff_clause *b)
{
	for (size_t i = 0; i < a->n && i < b->n; i++) {
		int c = sp_cond_cmp(&a->conds[i], &b->conds[i]);

		if (c)
			return c;
	}
	return cmp_int((long long)a->n, (long long)b->n);
}

static int side_cmp(const struct sp_diff_side *a,
		    const struct sp_diff_side *b)
{
	int c = cmp_int(a->def, b->def);

	if (c || (c = cmp_int(a->def_err, b->def_err)) ||
	    (c = cmp_int((long long)a->nv, (long long)b->nv)))
		return c;
	for (size_t i = 0; i < a->nv; i++) {
		const struct sp_diff_verdict *x = &a->v[i], *y = &b->v[i];

		if ((c = cmp_int(x->action, y->action)) ||
		    (c = cmp_int(x->err, y->err)) ||
		    (c = cmp_int((long long)x->nclauses,
				 (long long)y->nclauses)))
			return c;
		for (size_t j = 0; j < x->nclauses; j++)
			if ((c = clause_cmp(&x->clauses[j], &y->clauses[j])))
				return c;
	}
	return 0;
}

static int values_cmp(const struct sp_diff_values *a, size_t na,
		      const struct sp_diff_values *b, size_t nb)
{
	for (size_t i = 0; i < na && i < nb; i++) {
		int c = cmp_int(a[i].n, b[i].n);

		for (size_t k = 0; !c && k < a[i].n; k++) {
			const struct sp_diff_term *x = &a[i].t[k];
			const struct sp_diff_term *y = &b[i].t[k];

			c = cmp_int(x->index, y->index);
			if (!c)
				c = cmp_int(x->kind, y->kind);
			if (!c && x->value != y->value)
				c = x->value < y->value ? -1 : 1;
			if (!c && x->kind == SP_TERM_MASKED &&
			    x->mask != y->mask)
				c = x->mask < y->mask ? -1 : 1;
		}
		if (c)
			return c;
	}
	return cmp_int((long long)na, (long long)nb);
}

/* Everything but the arches: changes equal by this read the same. */
static int change_cmp_content(const struct sp_diff_change *a,
			      const struct sp_diff_change *b)
{
	int c = strcmp(a->syscall, b->syscall);

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = side_cmp(&a->old, &b->old)) ||
	    (c = side_cmp(&a->new, &b->new)) ||
	    (c = cmp_int(a->values_arg, b->values_arg)) ||
	    (c = values_cmp(a->plus, a->nplus, b->plus, b->nplus)) ||
	    (c = values_cmp(a->minus, a->nminus, b->minus, b->nminus)) ||
	    (c = cmp_int(a->why, b->why)))
		return c;
	if (a->subset != b->subset)
		return a->subset < b->subset ? -1 : 1;
	if (a->unknown != b->unknown)
		return a->unknown ? 1 : -1;
	if (a->plus_except != b->plus_except)
		return a->plus_except ? 1 : -1;
	if (a->minus_except != b->minus_except)
		return a->minus_except ? 1 : -1;
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
			sp_diff_change_fini(&cs->c[i]);
			continue;
		}
		cs->c[n++] = cs->c[i];
	}
	cs->n = n;
	qsort(cs->c, cs->n, sizeof(*cs->c), change_cmp_final);
}

static int miscompiled_cmp(const void *pa, const void *pb)
{
	const struct sp_diff_miscompiled *a = pa, *b = pb;

	if (a->new_side != b->new_side)
		return a->new_side ? 1 : -1;
	return strcmp(a->syscall, b->syscall);
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
	if (!sp_action_may_allow(n) || sp_action_sure_allow(o))
		return SP_SUBSET_YES;
	if (sp_action_sure_allow(n) && !sp_action_may_allow(o))
		return SP_SUBSET_NO;
	return SP_SUBSET_UNKNOWN;
}

/* On an arch only NEW filters, OLD kills every call. */
static enum sp_subset_answer new_arch_subset(const struct sp_norm *nn,
					     enum sp_arch a)
{
	const struct sp_norm_arch *na = &nn->arch[a];

	if (sp_action_may_allow(nn->def))
		return default_subset(SP_ACT_KILL_THREAD, nn->def);
	for (size_t i = 0; i < na->ncalls; i++)
		for (size_t j = 0; j < na->calls[i].nv; j++)
			if (sp_action_may_allow(na->calls[i].v[j].action))
				return na->calls[i].nr < 0 ?
					       SP_SUBSET_UNKNOWN :
					       SP_SUBSET_NO;
	return SP_SUBSET_YES;
}

int sp_diff_profiles(const struct sp_profile *old,
		     const struct sp_profile *new,
		     const struct sp_diff_progs *progs, struct sp_diff **out)
{
	static const struct sp_diff_progs none;
	struct sp_norm *on = NULL, *nn = NULL;
	struct changes cs = { 0 };
	struct sp_diff *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return -ENOMEM;
	rc = sp_norm_build(old, &on);
	if (!rc)
		rc = sp_norm_build(new, &nn);
	if (rc)
		goto out;
	d->old_default = on->def;
	d->new_default = nn->def;
	d->old_default_errno = on->def_err;
	d->new_default_errno = nn->def_err;
	d->default_changed = on->def != nn->def || on->def_err != nn->def_err;
	d->old_archs = on->listed;
	d->new_archs = nn->listed;
	d->old_filtered = on->effective;
	d->new_filtered = nn->effective;
	d->default_subset = default_subset(on->def, nn->def);
	d->subset = d->default_subset;
	for (int a = SP_ARCH_UNKNOWN + 1; !rc && a < SP_ARCH_COUNT; a++) {
		bool in_o = on->effective & 1u << a;
		bool in_n = nn->effective & 1u << a;

		if (in_o && in_n)
			d->archs_compared |= 1u << a;
		if (in_o && in_n)
			rc = compare_arch(&cs, (enum sp_arch)a, on, nn,
					  progs ? progs : &none);
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
	if (cs.nm)
		qsort(cs.m, cs.nm, sizeof(*cs.m), miscompiled_cmp);
	d->miscompiled = cs.m;
	d->nmiscompiled = cs.nm;
	cs.m = NULL;
	cs.nm = 0;
	*out = d;
	d = NULL;
out:
	for (size_t i = 0; i < cs.n; i++)
		sp_diff_change_fini(&cs.c[i]);
	free(cs.c);
	for (size_t i = 0; i < cs.nm; i++)
		free(cs.m[i].syscall);
	free(cs.m);
	sp_norm_free(on);
	sp_norm_free(nn);
	sp_diff_free(d);
	return rc;
}
