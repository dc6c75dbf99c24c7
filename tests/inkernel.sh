#!/bin/bash
# inkernel.sh - the in-kernel recorder (record --via bpf) against the other
# two paths, which it must agree with: for every test program and a few
# real commands, the same patterns (arch, call, kept arguments,
# executable) as --via notify and --via ptrace record, and the same counts
# where the workload is deterministic.  Then what only it does: running
# processes and cgroups recorded without being stopped, calls beyond its
# maps counted or reported, and one sentence where it cannot run.
#
# Usage: inkernel.sh SANDPRINT PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
sp_begin inkernel root
CGROUP=
sp_at_exit '[ -n "$CGROUP" ] && rmdir "$CGROUP" 2>/dev/null'
if ! "$SP" record -q --via bpf -o probe.json -- true 2>probe.err; then
	echo "inkernel: the in-kernel recorder cannot run here: $(cat probe.err)" >&2
	exit 77
fi
tracefs_before=$(findmnt -n -t tracefs | wc -l)

# A trace's patterns, one line each, sorted: arch, call, kept arguments,
# executable by path (indexes differ between traces), and with "counts"
# the count.  With "sets", restart_syscall and futex are left out:
# whether a signal catches a sleep in the middle (and the kernel restarts
# it with that call), whether a thread finds a lock taken and waits, is a
# matter of timing.
patterns() { # trace [counts|sets]
	jq -r --arg c "${2:-}" '.executables as $e | .patterns[] |
		select($c != "sets" or
		       (.syscall != "restart_syscall" and .syscall != "futex")) |
		[.arch, .syscall, (.args | tostring), $e[.exe]] +
		(if $c == "counts" then [.count | tostring] else [] end) |
		join(" ")' "$1" | sort
}

# Records cmd... by every path (bpf.json, notify.json, ptrace.json) and
# compares the bpf path's patterns with each other path's.
same() { # name counts|sets cmd...
	local name=$1 what=$2 via
	shift 2
	for via in bpf notify ptrace; do
		"$SP" record -q --via $via -o $via.json -- "$@" >$via.out 2>$via.err
		echo $? >$via.status
	done
	for via in notify ptrace; do
		if ! cmp -s bpf.status $via.status; then
			bad "${name}_via_bpf_like_$via" "exit $(cat bpf.status), $via $(cat $via.status)"
			continue
		fi
		patterns bpf.json "$what" >a.txt
		patterns $via.json "$what" >b.txt
		if diff -u b.txt a.txt >d.txt; then
			ok "${name}_via_bpf_like_${via}_$what"
		else
			bad "${name}_via_bpf_like_${via}_$what" "$(grep '^[-+][a-z]' d.txt | head -5 | tr '\n' ' ')"
		fi
	done
}

# The objects a trace's process images mapped as code, one line each:
# executable, object.
objects() { # trace
	jq -r '.executables as $e | .objects as $o | .processes[] |
		$e[.exe] as $x | (.objects // [])[] | $x + " " + $o[.]' "$1" | sort -u
}

# After same: the bpf path's objects against the other paths'.
same_objects() { # name
	local via
	for via in notify ptrace; do
		if diff <(objects $via.json) <(objects bpf.json) >d.txt; then
			ok "${1}_objects_via_bpf_like_$via"
		else
			bad "${1}_objects_via_bpf_like_$via" "$(head -4 d.txt | tr '\n' ' ')"
		fi
	done
}

# --- the kernel's types cut once a boot --------------------------------------
# The cut of the kernel's types the program relocates against is kept in
# the cache directory, under this boot's id and sandprint's build ID: the
# next recording reads it instead of cutting again (it opens no
# /sys/kernel/btf/vmlinux), and records the same; a cached cut damaged
# is cut again and replaced; no cache directory (SANDPRINT_CACHE_DIR
# empty), nothing kept.
cut_cache=$PWD/cutcache
rm -rf "$cut_cache"
SANDPRINT_CACHE_DIR=$cut_cache "$SP" record -q --via bpf -o cut1.json -- true >/dev/null 2>cut.err
st1=$?
# (A sanitizer build's LeakSanitizer cannot run in a traced process: off
# for the sandprint strace traces.)
traced_asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
SANDPRINT_CACHE_DIR=$cut_cache ASAN_OPTIONS=$traced_asan strace -f -qq -e trace=openat -o cut2.strace \
	"$SP" record -q --via bpf -o cut2.json -- true >/dev/null 2>>cut.err
st2=$?
if [ $st1 = 0 ] && [ $st2 = 0 ] && [ -s "$cut_cache/kernel-btf-cut" ] &&
	! grep -q '/sys/kernel/btf/vmlinux' cut2.strace &&
	grep -q 'kernel-btf-cut' cut2.strace &&
	[ "$(patterns cut1.json counts)" = "$(patterns cut2.json counts)" ]; then
	ok kernel_types_cut_once_a_boot
else
	bad kernel_types_cut_once_a_boot "exit $st1 $st2, $(ls "$cut_cache" 2>&1), $(grep -c vmlinux cut2.strace) opens of vmlinux: $(head -c 300 cut.err)"
fi
size=$(stat -c %s "$cut_cache/kernel-btf-cut" 2>/dev/null || echo 0)
printf 'damaged' | dd of="$cut_cache/kernel-btf-cut" bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
cp "$cut_cache/kernel-btf-cut" cut.damaged 2>/dev/null
SANDPRINT_CACHE_DIR=$cut_cache "$SP" record -q --via bpf -o cut3.json -- true >/dev/null 2>cut.err
st3=$?
if [ $st3 = 0 ] && [ ! -s cut.err ] &&
	! cmp -s cut.damaged "$cut_cache/kernel-btf-cut" &&
	[ "$(stat -c %s "$cut_cache/kernel-btf-cut" 2>/dev/null)" = "$size" ] &&
	[ "$(patterns cut1.json counts)" = "$(patterns cut3.json counts)" ]; then
	ok damaged_cached_cut_cut_again
else
	bad damaged_cached_cut_cut_again "exit $st3: $(head -c 300 cut.err)"
fi
SANDPRINT_CACHE_DIR= ASAN_OPTIONS=$traced_asan strace -f -qq -e trace=openat,openat2,mkdir -o cut4.strace \
	"$SP" record -q --via bpf -o cut4.json -- true >/dev/null 2>cut.err
st4=$?
if [ $st4 = 0 ] && ! grep -q 'kernel-btf-cut\|/\.cache/' cut4.strace; then
	ok no_cache_directory_nothing_kept
else
	bad no_cache_directory_nothing_kept "exit $st4: $(grep 'kernel-btf-cut\|/\.cache/' cut4.strace | head -3)"
fi
# A FIFO by the cut's name, or by the name its new copy is written to
# (kernel-btf-cut.PID: sandprint exec'd by the shell that made it), is
# no cut and blocks nothing: the recording cuts again, records the same,
# and leaves both be (an open of either would wait for ever for the
# FIFO's other end).
fifo_cache=$PWD/fifocache
rm -rf "$fifo_cache" && mkdir "$fifo_cache" &&
	mkfifo "$fifo_cache/kernel-btf-cut"
SANDPRINT_CACHE_DIR=$fifo_cache timeout -k 5 60 sh -c \
	'mkfifo "$SANDPRINT_CACHE_DIR/kernel-btf-cut.$$" &&
	exec "$0" record -q --via bpf -o cut5.json -- true' "$SP" >/dev/null 2>cut.err
st5=$?
if [ $st5 = 0 ] && [ ! -s cut.err ] && [ -p "$fifo_cache/kernel-btf-cut" ] &&
	[ "$(patterns cut1.json counts)" = "$(patterns cut5.json counts)" ]; then
	ok fifo_by_the_cuts_name_blocks_nothing
else
	bad fifo_by_the_cuts_name_blocks_nothing "exit $st5 (124: it hung), $(ls -l "$fifo_cache" 2>&1 | tr '\n' ' '): $(head -c 300 cut.err)"
fi

# --- executables deep in the tree --------------------------------------------
# Named by their whole path however many directories it crosses (200);
# past PATH_MAX, where /proc/PID/exe names none, "?" as on the other
# paths, never its last part taken for a path from the root.
deep=$WORK/deep$(printf '/a%.0s' $(seq 200))
mkdir -p "$deep" && cp /bin/true "$deep/tr"
"$SP" record -q --via bpf -o deep.json -- "$deep/tr"
[ "$(jq -r '.executables[-1]' deep.json)" = "$deep/tr" ] && ok deep_executable_named_by_its_whole_path ||
	bad deep_executable_named_by_its_whole_path "$(jq -r '.executables[-1]' deep.json | cut -c1-80)..."
long=$(printf "%0250d" 0)
(mkdir -p long && cd long && for _ in $(seq 20); do mkdir "$long" && cd "$long" || exit; done &&
	cp /bin/true tr && "$SP" record -q --via bpf -o "$WORK/long.json" -- ./tr)
[ "$(jq -r '.executables[-1]' long.json)" = "?" ] && ok executable_past_path_max_unnamed ||
	bad executable_past_path_max_unnamed "$(jq -r '.executables[-1]' long.json | cut -c1-80)..."

# --- code a process writes itself --------------------------------------------
# A JIT's two shared views of one memfd (read/write, read/execute) are no
# library it loads: not an object of the image on any path, from its
# mmap or at an attach (-p reads /proc/PID/maps), so the static analysis
# does not count every library whole for bytes it cannot read.  A private
# executable mapping of a memfd is one (dlopen of a memfd).
for via in bpf ptrace notify; do
	for mode in shared private; do
		"$SP" record -q --via $via -o jit.json -- "$PROGS/jit_memfd" \
			$([ $mode = private ] && echo private) >jit.out 2>jit.err
		objs=$(jq -c '[.objects[] | select(startswith("/memfd:sp-jit"))] | length' jit.json 2>&1)
		want=$([ $mode = private ] && echo 1 || echo 0)
		[ "$(cat jit.out)/$objs" = "42/$want" ] && ok "jit_${mode}_view_objects_$via" ||
			bad "jit_${mode}_view_objects_$via" "printed $(cat jit.out), $objs memfd objects, want $want: $(cat jit.err)"
	done
done
"$SP" profile -o jit.p.json jit.json 2>jit.err
grep -q 'read whole' jit.err && ok jit_private_view_counts_libraries_whole ||
	bad jit_private_view_counts_libraries_whole "$(cat jit.err)"
"$SP" record -q --via notify -o jit.json -- "$PROGS/jit_memfd" >/dev/null
"$SP" profile -o jit.p.json jit.json 2>jit.err
! grep -q 'read whole' jit.err && ok jit_shared_view_reads_no_library_whole ||
	bad jit_shared_view_reads_no_library_whole "$(cat jit.err)"
for via in bpf ptrace; do
	rm -f jit.up jit.in && mkfifo jit.in
	"$PROGS/jit_memfd" wait <jit.in >jit.up &
	jp=$!
	exec 7>jit.in
	wait_line jit.up 42
	rm -f jit.rdy && mkfifo jit.rdy
	# Not holding the fifo's write end: its close is the program's end.
	"$SP" record -q --via $via -p $jp --ready-fd 3 -o jitp.json 3>jit.rdy 7>&- &
	rp=$!
	read -r _ <jit.rdy
	exec 7>&-
	wait $rp
	objs=$(jq -c '[.objects[] | select(startswith("/memfd:"))] | length' jitp.json 2>&1)
	[ "$objs" = 0 ] && ok "jit_shared_view_not_an_object_when_attached_$via" ||
		bad "jit_shared_view_not_an_object_when_attached_$via" "$objs memfd objects: $(jq -c .objects jitp.json)"
done

# --- the same trace as the other paths --------------------------------------
# Deterministic workloads: the same counts.
same vfork counts "$PROGS/vfork"
same clone3 counts "$PROGS/clone3"
same clone_untraced counts "$PROGS/clone_untraced"
same daemon counts "$PROGS/daemon" "$WORK/daemon.out"
same own_filter counts "$PROGS/own_filter"
same syscalls counts "$PROGS/syscalls"
same crash counts "$PROGS/crash"
same exitcode counts "$PROGS/exitcode" 7
same argrules counts "$PROGS/argrules" seen
same callsite counts "$PROGS/callsite"
# Pointers to structs: clone3's and openat2's flags kept (the loader tells
# the program which argument holds which struct), any other pointer
# dropped (i386's old mmap), as the other paths keep them; in both ABIs.
# Also structs in pages the workload never touched, which the program
# cannot read at sys_enter (no page faults there) and reads at the
# call's exit, once the kernel has faulted them in (in a thread with a
# filter of its own too).
same struct_args counts "$PROGS/struct_args"
flags=$(jq -c '[.patterns[] | select(.syscall == "openat2") | .args[2]] | sort' bpf.json)
[ "$flags" = '[null,65536,196608,589824]' ] && ok openat2_flags_read_from_the_struct ||
	bad openat2_flags_read_from_the_struct "$flags"
flags=$(jq -c '[.patterns[] | select(.syscall == "clone3") | .args[0]] | sort' bpf.json)
[ "$flags" = '[17,4294967313]' ] && ok clone3_flags_read_from_an_untouched_page ||
	bad clone3_flags_read_from_an_untouched_page "$flags"
if [ -x "$PROGS/struct_args32" ]; then
	same struct_args32 counts "$PROGS/struct_args32"
	args=$(jq -c '[.patterns[] | select(.arch == "x86" and .syscall == "mmap") | .args[0]] | unique' bpf.json)
	[ "$args" = '[null]' ] && ok old_mmap_struct_pointer_dropped ||
		bad old_mmap_struct_pointer_dropped "$args"
fi
same imports_connect counts "$PROGS/imports_connect"
same keys_mount counts "$PROGS/keys_mount"
same trap_sigsys counts "$PROGS/edge_trap_sigsys"
same nosys counts "$PROGS/edge_nosys"
# i386 calls by int $0x80 with poisoned upper halves: kept as the call
# reads them (tests/tracer_live_test.c pins the notify and ptrace paths).
same int80_upper counts "$PROGS/int80_upper"
# Its openat2 and clone3 point at their structs with poisoned registers:
# every path reads the flags where the kernel does (the low halves), and
# the ptrace path clears the clone3's CLONE_UNTRACED there (its child's
# exit recorded); its seccomp's operation is compared on the low half
# too (the filter seen installed: the getpid it refuses recorded).
for via in bpf notify ptrace; do
	got=$(jq -c '[.patterns[] | select(.arch == "x86" and
		(.syscall == "openat2" or .syscall == "clone3" or .syscall == "exit" or .syscall == "getpid")) |
		[.syscall, .args[0], .args[2], .count]] | sort' $via.json)
	[ "$got" = '[["clone3",8388625,null,1],["exit",null,null,1],["getpid",null,null,2],["openat2",null,65536,1]]' ] &&
		ok "int80_struct_read_at_the_low_half_via_$via" ||
		bad "int80_struct_read_at_the_low_half_via_$via" "$got"
done
# Numbers with upper bits set, under a filter of the workload's own: the
# call's number is its low 32 bits as an int, at sys_exit as at
# sys_enter (a call let through is not counted again as refused).
same nr_upper counts "$PROGS/nr_upper"
same setuid counts "$PROGS/edge_setuid"
same ignore_signals counts "$PROGS/edge_ignore_signals" 100
same ls counts ls -l /usr/include
same_objects ls
same find counts find /usr/include/linux -name '*.h'
same tar counts tar -C /usr/include -cf "$WORK/x.tar" linux
# Timing, signals and wake-ups decide how often some calls are made: the
# same patterns.
same threads sets "$PROGS/threads"
same exec_thread sets "$PROGS/exec_thread"
same zombie_leader sets "$PROGS/edge_zombie_leader"
same exit_group sets "$PROGS/edge_exit_group"
same signals sets "$PROGS/signals"
same fork_storm sets "$PROGS/edge_fork_storm"
same stopcont sets "$PROGS/edge_stopcont"
same sigkill_stopped sets "$PROGS/edge_sigkill_stopped"
same erestart sets "$PROGS/edge_erestart"
same eintr sets "$PROGS/edge_eintr" 300
same sh_pipeline sets sh -c 'echo a | tr a b | wc -c'
same_objects sh_pipeline
same python sets /usr/bin/python3 -c 'import json'
same_objects python

# An exec storm (eight at a time): every program's calls are its own, on
# every path.  Each /bin/true makes rseq once, xargs once: a child whose
# first stop came before its parent's fork event (often, under load) had
# its executable put back to its parent's after it exec'd.
for via in bpf notify ptrace; do
	rm -f storm.json
	"$SP" record -q --via $via -o storm.json -- sh -c 'seq 1000 | xargs -P8 -n1 /bin/true'
	got=$(jq -c '.executables as $e | [.patterns[] | select(.syscall == "rseq") |
		[$e[.exe], .count]]' storm.json 2>&1)
	jq -e '.executables as $e | [.patterns[] | select(.syscall == "rseq") |
		[$e[.exe], .count]] | [.[] | select(.[0] == "/usr/bin/true") | .[1]] == [1000] and
		all(.[]; .[0] == "/usr/bin/true" or .[1] == 1)' storm.json >/dev/null 2>&1 &&
		ok "exec_storm_calls_are_each_programs_own_via_$via" ||
		bad "exec_storm_calls_are_each_programs_own_via_$via" "$got"
done

# --- where the workload behaves natively only under the in-kernel path -----
# A traced or filtered task cannot enter strict mode nor be ptraced by its
# own parent; unstopped and unfiltered, it can, as natively.
"$SP" record -q --via bpf -o strict.json -- "$PROGS/edge_strict" >strict.out
grep -qx 'strict: entered' strict.out && ok strict_mode_entered_as_natively ||
	bad strict_mode_entered_as_natively "$(cat strict.out)"
patterns strict.json | grep -q '^x86_64 exit ' && ok strict_mode_exit_recorded ||
	bad strict_mode_exit_recorded "$(patterns strict.json | tr '\n' ' ')"
"$SP" record -q --via bpf -o nested.json -- "$PROGS/edge_nested_ptrace" >/dev/null 2>nested.err
grep -q 'traceme ok' nested.err && grep -q 'seize ok' nested.err &&
	ok nested_ptrace_works_as_natively || bad nested_ptrace_works_as_natively "$(cat nested.err)"

# --- calls the workload's own filter refuses --------------------------------
# Refused with an errno, killing the thread, killing the process, a
# thread that got the filter (TSYNC) while blocked in a call, and one that
# got it in user space and makes the call it made last: none of the
# refused calls reaches sys_enter.  The other paths lose some of these
# (a thread switched to syscall stops while it waits), so the oracle is
# the program's own list, and everything they saw must be here too.
"$SP" record -q --via bpf -o kill.json -- "$PROGS/own_filter_kill" >kill.out
st=$?
[ $st = 159 ] && grep -qx 'own_filter_kill ok' kill.out && ok own_filter_kill_runs_as_natively ||
	bad own_filter_kill_runs_as_natively "exit $st, $(cat kill.out)"
patterns kill.json counts >k.txt
missing=
for want in 'socket \[1,1,0,null,null,null\] .* 1$' 'socket \[2,1,0,null,null,null\] .* 3$' \
	    'sched_yield .* 1$' 'getpgrp .* 1$'; do
	grep -Eq "^x86_64 $want" k.txt || missing="$missing $want"
done
[ -z "$missing" ] && ok refused_calls_recorded_once_each || bad refused_calls_recorded_once_each "missing:$missing"
grep -Eq '^x86_64 read .* 2$' k.txt && ok call_entered_before_the_filter_not_counted_again ||
	bad call_entered_before_the_filter_not_counted_again "$(grep ' read ' k.txt)"
for via in notify ptrace; do
	"$SP" record -q --via $via -o kv.json -- "$PROGS/own_filter_kill" >kv.out
	patterns kv.json sets >kv.txt
	patterns kill.json sets >kb.txt
	if [ -z "$(comm -23 kv.txt kb.txt)" ]; then ok "own_filter_kill_via_bpf_holds_all_of_$via"
	else bad "own_filter_kill_via_bpf_holds_all_of_$via" "$(comm -23 kv.txt kb.txt | tr '\n' ' ')"; fi
done

# --- generate: the same profile --------------------------------------------
"$SP" generate -q --via bpf -o pb.json -- ls /usr >/dev/null
"$SP" generate -q --via notify -o pn.json -- ls /usr >/dev/null
"$SP" diff pn.json pb.json >diff.txt && ok generate_via_bpf_same_profile ||
	bad generate_via_bpf_same_profile "$(head -5 diff.txt | tr '\n' ' ')"

# --- nothing lost silently ---------------------------------------------------
# However many distinct patterns a workload makes, none is lost silently:
# a count map that fills is swapped for a fresh one and read whole by
# sandprint (tracer/inkernel.c swap_start).  60000 ioctl requests (an
# argument kept at its value: analyzer/argkind.def; nearly four times
# what a map holds) and 8000 numbers no ABI has (calls that keep no
# argument, the other map, swapped at a quarter full too), each made
# once, by a workload of a higher priority than sandprint's, beside two
# CPU hogs (sandprint gets little CPU while the program fills its maps,
# and a swap's RCU grace period is long).  Before the swap, calls past
# the maps went through the ring, which sandprint could not drain so:
# 2000-33000 calls lost in every run.  With it, every one is kept in
# nearly every run; but a sandprint given no CPU for long enough cannot
# swap in time whatever it does (the kernel holds a map and the ring,
# no more), and a run of the suite beside the sanitizer builds lost 4511
# calls once.  So the test asks what always holds: every call is kept
# and counted once, or the recording says how many it lost (at least as
# many as are missing), marks itself partial and exits 2.
hogs=
for _ in 1 2; do
	sh -c 'while :; do :; done' &
	hogs="$hogs $!"
done
sp_at_exit '[ -n "$hogs" ] && kill $hogs 2>/dev/null'
"$SP" record -q --via bpf -o many.json -- nice -n -10 "$PROGS/many_patterns" 60000 8000 2>many.err
st=$?
kill $hogs
wait $hogs 2>/dev/null
hogs=
got=$(jq -c '[.patterns[] | select(.syscall == "ioctl" or (.syscall | startswith("syscall_1"))) |
	.count] | [length, add]' many.json)
kept=$(jq '[.patterns[] | select(.syscall == "ioctl" or (.syscall | startswith("syscall_1"))) |
	.count] | add' many.json 2>/dev/null)
lost=$(sed -n 's/^sandprint: lost \([0-9]*\) calls .*/\1/p' many.err)
if [ $st = 0 ] && [ "$got" = "[68000,68000]" ] && [ ! -s many.err ] &&
	[ "$(jq .partial many.json)" != true ]; then
	ok patterns_beyond_the_maps_none_lost_silently
elif [ $st = 2 ] && [ -n "$lost" ] && [ "$(jq .partial many.json)" = true ] &&
	[ "$(jq -c '[.patterns[] | select(.syscall == "ioctl" or (.syscall | startswith("syscall_1")))] |
		(length == (map(.count) | add))' many.json)" = true ] &&
	[ $((68000 - kept)) -le "$lost" ]; then
	echo "inkernel: sandprint starved of CPU lost $lost calls, said so and exited 2" >&2
	ok patterns_beyond_the_maps_none_lost_silently
else
	bad patterns_beyond_the_maps_none_lost_silently "exit $st, [patterns, calls] $got: $(cat many.err)"
fi

# A long recording makes the same file again and again (runc's memfd clone
# of itself at every exec, fexecve, a test built and run again): a new
# dentry and inode each time, one path, one executable, whose calls do not
# make a new set of patterns at each exec (they filled the maps, then the
# ring: calls lost); past the program's cache of 8192 files, none lost.
"$SP" record -q --via bpf -o memfd.json -- "$PROGS/memfd_objects" 9000 2>memfd.err
st=$?
[ $st = 0 ] && [ ! -s memfd.err ] &&
	[ "$(jq '[.objects[] | select(. == "/memfd:sp-object (deleted)")] | length' memfd.json)" = 1 ] &&
	ok file_made_again_is_one_executable_none_lost ||
	bad file_made_again_is_one_executable_none_lost "exit $st: $(cat memfd.err; jq -c .objects memfd.json)"

# A file's path takes the ring buffer its own length, not PATH_MAX: a
# burst of 1000 new objects mapped while sandprint is stopped (it cannot
# read the ring meanwhile) loses none.  FIFOs order the steps: the burst
# starts once sandprint is stopped, which is continued once it is over.
mkdir objs && for i in $(seq 1000); do echo > "objs/lib$i.so"; done
mkfifo ready go done
"$SP" record -q --via bpf -o burst.json -- sh -c \
	'echo > ready; read x < go; "$0" objs; echo $? > done' \
	"$PROGS/many_objects" 2>burst.err &
spid=$!
read -r _ < ready
kill -STOP $spid
echo > go
read -r mst < done
kill -CONT $spid
wait $spid
st=$?
got=$(jq '[.objects[] | select(test("/objs/lib[0-9]+[.]so$"))] | length' burst.json)
[ $st = 0 ] && [ "$mst" = 0 ] && [ "$got" = 1000 ] && [ ! -s burst.err ] &&
	ok burst_of_new_objects_fits_the_ring ||
	bad burst_of_new_objects_fits_the_ring "exit $st ($mst), $got objects: $(cat burst.err)"

# --- sandprint killed: the workload goes with it, as on the other paths -----
# (The workload's pids from itself: another run's sleeps are not ours.)
# Killed once both sleeps run (not on a timer: under the sanitizer pass at
# load the workload starts seconds late); the guardian kills the workload
# once sandprint is gone, not at the same instant: up to 30 s for that.
# execs PID PROG: up to 30 s for process PID to run PROG.
execs() {
	for _ in $(seq 600); do
		[ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	return 1
}
# gone PID...: up to 30 s for every PID to have ended.
gone() {
	local p a
	for _ in $(seq 600); do
		a=
		for p; do alive "$p" && a=1; done
		[ -z "$a" ] && return 0
		sleep 0.05
	done
	return 1
}
rm -f killed.pids
"$SP" record -q --via bpf -o killed.json -- sh -c \
	"sleep 31 & echo \$! \$\$ >'$WORK/killed.pids'; exec sleep 32" &
spid=$!
for _ in $(seq 600); do [ -s killed.pids ] && break; sleep 0.05; done
kids=$(cat killed.pids 2>/dev/null)
SLEEP=$(readlink -f "$(command -v sleep)")
for k in $kids; do execs "$k" "$SLEEP"; done
kill -KILL $spid
wait $spid 2>/dev/null
gone $kids
left=
for k in $kids; do alive "$k" && left="$left $k"; done
if [ -n "$kids" ] && [ -z "$left" ]; then ok sigkill_takes_the_workload_along
else bad sigkill_takes_the_workload_along "workload '${kids}' left:$left"; kill -KILL $left 2>/dev/null; fi
# Started without standard descriptors (a daemon's child), the same; and
# the workload is started without them, as natively.  (Its descriptors
# are read once it runs sleep: the shell before it has the pid file open
# on 1.)
rm -f closed.pid
"$SP" record -q --via bpf -o closed.json -- sh -c \
	"echo \$\$ >'$WORK/closed.pid'; exec sleep 34" <&- >&- 2>&- &
spid=$!
for _ in $(seq 600); do [ -s closed.pid ] && break; sleep 0.05; done
k=$(cat closed.pid 2>/dev/null)
[ -n "$k" ] && execs "$k" "$SLEEP"
fds=$(ls "/proc/$k/fd" | grep -x '[012]')
kill -KILL $spid
wait $spid 2>/dev/null
[ -n "$k" ] && gone "$k"
if [ -n "$k" ] && ! alive "$k" && [ -z "$fds" ]; then
	ok sigkill_takes_the_workload_along_without_standard_descriptors
else
	bad sigkill_takes_the_workload_along_without_standard_descriptors "workload '$k' alive, its standard descriptors: '$fds'"
	[ -n "$k" ] && kill -KILL "$k" 2>/dev/null
fi
# sandprint waits for its guardian before it exits (unguard()): none is
# left the moment it has.  (Its output names this run's: tests run two at
# a time.)
"$SP" record -q --via bpf -o "$WORK/t.json" -- true
pgrep -f "^$SP record -q --via bpf -o $WORK/t.json" >/dev/null &&
	bad no_guardian_left_after_a_normal_end "$(pgrep -af "^$SP record")" ||
	ok no_guardian_left_after_a_normal_end
# Nor for a moment: sandprint's caller, where it is a subreaper (an init,
# a supervisor), is handed neither the guardian nor its zombie.
python3 - "$SP" >outlive.txt <<'EOF'
import ctypes, os, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
left = 0
for _ in range(20):
    p = os.fork()
    if p == 0:
        os.execv(sys.argv[1], [sys.argv[1], "record", "-q", "--via", "bpf",
                               "-o", "outlive.json", "--", "true"])
    os.waitpid(p, 0)
    try:
        os.waitpid(-1, 0)
        left += 1
    except ChildProcessError:
        pass
print(left)
EOF
[ "$(cat outlive.txt)" = 0 ] && ok guardian_gone_with_sandprint ||
	bad guardian_gone_with_sandprint "left to the caller after $(cat outlive.txt) of 20 runs"
# A guardian that is gone (killed by someone; by a group signal it never
# gets: its own process group) costs the recording nothing: sandprint
# neither dies of SIGPIPE telling it the end nor loses the trace.  (The
# workload kills its parent's other child, the guardian.)
"$SP" record -q --via bpf -o gk.json -- sh -c \
	'for c in $(cat /proc/$PPID/task/*/children); do [ "$c" = $$ ] || kill -KILL "$c"; done'
st=$?
[ $st = 0 ] && [ "$(jq -r .end gk.json 2>/dev/null)" = exited ] &&
	ok guardian_gone_costs_nothing || bad guardian_gone_costs_nothing "exit $st, end $(jq -r .end gk.json 2>&1)"

# --- sandprint in a PID namespace of its own (a container's) ----------------
# The kernel numbers processes in the initial namespace, sandprint in its
# own: the same calls as outside it, under the pids sandprint sees (a new
# namespace's are small), and killed, it takes the workload along.
if unshare -p -f --mount-proc true 2>/dev/null; then
	unshare -p -f --mount-proc "$SP" record -q --via bpf -o pidns.json -- \
		"$PROGS/vfork" >/dev/null 2>pidns.err
	st=$?
	"$SP" record -q --via bpf -o pidns0.json -- "$PROGS/vfork" >/dev/null 2>&1
	if [ $st = 0 ] && [ -s pidns.json ] && diff <(patterns pidns0.json counts) <(patterns pidns.json counts) >d.txt &&
		jq -e '[.processes[].pid] as $p | ($p | max) < 100 and
			all(.patterns[]; .pid as $q | $p | index($q))' pidns.json >/dev/null; then
		ok recorded_from_a_pid_namespace_of_its_own
	else
		bad recorded_from_a_pid_namespace_of_its_own "exit $st $(cat pidns.err) $(head -4 d.txt | tr '\n' ' ') $(jq -c '[.processes[].pid]' pidns.json)"
	fi
	# Killed once the workload runs its sleep; up to 30 s for the
	# guardian to end it (the namespace's own processes only: no other
	# test's).
	unshare -p -f --mount-proc sh -c '
		sleeping() {
			for f in /proc/[0-9]*/stat; do
				read -r l <"$f" 2>/dev/null &&
					case $l in *"(sleep) "[!ZX]*) echo "$l" ;; esac
			done
		}
		"$0" record -q --via bpf -o pidnsk.json -- sleep 33 &
		i=0
		while [ -z "$(sleeping)" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
		[ -n "$(sleeping)" ] || { echo "never ran"; exit; }
		kill -KILL $!
		i=0
		while [ -n "$(sleeping)" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
		sleeping' "$SP" >pidnsk.out 2>/dev/null
	[ ! -s pidnsk.out ] && ok sigkill_takes_the_workload_along_in_a_pid_namespace ||
		bad sigkill_takes_the_workload_along_in_a_pid_namespace "left: $(cut -d" " -f1-3 pidnsk.out)"
fi

# --- -p: running processes, neither stopped nor traced ----------------------
# Each round of the loop adds a line to loop.marks: two lines written
# after the recording said it was ready are a whole round recorded (the
# true run, waited for), not a timer.
# marks N: up to 30 s for loop.marks to have N lines.
marks() {
	for _ in $(seq 600); do
		[ "$(wc -l <loop.marks 2>/dev/null || echo 0)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
rm -f loop.marks
sh -c 'while :; do /bin/true; echo >>loop.marks; sleep 0.05; done' &
loop=$!
marks 1
rm -f ready1
mkfifo ready1
"$SP" record -q --via bpf -o att.json -p $loop --ready-fd 3 3>ready1 &
spid=$!
read -r _ <ready1
rm -f loop.marks
marks 2
tracer=$(awk '/^TracerPid:/ {print $2}' /proc/$loop/status)
[ "$tracer" = 0 ] && ok attached_process_not_traced || bad attached_process_not_traced "TracerPid $tracer"
kill -INT $spid
wait $spid
st=$?
kill $loop 2>/dev/null
wait $loop 2>/dev/null
[ $st = 0 ] && [ "$(jq -r .end att.json)" = interrupted ] && ok attach_stops_on_sigint ||
	bad attach_stops_on_sigint "exit $st, $(jq -r .end att.json)"
jq -e '(.executables | index("/usr/bin/true")) and ([.patterns[].syscall] | index("wait4"))' att.json >/dev/null &&
	ok attach_follows_new_children || bad attach_follows_new_children "$(jq -c .executables att.json)"
# The process ends once the recording runs, not on a timer: on a loaded
# machine (the sanitizer pass) a short sleep was gone before the attach.
rm -f go2 ready2
mkfifo go2 ready2
sh -c 'read -r _ < go2' &
short=$!
"$SP" record -q --via bpf -o att2.json -p $short --ready-fd 3 3>ready2 &
spid=$!
read -r _ <ready2
echo > go2
wait $spid
st=$?
[ $st = 0 ] && [ "$(jq -r .end att2.json)" = exited ] && ok attach_ends_when_process_exits ||
	bad attach_ends_when_process_exits "exit $st, $(jq -r .end att2.json)"

# A process whose main thread exited (a zombie leader) runs on: followed
# until its end, which is the trace's.
leaderless bpf

# --- --cgroup: every process of a cgroup, those that join it later too ------
root=$(findmnt -n -t cgroup2 -o TARGET | head -n 1)
[ -z "$root" ] && root=$(findmnt -n -t cgroup -o TARGET,OPTIONS | awk '$2 ~ /pids/ {print $1; exit}')
if [ -z "$root" ]; then
	echo "inkernel: no cgroup hierarchy; --cgroup cases skipped" >&2
else
	CGROUP=$root/sandprint-test-$$
	mkdir "$CGROUP"
	# A process in the cgroup before the recording starts, another that
	# joins it while it runs (and fails); the recording ends when both
	# are gone, complete (status 0), the workload's end unknown: neither
	# process is the cgroup's.  FIFOs order the steps (a timer did not,
	# under the sanitizer pass at load): the first process is in the
	# cgroup before the recording starts, and runs its sleep once the
	# joiner has been and gone.
	rm -f ready member go
	mkfifo ready member go
	sh -c "echo \$\$ >$CGROUP/cgroup.procs; echo >member; read -r _ <go; exec sleep 0.2" &
	first=$!
	read -r _ <member
	"$SP" record -q --via bpf --cgroup "$CGROUP" -o cg.json --ready-fd 3 3>ready &
	spid=$!
	read -r line <ready
	[ "$line" = ready ] && ok cgroup_ready_told || bad cgroup_ready_told "read '$line'"
	sh -c 'echo $$ >"$0/cgroup.procs"; exec "$1/exitcode" 3' "$CGROUP" "$PROGS"
	echo >go
	wait $spid
	st=$?
	wait $first
	[ $st = 0 ] && [ "$(jq -r .end cg.json)" = unknown ] && ok cgroup_recording_ends_when_empty ||
		bad cgroup_recording_ends_when_empty "exit $st, $(jq -c '{"end": .end, status}' cg.json)"
	jq -e '(.executables | index("/usr/bin/sleep")) and (.executables | index("'"$PROGS"'/exitcode"))' cg.json >/dev/null &&
		ok cgroup_member_and_joiner_recorded || bad cgroup_member_and_joiner_recorded "$(jq -c .executables cg.json)"
	# Run from inside the cgroup it records: sandprint neither follows
	# nor counts itself, and ends when the cgroup's sleep is gone.  (The
	# sleep, not sandprint's child, runs once sandprint is ready.)
	rm -f ready go
	mkfifo ready go
	timeout -k 1 60 sh -c "echo \$\$ >$CGROUP/cgroup.procs; ( (read -r _ <go; exec sleep 0.2) & ); exec \"$SP\" record -q --via bpf --cgroup $CGROUP -o cgself.json --ready-fd 3 3>ready" &
	spid=$!
	read -r _ <ready
	echo >go
	wait $spid
	st=$?
	[ $st = 0 ] && jq -e '(.executables | index("/usr/bin/sleep")) and ([.executables[] | select(endswith("/sandprint"))] | length == 0)' cgself.json >/dev/null &&
		ok cgroup_recorded_from_inside_ends_without_itself ||
		bad cgroup_recorded_from_inside_ends_without_itself "exit $st, $(jq -c .executables cgself.json 2>&1)"
	"$SP" record -q --via notify --cgroup "$CGROUP" -o x.json 2>err.txt
	[ $? = 2 ] && grep -q -- '--cgroup takes the in-kernel recorder' err.txt &&
		ok cgroup_needs_the_inkernel_path || bad cgroup_needs_the_inkernel_path "$(cat err.txt)"
	rmdir "$CGROUP" && CGROUP=
fi

# Records --cgroup DIR while a sleep is in it, runs cmd... meanwhile, and
# says which executables the trace holds.
# (The sleep is in the cgroup before the recording starts and runs once
# cmd is over: FIFOs, not a timer.)
cgroup_run() { # dir name cmd...
	local dir=$1 name=$2
	shift 2
	rm -f ready member go
	mkfifo ready member go
	sh -c "echo \$\$ >'$dir/cgroup.procs'; echo >member; read -r _ <go; exec sleep 0.2" &
	local member=$!
	read -r _ <member
	"$SP" record -q --via bpf --cgroup "$dir" -o "$name.json" --ready-fd 3 3>ready 2>"$name.err" &
	local rec=$!
	read -r _ <ready
	"$@" >/dev/null
	echo >go
	wait $rec $member
	jq -c .executables "$name.json" 2>&1
}
# A process started in the cgroup by one outside it (cgroup v2's
# clone3(CLONE_INTO_CGROUP), as systemd starts a service's and crun a
# container's) is recorded from its first instruction: no process is
# attached to the cgroup.  (The hierarchy mounted here: it may be the
# only v1 one.)
CG2=
sp_at_exit '[ -n "$CG2" ] && { rmdir "$CG2"; umount "$WORK/cg2"; } 2>/dev/null'
mkdir cg2
if mount -t cgroup2 none "$WORK/cg2" 2>/dev/null; then
	CG2=$WORK/cg2/sandprint-test-$$
	mkdir "$CG2"
	got=$(cgroup_run "$CG2" cgclone "$PROGS/cgroup_clone" "$CG2" /bin/ls /)
	case $got in
	*'"/usr/bin/ls"'*) ok cgroup_process_started_into_it_recorded ;;
	*) bad cgroup_process_started_into_it_recorded "$got $(cat cgclone.err)" ;;
	esac
	rmdir "$CG2" && umount "$WORK/cg2" && CG2=
fi
# Each hierarchy numbers its cgroups alike (two new named v1 ones: their
# first cgroups have the same number): a process attached to the other
# hierarchy's is not the recording's.  A hierarchy goes once unmounted
# without cgroups, when the kernel has let go of the last one.
v1_gone() { # name
	local _
	for _ in $(seq 100); do
		grep -q ":name=$1:" /proc/self/cgroup || return 0
		mount -t cgroup -o "none,name=$1" none "$WORK/hgone" 2>/dev/null &&
			umount "$WORK/hgone"
		sleep 0.1
	done
}
HA=sp_test_a_$$ HB=sp_test_b_$$
mkdir ha hb hgone
sp_at_exit '{ rmdir "$WORK/ha/x" "$WORK/hb/x"; umount "$WORK/ha" "$WORK/hb"; v1_gone $HA; v1_gone $HB; } 2>/dev/null'
if mount -t cgroup -o "none,name=$HA" none ha 2>/dev/null; then
	if mount -t cgroup -o "none,name=$HB" none hb && mkdir ha/x hb/x &&
		[ "$(stat -c %i ha/x)" = "$(stat -c %i hb/x)" ]; then
		got=$(cgroup_run "$WORK/ha/x" cgother sh -c "echo \$\$ >'$WORK/hb/x/cgroup.procs'; exec /bin/ls /")
		case $got in
		*'"/usr/bin/sleep"'*'"/usr/bin/ls"'* | *'"/usr/bin/ls"'*) bad cgroup_of_another_hierarchy_not_recorded "$got" ;;
		*'"/usr/bin/sleep"'*) ok cgroup_of_another_hierarchy_not_recorded ;;
		*) bad cgroup_of_another_hierarchy_not_recorded "$got $(cat cgother.err)" ;;
		esac
	fi
	rmdir ha/x hb/x 2>/dev/null
	umount ha hb 2>/dev/null
	v1_gone $HA
	v1_gone $HB
fi
# A cgroup that is not there is sandprint's error (2), not a command's
# "not found" (127).
"$SP" record -q --cgroup "/sys/fs/cgroup/sandprint-none-$$" -o x.json 2>err.txt
st=$?
[ $st = 2 ] && grep -q "^sandprint: --cgroup /sys/fs/cgroup/sandprint-none-$$: No such file or directory" err.txt &&
	ok missing_cgroup_is_error_2 || bad missing_cgroup_is_error_2 "exit $st: $(cat err.txt)"
"$SP" record -q --ready-fd 1 -o x.json -- true 2>err.txt
[ $? = 2 ] && grep -q -- '--ready-fd is for --cgroup' err.txt && ok ready_fd_needs_an_attached_recording ||
	bad ready_fd_needs_an_attached_recording "$(cat err.txt)"
"$SP" record -q --cgroup /tmp -o x.json 2>err.txt
[ $? = 2 ] && grep -q 'not a cgroup directory' err.txt && ok cgroup_path_checked ||
	bad cgroup_path_checked "$(cat err.txt)"

# --- where it cannot run: one sentence; the default takes another path -----
if command -v setpriv >/dev/null; then
	chmod 777 "$WORK"
	setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		"$SP" record -q --via bpf -o "$WORK/np.json" -- true 2>np.err
	st=$?
	[ $st = 2 ] && [ "$(wc -l <np.err)" = 1 ] &&
		grep -q 'the in-kernel recorder cannot run here: it needs root' np.err &&
		ok unprivileged_told_in_one_sentence || bad unprivileged_told_in_one_sentence "exit $st, $(cat np.err)"
fi
# The default: as root, in the kernel (the workload is not traced); where
# it cannot run, one note and ptrace stops (the workload is traced).
"$SP" record -q -o dflt.json -- sh -c 'grep TracerPid /proc/self/status >dflt.out' 2>dflt.err
[ $? = 0 ] && [ "$(awk '/^TracerPid:/ { print $2 }' dflt.out)" = 0 ] && [ ! -s dflt.err ] &&
	[ "$(jq '[.patterns[] | select(.syscall == "execve")] | length' dflt.json)" -gt 0 ] &&
	ok default_as_root_records_in_the_kernel ||
	bad default_as_root_records_in_the_kernel "$(cat dflt.out dflt.err)"
if command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		"$SP" record -o "$WORK/dnp.json" -- \
		sh -c "grep TracerPid /proc/self/status >'$WORK/dnp.out'" 2>dnp.err
	st=$?
	tp=$(awk '/^TracerPid:/ { print $2 }' "$WORK/dnp.out" 2>/dev/null)
	[ $st = 0 ] && [ -n "$tp" ] && [ "$tp" != 0 ] &&
		grep -q 'the in-kernel recorder cannot run here (it needs root.*): recording with ptrace stops' dnp.err &&
		ok default_unprivileged_falls_back_to_ptrace_with_a_note ||
		bad default_unprivileged_falls_back_to_ptrace_with_a_note "exit $st, TracerPid $tp: $(cat dnp.err)"
fi
# A kernel that refuses the program (here: bpf(2) fails EINVAL, as a
# kernel without the program's features answers) is named by its own
# release, not by what uname says under a personality (setarch
# --uname-2.6: 2.6.x).
cat >nobpf.py <<'PY'
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
def ins(code, jt, jf, k): return struct.pack("HBBI", code, jt, jf, k)
prog = b"".join([
    ins(0x20, 0, 0, 4),                 # ld arch
    ins(0x15, 0, 3, 0xC000003E),        # x86_64?
    ins(0x20, 0, 0, 0),                 # ld nr
    ins(0x15, 0, 1, 321),               # bpf?
    ins(0x06, 0, 0, 0x00050000 | 22),   # ERRNO(EINVAL)
    ins(0x06, 0, 0, 0x7FFF0000),        # ALLOW
])
code = ctypes.create_string_buffer(prog)
fprog = ctypes.create_string_buffer(struct.pack("HxxxxxxQ", len(prog) // 8, ctypes.addressof(code)))
if libc.prctl(38, 1, 0, 0, 0) or libc.prctl(22, 2, ctypes.c_void_p(ctypes.addressof(fprog)), 0, 0):
    sys.exit("nobpf: " + os.strerror(ctypes.get_errno()))
os.execvp(sys.argv[1], sys.argv[1:])
PY
if [ "$(uname -m)" = x86_64 ] && command -v setarch >/dev/null; then
	python3 nobpf.py setarch x86_64 --uname-2.6 "$SP" record -q --via bpf -o x.json -- true 2>nobpf.err
	st=$?
	[ $st = 2 ] && grep -qF "Linux $(cat /proc/sys/kernel/osrelease) cannot load its BPF program" nobpf.err &&
		ok cannot_load_names_the_kernels_own_release ||
		bad cannot_load_names_the_kernels_own_release "exit $st: $(cat nobpf.err)"
fi
"$SP" record -q --via bpf --stacks -o x.json -- true 2>err.txt
[ $? = 2 ] && grep -q 'stacks' err.txt && ok stacks_not_with_bpf || bad stacks_not_with_bpf "$(cat err.txt)"
"$SP" run --via bpf --audit -p probe.json -o r.json -- true 2>err.txt
[ $? = 2 ] && ok run_refuses_bpf || bad run_refuses_bpf "$(cat err.txt)"

# --- the host is left as it was: raw tracepoints need no tracefs ----------
[ "$(findmnt -n -t tracefs | wc -l)" = "$tracefs_before" ] && ok tracefs_left_as_it_was ||
	bad tracefs_left_as_it_was "$(findmnt -n -t tracefs)"

sp_end
