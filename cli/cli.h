/* Shared by the subcommands: messages, exit codes, option parsing bits. */
#ifndef SP_CLI_CLI_H
#define SP_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "analyzer/generate.h"
#include "core/diag.h"
#include "core/trace.h"
#include "output/docker.h"

/* Exit statuses of sandprint's own failures (record and generate otherwise
 * exit with the workload's status). */
#define SP_EXIT_OK 0
#define SP_EXIT_DIFFERENT 1
#define SP_EXIT_ERROR 2
/* run --fail-on-refusal: nothing refused, but the workload failed. */
#define SP_EXIT_WORKLOAD_FAILED 3

/* "sandprint: " + message + newline on stderr (and on the mirror). */
void sp_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Every message from now on also goes to f (NULL: no longer): where
 * stderr goes nowhere a user looks (a runtime's hook, see oci_hook.c). */
void sp_cli_mirror(FILE *f);
/* Messages from now on are said in run `run` of the n runs of record
 * --repeat (0: between runs, each said as it is): one said already in an
 * earlier run, but for its numbers, is held back (each note once, not n
 * times); one said first after run 1 names its run.  sp_cli_runs_end:
 * the repeat is over; a held-back one whose numbers differed is said
 * once more, with the runs and the values that differed. */
void sp_cli_runs_begin(unsigned long run, unsigned long n);
void sp_cli_runs_end(void);
/* The tracer's on_no_new_privs (tracer/tracer.h): a note. */
void sp_cli_say_nnp(void *ctx);
/* The tracer's on_own_filter_untraced (tracer/tracer.h): a warning, said
 * even with -q (the report may lack a refusal). */
void sp_cli_say_own_filter_untraced(void *ctx);
/* The tracer's on_privs_lost (tracer/tracer.h): a warning that exe ran
 * without its set-id bits or file capabilities, said even with -q (the
 * trace cannot show that the program took another path than natively). */
void sp_cli_say_privs_lost(void *ctx, const char *exe, const char *what);
/* sp_cli_error, then the command's usage on stderr: bad usage.  Returns
 * SP_EXIT_ERROR. */
int sp_cli_usage_error(void (*usage)(FILE *), const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* getopt_long for a command, doing what every command does alike: -h
 * (--help) prints usage on stdout; an unknown option or a missing
 * argument (getopt has said which) prints it on stderr.  Returns the
 * next option for the command (never 0), or 0 when the options are
 * over: *status is then -1, or the status to exit with when they ended
 * the command (0 after --help, SP_EXIT_ERROR after a bad option). */
struct option;
int sp_cli_getopt(int argc, char **argv, const char *opts,
		  const struct option *longopts, void (*usage)(FILE *),
		  int *status);
/* Prints a diagnostic as "sandprint: FILE:LINE:COL: PATH: MSG". */
void sp_cli_diag(const struct sp_diag *d);
/* Whether an output path can be written (output/file.h), checked before
 * a workload runs or an input is read so that neither a recording nor an
 * input is lost to a typo: path must not be one of the n inputs (the same
 * regular file by any name: the trace a profile is made of, a log).  0,
 * or SP_EXIT_ERROR with the message printed. */
int sp_cli_output_ok(const char *path, char *const *inputs, size_t n);
/* -p PROFILE of check and run, from before -p meant --pid everywhere: it
 * still works, with this note. */
void sp_cli_old_p(void);
/* Colors for f: a terminal, NO_COLOR unset or empty, and a TERM that
 * shows them (sp_cli_term_dumb). */
bool sp_cli_color(FILE *f);
/* Whether the terminal TERM names cannot move the cursor or erase (TERM
 * unset, empty or "dumb": an editor's shell buffer, M-x compile). */
bool sp_cli_term_dumb(void);
/* A report that could not be written to f (rc, -errno): says why, but
 * for a failed write to stdout, which main says once stdout is flushed,
 * with the descriptor's errno (cli/main.c).  SP_EXIT_ERROR. */
int sp_cli_report_failed(FILE *f, int rc);

/* The workload died of sig (or was killed on a second sig): once the
 * command has written its output and returns 128 + sig, sandprint dies of
 * sig itself (cli/main.c). */
void sp_cli_die_by(int sig);

int sp_cmd_record(int argc, char **argv);
int sp_cmd_profile(int argc, char **argv);
int sp_cmd_generate(int argc, char **argv);
int sp_cmd_check(int argc, char **argv);
int sp_cmd_run(int argc, char **argv);
int sp_cmd_diff(int argc, char **argv);
int sp_cmd_show(int argc, char **argv);
int sp_cmd_explain(int argc, char **argv);
int sp_cmd_import(int argc, char **argv);
int sp_cmd_merge(int argc, char **argv);
int sp_cmd_oci_hook(int argc, char **argv);

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
 * is given (where it can run: root, a kernel with BTF; elsewhere they say
 * why in a note and take the next path).  It is the only path on which
 * the workload sees no difference at all (tests/fidelity.sh) and the
 * fastest on every bench/ workload; its fixed start-up (about 6 ms of
 * CPU, 4 more than the ptrace path's) still keeps runs of 10-30 ms (git,
 * tar) above the 1.15-1.3x of native issue 16 asks (bench/RESULTS.md). */
#define SP_CLI_INKERNEL_DEFAULT true

/* What to record, shared by record and generate. */
#define SP_MAX_PIDS 64
struct sp_record_cli {
	char *const *argv;      /* the command; NULL with pids */
	pid_t pids[SP_MAX_PIDS];/* -p: running processes to attach to;
				   with cgroup, its main process */
	size_t npids;
	bool quiet;
	bool progress;          /* --progress: status line on stderr */
	unsigned stack_depth;   /* --stacks; 0: no stacks */
	enum sp_cli_via via;    /* --via */
	const char *cgroup;     /* --cgroup: every process of this cgroup */
	int ready_fd;           /* --ready-fd: told when recording runs; -1 */
	unsigned long repeat;   /* --repeat: runs of the command; 0 as 1 */
	/* --baseline: the profile the workload runs under, only the calls
	 * it refuses stopping; NULL: every call stops. */
	const char *baseline;
	const char *baseline_filter;  /* --filter: of a Firecracker file */
};

/* The mount namespace of the processes -p names, or of those in --cgroup's
 * cgroup and below it, now: sandprint's own (or none could be read);
 * another one (a container's), left open in *ns (holding its mounts)
 * with one of its processes in *pid when both are not NULL; or several
 * (a pod, a parent of containers' cgroups, a container's with its
 * runtime's monitor): no one root is theirs. */
enum sp_mount_ns {
	SP_MOUNT_NS_OURS,
	SP_MOUNT_NS_OTHER,
	SP_MOUNT_NS_MIXED,
};
enum sp_mount_ns sp_record_cli_mount_ns(const struct sp_record_cli *r,
					pid_t *pid, int *ns);

/* Handles -p PID, --cgroup PATH, --ready-fd FD, --stacks[=DEPTH], --via,
 * --progress, --repeat N, --baseline PROFILE and --filter NAME (its
 * filter, of a Firecracker file) (opt is the getopt
 * value): every option of what is recorded, taken alike by record and
 * generate; r must start zeroed but for ready_fd (-1).  Returns 1 when it
 * was one, 0 when not, -1 on a bad value (message printed). */
#define SP_OPT_STACKS 0x200
#define SP_OPT_VIA 0x201
#define SP_OPT_CGROUP 0x202
#define SP_OPT_READY_FD 0x203
#define SP_OPT_PROGRESS 0x204
#define SP_OPT_REPEAT 0x205
#define SP_OPT_BASELINE 0x206
#define SP_OPT_BASELINE_FILTER 0x207
#define SP_RECORD_CLI_LONGOPTS \
	{ "stacks", optional_argument, NULL, SP_OPT_STACKS }, \
	{ "baseline", required_argument, NULL, SP_OPT_BASELINE }, \
	{ "filter", required_argument, NULL, SP_OPT_BASELINE_FILTER }, \
	{ "repeat", required_argument, NULL, SP_OPT_REPEAT }, \
	{ "pid", required_argument, NULL, 'p' }, \
	{ "via", required_argument, NULL, SP_OPT_VIA }, \
	{ "progress", no_argument, NULL, SP_OPT_PROGRESS }, \
	{ "cgroup", required_argument, NULL, SP_OPT_CGROUP }, \
	{ "ready-fd", required_argument, NULL, SP_OPT_READY_FD }
int sp_record_cli_option(struct sp_record_cli *r, int opt, const char *arg);

/* Checks that exactly one of a command (argv[first..]), -p and --cgroup
 * was given, and the options go with it; takes the command.  0, or -1
 * with a message printed. */
int sp_record_cli_finish(struct sp_record_cli *r, const char *cmd, int argc,
			 char **argv, int first);

/* sp_cli_output_ok for record and generate: the command's executable
 * (as execvp finds it) and the baseline, when given, are inputs. */
int sp_record_cli_output_ok(const struct sp_record_cli *r,
			    const char *output);

/* Recording.  Runs the command (r->repeat times, into one trace; under
 * r->baseline's filter when given, its calls added to the trace as
 * such), or attaches to the pids, or the cgroup's processes; fills *out
 * (caller frees; set even on failure when something was recorded).
 * Returns the exit status sandprint should end with: the workload's (0
 * when attached processes were let go on request), 127 when the command
 * cannot be run, or SP_EXIT_ERROR (a recording that lost calls
 * included).  *never_ran (may be NULL) says the workload never ran. */
int sp_cli_record(const struct sp_record_cli *r, struct sp_trace **out,
		  bool *never_ran);

/* Writes trace t to path, a message printed when it cannot be.  With keep
 * (t is a recording, which cannot be made again), a t that path could
 * not take is written to a file of its own in $TMPDIR, named on stderr,
 * as it is where a second signal stops sandprint while it writes
 * (sp_signals_last_word).  0 or -1. */
int sp_cli_write_trace(const char *path, const struct sp_trace *t, bool keep);

/* Writes the recording t, whose result could not be written, to a file
 * of its own in $TMPDIR, and says where (or that it could not). */
void sp_cli_keep_trace(const struct sp_trace *t);

/* While the recording t is turned into a profile: SIGINT, SIGTERM, SIGHUP
 * and SIGQUIT (unless ignored) write it to a file of its own in $TMPDIR,
 * say where, and kill sandprint with the signal, so that a user's "stop
 * now" loses the analysis, not the recording.  Until
 * sp_cli_unguard_trace. */
void sp_cli_guard_trace(const struct sp_trace *t);
void sp_cli_unguard_trace(void);

/* Parses a --stacks[=DEPTH] argument (NULL: the default depth) into
 * *depth.  0, or -1 with a message printed. */
int sp_cli_stack_depth(const char *arg, unsigned *depth);

/* Static coverage (cli/static.c): the traces' process images analysed
 * (tracer/static.h, reading the files where sandprint runs), the calls
 * found as the generator's [static] extras. */
struct sp_static_result;
struct sp_cli_static {
	struct sp_static_result *res;
	struct sp_generate_extra *extras;   /* one per call found */
	size_t nextras;
	char **whys;                        /* the extras' evidence */
	char ***sites;                      /* each extra's nargs sites */
	const char *shell;                  /* SP_SHELL when its code was
					       read without a recording
					       having run it */
};

/* The shell system(3) and popen(3) run (glibc's _PATH_BSHELL). */
#define SP_SHELL "/bin/sh"

/* paths: each call's chain of functions too (sp_static_call.path); root:
 * the files are read under it (sp_static_opts.root), or NULL.  0,
 * -ENOMEM, or -errno when root cannot be entered; s is set either way
 * (sp_cli_static_fini). */
int sp_cli_static_run(struct sp_trace *const *traces, size_t n, bool paths,
		      const char *root, struct sp_cli_static *s);
void sp_cli_static_fini(struct sp_cli_static *s);
/* A trace recorded in a container names the container's paths; read
 * here they are other files, or none.  The note that says so when one of
 * traces was (other_mount_ns), else NULL.  by_profile: the command takes
 * no --root (diff, explain of a trace): the way there is a profile made
 * with it.  The string is static. */
const char *sp_cli_other_root_note(struct sp_trace *const *traces, size_t n,
				   bool by_profile);
/* One line on stderr: how many calls p allows from the analysis and
 * from language runtimes, and what could not be read; statics false
 * (--static none, the code read for the runtimes alone): nothing of
 * [static]. */
void sp_cli_static_note(const struct sp_cli_static *s,
			const struct sp_profile *p, bool statics);

/* Arguments that name a file (cli/load.c), read once: a pipe
 * (show <(cat t.json)) can be read only once, and whether a file is a
 * trace or a profile is told from its content, parsed, not from a name
 * or its first bytes. */
struct sp_cli_input {
	const char *path;
	char *buf;           /* the whole file, NUL-terminated; NULL: unread */
	size_t len;
};
/* Reads path as text (bounded: output/file.h).  0 or SP_EXIT_ERROR
 * (printed). */
int sp_cli_input_read(const char *path, struct sp_cli_input *in);
/* The same for an input that may be a PROFILE: when it could not be
 * read, also says which profiles are shipped (sp_cli_note_shipped). */
int sp_cli_profile_input_read(const char *path, struct sp_cli_input *in);
void sp_cli_input_fini(struct sp_cli_input *in);
/* A JSON object whose top-level "format" is "sandprint-trace". */
bool sp_cli_input_is_trace(const struct sp_cli_input *in);
/* An OCI profile, or a Docker/Podman one resolved for o (NULL: its
 * engine's default capabilities and this kernel); *form (may be NULL)
 * says which.  in->buf is overwritten.  0 or SP_EXIT_ERROR (printed). */
struct sp_profile;
struct sp_docker_opts;
int sp_cli_parse_profile(struct sp_cli_input *in,
			 const struct sp_docker_opts *o,
			 struct sp_profile **out, enum sp_json_form *form);
/* sp_cli_input_read + sp_cli_parse_profile with the defaults. */
int sp_cli_read_profile(const char *path, struct sp_profile **out);
/* The file a PROFILE argument names: spec itself, unless no file has that
 * name and spec names a profile shipped with sandprint (docker-default,
 * podman-default: NAME.json in the profiles directory next to the
 * executable's, ../share/sandprint/profiles from bin/, as installed and
 * in the build tree); then that file, spelled into buf. */
const char *sp_cli_profile_file(const char *spec, char *buf, size_t len);
/* After spec could not be read: when it is a name no file has (no '/'
 * nor '.', as docker-default), says the profiles shipped with sandprint,
 * or that none is where they are installed (an executable moved away
 * from its installation). */
void sp_cli_note_shipped(const char *spec);
/* Parses n inputs as traces (an unread one is read first) into a new
 * array *out (sp_cli_free_traces).  0, or SP_EXIT_ERROR with the file's
 * diagnostic printed and nothing kept. */
int sp_cli_parse_traces(const struct sp_cli_input *in, size_t n,
			struct sp_trace ***out);
/* The same from paths. */
int sp_cli_read_traces(char *const *paths, size_t n, struct sp_trace ***out);
void sp_cli_free_traces(struct sp_trace **traces, size_t n);
/* Notes on stderr when t, read from path, may miss calls: it is partial
 * (its recording failed or lost calls), or programs in it ran without
 * their privileges (t->unprivileged).  What is made or judged of it may
 * miss calls. */
void sp_cli_note_trace(const char *path, const struct sp_trace *t);

/* Profile options, shared by profile and generate. */
struct sp_profile_cli {
	struct sp_generate_opts gen;
	const char *format;
	bool static_on;         /* --static auto (default) */
	bool paths_ok;          /* --static paths is one (show) */
	bool static_paths;      /* --static paths: auto, and how each call
				   is reached */
	bool langs_auto;        /* --languages auto (default): those the
				   static analysis recognises */
	const char *root;       /* --root DIR: the recorded paths are
				   under DIR (sp_static_opts.root) */
	bool root_found;        /* root is the recorded processes' own,
				   not asked for: a root that cannot be
				   entered leaves the analysis out */
	bool runtime_set;    /* --runtime given: for every format */
};

void sp_profile_cli_init(struct sp_profile_cli *pc);
/* Handles one profile option (the getopt value and its argument).
 * Returns 1 when it was one, 0 when it was not, -1 on a bad value (with a
 * message printed). */
int sp_profile_cli_option(struct sp_profile_cli *pc, int opt,
			  const char *arg);
/* The generator's options with the static analysis applied (s filled by
 * sp_cli_static_run when pc asks for it; s->res NULL otherwise).  0 or
 * SP_EXIT_ERROR (message printed). */
int sp_profile_cli_prepare(const struct sp_profile_cli *pc,
			   struct sp_trace *const *traces, size_t n,
			   struct sp_cli_static *s,
			   struct sp_generate_opts *gen);
/* The profile of one trace with profile's default options, the static
 * analysis included: what diff and explain compare and explain when
 * given a trace (path names it in messages; a partial trace is noted
 * unless quiet).  0 or SP_EXIT_ERROR (printed). */
int sp_cli_profile_of_trace(const char *path, struct sp_trace *t,
			    bool quiet, struct sp_profile **out);
/* The long options sp_profile_cli_option takes, for getopt_long tables. */
#define SP_PROFILE_CLI_LONGOPTS \
	{ "format", required_argument, NULL, SP_OPT_FORMAT }, \
	{ "default-action", required_argument, NULL, SP_OPT_DEFAULT_ACTION }, \
	{ "runtime", required_argument, NULL, SP_OPT_RUNTIME }, \
	{ "no-new-privileges", no_argument, NULL, SP_OPT_NNP }, \
	{ "arch", required_argument, NULL, SP_OPT_ARCH }, \
	{ "args", required_argument, NULL, SP_OPT_ARGS }, \
	{ "safety", required_argument, NULL, SP_OPT_SAFETY }, \
	{ "static", required_argument, NULL, SP_OPT_STATIC }, \
	{ "languages", required_argument, NULL, SP_OPT_LANGUAGES }, \
	{ "root", required_argument, NULL, SP_OPT_ROOT }
/* Builds the profile of the traces and writes it to out atomically.
 * Returns 0 or SP_EXIT_ERROR (message printed). */
int sp_profile_cli_emit(const struct sp_profile_cli *pc,
			struct sp_trace *const *traces, size_t n,
			const char *out, bool quiet);
/* The same, the profile written being the union (sp_merge_profiles) of
 * also, a profile made elsewhere, and the traces' own: labels[0] names
 * also, labels[1] the traces, in the rules' comments. */
int sp_profile_cli_emit_also(const struct sp_profile_cli *pc,
			     struct sp_trace *const *traces, size_t n,
			     struct sp_profile *also,
			     const char *const labels[2], const char *out,
			     bool quiet);

/* One line on stderr naming the calls seen in only some of the traces'
 * runs (record --repeat, or several traces), with in how many, when
 * there are any (cli/profile.c). */
void sp_cli_note_uneven(struct sp_trace *const *traces, size_t n);

/* Whether format is one of -f's (cli/format.c); when not, says so on
 * stderr, naming them all. */
bool sp_cli_format_known(const char *format);
/* Whether an OCI runtime (crun, runc) installs profiles of this format:
 * json and k8s; the others go to systemd, bwrap, minijail or a program
 * of one's own, where no runtime's calls need a place. */
bool sp_cli_format_oci(const char *format);
/* Writes p to out (atomically) in format; the traces give the weights of
 * the bpf formats' search tree and, unless name is given, the k8s
 * resource name.  0, or -errno with d set. */
int sp_cli_write_format(const char *format, const struct sp_profile *p,
			struct sp_trace *const *traces, size_t n,
			const char *name, const char *out, struct sp_diag *d);

/* Profile option codes (long options only). */
enum {
	SP_OPT_DEFAULT_ACTION = 0x100,
	SP_OPT_RUNTIME,
	SP_OPT_ARCH,
	SP_OPT_ARGS,
	SP_OPT_SAFETY,
	SP_OPT_STATIC,
	SP_OPT_LANGUAGES,
	SP_OPT_ROOT,
	SP_OPT_NNP,
	SP_OPT_NAME,
	SP_OPT_FORMAT = 'f',
};

#endif
