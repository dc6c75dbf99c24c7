#include "output/k8s.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "core/syscall.h"

void sp_k8s_name(const char *s, char *buf, size_t len)
{
	const char *base = s ? strrchr(s, '/') : NULL;
	size_t n = 0, max = len - 1 < 63 ? len - 1 : 63;

	s = base ? base + 1 : s ? s : "";
	for (; *s && n < max; s++) {
		unsigned char c = (unsigned char)tolower((unsigned char)*s);

		if (isalnum(c) && c < 0x80)
			buf[n++] = (char)c;
		else if (n && buf[n - 1] != '-')
			buf[n++] = '-';
	}
	while (n && buf[n - 1] == '-')
		n--;
	buf[n] = '\0';
	if (!n)
		snprintf(buf, len, "sandprint-profile");
}

static void comment(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/* A YAML double-quoted scalar. */
static void quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* The SeccompProfile CRD's values are int64; see sp_profile_fit_k8s. */
#define K8S_MAX ((uint64_t)INT64_MAX)

/* c as the CRD can hold it: 1 written to *out, meaning the same as c
 * for every value with bit 63 clear and allowing a value with bit 63 set
 * only where c allows it or it with bit 63 cleared; 0 when c is true for
 * every value with bit 63 clear (dropped); -1 when it is true for none
 * (the rule is left out). */
static int fit_cond(const struct sp_cond *c, struct sp_cond *out)
{
	*out = *c;
	if (c->op != SP_CMP_MASKED_EQ && c->value_two > K8S_MAX)
		out->value_two = 0;     /* unused by the runtimes */
	switch (c->op) {
	case SP_CMP_MASKED_EQ:
		/* libseccomp compares (arg & mask) with (value & mask). */
		out->value_two = c->value_two & c->value;
		if (out->value_two > K8S_MAX)
			return -1;
		out->value = c->value & K8S_MAX;
		return out->value ? 1 : 0;
	case SP_CMP_EQ:
	case SP_CMP_GT:
	case SP_CMP_GE:
		return c->value <= K8S_MAX ? 1 : -1;
	case SP_CMP_NE:
	case SP_CMP_LT:
	case SP_CMP_LE:
		return c->value <= K8S_MAX ? 1 : 0;
	case SP_CMP_COUNT:
		break;
	}
	return 1;
}

/* Appends rule r with conds[0..n) as its conditions. */
static int add_fitted(struct sp_profile *q, const struct sp_rule *r,
		      const struct sp_cond *conds, size_t n)
{
	struct sp_rule *x = sp_profile_add_rule(q);

	if (!x)
		return -ENOMEM;
	x->action = r->action;
	x->errno_ret = r->errno_ret;
	x->origin = r->origin;
	for (size_t i = 0; i < r->nnames; i++)
		if (sp_rule_add_name(x, r->names[i]))
			return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (sp_rule_add_cond(x, &conds[i]))
			return -ENOMEM;
	if (r->comment && sp_rule_set_comment(x, r->comment))
		return -ENOMEM;
	return 0;
}

/* Fits rule r's conditions conds[0..n), ANDed, into q. */
static int fit_and(struct sp_profile *q, const struct sp_rule *r,
		   const struct sp_cond *conds, size_t n, size_t *changed)
{
	struct sp_cond fitted[SP_NARGS];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		int f = fit_cond(&conds[i], &fitted[k]);

		if (f <= 0 || sp_cond_cmp(&fitted[k], &conds[i]) != 0)
			(*changed)++;
		if (f < 0)
			return 0;       /* the rule cannot match: left out */
		if (f > 0)
			k++;
	}
	return add_fitted(q, r, fitted, k);
}

int sp_profile_fit_k8s(const struct sp_profile *p, struct sp_profile **out,
		       size_t *changed)
{
	struct sp_profile *q = sp_profile_new();
	int rc = 0;

	*changed = 0;
	if (!q)
		return -ENOMEM;
	q->default_action = p->default_action;
	q->default_errno = p->default_errno;
	for (size_t i = 0; i < p->narchs; i++)
		sp_profile_add_arch(q, p->archs[i]);
	for (size_t i = 0; i < p->nrules && !rc; i++) {
		const struct sp_rule *r = &p->rules[i];

		if (!r->nnames)
			continue;
		if (!sp_rule_index_repeats(r)) {
			rc = fit_and(q, r, r->conds, r->nconds, changed);
			continue;
		}
		/* Repeated indexes: each condition is a rule of its own. */
		for (size_t k = 0; k < r->nconds && !rc; k++)
			rc = fit_and(q, r, &r->conds[k], 1, changed);
	}
	if (rc) {
		sp_profile_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

int sp_profile_write_k8s(FILE *f, const struct sp_profile *in,
			 const char *name)
{
	struct sp_profile *p = NULL;
	char rname[64];
	size_t changed;
	int rc = sp_profile_fit_k8s(in, &p, &changed);

	if (rc)
		return rc;
	sp_k8s_name(name, rname, sizeof(rname));
	fprintf(f, "# Seccomp profile written by sandprint %s: a "
		   "security-profiles-operator\n"
		   "# SeccompProfile (kubectl apply -f FILE; pods refer to "
		   "it through\n"
		   "# securityContext.seccompProfile, type Localhost).\n"
		   "%s"
		   "apiVersion: security-profiles-operator.x-k8s.io/v1\n"
		   "kind: SeccompProfile\n"
		   "metadata:\n"
		   "  name: %s\n"
		   "spec:\n"
		   "  defaultAction: %s\n", SP_VERSION,
		changed ? "# The CRD holds argument values up to 2^63 - 1: bit 63 "
			  "of the arguments is not\n# compared (the kernel "
			  "ignores it in every argument sandprint constrains,\n"
			  "# or refuses the call).\n" : "",
		rname, sp_action_name(p->default_action));
	if (p->default_errno >= 0)
		fprintf(f, "  # defaultErrnoRet %d in the profile: the "
			   "operator's SeccompProfile has no such field\n",
			p->default_errno);
	fputs("  architectures:\n", f);
	for (size_t i = 0; i < p->narchs; i++)
		fprintf(f, "  - %s\n", sp_arch_oci_name(p->archs[i]));
	if (!p->narchs)
		fprintf(f, "  - %s\n", sp_arch_oci_name(sp_arch_native()));
	fputs(p->nrules ? "  syscalls:\n" : "  syscalls: []\n", f);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		if (r->comment) {
			fputs("  # ", f);
			comment(f, r->comment);
			fputc('\n', f);
		}
		fprintf(f, "  - action: %s\n", sp_action_name(r->action));
		if (r->errno_ret >= 0 && sp_action_takes_errno(r->action))
			fprintf(f, "    errnoRet: %d\n", r->errno_ret);
		fputs("    names:\n", f);
		for (size_t k = 0; k < r->nnames; k++) {
			fputs("    - ", f);
			quoted(f, r->names[k]);
			fputc('\n', f);
		}
		if (!r->nconds)
			continue;
		fputs("    args:\n", f);
		for (size_t k = 0; k < r->nconds; k++) {
			const struct sp_cond *c = &r->conds[k];

			fprintf(f,
				"    - index: %u\n"
				"      value: %" PRIu64 "\n"
				"      valueTwo: %" PRIu64 "\n"
				"      op: %s\n",
				c->index, c->value, c->value_two,
				sp_cmp_name(c->op));
		}
	}
	sp_profile_free(p);
	return ferror(f) ? -EIO : 0;
}
