# NSD 4.6: an authoritative DNS server whose zones are compiled at its
# start; it forks its servers (server-count: 2, each answering UDP and
# TCP) and a zone transfer daemon (xfrd), the main process reloading
# zones in a child it forks, and is controlled over a unix socket
# (nsd-control, on the host).  It stays root (username: "").  The
# questions (dnsq.py) come from the host in the container's network
# namespace (dns.inc).
# Train answers an A record over UDP.
# Test asks for AAAA, TXT, CNAME, PTR (a second zone) records, a name
# the zone lacks, a zone it does not serve (refused), over UDP and TCP,
# several at once; asks nsd-control for its status, statistics and
# zones; adds a zone at run time (addzone, the zone list file written),
# changes a zone file and reloads it, writes the zones back (write)
# and deletes the added zone.
prepare() {
	rm -rf "$D/nsd.conf" "$D/zones" "$D/run"
	mkdir -p "$D/zones" "$D/run"
	zone test 1 '
one	A	10.0.0.1
one	AAAA	fd00::1
t	TXT	"hello there"
c	CNAME	one'
	cat >"$D/zones/rev.zone" <<'ZONE'
$ORIGIN 0.0.10.in-addr.arpa.
$TTL 300
@	SOA	ns.test. admin.test. 1 3600 600 86400 300
@	NS	ns.test.
1	PTR	one.test.
ZONE
	zone added 1 'x	A	10.0.0.9'
	cat >"$D/nsd.conf" <<CONF
server:
	ip-address: 127.0.0.1
	port: 5353
	do-ip6: no
	server-count: 2
	username: ""
	chroot: ""
	zonesdir: "$D/zones"
	zonelistfile: "$D/run/zone.list"
	xfrdfile: "$D/run/xfrd.state"
	xfrdir: "$D/run"
	pidfile: ""
	logfile: "$D/nsd.log"
	database: ""
remote-control:
	control-enable: yes
	control-interface: "$D/run/nsd.ctl"
pattern:
	name: "plain"
	zonefile: "%s.zone"
zone:
	name: "test"
	zonefile: "test.zone"
zone:
	name: "0.0.10.in-addr.arpa"
	zonefile: "rev.zone"
CONF
}
# zone NAME SERIAL RECORDS: the zone file of NAME.
zone() {
	printf '$ORIGIN %s.\n$TTL 300\n@\tSOA\tns.test. admin.test. %s 3600 600 86400 300\n@\tNS\tns.test.\n%s\n' \
		"$1" "$2" "$3" >"$D/zones/$1.zone"
}
EXE=/usr/sbin/nsd
SERVER=($EXE -d -c "$D/nsd.conf")
. ./dns.inc
DNS_ARG="$D/nsd.conf"
ctl() { /usr/sbin/nsd-control -c "$D/nsd.conf" "$@"; }
# added, reloaded: the added zone, the changed one answered (for
# wait_for: a command substitution in its arguments would run once).
added() { [ "$(q x.added A)" = 10.0.0.9 ]; }
reloaded() { [ "$(q two.test A)" = 10.0.0.2 ]; }
client_test() {
	[ "$(q one.test AAAA)" = fd00::1 ] &&
	[ "$(q t.test TXT)" = "hello there" ] &&
	q c.test A | grep -q 10.0.0.1 &&
	[ "$(q 1.0.0.10.in-addr.arpa PTR)" = one.test ] &&
	[ "$(q --tcp one.test A)" = 10.0.0.1 ] &&
	[ "$(q nothere.test A)" = NXDOMAIN ] &&
	[ "$(q x.example A)" = REFUSED ] || return 1
	at_once one.test A 10.0.0.1 || return 1
	ctl status | grep -q 'version: 4' &&
	ctl stats_noreset | grep -q 'server1.queries=' &&
	ctl zonestatus test | grep -q 'state: master' || return 1
	ctl addzone added plain | grep -q ok &&
	wait_for added &&
	grep -q added "$D/run/zone.list" || return 1
	zone test 2 '
one	A	10.0.0.1
two	A	10.0.0.2'
	ctl reload test | grep -q ok && wait_for reloaded || return 1
	ctl write | grep -q ok &&
	ctl delzone added | grep -q ok &&
	[ "$(q x.added A)" = REFUSED ]
}
stop() { ctl stop >/dev/null; }
