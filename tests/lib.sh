# shellcheck shell=bash disable=SC2034
# tests/lib.sh - the harness every tests/*.sh script shares.  Source it
# first thing:
#
#   . "$(dirname -- "$0")/lib.sh"
#   sp_begin NAME [root]   work in a fresh /tmp/sp-NAME.XXXXXX (removed at
#                          exit, with whatever sp_at_exit added); with
#                          "root", exit 77 (ctest's skip) unless root
#   ok NAME                a passed case
#   bad NAME WHY           a failed one
#   expect_status NAME EXPECTED ACTUAL
#   has NAME PATTERN FILE  ok when grep -E finds PATTERN in FILE
#   sp_at_exit CMD         run CMD (eval'd) at exit, before WORK goes
#   sp_end                 "N passed, M failed"; exits 0 only when none
#                          failed and some passed (a script that checked
#                          nothing has failed too)
#
# Output of every script: "ok NAME" / "FAIL NAME: why" per case, then the
# count.  HERE is the tests/ directory.
HERE=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
pass=0 fail=0
WORK=
sp_exit_cmds=()

ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }
expect_status() { # name expected actual
	if [ "$3" -eq "$2" ]; then ok "$1"; else bad "$1" "status $3, expected $2"; fi
}
has() { # name pattern file
	if grep -Eq -- "$2" "$3"; then ok "$1"; else bad "$1" "no /$2/ in: $(head -c 600 "$3" | tr '\n' '|')"; fi
}

sp_at_exit() { sp_exit_cmds+=("$1"); }
sp_cleanup() {
	local c
	for c in "${sp_exit_cmds[@]}"; do eval "$c"; done
	[ -n "$WORK" ] && rm -rf -- "$WORK"
}

sp_begin() { # name [root]
	if [ "${2:-}" = root ] && [ "$(id -u)" != 0 ]; then
		echo "$1: needs root; skipping" >&2
		exit 77
	fi
	WORK=$(mktemp -d "/tmp/sp-$1.XXXXXX") || exit 2
	trap sp_cleanup EXIT
	cd "$WORK" || exit 2
}

sp_end() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
	exit
}
