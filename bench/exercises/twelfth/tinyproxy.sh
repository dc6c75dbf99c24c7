# Tinyproxy 1.11: an HTTP proxy of one process that makes a thread per
# client (its connections' names resolved by getaddrinfo), with a filter
# of host names by regular expression, CONNECT tunnels, reverse proxy
# paths and a statistics page of its own.  Run as nobody (RUNAS).  Its
# origin server is python's http.server in the container's network
# namespace (started from the host, as the clients: curl).
# Train fetches one page through the proxy.
# Test fetches a page and a missing one, a 300 kB file by 4 clients at
# once, a HEAD, a POST the origin refuses (501 passed on), a host the
# filter denies (403), a port where nothing listens (an error page),
# the statistics page, a page through a reverse proxy path, and one
# through a CONNECT tunnel.
prepare() {
	rm -rf "$D/pub" "$D/tinyproxy.conf" "$D/filter"
	mkdir -p "$D/pub"
	echo hello >"$D/pub/index.txt"
	head -c 300000 /dev/zero | tr '\0' b >"$D/pub/big"
	printf '^denied\\.test$\n' >"$D/filter"
	cat >"$D/tinyproxy.conf" <<CONF
Port 18888
Listen 127.0.0.1
Timeout 30
LogFile "$D/tinyproxy.log"
LogLevel Info
MaxClients 20
StatHost "stats.test"
Filter "$D/filter"
FilterExtended On
ConnectPort 18080
XTinyproxy Yes
ViaProxyName "tp"
ReversePath "/rev/" "http://127.0.0.1:18080/"
CONF
}
RUNAS=nobody
EXE=/usr/bin/tinyproxy
SERVER=($EXE -d -c "$D/tinyproxy.conf")
STOP=TERM
# in_proxy COMMAND...: COMMAND in the proxy's network namespace.
in_proxy() { in_netns "$D/tinyproxy.conf" "$@"; }
get() { in_proxy /usr/bin/curl -s -x http://127.0.0.1:18888 "$@"; }
# origin: python's http.server on 127.0.0.1:18080 beside the proxy,
# serving $D/pub, until origin_end.
origin() {
	local p
	p=$(main_process "$D/tinyproxy.conf") || return 1
	# nsenter executes python: $! is the server's pid.
	nsenter -t "$p" -n /usr/bin/python3 -m http.server -b 127.0.0.1 \
		-d "$D/pub" 18080 >/dev/null 2>&1 </dev/null &
	OPID=$!
	wait_for in_proxy /usr/bin/curl -sf -o /dev/null \
		http://127.0.0.1:18080/index.txt
}
origin_end() { kill "$OPID"; wait "$OPID"; return 0; }
ready() { in_proxy /usr/bin/curl -s -o /dev/null http://127.0.0.1:18888/; }
client_train() {
	origin || return 1
	get http://127.0.0.1:18080/index.txt | grep -q hello
	st=$?
	origin_end
	return $st
}
client_test() {
	origin || return 1
	client_test_
	st=$?
	origin_end
	return $st
}
client_test_() {
	local i pids=""
	get http://localhost:18080/index.txt | grep -q hello &&
	[ "$(get -o /dev/null -w '%{http_code}' http://127.0.0.1:18080/nope)" = 404 ] &&
	get -I http://127.0.0.1:18080/big | grep -qi 'content-length: 300000' &&
	[ "$(get -o /dev/null -w '%{http_code}' -d x=1 http://127.0.0.1:18080/)" = 501 ] &&
	[ "$(get -o /dev/null -w '%{http_code}' http://denied.test/)" = 403 ] &&
	get http://127.0.0.1:18081/ | grep -qi 'unable to connect' &&
	get http://stats.test/ | grep -qi 'tinyproxy' &&
	in_proxy /usr/bin/curl -s http://127.0.0.1:18888/rev/index.txt | grep -q hello &&
	get -p http://127.0.0.1:18080/index.txt | grep -q hello || return 1
	for i in 1 2 3 4; do
		[ "$(get http://127.0.0.1:18080/big | wc -c)" = 300000 ] &
		pids="$pids $!"
	done
	wait $pids
}
