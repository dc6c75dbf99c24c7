/* Every output format of one fixed profile (testdata/profiles/
 * formats-input.json): golden files, and the kernel's word that the
 * filters of -f c, -f c-bpf and -f bpf decide every call as the JSON
 * compiled by libseccomp does. */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/array.h"
#include "core/syscall.h"
#include "output/c.h"
#include "output/cbpf.h"
#include "output/bpf_file.h"
#include "output/k8s.h"
#include "output/minijail.h"
#include "output/oci_json.h"
#include "output/seccomp.h"
#include "output/systemd.h"
#include "tests/probe.h"

#define TESTDATA SP_SOURCE_DIR "/testdata"
#define FIXTURE TESTDATA "/profiles/formats-input.json"
#define MAX_CASES 8192

static struct sp_profile *load(void)
{
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_profile_read_oci(FIXTURE, &p, &d), 0, "%s: %s",
		     d.path, d.msg);
	return p;
}

/* Recorded counts, as a trace would give them: read and write hot. */
static const struct sp_cbpf_weight weights[] = {
	{ SP_ARCH_X86_64, SYS_read, 5000 },
	{ SP_ARCH_X86_64, SYS_write, 3000 },
	{ SP_ARCH_X86_64, SYS_close, 800 },
	{ SP_ARCH_X86_64, SYS_fstat, 400 },
	{ SP_ARCH_X86_64, SYS_mmap, 300 },
	{ SP_ARCH_X86_64, SYS_getpid, 50 },
	{ SP_ARCH_X86_64, SYS_exit_group, 1 },
};

static struct sp_bpf *own(const struct sp_profile *p, char ***notes)
{
	struct sp_cbpf_opts o = { weights, sizeof(weights) /
				  sizeof(weights[0]), NULL, NULL, notes };
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_cbpf_compile(p, &o, &b, &d), 0, "%s", d.msg);
	return b;
}

static struct sp_bpf *libseccomp(const struct sp_profile *p)
{
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_seccomp_compile(p, &o, &b, &d), 0, "%s", d.msg);
	return b;
}

enum fmt { F_C, F_CBPF, F_SYSTEMD, F_MINIJAIL, F_K8S };

/* The text of one format, in a malloc'd string. */
static char *render(enum fmt fmt, const struct sp_profile *p)
{
	char *buf = NULL, **notes = NULL;
	struct sp_bpf *b = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = -EINVAL;

	cr_assert_not_null(f);
	switch (fmt) {
	case F_C:
		rc = sp_profile_write_c(f, p);
		break;
	case F_CBPF:
		b = own(p, &notes);
		rc = sp_cbpf_write_c(f, p, b, notes);
		sp_cbpf_notes_free(notes, b->len);
		sp_bpf_free(b);
		break;
	case F_SYSTEMD:
		rc = sp_profile_write_systemd(f, p);
		break;
	case F_MINIJAIL:
		rc = sp_profile_write_minijail(f, p, NULL);
		break;
	case F_K8S:
		rc = sp_profile_write_k8s(f, p, "/usr/bin/My_Server");
		break;
	}
	cr_assert_eq(rc, 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f, "cannot write %s", path);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

/* Compares data with testdata/golden/name byte for byte; with
 * SP_UPDATE_GOLDEN=1 rewrites the golden file instead (review the diff). */
static void check_golden(const char *name, const void *data, size_t len)
{
	const char *update = getenv("SP_UPDATE_GOLDEN");
	char path[512];
	size_t wlen;
	char *want;

	snprintf(path, sizeof(path), "%s/golden/%s", TESTDATA, name);
	if (update && !strcmp(update, "1")) {
		spit(path, data, len);
		cr_log_warn("rewrote %s", path);
		return;
	}
	want = slurp(path, &wlen);
	cr_assert(wlen == len && !memcmp(want, data, len),
		  "%s differs (SP_UPDATE_GOLDEN=1 rewrites it)", path);
	free(want);
}

Test(formats, golden_c)
{
	struct sp_profile *p = load();
	char *s = render(F_C, p);

	check_golden("formats.c", s, strlen(s));
	free(s);
	sp_profile_free(p);
}

Test(formats, golden_c_bpf)
{
	struct sp_profile *p = load();
	char *s = render(F_CBPF, p);

	check_golden("formats.c-bpf.c", s, strlen(s));
	free(s);
	sp_profile_free(p);
}

Test(formats, golden_bpf)
{
	struct sp_profile *p = load();
	struct sp_bpf *b = own(p, NULL);

	check_golden("formats.bpf", b->insns, b->len * sizeof(*b->insns));
	sp_bpf_free(b);
	sp_profile_free(p);
}

Test(formats, golden_systemd)
{
	struct sp_profile *p = load();
	char *s = render(F_SYSTEMD, p);

	check_golden("formats.systemd", s, strlen(s));
	free(s);
	sp_profile_free(p);
}

Test(formats, golden_minijail)
{
	struct sp_profile *p = load();
	char *s = render(F_MINIJAIL, p);

	check_golden("formats.policy", s, strlen(s));
	free(s);
	sp_profile_free(p);
}

Test(formats, golden_k8s)
{
	struct sp_profile *p = load();
	char *s = render(F_K8S, p);

	check_golden("formats.k8s.yaml", s, strlen(s));
	free(s);
	sp_profile_free(p);
}

/* A refusal keeps its errno (glibc falls back from clone3 to clone on
 * ENOSYS only) as a deny-listed entry after the allow list, which
 * systemd >= 248 turns into that errno; what systemd has no word for
 * (TRAP) is deny-listed without an errno, the default, with a comment:
 * getuid is in @default, which systemd adds to every allow list unless a
 * deny-listed entry names it (the comment said "it gives the default"
 * while systemd allowed it).  The rest of @default that no rule allows
 * is deny-listed after them (tests/systemd.sh runs it under systemd). */
Test(formats, systemd_keeps_each_refusal_errno)
{
	struct sp_profile *p = load();
	char *s = render(F_SYSTEMD, p);
	const char *tail;

	cr_assert_not_null(strstr(s, "\nSystemCallFilter=~clone3:ENOSYS "
				     "statx:ENOSYS\n"), "%s", s);
	cr_assert_not_null(strstr(s, "\nSystemCallFilter=~uname:EPERM\n"),
			   "%s", s);
	cr_assert_not_null(strstr(s, "\n# SCMP_ACT_TRAP cannot be expressed "
				     "in systemd; these get the default:\n"
				     "SystemCallFilter=~getuid\n"), "%s", s);
	cr_assert_null(strstr(s, "getuid:"), "%s", s);
	/* prctl is allowed by another rule: no refusal of it. */
	cr_assert_null(strstr(s, "prctl:"), "%s", s);
	/* getpid is allowed, getppid no rule names, getuid is refused
	 * above: only getppid joins @default's deny list, the last lines. */
	tail = strstr(s, "# no rule allows get the default:\n"
			 "SystemCallFilter=~arch_prctl ");
	cr_assert_not_null(tail, "%s", s);
	cr_assert_not_null(strstr(tail, " getppid "), "%s", s);
	cr_assert_null(strstr(tail, " getpid "), "%s", s);
	cr_assert_null(strstr(tail, " getuid "), "%s", s);
	free(s);
	sp_profile_free(p);
}

/* A rule no condition holds (io_uring) says so in the unit as in the
 * JSON profile's comment, which is said nowhere else in systemd's form
 * (before: nothing); a line break in it cannot start a setting. */
Test(formats, systemd_says_what_no_condition_holds)
{
	struct sp_profile *p = load();
	char *s;
	size_t i = 0;

	while (i < p->nrules && (p->rules[i].action != SP_ACT_ALLOW ||
				 strcmp(p->rules[i].names[0], "getpgid") != 0))
		i++;
	cr_assert_lt(i, p->nrules);
	free(p->rules[i].comment);
	p->rules[i].comment = strdup("sandprint: recorded: 1 call"
				     SP_UNFILTERED_TAG "ring\nNoNewPrivileges=no");
	s = render(F_SYSTEMD, p);
	cr_assert_not_null(strstr(s, "\n# UNFILTERED getpgid: ring"), "%s", s);
	cr_assert_not_null(strstr(s, ": ring\\x0aNoNewPrivileges=no\n"),
			   "%s", s);
	cr_assert_null(strstr(s, "\nNoNewPrivileges"), "%s", s);
	free(s);
	sp_profile_free(p);
}

Test(formats, systemd_uses_wholly_contained_groups_only)
{
	struct sp_profile *p = load();
	char *s = render(F_SYSTEMD, p);

	/* @sync is wholly in the fixture; @aio is not, as x86 (listed)
	 * also has io_pgetevents_time64; @basic-io is not (no pread64), so
	 * read and write stay names; unknown names are left out. */
	cr_assert_not_null(strstr(s, "@sync"), "%s", s);
	cr_assert_null(strstr(s, "@aio"), "%s", s);
	cr_assert_null(strstr(s, "@basic-io"), "%s", s);
	cr_assert_null(strstr(s, " fsync"), "%s", s);
	cr_assert_not_null(strstr(s, " read"), "%s", s);
	cr_assert_null(strstr(s, "no_such_call"), "%s", s);
	cr_assert_not_null(strstr(s, "cannot be expressed"), "%s", s);
	free(s);
	/* x86_64 alone: @aio is whole. */
	p->narchs = 1;
	s = render(F_SYSTEMD, p);
	cr_assert_not_null(strstr(s, "@aio"), "%s", s);
	cr_assert_null(strstr(s, " io_submit"), "%s", s);
	free(s);
	/* Without fsync, @sync is no longer whole. */
	for (size_t i = 0; i < p->rules[0].nnames; i++)
		if (!strcmp(p->rules[0].names[i], "fsync"))
			p->rules[0].names[i][0] = 'x';
	s = render(F_SYSTEMD, p);
	cr_assert_null(strstr(s, "@sync"), "%s", s);
	free(s);
	sp_profile_free(p);
}

Test(formats, k8s_name_is_a_resource_name)
{
	char buf[64];

	sp_k8s_name("/usr/bin/My_Server", buf, sizeof(buf));
	cr_assert_str_eq(buf, "my-server");
	sp_k8s_name("--", buf, sizeof(buf));
	cr_assert_str_eq(buf, "sandprint-profile");
	sp_k8s_name(NULL, buf, sizeof(buf));
	cr_assert_str_eq(buf, "sandprint-profile");
}

Test(formats, tree_tests_the_hottest_call_first)
{
	struct sp_profile *p = load();
	struct sp_bpf *b = own(p, NULL);

	/* ld arch; jeq x86_64; ld nr; x32 check (3); then read. */
	cr_assert_eq(b->insns[3].code, BPF_JMP | BPF_JGE | BPF_K);
	cr_assert_eq(b->insns[3].k, SP_X32_SYSCALL_BIT);
	cr_assert_eq(b->insns[6].code, BPF_JMP | BPF_JEQ | BPF_K);
	cr_assert_eq(b->insns[6].k, SYS_read, "first number tested: %u",
		     b->insns[6].k);
	sp_bpf_free(b);
	sp_profile_free(p);
}

/* Satisfies c (value for its index). */
static uint64_t satisfying(const struct sp_cond *c)
{
	switch (c->op) {
	case SP_CMP_NE:
	case SP_CMP_GT:
		return c->value + 1;
	case SP_CMP_LT:
		return c->value - 1;
	case SP_CMP_MASKED_EQ:
		return c->value_two;
	case SP_CMP_EQ:
	case SP_CMP_LE:
	case SP_CMP_GE:
	case SP_CMP_COUNT:
		break;
	}
	return c->value;
}

struct cases {
	struct sp_probe_case v[MAX_CASES];
	size_t n;
};

static void add(struct cases *cs, int64_t nr, const uint64_t args[5])
{
	cr_assert_lt(cs->n, MAX_CASES);
	cs->v[cs->n].nr = nr;
	memcpy(cs->v[cs->n].args, args, sizeof(cs->v[cs->n].args));
	cs->n++;
}

static bool lists(const struct sp_profile *p, enum sp_arch a)
{
	for (size_t i = 0; i < p->narchs; i++)
		if (p->archs[i] == a)
			return true;
	return false;
}

/* Every number 0..last (x32: the same with its bit, and its own range),
 * -1, and for each condition of each rule values on both sides of it,
 * with poisoned upper halves, on x86_64 and x32 when it is listed. */
static void make_cases(const struct sp_profile *p, struct cases *cs,
		       int64_t last)
{
	static const uint64_t zero[5];

	cs->n = 0;
	for (int64_t nr = 0; nr <= last; nr++)
		add(cs, nr, zero);
	add(cs, -1, zero);
	for (int64_t nr = 0; nr <= 30 && last >= 470; nr++)
		add(cs, nr | SP_X32_SYSCALL_BIT, zero);
	for (int64_t nr = 512; nr <= 547 && last >= 470; nr++)
		add(cs, nr | SP_X32_SYSCALL_BIT, zero);
	for (size_t i = 0; i < p->nrules * 2; i++) {
		/* Each rule on x86_64, then on x32 when it is listed (its
		 * own numbers, such as ioctl's 514, and 32-bit arguments). */
		const struct sp_rule *r = &p->rules[i % p->nrules];
		enum sp_arch arch = i < p->nrules ? SP_ARCH_X86_64 :
						    SP_ARCH_X32;

		if (arch == SP_ARCH_X32 && !lists(p, arch))
			break;
		for (size_t k = 0; k < r->nnames; k++) {
			int64_t nr;
			uint64_t base[5] = { 0 };

			if (sp_syscall_nr(arch, r->names[k], &nr))
				continue;
			for (size_t c = 0; c < r->nconds; c++)
				if (r->conds[c].index < 5)
					base[r->conds[c].index] =
						satisfying(&r->conds[c]);
			for (size_t c = 0; c < r->nconds; c++) {
				const struct sp_cond *cd = &r->conds[c];
				uint64_t v[] = {
					cd->value, cd->value - 1,
					cd->value + 1, cd->value_two,
					cd->value_two | ~cd->value,
					cd->value ^ (1ull << 32),
					cd->value | 0xdead000000000000ull,
					cd->value_two | 0xbad00000000ull,
					(cd->value + 1) & 0xffffffff,
					0, ~0ull,
				};

				for (size_t j = 0; j < ARRAY_SIZE(v);
				     j++) {
					uint64_t a[5];

					memcpy(a, base, sizeof(a));
					a[cd->index] = v[j];
					add(cs, nr, a);
				}
			}
			add(cs, nr, base);
			add(cs, nr | SP_X32_SYSCALL_BIT, base);
		}
	}
}

static void probe(const struct sp_bpf *b, const struct cases *cs,
		  struct sp_probe_verdict *out)
{
	struct sock_fprog prog = { (unsigned short)b->len, b->insns };

	cr_assert_eq(sp_probe_run(&prog, cs->v, cs->n, out), 0);
}

/* Compiles the generated source with the harness and runs it: the
 * program the generated sandprint_install() would load. */
static struct sp_bpf *generated(const char *src, bool libseccomp_too)
{
	char dir[] = "/tmp/sp-formats-XXXXXX", cmd[1024], path[512];
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/profile.c", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(src, f);
	fclose(f);
	/* As a user builds it: the jail with its main.  (Paths quoted:
	 * the checkout's may hold a space.) */
	snprintf(cmd, sizeof(cmd),
		 "cc -std=c11 -Wall -Wextra -Werror -o '%s/jail' '%s'%s", dir,
		 path, libseccomp_too ? " -lseccomp" : "");
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(cmd, sizeof(cmd),
		 "cc -std=c11 -Wall -Wextra -Werror -DSANDPRINT_NO_MAIN "
		 "-o '%s/harness' '%s' '%s/tests/formats_harness.c'%s && "
		 "'%s/harness' > '%s/profile.bpf'", dir, path, SP_SOURCE_DIR,
		 libseccomp_too ? " -lseccomp" : "", dir, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(path, sizeof(path), "%s/profile.bpf", dir);
	cr_assert_eq(sp_bpf_file_read(path, &b, &d), 0, "%s", d.msg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	return b;
}

/* -f bpf: what sp_bpf_file_write puts in the file, read back. */
static struct sp_bpf *via_file(const struct sp_bpf *b)
{
	char path[] = "/tmp/sp-formats-bpf-XXXXXX";
	struct sp_bpf *r = NULL;
	struct sp_diag d = { 0 };
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(sp_bpf_file_write(f, b), 0);
	fclose(f);
	cr_assert_eq(sp_bpf_file_read(path, &r, &d), 0, "%s", d.msg);
	unlink(path);
	return r;
}

static void same_verdicts(struct sp_profile *p, int64_t last)
{
	static struct cases cs;
	static struct sp_probe_verdict want[MAX_CASES], got[MAX_CASES];
	struct { const char *name; struct sp_bpf *b; } under[4];
	struct sp_bpf *ref = libseccomp(p), *mine = own(p, NULL);
	char *c = render(F_C, p), *cbpf = render(F_CBPF, p);
	char w[32], g[32];

	under[0].name = "-f bpf (sandprint's compiler)";
	under[0].b = via_file(mine);
	under[1].name = "-f c (libseccomp, compiled)";
	under[1].b = generated(c, true);
	under[2].name = "-f c-bpf (compiled)";
	under[2].b = generated(cbpf, false);
	under[3].name = "sandprint's compiler, in memory";
	under[3].b = mine;
	cr_assert(under[2].b->len == mine->len &&
		  !memcmp(under[2].b->insns, mine->insns,
			  mine->len * sizeof(*mine->insns)),
		  "-f c-bpf carries the compiled program");
	make_cases(p, &cs, last);
	probe(ref, &cs, want);
	for (size_t u = 0; u < 4; u++) {
		size_t bad = 0;

		probe(under[u].b, &cs, got);
		for (size_t i = 0; i < cs.n; i++) {
			cr_assert_neq(want[i].kind, SP_PROBE_FAILED);
			if (want[i].kind == got[i].kind &&
			    want[i].err == got[i].err)
				continue;
			if (bad++ < 5)
				cr_log_error("%s: nr %#llx args %#llx %#llx "
					     "%#llx: libseccomp %s, here %s",
					     under[u].name,
					     (unsigned long long)cs.v[i].nr,
					     (unsigned long long)cs.v[i].args[0],
					     (unsigned long long)cs.v[i].args[1],
					     (unsigned long long)cs.v[i].args[2],
					     sp_probe_str(&want[i], w, 32),
					     sp_probe_str(&got[i], g, 32));
		}
		cr_expect_eq(bad, 0, "%s: %zu of %zu verdicts differ",
			     under[u].name, bad, cs.n);
	}
	for (size_t u = 0; u < 3; u++)
		sp_bpf_free(under[u].b);
	sp_bpf_free(ref);
	sp_bpf_free(mine);
	free(c);
	free(cbpf);
}

Test(formats_live, every_format_decides_as_libseccomp_does)
{
	struct sp_profile *p = load();

	same_verdicts(p, 470);
	sp_profile_free(p);
}

Test(formats_live, x32_listed_gets_its_rules_and_32_bit_arguments)
{
	struct sp_profile *p = load();

	sp_profile_add_arch(p, SP_ARCH_X32);
	same_verdicts(p, 470);
	sp_profile_free(p);
}

Test(formats_live, kill_default_decides_as_libseccomp_does)
{
	struct sp_profile *p = load();

	/* Each KILL restarts the probe: the rules' cases and the low
	 * numbers only (the ERRNO test above covers every number). */
	p->default_action = SP_ACT_KILL_PROCESS;
	same_verdicts(p, 20);
	sp_profile_free(p);
}

/* Adds a rule: name, one condition per (op, index, value, value_two). */
static void add_rule(struct sp_profile *p, const char *name,
		     const struct sp_cond *conds, size_t n)
{
	struct sp_rule *r = sp_profile_add_rule(p);

	cr_assert_not_null(r);
	r->action = SP_ACT_ALLOW;
	cr_assert_eq(sp_rule_add_name(r, name), 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(sp_rule_add_cond(r, &conds[i]), 0);
}

/* A MASKED_EQ whose value has bits outside its mask: libseccomp compares
 * (arg & mask) with (value & mask), so getsid(0) and getsid(0x20) match
 * mask 0xf, value 0x10; sandprint's compiler compared with the whole
 * value and matched nothing (-f bpf and -f c-bpf refused what -f json
 * allows). */
Test(formats_live, masked_value_outside_its_mask_decides_as_libseccomp_does)
{
	struct sp_profile *p = load();
	const struct sp_cond outside[] = {
		{ 0, 0xf, 0x10, SP_CMP_MASKED_EQ },
		{ 1, 0xffffffff00000000ull, 0x100000001ull, SP_CMP_MASKED_EQ },
	};

	add_rule(p, "getsid", &outside[0], 1);
	add_rule(p, "getpriority", outside, 2);
	same_verdicts(p, 20);
	sp_profile_free(p);
}

/* Many 32-bit enum values (a workload's ioctl requests, compared under
 * mask 0xffffffff as the profile writes them) on x86_64, x86 and x32:
 * 250 of them took over 5000 instructions, past the kernel's 4096, where
 * libseccomp's program for -f json fits (-f bpf refused what crun
 * loads).  A mask's half with no bit, or every bit, costs no test or no
 * "and". */
Test(formats_live, many_32_bit_enum_values_fit_the_kernel)
{
	struct sp_profile *p = load();
	struct sp_cond c = { 1, 0xffffffff, 0, SP_CMP_MASKED_EQ };
	struct sp_bpf *b;

	sp_profile_add_arch(p, SP_ARCH_X32);
	for (unsigned i = 0; i < 250; i++) {
		c.value_two = 0x5400 + i;
		add_rule(p, "ioctl", &c, 1);
	}
	b = own(p, NULL);
	cr_assert_leq(b->len, 4096, "%zu instructions", b->len);
	sp_bpf_free(b);
	same_verdicts(p, 20);
	sp_profile_free(p);
}

#define B63 (1ull << 63)

/* -f k8s: the CRD holds int64 values.  Judged by the kernel, the fitted
 * profile decides every case without bit 63 as the profile does, and
 * allows a case with bit 63 only where the profile allows it or it
 * without bit 63.  (The next test shows that bit 63 of the arguments
 * sandprint constrains does nothing or makes the call fail.) */
Test(formats_live, k8s_values_fit_int64_and_mean_the_same_below_bit_63)
{
	static struct cases cs, cleared;
	static struct sp_probe_verdict want[MAX_CASES], got[MAX_CASES],
		want_cleared[MAX_CASES];
	struct sp_profile *p = load(), *q = NULL;
	const struct sp_cond eq_big = { 0, B63 | 16, 0, SP_CMP_EQ };
	const struct sp_cond lt_big = { 1, B63 | 5, 0, SP_CMP_LT };
	const struct sp_cond ge_big = { 2, B63 | 5, 0, SP_CMP_GE };
	const struct sp_cond wx = { 2, ~(uint64_t)(PROT_READ | PROT_WRITE), 0,
				    SP_CMP_MASKED_EQ };
	struct sp_cond many[7];
	struct sp_bpf *a, *b;
	size_t changed, bad = 0;
	char w[32], g[32];

	add_rule(p, "ptrace", &eq_big, 1);
	add_rule(p, "getpriority", &lt_big, 1);
	add_rule(p, "setpriority", &ge_big, 1);
	add_rule(p, "mmap", &wx, 1);
	for (unsigned i = 0; i < 7; i++)
		many[i] = (struct sp_cond){ 1, i + 1, 0, SP_CMP_EQ };
	add_rule(p, "kill", many, 7);
	cr_assert_eq(sp_profile_fit_k8s(p, &q, &changed), 0);
	cr_assert_geq(changed, 5, "%zu conditions changed", changed);
	for (size_t i = 0; i < q->nrules; i++) {
		cr_assert_leq(q->rules[i].nconds, 6, "the CRD's maxItems");
		for (size_t k = 0; k < q->rules[i].nconds; k++) {
			cr_assert_leq(q->rules[i].conds[k].value, INT64_MAX);
			cr_assert_leq(q->rules[i].conds[k].value_two, INT64_MAX);
		}
	}
	make_cases(p, &cs, 340);
	cleared = cs;
	for (size_t i = 0; i < cs.n; i++)
		for (size_t k = 0; k < 5; k++)
			cleared.v[i].args[k] &= ~B63;
	a = libseccomp(p);
	b = libseccomp(q);
	probe(a, &cs, want);
	probe(a, &cleared, want_cleared);
	probe(b, &cs, got);
	for (size_t i = 0; i < cs.n; i++) {
		bool high = memcmp(&cs.v[i], &cleared.v[i], sizeof(cs.v[i]));
		bool same = want[i].kind == got[i].kind &&
			    want[i].err == got[i].err;

		cr_assert_neq(want[i].kind, SP_PROBE_FAILED);
		if (high)
			same = got[i].kind != SP_PROBE_ALLOW ||
			       want[i].kind == SP_PROBE_ALLOW ||
			       want_cleared[i].kind == SP_PROBE_ALLOW;
		if (same)
			continue;
		if (bad++ < 5)
			cr_log_error("nr %lld args %#llx %#llx %#llx: profile "
				     "%s, k8s %s",
				     (long long)cs.v[i].nr,
				     (unsigned long long)cs.v[i].args[0],
				     (unsigned long long)cs.v[i].args[1],
				     (unsigned long long)cs.v[i].args[2],
				     sp_probe_str(&want[i], w, 32),
				     sp_probe_str(&got[i], g, 32));
	}
	cr_expect_eq(bad, 0, "%zu of %zu verdicts differ", bad, cs.n);
	sp_bpf_free(a);
	sp_bpf_free(b);
	sp_profile_free(q);
	sp_profile_free(p);
}

/* Bit 63 of each 64-bit flag and protection argument sandprint
 * constrains (argkind.def), set on a real call: the kernel ignores it
 * (the call does what it does without it) or refuses the call.  So a
 * k8s rule that cannot compare bit 63 lets the workload do nothing more. */
static void mapping_perms(void *addr, char out[5])
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	strcpy(out, "none");
	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end;
		char perms[5];

		/* Containment: a neighbour with the same rights may have
		 * merged with it. */
		if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) == 3 &&
		    start <= (unsigned long)addr && (unsigned long)addr < end)
			strcpy(out, perms);
	}
	fclose(f);
}

static bool b63_mmap_prot(void)
{
	char with[5], without[5];
	void *x = (void *)syscall(SYS_mmap, 0, 4096, PROT_READ | B63,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *y;

	if (x == MAP_FAILED)
		return errno == EINVAL;
	mapping_perms(x, with);
	munmap(x, 4096);
	y = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mapping_perms(y, without);
	munmap(y, 4096);
	return strcmp(with, without) == 0 && strcmp(with, "none") != 0;
}

static bool b63_mmap_flags(void)
{
	char with[5], without[5];
	void *x = (void *)syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | B63, -1, 0), *y;

	if (x == MAP_FAILED)
		return errno == EINVAL;
	mapping_perms(x, with);
	munmap(x, 4096);
	y = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	mapping_perms(y, without);
	munmap(y, 4096);
	return strcmp(with, without) == 0 && strcmp(with, "none") != 0;
}

static bool b63_mprotect(void)
{
	void *x = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char perms[5];
	long r = syscall(SYS_mprotect, x, 4096,
			 PROT_READ | PROT_WRITE | PROT_EXEC | B63);
	bool ok = r < 0 && errno == EINVAL;

	mapping_perms(x, perms);
	munmap(x, 4096);
	return ok && strcmp(perms, "r--p") == 0;
}

static bool b63_pkey_mprotect(void)
{
	void *x = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long r = syscall(SYS_pkey_mprotect, x, 4096,
			 PROT_READ | PROT_WRITE | PROT_EXEC | B63, -1);
	bool ok = r < 0 && (errno == EINVAL || errno == ENOSYS);

	munmap(x, 4096);
	return ok;
}

static bool b63_unshare(void)
{
	return syscall(SYS_unshare, CLONE_NEWUTS | B63) < 0 &&
	       errno == EINVAL;
}

/* clone(SIGCHLD | bit 63) behaves as fork: the child runs, exits 7. */
static bool b63_clone(void)
{
	int st;
	long pid = syscall(SYS_clone, SIGCHLD | B63, 0, 0, 0, 0);

	if (pid == 0)
		_exit(7);
	if (pid < 0)
		return errno == EINVAL;
	return waitpid((pid_t)pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 7;
}

/* In a child with its own mount namespace: tmpfs with MS_NOSUID | bit
 * 63 is refused, or mounted as MS_NOSUID alone would be. */
static bool b63_mount(void)
{
	char dir[] = "/tmp/sp-b63-XXXXXX";
	int st;
	pid_t pid;

	cr_assert_not_null(mkdtemp(dir));
	pid = fork();
	if (pid == 0) {
		long r;

		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			_exit(2);
		r = syscall(SYS_mount, "none", dir, "tmpfs",
			    MS_NOSUID | B63, "size=4k");
		if (r < 0)
			_exit(errno == EINVAL ? 0 : 1);
		_exit(system("grep -q ' /tmp/sp-b63-[^ ]* [^ ]*nosuid' "
			     "/proc/self/mountinfo") == 0 ? 0 : 1);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	rmdir(dir);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) != 2,
		  "no mount namespace for the check");
	return WEXITSTATUS(st) == 0;
}

static const struct {
	const char *name;
	unsigned index;
	bool (*check)(void);
} b63_checks[] = {
	{ "clone", 0, b63_clone },
	{ "unshare", 0, b63_unshare },
	{ "mmap", 2, b63_mmap_prot },
	{ "mmap", 3, b63_mmap_flags },
	{ "mprotect", 2, b63_mprotect },
	{ "pkey_mprotect", 2, b63_pkey_mprotect },
	{ "mount", 3, b63_mount },
};

Test(formats_live, bit_63_of_64_bit_flags_is_ignored_or_refused)
{
	for (size_t i = 0; i < ARRAY_SIZE(b63_checks);
	     i++)
		cr_expect(b63_checks[i].check(), "%s argument %u: bit 63 "
			  "changed what the call did", b63_checks[i].name,
			  b63_checks[i].index);
}

/* Every 64-bit flag or protection argument of argkind.def on this arch
 * has its check above: a new one must come with its own. */
Test(formats, every_64_bit_flag_argument_has_a_bit_63_check)
{
	static const struct {
		enum sp_arch arch;
		const char *name;
		unsigned index;
		int kind, bits;
	} rows[] = {
#define ENUM 0
#define FLAGS 1
#define PROT 2
#define STRUCT 3 /* a pointer: never a condition */
#define SP_ARG(sc, i, kind, bits, lvl) \
	{ SP_ARCH_COUNT, #sc, i, kind, bits },
#define SP_ARG_ARCH(a, sc, i, kind, bits, lvl) \
	{ SP_ARCH_##a, #sc, i, kind, bits },
#include "analyzer/argkind.def"
#undef SP_ARG_ARCH
#undef SP_ARG
#undef STRUCT
#undef PROT
#undef FLAGS
#undef ENUM
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		bool found = false;

		int64_t nr;

		if (rows[i].bits != 64 || rows[i].kind == 0 ||
		    rows[i].kind == 3 ||
		    (rows[i].arch != SP_ARCH_COUNT &&
		     rows[i].arch != sp_arch_native()) ||
		    sp_syscall_nr(sp_arch_native(), rows[i].name, &nr))
			continue;
		for (size_t k = 0;
		     k < ARRAY_SIZE(b63_checks); k++)
			found |= strcmp(b63_checks[k].name, rows[i].name) == 0 &&
				 b63_checks[k].index == rows[i].index;
		cr_expect(found, "%s argument %u has no bit 63 check",
			  rows[i].name, rows[i].index);
	}
}
