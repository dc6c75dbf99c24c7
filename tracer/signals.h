/* Signals sent to sandprint while it records, and the progress timer.
 * Process-wide state: one recording at a time. */
#ifndef SP_TRACER_SIGNALS_H
#define SP_TRACER_SIGNALS_H

#include <stdbool.h>
#include <sys/types.h>

/* Installs the handlers of SIGINT, SIGTERM, SIGHUP (and SIGALRM, the
 * progress timer), saving the old ones.  Running a command, each such
 * signal is forwarded to the workload's main process (sp_signals_forward)
 * unless a terminal already sent it to the whole foreground process
 * group; a second one within two seconds interrupts the recording.
 * Attached to running processes, the first one interrupts it. */
void sp_signals_install(bool attached);

/* Puts the old handlers back, stops forwarding and the alarm. */
void sp_signals_restore(void);

/* Where signals are forwarded from now on; 0: nowhere (the main process
 * was reaped and its pid may be reused by anyone). */
void sp_signals_forward(pid_t pid);

/* The signal that interrupted the recording, or 0. */
int sp_signals_interrupted(void);

/* Whether the progress timer fired since the last call. */
bool sp_signals_progress_due(void);

/* Every 250 ms while on (SIGALRM: a blocked waitpid or poll returns
 * EINTR, a busy loop sees sp_signals_progress_due). */
void sp_signals_progress_timer(bool on);

#endif
