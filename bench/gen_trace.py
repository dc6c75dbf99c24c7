#!/usr/bin/env python3
"""gen_trace.py [-n N] [-o OUT] - writes a valid sandprint-trace (version 1)
with N (default 100000) distinct (arch, nr, kept arguments) patterns, for
timing profile, check and diff on big traces (bench/run.sh).

The patterns are calls whose arguments sandprint keeps (analyzer/argkind.def)
with values a real program could pass: ioctl requests built like _IOC(dir,
type, nr, size), socket(family, type|flags, protocol), mmap(prot, flags),
fcntl commands, prctl options, madvise advice, plus every x86_64 call with
no kept argument.  --seed S makes a second, slightly different trace (for
diff): one pattern in ~1000 is replaced.
"""
import argparse
import json
import sys

# x86_64 numbers (asm/unistd_64.h); the reader checks nothing but the arch.
IOCTL, SOCKET, MMAP, FCNTL, PRCTL, MADVISE = 16, 41, 9, 72, 157, 28
PLAIN = [0, 1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21,
         22, 23, 24, 32, 33, 35, 39, 42, 43, 44, 45, 46, 47, 49, 50, 51,
         52, 54, 55, 61, 62, 63, 78, 79, 80, 82, 83, 84, 87, 89, 90, 92,
         95, 96, 97, 102, 104, 107, 108, 110, 186, 202, 217, 218, 228,
         230, 231, 257, 262, 273, 302, 318, 332, 334, 435]


def patterns(n, seed):
    seen = 0
    for nr in PLAIN:
        yield nr, [None] * 6
        seen += 1
    # prctl options 0..79, madvise 0..25, fcntl 0..1100 (F_LINUX_SPECIFIC
    # lives at 1024+)
    for v in range(80):
        yield PRCTL, [v, None, None, None, None, None]
    for v in range(26):
        yield MADVISE, [None, None, v, None, None, None]
    for v in list(range(64)) + list(range(1024, 1060)):
        yield FCNTL, [None, v, None, None, None, None]
    # mmap: prot 0..7 x a spread of MAP_* flag sets
    for prot in range(8):
        for fl in range(1, 0x600, 3):
            yield MMAP, [None, None, prot, fl, None, None]
    # socket: family 0..45 x type 1..6 (+ NONBLOCK/CLOEXEC) x protocol
    for fam in range(46):
        for typ in range(1, 7):
            for fl in (0, 0o4000, 0o2000000, 0o2004000):
                for proto in range(40):
                    yield SOCKET, [fam, typ | fl, proto, None, None, None]
    # ioctl: _IOC(dir, type, nr, size) until n
    i = 0
    while True:
        d, t, nr_, size = i & 3, (i >> 2) & 0xff, (i >> 10) & 0xff, 8
        req = (d << 30) | (size << 16) | (t << 8) | nr_
        if seed and i % 997 == 0:
            req ^= 0x3000 << 16   # a different size: a distinct request
        yield IOCTL, [None, req, None, None, None, None]
        i += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100000)
    ap.add_argument("-o", default="-")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    out = sys.stdout if a.o == "-" else open(a.o, "w")
    pats, keys = [], set()
    for nr, args in patterns(a.n, a.seed):
        if len(pats) == a.n:
            break
        key = (nr, tuple(args))
        if key in keys:
            continue
        keys.add(key)
        pats.append({"arch": "x86_64", "nr": nr, "args": args,
                     "count": 1 + (len(pats) * 7919) % 1000, "exe": 0,
                     "pid": 1000})
    calls = sum(p["count"] for p in pats)
    out.write('{\n  "format": "sandprint-trace",\n  "version": 1,\n'
              '  "command": ["gen_trace.py"],\n  "end": "exited",\n'
              '  "status": 0,\n  "exit_status": 0,\n  "partial": false,\n'
              '  "no_new_privs": false,\n  "calls": %d,\n'
              '  "executables": [\n    "/usr/bin/gen"\n  ],\n'
              '  "processes": [\n    {"pid": 1000, "ppid": 1, "exe": 0}\n'
              '  ],\n  "patterns": [' % calls)
    for i, p in enumerate(pats):
        out.write((",\n    " if i else "\n    ") +
                  json.dumps(p, separators=(", ", ": ")))
    out.write("\n  ]\n}\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
