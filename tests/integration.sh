#!/bin/bash
# integration.sh - end-to-end test: record workloads with sandprint, then run
# each one under its own generated profile in crun with a KILL default.
#
# Usage: integration.sh SANDPRINT PROGDIR
#   SANDPRINT  the sandprint binary
#   PROGDIR    directory holding the testdata/progs programs
#
# For each case, in its own temporary directory:
#   1. run the command natively: its exit status must be the expected one
#      (checks the program and the test itself);
#   2. sandprint generate -q --default-action kill-process -o P.json -- CMD:
#      same exit status (sandprint passes the command's status through) and,
#      for deterministic commands, the same stdout as the native run;
#   3. run-in-crun.sh --kill P.json -- CMD, in crun (noNewPrivileges true,
#      as its spec writes it), in Podman with its defaults (noNewPrivileges
#      false: the runtime loads the filter before it drops privileges), and
#      in one more of runc with true or false, crun with false, Podman with
#      --security-opt no-new-privileges, in turn from case to case: same
#      exit status and stdout each time. A syscall missing from the profile
#      (the workload's or the runtime's own) kills the command with SIGSYS
#      (159) or the runtime before it starts, or makes a program report a
#      failure; the denied syscalls are read from the kernel's audit
#      records and named in the FAIL line.
# The daemon case checks that sandprint returns only after the daemon wrote
# its file. Two more cases check the profile's JSON and that the harness
# really kills on a missing syscall (a test that cannot fail is a defect).
#
# Output: one "ok NAME" or "FAIL NAME: why" line per case, then
# "N passed, M failed". Exit 0 if all passed, 1 otherwise, 77 (skip) when
# not root. Needs root (ptrace of the workloads, crun).
set -u
. "$(dirname -- "$0")/lib.sh"

STEP_TIMEOUT=90		# seconds per command run

if [ $# -ne 2 ]; then
	echo "usage: integration.sh SANDPRINT PROGDIR" >&2
	exit 2
fi
SP="$(realpath -e -- "$1")" || { echo "integration: no sandprint at $1" >&2; exit 2; }
PROGS="$(realpath -e -- "$2")" || { echo "integration: no directory $2" >&2; exit 2; }
RUN="$HERE/run-in-crun.sh"
if [ "$(id -u)" != 0 ]; then
	echo "integration: needs root (ptrace, crun); skipping" >&2
	exit 77
fi
for tool in jq timeout; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "integration: $tool missing; run $RUN once to install it" >&2
		exit 2
	}
done

sp_begin integration
RESULTS="$WORK/results"
: >"$RESULTS"
trap 'exit 130' INT TERM

# --- helpers (run inside each case's subshell) -----------------------------------

# Each case runs in a subshell: ok and bad (tests/lib.sh) count there in
# vain; the count is read back from the results.

# run_to PREFIX CMD... : run CMD with stdin from /dev/null, stdout and stderr
# into PREFIX.out / PREFIX.err, under a timeout; return its exit status. The
# extra subshell keeps bash's "Segmentation fault" notice out of our output.
run_to() {
	local pfx="$1"
	shift
	(timeout -k 5 "$STEP_TIMEOUT" "$@" </dev/null >"$pfx.out" 2>"$pfx.err"
	 exit $?) 2>/dev/null
}

# last_err FILE: "; stderr: <last line>" if FILE has any
last_err() {
	local l
	l="$(grep -v '^seccomp-denied: ' "$1" 2>/dev/null | tail -n 1)"
	[ -n "$l" ] && printf '; stderr: %s' "$l"
}

# denied REPORT: "; denied: name(nr) ..." from run-in-crun.sh --report
denied() {
	local d
	[ -s "$1" ] || return 0
	d="$(awk '{ printf "%s%s(%s) %s", sep, $1, $2, $4; sep = ", " }' "$1")"
	printf '; denied: %s' "$d"
}

# why_rc STEP RC EXPECT ERRFILE [REPORT]
why_rc() {
	local msg="$1 exit $2, expected $3"
	[ "$2" = 124 ] && msg="$1 timed out after ${STEP_TIMEOUT}s"
	[ "$2" = 159 ] && msg="$msg (SIGSYS)"
	printf '%s%s%s' "$msg" "$(last_err "$4")" "$(denied "${5:-/dev/null}")"
}

# same_out MODE EXPECTED ACTUAL: compare stdouts; print a reason if they differ
same_out() {
	local mode="$1" a="$2" b="$3"
	case "$mode" in
	none) return 0;;
	exact) cmp -s "$a" "$b" && return 0;;
	sorted) cmp -s <(sort "$a") <(sort "$b") && return 0;;
	contains:*) grep -qF -- "${mode#contains:}" "$b" && return 0
		printf 'stdout lacks "%s"' "${mode#contains:}"
		return 1;;
	esac
	printf 'stdout differs: expected "%s", got "%s"' \
		"$(head -c 80 "$a" | tr '\n' '|')" "$(head -c 80 "$b" | tr '\n' '|')"
	return 1
}

enter() { # enter NAME: make and enter the case's work directory
	if ! mkdir -p "$WORK/$1" || ! cd "$WORK/$1"; then
		bad "$1" "cannot create a work directory"
		return 1
	fi
}

generate() { # generate PREFIX CMD...: record CMD into P.json
	local pfx="$1"
	shift
	run_to "$pfx" "$SP" generate -q --default-action kill-process \
		-o P.json -- "$@"
}

# check NAME EXPECT MODE CMD...: the three steps described at the top.
# MODE is how stdout must match the native run: exact, sorted, none or
# contains:TEXT (for output that depends on the root filesystem).
check() {
	local name="$1" expect="$2" mode="$3" rc why
	shift 3
	enter "$name" || return
	[ -n "${PREPARE:-}" ] && eval "$PREPARE"

	run_to native "$@"
	rc=$?
	if [ "$rc" != "$expect" ]; then
		bad "$name" "$(why_rc "native run" "$rc" "$expect" native.err)"
		return
	fi
	local nmode="$mode"
	case "$mode" in contains:*) nmode=none;; esac

	[ -n "${PREPARE:-}" ] && eval "$PREPARE"
	generate gen "$@"
	rc=$?
	if [ "$rc" != "$expect" ]; then
		bad "$name" "$(why_rc "sandprint generate" "$rc" "$expect" gen.err)"
		return
	fi
	if ! why="$(same_out "$nmode" native.out gen.out)"; then
		bad "$name" "under sandprint: $why"
		return
	fi
	if ! jq -e 'type == "object"' P.json >/dev/null 2>&1; then
		bad "$name" "P.json missing or not a JSON object$(last_err gen.err)"
		return
	fi
	[ -n "${POSTCHECK:-}" ] && { why="$(eval "$POSTCHECK")" ||
		{ bad "$name" "after sandprint: $why"; return; }; }

	# crun as its spec writes it (noNewPrivileges true), Podman with its
	# defaults (false), and one more runtime and setting per case in turn.
	local alt
	alt=${ALTS[$((CASE_NO % ${#ALTS[@]}))]}
	in_container crun "crun" "$expect" "$mode" -- "$@" || return
	in_container podman "Podman (defaults)" "$expect" "$mode" \
		--runtime podman -- "$@" || return
	# shellcheck disable=SC2086  # alt is a list of options
	in_container alt "$alt" "$expect" "$mode" $alt -- "$@" || return
	ok "$name"
}

# The runtimes and settings besides crun's and Podman's defaults.
ALTS=("--runtime runc --nnp true" "--runtime runc --nnp false"
      "--runtime crun --nnp false" "--runtime podman --nnp true")

# in_container PREFIX LABEL EXPECT MODE [RUNOPTS...] -- CMD...: run CMD in a
# container under P.json with a KILL default; same status and stdout as
# the native run.
in_container() {
	local pfx="$1" label="$2" expect="$3" mode="$4" rc why opts=()
	shift 4
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	[ -n "${PREPARE:-}" ] && eval "$PREPARE"
	run_to "$pfx" "$RUN" ${opts[@]+"${opts[@]}"} --kill \
		--report "$pfx.report" P.json -- "$@"
	rc=$?
	if [ "$rc" != "$expect" ]; then
		bad "$name" "$(why_rc "$label --kill with its profile" "$rc" \
			"$expect" "$pfx.err" "$pfx.report")"
		return 1
	fi
	if ! why="$(same_out "$mode" native.out "$pfx.out")"; then
		bad "$name" "in $label: $why$(denied "$pfx.report")"
		return 1
	fi
	[ -n "${POSTCHECK:-}" ] && { why="$(eval "$POSTCHECK")" ||
		{ bad "$name" "after $label: $why"; return 1; }; }
	return 0
}

# The daemon leaves a grandchild that writes FILE 300 ms after the main
# process exited (it waits on a pidfd for that exit: FILE never exists
# before). sandprint must still be recording it; crun runs without a PID
# namespace so the daemon is not killed with the container's init.
check_daemon() {
	local name=daemon f rc
	enter "$name" || return
	f="$PWD/daemon.out"
	wait_for() { # wait up to 30 s for $f (300 ms, but seconds at load)
		for _ in $(seq 300); do [ -s "$f" ] && return 0; sleep 0.1; done
		return 1
	}

	rm -f "$f"
	run_to native "$PROGS/daemon" "$f"
	rc=$?
	[ "$rc" = 0 ] || { bad "$name" "$(why_rc "native run" "$rc" 0 native.err)"; return; }
	wait_for || { bad "$name" "native: the daemon never wrote $f"; return; }

	rm -f "$f"
	generate gen "$PROGS/daemon" "$f"
	rc=$?
	[ "$rc" = 0 ] || { bad "$name" "$(why_rc "sandprint generate" "$rc" 0 gen.err)"; return; }
	if [ ! -s "$f" ]; then
		bad "$name" "sandprint returned before the daemon wrote its file (did not wait for it)"
		return
	fi
	jq -e 'type == "object"' P.json >/dev/null 2>&1 ||
		{ bad "$name" "P.json missing or not a JSON object"; return; }

	rm -f "$f"
	run_to crun "$RUN" --kill --no-pidns --report report.txt P.json -- \
		"$PROGS/daemon" "$f"
	rc=$?
	[ "$rc" = 0 ] || { bad "$name" "$(why_rc "crun --kill with its profile" "$rc" 0 crun.err report.txt)"; return; }
	if ! wait_for; then
		bad "$name" "in crun: the daemon never wrote its file$(last_err crun.err)$(denied report.txt)"
		return
	fi
	ok "$name"
}

# The profile of an ordinary command: valid JSON, KILL default, the
# syscalls ls -l must make, well-formed entries.
check_profile_json() {
	local name=profile_json_ls rc
	enter "$name" || return
	generate gen ls -l /
	rc=$?
	[ "$rc" = 0 ] || { bad "$name" "$(why_rc "sandprint generate" "$rc" 0 gen.err)"; return; }
	jq -e . P.json >/dev/null 2>&1 || { bad "$name" "P.json is not valid JSON"; return; }
	jq -e '.defaultAction == "SCMP_ACT_KILL_PROCESS"' P.json >/dev/null ||
		{ bad "$name" "defaultAction is $(jq -c .defaultAction P.json), expected \"SCMP_ACT_KILL_PROCESS\""; return; }
	jq -e '(.syscalls | type == "array" and length > 0) and
	       all(.syscalls[]; (.names | type == "array" and length > 0)
	                        and (.action | type == "string"))' \
		P.json >/dev/null 2>&1 ||
		{ bad "$name" "syscalls is not a non-empty array of {names, action}"; return; }
	local n missing=""
	for n in execve getdents64 write exit_group; do
		jq -e --arg n "$n" '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | index($n)' \
			P.json >/dev/null || missing="$missing $n"
	done
	[ -z "$missing" ] || { bad "$name" "allowed syscalls lack:$missing"; return; }
	ok "$name"
}

# Negative control: the same kind of profile without getdents64 must get
# ls killed by SIGSYS (159) in crun, with getdents64 in the audit report.
check_harness_kills() {
	local name=harness_kills_on_missing_syscall rc
	enter "$name" || return
	generate gen ls -l /
	rc=$?
	[ "$rc" = 0 ] || { bad "$name" "$(why_rc "sandprint generate" "$rc" 0 gen.err)"; return; }
	python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); [r.update(names=[n for n in r["names"] if n!="getdents64"]) for r in p["syscalls"]]; p["syscalls"]=[r for r in p["syscalls"] if r["names"]]; json.dump(p,open(sys.argv[2],"w"))' P.json Q.json 2>/dev/null ||
		{ bad "$name" "cannot edit P.json"; return; }
	run_to crun "$RUN" --kill --report report.txt Q.json -- ls -l /
	rc=$?
	[ "$rc" = 159 ] || { bad "$name" "crun exit $rc without getdents64, expected 159$(last_err crun.err)"; return; }
	grep -q '^getdents64 ' report.txt ||
		{ bad "$name" "audit report does not name getdents64: $(tr '\n' ' ' <report.txt)"; return; }
	ok "$name"
}

# --- cases ---------------------------------------------------------------------

CASE_NO=0
run_case() { # run_case FUNCTION ARGS...: isolate a case, collect its line
	("$@") | tee -a "$RESULTS"
	CASE_NO=$((CASE_NO + 1))
}

P="$PROGS"
run_case check threads 0 exact "$P/threads"
run_case check exec_thread 0 exact "$P/exec_thread"
run_case check vfork 0 exact "$P/vfork"
run_case check clone3 0 exact "$P/clone3"
run_case check clone_untraced 0 exact "$P/clone_untraced"
run_case check signals 0 exact "$P/signals"
run_case check own_filter 0 exact "$P/own_filter"
run_case check syscalls 0 exact "$P/syscalls"
run_case check crash 139 exact "$P/crash"
run_case check exitcode_42 42 exact "$P/exitcode" 42
run_case check_daemon
run_case check ls_l 0 contains:usr ls -l /
run_case check sh_pipe 0 exact sh -c 'echo a | tr a b | wc -c'
run_case check find_stdio 0 sorted find /usr/include -name stdio.h
PREPARE='rm -f tiny.o; printf "int add1(int x) { return x + 1; }\n" >tiny.c' \
POSTCHECK='[ -s tiny.o ] || { printf "tiny.o not written"; false; }' \
	run_case check cc_c 0 exact cc -c tiny.c -o tiny.o
run_case check_profile_json
run_case check_harness_kills

pass=$(grep -c '^ok ' "$RESULTS")
fail=$(grep -c '^FAIL ' "$RESULTS")
sp_end
