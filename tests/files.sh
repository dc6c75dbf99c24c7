#!/bin/bash
# files.sh - what sandprint does to the files a user names, as root, on
# the command line: outputs that are devices, symlinks, FIFOs or
# descriptors are written, never replaced; inputs that are pipes or
# endless devices are read once and bounded.  Devices are made in a
# private mount namespace (a tmpfs over /dev), never in the host's /dev.
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
# in_private_dev SCRIPT: runs SCRIPT with bash in a new mount namespace
# whose /dev is a fresh tmpfs holding null, full and zero only; SP and
# WORK are exported.
in_private_dev() {
	SP=$SP WORK=$WORK unshare -m --propagation private bash -c '
		mount -t tmpfs -o mode=755 sp-dev /dev || exit 99
		mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7 &&
			mknod -m 666 /dev/zero c 1 5 || exit 99
		ln -s /proc/self/fd /dev/fd && ln -s /proc/self/fd/1 /dev/stdout
		cd "$WORK" || exit 99
		'"$1"
}

"$SP" record -q -o t.json -- "$PROGS/exitcode" 0 || bad record "status $?"
"$SP" profile -o p.json t.json || bad profile "status $?"

# --- outputs: devices written in place, never replaced ---------------------
out=$(in_private_dev '
	"$SP" profile -o /dev/null t.json; echo "status=$?"
	stat -c "%F %t:%T" /dev/null')
case $out in
*"status=0"*"character special file 1:3") ok dev_null_output_keeps_the_device ;;
*) bad dev_null_output_keeps_the_device "$out" ;;
esac
out=$(in_private_dev '
	"$SP" profile -o /dev/full t.json 2>&1; echo "status=$?"
	stat -c "%F" /dev/full')
case $out in
*"cannot write /dev/full: No space left on device"*"status=2"*"character special file") ok dev_full_output_fails_clearly ;;
*) bad dev_full_output_fails_clearly "$out" ;;
esac
# /dev/stdout leading to a regular file opened for appending: appended
# to, as a shell would, the file neither replaced nor truncated.
echo "first line" >log.txt
in_private_dev '"$SP" profile -o /dev/stdout t.json >>log.txt'
expect_status dev_stdout_output $? 0
{ [ "$(head -1 log.txt)" = "first line" ] && jq -e .defaultAction <(tail -n +2 log.txt) >/dev/null; } &&
	ok dev_stdout_appends || bad dev_stdout_appends "$(head -c 200 log.txt)"
# Checks to stdout on a full device: a message and 2, not a silent 1.
out=$(in_private_dev '"$SP" check --profile p.json t.json 2>&1 >/dev/full; echo "status=$?"' 2>&1)
echo "$out" | grep -q "cannot write standard output: No space left on device" &&
	echo "$out" | grep -q "status=2" && ok check_to_dev_full_fails_clearly ||
	bad check_to_dev_full_fails_clearly "$out"

# A symlink: its target is written, the link stays; a FIFO stays a FIFO.
mkdir real && echo old >real/p.json && chmod 600 real/p.json && ln -s real/p.json link.json
"$SP" profile -o link.json t.json
{ [ -L link.json ] && jq -e .defaultAction real/p.json >/dev/null &&
	[ "$(stat -c %a real/p.json)" = 600 ]; } && ok symlink_output_writes_target ||
	bad symlink_output_writes_target "$(ls -l link.json real/)"
mkfifo fifo
cat fifo >from-fifo.txt &
"$SP" profile -o fifo t.json
wait
{ [ -p fifo ] && jq -e .defaultAction from-fifo.txt >/dev/null; } && ok fifo_output_written_in_place ||
	bad fifo_output_written_in_place "$(ls -l fifo) $(head -c 100 from-fifo.txt)"

sp_end
