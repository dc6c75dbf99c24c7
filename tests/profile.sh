#!/bin/bash
# profile.sh - what `sandprint profile` adds and refuses, from a made-up
# trace: the OCI runtimes' calls only in what a runtime installs (json,
# k8s) unless --runtime asks; arch lists libseccomp cannot load and
# default actions that need a listener refused with a message; the
# sibling warnings (io_uring) said on stderr and in the rule.
#
# Usage: profile.sh SANDPRINT
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
sp_begin profile

# A workload that reads, writes and exits: none of the runtimes' calls
# (setuid, setgid, capset: runc's) is its own.
trace() { # FILE [EXTRA PATTERN]
	cat >"$1" <<JSON
{
  "format": "sandprint-trace", "version": 1, "command": ["w"],
  "end": "exited", "status": 0, "exit_status": 0, "partial": false,
  "no_new_privs": true, "calls": 4, "executables": ["/usr/bin/w"],
  "processes": [{"pid": 10, "ppid": 1, "exe": 0}],
  "patterns": [
    {"arch": "x86_64", "syscall": "read", "nr": 0, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10},
    {"arch": "x86_64", "syscall": "write", "nr": 1, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10}$2,
    {"arch": "x86_64", "syscall": "exit_group", "nr": 231, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10}
  ]
}
JSON
}
trace t.json ""

# --- runtime additions: OCI formats only, unless asked ---------------------
# --static none: the made-up trace names a real file (/usr/bin/w), whose
# code, or the shell it can run, may hold setuid of its own.
"$SP" profile --static none -o p.json t.json 2>/dev/null
jq -e '[.syscalls[].names[]] | index("setuid")' p.json >/dev/null &&
	ok json_has_runtime_calls || bad json_has_runtime_calls "no setuid in json"
"$SP" profile --static none -f k8s -o p.yaml t.json 2>/dev/null
grep -qw setuid p.yaml && ok k8s_has_runtime_calls || bad k8s_has_runtime_calls "no setuid"
for f in systemd minijail c; do
	"$SP" profile --static none -f "$f" -o "p.$f" t.json 2>/dev/null
	if grep -qw setuid "p.$f"; then
		bad "${f}_has_no_runtime_calls" "$(grep -w setuid "p.$f" | head -1)"
	else
		ok "${f}_has_no_runtime_calls"
	fi
done
# bpf: the filter itself judges a setuid pattern.
trace su.json ',
    {"arch": "x86_64", "syscall": "getuid", "nr": 102, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10}'
sed 's/"getuid", "nr": 102/"setuid", "nr": 105/' su.json >setuid.json
"$SP" profile --static none -f bpf -o p.bpf t.json 2>/dev/null
"$SP" check -q --profile p.bpf setuid.json >/dev/null 2>&1
expect_status bpf_refuses_runtime_calls 1 $?
"$SP" profile --static none -f bpf --runtime runc -o p2.bpf t.json 2>/dev/null
"$SP" check -q --profile p2.bpf setuid.json >/dev/null 2>&1
expect_status bpf_with_runtime_asked_allows_them 0 $?
"$SP" profile --static none -f systemd --runtime runc -o p2.systemd t.json 2>/dev/null
grep -qw setuid p2.systemd && ok systemd_with_runtime_asked_has_them ||
	bad systemd_with_runtime_asked_has_them "no setuid"

# --- combinations nothing can load: refused, exit 2, a reason ---------------
"$SP" profile --arch x86_64,s390x -o a.json t.json 2>err.txt
expect_status mixed_byte_orders_refused 2 $?
grep -q 'x86_64 and s390x.*byte order' err.txt && ok mixed_byte_orders_say_why ||
	bad mixed_byte_orders_say_why "$(cat err.txt)"
[ ! -e a.json ] && ok mixed_byte_orders_write_nothing || bad mixed_byte_orders_write_nothing "a.json written"
"$SP" profile --arch x86_64,x86,x32 -o a.json t.json 2>/dev/null
expect_status one_byte_order_accepted 0 $?
"$SP" profile --arch s390x -o a.json t.json 2>/dev/null
expect_status another_machines_arch_accepted 0 $?
"$SP" profile -q -o s.json - <t.json 2>err.txt
expect_status trace_from_standard_input 0 $?
"$SP" profile --arch "" -o e.json t.json 2>err.txt
expect_status empty_arch_list_refused 2 $?
grep -q -- '--arch: expected a list' err.txt && [ ! -e e.json ] &&
	ok empty_arch_list_says_why || bad empty_arch_list_says_why "$(cat err.txt)"
for act in notify trace; do
	"$SP" profile --default-action "$act" -o d.json t.json 2>err.txt
	expect_status "default_${act}_refused" 2 $?
	grep -q 'ENOSYS' err.txt && ok "default_${act}_says_why" ||
		bad "default_${act}_says_why" "$(cat err.txt)"
done

# --- io_uring: allowed as recorded, said loudly ------------------------------
sed 's/"getuid", "nr": 102/"io_uring_setup", "nr": 425/' su.json >uring.json
"$SP" profile -o u.json uring.json 2>err.txt
grep -q 'warning: io_uring_setup allowed.*never pass through seccomp' err.txt &&
	ok io_uring_warned || bad io_uring_warned "$(cat err.txt)"
jq -e '.syscalls[] | select(.names | index("io_uring_setup")) | .comment |
	test("UNFILTERED: io_uring")' u.json >/dev/null &&
	ok io_uring_rule_tagged || bad io_uring_rule_tagged "$(jq -c '.syscalls[] | select(.names | index("io_uring_setup"))' u.json)"

sp_end
