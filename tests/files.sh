#!/bin/bash
# files.sh - what sandprint does to the files a user names, as root, on
# the command line: outputs that are devices, symlinks, FIFOs or
# descriptors are written, never replaced; inputs that are pipes or
# endless devices are read once and bounded.  The devices written to are
# made in the work directory (a tmpfs mounted at dev/ in a private mount
# namespace); no output goes to the host's /dev.
#
# Usage: files.sh SANDPRINT PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
if [ "$(id -u)" != 0 ]; then
	echo "files: needs root; skipping" >&2
	exit 77
fi
sp_begin files
# in_private_dev SCRIPT: runs SCRIPT with bash in WORK, in a new mount
# namespace where WORK/dev is a fresh tmpfs holding the devices null,
# full and zero and the links fd and stdout, as /dev has them (sandprint
# tells them by what they are, not by their names); SP and WORK are
# exported.
in_private_dev() {
	mkdir -p "$WORK/dev" || exit 2
	SP=$SP WORK=$WORK unshare -m --propagation private bash -c '
		cd "$WORK" || exit 99
		mount -t tmpfs -o mode=755 sp-dev dev || exit 99
		mknod -m 666 dev/null c 1 3 && mknod -m 666 dev/full c 1 7 &&
			mknod -m 666 dev/zero c 1 5 || exit 99
		ln -s /proc/self/fd dev/fd && ln -s /proc/self/fd/1 dev/stdout
		'"$1"
}

"$SP" record -q -o t.json -- "$PROGS/exitcode" 0 || bad record "status $?"
"$SP" profile -o p.json t.json || bad profile "status $?"

# --- outputs: devices written in place, never replaced ---------------------
out=$(in_private_dev '
	"$SP" profile -o dev/null t.json; echo "status=$?"
	stat -c "%F %t:%T" dev/null')
case $out in
*"status=0"*"character special file 1:3") ok dev_null_output_keeps_the_device ;;
*) bad dev_null_output_keeps_the_device "$out" ;;
esac
out=$(in_private_dev '
	"$SP" profile -o dev/full t.json 2>&1; echo "status=$?"
	stat -c "%F" dev/full')
case $out in
*"cannot write dev/full: No space left on device"*"status=2"*"character special file") ok dev_full_output_fails_clearly ;;
*) bad dev_full_output_fails_clearly "$out" ;;
esac
# A link to /proc/self/fd/1 (what /dev/stdout is) leading to a regular
# file opened for appending: appended to, as a shell would, the file
# neither replaced nor truncated.
echo "first line" >log.txt
in_private_dev '"$SP" profile -o dev/stdout t.json >>log.txt'
expect_status dev_stdout_output $? 0
{ [ "$(head -1 log.txt)" = "first line" ] && jq -e .defaultAction <(tail -n +2 log.txt) >/dev/null; } &&
	ok dev_stdout_appends || bad dev_stdout_appends "$(head -c 200 log.txt)"
# Checks to stdout on a full device: a message and 2, not a silent 1.
out=$(in_private_dev '"$SP" check --profile p.json t.json 2>&1 >dev/full; echo "status=$?"' 2>&1)
echo "$out" | grep -q "cannot write standard output: No space left on device" &&
	echo "$out" | grep -q "status=2" && ok check_to_dev_full_fails_clearly ||
	bad check_to_dev_full_fails_clearly "$out"
# A profile to stdout (-o -, the default) on a full device, likewise.
out=$(in_private_dev '"$SP" profile t.json 2>&1 >dev/full; echo "status=$?"' 2>&1)
echo "$out" | grep -q "cannot write standard output: No space left on device" &&
	echo "$out" | grep -q "status=2" && ok profile_to_dev_full_fails_clearly ||
	bad profile_to_dev_full_fails_clearly "$out"
# --help and --version too (a packager's script piping them).
out=$(in_private_dev '"$SP" --help 2>&1 >dev/full; echo "status=$?"; "$SP" --version 2>&1 >dev/full; echo "status=$?"' 2>&1)
[ "$(echo "$out" | grep -c "cannot write standard output: No space left on device")" = 2 ] &&
	[ "$(echo "$out" | grep -c "status=2")" = 2 ] && ok help_to_dev_full_fails_clearly ||
	bad help_to_dev_full_fails_clearly "$out"
# A report of more than stdio's buffer (diff's 27 kB, show's 14 kB)
# fails while being written: the device's own error, said once, not EIO.
cp "$HERE/../testdata/profiles/diff-base.json" "$HERE/../testdata/profiles/moby-default.json" \
	"$HERE/../testdata/golden/trace.json" .
out=$(in_private_dev '"$SP" diff diff-base.json moby-default.json 2>&1 >dev/full; echo "status=$?"
	"$SP" show trace.json 2>&1 >dev/full; echo "status=$?"' 2>&1)
[ "$(echo "$out" | grep -c "^sandprint: cannot write")" = 2 ] &&
	[ "$(echo "$out" | grep -c "cannot write standard output: No space left on device")" = 2 ] &&
	[ "$(echo "$out" | grep -c "status=2")" = 2 ] && ok reports_to_dev_full_say_no_space ||
	bad reports_to_dev_full_say_no_space "$out"

# A symlink: its target is written, the link stays; a FIFO stays a FIFO.
mkdir real && echo old >real/p.json && chmod 600 real/p.json && ln -s real/p.json link.json
"$SP" profile -o link.json t.json
{ [ -L link.json ] && jq -e .defaultAction real/p.json >/dev/null &&
	[ "$(stat -c %a real/p.json)" = 600 ]; } && ok symlink_output_writes_target ||
	bad symlink_output_writes_target "$(ls -l link.json real/)"
# A replaced file keeps its mode, never its set-id bits (as the kernel
# clears them when a file is written): a set-id mode where the output goes
# (a hard link to a set-id program, say) would be the profile's.
echo old >setid.json && chmod 6755 setid.json
"$SP" profile -o setid.json t.json
[ "$(stat -c %a setid.json)" = 755 ] && jq -e .defaultAction setid.json >/dev/null &&
	ok replaced_output_keeps_its_mode_not_its_set_id_bits ||
	bad replaced_output_keeps_its_mode_not_its_set_id_bits "$(stat -c %a setid.json)"
mkfifo fifo
# (bounded: a profile failing before it opens the FIFO leaves no writer)
# The reader's end is open before sandprint starts (ready: opened without
# waiting for a writer, then waiting in poll for one), so there is no wait
# to say.
timeout 60 /usr/bin/python3 -c '
import os, select, sys
fd = os.open("fifo", os.O_RDONLY | os.O_NONBLOCK)
open("reader-ready", "w").close()
out = open("from-fifo.txt", "wb")
p = select.poll(); p.register(fd, select.POLLIN)
while True:
    p.poll()
    try:
        b = os.read(fd, 65536)
    except BlockingIOError:
        continue
    if not b:
        break
    out.write(b)
' &
reader=$!
for _ in $(seq 600); do [ -e reader-ready ] && break; sleep 0.1; done
"$SP" profile -o fifo t.json 2>fifo-err.txt
wait "$reader"
{ [ -p fifo ] && jq -e .defaultAction from-fifo.txt >/dev/null && ! grep -q waiting fifo-err.txt; } &&
	ok fifo_output_written_in_place ||
	bad fifo_output_written_in_place "$(ls -l fifo) $(head -c 100 from-fifo.txt) $(cat fifo-err.txt)"
# A FIFO nobody reads yet: the recording is done before its open blocks
# (a shell's ">" blocks before the command starts), so sandprint says it
# waits instead of hanging silently, then writes the whole trace to the
# reader that comes.
mkfifo unread-fifo
"$SP" record -q -o unread-fifo -- true 2>wait-err.txt &
rec=$!
for _ in $(seq 600); do [ -s wait-err.txt ] && break; sleep 0.1; done
timeout 60 cat unread-fifo >from-unread.txt
wait $rec
st=$?
{ [ $st = 0 ] && grep -qx 'sandprint: unread-fifo: a FIFO with no reader: waiting for one' wait-err.txt &&
	[ "$(jq -r '.command[0]' from-unread.txt)" = true ]; } &&
	ok fifo_output_without_a_reader_says_it_waits ||
	bad fifo_output_without_a_reader_says_it_waits "status $st, $(cat wait-err.txt), $(head -c 100 from-unread.txt)"
# ... and one SIGTERM while it waits (timeout(1)'s, a service manager's
# stop) ends it, as natively it ends a writer blocked in that open, the
# recording kept in $TMPDIR: held "until the trace is written", which no
# reader would ever let happen, it left sandprint waiting for good.
mkfifo never-read-fifo && mkdir -p kept-tmp
TMPDIR=$PWD/kept-tmp "$SP" record -q -o never-read-fifo -- true 2>term-err.txt &
rec=$!
for _ in $(seq 600); do [ -s term-err.txt ] && break; sleep 0.1; done
kill -TERM "$rec"
# (bounded: still waiting after 20 s, it is killed: status 137)
for _ in $(seq 200); do kill -0 "$rec" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$rec" 2>/dev/null
wait "$rec"
st=$?
kept=$(sed -n 's/^sandprint: interrupted: the recording is kept in \([^ ]*\) .*/\1/p' term-err.txt)
{ [ $st = 143 ] && [ -n "$kept" ] && [ "$(jq -r '.command[0]' "$kept")" = true ]; } &&
	ok fifo_wait_ends_at_one_sigterm_recording_kept ||
	bad fifo_wait_ends_at_one_sigterm_recording_kept "status $st (143: SIGTERM; 137: still waiting at the timeout), $(cat term-err.txt)"

# A full disk: a message naming the file and the reason, exit 2, the old
# file kept and no temporary left (a small tmpfs, filled up).
out=$(in_private_dev '
	mkdir small && mount -t tmpfs -o size=64k sp-small small || exit 99
	cp p.json small/p.json
	head -c 1M dev/zero >small/fill 2>/dev/null
	"$SP" profile --args strict -o small/p.json t.json 2>&1; echo "status=$?"
	cmp -s p.json small/p.json && echo kept
	ls -A small | tr "\n" " "')
case $out in
*"cannot write small/p.json: No space left on device"*"status=2"*kept*"fill p.json ") ok full_disk_fails_clearly_and_keeps_file ;;
*) bad full_disk_fails_clearly_and_keeps_file "$out" ;;
esac

# --- output paths checked before the workload runs ------------------------
for cmd in "record -o" "generate -o" "run --audit --profile p.json -o"; do
	name=$(echo "$cmd" | cut -d' ' -f1)
	rm -f ran
	# shellcheck disable=SC2086
	"$SP" $cmd nodir/out.json -- sh -c 'touch ran' 2>err.txt
	st=$?
	{ [ $st = 2 ] && [ ! -e ran ] &&
		[ "$(cat err.txt)" = "sandprint: cannot write nodir/out.json: No such file or directory" ]; } &&
		ok "${name}_checks_output_before_running" ||
		bad "${name}_checks_output_before_running" "status $st, ran: $([ -e ran ] && echo yes), $(cat err.txt)"
done
# A file bound at the output's path (mount --bind, a container's -v
# FILE:FILE) cannot be renamed over: written in place, the mount kept;
# bound read-only, refused before the workload runs.  (Both failed
# after it, "Device or resource busy", the recording in $TMPDIR.)
out=$(in_private_dev '
	echo old >bound.json && echo old >robound.json &&
		mount --bind bound.json bound.json &&
		mount --bind robound.json robound.json &&
		mount -o remount,bind,ro robound.json || exit 99
	"$SP" profile -q -o bound.json t.json 2>&1; echo "status=$?"
	jq -e .defaultAction bound.json >/dev/null && echo written
	mountpoint -q bound.json && echo bound
	"$SP" record -o robound.json -- sh -c "touch ran" 2>&1; echo "status=$?"
	[ -e ran ] && echo ran
	cat robound.json')
case $out in
"status=0
written
bound
sandprint: cannot write robound.json: Read-only file system
status=2
old") ok bound_file_output_written_in_place_read_only_refused_first ;;
*) bad bound_file_output_written_in_place_read_only_refused_first "$out" ;;
esac
# A file bound there on a full disk: written in place, so overwritten
# whole or not at all (room taken first): the old file left as it was,
# never the first part of the new one (it was truncated, then cut at the
# first ENOSPC: 64 KiB of a trace, the old file lost), and the recording
# kept in $TMPDIR, named.
out=$(in_private_dev '
	mkdir tiny held && mount -t tmpfs -o size=64k sp-tiny tiny || exit 99
	echo "{\"old\": 1}" >tiny/bound.json &&
		mount --bind tiny/bound.json tiny/bound.json || exit 99
	head -c 1M dev/zero >tiny/fill 2>/dev/null
	TMPDIR=$WORK/held "$SP" record -q -o tiny/bound.json -- "'"$PROGS"'/many_patterns" 1000 2>&1
	echo "status=$?"
	cat tiny/bound.json
	jq -r .format held/sandprint-*.trace.json')
case $out in
"sandprint: cannot write tiny/bound.json: No space left on device
sandprint: the recording is kept in $WORK/held/sandprint-"*".trace.json ('sandprint profile' makes its profile)
status=2
{\"old\": 1}
sandprint-trace") ok bound_file_on_a_full_disk_left_whole_the_recording_kept ;;
*) bad bound_file_on_a_full_disk_left_whole_the_recording_kept "$out" ;;
esac
# The same past RLIMIT_FSIZE (ulimit -f): the old file left as it was.
# fallocate with KEEP_SIZE does not check the limit on ext4 (tmpfs does):
# the write stopped at 8 KiB, the new file's first part over the old one.
out=$(in_private_dev '
	echo "{\"old\": 1}" >fsz.json &&
		mount --bind fsz.json fsz.json || exit 99
	mkdir -p heldfsz
	(ulimit -f 8; TMPDIR=$WORK/heldfsz "$SP" record -q -o fsz.json -- "'"$PROGS"'/many_patterns" 1000 2>&1
	echo "status=$?")
	cat fsz.json')
case $out in
"sandprint: cannot write fsz.json: File too large"*"status=2
{\"old\": 1}") ok bound_file_past_the_file_size_limit_left_whole ;;
*) bad bound_file_past_the_file_size_limit_left_whole "$out" ;;
esac
# A directory root may "write" by access(2) but where no file can be
# created (procfs): refused before the workload runs, not after it, with
# its recording lost.
rm -f ran
"$SP" record -o /proc/sp-out.json -- sh -c 'touch ran' 2>err.txt
st=$?
{ [ $st = 2 ] && [ ! -e ran ] && [ ! -e /proc/sp-out.json ] &&
	grep -q "^sandprint: cannot write /proc/sp-out.json: " err.txt; } &&
	ok record_checks_output_can_be_created_before_running ||
	bad record_checks_output_can_be_created_before_running "status $st, ran: $([ -e ran ] && echo yes), $(cat err.txt)"
# An output that stops being writable while the workload runs (its
# directory removed): exit 2, the reason, and the recording kept in a
# file of its own in $TMPDIR, named, which 'profile' reads.
mkdir -p keep
for cmd in record generate; do
	mkdir gone
	TMPDIR=$WORK/keep "$SP" $cmd -o gone/out.json -- sh -c 'rmdir gone' 2>err.txt
	st=$?
	kept=$(sed -n 's/^sandprint: the recording is kept in \(.*\) (.*/\1/p' err.txt)
	{ [ $st = 2 ] && grep -q "^sandprint: cannot write gone/out.json: No such file or directory" err.txt &&
		[ "${kept%/*}" = "$WORK/keep" ] &&
		[ "$(jq -r '.command[0]' "$kept")" = sh ] &&
		"$SP" profile -q -o "kept-$cmd.json" "$kept" &&
		jq -e .defaultAction "kept-$cmd.json" >/dev/null; } &&
		ok "${cmd}_keeps_recording_its_output_cannot_take" ||
		bad "${cmd}_keeps_recording_its_output_cannot_take" "status $st, $(cat err.txt)"
done
# Past RLIMIT_FSIZE (a full disk alike) both the -o file and the copy in
# $TMPDIR fail: sandprint says so and exits 2, not killed by SIGXFSZ
# half-way through the copy with the loss unsaid; no partial file stays.
mkdir -p keep3 fsize
(ulimit -f 1 && TMPDIR=$WORK/keep3 exec "$SP" record -q -o fsize/out.json -- true) 2>err.txt
st=$?
{ [ $st = 2 ] && grep -qx "sandprint: cannot write fsize/out.json: File too large" err.txt &&
	grep -qx 'sandprint: the recording is lost: no copy could be written to \$TMPDIR either: File too large' err.txt &&
	[ -z "$(find keep3 fsize -mindepth 1)" ]; } &&
	ok record_past_file_size_limit_says_recording_lost ||
	bad record_past_file_size_limit_says_recording_lost "status $st, left: $(find keep3 fsize -mindepth 1), $(cat err.txt)"
# A signal while generate makes the profile (here held up opening a FIFO
# nobody reads; the static analysis alike): sandprint dies of it, as an
# interrupted recording does, with the recording kept and named.
mkdir -p keep2 && mkfifo gen-fifo
TMPDIR=$WORK/keep2 "$SP" generate -q -o gen-fifo -- sh -c 'touch ended' 2>err.txt &
gen=$!
for _ in $(seq 600); do
	read -r nr _ </proc/$gen/syscall 2>/dev/null
	[ -e ended ] && [ "${nr:-}" = 257 ] && break
	sleep 0.1
done
kill -TERM $gen
wait $gen
st=$?
kept=$(sed -n 's/^sandprint: interrupted: the recording is kept in \(.*\) (.*/\1/p' err.txt)
{ [ $st = 143 ] && [ "${kept%/*}" = "$WORK/keep2" ] &&
	[ "$(jq -r '.command[0]' "$kept")" = sh ]; } &&
	ok generate_interrupted_making_profile_keeps_recording ||
	bad generate_interrupted_making_profile_keeps_recording "status $st, $(cat err.txt)"
# The check leaves nothing behind where the file can be created.
mkdir empty-dir
"$SP" record -q -o empty-dir/t.json -- sh -c 'ls -A empty-dir >listing.txt'
{ [ ! -s listing.txt ] && [ "$(ls -A empty-dir)" = t.json ]; } &&
	ok output_check_leaves_no_temporary ||
	bad output_check_leaves_no_temporary "during: $(cat listing.txt); after: $(ls -A empty-dir)"

# --- a workload that cannot be traced leaves the -o file alone ------------
# (A sanitizer build's LeakSanitizer cannot run in a traced process: it is
# off for the sandprint that runs traced.)
traced_asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
echo keep >inner.json
# (--via ptrace for both: the in-kernel recorder traces nothing, and
# records a recorder as well as any other workload.)
"$SP" record -q --via ptrace -o outer.json -- env ASAN_OPTIONS="$traced_asan" "$SP" record --via ptrace -o inner.json -- true 2>err.txt
st=$?
{ [ $st = 2 ] && [ "$(cat inner.json)" = keep ] && grep -q "cannot trace the workload" err.txt &&
	grep -q "nothing recorded: inner.json left as it was" err.txt; } &&
	ok nested_record_keeps_existing_trace || bad nested_record_keeps_existing_trace "status $st: $(head -c 200 inner.json) $(cat err.txt)"
ASAN_OPTIONS=$traced_asan strace -f -o strace.log "$SP" record --via ptrace -o inner.json -- true 2>err.txt
st=$?
{ [ $st = 2 ] && [ "$(cat inner.json)" = keep ]; } &&
	ok record_under_strace_keeps_existing_trace || bad record_under_strace_keeps_existing_trace "status $st: $(head -c 200 inner.json)"
echo keep >report.json
ASAN_OPTIONS=$traced_asan strace -f -o strace.log "$SP" run --audit --via ptrace --profile p.json -o report.json -- true 2>err.txt
st=$?
{ [ $st = 2 ] && [ "$(cat report.json)" = keep ]; } &&
	ok run_under_strace_writes_no_report || bad run_under_strace_writes_no_report "status $st: $(head -c 200 report.json)"
# A process that cannot be attached, likewise; a new file says "error".
"$SP" record -q -p 999999999 -o inner.json 2>/dev/null
st=$?
{ [ $st = 2 ] && [ "$(cat inner.json)" = keep ]; } &&
	ok failed_attach_keeps_existing_trace || bad failed_attach_keeps_existing_trace "status $st: $(head -c 200 inner.json)"
"$SP" record -q -p 999999999 -o new.json 2>/dev/null
[ "$(jq -r '[.end, .partial, .calls] | map(tostring) | join(" ")' new.json 2>&1)" = "error true 0" ] &&
	ok failed_attach_new_trace_says_error || bad failed_attach_new_trace_says_error "$(head -c 200 new.json)"

# --- inputs: read once (pipes), bounded (/dev/zero), told apart by parsing --
"$SP" show <(cat t.json) >show.txt 2>err.txt
expect_status show_reads_a_pipe $? 0
grep -q "exitcode" show.txt || bad show_of_pipe_shows_the_trace "$(head -5 show.txt) $(cat err.txt)"
"$SP" diff <(cat t.json) <(cat p.json) >/dev/null 2>err.txt
expect_status diff_reads_pipes $? 0
"$SP" check --profile <(cat p.json) <(cat t.json) >/dev/null 2>err.txt
expect_status check_reads_pipes $? 0
"$SP" profile <(cat t.json) >/dev/null 2>err.txt
expect_status profile_reads_a_pipe $? 0
timeout 20 "$SP" show /dev/zero >/dev/null 2>err.txt
st=$?
{ [ $st = 2 ] && grep -q "^sandprint: /dev/zero:1:1: a NUL byte: not text" err.txt; } &&
	ok dev_zero_trace_refused_at_once || bad dev_zero_trace_refused_at_once "status $st: $(cat err.txt)"
timeout 20 "$SP" check --profile /dev/zero t.json >/dev/null 2>err.txt
st=$?
{ [ $st = 2 ] && grep -q "^sandprint: /dev/zero: neither a JSON profile .* nor a cBPF program (more than 4096 instructions)" err.txt; } &&
	ok dev_zero_profile_refused_at_once || bad dev_zero_profile_refused_at_once "status $st: $(cat err.txt)"
# An endless text pipe: bounded by size, not memory.
timeout 60 "$SP" show <(yes '{"a": 1,') >/dev/null 2>err.txt
st=$?
{ [ $st = 2 ] && grep -q "larger than 512 MiB" err.txt; } &&
	ok endless_pipe_bounded || bad endless_pipe_bounded "status $st: $(cat err.txt)"

# A trace whose writer sorted its keys: "format" comes after a long
# command line, past the first 4 KB.
"$SP" record -q -o long.json -- "$PROGS/exitcode" 0 "$(printf 'a%.0s' $(seq 5000))"
jq -S . long.json >sorted.json
off=$(grep -bo '"format"' sorted.json | cut -d: -f1)
[ "${off:-0}" -gt 4096 ] || bad sorted_fixture "format at byte ${off:-none}"
"$SP" show sorted.json >show.txt 2>err.txt
{ [ $? = 0 ] && grep -q "exitcode" show.txt; } && ok sorted_trace_shown_as_trace ||
	bad sorted_trace_shown_as_trace "$(head -3 show.txt) $(cat err.txt)"
"$SP" diff sorted.json long.json >/dev/null 2>err.txt
expect_status sorted_trace_diffs_as_trace $? 0

# A profile where a trace is expected, and the reverse.
"$SP" profile p.json 2>err.txt
st=$?
{ [ $st = 2 ] && grep -q "^sandprint: p.json: \$: this is a seccomp profile, not a trace" err.txt; } &&
	ok profile_of_a_profile_says_so || bad profile_of_a_profile_says_so "status $st: $(cat err.txt)"
"$SP" check --profile t.json t.json 2>err.txt
st=$?
{ [ $st = 2 ] && grep -q "^sandprint: t.json: \$: this is a trace, not a profile" err.txt; } &&
	ok check_with_trace_as_profile_says_so || bad check_with_trace_as_profile_says_so "status $st: $(cat err.txt)"

# --- a profile the kernel cannot load: check fails, run does not start ----
python3 -c '
import json
rules = [{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW",
	  "args": [{"index": 1, "value": i, "op": "SCMP_CMP_EQ"}]} for i in range(5000)]
print(json.dumps({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": rules}))' >huge.json
"$SP" check --profile huge.json t.json >/dev/null 2>err.txt
st=$?
{ [ $st = 2 ] && grep -q "huge.json: compiles to [0-9]* cBPF instructions; the kernel loads at most 4096" err.txt; } &&
	ok check_refuses_profile_too_large || bad check_refuses_profile_too_large "status $st: $(cat err.txt)"
rm -f ran
"$SP" run --audit --profile huge.json -- sh -c 'touch ran' 2>err.txt
st=$?
{ [ $st = 2 ] && [ ! -e ran ] && ! grep -q "workload exited" err.txt; } &&
	ok run_refuses_profile_too_large || bad run_refuses_profile_too_large "status $st: $(cat err.txt)"

# --- strings from files are escaped when printed -------------------------
# A program whose path and arguments hold terminal escapes (ESC ]0; sets
# a terminal's title, ESC [2J clears it): show and check print them as
# \x1b, never the raw byte.
evil=$(printf 'bin\033]0;pwned\007')
mkdir -p "$evil" && cp "$PROGS/exitcode" "$evil/prog"
"$SP" record -q -o evil.json -- "./$evil/prog" 0 "$(printf 'x\033[2J')"
echo '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []}' >deny.json
"$SP" show evil.json >evil-show.txt 2>&1
"$SP" check --profile deny.json evil.json >evil-check.txt 2>&1
"$SP" check --format markdown --profile deny.json evil.json >evil-check.md 2>&1
for f in evil-show.txt evil-check.txt evil-check.md; do
	# Markdown: each backslash and ']' after a backslash, as it renders.
	shown='bin\x1b]0;pwned\x07'
	[ "$f" = evil-check.md ] && shown='bin\\x1b\]0;pwned\\x07'
	if grep -q "$(printf '\033')" "$f" || ! grep -qF "$shown" "$f"; then
		bad "escapes_shown_escaped_${f#evil-}" "$(head -c 300 "$f" | od -c | head -5)"
	else
		ok "escapes_shown_escaped_${f#evil-}"
	fi
done

# --- --kernel: a number past int is refused, not wrapped ------------------
"$SP" check --kernel 4294967301.10 --profile p.json t.json >/dev/null 2>err.txt
st=$?
{ [ $st = 2 ] && grep -q -- "--kernel 4294967301.10: expected X.Y" err.txt; } &&
	ok kernel_overflow_refused || bad kernel_overflow_refused "status $st: $(cat err.txt)"

sp_end
