/* import: a trace from what other tools already logged (strace's output,
 * the kernel's audit records of calls), so a profile can come from a
 * production log. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/aggregate.h"
#include "analyzer/argkind.h"
#include "cli/cli.h"
#include "core/syscall.h"
#include "output/calllog.h"
#include "output/file.h"
#include "output/trace_json.h"

enum from { FROM_AUTO, FROM_STRACE, FROM_AUDIT };

struct import {
	struct sp_aggregate agg;
	bool strace;
	/* Calls with an argument the argument-kind table keeps that the log
	 * printed in no form sandprint reads back, the first of them. */
	size_t unread;
	struct sp_event first_unread;
	int unread_arg;
	/* The pattern the last call added, which takes strace -k's frames
	 * after it as its call site (a pattern's first call's); or none. */
	size_t sited;
	bool siting;
};

/* Each call counted into the trace, with the arguments the argument-kind
 * table keeps, among those the log gave. */
static int on_call(void *ctx, const struct sp_logged_call *c)
{
	struct import *im = ctx;
	const struct sp_argspec *spec = sp_argkind_lookup(c->ev.arch, c->ev.nr);
	struct sp_pattern p = { .arch = c->ev.arch, .nr = c->ev.nr,
				.count = 1, .exe = c->ev.exe,
				.pid = c->ev.tgid };
	uint64_t args[SP_NARGS];
	uint8_t want = sp_argkind_keep(spec, c->ev.args, 0x3f, args) &
		       ~c->known;
	size_t n;
	int rc;

	if (im->strace && want && !im->unread++) {
		im->first_unread = c->ev;
		im->unread_arg = __builtin_ctz(want);
	}
	p.kept = sp_argkind_keep(spec, c->ev.args, c->ev.read, args) &
		 c->known;
	for (int i = 0; i < SP_NARGS; i++)
		p.args[i] = p.kept & (1u << i) ? args[i] : 0;
	n = im->agg.trace->npatterns;
	rc = sp_aggregate_add_pattern(&im->agg, &p);
	/* New patterns are appended. */
	im->siting = !rc && im->agg.trace->npatterns > n;
	im->sited = n;
	return rc;
}

/* strace -k: a frame of the call just counted, when its pattern is new. */
static int on_frame(void *ctx, const char *module, const char *symbol,
		    uint64_t offset)
{
	struct import *im = ctx;
	struct sp_trace *t = im->agg.trace;
	struct sp_pattern *p = &t->patterns[im->sited];
	struct sp_frame f = { .addr = offset, .offset = offset };
	int idx;

	if (!im->siting || p->nframes == UINT8_MAX)
		return 0;
	idx = sp_trace_intern_module(t, module);
	if (idx < 0)
		return idx;
	f.module = (uint32_t)idx;
	if (symbol && !(f.symbol = strdup(symbol)))
		return -ENOMEM;
	idx = sp_trace_add_frame(t, &f);
	if (idx < 0)
		return idx;
	if (!p->nframes++)
		p->stack = (uint32_t)idx;
	return 0;
}

/* strace -ff writes NAME.PID: the pid of lines without a prefix. */
static pid_t pid_of_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	char *end;
	long v;

	if (!dot || !dot[1])
		return 0;
	v = strtol(dot + 1, &end, 10);
	return *end || v <= 0 || v > INT32_MAX ? 0 : (pid_t)v;
}

/* A log gives an exec's path as the program gave it ("./app"), relative
 * to a directory it does not show, where the static analysis needs a
 * file to read: a relative path is taken from this directory when it
 * names a file here, and said either way.  0 or -ENOMEM. */
static int resolve_exes(struct sp_trace *t, bool quiet)
{
	for (size_t i = 0; i < t->nexes; i++) {
		char *rel = t->exes[i], *abs;
		int rc;

		if (rel[0] == '/' || !strcmp(rel, "?"))
			continue;
		abs = realpath(rel, NULL);
		if (!abs && errno == ENOMEM)
			return -ENOMEM;
		if (!abs) {
			if (!quiet)
				sp_cli_error("%s: relative in the log and no "
					     "file here: the static analysis "
					     "will not read it", rel);
			continue;
		}
		/* Else the log names the file both ways, and both stay. */
		rc = sp_trace_rename_exe(t, i, abs, &rel);
		if (!rc && !quiet)
			sp_cli_error("%s: relative in the log, taken as %s "
				     "(from this directory)", rel, abs);
		if (!rc)
			free(rel);
		free(abs);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint import [--from strace|audit] [-o TRACE] [-q] "
		"FILE...\n\n"
		"Builds a trace from logs other tools wrote: strace's output "
		"(strace -f,\n-ff, -o; timestamps and <unfinished ...> lines "
		"taken apart), or the kernel's\nseccomp audit records (type=1326 "
		"lines of dmesg or journalctl -k, type=SECCOMP\nlines of "
		"/var/log/audit/audit.log; a record in two logs counts once), "
		"or its\nsyscall records (type=1300, type=SYSCALL: audit rules "
		"ask for them).  Seccomp\nrecords carry no arguments, so their "
		"rules have none; syscall records the\nfirst four.  The trace "
		"goes to profile, check, diff and show like a recorded\none.  "
		"FILE - is standard input.\n\n"
		"      --from KIND  strace or audit (default: audit when the "
		"first FILE holds\n"
		"                   an audit record of a call, else strace)\n"
		"  -o, --output TRACE  write the trace here (default: stdout)\n"
		"  -q, --quiet      no summary or notes on stderr\n"
		"  -h, --help       show this help\n");
}

enum { OPT_FROM = 0x200 };

int sp_cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, OPT_FROM },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_log_reader lr;
	struct sp_log_stats st;
	struct sp_trace *t = NULL;
	struct import im = { 0 };
	struct sp_diag d = { 0 };
	enum from from = FROM_AUTO;
	const char *output = "-";
	bool quiet = false, agg_ok = false;
	int c, stop, rc = SP_EXIT_ERROR;

	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "o:qh", longopts, usage,
				  &stop))) {
		switch (c) {
		case OPT_FROM:
			if (strcmp(optarg, "strace") && strcmp(optarg, "audit")) {
				sp_cli_error("--from %s: expected strace or "
					     "audit", optarg);
				return SP_EXIT_ERROR;
			}
			from = strcmp(optarg, "strace") ? FROM_AUDIT :
							  FROM_STRACE;
			break;
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
		return sp_cli_usage_error(usage, "import: no log given");
	if (sp_cli_output_ok(output, argv + optind, (size_t)(argc - optind)))
		return SP_EXIT_ERROR;
	t = sp_trace_new();
	if (!t || sp_aggregate_init(&im.agg, t)) {
		sp_cli_error("import: %s", strerror(ENOMEM));
		goto out;
	}
	agg_ok = true;
	t->end = SP_END_UNKNOWN;
	sp_log_reader_init(&lr, t, on_call, &im);
	lr.frame_fn = on_frame;
	/* strace -ff's files in the order of their pids, a parent's before
	 * its children's (ls sorts x.10001 before x.9998): what a task is
	 * (its executable, parent, arch) comes from its parent's fork. */
	for (int i = optind + 1; i < argc; i++)
		for (int j = i; j > optind && pid_of_name(argv[j]) &&
				pid_of_name(argv[j]) < pid_of_name(argv[j - 1]);
		     j--) {
			char *w = argv[j];

			argv[j] = argv[j - 1];
			argv[j - 1] = w;
		}
	for (int i = optind; i < argc; i++) {
		struct sp_cli_input in;
		int r;

		/* "-": standard input (sp_cli_input_read). */
		if (sp_cli_input_read(argv[i], &in))
			goto out;
		if (from == FROM_AUTO)
			from = sp_log_is_audit(in.buf, in.len) ? FROM_AUDIT :
								 FROM_STRACE;
		im.strace = from == FROM_STRACE;
		r = from == FROM_AUDIT ?
			    sp_audit_read(&lr, in.path, in.buf, in.len, &d) :
			    sp_strace_read(&lr, in.path, in.buf, in.len,
					   pid_of_name(in.path), &d);
		sp_cli_input_fini(&in);
		if (r == -ENOMEM) {
			sp_cli_error("%s: %s", argv[i], strerror(ENOMEM));
			goto out;
		}
		if (r) {
			sp_cli_diag(&d);
			goto out;
		}
	}
	if (sp_log_reader_finish(&lr)) {
		sp_cli_error("import: %s", strerror(ENOMEM));
		goto out;
	}
	if (resolve_exes(t, quiet)) {
		sp_cli_error("import: %s", strerror(ENOMEM));
		goto out;
	}
	st = lr.st;
	t->ncalls = st.calls;
	sp_trace_sort(t);
	if (sp_cli_write_trace(output, t, false))
		goto out;
	if (!quiet && st.unnamed)
		sp_cli_error("%zu call%s with a name or number libseccomp "
			     "does not know left out", st.unnamed,
			     st.unnamed == 1 ? "" : "s");
	if (!quiet && im.unread) {
		const char *name = sp_syscall_name(im.first_unread.arch,
						   im.first_unread.nr);

		sp_cli_error("%zu call%s with an argument sandprint keeps "
			     "printed in a form it cannot read back (the "
			     "first: %s's argument %d; strace -X raw prints "
			     "numbers): not kept, the rule%s allow%s any "
			     "value there", im.unread,
			     im.unread == 1 ? "" : "s", name ? name : "?",
			     im.unread_arg, im.unread == 1 ? "" : "s",
			     im.unread == 1 ? "s" : "");
	}
	if (!quiet && st.skipped)
		sp_cli_error("%zu line%s neither a call nor understood "
			     "(skipped)", st.skipped,
			     st.skipped == 1 ? "" : "s");
	if (!quiet)
		sp_cli_error("imported %zu call%s, %zu pattern%s, %zu process "
			     "image%s from %s log%s: %s", st.calls,
			     st.calls == 1 ? "" : "s", t->npatterns,
			     t->npatterns == 1 ? "" : "s", t->nprocs,
			     t->nprocs == 1 ? "" : "s",
			     from == FROM_AUDIT ? "audit" : "strace",
			     argc - optind > 1 ? "s" : "", output);
	rc = SP_EXIT_OK;
out:
	if (agg_ok) {
		sp_log_reader_fini(&lr);
		sp_aggregate_fini(&im.agg);
	}
	sp_trace_free(t);
	return rc;
}
