/* analyzer/sibling.def, entry by entry: each relation's claim is tested
 * against the kernel (the probe, or the call itself where the kernel's own
 * check is the claim), the argument-kind table, or the interpreter for
 * arches this machine cannot run. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/futex.h>
#include <linux/aio_abi.h>
#include <linux/falloc.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyzer/argkind.h"
#include "analyzer/check.h"
#include "analyzer/generate.h"
#include "analyzer/sibling.h"
#include "core/array.h"
#include "core/syscall.h"
#include "tests/judge.h"

#define THREAD_FLAGS                                                        \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
	 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |               \
	 CLONE_CHILD_CLEARTID)

static void call(struct sp_trace *t, enum sp_arch arch, int64_t nr,
		 uint64_t a0, uint64_t a1, uint64_t a2, uint8_t read)
{
	const uint64_t args[6] = { a0, a1, a2, 0, 0, 0 };

	cr_assert_eq(sp_judge_call(t, arch, nr, args, read), 0);
}

struct notes {
	size_t sibling, unfolded;
	size_t perf;            /* those of perf_event_open's note */
	const char *text;
	size_t runtime;         /* those of an OCI runtime's window */
	char name[128];         /* the last of those's calls */
	const char *runtime_text;
};

static void on_note(void *ctx, const struct sp_generate_note *n)
{
	struct notes *s = ctx;

	if (n->kind == SP_NOTE_SIBLING) {
		s->sibling++;
		s->text = n->text;
		if (strstr(n->text, "perf_event_open on another process"))
			s->perf++;
		if (strstr(n->text, "the OCI runtime's window")) {
			s->runtime++;
			s->runtime_text = n->text;
			snprintf(s->name, sizeof(s->name), "%s", n->name);
		}
	} else if (n->kind == SP_NOTE_UNFOLDED) {
		s->unfolded++;
	}
}

/* t's profile under m for archs (none: the observed ones), with the
 * static calls x[0..nx), no runtime window nor safety sets. */
static struct sp_profile *generate_static(struct sp_trace *t,
					  enum sp_args_mode m,
					  struct notes *notes,
					  const enum sp_arch *archs,
					  size_t narchs,
					  const struct sp_generate_extra *x,
					  size_t nx)
{
	struct sp_generate_opts o;
	struct sp_profile *p;

	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.safety = 0;
	o.args = m;
	o.on_note = on_note;
	o.ctx = notes;
	memcpy(o.archs, archs, narchs * sizeof(*archs));
	o.narchs = narchs;
	o.statics = x;
	o.nstatics = nx;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	return p;
}

static struct sp_profile *generate(struct sp_trace *t, enum sp_args_mode m,
				   struct notes *notes, const enum sp_arch *archs,
				   size_t narchs)
{
	return generate_static(t, m, notes, archs, narchs, NULL, 0);
}

static const struct sp_rule *find(const struct sp_profile *p,
				  const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t j = 0; j < p->rules[i].nnames; j++)
			if (strcmp(p->rules[i].names[j], name) == 0)
				return &p->rules[i];
	return NULL;
}

/* Whether some rule for name has a comment holding text. */
static bool commented(const struct sp_profile *p, const char *name,
		      const char *text)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t j = 0; j < p->rules[i].nnames; j++)
			if (strcmp(p->rules[i].names[j], name) == 0 &&
			    p->rules[i].comment &&
			    strstr(p->rules[i].comment, text))
				return true;
	return false;
}

/* The note of sibling.def's line for call and of. */
static const char *sibling_text(const char *call, const char *of)
{
	for (unsigned i = 0; i < sp_sibling_count(); i++)
		if (strcmp(sp_sibling_at(i)->call, call) == 0 &&
		    strcmp(sp_sibling_at(i)->of, of) == 0)
			return sp_sibling_at(i)->note;
	return NULL;
}

static const enum sp_arch native[] = { SP_ARCH_X86_64 };

/* Both compilers, the kernel's verdict on each case against want[]. */
static void expect_kernel(const struct sp_profile *p,
			  const struct sp_probe_case *c,
			  const enum sp_probe_kind *want, size_t n)
{
	struct sp_probe_verdict v[32];
	char buf[32];

	cr_assert_leq(n, 32);
	for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN; cc++) {
		cr_assert_eq(sp_judge_kernel(p, cc, c, n, v), 0);
		for (size_t i = 0; i < n; i++)
			cr_expect_eq(v[i].kind, want[i],
				     "%s, case %zu (nr %lld, %#llx): %s",
				     cc == SP_JUDGE_OWN ? "own" : "libseccomp",
				     i, (long long)c[i].nr,
				     (unsigned long long)c[i].args[0],
				     sp_probe_str(&v[i], buf, sizeof(buf)));
	}
}

/* FOLD clone3 -> clone: the flags read from clone_args join clone's rule,
 * clone3 gets ENOSYS, and a namespace stays out of reach either way. */
Test(sibling, clone3_flags_join_clone_and_clone3_gets_enosys)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;
	const struct sp_rule *r;

	call(t, SP_ARCH_X86_64, SYS_clone3, THREAD_FLAGS, 88, 0, 1);
	call(t, SP_ARCH_X86_64, SYS_clone,
	     SIGCHLD | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	r = find(p, "clone3");
	cr_assert_not_null(r);
	cr_assert_eq(r->action, SP_ACT_ERRNO);
	cr_assert_eq(r->errno_ret, ENOSYS);
	cr_assert_eq(sp_origin_parse_comment(r->comment), SP_ORIGIN_SIBLING);
	cr_assert_not_null(strstr(r->comment, "libc falls back to clone"));
	cr_assert(commented(p, "clone", "1 of them made as a sibling"));
	cr_assert_eq(notes.unfolded, 0);

	struct sp_probe_case c[] = {
		{ SYS_clone, { THREAD_FLAGS } },
		{ SYS_clone, { SIGCHLD } },
		{ SYS_clone3, { 0 } },
		{ SYS_clone, { CLONE_NEWUSER | CLONE_NEWNS | SIGCHLD } },
		{ SYS_clone, { THREAD_FLAGS | CLONE_NEWNET } },
		{ SYS_clone, { THREAD_FLAGS | SIGKILL } },
	};
	/* Any exit signal, as any flag but the namespaces': clone's guard
	 * is all it grants (argkind.def SP_ARG_GUARD_ONLY). */
	const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ERRNO,
		SP_PROBE_ERRNO, SP_PROBE_ERRNO, SP_PROBE_ALLOW,
	};
	struct sp_probe_verdict v[6];

	expect_kernel(p, c, want, 6);
	cr_assert_eq(sp_judge_kernel(p, SP_JUDGE_LIBSECCOMP, c, 6, v), 0);
	cr_assert_eq(v[2].err, ENOSYS, "so that glibc falls back");
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(sibling, clone3_is_refused_even_unrecorded_when_clone_is_constrained)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_clone, SIGCHLD, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_not_null(find(p, "clone3"), "safety sets off: the sibling "
					      "rule is not a safety addition");
	cr_assert_eq(find(p, "clone3")->errno_ret, ENOSYS);
	sp_profile_free(p);
	/* No conditions, nothing to get around. */
	p = generate(t, SP_ARGS_NONE, &notes, native, 1);
	cr_assert_null(find(p, "clone3"));
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(sibling, clone3_without_read_flags_is_refused_and_said)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;

	/* A pointer (not read) and CLONE_INTO_CGROUP (no clone spelling). */
	call(t, SP_ARCH_X86_64, SYS_clone3, 0x7ffd12345678ull, 88, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_clone3, CLONE_INTO_CGROUP | SIGCHLD, 88,
	     0, 1);
	call(t, SP_ARCH_X86_64, SYS_clone, SIGCHLD, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(notes.unfolded, 2);
	cr_assert_eq(find(p, "clone3")->action, SP_ACT_ERRNO);
	cr_assert_eq(find(p, "clone")->conds[0].value_two, SIGCHLD,
		     "the pointer was not taken for flags");
	sp_profile_free(p);
	/* --args none: clone3 is what was recorded, allowed. */
	p = generate(t, SP_ARGS_NONE, &notes, native, 1);
	cr_assert_eq(find(p, "clone3")->action, SP_ACT_ALLOW);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* FOLD openat2 -> openat: under --args strict (openat's flags are a
 * strict argument). */
Test(sibling, openat2_flags_join_openat_under_strict)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_openat2, AT_FDCWD, 0, O_RDONLY | O_CLOEXEC,
	     1u << 2);
	call(t, SP_ARCH_X86_64, SYS_openat, AT_FDCWD, 0, O_WRONLY, 0);
	p = generate(t, SP_ARGS_STRICT, &notes, native, 1);
	cr_assert_eq(find(p, "openat2")->errno_ret, ENOSYS);

	struct sp_probe_case c[] = {
		{ SYS_openat, { AT_FDCWD, 0, O_RDONLY | O_CLOEXEC } },
		{ SYS_openat, { AT_FDCWD, 0, O_WRONLY } },
		{ SYS_openat, { AT_FDCWD, 0, O_RDWR } },
		{ SYS_openat2, { AT_FDCWD, 0, 0 } },
	};
	const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ERRNO, SP_PROBE_ERRNO,
	};

	expect_kernel(p, c, want, 4);
	sp_profile_free(p);
	/* auto: openat is free, openat2 too (as recorded). */
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(find(p, "openat2")->action, SP_ACT_ALLOW);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* SAME: on every arch that has both calls, the table gives the shared
 * arguments the same kind, width, level and field. */
Test(sibling, same_siblings_share_their_argument_kinds)
{
	size_t checked = 0;

	for (unsigned i = 0; i < sp_sibling_count(); i++) {
		const struct sp_sibling *s = sp_sibling_at(i);

		if (s->how != SP_SIBLING_SAME)
			continue;
		for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++) {
			int64_t cn, on;
			const struct sp_argspec *x, *y;

			if (!sp_sibling_on(s, a) ||
			    sp_syscall_nr(a, s->call, &cn) ||
			    sp_syscall_nr(a, s->of, &on) || cn < 0 || on < 0)
				continue;
			x = sp_argkind_lookup(a, cn);
			y = sp_argkind_lookup(a, on);
			if (y->kind[0] == SP_ARGKIND_STRUCT)
				continue; /* old_mmap: an UNBOUND line */
			for (unsigned k = 0; k < 6; k++) {
				if (!(x->kept & y->kept & (1u << k)))
					continue;
				cr_expect_eq(x->kind[k], y->kind[k], "%s/%s",
					     s->call, s->of);
				cr_expect_eq(x->wide & (1u << k),
					     y->wide & (1u << k));
				cr_expect_eq(x->sensitive & (1u << k),
					     y->sensitive & (1u << k));
				cr_expect_eq(x->field[k], y->field[k]);
				checked++;
			}
			cr_expect_neq(x->kept & y->kept, 0, "%s/%s on %s",
				      s->call, s->of, sp_arch_name(a));
		}
	}
	cr_assert_geq(checked, 3);
}

/* ROW: the sibling has a row of its own where it exists, AUTO where
 * the call it gets around has one. */
Test(sibling, row_siblings_have_a_row_at_their_calls_level)
{
	for (unsigned i = 0; i < sp_sibling_count(); i++) {
		const struct sp_sibling *s = sp_sibling_at(i);
		int64_t nr, of;

		if (s->how != SP_SIBLING_ROW)
			continue;
		cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, s->call, &nr), 0);
		cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, s->of, &of), 0);
		cr_expect_neq(sp_argkind_lookup(SP_ARCH_X86_64, nr)->kept, 0,
			      "%s", s->call);
		if (sp_argkind_lookup(SP_ARCH_X86_64, of)->sensitive)
			cr_expect_neq(sp_argkind_lookup(SP_ARCH_X86_64, nr)
					      ->sensitive,
				      0, "%s", s->call);
	}
}

/* Under prog, a child opens path for appending (a log) and writes "AB"
 * at offset 0 with pwritev2's RWF_NOAPPEND (bit 0 of the result: it
 * landed there), "EF" at 2 with an io_submit request's RWF_NOAPPEND
 * (bit 2), punches a hole at 5 with fallocate (bit 3), cuts the file
 * to 8 bytes with ftruncate (bit 4), then clears O_APPEND with
 * fcntl(F_SETFL) and writes "CD" at 0 with pwrite64 (bit 1).  The file
 * holds "0123456789" before. */
#ifndef RWF_NOAPPEND
#define RWF_NOAPPEND 0x20 /* include/uapi/linux/fs.h, Linux 6.9 */
#endif
static int write_anywhere_in_a_log(const struct sock_fprog *prog,
				   const char *path)
{
	char got[11] = { 0 };
	int st, fd;
	ssize_t n;
	pid_t pid;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "0123456789", 10), 10);
	close(fd);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct iovec v = { "AB", 2 };
		struct iocb cb = {
			.aio_lio_opcode = IOCB_CMD_PWRITE,
			.aio_buf = (uint64_t)(uintptr_t)"EF",
			.aio_nbytes = 2,
			.aio_offset = 2,
			.aio_rw_flags = RWF_NOAPPEND,
		}, *cbs[1] = { &cb };
		aio_context_t ctx = 0;
		struct io_event ev;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
			_exit(99);
		fd = (int)syscall(SYS_openat, AT_FDCWD, path,
				  O_WRONLY | O_APPEND);
		if (fd < 0)
			syscall(SYS_exit_group, 98);
		syscall(SYS_pwritev2, fd, &v, 1, 0, 0, RWF_NOAPPEND);
		cb.aio_fildes = (uint32_t)fd;
		if (syscall(SYS_io_setup, 1, &ctx) == 0 &&
		    syscall(SYS_io_submit, ctx, 1, cbs) == 1)
			syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL);
		syscall(SYS_fallocate, fd,
			FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 5, 1);
		syscall(SYS_ftruncate, fd, 8);
		if (syscall(SYS_fcntl, fd, F_SETFL, 0) == 0)
			syscall(SYS_pwrite64, fd, "CD", 2, 0);
		syscall(SYS_exit_group, 0);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	cr_assert_geq(fd, 0);
	n = read(fd, got, 10);
	cr_assert_geq(n, 8);
	close(fd);
	unlink(path);
	return (got[0] == 'A') | (got[0] == 'C') << 1 | (got[2] == 'E') << 2 |
	       (got[5] == 0) << 3 | (n == 8) << 4;
}

/* ROW pwritev2 -> openat: under --args strict a file open for appending
 * stays so for open's rules, and RWF_NOAPPEND (unrecorded) is refused.
 * Before, pwritev2 was allowed whatever its flags; and so was fallocate,
 * whose modes punch a hole, zero, collapse or insert a range anywhere in
 * such a file (the kernel asks for the inode's append-only attribute,
 * not O_APPEND): its mode is held to the recorded ones.  What no
 * condition can hold where the rules let it through is said:
 * fcntl(F_SETFL) clears O_APPEND (the flags it may clear are the
 * file's), an io_submit request's RWF_NOAPPEND lies in memory, and
 * ftruncate cuts the file anywhere. */
Test(sibling, a_log_opened_for_appending_stays_so_or_it_is_said)
{
	static const struct {
		long nr;
		uint64_t a[3];
		int wrote;       /* write_anywhere_in_a_log's result */
		const char *said; /* the rule's comment, or NULL */
	} cases[] = {
		{ 0, { 0 }, 0, NULL },
		{ SYS_fcntl, { 3, F_SETFL, O_NONBLOCK }, 2,
		  "fcntl(F_SETFL) clears O_APPEND" },
		{ SYS_io_submit, { 0, 1, 0 }, 4, "RWF_NOAPPEND writes" },
		{ SYS_fallocate, { 3, 0, 0 }, 0, NULL },
		{ SYS_ftruncate, { 3, 0, 0 }, 16, "ftruncate cuts" },
	};
	char path[] = "/tmp/sp-append-XXXXXX";
	const uint64_t app[6] = { (uint64_t)AT_FDCWD, 0, O_WRONLY | O_APPEND };
	const uint64_t pw2[6] = { 3, 0, 1, 0, 0, 0 };
	int fd = mkstemp(path);
	struct sock_fprog prog;
	const char *msg;

	cr_assert_geq(fd, 0);
	close(fd);
	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;
		const char *name;

		cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_openat, app,
					   0),
			     0);
		cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_pwritev2,
					   pw2, 0),
			     0);
		call(t, SP_ARCH_X86_64, SYS_pwrite64, 3, 0, 2, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		if (cases[k].nr)
			call(t, SP_ARCH_X86_64, cases[k].nr, cases[k].a[0],
			     cases[k].a[1], cases[k].a[2], 0);
		if (cases[k].nr == SYS_io_submit) {
			call(t, SP_ARCH_X86_64, SYS_io_setup, 1, 0, 0, 0);
			call(t, SP_ARCH_X86_64, SYS_io_getevents, 0, 1, 1, 0);
		}
		p = generate(t, SP_ARGS_STRICT, &notes, native, 1);
		cr_assert_eq(sp_judge_compile(p, SP_JUDGE_LIBSECCOMP, &prog,
					      &msg),
			     0);
		cr_expect_eq(write_anywhere_in_a_log(&prog, path),
			     cases[k].wrote, "case %zu", k);
		sp_judge_prog_free(&prog);
		cr_expect_eq(notes.sibling, (size_t)(cases[k].said != NULL),
			     "case %zu", k);
		name = cases[k].nr ? sp_syscall_name(SP_ARCH_X86_64,
						     cases[k].nr) :
				     NULL;
		if (cases[k].said)
			cr_expect(commented(p, name, cases[k].said),
				  "case %zu: %s", k, name);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* Under prog, a child opens path for appending (a log, as the rules
 * allow) and, by its path alone, cuts it to 8 bytes with truncate (bit
 * 0 of the result), empties it with creat and writes "GH" (bit 1), then
 * opens it O_WRONLY|O_CREAT|O_TRUNC with openat (bit 2: emptied); each
 * bit as the open descriptor's fstat sees the file after the call.  The
 * file holds "0123456789" before. */
static int change_a_log_by_path(const struct sock_fprog *prog,
				const char *path)
{
	int st, fd;
	pid_t pid;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "0123456789", 10), 10);
	close(fd);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct stat sb;
		int bits = 0;
		long c;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
			_exit(99);
		fd = (int)syscall(SYS_openat, AT_FDCWD, path,
				  O_WRONLY | O_APPEND);
		if (fd < 0)
			syscall(SYS_exit_group, 98);
		if (syscall(SYS_truncate, path, 8) == 0 &&
		    syscall(SYS_fstat, fd, &sb) == 0 && sb.st_size == 8)
			bits |= 1;
		c = syscall(SYS_creat, path, 0600);
		if (c >= 0 && syscall(SYS_write, c, "GH", 2) == 2 &&
		    syscall(SYS_fstat, fd, &sb) == 0 && sb.st_size == 2)
			bits |= 2;
		if (syscall(SYS_openat, AT_FDCWD, path,
			    O_WRONLY | O_CREAT | O_TRUNC, 0600) >= 0 &&
		    syscall(SYS_fstat, fd, &sb) == 0 && sb.st_size == 0)
			bits |= 4;
		syscall(SYS_exit_group, bits);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	unlink(path);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) < 8, "status %#x", st);
	return WEXITSTATUS(st);
}

/* UNBOUND truncate, creat -> openat: under --args strict a file open
 * for appending (or reading only) stays so for open's rules, but
 * truncate cuts it by its path, and creat opens it with flags of its
 * own, O_CREAT|O_WRONLY|O_TRUNC: emptied and written from 0, without
 * O_APPEND, O_EXCL or O_NOFOLLOW.  Both were allowed without a word;
 * now said where they are allowed, creat only where open's rules refuse
 * its flags (where they allow them, creat gets around nothing). */
Test(sibling, a_log_cut_or_emptied_by_its_path_is_said)
{
	static const struct {
		long nr;         /* a call recorded beside the log's open */
		bool open_trunc; /* openat(O_WRONLY|O_CREAT|O_TRUNC) too */
		int changed;     /* change_a_log_by_path's result */
		const char *said; /* the rule's comment, or NULL */
	} cases[] = {
		{ 0, false, 0, NULL },
		{ SYS_truncate, false, 1, "truncate cuts" },
		{ SYS_creat, false, 2, "creat opens" },
		{ SYS_creat, true, 6, NULL },
	};
	char path[] = "/tmp/sp-trunc-XXXXXX";
	const uint64_t app[6] = { (uint64_t)AT_FDCWD, 0, O_WRONLY | O_APPEND };
	const uint64_t trunc[6] = { (uint64_t)AT_FDCWD, 0,
				    O_WRONLY | O_CREAT | O_TRUNC };
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	close(fd);
	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_openat, app,
					   0),
			     0);
		if (cases[k].open_trunc)
			cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64,
						   SYS_openat, trunc, 0),
				     0);
		call(t, SP_ARCH_X86_64, SYS_write, 3, 0, 2, 0);
		call(t, SP_ARCH_X86_64, SYS_fstat, 3, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		if (cases[k].nr)
			call(t, SP_ARCH_X86_64, cases[k].nr, 0, 0, 0, 0);
		p = generate(t, SP_ARGS_STRICT, &notes, native, 1);
		for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN; cc++) {
			struct sock_fprog prog;
			const char *msg;

			cr_assert_eq(sp_judge_compile(p, cc, &prog, &msg), 0);
			cr_expect_eq(change_a_log_by_path(&prog, path),
				     cases[k].changed, "case %zu, %s", k,
				     cc == SP_JUDGE_OWN ? "own" : "libseccomp");
			sp_judge_prog_free(&prog);
		}
		cr_expect_eq(notes.sibling, (size_t)(cases[k].said != NULL),
			     "case %zu", k);
		if (cases[k].said)
			cr_expect(commented(p,
					    sp_syscall_name(SP_ARCH_X86_64,
							    cases[k].nr),
					    cases[k].said),
				  "case %zu", k);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* Under prog, a child opens path for reading and appending (fopen's
 * "a+": openat, else open), maps it MAP_SHARED and writable and writes
 * "XY" into the mapping's first bytes: 1 when they landed at offset 0.
 * The file holds "0123456789" before. */
static int write_a_log_through_a_shared_mapping(const struct sock_fprog *prog,
						const char *path)
{
	char got[11] = { 0 };
	int st, fd;
	pid_t pid;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "0123456789", 10), 10);
	close(fd);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		long m;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
			_exit(99);
		fd = (int)syscall(SYS_openat, AT_FDCWD, path,
				  O_RDWR | O_APPEND);
		if (fd < 0)
			fd = (int)syscall(SYS_open, path, O_RDWR | O_APPEND);
		if (fd < 0)
			syscall(SYS_exit_group, 0);
		m = syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0);
		if (m != -1)
			memcpy((char *)m, "XY", 2);
		syscall(SYS_exit_group, 0);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	cr_assert_geq(fd, 0);
	cr_assert_eq(read(fd, got, 10), 10);
	close(fd);
	unlink(path);
	return got[0] == 'X' && got[1] == 'Y';
}

/* UNBOUND mmap -> openat (SP_SIBLING_OF): a file open for reading and
 * appending (fopen's "a+") mapped MAP_SHARED and writable takes writes
 * anywhere (the kernel asks for the inode's append-only attribute, not
 * O_APPEND), which open's O_APPEND under --args strict claims to stop.
 * Said where mmap's rule lets MAP_SHARED through and open's (openat's,
 * or the legacy open's, musl's) let O_RDWR|O_APPEND through; not where
 * either refuses it, where the kernel writes nothing. */
Test(sibling, shared_mapping_of_a_log_open_for_reading_is_said)
{
	static const struct {
		long open;        /* how the log's open was recorded */
		uint64_t flags;   /* with these flags */
		uint64_t map;     /* mmap's recorded flags */
		int wrote;
	} cases[] = {
		{ SYS_openat, O_WRONLY | O_APPEND, MAP_SHARED, 0 },
		{ SYS_openat, O_RDWR | O_APPEND, MAP_PRIVATE, 0 },
		{ SYS_openat, O_RDWR | O_APPEND | O_CREAT, MAP_SHARED, 1 },
		{ SYS_open, O_RDWR | O_APPEND, MAP_SHARED, 1 },
	};
	char path[] = "/tmp/sp-shared-XXXXXX";
	const char *note = sibling_text("mmap", "openat");
	int fd = mkstemp(path);

	cr_assert_not_null(note);
	cr_assert_geq(fd, 0);
	close(fd);
	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		const uint64_t at[6] = { (uint64_t)AT_FDCWD, 0,
					 cases[k].flags };
		const uint64_t old[6] = { 0, cases[k].flags };
		const uint64_t map[6] = { 0, 4096, PROT_READ | PROT_WRITE,
					  cases[k].map, 3, 0 };
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, cases[k].open,
					   cases[k].open == SYS_open ? old : at,
					   0),
			     0);
		cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_mmap, map, 0),
			     0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate(t, SP_ARGS_STRICT, &notes, native, 1);
		for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN; cc++) {
			struct sock_fprog prog;
			const char *msg;

			cr_assert_eq(sp_judge_compile(p, cc, &prog, &msg), 0);
			cr_expect_eq(write_a_log_through_a_shared_mapping(&prog,
									  path),
				     cases[k].wrote, "case %zu, %s", k,
				     cc == SP_JUDGE_OWN ? "own" : "libseccomp");
			sp_judge_prog_free(&prog);
		}
		cr_expect_eq(notes.sibling, (size_t)cases[k].wrote, "case %zu",
			     k);
		cr_expect_eq(commented(p, "mmap", note), cases[k].wrote != 0,
			     "case %zu", k);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* Under prog, a child makes a pipe, names a victim (another child,
 * waiting) the owner of its read end with fcntl(F_SETOWN), sets O_ASYNC
 * and writes: the signal the victim dies of (SIGIO when the kernel sent
 * it; else SIGKILL, the test's).  kill(victim, SIGIO) is tried first:
 * the profile refuses it. */
static int sigio_to_another_process(const struct sock_fprog *prog)
{
	int st, vst;
	pid_t victim, pid;

	victim = fork();
	cr_assert_geq(victim, 0);
	if (victim == 0) {
		for (;;)
			pause();
	}
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int p[2];

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
			_exit(99);
		if (syscall(SYS_kill, victim, SIGIO) == 0)
			syscall(SYS_exit_group, 97);
		if (syscall(SYS_pipe2, p, 0))
			syscall(SYS_exit_group, 98);
		if (syscall(SYS_fcntl, p[0], F_SETOWN, victim) == 0 &&
		    syscall(SYS_fcntl, p[0], F_SETFL, O_ASYNC) == 0)
			syscall(SYS_write, p[1], "x", 1);
		syscall(SYS_exit_group, 0);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	/* A fatal signal sent first is the one it dies of. */
	kill(victim, SIGKILL);
	cr_assert_eq(waitpid(victim, &vst, 0), victim);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	cr_assert(WIFSIGNALED(vst), "victim %#x", vst);
	return WTERMSIG(vst);
}

/* UNBOUND fcntl(F_SETOWN) -> kill: under --args strict kill keeps its
 * recorded signals, yet a descriptor's owner gets SIGIO (whose default
 * kills) on its I/O once O_ASYNC is set, another process too, under
 * kill's credential check alone.  Said where fcntl's rule lets
 * F_SETOWN through, once with F_SETOWN_EX beside it (own 2); where it
 * refuses it, the kernel sends nothing. */
Test(sibling, descriptor_owner_signalled_on_io_is_said)
{
	const uint64_t setfl[6] = { 3, F_SETFL, O_ASYNC };
	const uint64_t setown[6] = { 3, F_SETOWN, 1234 };
	const uint64_t setown_ex[6] = { 3, F_SETOWN_EX, 0 };

	for (int own = 0; own <= 2; own++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_kill, 1234, SIGTERM, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_pipe2, 0, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_write, 4, 0, 1, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_fcntl, setfl,
					   0),
			     0);
		if (own)
			cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_fcntl,
						   setown, 0),
				     0);
		if (own == 2)
			cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_fcntl,
						   setown_ex, 0),
				     0);
		p = generate(t, SP_ARGS_STRICT, &notes, native, 1);
		for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN; cc++) {
			struct sock_fprog prog;
			const char *msg;

			cr_assert_eq(sp_judge_compile(p, cc, &prog, &msg), 0);
			cr_expect_eq(sigio_to_another_process(&prog),
				     own ? SIGIO : SIGKILL, "owner %d, %s", own,
				     cc == SP_JUDGE_OWN ? "own" : "libseccomp");
			sp_judge_prog_free(&prog);
		}
		/* F_SETFL's own note (O_APPEND) beside it. */
		cr_expect_eq(notes.sibling, own ? 2u : 1u, "owner %d", own);
		cr_expect_eq(commented(p, "fcntl", "fcntl's F_SETOWN (and"),
			     own != 0, "owner %d", own);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* The word a victim exits with: the attacker writes it in the victim's
 * copy (the same address in every fork of the test). */
static volatile int written_word;

/* Under prog, a child opens /proc/VICTIM/mem for writing and writes 1
 * into the victim's written_word (another child, waiting on a pipe, that
 * then exits with its value): what the victim exits with. */
static int write_another_process(const struct sock_fprog *prog)
{
	int go[2], st, vst;
	pid_t victim, pid;
	char path[64];

	cr_assert_eq(pipe(go), 0);
	written_word = 0;
	victim = fork();
	cr_assert_geq(victim, 0);
	if (victim == 0) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(100);
		_exit(written_word);
	}
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)victim);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		const int one = 1;
		long fd;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
			_exit(99);
		fd = syscall(SYS_openat, AT_FDCWD, path, O_RDWR);
		if (fd >= 0)
			syscall(SYS_pwrite64, fd, &one, sizeof(one),
				(long)(uintptr_t)&written_word);
		syscall(SYS_exit_group, 0);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert_eq(write(go[1], "g", 1), 1);
	cr_assert_eq(waitpid(victim, &vst, 0), victim);
	close(go[0]);
	close(go[1]);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	cr_assert(WIFEXITED(vst), "victim %#x", vst);
	return WEXITSTATUS(vst);
}

/* UNBOUND open -> ptrace (SP_SIBLING_OF, any request): a program
 * recorded peeking with ptrace gets a rule held to PTRACE_PEEKDATA
 * (--args auto), which refuses PTRACE_POKEDATA and PTRACE_ATTACH, yet
 * its open of /proc/PID/mem writes another process's memory under the
 * same access check (creat's too, where it is allowed).  Said where a ptrace rule has conditions; not
 * where none allows ptrace (every profile allows an open: nothing looks
 * narrower) nor under --args none. */
Test(sibling, another_process_written_through_proc_mem_beside_held_ptrace_is_said)
{
	static const struct {
		bool ptrace, creat;
		enum sp_args_mode mode;
		size_t notes;
	} cases[] = {
		{ true, false, SP_ARGS_AUTO, 1 },
		{ true, false, SP_ARGS_STRICT, 1 },
		{ false, false, SP_ARGS_AUTO, 0 },
		{ true, false, SP_ARGS_NONE, 0 },
		{ true, true, SP_ARGS_AUTO, 2 },   /* creat's own too */
	};
	const struct sp_probe_case c[] = {
		{ SYS_ptrace, { PTRACE_PEEKDATA, 0 } },
		{ SYS_ptrace, { PTRACE_POKEDATA, 0 } },
		{ SYS_ptrace, { PTRACE_ATTACH, 0 } },
	};
	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_openat, AT_FDCWD, 0, O_RDWR, 0);
		call(t, SP_ARCH_X86_64, SYS_pwrite64, 3, 0, 4, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		if (cases[k].ptrace)
			call(t, SP_ARCH_X86_64, SYS_ptrace, PTRACE_PEEKDATA,
			     1234, 0, 0);
		if (cases[k].creat)
			call(t, SP_ARCH_X86_64, SYS_creat, 0, 0600, 0, 0);
		p = generate(t, cases[k].mode, &notes, native, 1);
		if (cases[k].ptrace && cases[k].mode != SP_ARGS_NONE) {
			const enum sp_probe_kind want[] = {
				SP_PROBE_ALLOW, SP_PROBE_ERRNO, SP_PROBE_ERRNO,
			};

			expect_kernel(p, c, want, ARRAY_SIZE(c));
		}
		for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN; cc++) {
			struct sock_fprog prog;
			const char *msg;

			cr_assert_eq(sp_judge_compile(p, cc, &prog, &msg), 0);
			cr_expect_eq(write_another_process(&prog), 1,
				     "case %zu, %s", k,
				     cc == SP_JUDGE_OWN ? "own" : "libseccomp");
			sp_judge_prog_free(&prog);
		}
		cr_expect_eq(notes.sibling, cases[k].notes, "case %zu", k);
		cr_expect_eq(commented(p, "openat", "/proc/PID/mem"),
			     cases[k].notes != 0, "case %zu", k);
		cr_expect(!cases[k].notes ||
				  (notes.text &&
				   strstr(notes.text, "/proc/PID/mem")),
			  "case %zu", k);
		cr_expect_eq(commented(p, "openat", "UNFILTERED"),
			     cases[k].notes != 0, "case %zu", k);
		cr_expect_eq(commented(p, "creat", "/proc/PID/mem"),
			     cases[k].creat, "case %zu", k);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* Under prog, a child opens /dev/kmsg for reading, without blocking,
 * and reads one record: whether it read one. */
static bool read_kernel_log(const struct sock_fprog *prog)
{
	int st;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		static char buf[8192];
		long fd;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    (prog &&
		     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog)))
			_exit(99);
		fd = syscall(SYS_openat, AT_FDCWD, "/dev/kmsg",
			     O_RDONLY | O_NONBLOCK);
		syscall(SYS_exit_group,
			fd >= 0 && syscall(SYS_read, fd, buf, sizeof(buf)) > 0 ?
				1 : 0);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) <= 1, "status %#x", st);
	return WEXITSTATUS(st) == 1;
}

/* UNBOUND open -> syslog (SP_SIBLING_OF, any type): syslog held to the
 * recorded SYSLOG_ACTION_SIZE_BUFFER (--args auto) refuses
 * SYSLOG_ACTION_READ_ALL, yet /dev/kmsg reads the log under the same
 * check.  Said where a syslog rule has conditions, not where none
 * allows syslog. */
Test(sibling, kernel_log_read_through_dev_kmsg_beside_held_syslog_is_said)
{
	const struct sp_probe_case c[] = {
		{ SYS_syslog, { 10 } },      /* SYSLOG_ACTION_SIZE_BUFFER */
		{ SYS_syslog, { 3, 0, 0 } }, /* READ_ALL (no buffer: EINVAL) */
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ERRNO };

	for (int held = 0; held <= 1; held++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_openat, AT_FDCWD, 0,
		     O_RDONLY | O_NONBLOCK, 0);
		call(t, SP_ARCH_X86_64, SYS_read, 3, 0, 8192, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		if (held)
			call(t, SP_ARCH_X86_64, SYS_syslog, 10, 0, 0, 0);
		p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
		cr_expect_eq(notes.sibling, (size_t)held, "held %d", held);
		cr_expect_eq(commented(p, "openat", "/dev/kmsg"), held != 0,
			     "held %d", held);
		cr_expect(!held || (notes.text && strstr(notes.text,
							 "/dev/kmsg")));
		if (held && read_kernel_log(NULL)) {
			expect_kernel(p, c, want, ARRAY_SIZE(c));
			for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN;
			     cc++) {
				struct sock_fprog prog;
				const char *msg;

				cr_assert_eq(sp_judge_compile(p, cc, &prog,
							      &msg),
					     0);
				cr_expect(read_kernel_log(&prog), "%s",
					  cc == SP_JUDGE_OWN ? "own" :
							       "libseccomp");
				sp_judge_prog_free(&prog);
			}
		}
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* Under prog, a child adds key desc to its process keyring with payload
 * "old", tries keyctl(KEYCTL_UPDATE) to "upd", then adds the same key
 * with payload "new", and reads it: 0 if add_key is refused, else 1 +
 * (2 if KEYCTL_UPDATE changed it) + (4 if the second add_key did). */
static int update_a_key(const struct sock_fprog *prog, const char *desc)
{
	int st;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		char buf[8] = "";
		long k, r = 1;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    (prog &&
		     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog)))
			_exit(99);
		k = syscall(SYS_add_key, "user", desc, "old", 3,
			    KEY_SPEC_PROCESS_KEYRING);
		if (k < 0)
			syscall(SYS_exit_group, 0);
		syscall(SYS_keyctl, KEYCTL_UPDATE, k, "upd", 3, 0);
		if (syscall(SYS_keyctl, KEYCTL_READ, k, buf, 3, 0) == 3 &&
		    !memcmp(buf, "upd", 3))
			r |= 2;
		if (syscall(SYS_add_key, "user", desc, "new", 3,
			    KEY_SPEC_PROCESS_KEYRING) == k &&
		    syscall(SYS_keyctl, KEYCTL_READ, k, buf, 3, 0) == 3 &&
		    !memcmp(buf, "new", 3))
			r |= 4;
		syscall(SYS_exit_group, r);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) < 8, "status %#x", st);
	return WEXITSTATUS(st);
}

/* UNBOUND add_key -> keyctl: keyctl held to the recorded KEYCTL_READ
 * (--args auto) refuses KEYCTL_UPDATE, yet add_key of the same type and
 * description replaces the key's payload (key_create_or_update).  Said
 * where the mode gives keyctl conditions, not under --args none. */
Test(sibling, key_updated_by_add_key_beside_held_keyctl_is_said)
{
	const struct sp_probe_case c[] = {
		{ SYS_keyctl, { KEYCTL_READ, 0, 0, 0 } },
		{ SYS_keyctl, { KEYCTL_UPDATE, 0, 0, 0 } },
		{ SYS_add_key, { 0, 0, 0, 0, 0 } },
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ERRNO,
					    SP_PROBE_ALLOW };
	char desc[64];

	snprintf(desc, sizeof(desc), "sandprint-sibling-%d", (int)getpid());
	for (int held = 0; held <= 1; held++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_add_key, 0, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_keyctl, KEYCTL_READ, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate(t, held ? SP_ARGS_AUTO : SP_ARGS_NONE, &notes,
			     native, 1);
		cr_expect_eq(notes.sibling, (size_t)held, "held %d", held);
		cr_expect_eq(commented(p, "add_key", "KEYCTL_UPDATE"),
			     held != 0, "held %d", held);
		if (held) {
			if (update_a_key(NULL, desc) != 7)
				cr_skip_test("no session keys here");
			expect_kernel(p, c, want, ARRAY_SIZE(c));
			for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN;
			     cc++) {
				struct sock_fprog prog;
				const char *msg;

				cr_assert_eq(sp_judge_compile(p, cc, &prog,
							      &msg),
					     0);
				cr_expect_eq(update_a_key(&prog, desc), 1 | 4,
					     "%s", cc == SP_JUDGE_OWN ?
						     "own" : "libseccomp");
				sp_judge_prog_free(&prog);
			}
		}
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* Under prog, a child adds key desc and an empty keyring to its process
 * keyring, tries keyctl(KEYCTL_LINK) of the key into the keyring, then
 * request_key(desc) with the keyring as destination: 0 if request_key
 * is refused, else 1 + (2 if KEYCTL_LINK linked it) + (4 if
 * request_key did, the keyring's one key). */
static int link_a_key(const struct sock_fprog *prog, const char *desc)
{
	int st;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		long k, dest, r = 1;
		int32_t ids[4];

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    (prog &&
		     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog)))
			_exit(99);
		k = syscall(SYS_add_key, "user", desc, "v", 1,
			    KEY_SPEC_PROCESS_KEYRING);
		dest = syscall(SYS_add_key, "keyring", "sandprint-dest", NULL,
			       0, KEY_SPEC_PROCESS_KEYRING);
		if (k < 0 || dest < 0)
			syscall(SYS_exit_group, 98);
		if (syscall(SYS_keyctl, KEYCTL_LINK, k, dest, 0, 0) == 0)
			r |= 2;
		if (syscall(SYS_request_key, "user", desc, NULL, dest) != k)
			syscall(SYS_exit_group, 0);
		if (syscall(SYS_keyctl, KEYCTL_READ, dest, ids, sizeof(ids),
			    0) == sizeof(ids[0]) &&
		    ids[0] == (int32_t)k)
			r |= 4;
		syscall(SYS_exit_group, r);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) < 8, "status %#x", st);
	return WEXITSTATUS(st);
}

/* UNBOUND request_key -> keyctl: keyctl held to the recorded KEYCTL_READ
 * (--args auto) refuses KEYCTL_LINK, yet request_key links the key it
 * finds into the keyring it names.  Said where the mode gives keyctl
 * conditions, not under --args none. */
Test(sibling, key_linked_by_request_key_beside_held_keyctl_is_said)
{
	const struct sp_probe_case c[] = {
		{ SYS_keyctl, { KEYCTL_READ, 0, 0, 0 } },
		{ SYS_keyctl, { KEYCTL_LINK, 0, 0, 0 } },
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ERRNO };
	char desc[64];

	snprintf(desc, sizeof(desc), "sandprint-link-%d", (int)getpid());
	for (int held = 0; held <= 1; held++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_request_key, 0, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_add_key, 0, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_keyctl, KEYCTL_READ, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate(t, held ? SP_ARGS_AUTO : SP_ARGS_NONE, &notes,
			     native, 1);
		/* add_key's line too. */
		cr_expect_eq(notes.sibling, 2u * (size_t)held, "held %d",
			     held);
		cr_expect_eq(commented(p, "request_key", "KEYCTL_LINK"),
			     held != 0, "held %d", held);
		if (held) {
			if (link_a_key(NULL, desc) != 7)
				cr_skip_test("no session keys here");
			expect_kernel(p, c, want, ARRAY_SIZE(c));
			for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN;
			     cc++) {
				struct sock_fprog prog;
				const char *msg;

				cr_assert_eq(sp_judge_compile(p, cc, &prog,
							      &msg),
					     0);
				cr_expect_eq(link_a_key(&prog, desc), 1 | 4,
					     "%s", cc == SP_JUDGE_OWN ?
						     "own" : "libseccomp");
				sp_judge_prog_free(&prog);
			}
		}
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

#define SECRET_WORD 0x5ec7e75a4d0b1e55ULL

/* Faults on each of n pages of m with SECRET_WORD in its own small
 * frame, just above the stack pointer a fault's sample starts at (not a
 * leaf: a leaf's locals lie in the red zone below it). */
static __attribute__((noinline)) int fault_with_a_secret(char *m, long page,
							  int n)
{
	volatile uint64_t word = SECRET_WORD;

	if (getppid() <= 0)
		return 0;
	for (int i = 0; i < n; i++)
		m[(long)i * page] = (char)word;
	return word == SECRET_WORD;
}

/* Under prog, a child opens a perf event on another process (its
 * sibling, not traced: a page-fault count, each fault sampled with the
 * top of the process's user stack, in a ring room for a hundred: its
 * copy-on-write faults after the fork come first), which then faults
 * with a word on its stack the child never had: 0 if perf_event_open is refused, 1 if it worked, 3
 * if the word came in a sample. */
static int read_another_stack(const struct sock_fprog *prog)
{
	int go[2], done[2], st, r = 0;
	pid_t target, reader;
	long page = sysconf(_SC_PAGESIZE);

	cr_assert_eq(pipe(go), 0);
	cr_assert_eq(pipe(done), 0);
	target = fork();
	cr_assert_geq(target, 0);
	if (target == 0) {
		char *m = mmap(NULL, (size_t)page * 4, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char b;
		int ok;

		if (m == MAP_FAILED || read(go[0], &b, 1) != 1)
			_exit(1);
		ok = fault_with_a_secret(m, page, 4);
		if (write(done[1], &b, 1) != 1)
			_exit(1);
		(void)!read(go[0], &b, 1);
		_exit(ok ? 0 : 1);
	}
	reader = fork();
	cr_assert_geq(reader, 0);
	if (reader == 0) {
		static struct perf_event_attr a;
		unsigned char *m;
		long fd, n = 33 * page;
		char b = 0;

		a.size = sizeof(a);
		a.type = PERF_TYPE_SOFTWARE;
		a.config = PERF_COUNT_SW_PAGE_FAULTS;
		a.sample_period = 1;
		a.sample_type = PERF_SAMPLE_STACK_USER;
		a.sample_stack_user = 1024;
		a.exclude_kernel = 1;
		a.exclude_hv = 1;
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    (prog &&
		     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog)))
			_exit(99);
		fd = syscall(SYS_perf_event_open, &a, target, -1, -1, 0);
		if (fd >= 0)
			r |= 1;
		m = fd < 0 ? MAP_FAILED :
			     (void *)syscall(SYS_mmap, 0, n,
					     PROT_READ | PROT_WRITE, MAP_SHARED,
					     fd, 0);
		if (syscall(SYS_write, go[1], &b, 1) != 1 ||
		    syscall(SYS_read, done[0], &b, 1) != 1)
			syscall(SYS_exit_group, 98);
		if (m != MAP_FAILED) {
			const struct perf_event_mmap_page *h = (void *)m;
			uint64_t w;

			for (long i = 0;
			     i + 8 <= (long)h->data_head && i + 8 <= n - page;
			     i++) {
				memcpy(&w, m + page + i, 8);
				if (w == SECRET_WORD)
					r |= 2;
			}
		}
		syscall(SYS_write, go[1], &b, 1);
		syscall(SYS_exit_group, r);
	}
	cr_assert_eq(waitpid(reader, &st, 0), reader);
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 3) {
		kill(target, SIGKILL);
		waitpid(target, NULL, 0);
		cr_assert_fail("status %#x", st);
	}
	r = WEXITSTATUS(st);
	cr_assert_eq(write(go[1], "", 1), 1);
	cr_assert_eq(waitpid(target, &st, 0), target);
	close(go[0]);
	close(go[1]);
	close(done[0]);
	close(done[1]);
	return r;
}

/* UNBOUND perf_event_open -> ptrace: ptrace held to the recorded
 * PTRACE_TRACEME (--args auto) refuses PTRACE_PEEKDATA, yet a perf
 * event on another process samples the bytes of its stack under
 * ptrace's access check.  Said where the mode gives ptrace conditions,
 * not under --args none. */
Test(sibling, stack_sampled_by_perf_event_open_beside_held_ptrace_is_said)
{
	const struct sp_probe_case c[] = {
		{ SYS_ptrace, { PTRACE_TRACEME, 0, 0, 0 } },
		{ SYS_ptrace, { PTRACE_PEEKDATA, 0x7ffffff0, 0, 0 } },
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ERRNO };

	for (int held = 0; held <= 1; held++) {
		const uint64_t map[6] = { 0, 33 * 4096, PROT_READ | PROT_WRITE,
					  MAP_SHARED, 3, 0 };
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_perf_event_open, 0, 1234,
		     (uint64_t)-1, 0);
		cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_mmap, map,
					   0),
			     0);
		call(t, SP_ARCH_X86_64, SYS_read, 5, 0, 1, 0);
		call(t, SP_ARCH_X86_64, SYS_write, 6, 0, 1, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate(t, held ? SP_ARGS_AUTO : SP_ARGS_NONE, &notes,
			     native, 1);
		cr_expect_eq(notes.sibling, (size_t)held, "held %d", held);
		cr_expect_eq(commented(p, "perf_event_open",
				       "PTRACE_PEEKDATA"),
			     held != 0, "held %d", held);
		if (held) {
			int native_r = read_another_stack(NULL);

			if (native_r != 3)
				cr_skip_test("no perf events on another "
					     "process here "
					     "(kernel.perf_event_paranoid): %d",
					     native_r);
			expect_kernel(p, c, want, ARRAY_SIZE(c));
			for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN;
			     cc++) {
				struct sock_fprog prog;
				const char *msg;

				cr_assert_eq(sp_judge_compile(p, cc, &prog,
							      &msg),
					     0);
				cr_expect_eq(read_another_stack(&prog), 1 | 2,
					     "%s", cc == SP_JUDGE_OWN ?
						     "own" : "libseccomp");
				sp_judge_prog_free(&prog);
			}
		}
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* Under prog, a child opens a page-fault event with attr.sigtrap on
 * another process (its sibling, not traced), which then faults: the
 * signal that process died of, 0 if it did not, or 100 if
 * perf_event_open was refused. */
static int trap_another_process(const struct sock_fprog *prog)
{
	int go[2], done[2], st, r;
	pid_t target, opener;

	cr_assert_eq(pipe(go), 0);
	cr_assert_eq(pipe(done), 0);
	target = fork();
	cr_assert_geq(target, 0);
	if (target == 0) {
		long page = sysconf(_SC_PAGESIZE);
		char *m = mmap(NULL, (size_t)page * 4, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char b;

		close(done[0]);
		if (m == MAP_FAILED || read(go[0], &b, 1) != 1)
			_exit(1);
		for (int i = 0; i < 4; i++)
			m[(long)i * page] = 1;
		_exit(0);
	}
	close(done[1]);
	opener = fork();
	cr_assert_geq(opener, 0);
	if (opener > 0) {
		/* The opener's end is the target's go: an opener killed
		 * before writing lets it read EOF. */
		close(go[0]);
		close(go[1]);
	}
	if (opener == 0) {
		static struct perf_event_attr a;
		long fd;
		char b = 0;

		a.size = sizeof(a);
		a.type = PERF_TYPE_SOFTWARE;
		a.config = PERF_COUNT_SW_PAGE_FAULTS;
		a.sample_period = 1;
		a.sigtrap = 1;
		a.remove_on_exec = 1;
		a.exclude_kernel = 1;
		a.exclude_hv = 1;
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    (prog &&
		     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog)))
			_exit(99);
		/* The event lives as long as its descriptor: held open
		 * until the target's end closes done. */
		fd = syscall(SYS_perf_event_open, &a, target, -1, -1, 0);
		if (syscall(SYS_write, go[1], &b, 1) != 1)
			syscall(SYS_exit_group, 98);
		syscall(SYS_read, done[0], &b, 1);
		syscall(SYS_exit_group, fd < 0 ? 100 : 0);
	}
	close(done[0]);
	cr_assert_eq(waitpid(opener, &st, 0), opener);
	cr_assert(WIFEXITED(st) && (WEXITSTATUS(st) == 0 ||
				    WEXITSTATUS(st) == 100),
		  "status %#x", st);
	r = WEXITSTATUS(st);
	cr_assert_eq(waitpid(target, &st, 0), target);
	return r ? r : WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

/* UNBOUND perf_event_open -> kill: kill held to the recorded SIGTERM
 * (--args strict) refuses SIGTRAP, yet a perf event with attr.sigtrap
 * on another process sends it SIGTRAP, which kills it.  Here ptrace is
 * reachable, allowed whole (static coverage), so the ptrace line, whose
 * note this one shares, says nothing: said under --args strict, which
 * holds kill's signals, not under --args auto, and told once. */
Test(sibling, process_trapped_by_perf_event_open_beside_held_kill_is_said)
{
	const struct sp_generate_extra x = {
		.arch = SP_ARCH_X86_64, .nr = SYS_ptrace, .why = "ptrace()",
	};
	const struct sp_probe_case c[] = {
		{ SYS_kill, { 0x7ffffff0, SIGTERM } },
		{ SYS_kill, { 0x7ffffff0, SIGTRAP } },
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ERRNO };

	for (int strict = 0; strict <= 1; strict++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_kill, 1234, SIGTERM, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_perf_event_open, 0, 1234,
		     (uint64_t)-1, 0);
		call(t, SP_ARCH_X86_64, SYS_write, 5, 0, 1, 0);
		call(t, SP_ARCH_X86_64, SYS_read, 6, 0, 1, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate_static(t, strict ? SP_ARGS_STRICT : SP_ARGS_AUTO,
				    &notes, native, 1, &x, 1);
		/* ptrace whole: its PTRACE_CONT line is said beside kill's
		 * signals too. */
		cr_expect_eq(notes.perf, (size_t)strict, "strict %d", strict);
		cr_expect_eq(commented(p, "perf_event_open", "SIGTRAP"),
			     strict != 0, "strict %d", strict);
		if (strict) {
			if (trap_another_process(NULL) != SIGTRAP)
				cr_skip_test("no perf sigtrap on another "
					     "process here (Linux < 5.13, "
					     "kernel.perf_event_paranoid)");
			expect_kernel(p, c, want, ARRAY_SIZE(c));
			for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN;
			     cc++) {
				struct sock_fprog prog;
				const char *msg;

				cr_assert_eq(sp_judge_compile(p, cc, &prog,
							      &msg),
					     0);
				cr_expect_eq(trap_another_process(&prog),
					     SIGTRAP, "%s",
					     cc == SP_JUDGE_OWN ? "own" :
								  "libseccomp");
				sp_judge_prog_free(&prog);
			}
		}
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* UNBOUND open -> reboot (SP_SIBLING_OF, any command): reboot held to
 * the recorded LINUX_REBOOT_CMD_CAD_OFF (--args auto, an init's) refuses
 * LINUX_REBOOT_CMD_RESTART, yet a byte written to /proc/sysrq-trigger
 * reboots (and one to /proc/sys/kernel/ctrl-alt-del does what
 * CAD_ON and CAD_OFF do).  The kernel is not asked to (nothing here
 * writes them): its part is that the files' modes, root's write bit,
 * are their only check.
 * Said where a reboot rule has conditions, not where none allows
 * reboot. */
Test(sibling, sysrq_trigger_beside_held_reboot_is_said)
{
	/* No magic numbers: the kernel refuses both (EINVAL) if let
	 * through, so nothing reboots. */
	const struct sp_probe_case c[] = {
		{ SYS_reboot, { 0, 0, LINUX_REBOOT_CMD_CAD_OFF } },
		{ SYS_reboot, { 0, 0, LINUX_REBOOT_CMD_RESTART } },
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ERRNO };
	struct stat st;

	for (int held = 0; held <= 1; held++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_openat, AT_FDCWD, 0,
		     O_WRONLY | O_CLOEXEC, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		if (held)
			call(t, SP_ARCH_X86_64, SYS_reboot,
			     LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			     LINUX_REBOOT_CMD_CAD_OFF, 0);
		p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
		cr_expect_eq(notes.sibling, (size_t)held, "held %d", held);
		cr_expect_eq(commented(p, "openat", "/proc/sysrq-trigger"),
			     held != 0, "held %d", held);
		cr_expect(!held || (notes.text &&
				    strstr(notes.text, "sysrq-trigger") &&
				    strstr(notes.text, "ctrl-alt-del")));
		if (held)
			expect_kernel(p, c, want, ARRAY_SIZE(c));
		sp_profile_free(p);
		sp_trace_free(t);
	}
	if (stat("/proc/sysrq-trigger", &st) == 0) {
		cr_expect_eq(st.st_mode & 07777, 0200);
		cr_expect_eq(st.st_uid, 0u);
	}
	if (stat("/proc/sys/kernel/ctrl-alt-del", &st) == 0) {
		cr_expect_eq(st.st_mode & 07777, 0644);
		cr_expect_eq(st.st_uid, 0u);
	}
}

/* ROW prlimit64 <-> setrlimit: under --args strict a recorded
 * setrlimit(RLIMIT_CORE) refuses setrlimit(RLIMIT_NOFILE), while
 * prlimit64 reachable (allowed whole: glibc's getrlimit() and setrlimit()
 * call it) sets any limit; and the other way round.  Said of the one
 * allowed whole. */
Test(sibling, limit_call_allowed_whole_beside_the_other_held_is_said)
{
	static const struct {
		int64_t held, whole;
		const char *name;
	} cases[] = {
		{ SYS_setrlimit, SYS_prlimit64, "prlimit64" },
		{ SYS_prlimit64, SYS_setrlimit, "setrlimit" },
	};

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		const struct sp_generate_extra x = {
			.arch = SP_ARCH_X86_64, .nr = cases[k].whole,
			.why = "a limit",
		};
		bool set = cases[k].held == SYS_setrlimit;
		/* No limit given: the kernel changes nothing (EFAULT for
		 * setrlimit, a read for prlimit64). */
		const struct sp_probe_case c[] = {
			{ SYS_setrlimit, { RLIMIT_CORE, 0 } },
			{ SYS_setrlimit, { RLIMIT_NOFILE, 0 } },
			{ SYS_prlimit64, { 0, RLIMIT_CORE, 0, 0 } },
			{ SYS_prlimit64, { 0, RLIMIT_NOFILE, 0, 0 } },
		};
		const enum sp_probe_kind want[] = {
			SP_PROBE_ALLOW,
			set ? SP_PROBE_ERRNO : SP_PROBE_ALLOW,
			SP_PROBE_ALLOW,
			set ? SP_PROBE_ALLOW : SP_PROBE_ERRNO,
		};
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		if (set)
			call(t, SP_ARCH_X86_64, SYS_setrlimit, RLIMIT_CORE, 0,
			     0, 0);
		else
			call(t, SP_ARCH_X86_64, SYS_prlimit64, 0, RLIMIT_CORE,
			     0, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate_static(t, SP_ARGS_STRICT, &notes, native, 1, &x,
				    1);
		expect_kernel(p, c, want, ARRAY_SIZE(c));
		cr_expect_eq(notes.sibling, 1u, "%s", cases[k].name);
		cr_expect(commented(p, cases[k].name, "hold back"), "%s",
			  cases[k].name);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* ROW process_madvise -> madvise: under --args strict a recorded
 * madvise(MADV_WILLNEED) refuses MADV_DONTNEED, while process_madvise
 * allowed whole (reachable) gives it on the caller's own pidfd: said.
 * The kernel's part: the caller's page emptied through its own pidfd. */
Test(sibling, own_advice_by_process_madvise_allowed_whole_is_said)
{
	const struct sp_generate_extra x = {
		.arch = SP_ARCH_X86_64, .nr = SYS_process_madvise,
		.why = "process_madvise()",
	};
	/* No memory named: the kernel changes nothing. */
	const struct sp_probe_case c[] = {
		{ SYS_madvise, { 0, 0, MADV_WILLNEED } },
		{ SYS_madvise, { 0, 0, MADV_DONTNEED } },
		{ SYS_process_madvise, { (uint64_t)-1, 0, 0, MADV_DONTNEED } },
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ERRNO,
					    SP_PROBE_ALLOW };
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct iovec v = { m, (size_t)page };
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);

	call(t, SP_ARCH_X86_64, SYS_madvise, 0, 4096, MADV_WILLNEED, 0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate_static(t, SP_ARGS_STRICT, &notes, native, 1, &x, 1);
	expect_kernel(p, c, want, ARRAY_SIZE(c));
	cr_expect_eq(notes.sibling, 1u);
	cr_expect(commented(p, "process_madvise", "hold back"));
	sp_profile_free(p);
	sp_trace_free(t);
	cr_assert_neq(m, MAP_FAILED);
	cr_assert_geq(pidfd, 0);
	m[0] = 42;
	if (syscall(SYS_process_madvise, pidfd, &v, 1, MADV_DONTNEED, 0) < 0)
		cr_skip_test("process_madvise refuses the caller's own "
			     "advice here (before Linux 6.13)");
	cr_expect_eq(m[0], 0, "emptied as madvise(MADV_DONTNEED) does");
	close(pidfd);
	munmap(m, (size_t)page);
}

/* A child forks a tracee (PTRACE_TRACEME, then stopped by SIGSTOP),
 * waits for its stop, then under prog tries kill(tracee, SIGUSR1) and
 * resumes it with ptrace(PTRACE_CONT, SIGUSR1), and waits for its end:
 * the signal the tracee died of, 0 if it did not (then it is killed). */
static int signal_by_resuming_a_tracee(const struct sock_fprog *prog)
{
	int pids[2], st;
	pid_t tracer, tracee = 0;

	cr_assert_eq(pipe(pids), 0);
	tracer = fork();
	cr_assert_geq(tracer, 0);
	if (tracer == 0) {
		pid_t t = fork();
		int tst;

		if (t < 0)
			_exit(98);
		if (t == 0) {
			if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
				_exit(97);
			raise(SIGSTOP);
			_exit(0);
		}
		if (write(pids[1], &t, sizeof(t)) != sizeof(t) ||
		    waitpid(t, &tst, 0) != t || !WIFSTOPPED(tst))
			_exit(96);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
			_exit(99);
		if (syscall(SYS_kill, t, SIGUSR1) == 0)
			syscall(SYS_exit_group, 95);
		if (syscall(SYS_ptrace, PTRACE_CONT, t, 0, SIGUSR1) == 0 &&
		    syscall(SYS_wait4, t, &tst, 0, 0) == t &&
		    WIFSIGNALED(tst))
			syscall(SYS_exit_group, WTERMSIG(tst));
		syscall(SYS_exit_group, 0);
	}
	cr_assert_eq(read(pids[0], &tracee, sizeof(tracee)), sizeof(tracee));
	cr_assert_eq(waitpid(tracer, &st, 0), tracer);
	close(pids[0]);
	close(pids[1]);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) < 64, "status %#x", st);
	/* Still stopped, detached at its tracer's end: ours to end. */
	if (WEXITSTATUS(st) == 0)
		kill(tracee, SIGKILL);
	return WEXITSTATUS(st);
}

/* UNBOUND ptrace(PTRACE_CONT) -> kill: under --args strict kill keeps its
 * recorded signals, yet a tracer resumes its stopped tracee with any
 * signal.  Said where ptrace's rule lets PTRACE_CONT through (once for
 * all its requests that do it, own 2), not where it refuses it. */
Test(sibling, tracee_resumed_with_a_signal_beside_held_kill_is_said)
{
	for (int cont = 0; cont <= 2; cont++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_kill, 1234, SIGTERM, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_wait4, 1234, 0, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_ptrace, PTRACE_PEEKDATA, 1234, 0,
		     0);
		if (cont)
			call(t, SP_ARCH_X86_64, SYS_ptrace, PTRACE_CONT, 1234,
			     0, 0);
		if (cont == 2)
			call(t, SP_ARCH_X86_64, SYS_ptrace, PTRACE_DETACH,
			     1234, 0, 0);
		p = generate(t, SP_ARGS_STRICT, &notes, native, 1);
		cr_expect_eq(notes.sibling, cont ? 1u : 0u, "cont %d", cont);
		cr_expect_eq(commented(p, "ptrace", "PTRACE_CONT, PTRACE_SYSCALL"),
			     cont != 0, "cont %d", cont);
		/* No such process: nothing signalled if allowed. */
		const struct sp_probe_case c[] = {
			{ SYS_kill, { 0x7ffffff0, SIGUSR1 } },
			{ SYS_ptrace, { PTRACE_CONT, 0x7ffffff0, 0, SIGUSR1 } },
		};
		const enum sp_probe_kind want[] = {
			SP_PROBE_ERRNO, cont ? SP_PROBE_ALLOW : SP_PROBE_ERRNO,
		};

		expect_kernel(p, c, want, ARRAY_SIZE(c));
		for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN; cc++) {
			struct sock_fprog prog;
			const char *msg;

			cr_assert_eq(sp_judge_compile(p, cc, &prog, &msg), 0);
			cr_expect_eq(signal_by_resuming_a_tracee(&prog),
				     cont ? SIGUSR1 : 0, "cont %d, %s", cont,
				     cc == SP_JUDGE_OWN ? "own" : "libseccomp");
			sp_judge_prog_free(&prog);
		}
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* An UNBOUND line where the other call is allowed whatever its arguments
 * (kill reachable, not recorded: static coverage): its conditions hold
 * nothing, so the call gets around nothing and nothing is said (every
 * --args strict profile of a glibc program warned of F_SETOWN where
 * kill was as free). */
Test(sibling, unbound_not_said_where_the_other_call_is_whole)
{
	const uint64_t setown[6] = { 3, F_SETOWN, 1234 };
	const struct sp_generate_extra x = {
		.arch = SP_ARCH_X86_64, .nr = SYS_kill, .why = "kill()",
	};
	const struct sp_probe_case c[] = {
		{ SYS_kill, { 1234, SIGIO } },
		{ SYS_fcntl, { 3, F_SETOWN, 1234 } },
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ALLOW };
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;

	cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_fcntl, setown, 0),
		     0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate_static(t, SP_ARGS_STRICT, &notes, native, 1, &x, 1);
	expect_kernel(p, c, want, ARRAY_SIZE(c));
	cr_expect_eq(notes.sibling, 0u);
	cr_expect_not(commented(p, "fcntl", "UNFILTERED"));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* ROW fallocate -> openat where openat is allowed whole by the OCI
 * runtime's window (its openat, fcntl and futex beside --args strict's
 * open flags): openat's conditions hold nothing back, which the runtime's
 * warning says; fallocate, allowed whole by static coverage, gets around
 * nothing, and a second warning that it "does what the conditions of
 * openat hold back" was said of every --args strict profile of a program
 * that could call it.  Said where no runtime window is. */
Test(sibling, row_not_said_where_a_runtime_allows_the_other_call_whole)
{
	const struct sp_generate_extra x = {
		.arch = SP_ARCH_X86_64, .nr = SYS_fallocate,
		.why = "posix_fallocate()",
	};

	for (int runtime = 0; runtime <= 1; runtime++) {
		const struct sp_probe_case c[] = {
			{ SYS_openat, { AT_FDCWD, 0, O_RDONLY } },
			{ SYS_openat, { AT_FDCWD, 0, O_RDWR | O_TRUNC } },
			{ SYS_fallocate, { 3, 0, 0, 1 } },
		};
		const enum sp_probe_kind want[] = {
			SP_PROBE_ALLOW,
			runtime ? SP_PROBE_ALLOW : SP_PROBE_ERRNO,
			SP_PROBE_ALLOW,
		};
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_generate_opts o;
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_openat, AT_FDCWD, 0, O_RDONLY, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		sp_generate_opts_init(&o);
		if (!runtime)
			o.runtimes = 0;
		o.safety = 0;
		o.args = SP_ARGS_STRICT;
		o.on_note = on_note;
		o.ctx = &notes;
		o.archs[0] = SP_ARCH_X86_64;
		o.narchs = 1;
		o.statics = &x;
		o.nstatics = 1;
		cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
		expect_kernel(p, c, want, ARRAY_SIZE(c));
		cr_expect_eq(commented(p, "fallocate", "hold back"),
			     !runtime, "runtime %d", runtime);
		cr_expect_eq(commented(p, "openat", "hold nothing back"),
			     runtime != 0, "runtime %d", runtime);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* UNBOUND futex_requeue -> futex: under --args strict futex keeps its
 * recorded operations, FUTEX_CMP_REQUEUE refused where only waits and
 * wakes were recorded, but futex_requeue (Linux 6.7), allowed where it
 * was recorded, moves waiters all the same: said, and not where futex
 * is allowed whole (--args auto gives futex no condition). */
Test(sibling, futex_requeue_beside_held_futex_operations_is_said)
{
#ifndef SYS_futex_requeue
#define SYS_futex_requeue 456 /* arch/x86/entry/syscalls/syscall_64.tbl */
#endif
	for (int strict = 0; strict <= 1; strict++) {
		const struct sp_probe_case c[] = {
			{ SYS_futex, { 0, FUTEX_WAKE_PRIVATE, 1 } },
			{ SYS_futex, { 0, FUTEX_CMP_REQUEUE_PRIVATE, 1 } },
			{ SYS_futex_requeue, { 0, 0, 1, 1 } },
		};
		const enum sp_probe_kind want[] = {
			SP_PROBE_ALLOW,
			strict ? SP_PROBE_ERRNO : SP_PROBE_ALLOW,
			SP_PROBE_ALLOW,
		};
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_futex, 0, FUTEX_WAIT_PRIVATE, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_futex, 0, FUTEX_WAKE_PRIVATE, 1, 0);
		call(t, SP_ARCH_X86_64, SYS_futex_requeue, 0, 0, 1, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate(t, strict ? SP_ARGS_STRICT : SP_ARGS_AUTO, &notes,
			     native, 1);
		expect_kernel(p, c, want, ARRAY_SIZE(c));
		cr_expect_eq(notes.sibling, strict ? 1u : 0u, "strict %d",
			     strict);
		cr_expect_eq(commented(p, "futex_requeue",
				       "futex_requeue moves waiters"),
			     strict != 0, "strict %d", strict);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* ROW tgkill -> kill, whole: under --args strict kill keeps its recorded
 * signals, but tgkill, reachable (glibc's raise()) and not recorded, is
 * allowed whatever its signal by static coverage, and sends SIGKILL to
 * any thread kill may signal.  Said; not where tgkill's own recorded
 * rule holds its signal too, nor under --args auto (no signal held). */
Test(sibling, sender_allowed_whole_beside_held_kill_is_said)
{
	const struct sp_generate_extra x = {
		.arch = SP_ARCH_X86_64, .nr = SYS_tgkill, .why = "raise()",
	};
	static const struct {
		enum sp_args_mode mode;
		bool recorded; /* tgkill(..., SIGABRT) recorded */
		bool said;
	} cases[] = {
		{ SP_ARGS_STRICT, false, true },
		{ SP_ARGS_STRICT, true, false },
		{ SP_ARGS_AUTO, false, false },
	};

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;
		bool strict = cases[k].mode == SP_ARGS_STRICT;
		const struct sp_probe_case c[] = {
			{ SYS_kill, { 1234, SIGTERM } },
			{ SYS_kill, { 1234, SIGKILL } },
			{ SYS_tgkill, { 1234, 1234, SIGKILL } },
		};
		const enum sp_probe_kind want[] = {
			SP_PROBE_ALLOW,
			strict ? SP_PROBE_ERRNO : SP_PROBE_ALLOW,
			strict && cases[k].recorded ? SP_PROBE_ERRNO :
						      SP_PROBE_ALLOW,
		};

		call(t, SP_ARCH_X86_64, SYS_kill, 1234, SIGTERM, 0, 0);
		if (cases[k].recorded)
			call(t, SP_ARCH_X86_64, SYS_tgkill, 1234, 1234, SIGABRT,
			     0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate_static(t, cases[k].mode, &notes, native, 1, &x,
				    1);
		expect_kernel(p, c, want, ARRAY_SIZE(c));
		cr_expect_eq(notes.sibling, cases[k].said ? 1u : 0u,
			     "case %zu", k);
		cr_expect_eq(commented(p, "tgkill", "tgkill is allowed whatever "
					"its arguments here"),
			     cases[k].said, "case %zu", k);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* An OCI runtime's window allows a call whatever its arguments (runc's
 * openat and fcntl: their flags and commands were not measured), and
 * the workload runs under the same filter: beside it, the workload's
 * rules' conditions for the call hold nothing (a log open for
 * appending opened for writing anywhere).  The profile said nothing of
 * it; now the runtime's rule's comment and a warning do.  Without the
 * runtime, the condition holds and nothing is said.  runc's window
 * allows openat, futex and fcntl whole (fcntl where no_new_privs is
 * off) beside strict's open flags, futex op and fcntl cmd: one cause,
 * one warning naming the three (it was three warnings). */
Test(sibling, runtime_window_rule_beside_held_conditions_is_said)
{
	const uint64_t app[6] = { (uint64_t)AT_FDCWD, 0, O_WRONLY | O_APPEND };
	const struct sp_probe_case c[] = {
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, O_WRONLY | O_APPEND } },
		{ SYS_openat, { (uint64_t)AT_FDCWD, 0, O_WRONLY } },
	};

	for (unsigned runtimes = 0; runtimes <= SP_RUNTIME_RUNC;
	     runtimes += SP_RUNTIME_RUNC) {
		const enum sp_probe_kind want[] = {
			SP_PROBE_ALLOW,
			runtimes ? SP_PROBE_ALLOW : SP_PROBE_ERRNO,
		};
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_generate_opts o;
		struct sp_profile *p;

		cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_openat, app,
					   0),
			     0);
		call(t, SP_ARCH_X86_64, SYS_futex, 0, FUTEX_WAKE_PRIVATE, 1, 0);
		call(t, SP_ARCH_X86_64, SYS_fcntl, 3, F_GETFL, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		sp_generate_opts_init(&o);
		o.runtimes = runtimes;
		o.no_new_privs = false;
		o.safety = 0;
		o.args = SP_ARGS_STRICT;
		o.on_note = on_note;
		o.ctx = &notes;
		o.archs[0] = SP_ARCH_X86_64;
		o.narchs = 1;
		cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
		expect_kernel(p, c, want, ARRAY_SIZE(c));
		cr_expect_eq(notes.runtime, runtimes ? 1u : 0u, "runtimes %u",
			     runtimes);
		if (runtimes && notes.runtime) {
			const char *want_names[] = { "openat", "futex",
						     "fcntl" };

			for (size_t k = 0; k < ARRAY_SIZE(want_names); k++)
				cr_expect(strstr(notes.name, want_names[k]),
					  "%s not in '%s'", want_names[k],
					  notes.name);
			cr_expect(strstr(notes.runtime_text, "allows them"),
				  "%s", notes.runtime_text);
		}
		for (size_t k = 0; k < 3; k++) {
			const char *name[] = { "openat", "futex", "fcntl" };

			cr_expect_eq(commented(p, name[k], "the OCI runtime's "
					       "window allows it whatever its "
					       "arguments"),
				     runtimes != 0, "%s, runtimes %u", name[k],
				     runtimes);
		}
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* shmat: SHM_EXEC maps shared memory executable (writable unless
 * SHM_RDONLY): held to what was recorded. */
Test(sibling, shmat_cannot_add_exec_to_recorded_shared_memory)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_shmat, 3, 0, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_shmat, 3, 0, SHM_RDONLY | SHM_RND, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);

	struct sp_probe_case c[] = {
		{ SYS_shmat, { 3, 0, 0 } },
		{ SYS_shmat, { 3, 0, SHM_RDONLY } },
		{ SYS_shmat, { 3, 0, SHM_RND } },
		{ SYS_shmat, { 3, 0, SHM_EXEC } },
		{ SYS_shmat, { 3, 0, SHM_RDONLY | SHM_EXEC } },
		{ SYS_shmat, { 3, 0, SHM_REMAP } },
	};
	const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ALLOW,
		SP_PROBE_ERRNO, SP_PROBE_ERRNO, SP_PROBE_ERRNO,
	};

	expect_kernel(p, c, want, 6);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* FORM execveat -> execve: AT_EMPTY_PATH runs an open file (a memfd: a
 * program never on disk), and so does execve on /proc/self/fd/N, which
 * every profile allows (the workload's own exec).  A condition on
 * execveat's flags looked narrow and held nothing back: under --args
 * auto there is none, and where execve is free execveat is allowed as
 * its descriptor form; --args strict keeps the recorded flags. */
static int exec_memfd_by_proc_path(void)
{
	int src = open("/bin/false", O_RDONLY | O_CLOEXEC);
	int fd = memfd_create("sp-exec", 0);
	char path[64], buf[65536];
	ssize_t n;
	pid_t pid;
	int st;

	cr_assert_geq(src, 0);
	cr_assert_geq(fd, 0);
	while ((n = read(src, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(fd, buf, (size_t)n), n);
	close(src);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		char *argv[] = { "false", NULL };

		execv(path, argv);
		_exit(127);
	}
	close(fd);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(sibling, execveat_is_execve_on_an_open_file)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;
	const struct sp_rule *r;
	const uint64_t args[6] = { AT_FDCWD, 0, 0, 0, 0, 0 };

	/* The kernel: false's exit status, not exec's failure (127). */
	cr_assert_eq(exec_memfd_by_proc_path(), 1);

	cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_execveat, args, 0),
		     0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(find(p, "execveat")->nconds, 0);
	sp_profile_free(p);
	p = generate(t, SP_ARGS_STRICT, &notes, native, 1);

	struct sp_probe_case c[] = {
		{ SYS_execveat, { AT_FDCWD, 0, 0, 0, 0 } },
		{ SYS_execveat, { 3, 0, 0, 0, AT_EMPTY_PATH } },
	};
	const enum sp_probe_kind want[] = { SP_PROBE_ALLOW, SP_PROBE_ERRNO };

	expect_kernel(p, c, want, 2);
	sp_profile_free(p);
	sp_trace_free(t);

	/* execve recorded, execveat not: its descriptor form. */
	t = sp_judge_trace();
	call(t, SP_ARCH_X86_64, SYS_execve, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	r = find(p, "execveat");
	cr_assert_not_null(r);
	cr_assert_eq(r->nconds, 0);
	cr_assert_eq(sp_origin_parse_comment(r->comment), SP_ORIGIN_ALIKE);
	cr_assert_not_null(strstr(r->comment, "/proc/self/fd/N"));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* KERNEL remap_file_pages: the kernel refuses a protection, and the new
 * mapping keeps the old one's: no W+X from a W mapping. */
Test(sibling, remap_file_pages_cannot_change_a_protection)
{
	int fd = memfd_create("sp-remap", 0);
	long page = sysconf(_SC_PAGESIZE);
	char *m;

	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, 2 * page), 0);
	m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	cr_assert_neq(m, MAP_FAILED);
	errno = 0;
	cr_assert_eq(syscall(SYS_remap_file_pages, m, page,
			     PROT_READ | PROT_WRITE | PROT_EXEC, 1, 0),
		     -1);
	cr_assert_eq(errno, EINVAL, "%s", strerror(errno));
	/* prot 0: the page is remapped with the mapping's own protection. */
	cr_assert_eq(syscall(SYS_remap_file_pages, m, page, 0, 1, 0), 0);

	FILE *maps = fopen("/proc/self/maps", "r");
	char line[512], want[32];
	bool found = false;

	snprintf(want, sizeof(want), "%lx-", (unsigned long)m);
	cr_assert_not_null(maps);
	while (fgets(line, sizeof(line), maps))
		if (strncmp(line, want, strlen(want)) == 0) {
			found = true;
			cr_expect(strstr(line, " rw-s ") != NULL, "%s", line);
		}
	fclose(maps);
	cr_assert(found);
	munmap(m, 2 * page);
	close(fd);
}

/* FREE: the calls and their siblings have no constrained argument. */
Test(sibling, free_siblings_have_nothing_to_get_around)
{
	for (unsigned i = 0; i < sp_sibling_count(); i++) {
		const struct sp_sibling *s = sp_sibling_at(i);
		int64_t cn, on;

		if (s->how != SP_SIBLING_FREE)
			continue;
		cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, s->call, &cn), 0);
		cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, s->of, &on), 0);
		cr_expect_eq(sp_argkind_lookup(SP_ARCH_X86_64, cn)->kept, 0);
		cr_expect_eq(sp_argkind_lookup(SP_ARCH_X86_64, on)->kept, 0);
	}
}

/* UNBOUND and BYPASS: allowed only when recorded (or reachable, below),
 * and then said loudly, in the rule's comment and a note. */
Test(sibling, unfilterable_siblings_are_said_in_the_rule_and_a_note)
{
	static const struct {
		enum sp_arch arch;
		const char *name;
	} cases[] = {
		{ SP_ARCH_X86_64, "io_uring_setup" },
		{ SP_ARCH_X86_64, "io_uring_enter" },
		{ SP_ARCH_X86_64, "io_uring_register" },
		{ SP_ARCH_X86_64, "process_vm_writev" },
		{ SP_ARCH_X86_64, "process_vm_readv" },
		{ SP_ARCH_X86_64, "pidfd_getfd" },
		{ SP_ARCH_X86_64, "userfaultfd" },
		{ SP_ARCH_X86_64, "fsopen" },
		{ SP_ARCH_X86_64, "fsconfig" },
		{ SP_ARCH_X86_64, "fsmount" },
		{ SP_ARCH_X86_64, "fspick" },
		{ SP_ARCH_X86_64, "mount_setattr" },
		{ SP_ARCH_X86, "socketcall" },
		{ SP_ARCH_X86, "ipc" },
		{ SP_ARCH_X86, "mmap" },
		{ SP_ARCH_S390X, "mmap" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;
		const struct sp_rule *r;
		int64_t nr;

		cr_assert_eq(sp_syscall_nr(cases[i].arch, cases[i].name, &nr),
			     0);
		/* ipc's operation 21: SHMAT. */
		call(t, cases[i].arch, nr, strcmp(cases[i].name, "ipc") ? 1 : 21,
		     2, 3, 0);
		p = generate(t, SP_ARGS_AUTO, &notes, &cases[i].arch, 1);
		r = find(p, cases[i].name);
		cr_assert_not_null(r, "%s", cases[i].name);
		cr_expect_not_null(strstr(r->comment, "UNFILTERED: "), "%s: %s",
				   cases[i].name, r->comment);
		cr_expect_eq(notes.sibling, 1, "%s", cases[i].name);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* i386's ipc held to operations other than SHMAT (its first argument)
 * cannot map shared memory: the SHMAT warning is said only for a rule
 * whose conditions let SHMAT (21, whatever ipc's version in the upper
 * bits) through.  It was said for a program calling shmget and shmctl. */
Test(sibling, ipc_warned_only_where_its_rule_lets_shmat_through)
{
	static const struct {
		uint64_t ops[2];
		enum sp_args_mode mode;
		size_t notes;
	} cases[] = {
		{ { 23, 24 }, SP_ARGS_AUTO, 0 },   /* SHMGET, SHMCTL */
		{ { 23, 21 }, SP_ARGS_AUTO, 1 },   /* and SHMAT */
		{ { 23, 0x10015 }, SP_ARGS_AUTO, 1 }, /* SHMAT, version 1 */
		{ { 23, 24 }, SP_ARGS_NONE, 0 },   /* shmat unconstrained */
	};
	enum sp_arch x86 = SP_ARCH_X86;
	int64_t nr;

	cr_assert_eq(sp_syscall_nr(x86, "ipc", &nr), 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, x86, nr, cases[i].ops[0], 0, 0, 0);
		call(t, x86, nr, cases[i].ops[1], 0, 0, 0);
		p = generate(t, cases[i].mode, &notes, &x86, 1);
		cr_assert_not_null(find(p, "ipc"));
		cr_expect_eq(notes.sibling, cases[i].notes, "case %zu", i);
		cr_expect_eq(commented(p, "ipc", "UNFILTERED"),
			     cases[i].notes != 0, "case %zu", i);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* An UNBOUND line is said where the --args mode gives its call's
 * sibling conditions to get around: sched_setattr (the policy in a
 * struct) under strict, where sched_setscheduler's policy is held, not
 * under auto; process_vm_writev not under none, where ptrace has no
 * conditions.  BYPASS (io_uring) always. */
Test(sibling, unbound_is_said_where_the_mode_gives_conditions)
{
	static const struct {
		const char *name;
		enum sp_args_mode mode;
		size_t notes;
	} cases[] = {
		{ "sched_setattr", SP_ARGS_STRICT, 1 },
		{ "sched_setattr", SP_ARGS_AUTO, 0 },
		{ "process_vm_writev", SP_ARGS_AUTO, 1 },
		{ "process_vm_writev", SP_ARGS_NONE, 0 },
		{ "io_uring_setup", SP_ARGS_NONE, 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;
		int64_t nr;

		cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, cases[i].name, &nr),
			     0);
		call(t, SP_ARCH_X86_64, nr, 0, 0, 0, 0);
		p = generate(t, cases[i].mode, &notes, native, 1);
		cr_expect_eq(notes.sibling, cases[i].notes, "%s, mode %d",
			     cases[i].name, cases[i].mode);
		cr_expect_eq(commented(p, cases[i].name, "UNFILTERED"),
			     cases[i].notes != 0, "%s", cases[i].name);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* BYPASS, by the kernel: under the rules of a program that uses
 * io_uring and opens only AF_INET sockets, socket(AF_UNIX) is refused,
 * and IORING_OP_SOCKET makes the same socket (io_uring_setup's ring is
 * set up before the filter, as a program's would be at start).  If
 * this ever fails, io_uring has come under seccomp and the note is
 * wrong.  Bit 0 of the result: socket(2) worked; bit 1: the ring's. */
static int socket_by_ring(const struct sock_fprog *prog)
{
	struct io_uring_params par = { 0 };
	int ring, st;
	pid_t pid;

	ring = (int)syscall(SYS_io_uring_setup, 1, &par);
	if (ring < 0)
		return -1;
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		size_t sl = par.sq_off.array + par.sq_entries * sizeof(__u32);
		size_t cl = par.cq_off.cqes +
			    par.cq_entries * sizeof(struct io_uring_cqe);
		char *sq = mmap(NULL, sl > cl ? sl : cl,
				PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_POPULATE, ring,
				IORING_OFF_SQ_RING);
		struct io_uring_sqe *sqe = mmap(NULL, sizeof(*sqe),
						PROT_READ | PROT_WRITE,
						MAP_SHARED | MAP_POPULATE,
						ring, IORING_OFF_SQES);
		struct io_uring_cqe *cqe;
		int out = 0;

		if (sq == MAP_FAILED || sqe == MAP_FAILED)
			_exit(98);
		cqe = (void *)(sq + par.cq_off.cqes);
		memset(sqe, 0, sizeof(*sqe));
		sqe->opcode = IORING_OP_SOCKET;
		sqe->fd = AF_UNIX;
		sqe->off = SOCK_STREAM;
		((__u32 *)(sq + par.sq_off.array))[0] = 0;
		__atomic_store_n((__u32 *)(sq + par.sq_off.tail), 1,
				 __ATOMIC_RELEASE);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
			_exit(99);
		out |= syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0) >= 0;
		if (syscall(SYS_io_uring_enter, ring, 1, 1,
			    IORING_ENTER_GETEVENTS, NULL, 0) == 1 &&
		    cqe->res >= 0)
			out |= 2;
		syscall(SYS_exit_group, out);
	}
	close(ring);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st), "status %#x", st);
	return WEXITSTATUS(st);
}

Test(sibling, io_uring_makes_the_socket_the_rules_refuse)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;
	struct sock_fprog prog;
	const char *msg;
	int got;

	call(t, SP_ARCH_X86_64, SYS_io_uring_setup, 1, 0, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_io_uring_enter, 3, 1, 1, 0);
	call(t, SP_ARCH_X86_64, SYS_socket, AF_INET, SOCK_STREAM, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert(commented(p, "io_uring_enter", "UNFILTERED: io_uring"));
	cr_assert_eq(sp_judge_compile(p, SP_JUDGE_LIBSECCOMP, &prog, &msg), 0);
	got = socket_by_ring(&prog);
	sp_judge_prog_free(&prog);
	sp_profile_free(p);
	sp_trace_free(t);
	if (got < 0)
		cr_skip_test("no io_uring here (io_uring_disabled)");
	cr_expect_eq(got, 2, "socket(2) refused, the ring's made");
}

/* Not only a recorded call: one static coverage reaches (a program
 * linking liburing; syscall(425) in a library) is as unfiltered, said in
 * its own rule's comment and a note.  Before, it joined the other static
 * names without a word. */
Test(sibling, unfilterable_siblings_allowed_by_static_coverage_are_said)
{
	static const char *const names[] = {
		"io_uring_setup", "io_uring_enter", "process_vm_writev",
	};
	struct sp_trace *t = sp_judge_trace();
	struct sp_generate_extra x[ARRAY_SIZE(names) + 1] = { 0 };
	struct notes notes = { 0 };
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_getppid, 0, 0, 0, 0);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		x[i].arch = SP_ARCH_X86_64;
		cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, names[i], &x[i].nr),
			     0);
		x[i].why = "syscall() in liburing.so.2";
	}
	x[ARRAY_SIZE(names)] = (struct sp_generate_extra){
		.arch = SP_ARCH_X86_64, .nr = SYS_getpid,
	};
	p = generate_static(t, SP_ARGS_AUTO, &notes, native, 1, x,
			    ARRAY_SIZE(x));
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct sp_rule *r = find(p, names[i]);

		cr_assert_not_null(r, "%s", names[i]);
		cr_expect_eq(sp_origin_parse_comment(r->comment),
			     SP_ORIGIN_STATIC);
		cr_expect_not_null(strstr(r->comment, "; UNFILTERED: "),
				   "%s: %s", names[i], r->comment);
	}
	cr_expect_null(strstr(find(p, "getpid")->comment, "UNFILTERED"));
	cr_expect_eq(notes.sibling, 3, "one note a line");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A static site's socket protocol under --args auto: held where its
 * constant family picks it (argkind.def SP_ARG_WHEN), so a netlink
 * socket whose protocol the code computes (libnl's nl_connect) gets no
 * rule beside the recorded NETLINK_ROUTE, one whose protocol is a
 * constant gets that protocol, and an AF_INET socket whose protocol is
 * computed keeps its rule with the protocol free (as before: the family
 * and type decide there). */
Test(sibling, static_socket_protocol_held_where_the_family_picks_it)
{
	const uint64_t raw = SOCK_RAW | SOCK_CLOEXEC;
	struct sp_trace *t = sp_judge_trace();
	const struct sp_args tuples[] = {
		{ 0x3, { AF_NETLINK, SOCK_RAW } },
		{ 0x3, { AF_INET, SOCK_DGRAM } },
		{ 0x7, { AF_NETLINK, SOCK_RAW, NETLINK_AUDIT } },
	};
	const struct sp_generate_extra x = {
		.arch = SP_ARCH_X86_64, .nr = SYS_socket, .why = "socket()",
		.args = tuples, .nargs = ARRAY_SIZE(tuples),
	};
	struct notes notes = { 0 };
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_socket, AF_INET, SOCK_STREAM, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_socket, AF_NETLINK, raw, NETLINK_ROUTE,
	     0);
	p = generate_static(t, SP_ARGS_AUTO, &notes, native, 1, &x, 1);

	const struct sp_probe_case c[] = {
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_ROUTE } },
		{ SYS_socket, { AF_INET, SOCK_DGRAM, IPPROTO_UDP } },
		{ SYS_socket, { AF_INET, SOCK_DGRAM, IPPROTO_ICMP } },
		{ SYS_socket, { AF_NETLINK, SOCK_RAW, NETLINK_AUDIT } },
		{ SYS_socket, { AF_NETLINK, SOCK_RAW, NETLINK_GENERIC } },
		{ SYS_socket, { AF_NETLINK, raw, NETLINK_SOCK_DIAG } },
	};
	const enum sp_probe_kind want[] = {
		SP_PROBE_ALLOW, SP_PROBE_ALLOW, SP_PROBE_ALLOW,
		SP_PROBE_ALLOW, SP_PROBE_ERRNO, SP_PROBE_ERRNO,
	};
	expect_kernel(p, c, want, ARRAY_SIZE(c));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Under prog (NULL: none), a child's mprotect of written anonymous
 * memory to PROT_READ|PROT_EXEC (bit 0 of the exit status: it worked),
 * and code written through /proc/self/mem into an executable mapping
 * (bit 1: it ran). */
static int wx_by_mprotect_and_proc_mem(const struct sock_fprog *prog)
{
	static const unsigned char ret42[] = { 0xb8, 42, 0, 0, 0, 0xc3 };
	int st;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		volatile int rx = PROT_READ | PROT_EXEC;
		unsigned char *m;
		int out = 0, fd;

		if (prog && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
			     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0,
				     prog)))
			syscall(SYS_exit_group, 99);
		m = (void *)syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		memcpy(m, ret42, sizeof(ret42));
		out |= syscall(SYS_mprotect, m, 4096, rx) == 0;
		m = (void *)syscall(SYS_mmap, 0, 4096, rx,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/mem",
				  O_RDWR);
		if (fd >= 0 && m != MAP_FAILED &&
		    syscall(SYS_pwrite64, fd, ret42, sizeof(ret42),
			    (long)m) == (long)sizeof(ret42))
			out |= (((int (*)(void))m)() == 42) << 1;
		syscall(SYS_exit_group, out);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st), "status %#x", st);
	return WEXITSTATUS(st);
}

/* What the W^X rules hold: calls, not memory (sandprint-profile(1),
 * argkind.def).  Under the rules of a program whose loader mapped a
 * library PROT_READ|PROT_EXEC, anonymous memory is never made
 * executable, but code written through /proc/self/mem into an
 * executable mapping runs: the kernel's FOLL_FORCE, which no filter
 * sees.  If this ever stops running, the documented limit is gone. */
Test(sibling, wx_rules_hold_calls_not_what_proc_self_mem_writes)
{
	struct sp_trace *t;
	struct notes notes = { 0 };
	struct sp_profile *p;
	struct sock_fprog prog;
	const char *msg;

	if (wx_by_mprotect_and_proc_mem(NULL) != 3)
		cr_skip_test("no write to an executable mapping through "
			     "/proc/self/mem here (proc_mem.force_override)");
	t = sp_judge_trace();
	call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, 0);
	call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC, 0);
	call(t, SP_ARCH_X86_64, SYS_mprotect, 0, 4096, PROT_READ, 0);
	call(t, SP_ARCH_X86_64, SYS_openat, 0, 0, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_pwrite64, 0, 0, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(sp_judge_compile(p, SP_JUDGE_LIBSECCOMP, &prog, &msg), 0);
	cr_expect_eq(wx_by_mprotect_and_proc_mem(&prog), 2,
		     "mprotect refused, /proc/self/mem's code ran");
	sp_judge_prog_free(&prog);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Under t's profile (prog) or none: maps an anonymous page
 * PROT_READ|PROT_EXEC and registers it with a userfaultfd
 * (UFFD_USER_MODE_ONLY: no capability), fills it with code by
 * UFFDIO_COPY and runs it.  1: mprotect to PROT_READ|PROT_EXEC of a
 * written page was allowed; 2: the filled page's code ran.  before:
 * the descriptor is made before the filter (one inherited, or opened
 * from /dev/userfaultfd), not under it. */
static int wx_by_userfaultfd_made(const struct sock_fprog *prog,
				  bool before)
{
	static unsigned char code[4096] __attribute__((aligned(4096))) = {
		0xb8, 42, 0, 0, 0, 0xc3, /* mov $42, %eax; ret */
	};
	int st;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		volatile int rx = PROT_READ | PROT_EXEC;
		struct uffdio_api api = { .api = UFFD_API };
		struct uffdio_register reg = {
			.mode = UFFDIO_REGISTER_MODE_MISSING,
		};
		struct uffdio_copy cp = { .len = 4096 };
		unsigned char *m;
		int out = 0, fd = -1;

		if (before)
			fd = (int)syscall(SYS_userfaultfd,
					  O_CLOEXEC | UFFD_USER_MODE_ONLY);
		if (prog && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
			     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0,
				     prog)))
			syscall(SYS_exit_group, 99);
		m = (void *)syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		memcpy(m, code, 6);
		out |= syscall(SYS_mprotect, m, 4096, rx) == 0;
		m = (void *)syscall(SYS_mmap, 0, 4096, rx,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (!before)
			fd = (int)syscall(SYS_userfaultfd,
					  O_CLOEXEC | UFFD_USER_MODE_ONLY);
		reg.range.start = cp.dst = (unsigned long)m;
		reg.range.len = 4096;
		cp.src = (unsigned long)code;
		if (fd >= 0 && m != MAP_FAILED &&
		    !syscall(SYS_ioctl, fd, UFFDIO_API, &api) &&
		    !syscall(SYS_ioctl, fd, UFFDIO_REGISTER, &reg) &&
		    !syscall(SYS_ioctl, fd, UFFDIO_COPY, &cp))
			out |= (((int (*)(void))m)() == 42) << 1;
		syscall(SYS_exit_group, out);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st), "status %#x", st);
	return WEXITSTATUS(st);
}

static int wx_by_userfaultfd(const struct sock_fprog *prog)
{
	return wx_by_userfaultfd_made(prog, false);
}

/* UNBOUND, userfaultfd: under the rules of a program that maps a library
 * PROT_READ|PROT_EXEC and fills its own memory through a userfaultfd,
 * anonymous memory is never made executable by mprotect, but an
 * executable anonymous page filled by UFFDIO_COPY runs the program's
 * bytes (the kernel does it), and the profile says so. */
Test(sibling, userfaultfd_fills_executable_memory_and_it_is_said)
{
	struct sp_trace *t;
	struct notes notes = { 0 };
	struct sp_profile *p;
	struct sock_fprog prog;
	const char *msg;

	if (wx_by_userfaultfd(NULL) != 3)
		cr_skip_test("no userfaultfd here");
	t = sp_judge_trace();
	call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, 0);
	call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC, 0);
	call(t, SP_ARCH_X86_64, SYS_mprotect, 0, 4096, PROT_READ, 0);
	call(t, SP_ARCH_X86_64, SYS_userfaultfd,
	     O_CLOEXEC | UFFD_USER_MODE_ONLY, 0, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_ioctl, 3, UFFDIO_API, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_ioctl, 3, UFFDIO_REGISTER, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_ioctl, 3, UFFDIO_COPY, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(sp_judge_compile(p, SP_JUDGE_LIBSECCOMP, &prog, &msg), 0);
	cr_expect_eq(wx_by_userfaultfd(&prog), 2,
		     "mprotect refused, the filled page's code ran");
	cr_expect(commented(p, "userfaultfd", "UNFILTERED"),
		  "the rule for userfaultfd says it");
	cr_expect_eq(notes.sibling, 1);
	sp_judge_prog_free(&prog);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* What sandprint-profile(1) says no warning names: a userfaultfd
 * descriptor the workload holds without the call (inherited, or
 * /dev/userfaultfd's) fills an executable page through the ioctl
 * requests recorded for it, under a profile that refuses userfaultfd
 * and says nothing; without UFFDIO_COPY among them, nothing runs. */
Test(sibling, held_userfaultfd_fills_executable_memory_through_ioctl)
{
	if (wx_by_userfaultfd(NULL) != 3)
		cr_skip_test("no userfaultfd here");
	for (int copy = 0; copy <= 1; copy++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096,
		     PROT_READ | PROT_WRITE, 0);
		call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096,
		     PROT_READ | PROT_EXEC, 0);
		call(t, SP_ARCH_X86_64, SYS_mprotect, 0, 4096, PROT_READ, 0);
		call(t, SP_ARCH_X86_64, SYS_ioctl, 3, UFFDIO_API, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_ioctl, 3, UFFDIO_REGISTER, 0, 0);
		if (copy)
			call(t, SP_ARCH_X86_64, SYS_ioctl, 3, UFFDIO_COPY, 0, 0);
		call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
		p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
		cr_expect_null(find(p, "userfaultfd"));
		for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN; cc++) {
			struct sock_fprog prog;
			const char *msg;

			cr_assert_eq(sp_judge_compile(p, cc, &prog, &msg), 0);
			cr_expect_eq(wx_by_userfaultfd_made(&prog, true),
				     copy ? 2 : 0, "copy %d, %s", copy,
				     cc == SP_JUDGE_OWN ? "own" : "libseccomp");
			sp_judge_prog_free(&prog);
		}
		cr_expect_eq(notes.sibling, 0u);
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* UNBOUND, the new mount API: a profile whose mount rule allows only the
 * recorded propagation change lets open_tree and move_mount, allowed
 * whatever their arguments, make the bind mount that rule refuses.  The
 * kernel does it (in a mount namespace of the test's own, as root), and
 * the profile says so. */
Test(sibling, new_mount_api_binds_what_mount_conditions_refuse)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;
	struct sock_fprog prog;
	const char *msg;
	char a[] = "/tmp/sp-mnt-a-XXXXXX", b[] = "/tmp/sp-mnt-b-XXXXXX";
	char mark[64], seen[64];
	int st, fd;
	pid_t pid;

	call(t, SP_ARCH_X86_64, SYS_mount, 0, 0, 0, 0);
	cr_assert_eq(sp_judge_call(t, SP_ARCH_X86_64, SYS_mount,
				   (const uint64_t[6]){ 0, 0, 0,
							MS_REC | MS_PRIVATE },
				   0),
		     0);
	call(t, SP_ARCH_X86_64, SYS_open_tree, 0, 0, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_move_mount, 0, 0, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_faccessat, 0, 0, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_gt(find(p, "mount")->nconds, 0);
	cr_assert_eq(notes.sibling, 2, "open_tree, move_mount");
	cr_assert_str_eq(notes.text, sibling_text("move_mount", "mount"));
	cr_assert(commented(p, "open_tree", "UNFILTERED: the new mount API"));

	if (geteuid() != 0) {
		sp_profile_free(p);
		sp_trace_free(t);
		cr_skip_test("a mount namespace needs root");
	}
	cr_assert_not_null(mkdtemp(a));
	cr_assert_not_null(mkdtemp(b));
	snprintf(mark, sizeof(mark), "%s/mark", a);
	snprintf(seen, sizeof(seen), "%s/mark", b);
	fd = open(mark, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(sp_judge_compile(p, SP_JUDGE_LIBSECCOMP, &prog, &msg), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int out = 0, tree;

		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
			syscall(SYS_exit_group, 99);
		/* mount(2) of a bind: the rule refuses it. */
		out |= syscall(SYS_mount, a, b, NULL, MS_BIND, NULL) == 0;
		tree = (int)syscall(SYS_open_tree, AT_FDCWD, a,
				    OPEN_TREE_CLONE);
		out |= (tree >= 0 &&
			syscall(SYS_move_mount, tree, "", AT_FDCWD, b,
				MOVE_MOUNT_F_EMPTY_PATH) == 0)
		       << 1;
		out |= (syscall(SYS_faccessat, AT_FDCWD, seen, F_OK) == 0)
		       << 2;
		syscall(SYS_exit_group, out);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	unlink(mark);
	rmdir(a);
	rmdir(b);
	sp_judge_prog_free(&prog);
	cr_assert(WIFEXITED(st));
	if (WEXITSTATUS(st) == 99) {
		sp_profile_free(p);
		sp_trace_free(t);
		cr_skip_test("no mount namespace here");
	}
	cr_expect_eq(WEXITSTATUS(st), 6, "bind refused, made by open_tree");
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A rule by name holds on every listed arch: x86's mmap (old_mmap, its
 * arguments in memory) listed first must not make a static binary's
 * unrecorded mmap, whose protection a site computes, free on x86_64.
 * Before, the arch order decided: --arch x86,x86_64 allowed W+X. */
Test(sibling, listed_old_mmap_first_frees_no_x86_64_mmap)
{
	const enum sp_arch orders[2][2] = {
		{ SP_ARCH_X86_64, SP_ARCH_X86 },
		{ SP_ARCH_X86, SP_ARCH_X86_64 },
	};
	const struct sp_args computed = { .kept = 0x3 };
	struct sp_generate_extra x = {
		.arch = SP_ARCH_X86_64, .nr = SYS_mmap, .args = &computed,
		.nargs = 1,
	};

	for (int k = 0; k < 2; k++) {
		struct sp_trace *t = sp_judge_trace();
		struct notes notes = { 0 };
		struct sp_profile *p;

		call(t, SP_ARCH_X86_64, SYS_write, 1, 0, 3, 0);
		p = generate_static(t, SP_ARGS_AUTO, &notes, orders[k], 2, &x,
				    1);

		struct sp_probe_case c[] = {
			{ SYS_mmap, { 0, 4096, PROT_READ | PROT_WRITE } },
			{ SYS_mmap, { 0, 4096, PROT_READ | PROT_EXEC } },
			{ SYS_mmap, { 0, 4096, PROT_READ | PROT_WRITE |
						       PROT_EXEC } },
		};
		const enum sp_probe_kind want[] = {
			SP_PROBE_ALLOW, SP_PROBE_ERRNO, SP_PROBE_ERRNO,
		};

		expect_kernel(p, c, want, 3);
		cr_expect_eq(notes.sibling, 1, "old_mmap on x86");
		sp_profile_free(p);
		sp_trace_free(t);
	}
}

/* An x86_64 process reaches the i386 table with int $0x80.  Where the
 * profile lists x86 beside x86_64 (--arch x86_64,x86, as Docker's
 * default profile does), the rule recorded for x86_64's mmap is, by its
 * name, x86's mmap too: old_mmap, whose protection lies in memory and
 * whose arg2 is any register the caller likes.  The kernel maps W+X
 * through it under the W^X rules both compilers make, so the profile
 * says so; before, only an i386 recording of mmap did. */
struct old_mmap_args {
	uint32_t addr, len, prot, flags, fd, off;
};

/* Under prog (NULL: none), old_mmap of a W+X page by int $0x80, and
 * x86_64's mmap of one: the child's exit status holds the first's
 * success in bit 0, the second's in bit 1. */
static int wx_by_both_tables(const struct sock_fprog *prog)
{
	struct old_mmap_args *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
				       -1, 0);
	int st;
	pid_t pid;

	cr_assert_neq(a, MAP_FAILED);
	*a = (struct old_mmap_args){
		0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		MAP_PRIVATE | MAP_ANONYMOUS, (uint32_t)-1, 0,
	};
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		unsigned long r;
		int out = 0;

		if (prog && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
			     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0,
				     prog)))
			_exit(99);
		/* arg2 (edx): PROT_READ, what the rules read. */
		r = (unsigned long)sp_probe_int80(90, (uint32_t)(uintptr_t)a, 0,
					 PROT_READ);
		out |= r < 0xfffff000ul;
		r = (unsigned long)syscall(SYS_mmap, 0, 4096,
					   PROT_READ | PROT_WRITE | PROT_EXEC,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		out |= (r != (unsigned long)MAP_FAILED) << 1;
		syscall(SYS_exit_group, out);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	munmap(a, 4096);
	cr_assert(WIFEXITED(st), "status %#x", st);
	return WEXITSTATUS(st);
}

/* Each compiler's program for p, run(prog, arg) against want (the
 * kernel's verdicts as a child's exit status). */
static void expect_under_both(const struct sp_profile *p,
			      int (*run)(const struct sock_fprog *,
					 const void *),
			      const void *arg, int want)
{
	for (int cc = SP_JUDGE_LIBSECCOMP; cc <= SP_JUDGE_OWN; cc++) {
		struct sock_fprog prog;
		const char *msg;

		cr_assert_eq(sp_judge_compile(p, cc, &prog, &msg), 0);
		cr_expect_eq(run(&prog, arg), want, "%s",
			     cc == SP_JUDGE_OWN ? "own" : "libseccomp");
		sp_judge_prog_free(&prog);
	}
}

static int wx_run(const struct sock_fprog *prog, const void *unused)
{
	(void)unused;
	return wx_by_both_tables(prog);
}

Test(sibling, x86_listed_beside_x86_64_old_mmap_is_said_unfiltered)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	const enum sp_arch both[] = { SP_ARCH_X86_64, SP_ARCH_X86 };
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
	     0);
	call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC, 0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, both, 2);
	cr_assert_eq(notes.sibling, 1);
	cr_assert_str_eq(notes.text, sibling_text("mmap", "mprotect"));
	cr_assert(commented(p, "mmap", "UNFILTERED: this arch's mmap is "
				       "old_mmap"));

	if (wx_by_both_tables(NULL) != 3) {
		sp_profile_free(p);
		sp_trace_free(t);
		cr_skip_test("no i386 system calls here (ia32_emulation)");
	}
	/* The x86_64 rule holds; old_mmap's W+X page is the note. */
	expect_under_both(p, wx_run, NULL, 1);
	sp_profile_free(p);
	/* x86_64 alone: the arch check refuses int $0x80, nothing to say. */
	notes.sibling = 0;
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(notes.sibling, 0);
	cr_assert(!commented(p, "mmap", "UNFILTERED"));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* SAME on i386 and arm: fcntl64 is fcntl with 64-bit locks, and
 * futex_time64 is futex with a 64-bit timeout (what glibc calls there:
 * fcntl64 always, futex_time64 for a timed wait).  Without a row of
 * their own, an i386 recording's fcntl64 and futex_time64 rules were
 * unconditional under --args strict, so any command went through them
 * while fcntl and futex were held to the recorded ones.  The kernel
 * judges, by int $0x80 (sp_probe_int80_under). */
struct i386_calls {
	const uint64_t (*c)[4];
	size_t n;
};

static int i386_run(const struct sock_fprog *prog, const void *arg)
{
	const struct i386_calls *x = arg;

	return sp_probe_int80_under(prog, x->c, x->n);
}

Test(sibling, i386_fcntl64_and_futex_time64_are_held_as_fcntl_and_futex)
{
	const enum sp_arch both[] = { SP_ARCH_X86_64, SP_ARCH_X86 };
	static uint32_t word;
	const uint32_t w = (uint32_t)(uintptr_t)&word;
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;
	int64_t fcntl64, futex64;
	/* Recorded, then what the recording never did; then both with
	 * upper halves a 64-bit caller of int $0x80 sets, which seccomp
	 * sees and the i386 call ignores: the rules compare low halves. */
	const uint64_t hi = 1ull << 32;
	uint64_t c[][4] = {
		{ 0, 0, F_GETFD, 0 },
		{ 0, w, FUTEX_WAKE_PRIVATE, 1 },
		{ 0, 0, F_SETFD, 0 },
		{ 0, w, FUTEX_WAKE, 1 },
		{ 0, 0, hi | F_SETFD, 0 },
		{ 0, 0, hi | F_GETFD, 0 },
	};

	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "fcntl64", &fcntl64), 0);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "futex_time64", &futex64), 0);
	c[0][0] = c[2][0] = c[4][0] = c[5][0] = (uint64_t)fcntl64;
	c[1][0] = c[3][0] = (uint64_t)futex64;
	call(t, SP_ARCH_X86, fcntl64, 0, F_GETFD, 0, 0);
	call(t, SP_ARCH_X86, futex64, 0, FUTEX_WAKE_PRIVATE, 1, 0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_STRICT, &notes, both, 2);
	cr_assert_gt(find(p, "fcntl64")->nconds, 0);
	cr_assert_gt(find(p, "futex_time64")->nconds, 0);
	if (!(wx_by_both_tables(NULL) & 1)) {
		sp_profile_free(p);
		sp_trace_free(t);
		cr_skip_test("no i386 system calls here (ia32_emulation)");
	}
	expect_under_both(p, i386_run,
			  &(struct i386_calls){ c, ARRAY_SIZE(c) },
			  1 | 2 | 32);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* i386's fcntl64(F_SETSIG) keeps its recorded signal under --args strict
 * as x86_64's fcntl does (argkind.def), on the low halves the call
 * reads: another signal is refused whatever upper half the caller sets,
 * the recorded one allowed whatever upper half. */
Test(sibling, i386_fcntl64_setsig_keeps_its_recorded_signal)
{
	const enum sp_arch both[] = { SP_ARCH_X86_64, SP_ARCH_X86 };
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;
	int64_t fcntl64;
	const uint64_t hi = 1ull << 32;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	uint64_t c[][4] = {
		{ 0, fd, F_SETSIG, SIGUSR1 },
		{ 0, fd, F_SETSIG, SIGKILL },
		{ 0, fd, F_SETSIG, hi | SIGUSR1 },
		{ 0, fd, hi | F_SETSIG, SIGKILL },
		{ 0, fd, F_SETSIG, 0 },
	};

	cr_assert_geq(fd, 0);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "fcntl64", &fcntl64), 0);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		c[i][0] = (uint64_t)fcntl64;
	call(t, SP_ARCH_X86, fcntl64, 0, F_SETSIG, SIGUSR1, 0);
	call(t, SP_ARCH_X86_64, SYS_exit_group, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_STRICT, &notes, both, 2);
	if (!(wx_by_both_tables(NULL) & 1)) {
		sp_profile_free(p);
		sp_trace_free(t);
		close(fd);
		cr_skip_test("no i386 system calls here (ia32_emulation)");
	}
	expect_under_both(p, i386_run,
			  &(struct i386_calls){ c, ARRAY_SIZE(c) }, 1 | 4);
	sp_profile_free(p);
	sp_trace_free(t);
	close(fd);
}

/* Each compiler's conditions on an i386 call decide on the argument's low
 * half, the value the call reads, whatever upper half a 64-bit caller's
 * int $0x80 passes (the filter sees it): for every operator, a value the
 * condition admits and one it refuses, each bare and with a poisoned
 * upper half, judged by the kernel.  Every call is on fd -1 (EBADF when
 * let through, EPERM when refused). */
struct low_half_case {
	const char *name;
	struct sp_cond cond;
	uint64_t yes, no;         /* the conditioned argument's low half */
};

static int low_half_run(const struct sock_fprog *prog, const void *arg)
{
	const struct low_half_case *lc = arg;
	const uint64_t hi = 0x5ec0000100000000ull;
	int64_t nr;
	uint64_t c[4][4];

	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, lc->name, &nr), 0);
	for (int k = 0; k < 4; k++) {
		c[k][0] = (uint64_t)nr;
		c[k][1] = hi | UINT32_MAX;                 /* fd -1 */
		c[k][2] = c[k][3] = 0;
		c[k][1 + lc->cond.index] = (k & 1 ? hi : 0) |
					   (k & 2 ? lc->no : lc->yes);
	}
	return sp_probe_int80_under(prog, c, 4);
}

Test(sibling, i386_conditions_decide_on_the_low_half_a_64_bit_caller_passes)
{
	const struct low_half_case cases[] = {
		{ "fcntl64", { 1, F_GETFD, 0, SP_CMP_EQ }, F_GETFD, F_SETFD },
		{ "dup2", { 1, 5, 0, SP_CMP_NE }, 6, 5 },
		{ "fcntl", { 1, 0xff, F_GETFL, SP_CMP_MASKED_EQ }, F_GETFL,
		  F_SETFL },
		{ "lseek", { 2, SEEK_CUR, 0, SP_CMP_GE }, SEEK_END,
		  SEEK_SET },
		{ "flock", { 1, LOCK_SH, 0, SP_CMP_GT }, LOCK_EX, LOCK_SH },
		{ "fchmod", { 1, 0700, 0, SP_CMP_LT }, 0600, 0777 },
		{ "fchown32", { 1, 1000, 0, SP_CMP_LE }, 1000, 1001 },
	};

	if (!(wx_by_both_tables(NULL) & 1))
		cr_skip_test("no i386 system calls here (ia32_emulation)");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sp_profile *p = sp_profile_new();
		struct sp_rule *r;

		cr_assert_eq(sp_profile_add_arch(p, SP_ARCH_X86_64), 0);
		cr_assert_eq(sp_profile_add_arch(p, SP_ARCH_X86), 0);
		p->default_action = SP_ACT_ERRNO;
		p->default_errno = EPERM;
		r = sp_profile_add_rule(p);
		r->action = SP_ACT_ALLOW;
		cr_assert_eq(sp_rule_add_name(r, "exit_group"), 0);
		r = sp_profile_add_rule(p);
		r->action = SP_ACT_ALLOW;
		cr_assert_eq(sp_rule_add_name(r, cases[i].name), 0);
		cr_assert_eq(sp_rule_add_cond(r, &cases[i].cond), 0);
		/* Bits: admitted, admitted + upper half, refused, refused +
		 * upper half: the first two let through. */
		expect_under_both(p, low_half_run, &cases[i], 1 | 2);
		sp_profile_free(p);
	}
}

Test(sibling, x86_64_mmap_is_not_old_mmap)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_mmap, 0, 4096, PROT_READ, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(notes.sibling, 0);
	cr_assert_null(strstr(find(p, "mmap")->comment, "UNFILTERED"));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* MUX: libseccomp turns a conditional socket rule into an unconditional
 * socketcall(SYS_SOCKET) rule on x86 (measured here with libseccomp's
 * own program, judged by the interpreter: this machine cannot run i386
 * code); sandprint's compiler does not.  The generator says so. */
Test(sibling, libseccomp_multiplexes_socket_rules_on_x86_and_it_is_said)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	const enum sp_arch both[] = { SP_ARCH_X86_64, SP_ARCH_X86 };
	struct sp_profile *p;
	struct sock_fprog lib, own;
	const char *msg;
	int64_t socketcall;
	/* socketcall(SYS_SOCKET, args) with args at a page the caller can
	 * map: the family and type are in memory, never seen. */
	const uint64_t via_mux[6] = { 1, 0x80001, 0, 0, 0, 0 };
	const uint64_t raw[6] = { AF_PACKET, SOCK_RAW, 0, 0, 0, 0 };

	call(t, SP_ARCH_X86_64, SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
	     0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, both, 2);
	cr_assert_eq(notes.sibling, 1);
	cr_assert(commented(p, "socket", "socketcall"));
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "socketcall", &socketcall), 0);
	cr_assert_eq(socketcall, 102);
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86, 359), "socket");
	cr_assert_eq(sp_judge_compile(p, SP_JUDGE_LIBSECCOMP, &lib, &msg), 0);
	cr_assert_eq(sp_judge_compile(p, SP_JUDGE_OWN, &own, &msg), 0);
	/* The direct call is held to the rule by both. */
	cr_expect_eq(sp_judge_interp(&lib, SP_ARCH_X86, 359, raw).kind,
		     SP_PROBE_ERRNO);
	cr_expect_eq(sp_judge_interp(&own, SP_ARCH_X86, 359, raw).kind,
		     SP_PROBE_ERRNO);
	/* The multiplexed one: what the note says. */
	cr_expect_eq(sp_judge_interp(&lib, SP_ARCH_X86, 102, via_mux).kind,
		     SP_PROBE_ALLOW);
	cr_expect_eq(sp_judge_interp(&own, SP_ARCH_X86, 102, via_mux).kind,
		     SP_PROBE_ERRNO);
	sp_judge_prog_free(&lib);
	sp_judge_prog_free(&own);
	sp_profile_free(p);
	/* x86_64 alone: nothing to say. */
	notes.sibling = 0;
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(notes.sibling, 0);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* ENCODING: x32 numbers reach the same code; a profile without x32
 * kills them, one with x32 holds them to the same rules. */
Test(sibling, x32_numbers_are_held_to_the_profile)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	const enum sp_arch both[] = { SP_ARCH_X86_64, SP_ARCH_X32 };
	struct sp_profile *p;
	const int64_t x32 = SP_X32_SYSCALL_BIT;

	call(t, SP_ARCH_X86_64, SYS_socket, AF_INET, SOCK_STREAM, 0, 0);
	call(t, SP_ARCH_X86_64, SYS_getppid, 0, 0, 0, 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);

	struct sp_probe_case c[] = {
		{ SYS_getppid, { 0 } },
		{ x32 | SYS_getppid, { 0 } },
		{ x32 | SYS_socket, { AF_INET, SOCK_STREAM } },
	};
	const enum sp_probe_kind alone[] = { SP_PROBE_ALLOW, SP_PROBE_KILL,
					     SP_PROBE_KILL };

	expect_kernel(p, c, alone, 3);
	sp_profile_free(p);
	p = generate(t, SP_ARGS_AUTO, &notes, both, 2);

	struct sp_probe_case d[] = {
		{ x32 | SYS_getppid, { 0 } },
		{ x32 | SYS_socket, { AF_INET, SOCK_STREAM } },
		{ x32 | SYS_socket, { AF_INET, SOCK_RAW } },
		{ x32 | SYS_socket, { AF_PACKET, SOCK_STREAM } },
	};
	const enum sp_probe_kind with[] = { SP_PROBE_ALLOW, SP_PROBE_ALLOW,
					    SP_PROBE_ERRNO, SP_PROBE_ERRNO };

	expect_kernel(p, d, with, 4);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Every line is one of the classes above, names real calls, and has a
 * reason to give. */
Test(sibling, every_line_names_known_calls_and_gives_a_reason)
{
	cr_assert_geq(sp_sibling_count(), 15);
	for (unsigned i = 0; i < sp_sibling_count(); i++) {
		const struct sp_sibling *s = sp_sibling_at(i);
		bool known = strcmp(s->call, "all") == 0;
		int64_t nr;

		for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT && !known;
		     a++)
			known = sp_syscall_nr(a, s->call, &nr) == 0;
		cr_expect(known, "%s", s->call);
		cr_expect_gt(strlen(s->note), 20);
	}
}

/* uring.def names calls libseccomp knows, each found by its name. */
Test(sibling, uring_ops_name_known_calls)
{
#define SP_URING_OP(call, op)                                         \
	cr_expect(sp_syscall_known(#call), "%s", #call);              \
	cr_expect_str_eq(sp_sibling_uring_op(#call), #op);
#include "analyzer/uring.def"
#undef SP_URING_OP
	cr_expect_null(sp_sibling_uring_op("mount"));
}

/* check judges a refused clone3 by the clone libc falls back to: the
 * workload's own clone3 is no refusal, one with other flags is. */
Test(sibling, check_counts_clone3_as_its_fallback_to_clone)
{
	struct sp_trace *t = sp_judge_trace(), *u = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_check_result res;
	struct sock_fprog prog;
	struct sp_bpf b;
	const char *msg;
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_clone3, THREAD_FLAGS, 88, 0, 1);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(sp_judge_compile(p, SP_JUDGE_LIBSECCOMP, &prog, &msg), 0);
	b.insns = prog.filter;
	b.len = prog.len;

	struct sp_filter f = { &b, 1 };

	call(u, SP_ARCH_X86_64, SYS_clone3, THREAD_FLAGS, 88, 0, 1);
	call(u, SP_ARCH_X86_64, SYS_clone3, CLONE_NEWUSER | SIGCHLD, 88, 0, 1);
	call(u, SP_ARCH_X86_64, SYS_clone3, 0x7ffd12345678ull, 88, 0, 0);
	sp_check_result_init(&res);
	cr_assert_eq(sp_check_traces(&f, &u, 1, &res), 0);
	cr_assert_eq(res.n, 2, "the namespace and the unread flags");
	for (size_t i = 0; i < res.n; i++) {
		cr_expect_eq(res.v[i].nr, SYS_clone3);
		cr_expect_eq(res.v[i].action, SP_ACT_ERRNO);
		cr_expect_eq(res.v[i].data, ENOSYS);
		cr_expect_neq(res.v[i].args[0], THREAD_FLAGS);
	}
	sp_check_result_fini(&res);
	sp_judge_prog_free(&prog);
	sp_profile_free(p);
	sp_trace_free(t);
	sp_trace_free(u);
}

/* A clone rule carried from a record --baseline profile holds clone3 as
 * a recorded one does. */
Test(sibling, clone3_is_refused_beside_a_baseline_clone_rule)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_pattern q = { .arch = SP_ARCH_X86_64, .nr = SYS_clone,
				.kept = 1, .args = { THREAD_FLAGS },
				.baseline = true };
	struct sp_profile *p;

	cr_assert_geq(sp_trace_add_pattern(t, &q), 0);
	p = generate(t, SP_ARGS_AUTO, &notes, native, 1);
	cr_assert_eq(sp_origin_parse_comment(find(p, "clone")->comment),
		     SP_ORIGIN_BASELINE);
	cr_assert_not_null(find(p, "clone3"));
	cr_assert_eq(sp_origin_parse_comment(find(p, "clone3")->comment),
		     SP_ORIGIN_SIBLING);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* Folded into a clone rule that ends up without conditions (a pattern
 * kept no flags), clone3 is still refused with ENOSYS, never left to the
 * default: the fallback to clone is allowed. */
Test(sibling, folded_clone3_falls_back_even_to_an_unconditional_clone)
{
	struct sp_trace *t = sp_judge_trace();
	struct notes notes = { 0 };
	struct sp_pattern q = { .arch = SP_ARCH_X86_64, .nr = SYS_clone,
				.count = 1 };
	struct sp_generate_opts o;
	struct sp_profile *p;

	call(t, SP_ARCH_X86_64, SYS_clone3, THREAD_FLAGS, 88, 0, 1);
	cr_assert_geq(sp_trace_add_pattern(t, &q), 0);
	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.safety = 0;
	o.on_note = on_note;
	o.ctx = &notes;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_eq(find(p, "clone")->nconds, 0);
	cr_assert_not_null(find(p, "clone3"));
	cr_assert_eq(find(p, "clone3")->errno_ret, ENOSYS);
	sp_profile_free(p);
	sp_trace_free(t);
}
