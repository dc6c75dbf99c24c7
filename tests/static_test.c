/* Static coverage: the objects a recording lists (tracer/maps.c), the
 * analysis of the code they hold (tracer/code.c, tracer/static.c), its
 * cache, and the [static] and [language] rules it leads to
 * (analyzer/generate.c), on the programs of testdata/progs.  The numbers
 * expected come from <sys/syscall.h> and the programs' sources, the
 * files from this test process's own /proc/self/maps. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <elf.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyzer/aggregate.h"
#include "analyzer/generate.h"
#include "core/array.h"
#include "core/syscall.h"
#include "output/seccomp.h"
#include "output/trace_json.h"
#include "tests/probe.h"
#include "tracer/code.h"
#include "tracer/elf.h"
#include "tracer/libdirs.h"
#include "tracer/static.h"
#include "tracer/tracer.h"

#define PROGS SP_BINARY_DIR "/testdata/progs/"

static struct sp_trace *record(char *const *argv)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate agg;
	struct sp_sink sink = { .on_syscall = sp_aggregate_sink, .ctx = &agg };
	struct sp_tracer_opts o = { .argv = argv, .notify = true };
	struct sp_diag d = { 0 };

	cr_assert_not_null(t);
	cr_assert_eq(sp_aggregate_init(&agg, t), 0);
	cr_assert_eq(sp_tracer_run(&o, t, &sink, &d), 0, "%s", d.msg);
	sp_aggregate_fini(&agg);
	cr_assert_eq(t->end, SP_END_EXITED);
	cr_assert_eq(t->status, 0);
	return t;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The file this process maps whose path ends with suffix, as the kernel
 * names it. */
static void own_file(const char *suffix, char *out, size_t len)
{
	char line[PATH_MAX + 128];
	FILE *f = fopen("/proc/self/maps", "re");

	cr_assert_not_null(f);
	out[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '/');

		if (!p)
			continue;
		p[strcspn(p, "\n")] = '\0';
		if (ends_with(p, suffix)) {
			cr_assert_lt(strlen(p), len);
			memcpy(out, p, strlen(p) + 1);
			break;
		}
	}
	fclose(f);
	cr_assert(out[0], "no %s in /proc/self/maps", suffix);
}

/* The libc this process runs with. */
static void own_libc(char *out, size_t len)
{
	own_file("/libc.so.6", out, len);
}

/* The analysis of the trace's images (one per process image), without a
 * cache unless one is named. */
static struct sp_static_result *analyze_trace(const struct sp_trace *t,
					      const char *cache)
{
	struct sp_static_image im[16];
	const char *objs[16][32];
	struct sp_static_opts o = { .cache_dir = cache };
	struct sp_static_result *r = NULL;

	cr_assert_leq(t->nprocs, 16);
	for (size_t p = 0; p < t->nprocs; p++) {
		size_t n = 0;

		for (size_t m = 0; m < t->nmaps; m++)
			if (t->maps[m].proc == p && n < 32)
				objs[p][n++] = t->objects[t->maps[m].object];
		im[p] = (struct sp_static_image){ t->exes[t->procs[p].exe],
						  objs[p], n };
	}
	cr_assert_eq(sp_static_analyze(im, t->nprocs, &o, &r), 0);
	return r;
}

static struct sp_static_result *analyze(const char *exe,
					const char *const *objs, size_t n,
					const char *cache)
{
	struct sp_static_image im = { exe, objs, n };
	struct sp_static_opts o = { .cache_dir = cache };
	struct sp_static_result *r = NULL;

	cr_assert_eq(sp_static_analyze(&im, 1, &o, &r), 0);
	return r;
}

static const struct sp_static_call *find(const struct sp_static_result *r,
					 int64_t nr)
{
	for (size_t i = 0; i < r->ncalls; i++)
		if (r->calls[i].nr == nr)
			return &r->calls[i];
	return NULL;
}

static bool recorded(const struct sp_trace *t, int64_t nr)
{
	for (size_t i = 0; i < t->npatterns; i++)
		if (t->patterns[i].arch == SP_ARCH_X86_64 &&
		    t->patterns[i].nr == nr)
			return true;
	return false;
}

/* ---- the trace lists what was mapped ---- */

Test(static, trace_lists_the_libraries_mapped)
{
	char *argv[] = { PROGS "static_uselib", NULL };
	struct sp_trace *t = record(argv);
	char libc[PATH_MAX], real[PATH_MAX];
	bool lib = false, c = false;

	own_libc(libc, sizeof(libc));
	cr_assert_not_null(realpath(libc, real));
	for (size_t m = 0; m < t->nmaps; m++) {
		const char *path = t->objects[t->maps[m].object];
		char rp[PATH_MAX];

		cr_assert_eq(t->procs[t->maps[m].proc].pid, t->procs[0].pid);
		lib |= ends_with(path, "/libsp_static_lib.so");
		c |= realpath(path, rp) && strcmp(rp, real) == 0;
	}
	cr_assert(lib, "libsp_static_lib.so not among %zu objects",
		  t->nobjects);
	cr_assert(c, "%s not among the objects", real);
	/* The executable is the kernel's, not an mmap: not listed. */
	for (size_t i = 0; i < t->nobjects; i++)
		cr_assert(!ends_with(t->objects[i], "/static_uselib"));
	sp_trace_free(t);
}

Test(trace_file, objects_survive_the_trace_file)
{
	char *argv[] = { PROGS "static_uselib", NULL };
	struct sp_trace *t = record(argv), *back = NULL;
	char path[] = "/tmp/sp-static-trace-XXXXXX";
	struct sp_diag d = { 0 };
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	cr_assert_not_null(f);
	cr_assert_eq(sp_trace_write_json(f, t), 0);
	fclose(f);
	cr_assert_eq(sp_trace_read_json(path, &back, &d), 0, "%s", d.msg);
	unlink(path);
	cr_assert_eq(back->nobjects, t->nobjects);
	cr_assert_eq(back->nmaps, t->nmaps);
	for (size_t i = 0; i < t->nobjects; i++)
		cr_assert_str_eq(back->objects[i], t->objects[i]);
	for (size_t i = 0; i < t->nmaps; i++) {
		cr_assert_eq(back->maps[i].proc, t->maps[i].proc);
		cr_assert_eq(back->maps[i].object, t->maps[i].object);
	}
	sp_trace_free(back);
	sp_trace_free(t);
}

/* The diagnostic of a trace file holding text, which must be refused. */
static struct sp_diag refused(const char *text)
{
	char path[] = "/tmp/sp-static-bad-XXXXXX";
	struct sp_trace *t = NULL;
	struct sp_diag d = { 0 };
	int fd = mkstemp(path);
	size_t n = strlen(text);

	cr_assert_eq(write(fd, text, n), (ssize_t)n);
	close(fd);
	cr_assert_neq(sp_trace_read_json(path, &t, &d), 0);
	unlink(path);
	return d;
}

Test(trace_file, bad_object_index_is_named)
{
	static const char text[] =
		"{\"format\": \"sandprint-trace\", \"version\": 1, "
		"\"command\": [\"x\"], \"end\": \"exited\", \"status\": 0, "
		"\"partial\": false, \"no_new_privs\": false, \"calls\": 0, "
		"\"executables\": [\"/x\"], \"objects\": [\"/lib/a.so\"], "
		"\"processes\": [{\"pid\": 1, \"ppid\": 0, \"exe\": 0, "
		"\"objects\": [0, 3]}], \"patterns\": []}";
	struct sp_diag d = refused(text);

	cr_assert_str_eq(d.path, "$.processes[0].objects[1]");
	cr_assert_str_eq(d.msg, "object 3 not in $.objects (1 entries)");
}

Test(trace_file, pattern_runs_beyond_the_trace_are_refused)
{
	static const char text[] =
		"{\"format\": \"sandprint-trace\", \"version\": 1, "
		"\"command\": [\"x\"], \"end\": \"exited\", \"status\": 0, "
		"\"partial\": false, \"no_new_privs\": false, \"calls\": 1, "
		"\"runs\": 2, \"executables\": [\"/x\"], \"processes\": [], "
		"\"patterns\": [{\"arch\": \"x86_64\", \"nr\": 0, "
		"\"args\": [null, null, null, null, null, null], "
		"\"count\": 1, \"exe\": 0, \"pid\": 1, \"runs\": 3}]}";
	struct sp_diag d = refused(text);

	cr_assert_str_eq(d.path, "$.patterns[0].runs");
}

/* ---- what the code can reach ---- */

Test(static, static_binary_sites_are_the_source_numbers)
{
	static const int64_t want[] = { SYS_getppid, SYS_getuid, SYS_getpgrp,
					SYS_getsid, SYS_exit_group, SYS_sync,
					SYS_sched_yield, SYS_clone3,
					SYS_syncfs, SYS_read };
	struct sp_static_result *r = analyze(PROGS "static_sites", NULL, 0,
					     NULL);

	cr_assert_eq(r->ncalls, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_assert_not_null(find(r, want[i]), "nr %lld missing",
				   (long long)want[i]);
	cr_assert_eq(r->unresolved, 0);
	/* getuid is passed to forward() by _start; both of choose()'s
	 * paths are seen; never() counts though nothing calls it. */
	cr_assert_str_eq(find(r, SYS_getuid)->via, "_start");
	cr_assert_str_eq(find(r, SYS_getsid)->via, "choose");
	cr_assert_str_eq(find(r, SYS_getpgrp)->via, "choose");
	cr_assert_str_eq(find(r, SYS_sync)->via, "never");
	cr_assert_null(find(r, SYS_sync)->by);
	/* A number written into al or ax of a zeroed rax (musl's
	 * __clone): the constant, not unresolved. */
	cr_assert_str_eq(find(r, SYS_sched_yield)->via, "lowbyte");
	cr_assert_str_eq(find(r, SYS_clone3)->via, "lowbyte");
	/* A switch's case holds the number set before the indirect jump;
	 * the code after a call that never returns is no path to it. */
	cr_assert_str_eq(find(r, SYS_syncfs)->via, "hoisted");
	/* `test %rax,%rax; je`: rax is 0 where the jump lands. */
	cr_assert_str_eq(find(r, SYS_read)->via, "zero");
	/* Arguments: exit_group's status is a constant at its site (xor
	 * %edi, %edi), nothing else there is; choose passes on its own
	 * argument, computed at its site and 0 at _start's call (a tuple
	 * named by the caller); getuid reaches the kernel through the
	 * forwarder, whose other arguments are not followed. */
	cr_assert_eq(find(r, SYS_exit_group)->nargs, 1);
	cr_assert_eq(find(r, SYS_exit_group)->args[0].kept, 1);
	cr_assert_eq(find(r, SYS_exit_group)->args[0].args[0], 0);
	cr_assert_eq(find(r, SYS_getsid)->nargs, 2);
	for (size_t k = 0; k < 2; k++) {
		const struct sp_static_call *c = find(r, SYS_getsid);

		if (c->args[k].kept & 1) {
			cr_assert_eq(c->args[k].args[0], 0);
			cr_assert_str_eq(c->sites[k].fn, "_start");
		} else {
			cr_assert_str_eq(c->sites[k].fn, "choose");
		}
	}
	cr_assert_eq(find(r, SYS_getuid)->nargs, 1);
	cr_assert_eq(find(r, SYS_getuid)->args[0].kept, 0);
	/* Each tuple names the site that passes it. */
	cr_assert_str_eq(find(r, SYS_exit_group)->sites[0].fn, "_start");
	cr_assert(ends_with(find(r, SYS_exit_group)->sites[0].lib,
			    "/static_sites"));
	sp_static_result_free(r);
}

Test(static, unrecorded_import_reached_through_libc)
{
	char *argv[] = { PROGS "imports_connect", NULL };
	struct sp_trace *t = record(argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	const struct sp_static_call *c = find(r, SYS_connect);

	/* The run never called connect(), the program imports it. */
	cr_assert(!recorded(t, SYS_connect));
	cr_assert_not_null(c);
	cr_assert_str_eq(c->via, "connect");
	cr_assert(ends_with(c->lib, "/libc.so.6"), "%s", c->lib);
	cr_assert(ends_with(c->by, "/imports_connect"), "%s", c->by);
	cr_assert_not_null(find(r, SYS_socket));
	cr_assert_eq(r->nskipped, 0);
	sp_static_result_free(r);
	sp_trace_free(t);
}

Test(static, library_import_followed_not_its_other_exports)
{
	char *argv[] = { PROGS "static_uselib", NULL };
	struct sp_trace *t = record(argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	const struct sp_static_call *flock = find(r, SYS_flock);
	const struct sp_static_call *kcmp = find(r, SYS_kcmp);

	cr_assert(!recorded(t, SYS_flock));
	cr_assert_not_null(flock);
	cr_assert_str_eq(flock->via, "sp_lib_lock");
	cr_assert(ends_with(flock->lib, "/libsp_static_lib.so"));
	/* The call is made in libc's flock(), not in the library that
	 * holds the import. */
	cr_assert_str_eq(flock->site, "flock");
	cr_assert(ends_with(flock->site_lib, "/libc.so.6"), "%s",
		  flock->site_lib);
	/* The second entry of the table sp_lib_table indexes (its code
	 * takes the table's address; only the first entry's pointer sits
	 * at that address). */
	cr_assert(!recorded(t, SYS_acct));
	cr_assert_not_null(find(r, SYS_acct));
	cr_assert_str_eq(find(r, SYS_acct)->via, "sp_lib_table");
	/* Both ring functions reach mlockall with the same closure: the one
	 * that makes the call names it. */
	cr_assert_not_null(find(r, SYS_mlockall));
	cr_assert_str_eq(find(r, SYS_mlockall)->via, "sp_lib_ring_b");
	/* The comparison libsp_static_cb.so hands to qsort, in a library
	 * that never calls through a pointer itself. */
	cr_assert(!recorded(t, SYS_munlockall));
	cr_assert_not_null(find(r, SYS_munlockall));
	cr_assert_str_eq(find(r, SYS_munlockall)->via, "sp_cb_sort");
	/* sp_lib_unused is imported by nobody: its chroot does not count
	 * (nothing else in the process reaches chroot). */
	cr_assert_null(find(r, SYS_chroot));
	/* syscall(SYS_kcmp, ...): the constant its caller passes. */
	cr_assert_not_null(kcmp);
	cr_assert(kcmp->forwarded);
	cr_assert_str_eq(kcmp->via, "syscall");
	cr_assert(ends_with(kcmp->by, "/static_uselib"));
	sp_static_result_free(r);
	sp_trace_free(t);
}

Test(static, paths_name_the_chain_from_the_import)
{
	char *argv[] = { PROGS "static_uselib", NULL };
	struct sp_trace *t = record(argv);
	struct sp_static_image im[16];
	const char *objs[32];
	struct sp_static_opts o = { .paths = true };
	struct sp_static_result *r = NULL;
	const char *start = "sp_lib_table (libsp_static_lib.so, imported by "
			    "static_uselib) > [data libsp_static_lib.so+";
	const char *path;
	size_t n = 0;

	for (size_t m = 0; m < t->nmaps && n < 32; m++)
		if (t->maps[m].proc == 0)
			objs[n++] = t->objects[t->maps[m].object];
	im[0] = (struct sp_static_image){ t->exes[t->procs[0].exe], objs, n };
	cr_assert_eq(sp_static_analyze(im, 1, &o, &r), 0);
	/* static_lib.c: sp_lib_table, its table, second_entry, the PLT
	 * entry to acct, libc's acct. */
	path = find(r, SYS_acct)->path;
	cr_assert_not_null(path);
	cr_assert(strncmp(path, start, strlen(start)) == 0, "%s", path);
	cr_assert(strstr(path, "] > second_entry > acct@plt > "), "%s", path);
	cr_assert(ends_with(path, " > acct (libc.so.6)"), "%s", path);
	sp_static_result_free(r);
	sp_trace_free(t);
}

Test(static, call_behind_thread_local_state_needs_code_that_sets_it)
{
	/* static_tls.c: sp_tls_cleanup's syncfs runs only when its
	 * thread-local variable is set, which only sp_tls_setup does. */
	struct sp_static_result *r = analyze(PROGS "static_tls_use", NULL, 0,
					     NULL);

	cr_assert_null(find(r, SYS_syncfs));
	/* The same shape on an exported variable: anyone may set it. */
	cr_assert_not_null(find(r, SYS_fdatasync));
	cr_assert_str_eq(find(r, SYS_fdatasync)->via, "sp_tls_shared_cleanup");
	sp_static_result_free(r);
	r = analyze(PROGS "static_tls_setup", NULL, 0, NULL);
	cr_assert_not_null(find(r, SYS_syncfs));
	cr_assert_not_null(find(r, SYS_fdatasync));
	sp_static_result_free(r);
}

Test(static, code_a_jump_enters_midway_stays_its_functions)
{
	/* static_split.c: sp_split_other's jump makes a start inside
	 * sp_split_entry; the code before it runs on into it, so the
	 * entry's callers still reach its sync. */
	struct sp_static_result *r = analyze(PROGS "static_split_use", NULL,
					     0, NULL);

	cr_assert_not_null(find(r, SYS_sync));
	sp_static_result_free(r);
}

Test(static, table_read_by_a_vector_register_reaches_every_entry)
{
	/* static_vector.c: a 16-byte load of a table of two functions and
	 * a 32-byte one of four: each function the load copies may be
	 * called, the last word's as well as the first's; a 32-byte load
	 * of a packed structure whose second pointer is 12 bytes after its
	 * first (missed when only the words at multiples of 8 from the
	 * read were followed), and a 16-byte one from 4 bytes before a
	 * pointer. */
	struct sp_static_result *r = analyze(PROGS "static_vector_use", NULL,
					     0, NULL);

	cr_assert_not_null(find(r, SYS_sync));
	cr_assert_not_null(find(r, SYS_syncfs));
	cr_assert_not_null(find(r, SYS_vhangup));
	cr_assert_not_null(find(r, SYS_swapoff));
	cr_assert_not_null(find(r, SYS_swapon));
	sp_static_result_free(r);
}

Test(static, thread_exit_reaches_no_sun_rpc_sockets)
{
	/* glibc frees a thread's Sun RPC state at its exit
	 * (__libc_thread_freeres, __rpc_thread_destroy), which reaches
	 * svc_unregister's sockets, but only once an RPC function set the
	 * thread's RPC pointer.  The threads program creates threads and
	 * uses no RPC: no socket call. */
	struct sp_static_result *r;

	if (!dlvsym(RTLD_DEFAULT, "svc_unregister", "GLIBC_2.2.5"))
		cr_skip_test("this C library has no Sun RPC");
	r = analyze(PROGS "threads", NULL, 0, NULL);
	cr_assert_not_null(find(r, SYS_clone3));
	cr_assert_null(find(r, SYS_socket));
	cr_assert_null(find(r, SYS_bind));
	cr_assert_null(find(r, SYS_sendto));
	sp_static_result_free(r);
}

Test(static, no_objects_listed_follows_the_dependencies)
{
	/* As a trace recorded without objects (an older one, or the
	 * in-kernel recorder's): libsp_static_lib.so through the program's
	 * run path, libc.so.6 from the system's directories. */
	struct sp_static_result *r = analyze(PROGS "static_uselib", NULL, 0,
					     NULL);
	const struct sp_static_call *flock = find(r, SYS_flock);

	cr_assert_not_null(flock);
	cr_assert_str_eq(flock->via, "sp_lib_lock");
	cr_assert_null(find(r, SYS_chroot));
	cr_assert_not_null(find(r, SYS_kcmp));
	cr_assert_geq(r->files, 4);
	sp_static_result_free(r);
}

/* The call numbered nr (of arch's numbering) for machine in r. */
static const struct sp_static_call *
find_on(const struct sp_static_result *r, unsigned machine, enum sp_arch arch,
	const char *name)
{
	int64_t nr;

	cr_assert_eq(sp_syscall_nr(arch, name, &nr), 0, "%s", name);
	for (size_t i = 0; i < r->ncalls; i++)
		if (r->calls[i].machine == machine && r->calls[i].nr == nr)
			return &r->calls[i];
	return NULL;
}

/* The tuple of c with args[0] == v kept, or NULL. */
static const struct sp_args *with_arg0(const struct sp_static_call *c,
				       uint64_t v)
{
	for (size_t i = 0; i < c->nargs; i++)
		if ((c->args[i].kept & 1) && c->args[i].args[0] == v)
			return &c->args[i];
	return NULL;
}

/* Whether the function fn of the library at path makes system call name
 * (arch's number) with the number constant at its site. */
static bool makes(const char *path, const char *fn, enum sp_arch arch,
		  const char *name)
{
	struct sp_elf_image *img = NULL;
	struct sp_code *c = NULL;
	struct sp_diag d = { 0 };
	uint32_t first;
	int64_t nr;
	bool found = false;

	cr_assert_eq(sp_syscall_nr(arch, name, &nr), 0);
	cr_assert_eq(sp_elf_image_open(path, &img, &d), 0, "%s", d.msg);
	cr_assert_eq(sp_code_scan(img, &c, &d), 0, "%s", d.msg);
	cr_assert_gt(sp_code_exports(c, fn, &first), 0, "%s", fn);
	{
		uint32_t ref = c->exports[first].ref;
		const struct sp_code_region *r =
			&c->regions[SP_REF_INDEX(ref)];

		cr_assert_eq(SP_REF_KIND(ref), SP_REF_REGION);
		for (uint32_t i = 0; i < r->nsites; i++)
			found |= c->sites[r->site0 + i].nr == nr;
	}
	sp_code_free(c);
	sp_elf_image_free(img);
	return found;
}

/* The site of r's tuple for call nr whose args[1] is the caller's
 * constant v, or NULL. */
static const struct sp_static_site *arg1_site(const struct sp_static_result *r,
					      int64_t nr, uint64_t v)
{
	const struct sp_static_call *c = find(r, nr);

	for (size_t k = 0; c && k < c->nargs; k++)
		if ((c->args[k].kept & 2) && c->args[k].args[1] == v &&
		    (c->caller[k] & 2))
			return &c->sites[k];
	return NULL;
}

/* A request passed through helpers (static_wrap.c: wrap_nbio(fd, on) ->
 * wrap_ioctl(fd, FIONBIO, &on) -> ioctl(fd, req, arg), as OpenSSL's
 * BIO_socket_nbio; and sp_lib_ioctl(fd, FIOCLEX, NULL) in a library of
 * its own) is the constant of the caller above them, named as the
 * site; a run that made other requests recorded none of them. */
Test(static, request_passed_through_helpers_is_the_callers_constant)
{
	char *argv[] = { PROGS "static_wrap", NULL };
	struct sp_trace *t = record(argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	const struct sp_static_site *nbio = arg1_site(r, SYS_ioctl, FIONBIO);
	const struct sp_static_site *lib = arg1_site(r, SYS_ioctl, FIOCLEX);

	for (size_t i = 0; i < t->npatterns; i++)
		cr_assert(t->patterns[i].nr != SYS_ioctl ||
				  (t->patterns[i].args[1] != FIONBIO &&
				   t->patterns[i].args[1] != FIOCLEX),
			  "recorded: the run makes no such request");
	cr_assert_not_null(nbio, "FIONBIO, two functions above ioctl()");
	cr_assert_str_eq(nbio->fn, "wrap_nbio");
	cr_assert(ends_with(nbio->lib, "/static_wrap"), "%s", nbio->lib);
	cr_assert_not_null(lib, "FIOCLEX, through a library's helper");
	cr_assert_str_eq(lib->fn, "main");
	cr_assert(ends_with(lib->lib, "/static_wrap"), "%s", lib->lib);
	sp_static_result_free(r);
	sp_trace_free(t);
}

/* The same in a static program (static_wrap_s): libc's ioctl is a
 * function of the same file, wrap_ioctl a wrapper's caller that passes
 * on its own argument, wrap_nbio its caller. */
Test(static, static_program_request_passed_through_helpers)
{
	const struct sp_static_image im = { PROGS "static_wrap_s", NULL, 0 };
	struct sp_static_opts o = { 0 };
	struct sp_static_result *r = NULL;
	const struct sp_static_site *nbio;

	cr_assert_eq(sp_static_analyze(&im, 1, &o, &r), 0);
	nbio = arg1_site(r, SYS_ioctl, FIONBIO);
	cr_assert_not_null(nbio, "FIONBIO, two functions above ioctl()");
	cr_assert_str_eq(nbio->fn, "wrap_nbio");
	sp_static_result_free(r);
}

/* More distinct constant requests than are listed (static_many: 72
 * caller constants to libc's ioctl, in a static program): one tuple with
 * nothing kept, and the call says the code passes constants it lost
 * (sp_static_call.many); static_wrap_s's few requests are all listed. */
Test(static, unlisted_constants_are_said_to_be_many)
{
	const struct sp_static_image many = { PROGS "static_many", NULL, 0 };
	const struct sp_static_image few = { PROGS "static_wrap_s", NULL, 0 };
	struct sp_static_opts o = { 0 };
	struct sp_static_result *r = NULL;
	const struct sp_static_call *c;

	cr_assert_eq(sp_static_analyze(&many, 1, &o, &r), 0);
	c = find(r, SYS_ioctl);
	cr_assert_not_null(c);
	cr_assert(c->many);
	cr_assert_eq(c->nargs, 1);
	cr_assert_eq(c->args[0].kept, 0);
	sp_static_result_free(r);
	r = NULL;
	cr_assert_eq(sp_static_analyze(&few, 1, &o, &r), 0);
	c = find(r, SYS_ioctl);
	cr_assert_not_null(c);
	cr_assert_not(c->many);
	cr_assert_not_null(arg1_site(r, SYS_ioctl, FIONBIO));
	sp_static_result_free(r);
}

/* The same in i386 code (static_wrap32): the helper pushes its own
 * arguments from above its return address (`push 0x1c(%esp)`), its
 * caller pushes the constant; ioctl is number 54 there. */
Test(static, i386_request_passed_through_helpers_is_the_callers_constant)
{
	struct sp_static_image im = { PROGS "static_wrap32", NULL, 0 };
	struct sp_static_opts o = { 0 };
	struct sp_static_result *r = NULL;
	struct sp_libdirs sys;
	const struct sp_static_site *nbio;

	if (access(im.exe, X_OK))
		cr_skip_test("gcc -m32 built no i386 program here");
	cr_assert_eq(sp_libdirs_system(&sys), 0);
	o.sysdirs = &sys;
	cr_assert_eq(sp_static_analyze(&im, 1, &o, &r), 0);
	nbio = arg1_site(r, 54, FIONBIO);
	cr_assert_not_null(nbio, "FIONBIO, two functions above ioctl()");
	cr_assert_eq(find(r, 54)->machine, EM_386);
	cr_assert_str_eq(nbio->fn, "wrap_nbio");
	sp_static_result_free(r);
	sp_libdirs_fini(&sys);
}

Test(static, i386_program_reaches_its_libc_calls_in_i386_numbers)
{
	/* twoways.c, built -m32 (gcc-multilib): socket(), which i386's
	 * glibc makes as socketcall(SYS_SOCKET, ...), call *%gs:0x10 with a
	 * constant ebx.  Its libc.so.6 (Debian: /usr/lib32, a directory
	 * ld.so.conf names) found as the loader would, no object listed. */
	static const char *const progs[] = { PROGS "twoways32",
					     PROGS "twoways32s" };
	struct sp_libdirs sys;

	if (access(progs[0], X_OK) || access(progs[1], X_OK))
		cr_skip_test("gcc -m32 built no i386 program here");
	cr_assert_eq(sp_libdirs_system(&sys), 0);
	for (size_t k = 0; k < ARRAY_SIZE(progs); k++) {
		struct sp_static_image im = { progs[k], NULL, 0 };
		struct sp_static_opts o = { .sysdirs = &sys };
		struct sp_static_result *r = NULL;
		const struct sp_static_call *c;

		cr_assert_eq(sp_static_analyze(&im, 1, &o, &r), 0);
		cr_assert_eq(r->nskipped, 0, "%s: %s", r->skipped[0].path,
			     r->skipped[0].why);
		c = find_on(r, EM_386, SP_ARCH_X86, "socketcall");
		cr_assert_not_null(c, "%s", progs[k]);
		cr_assert_not_null(with_arg0(c, 1), "socketcall(SYS_SOCKET)");
		cr_assert_str_eq(c->via, "socket");
		cr_assert(ends_with(c->lib, k ? "/twoways32s" : "/libc.so.6"),
			  "%s", c->lib);
		/* i386's PC thunk sets its register alone: ioctl puts its
		 * number in eax before `call __x86.get_pc_thunk.si`. */
		cr_assert(k || makes(c->lib, "ioctl", SP_ARCH_X86, "ioctl"),
			  "%s: ioctl's own number", c->lib);
		/* Tables reached from the GOT with an index (`mov
		 * tab@GOTOFF(%ebx,%ecx,4)`) cut the data as x86_64's
		 * rip-relative addresses do: strerror's locale data leads
		 * to no RPC key table, and from there to no resolver
		 * (sendmmsg, as the x86_64 build of twoways.c reaches none). */
		for (size_t i = 0; i < r->ncalls; i++)
			cr_assert_str_neq(sp_syscall_name(SP_ARCH_X86,
							  r->calls[i].nr),
					  "sendmmsg", "%s", progs[k]);
		/* syscall(SYS_getpriority, ...): a constant the program
		 * passes to libc's forwarder, on the stack (the dynamic
		 * one's import call; the static one's main(), which
		 * realigns its stack before it pushes it). */
		c = find_on(r, EM_386, SP_ARCH_X86, "getpriority");
		cr_assert_not_null(c, "%s: syscall(SYS_getpriority)",
				   progs[k]);
		cr_assert(k ? !strcmp(c->via, "main") : c->forwarded, "%s",
			  c->via);
		/* getpid by i386's number (20: writev's on x86_64), no
		 * x86_64 number among them. */
		cr_assert_not_null(find_on(r, EM_386, SP_ARCH_X86, "getpid"));
		for (size_t i = 0; i < r->ncalls; i++)
			cr_assert_eq(r->calls[i].machine, EM_386);
		sp_static_result_free(r);
	}
	sp_libdirs_fini(&sys);
}

Test(static, dlopened_library_counts_whole)
{
	char *argv[] = { PROGS "static_dlopen", NULL };
	struct sp_trace *t = record(argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	const struct sp_static_call *c = find(r, SYS_chroot);

	cr_assert_not_null(c, "chroot of a library opened with dlopen");
	cr_assert(ends_with(c->by, "/libsp_static_lib.so"), "%s", c->by);
	cr_assert_not_null(find(r, SYS_flock));
	sp_static_result_free(r);
	sp_trace_free(t);
}

Test(static, program_run_by_the_loader_counts_whole)
{
	/* ld.so ./prog: the loader is the executable, the program one of
	 * the objects it mapped, run from its entry point. */
	char *argv[] = { "/lib64/ld-linux-x86-64.so.2",
			 PROGS "imports_connect", NULL };
	struct sp_trace *t = record(argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	const struct sp_static_call *c = find(r, SYS_connect);

	cr_assert(ends_with(t->exes[0], "/ld-linux-x86-64.so.2"), "%s",
		  t->exes[0]);
	cr_assert(!recorded(t, SYS_connect));
	cr_assert_not_null(c, "connect, imported by the program the loader "
			      "ran");
	cr_assert(ends_with(c->by, "/imports_connect"), "%s", c->by);
	sp_static_result_free(r);
	sp_trace_free(t);
}

/* ---- plugins: the neighbours of a library loaded with dlopen ---- */

/* static_plugin as recorded loading the plugin a (path under PROGS),
 * analysed with the system directories sys. */
static struct sp_static_result *analyze_loaded(const struct sp_libdirs *sys,
					       const char *a)
{
	char libc[PATH_MAX];
	const char *objs[] = { libc, a };
	struct sp_static_image im = { PROGS "static_plugin", objs, 2 };
	struct sp_static_opts o = { .sysdirs = sys };
	struct sp_static_result *r = NULL;

	own_libc(libc, sizeof(libc));
	cr_assert_eq(sp_static_analyze(&im, 1, &o, &r), 0);
	return r;
}

static struct sp_static_result *analyze_plugin(const struct sp_libdirs *sys)
{
	return analyze_loaded(sys, PROGS "plugins/plugin_a.so");
}

Test(static, plugin_neighbours_count_as_loaded)
{
	struct sp_libdirs sys;
	struct sp_static_result *r;
	const struct sp_static_call *c;

	cr_assert_eq(sp_libdirs_system(&sys), 0);
	r = analyze_plugin(&sys);
	/* plugin_b.c: getpriority(2), which nothing loaded makes. */
	c = find(r, SYS_getpriority);
	cr_assert_not_null(c, "the unloaded plugin's call");
	cr_assert_str_eq(c->via, "getpriority");
	cr_assert(ends_with(c->by, "/plugins/plugin_b.so"), "%s", c->by);
	cr_assert_not_null(c->beside);
	cr_assert(ends_with(c->beside, "/plugins/plugin_a.so"), "%s",
		  c->beside);
	cr_assert_eq(r->plugin_dirs, 1);
	cr_assert_eq(r->plugin_files, 1);
	/* static_plugin.c calls readlink(): loaded code explains it, though
	 * plugin_b.so's libc reaches it too. */
	c = find(r, SYS_readlink);
	cr_assert_not_null(c);
	cr_assert_null(c->beside, "%s beside %s", c->via, c->beside);
	sp_static_result_free(r);
	sp_libdirs_fini(&sys);
}

/* One directory per module (Perl's auto/POSIX/POSIX.so): the modules
 * are the parent directory's. */
Test(static, module_alone_in_its_directory_brings_its_parents_modules)
{
	struct sp_libdirs sys;
	struct sp_static_result *r;
	const struct sp_static_call *c;
	char *up = realpath(PROGS "modules", NULL);
	struct sp_libdirs upsys = { &up, 1 };

	cr_assert_not_null(up);
	cr_assert_eq(sp_libdirs_system(&sys), 0);
	r = analyze_loaded(&sys, PROGS "modules/a/plugin_a.so");
	c = find(r, SYS_getpriority);
	cr_assert_not_null(c, "the unloaded module's call");
	cr_assert(ends_with(c->by, "/modules/b/plugin_b.so"), "%s", c->by);
	cr_assert(ends_with(c->beside, "/modules/a/plugin_a.so"), "%s",
		  c->beside);
	cr_assert_eq(r->plugin_dirs, 1);
	cr_assert_eq(r->plugin_files, 1);
	sp_static_result_free(r);
	sp_libdirs_fini(&sys);
	/* The parent a system directory: the module's own stays the
	 * plugin directory, and holds nothing else. */
	r = analyze_loaded(&upsys, PROGS "modules/a/plugin_a.so");
	cr_assert_null(find(r, SYS_getpriority));
	cr_assert_eq(r->plugin_dirs, 1);
	cr_assert_eq(r->plugin_files, 0);
	sp_static_result_free(r);
	free(up);
}

/* GCC's directory (ld loads liblto_plugin.so from it with dlopen) holds
 * links to the system's libraries (libasan.so, libstdc++.so...): the
 * names the link editor resolves, not plugins. */
Test(static, link_to_a_system_directorys_library_is_no_plugin)
{
	char *dir = realpath(PROGS "plugins", NULL);
	struct sp_libdirs one = { &dir, 1 }, sys;
	struct sp_static_result *r;
	const struct sp_static_call *c;

	cr_assert_not_null(dir);
	/* plugins/ a system directory: linking/plugin_b.so, a link to its
	 * plugin_b.so, is one of its libraries. */
	r = analyze_loaded(&one, PROGS "linking/plugin_a.so");
	cr_assert_null(find(r, SYS_getpriority));
	cr_assert_eq(r->plugin_dirs, 1);
	cr_assert_eq(r->plugin_files, 0);
	sp_static_result_free(r);
	/* plugins/ not a system directory: the link is a neighbour. */
	cr_assert_eq(sp_libdirs_system(&sys), 0);
	r = analyze_loaded(&sys, PROGS "linking/plugin_a.so");
	c = find(r, SYS_getpriority);
	cr_assert_not_null(c, "the linked plugin's call");
	cr_assert(ends_with(c->by, "/linking/plugin_b.so"), "%s", c->by);
	cr_assert_eq(r->plugin_files, 1);
	sp_static_result_free(r);
	sp_libdirs_fini(&sys);
	free(dir);
}

Test(static, library_from_a_system_directory_brings_no_neighbours)
{
	char *dir = realpath(PROGS "plugins", NULL);
	struct sp_libdirs sys = { &dir, 1 };
	struct sp_static_result *r;

	cr_assert_not_null(dir);
	/* The same recording, the plugins' directory a system one. */
	r = analyze_plugin(&sys);
	cr_assert_null(find(r, SYS_getpriority));
	cr_assert_eq(r->plugin_dirs, 0);
	cr_assert_eq(r->plugin_files, 0);
	sp_static_result_free(r);
	/* No system directories given: no plugins read. */
	r = analyze_plugin(NULL);
	cr_assert_null(find(r, SYS_getpriority));
	sp_static_result_free(r);
	free(dir);
}

/* static_plugin installed in a tree of its own as R is in /usr/lib/R
 * (bin/exec/R, library/stats/libs/stats.so, modules/internet.so), in a
 * new directory under /tmp: the program at exe ("bin/exec/prog" or
 * "prog" at the top), plugin_a.so, loaded, at library/a/libs/, and
 * plugin_b.so, never loaded, at modules/; analysed with the system
 * directories sys, or with tree/sysdir as the one system directory when
 * sysdir is not NULL. */
static struct sp_static_result *analyze_tree(const char *exe,
					     const char *sysdir)
{
	char tmpl[] = "/tmp/sp-tree-XXXXXX", cmd[4 * PATH_MAX], libc[PATH_MAX];
	char prog[PATH_MAX], a[PATH_MAX], sysd[PATH_MAX], *sysp = sysd;
	const char *objs[] = { libc, a };
	struct sp_static_image im = { prog, objs, 2 };
	struct sp_libdirs sys, one = { &sysp, 1 };
	struct sp_static_opts o = { .sysdirs = sysdir ? &one : &sys };
	struct sp_static_result *r = NULL;

	cr_assert_not_null(mkdtemp(tmpl));
	own_libc(libc, sizeof(libc));
	snprintf(prog, sizeof(prog), "%s/%s", tmpl, exe);
	snprintf(a, sizeof(a), "%s/library/a/libs/plugin_a.so", tmpl);
	snprintf(sysd, sizeof(sysd), "%s/%s", tmpl, sysdir ? sysdir : "");
	/* Quoted: the build's path may hold a space. */
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p bin/exec library/a/libs modules lib && "
		 "cp '%s' '%s' && cp '%s' library/a/libs/ && cp '%s' modules/",
		 tmpl, PROGS "static_plugin", prog,
		 PROGS "plugins/plugin_a.so", PROGS "plugins/plugin_b.so");
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(sp_libdirs_system(&sys), 0);
	cr_assert_eq(sp_static_analyze(&im, 1, &o, &r), 0);
	sp_libdirs_fini(&sys);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
	cr_assert_eq(system(cmd), 0);
	return r;
}

Test(static, module_in_the_programs_own_tree_counts)
{
	/* Rscript recorded summing a vector loaded R's packages from
	 * /usr/lib/R/library/NAME/libs/; a socket cluster then loaded
	 * /usr/lib/R/modules/internet.so (R_HOME/modules, not beside any of
	 * them), whose listen() was refused.  The tree holding the program
	 * and the directory of a module it loaded is a plugin directory. */
	struct sp_static_result *r = analyze_tree("bin/exec/prog", NULL);
	const struct sp_static_call *c = find(r, SYS_getpriority);

	cr_assert_not_null(c, "getpriority of the module never loaded");
	cr_assert(ends_with(c->by, "/modules/plugin_b.so"), "%s", c->by);
	cr_assert(ends_with(c->beside, "/library/a/libs/plugin_a.so"), "%s",
		  c->beside);
	/* library/a (the module alone in libs/), and the tree. */
	cr_assert_eq(r->plugin_dirs, 2);
	cr_assert_eq(r->plugin_files, 1);
	sp_static_result_free(r);
	/* The program at the top of the directory: no tree of its own (a
	 * program in /root loading ~/x/lib.so does not make /root one). */
	r = analyze_tree("prog", NULL);
	cr_assert_null(find(r, SYS_getpriority));
	cr_assert_eq(r->plugin_dirs, 1);
	sp_static_result_free(r);
	/* A tree holding a system directory is none (/usr: /usr/bin/python3
	 * and /usr/lib/python3.11/lib-dynload). */
	r = analyze_tree("bin/exec/prog", "lib");
	cr_assert_null(find(r, SYS_getpriority));
	cr_assert_eq(r->plugin_dirs, 1);
	sp_static_result_free(r);
}

/* The program src installed as an application in a system directory,
 * in a new directory under /tmp: tmp/lib the one system directory (or
 * tmp/sysdir when sysdir is not NULL), the program at lib/app/bin/arch/
 * prog, plugin_b.so at lib/app/lib/arch/, and nothing loaded but the C
 * library. */
static struct sp_static_result *analyze_app(const char *src,
					    const char *sysdir)
{
	char tmpl[] = "/tmp/sp-app-XXXXXX", cmd[4 * PATH_MAX], libc[PATH_MAX];
	char prog[PATH_MAX], sysd[PATH_MAX], *sysp;
	const char *objs[] = { libc };
	struct sp_static_image im = { prog, objs, 1 };
	struct sp_libdirs one = { &sysp, 1 };
	struct sp_static_opts o = { .sysdirs = &one };
	struct sp_static_result *r = NULL;

	cr_assert_not_null(mkdtemp(tmpl));
	own_libc(libc, sizeof(libc));
	snprintf(prog, sizeof(prog), "%s/lib/app/bin/arch/prog", tmpl);
	/* Quoted: the build's path may hold a space. */
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p lib/app/bin/arch lib/app/lib/arch other "
		 "&& cp '%s' '%s' && cp '%s' lib/app/lib/arch/",
		 tmpl, src, prog, PROGS "plugins/plugin_b.so");
	cr_assert_eq(system(cmd), 0);
	snprintf(sysd, sizeof(sysd), "%s/%s", tmpl, sysdir ? sysdir : "lib");
	cr_assert_not_null(sysp = realpath(sysd, NULL));
	cr_assert_eq(sp_static_analyze(&im, 1, &o, &r), 0);
	free(sysp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
	cr_assert_eq(system(cmd), 0);
	return r;
}

Test(static, module_in_the_applications_directory_counts_unloaded)
{
	/* swipl recorded writing a sum loaded no foreign library; a test
	 * using library(socket) then loaded /usr/lib/swi-prolog/lib/
	 * x86_64-linux/socket.so, whose bind() was refused: no module
	 * loaded, no plugin directory.  A program that can load modules,
	 * installed in its application's directory in a system directory
	 * (/usr/lib/swi-prolog/bin/x86_64-linux/swipl), has that
	 * directory's modules. */
	struct sp_static_result *r = analyze_app(PROGS "static_plugin", NULL);
	const struct sp_static_call *c = find(r, SYS_getpriority);

	cr_assert_not_null(c, "getpriority of the module never loaded");
	cr_assert(ends_with(c->by, "/lib/app/lib/arch/plugin_b.so"), "%s",
		  c->by);
	cr_assert(ends_with(c->beside, "/lib/app/bin/arch/prog"), "%s",
		  c->beside);
	cr_assert_eq(r->plugin_dirs, 1);
	cr_assert_eq(r->plugin_files, 1);
	sp_static_result_free(r);
	/* A program that cannot load a module (no dlopen) has none. */
	r = analyze_app(PROGS "imports_connect", NULL);
	cr_assert_null(find(r, SYS_getpriority));
	cr_assert_eq(r->plugin_dirs, 0);
	sp_static_result_free(r);
	/* Nor one outside the system directories (/usr/bin, /opt/x/bin). */
	r = analyze_app(PROGS "static_plugin", "other");
	cr_assert_null(find(r, SYS_getpriority));
	cr_assert_eq(r->plugin_dirs, 0);
	sp_static_result_free(r);
}

/* static_nss (getpwnam(3)) with the C library taken from a directory
 * that also holds exe's name service module libnss_sptest.so.2 (a link to
 * plugin_b.so), analysed with the system directories. */
static struct sp_static_result *analyze_nss(const char *exe)
{
	char tmpl[] = "/tmp/sp-nss-XXXXXX", libc[PATH_MAX], own[PATH_MAX];
	char module[PATH_MAX], *b = realpath(PROGS "plugins/plugin_b.so", NULL);
	const char *objs[] = { libc };
	struct sp_static_image im = { exe, objs, 1 };
	struct sp_libdirs sys;
	struct sp_static_opts o = { .sysdirs = &sys };
	struct sp_static_result *r = NULL;

	cr_assert_not_null(b);
	cr_assert_not_null(mkdtemp(tmpl));
	own_libc(own, sizeof(own));
	snprintf(libc, sizeof(libc), "%s/libc.so.6", tmpl);
	snprintf(module, sizeof(module), "%s/libnss_sptest.so.2", tmpl);
	cr_assert_eq(symlink(own, libc), 0);
	cr_assert_eq(symlink(b, module), 0);
	cr_assert_eq(sp_libdirs_system(&sys), 0);
	cr_assert_eq(sp_static_analyze(&im, 1, &o, &r), 0);
	sp_libdirs_fini(&sys);
	unlink(module);
	unlink(libc);
	rmdir(tmpl);
	free(b);
	return r;
}

Test(static, name_service_module_beside_the_c_library_counts)
{
	/* id(1) recorded without arguments finds root in /etc/passwd;
	 * `id -Gn nobody` asks every service nsswitch.conf names, and
	 * libnss_systemd.so.2 (libcap's constructor: prctl(PR_CAPBSET_READ))
	 * was refused.  A module installed beside libc.so.6 counts whole
	 * for a program that looks a name up. */
	struct sp_static_result *r = analyze_nss(PROGS "static_nss");
	const struct sp_static_call *c = find(r, SYS_getpriority);

	cr_assert_not_null(c, "getpriority of the unloaded NSS module");
	cr_assert(ends_with(c->by, "/libnss_sptest.so.2"), "%s", c->by);
	cr_assert(ends_with(c->beside, "/libc.so.6"), "%s", c->beside);
	sp_static_result_free(r);
	/* A program that looks no name up brings no module. */
	r = analyze_nss(PROGS "imports_connect");
	cr_assert_null(find(r, SYS_getpriority));
	sp_static_result_free(r);
}

Test(static, foreign_function_interface_counts_every_loaded_library)
{
	/* python3 recorded calling getpid() through ctypes, then calling
	 * syncfs(), setns() and fanotify_init() by name: refused, since
	 * libc.so.6 was needed by the interpreter and so read only where
	 * its callers enter it.  A script names what an FFI calls: a loaded
	 * file importing dlsym and ffi_call makes every loaded library
	 * whole. */
	char libc[PATH_MAX];
	const char *objs[] = { libc };
	struct sp_static_result *r;
	const struct sp_static_call *c;

	own_libc(libc, sizeof(libc));
	r = analyze(PROGS "static_ffi", objs, 1, NULL);
	c = find(r, SYS_syncfs);
	cr_assert_not_null(c, "syncfs, which only a name given to ffi_call "
			      "reaches");
	cr_assert_null(c->by, "made in the C library counted whole");
	cr_assert(ends_with(c->lib, "/libc.so.6"), "%s", c->lib);
	cr_assert_not_null(find(r, SYS_fanotify_init));
	cr_assert(r->ffi && ends_with(r->ffi, "/static_ffi"),
		  "profile's note names the file that calls by name: %s",
		  r->ffi ? r->ffi : "(none)");
	sp_static_result_free(r);
	/* Without an FFI the C library is read from its callers; libffi
	 * calling callbacks without a lookup by name (GObject's
	 * marshaller) is none. */
	r = analyze(PROGS "imports_connect", objs, 1, NULL);
	cr_assert_null(find(r, SYS_syncfs));
	sp_static_result_free(r);
	r = analyze(PROGS "static_ffi_cb", objs, 1, NULL);
	cr_assert_null(find(r, SYS_syncfs));
	cr_assert(!r->ffi);
	sp_static_result_free(r);
}

Test(static, foreign_function_interface_of_its_own_counts_too)
{
	/* luajit recorded printing a sum; a script then called usleep()
	 * and flock() through ffi.C: refused (clock_nanosleep, flock), since
	 * LuaJIT calls what dlsym finds with code of its own and imports
	 * no ffi_call.  A file exporting an FFI's entry point (LuaJIT's
	 * luaopen_ffi) and importing dlsym is one. */
	char libc[PATH_MAX];
	const char *objs[] = { libc };
	struct sp_static_result *r;
	const struct sp_static_call *c;

	own_libc(libc, sizeof(libc));
	r = analyze(PROGS "static_ffi_own", objs, 1, NULL);
	c = find(r, SYS_syncfs);
	cr_assert_not_null(c, "syncfs, which only a name given to dlsym "
			      "reaches");
	cr_assert_null(c->by, "made in the C library counted whole");
	cr_assert(r->ffi && ends_with(r->ffi, "/static_ffi_own"),
		  "%s", r->ffi ? r->ffi : "(none)");
	sp_static_result_free(r);
}

Test(static, runtime_linking_its_images_code_by_name_is_an_ffi)
{
	/* sbcl recorded printing a sum; a script then required
	 * sb-bsd-sockets and bound a socket: refused (bind), since the Lisp
	 * code of SBCL's core file (no ELF object: nothing to read) calls C
	 * functions through the linkage table its runtime fills with what
	 * dlsym finds (arch_write_linkage_table_entry).  So racket (Chez
	 * Scheme's foreign-procedure: Sforeign_symbol's file) under
	 * ffi/unsafe: getpriority refused.  Each runtime is an FFI of its
	 * own; SBCL's before 1.4.6 too (arch_write_linkage_table_jmp).
	 * So gforth recorded printing a sum, then a word of its C interface
	 * (c-function getpriority) from a wrapper library compiled before:
	 * getpriority refused.  Its engine calls what libltdl's lt_dlsym
	 * finds in the libraries gforth_dlopen opens. */
	static const char *const progs[] = {
		"static_ffi_linkage", "static_ffi_linkage_jmp",
		"static_ffi_chez", "static_ffi_gforth"
	};
	char libc[PATH_MAX];
	const char *objs[] = { libc };

	own_libc(libc, sizeof(libc));
	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		char path[PATH_MAX];
		struct sp_static_result *r;
		const struct sp_static_call *c;

		snprintf(path, sizeof(path), PROGS "%s", progs[i]);
		r = analyze(path, objs, 1, NULL);
		c = find(r, SYS_syncfs);
		cr_assert_not_null(c, "%s: syncfs, which only a name given to "
				      "dlsym reaches", progs[i]);
		cr_assert_null(c->by, "made in the C library counted whole");
		cr_assert(r->ffi && ends_with(r->ffi, progs[i]), "%s",
			  r->ffi ? r->ffi : "(none)");
		sp_static_result_free(r);
	}
}

Test(static, code_that_cannot_be_read_makes_its_images_libraries_whole)
{
	/* fid_memfd_exec runs a copy of itself from a memfd: the kernel
	 * names it "/memfd:sp-fid (deleted)", a file nobody can open once
	 * the recording is over.  Which functions of the C library it
	 * calls is unknown, so the C library counts whole (syncfs, which
	 * no caller of the program's reaches), and the result says which
	 * file was missing.  So for a library the kernel named so.  A path
	 * with no file now, not said deleted (a container's, read on the
	 * host), is only not read. */
	char *argv[] = { PROGS "fid_memfd_exec", NULL };
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate agg;
	struct sp_sink sink = { .on_syscall = sp_aggregate_sink, .ctx = &agg };
	struct sp_tracer_opts o = { .argv = argv, .notify = true };
	struct sp_diag d = { 0 };
	char libc[PATH_MAX];
	const char *gone[] = { libc, "/nonexistent/gone.so (deleted)" };
	const char *elsewhere[] = { libc, "/nonexistent/gone.so" };
	const char *data[] = { libc, SP_SOURCE_DIR "/testdata/golden/trace.json" };
	struct sp_static_result *r;
	const struct sp_static_call *c;

	cr_assert_not_null(t);
	cr_assert_eq(sp_aggregate_init(&agg, t), 0);
	cr_assert_eq(sp_tracer_run(&o, t, &sink, &d), 0, "%s", d.msg);
	sp_aggregate_fini(&agg);
	cr_assert_eq(t->status, 3, "the child's status");
	cr_assert_eq(t->nprocs, 2);
	cr_assert_str_eq(t->exes[t->procs[1].exe], "/memfd:sp-fid (deleted)");
	r = analyze_trace(t, NULL);
	c = find(r, SYS_syncfs);
	cr_assert_not_null(c, "syncfs: the C library whole");
	cr_assert(ends_with(c->lib, "/libc.so.6"), "%s", c->lib);
	cr_assert(r->blind && strcmp(r->blind, "/memfd:sp-fid (deleted)") == 0,
		  "%s", r->blind ? r->blind : "(none)");
	sp_static_result_free(r);
	sp_trace_free(t);
	own_libc(libc, sizeof(libc));
	r = analyze(PROGS "imports_connect", gone, 2, NULL);
	cr_assert_not_null(find(r, SYS_syncfs));
	cr_assert(r->blind &&
		  strcmp(r->blind, "/nonexistent/gone.so (deleted)") == 0);
	sp_static_result_free(r);
	r = analyze(PROGS "imports_connect", elsewhere, 2, NULL);
	cr_assert_null(find(r, SYS_syncfs));
	cr_assert_null(r->blind);
	sp_static_result_free(r);
	r = analyze("/nonexistent/prog", gone, 1, NULL);
	cr_assert_null(find(r, SYS_syncfs), "an executable not here, not "
					     "said deleted, is only not read");
	sp_static_result_free(r);
	r = analyze("?", gone, 1, NULL);
	cr_assert_not_null(find(r, SYS_syncfs), "one sandprint could not name");
	sp_static_result_free(r);
	/* Controls: every file there, or a file there that holds no code
	 * (read, not ELF): the C library from its callers. */
	r = analyze(PROGS "imports_connect", gone, 1, NULL);
	cr_assert_null(find(r, SYS_syncfs));
	cr_assert_null(r->blind);
	sp_static_result_free(r);
	r = analyze(PROGS "imports_connect", data, 2, NULL);
	cr_assert_null(find(r, SYS_syncfs));
	cr_assert_null(r->blind);
	sp_static_result_free(r);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

static bool has_dir(const struct sp_libdirs *d, const char *path)
{
	char *real = realpath(path, NULL);
	bool in = real && sp_libdirs_has(d, real);

	free(real);
	return in;
}

Test(libdirs, conf_lines_includes_and_defaults)
{
	char tmp[] = "/tmp/sp-libdirs.XXXXXX", p[PATH_MAX], text[4 * PATH_MAX];
	const char *sub[] = { "a", "b", "c", "conf.d" };
	struct sp_libdirs d;

	cr_assert_not_null(mkdtemp(tmp));
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", tmp, sub[i]);
		cr_assert_eq(mkdir(p, 0700), 0);
	}
	snprintf(p, sizeof(p), "%s/l", tmp);
	snprintf(text, sizeof(text), "%s/a", tmp);
	cr_assert_eq(symlink(text, p), 0);
	/* ldconfig's syntax: a directory a line (the old DIR=TYPE too),
	 * comments, include with a pattern relative to the file's
	 * directory, hwcap lines; a directory that does not exist is
	 * dropped, a link is its target. */
	snprintf(text, sizeof(text),
		 "# comment\n  %s/a  \ninclude conf.d/*.conf\n"
		 "hwcap 0 nosegneg\n%s/b=libc6\n%s/missing\n%s/l\n", tmp,
		 tmp, tmp, tmp);
	snprintf(p, sizeof(p), "%s/ld.so.conf", tmp);
	write_file(p, text);
	snprintf(text, sizeof(text), "%s/c # the third\n", tmp);
	snprintf(p, sizeof(p), "%s/conf.d/x.conf", tmp);
	write_file(p, text);
	snprintf(p, sizeof(p), "%s/ld.so.conf", tmp);
	cr_assert_eq(sp_libdirs_load(p, NULL, &d), 0);
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", tmp, sub[i]);
		cr_assert(has_dir(&d, p), "%s not read", p);
	}
	snprintf(p, sizeof(p), "%s/conf.d", tmp);
	cr_assert(!has_dir(&d, p));
	cr_assert(!has_dir(&d, tmp));
	for (size_t i = 1; i < d.n; i++)
		cr_assert_lt(strcmp(d.dirs[i - 1], d.dirs[i]), 0,
			     "not sorted, or twice: %s", d.dirs[i]);
	for (size_t i = 0; i < sp_libdirs_ndefault; i++)
		cr_assert(access(sp_libdirs_default[i], F_OK) ||
				  has_dir(&d, sp_libdirs_default[i]),
			  "%s", sp_libdirs_default[i]);
	sp_libdirs_fini(&d);
	snprintf(text, sizeof(text), "rm -rf -- '%s'", tmp);
	cr_assert_eq(system(text), 0);
}

Test(libdirs, cache_holds_the_directories_ldconfig_lists)
{
	struct sp_libdirs d;
	char line[2 * PATH_MAX];
	size_t n = 0;
	FILE *f;

	cr_assert_eq(sp_libdirs_load(NULL, "/etc/ld.so.cache", &d), 0);
	/* "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1" */
	f = popen("/sbin/ldconfig -p", "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *path = strstr(line, "=> /"), *slash;

		if (!path)
			continue;
		path += 3;
		path[strcspn(path, "\n")] = '\0';
		slash = strrchr(path, '/');
		*slash = '\0';
		cr_assert(has_dir(&d, path), "%s (ldconfig -p) not read", path);
		n++;
	}
	pclose(f);
	cr_assert_gt(n, 0, "ldconfig -p listed nothing");
	sp_libdirs_fini(&d);
}

Test(static, runtimes_recognised)
{
	char libc[PATH_MAX];
	const char *objs[] = { libc };
	struct sp_static_result *r;

	own_libc(libc, sizeof(libc));
	r = analyze(PROGS "static_gomark", objs, 1, NULL);
	cr_assert(r->langs & SP_LANG_BIT(SP_LANG_GO));
	cr_assert(r->langs & SP_LANG_BIT(SP_LANG_GLIBC));
	sp_static_result_free(r);
	r = analyze(PROGS "static_sites", NULL, 0, NULL);
	cr_assert_eq(r->langs, 0);
	sp_static_result_free(r);
	/* pandoc's exit yields (sched_yield) natively, never recorded: a
	 * program exporting GHC's hs_init is GHC's runtime. */
	r = analyze(PROGS "static_ghcmark", NULL, 0, NULL);
	cr_assert_eq(r->langs & ~SP_LANG_BIT(SP_LANG_GLIBC),
		     SP_LANG_BIT(SP_LANG_GHC), "%#x", r->langs);
	sp_static_result_free(r);
}

Test(static, unreadable_files_are_listed)
{
	const char *objs[] = { SP_SOURCE_DIR "/testdata/golden/trace.json" };
	struct sp_static_result *r = analyze("/nonexistent/prog", objs, 1,
					     NULL);

	cr_assert_eq(r->ncalls, 0);
	cr_assert_eq(r->nskipped, 2);
	cr_assert_str_eq(r->skipped[0].path, "/nonexistent/prog");
	cr_assert(strstr(r->skipped[0].why, "No such file"), "%s",
		  r->skipped[0].why);
	sp_static_result_free(r);
	r = analyze(SP_SOURCE_DIR "/testdata/golden/trace.json", NULL, 0,
		    NULL);
	cr_assert_eq(r->nskipped, 1);
	/* The reason alone: show prints the path before it. */
	cr_assert_str_eq(r->skipped[0].why, "not an ELF file");
	sp_static_result_free(r);
}

static void copy_file(const char *from, const char *to)
{
	char cmd[2 * PATH_MAX + 16];

	/* Quoted: the build's path may hold a space. */
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	cr_assert_eq(system(cmd), 0);
}

/* The first file r lists as not read is path, and why says so. */
static void first_not_read(const struct sp_static_result *r,
			   const char *path, const char *why)
{
	cr_assert_geq(r->nskipped, 1);
	cr_assert_str_eq(r->skipped[0].path, path);
	cr_assert(strstr(r->skipped[0].why, why), "%s", r->skipped[0].why);
}

/* A copy of imports_connect in dir, its header saying a machine whose
 * code is not analysed (EM_AARCH64): the loader of that machine would run
 * it. */
static void other_machine_copy(const char *dir, char *out, size_t len)
{
	const uint16_t em_aarch64 = 183;
	int fd;

	snprintf(out, len, "%s/prog", dir);
	copy_file(PROGS "imports_connect", out);
	fd = open(out, O_WRONLY);
	cr_assert_geq(fd, 0);
	/* e_machine, after e_ident and e_type. */
	cr_assert_eq(pwrite(fd, &em_aarch64, sizeof(em_aarch64), 18), 2);
	close(fd);
}

Test(static, dependency_of_another_machine_is_not_this_ones)
{
	char dir[] = "/tmp/sp-static-machine-XXXXXX", prog[PATH_MAX];
	struct sp_static_result *r;

	cr_assert_not_null(mkdtemp(dir));
	other_machine_copy(dir, prog, sizeof(prog));
	/* Its libc.so.6 is not the x86_64 (or i386) one of the system's
	 * directories (the loader passes over a file of another machine
	 * and looks on): connect, its import, is not explained by x86_64
	 * code. */
	r = analyze(prog, NULL, 0, NULL);
	cr_assert_null(find(r, SYS_connect));
	for (size_t i = 0; i < r->ncalls; i++)
		cr_assert(!ends_with(r->calls[i].lib, "/libc.so.6"), "%s",
			  r->calls[i].lib);
	first_not_read(r, prog, "machine 183: only x86_64 and i386");
	/* The path is said once, by whoever prints the entry. */
	cr_assert_null(strstr(r->skipped[0].why, prog), "%s",
		       r->skipped[0].why);
	sp_static_result_free(r);
	unlink(prog);
	rmdir(dir);
}

Test(static, elf_file_cut_short_is_listed_not_read)
{
	char dir[] = "/tmp/sp-static-cut-XXXXXX", path[PATH_MAX];
	const char *objs[] = { path };
	struct stat st;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/libsp_static_lib.so", dir);
	cr_assert_eq(stat(PROGS "libsp_static_lib.so", &st), 0);
	/* Cut in its code, in its program headers, in its section headers
	 * (at the end): each still starts as ELF. */
	off_t cuts[] = { st.st_size / 2, 100, st.st_size - 16 };

	for (size_t i = 0; i < ARRAY_SIZE(cuts); i++) {
		struct sp_static_result *r;

		copy_file(PROGS "libsp_static_lib.so", path);
		cr_assert_eq(truncate(path, cuts[i]), 0);
		r = analyze(PROGS "static_uselib", objs, 1, NULL);
		cr_assert_eq(r->nskipped, 1, "cut at %lld", (long long)cuts[i]);
		first_not_read(r, path, "past its end");
		sp_static_result_free(r);
	}
	unlink(path);
	rmdir(dir);
}

/* ---- the cache ---- */

static void same_calls(const struct sp_static_result *a,
		       const struct sp_static_result *b)
{
	cr_assert_eq(a->ncalls, b->ncalls);
	for (size_t i = 0; i < a->ncalls; i++) {
		cr_assert_eq(a->calls[i].nr, b->calls[i].nr);
		cr_assert_str_eq(a->calls[i].via ? a->calls[i].via : "",
				 b->calls[i].via ? b->calls[i].via : "");
	}
	cr_assert_eq(a->unresolved, b->unresolved);
}

/* Overwrites every cache file in dir with what fill writes. */
static size_t damage(const char *dir, int how)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	size_t n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d))) {
		char p[PATH_MAX + 256];
		int fd;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (how == 0) {
			cr_assert_eq(truncate(p, 40), 0);
		} else {
			fd = open(p, O_WRONLY);
			cr_assert_geq(fd, 0);
			/* Past the header: indexes that point nowhere. */
			cr_assert_eq(pwrite(fd,
					    "\xff\xff\xff\x7f\xff\xff\xff\x7f",
					    8, 200),
				     8);
			close(fd);
		}
		n++;
	}
	closedir(d);
	return n;
}

static void remove_dir(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		char p[PATH_MAX + 256];

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

Test(static, cache_gives_the_same_answer_and_survives_damage)
{
	char dir[] = "/tmp/sp-static-cache-XXXXXX", cache[PATH_MAX];
	char libc[PATH_MAX];
	const char *objs[] = { PROGS "libsp_static_lib.so", libc };
	struct sp_static_result *fresh, *r;

	own_libc(libc, sizeof(libc));
	cr_assert_not_null(mkdtemp(dir));
	/* A directory the cache makes itself. */
	snprintf(cache, sizeof(cache), "%s/a/b", dir);
	fresh = analyze(PROGS "static_uselib", objs, 2, cache);
	cr_assert_eq(fresh->cached, 0);
	cr_assert_geq(fresh->files, 3);
	r = analyze(PROGS "static_uselib", objs, 2, cache);
	cr_assert_eq(r->cached, r->files);
	same_calls(fresh, r);
	sp_static_result_free(r);
	for (int how = 0; how < 2; how++) {
		cr_assert_eq(damage(cache, how), fresh->files);
		r = analyze(PROGS "static_uselib", objs, 2, cache);
		cr_assert_eq(r->cached, 0, "damage %d read back", how);
		same_calls(fresh, r);
		sp_static_result_free(r);
	}
	/* Rewritten. */
	r = analyze(PROGS "static_uselib", objs, 2, cache);
	cr_assert_eq(r->cached, r->files);
	sp_static_result_free(r);
	sp_static_result_free(fresh);
	remove_dir(cache);
	snprintf(cache, sizeof(cache), "%s/a", dir);
	rmdir(cache);
	rmdir(dir);
}

Test(static, file_of_another_machine_is_not_read_from_the_cache_either)
{
	char dir[] = "/tmp/sp-static-cache-XXXXXX", cache[PATH_MAX];
	char prog[PATH_MAX];

	cr_assert_not_null(mkdtemp(dir));
	other_machine_copy(dir, prog, sizeof(prog));
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	for (int pass = 0; pass < 2; pass++) {
		struct sp_static_result *r = analyze(prog, NULL, 0, cache);

		cr_assert_eq(r->cached > 0, pass == 1, "pass %d", pass);
		first_not_read(r, prog, "only x86_64 and i386");
		sp_static_result_free(r);
	}
	remove_dir(cache);
	unlink(prog);
	rmdir(dir);
}

/* The files in dir. */
static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

Test(static, hard_links_are_read_once_and_their_sites_counted_once)
{
	/* A build farm's tools are links to few files (8000 names of
	 * /bin/true), or copies: each path is a file of the analysis, a
	 * link's contents are summarized once, an image of the same
	 * contents (a link's, a copy's) and objects is the image before it
	 * (its calls and their evidence first found there), and a site
	 * whose number is not constant is one site however many images
	 * reach it and by however many names. */
	char dir[] = "/tmp/sp-static-links-XXXXXX", cache[PATH_MAX];
	char libc[PATH_MAX], ld[PATH_MAX], link1[PATH_MAX], link2[PATH_MAX];
	char copy[PATH_MAX];
	const char *objs[] = { libc, ld };
	struct sp_static_image im[4];
	struct sp_static_opts o = { .cache_dir = cache };
	struct sp_static_result *one, *r = NULL;

	own_libc(libc, sizeof(libc));
	own_file("/ld-linux-x86-64.so.2", ld, sizeof(ld));
	cr_assert_not_null(mkdtemp(dir));
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	snprintf(link1, sizeof(link1), "%s/nosys", dir);
	snprintf(link2, sizeof(link2), "%s/nosys2", dir);
	snprintf(copy, sizeof(copy), "%s/nosys3", dir);
	copy_file(PROGS "edge_nosys", link1);
	copy_file(PROGS "edge_nosys", copy);
	one = analyze(link1, objs, 2, NULL);
	/* syscall() of a number from an array, the loader's own. */
	cr_assert_gt(one->unresolved, 0);
	cr_assert_eq(mkdir(cache, 0700), 0);
	cr_assert_eq(link(link1, link2), 0);
	im[0] = (struct sp_static_image){ link1, objs, 2 };
	im[1] = (struct sp_static_image){ link2, objs, 2 };
	im[2] = (struct sp_static_image){ link2, objs, 1 };
	im[3] = (struct sp_static_image){ copy, objs, 2 };
	cr_assert_eq(sp_static_analyze(im, 4, &o, &r), 0);
	same_calls(one, r);
	cr_assert_eq(r->files, one->files + 2);
	for (size_t i = 0; i < r->ncalls; i++)
		cr_assert_str_eq(r->calls[i].by ? r->calls[i].by :
				 r->calls[i].lib,
				 one->calls[i].by ? one->calls[i].by :
				 one->calls[i].lib);
	/* The executable's two names, its copy, libc, the loader: one
	 * summary each of the four files. */
	cr_assert_eq(files_in(cache), 4);
	sp_static_result_free(r);
	sp_static_result_free(one);
	remove_dir(cache);
	unlink(copy);
	unlink(link2);
	unlink(link1);
	rmdir(dir);
}

/* ---- the profile ---- */

static const struct sp_rule *rule_with(const struct sp_profile *p,
				       const char *name, enum sp_origin o)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].nnames; k++)
			if (p->rules[i].origin == o &&
			    strcmp(p->rules[i].names[k], name) == 0)
				return &p->rules[i];
	return NULL;
}

Test(static, extras_become_static_rules_beside_the_recorded_ones)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern sock = { .arch = SP_ARCH_X86_64, .nr = SYS_socket,
				   .kept = 3, .args = { 1, 1 }, .count = 1 };
	struct sp_generate_extra extras[] = {
		{ .arch = SP_ARCH_X86_64, .nr = SYS_socket,
		  .why = "socket() in libc.so.6, by x" },
		{ .arch = SP_ARCH_X86_64, .nr = SYS_connect,
		  .why = "connect() in libc.so.6, by x" },
	};
	struct sp_generate_opts o;
	struct sp_profile *p = NULL;
	const struct sp_rule *r;

	cr_assert_eq(sp_trace_intern_exe(t, "/x"), 0);
	cr_assert_geq(sp_trace_add_pattern(t, &sock), 0);
	sp_generate_opts_init(&o);
	o.statics = extras;
	o.nstatics = 2;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	/* socket keeps its recorded rule, conditions and all. */
	r = rule_with(p, "socket", SP_ORIGIN_RECORDED);
	cr_assert_not_null(r);
	cr_assert_gt(r->nconds, 0);
	cr_assert_null(rule_with(p, "socket", SP_ORIGIN_STATIC));
	r = rule_with(p, "connect", SP_ORIGIN_STATIC);
	cr_assert_not_null(r);
	cr_assert_eq(r->nconds, 0);
	cr_assert_eq(r->action, SP_ACT_ALLOW);
	cr_assert_eq(sp_origin_parse_comment(r->comment), SP_ORIGIN_STATIC);
	cr_assert(strstr(r->comment, "connect (connect() in libc.so.6, by x)"),
		  "%s", r->comment);
	sp_profile_free(p);
	/* --static none: the extras are simply not handed over. */
	o.nstatics = 0;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_null(rule_with(p, "connect", SP_ORIGIN_STATIC));
	sp_profile_free(p);
	sp_trace_free(t);
}

/* A rule of p for name with origin o whose conditions hold for args
 * (every argument a condition reads given). */
static const struct sp_rule *rule_allowing(const struct sp_profile *p,
					   const char *name, enum sp_origin o,
					   const uint64_t *args)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		bool named = false, all = true;

		for (size_t k = 0; k < r->nnames; k++)
			named |= strcmp(r->names[k], name) == 0;
		if (!named || r->origin != o || r->action != SP_ACT_ALLOW)
			continue;
		for (size_t k = 0; k < r->nconds && all; k++)
			all = sp_cond_holds(&r->conds[k],
					    args[r->conds[k].index]);
		if (all)
			return r;
	}
	return NULL;
}

Test(static, constant_site_arguments_widen_a_conditional_rule)
{
	/* The recording saw threads: clone with pthread_create's flags. */
	const uint64_t thread = CLONE_VM | CLONE_FS | CLONE_FILES |
				CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
				CLONE_SETTLS | CLONE_PARENT_SETTID |
				CLONE_CHILD_CLEARTID;
	/* glibc's _Fork passes these as constants (arch_fork). */
	const uint64_t fork_flags = CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
				    SIGCHLD;
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern clone = { .arch = SP_ARCH_X86_64, .nr = SYS_clone,
				    .kept = 1, .args = { thread },
				    .count = 1 };
	const struct sp_args sites[] = {
		{ .kept = 1, .args = { fork_flags } },
		{ .kept = 1, .args = { thread } },    /* allowed already */
	};
	struct sp_generate_extra extra = {
		.arch = SP_ARCH_X86_64, .nr = SYS_clone,
		.why = "fork() -> _Fork in libc.so.6, by x",
		.args = sites, .nargs = 2 };
	const uint64_t user_ns[SP_NARGS] = { fork_flags | CLONE_NEWUSER };
	const uint64_t forked[SP_NARGS] = { fork_flags };
	const uint64_t threaded[SP_NARGS] = { thread };
	struct sp_generate_opts o;
	struct sp_profile *p = NULL;
	size_t nstatic = 0;

	cr_assert_eq(sp_trace_intern_exe(t, "/x"), 0);
	cr_assert_geq(sp_trace_add_pattern(t, &clone), 0);
	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.statics = &extra;
	o.nstatics = 1;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	/* The recorded rule keeps its conditions: fork's flags are not in
	 * it ... */
	cr_assert_not_null(rule_allowing(p, "clone", SP_ORIGIN_RECORDED,
					 threaded));
	cr_assert_null(rule_allowing(p, "clone", SP_ORIGIN_RECORDED, forked));
	/* ... a static rule beside it allows exactly them, not a namespace
	 * more. */
	cr_assert_not_null(rule_allowing(p, "clone", SP_ORIGIN_STATIC, forked));
	cr_assert_null(rule_allowing(p, "clone", SP_ORIGIN_STATIC, user_ns));
	cr_assert_null(rule_allowing(p, "clone", SP_ORIGIN_STATIC, threaded));
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].nnames; k++)
			nstatic += p->rules[i].origin == SP_ORIGIN_STATIC &&
				   strcmp(p->rules[i].names[k], "clone") == 0;
	cr_assert_eq(nstatic, 1);
	cr_assert(strstr(rule_allowing(p, "clone", SP_ORIGIN_STATIC, forked)
				 ->comment,
			 "static: recorded with other arguments; "),
		  "%s", rule_allowing(p, "clone", SP_ORIGIN_STATIC, forked)
				->comment);
	sp_profile_free(p);
	sp_trace_free(t);
}

/* The profile of t with a kill default and r's calls as [static]
 * extras, as cli/static.c hands them over (marks: the bits of each
 * tuple's caller byte handed on, 0xff for all); with computed false,
 * clone's tuples whose flags are computed at run time are left out (the
 * generator made no rule for them before it read guards). */
static struct sp_bpf *kill_filter(struct sp_trace *t,
				  const struct sp_static_result *r,
				  bool computed, uint8_t marks,
				  enum sp_args_mode mode)
{
	/* Static: 2 MB is more than a test's stack should hold. */
	static struct sp_generate_extra x[512];
	static struct sp_args kept[512][64];
	static uint8_t caller[512][64];
	struct sp_compile_opts co = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_generate_opts o;
	struct sp_profile *p = NULL;
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };

	cr_assert_leq(r->ncalls, 512);
	for (size_t i = 0; i < r->ncalls; i++) {
		const struct sp_static_call *c = &r->calls[i];
		size_t n = 0;

		for (size_t k = 0; k < c->nargs && n < 64; k++)
			if (computed || c->nr != SYS_clone ||
			    (c->args[k].kept & 1)) {
				caller[i][n] = c->caller[k] & marks;
				kept[i][n++] = c->args[k];
			}
		x[i] = (struct sp_generate_extra){
			.arch = SP_ARCH_X86_64, .nr = c->nr, .why = c->via,
			.args = kept[i], .caller = caller[i], .nargs = n };
	}
	sp_generate_opts_init(&o);
	o.default_action = SP_ACT_KILL_PROCESS;
	o.args = mode;
	o.statics = x;
	o.nstatics = r->ncalls;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_eq(sp_seccomp_compile(p, &co, &b, &d), 0, "%s", d.msg);
	sp_profile_free(p);
	return b;
}

/* Runs argv under b (no_new_privs, then the filter, then exec); its
 * wait status. */
static int run_under(const struct sp_bpf *b, char *const *argv)
{
	struct sock_fprog prog = { (unsigned short)b->len, b->insns };
	int status;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* The kernel's verdicts on clone under b: posix_spawn's flags pass, a
 * new user or mount namespace kills, clone3 gets ENOSYS. */
static void clone_verdicts(const struct sp_bpf *b)
{
	const uint64_t spawn = CLONE_VM | CLONE_VFORK | SIGCHLD;
	const struct sp_probe_case c[] = {
		{ SYS_clone, { spawn } },
		{ SYS_clone, { CLONE_NEWUSER | SIGCHLD } },
		{ SYS_clone, { CLONE_NEWNS | SIGCHLD } },
		{ SYS_clone, { spawn | CLONE_NEWUSER | CLONE_NEWNS } },
		{ SYS_clone3, { 0 } },
	};
	struct sock_fprog prog = { (unsigned short)b->len, b->insns };
	struct sp_probe_verdict v[5];

	cr_assert_eq(sp_probe_run(&prog, c, 5, v), 0);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "posix_spawn's clone");
	cr_assert_eq(v[1].kind, SP_PROBE_KILL, "CLONE_NEWUSER");
	cr_assert_eq(v[2].kind, SP_PROBE_KILL, "CLONE_NEWNS");
	cr_assert_eq(v[3].kind, SP_PROBE_KILL, "spawn with namespaces");
	cr_assert_eq(v[4].kind, SP_PROBE_ERRNO, "clone3 refused");
	cr_assert_eq(v[4].err, ENOSYS, "clone3 refused with ENOSYS");
}

/* The kernel as the oracle of the whole chain: static_spawn recorded
 * creating a thread only (clone3 with a thread's flags, folded into
 * clone's conditions), its code analysed, its profile with a kill
 * default.  The spawn it did not make (posix_spawn: clone flags computed
 * at run time) runs under the profile, and clone still dies with a new
 * user or mount namespace; so it does when the recording made no clone
 * at all. */
Test(static, computed_clone_flags_let_a_spawn_run_not_a_namespace)
{
	char *rec_argv[] = { PROGS "static_spawn", NULL };
	char *const spawn_argv[] = { PROGS "static_spawn", "spawn", NULL };
	struct sp_trace *t = record(rec_argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	struct sp_bpf *b;
	bool runtime = false;
	int status;

	/* The premise: a clone site whose flags are not a constant is
	 * reachable, and the recording made no spawn. */
	cr_assert_not_null(find(r, SYS_clone));
	for (size_t k = 0; k < find(r, SYS_clone)->nargs; k++)
		runtime |= !(find(r, SYS_clone)->args[k].kept & 1);
	cr_assert(runtime);
	b = kill_filter(t, r, true, 0xff, SP_ARGS_AUTO);
	clone_verdicts(b);
	status = run_under(b, spawn_argv);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "the spawn under its profile: status 0x%x", status);
	sp_bpf_free(b);
	/* Without the rule for the computed flags, the same spawn dies:
	 * under --args strict, where the recorded thread's rule gets no
	 * twin free but for clone's guard (argkind.def SP_ARG_GUARD_ONLY,
	 * which lets it run under auto: generate_test's
	 * ipv6_and_threads_allowed_as_recorded_ipv4_and_a_fork). */
	b = kill_filter(t, r, true, 0xff, SP_ARGS_STRICT);
	status = run_under(b, spawn_argv);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "strict, the spawn under its profile: status 0x%x", status);
	sp_bpf_free(b);
	b = kill_filter(t, r, false, 0xff, SP_ARGS_STRICT);
	status = run_under(b, spawn_argv);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
		  "strict, the spawn without it: status 0x%x", status);
	sp_bpf_free(b);
	sp_static_result_free(r);
	sp_trace_free(t);
	/* Recorded without any clone ("child" exits at once), the same
	 * code's profile allows clone as its sites need, but no
	 * namespace, and refuses clone3 so that glibc falls back to it;
	 * the thread and the spawn run (the thread's stack: an mprotect
	 * to PROT_READ|PROT_WRITE that the recording, PROT_READ only,
	 * never made, computed in glibc: free but for PROT_EXEC). */
	t = record((char *[]){ PROGS "static_spawn", "child", NULL });
	r = analyze_trace(t, NULL);
	cr_assert(!recorded(t, SYS_clone) && !recorded(t, SYS_clone3));
	b = kill_filter(t, r, true, 0xff, SP_ARGS_AUTO);
	clone_verdicts(b);
	status = run_under(b, spawn_argv);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "threads and the spawn, recorded without either: "
		  "status 0x%x", status);
	sp_bpf_free(b);
	sp_static_result_free(r);
	sp_trace_free(t);
}

/* The caller byte of the first tuple of r's call nr whose protection
 * (args[2]) is prot, passed by a caller, and the caller's file; -1 when
 * there is none. */
static int prot_passed(const struct sp_static_result *r, int64_t nr,
		       uint64_t prot, const char **lib)
{
	const struct sp_static_call *c = find(r, nr);

	for (size_t k = 0; c && k < c->nargs; k++)
		if ((c->args[k].kept & 4) && c->args[k].args[2] == prot &&
		    (c->caller[k] & 4)) {
			*lib = c->sites[k].lib;
			return c->caller[k];
		}
	return -1;
}

/* Whether t recorded nr with a protection both writable and
 * executable. */
static bool recorded_wx(const struct sp_trace *t, int64_t nr)
{
	for (size_t i = 0; i < t->npatterns; i++)
		if (t->patterns[i].nr == nr && (t->patterns[i].kept & 4) &&
		    (t->patterns[i].args[2] & PROT_WRITE) &&
		    (t->patterns[i].args[2] & PROT_EXEC))
			return true;
	return false;
}

/* The C library's own files (glibc's private interface) are told from
 * a program and another project's library. */
Test(static, c_library_files_are_told_apart)
{
	char libc[PATH_MAX], ld[PATH_MAX];
	const char *const files[] = { libc, ld, PROGS "libsp_static_jit.so",
				      PROGS "static_jit" };
	const bool want[] = { true, true, false, false };

	own_libc(libc, sizeof(libc));
	own_file("/ld-linux-x86-64.so.2", ld, sizeof(ld));
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct sp_elf_image *img = NULL;
		struct sp_diag d = { 0 };

		cr_assert_eq(sp_elf_image_open(files[i], &img, &d), 0, "%s",
			     d.msg);
		cr_assert_eq(img->libc, want[i], "%s", files[i]);
		sp_elf_image_free(img);
	}
}

/* A library outside the C library that maps W+X memory through libc's
 * mmap() (a JIT's), never during the recording: its constant at the
 * import call is what that code does, so its profile lets it run, with
 * that protection exactly; executable memory otherwise stays killed.
 * The kernel decides.  Without the mark that says the caller is outside
 * the C library, the same constant lifts nothing and the JIT dies. */
Test(static, jit_library_gets_its_wx_mapping_nothing_more)
{
	const uint64_t rwx = PROT_READ | PROT_WRITE | PROT_EXEC;
	const uint64_t anon = MAP_PRIVATE | MAP_ANONYMOUS;
	char *rec_argv[] = { PROGS "static_jit", NULL };
	char *const jit_argv[] = { PROGS "static_jit", "jit", NULL };
	const struct sp_probe_case c[] = {
		{ SYS_mmap, { 0, 4096, rwx, anon } },
		{ SYS_mmap, { 0, 4096, PROT_WRITE | PROT_EXEC, anon } },
		{ SYS_mmap, { 0, 4096, rwx | PROT_GROWSDOWN, anon } },
		{ SYS_mprotect, { 0, 4096, rwx } },
		{ SYS_pkey_mprotect, { 0, 4096, rwx, (uint64_t)-1 } },
	};
	enum { N = ARRAY_SIZE(c) };
	struct sp_probe_verdict v[N];
	struct sp_trace *t = record(rec_argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	struct sock_fprog prog;
	const char *lib = NULL;
	struct sp_bpf *b;
	int mark, status;

	cr_assert(!recorded_wx(t, SYS_mmap), "W+X mmap recorded");
	mark = prot_passed(r, SYS_mmap, rwx, &lib);
	cr_assert(mark >= 0 && (mark & SP_CALLER_OUTSIDE_LIBC),
		  "the library's mmap: caller byte %d", mark);
	cr_assert(ends_with(lib, "/libsp_static_jit.so"), "%s", lib);
	b = kill_filter(t, r, true, 0xff, SP_ARGS_AUTO);
	prog = (struct sock_fprog){ (unsigned short)b->len, b->insns };
	cr_assert_eq(sp_probe_run(&prog, c, N, v), 0);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "the library's W+X mmap");
	for (size_t i = 1; i < N; i++)
		cr_assert_eq(v[i].kind, SP_PROBE_KILL, "case %zu", i);
	status = run_under(b, jit_argv);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "the JIT under its profile: status 0x%x", status);
	sp_bpf_free(b);
	b = kill_filter(t, r, true, (uint8_t)~SP_CALLER_OUTSIDE_LIBC, SP_ARGS_AUTO);
	status = run_under(b, jit_argv);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
		  "the JIT, its constant counted as libc's own: status 0x%x",
		  status);
	sp_bpf_free(b);
	sp_static_result_free(r);
	sp_trace_free(t);
}

/* prog, recorded opening an AF_UNIX socket with a family it computes
 * at run time (no constant where it passes it), gets a profile under
 * which it opens an AF_INET one: the tuple says prog computes the
 * argument, from outside the C library, not kept, and the kernel lets
 * AF_INET through.  Without the mark, the recorded AF_UNIX stands and
 * the AF_INET socket kills it. */
static void computed_family_runs(const char *prog)
{
	char path[PATH_MAX];
	char *rec_argv[] = { path, NULL };
	char *const inet_argv[] = { path, "2", NULL };
	const struct sp_probe_case c[] = {
		{ SYS_socket, { AF_INET, SOCK_DGRAM, 0 } },
	};
	struct sp_probe_verdict v[1];
	struct sp_trace *t;
	struct sp_static_result *r;
	const struct sp_static_call *sc;
	struct sock_fprog fprog;
	struct sp_bpf *b;
	bool computed = false;
	int status;

	snprintf(path, sizeof(path), PROGS "%s", prog);
	t = record(rec_argv);
	r = analyze_trace(t, NULL);
	sc = find(r, SYS_socket);
	for (size_t k = 0; sc && k < sc->nargs; k++)
		computed |= (sc->caller[k] & SP_CALLER_OUTSIDE_LIBC) &&
			    (sc->caller[k] & 1) && !(sc->args[k].kept & 1) &&
			    ends_with(sc->sites[k].lib, prog);
	cr_assert(computed, "%s: no tuple with its computed family", prog);
	b = kill_filter(t, r, true, 0xff, SP_ARGS_AUTO);
	fprog = (struct sock_fprog){ (unsigned short)b->len, b->insns };
	cr_assert_eq(sp_probe_run(&fprog, c, 1, v), 0);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "%s: socket(AF_INET)", prog);
	status = run_under(b, inet_argv);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "%s: an AF_INET socket: status 0x%x", prog, status);
	sp_bpf_free(b);
	b = kill_filter(t, r, true, (uint8_t)~SP_CALLER_OUTSIDE_LIBC,
			SP_ARGS_AUTO);
	status = run_under(b, inet_argv);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
		  "%s: the family counted as libc's own: status 0x%x", prog,
		  status);
	sp_bpf_free(b);
	sp_static_result_free(r);
	sp_trace_free(t);
}

/* A program hands libc's socket() a family it computes (Tcl and curl
 * pass getaddrinfo()'s): any may come (before: tclsh's TCP server,
 * recorded with nscd's AF_UNIX socket only, was refused). */
Test(static, family_computed_by_the_program_is_not_held_to_the_recorded)
{
	computed_family_runs("static_computed");
}

/* A Go program's own syscall instruction takes the family its code
 * computes, no C library in between (before: a Go server recorded on
 * TCP was refused its unix socket). */
Test(static, family_computed_at_a_go_programs_site_is_not_held)
{
	computed_family_runs("static_gosock");
}

/* prog (static_unrecorded, or its build that computes the family),
 * recorded making no socket, has a reachable socket site of its own:
 * the profile with a kill default, and the kernel's verdicts on
 * socket(AF_INET, SOCK_DGRAM), socket(AF_UNIX, SOCK_DGRAM) and
 * socket(AF_INET, SOCK_STREAM) under it; the program's own socket (of
 * family, a number) runs under it. */
static void unrecorded_socket(const char *prog, const char *family,
			      enum sp_probe_kind *v_inet,
			      enum sp_probe_kind *v_unix,
			      enum sp_probe_kind *v_stream)
{
	char path[PATH_MAX];
	char *rec_argv[] = { path, NULL };
	char *const run_argv[] = { path, (char *)family, NULL };
	const struct sp_probe_case c[] = {
		{ SYS_socket, { AF_INET, SOCK_DGRAM, 0 } },
		{ SYS_socket, { AF_UNIX, SOCK_DGRAM, 0 } },
		{ SYS_socket, { AF_INET, SOCK_STREAM, 0 } },
	};
	struct sp_probe_verdict v[3];
	struct sp_trace *t;
	struct sp_static_result *r;
	struct sock_fprog fprog;
	struct sp_bpf *b;
	int status;

	snprintf(path, sizeof(path), PROGS "%s", prog);
	t = record(rec_argv);
	cr_assert(!recorded(t, SYS_socket), "%s: socket recorded", prog);
	r = analyze_trace(t, NULL);
	cr_assert_not_null(find(r, SYS_socket), "%s: no socket site", prog);
	b = kill_filter(t, r, true, 0xff, SP_ARGS_AUTO);
	fprog = (struct sock_fprog){ (unsigned short)b->len, b->insns };
	cr_assert_eq(sp_probe_run(&fprog, c, 3, v), 0);
	*v_inet = v[0].kind;
	*v_unix = v[1].kind;
	*v_stream = v[2].kind;
	status = run_under(b, run_argv);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "%s %s under its profile: status 0x%x", prog, family,
		  status);
	sp_bpf_free(b);
	sp_static_result_free(r);
	sp_trace_free(t);
}

/* A call the recording did not make, whose only reachable site passes
 * constants, is allowed with those values: the program's
 * socket(AF_INET, SOCK_DGRAM) runs, an AF_UNIX socket kills (before,
 * socket was allowed whatever its arguments). */
Test(static, unrecorded_call_held_to_its_sites_constants)
{
	enum sp_probe_kind inet, unix_dgram, stream;

	unrecorded_socket("static_unrecorded", "socket", &inet, &unix_dgram,
			  &stream);
	cr_assert_eq(inet, SP_PROBE_ALLOW, "socket(AF_INET, SOCK_DGRAM)");
	cr_assert_eq(unix_dgram, SP_PROBE_KILL, "socket(AF_UNIX)");
	cr_assert_eq(stream, SP_PROBE_KILL, "socket(SOCK_STREAM)");
}

/* The same site computing the family at run time: any family, the type
 * still its constant one. */
Test(static, unrecorded_call_free_where_its_site_computes_the_argument)
{
	enum sp_probe_kind inet, unix_dgram, stream;
	char family[16];

	snprintf(family, sizeof(family), "%d", AF_UNIX);
	unrecorded_socket("static_unrecorded_computed", family, &inet,
			  &unix_dgram, &stream);
	cr_assert_eq(inet, SP_PROBE_ALLOW, "socket(AF_INET, SOCK_DGRAM)");
	cr_assert_eq(unix_dgram, SP_PROBE_ALLOW, "socket(AF_UNIX)");
	cr_assert_eq(stream, SP_PROBE_KILL, "socket(SOCK_STREAM)");
}

/* glibc's tcsetattr() makes its request TCSETS + its mode (`lea
 * 0x5402(%r9), %esi`, after alignment padding no path reaches): a
 * program calling it with TCSADRAIN may ask ioctl(TCSETSW), which its
 * recording (TCGETS alone) never made.  The site passes its caller's
 * argument plus a constant; the caller's constant makes the request. */
Test(static, request_a_wrapper_computes_from_its_callers_constant)
{
	char *rec_argv[] = { PROGS "static_tcset", NULL };
	const struct sp_probe_case c[] = {
		{ SYS_ioctl, { 0, TCSETSW } },
	};
	struct sp_probe_verdict v[1];
	struct sp_trace *t = record(rec_argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	const struct sp_static_call *sc = find(r, SYS_ioctl);
	struct sock_fprog prog;
	struct sp_bpf *b;
	bool found = false;

	for (size_t k = 0; sc && k < sc->nargs; k++)
		found |= (sc->args[k].kept & 2) &&
			 sc->args[k].args[1] == TCSETSW &&
			 (sc->caller[k] & 2) &&
			 ends_with(sc->sites[k].lib, "/static_tcset");
	cr_assert(found, "no ioctl(TCSETSW) from static_tcset's call");
	b = kill_filter(t, r, true, 0xff, SP_ARGS_AUTO);
	prog = (struct sock_fprog){ (unsigned short)b->len, b->insns };
	cr_assert_eq(sp_probe_run(&prog, c, 1, v), 0);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW, "ioctl(TCSETSW)");
	sp_bpf_free(b);
	sp_static_result_free(r);
	sp_trace_free(t);
}

/* glibc's own code passes PROT_READ|PROT_WRITE|PROT_EXEC to its
 * mprotect() (a thread stack made executable for a library that asks
 * for it: __nptl_change_stack_perm, reached from pthread_create), a
 * path the closure reaches whether or not it runs: that constant lifts
 * no guard, and the kernel kills W+X mprotect under a threaded
 * program's profile.  Handed over as a constant at the syscall
 * instruction instead (no caller byte), the same tuple would allow it:
 * the provenance is what refuses. */
Test(static, libc_own_exec_constant_lifts_no_guard)
{
	const uint64_t rwx = PROT_READ | PROT_WRITE | PROT_EXEC;
	char *rec_argv[] = { PROGS "static_spawn", NULL };
	const struct sp_probe_case c[] = {
		{ SYS_mprotect, { 0, 4096, rwx } },
	};
	struct sp_probe_verdict v[1];
	struct sp_trace *t = record(rec_argv);
	struct sp_static_result *r = analyze_trace(t, NULL);
	struct sock_fprog prog;
	const char *lib = NULL;
	struct sp_elf_image *img = NULL;
	struct sp_diag d = { 0 };
	struct sp_bpf *b;
	int mark;

	cr_assert(!recorded_wx(t, SYS_mprotect), "W+X mprotect recorded");
	mark = prot_passed(r, SYS_mprotect, rwx, &lib);
	cr_assert(mark >= 0 && !(mark & SP_CALLER_OUTSIDE_LIBC),
		  "glibc's own mprotect(PROT_EXEC): caller byte %d", mark);
	cr_assert_eq(sp_elf_image_open(lib, &img, &d), 0, "%s", d.msg);
	cr_assert(img->libc, "%s is not the C library's", lib);
	sp_elf_image_free(img);
	b = kill_filter(t, r, true, 0xff, SP_ARGS_AUTO);
	prog = (struct sock_fprog){ (unsigned short)b->len, b->insns };
	cr_assert_eq(sp_probe_run(&prog, c, 1, v), 0);
	cr_assert_eq(v[0].kind, SP_PROBE_KILL, "W+X mprotect");
	sp_bpf_free(b);
	b = kill_filter(t, r, true, 0, SP_ARGS_AUTO);
	prog = (struct sock_fprog){ (unsigned short)b->len, b->insns };
	cr_assert_eq(sp_probe_run(&prog, c, 1, v), 0);
	cr_assert_eq(v[0].kind, SP_PROBE_ALLOW,
		     "the same constant at a syscall instruction");
	sp_bpf_free(b);
	sp_static_result_free(r);
	sp_trace_free(t);
}

Test(static, language_calls_added_for_the_runtimes_named)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_generate_opts o;
	struct sp_profile *p = NULL;
	const struct sp_rule *r;

	cr_assert_eq(sp_trace_intern_exe(t, "/x"), 0);
	sp_generate_opts_init(&o);
	o.runtimes = 0;
	o.langs = SP_LANG_BIT(SP_LANG_GO);
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	/* Go's preemption signal (runtime/os_linux.go signalM). */
	r = rule_with(p, "tgkill", SP_ORIGIN_LANG);
	cr_assert_not_null(r);
	cr_assert_eq(sp_origin_parse_comment(r->comment), SP_ORIGIN_LANG);
	cr_assert(strstr(r->comment, "tgkill (go)"), "%s", r->comment);
	cr_assert_null(rule_with(p, "epoll_wait", SP_ORIGIN_LANG));
	sp_profile_free(p);
	o.langs = 0;
	cr_assert_eq(sp_generate_profile(&t, 1, &o, &p), 0);
	cr_assert_null(rule_with(p, "tgkill", SP_ORIGIN_LANG));
	sp_profile_free(p);
	sp_trace_free(t);
}

Test(static, every_language_call_is_known_to_libseccomp)
{
	enum sp_lang lang;
	const char *name, *why;
	unsigned seen = 0;
	size_t i;

	for (i = 0; sp_lang_call(i, &lang, &name, &why); i++) {
		int64_t nr;

		cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, name, &nr), 0, "%s",
			     name);
		cr_assert(why && *why);
		seen |= SP_LANG_BIT(lang);
	}
	cr_assert_eq(seen, SP_LANG_ALL, "a runtime without calls");
}

Test(static, languages_option_parses)
{
	unsigned set;
	bool automatic;

	cr_assert_eq(sp_langs_parse("auto", &set, &automatic), 0);
	cr_assert(automatic);
	cr_assert_eq(sp_langs_parse("go,node", &set, &automatic), 0);
	cr_assert(!automatic);
	cr_assert_eq(set, SP_LANG_BIT(SP_LANG_GO) | SP_LANG_BIT(SP_LANG_NODE));
	cr_assert_eq(sp_langs_parse("none", &set, &automatic), 0);
	cr_assert_eq(set, 0);
	cr_assert_neq(sp_langs_parse("cobol", &set, &automatic), 0);
}
