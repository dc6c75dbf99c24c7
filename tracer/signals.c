#include "tracer/signals.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/array.h"

/* Signals sent to sandprint, forwarded to the workload. */
static volatile sig_atomic_t forward_pid;
/* Attached to running processes: the first signal detaches them. */
static volatile sig_atomic_t attach_mode;
/* The progress timer fired (opts->on_progress). */
static volatile sig_atomic_t progress_due;
/* The signal that interrupted the recording (a second SIGINT, SIGTERM or
 * SIGHUP within SP_INTERRUPT_WINDOW seconds of the first), or 0. */
static volatile sig_atomic_t interrupt_sig;
static struct timespec first_sig;   /* when the last forwarded one came */

#define SP_INTERRUPT_WINDOW 2

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	struct timespec now;
	int saved = errno;

	(void)uc;
	if (sig == SIGALRM) {   /* interrupts waitpid; time for progress */
		progress_due = 1;
		goto out;
	}
	if (attach_mode) {
		/* Not ours to forward: the loop detaches everything. */
		interrupt_sig = sig;
		goto out;
	}
	/* A second signal within the window: the user wants out, whatever
	 * the workload does with the first (ignores it, cleans up slowly).
	 * The loop kills every tracee and the trace ends "interrupted".
	 * The main process is killed here too, and an alarm is armed: if
	 * the signal came between the loop's check and its waitpid, one of
	 * them makes waitpid return. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((first_sig.tv_sec || first_sig.tv_nsec) &&
	    (now.tv_sec - first_sig.tv_sec) * 1000000000LL +
			    (now.tv_nsec - first_sig.tv_nsec) <=
		    SP_INTERRUPT_WINDOW * 1000000000LL) {
		interrupt_sig = sig;
		if (forward_pid > 0)
			kill((pid_t)forward_pid, SIGKILL);
		alarm(1);
		goto out;
	}
	first_sig = now;
	/* A terminal's ^C (SI_KERNEL) already went to the whole foreground
	 * process group, the workload included: forwarding it would deliver
	 * it twice.  Signals sent to sandprint alone are passed on. */
	if (si->si_code != SI_KERNEL && forward_pid > 0)
		kill((pid_t)forward_pid, sig);
out:
	errno = saved;
}

/* SIGALRM last: not forwarded, see on_signal. */
static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGALRM };
static struct sigaction old[ARRAY_SIZE(forwarded)];

void sp_signals_install(bool attached)
{
	struct sigaction sa;

	attach_mode = attached;
	interrupt_sig = 0;
	first_sig.tv_sec = 0;
	first_sig.tv_nsec = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	/* No SA_RESTART: a signal makes waitpid fail with EINTR, so the
	 * loop sees an interruption at once. */
	sa.sa_flags = SA_SIGINFO;
	/* One handler at a time: first_sig is not atomic. */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaddset(&sa.sa_mask, forwarded[i]);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaction(forwarded[i], &sa, &old[i]);
}

void sp_signals_restore(void)
{
	forward_pid = 0;
	attach_mode = 0;
	alarm(0);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaction(forwarded[i], &old[i], NULL);
}

void sp_signals_forward(pid_t pid)
{
	forward_pid = pid;
}

int sp_signals_interrupted(void)
{
	return interrupt_sig;
}

bool sp_signals_progress_due(void)
{
	if (!progress_due)
		return false;
	progress_due = 0;
	return true;
}

void sp_signals_progress_timer(bool on)
{
	struct itimerval it = { { 0, on ? 250000 : 0 }, { 0, on ? 250000 : 0 } };

	progress_due = 0;
	setitimer(ITIMER_REAL, &it, NULL);
}
