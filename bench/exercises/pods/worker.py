# worker.py PORT: the queue pod's worker beside its redis, on the pod's
# loopback, speaking RESP itself: it takes "ID:OP:ARG" jobs from the list
# "jobs" and pushes "ID:RESULT" to "results".  OP upper, sha256, zlib (the
# compressed length), words (a count); crash exits 3 (a restart policy
# starts it again).  SIGTERM, or redis's end, ends it with 0.
import hashlib, signal, socket, sys, time, zlib

signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
for _ in range(300):
    try:
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit(1)
f = s.makefile("rb")


def cmd(*words):
    out = b"*%d\r\n" % len(words)
    for w in words:
        w = w.encode() if isinstance(w, str) else w
        out += b"$%d\r\n%s\r\n" % (len(w), w)
    s.sendall(out)
    return reply()


def reply():
    line = f.readline()
    if not line:
        # redis ended first: the pod stops.
        sys.exit(0)
    line = line.rstrip(b"\r\n")
    kind, rest = line[:1], line[1:]
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [reply() for _ in range(n)]
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        v = f.read(n + 2)[:-2]
        return v
    if kind == b"-":
        raise RuntimeError(rest.decode())
    return rest


cmd("CLIENT", "SETNAME", "worker")
while True:
    _, job = cmd("BLPOP", "jobs", "0")
    jid, op, arg = job.decode().split(":", 2)
    if op == "crash":
        sys.exit(3)
    elif op == "upper":
        r = arg.upper()
    elif op == "sha256":
        r = hashlib.sha256(arg.encode()).hexdigest()
    elif op == "zlib":
        r = str(len(zlib.compress(arg.encode() * 100)))
    elif op == "words":
        r = str(len(arg.split()))
    else:
        r = "?"
    cmd("RPUSH", "results", "%s:%s" % (jid, r))
