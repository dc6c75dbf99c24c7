# BIND 9.18 named: libuv network threads, task managers, a zone loaded
# from a file, the rndc control channel, and its own capability handling.
# Train answers an A record from its zone over UDP; test asks for AAAA,
# MX, TXT, a name outside the zone (refused: no recursion), NXDOMAIN,
# over TCP, a zone transfer (AXFR), four questions at once, and reloads
# its changed zone through rndc.  Clients (dig, rndc) run on the host in
# the container's network namespace (nsenter -n, as the third set's DNS
# servers).  It stays root (no -u): the container has no CAP_SETUID.
prepare() {
	rm -f "$D"/*.jnl "$D"/named.*
	printf 'key "rndc-key" { algorithm hmac-sha256; secret "%s"; };\n' \
		"$(printf 0123456789abcdef0123456789abcdef | base64)" >"$D/rndc.key"
	cat >"$D/named.conf" <<CONF
include "$D/rndc.key";
controls { inet 127.0.0.1 port 9953 allow { 127.0.0.1; } keys { "rndc-key"; }; };
options {
	directory "$D";
	listen-on port 5353 { 127.0.0.1; };
	listen-on-v6 { none; };
	pid-file "$D/named.pid";
	session-keyfile none;
	recursion no;
	allow-transfer { 127.0.0.1; };
};
zone "test" { type primary; file "$D/test.zone"; };
CONF
	zone 1 'one IN A 10.0.0.1'
}
# zone SERIAL RECORD: the zone file.
zone() {
	cat >"$D/test.zone" <<ZONE
\$TTL 60
@ IN SOA ns.test. admin.test. $1 60 60 600 60
@ IN NS ns.test.
ns IN A 127.0.0.1
one IN AAAA fd00::1
@ IN MX 10 mail.test.
t IN TXT "hello there"
$2
ZONE
}
EXE=/usr/sbin/named
SERVER=($EXE -g -n 2 -c "$D/named.conf")
# ns COMMAND...: COMMAND in the server's network namespace.
ns() { in_netns "$D/named.conf" "$@"; }
# q DIG-ARG...: dig's short answer.
q() { ns /usr/bin/dig +short +time=2 +tries=2 -p 5353 @127.0.0.1 "$@"; }
# status NAME TYPE: the answer's status (NOERROR, NXDOMAIN, REFUSED...).
status() {
	ns /usr/bin/dig +noall +comments +time=2 +tries=2 -p 5353 @127.0.0.1 "$@" |
		sed -n 's/.*status: \([A-Z]*\),.*/\1/p'
}
ready() { [ "$(q one.test A)" = 10.0.0.1 ]; }
client_train() { [ "$(q one.test A)" = 10.0.0.1 ]; }
# reloaded: the changed zone is served (for wait_for: a command
# substitution in its arguments would run once, before it).
reloaded() { [ "$(q two.test A)" = 10.0.0.2 ]; }
client_test() {
	local i pids=""
	[ "$(q one.test AAAA)" = fd00::1 ] &&
	[ "$(q test MX)" = "10 mail.test." ] &&
	[ "$(q t.test TXT)" = '"hello there"' ] &&
	[ "$(q +tcp one.test A)" = 10.0.0.1 ] &&
	[ "$(status nothere.test A)" = NXDOMAIN ] &&
	[ "$(status example.com A)" = REFUSED ] &&
	[ "$(q test AXFR | wc -l)" -ge 7 ] || return 1
	for i in 1 2 3 4; do
		[ "$(q one.test A)" = 10.0.0.1 ] &
		pids="$pids $!"
	done
	wait $pids || return 1
	zone 2 'two IN A 10.0.0.2'
	ns /usr/sbin/rndc -k "$D/rndc.key" -s 127.0.0.1 -p 9953 reload test \
		>/dev/null || return 1
	wait_for reloaded &&
	ns /usr/sbin/rndc -k "$D/rndc.key" -s 127.0.0.1 -p 9953 status |
		grep -q 'server is up'
}
