#!/bin/bash
# formats.sh - real workloads under every launcher sandprint writes for:
# the compiled -f c jail (libseccomp), the compiled -f c-bpf jail (no
# library) and bwrap --seccomp with the -f bpf program, each from a profile
# with a KILL default recorded by `sandprint generate`.  Each run must end
# as the native run does (status and output).
#
# Usage: formats.sh SANDPRINT PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
if [ "$(id -u)" != 0 ]; then
	echo "formats: needs root; skipping" >&2
	exit 77
fi
if ! command -v bwrap >/dev/null || ! command -v cc >/dev/null; then
	echo "formats: needs bwrap and cc (scripts/deps.sh); skipping" >&2
	exit 77
fi
sp_begin formats

# Same status (and, with CMP=output, output) as natively?
same() { # name native_status native_out status out
	if [ "$4" -ne "$2" ]; then
		bad "$1" "status $4, natively $2: $(head -c 300 "$5")"
	elif [ "$CMP" = output ] && ! cmp -s "$3" "$5"; then
		bad "$1" "output differs from the native run"
	else
		ok "$1"
	fi
}

# The whole tree as it is (the output must match the native run), and no
# pid namespace: with one, bwrap's pid-1 init runs under the filter too,
# and its wait4 is no call of the workload.
BWRAP=(bwrap --dev-bind / / --die-with-parent)

run_all() { # name status|output cmd...
	local name=$1 st
	CMP=$2
	shift 2
	"$@" >native.out 2>&1
	local nst=$?
	for f in json c c-bpf bpf; do
		"$SP" generate -q --default-action kill-process -f "$f" \
			-o "$name.$f" -- "$@" >/dev/null 2>&1 ||
			{ bad "${name}_generate_$f" "sandprint generate failed"; return; }
	done
	cc -Wall -Wextra -Werror -o "$name.jail" -x c "$name.c" -lseccomp 2>cc.err ||
		{ bad "${name}_c_compiles" "$(head -c 300 cc.err)"; return; }
	cc -Wall -Wextra -Werror -o "$name.jail-bpf" -x c "$name.c-bpf" 2>cc.err ||
		{ bad "${name}_c_bpf_compiles" "$(head -c 300 cc.err)"; return; }
	"./$name.jail" "$@" >run.out 2>&1; st=$?
	same "${name}_under_c_jail" $nst native.out $st run.out
	"./$name.jail-bpf" "$@" >run.out 2>&1; st=$?
	same "${name}_under_c_bpf_jail" $nst native.out $st run.out
	"${BWRAP[@]}" --seccomp 9 -- "$@" 9<"$name.bpf" >run.out 2>&1; st=$?
	same "${name}_under_bwrap_seccomp" $nst native.out $st run.out
}

# The filter really is enforced: a profile of `true` kills `ls`.
"$SP" generate -q --default-action kill-process -f c-bpf -o true.c -- \
	/bin/true >/dev/null 2>&1
(cc -o true.jail -x c true.c && ./true.jail /bin/ls /) >/dev/null 2>&1
st=$?
[ "$st" -eq $((128 + 31)) ] && ok c_bpf_jail_kills_what_was_not_recorded ||
	bad c_bpf_jail_kills_what_was_not_recorded "status $st, expected 159"
"$SP" generate -q --default-action kill-process -f bpf -o true.bpf -- \
	/bin/true >/dev/null 2>&1
"${BWRAP[@]}" --seccomp 9 -- /bin/ls / 9<true.bpf >/dev/null 2>&1
st=$?
[ "$st" -ne 0 ] && ok bwrap_kills_what_was_not_recorded ||
	bad bwrap_kills_what_was_not_recorded "ls ran to the end"

run_all threads output "$PROGS/threads"
run_all ls_l_usr output ls -l /usr
# / changes under a busy machine (/proc, /tmp): the status only.
run_all ls_l_root status ls -l /

sp_end
