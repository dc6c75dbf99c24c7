#include "tracer/filters.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/lost_calls.h"
#include "tracer/proc.h"

void sp_live_filters_fini(struct sp_live_filters *f)
{
	for (size_t i = 0; i < f->n; i++)
		sp_bpf_fini(&f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* Waits for tid's first ptrace-stop after PTRACE_INTERRUPT; *sig is the
 * signal of a signal-delivery stop (to hand back on detach), else 0. */
static int wait_stop(pid_t tid, int *sig)
{
	int status;

	*sig = 0;
	for (;;) {
		if (waitpid(tid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return -ESRCH;
		if (!WIFSTOPPED(status))
			continue;
		/* PTRACE_EVENT_STOP (the interrupt or a group-stop) carries
		 * no signal of its own to re-inject. */
		if (status >> 16 == 0)
			*sig = WSTOPSIG(status);
		return 0;
	}
}

static int read_one(pid_t tid, unsigned long i, struct sp_bpf *out)
{
	long n = ptrace(PTRACE_SECCOMP_GET_FILTER, tid, (void *)i, NULL);

	if (n < 0)
		return -errno;
	if (n == 0 || n > BPF_MAXINSNS)
		return -EINVAL;
	out->insns = calloc((size_t)n, sizeof(*out->insns));
	if (!out->insns)
		return -ENOMEM;
	if (ptrace(PTRACE_SECCOMP_GET_FILTER, tid, (void *)i, out->insns) !=
	    n) {
		free(out->insns);
		out->insns = NULL;
		return errno ? -errno : -EIO;
	}
	out->len = (size_t)n;
	return 0;
}

/* Whether tid runs in strict mode (/proc's "Seccomp: 1"), where
 * PTRACE_SECCOMP_GET_FILTER finds no filter either. */
static bool strict_mode(pid_t tid)
{
	char path[64], line[128];
	bool strict = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "Seccomp:", 8) == 0) {
			strict = strtol(line + 8, NULL, 10) ==
				 SECCOMP_MODE_STRICT;
			break;
		}
	fclose(f);
	return strict;
}

/* Whether tid has exited (gone, or a zombie: a traced one stays one
 * until its tracer has waited for it). */
static bool exited(pid_t tid)
{
	char state;

	return sp_proc_stat(tid, &state, NULL, NULL) || state == 'Z' ||
	       state == 'X';
}

/* The seize or the stop of tid failed with rc: said as its exit when it
 * has exited meanwhile (a seize is refused EPERM then, an interrupt EIO
 * or ESRCH), else as what failed and why.  rc, or -ESRCH. */
static int not_stopped(pid_t tid, const char *name, const char *what,
		       const char *why, int rc, struct sp_diag *d)
{
	if (rc == -ESRCH || exited(tid)) {
		sp_diag_set(d, name, 0, 0, NULL,
			    "has exited (before it could be stopped)");
		return -ESRCH;
	}
	sp_diag_set(d, name, 0, 0, NULL, "%s: %s", what,
		    why ? why : strerror(-rc));
	return rc;
}

static int read_task(pid_t tid, struct sp_live_filters *out,
		     struct sp_diag *d)
{
	struct sp_live_filters f = { 0 };
	char name[32];
	int rc, sig = 0;

	snprintf(name, sizeof(name), "pid:%d", (int)tid);
	if (ptrace(PTRACE_SEIZE, tid, NULL, NULL)) {
		char why[256];

		rc = -errno;
		if (rc == -EPERM)
			sp_proc_why_no_ptrace(tid, why, sizeof(why));
		return not_stopped(tid, name, "cannot attach",
				   rc == -EPERM ? why : NULL, rc, d);
	}
	if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL)) {
		rc = not_stopped(tid, name, "cannot stop it", NULL, -errno,
				 d);
		goto out;
	}
	rc = wait_stop(tid, &sig);
	if (rc) {
		rc = not_stopped(tid, name, "cannot stop it", NULL, rc, d);
		goto out;
	}
	/* The stop woke it from a sleep that would end in EINTR. */
	rc = sp_call_unwake(tid, sig);
	if (rc && rc != -ESRCH)
		goto out;
	for (unsigned long i = 0;; i++) {
		struct sp_bpf *v = realloc(f.v, (i + 1) * sizeof(*v));

		if (!v) {
			rc = -ENOMEM;
			break;
		}
		f.v = v;
		errno = 0;
		rc = read_one(tid, i, &f.v[i]);
		/* ENOENT: past the last filter; EINVAL on the first: the
		 * task runs no filter, or strict mode, which has none and
		 * kills every call but four: no filter to judge by. */
		if (rc == -EINVAL && i == 0 && strict_mode(tid)) {
			sp_diag_set(d, name, 0, 0, NULL,
				    "runs in seccomp strict mode: every call "
				    "but read, write, _exit and sigreturn "
				    "kills it (no filter to judge by)");
			goto out;
		}
		if (rc == -ENOENT || (rc == -EINVAL && i == 0)) {
			rc = 0;
			break;
		}
		if (rc)
			break;
		f.n++;
	}
	if (rc)
		sp_diag_set(d, name, 0, 0, NULL,
			    "cannot read its seccomp filters: %s",
			    strerror(-rc));
out:
	ptrace(PTRACE_DETACH, tid, NULL, (void *)(long)sig);
	if (rc) {
		sp_live_filters_fini(&f);
		return rc;
	}
	*out = f;
	return 0;
}

static bool same_filters(const struct sp_live_filters *a,
			 const struct sp_live_filters *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].len != b->v[i].len ||
		    memcmp(a->v[i].insns, b->v[i].insns,
			   a->v[i].len * sizeof(*a->v[i].insns)))
			return false;
	return true;
}

/* The first thread of tid's process whose filters are not f's, or 0.
 * Threads that cannot be read (gone, already traced) are passed over. */
static pid_t other_thread(pid_t tid, const struct sp_live_filters *f)
{
	char path[64];
	struct dirent *e;
	pid_t other = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)tid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while (!other && (e = readdir(dir))) {
		struct sp_live_filters g = { 0 };
		struct sp_diag d = { 0 };
		long t = strtol(e->d_name, NULL, 10);

		if (t <= 0 || t == tid || read_task((pid_t)t, &g, &d))
			continue;
		if (!same_filters(f, &g))
			other = (pid_t)t;
		sp_live_filters_fini(&g);
	}
	closedir(dir);
	return other;
}

/* Why the kernel would refuse us PTRACE_SECCOMP_GET_FILTER (it asks for
 * CAP_SYS_ADMIN in the initial user namespace, and no seccomp mode of our
 * own), in words that follow "cannot read its seccomp filters: "; NULL
 * when it would not.  Asked before the process is seized: a read bound to
 * fail must not stop it. */
static const char *why_no_filters(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	bool initial;

	if (prctl(PR_GET_SECCOMP) > 0)
		return "sandprint runs under seccomp itself, and the kernel "
		       "shows no filter to a task that does";
	if (syscall(SYS_capget, &hdr, data) == 0 &&
	    !(data[CAP_SYS_ADMIN / 32].effective &
	      (1u << (CAP_SYS_ADMIN % 32))))
		return geteuid() ? "it needs CAP_SYS_ADMIN (root), which "
				   "sandprint lacks" :
				   "it needs CAP_SYS_ADMIN, which this root "
				   "lacks";
	sp_proc_uid_outside(0, &initial);
	if (!initial)
		return "it needs CAP_SYS_ADMIN in the initial user namespace, "
		       "and sandprint runs in another (a rootless container's "
		       "root has none there)";
	return NULL;
}

int sp_live_filters_read(pid_t tid, struct sp_live_filters *out,
			 struct sp_diag *d)
{
	char name[32], state;
	pid_t ppid = 0;
	int rc;

	snprintf(name, sizeof(name), "pid:%d", (int)tid);
	if (sp_proc_stat(tid, &state, &ppid, NULL)) {
		sp_diag_set(d, name, 0, 0, NULL, "no such process");
		return -ESRCH;
	}
	/* A leader that exited before its threads cannot be traced: its
	 * process's filters are its live threads'. */
	if (state == 'Z' || state == 'X') {
		pid_t live = sp_proc_live_thread(tid);

		if (!live) {
			sp_diag_set(d, name, 0, 0, NULL,
				    "has exited (a zombie its parent, pid %d, "
				    "has not reaped)", (int)ppid);
			return -ESRCH;
		}
		tid = live;
	}
	if (why_no_filters()) {
		sp_diag_set(d, name, 0, 0, NULL,
			    "cannot read its seccomp filters: %s",
			    why_no_filters());
		return -EACCES;
	}
	rc = read_task(tid, out, d);
	if (!rc)
		out->other_tid = other_thread(tid, out);
	return rc;
}
