#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/diff.h"
#include "cli/cli.h"
#include "cli/filter.h"
#include "output/diff_report.h"
#include "output/docker.h"
#include "output/oci_json.h"
#include "output/seccomp.h"
#include "output/trace_json.h"

/* Reads OLD and NEW (paths[0], paths[1]), each a profile (OCI, or
 * Docker's or Podman's resolved for o: --caps and --kernel, both sides
 * alike) or a trace, profiled with the default options; two traces are
 * parsed at once (sp_cli_parse_traces), as a large one takes most of a
 * second.  0 or SP_EXIT_ERROR (printed). */
static int load_sides(char *const paths[2], const struct sp_docker_opts *o,
		      bool quiet, struct sp_profile **old,
		      struct sp_profile **new)
{
	struct sp_profile **side[2] = { old, new };
	struct sp_cli_input in[2] = { 0 };
	struct sp_trace **t = NULL;
	int rc = SP_EXIT_ERROR;

	for (int i = 0; i < 2; i++)
		if (sp_cli_profile_input_read(paths[i], &in[i]))
			goto out;
	if (sp_cli_input_is_trace(&in[0]) && sp_cli_input_is_trace(&in[1])) {
		if (sp_cli_parse_traces(in, 2, &t))
			goto out;
		rc = sp_cli_profile_of_trace(paths[0], t[0], quiet, old);
		if (!rc)
			rc = sp_cli_profile_of_trace(paths[1], t[1], quiet,
						     new);
		sp_cli_free_traces(t, 2);
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		if (!sp_cli_input_is_trace(&in[i])) {
			if (sp_cli_parse_profile(&in[i], o, side[i], NULL))
				goto out;
			continue;
		}
		if (sp_cli_parse_traces(&in[i], 1, &t))
			goto out;
		rc = sp_cli_profile_of_trace(paths[i], t[0], quiet, side[i]);
		sp_cli_free_traces(t, 1);
		if (rc)
			goto out;
		rc = SP_EXIT_ERROR;
	}
	rc = 0;
out:
	sp_cli_input_fini(&in[0]);
	sp_cli_input_fini(&in[1]);
	return rc;
}

/* The program libseccomp compiles p into, as crun and runc would (names
 * it does not know skipped), or NULL when it refuses p (said unless
 * quiet): what diff compares where it does other than the rules read
 * (overlapping rules, libseccomp's own errors). */
static struct sp_bpf *compile(const char *path, const struct sp_profile *p,
			      bool quiet)
{
	struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_diag d = { 0 };
	struct sp_bpf *b = NULL;

	if (sp_seccomp_compile(p, &o, &b, &d) && !quiet)
		sp_cli_error("%s: %s (crun and runc would not load it): "
			     "compared as its rules read, and where rules of "
			     "different actions overlap, which applies is not "
			     "known", path, d.msg);
	return b;
}

static int report(const struct sp_diff *d, const char *old_name,
		  const char *new_name, enum sp_report_format fmt,
		  bool subset)
{
	struct sp_diff_report r = {
		.old_name = old_name,
		.new_name = new_name,
		.subset_mode = subset,
		.diff = d,
	};
	int rc = sp_diff_report_write(stdout, fmt,
				      fmt == SP_REPORT_TEXT &&
					      sp_cli_color(stdout),
				      &r);

	return rc ? sp_cli_report_failed(stdout, rc) : 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint diff [--format text|json|markdown|html] "
		"[--subset]\n"
		"                      [--caps LIST] [--kernel X.Y] "
		"[--filter NAME] [-q]\n"
		"                      OLD NEW\n\n"
		"Compares what two profiles allow, by meaning: per "
		"architecture and system\ncall, the action and the argument "
		"values.  OLD and NEW are OCI, Docker or\nFirecracker JSON "
		"profiles or traces (profiled with the default options).\n\n"
		"  -f, --format FORMAT  text (default; colored on a terminal "
		"unless NO_COLOR\n"
		"                       is set), json (for CI), markdown "
		"(for a pull request)\n"
		"                       or html (one page)\n"
		"      --subset         prove that NEW allows nothing OLD "
		"refuses (exit 0),\n"
		"                       or show what it may allow (exit 1)\n"
		"      --caps LIST      capabilities Docker/Podman profiles "
		"are resolved for\n"
		"                       (default: each one's engine's; none, "
		"default, docker,\n"
		"                       podman, all, CAP_SYS_ADMIN)\n"
		"      --kernel X.Y     kernel Docker/Podman profiles are "
		"resolved for (default:\n"
		"                       the running one)\n"
		"      --filter NAME    the filter of Firecracker files "
		"(default: their only\n"
		"                       one)\n"
		"  -q, --quiet          no notes on stderr (as every "
		"command)\n"
		"  -h, --help           show this help\n\n"
		"Exit status: 0 equal (--subset: proved), 1 different (not "
		"proved), 2 error.\n");
}

int sp_cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "subset", no_argument, NULL, 's' },
		SP_CLI_DOCKER_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum sp_report_format fmt = SP_REPORT_TEXT;
	struct sp_profile *old = NULL, *new = NULL;
	struct sp_diff_progs progs = { 0 };
	struct sp_bpf *prog[2] = { 0 };
	struct sp_diff *d = NULL;
	struct sp_docker_opts dopts;
	struct sp_cli_docker dc = { 0 };
	bool subset = false, quiet = false;
	int c, stop, rc = SP_EXIT_ERROR;

	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "f:qh", longopts, usage,
				  &stop))) {
		if (sp_cli_docker_option(&dc, c, optarg))
			continue;
		switch (c) {
		case 'f':
			if (sp_report_format_parse(optarg, &fmt)) {
				sp_cli_error("--format %s: expected text, json, "
					     "markdown or html", optarg);
				return SP_EXIT_ERROR;
			}
			break;
		case 's':
			subset = true;
			break;
		case 'q':
			quiet = true;
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (argc - optind != 2)
		return sp_cli_usage_error(usage, "diff: expected two profiles "
					  "or traces, OLD and NEW");
	if (sp_cli_docker_opts(&dopts, &dc) ||
	    load_sides(argv + optind, &dopts, quiet, &old, &new))
		goto out;
	prog[0] = compile(argv[optind], old, quiet);
	prog[1] = compile(argv[optind + 1], new, quiet);
	progs.old = prog[0];
	progs.new = prog[1];
	c = sp_diff_profiles(old, new, &progs, &d);
	if (c) {
		sp_cli_error("cannot compare the profiles: %s", strerror(-c));
		goto out;
	}
	for (size_t i = 0; i < d->nmiscompiled && !quiet; i++)
		sp_cli_error("%s: %s: libseccomp compiles its rules into a filter "
			     "that does other than they read (crun and runc "
			     "load it so): compared as compiled",
			     argv[optind + d->miscompiled[i].new_side],
			     d->miscompiled[i].syscall);
	if (report(d, argv[optind], argv[optind + 1], fmt, subset))
		goto out;
	if (subset)
		rc = d->subset == SP_SUBSET_YES ? SP_EXIT_OK :
						  SP_EXIT_DIFFERENT;
	else
		rc = sp_diff_equal(d) ? SP_EXIT_OK : SP_EXIT_DIFFERENT;
out:
	sp_bpf_free(prog[0]);
	sp_bpf_free(prog[1]);
	sp_diff_free(d);
	sp_profile_free(old);
	sp_profile_free(new);
	return rc;
}
