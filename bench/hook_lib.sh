# shellcheck shell=bash
# hook_lib.sh - what bench/hook_survive.sh and bench/hook_pods.sh share:
# Podman in a mount namespace this host's cgroups suit, the kernel's
# audit records of refused calls, and images made of host files.
# Sourced; image needs $W (the work directory) and $LAYOUT.

# crun under Podman refuses this kind of host's hybrid cgroup layout (v2
# with controllers beside v1): Podman then runs in a mount namespace
# without the v2 hierarchy (as tests/run-in-crun.sh does).
in_ns() {
	if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] &&
	   [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ] &&
	   [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]; then
		unshare -m --propagation private /bin/sh -c \
			'umount /sys/fs/cgroup/unified && exec "$@"' sh "$@"
	else
		"$@"
	fi
}


# kmsg [SEQ]: without SEQ, the kernel log's last sequence number; with
# it, the seccomp audit records (type=1326) after it, as "name comm".
kmsg() {
	/usr/bin/python3 - "$@" <<'PY'
import os, re, subprocess, sys
after = int(sys.argv[1]) if len(sys.argv) > 1 else None
fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
last, out = -1, set()
while True:
    try:
        rec = os.read(fd, 8192)
    except BlockingIOError:
        break
    except BrokenPipeError:
        continue
    head, _, msg = rec.decode(errors="replace").partition(";")
    last = int(head.split(",")[1])
    if after is not None and last > after and "type=1326" in msg:
        nr = re.search(r" syscall=(\d+)", msg).group(1)
        comm = re.search(r' comm="([^"]*)"', msg)
        name = subprocess.run(["scmp_sys_resolver", "-a", "x86_64", nr],
                              capture_output=True, text=True).stdout.strip()
        out.add("%s(%s)" % (name or nr, comm.group(1) if comm else "?"))
if after is None:
    print(last)
else:
    print(" ".join(sorted(out)))
PY
}

# image NAME PATH...: imports an image NAME of these host paths (files,
# directories whole, links and what they point to), the libraries ldd
# finds for every ELF file among them, and /etc's passwd, group,
# nsswitch.conf and localtime; in the $LAYOUT layout.
image() {
	local name=$1 stage="$W/stage-$1"
	shift
	/usr/bin/python3 - "$stage" "$LAYOUT" "$@" /etc/passwd /etc/group \
		/etc/nsswitch.conf /etc/localtime <<'PY' || return 1
import os, shutil, subprocess, sys
stage, layout, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
merged = layout != "split"
libdir = "/opt/splib"
os.makedirs(stage)
for d in ("usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "tmp",
          "proc", "dev", "sys", "run", "root"):
    os.makedirs(os.path.join(stage, d), exist_ok=True)
os.chmod(os.path.join(stage, "tmp"), 0o1777)
for l in ("bin", "sbin", "lib", "lib64"):
    if merged and os.path.islink("/" + l):
        os.symlink(os.readlink("/" + l), os.path.join(stage, l))
done, elves = set(), []
def add(p):
    # Merged, the path's directory as the host resolves it; split, as
    # named; then the last component: a link is copied as a link, and
    # its target added.
    p = os.path.normpath(p)
    if merged:
        p = os.path.join(os.path.realpath(os.path.dirname(p)),
                         os.path.basename(p))
    if p in done or not os.path.lexists(p):
        return
    done.add(p)
    dst = stage + p
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.islink(p):
        os.symlink(os.readlink(p), dst)
        add(os.path.join(os.path.dirname(p), os.readlink(p)))
    elif os.path.isdir(p):
        os.makedirs(dst, exist_ok=True)
        for e in sorted(os.listdir(p)):
            add(os.path.join(p, e))
    elif os.path.isfile(p) and not os.path.isdir(dst):
        shutil.copy2(p, dst)
        with open(p, "rb") as f:
            if f.read(4) == b"\x7fELF":
                elves.append(p)
for p in paths:
    add(p)
seen = set()
while elves:
    e = elves.pop()
    if e in seen:
        continue
    seen.add(e)
    out = subprocess.run(["ldd", e], capture_output=True, text=True).stdout
    for line in out.splitlines():
        for w in line.split():
            if w.startswith("/"):
                if layout != "libdir" or "/ld-linux" in w:
                    add(w)
                    continue
                # The library's contents at its name in libdir; its
                # own needs ldd listed already.
                os.makedirs(stage + libdir, exist_ok=True)
                dst = os.path.join(stage + libdir, os.path.basename(w))
                if not os.path.exists(dst):
                    shutil.copy(w, dst)
if layout == "libdir":
    with open(stage + "/etc/ld.so.conf", "w") as f:
        f.write(libdir + "\n")
    subprocess.run(["ldconfig", "-r", stage], check=True)
PY
	tar -C "$stage" -cf "$W/$name.tar" . &&
		podman import -q "$W/$name.tar" "localhost/sp-hooksurv-$name" \
			>/dev/null
}
