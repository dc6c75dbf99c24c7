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
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
DATA=$(realpath -e -- "$3") || exit 2
MOBY=$DATA/profiles/moby-default.json
sp_begin workflows root

# --- options every command shares ------------------------------------------
commands=$("$SP" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
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
# -q keeps profile's warnings that the profile allows more than its rules
# say (sandprint-profile(1)): keys_mount's add_key, allowed whole, does
# what keyctl's recorded operation holds back (KEYCTL_UPDATE).
for c in profile show; do
	"$SP" "$c" -q km.json >/dev/null 2>err.txt
	st=$?
	if [ "$c" = profile ]; then
		grep -q '^sandprint: warning: add_key allowed (x86_64): .*KEYCTL_UPDATE' err.txt &&
			ok profile_q_keeps_warnings || bad profile_q_keeps_warnings "$(cat err.txt)"
		grep -v '^sandprint: warning: ' err.txt >notes.txt
		mv notes.txt err.txt
	fi
	{ [ $st = 0 ] && [ ! -s err.txt ]; } && ok "${c}_q_is_quiet" || bad "${c}_q_is_quiet" "status $st: $(cat err.txt)"
done
"$SP" diff -q km.json km.json 2>err.txt
expect_status diff_q 0 $?

# The report names the kept values: keys_mount calls mount with
# MS_REMOUNT and keyctl with KEYCTL_GET_KEYRING_ID (its source).
"$SP" check -q -P "$MOBY" km.json >km-check.txt
has report_names_mount_flags 'mount\(_, _, _, MS_REMOUNT\)' km-check.txt
has report_names_keyctl_op 'keyctl\(KEYCTL_GET_KEYRING_ID\)' km-check.txt

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
"$SP" run -q --audit --fail-on-refusal -P "$MOBY" -- sh -c '"$0"; exit 7' "$PROGS/keys_mount" >/dev/null 2>&1
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
# Without the static analysis's additions, the vDSO calls are the
# safety set's.
"$SP" profile -q --static none --languages none -o km-p.json km.json
for prof in km-p.json km.json; do
	"$SP" explain -q "$prof" keyctl 0 >ex.txt
	st=$?
	{ [ $st = 0 ] && grep -q "^origin: *\[recorded\] recorded" ex.txt &&
		grep -q "^evidence: *1 call, by keys_mount" ex.txt; } && ok "explain_origin_and_evidence_$prof" ||
		bad "explain_origin_and_evidence_$prof" "status $st: $(cat ex.txt)"
done
"$SP" explain -q km-p.json clock_gettime >ex.txt
grep -q "^origin: *\[vdso\] vDSO fallback" ex.txt && ok explain_safety_origin || bad explain_safety_origin "$(cat ex.txt)"
# imports_connect imports connect() and never calls it: the profile's
# static analysis allows it, and explain says so.
"$SP" record -q -o ic0.json -- "$PROGS/imports_connect" >/dev/null 2>&1
"$SP" profile -q -o ic-p.json ic0.json
"$SP" explain -q ic-p.json connect >ex.txt
grep -q "^origin: *\[static\] not recorded; reachable" ex.txt && ok explain_static_origin ||
	bad explain_static_origin "$(cat ex.txt)"
# escape records AF_INET sockets: IPv6 is allowed as its alike value,
# and explain says which value it stands for and whose: the first rule
# allowing socket(AF_INET6, SOCK_DGRAM) is the twin of a [static] rule
# (a site's constant AF_INET, its type computed), not of a recorded
# one; without the static analysis, of the recorded AF_INET SOCK_DGRAM.
"$SP" record -q -o esc.json -- "$PROGS/escape" >/dev/null 2>&1
"$SP" profile -q -o esc-p.json esc.json
"$SP" explain -q esc-p.json socket AF_INET6 SOCK_DGRAM >ex.txt
{ grep -q "^origin: *\[alike\]" ex.txt &&
	grep -q "^evidence: .*arg0 AF_INET6 grants what AF_INET, constant at a reachable site, grants" ex.txt; } &&
	ok explain_alike_names_a_sites_value ||
	bad explain_alike_names_a_sites_value "$(cat ex.txt)"
"$SP" profile -q --static none -o esc-n.json esc.json
"$SP" explain -q esc-n.json socket AF_INET6 SOCK_DGRAM >ex.txt
{ grep -q "^origin: *\[alike\]" ex.txt &&
	grep -q "^evidence: .*arg0 AF_INET6 grants what AF_INET, recorded, grants" ex.txt; } &&
	ok explain_alike_names_the_recorded_value ||
	bad explain_alike_names_the_recorded_value "$(cat ex.txt)"
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
# A value no probe tries decides (read's count 42): every value is judged,
# and a call that meets each verdict named.
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_KILL_PROCESS", "args": [{"index": 2, "value": 42, "op": "SCMP_CMP_EQ"}]}]}\n' >r42.json
"$SP" explain -q r42.json read >ex.txt
expect_status explain_refused_at_an_untried_value 1 $?
grep -qx '  SCMP_ACT_KILL_PROCESS: e.g. read(0, 0, 0x2a)' ex.txt &&
	ok explain_names_a_call_it_kills || bad explain_names_a_call_it_kills "$(cat ex.txt)"

# --- import: strace's output and the kernel's audit records ---------------
# The oracle is sandprint's own recording of the same program: the same
# calls with the same kept arguments (keys_mount makes the same calls
# every run; its output goes to a regular file either way).
same_patterns() { # name recorded.json imported.json
	if diff <(jq -c '.patterns[] | {syscall, args}' "$2" | sort -u) \
		<(jq -c '.patterns[] | {syscall, args}' "$3" | sort -u) >pat.diff; then
		ok "$1"
	else
		bad "$1" "$(head -c 400 pat.diff)"
	fi
}
strace -f -o km.strace "$PROGS/keys_mount" >km2.out
"$SP" import -q -o km-strace.json km.strace
expect_status import_strace 0 $?
same_patterns import_strace_equals_recording km.json km-strace.json
jq -e '.end == "exited" and .status == 0 and (.executables | length) == 1 and
	(.executables[0] | endswith("/keys_mount")) and (.command[0] | startswith("/"))' km-strace.json >/dev/null &&
	ok import_strace_process_and_end || bad import_strace_process_and_end "$(jq -c '{"end": .end, status, executables, command}' km-strace.json)"
# Timestamps, durations and strace's own prefix, on stderr.
strace -f -tt -T "$PROGS/keys_mount" 2>km-tt.strace >km2.out
"$SP" import -q -o km-tt.json km-tt.strace
same_patterns import_strace_with_timestamps km.json km-tt.json
# One file per process (-ff): the pid in each name; a fork and an exec.
"$SP" record -q -o vf.json -- "$PROGS/vfork" >/dev/null 2>&1
strace -ff -o vf.strace "$PROGS/vfork" >/dev/null 2>&1
"$SP" import -q -o vf-strace.json vf.strace.*
calls_by_exe() { jq -r '.executables as $x | .patterns[] | "\($x[.exe] | split("/") | last) \(.syscall)"' "$1" | sort -u; }
if diff <(calls_by_exe vf.json) <(calls_by_exe vf-strace.json) >pat.diff; then
	ok import_strace_ff_calls_by_executable
else
	bad import_strace_ff_calls_by_executable "$(head -c 400 pat.diff)"
fi
[ "$(jq '[.processes[] | .pid] | unique | length' vf-strace.json)" = "$(jq '[.processes[] | .pid] | unique | length' vf.json)" ] &&
	ok import_strace_ff_processes || bad import_strace_ff_processes "$(jq -c .processes vf-strace.json) vs $(jq -c .processes vf.json)"
# strace ./prog: the log's path is relative; taken from the directory
# import runs in when the file is there (the static analysis reads it),
# said when it is not.
(cd "$PROGS" && strace -o "$WORK/rel.strace" ./keys_mount >/dev/null &&
	"$SP" import -o "$WORK/rel.json" "$WORK/rel.strace" 2>"$WORK/rel.err")
[ "$(jq -r '.executables[0]' rel.json)" = "$PROGS/keys_mount" ] &&
	grep -q "^sandprint: ./keys_mount: relative in the log, taken as $PROGS/keys_mount" rel.err &&
	ok import_relative_exe_from_here || bad import_relative_exe_from_here "$(jq -c .executables rel.json) $(cat rel.err)"
"$SP" import -o rel2.json rel.strace 2>err.txt
[ "$(jq -r '.executables[0]' rel2.json)" = "./keys_mount" ] &&
	grep -q "./keys_mount: relative in the log and no file here" err.txt &&
	ok import_relative_exe_said || bad import_relative_exe_said "$(jq -c .executables rel2.json) $(cat err.txt)"
# The summary counts in the singular where there is one.
printf 'getpid() = 1234\n' >one.strace
"$SP" import -o one.json one.strace 2>err.txt
grep -q '^sandprint: imported 1 call, 1 pattern, 1 process image from strace log: one.json$' err.txt &&
	ok import_summary_of_one_call_singular || bad import_summary_of_one_call_singular "$(cat err.txt)"
# The same files in another order (ls puts x.10001 before x.9998): the
# parent's fork tells what its children are.
# shellcheck disable=SC2046
"$SP" import -q -o vf-rev.json $(printf '%s\n' vf.strace.* | sort -r)
cmp -s vf-strace.json vf-rev.json && ok import_strace_ff_in_any_order ||
	bad import_strace_ff_in_any_order "$(jq -c '{executables, processes}' vf-rev.json)"
"$SP" import -q -o x.json km2.out 2>err.txt
expect_status import_of_no_log_is_error 2 $?
# Every prefix and spelling strace has for the same calls: -n's numbers,
# -i's addresses, -k's stacks, -X verbose's numbers with their names in
# comments; read from standard input.
strace -f -n -i -k -X verbose -o km-v.strace "$PROGS/keys_mount" >km2.out
"$SP" import -q -o km-v.json - <km-v.strace
same_patterns import_strace_any_prefix_and_spelling km.json km-v.json
# strace -f to stderr: the pid prefixes stop once the threads are joined;
# the main thread's end and pid are its unprefixed lines'.  Its pid is in
# the log only if it makes a call while a thread lives: the thread waits
# for the main thread's set(), so it does whatever the machine's load
# (threads that end before the next clone3 leave the pid unknown: 0).
strace -f /usr/bin/python3 -c 'import threading
e = threading.Event()
t = threading.Thread(target=e.wait)
t.start()
e.set()
t.join()' 2>th.strace >/dev/null
"$SP" import -o th.json th.strace 2>err.txt
jq -e '.end == "exited" and .status == 0 and ([.processes[].pid] | all(. > 0))' th.json >/dev/null &&
	! grep -q skipped err.txt && ok import_strace_to_stderr_ends_alone ||
	bad import_strace_to_stderr_ends_alone "$(jq -c '{"end": .end, status, processes}' th.json) $(cat err.txt)"
# An argument strace names by a constant sandprint does not know: said,
# with the way to a number.
printf 'ioctl(3, VIDIOC_QUERYCAP, 0x7ffc) = 0\n' >v4l.strace
"$SP" import -o v4l.json v4l.strace 2>err.txt
grep -q "1 call with an argument sandprint keeps printed in a form it cannot read back (the first: ioctl's argument 1; strace -X raw prints numbers)" err.txt &&
	ok import_says_what_it_could_not_read || bad import_says_what_it_could_not_read "$(cat err.txt)"

# The kernel's records: keys_mount under a filter that logs its three
# calls (SECCOMP_RET_LOG), from a directory whose name has a blank (audit
# writes such a path in hex) and under a name no other test uses.
comm=kmaudit$$
mkdir -p "audit dir" && cp "$PROGS/keys_mount" "audit dir/$comm"
echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
 {"names": ["add_key", "keyctl", "mount"], "action": "SCMP_ACT_LOG"}]}' >log.json
# The kernel prints them through printk_ratelimit(): ten in five seconds
# for the whole host, a budget other tests' refusals use up (ctest -j2;
# "kauditd_printk_skb: 1583 callbacks suppressed"), and a record it
# suppresses is gone.  Unlimited while they are made, as
# run-in-crun.sh --report does (the kernel_log lock: one such test at a
# time), and restored at once.
rl=/proc/sys/kernel/printk_ratelimit
old_rl=$(cat $rl)
sp_at_exit "echo $old_rl >$rl"
echo 0 >$rl
"$SP" run -q --audit -P log.json -- "./audit dir/$comm" >/dev/null 2>&1
for _ in $(seq 300); do
	dmesg | grep "comm=\"$comm\"" >kernel.log
	[ "$(wc -l <kernel.log)" -ge 3 ] && break
	sleep 0.1
done
echo "$old_rl" >$rl
"$SP" import -q -o audit.json kernel.log
expect_status import_audit 0 $?
[ "$(jq -r '[.patterns[].syscall] | sort | join(" ")' audit.json)" = "add_key keyctl mount" ] &&
	ok import_audit_calls || bad import_audit_calls "$(jq -c '[.patterns[].syscall]' audit.json) from $(cat kernel.log)"
[ "$(jq -r '.executables[0]' audit.json)" = "$WORK/audit dir/$comm" ] &&
	ok import_audit_hex_exe || bad import_audit_hex_exe "$(jq -c .executables audit.json)"
# audit.log's form of the same records, given twice: counted once.
sed -E 's/^.*audit: type=1326 /type=SECCOMP msg=/' kernel.log >audit.log
"$SP" import -q -o audit2.json audit.log kernel.log
jq -e '.calls == 3' audit2.json >/dev/null && ok import_audit_log_form_once ||
	bad import_audit_log_form_once "$(jq -c '{calls, p: [.patterns[].syscall]}' audit2.json)"
"$SP" profile -q --static none --languages none -o audit-p.json audit.json &&
	"$SP" check -q -P audit-p.json km.json >/dev/null
expect_status profile_of_audit_log_refuses_the_rest 1 $?

# --- HTML reports, as a real browser builds them ------------------------
# chromium headless, its own empty profile, no network of its own; the
# DOM it built is checked for what the programs are known to do: vfork
# forks two children that exec /usr/bin/true; imports_connect imports
# connect() without calling it; keys_mount's three calls are refused by
# Docker's default.
dom() { # page.html dom.html
	local prof
	prof=$(mktemp -d "$WORK/chromium.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$prof" --dump-dom "file://$WORK/$1" \
		>"$2" 2>chromium.err
}
html_ok() { # name dom.html check args...
	local name=$1 d=$2
	shift 2
	if out=$(python3 "$HERE/html_dom.py" "$d" "$@"); then ok "$name"; else bad "$name" "$out"; fi
}
"$SP" record -q --stacks -o vf-stacks.json -- "$PROGS/vfork" >/dev/null 2>&1
"$SP" record -q -o ic.json -- "$PROGS/imports_connect" >/dev/null 2>&1
"$SP" record -q -o ns.json -- "$PROGS/edge_nosys" >/dev/null 2>&1
"$SP" show --format html vf-stacks.json ic.json ns.json >show.html
expect_status show_html $? 0
if dom show.html show-dom.html; then
	vpid=$(jq -r '.processes[0].pid' vf-stacks.json)
	html_ok html_show_process_tree show-dom.html tree "$vpid" 2 "/usr/bin/true"
	# vfork is allowed by a recorded rule of several names, seen in one
	# of the three traces, made by vfork; its call site is a stack.
	html_ok html_show_rule_evidence show-dom.html row rules "System calls=vfork" \
		"Origin=recorded" "Calls=in 1 of 3 traces" "Calls=not in every run" \
		"Executables=vfork" "Call site= <- "
	html_ok html_show_safety_origin show-dom.html row rules "Origin=fallback" "Action=ERRNO(38)"
	html_ok html_show_calls show-dom.html row calls "System call=vfork" "Calls=1" \
		"Call site=vfork <- main"
	# imports_connect imports connect() and never calls it: the static
	# analysis adds it; edge_nosys calls syscall(999), which no profile
	# can name: a note.
	html_ok html_show_static_addition show-dom.html row additions "System call=connect" \
		"Why=connect"
	html_ok html_show_notes show-dom.html note "syscall_999: no name in libseccomp"
	html_ok html_show_closed show-dom.html closed
else
	bad html_show_loads "$(tail -3 chromium.err)"
fi
"$SP" check -q --format html -P "$MOBY" km.json >check.html
expect_status check_html_refuses 1 $?
if dom check.html check-dom.html; then
	for s in add_key keyctl mount; do
		html_ok "html_check_refuses_$s" check-dom.html row refusals "System call=$s" \
			"Action=errno EPERM" "Executable=keys_mount"
	done
	html_ok html_check_closed check-dom.html closed
else
	bad html_check_loads "$(tail -3 chromium.err)"
fi
"$SP" diff --format html "$DATA/profiles/diff-base.json" "$DATA/profiles/diff-socket-added.json" >diff.html
expect_status diff_html_differs 1 $?
if dom diff.html diff-dom.html; then
	html_ok html_diff_row diff-dom.html row changes "System call=socket" "Change=added" "New=SCMP_ACT_ALLOW"
else
	bad html_diff_loads "$(tail -3 chromium.err)"
fi

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

# --- a 32-bit program's profile survives what only its code predicts -----
# Recorded printing (A), run under its profile opening a socket, which
# i386's glibc makes as socketcall(SYS_SOCKET), and asking its priority
# through syscall(2) (B): only the static analysis of the i386 code it
# loaded (libc.so.6 in /usr/lib32, or the program itself, linked
# statically) allows them.  The kernel is the
# oracle; the recorded-only profile refuses it.  On the default path
# (the in-kernel recorder) and on ptrace's.  Where gcc -m32 built them.
for c in twoways32:default twoways32:ptrace twoways32s:default; do
	prog=$PROGS/${c%%:*} via=${c##*:} n=${c/:/_}
	[ -x "$prog" ] && "$prog" >/dev/null 2>&1 || continue
	args=()
	[ "$via" = default ] || args=(--via "$via")
	"$SP" record -q "${args[@]}" -o "$n.json" -- "$prog" >/dev/null &&
		"$SP" profile -q -o "$n-p.json" "$n.json" 2>/dev/null &&
		"$SP" profile -q --static none -o "$n-r.json" "$n.json" 2>/dev/null ||
		{ bad "i386_static_${n}_setup" "record or profile failed"; continue; }
	# The objects a 32-bit process maps are recorded on every path.
	if [ "${prog##*/}" = twoways32 ]; then
		jq -e '.objects | any(endswith("/libc.so.6"))' "$n.json" >/dev/null &&
			ok "i386_mapped_objects_recorded_${via}" ||
			bad "i386_mapped_objects_recorded_${via}" "$(jq -c .objects "$n.json")"
	fi
	"$SP" run -q --enforce --profile "$n-p.json" -- "$prog" sock >"$n.out" 2>&1
	st=$?
	[ $st = 0 ] && grep -qx socket "$n.out" &&
		jq -e 'any(.syscalls[]; (.names | index("socketcall")) and (.comment | startswith("sandprint: static:")))' "$n-p.json" >/dev/null &&
		ok "i386_static_coverage_survives_${n}" ||
		bad "i386_static_coverage_survives_${n}" "status $st: $(cat "$n.out")"
	"$SP" run -q --enforce --profile "$n-r.json" -- "$prog" sock >"$n.out" 2>&1 &&
		bad "i386_recorded_only_refuses_${n}" "B ran without the static rules: $(cat "$n.out")" ||
		ok "i386_recorded_only_refuses_${n}"
done

sp_end
