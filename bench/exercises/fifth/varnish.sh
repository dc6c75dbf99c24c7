# Varnish Cache 7.1: a manager process and a cache process of worker
# threads, listening and reaching its backend (on the host) on unix
# sockets; each VCL program is translated to C, compiled by the C
# compiler (cc, run by the manager) into a shared object the cache
# process loads with dlopen, and its modules (vmods) are copied into the
# working directory and loaded so too.  Train gets one page twice (a
# miss, then a hit).  Test gets pages, eight at once, a large one
# compressed, then loads a new VCL through the admin CLI (varnishadm, in
# the container's network namespace: its -T port is on the container's
# loopback) that imports vmods (std, directors), answers a synthetic
# page, processes ESI and purges, switches to it, bans, and discards the
# first VCL.  It stays root (-j none): the container has no CAP_SETUID.
. ./backend.inc
prepare() {
	rm -rf "$D/vw" "$D"/v.sock
	cat >"$D/v1.vcl" <<VCL
vcl 4.1;
backend b { .path = "$D/b.sock"; }
sub vcl_backend_response { set beresp.ttl = 60s; }
VCL
	cat >"$D/v2.vcl" <<VCL
vcl 4.1;
import std;
import directors;
backend b { .path = "$D/b.sock"; }
sub vcl_init {
	new rr = directors.round_robin();
	rr.add_backend(b);
}
sub vcl_recv {
	set req.backend_hint = rr.backend();
	if (req.method == "PURGE") { return (purge); }
	if (req.url == "/syn") { return (synth(200, "synthetic")); }
	std.log("recv " + req.url);
}
sub vcl_backend_response {
	set beresp.ttl = 60s;
	if (bereq.url ~ "esi") { set beresp.do_esi = true; }
}
sub vcl_synth {
	set resp.http.Content-Type = "text/plain";
	set resp.body = resp.reason + " " + std.toupper("page");
	return (deliver);
}
VCL
	mkdir -p "$D/pub"
	printf '<p>a<esi:include src="/index.txt"/>b</p>\n' >"$D/pub/esi.html"
}
EXE=/usr/sbin/varnishd
SERVER=($EXE -F -j none -n "$D/vw" -a "$D/v.sock,mode=666" -f "$D/v1.vcl"
	-s malloc,32m)
get() { /usr/bin/curl -sf --max-time 10 --unix-socket "$D/v.sock" "$@"; }
# manager: the manager process as the host sees it (varnishd with the
# data directory in its arguments whose parent is not varnishd).
manager() {
	main_process "$D/vw"
}
# adm COMMAND...: the admin CLI in the manager's network namespace.
adm() {
	local p
	p=$(manager) || return 1
	nsenter -t "$p" -n /usr/bin/varnishadm -n "$D/vw" "$@"
}
ready() { backend && [ "$(get http://x/index.txt)" = hello ]; }
client_train() {
	[ "$(get http://x/index.txt)" = hello ] &&
	get -i http://x/index.txt | grep -q '^Age:'
}
client_test() {
	local i pids=""
	[ "$(get http://x/big | wc -c)" = 200000 ] &&
	[ "$(get --compressed http://x/big | wc -c)" = 200000 ] || return 1
	for i in 1 2 3 4 5 6 7 8; do
		[ "$(get http://x/big | wc -c)" = 200000 ] &
		pids="$pids $!"
	done
	wait $pids || return 1
	adm vcl.load v2 "$D/v2.vcl" >/dev/null && adm vcl.use v2 >/dev/null &&
	[ "$(get http://x/syn)" = "synthetic PAGE" ] &&
	[ "$(get http://x/esi.html | tr -d '\n')" = "<p>ahellob</p>" ] &&
	get -X PURGE http://x/index.txt >/dev/null &&
	[ "$(get http://x/index.txt)" = hello ] &&
	adm ban req.url '~' / >/dev/null &&
	[ "$(get http://x/index.txt)" = hello ] &&
	adm vcl.discard boot >/dev/null && adm vcl.list | grep -q v2
}
stop() {
	local p
	p=$(manager) && kill -TERM "$p"
}
