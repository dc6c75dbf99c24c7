/* output/: trace and OCI profile files, written and read back, against
 * golden files, real profiles (Docker's default) and bad-input fixtures. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/array.h"
#include "core/diag.h"
#include "core/profile.h"
#include "core/trace.h"
#include "output/file.h"
#include "output/json.h"
#include "output/docker.h"
#include "output/oci_json.h"
#include "output/trace_json.h"

#define TESTDATA SP_SOURCE_DIR "/testdata"

/* Helpers. */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t n = 0;

	cr_assert_not_null(f, "cannot open %s: %s", path, strerror(errno));
	for (;;) {
		buf = realloc(buf, n + 4097);
		cr_assert_not_null(buf);
		size_t got = fread(buf + n, 1, 4096, f);

		n += got;
		if (!got)
			break;
	}
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	cr_assert_not_null(f, "cannot create %s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* The text a writer produces, NUL-terminated. */
static char *write_mem(sp_writer_fn fn, const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(fn(f, arg), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

static int write_trace(FILE *f, const void *arg)
{
	return sp_trace_write_json(f, arg);
}

static int write_profile(FILE *f, const void *arg)
{
	return sp_profile_write_oci(f, arg);
}

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sp-output-test-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	if (!dir)
		return;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(tmpdir);
}

/* sp_trace_read_json of text, written to the test's directory. */
static int read_trace_text(const char *text, struct sp_trace **t,
			   struct sp_diag *d)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/trace.json", tmpdir);
	spit(path, text);
	return sp_trace_read_json(path, t, d);
}

/* Compares text with testdata/golden/name byte for byte; with
 * SP_UPDATE_GOLDEN=1 rewrites the golden file instead (review the diff). */
static void check_golden(const char *name, const char *text)
{
	char path[512];
	const char *update = getenv("SP_UPDATE_GOLDEN");
	char *want;

	snprintf(path, sizeof(path), "%s/golden/%s", TESTDATA, name);
	if (update && strcmp(update, "1") == 0) {
		spit(path, text);
		cr_log_warn("rewrote %s", path);
		return;
	}
	want = slurp(path, NULL);
	cr_assert_str_eq(text, want,
			 "%s differs (SP_UPDATE_GOLDEN=1 rewrites it)", path);
	free(want);
}

/* A trace with a value in every field, several of them awkward. */
static struct sp_trace *sample_trace(void)
{
	static char *const argv[] = { "sh", "-c", "echo \"hi\"\n\ttab \\ é",
				      NULL };
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern p = { 0 };

	cr_assert_not_null(t);
	cr_assert_eq(sp_trace_set_argv(t, argv), 0);
	cr_assert_eq(sp_trace_intern_exe(t, "/usr/bin/dash"), 0);
	cr_assert_eq(sp_trace_intern_exe(t, "/opt/app/bin/run me"), 1);
	cr_assert_eq(sp_trace_add_process(t, 4242, 4241, 0), 0);
	cr_assert_eq(sp_trace_add_process(t, 4242, 4241, 1), 0);
	cr_assert_eq(sp_trace_add_process(t, 4250, 4242, 1), 0);

	/* read(0, buf, 4096): only fd and count are kept */
	p = (struct sp_pattern){ .arch = SP_ARCH_X86_64, .nr = 0,
				 .kept = 0x5, .args = { 0, 0, 4096 },
				 .count = 17, .exe = 0, .pid = 4242 };
	cr_assert_geq(sp_trace_add_pattern(t, &p), 0);
	/* socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0) */
	p = (struct sp_pattern){ .arch = SP_ARCH_X86_64, .nr = 41,
				 .kept = 0x7, .args = { 2, 0x80001, 0 },
				 .count = 3, .exe = 1, .pid = 4250 };
	cr_assert_geq(sp_trace_add_pattern(t, &p), 0);
	/* ioctl with every bit of a 64-bit argument set, on x86 */
	p = (struct sp_pattern){ .arch = SP_ARCH_X86, .nr = 54,
				 .kept = 0x3f,
				 .args = { 1, UINT64_MAX, INT64_MAX,
					   (uint64_t)INT64_MAX + 1, 0, 7 },
				 .count = 1, .exe = 1, .pid = 4250 };
	cr_assert_geq(sp_trace_add_pattern(t, &p), 0);
	/* a number libseccomp does not know */
	p = (struct sp_pattern){ .arch = SP_ARCH_X86_64, .nr = 999,
				 .kept = 0, .count = 2, .exe = 1, .pid = 4250 };
	cr_assert_geq(sp_trace_add_pattern(t, &p), 0);

	t->ncalls = 23;
	t->end = SP_END_SIGNALED;
	t->status = 9;
	t->no_new_privs = true;
	t->partial = false;
	return t;
}

static struct sp_profile *sample_profile(void)
{
	struct sp_profile *p = sp_profile_new();
	struct sp_rule *r;
	struct sp_cond c;

	cr_assert_not_null(p);
	p->default_action = SP_ACT_ERRNO;
	p->default_errno = 1;
	cr_assert_eq(sp_profile_add_arch(p, SP_ARCH_X86_64), 0);
	cr_assert_eq(sp_profile_add_arch(p, SP_ARCH_X86), 0);
	cr_assert_eq(sp_profile_add_arch(p, SP_ARCH_X32), 0);

	r = sp_profile_add_rule(p);
	cr_assert_not_null(r);
	cr_assert_eq(sp_rule_add_name(r, "write"), 0);
	cr_assert_eq(sp_rule_add_name(r, "read"), 0);
	cr_assert_eq(sp_rule_add_name(r, "close"), 0);
	r->action = SP_ACT_ALLOW;
	cr_assert_eq(sp_rule_set_comment(r, "recorded: 3 patterns"), 0);

	r = sp_profile_add_rule(p);
	cr_assert_not_null(r);
	cr_assert_eq(sp_rule_add_name(r, "socket"), 0);
	r->action = SP_ACT_ALLOW;
	c = (struct sp_cond){ .index = 0, .value = 2, .op = SP_CMP_EQ };
	cr_assert_eq(sp_rule_add_cond(r, &c), 0);
	c = (struct sp_cond){ .index = 1, .value = 1, .value_two = 0xf,
			      .op = SP_CMP_MASKED_EQ };
	cr_assert_eq(sp_rule_add_cond(r, &c), 0);
	cr_assert_eq(sp_rule_set_comment(r, "quote \" backslash \\ newline \n"),
		     0);

	r = sp_profile_add_rule(p);
	cr_assert_not_null(r);
	cr_assert_eq(sp_rule_add_name(r, "ioctl"), 0);
	r->action = SP_ACT_ALLOW;
	c = (struct sp_cond){ .index = 1, .value = UINT64_MAX,
			      .value_two = (uint64_t)INT64_MAX + 1,
			      .op = SP_CMP_NE };
	cr_assert_eq(sp_rule_add_cond(r, &c), 0);

	r = sp_profile_add_rule(p);
	cr_assert_not_null(r);
	cr_assert_eq(sp_rule_add_name(r, "clone3"), 0);
	r->action = SP_ACT_ERRNO;
	r->errno_ret = 38;

	r = sp_profile_add_rule(p);
	cr_assert_not_null(r);
	cr_assert_eq(sp_rule_add_name(r, "syscall_999"), 0);
	r->action = SP_ACT_LOG;
	/* No comment here carries sandprint's tag: as read back, each
	 * rule is someone else's. */
	for (size_t i = 0; i < p->nrules; i++)
		p->rules[i].origin = SP_ORIGIN_OTHER;
	return p;
}

static void assert_same_profile(const struct sp_profile *a,
				const struct sp_profile *b)
{
	cr_assert_eq(a->default_action, b->default_action);
	cr_assert_eq(a->default_errno, b->default_errno);
	cr_assert_eq(a->narchs, b->narchs);
	for (size_t i = 0; i < a->narchs; i++)
		cr_assert_eq(a->archs[i], b->archs[i]);
	cr_assert_eq(a->nrules, b->nrules);
	for (size_t i = 0; i < a->nrules; i++) {
		const struct sp_rule *x = &a->rules[i], *y = &b->rules[i];

		cr_assert_eq(x->nnames, y->nnames, "rule %zu", i);
		for (size_t j = 0; j < x->nnames; j++)
			cr_assert_str_eq(x->names[j], y->names[j]);
		cr_assert(sp_rule_same_condition(x, y), "rule %zu", i);
		if (x->comment)
			cr_assert_str_eq(x->comment, y->comment);
		else
			cr_assert_null(y->comment);
	}
}

/* trace_json */

Test(trace_json, round_trip_keeps_every_field, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_trace *t = sample_trace(), *u = NULL;
	struct sp_diag d = { 0 };
	char path[512];

	/* Ran without its privileges (record as a user): by name, one of
	 * the executables (one that is not: bad_cases). */
	cr_assert_eq(sp_trace_intern_unprivileged(t, t->exes[1]), 0);
	snprintf(path, sizeof(path), "%s/trace.json", tmpdir);
	cr_assert_eq(sp_file_write_atomic(path, write_trace, t, &d), 0,
		     "%s", d.msg);
	cr_assert_eq(sp_trace_read_json(path, &u, &d), 0, "%s", d.msg);

	for (size_t i = 0; t->argv[i] || u->argv[i]; i++) {
		cr_assert_not_null(t->argv[i]);
		cr_assert_not_null(u->argv[i]);
		cr_assert_str_eq(u->argv[i], t->argv[i]);
	}
	cr_assert_eq(u->nexes, 2);
	cr_assert_str_eq(u->exes[0], "/usr/bin/dash");
	cr_assert_str_eq(u->exes[1], "/opt/app/bin/run me");
	cr_assert_eq(u->nprocs, 3);
	cr_assert_eq(u->procs[2].pid, 4250);
	cr_assert_eq(u->procs[2].ppid, 4242);
	cr_assert_eq(u->procs[2].exe, 1);
	cr_assert_eq(u->npatterns, t->npatterns);
	for (size_t i = 0; i < t->npatterns; i++) {
		const struct sp_pattern *a = &t->patterns[i];
		const struct sp_pattern *b = &u->patterns[i];

		cr_assert_eq(b->arch, a->arch, "pattern %zu", i);
		cr_assert_eq(b->nr, a->nr, "pattern %zu", i);
		cr_assert_eq(b->kept, a->kept, "pattern %zu", i);
		for (int j = 0; j < SP_NARGS; j++)
			cr_assert_eq(b->args[j], a->args[j], "pattern %zu", i);
		cr_assert_eq(b->count, a->count);
		cr_assert_eq(b->exe, a->exe);
		cr_assert_eq(b->pid, a->pid);
	}
	cr_assert_eq(u->ncalls, 23);
	cr_assert_eq(u->end, SP_END_SIGNALED);
	cr_assert_eq(u->status, 9);
	cr_assert(u->no_new_privs);
	cr_assert_not(u->partial);
	cr_assert_eq(u->nunprivileged, 1);
	cr_assert_str_eq(u->unprivileged[0], "/opt/app/bin/run me");
	sp_trace_free(t);
	sp_trace_free(u);
}

Test(trace_json, big_args_written_as_hex_strings)
{
	struct sp_trace *t = sample_trace();
	char *text = write_mem(write_trace, t);

	cr_assert(strstr(text, "\"args\": [1, \"0xffffffffffffffff\", "
			       "9223372036854775807, \"0x8000000000000000\", "
			       "0, 7]"),
		  "%s", text);
	free(text);
	sp_trace_free(t);
}

Test(trace_json, unkept_args_written_as_null)
{
	struct sp_trace *t = sample_trace();
	char *text = write_mem(write_trace, t);

	cr_assert(strstr(text, "\"syscall\": \"read\", \"nr\": 0, "
			       "\"args\": [0, null, 4096, null, null, null]"),
		  "%s", text);
	/* unknown to libseccomp: named by number, never dropped */
	cr_assert(strstr(text, "\"syscall\": \"syscall_999\", \"nr\": 999, "
			       "\"args\": [null, null, null, null, null, "
			       "null]"),
		  "%s", text);
	free(text);
	sp_trace_free(t);
}

Test(trace_json, writes_golden_trace)
{
	struct sp_trace *t = sample_trace();
	char *text = write_mem(write_trace, t);

	check_golden("trace.json", text);
	free(text);
	sp_trace_free(t);
}

Test(trace_json, non_utf8_names_written_with_question_marks)
{
	struct sp_trace *t = sample_trace();
	char *text;

	cr_assert_eq(sp_trace_intern_exe(t, "/tmp/a\xff\xfe" "b"), 2);
	text = write_mem(write_trace, t);
	cr_assert(strstr(text, "\"/tmp/a??b\""), "%s", text);
	free(text);
	sp_trace_free(t);
}

Test(trace_json, reads_running_partial_trace)
{
	const char *path = TESTDATA "/traces/running-partial.json";
	struct sp_trace *t = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_trace_read_json(path, &t, &d), 0, "%s", d.msg);
	cr_assert_eq(t->end, SP_END_RUNNING);
	cr_assert(t->partial);
	cr_assert(t->no_new_privs);
	cr_assert_eq(t->ncalls, 7);
	cr_assert_str_eq(t->argv[2], "sleep 100");
	cr_assert_null(t->argv[3]);
	cr_assert_eq(t->npatterns, 2);
	/* no "nr": the name is resolved; openat is 257 on x86_64 */
	cr_assert_eq(t->patterns[0].arch, SP_ARCH_X86_64);
	cr_assert_eq(t->patterns[0].nr, 257);
	cr_assert_eq(t->patterns[0].kept, 0x4);
	cr_assert_eq(t->patterns[0].args[2], 0x80000);
	/* "nr" wins over "syscall"; decimal strings are values too */
	cr_assert_eq(t->patterns[1].arch, SP_ARCH_X86);
	cr_assert_eq(t->patterns[1].nr, 4);
	cr_assert_eq(t->patterns[1].kept, 0x3);
	cr_assert_eq(t->patterns[1].args[0], 1);
	cr_assert_eq(t->patterns[1].args[1], UINT64_MAX);
	cr_assert_eq(t->patterns[1].exe, 1);
	sp_trace_free(t);
}

/* The reader spells a path out only for a bad value: the deepest one, a
 * frame of a pattern's stack, is still named in full. */
Test(trace_json, bad_frame_named_by_its_full_path, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	static const char text[] =
		"{\"format\": \"sandprint-trace\", \"version\": 1,"
		" \"command\": [\"x\"], \"end\": \"exited\", \"status\": 0,"
		" \"partial\": false, \"no_new_privs\": false, \"calls\": 2,"
		" \"executables\": [\"/x\"], \"processes\": [],"
		" \"modules\": [\"/lib/libc.so.6\"], \"patterns\": ["
		"{\"arch\": \"x86_64\", \"nr\": 0, \"args\": [null, null, null,"
		" null, null, null], \"count\": 1, \"exe\": 0, \"pid\": 1},"
		"{\"arch\": \"x86_64\", \"nr\": 1, \"args\": [null, null, null,"
		" null, null, null], \"count\": 1, \"exe\": 0, \"pid\": 1,"
		" \"stack\": [{\"addr\": \"0x10\", \"module\": 0, \"offset\":"
		" \"0x10\", \"symbol\": null}, {\"addr\": \"0x20\", \"module\":"
		" 1, \"offset\": \"0x20\", \"symbol\": \"main\"}]}]}\n";
	struct sp_trace *t = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(read_trace_text(text, &t, &d), -EINVAL);
	cr_assert_null(t);
	cr_assert_str_eq(d.path, "$.patterns[1].stack[1].module");
	cr_assert_str_eq(d.msg, "module 1 not in $.modules (1 entries)");
}

/* A name this libseccomp cannot resolve (a newer kernel's call, the
 * writer's syscall_N) does not contradict the number: the number is read. */
Test(trace_json, unresolved_name_beside_its_nr_accepted, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	static const char text[] =
		"{\"format\": \"sandprint-trace\", \"version\": 1,"
		" \"command\": [\"x\"], \"end\": \"exited\", \"status\": 0,"
		" \"partial\": false, \"no_new_privs\": false, \"calls\": 3,"
		" \"executables\": [\"/x\"], \"processes\": [], \"patterns\": ["
		"{\"arch\": \"x86_64\", \"syscall\": \"call_of_2099\", \"nr\": 999,"
		" \"args\": [null, null, null, null, null, null], \"count\": 1,"
		" \"exe\": 0, \"pid\": 1},"
		"{\"arch\": \"x32\", \"syscall\": \"syscall_1073742823\","
		" \"nr\": 1073742823, \"args\": [null, null, null, null, null,"
		" null], \"count\": 1, \"exe\": 0, \"pid\": 1},"
		"{\"arch\": \"x32\", \"syscall\": \"read\", \"nr\": 1073741824,"
		" \"args\": [null, null, null, null, null, null], \"count\": 1,"
		" \"exe\": 0, \"pid\": 1}]}\n";
	struct sp_trace *t = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(read_trace_text(text, &t, &d), 0, "%s %s", d.path, d.msg);
	cr_assert_eq(t->patterns[0].nr, 999);
	cr_assert_eq(t->patterns[1].nr, 0x40000000 + 999);
	cr_assert_eq(t->patterns[2].arch, SP_ARCH_X32);
	sp_trace_free(t);
}

Test(trace_json, missing_file_reports_enoent)
{
	const char *path = TESTDATA "/traces/no-such-file.json";
	struct sp_trace *t = NULL;
	struct sp_diag d = { 0 };
	char want[600];

	cr_assert_eq(sp_trace_read_json(path, &t, &d), -ENOENT);
	cr_assert_null(t);
	snprintf(want, sizeof(want), "cannot open: No such file or directory");
	cr_assert_str_eq(d.file, path);
	cr_assert_str_eq(d.msg, want);
	cr_assert_eq(d.line, 0);
	cr_assert_str_eq(d.path, "");
}

/* oci_json */

Test(oci_json, writes_golden_profile)
{
	struct sp_profile *p = sample_profile();
	char *text = write_mem(write_profile, p);

	check_golden("profile.oci.json", text);
	free(text);
	sp_profile_free(p);
}

Test(oci_json, value_above_int64_max_round_trips, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_profile *p = sample_profile(), *q = NULL;
	struct sp_diag d = { 0 };
	char path[512];
	char *text;

	/* plain decimal digits, as runc and crun parse uint64 */
	text = write_mem(write_profile, p);
	cr_assert(strstr(text, "{\"index\": 1, "
			       "\"value\": 18446744073709551615, "
			       "\"valueTwo\": 9223372036854775808, "
			       "\"op\": \"SCMP_CMP_NE\"}"),
		  "%s", text);
	free(text);

	snprintf(path, sizeof(path), "%s/profile.json", tmpdir);
	cr_assert_eq(sp_file_write_atomic(path, write_profile, p, &d), 0);
	cr_assert_eq(sp_profile_read_oci(path, &q, &d), 0, "%s", d.msg);
	cr_assert_eq(q->rules[2].conds[0].value, 0xffffffffffffffffu);
	cr_assert_eq(q->rules[2].conds[0].value_two, 0x8000000000000000u);
	sp_profile_free(p);
	sp_profile_free(q);
}

Test(oci_json, round_trip_keeps_every_field, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_profile *p = sample_profile(), *q = NULL;
	struct sp_diag d = { 0 };
	char path[512];

	snprintf(path, sizeof(path), "%s/profile.json", tmpdir);
	cr_assert_eq(sp_file_write_atomic(path, write_profile, p, &d), 0);
	cr_assert_eq(sp_profile_read_oci(path, &q, &d), 0, "%s", d.msg);
	assert_same_profile(p, q);
	cr_assert_eq(q->nrules, 5);
	cr_assert_str_eq(q->rules[0].names[0], "close");
	cr_assert_eq(q->rules[3].errno_ret, 38);
	cr_assert_eq(q->rules[4].action, SP_ACT_LOG);
	sp_profile_free(p);
	sp_profile_free(q);
}

Test(oci_json, empty_profile_omits_optional_keys)
{
	struct sp_profile *p = sp_profile_new();
	char *text = write_mem(write_profile, p);

	cr_assert_str_eq(text, "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
			       "  \"syscalls\": []\n}\n");
	free(text);
	sp_profile_free(p);
}

/* Docker's default (moby/profiles seccomp/default.json, see
 * testdata/SOURCES.md); expectations counted from the file. */
Test(oci_json, reads_docker_default)
{
	const char *path = TESTDATA "/profiles/moby-default.json";
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };
	const struct sp_rule *r;

	cr_assert_eq(sp_profile_read_oci(path, &p, &d), 0, "%s: %s %s",
		     d.file, d.path, d.msg);
	cr_assert_eq(p->default_action, SP_ACT_ERRNO);
	cr_assert_eq(p->default_errno, 1);
	/* archMap's main architectures sandprint knows, in file order */
	cr_assert_eq(p->narchs, 4);
	cr_assert_eq(p->archs[0], SP_ARCH_X86_64);
	cr_assert_eq(p->archs[1], SP_ARCH_AARCH64);
	cr_assert_eq(p->archs[2], SP_ARCH_S390X);
	cr_assert_eq(p->archs[3], SP_ARCH_RISCV64);
	cr_assert_eq(p->nrules, 33);

	r = &p->rules[0];
	cr_assert_eq(r->nnames, 361);
	cr_assert_str_eq(r->names[0], "_llseek"); /* strcmp order */
	cr_assert_str_eq(r->names[360], "writev");
	cr_assert_eq(r->action, SP_ACT_ALLOW);
	cr_assert_eq(r->nconds, 0);

	r = &p->rules[9]; /* personality(0xffffffff) */
	cr_assert_str_eq(r->names[0], "personality");
	cr_assert_eq(r->nconds, 1);
	cr_assert_eq(r->conds[0].index, 0);
	cr_assert_eq(r->conds[0].value, 4294967295u);
	cr_assert_eq(r->conds[0].value_two, 0);
	cr_assert_eq(r->conds[0].op, SP_CMP_EQ);

	r = &p->rules[18]; /* clone without namespace flags */
	cr_assert_eq(r->conds[0].value, 2114060288);
	cr_assert_eq(r->conds[0].op, SP_CMP_MASKED_EQ);

	r = &p->rules[19];
	cr_assert_eq(r->conds[0].index, 1);
	cr_assert_str_eq(r->comment,
			 "s390 parameter ordering for clone is different");

	r = &p->rules[20];
	cr_assert_str_eq(r->names[0], "clone3");
	cr_assert_eq(r->action, SP_ACT_ERRNO);
	cr_assert_eq(r->errno_ret, 38);
	sp_profile_free(p);
}

/* Podman's "errno"/"defaultErrno" strings win over the numbers, as
 * containers/common's getErrno has it; "" leaves the number. */
Test(oci_json, podman_errno_strings_win_over_numbers)
{
	const char *path = TESTDATA "/profiles/podman-errno-strings.json";
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_profile_read_oci(path, &p, &d), 0, "%s %s", d.path,
		     d.msg);
	cr_assert_eq(p->default_errno, 38);           /* "ENOSYS" over 1 */
	cr_assert_str_eq(p->rules[1].names[0], "uname");
	cr_assert_eq(p->rules[1].errno_ret, 13);      /* "EACCES" over 1 */
	cr_assert_eq(p->rules[2].errno_ret, 12);      /* "12" */
	cr_assert_eq(p->rules[3].errno_ret, 22);      /* "" keeps errnoRet */
	cr_assert_eq(p->rules[4].errno_ret, 95);      /* "ENOTSUP" */
	sp_profile_free(p);
}

/* moby/profiles seccomp/fixtures/example.json: Docker's old "name" form. */
Test(oci_json, reads_legacy_name_entries)
{
	const char *path = TESTDATA "/profiles/moby-example.json";
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_profile_read_oci(path, &p, &d), 0, "%s %s", d.path,
		     d.msg);
	cr_assert_eq(p->narchs, 0);
	cr_assert_eq(p->nrules, 4);
	cr_assert_str_eq(p->rules[0].names[0], "clone");
	cr_assert_eq(p->rules[0].conds[0].value, 2114060288);
	cr_assert_eq(p->rules[0].conds[0].op, SP_CMP_MASKED_EQ);
	cr_assert_str_eq(p->rules[1].names[0], "open");
	cr_assert_eq(p->rules[1].nconds, 0);
	cr_assert_str_eq(p->rules[3].names[0], "syslog");
	cr_assert_eq(p->rules[3].action, SP_ACT_ERRNO);
	cr_assert_eq(p->rules[3].errno_ret, 12345);
	sp_profile_free(p);
}

Test(oci_json, reads_every_runtime_spec_key, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };
	char path[512];

	snprintf(path, sizeof(path), "%s/all.json", tmpdir);
	spit(path,
	     "{\"defaultAction\": \"SCMP_ACT_KILL\",\n"
	     " \"defaultErrnoRet\": null,\n"
	     " \"architectures\": [\"SCMP_ARCH_AARCH64\"],\n"
	     " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\"}],\n"
	     " \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\"],\n"
	     " \"listenerPath\": \"/run/seccomp.sock\",\n"
	     " \"listenerMetadata\": \"x\",\n"
	     " \"syscalls\": [\n"
	     "  {\"names\": [\"b\", \"a\"], \"name\": \"c\",\n"
	     "   \"action\": \"SCMP_ACT_NOTIFY\", \"args\": null,\n"
	     "   \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]},\n"
	     "   \"excludes\": {}},\n"
	     "  {\"names\": [\"d\"], \"action\": \"SCMP_ACT_TRACE\",\n"
	     "   \"errnoRet\": 0, \"comment\": \"c\",\n"
	     "   \"args\": [{\"index\": 5, \"value\": 9223372036854775808,\n"
	     "             \"op\": \"SCMP_CMP_GE\"},\n"
	     "            [18446744073709551615] ]}\n"
	     " ]}\n");
	/* the stray array inside "args" is an error only once the rest is
	 * read: it checks that big numbers inside arrays are swapped too */
	cr_assert_eq(sp_profile_read_oci(path, &p, &d), -EINVAL);
	cr_assert_str_eq(d.path, "$.syscalls[1].args[1]");
	cr_assert_str_eq(d.msg, "expected an object");

	spit(path,
	     "{\"defaultAction\": \"SCMP_ACT_KILL\",\n"
	     " \"defaultErrnoRet\": null,\n"
	     " \"architectures\": [\"SCMP_ARCH_AARCH64\"],\n"
	     " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\"}],\n"
	     " \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\"],\n"
	     " \"listenerPath\": \"/run/seccomp.sock\",\n"
	     " \"listenerMetadata\": \"x\",\n"
	     " \"syscalls\": [\n"
	     "  {\"names\": [\"b\", \"a\"], \"name\": \"c\",\n"
	     "   \"action\": \"SCMP_ACT_NOTIFY\", \"args\": null,\n"
	     "   \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]},\n"
	     "   \"excludes\": {}},\n"
	     "  {\"names\": [\"d\"], \"action\": \"SCMP_ACT_TRACE\",\n"
	     "   \"errnoRet\": 0, \"comment\": \"c\",\n"
	     "   \"args\": [{\"index\": 5, \"value\": 9223372036854775808,\n"
	     "             \"op\": \"SCMP_CMP_GE\"}]}\n"
	     " ]}\n");
	cr_assert_eq(sp_profile_read_oci(path, &p, &d), 0, "%s %s", d.path,
		     d.msg);
	/* runtime-spec: SCMP_ACT_KILL kills the thread */
	cr_assert_eq(p->default_action, SP_ACT_KILL_THREAD);
	cr_assert_eq(p->default_errno, -1);
	/* "architectures" wins over "archMap" */
	cr_assert_eq(p->narchs, 1);
	cr_assert_eq(p->archs[0], SP_ARCH_AARCH64);
	cr_assert_eq(p->nrules, 2);
	cr_assert_eq(p->rules[0].nnames, 3);
	cr_assert_str_eq(p->rules[0].names[0], "a");
	cr_assert_str_eq(p->rules[0].names[2], "c");
	cr_assert_eq(p->rules[0].action, SP_ACT_NOTIFY);
	cr_assert_eq(p->rules[1].action, SP_ACT_TRACE);
	cr_assert_eq(p->rules[1].errno_ret, 0);
	cr_assert_str_eq(p->rules[1].comment, "c");
	cr_assert_eq(p->rules[1].conds[0].index, 5);
	cr_assert_eq(p->rules[1].conds[0].value, 0x8000000000000000u);
	cr_assert_eq(p->rules[1].conds[0].value_two, 0);
	cr_assert_eq(p->rules[1].conds[0].op, SP_CMP_GE);
	sp_profile_free(p);
}

/* Big numbers are swapped for "\u0001N" strings before parsing; a profile
 * that writes such a string itself must not be able to pass it for one. */
Test(oci_json, placeholder_strings_cannot_be_forged, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };
	char path[512];

	snprintf(path, sizeof(path), "%s/forged.json", tmpdir);
	spit(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		   "{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		   " \"args\": [{\"index\": 0, \"value\": \"\\u00010\", "
		   "\"op\": \"SCMP_CMP_EQ\"}]}]}\n");
	cr_assert_eq(sp_profile_read_oci(path, &p, &d), -EINVAL);
	cr_assert_str_eq(d.path, "$.syscalls[0].args[0].value");
	cr_assert_str_eq(d.msg, "expected a non-negative integer");

	/* with a big number elsewhere: nothing is swapped, jansson's own
	 * error stands (a known limit, for a string no profile needs) */
	spit(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		   "{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		   " \"args\": [{\"index\": 0, \"value\": \"\\u00010\", "
		   "\"op\": \"SCMP_CMP_EQ\"},\n"
		   " {\"index\": 1, \"value\": 18446744073709551615, "
		   "\"op\": \"SCMP_CMP_EQ\"}]}]}\n");
	cr_assert_eq(sp_profile_read_oci(path, &p, &d), -EINVAL);
	cr_assert_str_eq(d.msg, "too big integer near '18446744073709551615'");
	cr_assert_eq(d.line, 4);
	cr_assert_eq(d.column, 43);
	cr_assert_null(p);
}

Test(oci_json, missing_file_reports_enoent)
{
	const char *path = TESTDATA "/profiles/no-such-file.json";
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };
	char want[600];

	cr_assert_eq(sp_profile_read_oci(path, &p, &d), -ENOENT);
	cr_assert_null(p);
	snprintf(want, sizeof(want), "cannot open: No such file or directory");
	cr_assert_str_eq(d.file, path);
	cr_assert_str_eq(d.msg, want);
}

/* Bad input: every testdata/{traces,profiles}/invalid-*.json, with the
 * diagnostic it must give.  line/column are jansson's: the line, and the
 * column of the last character of the offending token (0 when none was
 * read).  The values were counted from the fixtures. */

/* An invalid fixture and the diagnostic it must get. */
struct bad_case {
	char file[64];      /* under testdata/ */
	int line, column;
	char path[40];
	char msg[256];
};

static struct bad_case bad_cases[] = {
	{ "traces/invalid-empty.json", 1, 0, "",
	  "'[' or '{' expected near end of file" },
	{ "traces/invalid-truncated.json", 15, 5, "",
	  "string or '}' expected near end of file" },
	{ "traces/invalid-binary-garbage.json", 1, 8, "",
	  "a NUL byte: not text" },
	{ "traces/invalid-wrong-type.json", 0, 0, "$.calls",
	  "expected an integer" },
	{ "traces/invalid-unknown-arch.json", 0, 0, "$.patterns[1].arch",
	  "unknown arch \"foo\"" },
	{ "traces/invalid-duplicate-key.json", 7, 10, "",
	  "duplicate object key near '\"status\"'" },
	{ "traces/invalid-deeply-nested.json", 1, 2049, "",
	  "maximum parsing depth reached near '['" },
	{ "traces/invalid-huge-number.json", 10, 34, "", "too big integer" },
	{ "traces/invalid-not-a-trace.json", 0, 0, "$.format",
	  "not a sandprint trace: format \"sandprint-profile\"" },
	{ "traces/invalid-unsupported-version.json", 0, 0, "$.version",
	  "unsupported version 2" },
	{ "traces/invalid-missing-format.json", 0, 0, "$",
	  "missing key \"format\"" },
	{ "traces/invalid-top-level-array.json", 0, 0, "$",
	  "not a sandprint trace: expected an object" },
	{ "traces/invalid-args-length.json", 0, 0, "$.patterns[1].args",
	  "expected 6 arguments, found 5" },
	{ "traces/invalid-exe-index.json", 0, 0, "$.patterns[1].exe",
	  "executable 1 not in $.executables (1 entries)" },
	{ "traces/invalid-zero-count.json", 0, 0, "$.patterns[0].count",
	  "0 out of range (1-9223372036854775807)" },
	{ "traces/invalid-nr-beyond-int.json", 0, 0, "$.patterns[0].nr",
	  "4294967355 out of range (-2147483648 to 2147483647)" },
	{ "traces/invalid-negative-arg.json", 0, 0, "$.patterns[0].args[0]",
	  "expected a non-negative integer or a \"0x...\" string" },
	{ "traces/invalid-bad-hex-arg.json", 0, 0, "$.patterns[0].args[0]",
	  "expected a non-negative integer or a \"0x...\" string" },
	{ "traces/invalid-unknown-end.json", 0, 0, "$.end",
	  "unknown end \"finished\"" },
	{ "traces/invalid-container-not-a-string.json", 0, 0, "$.container",
	  "expected a container's id or an array of ids" },
	{ "traces/invalid-container-array-not-strings.json", 0, 0,
	  "$.container[1]", "expected a string" },
	{ "traces/invalid-container-empty-array.json", 0, 0, "$.container",
	  "an empty array: no container's id" },
	{ "traces/invalid-container-empty-id.json", 0, 0, "$.container[1]",
	  "an empty container id" },
	{ "traces/invalid-container-named-twice.json", 0, 0,
	  "$.container[2]", "container \"sp-a\" named twice" },
	{ "traces/invalid-container-more-than-runs.json", 0, 0,
	  "$.container", "3 containers in 2 runs: each container's start is "
	  "a run" },
	{ "traces/invalid-pod-empty.json", 0, 0, "$.pod",
	  "expected a pod's id, a non-empty string" },
	{ "traces/invalid-pod-without-container.json", 0, 0, "$.pod",
	  "a pod but no \"container\"" },
	{ "traces/invalid-unprivileged-not-an-executable.json", 0, 0,
	  "$.unprivileged[1]", "\"/usr/bin/su\" is not in $.executables" },
	{ "traces/invalid-nr-not-its-name.json", 0, 0, "$.patterns[0].nr",
	  "1 is not \"read\" on x86_64 (0)" },
	{ "traces/invalid-x32-nr-without-bit.json", 0, 0, "$.patterns[0].nr",
	  "0 is a call of x86_64, not x32" },
	{ "traces/invalid-unknown-syscall.json", 0, 0,
	  "$.patterns[0].syscall",
	  "unknown syscall \"no_such_call\" on x86_64" },

	{ "profiles/invalid-empty.json", 1, 0, "",
	  "'[' or '{' expected near end of file" },
	{ "profiles/invalid-truncated.json", 18, 16, "",
	  "']' expected near end of file" },
	{ "profiles/invalid-binary-garbage.json", 1, 4, "",
	  "a NUL byte: not text" },
	{ "profiles/invalid-unknown-action.json", 0, 0,
	  "$.syscalls[2].action", "unknown action \"SCMP_ACT_FOO\"" },
	{ "profiles/invalid-short-action.json", 0, 0, "$.defaultAction",
	  "unknown action \"errno\"" },
	{ "profiles/invalid-unknown-arch.json", 0, 0, "$.architectures[1]",
	  "unknown arch \"SCMP_ARCH_FOO\"" },
	{ "profiles/invalid-unknown-op.json", 0, 0,
	  "$.syscalls[1].args[0].op", "unknown op \"SCMP_CMP_EQUAL\"" },
	{ "profiles/invalid-huge-number.json", 14, 50, "",
	  "too big integer near '18446744073709551616'" },
	/* jansson's texts for these name its API (JSON_ALLOW_NUL) or say
	 * nothing of UTF-8. */
	{ "profiles/invalid-nul-escape.json", 4, 32, "",
	  "a NUL character (\\u0000) in a string near '\"read\\u0000write\"'" },
	{ "profiles/invalid-not-utf8.json", 4, 17, "",
	  "not UTF-8: unable to decode byte 0xe9 near '\"r'" },
	{ "profiles/invalid-duplicate-key.json", 9, 14, "",
	  "duplicate object key near '\"action\"'" },
	{ "profiles/invalid-deeply-nested.json", 1, 2061, "",
	  "maximum parsing depth reached near '['" },
	{ "profiles/invalid-wrong-type.json", 0, 0, "$.syscalls[0].names",
	  "expected an array" },
	{ "profiles/invalid-index-out-of-range.json", 0, 0,
	  "$.syscalls[1].args[0].index", "6 out of range (0-5)" },
	{ "profiles/invalid-negative-value.json", 0, 0,
	  "$.syscalls[1].args[0].value", "expected a non-negative integer" },
	{ "profiles/invalid-real-value.json", 0, 0,
	  "$.syscalls[1].args[0].value", "expected a non-negative integer" },
	{ "profiles/invalid-missing-action.json", 0, 0, "$.syscalls[2]",
	  "missing key \"action\"" },
	{ "profiles/invalid-missing-names.json", 0, 0, "$.syscalls[1]",
	  "missing key \"names\"" },
	{ "profiles/invalid-name-and-names.json", 0, 0, "$.syscalls[1]",
	  "both \"name\" and \"names\", which dockerd and Podman refuse "
	  "(use either 'name' or 'names'; runc and crun know no \"name\")" },
	{ "profiles/invalid-unknown-flag.json", 0, 0, "$.flags[1]",
	  "unknown flag \"SECCOMP_FILTER_FLAG_TSYNCH\", which runc and crun "
	  "refuse (known: SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, "
	  "SECCOMP_FILTER_FLAG_SPEC_ALLOW, "
	  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)" },
	{ "profiles/invalid-big-errno.json", 0, 0, "$.syscalls[2].errnoRet",
	  "18446744073709551615 out of range (0-65535)" },
	{ "profiles/invalid-unknown-errno.json", 0, 0, "$.syscalls[1].errno",
	  "unknown errno \"EINTR\"" },
	{ "profiles/invalid-errno-string-range.json", 0, 0, "$.defaultErrno",
	  "errno 65536 out of range (0-65535)" },
	{ "profiles/invalid-big-number-as-key.json", 3, 44, "",
	  "too big integer near '18446744073709551615'" },
	{ "profiles/invalid-top-level-array.json", 0, 0, "$",
	  "expected an object" },
	/* Firecracker's seccompiler filters (output/firecracker.h). */
	{ "profiles/invalid-firecracker-errno-range.json", 0, 0,
	  "$.vmm.default_action.errno", "70000 out of range (0-65535)" },
	{ "profiles/invalid-firecracker-errno-4095.json", 0, 0,
	  "$.t.filter_action.errno", "4095 out of range (0-4094): libseccomp "
	  "refuses it, so seccompiler-bin does" },
	{ "profiles/invalid-firecracker-huge-val.json", 1, 170, "",
	  "too big integer near '18446744073709551616'" },
	{ "profiles/invalid-firecracker-index-out-of-range.json", 0, 0,
	  "$.vmm.filter[0].args[0].index", "6 out of range (0-5)" },
	{ "profiles/invalid-firecracker-missing-filter.json", 0, 0, "$.vmm",
	  "missing key \"filter\"" },
	{ "profiles/invalid-firecracker-negative-val.json", 0, 0,
	  "$.vmm.filter[0].args[0].val",
	  "expected an integer (0-18446744073709551615)" },
	{ "profiles/invalid-firecracker-not-a-filter.json", 0, 0, "$.api",
	  "expected a filter: an object of \"default_action\", "
	  "\"filter_action\" and \"filter\"" },
	{ "profiles/invalid-firecracker-repeated-index.json", 0, 0,
	  "$.vmm.filter[0].args[1].index",
	  "argument 2 compared twice in one rule (libseccomp, so "
	  "seccompiler-bin, refuses it)" },
	{ "profiles/invalid-firecracker-rust-vmm-keys.json", 0, 0, "$.vmm",
	  "rust-vmm seccompiler's \"mismatch_action\"/\"match_action\": "
	  "only Firecracker's seccompiler-bin form (\"default_action\", "
	  "\"filter_action\") is read" },
	{ "profiles/invalid-firecracker-same-actions.json", 0, 0,
	  "$.vmm.filter_action", "the default action too: seccompiler-bin "
	  "refuses its rules (libseccomp does)" },
	{ "profiles/invalid-firecracker-several.json", 0, 0, "$",
	  "2 filters (\"api\", \"vmm\"): choose one with --filter NAME" },
	{ "profiles/invalid-firecracker-two-key-action.json", 0, 0,
	  "$.vmm.default_action", "not an action: expected \"allow\", "
	  "\"trap\", \"kill_thread\", \"kill_process\", \"log\", "
	  "{\"errno\": N} or {\"trace\": N}" },
	{ "profiles/invalid-firecracker-unknown-op.json", 0, 0,
	  "$.vmm.filter[0].args[0].op", "expected \"eq\", \"ne\", \"lt\", "
	  "\"le\", \"gt\", \"ge\" or {\"masked_eq\": MASK}" },
	{ "profiles/invalid-firecracker-unknown-syscall.json", 0, 0,
	  "$.vmm.filter[1].syscall", "\"no_such_call\" is no system call "
	  "libseccomp knows (seccompiler-bin refuses it)" },
	{ "profiles/invalid-firecracker-unknown-type.json", 0, 0,
	  "$.vmm.filter[0].args[0].type", "expected \"dword\" or \"qword\"" },
};

#define NBAD ARRAY_SIZE(bad_cases)

/* One test over the table (not a parameterized one): each case is a
 * worker process of its own otherwise, and the valgrind pass of
 * scripts/test.sh pays a second of start-up for each. */
static void expect_rejected(const struct bad_case *c)
{
	struct sp_diag d = { 0 };
	char path[512];
	bool got;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", TESTDATA, c->file);
	if (strncmp(c->file, "traces/", 7) == 0) {
		struct sp_trace *t = NULL;

		ret = sp_trace_read_json(path, &t, &d);
		got = t != NULL;
		sp_trace_free(t);
	} else {
		struct sp_profile *p = NULL;
		struct sp_docker_opts o;

		/* As every command reads a JSON profile: OCI, Docker's or
		 * Firecracker's. */
		sp_docker_opts_init(&o);
		ret = sp_profile_read_json(path, &o, &p, NULL, &d);
		got = p != NULL;
		sp_profile_free(p);
	}
	cr_expect_not(got, "%s: read", c->file);
	cr_expect_eq(ret, -EINVAL, "%s: %d", c->file, ret);
	cr_expect_str_eq(d.file, path, "%s", c->file);
	cr_expect_str_eq(d.msg, c->msg, "%s", c->file);
	cr_expect_str_eq(d.path, c->path, "%s", c->file);
	cr_expect_eq(d.line, c->line, "%s: line %d", c->file, d.line);
	cr_expect_eq(d.column, c->column, "%s: column %d", c->file,
		     d.column);
}

Test(bad_input, rejected_with_exact_diag)
{
	for (size_t i = 0; i < NBAD; i++)
		expect_rejected(&bad_cases[i]);
}

/* A fixture without an entry above would test nothing. */
Test(bad_input, every_invalid_fixture_has_a_case)
{
	static const char *const dirs[] = { "traces", "profiles" };
	int seen = 0;

	for (size_t i = 0; i < 2; i++) {
		char dpath[512], rel[300];
		struct dirent *e;
		DIR *dir;

		snprintf(dpath, sizeof(dpath), "%s/%s", TESTDATA, dirs[i]);
		dir = opendir(dpath);
		cr_assert_not_null(dir, "%s", dpath);
		while ((e = readdir(dir))) {
			size_t j;

			size_t len = strlen(e->d_name);

			/* JSON fixtures only: raw BPF ones belong to the
			 * check tests. */
			if (strncmp(e->d_name, "invalid-", 8) != 0 || len < 5 ||
			    strcmp(e->d_name + len - 5, ".json") != 0)
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs[i], e->d_name);
			for (j = 0; j < NBAD; j++)
				if (strcmp(bad_cases[j].file, rel) == 0)
					break;
			cr_expect_lt(j, NBAD, "%s has no case", rel);
			seen++;
		}
		closedir(dir);
	}
	cr_assert_eq((size_t)seen, NBAD);
}

/* json: the arena large trees are loaded into */

Test(json_arena, loads_what_json_loadb_loads)
{
	static const char doc[] = "{\"a\": [1, \"two\", null], \"b\": {}}";
	struct sp_json_arena *a = NULL;
	json_t *root = NULL;
	json_error_t e;

	cr_assert_eq(sp_json_load_arena(doc, strlen(doc),
					JSON_REJECT_DUPLICATES, &root, &a, &e),
		     0, "%s", e.text);
	cr_assert_not_null(a);
	cr_assert_eq(json_integer_value(
			     json_array_get(json_object_get(root, "a"), 0)),
		     1);
	cr_assert_str_eq(json_string_value(json_array_get(
				 json_object_get(root, "a"), 1)),
			 "two");
	cr_assert(json_is_object(json_object_get(root, "b")));
	sp_json_arena_free(a);
}

Test(json_arena, syntax_error_gives_line_and_column)
{
	static const char doc[] = "{\"a\": 1,\n \"a\": 2}";
	struct sp_json_arena *a = NULL;
	json_t *root = NULL;
	json_error_t e;

	cr_assert_eq(sp_json_load_arena(doc, strlen(doc),
					JSON_REJECT_DUPLICATES, &root, &a, &e),
		     -EINVAL);
	cr_assert_null(a);
	cr_assert_null(root);
	cr_assert_eq(e.line, 2);
	cr_assert_eq(e.column, 4);
	cr_assert_str_eq(e.text, "duplicate object key near '\"a\"'");
}

/* jansson's allocator is process-wide: values made outside a load must
 * still be malloc's, alive after the arena is gone (ASan and valgrind
 * runs catch a use after free here). */
Test(json_arena, values_made_outside_a_load_outlive_it)
{
	static const char doc[] = "[\"in the arena\"]";
	struct sp_json_arena *a = NULL;
	json_t *before = json_pack("{s:s}", "k", "made before"), *after;
	json_t *root = NULL;
	json_error_t e;

	cr_assert_not_null(before);
	cr_assert_eq(sp_json_load_arena(doc, strlen(doc), 0, &root, &a, &e),
		     0);
	after = json_pack("{s:s}", "k", "made after");
	cr_assert_not_null(after);
	sp_json_arena_free(a);
	cr_assert_str_eq(json_string_value(json_object_get(before, "k")),
			 "made before");
	cr_assert_str_eq(json_string_value(json_object_get(after, "k")),
			 "made after");
	json_decref(before);
	json_decref(after);
}


/* Telling a trace from a profile by walking the top-level object: the
 * "format" member found wherever it stands (a writer that sorts keys puts
 * it after kilobytes of "command" and "executables"), never inside a
 * nested value or a string. */
Test(json, top_level_key_found_wherever_it_stands)
{
	char *big = malloc(20000), *text = malloc(21000);
	const char *v;
	size_t n;

	cr_assert(big && text);
	memset(big, 'x', 9999);
	big[9999] = '\0';
	snprintf(text, 21000,
		 "{\"command\": [\"a\", \"%s\"], \"end\": {\"format\": 1},"
		 " \"s\": \"\\\"format\\\": \\\"sandprint-trace\\\"\","
		 "\n \"format\" : \"sandprint-trace\", \"calls\": 3}",
		 big);
	cr_assert(sp_trace_json_is_trace(text, strlen(text)));
	cr_assert_eq(sp_json_top_key(text, strlen(text), "calls", &v, &n), 1);
	cr_assert_eq(n, 1);
	cr_assert_eq(*v, '3');
	cr_assert_eq(sp_json_top_key(text, strlen(text), "nope", &v, &n), 0);
	cr_assert(!sp_profile_json_is_profile(text, strlen(text)));
	/* Only nested or in a string: not a trace. */
	snprintf(text, 21000, "{\"a\": {\"format\": \"sandprint-trace\"}, "
		 "\"b\": [\"format\", \"sandprint-trace\"], "
		 "\"defaultAction\": \"SCMP_ACT_ERRNO\"}");
	cr_assert(!sp_trace_json_is_trace(text, strlen(text)));
	cr_assert(sp_profile_json_is_profile(text, strlen(text)));
	cr_assert_eq(sp_json_top_key("[1]", 3, "a", &v, &n), -EINVAL);
	cr_assert_eq(sp_json_top_key("{\"a\": 1", 8, "b", &v, &n), -EINVAL);
	free(big);
	free(text);
}

/* A profile given where a trace is expected is named as one before its
 * numbers above INT64_MAX stop jansson; and the reverse. */
Test(json, profile_and_trace_named_for_what_they_are)
{
	char prof[] = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		      "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", "
		      "\"args\": [{\"index\": 0, \"value\": "
		      "18446744073709551610, \"op\": \"SCMP_CMP_EQ\"}]}]}";
	char trace[] = "{\"version\": 1, \"format\": \"sandprint-trace\"}";
	struct sp_trace *t = NULL;
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_trace_parse_json("web.json", prof, strlen(prof), &t,
					 &d), -EINVAL);
	cr_assert_str_eq(d.msg, "this is a seccomp profile, not a trace (a "
				"trace is what 'sandprint record' writes)");
	cr_assert_str_eq(d.file, "web.json");
	cr_assert_eq(sp_profile_parse_oci("t.json", trace, strlen(trace), &p,
					  &d), -EINVAL);
	cr_assert(strstr(d.msg, "this is a trace, not a profile"), "%s", d.msg);
	cr_assert_eq(sp_profile_parse_oci("web.json", prof, strlen(prof), &p,
					  &d), 0, "%s", d.msg);
	sp_profile_free(p);
}
