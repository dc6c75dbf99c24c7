#!/bin/bash
# edge.sh - the tracer's edge cases (issue 8; the 30 cases of
# shared/validators/README.md section 5), end to end: each
# testdata/progs/edge_*.c program is recorded with
# "sandprint generate --default-action kill-process" and then run under its
# own profile in crun (tests/run-in-crun.sh --kill), expecting what the
# program does natively; then signals sent to sandprint itself.
#
# Usage: edge.sh SANDPRINT PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
# Exit 0 if all passed, 1 otherwise, 77 (skip) when not root.
#
# Where each of the 30 cases is covered (E = this file, I =
# tests/integration.sh, L = tests/tracer_live_test.c, C = tests/cli.sh,
# U = tests/edge_unit_test.c):
#   1 execve from a non-leader thread      I exec_thread, L
#   2 zombie leader                        E zombie_leader
#   3 vfork, posix_spawn                   I vfork, L
#   4 clone3 (CLONE_PIDFD)                 I clone3, L
#   5 exit_signal 0 / threads, __WALL      I clone3, I threads
#   6 first stop before the fork event     E fork_storm, erestart
#   7 CLONE_UNTRACED                       I clone_untraced, L
#   8 seccomp-stop ordering (4.8+)         C one_syscall_info_per_call; every
#                                          case here (one stop per call)
#   9 RET_TRACE without a tracer, EXITKILL C sigkill_leaves_no_tracee;
#                                          E interrupted_daemon_killed
#  10 filters inherited; NNP; setuid       E setuid_as_root (C: non-root NNP)
#  11 own filter (ERRNO, TSYNC)            I own_filter, L
#  12 own TRAP filter, SIGSYS delivered    E trap_sigsys
#  13 strict mode                          E strict
#  14 syscall -1 / out of range            E nosys (+ U: naming)
#  15 tracer-modified calls re-checked     I clone_untraced (flags rewritten,
#                                          the kernel re-runs the filter)
#  16 restart_syscall                      I signals, E stopcont
#  17 ERESTARTSYS/NOINTR/NOHAND            I signals, E erestart
#  18 group-stop, SIGSTOP/SIGCONT, LISTEN  E stopcont, nested_ptrace
#  19 SIGKILL while stopped, exit_group    E sigkill_stopped, exit_group
#  20 calls that never return              every case (exit_group, execve
#                                          in each profile)
#  21 daemons and orphans                  I daemon
#  22 Ctrl-C / signals to the tracer       C sigterm, sigkill; E hup, int,
#                                          ignored, interrupted
#  23 PR_SET_PTRACER / Yama                not applicable: sandprint never
#                                          attaches (it forks and seizes);
#                                          no Yama on this machine
#  24 nested tracing                       E nested_ptrace (native under the
#                                          in-kernel recorder)
#  25 i386 (int 0x80, 32-bit)              U (this machine cannot run i386)
#  26 x32                                  U; E nosys (an x32 number)
#  27 vDSO calls                           not runnable: no clocksource here
#                                          falls back to the system call
#  28 libc-version-dependent calls         I threads (clone3 in the profile);
#                                          a consumer's choice (ENOSYS)
#  29 runc's ENOSYS stub, libseccomp names consumer semantics, not the
#                                          tracer: tests/args.sh, check.sh
#  30 PID-namespace init semantics         E stopcont (--no-pidns), I daemon
set -u
. "$(dirname -- "$0")/lib.sh"

STEP_TIMEOUT=60
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
RUN="$HERE/run-in-crun.sh"
if [ "$(id -u)" != 0 ]; then
	echo "edge: needs root (ptrace, crun); skipping" >&2
	exit 77
fi
command -v jq >/dev/null 2>&1 || { echo "edge: jq missing" >&2; exit 2; }
sp_begin edge
chmod 755 "$WORK"

# run_to PREFIX CMD...: stdout/stderr into PREFIX.out/.err, status returned
run_to() {
	local pfx=$1
	shift
	(timeout -k 5 "$STEP_TIMEOUT" "$@" </dev/null >"$pfx.out" 2>"$pfx.err"
	 exit $?) 2>/dev/null
}
last_err() { tail -n 1 "$1" 2>/dev/null | grep -v '^seccomp-denied' | head -c 200; }
# The audit report: lines "name nr arch action comm" of THIS program (other
# tests may run at the same time and show up in the kernel log).
denied() { grep -F "\"$2\"" "$1" 2>/dev/null | awk '{ printf "%s%s(%s)", s, $1, $2; s = ", " }'; }

# check NAME EXPECT CMD...: native, then generate, then crun --kill with
# the profile: same status, same stdout.  CRUN_OPTS adds run-in-crun.sh
# options.
check() {
	local name=$1 expect=$2 rc
	shift 2
	mkdir -p "$WORK/$name" && cd "$WORK/$name" || { bad "$name" "no dir"; return; }
	run_to native "$@"; rc=$?
	[ "$rc" = "$expect" ] || { bad "$name" "native exit $rc, expected $expect: $(last_err native.err)"; return; }
	run_to gen "$SP" generate -q --default-action kill-process -o P.json -- "$@"; rc=$?
	[ "$rc" = "$expect" ] || { bad "$name" "sandprint generate exit $rc, expected $expect: $(last_err gen.err)"; return; }
	cmp -s native.out gen.out || { bad "$name" "stdout under sandprint: $(head -c 100 gen.out | tr '\n' '|')"; return; }
	# shellcheck disable=SC2086
	run_to crun "$RUN" --kill ${CRUN_OPTS:-} --report report.txt P.json -- "$@"; rc=$?
	[ "$rc" = "$expect" ] || { bad "$name" "crun --kill exit $rc, expected $expect; denied: $(denied report.txt "${1##*/}"); $(last_err crun.err)"; return; }
	cmp -s native.out crun.out || { bad "$name" "stdout in crun: $(head -c 100 crun.out | tr '\n' '|')"; return; }
	ok "$name"
}

P=$PROGS
check zombie_leader 0 "$P/edge_zombie_leader"
check fork_storm 0 "$P/edge_fork_storm"
# PID 1 of a PID namespace ignores a SIGSTOP it sends itself (case 30).
CRUN_OPTS=--no-pidns check stopcont 0 "$P/edge_stopcont"
check sigkill_stopped 0 "$P/edge_sigkill_stopped"
check exit_group 0 "$P/edge_exit_group"
check trap_sigsys 0 "$P/edge_trap_sigsys"
check erestart 0 "$P/edge_erestart"
# Calls a timer signal (no SA_RESTART) takes out of their wait for the
# listener are restarted (tracer/lost_calls.h): no EINTR natively impossible.
check eintr 0 "$P/edge_eintr"
check ignore_signals 0 "$P/edge_ignore_signals" 100

# --- strict mode: any filter makes the kernel refuse it with EINVAL: a
# container's does.  Under sandprint, whose filter would too, the workload
# enters it as natively (sandprint applies it) and its prctl is recorded.
# In crun it takes the EINVAL path, which it never takes natively and the
# recording did not see: it runs to its end when the profile's additions
# (the calls its code can reach) cover that path, else the KILL default
# kills it there (159), the call named in the audit report.
name=strict
mkdir -p "$WORK/$name" && cd "$WORK/$name" || exit 2
run_to native "$P/edge_strict"
run_to gen "$SP" generate -q --default-action kill-process -o P.json -- "$P/edge_strict"; grc=$?
run_to crun "$RUN" --kill --report report.txt P.json -- "$P/edge_strict"; crc=$?
if [ "$(cat native.out)" != "strict: entered" ]; then bad $name "native: $(cat native.out native.err)"
elif [ $grc != 0 ] || [ "$(cat gen.out)" != "strict: entered" ]; then bad $name "under sandprint: exit $grc: $(cat gen.out gen.err)"
elif ! jq -e '[.syscalls[].names[]] | index("prctl")' P.json >/dev/null; then bad $name "prctl not in the profile"
elif ! { [ $crc = 0 ] && [ "$(cat crun.out)" = "strict: EINVAL" ]; } &&
     ! { [ $crc = 159 ] && [ -n "$(denied report.txt edge_strict)" ]; }; then
	bad $name "in crun: exit $crc, denied: $(denied report.txt edge_strict): $(cat crun.out crun.err)"
else ok $name; fi

# --- nested tracing: the workload's own ptrace succeeds natively and in
# crun; under sandprint's default recorder too where it records in the
# kernel (root, BTF), and fails with EPERM where it falls back to ptrace
# stops (one tracer per task).
CRUN_OPTS="" check nested_ptrace 0 "$P/edge_nested_ptrace"
cd "$WORK/nested_ptrace" 2>/dev/null &&
if [ -s crun.out ]; then
	under=EPERM
	"$SP" record -q --via bpf -o inkernel.json -- true 2>/dev/null && under=ok
	if ! grep -qx 'traceme ok' native.err || ! grep -qx 'seize ok' crun.err; then
		bad nested_ptrace_outcomes "native/crun: $(cat native.err crun.err | tr '\n' ' ')"
	elif ! grep -qx "traceme $under" gen.err || ! grep -qx "seize $under" gen.err; then
		bad nested_ptrace_outcomes "under sandprint, expected $under: $(tr '\n' ' ' <gen.err)"
	else ok nested_ptrace_outcomes; fi
fi

# --- numbers without a name: recorded as syscall_-1 / syscall_999, left
# out of the profile with a note.  No OCI profile can name them, so the
# kernel applies the default action: with KILL the workload dies (the
# kernel's audit record says nr -1); with ERRNO(ENOSYS) it runs as natively.
name=nosys
mkdir -p "$WORK/$name" && cd "$WORK/$name" || exit 2
run_to native "$P/edge_nosys"
run_to rec "$SP" record -q -o T.json -- "$P/edge_nosys"; rrc=$?
run_to gen "$SP" profile --default-action kill-process -o P.json T.json
run_to crun "$RUN" --kill --report report.txt P.json -- "$P/edge_nosys"; crc=$?
# (python, not jq: jq 1.6 rounds 64-bit condition values through doubles)
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p.update(defaultAction="SCMP_ACT_ERRNO", defaultErrnoRet=38); json.dump(p,open(sys.argv[2],"w"))' P.json E.json
run_to crun2 "$RUN" E.json -- "$P/edge_nosys"; erc=$?
if [ $rrc != 0 ] || ! cmp -s native.out rec.out; then bad $name "under sandprint: exit $rrc: $(tr '\n' ' ' <rec.out)"
elif ! jq -e '[.patterns[].syscall] | index("syscall_-1") and index("syscall_999")' T.json >/dev/null; then
	bad $name "trace lacks syscall_-1/syscall_999: $(jq -c '[.patterns[].syscall]' T.json)"
elif ! grep -q '2 recorded call patterns with numbers libseccomp cannot name' gen.err; then
	bad $name "profile does not say it left them out: $(cat gen.err)"
elif [ $crc != 159 ] || ! grep -q '^-1 .*KILL' report.txt; then
	bad $name "crun --kill: exit $crc (expected 159, killed at nr -1): $(cat report.txt)"
elif [ $erc != 0 ] || ! cmp -s native.out crun2.out; then
	bad $name "crun with ERRNO(ENOSYS) default: exit $erc: $(tr '\n' ' ' <crun2.out)"
else ok $name; fi

# --- a setuid binary run by root: no no_new_privs, so the set-user-ID bit
# works under sandprint as natively (euid 65534).  crun sets
# noNewPrivileges: there the bit is ignored (euid 0) and the program still
# runs under its profile.
name=setuid_as_root
mkdir -p "$WORK/$name" && cd "$WORK/$name" || exit 2
cp "$P/edge_setuid" su && chown 65534:65534 su && chmod 4755 su
run_to native ./su
run_to nnp setpriv --no-new-privs ./su
run_to gen "$SP" generate -q --default-action kill-process -o P.json -- ./su; grc=$?
run_to crun "$RUN" --kill P.json -- ./su; crc=$?
if [ "$(cat native.out)" != "ruid 0 euid 65534" ]; then bad $name "native: $(cat native.out native.err) (nosuid /tmp?)"
elif [ "$(cat nnp.out)" != "ruid 0 euid 0" ]; then bad $name "control with no_new_privs: $(cat nnp.out)"
elif [ $grc != 0 ] || ! cmp -s native.out gen.out; then bad $name "under sandprint: exit $grc: $(cat gen.out gen.err)"
elif [ $crc != 0 ] || [ "$(cat crun.out)" != "ruid 0 euid 0" ]; then bad $name "in crun: exit $crc: $(cat crun.out crun.err)"
else ok $name; fi

# --- signals sent to sandprint ----------------------------------------------
mkdir -p "$WORK/signals" && cd "$WORK/signals" || exit 2
ends() { jq -r '[.end, .status, .partial] | map(tostring) | join(" ")' "$1" 2>/dev/null; }

# sig_case NAME SIG EXPECT_END: one signal to sandprint while it records
# "sleep 30", started by fid_run with every signal at its default (a
# script's background job has SIGINT ignored, and so would the workload:
# sandprint would ignore it too, as the workload would natively).
# sandprint then dies of the signal the workload died of.
sig_case() {
	local name=$1 sig=$2 out
	"$P/fid_run" -- "$SP" record -q -o "$name.json" -- sleep 30 >"$name.out" &
	local fpid=$! spid=
	for _ in $(seq 600); do
		spid=$(pgrep -P $fpid -x sandprint) && pgrep -P "$spid" -x sleep >/dev/null && break
		sleep 0.05
	done
	sleep 0.1
	kill -"$sig" "$spid"
	wait $fpid
	out=$(tail -n 1 "$name.out")
	if [ "$out" != "fid_run: signal $(kill -l "$sig")" ]; then bad "$name" "sandprint: $out, expected death by SIG$sig"
	elif [ "$(ends "$name.json")" != "$3" ]; then bad "$name" "trace end: $(ends "$name.json"), expected $3"
	else ok "$name"; fi
}
sig_case sighup_forwarded HUP "signaled 1 false"
sig_case sigint_from_kill_forwarded INT "signaled 2 false"
sig_case sigquit_from_kill_forwarded QUIT "signaled 3 false"

# The workload ignores SIGTERM: forwarded, ignored, the workload exits 0.
# (It sleeps on long enough for a loaded machine's sandprint to take the
# signal while it runs.)
"$SP" record -q -o ign.json -- "$P/edge_ignore_signals" 3000 >ign.out &
spid=$!
wait_line ign.out ready
kill -TERM $spid
wait $spid; rc=$?
if [ $rc != 0 ] || [ "$(ends ign.json)" != "exited 0 false" ] || ! grep -qx 'ignore_signals ok' ign.out; then
	bad ignored_sigterm_workload_exits_0 "exit $rc, trace $(ends ign.json), out $(tr '\n' ' ' <ign.out)"
else ok ignored_sigterm_workload_exits_0; fi

# The same signal again within 2 s: sandprint kills the workload, writes
# the trace marked interrupted (complete up to there: the write of "ready"
# is in it) and dies of the signal, at once, not when the workload would
# have ended (20 s).  The second is sent once sandprint has taken the
# first (two pending at once are one).
"$SP" record -q -o int.json -- "$P/edge_ignore_signals" 20000 >int.out &
spid=$!
wait_line int.out ready
kill -TERM $spid
taken $spid TERM
kill -TERM $spid
t0=$(date +%s%N)
wait $spid; rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if [ $rc != 143 ] || [ "$(ends int.json)" != "interrupted 15 false" ]; then
	bad second_signal_interrupts "exit $rc, trace $(ends int.json)"
elif ! jq -e '[.patterns[].syscall] | index("write") and index("nanosleep")' int.json >/dev/null &&
     ! jq -e '[.patterns[].syscall] | index("write") and index("clock_nanosleep")' int.json >/dev/null; then
	bad second_signal_interrupts "trace lacks the calls made before: $(jq -c '[.patterns[].syscall]' int.json)"
elif [ $ms -gt 7500 ]; then bad second_signal_interrupts "took ${ms} ms"
else ok second_signal_interrupts; fi

# Interrupted after the main process exited (once sandprint has said so):
# the daemon it left is killed.
"$SP" record -o d.json -- sh -c '"$0" 20000 >/dev/null & echo started' "$P/edge_ignore_signals" >d.out 2>d.err &
spid=$!
wait_line d.out started
for _ in $(seq 600); do grep -q '^sandprint: the command has exited, leaving 1 process running' d.err && break; sleep 0.05; done
for _ in $(seq 600); do d=$(pgrep -P $spid -f edge_ignore_signals) && break; sleep 0.05; done
kill -TERM $spid; taken $spid TERM; kill -TERM $spid
wait $spid; rc=$?
if [ -z "${d:-}" ]; then bad interrupted_daemon_killed "no daemon seen"
elif ! dies "$d"; then bad interrupted_daemon_killed "daemon $d still alive"; kill -KILL "$d"
elif [ $rc != 143 ] || [ "$(ends d.json)" != "interrupted 15 false" ]; then
	bad interrupted_daemon_killed "exit $rc, trace $(ends d.json)"
else ok interrupted_daemon_killed; fi

sp_end
