/* tracer/regs.h on x86_64: struct user_regs_struct through
 * PTRACE_GETREGS and PTRACE_SETREGS. */
#include "tracer/regs.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "core/arch.h"

int sp_regs_clear_clone_flag(pid_t tid, enum sp_arch arch, uint64_t flag)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, tid, 0, &regs))
		return -errno;
	/* i386's first argument is in ebx. */
	if (arch == SP_ARCH_X86)
		regs.rbx &= ~flag;
	else
		regs.rdi &= ~flag;
	if (ptrace(PTRACE_SETREGS, tid, 0, &regs))
		return -errno;
	return 0;
}

int sp_regs_skip_call(pid_t tid, long ret)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, tid, 0, &regs))
		return -1;
	regs.orig_rax = (unsigned long long)-1;
	regs.rax = (unsigned long long)ret;
	return ptrace(PTRACE_SETREGS, tid, 0, &regs) ? -1 : 0;
}

int sp_regs_interrupted_call(pid_t tid, struct sp_call_at *c)
{
	struct __ptrace_syscall_info info;
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r) ||
	    (long long)r.orig_rax < 0 ||
	    (long long)r.rax != -SP_ERESTARTSYS ||
	    ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) <= 0)
		return -1;
	c->nr = (int64_t)r.orig_rax;
	c->arch = sp_arch_of_call(info.arch, c->nr);
	c->ip = r.rip;
	if (c->arch == SP_ARCH_X86) {
		uint64_t a[SP_NARGS] = { r.rbx, r.rcx, r.rdx,
					 r.rsi, r.rdi, r.rbp };

		for (int i = 0; i < SP_NARGS; i++)
			c->args[i] = a[i] & 0xffffffffu;
	} else {
		uint64_t a[SP_NARGS] = { r.rdi, r.rsi, r.rdx,
					 r.r10, r.r8, r.r9 };

		memcpy(c->args, a, sizeof(a));
	}
	return 0;
}

int sp_regs_call_return(pid_t tid, long *ret)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r) || (long long)r.orig_rax < 0)
		return -1;
	*ret = (long)r.rax;
	return 0;
}

int sp_regs_restart_after_handler(pid_t tid)
{
	return ptrace(PTRACE_POKEUSER, tid,
		      offsetof(struct user_regs_struct, rax),
		      (long)-SP_ERESTARTNOINTR) ? -1 : 0;
}
