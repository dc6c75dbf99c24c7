#!/bin/bash
# survive.sh - does a profile recorded from one exercise survive another?
#
# For each program (Debian's packages; a Go and a Node server of our own),
# bench/exercises/PROGRAM.sh has a "train" exercise and a different "test"
# exercise of the same kind.  The train exercise is recorded with
# 'sandprint record' (natively), its profile written in three modes, and
# the test exercise run in crun under each profile with a kill default
# (tests/run-in-crun.sh --kill: a call outside the profile kills):
#
#   recorded   --static none --languages none   what the recording saw
#   static     --static auto --languages none   + the calls reachable in
#                                               the code it loaded
#   runtimes   the defaults                     + the language runtimes'
#
# and once under Docker's default profile (testdata/profiles/
# moby-default.json resolved for amd64, Docker's default capabilities and
# kernel 6.18, as dockerd hands it to the runtime: bench/docker-default-
# amd64.json, errno default).  A profile's size is the number of names it
# allows (any rule with SCMP_ACT_ALLOW or SCMP_ACT_LOG) that are system
# calls of x86_64 (Docker's lists other architectures' too: 301 of its
# 370 names are).  It prints, per program and mode, whether
# the test exercise survived and how many calls the profile allows (names
# with an allowing rule), and the calls the kernel refused.
#
# Usage: bench/survive.sh [--sandprint PATH] [--repeat N] [--keep]
#                         [PROGRAM...]
#   --sandprint PATH   the sandprint binary (default: build/cli/sandprint)
#   --repeat N         record the train exercise N times (default 1)
#   --keep             keep the work directory
#   PROGRAM            some of: sqlite3 redis nginx memcached ripgrep zstd
#                      jq busybox go python node (default: all)
#
# Needs root (crun).  Installs the programs' Debian packages when missing
# (not part of the test suite).  Results: bench/RESULTS.md.
set -u
ROOT="$(cd "$(dirname -- "$0")/.." && pwd -P)"
SP="$ROOT/build/cli/sandprint"
REPEAT=1 KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--sandprint) SP="$(realpath -e -- "$2")" || exit 2; shift 2 ;;
	--repeat) REPEAT="$2"; shift 2 ;;
	--keep) KEEP=1; shift ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next }
			NR > 1 { exit }' "$0"; exit 0 ;;
	-*) echo "survive: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
ALL="sqlite3 redis nginx memcached ripgrep zstd jq busybox go python node"
PROGS="${*:-$ALL}"
[ "$(id -u)" = 0 ] || { echo "survive: needs root (crun)" >&2; exit 2; }
[ -x "$SP" ] || { echo "survive: no sandprint at $SP" >&2; exit 2; }
CRUN="$ROOT/tests/run-in-crun.sh"
DOCKER="$ROOT/bench/docker-default-amd64.json"

pkgs=()
need() { # COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 || pkgs+=("$2")
}
need sqlite3 sqlite3
need redis-server redis-server
need redis-cli redis-tools
need /usr/sbin/nginx nginx-light
need memcached memcached
need rg ripgrep
need zstd zstd
need jq jq
need gzip gzip
need curl curl
need /bin/busybox busybox-static
need go golang-go
need /usr/bin/python3 python3
need node nodejs
need crun crun
need scmp_sys_resolver seccomp
if [ ${#pkgs[@]} -gt 0 ]; then
	echo "survive: installing ${pkgs[*]}" >&2
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
		install -y -qq --no-install-recommends "${pkgs[@]}" >&2 || exit 2
fi

W="$(mktemp -d /tmp/sp-survive.XXXXXX)"
[ "$KEEP" = 1 ] && echo "survive: work directory $W" >&2 ||
	trap 'rm -rf -- "$W"' EXIT
export SANDPRINT_CACHE_DIR="$W/cache"

# The allowed names of an OCI profile that are x86_64 system calls.
allowed() {
	/usr/bin/python3 - "$1" "$W/numbers" <<'PY'
import json, os, subprocess, sys
p = json.load(open(sys.argv[1]))
cache = {}
if os.path.exists(sys.argv[2]):
    cache = json.load(open(sys.argv[2]))
names = set()
for r in p.get("syscalls", []):
    if r.get("action") in ("SCMP_ACT_ALLOW", "SCMP_ACT_LOG"):
        names.update(r.get("names", []))
for n in names - cache.keys():
    out = subprocess.run(["scmp_sys_resolver", "-a", "x86_64", n],
                         capture_output=True, text=True).stdout.strip()
    cache[n] = int(out) if out.lstrip("-").isdigit() else -1
json.dump(cache, open(sys.argv[2], "w"))
print(sum(1 for n in names if cache[n] >= 0))
PY
}

DOCKER_N=$(allowed "$DOCKER")
printf '%-10s %-9s %8s %8s  %s\n' program mode survives allowed refused
declare -A surv total ratio
for prog in $PROGS; do
	d="$W/$prog"
	mkdir -p "$d"
	cp "$ROOT"/bench/exercises/common.sh "$ROOT/bench/exercises/$prog.sh" "$d/"
	case $prog in
	go)
		cp "$ROOT/bench/exercises/goserve.go" "$d/"
		(cd "$d" && GO111MODULE=off GOCACHE="$W/gocache" \
			go build -o goserve goserve.go) || {
			echo "survive: cannot build goserve" >&2; continue; }
		;;
	node) cp "$ROOT/bench/exercises/nodeserve.js" "$d/" ;;
	esac
	cd "$d" || exit 2
	# Both exercises must pass without any filter, or the row means
	# nothing.
	if ! /bin/bash "$prog.sh" train >native.log 2>&1 ||
	   ! /bin/bash "$prog.sh" test >>native.log 2>&1; then
		printf '%-10s %-9s %8s\n' "$prog" native FAILS
		continue
	fi
	traces=()
	for i in $(seq "$REPEAT"); do
		"$SP" record -q -o "train$i.json" -- /bin/bash "$prog.sh" train \
			>/dev/null 2>record.log || {
			printf '%-10s %-9s %8s\n' "$prog" record FAILS; continue 2; }
		traces+=("train$i.json")
	done
	for mode in recorded static runtimes; do
		case $mode in
		recorded) opts=(--static none --languages none) ;;
		static) opts=(--static auto --languages none) ;;
		runtimes) opts=() ;;
		esac
		"$SP" profile "${opts[@]}" -o "$mode.json" "${traces[@]}" \
			2>/dev/null || exit 2
		n=$(allowed "$mode.json")
		timeout 300 "$CRUN" --kill --report "$mode.denied" "$mode.json" \
			-- /bin/bash "$prog.sh" test >"$mode.log" 2>&1
		st=$?
		refused=$(awk '{ print $1 }' "$mode.denied" 2>/dev/null |
			sort -u | tr '\n' ' ')
		# The kernel's log has every container's refusals: only a
		# failed run's are worth reading.
		if [ $st = 0 ]; then ok=yes refused=""; else ok="no($st)"; fi
		printf '%-10s %-9s %8s %8s  %s\n' "$prog" "$mode" "$ok" "$n" \
			"$refused"
		[ $st = 0 ] && surv[$mode]=$((${surv[$mode]:-0} + 1))
		total[$mode]=$((${total[$mode]:-0} + 1))
		ratio[$mode]="${ratio[$mode]:-} $n"
	done
	timeout 300 "$CRUN" "$DOCKER" -- /bin/bash "$prog.sh" test \
		>docker.log 2>&1
	st=$?
	if [ $st = 0 ]; then ok=yes; else ok="no($st)"; fi
	printf '%-10s %-9s %8s %8s\n' "$prog" docker "$ok" "$DOCKER_N"
	[ $st = 0 ] && surv[docker]=$((${surv[docker]:-0} + 1))
	total[docker]=$((${total[docker]:-0} + 1))
done
echo
for mode in recorded static runtimes docker; do
	[ -n "${total[$mode]:-}" ] || continue
	avg=""
	if [ "$mode" != docker ]; then
		avg=$(echo "${ratio[$mode]}" | awk -v d="$DOCKER_N" \
			'{ for (i = 1; i <= NF; i++) s += $i; printf "%.1f allowed on average, %.0f%% of Docker'"'"'s %d", s / NF, 100 * s / NF / d, d }')
	fi
	printf '%-9s survives %d of %d  %s\n' "$mode" "${surv[$mode]:-0}" \
		"${total[$mode]}" "$avg"
done
