#include "output/seccomp.h"

#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int add_rule(scmp_filter_ctx ctx, uint32_t action, int nr,
		    const struct sp_rule *r)
{
	struct scmp_arg_cmp cmps[SP_NARGS];
	int rc;

	if (!r->nconds)
		return seccomp_rule_add(ctx, action, nr, 0);
	if (sp_rule_index_repeats(r)) {
		for (size_t i = 0; i < r->nconds; i++) {
			cmps[0] = arg_cmp(&r->conds[i]);
			rc = seccomp_rule_add_array(ctx, action, nr, 1, cmps);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (r->nconds > SP_NARGS)
		return -EINVAL;
	for (size_t i = 0; i < r->nconds; i++)
		cmps[i] = arg_cmp(&r->conds[i]);
	return seccomp_rule_add_array(ctx, action, nr, (unsigned)r->nconds,
				      cmps);
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

int sp_seccomp_compile_on(const struct sp_profile *p,
			  const struct sp_compile_opts *o, enum sp_arch host,
			  struct sp_bpf **out, struct sp_diag *d)
{
	uint32_t def = scmp_action(o->mode, p->default_action,
				   p->default_errno);
	scmp_filter_ctx ctx = seccomp_init(def);
	char why[80];
	int rc = 0;

	if (!ctx) {
		sp_diag_set(d, NULL, 0, 0, NULL,
			    "libseccomp cannot start a filter%s",
			    why_refused(o->mode, p->default_action,
					p->default_errno, why, sizeof(why)));
		return -EINVAL;
	}
	/* crun or runc on another machine (a trace of it checked here):
	 * that machine's native arch, not this one's. */
	if (host && host != sp_arch_native()) {
		enum sp_arch other = SP_ARCH_UNKNOWN;
		enum sp_arch both[2] = { host, sp_arch_native() };

		rc = sp_seccomp_arches_fit(both, 2, &other, &other);
		if (!rc)
			rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
		if (!rc)
			rc = seccomp_arch_add(ctx, sp_arch_scmp(host));
		if (rc) {
			sp_diag_set(d, NULL, 0, 0, NULL,
				    "libseccomp cannot make a filter for %s: "
				    "%s", sp_arch_name(host),
				    strerror(-rc));
			goto out;
		}
	}
	for (size_t i = 0; i < p->narchs; i++) {
		rc = seccomp_arch_add(ctx, sp_arch_scmp(p->archs[i]));
		if (rc && rc != -EEXIST) {
			sp_diag_set(d, NULL, 0, 0, NULL,
				    "libseccomp cannot add arch %s: %s",
				    sp_arch_name(p->archs[i]), strerror(-rc));
			goto out;
		}
		rc = 0;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		uint32_t act = scmp_action(o->mode, r->action, r->errno_ret);

		if (act == def)
			continue;
		for (size_t n = 0; n < r->nnames; n++) {
			int nr = seccomp_syscall_resolve_name(r->names[n]);

			if (nr == __NR_SCMP_ERROR) {
				if (o->on_unknown)
					o->on_unknown(o->ctx, r->names[n]);
				continue;
			}
			rc = add_rule(ctx, act, nr, r);
			if (rc) {
				const char *w = why_refused(o->mode,
					r->action, r->errno_ret, why,
					sizeof(why));

				sp_diag_set(d, NULL, 0, 0, NULL,
					    "libseccomp refuses the rule for "
					    "%s%s%s", r->names[n],
					    *w ? w : ": ",
					    *w ? "" : strerror(-rc));
				goto out;
			}
		}
	}
	rc = export(ctx, out);
	if (rc)
		sp_diag_set(d, NULL, 0, 0, NULL,
			    "cannot export the filter: %s", strerror(-rc));
out:
	seccomp_release(ctx);
	return rc;
}
