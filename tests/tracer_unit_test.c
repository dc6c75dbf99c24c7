/* tracer/: stop classification and the task table, with made-up wait
 * statuses (the kernel's encoding: see wait(2) and ptrace(2)). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

Test(lost_calls, read_call_that_may_wait_is_left_to_what_it_would_do_now)
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
	/* msgrcv's interrupted wait is -ERESTARTNOHAND, semop's EINTR. */
	now = call(70, 0x1000, 1);
	cr_assert(sp_call_lost(&now, &now));
	now = call(65, 0x1000, 1);
	cr_assert(sp_call_lost(&now, &now));
}

Test(lost_calls, waiting_calls_by_name)
{
	cr_assert_not_null(sp_call_wait(SP_ARCH_X86_64, 0));    /* read */
	cr_assert_not_null(sp_call_wait(SP_ARCH_X86_64, 202));  /* futex */
	cr_assert_not_null(sp_call_wait(SP_ARCH_X86_64, 257));  /* openat */
	cr_assert_null(sp_call_wait(SP_ARCH_X86_64, 3));   /* close */
	cr_assert_null(sp_call_wait(SP_ARCH_X86_64, 7));   /* poll */
	cr_assert_null(sp_call_wait(SP_ARCH_X86_64, 35));  /* nanosleep */
	cr_assert_null(sp_call_wait(SP_ARCH_X86_64, 318)); /* getrandom */
	/* i386 numbers differ: read is 3 there. */
	cr_assert_not_null(sp_call_wait(SP_ARCH_X86, 3));
	/* A number nobody names: the native reading, cannot be told. */
	cr_assert_eq(sp_call_wait(SP_ARCH_X86_64, 4000)->kind, SP_WAIT_OTHER);
	/* i386's socketcall (102) stands for the socket call it names. */
	cr_assert_eq(sp_call_wait(SP_ARCH_X86, 102)->kind, SP_WAIT_MUX);
	cr_assert_eq(sp_call_wait_named("recv")->kind, SP_WAIT_FD);
}

/* What to look at, from the call's own arguments (x86_64 numbers). */
static enum sp_wait_check check(int64_t nr, uint64_t a0, uint64_t a1,
				uint64_t a2, uint64_t a3)
{
	struct sp_call_at c = { .arch = SP_ARCH_X86_64, .nr = nr,
				.args = { a0, a1, a2, a3 } };

	return sp_call_check(sp_call_wait(c.arch, c.nr), &c);
}

Test(lost_calls, check_by_arguments)
{
	/* read, write: the fd; recvfrom with MSG_DONTWAIT never sleeps. */
	cr_assert_eq(check(0, 3, 0, 1, 0), SP_CHECK_FDS);
	cr_assert_eq(check(1, 3, 0, 1, 0), SP_CHECK_FDS);
	cr_assert_eq(check(45, 3, 0, 1, MSG_DONTWAIT), SP_CHECK_NEVER);
	/* futex: FUTEX_WAIT(_PRIVATE) without a timeout sleeps on its word;
	 * with one it restarts through restart_syscall natively; a wake
	 * never sleeps. */
	cr_assert_eq(check(202, 0x1000, FUTEX_WAIT_PRIVATE, 2, 0),
		     SP_CHECK_FUTEX);
	cr_assert_eq(check(202, 0x1000, FUTEX_WAIT_BITSET, 2, 0),
		     SP_CHECK_FUTEX);
	cr_assert_eq(check(202, 0x1000, FUTEX_WAIT, 2, 0x7000),
		     SP_CHECK_NEVER);
	cr_assert_eq(check(202, 0x1000, FUTEX_WAKE, 1, 0), SP_CHECK_NEVER);
	/* wait4: the children, unless WNOHANG. */
	cr_assert_eq(check(61, (uint64_t)-1, 0, 0, 0), SP_CHECK_CHILDREN);
	cr_assert_eq(check(61, (uint64_t)-1, 0, WNOHANG, 0), SP_CHECK_NEVER);
	/* openat: the file, unless O_NONBLOCK. */
	cr_assert_eq(check(257, (uint64_t)AT_FDCWD, 0x1000, O_RDONLY, 0),
		     SP_CHECK_PATH);
	cr_assert_eq(check(257, (uint64_t)AT_FDCWD, 0x1000, O_NONBLOCK, 0),
		     SP_CHECK_NEVER);
	/* fcntl sleeps only to take a lock; flock not with LOCK_NB. */
	cr_assert_eq(check(72, 3, F_GETFL, 0, 0), SP_CHECK_NEVER);
	cr_assert_eq(check(72, 3, F_SETLKW, 0x1000, 0), SP_CHECK_UNKNOWN);
	cr_assert_eq(check(73, 3, LOCK_EX | LOCK_NB, 0, 0), SP_CHECK_NEVER);
	cr_assert_eq(check(73, 3, LOCK_EX, 0, 0), SP_CHECK_UNKNOWN);
}
