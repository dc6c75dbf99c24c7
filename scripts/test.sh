#!/bin/bash
# test.sh - install what is missing, build, and run the whole suite: once
# as built (all labels: unit, live, tree, cli, golden, external), then
# once more with AddressSanitizer and UndefinedBehaviorSanitizer (the
# tracee programs are built without them) but for the tests labelled
# consumer (crun and runc enforcing profiles: their subject is the
# runtime), the analyzer and output unit tests once under valgrind, then
# each parser's fuzz target for a few seconds.
# Needs root (ptrace, crun).
#
# The suite leaves a CPU idle much of the time (its tests wait on
# workloads, runtimes and signals, and those that race a workload run
# alone: RUN_SERIAL in tests/CMakeLists.txt).  So the sanitizer and fuzz
# builds run beside the first pass, and valgrind beside the second, at
# the lowest priority (nice 19, best-effort I/O's lowest): a test that
# wakes takes its CPU at once.  Not SCHED_IDLE, whose tasks a busy
# machine starves while they hold a lock a test waits for.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
logs=$(mktemp -d /tmp/sp-test.XXXXXX)
trap 'rm -rf "$logs"' EXIT
# idle CMD...: CMD on the CPU time the tests leave.
idle() { nice -n 19 ionice -c 2 -n 7 "$@"; }
# show NAME PID: wait for a background phase, then print its output.
show() {
	local rc=0
	wait "$2" || rc=1
	echo "== $1"
	cat "$logs/$1.log"
	return $rc
}

status=0
echo "== build"
"$top/scripts/build.sh" "$top/build-test"

# The sanitizer pass builds where the path has a space, as a user's
# "~/My Projects/" has: every test's quoting of the build's paths is
# tried on each run, at no cost.  (Not the first pass: ld.so cannot
# preload minijail's library from such a path, so minijail's preloaded
# cases run there.)
asan_dir="$top/build asan"
idle "$top/scripts/build.sh" "$asan_dir" -DSP_SANITIZE=ON \
	>"$logs/build (ASan+UBSan).log" 2>&1 &
asan=$!
idle "$top/scripts/fuzz.sh" --build-only >"$logs/build (fuzz).log" 2>&1 &
fuzz=$!
echo "== tests"
(cd "$top/build-test" && ctest -j2 --output-on-failure) || status=1
asanbuilt=0
show "build (ASan+UBSan)" $asan || asanbuilt=1
fuzzbuilt=0
show "build (fuzz)" $fuzz || fuzzbuilt=1
[ $asanbuilt -eq 0 ] || { echo "test.sh: FAILED"; exit 1; }

# Criterion runs each test in a worker process whose exit status it does
# not pass on, so --error-exitcode alone would miss a leak: every process
# logs to its own file, and any non-empty log is a failure.
vg=$logs/valgrind
mkdir "$vg"
valgrind_one() {
	idle valgrind -q --leak-check=full --trace-children=yes \
		--error-exitcode=1 --log-file="$vg/$1.%p.log" \
		"$top/build-test/tests/$1" >/dev/null 2>&1
}
(
	rc=0
	# The two side by side: one per CPU the tests leave.
	valgrind_one test_analyzer & a=$!
	valgrind_one test_output & o=$!
	wait $a || rc=1
	wait $o || rc=1
	if [ -n "$(find "$vg" -type f -size +0)" ]; then
		cat "$vg"/*.log
		rc=1
	fi
	exit $rc
) >"$logs/valgrind (analyzer and output unit tests).log" 2>&1 &
vgpid=$!
echo "== tests (ASan+UBSan)"
(cd "$asan_dir" &&
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	LSAN_OPTIONS="suppressions='$top/fuzz/lsan.supp'" \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest -j2 -LE consumer --output-on-failure) || status=1
show "valgrind (analyzer and output unit tests)" $vgpid || status=1

echo "== fuzz (each parser, briefly; long runs: scripts/fuzz.sh 600)"
if [ $fuzzbuilt -eq 0 ]; then
	"$top/scripts/fuzz.sh" 6 || status=1
else
	status=1
fi

if [ $status -eq 0 ]; then echo "test.sh: all passed"; else echo "test.sh: FAILED"; fi
exit $status
