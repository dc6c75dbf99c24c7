/* Signals sent to sandprint while it records, and the progress timer.
 * Process-wide state: one recording at a time. */
#ifndef SP_TRACER_SIGNALS_H
#define SP_TRACER_SIGNALS_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Installs the handlers of SIGINT, SIGTERM, and of a daemon's or a
 * runtime's controls (SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH,
 * real-time signals...:
 * every catchable signal but the kernel's for sandprint's own faults,
 * writes and limits, and job control), and SIGALRM, the progress
 * timer, and SIGCHLD's default disposition (children must
 * stay waitable whatever our caller left us), saving the caller's.
 *
 * Running a command, each such signal is forwarded to the workload's main
 * process (sp_signals_forward) unless it reached the workload already: a
 * terminal's ^C (SI_KERNEL) or a kill(2) of the whole process group,
 * which signals a group's newest members first, so that by the time
 * sandprint's handler runs the workload has the signal pending, is in a
 * signal-delivery-stop for it, or was resumed with it
 * (sp_signals_delivered).  The caller's ignored signals are forwarded
 * too (the workload starts with them ignored, but may set a handler),
 * and once the workload runs those its mask blocks (sp_signals_open).
 * The same SIGINT or SIGTERM again within two seconds interrupts the
 * recording (the workload is killed), unless the caller ignored or
 * blocked it.
 * Attached to running processes, the first SIGINT, SIGTERM, SIGQUIT or
 * SIGHUP interrupts it (the controls are left as they were). */
void sp_signals_install(bool attached);

/* Called before sp_signals_install where the recorder sees the main
 * process stop: a terminal's ^Z (SIGTSTP to the foreground group,
 * sandprint with the workload) must not stop sandprint before the
 * workload has taken it: the shell would take the terminal back before
 * the workload's handler (an editor's, which puts the terminal back) has
 * run, and a traced workload waits in its signal-delivery-stop for a
 * tracer that is stopped, until the shell's "fg".  SIGTSTP is then
 * caught, and sandprint stops once the main process has
 * (sp_signals_take_stop).  Out of the group (sp_signals_step_out), its
 * stand-in's stop says the group's (sp_signals_job_stopped). */
void sp_signals_follow_stops(bool follow);

/* The signal sandprint stops with now (a SIGTSTP came, and the main
 * process has stopped, with main_stop, or is gone: one that came before
 * it went, which it took without stopping, is forgotten by
 * sp_signals_main_gone), or 0.  Taken once. */
int sp_signals_take_stop(int main_stop);

/* Stops sandprint with stop signal sig, as the kernel would have, until
 * a SIGCONT (the shell's fg or bg).  Out of the workload's process group
 * (sp_signals_step_out), sandprint stops back in it, where the shell's
 * SIGCONT to its job reaches it, and steps out again once continued. */
void sp_signals_stop_self(int sig);

/* The in-kernel recorder cannot stop a call, and a SIGKILL the workload
 * sends to its own process group (a script's "kill -KILL 0", a
 * supervisor's killpg) would kill sandprint with it, and the recording.
 * So, launching a command, sandprint leaves that group while the main
 * process runs (until sp_signals_step_in): into group into (the
 * guardian's: same session), leaving the workload in the group that was
 * sandprint's (the caller's job, whose id the terminal and the shell
 * know), held by a stand-in of sandprint's that takes the job's stops
 * (tracer/inkernel.c).  Signals sent to the group (a terminal's ^C, ^Z,
 * ^\, a shell's "kill %1", "kill -KILL %1" too, SIGHUP, the SIGCONT of
 * fg and bg) then reach the workload alone, as natively; the stand-in
 * tells sandprint of the group's SIGINT and SIGTERM (sp_signals_relay).
 * The job's stops are followed all the same: once the group was stopped
 * (sp_signals_job_stopped) and the main process has stopped, sandprint
 * stops back in the group (sp_signals_stop_self).  Out, SIGTTOU is
 * ignored by sandprint (never by the workload, started with the
 * caller's dispositions): its status line and notes on a terminal with
 * TOSTOP set, drawn while the job is in the foreground
 * (sp_signals_job_pgrp), must not stop it.  Not where sandprint leads its
 * session (setsid sandprint ...: a session's leader cannot change
 * groups), where its group is orphaned (no job control watches it:
 * setsid sh -c '...; sandprint ...'; out, sandprint in another group of
 * the session would make it not, and a ^Z the kernel drops there would
 * stop the workload for ever), where its group is outside its PID namespace (getpgrp() 0: no
 * id to come back to), nor where it is a PID namespace's init (unshare
 * -pf sandprint ...: killed out of its group, its exit would wait for
 * every pid of the namespace to be freed, the group's it is in among
 * them, for ever); nor once the main process is gone: there a SIGKILL to
 * the group kills sandprint, as one to a stopped job does.  Whether
 * sandprint is out (false: it stays where it is). */
bool sp_signals_step_out(pid_t into);

/* Back into the group left (sp_signals_step_out), once the main process
 * is reaped, before its stand-in goes (it keeps a group sandprint did not
 * lead in being: producer | sandprint ...): the job is over, and a signal
 * to the group (a terminal's ^C) is for sandprint again, which passes it
 * on to the processes left (sp_signals_main_gone).  Into the one sandprint led (its own pid:
 * always its to lead), or the one it was in, unless every member is gone
 * (killed by the workload: natively sandprint would have died with them),
 * then into a group of its own. */
void sp_signals_step_in(void);

/* The process group of sandprint's job: the one it left
 * (sp_signals_step_out), else its own. */
pid_t sp_signals_job_pgrp(void);

/* In the stand-in (tracer/inkernel.c), sandprint's child in the job's
 * group while sandprint is out of it: a SIGINT or SIGTERM sent to the
 * group by anyone but the workload (a terminal's ^C, timeout(1)'s
 * SIGTERM to its group) is relayed to sandprint, pid to, with who sent
 * it (sigqueue(3) of SIGRTMAX, queued: two are never one), so that it means what it meant with sandprint in
 * the group: the user's end (sp_signals_stop_asked: record --repeat runs
 * no more), the same again within two seconds "stop now", never
 * forwarded (it reached the workload). */
void sp_signals_relay(pid_t to);

/* Whether sp_signals_relay relays sig: the stand-in never ignores it
 * meanwhile, which would drop one the group got before it ran (a ^C as
 * soon as the workload started, under load). */
bool sp_signals_relayed(int sig);

/* In sandprint: the stand-in whose relayed signals are taken as sent to
 * the group (sp_signals_relay); 0: none. */
void sp_signals_stand_in(pid_t pid);

/* The workload's process group was stopped by sig (SIGTSTP from a
 * terminal's ^Z, SIGSTOP from a shell's "kill -STOP %1"...) or
 * continued (0): sandprint stops once the main process has stopped
 * (sp_signals_take_stop), as with a SIGTSTP sent to sandprint. */
void sp_signals_job_stopped(int sig);

/* Puts the caller's handlers back, stops forwarding and the alarm;
 * still out of the workload's group, sandprint goes back
 * (sp_signals_step_in).  But for SIGINT, SIGTERM, SIGHUP and SIGQUIT
 * that the caller left to their default action: the recording is over,
 * and sandprint is about to write it (read what it needs, write a file
 * or a FIFO whose reader may be slow), which one of them (a ^C an
 * instant after the workload's end, a terminal's hangup, a service
 * manager's stop) would lose.  The first from now on is held: sandprint
 * finishes and dies of it at the end (sp_signals_held); a second, any of
 * the four, stops it at once ("stop now": a write blocked on a FIFO
 * nobody reads), unless it comes from the same process within half a
 * second (timeout(1) signals its child, then its group; systemd sends
 * SIGTERM, then with SendSIGHUP= SIGHUP), or is a SIGHUP (a terminal's
 * hangup: the shell's to its jobs, then the kernel's as it exits).
 * The control signals it forwarded (SIGUSR1, SIGUSR2, SIGALRM, real-time
 * ones) that the caller left to their default are dropped from now on:
 * they were the workload's, which is gone (natively its sender's kill
 * did nothing), not a reason to die with the recording unwritten. */
void sp_signals_restore(void);

/* fn (async-signal-safe; NULL: none) runs as a second signal stops
 * sandprint at once while it writes what it recorded (sp_signals_restore):
 * the recording kept where it can be, before the death. */
void sp_signals_last_word(void (*fn)(void));

/* sandprint is about to wait, nothing of its output written yet, for
 * what may never come (a FIFO's reader: sp_file_on_wait), or is done
 * waiting (false).  Meanwhile a signal held since the recording ended,
 * or the first that comes, stops sandprint at once (its last word said),
 * as natively it ends a writer blocked in that open: held "until the
 * output is written", it was never acted on (timeout(1)'s or a service
 * manager's single SIGTERM left sandprint waiting for good). */
void sp_signals_waiting(bool waiting);

/* The signal held since a recording ended (sp_signals_restore), which
 * sandprint is to die of once it has written what it recorded, or 0. */
int sp_signals_held(void);

/* In a child sandprint forked since a recording ended (the guardian of
 * record --repeat's next run): the signals held or dropped for
 * sandprint's output back at their default, as the caller left them, as in the first
 * run's. */
void sp_signals_unhold(void);

/* The signals the caller (sandprint's parent) left ignored, which the
 * workload must start with ignored too (nohup, a parent ignoring SIGCHLD). */
void sp_signals_ignored(sigset_t *set);

/* Where signals are forwarded from now on; 0: nowhere (the main process
 * was reaped and its pid may be reused by anyone).  With a pid, what the
 * caller's mask blocks is forwarded too from now on (sp_signals_open). */
void sp_signals_forward(pid_t pid);

/* The forwarded signals the caller's mask blocks, which the workload
 * started with blocked, unblocked in sandprint once there is a workload
 * to forward them to (sp_signals_forward does it; a launcher that puts
 * its mask back after it, again): sent to sandprint, each reaches the
 * workload, pending there until it unblocks it, as natively.  Blocked
 * again by sp_signals_restore. */
void sp_signals_open(void);

/* The main process was reaped: its pid may be anyone's now.  Signals
 * sent to sandprint go from now on to the processes the workload left
 * running, sandprint's children (reparented to it, the subreaper), but
 * helper (a child of sandprint's own, not the workload's; 0: none):
 * SIGINT (a terminal's ^C too) as SIGTERM, a daemon's stop; another
 * signal sent to sandprint alone as it is; nothing to one the signal
 * reached already (sandprint's process group: the terminal's, a kill of
 * the group) and that takes it (SIGTERM where it ignores SIGINT).  on_left (when not NULL) is told of those still running a
 * second later, if any, at the progress timer's tick
 * (sp_signals_progress_due), unless the recording was interrupted
 * (tracer.h). */
void sp_signals_main_gone(pid_t helper,
			  void (*on_left)(void *ctx, const pid_t *left,
					  size_t n),
			  void *ctx);

/* The loop is about to resume task tid of the workload's main process
 * from a signal-delivery-stop for sig: when sig is one sandprint
 * forwards, its sender is remembered, so that the same signal sent to
 * sandprint by the same sender (a kill of the whole process group) is not
 * forwarded as a second one; for half a second only (a signal that comes
 * later is another one). */
void sp_signals_delivered(pid_t tid, int sig);

/* For a recorder that does not trace the workload (no signal-delivery-
 * stop shows what it got): sent(pid, si) says whether process pid was
 * sent the signal of si by the same call that sent it to sandprint (a
 * kill of a group both are in), using up what it knew of it.  Called from the signal handler: it must be
 * async-signal-safe.  NULL: none (the default; reset by
 * sp_signals_restore). */
void sp_signals_witness(bool (*sent)(pid_t pid, const siginfo_t *si));

/* The signal that interrupted the recording, or 0. */
int sp_signals_interrupted(void);

/* Running a command: the SIGINT or SIGTERM sent to sandprint during the
 * last recording by someone other than the workload (a terminal's ^C, a
 * kill), the caller not ignoring it; whether or not the workload died of
 * it, the user asked for an end (record --repeat runs no more).  0:
 * none.  Kept after sp_signals_restore, until the next install. */
int sp_signals_stop_asked(void);

/* Whether the progress timer fired since the last call. */
bool sp_signals_progress_due(void);

/* Every 250 ms while on (SIGALRM: a blocked waitpid or poll returns
 * EINTR, a busy loop sees sp_signals_progress_due). */
void sp_signals_progress_timer(bool on);

#endif
