# mosquitto 2.0 (MQTT broker) on a unix socket, its clients
# (mosquitto_pub, mosquitto_sub) on the host.  Train publishes one
# message to one subscriber; test publishes at QoS 0, 1 and 2, a
# retained message a later subscriber gets, wildcard subscriptions,
# MQTT 5 properties, a client's will when it is killed, 200 messages
# from a file, four publishers at once, a persistent session's queued
# message, and saves its database on SIGUSR1 (persistence) and rereads
# its configuration on SIGHUP.  It stays root (user root): the container
# has no CAP_SETUID.
prepare() {
	rm -f "$D"/m.sock "$D"/*.db "$D"/*.out
	cat >"$D/m.conf" <<CONF
user root
listener 0 $D/m.sock
allow_anonymous true
persistence true
persistence_location $D/
persistence_file m.db
autosave_interval 0
log_dest file $D/m.log
CONF
	seq 1 200 >"$D/lines"
}
EXE=/usr/sbin/mosquitto
SERVER=($EXE -c "$D/m.conf")
PUB() { /usr/bin/mosquitto_pub --unix "$D/m.sock" "$@"; }
# SUB COUNT ARG...: the first COUNT messages a subscriber gets, one a line.
SUB() {
	local n=$1
	shift
	timeout 10 /usr/bin/mosquitto_sub --unix "$D/m.sock" -C "$n" "$@"
}
ready() { PUB -t ping -m x; }
client_train() {
	SUB 1 -t a/b >"$D/t.out" &
	sleep 0.5
	PUB -t a/b -m hello && wait $! && [ "$(cat "$D/t.out")" = hello ]
}
client_test() {
	local i pids="" sub
	SUB 3 -t 's/+/x' -q 2 >"$D/q.out" &
	sleep 0.5
	PUB -t s/0/x -m zero -q 0 && PUB -t s/1/x -m one -q 1 &&
	PUB -t s/2/x -m two -q 2 && wait $! &&
	[ "$(sort "$D/q.out" | tr '\n' ' ')" = "one two zero " ] || return 1
	PUB -t r/t -m kept -r && [ "$(SUB 1 -t r/t)" = kept ] || return 1
	SUB 200 -t 'f/#' >"$D/f.out" &
	sleep 0.5
	PUB -t f/l -l <"$D/lines" && wait $! && cmp -s "$D/f.out" "$D/lines" ||
		return 1
	SUB 1 -t w -V mqttv5 >"$D/w.out" &
	sub=$!
	sleep 0.3
	/usr/bin/mosquitto_sub --unix "$D/m.sock" -t nothing --will-topic w \
		--will-payload gone -k 5 >/dev/null &
	sleep 0.5
	kill -KILL $!
	wait $sub && [ "$(cat "$D/w.out")" = gone ] || return 1
	SUB 4 -t 'm/#' >"$D/m.out" &
	sub=$!
	sleep 0.5
	for i in 1 2 3 4; do PUB -t m/$i -m $i -V mqttv5 -D publish user-property k v & pids="$pids $!"; done
	wait $pids && wait $sub && [ "$(sort "$D/m.out" | tr '\n' ' ')" = "1 2 3 4 " ] ||
		return 1
	# A persistent session (clean session off) gets what it missed.
	SUB 1 -t p -i keep -c -q 1 -W 1 >/dev/null 2>&1
	PUB -t p -m missed -q 1 &&
	[ "$(SUB 1 -t p -i keep -c -q 1)" = missed ] || return 1
	signal_server USR1
	wait_for [ -s "$D/m.db" ] || return 1
	signal_server HUP
	sleep 0.5
	ready
}
