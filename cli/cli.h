/* Shared by the subcommands: messages, exit codes, option parsing bits. */
#ifndef SP_CLI_CLI_H
#define SP_CLI_CLI_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "analyzer/generate.h"
#include "core/diag.h"
#include "core/trace.h"

/* Exit statuses of sandprint's own failures (record and generate otherwise
 * exit with the workload's status). */
#define SP_EXIT_OK 0
#define SP_EXIT_DIFFERENT 1
#define SP_EXIT_ERROR 2

/* "sandprint: " + message + newline on stderr. */
void sp_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a diagnostic as "sandprint: FILE:LINE:COL: PATH: MSG". */
void sp_cli_diag(const struct sp_diag *d);
/* Colors for f: a terminal, and NO_COLOR unset or empty. */
bool sp_cli_color(FILE *f);

int sp_cmd_record(int argc, char **argv);
int sp_cmd_profile(int argc, char **argv);
int sp_cmd_generate(int argc, char **argv);
int sp_cmd_check(int argc, char **argv);
int sp_cmd_run(int argc, char **argv);
int sp_cmd_diff(int argc, char **argv);
int sp_cmd_show(int argc, char **argv);

/* --via: how calls reach sandprint. */
enum sp_cli_via { SP_VIA_DEFAULT, SP_VIA_NOTIFY, SP_VIA_PTRACE, SP_VIA_BPF };

/* Parses --via's argument (bpf only when inkernel: record and generate
 * take it, run needs a filter).  0, or -1 with the message printed. */
int sp_cli_via_parse(const char *arg, bool inkernel, enum sp_cli_via *via);

/* Whether calls come by notification: via, its default here, the
 * kernel (Linux >= 5.6), and what needs ptrace stops (call-site
 * stacks). */
bool sp_cli_via_notify(enum sp_cli_via via, bool stacks);

/* Whether record and generate take the in-kernel recorder when no --via
 * is given (where it can run: root, a kernel with BTF). */
#define SP_CLI_INKERNEL_DEFAULT false

/* What to record, shared by record and generate. */
#define SP_MAX_PIDS 64
struct sp_record_cli {
	char *const *argv;      /* the command; NULL with pids */
	pid_t pids[SP_MAX_PIDS];/* -p: running processes to attach to */
	size_t npids;
	bool quiet;
	unsigned stack_depth;   /* --stacks; 0: no stacks */
	enum sp_cli_via via;    /* --via */
	const char *cgroup;     /* --cgroup: every process of this cgroup */
	int ready_fd;           /* --ready-fd: told when recording runs; -1 */
	/* --baseline: the filter the workload runs under; NULL: every call
	 * stops. */
	const struct sock_fprog *filter;
};

/* Handles -p PID, --cgroup PATH, --ready-fd FD, --stacks[=DEPTH] and --via
 * (opt is the getopt value); r starts zeroed but for ready_fd (-1).
 * Returns 1 when it was one, 0 when not, -1 on a bad value (message
 * printed). */
#define SP_OPT_STACKS 0x200
#define SP_OPT_VIA 0x201
#define SP_OPT_CGROUP 0x202
#define SP_OPT_READY_FD 0x203
int sp_record_cli_option(struct sp_record_cli *r, int opt, const char *arg);

/* Checks that exactly one of a command (argv[first..]), -p and --cgroup
 * was given and takes the command.  0, or -1 with a message printed. */
int sp_record_cli_finish(struct sp_record_cli *r, const char *cmd, int argc,
			 char **argv, int first);

/* Recording.  Runs the command (or attaches to the pids, or the
 * cgroup's processes), fills *out (caller frees; set even on failure when
 * something was recorded).  Returns the exit status sandprint should end
 * with: the workload's (0 when attached processes were let go on
 * request), 127 when the command cannot be run, or SP_EXIT_ERROR (a
 * recording that lost calls included). */
int sp_cli_record(const struct sp_record_cli *r, struct sp_trace **out);

/* Parses a --stacks[=DEPTH] argument (NULL: the default depth) into
 * *depth.  0, or -1 with a message printed. */
int sp_cli_stack_depth(const char *arg, unsigned *depth);

/* Unexercised imports (cli/imports.c): the libc wrappers that the
 * executables of the traces import (read from the files now) and whose
 * system calls no trace recorded (analyzer/imports.h).  w[i].exe borrows
 * from the traces; *w is freed with free().  *unreadable counts the
 * executables whose file could not be read.  0 or -ENOMEM. */
struct sp_import_warning;
int sp_cli_unexercised(struct sp_trace *const *traces, size_t n,
		       struct sp_import_warning **w, size_t *nw,
		       size_t *unreadable);
/* Prints them as notes on stderr, one per wrapper and executable. */
void sp_cli_note_unexercised(struct sp_trace *const *traces, size_t n);

/* Arguments that name a file (cli/load.c).  sp_cli_is_trace: 1 when path
 * is a trace file (a "format" key whose value is "sandprint-trace" near
 * its start; the reader then checks everything), 0 when not, -errno when
 * unreadable.  sp_cli_read_profile: an OCI profile, or a Docker/Podman one
 * resolved for Docker's default capabilities and this kernel; 0 or
 * SP_EXIT_ERROR (message printed). */
struct sp_profile;
int sp_cli_is_trace(const char *path);
int sp_cli_read_profile(const char *path, struct sp_profile **out);
/* Reads n trace files into a new array *out (sp_cli_free_traces).  0, or
 * SP_EXIT_ERROR with the file's diagnostic printed and nothing kept. */
int sp_cli_read_traces(char *const *paths, size_t n, struct sp_trace ***out);
void sp_cli_free_traces(struct sp_trace **traces, size_t n);

/* Profile options, shared by profile and generate. */
struct sp_profile_cli {
	struct sp_generate_opts gen;
	const char *format;
};

void sp_profile_cli_init(struct sp_profile_cli *pc);
/* Handles one profile option (the getopt value and its argument).
 * Returns 1 when it was one, 0 when it was not, -1 on a bad value (with a
 * message printed). */
int sp_profile_cli_option(struct sp_profile_cli *pc, int opt,
			  const char *arg);
/* Builds the profile of the traces and writes it to out atomically.
 * Returns 0 or SP_EXIT_ERROR (message printed). */
int sp_profile_cli_emit(const struct sp_profile_cli *pc,
			struct sp_trace *const *traces, size_t n,
			const char *out, bool quiet);

/* The -f formats (cli/format.c), listed for messages. */
#define SP_CLI_FORMATS "json, c, c-bpf, bpf, systemd, minijail, k8s"
bool sp_cli_format_known(const char *format);
/* Writes p to out (atomically) in format; the traces give the weights of
 * the bpf formats' search tree and the k8s resource name.  0, or -errno
 * with d set. */
int sp_cli_write_format(const char *format, const struct sp_profile *p,
			struct sp_trace *const *traces, size_t n,
			const char *out, struct sp_diag *d);

/* Profile option codes (long options only). */
enum {
	SP_OPT_DEFAULT_ACTION = 0x100,
	SP_OPT_RUNTIME,
	SP_OPT_ARCH,
	SP_OPT_ARGS,
	SP_OPT_SAFETY,
	SP_OPT_NNP,
	SP_OPT_FORMAT = 'f',
};

#endif
