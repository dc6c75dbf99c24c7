# nats.py PORT train|test: a client of the NATS protocol (text over
# TCP) for nats.sh's exercises; exits 0 when every step got its answer.
import json, socket, sys, threading, time


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.f = self.s.makefile("rb")
        info = self.f.readline()
        assert info.startswith(b"INFO "), info
        self.send(b'CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true}\r\nPING\r\n')
        self.expect_pong()

    def send(self, b):
        self.s.sendall(b)

    def pub(self, subj, data, reply=None):
        r = (" " + reply) if reply else ""
        self.send(b"PUB %s%s %d\r\n%s\r\n" % (subj.encode(), r.encode(), len(data), data))

    def sub(self, subj, sid, queue=None):
        q = (" " + queue) if queue else ""
        self.send(b"SUB %s%s %s\r\n" % (subj.encode(), q.encode(), sid.encode()))

    def expect_pong(self):
        while True:
            line = self.f.readline()
            if line.startswith(b"PONG"):
                return
            if line.startswith(b"PING"):
                self.send(b"PONG\r\n")
                continue
            assert not line.startswith(b"-ERR"), line

    def sync(self):
        self.send(b"PING\r\n")
        self.expect_pong()

    def msg(self):
        """The next message: (subject, reply, payload)."""
        while True:
            line = self.f.readline()
            assert line, "closed"
            if line.startswith(b"PING"):
                self.send(b"PONG\r\n")
                continue
            if line.startswith(b"PONG") or line.startswith(b"+OK"):
                continue
            w = line.split()
            if w[0] == b"MSG":
                n = int(w[-1])
                data = self.f.read(n + 2)[:-2]
                reply = w[3].decode() if len(w) == 5 else None
                return w[1].decode(), reply, data
            if w[0] == b"HMSG":
                hn, n = int(w[-2]), int(w[-1])
                data = self.f.read(n + 2)[:-2][hn:]
                reply = w[3].decode() if len(w) == 6 else None
                return w[1].decode(), reply, data
            raise AssertionError(line)

    def request(self, subj, data, inbox):
        self.sub(inbox, "99")
        self.pub(subj, data, inbox)
        r = self.msg()[2]
        self.send(b"UNSUB 99\r\n")
        return r


port = int(sys.argv[1])
c = Conn(port)
c.sub("greet", "1")
c.sync()
c.pub("greet", b"hello")
assert c.msg()[2] == b"hello"
if sys.argv[2] == "train":
    sys.exit(0)

# 20 connections, 1000 messages fanned out to each subscriber.
subs = [Conn(port) for _ in range(20)]
for i, s in enumerate(subs):
    s.sub("fan.>", str(i))
    s.sync()
for i in range(1000):
    c.pub("fan.x", b"m%d" % i)
c.sync()
for s in subs:
    for i in range(1000):
        assert s.msg()[2] == b"m%d" % i
# A queue group: each message to one member.
qs = [Conn(port) for _ in range(3)]
for q in qs:
    q.sub("work", "1", "grp")
    q.sync()
for i in range(30):
    c.pub("work", b"w")
c.sync()
got = [0, 0, 0]
done = threading.Event()
def drain(k):
    qs[k].s.settimeout(2)
    try:
        while True:
            qs[k].msg()
            got[k] += 1
    except (socket.timeout, OSError):
        pass
ts = [threading.Thread(target=drain, args=(k,)) for k in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert sum(got) == 30, got
# Request and reply through a responder thread.
r = Conn(port)
r.sub("svc", "1")
r.sync()
def respond():
    subj, reply, data = r.msg()
    r.pub(reply, b"re:" + data)
t = threading.Thread(target=respond)
t.start()
assert c.request("svc", b"q", "_INBOX.a") == b"re:q"
t.join()
# JetStream: a file-backed stream, 200 messages stored, a pull consumer.
def api(what, body):
    return json.loads(c.request("$JS.API." + what, json.dumps(body).encode(), "_INBOX.js"))
rs = api("STREAM.CREATE.S", {"name": "S", "subjects": ["ev.>"], "storage": "file"})
assert "error" not in rs, rs
for i in range(200):
    ack = json.loads(c.request("ev.one", b"e%d" % i, "_INBOX.ack"))
    assert ack.get("seq") == i + 1, ack
info = api("STREAM.INFO.S", {})
assert info["state"]["messages"] == 200, info
rc = api("CONSUMER.DURABLE.CREATE.S.D", {"stream_name": "S", "config": {"durable_name": "D", "ack_policy": "explicit"}})
assert "error" not in rc, rc
c.sub("_INBOX.pull", "7")
c.send(b"PUB $JS.API.CONSUMER.MSG.NEXT.S.D _INBOX.pull 12\r\n{\"batch\":10}\r\n")
for i in range(10):
    subj, reply, data = c.msg()
    assert data == b"e%d" % i, data
    c.pub(reply, b"+ACK")
c.sync()
rd = api("STREAM.DELETE.S", {})
assert rd.get("success"), rd
print("ok")
