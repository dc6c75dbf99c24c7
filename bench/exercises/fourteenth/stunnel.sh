# stunnel 5.68 (stunnel4): a TLS tunnel of threads (one per connection;
# OpenSSL), here both ends: a server service taking TLS on a TCP port to
# a unix socket, and a client service taking plain TCP and speaking TLS
# to the server service.  The backend is the main set's pyserve.py on
# $D/b.sock (on the host, outside the profile; backend.inc); the clients
# (curl, openssl s_client) run on the host in the container's network
# namespace.
# Train fetches one file over TLS.
# Test fetches a file and a missing one over TLS 1.3 and 1.2 (cipher
# names checked), a 200 kB file, 8 files at once through the client
# service's chain (plain, TLS, unix socket), a session resumed
# (s_client -sess_out, -sess_in), its log reopened (SIGUSR1) and its
# configuration read again (SIGHUP), and 4 clients at once.
. ./backend.inc
prepare() {
	backend || return 1
	rm -f "$D/key.pem" "$D/cert.pem" "$D/stunnel.conf" "$D/sess" \
		"$D"/stunnel.log*
	/usr/bin/openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		-subj /CN=localhost -keyout "$D/key.pem" -out "$D/cert.pem"
	cat >"$D/stunnel.conf" <<CONF
foreground = yes
pid =
output = $D/stunnel.log
debug = info
[tls]
accept = 127.0.0.1:18444
connect = $D/b.sock
cert = $D/cert.pem
key = $D/key.pem
[plain]
client = yes
accept = 127.0.0.1:18445
connect = 127.0.0.1:18444
CONF
}
EXE=/usr/bin/stunnel4
SERVER=($EXE "$D/stunnel.conf")
in_st() { in_netns "$D/stunnel.conf" "$@"; }
get() { in_st /usr/bin/curl -s --cacert "$D/cert.pem" \
	--resolve localhost:18444:127.0.0.1 "$@"; }
T=https://localhost:18444
ready() { get -o /dev/null "$T/index.txt"; }
client_train() { get -f "$T/index.txt" | grep -q hello; }
client_test() {
	local i pids=() st=0
	get -f --tlsv1.3 "$T/index.txt" | grep -q hello &&
	[ "$(get -o /dev/null -w '%{http_code}' "$T/nope")" = 404 ] &&
	get -f --tls-max 1.2 -w '%{ssl_verify_result}' -o /dev/null \
		"$T/index.txt" | grep -q '^0$' &&
	[ "$(get -f "$T/big" | wc -c)" = 200000 ] &&
	in_st /usr/bin/curl -sf -Z http://127.0.0.1:18445/index.txt \
		http://127.0.0.1:18445/big http://127.0.0.1:18445/sub/ \
		http://127.0.0.1:18445/index.txt http://127.0.0.1:18445/big \
		http://127.0.0.1:18445/index.txt http://127.0.0.1:18445/big \
		http://127.0.0.1:18445/index.txt | grep -c hello | grep -q 4 &&
	echo | in_st /usr/bin/openssl s_client -connect 127.0.0.1:18444 \
		-tls1_2 -sess_out "$D/sess" -CAfile "$D/cert.pem" 2>&1 |
		grep -q 'Verify return code: 0' &&
	echo | in_st /usr/bin/openssl s_client -connect 127.0.0.1:18444 \
		-tls1_2 -sess_in "$D/sess" -CAfile "$D/cert.pem" 2>&1 |
		grep -q '^Reused' || return 1
	# Its log reopened (SIGUSR1) and its configuration read again
	# (SIGHUP), as logrotate and a changed certificate would have it.
	mv "$D/stunnel.log" "$D/stunnel.log.1" && signal_server USR1 &&
	wait_for [ -s "$D/stunnel.log" ] && signal_server HUP &&
	wait_for grep -q 'Configuration successful' "$D/stunnel.log" &&
	wait_for get -sf -o /dev/null "$T/index.txt" || return 1
	for i in 1 2 3 4; do
		get -f -o /dev/null "$T/big" & pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || st=1; done
	return $st
}
