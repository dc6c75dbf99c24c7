/* analyzer/generate.c: rules from recorded patterns.  Where a rule's
 * meaning is at stake, the kernel judges it: the generated profile is
 * compiled by libseccomp and the probe asks the kernel for its verdict. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/securebits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <linux/audit.h>
#include <seccomp.h>

#include "analyzer/aggregate.h"
#include "analyzer/generate.h"
#include "analyzer/interp.h"
#include "analyzer/merge.h"
#include "core/array.h"
#include "output/seccomp.h"
#include "tests/probe.h"

#define POISON 0xdeadbeef00000000ull

struct rec {
	struct sp_trace *t;
	struct sp_aggregate a;
};

static void rec_init(struct rec *r)
{
	r->t = sp_trace_new();
	cr_assert_eq(sp_aggregate_init(&r->a, r->t), 0);
	sp_trace_intern_exe(r->t, "/usr/bin/workload");
}

static void call(struct rec *r, long nr, uint64_t a0, uint64_t a1,
		 uint64_t a2, uint64_t a3)
{
	struct sp_event ev = { .arch = SP_ARCH_X86_64, .nr = nr,
			       .args = { a0, a1, a2, a3, 0, 0 } };

	cr_assert_eq(sp_aggregate_add(&r->a, &ev), 0);
}

static struct sp_trace *rec_done(struct rec *r)
{
	sp_aggregate_fini(&r->a);
	return r->t;
}

static struct sp_profile *generate(struct sp_trace **t, size_t n,
				   enum sp_args_mode mode, unsigned safety)
{
	struct sp_generate_opts o;
	struct sp_profile *p;

	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.safety = safety;
	o.args = mode;
	cr_assert_eq(sp_generate_profile(t, n, &o, &p), 0);
	return p;
}

static const struct sp_rule *find(const struct sp_profile *p,
				  const char *name, size_t nth)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t j = 0; j < p->rules[i].nnames; j++)
			if (strcmp(p->rules[i].names[j], name) == 0 && !nth--)
				return &p->rules[i];
	return NULL;
}

/* The kernel's verdicts for cases under p compiled by libseccomp. */
static void verdicts(const struct sp_profile *p,
		     const struct sp_probe_case *cases, size_t n,
		     struct sp_probe_verdict *v)
{
	struct sp_compile_opts co = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_bpf *b;
	struct sp_diag d;

	cr_assert_eq(sp_seccomp_compile(p, &co, &b, &d), 0, "%s", d.msg);
	struct sock_fprog prog = { (unsigned short)b->len, b->insns };
	cr_assert_eq(sp_probe_run(&prog, cases, n, v), 0);
	sp_bpf_free(b);
}

/* The kernel's verdict on each of cases[0..n) under p is want[i]'s. */
static void expect_verdicts(const struct sp_profile *p,
			    const struct sp_probe_case *cases, size_t n,
			    const enum sp_probe_kind *want)
{
	struct sp_probe_verdict v[32];

	cr_assert_leq(n, ARRAY_SIZE(v));
	verdicts(p, cases, n, v);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(v[i].kind, want[i], "case %zu", i);
}

/* The kernel allows the first nallowed of cases[0..n) under p and
 * refuses the others. */
static void expect_first_allowed(const struct sp_profile *p,
				 const struct sp_probe_case *cases, size_t n,
				 size_t nallowed)
{
	struct sp_probe_verdict v[32];
	char buf[32];

	cr_assert_leq(n, ARRAY_SIZE(v));
	verdicts(p, cases, n, v);
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(v[i].kind,
			     i < nallowed ? SP_PROBE_ALLOW : SP_PROBE_ERRNO,
			     "case %zu (nr %lld): %s", i,
			     (long long)cases[i].nr,
			     sp_probe_str(&v[i], buf, sizeof(buf)));
}

/* The kernel allows the first nallowed of cases[0..n) under the profile
 * of r's calls under mode, and refuses the others. */
static void expect_recording_allows_first(struct rec *r,
					  enum sp_args_mode mode,
					  const struct sp_probe_case *cases,
					  size_t n, size_t nallowed)
{
	struct sp_trace *t = rec_done(r);
	struct sp_profile *p = generate(&t, 1, mode, 0);

	expect_first_allowed(p, cases, n, nallowed);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* The acceptance program of the profiles issue, as made-up calls:
 * socket(AF_UNIX), prctl(PR_SET_NAME), ioctl(FIONREAD), read/write
 * anonymous mmap, plus what loading a program takes (PROT_EXEC maps). */
static struct sp_trace *acceptance_trace(void)
{
	struct rec r;

	rec_init(&r);
	call(&r, SYS_socket, POISON | AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
	     0);
	call(&r, SYS_prctl, PR_SET_NAME, 0, 0, 0);
	call(&r, SYS_ioctl, 3, FIONREAD, 0, 0);
	call(&r, SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
	     MAP_PRIVATE | MAP_ANONYMOUS);
	call(&r, SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC,
	     MAP_PRIVATE | MAP_DENYWRITE);
	call(&r, SYS_mprotect, 0, 4096, PROT_READ, 0);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	return rec_done(&r);
}

Test(generate, kernel_allows_what_was_seen_and_refuses_its_neighbours)
{
	struct sp_trace *t = acceptance_trace();
	struct sp_profile *p = generate(&t, 1, SP_ARGS_AUTO, 0);
	const uint64_t rw = PROT_READ | PROT_WRITE, rx = PROT_READ | PROT_EXEC;
	const uint64_t anon = MAP_PRIVATE | MAP_ANONYMOUS;
	struct sp_probe_case c[] = {
		/* seen: allowed, upper-bit garbage on int arguments too */
		{ SYS_socket, { AF_UNIX, SOCK_STREAM } },
		{ SYS_socket, { POISON | AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC } },
		{ SYS_prctl, { POISON | PR_SET_NAME } },
		{ SYS_ioctl, { 3, POISON | FIONREAD } },
		{ SYS_mmap, { 0, 4096, rw, anon } },
		{ SYS_mmap, { 0, 4096, rx, MAP_PRIVATE } },
		{ SYS_mprotect, { 0, 4096, PROT_READ } },
		/* neighbours: refused */
		{ SYS_socket, { AF_INET, SOCK_STREAM } },
		{ SYS_socket, { AF_UNIX, SOCK_RAW } },
		{ SYS_prctl, { PR_SET_DUMPABLE } },
		{ SYS_ioctl, { 3, FIONBIO } },
		{ SYS_mmap, { 0, 4096, rw | PROT_EXEC, anon } },
		{ SYS_mprotect, { 0, 4096, rw | PROT_EXEC } },
		{ SYS_getuid, { 0 } },
	};
	size_t n = ARRAY_SIZE(c);
	struct sp_probe_verdict v[ARRAY_SIZE(c)];
	char buf[32];

	verdicts(p, c, n, v);
	for (size_t i = 0; i < 7; i++)
		cr_expect_eq(v[i].kind, SP_PROBE_ALLOW, "case %zu: %s", i,
			     sp_probe_str(&v[i], buf, sizeof(buf)));
	for (size_t i = 7; i < n; i++)
		cr_expect(v[i].kind == SP_PROBE_ERRNO && v[i].err == EPERM,
			  "case %zu: %s", i,
			  sp_probe_str(&v[i], buf, sizeof(buf)));
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, int_enums_compare_low_32_bits_long_ones_all_64)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;
	const struct sp_rule *s, *c;

	rec_init(&r);
	call(&r, SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0);
	call(&r, SYS_clone, CLONE_VM | CLONE_THREAD, 0, 0, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	s = find(p, "socket", 0);
	cr_assert_not_null(s);
	cr_assert_eq(s->nconds, 2);
	/* MASKED_EQ: value is the mask, value_two the value (OCI). */
	cr_assert_eq(s->conds[0].op, SP_CMP_MASKED_EQ);
	cr_assert_eq(s->conds[0].value, 0xffffffffu);
	cr_assert_eq(s->conds[0].value_two, AF_UNIX);
	/* type: the low 32 bits are SOCK_STREAM (a type is a value, not
	 * bits; no flag was seen) */
	cr_assert_eq(s->conds[1].value, 0xffffffffu);
	cr_assert_eq(s->conds[1].value_two, SOCK_STREAM);
	c = find(p, "clone", 0);
	cr_assert_eq(c->nconds, 1);
	cr_assert_eq(c->conds[0].value,
		     ~(uint64_t)(CLONE_VM | CLONE_THREAD),
		     "clone flags are unsigned long: all 64 bits");
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, enum_sets_over_two_arguments_are_tuples)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;

	/* Seen: (AF_UNIX, STREAM) and (AF_INET, DGRAM).  (AF_INET, STREAM)
	 * must stay refused, so families and types cannot be two independent
	 * sets (OCI ORs repeated indexes): one rule per family. */
	rec_init(&r);
	call(&r, SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, 0);
	call(&r, SYS_socketpair, AF_INET, SOCK_DGRAM, 0, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	cr_assert_not_null(find(p, "socketpair", 0));
	cr_assert_not_null(find(p, "socketpair", 1));
	cr_assert_null(find(p, "socketpair", 2));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* The enumerated fields inside flag arguments (argkind.def
 * SP_ARG_FIELD): a union of two values is a third one, so the field is a
 * set of the recorded values and only the other bits are a mask. */
Test(generate, kernel_refuses_a_field_value_that_is_the_union_of_two_seen)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;
	const uint64_t thread = CLONE_VM | CLONE_FS | CLONE_FILES |
				CLONE_SIGHAND | CLONE_THREAD;

	rec_init(&r);
	call(&r, SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
	call(&r, SYS_socket, AF_INET, SOCK_DGRAM, 0, 0);
	call(&r, SYS_clone, thread, 0, 0, 0);
	call(&r, SYS_clone, SIGCHLD, 0, 0, 0);
	call(&r, SYS_mount, 0, 0, 0, MS_BIND | MS_REC);
	call(&r, SYS_setns, 3, CLONE_NEWNET, 0, 0);
	call(&r, SYS_shmat, 3, 0, SHM_RDONLY, 0);
	t = rec_done(&r);
	/* Strict: under auto, clone's twin frees all but its guard
	 * (ipv6_and_threads_allowed_as_recorded_ipv4_and_a_fork). */
	p = generate(&t, 1, SP_ARGS_STRICT, 0);

	struct sp_probe_case c[] = {
		/* seen, and their flags' subsets */
		{ SYS_socket, { AF_INET, SOCK_STREAM | SOCK_CLOEXEC } },
		{ SYS_socket, { AF_INET, SOCK_DGRAM | SOCK_CLOEXEC } },
		{ SYS_socket, { AF_INET, SOCK_STREAM } },
		{ SYS_clone, { thread } },
		{ SYS_clone, { SIGCHLD | CLONE_FS } },
		{ SYS_mount, { 0, 0, 0, MS_BIND } },
		{ SYS_setns, { 3, CLONE_NEWNET } },
		{ SYS_shmat, { 3, 0, SHM_RDONLY } },
		/* the union of two seen values, or no value: refused */
		{ SYS_socket, { AF_INET, SOCK_RAW } },
		{ SYS_socket, { AF_INET, SOCK_RAW | SOCK_CLOEXEC } },
		{ SYS_socket, { AF_INET, 0 } },
		{ SYS_clone, { thread | SIGKILL } },
		{ SYS_clone, { CLONE_NEWUSER | SIGCHLD } },
		{ SYS_mount, { 0, 0, 0, 0 } },
		{ SYS_mount, { 0, 0, 0, MS_REC } },
		{ SYS_setns, { 3, 0 } },
		{ SYS_shmat, { 3, 0, 0 } },
	};
	expect_first_allowed(p, c, ARRAY_SIZE(c), 8);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A bit whose presence restricts a mount (MS_RDONLY in a remount, a
 * new mount's MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_NOSYMFOLLOW) is part of
 * mount's field, never a mask bit: under "no bit outside the union" a
 * workload recorded remounting a tree read-only could remount it
 * read-write, and one recorded mounting a tmpfs noexec could mount it
 * executable. */
Test(generate, mount_keeps_the_restricting_bits_it_recorded)
{
	const uint64_t ro = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID |
			    MS_NODEV | MS_NOEXEC;
	const uint64_t tmpfs = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SILENT;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_mount, 0, 0, 0, MS_REC | MS_PRIVATE);
	call(&r, SYS_mount, 0, 0, 0, ro);
	call(&r, SYS_mount, 0, 0, 0, tmpfs);

	struct sp_probe_case c[] = {
		{ SYS_mount, { 0, 0, 0, MS_REC | MS_PRIVATE } },
		{ SYS_mount, { 0, 0, 0, ro } },
		{ SYS_mount, { 0, 0, 0, tmpfs } },
		{ SYS_mount, { 0, 0, 0, tmpfs & ~MS_SILENT } },
		/* read-write again; executable, setuid, device tmpfs */
		{ SYS_mount, { 0, 0, 0, ro & ~MS_RDONLY } },
		{ SYS_mount, { 0, 0, 0, ro & ~MS_NOSUID } },
		{ SYS_mount, { 0, 0, 0, tmpfs & ~MS_NOEXEC } },
		{ SYS_mount, { 0, 0, 0, MS_SILENT } },
		{ SYS_mount, { 0, 0, 0, MS_REMOUNT | MS_BIND } },
	};
	expect_recording_allows_first(&r, SP_ARGS_AUTO, c, ARRAY_SIZE(c),
				      4);
}

/* Under --args auto, socket's protocol is held where the family
 * dispatches on it (argkind.def SP_ARG_WHEN): glibc's getifaddrs opens
 * NETLINK_ROUTE, which allowed every netlink protocol (sock_diag's view
 * of every socket, uevents, audit, xfrm, generic netlink); for AF_INET
 * it stays free (0 and IPPROTO_TCP are one stream). */
Test(generate, netlink_socket_keeps_its_protocol)
{
	const uint64_t raw = SOCK_RAW | SOCK_CLOEXEC;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_socket, AF_NETLINK, raw, NETLINK_ROUTE, 0);
	call(&r, SYS_socket, AF_INET, SOCK_STREAM, 0, 0);

	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_ROUTE } },
		{ SYS_socket, { AF_NETLINK, SOCK_RAW, NETLINK_ROUTE } },
		{ SYS_socket, { AF_INET, SOCK_STREAM, IPPROTO_TCP } },
		{ SYS_socket, { AF_INET6, SOCK_STREAM, IPPROTO_TCP } },
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_SOCK_DIAG } },
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_KOBJECT_UEVENT } },
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_AUDIT } },
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_GENERIC } },
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_XFRM } },
	};
	expect_recording_allows_first(&r, SP_ARGS_AUTO, c, ARRAY_SIZE(c),
				      4);
}

/* prctl's second argument is held for the options it is a
 * sub-operation of, its third for PR_SET_SPECULATION_CTRL's control
 * (under --args auto): a recorded ambient capability query allowed a
 * raise, a recorded mitigation turned on allowed turning it off, a
 * process that made itself undumpable could make itself dumpable, and
 * one that asked to lose its capabilities on setuid (PR_SET_KEEPCAPS 0)
 * could keep them through its securebits (SECBIT_KEEP_CAPS).
 * Where the option passes a pointer (PR_SET_NAME) it stays free. */
Test(generate, prctl_keeps_the_sub_operation_it_recorded)
{
	struct rec r;

	rec_init(&r);
	call(&r, SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET,
	     CAP_NET_RAW, 0);
	call(&r, SYS_prctl, PR_SET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS,
	     PR_SPEC_DISABLE, 0);
	call(&r, SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0);
	call(&r, SYS_prctl, PR_SET_NAME, 0x7ffd1000, 0, 0);
	call(&r, SYS_prctl, PR_SET_KEEPCAPS, 0, 0, 0);
	call(&r, SYS_prctl, PR_SET_SECUREBITS, SECBIT_NOROOT, 0, 0);

	struct sp_probe_case c[] = {
		{ SYS_prctl, { PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET,
			       CAP_SYS_ADMIN } },
		{ SYS_prctl, { PR_SET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS,
			       PR_SPEC_DISABLE } },
		{ SYS_prctl, { PR_SET_DUMPABLE, 0 } },
		{ SYS_prctl, { PR_SET_NAME, 0x55550000 } },
		{ SYS_prctl, { PR_SET_KEEPCAPS, 0 } },
		{ SYS_prctl, { PR_SET_SECUREBITS, SECBIT_NOROOT } },
		{ SYS_prctl, { PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
			       CAP_NET_RAW } },
		{ SYS_prctl, { PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL } },
		{ SYS_prctl, { PR_SET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS,
			       PR_SPEC_ENABLE } },
		{ SYS_prctl, { PR_SET_SPECULATION_CTRL,
			       PR_SPEC_INDIRECT_BRANCH, PR_SPEC_DISABLE } },
		{ SYS_prctl, { PR_SET_DUMPABLE, 1 } },
		/* Capabilities kept across setuid, as PR_SET_KEEPCAPS 1
		 * would keep them, or NOROOT undone. */
		{ SYS_prctl, { PR_SET_SECUREBITS,
			       SECBIT_NOROOT | SECBIT_KEEP_CAPS } },
		{ SYS_prctl, { PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP } },
		{ SYS_prctl, { PR_SET_SECUREBITS, 0 } },
		{ SYS_prctl, { PR_SET_KEEPCAPS, 1 } },
	};
	expect_recording_allows_first(&r, SP_ARGS_AUTO, c, ARRAY_SIZE(c),
				      6);
}

/* umount2's UMOUNT_NOFOLLOW restricts: a recorded lazy unmount that
 * follows no symbolic link allows none that follows one (a link planted
 * in the path would unmount what it points to). */
Test(generate, umount2_keeps_its_nofollow)
{
	const uint64_t lazy = MNT_DETACH | UMOUNT_NOFOLLOW;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_umount2, 0, lazy, 0, 0);

	struct sp_probe_case c[] = {
		{ SYS_umount2, { 0, lazy } },
		{ SYS_umount2, { 0, UMOUNT_NOFOLLOW } },
		{ SYS_umount2, { 0, MNT_DETACH } },
		{ SYS_umount2, { 0, 0 } },
	};
	expect_recording_allows_first(&r, SP_ARGS_STRICT, c, ARRAY_SIZE(c),
				      2);
}

/* Under --args strict, the open flags whose presence restricts the call
 * (O_EXCL: only a new file; O_APPEND: only at the end; O_NOFOLLOW,
 * O_DIRECTORY, O_TMPFILE: only what they name) join the access mode in
 * openat's field: a workload recorded creating lock files with O_EXCL
 * could otherwise open an existing file for writing, one appending to a
 * log overwrite it. */
Test(generate, open_keeps_the_restricting_flags_it_recorded)
{
	const uint64_t lock = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
	const uint64_t log = O_WRONLY | O_APPEND | O_CLOEXEC;
	const uint64_t dir = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_openat, (uint64_t)AT_FDCWD, 0, lock, 0);
	call(&r, SYS_openat, (uint64_t)AT_FDCWD, 0, log, 0);
	call(&r, SYS_openat, (uint64_t)AT_FDCWD, 0, dir, 0);

	struct sp_probe_case c[] = {
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, lock } },
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, log & ~O_CLOEXEC } },
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, dir } },
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, O_WRONLY | O_CREAT } },
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, O_WRONLY } },
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, O_RDONLY } },
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, O_RDONLY | O_DIRECTORY } },
	};
	expect_recording_allows_first(&r, SP_ARGS_STRICT, c, ARRAY_SIZE(c),
				      3);
}

/* Under --args strict every call that sends a signal keeps the signals
 * recorded, not kill and tgkill alone: tkill, rt_sigqueueinfo,
 * rt_tgsigqueueinfo and pidfd_send_signal sent any, and so did
 * fcntl(F_SETSIG), whose signal the kernel sends on I/O to the owner
 * F_SETOWN names, another process too. */
Test(generate, every_signal_sender_keeps_its_recorded_signals)
{
	static const struct {
		long nr;
		unsigned index;
		uint64_t cmd; /* arg1, where not 0 */
	} senders[] = {
		{ SYS_kill, 1, 0 },
		{ SYS_tgkill, 2, 0 },
		{ SYS_tkill, 1, 0 },
		{ SYS_rt_sigqueueinfo, 1, 0 },
		{ SYS_rt_tgsigqueueinfo, 2, 0 },
		{ SYS_pidfd_send_signal, 1, 0 },
		/* The signal sent on I/O to the owner F_SETOWN names. */
		{ SYS_fcntl, 2, F_SETSIG },
	};
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;
	struct sp_probe_case c[2 * ARRAY_SIZE(senders)];
	struct sp_probe_verdict v[2 * ARRAY_SIZE(senders)];
	char buf[32];

	rec_init(&r);
	memset(c, 0, sizeof(c));
	for (size_t i = 0; i < ARRAY_SIZE(senders); i++) {
		uint64_t a[4] = { 1, 1, 1, 0 };

		if (senders[i].cmd)
			a[1] = senders[i].cmd;
		a[senders[i].index] = SIGUSR1;
		call(&r, senders[i].nr, a[0], a[1], a[2], a[3]);
		c[2 * i].nr = c[2 * i + 1].nr = senders[i].nr;
		memcpy(c[2 * i].args, a, sizeof(a));
		memcpy(c[2 * i + 1].args, a, sizeof(a));
		c[2 * i + 1].args[senders[i].index] = SIGKILL;
	}
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_STRICT, 0);
	verdicts(p, c, ARRAY_SIZE(c), v);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		cr_expect_eq(v[i].kind, i % 2 ? SP_PROBE_ERRNO : SP_PROBE_ALLOW,
			     "nr %lld, %s: %s", (long long)c[i].nr,
			     i % 2 ? "SIGKILL" : "SIGUSR1",
			     sp_probe_str(&v[i], buf, sizeof(buf)));
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, write_and_exec_together_only_if_seen)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;

	rec_init(&r);
	call(&r, SYS_mprotect, 0, 0, PROT_READ | PROT_WRITE, 0);
	call(&r, SYS_mprotect, 0, 0, PROT_READ | PROT_EXEC, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	cr_assert_not_null(find(p, "mprotect", 1), "two rules: W or X");
	sp_profile_free(p);
	sp_trace_free(t);

	rec_init(&r);
	call(&r, SYS_mprotect, 0, 0, PROT_READ | PROT_WRITE | PROT_EXEC, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	cr_assert_not_null(find(p, "mprotect", 0));
	cr_assert_null(find(p, "mprotect", 1), "W|X seen: one mask rule");
	cr_assert_eq(find(p, "mprotect", 0)->conds[0].value,
		     ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Each W^X rule counts the calls it allows (a PROT_READ call fits both),
 * not the syscall's total; a union without PROT_EXEC needs no split. */
Test(generate, split_rules_count_their_own_calls)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;
	const struct sp_rule *w, *x;

	rec_init(&r);
	for (int i = 0; i < 5; i++)
		call(&r, SYS_mprotect, 0, 0, PROT_READ | PROT_WRITE, 0);
	for (int i = 0; i < 3; i++)
		call(&r, SYS_mprotect, 0, 0, PROT_READ | PROT_EXEC, 0);
	for (int i = 0; i < 2; i++)
		call(&r, SYS_mprotect, 0, 0, PROT_READ, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	w = find(p, "mprotect", 0);
	x = find(p, "mprotect", 1);
	cr_assert(w && x && !find(p, "mprotect", 2));
	/* Rule order: by coverage, then as generated (no-EXEC first). */
	if (w->conds[0].value & PROT_WRITE) {
		const struct sp_rule *tmp = w;

		w = x;
		x = tmp;
	}
	cr_assert(strstr(w->comment, "recorded: 7 calls"), "%s", w->comment);
	cr_assert(strstr(x->comment, "recorded: 5 calls"), "%s", x->comment);
	sp_profile_free(p);
	sp_trace_free(t);

	rec_init(&r);
	call(&r, SYS_mprotect, 0, 0, PROT_READ | PROT_WRITE, 0);
	call(&r, SYS_mprotect, 0, 0, PROT_READ, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	cr_assert_not_null(find(p, "mprotect", 0));
	cr_assert_null(find(p, "mprotect", 1), "no PROT_EXEC: no split");
	cr_assert_eq(find(p, "mprotect", 0)->conds[0].value,
		     ~(uint64_t)(PROT_READ | PROT_WRITE));
	cr_assert(strstr(find(p, "mprotect", 0)->comment, "recorded: 2 calls"));
	sp_profile_free(p);
	sp_trace_free(t);

	/* Only PROT_EXEC seen with PROT_READ: one rule allowing both. */
	rec_init(&r);
	call(&r, SYS_mprotect, 0, 0, PROT_READ | PROT_EXEC, 0);
	call(&r, SYS_mprotect, 0, 0, PROT_READ, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	cr_assert_null(find(p, "mprotect", 1), "no PROT_WRITE: no split");
	cr_assert_eq(find(p, "mprotect", 0)->conds[0].value,
		     ~(uint64_t)(PROT_READ | PROT_EXEC));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A stack of names (innermost first) for pattern p, in module mod. */
static void give_stack(struct sp_trace *t, struct sp_pattern *p,
		       const char *mod, const char *const *names, unsigned n)
{
	int m = sp_trace_intern_module(t, mod);

	cr_assert_geq(m, 0);
	p->stack = (uint32_t)t->nframes;
	p->nframes = (uint8_t)n;
	for (unsigned i = 0; i < n; i++) {
		struct sp_frame f = { .addr = 0x1000 + i, .module = (uint32_t)m,
				      .offset = 0x100 + i,
				      .symbol = strdup(names[i]) };

		cr_assert_geq(sp_trace_add_frame(t, &f), 0);
	}
}

Test(generate, recorded_rule_names_its_most_made_calls_site)
{
	static const char *const rd[] = { "read", "parse_config", "main" };
	static const char *const wr[] = { "write", "flush", "main" };
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;
	const struct sp_rule *w, *u;

	rec_init(&r);
	for (int i = 0; i < 2; i++)
		call(&r, SYS_read, 0, 0, 0, 0);
	for (int i = 0; i < 5; i++)
		call(&r, SYS_write, 0, 0, 0, 0);
	call(&r, SYS_getpid, 0, 0, 0, 0);
	t = rec_done(&r);
	for (size_t i = 0; i < t->npatterns; i++) {
		struct sp_pattern *pat = &t->patterns[i];

		if (pat->nr == SYS_read)
			give_stack(t, pat, "/usr/lib/libc.so.6", rd, 3);
		else if (pat->nr == SYS_write)
			give_stack(t, pat, "/usr/lib/libc.so.6", wr, 3);
	}
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	w = find(p, "write", 0);
	u = find(p, "getpid", 0);
	cr_assert(w && find(p, "read", 0) == w && u);
	/* One site a rule: that of its most made call, as show writes it. */
	cr_assert(strstr(w->comment, "; write at write <- flush <- main"),
		  "%s", w->comment);
	cr_assert_null(strstr(w->comment, "parse_config"), "%s", w->comment);
	sp_profile_free(p);
	sp_trace_free(t);

	/* Without stacks (record without --stacks) a rule names no site. */
	rec_init(&r);
	call(&r, SYS_write, 0, 0, 0, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	cr_assert_null(strstr(find(p, "write", 0)->comment, " at "), "%s",
		       find(p, "write", 0)->comment);
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, modes_choose_which_arguments_are_constrained)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;

	rec_init(&r);
	call(&r, SYS_fcntl, 3, F_GETFL, 0, 0);
	call(&r, SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	cr_assert_eq(find(p, "fcntl", 0)->nconds, 0, "fcntl cmd: strict only");
	cr_assert_eq(find(p, "socket", 0)->nconds, 2);
	sp_profile_free(p);
	p = generate(&t, 1, SP_ARGS_STRICT, 0);
	cr_assert_eq(find(p, "fcntl", 0)->nconds, 1);
	cr_assert_eq(find(p, "socket", 0)->nconds, 3, "protocol too");
	sp_profile_free(p);
	p = generate(&t, 1, SP_ARGS_NONE, 0);
	for (size_t i = 0; i < p->nrules; i++)
		cr_assert_eq(p->rules[i].nconds, 0);
	cr_assert_eq(p->nrules, 1);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* argkind.def SP_ARG_ALIKE, a value in several pairs: tcsetattr's three
 * modes set the same attributes (TCSETS, TCSETSW, TCSETSF), so any one
 * recorded allows the other two, each twin the kernel's verdict; no other
 * request (TIOCSTI, TCGETS) comes with them. */
Test(generate, every_alike_value_of_a_recorded_one_allowed)
{
	struct sp_probe_case c[] = {
		{ SYS_ioctl, { 0, TCSETS } },
		{ SYS_ioctl, { 0, TCSETSW } },
		{ SYS_ioctl, { 0, TCSETSF } },
		{ SYS_ioctl, { 0, TIOCSTI } },
		{ SYS_ioctl, { 0, TCGETS } },
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];

	for (size_t rec_i = 0; rec_i < 3; rec_i++) {
		struct sp_profile *p;
		struct sp_trace *t;
		struct rec r;

		rec_init(&r);
		call(&r, SYS_ioctl, 0, c[rec_i].args[1], 0, 0);
		t = rec_done(&r);
		p = generate(&t, 1, SP_ARGS_AUTO, 0);
		verdicts(p, c, N, v);
		for (size_t k = 0; k < 3; k++)
			cr_assert_eq(v[k].kind, SP_PROBE_ALLOW,
				     "recorded #%zu, probe #%zu", rec_i, k);
		cr_assert_neq(v[3].kind, SP_PROBE_ALLOW, "TIOCSTI");
		cr_assert_neq(v[4].kind, SP_PROBE_ALLOW, "TCGETS");
		sp_profile_free(p);
		p = generate(&t, 1, SP_ARGS_STRICT, 0);
		verdicts(p, c, N, v);
		for (size_t k = 0; k < 3; k++)
			cr_assert_eq(v[k].kind == SP_PROBE_ALLOW, k == rec_i,
				     "strict: recorded #%zu, probe #%zu",
				     rec_i, k);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* argkind.def SP_ARG_ALIKE: IPv6 where IPv4 was recorded (and the other
 * way), the rest of the recorded conditions kept; SP_ARG_GUARD_ONLY: a
 * thread where a fork was recorded, no namespace; not under strict. */
Test(generate, ipv6_and_threads_allowed_as_recorded_ipv4_and_a_fork)
{
	const uint64_t thread = CLONE_VM | CLONE_FS | CLONE_FILES |
				CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
				CLONE_SETTLS | CLONE_PARENT_SETTID |
				CLONE_CHILD_CLEARTID;
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 6 } },
		{ SYS_socket, { AF_INET, SOCK_STREAM, 6 } },
		{ SYS_socket, { AF_INET6, SOCK_RAW, 0 } },
		{ SYS_socket, { AF_PACKET, SOCK_STREAM, 0 } },
		{ SYS_socket, { AF_UNIX, SOCK_DGRAM, 0 } },
		{ SYS_setsockopt, { 3, SOL_IPV6, IPV6_TCLASS } },
		{ SYS_setsockopt, { 3, SOL_IP, IP_TOS } },
		{ SYS_setsockopt, { 3, SOL_PACKET, 1 } },
		{ SYS_clone, { thread } },
		{ SYS_clone, { CLONE_NEWUSER | SIGCHLD } },
		{ SYS_clone, { thread | CLONE_NEWNET } },
		{ SYS_shmat, { 3, 0, 0 } },
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	const struct sp_rule *twin = NULL;
	struct sp_profile *p;
	struct sp_trace *t;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 6, 0);
	call(&r, SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0);
	call(&r, SYS_setsockopt, 3, SOL_IP, IP_TOS, 0);
	call(&r, SYS_clone, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD,
	     0, 0, 0);
	call(&r, SYS_shmat, 3, 0, SHM_RDONLY, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	verdicts(p, c, N, v);
	cr_assert_eq(v[8].kind, SP_PROBE_ALLOW, "a thread, where a fork was");
	cr_assert_neq(v[9].kind, SP_PROBE_ALLOW, "no namespace");
	cr_assert_neq(v[10].kind, SP_PROBE_ALLOW, "no namespace");
	cr_assert_neq(v[11].kind, SP_PROBE_ALLOW,
		      "shmat: SHM_RDONLY restricts, not only its guard");
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "AF_INET6 as AF_INET");
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "recorded");
	cr_assert_neq(v[2].kind, SP_PROBE_ALLOW, "the type stays recorded");
	cr_assert_neq(v[3].kind, SP_PROBE_ALLOW, "AF_PACKET");
	cr_assert_neq(v[4].kind, SP_PROBE_ALLOW, "AF_UNIX has no twin type");
	cr_assert_eq(v[5].kind, SP_PROBE_ALLOW, "SOL_IPV6 as SOL_IP");
	cr_assert_eq(v[6].kind, SP_PROBE_ALLOW, "recorded");
	cr_assert_neq(v[7].kind, SP_PROBE_ALLOW, "SOL_PACKET");
	for (size_t k = 0; (twin = find(p, "socket", k)); k++)
		if (twin->origin == SP_ORIGIN_ALIKE)
			break;
	cr_assert_not_null(twin, "socket's twin is tagged alike");
	cr_assert(strstr(twin->comment, "arg0 AF_INET6 grants what AF_INET,"),
		  "%s", twin->comment);
	sp_profile_free(p);
	p = generate(&t, 1, SP_ARGS_STRICT, 0);
	verdicts(p, c, N, v);
	cr_assert_neq(v[0].kind, SP_PROBE_ALLOW, "strict: exactly as recorded");
	cr_assert_neq(v[5].kind, SP_PROBE_ALLOW, "strict: exactly as recorded");
	cr_assert_neq(v[8].kind, SP_PROBE_ALLOW, "strict: exactly as recorded");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* sibling.def FORM: the calls on an open file whose path form the
 * workload's rules allow whatever the arguments; not the runtime
 * window's path forms, not under strict. */
Test(generate, descriptor_forms_allowed_as_their_recorded_path_forms)
{
	struct sp_probe_case c[] = {
		{ SYS_fchmod, { 3, 0600 } },
		{ SYS_fchdir, { 3 } },
		{ SYS_fdatasync, { 3 } },
		{ SYS_ftruncate, { 3, 0 } },
		{ SYS_fchown, { 3, 0, 0 } },
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_generate_opts o;
	const struct sp_rule *form;
	struct sp_profile *p;
	struct sp_trace *t;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_chmod, 0, 0644, 0, 0);
	call(&r, SYS_chdir, 0, 0, 0, 0);
	call(&r, SYS_fsync, 3, 0, 0, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	verdicts(p, c, N, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "fchmod as chmod");
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "fchdir as chdir");
	cr_assert_eq(v[2].kind, SP_PROBE_ALLOW, "fdatasync as fsync");
	cr_assert_neq(v[3].kind, SP_PROBE_ALLOW, "no truncate recorded");
	cr_assert_neq(v[4].kind, SP_PROBE_ALLOW, "no chown recorded");
	form = find(p, "fchmod", 0);
	cr_assert_eq(form->origin, SP_ORIGIN_ALIKE);
	cr_assert(strstr(form->comment, "fchmod does what chmod, allowed"),
		  "%s", form->comment);
	sp_profile_free(p);
	p = generate(&t, 1, SP_ARGS_STRICT, 0);
	verdicts(p, c, N, v);
	cr_assert_neq(v[0].kind, SP_PROBE_ALLOW, "strict: exactly as recorded");
	sp_profile_free(p);
	sp_trace_free(t);

	/* crun's window chdirs (runtime.def); the workload did not. */
	rec_init(&r);
	call(&r, SYS_getpid, 0, 0, 0, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = SP_RUNTIME_CRUN;
	o.safety = 0;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_not_null(find(p, "chdir", 0));
	cr_assert_null(find(p, "fchdir", 0), "the runtime's chdir is not the "
		       "workload's");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* The *at forms (a script's rm, mv) where the recording made the path
 * forms (unlink, rename, mkdir), and the reverse; only the flags that
 * are the path form's (unlinkat's AT_REMOVEDIR is rmdir, renameat2's
 * RENAME_EXCHANGE no rename), judged by the kernel. */
Test(generate, at_forms_allowed_as_their_recorded_path_forms)
{
	const uint64_t cwd = (uint32_t)AT_FDCWD;
	struct sp_probe_case c[] = {
		{ SYS_unlinkat, { cwd, 0, 0 } },
		{ SYS_renameat2, { cwd, 0, cwd, 0, RENAME_NOREPLACE } },
		{ SYS_renameat2, { cwd, 0, cwd, 0, 0 } },
		{ SYS_renameat, { cwd, 0, cwd, 0 } },
		{ SYS_mkdirat, { cwd, 0, 0755 } },
		{ SYS_unlinkat, { cwd, 0, AT_REMOVEDIR } },
		{ SYS_renameat2, { cwd, 0, cwd, 0, RENAME_EXCHANGE } },
		{ SYS_linkat, { cwd, 0, cwd, 0, 0 } },
		{ SYS_rmdir, { 0 } },
		{ SYS_rename, { 0, 0 } },
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_profile *p;
	struct sp_trace *t;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_unlink, 0, 0, 0, 0);
	call(&r, SYS_rename, 0, 0, 0, 0);
	call(&r, SYS_mkdir, 0, 0755, 0, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	verdicts(p, c, N, v);
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(v[i].kind, SP_PROBE_ALLOW, "case %zu: as its path "
			     "form", i);
	for (size_t i = 5; i < 9; i++)
		cr_assert_neq(v[i].kind, SP_PROBE_ALLOW, "case %zu: more than "
			      "recorded", i);
	cr_assert_eq(v[9].kind, SP_PROBE_ALLOW, "rename recorded");
	cr_assert_eq(find(p, "unlinkat", 0)->origin, SP_ORIGIN_ALIKE);
	sp_profile_free(p);
	sp_trace_free(t);

	/* The reverse: unlinkat whole (both of its forms) covers unlink
	 * and rmdir; renameat2 whole, rename. */
	rec_init(&r);
	call(&r, SYS_unlinkat, cwd, 0, AT_REMOVEDIR, 0);
	call(&r, SYS_renameat2, cwd, 0, cwd, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	verdicts(p, c, N, v);
	cr_assert_eq(v[8].kind, SP_PROBE_ALLOW, "rmdir as unlinkat");
	cr_assert_eq(v[9].kind, SP_PROBE_ALLOW, "rename as renameat2");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* --args none writes names only: the *at form of a recorded path form
 * is allowed by its name, as on an arch without the path form
 * (abi.def), not held to the path form's flags by a condition (the
 * rule for unlinkat carried arg2 == 0, the one condition of the
 * profile). */
Test(generate, at_forms_by_name_alone_under_args_none)
{
	const uint64_t cwd = (uint32_t)AT_FDCWD;
	struct sp_probe_case c[] = {
		{ SYS_unlinkat, { cwd, 0, 0 } },
		{ SYS_renameat2, { cwd, 0, cwd, 0, RENAME_NOREPLACE } },
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_profile *p;
	struct sp_trace *t;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_unlink, 0, 0, 0, 0);
	call(&r, SYS_rename, 0, 0, 0, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_NONE, 0);
	for (size_t i = 0; i < p->nrules; i++)
		cr_assert_eq(p->rules[i].nconds, 0, "rule %zu (%s): a condition "
			     "under --args none", i, p->rules[i].names[0]);
	cr_assert_not_null(find(p, "unlinkat", 0));
	cr_assert_not_null(find(p, "renameat2", 0));
	verdicts(p, c, N, v);
	for (size_t i = 0; i < N; i++)
		cr_assert_eq(v[i].kind, SP_PROBE_ALLOW, "case %zu: as its path "
			     "form", i);
	sp_profile_free(p);
	sp_trace_free(t);
}

static void on_note(void *ctx, const struct sp_generate_note *n)
{
	if (n->kind == SP_NOTE_TOO_MANY)
		*(size_t *)ctx = n->values;
}

Test(generate, too_many_values_leave_an_argument_free_and_say_so)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_generate_opts o;
	struct sp_profile *p;
	size_t seen = 0;

	rec_init(&r);
	for (uint64_t i = 0; i < 65; i++)
		call(&r, SYS_ioctl, 3, 0x5400 + i, 0, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.safety = 0;
	o.on_note = on_note;
	o.ctx = &seen;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_eq(seen, 65);
	cr_assert_eq(find(p, "ioctl", 0)->nconds, 0);
	cr_assert_null(find(p, "ioctl", 1));
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, fallback_calls_get_enosys_vdso_and_control_flow_are_tagged)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;
	const struct sp_rule *clone3, *statx, *clock, *sigret;

	rec_init(&r);
	call(&r, SYS_statx, 0, 0, 0, 0);
	t = rec_done(&r);
	p = generate(&t, 1, SP_ARGS_AUTO,
		     SP_SAFETY_VDSO | SP_SAFETY_CONTROL | SP_SAFETY_FALLBACK);
	clone3 = find(p, "clone3", 0);
	statx = find(p, "statx", 0);
	clock = find(p, "clock_gettime", 0);
	sigret = find(p, "rt_sigreturn", 0);
	cr_assert_not_null(clone3);
	cr_assert_eq(clone3->action, SP_ACT_ERRNO);
	cr_assert_eq(clone3->errno_ret, ENOSYS);
	cr_assert_eq(sp_origin_parse_comment(clone3->comment),
		     SP_ORIGIN_FALLBACK);
	cr_assert_eq(statx->action, SP_ACT_ALLOW, "recorded: allowed");
	cr_assert_null(find(p, "statx", 1), "and not also refused");
	cr_assert_eq(sp_origin_parse_comment(clock->comment), SP_ORIGIN_VDSO);
	cr_assert_eq(sp_origin_parse_comment(sigret->comment),
		     SP_ORIGIN_CONTROL);
	sp_profile_free(p);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	cr_assert_null(find(p, "clone3", 0));
	cr_assert_null(find(p, "clock_gettime", 0));
	/* statx and its descriptor form (sibling.def FORM). */
	cr_assert_eq(p->nrules, 2);
	cr_assert_eq(find(p, "fstat", 0)->origin, SP_ORIGIN_ALIKE);
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, kernel_gives_enosys_to_unrecorded_clone3_even_with_kill_default)
{
	struct sp_trace *t = acceptance_trace();
	struct sp_generate_opts o;
	struct sp_profile *p;
	struct sp_probe_case c[] = {
		{ SYS_clone3, { 0 } },
		{ SYS_getuid, { 0 } },
	};
	struct sp_probe_verdict v[2];

	sp_generate_opts_init(&o);
	o.default_action = SP_ACT_KILL_PROCESS;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	verdicts(p, c, 2, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ERRNO);
	cr_assert_eq(v[0].err, ENOSYS);
	cr_assert_eq(v[1].kind, SP_PROBE_KILL);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Advice to the kernel (a script's cat: fadvise64) is refused with
 * ENOSYS under a kill default, never allowed; --safety without advice
 * leaves it to the default. */
Test(generate, unrecorded_advice_is_refused_with_enosys_not_killed)
{
	struct sp_trace *t = acceptance_trace();
	struct sp_generate_opts o;
	struct sp_profile *p;
	struct sp_probe_case c[] = {
		{ SYS_fadvise64, { 0, 0, 0, POSIX_FADV_SEQUENTIAL } },
		{ SYS_readahead, { 0, 0, 4096 } },
		{ SYS_madvise, { 0, 4096, MADV_DONTNEED } },
	};
	struct sp_probe_verdict v[3];

	sp_generate_opts_init(&o);
	o.default_action = SP_ACT_KILL_PROCESS;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	verdicts(p, c, 3, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ERRNO, "fadvise64 refused");
	cr_assert_eq(v[0].err, ENOSYS);
	cr_assert_eq(v[1].kind, SP_PROBE_ERRNO, "readahead refused");
	cr_assert_eq(v[1].err, ENOSYS);
	cr_assert_eq(v[2].kind, SP_PROBE_KILL, "madvise is not only advice");
	cr_assert_eq(sp_origin_parse_comment(find(p, "fadvise64", 0)->comment),
		     SP_ORIGIN_ADVICE);
	sp_profile_free(p);
	o.safety &= ~(unsigned)SP_SAFETY_ADVICE;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	verdicts(p, c, 1, v);
	cr_assert_eq(v[0].kind, SP_PROBE_KILL, "--safety without advice");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* clone's flags: glibc's pthread_create (create_thread), posix_spawn
 * (__spawnix) and _Fork (arch_fork). */
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
		      CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | \
		      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
#define SPAWN_FLAGS (CLONE_VM | CLONE_VFORK | SIGCHLD)
#define FORK_FLAGS (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD)

/* The profile of t with a kill default, no OCI runtime, and the
 * static analysis's calls x[0..n). */
static struct sp_profile *with_statics(struct sp_trace *t,
				       const struct sp_generate_extra *x,
				       size_t n, enum sp_args_mode mode)
{
	struct sp_generate_opts o;
	struct sp_profile *p;

	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.default_action = SP_ACT_KILL_PROCESS;
	o.args = mode;
	o.statics = x;
	o.nstatics = n;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	return p;
}

/* Static sites (analyzer/generate.c add_static_args), judged by the
 * kernel.  The recording saw threads only: clone3 with pthread_create's
 * flags, read from its struct and folded into clone's conditions, an
 * unshare(CLONE_FILES) and an ioctl(FIONREAD).  The code it loaded holds
 * a clone site whose flags are computed at run time (glibc's
 * posix_spawn, through __clone_internal), one passing fork()'s flags as
 * constants, and unshare() and ioctl() wrappers passing their callers'
 * values.  clone's and unshare's flags have a guard (the namespaces,
 * argkind.def): free but for it; ioctl's request has none: the recorded
 * request stands. */
Test(generate, computed_argument_is_free_but_for_its_guard)
{
	const uint64_t thread = THREAD_FLAGS, spawn = SPAWN_FLAGS;
	const uint64_t fork_flags = FORK_FLAGS;
	static const uint64_t ns[] = { CLONE_NEWNS, CLONE_NEWCGROUP,
				       CLONE_NEWUTS, CLONE_NEWIPC,
				       CLONE_NEWUSER, CLONE_NEWPID,
				       CLONE_NEWNET };
	struct sp_event ev = { .arch = SP_ARCH_X86_64, .nr = SYS_clone3,
			       .args = { thread }, .read = 1 };
	const struct sp_args computed[] = { { .kept = 0 } };
	const struct sp_args clone_sites[] = {
		{ .kept = 0 },
		{ .kept = 1, .args = { fork_flags } },
	};
	const char *const clone_at[] = { "clone in libc.so.6",
					 "_Fork in libc.so.6" };
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_clone,
		  .why = "posix_spawnp() in libc.so.6, by x",
		  .args = clone_sites, .sites = clone_at, .nargs = 2 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_unshare,
		  .why = "unshare() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_ioctl,
		  .why = "ioctl() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
	};
	struct sp_probe_case c[] = {
		{ SYS_clone, { spawn } },
		{ SYS_clone, { fork_flags } },
		{ SYS_clone, { thread } },
		{ SYS_clone3, { 0 } },
		{ SYS_unshare, { CLONE_FILES } },
		{ SYS_unshare, { CLONE_FS | CLONE_SYSVSEM } },
		{ SYS_unshare, { CLONE_NEWTIME } },
		{ SYS_ioctl, { 0, FIONREAD } },
		{ SYS_ioctl, { 0, TIOCSTI } },
	};
	enum { N = ARRAY_SIZE(c), NS = ARRAY_SIZE(ns) };
	struct sp_probe_case nsc[2 * NS];
	struct sp_probe_verdict v[N], nsv[2 * NS];
	struct sp_profile *p;
	const struct sp_rule *guard = NULL;
	size_t nstatic = 0;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	cr_assert_eq(sp_aggregate_add(&r.a, &ev), 0);
	call(&r, SYS_unshare, CLONE_FILES, 0, 0, 0);
	call(&r, SYS_ioctl, 0, FIONREAD, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	verdicts(p, c, N, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "posix_spawn's clone");
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "fork's clone");
	cr_assert_eq(v[2].kind, SP_PROBE_ALLOW, "a thread's clone");
	cr_assert_eq(v[3].kind, SP_PROBE_ERRNO, "clone3 still refused");
	cr_assert_eq(v[3].err, ENOSYS);
	cr_assert_eq(v[4].kind, SP_PROBE_ALLOW, "the recorded unshare");
	cr_assert_eq(v[5].kind, SP_PROBE_ALLOW, "unshare without namespaces");
	cr_assert_eq(v[6].kind, SP_PROBE_KILL, "unshare(CLONE_NEWTIME)");
	cr_assert_eq(v[7].kind, SP_PROBE_ALLOW, "the recorded ioctl");
	cr_assert_eq(v[8].kind, SP_PROBE_KILL, "ioctl's request stays bound");
	/* Every namespace, through clone (with posix_spawn's flags) and
	 * through unshare, is killed. */
	for (size_t i = 0; i < NS; i++) {
		nsc[2 * i] = (struct sp_probe_case){ SYS_clone,
						     { spawn | ns[i] } };
		nsc[2 * i + 1] = (struct sp_probe_case){ SYS_unshare,
							 { ns[i] } };
	}
	verdicts(p, nsc, 2 * NS, nsv);
	for (size_t i = 0; i < 2 * NS; i++)
		cr_assert_eq(nsv[i].kind, SP_PROBE_KILL, "%s 0x%llx",
			     i % 2 ? "unshare" : "clone",
			     (unsigned long long)ns[i / 2]);
	/* One static rule for clone (fork's flags are within it), one for
	 * unshare, none for ioctl; the evidence names the site. */
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].origin != SP_ORIGIN_STATIC)
			continue;
		for (size_t k = 0; k < p->rules[i].nnames; k++) {
			nstatic++;
			cr_assert_str_neq(p->rules[i].names[k], "ioctl");
			if (strcmp(p->rules[i].names[k], "clone") == 0)
				guard = &p->rules[i];
		}
	}
	cr_assert_eq(nstatic, 2);
	cr_assert_not_null(guard);
	cr_assert(strstr(guard->comment, "computes them at run time") &&
			  strstr(guard->comment,
				 "clone (site: clone in libc.so.6; call: "
				 "posix_spawnp() in libc.so.6, by x)"),
		  "%s", guard->comment);
	sp_profile_free(p);
	sp_trace_free(t);
}


/* Sites passing more constant tuples than the analysis lists
 * (sp_generate_extra.many: busybox's ioctl requests): the one tuple left
 * stands for constants the code passes, so the recorded request does not
 * stand for them: ioctl is free; unshare's flags, free but for their
 * guard, as for a value computed at run time. */
Test(generate, unlisted_constants_free_but_for_the_guard)
{
	const struct sp_args many[] = { { .kept = 0 } };
	const struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_unshare,
		  .args = many, .nargs = 1, .many = true },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_ioctl,
		  .args = many, .nargs = 1, .many = true },
	};
	struct sp_probe_case c[] = {
		{ SYS_ioctl, { 0, FIONREAD } },
		{ SYS_ioctl, { 0, TIOCSTI } },
		{ SYS_unshare, { CLONE_FS | CLONE_SYSVSEM } },
		{ SYS_unshare, { CLONE_NEWTIME } },
		{ SYS_unshare, { CLONE_FS | CLONE_NEWUSER } },
	};
	struct sp_probe_verdict v[ARRAY_SIZE(c)];
	struct sp_profile *p;
	bool said = false;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_unshare, CLONE_FILES, 0, 0, 0);
	call(&r, SYS_ioctl, 0, FIONREAD, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	verdicts(p, c, ARRAY_SIZE(c), v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "the recorded ioctl");
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "an unlisted request");
	cr_assert_eq(v[2].kind, SP_PROBE_ALLOW, "unshare without namespaces");
	cr_assert_eq(v[3].kind, SP_PROBE_KILL, "unshare(CLONE_NEWTIME)");
	cr_assert_eq(v[4].kind, SP_PROBE_KILL, "unshare(CLONE_NEWUSER)");
	for (size_t i = 0; i < p->nrules; i++)
		said |= p->rules[i].origin == SP_ORIGIN_STATIC &&
			strstr(p->rules[i].comment,
			       "pass more constants than are listed");
	cr_assert(said, "the evidence says why the request is free");
	sp_profile_free(p);
	sp_trace_free(t);
}
/* A constant a reachable caller passes to a wrapper (add_static_args):
 * allowed as that value where the argument has no guard (git's
 * ioctl(1, TIOCGWINSZ) through libc's ioctl()).  Where it has one, the
 * C library's own callers lift nothing (glibc's pass PROT_EXEC to
 * mprotect()): their constant counts as computed, free but for the
 * guard.  An import call from code outside the C library
 * (SP_CALLER_OUTSIDE_LIBC: PCRE2's JIT, mmap() W+X) lifts the guard for
 * its value exactly, by equality: no other executable protection comes
 * with it.  The same tuple made at a syscall instruction allows
 * PROT_EXEC: the caller's mark is what differs. */
Test(generate, caller_constant_lifts_a_guard_only_from_outside_libc)
{
	const uint64_t rwx = PROT_READ | PROT_WRITE | PROT_EXEC;
	const struct sp_args ioctl_sites[] = {
		{ .kept = 0 },
		{ .kept = 2, .args = { 0, TIOCGWINSZ } },
	};
	const struct sp_args prot_sites[] = {
		{ .kept = 0 },
		{ .kept = 4, .args = { 0, 0, rwx } },
	};
	const uint8_t by_caller[] = { 0, 2 }, prot_by_caller[] = { 0, 4 };
	const uint8_t prot_by_outside[] = { 0, 4 | SP_CALLER_OUTSIDE_LIBC };
	const char *const ioctl_at[] = { "ioctl in libc.so.6",
					 "term_columns in x" };
	const char *const prot_at[] = { "mprotect in libc.so.6",
					"__nptl_change_stack_perm in libc.so.6" };
	const char *const jit_at[] = { "mmap64 in libc.so.6",
				       "code in libpcre2-8.so.0" };
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_ioctl,
		  .why = "ioctl() in libc.so.6, by x", .args = ioctl_sites,
		  .sites = ioctl_at, .caller = by_caller, .nargs = 2 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_mprotect,
		  .why = "mprotect() in libc.so.6, by x", .args = prot_sites,
		  .sites = prot_at, .caller = prot_by_caller, .nargs = 2 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_mmap,
		  .why = "mmap64() in libc.so.6, by x", .args = prot_sites,
		  .sites = jit_at, .caller = prot_by_outside, .nargs = 2 },
	};
	struct sp_probe_case c[] = {
		{ SYS_ioctl, { 0, FIONREAD } },         /* recorded */
		{ SYS_ioctl, { 0, TIOCGWINSZ } },       /* the caller's */
		{ SYS_ioctl, { 0, TIOCSTI } },          /* nobody's */
		{ SYS_mprotect, { 0, 4096, PROT_READ } },       /* recorded */
		{ SYS_mprotect, { 0, 4096, PROT_READ | PROT_WRITE } },
		{ SYS_mprotect, { 0, 4096, rwx } },     /* libc's own */
		{ SYS_mmap, { 0, 4096, PROT_READ } },   /* recorded */
		{ SYS_mmap, { 0, 4096, rwx } },         /* the JIT's */
		{ SYS_mmap, { 0, 4096, PROT_WRITE | PROT_EXEC } },
		{ SYS_mmap, { 0, 4096, PROT_READ | PROT_EXEC } },
		{ SYS_mmap, { 0, 4096, rwx | PROT_GROWSDOWN } },
		{ SYS_mmap, { 0, 4096, rwx | (1ull << 32) } },
	};
	static const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_KILL,
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_KILL,
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_KILL,
		SP_PROBE_KILL, SP_PROBE_KILL, SP_PROBE_KILL,
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_profile *p;
	const struct sp_rule *winsz = NULL, *jit = NULL;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_ioctl, 0, FIONREAD, 0, 0);
	call(&r, SYS_mprotect, 0, 4096, PROT_READ, 0);
	call(&r, SYS_mmap, 0, 4096, PROT_READ, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	expect_verdicts(p, c, N, want);
	/* The evidence names the caller. */
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].origin != SP_ORIGIN_STATIC)
			continue;
		if (strcmp(p->rules[i].names[0], "ioctl") == 0)
			winsz = &p->rules[i];
		if (strcmp(p->rules[i].names[0], "mmap") == 0 &&
		    p->rules[i].nconds == 1 &&
		    p->rules[i].conds[0].op == SP_CMP_EQ)
			jit = &p->rules[i];
	}
	cr_assert_not_null(winsz);
	cr_assert(strstr(winsz->comment, "ioctl (site: term_columns in x; "
					 "call: ioctl() in libc.so.6, by x)"),
		  "%s", winsz->comment);
	cr_assert_not_null(jit, "mmap's rule for the JIT: arg2 == rwx");
	cr_assert_eq(jit->conds[0].value, rwx);
	cr_assert(strstr(jit->comment, "mmap (site: code in libpcre2-8.so.0; "
				       "call: mmap64() in libc.so.6, by x)"),
		  "%s", jit->comment);
	sp_profile_free(p);
	/* Made at the syscall instruction, the constant is allowed. */
	extras[1].caller = NULL;
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	verdicts(p, &c[5], 1, &v[5]);
	cr_assert_eq(v[5].kind, SP_PROBE_ALLOW, "a constant at the site");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A language runtime's calls on timing alone, added for a recording
 * that did not make them, keep their guards (argkind.def): a Go
 * runtime's thread (clone) and heap (mmap) are no new user namespace and
 * no executable memory, and clone3, a JVM's, is refused with ENOSYS as
 * beside a recorded clone (glibc falls back to the guarded clone). */
Test(generate, language_calls_keep_their_guards)
{
	const uint64_t rw = PROT_READ | PROT_WRITE;
	struct sp_probe_case c[] = {
		{ SYS_clone, { THREAD_FLAGS } },
		{ SYS_mmap, { 0, 4096, rw, MAP_PRIVATE | MAP_ANONYMOUS } },
		{ SYS_clone, { CLONE_NEWUSER | SIGCHLD } },
		{ SYS_clone, { CLONE_NEWNET | THREAD_FLAGS } },
		{ SYS_mmap, { 0, 4096, rw | PROT_EXEC, MAP_PRIVATE } },
		{ SYS_mmap, { 0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE } },
		{ SYS_clone3, { 0, 88 } },
	};
	static const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_KILL, SP_PROBE_KILL,
		SP_PROBE_KILL, SP_PROBE_KILL, SP_PROBE_ERRNO,
	};
	struct sp_generate_opts o;
	struct sp_probe_verdict v[ARRAY_SIZE(c)];
	struct sp_profile *p;
	struct sp_trace *t;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_write, 1, 0, 3, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.default_action = SP_ACT_KILL_PROCESS;
	o.langs = SP_LANG_BIT(SP_LANG_GO) | SP_LANG_BIT(SP_LANG_JVM);
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	expect_verdicts(p, c, ARRAY_SIZE(c), want);
	verdicts(p, &c[6], 1, v);
	cr_assert_eq(v[0].err, ENOSYS, "clone3: errno %d", v[0].err);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A socket type computed by code outside the C library beside a
 * constant AF_INET (testdata/progs/escape.c's socket(AF_INET, type,
 * protocol)) is free: any type of the family.  But SOCK_PACKET makes
 * the kernel read AF_INET as AF_PACKET (net/socket.c __sock_create),
 * a family the rule's condition refuses: that type is refused
 * (argkind.def SP_ARG_RECAST), the others stay free.  A recorded
 * SOCK_PACKET (a program that asks for one) stays allowed. */
Test(generate, free_socket_type_is_no_way_to_another_family)
{
	const struct sp_args sites[] = { { .kept = 1, .args = { AF_INET } } };
	const uint8_t outside[] = { 2 | SP_CALLER_OUTSIDE_LIBC };
	const char *const at[] = { "main in x" };
	const struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_socket,
		  .why = "socket() in libc.so.6, by x", .args = sites,
		  .sites = at, .caller = outside, .nargs = 1 },
	};
	const uint64_t all = 0x300; /* htons(ETH_P_ALL) */
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0 } },
		{ SYS_socket, { AF_INET, SOCK_RAW, IPPROTO_ICMP } },
		{ SYS_socket, { AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0 } },
		{ SYS_socket, { AF_INET, SOCK_PACKET, all } },
		{ SYS_socket, { AF_INET, SOCK_PACKET | SOCK_CLOEXEC, all } },
		{ SYS_socket, { AF_PACKET, SOCK_PACKET, all } },
		{ SYS_socket, { AF_PACKET, SOCK_RAW, all } },
	};
	static const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ALLOW,
		SP_PROBE_KILL, SP_PROBE_KILL, SP_PROBE_KILL, SP_PROBE_KILL,
	};
	struct sp_profile *p;
	struct sp_probe_verdict v;
	struct sp_trace *t;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	expect_verdicts(p, c, ARRAY_SIZE(c), want);
	/* The comment says why the type lost that bit. */
	{
		bool said = false;

		for (size_t i = 0; i < p->nrules; i++)
			said |= p->rules[i].comment &&
				strstr(p->rules[i].comment,
				       "arg1 never has the bits 0x8, with which "
				       "the kernel reads arg0 AF_INET as "
				       "AF_PACKET") != NULL;
		cr_assert(said, "no rule says why SOCK_PACKET is refused");
	}
	sp_profile_free(p);
	sp_trace_free(t);
	/* Recorded, SOCK_PACKET is what the program does. */
	rec_init(&r);
	call(&r, SYS_socket, AF_INET, SOCK_PACKET, all, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	verdicts(p, &c[3], 1, &v);
	cr_assert_eq(v.kind, SP_PROBE_ALLOW, "a recorded SOCK_PACKET");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A site passing SOCK_PACKET as a constant (a packet capture tool's
 * socket(AF_INET, SOCK_PACKET, htons(ETH_P_ALL))) beside another whose
 * type is computed at run time: the constant is what the code does and
 * stays allowed (SP_ARG_RECAST refuses only the types a free type
 * would let through), the computed type is never SOCK_PACKET. */
Test(generate, static_packet_constant_stays_beside_a_computed_type)
{
	const uint64_t all = 0x300; /* htons(ETH_P_ALL) */
	const struct sp_args sites[] = {
		{ .kept = 1, .args = { AF_INET } },
		{ .kept = 7, .args = { AF_INET, SOCK_PACKET, all } },
	};
	const uint8_t outside[] = { 2 | SP_CALLER_OUTSIDE_LIBC,
				    SP_CALLER_OUTSIDE_LIBC };
	const char *const at[] = { "main in x", "capture in x" };
	const struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_socket,
		  .why = "socket() in libc.so.6, by x", .args = sites,
		  .sites = at, .caller = outside, .nargs = 2 },
	};
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_INET, SOCK_PACKET, all } },
		{ SYS_socket, { AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0 } },
		{ SYS_socket, { AF_INET, SOCK_PACKET | SOCK_CLOEXEC, all } },
	};
	static const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_KILL,
	};
	struct sp_profile *p;
	struct sp_trace *t;
	struct rec r;

	rec_init(&r);
	call(&r, SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	expect_verdicts(p, c, ARRAY_SIZE(c), want);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A site inside the C library that computes one constrained argument
 * and passes another as a constant (glibc's res_send: a DNS query over
 * TCP, when the reply is truncated or resolv.conf says "options
 * use-vc", calls socket() with the name server's family and
 * SOCK_STREAM|SOCK_CLOEXEC): the computed family is held to the
 * recorded ones and to those other sites pass as constants (its UDP
 * query's AF_INET6), the type is the site's constant.  Recorded over
 * UDP only, the lookup over TCP is not killed on a host whose resolver
 * configuration or DNS server differs; no family the code does not
 * use, nor another type, comes with it.  The wrapper's own site (both
 * arguments computed) adds nothing. */
Test(generate, computed_argument_held_to_recorded_beside_a_constant)
{
	const uint64_t tcp = SOCK_STREAM | SOCK_CLOEXEC;
	const uint64_t udp = SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC;
	const struct sp_args socket_sites[] = {
		{ .kept = 0 },
		{ .kept = 2 | 4, .args = { 0, tcp, 0 } },
		{ .kept = 1 | 2 | 4, .args = { AF_INET6, udp, 0 } },
	};
	const uint8_t by_caller[] = { 0, 2 | 4, 1 | 2 | 4 };
	const char *const socket_at[] = { "socket in libc.so.6",
					  "send_vc in libc.so.6",
					  "send_dg in libc.so.6" };
	const struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_socket,
		  .why = "getaddrinfo() -> socket in libc.so.6, by x",
		  .args = socket_sites, .sites = socket_at,
		  .caller = by_caller, .nargs = 3 },
	};
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_UNIX, tcp } },       /* recorded */
		{ SYS_socket, { AF_UNIX, SOCK_STREAM } },
		{ SYS_socket, { AF_INET6, udp } },      /* a site's */
		{ SYS_socket, { AF_INET6, tcp } },      /* held beside tcp */
		{ SYS_socket, { AF_INET, tcp } },       /* and its twin */
		{ SYS_socket, { AF_INET6, SOCK_STREAM } },
		{ SYS_socket, { AF_INET6, SOCK_RAW | SOCK_CLOEXEC } },
		{ SYS_socket, { AF_PACKET, tcp } },
		{ SYS_socket, { AF_NETLINK, tcp } },
	};
	static const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ALLOW,
		SP_PROBE_ALLOW, SP_PROBE_KILL, SP_PROBE_KILL, SP_PROBE_KILL,
		SP_PROBE_KILL,
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_profile *p;
	const struct sp_rule *held = NULL;
	size_t nstatic = 0;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_socket, AF_UNIX, tcp, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	expect_verdicts(p, c, N, want);
	/* send_dg's constants, then AF_INET6 beside send_vc's: AF_UNIX's
	 * recorded rule allows its own. */
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].origin != SP_ORIGIN_STATIC)
			continue;
		nstatic++;
		if (strstr(p->rules[i].comment, "held"))
			held = &p->rules[i];
	}
	cr_assert_eq(nstatic, 2, "the UDP site's rule and the held one");
	cr_assert_not_null(held);
	cr_assert(strstr(held->comment, "held to the values recorded or "
					  "constant at other sites") &&
			  strstr(held->comment,
				 "socket (site: send_vc in libc.so.6; "),
		  "%s", held->comment);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A held value that picks what another argument means, held to a rule
 * with a condition on that one (a site's constant netlink socket,
 * glibc's __check_pf: socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC,
 * NETLINK_ROUTE)), where the recording read no protocol (getent hosts
 * localhost: unix and inet sockets only): the rule beside send_dg's
 * constants keeps that condition.  Without it the protocol was free
 * beside AF_NETLINK: an audit, uevent or sock_diag socket nothing
 * recorded and no site asks for. */
Test(generate, computed_selector_held_with_what_it_picks)
{
	const uint64_t dgram = SOCK_DGRAM | SOCK_CLOEXEC;
	const uint64_t raw = SOCK_RAW | SOCK_CLOEXEC;
	const struct sp_args socket_sites[] = {
		{ .kept = 1 | 2 | 4, .args = { AF_NETLINK, raw, NETLINK_ROUTE } },
		{ .kept = 2 | 4, .args = { 0, dgram, 0 } },
	};
	const uint8_t by_caller[] = { 0, 2 | 4 };
	const char *const socket_at[] = { "__check_pf in libc.so.6",
					  "getaddrinfo in libc.so.6" };
	const struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_socket,
		  .why = "getaddrinfo() -> socket in libc.so.6, by x",
		  .args = socket_sites, .sites = socket_at,
		  .caller = by_caller, .nargs = 2 },
	};
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_ROUTE } },  /* a site's */
		{ SYS_socket, { AF_INET, dgram, 0 } },               /* held */
		{ SYS_socket, { AF_NETLINK, dgram, NETLINK_ROUTE } }, /* held */
		{ SYS_socket, { AF_NETLINK, dgram, NETLINK_AUDIT } },
		{ SYS_socket, { AF_NETLINK, dgram, NETLINK_SOCK_DIAG } },
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_AUDIT } },
	};
	static const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ALLOW,
		SP_PROBE_KILL, SP_PROBE_KILL, SP_PROBE_KILL,
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
	call(&r, SYS_socket, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	expect_verdicts(p, c, N, want);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A site passing a constant family and computing the type (glibc's
 * syslog: socket(AF_UNIX, LogType|SOCK_CLOEXEC, 0)), the type held to
 * the one recorded rule, its own: that rule allows all the held one
 * would, so none is added (a second rule with the same conditions,
 * tagged static, said the site was the evidence for the recorded
 * call).  A stream socket stays refused: nothing recorded one. */
Test(generate, held_rule_the_recorded_one_again_is_not_added)
{
	const uint64_t dgram = SOCK_DGRAM | SOCK_CLOEXEC;
	const struct sp_args socket_sites[] = {
		{ .kept = 1 | 4, .args = { AF_UNIX, 0, 0 } },
	};
	const uint8_t by_caller[] = { 1 | 4 };
	const char *const socket_at[] = { "openlog_internal in libc.so.6" };
	const struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_socket,
		  .why = "syslog() -> socket in libc.so.6, by x",
		  .args = socket_sites, .sites = socket_at,
		  .caller = by_caller, .nargs = 1 },
	};
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_UNIX, dgram, 0 } },
		{ SYS_socket, { AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0 } },
	};
	static const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_KILL,
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_socket, AF_UNIX, dgram, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	expect_verdicts(p, c, N, want);
	for (size_t i = 0; i < p->nrules; i++)
		cr_assert_neq(p->rules[i].origin, SP_ORIGIN_STATIC, "%s",
			      p->rules[i].comment);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A held value that picks what a constant beside it means (a computed
 * family, SP_ARG_WHEN: a socket's protocol): the site's protocol 0 is
 * NETLINK_ROUTE beside AF_NETLINK, which a recorded netlink rule for
 * NETLINK_AUDIT does not allow; held to that rule, the site's DGRAM
 * socket would open a routing socket nothing recorded and no site asks
 * for.  Beside AF_INET, whose protocol is free, it stays held. */
Test(generate, computed_selector_held_only_where_the_constant_it_picks_is)
{
	const uint64_t udp = SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC;
	const uint64_t raw = SOCK_RAW | SOCK_CLOEXEC;
	const struct sp_args socket_sites[] = {
		{ .kept = 2 | 4, .args = { 0, udp, 0 } },
	};
	const uint8_t by_caller[] = { 2 | 4 };
	const char *const socket_at[] = { "send_dg in libc.so.6" };
	const struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_socket,
		  .why = "getaddrinfo() -> socket in libc.so.6, by x",
		  .args = socket_sites, .sites = socket_at,
		  .caller = by_caller, .nargs = 1 },
	};
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_AUDIT } }, /* recorded */
		{ SYS_socket, { AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0 } },
		{ SYS_socket, { AF_UNIX, udp, 0 } },    /* held */
		{ SYS_socket, { AF_NETLINK, udp, NETLINK_ROUTE } },
		{ SYS_socket, { AF_NETLINK, udp, NETLINK_AUDIT } },
	};
	static const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ALLOW,
		SP_PROBE_KILL, SP_PROBE_KILL,
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_socket, AF_NETLINK, raw, NETLINK_AUDIT, 0);
	call(&r, SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	expect_verdicts(p, c, N, want);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A protection computed at run time (glibc's mprotect() and mmap()
 * wrappers pass their callers'; pthread_create makes a thread's stack
 * PROT_READ|PROT_WRITE that way) is free but for PROT_EXEC: a program
 * recorded before its first thread keeps running when it starts one,
 * and no memory becomes executable that the recording did not make so
 * (the loader's PROT_READ|PROT_EXEC mapping); W+X never.  The same for a
 * call the recording did not make (pkey_mprotect). */
Test(generate, computed_protection_is_free_but_for_exec)
{
	const uint64_t rw = PROT_READ | PROT_WRITE, rx = PROT_READ | PROT_EXEC;
	const struct sp_args computed[] = { { .kept = 0 } };
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_mprotect,
		  .why = "pthread_create() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_mmap,
		  .why = "mmap() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_pkey_mprotect,
		  .why = "pkey_mprotect() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
	};
	struct sp_probe_case c[] = {
		{ SYS_mprotect, { 0, 4096, PROT_READ } },
		{ SYS_mprotect, { 0, 4096, rw } },
		{ SYS_mprotect, { 0, 4096, PROT_NONE } },
		{ SYS_mprotect, { 0, 4096, rx } },
		{ SYS_mprotect, { 0, 4096, rw | PROT_EXEC } },
		{ SYS_mmap, { 0, 4096, rx } },
		{ SYS_mmap, { 0, 4096, rw } },
		{ SYS_mmap, { 0, 4096, rw | PROT_EXEC } },
		{ SYS_pkey_mprotect, { 0, 4096, rw } },
		{ SYS_pkey_mprotect, { 0, 4096, PROT_EXEC } },
	};
	const int want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ALLOW,
		SP_PROBE_KILL, SP_PROBE_KILL,
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_KILL,
		SP_PROBE_ALLOW, SP_PROBE_KILL,
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_mprotect, 0, 4096, PROT_READ, 0);
	call(&r, SYS_mmap, 0, 4096, rx, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	verdicts(p, c, N, v);
	for (size_t i = 0; i < N; i++)
		cr_expect_eq(v[i].kind, want[i], "case %zu: %s(prot 0x%llx)",
			     i, c[i].nr == SYS_mmap ? "mmap" :
				c[i].nr == SYS_mprotect ? "mprotect" :
							  "pkey_mprotect",
			     (unsigned long long)c[i].args[2]);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Under W^X each of the two rules allows the union of the calls it
 * covers: PROT_GROWSDOWN, seen only with PROT_READ|PROT_WRITE, does not
 * join PROT_EXEC in the rule without PROT_WRITE. */
Test(generate, wx_rules_each_hold_their_own_calls_bits)
{
	const uint64_t rx = PROT_READ | PROT_EXEC;
	const uint64_t rwg = PROT_READ | PROT_WRITE | PROT_GROWSDOWN;
	struct sp_probe_case c[] = {
		{ SYS_mmap, { 0, 4096, rx } },
		{ SYS_mmap, { 0, 4096, rwg } },
		{ SYS_mmap, { 0, 4096, rx | PROT_GROWSDOWN } },
		{ SYS_mmap, { 0, 4096, rx | PROT_WRITE } },
	};
	const int want[] = { SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_KILL,
			     SP_PROBE_KILL };
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_mmap, 0, 4096, rx, 0);
	call(&r, SYS_mmap, 0, 4096, rwg, 0);
	t = rec_done(&r);
	p = with_statics(t, NULL, 0, SP_ARGS_AUTO);
	verdicts(p, c, N, v);
	for (size_t i = 0; i < N; i++)
		cr_expect_eq(v[i].kind, want[i], "mmap(prot 0x%llx)",
			     (unsigned long long)c[i].args[2]);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* The same guards for calls the recording did not make (add_static_call):
 * clone and unshare allowed but for the namespaces where a site computes
 * their flags, as the sites' constants where every site passes one;
 * clone3, whose flags no filter reads, refused with ENOSYS so that libc
 * falls back to clone; setns (no guard) allowed whatever its arguments;
 * personality, an enumeration with a guard, and shmat allowed but for
 * their guarded bits.  --args none: names only, as before. */
Test(generate, unrecorded_guarded_call_is_free_but_for_its_guard)
{
	const uint64_t spawn = SPAWN_FLAGS, fork_flags = FORK_FLAGS;
	const struct sp_args computed[] = { { .kept = 0 } };
	const struct sp_args forked[] = {
		{ .kept = 1, .args = { fork_flags } },
	};
	const char *const at[] = { "clone in libc.so.6" };
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_clone,
		  .why = "posix_spawn() in libc.so.6, by x",
		  .args = computed, .sites = at, .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_clone3,
		  .why = "pthread_create() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_unshare,
		  .why = "unshare() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_setns,
		  .why = "setns() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_personality,
		  .why = "personality() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_shmat,
		  .why = "shmat() in libc.so.6, by x",
		  .args = computed, .nargs = 1 },
	};
	struct sp_probe_case c[] = {
		{ SYS_clone, { spawn } },
		{ SYS_clone, { fork_flags } },
		{ SYS_clone, { spawn | CLONE_NEWUSER } },
		{ SYS_clone, { SIGCHLD | CLONE_NEWNS } },
		{ SYS_clone3, { 0 } },
		{ SYS_unshare, { CLONE_FS } },
		{ SYS_unshare, { CLONE_NEWUSER } },
		{ SYS_setns, { 0, CLONE_NEWNET } },
		{ SYS_personality, { PER_LINUX32 } },
		{ SYS_personality, { READ_IMPLIES_EXEC } },
		{ SYS_personality, { ADDR_NO_RANDOMIZE } },
		{ SYS_personality, { 0xffffffff } },
		{ SYS_shmat, { 0, 0, SHM_RDONLY } },
		{ SYS_shmat, { 0, 0, SHM_EXEC } },
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	verdicts(p, c, N, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "posix_spawn's clone");
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "fork's clone");
	cr_assert_eq(v[2].kind, SP_PROBE_KILL, "clone(CLONE_NEWUSER)");
	cr_assert_eq(v[3].kind, SP_PROBE_KILL, "clone(CLONE_NEWNS)");
	cr_assert_eq(v[4].kind, SP_PROBE_ERRNO, "clone3 refused");
	cr_assert_eq(v[4].err, ENOSYS);
	cr_assert_eq(v[5].kind, SP_PROBE_ALLOW, "unshare(CLONE_FS)");
	cr_assert_eq(v[6].kind, SP_PROBE_KILL, "unshare(CLONE_NEWUSER)");
	cr_assert_eq(v[7].kind, SP_PROBE_ALLOW, "setns has no guard");
	/* A persona's enumeration carries flags: free but for the bits the
	 * kernel clears on a privileged exec, READ_IMPLIES_EXEC (readable
	 * memory executable, a way around PROT_EXEC's guard) among them;
	 * the query 0xffffffff holds them too. */
	cr_assert_eq(v[8].kind, SP_PROBE_ALLOW, "personality(PER_LINUX32)");
	cr_assert_eq(v[9].kind, SP_PROBE_KILL, "READ_IMPLIES_EXEC");
	cr_assert_eq(v[10].kind, SP_PROBE_KILL, "ADDR_NO_RANDOMIZE");
	cr_assert_eq(v[11].kind, SP_PROBE_KILL, "personality(0xffffffff)");
	/* shmat's SHM_EXEC: the segment mapped executable. */
	cr_assert_eq(v[12].kind, SP_PROBE_ALLOW, "shmat(SHM_RDONLY)");
	cr_assert_eq(v[13].kind, SP_PROBE_KILL, "shmat(SHM_EXEC)");
	cr_assert(strstr(find(p, "clone", 0)->comment,
			 "static: not recorded; a site reachable in the code "
			 "the recording loaded computes them at run time"),
		  "%s", find(p, "clone", 0)->comment);
	sp_profile_free(p);
	/* Every clone site passes fork's constants: those alone under
	 * strict; under auto any flags without a namespace, clone's guard
	 * being all it grants (argkind.def SP_ARG_GUARD_ONLY). */
	extras[0].args = forked;
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_STRICT);
	verdicts(p, c, N, v);
	cr_assert_eq(v[0].kind, SP_PROBE_KILL, "no site passes spawn's flags");
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "fork's clone");
	cr_assert_eq(v[4].kind, SP_PROBE_ERRNO, "clone3 refused");
	sp_profile_free(p);
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_AUTO);
	verdicts(p, c, N, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "spawn's flags: no namespace");
	cr_assert_eq(v[2].kind, SP_PROBE_KILL, "clone(CLONE_NEWUSER)");
	cr_assert_eq(v[3].kind, SP_PROBE_KILL, "clone(CLONE_NEWNS)");
	cr_assert_eq(v[4].kind, SP_PROBE_ERRNO, "clone3 refused");
	sp_profile_free(p);
	/* --args none: the names, whatever the arguments. */
	extras[0].args = computed;
	p = with_statics(t, extras, ARRAY_SIZE(extras), SP_ARGS_NONE);
	verdicts(p, c, N, v);
	cr_assert_eq(v[2].kind, SP_PROBE_ALLOW);
	cr_assert_eq(v[4].kind, SP_PROBE_ALLOW);
	cr_assert_eq(v[6].kind, SP_PROBE_ALLOW);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A call the recording did not make, in the arguments --args auto
 * constrains (an enumeration without a guard: ioctl's request), is held
 * to the constants its reachable sites pass (isatty()'s TCGETS, a
 * caller's TIOCGWINSZ), each its own rule naming the caller as the
 * site; before, it was allowed whatever the arguments.  A site that
 * computes the request makes it free: one rule, whatever the arguments,
 * nothing beside it. */
Test(generate, unrecorded_call_held_to_its_sites_constants)
{
	const struct sp_args consts[] = {
		{ .kept = 2, .args = { 0, TCGETS } },
		{ .kept = 3, .args = { 1, TIOCGWINSZ } },
		{ .kept = 1, .args = { 0 } },
	};
	const uint8_t caller[] = { 0, 2, 0 };
	const char *const at[] = { NULL, "main in x", "ioctl in libc.so.6" };
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_ioctl,
		  .why = "isatty() in libc.so.6, by x", .args = consts,
		  .sites = at, .caller = caller, .nargs = 2 },
	};
	struct sp_probe_case c[] = {
		{ SYS_ioctl, { 0, TCGETS } },
		{ SYS_ioctl, { 1, TIOCGWINSZ } },
		{ SYS_ioctl, { 0, TIOCSTI } },
		{ SYS_ioctl, { 0, TCGETS | 0x100000000ull } },
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, 1, SP_ARGS_AUTO);
	verdicts(p, c, N, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "isatty's TCGETS");
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "the caller's TIOCGWINSZ");
	cr_assert_eq(v[2].kind, SP_PROBE_KILL, "TIOCSTI, no site's");
	/* An int: the register's upper half is not the request. */
	cr_assert_eq(v[3].kind, SP_PROBE_ALLOW, "TCGETS, upper half set");
	cr_assert_not_null(find(p, "ioctl", 1));
	cr_assert_null(find(p, "ioctl", 2));
	cr_assert(strstr(find(p, "ioctl", 0)->comment, "static: not recorded; "
			 "these are constants at a site"),
		  "%s", find(p, "ioctl", 0)->comment);
	cr_assert(strstr(find(p, "ioctl", 1)->comment, "site: main in x"),
		  "%s", find(p, "ioctl", 1)->comment);
	sp_profile_free(p);
	/* The wrapper's own site, the request computed (its callers'):
	 * any request, in one rule that holds the others. */
	extras[0].nargs = 3;
	p = with_statics(t, extras, 1, SP_ARGS_AUTO);
	verdicts(p, c, N, v);
	cr_assert_eq(v[2].kind, SP_PROBE_ALLOW, "TIOCSTI: a site computes it");
	cr_assert_eq(find(p, "ioctl", 0)->nconds, 0);
	cr_assert_null(find(p, "ioctl", 1));
	sp_profile_free(p);
	/* --args none: the name, as before. */
	extras[0].nargs = 2;
	p = with_statics(t, extras, 1, SP_ARGS_NONE);
	verdicts(p, c, N, v);
	cr_assert_eq(v[2].kind, SP_PROBE_ALLOW, "--args none");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* An unrecorded call's site constant has the twins a recorded value
 * has (argkind.def SP_ARG_ALIKE: AF_INET6 beside AF_INET), their
 * comment saying whose value it is. */
Test(generate, unrecorded_site_constant_has_its_alike_twin)
{
	const struct sp_args inet[] = {
		{ .kept = 7, .args = { AF_INET, SOCK_STREAM, 0 } },
	};
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_socket,
		  .why = "main in x", .args = inet, .nargs = 1 },
	};
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_INET6, SOCK_STREAM, 0 } },
		{ SYS_socket, { AF_UNIX, SOCK_STREAM, 0 } },
	};
	struct sp_probe_verdict v[2];
	const struct sp_rule *alike = NULL;
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, 1, SP_ARGS_AUTO);
	verdicts(p, c, 2, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "AF_INET6, AF_INET's twin");
	cr_assert_eq(v[1].kind, SP_PROBE_KILL, "AF_UNIX");
	for (size_t i = 0; find(p, "socket", i); i++)
		if (find(p, "socket", i)->origin == SP_ORIGIN_ALIKE)
			alike = find(p, "socket", i);
	cr_assert_not_null(alike);
	cr_assert(strstr(alike->comment, "AF_INET6 grants what AF_INET, "
			 "constant at a reachable site, grants"),
		  "%s", alike->comment);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* --args strict holds an unrecorded call's arguments that only it
 * constrains, as it does a recorded call's (fcntl's cmd: F_GETFL, the
 * site's constant); --args auto leaves them free. */
Test(generate, unrecorded_call_under_strict_holds_what_strict_reads)
{
	const struct sp_args getfl[] = { { .kept = 2, .args = { 0, F_GETFL } } };
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_fcntl,
		  .why = "fcntl() in libc.so.6, by x", .args = getfl,
		  .nargs = 1 },
	};
	struct sp_probe_case c[] = {
		{ SYS_fcntl, { 0, F_GETFL } },
		{ SYS_fcntl, { 0, F_SETFL, O_APPEND } },
	};
	struct sp_probe_verdict v[2];
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, 1, SP_ARGS_STRICT);
	verdicts(p, c, 2, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "strict: F_GETFL");
	cr_assert_eq(v[1].kind, SP_PROBE_KILL, "strict: F_SETFL");
	sp_profile_free(p);
	p = with_statics(t, extras, 1, SP_ARGS_AUTO);
	verdicts(p, c, 2, v);
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "auto: F_SETFL");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Two images' sites of one call the recording did not make (an i386
 * program's beside an x86_64 one's, as two entries of the static
 * list): the second's count too.  fork()'s constant flags in one, flags
 * computed (posix_spawn's) in the other: the spawn runs, still without
 * a namespace.  Before, the second list entry found the first's rule
 * and added nothing: the spawn was killed. */
Test(generate, unrecorded_call_of_two_images_takes_both_images_sites)
{
	const struct sp_args forked[] = { { .kept = 1,
					    .args = { FORK_FLAGS } } };
	const struct sp_args computed[] = { { .kept = 0 } };
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_clone,
		  .why = "fork() in libc.so.6, by x", .args = forked,
		  .nargs = 1 },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_clone,
		  .why = "posix_spawn() in libc.so.6, by y", .args = computed,
		  .nargs = 1 },
	};
	struct sp_probe_case c[] = {
		{ SYS_clone, { FORK_FLAGS } },
		{ SYS_clone, { SPAWN_FLAGS } },
		{ SYS_clone, { SPAWN_FLAGS | CLONE_NEWUSER } },
	};
	struct sp_probe_verdict v[3];
	struct sp_profile *p;
	struct rec r;
	struct sp_trace *t;

	rec_init(&r);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t = rec_done(&r);
	p = with_statics(t, extras, 2, SP_ARGS_STRICT);
	verdicts(p, c, 3, v);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "fork's flags");
	cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "the other image's spawn");
	cr_assert_eq(v[2].kind, SP_PROBE_KILL, "a new user namespace");
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, merged_traces_keep_what_is_unique_to_each_and_count_coverage)
{
	struct rec a, b;
	struct sp_trace *t[2];
	struct sp_profile *p;
	const struct sp_rule *both, *once;

	rec_init(&a);
	call(&a, SYS_getppid, 0, 0, 0, 0);
	call(&a, SYS_getuid, 0, 0, 0, 0);
	rec_init(&b);
	call(&b, SYS_getppid, 0, 0, 0, 0);
	call(&b, SYS_getgid, 0, 0, 0, 0);
	t[0] = rec_done(&a);
	t[1] = rec_done(&b);
	p = generate(t, 2, SP_ARGS_AUTO, 0);
	both = find(p, "getppid", 0);
	once = find(p, "getuid", 0);
	cr_assert_not_null(find(p, "getgid", 0));
	cr_assert_neq(both, once, "different coverage, different rules");
	cr_assert(strstr(both->comment, "in 2 of 2 traces"), "%s",
		  both->comment);
	cr_assert(strstr(once->comment, "in 1 of 2 traces"), "%s",
		  once->comment);
	cr_assert_eq(find(p, "getgid", 0), once, "both seen once: one rule");
	cr_assert(strstr(once->comment, "by workload"));
	sp_profile_free(p);
	sp_trace_free(t[0]);
	sp_trace_free(t[1]);
}

Test(generate, a_call_the_runtime_needs_is_never_refused_as_a_fallback)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_generate_opts o;
	struct sp_profile *p;
	const struct sp_rule *f;

	/* runc (noNewPrivileges false) calls faccessat2 after loading the
	 * filter; faccessat2 is also a fallback family. */
	rec_init(&r);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = SP_RUNTIME_RUNC;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	f = find(p, "faccessat2", 0);
	cr_assert_not_null(f);
	cr_assert_eq(f->action, SP_ACT_ALLOW);
	cr_assert_eq(sp_origin_parse_comment(f->comment), SP_ORIGIN_RUNTIME);
	cr_assert_null(find(p, "faccessat2", 1));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* The runtime's own calls are allowed whatever the workload's rule for the
 * same call says (a union): runc (noNewPrivileges false) calls
 * prctl(PR_CAPBSET_DROP, ...) and openat with its own flags under the
 * filter, the workload only prctl(PR_SET_NAME) and openat(O_RDONLY).  The
 * runtime's prctl options are its measured ones: another option is still
 * refused.  The kernel judges the compiled profile. */
Test(generate, runtime_calls_are_allowed_beside_recorded_conditions)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_generate_opts o;
	struct sp_profile *p;
	const struct sp_rule *rec_rule, *rt_rule;
	struct sp_probe_case c[] = {
		{ SYS_prctl, { PR_SET_NAME } },
		{ SYS_prctl, { PR_CAPBSET_DROP, 12 } },
		{ SYS_prctl, { POISON | PR_SET_KEEPCAPS, 1 } },
		{ SYS_prctl, { PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL } },
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, O_WRONLY | O_CLOEXEC } },
		{ SYS_prctl, { PR_SET_DUMPABLE, 1 } },
	};
	struct sp_probe_verdict v[6];

	rec_init(&r);
	call(&r, SYS_prctl, PR_SET_NAME, 0, 0, 0);
	call(&r, SYS_openat, (uint64_t)AT_FDCWD, 0, O_RDONLY, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = SP_RUNTIME_RUNC;
	o.safety = 0;
	o.args = SP_ARGS_STRICT;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	rec_rule = find(p, "prctl", 0);
	rt_rule = find(p, "prctl", 1);
	cr_assert_not_null(rt_rule, "prctl has a runtime rule too");
	cr_assert_eq(rec_rule->origin, SP_ORIGIN_RECORDED);
	cr_assert_gt(rec_rule->nconds, 0);
	cr_assert_eq(rt_rule->origin, SP_ORIGIN_RUNTIME);
	cr_assert_eq(rt_rule->nconds, 1);
	cr_assert_eq(find(p, "openat", 1)->nconds, 0, "openat: whole");
	verdicts(p, c, 6, v);
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(v[i].kind, SP_PROBE_ALLOW, "case %zu", i);
	cr_assert_eq(v[5].kind, SP_PROBE_ERRNO, "PR_SET_DUMPABLE: refused");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A rule the generator adds (here the OCI runtime's prctl options)
 * where another rule allows the call whatever its arguments (a static
 * site computing every argument) is left out: it changes nothing the
 * kernel decides, and the profile read as two reasons for one thing. */
static size_t rules_naming(const struct sp_profile *p, const char *name)
{
	size_t n = 0;

	while (find(p, name, n))
		n++;
	return n;
}

Test(generate, rule_inside_one_allowing_the_call_whole_is_left_out)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_generate_opts o;
	struct sp_profile *p;
	const struct sp_generate_extra whole = {
		.arch = SP_ARCH_X86_64, .nr = SYS_prctl,
		.why = "prctl() in libc.so.6, by x",
	};
	struct sp_probe_case c[] = {
		{ SYS_prctl, { PR_SET_NAME } },
		{ SYS_prctl, { PR_CAPBSET_DROP, 12 } },
		{ SYS_prctl, { PR_SET_DUMPABLE, 1 } },
	};
	struct sp_probe_verdict v[3];

	rec_init(&r);
	call(&r, SYS_openat, (uint64_t)AT_FDCWD, 0, O_RDONLY, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = SP_RUNTIME_RUNC;
	o.safety = 0;
	/* The premise: the runtime's rules for prctl hold conditions. */
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_gt(rules_naming(p, "prctl"), 0);
	cr_assert_gt(find(p, "prctl", 0)->nconds, 0);
	sp_profile_free(p);
	o.statics = &whole;
	o.nstatics = 1;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_eq(rules_naming(p, "prctl"), 1, "prctl: one rule");
	cr_assert_eq(find(p, "prctl", 0)->nconds, 0, "prctl: whole");
	cr_assert_eq(find(p, "prctl", 0)->origin, SP_ORIGIN_STATIC);
	verdicts(p, c, 3, v);
	for (size_t i = 0; i < 3; i++)
		cr_assert_eq(v[i].kind, SP_PROBE_ALLOW, "case %zu", i);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* --args none means names only, for the runtime's calls too. */
Test(generate, runtime_calls_are_names_only_under_args_none)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_generate_opts o;
	struct sp_profile *p;

	rec_init(&r);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = SP_RUNTIME_CRUN | SP_RUNTIME_RUNC;
	o.safety = 0;
	o.args = SP_ARGS_NONE;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_eq(find(p, "prctl", 0)->nconds, 0);
	cr_assert_null(find(p, "prctl", 1));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* An unconditional recorded rule already allows what the runtime does:
 * no second rule. */
Test(generate, runtime_adds_nothing_where_the_workload_is_unconstrained)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_generate_opts o;
	struct sp_profile *p;

	rec_init(&r);
	call(&r, SYS_close, 3, 0, 0, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = SP_RUNTIME_CRUN | SP_RUNTIME_RUNC;
	o.safety = 0;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_eq(find(p, "close", 0)->origin, SP_ORIGIN_RECORDED);
	cr_assert_null(find(p, "close", 1));
	cr_assert_not_null(find(p, "execve", 0));
	cr_assert_null(find(p, "execve", 1), "crun's and runc's execve: one");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* With noNewPrivileges false crun installs the filter before it drops
 * privileges (setresuid, capset, ...); with true only close and execve
 * follow it (and crun exec's umask and write). */
Test(generate, no_new_privileges_leaves_out_the_privileged_window)
{
	struct rec r;
	struct sp_trace *t;
	struct sp_generate_opts o;
	struct sp_profile *p;

	rec_init(&r);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = SP_RUNTIME_CRUN;
	o.safety = 0;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_not_null(find(p, "setresuid", 0));
	cr_assert_not_null(find(p, "pselect6", 0));
	cr_assert(strstr(find(p, "execve", 0)->comment, "true or false"));
	sp_profile_free(p);
	o.no_new_privs = true;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_null(find(p, "setresuid", 0));
	cr_assert_null(find(p, "pselect6", 0));
	cr_assert_not_null(find(p, "execve", 0));
	cr_assert_not_null(find(p, "close", 0));
	/* crun exec's, whatever the setting. */
	cr_assert_not_null(find(p, "umask", 0));
	cr_assert_not_null(find(p, "write", 0));
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(generate, baseline_calls_not_seen_again_are_tagged_baseline)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern seen = { .arch = SP_ARCH_X86_64, .nr = SYS_getppid,
				   .count = 3 };
	struct sp_pattern carried = { .arch = SP_ARCH_X86_64,
				      .nr = SYS_getuid, .count = 0,
				      .baseline = true };
	struct sp_profile *p;
	const struct sp_rule *a, *b;

	sp_trace_intern_exe(t, "/usr/bin/x");
	sp_trace_add_pattern(t, &seen);
	sp_trace_add_pattern(t, &carried);
	p = generate(&t, 1, SP_ARGS_AUTO, 0);
	a = find(p, "getppid", 0);
	b = find(p, "getuid", 0);
	cr_assert_eq(sp_origin_parse_comment(a->comment), SP_ORIGIN_RECORDED);
	cr_assert_eq(sp_origin_parse_comment(b->comment), SP_ORIGIN_BASELINE,
		     "%s", b->comment);
	cr_assert_eq(b->action, SP_ACT_ALLOW);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* analyzer/merge.c: the union of two replicas' profiles, judged by the
 * kernel: a case is allowed by the merge exactly when one of them allows
 * it; clone3, which one recorded, is refused with ENOSYS by both (clone's
 * flags are constrained) and by the union, without two conflicting rules. */
Test(merge, union_of_profiles_allows_what_either_allows)
{
	struct rec r;
	struct sp_trace *t[2];
	struct sp_profile *p[2], *m;
	const char *labels[2] = { "node-a.json", "node-b.json" };
	struct sp_generate_opts o;
	struct sp_probe_case c[] = {
		{ SYS_socket, { AF_UNIX, SOCK_STREAM } },
		{ SYS_socket, { AF_INET, SOCK_STREAM } },
		{ SYS_socket, { AF_NETLINK, SOCK_STREAM } },
		{ SYS_prctl, { PR_SET_NAME } },
		{ SYS_prctl, { PR_SET_DUMPABLE } },
		{ SYS_prctl, { PR_SET_PDEATHSIG } },
		{ SYS_clone3, { 0 } },
		{ SYS_getppid, { 0 } },
		{ SYS_getuid, { 0 } },
		{ SYS_mmap, { 0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC } },
	};
	enum { N = sizeof(c) / sizeof(c[0]) };
	struct sp_probe_verdict v[3][N];

	rec_init(&r);
	call(&r, SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0);
	call(&r, SYS_prctl, PR_SET_NAME, 0, 0, 0);
	call(&r, SYS_getppid, 0, 0, 0, 0);
	t[0] = rec_done(&r);
	rec_init(&r);
	call(&r, SYS_socket, AF_INET, SOCK_STREAM, 0, 0);
	call(&r, SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0);
	call(&r, SYS_clone3, 0, 0, 0, 0);
	call(&r, SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, 0);
	t[1] = rec_done(&r);
	sp_generate_opts_init(&o);
	o.runtimes = 0;
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(sp_generate_profile(&t[i], 1, &o, &p[i]), 0);
		/* A profile as read back: the reader takes each origin
		 * from the comment's tag. */
		for (size_t k = 0; k < p[i]->nrules; k++)
			p[i]->rules[k].origin = sp_origin_parse_comment(
				p[i]->rules[k].comment);
	}
	cr_assert_eq(find(p[0], "clone3", 0)->action, SP_ACT_ERRNO,
		     "node-a refuses clone3 as a fallback");
	cr_assert_eq(sp_merge_profiles(p, labels, 2, SP_ACT_ERRNO, -1, NULL,
				       NULL, &m), 0);
	verdicts(p[0], c, N, v[0]);
	verdicts(p[1], c, N, v[1]);
	verdicts(m, c, N, v[2]);
	for (size_t i = 0; i < N; i++) {
		bool either = v[0][i].kind == SP_PROBE_ALLOW ||
			      v[1][i].kind == SP_PROBE_ALLOW;

		cr_assert_eq(v[2][i].kind == SP_PROBE_ALLOW, either,
			     "case %zu (nr %lld)", i, (long long)c[i].nr);
	}
	cr_assert_eq(v[2][0].kind, SP_PROBE_ALLOW, "AF_UNIX from node-a");
	cr_assert_eq(v[2][1].kind, SP_PROBE_ALLOW, "AF_INET from node-b");
	cr_assert_neq(v[2][2].kind, SP_PROBE_ALLOW, "AF_NETLINK from neither");
	/* clone's flags are constrained, so every profile refuses clone3
	 * with ENOSYS (libc falls back to clone): so does their union. */
	cr_assert_eq(v[2][6].kind, SP_PROBE_ERRNO, "clone3 refused");
	cr_assert_eq(v[2][6].err, ENOSYS, "clone3 refused with ENOSYS");
	cr_assert_null(find(m, "clone3", 1), "no conflicting clone3 rule");
	cr_assert_neq(v[2][9].kind, SP_PROBE_ALLOW, "W^X holds");
	/* Evidence: where each rule was, and what its inputs said. */
	cr_assert(strstr(find(m, "getppid", 0)->comment,
			 "in 1 of 2 profiles (node-a.json)"),
		  "%s", find(m, "getppid", 0)->comment);
	cr_assert_eq(sp_origin_parse_comment(find(m, "getppid", 0)->comment),
		     SP_ORIGIN_RECORDED);
	cr_assert_eq(sp_origin_parse_comment(find(m, "clock_gettime", 0)->comment),
		     SP_ORIGIN_VDSO);
	cr_assert(strstr(find(m, "clock_gettime", 0)->comment,
			 "in 2 of 2 profiles (node-a.json, node-b.json)"));
	for (int i = 0; i < 2; i++) {
		sp_profile_free(p[i]);
		sp_trace_free(t[i]);
	}
	sp_profile_free(m);
}

/* A profile of one rule for kill: action, errno, at most one condition
 * (index, op, value). */
static struct sp_profile *kill_rule(enum sp_action a, int err, int index,
				    enum sp_cmp op, uint64_t value)
{
	struct sp_profile *p = sp_profile_new();
	struct sp_rule *r = sp_profile_add_rule(p);
	const struct sp_cond c = { (unsigned)index, value, 0, op };

	sp_profile_add_arch(p, SP_ARCH_X86_64);
	r->action = a;
	r->errno_ret = err;
	cr_assert_eq(sp_rule_add_name(r, "kill"), 0);
	if (index >= 0)
		cr_assert_eq(sp_rule_add_cond(r, &c), 0);
	return p;
}

static void count_note(void *ctx, const struct sp_merge_note *n)
{
	(void)n;
	++*(int *)ctx;
}

/* analyzer/merge.c: a refusal of one input that overlaps what another
 * allows under conditions.  libseccomp lets a rule without conditions
 * override the others, refuses two rules with the same conditions and
 * different actions (crun and runc then start nothing), and decides
 * between overlapping ones by argument (arg1 before arg0), not by rule:
 * each gave a union that refused kill(1, SIGTERM), which the first input
 * allows.  The refusal gives way, with a note; one that overlaps nothing
 * allowed stays. */
Test(merge, refusal_overlapping_another_inputs_allow_gives_way)
{
	struct sp_profile *refusals[] = {
		kill_rule(SP_ACT_ERRNO, ENOSYS, -1, SP_CMP_EQ, 0),
		kill_rule(SP_ACT_ERRNO, EINVAL, 0, SP_CMP_EQ, 1),
		kill_rule(SP_ACT_ERRNO, EINVAL, 1, SP_CMP_EQ, SIGTERM),
		kill_rule(SP_ACT_ERRNO, EINVAL, 0, SP_CMP_EQ, 2),
	};
	const char *labels[2] = { "allow.json", "refuse.json" };
	struct sp_probe_case c[] = {
		{ SYS_kill, { 1, SIGTERM } },
		{ SYS_kill, { 1, SIGKILL } },
		{ SYS_kill, { 2, SIGTERM } },
	};
	enum { N = sizeof(c) / sizeof(c[0]) };

	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++) {
		struct sp_profile *in[2] = {
			kill_rule(SP_ACT_ALLOW, -1, 0, SP_CMP_EQ, 1),
			refusals[i] }, *m;
		struct sp_probe_verdict v[N];
		int notes = 0;

		cr_assert_eq(sp_merge_profiles(in, labels, 2, SP_ACT_ERRNO,
					       -1, count_note, &notes, &m), 0);
		verdicts(m, c, N, v);
		cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "refusal %zu", i);
		cr_assert_eq(v[1].kind, SP_PROBE_ALLOW, "refusal %zu", i);
		cr_assert_eq(v[2].kind, SP_PROBE_ERRNO, "refusal %zu", i);
		/* The last overlaps nothing allowed: it keeps its errno. */
		cr_assert_eq(v[2].err, i == 3 ? EINVAL : EPERM,
			     "refusal %zu: errno %d", i, v[2].err);
		cr_assert_eq(notes, i == 3 ? 0 : 1, "refusal %zu", i);
		sp_profile_free(in[0]);
		sp_profile_free(in[1]);
		sp_profile_free(m);
	}
}

/* --- profiles for another arch than the recording's (abi.def) ---------- */

/* arch's number of name, by libseccomp's resolver: the names the tests
 * expect are checked against it, not against sandprint's tables. */
static int64_t scmp_nr(enum sp_arch arch, const char *name)
{
	return seccomp_syscall_resolve_name_arch(sp_arch_scmp(arch), name);
}

static void call_on(struct rec *r, enum sp_arch arch, const char *name,
		    uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct sp_event ev = { .arch = arch, .nr = scmp_nr(arch, name),
			       .args = { a0, a1, a2, a3, 0, 0 } };

	cr_assert_geq(ev.nr, 0, "%s has no number on %s", name,
		      sp_arch_name(arch));
	cr_assert_eq(sp_aggregate_add(&r->a, &ev), 0);
}

static struct sp_profile *generate_for(struct sp_trace *t,
				       enum sp_args_mode mode,
				       const enum sp_arch *archs, size_t n)
{
	struct sp_generate_opts o;
	struct sp_profile *p;

	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.safety = 0;
	o.args = mode;
	for (size_t i = 0; i < n; i++)
		o.archs[o.narchs++] = archs[i];
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	return p;
}

/* A call on arch under p as libseccomp compiles it on a machine of that
 * arch (crun's and runc's compiler), run by the interpreter: whether it
 * is allowed. */
static bool allowed_on(const struct sp_profile *p, enum sp_arch arch,
		       const char *name, uint64_t a0, uint64_t a1,
		       uint64_t a2, uint64_t a3)
{
	struct sp_compile_opts co = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct seccomp_data sd = { .nr = (int)scmp_nr(arch, name),
				   .arch = sp_arch_audit(arch),
				   .args = { a0, a1, a2, a3, 0, 0 } };
	struct sp_bpf *b;
	struct sp_diag d;
	uint32_t ret;

	cr_assert_geq(sd.nr, 0, "%s has no number on %s", name,
		      sp_arch_name(arch));
	cr_assert_eq(sp_seccomp_compile_on(p, &co, arch, &b, &d), 0, "%s",
		     d.msg);
	cr_assert_eq(sp_interp_check(b->insns, b->len, NULL, &d), 0);
	ret = sp_interp_run(b->insns, b->len, &sd);
	sp_bpf_free(b);
	return (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW;
}

/* What aarch64's C libraries (glibc 2.36, musl 1.2) call for a C function
 * whose x86_64 call aarch64 lacks, with the arguments they pass; the
 * legacy call as x86_64's libraries make it. */
static const struct {
	const char *legacy;
	uint64_t la[4];
	const char *call;
	uint64_t ca[4];
} aarch64_calls[] = {
	{ "dup2", { 3, 4 }, "dup3", { 3, 4, 0 } },
	{ "access", { 0x1000, R_OK }, "faccessat",
	  { (uint64_t)AT_FDCWD, 0x1000, R_OK } },
	{ "poll", { 0x1000, 1, 100 }, "ppoll", { 0x1000, 1, 0x2000, 0 } },
	{ "pipe", { 0x1000 }, "pipe2", { 0x1000, 0 } },
	{ "select", { 4, 0x1000 }, "pselect6", { 4, 0x1000 } },
	{ "epoll_wait", { 3, 0x1000, 8, 100 }, "epoll_pwait",
	  { 3, 0x1000, 8, 100 } },
	{ "epoll_create", { 1 }, "epoll_create1", { 0 } },
	{ "eventfd", { 0 }, "eventfd2", { 0, 0 } },
	{ "inotify_init", { 0 }, "inotify_init1", { 0 } },
	{ "open", { 0x1000, O_RDONLY }, "openat",
	  { (uint64_t)AT_FDCWD, 0x1000, O_RDONLY } },
	{ "mkdir", { 0x1000, 0755 }, "mkdirat",
	  { (uint64_t)AT_FDCWD, 0x1000, 0755 } },
	{ "unlink", { 0x1000 }, "unlinkat", { (uint64_t)AT_FDCWD, 0x1000, 0 } },
	{ "rmdir", { 0x1000 }, "unlinkat",
	  { (uint64_t)AT_FDCWD, 0x1000, AT_REMOVEDIR } },
	{ "rename", { 0x1000, 0x2000 }, "renameat",
	  { (uint64_t)AT_FDCWD, 0x1000, (uint64_t)AT_FDCWD, 0x2000 } },
	{ "readlink", { 0x1000, 0x2000, 64 }, "readlinkat",
	  { (uint64_t)AT_FDCWD, 0x1000, 0x2000, 64 } },
	{ "stat", { 0x1000, 0x2000 }, "newfstatat",
	  { (uint64_t)AT_FDCWD, 0x1000, 0x2000, 0 } },
	{ "getdents", { 3, 0x1000, 4096 }, "getdents64", { 3, 0x1000, 4096 } },
	{ "getpgrp", { 0 }, "getpgid", { 0 } },
	{ "alarm", { 5 }, "setitimer", { 0, 0x1000, 0x2000 } },
	{ "vfork", { 0 }, "clone", { CLONE_VM | CLONE_VFORK | SIGCHLD, 0 } },
};

/* Recorded on x86_64, listed for x86_64 and aarch64: each call aarch64
 * lacks (libseccomp's resolver has no aarch64 number for it) is allowed
 * on aarch64 as the call its C library makes for it.  It was dup2 by
 * name, nothing on aarch64: the container died at its first dup2(). */
Test(generate, other_arch_gets_the_call_its_libc_makes_for_a_missing_one)
{
	static const enum sp_arch both[] = { SP_ARCH_X86_64, SP_ARCH_AARCH64 };
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p, *x86;

	rec_init(&r);
	for (size_t i = 0; i < ARRAY_SIZE(aarch64_calls); i++)
		call_on(&r, SP_ARCH_X86_64, aarch64_calls[i].legacy,
			aarch64_calls[i].la[0], aarch64_calls[i].la[1],
			aarch64_calls[i].la[2], aarch64_calls[i].la[3]);
	call_on(&r, SP_ARCH_X86_64, "getpid", 0, 0, 0, 0);
	t = rec_done(&r);
	p = generate_for(t, SP_ARGS_AUTO, both, 2);
	x86 = generate_for(t, SP_ARGS_AUTO, both, 1);
	for (size_t i = 0; i < ARRAY_SIZE(aarch64_calls); i++) {
		const char *l = aarch64_calls[i].legacy;
		const char *c = aarch64_calls[i].call;
		const uint64_t *a = aarch64_calls[i].ca;

		cr_assert_lt(scmp_nr(SP_ARCH_AARCH64, l), 0, "%s", l);
		cr_expect(allowed_on(p, SP_ARCH_AARCH64, c, a[0], a[1], a[2],
				     a[3]),
			  "%s for %s refused on aarch64", c, l);
		/* Control: listed for x86_64 alone, the profile by name
		 * refuses it on aarch64, but where x86_64's own rules
		 * name it (unlinkat, an *at form allowed as the recorded
		 * unlink on every arch: sibling.def's FORM lines). */
		if (!find(x86, c, 0))
			cr_expect_not(allowed_on(x86, SP_ARCH_AARCH64, c, a[0],
						 a[1], a[2], a[3]),
				      "%s allowed on aarch64 by an x86_64 "
				      "profile", c);
	}
	cr_expect(allowed_on(p, SP_ARCH_AARCH64, "getpid", 0, 0, 0, 0));
	/* vfork's clone holds its flags: not a thread's. */
	cr_expect_not(allowed_on(p, SP_ARCH_AARCH64, "clone",
				 CLONE_VM | CLONE_THREAD | CLONE_SIGHAND, 0,
				 0, 0));
	sp_profile_free(x86);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* The added rule says why, in words show prints, under its own tag. */
Test(generate, other_arch_rule_says_which_call_it_stands_for)
{
	static const enum sp_arch both[] = { SP_ARCH_X86_64, SP_ARCH_AARCH64 };
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;
	const struct sp_rule *dup3;

	rec_init(&r);
	call_on(&r, SP_ARCH_X86_64, "dup2", 3, 4, 0, 0);
	t = rec_done(&r);
	p = generate_for(t, SP_ARGS_AUTO, both, 2);
	dup3 = find(p, "dup3", 0);
	cr_assert(dup3);
	cr_expect_eq(dup3->origin, SP_ORIGIN_ARCH);
	cr_expect_eq(sp_origin_parse_comment(dup3->comment), SP_ORIGIN_ARCH);
	cr_expect(strstr(dup3->comment, "sandprint: arch: not recorded; on "
				       "aarch64, which has no dup2, the C "
				       "library calls dup3 for it"),
		  "%s", dup3->comment);
	cr_expect_eq(dup3->nnames, 1);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* --args strict: a condition moves to the argument of the same meaning
 * (open's flags are openat's arg2, mknod's mode mknodat's arg2), and the
 * constants the library passes are held (dup3's flags 0, pipe2's). */
Test(generate, other_arch_call_keeps_conditions_at_their_new_index)
{
	static const enum sp_arch both[] = { SP_ARCH_X86_64, SP_ARCH_AARCH64 };
	const uint64_t cwd = (uint64_t)AT_FDCWD;
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;

	rec_init(&r);
	call_on(&r, SP_ARCH_X86_64, "open", 0x1000, O_RDONLY, 0, 0);
	call_on(&r, SP_ARCH_X86_64, "mknod", 0x1000, S_IFIFO | 0600, 0, 0);
	call_on(&r, SP_ARCH_X86_64, "dup2", 3, 4, 0, 0);
	call_on(&r, SP_ARCH_X86_64, "pipe", 0x1000, 0, 0, 0);
	/* A call aarch64 has, allowed whatever its arguments: without
	 * one, libseccomp 2.5.4 leaves out the load of the call's number
	 * when the arch's first rule names a call it lacks (dup2). */
	call_on(&r, SP_ARCH_X86_64, "getpid", 0, 0, 0, 0);
	t = rec_done(&r);
	p = generate_for(t, SP_ARGS_STRICT, both, 2);
	cr_expect(allowed_on(p, SP_ARCH_AARCH64, "openat", cwd, 0x1000,
			     O_RDONLY, 0));
	cr_expect_not(allowed_on(p, SP_ARCH_AARCH64, "openat", cwd, 0x1000,
				 O_WRONLY | O_CREAT, 0644));
	cr_expect(allowed_on(p, SP_ARCH_AARCH64, "mknodat", cwd, 0x1000,
			     S_IFIFO | 0600, 0));
	cr_expect_not(allowed_on(p, SP_ARCH_AARCH64, "mknodat", cwd, 0x1000,
				 S_IFCHR | 0600, 0x0101));
	cr_expect(allowed_on(p, SP_ARCH_AARCH64, "dup3", 3, 4, 0, 0));
	cr_expect_not(allowed_on(p, SP_ARCH_AARCH64, "dup3", 3, 4, O_CLOEXEC,
				 0));
	/* glibc's dup2(fd, fd) where dup3 refuses equal descriptors. */
	cr_expect(allowed_on(p, SP_ARCH_AARCH64, "fcntl", 3, F_GETFL, 0, 0));
	cr_expect_not(allowed_on(p, SP_ARCH_AARCH64, "fcntl", 3, F_SETFL, 0,
				 0));
	cr_expect(allowed_on(p, SP_ARCH_AARCH64, "pipe2", 0x1000, 0, 0, 0));
	cr_expect_not(allowed_on(p, SP_ARCH_AARCH64, "pipe2", 0x1000,
				 O_DIRECT, 0, 0));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* riscv64 has no renameat either (arm64 alone sets
 * __ARCH_WANT_RENAMEAT): its rename() is renameat2(..., 0). */
Test(generate, other_arch_without_the_first_replacement_gets_the_next)
{
	static const enum sp_arch archs[] = { SP_ARCH_X86_64, SP_ARCH_RISCV64,
					      SP_ARCH_AARCH64 };
	const uint64_t cwd = (uint64_t)AT_FDCWD;
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;

	cr_assert_lt(scmp_nr(SP_ARCH_RISCV64, "renameat"), 0);
	cr_assert_geq(scmp_nr(SP_ARCH_AARCH64, "renameat"), 0);
	rec_init(&r);
	call_on(&r, SP_ARCH_X86_64, "rename", 0x1000, 0x2000, 0, 0);
	call_on(&r, SP_ARCH_X86_64, "getpid", 0, 0, 0, 0);
	t = rec_done(&r);
	p = generate_for(t, SP_ARGS_STRICT, archs, 3);
	cr_expect(allowed_on(p, SP_ARCH_RISCV64, "renameat2", cwd, 0x1000, cwd,
			     0x2000));
	cr_expect(allowed_on(p, SP_ARCH_AARCH64, "renameat", cwd, 0x1000, cwd,
			     0x2000));
	/* Each rule says for which arch: rules are by name, so the
	 * riscv64 one holds on aarch64 too. */
	cr_assert(find(p, "renameat2", 0) && find(p, "renameat", 0));
	cr_expect(strstr(find(p, "renameat2", 0)->comment, "on riscv64"));
	cr_expect(strstr(find(p, "renameat", 0)->comment, "on aarch64"));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Recorded on aarch64, listed for x86_64 too: x86_64's C library calls
 * dup2, access, poll, pipe where aarch64's called dup3, faccessat, ppoll,
 * pipe2; the kernel here, an x86_64 one, judges them.  Where the recorded
 * rule refuses what the library passes (a thread's clone flags are no
 * fork's or vfork's), the older call is not added. */
Test(generate, recorded_on_aarch64_gets_the_calls_x86_64_libc_makes)
{
	static const enum sp_arch both[] = { SP_ARCH_AARCH64, SP_ARCH_X86_64 };
	const uint64_t cwd = (uint64_t)AT_FDCWD;
	struct sp_probe_case c[] = {
		{ SYS_dup2, { 3, 4 } },
		{ SYS_access, { 0x1000, R_OK } },
		{ SYS_poll, { 0x1000, 1, 100 } },
		{ SYS_epoll_wait, { 3, 0x1000, 8, 100 } },
		{ SYS_pipe, { 0x1000 } },      /* pipe2's flags allow 0 */
		{ SYS_vfork, { 0 } },
		{ SYS_fork, { 0 } },
		{ SYS_mkdir, { 0x1000, 0755 } },
	};
	const uint64_t thread = CLONE_VM | CLONE_FS | CLONE_FILES |
				CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
				CLONE_SETTLS | CLONE_PARENT_SETTID |
				CLONE_CHILD_CLEARTID;
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p, *arm;

	rec_init(&r);
	call_on(&r, SP_ARCH_AARCH64, "dup3", 3, 4, 0, 0);
	call_on(&r, SP_ARCH_AARCH64, "faccessat", cwd, 0x1000, R_OK, 0);
	call_on(&r, SP_ARCH_AARCH64, "ppoll", 0x1000, 1, 0x2000, 0);
	call_on(&r, SP_ARCH_AARCH64, "epoll_pwait", 3, 0x1000, 8, 100);
	call_on(&r, SP_ARCH_AARCH64, "pipe2", 0x1000, O_CLOEXEC, 0, 0);
	call_on(&r, SP_ARCH_AARCH64, "clone", thread, 0x1000, 0, 0);
	t = rec_done(&r);
	p = generate_for(t, SP_ARGS_STRICT, both, 2);
	expect_first_allowed(p, c, ARRAY_SIZE(c), 5);
	cr_assert(find(p, "dup2", 0));
	cr_expect(strstr(find(p, "dup2", 0)->comment,
			 "on x86_64 the C library calls dup2 where it was "
			 "recorded calling dup3 on aarch64"),
		  "%s", find(p, "dup2", 0)->comment);
	/* Control: listed for aarch64 alone, none of them. */
	arm = generate_for(t, SP_ARGS_STRICT, both, 1);
	expect_first_allowed(arm, c, ARRAY_SIZE(c), 0);
	sp_profile_free(arm);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Recorded on x86_64, which has both forms: nothing more for x86_64
 * (its openat is glibc's open(), not a missing open). */
Test(generate, same_arch_recording_adds_no_older_form)
{
	static const enum sp_arch one[] = { SP_ARCH_X86_64 };
	struct rec r;
	struct sp_trace *t;
	struct sp_profile *p;

	rec_init(&r);
	call_on(&r, SP_ARCH_X86_64, "openat", (uint64_t)AT_FDCWD, 0x1000,
		O_RDONLY, 0);
	call_on(&r, SP_ARCH_X86_64, "dup3", 3, 4, 0, 0);
	t = rec_done(&r);
	p = generate_for(t, SP_ARGS_AUTO, one, 1);
	cr_expect_null(find(p, "open", 0));
	cr_expect_null(find(p, "dup2", 0));
	cr_expect_eq(p->nrules, 1);
	sp_profile_free(p);
	sp_trace_free(t);
}
