/* tracer/: stop classification and the task table, with made-up wait
 * statuses (the kernel's encoding: see wait(2) and ptrace(2)). */
#include <criterion/criterion.h>
#include <signal.h>
#include <sys/ptrace.h>

#include "core/array.h"
#include "tracer/lost_calls.h"
#include "tracer/stop.h"
#include "tracer/task.h"

/* A stopped status as the kernel builds it: event << 16 | sig << 8 | 0x7f */
static int stopped(int sig, int event)
{
	return event << 16 | sig << 8 | 0x7f;
}

Test(classify, seccomp_event_is_one_stop)
{
	struct sp_stop s =
		sp_classify_stop(stopped(SIGTRAP, PTRACE_EVENT_SECCOMP));

	cr_assert_eq(s.kind, SP_STOP_SECCOMP);
	cr_assert_eq(s.sig, 0);
}

Test(classify, sysgood_trap_is_a_syscall_stop)
{
	struct sp_stop s = sp_classify_stop(stopped(SIGTRAP | 0x80, 0));

	cr_assert_eq(s.kind, SP_STOP_SYSCALL);
	cr_assert_eq(s.sig, 0);
}

Test(classify, events_are_told_apart)
{
	cr_assert_eq(sp_classify_stop(stopped(SIGTRAP, PTRACE_EVENT_FORK)).kind,
		     SP_STOP_FORK);
	cr_assert_eq(
		sp_classify_stop(stopped(SIGTRAP, PTRACE_EVENT_VFORK)).kind,
		SP_STOP_VFORK);
	cr_assert_eq(
		sp_classify_stop(stopped(SIGTRAP, PTRACE_EVENT_CLONE)).kind,
		SP_STOP_CLONE);
	cr_assert_eq(sp_classify_stop(stopped(SIGTRAP, PTRACE_EVENT_EXEC)).kind,
		     SP_STOP_EXEC);
	cr_assert_eq(
		sp_classify_stop(stopped(SIGTRAP, PTRACE_EVENT_VFORK_DONE)).kind,
		SP_STOP_VFORK_DONE);
	cr_assert_eq(sp_classify_stop(stopped(SIGTRAP, PTRACE_EVENT_EXIT)).kind,
		     SP_STOP_EXIT);
}

Test(classify, event_stop_with_stop_signal_is_group_stop)
{
	int sigs[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };

	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		struct sp_stop s =
			sp_classify_stop(stopped(sigs[i], PTRACE_EVENT_STOP));

		cr_assert_eq(s.kind, SP_STOP_GROUP, "signal %d", sigs[i]);
	}
}

Test(classify, event_stop_with_sigtrap_is_a_plain_trap)
{
	/* A seized task's first stop, or after PTRACE_INTERRUPT. */
	cr_assert_eq(sp_classify_stop(stopped(SIGTRAP, PTRACE_EVENT_STOP)).kind,
		     SP_STOP_TRAP);
}

Test(classify, plain_stop_is_a_signal_to_inject)
{
	struct sp_stop s = sp_classify_stop(stopped(SIGINT, 0));

	cr_assert_eq(s.kind, SP_STOP_SIGNAL);
	cr_assert_eq(s.sig, SIGINT);
	/* A real SIGTRAP (no event bits) is a signal too. */
	s = sp_classify_stop(stopped(SIGTRAP, 0));
	cr_assert_eq(s.kind, SP_STOP_SIGNAL);
	cr_assert_eq(s.sig, SIGTRAP);
}

Test(classify, exit_and_death)
{
	struct sp_stop s = sp_classify_stop(42 << 8);

	cr_assert_eq(s.kind, SP_STOP_EXITED);
	cr_assert_eq(s.sig, 42);
	s = sp_classify_stop(SIGKILL);
	cr_assert_eq(s.kind, SP_STOP_KILLED);
	cr_assert_eq(s.sig, SIGKILL);
	s = sp_classify_stop(SIGSEGV | 0x80); /* core dumped */
	cr_assert_eq(s.kind, SP_STOP_KILLED);
	cr_assert_eq(s.sig, SIGSEGV);
}

Test(classify, unknown_event_and_continued)
{
	cr_assert_eq(sp_classify_stop(stopped(SIGTRAP, 99)).kind,
		     SP_STOP_UNKNOWN);
	cr_assert_eq(sp_classify_stop(0xffff).kind, SP_STOP_UNKNOWN);
}

Test(task, add_find_remove)
{
	struct sp_task_table tt;
	struct sp_task *t;

	sp_task_table_init(&tt);
	t = sp_task_add(&tt, 100);
	cr_assert_not_null(t);
	cr_assert_eq(t->tgid, 100);
	cr_assert_eq(t->state, SP_TASK_NEW);
	cr_assert_eq(sp_task_add(&tt, 100), t);
	/* Same bucket, different tid. */
	cr_assert_neq(sp_task_add(&tt, 100 + SP_TASK_BUCKETS), t);
	cr_assert_eq(tt.count, 2);
	sp_task_remove(&tt, 100);
	cr_assert_null(sp_task_find(&tt, 100));
	cr_assert_not_null(sp_task_find(&tt, 100 + SP_TASK_BUCKETS));
	sp_task_remove(&tt, 12345);
	cr_assert_eq(tt.count, 1);
	sp_task_table_fini(&tt);
}

/* x86_64 numbers, fixed by the ABI: close 3, read 0, clone 56, fstat 5. */
static struct sp_call_at call(int64_t nr, uint64_t ip, uint64_t a0)
{
	return (struct sp_call_at){ .arch = SP_ARCH_X86_64, .nr = nr,
				    .ip = ip, .args = { a0, 1, 2 } };
}

Test(lost_calls, call_never_read_is_lost)
{
	struct sp_call_at now = call(3, 0x1000, 4);
	struct sp_call_at before = call(5, 0x2000, 1);   /* fstat */

	cr_assert(sp_call_lost(NULL, &now));
	cr_assert(sp_call_lost(&before, &now));
	/* Same call elsewhere, or on other arguments: not the one read. */
	before = call(0, 0x1004, 4);
	now = call(0, 0x1000, 4);
	cr_assert(sp_call_lost(&before, &now));
	before = call(0, 0x1000, 5);
	cr_assert(sp_call_lost(&before, &now));
}

Test(lost_calls, read_call_that_may_wait_was_interrupted_natively)
{
	struct sp_call_at now = call(0, 0x1000, 4);     /* read */

	cr_assert_not(sp_call_lost(&now, &now));
	now = call(61, 0x1000, 4);                       /* wait4 */
	cr_assert_not(sp_call_lost(&now, &now));
}

Test(lost_calls, read_call_that_never_waits_cannot_restart_natively)
{
	/* close and fork-like clone never return -ERESTARTSYS themselves:
	 * an identical second call was lost. */
	struct sp_call_at now = call(3, 0x1000, 4);

	cr_assert(sp_call_lost(&now, &now));
	now = call(56, 0x1000, 0x1200011);
	cr_assert(sp_call_lost(&now, &now));
}

Test(lost_calls, waiting_calls_by_name)
{
	cr_assert(sp_call_may_wait(SP_ARCH_X86_64, 0));    /* read */
	cr_assert(sp_call_may_wait(SP_ARCH_X86_64, 202));  /* futex */
	cr_assert(sp_call_may_wait(SP_ARCH_X86_64, 257));  /* openat */
	cr_assert_not(sp_call_may_wait(SP_ARCH_X86_64, 3));   /* close */
	cr_assert_not(sp_call_may_wait(SP_ARCH_X86_64, 7));   /* poll */
	cr_assert_not(sp_call_may_wait(SP_ARCH_X86_64, 35));  /* nanosleep */
	/* i386 numbers differ: read is 3 there. */
	cr_assert(sp_call_may_wait(SP_ARCH_X86, 3));
	/* A number nobody names: the native reading. */
	cr_assert(sp_call_may_wait(SP_ARCH_X86_64, 4000));
}
