#include "output/k8s.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

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

int sp_profile_write_k8s(FILE *f, const struct sp_profile *p,
			 const char *name)
{
	char rname[64];

	sp_k8s_name(name, rname, sizeof(rname));
	fprintf(f, "# Seccomp profile written by sandprint %s: a "
		   "security-profiles-operator\n"
		   "# SeccompProfile (kubectl apply -f FILE; pods refer to "
		   "it through\n"
		   "# securityContext.seccompProfile, type Localhost).\n"
		   "apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n"
		   "kind: SeccompProfile\n"
		   "metadata:\n"
		   "  name: %s\n"
		   "spec:\n"
		   "  defaultAction: %s\n", SP_VERSION, rname,
		sp_action_name(p->default_action));
	if (p->default_errno >= 0)
		fprintf(f, "  # defaultErrnoRet %d in the profile: the "
			   "operator's v1beta1 has no such field\n",
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
		if (r->errno_ret >= 0 && (r->action == SP_ACT_ERRNO ||
					  r->action == SP_ACT_TRACE))
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
	return ferror(f) ? -EIO : 0;
}
