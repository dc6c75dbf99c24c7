#!/bin/bash
# oci_hook.sh - sandprint oci-hook given what a runtime gives it (the
# container's state on stdin), without a container: what it refuses and
# what it lets be.  The container end to end is tests/containers.sh.
#
# Usage: oci_hook.sh SANDPRINT
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
sp_begin ocihook

# hook NAME STATUS MESSAGE JSON: feed JSON, expect STATUS and MESSAGE (a
# grep pattern, or "" for no output at all).
# HOOK_ARGS: the hook's own (its hooks.d entry's args).
HOOK_ARGS=()
hook() {
	local name=$1 want=$2 msg=$3 st
	printf '%s' "$4" | "$SP" oci-hook "${HOOK_ARGS[@]}" >out.txt 2>err.txt
	st=$?
	if [ "$st" != "$want" ]; then
		bad "$name" "status $st, expected $want: $(cat err.txt)"
	elif [ -n "$msg" ] && ! grep -q -- "$msg" err.txt; then
		bad "$name" "no \"$msg\" in: $(cat err.txt)"
	elif [ -z "$msg" ] && [ -s err.txt ]; then
		bad "$name" "unexpected: $(cat err.txt)"
	else
		ok "$name"
	fi
}

hook not_json 2 '^sandprint: stdin:1:' 'not json'
hook id_missing 2 'stdin: \$.id: missing' '{"status": "created", "pid": 1}'
# (The array was freed twice: the sanitizer build fails here without the
# fix.)
hook state_not_an_object 2 '^sandprint: stdin: \$: expected an object' '[1, 2]'
# Endless binary stdin: refused at its first block, as every input is,
# not read for seconds into memory.
"$SP" oci-hook </dev/zero >out.txt 2>err.txt
st=$?
{ [ $st = 2 ] && [ "$(cat err.txt)" = "sandprint: stdin:1:1: a NUL byte: not text" ]; } &&
	ok binary_state_refused_at_once ||
	bad binary_state_refused_at_once "status $st: $(head -c 300 err.txt)"
# The bundle's config.json is read as any input file: binary is refused
# with its place.
mkdir -p bundle && printf '{"process":\n {"args": ["a\0"]}}' >bundle/config.json
hook bundle_config_binary 2 "^sandprint: $WORK/bundle/config.json:2:14: a NUL byte: not text" \
	'{"id": "c1", "status": "created", "pid": 1, "bundle": "'"$WORK"'/bundle", "annotations": {"io.sandprint.record": "'"$WORK"'/p.json"}}'
hook pid_not_a_number 2 '\$.pid: expected a process id' \
	'{"id": "c1", "status": "created", "pid": "1"}'
hook annotation_not_a_string 2 '\$.annotations.io.sandprint.record: expected a string' \
	'{"id": "c1", "status": "created", "pid": 1, "annotations": {"io.sandprint.record": 5}}'
hook id_with_a_slash 2 'not a file name' \
	'{"id": "../c1", "status": "created", "pid": 1}'
hook no_annotation_nothing_to_do 0 '' \
	'{"id": "c1", "status": "created", "pid": 1, "annotations": {}}'
hook relative_profile_path 2 'not an absolute path' \
	'{"id": "c1", "status": "created", "pid": 1, "annotations": {"io.sandprint.record": "p.json"}}'
hook relative_trace_path 2 'io.sandprint.trace=t.json: not an absolute path' \
	'{"id": "c1", "status": "created", "pid": 1, "annotations": {"io.sandprint.record": "'"$WORK"'/p.json", "io.sandprint.trace": "t.json"}}'
hook no_pid_at_start 2 'no pid' \
	'{"id": "c1", "status": "created", "annotations": {"io.sandprint.record": "'"$WORK"'/p.json"}}'
hook bad_profile_option 2 '--args maybe' \
	'{"id": "c1", "status": "created", "pid": 1, "annotations": {"io.sandprint.record": "'"$WORK"'/p.json", "io.sandprint.profile-options": "--args maybe"}}'
# --root's directory is the hook's, relative: the runtime's (crun: the
# bundle), which the annotation's writer does not know (the files under
# it were read there, none found, unsaid but as "files not read").
# (A process of the test's own: the hook records it where it takes the
# option.)
mkdir -p sub
sleep 60 &
sleeper=$!
hook relative_root_option 2 'io.sandprint.profile-options: --root sub: not an absolute path' \
	'{"id": "c1", "status": "created", "pid": '$sleeper', "annotations": {"io.sandprint.record": "'"$WORK"'/p.json", "io.sandprint.via": "ptrace", "io.sandprint.profile-options": "--root sub"}}'
kill $sleeper
wait $sleeper 2>/dev/null
hook not_a_profile_option 2 'not a profile option' \
	'{"id": "c1", "status": "created", "pid": 1, "annotations": {"io.sandprint.record": "'"$WORK"'/p.json", "io.sandprint.profile-options": "--stacks"}}'
# Where the recording goes is checked before the container starts, and
# why it cannot be goes to PROFILE.log too: crun gives a hook's stderr
# /dev/null (unless run.oci.hooks.stderr says otherwise).
state() { # PROFILE [TRACE]
	printf '{"id": "c1", "status": "created", "pid": 1, "annotations": {"io.sandprint.record": "%s"%s}}' \
		"$1" "${2:+, \"io.sandprint.trace\": \"$2\"}"
}
mkdir isdir.json
hook profile_is_a_directory 2 "cannot write $WORK/isdir.json: Is a directory" \
	"$(state "$WORK/isdir.json")"
grep -q 'isdir.json: Is a directory' isdir.json.log 2>/dev/null &&
	grep -q 'container c1: not started' isdir.json.log &&
	ok refusal_is_in_the_log_too || bad refusal_is_in_the_log_too "$(cat isdir.json.log 2>&1)"
# Each message is written whole, one write(2) a line, to stderr and to
# PROFILE.log: the recorders of a pod's containers share the log, and
# their messages at the same time came apart in it, each a write per
# character cut into the other's ("thsandprint: e contoaciin-ehro'osk").
# (LeakSanitizer cannot run under strace: the sanitizer pass's own
# words at the exit would be counted.)
if command -v strace >/dev/null; then
	state "$WORK/p.json" "$WORK/p.json" |
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -qq -e trace=write -e signal=none -s 8192 -o writes.txt "$SP" oci-hook 2>/dev/null
	all=$(grep -c '^write(' writes.txt)
	whole=$(grep -c '^write([0-9]*, "sandprint: .*\\n", [0-9]*) *= [0-9]*$' writes.txt)
	[ "$all" -ge 3 ] && [ "$all" = "$whole" ] &&
		ok each_message_is_one_write ||
		bad each_message_is_one_write "$all writes, $whole whole lines: $(head -n 5 writes.txt)"
fi
hook trace_cannot_be_written 2 "cannot write /proc/sp-test.trace.json" \
	"$(state "$WORK/p.json" /proc/sp-test.trace.json)"
hook trace_is_the_profile 2 "the profile's path too" \
	"$(state "$WORK/p.json" "$WORK/p.json")"
# The same file however spelt: a "//", a link to the profile, or the
# log (PROFILE.log, begun anew at each start).  The profile was written
# over the trace, or the next start's log over it, and a restarted
# container's earlier starts were lost.  (A process of the test's own:
# the hook records it where it takes the annotations.)
ln -s p.json link.json
sleep 60 &
sleeper=$!
for t in "$WORK//p.json" "$WORK/link.json" "$WORK/./p.json.log"; do
	case $t in
	*.log) name=trace_is_the_log want="the log's path too ($WORK/p.json.log)" ;;
	*link*) name=trace_is_the_profile_through_a_link want="the profile's path too" ;;
	*) name=trace_is_the_profile_spelt_otherwise want="the profile's path too" ;;
	esac
	hook "$name" 2 "io.sandprint.trace=$t: $want" \
		'{"id": "c1", "status": "created", "pid": '$sleeper', "annotations": {"io.sandprint.record": "'"$WORK"'/p.json", "io.sandprint.trace": "'"$t"'", "io.sandprint.via": "ptrace"}}'
done
kill $sleeper
wait $sleeper 2>/dev/null
hook log_cannot_be_written 2 "$WORK/no/p.json.log: No such file or directory (the recorder's log)" \
	"$(state "$WORK/no/p.json")"
# A hook run as another user than root: its recorder's lock is the
# user's (/run/sandprint is root's), the in-kernel recorder needs root,
# ptrace takes over; poststop waits for the files.  Rootless Podman runs
# its hooks in the user's namespace, where the user is 0 and
# /run/sandprint belongs to nobody: the lock is the user's there too, by
# its id outside, and the log says why ptrace records.  (Yama's
# ptrace_scope 1 would keep a user from attaching to a process it did
# not start.)
# cycle DIR ID CMD [WRAPPER...]: both stages of container ID, whose
# first process runs CMD, as user 65534, through WRAPPER (unshare -r: a
# user namespace of its own); DIR/start.st and DIR/stop.st their status.
# A FIFO DIR/go, where there is one, is written once prestart is over
# (as a runtime's exec fifo): CMD reads it first, and is there to be
# recorded however slow the recorder is to start (a sleep of its own
# ended before the hook attached, under the sanitizer pass at load).
cycle() {
	local dir=$1 id=$2 cmd=$3
	shift 3
	setpriv --reuid=65534 --regid=65534 --clear-groups env TMPDIR="$dir" "$@" sh -c '
		sh -c "$4" & p=$!
		printf "{\"id\": \"%s\", \"status\": \"created\", \"pid\": %d, \"annotations\": {\"io.sandprint.record\": \"%s\"}}" "$3" $p "$2/p.json" |
			"$1" oci-hook
		echo $? >"$2/start.st"
		[ -p "$2/go" ] && echo go >"$2/go"
		printf "{\"id\": \"%s\", \"status\": \"stopped\", \"annotations\": {\"io.sandprint.record\": \"%s\"}}" "$3" "$2/p.json" |
			"$1" oci-hook
		echo $? >"$2/stop.st"' sh "$SP" "$dir" "$id" "$cmd"
}
# as_user NAME [WRAPPER...]: a container's two stages as user 65534.
as_user() {
	local name=$1 dir=$WORK/$1
	shift
	mkdir "$dir" && mkfifo "$dir/go" && chown -R 65534:65534 "$dir"
	cycle "$dir" sp-test-user "read x <'$dir/go'; exec /bin/true" "$@" 2>"$name.err"
	if [ "$(cat "$dir/start.st" "$dir/stop.st" 2>/dev/null | tr '\n' ' ')" = "0 0 " ] &&
	   [ -s "$dir/p.json" ] && [ -s "$dir/p.trace.json" ] &&
	   [ -d "$dir/sandprint-65534" ]; then
		ok "$name"
	else
		bad "$name" "status $(cat "$dir/start.st" "$dir/stop.st" 2>&1 | tr '\n' ' '): $(cat "$name.err" "$dir/p.json.log" 2>&1)"
	fi
}
scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)
if [ "$(id -u)" = 0 ] && [ "$scope" = 0 ] && command -v setpriv >/dev/null; then
	chmod 711 "$WORK"
	as_user hook_runs_as_a_user
	as_user hook_runs_as_root_of_a_user_namespace unshare -r
	# A container that starts again adds its run to the trace (podman
	# restart): the second start's ls is in the profile beside the first
	# start's calls; another container's start replaces the files.
	dir=$WORK/restart
	mkdir "$dir" && mkfifo "$dir/go" && chown -R 65534:65534 "$dir"
	cycle "$dir" sp-test-again "read x <'$dir/go'; exec /bin/true" 2>restart.err
	cycle "$dir" sp-test-again "read x <'$dir/go'; ls / >/dev/null" 2>>restart.err
	again=$(jq -c '[.container, .runs, ([.patterns[] | select(.syscall == "getdents64") | .runs] | unique)]' "$dir/p.trace.json" 2>&1)
	[ "$again" = '["sp-test-again",2,[1]]' ] &&
		jq -e '[.syscalls[].names[]] | index("getdents64")' "$dir/p.json" >/dev/null &&
		"$SP" show "$dir/p.trace.json" | grep -q '^  container sp-test-again, 2 starts recorded$' &&
		ok restarted_container_adds_its_run ||
		bad restarted_container_adds_its_run "$again: $(cat restart.err "$dir/p.json.log" 2>&1)"
	cycle "$dir" sp-test-other "read x <'$dir/go'; exec /bin/true" 2>>restart.err
	other=$(jq -c '[.container, .runs]' "$dir/p.trace.json" 2>&1)
	[ "$other" = '["sp-test-other",null]' ] &&
		ok other_container_replaces_the_trace ||
		bad other_container_replaces_the_trace "$other"
	# prestart returns once the ptrace recorder has said "ready" (every
	# thread of the first process seized and asked to stop): the first
	# calls of the workload the container execs once prestart is over (a
	# read, as a runtime's exec fifo, holds it until then) are recorded,
	# ld.so's access of /etc/ld.so.preload among them.  The recorder is
	# slow to start (a second on the lock of an earlier start's recorder,
	# still writing): prestart waits for it.
	dir=$WORK/first
	mkdir -p "$dir/sandprint-65534" && mkfifo "$dir/go" &&
		: >"$dir/sandprint-65534/sp-test-first.lock" &&
		chmod 700 "$dir/sandprint-65534" && chown -R 65534:65534 "$dir"
	# (The lock held before the hook starts: flock says so on a FIFO.)
	mkfifo "$WORK/held"
	flock "$dir/sandprint-65534/sp-test-first.lock" sh -c 'echo >"$0"; sleep 1' "$WORK/held" &
	locker=$!
	read -r _ <"$WORK/held"
	cycle "$dir" sp-test-first "read x <'$dir/go'; exec uname -s >'$dir/uname.out'" 2>first.err
	wait $locker
	[ "$(cat "$dir/start.st" "$dir/stop.st" 2>/dev/null | tr '\n' ' ')" = "0 0 " ] &&
		jq -e '[.patterns[] | select(.syscall == "access")] | length > 0' "$dir/p.trace.json" >/dev/null 2>&1 &&
		ok hook_start_records_the_first_calls_after_it ||
		bad hook_start_records_the_first_calls_after_it "$(cat first.err "$dir/p.json.log" 2>&1)"
	grep -q 'a user namespace' "$WORK/hook_runs_as_root_of_a_user_namespace/p.json.log" &&
		ok user_namespace_said_why_ptrace_records ||
		bad user_namespace_said_why_ptrace_records "$(cat "$WORK/hook_runs_as_root_of_a_user_namespace/p.json.log")"
fi
# --root DIR among the annotation's profile options: the recorder reads
# the container's paths under DIR, not its own root (here an empty
# directory: the workload's files are not there).  The option's word was
# read after the annotation's copy was freed: "--root : cannot read the
# files under it", and no profile.
if [ "$(id -u)" = 0 ]; then
	dir=$WORK/rootopt
	mkdir -p "$dir/empty" && mkfifo "$dir/go"
	sh -c 'read -r x <"$1"; exec /bin/true' sh "$dir/go" &
	p=$!
	printf '{"id": "sp-test-rootopt-%d", "status": "created", "pid": %d, "annotations": {"io.sandprint.record": "%s", "io.sandprint.via": "ptrace", "io.sandprint.profile-options": "--root %s"}}' \
		$$ $p "$dir/p.json" "$dir/empty" | "$SP" oci-hook 2>rootopt.err
	st=$?
	echo go >"$dir/go"
	wait $p
	printf '{"id": "sp-test-rootopt-%d", "status": "stopped", "annotations": {"io.sandprint.record": "%s"}}' \
		$$ "$dir/p.json" | "$SP" oci-hook 2>>rootopt.err
	st="$st $?"
	[ "$st" = "0 0" ] && [ -s "$dir/p.json" ] &&
		grep -Eq '[1-9][0-9]* files? not read' "$dir/p.json.log" &&
		! grep -q 'cannot read the files under it' "$dir/p.json.log" &&
		ok hook_root_option_reads_under_it ||
		bad hook_root_option_reads_under_it "status $st: $(cat rootopt.err "$dir/p.json.log" 2>&1)"
fi
# A container whose command never runs (podman run --rootfs R /no/such:
# crun cannot exec it once prestart is over): the runtime's calls alone
# are seen.  No trace or profile of nothing: the trace of the container's
# earlier starts stays as it was, and the log says why.  (An empty trace
# and a profile of nothing replaced them.)
# one_start DIR ID ANNOTATIONS CMD: a container's prestart, its command
# (sh runs CMD once DIR/go is written; the hook starts once sh runs, not
# the forked shell before it execs sh: its executable at prestart is the
# "runtime's"), its end, and poststop; st: the two stages' statuses,
# their messages in DIR.err.
one_start() {
	local dir=$1 id=$2 ann=$3 p
	sh -c 'echo >"$2"; read -r x <"$1"; '"$4" sh "$dir/go" "$dir/up" >/dev/null &
	p=$!
	read -r _ <"$dir/up"
	printf '{"id": "%s", "status": "created", "pid": %d, "annotations": {%s}}' \
		"$id" $p "$ann" | "$SP" oci-hook 2>"$dir.err"
	st=$?
	echo go >"$dir/go"
	wait $p
	printf '{"id": "%s", "status": "stopped", "annotations": {%s}}' \
		"$id" "$ann" | "$SP" oci-hook 2>>"$dir.err"
	st="$st $?"
}
if [ "$(id -u)" = 0 ]; then
	dir=$WORK/never
	mkdir -p "$dir" && mkfifo "$dir/go" "$dir/up"
	echo 'the earlier starts' >"$dir/p.trace.json"
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace"'
	one_start "$dir" "sp-test-never-$$" "$ann" 'exit 127'
	[ "$st" = "0 0" ] && [ "$(cat "$dir/p.trace.json")" = 'the earlier starts' ] &&
		[ ! -e "$dir/p.json" ] &&
		grep -q "container sp-test-never-$$: its command never ran" "$dir/p.json.log" &&
		ok hook_command_never_ran_writes_nothing ||
		bad hook_command_never_ran_writes_nothing "status $st: $(cat "$dir.err" "$dir/p.json.log" 2>&1; ls "$dir")"
	# poststop waits io.sandprint.poststop-wait seconds (here 1; 60 by
	# default) for the recorder, here still recording (the workload
	# waits on a FIFO): it says so in the log, with its status (Podman
	# shows neither poststop's output nor its status), and the profile
	# of an earlier start is not left at PROFILE meanwhile as if it were
	# this one's.  The recorder writes the profile when it ends.
	dir=$WORK/wait
	mkdir -p "$dir" && mkfifo "$dir/go" "$dir/end" "$dir/up"
	echo '{"earlier": "start"}' >"$dir/p.json"
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace"'
	sh -c 'echo >"$3"; read -r x <"$1"; read -r x <"$2"; exec uname -s' sh "$dir/go" "$dir/end" "$dir/up" >/dev/null &
	p=$!
	read -r _ <"$dir/up"
	printf '{"id": "sp-test-wait-%d", "status": "created", "pid": %d, "annotations": {%s}}' \
		$$ $p "$ann" | "$SP" oci-hook 2>wait.err
	st=$?
	echo go >"$dir/go"
	printf '{"id": "sp-test-wait-%d", "status": "stopped", "annotations": {%s, "io.sandprint.poststop-wait": "1"}}' \
		$$ "$ann" | "$SP" oci-hook 2>>wait.err
	st="$st $?"
	earlier=$(cat "$dir/p.json" 2>/dev/null)
	echo end >"$dir/end"
	wait $p
	# Without a bound of its own: until the recorder has ended.
	printf '{"id": "sp-test-wait-%d", "status": "stopped", "annotations": {%s, "io.sandprint.poststop-wait": "86400"}}' \
		$$ "$ann" | "$SP" oci-hook 2>>wait.err
	st="$st $?"
	[ "$st" = "0 2 0" ] && [ -z "$earlier" ] &&
		grep -q "container sp-test-wait-$$: the recorder is still running after 1 s; not waiting longer .*: $dir/p.json is written when it ends" "$dir/p.json.log" &&
		jq -e '[.syscalls[].names[]] | index("uname")' "$dir/p.json" >/dev/null 2>&1 &&
		ok poststop_gives_up_clearly_and_no_earlier_profile_stays ||
		bad poststop_gives_up_clearly_and_no_earlier_profile_stays "status $st, PROFILE meanwhile: '$earlier': $(cat wait.err "$dir/p.json.log" 2>&1)"
	# Two containers recorded at the same time into the same files (a
	# pod's annotation, which `podman kube play` gives each of its
	# containers): the profile is both's, each a run of the trace (the
	# last to end replaced the other's recording).  A container recorded
	# after them into the same files replaces them.
	dir=$WORK/pod
	mkdir -p "$dir" && mkfifo "$dir/go1" "$dir/go2" "$dir/up"
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace"'
	for i in 1 2; do
		sh -c 'echo >"$2"; read -r x <"$1"; exec "$3" "$4"' sh "$dir/go$i" "$dir/up" \
			"$([ $i = 1 ] && echo uname || echo ls)" "$([ $i = 1 ] && echo -s || echo /)" >/dev/null &
		eval "p$i=\$!"
		read -r _ <"$dir/up"
		printf '{"id": "sp-test-pod%d-%d", "status": "created", "pid": %d, "annotations": {%s}}' \
			$i $$ "$(eval echo "\$p$i")" "$ann" | "$SP" oci-hook 2>>pod.err
		echo $? >>"$dir/st"
	done
	for i in 1 2; do
		echo go >"$dir/go$i"
		wait "$(eval echo "\$p$i")"
		printf '{"id": "sp-test-pod%d-%d", "status": "stopped", "annotations": {%s}}' \
			$i $$ "$ann" | "$SP" oci-hook 2>>pod.err
		echo $? >>"$dir/st"
	done
	both=$(jq -c '[.runs, ([.patterns[].syscall] | [index("uname") != null, index("getdents64") != null])]' "$dir/p.trace.json" 2>&1)
	[ "$(tr '\n' ' ' <"$dir/st")" = "0 0 0 0 " ] && [ "$both" = '[2,[true,true]]' ] &&
		jq -e '[.syscalls[].names[]] | index("getdents64") and index("uname")' "$dir/p.json" >/dev/null 2>&1 &&
		grep -q "container sp-test-pod2-$$: recorded at the same time as container sp-test-pod1-$$ into $dir/p.trace.json" "$dir/p.json.log" &&
		ok containers_recorded_at_once_into_one_profile_are_both_in_it ||
		bad containers_recorded_at_once_into_one_profile_are_both_in_it "status $(tr '\n' ' ' <"$dir/st"), $both: $(cat pod.err "$dir/p.json.log" 2>&1)"
	# Their log is both's: each recorder said at its start that it has
	# no root to read (these have no bundle), the second's start did not
	# begin the log anew over the first's words.
	[ "$(grep -c "the container's root file system cannot be read" "$dir/p.json.log")" = 2 ] &&
		ok pod_log_keeps_each_containers_words ||
		bad pod_log_keeps_each_containers_words "$(cat "$dir/p.json.log" 2>&1)"
	# One of the pod's containers starts again (a restart policy): its
	# run joins the pod's trace, which names both containers, and the
	# pod's profile stays while it records (the other's next start reads
	# it) and keeps the other's calls.  (The trace named the first
	# container only: the second's start replaced the pod's recording.)
	mkfifo "$dir/go"
	sh -c 'echo >"$2"; read -r x <"$1"; exec sleep 0.01' sh "$dir/go" "$dir/up" >/dev/null &
	p=$!
	read -r _ <"$dir/up"
	printf '{"id": "sp-test-pod2-%d", "status": "created", "pid": %d, "annotations": {%s}}' \
		$$ $p "$ann" | "$SP" oci-hook 2>>pod.err
	st=$?
	kept=$(jq -e '[.syscalls[].names[]] | index("uname") != null' "$dir/p.json" 2>&1)
	echo go >"$dir/go"
	wait $p
	printf '{"id": "sp-test-pod2-%d", "status": "stopped", "annotations": {%s}}' \
		$$ "$ann" | "$SP" oci-hook 2>>pod.err
	st="$st $?"
	again=$(jq -c '[.runs, .container]' "$dir/p.trace.json" 2>&1)
	[ "$st" = "0 0" ] && [ "$kept" = true ] &&
		[ "$again" = "[3,[\"sp-test-pod1-$$\",\"sp-test-pod2-$$\"]]" ] &&
		jq -e '[.syscalls[].names[]] | index("uname") and index("getdents64") and index("clock_nanosleep")' "$dir/p.json" >/dev/null 2>&1 &&
		"$SP" show "$dir/p.trace.json" | grep -qx "  containers sp-test-pod1-$$, sp-test-pod2-$$, 3 runs recorded (their starts, each a run; the command is the first one's)" &&
		ok pod_container_started_again_joins_the_pods_recording ||
		bad pod_container_started_again_joins_the_pods_recording "status $st, profile kept: $kept, $again: $(cat pod.err "$dir/p.json.log" 2>&1 | tail -n 5)"
	# The pod's profile is the union of the last one's run and the
	# profile the pod's recorders left (--root: the union's way, as with
	# a bundle's root), each rule's comment naming the containers it came
	# from.  Three containers (ids of 210 bytes: a lock file's name fits), the
	# third started again: the pod's profile it reads is the three's, its
	# own first run's ls among them.  (It was labelled the two others',
	# their ids cut at 512 bytes.)
	dir=$WORK/label
	mkdir -p "$dir" && mkfifo "$dir/go" "$dir/up"
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace", "io.sandprint.profile-options": "--root /"'
	long=$(printf 'x%.0s' $(seq 200))
	for i in 1 2 3; do
		mkfifo "$dir/go$i" "$dir/up$i"
		sh -c 'echo >"$2"; read -r x <"$1"; exec "$3" "$4"' sh "$dir/go$i" "$dir/up$i" \
			"$([ $i = 3 ] && echo ls || echo uname)" "$([ $i = 3 ] && echo / || echo -s)" >/dev/null &
		eval "p$i=\$!"
		read -r _ <"$dir/up$i"
		printf '{"id": "sp-%s-%d-%d", "status": "created", "pid": %d, "annotations": {%s}}' \
			"$long" $i $$ "$(eval echo "\$p$i")" "$ann" | "$SP" oci-hook 2>>label.err
		echo $? >>"$dir/st"
	done
	for i in 1 2 3; do
		echo go >"$dir/go$i"
		wait "$(eval echo "\$p$i")"
		printf '{"id": "sp-%s-%d-%d", "status": "stopped", "annotations": {%s}}' \
			"$long" $i $$ "$ann" | "$SP" oci-hook 2>>label.err
		echo $? >>"$dir/st"
	done
	one_start "$dir" "sp-$long-3-$$" "$ann" 'exec true'
	echo "$st" >>"$dir/st"
	ids="sp-$long-1-$$, sp-$long-2-$$, sp-$long-3-$$"
	label=$(jq -r '.syscalls[] | select(.names | index("getdents64")) | .comment' "$dir/p.json" 2>&1)
	[ "$(tr '\n' ' ' <"$dir/st")" = "0 0 0 0 0 0 0 0 " ] &&
		[ "$(jq -r .runs "$dir/p.trace.json")" = 4 ] &&
		[ "${label#"sandprint: recorded: in 1 of 2 profiles ($ids); "}" != "$label" ] &&
		ok pod_profile_rules_name_the_containers_they_came_from ||
		bad pod_profile_rules_name_the_containers_they_came_from "status $(tr '\n' ' ' <"$dir/st"): $(printf '%s' "$label" | head -c 300): $(cat label.err "$dir/p.json.log" 2>&1 | tail -n 5)"
	# One of a pod's containers ends, and starts again while another one
	# still records: its trace names it alone, yet the profile it left
	# stays, for the other's recorder reads it back (its start removed
	# it, and the other's profile read the first one's files under its
	# own root, "No such file or directory" in the log).
	dir=$WORK/stays
	mkdir -p "$dir" && mkfifo "$dir/go1" "$dir/go2" "$dir/go" "$dir/up"
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace", "io.sandprint.profile-options": "--root /"'
	for i in 1 2; do
		sh -c 'echo >"$2"; read -r x <"$1"; exec "$3" "$4"' sh "$dir/go$i" "$dir/up" \
			"$([ $i = 1 ] && echo uname || echo ls)" "$([ $i = 1 ] && echo -s || echo /)" >/dev/null &
		eval "p$i=\$!"
		read -r _ <"$dir/up"
		printf '{"id": "sp-test-stays%d-%d", "status": "created", "pid": %d, "annotations": {%s}}' \
			$i $$ "$(eval echo "\$p$i")" "$ann" | "$SP" oci-hook 2>>stays.err
		echo $? >>"$dir/st"
	done
	echo go >"$dir/go1"
	wait $p1
	printf '{"id": "sp-test-stays1-%d", "status": "stopped", "annotations": {%s}}' \
		$$ "$ann" | "$SP" oci-hook 2>>stays.err
	echo $? >>"$dir/st"
	# Its start again, to its end; the other's end meanwhile.
	sh -c 'echo >"$2"; read -r x <"$1"; exec true' sh "$dir/go" "$dir/up" >/dev/null &
	p=$!
	read -r _ <"$dir/up"
	printf '{"id": "sp-test-stays1-%d", "status": "created", "pid": %d, "annotations": {%s}}' \
		$$ $p "$ann" | "$SP" oci-hook 2>>stays.err
	echo $? >>"$dir/st"
	kept=$(jq -e '[.syscalls[].names[]] | index("uname") != null' "$dir/p.json" 2>&1)
	for i in 2 ""; do
		echo go >"$dir/go$i"
		wait "$(eval echo "\$p$i")"
		printf '{"id": "sp-test-stays%s-%d", "status": "stopped", "annotations": {%s}}' \
			"${i:-1}" $$ "$ann" | "$SP" oci-hook 2>>stays.err
		echo $? >>"$dir/st"
	done
	[ "$(tr '\n' ' ' <"$dir/st")" = "0 0 0 0 0 0 " ] && [ "$kept" = true ] &&
		! grep -q 'the profile .* of containers' "$dir/p.json.log" &&
		jq -e '[.syscalls[].names[]] | index("uname") and index("getdents64")' "$dir/p.json" >/dev/null 2>&1 &&
		ok pod_profile_stays_while_another_container_records ||
		bad pod_profile_stays_while_another_container_records "status $(tr '\n' ' ' <"$dir/st"), kept $kept: $(cat stays.err "$dir/p.json.log" 2>&1 | tail -n 6)"
	# A pod's init container ends before its other containers start
	# (podman kube play's initContainers; a one-shot member of a pod):
	# they are recorded into the same files after it, not at the same
	# time, yet the pod's profile is its too, for the pod's seccomp
	# profile is every container's.  The pod is the one Podman and CRI-O
	# name to the runtime (io.kubernetes.cri-o.SandboxID); a container
	# of another pod recorded after them replaces them.  (The init
	# container's recording was replaced by the next one's, and under
	# the pod's profile the init container was killed: the shell's
	# vfork.)
	dir=$WORK/podinit
	mkdir -p "$dir" && mkfifo "$dir/go" "$dir/up"
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace", "io.kubernetes.cri-o.SandboxID": "sp-test-pod-'$$'"'
	one_start "$dir" "sp-test-init-$$" "$ann" 'exec ls /'
	echo "$st" >"$dir/st"
	one_start "$dir" "sp-test-app-$$" "$ann" 'exec uname -s'
	echo "$st" >>"$dir/st"
	both=$(jq -c '[.runs, .container, .pod]' "$dir/p.trace.json" 2>&1)
	[ "$(tr '\n' ' ' <"$dir/st")" = "0 0 0 0 " ] &&
		[ "$both" = "[2,[\"sp-test-init-$$\",\"sp-test-app-$$\"],\"sp-test-pod-$$\"]" ] &&
		jq -e '[.syscalls[].names[]] | index("getdents64")' "$dir/p.json" >/dev/null &&
		grep -q "container sp-test-app-$$: started in pod sp-test-pod-$$, where container sp-test-init-$$ was recorded" "$dir/p.json.log" &&
		"$SP" show "$dir/p.trace.json" | grep -qx "  containers sp-test-init-$$, sp-test-app-$$, 2 runs recorded (their starts, each a run; the command is the first one's), in pod sp-test-pod-$$" &&
		"$SP" show --format html "$dir/p.trace.json" | grep -q "^<p>containers sp-test-init-$$, sp-test-app-$$, 2 runs recorded .*, in pod sp-test-pod-$$</p>$" &&
		ok pod_init_container_ended_before_the_others_is_in_the_pods_profile ||
		bad pod_init_container_ended_before_the_others_is_in_the_pods_profile "status $(tr '\n' ' ' <"$dir/st"), $both: $(cat "$dir.err" "$dir/p.json.log" 2>&1 | tail -n 5)"
	ann2=${ann/sp-test-pod-$$/sp-test-other-$$}
	one_start "$dir" "sp-test-next-$$" "$ann2" 'exec uname -s'
	next=$(jq -c '[.runs, .container, .pod]' "$dir/p.trace.json" 2>&1)
	[ "$st" = "0 0" ] && [ "$next" = "[null,\"sp-test-next-$$\",\"sp-test-other-$$\"]" ] &&
		ok container_of_another_pod_replaces_the_pods_recording ||
		bad container_of_another_pod_replaces_the_pods_recording "status $st, $next: $(cat "$dir.err" "$dir/p.json.log" 2>&1 | tail -n 3)"
	# The annotation's -f and --root are read when the recorder writes,
	# long after the options were parsed (their words had been freed by
	# then: "unknown format" and no profile, or a root of garbage).
	dir=$WORK/fmt
	mkdir -p "$dir" && mkfifo "$dir/go" "$dir/up"
	ann='"io.sandprint.record": "'$dir/p.yaml'", "io.sandprint.via": "ptrace", "io.sandprint.profile-options": "-f k8s --root /"'
	one_start "$dir" "sp-test-fmt-$$" "$ann" 'exec uname -s'
	[ "$st" = "0 0" ] && grep -qx 'kind: SeccompProfile' "$dir/p.yaml" 2>/dev/null &&
		grep -q '^    - "uname"$' "$dir/p.yaml" &&
		grep -q 'static analysis of [1-9][0-9]* files' "$dir/p.yaml.log" &&
		! grep -q 'not read' "$dir/p.yaml.log" &&
		ok annotation_format_and_root_hold_until_the_profile_is_written ||
		bad annotation_format_and_root_hold_until_the_profile_is_written "status $st: $(cat "$dir.err" "$dir/p.yaml.log" 2>&1)"
	# What the files are is the user's, as for every output: a PROFILE
	# that is a device (/dev/null: a trace alone wanted; here a null
	# device of the test's own) is written through, not removed as an
	# earlier profile (the hook, root, unlinked it and left a file
	# there); a TRACE that is a FIFO is written into, never read back
	# as an earlier recording (its open held the recorder, and the
	# container's start failed after 10 s: "did not attach").
	dir=$WORK/kinds
	mkdir -p "$dir" && mkfifo "$dir/go" "$dir/up" "$dir/t.json"
	if mknod "$dir/null" c 1 3 2>/dev/null; then
		# (The reader's bound is for a recorder that never writes.)
		timeout 60 cat "$dir/t.json" >"$dir/t.out" &
		reader=$!
		ann='"io.sandprint.record": "'$dir/null'", "io.sandprint.trace": "'$dir/t.json'", "io.sandprint.via": "ptrace"'
		one_start "$dir" "sp-test-kinds-$$" "$ann" 'exec uname -s'
		[ "${st%% *}" = 0 ] || kill $reader 2>/dev/null
		wait $reader
		[ "$st" = "0 0" ] && [ -c "$dir/null" ] && [ -p "$dir/t.json" ] &&
			jq -e '[.patterns[].syscall] | index("uname")' "$dir/t.out" >/dev/null 2>&1 &&
			ok hook_writes_through_a_device_and_a_fifo ||
			bad hook_writes_through_a_device_and_a_fifo "status $st: $(ls -l "$dir"; cat "$dir.err" "$dir/t.json.log" 2>&1)"
		# The log beside the trace: a PROFILE of /dev/null put it
		# in /dev (null.log), the one log of every container
		# recorded for its trace alone.
		[ ! -e "$dir/null.log" ] && [ -f "$dir/t.json.log" ] &&
			grep -q "container sp-test-kinds-$$: [0-9]* calls" "$dir/t.json.log" &&
			ok hook_log_beside_the_trace_where_the_profile_is_a_device ||
			bad hook_log_beside_the_trace_where_the_profile_is_a_device "$(ls "$dir")"
		# A device with no trace named: refused, not a trace and a
		# log beside it (in /dev, for /dev/null).
		hook device_profile_without_a_trace_refused 2 \
			"io.sandprint.record=$dir/null: a device; name the trace with io.sandprint.trace" \
			"$(state "$dir/null")"
		[ ! -e "$dir/null.trace.json" ] && [ ! -e "$dir/null.trace.json.log" ] &&
			ok device_profile_without_a_trace_writes_nothing_beside_it ||
			bad device_profile_without_a_trace_writes_nothing_beside_it "$(ls "$dir")"
	else
		echo "ocihook: mknod refused here: the device case skipped" >&2
	fi
	# A PROFILE that is a link: its target is the profile, the link stays
	# (the link was removed as the earlier profile, a file put in its
	# place, the target left with the earlier start's profile).
	dir=$WORK/link
	mkdir -p "$dir" && mkfifo "$dir/go" "$dir/up"
	echo '{"earlier": "start"}' >"$dir/real.json"
	ln -s real.json "$dir/p.json"
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace"'
	one_start "$dir" "sp-test-link-$$" "$ann" 'exec uname -s'
	[ "$st" = "0 0" ] && [ -L "$dir/p.json" ] &&
		jq -e '[.syscalls[].names[]] | index("uname")' "$dir/real.json" >/dev/null 2>&1 &&
		ok hook_profile_through_a_link_keeps_the_link ||
		bad hook_profile_through_a_link_keeps_the_link "status $st: $(ls -l "$dir"; cat "$dir.err" "$dir/p.json.log" 2>&1)"
	# A PROFILE that is a file bound there (a mount of its own, here in a
	# mount namespace of the test's): the earlier start's profile is
	# emptied while the container records, not left as if it were this
	# one's, and the profile written in place (it could be neither
	# removed nor renamed over: "Device or resource busy" in the log,
	# the earlier profile left, and no profile of this start).
	# So too beneath --output-under (the file bound there is the
	# administrator's; a link or FIFO put in its place is refused).
	for under in "" confined; do
		dir=$WORK/bound$under
		name=hook_profile_bound_there_emptied_then_written_in_place${under:+_$under}
		mkdir -p "$dir" && mkfifo "$dir/go" "$dir/up"
		echo '{"earlier": "start"}' >"$dir/p.json"
		out=$(SP=$SP unshare -m --propagation private bash -c '
			dir=$1
			set -- ${2:+--output-under "$dir"}
			mount --bind "$dir/p.json" "$dir/p.json" || exit 99
			ann="\"io.sandprint.record\": \"$dir/p.json\", \"io.sandprint.via\": \"ptrace\""
			sh -c "echo >\"\$2\"; read -r x <\"\$1\"; exec uname -s" sh "$dir/go" "$dir/up" >/dev/null &
			p=$!
			read -r _ <"$dir/up"
			printf "{\"id\": \"sp-test-bound-%d\", \"status\": \"created\", \"pid\": %d, \"annotations\": {%s}}" \
				$$ $p "$ann" | "$SP" oci-hook "$@" 2>&1
			st=$?
			echo "meanwhile [$(cat "$dir/p.json")]"
			echo go >"$dir/go"
			wait $p
			printf "{\"id\": \"sp-test-bound-%d\", \"status\": \"stopped\", \"annotations\": {%s}}" \
				$$ "$ann" | "$SP" oci-hook "$@" 2>&1
			echo "status $st $?"
			jq -e "[.syscalls[].names[]] | index(\"uname\")" "$dir/p.json" >/dev/null && echo written
			mountpoint -q "$dir/p.json" && echo bound' sh "$dir" "$under")
		[ "$out" = "meanwhile []
status 0 0
written
bound" ] && ! grep -q 'busy' "$dir/p.json.log" &&
			ok "$name" || bad "$name" "$out: $(cat "$dir/p.json.log" 2>&1)"
	done
fi
hook poststop_wait_not_seconds 2 'io.sandprint.poststop-wait=1m: expected seconds, 1 to 86400' \
	'{"id": "c1", "status": "stopped", "annotations": {"io.sandprint.record": "'"$WORK"'/p.json", "io.sandprint.poststop-wait": "1m"}}'
hook poststop_wait_checked_at_start 2 'io.sandprint.poststop-wait=0: expected seconds' \
	'{"id": "c1", "status": "created", "pid": 1, "annotations": {"io.sandprint.record": "'"$WORK"'/p.json", "io.sandprint.poststop-wait": "0"}}'
hook profile_path_too_long 2 'io.sandprint.record: File name too long' \
	"$(state "/$(printf 'a/%.0s' $(seq 2100))p.json")"
# --output-under DIR (the hooks.d entry's args, the administrator's):
# the hook, root, writes where the annotations say, which under CRI-O
# anyone who may create a pod sets; confined, every output is beneath a
# DIR, looked up without a link or "..", else the container is refused
# at prestart and nothing is written.  (A link planted in a directory
# the annotation's writer controls made root write /etc/anything.)
mkdir -p under/sub also elsewhere victimdir tmpdir
echo keep >victim
ln -s "$WORK/victimdir" under/etc
ln -s ../elsewhere under/up
ln -s "$WORK/victim" under/v.json
ln -s "$WORK/victim" under/q.json.log
ln victim under/h.json.log
mkfifo under/f.json
HOOK_ARGS=(--output-under "$WORK/also" --output-under "$WORK/under/")
for c in "outside elsewhere/p.json not under a directory outputs are confined to" \
	 "absolute_link_on_the_way under/etc/p.json a link on the way" \
	 "relative_link_leaving under/up/p.json a link on the way" \
	 "dot_dot under/../elsewhere/p.json a \"..\" or \".\" in it" \
	 "profile_a_link under/v.json a link" \
	 "log_a_link under/q.json a link (the log," \
	 "fifo under/f.json not a regular file"; do
	set -- $c
	name=$1 path=$WORK/$2
	shift 2
	hook "output_under_refuses_$name" 2 "$path.*: $* .*--output-under: $WORK/also, $WORK/under/)" \
		"$(state "$path")"
done
# The log is begun anew in place: a hard link there to another file
# would be that file emptied.
hook output_under_refuses_log_a_hard_link 2 "$WORK/under/h.json.log: Too many links (the recorder's log)" \
	"$(state "$WORK/under/h.json")"
[ "$(cat victim)" = keep ] && [ -z "$(ls -A victimdir)$(ls -A elsewhere)" ] &&
	ok output_under_refused_writes_nothing ||
	bad output_under_refused_writes_nothing "victim [$(cat victim)], $(ls -A victimdir elsewhere)"
# The trace's refusal is in the log (the profile's own is beside it).
hook output_under_refuses_the_trace 2 "/etc/t.json: not under a directory outputs are confined to (io.sandprint.trace" \
	"$(state "$WORK/under/p.json" /etc/t.json)"
grep -q '/etc/t.json: not under' under/p.json.log &&
	ok output_under_trace_refusal_in_the_log ||
	bad output_under_trace_refusal_in_the_log "$(cat under/p.json.log 2>&1)"
HOOK_ARGS=()
# A Kubernetes pod's annotation (the kubelet's pod uid is set: CRI-O
# hands its author's annotations on) is refused where the entry does
# not confine the outputs: the pod's author would choose what root
# writes.  Nothing is written.  (Confined, it is recorded: below.)
# Each of its marks alone: the kubelet's pod uid, and CRI-O's own two
# on every container it creates.
mkdir k8s
for mark in io.kubernetes.pod.uid io.kubernetes.cri-o.Labels io.kubernetes.cri-o.Annotations; do
	hook "kubernetes_pod_refused_unless_outputs_confined_by_$mark" 2 \
		"io.sandprint.record=$WORK/k8s/p.json: a Kubernetes pod's annotation ($mark is set).*--output-under DIR" \
		'{"id": "c1", "status": "created", "pid": 1, "annotations": {"io.sandprint.record": "'$WORK/k8s/p.json'", "'$mark'": "{}"}}'
done
[ -z "$(ls -A k8s)" ] && ok kubernetes_pod_refused_writes_nothing ||
	bad kubernetes_pod_refused_writes_nothing "$(ls -A k8s)"
# The administrator's mistake is said at every start, not taken for
# "anywhere".
checked=ok
for c in "relative under: not an absolute path" \
	 "$WORK/none: No such file or directory" "$WORK/victim: Not a directory"; do
	"$SP" oci-hook --output-under "${c%%: *}" </dev/null >/dev/null 2>err.txt
	st=$?
	[ $st = 2 ] && grep -qF -- "--output-under $c" err.txt ||
		checked="$st: $(cat err.txt)"
done
[ "$checked" = ok ] && ok output_under_dir_checked ||
	bad output_under_dir_checked "$checked"
# Confined, the files are written beneath DIR (here a directory under
# it); one planted meanwhile, a link where the trace goes, is not
# followed: the profile is written, the trace kept in $TMPDIR (said in
# the log), the link's target untouched.
if [ "$(id -u)" = 0 ]; then
	dir=$WORK/under/sub
	mkfifo "$dir/go" "$dir/up"
	# (A Kubernetes pod's: confined, it is recorded.)
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace", "io.kubernetes.pod.uid": "5e1c0d2a-0000-4000-8000-000000000002"'
	sh -c 'echo >"$2"; read -r x <"$1"; exec uname -s' sh "$dir/go" "$dir/up" >/dev/null &
	p=$!
	read -r _ <"$dir/up"
	printf '{"id": "sp-test-under-%d", "status": "created", "pid": %d, "annotations": {%s}}' \
		$$ $p "$ann" | TMPDIR=$WORK/tmpdir "$SP" oci-hook --output-under "$WORK/under" 2>under.err
	st=$?
	ln -s "$WORK/victim" "$dir/p.trace.json"
	echo go >"$dir/go"
	wait $p
	printf '{"id": "sp-test-under-%d", "status": "stopped", "annotations": {%s}}' \
		$$ "$ann" | "$SP" oci-hook --output-under "$WORK/under" 2>>under.err
	st="$st $?"
	[ "$st" = "0 0" ] && [ "$(cat victim)" = keep ] && [ -L "$dir/p.trace.json" ] &&
		jq -e '[.syscalls[].names[]] | index("uname")' "$dir/p.json" >/dev/null &&
		grep -q "cannot write $dir/p.trace.json: Too many levels of symbolic links" "$dir/p.json.log" &&
		ok output_under_written_beneath_a_link_planted_meanwhile_not_followed ||
		bad output_under_written_beneath_a_link_planted_meanwhile_not_followed "status $st: $(cat under.err "$dir/p.json.log" 2>&1; cat victim)"
fi
# The log is the outputs' owner's to read, and to lock: a shared flock
# held on it does not hold the recorder (whose turn among the recorders
# into the same files is a lock of the hook's own), which writes the
# profile and ends while it is held.
if [ "$(id -u)" = 0 ]; then
	dir=$WORK/under/locked
	mkdir -p "$dir"
	mkfifo "$dir/go" "$dir/up"
	ann='"io.sandprint.record": "'$dir/p.json'", "io.sandprint.via": "ptrace", "io.sandprint.poststop-wait": "30"'
	sh -c 'echo >"$2"; read -r x <"$1"; exec uname -s' sh "$dir/go" "$dir/up" >/dev/null &
	p=$!
	read -r _ <"$dir/up"
	printf '{"id": "sp-test-locked-%d", "status": "created", "pid": %d, "annotations": {%s}}' \
		$$ $p "$ann" | "$SP" oci-hook --output-under "$WORK/under" 2>locked.err
	st=$?
	exec 9<"$dir/p.json.log"
	flock -s 9
	echo go >"$dir/go"
	wait $p
	printf '{"id": "sp-test-locked-%d", "status": "stopped", "annotations": {%s}}' \
		$$ "$ann" | "$SP" oci-hook --output-under "$WORK/under" 2>>locked.err
	st="$st $?"
	[ "$st" = "0 0" ] &&
		jq -e '[.syscalls[].names[]] | index("uname")' "$dir/p.json" >/dev/null &&
		ok hook_log_locked_by_its_reader_does_not_hold_the_recorder ||
		bad hook_log_locked_by_its_reader_does_not_hold_the_recorder "status $st: $(cat locked.err "$dir/p.json.log" 2>&1)"
	exec 9<&-
fi
# The container's own root file system, read by the static analysis: a
# link in it to a host path (its /usr/bin/true a link to /usr/bin/true,
# which the host has and it has not) names the container's file, never
# the host's, read as root: as many files analysed as under an empty root.
if [ "$(id -u)" = 0 ]; then
	not_read() { # DIR: the hook's cycle with bundle DIR; files analysed
		local dir=$1 p
		mkfifo "$dir/go" "$dir/up"
		printf '{"process": {"args": ["/usr/bin/true"], "cwd": "/"}, "root": {"path": "rootfs"}}' >"$dir/config.json"
		sh -c 'echo >"$2"; read -r x <"$1"; exec /usr/bin/true' sh "$dir/go" "$dir/up" &
		p=$!
		read -r _ <"$dir/up"
		printf '{"id": "sp-test-rootlink-%d", "status": "created", "pid": %d, "bundle": "%s", "annotations": {"io.sandprint.record": "%s/p.json", "io.sandprint.via": "ptrace"}}' \
			$$ $p "$dir" "$dir" | "$SP" oci-hook 2>>rootlink.err
		echo go >"$dir/go"
		wait $p
		printf '{"id": "sp-test-rootlink-%d", "status": "stopped", "annotations": {"io.sandprint.record": "%s/p.json"}}' \
			$$ "$dir" | "$SP" oci-hook 2>>rootlink.err
		grep -Eo 'static analysis of [0-9]+ files?' "$dir/p.json.log"
	}
	mkdir -p rootlink/rootfs/usr/bin rootempty/rootfs rootcopy/rootfs/usr/bin
	ln -s /usr/bin/true rootlink/rootfs/usr/bin/true
	cp /usr/bin/true rootcopy/rootfs/usr/bin/true
	linked=$(not_read "$WORK/rootlink") empty=$(not_read "$WORK/rootempty")
	copied=$(not_read "$WORK/rootcopy")
	# (A copy of it there is read: one file more.)
	[ -n "$empty" ] && [ "$linked" = "$empty" ] && [ "$copied" != "$empty" ] &&
		ok hook_link_in_the_container_root_stays_inside ||
		bad hook_link_in_the_container_root_stays_inside "[$linked] vs [$empty], a copy [$copied]: $(cat rootlink.err rootlink/p.json.log 2>&1)"
fi
# poststop of a container no recorder runs for: nothing to wait for.
hook poststop_without_recorder 0 '' \
	'{"id": "sp-test-no-such-container", "status": "stopped", "annotations": {"io.sandprint.record": "'"$WORK"'/p.json"}}'
"$SP" oci-hook extra </dev/null >/dev/null 2>err.txt
[ $? = 2 ] && grep -q 'no arguments' err.txt && ok arguments_refused ||
	bad arguments_refused "$(cat err.txt)"

sp_end
