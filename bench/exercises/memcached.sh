# memcached: train sets and gets a value over its unix socket; test asks
# for statistics, increments, deletes and flushes.
. ./common.sh
M=/usr/bin/memcached
rm -f "$D/m.sock"
$M -s "$D/m.sock" -u root -t 2 &
pid=$!
wait_for test -S "$D/m.sock" || exit 1
ask() { # REQUEST: one exchange over the socket (python's client)
	/usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode().replace(b"|", b"\r\n"))
out = b""
while not out.endswith((b"END\r\n", b"STORED\r\n", b"DELETED\r\n", b"OK\r\n")) \
		and not out.rstrip().isdigit():
	b = s.recv(65536)
	if not b:
		break
	out += b
print(out.decode())' "$D/m.sock" "$1"
}
case $1 in
train)
	ask 'set k 0 0 1|v|' | grep -q STORED || exit 1
	ask 'get k|' | grep -q VALUE || exit 1
	;;
test)
	ask 'stats|' | grep -q 'STAT pid' || exit 1
	ask 'set n 0 0 1|5|' | grep -q STORED || exit 1
	ask 'incr n 3|' | grep -q 8 || exit 1
	ask 'delete n|' | grep -q DELETED || exit 1
	ask 'flush_all|' | grep -q OK || exit 1
	;;
esac
kill $pid
wait $pid
exit 0
