#!/bin/bash
# run-in-crun.sh - run a command in a throw-away OCI container (crun by
# default, runc, or Podman) with a seccomp profile installed as
# linux.seccomp, and exit with the command's exit status.
#
# Usage:
#   run-in-crun.sh [options] PROFILE.json|none -- CMD [ARG]...
#
# Options:
#   --runtime crun|runc|podman
#                        OCI runtime (default crun), or rootful Podman (which
#                        runs crun) with --rootfs and --security-opt
#                        seccomp=PROFILE, as a user would
#   --kill               set defaultAction to SCMP_ACT_KILL_PROCESS and drop
#                        defaultErrnoRet, so a missing syscall is fatal
#                        (status 159 = 128 + SIGSYS) instead of silent
#   --nnp true|false     process.noNewPrivileges (default: true for crun and
#                        runc, as their spec writes it; false for Podman, as
#                        Docker, Podman and Kubernetes run unless told
#                        otherwise; true is --security-opt no-new-privileges)
#   --annotation K=V     (Podman) an annotation on the container
#   --hooks-dir DIR      (Podman) where Podman finds OCI hooks (repeatable)
#   --podman-opt OPT     (Podman) one more option of podman run, such as
#                        --cgroups=disabled (repeatable)
#   --exec "CMD ARG..."  (Podman) once the container runs, podman exec CMD
#                        in it (words split at blanks); its exit status goes
#                        to stderr as "exec-status: N" and then into the file
#                        exec.status of the current directory, which the
#                        container sees: its command can wait for it (else
#                        the container may be gone before podman exec has
#                        its status)
#   --no-pidns           share the host PID namespace; by default the command
#                        is PID 1 of a new one (signals without a handler are
#                        ignored, orphans are killed when it exits)
#   --user UID:GID       (crun, runc) run the command as this user and group
#                        (no supplementary groups; default 0:0): a server
#                        that refuses to run as root
#   --cap-add CAP        one more capability for the command (CAP_SETUID...;
#                        repeatable): crun's and runc's default set is
#                        CAP_AUDIT_WRITE, CAP_KILL and CAP_NET_BIND_SERVICE
#                        only, where Docker's adds CAP_SETUID, CAP_SETGID,
#                        CAP_SYS_CHROOT and others a daemon that drops to
#                        its own users or chroots needs
#   --report FILE        write the kernel's seccomp audit records of this run
#                        (type=1326) to FILE as "name nr arch action comm"
#                        lines and echo them to stderr as "seccomp-denied: "
#   --keep               keep the bundle directory (path printed on stderr)
#   PROFILE.json         the linux.seccomp object (an OCI seccomp profile);
#                        "none" runs without seccomp
#
# The container root is an empty directory with the host's /usr and /etc
# bind-mounted read-only plus the merged-/usr symlinks (bin, lib, lib64,
# sbin), a fresh tmpfs on /tmp, /proc, /dev, /sys (ro). The command's
# directory is bound read-only and the current directory read-write (also
# when they are the same) at the same paths; the working directory and the
# environment are kept.
#
# This host mounts cgroup v1 and v2 side by side ("hybrid") with controllers
# on the v2 hierarchy, which crun refuses; crun then runs in a private mount
# namespace without /sys/fs/cgroup/unified and with --cgroup-manager=disabled.
# runc copes with hybrid mode and runs directly.
#
# Needs root. Installs crun, runc, jq (and seccomp for --report) with
# apt-get when missing.
#
# Exit status: the command's (the runtimes report death by signal N as
# 128 + N, so SIGSYS from SCMP_ACT_KILL_PROCESS is 159); 125 for usage or
# setup errors of this script.
set -u

die() { echo "run-in-crun: $*" >&2; exit 125; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

RUNTIME=crun KILL=0 NOPIDNS=0 NNP="" REPORT="" KEEP=0 PROFILE="" EXEC=""
UID_=0 GID_=0 CAPS=()
PODMAN_OPTS=() PODMAN_GLOBAL=()
while [ $# -gt 0 ]; do
	case "$1" in
	--runtime) [ $# -ge 2 ] || die "--runtime needs a value"
		RUNTIME="$2"; shift 2;;
	--kill) KILL=1; shift;;
	--no-pidns) NOPIDNS=1; shift;;
	--nnp) [ $# -ge 2 ] || die "--nnp needs true or false"
		NNP="$2"; shift 2;;
	--annotation) [ $# -ge 2 ] || die "--annotation needs K=V"
		PODMAN_OPTS+=(--annotation "$2"); shift 2;;
	--exec) [ $# -ge 2 ] || die "--exec needs a command"
		EXEC="$2"; shift 2;;
	--podman-opt) [ $# -ge 2 ] || die "--podman-opt needs an option"
		PODMAN_OPTS+=("$2"); shift 2;;
	--hooks-dir) [ $# -ge 2 ] || die "--hooks-dir needs a directory"
		PODMAN_GLOBAL+=(--hooks-dir "$2"); shift 2;;
	--user) [[ "${2:-}" =~ ^([0-9]+):([0-9]+)$ ]] ||
			die "--user needs UID:GID (numbers)"
		UID_=${BASH_REMATCH[1]} GID_=${BASH_REMATCH[2]}; shift 2;;
	--cap-add) [[ "${2:-}" =~ ^CAP_[A-Z_]+$ ]] ||
			die "--cap-add needs a capability (CAP_NAME)"
		CAPS+=("$2"); shift 2;;
	--report) [ $# -ge 2 ] || die "--report needs a file"
		REPORT="$2"; shift 2;;
	--keep) KEEP=1; shift;;
	-h|--help) usage; exit 0;;
	--) shift; break;;
	-*) die "unknown option $1";;
	*) [ -z "$PROFILE" ] || die "unexpected argument $1 (missing --?)"
		PROFILE="$1"; shift;;
	esac
done
[ -n "$PROFILE" ] || die "no profile given (use 'none' for no seccomp)"
[ $# -gt 0 ] || die "no command given after --"
[ "$(id -u)" = 0 ] || die "must run as root"
case "$RUNTIME" in crun|runc|podman) ;;
*) die "--runtime must be crun, runc or podman";; esac
[ -n "$NNP" ] || { [ "$RUNTIME" = podman ] && NNP=false || NNP=true; }
case "$NNP" in true|false) ;; *) die "--nnp must be true or false";; esac
if [ "$RUNTIME" != podman ] &&
   { [ $((${#PODMAN_OPTS[@]} + ${#PODMAN_GLOBAL[@]})) -gt 0 ] || [ -n "$EXEC" ]; }; then
	die "--annotation, --podman-opt, --exec and --hooks-dir need --runtime podman"
fi
[ "$RUNTIME" != podman ] || [ "$UID_:$GID_" = 0:0 ] ||
	die "--user needs --runtime crun or runc"

# --- packages -----------------------------------------------------------------
need=()
command -v "$RUNTIME" >/dev/null 2>&1 || need+=("$RUNTIME")
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
if [ -n "$REPORT" ]; then
	command -v scmp_sys_resolver >/dev/null 2>&1 || need+=(seccomp)
fi
if [ ${#need[@]} -gt 0 ]; then
	echo "run-in-crun: installing ${need[*]}" >&2
	{ apt-get update -qq &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } >&2 ||
		die "apt-get install ${need[*]} failed"
fi

# --- command --------------------------------------------------------------------
cmd="$1"; shift
if [[ "$cmd" != */* ]]; then
	cmd="$(command -v -- "$cmd")" || die "command not found: $cmd"
fi
# argv[0] keeps the name it was given (a multi-call program such as
# redis-server, a link to redis-check-rdb, looks at it); its directory and
# the one it links to are both visible in the container.
abs="$(realpath -s -e -- "$cmd")" || die "command not found: $cmd"
cmd="$(realpath -e -- "$cmd")" || die "command not found: $cmd"
ARGS=("$abs" "$@")
CMDDIR="$(dirname -- "$cmd")"
ABSDIR="$(dirname -- "$abs")"
CWD="$(pwd -P)"

# --- profile ----------------------------------------------------------------------
SECCOMP=null
if [ "$PROFILE" != none ]; then
	[ -r "$PROFILE" ] || die "cannot read $PROFILE"
	jq -e 'type == "object"' "$PROFILE" >/dev/null 2>&1 ||
		die "$PROFILE is not a JSON object"
	# jq turns integers above 2^53 into doubles (and crun then rejects
	# 18446744073709552000): the profile goes in through Python, whose
	# integers are exact.  jq only places a marker.
	SECCOMP='"@SP_SECCOMP@"'
fi

# --- bundle -----------------------------------------------------------------------
B="$(mktemp -d /tmp/sp-crun.XXXXXX)" || die "mktemp failed"
ID="sp-crun-$$-$RANDOM"
OLD_RL=""
# shellcheck disable=SC2317  # invoked through trap
cleanup() {
	[ "$BASHPID" = "$main_shell" ] || return 0   # not in a forked child (tests/lib.sh)
	[ "$RUNTIME" = podman ] || "$RUNTIME" delete -f "$ID" >/dev/null 2>&1
	if [ -n "$OLD_RL" ]; then
		echo "$OLD_RL" >/proc/sys/kernel/printk_ratelimit 2>/dev/null
	fi
	if [ "$KEEP" = 1 ]; then
		echo "run-in-crun: bundle kept in $B" >&2
	elif grep -q " $B/" /proc/self/mountinfo; then
		# Never rm -rf through a bind mount of /usr or /etc.
		echo "run-in-crun: mounts left under $B, not removing it" >&2
	else
		rm -rf -- "$B"
	fi
}
main_shell=$BASHPID
trap cleanup EXIT
trap 'exit 130' INT TERM

R="$B/rootfs"
mkdir -p "$R"/{usr,etc,proc,dev,sys,tmp,root,run} || die "cannot create $R"
for l in bin lib lib64 sbin lib32 libx32; do
	if [ -L "/$l" ]; then
		ln -s "$(readlink "/$l")" "$R/$l"
	fi
done

MOUNTS='[
 {"destination":"/proc","type":"proc","source":"proc"},
 {"destination":"/dev","type":"tmpfs","source":"tmpfs",
  "options":["nosuid","strictatime","mode=755","size=65536k"]},
 {"destination":"/dev/pts","type":"devpts","source":"devpts",
  "options":["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620"]},
 {"destination":"/dev/shm","type":"tmpfs","source":"shm",
  "options":["nosuid","noexec","nodev","mode=1777","size=65536k"]},
 {"destination":"/dev/mqueue","type":"mqueue","source":"mqueue",
  "options":["nosuid","noexec","nodev"]},
 {"destination":"/sys","type":"sysfs","source":"sysfs",
  "options":["nosuid","noexec","nodev","ro"]},
 {"destination":"/tmp","type":"tmpfs","source":"tmpfs",
  "options":["nosuid","nodev","mode=1777"]},
 {"destination":"/usr","type":"bind","source":"/usr","options":["rbind","ro"]},
 {"destination":"/etc","type":"bind","source":"/etc","options":["rbind","ro"]}
]'
# Extra binds, "MODE PATH"; mounted shortest path first so a parent
# directory never hides a child bind.
binds=()
inside_host_tree() { # paths already visible through /usr, /etc or /
	case "$1" in /|/usr|/usr/*|/etc|/etc/*) return 0;; esac
	return 1
}
if [ "$CWD" != "$CMDDIR" ] && ! inside_host_tree "$CMDDIR"; then
	binds+=("ro $CMDDIR")
fi
if [ "$CWD" != "$ABSDIR" ] && [ "$ABSDIR" != "$CMDDIR" ] &&
   ! inside_host_tree "$ABSDIR"; then
	binds+=("ro $ABSDIR")
fi
inside_host_tree "$CWD" || binds+=("rw $CWD")
if [ ${#binds[@]} -gt 0 ]; then
	while read -r mode path; do
		MOUNTS="$(jq --arg p "$path" --arg m "$mode" \
			'. + [{"destination":$p,"type":"bind","source":$p,
			       "options":["rbind",$m]}]' <<<"$MOUNTS")" ||
			die "jq failed on mounts"
	done < <(printf '%s\n' "${binds[@]}" | awk '{ print length($0), $0 }' |
		 sort -n | cut -d' ' -f2-)
fi

# The profile as the runtime gets it, through Python (exact integers).
if [ "$PROFILE" != none ]; then
	python3 - "$PROFILE" "$KILL" "$B/profile.json" <<'PY' || die "cannot read $PROFILE"
import json, sys
prof = json.load(open(sys.argv[1]))
if sys.argv[2] == "1":
    prof["defaultAction"] = "SCMP_ACT_KILL_PROCESS"
    prof.pop("defaultErrnoRet", None)
    prof.pop("defaultErrno", None)
json.dump(prof, open(sys.argv[3], "w"), indent=1)
PY
fi

if [ "$RUNTIME" != podman ]; then
(cd "$B" && "$RUNTIME" spec >/dev/null 2>&1) || die "$RUNTIME spec failed"
ARGSJSON="$(jq -nc '$ARGS.positional' --args -- "${ARGS[@]}")" ||
	die "jq failed on args"
CAPSJSON="$(jq -nc '$ARGS.positional' --args -- ${CAPS[@]+"${CAPS[@]}"})" ||
	die "jq failed on capabilities"
ENVJSON="$(jq -nc '[env | to_entries[] | "\(.key)=\(.value)"]')" ||
	die "jq failed on env"
jq --argjson args "$ARGSJSON" --arg cwd "$CWD" --argjson mounts "$MOUNTS" \
   --argjson seccomp "$SECCOMP" --argjson nopidns "$NOPIDNS" \
   --argjson nnp "$NNP" --argjson uid "$UID_" --argjson gid "$GID_" \
   --argjson envs "$ENVJSON" --argjson caps "$CAPSJSON" '
	.process.terminal = false
	| .process.noNewPrivileges = $nnp
	| .process.args = $args
	| .process.cwd = $cwd
	| .process.user = {"uid": $uid, "gid": $gid}
	| .process.env = $envs
	| .process.capabilities |= with_entries(
		if .key == "inheritable" then . else .value = (.value + $caps | unique) end)
	| .root = {"path": "rootfs", "readonly": true}
	| .hostname = "sandprint-test"
	| .mounts = $mounts
	| if $seccomp == null then del(.linux.seccomp)
	  else .linux.seccomp = $seccomp end
	| if $nopidns == 1
	  then .linux.namespaces |= map(select(.type != "pid")) else . end
' "$B/config.json" >"$B/config.new" || die "cannot edit $B/config.json"
if [ "$PROFILE" != none ]; then
	python3 - "$B/config.new" "$B/profile.json" <<'PY' || die "cannot place $PROFILE"
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg["linux"]["seccomp"] = json.load(open(sys.argv[2]))
json.dump(cfg, open(sys.argv[1], "w"), indent=1)
PY
fi
mv "$B/config.new" "$B/config.json" || die "cannot write $B/config.json"
fi
# Mount points inside the read-only root for the extra binds.
jq -r '.[] | select(.type == "bind") | .destination' <<<"$MOUNTS" |
	while read -r d; do mkdir -p "$R$d"; done

# --- kernel log marker for --report ---------------------------------------------
# kmsg_after [SEQ]: without SEQ, the sequence number of the kernel log's
# last record; with it, the text of the records after it.  /dev/kmsg is
# only read (the log's sequence numbers mark where this run began):
# nothing is written into the host's /dev.
kmsg_after() {
	python3 - "$@" <<'PY'
import os, sys
after = int(sys.argv[1]) if len(sys.argv) > 1 else None
fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
last = -1
while True:
    try:
        rec = os.read(fd, 8192)
    except BlockingIOError:
        break
    except BrokenPipeError:  # records overwritten meanwhile: read on
        continue
    head, _, msg = rec.decode(errors="replace").partition(";")
    last = int(head.split(",")[1])
    if after is not None and last > after:
        sys.stdout.write(msg.split("\n")[0] + "\n")
if after is None:
    print(last)
PY
}
if [ -n "$REPORT" ]; then
	if [ -w /proc/sys/kernel/printk_ratelimit ]; then
		# Seccomp audit records go through printk_ratelimit().
		OLD_RL="$(cat /proc/sys/kernel/printk_ratelimit)"
		echo 0 >/proc/sys/kernel/printk_ratelimit
	fi
	MARK=$(kmsg_after) ||
		echo "run-in-crun: cannot read /dev/kmsg" >&2
fi

# --- run -------------------------------------------------------------------------
hybrid_v2_with_controllers() {
	[ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] &&
	[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ] &&
	[ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]
}
# podman_cmd: rootful Podman with this root (host /usr and /etc read-only,
# the same binds), the profile and the options, the environment kept;
# into PODMAN_CMD.  ulimits are pinned: Podman raises them to its
# defaults, which needs CAP_SYS_RESOURCE, and some hosts (these VMs) do
# not grant it.
podman_cmd() {
	local mode path
	PODMAN_CMD=(podman ${PODMAN_GLOBAL[@]+"${PODMAN_GLOBAL[@]}"} run --rm
		--name "$ID" --network none --env-host
		--ulimit nofile=1024:1024 --ulimit nproc=32768:32768
		-v /usr:/usr:ro -v /etc:/etc:ro -w "$CWD")
	while read -r mode path; do
		[ -n "$path" ] && PODMAN_CMD+=(-v "$path:$path:$mode")
	done < <(printf '%s\n' ${binds[@]+"${binds[@]}"} |
		 awk '{ print length($0), $0 }' | sort -n | cut -d' ' -f2-)
	if [ "$PROFILE" = none ]; then
		PODMAN_CMD+=(--security-opt seccomp=unconfined)
	else
		PODMAN_CMD+=(--security-opt "seccomp=$B/profile.json")
	fi
	[ "$NNP" = true ] && PODMAN_CMD+=(--security-opt no-new-privileges)
	for c in ${CAPS[@]+"${CAPS[@]}"}; do PODMAN_CMD+=(--cap-add "$c"); done
	[ "$NOPIDNS" = 1 ] && PODMAN_CMD+=(--pid host)
	PODMAN_CMD+=(${PODMAN_OPTS[@]+"${PODMAN_OPTS[@]}"} --rootfs "$R"
		"${ARGS[@]}")
}
case "$RUNTIME" in
crun)
	if hybrid_v2_with_controllers; then
		unshare -m --propagation private /bin/sh -c \
			'umount /sys/fs/cgroup/unified && exec "$@"' sh \
			crun --cgroup-manager=disabled run --bundle "$B" "$ID"
	else
		crun --cgroup-manager=disabled run --bundle "$B" "$ID"
	fi
	RC=$?;;
runc)
	runc run --bundle "$B" "$ID"
	RC=$?;;
podman)
	# crun under Podman refuses the hybrid layout too; Podman then
	# manages the container's cgroup on the v1 hierarchy.
	podman_cmd
	in_ns() {
		if hybrid_v2_with_controllers; then
			unshare -m --propagation private /bin/sh -c \
				'umount /sys/fs/cgroup/unified && exec "$@"' sh "$@"
		else
			"$@"
		fi
	}
	if [ -z "$EXEC" ]; then
		in_ns "${PODMAN_CMD[@]}"
		RC=$?
	else
		in_ns "${PODMAN_CMD[@]}" &
		run=$!
		# Up to 30 s: Podman at load takes seconds to start one.
		for _ in $(seq 600); do
			[ "$(podman container inspect -f '{{.State.Running}}' "$ID" 2>/dev/null)" = true ] && break
			sleep 0.05
		done
		# shellcheck disable=SC2086  # the command's words
		in_ns podman ${PODMAN_GLOBAL[@]+"${PODMAN_GLOBAL[@]}"} exec "$ID" $EXEC
		st=$?
		echo "exec-status: $st" >&2
		echo $st >exec.status.new && mv exec.status.new exec.status
		wait $run
		RC=$?
	fi;;
esac

# --- report ----------------------------------------------------------------------
if [ -n "$REPORT" ]; then
	: >"$REPORT"
	kmsg_after "${MARK:--1}" 2>/dev/null | grep 'type=1326' |
	while read -r line; do
		nr="$(grep -o ' syscall=[0-9]*' <<<"$line" | cut -d= -f2)"
		arch="$(grep -o ' arch=[0-9a-f]*' <<<"$line" | cut -d= -f2)"
		code="$(grep -o ' code=0x[0-9a-f]*' <<<"$line" | cut -d= -f2)"
		comm="$(grep -o ' comm="[^"]*"' <<<"$line" | cut -d= -f2)"
		case "$arch" in
		c000003e) a=x86_64;; 40000003) a=x86;; *) a="$arch";;
		esac
		case "$code" in
		0x80000000) act=KILL_PROCESS;; 0x0|0x00000000) act=KILL_THREAD;;
		0x3*) act=TRAP;; 0x5*) act=ERRNO;; 0x7ff0*) act=TRACE;;
		0x7ffc*) act=LOG;; *) act="$code";;
		esac
		name="$(scmp_sys_resolver -a "$a" "$nr" 2>/dev/null || echo '?')"
		echo "$name $nr $a $act $comm"
	done | sort -u >"$REPORT"
	sed 's/^/seccomp-denied: /' "$REPORT" >&2
fi
exit "$RC"
