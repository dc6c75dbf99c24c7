# A Go HTTP server (goserve.go, built by survive.sh): train fetches one
# page; test fetches JSON from many clients at once and a file.
prepare() { rm -f "$D/g.sock"; echo data >"$D/file.txt"; }
EXE=$PWD/goserve
SERVER=($EXE "$D/g.sock" "$D")
get() { /usr/bin/curl -sf --unix-socket "$D/g.sock" "$@"; }
ready() { get http://x/ -o /dev/null; }
client_train() { get http://x/ | grep -q hello; }
client_test() {
	local i pids=""
	for i in 1 2 3 4 5 6 7 8; do
		get "http://x/json?n=$i" >/dev/null &
		pids="$pids $!"
	done
	wait $pids &&
	get http://x/file | grep -q data &&
	get "http://x/json?n=100000" | grep -q sum
}
