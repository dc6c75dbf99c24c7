/* tracer/regs.h on an architecture without its own file: nothing is
 * read or written (each function's fallback is in tracer/regs.h). */
#include "tracer/regs.h"

#include <errno.h>

int sp_regs_clear_clone_flag(pid_t tid, enum sp_arch arch, uint64_t flag)
{
	(void)tid;
	(void)arch;
	(void)flag;
	return -ENOTSUP;
}

int sp_regs_skip_call(pid_t tid, long ret)
{
	(void)tid;
	(void)ret;
	errno = ENOTSUP;
	return -1;
}

int sp_regs_interrupted_call(pid_t tid, struct sp_call_at *c)
{
	(void)tid;
	(void)c;
	return -1;
}

int sp_regs_call_return(pid_t tid, long *ret)
{
	(void)tid;
	(void)ret;
	return -1;
}

int sp_regs_restart_after_handler(pid_t tid)
{
	(void)tid;
	errno = ENOTSUP;
	return -1;
}
