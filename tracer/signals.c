#include "tracer/signals.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/array.h"
#include "tracer/proc.h"
#include "tracer/tracer.h"

/* Signals sent to sandprint, forwarded to the workload. */
static volatile sig_atomic_t forward_pid;
/* The main process is gone: signals go to the processes it left, which
 * sandprint adopted (its children), but helper_pid. */
static volatile sig_atomic_t to_left, helper_pid;
/* Who is told of them (sp_signals_main_gone), once, and when it went. */
static void (*left_cb)(void *ctx, const pid_t *left, size_t n);
static void *left_ctx;
static struct timespec gone_at;
/* Attached to running processes: the first signal detaches them. */
static volatile sig_atomic_t attach_mode;
/* The progress timer fired (opts->on_progress). */
static volatile sig_atomic_t progress_due;
/* The signal that interrupted the recording (the same SIGINT or SIGTERM
 * again within SP_INTERRUPT_WINDOW seconds), or 0. */
static volatile sig_atomic_t interrupt_sig;
static volatile sig_atomic_t last_sig;   /* the last one that came */
/* Its sender, and whether it reached the workload itself. */
static volatile sig_atomic_t last_pid, last_uid, last_code, last_reached;
/* A SIGINT or SIGTERM that came from outside the workload while it ran
 * (sp_signals_stop_asked), or 0. */
static volatile sig_atomic_t stop_sig;
static struct timespec last_at;         /* and when */
/* The terminal of the session sandprint leads hung up (hangup()). */
static volatile sig_atomic_t hung_up;
/* sp_signals_follow_stops; and the SIGTSTP that came, or 0. */
static bool follow_stops;
static volatile sig_atomic_t stop_wanted;
/* Out of the workload's process group (sp_signals_step_out): the group
 * left, or 0, and the one sandprint is in meanwhile; SIGTTOU's
 * disposition before. */
static pid_t home_pgrp, out_pgrp;
static struct sigaction ttou_was;
/* The stand-in that relays the group's SIGINT and SIGTERM
 * (sp_signals_stand_in), or 0; in the stand-in, sandprint. */
static volatile sig_atomic_t stand_in_pid;
static pid_t relay_to;
/* Signals to forward that came before there was a workload to forward
 * them to (sp_signals_forward): between the handlers' installation and
 * the main process's start (a service manager's stop as the service
 * starts, a ^C as sandprint forks).  Dropped, the workload ran its
 * whole course where natively it had died of it at once. */
static volatile sig_atomic_t due[NSIG];
#define SP_RELAY SIGRTMAX

#define SP_INTERRUPT_WINDOW 2

/* How sandprint takes a signal (how_of). */
enum how {
	NOT_OURS,       /* left as the caller left it */
	STOPS,          /* forwarded; again within the window: stop now;
			 * attached: detaches */
	DETACHES,       /* forwarded; attached: detaches */
	CONTROL,        /* forwarded; attached: left alone */
	JOB_STOP,       /* SIGTSTP (sp_signals_follow_stops): sandprint
			 * stops after the main process */
	FAULT,          /* the kernel's for our own faults, writes and
			 * limits: as the caller left it; sent by a
			 * process, as CONTROL (own_fault) */
	CHILD,          /* set to its default (saved, not handled) */
};

/* Every signal sent to sandprint to control the workload is forwarded:
 * SIGINT, SIGTERM to stop it; the rest are a daemon's or a runtime's
 * controls (SIGQUIT the JVM's thread dump, SIGHUP a reload, SIGUSR1
 * nginx's reopen and Apache's graceful restart, SIGUSR2 an upgrade,
 * SIGWINCH Apache's graceful stop, real-time signals a service
 * manager's), which may come twice in a row and which, attached, are not
 * ours (a terminal's resize), SIGQUIT and SIGHUP aside.  What the
 * kernel raises for sandprint's own faults, writes and limits is
 * sandprint's, as its caller left it; the same signal sent by a process
 * is not (a workload's "kill -SEGV 0" to its own group, which sandprint
 * is in, must not kill sandprint, and with it the workload).  Not ours:
 * job control (a terminal stops the whole group), signals nobody sends
 * (SIGURG), and those the C library keeps for itself. */
static enum how how_of(int sig)
{
	switch (sig) {
	case SIGINT: case SIGTERM:
		return STOPS;
	case SIGQUIT: case SIGHUP:
		return DETACHES;
	case SIGCHLD:
		return CHILD;
	case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGTRAP:
	case SIGSYS: case SIGPIPE: case SIGXCPU: case SIGXFSZ:
		return FAULT;
	case SIGTSTP:
		return follow_stops ? JOB_STOP : NOT_OURS;
	case SIGKILL: case SIGSTOP: case SIGTTIN: case SIGTTOU: case SIGCONT:
	case SIGURG:
		return NOT_OURS;
	}
	return sig < 32 || (sig >= SIGRTMIN && sig <= SIGRTMAX) ? CONTROL
							      : NOT_OURS;
}

static bool forwarded(int sig)
{
	enum how h = how_of(sig);

	return h == STOPS || h == DETACHES || h == CONTROL || h == FAULT;
}

static struct sigaction old[NSIG];
static bool installed[NSIG];
static bool caller_ignored[NSIG];
/* Forwarded signals the caller's mask blocks (the workload starts with
 * them blocked): blocked in sandprint too until the workload runs, then
 * open (sp_signals_open) so that one sent to sandprint is forwarded, to
 * wait pending in the workload as natively; blocked again at
 * sp_signals_restore.  Left blocked, one stayed pending in sandprint for
 * good: a daemon that empties its mask never had the SIGTERM sent it. */
static bool caller_blocked[NSIG];
static sigset_t opened;

/* Per forwarded signal: the sender of the last signal-delivery-stop the
 * workload's main process was resumed from (sp_signals_delivered), until a
 * signal to sandprint from the same sender uses it up, or until it is too
 * old to have come with it: one kill(2) of a group signals both at once,
 * and sandprint's handler runs as soon as it is scheduled, where the same
 * sender's kill of the workload alone, then of sandprint, are two signals
 * (a trap that counts them must count two).  valid is written last, so a
 * handler that interrupts the writer sees all or nothing. */
static struct {
	volatile sig_atomic_t valid, pid, uid, code;
	struct timespec at;
} delivered[NSIG];

#define SP_DELIVERED_WINDOW_NS 500000000LL

static long long ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

/* sp_signals_witness's, or NULL. */
static bool (*witness)(pid_t pid, const siginfo_t *si);

static bool same_sender(const siginfo_t *a, const siginfo_t *b)
{
	return a->si_signo == b->si_signo && a->si_code == b->si_code &&
	       a->si_pid == b->si_pid && a->si_uid == b->si_uid;
}

/* Whether sig is in one of the signal sets of process pid's status file
 * that keys name (SigPnd, ShdPnd, SigIgn...), read under the kernel's
 * signal lock.  Async-signal-safe. */
static bool in_status_set(pid_t pid, int sig, const char *const *keys,
			  size_t nkeys)
{
	static char buf[4096];

	if (sp_proc_read(pid, "status", buf, sizeof(buf)) <= 0)
		return false;
	for (char *line = buf; line && *line;) {
		char *next = strchr(line, '\n');
		bool want = false;

		for (size_t k = 0; k < nkeys; k++)
			want |= strncmp(line, keys[k], 7) == 0;
		if (want) {
			uint64_t set = 0;

			for (char *p = line + 7; *p && *p != '\n'; p++) {
				if (*p >= '0' && *p <= '9')
					set = set << 4 | (uint64_t)(*p - '0');
				else if (*p >= 'a' && *p <= 'f')
					set = set << 4 |
					      (uint64_t)(*p - 'a' + 10);
			}
			if (set >> (sig - 1) & 1)
				return true;
		}
		line = next ? next + 1 : NULL;
	}
	return false;
}

/* Whether sig is pending for process pid: in its main thread's queue
 * (SigPnd) or the process's (ShdPnd). */
static bool pending_in(pid_t pid, int sig)
{
	static const char *const keys[] = { "SigPnd:", "ShdPnd:" };

	return in_status_set(pid, sig, keys, ARRAY_SIZE(keys));
}

/* Whether process pid ignores sig (SIG_IGN: a signal sent is dropped). */
static bool ignores(pid_t pid, int sig)
{
	static const char *const keys[] = { "SigIgn:" };

	return in_status_set(pid, sig, keys, ARRAY_SIZE(keys));
}

/* Whether fn(id, arg) holds for an entry of directory dir named by a
 * number (/proc's processes, a process's threads), each asked until one
 * does.  Async-signal-safe (getdents64, not readdir). */
static bool any_numbered(const char *dir, bool (*fn)(pid_t id, void *arg),
			 void *arg)
{
	char buf[4096];
	bool found = false;
	long n;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return false;
	while (!found && (n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n && !found;) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);
			pid_t id = 0;

			for (const char *c = e->d_name; *c >= '0' && *c <= '9'; c++)
				id = id * 10 + (*c - '0');
			found = id > 0 && fn(id, arg);
			off += e->d_reclen;
		}
	}
	close(fd);
	return found;
}

static bool task_stopped_with(pid_t tid, void *si)
{
	siginfo_t at;

	return ptrace(PTRACE_GETSIGINFO, tid, 0, &at) == 0 &&
	       same_sender(&at, si);
}

/* Whether a thread of process pid, our tracee, is in a signal-delivery-
 * stop for the signal of si, from the same sender.  Async-signal-safe. */
static bool stopped_with(pid_t pid, const siginfo_t *si)
{
	char path[64];

	sp_proc_path(path, sizeof(path), pid, "task");
	return any_numbered(path, task_stopped_with, (void *)si);
}

/* Whether the signal of si, sent to sandprint, is seen to have reached
 * process pid too, by the same call: the witness saw it, or it is
 * pending there or being delivered at a stop. */
static bool seen_in(pid_t pid, const siginfo_t *si)
{
	/* The witness first: what it saw is used up whatever else says
	 * the signal reached the workload, so that it cannot stand for a
	 * later one. */
	bool seen = witness && witness(pid, si);

	return seen || pending_in(pid, si->si_signo) || stopped_with(pid, si);
}

/* Whether the signal of si, sent to sandprint, reached the workload's
 * main process pid as well: a terminal sent it to the foreground process
 * group, or a kill(2) to the whole group, which signalled the workload
 * before sandprint (the kernel walks a group newest member first); it is
 * then pending there, or is being delivered at a stop, or was (at a stop
 * we saw, or as a recorder that does not trace saw it sent). */
static bool reached(pid_t pid, const siginfo_t *si)
{
	int i = si->si_signo;
	bool seen = seen_in(pid, si);

	if (si->si_code == SI_KERNEL || seen)
		return true;
	if (delivered[i].valid) {
		struct timespec now;
		bool same = delivered[i].pid == si->si_pid &&
			    delivered[i].uid == (sig_atomic_t)si->si_uid &&
			    delivered[i].code == si->si_code;

		clock_gettime(CLOCK_MONOTONIC, &now);
		delivered[i].valid = 0;
		return same && ns_between(&delivered[i].at, &now) <=
				       SP_DELIVERED_WINDOW_NS;
	}
	return false;
}

/* Whether si was sent by a process of the workload (every one descends
 * from sandprint; attached ones do not, but then nothing is forwarded). */
static bool from_workload(const siginfo_t *si)
{
	return (si->si_code == SI_USER || si->si_code == SI_QUEUE ||
		si->si_code == SI_TKILL) &&
	       si->si_pid > 0 && sp_proc_descends(si->si_pid, getpid());
}

/* Whether si is the hangup of the terminal of the session sandprint
 * leads (ssh -t host sandprint ..., a tmux window's command, script -c):
 * the kernel sends it, with SIGCONT, to the session's leader alone, which
 * natively is the workload's main process; the terminal's foreground
 * group has its SIGHUP only when the leader exits (sp_signals_main_gone).
 * Any other SIGHUP from the kernel went to the foreground group
 * (reached()). */
static bool hangup(const siginfo_t *si)
{
	return si->si_signo == SIGHUP && si->si_code == SI_KERNEL &&
	       getsid(0) == getpid();
}

/* What the kernel does when a session's leader exits: SIGHUP to its
 * terminal's foreground process group, or after a hangup SIGHUP and
 * SIGCONT to the group that was in the foreground then (here
 * sandprint's own: the workload's, unless it made groups of its own).
 * Every member of the session descends from its leader, sandprint, whose
 * handler drops what it sent itself. */
static void hang_up_group(void)
{
	pid_t pg = getpgrp();

	if (!hung_up) {
		int fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);

		if (fd < 0)
			return;         /* no terminal, nothing sent */
		pg = tcgetpgrp(fd);
		close(fd);
	}
	if (pg <= 0)
		return;
	kill(-pg, SIGHUP);
	if (hung_up)
		kill(-pg, SIGCONT);
}

#define SP_LEFT_MAX 256

/* The main process is gone, and natively its caller would have its
 * prompt back: the processes it left (daemons, adopted by sandprint)
 * are the workload now, and a signal sent to sandprint is meant for
 * them, as a service manager sends its stop or reload to a daemon (the
 * recording then sees their shutdown, and ends when they are gone).
 * SIGINT (^C), the user's "stop", is passed on as SIGTERM, the stop
 * signal of daemons, whose SIGINT may mean something else (dnsmasq's
 * DNSSEC time check) or, left by a script, is ignored.  Another signal
 * is passed on as it is.  Nothing is passed on to one that had the
 * signal already, in the job's process group (sandprint's, or the one
 * it is out of: a relay of the stand-in's as the main process went),
 * from the terminal (to the foreground group: SI_KERNEL) or seen to have
 * it (a kill of the group), and takes it: one signal, as it gets natively, not two (its
 * SIGINT then a SIGTERM); only where it ignores SIGINT does the ^C
 * reach it as SIGTERM.  Of what a terminal sends, only ^C is passed on:
 * natively a daemon is out of the terminal's reach, and a resize's
 * SIGWINCH is Apache's graceful stop. */
static void forward_left(const siginfo_t *si)
{
	pid_t left[SP_LEFT_MAX], pgrp = sp_signals_job_pgrp(), pg;
	int sig = si->si_signo == SIGINT ? SIGTERM : si->si_signo;
	size_t n;

	if (si->si_code == SI_KERNEL && si->si_signo != SIGINT)
		return;
	n = sp_proc_children(getpid(), (pid_t)helper_pid, left, SP_LEFT_MAX);
	for (size_t i = 0; i < n && i < SP_LEFT_MAX; i++) {
		if (sp_proc_stat(left[i], NULL, NULL, &pg))
			continue;
		if (pg == pgrp &&
		    (si->si_code == SI_KERNEL || seen_in(left[i], si)) &&
		    (sig == si->si_signo || !ignores(left[i], si->si_signo)))
			continue;
		kill(left[i], sig);
	}
}

/* Whether si, the same signal again from the same sender, is the other
 * half of one stop: timeout(1) signals its child, sandprint, then its own
 * process group, which the workload is in (unless --foreground), so that
 * one of the two reached the workload itself (which sandprint's handler
 * sees first depends on when it runs).  The user's "again" is not that: a
 * terminal's second ^C, a second kill of sandprint alone.  *got: whether
 * si reached the workload. */
static bool follow_up(const siginfo_t *si, bool relayed, bool *got)
{
	if (si->si_code != SI_USER || last_code != SI_USER ||
	    si->si_pid != last_pid || (sig_atomic_t)si->si_uid != last_uid ||
	    forward_pid <= 0)
		return false;
	*got = relayed || reached((pid_t)forward_pid, si);
	return last_reached || *got;
}

/* Whether si is the kernel's for sandprint's own fault, write or limit
 * (a fault's code, SI_KERNEL; a write to a closed pipe or past
 * RLIMIT_FSIZE is sent as from sandprint itself), not a process's: it
 * then takes the action sandprint's caller left, as if no handler had
 * been there.  A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL) comes again
 * when the handler returns, at the same instruction; the others are
 * raised again, delivered once the handler returns. */
static bool own_fault(int sig, const siginfo_t *si)
{
	if (how_of(sig) != FAULT ||
	    (si->si_code <= 0 && !(si->si_code == SI_USER &&
				   si->si_pid == getpid())))
		return false;
	sigaction(sig, &old[sig], NULL);
	installed[sig] = false;
	if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE && sig != SIGILL)
		raise(sig);
	return true;
}

/* A relayed signal (relay()) and its sender: si_code, si_pid, si_uid in
 * a sigqueue(3) value: the code in 8 bits (a sender's are SI_USER, 0, and
 * negative; SI_KERNEL, 0x80, stands as 127, no sender's), whether the
 * signal is SIGTERM (else SIGINT) in one, the pid in 23 (pid_max is at
 * most 2^22), the uid in 32. */
static uint64_t relay_pack(int sig, const siginfo_t *si)
{
	int code = si->si_code == SI_KERNEL ? 127 : si->si_code;

	return (uint64_t)(uint32_t)si->si_uid << 32 |
	       (uint64_t)(uint8_t)(int8_t)code << 24 |
	       (uint64_t)(sig == SIGTERM) << 23 |
	       ((uint32_t)si->si_pid & 0x7fffff);
}

static int relay_unpack(uint64_t v, siginfo_t *si)
{
	int code = (int8_t)(uint8_t)(v >> 24);

	memset(si, 0, sizeof(*si));
	si->si_signo = v >> 23 & 1 ? SIGTERM : SIGINT;
	si->si_code = code == 127 ? SI_KERNEL : code;
	si->si_pid = (pid_t)(v & 0x7fffff);
	si->si_uid = (uid_t)(v >> 32);
	return si->si_signo;
}

/* The stand-in's handler of SIGINT and SIGTERM sent to the job's group:
 * sandprint is told who sent it (not a process of the workload: a
 * script's "kill -INT 0" is the workload's own business), by a real-time
 * signal (SP_RELAY), which is queued: two relays never merge into one.
 * A sender already gone is taken for the workload's: the signal killed
 * it too, and its parent reaped it, before this handler ran (a script's
 * sh -c 'kill -TERM 0'; told as an outsider's, it and the script's own
 * made "stop now"); an outsider that is gone as soon as it sent (kill(1)
 * run as a command) is the rarer, and the workload had its signal. */
static void relay(int sig, siginfo_t *si, void *uc)
{
	int saved = errno;

	(void)uc;
	if (!((si->si_code == SI_USER || si->si_code == SI_QUEUE ||
	       si->si_code == SI_TKILL) &&
	      si->si_pid > 0 &&
	      (sp_proc_descends(si->si_pid, relay_to) ||
	       (kill(si->si_pid, 0) < 0 && errno == ESRCH))))
		sigqueue(relay_to, SP_RELAY, (union sigval){
			.sival_ptr = (void *)(uintptr_t)relay_pack(sig, si) });
	errno = saved;
}

void sp_signals_relay(pid_t to)
{
	struct sigaction sa = { .sa_sigaction = relay,
				.sa_flags = SA_SIGINFO | SA_RESTART };

	relay_to = to;
	sigfillset(&sa.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (how_of(sig) == STOPS)
			sigaction(sig, &sa, NULL);
}

bool sp_signals_relayed(int sig)
{
	return how_of(sig) == STOPS;
}

void sp_signals_stand_in(pid_t pid)
{
	stand_in_pid = pid;
}

/* sandprint's own clock (the progress timer, the wake-up after "stop
 * now"): a POSIX timer whose SIGALRM says it is, so that a SIGALRM
 * anyone else sends (a kill, the caller's alarm() still running as
 * sandprint starts) is the workload's, forwarded as natively it would
 * have reached it; the interval timer (ITIMER_REAL) stays the caller's,
 * handed on (sp_spawn_hand_kept).  Where no POSIX timer can be made,
 * the interval timer, and every SIGALRM the kernel sends is taken as a
 * tick, as before. */
#define TICK_TAG 0x73707470 /* "sptp" */
static timer_t tick_timer;
static int tick_kind;   /* 0: not made yet, 1: the POSIX timer, -1: none */

static void tick_make(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGALRM };

	if (tick_kind)
		return;
	ev.sigev_value.sival_int = TICK_TAG;
	tick_kind = timer_create(CLOCK_MONOTONIC, &ev, &tick_timer) ? -1 : 1;
}

/* First in first_ns, then every every_ns (0: once); 0, 0: off.
 * Async-signal-safe. */
static void tick_arm(long first_ns, long every_ns)
{
	struct itimerspec ts = { { every_ns / 1000000000L,
				   every_ns % 1000000000L },
				 { first_ns / 1000000000L,
				   first_ns % 1000000000L } };
	struct itimerval it = { { ts.it_interval.tv_sec,
				  ts.it_interval.tv_nsec / 1000 },
				{ ts.it_value.tv_sec, ts.it_value.tv_nsec / 1000 } };

	if (tick_kind == 1)
		timer_settime(tick_timer, 0, &ts, NULL);
	else if (tick_kind == -1)
		setitimer(ITIMER_REAL, &it, NULL);
}

static bool is_tick(const siginfo_t *si)
{
	return tick_kind == 1 ? si->si_code == SI_TIMER &&
				si->si_value.sival_int == TICK_TAG :
				si->si_code == SI_KERNEL;
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	struct timespec now;
	siginfo_t group;
	bool relayed = false;
	int saved = errno;

	(void)uc;
	/* The stand-in's (sp_signals_relay): the job's group was sent sig,
	 * which reached the workload; taken as if it had reached sandprint
	 * in the group. */
	if (sig == SP_RELAY && si->si_code == SI_QUEUE && stand_in_pid > 0 &&
	    si->si_pid == stand_in_pid) {
		sig = relay_unpack((uint64_t)(uintptr_t)si->si_value.sival_ptr,
				   &group);
		si = &group;
		relayed = true;
	}
	if (sig == SIGALRM && is_tick(si)) { /* interrupts waitpid */
		progress_due = 1;
		goto out;
	}
	if (own_fault(sig, si))
		goto out;
	/* ^Z, or a kill of the group (an editor's own kill(0, SIGTSTP)),
	 * reached the workload too; sent to sandprint alone, it is the main
	 * process's to take.  sandprint stops after it (the loop). */
	if (how_of(sig) == JOB_STOP) {
		if (forward_pid > 0 && !from_workload(si) &&
		    !reached((pid_t)forward_pid, si))
			kill((pid_t)forward_pid, sig);
		else if (forward_pid <= 0 && !to_left)
			due[sig] = 1;
		stop_wanted = sig;
		goto out;
	}
	/* Sent by sandprint itself (hang_up_group), for the workload. */
	if (si->si_code == SI_USER && si->si_pid == getpid())
		goto out;
	if (attach_mode) {
		/* Not ours to forward: the loop detaches everything. */
		interrupt_sig = sig;
		goto out;
	}
	/* Sent by the workload itself: to a process group sandprint is in
	 * (a script's "kill 0", a supervisor's killpg of its own group),
	 * which reached the workload too, or to its parent, which natively
	 * was sandprint's caller (left alone: nothing outside the workload
	 * is touched).  Neither is the user's, so never "stop now", and
	 * never sent back to the workload; a witness that saw it is used up
	 * all the same (reached). */
	if (from_workload(si)) {
		if (forward_pid > 0)
			(void)reached((pid_t)forward_pid, si);
		goto out;
	}
	if (how_of(sig) == STOPS && !caller_ignored[sig] &&
	    !caller_blocked[sig])
		stop_sig = sig;
	/* The same signal again within the window: the user wants out,
	 * whatever the workload does with the first (ignores it, cleans up
	 * slowly).  The loop kills every task of the workload and the trace
	 * ends "interrupted".  The main process is killed here too, and an
	 * alarm is armed: if the signal came between the loop's check and its
	 * wait, one of them ends the wait. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (sig == last_sig && how_of(sig) == STOPS && !caller_ignored[sig] &&
	    !caller_blocked[sig] &&
	    ns_between(&last_at, &now) <=
				       SP_INTERRUPT_WINDOW * 1000000000LL) {
		bool got;

		if (follow_up(si, relayed, &got)) {
			/* The half sent to sandprint alone is passed on. */
			if (!got)
				kill((pid_t)forward_pid, sig);
			last_code = -1;         /* a third is "again" */
			goto out;
		}
		interrupt_sig = sig;
		if (forward_pid > 0)
			kill((pid_t)forward_pid, SIGKILL);
		tick_arm(1000000000L, 0);
		goto out;
	}
	last_sig = sig;
	last_at = now;
	last_pid = si->si_pid;
	last_uid = (sig_atomic_t)si->si_uid;
	last_code = si->si_code;
	last_reached = 0;
	if (hangup(si)) {
		hung_up = 1;
		if (forward_pid > 0) {
			kill((pid_t)forward_pid, SIGHUP);
			kill((pid_t)forward_pid, SIGCONT);
		} else if (!to_left) {
			due[SIGHUP] = 1;
		}
		/* With the main process gone, what it left in the
		 * foreground had its SIGHUP then: natively nobody leads
		 * the session any more, nothing is sent. */
	} else if (forward_pid > 0) {
		last_reached = relayed || reached((pid_t)forward_pid, si);
		if (!last_reached)
			kill((pid_t)forward_pid, sig);
	} else if (to_left) {
		forward_left(si);
	} else {
		due[sig] = 1;
	}
out:
	errno = saved;
}

void sp_signals_install(bool attached)
{
	struct sigaction sa;
	sigset_t mask;

	attach_mode = attached;
	tick_make();
	sigprocmask(SIG_BLOCK, NULL, &mask);
	sigemptyset(&opened);
	interrupt_sig = 0;
	last_sig = 0;
	stop_sig = 0;
	hung_up = 0;
	for (int i = 0; i < NSIG; i++) {
		delivered[i].valid = 0;
		due[i] = 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	/* No SA_RESTART: a signal makes waitpid fail with EINTR, so the
	 * loop sees an interruption at once. */
	sa.sa_flags = SA_SIGINFO;
	/* One handler at a time: last_at is not atomic. */
	sigemptyset(&sa.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (how_of(sig) != NOT_OURS)
			sigaddset(&sa.sa_mask, sig);
	for (int sig = 1; sig < NSIG; sig++) {
		enum how h = how_of(sig);

		caller_ignored[sig] = false;
		caller_blocked[sig] = false;
		installed[sig] = h != NOT_OURS &&
				 sigaction(sig, NULL, &old[sig]) == 0;
		if (!installed[sig])
			continue;
		if ((attached && (h == FAULT ||
				  (h == CONTROL && sig != SIGALRM &&
				   (sig == SIGWINCH ||
				    old[sig].sa_handler == SIG_IGN)))) ||
		    ((h == FAULT || h == JOB_STOP) &&
		     old[sig].sa_handler == SIG_IGN)) {
			/* Attached, the processes' signals are not ours to
			 * pass on: a control signal that would end sandprint
			 * (SIGUSR1, a real-time one) ends the recording as
			 * SIGINT does, its trace written, rather than lose
			 * it; one that would not (SIGWINCH, one the caller
			 * ignores) is left as it was.  A fault's or a
			 * stop's that the caller ignored cannot kill or
			 * stop sandprint, and the workload ignores it. */
			installed[sig] = false;
		} else if (h == CHILD) {
			struct sigaction dfl = { .sa_handler = SIG_DFL };

			sigaction(SIGCHLD, &dfl, NULL);
		} else {
			/* Ignored by our caller, the workload starts with it
			 * ignored (sp_signals_ignored), yet forwarded: what
			 * sets a handler of its own (the JVM's SIGQUIT, a
			 * server's SIGINT or SIGHUP, from a script's
			 * background job or nohup) gets it, as natively, and
			 * what still ignores it drops it.  It never means
			 * "stop now": natively nothing would stop.
			 * Attached, it is ours alone: it stops the recording. */
			caller_ignored[sig] = old[sig].sa_handler == SIG_IGN &&
					      !attached;
			/* Not a fault's: blocked, sandprint's own write to
			 * a closed pipe fails with EPIPE, as the caller
			 * left it. */
			if (!attached && h != FAULT &&
			    sigismember(&mask, sig) == 1) {
				caller_blocked[sig] = true;
				sigaddset(&opened, sig);
			}
			sigaction(sig, &sa, NULL);
		}
	}
}

void sp_signals_follow_stops(bool follow)
{
	follow_stops = follow;
	stop_wanted = 0;
}

int sp_signals_take_stop(int main_stop)
{
	int sig = stop_wanted;

	if (!sig || (!main_stop && forward_pid > 0))
		return 0;
	stop_wanted = 0;
	return main_stop ? main_stop : sig;
}

void sp_signals_stop_self(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, was;

	/* Stopped in the job's group, where its SIGCONT comes (the main
	 * process is stopped in it: it is there). */
	if (home_pgrp)
		(void)setpgid(0, home_pgrp);
	/* Delivered as raise() returns, by its default action: stopped
	 * there until SIGCONT; our handler back after it. */
	sigaction(sig, &dfl, &was);
	raise(sig);
	sigaction(sig, &was, NULL);
	if (home_pgrp)
		(void)setpgid(0, out_pgrp);
}

/* Whether process pid is a member of group *pg with a parent in another
 * group of its session. */
static bool parent_outside(pid_t pid, void *pg)
{
	pid_t ppid, ppg;
	char state;

	if (getpgid(pid) != *(pid_t *)pg ||
	    sp_proc_stat(pid, &state, &ppid, &ppg) || ppid <= 1)
		return false;
	ppg = getpgid(ppid);
	return ppg > 0 && ppg != *(pid_t *)pg && getsid(ppid) == getsid(pid);
}

/* Whether process group pg is orphaned (POSIX; the kernel's
 * will_become_orphaned_pgrp): no member has a parent in another group of
 * the same session.  Such a group's members are not stopped by SIGTSTP,
 * SIGTTIN or SIGTTOU (there is nobody to continue them).  Read from
 * /proc: a member or parent we cannot see (another PID namespace's)
 * counts for nothing, as the kernel leaves init's children out. */
static bool group_orphaned(pid_t pg)
{
	pid_t ppid = getppid(), ppg;
	char state;

	/* sandprint is a member, and so are its ancestors up to the first
	 * in another group: that one in the session (an interactive
	 * shell, a script's parent) answers at once, without a scan of
	 * every process of the host. */
	for (int up = 0; up < 64 && ppid > 1; up++) {
		ppg = getpgid(ppid);
		if (ppg <= 0)
			break;
		if (ppg != pg) {
			if (getsid(ppid) == getsid(0))
				return false;
			break;
		}
		if (sp_proc_stat(ppid, &state, &ppid, NULL))
			break;
	}
	return !any_numbered("/proc", parent_outside, &pg);
}

bool sp_signals_step_out(pid_t into)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	pid_t own = getpgrp();

	/* An orphaned group would not be once sandprint, the workload's
	 * parent, is in another group of the session: a SIGTSTP the
	 * workload sends its group (an editor's ^Z, where no shell does job
	 * control: setsid sh -c 'sandprint ...'), dropped natively, would
	 * stop it with nobody to continue it. */
	if (home_pgrp || into <= 0 || own <= 0 || into == own ||
	    getpid() == 1 || getsid(0) == getpid() || group_orphaned(own) ||
	    setpgid(0, into))
		return false;
	home_pgrp = own;
	out_pgrp = into;
	sigaction(SIGTTOU, &ign, &ttou_was);
	return true;
}

pid_t sp_signals_job_pgrp(void)
{
	return home_pgrp ? home_pgrp : getpgrp();
}

void sp_signals_job_stopped(int sig)
{
	stop_wanted = sig;
}

void sp_signals_step_in(void)
{
	if (!home_pgrp)
		return;
	if (setpgid(0, home_pgrp == getpid() ? 0 : home_pgrp))
		(void)setpgid(0, 0);
	sigaction(SIGTTOU, &ttou_was, NULL);
	home_pgrp = 0;
	out_pgrp = 0;
}

/* The recording is over and sandprint writes it (sp_signals_held): the
 * first of these signals since, or 0; who sent it, and when. */
static const int held_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static volatile sig_atomic_t held_sig, held_pid, held_code;
static struct timespec held_at;
/* sandprint waits for what may never come (sp_signals_waiting). */
static volatile sig_atomic_t waiting_on;
/* What on_held runs before a "stop now" (sp_signals_last_word). */
static void (*volatile last_word)(void);

void sp_signals_last_word(void (*fn)(void))
{
	last_word = fn;
}

/* "Stop now": the last word, then the death by sig, without a core file
 * (the workload's would be clobbered by ours).  Async-signal-safe. */
static void stop_now(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	struct rlimit nocore = { 0, 0 };
	sigset_t set;

	if (last_word)
		last_word();
	setrlimit(RLIMIT_CORE, &nocore);
	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

/* The first of held_sigs once the recording is over is kept for the end
 * (sp_signals_held); a second is "stop now": sandprint dies of it at
 * once, without a core file (the workload's would be clobbered by ours).
 * One from the same process within half a second is no second: it is
 * part of one stop, timeout(1)'s to its child and then to its process
 * group, a service manager's SIGTERM then SIGHUP (systemd's SendSIGHUP=,
 * to the main process and then to its cgroup).  Nor is a SIGHUP ever one:
 * a terminal's hangup comes as several, from several senders (the shell
 * sends it on to its jobs, then the kernel to the group that was in the
 * foreground as the shell, the session's leader, exits); nobody asks to
 * stop now by hanging up twice. */
static void on_held(int sig, siginfo_t *si, void *uc)
{
	struct timespec now;

	(void)uc;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (waiting_on) {
		stop_now(sig);
		return;
	}
	if (!held_sig) {
		held_sig = sig;
		held_pid = si->si_pid;
		held_code = si->si_code;
		held_at = now;
		return;
	}
	if (sig == SIGHUP)
		return;
	if (si->si_code == SI_USER &&
	    held_code == SI_USER && si->si_pid > 0 &&
	    si->si_pid == held_pid &&
	    ns_between(&held_at, &now) <= SP_DELIVERED_WINDOW_NS)
		return;
	stop_now(sig);
}

void sp_signals_waiting(bool waiting)
{
	waiting_on = waiting;
	if (waiting && held_sig)
		stop_now(held_sig);
}

/* A control signal (SIGUSR1, SIGUSR2, SIGALRM, a real-time one) sent
 * to sandprint once the recording is over: it was the workload's, which
 * is gone, and natively its sender's kill of the workload did nothing.
 * Left to the caller's default, it killed sandprint as it wrote what it
 * recorded (a logrotate's SIGUSR1 as the service ends): the recording
 * lost, a death by a signal nobody meant for it.  Dropped. */
static void on_late(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
}

/* From the end of the recording: held_sigs the caller left to their
 * default action go to on_held, in on_signal's place (no instant of the
 * default between them), restarting what they interrupt (a FIFO's open,
 * a write), and the control signals it forwarded to on_late; one the
 * caller ignored stays ignored, one sandprint handles itself (a run of
 * record --repeat after the first: on_held or on_late, saved) handled.
 * Whether sig was taken. */
static bool hold_stop(int sig)
{
	struct sigaction sa = { .sa_sigaction = on_held,
				.sa_flags = SA_SIGINFO | SA_RESTART }, cur;
	bool held = false;

	for (size_t i = 0; i < ARRAY_SIZE(held_sigs); i++)
		held |= held_sigs[i] == sig;
	if (!held && installed[sig] &&
	    how_of(sig) == CONTROL)
		sa.sa_sigaction = on_late;
	else if (!held)
		return false;
	if (installed[sig])
		cur = old[sig];
	else if (sigaction(sig, NULL, &cur))
		return false;
	if ((cur.sa_flags & SA_SIGINFO) || cur.sa_handler != SIG_DFL)
		return false;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(held_sigs); i++)
		sigaddset(&sa.sa_mask, held_sigs[i]);
	return sigaction(sig, &sa, NULL) == 0;
}

void sp_signals_unhold(void)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, cur;

	for (size_t i = 0; i < ARRAY_SIZE(held_sigs); i++)
		if (sigaction(held_sigs[i], NULL, &cur) == 0 &&
		    (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_held)
			sigaction(held_sigs[i], &dfl, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP &&
		    sigaction(sig, NULL, &cur) == 0 &&
		    (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_late)
			sigaction(sig, &dfl, NULL);
}

int sp_signals_held(void)
{
	return held_sig;
}

void sp_signals_witness(bool (*sent)(pid_t pid, const siginfo_t *si))
{
	witness = sent;
}

void sp_signals_restore(void)
{
	/* The caller's mask first: one it blocks that comes from now on
	 * stays pending, as before the workload ran. */
	sigprocmask(SIG_BLOCK, &opened, NULL);
	sigemptyset(&opened);
	witness = NULL;
	forward_pid = 0;
	to_left = 0;
	helper_pid = 0;
	left_cb = NULL;
	attach_mode = 0;
	stop_wanted = 0;
	tick_arm(0, 0);
	for (int sig = 1; sig < NSIG; sig++)
		if (!hold_stop(sig) && installed[sig])
			sigaction(sig, &old[sig], NULL);
	follow_stops = false;
	sp_signals_step_in();
}

void sp_signals_ignored(sigset_t *set)
{
	sigemptyset(set);
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction now;
		/* Handled by sandprint, the caller's was saved: not asked
		 * again (64 system calls at each start). */
		bool ign = installed[sig] ?
				   old[sig].sa_handler == SIG_IGN :
				   sigaction(sig, NULL, &now) == 0 &&
					   now.sa_handler == SIG_IGN;

		if (ign)
			sigaddset(set, sig);
	}
}

void sp_signals_forward(pid_t pid)
{
	sigset_t all, was;

	if (pid <= 0) {
		forward_pid = pid;
		return;
	}
	/* What came before it started is its now, once (a signal still
	 * pending there reached it already: the terminal's, to the group
	 * it was forked into); the handler meanwhile waits (pending_in's
	 * buffer is its too), then forwards what comes itself. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &was);
	forward_pid = pid;
	for (int sig = 1; sig < NSIG; sig++) {
		if (!due[sig])
			continue;
		due[sig] = 0;
		if (pending_in(pid, sig))
			continue;
		kill(pid, sig);
		if (sig == SIGHUP && hung_up)
			kill(pid, SIGCONT);
	}
	sigprocmask(SIG_SETMASK, &was, NULL);
	sp_signals_open();
}

void sp_signals_open(void)
{
	if (forward_pid > 0 && !attach_mode)
		sigprocmask(SIG_UNBLOCK, &opened, NULL);
}

void sp_signals_main_gone(pid_t helper,
			  void (*on_left)(void *ctx, const pid_t *left,
					  size_t n),
			  void *ctx)
{
	forward_pid = 0;
	/* A ^Z the main process took without stopping (a handler of its
	 * own) is over with it: sandprint must not stop for it now (the
	 * shell would see a job stopped that natively ended). */
	stop_wanted = 0;
	helper_pid = helper;
	to_left = 1;
	left_cb = on_left;
	left_ctx = ctx;
	clock_gettime(CLOCK_MONOTONIC, &gone_at);
	/* sandprint leads the session in the main process's place: what
	 * its exit does to the terminal's foreground group, natively the
	 * kernel's, is sandprint's to do. */
	if (!attach_mode && getsid(0) == getpid())
		hang_up_group();
}

/* A second after the main process went: what still runs then is no
 * child on its way out (workers the main process stopped without waiting
 * for them, a pipeline's last command), and an interruption kills it. */
#define SP_LEFT_AFTER_NS 1000000000LL

static void say_left(void)
{
	pid_t left[SP_TRACER_LEFT_SHOWN];
	struct timespec now;
	size_t n;

	if (!left_cb || interrupt_sig)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ns_between(&gone_at, &now) < SP_LEFT_AFTER_NS)
		return;
	n = sp_proc_children(getpid(), (pid_t)helper_pid, left,
			     ARRAY_SIZE(left));
	if (n)
		left_cb(left_ctx, left, n);
	left_cb = NULL;
}

void sp_signals_delivered(pid_t tid, int sig)
{
	siginfo_t si;

	if (sig <= 0 || sig >= NSIG || !forwarded(sig) ||
	    ptrace(PTRACE_GETSIGINFO, tid, 0, &si))
		return;
	delivered[sig].valid = 0;
	delivered[sig].pid = si.si_pid;
	delivered[sig].uid = (sig_atomic_t)si.si_uid;
	delivered[sig].code = si.si_code;
	clock_gettime(CLOCK_MONOTONIC, &delivered[sig].at);
	delivered[sig].valid = 1;
}

int sp_signals_interrupted(void)
{
	return interrupt_sig;
}

int sp_signals_stop_asked(void)
{
	return stop_sig;
}

bool sp_signals_progress_due(void)
{
	if (!progress_due)
		return false;
	progress_due = 0;
	say_left();
	return true;
}

void sp_signals_progress_timer(bool on)
{
	progress_due = 0;
	tick_arm(on ? 250000000L : 0, on ? 250000000L : 0);
}
