/*
 * The union of profiles in three steps:
 *  1. every (name, rule) of every input becomes an entry keyed by name,
 *     action, errno, origin and conditions (sorted: their order means
 *     nothing), and equal keys from several inputs become one candidate
 *     that lists them;
 *  2. per name, disagreements are settled (settle): an unconditional
 *     allow makes every refusing rule for the name moot (the union
 *     allows the call); of rules with the same conditions one action
 *     stays, since a runtime (libseccomp) refuses two; a refusal that
 *     overlaps what another input allows gives way to it;
 *  3. candidates with the same action, errno, conditions, origin and
 *     inputs become one rule with several names.
 */
#include "analyzer/merge.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/cube.h"
#include "analyzer/norm.h"
#include "core/text.h"

struct entry {
	const char *name;
	const struct sp_rule *r;
	const struct sp_cond *conds;   /* r's, sorted */
	enum sp_origin origin;         /* r's */
	size_t input;
};

struct cand {
	const struct entry *e;         /* the first of its entries */
	size_t first, n;               /* its entries: ents[first..first+n) */
	bool dropped;
};

static int cmp_conds(const struct sp_cond *a, size_t na,
		     const struct sp_cond *b, size_t nb)
{
	if (na != nb)
		return na < nb ? -1 : 1;
	for (size_t i = 0; i < na; i++) {
		int c = sp_cond_cmp(&a[i], &b[i]);

		if (c)
			return c;
	}
	return 0;
}

/* What makes two rules say the same thing, names aside. */
static int cmp_meaning(const struct entry *x, const struct entry *y)
{
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	if (x->r->action != y->r->action)
		return x->r->action < y->r->action ? -1 : 1;
	if (x->r->errno_ret != y->r->errno_ret)
		return x->r->errno_ret < y->r->errno_ret ? -1 : 1;
	return cmp_conds(x->conds, x->r->nconds, y->conds, y->r->nconds);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (!c)
		c = cmp_meaning(x, y);
	if (!c && x->input != y->input)
		c = x->input < y->input ? -1 : 1;
	return c;
}

static int cmp_sp_cond(const void *a, const void *b)
{
	return sp_cond_cmp(a, b);
}

struct merge {
	struct entry *ents;
	struct cand *cands;
	size_t ncands;
	uint64_t full[2];              /* the widths the arches compare */
	size_t nfull;
	enum sp_action def;
	int def_errno;                 /* as sp_action_errno gives it */
	sp_merge_note_fn on_note;
	void *ctx;
};

/* The inputs of a candidate, as entries in input order (distinct: an
 * input that lists a name twice with the same rule counts once). */
static bool same_inputs(const struct merge *m, const struct cand *x,
			const struct cand *y)
{
	size_t i = 0, j = 0;

	while (i < x->n && j < y->n) {
		size_t a = m->ents[x->first + i].input;
		size_t b = m->ents[y->first + j].input;

		if (a != b)
			return false;
		while (i < x->n && m->ents[x->first + i].input == a)
			i++;
		while (j < y->n && m->ents[y->first + j].input == b)
			j++;
	}
	return i == x->n && j == y->n;
}

static size_t ninputs(const struct merge *m, const struct cand *c)
{
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++)
		k += i == 0 || m->ents[c->first + i].input !=
				       m->ents[c->first + i - 1].input;
	return k;
}

/* qsort has no context: the merge being ordered. */
static const struct merge *sort_merge;

/* Rule order: origin, coverage (more inputs first), the inputs, then the
 * meaning; candidates of one rule end up adjacent, by name. */
static int cmp_rule(const struct cand *x, const struct cand *y)
{
	const struct merge *m = sort_merge;
	size_t nx = ninputs(m, x), ny = ninputs(m, y);

	if (x->e->origin != y->e->origin)
		return x->e->origin < y->e->origin ? -1 : 1;
	if (nx != ny)
		return nx > ny ? -1 : 1;
	for (size_t i = 0, j = 0; i < x->n && j < y->n; i++, j++) {
		size_t a = m->ents[x->first + i].input;
		size_t b = m->ents[y->first + j].input;

		if (a != b)
			return a < b ? -1 : 1;
	}
	return cmp_meaning(x->e, y->e);
}

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = cmp_rule(x, y);

	return c ? c : strcmp(x->e->name, y->e->name);
}

/* Whether input in is one of c's. */
static bool has_input(const struct merge *m, const struct cand *c, size_t in)
{
	for (size_t i = 0; i < c->n; i++)
		if (m->ents[c->first + i].input == in)
			return true;
	return false;
}

/* An input of a that is not one of b's, or SIZE_MAX. */
static size_t other_input(const struct merge *m, const struct cand *a,
			  const struct cand *b)
{
	for (size_t i = 0; i < a->n; i++)
		if (!has_input(m, b, m->ents[a->first + i].input))
			return m->ents[a->first + i].input;
	return SIZE_MAX;
}

/* Do two candidates match a call in common on an arch of the merge? */
static bool overlap(const struct merge *m, const struct cand *a,
		    const struct cand *b)
{
	for (size_t f = 0; f < m->nfull; f++)
		if (sp_rules_overlap(a->e->r, b->e->r, m->full[f]))
			return true;
	return false;
}

/* c, a refusal, gives way to a, which allows some of its calls in input
 * in: said when that changes what c's other calls get. */
static void give_way(const struct merge *m, struct cand *c,
		     const struct cand *a, size_t in)
{
	const struct sp_rule *r = c->e->r;

	c->dropped = true;
	if (m->on_note && (r->action != m->def ||
			   sp_action_errno(r->action, r->errno_ret) !=
				   m->def_errno))
		m->on_note(m->ctx, &(struct sp_merge_note){
			c->e->name, r->action, r->errno_ret, r->nconds > 0,
			c->e->input, in, a->e->r->nconds > 0 });
}

/* Of two candidates with the same conditions, is k (at j) the one to
 * keep rather than c (at i)?  Actions are in the kernel's precedence
 * order, strongest first: the weakest has the largest value; among
 * equals, the first input's.  Allows that say the same all stay (other
 * origins, other evidence: libseccomp takes the same rule twice). */
static bool weaker(const struct cand *k, size_t j, const struct cand *c,
		   size_t i)
{
	const struct sp_rule *x = k->e->r, *y = c->e->r;

	if (x->action != y->action)
		return x->action > y->action;
	if (sp_action_allows(x->action) &&
	    sp_action_errno(x->action, x->errno_ret) ==
		    sp_action_errno(y->action, y->errno_ret))
		return false;
	return k->e->input < c->e->input ||
	       (k->e->input == c->e->input && j < i);
}

/* Step 2 for the candidates of one name, cands[0..n).  A runtime
 * (libseccomp) refuses two rules with the same conditions and different
 * actions, lets a rule without conditions override every other, and
 * decides between overlapping rules of different actions by its own
 * order of the arguments, not by the rules' order.  So: an unconditional
 * allow drops every refusal; of rules with the same conditions one
 * action stays (an allowing one, else the weakest); and a refusal that
 * overlaps what another input allows gives way to it, the calls of it
 * that no input allows getting the default. */
static void settle(const struct merge *m, struct cand *cands, size_t n)
{
	bool whole = false;

	/* An unconditional allow: the union allows the call. */
	for (size_t i = 0; i < n; i++)
		whole |= sp_action_allows(cands[i].e->r->action) &&
			 !cands[i].e->r->nconds;
	for (size_t i = 0; i < n && whole; i++)
		cands[i].dropped = !sp_action_allows(cands[i].e->r->action);
	for (size_t i = 0; i < n; i++) {
		struct cand *c = &cands[i];

		for (size_t j = 0; j < n && !c->dropped; j++) {
			const struct cand *k = &cands[j];

			if (j == i || k->dropped ||
			    cmp_conds(c->e->conds, c->e->r->nconds,
				      k->e->conds, k->e->r->nconds))
				continue;
			if (sp_action_allows(k->e->r->action) &&
			    !sp_action_allows(c->e->r->action))
				give_way(m, c, k, k->e->input);
			else if (weaker(k, j, c, i))
				c->dropped = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct cand *c = &cands[i];

		if (c->dropped || sp_action_allows(c->e->r->action))
			continue;
		for (size_t j = 0; j < n && !c->dropped; j++) {
			const struct cand *a = &cands[j];
			size_t in = other_input(m, a, c);

			if (!a->dropped && sp_action_allows(a->e->r->action) &&
			    in != SIZE_MAX && overlap(m, a, c))
				give_way(m, c, a, in);
		}
	}
}

/* The text of a comment after its "sandprint: TAG: ", if any. */
static const char *evidence(const char *comment)
{
	const char *s;

	if (!comment || strncmp(comment, "sandprint: ", 11) != 0)
		return comment;
	s = strchr(comment + 11, ':');
	return s ? s + 1 + (s[1] == ' ') : comment;
}

static void append(char *buf, size_t len, size_t *at, const char *s)
{
	int w;

	if (*at >= len)
		return;
	w = snprintf(buf + *at, len - *at, "%s", s);
	*at += w > 0 ? (size_t)w : 0;
}

/* Whether an entry before e in first's group is of e's input and said
 * what e says. */
static bool said_already(const struct merge *m, const struct cand *first,
			 const struct entry *e)
{
	for (const struct cand *c = first;; c++) {
		for (size_t i = 0; i < c->n; i++) {
			const struct entry *b = &m->ents[c->first + i];

			if (b == e)
				return false;
			if (b->input == e->input && b->r->comment &&
			    strcmp(evidence(b->r->comment),
				   evidence(e->r->comment)) == 0)
				return true;
		}
	}
}

/* Room kept at the end of buf for "; and 4294967295 more". */
#define MORE_ROOM 32

/* "sandprint: TAG: in K of N profiles (a, b): what they said" when they
 * said the same, "...; a: ...; b: ..." otherwise.  A comment is bounded:
 * inputs past what it holds are counted ("and 7 more"), never dropped
 * unsaid, and what they said keeps its room. */
static int comment_for(const struct merge *m, const struct cand *first,
		       const struct cand *end, const char *const *labels,
		       size_t ninput, struct sp_rule *r)
{
	char buf[1024], item[512];
	const char *said = NULL;
	size_t at = 0, shown = 0, more = 0, keep;
	bool ours = true, same = true;

	for (const struct cand *c = first; c < end; c++) {
		for (size_t i = 0; i < c->n; i++) {
			const char *s = m->ents[c->first + i].r->comment;
			const char *ev = evidence(s);

			ours &= s && strncmp(s, "sandprint: ", 11) == 0;
			if (!ev || !*ev)
				continue;
			same &= !said || strcmp(said, ev) == 0;
			said = said ? said : ev;
		}
	}
	if (ours) {
		snprintf(item, sizeof(item), "sandprint: %s: ",
			 sp_origin_tag(first->e->origin));
		append(buf, sizeof(buf), &at, item);
	}
	snprintf(item, sizeof(item), "in %zu of %zu profiles (",
		 ninputs(m, first), ninput);
	append(buf, sizeof(buf), &at, item);
	/* The list leaves room for what they all said, up to half the
	 * buffer; each input's own words come after it, as they fit. */
	keep = said && same ? strlen(said) + 2 : 0;
	keep = MORE_ROOM + (keep < sizeof(buf) / 2 ? keep : sizeof(buf) / 2);
	for (size_t i = 0; i < first->n; i++) {
		size_t in = m->ents[first->first + i].input;

		if (i && in == m->ents[first->first + i - 1].input)
			continue;
		if (more || at + 2 + strlen(labels[in]) + keep >= sizeof(buf)) {
			more++;
			continue;
		}
		append(buf, sizeof(buf), &at, shown++ ? ", " : "");
		append(buf, sizeof(buf), &at, labels[in]);
	}
	if (more) {
		snprintf(item, sizeof(item), "%sand %zu more",
			 shown ? ", " : "", more);
		append(buf, sizeof(buf), &at, item);
	}
	append(buf, sizeof(buf), &at, ")");
	if (said && same)
		at += strlen(sp_text_fit(buf + at, sizeof(buf) - at, ": %s",
					 said));
	/* Otherwise each input's own words, once each. */
	more = 0;
	for (const struct cand *c = first; c < end && !same; c++) {
		for (size_t i = 0; i < c->n; i++) {
			const struct entry *e = &m->ents[c->first + i];
			const char *s = evidence(e->r->comment);

			if (!s || !*s)
				continue;
			sp_text_fit(item, sizeof(item), "; %s: %s",
				    labels[e->input], s);
			if (said_already(m, first, e))
				continue;
			if (more || at + strlen(item) + MORE_ROOM >= sizeof(buf))
				more++;
			else
				append(buf, sizeof(buf), &at, item);
		}
	}
	if (more) {
		snprintf(item, sizeof(item), "; and %zu more", more);
		append(buf, sizeof(buf), &at, item);
	}
	return sp_rule_set_comment(r, buf);
}

static int emit(struct merge *m, const char *const *labels, size_t n,
		struct sp_profile *p)
{
	struct cand *c = m->cands;

	sort_merge = m;
	qsort(c, m->ncands, sizeof(*c), cmp_cand);
	for (size_t i = 0; i < m->ncands;) {
		const struct sp_rule *src = c[i].e->r;
		size_t j = i + 1;
		struct sp_rule *r;

		while (j < m->ncands && cmp_rule(&c[i], &c[j]) == 0 &&
		       same_inputs(m, &c[i], &c[j]))
			j++;
		r = sp_profile_add_rule(p);
		if (!r)
			return -ENOMEM;
		r->action = src->action;
		r->errno_ret = src->errno_ret;
		r->origin = c[i].e->origin;
		for (size_t k = 0; k < src->nconds; k++)
			if (sp_rule_add_cond(r, &c[i].e->conds[k]))
				return -ENOMEM;
		for (size_t k = i; k < j; k++)
			if (sp_rule_add_name(r, c[k].e->name))
				return -ENOMEM;
		if (comment_for(m, &c[i], &c[j], labels, n, r))
			return -ENOMEM;
		i = j;
	}
	return 0;
}

int sp_merge_profiles(struct sp_profile *const *in,
		      const char *const *labels, size_t n,
		      enum sp_action default_action, int default_errno,
		      sp_merge_note_fn on_note, void *ctx,
		      struct sp_profile **out)
{
	struct merge m = { .def = default_action,
			   .def_errno = sp_action_errno(default_action,
							default_errno),
			   .on_note = on_note, .ctx = ctx };
	struct sp_profile *p = sp_profile_new();
	struct sp_cond **sorted = NULL;
	size_t nents = 0, nrules = 0, e = 0, r = 0;
	int rc = -ENOMEM;

	if (!p)
		return -ENOMEM;
	p->default_action = default_action;
	p->default_errno = default_errno;
	for (size_t i = 0; i < n; i++) {
		for (size_t a = 0; a < in[i]->narchs; a++)
			sp_profile_add_arch(p, in[i]->archs[a]);
		nrules += in[i]->nrules;
		for (size_t k = 0; k < in[i]->nrules; k++)
			nents += in[i]->rules[k].nnames;
	}
	/* The widths the runtimes compare on: the arches listed and the
	 * native one, which they always add. */
	for (size_t a = 0; a <= p->narchs; a++) {
		uint64_t full = sp_norm_full(a < p->narchs ? p->archs[a] :
							    sp_arch_native());
		bool seen = false;

		for (size_t f = 0; f < m.nfull; f++)
			seen |= m.full[f] == full;
		if (!seen)
			m.full[m.nfull++] = full;
	}
	sorted = calloc(nrules ? nrules : 1, sizeof(*sorted));
	m.ents = calloc(nents ? nents : 1, sizeof(*m.ents));
	m.cands = calloc(nents ? nents : 1, sizeof(*m.cands));
	if (!sorted || !m.ents || !m.cands)
		goto out;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < in[i]->nrules; k++, r++) {
			const struct sp_rule *rule = &in[i]->rules[k];

			sorted[r] = malloc((rule->nconds ? rule->nconds : 1) *
					   sizeof(**sorted));
			if (!sorted[r])
				goto out;
			if (rule->nconds)
				memcpy(sorted[r], rule->conds,
				       rule->nconds * sizeof(**sorted));
			qsort(sorted[r], rule->nconds, sizeof(**sorted),
			      cmp_sp_cond);
			for (size_t a = 0; a < rule->nnames; a++)
				m.ents[e++] = (struct entry){
					rule->names[a], rule, sorted[r],
					rule->origin, i };
		}
	}
	qsort(m.ents, nents, sizeof(*m.ents), cmp_entry);
	for (size_t i = 0; i < nents;) {
		size_t j = i + 1;

		while (j < nents && !strcmp(m.ents[i].name, m.ents[j].name) &&
		       !cmp_meaning(&m.ents[i], &m.ents[j]))
			j++;
		m.cands[m.ncands++] = (struct cand){ &m.ents[i], i, j - i,
						      false };
		i = j;
	}
	for (size_t i = 0; i < m.ncands;) {
		size_t j = i + 1;

		while (j < m.ncands &&
		       !strcmp(m.cands[i].e->name, m.cands[j].e->name))
			j++;
		settle(&m, &m.cands[i], j - i);
		i = j;
	}
	e = 0;
	for (size_t i = 0; i < m.ncands; i++)
		if (!m.cands[i].dropped)
			m.cands[e++] = m.cands[i];
	m.ncands = e;
	rc = emit(&m, labels, n, p);
out:
	for (size_t i = 0; sorted && i < nrules; i++)
		free(sorted[i]);
	free(sorted);
	free(m.ents);
	free(m.cands);
	if (rc) {
		sp_profile_free(p);
		return rc;
	}
	*out = p;
	return 0;
}
