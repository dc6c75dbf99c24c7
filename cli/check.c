#include "cli/check.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/check.h"
#include "cli/cli.h"
#include "cli/filter.h"
#include "output/report.h"

/* "uname <- f <- g <- main": the first frames of a recorded call site,
 * by symbol, or module+offset where the file has none. */
static char *call_site(const struct sp_refusal *x)
{
	const struct sp_trace *t = x->trace;
	char buf[512];
	size_t n = 0;

	if (!t || !x->nframes || x->stack + x->nframes > t->nframes)
		return NULL;
	buf[0] = '\0';
	for (unsigned i = 0; i < x->nframes && i < 8 && n < sizeof(buf); i++) {
		const struct sp_frame *fr = &t->frames[x->stack + i];
		const char *mod = fr->module < t->nmodules ?
					  t->modules[fr->module] : "?";
		const char *slash = strrchr(mod, '/');
		int w;

		if (fr->symbol)
			w = snprintf(buf + n, sizeof(buf) - n, "%s%s",
				     i ? " <- " : "", fr->symbol);
		else
			w = snprintf(buf + n, sizeof(buf) - n, "%s%s+%#llx",
				     i ? " <- " : "", slash ? slash + 1 : mod,
				     (unsigned long long)fr->offset);
		n += w > 0 ? (size_t)w : 0;
	}
	return strdup(buf);
}

int sp_cli_report(FILE *f, enum sp_report_format fmt, bool color,
		  const struct sp_report *base, const struct sp_check_result *r)
{
	struct sp_report_row *rows = calloc(r->n ? r->n : 1, sizeof(*rows));
	struct sp_report rep = *base;
	int rc;

	if (!rows) {
		sp_cli_error("cannot write the report: %s", strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct sp_refusal *x = &r->v[i];
		struct sp_report_row *w = &rows[i];

		w->action = x->action;
		w->data = x->data;
		w->arch = x->arch;
		w->nr = x->nr;
		w->kept = x->kept;
		memcpy(w->args, x->args, sizeof(w->args));
		w->count = x->count;
		w->exe = x->trace && x->exe < x->trace->nexes ?
				 x->trace->exes[x->exe] : NULL;
		w->pid = x->pid;
		w->arg_dependent = x->arg_dependent;
		w->baseline = x->baseline;
		w->site = call_site(x);
	}
	rep.rows = rows;
	rep.nrows = r->n;
	rep.npatterns = r->npatterns;
	rep.ncalls = r->ncalls;
	rep.nrefused_calls = r->nrefused_calls;
	rc = sp_report_write(f, fmt, color, &rep);
	for (size_t i = 0; i < r->n; i++)
		free((char *)rows[i].site);
	free(rows);
	if (rc) {
		sp_cli_error("cannot write the report: %s", strerror(-rc));
		return SP_EXIT_ERROR;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint check --profile PROFILE [--caps LIST] "
		"[--kernel X.Y]\n"
		"                       [--format text|json|markdown] "
		"TRACE...\n\n"
		"Reports every recorded call that PROFILE would refuse.  "
		"Exits 0 when\nnothing would be refused, 1 when something "
		"would, 2 on error.\n\n"
		"  -p, --profile PROFILE  an OCI or Docker/Podman JSON "
		"profile, a raw cBPF\n"
		"                         file, or pid:N (the filters of "
		"a live process)\n"
		"      --caps LIST        capabilities a Docker profile is "
		"resolved for\n"
		"                         (default: Docker's 14 defaults; "
		"none, default,\n"
		"                         CAP_SYS_ADMIN, ...)\n"
		"      --kernel X.Y       kernel a Docker profile is "
		"resolved for (default:\n"
		"                         the running one)\n"
		"  -f, --format FORMAT    text (default), json or markdown\n"
		"  -q, --quiet            no notes on stderr\n"
		"  -h, --help             show this help\n");
}

enum { OPT_CAPS = 0x200, OPT_KERNEL };

int sp_cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "caps", required_argument, NULL, OPT_CAPS },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
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
	struct sp_filter judge;
	const char *profile = NULL, *kernel = NULL;
	char *caps = NULL;
	size_t ntraces = 0;
	int c, rc = SP_EXIT_ERROR;

	sp_check_result_init(&res);
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:f:qh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'p':
			profile = optarg;
			break;
		case OPT_CAPS:
			caps = optarg;
			break;
		case OPT_KERNEL:
			kernel = optarg;
			break;
		case 'f':
			if (sp_report_format_parse(optarg, &fmt)) {
				sp_cli_error("--format %s: expected text, "
					     "json or markdown", optarg);
				return SP_EXIT_ERROR;
			}
			break;
		case 'q':
			filter.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return SP_EXIT_OK;
		default:
			usage(stderr);
			return SP_EXIT_ERROR;
		}
	}
	if (!profile) {
		sp_cli_error("check: --profile is required");
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	if (optind >= argc) {
		sp_cli_error("check: no trace given");
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	if (sp_cli_docker_opts(&dopts, caps, kernel))
		return SP_EXIT_ERROR;
	if (sp_cli_read_traces(argv + optind, (size_t)(argc - optind),
			       &traces))
		return SP_EXIT_ERROR;
	ntraces = (size_t)(argc - optind);
	if (sp_cli_filter_load(&filter, profile, &dopts))
		goto out;
	judge.progs = filter.progs;
	judge.n = filter.n;
	if (sp_check_traces(&judge, traces, ntraces, &res)) {
		sp_cli_error("check: %s", strerror(ENOMEM));
		goto out;
	}
	sp_check_result_sort(&res);
	{
		struct sp_report rep = {
			.command = "check",
			.profile = profile,
			.note = filter.n > 1 ? "stacked filters combined by "
					       "the kernel's precedence" : NULL,
		};

		if (sp_cli_report(stdout, fmt, sp_cli_color(stdout), &rep,
				  &res))
			goto out;
	}
	rc = res.n ? SP_EXIT_DIFFERENT : SP_EXIT_OK;
out:
	sp_cli_free_traces(traces, ntraces);
	sp_check_result_fini(&res);
	sp_cli_filter_fini(&filter);
	return rc;
}
