#include "tracer/stop.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "core/array.h"

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

struct sp_stop sp_classify_stop(int status)
{
	struct sp_stop s = { SP_STOP_UNKNOWN, 0 };
	int event;

	if (WIFEXITED(status)) {
		s.kind = SP_STOP_EXITED;
		s.sig = WEXITSTATUS(status);
		return s;
	}
	if (WIFSIGNALED(status)) {
		s.kind = SP_STOP_KILLED;
		s.sig = WTERMSIG(status);
		return s;
	}
	if (!WIFSTOPPED(status))
		return s;
	s.sig = WSTOPSIG(status);
	if (s.sig == (SIGTRAP | 0x80)) {
		s.kind = SP_STOP_SYSCALL;
		s.sig = 0;
		return s;
	}
	event = (unsigned)status >> 16;
	switch (event) {
	case 0:
		s.kind = SP_STOP_SIGNAL;
		return s;
	case PTRACE_EVENT_STOP:
		s.kind = is_stop_signal(s.sig) ? SP_STOP_GROUP : SP_STOP_TRAP;
		return s;
	case PTRACE_EVENT_SECCOMP:
		s.kind = SP_STOP_SECCOMP;
		break;
	case PTRACE_EVENT_FORK:
		s.kind = SP_STOP_FORK;
		break;
	case PTRACE_EVENT_VFORK:
		s.kind = SP_STOP_VFORK;
		break;
	case PTRACE_EVENT_CLONE:
		s.kind = SP_STOP_CLONE;
		break;
	case PTRACE_EVENT_EXEC:
		s.kind = SP_STOP_EXEC;
		break;
	case PTRACE_EVENT_VFORK_DONE:
		s.kind = SP_STOP_VFORK_DONE;
		break;
	case PTRACE_EVENT_EXIT:
		s.kind = SP_STOP_EXIT;
		break;
	default:
		return s;
	}
	/* Events are SIGTRAP stops; nothing is to be injected. */
	s.sig = 0;
	return s;
}

const char *sp_stop_kind_name(enum sp_stop_kind kind)
{
	static const char *const names[] = {
		[SP_STOP_EXITED] = "exited",
		[SP_STOP_KILLED] = "killed",
		[SP_STOP_SECCOMP] = "seccomp",
		[SP_STOP_SYSCALL] = "syscall",
		[SP_STOP_FORK] = "fork",
		[SP_STOP_VFORK] = "vfork",
		[SP_STOP_CLONE] = "clone",
		[SP_STOP_EXEC] = "exec",
		[SP_STOP_VFORK_DONE] = "vfork-done",
		[SP_STOP_EXIT] = "exit",
		[SP_STOP_GROUP] = "group-stop",
		[SP_STOP_TRAP] = "trap",
		[SP_STOP_SIGNAL] = "signal",
		[SP_STOP_UNKNOWN] = "unknown",
	};

	if ((unsigned)kind >= ARRAY_SIZE(names))
		return "unknown";
	return names[kind];
}
