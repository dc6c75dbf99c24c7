# analyzer/interp.c, analyzer/check.c, output/docker.c: the interpreter unit by
# unit and against the kernel (tests/probe.h), Docker resolution; and
# tests/check.sh: check, run --audit/--enforce, record --baseline end to end.
sp_test(test_check "live" SOURCES check_test.c
	LIBS sp_analyzer sp_output sp_probe)
if(TARGET sandprint)
	add_test(NAME check_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check.sh
		$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs
		${PROJECT_SOURCE_DIR}/testdata)
	set_tests_properties(check_cli PROPERTIES LABELS "live;external"
		TIMEOUT 300 SKIP_RETURN_CODE 77)
endif()
