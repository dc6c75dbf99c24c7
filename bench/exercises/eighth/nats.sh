# NATS Server 2.9 (nats-server, Go: goroutines on the Go runtime's
# threads, its netpoller, its signal handling): a message broker on TCP
# with JetStream persistence (a stream stored in files of its store
# directory, a consumer), its monitoring HTTP endpoint, and a
# configuration reloaded on SIGHUP.  Clients (nats.py: the text protocol
# in Python; curl) run on the host in the container's network namespace
# (nsenter -n, as the DNS servers').
# Train publishes one message to its own subscription.  Test fans 1000
# messages out to 20 connections, a queue group of 3, request and reply,
# a JetStream file stream of 200 acknowledged messages with a pull
# consumer, then the stream deleted, /varz and /connz over HTTP, and the
# configuration reloaded (SIGHUP) with a changed limit.
prepare() {
	rm -rf "$D/js" "$D/nats.pid"
	conf 1048576
}
# conf MAX_PAYLOAD: the configuration file.
conf() {
	cat >"$D/nats.conf" <<CONF
listen: 127.0.0.1:4222
http: 127.0.0.1:8222
pid_file: "$D/nats.pid"
max_payload: $1
jetstream { store_dir: "$D/js" }
CONF
}
STOP=INT
EXE=/usr/sbin/nats-server
SERVER=($EXE -c "$D/nats.conf")
# ns COMMAND...: COMMAND in the server's network namespace.
ns() { in_netns "$D/nats.conf" "$@"; }
ready() { ns /usr/bin/curl -sf http://127.0.0.1:8222/healthz >/dev/null; }
client_train() { ns /usr/bin/python3 "$PWD/nats.py" 4222 train; }
payload_is() {
	ns /usr/bin/curl -sf http://127.0.0.1:8222/varz | grep -q "\"max_payload\": $1"
}
client_test() {
	ns /usr/bin/python3 "$PWD/nats.py" 4222 test | grep -q ok &&
	ns /usr/bin/curl -sf 'http://127.0.0.1:8222/connz?subs=1' |
		grep -q '"num_connections"' &&
	payload_is 1048576 || return 1
	conf 2097152
	signal_server HUP
	wait_for payload_is 2097152
}
