#!/bin/bash
# hook_survive.sh - does a profile recorded by the OCI hook in Podman
# survive another exercise, run in Podman?
#
# bench/survive.sh records on the host (`sandprint record`) and runs in
# crun with the host's /usr bound in.  This is the production flow
# instead: each program of the main set (bench/exercises/) gets an image
# of its own, `podman import` of a tarball made from host files (the
# program, the libraries ldd finds for every ELF file in it, a few /etc
# files, /bin/sh for a command-line program; merged /usr: /bin, /lib,
# /lib64, /sbin are links), so the container's files are in an overlay
# the host's paths do not reach.  The train exercise is recorded with the
# hook (`podman run --hooks-dir BUILD/hooks.d --annotation
# io.sandprint.record=P.json --annotation io.sandprint.profile-options=
# --default-action kill-process`), and the test exercise run in Podman
# under `--security-opt seccomp=P.json`: a call outside the profile kills
# the process.  Servers and clients as in bench/exercises/README: the
# server is the container's command, its clients run on the host through
# a unix socket in the data directory (a volume at the same path); it is
# stopped with `podman kill --signal` (its container's first process) or
# its own client.
#
# It prints, per program, whether the test exercise survived, how many
# calls the profile allows (x86_64 system call names with an allowing
# rule, as survive.sh counts them) and, when killed, the calls the
# kernel's audit log names (type=1326).
#
# Usage: bench/hook_survive.sh [--build DIR] [--layout merged|split|libdir]
#                              [--repeat N] [--keep] [PROGRAM...]
#   --build DIR   the build directory (default: build): its cli/sandprint
#                 and hooks.d
#   --layout L    merged (the default): the host's layout, /bin, /lib,
#                 /lib64 and /sbin links to /usr's; split: no such links,
#                 every file at the path it is named by (the libraries in
#                 a real /lib, /bin/sh a link in a real /bin), as in an
#                 image of a system before merged /usr
#   --repeat N    run the test exercise N times under the profile (row:
#                 how many survived)
#   --exec "CMD ARG..."
#                 (servers) once the server is ready, podman exec this
#                 command (words split at blanks; EXE: the server's
#                 executable) in its container, train and test alike,
#                 as a health check would: it must succeed too
#   --runtime R   podman --runtime R (runc; default: Podman's, crun)
#   --podman-opt OPT
#                 one more option of podman run for every container of
#                 the program, recorded or not (repeatable): --user
#                 1000:1000, --cap-drop=all, --read-only, ...
#   --keep        keep the work directory, the images and the profiles
#   --set SET     main (bench/exercises/, the default) or fifth
#                 (bench/exercises/fifth/: its servers on unix sockets,
#                 gunicorn and php-fpm, several processes each)
#   PROGRAM       some of the set's (default: all): main's nginx redis
#                 memcached sqlite3 jq go python node ripgrep zstd busybox
#
# Needs root, Podman and the programs survive.sh installs.  Not part of
# the test suite.  Results: bench/RESULTS.md ("Through the OCI hook").
set -u
ROOT="$(cd "$(dirname -- "$0")/.." && pwd -P)"
BUILD="$ROOT/build" KEEP=0 LAYOUT=merged REPEAT=1 POPTS=() EXEC="" GOPTS=() SET=main
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD="$(realpath -e -- "$2")" || exit 2; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--layout) LAYOUT="$2"; shift 2 ;;
	--repeat) REPEAT="$2"; shift 2 ;;
	--podman-opt) POPTS+=("$2"); shift 2 ;;
	--exec) EXEC="$2"; shift 2 ;;
	--runtime) GOPTS+=(--runtime "$2"); shift 2 ;;
	--set) SET="$2"; shift 2 ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next }
			NR > 1 { exit }' "$0"; exit 0 ;;
	-*) echo "hook_survive: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
case $LAYOUT in merged|split|libdir) ;;
*) echo "hook_survive: --layout is merged, split or libdir" >&2; exit 2 ;; esac
case $SET in
main) EXDIR="$ROOT/bench/exercises"
	ALL="nginx redis memcached sqlite3 jq go python node ripgrep zstd busybox" ;;
fifth) EXDIR="$ROOT/bench/exercises/fifth"
	ALL="gunicorn php-fpm" ;;
*) echo "hook_survive: --set is main or fifth" >&2; exit 2 ;;
esac
PROGS="${*:-$ALL}"
[ "$(id -u)" = 0 ] || { echo "hook_survive: needs root (Podman)" >&2; exit 2; }
HOOKS="$BUILD/hooks.d"
[ -f "$HOOKS/sandprint.json" ] ||
	{ echo "hook_survive: no $HOOKS/sandprint.json" >&2; exit 2; }
command -v podman >/dev/null ||
	{ echo "hook_survive: podman missing" >&2; exit 2; }

W="$(mktemp -d /tmp/sp-hooksurv.XXXXXX)"
chmod 0755 "$W"
. "$ROOT/bench/lib.sh"
[ "$KEEP" = 1 ] && echo "hook_survive: work directory $W" >&2
cleanup() {
	echo "$OLD_RL" >/proc/sys/kernel/printk_ratelimit
	[ "$KEEP" = 1 ] && return
	rm -rf -- "$W"
	for p in $PROGS; do
		podman rmi -f "localhost/sp-hooksurv-$p" >/dev/null 2>&1
	done
}
trap cleanup EXIT
# The kernel's audit records of refused calls are not rate-limited
# meanwhile.
OLD_RL="$(cat /proc/sys/kernel/printk_ratelimit)"
echo 0 >/proc/sys/kernel/printk_ratelimit

. "$ROOT/bench/hook_lib.sh"

# container PROFILE-OPTS... -- CMD...: podman run of this program's image,
# its data directory a volume at the same path, no network; the command's
# output in command.log.
container() {
	local opts=()
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	in_ns podman ${GOPTS[@]+"${GOPTS[@]}"} --hooks-dir "$HOOKS" run --rm --name "$CNAME" \
		--network none --ulimit nofile=1024:1024 \
		--ulimit nproc=32768:32768 -v "$D:$D" -w "$D" ${POPTS[@]+"${POPTS[@]}"} "${opts[@]}" \
		"localhost/sp-hooksurv-$prog" "$@"
}


# exercise WHICH OPTS...: the train or test exercise in a container with
# these options of podman run.  A server is stopped by its stop function
# or `podman kill --signal` (the container's first process, the server);
# 0 when the client (or the command) succeeded and the container ended
# with 0 (or $STOPPED).
exercise() {
	local which=$1 cpid st cst=0
	shift
	prepare >/dev/null 2>&1 || return 1
	CNAME="sp-hooksurv-$prog-$which"
	if [ -z "${SERVER+set}" ]; then
		if [ "$which" = train ]; then
			container "$@" -- "${TRAIN[@]}" >command.log 2>&1
		else
			container "$@" -- "${TEST[@]}" >command.log 2>&1
		fi
		return
	fi
	container "$@" -- "${SERVER[@]}" >server.log 2>&1 &
	cpid=$!
	if wait_for ready; then
		"client_$which" >client.log 2>&1 || cst=1
		if [ -n "$EXEC" ]; then
			# shellcheck disable=SC2086  # the command's words
			in_ns podman ${GOPTS[@]+"${GOPTS[@]}"} exec "$CNAME" ${EXEC//EXE/$EXE} \
				>exec.log 2>&1 || cst=1
		fi
	else
		cst=1
	fi
	if declare -F stop >/dev/null; then
		stop
	else
		in_ns podman ${GOPTS[@]+"${GOPTS[@]}"} kill \
			--signal "${STOP:-TERM}" "$CNAME" >/dev/null 2>&1
	fi
	for _ in $(seq 100); do
		kill -0 $cpid 2>/dev/null || break
		sleep 0.1
	done
	kill -0 $cpid 2>/dev/null &&
		in_ns podman ${GOPTS[@]+"${GOPTS[@]}"} kill --signal KILL \
			"$CNAME" >/dev/null 2>&1
	wait $cpid
	st=$?
	[ $st = "${STOPPED:-0}" ] && st=0
	[ $cst = 0 ] || { [ $st = 0 ] && return 1; return $st; }
	return $st
}

# One program, in a subshell of its own (the exercise's variables).
bench() (
	prog=$1
	d="$W/$prog"
	mkdir -p "$d/data"
	find "$EXDIR" -maxdepth 1 \( -type f -o -type l \) -exec cp -L -t "$d/" {} +
	cd "$d" || exit 2
	if [ "$prog" = go ]; then
		GO111MODULE=off GOCACHE="$W/gocache" go build -o goserve \
			goserve.go || { echo "hook_survive: cannot build goserve" >&2;
					exit 1; }
	fi
	D="$d/data"
	# A container run as another user (--podman-opt --user) writes
	# there too.
	chmod 1777 "$D"
	# shellcheck disable=SC1090  # the program's exercise
	. "./$prog.sh"
	# The image: the server's executable, or the command's programs.
	case $prog in
	sqlite3) files=(/bin/sh /usr/bin/sqlite3) ;;
	jq) files=(/bin/sh /usr/bin/jq) ;;
	python) files=("$EXE" "$d/pyserve.py" /usr/lib/python3.11) ;;
	node) files=("$EXE" "$d/nodeserve.js") ;;
	# rg -z runs gzip.
	ripgrep) files=(/bin/sh /usr/bin/rg /usr/bin/gzip) ;;
	zstd) files=(/bin/sh /usr/bin/zstd) ;;
	busybox) files=(/bin/busybox) ;;
	# The app's /sub runs /bin/echo.
	gunicorn) files=(/usr/bin/gunicorn /usr/bin/python3 "$EXE"
		/usr/lib/python3.11 /usr/lib/python3/dist-packages /bin/echo) ;;
	# Its extensions and their ini files; shell_exec runs /bin/sh.
	php-fpm) files=("$EXE" /usr/lib/php /etc/php /bin/sh) ;;
	*) files=("$EXE") ;;
	esac
	image "$prog" "${files[@]}" ||
		{ printf '%-10s %s\n' "$prog" "image FAILS"; exit 1; }
	# Both exercises must pass in Podman without a filter, or the row
	# means nothing.
	if ! exercise train || ! exercise test; then
		printf '%-10s %s\n' "$prog" "FAILS in Podman without a filter"
		exit 1
	fi
	exercise train --annotation "io.sandprint.record=$d/P.json" \
		--annotation "io.sandprint.profile-options=--default-action kill-process" ||
		{ printf '%-10s %s\n' "$prog" "record FAILS: $(tail -n 3 "$d/P.json.log" 2>/dev/null)"; exit 1; }
	n=$(allowed P.json)
	good=0 sts="" refused=""
	for _ in $(seq "$REPEAT"); do
		mark=$(kmsg)
		exercise test --security-opt "seccomp=$d/P.json"
		st=$?
		if [ $st = 0 ]; then
			good=$((good + 1))
		else
			sts="$sts $st"
			refused="$refused $(kmsg "$mark")"
		fi
	done
	if [ "$REPEAT" = 1 ]; then
		if [ $good = 1 ]; then ok=yes; else ok="no($st)"; fi
	else
		ok="$good/$REPEAT"
	fi
	printf '%-10s %8s %8s  %s\n' "$prog" "$ok" "$n" \
		"$(tr ' ' '\n' <<<"$refused" | sort -u | tr '\n' ' ')"
)

printf '%-10s %8s %8s  %s\n' program survives allowed refused
for prog in $PROGS; do
	bench "$prog"
done
