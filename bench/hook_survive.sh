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

# crun under Podman refuses this kind of host's hybrid cgroup layout (v2
# with controllers beside v1): Podman then runs in a mount namespace
# without the v2 hierarchy (as tests/run-in-crun.sh does).
in_ns() {
	if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] &&
	   [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ] &&
	   [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]; then
		unshare -m --propagation private /bin/sh -c \
			'umount /sys/fs/cgroup/unified && exec "$@"' sh "$@"
	else
		"$@"
	fi
}


# kmsg [SEQ]: without SEQ, the kernel log's last sequence number; with
# it, the seccomp audit records (type=1326) after it, as "name comm".
kmsg() {
	/usr/bin/python3 - "$@" <<'PY'
import os, re, subprocess, sys
after = int(sys.argv[1]) if len(sys.argv) > 1 else None
fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
last, out = -1, set()
while True:
    try:
        rec = os.read(fd, 8192)
    except BlockingIOError:
        break
    except BrokenPipeError:
        continue
    head, _, msg = rec.decode(errors="replace").partition(";")
    last = int(head.split(",")[1])
    if after is not None and last > after and "type=1326" in msg:
        nr = re.search(r" syscall=(\d+)", msg).group(1)
        comm = re.search(r' comm="([^"]*)"', msg)
        name = subprocess.run(["scmp_sys_resolver", "-a", "x86_64", nr],
                              capture_output=True, text=True).stdout.strip()
        out.add("%s(%s)" % (name or nr, comm.group(1) if comm else "?"))
if after is None:
    print(last)
else:
    print(" ".join(sorted(out)))
PY
}

# image NAME PATH...: imports an image NAME of these host paths (files,
# directories whole, links and what they point to), the libraries ldd
# finds for every ELF file among them, and /etc's passwd, group,
# nsswitch.conf and localtime; in the $LAYOUT layout.
image() {
	local name=$1 stage="$W/stage-$1"
	shift
	/usr/bin/python3 - "$stage" "$LAYOUT" "$@" /etc/passwd /etc/group \
		/etc/nsswitch.conf /etc/localtime <<'PY' || return 1
import os, shutil, subprocess, sys
stage, layout, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
merged = layout != "split"
libdir = "/opt/splib"
os.makedirs(stage)
for d in ("usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "tmp",
          "proc", "dev", "sys", "run", "root"):
    os.makedirs(os.path.join(stage, d), exist_ok=True)
os.chmod(os.path.join(stage, "tmp"), 0o1777)
for l in ("bin", "sbin", "lib", "lib64"):
    if merged and os.path.islink("/" + l):
        os.symlink(os.readlink("/" + l), os.path.join(stage, l))
done, elves = set(), []
def add(p):
    # Merged, the path's directory as the host resolves it; split, as
    # named; then the last component: a link is copied as a link, and
    # its target added.
    p = os.path.normpath(p)
    if merged:
        p = os.path.join(os.path.realpath(os.path.dirname(p)),
                         os.path.basename(p))
    if p in done or not os.path.lexists(p):
        return
    done.add(p)
    dst = stage + p
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.islink(p):
        os.symlink(os.readlink(p), dst)
        add(os.path.join(os.path.dirname(p), os.readlink(p)))
    elif os.path.isdir(p):
        os.makedirs(dst, exist_ok=True)
        for e in sorted(os.listdir(p)):
            add(os.path.join(p, e))
    elif os.path.isfile(p) and not os.path.isdir(dst):
        shutil.copy2(p, dst)
        with open(p, "rb") as f:
            if f.read(4) == b"\x7fELF":
                elves.append(p)
for p in paths:
    add(p)
seen = set()
while elves:
    e = elves.pop()
    if e in seen:
        continue
    seen.add(e)
    out = subprocess.run(["ldd", e], capture_output=True, text=True).stdout
    for line in out.splitlines():
        for w in line.split():
            if w.startswith("/"):
                if layout != "libdir" or "/ld-linux" in w:
                    add(w)
                    continue
                # The library's contents at its name in libdir; its
                # own needs ldd listed already.
                os.makedirs(stage + libdir, exist_ok=True)
                dst = os.path.join(stage + libdir, os.path.basename(w))
                if not os.path.exists(dst):
                    shutil.copy(w, dst)
if layout == "libdir":
    with open(stage + "/etc/ld.so.conf", "w") as f:
        f.write(libdir + "\n")
    subprocess.run(["ldconfig", "-r", stage], check=True)
PY
	tar -C "$stage" -cf "$W/$name.tar" . &&
		podman import -q "$W/$name.tar" "localhost/sp-hooksurv-$name" \
			>/dev/null
}

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
	find "$EXDIR" -maxdepth 1 -type f -exec cp -t "$d/" {} +
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
