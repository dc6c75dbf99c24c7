# shellcheck shell=bash
# lib.sh - what bench/survive.sh, bench/hook_survive.sh and the exercises
# they source share.  Sourced; needs $W (the work directory) for allowed.

# allowed PROFILE: the allowed names of an OCI profile that are x86_64
# system calls (their numbers cached in $W/numbers).
allowed() {
	/usr/bin/python3 - "$1" "$W/numbers" <<'PY'
import json, os, subprocess, sys
p = json.load(open(sys.argv[1]))
cache = {}
if os.path.exists(sys.argv[2]):
    cache = json.load(open(sys.argv[2]))
names = set()
for r in p.get("syscalls", []):
    if r.get("action") in ("SCMP_ACT_ALLOW", "SCMP_ACT_LOG"):
        names.update(r.get("names", []))
for n in names - cache.keys():
    out = subprocess.run(["scmp_sys_resolver", "-a", "x86_64", n],
                         capture_output=True, text=True).stdout.strip()
    cache[n] = int(out) if out.lstrip("-").isdigit() else -1
json.dump(cache, open(sys.argv[2], "w"))
print(sum(1 for n in names if cache[n] >= 0))
PY
}

# wait_for TEST...: up to 30 s for TEST to succeed.
wait_for() {
	for _ in $(seq 300); do
		"$@" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# main_process PATTERN: the server's main process as the host sees it:
# one running $EXE with PATTERN in its command line whose parent does not
# run $EXE (its workers and helpers do).  Fails when there is none.
main_process() {
	local p pp exe
	exe="$(readlink -f -- "$EXE")"
	for p in $(pgrep -f -- "$1"); do
		[ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$exe" ] || continue
		pp=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		[ "$(readlink "/proc/$pp/exe" 2>/dev/null)" = "$exe" ] && continue
		echo "$p"
		return 0
	done
	return 1
}

# in_netns PATTERN COMMAND...: COMMAND in the network namespace of the
# server's main process (main_process PATTERN).
in_netns() {
	local p
	p=$(main_process "$1") || return 1
	shift
	nsenter -t "$p" -n "$@"
}
