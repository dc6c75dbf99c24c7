#include "analyzer/sibling.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/sockios.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <stddef.h>
#include <string.h>

#include "analyzer/argkind.h"
#include "core/array.h"
#include "core/syscall.h"

static const struct sp_sibling table[] = {
#define SP_ANY 0u
#define SP_ON(arch) (1u << SP_ARCH_##arch)
#define SP_WHOLE(call, of) \
	#call " is allowed whatever its arguments here (not recorded: " \
	"static coverage, a language or OCI runtime; or too many values), " \
	"so it does what the conditions of " #of " hold back: they do not " \
	"bind it"
#define SP_SIBLING(call, of, how, arches, note) \
	{ #call, #of, SP_SIBLING_##how, arches, note, SP_WHOLE(call, of), \
	  -1, 0, -1, 0, 0 },
#define SP_SIBLING_OP(call, of, how, arches, index, value, note) \
	{ #call, #of, SP_SIBLING_##how, arches, note, SP_WHOLE(call, of), \
	  index, value, -1, 0, 0 },
#define SP_SIBLING_OF(call, of, how, arches, index, value, of_index, \
		      of_mask, of_value, note) \
	{ #call, #of, SP_SIBLING_##how, arches, note, SP_WHOLE(call, of), \
	  index, value, of_index, of_mask, of_value },
#include "analyzer/sibling.def"
#undef SP_ANY
#undef SP_ON
#undef SP_WHOLE
};

_Static_assert(SP_ARCH_COUNT <= 32, "arches must fit an unsigned mask");

unsigned sp_sibling_count(void)
{
	return ARRAY_SIZE(table);
}

const struct sp_sibling *sp_sibling_at(unsigned i)
{
	return i < sp_sibling_count() ? &table[i] : NULL;
}

const char *sp_sibling_uring_op(const char *call)
{
	static const struct {
		const char *call, *op;
	} ops[] = {
#define SP_URING_OP(call, op) { #call, #op },
#include "analyzer/uring.def"
#undef SP_URING_OP
	};

	for (size_t i = 0; call && i < ARRAY_SIZE(ops); i++)
		if (strcmp(ops[i].call, call) == 0)
			return ops[i].op;
	return NULL;
}

bool sp_sibling_on(const struct sp_sibling *s, enum sp_arch arch)
{
	return !s->arches || (s->arches & (1u << arch));
}

int sp_sibling_target(const struct sp_sibling *s, enum sp_arch arch,
		      struct sp_fold *out)
{
	const struct sp_argspec *spec;

	if (s->how != SP_SIBLING_FOLD || !sp_sibling_on(s, arch) ||
	    sp_syscall_nr(arch, s->of, &out->nr))
		return -ENOENT;
	spec = sp_argkind_lookup(arch, out->nr);
	for (unsigned a = 0; a < SP_NARGS; a++) {
		if (spec->kind[a] == SP_ARGKIND_FLAGS) {
			out->line = s;
			out->index = a;
			out->value = 0;
			return 0;
		}
	}
	return -ENOENT;
}

int sp_sibling_fold(enum sp_arch arch, int64_t nr, uint8_t kept,
		    const uint64_t args[SP_NARGS], struct sp_fold *out)
{
	const char *name = sp_syscall_name(arch, nr);
	const struct sp_argspec *spec = sp_argkind_lookup(arch, nr);

	for (unsigned k = 0; name && k < sp_sibling_count(); k++) {
		const struct sp_sibling *s = &table[k];

		if (s->how != SP_SIBLING_FOLD || strcmp(s->call, name) != 0 ||
		    sp_sibling_target(s, arch, out))
			continue;
		for (unsigned a = 0; a < SP_NARGS; a++) {
			if (spec->kind[a] != SP_ARGKIND_STRUCT)
				continue;
			if (!(kept & (1u << a)) || args[a] > UINT32_MAX)
				return -ENODATA;
			out->value = args[a];
			return 0;
		}
		return -ENODATA;
	}
	return -ENOENT;
}
