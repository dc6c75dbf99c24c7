/* Logs of system calls other tools wrote, read back as calls: strace's
 * output (strace -f, -ff, -o, with or without timestamps) and the
 * kernel's seccomp audit records (type=1326 from dmesg or journalctl,
 * type=SECCOMP from audit.log).  See sandprint-import(1). */
#ifndef SP_OUTPUT_CALLLOG_H
#define SP_OUTPUT_CALLLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/event.h"
#include "core/keyset.h"
#include "core/trace.h"

/* One call a log shows.  ev.exe indexes the trace's executables; known
 * says which arguments the log gave a value for (strace: those it printed
 * as numbers or constants sandprint knows; seccomp records: none; syscall
 * records: the first four). */
struct sp_logged_call {
	struct sp_event ev;
	uint8_t known;
};

/* Called once per call, in the log's order.  0, or -errno to stop. */
typedef int (*sp_logged_fn)(void *ctx, const struct sp_logged_call *c);

/* One frame of strace -k's stack of the call just handed to the
 * sp_logged_fn, innermost first: " > MODULE(SYMBOL+0xN) [0xOFFSET]".
 * symbol is NULL where strace names none; offset is the pc's within the
 * module.  0, or -errno to stop. */
typedef int (*sp_logged_frame_fn)(void *ctx, const char *module,
				  const char *symbol, uint64_t offset);

/* What reading logs found besides the calls. */
struct sp_log_stats {
	size_t lines;         /* lines read */
	size_t calls;         /* calls handed to the callback */
	size_t skipped;       /* lines neither a call nor anything known */
	size_t unnamed;       /* strace's calls whose name libseccomp does
				 not know (audit records give numbers) */
};

struct sp_log_task;

/* Reads one or more logs of one workload into a trace: what a task is
 * (its process, executable, arch) carries from one file to the next
 * (strace -ff writes a file per process). */
struct sp_log_reader {
	struct sp_trace *t;
	sp_logged_fn fn;
	void *ctx;
	sp_logged_frame_fn frame_fn; /* NULL: -k's stacks are skipped */
	struct sp_log_stats st;
	/* Private. */
	bool emitted;                /* the last line of a call handed its
					call to fn (its -k frames follow) */
	struct sp_log_task *tasks;   /* by tid, open addressing */
	size_t cap, n;
	pid_t *forking;              /* the tasks whose unfinished call is
					a fork: where a new task comes from */
	size_t nforking, forking_cap;
	pid_t first;                 /* the first task seen: the main one */
	bool have_first;
	bool prefixed;               /* a line had a pid prefix */
	pid_t alone;                 /* the task left alone, last found */
	size_t read;                 /* calls read, held ones too */
	bool summary, summary_seen;  /* in, and past, -c's table */
	int bad_line, bad_column;    /* the first record not understood */
	struct sp_keyset seen;         /* audit(TIME:SERIAL) of records read */
	struct sp_keyset images;       /* (pid, executable) images recorded */
};

/* Calls go to fn(ctx, ...); t gets the command, executables, process
 * images and end (the caller sets t->end to SP_END_UNKNOWN first: a log
 * that shows the first process's end replaces it). */
void sp_log_reader_init(struct sp_log_reader *r, struct sp_trace *t,
			sp_logged_fn fn, void *ctx);
/* After the last log: calls begun and never finished (their task died
 * in them) and processes seen neither forking nor exec'ing.  0 or the
 * callback's error or -ENOMEM. */
int sp_log_reader_finish(struct sp_log_reader *r);
void sp_log_reader_fini(struct sp_log_reader *r);

/* Reads strace output (text, len bytes, from the file name): the calls;
 * the command (the first execve); executables and process images from
 * forks, clones and execs (a task that shows up while another's fork is
 * unfinished is its child); the first process's end ("+++ exited with N
 * +++", "+++ killed by SIG... +++"); "[ Process PID=N runs in 32 bit
 * mode. ]".  pid is the task of lines without a pid prefix (strace -ff
 * names its files NAME.PID), 0 when unknown.  0, or -EINVAL with d when
 * no line is a call, or the callback's error, or -ENOMEM. */
int sp_strace_read(struct sp_log_reader *r, const char *name,
		   const char *text, size_t len, pid_t pid, struct sp_diag *d);

/* Reads the kernel's audit records of calls among other lines (dmesg,
 * journalctl -k, /var/log/audit/audit.log, ausearch -i): each seccomp
 * record is one call of pid by exe, with no arguments (records carry
 * none), each syscall record one with its first four; a record read twice
 * (the same audit(TIME:SERIAL), from two logs, or the seccomp and syscall
 * records of one call) counts once.  0, or -EINVAL with d when the text
 * holds no record or none understood, or the callback's error, or
 * -ENOMEM. */
int sp_audit_read(struct sp_log_reader *r, const char *name,
		  const char *text, size_t len, struct sp_diag *d);

/* Whether text holds audit records of calls (else it is taken for strace
 * output). */
bool sp_log_is_audit(const char *text, size_t len);

#endif
