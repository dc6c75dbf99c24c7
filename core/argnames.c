#include "core/argnames.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <asm/prctl.h>
#include <linux/bpf.h>
#include <linux/futex.h>
#include <linux/ipc.h>
#include <linux/keyctl.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/falloc.h>
#include <linux/ioprio.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <linux/shm.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/eventfd.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/fanotify.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "core/array.h"
#include "core/profile.h"
#include "core/syscall.h"

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
	int other;          /* -1: always; else when args[other] is when */
	uint32_t when;
} uses[] = {
#define SP_ARG_USE(sc, i, g) { #sc, i, GROUP_##g, -1, 0 },
#define SP_ARG_USE_IF(sc, i, g, o, v) { #sc, i, GROUP_##g, o, (uint32_t)(v) },
#include "core/argnames.def"
};

_Static_assert(ARRAY_SIZE(groups) == GROUP_COUNT,
	       "argnames.def groups and enum disagree");

/* The group of argument index, given the arguments known (bit i of known:
 * args[i] holds a value). */
static int group_of(const char *syscall, unsigned index, const uint64_t *args,
		    uint8_t known)
{
	for (size_t i = 0; i < ARRAY_SIZE(uses); i++) {
		int o = uses[i].other;

		if (uses[i].index != index ||
		    strcmp(uses[i].syscall, syscall) != 0)
			continue;
		if (o < 0 || ((known & (1u << o)) &&
			      (uint32_t)args[o] == uses[i].when))
			return (int)uses[i].group;
	}
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
	return sp_argname_format_in(syscall, index, value, NULL, 0, buf, len);
}

const char *sp_argname_format_in(const char *syscall, unsigned index,
				 uint64_t value, const uint64_t *args,
				 uint8_t known, char *buf, size_t len)
{
	int g = group_of(syscall, index, args, known);

	if (g >= 0 && groups[g].style == FLAGS)
		return format_flags((enum group)g, value, buf, len);
	if (g >= 0) {
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (names[i].group == (enum group)g &&
			    names[i].value == value) {
				snprintf(buf, len, "%s", names[i].name);
				return buf;
			}
		/* An enumeration with flags beside it (personality): a
		 * value no name gives whole, as its field and flags. */
		if (groups[g].field)
			return format_flags((enum group)g, value, buf, len);
	}
	if (value < 10)
		snprintf(buf, len, "%" PRIu64, value);
	else
		snprintf(buf, len, "%#" PRIx64, value);
	return buf;
}

/* The argument values the conditions pin down: equality on the
 * argument's width, or on its low 32 bits. */
static uint8_t pinned(const struct sp_cond *all, size_t n, uint64_t args[SP_NARGS])
{
	uint8_t known = 0;

	for (size_t i = 0; i < n; i++) {
		const struct sp_cond *c = &all[i];

		if (c->index >= 6)
			continue;
		if (c->op == SP_CMP_EQ) {
			args[c->index] = c->value;
			known |= (uint8_t)(1u << c->index);
		} else if (c->op == SP_CMP_MASKED_EQ &&
			   (c->value == UINT32_MAX || c->value == UINT64_MAX)) {
			args[c->index] = c->value_two;
			known |= (uint8_t)(1u << c->index);
		}
	}
	return known;
}

void sp_cond_format(const char *syscall, const struct sp_cond *cd,
		    const struct sp_cond *all, size_t nall, char *buf,
		    size_t len)
{
	uint64_t args[SP_NARGS] = { 0 };
	uint8_t known = pinned(all, nall, args);
	static const char *const ops[SP_CMP_COUNT] = {
		[SP_CMP_NE] = "!=", [SP_CMP_LT] = "<", [SP_CMP_LE] = "<=",
		[SP_CMP_EQ] = "==", [SP_CMP_GE] = ">=", [SP_CMP_GT] = ">",
		[SP_CMP_MASKED_EQ] = "&",
	};
	char v[SP_ARGNAME_MAX];

	if (cd->op == SP_CMP_MASKED_EQ &&
	    (cd->value == UINT32_MAX || cd->value == UINT64_MAX)) {
		/* A comparison on the argument's width. */
		snprintf(buf, len, "arg%u == %s%s", cd->index,
			 sp_argname_format_in(syscall, cd->index, cd->value_two,
					      args, known, v, sizeof(v)),
			 cd->value == UINT32_MAX ? " (low 32 bits)" : "");
	} else if (cd->op == SP_CMP_MASKED_EQ && cd->value_two == 0) {
		/* "No bit outside the allowed set" (the mask is its
		 * complement, on the argument's width). */
		uint64_t width = cd->value >> 32 ? UINT64_MAX : UINT32_MAX;
		uint64_t allowed = ~cd->value & width;

		/* Fewer bits refused than allowed (a guard, a recast's
		 * bit): said as those, not as the rest of the word. */
		if (__builtin_popcountll(cd->value & width) <
		    __builtin_popcountll(allowed)) {
			snprintf(buf, len, "arg%u has none of the bits %s",
				 cd->index,
				 sp_argname_format_in(syscall, cd->index,
						      cd->value & width, args,
						      known, v, sizeof(v)));
			return;
		}
		snprintf(buf, len, "arg%u has no bit outside %s", cd->index,
			 allowed ? sp_argname_format_in(syscall, cd->index,
							allowed, args, known, v,
							sizeof(v)) :
				   "0");
	} else if (cd->op == SP_CMP_MASKED_EQ &&
		   !(cd->value_two & ~cd->value)) {
		/* An enumerated field's value, other bits within a set
		 * (argkind.def SP_ARG_FIELD): "SOCK_STREAM plus any of
		 * SOCK_CLOEXEC". */
		uint64_t width = cd->value >> 32 ? UINT64_MAX : UINT32_MAX;
		char free[SP_ARGNAME_MAX];

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
			 sp_argname_format_in(syscall, cd->index, cd->value_two,
					      args, known, v, sizeof(v)));
	} else {
		snprintf(buf, len, "arg%u %s %s", cd->index,
			 (unsigned)cd->op < SP_CMP_COUNT ? ops[cd->op] : "?",
			 sp_argname_format_in(syscall, cd->index, cd->value,
					      args, known, v, sizeof(v)));
	}
}

int sp_argname_parse(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	while (*s) {
		size_t n = strcspn(s, "|");
		char tok[64], *end;
		bool found = false;

		if (!n || n >= sizeof(tok))
			return -EINVAL;
		memcpy(tok, s, n);
		tok[n] = '\0';
		errno = 0;
		if (tok[0] == '-') {
			long long x = strtoll(tok, &end, 0);

			found = !errno && !*end;
			v |= (uint64_t)x;
		} else if (tok[0] >= '0' && tok[0] <= '9') {
			unsigned long long x = strtoull(tok, &end, 0);

			found = !errno && !*end;
			v |= (uint64_t)x;
		} else {
			for (size_t i = 0; i < ARRAY_SIZE(names);
			     i++) {
				if (strcmp(names[i].name, tok) == 0) {
					v |= names[i].value;
					found = true;
					break;
				}
			}
		}
		if (!found)
			return -EINVAL;
		/* "AF_INET|" is a constant short, not AF_INET. */
		s += n;
		if (*s == '|' && !*++s)
			return -EINVAL;
	}
	*out = v;
	return 0;
}
