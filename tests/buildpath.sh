#!/bin/bash
# buildpath.sh - the build's generated sources (the commands CMake runs
# through a shell: the in-kernel recorder's skeleton, the call names of
# <asm/unistd.h>, minijail's tables) are made in a build directory whose
# path has a space, as a user's checkout in "~/My Projects/" has.
#
# Usage: buildpath.sh SOURCE_DIR
set -u
. "$(dirname -- "$0")/lib.sh"
S=$(realpath -e -- "$1") || exit 2
sp_begin buildpath

B="$WORK/build dir"
if cmake -S "$S" -B "$B" -DCMAKE_BUILD_TYPE=Debug >configure.log 2>&1; then
	ok configures_in_a_path_with_a_space
else
	bad configures_in_a_path_with_a_space "$(tail -3 configure.log | tr '\n' ' ')"
fi
targets=sp_unistd_names
grep -q '^SP_INKERNEL:BOOL=ON' "$B/CMakeCache.txt" && targets+=" sp_inkernel_skel"
for t in $targets; do
	if cmake --build "$B" --target "$t" >"$t.log" 2>&1; then
		ok "${t}_in_a_path_with_a_space"
	else
		bad "${t}_in_a_path_with_a_space" "$(grep -v '^\[' "$t.log" | head -3 | tr '\n' ' ')"
	fi
done
sp_end
