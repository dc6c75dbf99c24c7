#!/bin/bash
# minijail.sh - -f minijail names only calls minijail's build knows.
# minijail makes its syscall table from the compiler's <asm/unistd.h>
# (gen_syscalls.sh: every "#define __NR_name" of `cc -dD -E` on a file that
# includes it) and refuses a policy that names another call ("nonexistent
# syscall"); this test builds the same list the same way and checks every
# policy line against it, for profiles of the fixture trace (whose fallback
# set names fchmodat2, cachestat, ..., which Debian 12's headers lack) with
# each --args mode, and the fixture profile of the formats tests.  Each
# line must also be minijail's grammar: "name: 1", "name: return N", or
# conditions "argN OP 0xHEX" joined by && and ||, optionally "; return N".
#
# Usage: minijail.sh SANDPRINT TESTDATA
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
TD=$(realpath -e -- "$2") || exit 2
sp_begin minijail

printf '#include <asm/unistd.h>\n' >gen.c
${CC:-cc} -dD -E gen.c | sed -nE 's/^#define __(ARM_)?NR_([[:lower:]0-9_]*) .*$/\1\2/p' |
	LC_ALL=C sort -u >known.txt
[ "$(wc -l <known.txt)" -gt 200 ] || { echo "minijail: cannot list <asm/unistd.h>" >&2; exit 2; }

policies=()
for args in none auto strict; do
	"$SP" profile -f minijail --args $args -o trace-$args.policy \
		"$TD/golden/trace.json" || bad "profile_$args" "sandprint failed"
	policies+=(trace-$args.policy)
done
"$SP" profile -f minijail --runtime none -o bare.policy "$TD/golden/trace.json" &&
	policies+=(bare.policy)

COND='arg[0-5] (==|!=|<|<=|>|>=|&|in) 0x[0-9a-f]+'
EXPR="$COND( (&&|\|\|) $COND)*"
for p in "${policies[@]}"; do
	unknown="" badline=""
	while IFS= read -r line; do
		case "$line" in '#'*|'') continue;; esac
		name=${line%%:*}
		grep -qxF -- "$name" known.txt || unknown="$unknown $name"
		printf '%s\n' "$line" | grep -qE "^[a-z0-9_]+: (1|return [0-9]+|$EXPR(; return [0-9]+)?)$" ||
			badline="$line"
	done <"$p"
	[ -z "$unknown" ] && ok "${p%.policy}_names_known_to_minijail" ||
		bad "${p%.policy}_names_known_to_minijail" "unknown:$unknown"
	[ -z "$badline" ] && ok "${p%.policy}_lines_are_minijail_grammar" ||
		bad "${p%.policy}_lines_are_minijail_grammar" "$badline"
done

# The point of the test: the profile names calls the headers lack, and
# the policy says it left them out.
missing=$("$SP" profile -o p.json "$TD/golden/trace.json" &&
	python3 -c 'import json,sys; [print(n) for r in json.load(open("p.json"))["syscalls"] for n in r["names"]]' |
	LC_ALL=C sort -u | comm -23 - known.txt)
if [ -z "$missing" ]; then
	bad profile_names_calls_the_headers_lack "none: the test lost its point"
else
	left=""
	for n in $missing; do
		grep -q "^# $n: not in <asm/unistd.h>" trace-auto.policy || left="$left $n"
	done
	[ -z "$left" ] && ok calls_the_headers_lack_are_left_out_with_a_note ||
		bad calls_the_headers_lack_are_left_out_with_a_note "no note for:$left"
fi

sp_end
