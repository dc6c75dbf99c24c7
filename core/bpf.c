#include "core/bpf.h"

#include <stdlib.h>

void sp_bpf_free(struct sp_bpf *b)
{
	if (!b)
		return;
	free(b->insns);
	free(b);
}

void sp_bpf_fini(struct sp_bpf *b)
{
	free(b->insns);
	b->insns = NULL;
	b->len = 0;
}
