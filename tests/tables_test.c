/* The two tables keyed on (syscall, argument index) agree: every
 * argument core/argnames.def names values of (SP_ARG_USE, SP_ARG_USE_IF)
 * is one that
 * analyzer/argkind.def keeps, at the same index, and of a matching kind
 * (an ENUM group for an ENUM argument, a FLAGS group for a FLAGS or PROT
 * one).  A name for an argument the table never keeps would never show,
 * and one at a moved index would name the wrong argument.
 *
 * Not covered: argkind.def's per-arch lines (SP_ARG_ARCH, s390x's clone
 * flags at index 1): value names have no arch. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/array.h"

struct use {
	const char *syscall;
	unsigned index;
	const char *group;
};

struct group {
	const char *name;
	const char *style;   /* "ENUM", "FLAGS" */
};

struct arg {
	const char *syscall;
	unsigned index;
	const char *kind;    /* "ENUM", "FLAGS", "PROT" */
};

static const struct use uses[] = {
#define SP_ARG_USE(s, i, g) { #s, i, #g },
#define SP_ARG_USE_IF(s, i, g, other, value) { #s, i, #g },
#include "core/argnames.def"
};

static const struct group groups[] = {
#define SP_ARG_GROUP(g, style, field) { #g, #style },
#include "core/argnames.def"
};

static const struct arg args[] = {
#define SP_ARG(s, i, k, bits, level) { #s, i, #k },
#include "analyzer/argkind.def"
};

static const char *style_of(const char *group)
{
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++)
		if (strcmp(groups[i].name, group) == 0)
			return groups[i].style;
	return NULL;
}

/* Why u disagrees with the kinds in a[0..n), into why; false when it
 * agrees. */
static bool disagrees(const struct use *u, const struct arg *a, size_t n,
		      char *why, size_t len)
{
	const char *style = style_of(u->group);

	if (!style) {
		snprintf(why, len, "%s arg %u: no group %s", u->syscall,
			 u->index, u->group);
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(a[i].syscall, u->syscall) || a[i].index != u->index)
			continue;
		if (strcmp(style, "ENUM") == 0 ? strcmp(a[i].kind, "ENUM") == 0 :
						 strcmp(a[i].kind, "ENUM") != 0)
			return false;
		snprintf(why, len, "%s arg %u: %s names (%s) for a %s argument",
			 u->syscall, u->index, style, u->group, a[i].kind);
		return true;
	}
	snprintf(why, len, "%s arg %u: named (%s) but not in argkind.def",
		 u->syscall, u->index, u->group);
	return true;
}

Test(tables, every_named_argument_is_kept_at_its_index_and_kind)
{
	char why[256];

	cr_assert_gt(ARRAY_SIZE(uses), 10);
	for (size_t i = 0; i < ARRAY_SIZE(uses); i++)
		cr_expect_not(disagrees(&uses[i], args, ARRAY_SIZE(args), why,
					sizeof(why)),
			      "%s", why);
}

Test(tables, control_a_moved_or_mistyped_name_is_caught)
{
	static const struct use moved = { "socket", 3, "AF" };
	static const struct use flags_for_enum = { "socket", 0, "SOCK" };
	static const struct use unknown = { "no_such_call", 0, "AF" };
	char why[256];

	cr_assert(disagrees(&moved, args, ARRAY_SIZE(args), why, sizeof(why)));
	cr_assert(disagrees(&flags_for_enum, args, ARRAY_SIZE(args), why,
			    sizeof(why)));
	cr_assert(strstr(why, "FLAGS names (SOCK) for a ENUM argument"), "%s",
		  why);
	cr_assert(disagrees(&unknown, args, ARRAY_SIZE(args), why,
			    sizeof(why)));
}
