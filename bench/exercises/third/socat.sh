# socat as a relay: a unix socket forwarded to a backend on the host (a
# child per connection).  train: one small request; test: four large
# responses at once, a HEAD, a miss, and a client that hangs up
# before its answer.
. ./backend.inc
prepare() { rm -f "$D/s.sock"; backend; }
EXE=/usr/bin/socat
SERVER=($EXE UNIX-LISTEN:"$D/s.sock",fork UNIX-CONNECT:"$D/b.sock")
get() { /usr/bin/curl -s --unix-socket "$D/s.sock" "$@"; }
ready() { [ -S "$D/s.sock" ]; }
client_train() { [ "$(get -f http://x/index.txt)" = hello ]; }
client_test() {
	local i pids=""
	[ "$(get -o /dev/null -w '%{http_code}' http://x/nope)" = 404 ] &&
	get -f -I http://x/index.txt >/dev/null
	get -f --max-time 0.05 --limit-rate 1k http://x/big >/dev/null
	for i in 1 2 3 4; do
		[ "$(get -f http://x/big | wc -c)" = 200000 ] &
		pids="$pids $!"
	done
	wait $pids
}
# socat ends with 128 + the signal that stopped it.
STOPPED=143
