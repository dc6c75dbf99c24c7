#!/bin/bash
# deps.sh - install what sandprint needs to build and test on Debian 12
# (as root).  Installs only what is missing; safe to run again.
# The in-kernel recorder (record --via bpf) is built with clang, bpftool
# and libbpf; it runs where the kernel has BTF (/sys/kernel/btf/vmlinux).
# The HTML reports are checked in a headless chromium (tests/workflows.sh),
# the -f systemd output by systemd-analyze verify (tests/analysis.sh) and
# by systemd booted in systemd-nspawn (tests/systemd.sh: systemd-container),
# the -f minijail output by minijail built from its sources in the tests
# (tests/third_party/minijail/: g++ and libcap-dev for it), a musl program
# by musl-gcc (tests/show.sh: musl-tools), 32-bit programs by gcc -m32
# (tests/fidelity.sh: gcc-multilib), the C library's call sites named from
# its debug file found by build ID (tests/stacks_test.c: libc6-dbg), the
# reports of crun runs named by scmp_sys_resolver (tests/run-in-crun.sh:
# seccomp), the installed completion loaded as bash does
# (tests/install.sh: bash-completion), podman run --init
# (tests/containers.sh: catatonit).
# Not root: apt-get runs under sudo where there is one.
set -eu

pkgs=(cmake make gcc pkg-config libseccomp-dev libjansson-dev libelf-dev
	zlib1g-dev
	libcapstone-dev
	libunwind-dev libcriterion-dev crun runc jq util-linux groff-base
	strace python3 clang libclang-rt-14-dev bubblewrap valgrind podman
	python3-jsonschema python3-yaml libbpf-dev bpftool chromium systemd
	systemd-container
	g++ libcap-dev musl-tools gcc-multilib libc6-dbg seccomp
	bash-completion catatonit)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
if ! command -v apt-get >/dev/null; then
	echo "deps: no apt-get (this is for Debian 12); install these or their" \
		"equivalents: ${missing[*]}" >&2
	exit 1
fi
as_root=()
if [ "$(id -u)" != 0 ]; then
	if ! command -v sudo >/dev/null; then
		echo "deps: missing ${missing[*]}: run this as root to install them" >&2
		exit 1
	fi
	as_root=(sudo)
fi
echo "deps: installing ${missing[*]}" >&2
# A fresh machine's unattended upgrades may hold dpkg's lock a while.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq \
	-o DPkg::Lock::Timeout=600 update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq \
	-o DPkg::Lock::Timeout=600 install --no-install-recommends \
	"${missing[@]}" >&2
