#!/bin/bash
# badinput.sh - malformed files given to every command that reads one
# (issue 8): profile TRACE, check --profile P and its TRACE arguments, diff
# (both sides), run --profile, record --baseline.  For each (command, file):
#   - exit status 2, never a crash (a status >= 128 is a signal);
#   - the first line on stderr is "sandprint: FILE:LINE:COL: ..." (or
#     FILE:LINE: at the end of an empty file), "sandprint: FILE: $.path:
#     ..." (a JSON path), or for raw cBPF "sandprint: FILE: not a ...
#     program: ..." (instruction or byte count named); a missing file or
#     a directory names the file and the system's reason;
#   - the -o target (where the command has one) still holds what it held
#     before, and no temporary file is left next to it.
# The files: testdata/traces/invalid-*, testdata/profiles/invalid-*, and
# generated ones (truncated, binary, a directory, a missing file, a trace
# where a profile is expected and the reverse).
#
# Usage: badinput.sh SANDPRINT TESTDATA
# Output: "FAIL ..." per failing case ("XFAIL ..." for a known defect that
# another file must fix, listed in check_one), then "N passed, M failed".  Needs
# no root: record and run are given "true" and refuse before starting it.
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
TD=$(realpath -e -- "$2") || exit 2
sp_begin badinput
mkdir out gen

# --- generated bad files ----------------------------------------------------
head -c 57 "$TD/golden/trace.json" >gen/truncated-trace.json
head -c 4096 /bin/true >gen/binary.json
printf '{"format": "sandprint-trace", "version": 1, "calls": "many"' >gen/unterminated.json
printf '\xef\xbb\xbf\x00\x01{}' >gen/nul-bytes.json
mkdir gen/a-directory.json
# Neither JSON nor whole 8-byte instructions: both named.
printf 'x' >gen/one-byte
# A valid profile given where a trace is expected and vice versa are
# errors for profile and check's TRACE (diff takes both kinds).
cp "$TD/profiles/diff-base.json" gen/profile-not-trace.json

TRACES=("$TD"/traces/invalid-*.json gen/truncated-trace.json gen/binary.json
	gen/unterminated.json gen/nul-bytes.json gen/a-directory.json
	gen/missing.json)
PROFILES=("$TD"/profiles/invalid-* gen/truncated-trace.json gen/binary.json
	gen/unterminated.json gen/a-directory.json gen/missing.json
	gen/one-byte)
GOOD_TRACE=$TD/golden/trace.json
GOOD_PROFILE=$TD/profiles/diff-base.json

# check_one FILE OUT CMD...: run CMD (FILE is the bad file; OUT the -o
# target or -), judge it.
check_one() {
	local file=$1 out=$2 rc first re
	shift 2
	[ "$out" != - ] && printf 'sentinel\n' >"$out"
	"$@" </dev/null >stdout.txt 2>stderr.txt
	rc=$?
	first=$(head -n 1 stderr.txt)
	# The file as the command names it: as given.
	re="^sandprint: $(printf '%s' "$file" | sed 's/[][\.*^$/]/\\&/g')"
	local why=""
	if [ $rc -ge 128 ]; then why="crashed (status $rc)"
	elif [ $rc != 2 ]; then why="status $rc, expected 2"
	elif ! grep -Eq "$re(:[0-9]+:[0-9]+: |:[0-9]+: |: \\\$[.[]?|: \\\$: |: not a (cBPF|valid seccomp) program: |: neither a JSON profile .* nor a cBPF program |: .*(No such file|Is a directory))" <<<"$first"; then
		why="message does not name the file with a line:column, JSON path or reason: $first"
	elif [ "$out" != - ] && [ "$(cat "$out" 2>/dev/null)" != sentinel ]; then
		why="$out was changed"
	elif [ "$out" != - ] && [ "$(find "$(dirname "$out")" -mindepth 1 ! -name "$(basename "$out")" | wc -l)" != 0 ]; then
		why="files left next to $out: $(ls -A "$(dirname "$out")" | tr '\n' ' ')"
	fi
	local known=""
	if [ -n "$why" ] && [ -n "$known" ]; then
		echo "XFAIL ${*#"$SP"}: known: $known"
	elif [ -n "$why" ]; then
		echo "FAIL ${*#"$SP"}: $why"
		fail=$((fail + 1))
	elif [ -n "$known" ]; then
		echo "XPASS ${*#"$SP"}: fixed? remove it from the known list"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
	[ "$out" != - ] && rm -f "$out"
}

for f in "${TRACES[@]}" gen/profile-not-trace.json; do
	check_one "$f" out/p.json "$SP" profile -o out/p.json "$f"
	check_one "$f" - "$SP" check --profile "$GOOD_PROFILE" "$GOOD_TRACE" "$f"
done
for f in "${TRACES[@]}"; do
	check_one "$f" - "$SP" diff "$f" "$GOOD_PROFILE"
	check_one "$f" - "$SP" diff "$GOOD_TRACE" "$f"
done
for f in "${PROFILES[@]}"; do
	check_one "$f" - "$SP" check --profile "$f" "$GOOD_TRACE"
	check_one "$f" - "$SP" diff "$f" "$GOOD_PROFILE"
	check_one "$f" - "$SP" diff "$GOOD_PROFILE" "$f"
	check_one "$f" out/r.json "$SP" run --profile "$f" --audit -o out/r.json -- true
	check_one "$f" out/t.json "$SP" record -q --baseline "$f" -o out/t.json -- true
done

"$SP" check --profile gen/one-byte "$GOOD_TRACE" >stdout.txt 2>stderr.txt
if [ $? = 2 ] && grep -qx "sandprint: gen/one-byte: neither a JSON profile (it does not begin with '{' or '\[') nor a cBPF program (1 byte, not a whole number of 8-byte instructions)" stderr.txt; then
	pass=$((pass + 1))
else
	echo "FAIL neither JSON nor cBPF not said: $(head -n 1 stderr.txt)"
	fail=$((fail + 1))
fi

# "-" with standard input closed: said so, not "No such file".
# (Words quoted with %q: the checkout's path may hold a space.)
for cmd in "show -" "import -o out/i.json -" "diff $(printf %q "$GOOD_PROFILE") -"; do
	eval "set -- $cmd"
	"$SP" "$@" <&- >stdout.txt 2>stderr.txt
	st=$?
	if [ $st = 2 ] && [ "$(head -n 1 stderr.txt)" = "sandprint: /dev/stdin: cannot open: standard input is closed" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $cmd <&-: status $st: $(head -n 1 stderr.txt)"
		fail=$((fail + 1))
	fi
done

# A valid profile libseccomp 2.5.4 loops forever on (two rules of prctl
# sharing a first comparison "<", then comparing different arguments):
# the compilation is given up, said, exit 2, not a hang.  (A second here;
# 20 s by default.)
SANDPRINT_COMPILE_TIMEOUT_MS=1000 "$SP" check --profile "$TD/profiles/libseccomp-loops.json" "$GOOD_TRACE" >stdout.txt 2>stderr.txt
st=$?
if [ $st = 2 ] && grep -q "^sandprint: $TD/profiles/libseccomp-loops.json: libseccomp .* did not finish compiling it in 1 s: " stderr.txt; then
	pass=$((pass + 1))
else
	echo "FAIL profile libseccomp loops on: status $st: $(head -c 300 stderr.txt)"
	fail=$((fail + 1))
fi

sp_end
