# A Python service (pyserve.py: http.server on a unix socket): train
# fetches one file; test lists a directory, misses a file, asks for
# headers and fetches from several clients at once.
prepare() {
	mkdir -p "$D/pub/sub"
	rm -f "$D/p.sock"
	echo hello >"$D/pub/index.txt"
}
EXE=/usr/bin/python3.11
SERVER=($EXE "$PWD/pyserve.py" "$D/p.sock" "$D/pub")
get() { /usr/bin/curl -s --unix-socket "$D/p.sock" "$@"; }
ready() { get -f http://x/index.txt -o /dev/null; }
client_train() { get -f http://x/index.txt | grep -q hello; }
client_test() {
	local i pids=""
	get -f http://x/sub/ | grep -q 'Directory listing' &&
	[ "$(get -o /dev/null -w '%{http_code}' http://x/nope)" = 404 ] &&
	get -fI http://x/index.txt | grep -q 200 || return 1
	for i in 1 2 3 4; do
		get -f http://x/index.txt >/dev/null &
		pids="$pids $!"
	done
	wait $pids
}
