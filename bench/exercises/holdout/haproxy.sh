# haproxy: train answers from the proxy itself; test proxies to a
# backend on the host (another unix socket), several clients at once,
# a miss, and the statistics page.
. ./backend.inc
prepare() {
	rm -f "$D/h.sock"
	cat >"$D/haproxy.cfg" <<CONF
global
	nbthread 2
defaults
	mode http
	timeout connect 2s
	timeout client 10s
	timeout server 10s
frontend fe
	bind unix@$D/h.sock
	http-request return status 200 content-type text/plain string hello if { path /hello }
	use_backend st if { path_beg /stats }
	default_backend be
backend st
	stats enable
	stats uri /stats
backend be
	server s1 unix@$D/b.sock
CONF
}
EXE=/usr/sbin/haproxy
SERVER=($EXE -db -f "$D/haproxy.cfg")
STOP=USR1
get() { /usr/bin/curl -s --unix-socket "$D/h.sock" "$@"; }
ready() { get -f http://x/hello -o /dev/null; }
client_train() { [ "$(get http://x/hello)" = hello ]; }
client_test() {
	local i pids=""
	backend || return 1
	get -f http://x/index.txt | grep -q hello &&
	[ "$(get -o /dev/null -w '%{http_code}' http://x/nope)" = 404 ] &&
	get -f 'http://x/stats;csv' | grep -q '^fe,' || return 1
	for i in 1 2 3 4; do
		[ "$(get -f http://x/big | wc -c)" = 200000 ] &
		pids="$pids $!"
	done
	wait $pids
}
