#!/bin/bash
# hook_pods.sh - does a pod's profile recorded by the OCI hook survive
# another exercise of the pod, run in Podman?
#
# bench/hook_survive.sh's second set: pods (bench/exercises/pods/), each
# of two containers from images of their own (made as hook_survive.sh
# makes them, of host files: bench/hook_lib.sh's image), an application
# and what runs beside it, talking over the pod's loopback (`podman pod
# create --network none`: no other network) or the volume they share (the
# data directory, at the same path).  Every member of the pod is
# annotated to the same profile (`podman run --pod --annotation
# io.sandprint.record=P.json`): one trace, each container a run of it,
# and one profile, the union.  The train exercise of the whole pod is
# recorded by the hook; the test exercise runs in a new pod, every
# member under `--security-opt seccomp=P.json` with a kill default.  A
# member with a restart policy (queue's worker) crashes during training
# and is started again by Podman's cleanup process, which is not given
# `podman --hooks-dir`: containers.conf's hooks_dir (CONTAINERS_CONF, a
# file in the work directory) names the hook's directory to it, as the
# oci-hook manual says.  A pod is stopped with `podman stop` of its
# members, then `podman pod stop`; each member must end with 0.
#
# It prints, per pod, whether the test exercise survived, how many calls
# the profile allows (as survive.sh counts them), the runs the trace has
# and, when killed, the calls the kernel's audit log names (type=1326,
# "name(comm)") and the members that did not end with 0.
#
# Usage: bench/hook_pods.sh [--build DIR] [--repeat N] [--runtime R]
#                           [--share-pid] [--keep] [POD...]
#   --build DIR   the build directory (default: build)
#   --repeat N    run the test exercise N times (row: how many survived)
#   --runtime R   podman --runtime R (runc; default: Podman's, crun)
#   --share-pid   the pod's members share its PID namespace too (pod
#                 create --share +pid, shareProcessNamespace: true): the
#                 infra container's catatonit is PID 1, no member is
#   --keep        keep the work directory, the images and the profiles
#   POD           some of web queue logs cache (default: all)
#
# Needs root, Podman, and nginx, redis, python3, go, curl and redis-cli
# on the host.  Not part of the test suite.  Results: bench/RESULTS.md
# ("Pods through the OCI hook").
set -u
ROOT="$(cd "$(dirname -- "$0")/.." && pwd -P)"
BUILD="$ROOT/build" KEEP=0 LAYOUT=merged REPEAT=1 GOPTS=() SHARE=()
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD="$(realpath -e -- "$2")" || exit 2; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--share-pid) SHARE=(--share +pid); shift ;;
	--repeat) REPEAT="$2"; shift 2 ;;
	--runtime) GOPTS+=(--runtime "$2"); shift 2 ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next }
			NR > 1 { exit }' "$0"; exit 0 ;;
	-*) echo "hook_pods: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
EXDIR="$ROOT/bench/exercises/pods"
PODS="${*:-web queue logs cache}"
for p in $PODS; do
	[ -f "$EXDIR/$p.sh" ] || { echo "hook_pods: no pod $p" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "hook_pods: needs root (Podman)" >&2; exit 2; }
HOOKS="$BUILD/hooks.d"
[ -f "$HOOKS/sandprint.json" ] ||
	{ echo "hook_pods: no $HOOKS/sandprint.json" >&2; exit 2; }
command -v podman >/dev/null ||
	{ echo "hook_pods: podman missing" >&2; exit 2; }

W="$(mktemp -d /tmp/sp-hookpods.XXXXXX)"
chmod 0755 "$W"
. "$ROOT/bench/lib.sh"
. "$ROOT/bench/hook_lib.sh"
[ "$KEEP" = 1 ] && echo "hook_pods: work directory $W" >&2
# The restart policy's starts: Podman's cleanup process reads this.  The
# limits as hook_survive.sh gives them (this host's own nofile is more
# than a container may set), for the pod's infra container too.
printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=32768:32768"]\n[engine]\nhooks_dir = ["%s"]\n' \
	"$HOOKS" >"$W/containers.conf"
export CONTAINERS_CONF="$W/containers.conf"
cleanup() {
	echo "$OLD_RL" >/proc/sys/kernel/printk_ratelimit
	[ "$KEEP" = 1 ] && return
	for i in $(cat "$W/images" 2>/dev/null); do
		podman rmi -f "localhost/sp-hooksurv-$i" >/dev/null 2>&1
	done
	rm -rf -- "$W"
}
trap cleanup EXIT
OLD_RL="$(cat /proc/sys/kernel/printk_ratelimit)"
echo 0 >/proc/sys/kernel/printk_ratelimit

pm() { in_ns podman ${GOPTS[@]+"${GOPTS[@]}"} --hooks-dir "$HOOKS" "$@"; }

# kube POD MODE: the YAML of the pod (KUBE=1) for podman kube play: its
# members (INIT's before the others, its initContainers), the volume at the same path, the pod's annotations for MODE
# (record: the hook's; enforce: Kubernetes' seccomp annotation,
# localhost/P.json under --seccomp-profile-root $d).
kube() {
	local m cmd w
	printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  annotations:\n' "$1"
	case $2 in
	record) printf '    io.sandprint.record: "%s"\n' "$d/P.json"
		printf '    io.sandprint.profile-options: "--default-action kill-process"\n' ;;
	enforce) printf '    seccomp.security.alpha.kubernetes.io/pod: localhost/P.json\n' ;;
	esac
	printf '    sp-hookpods: "%s"\n' "$2"
	printf 'spec:\n  restartPolicy: Never\n'
	[ -n "${SHARE[*]}" ] && printf '  shareProcessNamespace: true\n'
	for m in ${INIT[@]+"${INIT[@]}"} - "${MEMBERS[@]}"; do
		case $m in
		-) printf '  containers:\n'; continue ;;
		"${INIT[0]:-}") printf '  initContainers:\n' ;;
		esac
		eval "cmd=(\"\${cmd_$m[@]}\")"
		printf '  - name: %s\n    image: localhost/sp-hooksurv-%s-%s\n' "$m" "$name" "$m"
		printf '    workingDir: "%s"\n    command:\n' "$D"
		for w in "${cmd[@]}"; do
			printf '    - %s\n' "$(jq -Rn --arg w "$w" '$w')"
		done
		printf '    volumeMounts:\n    - name: data\n      mountPath: "%s"\n' "$D"
	done
	printf '  volumes:\n  - name: data\n    hostPath:\n      path: "%s"\n      type: Directory\n' "$D"
}

# exercise WHICH MODE: the pod made anew (podman pod create, each member
# started in it by podman run with its own options, or podman kube play
# of its YAML), recorded by the hook (MODE record), run under its profile
# (enforce) or neither; the client; the pod stopped.  0 when the client
# succeeded and every member ended with 0; the members that did not in
# $d/$WHICH.bad.  Once every member's recorder has ended (its lock
# free), the pod is removed.
exercise() {
	local which=$1 mode=$2 pod m i cst=0 id ids=() cmd mo ec opts=()
	prepare >/dev/null 2>&1 || return 1
	pod="sp-hookpods-$name-$which"
	: >"$d/$which.bad"
	: >"$d/$which.status"
	case $mode in
	record) opts=(--annotation "io.sandprint.record=$d/P.json"
		--annotation "io.sandprint.profile-options=--default-action kill-process") ;;
	enforce) opts=(--security-opt "seccomp=$d/P.json") ;;
	esac
	pm pod rm -f "$pod" >/dev/null 2>&1
	if [ -n "${KUBE:-}" ]; then
		kube "$pod" "$mode" >"$d/$which.yaml"
		pm kube play --network none --seccomp-profile-root "$d" \
			"$d/$which.yaml" >/dev/null 2>"$d/$which.kube.err" ||
			{ cst=1; echo "pod(start)" >>"$d/$which.bad"; }
		for m in "${MEMBERS[@]}"; do
			id=$(pm inspect --format '{{.Id}}' "$pod-$m" 2>/dev/null) &&
				ids+=("$id")
		done
	else
		pm pod create --name "$pod" --network none ${SHARE[@]+"${SHARE[@]}"} \
			>/dev/null || return 1
		for m in "${MEMBERS[@]}"; do
			eval "cmd=(\"\${cmd_$m[@]}\")"
			eval "mo=(\${opts_$m[@]+\"\${opts_$m[@]}\"})"
			id=$(pm run -d --pod "$pod" --name "$pod-$m" -v "$D:$D" -w "$D" \
				${mo[@]+"${mo[@]}"} ${opts[@]+"${opts[@]}"} \
				"localhost/sp-hooksurv-$name-$m" "${cmd[@]}" 2>"$d/$which.$m.err") ||
				{ cst=1; echo "$m(start)" >>"$d/$which.bad"; continue; }
			ids+=("$id")
		done
	fi
	if [ $cst = 0 ] && wait_for ready; then
		"client_$which" >"$d/$which.client.log" 2>&1 || cst=1
	else
		cst=1
	fi
	# The members, the last started first, then the pod: sharing its
	# PID namespace, the infra container's end (PID 1's) kills them, and
	# Podman 4.3.1's pod stop may stop it first.
	for ((i = ${#MEMBERS[@]} - 1; i >= 0; i--)); do
		pm stop -t 10 "$pod-${MEMBERS[i]}" >/dev/null 2>&1
	done
	pm pod stop -t 10 "$pod" >/dev/null 2>&1
	for m in "${MEMBERS[@]}"; do
		ec=$(pm inspect --format '{{.State.ExitCode}} {{.RestartCount}}' "$pod-$m" 2>/dev/null) || continue
		pm logs "$pod-$m" >"$d/$which.$m.log" 2>&1
		echo "$m $ec" >>"$d/$which.status"
		[ "${ec%% *}" = 0 ] || { cst=1; echo "$m(${ec%% *})" >>"$d/$which.bad"; }
	done
	for id in ${ids[@]+"${ids[@]}"}; do
		wait_for test ! -e "/run/sandprint/$id.lock"
	done
	pm pod rm -f "$pod" >/dev/null 2>&1
	return $cst
}

# One pod, in a subshell of its own (the exercise's variables).
bench() (
	name=$1
	d="$W/$name"
	mkdir -p "$d/data"
	cp -t "$d/" "$EXDIR"/*
	cd "$d" || exit 2
	if [ "$name" = logs ]; then
		GO111MODULE=off GOCACHE="$W/gocache" go build -o logapp \
			logapp.go || { echo "hook_pods: cannot build logapp" >&2;
					exit 1; }
	fi
	D="$d/data"
	chmod 1777 "$D"
	restarts=0
	# shellcheck disable=SC1090  # the pod's exercise
	. "./$name.sh"
	for m in ${INIT[@]+"${INIT[@]}"} "${MEMBERS[@]}"; do
		eval "files=(\"\${files_$m[@]}\")"
		echo "$name-$m" >>"$W/images"
		image "$name-$m" "${files[@]}" ||
			{ printf '%-8s %s\n' "$name" "image of $m FAILS"; exit 1; }
	done
	if ! exercise train none || ! exercise test none; then
		printf '%-8s %s\n' "$name" "FAILS in Podman without a filter: $(cat "$d"/*.bad)"
		exit 1
	fi
	exercise train record ||
		{ printf '%-8s %s\n' "$name" "record FAILS: $(cat "$d/train.bad") $(tail -n 3 "$d/P.json.log" 2>/dev/null)"; exit 1; }
	got=$(awk '{ s += $3 } END { print s + 0 }' "$d/train.status")
	[ "$got" = "$restarts" ] ||
		{ printf '%-8s %s\n' "$name" "record: $got restarts, not $restarts"; exit 1; }
	n=$(allowed P.json)
	runs=$(jq '.runs // 1' "$d/P.trace.json" 2>/dev/null)
	good=0 refused="" bad=""
	for _ in $(seq "$REPEAT"); do
		mark=$(kmsg)
		if exercise test enforce; then
			good=$((good + 1))
		else
			refused="$refused $(kmsg "$mark")"
			bad="$bad $(cat "$d/test.bad")"
		fi
	done
	if [ "$REPEAT" = 1 ]; then
		if [ $good = 1 ]; then ok=yes; else ok=no; fi
	else
		ok="$good/$REPEAT"
	fi
	printf '%-8s %8s %8s %5s  %s %s\n' "$name" "$ok" "$n" "$runs" \
		"$(tr ' ' '\n' <<<"$refused" | sort -u | tr '\n' ' ')" \
		"$(tr ' ' '\n' <<<"$bad" | sort -u | tr '\n' ' ')"
)

printf '%-8s %8s %8s %5s  %s\n' pod survives allowed runs "refused (members)"
for name in $PODS; do
	bench "$name"
done
