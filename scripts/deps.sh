#!/bin/bash
# deps.sh - install what sandprint needs to build and test on Debian 12
# (as root).  Installs only what is missing; safe to run again.
# The in-kernel recorder (record --via bpf) is built with clang, bpftool
# and libbpf; it runs where the kernel has BTF (/sys/kernel/btf/vmlinux).
# The HTML reports are checked in a headless chromium (tests/workflows.sh),
# the -f systemd output by systemd-analyze verify (tests/analysis.sh),
# the -f minijail output by minijail built from its sources in the tests
# (tests/third_party/minijail/: g++ and libcap-dev for it), a musl program
# by musl-gcc (tests/show.sh: musl-tools), 32-bit programs by gcc -m32
# (tests/fidelity.sh: gcc-multilib), the C library's call sites named from
# its debug file found by build ID (tests/stacks_test.c: libc6-dbg).
set -eu

pkgs=(cmake make gcc pkg-config libseccomp-dev libjansson-dev libelf-dev
	zlib1g-dev
	libcapstone-dev
	libunwind-dev libcriterion-dev crun runc jq util-linux groff-base
	strace python3 clang libclang-rt-14-dev bubblewrap valgrind podman
	python3-jsonschema python3-yaml libbpf-dev bpftool chromium systemd
	g++ libcap-dev musl-tools gcc-multilib libc6-dbg)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
