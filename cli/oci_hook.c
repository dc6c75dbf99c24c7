/*
 * sandprint oci-hook: records a container where it runs.
 *
 * Podman and CRI-O start it (hooks.d, data/hooks.d/sandprint.json.in) for
 * a container with the annotation io.sandprint.record=PROFILE, at two
 * stages, with the container's state on stdin:
 *
 *  prestart (the runtime has made the container's first process, which
 *  waits for the runtime; nothing of the container has run): the hook
 *  starts a recorder in the background and returns once the recorder has
 *  hold of that process — a hook that does not return keeps the container
 *  from starting.  The recorder follows the container until its last
 *  process is gone, then writes the trace and the profile, with the
 *  runtime window of the runtime that ran it (the hook's parent) and of
 *  the container's noNewPrivileges;
 *
 *  poststop: waits (at most a minute, or io.sandprint.poststop-wait
 *  seconds) for that recorder to have written them, so that `podman run`
 *  returns with the profile in place.  Podman sets no bound of its own
 *  (a hook's "timeout" in hooks.d, when there is one).
 *
 * The recorder holds /run/sandprint/ID.lock while it runs; the poststop
 * hook waits for the lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/aggregate.h"
#include "analyzer/generate.h"
#include "cli/cli.h"
#include "core/array.h"
#include "core/keyset.h"
#include "core/text.h"
#include "output/file.h"
#include "output/oci_state.h"
#include "output/trace_json.h"
#include "tracer/proc.h"

#define ANN_RECORD "io.sandprint.record"
#define ANN_TRACE "io.sandprint.trace"
#define ANN_OPTIONS "io.sandprint.profile-options"
#define ANN_VIA "io.sandprint.via"
#define ANN_WAIT "io.sandprint.poststop-wait"
/* The pod a container is started in, as Podman (pod create, kube play)
 * and CRI-O name it to the runtime. */
#define ANN_POD "io.kubernetes.cri-o.SandboxID"
/* What marks a Kubernetes pod's container: the kubelet's label of every
 * pod, which CRI-O hands on as an annotation, and the two that CRI-O
 * sets on every container it creates (the pod's labels and annotations
 * as JSON).  Podman sets none, `kube play` included (its pods have
 * io.kubernetes.cri-o.SandboxID and ContainerType alone). */
static const char *const k8s_marks[] = {
	"io.kubernetes.pod.uid",
	"io.kubernetes.cri-o.Labels",
	"io.kubernetes.cri-o.Annotations",
};

/* The annotation that marks the state a Kubernetes pod's, or NULL. */
static const char *k8s_mark(const struct sp_oci_state *st)
{
	for (size_t i = 0; i < sizeof(k8s_marks) / sizeof(*k8s_marks); i++)
		if (sp_oci_state_annotation(st, k8s_marks[i]))
			return k8s_marks[i];
	return NULL;
}
#define READY_TIMEOUT_MS 10000
#define POSTSTOP_WAIT_S 60
#define POSTSTOP_WAIT_MAX 86400
#define STATE_WAIT_S 5

struct container {
	struct sp_oci_state *state;
	struct sp_oci_config *config;   /* NULL: the state names no bundle */
	const char *profile;
	char trace[PATH_MAX];
	char log[PATH_MAX];
	FILE *log_f;                    /* the log, open from prestart on */
	bool shared;                    /* another recorder into the same
					   files runs (log_open) */
	char lock_dir[PATH_MAX];
	char lock[PATH_MAX];
	/* The first process's executable now, before it execs the
	 * workload: the runtime's; its calls are the runtime's own. */
	char runtime_exe[PATH_MAX];
	char cgroup_dir[PATH_MAX];
	const char *cgroup;             /* cgroup_dir, or NULL: none */
	bool ptrace;                    /* io.sandprint.via=ptrace */
	unsigned wait_s;                /* how long poststop waits */
	char root[64];                  /* the container's root, held open:
					   /proc/self/fd/N (hold_root) */
	char *opt_words;                /* the annotation's options, split:
					   pc's -f and --root point into
					   them */
	struct sp_profile_cli pc;
	bool quiet;                     /* -q: errors only in the log */
	struct timespec started;        /* the recorder's start (coarse,
					   as files' times) */
};

/*
 * The recording engine: the in-kernel recorder on the container's cgroup
 * (record --cgroup: every process in it, none stopped or traced; the
 * first process is the main one, whose end is the container's), or on
 * the first process and what it starts (record -p --via bpf) where the
 * container has no cgroup of its own.  Where it cannot run (no BTF, an
 * old kernel), ptrace attached to the container's first process (record
 * -p: it follows every process that one starts).  Either says "ready" on
 * ready_fd when it records: ptrace once every thread of that process is
 * seized and asked to stop (tracer/attach.c), so that none makes a call
 * unseen from then on.
 *
 * engine_record runs in the recorder and returns when the container is
 * gone, with its trace.
 */
static int engine_record(const struct container *c, int ready_fd,
			 struct sp_trace **t)
{
	struct sp_record_cli rec = { .quiet = true, .ready_fd = ready_fd,
				     .cgroup = c->cgroup, .npids = 1,
				     .pids = { c->state->pid },
				     .via = c->cgroup ? SP_VIA_DEFAULT :
							SP_VIA_BPF };
	int status = SP_EXIT_ERROR;
	struct stat was, now;
	bool unsaid = fstat(ready_fd, &was) == 0;

	*t = NULL;
	if (!c->ptrace)
		status = sp_cli_record(&rec, t, NULL);
	if (*t || status != SP_EXIT_ERROR)
		return status;
	if (!c->quiet && !c->ptrace)
		sp_cli_error("oci-hook: recording with ptrace stops instead");
	/* The pipe, unless the in-kernel recorder said "ready" and closed
	 * it before it failed (its number may be another file's now). */
	unsaid = unsaid && fstat(ready_fd, &now) == 0 &&
	       now.st_dev == was.st_dev && now.st_ino == was.st_ino;
	rec = (struct sp_record_cli){ .quiet = true,
				      .ready_fd = unsaid ? ready_fd : -1,
				      .via = SP_VIA_PTRACE, .npids = 1 };
	rec.pids[0] = c->state->pid;
	return sp_cli_record(&rec, t, NULL);
}

/* Where the cgroup hierarchy of fstype ("cgroup2", or "cgroup" with the
 * controller among its options) is mounted here, into buf; false when
 * it is not. */
static bool cgroup_mount(const char *fstype, const char *controller,
			 char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024];
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f)) {
		char mnt[512], type[64], opts[512];
		const char *dash = strstr(line, " - ");

		if (!dash || sscanf(line, "%*s %*s %*s %*s %511s", mnt) != 1 ||
		    sscanf(dash + 3, "%63s %*s %511s", type, opts) != 2 ||
		    strcmp(type, fstype) != 0)
			continue;
		if (controller) {
			char *save = NULL, *o;

			for (o = strtok_r(opts, ",", &save); o && !found;
			     o = strtok_r(NULL, ",", &save))
				found = strcmp(o, controller) == 0;
		} else {
			found = true;
		}
		if (found)
			snprintf(buf, len, "%s", mnt);
	}
	if (f)
		fclose(f);
	return found;
}

/* The cgroup of process pid (0: this one) in the hierarchy that
 * /proc/PID/cgroup names ctl ("": cgroup v2; "pids"), into buf; false
 * when it has none there. */
static bool cgroup_of(pid_t pid, const char *ctl, char *buf, size_t len)
{
	char path[64], line[1024];
	bool found = false;
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/cgroup");
	f = fopen(path, "re");
	while (f && !found && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':'), *cg = c ? strchr(c + 1, ':') : NULL;

		if (!cg)
			continue;
		*cg++ = '\0';
		cg[strcspn(cg, "\n")] = '\0';
		found = strcmp(c + 1, ctl) == 0 &&
			snprintf(buf, len, "%s", cg) < (int)len;
	}
	if (f)
		fclose(f);
	return found;
}

/* The cgroup the container's first process is in, as a directory: its
 * cgroup v2 one when it has its own, else its v1 "pids" one (every
 * runtime makes one); false when it has neither.  Its own: not the root,
 * and not the hook's (the runtime's) nor above it, as with podman
 * --cgroups=disabled: the recorder, there too, would record the
 * runtime's neighbours and wait for itself to leave it. */
static bool container_cgroup(pid_t pid, char *buf, size_t len)
{
	static const char *const ctl[] = { "", "pids" };
	static const char *const fstype[] = { "cgroup2", "cgroup" };
	char cg[PATH_MAX], own[PATH_MAX], mnt[512];

	for (size_t i = 0; i < ARRAY_SIZE(ctl); i++) {
		size_t n;

		if (!cgroup_of(pid, ctl[i], cg, sizeof(cg)) ||
		    strcmp(cg, "/") == 0)
			continue;
		n = strlen(cg);
		if (cgroup_of(0, ctl[i], own, sizeof(own)) &&
		    strncmp(own, cg, n) == 0 && (!own[n] || own[n] == '/'))
			continue;
		if (cgroup_mount(fstype[i], *ctl[i] ? ctl[i] : NULL, mnt,
				 sizeof(mnt)))
			return snprintf(buf, len, "%s%s", mnt, cg) < (int)len;
	}
	return false;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint oci-hook [-q] [--output-under DIR]...\n\n"
		"An OCI hook (prestart and poststop) that Podman and CRI-O "
		"run for a\ncontainer with the annotation "
		ANN_RECORD "=PROFILE: it records the\ncontainer from its "
		"first process until its last one is gone, then writes\n"
		"its trace and its profile.  The container's state comes on "
		"stdin.\n\n"
		"Annotations:\n"
		"  " ANN_RECORD "=PROFILE   where the profile goes (an "
		"absolute path)\n"
		"  " ANN_TRACE "=TRACE      where the trace goes (default: "
		"PROFILE with\n"
		"                                .trace.json for .json)\n"
		"  " ANN_VIA "=bpf|ptrace   how: the in-kernel recorder on "
		"the container's\n"
		"                                cgroup (the default; ptrace "
		"where it cannot\n"
		"                                run), or ptrace attached to its "
		"first process\n"
		"  " ANN_WAIT "=SECONDS\n"
		"                                how long poststop waits for "
		"the recorder\n"
		"                                (default: %d)\n"
		"  " ANN_OPTIONS "=OPTIONS\n"
		"                                'sandprint profile' options "
		"(-f, --args,\n"
		"                                --default-action, --runtime, "
		"...); the\n"
		"                                default runtime window is "
		"that of the\n"
		"                                runtime that runs the "
		"container, with its\n"
		"                                noNewPrivileges\n\n"
		"  --output-under DIR\n"
		"               every output (profile, trace, log) beneath "
		"DIR, without\n"
		"               a link or \"..\" (repeatable: beneath one "
		"of them); else\n"
		"               anywhere the annotations say\n"
		"  -q, --quiet  nothing but errors in the recorder's log\n"
		"  -h, --help   show this help\n", POSTSTOP_WAIT_S);
}

/* The runtime that runs the hook, from its executable's name, or its
 * command name: crun's /proc/PID/exe can read "/" by then. */
static unsigned parent_runtime(void)
{
	static const char *const files[] = { "exe", "comm" };
	char path[64], name[PATH_MAX];

	for (size_t i = 0; i < 2; i++) {
		const char *base;
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/%s", getppid(),
			 files[i]);
		if (i == 0) {
			n = readlink(path, name, sizeof(name) - 1);
		} else {
			int fd = open(path, O_RDONLY | O_CLOEXEC);

			n = fd < 0 ? -1 : read(fd, name, sizeof(name) - 1);
			if (fd >= 0)
				close(fd);
		}
		if (n <= 0)
			continue;
		name[n] = '\0';
		name[strcspn(name, "\n")] = '\0';
		base = strrchr(name, '/');
		base = base ? base + 1 : name;
		if (strstr(base, "crun"))
			return SP_RUNTIME_CRUN;
		if (strstr(base, "runc"))
			return SP_RUNTIME_RUNC;
	}
	return SP_RUNTIME_CRUN | SP_RUNTIME_RUNC;
}

/* The profile options of the annotation, split at blanks, parsed as
 * `sandprint profile` parses its own.  0 or -1 (printed). */
static int parse_options(struct container *c, const char *text)
{
	static const struct option longopts[] = {
		SP_PROFILE_CLI_LONGOPTS,
		{ 0 },
	};
	char *copy = strdup(text ? text : ""), *save = NULL, *w;
	char *argv[64] = { "oci-hook" };
	bool runtime = false, nnp = false;
	int argc = 1, opt, rc = 0;

	if (!copy)
		return -1;
	for (w = strtok_r(copy, " \t\n", &save); w;
	     w = strtok_r(NULL, " \t\n", &save)) {
		if (argc == 63) {
			sp_cli_error(ANN_OPTIONS ": too many words");
			free(copy);
			return -1;
		}
		argv[argc++] = w;
	}
	optind = 1;
	/* Our words, not getopt's (which lack "sandprint: "). */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:", longopts, NULL)) != -1) {
		int r = opt == ':' ? 0 : sp_profile_cli_option(&c->pc, opt,
							      optarg);

		if (r <= 0) {
			if (r == 0)
				sp_cli_error(ANN_OPTIONS ": %s: %s",
					     argv[optind - 1],
					     opt == ':' ? "needs an argument" :
							  "not a profile option");
			rc = -1;
			break;
		}
		runtime |= opt == SP_OPT_RUNTIME;
		nnp |= opt == SP_OPT_NNP;
	}
	if (!rc && optind < argc) {
		sp_cli_error(ANN_OPTIONS ": %s: not an option", argv[optind]);
		rc = -1;
	}
	/* Relative to the hook's directory, the runtime's (crun: the
	 * bundle's), which is no directory the annotation's writer knows. */
	if (!rc && c->pc.root && c->pc.root[0] != '/') {
		sp_cli_error(ANN_OPTIONS ": --root %s: not an absolute path",
			     c->pc.root);
		rc = -1;
	}
	if (!runtime)
		c->pc.gen.runtimes = parent_runtime();
	if (!nnp && c->config)
		c->pc.gen.no_new_privs = c->config->no_new_privs;
	/* The recorder reads -f's and --root's words when it writes. */
	c->opt_words = copy;
	return rc;
}

/* The directories --output-under names, as "A, B" (NULL: none).  The
 * hook writes as root where the annotations say, and whoever may set
 * them (anyone who may create a pod, under CRI-O) would choose what root
 * writes: the node's administrator says where outputs may go. */
static char *output_under;

/* Whether path (what: the annotation it comes from) is refused by
 * --output-under (printed). */
static bool confined_refused(const char *what, const char *path)
{
	const char *why = sp_file_confined_why(path);

	if (!why)
		return false;
	sp_cli_error("oci-hook: %s: %s (%s; the hook's --output-under: %s)",
		     path, why, what, output_under);
	return true;
}

/* Opens the log for the recorder to write on, its messages from now on
 * in it too: under crun a hook's stderr is /dev/null (unless the
 * annotation run.oci.hooks.stderr names a file), so that why a container
 * did not start would be nowhere.  Then checks, before the container
 * runs for nothing, that the trace and the profile can be written there.
 * 0 or SP_EXIT_ERROR (printed). */
static int log_open(struct container *c)
{
	struct flock first = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			       .l_len = 1 };
	int fd = sp_file_open(c->log, O_RDWR | O_CREAT | O_APPEND, 0644);

	/* This start's log, begun anew, unless the recorder of another
	 * container recorded into the same files writes in it now (a pod's:
	 * what it said so far, why it records with ptrace, would be lost).
	 * Each holds a read lock on its first byte while it runs (an open
	 * file description's, which the recorder inherits: not flock's, on
	 * which they take turns to write). */
	if (fd >= 0) {
		c->shared = fcntl(fd, F_OFD_SETLK, &first) &&
			    (errno == EAGAIN || errno == EACCES);
		if (!c->shared && ftruncate(fd, 0)) {
			/* A FIFO, a device: nothing to begin anew. */
		}
		first.l_type = F_RDLCK;
		fcntl(fd, F_OFD_SETLK, &first);
	} else if (fd == -EACCES) {
		/* Ours to write, not to read: as before, unlocked. */
		fd = sp_file_open(c->log, O_WRONLY | O_CREAT | O_TRUNC |
					  O_APPEND, 0644);
	}
	if (fd < 0)
		errno = -fd;
	c->log_f = fd < 0 ? NULL : fdopen(fd, "a");
	if (!c->log_f) {
		sp_cli_error("oci-hook: %s: %s (the recorder's log)", c->log,
			     strerror(errno));
		if (fd >= 0)
			close(fd);
		return SP_EXIT_ERROR;
	}
	sp_cli_mirror(c->log_f);
	if (confined_refused(sp_oci_state_annotation(c->state, ANN_TRACE) ?
			     ANN_TRACE : "the trace, " ANN_RECORD " with "
			     ".trace.json", c->trace))
		return SP_EXIT_ERROR;
	/* However spelt (a "//", a link): the profile written over the
	 * trace, or the log begun anew over it at the next start, and the
	 * container's earlier starts lost with it. */
	if (strcmp(c->trace, c->profile) == 0 ||
	    sp_file_same_output(c->trace, c->profile)) {
		sp_cli_error("oci-hook: " ANN_TRACE "=%s: the profile's path "
			     "too", c->trace);
		return SP_EXIT_ERROR;
	}
	if (sp_file_same_output(c->trace, c->log)) {
		sp_cli_error("oci-hook: " ANN_TRACE "=%s: the log's path too "
			     "(%s)", c->trace, c->log);
		return SP_EXIT_ERROR;
	}
	if (sp_cli_output_ok(c->profile, NULL, 0) ||
	    sp_cli_output_ok(c->trace, NULL, 0))
		return SP_EXIT_ERROR;
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Milliseconds since t0 (CLOCK_MONOTONIC). */
static int ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int)((now.tv_sec - t0->tv_sec) * 1000 +
		     (now.tv_nsec - t0->tv_nsec) / 1000000);
}

/* The state, the whole of stdin, into *buf (caller frees), *len: a
 * runtime writes it and closes; a hook still waiting for its end would
 * keep the container from starting for ever.  0 or -1 (printed). */
static int read_state(char **buf, size_t *len)
{
	struct sp_diag d = { 0 };
	struct timespec t0;
	size_t cap = 4096;
	char *b = malloc(cap), *more;

	*len = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (b) {
		struct pollfd pf = { STDIN_FILENO, POLLIN, 0 };
		int left = STATE_WAIT_S * 1000 - ms_since(&t0), r;
		ssize_t k;

		r = left > 0 ? poll(&pf, 1, left) : 0;
		if (r == 0) {
			sp_cli_error("oci-hook: stdin: the state did not end "
				     "within %d s", STATE_WAIT_S);
			break;
		}
		k = r < 0 ? -1 : read(STDIN_FILENO, b + *len, cap - *len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			sp_cli_error("oci-hook: stdin: %s", strerror(errno));
			break;
		}
		if (k == 0) {
			*buf = b;
			return 0;
		}
		/* As every input: not text (/dev/zero) is refused at its
		 * first block, and a state larger than any file sandprint
		 * reads at its bound, not after 5 s of filling memory. */
		if (sp_file_text_check(NULL, b, *len, *len + (size_t)k, &d)) {
			snprintf(d.file, sizeof(d.file), "stdin");
			sp_cli_diag(&d);
			free(b);
			return -1;
		}
		*len += (size_t)k;
		if (*len >= SP_FILE_READ_MAX) {
			sp_cli_error("oci-hook: stdin: larger than %zu MiB: "
				     "not a container's state",
				     SP_FILE_READ_MAX >> 20);
			free(b);
			return -1;
		}
		if (*len == cap) {
			more = realloc(b, cap *= 2);
			if (!more)
				free(b);
			b = more;
		}
	}
	if (!b)
		sp_cli_error("oci-hook: stdin: %s", strerror(ENOMEM));
	free(b);
	return -1;
}

/* Where the recorders' locks are: /run/sandprint for root; for another
 * user (rootless Podman runs its hooks as the user, as 0 in its user
 * namespace) the user's runtime directory, or a directory of its own in
 * $TMPDIR, both named by the user's id outside the namespace: another
 * user's namespace has a 0 of its own. */
static void lock_dir(char *buf, size_t len)
{
	bool initial;
	unsigned euid = (unsigned)geteuid();
	unsigned uid = sp_proc_uid_outside(euid, &initial);
	char run[64];

	snprintf(run, sizeof(run), "/run/user/%u", uid);
	if (uid == 0 && initial)
		snprintf(buf, len, "/run/sandprint");
	else if (access(run, W_OK) == 0)
		snprintf(buf, len, "%s/sandprint", run);
	else
		snprintf(buf, len, "%s/sandprint-%u", sp_file_tmpdir(), uid);
}

/* How long poststop waits for the recorder: io.sandprint.poststop-wait
 * seconds (an image whose analysis takes longer on a slow machine), or
 * POSTSTOP_WAIT_S.  Checked at prestart too (the reason in the log), so
 * that a bad value keeps the container from starting rather than going
 * unsaid at its end.
 * 0 or -1 (printed). */
static int poststop_wait(struct container *c)
{
	const char *w = sp_oci_state_annotation(c->state, ANN_WAIT);
	unsigned long v;
	char *end;

	c->wait_s = POSTSTOP_WAIT_S;
	if (!w)
		return 0;
	errno = 0;
	v = strtoul(w, &end, 10);
	if (*w < '0' || *w > '9' || *end || errno || v < 1 ||
	    v > POSTSTOP_WAIT_MAX) {
		sp_cli_error("oci-hook: " ANN_WAIT "=%s: expected seconds, "
			     "1 to %d", w, POSTSTOP_WAIT_MAX);
		return -1;
	}
	c->wait_s = (unsigned)v;
	return 0;
}

/* The trace's path (io.sandprint.trace, or PROFILE with .trace.json for
 * .json) and the log's, into c->trace and c->log: PROFILE.log, or
 * TRACE.log where PROFILE is a device or a FIFO, written through
 * (/dev/null for a trace alone): a file beside it would be one in /dev,
 * and the log of every container recorded so, whatever its trace.  0,
 * or -1 with *why the annotation whose path is too long. */
static bool written_through(const char *path, struct stat *st)
{
	return !stat(path, st) && !S_ISREG(st->st_mode) &&
	       !S_ISDIR(st->st_mode);
}

static int paths(struct container *c, const char **why)
{
	const char *trace = sp_oci_state_annotation(c->state, ANN_TRACE);
	size_t n = strlen(c->profile);
	struct stat st;
	bool by_trace;
	int k;

	if (trace)
		k = snprintf(c->trace, sizeof(c->trace), "%s", trace);
	else if (n > 5 && strcmp(c->profile + n - 5, ".json") == 0)
		k = snprintf(c->trace, sizeof(c->trace), "%.*s.trace.json",
			     (int)(n - 5), c->profile);
	else
		k = snprintf(c->trace, sizeof(c->trace), "%s.trace.json",
			     c->profile);
	*why = trace ? ANN_TRACE : ANN_RECORD;
	if (k >= (int)sizeof(c->trace))
		return -1;
	by_trace = written_through(c->profile, &st);
	*why = by_trace ? *why : ANN_RECORD;
	return snprintf(c->log, sizeof(c->log), "%s.log",
			by_trace ? c->trace : c->profile) >=
	       (int)sizeof(c->log) ? -1 : 0;
}

/* Reads the state and what goes with it.  0 or SP_EXIT_ERROR (printed). */
static int container_load(struct container *c)
{
	struct sp_diag d = { 0 };
	char path[PATH_MAX];
	const char *trace, *via, *why;
	struct stat st;
	char *buf;
	size_t n;
	int rc = read_state(&buf, &n);

	if (!rc) {
		rc = sp_oci_state_read(buf, n, "stdin", &c->state, &d);
		free(buf);
		if (rc)
			sp_cli_diag(&d);
	}
	if (rc)
		return SP_EXIT_ERROR;
	lock_dir(c->lock_dir, sizeof(c->lock_dir));
	if (strchr(c->state->id, '/') || !c->state->id[0] ||
	    snprintf(c->lock, sizeof(c->lock), "%s/%s.lock", c->lock_dir,
		     c->state->id) >= (int)sizeof(c->lock)) {
		sp_cli_error("oci-hook: container id \"%s\": not a file name",
			     c->state->id);
		return SP_EXIT_ERROR;
	}
	c->profile = sp_oci_state_annotation(c->state, ANN_RECORD);
	if (!c->profile)
		return 0;
	if (strcmp(c->state->status, "stopped") == 0) {
		/* (The log where prestart opened it, to say there that
		 * poststop stops waiting.) */
		if (c->profile[0] != '/' || paths(c, &why))
			c->log[0] = '\0';
		return poststop_wait(c) ? SP_EXIT_ERROR : 0;
	}
	if (c->profile[0] != '/') {
		sp_cli_error("oci-hook: " ANN_RECORD "=%s: not an absolute "
			     "path", c->profile);
		return SP_EXIT_ERROR;
	}
	trace = sp_oci_state_annotation(c->state, ANN_TRACE);
	if (trace && trace[0] != '/') {
		sp_cli_error("oci-hook: " ANN_TRACE "=%s: not an absolute "
			     "path", trace);
		return SP_EXIT_ERROR;
	}
	/* A Kubernetes pod's annotations are its author's: CRI-O hands
	 * them on, and whoever may create a pod would choose what root
	 * writes on the node.  Only where the administrator confined the
	 * outputs (the entry's args). */
	if (!output_under && (why = k8s_mark(c->state))) {
		sp_cli_error("oci-hook: " ANN_RECORD "=%s: a Kubernetes pod's "
			     "annotation (%s is set), which its author chose; "
			     "the hooks.d entry must confine the outputs "
			     "(--output-under DIR in its args; "
			     "sandprint-oci-hook(1), SECURITY)", c->profile,
			     why);
		return SP_EXIT_ERROR;
	}
	/* A device's trace and log beside it would be files in /dev. */
	if (!trace && written_through(c->profile, &st) &&
	    (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
		sp_cli_error("oci-hook: " ANN_RECORD "=%s: a device; name the "
			     "trace with " ANN_TRACE " (its log is TRACE.log)",
			     c->profile);
		return SP_EXIT_ERROR;
	}
	if (paths(c, &why)) {
		sp_cli_error("oci-hook: %s: %s", why, strerror(ENAMETOOLONG));
		return SP_EXIT_ERROR;
	}
	/* Where the log cannot go, the refusal is said on stderr alone;
	 * the trace's is in the log too (log_open). */
	if (confined_refused(ANN_RECORD, c->profile) ||
	    confined_refused("the log, " ANN_RECORD " with .log", c->log) ||
	    log_open(c) || poststop_wait(c))
		return SP_EXIT_ERROR;
	if (c->state->pid <= 0) {
		sp_cli_error("oci-hook: the state has no pid: run it at "
			     "prestart (or createRuntime)");
		return SP_EXIT_ERROR;
	}
	if (c->state->bundle) {
		snprintf(path, sizeof(path), "%s/config.json",
			 c->state->bundle);
		if (sp_oci_config_read(path, &c->config, &d)) {
			sp_cli_diag(&d);
			return SP_EXIT_ERROR;
		}
	}
	sp_profile_cli_init(&c->pc);
	if (parse_options(c, sp_oci_state_annotation(c->state, ANN_OPTIONS)))
		return SP_EXIT_ERROR;
	snprintf(path, sizeof(path), "/proc/%d/exe", c->state->pid);
	n = 0;
	if (readlink(path, c->runtime_exe, sizeof(c->runtime_exe) - 1) > 0)
		n = strlen(c->runtime_exe);
	if (!n) {
		sp_cli_error("oci-hook: pid %d: %s", c->state->pid,
			     strerror(errno));
		return SP_EXIT_ERROR;
	}
	via = sp_oci_state_annotation(c->state, ANN_VIA);
	if (via && strcmp(via, "bpf") != 0 && strcmp(via, "ptrace") != 0) {
		sp_cli_error("oci-hook: " ANN_VIA "=%s: expected bpf or "
			     "ptrace", via);
		return SP_EXIT_ERROR;
	}
	c->ptrace = via && strcmp(via, "ptrace") == 0;
	if (!c->ptrace && container_cgroup(c->state->pid, c->cgroup_dir,
					   sizeof(c->cgroup_dir)))
		c->cgroup = c->cgroup_dir;
	return 0;
}

/* Moves another trace's list of names (exes or objects) into t's, with its index:
 * the names t no longer uses gone (a trace that named crun's libraries
 * among the container's objects), the rest renumbered in order. */
static void take_names(char ***list, size_t *n, size_t *cap,
		       struct sp_hashidx *at, char ***slist, size_t *sn,
		       size_t *scap, struct sp_hashidx *sat)
{
	for (size_t i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	sp_hashidx_clear(at);
	*list = *slist;
	*n = *sn;
	*cap = *scap;
	*at = *sat;
	*slist = NULL;
	*sn = *scap = 0;
	*sat = (struct sp_hashidx){ 0 };
}

/* Keeps the container's own calls: those of the runtime's executable,
 * before the first process execs the workload (its setup, and the
 * runtime window that runtime.def stands for), are left out, and its
 * process images with what they mapped and their names: its code is not
 * the container's (the static analysis would read the runtime's
 * libraries).  0, or -ENOMEM with t as it was. */
static int drop_runtime(struct sp_trace *t, const char *runtime_exe)
{
	struct sp_trace *kept = sp_trace_new();   /* the names kept */
	uint32_t *exe_to = calloc(t->nexes + 1, sizeof(*exe_to));
	uint32_t *obj_to = calloc(t->nobjects + 1, sizeof(*obj_to));
	uint32_t *proc_to = calloc(t->nprocs + 1, sizeof(*proc_to));
	struct sp_mapping *maps = t->maps;
	size_t k, nmaps = t->nmaps, nprocs = t->nprocs;
	size_t nobjects = t->nobjects;
	int rc = -ENOMEM;

	if (!kept || !exe_to || !obj_to || !proc_to)
		goto out;
	/* Marked used (1), then numbered anew: nothing of t changes
	 * before every name has its place. */
	for (size_t i = 0; i < t->npatterns; i++)
		if (t->patterns[i].exe < t->nexes)
			exe_to[t->patterns[i].exe] = 1;
	for (size_t i = 0; i < t->nprocs; i++)
		if (t->procs[i].exe < t->nexes)
			exe_to[t->procs[i].exe] = 1;
	for (size_t i = 0; i < t->nexes; i++)
		if (strcmp(t->exes[i], runtime_exe) == 0)
			exe_to[i] = 0;
	for (size_t i = 0; i < t->nprocs; i++)
		proc_to[i] = t->procs[i].exe < t->nexes &&
			     !exe_to[t->procs[i].exe] ? UINT32_MAX : 0;
	for (size_t i = 0; i < nmaps; i++)
		if (maps[i].proc < nprocs && maps[i].object < nobjects &&
		    proc_to[maps[i].proc] != UINT32_MAX)
			obj_to[maps[i].object] = 1;
	for (size_t i = 0; i < t->nexes; i++) {
		int n = exe_to[i] ? sp_trace_intern_exe(kept, t->exes[i]) : 0;

		if (n < 0)
			goto out;
		exe_to[i] = exe_to[i] ? (uint32_t)n : UINT32_MAX;
	}
	for (size_t i = 0; i < t->nobjects; i++) {
		int n = obj_to[i] ? sp_trace_intern_object(kept,
							   t->objects[i]) : 0;

		if (n < 0)
			goto out;
		obj_to[i] = obj_to[i] ? (uint32_t)n : UINT32_MAX;
	}
	rc = 0;
	t->ncalls = 0;
	k = 0;
	for (size_t i = 0; i < t->npatterns; i++) {
		struct sp_pattern p = t->patterns[i];

		if (p.exe < t->nexes && exe_to[p.exe] == UINT32_MAX)
			continue;
		if (p.exe < t->nexes)
			p.exe = exe_to[p.exe];
		t->ncalls += p.count;
		t->patterns[k++] = p;
	}
	t->npatterns = k;
	k = 0;
	for (size_t i = 0; i < t->nprocs; i++) {
		struct sp_process p = t->procs[i];

		if (proc_to[i] == UINT32_MAX)
			continue;
		proc_to[i] = (uint32_t)k;
		if (p.exe < t->nexes)
			p.exe = exe_to[p.exe];
		t->procs[k++] = p;
	}
	t->nprocs = k;
	take_names(&t->exes, &t->nexes, &t->exes_cap, &t->exes_at,
		   &kept->exes, &kept->nexes, &kept->exes_cap, &kept->exes_at);
	take_names(&t->objects, &t->nobjects, &t->objects_cap,
		   &t->objects_at, &kept->objects, &kept->nobjects,
		   &kept->objects_cap, &kept->objects_at);
	/* The maps again, their images and objects renumbered. */
	t->maps = NULL;
	t->nmaps = t->maps_cap = 0;
	sp_keyset_clear(&t->mapped);
	for (size_t i = 0; i < nmaps && !rc; i++)
		if (maps[i].proc < nprocs && maps[i].object < nobjects &&
		    proc_to[maps[i].proc] != UINT32_MAX &&
		    obj_to[maps[i].object] != UINT32_MAX)
			rc = sp_trace_add_mapping(t, proc_to[maps[i].proc],
						  obj_to[maps[i].object]);
	free(maps);
out:
	sp_trace_free(kept);
	free(exe_to);
	free(obj_to);
	free(proc_to);
	return rc;
}

/* Whether path names a regular file (through its links): an earlier
 * trace or profile to read back.  A FIFO there would hold the recorder
 * in its open for ever (and the container's start, at prestart); a
 * device (/dev/null) holds no recording. */
static bool regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The pod the container is started in (ANN_POD), or NULL. */
static const char *pod_of(const struct container *c)
{
	const char *pod = sp_oci_state_annotation(c->state, ANN_POD);

	return pod && pod[0] ? pod : NULL;
}

/* Whether trace t was recorded in this container's pod. */
static bool same_pod(const struct container *c, const struct sp_trace *t)
{
	return pod_of(c) && t->pod && !strcmp(pod_of(c), t->pod);
}

/* A container that starts again (podman restart, a restart policy) adds
 * its run to the trace of its earlier starts when TRACE names this
 * container: the profile then covers every start.  So does a container
 * recorded at the same time as another into the same files (one
 * annotation for a pod's containers: `podman kube play` gives each
 * container the pod's), when the other's recorder wrote TRACE after this
 * one started: the trace then names both, and the profile is the pod's,
 * as a pod's seccomp profile in Kubernetes is every container's (the
 * last writer replaced the other's recording).  And so does one started
 * in the pod TRACE was recorded in, whenever: a pod's init containers
 * end before the others start, a one-shot member before the next is
 * run, and the pod's profile is theirs too.  A trace of a container
 * recorded before in no pod or another, or one that cannot be read or
 * added to, is replaced.
 * The trace to write (t, or the earlier one with t added).  *pod: the
 * trace names other containers than this one; t is then still the
 * caller's.  *again: the earlier trace named this one (its earlier
 * starts are in it). */
static struct sp_trace *with_earlier_starts(const struct container *c,
					    struct sp_trace *t, bool *pod,
					    bool *again)
{
	struct sp_diag d = { 0 };
	struct sp_trace *old = NULL;
	struct sp_aggregate agg;
	const char *first;
	struct stat st;
	bool same, meanwhile, podmate;
	int rc;

	*pod = *again = false;
	if (stat(c->trace, &st) || !S_ISREG(st.st_mode) ||
	    sp_trace_read_json(c->trace, &old, &d))
		return t;
	same = sp_trace_has_container(old, c->state->id);
	meanwhile = st.st_mtim.tv_sec > c->started.tv_sec ||
		    (st.st_mtim.tv_sec == c->started.tv_sec &&
		     st.st_mtim.tv_nsec >= c->started.tv_nsec);
	podmate = same_pod(c, old);
	if ((!same && !meanwhile && !podmate) ||
	    sp_aggregate_init(&agg, old)) {
		sp_trace_free(old);
		return t;
	}
	first = old->containers ? old->containers[0] : "(none named)";
	rc = sp_aggregate_add_run(&agg, t);
	sp_aggregate_fini(&agg);
	if (!rc)
		rc = sp_trace_add_container(old, c->state->id);
	if (rc) {
		sp_trace_free(old);
		return t;
	}
	sp_trace_sort(old);
	/* Containers of other pods (or none) recorded at the same time:
	 * the trace is no one pod's. */
	if (!podmate) {
		free(old->pod);
		old->pod = NULL;
	}
	if (!c->quiet && same)
		sp_cli_error("container %s started again: its recording is "
			     "run %" PRIu32 " of %s", c->state->id, old->runs,
			     c->trace);
	else if (!c->quiet && !meanwhile)
		sp_cli_error("container %s: started in pod %s, where container "
			     "%s was recorded into %s: its recording is run %"
			     PRIu32 " of it", c->state->id, old->pod, first,
			     c->trace, old->runs);
	else if (!c->quiet)
		sp_cli_error("container %s: recorded at the same time as "
			     "container %s into %s: its recording is run %"
			     PRIu32 " of it", c->state->id, first, c->trace,
			     old->runs);
	*pod = old->containers[1] != NULL;
	*again = same;
	if (!*pod)
		sp_trace_free(t);
	return old;
}

/* Whether TRACE names this container and others, or was recorded in its
 * pod: a pod's, whose PROFILE stays while this container records
 * (pod_profile adds to it; the others' starts meanwhile read it). */
static bool pod_trace(const struct container *c)
{
	struct sp_diag d = { 0 };
	struct sp_trace *old = NULL;
	bool pod;

	if (!regular(c->trace) || sp_trace_read_json(c->trace, &old, &d))
		return false;
	pod = (sp_trace_has_container(old, c->state->id) &&
	       old->containers[1]) || same_pod(c, old);
	sp_trace_free(old);
	return pod;
}

/* The ids of ids but skip (NULL: none), as "A, B", in a new string
 * (NULL: no memory). */
static char *ids_but(char **ids, const char *skip)
{
	size_t len = 1;
	char *s;

	for (char **id = ids; *id; id++)
		len += strlen(*id) + 2;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (char **id = ids; *id; id++)
		if (!skip || strcmp(*id, skip)) {
			if (s[0])
				strcat(s, ", ");
			strcat(s, *id);
		}
	return s;
}

/* The profile of all, the trace of a pod's containers (with_earlier_starts),
 * t being this container's run.  Their files are at the same paths, each
 * under its own root (a pod's containers of different images: two
 * /bin/sh, one busybox, one dash): the static analysis of all under this
 * container's root would read the others' executables here, as other
 * files or none.  So the profile is the union of t's own, read under
 * this root, and PROFILE as the others' recorders left it, each run read
 * under its own root (written since this one started, or kept while it
 * recorded: pod_trace).  Where PROFILE cannot be read back (a format
 * other than json, not there), all's profile is written as before, and
 * the log says that the others' files were read under this root.  The
 * rules' comments name the containers PROFILE is of: the others, and
 * this one too where it started before (again).  0 or SP_EXIT_ERROR. */
static int pod_profile(struct container *c, struct sp_trace *t,
		       struct sp_trace *all, bool again)
{
	const char *labels[2] = { NULL, c->state->id };
	const char *why = NULL;
	struct sp_profile *theirs = NULL;
	char *others, *before;
	int rc = SP_EXIT_ERROR;

	if (!c->pc.static_on && !c->pc.langs_auto)
		return sp_profile_cli_emit(&c->pc, &all, 1, c->profile,
					   c->quiet);
	others = ids_but(all->containers, c->state->id);
	before = ids_but(all->containers, again ? NULL : c->state->id);
	if (!others || !before) {
		sp_cli_error("oci-hook: %s", strerror(ENOMEM));
		goto out;
	}
	labels[0] = before;
	if (strcmp(c->pc.format, "json"))
		why = "its format cannot be read back";
	else if (access(c->profile, F_OK))
		why = strerror(errno);
	else if (!regular(c->profile))
		why = "not a regular file";
	else if (sp_cli_read_profile(c->profile, &theirs))
		why = "it cannot be read (above)";
	if (why) {
		if (!c->quiet)
			sp_cli_error("container %s: the profile %s of "
				     "containers %s: %s; the static analysis "
				     "read their files under this one's root, "
				     "where they may be other files or none",
				     c->state->id, c->profile, others, why);
		rc = sp_profile_cli_emit(&c->pc, &all, 1, c->profile,
					 c->quiet);
		goto out;
	}
	rc = sp_profile_cli_emit_also(&c->pc, &t, 1, theirs, labels,
				      c->profile, c->quiet);
	sp_profile_free(theirs);
out:
	free(others);
	free(before);
	return rc;
}

/* The container's files as its processes see them, for the static
 * analysis and the language runtimes (the host's files at the same paths
 * are other files, or none): its root file system in its own mount
 * namespace, where the runtime has mounted what it binds by now
 * (prestart and createRuntime come before pivot_root), held open with
 * the namespace itself (a namespace whose last process is gone takes its
 * mounts with it) until the profile is written.  When it cannot be, both
 * are left out, as said in the log.  An annotation's --root is taken as
 * given. */
static void hold_root(struct container *c)
{
	const char *r = c->config ? c->config->root : NULL;
	char path[2 * PATH_MAX + 32];
	int ns = -1, fd = -1, n;

	if (c->pc.root || (!c->pc.static_on && !c->pc.langs_auto))
		return;
	if (r && r[0] == '/')
		n = snprintf(path, sizeof(path), "/proc/%d/root%s",
			     c->state->pid, r);
	else if (r && c->state->bundle)
		n = snprintf(path, sizeof(path), "/proc/%d/root%s/%s",
			     c->state->pid, c->state->bundle, r);
	else
		n = -1;
	if (n > 0 && (size_t)n < sizeof(path)) {
		snprintf(c->root, sizeof(c->root), "/proc/%d/ns/mnt",
			 c->state->pid);
		ns = open(c->root, O_RDONLY | O_CLOEXEC);
		fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (ns < 0 || fd < 0) {
		if (!c->quiet)
			sp_cli_error("oci-hook: the container's root file "
				     "system cannot be read (%s: %s): its "
				     "profile has no static analysis and no "
				     "language runtimes",
				     r ? r : "the bundle names none",
				     r ? strerror(errno) : "root.path");
		if (ns >= 0)
			close(ns);
		if (fd >= 0)
			close(fd);
		c->pc.static_on = false;
		c->pc.langs_auto = false;
		return;
	}
	/* ns stays open until the recorder exits. */
	snprintf(c->root, sizeof(c->root), "/proc/self/fd/%d", fd);
	c->pc.root = c->root;
	c->pc.root_found = true;
}

/* The turn of the recorders into the same files (their log, stderr here,
 * is the same file for them all), from reading the trace to writing the
 * profile: an exclusive lock on a file in the recorders' lock directory
 * named by the log's device and inode, never a lock on the log itself,
 * which the outputs' owner may open too (flock -s on it held the recorder
 * for ever, a process of root's per container left waiting).  The lock
 * file is removed at the end of the turn (take_turn checks, once locked,
 * that it is still the one there).  Its descriptor (with *path its name),
 * or -1: taken without a turn (said in the log). */
static int take_turn(const struct container *c, char *path, size_t len)
{
	struct stat log, a, b;
	int fd;

	if (fstat(STDERR_FILENO, &log))
		goto fail;
	snprintf(path, len, "%s/log-%llx-%llx.lock", c->lock_dir,
		 (unsigned long long)log.st_dev,
		 (unsigned long long)log.st_ino);
	for (;;) {
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
			  0600);
		if (fd < 0)
			goto fail;
		if (flock(fd, LOCK_EX) || fstat(fd, &a)) {
			close(fd);
			goto fail;
		}
		if (!stat(path, &b) && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			return fd;
		/* Removed by the turn before this one. */
		close(fd);
	}
fail:
	sp_cli_error("oci-hook: %s: %s (the recorders' turn)", path,
		     strerror(errno));
	return -1;
}

static void end_turn(int fd, const char *path)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}

/* The recorder, in its own session, its output in the log: records, then
 * writes.  Never returns. */
static _Noreturn void recorder(struct container *c, int ready_fd)
{
	struct sp_trace *t = NULL;
	bool written = false;
	int lock, log, null, rc, turn;
	char turn_path[PATH_MAX + 64];
	struct stat st;

	/* The log is stderr now: no mirror. */
	sp_cli_mirror(NULL);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	log = fileno(c->log_f);
	if (null < 0 || dup2(null, 0) < 0 || dup2(log, 1) < 0 ||
	    dup2(log, 2) < 0)
		_exit(SP_EXIT_ERROR);
	/* Nothing of the runtime's stays open here (a runtime that reads a
	 * hook's output waits for its end), only the pipe whose end tells
	 * the hook that this recorder is gone. */
	if (ready_fd > 3)
		close_range(3, (unsigned)ready_fd - 1, 0);
	close_range((unsigned)ready_fd + 1, ~0u, 0);
	/* Made here, or by a recorder before: one of a shared $TMPDIR made
	 * by someone else could be a link anywhere. */
	mkdir(c->lock_dir, 0700);
	if (lstat(c->lock_dir, &st) || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid()) {
		sp_cli_error("oci-hook: %s: not a directory of this user's",
			     c->lock_dir);
		_exit(SP_EXIT_ERROR);
	}
	lock = open(c->lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (lock < 0 || flock(lock, LOCK_EX)) {
		sp_cli_error("oci-hook: %s: %s", c->lock, strerror(errno));
		_exit(SP_EXIT_ERROR);
	}
	clock_gettime(CLOCK_REALTIME_COARSE, &c->started);
	/* A profile of an earlier start is not this one's: none is better
	 * than that one where poststop stops waiting before this one is
	 * written.  (The trace stays: a start of the same container adds
	 * to it.)  A pod's stays: it is the other containers' too, and so
	 * does one while another container's recorder into the same files
	 * runs (a pod's: its trace may name this one alone yet, and that
	 * recorder reads the profile back when it writes).  What
	 * is removed is the file the profile replaces: a PROFILE of
	 * /dev/null (a trace alone wanted) is written through, not
	 * removed, and a link stays a link. */
	if (!c->shared && !pod_trace(c) &&
	    (rc = sp_file_remove_replaced(c->profile)))
		sp_cli_error("oci-hook: %s: %s (an earlier profile)",
			     c->profile, strerror(-rc));
	hold_root(c);
	/* Its status is the container's (what went wrong is in the log). */
	engine_record(c, ready_fd, &t);
	if (t) {
		/* Out of memory: the runtime's images stay (their maps
		 * may be fewer), the recording is kept. */
		if (drop_runtime(t, c->runtime_exe))
			sp_cli_error("oci-hook: the runtime's process images "
				     "are left in: %s", strerror(ENOMEM));
	}
	if (t && !t->nprocs) {
		/* The runtime's calls alone: it could not run the command
		 * (not found, not executable), or was stopped first.  A
		 * trace of nothing would replace the trace of the
		 * container's earlier starts, or add an empty run to it,
		 * and a profile of nothing names none of the command's
		 * calls. */
		sp_cli_error("oci-hook: container %s: its command never ran "
			     "(the runtime's calls alone were seen): no trace "
			     "or profile written", c->state->id);
		sp_trace_free(t);
		t = NULL;
	}
	if (t) {
		struct sp_trace *own = t;
		bool pod, again;

		if (c->config && c->config->nargs)
			sp_trace_set_argv(t, c->config->args);
		sp_trace_add_container(t, c->state->id);
		if (pod_of(c))
			t->pod = strdup(pod_of(c));
		/* Its paths are the container's. */
		t->other_mount_ns = true;
		/* The recorders of containers with the same files take
		 * turns, from reading the trace to writing the profile. */
		turn = take_turn(c, turn_path, sizeof(turn_path));
		t = with_earlier_starts(c, t, &pod, &again);
		/* A trace that cannot go where it should is kept in $TMPDIR
		 * (named in the log); the profile is written all the same. */
		written = !sp_cli_write_trace(c->trace, t, true);
		if (pod ? pod_profile(c, own, t, again) :
			  sp_profile_cli_emit(&c->pc, &t, 1, c->profile,
					      c->quiet))
			written = false;
		else if (written && !c->quiet)
			sp_cli_error("container %s: %llu calls, %zu patterns: "
				     "trace %s, profile %s", c->state->id,
				     (unsigned long long)t->ncalls,
				     t->npatterns, c->trace, c->profile);
		end_turn(turn, turn_path);
		if (pod)
			sp_trace_free(own);
		sp_trace_free(t);
	}
	unlink(c->lock);
	_exit(written ? SP_EXIT_OK : SP_EXIT_ERROR);
}

/* prestart: start the recorder, return when it records. */
static int start(struct container *c)
{
	struct timespec t0;
	int p[2], st;
	pid_t child, daemon = 0;

	if (pipe2(p, O_CLOEXEC)) {
		sp_cli_error("oci-hook: %s", strerror(errno));
		return SP_EXIT_ERROR;
	}
	fflush(NULL);
	child = fork();
	if (child < 0) {
		sp_cli_error("oci-hook: %s", strerror(errno));
		return SP_EXIT_ERROR;
	}
	if (child == 0) {
		pid_t me;

		setsid();
		if (fork() != 0)
			_exit(0);
		me = getpid();
		close(p[0]);
		if (write(p[1], &me, sizeof(me)) != (ssize_t)sizeof(me))
			_exit(SP_EXIT_ERROR);
		/* The write end stays open in the recorder: its end is
		 * the recorder's end. */
		recorder(c, p[1]);
	}
	close(p[1]);
	waitpid(child, &st, 0);
	if (read(p[0], &daemon, sizeof(daemon)) != (ssize_t)sizeof(daemon)) {
		sp_cli_error("oci-hook: the recorder did not start");
		return SP_EXIT_ERROR;
	}
	/* The recorder says "ready" and closes; the end of the pipe alone
	 * is the recorder's end. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pf = { p[0], POLLIN, 0 };
		int left = READY_TIMEOUT_MS - ms_since(&t0), r;
		char line[16];
		ssize_t k;

		r = poll(&pf, 1, left > 0 ? left : 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			kill(daemon, SIGKILL);
			sp_cli_error("oci-hook: the recorder did not attach "
				     "within %d s", READY_TIMEOUT_MS / 1000);
			return SP_EXIT_ERROR;
		}
		k = read(p[0], line, sizeof(line) - 1);
		if (k > 0 && strncmp(line, "ready", 5) == 0)
			return SP_EXIT_OK;
		sp_cli_error("oci-hook: the recorder stopped (see %s)", c->log);
		return SP_EXIT_ERROR;
	}
}

/* poststop: the recorder's lock, once free, means the files are there. */
static int wait_recorder(const struct container *c)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int fd = open(c->lock, O_RDONLY | O_CLOEXEC), rc = SP_EXIT_OK;

	if (fd < 0)
		return SP_EXIT_OK; /* done already, or never started */
	sigaction(SIGALRM, &sa, NULL);
	alarm(c->wait_s);
	if (flock(fd, LOCK_SH) && errno == EINTR) {
		FILE *f = NULL;

		/* In the log too: stderr may go nowhere (log_open). */
		int log = c->log[0] ? sp_file_open(c->log, O_WRONLY | O_CREAT |
						   O_APPEND, 0644) : -1;

		if (log >= 0 && !(f = fdopen(log, "a")))
			close(log);
		sp_cli_mirror(f);
		/* Podman shows no poststop hook's output, nor its status
		 * but in its own log: this log alone says it. */
		sp_cli_error("oci-hook: container %s: the recorder is still "
			     "running after %u s; not waiting longer (%s=SECONDS "
			     "waits longer): %s is written when it ends, and "
			     "this log then says so", c->state->id, c->wait_s,
			     ANN_WAIT, c->profile);
		sp_cli_mirror(NULL);
		if (f)
			fclose(f);
		rc = SP_EXIT_ERROR;
	}
	alarm(0);
	close(fd);
	return rc;
}

/* --output-under's directories: absolute, there, directories (the
 * hooks.d entry's words, the administrator's: a mistake there says so at
 * every container's start rather than letting it write anywhere).  0 or
 * SP_EXIT_ERROR (printed). */
static int output_dirs(char **dirs, size_t n)
{
	size_t len = 1;
	struct stat st;

	for (size_t i = 0; i < n; i++) {
		int e = stat(dirs[i], &st) ? errno :
			S_ISDIR(st.st_mode) ? 0 : ENOTDIR;

		if (dirs[i][0] != '/') {
			sp_cli_error("oci-hook: --output-under %s: not an "
				     "absolute path", dirs[i]);
			return SP_EXIT_ERROR;
		}
		if (e) {
			sp_cli_error("oci-hook: --output-under %s: %s", dirs[i],
				     strerror(e));
			return SP_EXIT_ERROR;
		}
		len += strlen(dirs[i]) + 2;
	}
	output_under = malloc(len);
	if (!output_under || sp_file_confine(dirs, n)) {
		sp_cli_error("oci-hook: %s", strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	output_under[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(output_under, ", ");
		strcat(output_under, dirs[i]);
	}
	return 0;
}

int sp_cmd_oci_hook(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "output-under", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct container c = { 0 };
	char *under[64];
	size_t nunder = 0;
	sigset_t none;
	int opt, stop, rc;

	/* A runtime runs its hooks with what it inherited or set for
	 * itself (crun: every signal blocked, SIGPIPE ignored); the hook and
	 * its recorder start afresh, or no timer or Ctrl-C reaches them. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	optind = 1;
	while ((opt = sp_cli_getopt(argc, argv, "qh", longopts, usage,
				    &stop))) {
		c.quiet |= opt == 'q';
		if (opt != 'u')
			continue;
		if (nunder == ARRAY_SIZE(under)) {
			sp_cli_error("oci-hook: --output-under: more than %zu",
				     ARRAY_SIZE(under));
			return SP_EXIT_ERROR;
		}
		under[nunder++] = optarg;
	}
	if (stop >= 0)
		return stop;
	if (optind < argc) {
		sp_cli_error("oci-hook: %s: no arguments (the state comes on "
			     "stdin)", argv[optind]);
		return SP_EXIT_ERROR;
	}
	rc = nunder ? output_dirs(under, nunder) : 0;
	if (rc)
		return rc;
	rc = container_load(&c);
	if (!rc && strcmp(c.state->status, "stopped") == 0)
		rc = wait_recorder(&c);
	else if (!rc && c.profile)
		rc = start(&c);
	/* In the log alone: on stderr the runtime says so itself. */
	if (rc && c.log_f) {
		fputs("sandprint: oci-hook: container ", c.log_f);
		sp_text_put(c.log_f, c.state->id);
		fputs(": not started\n", c.log_f);
	}
	sp_cli_mirror(NULL);
	if (c.log_f)
		fclose(c.log_f);
	sp_oci_state_free(c.state);
	sp_oci_config_free(c.config);
	free(c.opt_words);
	return rc;
}
