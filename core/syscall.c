#include "core/syscall.h"

#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Numbers below this are cached in a flat table per arch; the rest (ARM's
 * private calls, garbage from a tracee: a trace can hold tens of thousands
 * of numbers no ABI has) in an open-addressing hash table, so that each is
 * asked of libseccomp once and the returned string stays valid. */
#define CACHE_NR 1024

struct slot {
	const char *name; /* NULL: unknown, once looked up */
	int looked;
};

struct far {
	int64_t nr;
	char *name;       /* NULL: no name */
	enum sp_arch arch; /* SP_ARCH_UNKNOWN: an empty slot */
};

static struct slot cache[SP_ARCH_COUNT][CACHE_NR];
static struct far *far;
static size_t far_cap, far_len; /* far_cap a power of two, or 0 */

static const char *resolve(enum sp_arch arch, int64_t nr)
{
	uint32_t scmp = sp_arch_scmp(arch);

	if (!scmp || nr < 0 || nr > INT32_MAX)
		return NULL;
	return seccomp_syscall_resolve_num_arch(scmp, (int)nr);
}

/* The slot of (arch, nr) in t: its entry, or the empty slot it would
 * take (SP_ARCH_UNKNOWN is 0: a zeroed table is empty). */
static struct far *far_slot(struct far *t, size_t cap, enum sp_arch arch,
			    int64_t nr)
{
	uint64_t h = ((uint64_t)nr ^ (uint64_t)arch << 56) *
		     0x9e3779b97f4a7c15ULL;
	size_t i = (size_t)(h >> 32) & (cap - 1);

	while (t[i].arch != SP_ARCH_UNKNOWN &&
	       (t[i].arch != arch || t[i].nr != nr))
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* Doubles the table (at most half full).  -1 when out of memory. */
static int grow_far(void)
{
	size_t cap = far_cap ? far_cap * 2 : 64;
	struct far *t = calloc(cap, sizeof(*t));

	if (!t)
		return -1;
	for (size_t i = 0; i < far_cap; i++)
		if (far[i].arch != SP_ARCH_UNKNOWN)
			*far_slot(t, cap, far[i].arch, far[i].nr) = far[i];
	free(far);
	far = t;
	far_cap = cap;
	return 0;
}

const char *sp_syscall_name(enum sp_arch arch, int64_t nr)
{
	int64_t idx = arch == SP_ARCH_X32 ? nr & ~(int64_t)SP_X32_SYSCALL_BIT :
					    nr;
	struct far *f;

	if (arch <= SP_ARCH_UNKNOWN || arch >= SP_ARCH_COUNT || nr < 0)
		return NULL;
	if (idx < CACHE_NR) {
		struct slot *s = &cache[arch][idx];

		if (!s->looked) {
			s->name = resolve(arch, nr);
			s->looked = 1;
		}
		return s->name;
	}
	if (2 * (far_len + 1) > far_cap && grow_far())
		return NULL;
	f = far_slot(far, far_cap, arch, nr);
	if (f->arch == SP_ARCH_UNKNOWN) {
		f->arch = arch;
		f->nr = nr;
		f->name = (char *)resolve(arch, nr);
		far_len++;
	}
	return f->name;
}

const char *sp_syscall_name_or_nr(enum sp_arch arch, int64_t nr,
				  char buf[SP_SYSCALL_NAME_MAX])
{
	const char *name = sp_syscall_name(arch, nr);

	if (name)
		return name;
	snprintf(buf, SP_SYSCALL_NAME_MAX, "syscall_%" PRId64, nr);
	return buf;
}

int sp_syscall_nr(enum sp_arch arch, const char *name, int64_t *nr)
{
	uint32_t scmp = sp_arch_scmp(arch);
	int n;

	if (strncmp(name, "syscall_", 8) == 0 && name[8]) {
		char *end, again[SP_SYSCALL_NAME_MAX];
		long long v;

		errno = 0;
		v = strtoll(name + 8, &end, 10);
		/* seccomp_data.nr is an int: syscall_4294967296 names no
		 * call (and would pass for read's 0 in a filter).  Only the
		 * spelling sandprint writes: "syscall_ 1", "syscall_+1" and
		 * "syscall_01" name nothing. */
		if (*end || errno || v < INT32_MIN || v > INT32_MAX)
			return -ENOENT;
		snprintf(again, sizeof(again), "syscall_%lld", v);
		if (strcmp(again, name))
			return -ENOENT;
		*nr = v;
		return 0;
	}
	if (!scmp)
		return -ENOENT;
	n = seccomp_syscall_resolve_name_arch(scmp, name);
	/* Negative numbers are libseccomp's pseudo-syscalls: not callable. */
	if (n < 0)
		return -ENOENT;
	*nr = n;
	return 0;
}

bool sp_syscall_known(const char *name)
{
	return seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

bool sp_syscall_muxed(enum sp_arch arch, const char *name)
{
	int64_t nr;
	uint32_t call;

	return sp_syscall_mux(arch, name, &nr, &call) == 0;
}

int sp_syscall_mux(enum sp_arch arch, const char *name, int64_t *nr,
		   uint32_t *call)
{
	uint32_t scmp = sp_arch_scmp(arch);
	int pnr, n;

	if (!scmp)
		return -ENOENT;
	pnr = seccomp_syscall_resolve_name_arch(scmp, name);
	n = seccomp_syscall_resolve_name_rewrite(scmp, name);
	if (pnr >= 0 || n < 0)
		return -ENOENT;
	*nr = n;
	/* libseccomp's pseudo-numbers (include/seccomp-syscalls.h):
	 * socketcall's calls are -100 - SYS_*, ipc's -200 - the IPC
	 * call. */
	*call = (uint32_t)(-pnr % 100);
	return 0;
}

/* The number whose name is name, for a name libseccomp resolves to a
 * pseudo-number only (i386's socket is 359): -1 when none. */
static int64_t own_number(enum sp_arch arch, const char *name)
{
	for (int64_t i = 0; i < CACHE_NR; i++) {
		int64_t raw = arch == SP_ARCH_X32 ?
				      i | (int64_t)SP_X32_SYSCALL_BIT : i;
		const char *s = sp_syscall_name(arch, raw);

		if (s && strcmp(s, name) == 0)
			return raw;
	}
	return -1;
}

size_t sp_syscall_sites(enum sp_arch arch, const char *name,
			struct sp_syscall_site sites[SP_SYSCALL_SITES_MAX])
{
	size_t n = 0;
	uint32_t call;
	int64_t nr;

	if (sp_syscall_nr(arch, name, &nr) == 0) {
		sites[0] = (struct sp_syscall_site){ .nr = nr };
		return 1;
	}
	if (sp_syscall_mux(arch, name, &nr, &call))
		return 0;
	sites[n++] = (struct sp_syscall_site){ .nr = nr, .muxed = true,
					       .arg0 = call };
	nr = own_number(arch, name);
	if (nr >= 0)
		sites[n++] = (struct sp_syscall_site){ .nr = nr };
	return n;
}
