#!/bin/bash
# test.sh - install what is missing, build, and run the whole suite: once
# as built (all labels: unit, live, tree, cli, golden, external), then
# once more with AddressSanitizer and UndefinedBehaviorSanitizer (the
# tracee programs are built without them) but for the tests labelled
# consumer (crun and runc enforcing profiles: their subject is the
# runtime), the analyzer and output unit tests once under valgrind, then
# each parser's fuzz target for a few seconds.
# Needs root (ptrace, crun).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"

status=0
echo "== build"
"$top/scripts/build.sh" "$top/build-test"
echo "== tests"
(cd "$top/build-test" && ctest -j2 --output-on-failure) || status=1

echo "== build (ASan+UBSan)"
"$top/scripts/build.sh" "$top/build-asan" -DSP_SANITIZE=ON
echo "== tests (ASan+UBSan)"
(cd "$top/build-asan" &&
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest -j2 -LE consumer --output-on-failure) || status=1

echo "== valgrind (analyzer and output unit tests)"
# Criterion runs each test in a worker process whose exit status it does
# not pass on, so --error-exitcode alone would miss a leak: every process
# logs to its own file, and any non-empty log is a failure.
vg=$(mktemp -d /tmp/sp-valgrind.XXXXXX)
# The two side by side, one per CPU.
for t in test_analyzer test_output; do
	valgrind -q --leak-check=full --trace-children=yes \
		--error-exitcode=1 --log-file="$vg/$t.%p.log" \
		"$top/build-test/tests/$t" >/dev/null 2>&1 &
done
for _ in 1 2; do
	wait -n || status=1
done
if [ -n "$(find "$vg" -type f -size +0)" ]; then
	cat "$vg"/*.log
	status=1
fi
rm -rf "$vg"

echo "== fuzz (each parser, briefly; long runs: scripts/fuzz.sh 600)"
"$top/scripts/fuzz.sh" 6 || status=1

if [ $status -eq 0 ]; then echo "test.sh: all passed"; else echo "test.sh: FAILED"; fi
exit $status
