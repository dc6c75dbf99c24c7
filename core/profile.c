#include "core/profile.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

static const struct {
	const char *oci;
	uint32_t ret;
} actions[SP_ACT_COUNT] = {
#define SP_ACTION(id, oci, ret) [SP_ACT_##id] = { oci, ret },
#include "core/action.def"
#undef SP_ACTION
};

static const struct {
	const char *oci;
	int scmp;
} cmps[SP_CMP_COUNT] = {
#define SP_CMP(id, oci, scmp) [SP_CMP_##id] = { oci, scmp },
#include "core/cmp.def"
#undef SP_CMP
};

_Static_assert(ARRAY_SIZE(actions) == SP_ACT_COUNT,
	       "action table and enum disagree");
_Static_assert(ARRAY_SIZE(cmps) == SP_CMP_COUNT,
	       "comparison table and enum disagree");

/* Command-line spellings: the OCI name without "SCMP_ACT_", lowercase,
 * '-' for '_'. */
static int short_form_equal(const char *s, const char *oci)
{
	const char *o = oci + strlen("SCMP_ACT_");

	for (; *s && *o; s++, o++) {
		char c = *o == '_' ? '-' : (char)(*o - 'A' + 'a');

		if (*o >= '0' && *o <= '9')
			c = *o;
		if (*s != c)
			return 0;
	}
	return !*s && !*o;
}

const char *sp_action_name(enum sp_action a)
{
	return (unsigned)a < SP_ACT_COUNT ? actions[a].oci : "SCMP_ACT_?";
}

int sp_action_parse(const char *s, enum sp_action *out)
{
	if (strcmp(s, "SCMP_ACT_KILL") == 0 || strcmp(s, "kill") == 0) {
		*out = SP_ACT_KILL_THREAD;
		return 0;
	}
	for (int a = 0; a < SP_ACT_COUNT; a++) {
		if (strcmp(s, actions[a].oci) == 0 ||
		    short_form_equal(s, actions[a].oci)) {
			*out = (enum sp_action)a;
			return 0;
		}
	}
	return -EINVAL;
}

uint32_t sp_action_ret(enum sp_action a)
{
	return (unsigned)a < SP_ACT_COUNT ? actions[a].ret :
					    SECCOMP_RET_KILL_PROCESS;
}

/* The kernel's MAX_ERRNO: ERRNO data above it is capped. */
#define MAX_ERRNO 4095

enum sp_action sp_action_of_ret(uint32_t ret, int *data)
{
	uint32_t act = ret & SECCOMP_RET_ACTION_FULL;
	int v = (int)(ret & SECCOMP_RET_DATA);

	*data = 0;
	switch (act) {
	case SECCOMP_RET_KILL_PROCESS:
		return SP_ACT_KILL_PROCESS;
	case SECCOMP_RET_KILL_THREAD:
		return SP_ACT_KILL_THREAD;
	case SECCOMP_RET_TRAP:
		*data = v;
		return SP_ACT_TRAP;
	case SECCOMP_RET_ERRNO:
		*data = v > MAX_ERRNO ? MAX_ERRNO : v;
		return SP_ACT_ERRNO;
	case SECCOMP_RET_USER_NOTIF:
		return SP_ACT_NOTIFY;
	case SECCOMP_RET_TRACE:
		*data = v;
		return SP_ACT_TRACE;
	case SECCOMP_RET_LOG:
		return SP_ACT_LOG;
	case SECCOMP_RET_ALLOW:
		return SP_ACT_ALLOW;
	default:
		/* __seccomp_filter: an unknown action kills the process. */
		return SP_ACT_KILL_PROCESS;
	}
}

bool sp_action_allows(enum sp_action a)
{
	return a == SP_ACT_ALLOW || a == SP_ACT_LOG;
}

bool sp_action_takes_errno(enum sp_action a)
{
	return a == SP_ACT_ERRNO || a == SP_ACT_TRACE;
}

int sp_action_errno(enum sp_action a, int err)
{
	if (!sp_action_takes_errno(a))
		return 0;
	return err < 0 ? EPERM : err;
}

const char *sp_action_text(enum sp_action a, int err, char *buf,
			   size_t len)
{
	const char *e;

	err = sp_action_errno(a, err);
	e = a == SP_ACT_ERRNO ? strerrorname_np(err) : NULL;
	if (a != SP_ACT_ERRNO && a != SP_ACT_TRACE)
		snprintf(buf, len, "%s", sp_action_name(a));
	else if (e)
		snprintf(buf, len, "%s(%s)", sp_action_name(a), e);
	else
		snprintf(buf, len, "%s(%d)", sp_action_name(a), err);
	return buf;
}

uint16_t sp_action_pack(enum sp_action action, int err)
{
	if (err < 0 || err > 0xfff)
		err = 0xfff;
	return (uint16_t)(((unsigned)action & 0xf) << 12 | (unsigned)err);
}

void sp_action_unpack(uint16_t data, enum sp_action *action, int *err)
{
	*action = (enum sp_action)(data >> 12);
	*err = data & 0xfff;
}

const char *sp_cmp_name(enum sp_cmp c)
{
	return (unsigned)c < SP_CMP_COUNT ? cmps[c].oci : "SCMP_CMP_?";
}

int sp_cmp_parse(const char *s, enum sp_cmp *out)
{
	for (int c = 0; c < SP_CMP_COUNT; c++) {
		if (strcmp(s, cmps[c].oci) == 0) {
			*out = (enum sp_cmp)c;
			return 0;
		}
	}
	return -EINVAL;
}

int sp_cmp_scmp(enum sp_cmp c)
{
	return (unsigned)c < SP_CMP_COUNT ? cmps[c].scmp : -1;
}

static const char *const origin_tags[SP_ORIGIN_COUNT] = {
	[SP_ORIGIN_RECORDED] = "recorded",
	[SP_ORIGIN_BASELINE] = "baseline",
	[SP_ORIGIN_ALIKE] = "alike",
	[SP_ORIGIN_STATIC] = "static",
	[SP_ORIGIN_LANG] = "language",
	[SP_ORIGIN_VDSO] = "vdso",
	[SP_ORIGIN_CONTROL] = "control-flow",
	[SP_ORIGIN_RUNTIME] = "runtime",
	[SP_ORIGIN_FALLBACK] = "fallback",
	[SP_ORIGIN_ADVICE] = "advice",
	[SP_ORIGIN_SIBLING] = "sibling",
	[SP_ORIGIN_ARCH] = "arch",
	[SP_ORIGIN_OTHER] = "other",
};

const char *sp_origin_tag(enum sp_origin o)
{
	return (unsigned)o < SP_ORIGIN_COUNT ? origin_tags[o] : "other";
}

const char *sp_origin_why(enum sp_origin origin)
{
	switch (origin) {
	case SP_ORIGIN_RECORDED:
		return "recorded";
	case SP_ORIGIN_BASELINE:
		return "allowed by the baseline profile, not seen in the "
		       "recording";
	case SP_ORIGIN_ALIKE:
		return "not recorded; values or calls that grant what allowed "
		       "ones grant (IPv6 for IPv4, a thread for a fork, fchmod "
		       "for chmod)";
	case SP_ORIGIN_STATIC:
		return "not recorded; reachable in the code the recording "
		       "loaded";
	case SP_ORIGIN_LANG:
		return "not recorded; a language runtime makes these on "
		       "timing alone";
	case SP_ORIGIN_VDSO:
		return "vDSO fallback: served in user space here, real calls "
		       "where the vDSO cannot";
	case SP_ORIGIN_CONTROL:
		return "control flow any program may need: signal return, "
		       "restart, exit";
	case SP_ORIGIN_RUNTIME:
		return "the OCI runtime's own calls between loading the filter "
		       "and exec";
	case SP_ORIGIN_FALLBACK:
		return "refused with ENOSYS so that libc falls back to an "
		       "older call";
	case SP_ORIGIN_ADVICE:
		return "refused with ENOSYS: it only advises the kernel, and "
		       "the caller carries on without";
	case SP_ORIGIN_SIBLING:
		return "refused with ENOSYS: its arguments lie in a struct no "
		       "filter can read, so it would get around the conditions "
		       "of the call libc falls back to";
	case SP_ORIGIN_ARCH:
		return "not recorded; on a listed arch whose ABI lacks an "
		       "allowed call, what its C library calls for it (dup3 "
		       "for dup2 on aarch64), or the reverse";
	case SP_ORIGIN_OTHER:
		return "not written by sandprint (no sandprint tag in the "
		       "comment)";
	case SP_ORIGIN_COUNT:
		break;
	}
	return "";
}

enum sp_origin sp_origin_parse_comment(const char *comment)
{
	static const char prefix[] = "sandprint: ";

	if (!comment || strncmp(comment, prefix, sizeof(prefix) - 1) != 0)
		return SP_ORIGIN_OTHER;
	comment += sizeof(prefix) - 1;
	for (int o = 0; o < SP_ORIGIN_OTHER; o++) {
		size_t n = strlen(origin_tags[o]);

		if (strncmp(comment, origin_tags[o], n) == 0 &&
		    comment[n] == ':')
			return (enum sp_origin)o;
	}
	return SP_ORIGIN_OTHER;
}

const char *sp_comment_unfiltered(const char *comment)
{
	const char *tag = comment ? strstr(comment, SP_UNFILTERED_TAG) : NULL;

	return tag ? tag + strlen(SP_UNFILTERED_TAG) : NULL;
}

bool sp_cond_holds(const struct sp_cond *c, uint64_t arg)
{
	switch (c->op) {
	case SP_CMP_NE:
		return arg != c->value;
	case SP_CMP_LT:
		return arg < c->value;
	case SP_CMP_LE:
		return arg <= c->value;
	case SP_CMP_EQ:
		return arg == c->value;
	case SP_CMP_GE:
		return arg >= c->value;
	case SP_CMP_GT:
		return arg > c->value;
	case SP_CMP_MASKED_EQ:
		return (arg & c->value) == (c->value_two & c->value);
	case SP_CMP_COUNT:
		break;
	}
	return false;
}

bool sp_cond_holds_cut(const struct sp_cond *c, uint64_t arg, uint64_t full)
{
	struct sp_cond x = *c;

	/* MASKED_EQ's value is its mask: cut, it masks the datum too. */
	x.value &= full;
	return sp_cond_holds(&x, arg & full);
}

struct sp_profile *sp_profile_new(void)
{
	struct sp_profile *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->default_action = SP_ACT_ERRNO;
	p->default_errno = -1;
	return p;
}

static void rule_fini(struct sp_rule *r)
{
	for (size_t i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->names);
	free(r->conds);
	free(r->comment);
}

void sp_profile_free(struct sp_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nrules; i++)
		rule_fini(&p->rules[i]);
	free(p->rules);
	free(p);
}

int sp_profile_add_arch(struct sp_profile *p, enum sp_arch arch)
{
	for (size_t i = 0; i < p->narchs; i++)
		if (p->archs[i] == arch)
			return 0;
	if (p->narchs >= SP_ARCH_COUNT)
		return -EINVAL;
	p->archs[p->narchs++] = arch;
	return 0;
}

struct sp_rule *sp_profile_add_rule(struct sp_profile *p)
{
	struct sp_rule *r;

	if (sp_array_grow(&p->rules, &p->rules_cap, p->nrules + 1,
			  sizeof(*p->rules)))
		return NULL;
	r = &p->rules[p->nrules++];
	memset(r, 0, sizeof(*r));
	r->action = SP_ACT_ALLOW;
	r->errno_ret = -1;
	return r;
}

int sp_rule_add_name(struct sp_rule *r, const char *name)
{
	size_t lo = 0, hi = r->nnames;
	char **n;
	char *copy;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->names[mid], name);

		if (c == 0)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	n = realloc(r->names, (r->nnames + 1) * sizeof(*n));
	if (!n) {
		free(copy);
		return -ENOMEM;
	}
	memmove(n + lo + 1, n + lo, (r->nnames - lo) * sizeof(*n));
	n[lo] = copy;
	r->names = n;
	r->nnames++;
	return 0;
}

int sp_rule_add_cond(struct sp_rule *r, const struct sp_cond *c)
{
	struct sp_cond *n = realloc(r->conds, (r->nconds + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	n[r->nconds++] = *c;
	r->conds = n;
	return 0;
}

int sp_rule_set_comment(struct sp_rule *r, const char *comment)
{
	char *copy = comment ? strdup(comment) : NULL;

	if (comment && !copy)
		return -ENOMEM;
	free(r->comment);
	r->comment = copy;
	return 0;
}

bool sp_rule_index_repeats(const struct sp_rule *r)
{
	for (size_t i = 0; i < r->nconds; i++)
		for (size_t j = i + 1; j < r->nconds; j++)
			if (r->conds[i].index == r->conds[j].index)
				return true;
	return false;
}

int sp_cond_cmp(const struct sp_cond *x, const struct sp_cond *y)
{
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	if (x->value_two != y->value_two)
		return x->value_two < y->value_two ? -1 : 1;
	return 0;
}

bool sp_rule_same_condition(const struct sp_rule *a, const struct sp_rule *b)
{
	if (a->action != b->action || a->errno_ret != b->errno_ret ||
	    a->origin != b->origin || a->nconds != b->nconds)
		return false;
	for (size_t i = 0; i < a->nconds; i++) {
		const struct sp_cond *x = &a->conds[i], *y = &b->conds[i];

		if (x->index != y->index || x->op != y->op ||
		    x->value != y->value || x->value_two != y->value_two)
			return false;
	}
	return true;
}
