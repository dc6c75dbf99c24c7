#include "analyzer/argkind.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fanotify.h>
#include <linux/memfd.h>
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include "core/array.h"
#include "core/syscall.h"

/* include/linux/net.h: the socket type's bits; not in the uapi headers. */
#define SOCK_TYPE_MASK 0xf
/* include/uapi/linux/memfd.h since Linux 6.3, newer than Debian 12's
 * headers: an executable memfd or not. */
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

enum level { AUTO, STRICT, WHEN };

struct argline {
	enum sp_arch arch;   /* SP_ARCH_UNKNOWN: every arch without its own */
	const char *syscall;
	unsigned index;
	enum sp_argkind kind;
	unsigned bits;
	enum level level;
};

static const struct argline lines[] = {
#define SP_ARG(sc, idx, kind, bits, lvl) \
	{ SP_ARCH_UNKNOWN, #sc, idx, SP_ARGKIND_##kind, bits, lvl },
#define SP_ARG_ARCH(arch, sc, idx, kind, bits, lvl) \
	{ SP_ARCH_##arch, #sc, idx, SP_ARGKIND_##kind, bits, lvl },
#include "analyzer/argkind.def"
};

/* The SP_ARG_FIELD and SP_ARG_GUARD lines: bits of a FLAGS argument
 * (a guard: of a PROT or ENUM one too). */
static const struct {
	const char *syscall;
	unsigned index;
	uint64_t field, guard;
} bits[] = {
#define SP_ARG_FIELD(sc, idx, f) { #sc, idx, (uint64_t)(f), 0 },
#define SP_ARG_GUARD(sc, idx, g) { #sc, idx, 0, (uint64_t)(g) },
#include "analyzer/argkind.def"
};

/* The SP_ARG_ALIKE lines. */
static const struct {
	const char *syscall;
	unsigned index;
	uint64_t a, b;
} alikes[] = {
#define SP_ARG_ALIKE(sc, idx, x, y) { #sc, idx, (uint64_t)(x), (uint64_t)(y) },
#include "analyzer/argkind.def"
};

/* The SP_ARG_GUARD_ONLY lines. */
static const struct {
	const char *syscall;
	unsigned index;
} guard_only[] = {
#define SP_ARG_GUARD_ONLY(sc, idx) { #sc, idx },
#include "analyzer/argkind.def"
};

/* The SP_ARG_WHEN lines. */
static const struct {
	const char *syscall;
	unsigned index, sel;
	uint64_t value;
} whens[] = {
#define SP_ARG_WHEN(sc, idx, s, v) { #sc, idx, s, (uint64_t)(v) },
#include "analyzer/argkind.def"
};

/* The SP_ARG_RECAST lines. */
static const struct sp_argrecast recasts[] = {
#define SP_ARG_RECAST(sc, idx, b, s, f, t) \
	{ #sc, idx, (uint64_t)(b), s, (uint64_t)(f), (uint64_t)(t) },
#include "analyzer/argkind.def"
};

unsigned sp_argkind_recast_count(void)
{
	return ARRAY_SIZE(recasts);
}

const struct sp_argrecast *sp_argkind_recast_at(unsigned i)
{
	return i < ARRAY_SIZE(recasts) ? &recasts[i] : NULL;
}

bool sp_argkind_when(const struct sp_argspec *spec, unsigned a,
		     const uint64_t args[SP_NARGS])
{
	unsigned sel = spec->when_sel[a];
	uint64_t v;

	if (!(spec->when & (1u << a)))
		return true;
	v = spec->wide & (1u << sel) ? args[sel] : (uint32_t)args[sel];
	for (size_t i = spec->when_at[a]; i < ARRAY_SIZE(whens); i++)
		if (whens[i].index == a && whens[i].value == v &&
		    strcmp(whens[i].syscall,
			   whens[spec->when_at[a]].syscall) == 0)
			return true;
	return false;
}

bool sp_argkind_held(const struct sp_argspec *spec, unsigned a,
		     const uint64_t args[SP_NARGS], bool strict)
{
	if (strict && !(spec->only_when & (1u << a)))
		return true;
	return sp_argkind_when(spec, a, args);
}

bool sp_argkind_guard_only(const char *syscall, unsigned index)
{
	for (size_t i = 0; i < ARRAY_SIZE(guard_only); i++)
		if (guard_only[i].index == index &&
		    strcmp(guard_only[i].syscall, syscall) == 0)
			return true;
	return false;
}

bool sp_argkind_alike(const char *syscall, unsigned index, uint64_t value,
		      unsigned nth, uint64_t *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(alikes); i++) {
		if (alikes[i].index != index ||
		    strcmp(alikes[i].syscall, syscall) != 0 ||
		    (value != alikes[i].a && value != alikes[i].b))
			continue;
		if (!nth--) {
			*out = value == alikes[i].a ? alikes[i].b : alikes[i].a;
			return true;
		}
	}
	return false;
}

/* The field (or, with guard, the guard) of syscall's argument index. */
static uint64_t bits_of(const char *syscall, unsigned index, bool guard)
{
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		if (bits[i].index == index &&
		    strcmp(bits[i].syscall, syscall) == 0 &&
		    (guard ? bits[i].guard : bits[i].field))
			return guard ? bits[i].guard : bits[i].field;
	return 0;
}

/* Whether arch has lines of its own for syscall. */
static bool own_lines(enum sp_arch arch, const char *syscall)
{
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		if (lines[i].arch == arch && strcmp(lines[i].syscall, syscall) == 0)
			return true;
	return false;
}

/* Per arch, specs for numbers below SPEC_NR (x32: without its bit). */
#define SPEC_NR 1024
static struct sp_argspec specs[SP_ARCH_COUNT][SPEC_NR];
static bool built[SP_ARCH_COUNT];
static const struct sp_argspec none;

static void apply(struct sp_argspec *s, const struct argline *l)
{
	s->kept |= (uint8_t)(1u << l->index);
	if (l->bits == 64)
		s->wide |= (uint8_t)(1u << l->index);
	if (l->level == AUTO)
		s->sensitive |= (uint8_t)(1u << l->index);
	s->kind[l->index] = (uint8_t)l->kind;
	if (l->kind == SP_ARGKIND_FLAGS)
		s->field[l->index] = bits_of(l->syscall, l->index, false);
	s->guard[l->index] = bits_of(l->syscall, l->index, true);
	if (l->level == WHEN)
		s->only_when |= (uint8_t)(1u << l->index);
	for (size_t i = 0; i < ARRAY_SIZE(whens); i++) {
		if (whens[i].index != l->index ||
		    strcmp(whens[i].syscall, l->syscall) != 0)
			continue;
		s->when |= (uint8_t)(1u << l->index);
		s->when_sel[l->index] = (uint8_t)whens[i].sel;
		s->when_at[l->index] = (uint16_t)i;
		break;
	}
}

/* The specs of the numbers whose name (libseccomp's, from number to name)
 * is a line's: each line's name resolved to its number and checked back,
 * which costs a hash lookup where asking every number for its name costs
 * a scan of libseccomp's table each (1 ms for three arches).  A name
 * libseccomp resolves only to a pseudo-number, since it reaches the call
 * through a multiplexer (i386 "socket" is -101, for socketcall), may still
 * be the name of a real number (359): those are found by asking numbers
 * for their names until each is found, or every number was asked. */
static void build(enum sp_arch arch)
{
	bool muxed[ARRAY_SIZE(lines)] = { false };
	size_t nmuxed = 0;

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		const struct argline *l = &lines[i];
		const char *name;
		int64_t nr;

		if (l->arch != (own_lines(arch, l->syscall) ? arch :
							      SP_ARCH_UNKNOWN))
			continue;
		if (sp_syscall_nr(arch, l->syscall, &nr) == 0) {
			int64_t idx = arch == SP_ARCH_X32 ?
					      nr & ~(int64_t)SP_X32_SYSCALL_BIT :
					      nr;

			name = sp_syscall_name(arch, nr);
			if (idx >= 0 && idx < SPEC_NR && name &&
			    strcmp(name, l->syscall) == 0)
				apply(&specs[arch][idx], l);
		} else if (sp_syscall_muxed(arch, l->syscall)) {
			muxed[i] = true;
			nmuxed++;
		}
	}
	for (int64_t nr = 0; nmuxed && nr < SPEC_NR; nr++) {
		int64_t raw = arch == SP_ARCH_X32 ? nr | SP_X32_SYSCALL_BIT : nr;
		const char *name = sp_syscall_name(arch, raw);
		bool found = false;

		for (size_t i = 0; name && i < ARRAY_SIZE(lines); i++)
			if (muxed[i] && strcmp(lines[i].syscall, name) == 0) {
				apply(&specs[arch][nr], &lines[i]);
				found = true;
			}
		/* A name has one real number at most. */
		for (size_t i = 0; found && i < ARRAY_SIZE(lines); i++)
			if (muxed[i] && strcmp(lines[i].syscall, name) == 0) {
				muxed[i] = false;
				nmuxed--;
			}
	}
	built[arch] = true;
}

const struct sp_argspec *sp_argkind_lookup(enum sp_arch arch, int64_t nr)
{
	if (arch <= SP_ARCH_UNKNOWN || arch >= SP_ARCH_COUNT || nr < 0)
		return &none;
	if (arch == SP_ARCH_X32)
		nr &= ~(int64_t)SP_X32_SYSCALL_BIT;
	if (nr >= SPEC_NR)
		return &none;
	if (!built[arch])
		build(arch);
	return &specs[arch][nr];
}

uint8_t sp_argkind_picked(const struct sp_argspec *spec, uint8_t kept,
			  const uint64_t args[SP_NARGS])
{
	for (unsigned i = 0; i < SP_NARGS; i++)
		if ((spec->only_when & (1u << i)) &&
		    !sp_argkind_when(spec, i, args))
			kept &= (uint8_t)~(1u << i);
	return kept;
}

uint8_t sp_argkind_keep(const struct sp_argspec *spec,
			const uint64_t in[SP_NARGS], uint8_t read,
			uint64_t out[SP_NARGS])
{
	uint8_t kept = sp_argkind_picked(spec, spec->kept, in);

	for (unsigned i = 0; i < SP_NARGS; i++) {
		if (spec->kind[i] == SP_ARGKIND_STRUCT && !(read & (1u << i)))
			kept &= (uint8_t)~(1u << i);
		if (!(kept & (1u << i)))
			out[i] = 0;
		else if (spec->wide & (1u << i))
			out[i] = in[i];
		else
			out[i] = (uint32_t)in[i];
	}
	return kept;
}

unsigned sp_argkind_count(void)
{
	return ARRAY_SIZE(lines);
}

int sp_argkind_row(unsigned i, struct sp_argrow *out)
{
	const struct argline *l;

	if (i >= ARRAY_SIZE(lines))
		return -ENOENT;
	l = &lines[i];
	*out = (struct sp_argrow){
		.arch = l->arch, .syscall = l->syscall, .index = l->index,
		.kind = l->kind, .bits = l->bits,
		.automatic = l->level == AUTO,
		.field = l->kind == SP_ARGKIND_FLAGS ?
				 bits_of(l->syscall, l->index, false) : 0,
		.guard = bits_of(l->syscall, l->index, true),
		.when_sel = -1,
		.only_when = l->level == WHEN,
	};
	for (size_t k = 0; k < ARRAY_SIZE(whens); k++)
		if (whens[k].index == l->index &&
		    strcmp(whens[k].syscall, l->syscall) == 0 &&
		    out->when_sel < 0) {
			out->when_sel = (int)whens[k].sel;
			out->when_value = whens[k].value;
		}
	return 0;
}
