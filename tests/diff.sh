#!/bin/bash
# diff.sh - sandprint diff as a user meets it: the issue's acceptance on
# testdata/profiles/diff-*.json (a profile against itself and a reordered
# copy, socket added, a socket family moved, JSON that jq parses, Markdown
# for a pull request, --subset, Docker profiles resolved for --caps and
# --kernel) and traces recorded live as inputs.
#
# Usage: diff.sh SANDPRINT TESTDATA PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
# Exit 0 when all passed, 1 otherwise, 77 (skip) without root or jq.
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
DATA=$(realpath -e -- "$2") || exit 2
PROGS=$(realpath -e -- "$3") || exit 2
if [ "$(id -u)" != 0 ] || ! command -v jq >/dev/null; then
	echo "diff: needs root (to record) and jq; skipping" >&2
	exit 77
fi
sp_begin diff
P=$DATA/profiles

# --- equal meaning: exit 0, nothing printed ---------------------------------
"$SP" diff "$P/diff-base.json" "$P/diff-base.json" >out.txt; expect_status itself_is_equal 0 $?
[ -s out.txt ] && bad equal_prints_nothing "$(cat out.txt)" || ok equal_prints_nothing
"$SP" diff "$P/diff-base.json" "$P/diff-reordered.json" >out.txt; expect_status reordered_copy_is_equal 0 $?
"$SP" diff "$P/moby-default.json" "$P/moby-default.json" >out.txt; expect_status docker_profile_against_itself 0 $?

# --- differences: exit 1, named ---------------------------------------------
"$SP" diff "$P/diff-base.json" "$P/diff-socket-added.json" >out.txt; expect_status socket_added_differs 1 $?
has socket_added_is_named '^\+ socket: added' out.txt
"$SP" diff "$P/diff-socket-unix.json" "$P/diff-socket-inet.json" >out.txt; expect_status family_moved_differs 1 $?
has family_moved_names_values '^~ socket: arguments: \+AF_INET -AF_UNIX$' out.txt
NO_COLOR= "$SP" diff "$P/diff-base.json" "$P/diff-socket-added.json" >out.txt
grep -q $'\033' out.txt && bad no_color_off_a_terminal "escape codes in a pipe" || ok no_color_off_a_terminal
if command -v script >/dev/null; then
	# A terminal that shows colours, whatever the caller's TERM and
	# NO_COLOR; then one that does not (an editor's shell buffer).
	NO_COLOR= TERM=xterm script -qec "'$SP' diff '$P/diff-base.json' '$P/diff-socket-added.json'" /dev/null >tty.txt
	grep -q $'\033\[32m' tty.txt && ok color_on_a_terminal || bad color_on_a_terminal "$(head -c 200 tty.txt)"
	NO_COLOR= TERM=dumb script -qec "'$SP' diff '$P/diff-base.json' '$P/diff-socket-added.json'" /dev/null >tty.txt
	grep -q '^+ socket: added' tty.txt && ! grep -q $'\033' tty.txt && ok no_color_on_a_dumb_terminal ||
		bad no_color_on_a_dumb_terminal "$(head -c 200 tty.txt | cat -v)"
	NO_COLOR= env -u TERM script -qec "'$SP' diff '$P/diff-base.json' '$P/diff-socket-added.json'" /dev/null >tty.txt
	grep -q '^+ socket: added' tty.txt && ! grep -q $'\033' tty.txt && ok no_color_without_term ||
		bad no_color_without_term "$(head -c 200 tty.txt | cat -v)"
	NO_COLOR=1 TERM=xterm script -qec "'$SP' diff '$P/diff-base.json' '$P/diff-socket-added.json'" /dev/null >tty.txt
	grep -q $'\033' tty.txt && bad no_color_honoured "escape codes with NO_COLOR=1" || ok no_color_honoured
fi

# --- JSON for CI ------------------------------------------------------------
"$SP" diff --format json "$P/diff-socket-unix.json" "$P/diff-socket-inet.json" >out.json
expect_status json_exit_status 1 $?
if jq -e . out.json >/dev/null; then ok json_parses; else bad json_parses "$(head -c 300 out.json)"; fi
[ "$(jq -r '[.equal, .changes[0].syscall, .changes[0].change, (.changes[0].added_values|join(",")), (.changes[0].removed_values|join(",")), .subset.answer] | map(tostring) | join(" ")' out.json)" = \
	"false socket arguments AF_INET AF_UNIX no" ] && ok json_content ||
	bad json_content "$(jq -c '.changes[0]' out.json)"
jq -S . out.json >sorted.json && jq . out.json >as-is.json
cmp -s sorted.json as-is.json && ok json_keys_sorted || bad json_keys_sorted "keys out of order"
"$SP" diff --format json "$P/diff-base.json" "$P/diff-reordered.json" >out.json
expect_status json_equal_status 0 $?
[ "$(jq -r '.equal' out.json)" = true ] && ok json_equal || bad json_equal "$(cat out.json)"

# A value is listed once: a rule inside a wider one of the same profile
# (sandprint's own: socket for AF_UNIX, and for AF_UNIX with SOCK_STREAM
# where another image's site passes it) adds nothing to the list, in every
# format.
sock() { # FILE RULES...: socket rules beside diff-base's calls
	local f=$1
	shift
	printf '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["close", "exit_group", "mmap", "openat", "read", "write"], "action": "SCMP_ACT_ALLOW"}, {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}, %s]}\n' "$(IFS=,; echo "$*")" >"$f"
}
UNIX='{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}'
UNIX_STREAM='{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}'
INET_DGRAM='{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 2, "op": "SCMP_CMP_EQ"}]}'
sock inner.json "$UNIX_STREAM" "$UNIX" "$INET_DGRAM"
"$SP" diff --format json "$P/diff-base.json" inner.json >out.json
[ "$(jq -r '.changes[0].added_values | join(";")' out.json)" = \
	"arg0 == AF_UNIX;arg0 == AF_INET && arg1 == SOCK_DGRAM" ] &&
	ok value_inside_a_wider_one_listed_once ||
	bad value_inside_a_wider_one_listed_once "$(jq -c '.changes[0].added_values' out.json)"
"$SP" diff inner.json "$P/diff-base.json" >out.txt
has value_inside_a_wider_one_listed_once_removed \
	'^- socket: removed: -arg0 == AF_UNIX -arg0 == AF_INET && arg1 == SOCK_DGRAM$' out.txt
# Inside the values two others cover together: arg0 0 or 1 with SOCK_DGRAM
# beside arg0 0 and arg0 1 (AF_UNIX), any arg1.
SPEC='{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]}'
LOW_DGRAM='{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 18446744073709551614, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}, {"index": 1, "value": 2, "op": "SCMP_CMP_EQ"}]}'
sock covered.json "$SPEC" "$UNIX" "$LOW_DGRAM"
"$SP" diff --format markdown "$P/diff-base.json" covered.json >out.md
has value_covered_by_two_others_listed_once '^\| `socket` \| added \| x86_64 \| \+`AF_UNSPEC` \+`AF_UNIX` \|' out.md

# A field's value with flags beside it (sandprint's own socket rules under
# --args auto: SOCK_STREAM, with or without SOCK_NONBLOCK and SOCK_CLOEXEC)
# reads in the values as in the rule, not as the mask that holds it.
STREAM_FLAGS='{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967295, "valueTwo": 1, "op": "SCMP_CMP_MASKED_EQ"}, {"index": 1, "value": 4294440959, "valueTwo": 1, "op": "SCMP_CMP_MASKED_EQ"}]}'
sock stream.json "$STREAM_FLAGS"
"$SP" diff "$P/diff-base.json" stream.json >out.txt
has field_value_plus_flags_reads_as_its_rule \
	'^\+ socket: added: \+arg0 == AF_UNIX \(low 32 bits\) && arg1 is SOCK_STREAM plus any of SOCK_NONBLOCK\|SOCK_CLOEXEC$' out.txt

# --- Markdown for a pull request --------------------------------------------
"$SP" diff --format markdown "$P/diff-base.json" "$P/diff-socket-added.json" >out.md
has markdown_heading '^### sandprint diff: `.*diff-base.json` → `.*diff-socket-added.json`$' out.md
has markdown_table '^\| System call \| Change \| Architectures \| Values \| Old \| New \|$' out.md
has markdown_row '^\| `socket` \| added \| x86_64 \| ' out.md

# A name with a backtick (no name of libseccomp's, kept as written) is one
# code span: fenced by two backticks, padded where it ends with one.
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a`b`"], "action": "SCMP_ACT_ALLOW"}]}\n' >tick.json
"$SP" diff -q --format markdown tick.json "$P/diff-base.json" >tick.md
has markdown_name_with_backticks_one_span '^\| `` a`b` `` \| removed \|' tick.md

# --- --subset ---------------------------------------------------------------
"$SP" diff --subset "$P/diff-socket-added.json" "$P/diff-socket-inet.json" >out.txt
expect_status subset_proved 0 $?
has subset_says_yes '^subset: yes' out.txt
"$SP" diff --subset "$P/diff-socket-unix.json" "$P/diff-socket-inet.json" >out.txt
expect_status subset_refuted 1 $?
has subset_names_the_value 'socket: no: .*AF_INET' out.txt

# --- rules of different actions that overlap: libseccomp decides ----------
# Its first unconditional rule for a call wins, whatever the order or the
# strength: a KILL under it is dead text (equal), and two profiles that
# list the same rules in another order differ.
ovl() { # FILE RULES...: a profile of getpgid rules
	local f=$1
	shift
	printf '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [%s]}\n' "$(IFS=,; echo "$*")" >"$f"
}
ALLOW='{"names": ["getpgid"], "action": "SCMP_ACT_ALLOW"}'
EIO='{"names": ["getpgid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5}'
KILL1='{"names": ["getpgid"], "action": "SCMP_ACT_KILL_PROCESS", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}'
ovl allow.json "$ALLOW"
ovl shadowed.json "$KILL1" "$ALLOW"
ovl allow-eio.json "$ALLOW" "$EIO"
ovl eio-allow.json "$EIO" "$ALLOW"
"$SP" diff -q shadowed.json allow.json >out.txt; expect_status shadowed_rule_changes_nothing 0 $?
"$SP" diff -q allow-eio.json eio-allow.json >out.txt; expect_status first_unconditional_rule_wins 1 $?
has order_change_is_named '^- getpgid: removed' out.txt
# ERRNO(7) when arg0 <= 1 or >= 2^32, written two ways: libseccomp before
# 2.6.1 compiles the first into ERRNO(7) for every arg0 (its 64-bit merge,
# GHSA-4q85-33p6-j5g6), and that is what runtimes load.  explain (the
# compiled program) says which this host's libseccomp does.
R64='{"names": ["getpgid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 7, "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_LE"}, {"index": 0, "value": 4294967296, "op": "SCMP_CMP_GE"}]}'
ovl ranges.json "$R64"
ovl ranges2.json '{"names": ["getpgid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 7, "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_LE"}]}' \
	'{"names": ["getpgid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 7, "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_GT"}]}'
"$SP" diff ranges.json ranges2.json >out.txt 2>err.txt; st=$?
if "$SP" explain -q ranges.json getpgid 2 | grep -q 'E2BIG'; then
	[ $st = 1 ] && grep -q '^sandprint: ranges.json: getpgid: libseccomp compiles its rules into a filter that does other' err.txt &&
		ok miscompiled_rules_compared_as_compiled ||
		bad miscompiled_rules_compared_as_compiled "status $st: $(cat out.txt err.txt)"
else
	[ $st = 0 ] && ok miscompiled_rules_compared_as_compiled ||
		bad miscompiled_rules_compared_as_compiled "status $st: $(cat out.txt err.txt)"
fi

# --- --caps and --kernel: Docker profiles resolved alike on both sides ------
# NEW adds mount for CAP_SYS_ADMIN and pidfd_getfd from kernel 5.6, as
# Docker's default does: which differ is the options' to say, not the
# runner's kernel or capabilities.
dk() { # FILE RULES...: a Docker-form profile
	local f=$1
	shift
	printf '{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}], "syscalls": [%s]}\n' "$(IFS=,; echo "$*")" >"$f"
}
GETPID='{"names": ["getpid"], "action": "SCMP_ACT_ALLOW"}'
dk gated-old.json "$GETPID"
dk gated-new.json "$GETPID" \
	'{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}' \
	'{"names": ["pidfd_getfd"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "5.6"}}'
gated() { # NAME STATUS ADDED OPTIONS...: diff's status and the calls added
	local name=$1 want=$2 added=$3 st got
	shift 3
	"$SP" diff "$@" gated-old.json gated-new.json >out.txt 2>err.txt; st=$?
	got=$(sed -n 's/^+ \([a-z_0-9]*\): added.*/\1/p' out.txt | sort | tr '\n' ' ')
	[ "$st" = "$want" ] && [ "$got" = "$added" ] && ok "$name" ||
		bad "$name" "status $st, added '$got': $(cat out.txt err.txt)"
}
gated caps_without_the_cap_are_equal 0 '' --caps none --kernel 5.5
gated caps_with_the_cap_add_its_call 1 'mount ' --caps CAP_SYS_ADMIN --kernel 5.5
gated caps_dockers_defaults_lack_sys_admin 0 '' --caps docker --kernel 5.5
gated caps_all_hold_sys_admin 1 'mount ' --kernel 5.5 --caps all
gated kernel_below_minkernel_is_equal 0 '' --caps none --kernel 5.5
gated kernel_at_minkernel_adds_its_call 1 'pidfd_getfd ' --caps none --kernel 5.6
gated caps_and_kernel_together 1 'mount pidfd_getfd ' --caps sys_admin --kernel 6.1
# The same options, through the same code, in explain.
"$SP" explain -q --caps none gated-new.json mount >/dev/null; expect_status explain_caps_without_the_cap_refuse 1 $?
"$SP" explain -q --caps CAP_SYS_ADMIN gated-new.json mount >/dev/null; expect_status explain_caps_with_the_cap_allow 0 $?
"$SP" explain -q --kernel 5.5 gated-new.json pidfd_getfd >/dev/null; expect_status explain_kernel_below_minkernel_refuses 1 $?
"$SP" explain -q --kernel 5.6 gated-new.json pidfd_getfd >/dev/null; expect_status explain_kernel_at_minkernel_allows 0 $?
# Without --kernel, the running kernel's release, not what a personality
# makes uname(2) say (setarch --uname-2.6, for old programs: 2.6.x).
IFS=. read -r kmaj kmin _ </proc/sys/kernel/osrelease
if [ "$kmaj" -gt 5 ] || { [ "$kmaj" = 5 ] && [ "${kmin%%[!0-9]*}" -ge 6 ]; }; then
	"$SP" explain -q gated-new.json pidfd_getfd >/dev/null
	expect_status explain_running_kernel_past_minkernel_allows 0 $?
	if setarch "$(uname -m)" --uname-2.6 true 2>/dev/null; then
		setarch "$(uname -m)" --uname-2.6 "$SP" explain -q gated-new.json pidfd_getfd >/dev/null
		expect_status explain_running_kernel_not_unames_under_uname26 0 $?
	fi
fi
"$SP" diff --kernel five gated-old.json gated-new.json 2>err.txt; expect_status bad_kernel_is_error 2 $?
has bad_kernel_named '^sandprint: --kernel five: expected X.Y' err.txt
"$SP" diff --caps CAP_FLY gated-old.json gated-new.json 2>err.txt; expect_status unknown_cap_is_error 2 $?
has unknown_cap_named '^sandprint: --caps: ' err.txt

# --- bad input: exit 2, the file named --------------------------------------
"$SP" diff "$P/diff-base.json" no-such.json 2>err.txt; expect_status missing_file_is_error 2 $?
has missing_file_named 'no-such.json' err.txt
"$SP" diff "$P/invalid-unknown-action.json" "$P/diff-base.json" 2>err.txt; expect_status bad_profile_is_error 2 $?
has bad_profile_named 'invalid-unknown-action.json' err.txt
# Two traces are read at once: when both are bad, OLD is the one named.
"$SP" diff "$DATA/traces/invalid-unknown-arch.json" "$DATA/traces/invalid-args-length.json" 2>err.txt
expect_status two_bad_traces_are_error 2 $?
has old_bad_trace_named '^sandprint: .*invalid-unknown-arch.json: \$\.patterns\[1\]\.arch: ' err.txt
"$SP" diff "$DATA/traces/running-partial.json" "$DATA/traces/invalid-args-length.json" 2>err.txt
expect_status new_bad_trace_is_error 2 $?
has new_bad_trace_named '^sandprint: .*invalid-args-length.json: \$\.patterns\[1\]\.args: ' err.txt
"$SP" diff "$P/diff-base.json" 2>/dev/null; expect_status one_argument_is_error 2 $?
"$SP" diff --format yaml "$P/diff-base.json" "$P/diff-base.json" 2>/dev/null; expect_status bad_format_is_error 2 $?
# A live process's filter is check's, explain's and run's to read: said
# alone, not beside a list of the profiles shipped (no shipped name has a
# colon).
"$SP" diff pid:1 "$P/diff-base.json" 2>err.txt; expect_status pid_profile_is_error 2 $?
[ "$(cat err.txt)" = "sandprint: pid:1: a seccomp program (raw cBPF or pid:N): only check, explain and run read one" ] &&
	ok pid_profile_said_alone || bad pid_profile_said_alone "$(cat err.txt)"

# --- traces as inputs -------------------------------------------------------
"$SP" record -q -o ls.json -- ls / >/dev/null
"$SP" record -q -o lsl.json -- ls -l / >/dev/null
"$SP" diff ls.json ls.json >out.txt; expect_status trace_against_itself 0 $?
"$SP" profile -o ls-profile.json ls.json
"$SP" diff ls.json ls-profile.json >out.txt; expect_status trace_equals_its_profile 0 $?
"$SP" diff ls.json lsl.json >out.txt; st=$?
if [ $st -eq 1 ] && grep -qE '^[-+~] [a-z_0-9]+' out.txt; then
	ok ls_and_ls_l_differ
else
	bad ls_and_ls_l_differ "status $st: $(head -c 300 out.txt)"
fi
"$SP" record -q -o prog.json -- "$PROGS/exitcode" 0
"$SP" diff prog.json ls.json >out.txt; expect_status two_programs_differ 1 $?
# A trace is profiled as 'profile' does, the calls reachable in the code
# it loaded included: ls loads more than a program that only exits.
"$SP" diff --subset prog.json ls.json >/dev/null; st=$?
[ $st -eq 1 ] && ok ls_needs_more_than_exit || bad ls_needs_more_than_exit "status $st"

# --- Firecracker's seccompiler filters as PROFILE -----------------------------
# Verdicts derived by hand from testdata/profiles/firecracker-x86_64.json:
# vmm allows accept4 only with arg3 == 524288 (SOCK_CLOEXEC) on a dword
# (the low 32 bits), mmap only with PROT_EXEC (4) clear in arg2, ioctl
# TCGETS (21505) and FIONBIO (21537); api has FIONBIO alone and no
# connect; neither has getpid; vcpu allows ioctl 44672 (KVM_RUN);
# default_action "trap".
FC=$P/firecracker-x86_64.json
cat >fc.strace <<'LOG'
100 accept4(3, NULL, NULL, SOCK_CLOEXEC) = 5
100 accept4(3, NULL, NULL, 0) = 6
100 ioctl(4, TCGETS, 0x7ffc) = 0
100 ioctl(4, FIONBIO, [1]) = 0
100 mmap(NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000
100 mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000
100 getpid() = 100
100 exit_group(0) = ?
LOG
"$SP" import -q -o fc-trace.json fc.strace
"$SP" check -q -P "$FC" fc-trace.json >out.txt 2>err.txt; expect_status fc_several_filters_unchosen_is_an_error 2 $?
has fc_several_filters_named '\$: 3 filters \("api", "vcpu", "vmm"\): choose one with --filter NAME' err.txt
"$SP" check -q -P "$FC" --filter vmm fc-trace.json >out.txt; expect_status fc_vmm_refuses 1 $?
refused=$(awk '$1 == "trap" { print $2 }' out.txt | sort | tr '\n' ' ')
want='accept4(_, getpid mmap(_, '
[ "$refused" = "$want" ] && ok fc_vmm_refuses_what_the_file_says ||
	bad fc_vmm_refuses_what_the_file_says "got '$refused', want '$want': $(cat out.txt)"
has fc_vmm_refuses_accept4_without_cloexec '^trap +accept4\(_, _, _, 0\)' out.txt
# The mmap's protection on the line under its row (the call is longer
# than the SYSCALL column).
grep -A1 -E '^trap +mmap\(_, _,' out.txt >mmap.txt
has fc_vmm_refuses_exec_mappings '^ +PROT_READ\|PROT_WRITE\|PROT_EXEC,$' mmap.txt
"$SP" check -q -P "$FC" --filter api fc-trace.json >out.txt; expect_status fc_api_refuses 1 $?
has fc_api_refuses_tcgets '^trap +ioctl\(_, TCGETS\)' out.txt
grep -q 'FIONBIO' out.txt && bad fc_api_allows_fionbio "$(cat out.txt)" || ok fc_api_allows_fionbio
"$SP" check -q -P "$FC" --filter nope fc-trace.json >out.txt 2>err.txt; expect_status fc_unknown_filter_is_an_error 2 $?
has fc_unknown_filter_named 'no filter "nope" in it \(it has "api", "vcpu", "vmm"\)' err.txt
# A dword compares the low 32 bits: garbage above SOCK_CLOEXEC still
# passes; a qword-wide value without it does not.
"$SP" explain -q --filter vmm "$FC" accept4 3 0 0 0x100080000 >out.txt; expect_status fc_dword_ignores_the_upper_half 0 $?
has fc_explain_names_the_form 'Firecracker.s seccompiler form, filter "vmm"' out.txt
"$SP" explain -q --filter vmm "$FC" accept4 3 0 0 0x100000000 >out.txt; expect_status fc_dword_compares_the_lower_half 1 $?
has fc_default_is_trap '^verdict: +SCMP_ACT_TRAP' out.txt
"$SP" explain -q --filter vcpu "$FC" ioctl 3 44672 >/dev/null; expect_status fc_vcpu_allows_kvm_run 0 $?
"$SP" explain -q --filter api "$FC" ioctl 3 44672 >/dev/null; expect_status fc_api_refuses_kvm_run 1 $?
# diff: one filter against another (each alone in a file: then it needs
# no --filter), and a filter against itself in the file of three.
jq '{vmm: .vmm}' "$FC" >fc-vmm.json
jq '{api: .api}' "$FC" >fc-api.json
"$SP" diff fc-vmm.json fc-api.json >out.txt; expect_status fc_vmm_and_api_differ 1 $?
has fc_api_lacks_connect '^- connect: removed' out.txt
has fc_api_narrows_ioctl '^- ioctl: narrowed' out.txt
"$SP" diff --filter vmm "$FC" fc-vmm.json >out.txt; expect_status fc_filter_equals_itself_alone 0 $?
"$SP" show --filter vcpu "$FC" >out.txt; expect_status fc_show 0 $?
has fc_show_default 'default SCMP_ACT_TRAP' out.txt
grep -A1 'arg1 == 0xae80 (low 32 bits)' out.txt >kvm.txt
has fc_show_kvm_run_with_its_comment 'arg1: KVM_RUN' kvm.txt
# record --baseline against one filter: its calls (io_uring_setup is
# vmm's, not api's) come into the trace as baseline patterns.
"$SP" record -q --baseline "$FC" --filter vmm -o fc-bl.json -- true; expect_status fc_record_baseline_filter 0 $?
jq -r '.patterns[] | select(.baseline == true) | .syscall' fc-bl.json >bl.txt
has fc_record_baseline_holds_the_filters_calls '^io_uring_setup$' bl.txt
"$SP" record -q --baseline "$FC" -o fc-bl.json -- true 2>err.txt; expect_status fc_record_baseline_unchosen_is_an_error 2 $?
# A Firecracker file where a trace is wanted is said to be a profile.
"$SP" profile -q "$FC" >out.txt 2>err.txt; expect_status fc_not_a_trace 2 $?
has fc_said_to_be_a_profile 'this is a seccomp profile, not a trace' err.txt
# -f firecracker: a filter written back means what it meant.
"$SP" merge -q --filter vmm -f firecracker --name vmm -o fc-out.json "$FC"; expect_status fc_written 0 $?
[ "$(jq -r '.vmm.filter_action' fc-out.json)" = allow ] && ok fc_written_filter_action || bad fc_written_filter_action "$(head -c 300 fc-out.json)"
"$SP" diff --filter vmm "$FC" fc-out.json >out.txt; expect_status fc_written_means_the_same 0 $?
# A recording's profile has clone3's ENOSYS beside its allowed calls:
# two actions, which one filter_action cannot say; nothing written.
"$SP" profile -q -f firecracker -o fc-ls.json ls.json 2>err.txt; expect_status fc_two_actions_refused 2 $?
has fc_two_actions_named 'one filter_action, and .* is SCMP_ACT_ERRNO\(ENOSYS\)' err.txt
# ... and the advice whole, to its end (a 256-byte message cut it out).
has fc_two_actions_advice_whole '--safety none leaves out fallback and advice ones, never a sibling.s such as clone3.s, which keeps clone.s conditions from being got around)$' err.txt
[ -e fc-ls.json ] && bad fc_two_actions_nothing_written "fc-ls.json exists" || ok fc_two_actions_nothing_written

# --- a value set listed by what it leaves out --------------------------------
# prctl at PR_SET_PDEATHSIG, PR_GET_DUMPABLE and PR_SET_NAME, then at any
# option: "widened (too many values to list)" before; the three named now.
"$SP" diff "$P/diff-prctl-three.json" "$P/diff-prctl-any.json" >out.txt; expect_status prctl_widened_differs 1 $?
has any_value_but_a_few_said_in_words '^\+ prctl: widened: \+any but PR_SET_PDEATHSIG, PR_GET_DUMPABLE, PR_SET_NAME$' out.txt
"$SP" diff "$P/diff-prctl-any.json" "$P/diff-prctl-three.json" >out.txt
has any_value_but_a_few_removed_said_in_words '^- prctl: narrowed: -any but PR_SET_PDEATHSIG, PR_GET_DUMPABLE, PR_SET_NAME$' out.txt
"$SP" diff --format json "$P/diff-prctl-three.json" "$P/diff-prctl-any.json" >out.json
[ "$(jq -c '.changes[0] | [.added_except, .added_values, .removed_except, .values_elided]' out.json)" = \
	'[["PR_SET_PDEATHSIG","PR_GET_DUMPABLE","PR_SET_NAME"],[],null,false]' ] && ok any_value_but_a_few_in_json ||
	bad any_value_but_a_few_in_json "$(jq -c '.changes[0]' out.json)"
"$SP" diff --format markdown "$P/diff-prctl-three.json" "$P/diff-prctl-any.json" >out.md
has any_value_but_a_few_in_markdown '\| \+any but `PR_SET_PDEATHSIG`, `PR_GET_DUMPABLE`, `PR_SET_NAME` \|' out.md

sp_end
