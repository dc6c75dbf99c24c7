/* The sibling table (sibling.def): calls and encodings that do what
 * another call's conditions restrict, and how the generator keeps those
 * conditions true. */
#ifndef SP_ANALYZER_SIBLING_H
#define SP_ANALYZER_SIBLING_H

#include <stdbool.h>

#include "core/arch.h"

enum sp_sibling_how {
	SP_SIBLING_FOLD,
	SP_SIBLING_SAME,
	SP_SIBLING_ROW,
	SP_SIBLING_UNBOUND,
	SP_SIBLING_BYPASS,
	SP_SIBLING_MUX,
	SP_SIBLING_KERNEL,
	SP_SIBLING_FREE,
	SP_SIBLING_ENCODING,
};

struct sp_sibling {
	const char *call;    /* "all": every call */
	const char *of;
	enum sp_sibling_how how;
	unsigned arches;     /* bit per enum sp_arch; 0: every arch */
	const char *note;
};

/* The lines of sibling.def. */
unsigned sp_sibling_count(void);
const struct sp_sibling *sp_sibling_at(unsigned i);

/* Whether the relation exists on arch. */
bool sp_sibling_on(const struct sp_sibling *s, enum sp_arch arch);

#endif
