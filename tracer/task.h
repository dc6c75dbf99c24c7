/* The task table: what the tracer knows about each traced thread. */
#ifndef SP_TRACER_TASK_H
#define SP_TRACER_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/bpf.h"
#include "tracer/lost_calls.h"

enum sp_task_state {
	SP_TASK_NEW,       /* known from its parent's event, no stop seen yet */
	SP_TASK_RUNNING,   /* resumed with PTRACE_CONT or PTRACE_SYSCALL */
	SP_TASK_LISTENING, /* in group-stop, resumed with PTRACE_LISTEN */
};

/* How a task's calls reach us.  SECCOMP: one stop per call from our
 * RET_TRACE filter.  SYSCALL: the task (or an ancestor) installed a filter
 * of its own, whose ERRNO/TRAP/KILL outranks our TRACE, so its calls are
 * taken at syscall-entry stops instead (docs/ARCHITECTURE.md, "One stop
 * per call"); so are those of processes attached to with -p. */
enum sp_task_mode {
	SP_MODE_SECCOMP,
	SP_MODE_SYSCALL,
};

/* The filters a task installed itself, oldest first, as it gave them:
 * shared by the tasks that inherit them (fork, clone, TSYNC),
 * reference-counted, never changed once made. */
struct sp_own_filters {
	unsigned refs;
	size_t n;
	struct sp_bpf progs[];
};

/* A new set: old's programs (NULL: none) and then prog (len
 * instructions, copied).  NULL on allocation failure. */
struct sp_own_filters *sp_own_filters_add(const struct sp_own_filters *old,
					  const struct sock_filter *prog,
					  size_t len);
/* Takes a reference (NULL is fine); returns f. */
struct sp_own_filters *sp_own_filters_get(struct sp_own_filters *f);
/* Drops one (NULL is fine); the last frees the set. */
void sp_own_filters_put(struct sp_own_filters *f);

struct sp_task {
	pid_t tid;
	pid_t tgid;
	pid_t ppid;           /* the parent process, as we saw it fork us */
	enum sp_task_state state;
	enum sp_task_mode mode;
	uint32_t exe;         /* index into the trace's executables */
	uint64_t clone_flags; /* of the clone/clone3 this task is in */
	/* Notification path: the last call the listener read for the task
	 * since its last signal-delivery-stop, if has_read (lost_calls.h). */
	struct sp_call_at read;
	bool has_read;
	/* Syscall mode: the entry stop of the call in progress was seen (its
	 * seccomp stop or notification then adds nothing). */
	bool entered;
	/* Sent PTRACE_INTERRUPT, its trap stop not seen yet: a call that
	 * stop woke from its sleep is ours to restart (sp_call_unwake).  A
	 * group-stop first says it was stopped, not woken. */
	bool interrupted;
	/* Group-stopped since its last call was seen: the call it was in
	 * fails with EINTR natively too (signal(7)), whatever signal is
	 * delivered after (SIGCONT, which a tracee is sent even when
	 * ignored, first of all). */
	bool group_stopped;
	/* Switched to syscall mode by another thread's filter installed with
	 * SECCOMP_FILTER_FLAG_TSYNC: interrupted, and not stopped since. */
	bool must_stop;
	/* Installing a filter with TSYNC: kept from going on (left in its
	 * stop, or its notification held_id unanswered when held_notif)
	 * until no other thread of its group must_stop: none may make a call
	 * the new filter refuses before it takes its calls at entry stops. */
	bool held;
	bool held_notif;
	uint64_t held_id;
	/* In strict mode, which the tracer applies (sp_loop_inspect). */
	bool strict;
	/* sandprint's child, not yet exec'd into the command. */
	bool spawning;
	/* The file its last execve named, absolute, or NULL: the
	 * executable where /proc cannot say (a file it may run but not
	 * read runs undumpable, its /proc links closed to us). */
	char *exec_path;
	/* Notification path: the filters it installed, to judge a call its
	 * own SECCOMP_RET_TRACE answers (NULL: none, or not kept). */
	struct sp_own_filters *own;
	struct sp_task *next; /* hash chain */
};

#define SP_TASK_BUCKETS 1024

struct sp_task_table {
	struct sp_task *buckets[SP_TASK_BUCKETS];
	size_t count;
};

void sp_task_table_init(struct sp_task_table *tt);
void sp_task_table_fini(struct sp_task_table *tt);

/* The task with this tid, or NULL. */
struct sp_task *sp_task_find(struct sp_task_table *tt, pid_t tid);

/* Adds a task for tid (state NEW, mode SECCOMP, tgid = tid), or returns the
 * existing one.  NULL on allocation failure. */
struct sp_task *sp_task_add(struct sp_task_table *tt, pid_t tid);

/* Forgets tid (no-op when unknown), dropping its own filters. */
void sp_task_remove(struct sp_task_table *tt, pid_t tid);

/* Calls fn for each task of thread group tgid. */
void sp_task_for_group(struct sp_task_table *tt, pid_t tgid,
		       void (*fn)(struct sp_task *t, void *arg), void *arg);

#endif
