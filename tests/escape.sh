#!/bin/bash
# escape.sh - a recorded profile holds its workload to what it did: the
# escape program (testdata/progs/escape.c) opens AF_INET STREAM and DGRAM
# sockets, runs a thread, maps read/write and read-only memory and
# mprotects it; recorded with sandprint, then run under its own profile in
# crun with a KILL default, it tries one call next to those each time:
# SOCK_RAW (= STREAM | DGRAM), SOCK_PACKET (which makes AF_INET an
# AF_PACKET socket: refused though the computed type is otherwise
# free), namespaces through clone3 and clone, W+X
# memory through pkey_mprotect, mprotect and mmap, and through the
# persona READ_IMPLIES_EXEC (personality, which static coverage reaches
# through the program's own import, then its recorded read/write mmap)
# and through shmat's SHM_EXEC.  Every attack's value
# is computed at run time: a constant at the call, PROT_EXEC included, is
# code the program can run, which static coverage allows (that glibc's
# own constants lift no guard: tests/static_test.c).  A value the
# program computes is any value too but for a guard's bits, so the guards
# stop the attacks; the socket type has no guard: the raw socket passes
# the profile and crun's capabilities refuse it (EPERM, not a kill).
#
# Oracles: the program's own report, the exit status crun passes on (159:
# killed by the filter's SIGSYS, not refused for want of a capability),
# and controls: every attack succeeds natively, and in crun without a
# profile (but the raw socket, which crun's capabilities refuse), so each
# refusal is the profile's.
#
# Usage: escape.sh SANDPRINT PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed";
# exit 77 (skipped) when not root.
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROG=$(realpath -e -- "$2/escape") || exit 2
RUN="$HERE/run-in-crun.sh"
sp_begin escape root
ATTACKS="raw packet clone3 clone pkey mprotect mmap persona shm"

# Natively every attack works: they are real.
for a in $ATTACKS; do
	"$PROG" "$a" >out 2>&1
	rc=$?
	[ $rc = 1 ] && ok "native_${a}_escapes" || bad "native_${a}_escapes" "status $rc: $(tr '\n' ' ' <out)"
done

"$SP" record -q -o T.json -- "$PROG" >out 2>err &&
	"$SP" profile --default-action kill-process -o P.json T.json 2>err
rc=$?
[ $rc = 0 ] && ok recorded || { bad recorded "status $rc: $(tail -1 err)"; sp_end; }

# The workload itself runs under its profile, threads included (glibc
# falls back from clone3, refused with ENOSYS, to clone).
"$RUN" --kill --report rep P.json -- "$PROG" >out 2>err
rc=$?
if [ $rc = 0 ] && grep -q '^workload ok' out; then
	ok workload_runs_under_its_profile
else
	bad workload_runs_under_its_profile "status $rc; denied: $(tr '\n' ' ' <rep)"
fi

# sandprint's own judges agree that the workload's clone3 is no refusal it
# suffers (glibc falls back to clone, which the profile allows), and that
# the namespaces are.
"$SP" check -q --profile P.json T.json >out 2>&1
[ $? = 0 ] && ok check_own_trace_refuses_nothing || bad check_own_trace_refuses_nothing "$(tr '\n' ' ' <out)"
"$SP" run -q --audit --profile P.json -o audit.json -- "$PROG" >out 2>&1
jq -e '.refusals | length == 0' audit.json >/dev/null &&
	ok audit_of_the_workload_reports_nothing ||
	bad audit_of_the_workload_reports_nothing "$(jq -c '.refusals' audit.json)"
"$SP" run -q --enforce --profile P.json -o enforce.json -- "$PROG" clone3 >out 2>&1
jq -e '[.refusals[].syscall] == ["clone3"]' enforce.json >/dev/null &&
	ok enforce_reports_the_namespace_clone3 ||
	bad enforce_reports_the_namespace_clone3 "$(jq -c '.refusals' enforce.json)"

# Each attack: killed by the filter (159), clone3 refused with ENOSYS.
# The packet socket with CAP_NET_RAW, as Docker's default set grants:
# the profile, not the capabilities, refuses it.
for a in $ATTACKS; do
	cap=
	[ "$a" = packet ] && cap="--cap-add CAP_NET_RAW"
	"$RUN" --kill $cap --report rep P.json -- "$PROG" "$a" >out 2>err
	rc=$?
	if ! grep -q '^workload ok' out; then
		bad "profile_stops_$a" "the workload failed first (status $rc): $(tr '\n' ' ' <rep)"
	elif [ "$a" = raw ]; then
		grep -q '^refused: raw: Operation not permitted' out && [ $rc = 0 ] &&
			ok profile_leaves_the_computed_raw_type_to_the_capabilities ||
			bad profile_leaves_the_computed_raw_type_to_the_capabilities "status $rc: $(tr '\n' ' ' <out)"
	elif [ "$a" = clone3 ]; then
		grep -q '^refused: clone3: Function not implemented' out && [ $rc = 0 ] &&
			ok profile_stops_clone3_with_enosys ||
			bad profile_stops_clone3_with_enosys "status $rc: $(tr '\n' ' ' <out)"
	elif [ $rc = 159 ]; then
		ok "profile_kills_$a"
	else
		bad "profile_kills_$a" "status $rc: $(tr '\n' ' ' <out)"
	fi
done

# Without a profile, crun itself stops none of them (but the raw socket:
# no CAP_NET_RAW in crun's default set; the packet socket has it added),
# so the kills above are the profile's.
for a in packet clone3 clone pkey mprotect mmap persona shm; do
	cap=
	[ "$a" = packet ] && cap="--cap-add CAP_NET_RAW"
	"$RUN" $cap none -- "$PROG" "$a" >out 2>err
	rc=$?
	[ $rc = 1 ] && ok "crun_alone_lets_${a}_through" ||
		bad "crun_alone_lets_${a}_through" "status $rc: $(tr '\n' ' ' <out)"
done

sp_end
