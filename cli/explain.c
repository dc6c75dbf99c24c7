/* explain: what a profile does to one call, which of its rules decides
 * that, and why that rule is there. */
#include <errno.h>
#include <getopt.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/interp.h"
#include "analyzer/check.h"
#include "analyzer/norm.h"
#include "analyzer/sibling.h"
#include "cli/filter.h"
#include "cli/cli.h"
#include "core/argnames.h"
#include "core/array.h"
#include "core/syscall.h"
#include "core/text.h"

struct call {
	enum sp_arch arch;
	int64_t nr;
	const char *name;
	char buf[SP_SYSCALL_NAME_MAX]; /* name, for a number with none */
	uint64_t args[SP_NARGS];
	uint8_t given;           /* bit i: args[i] was given */
};

struct verdict {
	enum sp_action action;
	int data;
};

static struct verdict judge(const struct sp_cli_filter *f,
			    const struct call *c, uint64_t fill,
			    unsigned *read)
{
	struct sp_filter flt = { f->progs, f->n };
	struct seccomp_data sd;
	struct verdict v;
	uint64_t args[SP_NARGS];

	sp_check_fill(c->arch, c->args, c->given, fill, args);
	/* The call's address at the same value, as check tries it. */
	sp_seccomp_data_of(c->arch, c->nr, args, fill, &sd);
	v.action = sp_action_of_ret(sp_interp_run_stack_args(flt.progs, flt.n, &sd,
							read),
				 &v.data);
	return v;
}

static void verdict_text(struct verdict v, char *buf, size_t len)
{
	const char *en = v.action == SP_ACT_ERRNO ? strerrorname_np(v.data) :
						    NULL;

	if (en)
		snprintf(buf, len, "%s (%s, %d)", sp_action_name(v.action), en,
			 v.data);
	else if (v.action == SP_ACT_TRAP || v.action == SP_ACT_TRACE ||
		 v.action == SP_ACT_ERRNO)
		snprintf(buf, len, "%s (%d)", sp_action_name(v.action),
			 v.data);
	else
		snprintf(buf, len, "%s", sp_action_name(v.action));
}

/* What the filter does for every value of the arguments not given and
 * of the call's address (its programs followed path by path,
 * sp_bpf_joint, as check judges the arguments a trace did not keep):
 * each verdict the call can meet, with a call that meets it; *refused
 * when one refuses, *plain when no path turns on an argument not given.
 * 0 (printed), or <0 past the bound
 * (nothing printed). */
static int every_value(const struct sp_cli_filter *f, const struct call *c,
		       bool *plain, bool *refused)
{
	const unsigned all = (1u << SP_NARGS) - 1;
	uint64_t full = sp_norm_full(c->arch);
	/* x86: the upper halves a 64-bit caller's int $0x80 sets. */
	const char *upper = sp_arch_caller_upper(c->arch) ?
				    " or the upper halves of those given, "
				    "which a 64-bit process's int $0x80 "
				    "sets and the call ignores" :
				    "";
	struct sp_cube given = { 0 };
	struct sp_bpf_joint v;
	char vb[96], ab[SP_ARGNAME_MAX];
	bool ip;
	int rc;

	for (int i = 0; i < SP_NARGS; i++)
		if (c->given & (1u << i)) {
			given.m[i] = full;
			given.v[i] = c->args[i] & full;
		}
	rc = sp_bpf_joint(f->progs, f->n, true, c->arch, c->nr, &given, &v);
	if (rc)
		return rc;
	*refused = false;
	*plain = !(v.read & (unsigned)~c->given & all);
	ip = v.read & SP_INTERP_IP;
	if (v.n > 1)
		printf("verdict:    depends on the arguments not given%s%s "
		       "(every value judged):\n",
		       ip ? ", the call's address (the instruction pointer, "
			    "which the filter reads)" : "", upper);
	for (size_t i = 0; i < v.n; i++) {
		const uint64_t *e = v.eg[i];
		struct verdict x;
		int last = -1;

		x.action = sp_action_of_ret(v.ret[i], &x.data);
		*refused |= !sp_action_allows(x.action);
		verdict_text(x, vb, sizeof(vb));
		if (v.n == 1 && *plain && !ip) {
			printf("verdict:    %s\n", vb);
			break;
		}
		if (v.n == 1) {
			printf("verdict:    %s, for every value of the "
			       "arguments not given%s%s\n", vb,
			       *upper ? " and of the upper halves of those "
					"given" : "",
			       ip ? " and of the call's address" : "");
			break;
		}
		/* A call that meets it: each word the least value that
		 * takes the path there. */
		for (int k = 0; k < SP_NARGS; k++)
			if (v.read & (1u << k | SP_INTERP_SECOND(k)) ||
			    c->given & (1u << k))
				last = k;
		printf("  %s: e.g. %s", vb, c->name);
		for (int k = 0; k <= last; k++)
			printf("%s%s", k ? ", " : "(",
			       sp_argname_format_in(c->name, (unsigned)k,
						    e[k], e, 0x3f, ab,
						    sizeof(ab)));
		printf("%s", last >= 0 ? ")" : "");
		if (ip)
			printf(" at %#llx",
			       (unsigned long long)e[SP_NARGS]);
		putchar('\n');
	}
	sp_bpf_joint_fini(&v);
	return 0;
}

/* The sites where libseccomp files rule r at the call's number on its
 * arch, one per name of r that reaches it there (a rule naming accept
 * and socketcall reaches i386's socketcall twice); NULL when none.  *n:
 * how many; *shown: the name to show r by, one that reaches the call by
 * its own number when there is one. */
static struct sp_syscall_site *rule_sites(const struct sp_rule *r,
					  const struct call *c, size_t *n,
					  const char **shown)
{
	struct sp_syscall_site s[SP_SYSCALL_SITES_MAX], *out = NULL;
	size_t cap = 0;

	*n = 0;
	*shown = NULL;
	for (size_t i = 0; i < r->nnames; i++) {
		/* Resolved as libseccomp resolves a rule's name. */
		size_t ns = sp_norm_rule_sites(c->arch, r->names[i], s);

		for (size_t k = 0; k < ns; k++) {
			if (s[k].nr != c->nr)
				continue;
			if (sp_array_grow(&out, &cap, *n + 1, sizeof(*out)))
				break;  /* out of memory: the sites so far */
			out[(*n)++] = s[k];
			if (!*shown || !s[k].muxed)
				*shown = r->names[i];
		}
	}
	if (!*n) {
		free(out);
		out = NULL;
	}
	return out;
}

/* How rule r, filed at sites[0..n), stands for the call: 1 it applies, 0
 * it does not, -1 it depends on arguments not given.  Its clauses as
 * libseccomp gets them at each site (sp_norm_rule_clauses), each
 * condition compared on the bits libseccomp compares on the arch.
 * *failed: the first condition that does not hold (when 0). */
static int rule_applies(const struct sp_rule *r,
			const struct sp_syscall_site *sites, size_t n,
			const struct call *c, struct sp_cond *failed,
			bool *has_failed)
{
	uint64_t full = sp_norm_full(c->arch);
	int how = 0;

	*has_failed = false;
	for (size_t s = 0; how != 1 && s < n; s++) {
		struct sp_norm_clause *cl;
		size_t ncl;

		if (sp_norm_rule_clauses(r, &sites[s], &cl, &ncl))
			return -1;      /* out of memory: cannot tell */
		for (size_t i = 0; how != 1 && i < ncl; i++) {
			bool unknown = false, holds = true;

			for (size_t k = 0; holds && k < cl[i].n; k++) {
				const struct sp_cond *x = &cl[i].conds[k];

				if (!(c->given & (1u << x->index))) {
					unknown = true;
					continue;
				}
				holds = sp_cond_holds_cut(x,
							  c->args[x->index],
							  full);
				if (!holds && !*has_failed) {
					*failed = *x;
					*has_failed = true;
				}
			}
			if (holds)
				how = unknown ? -1 : 1;
		}
		sp_norm_clauses_free(cl, ncl);
	}
	return how;
}

static bool same_verdict(const struct sp_rule *r, struct verdict v)
{
	if (r->action != v.action)
		return false;
	return r->action != SP_ACT_ERRNO ||
	       sp_action_errno(r->action, r->errno_ret) == v.data;
}

/* Rule r, which reaches the call c at sites[0..n), shown by name. */
static void print_rule(const struct sp_rule *r, const struct call *c,
		       const struct sp_syscall_site *sites, size_t n,
		       const char *name)
{
	char buf[SP_COND_TEXT_MAX];
	size_t shown = 0;
	bool muxed = false;

	printf("  %s", sp_action_name(r->action));
	if (r->errno_ret >= 0)
		printf("(%d)", r->errno_ret);
	/* The names, the call's first, cut short: a rule may list
	 * hundreds. */
	printf(" ");
	sp_text_put(stdout, name);
	for (size_t k = 0; k < r->nnames && shown < 7; k++) {
		if (strcmp(r->names[k], name) == 0)
			continue;
		putchar(' ');
		sp_text_put(stdout, r->names[k]);
		shown++;
	}
	if (r->nnames > shown + 1)
		printf(" ... (%zu names)", r->nnames);
	putchar('\n');
	for (size_t k = 0; k < r->nconds; k++) {
		sp_cond_format(name, &r->conds[k], r->conds, r->nconds, buf,
			       sizeof(buf));
		printf("      %s %s\n", k ? "and" : "if ", buf);
	}
	for (size_t k = 0; k < n; k++) {
		if (!sites[k].muxed)
			continue;
		if (!muxed)
			printf("      (on %s, libseccomp files it under %s "
			       "too for the calls %s multiplexes, with arg0 == "
			       "the call's number (", sp_arch_name(c->arch),
			       c->name, c->name);
		printf("%s%llu", muxed ? ", " : "",
		       (unsigned long long)sites[k].arg0);
		muxed = true;
	}
	if (muxed)
		printf(") in place of their conditions on arg0)\n");
}

static void print_origin(const struct sp_rule *r, const struct sp_cli_filter *f)
{
	const char *unfiltered = sp_comment_unfiltered(r->comment);
	enum sp_origin o = r->origin;
	const char *ev = r->comment ? strstr(r->comment, "recorded: ") : NULL;

	if (o == SP_ORIGIN_OTHER) {
		printf("origin:     not written by sandprint");
		if (r->comment && *r->comment) {
			printf("; its comment: ");
			sp_text_put(stdout, r->comment);
		}
		putchar('\n');
		return;
	}
	printf("origin:     [%s] %s%s\n", sp_origin_tag(o), sp_origin_why(o),
	       f->from_trace ? " (profile made of the trace)" : "");
	if ((o == SP_ORIGIN_RECORDED || o == SP_ORIGIN_BASELINE) &&
	    r->comment) {
		printf("evidence:   ");
		sp_text_put(stdout, ev ? ev + strlen("recorded: ") :
					 r->comment);
		putchar('\n');
	} else if ((o == SP_ORIGIN_ALIKE || o == SP_ORIGIN_ARCH) &&
		   r->comment) {
		/* Which recorded value or call it stands for: the comment
		 * past "sandprint: alike: " or "sandprint: arch: ". */
		const char *c = strchr(r->comment, ':');

		c = c ? strchr(c + 1, ':') : NULL;
		printf("evidence:   ");
		sp_text_put(stdout, c ? c + 2 : r->comment);
		putchar('\n');
	} else if (unfiltered) {
		/* No evidence line to carry it (static, language): what
		 * no condition holds is said all the same. */
		printf("UNFILTERED: ");
		sp_text_put(stdout, unfiltered);
		putchar('\n');
	}
}

static bool default_verdict(const struct sp_profile *p, struct verdict v)
{
	return v.action == p->default_action &&
	       (v.action != SP_ACT_ERRNO ||
		v.data == sp_action_errno(v.action, p->default_errno));
}

/* Whether f's filter checks calls of arch by its rules: an arch its
 * profile lists, or the one of the machine it is compiled for, which
 * libseccomp always adds. */
static bool filtered(const struct sp_cli_filter *f, enum sp_arch arch)
{
	const struct sp_profile *p = f->profile;

	for (size_t i = 0; i < p->narchs; i++)
		if (p->archs[i] == arch)
			return true;
	return arch == (f->host != SP_ARCH_UNKNOWN ? f->host :
						     sp_arch_native());
}

/* Every rule reaching the call, and whether it applies. */
static void list_rules(const struct sp_profile *p, const struct call *c)
{
	struct sp_syscall_site *sites;
	struct sp_cond failed;
	char buf[SP_COND_TEXT_MAX];
	const char *name;
	bool has_failed;
	size_t n;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		int how;

		sites = rule_sites(r, c, &n, &name);
		if (!sites)
			continue;
		how = rule_applies(r, sites, n, c, &failed, &has_failed);
		if (how < 0) {
			printf("depends on arguments not given:\n");
		} else if (how > 0) {
			printf("applies:\n");
		} else if (has_failed) {
			sp_cond_format(c->name, &failed, r->conds, r->nconds,
				       buf, sizeof(buf));
			printf("not applied (%s does not hold):\n", buf);
		} else {
			printf("not applied:\n");
		}
		print_rule(r, c, sites, n, name);
		free(sites);
	}
}

/* A JSON profile (or a trace's): the rules.  unsure: the verdict may
 * change with arguments not given. */
static void explain_rules(const struct sp_cli_filter *f, const struct call *c,
			  struct verdict v, bool unsure)
{
	const struct sp_profile *p = f->profile;
	const struct sp_rule *decided = NULL;
	struct sp_syscall_site *sites, *dsites = NULL;
	struct sp_cond failed;
	const char *name, *dname = NULL;
	bool has_failed;
	size_t nnamed = 0, n, dn = 0;

	if (!filtered(f, c->arch)) {
		/* Not a rule: libseccomp's own check, before any rule. */
		printf("decided by: the filter's architecture check, not a "
		       "rule: %s is not among the profile's architectures\n",
		       sp_arch_name(c->arch));
		return;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		sites = rule_sites(r, c, &n, &name);
		if (!sites)
			continue;
		nnamed++;
		if (!decided && !unsure && same_verdict(r, v) &&
		    rule_applies(r, sites, n, c, &failed, &has_failed) > 0) {
			decided = r;
			dsites = sites;
			dn = n;
			dname = name;
			continue;
		}
		free(sites);
	}
	if (decided) {
		printf("decided by:\n");
		print_rule(decided, c, dsites, dn, dname);
		free(dsites);
		print_origin(decided, f);
		return;
	}
	if (unsure)
		printf("decided by: the rules below and the arguments not "
		       "given; else the default action\n");
	else if (default_verdict(p, v))
		printf("decided by: the default action (%s)\n",
		       nnamed ? "no rule for the call applies" :
				"no rule names the call");
	else
		printf("decided by: the filter libseccomp compiles the rules "
		       "into, not as they read (no rule for the call that "
		       "applies has this verdict; see sandprint-diff(1))\n");
	list_rules(p, c);
}

/* A raw or live program: the instructions that decided. */
static void explain_programs(const struct sp_cli_filter *f,
			     const struct call *c)
{
	struct sp_interp_path *path = malloc(sizeof(*path));
	struct seccomp_data sd;
	uint32_t best = SECCOMP_RET_ALLOW, ret;
	size_t decider = 0;
	unsigned read = 0, open, upper;
	char buf[96];

	if (!path) {
		sp_cli_error("explain: %s", strerror(ENOMEM));
		return;
	}
	sp_seccomp_data_of(c->arch, c->nr, c->args, 0, &sd);
	/* As seccomp_run_filters: newest first, strictly lower wins. */
	for (size_t i = f->n; i-- > 0;) {
		ret = sp_interp_run(f->progs[i].insns, f->progs[i].len, &sd);
		if (i == f->n - 1 ||
		    (int32_t)(ret & SECCOMP_RET_ACTION_FULL) <
			    (int32_t)(best & SECCOMP_RET_ACTION_FULL)) {
			best = ret;
			decider = i;
		}
	}
	sp_interp_run_path(f->progs[decider].insns, f->progs[decider].len, &sd,
			path);
	/* The words of the call this path was taken at that the filter
	 * reads and the call did not give: said, since other values may
	 * take another path (a real call's address is never 0).  The
	 * upper halves of those given only on x86, where the call reads
	 * their low halves alone: elsewhere they were given whole. */
	sp_interp_run_stack_args(f->progs, f->n, &sd, &read);
	open = read & ((1u << SP_NARGS) - 1) & ~(unsigned)c->given;
	upper = sp_arch_caller_upper(c->arch) ?
			read & SP_INTERP_SECOND(0) * c->given : 0;
	printf("decided by: %sinstruction %u of %zu\n",
	       f->n > 1 ? "a stacked filter, " : "",
	       path->step[path->n - 1].pc, f->progs[decider].len);
	if (read & SP_INTERP_IP || open || upper)
		printf("            for the call made%s%s%s%s%s: the filter "
		       "reads %s, other values may take another path\n",
		       read & SP_INTERP_IP ? " at address 0" : "",
		       open || upper ? " with" : "",
		       open ? " the arguments not given as 0" : "",
		       open && upper ? " and" : "",
		       upper ? " the upper halves of those given as 0" : "",
		       read & SP_INTERP_IP && (open || upper) ? "them" :
		       read & SP_INTERP_IP ? "the instruction pointer" :
					     "them");
	if (f->n > 1)
		printf("            filter %zu of %zu (oldest first)\n",
		       decider + 1, f->n);
	printf("path:\n");
	for (size_t k = 0; k < path->n; k++) {
		const struct sock_filter *x =
			&f->progs[decider].insns[path->step[k].pc];

		sp_interp_insn_format(x, buf, sizeof(buf));
		printf("  %4u  %s%s\n", path->step[k].pc, buf,
		       BPF_CLASS(x->code) == BPF_JMP && BPF_OP(x->code) != BPF_JA ?
			       (path->step[k].taken ? "  (yes)" : "  (no)") :
			       "");
	}
	printf("origin:     a raw program carries none (a JSON profile "
	       "written by sandprint does)\n");
	free(path);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint explain [--arch ARCH] [--caps LIST] "
		"[--kernel X.Y]\n"
		"                         [--filter NAME] [-q]\n"
		"                         PROFILE SYSCALL [ARG]...\n\n"
		"Says what PROFILE does to one call, the rule that decides it, "
		"where that\nrule came from and its evidence (the calls "
		"recorded).  PROFILE is anything\ncheck takes (an OCI, "
		"Docker/Podman or Firecracker JSON profile, a raw\ncBPF file, "
		"pid:N) or a trace (its profile with the default options).\n"
		"SYSCALL is a name or a number; each ARG a number, a constant "
		"(AF_INET,\nTCGETS), several joined by | "
		"(SOCK_STREAM|SOCK_CLOEXEC), or _ for any\nvalue.  Exits 0 "
		"when the call is allowed, 1 when it is refused (for some\n"
		"values of the arguments not given), 2 on error.\n\n"
		"      --arch ARCH  the call's architecture (default: this "
		"machine's)\n"
		"      --caps LIST  capabilities a Docker profile is resolved "
		"for\n"
		"      --kernel X.Y kernel a Docker profile is resolved for\n"
		"      --filter NAME\n"
		"                   the filter of a Firecracker file (default: "
		"its only one)\n"
		"  -q, --quiet      no notes on stderr\n"
		"  -h, --help       show this help\n");
}

enum { OPT_ARCH = 0x200 };

static int parse_call(struct call *c, int argc, char **argv, int first)
{
	struct sp_syscall_site site[SP_SYSCALL_SITES_MAX];
	size_t n;
	char *end;

	errno = 0;
	c->nr = strtoll(argv[first], &end, 0);
	if (!errno && end != argv[first] && !*end) {
		/* Any number a task can put in the register reaches the
		 * filter, named or not (syscall_N, as check and show say). */
		if (c->nr < 0 || c->nr > INT32_MAX) {
			sp_cli_error("%s: not a system call number (0 to %d)",
				     argv[first], INT32_MAX);
			return -1;
		}
		/* x32 and x86_64 share an audit arch: the x32 bit in the
		 * number tells them apart, for the kernel and libseccomp. */
		c->arch = sp_arch_of_call(sp_arch_audit(c->arch), c->nr);
		c->name = sp_syscall_name_or_nr(c->arch, c->nr, c->buf);
	} else if (!(n = sp_syscall_sites(c->arch, argv[first], site))) {
		sp_cli_error("%s: not a system call on %s", argv[first],
			     sp_arch_name(c->arch));
		return -1;
	} else if (n == 1 && site[0].muxed) {
		/* Its arguments lie in memory, where no filter reads. */
		sp_cli_error("%s: on %s, made only through %s with arg0 %llu "
			     "(its own arguments in memory): explain %s %llu",
			     argv[first], sp_arch_name(c->arch),
			     sp_syscall_name(c->arch, site[0].nr),
			     (unsigned long long)site[0].arg0,
			     sp_syscall_name(c->arch, site[0].nr),
			     (unsigned long long)site[0].arg0);
		return -1;
	} else {
		c->nr = site[n - 1].nr;
		c->name = argv[first];
	}
	if (argc - first - 1 > SP_NARGS) {
		sp_cli_error("explain: at most %d arguments", SP_NARGS);
		return -1;
	}
	for (int i = 0; i < argc - first - 1; i++) {
		const char *a = argv[first + 1 + i];

		if (strcmp(a, "_") == 0)
			continue;
		if (sp_argname_parse(a, &c->args[i])) {
			sp_cli_error("%s: argument %d: expected a number, a "
				     "constant such as AF_INET, several "
				     "joined by |, or _", a, i);
			return -1;
		}
		c->given |= (uint8_t)(1u << i);
		/* An i386 or arm call reads 32-bit registers (x32's are
		 * 64-bit): -1 is 0xffffffff there.  (On x86 a filter may
		 * see more, the upper halves: every_value.) */
		if (!(sp_arch_audit(c->arch) & __AUDIT_ARCH_64BIT))
			c->args[i] &= UINT32_MAX;
	}
	return 0;
}

/* Whether f allows call name on arch for some value of its arguments
 * (for the values tried, where every value cannot be judged). */
static bool allows_some(const struct sp_cli_filter *f, enum sp_arch arch,
			const char *name)
{
	struct call c = { .arch = arch, .name = name };
	struct sp_bpf_joint v;
	uint64_t probes[SP_CHECK_NPROBES];
	unsigned read = 0;
	bool yes = false;
	size_t n;
	int data;

	if (sp_syscall_nr(arch, name, &c.nr))
		return false;
	if (sp_bpf_joint(f->progs, f->n, true, arch, c.nr, NULL, &v) == 0) {
		for (size_t i = 0; i < v.n; i++)
			yes |= sp_action_allows(sp_action_of_ret(v.ret[i],
								 &data));
		sp_bpf_joint_fini(&v);
		return yes;
	}
	n = sp_check_probes(arch, probes);
	for (size_t k = 0; k < n; k++)
		yes |= sp_action_allows(judge(f, &c, probes[k], &read).action);
	return yes;
}

/* io_uring's rings do what op does without passing through seccomp
 * (sibling.def BYPASS): a call refused by its rules is not refused to a
 * workload the filter lets set up and enter a ring.  Said, not judged:
 * the verdict stays the call's own. */
static void say_uring(const struct sp_cli_filter *f, const struct call *c)
{
	const char *op = sp_sibling_uring_op(c->name);

	if (!op || !allows_some(f, c->arch, "io_uring_setup") ||
	    !allows_some(f, c->arch, "io_uring_enter"))
		return;
	printf("io_uring:   io_uring_setup and io_uring_enter are allowed, "
	       "and %s does %s's work in the kernel, never through "
	       "seccomp: this verdict holds for the system call only\n", op,
	       c->name);
}

int sp_cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, OPT_ARCH },
		SP_CLI_DOCKER_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_cli_filter f = { .traces_ok = true };
	struct call c = { .arch = sp_arch_native() };
	struct sp_docker_opts dopts;
	struct verdict v[SP_CHECK_NPROBES];
	uint64_t probes[SP_CHECK_NPROBES];
	size_t nprobes;
	struct sp_cli_docker dc = { 0 };
	char buf[SP_ARGNAME_MAX];
	const unsigned all = (1u << SP_NARGS) - 1;
	unsigned read = 0, open;
	bool depends = false, refused = false, plain = true;
	int ch, stop, rc, last = SP_NARGS - 1;

	optind = 1;
	while ((ch = sp_cli_getopt(argc, argv, "+qh", longopts, usage,
				   &stop))) {
		if (sp_cli_docker_option(&dc, ch, optarg))
			continue;
		switch (ch) {
		case OPT_ARCH:
			if (sp_arch_parse(optarg, &c.arch)) {
				sp_cli_error("--arch %s: unknown architecture",
					     optarg);
				return SP_EXIT_ERROR;
			}
			break;
		case 'q':
			f.quiet = true;
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (argc - optind < 2)
		return sp_cli_usage_error(usage, "explain: expected PROFILE "
					  "and SYSCALL");
	/* Options stop at PROFILE, so that a call's arguments can be
	 * negative (-100); a long option past it is a misplaced one, not a
	 * call or an argument. */
	for (int i = optind + 1; i < argc; i++)
		if (!strncmp(argv[i], "--", 2))
			return sp_cli_usage_error(usage, "explain: %s: options "
						  "go before PROFILE", argv[i]);
	if (parse_call(&c, argc, argv, optind + 1) ||
	    sp_cli_docker_opts(&dopts, &dc) ||
	    sp_cli_filter_load(&f, argv[optind], &dopts))
		return SP_EXIT_ERROR;
	/* A call of a machine of another arch: the profile as compiled
	 * there (check does the same). */
	dopts.arch = sp_cli_filter_host(&f, c.arch, NULL);
	if (dopts.arch != SP_ARCH_UNKNOWN) {
		struct sp_cli_filter there = { 0 };
		bool quiet = f.quiet;

		rc = sp_cli_filter_load_on(&there, &f, &dopts, dopts.arch);
		sp_cli_filter_fini(&f);
		if (rc)
			return SP_EXIT_ERROR;
		f = there;
		f.quiet = quiet;
	}
	if (!f.n) {
		printf("no filter: every call is allowed\n");
		sp_cli_filter_fini(&f);
		return SP_EXIT_OK;
	}

	/* The call as asked: trailing arguments not given are left out. */
	while (last >= 0 && !(c.given & (1u << last)))
		last--;
	printf("explain: ");
	sp_text_put(stdout, argv[optind]);
	printf(": %s", c.name);
	for (int i = 0; i <= last; i++) {
		if (c.given & (1u << i))
			sp_argname_format_in(c.name, (unsigned)i, c.args[i],
					     c.args, c.given, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "_");
		printf("%s%s", i ? ", " : "(", buf);
	}
	printf("%s on %s\n", last < 0 ? " (any arguments)" : ")",
	       sp_arch_name(c.arch));
	if (f.form == SP_FORM_FIRECRACKER)
		printf("profile:    Firecracker's seccompiler form, %s%s%s, "
		       "for the arch of the machine it runs on\n",
		       dc.filter ? "filter \"" : "its only filter",
		       dc.filter ? dc.filter : "", dc.filter ? "\"" : "");
	else if (f.form != SP_FORM_OCI)
		printf("profile:    %s form, resolved as %s does for %s "
		       "capabilities and kernel %d.%d\n",
		       f.form == SP_FORM_PODMAN ? "Podman's" : "Docker's",
		       f.form == SP_FORM_PODMAN ? "Podman" : "dockerd",
		       dc.caps ? "the --caps" :
		       f.form == SP_FORM_PODMAN ? "Podman's default" :
						  "Docker's default",
		       dopts.kmajor, dopts.kminor);

	/* The words the verdict may turn on: the arguments not given, on
	 * x86 the upper halves of those given, which a 64-bit caller's
	 * int $0x80 sets, the call ignores and the filter sees, and the
	 * call's address, which no call names.  A filter that reads none of
	 * them on the call's path takes that path at every value. */
	nprobes = sp_check_probes(c.arch, probes);
	open = ((unsigned)~c.given & all) | SP_INTERP_IP |
	       (sp_arch_caller_upper(c.arch) ? SP_INTERP_SECOND(0) * all : 0);
	v[0] = judge(&f, &c, probes[0], &read);
	refused = !sp_action_allows(v[0].action);
	verdict_text(v[0], buf, sizeof(buf));
	if (!(read & open)) {
		printf("verdict:    %s\n", buf);
	} else if (every_value(&f, &c, &plain, &refused)) {
		/* Past the bound of every_value: what the filter does for
		 * the values tried, which cannot be all. */
		for (size_t k = 1; k < nprobes; k++) {
			v[k] = judge(&f, &c, probes[k], &read);
			depends |= v[k].action != v[0].action ||
				   v[k].data != v[0].data;
			refused |= !sp_action_allows(v[k].action);
		}
		plain = !(read & (unsigned)~c.given & all);
		printf("verdict:    %s for the arguments not given%s at each "
		       "value tried:\n", depends ? "depends" : buf,
		       read & SP_INTERP_IP ? " and the call's address" : "");
		for (size_t k = 0; k < nprobes; k++) {
			verdict_text(v[k], buf, sizeof(buf));
			printf("  %#llx: %s\n", (unsigned long long)probes[k],
			       buf);
		}
		printf("  (other values may differ: give the arguments)\n");
	}
	if (f.profile) {
		explain_rules(&f, &c, v[0], !plain);
	} else {
		/* The path for the arguments not given as 0. */
		for (int i = 0; i < SP_NARGS; i++)
			if (!(c.given & (1u << i)))
				c.args[i] = 0;
		explain_programs(&f, &c);
	}
	if (refused)
		say_uring(&f, &c);
	sp_cli_filter_fini(&f);
	return refused ? SP_EXIT_DIFFERENT : SP_EXIT_OK;
}
