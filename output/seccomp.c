#include "output/seccomp.h"

#include <errno.h>
#include <pthread.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/array.h"
#include "core/syscall.h"

static bool refuses(enum sp_action a)
{
	return a != SP_ACT_ALLOW && a != SP_ACT_LOG;
}

/* libseccomp's action value for (a, err); err < 0 means EPERM, as crun
 * and runc default errnoRet. */
static uint32_t scmp_action(enum sp_compile_mode mode, enum sp_action a,
			    int err)
{
	if (err < 0)
		err = EPERM;
	if (mode == SP_COMPILE_REFUSALS_TRACE && refuses(a))
		return SCMP_ACT_TRACE(sp_action_pack(a, err));
	if (mode == SP_COMPILE_REFUSALS_NOTIFY && refuses(a))
		return SCMP_ACT_NOTIFY;
	switch (a) {
	case SP_ACT_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case SP_ACT_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case SP_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case SP_ACT_ERRNO:
		return SCMP_ACT_ERRNO((uint32_t)err);
	case SP_ACT_NOTIFY:
		return SCMP_ACT_NOTIFY;
	case SP_ACT_TRACE:
		return SCMP_ACT_TRACE((uint32_t)err);
	case SP_ACT_LOG:
		return SCMP_ACT_LOG;
	case SP_ACT_ALLOW:
	case SP_ACT_COUNT:
		break;
	}
	return SCMP_ACT_ALLOW;
}

static struct scmp_arg_cmp arg_cmp(const struct sp_cond *c)
{
	struct scmp_arg_cmp a = {
		.arg = c->index,
		.op = (enum scmp_compare)sp_cmp_scmp(c->op),
		.datum_a = c->value,
		.datum_b = c->value_two,
	};

	return a;
}

static int export(scmp_filter_ctx ctx, struct sp_bpf **out)
{
	struct sp_bpf *b = NULL;
	struct stat st;
	int fd, rc;

	/* libseccomp 2.5 exports to an fd only (no _bpf_mem before 2.6). */
	fd = memfd_create("sandprint-bpf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = seccomp_export_bpf(ctx, fd);
	if (rc)
		goto out;
	if (fstat(fd, &st)) {
		rc = -errno;
		goto out;
	}
	b = calloc(1, sizeof(*b));
	if (!b || st.st_size <= 0 || st.st_size % sizeof(struct sock_filter)) {
		rc = b ? -EIO : -ENOMEM;
		goto out;
	}
	b->len = (size_t)st.st_size / sizeof(struct sock_filter);
	b->insns = malloc((size_t)st.st_size);
	if (!b->insns) {
		rc = -ENOMEM;
		goto out;
	}
	if (pread(fd, b->insns, (size_t)st.st_size, 0) != st.st_size) {
		rc = -EIO;
		goto out;
	}
	*out = b;
	b = NULL;
out:
	sp_bpf_free(b);
	close(fd);
	return rc;
}

int sp_seccomp_arches_fit(const enum sp_arch *arches, size_t n,
			  enum sp_arch *a, enum sp_arch *b)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		/* Each arch alone first, then each other one with it: the
		 * native one seccomp_init puts in is not part of the
		 * question. */
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

		if (!ctx)
			return -ENOMEM;
		rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
		if (!rc)
			rc = seccomp_arch_add(ctx, sp_arch_scmp(arches[i]));
		for (size_t j = i + 1; j < n && !rc; j++) {
			rc = seccomp_arch_add(ctx, sp_arch_scmp(arches[j]));
			if (rc == -EEXIST)
				rc = 0;
			if (rc) {
				*a = arches[i];
				*b = arches[j];
			}
		}
		seccomp_release(ctx);
	}
	return rc ? -EDOM : 0;
}

const char *sp_seccomp_version(void)
{
	static char text[32];
	const struct scmp_version *v = seccomp_version();

	if (!text[0])
		snprintf(text, sizeof(text), "%u.%u.%u", v->major, v->minor,
			 v->micro);
	return text;
}

/* libseccomp refuses an errno action past 4094 (measured on 2.5.4: the
 * kernel would cut it to MAX_ERRNO), so crun and runc cannot load it:
 * the reason, said with the refusal, where libseccomp gives EINVAL. */
#define SP_SCMP_ERRNO_MAX 4094

static const char *why_refused(enum sp_compile_mode mode, enum sp_action a,
			       int err, char *buf, size_t len)
{
	if (scmp_action(mode, a, err) != SCMP_ACT_ERRNO((uint32_t)err) ||
	    err <= SP_SCMP_ERRNO_MAX)
		return "";
	snprintf(buf, len, ": errno %d (libseccomp takes 0 to %d)", err,
		 SP_SCMP_ERRNO_MAX);
	return buf;
}

int sp_seccomp_compile(const struct sp_profile *p,
		       const struct sp_compile_opts *o, struct sp_bpf **out,
		       struct sp_diag *d)
{
	return sp_seccomp_compile_on(p, o, SP_ARCH_UNKNOWN, out, d);
}

/* How long libseccomp may take over one profile: milliseconds for any
 * real one (Docker's default on four arches: 0.1 s); past this it is
 * taken as looping.  SANDPRINT_COMPILE_TIMEOUT_MS sets it (the tests: a
 * second). */
#define COMPILE_TIMEOUT_MS 20000

/* One libseccomp rule to add: its comparisons are job->cmps[first..+n),
 * ANDed, or with each one rule per comparison (ORed: an index repeats,
 * as runc and crun add them). */
struct job_rule {
	uint32_t act;
	int nr;
	size_t first, n;
	bool each;
	size_t rule, name;   /* where in the profile, for the message */
};

/* A compilation, handed whole to the thread that runs libseccomp: it
 * owns everything it reads, so that a thread left looping in libseccomp
 * touches nothing of the caller's. */
struct job {
	uint32_t def;
	enum sp_arch host;
	enum sp_arch archs[SP_ARCH_COUNT];
	size_t narchs;
	struct job_rule *rules;
	size_t nrules, rules_cap;
	struct scmp_arg_cmp *cmps;
	size_t ncmps, cmps_cap;
	/* The outcome: rc, where it failed, the program. */
	int rc;
	enum { AT_INIT, AT_HOST, AT_ARCH, AT_RULE, AT_EXPORT } at;
	size_t which;
	struct sp_bpf *bpf;
	/* done under lock, signalled by cond; left: the caller gave up,
	 * and the thread frees the job when it ever ends. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done, left;
};

static void job_free(struct job *j)
{
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	sp_bpf_free(j->bpf);
	free(j->rules);
	free(j->cmps);
	free(j);
}

static int job_add_rule(struct job *j, uint32_t act, int nr,
			const struct sp_rule *r, size_t rule, size_t name)
{
	struct job_rule *jr = sp_array_push(&j->rules, &j->nrules,
					    &j->rules_cap, sizeof(*jr));

	if (!jr || sp_array_grow(&j->cmps, &j->cmps_cap,
				 j->ncmps + r->nconds + 1, sizeof(*j->cmps)))
		return -ENOMEM;
	*jr = (struct job_rule){ act, nr, j->ncmps, r->nconds,
				 sp_rule_index_repeats(r), rule, name };
	for (size_t i = 0; i < r->nconds; i++)
		j->cmps[j->ncmps++] = arg_cmp(&r->conds[i]);
	return 0;
}

static int add_rule(scmp_filter_ctx ctx, const struct job *j,
		    const struct job_rule *r)
{
	const struct scmp_arg_cmp *c = j->cmps + r->first;
	int rc;

	if (!r->n)
		return seccomp_rule_add(ctx, r->act, r->nr, 0);
	if (r->each) {
		for (size_t i = 0; i < r->n; i++) {
			rc = seccomp_rule_add_array(ctx, r->act, r->nr, 1,
						    c + i);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (r->n > SP_NARGS)
		return -EINVAL;
	return seccomp_rule_add_array(ctx, r->act, r->nr, (unsigned)r->n, c);
}

/* The libseccomp part of a compilation: j->rc, j->at, j->which, j->bpf. */
static void job_run(struct job *j)
{
	scmp_filter_ctx ctx = seccomp_init(j->def);
	int rc = 0;

	j->at = AT_INIT;
	if (!ctx) {
		j->rc = -EINVAL;
		return;
	}
	/* crun or runc on another machine (a trace of it checked here):
	 * that machine's native arch, not this one's. */
	if (j->host && j->host != sp_arch_native()) {
		enum sp_arch other = SP_ARCH_UNKNOWN;
		enum sp_arch both[2] = { j->host, sp_arch_native() };

		j->at = AT_HOST;
		rc = sp_seccomp_arches_fit(both, 2, &other, &other);
		if (!rc)
			rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
		if (!rc)
			rc = seccomp_arch_add(ctx, sp_arch_scmp(j->host));
	}
	for (size_t i = 0; i < j->narchs && !rc; i++) {
		j->at = AT_ARCH;
		j->which = i;
		rc = seccomp_arch_add(ctx, sp_arch_scmp(j->archs[i]));
		if (rc == -EEXIST)
			rc = 0;
	}
	for (size_t i = 0; i < j->nrules && !rc; i++) {
		j->at = AT_RULE;
		j->which = i;
		rc = add_rule(ctx, j, &j->rules[i]);
	}
	if (!rc) {
		j->at = AT_EXPORT;
		rc = export(ctx, &j->bpf);
	}
	j->rc = rc;
	seccomp_release(ctx);
}

static void *job_thread(void *arg)
{
	struct job *j = arg;
	bool left;

	job_run(j);
	pthread_mutex_lock(&j->lock);
	j->done = true;
	left = j->left;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	if (left)
		job_free(j);
	return NULL;
}

static int timeout_ms(void)
{
	const char *e = getenv("SANDPRINT_COMPILE_TIMEOUT_MS");
	long v = e ? strtol(e, NULL, 10) : 0;

	return v > 0 && v <= COMPILE_TIMEOUT_MS ? (int)v : COMPILE_TIMEOUT_MS;
}

/* Runs j in a thread of its own and waits for it, at most timeout_ms():
 * libseccomp 2.5.4 loops forever on some profiles (two rules of a call
 * whose first comparisons are the same one, not == nor masked ==, then
 * compare different arguments: testdata/profiles/
 * libseccomp-loops.json), and a command given one must say
 * so, not hang.  0 with j the caller's, or -ETIMEDOUT (j left to the
 * thread). */
static int job_wait(struct job *j)
{
	struct timespec until;
	pthread_t th;
	int rc = 0, ms = timeout_ms();

	if (pthread_create(&th, NULL, job_thread, j)) {
		job_run(j);
		return 0;
	}
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&j->lock);
	while (!j->done && !rc)
		rc = pthread_cond_timedwait(&j->cond, &j->lock, &until);
	if (!j->done)
		j->left = true;
	pthread_mutex_unlock(&j->lock);
	if (!j->left) {
		pthread_join(th, NULL);
		return 0;
	}
	pthread_detach(th);
	return -ETIMEDOUT;
}

int sp_seccomp_compile_on(const struct sp_profile *p,
			  const struct sp_compile_opts *o, enum sp_arch host,
			  struct sp_bpf **out, struct sp_diag *d)
{
	struct job *j = calloc(1, sizeof(*j));
	char why[80];
	int rc = 0;

	if (!j)
		return -ENOMEM;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	j->def = scmp_action(o->mode, p->default_action, p->default_errno);
	j->host = host;
	memcpy(j->archs, p->archs, sizeof(j->archs));
	j->narchs = p->narchs;
	/* Names are resolved here, where on_unknown may be called. */
	for (size_t i = 0; i < p->nrules && !rc; i++) {
		const struct sp_rule *r = &p->rules[i];
		uint32_t act = scmp_action(o->mode, r->action, r->errno_ret);

		if (act == j->def)
			continue;
		for (size_t n = 0; n < r->nnames && !rc; n++) {
			int nr = seccomp_syscall_resolve_name(r->names[n]);

			if (nr == __NR_SCMP_ERROR) {
				if (o->on_unknown)
					o->on_unknown(o->ctx, r->names[n]);
				continue;
			}
			rc = job_add_rule(j, act, nr, r, i, n);
		}
	}
	if (rc) {
		job_free(j);
		return rc;
	}
	if (job_wait(j)) {
		sp_diag_set(d, NULL, 0, 0, NULL,
			    "libseccomp %s did not finish compiling it in %g "
			    "s: it loops on some profiles (two rules of a "
			    "call with one first comparison, not ==, then "
			    "others); crun and runc would hang on it too",
			    sp_seccomp_version(), timeout_ms() / 1000.0);
		return -ETIMEDOUT;
	}
	rc = j->rc;
	switch (rc ? j->at : AT_EXPORT) {
	case AT_INIT:
		sp_diag_set(d, NULL, 0, 0, NULL,
			    "libseccomp cannot start a filter%s",
			    why_refused(o->mode, p->default_action,
					p->default_errno, why, sizeof(why)));
		break;
	case AT_HOST:
		sp_diag_set(d, NULL, 0, 0, NULL,
			    "libseccomp cannot make a filter for %s: %s",
			    sp_arch_name(host), strerror(-rc));
		break;
	case AT_ARCH:
		sp_diag_set(d, NULL, 0, 0, NULL,
			    "libseccomp cannot add arch %s: %s",
			    sp_arch_name(j->archs[j->which]), strerror(-rc));
		break;
	case AT_RULE: {
		const struct sp_rule *r = &p->rules[j->rules[j->which].rule];
		const char *w = why_refused(o->mode, r->action, r->errno_ret,
					    why, sizeof(why));

		sp_diag_set(d, NULL, 0, 0, NULL,
			    "libseccomp refuses the rule for %s%s%s",
			    r->names[j->rules[j->which].name], *w ? w : ": ",
			    *w ? "" : strerror(-rc));
		break;
	}
	case AT_EXPORT:
		if (rc)
			sp_diag_set(d, NULL, 0, 0, NULL,
				    "cannot export the filter: %s",
				    strerror(-rc));
		break;
	}
	if (!rc) {
		*out = j->bpf;
		j->bpf = NULL;
	}
	job_free(j);
	return rc;
}
