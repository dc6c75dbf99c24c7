# redis-server: train sets and gets a key; test asks for the server's
# status, builds a list and saves in the background (a forked child).
prepare() { rm -f "$D"/r.sock "$D"/dump.rdb; }
EXE=/usr/bin/redis-server
SERVER=($EXE --port 0 --unixsocket "$D/r.sock" --dir "$D" --save ""
	--daemonize no --logfile "$D/redis.log")
C() { /usr/bin/redis-cli -s "$D/r.sock" "$@"; }
ready() { C ping >/dev/null 2>&1; }
client_train() {
	C set k v >/dev/null && [ "$(C get k)" = v ]
}
client_test() {
	C info >/dev/null &&
	C rpush l a b c >/dev/null &&
	[ "$(C llen l)" = 3 ] &&
	C bgsave >/dev/null &&
	wait_for [ -s "$D/dump.rdb" ] &&
	C config get maxmemory >/dev/null
}
stop() { C shutdown nosave >/dev/null 2>&1; }
