#include "core/diff_result.h"

#include <stdlib.h>
#include <string.h>

void sp_diff_side_fini(struct sp_diff_side *s)
{
	for (size_t i = 0; i < s->nv; i++) {
		for (size_t j = 0; j < s->v[i].nclauses; j++)
			free(s->v[i].clauses[j].conds);
		free(s->v[i].clauses);
	}
	free(s->v);
	s->v = NULL;
	s->nv = 0;
}

void sp_diff_change_fini(struct sp_diff_change *c)
{
	free(c->syscall);
	sp_diff_side_fini(&c->old);
	sp_diff_side_fini(&c->new);
	free(c->plus);
	free(c->minus);
	memset(c, 0, sizeof(*c));
}

void sp_diff_free(struct sp_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nchanges; i++)
		sp_diff_change_fini(&d->changes[i]);
	free(d->changes);
	for (size_t i = 0; i < d->nmiscompiled; i++)
		free(d->miscompiled[i].syscall);
	free(d->miscompiled);
	free(d);
}

bool sp_diff_equal(const struct sp_diff *d)
{
	return !d->default_changed && d->old_filtered == d->new_filtered &&
	       d->nchanges == 0;
}
