# PyPy 7.3 (Python 3.9): a tracing JIT compiling hot loops to machine
# code in memory it maps and protects itself, its own incremental
# collector, and standard modules built on cffi (_sqlite3, _hashlib's
# OpenSSL, _ssl...: extension libraries loaded at run time from
# lib_pypy).  Train prints a sum; test runs hot loops (traces, bridges),
# threads, a thread pool, a forked multiprocessing pool, subprocess,
# a socket pair, an in-memory and a file SQLite database, hashlib,
# zlib, json, a temporary file, time zones, select and a large
# allocation collected (gc.collect).
prepare() {
	rm -rf "$D/t.db" "$D/tmp"
	mkdir -p "$D/tmp"
	cat >"$D/test.py" <<'PY'
import sys, os, threading, subprocess, socket, sqlite3, hashlib, zlib, json
import tempfile, time, select, gc, multiprocessing
from concurrent.futures import ThreadPoolExecutor
d = sys.argv[1]
s = 0
for i in range(3000000):
    if i % 3 == 0: s += i
    else: s -= 1
assert s == 1499998500000 - 2000000
def work(n): return sum(j * j for j in range(n))
ts = [threading.Thread(target=work, args=(200000,)) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
with ThreadPoolExecutor(3) as ex:
    assert list(ex.map(lambda x: x + 1, range(10))) == list(range(1, 11))
with multiprocessing.Pool(2) as p:
    assert p.map(abs, [-1, -2, 3]) == [1, 2, 3]
assert subprocess.run(["echo", "hi"], capture_output=True).stdout == b"hi\n"
a, b = socket.socketpair(); a.sendall(b"x"); assert b.recv(1) == b"x"
r, w = os.pipe(); os.write(w, b"y"); assert select.select([r], [], [], 1)[0] == [r]
for path in (":memory:", os.path.join(d, "t.db")):
    c = sqlite3.connect(path)
    c.execute("create table t(a, b)")
    c.executemany("insert into t values(?, ?)", [(i, str(i)) for i in range(1000)])
    c.commit()
    assert c.execute("select count(*), sum(a) from t").fetchone() == (1000, 499500)
    c.close()
assert hashlib.sha256(b"abc").hexdigest().startswith("ba7816bf")
assert hashlib.md5(b"").hexdigest() == "d41d8cd98f00b204e9800998ecf8427e"
assert zlib.decompress(zlib.compress(b"z" * 10000)) == b"z" * 10000
assert json.loads(json.dumps({"a": [1, 2]})) == {"a": [1, 2]}
with tempfile.NamedTemporaryFile(dir=os.path.join(d, "tmp")) as f:
    f.write(b"t"); f.flush(); assert os.path.getsize(f.name) == 1
assert time.strftime("%Y", time.localtime()) >= "2024"
x = [[i] for i in range(2000000)]; del x; gc.collect()
print("ok")
PY
}
TRAIN=(/usr/bin/pypy3 -c 'print(sum(range(101)))')
TEST=(/bin/sh -c 'HOME="$1" /usr/bin/pypy3 "$1/test.py" "$1" | grep -q ok' sh "$D")
