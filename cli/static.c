/* Static coverage for profile, generate and show: the traces' process
 * images handed to the static analysis (tracer/static.h), its calls
 * handed to the generator as [static] extras (analyzer/generate.h), and
 * one line about them. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/keyset.h"
#include "core/syscall.h"
#include "tracer/static.h"

/* One executable's objects, the union over its process images. */
struct group {
	const char *exe;
	const char **objects;
	size_t nobjects, cap;
};

static int add_object(struct group *g, const char *path)
{
	for (size_t i = 0; i < g->nobjects; i++)
		if (strcmp(g->objects[i], path) == 0)
			return 0;
	if (g->nobjects == g->cap) {
		size_t ncap = g->cap ? g->cap * 2 : 8;
		const char **v = realloc(g->objects, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		g->objects = v;
		g->cap = ncap;
	}
	g->objects[g->nobjects++] = path;
	return 0;
}

/* The images: one per executable, with every object any process running
 * it mapped (a forked child maps what its parent had). */
static int collect(struct sp_trace *const *traces, size_t n,
		   struct group **out, size_t *nout)
{
	struct group *g = NULL;
	size_t ng = 0, cap = 0;
	/* The groups by executable: a scan of them at each image was a
	 * build farm's 8000 executables compared 8000 times. */
	struct sp_hashidx by_exe = { 0 };
	int ret = 0;

	for (size_t t = 0; t < n && !ret; t++) {
		const struct sp_trace *tr = traces[t];
		uint32_t *objs = NULL;
		size_t *at = NULL;

		ret = sp_trace_maps_by_proc(tr, &at, &objs);
		for (size_t p = 0; p < tr->nprocs && !ret; p++) {
			const char *exe = tr->exes[tr->procs[p].exe];
			uint64_t h = sp_hash_str(exe);
			uint32_t k = UINT32_MAX, pos;

			if (exe[0] != '/')
				continue;
			for (size_t it = 0;
			     k == UINT32_MAX &&
			     sp_hashidx_next(&by_exe, h, &it, &pos);)
				if (strcmp(g[pos].exe, exe) == 0)
					k = pos;
			if (k == UINT32_MAX) {
				k = (uint32_t)ng;
				if (sp_hashidx_add(&by_exe, h, k)) {
					ret = -ENOMEM;
					break;
				}
				if (ng == cap) {
					size_t ncap = cap ? cap * 2 : 8;
					struct group *v =
						realloc(g, ncap * sizeof(*v));

					if (!v) {
						ret = -ENOMEM;
						break;
					}
					g = v;
					cap = ncap;
				}
				g[ng++] = (struct group){ .exe = exe };
			}
			for (size_t m = at[p]; m < at[p + 1] && !ret; m++)
				ret = add_object(&g[k], tr->objects[objs[m]]);
		}
		free(at);
		free(objs);
	}
	sp_hashidx_clear(&by_exe);
	*out = g;
	*nout = ng;
	return ret;
}

static const char *base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;

	return s ? s + 1 : p;
}

/* "fork() in libc.so.6, by redis-server"; "syscall(312) in libc.so.6, by
 * app" (a number passed to a forwarder); "close() -> __pthread_unwind
 * in libc.so.6, by prog" (the function that makes the call, reached from
 * the import); "Py_BytesMain() in libpython3.11.so.1.0 -> chmod in
 * libc.so.6, by python3.11" (that function in another file); "_start in
 * busybox" (a file counted whole); "code in
 * ld-linux-x86-64.so.2" (no name); "socketpair() in libc.so.6, by
 * socket.so (not loaded; plugin directory of monitor.so)" (a file read
 * beside a library loaded with dlopen; "needed by the plugin directory
 * of monitor.so": a library one of those files needs; "named by
 * libphobos2-ldc-shared.so.100": a library that file opens by name). */
static int describe(const struct sp_static_call *c, char **out)
{
	const char *lib = base_name(c->lib ? c->lib : "?");
	char beside[PATH_MAX + 64] = "";
	int n;

	if (c->beside)
		snprintf(beside, sizeof(beside), " (not loaded; %s %s)",
			 c->named ? "named by" :
			 c->needed ? "needed by the plugin directory of" :
				     "plugin directory of",
			 base_name(c->beside));
	if (c->forwarded)
		n = asprintf(out, "%s(%" PRId64 ") in %s, by %s%s", c->via,
			     c->nr, lib, base_name(c->by), beside);
	else if (c->via && c->by && c->site && c->site_lib &&
		 strcmp(c->site_lib, c->lib ? c->lib : "") != 0)
		n = asprintf(out, "%s() in %s -> %s in %s, by %s%s", c->via,
			     lib, c->site, base_name(c->site_lib),
			     base_name(c->by), beside);
	else if (c->via && c->by)
		n = asprintf(out, "%s()%s%s in %s, by %s%s", c->via,
			     c->site ? " -> " : "", c->site ? c->site : "",
			     lib, base_name(c->by), beside);
	else if (c->via)
		n = asprintf(out, "%s in %s%s", c->via, lib, beside);
	else
		n = asprintf(out, "code in %s%s", lib, beside);
	return n < 0 ? -ENOMEM : 0;
}

/* Each tuple's site, "clone in libc.so.6" ("code in ..." unnamed), into
 * *out (c->nargs strings, NULL where no site is known). */
static int describe_sites(const struct sp_static_call *c, char ***out)
{
	char **v = c->nargs ? calloc(c->nargs, sizeof(*v)) : NULL;

	*out = v;
	if (c->nargs && !v)
		return -ENOMEM;
	for (size_t i = 0; i < c->nargs; i++) {
		const struct sp_static_site *at = &c->sites[i];

		if (at->lib &&
		    asprintf(&v[i], "%s in %s", at->fn ? at->fn : "code",
			     base_name(at->lib)) < 0) {
			v[i] = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/* The arch whose numbers code of an ELF machine calls with: AUDIT_ARCH_*
 * is the machine and flags (the first in core/arch.def: x86_64, not
 * x32). */
static enum sp_arch arch_of_machine(unsigned machine)
{
	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++)
		if ((sp_arch_audit((enum sp_arch)a) & 0xffff) == machine)
			return (enum sp_arch)a;
	return SP_ARCH_UNKNOWN;
}

int sp_cli_static_run(struct sp_trace *const *traces, size_t n, bool paths,
		      const char *root, struct sp_cli_static *s)
{
	struct sp_static_opts o = { .cache_dir = sp_static_cache_dir(),
				    .paths = paths, .shell = SP_SHELL,
				    .root = root };
	struct sp_static_image *images = NULL;
	struct sp_libdirs sys = { 0 };
	struct group *g = NULL;
	size_t ng = 0;
	int ret;

	memset(s, 0, sizeof(*s));
	/* A library loaded with dlopen from elsewhere than the loader's
	 * directories is a plugin: the next run may load its neighbour
	 * (sp_static_opts.sysdirs). */
	ret = sp_libdirs_system(&sys);
	o.sysdirs = &sys;
	if (!ret)
		ret = collect(traces, n, &g, &ng);
	if (!ret && ng && !(images = calloc(ng, sizeof(*images))))
		ret = -ENOMEM;
	for (size_t i = 0; !ret && i < ng; i++)
		images[i] = (struct sp_static_image){ g[i].exe, g[i].objects,
						      g[i].nobjects };
	/* Code that runs programs can run the shell without naming it
	 * (sp_static_opts.shell): a recording that never did so did not
	 * load it.  Whether the closure reaches execve says nothing: from
	 * nearly any import it reaches most of libc; the imports decide
	 * (tracer/exec.def). */
	if (!ret)
		ret = sp_static_analyze(images, ng, &o, &s->res);
	if (!ret && s->res->shell_read)
		s->shell = SP_SHELL;
	if (!ret && s->res->ncalls &&
	    (!(s->extras = calloc(s->res->ncalls, sizeof(*s->extras))) ||
	     !(s->whys = calloc(s->res->ncalls, sizeof(*s->whys))) ||
	     !(s->sites = calloc(s->res->ncalls, sizeof(*s->sites)))))
		ret = -ENOMEM;
	for (size_t i = 0; !ret && s->res && i < s->res->ncalls; i++) {
		ret = describe(&s->res->calls[i], &s->whys[i]);
		if (!ret)
			ret = describe_sites(&s->res->calls[i], &s->sites[i]);
		s->extras[i] = (struct sp_generate_extra){
			.arch = arch_of_machine(s->res->calls[i].machine),
			.nr = s->res->calls[i].nr,
			.why = s->whys[i], .args = s->res->calls[i].args,
			.sites = (const char *const *)s->sites[i],
			.caller = s->res->calls[i].caller,
			.nargs = s->res->calls[i].nargs,
			.many = s->res->calls[i].many };
		s->nextras = i + 1;
	}
	for (size_t i = 0; i < ng; i++)
		free(g[i].objects);
	free(g);
	free(images);
	sp_libdirs_fini(&sys);
	if (ret)
		sp_cli_static_fini(s);
	return ret;
}

void sp_cli_static_fini(struct sp_cli_static *s)
{
	for (size_t i = 0; i < s->nextras; i++) {
		free(s->whys[i]);
		for (size_t k = 0; s->sites[i] && k < s->extras[i].nargs; k++)
			free(s->sites[i][k]);
		free(s->sites[i]);
	}
	free(s->whys);
	free(s->sites);
	free(s->extras);
	sp_static_result_free(s->res);
	memset(s, 0, sizeof(*s));
}

/* Whether a recorded rule of p names name. */
static bool recorded(const struct sp_profile *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		if (r->origin != SP_ORIGIN_RECORDED &&
		    r->origin != SP_ORIGIN_BASELINE)
			continue;
		for (size_t k = 0; k < r->nnames; k++)
			if (strcmp(r->names[k], name) == 0)
				return true;
	}
	return false;
}

/* How many names of p's rules have origin o and no recorded rule (a
 * static rule for the constant arguments of a recorded call is not a
 * call added). */
static size_t count_origin(const struct sp_profile *p, enum sp_origin o)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; p->rules[i].origin == o &&
				   k < p->rules[i].nnames;
		     k++)
			n += !recorded(p, p->rules[i].names[k]);
	return n;
}

void sp_cli_static_note(const struct sp_cli_static *s,
			const struct sp_profile *p, bool statics)
{
	size_t nstatic = count_origin(p, SP_ORIGIN_STATIC);
	size_t nlang = count_origin(p, SP_ORIGIN_LANG);
	char langs[128] = "", extra[160] = "", shell[96] = "", plugins[192] = "";
	char ffi[PATH_MAX + 160] = "", blind[PATH_MAX + 160] = "";
	size_t len = 0;

	if (!s->res)
		return;
	/* The file named: a user who does not call by name can leave it
	 * out (PHP's ffi extension, loaded at every start) and the
	 * profile shrinks. */
	if (s->res->ffi)
		snprintf(ffi, sizeof(ffi), "; every loaded library read whole "
			 "(%s calls functions by name: a foreign function "
			 "interface)", s->res->ffi);
	/* Wider than the code needs, for want of the code: the program
	 * recorded from a file that stays gives it back. */
	if (s->res->blind)
		snprintf(blind, sizeof(blind), "; every loaded library of an "
			 "image read whole (%s ran there with no file to read: "
			 "which of their functions it calls is unknown)",
			 s->res->blind);
	for (int l = 0; l < SP_LANG_COUNT; l++) {
		int m;

		if (!(s->res->langs & SP_LANG_BIT(l)) || len >= sizeof(langs))
			continue;
		m = snprintf(langs + len, sizeof(langs) - len, "%s%s",
			     len ? ", " : "", sp_lang_name((enum sp_lang)l));
		len += m > 0 ? (size_t)m : 0;
	}
	if (s->res->nskipped || s->res->unresolved)
		snprintf(extra, sizeof(extra), "; %zu file%s not read, %zu "
			 "site%s with a number not constant",
			 s->res->nskipped, s->res->nskipped == 1 ? "" : "s",
			 s->res->unresolved,
			 s->res->unresolved == 1 ? "" : "s");
	if (s->shell)
		snprintf(shell, sizeof(shell), "; %s read too (the code "
			 "runs programs, and system() and popen() run it)",
			 s->shell);
	if (s->res->plugin_files)
		snprintf(plugins, sizeof(plugins), "; %zu librar%s not loaded "
			 "read too, from %zu plugin director%s (beside "
			 "libraries loaded with dlopen, or named by loaded "
			 "ones, or the C library's name service modules)",
			 s->res->plugin_files,
			 s->res->plugin_files == 1 ? "y" : "ies",
			 s->res->plugin_dirs,
			 s->res->plugin_dirs == 1 ? "y" : "ies");
	if (!s->res->files) {
		/* An imported log names no executable ("?"), nor does a
		 * trace of processes whose exec was not seen. */
		sp_cli_error("no static analysis: the traces name no "
			     "executable to read: nothing added [static] or "
			     "[language]");
		return;
	}
	if (!statics) {
		sp_cli_error("code of %zu file%s read for the language "
			     "runtimes (--static none): %zu call%s added "
			     "[language] (%s); %zu not read; 'sandprint show' "
			     "lists them",
			     s->res->files, s->res->files == 1 ? "" : "s",
			     nlang, nlang == 1 ? "" : "s", len ? langs : "none",
			     s->res->nskipped);
		return;
	}
	sp_cli_error("static analysis of %zu file%s: %zu call%s not "
		     "recorded but reachable added [static], %zu from "
		     "language runtimes (%s) [language]%s%s%s%s%s; 'sandprint "
		     "show' lists them",
		     s->res->files, s->res->files == 1 ? "" : "s", nstatic,
		     nstatic == 1 ? "" : "s", nlang, len ? langs : "none",
		     extra, shell, plugins, ffi, blind);
}
