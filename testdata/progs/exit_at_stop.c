/* Preloaded into sandprint (LD_PRELOAD): the process it is about to stop
 * with PTRACE_INTERRUPT, having seized it, is killed first and has
 * exited (a zombie, still traced) when the interrupt is made: what a
 * process that exits between attach and stop does to `check -p`, every
 * time.  The kill, the exit and the interrupt are the kernel's own. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>

long ptrace(enum __ptrace_request req, ...)
{
	static long (*real)(enum __ptrace_request, pid_t, void *, void *);
	va_list ap;
	pid_t pid;
	void *addr, *data;

	va_start(ap, req);
	pid = va_arg(ap, pid_t);
	addr = va_arg(ap, void *);
	data = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (long (*)(enum __ptrace_request, pid_t, void *,
				 void *))dlsym(RTLD_NEXT, "ptrace");
	if (req == PTRACE_INTERRUPT) {
		siginfo_t si;

		kill(pid, SIGKILL);
		/* Until it has exited; its status left to be waited for. */
		waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT | __WALL);
	}
	return real(req, pid, addr, data);
}
