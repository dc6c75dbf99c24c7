#!/bin/bash
# containers.sh - record a container where it runs, end to end: Podman
# starts `sandprint oci-hook` (build/hooks.d) for a container with the
# annotation io.sandprint.record=PROFILE; the hook records it from its
# first process to its last (the in-kernel recorder on its cgroup, or
# ptrace) and writes its trace and profile before `podman run` returns
# (the poststop stage waits for them).  Then:
#   - the profile holds the container's calls, not crun's: no pivot_root
#     or mount (the runtime's set-up) in the trace, and the runtime window
#     in the profile names crun, the runtime that ran it;
#   - the same container under --security-opt seccomp=PROFILE with a kill
#     default runs and prints the same (Podman's defaults: noNewPrivileges
#     false, so crun installs the filter before dropping privileges);
#   - a call neither it nor its code makes is killed (argrules' neighbours
#     under the profile of argrules_seen, whose code has none: 159, and the
#     kernel's audit record names the call);
#   - the hook reads the container's files under its root: a program
#     and libraries at paths only the container's root has get their
#     static analysis, and run under the profile;
#   - two replicas recorded apart (different commands), merged with
#     `sandprint merge`, run under the merged profile, both;
#   - a relative path in the annotation stops the container from starting
#     (a hook that fails fails the start; crun names the hook and gives
#     its stderr /dev/null), and so does a profile that cannot be written
#     (the reason in PROFILE.log), and one outside the hooks.d entry's
#     --output-under;
#   - the trace ends as the container did (exit status, signal);
#   - podman run --init: catatonit's calls and code are the container's;
#   - rootless Podman (as a user, Podman's single-id mapping): recorded
#     with ptrace, and the container runs under its profile, rootless.
#
# Usage: containers.sh SANDPRINT PROGDIR BUILDDIR
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
BUILD=$(realpath -e -- "$3") || exit 2
RUN=$HERE/run-in-crun.sh
HOOKS=$BUILD/hooks.d
command -v podman >/dev/null || { echo "containers: podman missing (scripts/deps.sh)" >&2; exit 2; }
[ -f "$HOOKS/sandprint.json" ] || { echo "containers: no $HOOKS/sandprint.json" >&2; exit 2; }
sp_begin containers root
denied() { [ -s "$1" ] && printf '; denied: %s' "$(tr '\n' ' ' <"$1")"; }

# A state whose end never comes (a runtime that keeps the hook's stdin
# open) does not hold the start for ever: the hook gives up after 5 s.
# The writer holds stdin open until the hook has exited (not for 6 s: a
# hook slow to start, the sanitizer pass at load, saw the end first).
# Run in the background while the rest runs.
mkfifo stall.done
{ { printf '{"id": "c1", "status": "created"'; read -r _ <stall.done; } |
	{ timeout -k 5 60 "$SP" oci-hook >/dev/null 2>stall.err; echo $? >stall.st; echo >stall.done; }; } &
stall=$!

# record NAME [ANNOTATION...] -- CMD...: run CMD in Podman (its defaults,
# no filter) with the hook's annotation (and these); NAME.json,
# NAME.trace.json must exist on return.
record() {
	local name=$1 ann=()
	shift
	while [ "$1" != -- ]; do ann+=(--annotation "$1"); shift; done
	shift
	"$RUN" --runtime podman --hooks-dir "$HOOKS" ${RECORD_OPTS:-} \
		--annotation "io.sandprint.record=$WORK/$name.json" \
		${ann[@]+"${ann[@]}"} none -- "$@" >"$name.rec.out" 2>"$name.rec.err"
}

# --- one container, recorded where it runs -----------------------------------
"$PROGS/argrules_seen" seen >native.out 2>&1
record argrules -- "$PROGS/argrules_seen" seen
st=$?
if [ $st = 0 ] && cmp -s native.out argrules.rec.out; then
	ok recorded_container_runs_as_natively
else
	bad recorded_container_runs_as_natively "status $st: $(tail -n 2 argrules.rec.err)"
fi
if [ -s argrules.json ] && [ -s argrules.trace.json ]; then
	ok hook_wrote_profile_and_trace_before_podman_returned
else
	bad hook_wrote_profile_and_trace_before_podman_returned "$(ls; cat argrules.json.log 2>/dev/null)"
fi
calls=$(python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))
print(" ".join(sorted({p["syscall"] for p in t["patterns"]})))' argrules.trace.json 2>/dev/null)
if [[ " $calls " == *" socket "* && " $calls " == *" prctl "* &&
      " $calls " != *" pivot_root "* && " $calls " != *" mount "* ]]; then
	ok trace_holds_the_container_not_the_runtime
else
	bad trace_holds_the_container_not_the_runtime "calls: $calls"
fi
grep -q '"sandprint: runtime: the OCI runtime (crun, noNewPrivileges true or false)' argrules.json &&
	ok profile_has_cruns_window || bad profile_has_cruns_window "$(grep -o '"sandprint: runtime[^"]*"' argrules.json | head -1)"

# --- the same container under its profile, kill default ------------------------
"$RUN" --runtime podman --kill --report seen.report argrules.json -- \
	"$PROGS/argrules_seen" seen >seen.out 2>seen.err
st=$?
if [ $st = 0 ] && cmp -s native.out seen.out; then
	ok runs_under_its_profile_with_kill_default
else
	bad runs_under_its_profile_with_kill_default "status $st: $(tail -n 1 seen.err)$(denied seen.report)"
fi
"$RUN" --runtime podman --kill --report nb.report argrules.json -- \
	"$PROGS/argrules" neighbours >nb.out 2>nb.err
st=$?
if [ $st = 159 ] && grep -q ' KILL_PROCESS "argrules"' nb.report; then
	ok a_call_it_never_made_is_killed
else
	bad a_call_it_never_made_is_killed "status $st$(denied nb.report)"
fi

# --- the container's code, read where the container sees it ------------------
# The hook reads the container's files under its root file system, in its
# mount namespace (the binds of /usr and of the test programs are
# there, not on the host's side of the root): imports_connect recorded
# without calling connect() gets it [static], and run calling it, it is
# not killed.  (Without the container's root, the hook had no static
# analysis: socket was killed.)
record imp -- "$PROGS/imports_connect" >/dev/null 2>&1
jq -e '.syscalls[] | select(.names | index("connect")) |
	.comment | test("connect \\(connect\\(\\) in libc\\.so\\.6, by imports_connect\\)")' imp.json >/dev/null &&
	ok hook_profile_has_the_containers_code ||
	bad hook_profile_has_the_containers_code "$(cat imp.json.log 2>/dev/null | head -c 400)"
# The runtime's process images are left out, and their names with them:
# every executable and object the trace lists is the container's.
jq -e '([.processes[].objects[]] | unique) == [range(.objects | length)] and
	([.processes[].exe, .patterns[].exe] | unique) == [range(.executables | length)]' \
	imp.trace.json >/dev/null &&
	ok hook_trace_names_no_runtime_file ||
	bad hook_trace_names_no_runtime_file "$(jq -c '{executables, objects}' imp.trace.json 2>&1 | head -c 400)"
[ "$(jq -r .other_mount_namespace imp.trace.json 2>&1)" = true ] &&
	ok hook_trace_says_its_paths_are_the_containers ||
	bad hook_trace_says_its_paths_are_the_containers "$(jq -c '{other_mount_namespace}' imp.trace.json 2>&1)"
"$RUN" --runtime podman --kill --report imp.report imp.json -- \
	"$PROGS/imports_connect" call >imp.out 2>imp.err
st=$?
[ $st = 0 ] && ok code_the_recording_did_not_run_is_not_killed ||
	bad code_the_recording_did_not_run_is_not_killed "status $st$(denied imp.report)"

# An image's files are at paths the host has not (an imported image's
# overlay, its libraries wherever its ld.so.conf says): a root of its own
# (podman --rootfs), the program at /opt/spimg/bin/prog and every library
# it needs at /opt/spimg/lib (LD_LIBRARY_PATH), the loader at its path.
# The hook's profile has connect [static] by the container's C library,
# and the program calling it runs under it (read at the host's paths,
# there is no such file: the analysis is left out, socket is killed).
lib_dir=img/opt/spimg/lib
mkdir -p img/opt/spimg/bin "$lib_dir" img/lib64 img/proc img/dev img/sys img/tmp
cp "$PROGS/imports_connect" img/opt/spimg/bin/prog
interp=$(ldd "$PROGS/imports_connect" | awk '$1 ~ /^\/.*ld-linux/ { print $1 }')
cp -L "$interp" "img$interp"
ldd "$PROGS/imports_connect" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' |
	while read -r l; do cp -L "$l" "$lib_dir/"; done
in_podman() { # crun under Podman refuses a hybrid cgroup layout with v2 controllers
	if [ "$(stat -f -c %T /sys/fs/cgroup)" = tmpfs ] &&
	   [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]; then
		unshare -m --propagation private sh -c \
			'umount /sys/fs/cgroup/unified && exec "$@"' sh podman "$@"
	else
		podman "$@"
	fi
}
img_run() { # PODMAN-RUN-OPTION... -- ARG...: /opt/spimg/bin/prog in img
	local opts=()
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	in_podman --hooks-dir "$HOOKS" run --rm --network none \
		--ulimit nofile=1024:1024 --ulimit nproc=32768:32768 \
		--env LD_LIBRARY_PATH=/opt/spimg/lib "${opts[@]}" \
		--rootfs "$WORK/${IMG:-img}" /opt/spimg/bin/prog "$@"
}
img_run --annotation "io.sandprint.record=$WORK/img.json" \
	--annotation "io.sandprint.profile-options=--default-action kill-process" \
	--security-opt seccomp=unconfined -- >img.rec.out 2>img.rec.err
st=$?
if [ $st = 0 ] && jq -e '.syscalls[] | select(.names | index("connect")) |
	.comment | test("connect \\(connect\\(\\) in libc\\.so\\.6, by prog\\)")' \
	img.json >/dev/null 2>&1; then
	ok hook_reads_files_only_the_image_has
else
	bad hook_reads_files_only_the_image_has "status $st: $(tail -n 1 img.rec.err) $(head -c 400 img.json.log 2>&1)"
fi
img_run --security-opt "seccomp=$WORK/img.json" -- call >img.out 2>img.err
st=$?
[ $st = 0 ] && ok image_only_code_is_not_killed ||
	bad image_only_code_is_not_killed "status $st: $(tail -n 1 img.err)"

# Two containers of two images recorded at the same time into the same
# files (a pod's annotation): each one's code is read under its own root.
# Both run /opt/spimg/bin/prog: hostname in img2, imports_connect in img
# (after a shell that waits for img2's container to be done).  Read under
# img's root, the other's prog was imports_connect too, and sethostname,
# which hostname imports, was missing from the pod's profile.
mkdir -p img2/opt/spimg/bin img2/opt/spimg/lib img2/lib64 img2/proc img2/dev img2/sys img2/tmp img/bin
cp /usr/bin/hostname img2/opt/spimg/bin/prog
cp -L "$interp" "img2$interp"
cp "$lib_dir"/* img2/opt/spimg/lib/
cp /bin/dash img/bin/sh
pod_ann=(--annotation "io.sandprint.record=$WORK/pod.json"
	--annotation "io.sandprint.profile-options=--default-action kill-process")
rm -f pod.a.out && mkfifo pod.go && exec 7<>pod.go
in_podman --hooks-dir "$HOOKS" run --rm -i --network none --security-opt seccomp=unconfined \
	--ulimit nofile=1024:1024 --ulimit nproc=32768:32768 --env LD_LIBRARY_PATH=/opt/spimg/lib "${pod_ann[@]}" --rootfs "$WORK/img" \
	/bin/sh -c 'echo up; read -r x; exec /opt/spimg/bin/prog' <&7 >pod.a.out 2>pod.a.err &
pod_a=$!
wait_line pod.a.out up
IMG=img2 img_run "${pod_ann[@]}" --security-opt seccomp=unconfined -- >pod.b.out 2>pod.b.err
st=$?
echo >&7
wait $pod_a
st="$st $?"
exec 7>&-
if [ "$st" = "0 0" ] && jq -e '[.syscalls[].names[]] | index("sethostname") and index("connect")' pod.json >/dev/null 2>&1 &&
   grep -q 'recorded at the same time as container' pod.json.log; then
	ok pod_containers_code_read_each_under_its_own_root
else
	bad pod_containers_code_read_each_under_its_own_root "status $st: $(tail -n 1 pod.b.err) $(head -c 600 pod.json.log 2>&1)"
fi
# hostname NAME under the pod's profile with a kill default: sethostname
# is refused by the kernel (EPERM: no CAP_SYS_ADMIN), not killed (159).
IMG=img2 img_run --security-opt "seccomp=$WORK/pod.json" -- sp-test-name >pod.c.out 2>pod.c.err
st=$?
[ $st = 1 ] && ok pod_profile_runs_the_other_containers_code ||
	bad pod_profile_runs_the_other_containers_code "status $st: $(tail -n 1 pod.c.err)"

# --- two replicas, merged ------------------------------------------------------
record r1 -- sh -c 'echo a | tr a b' &&
	record r2 io.sandprint.via=ptrace -- "$PROGS/syscalls" ||
	bad replicas_recorded "$(tail -n 1 r1.rec.err r2.rec.err)"
if "$SP" merge -o merged.json r1.json r2.json 2>merge.err; then
	sh -c 'echo a | tr a b' >n1.out
	"$PROGS/syscalls" >n2.out 2>n2.err
	"$RUN" --runtime podman --kill --report m1.report merged.json -- \
		sh -c 'echo a | tr a b' >m1.out 2>m1.err
	st1=$?
	"$RUN" --runtime podman --kill --report m2.report merged.json -- \
		"$PROGS/syscalls" >m2.out 2>m2.err
	st2=$?
	if [ $st1 = 0 ] && [ $st2 = 0 ] && cmp -s n1.out m1.out && cmp -s n2.out m2.out; then
		ok merged_replicas_run_under_the_merged_profile
	else
		bad merged_replicas_run_under_the_merged_profile "status $st1 $st2; out: $(diff n1.out m1.out | tr '\n' ' ') $(diff n2.out m2.out | tr '\n' ' ') err: $(tail -n 2 m1.err | tr '\n' ' ')$(denied m1.report)$(denied m2.report)"
	fi
else
	bad merged_replicas_run_under_the_merged_profile "merge: $(cat merge.err)"
fi

# --- how the container is recorded --------------------------------------------
# By default the in-kernel recorder on the container's cgroup: the
# container is not traced (its TracerPid is 0); with
# io.sandprint.via=ptrace, or where the in-kernel recorder cannot run, it
# is, by the recorder (seen from the host's PID namespace: a tracer
# outside the container's reads as 0 inside it).
RECORD_OPTS=--no-pidns record tp -- /usr/bin/grep TracerPid /proc/self/status
RECORD_OPTS=--no-pidns record tpp io.sandprint.via=ptrace -- \
	/usr/bin/grep TracerPid /proc/self/status
if grep -q 'ptrace stops instead' tp.json.log 2>/dev/null; then
	echo "containers: the in-kernel recorder cannot run here: $(head -n 1 tp.json.log)" >&2
	grep -qv 'TracerPid:[[:space:]]*0$' tp.rec.out &&
		ok recorded_by_ptrace_where_bpf_cannot || bad recorded_by_ptrace_where_bpf_cannot "$(cat tp.rec.out)"
else
	grep -q 'TracerPid:[[:space:]]*0$' tp.rec.out && [ -s tp.json ] &&
		ok recorded_in_kernel_untraced || bad recorded_in_kernel_untraced "$(cat tp.rec.out tp.json.log)"
fi
grep -q 'TracerPid:[[:space:]]*[1-9]' tpp.rec.out && [ -s tpp.json ] &&
	ok via_ptrace_traces_it || bad via_ptrace_traces_it "$(cat tpp.rec.out tpp.json.log)"

# --- the trace ends as the container did -------------------------------------
# Its first process's end, seen by the recorder on its cgroup: an exit
# status, a death by a signal (sent from the host's PID namespace: in its
# own, an init ignores SIGKILL from itself).
record ex3 -- /usr/bin/sh -c 'exit 3'
st=$?
end=$(jq -c '[.end, .status]' ex3.trace.json 2>/dev/null)
[ $st = 3 ] && [ "$end" = '["exited",3]' ] && ok trace_ends_with_the_containers_exit ||
	bad trace_ends_with_the_containers_exit "podman $st, trace $end: $(tail -n 2 ex3.rec.err)$(cat ex3.json.log 2>/dev/null)"
RECORD_OPTS=--no-pidns record killed -- /usr/bin/sh -c 'kill -KILL $$'
end=$(jq -c '[.end, .status]' killed.trace.json 2>/dev/null)
[ "$end" = '["signaled",9]' ] && ok trace_ends_with_the_containers_death ||
	bad trace_ends_with_the_containers_death "trace $end: $(tail -n 3 killed.rec.err)$(cat killed.json.log 2>/dev/null)"

# --- a container without a cgroup of its own -----------------------------------
# podman --cgroups=disabled leaves the container in the cgroup of whoever
# ran podman (here a new one, so that the host's layout does not matter),
# where the runtime, conmon and the hook's recorder are too: that cgroup
# is not the container's.  Recorded through its first process instead,
# podman returns at once with the profile (it waited a minute for a
# recorder that waited for itself, recording conmon meanwhile).
if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
	cgroot=/sys/fs/cgroup
else
	cgroot=$(findmnt -n -t cgroup -o TARGET,OPTIONS | awk '$2 ~ /(^|,)pids(,|$)/ {print $1; exit}')
fi
if [ -n "$cgroot" ] && mkdir "$cgroot/sandprint-test-$$" 2>/dev/null; then
	CG=$cgroot/sandprint-test-$$
	# Whatever is left in it is ours (a recorder that did not end).
	sp_at_exit 'for p in $(cat "$CG/cgroup.procs" 2>/dev/null); do kill -9 $p; done
		for _ in $(seq 100); do rmdir "$CG" 2>/dev/null && break; sleep 0.1; done'
	timeout 30 \
		sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$CG" \
		"$RUN" --runtime podman --hooks-dir "$HOOKS" --podman-opt --cgroups=disabled \
		--annotation "io.sandprint.record=$WORK/nocg.json" none -- \
		/usr/bin/sh -c 'exit 4' >nocg.rec.out 2>nocg.rec.err
	st=$?
	end=$(jq -c '[.end, .status]' nocg.trace.json 2>/dev/null)
	if [ $st = 4 ] && [ "$end" = '["exited",4]' ]; then
		ok container_without_own_cgroup_recorded_by_its_process
	else
		bad container_without_own_cgroup_recorded_by_its_process "status $st, trace $end: $(tail -n 1 nocg.rec.err) $(cat nocg.json.log 2>&1)"
	fi
else
	echo "containers: no cgroup to make; --cgroups=disabled case skipped" >&2
fi

# --- podman exec ---------------------------------------------------------------
# A process started in a running container (podman exec, Podman's health
# checks) joins its cgroup and is recorded; under the profile, crun's exec
# set-up after it loads the filter (umask, the parent's sync, and with
# noNewPrivileges false setgroups, the stdio handed over, ...) is allowed
# too: the exec runs, the container sees its file.
# The container waits for the exec's status (run-in-crun.sh's exec.status),
# at most 30 s (podman exec at load takes seconds), and exits with it.
waiter='i=0; while [ ! -e exec.status ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; read s <exec.status && [ -e /tmp/done ] && exit $s'
"$RUN" --runtime podman --hooks-dir "$HOOKS" --exec "/usr/bin/touch /tmp/done" \
	--annotation "io.sandprint.record=$WORK/exec.json" none -- \
	/usr/bin/sh -c "$waiter" >exec.rec.out 2>exec.rec.err
st=$?
if [ $st = 0 ] && grep -aq 'exec-status: 0' exec.rec.err &&
   jq -e '.executables | index("/usr/bin/touch")' exec.trace.json >/dev/null 2>&1; then
	ok exec_into_a_recorded_container_is_recorded
else
	bad exec_into_a_recorded_container_is_recorded "status $st: $(tail -n 2 exec.rec.err) $(jq -c .executables exec.trace.json 2>&1)"
fi
# With noNewPrivileges false, Podman's default and the wider window (that
# true's holds umask and write too is tests/generate_test.c's).
rm -f exec.status
"$RUN" --runtime podman --kill --report exec.report \
	--exec "/usr/bin/touch /tmp/done" exec.json -- \
	/usr/bin/sh -c "$waiter" >exec.out 2>exec.err
st=$?
if [ $st = 0 ] && grep -aq 'exec-status: 0' exec.err; then
	ok exec_runs_under_the_profile
else
	bad exec_runs_under_the_profile "status $st: $(grep -a exec-status exec.err)$(denied exec.report)"
fi

# --- a bad annotation stops the start ------------------------------------------
"$RUN" --runtime podman --hooks-dir "$HOOKS" \
	--annotation "io.sandprint.record=relative.json" none -- /usr/bin/true >/dev/null 2>bad.err
st=$?
if [ $st != 0 ] && grep -q 'error executing hook' bad.err; then
	ok relative_profile_path_fails_the_start
else
	bad relative_profile_path_fails_the_start "status $st: $(tail -n 2 bad.err)"
fi
# A profile that cannot be written stops it too, before it runs for
# nothing; crun gives a hook's stderr /dev/null: the reason is in the log.
mkdir isdir.json
record isdir -- /usr/bin/true
st=$?
if [ $st != 0 ] && grep -q 'isdir.json: Is a directory' isdir.json.log 2>/dev/null; then
	ok unwritable_profile_fails_the_start_and_says_why
else
	bad unwritable_profile_fails_the_start_and_says_why "status $st: $(tail -n 1 isdir.rec.err) log: $(cat isdir.json.log 2>&1)"
fi

# The hooks.d entry's args confine the outputs (--output-under, the
# administrator's): Podman passes them to the hook, which refuses a
# container whose annotation names a path elsewhere (nothing written
# there) and records one beneath.
mkdir -p confined/hooks confined/allowed confined/else
sed 's|"args": \["sandprint", "oci-hook"\]|"args": ["sandprint", "oci-hook", "--output-under", "'"$WORK"'/confined/allowed"]|' \
	"$HOOKS/sandprint.json" >confined/hooks/sandprint.json
for where in else allowed; do
	"$RUN" --runtime podman --hooks-dir "$WORK/confined/hooks" \
		--annotation "io.sandprint.record=$WORK/confined/$where/p.json" \
		none -- /usr/bin/true >/dev/null 2>"confined-$where.err"
	echo $? >"confined-$where.st"
done
if grep -q -- '--output-under' confined/hooks/sandprint.json &&
   [ "$(cat confined-else.st)" != 0 ] && grep -q 'error executing hook' confined-else.err &&
   [ -z "$(ls -A confined/else)" ] && [ "$(cat confined-allowed.st)" = 0 ] &&
   [ -s confined/allowed/p.json ] && [ -s confined/allowed/p.trace.json ]; then
	ok hook_output_under_from_hooks_d_confines_the_outputs
else
	bad hook_output_under_from_hooks_d_confines_the_outputs "status $(cat confined-else.st confined-allowed.st | tr '\n' ' '): $(tail -n 1 confined-else.err confined-allowed.err) $(ls -A confined/else) $(cat confined/allowed/p.json.log 2>&1)"
fi

# --- podman run --init ---------------------------------------------------------
# catatonit, bound from the host at /run/podman-init, is the container's
# PID 1 and runs under the filter: its calls and its code ([static]) are
# the container's, beside those of the workload below it, and the
# profile runs the container with --init under a kill default.
if ! "$RUN" --runtime podman --podman-opt --init none -- /usr/bin/true >/dev/null 2>init.err; then
	echo "containers: podman run --init fails here (no catatonit?); skipped: $(tail -n 1 init.err)" >&2
else
	RECORD_OPTS="--podman-opt --init" record init -- /usr/bin/ls /usr
	st=$?
	exes=$(jq -c '[.executables, ([.patterns[] | select(.exe == 0) | .syscall] | index("wait4") != null)]' init.trace.json 2>&1)
	[ $st = 0 ] && [ "$exes" = '[["/run/podman-init","/usr/bin/ls"],true]' ] &&
		grep -q 'code in podman-init' init.json &&
		ok init_process_and_workload_recorded ||
		bad init_process_and_workload_recorded "status $st, $exes: $(tail -n 2 init.rec.err; cat init.json.log)"
	ls /usr >init.native
	"$RUN" --runtime podman --kill --podman-opt --init --report init.report init.json -- \
		/usr/bin/ls /usr >init.out 2>init.err
	st=$?
	[ $st = 0 ] && cmp -s init.native init.out &&
		ok init_container_runs_under_its_profile ||
		bad init_container_runs_under_its_profile "status $st$(denied init.report)"
fi

# --- rootless Podman ----------------------------------------------------------
# As most Podman users run it: as a user (nobody here, its home and its
# runtime directory in WORK; no /etc/subuid entry: a single-id mapping;
# vfs storage; nothing written in /etc), in a PID namespace of its own,
# so that Podman's pause process ends with the command.  The hook runs as
# 0 of the user's namespace: the in-kernel recorder cannot, ptrace
# records, and the log says why; the profile runs the container rootless
# with a kill default, as natively.  Skipped where rootless Podman cannot
# run a container at all here (no user namespaces, a hook nobody can
# execute).
RL=$WORK/rootless
# crun refuses this host's hybrid cgroup layout for a rootless container
# (the user cannot help it): as for rootful Podman (run-in-crun.sh), the
# cgroup v2 hierarchy is unmounted in the namespace's own mounts.
rootless() { # PODMAN-ARG...
	unshare --pid --fork --kill-child --mount-proc sh -c '
		umount /sys/fs/cgroup/unified 2>/dev/null
		exec setpriv --reuid=65534 --regid=65534 --clear-groups \
			env -i PATH=/usr/bin:/usr/sbin:/bin HOME="$0/home" \
			XDG_RUNTIME_DIR="$0/run" CONTAINERS_CONF="$0/containers.conf" \
			CONTAINERS_STORAGE_CONF="$0/storage.conf" \
			podman "$@"' "$RL" --hooks-dir "$HOOKS" "$@" 2>>"$RL/podman.err"
}
chmod 711 "$WORK"
mkdir -p "$RL"/{home,run,out} "$RL"/rootfs/{usr,etc,proc,dev,sys,tmp}
for l in bin lib lib64 sbin; do
	[ -L "/$l" ] && ln -s "$(readlink "/$l")" "$RL/rootfs/$l"
done
printf '[storage]\ndriver = "vfs"\n[storage.options]\nignore_chown_errors = "true"\n' >"$RL/storage.conf"
printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' >"$RL/containers.conf"
chown -R 65534:65534 "$RL" && chmod 700 "$RL/run"
rl_run=(run --rm --network none -v /usr:/usr:ro -v /etc:/etc:ro)
ls /usr >rl.native
if ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$SP"; then
	echo "containers: user 65534 cannot run $SP (a directory above it closed to others); rootless Podman skipped" >&2
elif ! rootless "${rl_run[@]}" --rootfs "$RL/rootfs" /usr/bin/true; then
	echo "containers: rootless Podman runs no container here; skipped: $(tail -n 1 "$RL/podman.err")" >&2
else
	rootless "${rl_run[@]}" --annotation "io.sandprint.record=$RL/out/p.json" \
		--rootfs "$RL/rootfs" /usr/bin/ls /usr >rl.out
	st=$?
	calls=$(jq -c '[.patterns[].syscall] | unique | [index("getdents64") != null, index("pivot_root") != null]' "$RL/out/p.trace.json" 2>&1)
	[ $st = 0 ] && cmp -s rl.native rl.out && [ -s "$RL/out/p.json" ] &&
		[ "$calls" = '[true,false]' ] &&
		grep -q 'in-kernel recorder cannot run here: it needs root in the initial user namespace' "$RL/out/p.json.log" &&
		ok rootless_podman_container_recorded ||
		bad rootless_podman_container_recorded "status $st, calls $calls: $(tail -n 3 "$RL/podman.err"; cat "$RL/out/p.json.log" 2>&1)"
	python3 - "$RL/out/p.json" "$RL/out/kill.json" <<'PY'
import json, sys
prof = json.load(open(sys.argv[1]))
prof["defaultAction"] = "SCMP_ACT_KILL_PROCESS"
prof.pop("defaultErrnoRet", None)
json.dump(prof, open(sys.argv[2], "w"))
PY
	chmod 644 "$RL/out/kill.json"
	rootless "${rl_run[@]}" --security-opt "seccomp=$RL/out/kill.json" \
		--rootfs "$RL/rootfs" /usr/bin/ls /usr >rl.out
	st=$?
	[ $st = 0 ] && cmp -s rl.native rl.out &&
		ok rootless_podman_container_runs_under_its_profile ||
		bad rootless_podman_container_runs_under_its_profile "status $st: $(tail -n 3 "$RL/podman.err")"
fi

wait $stall
if [ "$(cat stall.st)" = 2 ] && grep -q 'stdin: the state did not end within 5 s' stall.err; then
	ok a_state_without_end_is_given_up
else
	bad a_state_without_end_is_given_up "status $(cat stall.st): $(cat stall.err)"
fi

sp_end
