#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "analyzer/aggregate.h"
#include "analyzer/interp.h"
#include "analyzer/argkind.h"
#include "analyzer/baseline.h"
#include "cli/filter.h"
#include "cli/cli.h"
#include "core/arch.h"
#include "core/array.h"
#include "output/docker.h"
#include "output/file.h"
#include "output/trace_json.h"
#include "tracer/inkernel.h"
#include "tracer/proc.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"
#include "tracer/tracer.h"
#include "tracer/unwind.h"

#define DEFAULT_TRACE "sandprint-trace.json"

/* What the tracer's callbacks need. */
struct status {
	int ready_fd;           /* --ready-fd, or -1 */
	bool quiet;
	int fd;                 /* the status line's terminal, or -1 */
	bool shown;             /* one is on screen now */
	/* On a terminal that cannot erase (sp_cli_term_dumb), a line is
	 * drawn over the last one, whose width is kept, padded with
	 * spaces. */
	bool dumb;
	int width;
	/* The executable of the workload's that tried to trace
	 * (on_own_ptrace), or NULL. */
	char *own_ptrace;
	/* The executables of the workload's that ran a program [0] and
	 * mapped code [1] /proc would not name (on_hidden), or NULL. */
	char *hidden[2];
	struct timespec start;
};

/* SIGPIPE held around a write made while the workload runs: a reader
 * gone must not kill sandprint by SIGPIPE (the workload with it, the
 * recording lost); the write fails with EPIPE instead.  Blocked, not
 * ignored: the disposition stays the caller's, which the next run of
 * --repeat starts with. */
static void hold_sigpipe(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* After hold_sigpipe: the SIGPIPE the write raised, if any, taken. */
static void release_sigpipe(const sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	if (!sigismember(old, SIGPIPE))
		sigtimedwait(&set, NULL, &(struct timespec){ 0, 0 });
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* The command is gone, and natively its caller would carry on: said at
 * once, or sandprint would seem to hang on the daemons it left. */
static void say_left(void *ctx, const pid_t *left, size_t n)
{
	struct status *s = ctx;
	char names[SP_TRACER_LEFT_SHOWN * 40] = "", comm[32];
	sigset_t old;
	size_t len = 0;

	if (s->quiet)
		return;
	for (size_t i = 0; i < n && i < SP_TRACER_LEFT_SHOWN; i++) {
		ssize_t got = sp_proc_read(left[i], "comm", comm, sizeof(comm));

		if (got > 0 && comm[got - 1] == '\n')
			comm[got - 1] = '\0';
		len += (size_t)snprintf(names + len, sizeof(names) - len,
					"%s%d %s", i ? ", " : "", (int)left[i],
					got > 0 ? comm : "?");
	}
	/* Said while the workload runs: to stderr, whose reader may be gone
	 * (a pager or a logger that ended, a dropped ssh session's
	 * channel). */
	hold_sigpipe(&old);
	sp_cli_error("the command has exited, leaving %zu process%s running "
		     "(%s%s): recording until %s; SIGINT (^C) or SIGTERM to "
		     "sandprint sends %s SIGTERM, the same again within 2 s "
		     "kills %s", n, n == 1 ? "" : "es", names,
		     n > SP_TRACER_LEFT_SHOWN ? ", ..." : "",
		     n == 1 ? "it exits" : "they exit",
		     n == 1 ? "it" : "them", n == 1 ? "it" : "them");
	release_sigpipe(&old);
}

/* Said after the run, not among the workload's own lines. */
static void saw_own_ptrace(void *ctx, const char *exe)
{
	struct status *st = ctx;

	if (!st->own_ptrace)
		st->own_ptrace = strdup(exe);
}

/* Why /proc named neither (tracer.h, on_hidden). */
#define HIDDEN_WHY "/proc closes another user's process, and an " \
	"undumpable one (after a change of user or group IDs, a set-id " \
	"program or one it may not read, or PR_SET_DUMPABLE 0), to a " \
	"sandprint without CAP_SYS_PTRACE (root has it)"

/* Said after the run too. */
static void saw_hidden(void *ctx, const char *exe, bool code)
{
	struct status *st = ctx;

	if (!st->hidden[code])
		st->hidden[code] = strdup(exe);
}

/* The terminal device fd is, or 0 when it is none (or will not say). */
static unsigned tty_dev(int fd)
{
	unsigned dev = 0;

	if (!isatty(fd) || ioctl(fd, TIOCGDEV, &dev))
		return 0;
	return dev;
}

/* Where the live status line may be drawn, or -1.  The workload shares
 * sandprint's terminal: a line drawn where it reads or writes lands over
 * its prompt, its input, its screen.  So by default only on the
 * controlling terminal when none of stdin, stdout and stderr (the
 * workload's too) is it; with --progress, on stderr when it is a
 * terminal. */
static int status_fd(bool request)
{
	unsigned dev;
	int fd;

	if (request)
		return isatty(STDERR_FILENO) ? STDERR_FILENO : -1;
	fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	dev = tty_dev(fd);
	/* A stream that is that terminal, or a terminal that will not say
	 * which: the workload may use it. */
	for (int i = 0; i < 3; i++)
		if (isatty(i) && (tty_dev(i) == 0 || tty_dev(i) == dev))
			dev = 0;
	if (!dev) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Writes all of buf to fd, or gives up (a status line is no reason to
 * stop); async-signal-safe. */
static void put(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* The live status line: one line on the terminal, rewritten in place
 * (carriage return, erase to end of line; on a terminal that cannot
 * erase, spaces over what is left of the last line) and erased at the
 * end; drawn only while sandprint is in the terminal's foreground. */
static void on_progress(void *ctx, const struct sp_trace *t, size_t tasks)
{
	struct status *s = ctx;
	struct timespec now;
	char line[160];
	double secs;
	int n;

	if (s->fd < 0 || tcgetpgrp(s->fd) != sp_signals_job_pgrp())
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - s->start.tv_sec) +
	       (double)(now.tv_nsec - s->start.tv_nsec) / 1e9;
	n = snprintf(line, sizeof(line), "%ssandprint: %.1f s, %zu "
		     "task%s, %llu calls, %zu patterns",
		     s->dumb ? "\r" : "\r\033[K", secs, tasks,
		     tasks == 1 ? "" : "s", (unsigned long long)t->ncalls,
		     t->npatterns);
	if (n <= 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	put(s->fd, line, (size_t)n);
	if (s->dumb) {
		for (int i = n; i < s->width; i++)
			put(s->fd, " ", 1);
		s->width = n;
	}
	s->shown = true;
}

int sp_cli_stack_depth(const char *arg, unsigned *depth)
{
	char *end;
	unsigned long n = SP_STACK_DEPTH_DEFAULT;

	if (arg) {
		errno = 0;
		n = strtoul(arg, &end, 10);
		if (errno || end == arg || *end || *arg == '-' || n < 1 ||
		    n > SP_STACK_DEPTH_MAX) {
			sp_cli_error("--stacks=%s: expected a depth from 1 to "
				     "%d", arg, SP_STACK_DEPTH_MAX);
			return -1;
		}
	}
	*depth = (unsigned)n;
	return 0;
}

int sp_cli_via_parse(const char *arg, bool inkernel, enum sp_cli_via *via)
{
	if (strcmp(arg, "notify") == 0) {
		*via = SP_VIA_NOTIFY;
	} else if (strcmp(arg, "ptrace") == 0) {
		*via = SP_VIA_PTRACE;
	} else if (inkernel && strcmp(arg, "bpf") == 0) {
		*via = SP_VIA_BPF;
	} else {
		sp_cli_error("--via %s: expected %s", arg,
			     inkernel ? "bpf, notify or ptrace" :
					"notify or ptrace");
		return -1;
	}
	return 0;
}

/* The notification path needs SECCOMP_USER_NOTIF_FLAG_CONTINUE (Linux
 * 5.5) and pidfd_getfd (5.6); an older kernel takes the ptrace path. */
static bool kernel_has_notify_path(void)
{
	char release[128];
	int major, minor;

	if (sp_kernel_release(release, sizeof(release)) ||
	    sp_kernel_version_parse(release, &major, &minor))
		return false;
	return major > 5 || (major == 5 && minor >= 6);
}

bool sp_cli_via_notify(enum sp_cli_via via, bool stacks)
{
	return !stacks && kernel_has_notify_path() &&
	       (via == SP_VIA_NOTIFY ||
		(via == SP_VIA_DEFAULT && SP_TRACER_NOTIFY_DEFAULT));
}

int sp_record_cli_option(struct sp_record_cli *r, int opt, const char *arg)
{
	pid_t tgid, ppid;
	char *end;
	long pid;

	switch (opt) {
	case SP_OPT_STACKS:
		return sp_cli_stack_depth(arg, &r->stack_depth) ? -1 : 1;
	case SP_OPT_VIA:
		return sp_cli_via_parse(arg, true, &r->via) ? -1 : 1;
	case SP_OPT_CGROUP:
		r->cgroup = arg;
		return 1;
	case SP_OPT_READY_FD:
		errno = 0;
		pid = strtol(arg, &end, 10);
		if (errno || end == arg || *end || pid < 0 || pid > INT32_MAX ||
		    fcntl((int)pid, F_GETFD) < 0) {
			sp_cli_error("--ready-fd %s: not an open file "
				     "descriptor", arg);
			return -1;
		}
		r->ready_fd = (int)pid;
		return 1;
	case SP_OPT_PROGRESS:
		r->progress = true;
		return 1;
	case SP_OPT_BASELINE:
		r->baseline = arg;
		return 1;
	case SP_OPT_BASELINE_FILTER:
		r->baseline_filter = arg;
		return 1;
	case SP_OPT_REPEAT:
		errno = 0;
		r->repeat = strtoul(arg, &end, 10);
		if (errno || end == arg || *end || *arg == '-' ||
		    r->repeat < 1 || r->repeat > 1000) {
			sp_cli_error("--repeat %s: expected a number of runs "
				     "from 1 to 1000", arg);
			return -1;
		}
		return 1;
	case 'p':
		errno = 0;
		pid = strtol(arg, &end, 10);
		if (errno || end == arg || *end || pid <= 0 || pid > INT32_MAX) {
			sp_cli_error("-p %s: not a process id", arg);
			return -1;
		}
		if (r->npids == SP_MAX_PIDS) {
			sp_cli_error("-p: at most %d processes", SP_MAX_PIDS);
			return -1;
		}
		/* A thread's id names a task /proc lists too: say which
		 * process it belongs to (one that is gone is said later,
		 * by the path that attaches). */
		if (!sp_proc_ids((pid_t)pid, &tgid, &ppid) &&
		    tgid != (pid_t)pid) {
			sp_cli_error("-p %ld: a thread of process %d; -p takes "
				     "a process", pid, (int)tgid);
			return -1;
		}
		if (!sp_proc_ids((pid_t)pid, &tgid, &ppid) &&
		    !sp_proc_live_thread((pid_t)pid)) {
			sp_cli_error("-p %ld: has exited (a zombie its parent, "
				     "pid %d, has not reaped)", pid, (int)ppid);
			return -1;
		}
		/* Given twice: recorded once. */
		for (size_t i = 0; i < r->npids; i++)
			if (r->pids[i] == (pid_t)pid)
				return 1;
		r->pids[r->npids++] = (pid_t)pid;
		return 1;
	default:
		return 0;
	}
}

int sp_record_cli_finish(struct sp_record_cli *r, const char *cmd, int argc,
			 char **argv, int first)
{
	int sources = (first < argc) + (r->npids > 0) + (r->cgroup != NULL);

	if (sources > 1) {
		sp_cli_error("%s: a command, -p and --cgroup exclude each other",
			     cmd);
		return -1;
	}
	if (!sources) {
		sp_cli_error("%s: no command given (or -p PID, or --cgroup "
			     "PATH)", cmd);
		return -1;
	}
	if (r->cgroup && r->via != SP_VIA_DEFAULT && r->via != SP_VIA_BPF) {
		sp_cli_error("%s: --cgroup takes the in-kernel recorder (--via "
			     "bpf)", cmd);
		return -1;
	}
	if (r->ready_fd >= 0 && !r->cgroup && !r->npids) {
		sp_cli_error("%s: --ready-fd is for --cgroup and -p", cmd);
		return -1;
	}
	if (r->stack_depth && (r->via == SP_VIA_BPF || r->cgroup)) {
		sp_cli_error("%s: --stacks unwinds at ptrace stops: not with "
			     "%s", cmd, r->cgroup ? "--cgroup" : "--via bpf");
		return -1;
	}
	if (r->repeat > 1 && (r->npids || r->cgroup)) {
		sp_cli_error("%s: --repeat needs a command: running processes "
			     "run once", cmd);
		return -1;
	}
	if (r->baseline && (r->npids || r->cgroup)) {
		sp_cli_error("%s: --baseline needs a command: a running "
			     "process cannot take a filter", cmd);
		return -1;
	}
	if (r->baseline && r->via == SP_VIA_BPF) {
		sp_cli_error("%s: --baseline runs the workload under its "
			     "filter: not with --via bpf", cmd);
		return -1;
	}
	r->argv = first < argc ? argv + first : NULL;
	return 0;
}

int sp_record_cli_output_ok(const struct sp_record_cli *r,
			    const char *output)
{
	char exe[PATH_MAX];
	char *inputs[2];
	size_t n = 0;

	/* The command's executable is an input too: "-o server -- ./server"
	 * would replace the program with its own profile. */
	if (r->argv && !sp_spawn_resolve(r->argv[0], exe, sizeof(exe)))
		inputs[n++] = exe;
	if (r->baseline)
		inputs[n++] = (char *)r->baseline;
	return sp_cli_output_ok(output, inputs, n);
}

/* The in-kernel recorder: asked for (--via bpf, --cgroup), or the
 * default where it can run, unless what needs ptrace stops or a filter
 * in the workload is asked for (--stacks, --baseline). */
static bool via_inkernel(const struct sp_record_cli *r)
{
	if (r->via == SP_VIA_BPF || r->cgroup)
		return true;
	return r->via == SP_VIA_DEFAULT && SP_CLI_INKERNEL_DEFAULT &&
	       !r->stack_depth && !r->baseline;
}

/* The argument-kind table as the tracer takes it (plain data: the
 * tracer does not see the analyzer), for the arches it tells apart. */
static const struct sp_keep (*keep_table(void))[SP_KEEP_NR]
{
	static struct sp_keep keep[SP_ARCH_COUNT][SP_KEEP_NR];
	enum sp_arch arches[SP_INKERNEL_ARCHES];
	size_t n = sp_inkernel_arches(arches);

	for (size_t i = 0; i < n; i++)
		for (int64_t nr = 0; nr < SP_KEEP_NR; nr++) {
			enum sp_arch a = arches[i];
			const struct sp_argspec *s = sp_argkind_lookup(
				a, a == SP_ARCH_X32 ? nr | SP_X32_SYSCALL_BIT :
						      nr);
			uint8_t read = 0;

			for (unsigned k = 0; k < SP_NARGS; k++)
				if (s->kind[k] == SP_ARGKIND_STRUCT)
					read |= (uint8_t)(1u << k);
			keep[a][nr] = (struct sp_keep){ s->kept, s->wide,
							read };
		}
	return (const struct sp_keep (*)[SP_KEEP_NR])keep;
}

/* --ready-fd: one line, then the descriptor is closed (a reader waiting
 * for end of file sees it too). */
static void say_ready(void *ctx)
{
	struct status *s = ctx;
	sigset_t old;

	if (s->ready_fd < 0)
		return;
	hold_sigpipe(&old);
	if (write(s->ready_fd, "ready\n", 6) < 0) {
		/* The reader is gone: nobody waits to be told. */
	}
	release_sigpipe(&old);
	close(s->ready_fd);
	s->ready_fd = -1;
}

static int add_pattern(void *ctx, const struct sp_pattern *p)
{
	return sp_aggregate_add_pattern(ctx, p);
}

struct stacks {
	struct sp_unwinder *uw;
	struct sp_trace *t;
	size_t missed;           /* new patterns left without a stack */
};

/* The aggregator's hook: a pattern seen for the first time, its task still
 * stopped in the call. */
static void on_new_pattern(void *ctx, const struct sp_event *ev,
			   struct sp_pattern *p)
{
	struct stacks *s = ctx;

	if (sp_unwind_capture(s->uw, ev, s->t, &p->stack, &p->nframes))
		s->missed++;
}

/* One run of sp_cli_record, under filter (NULL: every call stops);
 * *never_ran (when not NULL) says the workload never ran (*out is then
 * NULL). */
static int record_once(const struct sp_record_cli *r,
		       const struct sock_fprog *filter, struct sp_trace **out,
		       bool *never_ran)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate agg;
	struct sp_sink sink;
	struct status st = { .quiet = r->quiet, .ready_fd = r->ready_fd,
			     .fd = r->quiet ? -1 : status_fd(r->progress),
			     .dumb = sp_cli_term_dumb() };
	struct sp_tracer_opts opts = {
		.argv = r->argv,
		.pids = r->pids,
		.npids = r->npids,
		.filter = filter,
		.notify = sp_cli_via_notify(r->via, r->stack_depth),
		.judge = sp_interp_run_stack,
		.on_no_new_privs = r->quiet ? NULL : sp_cli_say_nnp,
		.on_privs_lost = sp_cli_say_privs_lost,
		.on_own_filter_untraced = sp_cli_say_own_filter_untraced,
		.on_own_ptrace = saw_own_ptrace,
		.on_hidden = saw_hidden,
		.on_progress = on_progress,
		.on_ready = say_ready,
		.on_left = say_left,
		.ctx = &st,
	};
	struct sp_diag d = { 0 };
	struct stacks stacks = { 0 };
	int rc;

	*out = NULL;
	if (never_ran)
		*never_ran = false;
	if (!t || sp_aggregate_init(&agg, t)) {
		sp_cli_error("cannot record: %s", strerror(ENOMEM));
		sp_trace_free(t);
		return SP_EXIT_ERROR;
	}
	sink.on_syscall = sp_aggregate_sink;
	sink.on_pattern = add_pattern;
	sink.ctx = &agg;
	if (r->stack_depth) {
		rc = sp_unwinder_new(r->stack_depth, &stacks.uw);
		if (rc) {
			sp_cli_error("cannot record stacks: %s", strerror(-rc));
			sp_aggregate_fini(&agg);
			sp_trace_free(t);
			return SP_EXIT_ERROR;
		}
		stacks.t = t;
		opts.unwinder = stacks.uw;
		agg.on_new = on_new_pattern;
		agg.on_new_ctx = &stacks;
	}
	clock_gettime(CLOCK_MONOTONIC, &st.start);
	rc = -EOPNOTSUPP;
	if (via_inkernel(r)) {
		opts.keep = keep_table();
		opts.cgroup = r->cgroup;
		rc = sp_inkernel_run(&opts, t, &sink, &d);
		if (rc == -EOPNOTSUPP && (r->via == SP_VIA_BPF || r->cgroup)) {
			sp_cli_error("%s: the in-kernel recorder cannot run "
				     "here: %s", r->cgroup ? "--cgroup" :
							     "--via bpf",
				     d.msg);
			sp_aggregate_fini(&agg);
			sp_trace_free(t);
			return SP_EXIT_ERROR;
		}
		if (rc == -EOPNOTSUPP && !r->quiet)
			sp_cli_error("note: the in-kernel recorder cannot run "
				     "here (%s): recording %s", d.msg,
				     opts.notify ? "by notification" :
						   "with ptrace stops");
	}
	if (rc == -EOPNOTSUPP)
		rc = sp_tracer_run(&opts, t, &sink, &d);
	if (st.shown && !st.dumb)
		put(st.fd, "\r\033[K", 4);
	if (st.shown && st.dumb) {
		put(st.fd, "\r", 1);
		for (int i = 1; i < st.width; i++) /* its own \r aside */
			put(st.fd, " ", 1);
		put(st.fd, "\r", 1);
	}
	if (st.fd > STDERR_FILENO)
		close(st.fd);
	sp_aggregate_fini(&agg);
	sp_unwinder_free(stacks.uw);
	if (st.own_ptrace && !r->quiet)
		sp_cli_error("note: %s tried to trace a process itself "
			     "(ptrace PTRACE_TRACEME, ATTACH or SEIZE), which "
			     "failed with EPERM: a task has one tracer, and "
			     "sandprint is it (--via bpf, as root, traces "
			     "nothing)", st.own_ptrace);
	free(st.own_ptrace);
	/* Even with -q, as a set-id program's lost privileges are: the
	 * trace lacks what it cannot name. */
	if (st.hidden[0])
		sp_cli_error("warning: a program%s%s ran could not be named "
			     "(\"?\" in the trace's executables): %s",
			     strcmp(st.hidden[0], "?") ? " " : "",
			     strcmp(st.hidden[0], "?") ? st.hidden[0] : "",
			     HIDDEN_WHY);
	if (st.hidden[1])
		sp_cli_error("warning: code %s mapped could not be named "
			     "(missing from the trace's objects, and what it "
			     "calls from the static analysis): %s",
			     strcmp(st.hidden[1], "?") ? st.hidden[1] :
							  "a program",
			     HIDDEN_WHY);
	free(st.hidden[0]);
	free(st.hidden[1]);
	if (stacks.missed && !r->quiet)
		sp_cli_error("no call-site stack for %zu of %zu patterns (the "
			     "task was gone, its stack could not be unwound, "
			     "or it was a 32-bit program's)", stacks.missed,
			     t->npatterns);
	sp_trace_sort(t);
	/* The workload never ran (not found, not executable, could not be
	 * traced or filtered): there is no recording to keep, and a file
	 * written now would replace a real one with an empty trace.  As a
	 * shell says of a command: 127 not found, 126 not executable (a
	 * cgroup or process that is not there is sandprint's error, 2). */
	if (rc && t->end == SP_END_RUNNING) {
		sp_cli_diag(&d);
		sp_trace_free(t);
		if (never_ran)
			*never_ran = true;
		if (!r->argv)
			return SP_EXIT_ERROR;
		return rc == -ENOENT ? 127 : rc == -EACCES ? 126 :
		       SP_EXIT_ERROR;
	}
	*out = t;
	if (rc) {
		sp_cli_diag(&d);
		return SP_EXIT_ERROR;
	}
	/* Attached processes let go on request: nothing went wrong. */
	if ((r->npids || r->cgroup) && t->end == SP_END_INTERRUPTED)
		return SP_EXIT_OK;
	if (t->end == SP_END_SIGNALED || t->end == SP_END_INTERRUPTED)
		sp_cli_die_by(t->status);
	return sp_trace_exit_status(t);
}

/* The workload is done (every run of it: each starts with the caller's
 * signal dispositions) and the recording lives in memory only: a reader
 * gone from an output pipe must not kill sandprint by SIGPIPE before it
 * is written or kept (the write fails with EPIPE instead). */
static void keep_through_epipe(void)
{
	signal(SIGPIPE, SIG_IGN);
}

/* Records n runs of the command into one trace (record --repeat): the
 * status is the first failing run's, or the last run's.  The user's
 * SIGINT or SIGTERM (a terminal's ^C) ends the repeat, as it ends a
 * shell's loop: sent during a run, whether the workload died of it or
 * not (sp_signals_stop_asked), or between two runs (SIGHUP and SIGQUIT
 * too), where sandprint holds it (sp_signals_held) rather than die with
 * the runs recorded so far; the trace holds those runs, and sandprint
 * ends as the signal would have ended it, once the trace is written
 * (cli/main.c). */
static int record_runs(const struct sp_record_cli *rec,
		       const struct sock_fprog *filter, struct sp_trace **out,
		       bool *never_ran)
{
	struct sp_aggregate agg;
	unsigned long n = rec->repeat;
	int status, asked, first_status;
	/* Failed runs, the interrupted one aside. */
	unsigned long i = 1, failed, first_failed = 1;

	if (n > 1)
		sp_cli_runs_begin(1, n);
	status = record_once(rec, filter, out, never_ran);
	sp_cli_runs_begin(0, n);
	asked = sp_signals_stop_asked();
	failed = status && !asked;
	first_status = status;
	if (!*out || n < 2) {
		sp_cli_runs_end();
		keep_through_epipe();
		return status;
	}
	if (sp_aggregate_init(&agg, *out)) {
		sp_cli_error("cannot record: %s", strerror(ENOMEM));
		sp_cli_runs_end();
		keep_through_epipe();
		return SP_EXIT_ERROR;
	}
	for (; i < n && !asked && !sp_signals_held(); i++) {
		struct sp_trace *u = NULL;
		int st;

		sp_cli_runs_begin(i + 1, n);
		st = record_once(rec, filter, &u, NULL);
		sp_cli_runs_begin(0, n);
		asked = sp_signals_stop_asked();
		if (!u || sp_aggregate_add_run(&agg, u)) {
			/* The command did not start this time (run 1
			 * deleted it): its status, as a shell's (127 not
			 * found), and the runs so far. */
			if (u)
				sp_cli_error("cannot record: %s",
					     strerror(ENOMEM));
			else if (!rec->quiet)
				sp_cli_error("run %lu of %lu did not start: the "
					     "trace holds %lu run%s", i + 1, n,
					     i, i == 1 ? "" : "s");
			status = status ? status : u ? SP_EXIT_ERROR : st;
			sp_trace_free(u);
			break;
		}
		sp_trace_free(u);
		if (st && !asked && !failed++) {
			first_failed = i + 1;
			first_status = st;
		}
		if (!status)
			status = st;
	}
	sp_cli_runs_end();
	sp_aggregate_fini(&agg);
	sp_trace_sort(*out);
	if (failed && failed < i && !rec->quiet)
		sp_cli_error("note: %lu of %lu runs failed, run %lu first "
			     "(status %d): the calls seen in only some runs "
			     "may be the failure's",
			     failed, i, first_failed, first_status);
	if ((asked || sp_signals_held()) && i < n && !rec->quiet)
		sp_cli_error("interrupted after run %lu of %lu: the trace "
			     "holds %lu run%s",
			     i, n, i, i == 1 ? "" : "s");
	keep_through_epipe();
	return status;
}

/* Anything at path, a dangling symbolic link too. */
static bool exists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

/* The trace of a workload that never ran: its command (if any), no
 * calls, the end "error" (a trace never says "running"). */
static struct sp_trace *never_ran_trace(char *const *argv)
{
	struct sp_trace *t = sp_trace_new();

	if (t && argv && sp_trace_set_argv(t, argv) < 0) {
		sp_trace_free(t);
		return NULL;
	}
	if (t) {
		t->end = SP_END_ERROR;
		t->partial = true;
	}
	return t;
}

static int write_trace(FILE *f, const void *t)
{
	return sp_trace_write_json(f, t);
}

void sp_cli_keep_trace(const struct sp_trace *t)
{
	char *kept;
	int rc = sp_file_write_new(".trace.json", write_trace, t, &kept);

	if (rc) {
		sp_cli_error("the recording is lost: no copy could be written "
			     "to $TMPDIR either: %s", strerror(-rc));
		return;
	}
	sp_cli_error("the recording is kept in %s ('sandprint profile' "
		     "makes its profile)", kept);
	free(kept);
}

/* The recording that a signal arriving while its profile is being made
 * (the static analysis can take seconds), or a second one stopping
 * sandprint at once as it writes the trace (a FIFO nobody reads), would
 * lose: serialised in advance, so that a handler, with only
 * async-signal-safe calls, can write it to a file of its own and say
 * where before dying of the signal as an interrupted recording does. */
static const int guarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct {
	char *json;
	size_t len;
	char path[PATH_MAX];
	char said[PATH_MAX + 128];
	struct sigaction old[ARRAY_SIZE(guarded)];
	bool installed[ARRAY_SIZE(guarded)];
} guard;

/* guard.json, .path and .said for t; false (guard.json NULL) where t
 * could not be serialised. */
static bool guard_arm(const struct sp_trace *t)
{
	FILE *f = open_memstream(&guard.json, &guard.len);

	if (!f)
		return false;
	if (sp_trace_write_json(f, t) | fclose(f)) {
		free(guard.json);
		guard.json = NULL;
		return false;
	}
	snprintf(guard.path, sizeof(guard.path),
		 "%s/sandprint-%d-%lld.trace.json", sp_file_tmpdir(),
		 (int)getpid(), (long long)time(NULL));
	snprintf(guard.said, sizeof(guard.said),
		 "sandprint: interrupted: the recording is kept in %s "
		 "('sandprint profile' makes its profile)\n", guard.path);
	return true;
}

/* Writes guard.json to guard.path and says so; async-signal-safe. */
static void guard_keep(void)
{
	int fd = open(guard.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		      0600);
	static const char lost[] = "sandprint: interrupted: the recording "
				   "is lost (no file of its own in $TMPDIR)\n";

	if (fd >= 0) {
		put(fd, guard.json, guard.len);
		close(fd);
		put(STDERR_FILENO, guard.said, strlen(guard.said));
	} else {
		put(STDERR_FILENO, lost, sizeof(lost) - 1);
	}
}

static void on_guarded_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	struct rlimit nocore = { 0, 0 };

	guard_keep();
	/* No core file (SIGQUIT's): the workload's would be clobbered by
	 * ours, as where a recording ends so (cli/main.c). */
	setrlimit(RLIMIT_CORE, &nocore);
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

void sp_cli_guard_trace(const struct sp_trace *t)
{
	struct sigaction sa = { .sa_handler = on_guarded_signal };

	if (!guard_arm(t))
		return;
	/* One handler at a time: the file is written once. */
	for (size_t i = 0; i < ARRAY_SIZE(guarded); i++)
		sigaddset(&sa.sa_mask, guarded[i]);
	for (size_t i = 0; i < ARRAY_SIZE(guarded); i++) {
		guard.installed[i] =
			sigaction(guarded[i], NULL, &guard.old[i]) == 0 &&
			guard.old[i].sa_handler != SIG_IGN &&
			sigaction(guarded[i], &sa, NULL) == 0;
		/* One held since the workload ended (a ^C as it did) is
		 * taken now, as one during the analysis would be. */
		if (guard.installed[i] && sp_signals_held() == guarded[i])
			raise(guarded[i]);
	}
}

void sp_cli_unguard_trace(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(guarded); i++)
		if (guard.installed[i])
			sigaction(guarded[i], &guard.old[i], NULL);
	memset(guard.installed, 0, sizeof(guard.installed));
	free(guard.json);
	guard.json = NULL;
}

struct json_bytes {
	const char *buf;
	size_t len;
};

static int write_bytes(FILE *f, const void *arg)
{
	const struct json_bytes *b = arg;

	return fwrite(b->buf, 1, b->len, f) == b->len ? 0 : -EIO;
}

int sp_cli_write_trace(const char *path, const struct sp_trace *t, bool keep)
{
	struct sp_diag d = { 0 };
	struct json_bytes b;
	int rc;

	/* A recording: serialised first, so that a second signal stopping
	 * sandprint at once as it writes (sp_signals_last_word: a FIFO
	 * nobody reads) keeps it in $TMPDIR rather than losing it. */
	if (keep && !guard.json && guard_arm(t)) {
		b.buf = guard.json;
		b.len = guard.len;
		sp_signals_last_word(guard_keep);
		rc = sp_file_write_atomic(path, write_bytes, &b, &d);
		sp_signals_last_word(NULL);
		free(guard.json);
		guard.json = NULL;
	} else {
		rc = sp_file_write_atomic(path, write_trace, t, &d);
	}
	if (!rc)
		return 0;
	sp_cli_diag(&d);
	if (keep)
		sp_cli_keep_trace(t);
	return -1;
}

static void on_vague(void *ctx, const char *name)
{
	(void)ctx;
	sp_cli_error("--baseline: %s: a condition other than == or a mask "
		     "cannot be carried into the trace: allowed whatever its "
		     "arguments", name);
}

/* What the namespaces seen so far make: the first one other than ours
 * held open in *ns with one of its processes in *pid. */
struct ns_scan {
	struct stat ours, first;
	bool seen;
	enum sp_mount_ns kind;
	pid_t pid;
	int ns;
};

static void ns_scan_pid(struct ns_scan *s, pid_t pid)
{
	struct stat st;
	char path[64];
	int fd;

	if (pid <= 0 || s->kind == SP_MOUNT_NS_MIXED)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return;     /* gone, or not ours to read */
	}
	if (s->seen && (st.st_dev != s->first.st_dev ||
			st.st_ino != s->first.st_ino)) {
		s->kind = SP_MOUNT_NS_MIXED;
	} else if (!s->seen) {
		s->seen = true;
		s->first = st;
		if (st.st_dev != s->ours.st_dev ||
		    st.st_ino != s->ours.st_ino) {
			s->kind = SP_MOUNT_NS_OTHER;
			s->pid = pid;
			s->ns = fd;
			return;
		}
	}
	close(fd);
}

/* The processes of the cgroup at dir and of those below it (a pod's
 * cgroup holds none of its own: its containers' are below it). */
static void ns_scan_cgroup(struct ns_scan *s, int dir, unsigned depth)
{
	int fd = openat(dir, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "re");
	char line[32];
	DIR *d;
	struct dirent *e;

	while (f && fgets(line, sizeof(line), f))
		ns_scan_pid(s, (pid_t)atoi(line));
	if (f)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || depth > 32 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while (s->kind != SP_MOUNT_NS_MIXED && (e = readdir(d))) {
		int sub;

		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		sub = openat(dirfd(d), e->d_name,
			     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub < 0)
			continue;
		ns_scan_cgroup(s, sub, depth + 1);
		close(sub);
	}
	closedir(d);
}

enum sp_mount_ns sp_record_cli_mount_ns(const struct sp_record_cli *r,
					pid_t *pid, int *ns)
{
	struct ns_scan s = { .kind = SP_MOUNT_NS_OURS, .ns = -1 };
	int dir;

	if (stat("/proc/self/ns/mnt", &s.ours))
		return SP_MOUNT_NS_OURS;
	for (size_t i = 0; i < r->npids; i++)
		ns_scan_pid(&s, r->pids[i]);
	if (r->cgroup &&
	    (dir = open(r->cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		ns_scan_cgroup(&s, dir, 0);
		close(dir);
	}
	if (s.kind == SP_MOUNT_NS_OTHER && ns && pid) {
		*pid = s.pid;
		*ns = s.ns;
	} else if (s.ns >= 0) {
		close(s.ns);
	}
	return s.kind;
}

int sp_cli_record(const struct sp_record_cli *r, struct sp_trace **out,
		  bool *never_ran)
{
	struct sp_cli_filter bl = { 0 };
	struct sp_bpf *blprog = NULL;
	struct sock_fprog fprog, *filter = NULL;
	/* Asked before: the processes may be gone at the end. */
	bool other = sp_record_cli_mount_ns(r, NULL, NULL) != SP_MOUNT_NS_OURS;
	int status;

	*out = NULL;
	if (never_ran)
		*never_ran = false;
	if (r->baseline) {
		if (sp_cli_baseline_load(r->baseline, r->baseline_filter,
					 sp_cli_via_notify(r->via,
							   r->stack_depth),
					 &bl, &blprog))
			return SP_EXIT_ERROR;
		fprog.len = (unsigned short)blprog->len;
		fprog.filter = blprog->insns;
		filter = &fprog;
	}
	status = record_runs(r, filter, out, never_ran);
	sp_bpf_free(blprog);
	if (*out)
		(*out)->other_mount_ns = other;
	if (*out && r->baseline) {
		struct sp_filter judge = { bl.progs, bl.n };

		if (sp_baseline_add(*out, &judge, bl.profile, on_vague,
				    NULL)) {
			sp_cli_error("--baseline: %s", strerror(ENOMEM));
			status = SP_EXIT_ERROR;
		}
	}
	sp_cli_filter_fini(&bl);
	return status;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint record [-o TRACE] [--via PATH] "
		"[--stacks[=DEPTH]]\n"
		"                        [--baseline PROFILE [--filter NAME]] "
		"[--repeat N]\n"
		"                        [--progress] [-q]\n"
		"                        [--] CMD [ARG]...\n"
		"       sandprint record [-o TRACE] [--via PATH] "
		"[--stacks[=DEPTH]]\n"
		"                        [--ready-fd FD] [--progress] [-q] "
		"-p PID...\n"
		"       sandprint record [-o TRACE] [--ready-fd FD] [-q] "
		"--cgroup PATH\n\n"
		"Runs CMD, following every process and thread it starts, and "
		"records the\nsystem calls they make.  Exits with CMD's "
		"status.  With -p, records\nrunning processes instead, until "
		"they exit or sandprint is interrupted;\nwith --cgroup, every "
		"process of a cgroup until it is empty.\n\n"
		"  -p, --pid PID       record this running process "
		"(repeatable)\n"
		"      --cgroup PATH   record every process of this cgroup "
		"and below it,\n"
		"                      those that join it later too (the "
		"in-kernel path)\n"
		"      --ready-fd FD   with --cgroup or -p: write \"ready\" "
		"to FD and close it\n"
		"                      once the recording runs\n"
		"      --via PATH      how calls reach sandprint: bpf (counted "
		"in the kernel by\n"
		"                      a BPF program, the workload neither "
		"stopped nor traced;\n"
		"                      the default as root where it can run), "
		"ptrace (a\n"
		"                      RET_TRACE ptrace stop each; the default "
		"elsewhere) or\n"
		"                      notify (a seccomp user notification "
		"each); see\n"
		"                      sandprint-record(1) for what a "
		"workload can tell of each\n"
		"  -o, --output TRACE  write the trace here (default "
		DEFAULT_TRACE ")\n"
		"      --stacks[=DEPTH] keep each pattern's first call site, "
		"DEPTH frames\n"
		"                      deep (default 16)\n"
		"      --repeat N      run CMD N times, one after the other, "
		"into one trace;\n"
		"                      the calls seen in only some runs are "
		"named\n"
		"      --baseline PROFILE only calls PROFILE refuses stop; "
		"the trace holds\n"
		"                      PROFILE's calls (marked baseline) "
		"and what is new\n"
		"      --filter NAME   the filter of a Firecracker --baseline "
		"file (default:\n"
		"                      its only one)\n"
		"      --progress      a live status line on stderr, even "
		"where the workload\n"
		"                      uses that terminal (by default only on "
		"a terminal the\n"
		"                      workload's stdin, stdout and stderr are "
		"not)\n"
		"  -q, --quiet         no summary or notes on stderr\n"
		"  -h, --help          show this help\n");
}

int sp_cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		SP_RECORD_CLI_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const char default_trace[] = DEFAULT_TRACE;
	const char *output = default_trace;
	struct sp_record_cli rec = { .ready_fd = -1 };
	struct sp_trace *t = NULL;
	bool never_ran = false;
	int c, r, stop, status;

	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "+o:p:qh", longopts, usage,
				  &stop))) {
		r = sp_record_cli_option(&rec, c, optarg);
		if (r < 0)
			return SP_EXIT_ERROR;
		if (r > 0)
			continue;
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'q':
			rec.quiet = true;
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (sp_record_cli_finish(&rec, "record", argc, argv, optind)) {
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	if (sp_record_cli_output_ok(&rec, output)) {
		/* A user in a directory of someone else's did not choose it. */
		if (output == default_trace)
			sp_cli_error("%s is the default output, in the "
				     "current directory: -o names another",
				     output);
		return SP_EXIT_ERROR;
	}
	status = sp_cli_record(&rec, &t, &never_ran);
	/* The workload never ran: a file at OUT (a real recording, say) is
	 * not replaced by an empty trace; where there is none, one that
	 * says "error" is written. */
	if (never_ran && status == SP_EXIT_ERROR && !exists(output))
		t = never_ran_trace(rec.argv);
	else if (never_ran && !rec.quiet && exists(output))
		sp_cli_error("nothing recorded: %s left as it was", output);
	if (!t)
		return status;
	if (sp_cli_write_trace(output, t, !never_ran)) {
		sp_trace_free(t);
		return SP_EXIT_ERROR;
	}
	if (!rec.quiet) {
		sp_cli_error("recorded %llu calls, %zu patterns, %zu process "
			     "image%s%s: %s",
			     (unsigned long long)t->ncalls, t->npatterns,
			     t->nprocs, t->nprocs == 1 ? "" : "s",
			     t->partial ? " (partial)" : "", output);
		sp_cli_note_uneven(&t, 1);
	}
	sp_trace_free(t);
	return status;
}
