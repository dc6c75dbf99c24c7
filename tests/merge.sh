#!/bin/bash
# merge.sh - sandprint merge as a user meets it: the merged profile holds
# each input (diff --subset, whose proofs are the analyzer's exact
# argument-set algebra), says where each rule came from, refuses to guess
# between different default actions, and takes profiles, not traces.
#
# Usage: merge.sh SANDPRINT TESTDATA
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
TD=$(realpath -e -- "$2") || exit 2
sp_begin merge

# Two "replicas": the fixture trace profiled two ways, and the fixture
# profile of the formats tests (other calls, other conditions).
"$SP" profile -o a.json "$TD/golden/trace.json" &&
	"$SP" profile --args strict --runtime none -o b.json "$TD/golden/trace.json" &&
	cp "$TD/profiles/formats-input.json" c.json || { echo "setup failed"; exit 2; }
"$SP" merge -o m.json a.json b.json c.json 2>err.txt
st=$?
[ $st = 0 ] && ok merge_succeeds || bad merge_succeeds "status $st: $(cat err.txt)"
# c.json names no_such_call; the recorded a and b only calls it knows.
has unknown_name_of_an_input_warned "warning: no_such_call: unknown" err.txt
"$SP" merge -o ab.json a.json b.json 2>err.txt
grep -q unknown err.txt && bad known_names_draw_no_warning "$(cat err.txt)" ||
	ok known_names_draw_no_warning
# A name this libseccomp lacks (a typo, or a call newer than it) is kept,
# and said: crun and runc linked with it would skip its rule.
printf '%s\n' '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [' \
	'{"names": ["read", "frobnicate"], "action": "SCMP_ACT_ALLOW"}]}' >u.json
"$SP" merge -o mu.json u.json a.json 2>err.txt
has unknown_name_kept_with_a_warning \
	"frobnicate: unknown to this machine's libseccomp" err.txt
grep -q '"frobnicate"' mu.json && ok unknown_name_kept ||
	bad unknown_name_kept "not in the merged profile"
for f in a b c; do
	"$SP" diff --subset m.json $f.json >sub.txt 2>&1
	st=$?
	[ $st = 0 ] && ok "merge_holds_$f" || bad "merge_holds_$f" "status $st: $(head -3 sub.txt)"
done
# The merge is not wider than needed: it is a subset of everything.
"$SP" diff --subset c.json m.json >/dev/null 2>&1
[ $? = 1 ] && ok merge_is_not_c_alone || bad merge_is_not_c_alone "m.json within c.json"
grep -q '"sandprint: recorded: in 3 of 3 profiles (a.json, b.json, c.json)' m.json &&
	ok rules_say_where_they_were || bad rules_say_where_they_were "no coverage in comments"

# One input refuses kill whatever its arguments (a fallback ENOSYS),
# another allows kill(1, ...): runtimes let the unconditional rule win, so
# the refusal gives way, said on stderr; the union holds the allow.
cat >ka.json <<'EOF2'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW",
   "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
EOF2
cat >kb.json <<'EOF2'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
EOF2
"$SP" merge -o k.json ka.json kb.json 2>err.txt
st=$?
"$SP" diff --subset k.json ka.json >sub.txt 2>&1
sub=$?
[ $st = 0 ] && [ $sub = 0 ] && grep -q 'kill: kb.json refuses it.*ka.json allows it' err.txt &&
	ok overlapping_refusal_gives_way ||
	bad overlapping_refusal_gives_way "status $st: $(cat err.txt sub.txt)"
"$SP" merge -q -o k.json ka.json kb.json 2>err.txt
[ ! -s err.txt ] && ok quiet_merge_says_nothing || bad quiet_merge_says_nothing "$(cat err.txt)"

# Two byte orders: libseccomp (crun, runc) cannot load the union.
sed 's/SCMP_ARCH_X86_64/SCMP_ARCH_S390X/' ka.json >ks.json
"$SP" merge -o ks-merged.json ka.json ks.json 2>err.txt
st=$?
[ $st = 2 ] && [ ! -e ks-merged.json ] &&
	grep -q 'ka.json lists x86_64 and ks.json lists s390x' err.txt &&
	ok two_byte_orders_refused || bad two_byte_orders_refused "status $st: $(cat err.txt)"

# An errno libseccomp refuses (4095 and up; moby's own example profile
# has 12345): crun and runc would not start the container, so no -f json
# is written.  Its entries' "name" (Docker's old form) written "names",
# as dockerd hands them on: runc and crun know no "name".
/usr/bin/python3 - "$TD/profiles/moby-example.json" >moby-names.json <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
for e in p["syscalls"]:
    e["names"] = [e.pop("name")]
json.dump(p, sys.stdout)
EOF
"$SP" merge -o big.json moby-names.json 2>err.txt
st=$?
[ $st = 2 ] && [ ! -e big.json ] &&
	grep -q 'libseccomp refuses the rule for .*would load this -f json' err.txt &&
	ok errno_libseccomp_refuses_refused || bad errno_libseccomp_refuses_refused "status $st: $(cat err.txt)"

# Rules of different actions that overlap (kill(1, SIGTERM) matches
# both): sandprint's compiler applies the first, libseccomp checks arg1
# first; -f bpf says so, -f json (libseccomp's own reading) need not.
cat >ov.json <<'EOF2'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW",
   "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
  {"names": ["kill"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22,
   "args": [{"index": 1, "value": 15, "op": "SCMP_CMP_EQ"}]}]}
EOF2
"$SP" merge -f bpf -o ov.bpf ov.json 2>err.txt &&
	grep -q 'warning: kill: .*overlap: libseccomp .* by argument, -f bpf otherwise' err.txt &&
	"$SP" merge -o ov-merged.json ov.json 2>err2.txt && [ ! -s err2.txt ] &&
	ok overlapping_actions_warned_for_bpf ||
	bad overlapping_actions_warned_for_bpf "$(cat err.txt err2.txt)"

# An errno on an action that takes none (runc ignores it, crun refuses
# the profile: "errno value specified for action"): not written.
cat >ke.json <<'EOF2'
{"defaultAction": "SCMP_ACT_KILL_PROCESS", "defaultErrnoRet": 1,
 "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "errnoRet": 1},
  {"names": ["getuid"], "action": "SCMP_ACT_TRAP", "errnoRet": 3},
  {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 3}]}
EOF2
"$SP" merge -o ke-merged.json ke.json 2>err.txt &&
	[ "$(grep -c 'rrnoRet' ke-merged.json)" = 1 ] && grep -q '"errnoRet": 3' ke-merged.json &&
	ok errno_only_where_the_action_takes_one ||
	bad errno_only_where_the_action_takes_one "$(cat err.txt ke-merged.json)"

# An arch one input lists and another does not: the other's rules hold
# there too (a rule holds on every arch a profile lists), said.
sed 's/"SCMP_ARCH_X86_64"/"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"/' kb.json >kb86.json
"$SP" merge -o k86.json ka.json kb86.json 2>err.txt &&
	grep -q 'kb86.json lists x86, ka.json does not: the merged profile applies ka.json.s rules to x86' err.txt &&
	ok arch_of_one_input_said || bad arch_of_one_input_said "$(cat err.txt)"

# A name with a line break (a profile may hold any string) stays inside
# its comment: it started a policy or unit line that allowed mount.
cat >inj.json <<'EOF2'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["read", "x\nmount: 1", "y\nSystemCallFilter=mount"],
   "action": "SCMP_ACT_ALLOW",
   "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]}]}
EOF2
"$SP" merge -q -f minijail -o inj.policy inj.json &&
	"$SP" merge -q -f systemd -o inj.systemd inj.json &&
	! grep -q '^ *mount' inj.policy && ! grep -q '^SystemCallFilter=mount' inj.systemd &&
	ok names_stay_in_comments || bad names_stay_in_comments "$(cat inj.policy inj.systemd)"

# Different default actions: no guess.
"$SP" merge docker-default podman-default >/dev/null 2>err.txt
st=$?
[ $st = 2 ] && grep -q 'docker-default.*podman-default.*--default-action' err.txt &&
	ok different_defaults_refused || bad different_defaults_refused "status $st: $(cat err.txt)"
"$SP" merge --default-action errno -o dp.json docker-default podman-default 2>err.txt
[ $? = 0 ] && ok default_action_given_merges || bad default_action_given_merges "$(cat err.txt)"
"$SP" merge "$TD/golden/trace.json" 2>err.txt
st=$?
[ $st = 2 ] && grep -q 'a trace, not a profile' err.txt && ok trace_refused ||
	bad trace_refused "status $st: $(cat err.txt)"
"$SP" merge 2>/dev/null
[ $? = 2 ] && ok no_input_is_an_error || bad no_input_is_an_error "status $?"
# "-": a profile on standard input, beside a file.
"$SP" merge --default-action errno -o dp2.json - podman-default <dp.json 2>err.txt
[ $? = 0 ] && jq -e '.defaultAction' dp2.json >/dev/null &&
	ok profile_from_standard_input || bad profile_from_standard_input "$(cat err.txt)"
# The filter's name (-f firecracker): the first input's file name, and
# from standard input, "main", as profile names it (it was "-").
fc='{"defaultAction": "SCMP_ACT_KILL_PROCESS", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}'
echo "$fc" >web.json
"$SP" merge -q -f firecracker -o fw.json web.json &&
	echo "$fc" | "$SP" merge -q -f firecracker -o fs.json - &&
	[ "$(jq -r 'keys[0]' fw.json) $(jq -r 'keys[0]' fs.json)" = "web main" ] &&
	ok firecracker_filter_named_by_file_or_main ||
	bad firecracker_filter_named_by_file_or_main "$(jq -c keys fw.json fs.json)"

sp_end
