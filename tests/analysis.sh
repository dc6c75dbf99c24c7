#!/bin/bash
# analysis.sh - the commands that read recordings and profiles (explain,
# show, merge, diff, check, import) as a demanding user meets them, each
# input kind against the others: traces imported from strace and audit
# logs, profiles sandprint wrote, Docker's and Podman's, merged ones.
# Oracles the code under test does not produce: the files' own fields
# (Podman's defaultErrno, a comment's text), what another command says of
# the same input (profile against explain), the kernel's numbers.
#
# Usage: analysis.sh SANDPRINT TESTDATA
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
# Needs no root: nothing is recorded.
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
DATA=$(realpath -e -- "$2") || exit 2
sp_begin analysis

# A trace imported from strace output: ls, which loads libc.
cat >t.strace <<'EOF'
100 execve("/usr/bin/ls", ["ls"], 0x7ffd /* 20 vars */) = 0
100 brk(NULL) = 0x55
100 openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
100 mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f
100 write(1, "x\n", 2) = 2
100 exit_group(0) = ?
100 +++ exited with 0 +++
EOF
"$SP" import -q -o t.json t.strace || { echo "setup: import failed"; exit 2; }
"$SP" profile -q -o p.json t.json || { echo "setup: profile failed"; exit 2; }

# --- explain -----------------------------------------------------------------
# explain TRACE explains the profile 'profile TRACE' writes: a call its
# static analysis added is allowed by both, for the same reason.
static=$(jq -r '[.syscalls[] | select(.comment | startswith("sandprint: static:"))][0].names[0]' p.json)
if [ -z "$static" ] || [ "$static" = null ]; then
	bad explain_trace_has_the_static_additions "no [static] rule in p.json"
else
	"$SP" explain -q t.json "$static" >ex.txt
	st=$?
	{ [ $st = 0 ] && grep -q '^origin: *\[static\]' ex.txt; } &&
		ok explain_trace_has_the_static_additions ||
		bad explain_trace_has_the_static_additions "$static: status $st: $(cat ex.txt)"
fi

# A number libseccomp names nothing still reaches the filter: its verdict
# is the default action, here Podman's defaultErrno string, ENOSYS.
"$SP" explain -q podman-default 1000 >ex.txt 2>err.txt
st=$?
{ [ $st = 1 ] && grep -q '^explain: podman-default: syscall_1000 ' ex.txt &&
	grep -q '^verdict: *SCMP_ACT_ERRNO (ENOSYS, 38)' ex.txt; } &&
	ok explain_unnamed_number_judged || bad explain_unnamed_number_judged "status $st: $(cat ex.txt err.txt)"
"$SP" explain -q podman-default 4294967296 >/dev/null 2>err.txt
expect_status explain_number_past_int_refused 2 $?

# Podman's rules carry empty comments: nothing to quote.
"$SP" explain -q podman-default read >ex.txt
grep -qx 'origin: *not written by sandprint' ex.txt && ok explain_empty_comment_not_quoted ||
	bad explain_empty_comment_not_quoted "$(grep origin ex.txt)"

sp_end
