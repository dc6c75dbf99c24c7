#include "tracer/lost_calls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "core/array.h"
#include "core/syscall.h"
#include "tracer/proc.h"
#include "tracer/regs.h"

#ifndef SPLICE_F_NONBLOCK
#define SPLICE_F_NONBLOCK 0x02  /* <fcntl.h> has it with _GNU_SOURCE */
#endif

static const struct sp_wait waits[] = {
#define SP_WAITS(name, kind, in, out, flags, nowait) \
	{ #name, SP_WAIT_##kind, in, out, flags, (uint64_t)(nowait) },
#include "tracer/waits.def"
#undef SP_WAITS
};

const struct sp_wait *sp_call_wait(enum sp_arch arch, int64_t nr)
{
	static const struct sp_wait unknown = { "?", SP_WAIT_OTHER, -1, -1,
						-1, 0 };
	const char *name = sp_syscall_name(arch, nr);

	return name ? sp_call_wait_named(name) : &unknown;
}

const struct sp_wait *sp_call_wait_named(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(waits); i++)
		if (strcmp(name, waits[i].name) == 0)
			return &waits[i];
	return NULL;
}

bool sp_call_lost(const struct sp_call_at *last, const struct sp_call_at *now)
{
	if (!last || last->arch != now->arch || last->nr != now->nr ||
	    last->ip != now->ip ||
	    memcmp(last->args, now->args, sizeof(now->args)) != 0)
		return true;
	return !sp_call_wait(now->arch, now->nr);
}

enum sp_wait_check sp_call_check(const struct sp_wait *w,
				 const struct sp_call_at *c)
{
	unsigned op;

	if (w->flags >= 0 && (c->args[w->flags] & w->nowait))
		return SP_CHECK_NEVER;
	switch (w->kind) {
	case SP_WAIT_FD:
		return SP_CHECK_FDS;
	case SP_WAIT_OPEN:
		return SP_CHECK_PATH;
	case SP_WAIT_FUTEX:
		op = (unsigned)c->args[1] & FUTEX_CMD_MASK;
		if (op != FUTEX_WAIT && op != FUTEX_WAIT_BITSET)
			return SP_CHECK_NEVER;
		return c->args[3] ? SP_CHECK_NEVER : SP_CHECK_FUTEX;
	case SP_WAIT_WAIT4:
	case SP_WAIT_WAITID:
		return SP_CHECK_CHILDREN;
	case SP_WAIT_FCNTL:
		op = (unsigned)c->args[1];
		return op == F_SETLKW || op == F_OFD_SETLKW ? SP_CHECK_UNKNOWN :
							      SP_CHECK_NEVER;
	case SP_WAIT_IOCTL:
		return SP_CHECK_IOCTL;
	case SP_WAIT_MUX:
		return SP_CHECK_MUX;
	case SP_WAIT_OTHER:
		break;
	}
	return SP_CHECK_UNKNOWN;
}

int sp_call_unwake(pid_t tid, int sig)
{
	struct sp_sigsets sets;
	long ret;

	if (sp_regs_call_return(tid, &ret) || ret != -EINTR ||
	    sp_proc_sigsets(tid, &sets) ||
	    (sig && !sp_sig_ignored(&sets, sig)))
		return 0;
	for (int s = 1; s <= 64; s++)
		if ((sets.pending & ~sets.blocked) >> (s - 1) & 1 &&
		    !sp_sig_ignored(&sets, s))
			return 0;
	return sp_regs_restart_after_handler(tid) ? -errno : 0;
}
