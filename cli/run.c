#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "analyzer/argkind.h"
#include "analyzer/check.h"
#include "analyzer/interp.h"
#include "cli/check.h"
#include "cli/filter.h"
#include "cli/cli.h"
#include "core/syscall.h"
#include "output/file.h"
#include "output/report.h"
#include "tracer/proc.h"
#include "tracer/tracer.h"
#include "tracer/unwind.h"

/*
 * run: the workload under the profile's filter with every refusal turned
 * into SECCOMP_RET_TRACE, so allowed calls never stop and each refused
 * one stops once.  At the stop the interpreter judges the call again
 * under the profile as written (a task that installed its own filter is
 * followed with syscall stops: its stops are judged the same way, and the
 * allowed ones pass).
 *
 * --audit lets every refused call run.  --enforce applies the verdict:
 *  - ERRNO N: the call fails with N without running (ERRNO 0 cannot be
 *    told from "let it run" by the tracer's sink and runs);
 *  - KILL_PROCESS, KILL_THREAD: the call does not run and the thread is
 *    sent SIGSYS, whose default action is the kernel's death (the whole
 *    process, a core dump where the limits allow), when the thread
 *    neither catches, blocks nor ignores it (and, for KILL_THREAD, is its
 *    process's last).  Otherwise the thread group gets SIGKILL (a sent
 *    SIGSYS would run the handler the kernel's kill passes by), and
 *    sandprint exits 159 (128 + SIGSYS), the status the real filter
 *    gives; KILL_THREAD then kills the whole process too;
 *  - TRAP: the call fails with ENOSYS and the thread is sent SIGSYS
 *    (si_code SI_TKILL, not SYS_SECCOMP);
 *  - NOTIFY, TRACE: ENOSYS, what the kernel answers when no listener or
 *    tracer is there.
 */

struct run {
	struct sp_filter judge;
	struct sp_check_result res;
	struct sp_trace *t;
	bool enforce;
	bool killed;        /* --enforce killed the workload */
	bool sigkilled;     /* with SIGKILL, not SIGSYS */
	bool nomem;
	struct sp_unwinder *uw; /* --stacks: first call site of each refusal */
};

/* Whether a SIGSYS sent to thread tid kills it as seccomp's kill does:
 * its disposition the default, not blocked; for KILL_THREAD (thread), the
 * last thread of its process (the default action takes them all). */
static bool sigsys_kills(pid_t tid, bool thread)
{
	uint64_t bit = 1ULL << (SIGSYS - 1);
	struct sp_sigsets sets;
	char buf[4096];
	const char *n;

	if (sp_proc_sigsets(tid, &sets) ||
	    ((sets.blocked | sets.ignored | sets.caught) & bit))
		return false;
	if (!thread)
		return true;
	if (sp_proc_read(tid, "status", buf, sizeof(buf)) <= 0)
		return false;
	n = strstr(buf, "\nThreads:");
	return n && strtol(n + 9, NULL, 10) == 1;
}

static int on_call(void *ctx, const struct sp_event *ev)
{
	struct run *R = ctx;
	struct seccomp_data sd;
	struct sp_refusal x = { 0 };
	enum sp_action a;
	int data, fdata;

	sp_seccomp_data_of(ev->arch, ev->nr, ev->args, ev->ip, &sd);
	a = sp_filter_verdict(&R->judge, &sd, &data);
	if (sp_action_allows(a))
		return 0;
	x.kept = sp_argkind_keep(sp_argkind_lookup(ev->arch, ev->nr),
				 ev->args, ev->read, x.args);
	/* clone3 refused with ENOSYS whose fallback to clone is allowed: not
	 * a refusal the workload suffers.  Enforced as the kernel would (the
	 * workload falls back), audited as allowed; reported neither way. */
	fdata = data;
	if (sp_action_allows(sp_check_fallback(&R->judge, ev->arch, ev->nr,
					       x.args, x.kept, a, &fdata)))
		return R->enforce ? data : 0;
	x.action = a;
	x.data = data;
	x.arch = ev->arch;
	x.nr = ev->nr;
	x.count = 1;
	x.trace = R->t;
	x.exe = ev->exe;
	x.pid = ev->tgid;
	R->res.ncalls++;
	if (R->uw) {
		size_t before = R->res.n;

		if (sp_check_result_add(&R->res, &x))
			return -ENOMEM;
		/* A new refusal: unwind its call site, once.  The task is in
		 * its stop; a failed unwind only means no site. */
		if (R->res.n > before) {
			struct sp_refusal *nx = &R->res.v[R->res.n - 1];

			if (sp_unwind_capture(R->uw, ev, R->t, &nx->stack,
					      &nx->nframes))
				nx->nframes = 0;
		}
	} else if (sp_check_result_add(&R->res, &x)) {
		return -ENOMEM;
	}
	if (!R->enforce)
		return 0;
	/* The task's own filter refuses it too, as strongly or more: its
	 * answer is what the workload gets natively (the kernel takes the
	 * strongest action, and of equal ones the newest filter's), so the
	 * call goes on to it. */
	if (ev->own_judged) {
		int own_data;

		if (sp_action_of_ret(ev->own_ret, &own_data) <= a)
			return 0;
	}
	{
		char act[64], nb[SP_SYSCALL_NAME_MAX];

		/* Only at refusals: reported as they happen. */
		sp_cli_error("refused: %s %s in pid %d",
			     sp_report_action(a, data, act, sizeof(act)),
			     sp_syscall_name_or_nr(ev->arch, ev->nr, nb),
			     (int)ev->tid);
	}
	switch (a) {
	case SP_ACT_ERRNO:
		/* ERRNO(0): the call is skipped and returns 0. */
		return data ? data : SP_SINK_SKIP;
	case SP_ACT_KILL_PROCESS:
	case SP_ACT_KILL_THREAD:
		R->killed = true;
		if (sigsys_kills(ev->tid, a == SP_ACT_KILL_THREAD)) {
			syscall(SYS_tgkill, ev->tgid, ev->tid, SIGSYS);
		} else {
			R->sigkilled = true;
			kill(ev->tgid, SIGKILL);
		}
		return ENOSYS;
	case SP_ACT_TRAP:
		syscall(SYS_tgkill, ev->tgid, ev->tid, SIGSYS);
		return ENOSYS;
	case SP_ACT_NOTIFY:
	case SP_ACT_TRACE:
	case SP_ACT_LOG:
	case SP_ACT_ALLOW:
	case SP_ACT_COUNT:
		break;
	}
	return ENOSYS;
}

/* The report's format from -o's name: .json, .md, .html, else text. */
static enum sp_report_format format_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && strcmp(dot, ".json") == 0)
		return SP_REPORT_JSON;
	if (dot && (strcmp(dot, ".md") == 0 ||
		    strcmp(dot, ".markdown") == 0))
		return SP_REPORT_MARKDOWN;
	if (dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0))
		return SP_REPORT_HTML;
	return SP_REPORT_TEXT;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint run --profile PROFILE (--audit | --enforce)\n"
		"                     [--fail-on-refusal] [--stacks[=DEPTH]] "
		"[--via PATH]\n"
		"                     [-o REPORT] [--caps LIST] [--kernel X.Y] "
		"[--filter NAME]\n"
		"                     [-q] [--] CMD [ARG]...\n\n"
		"Runs CMD under PROFILE's filter with every refusal going to "
		"sandprint\n(allowed calls never do), then reports what "
		"was refused.  Exits with\nCMD's status (2 too when sandprint "
		"fails: the report then says so);\nwith --fail-on-refusal, "
		"0 nothing refused and CMD succeeded, 1 something\nrefused, "
		"2 sandprint failed, 3 CMD failed.\n\n"
		"  -P, --profile PROFILE  an OCI, Docker/Podman or "
		"Firecracker JSON profile, a\n"
		"                         raw cBPF file, or pid:N\n"
		"      --audit            record each refusal and let the "
		"call run\n"
		"      --enforce          report each refusal as it happens "
		"and apply it\n"
		"      --fail-on-refusal  exit 1 when a call was refused (for "
		"CI), see above\n"
		"  -o, --output REPORT    write the report here (.json: JSON, "
		".md: Markdown,\n"
		"                         .html: a page, else text; default: "
		"text on stderr)\n"
		"      --caps LIST        capabilities a Docker profile is "
		"resolved for\n"
		"      --kernel X.Y       kernel a Docker profile is resolved "
		"for\n"
		"      --filter NAME      the filter of a Firecracker file "
		"(default: its only\n"
		"                         one)\n"
		"  -s, --stacks[=DEPTH]   the call site of each refusal "
		"(default depth 16)\n"
		"      --via PATH         how refusals reach sandprint: ptrace "
		"(a RET_TRACE\n"
		"                         stop; the default) or notify (a "
		"seccomp user\n"
		"                         notification; the workload is not "
		"traced)\n"
		"  -q, --quiet            no notes on stderr\n"
		"  -h, --help             show this help\n");
}

enum { OPT_AUDIT = 0x200, OPT_ENFORCE, OPT_VIA, OPT_GATE };

struct report_job {
	struct sp_report rep;
	enum sp_report_format fmt;
};

static int write_report(FILE *f, const void *arg)
{
	const struct report_job *j = arg;

	/* Its errors said by sp_file_write_atomic's diagnostic, naming the
	 * file and the descriptor's errno. */
	return sp_report_write(f, j->fmt, false, &j->rep);
}

int sp_cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'P' },
		{ "audit", no_argument, NULL, OPT_AUDIT },
		{ "enforce", no_argument, NULL, OPT_ENFORCE },
		{ "output", required_argument, NULL, 'o' },
		SP_CLI_DOCKER_LONGOPTS,
		{ "stacks", optional_argument, NULL, 's' },
		{ "via", required_argument, NULL, OPT_VIA },
		{ "fail-on-refusal", no_argument, NULL, OPT_GATE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_cli_filter filter = { 0 };
	unsigned depth = 0;
	enum sp_cli_via via = SP_VIA_DEFAULT;
	struct run R = { 0 };
	struct sp_docker_opts dopts;
	struct sp_bpf *prog = NULL;
	struct sock_fprog fprog;
	struct sp_tracer_opts opts = { 0 };
	struct sp_sink sink = { .on_syscall = on_call, .ctx = &R };
	struct sp_diag d = { 0 };
	struct report_job job = { 0 };
	struct sp_cli_docker dc = { 0 };
	const char *profile = NULL, *output = NULL;
	char error[sizeof(struct sp_diag)];
	bool gate = false;
	int mode = 0, c, stop, rc, workload, status = SP_EXIT_ERROR;

	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "+P:p:o:s::qh", longopts, usage,
				  &stop))) {
		if (sp_cli_docker_option(&dc, c, optarg))
			continue;
		switch (c) {
		case 's':
			if (sp_cli_stack_depth(optarg, &depth))
				return SP_EXIT_ERROR;
			break;
		case 'p':
			sp_cli_old_p();
			profile = optarg;
			break;
		case 'P':
			profile = optarg;
			break;
		case OPT_AUDIT:
		case OPT_ENFORCE:
			if (mode && mode != c) {
				sp_cli_error("run: --audit and --enforce "
					     "exclude each other");
				return SP_EXIT_ERROR;
			}
			mode = c;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_VIA:
			if (sp_cli_via_parse(optarg, false, &via))
				return SP_EXIT_ERROR;
			break;
		case OPT_GATE:
			gate = true;
			break;
		case 'q':
			filter.quiet = true;
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (!profile || !mode || optind >= argc)
		return sp_cli_usage_error(usage, "run: %s",
					  !profile ? "--profile is required" :
					  !mode ? "--audit or --enforce is "
						  "required" :
						  "no command given");
	if ((output && sp_cli_output_ok(output, (char *const *)&profile, 1)) ||
	    sp_cli_docker_opts(&dopts, &dc) ||
	    sp_cli_filter_load(&filter, profile, &dopts))
		return SP_EXIT_ERROR;
	opts.notify = sp_cli_via_notify(via, depth);
	if (sp_cli_filter_audit(&filter, opts.notify, &prog))
		goto out;
	sp_check_result_init(&R.res);
	R.judge.progs = filter.progs;
	R.judge.n = filter.n;
	R.enforce = mode == OPT_ENFORCE;
	R.t = sp_trace_new();
	if (!R.t) {
		sp_cli_error("run: %s", strerror(ENOMEM));
		goto out;
	}
	fprog.len = (unsigned short)prog->len;
	fprog.filter = prog->insns;
	opts.argv = argv + optind;
	opts.filter = &fprog;
	opts.judge = sp_interp_run_stack;
	if (depth) {
		rc = sp_unwinder_new(depth, &R.uw);
		if (rc) {
			sp_cli_error("run: --stacks: %s", strerror(-rc));
			goto out;
		}
		opts.unwinder = R.uw;
	}
	opts.on_privs_lost = sp_cli_say_privs_lost;
	opts.on_own_filter_untraced = sp_cli_say_own_filter_untraced;
	opts.on_no_new_privs = filter.quiet ? NULL : sp_cli_say_nnp;
	rc = sp_tracer_run(&opts, R.t, &sink, &d);
	/* The workload never ran: no report, which would say it did. */
	if (rc && R.t->end == SP_END_RUNNING) {
		sp_cli_diag(&d);
		status = rc == -ENOENT ? 127 : rc == -EACCES ? 126 :
		         SP_EXIT_ERROR;
		goto out;
	}
	if (rc) {
		/* The report then says so, and gives no workload status:
		 * sandprint stopped it. */
		sp_cli_diag(&d);
		sp_diag_format(&d, error, sizeof(error));
		job.rep.error = error;
	}
	workload = sp_trace_exit_status(R.t);
	/* Ending with the workload's status, sandprint dies of the signal
	 * it died of (cli/main.c); killed for a refused call, of SIGSYS, as
	 * the filter would have it. */
	if (!rc && (R.t->end == SP_END_SIGNALED ||
		    R.t->end == SP_END_INTERRUPTED))
		sp_cli_die_by(R.t->status);
	if (R.sigkilled && R.t->end == SP_END_SIGNALED &&
	    R.t->status == SIGKILL) {
		workload = 128 + SIGSYS;
		sp_cli_die_by(SIGSYS);
	}
	sp_check_result_sort(&R.res);
	/* The calls the filter allows never reach sandprint: what it saw,
	 * and reports as judged, is the refused ones (as ncalls counts). */
	R.res.npatterns = R.res.n;
	job.rep.result = &R.res;
	job.rep.command = R.enforce ? "run --enforce" : "run --audit";
	job.rep.profile = profile;
	job.rep.has_status = !rc;
	job.rep.status = workload;
	job.rep.note = R.sigkilled ? "the workload was killed for a refused "
				     "call (SIGKILL from sandprint; status "
				     "159 as seccomp's SIGSYS would give)" :
		       R.killed ? "the workload was killed for a refused "
				  "call (SIGSYS, as seccomp's kill)" : NULL;
	if (output) {
		job.fmt = format_of(output);
		if (sp_file_write_atomic(output, write_report, &job, &d)) {
			sp_cli_diag(&d);
			rc = -EIO;
		}
	} else if (sp_cli_report(stderr, SP_REPORT_TEXT, sp_cli_color(stderr),
				 &job.rep)) {
		rc = -EIO;
	}
	if (rc)
		status = SP_EXIT_ERROR;
	else if (gate)
		status = R.res.n ? SP_EXIT_DIFFERENT :
			 workload ? SP_EXIT_WORKLOAD_FAILED : SP_EXIT_OK;
	else
		status = workload;
out:
	sp_unwinder_free(R.uw);
	sp_trace_free(R.t);
	sp_check_result_fini(&R.res);
	sp_bpf_free(prog);
	sp_cli_filter_fini(&filter);
	return status;
}
