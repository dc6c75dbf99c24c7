#!/bin/bash
# workflows.sh - what users do around a recording: gate CI on a run, ask
# why a call is allowed, import what strace or the kernel's audit records
# already saw, look at a report in a browser; and the options every
# command shares.  Oracles the code does not produce: the shell's exit
# statuses, strace's own output, the kernel's audit records, Docker's
# default profile, a real browser's DOM.
#
# Usage: workflows.sh SANDPRINT PROGDIR TESTDATA
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
set -u
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
DATA=$(realpath -e -- "$3") || exit 2
MOBY=$DATA/profiles/moby-default.json
if [ "$(id -u)" != 0 ]; then
	echo "workflows: needs root; skipping" >&2
	exit 77
fi
WORK=$(mktemp -d /tmp/sp-workflows.XXXXXX) || exit 2
trap 'rm -rf -- "$WORK"' EXIT
cd "$WORK" || exit 2
pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }
expect_status() { # name expected actual
	if [ "$3" -eq "$2" ]; then ok "$1"; else bad "$1" "status $3, expected $2"; fi
}

# --- options every command shares ------------------------------------------
commands=$("$SP" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ -n "$commands" ] || bad commands_listed "none in --help"
for c in $commands; do
	"$SP" "$c" --help >help.txt
	grep -q -- '-q, --quiet' help.txt && ok "${c}_has_quiet" || bad "${c}_has_quiet" "$(head -3 help.txt)"
	# -p, where a command has it, is --pid and nothing else.
	if grep -q -- '-p, ' help.txt && ! grep -q -- '-p, --pid' help.txt; then
		bad "${c}_p_is_pid" "$(grep -- '-p, ' help.txt)"
	fi
done
"$SP" record -q -o km.json -- "$PROGS/keys_mount" >km.out
"$SP" check -q -P "$MOBY" km.json >/dev/null 2>err.txt
expect_status check_takes_P 1 $?
[ -s err.txt ] && bad check_q_is_quiet "$(cat err.txt)" || ok check_q_is_quiet
"$SP" check -p "$MOBY" km.json >/dev/null 2>err.txt
expect_status check_old_p_still_works 1 $?
grep -q -- "-p PROFILE is -P PROFILE now" err.txt && ok old_p_says_so || bad old_p_says_so "$(cat err.txt)"
for c in profile show; do
	"$SP" "$c" -q km.json >/dev/null 2>err.txt
	st=$?
	{ [ $st = 0 ] && [ ! -s err.txt ]; } && ok "${c}_q_is_quiet" || bad "${c}_q_is_quiet" "status $st: $(cat err.txt)"
done
"$SP" diff -q km.json km.json 2>err.txt
expect_status diff_q 0 $?

# --- run as a CI gate --------------------------------------------------------
echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": []}' >allow.json
"$SP" run -q --audit -P "$MOBY" -o r.json -- "$PROGS/keys_mount" >/dev/null
expect_status audit_exits_with_workload_status 0 $?
"$SP" run -q --audit --fail-on-refusal -P "$MOBY" -o r.json -- "$PROGS/keys_mount" >/dev/null
expect_status gate_fails_on_refusal 1 $?
jq -e '.status == 0 and .refused_patterns == 3' r.json >/dev/null &&
	ok gate_report_has_workload_status || bad gate_report_has_workload_status "$(jq -c '{status,refused_patterns}' r.json)"
"$SP" run -q --audit --fail-on-refusal -P allow.json -- "$PROGS/exitcode" 0 2>/dev/null
expect_status gate_passes_clean_run 0 $?
"$SP" run -q --audit --fail-on-refusal -P allow.json -o r.json -- "$PROGS/exitcode" 2 2>/dev/null
expect_status gate_workload_failure_is_3 3 $?
jq -e '.status == 2' r.json >/dev/null && ok gate_report_says_workload_exited_2 ||
	bad gate_report_says_workload_exited_2 "$(jq -c . r.json | head -c 200)"
"$SP" run -q --audit -P allow.json -- "$PROGS/exitcode" 2 2>/dev/null
expect_status run_passes_workload_2_through 2 $?
"$SP" run -q --audit --fail-on-refusal -P "$MOBY" -- sh -c "$PROGS/keys_mount; exit 7" >/dev/null 2>&1
expect_status gate_refusal_beats_workload_failure 1 $?
"$SP" run -q --audit --fail-on-refusal -P missing.json -- true 2>/dev/null
expect_status gate_sandprint_error_is_2 2 $?

# --- explain: the verdict, the deciding rule, its origin and evidence -----
# Docker's default: mount is refused by its default action (no entry for
# Docker's default capabilities); AF_VSOCK sockets are refused, AF_INET
# ones allowed by the rule "arg0 < AF_ALG" (moby's profile).
"$SP" explain -q "$MOBY" mount >ex.txt
expect_status explain_refused_is_1 1 $?
{ grep -q "^verdict: *SCMP_ACT_ERRNO (EPERM, 1)" ex.txt && grep -q "^decided by: the default action" ex.txt; } &&
	ok explain_docker_mount || bad explain_docker_mount "$(cat ex.txt)"
"$SP" explain -q "$MOBY" socket AF_VSOCK SOCK_STREAM >ex.txt
expect_status explain_vsock_refused 1 $?
grep -q "not applied (arg0 < AF_ALG does not hold)" ex.txt && ok explain_lists_rules_not_applied ||
	bad explain_lists_rules_not_applied "$(cat ex.txt)"
"$SP" explain -q "$MOBY" socket AF_INET SOCK_STREAM >ex.txt
expect_status explain_allowed_is_0 0 $?
{ grep -q "^verdict: *SCMP_ACT_ALLOW" ex.txt && grep -q "if  arg0 < AF_ALG" ex.txt &&
	grep -q "^origin: *not written by sandprint" ex.txt; } && ok explain_docker_socket || bad explain_docker_socket "$(cat ex.txt)"
# A profile sandprint wrote (and the trace it came from): origin and the
# recorded evidence.  km.json: keys_mount's add_key, keyctl, mount.
"$SP" profile -q -o km-p.json km.json
for prof in km-p.json km.json; do
	"$SP" explain -q "$prof" keyctl 0 >ex.txt
	st=$?
	{ [ $st = 0 ] && grep -q "^origin: *\[recorded\] recorded" ex.txt &&
		grep -q "^evidence: *1 call, by keys_mount" ex.txt; } && ok "explain_origin_and_evidence_$prof" ||
		bad "explain_origin_and_evidence_$prof" "status $st: $(cat ex.txt)"
done
"$SP" explain -q km-p.json clock_gettime >ex.txt
grep -q "^origin: *\[vdso\] vDSO fallback" ex.txt && ok explain_safety_origin || bad explain_safety_origin "$(cat ex.txt)"
# A raw program: the path of instructions to the decision.
"$SP" profile -q -f bpf -o km.bpf km.json
"$SP" explain -q km.bpf add_key >ex.txt
expect_status explain_raw_allowed 0 $?
{ grep -q "^decided by: instruction" ex.txt && tail -n 2 ex.txt | grep -q "return ALLOW"; } &&
	ok explain_raw_path || bad explain_raw_path "$(cat ex.txt)"
"$SP" explain -q km.bpf swapon >ex.txt
expect_status explain_raw_refused 1 $?
grep -q "return ERRNO(1)" ex.txt && ok explain_raw_refusal_path || bad explain_raw_refusal_path "$(cat ex.txt)"
"$SP" explain -q km.bpf no_such_call 2>err.txt
expect_status explain_unknown_call_is_error 2 $?

# --- setsockopt levels and options by name -------------------------------
# The names are Python's own constants for the values it passes.
"$SP" record -q -o so.json -- python3 -c 'import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s6 = socket.socket(socket.AF_INET6); s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)'
"$SP" show so.json >so.txt
for want in "arg1=SOL_SOCKET arg2=SO_REUSEADDR" "arg1=IPPROTO_TCP arg2=TCP_NODELAY" "arg1=IPPROTO_IPV6 arg2=IPV6_V6ONLY"; do
	grep -qF "$want" so.txt && ok "show_names_${want##*=}" || bad "show_names_${want##*=}" "$(grep -A4 setsockopt so.txt)"
done
"$SP" profile -q --args strict -o so-p.json so.json
"$SP" show so-p.json | grep -qF "and arg2 == TCP_NODELAY (low 32 bits)" && ok profile_rule_names_option ||
	bad profile_rule_names_option "$("$SP" show so-p.json | grep -A3 setsockopt)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
