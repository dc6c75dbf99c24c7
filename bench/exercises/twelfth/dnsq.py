#!/usr/bin/python3
# dnsq.py [--tcp] PORT NAME TYPE: one DNS question to 127.0.0.1:PORT;
# prints the answers' data (A, AAAA, TXT, PTR, CNAME) one a line, or the
# response code's name when it is not NOERROR.  Exit 1 on no answer.
import socket, struct, sys

tcp = sys.argv[1] == "--tcp"
port, name, qtype = sys.argv[1 + tcp:4 + tcp]
types = {"A": 1, "CNAME": 5, "PTR": 12, "TXT": 16, "AAAA": 28}
q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
for label in name.rstrip(".").split("."):
    q += bytes([len(label)]) + label.encode()
q += b"\0" + struct.pack(">HH", types[qtype], 1)
if tcp:
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=3)
    s.sendall(struct.pack(">H", len(q)) + q)
    n = struct.unpack(">H", s.recv(2))[0]
    r = b""
    while len(r) < n:
        r += s.recv(n - len(r))
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.sendto(q, ("127.0.0.1", int(port)))
    r = s.recv(4096)
rcode = r[3] & 15
if rcode:
    print({3: "NXDOMAIN", 5: "REFUSED", 2: "SERVFAIL"}.get(rcode, rcode))
    sys.exit(0)

def skipname(p):
    while True:
        n = r[p]
        if n == 0:
            return p + 1
        if n >= 0xc0:
            return p + 2
        p += n + 1

def readname(p):
    out = []
    while True:
        n = r[p]
        if n == 0:
            return ".".join(out)
        if n >= 0xc0:
            out.append(readname(((n & 0x3f) << 8) | r[p + 1]))
            return ".".join(out)
        out.append(r[p + 1:p + 1 + n].decode())
        p += n + 1

an = struct.unpack(">H", r[6:8])[0]
p = skipname(12) + 4
for _ in range(an):
    p = skipname(p)
    t, _, _, ln = struct.unpack(">HHIH", r[p:p + 10])
    d = r[p + 10:p + 10 + ln]
    if t == 1:
        print(socket.inet_ntop(socket.AF_INET, d))
    elif t == 28:
        print(socket.inet_ntop(socket.AF_INET6, d))
    elif t == 16:
        print(d[1:1 + d[0]].decode())
    elif t in (5, 12):
        print(readname(p + 10))
    p += 10 + ln
sys.exit(0 if an else 1)
