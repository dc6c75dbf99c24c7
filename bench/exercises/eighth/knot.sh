# Knot DNS 3.2 (knotd): its own event loop and UDP/TCP worker threads,
# liburcu's read-copy-update (a zone swapped under readers, call_rcu's
# thread), LMDB databases (the journal, the timers, the DNSSEC key
# store), DNSSEC signing by GnuTLS, and knotc on its control socket (a
# unix socket in the data directory).  Clients kdig (in the container's
# network namespace: nsenter -n, as the third set's DNS servers) and
# knotc run on the host.
# Train answers an A record of an unsigned zone over UDP.  Test answers
# AAAA, MX, TXT, NXDOMAIN, a name outside its zones (REFUSED), over TCP,
# a zone transfer (AXFR), four questions at once, a second zone signed
# automatically (keys generated into its LMDB key store; DNSKEY and RRSIG
# asked with +dnssec), the first zone changed and reloaded through
# knotc, zone-status, and a record added by a knotc transaction (the
# journal).
prepare() {
	rm -rf "$D/db" "$D"/knot.* "$D"/*.zone
	mkdir -p "$D/db"
	cat >"$D/knot.conf" <<CONF
server:
    rundir: "$D"
    listen: 127.0.0.1@5353
    udp-workers: 2
    tcp-workers: 2
control:
    listen: "$D/knot.sock"
database:
    storage: "$D/db"
policy:
  - id: auto
    algorithm: ecdsap256sha256
acl:
  - id: xfr
    address: 127.0.0.1
    action: transfer
template:
  - id: default
    storage: "$D"
    file: "%s.zone"
    acl: xfr
zone:
  - domain: test
  - domain: signed.test
    dnssec-signing: on
    dnssec-policy: auto
CONF
	zone 1 'one IN A 10.0.0.1'
	cat >"$D/signed.test.zone" <<ZONE
\$TTL 60
@ IN SOA ns.signed.test. admin.signed.test. 1 60 60 600 60
@ IN NS ns.signed.test.
ns IN A 127.0.0.1
www IN A 10.0.0.9
ZONE
}
# zone SERIAL RECORD: the zone file of test.
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
EXE=/usr/sbin/knotd
SERVER=($EXE -c "$D/knot.conf")
ctl() { /usr/sbin/knotc -c "$D/knot.conf" -s "$D/knot.sock" "$@"; }
stop() { ctl stop >/dev/null 2>&1; }
# ns COMMAND...: COMMAND in the server's network namespace.
ns() { in_netns "$D/knot.conf" "$@"; }
# q KDIG-ARG...: kdig's short answer.
q() { ns /usr/bin/kdig +short +time=2 +retry=1 -p 5353 @127.0.0.1 "$@"; }
# status NAME TYPE: the answer's status (NOERROR, NXDOMAIN, REFUSED...).
status() {
	ns /usr/bin/kdig +time=2 +retry=1 -p 5353 @127.0.0.1 "$@" |
		sed -n 's/.*status: \([A-Z]*\).*/\1/p' | head -1
}
ready() { [ "$(q one.test A)" = 10.0.0.1 ]; }
client_train() { [ "$(q one.test A)" = 10.0.0.1 ]; }
is_signed() { q +dnssec www.signed.test A | grep -q '^A '; }
is_two() { [ "$(q two.test A)" = 10.0.0.2 ]; }
is_three() { [ "$(q three.test A)" = 10.0.0.3 ]; }
client_test() {
	local i pids=""
	[ "$(q one.test AAAA)" = fd00::1 ] &&
	[ "$(q test MX)" = "10 mail.test." ] &&
	[ "$(q t.test TXT)" = '"hello there"' ] &&
	[ "$(status nope.test A)" = NXDOMAIN ] &&
	[ "$(status example.com A)" = REFUSED ] &&
	[ "$(q +tcp one.test A)" = 10.0.0.1 ] &&
	[ "$(ns /usr/bin/kdig +time=2 -p 5353 @127.0.0.1 test AXFR | grep -c 'IN')" -ge 8 ] ||
		return 1
	for i in 1 2 3 4; do
		[ "$(q one.test A)" = 10.0.0.1 ] &
		pids="$pids $!"
	done
	for i in $pids; do wait "$i" || return 1; done
	wait_for is_signed &&
	q signed.test DNSKEY | grep -q '^257 ' || return 1
	zone 2 'two IN A 10.0.0.2'
	ctl zone-reload test >/dev/null &&
	wait_for is_two &&
	ctl zone-status test | grep -q serial &&
	ctl zone-begin test >/dev/null &&
	ctl zone-set test three 60 A 10.0.0.3 >/dev/null &&
	ctl zone-commit test >/dev/null &&
	wait_for is_three
}
