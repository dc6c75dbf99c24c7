#!/bin/bash
# limits.sh - sandprint under the caller's resource limits, and several
# sandprints at once.  The workload gets the limits and descriptors it has
# natively, on every recording path, whatever sandprint needs for itself
# (its stack, its descriptors, its heap's address space): sandprint
# raises its own soft limits and gives the workload the caller's back, or
# says in one sentence that it cannot run (status 2), never crashes.  Two
# in-kernel recordings at once each record their own workload only, and
# one killed (SIGKILL) takes its workload along and leaves the other be.
#
# Usage: limits.sh SANDPRINT PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
sp_begin limits root
PATHS=
for p in ptrace notify bpf; do
	"$SP" record -q --via "$p" -o probe.json -- true 2>/dev/null && PATHS="$PATHS $p"
done
# A sanitizer's run-time reserves terabytes of address space, and takes
# the main thread's stack bounds from the limit at start (a vfork under
# a stack grown past them makes it poison memory that is not the
# stack's): the address space and stack cases are not for it.
asan=
ldd "$SP" 2>/dev/null | grep -q 'libasan' && asan=1

# same NAME LIMITS CMD...: CMD's output and status under "ulimit LIMITS"
# natively, then recorded on each path, are the same.
same() {
	local name=$1 limits=$2 p d native got
	shift 2
	native=$( (ulimit $limits && "$@") 2>&1; echo "status $?")
	for p in $PATHS; do
		got=$( (ulimit $limits && "$SP" record -q --via "$p" -o "$name.$p.json" -- "$@") 2>&1
			echo "status $?")
		if [ "$got" = "$native" ]; then
			ok "$name/$p"
		else
			d=$(diff <(echo "$native") <(echo "$got") | grep '^[<>]' | head -n 4 | tr '\n' '|')
			bad "$name/$p" "$d"
		fi
	done
}
LIMITS='echo s $(ulimit -S -s) $(ulimit -H -s) n $(ulimit -S -n) $(ulimit -H -n) v $(ulimit -v)'

# A soft descriptor limit below what the in-kernel recorder holds (some
# 40 descriptors; it said it had too few): the same.
same nofile_soft_limit_workloads_own "-S -n 12" sh -c "$LIMITS"
# Descriptors: the caller's, at their numbers (socket activation's fd 3),
# none of sandprint's, and the lowest free one (ls's directory) where it
# is natively.
same descriptors_the_callers "-S -n 64" sh -c 'ls /proc/self/fd | tr "\n" " "' \
	3</dev/null 5</dev/null
if [ -z "$asan" ]; then
	# A soft stack limit a small program runs under but sandprint's
	# own stack would overflow in (it died of SIGSEGV below some
	# 64 KiB): raised for sandprint, the caller's for the workload.
	same stack_soft_limit_workloads_own "-S -s 32" sh -c "$LIMITS"
	# An address-space limit (ulimit -v) the workload runs under:
	# sandprint's heap padding (64 MiB) made every malloc fail below it.
	same address_space_limit_workloads_own "-v 60000" sh -c "$LIMITS"
	(ulimit -v 60000 && "$SP" show stack_soft_limit_workloads_own.ptrace.json) >show.out 2>&1 &&
		ok address_space_limit_show || bad address_space_limit_show "$(head -n 2 show.out)"
	# A hard stack limit sandprint cannot run in: said, status 2.
	(ulimit -s 32 && "$SP" record -q -o t.json -- true) 2>stack.err
	expect_status stack_hard_limit_status 2 $?
	has stack_hard_limit_said '^sandprint: ulimit -s is 32 KiB .*too small a stack' stack.err
fi

case " $PATHS " in *" bpf "*)
	# Too few descriptors for the in-kernel recorder even once raised
	# (the hard limit): said so, not a kernel's "Invalid argument".
	(ulimit -n 10 && "$SP" record -q --via bpf -o t.json -- true) 2>nofile.err
	expect_status nofile_hard_limit_status 2 $?
	has nofile_hard_limit_said 'too few file descriptors for its BPF program: ulimit -n is 10' nofile.err
	# An address-space limit sandprint starts in (found here, 250 KiB at
	# a time) with 2 MiB more: too little for the kernel's types (some
	# 5 MB), said so, not "no kernel BTF" (libbpf's ESRCH).  No cache
	# directory: a cut cached by an earlier recording needs none of it.
	if [ -z "$asan" ]; then
		start=
		for v in $(seq 3000 250 20000); do
			{ (ulimit -v "$v" && "$SP" --version); } >/dev/null 2>&1 && { start=$v; break; }
		done
		v=$((start + 2048))
		(ulimit -v "$v" && SANDPRINT_CACHE_DIR= "$SP" record -q --via bpf -o t.json -- true) 2>as.err
		expect_status address_space_too_small_status 2 $?
		has address_space_too_small_said "too little memory to read the kernel's types .*ulimit -v is $v KiB" as.err
	fi

	# Two in-kernel recordings at once, each with its own programs on
	# the same tracepoints: A's workload waits on a fifo while B runs;
	# then A is killed (SIGKILL) and its workload goes with it, B's
	# trace is its own and whole.
	mkfifo go
	rm -f a.pid
	"$SP" record -q --via bpf -o a.json -- sh -c 'echo $$ >a.pid; exec sleep 60' 2>a.err &
	a=$!
	"$SP" record -q --via bpf -o b.json -- sh -c 'read x <go; exec "$0" 300' "$PROGS/many_patterns" 2>b.err &
	b=$!
	wait_line a.pid '[0-9][0-9]*'
	apid=$(cat a.pid 2>/dev/null)
	kill -KILL "$a"
	{ wait "$a"; } 2>/dev/null
	for _ in $(seq 200); do alive "$apid" || break; sleep 0.05; done
	alive "$apid" && bad killed_recordings_workload_killed "pid $apid alive" ||
		ok killed_recordings_workload_killed
	echo go >go
	wait "$b"
	expect_status other_recording_unharmed_status 0 $?
	got=$(jq -r '[.partial, .end, ([.patterns[] | select(.syscall == "ioctl" and .args[1] != null)] | length),
		(.executables | join(" "))] | join(" ")' b.json 2>&1)
	want="false exited 300 $(readlink -f "$(command -v sh)") $PROGS/many_patterns"
	[ "$got" = "$want" ] && ok other_recording_its_own_trace ||
		bad other_recording_its_own_trace "$got; $(cat b.err)" ;;
esac
sp_end
