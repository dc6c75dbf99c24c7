#!/bin/bash
# cli.sh - the sandprint command as a user meets it, checked against
# oracles the code does not produce: strace (which system calls a workload
# makes, and which ptrace requests sandprint itself issues), the shell's own
# exit statuses, the process table.
#
# Usage: cli.sh SANDPRINT PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
set -u
. "$(dirname -- "$0")/lib.sh"
# The terminal cases' job-control shell: tests/ptyjob.py.
PTYJOB=$(cd -- "$(dirname -- "$0")" && pwd)
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
if [ "$(id -u)" != 0 ]; then
	echo "cli: needs root; skipping" >&2
	exit 77
fi
sp_begin cli

# --- exit statuses: the workload's own, as a shell reports them ------------
"$SP" record -q -o t.json -- "$PROGS/exitcode" 42; expect_status exit_code_passes_through 42 $?
"$SP" record -q -o t.json -- "$PROGS/crash" 2>/dev/null; expect_status death_by_signal_is_128_plus_n 139 $?
[ "$(jq -r '.end + " " + (.status|tostring)' t.json)" = "signaled 11" ] &&
	ok trace_of_a_crash_says_signaled || bad trace_of_a_crash_says_signaled "$(jq -c '{"end": .end, status}' t.json)"
"$SP" record -q -o t.json -- no-such-command-sp 2>err.txt; expect_status missing_command_is_127 127 $?
grep -q 'sandprint: no-such-command-sp: command not found' err.txt &&
	ok missing_command_message || bad missing_command_message "$(cat err.txt)"
# An empty PATH is the current directory, as execvp reads it (env(1) the
# control): on every path.
mkdir pathless && cp "$PROGS/exitcode" pathless/sp_exitcode
(cd pathless && PATH= /usr/bin/env sp_exitcode 3); expect_status empty_path_native_is_the_current_directory 3 $?
for via in ptrace notify bpf; do
	(cd pathless && PATH= "$SP" record -q --via $via -o t.json -- sp_exitcode 3)
	expect_status "empty_path_is_the_current_directory_via_$via" 3 $?
done
"$SP" generate -q -o p.json -- "$PROGS/exitcode" 3; expect_status generate_passes_status_through 3 $?
jq -e '.syscalls[0].names | index("exit_group")' p.json >/dev/null &&
	ok generate_writes_profile_even_on_failure || bad generate_writes_profile_even_on_failure "no exit_group"

# --- usage errors and bad input: exit 2 with a message ----------------------
"$SP" 2>/dev/null; expect_status no_command_is_usage_error 2 $?
"$SP" frobnicate 2>/dev/null; expect_status unknown_command_is_error 2 $?
"$SP" record -q 2>/dev/null; expect_status record_without_command_is_error 2 $?
"$SP" generate -q -- true 2>/dev/null; expect_status generate_without_output_is_error 2 $?
# [--stacks[=DEPTH]]: "--stacks 32" would run a command 32; it is a usage
# error that says how the depth is written (a command 32 goes after --).
"$SP" record -q --stacks 32 -o s.json -- true 2>err.txt
expect_status optional_value_apart_is_usage_error 2 $?
has optional_value_apart_says_how "--stacks 32: the value is written --stacks=32" err.txt
"$SP" run -q --audit -P docker-default -s 8 -- true 2>err.txt
expect_status short_optional_value_apart_is_usage_error 2 $?
"$SP" record -q --stacks -o s.json -- true 2>err.txt
expect_status optional_value_left_out_is_default 0 $?
"$SP" profile --default-action allow t.json 2>/dev/null; expect_status allow_default_is_refused 2 $?
"$SP" profile -f yaml t.json 2>err.txt; expect_status unknown_format_is_refused 2 $?
# Every format -f takes (sandprint-formats(5)), firecracker too.
has unknown_format_names_every_format "expected json, c, c-bpf, bpf, systemd, minijail, k8s, firecracker" err.txt
"$SP" profile missing.json 2>err.txt; expect_status missing_trace_is_error 2 $?
grep -q 'missing.json' err.txt && ok missing_trace_message_names_file || bad missing_trace_message_names_file "$(cat err.txt)"
head -c 100 t.json >trunc.json
"$SP" profile trunc.json 2>err.txt; expect_status truncated_trace_is_error 2 $?
grep -Eq 'trunc.json:[0-9]+:[0-9]+:' err.txt && ok truncated_trace_message_has_line_column ||
	bad truncated_trace_message_has_line_column "$(cat err.txt)"
# Traces are read two at a time: the first bad one in the order given is
# the one named, whichever was read first.
"$SP" profile -o p.json t.json trunc.json missing.json 2>err.txt
expect_status second_of_three_bad_is_error 2 $?
grep -q '^sandprint: trunc.json:' err.txt && [ "$(wc -l <err.txt)" = 1 ] &&
	ok first_bad_trace_of_three_named || bad first_bad_trace_of_three_named "$(cat err.txt)"
"$SP" profile -o p.json t.json t.json missing.json 2>err.txt
grep -q '^sandprint: .*missing.json' err.txt && ok third_bad_trace_named ||
	bad third_bad_trace_named "$(cat err.txt)"
"$SP" --version | grep -Eq '^sandprint [0-9]' && ok version || bad version "no version line"
for c in record profile generate; do
	"$SP" $c --help | grep -q "usage: sandprint $c" && ok "help_$c" || bad "help_$c" "no usage line"
done
# The path generate's --help names as root's default is the one it takes
# (a traced workload has a TracerPid).
if [ "$(id -u)" = 0 ]; then
	said=$("$SP" generate --help | sed -n 's/^ *--via PATH *\([a-z]*\) (the default as root.*/\1/p')
	"$SP" generate -q -o via.json -- sh -c 'grep "^TracerPid:" /proc/self/status' >via.txt 2>/dev/null
	took=$(awk '{ print $2 == 0 ? "bpf" : "traced" }' via.txt)
	[ -n "$said" ] && [ "$said" = "$took" ] && ok generate_help_names_the_default_path ||
		bad generate_help_names_the_default_path "help says '$said', it took $took"
fi

# --- --arch: the architectures listed, in order, once each ----------------
"$SP" profile --arch x86_64,x32,x86_64 t.json >arch.json 2>/dev/null
[ "$(jq -c .architectures arch.json)" = '["SCMP_ARCH_X86_64","SCMP_ARCH_X32"]' ] &&
	ok arch_list_is_honoured || bad arch_list_is_honoured "$(jq -c .architectures arch.json)"
"$SP" profile --arch x86_64,mips t.json 2>err.txt >/dev/null; expect_status unknown_arch_is_error 2 $?
grep -q 'unknown architecture "mips"' err.txt && ok unknown_arch_named || bad unknown_arch_named "$(cat err.txt)"

# --- a recording that fails before the workload runs says "error" ---------
# (strace makes sandprint's PTRACE_SEIZE fail; a trace never says
# "running", sandprint-formats(5); LeakSanitizer cannot run under ptrace)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
strace -qq -e trace=ptrace -e inject=ptrace:error=EPERM:when=1 -o seizefail-strace.log \
	"$SP" record -q --via ptrace -o seizefail.json -- true 2>/dev/null
expect_status failed_seize_is_error 2 $?
[ "$(jq -r '[.end, .partial] | map(tostring) | join(" ")' seizefail.json 2>/dev/null)" = "error true" ] &&
	ok failed_start_trace_says_error ||
	bad failed_start_trace_says_error "$(jq -c '{end: .end, partial: .partial}' seizefail.json 2>&1)"

# --- the trace file is written atomically: no temporary left behind --------
"$SP" record -q -o atomic.json -- true
ls -a | grep -q 'atomic.json.tmp' && bad no_temp_file_left "$(ls -a)" || ok no_temp_file_left
# A reader of -o - that is gone (a closed pipe) loses no recording: the
# write fails (no death by SIGPIPE), the trace is kept in $TMPDIR, exit 2.
# The workload ends once the reader has closed its end.
mkdir -p kept
for c in record generate; do
	rm -f closed kept/*
	{ TMPDIR=$PWD/kept "$SP" $c -o - -- sh -c 'until [ -e closed ]; do sleep 0.01; done' 2>"pipe-$c.err"
		echo $? >"pipe-$c.st"; } | { exec 0<&-; touch closed; }
	f=$(ls kept/sandprint-*.trace.json 2>/dev/null)
	[ "$(cat "pipe-$c.st")" = 2 ] && [ "$(jq -r .end "$f" 2>/dev/null)" = exited ] &&
		grep -q "cannot write standard output: Broken pipe" "pipe-$c.err" &&
		ok "${c}_to_a_closed_pipe_keeps_the_recording" ||
		bad "${c}_to_a_closed_pipe_keeps_the_recording" "exit $(cat "pipe-$c.st"), kept '$f': $(cat "pipe-$c.err")"
done

# Every command's result on stdout, to a reader that is gone (SIGPIPE
# ignored, as a daemon or Python's subprocess leaves it): the message
# says the descriptor's own error ("Broken pipe"; ENOSPC for a full
# disk), once, and the exit status is 2.  stdio keeps only an error flag:
# diff and check, whose reports (past a buffer here) fail while being
# written, said EIO, twice.  run's report to a file (a link to that pipe,
# named .json for its format; some 20 kB) is said once too, by its name.
D=$HERE/../testdata
echo '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []}' >none.json
"$SP" import -q -o imp.json "$D/logs/strace-terminal.log"
rm -f noreader.fifo && mkfifo noreader.fifo
to_gone_reader() { # name what cmd...
	local name=$1 what=$2
	shift 2
	( trap '' PIPE; exec 3<>noreader.fifo 4>noreader.fifo 3<&-
	  "$@" >&4 2>"noreader-$name.err"; echo $? >"noreader-$name.st" )
	[ "$(cat "noreader-$name.st")" = 2 ] &&
		[ "$(grep -c 'cannot write' "noreader-$name.err")" = 1 ] &&
		grep -q "cannot write $what: Broken pipe" "noreader-$name.err" &&
		ok "${name}_to_a_closed_pipe_says_broken_pipe" ||
		bad "${name}_to_a_closed_pipe_says_broken_pipe" "exit $(cat "noreader-$name.st"): $(cat "noreader-$name.err")"
}
to_gone_reader diff "standard output" "$SP" diff "$D/profiles/diff-base.json" "$D/profiles/moby-default.json"
to_gone_reader show "standard output" "$SP" show "$D/golden/trace.json"
to_gone_reader check "standard output" "$SP" check -q -P none.json imp.json
# Without -q: the failed write is the one message, not followed by check's
# note about call sites (a note on a report nobody read).
to_gone_reader check_noted "standard output" "$SP" check -P none.json imp.json
[ "$(wc -l <noreader-check_noted.err)" = 1 ] && ok check_to_a_closed_pipe_says_that_alone ||
	bad check_to_a_closed_pipe_says_that_alone "$(cat noreader-check_noted.err)"
to_gone_reader explain "standard output" "$SP" explain -q none.json read
to_gone_reader merge "standard output" "$SP" merge -q -o - "$D/profiles/moby-default.json"
to_gone_reader import "standard output" "$SP" import -q -o - "$D/logs/strace-terminal.log"
to_gone_reader profile "standard output" "$SP" profile -q -o - "$D/golden/trace.json"
to_gone_reader run "standard output" "$SP" run -q --audit -P none.json -o - -- true
to_gone_reader help "standard output" "$SP" record --help
ln -sf /dev/fd/4 noreader.json
to_gone_reader run_report noreader.json "$SP" run -q --audit -P none.json -o noreader.json -- sh -c 'ls -la / >ls.out'
# A stdout left non-blocking by what shares it (ssh, Node.js) and full (a
# pipe of one page, its reader waiting until it is full): sandprint waits
# until it takes more, as a blocking one would, and writes it all (it
# said EAGAIN, as EIO, exit 2).
"$SP" diff --format json "$D/profiles/diff-base.json" "$D/profiles/moby-default.json" >block.json
want=$?
python3 -c 'import fcntl, os, sys
os.set_blocking(1, False)
fcntl.fcntl(1, 1031, 4096)  # F_SETPIPE_SZ
os.execv(sys.argv[1], sys.argv[1:])' "$SP" diff --format json "$D/profiles/diff-base.json" \
	"$D/profiles/moby-default.json" 2>nonblock.err |
	python3 -c 'import array, fcntl, sys, termios, time
n = array.array("i", [0])
for _ in range(3000):
	fcntl.ioctl(0, termios.FIONREAD, n)
	if n[0] >= 4096:
		break
	time.sleep(0.01)
time.sleep(0.1)
sys.stdout.buffer.write(sys.stdin.buffer.read())' >nonblock.json
st=${PIPESTATUS[0]}
[ "$st" = "$want" ] && [ -s block.json ] && cmp -s block.json nonblock.json &&
	ok non_blocking_stdout_gets_it_all ||
	bad non_blocking_stdout_gets_it_all "exit $st (want $want), $(wc -c <nonblock.json) of $(wc -c <block.json) bytes: $(cat nonblock.err)"

# --- one stop per call: sandprint's own ptrace requests, seen by strace ----
# --via ptrace: one RET_TRACE stop per call (the default where the
# in-kernel recorder cannot run).
strace -qq -e trace=ptrace -o ptrace.log "$SP" record -q --via ptrace -o calls.json -- ls -l /usr/include >/dev/null
calls=$(jq .calls calls.json)
nsys=$(grep -c 'PTRACE_SYSCALL,' ptrace.log)
ninfo=$(grep -c 'PTRACE_GET_SYSCALL_INFO' ptrace.log)
ncont=$(grep -c 'PTRACE_CONT' ptrace.log)
[ "$nsys" -eq 0 ] && ok never_ptrace_syscall || bad never_ptrace_syscall "$nsys PTRACE_SYSCALL requests"
[ "$ninfo" -eq "$calls" ] && ok one_syscall_info_per_call || bad one_syscall_info_per_call "$ninfo GET_SYSCALL_INFO for $calls calls"
# One PTRACE_CONT per call, plus one per non-call stop (exec event, exits
# do not resume): a handful for ls.
if [ "$ncont" -ge "$calls" ] && [ "$ncont" -le $((calls + 5)) ]; then
	ok one_cont_per_call
else
	bad one_cont_per_call "$ncont PTRACE_CONT for $calls calls"
fi

# --via notify: no ptrace stop for a call at all, one user notification
# each (and ptrace only for events: exec here).
strace -qq -e trace=ptrace,ioctl -o notify.log "$SP" record -q --via notify -o ncalls.json -- ls -l /usr/include >/dev/null
calls=$(jq .calls ncalls.json)
nrecv=$(grep -c 'SECCOMP_IOCTL_NOTIF_RECV' notify.log)
ncont=$(grep -c 'PTRACE_CONT' notify.log)
ninfo=$(grep -c 'PTRACE_GET_SYSCALL_INFO' notify.log)
[ "$nrecv" -eq "$calls" ] && ok one_notification_per_call || bad one_notification_per_call "$nrecv notifications for $calls calls"
[ "$ninfo" -eq 0 ] && [ "$ncont" -le 5 ] && ok no_ptrace_stop_per_call_via_notify ||
	bad no_ptrace_stop_per_call_via_notify "$ninfo GET_SYSCALL_INFO, $ncont PTRACE_CONT for $calls calls"
"$SP" record -q --via nope -o x.json -- true 2>/dev/null; expect_status bad_via_is_error 2 $?

# A timer signal with a handler without SA_RESTART, every 100 µs, while
# the workload makes calls that never fail with EINTR natively: on the
# notification path a signal can take a call out of its wait for the
# listener before it ran; the tracer must restart it (tracer/lost_calls.h),
# yet leave an interrupted read of an empty pipe failing with EINTR.
# Without the restart, every run here had hundreds of EINTRs.
for via in notify ptrace; do
	if "$SP" record -q --via $via -o eintr.json -- "$PROGS/edge_eintr" 3000 >eintr.out 2>eintr.err &&
		grep -qx 'eintr ok' eintr.out; then
		ok "no_eintr_natively_impossible_via_$via"
	else
		bad "no_eintr_natively_impossible_via_$via" "$(tail -n 1 eintr.err)"
	fi
done

# --- the syscall set equals strace -f's, for deterministic workloads -------
oracle() { # name cmd...
	local name=$1; shift
	strace -f -qq -o st.log "$@" >/dev/null 2>&1
	# strace lines: "PID name(" or "PID <... name resumed>"; exit_group never returns.
	sed -nE 's/^[0-9]+ +([a-z0-9_]+)\(.*/\1/p' st.log | sort -u >want.txt
	for via in notify ptrace; do
		"$SP" record -q --via $via -o o.json -- "$@" >/dev/null 2>&1
		jq -r '.patterns[].syscall' o.json | sort -u >got.txt
		if diff -u want.txt got.txt >diff.txt; then ok "same_calls_as_strace_${name}_via_$via"; else
			bad "same_calls_as_strace_${name}_via_$via" "$(grep '^[-+][a-z]' diff.txt | tr '\n' ' ')"; fi
	done
}
oracle ls ls -l /usr/include
oracle sh_pipeline sh -c 'echo a | tr a b | wc -c'
oracle threads "$PROGS/threads"
oracle vfork "$PROGS/vfork"

# --- signals to sandprint ---------------------------------------------------
# SIGTERM sent to sandprint alone reaches the workload; the trace is kept.
# (Signalled once the workload runs: before, sandprint is still starting.)
"$SP" record -q -o term.json -- sh -c 'echo started; exec sleep 30' >term.out &
spid=$!
wait_line term.out started
kill -TERM $spid
wait $spid
expect_status sigterm_forwarded_workload_dies_143 143 $?
[ "$(jq -r .end term.json 2>/dev/null)" = signaled ] && ok trace_written_after_sigterm ||
	bad trace_written_after_sigterm "$(cat term.json 2>&1 | head -c 200)"
# SIGKILL to sandprint takes its tracees with it (PTRACE_O_EXITKILL): the
# workload dies, when next scheduled, long before its sleep would end.
"$SP" record -q -o kill.json -- sh -c 'echo $$ >kill.pid; exec sleep 300' &
spid=$!
for _ in $(seq 600); do [ -s kill.pid ] && break; sleep 0.05; done
child=$(cat kill.pid)
kill -KILL $spid
wait $spid 2>/dev/null
if [ -n "$child" ] && dies "$child"; then ok sigkill_leaves_no_tracee
else bad sigkill_leaves_no_tracee "workload ${child:-?} still alive"; kill -KILL "$child" 2>/dev/null; fi

# "Stop now" (the same SIGTERM twice) kills the workload's processes: the
# child the main process leaves as it dies (its sleep) is no daemon left
# running, and is not said to be one.  The second is sent once sandprint
# has taken the first (two pending at once are one).
"$SP" record -o stop.json -- sh -c 'trap "" TERM; echo started; while :; do sleep 0.1; done' >stop.out 2>stop.err &
spid=$!
wait_line stop.out started
kill -TERM $spid; taken $spid TERM; kill -TERM $spid
wait $spid
st=$?
[ "$st/$(jq -r .end stop.json)" = 143/interrupted ] && ! grep -q 'leaving' stop.err &&
	ok stop_now_says_no_process_left || bad stop_now_says_no_process_left "exit $st: $(cat stop.err)"

# The note of processes left running, said while they run, to a stderr
# whose reader is gone (a pager quit, a logger ended): sandprint does not
# die of SIGPIPE, killing the workload and losing the recording.  The
# workload leaves its process once the reader has closed its end (and
# sandprint records until it exits).
rm -f epipe.json epipe.rc epclosed
{ "$SP" record -o epipe.json -- sh -c 'until [ -e epclosed ]; do sleep 0.01; done
	sleep 1.6 & exit 0' 2>&1; echo $? >epipe.rc; } | { exec 0<&-; touch epclosed; }
[ "$(cat epipe.rc)/$(jq -r .end epipe.json 2>&1)" = 0/exited ] &&
	ok note_to_a_closed_pipe_keeps_the_recording ||
	bad note_to_a_closed_pipe_keeps_the_recording "exit $(cat epipe.rc): $(jq -r .end epipe.json 2>&1)"

# --ready-fd whose reader is gone (a hook that gave up waiting): sandprint
# records on; it does not die of SIGPIPE.  Nothing reads the line: the
# process ends once sandprint has written it, when it closes the
# descriptor (not on a timer: a slow machine's attach took longer).
rm -f gone.up gone.go
sh -c 'echo up >gone.up; until [ -e gone.go ]; do sleep 0.05; done' &
sl=$!
wait_line gone.up up
rm -f gone.fifo && mkfifo gone.fifo && exec 3<>gone.fifo 4>gone.fifo 3<&-
"$SP" record -q -p $sl -o gone.json --ready-fd 4 2>gone.err &
spid=$!
exec 4>&-
for _ in $(seq 600); do
	[ "$(readlink "/proc/$spid/fd/4" 2>/dev/null)" = "$PWD/gone.fifo" ] || break
	sleep 0.05
done
: >gone.go
wait $spid
st=$?
wait $sl
[ "$st/$(jq -r .end gone.json 2>&1)" = 0/exited ] && ok ready_fd_reader_gone_keeps_the_recording ||
	bad ready_fd_reader_gone_keeps_the_recording "exit $st: $(jq -r .end gone.json 2>&1) $(cat gone.err)"

# --- timeout(1)'s one stop ---------------------------------------------------
# timeout signals its child, sandprint, then its own process group, the
# workload's too: one stop, not the user's "stop now" (which killed a
# workload shutting down cleanly, the trace "interrupted"), whichever of
# the two sandprint's handler sees first.  The steps apart, so that the
# handler runs between them: the second once it has taken the first.
for via in bpf ptrace; do
	rm -f pair.out pair.err pair.json   # the last round's "started" is no start
	setsid "$SP" record -q --via $via -o pair.json -- sh -c \
		'trap "sleep 0.5; exit 0" TERM; echo started; while :; do sleep 0.05; done' >pair.out 2>pair.err &
	spid=$!
	wait_line pair.out started
	kill -TERM $spid; taken $spid TERM; kill -TERM -- -$spid
	wait $spid
	st=$?
	[ "$st/$(jq -r '.end + " " + (.status|tostring)' pair.json)" = "0/exited 0" ] &&
		ok signal_to_sandprint_then_its_group_is_one_stop_$via ||
		bad signal_to_sandprint_then_its_group_is_one_stop_$via "exit $st: $(jq -c '[.end,.status]' pair.json) $(cat pair.err)"
done

# --- the terminal hung up while sandprint leads its session ----------------
# (ssh -t host sandprint ..., a tmux window's command, script -c): the
# kernel sends the hangup's SIGHUP to the session's leader alone, which
# natively is the workload's main process, and at the leader's exit to
# the foreground group (here a background job of the script). The
# workload dies of it as natively, and the trace is written.
for via in bpf ptrace; do
	rm -f hup.json hup.pid
	python3 - "$SP" $via <<'PY' >hup.out 2>&1
import os, pty, sys, time, fcntl, termios
master, slave = os.openpty()
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv(sys.argv[1], [sys.argv[1], "record", "-q", "--via", sys.argv[2],
             "-o", "hup.json", "--", "sh", "-c",
             "sleep 300 & echo $! >hup.pid.tmp; mv hup.pid.tmp hup.pid; wait"])
os.close(slave)
for _ in range(600):
    if os.path.exists("hup.pid"):
        break
    time.sleep(0.05)
os.close(master)  # the terminal hangs up
for _ in range(600):
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print("signal" if os.WIFSIGNALED(status) else "exit",
              os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
        break
    time.sleep(0.05)
else:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    print("still running")
PY
	bg=$(cat hup.pid 2>/dev/null)
	[ "$(cat hup.out)/$(jq -r '.end + " " + (.status|tostring)' hup.json 2>&1)" = "signal 1/signaled 1" ] &&
		ok hangup_of_a_session_sandprint_leads_reaches_the_workload_$via ||
		bad hangup_of_a_session_sandprint_leads_reaches_the_workload_$via "$(cat hup.out): $(jq -c "[.end,.status]" hup.json 2>&1)"
	[ -n "$bg" ] && dies "$bg" &&
		ok hangup_reaches_the_foreground_group_at_the_leaders_exit_$via ||
		bad hangup_reaches_the_foreground_group_at_the_leaders_exit_$via "pid ${bg:-?} still runs"
	[ -n "$bg" ] && kill "$bg" 2>/dev/null
	# No hangup: the main process's exit alone hangs up the foreground
	# group (natively the leader's exit), and sandprint does not wait
	# for the background job.  script runs its command with $SHELL -c,
	# which as dash (CI's) forks: exec makes sandprint the leader.
	rm -f lead.pid lead.json
	timeout -s KILL 60 script -qec "exec '$SP' record -q --via $via -o lead.json -- sh -c 'sleep 300 & echo \$! >lead.pid'" lead.tty >/dev/null 2>&1
	bg=$(cat lead.pid 2>/dev/null)
	[ -n "$bg" ] && dies "$bg" &&
		[ "$(jq -r .end lead.json)" = exited ] &&
		ok leaders_exit_hangs_up_the_foreground_group_$via ||
		bad leaders_exit_hangs_up_the_foreground_group_$via "pid ${bg:-?}: $(jq -c "[.end,.status]" lead.json 2>&1)"
	[ -n "$bg" ] && kill "$bg" 2>/dev/null
done

# --- a terminal's ^Z: the workload takes it before the job stops ---------
# A small job-control shell on a new terminal (python's pty module): the
# job is sandprint, in a process group of its own in the foreground;
# ^Z; the job is seen stopped; fg (the terminal back, SIGCONT to the
# group); q.  An editor's SIGTSTP handler (job_tstp) must have put the
# terminal back (cooked mode) and said so before the shell sees the job
# stop, and run on after fg: natively it does.  sandprint stopped at
# once with the group: the shell took the terminal back first, and on the
# paths that trace the workload its handler waited for sandprint in a
# signal-delivery-stop, until fg.
for via in bpf ptrace notify; do
	rm -f tstp.json
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$PTYJOB python3 - "$SP" $via "$PROGS/job_tstp" <<'PY' >tstp.out 2>&1
import os, sys, time, termios, signal
from ptyjob import Pty, control, start_job
t = Pty()
master, slave, read_for = t.master, t.slave, t.read_for
rfd, wfd = os.pipe()
shell = os.fork()
if shell == 0:
    os.close(rfd)
    signal.alarm(120)  # a job that never comes back
    control(slave)
    job = start_job(slave, [sys.argv[1], "record", "-q", "--via", sys.argv[2],
                            "-o", "tstp.json", "--", sys.argv[3]])
    os.write(wfd, b"%d" % job)
    os.close(wfd)
    _, st = os.waitpid(job, os.WUNTRACED)
    cooked = termios.tcgetattr(slave)[3] & termios.ICANON
    os.tcsetpgrp(slave, os.getpgrp())
    os.write(slave, b"shell: stopped %d, cooked %d\n" % (os.WSTOPSIG(st) if os.WIFSTOPPED(st) else -1, bool(cooked)))
    time.sleep(0.2)
    os.tcsetpgrp(slave, job)
    os.killpg(job, signal.SIGCONT)
    _, st = os.waitpid(job, 0)
    os.tcsetpgrp(slave, os.getpgrp())
    os.write(slave, b"shell: exit %d\n" % (os.WEXITSTATUS(st) if os.WIFEXITED(st) else -1))
    os._exit(0)
os.close(slave)
os.close(wfd)
job = int(os.read(rfd, 32) or 0)
read_for(30, b"ready")
os.write(master, b"\x1a")
read_for(30, b"shell: stopped")
read_for(30, b"resumed")
os.write(master, b"q")
read_for(30, b"shell: exit")
_, st = os.waitpid(shell, 0)
if st and job > 0:
    os.killpg(job, signal.SIGKILL)  # left stopped by a shell that gave up

print(t.out.decode(errors="replace").replace("\r", ""))
PY
	got=$(grep -E '^(ready|suspending|resumed|bye|shell: .*)$' tstp.out | tr '\n' ' ')
	[ "$got" = "ready suspending shell: stopped 20, cooked 1 resumed bye shell: exit 0 " ] &&
		ok terminal_stop_reaches_the_workloads_handler_first_$via ||
		bad terminal_stop_reaches_the_workloads_handler_first_$via "$got"
done

# --- a terminal's ^C twice: "stop now" ---------------------------------------
# The same job-control shell: the workload traps SIGINT; ^C, then ^C again
# once it was taken (by the workload, and with --via bpf by the stand-in
# that holds the job's group in sandprint's place and relays the group's
# SIGINT to sandprint, which records out of the group): sandprint kills the
# workload, writes the trace "interrupted" and dies of SIGINT.
for via in bpf ptrace; do
	rm -f cc.json
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$PTYJOB python3 - "$SP" $via <<'PY' >cc.out 2>&1
import os, sys, time, signal
from ptyjob import Pty, control, start_job, ended, pending
t = Pty()
master, slave, read_for = t.master, t.slave, t.read_for
rfd, wfd = os.pipe()
shell = os.fork()
if shell == 0:
    os.close(rfd)
    signal.alarm(120)
    control(slave)
    job = start_job(slave, [sys.argv[1], "record", "-q", "--via", sys.argv[2],
                            "-o", "cc.json", "--", "sh", "-c",
                            'trap "echo INT" INT; echo started; while :; do sleep 0.05; done'])
    os.write(wfd, b"%d" % job)
    os.close(wfd)
    _, st = os.waitpid(job, 0)
    os.tcsetpgrp(slave, os.getpgrp())
    os.write(slave, b"shell: %s\n" % ended(st))
    os._exit(0)
os.close(slave)
os.close(wfd)
job = int(os.read(rfd, 32) or 0)
read_for(30, b"started")
os.write(master, b"\x03")
read_for(30, b"INT")
# The first taken by every process it reached (the stand-in: sandprint's
# child in its group) and relayed (SIGRTMAX) before the second.
for _ in range(600):
    kids = [int(p) for p in open("/proc/%d/task/%d/children" % (job, job)).read().split()] if os.path.exists("/proc/%d" % job) else []
    if not any(pending(k, signal.SIGINT) for k in kids) and not pending(job, signal.SIGRTMAX):
        break
    time.sleep(0.05)
os.write(master, b"\x03")
read_for(30, b"shell:")
if b"shell:" not in t.out and job > 0:
    os.killpg(job, signal.SIGKILL)  # still recording: no "stop now"
_, st = os.waitpid(shell, 0)
print(t.out.decode(errors="replace").replace("\r", "").replace("^C", ""))
PY
	# The second ^C reaches the workload's trap too, as natively; whether
	# the trap echoes before sandprint's stop kills it is the
	# scheduler's (under load it does, the relay being later).
	got=$(grep -E '^(started|INT|shell: .*)$' cc.out | tr '\n' ' ' | sed 's/^started INT INT /started INT /')
	[ "$got/$(jq -r .end cc.json 2>&1)" = "started INT shell: signal 2 /interrupted" ] &&
		ok terminal_sigint_twice_stops_now_$via ||
		bad terminal_sigint_twice_stops_now_$via "$got/$(jq -r .end cc.json 2>&1)"
done

# --- a ^C before the stand-in ran: relayed all the same ----------------------
# Under load the stand-in (sandprint's second fork, --via bpf) may not have
# run when the workload starts and is sent ^C: the SIGINT waits in its
# queue.  Its setting up ignored every signal but the stops, SIGINT too for
# an instant, which dropped it: the user's second ^C was taken for the
# first, and no "stop now" came (terminal_sigint_twice_stops_now_bpf's
# flake).  Here the stand-in is held before its first instruction until
# the first ^C is in.
rm -f early.json
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$PTYJOB python3 - "$SP" <<'PY' >early.out 2>&1
import os, sys, time, signal
from ptyjob import Pty, control, start_job, ended, pending, traceme, hold_fork, release
t = Pty()
master, slave, read_for = t.master, t.slave, t.read_for
rfd, wfd = os.pipe()
gor, gow = os.pipe()
shell = os.fork()
if shell == 0:
    os.close(rfd)
    os.close(gow)
    signal.alarm(120)
    control(slave)
    job = start_job(slave, [sys.argv[1], "record", "-q", "--via", "bpf",
                            "-o", "early.json", "--", "sh", "-c",
                            'trap "echo INT" INT; echo started; while :; do sleep 0.05; done'],
                    before_exec=traceme)
    stand_in = hold_fork(job, 2)    # the guardian's, then the stand-in's
    if os.getpgid(stand_in) != job:
        os.write(slave, b"shell: held %d, not in the job's group\n" % stand_in)
    os.write(wfd, b"%d" % job)
    os.close(wfd)
    os.read(gor, 1)                 # the group's first ^C is in
    release(stand_in)
    _, st = os.waitpid(job, 0)
    os.tcsetpgrp(slave, os.getpgrp())
    os.write(slave, b"shell: %s\n" % ended(st))
    os._exit(0)
os.close(slave)
os.close(wfd)
os.close(gor)
job = int(os.read(rfd, 32) or 0)
read_for(30, b"started")
os.write(master, b"\x03")
read_for(30, b"INT")
os.write(gow, b"g")
# As terminal_sigint_twice_stops_now: the first taken and relayed before
# the second.
for _ in range(600):
    kids = [int(p) for p in open("/proc/%d/task/%d/children" % (job, job)).read().split()] if os.path.exists("/proc/%d" % job) else []
    if not any(pending(k, signal.SIGINT) for k in kids) and not pending(job, signal.SIGRTMAX):
        break
    time.sleep(0.05)
os.write(master, b"\x03")
read_for(30, b"shell:")
if b"shell:" not in t.out and job > 0:
    os.killpg(job, signal.SIGKILL)  # still recording: no "stop now"
_, st = os.waitpid(shell, 0)
print(t.out.decode(errors="replace").replace("\r", "").replace("^C", ""))
PY
got=$(grep -E '^(started|INT|shell: .*)$' early.out | tr '\n' ' ' | sed 's/^started INT INT /started INT /')
[ "$got/$(jq -r .end early.json 2>&1)" = "started INT shell: signal 2 /interrupted" ] &&
	ok terminal_sigint_before_the_stand_in_ran_is_relayed ||
	bad terminal_sigint_before_the_stand_in_ran_is_relayed "$got/$(jq -r .end early.json 2>&1) $(grep -v '^$' early.out | tail -3 | tr '\n' ' ')"

# --- sandprint in a job it does not lead (producer | sandprint ...) ----------
# A job-control shell's pipeline: the group is its first process's, which
# exits first; sandprint, recording out of the group, steps back in as the
# main process goes, while its stand-in still holds the group: else the
# group is gone, sandprint in one of its own outside the foreground, and
# its summary on a terminal with TOSTOP set stopped it (SIGTTOU) in a job
# no "fg" could continue (its group's id no longer exists).
for via in bpf ptrace; do
	rm -f notlead.json
	python3 - "$SP" $via <<'PY' >notlead.out 2>&1
import os, sys, time, fcntl, termios, signal
master, slave = os.openpty()
shell = os.fork()
if shell == 0:
    signal.alarm(60)
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    mode = termios.tcgetattr(slave)
    mode[3] |= termios.TOSTOP
    termios.tcsetattr(slave, termios.TCSANOW, mode)
    go_r, go_w = os.pipe()
    in_r, in_w = os.pipe()
    first = os.fork()
    if first == 0:  # the pipeline's first process: the group's leader
        os.close(go_w)
        os.read(go_r, 1)
        os._exit(0)
    os.setpgid(first, first)
    os.tcsetpgrp(slave, first)
    sp = os.fork()
    if sp == 0:
        os.setpgid(0, first)
        signal.signal(signal.SIGTTOU, signal.SIG_DFL)
        os.dup2(in_r, 0)
        for fd in (1, 2):
            os.dup2(slave, fd)
        os.execv(sys.argv[1], [sys.argv[1], "record", "--via", sys.argv[2],
                 "-o", "notlead.json", "--", "cat"])
    try:
        os.setpgid(sp, first)
    except OSError:
        pass
    os.close(in_r)
    os.close(go_w)          # the first process ends, and is reaped
    os.waitpid(first, 0)
    os.close(in_w)          # then the workload
    _, st = os.waitpid(sp, os.WUNTRACED)
    if os.WIFSTOPPED(st):
        print("stopped", os.WSTOPSIG(st), flush=True)
        os.kill(sp, signal.SIGKILL)
        os.waitpid(sp, 0)
    else:
        print("exit", os.WEXITSTATUS(st) if os.WIFEXITED(st) else -1, flush=True)
    os._exit(0)
os.close(slave)
while True:
    try:
        if not os.read(master, 4096):
            break
    except OSError:
        break
os.waitpid(shell, 0)
PY
	[ "$(cat notlead.out)/$(jq -r .end notlead.json 2>&1)" = "exit 0/exited" ] &&
		ok job_not_led_by_sandprint_keeps_it_in_the_foreground_$via ||
		bad job_not_led_by_sandprint_keeps_it_in_the_foreground_$via "$(cat notlead.out)/$(jq -r .end notlead.json 2>&1)"
done

# --- a ^C the caller blocked: held, as natively -----------------------------
# A job-control shell starts the job with SIGINT blocked (a caller's mask
# is inherited across exec); ^C twice on its terminal.  Natively the
# workload never takes it and ends as it would.  With --via bpf the
# stand-in, which holds the job's group while sandprint is out of it, took
# it unblocked and relayed it: sandprint saw a ^C twice, "stop now", and
# killed the workload.
for via in native bpf ptrace; do
	rm -f blk.json blk.started blk.end
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$PTYJOB python3 - "$SP" $via <<'PY' >blk.$via 2>&1
import os, sys, time, signal
from ptyjob import control, start_job, ended
master, slave = os.openpty()
go_r, go_w = os.pipe()
st_r, st_w = os.pipe()
def blocked():
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGINT])
    os.dup2(go_r, 3)
shell = os.fork()
if shell == 0:
    signal.alarm(60)
    os.close(go_w)
    os.close(st_r)
    control(slave)
    # Says it started, then waits for the end of the harness's pipe.
    cmd = ["python3", "-c", "import os; open('blk.started', 'w'); os.read(3, 1); open('blk.end', 'w')"]
    if sys.argv[2] != "native":
        cmd = [sys.argv[1], "record", "-q", "--via", sys.argv[2], "-o", "blk.json", "--"] + cmd
    job = start_job(slave, cmd, blocked)
    _, st = os.waitpid(job, 0)
    os.write(st_w, ended(st))
    os._exit(0)
os.close(slave)
os.close(go_r)
os.close(st_w)
for _ in range(600):
    if os.path.exists("blk.started"):
        break
    time.sleep(0.05)
# Two ^C, apart: the second not merged into the first where one is
# taken (only then can the fault show; held, they merge anyway).
os.write(master, b"\x03")
time.sleep(0.3)
os.write(master, b"\x03")
time.sleep(1)           # natively nothing comes: the end of the wait
os.close(go_w)
print(os.read(st_r, 64).decode(), "end" if os.path.exists("blk.end") else "no end")
os.waitpid(shell, 0)
PY
	got=$(cat blk.$via)
	if [ $via = native ]; then
		native=$got
	else
		[ "$got" = "$native" ] && [ "$got" = "exit 0 end" ] &&
			ok blocked_terminal_sigint_held_as_natively_$via ||
			bad blocked_terminal_sigint_held_as_natively_$via "native: $native, $via: $got"
	fi
done

# --- a ^Z the workload takes without stopping, then ^C ----------------------
# The same job-control shell; the workload catches SIGTSTP and runs on
# (natively nothing stops); then ^C, which it dies of: the user's end,
# record --repeat runs no more.  With --via bpf the stand-in, stopped by
# the ^Z with nothing to continue it, held the ^C unrelayed: sandprint
# took the workload's death for a run's end and started the next (which
# here ends at once).  With --via ptrace sandprint stopped once the
# workload was gone, for the ^Z it had taken: the shell saw a job stopped.
for via in bpf ptrace; do
	rm -f zc.json zc.started zc.tstp zc.again
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$PTYJOB python3 - "$SP" $via <<'PY' >zc.out 2>zc.err
import os, sys, time, signal
from ptyjob import control, start_job, ended
master, slave = os.openpty()
st_r, st_w = os.pipe()
def wait_file(name):
    for _ in range(600):
        if os.path.exists(name):
            return
        time.sleep(0.05)
shell = os.fork()
if shell == 0:
    signal.alarm(60)
    os.close(st_r)
    control(slave)
    job = start_job(slave, [sys.argv[1], "record", "-q", "--repeat", "3",
                            "--via", sys.argv[2], "-o", "zc.json", "--", "python3", "-c",
                            "import os, signal, time\n"
                            "if os.path.exists('zc.tstp'): open('zc.again', 'w'); raise SystemExit\n"
                            "signal.signal(signal.SIGTSTP, lambda *a: open('zc.tstp', 'w'))\n"
                            "open('zc.started', 'x')\n"
                            "time.sleep(30)\n"], stdio=(0, 1))
    _, st = os.waitpid(job, os.WUNTRACED)
    os.write(st_w, ended(st))
    if os.WIFSTOPPED(st):
        os.killpg(job, signal.SIGKILL)
    os._exit(0)
os.close(slave)
os.close(st_w)
wait_file("zc.started")
os.write(master, b"\x1a")
wait_file("zc.tstp")
os.write(master, b"\x03")
print(os.read(st_r, 64).decode(), "again" if os.path.exists("zc.again") else "once")
os.waitpid(shell, 0)
PY
	[ "$(cat zc.out)" = "signal 2 once" ] &&
		ok terminal_stop_taken_by_the_workload_then_sigint_ends_repeat_$via ||
		bad terminal_stop_taken_by_the_workload_then_sigint_ends_repeat_$via "$(cat zc.out) $(tail -n 2 zc.err)"
done


# --- an orphaned process group: no stop, as natively ------------------------
# A script that leads its session (setsid sh -c, a service's script, ssh
# -t host 'cd dir && ...') runs sandprint in its own group, which no
# shell's job control watches: the group is orphaned, and the kernel drops
# the SIGTSTP its members send it (an editor's ^Z) and a terminal's ^Z.
# With --via bpf sandprint, out of the group in another of the session,
# made it not orphaned: the workload stopped, with nobody to continue it.
for via in native bpf ptrace; do
	python3 - "$SP" $via <<'PY' >orph.$via 2>&1
import os, sys, time, fcntl, termios, signal, select
master, slave = os.openpty()
w = "" if sys.argv[2] == "native" else \
    "'%s' record -q --via %s -o orph.json -- " % (sys.argv[1], sys.argv[2])
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv("/bin/sh", ["sh", "-c", w + "sh -c 'kill -TSTP 0; echo after'; echo rc=$?"])
os.close(slave)
out = b""
end = time.time() + 30
while time.time() < end and b"rc=" not in out:
    r, _, _ = select.select([master], [], [], 0.1)
    if r:
        try:
            out += os.read(master, 4096)
        except OSError:
            break
if b"rc=" not in out:
    print("stuck")
    for p in os.listdir("/proc"):  # the session it leads: ours
        if p.isdigit() and int(p) != os.getpid():
            try:
                if os.getsid(int(p)) == pid:
                    os.kill(int(p), signal.SIGKILL)
            except OSError:
                pass
os.waitpid(pid, 0)
print(" ".join(out.decode(errors="replace").split()))
PY
	if [ $via = native ]; then
		native=$(cat orph.native)
	else
		[ "$(cat orph.$via)" = "$native" ] && [ "$native" = "after rc=0" ] &&
			ok orphaned_group_not_stopped_as_natively_$via ||
			bad orphaned_group_not_stopped_as_natively_$via "native: $native, $via: $(cat orph.$via)"
	fi
done

# A shell's "kill -KILL %1" (SIGKILL to the job's group): with --via bpf
# sandprint records out of that group, so the workload dies as natively
# and the trace is written all the same; sandprint then dies of SIGKILL.
rm -f jobkill.json
timeout -s KILL 60 "$PROGS/fid_run" --pgrp --on ready=grp:KILL -- \
	"$SP" record -q --via bpf -o jobkill.json -- sh -c 'echo ready; exec sleep 60' >jobkill.out 2>&1
[ "$(tail -n 1 jobkill.out)/$(jq -r '.end + " " + (.status|tostring)' jobkill.json 2>&1)" = "fid_run: signal 9/signaled 9" ] &&
	ok sigkill_to_the_job_keeps_the_trace_bpf ||
	bad sigkill_to_the_job_keeps_the_trace_bpf "$(tail -n 1 jobkill.out): $(jq -c '[.end,.status]' jobkill.json 2>&1)"

# --- the live status line: never over what the workload uses -------------
# On the controlling terminal when the workload's stdin, stdout and stderr
# are elsewhere; with --progress on stderr (a terminal) whatever the
# workload does with it; never with -q; erased at the end.  (The workload
# sharing the terminal, no line: tests/fidelity.sh.)  A terminal that
# cannot erase (TERM dumb or unset: an editor's shell buffer) gets the
# line with carriage returns and spaces alone.  TERM is spelt out: CI's
# may be unset.
if command -v script >/dev/null; then
	# The sleep after sandprint keeps the terminal open until script has
	# read all of it (its last lines were lost under load once).
	TERM=xterm script -qec "'$SP' record -o live.json -- sh -c 'sleep 0.6' </dev/null >/dev/null 2>live.err; sleep 0.3" live.tty >/dev/null 2>&1
	grep -aq $'\r\033\[Ksandprint: [0-9][0-9]*\.[0-9] s, [0-9]* task' live.tty &&
		ok status_line_on_a_terminal_the_workload_does_not_use ||
		bad status_line_on_a_terminal_the_workload_does_not_use "$(cat -v live.tty | head -c 300)"
	grep -aq $'\r\033\[K$' live.tty &&
		ok status_line_erased_at_the_end || bad status_line_erased_at_the_end "$(cat -v live.tty | head -c 300)"
	TERM=xterm script -qec "'$SP' record --progress -o live.json -- sh -c 'sleep 0.6'; sleep 0.3" livep.tty >/dev/null 2>&1
	grep -aq $'\r\033\[Ksandprint: [0-9][0-9]*\.[0-9] s, [0-9]* task' livep.tty &&
		ok status_line_on_request || bad status_line_on_request "$(cat -v livep.tty | head -c 300)"
	TERM=xterm script -qec "'$SP' record -o live.json -- sh -c 'sleep 0.6'; sleep 0.3" livet.tty >/dev/null 2>&1
	grep -aq $'\033' livet.tty && bad no_status_line_on_the_workload_terminal "$(cat -v livet.tty | head -c 200)" ||
		ok no_status_line_on_the_workload_terminal
	TERM=xterm script -qec "'$SP' record -q --progress -o live.json -- sh -c 'sleep 0.6'" liveq.tty >/dev/null 2>&1
	grep -aq 'sandprint:' liveq.tty && bad no_status_line_with_q "$(cat -v liveq.tty | head -c 200)" ||
		ok no_status_line_with_q
	TERM=dumb script -qec "'$SP' record --progress -o live.json -- sh -c 'sleep 0.6'; sleep 0.3" lived.tty >/dev/null 2>&1
	! grep -aq $'\033' lived.tty && grep -aq $'\rsandprint: [0-9][0-9]*\.[0-9] s, [0-9]* task' lived.tty &&
		grep -aq $'\r  *\r' lived.tty &&
		ok status_line_without_escapes_on_a_dumb_terminal ||
		bad status_line_without_escapes_on_a_dumb_terminal "$(cat -v lived.tty | head -c 300)"
	# With TOSTOP set (stty tostop): the in-kernel recorder records out
	# of the workload's process group, in a background group of the
	# terminal, yet draws its line while the job is in the foreground, and
	# its writes there do not stop it (SIGTTOU), nor the workload's.  The
	# shell forks sandprint (not its session's leader, which stays in the
	# group).  A stopped sandprint is killed by timeout: no trace.
	for via in bpf ptrace; do
		rm -f tostop.json
		TERM=xterm timeout -s KILL 60 script -qec "stty tostop; '$SP' record --via $via --progress -o tostop.json -- sh -c 'sleep 0.6; echo done'; echo rc \$?; sleep 0.3" tostop.tty >/dev/null 2>&1
		grep -aq $'\r\033\[Ksandprint: [0-9][0-9]*\.[0-9] s, [0-9]* task' tostop.tty &&
			grep -aq $'done\r' tostop.tty && grep -aq 'rc 0' tostop.tty &&
			[ "$(jq -r .end tostop.json 2>&1)" = exited ] &&
			ok status_line_with_tostop_does_not_stop_sandprint_$via ||
			bad status_line_with_tostop_does_not_stop_sandprint_$via "$(cat -v tostop.tty | head -c 300)"
	done
fi
"$SP" record -o live.json -- sh -c 'sleep 0.6' 2>pipe.txt
grep -q $'\033' pipe.txt && bad no_status_line_when_piped "$(cat -v pipe.txt)" || ok no_status_line_when_piped

# --- -p: attach to running processes, follow their children, detach --------
# Attached once it runs sh; detached once a round of its loop ran whole
# while attached (the second line after the attach: neither on a timer).
# attach_loop NAME: a shell looping on /bin/true, in $loop, recorded
# attached into NAME.json by sandprint, in $spid, once it is ready;
# two_rounds NAME: until two more rounds of the loop ran.
two_rounds() {
	rm -f "$1rounds"
	for _ in $(seq 600); do
		[ "$(cat "$1rounds" 2>/dev/null | wc -l)" -ge 2 ] && break
		sleep 0.05
	done
}
attach_loop() {
	rm -f "$1up" "$1rounds" "$1ready"
	sh -c "echo up >$1up; while :; do /bin/true; echo r >>$1rounds; sleep 0.05; done" &
	loop=$!
	wait_line "$1up" up
	mkfifo "$1ready"
	"$SP" record -q -o "$1.json" -p $loop --ready-fd 3 3>"$1ready" &
	spid=$!
	read -r _ <"$1ready"
}
attach_loop att
two_rounds att
kill -INT $spid
wait $spid
expect_status attach_detach_on_sigint_exits_0 0 $?
if kill -0 $loop 2>/dev/null; then ok attached_process_runs_on_after_detach
else bad attached_process_runs_on_after_detach "pid $loop gone"; fi
kill $loop 2>/dev/null
[ "$(jq -r .end att.json)" = interrupted ] && ok attach_trace_marked_interrupted ||
	bad attach_trace_marked_interrupted "$(jq -r .end att.json)"
jq -e '.executables | index("/usr/bin/true")' att.json >/dev/null &&
	ok attach_follows_new_children || bad attach_follows_new_children "$(jq -c .executables att.json)"
jq -e '[.patterns[].syscall] | index("execve") and index("wait4")' att.json >/dev/null &&
	ok attach_records_calls || bad attach_records_calls "$(jq -c '[.patterns[].syscall]' att.json)"
# Any other signal that would end sandprint (SIGUSR1: a logrotate's
# reopen sent to the wrong pid) ends the recording as SIGINT does, the
# trace written, the process left running: it killed sandprint, the
# recording lost.  SIGWINCH (a terminal's resize), whose default is to
# do nothing, does nothing (the recording goes on past two more rounds).
attach_loop usr1
kill -WINCH $spid
two_rounds usr1
kill -0 $spid 2>/dev/null && ok attached_recording_goes_on_after_sigwinch ||
	bad attached_recording_goes_on_after_sigwinch "sandprint gone"
kill -USR1 $spid
wait $spid
expect_status attached_recording_ends_at_sigusr1_exit_0 0 $?
{ [ "$(jq -r .end usr1.json)" = interrupted ] && kill -0 $loop 2>/dev/null; } &&
	ok attached_recording_ends_at_sigusr1_trace_kept ||
	bad attached_recording_ends_at_sigusr1_trace_kept "$(head -c 200 usr1.json)"
kill $loop 2>/dev/null
# The process ends once the recording runs, not on a timer (a short sleep
# could be gone before a slow machine's attach).
# Attached once it runs sh (not in the fork before its exec: two images).
rm -f att2go att2ready att2up
mkfifo att2go att2ready
sh -c 'echo up >att2up; read -r _ < att2go' &
short=$!
wait_line att2up up
"$SP" record -q --via ptrace -o att2.json -p $short -p $short --ready-fd 3 3>att2ready &
spid=$!
read -r _ <att2ready
echo >att2go
wait $spid
expect_status attach_ends_when_process_exits 0 $?
[ "$(jq -r .end att2.json)" = exited ] && ok attach_trace_says_exited || bad attach_trace_says_exited "$(jq -r .end att2.json)"
[ "$(jq '.processes | length' att2.json)" = 1 ] && ok attach_pid_given_twice_recorded_once ||
	bad attach_pid_given_twice_recorded_once "$(jq -c '.processes' att2.json)"
# Attaching and letting go (and check -p) wake no call: threads asleep in
# calls that fail with EINTR when woken without a signal (epoll_wait,
# sigtimedwait), some started while attached, sleep on, and no signal is
# left pending.
# --ready-fd says when every thread is seized.
on_fifos sl "$PROGS/sleepers" attach
# check -p stops each thread a moment too.
"$SP" check -q -p $started att2.json >/dev/null 2>&1
attach sl ptrace $started
echo more >&7
read -r line2 <&8
kill -INT $recorder
wait $recorder
st=$?
exec 7>&-
out=$(cat <&8)
exec 8<&-
wait $started
slst=$?
[ "$ready/$first/$line2/$st/$out/$slst" = "ready/ready/ready/0/eintr 0/0" ] &&
	ok attach_and_detach_wake_no_sleeping_call ||
	bad attach_and_detach_wake_no_sleeping_call "ready-fd '$ready', record exit $st, sleepers exit $slst: $out"
jq -e '[.patterns[].syscall] | index("epoll_wait") and index("rt_sigtimedwait")' sl.json >/dev/null &&
	ok attach_records_the_call_a_thread_sleeps_in ||
	bad attach_records_the_call_a_thread_sleeps_in "$(jq -c '[.patterns[].syscall]' sl.json)"
# A process whose main thread exited (pthread_exit: a zombie leader) runs
# on in its other threads: recorded until its end, which is the trace's;
# check -p reads its filters from a live thread.  A process that has
# exited (a zombie not yet reaped) is said to be one.
on_fifos zlc "$PROGS/sleepers" leaderless
"$SP" check -q -p $started sl.json >/dev/null 2>zlc.err
zlc=$?
exec 7>&- 8<&-
wait $started
leaderless ptrace
[ $zlc = 0 ] && ok check_pid_of_a_process_whose_leader_exited ||
	bad check_pid_of_a_process_whose_leader_exited "exit $zlc: $(cat zlc.err)"
python3 -c 'import os, time
p = os.fork()
if p == 0: os._exit(0)
print(p, flush=True); time.sleep(60)' >zpid.txt &
zparent=$!
until read -r zpid <zpid.txt 2>/dev/null && [ -n "$zpid" ] &&
	[ "$(awk '{print $3}' /proc/$zpid/stat 2>/dev/null)" = Z ]; do sleep 0.01; done
"$SP" record -q -o x.json -p $zpid 2>err.txt; expect_status attach_to_a_zombie_is_error 2 $?
grep -qx "sandprint: -p $zpid: has exited (a zombie its parent, pid $zparent, has not reaped)" err.txt &&
	ok attach_to_a_zombie_says_it_exited || bad attach_to_a_zombie_says_it_exited "$(cat err.txt)"
"$SP" check -q -p $zpid sl.json 2>err.txt; expect_status check_pid_of_a_zombie_is_error 2 $?
grep -qx "sandprint: pid:$zpid: has exited (a zombie its parent, pid $zparent, has not reaped)" err.txt &&
	ok check_pid_of_a_zombie_says_it_exited || bad check_pid_of_a_zombie_says_it_exited "$(cat err.txt)"
kill $zparent; wait $zparent 2>/dev/null
# A process another tracer has is said to be, by the tracer's name.
if command -v strace >/dev/null; then
	sleep 60 &
	traced=$!
	strace -qq -o strace.out -p $traced &
	st_pid=$!
	until [ "$(awk '/^TracerPid:/ {print $2}' /proc/$traced/status)" = $st_pid ]; do sleep 0.01; done
	"$SP" record -q --via ptrace -o x.json -p $traced 2>err.txt; expect_status attach_to_a_traced_process_is_error 2 $?
	grep -q "^sandprint: cannot attach to pid $traced: it is traced already, by pid $st_pid (strace)" err.txt &&
		ok attach_names_the_other_tracer || bad attach_names_the_other_tracer "$(cat err.txt)"
	"$SP" check -q -p $traced sl.json 2>err.txt
	grep -q "^sandprint: pid:$traced: cannot attach: it is traced already, by pid $st_pid (strace)" err.txt &&
		ok check_pid_names_the_other_tracer || bad check_pid_names_the_other_tracer "$(cat err.txt)"
	kill $st_pid; wait $st_pid 2>/dev/null
	kill $traced; wait $traced 2>/dev/null
fi
"$SP" record -q -o x.json -p 999999999 2>err.txt; expect_status attach_to_missing_pid_is_error 2 $?
grep -q 'pid 999999999: no such process' err.txt && ok attach_missing_pid_named || bad attach_missing_pid_named "$(cat err.txt)"
# A thread's id: the process it belongs to is named.
python3 -c 'import threading, time
t = threading.Thread(target=time.sleep, args=(30,)); t.start(); t.join()' &
threaded=$!
for _ in $(seq 600); do
	tid=$(ls /proc/$threaded/task 2>/dev/null | grep -vx "$threaded" | head -n 1)
	[ -n "$tid" ] && break
	sleep 0.05
done
"$SP" record -q -o x.json -p "$tid" 2>err.txt; expect_status attach_to_a_thread_is_error 2 $?
grep -qx "sandprint: -p $tid: a thread of process $threaded; -p takes a process" err.txt &&
	ok attach_to_a_thread_names_its_process || bad attach_to_a_thread_names_its_process "$(cat err.txt)"
kill $threaded 2>/dev/null; wait $threaded 2>/dev/null
"$SP" record -q -o x.json -p 1 -- true 2>/dev/null; expect_status attach_and_command_exclude 2 $?

# --- non-root: no_new_privs, and the programs it changes named -------------
if command -v setpriv >/dev/null; then
	# Root without the capabilities (a container's default set) is not
	# told it needs root.
	setpriv --bounding-set -sys_admin,-bpf "$SP" record --via bpf -q -o x.json -- true 2>err.txt
	expect_status root_without_bpf_caps_is_error 2 $?
	has root_without_bpf_caps_says_caps_not_root \
		"^sandprint: --via bpf: the in-kernel recorder cannot run here: it needs capabilities this root lacks \\(CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN\\)$" err.txt
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	$nobody "$SP" record -o /tmp/sp-nobody-$$.json -- true 2>err.txt
	st=$?
	# Yama's ptrace_scope 2 and 3 let no user trace even a child: said
	# so (whatever the host's scope is, it is read, never set).
	yama=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)
	if [ "$yama" -ge 2 ]; then
		has non_root_record_under_yama_says_scope \
			"^sandprint: cannot trace the workload: Yama's ptrace_scope is $yama " err.txt
	elif [ $st -eq 0 ] && ! grep -q 'setuid\|set-user-ID\|warning' err.txt &&
		[ "$(jq .no_new_privs /tmp/sp-nobody-$$.json)" = true ]; then
		ok non_root_uses_no_new_privs_and_marks_the_trace
	else
		bad non_root_uses_no_new_privs_and_marks_the_trace "status $st: $(cat err.txt)"
	fi
	# A process's filters (pid:N): the kernel shows them to root alone
	# (CAP_SYS_ADMIN in the initial user namespace), so the process is
	# not stopped for a read bound to fail; which one it lacks is said.
	$nobody sleep 30 &
	sl=$!
	# Once it runs sleep (setpriv has changed its user).
	for _ in $(seq 600); do [ "$(cat /proc/$sl/comm 2>/dev/null)" = sleep ] && break; sleep 0.05; done
	$nobody "$SP" check -P pid:$sl /tmp/sp-nobody-$$.json 2>err.txt
	expect_status non_root_check_of_live_filters_is_error 2 $?
	has non_root_check_of_live_filters_says_root \
		"^sandprint: pid:$sl: cannot read its seccomp filters: it needs CAP_SYS_ADMIN \\(root\\), which sandprint lacks$" err.txt
	if $nobody unshare -r true 2>/dev/null; then
		$nobody unshare -r "$SP" check -P pid:$sl /tmp/sp-nobody-$$.json 2>err.txt
		has userns_check_of_live_filters_says_initial_namespace \
			"^sandprint: pid:$sl: cannot read its seccomp filters: it needs CAP_SYS_ADMIN in the initial user namespace" err.txt
	else
		echo "skip userns_check_of_live_filters_says_initial_namespace: no unprivileged user namespaces"
	fi
	kill $sl; wait $sl 2>/dev/null
	rm -f /tmp/sp-nobody-$$.json
	# Another user's file in a directory the user may write: refused
	# before the run where ">" would be (not replaced, its owner lost),
	# written in place where ">" may (a sticky /tmp's rename would fail).
	shared=$(mktemp -d /tmp/sp-shared.XXXXXX) && chmod 1777 "$shared"
	sp_at_exit "rm -rf '$shared'"
	echo theirs >"$shared/ro.json" && chmod 644 "$shared/ro.json"
	$nobody "$SP" record -q -o "$shared/ro.json" -- touch "$shared/ran" 2>err.txt
	expect_status non_root_output_of_anothers_file_is_error 2 $?
	if [ "$(cat "$shared/ro.json")" = theirs ] && [ "$(stat -c %U "$shared/ro.json")" = root ] &&
		[ ! -e "$shared/ran" ] && grep -qx "sandprint: cannot write $shared/ro.json: Permission denied" err.txt; then
		ok non_root_output_of_anothers_file_kept_and_workload_not_run
	else
		bad non_root_output_of_anothers_file_kept_and_workload_not_run "$(stat -c %U "$shared/ro.json"): $(cat err.txt)"
	fi
	echo theirs >"$shared/rw.json" && chmod 666 "$shared/rw.json"
	$nobody "$SP" record -q -o "$shared/rw.json" -- true 2>err.txt
	st=$?
	if [ $st = 0 ] && [ "$(stat -c %U "$shared/rw.json")" = root ] &&
		[ "$(jq -r .format "$shared/rw.json")" = sandprint-trace ]; then
		ok non_root_output_of_anothers_writable_file_in_place
	else
		bad non_root_output_of_anothers_writable_file_in_place "status $st, $(stat -c %U "$shared/rw.json"): $(cat err.txt)"
	fi
	# The default output in a directory the user may not write: which
	# file, and that -o names another.
	(cd / && $nobody "$SP" record -q -- true 2>"$WORK/err.txt")
	expect_status non_root_default_output_unwritable_is_error 2 $?
	has non_root_default_output_unwritable_says_o \
		"^sandprint: sandprint-trace.json is the default output, in the current directory: -o names another$" err.txt
	# The user's own file in a directory it may not write: written.
	# (Modes spelled out: the caller's umask may be 077.)
	mkdir -m 755 "$shared/ro" && : >"$shared/ro/own.json" && chown 65534 "$shared/ro/own.json"
	$nobody "$SP" record -q -o "$shared/ro/own.json" -- true 2>err.txt
	st=$?
	[ $st = 0 ] && [ "$(jq -r .format "$shared/ro/own.json")" = sandprint-trace ] &&
		ok non_root_output_of_own_file_in_unwritable_dir ||
		bad non_root_output_of_own_file_in_unwritable_dir "status $st: $(cat err.txt)"
	# A set-user-ID program loses its bit under a user's sandprint (the
	# kernel ignores it under no_new_privs, and for a task traced by one
	# without CAP_SYS_PTRACE): it may take another path than natively,
	# which the trace cannot show, so it is named, even with -q, once.
	# Not where natively it has no effect either (no_new_privs of the
	# caller's own).
	sud=$(mktemp -d /tmp/sp-suid.XXXXXX) && chmod 755 "$sud" &&
		mkdir "$sud/w" && chown 65534 "$sud/w"
	sp_at_exit "rm -rf '$sud'"
	cp "$PROGS/edge_setuid" "$sud/su" && chown 1:1 "$sud/su" && chmod 4755 "$sud/su"
	lost=": what it does may not be what it does natively"
	if [ "$yama" -ge 2 ]; then
		echo "skip setuid_as_user_*: Yama's ptrace_scope $yama lets no user trace"
	elif [ "$($nobody "$sud/su")" != "ruid 65534 euid 1" ]; then
		echo "skip setuid_as_user_*: $sud is mounted nosuid"
	else
		$nobody "$SP" record -q -o "$sud/w/t.json" -- sh -c '"$0"; "$0"' "$sud/su" >out.txt 2>err.txt
		if [ "$(cat err.txt)" = "sandprint: warning: $sud/su is set-user-ID (uid 1) but runs as uid 65534 (no_new_privs: sandprint lacks CAP_SYS_ADMIN)$lost" ] &&
			[ "$(sort -u out.txt)" = "ruid 65534 euid 65534" ]; then
			ok setuid_as_user_named_once
		else
			bad setuid_as_user_named_once "$(cat out.txt err.txt)"
		fi
		# The trace says so too, and what is made of it.
		[ "$(jq -c .unprivileged "$sud/w/t.json")" = "[\"$sud/su\"]" ] &&
			ok setuid_as_user_listed_in_trace ||
			bad setuid_as_user_listed_in_trace "$(jq -c .unprivileged "$sud/w/t.json")"
		"$SP" profile -o p-su.json "$sud/w/t.json" 2>err.txt
		has setuid_as_user_noted_by_profile \
			"^sandprint: $sud/w/t.json: $sud/su ran without its set-id bits or file capabilities when recorded" err.txt
		# One it may run but not read (mode 4711, as some distributions
		# ship sudo) runs undumpable: /proc hides its executable from
		# a user's sandprint, which takes the name execve was given.
		cp "$sud/su" "$sud/xsu" && chown 1:1 "$sud/xsu" && chmod 4711 "$sud/xsu"
		$nobody "$SP" record -q -o "$sud/w/x.json" -- sh -c 'cd "$0" && ./xsu' "$sud" >/dev/null 2>err.txt
		if [ "$(jq -c '[.executables[1], .unprivileged]' "$sud/w/x.json")" = "[\"$sud/xsu\",[\"$sud/xsu\"]]" ] &&
			grep -q "^sandprint: warning: $sud/xsu is set-user-ID (uid 1)" err.txt; then
			ok unreadable_setuid_as_user_named
		else
			bad unreadable_setuid_as_user_named "$(jq -c '[.executables, .unprivileged]' "$sud/w/x.json"): $(cat err.txt)"
		fi
		"$SP" show "$sud/w/t.json" >show.txt 2>&1
		has setuid_as_user_shown "^  ran without its set-id bits or file capabilities: $sud/su$" show.txt
		$nobody setpriv --no-new-privs "$SP" record -q -o "$sud/w/t.json" -- "$sud/su" >/dev/null 2>err.txt
		[ ! -s err.txt ] && ok setuid_as_user_under_callers_nnp_unsaid ||
			bad setuid_as_user_under_callers_nnp_unsaid "$(cat err.txt)"
		# Untraced (a baseline's refusals by notification) no exec is
		# seen: said before the run instead.
		echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$sud/allow.json" && chmod 644 "$sud/allow.json"
		$nobody "$SP" record --via notify --baseline "$sud/allow.json" -o "$sud/w/b.json" -- "$sud/su" >/dev/null 2>err.txt
		has setuid_as_user_untraced_said_before \
			"^sandprint: no CAP_SYS_ADMIN: installing the filter with no_new_privs, so setuid and file capabilities do not take effect in the workload$" err.txt
		# A process that makes itself undumpable closes its /proc
		# descriptors and executable to a user's sandprint: code it
		# maps then cannot be named (said, once, even with -q; as root
		# it is named), and untraced its calls (and its child's) stay
		# with the executable it was seen running, not "?".
		why="/proc closes another user's process, and an undumpable one (after a change of user or group IDs, a set-id program or one it may not read, or PR_SET_DUMPABLE 0), to a sandprint without CAP_SYS_PTRACE (root has it)"
		cp "$PROGS/edge_undumpable" "$sud/undump" && cp "$PROGS/edge_undumpable" "$sud/code.so"
		"$SP" record -q --via ptrace -o "$sud/w/ur.json" -- "$sud/undump" "$sud/code.so" >/dev/null 2>err.txt
		[ ! -s err.txt ] && [ "$(jq -c '.objects | index($c) != null' --arg c "$sud/code.so" "$sud/w/ur.json")" = true ] &&
			ok undumpable_mapped_code_named_as_root ||
			bad undumpable_mapped_code_named_as_root "$(jq -c .objects "$sud/w/ur.json"): $(cat err.txt)"
		for via in ptrace notify; do
			$nobody "$SP" record -q --via $via -o "$sud/w/u.json" -- sh -c '"$0" "$1"; "$0" "$1"' "$sud/undump" "$sud/code.so" >out.txt 2>err.txt
			if [ "$(cat err.txt)" = "sandprint: warning: code $sud/undump mapped could not be named (missing from the trace's objects, and what it calls from the static analysis): $why" ] &&
				[ "$(sort -u out.txt)" = "dumpable 0" ]; then
				ok undumpable_unnamed_code_said_once_as_user_$via
			else
				bad undumpable_unnamed_code_said_once_as_user_$via "$(cat out.txt err.txt)"
			fi
		done
		echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ERRNO"}]}' >"$sud/nosock.json" &&
			chmod 644 "$sud/nosock.json"
		$nobody "$SP" record -q --via notify --baseline "$sud/nosock.json" -o "$sud/w/ub.json" -- "$sud/undump" "$sud/code.so" >out.txt 2>err.txt
		st=$?
		if [ $st = 0 ] && [ "$(cat out.txt)" = "dumpable 0" ] &&
			[ "$(jq -c '[.executables, ([.patterns[] | select(.syscall == "socket") | .count] | add)]' "$sud/w/ub.json")" = "[[\"$sud/undump\"],2]" ]; then
			ok undumpable_untraced_calls_keep_executable_as_user
		else
			bad undumpable_untraced_calls_keep_executable_as_user "status $st: $(jq -c '[.executables, [.patterns[] | select(.syscall == "socket") | [.exe, .count]]]' "$sud/w/ub.json"): $(cat out.txt err.txt)"
		fi
		# Root without CAP_SYS_PTRACE (a container's default set): a
		# workload that drops to another user is closed to it, but
		# read as that user it is named, its code too.  A set-id
		# program it runs either keeps its privileges (ids that
		# differ, closed to any user but its own: its program and code
		# said to be unnamed, once each) or loses them to our ptrace
		# (then said so, once), as the kernel decides.
		native=$($nobody "$sud/su")
		for via in ptrace notify; do
			setpriv --bounding-set -sys_ptrace "$SP" record -q --via $via -o "$sud/w/np.json" -- \
				$nobody sh -c 'exec ls "$0"' "$sud/su" >out.txt 2>err.txt
			st=$?
			if [ $st = 0 ] && [ ! -s err.txt ] &&
				[ "$(jq -c '[(.executables | index("?")), (.objects | map(select(test("/libc[.-]"))) | length)]' "$sud/w/np.json")" = "[null,1]" ]; then
				ok another_users_program_read_as_its_user_without_cap_sys_ptrace_$via
			else
				bad another_users_program_read_as_its_user_without_cap_sys_ptrace_$via "status $st: $(jq -c '[.executables, .objects]' "$sud/w/np.json"): $(cat err.txt)"
			fi
			setpriv --bounding-set -sys_ptrace "$SP" record -q --via $via -o "$sud/w/np.json" -- \
				$nobody sh -c '"$0"; "$0"' "$sud/su" >out.txt 2>err.txt
			st=$?
			if [ "$(sort -u out.txt)" = "$native" ]; then
				said="sandprint: warning: a program $(readlink -f "$(command -v sh)") ran could not be named (\"?\" in the trace's executables): $why
sandprint: warning: code a program mapped could not be named (missing from the trace's objects, and what it calls from the static analysis): $why"
			else
				said="sandprint: warning: $sud/su is set-user-ID (uid 1) but runs as uid 65534 (traced: sandprint lacks CAP_SYS_PTRACE)$lost"
			fi
			if [ $st = 0 ] && [ "$(cat err.txt)" = "$said" ]; then
				ok set_id_program_unnamed_said_once_without_cap_sys_ptrace_$via
			else
				bad set_id_program_unnamed_said_once_without_cap_sys_ptrace_$via "status $st: $(cat out.txt err.txt)"
			fi
			# Its memory too (process_vm_readv checks the real
			# ids): pthread_create's clone3 flags, read from its
			# struct, are recorded (CLONE_THREAD set), not unknown.
			cp "$PROGS/threads" "$sud/threads"
			setpriv --bounding-set -sys_ptrace "$SP" record -q --via $via -o "$sud/w/th.json" -- \
				$nobody "$sud/threads" >/dev/null 2>err.txt
			st=$?
			if [ $st = 0 ] && [ "$(jq '[.patterns[] | select(.syscall == "clone3") | .args[0] | . != null and (. / 65536 | floor) % 2 == 1] | (length > 0 and all)' "$sud/w/th.json")" = true ]; then
				ok another_users_memory_read_as_its_user_without_cap_sys_ptrace_$via
			else
				bad another_users_memory_read_as_its_user_without_cap_sys_ptrace_$via "status $st: $(jq -c '[.patterns[] | select(.syscall == "clone3")]' "$sud/w/th.json"): $(cat err.txt)"
			fi
		done
		# Attached: no no_new_privs, but traced by a user.
		$nobody sh -c ': >"$0/w/up"; i=0; until [ -s "$0/go" ] || [ $i = 3000 ]; do
			sleep 0.01; i=$((i + 1)); done; exec "$0/su"' "$sud" >/dev/null &
		waiter=$!
		for _ in $(seq 3000); do [ -e "$sud/w/up" ] && break; sleep 0.01; done
		$nobody "$SP" record -q --via ptrace --ready-fd 3 -o "$sud/w/t.json" -p $waiter 3>"$sud/go" 2>err.txt
		[ "$(cat err.txt)" = "sandprint: warning: $sud/su is set-user-ID (uid 1) but runs as uid 65534 (traced: sandprint lacks CAP_SYS_PTRACE)$lost" ] &&
			ok setuid_as_user_attached_named || bad setuid_as_user_attached_named "$(cat err.txt)"
		wait $waiter
		# Attaching to one that runs set-user-ID: which ids stop it.
		cp "$(command -v sleep)" "$sud/sleep" && chown 1:1 "$sud/sleep" && chmod 4755 "$sud/sleep"
		$nobody "$sud/sleep" 30 &
		sl=$!
		for _ in $(seq 3000); do
			[ "$(awk '/^Uid:/ { print $3 }' /proc/$sl/status 2>/dev/null)" = 1 ] && break
			sleep 0.01
		done
		$nobody "$SP" record -q --via ptrace -o "$sud/w/t.json" -p $sl 2>err.txt
		expect_status non_root_attach_to_setuid_is_error 2 $?
		has non_root_attach_to_setuid_says_so \
			"^sandprint: cannot attach to pid $sl: it runs set-user-ID as uid 1 \\(a privileged program\\): attaching needs root or CAP_SYS_PTRACE$" err.txt
		kill $sl; wait $sl 2>/dev/null
	fi
	# Another user's process: said so, in one sentence.
	sleep 60 &
	roots=$!
	setpriv --reuid=65534 --regid=65534 --clear-groups "$SP" record -q --via ptrace \
		-o /tmp/sp-nobody-$$.json -p $roots 2>err.txt
	expect_status non_root_attach_to_another_users_is_error 2 $?
	grep -qx "sandprint: cannot attach to pid $roots: it is another user's (uid 0): attaching needs root or CAP_SYS_PTRACE" err.txt &&
		ok non_root_attach_says_whose_it_is || bad non_root_attach_says_whose_it_is "$(cat err.txt)"
	kill $roots; wait $roots 2>/dev/null
	rm -f /tmp/sp-nobody-$$.json
fi

# --- record --repeat: each run's note said once, not once a run -------------
# edge_nested_ptrace's own ptrace fails in every run: one note for the three.
"$SP" record --repeat 3 --via ptrace -o rep.json -- "$PROGS/edge_nested_ptrace" \
	>/dev/null 2>err.txt
n=$(grep -c 'edge_nested_ptrace tried to trace a process itself' err.txt)
[ "$n" = 1 ] && ok repeat_note_said_once || bad repeat_note_said_once "said $n times: $(cat err.txt)"
# A note first said in a later run (the trace in run 2 only) names its run.
rm -f flip
"$SP" generate --repeat 3 --via ptrace -o rep-p.json -- /bin/sh -c \
	"if [ -e flip ]; then rm flip; exec '$PROGS/edge_nested_ptrace'; else : >flip; fi" \
	>/dev/null 2>err.txt
has repeat_later_note_names_its_run '^sandprint: run 2 of 3: note: .*/edge_nested_ptrace tried to trace a process itself' err.txt
n=$(grep -c 'edge_nested_ptrace tried to trace a process itself' err.txt)
[ "$n" = 1 ] && ok generate_repeat_note_said_once || bad generate_repeat_note_said_once "said $n times: $(cat err.txt)"
# A note a later run says with other numbers (the process it left) is not
# lost: said once more when the runs end, with the later run's values.
# (The process left lives 3 s: the note comes 1 s after the command's
# exit, and a loaded machine's tracer sees that exit late.)
rm -f left-pids
"$SP" record --repeat 2 --via ptrace -o rep-l.json -- /bin/sh -c \
	'sleep 3 & echo $! >>left-pids' 2>err.txt
second=$(sed -n 2p left-pids)
n=$(grep -c 'leaving 1 process running' err.txt)
has repeat_note_with_other_numbers_keeps_them \
	"^sandprint: run 2 of 2, again with other numbers: the command has exited, leaving 1 process running \\($second sleep\\)" err.txt
[ "$n" = 2 ] && ok repeat_note_with_other_numbers_said_twice_not_per_run ||
	bad repeat_note_with_other_numbers_said_twice_not_per_run "said $n times: $(cat err.txt)"

sp_end
