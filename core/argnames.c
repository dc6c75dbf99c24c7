#include "core/argnames.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "core/array.h"
#include "core/profile.h"

enum group {
#define SP_ARG_GROUP(g, style, field) GROUP_##g,
#include "core/argnames.def"
	GROUP_COUNT
};

enum style { ENUM, FLAGS };

static const struct {
	enum style style;
	uint64_t field;
} groups[GROUP_COUNT] = {
#define SP_ARG_GROUP(g, st, f) [GROUP_##g] = { st, (uint64_t)(f) },
#include "core/argnames.def"
};

static const struct {
	enum group group;
	const char *name;
	uint64_t value;
} names[] = {
#define SP_ARG_NAME(g, c) { GROUP_##g, #c, (uint64_t)(unsigned long)(c) },
#include "core/argnames.def"
};

static const struct {
	const char *syscall;
	unsigned index;
	enum group group;
} uses[] = {
#define SP_ARG_USE(sc, i, g) { #sc, i, GROUP_##g },
#include "core/argnames.def"
};

_Static_assert(ARRAY_SIZE(groups) == GROUP_COUNT,
	       "argnames.def groups and enum disagree");

static int group_of(const char *syscall, unsigned index)
{
	for (size_t i = 0; i < ARRAY_SIZE(uses); i++)
		if (uses[i].index == index &&
		    strcmp(uses[i].syscall, syscall) == 0)
			return (int)uses[i].group;
	return -1;
}

static void cat(char *buf, size_t len, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void cat(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += (size_t)n;
}

static const char *format_flags(enum group g, uint64_t v, char *buf,
				size_t len)
{
	uint64_t field = groups[g].field, left = v & ~field;
	size_t at = 0;
	bool any = false;

	buf[0] = '\0';
	if (v == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (names[i].group == g && names[i].value == 0) {
				snprintf(buf, len, "%s", names[i].name);
				return buf;
			}
		if (!field) {
			snprintf(buf, len, "0");
			return buf;
		}
	}
	if (field) {
		const char *fname = NULL;

		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (names[i].group == g &&
			    !(names[i].value & ~field) &&
			    names[i].value == (v & field)) {
				fname = names[i].name;
				break;
			}
		/* An unnamed zero field is no bit at all: said only alone. */
		if (fname)
			cat(buf, len, &at, "%s", fname);
		else if (v & field || !left)
			cat(buf, len, &at, "%#" PRIx64, v & field);
		any = at > 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names) && left; i++) {
		uint64_t nv = names[i].value;

		if (names[i].group != g || !nv || !(nv & ~field))
			continue;
		if ((left & nv) != nv)
			continue;
		cat(buf, len, &at, "%s%s", any ? "|" : "", names[i].name);
		any = true;
		left &= ~nv;
	}
	if (left)
		cat(buf, len, &at, "%s%#" PRIx64, any ? "|" : "", left);
	return buf;
}

const char *sp_argname_format(const char *syscall, unsigned index,
			      uint64_t value, char *buf, size_t len)
{
	int g = group_of(syscall, index);

	if (g >= 0 && groups[g].style == FLAGS)
		return format_flags((enum group)g, value, buf, len);
	if (g >= 0)
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (names[i].group == (enum group)g &&
			    names[i].value == value) {
				snprintf(buf, len, "%s", names[i].name);
				return buf;
			}
	if (value < 10)
		snprintf(buf, len, "%" PRIu64, value);
	else
		snprintf(buf, len, "%#" PRIx64, value);
	return buf;
}

void sp_cond_format(const char *syscall, const struct sp_cond *cd, char *buf,
		    size_t len)
{
	static const char *const ops[SP_CMP_COUNT] = {
		[SP_CMP_NE] = "!=", [SP_CMP_LT] = "<", [SP_CMP_LE] = "<=",
		[SP_CMP_EQ] = "==", [SP_CMP_GE] = ">=", [SP_CMP_GT] = ">",
		[SP_CMP_MASKED_EQ] = "&",
	};
	char v[256];

	if (cd->op == SP_CMP_MASKED_EQ &&
	    (cd->value == UINT32_MAX || cd->value == UINT64_MAX)) {
		/* A comparison on the argument's width. */
		snprintf(buf, len, "arg%u == %s%s", cd->index,
			 sp_argname_format(syscall, cd->index, cd->value_two, v,
					   sizeof(v)),
			 cd->value == UINT32_MAX ? " (low 32 bits)" : "");
	} else if (cd->op == SP_CMP_MASKED_EQ && cd->value_two == 0) {
		/* "No bit outside the allowed set" (the mask is its
		 * complement, on the argument's width). */
		uint64_t width = cd->value >> 32 ? UINT64_MAX : UINT32_MAX;
		uint64_t allowed = ~cd->value & width;

		snprintf(buf, len, "arg%u has no bit outside %s", cd->index,
			 allowed ? sp_argname_format(syscall, cd->index,
						     allowed, v, sizeof(v)) :
				   "0");
	} else if (cd->op == SP_CMP_MASKED_EQ &&
		   !(cd->value_two & ~cd->value)) {
		/* An enumerated field's value, other bits within a set
		 * (argkind.def SP_ARG_FIELD): "SOCK_STREAM plus any of
		 * SOCK_CLOEXEC". */
		uint64_t width = cd->value >> 32 ? UINT64_MAX : UINT32_MAX;
		char free[256];

		sp_argname_format(syscall, cd->index, ~cd->value & width, free,
				  sizeof(free));
		snprintf(buf, len, "arg%u is %s plus any of %s",
			 cd->index,
			 sp_argname_format(syscall, cd->index, cd->value_two, v,
					   sizeof(v)),
			 free);
	} else if (cd->op == SP_CMP_MASKED_EQ) {
		snprintf(buf, len, "arg%u & %#" PRIx64 " == %s", cd->index,
			 cd->value,
			 sp_argname_format(syscall, cd->index, cd->value_two, v,
					   sizeof(v)));
	} else {
		snprintf(buf, len, "arg%u %s %s", cd->index,
			 (unsigned)cd->op < SP_CMP_COUNT ? ops[cd->op] : "?",
			 sp_argname_format(syscall, cd->index, cd->value, v,
					   sizeof(v)));
	}
}
