/* What the tracer reads of a process from /proc. */
#ifndef SP_TRACER_PROC_H
#define SP_TRACER_PROC_H

#include <sys/types.h>

#include "core/trace.h"

/* The executable of process pid ("?" when /proc does not say), as an
 * index into t's executables, or -ENOMEM. */
int sp_proc_exe(struct sp_trace *t, pid_t pid);

/* Reads "Tgid:" and "PPid:" from /proc/PID/status.  0 or -errno. */
int sp_proc_ids(pid_t pid, pid_t *tgid, pid_t *ppid);

/* The command line of a running process, as t's argv ("pid:N" when it
 * has none).  0 or -errno. */
int sp_proc_argv(struct sp_trace *t, pid_t pid);

/* Sends sig to every live descendant of process root (root excluded):
 * children, their children, and so on, found by their parent in
 * /proc/PID/stat, each signalled through a pidfd checked to be still a
 * descendant (a reused pid is never hit).  The number signalled, or
 * -errno. */
int sp_proc_kill_descendants(pid_t root, int sig);

#endif
