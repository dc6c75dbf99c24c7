/* The group table output/systemd-groups.def was made from
 * `systemd-analyze syscall-filter --no-pager` (systemd 252) with
 *   awk '/^@/{g=$1; next} /^ *#/{next}
 *	  NF==1 && g!="@known" {printf "SP_SD_GROUP(\"%s\", \"%s\")\n", g, $1}'
 */
#include "output/systemd.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/syscall.h"
#include "core/text.h"

static const struct {
	const char *group;
	const char *member;
} members[] = {
#define SP_SD_GROUP(g, m) { g, m },
#include "output/systemd-groups.def"
#undef SP_SD_GROUP
};

#define NMEMBERS ARRAY_SIZE(members)
#define MAX_GROUPS 64

/* systemd's names for the arches (SystemCallArchitectures=). */
static const char *systemd_arch(enum sp_arch a)
{
	switch (a) {
	case SP_ARCH_X86_64:
		return "x86-64";
	case SP_ARCH_X86:
		return "x86";
	case SP_ARCH_X32:
		return "x32";
	case SP_ARCH_AARCH64:
		return "arm64";
	case SP_ARCH_ARM:
		return "arm";
	case SP_ARCH_RISCV64:
		return "riscv64";
	case SP_ARCH_PPC64LE:
		return "ppc64-le";
	case SP_ARCH_S390X:
		return "s390x";
	case SP_ARCH_UNKNOWN:
	case SP_ARCH_COUNT:
		break;
	}
	return NULL;
}

struct names {
	const char **v;
	size_t n;
};

static bool has(const struct names *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], name))
			return true;
	return false;
}

static bool allows(enum sp_action a)
{
	return a == SP_ACT_ALLOW || a == SP_ACT_LOG;
}

/* Does a listed arch have this call? */
static bool exists(const struct sp_profile *p, const char *name)
{
	int64_t nr;

	if (!p->narchs)
		return !sp_syscall_nr(sp_arch_native(), name, &nr);
	for (size_t i = 0; i < p->narchs; i++)
		if (!sp_syscall_nr(p->archs[i], name, &nr))
			return true;
	return false;
}

/* Every member of group (nested groups expanded) that exists is in
 * allowed; *any counts the existing members.  depth bounds the
 * recursion. */
static bool contained(const struct sp_profile *p, const char *group,
		      const struct names *allowed, size_t *any, int depth)
{
	for (size_t i = 0; i < NMEMBERS; i++) {
		const char *m = members[i].member;

		if (strcmp(members[i].group, group))
			continue;
		if (m[0] == '@') {
			if (depth > 4 || !contained(p, m, allowed, any,
						    depth + 1))
				return false;
		} else if (exists(p, m)) {
			if (!has(allowed, m))
				return false;
			++*any;
		}
	}
	return true;
}

static bool member_of(const char *group, const char *name, int depth)
{
	for (size_t i = 0; i < NMEMBERS; i++) {
		const char *m = members[i].member;

		if (strcmp(members[i].group, group))
			continue;
		if (m[0] == '@' ? depth < 5 && member_of(m, name, depth + 1) :
				  !strcmp(m, name))
			return true;
	}
	return false;
}

/* Is every member of a also in b? */
static bool group_within(const char *a, const char *b)
{
	for (size_t i = 0; i < NMEMBERS; i++) {
		const char *m = members[i].member;

		if (strcmp(members[i].group, a))
			continue;
		if (m[0] == '@' ? !group_within(m, b) && !member_of(b, m, 0) :
				  !member_of(b, m, 0))
			return false;
	}
	return true;
}

/* Writes key=words... lines, wrapped before 78 columns; each line's
 * words after lead ("~": a deny list), their suffix after each. */
static void wrapped(FILE *f, const char *key, const char *lead,
		    const char *const *w, size_t n, const char *suffix)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		if (col &&
		    col + 1 + strlen(w[i]) + strlen(suffix) > 78) {
			fputc('\n', f);
			col = 0;
		}
		if (!col)
			col = (size_t)fprintf(f, "%s=%s%s%s", key, lead, w[i],
					      suffix);
		else
			col += (size_t)fprintf(f, " %s%s", w[i], suffix);
	}
	if (col)
		fputc('\n', f);
}

/* An errno as systemd takes it: its name, or its number. */
static const char *errno_word(int err, char *buf, size_t len)
{
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, len, "%d", err);
	return buf;
}

/* ":ENOSYS", ":38", ":kill": how a deny-listed call of the allow list is
 * refused (systemd >= 248 keeps it, in place of the default action:
 * seccomp_parse_syscall_filter, PR 18921), or NULL when systemd has no
 * word for the action. */
static const char *refusal_suffix(const struct sp_rule *r, char *buf,
				  size_t len)
{
	char num[16];

	switch (r->action) {
	case SP_ACT_ERRNO:
		snprintf(buf, len, ":%s",
			 errno_word(sp_action_errno(r->action, r->errno_ret),
				    num, sizeof(num)));
		return buf;
	case SP_ACT_KILL_PROCESS:
	case SP_ACT_KILL_THREAD:
		return ":kill";
	case SP_ACT_TRAP:
	case SP_ACT_NOTIFY:
	case SP_ACT_TRACE:
	case SP_ACT_LOG:
	case SP_ACT_ALLOW:
	case SP_ACT_COUNT:
		break;
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The refusing rules after the allow list: a call no rule allows gets
 * the rule's own refusal as a deny-listed entry (~clone3:ENOSYS: glibc
 * falls back to clone only on ENOSYS; and @default, which systemd allows
 * whatever the list says, has futex_waitv and the like), one line per
 * refusal; one systemd has no word for (a trap, a refusal under
 * conditions) is deny-listed without an errno, which gives the default
 * (a call of @default would be allowed otherwise), with a comment.  names is
 * scratch room for as many names as the rules hold. */
static void refusals(FILE *f, const struct sp_profile *p,
		     const struct names *allowed, struct names *names)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		const char *suffix;
		char buf[32];

		if (allows(r->action))
			continue;
		suffix = refusal_suffix(r, buf, sizeof(buf));
		names->n = 0;
		for (size_t k = 0; k < r->nnames; k++)
			if (!has(allowed, r->names[k]) &&
			    exists(p, r->names[k]))
				names->v[names->n++] = r->names[k];
		if (!names->n)
			continue;
		if (r->nconds || !suffix) {
			/* Deny-listed without an errno: out of the allow
			 * list, @default's calls too, so the default. */
			fprintf(f, "# %s%s cannot be expressed in systemd; "
				   "these get the default:\n",
				sp_action_name(r->action),
				r->nconds ? " under argument conditions" : "");
			suffix = "";
		}
		wrapped(f, "SystemCallFilter", "~", names->v, names->n,
			suffix);
	}
}

/* Writes words after a comment's first col columns, each line wrapped
 * before 78 columns as "#" and the words. */
static void comment_words(FILE *f, size_t col, const char *const *w,
			  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (col + 1 + strlen(w[i]) > 78) {
			fputs("\n#", f);
			col = 1;
		}
		col += (size_t)fprintf(f, " %s", w[i]);
	}
	fputc('\n', f);
}

/* Does a rule that does not allow name name it? */
static bool refused(const struct sp_profile *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; !allows(p->rules[i].action) &&
				   k < p->rules[i].nnames; k++)
			if (!strcmp(p->rules[i].names[k], name))
				return true;
	return false;
}

/* systemd adds its @default group to every allow list
 * (config_parse_syscall_filter): a call of it that no rule allows would
 * run where the profile gives it the default action (getuid, killed by
 * crun under a KILL default, returned under systemd).  Deny-listed
 * without an errno after the allow list, it leaves the list and gets the
 * default again; one a refusal names has its own line already.  names
 * is scratch room for NMEMBERS names. */
static void default_unlisted(FILE *f, const struct sp_profile *p,
			     const struct names *allowed, struct names *names)
{
	names->n = 0;
	for (size_t i = 0; i < NMEMBERS; i++) {
		const char *m = members[i].member;

		if (m[0] == '@' || !member_of("@default", m, 0) ||
		    !exists(p, m) || has(allowed, m) || refused(p, m) ||
		    has(names, m))
			continue;
		names->v[names->n++] = m;
	}
	if (!names->n)
		return;
	qsort(names->v, names->n, sizeof(*names->v), cmp_str);
	fputs("# systemd adds its @default group to every allow list; these "
	      "of its calls\n# no rule allows get the default:\n", f);
	wrapped(f, "SystemCallFilter", "~", names->v, names->n, "");
}

int sp_profile_write_systemd(FILE *f, const struct sp_profile *p)
{
	const char *groups[MAX_GROUPS] = { 0 }, *chosen[MAX_GROUPS] = { 0 };
	struct names allowed = { 0 }, rest = { 0 };
	size_t ngroups = 0, nchosen = 0, total = 0;
	const char *arches[SP_ARCH_COUNT];
	size_t narches = 0;
	int rc = 0;

	for (size_t i = 0; i < p->nrules; i++)
		total += p->rules[i].nnames;
	allowed.v = calloc(total + 1, sizeof(char *));
	/* Scratch room for any rule's names, or @default's members. */
	rest.v = calloc(total + NMEMBERS + 1, sizeof(char *));
	if (!allowed.v || !rest.v) {
		rc = -ENOMEM;
		goto out;
	}
	fprintf(f, "# Seccomp profile written by sandprint %s: systemd unit "
		   "settings\n"
		   "# (systemd.exec(5)); put them in the [Service] section "
		   "or a drop-in.\n"
		   "[Service]\n"
		   "# Empty first: in a drop-in these lines replace the "
		   "unit's own, which they\n"
		   "# would add to otherwise (a vendor's "
		   "SystemCallFilter=@system-service).\n"
		   "SystemCallFilter=\nSystemCallLog=\n"
		   "SystemCallArchitectures=\n", SP_VERSION);
	for (size_t i = 0; i < p->narchs; i++)
		if (systemd_arch(p->archs[i]))
			arches[narches++] = systemd_arch(p->archs[i]);
	if (narches)
		wrapped(f, "SystemCallArchitectures", "", arches, narches, "");
	else
		fputs("SystemCallArchitectures=native\n", f);
	switch (p->default_action) {
	case SP_ACT_ERRNO: {
		int err = sp_action_errno(p->default_action, p->default_errno);
		char num[16];

		/* systemd takes 1 to 4095 (errno_is_valid) and ignores
		 * another with a warning, which leaves its kill: an errno of
		 * 0, a feigned success, has no setting. */
		if (err <= 0 || err > 4095)
			fprintf(f, "# default action errno %d cannot be "
				   "expressed: systemd kills the process "
				   "instead\nSystemCallErrorNumber=kill\n",
				err);
		else
			fprintf(f, "SystemCallErrorNumber=%s\n",
				errno_word(err, num, sizeof(num)));
		break;
	}
	case SP_ACT_KILL_PROCESS:
		/* systemd's own default, said: a drop-in replaces the
		 * unit's errno. */
		fputs("SystemCallErrorNumber=kill\n", f);
		break;
	case SP_ACT_LOG:
		fputs("# default action: log (SystemCallLog=): every call is "
		      "allowed, those no rule\n# allows are logged\n"
		      "SystemCallErrorNumber=kill\n", f);
		break;
	case SP_ACT_KILL_THREAD:
	case SP_ACT_TRAP:
	case SP_ACT_NOTIFY:
	case SP_ACT_TRACE:
	case SP_ACT_ALLOW:
	case SP_ACT_COUNT:
		fprintf(f, "# default action %s cannot be expressed: systemd "
			   "kills the process instead\n"
			   "SystemCallErrorNumber=kill\n",
			sp_action_name(p->default_action));
		break;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		if (!allows(r->action))
			continue;
		/* The names a listed arch has only: any other (a line
		 * break in it) stays out of the unit. */
		for (size_t k = 0; r->nconds && k < r->nnames; k++)
			if (exists(p, r->names[k]) &&
			    !has(&rest, r->names[k]))
				rest.v[rest.n++] = r->names[k];
		/* What no condition holds (io_uring), as the JSON
		 * profile's comment says it. */
		if (sp_comment_unfiltered(r->comment)) {
			fputs("# UNFILTERED", f);
			for (size_t k = 0; k < r->nnames; k++)
				if (exists(p, r->names[k]))
					fprintf(f, " %s", r->names[k]);
			fputs(": ", f);
			sp_text_put(f, sp_comment_unfiltered(r->comment));
			fputc('\n', f);
		}
		for (size_t k = 0; k < r->nnames; k++)
			if (!has(&allowed, r->names[k]) &&
			    exists(p, r->names[k]))
				allowed.v[allowed.n++] = r->names[k];
	}
	/* One comment for every conditional rule's names (a call has a
	 * rule for each set of values it was seen with). */
	if (rest.n) {
		qsort(rest.v, rest.n, sizeof(*rest.v), cmp_str);
		fputs("# argument conditions cannot be expressed in systemd; "
		      "allowed whatever the\n# arguments:", f);
		comment_words(f, 12, rest.v, rest.n);
		rest.n = 0;
	}
	for (size_t i = 0; i < NMEMBERS && ngroups < MAX_GROUPS; i++) {
		size_t any = 0;

		if (i && !strcmp(members[i].group, members[i - 1].group))
			continue;
		if (contained(p, members[i].group, &allowed, &any, 0) && any)
			groups[ngroups++] = members[i].group;
	}
	/* Leave out groups inside another chosen one. */
	for (size_t i = 0; i < ngroups; i++) {
		bool inside = false;

		for (size_t j = 0; j < ngroups && !inside; j++)
			inside = j != i && group_within(groups[i], groups[j]) &&
				 (!group_within(groups[j], groups[i]) || j < i);
		if (!inside)
			chosen[nchosen++] = groups[i];
	}
	for (size_t i = 0; i < allowed.n; i++) {
		bool covered = false;

		for (size_t j = 0; j < nchosen && !covered; j++)
			covered = member_of(chosen[j], allowed.v[i], 0);
		if (!covered)
			rest.v[rest.n++] = allowed.v[i];
	}
	qsort(rest.v, rest.n, sizeof(*rest.v), cmp_str);
	if (p->default_action == SP_ACT_LOG) {
		/* An allow list would kill the calls it does not list: the
		 * refusals below make a deny list instead. */
		wrapped(f, "SystemCallLog", "~", chosen, nchosen, "");
		wrapped(f, "SystemCallLog", "~", rest.v, rest.n, "");
		if (!nchosen && !rest.n)
			fputs("SystemCallLog=@known\n", f);
	} else {
		wrapped(f, "SystemCallFilter", "", chosen, nchosen, "");
		wrapped(f, "SystemCallFilter", "", rest.v, rest.n, "");
		if (!nchosen && !rest.n)
			fputs("# nothing allowed: an allow list of systemd's "
			      "@default, deny-listed below\n"
			      "SystemCallFilter=@default\n", f);
	}
	refusals(f, p, &allowed, &rest);
	if (p->default_action != SP_ACT_LOG)
		default_unlisted(f, p, &allowed, &rest);
	rc = ferror(f) ? -EIO : 0;
out:
	free(allowed.v);
	free(rest.v);
	return rc;
}
