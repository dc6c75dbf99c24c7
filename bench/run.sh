#!/bin/bash
# bench/run.sh [--reps N] [--quick] [--pinned] [--build DIR] [--work DIR]
#              [--no-write]
#
# Times workloads natively, under an allow-everything filter (the floor
# of any filter), under strace -f and under sandprint (record, by
# notification, --via ptrace and --via bpf, record --stacks, run --audit
# and record --baseline with the workload's own profile), interleaved
# repetition by repetition (default 5), and
# prints the medians: ratios to native and to strace, µs per call, the
# tracer's peak RSS and the trace size.  Also times profile, check and
# diff on a generated trace of 100k distinct patterns.  The table replaces
# the section between the bench:run.sh markers of bench/RESULTS.md
# (--no-write: print only).
#
#   --quick   four small workloads, 2 repetitions, 4 MiB for xz: a smoke run
#   --pinned  also time record under taskset -c LAST-CPU (tracer and
#             workload on one CPU): what CPU placement could win
#   --build   the build directory (default: build; configured RelWithDebInfo
#             and built here if needed: sandprint, syscall_loop, allow_all)
#   --work    where the generated inputs go (default: a fresh mktemp -d,
#             removed at the end)
#
# Never part of the tests: timings belong here, not in ctest.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
reps=5
quick=
pinned=
work=
write=1
while [ $# -gt 0 ]; do
	case $1 in
	--reps) reps=$2; shift 2 ;;
	--reps=*) reps=${1#--reps=}; shift ;;
	--quick) quick=1; shift ;;
	--pinned) pinned=1; shift ;;
	--build) build=$2; shift 2 ;;
	--build=*) build=${1#--build=}; shift ;;
	--work) work=$2; shift 2 ;;
	--work=*) work=${1#--work=}; shift ;;
	--no-write) write=; shift ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
case $reps in
''|*[!0-9]*|0) echo "run.sh: --reps wants a positive number" >&2; exit 2 ;;
esac
[ -n "$quick" ] && [ "$reps" = 5 ] && reps=2

# The workloads' own tools: installed here, not by scripts/deps.sh.
need=
for t in strace:strace xz:xz-utils git:git make:make cc:gcc tar:tar \
	 taskset:util-linux python3:python3; do
	command -v "${t%%:*}" >/dev/null || need="$need ${t#*:}"
done
if [ -n "$need" ]; then
	echo "run.sh: installing$need" >&2
	apt-get install -y -q $need >/dev/null
fi

# Configured every time: a build directory made before a bench target
# existed has no rule for it.
if [ -f "$build/CMakeCache.txt" ]; then
	cmake -S "$top" -B "$build" >/dev/null
else
	cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
build=$(cd "$build" && pwd)
cmake --build "$build" -j"$(nproc)" --target sandprint syscall_loop allow_all \
	>/dev/null

if [ -z "$work" ]; then
	work=$(mktemp -d /tmp/sandprint-bench.XXXXXX)
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

py=/usr/bin/python3
[ -x $py ] || py=python3
exec_args=(--sandprint "$build/cli/sandprint"
	   --loop "$build/bench/syscall_loop" --allow-all "$build/bench/allow_all"
	   --work "$work" --top "$top"
	   --reps "$reps")
[ -n "$quick" ] && exec_args+=(--quick)
[ -n "$pinned" ] && exec_args+=(--pinned)
[ -n "$write" ] && exec_args+=(--results "$top/bench/RESULTS.md")
"$py" "$top/bench/bench.py" "${exec_args[@]}"
