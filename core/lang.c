#include "core/lang.h"

#include "core/array.h"

static const char *const names[] = {
#define SP_LANG(id, name) [SP_LANG_##id] = #name,
#include "core/lang.def"
#undef SP_LANG
};

_Static_assert(ARRAY_SIZE(names) == SP_LANG_COUNT,
	       "one name per runtime");

const char *sp_lang_name(enum sp_lang l)
{
	return (unsigned)l < SP_LANG_COUNT ? names[l] : "?";
}
