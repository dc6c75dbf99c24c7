# GCC 12 (gcc, g++): a driver running its programs one after another
# (cpp and cc1, cc1plus, as, collect2, ld), pipes between them (-pipe),
# temporary files, link-time optimisation (lto-wrapper and lto1 in
# parallel jobs, the linker plugin), OpenMP.  Train compiles and links a
# C hello world; test compiles C with -O2 -pipe and -g, C++ with the
# standard library, a shared library (-fPIC -shared) and a program
# linked to it, an LTO link on 2 jobs, an archive (ar), dependency files
# (-MMD), -save-temps, preprocessing only, and an OpenMP program.  None
# of the built programs runs (their calls would be theirs, not GCC's).
prepare() {
	rm -rf "$D/b"
	mkdir -p "$D/b"
	printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >"$D/hello.c"
	cat >"$D/lib.c" <<'C'
int twice(int x) { return 2 * x; }
C
	cat >"$D/main.c" <<'C'
#include <stdio.h>
int twice(int);
int main(int argc, char **argv) { (void)argv; printf("%d\n", twice(argc)); return 0; }
C
	cat >"$D/omp.c" <<'C'
#include <stdio.h>
int main(void) {
	long s = 0;
#pragma omp parallel for reduction(+:s)
	for (int i = 0; i < 1000; i++) s += i;
	printf("%ld\n", s);
	return 0;
}
C
	cat >"$D/v.cc" <<'C'
#include <iostream>
#include <map>
#include <string>
#include <vector>
#include <algorithm>
int main() {
	std::map<std::string, std::vector<int>> m{{"a", {3, 1, 2}}};
	std::sort(m["a"].begin(), m["a"].end());
	std::cout << m["a"][0] << '\n';
}
C
	cat >"$D/test.sh" <<SH
cd "$D/b" || exit 1
export TMPDIR="$D/b"
G=/usr/bin/gcc
\$G -O2 -pipe -g -Wall -c ../main.c -o main.o || exit 1
\$G -fPIC -shared -O2 ../lib.c -o libtw.so || exit 1
\$G main.o -L. -ltw -Wl,-rpath,'\$ORIGIN' -o main || exit 1
/usr/bin/g++ -O1 -std=c++17 ../v.cc -o v || exit 1
\$G -O2 -flto=2 ../main.c ../lib.c -o main-lto || exit 1
\$G -c ../lib.c -o lib.o && /usr/bin/ar rcs libtw.a lib.o || exit 1
\$G -MMD -c ../main.c -o dep.o && grep -q main.c dep.d || exit 1
\$G -save-temps -c ../hello.c -o hello.o && [ -f hello.s ] || exit 1
\$G -E ../hello.c | grep -q printf || exit 1
\$G -fopenmp -O2 ../omp.c -o omp || exit 1
[ -x main ] && [ -x v ] && [ -x main-lto ] && [ -x omp ]
SH
}
TRAIN=(/bin/sh -c 'cd "$1" && TMPDIR="$1/b" /usr/bin/gcc hello.c -o b/hello' sh "$D")
TEST=(/bin/sh "$D/test.sh")
