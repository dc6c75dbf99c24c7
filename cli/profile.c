#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/generate.h"
#include "cli/cli.h"
#include "core/arch.h"
#include "core/syscall.h"
#include "output/file.h"
#include "output/oci_json.h"
#include "output/trace_json.h"

void sp_profile_cli_init(struct sp_profile_cli *pc)
{
	memset(pc, 0, sizeof(*pc));
	sp_generate_opts_init(&pc->gen);
	pc->format = "json";
}

int sp_profile_cli_option(struct sp_profile_cli *pc, int opt,
			  const char *arg)
{
	switch (opt) {
	case SP_OPT_FORMAT:
		if (!sp_cli_format_known(arg)) {
			sp_cli_error("%s: unsupported format (supported: "
				     SP_CLI_FORMATS ")", arg);
			return -1;
		}
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
		return 1;
	case SP_OPT_RUNTIME:
		if (sp_runtime_parse(arg, &pc->gen.runtimes)) {
			sp_cli_error("--runtime %s: expected crun, runc, "
				     "crun,runc or none", arg);
			return -1;
		}
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
				     "control-flow, fallback, or all or none",
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
	}
}

int sp_profile_cli_emit(const struct sp_profile_cli *pc,
			struct sp_trace *const *traces, size_t n,
			const char *out, bool quiet)
{
	struct sp_generate_opts gen = pc->gen;
	struct notes notes = { .quiet = quiet };
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };
	size_t unnamed;
	int rc;

	gen.on_note = on_note;
	gen.ctx = &notes;
	rc = sp_generate_profile(traces, n, &gen, &p);
	unnamed = notes.unnamed;
	if (rc) {
		sp_cli_error("cannot build the profile: %s", strerror(-rc));
		return SP_EXIT_ERROR;
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
	rc = sp_cli_write_format(pc->format, p, traces, n, out, &d);
	sp_profile_free(p);
	if (rc) {
		sp_cli_diag(&d);
		return SP_EXIT_ERROR;
	}
	if (!quiet)
		sp_cli_note_unexercised(traces, n);
	return SP_EXIT_OK;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint profile [-f FORMAT] [-o OUT] "
		"[--default-action ACTION]\n"
		"                         [--args none|auto|strict] "
		"[--safety LIST]\n"
		"                         [--runtime crun|runc|none] "
		"[--no-new-privileges]\n"
		"                         [--arch LIST] TRACE...\n\n"
		"Turns one or more traces into a seccomp profile.\n\n"
		"  -f, --format FORMAT      json (OCI runtime-spec "
		"linux.seccomp; default),\n"
		"                           c (C on libseccomp), c-bpf (C, "
		"no library),\n"
		"                           bpf (raw cBPF, for bwrap "
		"--seccomp), systemd,\n"
		"                           minijail, k8s "
		"(SeccompProfile resource)\n"
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
		"                           falls back from); all (default) "
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
		"                           crun,runc)\n"
		"      --no-new-privileges  the container runs with "
		"noNewPrivileges true:\n"
		"                           leave out what runtimes call only "
		"without it\n"
		"      --arch LIST          architectures to list (default: "
		"the observed ones)\n"
		"  -h, --help               show this help\n");
}

int sp_cmd_profile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, SP_OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "default-action", required_argument, NULL,
		  SP_OPT_DEFAULT_ACTION },
		{ "runtime", required_argument, NULL, SP_OPT_RUNTIME },
		{ "no-new-privileges", no_argument, NULL, SP_OPT_NNP },
		{ "arch", required_argument, NULL, SP_OPT_ARCH },
		{ "args", required_argument, NULL, SP_OPT_ARGS },
		{ "safety", required_argument, NULL, SP_OPT_SAFETY },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_profile_cli pc;
	const char *output = "-";
	struct sp_trace **traces = NULL;
	size_t n = 0;
	int c, rc = SP_EXIT_ERROR;

	sp_profile_cli_init(&pc);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		int r = sp_profile_cli_option(&pc, c, optarg);

		if (r < 0)
			return SP_EXIT_ERROR;
		if (r > 0)
			continue;
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'h':
			usage(stdout);
			return SP_EXIT_OK;
		default:
			usage(stderr);
			return SP_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		sp_cli_error("profile: no trace given");
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	n = (size_t)(argc - optind);
	if (sp_cli_read_traces(argv + optind, n, &traces))
		return SP_EXIT_ERROR;
	rc = sp_profile_cli_emit(&pc, traces, n, output, false);
	sp_cli_free_traces(traces, n);
	return rc;
}
