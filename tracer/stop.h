/* Classifying a wait status into the event it reports: pure, so it can be
 * tested with made-up statuses. */
#ifndef SP_TRACER_STOP_H
#define SP_TRACER_STOP_H

enum sp_stop_kind {
	SP_STOP_EXITED,      /* WIFEXITED: sig holds the exit code */
	SP_STOP_KILLED,      /* WIFSIGNALED: sig holds the signal */
	SP_STOP_SECCOMP,     /* PTRACE_EVENT_SECCOMP: our filter's RET_TRACE */
	SP_STOP_SYSCALL,     /* syscall-entry or -exit stop (TRACESYSGOOD) */
	SP_STOP_FORK,        /* PTRACE_EVENT_FORK */
	SP_STOP_VFORK,       /* PTRACE_EVENT_VFORK */
	SP_STOP_CLONE,       /* PTRACE_EVENT_CLONE */
	SP_STOP_EXEC,        /* PTRACE_EVENT_EXEC */
	SP_STOP_VFORK_DONE,  /* PTRACE_EVENT_VFORK_DONE */
	SP_STOP_EXIT,        /* PTRACE_EVENT_EXIT */
	SP_STOP_GROUP,       /* PTRACE_EVENT_STOP for a stop signal: group-stop */
	SP_STOP_TRAP,        /* PTRACE_EVENT_STOP otherwise: a seized task's
				first stop, or PTRACE_INTERRUPT */
	SP_STOP_SIGNAL,      /* signal-delivery-stop: sig is to be injected */
	SP_STOP_UNKNOWN,     /* anything else (WIFCONTINUED, unknown event) */
};

struct sp_stop {
	enum sp_stop_kind kind;
	int sig;
};

/* Classifies a status from waitpid(..., __WALL) of a task seized with
 * PTRACE_O_TRACESYSGOOD and the event options. */
struct sp_stop sp_classify_stop(int status);

/* "seccomp", "fork", ...: for messages and tests. */
const char *sp_stop_kind_name(enum sp_stop_kind kind);

#endif
