#include "core/arch.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

struct arch_info {
	const char *name;
	uint32_t audit;
	uint32_t scmp;
	const char *oci;
	enum sp_arch host;
};

static const struct arch_info arches[SP_ARCH_COUNT] = {
	[SP_ARCH_UNKNOWN] = { "unknown", 0, 0, NULL, SP_ARCH_UNKNOWN },
#define SP_ARCH(id, nm, au, sc, oc, ho) \
	[SP_ARCH_##id] = { nm, au, sc, oc, SP_ARCH_##ho },
#include "core/arch.def"
#undef SP_ARCH
};

static int valid(enum sp_arch arch)
{
	return arch > SP_ARCH_UNKNOWN && arch < SP_ARCH_COUNT;
}

enum sp_arch sp_arch_of_call(uint32_t audit_arch, int64_t nr)
{
	if (audit_arch == AUDIT_ARCH_X86_64)
		return nr >= 0 && (nr & SP_X32_SYSCALL_BIT) ? SP_ARCH_X32 :
							       SP_ARCH_X86_64;
	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++)
		if (arches[a].audit == audit_arch)
			return (enum sp_arch)a;
	return SP_ARCH_UNKNOWN;
}

enum sp_arch sp_arch_native(void)
{
	uint32_t scmp = seccomp_arch_native();

	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++)
		if (arches[a].scmp == scmp)
			return (enum sp_arch)a;
	return SP_ARCH_UNKNOWN;
}

enum sp_arch sp_arch_host(enum sp_arch arch)
{
	enum sp_arch native = sp_arch_native();

	if (!valid(arch))
		return SP_ARCH_UNKNOWN;
	/* This machine runs its own arch and its compat ones (x86 on
	 * x86_64; arm, also a host of its own, on aarch64). */
	if (arch == native || arches[arch].host == native)
		return native;
	return arches[arch].host;
}

const char *sp_arch_name(enum sp_arch arch)
{
	return valid(arch) ? arches[arch].name : "unknown";
}

const char *sp_arch_oci_name(enum sp_arch arch)
{
	return valid(arch) ? arches[arch].oci : NULL;
}

uint32_t sp_arch_audit(enum sp_arch arch)
{
	return valid(arch) ? arches[arch].audit : 0;
}

bool sp_arch_ilp32(enum sp_arch arch)
{
	/* x32 shares x86_64's audit value (a 64-bit one) but not its
	 * layout. */
	return valid(arch) && (arch == SP_ARCH_X32 ||
			       !(arches[arch].audit & __AUDIT_ARCH_64BIT));
}

uint64_t sp_arch_arg_mask(enum sp_arch arch)
{
	return arch == SP_ARCH_ARM ? UINT32_MAX : UINT64_MAX;
}

bool sp_arch_caller_upper(enum sp_arch arch)
{
	return arch == SP_ARCH_X86;
}

uint32_t sp_arch_scmp(enum sp_arch arch)
{
	return valid(arch) ? arches[arch].scmp : 0;
}

int sp_arch_parse(const char *s, enum sp_arch *out)
{
	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++) {
		if (strcmp(s, arches[a].name) == 0 ||
		    strcmp(s, arches[a].oci) == 0) {
			*out = (enum sp_arch)a;
			return 0;
		}
	}
	return -EINVAL;
}

int sp_kernel_release(char *buf, size_t len)
{
	struct utsname u;
	ssize_t n = -1;
	int fd = open("/proc/sys/kernel/osrelease", O_RDONLY | O_CLOEXEC);

	if (!len)
		return -EINVAL;
	if (fd >= 0) {
		n = read(fd, buf, len - 1);
		close(fd);
	}
	if (n > 0) {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		return 0;
	}
	if (uname(&u))
		return -errno;
	snprintf(buf, len, "%s", u.release);
	return 0;
}
