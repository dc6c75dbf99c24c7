# shellcheck shell=bash disable=SC2034
# tests/lib.sh - the harness every tests/*.sh script shares.  Source it
# first thing:
#
#   . "$(dirname -- "$0")/lib.sh"
#   sp_begin NAME [root]   work in a fresh /tmp/sp-NAME.XXXXXX (removed at
#                          exit, with whatever sp_at_exit added); with
#                          "root", exit 77 (ctest's skip) unless root
#   ok NAME                a passed case
#   bad NAME WHY           a failed one
#   expect_status NAME EXPECTED ACTUAL
#   has NAME PATTERN FILE  ok when grep -E finds PATTERN in FILE
#   sp_at_exit CMD         run CMD (eval'd) at exit, before WORK goes
#   on_fifos NAME CMD...   CMD in the background, its stdin written on fd
#                          7 and its stdout read on fd 8 (fifos NAME.in,
#                          NAME.out); its pid in $started, its first line
#                          read into $first
#   attach NAME VIA PID    $SP record -p PID --via VIA -o NAME.json in the
#                          background (stderr NAME.err, fds 7 and 8
#                          closed), once it says it is ready (--ready-fd):
#                          its pid in $recorder, what it said in $ready
#   leaderless VIA         sleepers leaderless (a process whose leader
#                          exited) recorded by attach: its end is the
#                          trace's ($PROGS, $SP)
#   wait_line FILE TEXT    up to 30 s for a line TEXT to appear in FILE (the
#                          cap bounds a failure: a sanitizer build at load
#                          10 takes seconds to start)
#   alive PID              PID runs (a zombie waiting to be reaped is dead)
#   dies PID               up to 20 s for PID to be dead (a SIGKILL sent is
#                          taken once the task is scheduled again)
#   taken PID SIG          up to 30 s for process PID to have taken signal
#                          SIG sent to it (no longer pending): a second
#                          one sent now is not merged into the first
#   sp_end                 "N passed, M failed"; exits 0 only when none
#                          failed and some passed (a script that checked
#                          nothing has failed too)
#
# Output of every script: "ok NAME" / "FAIL NAME: why" per case, then the
# count.  HERE is the tests/ directory.
HERE=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
pass=0 fail=0
WORK=
sp_exit_cmds=()

ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }
expect_status() { # name expected actual
	if [ "$3" -eq "$2" ]; then ok "$1"; else bad "$1" "status $3, expected $2"; fi
}
has() { # name pattern file
	if grep -Eq -- "$2" "$3"; then ok "$1"; else bad "$1" "no /$2/ in: $(head -c 600 "$3" | tr '\n' '|')"; fi
}

wait_line() { # file text
	for _ in $(seq 600); do grep -qx -- "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}
alive() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) [ZX]' "/proc/$1/stat"; }
dies() { # pid
	for _ in $(seq 400); do alive "$1" || return 0; sleep 0.05; done
	return 1
}
taken() { # pid sig
	local bit mask
	bit=$(($(kill -l "$2") - 1))
	for _ in $(seq 600); do
		mask=$(awk '/^ShdPnd:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 0
		[ -z "$mask" ] || [ $((0x$mask >> bit & 1)) = 0 ] && return 0
		sleep 0.05
	done
	return 1
}

sp_at_exit() { sp_exit_cmds+=("$1"); }

on_fifos() { # name cmd...
	local name=$1
	shift
	rm -f "$name.in" "$name.out"
	mkfifo "$name.in" "$name.out"
	"$@" <"$name.in" >"$name.out" &
	started=$!
	exec 7>"$name.in" 8<"$name.out"
	read -r first <&8
}

attach() { # name via pid
	rm -f "$1.ready"
	mkfifo "$1.ready"
	"$SP" record -q --via "$2" -o "$1.json" --ready-fd 9 -p "$3" \
		9>"$1.ready" 2>"$1.err" 7>&- 8<&- &
	recorder=$!
	read -r ready <"$1.ready"
}

leaderless() { # via
	local st
	on_fifos zl "$PROGS/sleepers" leaderless
	attach zl "$1" $started
	exec 7>&- 8<&-
	wait $recorder
	st=$?
	wait $started
	[ "$ready/$st" = ready/3 ] && [ "$(jq -r '"\(.end) \(.status)"' zl.json)" = "exited 3" ] &&
		jq -e '[.patterns[].syscall] | index("uname")' zl.json >/dev/null &&
		ok attach_to_a_process_whose_leader_exited ||
		bad attach_to_a_process_whose_leader_exited "ready-fd '$ready', exit $st: $(cat zl.err) $(jq -c '[.end, .status, [.patterns[].syscall]]' zl.json)"
}
sp_cleanup() {
	local c
	# Only in the script's own shell: a child it forked, killed before
	# its exec, runs this trap too (a stale "started" file once let a
	# test signal a just-forked job, and its trap removed WORK midway).
	[ "$BASHPID" = "$sp_shell" ] || return 0
	for c in "${sp_exit_cmds[@]}"; do eval "$c"; done
	[ -n "$WORK" ] && rm -rf -- "$WORK"
}

sp_begin() { # name [root]
	if [ "${2:-}" = root ] && [ "$(id -u)" != 0 ]; then
		echo "$1: needs root; skipping" >&2
		exit 77
	fi
	WORK=$(mktemp -d "/tmp/sp-$1.XXXXXX") || exit 2
	sp_shell=$BASHPID
	trap sp_cleanup EXIT
	cd "$WORK" || exit 2
}

sp_end() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
	exit
}
