# chrony 4.3's chronyd as an NTP server on the loopback that never sets
# the clock (-x), under a seccomp filter of its own (-F 1: chronyd
# installs it after its start, every later call passing both filters),
# helper processes it forks for name resolution and for NTS key
# establishment (TLS by GnuTLS, its certificate made here), its
# command socket a
# unix datagram socket in the data directory, a reference clock fed
# through another (refclock SOCK: samples written by the host), a local
# stratum.  Clients (chronyc; chronyd -Q as an NTP client in the
# container's network namespace) run on the host.
# Train asks for the tracking report.  Test feeds eight reference clock
# samples and asks for the sources and their statistics, is queried over
# NTP, then over NTP with NTS (a TLS handshake with its NTS-KE helper
# first, the cookies it gives), asks for the server statistics and its clients, adds and deletes
# an offline server, dumps its measurement histories (files written),
# reloads sources, rekeys, asks for its activity, smoothing and
# tracking as CSV, changes its local stratum, and a refused makestep
# (the clock is not its) answers failure.
prepare() {
	rm -rf "$D/run" "$D/chrony.conf" "$D/drift" "$D/client.conf"
	mkdir -m 700 "$D/run"
	[ -e "$D/cert.pem" ] ||
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout "$D/key.pem" -out "$D/cert.pem" -days 30 \
			-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 ||
		return 1
	printf '%s\nntstrustedcerts %s\n' \
		'server 127.0.0.1 port 11123 iburst nts ntsport 4461 maxsamples 1' \
		"$D/cert.pem" >"$D/client.conf"
	cat >"$D/chrony.conf" <<CONF
pidfile $D/run/chronyd.pid
driftfile $D/drift
dumpdir $D/run
bindcmdaddress $D/run/chronyd.sock
cmdport 0
port 11123
allow 127.0.0.1
local stratum 8
refclock SOCK $D/run/refclock.sock refid SOCK poll 0 filter 4
ntsserverkey $D/key.pem
ntsservercert $D/cert.pem
ntsport 4461
ntsdumpdir $D/run
CONF
}
EXE=/usr/sbin/chronyd
SERVER=("$EXE" -d -x -F 1 -u root -f "$D/chrony.conf")
STOP=TERM
cc() { /usr/bin/chronyc -h "$D/run/chronyd.sock" "$@"; }
ready() { cc -c tracking | grep -q '^7F7F0101,'; }
samples() { # N: N reference clock samples 0.5 ms off, 0.2 s apart
	/usr/bin/python3 -c '
import socket, struct, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for i in range(int(sys.argv[2])):
    t = time.time()
    # struct sock_sample: timeval, offset, pulse, leap, pad, magic
    s.sendto(struct.pack("qqdiiii", int(t), int(t % 1 * 1e6), 0.0005,
                         0, 0, 0, 0x534f434b), sys.argv[1])
    time.sleep(0.2)' "$D/run/refclock.sock" "$1"
}
has_samples() { cc sourcestats | grep -q '^SOCK  *[1-9]'; }
client_train() { cc tracking | grep -q 'Stratum *: 8'; }
client_test() {
	samples 8 || return 1
	wait_for has_samples || return 1
	cc sources | grep -q '^#. SOCK' || return 1
	in_netns "$D/chrony.conf" $EXE -Q -t 5 -f /dev/null \
		'server 127.0.0.1 port 11123 iburst maxsamples 1' || return 1
	in_netns "$D/chrony.conf" $EXE -Q -t 5 -f "$D/client.conf" || return 1
	cc serverstats | grep -q 'NTP packets received *: [2-9]' || return 1
	cc serverstats | grep -q 'NTS-KE connections accepted: 1' || return 1
	cc serverstats | grep -q 'Authenticated NTP packets *: [1-9]' ||
		return 1
	cc -n clients | grep -q '^127.0.0.1' || return 1
	cc add server 127.0.0.2 port 11123 offline | grep -q '200 OK' ||
		return 1
	cc -n sources | grep -q 127.0.0.2 || return 1
	cc delete 127.0.0.2 | grep -q '200 OK' || return 1
	cc dump | grep -q '200 OK' || return 1
	set -- "$D"/run/*.dat
	[ -e "$1" ] || return 1
	cc reload sources | grep -q '200 OK' || return 1
	cc rekey | grep -q '200 OK' || return 1
	cc activity | grep -q 'sources online' || return 1
	cc smoothing >/dev/null 2>&1
	cc local stratum 9 | grep -q '200 OK' || return 1
	cc -c tracking | grep -q '^7F7F0101,,9,' || return 1
	! cc makestep | grep -q '200 OK'
}
