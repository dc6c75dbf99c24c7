#!/bin/bash
# layers.sh - the layering core <- tracer | analyzer | output <- cli, from
# the sources and from the build rule that enforces it (CMakeLists.txt,
# sp_module):
#   - each module folder includes only itself and the folders it may
#     (core: core; tracer, analyzer, output: themselves and core), never
#     through "..";
#   - one include site per third-party library (docs/ARCHITECTURE.md,
#     Boundaries);
#   - a control: the same check over a copy of analyzer/ with an include
#     of output/ added must fail;
#   - the build rule: with the include roots a module gets, a file of it
#     that includes another module does not compile, one that includes
#     core does; every module's whole-library link check (DIR_layers) was
#     built.
#
# Usage: layers.sh SRCDIR BUILDDIR CC
set -u
. "$(dirname -- "$0")/lib.sh"
SRC=$(realpath -e -- "$1") || exit 2
BUILD=$(realpath -e -- "$2") || exit 2
CC=$3
sp_begin layers

allowed() { # module -> the folders it may include
	case $1 in
	core) echo core ;;
	*) echo "$1 core" ;;
	esac
}

# sideways DIR MODULE: every include in DIR's files that MODULE may not
# make, as "file: line".
sideways() {
	local may f
	may=$(allowed "$2")
	for f in "$1"/*.c "$1"/*.h "$1"/*.def; do
		[ -e "$f" ] || continue
		grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		while IFS= read -r line; do
			inc=${line#*\"}
			inc=${inc%%\"*}
			case $inc in
			../* | */../*) echo "$line"; continue ;;
			esac
			case " $may " in
			*" ${inc%%/*} "*) ;;
			*) echo "$line" ;;
			esac
		done
	done
}

for m in core tracer analyzer output; do
	out=$(sideways "$SRC/$m" "$m")
	[ -z "$out" ] && ok "${m}_includes_only_what_it_may" ||
		bad "${m}_includes_only_what_it_may" "$out"
done

# sites LIB HEADER_REGEX EXPECTED...: the files that include the library.
sites() {
	local name=$1 re=$2 got want
	shift 2
	got=$(cd "$SRC" && grep -lE "^#include <($re)>" core/* tracer/* analyzer/* output/* cli/* 2>/dev/null | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$got" = "$want" ] && ok "one_include_site_$name" ||
		bad "one_include_site_$name" "included by: $got; expected: $want"
}
sites jansson 'jansson\.h' output/json.h output/docker.c output/firecracker.c output/oci_json.c output/trace_json.c
sites libunwind 'libunwind[a-z-]*\.h' tracer/unwind.c
sites libelf 'libelf\.h|gelf\.h' tracer/elf.c
sites zlib 'zlib\.h' tracer/elf.c
sites capstone 'capstone/capstone\.h' tracer/code.c
sites libseccomp 'seccomp\.h' core/arch.c core/profile.c core/syscall.c output/seccomp.c
# The in-kernel recorder's loader, and its BPF program (libbpf's helper
# definitions, compiled for the kernel).
sites libbpf 'bpf/[a-z_]+\.h' tracer/inkernel.c tracer/inkernel.bpf.c

# Control: a sideways include where none may be is found.
mkdir analyzer
cp "$SRC"/analyzer/*.c "$SRC"/analyzer/*.h analyzer/
printf '#include "output/json.h"\n' >>analyzer/diff.c
case $(sideways analyzer analyzer) in
*'output/json.h'*) ok control_sideways_include_is_found ;;
*) bad control_sideways_include_is_found "not reported" ;;
esac

# The build rule: analyzer's include roots reach core, not output.
printf '#include "core/trace.h"\n' >core.c
printf '#include "output/json.h"\n' >output.c
roots=("-I$BUILD/include/analyzer" "-I$BUILD/include/core")
if "$CC" -fsyntax-only "${roots[@]}" core.c 2>err.txt; then
	ok analyzer_roots_reach_core
else
	bad analyzer_roots_reach_core "$(head -3 err.txt)"
fi
if "$CC" -fsyntax-only "${roots[@]}" output.c 2>err.txt; then
	bad analyzer_roots_miss_output "output/json.h was found"
else
	has analyzer_roots_miss_output 'output/json.h' err.txt
fi
for m in core tracer analyzer output; do
	[ -x "$BUILD/$m/${m}_layers" ] && ok "${m}_links_alone" ||
		bad "${m}_links_alone" "no $BUILD/$m/${m}_layers"
done
sp_end
