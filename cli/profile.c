#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/generate.h"
#include "analyzer/merge.h"
#include "cli/cli.h"
#include "core/arch.h"
#include "core/syscall.h"
#include "output/file.h"
#include "output/oci_json.h"
#include "output/seccomp.h"
#include "output/trace_json.h"
#include "tracer/static.h"

void sp_profile_cli_init(struct sp_profile_cli *pc)
{
	memset(pc, 0, sizeof(*pc));
	sp_generate_opts_init(&pc->gen);
	pc->format = "json";
	pc->static_on = true;
	pc->langs_auto = true;
}

int sp_profile_cli_option(struct sp_profile_cli *pc, int opt,
			  const char *arg)
{
	switch (opt) {
	case SP_OPT_FORMAT:
		if (!sp_cli_format_known(arg))
			return -1;
		pc->format = arg;
		return 1;
	case SP_OPT_DEFAULT_ACTION:
		if (sp_action_parse(arg, &pc->gen.default_action) ||
		    pc->gen.default_action == SP_ACT_ALLOW) {
			sp_cli_error("--default-action %s: not a refusing "
				     "action (kill-process, kill-thread, trap, "
				     "errno, log, ...)", arg);
			return -1;
		}
		/* Without a listener or a tracer the kernel answers ENOSYS
		 * to these: every unlisted call would fail that way. */
		if (pc->gen.default_action == SP_ACT_NOTIFY ||
		    pc->gen.default_action == SP_ACT_TRACE) {
			sp_cli_error("--default-action %s: needs a %s, which "
				     "a generated profile cannot name; without "
				     "one the kernel fails every unlisted call "
				     "with ENOSYS (use errno, kill-process, "
				     "kill-thread, trap or log)", arg,
				     pc->gen.default_action == SP_ACT_NOTIFY ?
					     "seccomp listener (OCI "
					     "listenerPath)" :
					     "ptrace tracer");
			return -1;
		}
		return 1;
	case SP_OPT_RUNTIME:
		if (sp_runtime_parse(arg, &pc->gen.runtimes)) {
			sp_cli_error("--runtime %s: expected crun, runc, "
				     "crun,runc or none", arg);
			return -1;
		}
		pc->runtime_set = true;
		return 1;
	case SP_OPT_NNP:
		pc->gen.no_new_privs = true;
		return 1;
	case SP_OPT_ARGS:
		if (sp_args_mode_parse(arg, &pc->gen.args)) {
			sp_cli_error("--args %s: expected none, auto or strict",
				     arg);
			return -1;
		}
		return 1;
	case SP_OPT_SAFETY:
		if (sp_safety_parse(arg, &pc->gen.safety)) {
			sp_cli_error("--safety %s: expected a list of vdso, "
				     "control-flow, fallback, advice, or all or "
				     "none",
				     arg);
			return -1;
		}
		return 1;
	case SP_OPT_STATIC:
		pc->static_paths = pc->paths_ok && strcmp(arg, "paths") == 0;
		if (strcmp(arg, "auto") != 0 && strcmp(arg, "none") != 0 &&
		    !pc->static_paths) {
			sp_cli_error("--static %s: expected auto%s or none",
				     arg, pc->paths_ok ? ", paths" : "");
			return -1;
		}
		pc->static_on = strcmp(arg, "none") != 0;
		return 1;
	case SP_OPT_ROOT: {
		struct stat st;

		/* Said now, not after the recording (generate). */
		if (stat(arg, &st)) {
			sp_cli_error("--root %s: %s", arg, strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			sp_cli_error("--root %s: not a directory", arg);
			return -1;
		}
		pc->root = arg;
		return 1;
	}
	case SP_OPT_LANGUAGES:
		if (sp_langs_parse(arg, &pc->gen.langs, &pc->langs_auto)) {
			sp_cli_error("--languages %s: expected auto, none or a "
				     "list of go, jvm, node, python, ghc, "
				     "glibc",
				     arg);
			return -1;
		}
		return 1;
	case SP_OPT_ARCH: {
		const char *s = arg;

		pc->gen.narchs = 0;
		while (*s) {
			size_t n = strcspn(s, ",");
			char tok[32];
			enum sp_arch a;
			bool dup = false;

			snprintf(tok, sizeof(tok), "%.*s", (int)n, s);
			if (!n || n >= sizeof(tok) || sp_arch_parse(tok, &a)) {
				sp_cli_error("--arch %s: unknown architecture "
					     "\"%.*s\"", arg, (int)n, s);
				return -1;
			}
			for (size_t i = 0; i < pc->gen.narchs; i++)
				dup |= pc->gen.archs[i] == a;
			if (!dup)
				pc->gen.archs[pc->gen.narchs++] = a;
			s += n + (s[n] == ',');
		}
		if (!pc->gen.narchs) {
			sp_cli_error("--arch: expected a list of "
				     "architectures (x86_64,x86,x32, ...)");
			return -1;
		}
		return 1;
	}
	default:
		return 0;
	}
}

struct notes {
	bool quiet;
	size_t unnamed;
};

static void on_note(void *ctx, const struct sp_generate_note *n)
{
	struct notes *notes = ctx;
	char buf[SP_SYSCALL_NAME_MAX];

	switch (n->kind) {
	case SP_NOTE_UNNAMED:
		notes->unnamed++;
		break;
	case SP_NOTE_TOO_MANY:
		if (!notes->quiet)
			sp_cli_error("%s: argument %u left unconstrained: %zu "
				     "distinct values seen",
				     sp_syscall_name_or_nr(n->arch, n->nr, buf),
				     n->arg, n->values);
		break;
	case SP_NOTE_SIBLING:
		/* Said even under -q: the profile does not mean what its
		 * other rules say. */
		sp_cli_error("warning: %s allowed (%s): %s", n->name,
			     sp_arch_name(n->arch), n->text);
		break;
	case SP_NOTE_UNFOLDED:
		if (!notes->quiet)
			sp_cli_error("%s: %" PRIu64 " call%s whose flags were "
				     "not read, or do not fit %s's, refused "
				     "with ENOSYS: the fallback to %s may be "
				     "refused too",
				     sp_syscall_name_or_nr(n->arch, n->nr, buf),
				     n->count, n->count == 1 ? "" : "s",
				     n->name, n->name);
		break;
	}
}

/* One line for the rules added for a listed arch that lacks an allowed
 * call (abi.def): a profile for another arch allows calls the recording
 * never made, and the user who asked for that arch should hear so. */
static void note_arch(const struct sp_profile *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].origin == SP_ORIGIN_ARCH)
			n += p->rules[i].nnames;
	if (n)
		sp_cli_error("%zu call%s another listed arch's C library makes "
			     "in place of allowed ones added [arch]; "
			     "'sandprint show' lists them",
			     n, n == 1 ? "" : "s");
}

int sp_profile_cli_prepare(const struct sp_profile_cli *pc,
			   struct sp_trace *const *traces, size_t n,
			   struct sp_cli_static *s,
			   struct sp_generate_opts *gen)
{
	int rc;

	*gen = pc->gen;
	memset(s, 0, sizeof(*s));
	if (!pc->static_on && !pc->langs_auto)
		return 0;
	rc = sp_cli_static_run(traces, n, pc->static_paths, pc->root, s);
	if (rc && pc->root && rc != -ENOMEM && pc->root_found) {
		/* A root sandprint found (a container's) and cannot enter
		 * (a user namespace without CAP_SYS_CHROOT): the profile
		 * is written without what is read there, and says so. */
		sp_cli_error("the recorded processes' root cannot be entered "
			     "(%s): the profile has no static analysis and no "
			     "language runtimes", strerror(-rc));
		return 0;
	}
	if (rc && pc->root && rc != -ENOMEM) {
		sp_cli_error("--root %s: cannot read the files under it: %s%s",
			     pc->root, strerror(-rc),
			     rc == -EPERM ? " (it takes CAP_SYS_CHROOT: "
					    "root, or --static none "
					    "--languages none)" : "");
		return SP_EXIT_ERROR;
	}
	if (rc) {
		sp_cli_error("cannot analyse the loaded code: %s",
			     strerror(-rc));
		return SP_EXIT_ERROR;
	}
	if (pc->static_on) {
		gen->statics = s->extras;
		gen->nstatics = s->nextras;
	}
	if (pc->langs_auto)
		gen->langs |= s->res->langs;
	return 0;
}

const char *sp_cli_other_root_note(struct sp_trace *const *traces, size_t n,
				   bool by_profile)
{
	static char buf[512];

	for (size_t i = 0; i < n; i++) {
		if (!traces[i]->other_mount_ns)
			continue;
		snprintf(buf, sizeof(buf),
			 "the recording was made in another mount namespace "
			 "(a container's): the static analysis read the files "
			 "at its paths here, which may be other files or none; "
			 "%s reads them under its root file system%s",
			 by_profile ? "'sandprint profile --root DIR'" :
				      "--root DIR",
			 by_profile ? " (give its profile instead of the "
				      "trace)" : "");
		return buf;
	}
	return NULL;
}

/* The note, on stderr, once: diff profiles two traces. */
static void note_other_root(struct sp_trace *const *traces, size_t n,
			    bool by_profile)
{
	static bool said;
	const char *note = said ? NULL :
			   sp_cli_other_root_note(traces, n, by_profile);

	if (note) {
		said = true;
		sp_cli_error("%s", note);
	}
}

int sp_cli_profile_of_trace(const char *path, struct sp_trace *t,
			    bool quiet, struct sp_profile **out)
{
	struct sp_generate_opts gen;
	struct sp_profile_cli pc;
	struct sp_cli_static st;
	int rc;

	if (!quiet)
		sp_cli_note_trace(path, t);
	sp_profile_cli_init(&pc);
	if (sp_profile_cli_prepare(&pc, &t, 1, &st, &gen))
		return SP_EXIT_ERROR;
	if (!quiet && st.res)
		note_other_root(&t, 1, true);
	rc = sp_generate_profile(&t, 1, &gen, out);
	sp_cli_static_fini(&st);
	if (rc) {
		sp_cli_error("%s: cannot build the profile: %s", path,
			     strerror(-rc));
		return SP_EXIT_ERROR;
	}
	return 0;
}

int sp_profile_cli_emit(const struct sp_profile_cli *pc,
			struct sp_trace *const *traces, size_t n,
			const char *out, bool quiet)
{
	return sp_profile_cli_emit_also(pc, traces, n, NULL, NULL, out, quiet);
}

int sp_profile_cli_emit_also(const struct sp_profile_cli *pc,
			     struct sp_trace *const *traces, size_t n,
			     struct sp_profile *also,
			     const char *const labels[2], const char *out,
			     bool quiet)
{
	struct sp_generate_opts gen;
	struct notes notes = { .quiet = quiet };
	struct sp_cli_static st;
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };
	enum sp_arch a, b;
	size_t unnamed;
	int rc, status = SP_EXIT_ERROR;

	if (sp_profile_cli_prepare(pc, traces, n, &st, &gen))
		return SP_EXIT_ERROR;
	gen.on_note = on_note;
	gen.ctx = &notes;
	/* The runtimes' own calls belong in what a runtime installs. */
	if (!pc->runtime_set && !sp_cli_format_oci(pc->format))
		gen.runtimes = 0;
	rc = sp_generate_profile(traces, n, &gen, &p);
	unnamed = notes.unnamed;
	if (!rc && also) {
		struct sp_profile *in[2] = { also, p }, *u = NULL;

		rc = sp_merge_profiles(in, labels, 2, p->default_action,
				       p->default_errno, NULL, NULL, &u);
		sp_profile_free(p);
		p = u;
	}
	if (rc) {
		sp_cli_error("cannot build the profile: %s", strerror(-rc));
		goto out;
	}
	if (sp_seccomp_arches_fit(p->archs, p->narchs, &a, &b)) {
		sp_cli_error("cannot list %s and %s in one profile: libseccomp "
			     "puts no two byte orders in one filter, so crun, "
			     "runc, systemd and -f c could not load it (make "
			     "one profile per byte order with --arch)",
			     sp_arch_name(a), sp_arch_name(b));
		goto out;
	}
	if (unnamed && !quiet)
		sp_cli_error("%zu recorded call pattern%s with numbers "
			     "libseccomp cannot name left out of the profile%s",
			     unnamed, unnamed == 1 ? "" : "s",
			     p->default_action == SP_ACT_KILL_PROCESS ||
					     p->default_action ==
						     SP_ACT_KILL_THREAD ?
				     ": with a kill default, the workload "
				     "dies where it makes them again" :
				     "");
	if (sp_cli_write_format(pc->format, p, traces, n, NULL, out, &d)) {
		sp_cli_diag(&d);
		goto out;
	}
	if (!quiet && st.res)
		sp_cli_static_note(&st, p, pc->static_on);
	if (!quiet && st.res && !pc->root)
		note_other_root(traces, n, false);
	if (!quiet)
		note_arch(p);
	if (!quiet)
		sp_cli_note_uneven(traces, n);
	status = SP_EXIT_OK;
out:
	sp_cli_static_fini(&st);
	sp_profile_free(p);
	return status;
}

/* A call by name: in how many runs it was seen, at least and at most
 * (sp_pattern_runs counts a pattern's runs, not a name's: two patterns
 * of one name, other argument values or another executable, seen in one
 * run each, may be in the same run or in two). */
struct seen {
	const char *name;
	uint32_t runs, most;
};

static int cmp_seen(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;

	if (x->runs != y->runs)
		return x->runs < y->runs ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The entry of name in *v (n used, *cap allocated), added with 0 runs
 * when new; NULL when memory runs out. */
static struct seen *seen_of(struct seen **v, size_t *n, size_t *cap,
			    const char *name)
{
	for (size_t k = 0; k < *n; k++)
		if (strcmp((*v)[k].name, name) == 0)
			return &(*v)[k];
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct seen *nv = realloc(*v, nc * sizeof(**v));

		if (!nv)
			return NULL;
		*v = nv;
		*cap = nc;
	}
	(*v)[*n] = (struct seen){ name, 0, 0 };
	return &(*v)[(*n)++];
}

void sp_cli_note_uneven(struct sp_trace *const *traces, size_t n)
{
	struct seen *all = NULL, *one = NULL, *e;
	size_t nall = 0, call = 0, none = 0, cone = 0, shown = 0, len = 0;
	size_t more = 0;
	uint32_t total = 0;
	char list[512] = "";

	for (size_t t = 0; t < n; t++)
		total += sp_trace_runs(traces[t]);
	if (total < 2)
		return;
	for (size_t t = 0; t < n; t++) {
		const struct sp_trace *tr = traces[t];

		/* A name's runs in one trace: at least the most of its
		 * patterns', at most their sum (each may have been in other
		 * runs), no more than the trace's. */
		none = 0;
		for (size_t i = 0; i < tr->npatterns; i++) {
			const struct sp_pattern *p = &tr->patterns[i];
			const char *name = sp_syscall_name(p->arch, p->nr);
			uint32_t runs = sp_pattern_runs(tr, p);

			if (!name || (p->baseline && !p->count))
				continue;
			e = seen_of(&one, &none, &cone, name);
			if (!e)
				goto out;
			if (runs > e->runs)
				e->runs = runs;
			e->most = e->most + runs < sp_trace_runs(tr) ?
					  e->most + runs : sp_trace_runs(tr);
		}
		for (size_t k = 0; k < none; k++) {
			e = seen_of(&all, &nall, &call, one[k].name);
			if (!e)
				goto out;
			e->runs += one[k].runs;
			e->most += one[k].most;
		}
	}
	if (nall)
		qsort(all, nall, sizeof(*all), cmp_seen);
	/* Those surely missing from a run; "(1 to 2)" where the patterns do
	 * not tell. */
	for (size_t i = 0; i < nall && all[i].runs < total; i++) {
		char most[16] = "";
		int m;

		if (all[i].most >= total)
			continue;
		if (all[i].most > all[i].runs)
			snprintf(most, sizeof(most), " to %u", all[i].most);
		/* Whole entries, the room of " and N more" kept. */
		m = more ? -1 : snprintf(list + len, sizeof(list) - len,
					 "%s%s (%u%s)", shown ? ", " : "",
					 all[i].name, all[i].runs, most);
		if (m >= 0 && len + (size_t)m + 24 < sizeof(list))
			len += (size_t)m;
		else
			more++;
		list[len] = '\0';
		shown++;
	}
	if (more)
		snprintf(list + len, sizeof(list) - len, " and %zu more", more);
	if (shown)
		sp_cli_error("%zu call%s seen in only some of %u %s: %s",
			     shown, shown == 1 ? "" : "s", total,
			     total == n ? "traces" : "runs", list);
out:
	free(all);
	free(one);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint profile [-f FORMAT] [-o OUT] "
		"[--default-action ACTION]\n"
		"                         [--args none|auto|strict] "
		"[--safety LIST]\n"
		"                         [--runtime LIST] "
		"[--no-new-privileges]\n"
		"                         [--arch LIST] [--static auto|none] "
		"[--languages LIST]\n"
		"                         [--root DIR] [-q] TRACE...\n\n"
		"Turns one or more traces into a seccomp profile.\n\n"
		"  -f, --format FORMAT      json (OCI runtime-spec "
		"linux.seccomp; default),\n"
		"                           c (C on libseccomp), c-bpf (C, "
		"no library),\n"
		"                           bpf (raw cBPF, for bwrap "
		"--seccomp), systemd,\n"
		"                           minijail, k8s "
		"(SeccompProfile resource),\n"
		"                           firecracker (a seccompiler "
		"filter)\n"
		"  -o, --output OUT         write here (default: stdout)\n"
		"      --args MODE          argument conditions: auto "
		"(default: the\n"
		"                           security-sensitive arguments), "
		"strict (every\n"
		"                           enum and flag argument), none "
		"(names only)\n"
		"      --safety LIST        additions a recording cannot see: "
		"vdso,\n"
		"                           control-flow, fallback (ENOSYS "
		"for calls libc\n"
		"                           falls back from), advice (ENOSYS "
		"for fadvise64,\n"
		"                           readahead); all (default) "
		"or none\n"
		"      --default-action ACTION\n"
		"                           what unlisted calls get: errno "
		"(default, EPERM),\n"
		"                           kill-process, kill-thread, trap, "
		"log\n"
		"      --runtime LIST       also allow what these OCI runtimes "
		"call between\n"
		"                           loading the filter and exec: crun "
		"(Podman's),\n"
		"                           runc (Docker's, containerd's), "
		"none (default:\n"
		"                           crun,runc for json and k8s, none "
		"for the other\n"
		"                           formats)\n"
		"      --no-new-privileges  the container runs with "
		"noNewPrivileges true:\n"
		"                           leave out what runtimes call only "
		"without it\n"
		"      --arch LIST          architectures to list (default: "
		"the observed ones)\n"
		"      --static MODE        auto (default): also allow the "
		"calls reachable in\n"
		"                           the code the recording loaded "
		"(executables,\n"
		"                           libraries), tagged [static]; none\n"
		"      --languages LIST     auto (default): also allow the "
		"calls the language\n"
		"                           runtimes found in that code "
		"make on timing alone\n"
		"                           (go, jvm, node, python, ghc, "
		"glibc),\n"
		"                           tagged [language]; none; or a "
		"list of them\n"
		"      --root DIR           the recorded paths are under DIR "
		"(a container's\n"
		"                           root file system): the static "
		"analysis reads\n"
		"                           them there, as the workload saw "
		"them\n"
		"  -q, --quiet              no notes on stderr\n"
		"  -h, --help               show this help\n");
}

int sp_cmd_profile(int argc, char **argv)
{
	static const struct option longopts[] = {
		SP_PROFILE_CLI_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_profile_cli pc;
	const char *output = "-";
	bool quiet = false;
	struct sp_trace **traces = NULL;
	size_t n = 0;
	int c, stop, rc = SP_EXIT_ERROR;

	sp_profile_cli_init(&pc);
	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "f:o:qh", longopts, usage,
				  &stop))) {
		int r = sp_profile_cli_option(&pc, c, optarg);

		if (r < 0)
			return SP_EXIT_ERROR;
		if (r > 0)
			continue;
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (optind >= argc)
		return sp_cli_usage_error(usage, "profile: no trace given");
	n = (size_t)(argc - optind);
	if (sp_cli_output_ok(output, argv + optind, n) ||
	    sp_cli_read_traces(argv + optind, n, &traces))
		return SP_EXIT_ERROR;
	for (size_t i = 0; i < n && !quiet; i++)
		sp_cli_note_trace(argv[optind + i], traces[i]);
	rc = sp_profile_cli_emit(&pc, traces, n, output, quiet);
	sp_cli_free_traces(traces, n);
	return rc;
}
