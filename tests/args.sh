#!/bin/bash
# args.sh - argument rules judged by a real consumer: record a program's
# calls, then run it in crun under its own profile (default action ERRNO):
# what it did still works; the calls next to it (another socket family,
# another prctl option, another ioctl, writable+executable memory) are
# refused.  Also: the size of a real profile (ls -l), and --args none.
#
# Usage: args.sh SANDPRINT PROGDIR
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
[ "$(id -u)" = 0 ] || { echo "args: needs root; skipping" >&2; exit 77; }
sp_begin args

# Natively the neighbours work, so the test can fail.
"$PROGS/argrules" neighbours >native.txt 2>&1
[ $? -ne 0 ] && ok neighbours_work_natively || bad neighbours_work_natively "$(cat native.txt)"

# Recorded from argrules_seen, whose code holds no neighbour (a value
# the program computes may be any: static coverage allows it).
"$SP" generate -q -o p.json -- "$PROGS/argrules_seen" seen >/dev/null
st=$?
[ $st -eq 0 ] && ok recorded_seen || bad recorded_seen "status $st"
"$HERE/run-in-crun.sh" p.json -- "$PROGS/argrules_seen" seen >out.txt 2>&1
st=$?
[ $st -eq 0 ] && ok seen_calls_work_under_own_profile || bad seen_calls_work_under_own_profile "status $st: $(tr '\n' ' ' <out.txt)"
"$HERE/run-in-crun.sh" p.json -- "$PROGS/argrules" neighbours >out.txt 2>&1
st=$?
[ $st -eq 0 ] && ok neighbours_refused_under_own_profile || bad neighbours_refused_under_own_profile "status $st: $(tr '\n' ' ' <out.txt)"

"$SP" generate -q --args none -o none.json -- "$PROGS/argrules_seen" seen >/dev/null
n=$(jq '[.syscalls[] | select(.args != null)] | length' none.json)
[ "$n" = 0 ] && ok args_none_has_no_conditions || bad args_none_has_no_conditions "$n rules with args"
"$HERE/run-in-crun.sh" none.json -- "$PROGS/argrules" neighbours >out.txt 2>&1
[ $? -ne 0 ] && ok args_none_lets_neighbours_through || bad args_none_lets_neighbours_through "neighbours refused"

# The runtime's own calls are allowed whatever the workload's rules on the
# same calls say: with --args strict, argrules' prctl(PR_SET_NAME), openat
# and futex carry conditions, and runc and crun without noNewPrivileges
# call prctl(PR_CAPBSET_DROP, ...), openat, futex, ... after loading the
# filter.  Each must start the container and run it to the end.
"$SP" generate -q --args strict --default-action kill-process -o strict.json \
	-- "$PROGS/argrules" seen >/dev/null
for rt in runc crun; do
	"$HERE/run-in-crun.sh" --runtime $rt --nnp false --kill strict.json -- \
		"$PROGS/argrules" seen >out.txt 2>&1
	st=$?
	[ $st -eq 0 ] && ok "${rt}_starts_under_strict_args_profile" ||
		bad "${rt}_starts_under_strict_args_profile" "status $st: $(tail -n 2 out.txt | tr '\n' ' ')"
done

# ptrace held to what was recorded (PTRACE_PEEKDATA; --static none: the
# program's own code holds the PTRACE_POKEDATA it runs next) refuses
# PTRACE_POKEDATA, yet an open of /proc/PID/mem writes another process's
# memory under the same access check: the generator says so, and in
# crun the write lands (the victim, the attacker's child, exits 7).
"$SP" generate --static none -o pm.json -- "$PROGS/ptrace_mem" peek \
	>/dev/null 2>gen.txt
st=$?
[ $st -eq 0 ] && grep -q 'openat allowed (x86_64): an open of /proc/PID/mem' gen.txt &&
	ok proc_mem_beside_held_ptrace_said ||
	bad proc_mem_beside_held_ptrace_said "status $st: $(tr '\n' ' ' <gen.txt)"
"$HERE/run-in-crun.sh" pm.json -- "$PROGS/ptrace_mem" poke >out.txt 2>&1
st=$?
[ $st -eq 7 ] && grep -q 'PTRACE_POKEDATA): Operation not permitted' out.txt &&
	ok proc_mem_written_where_ptrace_refuses_the_poke ||
	bad proc_mem_written_where_ptrace_refuses_the_poke "status $st: $(tr '\n' ' ' <out.txt)"

# A profile for ls -l stays small: what it recorded, at most 40 calls
# (its rules tagged alike, the descriptor forms of its path calls, left
# out); with the static and runtime additions (the defaults), at most 120
# of the 301 calls Docker's default allows, everything counted (105, 35%,
# before the name service modules glibc may load for ls's getpwuid and
# getgrgid: libnss_systemd's sd-bus code on Debian).
"$SP" generate -q --static none --runtime none -o ls-rec.json -- ls -l / >/dev/null
"$SP" generate -q -o ls.json -- ls -l / >/dev/null
allowed() { jq --arg skip "${2:-}" '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") |
	select($skip == "" or ((.comment // "") | startswith($skip) | not)) | .names[]] | unique | length' "$1"; }
n=$(allowed ls-rec.json "sandprint: alike:")
[ "$n" -le 40 ] && ok ls_recorded_profile_allows_at_most_40 || bad ls_recorded_profile_allows_at_most_40 "$n allowed"
n=$(allowed ls.json)
[ "$n" -le 120 ] && ok ls_profile_allows_at_most_120 || bad ls_profile_allows_at_most_120 "$n allowed"
"$HERE/run-in-crun.sh" --kill ls.json -- ls -l / >/dev/null 2>&1
st=$?
[ $st -eq 0 ] && ok ls_runs_under_kill_default || bad ls_runs_under_kill_default "status $st"

sp_end
