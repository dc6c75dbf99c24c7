/* Evidence behind rules: call-site stacks unwound at the first call of
 * each pattern (tracer/unwind.c) and named from the mapped files
 * (tracer/elf.c) and the trace's stack keys (output/trace_json.c), against
 * the programs of testdata/progs. */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/aggregate.h"
#include "core/syscall.h"
#include "output/trace_json.h"
#include "tracer/elf.h"
#include "tracer/tracer.h"
#include "tracer/unwind.h"

#define PROGS SP_BINARY_DIR "/testdata/progs/"

struct hook {
	struct sp_unwinder *uw;
	struct sp_trace *t;
	size_t calls, failed;
};

static void on_new(void *ctx, const struct sp_event *ev, struct sp_pattern *p)
{
	struct hook *h = ctx;

	h->calls++;
	if (sp_unwind_capture(h->uw, ev, h->t, &p->stack, &p->nframes))
		h->failed++;
}

/* Records argv with stacks of up to depth frames (0: no stacks); it
 * exits with status. */
static struct sp_trace *record_exits(char *const *argv, unsigned depth,
				     struct hook *h, int status)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate agg;
	struct sp_sink sink = { .on_syscall = sp_aggregate_sink,
				.ctx = &agg };
	struct sp_tracer_opts o = { .argv = argv };
	struct sp_diag d = { 0 };
	int rc;

	memset(h, 0, sizeof(*h));
	cr_assert_not_null(t);
	cr_assert_eq(sp_aggregate_init(&agg, t), 0);
	if (depth) {
		cr_assert_eq(sp_unwinder_new(depth, &h->uw), 0);
		h->t = t;
		o.unwinder = h->uw;
		agg.on_new = on_new;
		agg.on_new_ctx = h;
	}
	rc = sp_tracer_run(&o, t, &sink, &d);
	sp_aggregate_fini(&agg);
	sp_unwinder_free(h->uw);
	h->uw = NULL;
	cr_assert_eq(rc, 0, "%s", d.msg);
	cr_assert_eq(t->end, SP_END_EXITED);
	cr_assert_eq(t->status, status);
	return t;
}

static struct sp_trace *record(char *const *argv, unsigned depth,
			       struct hook *h)
{
	return record_exits(argv, depth, h, 0);
}

static const struct sp_pattern *find(const struct sp_trace *t,
				     const char *name)
{
	for (size_t i = 0; i < t->npatterns; i++) {
		const char *s = sp_syscall_name(t->patterns[i].arch,
						t->patterns[i].nr);

		if (s && strcmp(s, name) == 0)
			return &t->patterns[i];
	}
	return NULL;
}

static const char *module_of(const struct sp_trace *t,
			     const struct sp_frame *f)
{
	return f->module < t->nmodules ? t->modules[f->module] : "";
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

Test(stacks, uname_from_f_from_g_shows_f_and_g)
{
	char *argv[] = { PROGS "callsite", NULL };
	struct hook h;
	struct sp_trace *t = record(argv, SP_STACK_DEPTH_DEFAULT, &h);
	const struct sp_pattern *p = find(t, "uname");
	const struct sp_frame *fr;

	cr_assert_not_null(p, "no uname recorded");
	cr_assert_eq(p->count, 1);
	cr_assert_geq(p->nframes, 4, "only %u frames", p->nframes);
	fr = &t->frames[p->stack];
	/* Innermost first: libc's wrapper, then the program's calls. */
	cr_assert_str_eq(fr[0].symbol ? fr[0].symbol : "(none)", "uname");
	cr_assert(ends_with(module_of(t, &fr[0]), "/libc.so.6"), "%s",
		  module_of(t, &fr[0]));
	cr_assert_str_eq(fr[1].symbol ? fr[1].symbol : "(none)", "f");
	cr_assert_str_eq(fr[2].symbol ? fr[2].symbol : "(none)", "g");
	cr_assert_str_eq(fr[3].symbol ? fr[3].symbol : "(none)", "main");
	for (int i = 1; i <= 3; i++)
		cr_assert(ends_with(module_of(t, &fr[i]), "/callsite"), "%s",
			  module_of(t, &fr[i]));
	/* The offset is an ELF address of the file: below the load address
	 * of a PIE, and different from the runtime address. */
	cr_assert_neq(fr[1].offset, fr[1].addr);
	cr_assert_eq(fr[1].addr - fr[1].offset, fr[2].addr - fr[2].offset,
		     "f and g disagree on the load bias");
	sp_trace_free(t);
}

Test(stacks, stripped_copy_shows_module_and_offset)
{
	char *plain[] = { PROGS "callsite", NULL };
	char *stripped[] = { PROGS "callsite-stripped", NULL };
	struct hook h;
	struct sp_trace *a = record(plain, SP_STACK_DEPTH_DEFAULT, &h);
	struct sp_trace *b = record(stripped, SP_STACK_DEPTH_DEFAULT, &h);
	const struct sp_pattern *pa = find(a, "uname"), *pb = find(b, "uname");
	const struct sp_frame *fa, *fb;

	cr_assert_not_null(pa);
	cr_assert_not_null(pb);
	cr_assert_geq(pb->nframes, 4);
	fa = &a->frames[pa->stack];
	fb = &b->frames[pb->stack];
	/* libc's own name survives: it comes from .dynsym. */
	cr_assert_str_eq(fb[0].symbol ? fb[0].symbol : "(none)", "uname");
	for (int i = 1; i <= 3; i++) {
		cr_assert(ends_with(module_of(b, &fb[i]), "/callsite-stripped"),
			  "%s", module_of(b, &fb[i]));
		cr_assert_null(fb[i].symbol, "frame %d named %s", i,
			       fb[i].symbol);
		/* Stripping keeps the code where it was. */
		cr_assert_eq(fb[i].offset, fa[i].offset, "frame %d", i);
	}
	sp_trace_free(a);
	sp_trace_free(b);
}

/* Records prog (in testdata/progs) with stacks and checks the first
 * site of call: frame i is function names[i] (NULL: not checked) in a
 * file whose path ends in module[i] (NULL: not checked).  The trace,
 * for more checks; *fr its frames. */
static struct sp_trace *site_is(const char *prog, const char *call,
				const char *const *names,
				const char *const *module, unsigned n,
				const struct sp_frame **fr)
{
	char path[512];
	char *argv[] = { path, NULL };
	struct hook h;
	struct sp_trace *t;
	const struct sp_pattern *p;

	snprintf(path, sizeof(path), "%s%s", PROGS, prog);
	t = record(argv, SP_STACK_DEPTH_DEFAULT, &h);
	p = find(t, call);
	cr_assert_not_null(p, "no %s recorded", call);
	cr_assert_geq(p->nframes, n, "only %u frames", p->nframes);
	*fr = &t->frames[p->stack];
	for (unsigned i = 0; i < n; i++) {
		const char *sym = (*fr)[i].symbol;

		if (names[i])
			cr_assert_str_eq(sym ? sym : "(none)", names[i],
					 "frame %u", i);
		if (module && module[i])
			cr_assert(ends_with(module_of(t, &(*fr)[i]), module[i]),
				  "frame %u in %s", i,
				  module_of(t, &(*fr)[i]));
	}
	return t;
}

/* gcc -static links no .eh_frame_hdr: unwound by frame pointers instead,
 * the wrapper that sets none up hid f, and g was named uname's caller. */
Test(stacks, static_program_without_eh_frame_hdr_keeps_every_caller)
{
	const char *names[] = { "uname", "f", "g", "main" };
	const char *in[] = { "/callsite-static", "/callsite-static",
			     "/callsite-static", "/callsite-static" };
	const struct sp_frame *fr;

	sp_trace_free(site_is("callsite-static", "uname", names, in, 4, &fr));
}

/* The mappings were read once, at the first capture, and again only for
 * an address none held: a library dlopen()ed where another file had been
 * (the loader's cache, a dlclose()d library) was named after that file. */
Test(stacks, library_mapped_where_another_was_is_named_after_itself)
{
	char *argv[] = { PROGS "callsite_dlopen", "libsp_site_a.so",
			 "libsp_site_b.so", NULL };
	struct hook h;
	struct sp_trace *t = record(argv, SP_STACK_DEPTH_DEFAULT, &h);
	const char *names[][2] = { { "uname", "site_a" },
				   { "getppid", "site_b" } };

	for (int k = 0; k < 2; k++) {
		const struct sp_pattern *p = find(t, names[k][0]);
		const struct sp_frame *fr;
		char lib[32];

		cr_assert_not_null(p, "no %s recorded", names[k][0]);
		cr_assert_geq(p->nframes, 3, "only %u frames", p->nframes);
		fr = &t->frames[p->stack];
		snprintf(lib, sizeof(lib), "/libsp_%s.so", names[k][1]);
		for (int i = 1; i <= 2; i++)
			cr_assert(ends_with(module_of(t, &fr[i]), lib),
				  "%s frame %d in %s", names[k][0], i,
				  module_of(t, &fr[i]));
		cr_assert_str_eq(fr[1].symbol ? fr[1].symbol : "(none)",
				 names[k][1]);
		cr_assert_str_eq(fr[2].symbol ? fr[2].symbol : "(none)",
				 "site_call");
	}
	sp_trace_free(t);
}

/* Every frame but the innermost was looked up one byte back, as a return
 * address: the frame a signal interrupted at trap's first byte was named
 * before, the function ahead of it. */
Test(stacks, program_run_from_a_memfd_is_named_from_the_bytes_mapped)
{
	/* fid_memfd_exec's child runs from a memfd: /proc/PID/maps names
	 * it "/memfd:sp-fid (deleted)", a path no file has.  Its frames
	 * are named from the mapping itself (main), not "+0x..." alone. */
	char *argv[] = { PROGS "fid_memfd_exec", NULL };
	const char *memfd = "/memfd:sp-fid (deleted)";
	struct hook h;
	struct sp_trace *t = record_exits(argv, 16, &h, 3);
	bool named = false, seen = false;

	for (size_t i = 0; i < t->npatterns; i++) {
		const struct sp_pattern *p = &t->patterns[i];

		if (strcmp(t->exes[p->exe], memfd) != 0)
			continue;
		for (uint8_t k = 0; k < p->nframes; k++) {
			const struct sp_frame *f = &t->frames[p->stack + k];

			if (strcmp(module_of(t, f), memfd) != 0)
				continue;
			seen = true;
			named |= f->symbol && strcmp(f->symbol, "main") == 0;
		}
	}
	cr_assert(seen, "no frame in %s", memfd);
	cr_assert(named, "main in %s unnamed", memfd);
	sp_trace_free(t);
}

Test(stacks, frame_a_signal_interrupted_is_named_at_its_instruction)
{
	/* Frame 2: the C library's signal trampoline. */
	const char *names[] = { NULL, "on_ill", NULL, "trap", "main" };
	const struct sp_frame *fr;

	sp_trace_free(site_is("callsite_signal", "uname", names, NULL, 5,
			      &fr));
}

/* Where a function has no unwind information, libunwind follows rbp,
 * which may hold anything: a Chromium renderer's stacks ended in
 * "__libc_start_call_main <- 0x79f99a01 (no file)", an address in no
 * mapping.  A return address in no code is no frame. */
Test(stacks, return_address_in_no_code_ends_the_stack)
{
#if defined(__x86_64__)
	const char *names[] = { "nocfi_getppid" };
	const struct sp_frame *fr;
	struct sp_trace *t = site_is("callsite_badframe", "getppid", names,
				     NULL, 1, &fr);
	const struct sp_pattern *p = find(t, "getppid");

	cr_assert_eq(p->nframes, 1, "frame 1 at %#" PRIx64, fr[1].addr);
	sp_trace_free(t);
#else
	cr_skip("the made-up frame is x86_64 code");
#endif
}

/* A leaf without unwind information whose word at the stack pointer is
 * a stale return address (a local slot below its own, left by another
 * call at the same depth): code just after a call instruction, but the
 * call there entered nocfi_planted, not the leaf.  It was shown as the
 * leaf's caller, a frame never on the stack. */
Test(stacks, stale_return_address_below_a_leaf_is_no_caller)
{
#if defined(__x86_64__)
	const char *names[] = { "nocfi_getpgrp" };
	const struct sp_frame *fr;
	struct sp_trace *t = site_is("callsite_staleret", "getpgrp", names,
				     NULL, 1, &fr);
	const struct sp_pattern *p = find(t, "getpgrp");

	for (unsigned i = 0; i < p->nframes; i++)
		cr_assert(!fr[i].symbol || strcmp(fr[i].symbol, "nocfi_plant"),
			  "frame %u is nocfi_plant, which never called "
			  "nocfi_getpgrp", i);
	sp_trace_free(t);
#else
	cr_skip("the stale slot is x86_64 code");
#endif
}

/* Symbols were kept as the symbol table spells them:
 * _ZN2ns1K2goIdEEvT_. */
Test(stacks, mangled_name_is_demangled)
{
	const char *names[] = { "uname", "void ns::K::go<double>(double)" };
	const struct sp_frame *fr;

	sp_trace_free(site_is("callsite_mangled", "uname", names, NULL, 2,
			      &fr));
}

/* libunwind-ptrace read a 32-bit program as 64-bit code and stack: one
 * made-up frame per pattern ("?+0x7fff..."). */
Test(stacks, program_of_another_class_has_no_made_up_stacks)
{
	char *argv[] = { PROGS "threads32", NULL };
	struct hook h;
	struct sp_trace *t;
	size_t i386 = 0;

	if (access(argv[0], X_OK) != 0)
		cr_skip_test("no 32-bit programs (gcc -m32) in this build");
	t = record(argv, SP_STACK_DEPTH_DEFAULT, &h);
	for (size_t i = 0; i < t->npatterns; i++) {
		if (t->patterns[i].arch != SP_ARCH_X86)
			continue;
		i386++;
		cr_assert_eq(t->patterns[i].nframes, 0, "%s has %u frames",
			     sp_syscall_name(t->patterns[i].arch,
					     t->patterns[i].nr),
			     t->patterns[i].nframes);
	}
	cr_assert_gt(i386, 5);
	sp_trace_free(t);
}

/* A stripped file's symbols were taken from .dynsym alone: its debug
 * file, named by .gnu_debuglink beside it, was not read. */
Test(stacks, stripped_copy_with_debug_link_is_named_from_its_debug_file)
{
	const char *names[] = { NULL, "f", "g", "main" };
	const char *in[] = { NULL, "/callsite-debuglink",
			     "/callsite-debuglink", "/callsite-debuglink" };
	const struct sp_frame *fr;

	sp_trace_free(site_is("callsite-debuglink", "uname", names, in, 4,
			      &fr));
}

/* The debug file of the C library, by its build ID, as gdb finds it
 * (libc6-dbg, scripts/deps.sh); "" when the C library has no build ID. */
static int libc_debug_file(struct dl_phdr_info *info, size_t size, void *data)
{
	char *path = data;

	(void)size;
	if (!strstr(info->dlpi_name, "/libc.so"))
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const unsigned char *n, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		n = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		end = n + ph->p_memsz;
		while (end - n >= 12) {
			const ElfW(Nhdr) *nh = (const void *)n;
			const unsigned char *desc = n + 12 +
						    ((nh->n_namesz + 3) & ~3u);
			size_t len;

			if (nh->n_type == NT_GNU_BUILD_ID &&
			    nh->n_namesz == 4 && nh->n_descsz >= 2) {
				len = (size_t)sprintf(path,
					"/usr/lib/debug/.build-id/%02x/",
					desc[0]);
				for (unsigned k = 1; k < nh->n_descsz; k++)
					len += (size_t)sprintf(path + len,
							       "%02x", desc[k]);
				strcpy(path + len, ".debug");
				return 1;
			}
			n = desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 1;
}

static bool have_libc_debug_file(void)
{
	char debug[256] = "";

	dl_iterate_phdr(libc_debug_file, debug);
	return debug[0] && access(debug, R_OK) == 0;
}

/* The C library is stripped to .dynsym: its static functions were
 * nameless, though its debug file is installed where gdb finds it. */
Test(stacks, stripped_library_is_named_from_its_build_id_debug_file)
{
	/* main returns to a static function of the C library's. */
	const char *names[] = { NULL, NULL, NULL, NULL,
				"__libc_start_call_main" };
	const char *in[] = { NULL, NULL, NULL, NULL, "/libc.so.6" };
	const struct sp_frame *fr;

	if (!have_libc_debug_file())
		cr_skip_test("no debug file for the C library (libc6-dbg)");
	sp_trace_free(site_is("callsite", "uname", names, in, 5, &fr));
}

/* The debug file's symbols carry versions, and the last of the aliases
 * at an address was taken: clock_nanosleep@GLIBC_2.2.5, the old ABI's,
 * for the C library's clock_nanosleep. */
Test(stacks, debug_file_alias_shown_is_the_plain_name)
{
	const char *names[] = { "clock_nanosleep" };
	const struct sp_frame *fr;

	if (!have_libc_debug_file())
		cr_skip_test("no debug file for the C library (libc6-dbg)");
	sp_trace_free(site_is("threads", "clock_nanosleep", names, NULL, 1,
			      &fr));
}

/* The command's execve is made by sandprint's child: its stack was
 * sandprint's own (sp_spawn_exec <- sp_spawn <- sp_tracer_run ...),
 * shown as the workload's call site. */
Test(stacks, command_execve_has_no_site_of_sandprint)
{
	char *argv[] = { PROGS "callsite", NULL };
	struct hook h;
	struct sp_trace *t = record(argv, SP_STACK_DEPTH_DEFAULT, &h);
	const struct sp_pattern *p = find(t, "execve");

	cr_assert_not_null(p, "no execve recorded");
	cr_assert_eq(p->nframes, 0, "%u frames, the first %s", p->nframes,
		     p->nframes && t->frames[p->stack].symbol ?
			     t->frames[p->stack].symbol : "");
	cr_assert_eq(h.failed, 0);
	sp_trace_free(t);
}

Test(stacks, depth_limits_the_frames)
{
	char *argv[] = { PROGS "callsite", NULL };
	struct hook h;
	struct sp_trace *t = record(argv, 2, &h);

	for (size_t i = 0; i < t->npatterns; i++)
		cr_assert_leq(t->patterns[i].nframes, 2);
	cr_assert_eq(find(t, "uname")->nframes, 2);
	cr_assert_str_eq(t->frames[find(t, "uname")->stack + 1].symbol, "f");
	sp_trace_free(t);
}

Test(stacks, unwound_once_per_pattern_not_per_call)
{
	char *argv[] = { "/bin/sh", "-c",
			 "i=0; while [ $i -lt 300 ]; do echo x >/dev/null; "
			 "i=$((i+1)); done",
			 NULL };
	struct hook h;
	struct sp_trace *t = record(argv, SP_STACK_DEPTH_DEFAULT, &h);
	size_t with = 0;

	cr_assert_gt(t->ncalls, 4 * t->npatterns, "%llu calls, %zu patterns",
		     (unsigned long long)t->ncalls, t->npatterns);
	cr_assert_eq(h.calls, t->npatterns);
	for (size_t i = 0; i < t->npatterns; i++)
		with += t->patterns[i].nframes > 0;
	/* All but the command's execve, whose stack is sandprint's. */
	cr_assert_eq(with + h.failed + 1, t->npatterns);
	cr_assert_geq(with, t->npatterns - 2, "%zu of %zu with stacks", with,
		      t->npatterns);
	sp_trace_free(t);
}

Test(stacks, none_without_stacks)
{
	char *argv[] = { PROGS "callsite", NULL };
	struct hook h;
	struct sp_trace *t = record(argv, 0, &h);

	cr_assert_eq(t->nframes, 0);
	cr_assert_eq(t->nmodules, 0);
	for (size_t i = 0; i < t->npatterns; i++)
		cr_assert_eq(t->patterns[i].nframes, 0);
	sp_trace_free(t);
}

Test(stacks, bad_depth_is_refused)
{
	struct sp_unwinder *u = NULL;

	cr_assert_eq(sp_unwinder_new(0, &u), -EINVAL);
	cr_assert_eq(sp_unwinder_new(SP_STACK_DEPTH_MAX + 1, &u), -EINVAL);
	cr_assert_null(u);
}

/* The trace file: stacks round-trip; a trace without them has no stack
 * keys at all (the golden file guards the bytes). */
Test(trace_json, stacks_round_trip)
{
	char *argv[] = { PROGS "callsite", NULL };
	char path[] = "/tmp/sp-stacks-XXXXXX";
	struct sp_trace *t, *u = NULL;
	struct sp_diag d = { 0 };
	struct hook h;
	FILE *f;
	int fd;

	t = record(argv, SP_STACK_DEPTH_DEFAULT, &h);
	sp_trace_sort(t);
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	cr_assert_eq(sp_trace_write_json(f, t), 0);
	fclose(f);
	cr_assert_eq(sp_trace_read_json(path, &u, &d), 0, "%s", d.msg);
	cr_assert_eq(u->npatterns, t->npatterns);
	cr_assert_eq(u->nmodules, t->nmodules);
	for (size_t i = 0; i < t->nmodules; i++)
		cr_assert_str_eq(u->modules[i], t->modules[i]);
	for (size_t i = 0; i < t->npatterns; i++) {
		const struct sp_pattern *p = &t->patterns[i],
					*q = &u->patterns[i];

		cr_assert_eq(q->nframes, p->nframes, "pattern %zu", i);
		for (size_t k = 0; k < p->nframes; k++) {
			const struct sp_frame *x = &t->frames[p->stack + k],
					      *y = &u->frames[q->stack + k];

			cr_assert_eq(y->addr, x->addr);
			cr_assert_eq(y->module, x->module);
			cr_assert_eq(y->offset, x->offset);
			cr_assert_str_eq(y->symbol ? y->symbol : "",
					 x->symbol ? x->symbol : "");
		}
	}
	unlink(path);
	sp_trace_free(t);
	sp_trace_free(u);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

#define TRACE_HEAD                                                          \
	"{\"format\": \"sandprint-trace\", \"version\": 1, "                \
	"\"command\": [\"x\"], \"end\": \"exited\", \"status\": 0, "        \
	"\"partial\": false, \"no_new_privs\": false, \"calls\": 1, "       \
	"\"executables\": [\"/x\"], \"processes\": [], "

#define PATTERN_HEAD                                                        \
	"{\"arch\": \"x86_64\", \"nr\": 63, \"args\": [null, null, null, "  \
	"null, null, null], \"count\": 1, \"exe\": 0, \"pid\": 1, "

static void expect_bad(const char *text, const char *jpath, const char *msg)
{
	char path[] = "/tmp/sp-stacks-bad-XXXXXX";
	struct sp_trace *t = NULL;
	struct sp_diag d = { 0 };
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	close(fd);
	write_file(path, text);
	cr_assert_eq(sp_trace_read_json(path, &t, &d), -EINVAL);
	cr_assert_null(t);
	cr_assert_str_eq(d.path, jpath);
	cr_assert(strstr(d.msg, msg), "message: %s", d.msg);
	unlink(path);
}

Test(trace_json, bad_stacks_are_named_by_path)
{
	expect_bad(TRACE_HEAD "\"modules\": [\"/m\"], \"patterns\": ["
		   PATTERN_HEAD "\"stack\": [{\"addr\": \"0x10\", "
		   "\"module\": 0, \"offset\": \"0x10\", \"symbol\": null}, "
		   "{\"addr\": \"0x20\", \"module\": 1, \"offset\": \"0x20\", "
		   "\"symbol\": \"g\"}]}]}",
		   "$.patterns[0].stack[1].module", "not in $.modules");
	expect_bad(TRACE_HEAD "\"patterns\": [" PATTERN_HEAD
		   "\"stack\": []}]}",
		   "$.patterns[0].stack", "expected 1 to 255 frames");
	expect_bad(TRACE_HEAD "\"patterns\": [" PATTERN_HEAD
		   "\"stack\": [{\"addr\": \"0x10\", \"module\": null, "
		   "\"offset\": -1, \"symbol\": null}]}]}",
		   "$.patterns[0].stack[0].offset", "non-negative");
	expect_bad(TRACE_HEAD "\"patterns\": [" PATTERN_HEAD
		   "\"stack\": [{\"addr\": \"0x10\", \"module\": null, "
		   "\"offset\": 16}]}]}",
		   "$.patterns[0].stack[0]", "missing key \"symbol\"");
	expect_bad(TRACE_HEAD "\"modules\": [\"/m\", \"/m\"], "
		   "\"patterns\": []}",
		   "$.modules", "duplicate module");
}

/* The command line, through the built binary. */

#ifdef SP_SANDPRINT
static char *run_capture(const char *cmd)
{
	static char buf[65536];
	FILE *p = popen(cmd, "r");
	size_t n;

	cr_assert_not_null(p);
	n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = '\0';
	pclose(p);
	return buf;
}

Test(cli, record_stacks_names_the_callers)
{
	char dir[] = "/tmp/sp-stacks-cli-XXXXXX", cmd[4096], tpath[64];
	struct sp_trace *t = NULL;
	struct sp_diag d = { 0 };
	const struct sp_pattern *p;
	char *out;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(tpath, sizeof(tpath), "%s/t.json", dir);
	snprintf(cmd, sizeof(cmd),
		 "'%s' record -q --stacks=8 -o %s -- '" PROGS "callsite' 2>&1 "
		 "&& echo RECORDED",
		 SP_SANDPRINT, tpath);
	out = run_capture(cmd);
	cr_assert(strstr(out, "RECORDED"), "%s", out);
	cr_assert_eq(sp_trace_read_json(tpath, &t, &d), 0, "%s", d.msg);
	p = find(t, "uname");
	cr_assert_not_null(p);
	cr_assert_geq(p->nframes, 3);
	cr_assert_str_eq(t->frames[p->stack + 1].symbol, "f");
	cr_assert_str_eq(t->frames[p->stack + 2].symbol, "g");
	sp_trace_free(t);

	snprintf(cmd, sizeof(cmd), "'%s' record -q --stacks=0 -o %s -- /bin/true "
		 "2>&1; echo status=$?", SP_SANDPRINT, tpath);
	out = run_capture(cmd);
	cr_assert(strstr(out, "--stacks=0: expected a depth from 1 to 255"),
		  "%s", out);
	cr_assert(strstr(out, "status=2"), "%s", out);
	unlink(tpath);
	snprintf(tpath, sizeof(tpath), "%s/profile.json", dir);
	unlink(tpath);
	rmdir(dir);
}
#endif
