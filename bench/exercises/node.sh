# node: an HTTP server (nodeserve.js): train fetches one page; test reads
# a file, hashes with the thread pool, compresses and waits on a timer.
prepare() { rm -f "$D/n.sock"; echo data >"$D/file.txt"; }
EXE=/usr/bin/node
SERVER=($EXE "$PWD/nodeserve.js" "$D/n.sock" "$D")
get() { /usr/bin/curl -sf --unix-socket "$D/n.sock" "$@"; }
ready() { get http://x/ -o /dev/null; }
client_train() { get http://x/ | grep -q hello; }
client_test() {
	get http://x/file | grep -q data &&
	get http://x/hash | grep -q '^[0-9a-f]\{64\}$' &&
	get --compressed http://x/gzip | grep -q zipped &&
	get http://x/timer | grep -q waited
}
