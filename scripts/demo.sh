#!/bin/bash
# demo.sh - install what is missing, build, and show the main job: record
# a real command, write its seccomp profile, and run the command again in
# an OCI runtime (crun) under that profile, with every call outside it
# killing the process.  Needs root.
#
# Usage: demo.sh [SANDPRINT]  (with SANDPRINT, a built sandprint: no
# install, no build; the test suite runs it so, tests/demo.cmake)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -gt 0 ]; then
	[ "$(id -u)" = 0 ] || { echo "demo: needs root (crun); skipping" >&2; exit 77; }
	sp=$(realpath -e -- "$1")
else
	# Said before installing and building, not after.
	[ "$(id -u)" = 0 ] || { echo "demo: needs root (crun): run it as root" >&2; exit 1; }
	"$top/scripts/deps.sh"
	"$top/scripts/build.sh" "$top/build"
	sp=$top/build/cli/sandprint
fi
work=$(mktemp -d /tmp/sandprint-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

cmd=(sh -c 'ls -l /usr/include | head -3; echo sandprint | tr a-z A-Z')
echo "== 1. record '${cmd[*]}' and write its profile"
"$sp" generate --default-action kill-process -o profile.json -- "${cmd[@]}"
echo
echo "== 2. the profile (excerpt): $(jq '.syscalls[0].names | length' profile.json) recorded syscalls"
jq -c '{defaultAction, architectures, recorded: .syscalls[0].names}' profile.json
echo
echo "== 3. the same command in crun under the profile"
"$top/tests/run-in-crun.sh" profile.json -- "${cmd[@]}"
echo "exit status: $?"
echo
# Not just any call: the profile also holds what the code the command
# loaded can reach (its [static] rules), uname(2) among them.  A new user
# namespace is what no code of it asks for, and what a container's
# profile exists to keep shut.
echo "== 4. a command that needs more (a user namespace: unshare(CLONE_NEWUSER)): killed"
set +e
"$top/tests/run-in-crun.sh" profile.json -- unshare --user true
rc=$?
set -e
echo "exit status: $rc (159 = killed by SIGSYS: the profile is enforced)"
[ "$rc" -eq 159 ]
