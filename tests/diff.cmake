# analyzer/diff.c (sandprint diff): normalization, each kind of change,
# --subset proofs, value names, and the model checked against the kernel
# through tests/probe.h.  tests/diff.sh drives the built binary on
# testdata/profiles/diff-*.json and on recorded traces.
sp_test(test_diff "live" SOURCES diff_test.c
	LIBS sp_analyzer sp_output sp_probe)
if(TARGET sandprint)
	add_test(NAME diff_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/diff.sh
		$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/testdata
		${PROJECT_BINARY_DIR}/testdata/progs)
	set_tests_properties(diff_cli PROPERTIES LABELS "live" TIMEOUT 300
		SKIP_RETURN_CODE 77)
endif()
