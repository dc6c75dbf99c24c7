#!/bin/bash
# late_signal.sh - a SIGINT, SIGTERM (or SIGHUP, SIGQUIT) that reaches
# sandprint once the workload has ended, while it writes what it recorded:
# the first is held until the output is written, then sandprint dies of
# it (the caller sees the signal's death, WIFSIGNALED, as it would have);
# a second stops it at once (a write blocked on a FIFO nobody reads).
# Before, the first killed sandprint there and then: the recording the
# user waited for was lost.
#
# The window is held open, never hit by timing: sandprint blocks writing
# into a pipe the test holds full and unread, either its output (a FIFO
# of one page, -o) or its standard error (pre-filled, where a note comes
# after the workload's end and before the output is written); the test
# signals it there, waits until the signal is taken (its handler ran, or
# it died of it: before that the kernel would fill the room a read makes),
# then reads the pipe to its end.  The oracles: the output parses whole
# (JSON), the wait status is the kernel's.
#
# And one that comes before the workload has started is the workload's
# once it has (early).
#
# Usage: late_signal.sh SANDPRINT PROGDIR
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
sp_begin late_signal root
# A trace kept by generate goes here, not into the host's /tmp.
export TMPDIR=$WORK

# held MODE WHERE CMD...: runs CMD with WHERE (fifo:NAME, CMD's -o; or
# stderr) a pipe of one page (many_patterns 1000's trace is larger than
# a 64 KiB page) it fills and blocks on, then signals it by MODE: once
# (SIGINT), again (SIGINT, taken, then SIGTERM from another process:
# "stop now"), halves (SIGTERM twice from one process, as timeout(1)
# sends its child and its group), termhup (SIGTERM then SIGHUP from one
# process, as systemd's stop with SendSIGHUP=), attached (CMD's READY is
# a --ready-fd: once it is ready, a line to fd 7, and "done" read from
# fd 8, on_fifos' process, then SIGINT, which ends a -p recording, then
# as once).  IGN in the environment: CMD starts with SIGINT ignored;
# SIG: once's signal, not SIGINT.  Prints "full status FORMAT" (FORMAT:
# the output's "format", "truncated" where it does not parse; the wait
# status as Python's: -N for signal N); stderr's text, filler aside, in
# held.err.
held() {
	python3 - "$@" <<'PY'
import fcntl, json, os, signal, struct, subprocess, sys, time
mode, where, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
F_SETPIPE_SZ, F_GETPIPE_SZ, FIONREAD = 1031, 1032, 0x541B
if where.startswith("fifo:"):
    fifo = where[5:]
    if os.path.lexists(fifo):
        os.unlink(fifo)
    os.mkfifo(fifo)
    r = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    w = None
else:
    r, w = os.pipe()
    fcntl.fcntl(r, fcntl.F_SETFL, os.O_NONBLOCK)
fcntl.fcntl(r, F_SETPIPE_SZ, 4096)
cap = fcntl.fcntl(r, F_GETPIPE_SZ)
if w is not None:
    # Room for the workload's lines (edge_nested_ptrace's 26 bytes), not
    # for sandprint's note after them.
    os.write(w, b"x" * (cap - 64))
ready_r, ready_w = os.pipe()
cmd = [str(ready_w) if a == "READY" else a for a in cmd]
def start():
    # The caller's SIGINT as asked, not as this test was given it (a
    # shell's background job starts with SIGINT and SIGQUIT ignored).
    signal.signal(signal.SIGINT,
                  signal.SIG_IGN if os.environ.get("IGN") else signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=w,
                     pass_fds=(ready_w,), preexec_fn=start)
os.close(ready_w)
if w is not None:
    os.close(w)

# Popen.send_signal: never to a pid reaped (poll) and maybe reused.
def queued():
    return struct.unpack("i", fcntl.ioctl(r, FIONREAD, b"\0" * 4))[0]

def taken(sig):
    """Until sandprint has taken sig: its handler ran, or it died of it."""
    for _ in range(600):
        if p.poll() is not None:
            return
        try:
            for line in open("/proc/%d/status" % p.pid):
                if line.startswith("ShdPnd:") and \
                   not int(line.split()[1], 16) >> (sig - 1) & 1:
                    return
        except OSError:
            return
        time.sleep(0.05)

if mode == "attached":
    # Recording: the process attached to (on_fifos, fds 7 and 8) runs
    # many_patterns and says "done".
    os.read(ready_r, 64)
    os.write(7, b"go\n")
    out = b""
    while b"done" not in out:
        b = os.read(8, 64)
        if not b:
            break
        out += b
    p.send_signal(signal.SIGINT)
    taken(signal.SIGINT)
    mode = "once"
def blocked():
    """sandprint waits in a write to a pipe with room left, less than
    what it writes: a line of its own is one write, whole or not yet
    (up to a pipe's PIPE_BUF the kernel writes none of it until it
    fits)."""
    try:
        with open("/proc/%d/wchan" % p.pid) as f:
            return f.read().endswith("pipe_write")  # anon_pipe_write too
    except OSError:
        return False

for _ in range(1200):
    if queued() >= cap or blocked() or p.poll() is not None:
        break
    time.sleep(0.05)
full = "full" if queued() >= cap or blocked() else "not-full"
if p.poll() is None:
    if mode == "once":
        once = getattr(signal, os.environ.get("SIG", "SIGINT"))
        p.send_signal(once)
        taken(once)
    elif mode == "halves":
        p.send_signal(signal.SIGTERM)
        p.send_signal(signal.SIGTERM)
        taken(signal.SIGTERM)
    elif mode == "termhup":
        p.send_signal(signal.SIGTERM)
        p.send_signal(signal.SIGHUP)
        taken(signal.SIGHUP)
    elif mode == "again":
        p.send_signal(signal.SIGINT)
        taken(signal.SIGINT)
        other = os.fork()           # another sender: never part of one stop
        if other == 0:
            os.kill(p.pid, signal.SIGTERM)
            os._exit(0)
        os.waitpid(other, 0)
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            full += "-still-running"
fcntl.fcntl(r, fcntl.F_SETFL, 0)
data = b""
while True:
    b = os.read(r, 65536)
    if not b:
        break
    data += b
st = p.wait()
if w is None:
    try:
        fmt = json.loads(data).get("format")
    except ValueError:
        fmt = "truncated"
else:
    fmt = "-"
    with open("held.err", "wb") as f:
        f.write(data.lstrip(b"x"))
print("%s %d %s" % (full, st, fmt))
PY
}

# --- the output a FIFO: signalled while it is written ----------------------
for via in ptrace notify bpf; do
	got=$(held once fifo:t.json "$SP" record -q --via $via -o t.json -- "$PROGS/many_patterns" 1000)
	[ "$got" = "full -2 sandprint-trace" ] &&
		ok "sigint_while_the_trace_is_written_finishes_it_then_dies_of_it_via_$via" ||
		bad "sigint_while_the_trace_is_written_finishes_it_then_dies_of_it_via_$via" "$got"
	# ... the recording kept in $TMPDIR all the same, and named (it
	# was lost without a word).
	rm -f sandprint-*.trace.json
	got=$(held again fifo:t.json "$SP" record -q --via $via -o t.json -- "$PROGS/many_patterns" 1000 2>again.err)
	kept=$(sed -n "s/^sandprint: interrupted: the recording is kept in \(.*\) ('sandprint profile' makes its profile)$/\1/p" again.err)
	got="$got $(jq -r .format "${kept:-none}" 2>&1)"
	[ "$got" = "full -15 truncated sandprint-trace" ] &&
		ok "a_second_signal_while_writing_stops_at_once_the_recording_kept_via_$via" ||
		bad "a_second_signal_while_writing_stops_at_once_the_recording_kept_via_$via" "$got: $(cat again.err)"
done
# (Sent back to back, the two may merge into one pending signal: then
# the case shows that nothing is lost; where the first was taken before
# the second came, that the second is no "stop now".)
got=$(held halves fifo:t.json "$SP" record -q --via bpf -o t.json -- "$PROGS/many_patterns" 1000)
[ "$got" = "full -15 sandprint-trace" ] &&
	ok one_senders_two_sigterms_are_one_stop ||
	bad one_senders_two_sigterms_are_one_stop "$got"
# systemd's stop with SendSIGHUP=: SIGTERM, SIGCONT, SIGHUP, from PID 1
# back to back.  One stop: the trace written, then death by the one taken
# first (either: both pending, the lower number is delivered first).
got=$(held termhup fifo:t.json "$SP" record -q --via bpf -o t.json -- "$PROGS/many_patterns" 1000)
case $got in
"full -15 sandprint-trace" | "full -1 sandprint-trace")
	ok one_senders_sigterm_and_sighup_are_one_stop ;;
*)	bad one_senders_sigterm_and_sighup_are_one_stop "$got" ;;
esac
# The caller's SIGINT ignored stays ignored: written, the workload's 0.
got=$(IGN=1 held once fifo:t.json "$SP" record -q --via ptrace -o t.json -- "$PROGS/many_patterns" 1000)
[ "$got" = "full 0 sandprint-trace" ] &&
	ok a_sigint_the_caller_ignored_stays_ignored ||
	bad a_sigint_the_caller_ignored_stays_ignored "$got"
# A control signal sandprint forwards (SIGUSR1, SIGUSR2, SIGALRM) that
# comes once the workload has ended was the workload's, which is gone:
# natively its sender's kill did nothing and the shell had the workload's
# status.  It killed sandprint (status -10) as it wrote, the trace lost.
for case in SIGUSR1:ptrace SIGUSR2:notify SIGALRM:bpf SIGUSR1:bpf; do
	IFS=: read -r sig via <<<"$case"
	got=$(SIG=$sig held once fifo:t.json "$SP" record -q --via $via -o t.json -- "$PROGS/many_patterns" 1000)
	[ "$got" = "full 0 sandprint-trace" ] &&
		ok "${sig,,}_once_the_workload_ended_is_nobodys_the_trace_written_via_$via" ||
		bad "${sig,,}_once_the_workload_ended_is_nobodys_the_trace_written_via_$via" "$got"
done
# run --audit's report (a profile that allows nothing: every call in it).
echo '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []}' >none.json
got=$(held once fifo:r.json "$SP" run -q --audit -P none.json -o r.json -- "$PROGS/many_patterns" 1000)
[ "$got" = "full -2 sandprint-report" ] &&
	ok run_audit_report_written_then_death_by_sigint ||
	bad run_audit_report_written_then_death_by_sigint "$got"
# -p: the first SIGINT ends the recording (by design), once the process
# attached to has run many_patterns; the next, while the trace is
# written, is held as after a command.
for via in ptrace bpf; do
	on_fifos zp sh -c 'echo started; read -r x; "$0" 1000; echo done; read -r x' "$PROGS/many_patterns"
	got=$(held attached fifo:t.json "$SP" record -q --via $via --ready-fd READY -o t.json -p "$started")
	exec 7>&- 8<&-
	wait "$started"
	[ "$got" = "full -2 sandprint-trace" ] &&
		ok "attached_recording_written_despite_a_second_sigint_via_$via" ||
		bad "attached_recording_written_despite_a_second_sigint_via_$via" "$got"
done

# --- a terminal's ^C while the trace is written -----------------------------
# tests/ptyjob.py's job-control shell runs record as its foreground job;
# the workload has ended (with --via bpf, sandprint is back in the job's
# group, out of which it recorded): the terminal's ^C reaches sandprint
# alone.  The shell sees the job die of SIGINT, the trace whole.
for via in ptrace bpf; do
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$HERE python3 - "$SP" $via "$PROGS/many_patterns" <<'PY' >tty.out 2>&1
import os, signal, sys
from ptyjob import Pty, control, start_job, ended, taken, page_fifo, \
    wait_full, json_format
t = Pty()
r = page_fifo("tty.json")
rfd, wfd = os.pipe()
shell = os.fork()
if shell == 0:
    os.close(rfd)
    signal.alarm(120)
    control(t.slave)
    job = start_job(t.slave, [sys.argv[1], "record", "-q", "--via", sys.argv[2],
                              "-o", "tty.json", "--", sys.argv[3], "1000"])
    os.write(wfd, b"%d" % job)
    os.close(wfd)
    _, st = os.waitpid(job, 0)
    os.tcsetpgrp(t.slave, os.getpgrp())
    os.write(t.slave, b"shell: %s\n" % ended(st))
    os._exit(0)
os.close(t.slave)
os.close(wfd)
job = int(os.read(rfd, 32) or 0)
wait_full(r)
os.write(t.master, b"\x03")
# Taken (or died of) before the pipe is read.
taken(job, signal.SIGINT)
fmt = json_format(r)
t.read_for(30, b"shell:")
os.waitpid(shell, 0)
print(fmt, t.out.decode(errors="replace").replace("\r", "").replace("^C", "").strip())
PY
	got=$(cat tty.out)
	[ "$got" = "sandprint-trace shell: signal 2" ] &&
		ok "terminal_sigint_while_the_trace_is_written_finishes_it_via_$via" ||
		bad "terminal_sigint_while_the_trace_is_written_finishes_it_via_$via" "$got"
done

# --- a terminal's hangup while the trace is written -------------------------
# The terminal goes (its window closed): the kernel sends SIGHUP to the
# session's leader, the shell, which sends it on to its jobs, as bash
# does, and exits; as the leader exits, the kernel sends SIGHUP to the
# group that was in the foreground.  One hangup, two SIGHUPs from two
# senders: the second was "stop now", the trace lost.  (The shell waits
# until sandprint took its SIGHUP before it exits: the two never merge.)
# sandprint, orphaned, is this test's (a subreaper's) to wait for.
for via in ptrace bpf; do
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$HERE python3 - "$SP" $via "$PROGS/many_patterns" <<'PY' >hup.out 2>&1
import ctypes, os, signal, sys
from ptyjob import Pty, control, start_job, ended, taken, page_fifo, \
    wait_full, json_format
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)         # PR_SET_CHILD_SUBREAPER
t = Pty()
r = page_fifo("hup.json")
rfd, wfd = os.pipe()
shell = os.fork()
if shell == 0:
    os.close(rfd)
    os.close(t.master)                          # the terminal's, to close
    signal.alarm(120)
    control(t.slave)
    job = start_job(t.slave, [sys.argv[1], "record", "-q", "--via", sys.argv[2],
                              "-o", "hup.json", "--", sys.argv[3], "1000"])
    def hangup(sig, frame):
        os.killpg(job, signal.SIGHUP)
        taken(job, signal.SIGHUP)
        os._exit(0)
    signal.signal(signal.SIGHUP, hangup)
    os.write(wfd, b"%d" % job)
    os.close(wfd)
    os.waitpid(job, 0)
    os._exit(0)
os.close(t.slave)
os.close(wfd)
job = int(os.read(rfd, 32) or 0)
wait_full(r)
os.close(t.master)
os.waitpid(shell, 0)
taken(job, signal.SIGHUP)
fmt = json_format(r)
_, st = os.waitpid(job, 0)
print(fmt, ended(st).decode())
PY
	got=$(cat hup.out)
	[ "$got" = "sandprint-trace signal 1" ] &&
		ok "terminal_hangup_while_the_trace_is_written_finishes_it_via_$via" ||
		bad "terminal_hangup_while_the_trace_is_written_finishes_it_via_$via" "$got"
done

# --- before the output: sandprint's note on a full stderr ------------------
# edge_nested_ptrace's ptrace calls fail under the ptrace path, which
# sandprint notes once the workload is gone, before it writes anything.
rm -f t.json
got=$(held once stderr "$SP" record --via ptrace -o t.json -- "$PROGS/edge_nested_ptrace")
[ "$got" = "full -2 -" ] && [ "$(jq -r .format t.json 2>&1)" = sandprint-trace ] &&
	ok sigint_after_the_workloads_end_still_writes_the_trace ||
	bad sigint_after_the_workloads_end_still_writes_the_trace "$got $(jq -r .format t.json 2>&1) $(cat held.err)"
set -- t.json.tmp-*
[ ! -e "$1" ] && ok no_temporary_left_by_a_held_signal || bad no_temporary_left_by_a_held_signal "$*"
# generate: taken as one during the analysis is, the recording kept.
rm -f p.json sandprint-*.trace.json
got=$(held once stderr "$SP" generate --via ptrace -o p.json -- "$PROGS/edge_nested_ptrace")
kept=$(sed -n 's/^sandprint: interrupted: the recording is kept in \(.*\) (.*/\1/p' held.err)
[ "$got" = "full -2 -" ] && [ -n "$kept" ] && [ "$(jq -r .format "$kept" 2>&1)" = sandprint-trace ] &&
	[ ! -e p.json ] &&
	ok generate_sigint_after_the_workloads_end_keeps_the_recording ||
	bad generate_sigint_after_the_workloads_end_keeps_the_recording "$got kept '$kept' $(cat held.err)"
# generate's SIGQUIT (a ^\) there: the recording kept, and sandprint
# dies of it without a core file, which would clobber the workload's (as
# where a recording ends so).  Where the host writes no core file into
# the directory (a native SIGQUIT's tells: core_pattern a pipe, a hard
# limit of 0), there is nothing to see.
rm -f p.json sandprint-*.trace.json core core.*
(python3 -c 'import os, resource, signal
h = resource.getrlimit(resource.RLIMIT_CORE)[1]
resource.setrlimit(resource.RLIMIT_CORE, (h, h))
signal.signal(signal.SIGQUIT, signal.SIG_DFL)
os.kill(os.getpid(), signal.SIGQUIT)'; :) 2>/dev/null     # its shell's words
set -- core core.*
native=$( [ -e "$1" ] || [ -e "$2" ] && echo core)
rm -f core core.*
got=$(ulimit -c "$(ulimit -Hc)"; SIG=SIGQUIT held once stderr "$SP" generate --via ptrace -o p.json -- "$PROGS/edge_nested_ptrace")
kept=$(sed -n 's/^sandprint: interrupted: the recording is kept in \(.*\) (.*/\1/p' held.err)
set -- core core.*
cores=$( [ -e "$1" ] || [ -e "$2" ] && echo "$*")
[ "$got" = "full -3 -" ] && [ -n "$kept" ] && [ -z "$cores" ] &&
	ok generate_sigquit_after_the_workloads_end_leaves_no_core_file ||
	bad generate_sigquit_after_the_workloads_end_leaves_no_core_file "$got kept '$kept' cores '$cores' $(cat held.err)"
rm -f core core.*
[ -n "$native" ] || echo "note: this host writes no core file here: nothing to see" >&2
# record --repeat: no further run; the runs so far written.
rm -f t.json
got=$(held once stderr "$SP" record --repeat 3 --via ptrace -o t.json -- "$PROGS/edge_nested_ptrace")
[ "$got" = "full -2 -" ] && grep -q 'interrupted after run 1 of 3: the trace holds 1 run$' held.err &&
	[ "$(jq -r .format t.json 2>&1)" = sandprint-trace ] &&
	ok repeat_sigint_after_a_run_ends_the_repeat_written ||
	bad repeat_sigint_after_a_run_ends_the_repeat_written "$got $(cat held.err)"
# --- before the workload started: forwarded once it has ------------------
# A signal to sandprint between its handlers' installation and the main
# process's start (a service manager's stop as the service starts) had
# nowhere to go and was dropped: the workload ran its whole course where
# natively it died at once.  And one that reached the child before it
# exec'd (a ^C to the group it was forked into) was taken by the copy of
# sandprint's handler it ran, and dropped.  sandprint is sent SIGTERM
# (or its child is) at the fork of the workload (with --via bpf, of the
# stand-in, forked after the handlers too), both held there by the test;
# the workload reads a pipe the test holds open until sandprint is gone
# (or 30 s: it ran on).  The wait status is the kernel's.
early() { # TO NTH ARGS...
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$HERE python3 - "$@" <<'PY'
import os, signal, subprocess, sys
from ptyjob import traceme, signal_at_fork
to, nth, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
r, w = os.pipe()
def start():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    traceme()
p = subprocess.Popen(cmd + ["--", "sh", "-c", "read x; exit 3"], stdin=r,
                     preexec_fn=start)
os.close(r)
signal_at_fork(p.pid, nth, signal.SIGTERM, to == "child")
try:
    st = p.wait(30)
except subprocess.TimeoutExpired:
    os.close(w)
    st = p.wait()
print(st)
PY
}
for case in sandprint:ptrace:1 sandprint:notify:1 sandprint:bpf:2 child:ptrace:1 child:notify:1; do
	IFS=: read -r to via nth <<<"$case"
	rm -f early.json
	got=$(early $to $nth "$SP" record -q --via $via -o early.json)/$(jq -r .end early.json 2>&1)
	[ "$got" = "-15/signaled" ] &&
		ok "sigterm_to_${to}_as_the_workload_starts_ends_it_via_$via" ||
		bad "sigterm_to_${to}_as_the_workload_starts_ends_it_via_$via" "$got"
done

# --- the guardian of record --repeat's next run ----------------------------
# --via bpf's guardian (sandprint's child in a process group of its own)
# is forked before the run's handlers are set: from the second run on,
# it took on_held, held for sandprint's output, as its own (caught
# SIGINT, SIGTERM, SIGHUP, SIGQUIT: a SIGTERM it held, where the first
# run's died of it).  The workload says what each run's catches.
cat >guardian.sh <<'EOF'
for k in $(cat /proc/$PPID/task/$PPID/children); do
	set -- $(sed 's/^.*) //' /proc/$k/stat)
	[ "$3" = "$k" ] && sed -n 's/^SigCgt:\t*//p' /proc/$k/status
done
EOF
got=$("$SP" record -q --via bpf --repeat 2 -o g.json -- sh guardian.sh | tr '\n' ' ')
set -- $got
[ $# = 2 ] && [ "$1" = "$2" ] && ok repeat_next_runs_guardian_takes_signals_as_the_firsts ||
	bad repeat_next_runs_guardian_takes_signals_as_the_firsts "$got"

sp_end
