# -f minijail against minijail itself (tests/minijail.sh): minijail is not
# packaged in Debian 12, so its own sources, unmodified, are built here
# from tests/third_party/minijail/ (README.md there: the commit, the
# files): minijail0 and the libminijailpreload.so it injects into a
# dynamic program, and parse_seccomp_policy, minijail's policy compiler.
# Built once per build directory, as minijail's Makefile builds them:
# its flags, its generated call and constant tables (gen_syscalls.sh,
# gen_constants.sh, from the compiler's headers), libcap (libcap-dev in
# scripts/deps.sh).  Never with the project's warnings or sanitizers:
# not our code, and the preload library runs inside the workload.
enable_language(CXX)
set(SP_MJ_SRC ${CMAKE_CURRENT_SOURCE_DIR}/third_party/minijail)
set(SP_MJ_GEN ${PROJECT_BINARY_DIR}/tests/minijail)
file(MAKE_DIRECTORY ${SP_MJ_GEN})
foreach(t syscalls constants)
	add_custom_command(OUTPUT ${SP_MJ_GEN}/lib${t}.gen.c
		COMMAND ${CMAKE_COMMAND} -E env CC=${CMAKE_C_COMPILER}
			SRC=${SP_MJ_SRC} sh ${SP_MJ_SRC}/gen_${t}.sh
			lib${t}.gen.c
		DEPENDS ${SP_MJ_SRC}/gen_${t}.sh ${SP_MJ_SRC}/gen_${t}.c
			${SP_MJ_SRC}/lib${t}.h
		WORKING_DIRECTORY ${SP_MJ_GEN}
		COMMENT "minijail: generating lib${t}.gen.c"
		VERBATIM)
endforeach()

# The Makefile's defaults (LIBDIR set to where the preload library is
# built, so minijail0 finds it as an installed one finds /lib's).
set(SP_MJ_PRELOAD ${SP_MJ_GEN}/libminijailpreload.so)
set(SP_MJ_FLAGS -Wall -Wextra -Wno-unused-parameter
	-Wno-missing-field-initializers -fvisibility=internal
	-fno-sanitize=all)
function(sp_minijail_flags t)
	target_compile_definitions(${t} PRIVATE
		PRELOADPATH="${SP_MJ_PRELOAD}"
		NEWUIDMAP_PATH="/usr/bin/newuidmap"
		NEWGIDMAP_PATH="/usr/bin/newgidmap"
		DEFAULT_PIVOT_ROOT="/var/empty"
		ALLOW_DEBUG_LOGGING
		BINDMOUNT_ALLOWED_PREFIXES="/dev,/sys")
	target_compile_options(${t} PRIVATE ${SP_MJ_FLAGS})
	target_link_options(${t} PRIVATE -fno-sanitize=all)
	target_include_directories(${t} PRIVATE ${SP_MJ_SRC})
	set_target_properties(${t} PROPERTIES
		C_STANDARD 17 C_EXTENSIONS ON
		CXX_STANDARD 23 CXX_EXTENSIONS ON
		POSITION_INDEPENDENT_CODE ON
		RUNTIME_OUTPUT_DIRECTORY ${SP_MJ_GEN}
		LIBRARY_OUTPUT_DIRECTORY ${SP_MJ_GEN})
endfunction()

# The Makefile's CORE_OBJECT_FILES.
add_library(sp_minijail_core STATIC
	${SP_MJ_SRC}/libminijail.c ${SP_MJ_SRC}/syscall_filter.c
	${SP_MJ_SRC}/signal_handler.c ${SP_MJ_SRC}/bpf.c
	${SP_MJ_SRC}/landlock_util.c ${SP_MJ_SRC}/util.c
	${SP_MJ_SRC}/system.c ${SP_MJ_SRC}/syscall_wrapper.c
	${SP_MJ_SRC}/config_parser.c
	${SP_MJ_GEN}/libconstants.gen.c ${SP_MJ_GEN}/libsyscalls.gen.c)
sp_minijail_flags(sp_minijail_core)

add_executable(sp_minijail0 ${SP_MJ_SRC}/elfparse.c ${SP_MJ_SRC}/minijail0.c
	${SP_MJ_SRC}/minijail0_cli.c)
sp_minijail_flags(sp_minijail0)
set_target_properties(sp_minijail0 PROPERTIES OUTPUT_NAME minijail0)
target_link_libraries(sp_minijail0 PRIVATE sp_minijail_core cap
	${CMAKE_DL_LIBS})

add_library(sp_minijailpreload SHARED ${SP_MJ_SRC}/libminijailpreload.c)
sp_minijail_flags(sp_minijailpreload)
set_target_properties(sp_minijailpreload PROPERTIES
	OUTPUT_NAME minijailpreload)
target_link_libraries(sp_minijailpreload PRIVATE sp_minijail_core cap
	${CMAKE_DL_LIBS})

add_executable(sp_parse_seccomp_policy ${SP_MJ_SRC}/parse_seccomp_policy.cc)
sp_minijail_flags(sp_parse_seccomp_policy)
set_target_properties(sp_parse_seccomp_policy PROPERTIES
	OUTPUT_NAME parse_seccomp_policy)
target_link_libraries(sp_parse_seccomp_policy PRIVATE sp_minijail_core)

# Every -f minijail policy the test writes compiles in minijail's policy
# compiler; recorded programs run under minijail0 -S with it, and a call
# the policy lacks is killed.  Root for the recordings (ptrace) and
# minijail0.
add_test(NAME minijail COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/minijail.sh
	$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/testdata
	${PROJECT_BINARY_DIR}/testdata/progs ${SP_MJ_GEN})
set_tests_properties(minijail PROPERTIES LABELS "live" TIMEOUT 300
	SKIP_RETURN_CODE 77)
