# Squid 5.7 (a caching proxy): one process (-N) with helper processes it
# starts and talks to over pipes (a basic authenticator, a URL
# rewriter, a logging daemon), a disk cache on asynchronous I/O threads
# (aufs), and its cache manager; its origin server is Python's
# http.server on the host in the container's network namespace, as are
# its clients (curl through the proxy).  It cannot switch users in the
# container (no CAP_SETUID): it runs as proxy (RUNAS).  Train fetches a
# page twice (a miss, then a hit).  Test fetches a large page (stored on
# disk) twice, eight at once, a page behind proxy authentication (the
# authenticator checks the password), one rewritten by the rewriter, a
# refused one (407 without a password), the cache manager's counters, a
# reconfiguration (SIGHUP: the helpers are started again) and pages
# after it.
RUNAS=proxy
prepare() {
	rm -rf "$D/cache" "$D"/*.log "$D/run"
	mkdir -p "$D/cache" "$D/run" "$D/pub/private"
	echo hello >"$D/pub/index.txt"
	echo new >"$D/pub/new.txt"
	echo secret >"$D/pub/private/s.txt"
	head -c 2000000 /dev/zero | tr '\0' s >"$D/pub/big"
	printf 'user:%s\n' "$(openssl passwd -apr1 -salt 12345678 pw)" \
		>"$D/passwd"
	cat >"$D/rewrite.sh" <<'SH'
#!/bin/sh
while read -r url rest; do
	case $url in
	*/old.txt) echo "OK rewrite-url=${url%old.txt}new.txt" ;;
	*) echo ERR ;;
	esac
done
SH
	chmod 755 "$D/rewrite.sh"
	cat >"$D/squid.conf" <<CONF
http_port 127.0.0.1:3128
pid_filename $D/run/squid.pid
cache_effective_user proxy
cache_dir aufs $D/cache 64 4 8
maximum_object_size 8 MB
cache_mem 1 MB
maximum_object_size_in_memory 64 KB
cache_log $D/cache.log
access_log daemon:$D/access.log squid
logfile_daemon /usr/lib/squid/log_file_daemon
coredump_dir $D
shutdown_lifetime 1 second
auth_param basic program /usr/lib/squid/basic_ncsa_auth $D/passwd
auth_param basic children 2 startup=1
url_rewrite_program $D/rewrite.sh
url_rewrite_children 2 startup=1
acl private urlpath_regex ^/private/
acl authed proxy_auth REQUIRED
acl manager url_regex -i ^cache_object:// /squid-internal-mgr/
http_access allow manager localhost
http_access deny manager
http_access allow private authed
http_access deny private
http_access allow localhost
http_access deny all
refresh_pattern . 60 100% 600
dns_nameservers 127.0.0.1
pinger_enable off
CONF
	# The cache's directories, made as the proxy user (as root, squid
	# switches to it).
	chown -R "$RUNAS:" "$D"
	/usr/sbin/squid -N -z -f "$D/squid.conf" >/dev/null 2>&1
}
EXE=/usr/sbin/squid
SERVER=($EXE -N -f "$D/squid.conf")
# proxy: the proxy's pid as the host sees it: squid with the data
# directory in its arguments whose parent is not squid.  Not a child it
# forked to start a helper that has not yet executed the helper: it
# closes every descriptor first (65536 calls, long under a recording),
# and a signal then kills it (signal_server's TERM did: "helpers are
# crashing too rapidly", status 1, in 3 of 19 recordings of train).
proxy() {
	main_process "$D/squid.conf"
}
stop() {
	local p
	p=$(proxy) && kill -TERM "$p"
}
# ns COMMAND...: COMMAND in the proxy's network namespace.
ns() {
	local p
	p=$(proxy) || return 1
	nsenter -t "$p" -n "$@"
}
# origin: Python's http.server on port 8081 of the proxy's network
# namespace, serving $D/pub, started once per proxy (ended when the
# program's run ends), and answering.
origin() {
	local p
	p=$(proxy) || return 1
	if [ "${ONS:-}" != "$p" ]; then
		[ -n "${OPID:-}" ] && kill "$OPID" 2>/dev/null
		nsenter -t "$p" -n /usr/bin/python3 -m http.server \
			-b 127.0.0.1 -d "$D/pub" 8081 >/dev/null 2>&1 </dev/null &
		OPID=$! ONS=$p
		trap 'kill $OPID 2>/dev/null' EXIT
	fi
	ns /usr/bin/curl -sf http://127.0.0.1:8081/index.txt -o /dev/null
}
get() {
	ns /usr/bin/curl -sf --max-time 20 -x http://127.0.0.1:3128 "$@"
}
ready() { origin && [ "$(get http://127.0.0.1:8081/index.txt)" = hello ]; }
# hit URL: the proxy answers URL from its cache.
hit() { get -i "$1" | grep -q '^X-Cache: HIT'; }
client_train() {
	[ "$(get http://127.0.0.1:8081/index.txt)" = hello ] &&
	hit http://127.0.0.1:8081/index.txt
}
client_test() {
	local i pids="" p u=http://127.0.0.1:8081
	[ "$(get $u/big | wc -c)" = 2000000 ] && wait_for hit $u/big || return 1
	for i in 1 2 3 4 5 6 7 8; do
		[ "$(get $u/big | wc -c)" = 2000000 ] &
		pids="$pids $!"
	done
	wait $pids || return 1
	[ "$(get -U user:pw $u/private/s.txt)" = secret ] &&
	! get $u/private/s.txt >/dev/null &&
	! get -U user:no $u/private/s.txt >/dev/null &&
	[ "$(get $u/old.txt)" = new ] &&
	ns /usr/bin/curl -sf http://127.0.0.1:3128/squid-internal-mgr/info |
		grep -q 'Number of clients accessing cache' || return 1
	p=$(proxy) && kill -HUP "$p" || return 1
	sleep 1
	wait_for ready && [ "$(get $u/old.txt)" = new ] &&
	[ "$(get -U user:pw $u/private/s.txt)" = secret ]
}
