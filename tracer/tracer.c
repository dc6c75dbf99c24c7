/* sp_tracer_run: starts the command under our filter (or attaches, with
 * opts->pids), makes sandprint the subreaper of everything it starts, and
 * runs the loop that fits: by notification (tracer/notify_loop.c) or by
 * ptrace stops (tracer/ptrace_loop.c). */
#include "tracer/tracer.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "tracer/loop.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"

/* The child's failure before exec, if it reported one (then the workload
 * never ran): L->err and L->d say what failed.  True when it did. */
static bool report_spawn_error(struct sp_loop *L, int errfd, const char *cmd,
			       const char *path)
{
	struct sp_spawn_error e;
	static const char *const stages[] = {
		"", "cannot set no_new_privs", "cannot install the filter",
	};

	if (read(errfd, &e, sizeof(e)) != (ssize_t)sizeof(e))
		return false;
	if (e.stage < 1 || e.stage > 3)
		return false;
	L->err = e.stage == 3 ? -e.err : -EPERM;
	if (e.stage == 3)
		sp_spawn_exec_diag(L->d, cmd, path, e.err);
	else
		sp_diag_set(L->d, NULL, 0, 0, NULL, "%s: %s", stages[e.stage],
			    strerror(e.err));
	return true;
}

int sp_tracer_run(const struct sp_tracer_opts *opts, struct sp_trace *t,
		  const struct sp_sink *sink, struct sp_diag *d)
{
	struct sp_loop L = { .t = t, .sink = sink, .d = d,
			     .uw = opts->unwinder,
			     .on_progress = opts->on_progress,
			     .ctx = opts->ctx,
			     .on_own_ptrace = opts->on_own_ptrace,
			     .on_hidden = opts->on_hidden,
			     .on_own_filter_untraced =
				     opts->on_own_filter_untraced,
			     .on_privs_lost = opts->on_privs_lost,
			     .on_left = opts->on_left,
			     .listener = -1, .seized = true,
			     .trace_data = opts->filter ? -1 :
							  SP_SPAWN_TRACE_DATA };
	char path[PATH_MAX], real[PATH_MAX];
	sigset_t ignored;
	bool nnp = !sp_spawn_may_skip_nnp(), notify, ran = false;
	int was_subreaper = 0, errfd = -1, rc, idx;
	struct sp_task *main_task;

	if (opts->npids) {
		rc = sp_loop_run_attached(&L, opts);
		/* attach.c ends every recording it served: one still
		 * "running" never began (a process could not be attached). */
		ran = t->end != SP_END_RUNNING;
		goto ended;
	}
	rc = sp_spawn_find(opts->argv[0], path, sizeof(path), d);
	if (rc)
		return rc;
	rc = sp_trace_set_argv(t, opts->argv);
	/* The trace names executables as /proc/PID/exe does: resolved. */
	idx = rc ? rc : sp_trace_intern_exe(t, realpath(path, real) ? real :
								    path);
	if (idx < 0) {
		sp_diag_set(d, NULL, 0, 0, NULL, "%s", strerror(-idx));
		rc = idx;
		goto ended;
	}
	t->no_new_privs = nnp;

	sp_task_table_init(&L.tasks);
	L.native = sp_arch_native();
	prctl(PR_GET_CHILD_SUBREAPER, &was_subreaper);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* Calls by user notification when asked, unless call-site stacks
	 * (which need the task in a ptrace stop) say otherwise; with a
	 * filter, untraced. */
	notify = opts->notify && !opts->unwinder;
	L.seized = !(notify && opts->filter);
	sp_signals_follow_stops(L.seized);
	sp_signals_install(false);
	sp_signals_ignored(&ignored);
	/* By notification, for the workload's own RET_TRACE; under a
	 * profile's filter, to tell the sink what the task's own filters
	 * will answer (sp_event.own_ret). */
	L.judge = notify || opts->filter ? opts->judge : NULL;
	if (opts->filter)
		L.filter = (struct sp_bpf){ opts->filter->filter,
					    opts->filter->len };
	/* Traced, each exec the kernel ignored a set-id bit of is seen
	 * (on_privs_lost); untraced, none is: said once, before. */
	if (nnp && !L.seized && opts->on_no_new_privs)
		opts->on_no_new_privs(opts->ctx);
	rc = sp_spawn(path, opts->argv, opts->filter, nnp, L.seized, &ignored,
		      &L.main_pid, &errfd, notify ? &L.listener : NULL, d);
	if (rc)
		goto out;
	sp_signals_forward(L.main_pid);
	main_task = sp_task_add(&L.tasks, L.main_pid);
	if (!main_task) {
		kill(L.main_pid, SIGKILL);
		sp_loop_fail(&L, -ENOMEM, "cannot follow the workload");
	} else {
		main_task->exe = (uint32_t)idx;
		main_task->ppid = getpid();
		main_task->spawning = true;
		/* Untraced: no exec event will add it. */
		if (!L.seized && sp_trace_add_process(t, L.main_pid,
						      main_task->ppid,
						      (uint32_t)idx))
			sp_loop_fail(&L, -ENOMEM, "cannot record a process");
	}
	t->end = SP_END_RUNNING;
	if (L.listener >= 0)
		sp_loop_serve_notify(&L);
	else
		sp_loop_serve(&L);
	if (report_spawn_error(&L, errfd, opts->argv[0], path)) {
		/* Its calls were sandprint's child's, not the workload's:
		 * the recording never began. */
		t->end = SP_END_RUNNING;
		t->status = 0;
		rc = L.err;
		goto out;
	}
	ran = true;
	if (L.err && t->end != SP_END_RUNNING)
		t->partial = true;
	/* Stopped by the user: every call up to the kill is in the trace
	 * (not partial), and it says why the workload ended. */
	if (sp_signals_interrupted() && !L.err) {
		t->end = SP_END_INTERRUPTED;
		t->status = sp_signals_interrupted();
	}
	rc = L.err;
out:
	if (errfd >= 0)
		close(errfd);
	if (L.listener >= 0)
		close(L.listener);
	sp_signals_restore();
	prctl(PR_SET_CHILD_SUBREAPER, was_subreaper);
	sp_task_table_fini(&L.tasks);
ended:
	free(L.privs_checked);
	/* The workload's end was never seen: the trace says so, never
	 * "running".  One that never ran is left SP_END_RUNNING: the caller
	 * tells it apart (and marks it so before writing it). */
	if (ran && t->end == SP_END_RUNNING) {
		t->end = SP_END_ERROR;
		t->partial = true;
	}
	return rc;
}

