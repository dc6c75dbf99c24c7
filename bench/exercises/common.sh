# common.sh - sourced by every exercise: a data directory under the
# working directory (bound read-write into the container at the same
# path), and waiting for a server.
set -u
D="$PWD/data"
mkdir -p "$D"
# wait_for TEST...: up to 10 s for TEST to succeed.
wait_for() {
	for _ in $(seq 100); do
		"$@" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "exercise: timed out waiting for: $*" >&2
	return 1
}
