/* The in-kernel recorder left out of the build (SP_INKERNEL=OFF). */
#include "tracer/inkernel.h"

#include <errno.h>

size_t sp_inkernel_arches(enum sp_arch out[SP_INKERNEL_ARCHES])
{
	(void)out;
	return 0;
}

int sp_inkernel_run(const struct sp_tracer_opts *opts, struct sp_trace *t,
		    const struct sp_sink *sink, struct sp_diag *d)
{
	(void)opts;
	(void)t;
	(void)sink;
	sp_diag_set(d, NULL, 0, 0, NULL, "this sandprint was built without "
		    "it (SP_INKERNEL=OFF)");
	return -EOPNOTSUPP;
}
