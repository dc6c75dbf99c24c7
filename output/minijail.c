/* minijail's policy syntax (minijail0(5), syscall_filter.c): a line
 * "syscall: EXPR" where EXPR is "1", "return ERRNO", or conditions
 * "argN OP VALUE" with OP one of == != < <= > >= & in, joined with &&
 * (binding tighter) and ||. */
#include "output/minijail.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/syscall.h"

/* One condition in minijail's words (f NULL: only whether there are
 * any); false when it has none. */
static bool cond(FILE *f, const struct sp_cond *c)
{
	static const char *const ops[SP_CMP_COUNT] = {
		[SP_CMP_NE] = "!=", [SP_CMP_LT] = "<", [SP_CMP_LE] = "<=",
		[SP_CMP_EQ] = "==", [SP_CMP_GE] = ">=", [SP_CMP_GT] = ">",
	};

	if (c->op < SP_CMP_COUNT && ops[c->op]) {
		if (f)
			fprintf(f, "arg%u %s 0x%" PRIx64, c->index, ops[c->op],
			c->value);
		return true;
	}
	if (c->op != SP_CMP_MASKED_EQ)
		return false;
	/* (arg & mask) == 0: no bit of mask set, i.e. arg in ~mask. */
	if (c->value_two == 0) {
		if (f)
			fprintf(f, "arg%u in 0x%" PRIx64, c->index, ~c->value);
		return true;
	}
	/* (arg & 0xffffffff) == v, the profile's 32-bit comparison:
	 * minijail compares the whole register. */
	if (c->value == UINT32_MAX && c->value_two <= UINT32_MAX) {
		if (f)
			fprintf(f, "arg%u == 0x%" PRIx64, c->index,
				c->value_two);
		return true;
	}
	/* (arg & bit) == bit for a single bit: arg & bit. */
	if (c->value_two == c->value && c->value &&
	    !(c->value & (c->value - 1))) {
		if (f)
			fprintf(f, "arg%u & 0x%" PRIx64, c->index, c->value);
		return true;
	}
	return false;
}

static bool expressible(const struct sp_cond *c)
{
	return cond(NULL, c);
}

static void comment(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes the line of one name: its rules, in profile order. */
static void name_line(FILE *f, const struct sp_profile *p, const char *name)
{
	bool whole = false, first = true, lossy = false, any = false;
	const struct sp_rule *errno_rule = NULL;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		if (!bsearch(&name, r->names, r->nnames, sizeof(char *),
			     cmp_str))
			continue;
		if (r->action == SP_ACT_ERRNO && !r->nconds && !errno_rule)
			errno_rule = r;
		if (r->action != SP_ACT_ALLOW && r->action != SP_ACT_LOG)
			continue;
		any = true;
		if (!r->nconds)
			whole = true;
		for (size_t k = 0; k < r->nconds; k++)
			lossy |= !expressible(&r->conds[k]);
	}
	if (!whole && !lossy && errno_rule) {
		fprintf(f, "%s: return %d\n", name,
			errno_rule->errno_ret < 0 ? EPERM :
						    errno_rule->errno_ret);
		return;
	}
	if (!any)
		return;
	if (whole || lossy) {
		if (lossy && !whole)
			fprintf(f, "# %s: a masked comparison minijail cannot "
				   "express; allowed whatever the arguments\n",
				name);
		fprintf(f, "%s: 1\n", name);
		return;
	}
	fprintf(f, "%s: ", name);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		bool ored;

		if (r->action != SP_ACT_ALLOW && r->action != SP_ACT_LOG)
			continue;
		if (!bsearch(&name, r->names, r->nnames, sizeof(char *),
			     cmp_str))
			continue;
		ored = sp_rule_index_repeats(r);
		for (size_t k = 0; k < r->nconds; k++) {
			if (!first)
				fputs(ored || k == 0 ? " || " : " && ", f);
			cond(f, &r->conds[k]);
			first = false;
		}
	}
	fputc('\n', f);
}

int sp_profile_write_minijail(FILE *f, const struct sp_profile *p)
{
	const char **names = NULL;
	size_t n = 0, total = 0;

	for (size_t i = 0; i < p->nrules; i++)
		total += p->rules[i].nnames;
	names = calloc(total + 1, sizeof(*names));
	if (!names)
		return -ENOMEM;
	fprintf(f, "# Seccomp policy written by sandprint %s for minijail0 "
		   "-S FILE (minijail0(5)).\n"
		   "# Arches:", SP_VERSION);
	for (size_t i = 0; i < p->narchs; i++)
		fprintf(f, " %s", sp_arch_name(p->archs[i]));
	fputs(p->narchs ? "" : " native", f);
	fputs(" (minijail compiles the names for the arch it runs on)\n"
	      "# Default action in the profile: ", f);
	fputs(sp_action_name(p->default_action), f);
	if (p->default_action == SP_ACT_ERRNO)
		fprintf(f, " (%d)", p->default_errno < 0 ? EPERM :
							     p->default_errno);
	fputs("; minijail0 kills a call not listed here\n"
	      "# (-L logs it first).\n", f);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		fprintf(f, "# rule %zu: %s", i + 1, sp_action_name(r->action));
		if (r->comment) {
			fputs(": ", f);
			comment(f, r->comment);
		}
		fputc('\n', f);
		if (r->action != SP_ACT_ALLOW && r->action != SP_ACT_LOG &&
		    (r->action != SP_ACT_ERRNO || r->nconds))
			fputs("#   minijail cannot express this action; its "
			      "calls get minijail's default\n", f);
		for (size_t k = 0; k < r->nnames; k++)
			names[n++] = r->names[k];
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		int64_t nr;

		if (i && !strcmp(names[i], names[i - 1]))
			continue;
		/* minijail refuses a policy naming a call it cannot
		 * resolve. */
		if (sp_syscall_nr(sp_arch_native(), names[i], &nr)) {
			fprintf(f, "# %s: no such call here, left out\n",
				names[i]);
			continue;
		}
		name_line(f, p, names[i]);
	}
	free(names);
	return ferror(f) ? -EIO : 0;
}
