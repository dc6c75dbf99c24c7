#include "analyzer/sibling.h"

#include <stddef.h>

static const struct sp_sibling table[] = {
#define SP_ANY 0u
#define SP_ON(arch) (1u << SP_ARCH_##arch)
#define SP_SIBLING(call, of, how, arches, note) \
	{ #call, #of, SP_SIBLING_##how, arches, note },
#include "analyzer/sibling.def"
#undef SP_ANY
#undef SP_ON
};

_Static_assert(SP_ARCH_COUNT <= 32, "arches must fit an unsigned mask");

unsigned sp_sibling_count(void)
{
	return sizeof(table) / sizeof(table[0]);
}

const struct sp_sibling *sp_sibling_at(unsigned i)
{
	return i < sp_sibling_count() ? &table[i] : NULL;
}

bool sp_sibling_on(const struct sp_sibling *s, enum sp_arch arch)
{
	return !s->arches || (s->arches & (1u << arch));
}
