# dnsmasq: train answers an A record from its hosts file over UDP; test
# asks for AAAA, TXT, CNAME and PTR records, a name it refuses, over UDP
# and TCP, several at once, and rereads its hosts file on SIGHUP.  It
# stays root (--user=root --group=): the container has no CAP_SETGID.
prepare() {
	printf '10.0.0.1 one.test\nfd00::1 one.test\n' >"$D/hosts"
}
EXE=/usr/sbin/dnsmasq
SERVER=($EXE -k --conf-file=/dev/null --pid-file= --user=root --group=
	--port=5353 --listen-address=127.0.0.1 --bind-interfaces --no-resolv
	--no-hosts --addn-hosts="$D/hosts" --log-facility="$D/dnsmasq.log"
	--txt-record=t.test,"hello there" --cname=c.test,one.test
	--local=/test/)
. ./dns.inc
DNS_ARG="$D/hosts"
# reread: the hosts file's new name is answered (for wait_for: a command
# substitution in its arguments would run once, before it).
reread() { [ "$(q two.test A)" = 10.0.0.2 ]; }
client_test() {
	[ "$(q one.test AAAA)" = fd00::1 ] &&
	[ "$(q t.test TXT)" = "hello there" ] &&
	q c.test A | grep -q 10.0.0.1 &&
	[ "$(q 1.0.0.10.in-addr.arpa PTR)" = one.test ] &&
	[ "$(q --tcp one.test A)" = 10.0.0.1 ] &&
	[ "$(q nothere.test A)" = NXDOMAIN ] || return 1
	echo '10.0.0.2 two.test' >>"$D/hosts"
	signal_server HUP
	wait_for reread || return 1
	at_once one.test A 10.0.0.1
}
