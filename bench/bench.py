#!/usr/bin/env python3
"""bench.py - the timing half of bench/run.sh (run that instead).

Generates the inputs, times every workload natively, under strace -f and
under sandprint (record by each path: notify, ptrace, bpf; record
--stacks, run --audit and record --baseline with the workload's own
profile), interleaved repetition by repetition, and prints/writes the
table of medians.  Also times profile, check and
diff on a generated trace of 100k distinct patterns.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BEGIN, END = "<!-- bench:run.sh -->", "<!-- /bench:run.sh -->"
CONFIGS = ["native", "allow", "strace", "record", "ptrace", "bpf", "stacks",
           "audit", "baseline"]
# Optional: the same as record, with tracer and workload pinned to one CPU
# by taskset (--pinned): what a placement policy could win at best.
PINNED = "pinned"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --- inputs -------------------------------------------------------------

def gen_c_file(path, nfuncs, seed):
    with open(path, "w") as f:
        f.write("#include <stdio.h>\n#include <string.h>\n"
                "#include <stdlib.h>\n\n")
        for i in range(nfuncs):
            f.write(
                "struct s%d_%d { int a[%d]; double d; char n[16]; };\n"
                "int f%d_%d(const char *s, int k)\n{\n"
                "\tstruct s%d_%d v;\n\tint h = %d;\n"
                "\tmemset(&v, 0, sizeof(v));\n"
                "\tfor (int i = 0; s[i]; i++) {\n"
                "\t\th = h * 31 + s[i] + k;\n"
                "\t\tv.a[i %% %d] ^= h;\n\t}\n"
                "\tif (h %% 7 == %d)\n"
                "\t\tsnprintf(v.n, sizeof(v.n), \"%%d\", h);\n"
                "\tv.d = h / 3.0;\n"
                "\treturn h + v.a[%d] + (int)v.d + (int)strlen(v.n);\n}\n\n"
                % (seed, i, 4 + i % 13, seed, i, seed, i, seed * 131 + i,
                   4 + i % 13, i % 7, i % (4 + i % 13)))


def gen_inputs(work, quick):
    os.makedirs(work, exist_ok=True)
    # A C file to compile, and a small project for make -j2.
    gen_c_file(os.path.join(work, "compile.c"), 150, 99)
    proj = os.path.join(work, "proj")
    os.makedirs(proj, exist_ok=True)
    nfiles = 8
    for k in range(nfiles):
        gen_c_file(os.path.join(proj, "m%d.c" % k), 40, k)
    with open(os.path.join(proj, "main.c"), "w") as f:
        f.write("int f0_0(const char *s, int k);\n"
                "int main(int argc, char **argv)\n{\n"
                "\treturn f0_0(argv[0], argc) == 42;\n}\n")
    objs = " ".join("m%d.o" % k for k in range(nfiles)) + " main.o"
    with open(os.path.join(proj, "Makefile"), "w") as f:
        f.write("CFLAGS = -O1\nOBJS = %s\n\nprog: $(OBJS)\n"
                "\t$(CC) -o $@ $(OBJS)\n\n%%.o: %%.c\n"
                "\t$(CC) $(CFLAGS) -c -o $@ $<\n" % objs)
    # A file set for the compressor: text (headers) and some binaries,
    # 16 MiB, so xz -1 (3 MiB blocks) keeps two threads busy.
    data = os.path.join(work, "data.bin")
    if not os.path.exists(data):
        want = (4 if quick else 16) << 20
        with open(data, "wb") as out:
            size = 0
            for root in ("/usr/include", "/usr/bin"):
                for dirpath, _, files in os.walk(root):
                    for name in sorted(files):
                        p = os.path.join(dirpath, name)
                        try:
                            with open(p, "rb") as f:
                                b = f.read(1 << 20)
                        except OSError:
                            continue
                        out.write(b)
                        size += len(b)
                        if size >= want:
                            break
                    if size >= want:
                        break
                if size >= want:
                    break
    # A git repository: 300 files, 4 commits, a dirty work tree.
    repo = os.path.join(work, "repo")
    if not os.path.exists(os.path.join(repo, ".git")):
        os.makedirs(repo, exist_ok=True)
        env = dict(os.environ, GIT_AUTHOR_NAME="bench",
                   GIT_AUTHOR_EMAIL="bench@example.org",
                   GIT_COMMITTER_NAME="bench",
                   GIT_COMMITTER_EMAIL="bench@example.org")
        git = ["git", "-C", repo, "-c", "init.defaultBranch=main"]
        subprocess.run(git + ["init", "-q"], check=True, env=env)
        for c in range(4):
            for i in range(300):
                if c and i % (c + 3):
                    continue
                d = os.path.join(repo, "d%d" % (i % 10))
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, "f%d.txt" % i), "w") as f:
                    f.write("".join("line %d of file %d, commit %d\n"
                                    % (j, i, c) for j in range(60)))
            subprocess.run(git + ["add", "-A"], check=True, env=env)
            subprocess.run(git + ["commit", "-q", "-m", "commit %d" % c],
                           check=True, env=env)
        for i in range(0, 300, 25):
            with open(os.path.join(repo, "d%d" % (i % 10),
                                   "f%d.txt" % i), "a") as f:
                f.write("a local change\n")
    return proj, repo, data


def python_bin():
    # The real interpreter, not a version manager's shell shim.
    for p in ("/usr/bin/python3",):
        if os.access(p, os.X_OK):
            return p
    return os.path.realpath(sys.executable)


def workloads(work, proj, repo, data, loop, quick):
    w = [
        ("find /usr -type f", ["find", "/usr", "-type", "f"], None),
        ("tar c /usr/include", ["tar", "-C", "/", "-cf", "-",
                                "usr/include"], None),
        ("fork/exec loop (300 × /bin/true)",
         ["sh", "-c", "i=0; while [ $i -lt 300 ]; do /bin/true; "
          "i=$((i+1)); done"], None),
        ("python3 import json, email, http.client",
         [python_bin(), "-c", "import json, email, http.client"], None),
        ("cc -O2 -c (150 functions)",
         ["cc", "-O2", "-c", "-o", os.path.join(work, "compile.o"),
          os.path.join(work, "compile.c")], None),
        ("make -B -j2 (9 files)", ["make", "-s", "-B", "-j2"], proj),
        ("xz -T2 -1 (%d MiB)" % (os.path.getsize(data) >> 20),
         ["xz", "-T2", "-1", "-c", data], None),
        ("git status, log, diff",
         ["sh", "-c", "git status --porcelain; git log --oneline -n 20; "
          "git diff --stat; git diff HEAD~2 --stat"], repo),
        ("syscall loop (200k getppid)", [loop, "200000"], None),
    ]
    if quick:
        keep = ("tar", "fork", "python3", "syscall")
        w = [x for x in w if x[0].startswith(keep)]
    return w


# --- running --------------------------------------------------------------

def hwm_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(argv, cwd=None, poll_rss=False, ok=(0,)):
    """Runs argv (stdout to /dev/null); returns (seconds, status, peak RSS
    of the process itself in KiB when poll_rss, else 0, CPU seconds).

    The CPU time is wait4's user + system time of the process and of the
    children it reaped (the workload, under sandprint): unlike the wall
    time, what other work on the machine takes of the CPUs is not in it.

    The peak RSS is sampled from /proc/PID/status (VmHWM) every 5 ms:
    wait4's ru_maxrss (what /usr/bin/time %M prints) would be the larger
    of the tracer's and the biggest tracee's, since the tracer reaps its
    tracees."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, cwd=cwd, stdout=null,
                             stderr=subprocess.PIPE)
        peak = [0]
        stop = threading.Event()

        def poll():
            while not stop.is_set():
                peak[0] = max(peak[0], hwm_kib(p.pid))
                stop.wait(0.005)
        th = None
        if poll_rss:
            th = threading.Thread(target=poll, daemon=True)
            th.start()
        err = p.stderr.read()
        _, st, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(st)
        dt = time.perf_counter() - t0
        stop.set()
        if th:
            th.join()
    if p.returncode not in ok:
        log("  exit %d: %s\n%s" % (p.returncode, " ".join(argv),
                                   err.decode(errors="replace")[-2000:]))
    return dt, p.returncode, peak[0], ru.ru_utime + ru.ru_stime


def trace_calls(path):
    try:
        with open(path) as f:
            return json.load(f)["calls"]
    except (OSError, ValueError, KeyError):
        return None


def argv_for(cfg, sp, allow_all, argv, tr, prof):
    if cfg == "native":
        return argv
    if cfg == "strace":
        return ["strace", "-f", "-o", "/dev/null", "--"] + argv
    if cfg == "record":
        # The notification path, as this column has always measured
        # (record's default is --via bpf as root, --via ptrace elsewhere).
        return [sp, "record", "-q", "--via", "notify", "-o", tr,
                "--"] + argv
    if cfg == "allow":
        return [allow_all] + argv
    if cfg == "bpf":
        return [sp, "record", "-q", "--via", "bpf", "-o", tr,
                "--"] + argv
    if cfg == "ptrace":
        return [sp, "record", "-q", "--via", "ptrace", "-o", tr,
                "--"] + argv
    if cfg == PINNED:
        cpu = str(os.cpu_count() - 1)
        return ["taskset", "-c", cpu, sp, "record", "-q", "--via",
                "notify", "-o", tr, "--"] + argv
    if cfg == "stacks":
        return [sp, "record", "-q", "--stacks", "-o", tr, "--"] + argv
    if cfg == "audit":
        return [sp, "run", "-q", "--audit", "-p", prof,
                "-o", tr + ".report", "--"] + argv
    if cfg == "baseline":
        return [sp, "record", "-q", "--baseline", prof, "-o", tr,
                "--"] + argv
    raise ValueError(cfg)


def bench_workloads(a, ws, configs):
    sp = a.sandprint
    res = {}
    for i, (name, argv, cwd) in enumerate(ws):
        # Warm the caches and record the profile the audit and baseline
        # runs use: two recordings, so that what varies from run to run
        # (make -j2's order, ...) is in it; "nothing new happens".
        base = os.path.join(a.work, "w%d" % i)
        log("prepare: %s" % name)
        run(argv, cwd)
        trs = []
        for k in range(2):
            tr = "%s.prep%d.json" % (base, k)
            run([sp, "record", "-q", "-o", tr, "--"] + argv, cwd)
            trs.append(tr)
        prof = base + ".profile.json"
        subprocess.run([sp, "profile", "-o", prof] + trs, check=True,
                       stderr=subprocess.DEVNULL)
        res[name] = {c: [] for c in configs}
        res[name].update(calls=trace_calls(trs[0]), rss={}, size=0,
                         stops=[], prof=prof, base=base, cpu={})
    for rep in range(a.reps):
        log("repetition %d/%d" % (rep + 1, a.reps))
        for name, argv, cwd in ws:
            r = res[name]
            # Rotate the order so that no config always runs first.
            order = configs[rep % len(configs):] + \
                configs[:rep % len(configs)]
            for cfg in order:
                tr = "%s.%s.json" % (r["base"], cfg)
                dt, _, peak, cpu = run(
                    argv_for(cfg, sp, a.allow_all, argv, tr, r["prof"]),
                    cwd, poll_rss=cfg not in ("native", "allow", "strace"))
                r[cfg].append(dt)
                r["cpu"].setdefault(cfg, []).append(cpu)
                if peak:
                    r["rss"][cfg] = max(r["rss"].get(cfg, 0), peak)
                if cfg == "record":
                    r["size"] = os.path.getsize(tr)
                    r["calls"] = trace_calls(tr) or r["calls"]
                if cfg == "baseline":
                    r["stops"].append(trace_calls(tr) or 0)
            log("  %-40s %s" % (name, " ".join(
                "%s=%.3f" % (c, r[c][-1]) for c in configs)))
    return res


def bench_patterns(a):
    """profile, check and diff on generated traces of 100k patterns."""
    sp, work = a.sandprint, a.work
    t1 = os.path.join(work, "p100k.json")
    t2 = os.path.join(work, "p100k-b.json")
    gen = os.path.join(HERE, "gen_trace.py")
    subprocess.run([sys.executable, gen, "-n", "100000", "-o", t1],
                   check=True)
    subprocess.run([sys.executable, gen, "-n", "100000", "--seed", "1",
                    "-o", t2], check=True)
    prof = os.path.join(work, "p100k.profile.json")
    small = os.path.join(work, "w0.profile.json")
    subprocess.run([sp, "profile", "-o", prof, t1], check=True,
                   stderr=subprocess.DEVNULL)
    cmds = [
        ("profile (100k patterns → OCI JSON)",
         [sp, "profile", "-o", os.devnull, t1]),
        ("check, nothing refused (its own profile)",
         [sp, "check", "-q", "-p", prof, t1]),
        ("check, most refused (the first workload's profile)",
         [sp, "check", "-q", "-p", small, t1]),
        ("diff of two 100k traces",
         [sp, "diff", t1, t2]),
    ]
    if not os.path.exists(small):
        cmds = [c for c in cmds if small not in c[1]]
    times = {c[0]: [] for c in cmds}
    for rep in range(a.reps):
        for label, argv in cmds:
            times[label].append(run(argv, ok=(0, 1))[0])
    return [(label, statistics.median(times[label])) for label, _ in cmds]


# --- the table --------------------------------------------------------------

def fmt_s(s):
    return "%.0f ms" % (s * 1000) if s < 1 else "%.2f s" % s


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return cpu


def table(a, res, configs, pats, load0, load1, started):
    med = {n: {c: statistics.median(r[c]) for c in configs}
           for n, r in res.items()}
    L = []
    L.append("Machine: Linux %s, %s, %d CPUs; load average %s at the "
             "start, %s at the end (other builds and tests may run: "
             "compare columns, not runs).  %s, %d interleaved repetitions, "
             "medians of wall-clock time.  sandprint: `%s`."
             % (platform.release(), machine(), os.cpu_count(), load0,
                load1, started, a.reps, os.path.relpath(a.sandprint,
                                                        a.top)))
    L.append("")
    hdr = ["workload", "calls", "native", "strace -f", "record",
           "record / strace", "--via ptrace", "ptrace / strace",
           "--via bpf", "bpf, CPU", "--stacks", "allow-all filter",
           "run --audit", "--baseline"]
    if PINNED in configs:
        hdr.append("record, 1 CPU")
    hdr += ["µs/call strace", "µs/call record", "µs/call bpf",
            "tracer RSS", "bpf RSS", "trace"]
    L.append("| " + " | ".join(hdr) + " |")
    L.append("|---|" + "---:|" * (len(hdr) - 1))
    for n, r in res.items():
        m = med[n]
        nat = m["native"]
        calls = r["calls"] or 0

        def x(c):
            return "%.2f×" % (m[c] / nat) if nat > 0 else "-"

        def cpu_x(c):
            cn = statistics.median(r["cpu"].get("native", [0]))
            cc = statistics.median(r["cpu"].get(c, [0]))
            return "%.2f×" % (cc / cn) if cn > 0 else "-"

        def per(c):
            if not calls:
                return "-"
            return "%.1f" % ((m[c] - nat) / calls * 1e6)
        stops = max(r["stops"]) if r["stops"] else 0
        row = [n, "{:,}".format(calls), fmt_s(nat), x("strace"),
               x("record"), "**%.2f**" % (m["record"] / m["strace"]),
               x("ptrace"), "**%.2f**" % (m["ptrace"] / m["strace"]),
               "**%s**" % x("bpf"), cpu_x("bpf"), x("stacks"), x("allow"),
               x("audit"),
               x("baseline") + ("" if not stops else
                                " (%d stops)" % stops)]
        if PINNED in configs:
            row.append("%s (%.2f of strace)" % (
                x(PINNED), m[PINNED] / m["strace"]))
        rss = max(r["rss"].get(c, 0) for c in ("record", "ptrace", "stacks"))
        row += [per("strace"), per("record"), per("bpf"),
                "%.1f MiB" % (rss / 1024),
                "%.1f MiB" % (r["rss"].get("bpf", 0) / 1024),
                "%.0f KiB" % (r["size"] / 1024)]
        L.append("| " + " | ".join(row) + " |")
    L.append("")
    L.append("×: median wall time over native's.  record / strace: "
             "record's median over strace -f's (target ≤ 0.35 on find, "
             "tar and the loop; ≤ 1 everywhere); record is --via notify "
             "(a user notification per call), --via ptrace (record's "
             "default where bpf cannot run) one RET_TRACE stop per call, "
             "--via bpf (record's default as root) "
             "counts calls in the kernel (a BPF program at the syscall "
             "tracepoints; targets: find ≤ 1.3×, tar ≤ 1.15×, the loop "
             "≤ 4×, the rest ≤ 1.3×); bpf, CPU: its median CPU time "
             "(user and system, the workload's included) over native's, "
             "which the machine's other work does not move.  allow-all "
             "filter: the workload under a one-instruction filter that "
             "allows everything (bench/allow_all.c), the floor of run "
             "--audit and --baseline.  µs/call: (config − "
             "native) / calls, calls from record's trace.  --baseline: "
             "the stops it made, if any (a call the profile did not "
             "allow).  tracer RSS: sandprint's own peak (VmHWM sampled "
             "every 5 ms, record, --via ptrace and --stacks; bpf RSS: "
             "--via bpf's), not its tracees'.")
    if pats:
        L.append("")
        L.append("Generated traces of 100,000 distinct patterns "
                 "(`bench/gen_trace.py`, 11 MiB each), medians:")
        L.append("")
        L.append("| command | time |")
        L.append("|---|---:|")
        for label, t in pats:
            L.append("| %s | %s |" % (label, fmt_s(t)))
    return "\n".join(L) + "\n"


def write_results(path, body):
    try:
        with open(path) as f:
            old = f.read()
    except FileNotFoundError:
        old = "# Benchmark results\n"
    section = (BEGIN + "\n" + body + END)
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + section + \
            old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n## Cost of recording: " \
            "bench/run.sh\n\nWritten by `bench/run.sh`; rerun it to " \
            "refresh this section.\n\n" + section + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(new)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sandprint", required=True)
    ap.add_argument("--loop", required=True)
    ap.add_argument("--allow-all", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--top", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--pinned", action="store_true")
    ap.add_argument("--results")
    a = ap.parse_args()
    a.sandprint = os.path.abspath(a.sandprint)
    a.loop = os.path.abspath(a.loop)
    a.work = os.path.abspath(a.work)
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    load0 = "%.2f" % os.getloadavg()[0]
    configs = CONFIGS + ([PINNED] if a.pinned else [])
    proj, repo, data = gen_inputs(a.work, a.quick)
    ws = workloads(a.work, proj, repo, data, a.loop, a.quick)
    res = bench_workloads(a, ws, configs)
    log("profile, check, diff of 100k patterns")
    pats = bench_patterns(a)
    load1 = "%.2f" % os.getloadavg()[0]
    body = table(a, res, configs, pats, load0, load1, started)
    print(body)
    if a.results:
        write_results(a.results, body)
        log("written: %s" % a.results)


if __name__ == "__main__":
    main()
