#!/usr/bin/env python3
"""gen_exes.py -n N -d DIR [--copy] [-o OUT] - writes a valid
sandprint-trace (version 1) of N executables, each a hard link made in
DIR to /bin/true (with --copy, a copy of it)
(a CI runner, a build farm, runc's memfd copies: many paths, few distinct
files), one process each mapping the C library and the loader, and a few
patterns each, for timing show, profile, check and merge on traces with
many executables (bench/RESULTS.md).
"""
import argparse
import json
import os
import shutil
import sys

LIBS = ["/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"]
# read, write, close, mmap(prot), brk, exit_group: what /bin/true makes
CALLS = [(0, None), (1, None), (3, None), (9, 1), (9, 5), (12, None),
         (231, None)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("-d", required=True)
    ap.add_argument("-o", default="-")
    ap.add_argument("--copy", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.d, exist_ok=True)
    exes = []
    for i in range(a.n):
        p = os.path.join(os.path.abspath(a.d), "t%05d" % i)
        if a.copy and not os.path.exists(p):
            shutil.copy(os.path.realpath("/bin/true"), p)
        elif not os.path.exists(p):
            os.link(os.path.realpath("/bin/true"), p)
        exes.append(p)
    out = sys.stdout if a.o == "-" else open(a.o, "w")
    pats = []
    for e in range(a.n):
        for nr, prot in CALLS:
            args = [None] * 6
            if prot is not None:
                args[2] = prot
            pats.append({"arch": "x86_64", "nr": nr, "args": args,
                         "count": 1, "exe": e, "pid": 1000 + e})
    pats.sort(key=lambda p: (p["nr"], [-1 if v is None else v
                                       for v in p["args"]], p["exe"]))
    out.write('{\n  "format": "sandprint-trace",\n  "version": 1,\n'
              '  "command": ["gen_exes.py"],\n  "end": "exited",\n'
              '  "status": 0,\n  "exit_status": 0,\n  "partial": false,\n'
              '  "no_new_privs": false,\n  "calls": %d,\n' % len(pats))
    out.write('  "executables": [\n    ' +
              ",\n    ".join(json.dumps(e) for e in exes) + "\n  ],\n")
    out.write('  "objects": [\n    ' +
              ",\n    ".join(json.dumps(o) for o in LIBS) + "\n  ],\n")
    out.write('  "processes": [\n    ' + ",\n    ".join(
        '{"pid": %d, "ppid": 1, "exe": %d, "objects": [0, 1]}'
        % (1000 + e, e) for e in range(a.n)) + "\n  ],\n")
    out.write('  "patterns": [\n    ' + ",\n    ".join(
        json.dumps(p, separators=(", ", ": ")) for p in pats) + "\n  ]\n}\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
