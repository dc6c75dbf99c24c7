/* analyzer/diff.c: profiles compared by meaning; --subset proofs at the
 * argument level; the model of each condition checked against the kernel
 * (tests/probe.h) on the filter libseccomp compiles. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "core/argnames.h"
#include "analyzer/check.h"
#include "analyzer/diff.h"
#include "analyzer/interp.h"
#include "core/array.h"
#include "output/diff_report.h"
#include "output/seccomp.h"
#include "tests/probe.h"

static struct sp_profile *prof(enum sp_arch arch)
{
	struct sp_profile *p = sp_profile_new();

	cr_assert_not_null(p);
	p->default_action = SP_ACT_ERRNO;
	p->default_errno = -1;
	sp_profile_add_arch(p, arch);
	return p;
}

/* rule(p, action, errno, "name", ..., NULL) */
static struct sp_rule *rule(struct sp_profile *p, enum sp_action a, int err,
			    ...)
{
	struct sp_rule *r = sp_profile_add_rule(p);
	const char *name;
	va_list ap;

	cr_assert_not_null(r);
	r->action = a;
	r->errno_ret = err;
	va_start(ap, err);
	while ((name = va_arg(ap, const char *)))
		cr_assert_eq(sp_rule_add_name(r, name), 0);
	va_end(ap);
	return r;
}

static void cond(struct sp_rule *r, unsigned idx, enum sp_cmp op,
		 uint64_t v, uint64_t v2)
{
	struct sp_cond c = { idx, v, v2, op };

	cr_assert_eq(sp_rule_add_cond(r, &c), 0);
}

static struct sp_diff *diff(const struct sp_profile *a,
			    const struct sp_profile *b)
{
	struct sp_diff *d = NULL;

	cr_assert_eq(sp_diff_profiles(a, b, NULL, &d), 0);
	cr_assert_not_null(d);
	return d;
}

static const struct sp_diff_change *only_change(const struct sp_diff *d,
						const char *syscall)
{
	cr_assert_eq(d->nchanges, 1, "expected one change, got %zu",
		     d->nchanges);
	cr_assert_str_eq(d->changes[0].syscall, syscall);
	return &d->changes[0];
}

/* Whether one of the n value sets v of c reads s, as the report words
 * it (output/diff_report.c). */
static bool has(const struct sp_diff_change *c,
		const struct sp_diff_values *v, size_t n, const char *s)
{
	bool found = false;

	for (size_t i = 0; i < n && !found; i++) {
		char *w = sp_diff_values_text(c, &v[i]);

		cr_assert(w);
		found = strcmp(w, s) == 0;
		free(w);
	}
	return found;
}

/* How side x of c reads in the report. */
static void side_reads(const struct sp_diff_change *c,
		       const struct sp_diff_side *x, const char *want)
{
	char *w = sp_diff_side_text(c, x, NULL);

	cr_assert(w);
	cr_assert_str_eq(w, want);
	free(w);
}

/* A profile with the usual calls, the base of most cases. */
static struct sp_profile *base(void)
{
	struct sp_profile *p = prof(SP_ARCH_X86_64);

	rule(p, SP_ACT_ALLOW, -1, "read", "write", "close", "exit_group",
	     NULL);
	return p;
}

/* ---- normalization: equal meaning, different text ---- */

Test(diff, reordered_split_and_duplicate_names_are_equal)
{
	struct sp_profile *a = base(), *b = prof(SP_ARCH_X86_64);
	struct sp_diff *d;

	rule(b, SP_ACT_ALLOW, -1, "exit_group", "write", NULL);
	rule(b, SP_ACT_ALLOW, -1, "read", "write", NULL);
	rule(b, SP_ACT_ALLOW, -1, "close", "read", NULL);
	d = diff(a, b);
	cr_assert(sp_diff_equal(d));
	cr_assert_eq(d->subset, SP_SUBSET_YES);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, rule_with_the_default_verdict_means_nothing)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_diff *d;

	/* Unset errnoRet is EPERM, as the default's. */
	rule(b, SP_ACT_ERRNO, EPERM, "ptrace", NULL);
	rule(b, SP_ACT_ERRNO, -1, "kexec_load", NULL);
	d = diff(a, b);
	cr_assert(sp_diff_equal(d));
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, repeated_index_equals_separate_entries)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	struct sp_diff *d;

	r = rule(a, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_UNIX, 0);
	cond(r, 0, SP_CMP_EQ, AF_INET, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_INET, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_UNIX, 0);
	d = diff(a, b);
	cr_assert(sp_diff_equal(d));
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, distinct_indexes_are_anded_not_ored)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	struct sp_diff *d;

	/* a: family AF_INET and type SOCK_STREAM; b: either, separately. */
	r = rule(a, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_INET, 0);
	cond(r, 1, SP_CMP_EQ, SOCK_STREAM, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_INET, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 1, SP_CMP_EQ, SOCK_STREAM, 0);
	d = diff(a, b);
	cr_assert_eq(only_change(d, "socket")->kind, SP_DIFF_WIDENED);
	cr_assert_eq(d->subset, SP_SUBSET_NO);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, same_set_written_with_other_operators_is_equal)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	struct sp_diff *d;

	/* arg0 != 5  ==  arg0 < 5 || arg0 > 5;  arg1 <= 10 == arg1 < 11. */
	r = rule(a, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_NE, 5, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_LT, 5, 0);
	cond(r, 0, SP_CMP_GT, 5, 0);
	r = rule(a, SP_ACT_ALLOW, -1, "kill", NULL);
	cond(r, 1, SP_CMP_LE, 10, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "kill", NULL);
	cond(r, 1, SP_CMP_LT, 11, 0);
	/* GE 0 is every value: the same as no condition. */
	r = rule(a, SP_ACT_ALLOW, -1, "dup", NULL);
	cond(r, 0, SP_CMP_GE, 0, 0);
	rule(b, SP_ACT_ALLOW, -1, "dup", NULL);
	d = diff(a, b);
	cr_assert(sp_diff_equal(d), "%zu changes, first %s", d->nchanges,
		  d->nchanges ? d->changes[0].syscall : "");
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, masked_eq_datum_is_masked_as_libseccomp_does)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	struct sp_diff *d;

	/* (x & 0xff) == 0x1ff compiles as (x & 0xff) == 0xff. */
	r = rule(a, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_MASKED_EQ, 0xff, 0x1ff);
	r = rule(b, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_MASKED_EQ, 0xff, 0xff);
	d = diff(a, b);
	cr_assert(sp_diff_equal(d));
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, masked_eq_unions_that_cover_a_bit_are_equal)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	struct sp_diff *d;

	/* bit 0 clear  ==  low two bits 00 or 10. */
	r = rule(a, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_MASKED_EQ, 0x1, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_MASKED_EQ, 0x3, 0);
	cond(r, 0, SP_CMP_MASKED_EQ, 0x3, 0x2);
	d = diff(a, b);
	cr_assert(sp_diff_equal(d));
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

/* ---- each kind of change ---- */

Test(diff, added_and_removed_calls_are_named)
{
	struct sp_profile *a = base(), *b = prof(SP_ARCH_X86_64);
	struct sp_diff *d;

	rule(b, SP_ACT_ALLOW, -1, "read", "write", "close", "socket", NULL);
	d = diff(a, b);
	cr_assert_eq(d->nchanges, 2);
	cr_assert_str_eq(d->changes[0].syscall, "exit_group");
	cr_assert_eq(d->changes[0].kind, SP_DIFF_REMOVED);
	cr_assert_str_eq(d->changes[1].syscall, "socket");
	cr_assert_eq(d->changes[1].kind, SP_DIFF_ADDED);
	side_reads(&d->changes[1], &d->changes[1].new, "SCMP_ACT_ALLOW");
	cr_assert_eq(d->changes[1].subset, SP_SUBSET_NO);
	cr_assert_eq(d->changes[0].subset, SP_SUBSET_YES);
	cr_assert_eq(d->subset, SP_SUBSET_NO);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, argument_change_names_the_values)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	const struct sp_diff_change *c;
	struct sp_diff *d;

	r = rule(a, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_UNIX, 0);
	cond(r, 0, SP_CMP_EQ, AF_INET6, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_UNIX, 0);
	cond(r, 0, SP_CMP_EQ, AF_INET, 0);
	d = diff(a, b);
	c = only_change(d, "socket");
	cr_assert_eq(c->kind, SP_DIFF_ARGS);
	cr_assert_eq(c->nplus, 1);
	cr_assert(has(c, c->plus, c->nplus, "AF_INET"));
	cr_assert_eq(c->nminus, 1);
	cr_assert(has(c, c->minus, c->nminus, "AF_INET6"));
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

/* A rule with many argument sets reads as a list in the text report: an
 * alternative per line, "else" on the last, not one line of "||"; in
 * Markdown, a code span per line. */
Test(diff, long_side_laid_out_an_alternative_per_line)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_diff_report r = { "a.json", "b.json", false, NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	static const int fam[] = { AF_UNIX, AF_INET, AF_INET6 };
	struct sp_rule *x;

	rule(a, SP_ACT_ALLOW, -1, "socket", NULL);
	for (size_t i = 0; i < sizeof(fam) / sizeof(fam[0]); i++) {
		x = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
		cond(x, 0, SP_CMP_EQ, (uint64_t)fam[i], 0);
		cond(x, 1, SP_CMP_EQ, SOCK_DGRAM, 0);
	}
	r.diff = diff(a, b);
	cr_assert_eq(sp_diff_report_write(m, SP_REPORT_TEXT, false, &r), 0);
	fclose(m);
	cr_assert(strstr(buf,
		"    new: SCMP_ACT_ALLOW if arg0 == AF_UNIX && arg1 == SOCK_DGRAM\n"
		"           or arg0 == AF_INET && arg1 == SOCK_DGRAM\n"
		"           or arg0 == AF_INET6 && arg1 == SOCK_DGRAM\n"
		"         else SCMP_ACT_ERRNO(EPERM)\n"), "%s", buf);
	cr_assert(strstr(buf, "    old: SCMP_ACT_ALLOW\n"), "%s", buf);
	free(buf);
	/* Markdown: a code span per line of it, the cell's lines <br>. */
	m = open_memstream(&buf, &len);
	cr_assert_eq(sp_diff_report_write(m, SP_REPORT_MARKDOWN, false, &r), 0);
	fclose(m);
	cr_assert(strstr(buf, "| `SCMP_ACT_ALLOW if arg0 == AF_UNIX && arg1 == "
			      "SOCK_DGRAM`<br>`  or arg0 == AF_INET && arg1 == "
			      "SOCK_DGRAM`<br>`  or arg0 == AF_INET6 && arg1 == "
			      "SOCK_DGRAM`<br>`else SCMP_ACT_ERRNO(EPERM)` |"),
		  "%s", buf);
	free(buf);
	sp_diff_free((struct sp_diff *)r.diff);
	sp_profile_free(a);
	sp_profile_free(b);
}

/* A rule that refuses a few bits (generate's SP_ARG_RECAST, a guard)
 * reads as those bits, as show's comments do. */
Test(diff, few_bits_refused_read_as_those_bits)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	const struct sp_diff_change *c;
	struct sp_diff *d;
	char *w;

	r = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_INET, 0);
	cond(r, 1, SP_CMP_MASKED_EQ, 0x8, 0);
	d = diff(a, b);
	c = only_change(d, "socket");
	w = sp_diff_side_text(c, &c->new, NULL);
	cr_assert(w);
	cr_assert(strstr(w, "arg1 has none of the bits 0x8"), "%s", w);
	free(w);
	cr_assert(has(c, c->plus, c->nplus,
		      "arg0 == AF_INET && arg1 has none of the bits 0x8"));
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, widened_and_narrowed)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	const struct sp_diff_change *c;
	struct sp_diff *d;

	r = rule(a, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_UNIX, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 0, SP_CMP_EQ, AF_UNIX, 0);
	cond(r, 0, SP_CMP_EQ, AF_NETLINK, 0);
	d = diff(a, b);
	c = only_change(d, "socket");
	cr_assert_eq(c->kind, SP_DIFF_WIDENED);
	cr_assert(has(c, c->plus, c->nplus, "AF_NETLINK"));
	cr_assert_eq(c->nminus, 0);
	sp_diff_free(d);
	d = diff(b, a);
	c = only_change(d, "socket");
	cr_assert_eq(c->kind, SP_DIFF_NARROWED);
	cr_assert(has(c, c->minus, c->nminus, "AF_NETLINK"));
	cr_assert_eq(d->subset, SP_SUBSET_YES, "narrowing is a subset");
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, flag_values_are_named_bit_by_bit)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;
	const struct sp_diff_change *c;
	struct sp_diff *d;

	r = rule(a, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 1, SP_CMP_EQ, SOCK_STREAM, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "socket", NULL);
	cond(r, 1, SP_CMP_EQ, SOCK_STREAM, 0);
	cond(r, 1, SP_CMP_EQ, SOCK_STREAM | SOCK_CLOEXEC, 0);
	d = diff(a, b);
	c = only_change(d, "socket");
	cr_assert_eq(c->nplus, 1);
	cr_assert(has(c, c->plus, c->nplus, "SOCK_STREAM|SOCK_CLOEXEC"));
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, errno_change_is_an_action_change)
{
	struct sp_profile *a = base(), *b = base();
	const struct sp_diff_change *c;
	struct sp_diff *d;

	rule(a, SP_ACT_ERRNO, EACCES, "mkdir", NULL);
	rule(b, SP_ACT_ERRNO, ENOSYS, "mkdir", NULL);
	d = diff(a, b);
	c = only_change(d, "mkdir");
	cr_assert_eq(c->kind, SP_DIFF_ACTION);
	side_reads(c, &c->old, "SCMP_ACT_ERRNO(EACCES)");
	side_reads(c, &c->new, "SCMP_ACT_ERRNO(ENOSYS)");
	cr_assert_eq(c->subset, SP_SUBSET_YES, "both refuse");
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, default_and_architecture_changes)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_diff *d;

	b->default_action = SP_ACT_KILL_PROCESS;
	sp_profile_add_arch(b, SP_ARCH_X86);
	d = diff(a, b);
	cr_assert(d->default_changed);
	cr_assert_eq(d->new_default, SP_ACT_KILL_PROCESS);
	cr_assert_eq(d->old_archs, 1u << SP_ARCH_X86_64);
	cr_assert_eq(d->new_archs, 1u << SP_ARCH_X86_64 | 1u << SP_ARCH_X86);
	cr_assert_not(sp_diff_equal(d));
	/* NEW allows read etc. on x86, where OLD's filter kills. */
	cr_assert_eq(d->subset, SP_SUBSET_NO);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

/* libseccomp always filters the native arch: a profile that lists none
 * and one that lists only the native one load the same filter (crun,
 * runc), and two that list x86 with or without it too; an arch one of
 * them alone filters is a change. */
Test(diff, listing_the_native_arch_changes_nothing)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_diff *d;

	a->narchs = 0;
	b->narchs = 0;
	sp_profile_add_arch(b, sp_arch_native());
	d = diff(a, b);
	cr_assert_eq(d->old_archs, 0);
	cr_assert(sp_diff_equal(d), "listing the native arch differs");
	cr_assert_eq(d->old_filtered, d->new_filtered);
	sp_diff_free(d);
	sp_profile_add_arch(a, SP_ARCH_X86);
	sp_profile_add_arch(b, SP_ARCH_X86);
	d = diff(a, b);
	cr_assert(sp_diff_equal(d));
	sp_diff_free(d);
	sp_profile_add_arch(b, SP_ARCH_X32);
	d = diff(a, b);
	cr_assert_not(sp_diff_equal(d));
	cr_assert_eq(d->new_filtered & ~d->old_filtered, 1u << SP_ARCH_X32);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(diff, default_allow_is_not_a_subset_of_default_refuse)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_diff *d;

	b->default_action = SP_ACT_ALLOW;
	rule(b, SP_ACT_ERRNO, -1, "ptrace", NULL);
	d = diff(a, b);
	cr_assert_eq(d->default_subset, SP_SUBSET_NO);
	cr_assert_eq(d->subset, SP_SUBSET_NO);
	sp_diff_free(d);
	d = diff(b, a);
	cr_assert_eq(d->subset, SP_SUBSET_YES);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

/* ---- subset proofs ---- */

static enum sp_subset_answer subset_of(const struct sp_profile *old,
				       const struct sp_profile *new)
{
	struct sp_diff *d = diff(old, new);
	enum sp_subset_answer s = d->subset;

	sp_diff_free(d);
	return s;
}

/* old, new: one getpgid rule each with the conditions given. */
static enum sp_subset_answer subset1(const struct sp_cond *o, size_t no,
				     const struct sp_cond *n, size_t nn,
				     enum sp_arch arch)
{
	struct sp_profile *a = prof(arch), *b = prof(arch);
	struct sp_rule *ra = rule(a, SP_ACT_ALLOW, -1, "getpgid", NULL);
	struct sp_rule *rb = rule(b, SP_ACT_ALLOW, -1, "getpgid", NULL);
	enum sp_subset_answer s;

	for (size_t i = 0; i < no; i++)
		cr_assert_eq(sp_rule_add_cond(ra, &o[i]), 0);
	for (size_t i = 0; i < nn; i++)
		cr_assert_eq(sp_rule_add_cond(rb, &n[i]), 0);
	s = subset_of(a, b);
	sp_profile_free(a);
	sp_profile_free(b);
	return s;
}


Test(subset, eq_within_ne)
{
	struct sp_cond ne5[] = { { 0, 5, 0, SP_CMP_NE } };
	struct sp_cond eq3[] = { { 0, 3, 0, SP_CMP_EQ } };
	struct sp_cond eq5[] = { { 0, 5, 0, SP_CMP_EQ } };

	cr_assert_eq(subset1(ne5, 1, eq3, 1, SP_ARCH_X86_64), SP_SUBSET_YES);
	cr_assert_eq(subset1(ne5, 1, eq5, 1, SP_ARCH_X86_64), SP_SUBSET_NO);
	cr_assert_eq(subset1(eq3, 1, ne5, 1, SP_ARCH_X86_64), SP_SUBSET_NO);
}

Test(subset, masked_eq_complement_masks)
{
	/* OLD: high byte 0x12 or low byte 0x34 (complementary masks). */
	struct sp_cond old[] = { { 0, 0xff00, 0x1200, SP_CMP_MASKED_EQ },
				 { 0, 0x00ff, 0x0034, SP_CMP_MASKED_EQ } };
	struct sp_cond in_both[] = { { 0, 0xffff, 0x1234,
				       SP_CMP_MASKED_EQ } };
	struct sp_cond in_low[] = { { 0, 0x00ff, 0x0034, SP_CMP_MASKED_EQ },
				    { 1, 7, 0, SP_CMP_EQ } };
	struct sp_cond outside[] = { { 0, 0x0f00, 0x0200,
				       SP_CMP_MASKED_EQ } };

	cr_assert_eq(subset1(old, ARRAY_SIZE(old), in_both, ARRAY_SIZE(in_both),
			     SP_ARCH_X86_64), SP_SUBSET_YES);
	cr_assert_eq(subset1(old, ARRAY_SIZE(old), in_low, ARRAY_SIZE(in_low), SP_ARCH_X86_64),
		     SP_SUBSET_YES);
	/* 0x0200 has neither high byte 0x12 nor low byte 0x34. */
	cr_assert_eq(subset1(old, ARRAY_SIZE(old), outside, ARRAY_SIZE(outside),
			     SP_ARCH_X86_64), SP_SUBSET_NO);
}

Test(subset, intervals_on_64_bits)
{
	struct sp_cond le10[] = { { 0, 10, 0, SP_CMP_LE } };
	struct sp_cond lt11[] = { { 0, 11, 0, SP_CMP_LT } };
	struct sp_cond lt12[] = { { 0, 12, 0, SP_CMP_LT } };
	struct sp_cond ge_big[] = { { 0, 0x100000000ull, 0, SP_CMP_GE } };
	struct sp_cond gt_max[] = { { 0, UINT64_MAX, 0, SP_CMP_GT } };
	struct sp_cond eq_big[] = { { 0, 0x100000005ull, 0, SP_CMP_EQ } };

	cr_assert_eq(subset1(le10, 1, lt11, 1, SP_ARCH_X86_64), SP_SUBSET_YES);
	cr_assert_eq(subset1(le10, 1, lt12, 1, SP_ARCH_X86_64), SP_SUBSET_NO);
	cr_assert_eq(subset1(ge_big, 1, eq_big, 1, SP_ARCH_X86_64),
		     SP_SUBSET_YES);
	cr_assert_eq(subset1(le10, 1, eq_big, 1, SP_ARCH_X86_64),
		     SP_SUBSET_NO);
	/* GT UINT64_MAX matches nothing: allows nothing. */
	cr_assert_eq(subset1(eq_big, 1, gt_max, 1, SP_ARCH_X86_64),
		     SP_SUBSET_YES);
}

Test(subset, thirty_two_bit_arches_compare_the_low_half_only)
{
	struct sp_profile *a = prof(SP_ARCH_X86), *b = prof(SP_ARCH_X86);
	struct sp_rule *r;
	struct sp_diff *d;

	/* libseccomp cuts the datum to 32 bits on x86: equal there, not
	 * on x86_64 (the native arch, always in the filter), where a
	 * register's upper half is compared too. */
	r = rule(a, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_EQ, 0x100000002ull, 0);
	r = rule(b, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_EQ, 2, 0);
	d = diff(a, b);
	cr_assert_eq(only_change(d, "getpgid")->archs, 1u << SP_ARCH_X86_64);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(subset, masked_32_bits_is_wider_than_eq_on_64_bit_arches)
{
	struct sp_cond eq2[] = { { 0, 2, 0, SP_CMP_EQ } };
	struct sp_cond low2[] = { { 0, 0xffffffff, 2, SP_CMP_MASKED_EQ } };

	/* Garbage in the upper half of an int argument passes low2 only. */
	cr_assert_eq(subset1(eq2, 1, low2, 1, SP_ARCH_X86_64), SP_SUBSET_NO);
	cr_assert_eq(subset1(low2, 1, eq2, 1, SP_ARCH_X86_64), SP_SUBSET_YES);
}

Test(subset, trace_in_old_cannot_be_proved)
{
	struct sp_profile *a = base(), *b = base();

	rule(a, SP_ACT_TRACE, -1, "getpid", NULL);
	rule(b, SP_ACT_ALLOW, -1, "getpid", NULL);
	cr_assert_eq(subset_of(a, b), SP_SUBSET_UNKNOWN);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(subset, overlapping_verdicts_cannot_be_proved)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_rule *r;

	/* OLD: ALLOW when arg0 == 1, but also ERRNO(5) for every getpgid:
	 * which wins is libseccomp's business, not provable here. */
	r = rule(a, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_EQ, 1, 0);
	rule(a, SP_ACT_ERRNO, 5, "getpgid", NULL);
	r = rule(b, SP_ACT_ALLOW, -1, "getpgid", NULL);
	cond(r, 0, SP_CMP_EQ, 1, 0);
	cr_assert_eq(subset_of(a, b), SP_SUBSET_UNKNOWN);
	sp_profile_free(a);
	sp_profile_free(b);
}

/* Without the compiled programs (libseccomp refuses rules of two actions
 * on the very same condition, and so would crun and runc), which of
 * overlapping rules applies is unknown: the same rules in the same order
 * are equal, in another order they are not said to be. */
static void kill_sig0(struct sp_profile *p, enum sp_action first,
		      enum sp_action second)
{
	cond(rule(p, first, -1, "kill", NULL), 1, SP_CMP_EQ, 0, 0);
	cond(rule(p, second, -1, "kill", NULL), 1, SP_CMP_EQ, 0, 0);
}

Test(subset, overlapping_rules_without_a_program_equal_only_as_written)
{
	struct sp_profile *a = base(), *b = base(), *c = base();
	struct sp_diff *d;

	kill_sig0(a, SP_ACT_ALLOW, SP_ACT_KILL_THREAD);
	kill_sig0(b, SP_ACT_ALLOW, SP_ACT_KILL_THREAD);
	kill_sig0(c, SP_ACT_KILL_THREAD, SP_ACT_ALLOW);
	d = diff(a, b);
	cr_assert(sp_diff_equal(d));
	sp_diff_free(d);
	d = diff(a, c);
	cr_assert_eq(only_change(d, "kill")->subset, SP_SUBSET_UNKNOWN);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
	sp_profile_free(c);
}

/* getpgid allowed when arg0 == 1 (a); when every argument is op v (b). */
static struct sp_rule *getpgid_pair(struct sp_profile *a, struct sp_profile *b,
				    enum sp_cmp op, uint64_t v)
{
	struct sp_rule *r = rule(b, SP_ACT_ALLOW, -1, "getpgid", NULL);

	cond(rule(a, SP_ACT_ALLOW, -1, "getpgid", NULL), 0, SP_CMP_EQ, 1, 0);
	for (unsigned i = 0; i < SP_NARGS; i++)
		cond(r, i, op, v, 0);
	return r;
}

Test(subset, too_many_cubes_cannot_be_proved)
{
	struct sp_profile *a = base(), *b = base();

	/* Six NE conditions ANDed: 64^6 cubes, past the bound. */
	getpgid_pair(a, b, SP_CMP_NE, 7);
	cr_assert_eq(subset_of(a, b), SP_SUBSET_UNKNOWN);
	sp_profile_free(a);
	sp_profile_free(b);
}

static struct sp_bpf *compiled(const struct sp_profile *p);

/* Seven conditions ORed on 64 bits: past the cubes' bound in the rules
 * and in the compiled program alike.  The programs compared path by path
 * answer what the cubes could not: NEW allows getpgid(0, 1, ...), which
 * OLD refuses (EPERM), and all OLD allows (arg0 == 1): widened, not a
 * subset. */
Test(subset, too_many_cubes_in_the_program_compared_path_by_path)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_bpf *pa, *pb;
	struct sp_diff_progs progs;
	struct sp_diff *d;

	cond(getpgid_pair(a, b, SP_CMP_EQ, 1), 0, SP_CMP_EQ, 2, 0);
	pa = compiled(a);
	pb = compiled(b);
	cr_assert(pa && pb);
	progs.old = pa;
	progs.new = pb;
	cr_assert_eq(sp_diff_profiles(a, b, &progs, &d), 0);
	cr_assert_eq(only_change(d, "getpgid")->subset, SP_SUBSET_NO);
	cr_assert_eq(d->changes[0].kind, SP_DIFF_WIDENED);
	cr_assert(d->changes[0].values_elided);
	sp_diff_free(d);
	sp_bpf_free(pa);
	sp_bpf_free(pb);
	sp_profile_free(a);
	sp_profile_free(b);
}

Test(subset, unknown_name_cannot_be_proved)
{
	struct sp_profile *a = base(), *b = base();
	struct sp_diff *d;

	rule(b, SP_ACT_ALLOW, -1, "no_such_call_yet", NULL);
	d = diff(a, b);
	cr_assert(only_change(d, "no_such_call_yet")->unknown);
	cr_assert_eq(d->subset, SP_SUBSET_UNKNOWN);
	sp_diff_free(d);
	sp_profile_free(a);
	sp_profile_free(b);
}

/* ---- value names ---- */

Test(argnames, values_by_header_name)
{
	char buf[128];

	cr_assert_str_eq(sp_argname_format("socket", 0, AF_INET, buf,
					   sizeof(buf)), "AF_INET");
	cr_assert_str_eq(sp_argname_format("openat", 2, 0x80000, buf,
					   sizeof(buf)), "O_RDONLY|O_CLOEXEC");
	cr_assert_str_eq(sp_argname_format("mmap", 2, 3, buf, sizeof(buf)),
			 "PROT_READ|PROT_WRITE");
	cr_assert_str_eq(sp_argname_format("ioctl", 1, 0x5401, buf,
					   sizeof(buf)), "TCGETS");
	cr_assert_str_eq(sp_argname_format("prctl", 0, 38, buf, sizeof(buf)),
			 "PR_SET_NO_NEW_PRIVS");
	cr_assert_str_eq(sp_argname_format("clone", 0, 0x1200011, buf,
					   sizeof(buf)),
			 "SIGCHLD|CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID");
	cr_assert_str_eq(sp_argname_format("fcntl", 1, 1030, buf,
					   sizeof(buf)), "F_DUPFD_CLOEXEC");
	cr_assert_str_eq(sp_argname_format("read", 0, 0x1234, buf,
					   sizeof(buf)), "0x1234");
}

/* setsockopt's option names depend on its level: numbers from the
 * kernel's uapi (SOL_SOCKET 1, SO_REUSEADDR 2, IPPROTO_TCP 6,
 * TCP_NODELAY 1, IPPROTO_IPV6 41, IPV6_V6ONLY 26), not from the table. */
Test(argnames, socket_options_named_by_their_level)
{
	uint64_t args[6] = { 3, 1, 2, 0, 4, 0 };
	struct sp_cond conds[2] = {
		{ .index = 1, .value = UINT32_MAX, .value_two = 6,
		  .op = SP_CMP_MASKED_EQ },
		{ .index = 2, .value = UINT32_MAX, .value_two = 1,
		  .op = SP_CMP_MASKED_EQ },
	};
	char buf[128];

	cr_assert_str_eq(sp_argname_format("setsockopt", 1, 1, buf,
					   sizeof(buf)), "SOL_SOCKET");
	cr_assert_str_eq(sp_argname_format_in("setsockopt", 2, 2, args, 0x06,
					      buf, sizeof(buf)),
			 "SO_REUSEADDR");
	args[1] = 41;
	cr_assert_str_eq(sp_argname_format_in("getsockopt", 2, 26, args, 0x06,
					      buf, sizeof(buf)),
			 "IPV6_V6ONLY");
	/* Level unknown, or one without a table: a number. */
	cr_assert_str_eq(sp_argname_format("setsockopt", 2, 2, buf,
					   sizeof(buf)), "2");
	args[1] = 270;
	cr_assert_str_eq(sp_argname_format_in("setsockopt", 2, 2, args, 0x06,
					      buf, sizeof(buf)), "2");
	sp_cond_format("setsockopt", &conds[1], conds, 2, buf, sizeof(buf));
	cr_assert_str_eq(buf, "arg2 == TCP_NODELAY (low 32 bits)");
	sp_cond_format("setsockopt", &conds[0], conds, 2, buf, sizeof(buf));
	cr_assert_str_eq(buf, "arg1 == IPPROTO_TCP (low 32 bits)");
}

/* ---- the model against the kernel ---- */

Test(kernel, model_verdicts_match_the_compiled_filter)
{
	static const struct {
		enum sp_cmp op;
		uint64_t v, v2;
	} conds[] = {
		{ SP_CMP_EQ, 0x100000002ull, 0 },
		{ SP_CMP_NE, 7, 0 },
		{ SP_CMP_LT, 0x100000000ull, 0 },
		{ SP_CMP_LE, 5, 0 },
		{ SP_CMP_GT, 0xffffffffull, 0 },
		{ SP_CMP_GE, 0x100000001ull, 0 },
		{ SP_CMP_MASKED_EQ, 0xff, 0x1ff },
		{ SP_CMP_MASKED_EQ, 0xf0000000f0ull, 0x1000000020ull },
	};
	static const uint64_t values[] = {
		0, 1, 2, 5, 6, 7, 0xff, 0x1ff, 0x20, 0x1000000020ull,
		0xffffffffull, 0x100000000ull, 0x100000001ull,
		0x100000002ull, 0x1000000f20ull, UINT64_MAX,
	};
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL, NULL };

	for (size_t i = 0; i < ARRAY_SIZE(conds); i++) {
		struct sp_profile *p = prof(SP_ARCH_X86_64);
		struct sp_rule *r;
		struct sp_probe_case cases[ARRAY_SIZE(values)];
		struct sp_probe_verdict got[ARRAY_SIZE(values)];
		struct sp_bpf *b = NULL;
		struct sock_fprog prog;
		struct sp_diag d;

		r = rule(p, SP_ACT_ERRNO, ENOSYS, "getpgid", NULL);
		cond(r, 0, conds[i].op, conds[i].v, conds[i].v2);
		cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s",
			     d.msg);
		for (size_t j = 0; j < ARRAY_SIZE(values); j++)
			cases[j] = (struct sp_probe_case){ SYS_getpgid,
							   { values[j] } };
		prog.len = (unsigned short)b->len;
		prog.filter = b->insns;
		cr_assert_eq(sp_probe_run(&prog, cases, ARRAY_SIZE(values), got), 0);
		for (size_t j = 0; j < ARRAY_SIZE(values); j++) {
			enum sp_action a;
			int err;
			uint64_t args[SP_NARGS] = { values[j] };

			cr_assert_eq(sp_diff_verdict(p, SP_ARCH_X86_64,
						     SYS_getpgid, args, &a,
						     &err), 0);
			cr_assert_eq(got[j].kind, SP_PROBE_ERRNO);
			cr_assert_eq(got[j].err, a == SP_ACT_ERRNO ? err : EPERM,
				     "%s %#lx %#lx on %#lx: kernel %d, model %s(%d)",
				     sp_cmp_name(conds[i].op),
				     (unsigned long)conds[i].v,
				     (unsigned long)conds[i].v2,
				     (unsigned long)values[j], got[j].err,
				     sp_action_name(a), err);
		}
		sp_bpf_free(b);
		sp_profile_free(p);
	}
}

/* ---- overlapping rules: libseccomp's program decides, not strength ---- */

static struct sp_bpf *compiled(const struct sp_profile *p)
{
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_bpf *b = NULL;
	struct sp_diag d;

	/* Rules of different actions on the very same condition: libseccomp
	 * refuses the profile (EEXIST), and so would crun and runc. */
	if (sp_seccomp_compile(p, &o, &b, &d))
		return NULL;
	return b;
}

/* getpgid at one value of every class the rules below tell apart. */
static const uint64_t probe_arg0[] = { 0, 1, 2, 5, 6, 0x100000001ull };
static const uint64_t probe_arg1[] = { 0, 1, 2 };
#define NPOINTS (ARRAY_SIZE(probe_arg0) * ARRAY_SIZE(probe_arg1))

static void kernel_verdicts(const struct sp_bpf *b,
			    struct sp_probe_verdict out[NPOINTS])
{
	struct sp_probe_case cases[NPOINTS];
	struct sock_fprog prog = { (unsigned short)b->len, b->insns };

	for (size_t i = 0; i < NPOINTS; i++)
		cases[i] = (struct sp_probe_case){
			SYS_getpgid,
			{ probe_arg0[i / ARRAY_SIZE(probe_arg1)],
			  probe_arg1[i % ARRAY_SIZE(probe_arg1)] }
		};
	cr_assert_eq(sp_probe_run(&prog, cases, NPOINTS, out), 0);
}

static bool verdicts_equal(const struct sp_probe_verdict *a,
			   const struct sp_probe_verdict *b)
{
	for (size_t i = 0; i < NPOINTS; i++)
		if (a[i].kind != b[i].kind ||
		    (a[i].kind == SP_PROBE_ERRNO && a[i].err != b[i].err))
			return false;
	return true;
}

/* The files a user hand-edits: an unconditional rule and a conditional
 * one of another action for one call (libseccomp keeps the first
 * unconditional rule, whatever the order and the strength), and an
 * argument's comparison that libseccomp's tree puts before a lower
 * one's.  Equal when the kernel's verdicts are, and never "equal" when
 * they are not. */
Test(kernel, overlapping_rules_compared_as_the_compiled_filter_decides)
{
	static const struct {
		unsigned index;
		enum sp_cmp op;
		uint64_t v;
	} pool[] = {
		{ 0, SP_CMP_EQ, 1 }, { 0, SP_CMP_EQ, 2 }, { 1, SP_CMP_EQ, 1 },
		{ 0, SP_CMP_LE, 5 }, { 0, SP_CMP_GT, 5 }, { 1, SP_CMP_NE, 1 },
		/* 64-bit ranges, which libseccomp before 2.6.1 merges
		 * wrongly across rules: compiled, not as written. */
		{ 0, SP_CMP_GE, 0x100000000ull }, { 1, SP_CMP_LT, 2 },
	};
	static const int errs[] = { -1, 5, 7 };  /* -1: ALLOW */
	int same = 0, differ = 0;

	srandom(20261206);
	for (int k = 0; k < 40; k++) {
		struct sp_profile *p[2] = { prof(SP_ARCH_X86_64),
					    prof(SP_ARCH_X86_64) };
		struct sp_probe_verdict kv[2][NPOINTS];
		struct sp_bpf *b[2];
		struct sp_diff_progs progs;
		struct sp_diff *d;
		struct {
			int err, nconds;
			size_t cond[2];
		} spec[4];
		int nrules = 2 + (int)(random() % 3), drop = -1;
		int order[4] = { 0, 1, 2, 3 };

		for (int i = 0; i < nrules; i++) {
			spec[i].err = errs[random() % ARRAY_SIZE(errs)];
			spec[i].nconds = (int)(random() % 3);
			for (int c = 0; c < 2; c++)
				spec[i].cond[c] = (size_t)random() %
						  ARRAY_SIZE(pool);
		}
		/* new: the same rules in another order, one of them
		 * dropped now and then. */
		for (int i = nrules - 1; i > 0; i--) {
			int j = (int)(random() % (i + 1)), t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
		if (random() % 3 == 0)
			drop = (int)(random() % nrules);
		for (int side = 0; side < 2; side++)
			for (int i = 0; i < nrules; i++) {
				int at = side ? order[i] : i;
				struct sp_rule *r;

				if (side && at == drop)
					continue;
				r = rule(p[side], spec[at].err < 0 ?
						SP_ACT_ALLOW : SP_ACT_ERRNO,
					 spec[at].err, "getpgid", NULL);
				for (int c = 0; c < spec[at].nconds; c++) {
					size_t w = spec[at].cond[c];

					cond(r, pool[w].index, pool[w].op,
					     pool[w].v, 0);
				}
			}
		b[0] = compiled(p[0]);
		b[1] = compiled(p[1]);
		if (b[0] && b[1]) {
			kernel_verdicts(b[0], kv[0]);
			kernel_verdicts(b[1], kv[1]);
			progs.old = b[0];
			progs.new = b[1];
			cr_assert_eq(sp_diff_profiles(p[0], p[1], &progs, &d),
				     0);
			cr_assert_eq(d->nchanges == 0,
				     verdicts_equal(kv[0], kv[1]),
				     "case %d: diff says %s, the kernel %s", k,
				     d->nchanges ? "different" : "equal",
				     verdicts_equal(kv[0], kv[1]) ? "equal" :
								    "not");
			/* --subset never says yes to a call NEW lets run
			 * where OLD refuses it. */
			for (size_t i = 0; d->subset == SP_SUBSET_YES &&
					   i < NPOINTS; i++)
				cr_assert(kv[1][i].kind != SP_PROBE_ALLOW ||
					  kv[0][i].kind == SP_PROBE_ALLOW,
					  "case %d: subset yes, point %zu", k,
					  i);
			if (d->nchanges)
				differ++;
			else
				same++;
			sp_diff_free(d);
		}
		sp_bpf_free(b[0]);
		sp_bpf_free(b[1]);
		sp_profile_free(p[0]);
		sp_profile_free(p[1]);
	}
	cr_assert(same >= 5 && differ >= 5, "%d equal, %d different", same,
		  differ);
}

/* Whether the kernel's verdicts under p's program differ from p's rules
 * as written (the model, sp_diff_verdict: no rules overlap here) at one
 * of the points. */
static bool kernel_differs_from_written(const struct sp_profile *p,
					const struct sp_probe_verdict *kv)
{
	for (size_t i = 0; i < NPOINTS; i++) {
		uint64_t args[SP_NARGS] = {
			probe_arg0[i / ARRAY_SIZE(probe_arg1)],
			probe_arg1[i % ARRAY_SIZE(probe_arg1)],
		};
		enum sp_action a;
		int err;

		cr_assert_eq(sp_diff_verdict(p, SP_ARCH_X86_64, SYS_getpgid,
					     args, &a, &err), 0);
		if (kv[i].kind != SP_PROBE_ERRNO || kv[i].err != err)
			return true;
	}
	return false;
}

/* ERRNO(7) when arg0 <= 1 or arg0 >= 2^32, in one rule (a repeated
 * index: two rules to libseccomp) and as arg0 < 2, arg0 > 0xffffffff:
 * the same as written.  libseccomp before 2.6.1 merges the two 64-bit
 * ranges into ERRNO(7) for every arg0 (GHSA-4q85-33p6-j5g6), and crun and
 * runc load what it compiled: diff compares that, says which profile it
 * compiled otherwise than written, and agrees with the kernel whatever
 * the libseccomp. */
Test(kernel, rules_libseccomp_compiles_wrongly_compared_as_compiled)
{
	struct sp_profile *p[2] = { prof(SP_ARCH_X86_64),
				    prof(SP_ARCH_X86_64) };
	struct sp_probe_verdict kv[2][NPOINTS];
	struct sp_diff_progs progs;
	struct sp_bpf *b[2];
	struct sp_diff *d;
	struct sp_rule *r;

	r = rule(p[0], SP_ACT_ERRNO, 7, "getpgid", NULL);
	cond(r, 0, SP_CMP_LE, 1, 0);
	cond(r, 0, SP_CMP_GE, 0x100000000ull, 0);
	cond(rule(p[1], SP_ACT_ERRNO, 7, "getpgid", NULL), 0, SP_CMP_LT, 2, 0);
	cond(rule(p[1], SP_ACT_ERRNO, 7, "getpgid", NULL), 0, SP_CMP_GT,
	     0xffffffffull, 0);
	for (int i = 0; i < 2; i++) {
		b[i] = compiled(p[i]);
		cr_assert_not_null(b[i]);
		kernel_verdicts(b[i], kv[i]);
	}
	progs.old = b[0];
	progs.new = b[1];
	cr_assert_eq(sp_diff_profiles(p[0], p[1], &progs, &d), 0);
	cr_assert_eq(d->nchanges == 0, verdicts_equal(kv[0], kv[1]),
		     "diff says %s, the kernel %s",
		     d->nchanges ? "different" : "equal",
		     verdicts_equal(kv[0], kv[1]) ? "equal" : "not");
	for (int i = 0; i < 2; i++) {
		bool said = false;

		for (size_t k = 0; k < d->nmiscompiled; k++)
			said |= d->miscompiled[k].new_side == (i == 1) &&
				strcmp(d->miscompiled[k].syscall,
				       "getpgid") == 0;
		cr_assert_eq(said, kernel_differs_from_written(p[i], kv[i]),
			     "side %d: said %d", i, said);
		sp_bpf_free(b[i]);
		sp_profile_free(p[i]);
	}
	sp_diff_free(d);
}

/* getpgid killed when arg0 == 0 && arg1 < 0x80, allowed when arg1's low
 * half is 1 or arg1 == 5 (a repeated index: two rules), overlapping
 * (libseccomp's tree decides): spelt with EQ in one profile, MASKED_EQ
 * under all ones in the other, the kernel judges them alike.  Their
 * regions, read from the programs, are past the cubes' bound, and
 * written otherwise they were "arguments (too many values to list)".
 * Compared path by path (sp_bpf_joint), they are equal; and the allowed
 * 5 moved to 6 is a change of arguments that --subset refutes. */
Test(kernel, overlapping_rules_past_the_cubes_bound_compared_by_their_programs)
{
	struct sp_profile *p[3];
	struct sp_bpf *b[3];
	struct sp_probe_verdict kv[3][4];
	const struct sp_probe_case cases[4] = {
		{ SYS_getpgid, { 1, 5 } }, { SYS_getpgid, { 1, 6 } },
		{ SYS_getpgid, { 0, 5 } }, { SYS_getpgid, { 7, 0x100000001ull } },
	};

	for (int i = 0; i < 3; i++) {
		struct sp_rule *r;
		struct sock_fprog fp;
		bool masked = i > 0;

		p[i] = prof(SP_ARCH_X86_64);
		r = rule(p[i], SP_ACT_KILL_PROCESS, -1, "getpgid", NULL);
		if (masked)
			cond(r, 0, SP_CMP_MASKED_EQ, UINT64_MAX, 0);
		else
			cond(r, 0, SP_CMP_EQ, 0, 0);
		cond(r, 1, SP_CMP_LT, 0x80, 0);
		r = rule(p[i], SP_ACT_ALLOW, -1, "getpgid", NULL);
		cond(r, 1, SP_CMP_MASKED_EQ, UINT32_MAX, 1);
		if (masked)
			cond(r, 1, SP_CMP_MASKED_EQ, UINT64_MAX, i == 2 ? 6 : 5);
		else
			cond(r, 1, SP_CMP_EQ, 5, 0);
		b[i] = compiled(p[i]);
		cr_assert_not_null(b[i]);
		fp.len = (unsigned short)b[i]->len;
		fp.filter = b[i]->insns;
		cr_assert_eq(sp_probe_run(&fp, cases, 4, kv[i]), 0);
	}
	/* The kernel: 0 and 1 alike, 2 otherwise at arg1 5 and 6. */
	for (int c = 0; c < 4; c++)
		cr_assert_eq(kv[0][c].kind, kv[1][c].kind, "case %d", c);
	cr_assert_eq(kv[0][0].kind, SP_PROBE_ALLOW);
	cr_assert_eq(kv[2][0].kind, SP_PROBE_ERRNO);
	cr_assert_eq(kv[2][1].kind, SP_PROBE_ALLOW);
	for (int i = 1; i < 3; i++) {
		struct sp_diff_progs progs = { b[0], b[i] };
		struct sp_diff *d;

		cr_assert_eq(sp_diff_profiles(p[0], p[i], &progs, &d), 0);
		if (i == 1) {
			cr_assert_eq(d->nchanges, 0,
				     "alike in the kernel, diff says %s",
				     d->nchanges ? "different" : "equal");
		} else {
			const struct sp_diff_change *c =
				only_change(d, "getpgid");

			cr_assert_eq(c->kind, SP_DIFF_ARGS);
			cr_assert_eq(c->subset, SP_SUBSET_NO);
		}
		sp_diff_free(d);
	}
	for (int i = 0; i < 3; i++) {
		sp_bpf_free(b[i]);
		sp_profile_free(p[i]);
	}
}

/* "syscall_39" is how a trace names a number it has no name for; in a
 * profile it is no name of libseccomp's, which crun and runc skip: the
 * kernel refuses getpid (39) under it.  diff took it for getpid: equal to
 * a profile allowing getpid by its rules, then "miscompiled" by
 * libseccomp.  It is a name unknown to libseccomp, kept by its spelling. */
Test(kernel, syscall_n_spelling_is_no_name_of_libseccomps)
{
	struct sp_profile *p[2] = { prof(SP_ARCH_X86_64),
				    prof(SP_ARCH_X86_64) };
	struct sp_probe_case c = { SYS_getpid, { 0 } };
	struct sp_probe_verdict kv[2];
	struct sp_bpf *b[2];
	struct sp_diff_progs progs;
	struct sp_diff *d;
	bool getpid_added = false, n_unknown = false;

	rule(p[0], SP_ACT_ALLOW, -1, "syscall_39", NULL);
	rule(p[1], SP_ACT_ALLOW, -1, "getpid", NULL);
	for (int i = 0; i < 2; i++) {
		struct sock_fprog fp;

		b[i] = compiled(p[i]);
		cr_assert_not_null(b[i]);
		fp.len = (unsigned short)b[i]->len;
		fp.filter = b[i]->insns;
		cr_assert_eq(sp_probe_run(&fp, &c, 1, &kv[i]), 0);
	}
	cr_assert_eq(kv[0].kind, SP_PROBE_ERRNO, "the kernel's premise");
	cr_assert_eq(kv[1].kind, SP_PROBE_ALLOW);
	progs.old = b[0];
	progs.new = b[1];
	cr_assert_eq(sp_diff_profiles(p[0], p[1], &progs, &d), 0);
	for (size_t i = 0; i < d->nchanges; i++) {
		const struct sp_diff_change *ch = &d->changes[i];

		getpid_added |= !strcmp(ch->syscall, "getpid") &&
				ch->kind == SP_DIFF_ADDED;
		n_unknown |= !strcmp(ch->syscall, "syscall_39") && ch->unknown;
	}
	cr_assert(getpid_added, "getpid, refused then allowed, not added");
	cr_assert(n_unknown, "syscall_39 not flagged unknown to libseccomp");
	cr_assert_eq(d->nmiscompiled, 0, "libseccomp blamed");
	sp_diff_free(d);
	for (int i = 0; i < 2; i++) {
		sp_bpf_free(b[i]);
		sp_profile_free(p[i]);
	}
}

/* ---- every call on every arch, as the compiled filters decide ---- */

#define NTRY 64

/* Appends to out[n..) the numbers the arches' multiplexers take for the
 * call name as their arg0; returns the new n. */
static size_t mux_tries(const char *name, uint64_t out[NTRY], size_t n)
{
	struct sp_syscall_site site[SP_SYSCALL_SITES_MAX];

	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++) {
		size_t ns = sp_syscall_sites(a, name, site);

		for (size_t k = 0; k < ns && n < NTRY; k++)
			if (site[k].muxed)
				out[n++] = site[k].arg0;
	}
	return n;
}

/* Argument values that tell p's conditions apart: each datum and its
 * neighbours, its mask's bits, the edges of the two widths, and for arg0
 * the numbers multiplexers take for the calls named. */
static size_t tries(struct sp_profile *const p[2], unsigned idx,
		    uint64_t out[NTRY])
{
	static const uint64_t edges[] = { 0, 1, 0xffffffffull,
					  0x100000000ull, UINT64_MAX };
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(edges); i++)
		out[n++] = edges[i];
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; idx == 0 && i < p[s]->nrules; i++)
			for (size_t j = 0; j < p[s]->rules[i].nnames; j++)
				n = mux_tries(p[s]->rules[i].names[j], out, n);
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < p[s]->nrules; i++)
			for (size_t j = 0; j < p[s]->rules[i].nconds; j++) {
				const struct sp_cond *c =
					&p[s]->rules[i].conds[j];
				uint64_t v = c->op == SP_CMP_MASKED_EQ ?
						     c->value_two : c->value;
				uint64_t more[] = { v, v - 1, v + 1, c->value,
						    v | 0x100000000ull };

				for (size_t k = 0; c->index == idx &&
						   k < ARRAY_SIZE(more) &&
						   n < NTRY; k++)
					out[n++] = more[k];
			}
	return n;
}

/* What diff says of every number on every arch both profiles filter
 * agrees with the two programs libseccomp compiles them into (run by
 * the interpreter, which tests/analyzer_test.c holds to the kernel):
 * a call it reports no change for gets the same verdict from both at
 * every value tried, and one it reports changed gets another somewhere. */
static void diff_agrees_with_programs(struct sp_profile *const p[2])
{
	struct sp_bpf *b[2] = { compiled(p[0]), compiled(p[1]) };
	struct sp_diff_progs progs = { b[0], b[1] };
	uint64_t v[SP_NARGS][NTRY];
	size_t nv[SP_NARGS];
	struct sp_diff *d;

	cr_assert(b[0] && b[1]);
	cr_assert_eq(sp_diff_profiles(p[0], p[1], &progs, &d), 0);
	cr_assert_not(d->default_changed);
	for (unsigned k = 0; k < SP_NARGS; k++)
		nv[k] = tries(p, k, v[k]);
	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++) {
		if (!(d->archs_compared & 1u << a))
			continue;
		for (int64_t i = 0; i < 1024; i++) {
			int64_t nr = a == SP_ARCH_X32 ?
					     i | (int64_t)SP_X32_SYSCALL_BIT : i;
			char buf[SP_SYSCALL_NAME_MAX];
			const char *name = sp_syscall_name_or_nr(a, nr, buf);
			bool reported = false, differ = false;

			for (size_t c = 0; c < d->nchanges; c++)
				reported |= (d->changes[c].archs & 1u << a) &&
					    !strcmp(d->changes[c].syscall, name);
			for (unsigned k = 0; !differ && k < SP_NARGS; k++)
				for (size_t t = 0; !differ && t < nv[k]; t++) {
					uint64_t args[SP_NARGS] = { 0 };
					struct seccomp_data sd;

					args[k] = v[k][t];
					sp_seccomp_data_of(a, nr, args, 0, &sd);
					differ = sp_interp_run(b[0]->insns,
							       b[0]->len, &sd) !=
						 sp_interp_run(b[1]->insns,
							       b[1]->len, &sd);
				}
			cr_assert_eq(reported, differ,
				     "%s on %s: diff says %s, the programs %s",
				     name, sp_arch_name(a),
				     reported ? "changed" : "equal",
				     differ ? "differ" : "agree");
		}
	}
	sp_diff_free(d);
	sp_bpf_free(b[0]);
	sp_bpf_free(b[1]);
}

/* i386 reaches socket and IPC calls through socketcall and ipc as well as
 * by their own numbers: libseccomp files a rule naming socket under
 * socketcall too, with arg0 == SYS_SOCKET in place of its conditions on
 * arg0 (abi_rule_add), and send, which i386 has no number of its own
 * for, there only.  Those multiplexers change with the rules that name
 * the calls, and diff says so. */
Test(kernel, multiplexed_calls_compared_where_libseccomp_files_them)
{
	struct sp_profile *p[2];

	for (int s = 0; s < 2; s++) {
		p[s] = prof(SP_ARCH_X86_64);
		cr_assert_eq(sp_profile_add_arch(p[s], SP_ARCH_X86), 0);
		cr_assert_eq(sp_profile_add_arch(p[s], SP_ARCH_X32), 0);
		rule(p[s], SP_ACT_ALLOW, -1, "getpid", "close", NULL);
		cond(rule(p[s], SP_ACT_ALLOW, -1, "socket", NULL), 0,
		     SP_CMP_EQ, s ? AF_UNIX : AF_INET, 0);
	}
	rule(p[0], SP_ACT_ALLOW, -1, "shmat", NULL);
	cond(rule(p[0], SP_ACT_ERRNO, 5, "connect", NULL), 1, SP_CMP_EQ, 0, 0);
	rule(p[1], SP_ACT_ALLOW, -1, "send", NULL);
	diff_agrees_with_programs(p);
	/* The multiplexer's first argument by its header name. */
	{
		struct sp_bpf *b[2] = { compiled(p[0]), compiled(p[1]) };
		struct sp_diff_progs progs = { b[0], b[1] };
		struct sp_diff *d;
		bool named = false;

		cr_assert_eq(sp_diff_profiles(p[0], p[1], &progs, &d), 0);
		for (size_t i = 0; i < d->nchanges; i++)
			if (!strcmp(d->changes[i].syscall, "socketcall"))
				named |= has(&d->changes[i], d->changes[i].plus,
					     d->changes[i].nplus, "SYS_SEND");
		cr_assert(named, "socketcall's added value not SYS_SEND");
		sp_diff_free(d);
		sp_bpf_free(b[0]);
		sp_bpf_free(b[1]);
	}
	sp_profile_free(p[0]);
	sp_profile_free(p[1]);
}

/* prctl allowed at PR_SET_PDEATHSIG (1), PR_GET_DUMPABLE (3) and
 * PR_SET_NAME (15), then at any option: what NEW allows more is every
 * value but those three, 64 cubes of the 64-bit word each, and read
 * "widened (too many values to list)".  It is listed by what it leaves
 * out, exactly: the kernel runs under NEW alone, of the values probed,
 * those not listed. */
Test(kernel, any_value_but_a_few_listed_by_those_it_leaves_out)
{
	static const uint64_t allowed[] = { 1, 3, 15 };
	static const uint64_t probed[] = { 0, 1, 2, 3, 4, 15, 16, 0x7fffffff,
					   0x100000001ull,
					   0x100000003ull, UINT64_MAX };
	struct sp_profile *p[2] = { prof(SP_ARCH_X86_64),
				    prof(SP_ARCH_X86_64) };
	struct sp_probe_case cases[ARRAY_SIZE(probed)];
	struct sp_probe_verdict kv[2][ARRAY_SIZE(probed)];
	struct sp_bpf *b[2];
	struct sp_diff_progs progs;
	const struct sp_diff_change *c;
	struct sp_diff *d;
	char *t;

	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
		cond(rule(p[0], SP_ACT_ALLOW, -1, "prctl", NULL), 0, SP_CMP_EQ,
		     allowed[i], 0);
	rule(p[1], SP_ACT_ALLOW, -1, "prctl", NULL);
	for (size_t j = 0; j < ARRAY_SIZE(probed); j++)
		cases[j] = (struct sp_probe_case){ SYS_prctl, { probed[j] } };
	for (int i = 0; i < 2; i++) {
		struct sock_fprog fp;

		b[i] = compiled(p[i]);
		cr_assert_not_null(b[i]);
		fp.len = (unsigned short)b[i]->len;
		fp.filter = b[i]->insns;
		cr_assert_eq(sp_probe_run(&fp, cases, ARRAY_SIZE(probed),
					  kv[i]), 0);
	}
	progs = (struct sp_diff_progs){ b[0], b[1] };
	cr_assert_eq(sp_diff_profiles(p[0], p[1], &progs, &d), 0);
	c = only_change(d, "prctl");
	cr_assert_eq(c->kind, SP_DIFF_WIDENED);
	cr_assert(!c->values_elided);
	cr_assert(c->plus_except);
	cr_assert_eq(c->nminus, 0);
	cr_assert_eq(c->nplus, ARRAY_SIZE(allowed));
	cr_assert_eq(c->values_arg, 0);
	for (size_t j = 0; j < ARRAY_SIZE(probed); j++) {
		bool listed = false, more;

		for (size_t i = 0; i < c->nplus; i++)
			listed |= c->plus[i].n == 1 &&
				  c->plus[i].t[0].kind == SP_TERM_EQ &&
				  c->plus[i].t[0].value == probed[j];
		more = kv[1][j].kind == SP_PROBE_ALLOW &&
		       kv[0][j].kind != SP_PROBE_ALLOW;
		cr_assert_eq(more, !listed, "%#llx: kernel %d, listed %d",
			     (unsigned long long)probed[j], more, listed);
	}
	t = sp_diff_values_text(c, &c->plus[2]);
	cr_assert_str_eq(t, "PR_SET_NAME");
	free(t);
	sp_diff_free(d);
	for (int i = 0; i < 2; i++) {
		sp_bpf_free(b[i]);
		sp_profile_free(p[i]);
	}
}
