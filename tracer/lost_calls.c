#include "tracer/lost_calls.h"

#include <string.h>

#include "core/array.h"
#include "core/syscall.h"

static const char *const waits[] = {
#define SP_WAITS(name) #name,
#include "tracer/waits.def"
#undef SP_WAITS
};

bool sp_call_may_wait(enum sp_arch arch, int64_t nr)
{
	const char *name = sp_syscall_name(arch, nr);

	if (!name)
		return true;    /* unknown: assume the native reading */
	for (size_t i = 0; i < ARRAY_SIZE(waits); i++)
		if (strcmp(name, waits[i]) == 0)
			return true;
	return false;
}

bool sp_call_lost(const struct sp_call_at *last, const struct sp_call_at *now)
{
	if (!last || last->arch != now->arch || last->nr != now->nr ||
	    last->ip != now->ip ||
	    memcmp(last->args, now->args, sizeof(now->args)) != 0)
		return true;
	return !sp_call_may_wait(now->arch, now->nr);
}
