# redis-server: train sets and gets a key; test asks for the server's
# status, builds a list and saves in the background (a forked child).
. ./common.sh
R=/usr/bin/redis-server C=/usr/bin/redis-cli
rm -f "$D"/r.sock "$D"/dump.rdb
$R --port 0 --unixsocket "$D/r.sock" --dir "$D" --save "" \
	--daemonize no --logfile "$D/redis.log" &
pid=$!
wait_for $C -s "$D/r.sock" ping >/dev/null || exit 1
case $1 in
train)
	$C -s "$D/r.sock" set k v >/dev/null
	[ "$($C -s "$D/r.sock" get k)" = v ] || exit 1
	;;
test)
	$C -s "$D/r.sock" info >/dev/null || exit 1
	$C -s "$D/r.sock" rpush l a b c >/dev/null
	[ "$($C -s "$D/r.sock" llen l)" = 3 ] || exit 1
	$C -s "$D/r.sock" bgsave >/dev/null || exit 1
	wait_for test -s "$D/dump.rdb" || exit 1
	$C -s "$D/r.sock" config get maxmemory >/dev/null || exit 1
	;;
esac
$C -s "$D/r.sock" shutdown nosave >/dev/null 2>&1
wait $pid
exit 0
