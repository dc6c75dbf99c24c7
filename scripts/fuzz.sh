#!/bin/bash
# fuzz.sh [SECONDS | --build-only] - build the libFuzzer targets with
# clang and fuzz each parser for SECONDS (default 60), starting from the
# seed corpora in testdata/; --build-only stops after the build.  A crash
# leaves its input in fuzz/regressions/TARGET/ (commit it: the test suite
# replays it from then on) and fails the script.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
dir=$top/build-fuzz
CC=clang cmake -S "$top" -B "$dir" -DSP_FUZZ=ON -DSP_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# The fuzzers and what they link, nothing else of the project.
cmake --build "$dir" -j"$(nproc)" --target fuzzers >/dev/null
[ "$secs" != --build-only ] || exit 0
# libseccomp's own leak is not sandprint's (see the file).
export LSAN_OPTIONS="suppressions='$top/fuzz/lsan.supp'"
# A profile libseccomp loops on is given up after this (output/seccomp.c).
export SANDPRINT_COMPILE_TIMEOUT_MS=2000
# fuzz_one BIN: fuzz one target; 1 when it crashed.
fuzz_one() {
	local bin=$1 t seeds corpus
	t=${bin##*/fuzz-}
	case $t in
	trace_json) seeds="$top/testdata/traces $top/testdata/golden" ;;
	oci_json | profile_json)
		seeds="$top/testdata/profiles $top/testdata/golden" ;;
	oci_state | options) seeds="$top/fuzz/seeds/$t" ;;
	bpf_run) seeds="$top/testdata/bpf" ;;  # programs to check and run
	calllog) seeds="$top/testdata/logs" ;;
	*) seeds="$top/testdata/bpf" ;;
	esac
	corpus=$(mktemp -d /tmp/sp-fuzz-$t.XXXXXX)
	# shellcheck disable=SC2086
	cp $(find $seeds -maxdepth 1 -type f) "$corpus"/ 2>/dev/null || true
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$top/fuzz/regressions/$t/" "$corpus" \
		>"$corpus.log" 2>&1; then
		tail -30 "$corpus.log"
		echo "fuzz.sh: $t crashed: see fuzz/regressions/$t/"
		rm -rf "$corpus" "$corpus.log"
		return 1
	fi
	echo "== fuzz $t for ${secs}s: $(grep -E '^#[0-9]+.*DONE' "$corpus.log" | tail -1)"
	rm -rf "$corpus" "$corpus.log"
}

# The targets side by side, one per CPU: each for SECONDS.
status=0
running=0
for bin in "$dir"/fuzz/fuzz-*; do
	case $bin in *fuzz-replay-*) continue ;; esac
	if [ "$running" -ge "$(nproc)" ]; then
		wait -n || status=1
		running=$((running - 1))
	fi
	fuzz_one "$bin" &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n || status=1
	running=$((running - 1))
done
exit $status
