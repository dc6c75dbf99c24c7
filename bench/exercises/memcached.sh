# memcached: train sets and gets a value; test asks for statistics,
# increments, deletes and flushes.
prepare() { rm -f "$D/m.sock"; }
EXE=/usr/bin/memcached
SERVER=($EXE -s "$D/m.sock" -u root -t 2)
ready() { [ -S "$D/m.sock" ] && ask 'version|' | grep -q VERSION; }
ask() { # REQUEST: one exchange over the socket
	/usr/bin/python3 - "$D/m.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode().replace(b"|", b"\r\n"))
s.shutdown(socket.SHUT_WR)
out = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    out += b
print(out.decode())
PY
}
client_train() {
	ask 'set k 0 0 1|v|' | grep -q STORED &&
	ask 'get k|' | grep -q VALUE
}
client_test() {
	ask 'stats|' | grep -q 'STAT pid' &&
	ask 'set n 0 0 1|5|' | grep -q STORED &&
	ask 'incr n 3|' | grep -q 8 &&
	ask 'delete n|' | grep -q DELETED &&
	ask 'flush_all|' | grep -q OK
}
