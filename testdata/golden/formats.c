/*
 * Seccomp profile written by sandprint 0.1.0: C on libseccomp.
 *
 *   cc -o jail profile.c -lseccomp && ./jail CMD [ARG]...
 *
 * runs CMD under the profile.  With -DSANDPRINT_NO_MAIN the file gives
 * sandprint_install() (sets no_new_privs and loads the filter into the
 * calling thread; 0 or -errno) and sandprint_export_bpf(FD) (writes the
 * raw cBPF program, as bwrap --seccomp FD takes it) to your own program.
 * Names this libseccomp does not know are skipped, as crun and runc do.
 *
 * Default action: SCMP_ACT_ERRNO(EPERM)
 * Architectures: x86_64 x86
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* execvp, syscall with -std=c11 */
#endif
#include <errno.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int sandprint_install(void);
int sandprint_export_bpf(int fd);

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Adds the rule for each name this libseccomp knows. */
static int add(scmp_filter_ctx ctx, uint32_t action,
	       const char *const *names, size_t n, unsigned int ncmp,
	       const struct scmp_arg_cmp *cmp)
{
	for (size_t i = 0; i < n; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);
		int rc;

		if (nr == __NR_SCMP_ERROR)
			continue;
		rc = seccomp_rule_add_array(ctx, action, nr, ncmp, cmp);
		if (rc)
			return rc;
	}
	return 0;
}

static int build(scmp_filter_ctx *out)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int rc = 0;

	if (!ctx)
		return -ENOMEM;
	rc = seccomp_arch_add(ctx, SCMP_ARCH_X86_64);
	if (rc && rc != -EEXIST)
		goto fail;
	rc = 0;
	rc = seccomp_arch_add(ctx, SCMP_ARCH_X86);
	if (rc && rc != -EEXIST)
		goto fail;
	rc = 0;

	/* sandprint: recorded: 1200 calls, by fixture */
	{
		static const char *const names[] = {
			"close",
			"exit_group",
			"fdatasync",
			"fstat",
			"fsync",
			"getpid",
			"io_cancel",
			"io_destroy",
			"io_getevents",
			"io_pgetevents",
			"io_setup",
			"io_submit",
			"io_uring_enter",
			"io_uring_register",
			"io_uring_setup",
			"msync",
			"no_such_call",
			"read",
			"sync",
			"sync_file_range",
			"syncfs",
			"write",
		};

		rc = add(ctx, SCMP_ACT_ALLOW, names, N(names), 0, NULL);
		if (rc)
			goto fail;
	}

	/* 64-bit comparison across the halves */
	{
		static const char *const names[] = {
			"getpgid",
		};
		static const struct scmp_arg_cmp cmp[] = {
			{ .arg = 0, .op = SCMP_CMP_GT,
			  .datum_a = 0x100000005, .datum_b = 0x0 },
		};

		rc = add(ctx, SCMP_ACT_ALLOW, names, N(names), N(cmp), cmp);
		if (rc)
			goto fail;
	}

	/* two indexes: ANDed */
	{
		static const char *const names[] = {
			"setpgid",
		};
		static const struct scmp_arg_cmp cmp[] = {
			{ .arg = 0, .op = SCMP_CMP_LT,
			  .datum_a = 0x5, .datum_b = 0x0 },
			{ .arg = 1, .op = SCMP_CMP_GE,
			  .datum_a = 0x7, .datum_b = 0x0 },
		};

		rc = add(ctx, SCMP_ACT_ALLOW, names, N(names), N(cmp), cmp);
		if (rc)
			goto fail;
	}

	/* anything but SIGKILL */
	{
		static const char *const names[] = {
			"kill",
			"tgkill",
		};
		static const struct scmp_arg_cmp cmp[] = {
			{ .arg = 1, .op = SCMP_CMP_NE,
			  .datum_a = 0x9, .datum_b = 0x0 },
		};

		rc = add(ctx, SCMP_ACT_ALLOW, names, N(names), N(cmp), cmp);
		if (rc)
			goto fail;
	}

	/* a repeated index: ORed;
	 * an argument index repeats: each condition is a rule of its own (ORed) */
	{
		static const char *const names[] = {
			"personality",
		};
		static const struct scmp_arg_cmp cmp[] = {
			{ .arg = 0, .op = SCMP_CMP_EQ,
			  .datum_a = 0x8, .datum_b = 0x0 },
			{ .arg = 0, .op = SCMP_CMP_EQ,
			  .datum_a = 0xffffffff, .datum_b = 0x0 },
		};

		for (size_t i = 0; i < N(cmp) && !rc; i++)
			rc = add(ctx, SCMP_ACT_ALLOW, names, N(names), 1,
				 &cmp[i]);
		if (rc)
			goto fail;
	}

	/* no bit outside PROT_READ|PROT_WRITE|PROT_EXEC */
	{
		static const char *const names[] = {
			"mmap",
			"mprotect",
		};
		static const struct scmp_arg_cmp cmp[] = {
			{ .arg = 2, .op = SCMP_CMP_MASKED_EQ,
			  .datum_a = 0xfffffffffffffff8, .datum_b = 0x0 },
		};

		rc = add(ctx, SCMP_ACT_ALLOW, names, N(names), N(cmp), cmp);
		if (rc)
			goto fail;
	}

	/* AF_UNIX on the low 32 bits, type up to SOCK_DGRAM */
	{
		static const char *const names[] = {
			"socket",
		};
		static const struct scmp_arg_cmp cmp[] = {
			{ .arg = 0, .op = SCMP_CMP_MASKED_EQ,
			  .datum_a = 0xffffffff, .datum_b = 0x1 },
			{ .arg = 1, .op = SCMP_CMP_LE,
			  .datum_a = 0x2, .datum_b = 0x0 },
		};

		rc = add(ctx, SCMP_ACT_ALLOW, names, N(names), N(cmp), cmp);
		if (rc)
			goto fail;
	}

	/* PR_SET_NO_NEW_PRIVS */
	{
		static const char *const names[] = {
			"prctl",
		};
		static const struct scmp_arg_cmp cmp[] = {
			{ .arg = 0, .op = SCMP_CMP_EQ,
			  .datum_a = 0x26, .datum_b = 0x0 },
		};

		rc = add(ctx, SCMP_ACT_ALLOW, names, N(names), N(cmp), cmp);
		if (rc)
			goto fail;
	}

	/* PR_SET_NAME refused with EINVAL */
	{
		static const char *const names[] = {
			"prctl",
		};
		static const struct scmp_arg_cmp cmp[] = {
			{ .arg = 0, .op = SCMP_CMP_EQ,
			  .datum_a = 0xf, .datum_b = 0x0 },
		};

		rc = add(ctx, SCMP_ACT_ERRNO(EINVAL), names, N(names), N(cmp), cmp);
		if (rc)
			goto fail;
	}

	/* ENOSYS so that libc falls back */
	{
		static const char *const names[] = {
			"clone3",
			"statx",
		};

		rc = add(ctx, SCMP_ACT_ERRNO(ENOSYS), names, N(names), 0, NULL);
		if (rc)
			goto fail;
	}

	/* a trap */
	{
		static const char *const names[] = {
			"getuid",
		};

		rc = add(ctx, SCMP_ACT_TRAP, names, N(names), 0, NULL);
		if (rc)
			goto fail;
	}

	/* the default action again: left out */
	/* left out: its action is the default one */

	*out = ctx;
	return 0;
fail:
	seccomp_release(ctx);
	return rc;
}

int sandprint_install(void)
{
	scmp_filter_ctx ctx;
	int rc = build(&ctx);

	if (rc)
		return rc;
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc;
}

int sandprint_export_bpf(int fd)
{
	scmp_filter_ctx ctx;
	int rc = build(&ctx);

	if (rc)
		return rc;
	rc = seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	return rc;
}

#ifndef SANDPRINT_NO_MAIN
int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CMD [ARG]...\n", argv[0]);
		return 2;
	}
	rc = sandprint_install();
	if (rc) {
		fprintf(stderr, "%s: cannot install the seccomp filter: %s\n",
			argv[0], strerror(-rc));
		return 2;
	}
	execvp(argv[1], argv + 1);
	rc = errno;
	fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(rc));
	return rc == ENOENT ? 127 : 126;
}
#endif
