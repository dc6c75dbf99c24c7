/* What the tracer reads of a process from /proc. */
#ifndef SP_TRACER_PROC_H
#define SP_TRACER_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/trace.h"

/* The executable of process pid as an index into t's executables, or
 * -ENOMEM: /proc/PID/exe, else the file named (the path its execve
 * gave, resolved; may be NULL), else "?". */
int sp_proc_exe(struct sp_trace *t, pid_t pid, const char *named);

/* readlink(2) of /proc/PID/FILE (exe, fd/N) into buf (len bytes, no
 * terminator added): -1 with errno as readlink's.  Another user's
 * process, closed to a sandprint without CAP_SYS_PTRACE, is read with
 * its ids as our file-system ids where we may take them. */
ssize_t sp_proc_readlink(pid_t pid, const char *file, char *buf,
			 size_t len);

/* len bytes at addr in task tid's memory (process_vm_readv; another
 * user's task, closed to it without CAP_SYS_PTRACE, through
 * /proc/TID/mem opened with its ids as our file-system ids, as
 * sp_proc_readlink).  0 or -1. */
int sp_proc_read_mem(pid_t tid, uint64_t addr, void *buf, size_t len);

/* /proc/PID/exe alone, as an index into t's executables, -ENOMEM, or
 * the -errno of its readlink (not -ENOMEM): -EACCES when /proc keeps it
 * from us (a process not dumpable, and sandprint without
 * CAP_SYS_PTRACE), -ENOENT when the process is gone. */
int sp_proc_exe_link(struct sp_trace *t, pid_t pid);

/* Reads "Tgid:" and "PPid:" from /proc/PID/status.  0 or -errno. */
int sp_proc_ids(pid_t pid, pid_t *tgid, pid_t *ppid);

/* The command line of a running process, as t's argv ("pid:N" when it
 * has none).  0 or -errno. */
int sp_proc_argv(struct sp_trace *t, pid_t pid);

/* Writes "/proc/PID/FILE" into buf (len at least 64 plus FILE's).
 * Async-signal-safe (no snprintf): a signal handler may call it
 * (tracer/signals.c), and the two below. */
void sp_proc_path(char *buf, size_t len, pid_t pid, const char *file);

/* Reads up to len - 1 bytes of /proc/PID/FILE into buf, NUL-terminated:
 * the count, or -1. */
ssize_t sp_proc_read(pid_t pid, const char *file, char *buf, size_t len);

/* From /proc/PID/stat: the state letter, parent and process group (each
 * may be NULL).  0 or -errno.  Async-signal-safe. */
int sp_proc_stat(pid_t pid, char *state, pid_t *ppid, pid_t *pgrp);

/* The live children of process pid but except (zombies left out: they
 * are gone but for their status), by its main thread's /proc/PID/task/PID/children
 * (children a single-threaded process forked or, as a subreaper, was
 * given), the first max of them into out; an arbitrary bound of about
 * 500 children is read.  The count.  Async-signal-safe. */
size_t sp_proc_children(pid_t pid, pid_t except, pid_t *out, size_t max);

/* The signal sets /proc/TID/status shows for thread tid (bit N-1 for
 * signal N): pending for it or its process, blocked, ignored, caught. */
struct sp_sigsets {
	uint64_t pending, blocked, ignored, caught;
};

/* 0 or -errno. */
int sp_proc_sigsets(pid_t tid, struct sp_sigsets *s);

/* Whether signal sig (1..64) does nothing to a task with these sets
 * natively: ignored (SIG_IGN, or SIG_DFL where the default is to ignore:
 * SIGCHLD, SIGCONT, SIGURG, SIGWINCH).  The kernel drops such a signal
 * at once, unless the task is traced: then it is queued for the tracer,
 * and it wakes the task like any other. */
bool sp_sig_ignored(const struct sp_sigsets *s, int sig);

/* A thread of process pid that has not exited (state Z or X), or 0: the
 * process has.  Its leader alone does not say: one that exited before
 * its threads (pthread_exit in main) is a zombie while they run on. */
pid_t sp_proc_live_thread(pid_t pid);

/* Whether Yama's ptrace_scope forbids sandprint to trace another task
 * (child: its own child, which scope 1 allows; root passes 1 and 2), in
 * words that follow "cannot trace ...: " written into buf (len bytes). */
bool sp_proc_yama_forbids(bool child, char *buf, size_t len);

/* Why PTRACE_SEIZE of thread tid failed with EPERM, in words that follow
 * "cannot attach to pid N: ": traced by another already (which), another
 * user's, running set-user-ID or set-group-ID, Yama's ptrace_scope, or
 * the rest (not dumpable, no CAP_SYS_PTRACE).  Written into buf (len bytes); true when another
 * tracer has it. */
bool sp_proc_why_no_ptrace(pid_t tid, char *buf, size_t len);

/* Whether process pid, stopped right after an execve, runs without the
 * privileges its executable would give it natively, because of
 * sandprint (its executable: /proc/PID/exe, or named where /proc refuses
 * us: an unreadable one): set-user-ID or set-group-ID to another id than
 * it now has,
 * or file capabilities (within its bounding set) it lacks.  The kernel
 * drops them under no_new_privs (our_nnp: sandprint set it for its
 * filter) and for a task traced by one without CAP_SYS_PTRACE, so that
 * a recording as a user may follow another path than the program
 * natively takes.  Not where natively they would not apply either: a
 * nosuid mount, an owner unmapped in our user namespace, a process in
 * another user namespace (its ids are not comparable), no_new_privs
 * that is not ours.  1 (what is lost and why written into buf, len
 * bytes, as "is set-user-ID (uid 0) but runs as uid 1000 (no_new_privs:
 * ...)"), 0, or -errno when /proc does not say. */
int sp_proc_privs_lost(pid_t pid, const char *named, bool our_nnp,
		       char *buf, size_t len);

/* Whether process pid descends from process root (its parent, its
 * parent's parent, ...; root itself excluded), by /proc/PID/stat.
 * Async-signal-safe. */
bool sp_proc_descends(pid_t pid, pid_t root);

/* Sends sig to every live descendant of process root (root excluded):
 * children, their children, and so on, found by their parent in
 * /proc/PID/stat, each signalled through a pidfd checked to be still a
 * descendant (a reused pid is never hit).  The number signalled, or
 * -errno. */
int sp_proc_kill_descendants(pid_t root, int sig);

/* The user id outside every user namespace that uid of this process
 * stands for (/proc/self/uid_map; rootless containers' "root" is a user
 * outside), uid itself where the map cannot be read.  *initial: this
 * process is in the initial user namespace, where capabilities reach
 * the whole kernel (loading BPF programs, ...). */
unsigned sp_proc_uid_outside(unsigned uid, bool *initial);

/* A set of pids, unordered ({ 0 } is empty; free v). */
struct sp_pidset {
	pid_t *v;
	size_t n, cap;
};

bool sp_pidset_has(const struct sp_pidset *s, pid_t pid);

/* Adds pid (no check that it is absent).  0 or -ENOMEM. */
int sp_pidset_add(struct sp_pidset *s, pid_t pid);

/* Removes the element at index i (the last one takes its place). */
void sp_pidset_drop(struct sp_pidset *s, size_t i);

/* Removes pid if it is there. */
void sp_pidset_remove(struct sp_pidset *s, pid_t pid);

#endif
