#!/usr/bin/env python3
"""refused.py - the per-call cost of refusals by notification, untraced.

    bench/refused.py [--reps N] [--loop SYSCALL_LOOP] LABEL=SANDPRINT...

Times workloads natively, under record --via notify (traced: each call a
notification, the caller known from ptrace) and under run --audit --via
notify with a profile that refuses every call (untraced: each call a
notification whose caller is identified from /proc), for each sandprint
given (a build before a change and after it), interleaved repetition by
repetition (default 5), and prints the medians as a Markdown table: the
time over native's and µs per refused call.  Not part of the tests.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def workloads(loop):
    return [
        ("find /usr -type f", ["find", "/usr", "-type", "f"]),
        ("tar c /usr/include", ["tar", "-C", "/", "-cf", "-",
                                "usr/include"]),
        ("fork/exec loop (300 × /bin/true)",
         ["sh", "-c", "i=0; while [ $i -lt 300 ]; do /bin/true; "
          "i=$((i+1)); done"]),
        ("8 threads × 20k getppid", [loop, "20000", "8"]),
    ]


def timed(argv):
    t = time.monotonic()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.monotonic() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--loop", required=True)
    ap.add_argument("builds", nargs="+", metavar="LABEL=SANDPRINT")
    a = ap.parse_args()
    builds = [b.split("=", 1) for b in a.builds]
    work = tempfile.mkdtemp(prefix="sandprint-refused.")
    prof = os.path.join(work, "none.json")
    with open(prof, "w") as f:
        json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []}, f)
    rep = os.path.join(work, "report.json")
    tr = os.path.join(work, "trace.json")
    configs = [("native", None, None)]
    for label, sp in builds:
        configs.append(("record " + label, sp, "record"))
        configs.append(("audit " + label, sp, "audit"))
    res = {}
    calls = {}
    for name, argv in workloads(a.loop):
        sp = builds[-1][1]
        subprocess.run([sp, "run", "-q", "--audit", "--via", "notify", "-P",
                        prof, "-o", rep, "--"] + argv,
                       stdout=subprocess.DEVNULL, check=False)
        with open(rep) as f:
            calls[name] = json.load(f)["refused_calls"]
        res[name] = {c[0]: [] for c in configs}
    for r in range(a.reps):
        print("repetition %d/%d" % (r + 1, a.reps), file=sys.stderr)
        for name, argv in workloads(a.loop):
            order = configs[r % len(configs):] + configs[:r % len(configs)]
            for cname, sp, kind in order:
                if kind is None:
                    cmd = argv
                elif kind == "record":
                    cmd = [sp, "record", "-q", "--via", "notify", "-o", tr,
                           "--"] + argv
                else:
                    cmd = [sp, "run", "-q", "--audit", "--via", "notify",
                           "-P", prof, "-o", rep, "--"] + argv
                res[name][cname].append(timed(cmd))
    head = ["workload", "refused calls", "native"] + [c[0] for c in
                                                       configs[1:]]
    head += ["µs/call audit " + b[0] for b in builds]
    print("| " + " | ".join(head) + " |")
    print("|---" * 2 + "|" + "---:|" * (len(head) - 2))
    for name, _ in workloads(a.loop):
        med = {c: statistics.median(v) for c, v in res[name].items()}
        nat = med["native"]
        row = [name, "{:,}".format(calls[name]), "%.0f ms" % (nat * 1e3)]
        row += ["%.2f×" % (med[c[0]] / nat) for c in configs[1:]]
        row += ["%.1f" % ((med["audit " + b[0]] - nat) / calls[name] * 1e6)
                for b in builds]
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
