#include "cli/check.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/check.h"
#include "core/arch.h"
#include "core/syscall.h"
#include "cli/cli.h"
#include "cli/filter.h"
#include "output/report.h"

int sp_cli_report(FILE *f, enum sp_report_format fmt, bool color,
		  const struct sp_report *rep)
{
	int rc = sp_report_write(f, fmt, color, rep);

	return rc ? sp_cli_report_failed(f, rc) : 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint check (--profile PROFILE | --pid PID) "
		"[--caps LIST]\n"
		"                       [--kernel X.Y] [--filter NAME]\n"
		"                       [--format text|json|markdown|html] "
		"[-q]\n"
		"                       TRACE...\n\n"
		"Reports every recorded call that PROFILE would refuse.  "
		"Exits 0 when\nnothing would be refused, 1 when something "
		"would, 2 on error.\n\n"
		"  -P, --profile PROFILE  an OCI or Docker/Podman JSON "
		"profile, a Firecracker\n"
		"                         seccompiler filter file, a raw "
		"cBPF file, or pid:N\n"
		"                         (the filters of a live process)\n"
		"  -p, --pid PID          the filters of live process PID "
		"(--profile pid:PID)\n"
		"      --caps LIST        capabilities a Docker profile is "
		"resolved for\n"
		"                         (default: its engine's, Docker's "
		"or Podman's;\n"
		"                         none, default, docker, podman, "
		"all, CAP_SYS_ADMIN)\n"
		"      --kernel X.Y       kernel a Docker profile is "
		"resolved for (default:\n"
		"                         the running one)\n"
		"      --filter NAME      the filter of a Firecracker file "
		"(vmm, api, vcpu;\n"
		"                         default: its only one)\n"
		"  -f, --format FORMAT    text (default), json, markdown or "
		"html (one page)\n"
		"  -q, --quiet            no notes on stderr\n"
		"  -h, --help             show this help\n");
}

enum { OPT_PID = 0x200 };

/* Whether s is a process id as a user writes one: digits only. */
static bool is_pid(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n && n <= 10 && !s[n];
}

/* A JSON profile (compiled here as crun and runc would compile it on this
 * machine) judges calls made on another machine (a trace of an aarch64
 * host checked on x86_64) as compiled there: that machine's arch in the
 * filter, Docker's archMap entry of it.  Into on[host], each loaded
 * (hf[host]) once.  0 or SP_EXIT_ERROR (printed). */
static int load_hosts(const struct sp_cli_filter *filter,
		      struct sp_docker_opts dopts,
		      struct sp_trace *const *traces, size_t n,
		      struct sp_cli_filter hf[SP_ARCH_COUNT],
		      struct sp_filter judge[SP_ARCH_COUNT],
		      const struct sp_filter *on[SP_ARCH_COUNT])
{
	bool said[SP_ARCH_COUNT] = { false };

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < traces[i]->npatterns; j++) {
			enum sp_arch a = traces[i]->patterns[j].arch;
			bool other = false;
			enum sp_arch h = sp_cli_filter_host(filter, a, &other);

			if (other && !said[a] && !filter->quiet)
				sp_cli_error("%s: %s calls judged by the "
					     "filter as compiled on this %s "
					     "machine, not on theirs (another "
					     "byte order)", filter->spec,
					     sp_arch_name(a),
					     sp_arch_name(sp_arch_native()));
			said[a] = true;
			if (h == SP_ARCH_UNKNOWN || on[h])
				continue;
			dopts.arch = h;
			if (sp_cli_filter_load_on(&hf[h], filter, &dopts, h))
				return SP_EXIT_ERROR;
			judge[h].progs = hf[h].progs;
			judge[h].n = hf[h].n;
			on[h] = &judge[h];
		}
	return 0;
}

/* Whether a trace was recorded with its call sites (--stacks). */
static bool any_stacks(struct sp_trace *const *traces, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (traces[i]->nframes)
			return true;
	return false;
}

int sp_cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'P' },
		{ "pid", required_argument, NULL, OPT_PID },
		SP_CLI_DOCKER_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum sp_report_format fmt = SP_REPORT_TEXT;
	struct sp_cli_filter filter = { 0 };
	struct sp_check_result res;
	struct sp_trace **traces = NULL;
	struct sp_docker_opts dopts;
	struct sp_filter judge, host_judge[SP_ARCH_COUNT];
	struct sp_cli_filter host_filter[SP_ARCH_COUNT] = { 0 };
	const struct sp_filter *on_host[SP_ARCH_COUNT] = { 0 };
	struct sp_cli_docker dc = { 0 };
	const char *profile = NULL;
	char pid[32];
	size_t ntraces = 0;
	int c, stop, rc = SP_EXIT_ERROR;

	sp_check_result_init(&res);
	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "P:p:f:qh", longopts, usage,
				  &stop))) {
		if (sp_cli_docker_option(&dc, c, optarg))
			continue;
		switch (c) {
		case 'p':
			/* -p is --pid, as in record; -p PROFILE, its old
			 * meaning, still works with a note. */
			if (!is_pid(optarg)) {
				sp_cli_old_p();
				profile = optarg;
				break;
			}
			__attribute__((fallthrough));
		case OPT_PID:
			if (!is_pid(optarg)) {
				sp_cli_error("--pid %s: expected a process id",
					     optarg);
				return SP_EXIT_ERROR;
			}
			snprintf(pid, sizeof(pid), "pid:%s", optarg);
			profile = pid;
			break;
		case 'P':
			profile = optarg;
			break;
		case 'f':
			if (sp_report_format_parse(optarg, &fmt)) {
				sp_cli_error("--format %s: expected text, "
					     "json, markdown or html", optarg);
				return SP_EXIT_ERROR;
			}
			break;
		case 'q':
			filter.quiet = true;
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (!profile)
		return sp_cli_usage_error(usage, "check: --profile or --pid "
					  "is required");
	if (optind >= argc)
		return sp_cli_usage_error(usage, "check: no trace given");
	if (sp_cli_docker_opts(&dopts, &dc))
		return SP_EXIT_ERROR;
	if (sp_cli_read_traces(argv + optind, (size_t)(argc - optind),
			       &traces))
		return SP_EXIT_ERROR;
	ntraces = (size_t)(argc - optind);
	for (size_t i = 0; i < ntraces && !filter.quiet; i++)
		sp_cli_note_trace(argv[optind + i], traces[i]);
	if (sp_cli_filter_load(&filter, profile, &dopts))
		goto out;
	judge.progs = filter.progs;
	judge.n = filter.n;
	if (load_hosts(&filter, dopts, traces, ntraces, host_filter,
		       host_judge, on_host))
		goto out;
	if (sp_check_traces_on(&judge, on_host, traces, ntraces, &res)) {
		sp_cli_error("check: %s", strerror(ENOMEM));
		goto out;
	}
	sp_check_result_sort(&res);
	{
		struct sp_report rep = {
			.command = "check",
			.profile = profile,
			.result = &res,
			.note = filter.n > 1 ? "stacked filters combined by "
					       "the kernel's precedence" : NULL,
		};

		if (sp_cli_report(stdout, fmt, sp_cli_color(stdout), &rep))
			goto out;
	}
	/* A report that did not reach stdout (a reader gone, a full disk)
	 * is the one error, said by main once flushed (exit 2): no note
	 * after it about a report nobody read. */
	if (fflush(stdout) || ferror(stdout))
		goto out;
	rc = res.n ? SP_EXIT_DIFFERENT : SP_EXIT_OK;
	/* The search of every value past its bound: said, or a refusal the
	 * probes missed would pass for none. */
	if (res.nprobed && !filter.quiet) {
		char nr[SP_SYSCALL_NAME_MAX];

		sp_cli_error("note: %llu recorded call%s (%s on %s%s) judged "
			     "at %d values of the arguments the trace did not "
			     "keep, not at every value: too many paths through "
			     "the filter; a refusal at other values goes "
			     "unreported",
			     (unsigned long long)res.nprobed,
			     res.nprobed > 1 ? "s" : "",
			     sp_syscall_name_or_nr(res.probed_arch,
						   res.probed_nr, nr),
			     sp_arch_name(res.probed_arch),
			     res.nprobed > 1 ? " first" : "",
			     SP_CHECK_NPROBES);
	}
	if (res.n && !filter.quiet && !any_stacks(traces, ntraces))
		sp_cli_error("note: the traces hold no call sites; 'sandprint "
			     "record --stacks' records where each call is "
			     "made");
out:
	sp_cli_free_traces(traces, ntraces);
	sp_check_result_fini(&res);
	sp_cli_filter_fini(&filter);
	for (int a = 0; a < SP_ARCH_COUNT; a++)
		sp_cli_filter_fini(&host_filter[a]);
	return rc;
}
