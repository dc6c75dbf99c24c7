#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/aggregate.h"
#include "cli/cli.h"
#include "output/file.h"
#include "output/trace_json.h"
#include "tracer/tracer.h"

#define DEFAULT_TRACE "sandprint-trace.json"

static void say_nnp(void *ctx)
{
	if (!*(bool *)ctx)
		sp_cli_error("no CAP_SYS_ADMIN: installing the recording filter "
			     "with no_new_privs, so setuid and file "
			     "capabilities do not take effect in the workload");
}

int sp_cli_record(char *const *argv, bool quiet, struct sp_trace **out)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_aggregate agg;
	struct sp_sink sink;
	struct sp_tracer_opts opts = {
		.argv = argv,
		.on_no_new_privs = say_nnp,
		.ctx = &quiet,
	};
	struct sp_diag d = { 0 };
	int rc;

	*out = NULL;
	if (!t || sp_aggregate_init(&agg, t)) {
		sp_cli_error("cannot record: %s", strerror(ENOMEM));
		sp_trace_free(t);
		return SP_EXIT_ERROR;
	}
	sink.on_syscall = sp_aggregate_sink;
	sink.ctx = &agg;
	rc = sp_tracer_run(&opts, t, &sink, &d);
	sp_aggregate_fini(&agg);
	sp_trace_sort(t);
	if (rc == -ENOENT || rc == -EACCES) {
		sp_cli_diag(&d);
		sp_trace_free(t);
		/* As a shell says: 127 not found, 126 not executable. */
		return rc == -ENOENT ? 127 : 126;
	}
	*out = t;
	if (rc) {
		sp_cli_diag(&d);
		return SP_EXIT_ERROR;
	}
	return sp_trace_exit_status(t);
}

static int write_trace(FILE *f, const void *t)
{
	return sp_trace_write_json(f, t);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint record [-o TRACE] [-q] [--] CMD [ARG]...\n\n"
		"Runs CMD, following every process and thread it starts, and "
		"records the\nsystem calls they make (one ptrace stop per call)."
		"  Exits with CMD's status.\n\n"
		"  -o, --output TRACE  write the trace here (default "
		DEFAULT_TRACE ")\n"
		"  -q, --quiet         no summary or notes on stderr\n"
		"  -h, --help          show this help\n");
}

int sp_cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *output = DEFAULT_TRACE;
	struct sp_trace *t = NULL;
	struct sp_diag d = { 0 };
	bool quiet = false;
	int c, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'q':
			quiet = true;
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
		sp_cli_error("record: no command given");
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	status = sp_cli_record(argv + optind, quiet, &t);
	if (!t)
		return status;
	if (sp_file_write_atomic(output, write_trace, t, &d)) {
		sp_cli_diag(&d);
		sp_trace_free(t);
		return SP_EXIT_ERROR;
	}
	if (!quiet)
		sp_cli_error("recorded %llu calls, %zu patterns, %zu process "
			     "images%s: %s",
			     (unsigned long long)t->ncalls, t->npatterns,
			     t->nprocs, t->partial ? " (partial)" : "",
			     output);
	sp_trace_free(t);
	return status;
}
