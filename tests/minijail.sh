#!/bin/bash
# minijail.sh - -f minijail judged by minijail itself, built from its own
# sources in the test build (tests/minijail.cmake,
# tests/third_party/minijail/):
#  - every policy the test writes compiles in minijail's policy compiler
#    (parse_seccomp_policy, the code minijail0 -S runs): profiles of the
#    fixture trace with each --args mode and with the runtime windows,
#    the formats golden file, every valid profile fixture, Docker's and
#    Podman's defaults merged; and
#    the compiled filter allows every call of the fixture trace it can
#    (sandprint check runs minijail's cBPF);
#  - the names minijail's build lacks (its table, generated from the
#    compiler's <asm/unistd.h>, is read from the build) are left out of
#    the policy with a note: the fixture's fallback set names some;
#  - programs recorded here run under minijail0 -S with their policy
#    (minijail kills what the policy does not allow) with their native
#    output and status: argrules in each --args mode, both through the
#    preload library (the filter set after the dynamic loader) and as
#    minijail runs a static program (-T static: the filter set before
#    execve), threads, syscalls, a shell pipeline, a static program, a
#    program's exit status; Docker's and Podman's defaults (merged) run
#    a pipeline and setarch;
#  - negative cases: argrules' neighbouring calls are killed (SIGSYS,
#    minijail0's status 253) under the auto and strict policies, not
#    under none; a program making a call its policy lacks is killed;
#    setarch -R (personality(ADDR_NO_RANDOMIZE)) is killed under the
#    defaults; a policy naming a call minijail's table lacks is refused.
#
# Usage: minijail.sh SANDPRINT TESTDATA PROGDIR MINIJAIL_BUILD_DIR
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
TD=$(realpath -e -- "$2") || exit 2
PROGS=$(realpath -e -- "$3") || exit 2
MJ=$(realpath -e -- "$4") || exit 2
MINIJAIL0=$MJ/minijail0
PARSE=$MJ/parse_seccomp_policy
sp_begin minijail

# compiles NAME POLICY: minijail's compiler accepts POLICY.
compiles() {
	# (Braces: bash's "Aborted" for a refused policy goes with the rest
	# of what the compiler said.)
	if { "$PARSE" "$2" --dump="$2.bpf"; } >compile.txt 2>&1 &&
		! grep -q 'nonexistent syscall' compile.txt; then
		ok "$1"
	else
		bad "$1" "$(head -n 3 compile.txt | tr '\n' ' ')"
	fi
}

# The calls minijail's build knows: its generated table.
sed -nE 's/^\{ "([a-z0-9_]+)", __.*/\1/p' "$MJ/libsyscalls.gen.c" |
	LC_ALL=C sort -u >known.txt
[ "$(wc -l <known.txt)" -gt 200 ] ||
	{ echo "minijail: cannot read $MJ/libsyscalls.gen.c" >&2; exit 2; }

# The fixture trace, each --args mode and the runtime windows.
# (stderr to a file: the fixture's x86 socket call draws a warning.)
for p in none auto strict; do
	"$SP" profile -q -f minijail --args $p -o trace-$p.policy \
		"$TD/golden/trace.json" 2>err.txt ||
		bad "profile_$p" "$(head -n 1 err.txt)"
done
"$SP" profile -q -f minijail --runtime crun,runc -o runtimes.policy \
	"$TD/golden/trace.json" 2>err.txt ||
	bad profile_runtimes "$(head -n 1 err.txt)"
"$SP" merge -q -f minijail --default-action errno -o defaults.policy \
	docker-default podman-default 2>err.txt ||
	bad merge_defaults "$(head -n 1 err.txt)"
cp "$TD/golden/formats.policy" golden.policy
for p in trace-none trace-auto trace-strict runtimes defaults golden; do
	compiles "${p}_policy_compiles_in_minijail" $p.policy
done
# Every valid profile fixture (Docker's, Podman's errno strings, ...),
# written as a minijail policy.
for f in "$TD"/profiles/*.json "$TD/golden/profile.oci.json"; do
	case ${f##*/} in invalid-*) continue ;; esac
	p=fixture-$(basename "$f" .json)
	# Firecracker's file holds three filters: its vmm thread's is one.
	pick=
	case ${f##*/} in firecracker-*) pick="--filter vmm" ;; esac
	if "$SP" merge -q -f minijail $pick -o "$p.policy" "$f" 2>err.txt; then
		compiles "${p}_policy_compiles_in_minijail" "$p.policy"
	else
		bad "${p}_policy_compiles_in_minijail" "$(head -n 1 err.txt)"
	fi
done

# minijail's filter, run by sandprint's interpreter on the fixture
# trace, refuses only what it cannot allow: calls of another arch
# (minijail compiles for its own) and numbers without a name.
for p in none auto strict; do
	name=trace_${p}_calls_allowed_by_minijails_filter
	"$SP" check -q -f json --profile trace-$p.policy.bpf \
		"$TD/golden/trace.json" >check.json
	if [ $? -gt 1 ]; then
		bad "$name" "check failed"
		continue
	fi
	wrong=$(jq -r --arg native "$(uname -m)" '.refusals[] |
		select(.arch == $native and (.syscall | startswith("syscall_") |
		not)) | .syscall' check.json)
	if [ -z "$wrong" ]; then ok "$name"
	else bad "$name" "refused: $(tr '\n' ' ' <<<"$wrong")"; fi
done

# The point of the names check: the profile names calls minijail's
# table lacks, and the policy says it left them out.
missing=$("$SP" profile -q -o p.json "$TD/golden/trace.json" 2>/dev/null &&
	jq -r '.syscalls[].names[]' p.json | LC_ALL=C sort -u | comm -23 - known.txt)
if [ -z "$missing" ]; then
	bad profile_names_calls_minijail_lacks "none: the test lost its point"
else
	left=""
	for n in $missing; do
		grep -q "^# $n: not in <asm/unistd.h>" trace-auto.policy || left="$left $n"
	done
	[ -z "$left" ] && ok calls_minijail_lacks_are_left_out_with_a_note ||
		bad calls_minijail_lacks_are_left_out_with_a_note "no note for:$left"
	# Control: such a name written anyway is refused.
	{ cat trace-auto.policy; echo "${missing%%$'\n'*}: 1"; } >unknown.policy
	if { "$PARSE" unknown.policy; } >compile.txt 2>&1; then
		bad control_unknown_name_is_refused "minijail compiled it"
	else
		has control_unknown_name_is_refused \
			"nonexistent syscall '${missing%%$'\n'*}'" compile.txt
	fi
fi

# runs NAME STATUS POLICY [MINIJAIL_OPTION]... -- CMD...: CMD under
# minijail0 -S POLICY exits STATUS with the output it has natively.
runs() {
	local name=$1 want=$2 policy=$3 st
	shift 3
	local opts=()
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	# ld.so splits LD_PRELOAD at spaces and colons: minijail0 cannot
	# preload its library from a build directory whose path has one.
	if [[ $MJ == *[' :']* && " ${opts[*]} " != *" -T static "* ]]; then
		echo "skip $name: ld.so cannot preload $MJ/libminijailpreload.so (a space or colon in its path)"
		return
	fi
	"$@" >native.out 2>&1
	{ "$MINIJAIL0" --logging=stderr -n "${opts[@]}" -S "$policy" -- "$@"; } \
		>jail.out 2>jail.err
	st=$?
	if [ $st -ne "$want" ]; then
		bad "$name" "status $st, expected $want: $(head -c 300 jail.err)"
	elif [ "$want" -eq 253 ]; then
		has "$name" 'had a policy violation' jail.err
	elif cmp -s native.out jail.out; then
		ok "$name"
	else
		bad "$name" "output differs: $(head -c 300 jail.out | tr '\n' '|')"
	fi
}

# Recorded from argrules_seen, whose code holds no neighbour (a value
# argrules' own code computes may be any: static coverage allows it).
"$SP" record -q -o argrules.json -- "$PROGS/argrules_seen" seen >/dev/null ||
	bad record_argrules "sandprint record failed"
for p in none auto strict; do
	"$SP" profile -q -f minijail --args $p -o argrules-$p.policy argrules.json ||
		bad "profile_argrules_$p" "sandprint failed"
	compiles "argrules_${p}_policy_compiles_in_minijail" argrules-$p.policy
	runs "argrules_runs_under_its_${p}_policy" 0 argrules-$p.policy -- \
		"$PROGS/argrules" seen
	runs "argrules_runs_under_its_${p}_policy_filter_before_exec" 0 \
		argrules-$p.policy -T static -- "$PROGS/argrules" seen
done
# socket(AF_INET) is the first neighbour: the argument conditions of
# auto and strict refuse it, --args none allows the whole call.
runs argrules_neighbours_killed_under_auto 253 argrules-auto.policy -- \
	"$PROGS/argrules" neighbours
runs argrules_neighbours_killed_under_strict 253 argrules-strict.policy -- \
	"$PROGS/argrules" neighbours
runs argrules_neighbours_pass_the_none_policy_to_its_own_check 21 \
	argrules-none.policy -- "$PROGS/argrules" neighbours

# More programs under their own (auto) policies: threads, poisoned
# upper argument bits, a shell pipeline (execs, children).
n=0
# (Paths quoted with %q: the build's path may hold a space.)
for cmd in "$(printf %q "$PROGS/threads")" "$(printf %q "$PROGS/syscalls")" \
	"$(command -v sh) -c 'echo a | tr a b'"; do
	n=$((n + 1))
	eval "set -- $cmd"
	"$SP" generate -q -f minijail -o cmd$n.policy -- "$@" >/dev/null ||
		bad "generate_$n" "sandprint failed on $cmd"
	runs "${1##*/}_runs_under_its_policy" 0 cmd$n.policy -- "$@"
done

# Docker's and Podman's defaults as one minijail policy, with their
# argument rules: personality(2) only with the personas Docker lists.
runs defaults_policy_runs_a_pipeline 0 defaults.policy -- \
	"$(command -v sh)" -c 'echo a | tr a b'
runs defaults_policy_allows_a_listed_persona 0 defaults.policy -- \
	"$(command -v setarch)" "$(uname -m)" /bin/true
runs defaults_policy_kills_another_persona 253 defaults.policy -- \
	"$(command -v setarch)" "$(uname -m)" -R /bin/true

# A call with hundreds of argument sets: minijail's program for it would
# pass the kernel's 4096 instructions ("compile_filter failed"), so the
# call is written whole, with a warning; 40 sets keep their conditions.
# sockets N: a trace of N socket(family, type, protocol) argument sets.
sockets() {
	printf '{"format": "sandprint-trace", "version": 1, "command": ["x"],
"end": "exited", "status": 0, "exit_status": 0, "partial": false,
"no_new_privs": false, "calls": %d, "executables": ["/usr/bin/x"],
"processes": [{"pid": 1, "ppid": 0, "exe": 0}], "patterns": [' "$1"
	i=0
	while [ $i -lt "$1" ]; do
		[ $i -eq 0 ] || printf ','
		printf '{"arch": "x86_64", "syscall": "socket", "nr": 41, "args": [%d, %d, %d, null, null, null], "count": 1, "exe": 0, "pid": 1}' \
			$((i % 40)) $((i / 40 + 1)) $((i % 7))
		i=$((i + 1))
	done
	printf ']}\n'
}
for n in 40 200; do
	sockets $n >sockets$n.json
	"$SP" profile -q --static none -f minijail -o sockets$n.policy \
		sockets$n.json 2>sockets$n.err ||
		bad "profile_sockets$n" "$(head -n 1 sockets$n.err)"
	compiles "socket_with_${n}_argument_sets_compiles" sockets$n.policy
done
if grep -q '^socket: arg' sockets40.policy && ! [ -s sockets40.err ]; then
	ok forty_argument_sets_kept_without_warning
else
	bad forty_argument_sets_kept_without_warning \
		"$(grep '^socket' sockets40.policy | head -c 80) $(head -n 1 sockets40.err)"
fi
has too_many_argument_sets_written_whole_with_a_warning \
	"socket allowed whatever its arguments" sockets200.err
grep -q '^socket: 1$' sockets200.policy ||
	bad too_many_argument_sets_policy_line "$(grep '^socket' sockets200.policy | head -c 80)"

"$SP" generate -q -f minijail -o static.policy -- "$PROGS/static_sites" ||
	bad generate_static "sandprint failed"
runs static_program_runs_under_its_policy 0 static.policy -- \
	"$PROGS/static_sites"
"$SP" generate -q -f minijail -o exitcode.policy -- "$PROGS/exitcode" 3
runs exit_status_passes_through 3 exitcode.policy -- "$PROGS/exitcode" 3
# syscalls makes a socket first; exitcode never did.
if grep -q '^socket:' exitcode.policy; then
	bad exitcode_policy_lacks_socket "it has one: the test lost its point"
else
	runs call_the_policy_lacks_is_killed 253 exitcode.policy -- \
		"$PROGS/syscalls"
fi

sp_end
