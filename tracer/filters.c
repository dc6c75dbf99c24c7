#include "tracer/filters.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

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

int sp_live_filters_read(pid_t tid, struct sp_live_filters *out,
			 struct sp_diag *d)
{
	struct sp_live_filters f = { 0 };
	char name[32];
	int rc, sig = 0;

	snprintf(name, sizeof(name), "pid:%d", (int)tid);
	if (ptrace(PTRACE_SEIZE, tid, NULL, NULL)) {
		rc = -errno;
		sp_diag_set(d, name, 0, 0, NULL, "cannot attach: %s%s",
			    strerror(-rc), rc == -EPERM ?
			    " (needs CAP_SYS_PTRACE; already traced?)" : "");
		return rc;
	}
	if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL)) {
		rc = -errno;
		sp_diag_set(d, name, 0, 0, NULL, "cannot stop it: %s",
			    strerror(-rc));
		goto out;
	}
	rc = wait_stop(tid, &sig);
	if (rc) {
		sp_diag_set(d, name, 0, 0, NULL, "cannot stop it: %s",
			    strerror(-rc));
		goto out;
	}
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
		 * task runs no filter (or strict mode, which has none). */
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
			    "cannot read its seccomp filters: %s%s",
			    strerror(-rc),
			    rc == -EACCES ? " (sandprint runs under seccomp "
					    "itself, or lacks CAP_SYS_ADMIN)" :
					    "");
out:
	ptrace(PTRACE_DETACH, tid, NULL, (void *)(long)sig);
	if (rc) {
		sp_live_filters_fini(&f);
		return rc;
	}
	*out = f;
	return 0;
}
