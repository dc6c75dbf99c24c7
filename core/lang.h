/* Language runtimes, recognised by the static analysis (tracer/) and
 * turned into calls by the generator (analyzer/): the shared names. */
#ifndef SP_CORE_LANG_H
#define SP_CORE_LANG_H

enum sp_lang {
#define SP_LANG(id, name) SP_LANG_##id,
#include "core/lang.def"
#undef SP_LANG
	SP_LANG_COUNT
};

/* A set of runtimes: bit (1u << lang). */
#define SP_LANG_BIT(l) (1u << (l))
#define SP_LANG_ALL ((1u << SP_LANG_COUNT) - 1)

/* "go", "jvm", ... */
const char *sp_lang_name(enum sp_lang l);

#endif
