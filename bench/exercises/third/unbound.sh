# unbound: a resolver serving local zones (no upstream), two threads.
# train: one A record over UDP; test: AAAA, TXT, PTR, a refused zone,
# TCP, several at once, and unbound-control (a unix socket, outside the
# container) asking for statistics and adding a record at run time.
prepare() {
	rm -f "$D/u.ctl"
	cat >"$D/unbound.conf" <<CONF
server:
	interface: 127.0.0.1@5353
	port: 5353
	do-ip6: no
	num-threads: 2
	username: ""
	chroot: ""
	directory: "$D"
	pidfile: ""
	logfile: "$D/unbound.log"
	use-syslog: no
	auto-trust-anchor-file: ""
	local-zone: "test." static
	local-data: "one.test. A 10.0.0.1"
	local-data: "one.test. AAAA fd00::1"
	local-data: 't.test. TXT "hello there"'
	local-data-ptr: "10.0.0.1 one.test"
	local-zone: "refused.example." refuse
remote-control:
	control-enable: yes
	control-interface: "$D/u.ctl"
CONF
}
EXE=/usr/sbin/unbound
SERVER=($EXE -d -c "$D/unbound.conf")
. ./dns.inc
DNS_ARG="$D/unbound.conf"
ctl() { /usr/sbin/unbound-control -c "$D/unbound.conf" "$@"; }
client_test() {
	[ "$(q one.test AAAA)" = fd00::1 ] &&
	[ "$(q t.test TXT)" = "hello there" ] &&
	[ "$(q 1.0.0.10.in-addr.arpa PTR)" = one.test ] &&
	[ "$(q --tcp one.test A)" = 10.0.0.1 ] &&
	[ "$(q x.refused.example A)" = REFUSED ] &&
	[ "$(q nothere.test A)" = NXDOMAIN ] &&
	ctl stats_noreset | grep -q total.num.queries &&
	ctl local_data two.test. A 10.0.0.2 >/dev/null &&
	[ "$(q two.test A)" = 10.0.0.2 ] || return 1
	at_once one.test A 10.0.0.1
}
stop() { ctl stop >/dev/null; }
