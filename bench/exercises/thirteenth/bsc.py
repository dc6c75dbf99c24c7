#!/usr/bin/python3
# bsc.py HOST PORT ready|train|test: beanstalkd's protocol, for
# beanstalkd.sh.  Prints "ok" when every answer is the one expected.
import socket, sys, threading

class C:
    def __init__(self):
        self.s = socket.create_connection((sys.argv[1], int(sys.argv[2])), 10)
        self.f = self.s.makefile("rb")

    def cmd(self, line, body=None):
        msg = line.encode() + b"\r\n"
        if body is not None:
            msg += body + b"\r\n"
        self.s.sendall(msg)
        head = self.f.readline().decode().strip()
        word = head.split()
        if word and word[0] in ("OK", "RESERVED", "FOUND"):
            n = int(word[-1])
            data = self.f.read(n + 2)[:-2]
            return head, data
        return head, None

    def expect(self, line, want, body=None):
        head, data = self.cmd(line, body)
        if not head.startswith(want):
            raise SystemExit("%s: %s, not %s" % (line, head, want))
        return head, data

def put(c, body, pri=100, delay=0, ttr=60):
    head, _ = c.expect("put %d %d %d %d" % (pri, delay, ttr, len(body)),
                       "INSERTED", body)
    return int(head.split()[1])

def reserve(c, want, timeout=5):
    head, data = c.expect("reserve-with-timeout %d" % timeout, "RESERVED")
    if data != want:
        raise SystemExit("reserved %r, not %r" % (data[:20], want[:20]))
    return int(head.split()[1])

def train():
    c = C()
    put(c, b"hello")
    c.expect("delete %d" % reserve(c, b"hello"), "DELETED")

def worker(n, errs):
    try:
        c = C()
        c.expect("use w%d" % n, "USING")
        c.expect("watch w%d" % n, "WATCHING")
        c.expect("ignore default", "WATCHING")
        for i in range(50):
            put(c, b"job %d %d" % (n, i))
        for i in range(50):
            c.expect("delete %d" % reserve(c, b"job %d %d" % (n, i)), "DELETED")
    except BaseException as e:
        errs.append(e)

def test():
    c = C()
    c.expect("use jobs", "USING")
    c.expect("watch jobs", "WATCHING")
    c.expect("ignore default", "WATCHING")
    a = put(c, b"first", pri=10)
    put(c, b"x" * 60000, pri=20)
    put(c, b"later", pri=50, delay=1)
    c.expect("peek-ready", "FOUND")
    c.expect("peek-delayed", "FOUND")
    j = reserve(c, b"first")
    c.expect("touch %d" % j, "TOUCHED")
    c.expect("release %d 10 0" % j, "RELEASED")
    j = reserve(c, b"first")
    c.expect("bury %d 1" % j, "BURIED")
    c.expect("peek-buried", "FOUND")
    c.expect("kick 1", "KICKED 1")
    _, st = c.expect("stats-job %d" % a, "OK")
    if b"tube: \"jobs\"" not in st and b"tube: jobs" not in st:
        raise SystemExit("stats-job: %r" % st)
    c.expect("delete %d" % reserve(c, b"first"), "DELETED")
    c.expect("delete %d" % reserve(c, b"x" * 60000), "DELETED")
    c.expect("delete %d" % reserve(c, b"later"), "DELETED")
    c.expect("reserve-with-timeout 1", "TIMED_OUT")
    c.expect("pause-tube jobs 1", "PAUSED")
    put(c, b"paused")
    c.expect("delete %d" % reserve(c, b"paused", 4), "DELETED")
    _, st = c.expect("stats", "OK")
    if b"total-jobs:" not in st:
        raise SystemExit("stats: %r" % st)
    c.expect("stats-tube jobs", "OK")
    _, t = c.expect("list-tubes", "OK")
    if b"jobs" not in t:
        raise SystemExit("list-tubes: %r" % t)
    c.expect("list-tube-used", "USING jobs")
    c.expect("list-tubes-watched", "OK")
    c.expect("nothing", "UNKNOWN_COMMAND")
    errs = []
    ts = [threading.Thread(target=worker, args=(n, errs)) for n in range(6)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errs:
        raise SystemExit(str(errs[0]))
    c.expect("quit", "")

if sys.argv[3] == "ready":
    C().expect("stats", "OK")
elif sys.argv[3] == "train":
    train()
else:
    test()
print("ok")
