#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/array.h"
#include "output/file.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "record", sp_cmd_record, "run a command and record its calls" },
	{ "profile", sp_cmd_profile, "turn traces into a seccomp profile" },
	{ "merge", sp_cmd_merge, "one profile from many (replicas, nodes)" },
	{ "oci-hook", sp_cmd_oci_hook, "record a container where it runs" },
	{ "generate", sp_cmd_generate, "record and profile in one step" },
	{ "check", sp_cmd_check, "find the recorded calls a filter refuses" },
	{ "run", sp_cmd_run, "run a command under a profile, report refusals" },
	{ "diff", sp_cmd_diff, "compare what two profiles allow" },
	{ "show", sp_cmd_show, "summarize a trace or a profile, with evidence" },
	{ "explain", sp_cmd_explain, "why a profile allows or refuses a call" },
	{ "import", sp_cmd_import, "a trace from strace output or audit records" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: sandprint COMMAND [OPTION]... [ARG]...\n\n"
		   "Records which system calls a workload makes and turns "
		   "them into the\nsmallest seccomp allowlist that still runs "
		   "it.\n\nCommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f, "\nOptions:\n"
		   "  -h, --help     show this help\n"
		   "  -V, --version  show the version\n\n"
		   "'sandprint COMMAND --help' describes each command; see "
		   "sandprint(1).\n");
}

/* What a command printed to stdout is only written when its buffer is
 * flushed: a full disk or "> /dev/full" shows here, and is sandprint's
 * failure (exit 2) whatever the command found. */
static int finish_stdout(int rc)
{
	int err = fflush(stdout) || ferror(stdout) ? sp_file_errno(stdout) : 0;

	if (!err)
		return rc;
	sp_cli_error("cannot write standard output: %s", strerror(err));
	return SP_EXIT_ERROR;
}

/* Standard descriptors sandprint was started without are held by a
 * descriptor that reads and writes nothing (O_PATH: EBADF, as a closed
 * one) and is gone at exec (the workload starts without them, as
 * natively), so that nothing sandprint opens takes their place: its
 * messages would go into that file or pipe (a trace being written, the
 * in-kernel recorder's guardian's pipe), and a child that closes them
 * (the guardian) would close what it needs. */
static void hold_closed_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/", O_PATH | O_CLOEXEC) < 0)
			return;
}

/* An output that is a FIFO nobody reads yet: its open blocks until a
 * reader comes, after the work is done (a shell's ">" blocks before the
 * command starts), so the wait is said rather than silent. */
/* Nothing written to it yet: a stop signal held since the recording
 * ended, or one sent while sandprint waits, acts now
 * (sp_signals_waiting); said after, so that one sent once it is said
 * does. */
static void say_waiting(const char *path, bool waiting)
{
	sp_signals_waiting(waiting);
	if (waiting)
		sp_cli_error("%s: a FIFO with no reader: waiting for one",
			     path);
}

/* The signal the workload died of (record, generate, run), or 0. */
static int death;

void sp_cli_die_by(int sig)
{
	death = sig;
}

/* Ends as the workload did: when it died of a signal, sandprint dies of
 * the same signal once its output is written (as timeout(1) and strace
 * do), so that a shell sees a death by that signal, not an exit status:
 * "while :; do sandprint record -- prog; done" stops on ^C.  Not when
 * sandprint itself failed meanwhile (status is then its own).  A signal
 * held since the recording ended (sp_signals_held: a ^C as it was being
 * written) is the end whatever the status: it would have killed
 * sandprint, only later.  No core file: the workload's would be
 * clobbered by ours. */
static int end_like_workload(int status)
{
	struct rlimit nocore = { 0, 0 };
	int sig = sp_signals_held();
	sigset_t set;

	if (!sig && (!death || status != 128 + death))
		return status;
	if (!sig)
		sig = death;
	fflush(NULL);
	setrlimit(RLIMIT_CORE, &nocore);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	return status;          /* a signal that does not kill (SIGCHLD) */
}

static bool unlimited(int resource)
{
	struct rlimit r;

	return getrlimit(resource, &r) == 0 && r.rlim_cur == RLIM_INFINITY;
}

/* Below this stack limit sandprint could overflow its stack (measured:
 * 64 KiB to record, or to read a trace of a million patterns): said, not
 * a death by SIGSEGV on the way.  The workload's own limit is the
 * caller's all the same (tracer/spawn.h). */
#define SP_MIN_STACK (256 << 10)

static bool enough_stack(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_STACK, &r) || r.rlim_cur >= SP_MIN_STACK)
		return true;
	sp_cli_error("ulimit -s is %llu KiB (hard limit %llu): too small a "
		     "stack; it needs %d KiB",
		     (unsigned long long)r.rlim_cur >> 10,
		     (unsigned long long)r.rlim_max >> 10, SP_MIN_STACK >> 10);
	return false;
}

int main(int argc, char **argv)
{
	/* Reading a large trace builds a JSON tree of millions of small
	 * blocks and frees it: glibc's fast bins then cost a tenth of the
	 * time in malloc_consolidate, and growing the heap page by page
	 * another.  Measured on 100k patterns: profile 0.9 s -> 0.65 s.  The
	 * padding is address space, not memory, until used: unless the
	 * caller limits address space or data (ulimit -v, -d), which every
	 * growth of the heap, padding included, must fit in (each malloc
	 * would fail below 64 MiB, where the workload runs). */
	mallopt(M_MXFAST, 0);
	if (unlimited(RLIMIT_AS) && unlimited(RLIMIT_DATA))
		mallopt(M_TOP_PAD, 64 << 20);
	hold_closed_std_fds();
	sp_spawn_note_caller();
	sp_spawn_raise_limits();
	if (!enough_stack())
		return SP_EXIT_ERROR;
	/* Without it (no memory), stdout as it was: a failed write then
	 * says EIO. */
	sp_file_stdout_sink();
	sp_file_on_wait(say_waiting);
	if (argc < 2) {
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return finish_stdout(SP_EXIT_OK);
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("sandprint %s\n", SP_VERSION);
		return finish_stdout(SP_EXIT_OK);
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return end_like_workload(finish_stdout(
				commands[i].run(argc - 1, argv + 1)));
	sp_cli_error("%s: unknown command (see 'sandprint --help')", argv[1]);
	return SP_EXIT_ERROR;
}
