# CMake 3.25 with Ninja 1.11 (cmake, ninja, ctest): a build system
# generator probing the compiler by building and running small programs
# (try_compile, child processes through libuv), and a build tool
# running the compiler, the archiver and the linker as parallel jobs
# with a dependency log (.ninja_deps) read from the compiler's depfiles.
# Train configures and builds a one-file C program with Ninja.
# Test configures a project of a static library, a shared library, a
# program linked to both, a generated header (configure_file), a
# check of a function (check_function_exists) and a custom command;
# builds it with ninja -j2, runs its tests (ctest -j2), rebuilds after
# touching a source (only what depends), installs it into a staging
# directory (DESTDIR) and runs the installed program.
prepare() {
	rm -rf "$D/c"
	mkdir -p "$D/c/t" "$D/c/p/src"
	cat >"$D/c/t/CMakeLists.txt" <<'C'
cmake_minimum_required(VERSION 3.13)
project(hello C)
add_executable(hello hello.c)
C
	echo 'int main(void) { return 0; }' >"$D/c/t/hello.c"
	cat >"$D/c/p/CMakeLists.txt" <<'C'
cmake_minimum_required(VERSION 3.13)
project(calc VERSION 1.2 LANGUAGES C)
include(CheckFunctionExists)
check_function_exists(strtol HAVE_STRTOL)
configure_file(config.h.in config.h)
add_custom_command(OUTPUT table.c
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_CURRENT_SOURCE_DIR}/src/table.in table.c
  DEPENDS src/table.in)
add_library(ops STATIC src/ops.c)
add_library(fmt SHARED src/fmt.c ${CMAKE_CURRENT_BINARY_DIR}/table.c)
target_include_directories(ops PUBLIC src ${CMAKE_CURRENT_BINARY_DIR})
add_executable(calc src/main.c)
target_link_libraries(calc ops fmt)
enable_testing()
add_test(NAME add COMMAND calc 2 3)
set_tests_properties(add PROPERTIES PASS_REGULAR_EXPRESSION "= 5")
add_test(NAME version COMMAND calc)
set_tests_properties(version PROPERTIES PASS_REGULAR_EXPRESSION "1.2")
install(TARGETS calc fmt ops)
C
	printf '#define VERSION "@PROJECT_VERSION@"\n#cmakedefine HAVE_STRTOL 1\n' \
		>"$D/c/p/config.h.in"
	printf 'int table[] = {1, 2, 3};\n' >"$D/c/p/src/table.in"
	printf 'int add(int a, int b) { return a + b; }\n' >"$D/c/p/src/ops.c"
	printf '#include <stdio.h>\nextern int table[];\nvoid show(int v) { printf("= %%d (%%d)\\n", v, table[0]); }\n' \
		>"$D/c/p/src/fmt.c"
	cat >"$D/c/p/src/main.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include "config.h"
int add(int, int);
void show(int);
int main(int argc, char **argv) {
	if (argc < 3) { puts("calc " VERSION); return 0; }
	show(add(atoi(argv[1]), (int)strtol(argv[2], 0, 10)));
	return 0;
}
C
}
TRAIN=(/usr/bin/env HOME=/nonexistent /bin/sh -c '
cd "$1/c/t" && /usr/bin/cmake -G Ninja -S . -B build >/dev/null &&
/usr/bin/ninja -C build >/dev/null && ./build/hello' sh "$D")
TEST=(/usr/bin/env HOME=/nonexistent /bin/sh -c '
cd "$1/c/p" || exit 1
/usr/bin/cmake -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr/local \
	-S . -B build >cfg.log && grep -q "define HAVE_STRTOL 1" build/config.h &&
/usr/bin/ninja -C build -j2 >b1.log && ./build/calc 4 5 | grep -q "= 9" &&
(cd build && /usr/bin/ctest -j2 --output-on-failure >t.log) &&
sleep 1 && touch src/ops.c && /usr/bin/ninja -C build -j2 -d explain >b2.log 2>&1 &&
! grep -q "fmt.c.o" b2.log && grep -q "ops.c.o" b2.log &&
DESTDIR="$1/c/stage" /usr/bin/cmake --install build >/dev/null &&
LD_LIBRARY_PATH="$1/c/stage/usr/local/lib" "$1/c/stage/usr/local/bin/calc" | grep -q 1.2 &&
echo ok' sh "$D")
